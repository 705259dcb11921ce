/* Bluetooth LE devices nearby, as both faces reach them: the scan, with
 * the site's plugins claiming the devices seen, and pairing one device
 * (find it with a short scan, let the plugin that claims it open it, the
 * plugin's own setup over GATT, describe it). The BLE types the faces read
 * (devices, scan events, the pairing agent's requests) come with it. */
#ifndef DS_BLE_NEARBY_H
#define DS_BLE_NEARBY_H

#include <stdbool.h>

#include "app/ble/ble_agent.h"
#include "app/ble/ble_device.h"
#include "app/ble/ble_scan.h"
#include "app/ble/ble_table.h"
#include "app/core/devices.h"
#include "app/core/site.h"
#include "app/plugin/plugin_loader.h"

/** Lets the plugins of set claim the devices the scan of opts sees (NULL: none). */
void ds_ble_nearby_claim_with(ds_ble_scan_opts *opts, ds_plugin_set *set);
/** Job (arg: ds_ble_scan_opts, claims set with ds_ble_nearby_claim_with):
 *  scans and posts ds_ble_event items, as ds_ble_scan_job. */
ds_status ds_ble_nearby_scan_job(ds_job *job, void *arg);

/** In and out of ds_ble_pair_job. */
typedef struct ds_ble_pair_op {
	ds_devices *devices;       /**< in: its plugins claim, one of them opens */
	char address[18];          /**< in */
	unsigned seconds;          /**< in: how long to look for the device */
	ds_ble_device seen;        /**< out: the device as scanned (claimed_by, locator) */
	bool was_seen;             /**< out */
	ds_site_device found;      /**< out: the opened device */
} ds_ble_pair_op;

/** Job: finds, claims, opens and describes the device. Fails with a message
 *  when it is not seen, no plugin claims it, or its setup fails. */
ds_status ds_ble_pair_job(ds_job *job, void *arg);

#endif
