/* Device operations as jobs. */
#include "app/core/device_ops.h"
#include "app/core/account_ops.h"
#include "app/core/qr_claim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/core/login_backoff.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "app/core/serial_discover.h"
#include "app/net/device_grade.h"

/** Opens a site device through the table. */
static ds_status ds_op_open(ds_job *job, ds_devices *devices, const ds_site_device *d,
			    ds_loaded_plugin **lp, ds_device **dev)
{
	return ds_devices_open(job, devices, d->plugin_id, d->locator, lp, dev);
}

ds_status ds_op_read_list(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, ds_op_item_fn item, size_t size,
			  void *list, size_t *n)
{
	char **items = list;
	ds_status st = DS_OK;

	free(*items);
	*items = NULL;
	*n = 0;
	for (size_t i = 0;; i++) {
		char *grown;

		if (i == DS_LIST_MAX) {
			ds_op_list_cut(job, lp);
			return DS_OK;
		}
		grown = realloc(*items, (*n + 1) * size);

		if (!grown)
			return DS_ERR_NO_MEMORY;
		*items = grown;
		memset(grown + *n * size, 0, size);
		st = item(job, lp, dev, i, grown + *n * size);
		if (st == DS_ERR_NOT_FOUND)
			return DS_OK;
		if (st != DS_OK)
			return st;
		(*n)++;
	}
	return DS_OK;
}

void ds_op_list_cut(ds_job *job, const ds_loaded_plugin *lp)
{
	ds_log(DS_LOG_WARN, "core", "%s: a list went on past %d items; the rest is left out", lp->desc.id, DS_LIST_MAX);
	ds_job_progress(job, 1000, _("The %s plugin listed more than %d items; doorstep uses the first %d."),
			lp->desc.name, DS_LIST_MAX, DS_LIST_MAX);
}

ds_status ds_op_add_qr_job(ds_job *job, void *arg)
{
	ds_op_add_qr *op = arg;
	ds_plugin_set *set = ds_devices_plugins(op->devices);
	char locator[DS_LOCATOR_MAX];
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	op->claimed = false;
	ds_job_progress(job, 100, "%s", _("Reading the code"));
	st = ds_qr_claim(job, set, op->payload, &lp, locator, sizeof locator);
	if (lp) {
		op->claimed = true;
		if (st != DS_OK)
			return ds_job_message(job)[0] ? st
				: ds_job_fail(job, st, _("%s recognised the code but could not read it (%s)."),
					      lp->desc.name, ds_status_str(st));
		ds_job_progress(job, 300, _("Connecting to the %s device"), lp->desc.vendor);
		st = ds_devices_open(job, op->devices, lp->desc.id, locator, &lp, &dev);
		if (st != DS_OK)
			return st;
		ds_job_progress(job, 700, "%s", _("Reading the device's details"));
		return ds_devices_describe(job, lp, dev, &op->found);
	}
	return ds_job_fail(job, DS_ERR_NOT_FOUND,
			   _("No installed plugin recognises this code. Check that it is the device's setup label "
			     "(not a serial-number barcode) and that the vendor's plugin is installed."));
}

ds_status ds_op_discover_job(ds_job *job, void *arg)
{
	ds_op_discover *op = arg;
	ds_plugin_set *set = ds_devices_plugins(op->devices);
	char locator[DS_LOCATOR_MAX];

	op->found = 0;
	for (size_t i = 0; i < set->n_loaded; i++) {
		ds_loaded_plugin *lp = set->loaded[i];

		if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_DISCOVER))
			continue;
		for (size_t index = 0;; index++) {
			ds_loaded_plugin *owner;
			ds_device *dev;
			ds_status st;

			if (ds_job_cancelled(job))
				return DS_ERR_CANCELLED;
			if (index == DS_LIST_MAX) {
				ds_op_list_cut(job, lp);
				break;
			}
			ds_job_progress(job, (unsigned)((i * 1000 + (index % 10) * 90) / set->n_loaded),
					_("Searching with %s"), lp->desc.name);
			locator[0] = '\0';
			DS_PLUGIN_CALL(lp, st = lp->desc.discover(job, index, locator, sizeof locator));
			if (st == DS_ERR_NOT_FOUND)
				break;
			if (st == DS_ERR_CANCELLED)
				return st;
			if (st != DS_OK)
				break; /* this plugin's search failed; the others still run */
			if (ds_devices_open(job, op->devices, lp->desc.id, locator, &owner, &dev) != DS_OK)
				continue;
			ds_site_device *found = calloc(1, sizeof *found);

			if (!found)
				return DS_ERR_NO_MEMORY;
			if (ds_devices_describe(job, owner, dev, found) != DS_OK) {
				free(found);
				continue;
			}
			op->found++;
			ds_job_post_item(job, found, free);
		}
	}
	return ds_serial_discover(job, op->devices, &op->found);
}

