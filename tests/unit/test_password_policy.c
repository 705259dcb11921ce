/* The first password rules and the uniqueness register. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

#include "app/core/password_policy.h"

Test(password_policy, lengths_are_counted_in_code_points)
{
	cr_assert_eq(ds_password_length("abc"), 3);
	cr_assert_eq(ds_password_length("Grüße"), 5);
	cr_assert_eq(ds_password_length("🔒🔒"), 2);
	cr_assert_eq(ds_password_length("\xff"), -1);
}

Test(password_policy, single_factor_needs_fifteen)
{
	char why[256];

	cr_assert_not(ds_password_acceptable("fourteen chars", NULL, NULL, why, sizeof why));
	cr_assert(strstr(why, "15"), "%s", why);
	cr_assert(ds_password_acceptable("fifteen chars!!", NULL, NULL, why, sizeof why), "%s", why);
	/* 15 code points but more bytes. */
	cr_assert(ds_password_acceptable("äääääääääääääää", NULL, NULL, why, sizeof why), "%s", why);
}

Test(password_policy, second_factor_needs_eight)
{
	ds_password_rules r = { .has_second_factor = true };
	char why[256];

	cr_assert_not(ds_password_acceptable("seven77", &r, NULL, why, sizeof why));
	cr_assert(ds_password_acceptable("eight888", &r, NULL, why, sizeof why), "%s", why);
}

Test(password_policy, device_maximum_and_sixty_four)
{
	ds_password_rules r = { .max_length = 20 };
	char long65[66], why[256];

	memset(long65, 'x', 65);
	long65[65] = '\0';
	cr_assert_not(ds_password_acceptable(long65, NULL, NULL, why, sizeof why));
	long65[64] = '\0';
	cr_assert(ds_password_acceptable(long65, NULL, NULL, why, sizeof why), "%s", why);
	cr_assert_not(ds_password_acceptable("twenty-one characters", &r, NULL, why, sizeof why));
	cr_assert(strstr(why, "20"), "%s", why);
}

Test(password_policy, factory_default_is_refused)
{
	char why[256];

	cr_assert_not(ds_password_acceptable("admin1234admin1234", NULL, "admin1234admin1234", why, sizeof why));
	cr_assert(strstr(why, "factory"), "%s", why);
}

Test(password_policy, pins)
{
	ds_password_rules r = { .digits_only = true, .max_length = 8, .has_second_factor = true };
	char why[256];

	cr_assert_not(ds_password_acceptable("12345", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("12a456", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("111111", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("123456", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("876543", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("901234567", &r, NULL, why, sizeof why));
	cr_assert(ds_password_acceptable("917304", &r, NULL, why, sizeof why), "%s", why);
}

Test(password_policy, control_characters_are_refused_spaces_allowed)
{
	char why[256];

	cr_assert_not(ds_password_acceptable("correct horse\tbattery", NULL, NULL, why, sizeof why));
	cr_assert(ds_password_acceptable("correct horse battery", NULL, NULL, why, sizeof why), "%s", why);
}

Test(password_policy, register_finds_reuse_across_devices_only)
{
	ds_password_register *reg;

	cr_assert_geq(sodium_init(), 0);
	reg = ds_password_register_new();
	cr_assert_null(ds_password_register_owner(reg, "orchid tractor velvet"));
	cr_assert_eq(ds_password_register_put(reg, "P1", "orchid tractor velvet"), 0);
	cr_assert_str_eq(ds_password_register_owner(reg, "orchid tractor velvet"), "P1");
	cr_assert_null(ds_password_register_owner(reg, "orchid tractor velvet!"));
	/* A device's new password replaces its old one. */
	cr_assert_eq(ds_password_register_put(reg, "P1", "another long passphrase"), 0);
	cr_assert_null(ds_password_register_owner(reg, "orchid tractor velvet"));
	ds_password_register_free(reg);
}
