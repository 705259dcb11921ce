/* The cJSON field readers of app/base/json_util.c, with the numbers a
 * hand-edited or damaged file may hold (found by tests/fuzz/fuzz_site.c). */
#include <criterion/criterion.h>
#include <stdio.h>

#include "app/base/json_util.h"

/** ds_json_int of {"n": <text>}. */
static long int_of(const char *text, long fallback)
{
	char json[128];
	cJSON *o;
	long v;

	snprintf(json, sizeof json, "{\"n\": %s}", text);
	o = cJSON_Parse(json);
	cr_assert_not_null(o, "%s", json);
	v = ds_json_int(o, "n", fallback);
	cJSON_Delete(o);
	return v;
}

Test(json_util, int_whole_and_fraction)
{
	cr_assert_eq(int_of("42", -1), 42);
	cr_assert_eq(int_of("-7.9", -1), -7);
	cr_assert_eq(int_of("\"42\"", -1), -1);
	cr_assert_eq(int_of("9007199254740992", -1), 9007199254740992L);
}

/* A number no long holds (or infinity: strtod reads 1e999 as one) is not
 * converted, which would be undefined behaviour: the fallback comes back. */
Test(json_util, int_out_of_range_gives_fallback)
{
	cr_assert_eq(int_of("1e300", -1), -1);
	cr_assert_eq(int_of("-1e300", -1), -1);
	cr_assert_eq(int_of("1e999", 5), 5);
	cr_assert_eq(int_of("-1e999", 5), 5);
	cr_assert_eq(int_of("9223372036854775808", 3), 3);
	cr_assert_eq(int_of("-9223372036854775808", 3), -9223372036854775807L - 1);
}