ds_status ds_op_refresh_job(ds_job *job, void *arg)
{
	ds_op_refresh *op = arg;

	op->failed = 0;
	for (size_t i = 0; i < op->n; i++) {
		ds_loaded_plugin *lp;
		ds_device *dev;
		ds_site_device *fresh;

		if (ds_job_cancelled(job))
			return DS_ERR_CANCELLED;
		ds_job_progress(job, (unsigned)(i * 1000 / (op->n ? op->n : 1)), _("Reading %s"), op->list[i].name);
		fresh = calloc(1, sizeof *fresh);
		if (!fresh)
			return DS_ERR_NO_MEMORY;
		if (ds_op_open(job, op->devices, &op->list[i], &lp, &dev) != DS_OK ||
		    ds_devices_describe(job, lp, dev, fresh) != DS_OK) {
			if (ds_job_cancelled(job)) {
				free(fresh);
				return DS_ERR_CANCELLED;
			}
			free(fresh);
			op->failed++;
			continue;
		}
		ds_job_post_item(job, fresh, free);
	}
	if (op->failed)
		return ds_job_fail(job, DS_ERR_IO,
				   P_("%zu device did not answer. Check that it is powered and in range, then try again.",
				      "%zu devices did not answer. Check that they are powered and in range, then try again.",
				      op->failed), op->failed);
	return DS_OK;
}

/** Reads the device's back-off time after a refused login. */
static unsigned ds_op_retry_after(ds_job *job, ds_loaded_plugin *lp, ds_device *dev)
{
	ds_credential_state cred;
	ds_status st;

	memset(&cred, 0, sizeof cred);
	/* Asked only of a plugin that can tell: a stub's message would replace the refusal's. */
	if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_CREDENTIAL_STATE))
		return 0;
	DS_PLUGIN_CALL(lp, st = lp->desc.credential_state(job, dev, &cred));
	return st == DS_OK ? cred.retry_after_ms : 0;
}

/** After a change: proves that the old password fails, the new one works
 *  and the device left its factory default (op->device refreshed). */
static ds_status ds_op_password_prove(ds_job *job, ds_op_password *op, ds_loaded_plugin *lp, ds_device *dev)
{
	ds_status st;

	ds_job_progress(job, 550, "%s", _("Checking that the old password no longer works"));
	DS_PLUGIN_CALL(lp, st = lp->desc.login(job, dev, op->current));
	if (st == DS_OK)
		return ds_job_fail(job, DS_ERR_DEVICE,
				   _("The device still accepts its old password. The change did not take: try again, "
				     "or reset the device and start over."));
	if (st == DS_ERR_CANCELLED)
		return st;
	ds_job_progress(job, 750, "%s", _("Checking that the new password works"));
	DS_PLUGIN_CALL(lp, st = lp->desc.login(job, dev, op->new_password));
	if (st == DS_ERR_CANCELLED)
		return st;
	if (st != DS_OK)
		return ds_job_fail(job, DS_ERR_DEVICE, "%s",
				   _("The device does not accept the new password it was just given. "
				     "Try again; if it keeps failing, reset the device."));
	ds_job_progress(job, 900, "%s", _("Reading the device's state"));
	st = ds_devices_describe(job, lp, dev, &op->device);
	if (st != DS_OK)
		return st;
	if (op->device.on_factory_default)
		return ds_job_fail(job, DS_ERR_DEVICE,
				   _("The device still reports its factory-default password. Try again."));
	return DS_OK;
}

/** Tries op->new_password on a device off its factory default: DS_OK (and
 *  op->already_set) when the device takes it, DS_ERR_NOT_FOUND when it does
 *  not and op->current may change it, or the failure to report. */
