/* The operator scan and the profile download as jobs. */
#include "app/core/esim_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/device_ops.h"
#include "app/core/serial_discover.h"
#include "app/base/i18n.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "app/mno/operator_db.h"

/** Strongest network first; unknown signal last. */
static int ds_network_by_signal(const void *a, const void *b)
{
	const ds_network *x = a, *y = b;

	return (y->rssi_dbm > x->rssi_dbm) - (y->rssi_dbm < x->rssi_dbm);
}

/** ds_op_item_fn of an operator scan; the texts are cut to their fields. */
static ds_status ds_op_network_item(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, size_t index, void *item)
{
	ds_network *n = item;
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.operator_scan(job, dev, index, n));
	n->mcc[sizeof n->mcc - 1] = n->mnc[sizeof n->mnc - 1] = n->operator_name[sizeof n->operator_name - 1] = '\0';
	return st;
}

ds_status ds_op_operator_scan_job(ds_job *job, void *arg)
{
	ds_op_operator_scan *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	free(op->networks);
	op->networks = NULL;
	op->n = 0;
	op->supported = false;
	/* Read the operator database here, off the UI thread, for naming what is found. */
	(void)ds_mno_db_shared();
	st = ds_devices_open(job, op->devices, op->device.plugin_id, op->device.locator, &lp, &dev);
	if (st != DS_OK)
		return st;
	/* A module that cannot scan is no failure: the step just shows no scan. */
	if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_OPERATOR_SCAN))
		return DS_OK;
	op->supported = true;
	ds_job_progress(job, 50, "%s", _("Scanning for mobile networks"));
	st = ds_op_read_list(job, lp, dev, ds_op_network_item, sizeof *op->networks, &op->networks, &op->n);
	if (st != DS_OK)
		return st;
	qsort(op->networks, op->n, sizeof *op->networks, ds_network_by_signal);
	return DS_OK;
}

ds_status ds_op_esim_download_job(ds_job *job, void *arg)
{
	ds_op_esim_download *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	op->needs_confirmation = false;
	st = ds_devices_open(job, op->devices, op->device.plugin_id, op->device.locator, &lp, &dev);
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 50, "%s", _("Downloading the eSIM profile"));
	DS_PLUGIN_CALL(lp, st = lp->desc.esim_download(job, dev, op->activation_code, op->confirmation_code));
	if (st == DS_ERR_AUTH)
		op->needs_confirmation = true;
	if (st != DS_OK && !ds_job_message(job)[0])
		return ds_job_fail(job, st, _("The profile was not downloaded (%s). Check the code and try again."),
				   ds_status_str(st));
	return st;
}

void ds_cellular_choice_record(ds_site *site, const char *device_serial, const ds_esim_profile *primary,
			       const ds_esim_profile *backup)
{
	ds_site_cellular *c = &site->cellular;

	if (strcmp(c->primary.iccid, primary->iccid) != 0 || strcmp(c->backup.iccid, backup->iccid) != 0) {
		c->failover = DS_FAILOVER_NOT_RUN;
		c->failover_detail[0] = c->failover_at[0] = '\0';
		c->failover_switch_ms = 0;
	}
	snprintf(c->device_serial, sizeof c->device_serial, "%s", device_serial);
	ds_site_profile_set(&c->primary, primary);
	ds_site_profile_set(&c->backup, backup);
	c->applied = true;
	ds_site_note(site, _("Operators applied: primary %s (%s), backup %s (%s)"), c->primary.operator_name,
		     c->primary.operator_code, c->backup.operator_name, c->backup.operator_code);
}

bool ds_cellular_profile_deleted(ds_site *site, const char *iccid)
{
	ds_site_cellular *c = &site->cellular;
	ds_site_profile *role = NULL;
	char name[DS_NAME_MAX];

	if (!iccid[0])
		return false;
	if (strcmp(c->primary.iccid, iccid) == 0)
		role = &c->primary;
	else if (strcmp(c->backup.iccid, iccid) == 0)
		role = &c->backup;
	if (!role)
		return false;
	snprintf(name, sizeof name, "%s", role->operator_name[0] ? role->operator_name : iccid);
	if (role == &c->primary)
		ds_site_note(site, _("The primary %s (%s) was deleted from the eSIM; choose a new primary"), name, iccid);
	else
		ds_site_note(site, _("The backup %s (%s) was deleted from the eSIM; choose a new backup"), name, iccid);
	memset(role, 0, sizeof *role);
	c->applied = false;
	c->failover = DS_FAILOVER_NOT_RUN;
	c->failover_detail[0] = c->failover_at[0] = '\0';
	c->failover_switch_ms = 0;
	return true;
}

