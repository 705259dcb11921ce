/* Built-in decoding of BLE advertisements (Matter commissionable service
 * data, ESP-IDF provisioning devices) and the device table's order. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/ble/ble_advert.h"
#include "app/ble/ble_table.h"

/** A device with a name and an address. */
static ds_ble_device device(const char *path, const char *address, const char *name)
{
	ds_ble_device d;

	ds_ble_device_init(&d);
	snprintf(d.path, sizeof d.path, "%s", path);
	snprintf(d.address, sizeof d.address, "%s", address);
	snprintf(d.name, sizeof d.name, "%s", name);
	d.fields = DS_BLE_F_ADDRESS | DS_BLE_F_NAME;
	return d;
}

Test(ble_advert, matter_service_data)
{
	/* opcode 0, discriminator 0xF00 with version 0, VID 0xFFF1, PID 0x8000, additional data. */
	static const uint8_t data[] = { 0x00, 0x00, 0x0F, 0xF1, 0xFF, 0x00, 0x80, 0x01 };
	ds_ble_matter m;

	cr_assert(ds_ble_matter_decode(data, sizeof data, &m));
	cr_assert_eq(m.discriminator, 3840);
	cr_assert_eq(m.version, 0);
	cr_assert_eq(m.vendor_id, 0xFFF1);
	cr_assert_eq(m.product_id, 0x8000);
	cr_assert(m.additional_data);
}

Test(ble_advert, matter_version_bits_are_not_the_discriminator)
{
	static const uint8_t data[] = { 0x00, 0x34, 0x12, 0x01, 0x00, 0x02, 0x00 };
	ds_ble_matter m;

	cr_assert(ds_ble_matter_decode(data, sizeof data, &m));
	cr_assert_eq(m.discriminator, 0x234);
	cr_assert_eq(m.version, 1);
	cr_assert_eq(m.vendor_id, 1);
	cr_assert_eq(m.product_id, 2);
	cr_assert_not(m.additional_data);
}

Test(ble_advert, matter_rejects_short_or_other_opcode)
{
	static const uint8_t other[] = { 0x01, 0x00, 0x0F, 0xF1, 0xFF, 0x00, 0x80, 0x00 };
	static const uint8_t shortd[] = { 0x00, 0x00, 0x0F, 0xF1, 0xFF, 0x00 };
	ds_ble_matter m;

	cr_assert_not(ds_ble_matter_decode(other, sizeof other, &m));
	cr_assert_not(ds_ble_matter_decode(shortd, sizeof shortd, &m));
	cr_assert_not(ds_ble_matter_decode(NULL, 0, &m));
}

Test(ble_advert, describe_matter_device)
{
	static const uint8_t data[] = { 0x00, 0x00, 0x0F, 0xF1, 0xFF, 0x00, 0x80, 0x00 };
	ds_ble_device d = device("/org/bluez/hci0/dev_1", "AA:00:00:00:00:01", "");

	ds_ble_uuid16(0xFFF6, d.service_data_uuid);
	memcpy(d.service_data, data, sizeof data);
	d.service_data_len = sizeof data;
	ds_ble_advert_describe(&d);
	cr_assert_str_eq(d.kind, "matter");
	cr_assert(strstr(d.label, "FFF1:8000"), "%s", d.label);
	cr_assert(strstr(d.label, "3840"), "%s", d.label);
}

Test(ble_advert, matter_data_under_another_uuid_is_not_matter)
{
	static const uint8_t data[] = { 0x00, 0x00, 0x0F, 0xF1, 0xFF, 0x00, 0x80, 0x00 };
	ds_ble_device d = device("/org/bluez/hci0/dev_1", "AA:00:00:00:00:01", "x");

	ds_ble_uuid16(0xFEAA, d.service_data_uuid);
	memcpy(d.service_data, data, sizeof data);
	d.service_data_len = sizeof data;
	ds_ble_advert_describe(&d);
	cr_assert_str_eq(d.kind, "");
	cr_assert_str_eq(d.label, "");
}

