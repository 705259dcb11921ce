/* The example plugin's descriptor and life cycle: init/fini, the siren's
 * memory file, its QR label and discovery, open/close/device_info. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"

/** The siren's serial number, printed on its label. */
#define EXAMPLE_SERIAL "ES-000123"
/** Its locator: what open() takes. */
#define EXAMPLE_LOCATOR "example:" EXAMPLE_SERIAL
/** Its QR label: "ACMESIREN:" then the serial. */
#define EXAMPLE_QR_PREFIX "ACMESIREN:"

example_state example;

const char *example_translate(const char *msgid)
{
	return example.host->translate(EXAMPLE_TEXT_DOMAIN, msgid);
}

ds_status example_work(ds_call *call, unsigned ms, unsigned from, unsigned to, const char *message)
{
	for (unsigned done = 0; done < ms; done += 100) {
		example.host->progress(call, from + (to - from) * done / ms, message);
		if (example.host->sleep(call, 100) == DS_ERR_CANCELLED)
			return example.host->fail(call, DS_ERR_CANCELLED, "%s",
						  D_("cancelled; the siren kept its previous state"));
	}
	example.host->progress(call, to, message);
	return DS_OK;
}

/** Reads the memory file; a missing file means factory state. */
static void example_load(void)
{
	char key[32], value[EXAMPLE_HASH_MAX + 1];
	FILE *f = fopen(example.path, "r");

	example_settings_reset(&example.mem);
	example.mem.pin_hash[0] = '\0';
	if (!f)
		return;
	while (fscanf(f, "%31s %128s", key, value) == 2) {
		if (strcmp(key, "pin_hash") == 0)
			snprintf(example.mem.pin_hash, sizeof example.mem.pin_hash, "%s", value);
		else if (strcmp(key, "volume") == 0)
			example.mem.volume = (int32_t)strtol(value, NULL, 10);
		else if (strcmp(key, "duration") == 0)
			example.mem.duration_s = (int32_t)strtol(value, NULL, 10);
	}
	fclose(f);
	if (strcmp(example.mem.pin_hash, "-") == 0)
		example.mem.pin_hash[0] = '\0';
}

ds_status example_save(ds_call *call)
{
	char tmp[4200];
	FILE *f;
	int err;

	snprintf(tmp, sizeof tmp, "%s.tmp", example.path);
	f = fopen(tmp, "w");
	if (f) {
		fprintf(f, "pin_hash %s\nvolume %d\nduration %d\n",
			example.mem.pin_hash[0] ? example.mem.pin_hash : "-",
			(int)example.mem.volume, (int)example.mem.duration_s);
		if (fclose(f) == 0 && rename(tmp, example.path) == 0)
			return DS_OK;
	}
	err = errno;
	remove(tmp);
	return example.host->fail(call, DS_ERR_IO,
				  D_("the siren could not store its settings in %s (%s); "
				     "check that the disk is not full"), example.path, strerror(err));
}

/** init: keeps the host table and reads the siren's memory. */
static ds_status example_init(const ds_host *host)
{
	example.host = host;
	snprintf(example.path, sizeof example.path, "%s/siren.state", host->data_dir);
	example_load();
	host->log(DS_LOG_INFO, "example: siren %s, %s", EXAMPLE_SERIAL,
		  example.mem.pin_hash[0] ? "PIN changed" : "factory PIN");
	return DS_OK;
}

/** fini: nothing is held open; forget the host. */
static void example_fini(void)
{
	memset(&example, 0, sizeof example);
}

/** match_qr: claims "ACMESIREN:<serial>" labels. */
static ds_status example_match_qr(ds_call *call, const char *payload, char *locator, size_t size)
{
	size_t prefix = strlen(EXAMPLE_QR_PREFIX);

	if (strncmp(payload, EXAMPLE_QR_PREFIX, prefix) != 0)
		return DS_ERR_NOT_FOUND; /* not ours: no message, another plugin may claim it */
	if (strcmp(payload + prefix, EXAMPLE_SERIAL) != 0)
		return example.host->fail(call, DS_ERR_INVALID, "%s",
					  D_("this ACME siren label is damaged or from another "
					     "system; type the serial number from the siren's back"));
	snprintf(locator, size, "%s", EXAMPLE_LOCATOR);
	return DS_OK;
}

