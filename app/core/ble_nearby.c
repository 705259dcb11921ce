/* Scanning with plugin claims, and pairing one BLE device through the
 * plugin that claims it. */
#include <string.h>

#include "app/base/i18n.h"
#include "app/core/ble_nearby.h"
#include "app/plugin/ble_claim.h"

/** The scan's claimer: the plugins of the set in ctx. */
static bool ds_ble_nearby_claim(void *ctx, ds_job *job, ds_ble_device *dev, bool *busy)
{
	return ds_ble_claim_device_now(job, ctx, dev, busy);
}

void ds_ble_nearby_claim_with(ds_ble_scan_opts *opts, ds_plugin_set *set)
{
	opts->claim = set ? ds_ble_nearby_claim : NULL;
	opts->claim_ctx = set;
}

ds_status ds_ble_nearby_scan_job(ds_job *job, void *arg)
{
	return ds_ble_scan_job(job, arg);
}

ds_status ds_ble_pair_job(ds_job *job, void *arg)
{
	ds_ble_pair_op *op = arg;
	ds_ble_scan_opts scan = { .seconds = op->seconds, .stop_at = op->address };
	ds_loaded_plugin *lp = NULL;
	ds_device *dev = NULL;
	ds_status st;

	op->was_seen = false;
	ds_ble_nearby_claim_with(&scan, ds_devices_plugins(op->devices));
	st = ds_ble_scan_job(job, &scan);
	if (st != DS_OK)
		return st;
	op->was_seen = scan.was_seen;
	op->seen = scan.seen;
	if (!scan.was_seen)
		return ds_job_fail(job, DS_ERR_NOT_FOUND,
				   _("The device %s was not seen in %u seconds. Wake it up (press its button or "
				     "power it on), move closer, and try again."),
				   op->address, op->seconds);
	if (!scan.seen.claimed_by[0])
		return ds_job_fail(job, DS_ERR_UNSUPPORTED,
				   _("No plugin knows the device %s%s%s. Install its vendor's doorstep plugin, "
				     "then try again."),
				   op->address, scan.seen.label[0] ? ": " : "", scan.seen.label);
	ds_job_progress(job, 50, _("Pairing %s with the %s plugin..."), op->address, scan.seen.claimed_by);
	st = ds_devices_open(job, op->devices, scan.seen.claimed_by, scan.seen.locator, &lp, &dev);
	if (st == DS_OK)
		st = ds_devices_describe(job, lp, dev, &op->found);
	return st;
}
