/* Finding the device a connection asks for (by address or by advertised
 * name) among the devices BlueZ knows, and when BlueZ has not seen it yet
 * (real BlueZ connects only to a device it has seen), a short discovery
 * until it turns up. */
#ifndef DS_BLE_LOCATE_H
#define DS_BLE_LOCATE_H

#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "app/ble/bluez.h"
#include "app/base/jobs.h"
#include "app/base/must_check.h"

/** Longest discovery for a device BlueZ has not seen (ms): a device that
 *  waits to be set up advertises several times a second. */
#define DS_BLE_LOCATE_DISCOVER_MS 8000u
/** How often BlueZ's devices are looked through meanwhile (ms). */
#define DS_BLE_LOCATE_POLL_MS 200u

/** The device found. */
typedef struct ds_ble_located {
	char path[128]; /**< its object, e.g. "/org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF" */
	char address[18];
	bool resolved; /**< connected already, with its services resolved */
} ds_ble_located;

/** Finds the device with address (AA:BB:CC:DD:EE:FF), or when name is not
 *  empty the one advertising exactly that name. When BlueZ does not know
 *  it, discovers on adapter for at most discover_ms (a countdown as the
 *  job's progress, cancellable), stops discovery, and takes it once seen.
 *  Every call to BlueZ waits at most timeout_ms. Fails with a message:
 *  DS_ERR_NOT_FOUND when the device was not found (what to do about its
 *  power, distance and advertising), DS_ERR_DEVICE when the adapter it is
 *  under (or the one to discover on) is switched off. */
DS_MUST_CHECK ds_status ds_ble_locate(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter, const char *address,
				      const char *name, unsigned discover_ms, unsigned timeout_ms, ds_ble_located *out);

#endif
