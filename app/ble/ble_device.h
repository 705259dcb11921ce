/* One Bluetooth LE device as BlueZ reports it (org.bluez.Device1), plus
 * what doorstep adds: the plugin that claims it and a built-in description
 * of its advertisement. Plain data: copied into events and tables. */
#ifndef DS_BLE_DEVICE_H
#define DS_BLE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <doorstep/plugin.h>

/** Bytes kept of one manufacturer-data or service-data entry. */
#define DS_BLE_DATA_MAX 64
/** Advertised service UUIDs kept per device. */
#define DS_BLE_UUIDS_MAX 8
/** A UUID in its 36-character text form, with NUL. */
#define DS_BLE_UUID_LEN 37
/** "none" for ds_ble_device.manufacturer_id. */
#define DS_BLE_NO_MANUFACTURER 0xFFFFu

/** Which fields a property update carried (ds_ble_device.fields). */
enum ds_ble_field {
	DS_BLE_F_ADDRESS = 1u << 0,
	DS_BLE_F_NAME = 1u << 1,
	DS_BLE_F_RSSI = 1u << 2,
	DS_BLE_F_MANUFACTURER = 1u << 3,
	DS_BLE_F_SERVICE_DATA = 1u << 4,
	DS_BLE_F_UUIDS = 1u << 5,
	DS_BLE_F_CONNECTED = 1u << 6,
	DS_BLE_F_PAIRED = 1u << 7,
	DS_BLE_F_RESOLVED = 1u << 8,
};

/** A device. rssi is meaningful only with DS_BLE_F_RSSI in fields. */
typedef struct ds_ble_device {
	char path[128];                  /**< BlueZ object path: the key */
	uint32_t fields;                 /**< enum ds_ble_field: what is known */
	char address[18];
	char name[DS_NAME_MAX];
	int16_t rssi;
	uint16_t manufacturer_id;        /**< DS_BLE_NO_MANUFACTURER: none */
	uint8_t manufacturer_data[DS_BLE_DATA_MAX];
	size_t manufacturer_data_len;
	char service_data_uuid[DS_BLE_UUID_LEN]; /**< "" when no service data */
	uint8_t service_data[DS_BLE_DATA_MAX];
	size_t service_data_len;
	char uuids[DS_BLE_UUIDS_MAX][DS_BLE_UUID_LEN];
	size_t n_uuids;
	bool connected;
	bool paired;
	bool services_resolved;
	char claimed_by[DS_ID_MAX];      /**< plugin id, or "" */
	char locator[DS_LOCATOR_MAX];    /**< what the plugin's open() takes */
	bool claim_pending;              /**< a plugin was busy: ask again */
	char kind[DS_ID_MAX];            /**< built-in decoding: "matter", "esp-prov" or "" */
	char label[DS_NAME_MAX];         /**< built-in description, untranslated parts only */
} ds_ble_device;

/** Empties dev (no fields known, no manufacturer). */
void ds_ble_device_init(ds_ble_device *dev);
/** Copies into dst the fields src->fields says src carries; keeps the rest. */
void ds_ble_device_merge(ds_ble_device *dst, const ds_ble_device *src);
/** Fills adv (for match_ble) from dev; adv points into dev. */
void ds_ble_device_advert(const ds_ble_device *dev, ds_ble_advert *adv);
/** True when dev advertises this service UUID (in UUIDs or service data). */
bool ds_ble_device_has_uuid(const ds_ble_device *dev, const char *uuid);
/** Writes len bytes as lowercase hex into out (size >= 2*len+1). */
void ds_ble_hex(const uint8_t *data, size_t len, char *out, size_t size);
/** Expands a 16-bit UUID to the Bluetooth base UUID text form. */
void ds_ble_uuid16(uint16_t short_uuid, char out[DS_BLE_UUID_LEN]);

#endif
