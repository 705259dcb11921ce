/* The demo plugin's descriptor, its life cycle (init/fini), opening and
 * describing devices, and the helpers every part of it shares. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"

demo_state demo;

/** Looks msgid up in the plugin's text domain. */
const char *demo_translate(const char *msgid)
{
	const char *text = demo.host->translate(DEMO_TEXT_DOMAIN, msgid);
	return text ? text : msgid;
}

/** Simulates ms of device work in steps, reporting progress from..to permille. */
ds_status demo_work(ds_call *call, unsigned ms, unsigned from, unsigned to, const char *message)
{
	unsigned done = 0;

	demo.host->progress(call, from, message);
	while (done < ms) {
		unsigned slice = ms - done < 100 ? ms - done : 100;
		ds_status st = demo.host->sleep(call, slice);

		if (st == DS_ERR_CANCELLED)
			return demo.host->fail(call, st, "%s",
					       D_("cancelled; the device kept its previous state"));
		if (st != DS_OK)
			return st;
		done += slice;
		demo.host->progress(call, from + (to - from) * done / ms, message);
	}
	return DS_OK;
}

/** Writes the memory file; on failure records a message and returns DS_ERR_IO. */
ds_status demo_commit(ds_call *call)
{
	int err;

	if (demo_memory_save(&demo.mem, demo.state_path) == 0)
		return DS_OK;
	err = errno;
	return demo.host->fail(call, DS_ERR_IO,
			       D_("the demo system could not write its memory file %s (%s); "
				  "check that the disk is not full and the folder is writable"),
			       demo.state_path, strerror(err));
}

/** Refuses an operation the device lacks (feature not in its flags). */
ds_status demo_require(ds_call *call, const ds_device *dev, uint32_t feature)
{
	static const struct {
		uint32_t feature;
		const char *message;
	} missing[] = {
		{ DS_FEATURE_PASSWORD, N_("this device has no password") },
		{ DS_FEATURE_ESIM, N_("this device has no eSIM; the panel holds the system's eSIM") },
		{ DS_FEATURE_CELLULAR, N_("this device has no mobile connection; open the panel instead") },
		{ DS_FEATURE_WIFI, N_("this device has no Wi-Fi; only the camera joins a Wi-Fi network") },
		{ DS_FEATURE_DIAGNOSE, N_("this device cannot run diagnostics") },
		{ DS_FEATURE_OPTIONS, N_("this device has no settings") },
		{ DS_FEATURE_HANDOVER, N_("only the panel gives a hand-over code; open the panel instead") },
	};

	if (!dev)
		return demo.host->fail(call, DS_ERR_INVALID, "%s", D_("no device given; open a device first"));
	if (demo_def(dev)->features & feature)
		return DS_OK;
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
		if (missing[i].feature == feature)
			return demo.host->fail(call, DS_ERR_UNSUPPORTED, "%s",
					       demo_translate(missing[i].message));
	return DS_ERR_UNSUPPORTED;
}

/** Compares two strings in time independent of where they differ. */
bool demo_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = la == lb ? 0 : 1;

	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

/** A random integer in [-span, span]; always 0 when the environment
 *  variable DOORSTEP_DEMO_STEADY is set (not empty), so that every reading
 *  is the same on every run, for whole-screen comparisons. */
int demo_jitter(int span)
{
	const char *steady = getenv("DOORSTEP_DEMO_STEADY");
	uint32_t r = 0;

	if (span <= 0 || (steady && *steady))
		return 0;
	demo.host->random(&r, sizeof r);
	return (int)(r % (uint32_t)(2 * span + 1)) - span;
}

/** The device's definition. */
const demo_device_def *demo_def(const ds_device *dev)
{
	if (dev->id == DEMO_BLE_DEVICE_ID)
		return &demo_ble_def;
	return &demo_devices[dev->id];
}

/** The device's memory. */
demo_device_memory *demo_mem(const ds_device *dev)
{
	return &demo.mem.devices[dev->id];
}

/** Re-reads the memory file (the devices are the truth); keeps the current state if unreadable. */
static void demo_reload(void)
{
	demo_memory fresh;
	int r = demo_memory_load(&fresh, demo.state_path);

	if (r < 0) {
		int err = errno;

		demo.host->log(DS_LOG_WARN, "demo: cannot read %s (%s); keeping the state in memory",
			       demo.state_path, strerror(err));
		return;
	}
	demo.mem = fresh;
	explicit_bzero(&fresh, sizeof fresh);
}

/** init: keeps the host table and reads the system's memory (factory state if none). */
static ds_status demo_init(const ds_host *host)
{
	int n;

	if (!host || host->struct_size < offsetof(ds_host, password_verify) + sizeof host->password_verify)
		return DS_ERR_UNSUPPORTED;
	memset(&demo, 0, sizeof demo);
	demo.host = host;
	if (!host->data_dir || !*host->data_dir) {
		host->log(DS_LOG_ERROR, "demo: the host gave no data directory for the system's memory");
		return DS_ERR_INVALID;
	}
	n = snprintf(demo.state_path, sizeof demo.state_path, "%s/system.state", host->data_dir);
	if (n < 0 || (size_t)n >= sizeof demo.state_path) {
		host->log(DS_LOG_ERROR, "demo: data directory path is too long");
		return DS_ERR_INVALID;
	}
	demo_memory_factory(&demo.mem);
	demo_reload();
	host->log(DS_LOG_DEBUG, "demo: system memory in %s", demo.state_path);
	return DS_OK;
}

