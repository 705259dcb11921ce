/* Pairing one BLE device: find it with a short scan, let the plugin that
 * claims it open it (the plugin's own setup over GATT), describe it. */
#ifndef DS_BLE_PAIR_H
#define DS_BLE_PAIR_H

#include <stdbool.h>

#include "app/ble/ble_device.h"
#include "app/core/devices.h"
#include "app/core/site.h"

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
