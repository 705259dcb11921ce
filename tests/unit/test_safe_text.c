/* Text from devices, codes and plugins made safe to show: every control,
 * bidi control and byte that is not UTF-8 becomes a visible stand-in, and
 * valid text stays as it is. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n_charset.h"
#include "app/base/safe_text.h"

/** s (a literal) made safe as one line. */
static const char *line(const char *s, size_t len)
{
	static char out[256];

	return ds_safe_text(out, sizeof out, s, len, DS_SAFE_TEXT_LINE);
}

#define LINE(lit) line(lit, sizeof(lit) - 1)

Test(safe_text, escape_sequences_become_caret_stand_ins)
{
	cr_assert_str_eq(LINE("Home\x1b]0;pwned\x07\x1b[2J"), "Home^[]0;pwned^G^[[2J");
	cr_assert_str_eq(LINE("a\x00z"), "a^@z");
	cr_assert_str_eq(LINE("del\x7f"), "del^?");
}

Test(safe_text, one_line_shows_tab_newline_and_return)
{
	cr_assert_str_eq(LINE("a\tb\nc\rd"), "a^Ib^Jc^Md");
}

Test(safe_text, multi_line_text_keeps_only_the_newline)
{
	char out[64];
	const char in[] = "one\ntwo\r\x1b[1m";

	cr_assert_str_eq(ds_safe_text(out, sizeof out, in, sizeof in - 1, DS_SAFE_TEXT_MULTILINE), "one\ntwo^M^[[1m");
}

Test(safe_text, c1_controls_in_utf8_and_as_raw_bytes)
{
	/* Octal escapes: a hex escape would swallow the digits that follow. */
	cr_assert_str_eq(LINE("x\302\23331m"), "x<U+009B>31m"); /* CSI encoded in UTF-8 */
	cr_assert_str_eq(LINE("x\xc2\x85y"), "x<U+0085>y");     /* NEL */
	cr_assert_str_eq(LINE("x\23331m"), "x\357\277\27531m"); /* a raw 0x9b byte is not UTF-8 */
}

Test(safe_text, bidi_controls_become_visible)
{
	cr_assert_str_eq(LINE("cod\342\200\256exe.txt"), "cod<U+202E>exe.txt");
	cr_assert_str_eq(LINE("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"), "<U+202A><U+202B><U+202C><U+202D>");
	cr_assert_str_eq(LINE("\xe2\x81\xa6\xe2\x81\xa9"), "<U+2066><U+2069>");
	cr_assert_str_eq(LINE("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c"), "<U+200E><U+200F><U+061C>");
}

Test(safe_text, invalid_utf8_becomes_replacement_characters)
{
	cr_assert_str_eq(LINE("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                 /* overlong '/' */
	cr_assert_str_eq(LINE("\xe0\x80\x9b"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* overlong CSI */
	cr_assert_str_eq(LINE("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* a surrogate */
	cr_assert_str_eq(LINE("ab\xe2\x82"), "ab\xef\xbf\xbd\xef\xbf\xbd");             /* cut off */
	cr_assert_str_eq(LINE("\xff\xfe"), "\xef\xbf\xbd\xef\xbf\xbd");
}

Test(safe_text, valid_text_stays_as_it_is)
{
	const char *s = "Caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x94\x92 \xef\xbf\xbd \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d ~!";

	cr_assert_str_eq(line(s, strlen(s)), s);
}

Test(safe_text, a_full_buffer_cuts_before_a_whole_stand_in)
{
	char out[6];

	cr_assert_str_eq(ds_safe_text(out, sizeof out, "abc\x1b", 4, 0), "abc^[");
	cr_assert_str_eq(ds_safe_text(out, sizeof out, "abcd\x1b", 5, 0), "abcd");
	cr_assert_str_eq(ds_safe_text(out, sizeof out, "ab\xe2\x80\xae", 5, 0), "ab");
}

Test(safe_text, utf8_only_keeps_controls_for_json)
{
	char out[64];
	const char in[] = "\x1b[2J\xc2\x9b\xff";

	cr_assert_str_eq(ds_safe_text(out, sizeof out, in, sizeof in - 1, DS_SAFE_TEXT_UTF8),
			 "\x1b[2J\xc2\x9b\xef\xbf\xbd");
}

Test(safe_text, the_unsafe_classes)
{
	cr_assert(ds_safe_text_unsafe(0x1b));
	cr_assert(ds_safe_text_unsafe(0x7f));
	cr_assert(ds_safe_text_unsafe(0x9f));
	cr_assert(ds_safe_text_unsafe(0x202e));
	cr_assert_not(ds_safe_text_unsafe(' '));
	cr_assert_not(ds_safe_text_unsafe(0xa0));
	cr_assert_not(ds_safe_text_unsafe(0x200d)); /* zero width joiner: emoji sequences */
	cr_assert_not(ds_safe_text_unsafe(0xfffd));
}

/** What a stream from ds_safe_text_stream wrote, given the pieces one write each. */
static char *through_stream(const char *const *pieces, size_t n, unsigned flags)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	FILE *f;

	cr_assert_not_null(mem);
	f = ds_safe_text_stream(mem, flags);
	cr_assert_not_null(f);
	cr_assert_eq(ds_safe_text_raw(f), mem);
	setvbuf(f, NULL, _IONBF, 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(fwrite(pieces[i], 1, strlen(pieces[i]), f), strlen(pieces[i]));
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(fclose(mem), 0);
	return buf;
}

Test(safe_text, a_stream_puts_split_characters_together)
{
	const char *const pieces[] = { "a\xe2",
				       "\x80",
				       "\xae"
				       "b\xc3",
				       "\xa9\x1b",
				       "\n",
				       "\xe2\x80" };
	char *out = through_stream(pieces, 5, DS_SAFE_TEXT_MULTILINE);

	cr_assert_str_eq(out, "a<U+202E>b\xc3\xa9^[\n");
	free(out);
	/* A character still cut off when the stream closes is not UTF-8. */
	out = through_stream(pieces, 6, DS_SAFE_TEXT_MULTILINE);
	cr_assert_str_eq(out, "a<U+202E>b\xc3\xa9^[\n\xef\xbf\xbd\xef\xbf\xbd");
	free(out);
}

Test(safe_text, raw_of_another_stream_is_itself)
{
	cr_assert_eq(ds_safe_text_raw(stdout), stdout);
}

Test(safe_text, the_wizards_messages_on_leaving_show_stand_ins)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);

	cr_assert_not_null(mem);
	ds_i18n_fprintf(mem, "doorstep: %s\n", "cannot reach \x1b]0;pwned\x07 the panel");
	cr_assert_eq(fclose(mem), 0);
	cr_assert_str_eq(buf, "doorstep: cannot reach ^[]0;pwned^G the panel\n");
	free(buf);
}
