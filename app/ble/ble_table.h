/* The devices a scan has seen, kept sorted by signal (strongest first,
 * devices without a signal last, then by address). Owned by one thread:
 * the scan job's own copy, or the UI's/CLI's copy fed by scan events. */
#ifndef DS_BLE_TABLE_H
#define DS_BLE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ble/ble_device.h"

/** A sorted table of devices. */
typedef struct ds_ble_table {
	ds_ble_device **rows;  /**< sorted; each row owned by the table */
	size_t n;
	size_t cap;
} ds_ble_table;

/** An empty table. */
void ds_ble_table_init(ds_ble_table *t);
/** Frees every row. */
void ds_ble_table_clear(ds_ble_table *t);
/** Index of the device with this object path, or -1. */
long ds_ble_table_find(const ds_ble_table *t, const char *path);
/** Merges an update (by path) into the table, adding the device if new, and
 *  moves it to its sorted place. Returns the row, or NULL when out of memory. */
ds_ble_device *ds_ble_table_update(ds_ble_table *t, const ds_ble_device *update, bool *added);
/** Replaces (or adds) the whole record of a device, keeping the order. */
ds_ble_device *ds_ble_table_put(ds_ble_table *t, const ds_ble_device *dev);
/** Removes the device with this path; true if it was there. */
bool ds_ble_table_remove(ds_ble_table *t, const char *path);
/** Removes every device whose path lies under prefix (an adapter's). */
void ds_ble_table_remove_under(ds_ble_table *t, const char *prefix);
/** True when a sorts before b. */
bool ds_ble_device_before(const ds_ble_device *a, const ds_ble_device *b);

#endif
