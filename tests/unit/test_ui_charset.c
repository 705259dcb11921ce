/* Drawing UTF-8 text on a terminal in another charset: what ISO-8859-1 can
 * show is shown as itself, the rest gets an ASCII stand-in, and widths count
 * what is drawn. */
#include <criterion/criterion.h>
#include <locale.h>
#include <string.h>

#include "ui/toolkit/ui_charset.h"
#include "ui/toolkit/ui_text.h"

static void latin1(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "de_DE.ISO-8859-1"),
			   "the de_DE.ISO-8859-1 locale is needed (scripts/setup.sh installs it)");
}

static void utf8(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "the C.UTF-8 locale is needed");
}

Test(ui_charset, latin1_shows_its_letters_and_stands_in_for_the_rest, .init = latin1)
{
	cr_assert_null(ui_charset_fallback(0xfc));  /* ü */
	cr_assert_null(ui_charset_fallback(0xf1));  /* ñ */
	cr_assert_null(ui_charset_fallback(0xbb));  /* » */
	cr_assert_str_eq(ui_charset_fallback(0x2026), "...");
	cr_assert_str_eq(ui_charset_fallback(0x201e), "\"");
	cr_assert_str_eq(ui_charset_fallback(0x2013), "-");
	cr_assert_str_eq(ui_charset_fallback(0x2500), "?"); /* ─ has no stand-in */
	cr_assert_str_eq(ui_charset_fallback(0x4e2d), "?");
	cr_assert_str_eq(ui_charset_fallback(0x1b), "?");
}

Test(ui_charset, utf8_shows_everything_printable, .init = utf8)
{
	cr_assert_null(ui_charset_fallback(0x2026));
	cr_assert_null(ui_charset_fallback(0x2500));
	cr_assert_null(ui_charset_fallback(0xf1));
	cr_assert_str_eq(ui_charset_fallback(0x07), "?");
}

Test(ui_charset, widths_count_what_latin1_draws, .init = latin1)
{
	/* UTF-8 in, whatever the locale: "Grüße…" is 5 letters and "...". */
	cr_assert_eq(ui_text_width("Gr\xc3\xbc\xc3\x9f" "e\xe2\x80\xa6"), 8);
	cr_assert_eq(ui_text_width("contrase\xc3\xb1" "a"), 10);
	cr_assert_eq(ui_text_cp_width(0x4e2d), 1); /* a wide CJK character: one '?' */
}

Test(ui_charset, widths_in_utf8, .init = utf8)
{
	cr_assert_eq(ui_text_width("Gr\xc3\xbc\xc3\x9f" "e\xe2\x80\xa6"), 6);
	cr_assert_eq(ui_text_cp_width(0x4e2d), 2);
}

Test(ui_charset, cutting_keeps_whole_characters, .init = latin1)
{
	const char *s = "a\xe2\x80\xa6" "b\xc3\xb1"; /* a … b ñ: 1 + 3 + 1 + 1 columns */
	int used;

	cr_assert_eq(ui_text_fit(s, strlen(s), 3, &used), 1, "the stand-in does not fit in 2 columns");
	cr_assert_eq(used, 1);
	cr_assert_eq(ui_text_fit(s, strlen(s), 5, &used), 5);
	cr_assert_eq(used, 5);
	cr_assert_eq(ui_text_fit(s, strlen(s), 6, &used), strlen(s));
	cr_assert_eq(used, 6);
}

Test(ui_charset, an_invalid_byte_is_one_question_mark, .init = latin1)
{
	wchar_t wc;

	cr_assert_eq(ui_text_next("\xfc" "x", 2, &wc), 1);
	cr_assert_eq(wc, L'?');
	cr_assert_eq(ui_text_width("Gr\xfc" "n"), 4);
}

Test(ui_charset, bidi_controls_are_never_drawn_as_themselves, .init = utf8)
{
	/* The one rule of app/base/safe_text.h: a right-to-left override would
	 * reorder what follows it on the screen. */
	cr_assert_str_eq(ui_charset_fallback(0x202e), "?");
	cr_assert_str_eq(ui_charset_fallback(0x2066), "?");
	cr_assert_str_eq(ui_charset_fallback(0x9b), "?");
}