ds_failover_outcome ds_failover_classify(ds_status st, const ds_failover_result *r)
{
	if (st == DS_OK)
		return DS_FAILOVER_PASSED;
	return r->switched_to_backup && !r->returned_to_primary ? DS_FAILOVER_STUCK : DS_FAILOVER_FAILED;
}

ds_failover_outcome ds_failover_record(ds_site *site, ds_status st, const ds_failover_result *r, const char *message,
				       unsigned timeout_s)
{
	ds_site_cellular *c = &site->cellular;
	char text[DS_TEXT_MAX + 128];

	c->failover = ds_failover_classify(st, r);
	if (st == DS_ERR_TIMEOUT && !r->detail[0] && !message[0])
		snprintf(c->failover_detail, sizeof c->failover_detail, _("The test did not finish within %u s."),
			 timeout_s);
	else
		snprintf(c->failover_detail, sizeof c->failover_detail, "%s", r->detail[0] ? r->detail : message);
	c->failover_switch_ms = c->failover == DS_FAILOVER_PASSED ? r->switch_ms : 0;
	ds_site_now(c->failover_at);
	ds_failover_text(c, text, sizeof text);
	ds_site_note(site, "%s", text);
	return c->failover;
}

void ds_failover_text(const ds_site_cellular *c, char *buf, size_t size)
{
	switch (c->failover) {
	case DS_FAILOVER_PASSED:
		snprintf(buf, size, _("Failover test passed: backup online in %u ms."), c->failover_switch_ms);
		return;
	case DS_FAILOVER_FAILED:
		snprintf(buf, size, _("Failover test failed: %s"), c->failover_detail);
		return;
	case DS_FAILOVER_STUCK:
		snprintf(buf, size, _("Failover test: stuck on the backup. %s"), c->failover_detail);
		return;
	case DS_FAILOVER_NOT_RUN:
		break;
	}
	snprintf(buf, size, "%s", _("Failover test: not run yet."));
}

/* ---- eSIM management (SGP.22 chips) ---- */

/** The plugin that discovers a device with this locator; NULL for none. */
static ds_loaded_plugin *ds_esim_locator_owner(ds_job *job, ds_plugin_set *set, const char *wanted)
{
	char locator[DS_LOCATOR_MAX];

	for (size_t i = 0; i < set->n_loaded; i++) {
		ds_loaded_plugin *lp = set->loaded[i];
		ds_status st = DS_OK;

		if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_DISCOVER))
			continue;
		for (size_t k = 0; k < DS_LIST_MAX && st == DS_OK; k++) {
			locator[0] = '\0';
			DS_PLUGIN_CALL(lp, st = lp->desc.discover(job, k, locator, sizeof locator));
			if (st == DS_OK && strcmp(locator, wanted) == 0)
				return lp;
		}
	}
	return NULL;
}

ds_status ds_op_esim_device_job(ds_job *job, void *arg)
{
	ds_op_esim_device *op = arg;
	ds_plugin_set *set = ds_devices_plugins(op->devices);
	char locator[DS_LOCATOR_MAX];
	ds_loaded_plugin *lp, *owner;
	ds_device *dev;
	ds_status st, problem = DS_OK;

	memset(&op->found, 0, sizeof op->found);
	ds_job_progress(job, 100, _("Looking for %s"), op->name);
	if (strncmp(op->name, "/dev/", 5) == 0) {
		lp = ds_serial_claim(job, op->devices, op->name, locator, sizeof locator, &problem);
	} else {
		lp = ds_esim_locator_owner(job, set, op->name);
		snprintf(locator, sizeof locator, "%s", op->name);
	}
	if (ds_job_cancelled(job))
		return DS_ERR_CANCELLED;
	if (!lp && problem != DS_OK)
		return problem; /* the plugin said why (no permission, port busy): its message is the job's */
	if (!lp)
		return ds_job_fail(job, DS_ERR_NOT_FOUND,
				   _("No device answers as %s. Name a cellular module by its serial port (such as "
				     "/dev/ttyUSB2), any other device by the locator \"doorstep discover\" lists."),
				   op->name);
	st = ds_devices_open(job, op->devices, lp->desc.id, locator, &owner, &dev);
	if (st == DS_OK)
		st = ds_devices_describe(job, owner, dev, &op->found);
	if (st != DS_OK)
		return st;
	if (!(op->found.features & DS_FEATURE_ESIM))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED, _("%s has no eSIM. Name the device with the eSIM."),
				   op->found.name);
	return DS_OK;
}

