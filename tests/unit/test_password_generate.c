/* The generator: 1000 passwords for each kind of device rules, every one
 * accepted by the policy and within the device's constraints. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "app/password/password_generate.h"
#include "app/base/secret.h"

/** Generations per kind of rules. */
#define ROUNDS 1000

/** Sets up libsodium once per test. */
static void setup(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(password_generate, .init = setup);

/** qsort comparison of two strings. */
static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/** Generates ROUNDS passwords for rules and ctx and checks each; kind must
 *  be want. When unique, no two may be equal. */
static void generate_many(const ds_password_rules *rules, const ds_password_context *ctx, ds_password_kind want,
			  bool unique)
{
	char **all = calloc(ROUNDS, sizeof *all);
	ds_password_context c = { 0 };

	cr_assert_not_null(all);
	if (ctx)
		c = *ctx;
	c.rules = rules;
	for (int i = 0; i < ROUNDS; i++) {
		ds_password_kind kind = (ds_password_kind)-1;
		char *pw = ds_password_generate(rules, ctx, &kind);
		ds_password_verdict v;
		long len;

		cr_assert_not_null(pw, "generation %d failed", i);
		cr_assert_eq(kind, want);
		v = ds_password_evaluate(pw, &c);
		cr_assert(v.accepted, "generated \"%s\" was refused: %s", pw, v.n_reasons ? v.reasons[0].text : "");
		len = ds_password_length(pw);
		cr_assert_leq(len, rules && rules->max_length ? (long)rules->max_length : DS_PASSWORD_MAX, "%s", pw);
		if (rules && rules->digits_only)
			cr_assert_eq(strspn(pw, "0123456789"), strlen(pw), "%s", pw);
		all[i] = strdup(pw);
		ds_secret_free(pw);
	}
	if (unique) {
		qsort(all, ROUNDS, sizeof *all, cmp);
		for (int i = 1; i < ROUNDS; i++)
			cr_assert_str_neq(all[i - 1], all[i]);
	}
	for (int i = 0; i < ROUNDS; i++)
		free(all[i]);
	free(all);
}

Test(password_generate, passphrases_without_device_limits)
{
	generate_many(NULL, NULL, DS_GEN_PASSPHRASE, true);
}

Test(password_generate, passphrases_with_a_second_factor)
{
	ds_password_rules r = { .has_second_factor = true };

	generate_many(&r, NULL, DS_GEN_PASSPHRASE, true);
}

Test(password_generate, groups_when_the_device_takes_32)
{
	ds_password_rules r = { .max_length = 32 };

	generate_many(&r, NULL, DS_GEN_GROUPS, true);
}

Test(password_generate, groups_of_hex_without_dashes)
{
	ds_password_rules r = { .allowed = "0123456789abcdef" };

	generate_many(&r, NULL, DS_GEN_GROUPS, true);
}

Test(password_generate, groups_of_the_allowed_characters_with_dashes)
{
	ds_password_rules r = { .allowed = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789-", .max_length = 24 };

	generate_many(&r, NULL, DS_GEN_GROUPS, true);
}

Test(password_generate, groups_at_the_shortest_maximum)
{
	ds_password_rules r = { .max_length = 15 };
	ds_password_rules second = { .max_length = 8, .has_second_factor = true };

	generate_many(&r, NULL, DS_GEN_GROUPS, true);
	generate_many(&second, NULL, DS_GEN_GROUPS, false);
}

Test(password_generate, pins)
{
	ds_password_rules eight = { .digits_only = true, .max_length = 8, .has_second_factor = true };
	ds_password_rules six = { .digits_only = true, .max_length = 6 };
	ds_password_rules any = { .digits_only = true };

	generate_many(&eight, NULL, DS_GEN_PIN, false);
	generate_many(&six, NULL, DS_GEN_PIN, false);
	generate_many(&any, NULL, DS_GEN_PIN, false);
}

Test(password_generate, avoids_context_words)
{
	static const char *const words[] = { "apple", "banana", "cherry" };
	ds_password_context ctx = { .serial = "DP100-7F3A21", .vendor = "doorstep demo", .words = words, .n_words = 3 };
	ds_password_rules pin = { .digits_only = true, .max_length = 8 };

	generate_many(NULL, &ctx, DS_GEN_PASSPHRASE, true);
	ctx.serial = "SN-48213977";
	generate_many(&pin, &ctx, DS_GEN_PIN, false);
}

Test(password_generate, refuses_rules_no_password_can_meet)
{
	ds_password_rules short_pin = { .digits_only = true, .max_length = 4 };
	ds_password_rules short_pw = { .max_length = 10 };
	ds_password_rules one_char = { .allowed = "a" };

	cr_assert_null(ds_password_generate(&short_pin, NULL, NULL));
	cr_assert_null(ds_password_generate(&short_pw, NULL, NULL));
	cr_assert_null(ds_password_generate(&one_char, NULL, NULL));
}