/** fini: forgets everything (the memory file already holds it). */
static void demo_fini(void)
{
	explicit_bzero(&demo, sizeof demo);
}

/** open: finds the device of a "demo:<serial>" locator, connects and enrols it. */
static ds_status demo_open(ds_call *call, const char *locator, ds_device **out)
{
	const size_t prefix = strlen(DEMO_LOCATOR_PREFIX);
	unsigned id = 0;
	ds_device *dev;
	ds_status st;

	*out = NULL;
	if (locator && strncmp(locator, DEMO_BLE_LOCATOR_PREFIX, strlen(DEMO_BLE_LOCATOR_PREFIX)) == 0)
		return demo_ble_open(call, locator, out);
	if (!locator || strncmp(locator, DEMO_LOCATOR_PREFIX, prefix) != 0)
		return demo.host->fail(call, DS_ERR_NOT_FOUND,
				       D_("\"%s\" does not name a demo device; scan the device's label again"),
				       locator ? locator : "");
	if (!demo_device_by_serial(locator + prefix, &id))
		return demo.host->fail(call, DS_ERR_NOT_FOUND,
				       D_("no device with serial %s is part of the demo system; "
					  "scan the device's label again"),
				       locator + prefix);
	demo_reload();
	st = demo_work(call, 300, 0, 1000, D_("Connecting to the device..."));
	if (st != DS_OK)
		return st;
	dev = calloc(1, sizeof *dev);
	if (!dev)
		return demo.host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("out of memory; close other programs and try again"));
	dev->id = id;
	if (!demo.mem.devices[id].enrolled) {
		demo.mem.devices[id].enrolled = true;
		st = demo_commit(call);
		if (st != DS_OK) {
			free(dev);
			return st;
		}
		demo.host->log(DS_LOG_INFO, "demo: enrolled %s", demo_devices[id].serial);
	}
	*out = dev;
	return DS_OK;
}

/** close: frees the handle (the device itself stays as it is). */
static void demo_close(ds_device *dev)
{
	free(dev);
}

/** device_info: identity, abilities and password rules of an opened device. */
static ds_status demo_device_info(ds_call *call, ds_device *dev, ds_device_info *out)
{
	const demo_device_def *def;
	ds_status st;

	if (!dev)
		return demo.host->fail(call, DS_ERR_INVALID, "%s", D_("no device given; open a device first"));
	if (dev->id == DEMO_BLE_DEVICE_ID)
		return demo_ble_device_info(call, dev, out);
	def = demo_def(dev);
	st = demo_work(call, 200, 0, 1000, D_("Reading the device information..."));
	if (st != DS_OK)
		return st;
	out->kind = def->kind;
	snprintf(out->locator, sizeof out->locator, "%s%s", DEMO_LOCATOR_PREFIX, def->serial);
	ds_text_copy(out->serial, sizeof out->serial, def->serial);
	ds_text_copy(out->vendor, sizeof out->vendor, "doorstep demo");
	ds_text_copy(out->model, sizeof out->model, def->model);
	ds_text_copy(out->firmware, sizeof out->firmware, def->firmware);
	ds_text_copy(out->name, sizeof out->name, demo_translate(def->name));
	ds_text_copy(out->mac, sizeof out->mac, def->mac);
	out->transports = def->transports;
	out->features = def->features;
	out->password = def->rules;
	return DS_OK;
}

static const ds_plugin demo_descriptor = {
	.struct_size = sizeof(ds_plugin),
	.abi_major = DS_PLUGIN_ABI_MAJOR,
	.abi_minor = DS_PLUGIN_ABI_MINOR,
	.id = "demo",
	.name = "Demo alarm system",
	.vendor = "doorstep demo",
	.version = "1.0.0",
	.text_domain = DEMO_TEXT_DOMAIN,
	.caps = DS_CAP_QR | DS_CAP_DISCOVER | DS_CAP_SIMULATED | DS_CAP_BLE,
	.init = demo_init,
	.fini = demo_fini,
	.open = demo_open,
	.close = demo_close,
	.device_info = demo_device_info,
	.match_qr = demo_match_qr,
	.match_ble = demo_match_ble,
	.discover = demo_discover,
	.credential_state = demo_credential_state,
	.login = demo_login,
	.set_password = demo_set_password,
	.wifi_scan = demo_wifi_scan,
	.wifi_configure = demo_wifi_configure,
	.esim_profile = demo_esim_profile,
	.esim_set_primary = demo_esim_set_primary,
	.esim_set_backup = demo_esim_set_backup,
	.esim_download = demo_esim_download,
	.cellular_status = demo_cellular_status,
	.failover_test = demo_failover_test,
	.diagnose = demo_diagnose,
	.option_desc = demo_option_desc,
	.option_get = demo_option_get,
	.option_set = demo_option_set,
	.handover_code = demo_handover_code,
	.ble_claims = demo_ble_claims,
	.wifi_status = demo_wifi_status,
	.cloud_urls = demo_cloud_urls,
	.operator_scan = demo_operator_scan,
	.esim_info = demo_esim_info,
	.esim_disable = demo_esim_disable,
	.esim_delete = demo_esim_delete,
	.esim_nickname = demo_esim_nickname,
	.esim_notification = demo_esim_notification,
	.esim_notifications_send = demo_esim_notifications_send,
};

/** The plugin's one exported symbol. */
DS_PLUGIN_EXPORT const ds_plugin *doorstep_plugin_v1(void)
{
	return &demo_descriptor;
}