ds_status ds_op_esim_info_job(ds_job *job, void *arg)
{
	ds_op_esim_info *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	memset(&op->info, 0, sizeof op->info);
	st = ds_devices_open(job, op->devices, op->device.plugin_id, op->device.locator, &lp, &dev);
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 300, "%s", _("Reading the eSIM's identity"));
	DS_PLUGIN_CALL(lp, st = lp->desc.esim_info(job, dev, &op->info));
	return st;
}

const ds_esim_profile *ds_esim_profile_find(const ds_op_profiles *profiles, const char *iccid)
{
	for (size_t i = 0; i < profiles->n; i++)
		if (strcmp(profiles->profiles[i].iccid, iccid) == 0)
			return &profiles->profiles[i];
	return NULL;
}

/** The kinds of change ds_esim_change makes. */
typedef enum ds_esim_change_kind {
	DS_ESIM_ENABLE,
	DS_ESIM_DISABLE,
	DS_ESIM_DELETE,
	DS_ESIM_NICKNAME,
} ds_esim_change_kind;

/** What the person calls a profile: its nickname, else its operator. */
static const char *ds_esim_profile_label(const ds_esim_profile *p)
{
	return p->nickname[0] ? p->nickname : p->operator_name[0] ? p->operator_name : p->iccid;
}

/** Refuses a change the profile as it is cannot take, before the device is
 *  asked; sets op->unchanged when it is already as asked. */
static ds_status ds_esim_change_allowed(ds_job *job, ds_op_esim_change *op, ds_esim_change_kind kind)
{
	const ds_esim_profile *p = &op->before;

	switch (kind) {
	case DS_ESIM_ENABLE:
		op->unchanged = p->enabled;
		break;
	case DS_ESIM_DISABLE:
		if (!p->enabled)
			return ds_job_fail(job, DS_ERR_INVALID,
					   _("%s (%s) is not enabled, so there is nothing to disable."),
					   ds_esim_profile_label(p), p->iccid);
		break;
	case DS_ESIM_DELETE:
		if (p->enabled)
			return ds_job_fail(job, DS_ERR_INVALID,
					   _("%s (%s) is the enabled profile and cannot be deleted. Enable another "
					     "profile first, then delete this one."),
					   ds_esim_profile_label(p), p->iccid);
		break;
	case DS_ESIM_NICKNAME:
		op->unchanged = strcmp(p->nickname, op->nickname) == 0;
		break;
	}
	return DS_OK;
}

/** True when the profiles read back show the change made. */
static bool ds_esim_change_seen(const ds_op_esim_change *op, ds_esim_change_kind kind)
{
	const ds_esim_profile *p = ds_esim_profile_find(&op->read_back, op->iccid);

	switch (kind) {
	case DS_ESIM_ENABLE:
		return p && p->enabled;
	case DS_ESIM_DISABLE:
		return p && !p->enabled;
	case DS_ESIM_DELETE:
		return !p;
	case DS_ESIM_NICKNAME:
		return p && strcmp(p->nickname, op->nickname) == 0;
	}
	return false;
}

/** Calls the plugin's operation for kind. */
static ds_status ds_esim_change_call(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, ds_op_esim_change *op,
				     ds_esim_change_kind kind)
{
	ds_status st = DS_ERR_INTERNAL;

	switch (kind) {
	case DS_ESIM_ENABLE:
		ds_job_progress(job, 400, "%s", _("Enabling the profile"));
		DS_PLUGIN_CALL(lp, st = lp->desc.esim_set_primary(job, dev, op->iccid));
		break;
	case DS_ESIM_DISABLE:
		ds_job_progress(job, 400, "%s", _("Disabling the profile"));
		DS_PLUGIN_CALL(lp, st = lp->desc.esim_disable(job, dev, op->iccid));
		break;
	case DS_ESIM_DELETE:
		ds_job_progress(job, 400, "%s", _("Deleting the profile"));
		DS_PLUGIN_CALL(lp, st = lp->desc.esim_delete(job, dev, op->iccid));
		break;
	case DS_ESIM_NICKNAME:
		ds_job_progress(job, 400, "%s", _("Setting the nickname"));
		DS_PLUGIN_CALL(lp, st = lp->desc.esim_nickname(job, dev, op->iccid, op->nickname));
		break;
	}
	return st;
}

