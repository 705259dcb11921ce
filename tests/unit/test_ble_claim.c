/* Which plugin claims a BLE device: declared claims (manufacturer ID,
 * service UUID, service data UUID) filter before match_ble, and a plugin
 * with claims but no match_ble gets "ble:" and the address. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "app/plugin/ble_claim.h"
#include "app/plugin/plugin_ops.h"

static const ds_ble_claim by_company[] = {
	{ .kind = DS_BLE_CLAIM_MANUFACTURER, .manufacturer_id = 0x1234 },
	{ .kind = DS_BLE_CLAIM_END },
};
static const ds_ble_claim by_uuid[] = {
	{ .kind = DS_BLE_CLAIM_SERVICE_UUID, .uuid = "0000abcd-0000-1000-8000-00805f9b34fb" },
	{ .kind = DS_BLE_CLAIM_SERVICE_DATA, .uuid = "0000fff6-0000-1000-8000-00805f9b34fb" },
	{ .kind = DS_BLE_CLAIM_END },
};

/** Two plugins that only declare claims (no match_ble, so no plugin code runs). */
static ds_loaded_plugin plugin_a, plugin_b;
static ds_loaded_plugin *loaded[] = { &plugin_a, &plugin_b };
static ds_plugin_set set = { .loaded = loaded, .n_loaded = 2 };

static void setup(void)
{
	memset(&plugin_a, 0, sizeof plugin_a);
	memset(&plugin_b, 0, sizeof plugin_b);
	plugin_a.desc.id = "acme";
	plugin_a.desc.ble_claims = by_company;
	plugin_b.desc.id = "globex";
	plugin_b.desc.ble_claims = by_uuid;
	/* As the loader does: stubs where no operation is given. */
	ds_plugin_ops_fill(&plugin_a);
	ds_plugin_ops_fill(&plugin_b);
}

/** A device with an address and nothing advertised. */
static ds_ble_device device(void)
{
	ds_ble_device d;

	ds_ble_device_init(&d);
	snprintf(d.address, sizeof d.address, "AA:BB:CC:DD:EE:FF");
	return d;
}

TestSuite(ble_claim, .init = setup);

Test(ble_claim, manufacturer_id)
{
	ds_ble_device d = device();

	d.manufacturer_id = 0x1234;
	cr_assert(ds_ble_claim_device(NULL, &set, &d));
	cr_assert_str_eq(d.claimed_by, "acme");
	cr_assert_str_eq(d.locator, "ble:AA:BB:CC:DD:EE:FF");
}

Test(ble_claim, service_uuid_case_insensitive)
{
	ds_ble_device d = device();

	snprintf(d.uuids[0], DS_BLE_UUID_LEN, "0000ABCD-0000-1000-8000-00805F9B34FB");
	d.n_uuids = 1;
	cr_assert(ds_ble_claim_device(NULL, &set, &d));
	cr_assert_str_eq(d.claimed_by, "globex");
}

Test(ble_claim, service_data_uuid)
{
	ds_ble_device d = device();

	ds_ble_uuid16(0xFFF6, d.service_data_uuid);
	cr_assert(ds_ble_claim_device(NULL, &set, &d));
	cr_assert_str_eq(d.claimed_by, "globex");
}

Test(ble_claim, nothing_matches)
{
	ds_ble_device d = device();

	d.manufacturer_id = 0x4321;
	snprintf(d.uuids[0], DS_BLE_UUID_LEN, "0000fff6-0000-1000-8000-00805f9b34fb");
	d.n_uuids = 1; /* the Matter UUID advertised, but as a service, not service data */
	snprintf(d.claimed_by, sizeof d.claimed_by, "stale");
	cr_assert_not(ds_ble_claim_device(NULL, &set, &d));
	cr_assert_str_eq(d.claimed_by, "", "an old claim is cleared");
	cr_assert_not(ds_ble_claim_device(NULL, NULL, &d), "no plugins, no claim");
}

Test(ble_claim, no_claims_and_no_match_ble_claims_nothing)
{
	ds_ble_device d = device();

	plugin_a.desc.ble_claims = NULL;
	d.manufacturer_id = 0x1234;
	cr_assert_not(ds_ble_claim_device(NULL, &set, &d));
}

/** A match_ble that claims everything it is asked about. */
static ds_status claim_all(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size)
{
	(void)call;
	snprintf(locator, locator_size, "globex:%s", adv->address);
	return DS_OK;
}

Test(ble_claim, a_busy_plugin_is_asked_again_later_not_waited_for)
{
	ds_ble_device d = device();
	bool busy = false;

	pthread_mutex_init(&plugin_b.lock, NULL);
	plugin_b.desc.match_ble = claim_all;
	ds_plugin_ops_fill(&plugin_b);
	ds_ble_uuid16(0xFFF6, d.service_data_uuid);
	/* Another operation is inside the plugin (pairing takes seconds). */
	pthread_mutex_lock(&plugin_b.lock);
	cr_assert_not(ds_ble_claim_device_now(NULL, &set, &d, &busy));
	cr_assert(busy);
	pthread_mutex_unlock(&plugin_b.lock);
	cr_assert(ds_ble_claim_device_now(NULL, &set, &d, &busy));
	cr_assert_not(busy);
	cr_assert_str_eq(d.claimed_by, "globex");
	cr_assert_str_eq(d.locator, "globex:AA:BB:CC:DD:EE:FF", "the locator is match_ble's");
	pthread_mutex_destroy(&plugin_b.lock);
}
