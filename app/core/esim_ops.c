/* The operator scan and the profile download as jobs. */
#include "app/core/esim_ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/device_ops.h"
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
