/* Discovery on one adapter (Adapter1.SetDiscoveryFilter, StartDiscovery,
 * StopDiscovery): what the BLE scan and a connection to a device BlueZ has
 * not seen yet both start and stop. */
#ifndef DS_BLE_DISCOVERY_H
#define DS_BLE_DISCOVERY_H

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-bus.h>

#include "app/ble/bluez.h"
#include "app/base/jobs.h"
#include "app/base/must_check.h"

/** What discovery looks for: always Bluetooth LE only; these narrow it. */
typedef struct ds_ble_discovery_filter {
	const char *const *uuids; /**< service UUIDs (NULL-terminated), or NULL: all */
	bool use_rssi;            /**< only devices at least rssi_min dBm strong */
	int16_t rssi_min;
} ds_ble_discovery_filter;

/** Sets the filter (NULL: LE, nothing else) and starts discovery on the
 *  adapter. Fails job with a message saying what to do when the adapter
 *  refuses or does not answer within 5 s. */
DS_MUST_CHECK ds_status ds_ble_discovery_start(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter,
					       const ds_ble_discovery_filter *filter);
/** Stops discovery on the adapter, best effort (what needed it is over either way). */
void ds_ble_discovery_stop(sd_bus *bus, const ds_ble_adapter *adapter);

#endif