/** Reads the profiles, checks the change, makes it and reads them back. */
static ds_status ds_esim_change(ds_job *job, ds_op_esim_change *op, ds_esim_change_kind kind)
{
	ds_op_profiles *rb = &op->read_back;
	const ds_esim_profile *p;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	op->unchanged = false;
	memset(&op->before, 0, sizeof op->before);
	st = ds_devices_open(job, rb->devices, rb->device.plugin_id, rb->device.locator, &lp, &dev);
	if (st != DS_OK)
		return st;
	/* A change the device cannot report back is never made: nothing would prove it. */
	if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_ESIM_PROFILE))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED, "%s",
				   _("This device cannot list its eSIM profiles, so a change could not be confirmed; "
				     "nothing was changed."));
	st = ds_op_profiles_job(job, rb);
	if (st != DS_OK)
		return st;
	p = ds_esim_profile_find(rb, op->iccid);
	if (!p)
		return ds_job_fail(job, DS_ERR_NOT_FOUND,
				   _("The eSIM has no profile with ICCID %s. List the profiles and choose one of them."),
				   op->iccid);
	op->before = *p;
	st = ds_esim_change_allowed(job, op, kind);
	if (st != DS_OK || op->unchanged || op->check_only)
		return st;
	/* Without the operation, the host's stub says what the device cannot do. */
	st = ds_esim_change_call(job, lp, dev, op, kind);
	if (st != DS_OK) {
		if (!ds_job_message(job)[0])
			return ds_job_fail(job, st, _("The device refused the change (%s); nothing was changed."),
					   ds_status_str(st));
		return st;
	}
	ds_job_progress(job, 750, "%s", _("Reading back what the device reports"));
	st = ds_op_profiles_job(job, rb);
	if (st != DS_OK)
		return st;
	if (!ds_esim_change_seen(op, kind))
		return ds_job_fail(job, DS_ERR_DEVICE, "%s",
				   _("The device accepted the change but does not report it (read back differs). "
				     "List the profiles to see what it has, and try again."));
	return DS_OK;
}

ds_status ds_op_esim_enable_job(ds_job *job, void *arg)
{
	return ds_esim_change(job, arg, DS_ESIM_ENABLE);
}

ds_status ds_op_esim_disable_job(ds_job *job, void *arg)
{
	return ds_esim_change(job, arg, DS_ESIM_DISABLE);
}

ds_status ds_op_esim_delete_job(ds_job *job, void *arg)
{
	return ds_esim_change(job, arg, DS_ESIM_DELETE);
}

ds_status ds_op_esim_nickname_job(ds_job *job, void *arg)
{
	return ds_esim_change(job, arg, DS_ESIM_NICKNAME);
}

/** ds_op_item_fn of the pending notifications. */
static ds_status ds_op_notification_item(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, size_t index, void *item)
{
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.esim_notification(job, dev, index, item));
	return st;
}

/** Reads the pending notifications into op (none where the plugin keeps none). */
static ds_status ds_op_read_notifications(ds_job *job, ds_op_esim_notifications *op, ds_loaded_plugin *lp, ds_device *dev)
{
	free(op->list);
	op->list = NULL;
	op->n = 0;
	if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_ESIM_NOTIFICATION))
		return DS_OK;
	return ds_op_read_list(job, lp, dev, ds_op_notification_item, sizeof *op->list, &op->list, &op->n);
}

ds_status ds_op_esim_notifications_job(ds_job *job, void *arg)
{
	ds_op_esim_notifications *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st = ds_devices_open(job, op->devices, op->device.plugin_id, op->device.locator, &lp, &dev);

	op->sent = 0;
	if (st != DS_OK)
		return st;
	ds_job_progress(job, 300, "%s", _("Reading the eSIM's notifications"));
	return ds_op_read_notifications(job, op, lp, dev);
}

