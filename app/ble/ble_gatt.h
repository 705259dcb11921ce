/* The GATT table of one connected device, as BlueZ exports it below the
 * device's object: services (GattService1), characteristics
 * (GattCharacteristic1) and descriptors (GattDescriptor1), read from
 * GetManagedObjects, and each characteristic's user description (the 0x2901
 * descriptor). BlueZ exports a descriptor's value only after someone has read
 * it, so the descriptions it has not cached are read with
 * GattDescriptor1.ReadValue, once per connection. Descriptions are device
 * text: they are kept made safe (app/base/safe_text.h) as one line. */
#ifndef DS_BLE_GATT_H
#define DS_BLE_GATT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <systemd/sd-bus.h>
#include <doorstep/plugin.h>

#include "app/base/jobs.h"
#include "app/base/must_check.h"

/** Longest attribute value (the ATT maximum, Core Specification Vol 3 Part F 3.2.9). */
#define DS_GATT_VALUE_MAX 512
/** GATT objects kept per device. */
#define DS_GATT_OBJECTS_MAX 64
/** The 128-bit form of the Characteristic User Description descriptor (0x2901). */
#define DS_GATT_USER_DESCRIPTION_UUID "00002901-0000-1000-8000-00805f9b34fb"

/** One GATT object below the device, as GetManagedObjects lists it. */
typedef struct ds_gatt_object {
	char path[160];
	char iface; /**< 's'ervice, 'c'haracteristic, 'd'escriptor */
	char uuid[37];
	char parent[160];           /**< Service of a characteristic, Characteristic of a descriptor */
	uint32_t flags;             /**< characteristics: enum ds_gatt_flag */
	uint8_t value[DS_NAME_MAX]; /**< descriptors: the Value BlueZ cached or we read */
	size_t value_len;
	bool has_value; /**< value holds what the device gave (BlueZ's cache may be empty) */
} ds_gatt_object;

/** The table: the objects and the characteristics resolved from them. */
typedef struct ds_gatt_table {
	ds_gatt_object objects[DS_GATT_OBJECTS_MAX];
	size_t n_objects;
	ds_gatt_char chars[DS_GATT_OBJECTS_MAX];
	const char *char_paths[DS_GATT_OBJECTS_MAX]; /**< their object paths (into objects) */
	size_t n_chars;
	bool described; /**< the descriptions were read (ds_gatt_table_describe) */
} ds_gatt_table;

/** Reads the GetManagedObjects reply m into t: the objects below dev_path,
 *  then the characteristic list. r < 0 when the reply cannot be read. */
DS_MUST_CHECK int ds_gatt_table_parse(ds_gatt_table *t, sd_bus_message *m, const char *dev_path);
/** Reads with ReadValue each 0x2901 descriptor whose value BlueZ has not
 *  cached, each within what is left until deadline_ms (ds_bluez_now_ms), and
 *  fills the descriptions. A descriptor the device refuses to give leaves its
 *  description empty (logged). DS_OK, or DS_ERR_TIMEOUT / DS_ERR_CANCELLED /
 *  DS_ERR_NOT_FOUND (*gone turned true, or the device left BlueZ) with no
 *  message recorded: the caller says what it was doing. */
DS_MUST_CHECK ds_status ds_gatt_table_describe(ds_gatt_table *t, sd_bus *bus, ds_job *job, uint64_t deadline_ms,
					       const bool *gone);
/** The object path of the characteristic with this UUID (case-insensitive), or NULL. */
const char *ds_gatt_table_path(const ds_gatt_table *t, const char *uuid);

#endif
