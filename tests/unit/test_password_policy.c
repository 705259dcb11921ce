/* The password policy: lengths in code points, the lists (every line of
 * tests/data/passwords refused), context words with look-alikes and as
 * parts, PINs, zxcvbn's feedback, and the uniqueness register. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/password/password_policy.h"
#include "app/core/session.h"
#include "app/core/site.h"

/** Evaluates candidate with rules and no context. */
static ds_password_verdict eval(const char *candidate, const ds_password_rules *rules)
{
	ds_password_context ctx = { .rules = rules };

	return ds_password_evaluate(candidate, &ctx);
}

/** True when the verdict has a context reason for field. */
static bool has_context(const ds_password_verdict *v, ds_password_field field)
{
	for (size_t i = 0; i < v->n_reasons; i++)
		if (v->reasons[i].code == DS_PW_CONTEXT && v->reasons[i].field == field)
			return true;
	return false;
}

Test(password_policy, lengths_are_counted_in_code_points)
{
	cr_assert_eq(ds_password_length("abc"), 3);
	cr_assert_eq(ds_password_length("Grüße"), 5);
	cr_assert_eq(ds_password_length("🔒🔒"), 2);
	cr_assert_eq(ds_password_length("\xff"), -1);
	/* Overlong forms, surrogates and cut sequences are not text. */
	cr_assert_eq(ds_password_length("\xC0\xAF"), -1);
	cr_assert_eq(ds_password_length("\xE0\x80\xAF"), -1);
	cr_assert_eq(ds_password_length("\xED\xA0\x80"), -1);
	cr_assert_eq(ds_password_length("\xF4\x90\x80\x80"), -1);
	cr_assert_eq(ds_password_length("ab\xC3"), -1);
}

Test(password_policy, single_factor_needs_fifteen)
{
	char why[256];

	cr_assert_not(ds_password_acceptable("fourteen chars", NULL, NULL, why, sizeof why));
	cr_assert(strstr(why, "15"), "%s", why);
	cr_assert(ds_password_acceptable("fifteen chars!!", NULL, NULL, why, sizeof why), "%s", why);
	/* 15 code points but more bytes. */
	cr_assert(ds_password_acceptable("äöü ßéè ñçå øæœ", NULL, NULL, why, sizeof why), "%s", why);
	cr_assert_not(ds_password_acceptable("äöü ßéè ñçå øæ", NULL, NULL, why, sizeof why));
	cr_assert(strstr(why, "15"), "%s", why);
}

Test(password_policy, second_factor_needs_eight)
{
	ds_password_rules r = { .has_second_factor = true };
	char why[256];

	cr_assert_not(ds_password_acceptable("vT7#qL2", &r, NULL, why, sizeof why));
	cr_assert(strstr(why, "8"), "%s", why);
	cr_assert(ds_password_acceptable("vT7#qL2x", &r, NULL, why, sizeof why), "%s", why);
	/* Without the second factor the same password is too short. */
	cr_assert_not(ds_password_acceptable("vT7#qL2x", NULL, NULL, why, sizeof why));
}

Test(password_policy, device_maximum_and_sixty_four)
{
	/* 64 characters, all different kinds: allowed; one more is not. */
	static const char long64[] = "kX9#mP2$vL7@nQ4!wR8^tY5&bN3*cF6(hJ1)gD0+sA9-zE4=uI7_oK2~pM5|aB3?";
	ds_password_rules r = { .max_length = 20 };
	char long65[80], why[256];

	cr_assert_eq(ds_password_length(long64), 64);
	cr_assert(ds_password_acceptable(long64, NULL, NULL, why, sizeof why), "%s", why);
	snprintf(long65, sizeof long65, "%sZ", long64);
	cr_assert_not(ds_password_acceptable(long65, NULL, NULL, why, sizeof why));
	cr_assert(strstr(why, "64"), "%s", why);
	cr_assert_not(ds_password_acceptable("twenty-one characters", &r, NULL, why, sizeof why));
	cr_assert(strstr(why, "20"), "%s", why);
	/* 64 code points, some of them 2 bytes long. */
	cr_assert(ds_password_acceptable("Grüße aus Köln, Straße über Öl, Käse für Jörg, Schuh mit Fuß äöü", NULL, NULL,
					 why, sizeof why), "%s", why);
}

Test(password_policy, any_printable_unicode_and_spaces_no_composition_rules)
{
	char why[256];

	/* Lower-case words and spaces only: no digit or symbol is demanded. */
	cr_assert(ds_password_acceptable("correct horse battery", NULL, NULL, why, sizeof why), "%s", why);
	cr_assert(ds_password_acceptable("зелёный трактор бархат", NULL, NULL, why, sizeof why), "%s", why);
	cr_assert(ds_password_acceptable("🔒 緑のトラクター 🌷 velvet", NULL, NULL, why, sizeof why), "%s", why);
	/* But spaces alone are a repeat. */
	cr_assert_not(ds_password_acceptable("                ", NULL, NULL, why, sizeof why));
}

