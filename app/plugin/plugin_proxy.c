/* The plugin's operations, carried to its runner and back. */
#include "app/plugin/plugin_proxy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "app/plugin/plugin_outputs.h"
#include "app/plugin/plugin_runner.h"

/** Longest string argument carried (bytes). */
#define ARG_MAX 4096

/** doorstep's handle of a device the plugin opened in its runner. */
struct ds_device {
	ds_loaded_plugin *lp;
	uint64_t remote;     /**< the runner's number for it */
	unsigned generation; /**< the runner it was opened in */
	char locator[DS_LOCATOR_MAX];
};

/** The arguments of one call. */
struct args {
	ds_device *dev;
	uint64_t index;
	const char *s[3];
	void *out;
	size_t out_size;
	const ds_ble_advert *adv;
};

/** Sends one call and reads its outputs; *remote gets a new device's number. */
static ds_status send_call(ds_loaded_plugin *lp, ds_call *call, ds_wire_op op, const struct args *a, uint64_t *remote)
{
	ds_wire *w = ds_runner_begin(lp, op);
	ds_wire_reader in;
	const void *p;
	size_t n = 0;
	ds_status st;

	ds_wire_put_u64(w, a->dev ? a->dev->remote : 0);
	ds_wire_put_u64(w, a->index);
	for (size_t i = 0; i < 3; i++)
		ds_wire_put_str(w, a->s[i], ARG_MAX);
	ds_wire_put_u64(w, a->out_size);
	if (a->adv) {
		ds_ble_advert plain = *a->adv;

		plain.manufacturer_data = NULL;
		plain.service_data = NULL;
		ds_wire_put_bytes(w, &plain, sizeof plain);
		ds_wire_put_bytes(w, a->adv->manufacturer_data,
				  a->adv->manufacturer_data ? a->adv->manufacturer_data_len : 0);
		ds_wire_put_bytes(w, a->adv->service_data, a->adv->service_data ? a->adv->service_data_len : 0);
	}
	st = ds_runner_call(lp, call, op, &in);
	if (!ds_runner_generation(lp))
		return st; /* it was ended: the message is on the call */
	*remote = ds_wire_u64(&in);
	p = ds_wire_bytes(&in, &n);
	if (in.bad)
		return call ? ds_job_fail(call, DS_ERR_INTERNAL, _("The %s plugin sent a malformed answer."),
					  lp->desc.name)
			    : DS_ERR_INTERNAL;
	if (a->out && a->out_size) {
		memset(a->out, 0, a->out_size);
		memcpy(a->out, p, n < a->out_size ? n : a->out_size);
		ds_plugin_output_terminate(op, a->out, a->out_size);
	}
	return st;
}

/** Opens dev again in a new runner, from its locator. */
static ds_status reopen(ds_loaded_plugin *lp, ds_call *call, ds_device *dev, unsigned generation)
{
	struct args a = { .s = { dev->locator } };
	uint64_t remote = 0;
	ds_status st = send_call(lp, call, DS_WOP_OPEN, &a, &remote);

	if (st == DS_OK) {
		dev->remote = remote;
		dev->generation = generation;
	}
	return st;
}

/** One call of op: a runner ready, the device open in it, then the call. */
static ds_status proxy(ds_call *call, ds_wire_op op, const struct args *a)
{
	ds_loaded_plugin *lp = a->dev ? a->dev->lp : ds_plugin_current();
	unsigned generation = 0;
	uint64_t remote = 0;
	ds_status st;

	if (!lp || !lp->runner)
		return DS_ERR_INTERNAL;
	st = ds_runner_ready(lp, call, &generation);
	if (st == DS_OK && a->dev && a->dev->generation != generation)
		st = reopen(lp, call, a->dev, generation);
	if (st != DS_OK)
		return st;
	return send_call(lp, call, op, a, &remote);
}

