/* The endpoints of an ESP provisioning device over Bluetooth LE, mapped by
 * the characteristics' user descriptions: names found whatever the UUIDs,
 * descriptions that are no endpoint name (empty, escape sequences, too
 * long) left out, the first of a doubled name kept, the required endpoints
 * checked, and a full map refusing more. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "espprov_endpoints.h"

#define UUID_A "021aff51-0382-4aea-bff4-6b3f1c5adfb4"
#define UUID_B "0000ff52-0000-1000-8000-00805f9b34fb"
#define UUID_C "12345678-9abc-def0-1234-56789abcdef0"

Test(espprov_endpoints, found_by_description_not_by_uuid)
{
	espprov_endpoints map = { 0 };

	cr_assert(espprov_endpoints_add(&map, "prov-session", UUID_B)); /* a "config" UUID, a session name */
	cr_assert(espprov_endpoints_add(&map, "proto-ver", UUID_C));
	cr_assert(espprov_endpoints_add(&map, "custom-data", UUID_A));
	cr_expect_str_eq(espprov_endpoints_find(&map, "prov-session"), UUID_B);
	cr_expect_str_eq(espprov_endpoints_find(&map, "proto-ver"), UUID_C);
	cr_expect_str_eq(espprov_endpoints_find(&map, "custom-data"), UUID_A);
	cr_expect_null(espprov_endpoints_find(&map, "prov-config"));
	cr_expect_null(espprov_endpoints_find(&map, UUID_A));
	cr_expect_str_eq(espprov_endpoints_missing(&map), "prov-config");
	cr_assert(espprov_endpoints_add(&map, "prov-config", "0000FF52-0000-1000-8000-00805F9B34FB"));
	cr_expect_null(espprov_endpoints_missing(&map));
}

Test(espprov_endpoints, descriptions_that_are_no_endpoint_names)
{
	espprov_endpoints map = { 0 };
	char long_name[ESPPROV_ENDPOINT_NAME_MAX + 1];

	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	cr_expect(!espprov_endpoints_add(&map, "", UUID_A));
	cr_expect(!espprov_endpoints_add(&map, NULL, UUID_A));
	cr_expect(!espprov_endpoints_add(&map, "custom^[[31m-data", UUID_A)); /* the host's stand-in for ESC */
	cr_expect(!espprov_endpoints_add(&map, "Proto-Ver", UUID_A));
	cr_expect(!espprov_endpoints_add(&map, "proto ver", UUID_A));
	cr_expect(!espprov_endpoints_add(&map, long_name, UUID_A));
	cr_expect(!espprov_endpoints_add(&map, "proto-ver", "021aff51"));
	cr_expect(!espprov_endpoints_add(&map, "proto-ver", NULL));
	cr_expect_eq(map.n, 0);
	cr_expect_str_eq(espprov_endpoints_missing(&map), "proto-ver");
	long_name[ESPPROV_ENDPOINT_NAME_MAX - 1] = '\0'; /* the longest that fits */
	cr_expect(espprov_endpoints_add(&map, long_name, UUID_A));
}

Test(espprov_endpoints, first_of_a_doubled_name_wins)
{
	espprov_endpoints map = { 0 };

	cr_assert(espprov_endpoints_add(&map, "prov-scan", UUID_A));
	cr_expect(!espprov_endpoints_add(&map, "prov-scan", UUID_B));
	cr_expect_eq(map.n, 1);
	cr_expect_str_eq(espprov_endpoints_find(&map, "prov-scan"), UUID_A);
}

Test(espprov_endpoints, a_full_map_refuses_more)
{
	espprov_endpoints map = { 0 };
	char name[16];

	for (unsigned i = 0; i < ESPPROV_ENDPOINTS_MAX; i++) {
		snprintf(name, sizeof name, "ep-%u", i);
		cr_assert(espprov_endpoints_add(&map, name, UUID_A));
	}
	cr_expect(!espprov_endpoints_add(&map, "proto-ver", UUID_B));
	cr_expect_null(espprov_endpoints_find(&map, "proto-ver"));
	cr_expect_str_eq(espprov_endpoints_find(&map, "ep-0"), UUID_A);
}
