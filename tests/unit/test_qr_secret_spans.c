/* Which bytes of a typed label are secret (app/qr/qr_secret_spans.c): the
 * screen masks exactly those, also while the label is only half typed. */
#include <criterion/criterion.h>
#include <string.h>

#include "app/qr/qr_secret_spans.h"

/** The text with every secret byte as '*'. */
static const char *masked(const char *text)
{
	static char out[512];
	size_t len = strlen(text);

	for (size_t i = 0; i < len; i++)
		out[i] = ds_qr_secret_at(text, len, i) ? '*' : text[i];
	out[len] = '\0';
	return out;
}

Test(qr_secret_spans, esp_label_codes_and_user_name)
{
	cr_assert_str_eq(masked("{\"ver\":\"v1\",\"name\":\"PROV_1\",\"username\":\"wifiprov\",\"pop\":\"abcd1234\"}"),
			 "{\"ver\":\"v1\",\"name\":\"PROV_1\",\"username\":\"********\",\"pop\":\"********\"}");
	cr_assert_str_eq(masked("{ \"password\" : \"a\\\"b\" }"), "{ \"password\" : \"****\" }");
}

Test(qr_secret_spans, a_half_typed_value_is_masked_to_the_end)
{
	cr_assert_str_eq(masked("{\"name\":\"PROV_1\",\"pop\":\"abc"), "{\"name\":\"PROV_1\",\"pop\":\"***");
	cr_assert_str_eq(masked("{\"pop\""), "{\"pop\"");
}

Test(qr_secret_spans, wifi_password_and_lpa_matching_id)
{
	cr_assert_str_eq(masked("WIFI:S:Home;T:WPA;P:s3cr\\;et;;"), "WIFI:S:Home;T:WPA;P:********;;");
	cr_assert_str_eq(masked("LPA:1$rsp.example.com$ABC-123$1.2$1"), "LPA:1$rsp.example.com$*******$1.2$1");
}

Test(qr_secret_spans, other_text_is_shown)
{
	cr_assert_str_eq(masked("MT:Y.K9042C00KA0648G00"), "MT:Y.K9042C00KA0648G00");
	cr_assert_str_eq(masked("192.168.1.64:8080"), "192.168.1.64:8080");
	cr_assert_not(ds_qr_secret_at(NULL, 0, 0));
	cr_assert_not(ds_qr_secret_at("{\"pop\":\"x\"}", 11, 11));
}