static ds_status p_open(ds_call *call, const char *locator, ds_device **out)
{
	ds_loaded_plugin *lp = ds_plugin_current();
	struct args a = { .s = { locator } };
	unsigned generation = 0;
	uint64_t remote = 0;
	ds_device *dev;
	ds_status st;

	*out = NULL;
	if (!lp || !lp->runner || !locator)
		return DS_ERR_INTERNAL;
	dev = calloc(1, sizeof *dev);
	if (!dev)
		return DS_ERR_NO_MEMORY;
	st = ds_runner_ready(lp, call, &generation);
	if (st == DS_OK)
		st = send_call(lp, call, DS_WOP_OPEN, &a, &remote);
	if (st != DS_OK) {
		free(dev);
		return st;
	}
	dev->lp = lp;
	dev->remote = remote;
	dev->generation = generation;
	snprintf(dev->locator, sizeof dev->locator, "%s", locator);
	*out = dev;
	return DS_OK;
}

static void p_close(ds_device *dev)
{
	struct args a = { .dev = dev };
	uint64_t remote = 0;

	if (!dev)
		return;
	/* Only in the runner that opened it; an ended one took it along. */
	if (ds_runner_generation(dev->lp) == dev->generation)
		(void)send_call(dev->lp, NULL, DS_WOP_CLOSE, &a, &remote); /* close() has nothing to tell */
	free(dev);
}

static ds_status p_device_info(ds_call *call, ds_device *dev, ds_device_info *out)
{
	return proxy(call, DS_WOP_DEVICE_INFO, &(struct args){ .dev = dev, .out = out, .out_size = sizeof *out });
}

static ds_status p_match_qr(ds_call *call, const char *payload, char *locator, size_t size)
{
	return proxy(call, DS_WOP_MATCH_QR, &(struct args){ .s = { payload }, .out = locator, .out_size = size });
}

static ds_status p_match_ble(ds_call *call, const ds_ble_advert *adv, char *locator, size_t size)
{
	return proxy(call, DS_WOP_MATCH_BLE, &(struct args){ .adv = adv, .out = locator, .out_size = size });
}

static ds_status p_match_serial(ds_call *call, const char *port, char *locator, size_t size)
{
	return proxy(call, DS_WOP_MATCH_SERIAL, &(struct args){ .s = { port }, .out = locator, .out_size = size });
}

static ds_status p_discover(ds_call *call, size_t index, char *locator, size_t size)
{
	return proxy(call, DS_WOP_DISCOVER, &(struct args){ .index = index, .out = locator, .out_size = size });
}

static ds_status p_credential_state(ds_call *call, ds_device *dev, ds_credential_state *out)
{
	return proxy(call, DS_WOP_CREDENTIAL_STATE, &(struct args){ .dev = dev, .out = out, .out_size = sizeof *out });
}

static ds_status p_login(ds_call *call, ds_device *dev, const char *password)
{
	return proxy(call, DS_WOP_LOGIN, &(struct args){ .dev = dev, .s = { password } });
}

static ds_status p_set_password(ds_call *call, ds_device *dev, const char *current, const char *new_password)
{
	return proxy(call, DS_WOP_SET_PASSWORD, &(struct args){ .dev = dev, .s = { current, new_password } });
}

static ds_status p_wifi_scan(ds_call *call, ds_device *dev, size_t index, ds_wifi_network *out)
{
	return proxy(call, DS_WOP_WIFI_SCAN,
		     &(struct args){ .dev = dev, .index = index, .out = out, .out_size = sizeof *out });
}

static ds_status p_wifi_configure(ds_call *call, ds_device *dev, const char *ssid, const char *key)
{
	return proxy(call, DS_WOP_WIFI_CONFIGURE, &(struct args){ .dev = dev, .s = { ssid, key } });
}

static ds_status p_esim_profile(ds_call *call, ds_device *dev, size_t index, ds_esim_profile *out)
{
	return proxy(call, DS_WOP_ESIM_PROFILE,
		     &(struct args){ .dev = dev, .index = index, .out = out, .out_size = sizeof *out });
}

static ds_status p_esim_set_primary(ds_call *call, ds_device *dev, const char *iccid)
{
	return proxy(call, DS_WOP_ESIM_SET_PRIMARY, &(struct args){ .dev = dev, .s = { iccid } });
}

static ds_status p_esim_set_backup(ds_call *call, ds_device *dev, const char *iccid)
{
	return proxy(call, DS_WOP_ESIM_SET_BACKUP, &(struct args){ .dev = dev, .s = { iccid } });
}

