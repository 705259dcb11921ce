/* libFuzzer target: what doorstep makes of a Bluetooth LE advertisement
 * once BlueZ's properties are read into a ds_ble_device: the built-in
 * decoding (ds_ble_advert_describe, ds_ble_matter_decode), the merge of a
 * property update, the record plugins see (ds_ble_device_advert) and the
 * claims of plugins (ds_ble_claim_device). The input is a sequence of
 * fields, each a tag byte, a length byte and that many bytes, with the
 * bounds the D-Bus reader keeps (strings cut and NUL-terminated, data at
 * most DS_BLE_DATA_MAX bytes). */
#include <stdio.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/ble/ble_advert.h"
#include "app/plugin/ble_claim.h"
#include "app/plugin/plugin_ops.h"

/** Copies n bytes into a string field of size bytes, cut and NUL-terminated. */
static void fuzz_str(char *dst, size_t size, const uint8_t *p, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

/** Copies n bytes into a data field, at most DS_BLE_DATA_MAX of them. */
static size_t fuzz_data(uint8_t *dst, const uint8_t *p, size_t n)
{
	if (n > DS_BLE_DATA_MAX)
		n = DS_BLE_DATA_MAX;
	memcpy(dst, p, n);
	return n;
}

/** A UUID field: two bytes are a 16-bit UUID, anything else is text. */
static void fuzz_uuid(char out[DS_BLE_UUID_LEN], const uint8_t *p, size_t n)
{
	if (n == 2)
		ds_ble_uuid16((uint16_t)(p[0] | p[1] << 8), out);
	else
		fuzz_str(out, DS_BLE_UUID_LEN, p, n);
}

/** Fills dev from the input's fields. */
static void fuzz_device(ds_ble_device *dev, const uint8_t *data, size_t size)
{
	ds_ble_device_init(dev);
	snprintf(dev->path, sizeof dev->path, "/org/bluez/hci0/dev_fuzz");
	for (size_t off = 0; off + 2 <= size;) {
		uint8_t tag = data[off];
		size_t n = data[off + 1];
		const uint8_t *p = data + off + 2;

		if (n > size - off - 2)
			n = size - off - 2;
		off += 2 + n;
		switch (tag % 8) {
		case 0:
			fuzz_str(dev->address, sizeof dev->address, p, n);
			dev->fields |= DS_BLE_F_ADDRESS;
			break;
		case 1:
			fuzz_str(dev->name, sizeof dev->name, p, n);
			dev->fields |= DS_BLE_F_NAME;
			break;
		case 2:
			if (n >= 2) {
				dev->manufacturer_id = (uint16_t)(p[0] | p[1] << 8);
				dev->manufacturer_data_len = fuzz_data(dev->manufacturer_data, p + 2, n - 2);
				dev->fields |= DS_BLE_F_MANUFACTURER;
			}
			break;
		case 3:
			if (n >= 1) {
				size_t ulen = p[0] < n - 1 ? p[0] : n - 1;

				fuzz_uuid(dev->service_data_uuid, p + 1, ulen);
				dev->service_data_len = fuzz_data(dev->service_data, p + 1 + ulen, n - 1 - ulen);
				dev->fields |= DS_BLE_F_SERVICE_DATA;
			}
			break;
		case 4:
			if (dev->n_uuids < DS_BLE_UUIDS_MAX) {
				fuzz_uuid(dev->uuids[dev->n_uuids++], p, n);
				dev->fields |= DS_BLE_F_UUIDS;
			}
			break;
		case 5:
			dev->rssi = (int16_t)(n ? -(int)p[0] : 0);
			dev->fields |= DS_BLE_F_RSSI;
			break;
		default:
			dev->connected = tag & 0x10;
			dev->paired = tag & 0x20;
			dev->services_resolved = tag & 0x40;
			dev->fields |= DS_BLE_F_CONNECTED | DS_BLE_F_PAIRED | DS_BLE_F_RESOLVED;
			break;
		}
	}
}

/** Plugins that only declare claims (no plugin code runs), as a vendor would. */
static const ds_ble_claim fuzz_claims_a[] = {
	{ .kind = DS_BLE_CLAIM_MANUFACTURER, .manufacturer_id = 0x02E5 },
	{ .kind = DS_BLE_CLAIM_END },
};
static const ds_ble_claim fuzz_claims_b[] = {
	{ .kind = DS_BLE_CLAIM_SERVICE_UUID, .uuid = "0000abcd-0000-1000-8000-00805f9b34fb" },
	{ .kind = DS_BLE_CLAIM_SERVICE_DATA, .uuid = "0000fff6-0000-1000-8000-00805f9b34fb" },
	{ .kind = DS_BLE_CLAIM_END },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ds_loaded_plugin plugin_a, plugin_b;
	static ds_loaded_plugin *loaded[] = { &plugin_a, &plugin_b };
	static ds_plugin_set set = { .loaded = loaded, .n_loaded = 2 };
	static bool ready;
	ds_ble_device dev, row;
	ds_ble_advert adv;
	ds_ble_matter m;
	char hex[2 * DS_BLE_DATA_MAX + 1];

	if (!ready) {
		plugin_a.desc.id = "fuzz-a";
		plugin_a.desc.ble_claims = fuzz_claims_a;
		plugin_b.desc.id = "fuzz-b";
		plugin_b.desc.ble_claims = fuzz_claims_b;
		ds_plugin_ops_fill(&plugin_a);
		ds_plugin_ops_fill(&plugin_b);
		ready = true;
	}
	fuzz_device(&dev, data, size);
	/* As the scanner does: merge the update into its row, describe it, claim it. */
	ds_ble_device_init(&row);
	ds_ble_device_merge(&row, &dev);
	ds_ble_advert_describe(&row);
	FUZZ_CHECK(!row.kind[0] || strcmp(row.kind, "matter") == 0 || strcmp(row.kind, "esp-prov") == 0);
	FUZZ_CHECK(memchr(row.label, '\0', sizeof row.label) != NULL);
	if (ds_ble_matter_decode(row.service_data, row.service_data_len, &m))
		FUZZ_CHECK(m.discriminator <= 0x0FFF && m.version <= 0x0F);
	ds_ble_device_advert(&row, &adv);
	FUZZ_CHECK(adv.manufacturer_data_len <= DS_BLE_DATA_MAX && adv.service_data_len <= DS_BLE_DATA_MAX);
	ds_ble_hex(row.manufacturer_data, adv.manufacturer_data_len, hex, sizeof hex);
	FUZZ_CHECK(strlen(hex) == 2 * adv.manufacturer_data_len);
	if (ds_ble_claim_device(NULL, &set, &row)) {
		FUZZ_CHECK(row.claimed_by[0] && strncmp(row.locator, "ble:", 4) == 0);
		FUZZ_CHECK(ds_ble_device_has_uuid(&row, "0000abcd-0000-1000-8000-00805f9b34fb") ||
			   ds_ble_device_has_uuid(&row, "0000fff6-0000-1000-8000-00805f9b34fb") ||
			   row.manufacturer_id == 0x02E5);
	}
	return 0;
}
