/* A plugin runner's calls: a CALL's arguments, the call into the plugin,
 * its REPLY, and the devices the plugin opened (numbered for doorstep). */
#include "app/plugin/runner/runner.h"

#include <stdlib.h>
#include <string.h>

#include "app/base/secret.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_outputs.h"

/** Largest text output a call may ask for (bytes). */
#define TEXT_OUT_MAX 4096

/** The devices the plugin opened; number n is devices[n - 1]. */
static ds_device **devices;
static size_t n_devices;

/** Numbers a device; 0 when out of memory. */
static uint64_t device_add(ds_device *dev)
{
	ds_device **grown;

	for (size_t i = 0; i < n_devices; i++)
		if (!devices[i]) {
			devices[i] = dev;
			return i + 1;
		}
	grown = realloc(devices, (n_devices + 1) * sizeof *grown);
	if (!grown)
		return 0;
	devices = grown;
	devices[n_devices++] = dev;
	return n_devices;
}

/** The device with number n, or NULL. */
static ds_device *device_get(uint64_t n)
{
	return n >= 1 && n <= n_devices ? devices[n - 1] : NULL;
}

void ds_runner_devices_close(ds_loaded_plugin *lp)
{
	for (size_t i = 0; i < n_devices; i++)
		if (devices[i]) {
			ds_plugin_enter(lp);
			lp->desc.close(devices[i]);
			ds_plugin_leave(lp);
			devices[i] = NULL;
		}
	free(devices);
	devices = NULL;
	n_devices = 0;
}

/** Copies bytes of an advertisement's data field; NULL for none. */
static bool copy_data(ds_wire_reader *in, uint8_t **out, size_t *len)
{
	size_t n = 0;
	const void *p = ds_wire_bytes(in, &n);

	*out = NULL;
	*len = 0;
	if (!p)
		return false;
	if (n == 0)
		return true;
	*out = malloc(n);
	if (!*out)
		return false;
	memcpy(*out, p, n);
	*len = n;
	return true;
}

ds_runner_call *ds_runner_call_read(ds_loaded_plugin *lp, ds_wire_reader *in)
{
	ds_runner_call *c = calloc(1, sizeof *c);
	bool ok;

	if (!c)
		return NULL;
	c->lp = lp;
	c->op = (ds_wire_op)ds_wire_u32(in);
	c->device = ds_wire_u64(in);
	c->index = ds_wire_u64(in);
	ok = true;
	for (size_t i = 0; i < 3 && ok; i++) {
		const char *s = ds_wire_str(in);

		if (s) {
			c->s[i] = ds_secret_strdup(s);
			ok = c->s[i] != NULL;
		}
	}
	c->out_size = (size_t)ds_wire_u64(in);
	if (ok && ds_plugin_output_is_text(c->op)) {
		if (c->out_size == 0 || c->out_size > TEXT_OUT_MAX)
			c->out_size = c->out_size ? TEXT_OUT_MAX : 1;
		c->text = calloc(1, c->out_size);
		ok = c->text != NULL;
	}
	if (ok && c->op == DS_WOP_MATCH_BLE) {
		ok = ds_wire_fixed(in, &c->adv, sizeof c->adv) &&
		     copy_data(in, &c->adv_data[0], &c->adv.manufacturer_data_len) &&
		     copy_data(in, &c->adv_data[1], &c->adv.service_data_len);
		c->adv.manufacturer_data = c->adv_data[0];
		c->adv.service_data = c->adv_data[1];
		c->adv.address[sizeof c->adv.address - 1] = '\0';
		c->adv.name[sizeof c->adv.name - 1] = '\0';
		c->adv.service_uuid[sizeof c->adv.service_uuid - 1] = '\0';
	}
	if (!ok || in->bad || c->op <= 0 || c->op >= DS_WOP_INIT) {
		ds_runner_call_free(c);
		return NULL;
	}
	return c;
}

void ds_runner_call_free(ds_runner_call *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < 3; i++)
		ds_secret_free(c->s[i]);
	if (c->text)
		ds_secret_wipe(c->text, c->out_size);
	free(c->text);
	free(c->adv_data[0]);
	free(c->adv_data[1]);
	ds_secret_wipe(c, sizeof *c);
	free(c);
}

/** Calls the operation that opens or needs no device. */
static ds_status run_without_device(ds_job *job, ds_runner_call *c, const ds_plugin *d)
{
	ds_device *dev = NULL;
	ds_status st;

	switch (c->op) {
	case DS_WOP_OPEN:
		if (!c->s[0])
			return DS_ERR_INVALID;
		st = d->open(job, c->s[0], &dev);
		if (st == DS_OK && dev) {
			c->opened = device_add(dev);
			if (!c->opened) {
				d->close(dev);
				return DS_ERR_NO_MEMORY;
			}
		} else if (st == DS_OK) {
			st = DS_ERR_INTERNAL; /* DS_OK without a device */
		}
		return st;
	case DS_WOP_MATCH_QR:
		return c->s[0] ? d->match_qr(job, c->s[0], c->text, c->out_size) : DS_ERR_INVALID;
	case DS_WOP_MATCH_BLE:
		return d->match_ble(job, &c->adv, c->text, c->out_size);
	case DS_WOP_MATCH_SERIAL:
		return c->s[0] ? d->match_serial(job, c->s[0], c->text, c->out_size) : DS_ERR_INVALID;
	case DS_WOP_DISCOVER:
		return d->discover(job, (size_t)c->index, c->text, c->out_size);
	case DS_WOP_MATCH_ADDRESS:
		return c->s[0] ? d->match_address(job, c->s[0], c->text, c->out_size) : DS_ERR_INVALID;
	default:
		return DS_ERR_INVALID;
	}
}