static ds_status p_esim_download(ds_call *call, ds_device *dev, const char *code, const char *confirmation)
{
	return proxy(call, DS_WOP_ESIM_DOWNLOAD, &(struct args){ .dev = dev, .s = { code, confirmation } });
}

static ds_status p_cellular_status(ds_call *call, ds_device *dev, ds_cellular_status *out)
{
	return proxy(call, DS_WOP_CELLULAR_STATUS, &(struct args){ .dev = dev, .out = out, .out_size = sizeof *out });
}

static ds_status p_failover_test(ds_call *call, ds_device *dev, ds_failover_result *out)
{
	return proxy(call, DS_WOP_FAILOVER_TEST, &(struct args){ .dev = dev, .out = out, .out_size = sizeof *out });
}

static ds_status p_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out)
{
	return proxy(call, DS_WOP_DIAGNOSE,
		     &(struct args){ .dev = dev, .index = index, .out = out, .out_size = sizeof *out });
}

static ds_status p_handover_code(ds_call *call, ds_device *dev, char *out, size_t size)
{
	return proxy(call, DS_WOP_HANDOVER_CODE, &(struct args){ .dev = dev, .out = out, .out_size = size });
}

static ds_status p_operator_scan(ds_call *call, ds_device *dev, size_t index, ds_network *out)
{
	return proxy(call, DS_WOP_OPERATOR_SCAN,
		     &(struct args){ .dev = dev, .index = index, .out = out, .out_size = sizeof *out });
}

static ds_status p_wifi_status(ds_call *call, ds_device *dev, ds_wifi_network *out)
{
	return proxy(call, DS_WOP_WIFI_STATUS, &(struct args){ .dev = dev, .out = out, .out_size = sizeof *out });
}

static ds_status p_match_address(ds_call *call, const char *address, char *locator, size_t size)
{
	return proxy(call, DS_WOP_MATCH_ADDRESS, &(struct args){ .s = { address }, .out = locator, .out_size = size });
}

static ds_status p_account(ds_call *call, ds_device *dev, size_t index, ds_account *out)
{
	return proxy(call, DS_WOP_ACCOUNT,
		     &(struct args){ .dev = dev, .index = index, .out = out, .out_size = sizeof *out });
}

static ds_status p_account_set_password(ds_call *call, ds_device *dev, const char *user, const char *new_password)
{
	return proxy(call, DS_WOP_ACCOUNT_SET_PASSWORD, &(struct args){ .dev = dev, .s = { user, new_password } });
}

static ds_status p_account_delete(ds_call *call, ds_device *dev, const char *user)
{
	return proxy(call, DS_WOP_ACCOUNT_DELETE, &(struct args){ .dev = dev, .s = { user } });
}

static ds_status p_check_fix(ds_call *call, ds_device *dev, const char *fix)
{
	return proxy(call, DS_WOP_CHECK_FIX, &(struct args){ .dev = dev, .s = { fix } });
}

static ds_status p_esim_info(ds_call *call, ds_device *dev, ds_esim_info *out)
{
	return proxy(call, DS_WOP_ESIM_INFO, &(struct args){ .dev = dev, .out = out, .out_size = sizeof *out });
}

static ds_status p_esim_disable(ds_call *call, ds_device *dev, const char *iccid)
{
	return proxy(call, DS_WOP_ESIM_DISABLE, &(struct args){ .dev = dev, .s = { iccid } });
}

static ds_status p_esim_delete(ds_call *call, ds_device *dev, const char *iccid)
{
	return proxy(call, DS_WOP_ESIM_DELETE, &(struct args){ .dev = dev, .s = { iccid } });
}

static ds_status p_esim_nickname(ds_call *call, ds_device *dev, const char *iccid, const char *nickname)
{
	return proxy(call, DS_WOP_ESIM_NICKNAME, &(struct args){ .dev = dev, .s = { iccid, nickname } });
}

static ds_status p_esim_notification(ds_call *call, ds_device *dev, size_t index, ds_esim_notification *out)
{
	return proxy(call, DS_WOP_ESIM_NOTIFICATION,
		     &(struct args){ .dev = dev, .index = index, .out = out, .out_size = sizeof *out });
}