ds_status ds_op_esim_notifications_send_job(ds_job *job, void *arg)
{
	ds_op_esim_notifications *op = arg;
	ds_loaded_plugin *lp;
	ds_device *dev;
	size_t before;
	ds_status st, sent_st;

	op->sent = 0;
	st = ds_devices_open(job, op->devices, op->device.plugin_id, op->device.locator, &lp, &dev);
	if (st != DS_OK)
		return st;
	st = ds_op_read_notifications(job, op, lp, dev);
	if (st != DS_OK || op->n == 0)
		return st;
	before = op->n;
	ds_job_progress(job, 100, "%s", _("Sending the eSIM's notifications to the operators"));
	DS_PLUGIN_CALL(lp, sent_st = lp->desc.esim_notifications_send(job, dev));
	if (sent_st == DS_ERR_CANCELLED || sent_st == DS_ERR_UNSUPPORTED)
		return sent_st;
	/* What the chip still keeps is the truth, whatever the plugin said. */
	st = ds_op_read_notifications(job, op, lp, dev);
	if (st != DS_OK)
		return st;
	op->sent = before > op->n ? before - op->n : 0;
	if (op->n > 0) {
		if (sent_st != DS_OK && ds_job_message(job)[0])
			return sent_st;
		return ds_job_fail(job, sent_st != DS_OK ? sent_st : DS_ERR_DEVICE,
				   P_("%zu notification is still waiting on the eSIM. Check the Internet connection "
				      "and send again.",
				      "%zu notifications are still waiting on the eSIM. Check the Internet connection "
				      "and send again.",
				      op->n),
				   op->n);
	}
	return DS_OK;
}

ds_status ds_op_esim_overview_job(ds_job *job, void *arg)
{
	ds_op_esim_overview *op = arg;
	ds_op_esim_notifications notes;
	ds_loaded_plugin *lp;
	ds_device *dev;
	ds_status st;

	op->has_info = op->keeps_notifications = op->notifications_read = false;
	op->n_notifications = 0;
	memset(&op->info, 0, sizeof op->info);
	st = ds_op_profiles_job(job, &op->profiles);
	if (st != DS_OK)
		return st;
	st = ds_devices_open(job, op->profiles.devices, op->profiles.device.plugin_id, op->profiles.device.locator, &lp,
			     &dev);
	if (st != DS_OK)
		return st;
	if (op->want_info && ds_plugin_has_op(lp, DS_PLUGIN_OP_ESIM_INFO)) {
		ds_job_progress(job, 700, "%s", _("Reading the eSIM's identity"));
		DS_PLUGIN_CALL(lp, st = lp->desc.esim_info(job, dev, &op->info));
		op->has_info = st == DS_OK && op->info.eid[0];
		op->info.eid[sizeof op->info.eid - 1] = '\0';
		op->info.default_smdp[sizeof op->info.default_smdp - 1] = '\0';
		if (ds_job_cancelled(job))
			return DS_ERR_CANCELLED;
	}
	if (!ds_plugin_has_op(lp, DS_PLUGIN_OP_ESIM_NOTIFICATION))
		return DS_OK;
	op->keeps_notifications = true;
	ds_job_progress(job, 850, "%s", _("Reading the eSIM's notifications"));
	memset(&notes, 0, sizeof notes);
	st = ds_op_read_notifications(job, &notes, lp, dev);
	free(notes.list);
	if (st == DS_OK) {
		op->notifications_read = true;
		op->n_notifications = notes.n;
	}
	return ds_job_cancelled(job) ? DS_ERR_CANCELLED : DS_OK;
}

const char *ds_notification_event_str(ds_notification_event event)
{
	switch (event) {
	case DS_NOTIFY_INSTALL:
		return "install";
	case DS_NOTIFY_ENABLE:
		return "enable";
	case DS_NOTIFY_DISABLE:
		return "disable";
	case DS_NOTIFY_DELETE:
		return "delete";
	case DS_NOTIFY_OTHER:
		break;
	}
	return "other";
}

const char *ds_profile_class_str(ds_profile_class cls)
{
	switch (cls) {
	case DS_PROFILE_CLASS_TEST:
		return "test";
	case DS_PROFILE_CLASS_PROVISIONING:
		return "provisioning";
	case DS_PROFILE_CLASS_OPERATIONAL:
		return "operational";
	case DS_PROFILE_CLASS_UNKNOWN:
		break;
	}
	return "unknown";
}
