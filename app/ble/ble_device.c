/* Plain operations on one BLE device record. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/ble/ble_device.h"

void ds_ble_device_init(ds_ble_device *dev)
{
	memset(dev, 0, sizeof *dev);
	dev->manufacturer_id = DS_BLE_NO_MANUFACTURER;
}

void ds_ble_device_merge(ds_ble_device *dst, const ds_ble_device *src)
{
	uint32_t f = src->fields;

	if (f & DS_BLE_F_ADDRESS)
		memcpy(dst->address, src->address, sizeof dst->address);
	if (f & DS_BLE_F_NAME)
		memcpy(dst->name, src->name, sizeof dst->name);
	if (f & DS_BLE_F_RSSI)
		dst->rssi = src->rssi;
	if (f & DS_BLE_F_MANUFACTURER) {
		dst->manufacturer_id = src->manufacturer_id;
		memcpy(dst->manufacturer_data, src->manufacturer_data, sizeof dst->manufacturer_data);
		dst->manufacturer_data_len = src->manufacturer_data_len;
	}
	if (f & DS_BLE_F_SERVICE_DATA) {
		memcpy(dst->service_data_uuid, src->service_data_uuid, sizeof dst->service_data_uuid);
		memcpy(dst->service_data, src->service_data, sizeof dst->service_data);
		dst->service_data_len = src->service_data_len;
	}
	if (f & DS_BLE_F_UUIDS) {
		memcpy(dst->uuids, src->uuids, sizeof dst->uuids);
		dst->n_uuids = src->n_uuids;
	}
	if (f & DS_BLE_F_CONNECTED)
		dst->connected = src->connected;
	if (f & DS_BLE_F_PAIRED)
		dst->paired = src->paired;
	if (f & DS_BLE_F_RESOLVED)
		dst->services_resolved = src->services_resolved;
	dst->fields |= f;
}

void ds_ble_device_advert(const ds_ble_device *dev, ds_ble_advert *adv)
{
	memset(adv, 0, sizeof *adv);
	snprintf(adv->address, sizeof adv->address, "%s", dev->address);
	snprintf(adv->name, sizeof adv->name, "%s", dev->name);
	adv->rssi_dbm = (dev->fields & DS_BLE_F_RSSI) ? dev->rssi : INT32_MIN;
	adv->manufacturer_id = dev->manufacturer_id;
	adv->manufacturer_data = dev->manufacturer_data_len ? dev->manufacturer_data : NULL;
	adv->manufacturer_data_len = dev->manufacturer_data_len;
	if (dev->n_uuids)
		snprintf(adv->service_uuid, sizeof adv->service_uuid, "%s", dev->uuids[0]);
	else
		snprintf(adv->service_uuid, sizeof adv->service_uuid, "%s", dev->service_data_uuid);
	adv->service_data = dev->service_data_len ? dev->service_data : NULL;
	adv->service_data_len = dev->service_data_len;
}

bool ds_ble_device_has_uuid(const ds_ble_device *dev, const char *uuid)
{
	for (size_t i = 0; i < dev->n_uuids; i++)
		if (strcasecmp(dev->uuids[i], uuid) == 0)
			return true;
	return dev->service_data_uuid[0] && strcasecmp(dev->service_data_uuid, uuid) == 0;
}

void ds_ble_hex(const uint8_t *data, size_t len, char *out, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;

	if (!size)
		return;
	for (size_t i = 0; i < len && n + 2 < size; i++) {
		out[n++] = digits[data[i] >> 4];
		out[n++] = digits[data[i] & 15];
	}
	out[n] = '\0';
}

void ds_ble_uuid16(uint16_t short_uuid, char out[DS_BLE_UUID_LEN])
{
	snprintf(out, DS_BLE_UUID_LEN, "0000%04x-0000-1000-8000-00805f9b34fb", short_uuid);
}
