/* Decoding Matter and ESP-IDF provisioning advertisements. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/ble/ble_advert.h"
#include "app/base/i18n.h"

/** The ESP-IDF provisioning example's custom service UUID. */
#define DS_ESP_PROV_EXAMPLE_UUID "021a9004-0382-4aea-bff4-6b3f1c5adfb4"

bool ds_ble_matter_decode(const uint8_t *data, size_t len, ds_ble_matter *out)
{
	uint16_t word;

	memset(out, 0, sizeof *out);
	if (!data || len < 7 || data[0] != 0x00)
		return false;
	word = (uint16_t)(data[1] | data[2] << 8);
	out->discriminator = word & 0x0FFF;
	out->version = (uint8_t)(word >> 12);
	out->vendor_id = (uint16_t)(data[3] | data[4] << 8);
	out->product_id = (uint16_t)(data[5] | data[6] << 8);
	out->additional_data = len >= 8 && (data[7] & 0x01);
	return true;
}

bool ds_ble_is_esp_prov(const ds_ble_device *dev)
{
	char dflt[DS_BLE_UUID_LEN];

	if (strncmp(dev->name, "PROV_", 5) == 0)
		return true;
	ds_ble_uuid16(0xFFFF, dflt);
	return ds_ble_device_has_uuid(dev, dflt) || ds_ble_device_has_uuid(dev, DS_ESP_PROV_EXAMPLE_UUID);
}

void ds_ble_advert_describe(ds_ble_device *dev)
{
	char matter_uuid[DS_BLE_UUID_LEN];
	ds_ble_matter m;

	dev->kind[0] = '\0';
	dev->label[0] = '\0';
	ds_ble_uuid16(0xFFF6, matter_uuid);
	if (strcasecmp(dev->service_data_uuid, matter_uuid) == 0 &&
	    ds_ble_matter_decode(dev->service_data, dev->service_data_len, &m)) {
		snprintf(dev->kind, sizeof dev->kind, "matter");
		snprintf(dev->label, sizeof dev->label, _("Matter device %04X:%04X, discriminator %u"), m.vendor_id,
			 m.product_id, m.discriminator);
	} else if (ds_ble_is_esp_prov(dev)) {
		snprintf(dev->kind, sizeof dev->kind, "esp-prov");
		snprintf(dev->label, sizeof dev->label, _("ESP provisioning: %s"), dev->name[0] ? dev->name : dev->address);
	}
}
