/* BlueZ over D-Bus (sd-bus): the connection, method calls that wait with a
 * timeout and give way to cancel, adapters, and reading Device1 properties.
 * sd-bus is not thread-safe: each job opens its own connection. */
#ifndef DS_BLUEZ_H
#define DS_BLUEZ_H

#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "app/ble/ble_device.h"
#include "app/base/jobs.h"
#include "app/base/must_check.h"

#define DS_BLUEZ_SERVICE "org.bluez"
#define DS_BLUEZ_ADAPTER "org.bluez.Adapter1"
#define DS_BLUEZ_DEVICE "org.bluez.Device1"

/** An adapter (org.bluez.Adapter1). */
typedef struct ds_ble_adapter {
	char path[64];      /**< e.g. "/org/bluez/hci0" */
	char name[16];      /**< e.g. "hci0" */
	char address[18];
	bool powered;
} ds_ble_adapter;

/** Milliseconds of a monotonic clock (for deadlines). */
uint64_t ds_bluez_now_ms(void);
/** Calls BlueZ's ObjectManager.GetManagedObjects (see ds_bluez_call_watch). */
DS_MUST_CHECK ds_status ds_bluez_managed_objects(sd_bus *bus, ds_job *job, unsigned timeout_ms, const bool *gone,
						 sd_bus_message **reply, sd_bus_error *err);
/** Opens a private connection to the system bus (DBUS_SYSTEM_BUS_ADDRESS
 *  if set). On failure records the message in job and returns DS_ERR_IO. */
DS_MUST_CHECK ds_status ds_bluez_open(ds_job *job, sd_bus **out);
/** Calls a method and waits for the reply at most timeout_ms, checking the
 *  job's cancel flag every 100 ms. DS_OK with *reply (unref it), or
 *  DS_ERR_TIMEOUT / DS_ERR_CANCELLED / DS_ERR_IO with err filled when the
 *  peer answered with an error. job may be NULL (no cancel). */
DS_MUST_CHECK ds_status ds_bluez_call(sd_bus *bus, ds_job *job, sd_bus_message *call, unsigned timeout_ms,
				      sd_bus_message **reply, sd_bus_error *err);
/** Calls a method whose failure changes nothing (Disconnect, StopDiscovery on
 *  the way out), waiting up to timeout_ms; logs a failure. NULL call: nothing. */
void ds_bluez_call_best_effort(sd_bus *bus, sd_bus_message *call, unsigned timeout_ms);
/** As ds_bluez_call; also ends with DS_ERR_NOT_FOUND as soon as *gone
 *  turns true (a signal handler run meanwhile saw the device go). */
DS_MUST_CHECK ds_status ds_bluez_call_watch(sd_bus *bus, ds_job *job, sd_bus_message *call, unsigned timeout_ms,
					    const bool *gone, sd_bus_message **reply, sd_bus_error *err);
/** Calls fn for each entry of the dictionary "a{<entry>}" at m (entry is
 *  e.g. "sv"); fn reads the key and the value. r < 0 on error. */
DS_MUST_CHECK int ds_bluez_each_entry(sd_bus_message *m, const char *entry, int (*fn)(sd_bus_message *m, void *ctx),
				      void *ctx);
/** Finds the first adapter. Fails with a message saying what to do when
 *  BlueZ is not running (DS_ERR_UNSUPPORTED) or there is no adapter
 *  (DS_ERR_NOT_FOUND). An adapter that is off is returned (powered false). */
DS_MUST_CHECK ds_status ds_bluez_adapter(sd_bus *bus, ds_job *job, ds_ble_adapter *out);
/** Switches the adapter on (Powered = true). */
DS_MUST_CHECK ds_status ds_bluez_power_on(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter);
/** Reads an a{sv} of org.bluez.Device1 properties into dev (fields marks
 *  what was there; values of an unexpected type are skipped). */
DS_MUST_CHECK int ds_bluez_read_device_props(sd_bus_message *m, ds_ble_device *dev);
/** Reads an a{sa{sv}} (interfaces and their properties) of object path;
 *  *is_device tells whether it holds org.bluez.Device1. */
DS_MUST_CHECK int ds_bluez_read_interfaces(sd_bus_message *m, const char *path, ds_ble_device *dev, bool *is_device,
					   ds_ble_adapter *adapter, bool *is_adapter);

#endif