Test(password_policy, factory_default_is_refused)
{
	char why[256];
	ds_password_context ctx = { .factory_default = "admin1234" };
	ds_password_verdict v;

	cr_assert_not(ds_password_acceptable("admin1234admin1234", NULL, "admin1234admin1234", why, sizeof why));
	cr_assert(strstr(why, "factory"), "%s", why);
	/* Also as a part, in any case and with look-alikes. */
	v = ds_password_evaluate("orchid tractor ADM1N1234 velvet", &ctx);
	cr_assert(ds_password_verdict_has(&v, DS_PW_FACTORY_DEFAULT));
	cr_assert_eq(v.score, 0);
	v = ds_password_evaluate("orchid tractor velvet lamp", &ctx);
	cr_assert(v.accepted, "%s", v.n_reasons ? v.reasons[0].text : "");
}

Test(password_policy, current_password_is_refused)
{
	ds_password_context ctx = { .current = "orchid tractor velvet lamp" };
	ds_password_verdict v = ds_password_evaluate("orchid tractor velvet lamp", &ctx);

	cr_assert(ds_password_verdict_has(&v, DS_PW_CURRENT));
}

Test(password_policy, pins)
{
	ds_password_rules r = { .digits_only = true, .max_length = 8, .has_second_factor = true };
	char why[256];

	cr_assert_not(ds_password_acceptable("12345", &r, NULL, why, sizeof why));
	cr_assert(strstr(why, "6"), "%s", why);
	cr_assert_not(ds_password_acceptable("12a456", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("111111", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("123456", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("876543", &r, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("901234567", &r, NULL, why, sizeof why));
	cr_assert(ds_password_acceptable("917304", &r, NULL, why, sizeof why), "%s", why);
	cr_assert(ds_password_acceptable("508216", &r, NULL, why, sizeof why), "%s", why);
	cr_assert(ds_password_acceptable("71940385", &r, NULL, why, sizeof why), "%s", why);
}

Test(password_policy, pins_refuse_matters_forbidden_passcodes)
{
	static const char *const matter[] = { "00000000", "11111111", "22222222", "33333333", "44444444",
					      "55555555", "66666666", "77777777", "88888888", "99999999",
					      "12345678", "87654321" };
	ds_password_rules r = { .digits_only = true, .max_length = 8 };

	for (size_t i = 0; i < sizeof matter / sizeof matter[0]; i++) {
		ds_password_verdict v = eval(matter[i], &r);

		cr_assert_not(v.accepted, "%s", matter[i]);
	}
}

Test(password_policy, pins_refuse_patterns)
{
	static const char *const patterned[] = {
		"900012",   /* a digit three times in a row */
		"561234",   /* a run of four */
		"409876",   /* a descending run of four */
		"121212",   /* a repeated group */
		"1231231",  /* a repeated group, cut */
		"100100",   /* a repeated group */
		"110110",   /* two digits only */
		"147258",   /* a line on the keypad */
		"258963",   /* a shape on the keypad */
		"112233",   /* a common PIN */
		"159753",   /* a common PIN */
		"888888",   /* a factory default */
	};
	ds_password_rules r = { .digits_only = true, .max_length = 8 };

	for (size_t i = 0; i < sizeof patterned / sizeof patterned[0]; i++) {
		ds_password_verdict v = eval(patterned[i], &r);

		cr_assert_not(v.accepted, "%s was accepted", patterned[i]);
		cr_assert(v.n_suggestions > 0, "%s", patterned[i]);
	}
}

Test(password_policy, pins_not_the_devices_default_nor_its_numbers)
{
	ds_password_rules r = { .digits_only = true, .max_length = 8 };
	ds_password_context ctx = { .rules = &r, .factory_default = "917304" };
	ds_password_verdict v = ds_password_evaluate("917304", &ctx);

	cr_assert(ds_password_verdict_has(&v, DS_PW_FACTORY_DEFAULT));
	ctx.factory_default = "8462";
	v = ds_password_evaluate("984627", &ctx);
	cr_assert(ds_password_verdict_has(&v, DS_PW_FACTORY_DEFAULT));
	ctx.factory_default = NULL;
	ctx.serial = "SN-48213977";
	v = ds_password_evaluate("48213977", &ctx);
	cr_assert(has_context(&v, DS_FIELD_SERIAL));
	v = ds_password_evaluate("917304", &ctx);
	cr_assert(v.accepted);
}

Test(password_policy, control_characters_are_refused_spaces_allowed)
{
	char why[256];

	cr_assert_not(ds_password_acceptable("correct horse\tbattery", NULL, NULL, why, sizeof why));
	cr_assert_not(ds_password_acceptable("correct horse\xC2\x85" "battery", NULL, NULL, why, sizeof why));
	cr_assert(ds_password_acceptable("correct horse battery", NULL, NULL, why, sizeof why), "%s", why);
}

Test(password_policy, device_character_set)
{
	ds_password_rules r = { .allowed = "abcdefghijklmnopqrstuvwxyz -" };
	ds_password_verdict v = eval("orchid tractor velvet lamp", &r);

	cr_assert(v.accepted);
	v = eval("Orchid tractor velvet lamp", &r);
	cr_assert(ds_password_verdict_has(&v, DS_PW_CHARSET));
}

/** Checks that every line of a tests/data/passwords file is refused with
 *  one of the two list reasons. */
static void every_line_refused(const char *name, ds_password_reason want, ds_password_reason also)
{
	char path[4096], line[512];
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "%s/tests/data/passwords/%s", src ? src : ".", name);
	f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	while (fgets(line, sizeof line, f)) {
		ds_password_verdict v;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		v = ds_password_evaluate(line, NULL);
		cr_assert_not(v.accepted, "%s: \"%s\" was accepted", name, line);
		cr_assert(ds_password_verdict_has(&v, want) || ds_password_verdict_has(&v, also),
			  "%s: \"%s\" is refused, but not for being on the list (first reason: %s)", name, line,
			  v.reasons[0].text);
		cr_assert_lt(v.guesses_log10, 7.0, "%s: \"%s\" is estimated at 10^%.1f", name, line, v.guesses_log10);
		n++;
	}
	fclose(f);
	cr_assert_gt(n, 50, "%s has only %d vectors", name, n);
}

Test(password_policy, every_factory_default_and_botnet_password_is_refused)
{
	every_line_refused("factory-defaults.txt", DS_PW_DEFAULT_LIST, DS_PW_DEFAULT_LIST);
}

Test(password_policy, every_common_password_is_refused)
{
	every_line_refused("common-passwords.txt", DS_PW_COMMON_LIST, DS_PW_DEFAULT_LIST);
}

Test(password_policy, list_passwords_refused_even_with_a_second_factor)
{
	ds_password_rules r = { .has_second_factor = true };
	ds_password_verdict v = eval("P@ssw0rd123", &r);

	cr_assert(ds_password_verdict_has(&v, DS_PW_DEFAULT_LIST) || ds_password_verdict_has(&v, DS_PW_COMMON_LIST));
	v = eval("Sunshine2024!", &r);
	cr_assert(ds_password_verdict_has(&v, DS_PW_COMMON_LIST));
}

Test(password_policy, context_words_any_case_look_alikes_and_parts)
{
	ds_password_context ctx = {
		.vendor = "doorstep demo", .model = "IC-400 indoor camera", .serial = "DP100-7F3A21",
		.mac = "02:44:53:7F:3A:21", .ssid = "HomeNet-5G", .site = "Smith house", .user = "admin",
	};
	ds_password_verdict v;

	v = ds_password_evaluate("Admin12345678!!", &ctx);
	cr_assert(has_context(&v, DS_FIELD_USER));
	v = ds_password_evaluate("D3m0-Serial-DP100-7F3A21-orchid-lamp", &ctx);
	cr_assert(has_context(&v, DS_FIELD_VENDOR));
	cr_assert(has_context(&v, DS_FIELD_SERIAL));
	cr_assert_not(v.accepted);
	v = ds_password_evaluate("orchid tractor d00rst3p velvet", &ctx);
	cr_assert(has_context(&v, DS_FIELD_VENDOR));
	v = ds_password_evaluate("velvet dp1007f3a21 tractor", &ctx);
	cr_assert(has_context(&v, DS_FIELD_SERIAL));
	v = ds_password_evaluate("orchid 0244537F3A21 lamp velvet", &ctx);
	cr_assert(has_context(&v, DS_FIELD_MAC));
	v = ds_password_evaluate("HOMENET orchid tractor velvet", &ctx);
	cr_assert(has_context(&v, DS_FIELD_SSID));
	v = ds_password_evaluate("velvet $m1th tractor lamp", &ctx);
	cr_assert(has_context(&v, DS_FIELD_SITE));
	v = ds_password_evaluate("a brand new camera passphrase", &ctx);
	cr_assert(has_context(&v, DS_FIELD_MODEL));
	v = ds_password_evaluate("orchid tractor velvet lamp", &ctx);
	cr_assert(v.accepted, "%s", v.n_reasons ? v.reasons[0].text : "");
	/* Reasons say which word, never the candidate. */
	v = ds_password_evaluate("D3m0-Serial-DP100-7F3A21-orchid-lamp", &ctx);
	for (size_t i = 0; i < v.n_reasons; i++)
		cr_assert_null(strstr(v.reasons[i].text, "7F3A21"), "%s", v.reasons[i].text);
}

Test(password_policy, extra_context_words_and_short_ones_ignored)
{
	static const char *const words[] = { "Müller", "AB" };
	ds_password_context ctx = { .words = words, .n_words = 2 };
	ds_password_verdict v = ds_password_evaluate("orchid MÜLLER tractor velvet", &ctx);

	cr_assert(has_context(&v, DS_FIELD_WORD));
	v = ds_password_evaluate("about cabbage orchid lamp", &ctx);
	cr_assert(v.accepted, "%s", v.n_reasons ? v.reasons[0].text : "");
}

Test(password_policy, strength_feedback_names_the_pattern)
{
	static const struct {
		const char *candidate;
		ds_password_reason reason;
	} cases[] = {
		{ "sunshine princess", DS_PW_DICTIONARY },
		{ "poiuytrewq lkjhg", DS_PW_KEYBOARD },
		{ "1999-12-31 2000", DS_PW_DATE },
		{ "aaaaaaaaaaaaaaaa", DS_PW_REPEATS },
		{ "abcdefghijklmnop", DS_PW_SEQUENCE },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ds_password_verdict v = eval(cases[i].candidate, NULL);

		cr_assert_not(v.accepted, "%s", cases[i].candidate);
		cr_assert(ds_password_verdict_has(&v, DS_PW_WEAK), "%s", cases[i].candidate);
		cr_assert(ds_password_verdict_has(&v, cases[i].reason), "%s: no %s reason", cases[i].candidate,
			  ds_password_reason_str(cases[i].reason));
		cr_assert_lt(v.score, 4);
		cr_assert_gt(v.n_suggestions, 0);
		for (size_t k = 0; k < v.n_reasons; k++)
			cr_assert_null(strstr(v.reasons[k].text, cases[i].candidate));
	}
}

Test(password_policy, threshold_is_documented_and_applied)
{
	ds_password_rules second = { .has_second_factor = true };
	ds_password_verdict v = eval("orchid tractor velvet lamp", NULL);

	cr_assert(v.accepted);
	cr_assert_eq(v.score, 4);
	cr_assert_geq(v.guesses_log10, DS_PASSWORD_MIN_GUESSES_LOG10);
	cr_assert_eq(v.min_guesses_log10, DS_PASSWORD_MIN_GUESSES_LOG10);
	v = eval("vT7#qL2x", &second);
	cr_assert_eq(v.min_guesses_log10, DS_PASSWORD_MIN_GUESSES_LOG10_SECOND_FACTOR);
	cr_assert_eq(ds_password_reason_str(DS_PW_TOO_SHORT)[0], 't');
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

Test(password_policy, verdict_checks_the_register)
{
	ds_password_register *reg;
	ds_password_context ctx = { .serial = "P2" };
	ds_password_verdict v;

	cr_assert_geq(sodium_init(), 0);
	reg = ds_password_register_new();
	ctx.reg = reg;
	cr_assert_eq(ds_password_register_put(reg, "P1", "orchid tractor velvet lamp"), 0);
	v = ds_password_evaluate("orchid tractor velvet lamp", &ctx);
	cr_assert(ds_password_verdict_has(&v, DS_PW_REUSED));
	cr_assert(strstr(v.reasons[0].text, "P1"), "%s", v.reasons[0].text);
	ctx.serial = "P1";
	v = ds_password_evaluate("orchid tractor velvet lamp", &ctx);
	cr_assert(v.accepted);
	ds_password_register_free(reg);
}

Test(password_policy, context_for_a_site_device)
{
	ds_site *site = ds_site_new("Demo house");
	ds_site_device cam = { .kind = DS_KIND_CAMERA, .rules = { .max_length = 32 } };
	ds_password_context ctx;
	ds_password_verdict v;

	snprintf(cam.vendor, sizeof cam.vendor, "doorstep demo");
	snprintf(cam.model, sizeof cam.model, "IC-400 indoor camera");
	snprintf(cam.serial, sizeof cam.serial, "IC400-5E81A3");
	ds_session_password_context(&ctx, site, &cam, NULL);
	v = ds_password_evaluate("quiet harbour pencil 42", &ctx);
	cr_assert(v.accepted, "%s", v.n_reasons ? v.reasons[0].text : "");
	v = ds_password_evaluate("my h0use camera is safe", &ctx);
	cr_assert(has_context(&v, DS_FIELD_SITE));
	cr_assert(has_context(&v, DS_FIELD_MODEL));
	v = ds_password_evaluate("quiet harbour pencil 42 and a long tail", &ctx);
	cr_assert(ds_password_verdict_has(&v, DS_PW_TOO_LONG));
	ds_site_free(site);
}