static ds_status ds_op_password_already_set(ds_job *job, ds_op_password *op, ds_loaded_plugin *lp, ds_device *dev,
					    const char *key)
{
	ds_login_guard *guard = ds_login_guard_shared();
	ds_status st;

	ds_job_progress(job, 50, "%s", _("Checking whether the device already has the new password"));
	DS_PLUGIN_CALL(lp, st = lp->desc.login(job, dev, op->new_password));
	if (st == DS_ERR_CANCELLED)
		return st;
	if (st != DS_OK) {
		if (op->current)
			return DS_ERR_NOT_FOUND;
		op->retry_after_ms = ds_login_guard_failed(guard, key);
		return ds_job_fail(job, DS_ERR_AUTH, "%s",
				   _("The device has a password of its own, and it is not the new one: give its "
				     "current password to change it."));
	}
	ds_login_guard_succeeded(guard, key);
	op->already_set = true;
	ds_job_progress(job, 900, "%s", _("Reading the device's state"));
	return ds_devices_describe(job, lp, dev, &op->device);
}

ds_status ds_op_password_job(ds_job *job, void *arg)
{
	ds_op_password *op = arg;
	ds_login_guard *guard = ds_login_guard_shared();
	char key[2 * DS_ID_MAX + 2];
	ds_loaded_plugin *lp;
	ds_device *dev;
	uint32_t wait;
	ds_status st;

	op->retry_after_ms = 0;
	snprintf(key, sizeof key, "%s/%s", op->device.plugin_id, op->device.serial);
	wait = ds_login_guard_wait_ms(guard, key);
	if (wait > 0) {
		op->retry_after_ms = wait;
		return ds_job_fail(job, DS_ERR_BUSY,
				   P_("Too many refused passwords for this device: wait %u second, then try again.",
				      "Too many refused passwords for this device: wait %u seconds, then try again.",
				      (wait + 999) / 1000),
				   (wait + 999) / 1000);
	}
	st = ds_op_open(job, op->devices, &op->device, &lp, &dev);
	if (st != DS_OK)
		return st;
	/* A password that could not be checked afterwards (no login) is not changed at all. */
	if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_SET_PASSWORD | DS_PLUGIN_OP_LOGIN))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED,
				   _("%s cannot change this device's password. Contact the vendor."), lp->desc.name);
	if (op->check_already_set && !op->device.on_factory_default) {
		st = ds_op_password_already_set(job, op, lp, dev, key);
		if (st != DS_ERR_NOT_FOUND)
			return st;
	}
	ds_job_progress(job, 100, "%s", _("Changing the password on the device"));
	DS_PLUGIN_CALL(lp, st = lp->desc.set_password(job, dev, op->current, op->new_password));
	if (st == DS_ERR_BUSY) {
		op->retry_after_ms = ds_op_retry_after(job, lp, dev);
		ds_login_guard_device_busy(guard, key, op->retry_after_ms);
	} else if (st == DS_ERR_AUTH) {
		/* The current password (or the factory default) was refused:
		 * wait as long as the device or doorstep's own guard says. */
		unsigned device_wait = ds_op_retry_after(job, lp, dev);

		wait = ds_login_guard_failed(guard, key);
		ds_login_guard_device_busy(guard, key, device_wait);
		op->retry_after_ms = device_wait > wait ? device_wait : wait;
	} else if (st == DS_OK) {
		ds_login_guard_succeeded(guard, key);
	}
	if (st != DS_OK)
		return st;
	return ds_op_password_prove(job, op, lp, dev);
}

ds_site_device *ds_op_password_record(ds_site *site, const ds_op_password *op)
{
	ds_site_device *d;

	if (!ds_site_find_device(site, op->device.plugin_id, op->device.serial))
		return NULL;
	d = ds_site_put_device(site, &op->device);
	ds_site_now(d->password_changed_at);
	/* A device with accounts: its primary one has the new password now. */
	ds_op_account_primary_record(site, d);
	if (op->already_set)
		ds_site_note(site, _("Password on %s (%s) was already the new one: verified"), d->name, d->serial);
	else
		ds_site_note(site, _("Password changed on %s (%s)"), d->name, d->serial);
	return d;
}

