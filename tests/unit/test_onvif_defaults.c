/* The ONVIF plugin's factory-default table (camera_defaults.tsv compiled
 * in), the order in which defaults are tried, the login back-off and the
 * password rules by manufacturer. */
#include <criterion/criterion.h>
#include <string.h>

#include "onvif_defaults.h"

Test(onvif_defaults, every_row_names_its_source)
{
	cr_assert_gt(onvif_default_count, 20);
	for (size_t i = 0; i < onvif_default_count; i++) {
		cr_expect(onvif_default_rows[i].manufacturer[0] != '\0');
		cr_expect(onvif_default_rows[i].user[0] != '\0');
		cr_expect(strlen(onvif_default_rows[i].source) > 10, "row %zu has no source", i);
	}
}

Test(onvif_defaults, manufacturer_first_then_generic)
{
	const onvif_default *list[16];
	size_t n = onvif_defaults_for("Dahua Technology Co., Ltd", NULL, list, 16);

	cr_assert_gt(n, 3);
	cr_expect_str_eq(list[0]->manufacturer, "Dahua");
	cr_expect_str_eq(list[0]->user, "admin");
	cr_expect_str_eq(list[0]->password, "admin");
	/* admin/admin is in the generic list too, but comes once */
	for (size_t i = 1; i < n; i++)
		cr_expect(!(strcmp(list[i]->user, "admin") == 0 && strcmp(list[i]->password, "admin") == 0));
	/* for one account only */
	n = onvif_defaults_for("HIKVISION", "admin", list, 16);
	cr_assert_gt(n, 1);
	cr_expect_str_eq(list[0]->password, "12345");
	for (size_t i = 0; i < n; i++)
		cr_expect_str_eq(list[i]->user, "admin");
}

Test(onvif_defaults, unknown_maker_gets_the_generic_list)
{
	const onvif_default *list[16];
	size_t n = onvif_defaults_for("NoName Cams", NULL, list, 3);

	cr_assert_eq(n, 3);
	cr_expect_str_eq(list[0]->user, "admin");
	cr_expect_str_eq(list[0]->password, "12345");
	cr_expect_str_eq(list[1]->password, "admin");
	cr_expect_str_eq(list[2]->password, "");
	cr_expect(onvif_is_default("NoName Cams", "admin", ""));
	cr_expect(onvif_is_default("", "root", "pass"));
	cr_expect(!onvif_is_default("NoName Cams", "admin", "k7#Qp2-Lm9vX"));
	cr_expect(onvif_is_default("Mobotix AG", "admin", "meinsm"));
	cr_expect(!onvif_is_default("Hikvision", "admin", "meinsm"), "another maker's default is not this one's");
}

Test(onvif_defaults, manufacturer_words)
{
	cr_expect(onvif_manufacturer_is("HIKVISION", "Hikvision"));
	cr_expect(onvif_manufacturer_is("Axis Communications AB", "Axis"));
	cr_expect(!onvif_manufacturer_is("Praxis Cams", "Axis"));
	cr_expect(!onvif_manufacturer_is(NULL, "Axis"));
}

Test(onvif_defaults, password_rules)
{
	ds_password_rules r;

	onvif_password_rules_for("HIKVISION", &r);
	cr_expect_eq(r.max_length, 16);
	onvif_password_rules_for("Axis Communications AB", &r);
	cr_expect_eq(r.max_length, 64);
	onvif_password_rules_for("Unknown", &r);
	cr_expect_eq(r.max_length, 16);
	cr_expect(r.allowed[0] != '\0');
	cr_expect(strchr(r.allowed, '"') == NULL && strchr(r.allowed, '<') == NULL && strchr(r.allowed, '&') == NULL);
	cr_expect(!r.digits_only);
}

Test(onvif_defaults, backoff_spaces_and_pauses)
{
	onvif_backoff b = { 0 };
	uint64_t t = 1000000;

	cr_expect_eq(onvif_backoff_wait(&b, t), 0);
	onvif_backoff_failed(&b, t);
	cr_expect_eq(onvif_backoff_wait(&b, t), ONVIF_LOGIN_SPACING_MS);
	cr_expect_eq(onvif_backoff_wait(&b, t + ONVIF_LOGIN_SPACING_MS), 0);
	for (unsigned i = 1; i < ONVIF_LOGIN_MAX_FAILURES; i++)
		onvif_backoff_failed(&b, t += ONVIF_LOGIN_SPACING_MS);
	cr_expect_eq(onvif_backoff_wait(&b, t + ONVIF_LOGIN_SPACING_MS), ONVIF_LOGIN_PAUSE_MS - ONVIF_LOGIN_SPACING_MS);
	cr_expect_eq(onvif_backoff_wait(&b, t + ONVIF_LOGIN_PAUSE_MS), 0);
	/* a failure after the pause starts a new series */
	onvif_backoff_failed(&b, t + ONVIF_LOGIN_PAUSE_MS);
	cr_expect_eq(b.failures, 1);
	onvif_backoff_succeeded(&b);
	cr_expect_eq(onvif_backoff_wait(&b, t), 0);
	cr_expect(ONVIF_LOGIN_MAX_FAILURES < 5, "cameras commonly lock after 5 failures");
}