Test(ble_advert, esp_provisioning_by_name_or_uuid)
{
	ds_ble_device by_name = device("/p/1", "AA:00:00:00:00:01", "PROV_12AB34");
	ds_ble_device by_default = device("/p/2", "AA:00:00:00:00:02", "thermostat");
	ds_ble_device by_example = device("/p/3", "AA:00:00:00:00:03", "");
	ds_ble_device neither = device("/p/4", "AA:00:00:00:00:04", "PROVISIONAL");

	snprintf(by_default.uuids[0], DS_BLE_UUID_LEN, "0000FFFF-0000-1000-8000-00805F9B34FB");
	by_default.n_uuids = 1;
	snprintf(by_example.uuids[0], DS_BLE_UUID_LEN, "021a9004-0382-4aea-bff4-6b3f1c5adfb4");
	by_example.n_uuids = 1;
	cr_assert(ds_ble_is_esp_prov(&by_name));
	cr_assert(ds_ble_is_esp_prov(&by_default));
	cr_assert(ds_ble_is_esp_prov(&by_example));
	cr_assert_not(ds_ble_is_esp_prov(&neither));
	ds_ble_advert_describe(&by_name);
	cr_assert_str_eq(by_name.kind, "esp-prov");
	cr_assert(strstr(by_name.label, "PROV_12AB34"));
	ds_ble_advert_describe(&by_example);
	cr_assert(strstr(by_example.label, "AA:00:00:00:00:03"), "no name: the address stands in");
}

Test(ble_advert, advert_for_plugins)
{
	ds_ble_device d = device("/p/1", "AA:00:00:00:00:01", "Siren");
	ds_ble_advert adv;

	ds_ble_device_advert(&d, &adv);
	cr_assert_eq(adv.rssi_dbm, INT32_MIN, "no signal known");
	cr_assert_eq(adv.manufacturer_id, DS_BLE_NO_MANUFACTURER);
	cr_assert_null(adv.manufacturer_data);
	d.fields |= DS_BLE_F_RSSI;
	d.rssi = -50;
	ds_ble_uuid16(0xFFF6, d.service_data_uuid);
	ds_ble_device_advert(&d, &adv);
	cr_assert_eq(adv.rssi_dbm, -50);
	cr_assert_str_eq(adv.service_uuid, "0000fff6-0000-1000-8000-00805f9b34fb",
			 "no advertised UUIDs: the service data's UUID");
}

/** Asserts the table's addresses, strongest first. */
static void expect_order(const ds_ble_table *t, const char *const *addresses, size_t n)
{
	cr_assert_eq(t->n, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_str_eq(t->rows[i]->address, addresses[i], "row %zu", i);
}

Test(ble_table, sorted_by_signal_and_resorted_on_update)
{
	ds_ble_table t;
	ds_ble_device a = device("/d/a", "AA", "a"), b = device("/d/b", "BB", "b"), c = device("/d/c", "CC", "c");
	ds_ble_device upd;
	bool added;

	ds_ble_table_init(&t);
	a.fields |= DS_BLE_F_RSSI, a.rssi = -80;
	b.fields |= DS_BLE_F_RSSI, b.rssi = -40;
	cr_assert_not_null(ds_ble_table_update(&t, &a, &added));
	cr_assert(added);
	ds_ble_table_update(&t, &b, NULL);
	ds_ble_table_update(&t, &c, NULL);
	expect_order(&t, (const char *const[]){ "BB", "AA", "CC" }, 3);
	/* An update carrying only a new signal keeps the name. */
	ds_ble_device_init(&upd);
	snprintf(upd.path, sizeof upd.path, "/d/a");
	upd.fields = DS_BLE_F_RSSI;
	upd.rssi = -30;
	ds_ble_table_update(&t, &upd, &added);
	cr_assert_not(added);
	expect_order(&t, (const char *const[]){ "AA", "BB", "CC" }, 3);
	cr_assert_str_eq(t.rows[0]->name, "a");
	upd.rssi = -90;
	ds_ble_table_update(&t, &upd, NULL);
	expect_order(&t, (const char *const[]){ "BB", "AA", "CC" }, 3);
	cr_assert(ds_ble_table_remove(&t, "/d/b"));
	cr_assert_not(ds_ble_table_remove(&t, "/d/b"));
	expect_order(&t, (const char *const[]){ "AA", "CC" }, 2);
	ds_ble_table_remove_under(&t, "/d");
	cr_assert_eq(t.n, 0);
	ds_ble_table_clear(&t);
}

Test(ble_table, equal_signal_falls_back_to_address)
{
	ds_ble_table t;

	ds_ble_table_init(&t);
	for (int i = 9; i >= 0; i--) {
		char path[16], addr[8];
		ds_ble_device d;

		snprintf(path, sizeof path, "/d/%d", i);
		snprintf(addr, sizeof addr, "A%d", i);
		d = device(path, addr, "");
		d.fields |= DS_BLE_F_RSSI;
		d.rssi = -60;
		ds_ble_table_put(&t, &d);
	}
	for (size_t i = 1; i < t.n; i++)
		cr_assert(ds_ble_device_before(t.rows[i - 1], t.rows[i]));
	cr_assert_str_eq(t.rows[0]->address, "A0");
	ds_ble_table_clear(&t);
}