/** discover: the one siren, as if it were in pairing mode nearby. */
static ds_status example_discover(ds_call *call, size_t index, char *locator, size_t size)
{
	(void)call;
	if (index > 0)
		return DS_ERR_NOT_FOUND;
	snprintf(locator, size, "%s", EXAMPLE_LOCATOR);
	return DS_OK;
}

/** open: "connects" to the siren (takes a moment, can be cancelled). */
static ds_status example_open(ds_call *call, const char *locator, ds_device **out)
{
	ds_device *dev;
	ds_status st;

	if (strcmp(locator, EXAMPLE_LOCATOR) != 0)
		return example.host->fail(call, DS_ERR_NOT_FOUND,
					  D_("no ACME siren answers to \"%.64s\"; scan the siren's "
					     "label again"), locator);
	st = example_work(call, 300, 0, 1000, D_("Connecting to the siren..."));
	if (st != DS_OK)
		return st;
	dev = calloc(1, sizeof *dev);
	if (!dev)
		return example.host->fail(call, DS_ERR_NO_MEMORY, "%s",
					  D_("out of memory; close other programs and try again"));
	*out = dev;
	return DS_OK;
}

/** close: frees the handle. */
static void example_close(ds_device *dev)
{
	free(dev);
}

/** device_info: identity, abilities and what a PIN must look like. */
static ds_status example_device_info(ds_call *call, ds_device *dev, ds_device_info *out)
{
	(void)call;
	(void)dev;
	out->kind = DS_KIND_SIREN;
	snprintf(out->locator, sizeof out->locator, "%s", EXAMPLE_LOCATOR);
	snprintf(out->serial, sizeof out->serial, "%s", EXAMPLE_SERIAL);
	snprintf(out->vendor, sizeof out->vendor, "ACME Ltd (example)");
	snprintf(out->model, sizeof out->model, "S1 wireless siren");
	snprintf(out->firmware, sizeof out->firmware, "2.4.1");
	snprintf(out->name, sizeof out->name, "%s", D_("Outdoor siren"));
	out->transports = DS_TRANSPORT_QR | DS_TRANSPORT_RADIO;
	out->features = DS_FEATURE_PASSWORD | DS_FEATURE_OPTIONS | DS_FEATURE_DIAGNOSE;
	out->password = (ds_password_rules){
		.max_length = EXAMPLE_PIN_MAX,
		.digits_only = true,
		.has_second_factor = true, /* armed and disarmed only through the panel */
	};
	return DS_OK;
}

static const ds_plugin example_descriptor = {
	.struct_size = sizeof(ds_plugin),
	.abi_major = DS_PLUGIN_ABI_MAJOR,
	.abi_minor = DS_PLUGIN_ABI_MINOR,
	.id = "example",
	.name = "ACME sirens (example)",
	.vendor = "ACME Ltd (example)",
	.version = "1.0.0",
	.text_domain = EXAMPLE_TEXT_DOMAIN,
	.caps = DS_CAP_QR | DS_CAP_DISCOVER | DS_CAP_SIMULATED,
	.init = example_init,
	.fini = example_fini,
	.open = example_open,
	.close = example_close,
	.device_info = example_device_info,
	.match_qr = example_match_qr,
	.discover = example_discover,
	.credential_state = example_credential_state,
	.login = example_login,
	.set_password = example_set_password,
	.diagnose = example_diagnose,
	.option_desc = example_option_desc,
	.option_get = example_option_get,
	.option_set = example_option_set,
};

/** The plugin's one exported symbol. */
DS_PLUGIN_EXPORT const ds_plugin *doorstep_plugin_v1(void)
{
	return &example_descriptor;
}