/** Reads every profile and the cellular status into op. */
/** ds_op_item_fn of the eSIM's profiles. */
static ds_status ds_op_profile_item(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, size_t index, void *item)
{
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.esim_profile(job, dev, index, item));
	return st;
}

static ds_status ds_op_read_profiles(ds_job *job, ds_op_profiles *op, ds_loaded_plugin *lp, ds_device *dev)
{
	ds_status st = ds_op_read_list(job, lp, dev, ds_op_profile_item, sizeof *op->profiles, &op->profiles, &op->n);

	if (st != DS_OK)
		return st;
	op->has_status = false;
	if (ds_plugin_has_op(lp, DS_PLUGIN_OP_CELLULAR_STATUS)) {
		memset(&op->status, 0, sizeof op->status);
		DS_PLUGIN_CALL(lp, st = lp->desc.cellular_status(job, dev, &op->status));
		op->has_status = st == DS_OK;
		if (st == DS_ERR_CANCELLED)
			return st;
		st = DS_OK;
	}
	return st;
}

ds_status ds_op_profiles_job(ds_job *job, void *arg)
{
	ds_op_profiles *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_op_open(job, op->devices, &op->device, &lp, &dev);

	if (st != DS_OK)
		return st;
	ds_job_progress(job, 200, "%s", _("Reading the eSIM profiles"));
	return ds_op_read_profiles(job, op, lp, dev);
}

ds_status ds_op_apply_cellular_job(ds_job *job, void *arg)
{
	ds_op_apply_cellular *op = arg;
	ds_op_profiles *rb = &op->read_back;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_op_open(job, rb->devices, &rb->device, &lp, &dev);
	bool primary_ok = false, backup_ok = false;

	if (st != DS_OK)
		return st;
	/* Nothing is changed on a device that could not take or report the whole choice. */
	if (!ds_plugin_has_op(lp,
			      DS_PLUGIN_OP_ESIM_SET_PRIMARY | DS_PLUGIN_OP_ESIM_SET_BACKUP | DS_PLUGIN_OP_ESIM_PROFILE))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED, "%s",
				   _("This device cannot choose a primary and a backup operator."));
	ds_job_progress(job, 100, "%s", _("Enabling the primary profile"));
	DS_PLUGIN_CALL(lp, st = lp->desc.esim_set_primary(job, dev, op->primary_iccid));
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 450, "%s", _("Setting the backup profile"));
	DS_PLUGIN_CALL(lp, st = lp->desc.esim_set_backup(job, dev, op->backup_iccid));
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 750, "%s", _("Reading back what the device reports"));
	st = ds_op_read_profiles(job, rb, lp, dev);
	if (st != DS_OK)
		return st;
	for (size_t i = 0; i < rb->n; i++) {
		if (strcmp(rb->profiles[i].iccid, op->primary_iccid) == 0)
			primary_ok = rb->profiles[i].role == DS_ROLE_PRIMARY;
		if (strcmp(rb->profiles[i].iccid, op->backup_iccid) == 0)
			backup_ok = rb->profiles[i].role == DS_ROLE_BACKUP;
	}
	if (!primary_ok || !backup_ok)
		return ds_job_fail(job, DS_ERR_DEVICE, "%s",
				   _("The device did not keep the choice (read back differs). Apply again; if it "
				     "persists, restart the panel."));
	return DS_OK;
}

ds_status ds_op_failover_job(ds_job *job, void *arg)
{
	ds_op_failover *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_op_open(job, op->devices, &op->device, &lp, &dev);

	if (st != DS_OK)
		return st;
	memset(&op->result, 0, sizeof op->result);
	DS_PLUGIN_CALL(lp, st = lp->desc.failover_test(job, dev, &op->result));
	return st;
}

/** Strongest network first. */
static int ds_wifi_by_signal(const void *a, const void *b)
{
	const ds_wifi_network *x = a, *y = b;

	return (y->rssi_dbm > x->rssi_dbm) - (y->rssi_dbm < x->rssi_dbm);
}

/** ds_op_item_fn of the Wi-Fi networks a device sees. */
static ds_status ds_op_wifi_item(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, size_t index, void *item)
{
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.wifi_scan(job, dev, index, item));
	return st;
}

