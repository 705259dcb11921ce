/* Built-in decoding of advertisements, so that a device shows a useful
 * name before any plugin claims it:
 *  - Matter commissionable devices: service data of UUID 0xFFF6, opcode 0,
 *    then the 12-bit discriminator (with a 4-bit version above it), the
 *    vendor ID and the product ID, each little-endian.
 *  - ESP-IDF provisioning devices: a name starting "PROV_", or the
 *    provisioning service UUID (the default 0xFFFF, or the example's). */
#ifndef DS_BLE_ADVERT_H
#define DS_BLE_ADVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ble/ble_device.h"

/** A Matter commissionable advertisement. */
typedef struct ds_ble_matter {
	uint16_t discriminator; /**< 0..4095 */
	uint8_t version;        /**< advertisement version (4 bits) */
	uint16_t vendor_id;
	uint16_t product_id;
	bool additional_data;   /**< the device offers additional data over GATT */
} ds_ble_matter;

/** Decodes 0xFFF6 service data; false when it is not a commissionable advertisement. */
bool ds_ble_matter_decode(const uint8_t *data, size_t len, ds_ble_matter *out);
/** True when dev looks like an ESP-IDF provisioning device. */
bool ds_ble_is_esp_prov(const ds_ble_device *dev);
/** Sets dev->kind and dev->label from its advertisement ("" when unknown). */
void ds_ble_advert_describe(ds_ble_device *dev);

#endif