/** Calls an operation on an open device. */
static ds_status run_on_device(ds_job *job, ds_runner_call *c, const ds_plugin *d, ds_device *dev)
{
	size_t i = (size_t)c->index;

	switch (c->op) {
	case DS_WOP_CLOSE:
		d->close(dev);
		devices[c->device - 1] = NULL;
		return DS_OK;
	case DS_WOP_DEVICE_INFO:
		return d->device_info(job, dev, &c->out.info);
	case DS_WOP_CREDENTIAL_STATE:
		return d->credential_state(job, dev, &c->out.cred);
	case DS_WOP_LOGIN:
		return d->login(job, dev, c->s[0]);
	case DS_WOP_SET_PASSWORD:
		return c->s[1] ? d->set_password(job, dev, c->s[0], c->s[1]) : DS_ERR_INVALID;
	case DS_WOP_WIFI_SCAN:
		return d->wifi_scan(job, dev, i, &c->out.wifi);
	case DS_WOP_WIFI_CONFIGURE:
		return c->s[0] ? d->wifi_configure(job, dev, c->s[0], c->s[1]) : DS_ERR_INVALID;
	case DS_WOP_ESIM_PROFILE:
		return d->esim_profile(job, dev, i, &c->out.profile);
	case DS_WOP_ESIM_SET_PRIMARY:
		return c->s[0] ? d->esim_set_primary(job, dev, c->s[0]) : DS_ERR_INVALID;
	case DS_WOP_ESIM_SET_BACKUP:
		return c->s[0] ? d->esim_set_backup(job, dev, c->s[0]) : DS_ERR_INVALID;
	case DS_WOP_ESIM_DOWNLOAD:
		return c->s[0] ? d->esim_download(job, dev, c->s[0], c->s[1]) : DS_ERR_INVALID;
	case DS_WOP_CELLULAR_STATUS:
		return d->cellular_status(job, dev, &c->out.cellular);
	case DS_WOP_FAILOVER_TEST:
		return d->failover_test(job, dev, &c->out.failover);
	case DS_WOP_DIAGNOSE:
		return d->diagnose(job, dev, i, &c->out.check);
	case DS_WOP_HANDOVER_CODE:
		return d->handover_code(job, dev, c->text, c->out_size);
	case DS_WOP_OPERATOR_SCAN:
		return d->operator_scan(job, dev, i, &c->out.network);
	case DS_WOP_WIFI_STATUS:
		return d->wifi_status(job, dev, &c->out.wifi);
	case DS_WOP_ACCOUNT:
		return d->account(job, dev, i, &c->out.account);
	case DS_WOP_ACCOUNT_SET_PASSWORD:
		return c->s[0] && c->s[1] ? d->account_set_password(job, dev, c->s[0], c->s[1]) : DS_ERR_INVALID;
	case DS_WOP_ACCOUNT_DELETE:
		return c->s[0] ? d->account_delete(job, dev, c->s[0]) : DS_ERR_INVALID;
	case DS_WOP_CHECK_FIX:
		return c->s[0] ? d->check_fix(job, dev, c->s[0]) : DS_ERR_INVALID;
	case DS_WOP_ESIM_INFO:
		return d->esim_info(job, dev, &c->out.esim_info);
	case DS_WOP_ESIM_DISABLE:
		return c->s[0] ? d->esim_disable(job, dev, c->s[0]) : DS_ERR_INVALID;
	case DS_WOP_ESIM_DELETE:
		return c->s[0] ? d->esim_delete(job, dev, c->s[0]) : DS_ERR_INVALID;
	case DS_WOP_ESIM_NICKNAME:
		/* a NULL nickname reaches the plugin as "", which clears it */
		return c->s[0] ? d->esim_nickname(job, dev, c->s[0], c->s[1] ? c->s[1] : "") : DS_ERR_INVALID;
	case DS_WOP_ESIM_NOTIFICATION:
		return d->esim_notification(job, dev, i, &c->out.notification);
	case DS_WOP_ESIM_NOTIFICATIONS_SEND:
		return d->esim_notifications_send(job, dev);
	default:
		return DS_ERR_INVALID;
	}
}

ds_status ds_runner_call_run(ds_job *job, void *arg)
{
	ds_runner_call *c = arg;
	ds_loaded_plugin *lp = c->lp;
	ds_device *dev = device_get(c->device);
	bool needs_device = c->op != DS_WOP_OPEN && c->op != DS_WOP_MATCH_QR && c->op != DS_WOP_MATCH_BLE &&
			    c->op != DS_WOP_MATCH_SERIAL && c->op != DS_WOP_DISCOVER && c->op != DS_WOP_MATCH_ADDRESS;
	ds_status st;

	if (needs_device && !dev)
		return DS_ERR_INVALID;
	ds_plugin_enter(lp);
	st = needs_device ? run_on_device(job, c, &lp->desc, dev) : run_without_device(job, c, &lp->desc);
	ds_plugin_leave(lp);
	return st;
}

void ds_runner_call_reply(const ds_runner_call *c, ds_status status, const char *message, ds_wire *out)
{
	size_t size = ds_plugin_output_size(c->op);

	ds_wire_put_u32(out, (uint32_t)status);
	ds_wire_put_str(out, message, DS_WIRE_TEXT_MAX);
	ds_wire_put_u64(out, c->opened);
	if (c->text)
		ds_wire_put_bytes(out, c->text, c->out_size);
	else
		ds_wire_put_bytes(out, &c->out, size);
}