ds_status ds_op_wifi_scan_job(ds_job *job, void *arg)
{
	ds_op_wifi_scan *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_op_open(job, op->devices, &op->device, &lp, &dev);

	free(op->networks);
	op->networks = NULL;
	op->n = 0;
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 100, "%s", _("Looking for Wi-Fi networks"));
	st = ds_op_read_list(job, lp, dev, ds_op_wifi_item, sizeof *op->networks, &op->networks, &op->n);
	if (st != DS_OK)
		return st;
	qsort(op->networks, op->n, sizeof *op->networks, ds_wifi_by_signal);
	return DS_OK;
}

ds_status ds_op_wifi_join_job(ds_job *job, void *arg)
{
	ds_op_wifi_join *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_op_open(job, op->devices, &op->device, &lp, &dev);

	if (st != DS_OK)
		return st;
	ds_job_progress(job, 100, _("Joining %s"), op->ssid);
	DS_PLUGIN_CALL(lp, st = lp->desc.wifi_configure(job, dev, op->ssid, op->key));
	if (st != DS_OK)
		return st;
	snprintf(op->device.wifi_ssid, sizeof op->device.wifi_ssid, "%s", op->ssid);
	return DS_OK;
}

ds_site_device *ds_op_wifi_join_record(ds_site *site, const ds_op_wifi_join *op)
{
	ds_site_device *d = ds_site_find_device(site, op->device.plugin_id, op->device.serial);

	if (!d)
		return NULL;
	snprintf(d->wifi_ssid, sizeof d->wifi_ssid, "%s", op->device.wifi_ssid);
	ds_site_note(site, _("%s joined Wi-Fi \"%s\""), d->name, d->wifi_ssid);
	return d;
}

bool ds_op_diagnosable(const ds_site_device *d)
{
	return (d->features & (DS_FEATURE_DIAGNOSE | DS_FEATURE_CELLULAR | DS_FEATURE_WIFI)) != 0;
}

/** Posts a copy of check for device serial and counts it. false on out-of-memory. */
static bool ds_op_post_check(ds_job *job, ds_op_diagnose *op, const char *serial, const ds_check *check)
{
	ds_op_check_item *item = calloc(1, sizeof *item);

	if (!item)
		return false;
	snprintf(item->device_serial, sizeof item->device_serial, "%s", serial);
	item->check = *check;
	if (check->grade == DS_CHECK_PASS)
		op->passed++;
	else if (check->grade == DS_CHECK_WARN)
		op->warned++;
	else if (check->grade == DS_CHECK_FAIL)
		op->failed++;
	ds_job_post_item(job, item, free);
	return true;
}

/** Most link checks the host grades for one device. */
#define DS_OP_LINK_CHECKS_MAX (DS_DEVICE_GRADE_CELLULAR_MAX + DS_DEVICE_GRADE_WIFI_MAX)

/** The host's own link checks of one device, graded alike for every plugin:
 *  the cellular link (cellular_status) and the joined Wi-Fi (wifi_status).
 *  Posts them and leaves them in checks[*n] for the caller. */
static ds_status ds_op_link_checks(ds_job *job, ds_op_diagnose *op, const ds_site_device *d,
				   ds_loaded_plugin *lp, ds_device *dev, ds_check checks[DS_OP_LINK_CHECKS_MAX],
				   size_t *n_out)
{
	size_t n = 0;
	ds_status st;

	if ((d->features & DS_FEATURE_CELLULAR) && ds_plugin_has_op(lp, DS_PLUGIN_OP_CELLULAR_STATUS)) {
		ds_cellular_status cs = { .rssi_dbm = INT32_MIN, .rsrp_dbm = INT32_MIN, .rsrq_db10 = INT32_MIN,
					  .sinr_db10 = INT32_MIN };

		DS_PLUGIN_CALL(lp, st = lp->desc.cellular_status(job, dev, &cs));
		if (st == DS_ERR_CANCELLED)
			return st;
		if (st == DS_OK)
			n += ds_device_grade_cellular(&cs, &checks[n]);
	}
	if ((d->features & DS_FEATURE_WIFI) && ds_plugin_has_op(lp, DS_PLUGIN_OP_WIFI_STATUS)) {
		ds_wifi_network net = { .rssi_dbm = INT32_MIN };

		DS_PLUGIN_CALL(lp, st = lp->desc.wifi_status(job, dev, &net));
		if (st == DS_ERR_CANCELLED)
			return st;
		if (st == DS_OK) {
			net.ssid[sizeof net.ssid - 1] = net.security[sizeof net.security - 1] = '\0';
			n += ds_device_grade_wifi(&net, &checks[n]);
		} else if (st == DS_ERR_NOT_FOUND) {
			ds_device_grade_no_wifi(&checks[n++]);
		}
	}
	*n_out = n;
	for (size_t i = 0; i < n; i++)
		if (!ds_op_post_check(job, op, d->serial, &checks[i]))
			return DS_ERR_NO_MEMORY;
	return DS_OK;
}

