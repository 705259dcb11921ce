/* UTF-8 inside, the locale's charset at the edges: translations in UTF-8 on
 * request, a converting stdout for the command line, typed Latin-1 read as
 * UTF-8, and table columns counted in characters. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/i18n_charset.h"
#include "app/base/text_columns.h"

static void latin1(void)
{
	setenv("LC_ALL", "de_DE.ISO-8859-1", 1);
	unsetenv("LANGUAGE");
	cr_assert_not_null(setlocale(LC_ALL, ""), "the de_DE.ISO-8859-1 locale is needed (scripts/setup.sh installs it)");
}

TestSuite(i18n_charset, .init = latin1);

Test(i18n_charset, translations_in_the_locale_charset_then_utf8)
{
	ds_i18n_init();
	cr_assert_str_eq(_("Passwords"), "Passw\xf6rter", "gettext converts to the locale's charset");
	ds_i18n_text_utf8();
	cr_assert_str_eq(_("Passwords"), "Passw\xc3\xb6rter", "after ds_i18n_text_utf8, UTF-8");
}

Test(i18n_charset, typed_latin1_becomes_utf8)
{
	char out[32];

	cr_assert_eq(ds_i18n_input_utf8("Mu\xf1oz", 5, out, sizeof out), 6);
	cr_assert_str_eq(out, "Mu\xc3\xb1oz");
	cr_assert_eq(ds_i18n_input_utf8("Mu\xf1oz", 5, out, 6), -1, "7 bytes do not fit in 6");
}

Test(i18n_charset, stdout_converts_even_a_character_split_between_writes)
{
	int fds[2];
	char got[128];
	ssize_t n;

	cr_assert_eq(pipe(fds), 0);
	cr_assert_neq(dup2(fds[1], STDOUT_FILENO), -1);
	close(fds[1]);
	ds_i18n_local_output(false);
	fputs("Gr\xc3", stdout); /* ü cut in two */
	fflush(stdout);
	fputs("\xbc\xc3\x9f" "e \xe2\x80\xa6 \xe2\x9c\x93 \xff.\n", stdout);
	fflush(stdout);
	close(STDOUT_FILENO);
	n = read(fds[0], got, sizeof got - 1);
	cr_assert_gt(n, 0);
	got[n] = '\0';
	/* ü ß as Latin-1, … transliterated, ✓ without one as '?', a stray byte '?'. */
	cr_assert_str_eq(got, "Gr\xfc\xdf" "e ... ? ?.\n");
}

Test(i18n_charset, keep_stdout_leaves_json_in_utf8)
{
	int fds[2];
	char got[64];
	ssize_t n;

	cr_assert_eq(pipe(fds), 0);
	cr_assert_neq(dup2(fds[1], STDOUT_FILENO), -1);
	close(fds[1]);
	ds_i18n_local_output(true);
	fputs("{\"name\": \"Mu\xc3\xb1oz\"}\n", stdout);
	fflush(stdout);
	close(STDOUT_FILENO);
	n = read(fds[0], got, sizeof got - 1);
	cr_assert_gt(n, 0);
	got[n] = '\0';
	cr_assert_str_eq(got, "{\"name\": \"Mu\xc3\xb1oz\"}\n");
}

Test(i18n_charset, columns_count_characters_not_bytes)
{
	char buf[32];

	cr_assert_eq(ds_text_columns("C\xc3\xa1mara"), 6);
	cr_assert_str_eq(ds_text_pad(buf, sizeof buf, "C\xc3\xa1mara", 8), "C\xc3\xa1mara  ");
	cr_assert_str_eq(ds_text_pad(buf, sizeof buf, "too long here", 4), "too long here", "never cut");
}
