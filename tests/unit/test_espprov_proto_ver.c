/* The proto-ver answer of ESP provisioning devices: security versions and
 * capabilities, old devices without sec_ver, the application's own members
 * kept as text, and garbage refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "espprov_proto_ver.h"

/** Parses a C string. */
static espprov_result parse(const char *text, espprov_proto_ver *v)
{
	return espprov_proto_ver_parse(text, strlen(text), v);
}

Test(espprov_proto_ver, security2_with_application_fields)
{
	espprov_proto_ver v;

	cr_assert_eq(parse("{\"prov\":{\"ver\":\"v1.1\",\"sec_ver\":2,\"sec_patch_ver\":1,\"cap\":[\"wifi_scan\",\"no_pop\"]},"
			   "\"my_app\":{\"ver\":\"1.0\",\"cap\":[\"claim\"]},\"name\":\"Siren \\u00e9\",\"n\":3}",
			   &v),
		     ESPPROV_OK);
	cr_expect_str_eq(v.version, "v1.1");
	cr_expect_eq(v.sec_ver, 2);
	cr_expect_eq(v.sec_patch_ver, 1);
	cr_expect(v.cap_wifi_scan);
	cr_expect(v.cap_no_pop);
	cr_expect(!v.cap_no_sec);
	cr_assert_eq(v.n_fields, 3);
	cr_expect_str_eq(v.fields[0].name, "my_app");
	cr_expect_str_eq(v.fields[0].value, "{\"ver\":\"1.0\",\"cap\":[\"claim\"]}");
	cr_expect_str_eq(v.fields[1].name, "name");
	cr_expect_str_eq(v.fields[1].value, "Siren \xc3\xa9");
	cr_expect_str_eq(v.fields[2].value, "3");
}

Test(espprov_proto_ver, old_devices_and_defaults)
{
	espprov_proto_ver v;

	cr_assert_eq(parse("{\"prov\":{\"ver\":\"v1.0\",\"cap\":[\"wifi_scan\"]}}", &v), ESPPROV_OK);
	cr_expect_eq(v.sec_ver, 1);
	cr_expect_eq(v.sec_patch_ver, 0);
	cr_expect_eq(v.n_fields, 0);
	cr_assert_eq(parse("{\"prov\":{\"ver\":\"v1.0\",\"cap\":[\"no_sec\"]}}", &v), ESPPROV_OK);
	cr_expect_eq(v.sec_ver, 0);
	cr_expect(v.cap_no_sec);
	/* a NUL after the JSON, as some devices send */
	cr_assert_eq(espprov_proto_ver_parse("{\"prov\":{\"sec_ver\":0}}\0", 23, &v), ESPPROV_OK);
	cr_expect_eq(v.sec_ver, 0);
	cr_expect_str_eq(v.version, "");
}

Test(espprov_proto_ver, garbage_is_malformed)
{
	static const char *bad[] = {
		"",
		"V0.1",
		"[]",
		"{\"prov\":1}",
		"{\"other\":{}}",
		"{\"prov\":{\"sec_ver\":\"2\"}}",
		"{\"prov\":{\"sec_ver\":2.5}}",
		"{\"prov\":{\"sec_ver\":-1}}",
		"{\"prov\":{\"cap\":\"wifi_scan\"}}",
		"{\"prov\":{\"cap\":[1]}}",
		"{\"prov\":{\"ver\":7}}",
		"{\"prov\":{\"sec_ver\":2}",
	};
	espprov_proto_ver v;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_expect_eq(parse(bad[i], &v), ESPPROV_ERR_MALFORMED, "%s", bad[i]);
		cr_expect_eq(v.n_fields, 0);
	}
	cr_expect_eq(espprov_proto_ver_parse("\0{}", 3, &v), ESPPROV_ERR_MALFORMED);
}

Test(espprov_proto_ver, caps_on_size)
{
	static char text[ESPPROV_ANSWER_MAX + 2];
	char long_value[600];
	espprov_proto_ver v;
	int n;

	memset(text, ' ', sizeof text - 1);
	cr_expect_eq(espprov_proto_ver_parse(text, ESPPROV_ANSWER_MAX + 1, &v), ESPPROV_ERR_TOO_LARGE);
	memset(long_value, 'x', sizeof long_value - 1);
	long_value[sizeof long_value - 1] = '\0';
	n = snprintf(text, sizeof text,
		     "{\"prov\":{\"sec_ver\":1},\"a\":\"%s\",\"b\":1,\"c\":2,\"d\":3,\"e\":4,\"f\":5,"
		     "\"g\":6,\"h\":7,\"i\":8,\"j\":9,\"k\":10,\"l\":11,\"m\":12,\"n\":13,\"o\":14,\"p\":15,\"q\":16}",
		     long_value);
	cr_assert_gt(n, 0);
	cr_assert_eq(parse(text, &v), ESPPROV_OK);
	cr_expect_eq(v.n_fields, ESPPROV_FIELDS_MAX);
	cr_expect_eq(strlen(v.fields[0].value), ESPPROV_FIELD_VALUE_MAX - 1);
}
