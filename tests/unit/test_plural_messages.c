/* A message with a count takes the plural form its count and language call
 * for: English (the C locale) has "1 digit" but "5 digits"; French, whose
 * rule is n > 1, has "1 chiffre" but "5 chiffres". Uses the catalogues the
 * build compiled (build/locale). */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/qr/matter_manual.h"

/** Starts the test's process in locale, as doorstep does at start. */
static void use_locale(const char *locale)
{
	cr_assert_eq(setenv("LC_ALL", locale, 1), 0);
	cr_assert_not_null(setlocale(LC_ALL, locale), "the locale %s is not installed (scripts/setup.sh installs it)",
			   locale);
	ds_i18n_init();
}

/** The message refusing a manual pairing code of these digits. */
static void manual_refusal(const char *digits, char *out, size_t size)
{
	ds_qr_matter_manual m;
	ds_qr_error err = { 0 };

	cr_assert_lt(ds_qr_matter_manual_parse(digits, strlen(digits), &m, &err), 0, "\"%s\" was accepted", digits);
	snprintf(out, size, "%s", err.message);
}

/** In locale, a one-digit code's refusal contains one, a five-digit code's contains five. */
static void expect_forms(const char *locale, const char *one, const char *five)
{
	char msg_one[320], msg_five[320];

	use_locale(locale);
	manual_refusal("1", msg_one, sizeof msg_one);
	manual_refusal("12345", msg_five, sizeof msg_five);
	cr_expect_not_null(strstr(msg_one, one), "%s: %s", locale, msg_one);
	cr_expect_not_null(strstr(msg_five, five), "%s: %s", locale, msg_five);
}

Test(plural_messages, english_singular_and_plural)
{
	expect_forms("C", "the code has 1 digit, but", "the code has 5 digits, but");
}

Test(plural_messages, french_singular_and_plural)
{
	expect_forms("fr_FR.UTF-8", "le code a 1 chiffre, alors", "le code a 5 chiffres, alors");
}