static ds_status p_esim_notifications_send(ds_call *call, ds_device *dev)
{
	return proxy(call, DS_WOP_ESIM_NOTIFICATIONS_SEND, &(struct args){ .dev = dev });
}

/** init() and fini() run in the runner (ds_runner_start, ds_runner_stop). */
static ds_status p_init(const ds_host *host)
{
	(void)host;
	return DS_OK;
}

static void p_fini(void)
{
}

void ds_plugin_proxy_fill(ds_plugin *d, uint64_t ops)
{
#define PROXY(bit, field, fn)          \
	do {                           \
		if (ops & (bit))       \
			d->field = fn; \
	} while (0)
	d->init = p_init;
	d->fini = p_fini;
	d->open = p_open;
	d->close = p_close;
	d->device_info = p_device_info;
	PROXY(DS_PLUGIN_OP_MATCH_QR, match_qr, p_match_qr);
	PROXY(DS_PLUGIN_OP_MATCH_BLE, match_ble, p_match_ble);
	PROXY(DS_PLUGIN_OP_MATCH_SERIAL, match_serial, p_match_serial);
	PROXY(DS_PLUGIN_OP_DISCOVER, discover, p_discover);
	PROXY(DS_PLUGIN_OP_CREDENTIAL_STATE, credential_state, p_credential_state);
	PROXY(DS_PLUGIN_OP_LOGIN, login, p_login);
	PROXY(DS_PLUGIN_OP_SET_PASSWORD, set_password, p_set_password);
	PROXY(DS_PLUGIN_OP_WIFI_SCAN, wifi_scan, p_wifi_scan);
	PROXY(DS_PLUGIN_OP_WIFI_CONFIGURE, wifi_configure, p_wifi_configure);
	PROXY(DS_PLUGIN_OP_ESIM_PROFILE, esim_profile, p_esim_profile);
	PROXY(DS_PLUGIN_OP_ESIM_SET_PRIMARY, esim_set_primary, p_esim_set_primary);
	PROXY(DS_PLUGIN_OP_ESIM_SET_BACKUP, esim_set_backup, p_esim_set_backup);
	PROXY(DS_PLUGIN_OP_ESIM_DOWNLOAD, esim_download, p_esim_download);
	PROXY(DS_PLUGIN_OP_CELLULAR_STATUS, cellular_status, p_cellular_status);
	PROXY(DS_PLUGIN_OP_FAILOVER_TEST, failover_test, p_failover_test);
	PROXY(DS_PLUGIN_OP_DIAGNOSE, diagnose, p_diagnose);
	PROXY(DS_PLUGIN_OP_HANDOVER_CODE, handover_code, p_handover_code);
	PROXY(DS_PLUGIN_OP_OPERATOR_SCAN, operator_scan, p_operator_scan);
	PROXY(DS_PLUGIN_OP_WIFI_STATUS, wifi_status, p_wifi_status);
	PROXY(DS_PLUGIN_OP_MATCH_ADDRESS, match_address, p_match_address);
	PROXY(DS_PLUGIN_OP_ACCOUNT, account, p_account);
	PROXY(DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD, account_set_password, p_account_set_password);
	PROXY(DS_PLUGIN_OP_ACCOUNT_DELETE, account_delete, p_account_delete);
	PROXY(DS_PLUGIN_OP_CHECK_FIX, check_fix, p_check_fix);
	PROXY(DS_PLUGIN_OP_ESIM_INFO, esim_info, p_esim_info);
	PROXY(DS_PLUGIN_OP_ESIM_DISABLE, esim_disable, p_esim_disable);
	PROXY(DS_PLUGIN_OP_ESIM_DELETE, esim_delete, p_esim_delete);
	PROXY(DS_PLUGIN_OP_ESIM_NICKNAME, esim_nickname, p_esim_nickname);
	PROXY(DS_PLUGIN_OP_ESIM_NOTIFICATION, esim_notification, p_esim_notification);
	PROXY(DS_PLUGIN_OP_ESIM_NOTIFICATIONS_SEND, esim_notifications_send, p_esim_notifications_send);
#undef PROXY
}