/** True when the host already graded a check with this id for the device. */
static bool ds_op_graded_by_host(const ds_check *host, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(host[i].id, id) == 0)
			return true;
	return false;
}

ds_status ds_op_diagnose_job(ds_job *job, void *arg)
{
	ds_op_diagnose *op = arg;

	op->passed = op->warned = op->failed = 0;
	for (size_t i = 0; i < op->n; i++) {
		ds_check host[DS_OP_LINK_CHECKS_MAX];
		size_t n_host = 0;
		ds_loaded_plugin *lp;
		ds_device *dev;
		ds_status st;

		if (ds_job_cancelled(job))
			return DS_ERR_CANCELLED;
		if (!ds_op_diagnosable(&op->list[i]))
			continue;
		st = ds_op_open(job, op->devices, &op->list[i], &lp, &dev);
		if (st == DS_ERR_CANCELLED)
			return st;
		if (st != DS_OK)
			continue;
		ds_job_progress(job, (unsigned)(i * 1000 / op->n), _("Checking %s"), op->list[i].name);
		st = ds_op_link_checks(job, op, &op->list[i], lp, dev, host, &n_host);
		if (st != DS_OK)
			return st;
		if (!(op->list[i].features & DS_FEATURE_DIAGNOSE) || !ds_plugin_has_op(lp, DS_PLUGIN_OP_DIAGNOSE))
			continue;
		for (size_t index = 0;; index++) {
			ds_check check;

			if (index == DS_LIST_MAX) {
				ds_op_list_cut(job, lp);
				break;
			}
			memset(&check, 0, sizeof check);
			ds_job_progress(job, (unsigned)(i * 1000 / op->n), _("Checking %s"), op->list[i].name);
			DS_PLUGIN_CALL(lp, st = lp->desc.diagnose(job, dev, index, &check));
			if (st == DS_ERR_CANCELLED)
				return st;
			if (st != DS_OK)
				break; /* DS_ERR_NOT_FOUND: no more checks on this device */
			check.id[sizeof check.id - 1] = '\0';
			/* One verdict per check: where the host graded the link itself, its
			 * grading (alike for every vendor) stands. */
			if (ds_op_graded_by_host(host, n_host, check.id))
				continue;
			if (!ds_op_post_check(job, op, op->list[i].serial, &check))
				return DS_ERR_NO_MEMORY;
		}
	}
	return DS_OK;
}

ds_status ds_op_handover_job(ds_job *job, void *arg)
{
	ds_op_handover *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	op->code[0] = '\0';
	if (!(op->device.features & DS_FEATURE_HANDOVER))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED, _("%s gives no hand-over code."), op->device.name);
	st = ds_op_open(job, op->devices, &op->device, &lp, &dev);
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 100, "%s", _("Asking the device for the hand-over code"));
	DS_PLUGIN_CALL(lp, st = lp->desc.handover_code(job, dev, op->code, sizeof op->code));
	if (st != DS_OK) {
		op->code[0] = '\0';
		return ds_job_message(job)[0] ? st
			: ds_job_fail(job, st, _("The device gave no hand-over code (%s). Try again."), ds_status_str(st));
	}
	op->code[sizeof op->code - 1] = '\0';
	if (!op->code[0])
		return ds_job_fail(job, DS_ERR_DEVICE, "%s", _("The device gave an empty hand-over code. Try again."));
	return DS_OK;
}
