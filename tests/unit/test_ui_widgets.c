/* The UI toolkit's logic that needs no terminal: UTF-8 text and its
 * display width, the edit buffer behind text and secret fields, list
 * selection and scrolling, layout and the minimum terminal size. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#ifdef NCURSES_WIDECHAR
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#endif

#include "app/base/secret.h"

/* The tests link the core and CLI libraries, not doorstep_ui (and so not
 * ncursesw): compile the curses-free sources of the toolkit in here unless
 * this test is linked with doorstep_ui, which defines NCURSES_WIDECHAR. */
#ifndef NCURSES_WIDECHAR
#include "ui/toolkit/ui_layout.c"
#include "ui/toolkit/ui_scroll.c"
#include "ui/toolkit/ui_text.c"
#include "ui/toolkit/ui_textbuf.c"
#else
#include "app/base/jobs.h"
#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_key.h"
#include "ui/toolkit/ui_screen_manager.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_layout.h"
#include "ui/toolkit/ui_list.h"
#include "ui/toolkit/ui_scroll.h"
#include "ui/toolkit/ui_status_line.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_textbuf.h"
#include "ui/wizard/wizard_step_parts.h"
#endif

static void setup(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "the C.UTF-8 locale is needed");
	cr_assert_eq(ds_secret_init(), 0);
}

TestSuite(ui_widgets, .init = setup);

/* ---- UTF-8 ---- */

Test(ui_widgets, utf8_decode_and_count)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"; /* a é € 😀 */
	uint32_t cp;

	cr_assert_eq(ui_text_utf8_count(s), 4);
	cr_assert_eq(ui_text_utf8_decode(s, strlen(s), &cp), 1);
	cr_assert_eq(cp, 'a');
	cr_assert_eq(ui_text_utf8_decode(s + 1, strlen(s + 1), &cp), 2);
	cr_assert_eq(cp, 0xe9);
	cr_assert_eq(ui_text_utf8_decode(s + 3, strlen(s + 3), &cp), 3);
	cr_assert_eq(cp, 0x20ac);
	cr_assert_eq(ui_text_utf8_decode(s + 6, strlen(s + 6), &cp), 4);
	cr_assert_eq(cp, 0x1f600);
}

Test(ui_widgets, utf8_invalid_sequences)
{
	uint32_t cp;

	/* overlong '/', a lone surrogate, a truncated sequence, a stray byte */
	cr_assert_eq(ui_text_utf8_decode("\xc0\xaf", 2, &cp), 1);
	cr_assert_eq(cp, 0xfffd);
	cr_assert_eq(ui_text_utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	cr_assert_eq(cp, 0xfffd);
	cr_assert_eq(ui_text_utf8_decode("\xe2\x82", 2, &cp), 1);
	cr_assert_eq(cp, 0xfffd);
	cr_assert_eq(ui_text_utf8_decode("\x80", 1, &cp), 1);
	cr_assert_eq(cp, 0xfffd);
	cr_assert_eq(ui_text_utf8_len(0xd800), 0);
	cr_assert_eq(ui_text_utf8_len(0x110000), 0);
}

Test(ui_widgets, utf8_encode_round_trip)
{
	uint32_t cps[] = { 0x41, 0xe9, 0x20ac, 0x1f600, 0x10ffff };
	char buf[4];
	uint32_t back;
	size_t i, n;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = ui_text_utf8_encode(cps[i], buf);
		cr_assert_eq(n, i < 3 ? i + 1 : 4);
		cr_assert_eq(ui_text_utf8_decode(buf, n, &back), n);
		cr_assert_eq(back, cps[i]);
	}
}

/* ---- display width and wrapping ---- */

Test(ui_widgets, display_width)
{
	cr_assert_eq(ui_text_width("abc"), 3);
	cr_assert_eq(ui_text_width("\xc3\xa9t\xc3\xa9"), 3);               /* été */
	cr_assert_eq(ui_text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);        /* 日本 */
	cr_assert_eq(ui_text_width("e\xcc\x81"), 1);                       /* e + combining acute */
	cr_assert_eq(ui_text_cp_width(0x65e5), 2);
	cr_assert_eq(ui_text_cp_width(0x301), 0);
	cr_assert_eq(ui_text_cp_width(0x07), 1);
}

Test(ui_widgets, fit_never_splits_a_character)
{
	const char *s = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"; /* 日本語, 6 columns */
	int used;

	cr_assert_eq(ui_text_fit(s, strlen(s), 5, &used), 6);
	cr_assert_eq(used, 4);
	cr_assert_eq(ui_text_fit(s, strlen(s), 1, &used), 0);
	cr_assert_eq(used, 0);
	cr_assert_eq(ui_text_fit("abc", 3, 10, &used), 3);
	cr_assert_eq(used, 3);
}

Test(ui_widgets, wrap_at_spaces_and_newlines)
{
	const char *s = "hello world again";
	size_t next, n;

	n = ui_text_wrap_line(s, 11, &next);
	cr_assert_eq(n, 11);
	cr_assert_eq(next, 12);
	n = ui_text_wrap_line(s, 8, &next);
	cr_assert_eq(n, 5); /* "hello" */
	cr_assert_eq(next, 6);
	n = ui_text_wrap_line("abcdefgh", 3, &next);
	cr_assert_eq(n, 3); /* a word longer than the line breaks hard */
	cr_assert_eq(next, 3);
	n = ui_text_wrap_line("ab\ncd", 10, &next);
	cr_assert_eq(n, 2);
	cr_assert_eq(next, 3);
	cr_assert_eq(ui_text_wrap_count("hello world again", 8), 3);
	cr_assert_eq(ui_text_wrap_count("", 8), 1);
	cr_assert_eq(ui_text_wrap_count("a\n\nb", 8), 3);
	cr_assert_eq(ui_text_wrap_count("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4), 2);
}

Test(ui_widgets, wrapped_lines_fit_their_width)
{
	const char *msg = "The terminal is too small: 60x20. doorstep needs at least 80x24. "
			  "Enlarge the window or reduce the font size.";
	const char *s = msg;
	size_t n, next;
	int used, width, lines = 0;

	for (width = 5; width <= 60; width += 11) {
		s = msg;
		lines = 0;
		while (*s) {
			n = ui_text_wrap_line(s, width, &next);
			ui_text_fit(s, n, 1000, &used);
			cr_assert_leq(used, width, "line wider than %d", width);
			cr_assert_gt(next, 0);
			s += next;
			lines++;
		}
		cr_assert_eq(lines, ui_text_wrap_count(msg, width));
		cr_assert_leq(ui_text_wrap_width(msg, width), width);
	}
}

/* ---- the edit buffer ---- */

Test(ui_widgets, textbuf_edits_in_the_middle_of_multibyte_text)
{
	ui_textbuf *tb = ui_textbuf_new(32, false);

	cr_assert_not_null(tb);
	cr_assert_eq(ui_textbuf_set(tb, "a\xc3\xa9\xe2\x82\xac"), UI_TEXTBUF_OK); /* aé€ */
	cr_assert_eq(ui_textbuf_count(tb), 3);
	cr_assert_eq(ui_textbuf_len(tb), 6);
	cr_assert_eq(ui_textbuf_cursor(tb), 3);

	ui_textbuf_move_to(tb, 1);
	cr_assert_eq(ui_textbuf_insert(tb, 0xdf), UI_TEXTBUF_OK); /* ß */
	cr_assert_str_eq(ui_textbuf_text(tb), "a\xc3\x9f\xc3\xa9\xe2\x82\xac");
	cr_assert_eq(ui_textbuf_cursor(tb), 2);
	cr_assert_eq(ui_textbuf_count(tb), 4);

	cr_assert(ui_textbuf_right(tb)); /* past é */
	cr_assert_eq(ui_textbuf_cursor(tb), 3);
	cr_assert(ui_textbuf_backspace(tb)); /* removes é */
	cr_assert_str_eq(ui_textbuf_text(tb), "a\xc3\x9f\xe2\x82\xac");
	cr_assert_eq(ui_textbuf_cursor(tb), 2);
	cr_assert(ui_textbuf_delete(tb)); /* removes € */
	cr_assert_str_eq(ui_textbuf_text(tb), "a\xc3\x9f");
	cr_assert_not(ui_textbuf_delete(tb));
	cr_assert(ui_textbuf_left(tb));
	cr_assert(ui_textbuf_left(tb));
	cr_assert_not(ui_textbuf_left(tb));
	cr_assert_not(ui_textbuf_backspace(tb));
	cr_assert_eq(ui_textbuf_insert(tb, 0x1f600), UI_TEXTBUF_OK);
	cr_assert_str_eq(ui_textbuf_text(tb), "\xf0\x9f\x98\x80" "a\xc3\x9f");
	cr_assert(ui_textbuf_end(tb));
	cr_assert_eq(ui_textbuf_cursor(tb), 3);
	cr_assert(ui_textbuf_home(tb));
	cr_assert_eq(ui_textbuf_cursor(tb), 0);
	cr_assert_eq(ui_textbuf_offset(tb, 1), 4);
	cr_assert_eq(ui_textbuf_offset(tb, 99), ui_textbuf_len(tb));
	ui_textbuf_free(tb);
}

Test(ui_widgets, textbuf_max_length_counts_code_points)
{
	ui_textbuf *tb = ui_textbuf_new(3, false);

	cr_assert_eq(ui_textbuf_max(tb), 3);
	cr_assert_eq(ui_textbuf_insert(tb, 'a'), UI_TEXTBUF_OK);
	cr_assert_eq(ui_textbuf_insert(tb, 0xf6), UI_TEXTBUF_OK);    /* ö */
	cr_assert_eq(ui_textbuf_insert(tb, 0x1f600), UI_TEXTBUF_OK); /* 4 bytes */
	cr_assert_eq(ui_textbuf_insert(tb, 'b'), UI_TEXTBUF_FULL);
	cr_assert_str_eq(ui_textbuf_text(tb), "a\xc3\xb6\xf0\x9f\x98\x80");
	/* inserting in the middle of a full buffer changes nothing either */
	ui_textbuf_move_to(tb, 1);
	cr_assert_eq(ui_textbuf_insert(tb, 'x'), UI_TEXTBUF_FULL);
	cr_assert_eq(ui_textbuf_count(tb), 3);
	cr_assert_eq(ui_textbuf_set(tb, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"),
		     UI_TEXTBUF_FULL);
	cr_assert_str_eq(ui_textbuf_text(tb), "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac");
	ui_textbuf_free(tb);
}

Test(ui_widgets, textbuf_rejects_controls_and_non_scalars)
{
	ui_textbuf *tb = ui_textbuf_new(0, false);

	cr_assert_eq(ui_textbuf_max(tb), 256);
	cr_assert_eq(ui_textbuf_insert(tb, 0x1b), UI_TEXTBUF_INVALID);
	cr_assert_eq(ui_textbuf_insert(tb, '\t'), UI_TEXTBUF_INVALID);
	cr_assert_eq(ui_textbuf_insert(tb, '\r'), UI_TEXTBUF_INVALID);
	cr_assert_eq(ui_textbuf_insert(tb, 0x7f), UI_TEXTBUF_INVALID);
	cr_assert_eq(ui_textbuf_insert(tb, 0x85), UI_TEXTBUF_INVALID);
	cr_assert_eq(ui_textbuf_insert(tb, 0xd800), UI_TEXTBUF_INVALID);
	cr_assert_eq(ui_textbuf_insert(tb, 0x110000), UI_TEXTBUF_INVALID);
	cr_assert_eq(ui_textbuf_count(tb), 0);
	/* pasted text with a newline and a tab keeps only the text */
	cr_assert_eq(ui_textbuf_insert_str(tb, "ab\tc\n"), UI_TEXTBUF_OK);
	cr_assert_str_eq(ui_textbuf_text(tb), "abc");
	ui_textbuf_free(tb);
}

Test(ui_widgets, textbuf_scrolls_to_keep_the_cursor_visible)
{
	ui_textbuf *tb = ui_textbuf_new(64, false);
	size_t first;

	ui_textbuf_set(tb, "abcdefghij");
	/* cursor at the end: 4 characters and the cursor cell fit in 5 */
	first = ui_textbuf_scroll(tb, 0, 5, false);
	cr_assert_eq(first, 6);
	ui_textbuf_home(tb);
	first = ui_textbuf_scroll(tb, first, 5, false);
	cr_assert_eq(first, 0);
	ui_textbuf_move_to(tb, 7);
	first = ui_textbuf_scroll(tb, first, 5, false);
	cr_assert_eq(first, 3); /* "defg" + the cursor on 'h' */
	/* deleting brings earlier text back into view */
	ui_textbuf_end(tb);
	first = ui_textbuf_scroll(tb, first, 5, false);
	cr_assert_eq(first, 6);
	for (int i = 0; i < 5; i++)
		ui_textbuf_backspace(tb);
	first = ui_textbuf_scroll(tb, first, 5, false);
	cr_assert_eq(first, 1); /* "bcde" + the cursor cell */
	ui_textbuf_free(tb);
}

Test(ui_widgets, textbuf_scroll_counts_wide_characters_and_masks)
{
	ui_textbuf *tb = ui_textbuf_new(64, false);

	/* 7 double-width characters, cursor at the end */
	ui_textbuf_set(tb, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86\xe3\x82\xad"
			   "\xe3\x82\xb9\xe3\x83\x88");
	cr_assert_eq(ui_textbuf_count(tb), 7);
	cr_assert_eq(ui_textbuf_scroll(tb, 0, 6, false), 5); /* 2 x 2 columns + cursor */
	cr_assert_eq(ui_textbuf_scroll(tb, 0, 6, true), 2);  /* masked: 1 column each */
	ui_textbuf_free(tb);
}

/* ---- secrets ---- */

Test(ui_widgets, secret_buffer_lives_in_guarded_secure_memory)
{
	ui_textbuf *tb = ui_textbuf_new(16, true);
	const char *p;
	size_t cap = 16 * 4 + 1;
	long page = sysconf(_SC_PAGESIZE);

	cr_assert_not_null(tb);
	cr_assert(ui_textbuf_secure(tb));
	p = ui_textbuf_text(tb);
	/* sodium_malloc places an allocation so that it ends at a guard page;
	 * ds_secret_alloc rounds sizes up to 16 bytes for alignment. */
	cr_assert_eq((uintptr_t)p % 16, 0, "the secret buffer is not aligned");
	cr_assert_eq(((uintptr_t)(p + cap) + 15) / 16 * 16 % (uintptr_t)page, 0,
		     "the secret buffer does not end at a guard page");
	/* editing never moves it */
	ui_textbuf_set(tb, "correct horse");
	ui_textbuf_move_to(tb, 3);
	ui_textbuf_insert(tb, 0x20ac);
	ui_textbuf_backspace(tb);
	cr_assert_eq(ui_textbuf_text(tb), p);
	ui_textbuf_free(tb);
}

/** True when n bytes at p are all zero. */
static bool all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

Test(ui_widgets, secret_buffer_is_wiped_on_delete_set_and_clear)
{
	ui_textbuf *tb = ui_textbuf_new(32, true);
	const char *p = ui_textbuf_text(tb);
	size_t old_len;

	ui_textbuf_set(tb, "hunter2\xe2\x82\xac"); /* 10 bytes */
	old_len = ui_textbuf_len(tb);
	cr_assert_eq(old_len, 10);
	ui_textbuf_move_to(tb, 2);
	cr_assert(ui_textbuf_delete(tb));
	cr_assert(ui_textbuf_backspace(tb));
	cr_assert_str_eq(p, "hter2\xe2\x82\xac");
	/* the bytes the text moved out of are zero, not a stale copy */
	cr_assert(all_zero(p + ui_textbuf_len(tb), old_len + 1 - ui_textbuf_len(tb)));

	ui_textbuf_set(tb, "ab");
	cr_assert(all_zero(p + 2, 32 * 4 + 1 - 2));
	ui_textbuf_clear(tb);
	cr_assert(all_zero(p, 32 * 4 + 1));
	cr_assert_eq(ui_textbuf_count(tb), 0);
	cr_assert_eq(ui_textbuf_cursor(tb), 0);
	ui_textbuf_free(tb);
}

/* ---- list selection and scrolling ---- */

Test(ui_widgets, scroll_keeps_the_selection_visible)
{
	ui_scroll s;

	ui_scroll_init(&s);
	cr_assert_eq(s.selected, -1);
	cr_assert_not(ui_scroll_move(&s, 1));
	ui_scroll_set_page(&s, 10);
	ui_scroll_set_count(&s, 100);
	cr_assert_eq(s.selected, 0);
	cr_assert(ui_scroll_overflows(&s));

	cr_assert(ui_scroll_move(&s, 15));
	cr_assert_eq(s.selected, 15);
	cr_assert_eq(s.top, 6);
	cr_assert(ui_scroll_page(&s, 1));
	cr_assert_eq(s.selected, 25);
	cr_assert_eq(s.top, 16);
	cr_assert(ui_scroll_page(&s, -1));
	cr_assert_eq(s.selected, 15);
	cr_assert_eq(s.top, 6);
	cr_assert(ui_scroll_select(&s, 1000));
	cr_assert_eq(s.selected, 99);
	cr_assert_eq(s.top, 90);
	cr_assert_not(ui_scroll_move(&s, 1));
	cr_assert(ui_scroll_page(&s, -1));
	cr_assert_eq(s.selected, 89);
	cr_assert_eq(s.top, 80);
	cr_assert(ui_scroll_select(&s, 0));
	cr_assert_eq(s.top, 0);
	cr_assert_not(ui_scroll_page(&s, -1));
	cr_assert(ui_scroll_page(&s, 20));
	cr_assert_eq(s.selected, 99);
	cr_assert_eq(s.top, 90);
}

Test(ui_widgets, scroll_survives_shrinking_lists_and_pages)
{
	ui_scroll s;

	ui_scroll_init(&s);
	ui_scroll_set_page(&s, 10);
	ui_scroll_set_count(&s, 100);
	ui_scroll_select(&s, 99);
	ui_scroll_set_count(&s, 50);
	cr_assert_eq(s.selected, 49);
	cr_assert_eq(s.top, 40);
	ui_scroll_set_page(&s, 3); /* a smaller window */
	cr_assert_eq(s.top, 47);
	ui_scroll_set_page(&s, 80); /* a larger one than the list */
	cr_assert_eq(s.top, 0);
	cr_assert_not(ui_scroll_overflows(&s));
	ui_scroll_set_page(&s, 0);
	cr_assert_eq(s.page, 1);
	ui_scroll_set_count(&s, 0);
	cr_assert_eq(s.selected, -1);
	cr_assert_eq(s.top, 0);
}

Test(ui_widgets, scrollbar_thumb)
{
	ui_scroll s;
	int pos, len;

	ui_scroll_init(&s);
	ui_scroll_set_page(&s, 10);
	ui_scroll_set_count(&s, 100);
	ui_scroll_thumb(&s, 10, &pos, &len);
	cr_assert_eq(pos, 0);
	cr_assert_eq(len, 1);
	ui_scroll_select(&s, 99);
	ui_scroll_thumb(&s, 10, &pos, &len);
	cr_assert_eq(pos, 9);
	ui_scroll_set_count(&s, 20);
	ui_scroll_thumb(&s, 10, &pos, &len);
	cr_assert_eq(len, 5);
	cr_assert_eq(pos + len, 10);
	ui_scroll_set_count(&s, 5);
	ui_scroll_thumb(&s, 10, &pos, &len);
	cr_assert_eq(pos, 0);
	cr_assert_eq(len, 10);
}

/* ---- layout ---- */

Test(ui_widgets, too_small_threshold_is_80x24)
{
	cr_assert(ui_layout_too_small(23, 80));
	cr_assert(ui_layout_too_small(24, 79));
	cr_assert(ui_layout_too_small(0, 0));
	cr_assert_not(ui_layout_too_small(24, 80));
	cr_assert_not(ui_layout_too_small(50, 200));
}

Test(ui_widgets, frame_with_banner_and_sidebar)
{
	ui_frame f = ui_layout_frame(24, 80, true, 20);

	cr_assert_eq(f.banner.y, 0);
	cr_assert_eq(f.banner.h, 1);
	cr_assert_eq(f.banner.w, 80);
	cr_assert_eq(f.bar.y, 23);
	cr_assert_eq(f.status.y, 22);
	cr_assert_eq(f.sidebar.y, 1);
	cr_assert_eq(f.sidebar.h, 21);
	cr_assert_eq(f.sidebar.w, 20);
	cr_assert_eq(f.separator.x, 20);
	cr_assert_eq(f.content.y, 1);
	cr_assert_eq(f.content.x, 21);
	cr_assert_eq(f.content.h, 21);
	cr_assert_eq(f.content.w, 59);

	f = ui_layout_frame(24, 80, false, 0);
	cr_assert(ui_rect_empty(f.banner));
	cr_assert(ui_rect_empty(f.sidebar));
	cr_assert(ui_rect_empty(f.separator));
	cr_assert_eq(f.content.y, 0);
	cr_assert_eq(f.content.h, 22);
	cr_assert_eq(f.content.w, 80);
}

Test(ui_widgets, rect_splitting)
{
	ui_rect r = ui_rect_make(2, 3, 10, 10), part, rest;

	part = ui_layout_split(r, false, 3, 0);
	cr_assert_eq(part.x, 3);
	cr_assert_eq(part.w, 4);
	part = ui_layout_split(r, false, 3, 1);
	cr_assert_eq(part.x, 7);
	cr_assert_eq(part.w, 3);
	part = ui_layout_split(r, false, 3, 2);
	cr_assert_eq(part.x, 10);
	cr_assert_eq(part.w, 3);
	part = ui_layout_split(r, true, 4, 3);
	cr_assert_eq(part.y, 2 + 3 + 3 + 2);
	cr_assert_eq(part.h, 2);
	cr_assert(ui_rect_empty(ui_layout_split(r, true, 4, 4)));

	rest = r;
	part = ui_layout_take_top(&rest, 3);
	cr_assert_eq(part.h, 3);
	cr_assert_eq(rest.y, 5);
	cr_assert_eq(rest.h, 7);
	part = ui_layout_take_bottom(&rest, 100); /* clamped */
	cr_assert_eq(part.h, 7);
	cr_assert_eq(rest.h, 0);
	rest = r;
	part = ui_layout_take_right(&rest, 4);
	cr_assert_eq(part.x, 9);
	cr_assert_eq(rest.w, 6);
	part = ui_layout_take_left(&rest, -2);
	cr_assert(ui_rect_empty(part));
	cr_assert_eq(rest.w, 6);

	part = ui_layout_center(ui_rect_make(0, 0, 24, 80), 10, 40);
	cr_assert_eq(part.y, 7);
	cr_assert_eq(part.x, 20);
	part = ui_layout_center(ui_rect_make(0, 0, 5, 5), 10, 40);
	cr_assert_eq(part.h, 5);
	cr_assert_eq(part.w, 5);
	part = ui_layout_inset(ui_rect_make(0, 0, 10, 20), 1, 2);
	cr_assert_eq(part.y, 1);
	cr_assert_eq(part.x, 2);
	cr_assert_eq(part.h, 8);
	cr_assert_eq(part.w, 16);
	cr_assert(ui_rect_contains(part, 1, 2));
	cr_assert_not(ui_rect_contains(part, 9, 2));
}

#ifdef NCURSES_WIDECHAR
/* ---- widgets (key handling needs no terminal; linked with doorstep_ui) ---- */

/** Types UTF-8 text into a field as keystrokes, as a paste or a scanner would. */
static void type_text(ui_field *f, const char *s)
{
	size_t len = strlen(s), off = 0;
	uint32_t cp;

	while (off < len) {
		off += ui_text_utf8_decode(s + off, len - off, &cp);
		ui_field_key(f, (int)cp, (wint_t)cp, false);
	}
}

static int changes;

static void count_change(ui_field *f, void *ctx)
{
	(void)f;
	(void)ctx;
	changes++;
}

Test(ui_widgets, secret_field_keeps_its_text_in_secure_memory)
{
	ui_field *f = ui_field_new_secret(7, "Password", 64);
	const char *p;
	long page = sysconf(_SC_PAGESIZE);
	size_t cap = 64 * 4 + 1;

	cr_assert_not_null(f);
	ui_field_layout(f, ui_rect_make(0, 0, 3, 40));
	type_text(f, "p\xc3\xa4sswort");
	p = ui_field_secret_value(f);
	cr_assert_str_eq(p, "p\xc3\xa4sswort");
	cr_assert_null(ui_field_value(f), "a secret is never handed out as ordinary text");
	cr_assert_eq(((uintptr_t)(p + cap) + 15) / 16 * 16 % (uintptr_t)page, 0);
	cr_assert(ui_field_wants_text(f));
	cr_assert_eq(ui_field_key(f, KEY_F(3), 0, true), UI_HANDLED | UI_REDRAW);
	cr_assert_eq(ui_field_key(f, UI_KEY_CTRL('u'), UI_KEY_CTRL('u'), false),
		     UI_HANDLED | UI_REDRAW);
	cr_assert(all_zero(p, cap), "Ctrl-U leaves no trace of the secret");
	ui_field_free(f);
}

Test(ui_widgets, text_field_edits_and_reports_its_limit)
{
	ui_field *f = ui_field_new_text(1, "Code", 4);

	ui_field_set_on_change(f, count_change, NULL);
	changes = 0;
	type_text(f, "ab\xe2\x82\xac" "d");
	cr_assert_eq(changes, 4);
	cr_assert_str_eq(ui_field_value(f), "ab\xe2\x82\xac" "d");
	cr_assert_null(ui_field_secret_value(f));
	/* one too many: the text stays, a message says why */
	cr_assert_eq(ui_field_key(f, 'e', 'e', false), UI_HANDLED | UI_REDRAW);
	cr_assert_str_eq(ui_field_value(f), "ab\xe2\x82\xac" "d");
	cr_assert_not_null(ui_field_error(f));
	cr_assert_eq(changes, 4);
	/* the next edit clears the message */
	ui_field_key(f, KEY_LEFT, 0, true);
	ui_field_key(f, KEY_BACKSPACE, 0, true);
	cr_assert_str_eq(ui_field_value(f), "abd");
	cr_assert_null(ui_field_error(f));
	cr_assert_eq(changes, 5);
	/* Enter activates; Tab and Escape are left to the form */
	cr_assert(ui_field_key(f, '\r', '\r', false) & UI_ACTIVATE);
	cr_assert_eq(ui_field_key(f, '\t', '\t', false), UI_IGNORED);
	cr_assert_eq(ui_field_key(f, UI_KEY_ESC, UI_KEY_ESC, false), UI_IGNORED);
	ui_field_set_error(f, "Wrong code.");
	cr_assert_str_eq(ui_field_error(f), "Wrong code.");
	ui_field_free(f);
}

Test(ui_widgets, form_moves_focus_and_reports_activations)
{
	ui_form *form = ui_form_new();
	ui_field *skip;
	int id = -1;

	ui_form_add(form, ui_field_new_label(10, "Replace the factory password."));
	ui_form_add(form, ui_field_new_text(1, "Name", 32));
	ui_form_add(form, ui_field_new_secret(2, "Password", 64));
	ui_form_add(form, ui_field_new_checkbox(3, "Remember", false));
	ui_form_add(form, ui_field_new_button(4, "OK"));
	skip = ui_form_add(form, ui_field_new_button(5, "Skip"));
	ui_form_add(form, ui_field_new_button(6, "Cancel"));
	ui_field_set_enabled(skip, false);
	ui_form_layout(form, ui_rect_make(0, 0, 20, 60));

	cr_assert_eq(ui_field_id(ui_form_focused(form)), 1);
	cr_assert(ui_form_text_input(form));
	cr_assert_eq(ui_form_key(form, KEY_UP, 0, true, &id), UI_IGNORED);
	cr_assert(ui_form_key(form, '\t', '\t', false, &id) & UI_HANDLED);
	cr_assert_eq(ui_field_id(ui_form_focused(form)), 2);
	cr_assert(ui_form_key(form, KEY_DOWN, 0, true, &id) & UI_HANDLED);
	cr_assert_eq(ui_field_id(ui_form_focused(form)), 3);
	cr_assert_not(ui_form_text_input(form));
	ui_form_key(form, ' ', ' ', false, &id);
	cr_assert(ui_field_checked(ui_form_field(form, 3)));
	ui_form_key(form, '\t', '\t', false, &id);
	cr_assert_eq(ui_field_id(ui_form_focused(form)), 4);
	ui_form_key(form, KEY_RIGHT, 0, true, &id); /* the disabled button is skipped */
	cr_assert_eq(ui_field_id(ui_form_focused(form)), 6);
	cr_assert(ui_form_key(form, '\r', '\r', false, &id) & UI_ACTIVATE);
	cr_assert_eq(id, 6);
	ui_form_key(form, '\t', '\t', false, &id); /* wraps */
	cr_assert_eq(ui_field_id(ui_form_focused(form)), 1);
	ui_form_key(form, KEY_BTAB, 0, true, &id);
	cr_assert_eq(ui_field_id(ui_form_focused(form)), 6);
	cr_assert(ui_form_focus(form, 2));
	cr_assert_not(ui_form_focus(form, 10)); /* a label takes no focus */
	/* 'q' is text in a text field, not a quit key */
	cr_assert(ui_form_key(form, 'q', 'q', false, &id) & UI_HANDLED);
	cr_assert_str_eq(ui_field_secret_value(ui_form_field(form, 2)), "q");
	ui_form_free(form);
}

Test(ui_widgets, field_hint_wraps_instead_of_being_cut)
{
	const char *hint = "e.g. the customer's name and street; it names the report";
	ui_field *f = ui_field_new_text(1, "Name of the new site", 60);
	ui_field *secret = ui_field_new_secret(2, "Current password", 64);

	ui_field_set_hint(f, hint, UI_ROLE_DIM);
	/* label, box, and the hint: one line when it fits, two at 40 columns */
	cr_assert_eq(ui_field_height(f, 80), 3);
	cr_assert_eq(ui_field_height(f, 40), 4, "a hint longer than the field wraps to a second line");
	/* A secret's hint wraps left of "F3 Show". */
	ui_field_set_hint(secret, "not needed: the device is on its factory default", UI_ROLE_DIM);
	cr_assert_eq(ui_field_height(secret, 63), 3);
	cr_assert_eq(ui_field_height(secret, 55), 4);
	ui_field_free(f);
	ui_field_free(secret);
}

Test(ui_widgets, list_text_width_leaves_room_for_status_and_scroll_bar)
{
	ui_list *l = ui_list_new();

	ui_list_layout(l, ui_rect_make(0, 0, 4, 77));
	/* pointer gutter 2, then the status and a space either side */
	cr_assert_eq(ui_list_text_width(l, 4, "factory password"), 77 - 2 - 16 - 2);
	cr_assert_eq(ui_list_text_width(l, 4, NULL), 75);
	cr_assert_eq(ui_list_text_width(l, 5, NULL), 74, "more rows than fit: a scroll bar takes a column");
	ui_list_free(l);
}

Test(ui_widgets, status_message_wraps_after_its_mark)
{
	ui_status_line sl;

	ui_status_line_clear(&sl);
	cr_assert_eq(ui_status_line_rows(&sl, 80), 1, "no message: the line stays");
	ui_status_line_set(&sl, UI_LEVEL_FAIL, 0, "%s",
			   "Diagnostics finished: 13 passed, 4 warnings, 2 failed. Select a result to read its advice.");
	cr_assert_eq(ui_status_line_rows(&sl, 100), 1);
	cr_assert_eq(ui_status_line_rows(&sl, 80), 2, "cut with an ellipsis before; now a second row");
	cr_assert_eq(ui_status_line_rows(&sl, 20), 3, "at most three rows");
}

Test(ui_widgets, device_table_leaves_out_columns_rather_than_cutting_the_network)
{
	ds_site_device cam = { .kind = DS_KIND_CAMERA };
	ds_site_device pir = { .kind = DS_KIND_MOTION };
	ds_device_cols cols = { 0 }, all;
	char row[256];

	snprintf(cam.name, sizeof cam.name, "%s", "Living room camera");
	snprintf(cam.serial, sizeof cam.serial, "%s", "IC400-5E81A3");
	snprintf(pir.name, sizeof pir.name, "%s", "Hallway motion sensor");
	snprintf(pir.serial, sizeof pir.serial, "%s", "MS300-92C4D0");
	ds_device_cols_add(&cols, &cam, "Mueller-Home");
	ds_device_cols_add(&cols, &pir, "");
	cr_assert_eq(cols.name, 21, "as wide as the longest name");
	cr_assert_eq(cols.last, 12);
	all = cols;
	ds_device_cols_fit(&all, 80);
	cr_assert(all.kind > 0 && all.serial > 0, "everything fits in 80 columns");
	/* 57 columns, the devices step's list at 100x30: the kind gives way. */
	ds_device_cols_fit(&cols, 57);
	cr_assert_eq(cols.kind, 0);
	cr_assert_eq(cols.serial, 12);
	ds_device_row(row, sizeof row, &cam, "Mueller-Home", &cols);
	cr_assert_str_eq(row, "Living room camera    IC400-5E81A3 Mueller-Home", "the network whole: \"%s\"", row);
	/* 37 columns (80x24): the serial goes too; the name and network stay. */
	ds_device_cols_fit(&cols, 37);
	cr_assert_eq(cols.serial, 0);
	ds_device_row(row, sizeof row, &cam, "Mueller-Home", &cols);
	cr_assert_str_eq(row, "Living room camera    Mueller-Home");
}

Test(ui_widgets, list_keys_move_the_selection)
{
	ui_list *l = ui_list_new();
	char text[32];
	int i;

	for (i = 0; i < 30; i++) {
		snprintf(text, sizeof text, "Device %d", i);
		cr_assert_eq(ui_list_add(l, text, UI_ROLE_NORMAL), i);
	}
	ui_list_set_status(l, 3, "paired", UI_ROLE_OK);
	ui_list_layout(l, ui_rect_make(0, 0, 10, 40));
	cr_assert_eq(ui_list_selected(l), 0);
	cr_assert_eq(ui_list_key(l, KEY_UP, 0, true), UI_IGNORED);
	cr_assert_eq(ui_list_key(l, KEY_NPAGE, 0, true), UI_HANDLED | UI_REDRAW);
	cr_assert_eq(ui_list_selected(l), 10);
	ui_list_key(l, KEY_END, 0, true);
	cr_assert_eq(ui_list_selected(l), 29);
	cr_assert_eq(ui_list_scroll(l)->top, 20);
	cr_assert_eq(ui_list_key(l, KEY_DOWN, 0, true), UI_IGNORED);
	cr_assert_eq(ui_list_key(l, 'j', 'j', false), UI_IGNORED);
	ui_list_key(l, KEY_HOME, 0, true);
	cr_assert_eq(ui_list_selected(l), 0);
	cr_assert_str_eq(ui_list_text(l, 3), "Device 3");
	cr_assert_null(ui_list_text(l, 30));
	ui_list_clear(l);
	cr_assert_eq(ui_list_selected(l), -1);
	ui_list_free(l);
}

/* ---- the main loop on a pseudo-terminal ---- */

/** A pseudo-terminal standing in for the user's terminal on fds 0 and 1,
 *  with a thread draining what curses writes to it. */
typedef struct pty {
	int master, slave;
	pthread_t reader;
} pty;

static pty term;

static void *drain_master(void *arg)
{
	char buf[4096];

	(void)arg;
	while (read(term.master, buf, sizeof buf) > 0)
		;
	return NULL;
}

/** Sets the pseudo-terminal's size. */
static void pty_resize(int lines, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)lines, .ws_col = (unsigned short)cols };

	cr_assert_eq(ioctl(term.master, TIOCSWINSZ, &ws), 0);
}

/** Types bytes into the terminal. */
static void pty_type(const char *s)
{
	cr_assert_eq(write(term.master, s, strlen(s)), (ssize_t)strlen(s));
}

/** Opens the pseudo-terminal at lines x cols and starts curses on it. */
static void pty_open(int lines, int cols)
{
	setup();
	term.master = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert_geq(term.master, 0);
	cr_assert_eq(grantpt(term.master), 0);
	cr_assert_eq(unlockpt(term.master), 0);
	term.slave = open(ptsname(term.master), O_RDWR | O_NOCTTY);
	cr_assert_geq(term.slave, 0);
	pty_resize(lines, cols);
	cr_assert_geq(dup2(term.slave, STDIN_FILENO), 0);
	cr_assert_geq(dup2(term.slave, STDOUT_FILENO), 0);
	cr_assert_eq(pthread_create(&term.reader, NULL, drain_master, NULL), 0);
	setenv("TERM", "xterm", 1);
	cr_assert_eq(ui_term_start(), 0);
}

static void pty_setup(void)
{
	pty_open(24, 80);
}

static void pty_setup_small(void)
{
	pty_open(20, 60);
}

static void pty_teardown(void)
{
	ui_term_stop();
	close(STDIN_FILENO);
	close(STDOUT_FILENO);
	close(term.slave);
	pthread_join(term.reader, NULL);
	close(term.master);
}

/** A screen that records what reaches it. */
typedef struct probe {
	char keys[64];
	int nkeys, draws, layouts, events;
	int layouts_at_a;  /* layouts done when 'a' arrived */
	ui_rect rect;
	bool resize_on_a;
} probe;

static int probe_key(void *state, int key, wint_t wch, bool fn)
{
	probe *p = state;

	(void)key;
	if (fn)
		return UI_IGNORED;
	if (p->nkeys < (int)sizeof p->keys - 4)
		p->nkeys += (int)ui_text_utf8_encode((uint32_t)wch, p->keys + p->nkeys);
	if (wch == 'a' && p->resize_on_a) {
		/* The window grows while the loop runs; curses reports
		 * KEY_RESIZE once the keys already typed are read. */
		p->layouts_at_a = p->layouts;
		pty_resize(30, 100);
		raise(SIGWINCH);
	}
	if (wch == '\r')
		return UI_HANDLED | UI_QUIT;
	return UI_HANDLED | UI_REDRAW;
}

static void probe_layout(void *state, ui_rect r)
{
	probe *p = state;

	p->layouts++;
	p->rect = r;
	if (p->resize_on_a && r.w == 100)
		pty_type("\r"); /* laid out at the new size: finish */
}

static void probe_draw(void *state, WINDOW *win)
{
	probe *p = state;

	(void)win;
	p->draws++;
}

static atomic_int items_freed;

static void item_free(void *item)
{
	free(item);
	atomic_fetch_add(&items_freed, 1);
}

static int probe_event(void *state, ds_event *ev)
{
	probe *p = state;

	p->events++;
	if (ev->type == DS_EVENT_ITEM && *(int *)ev->item % 2 == 0)
		item_free(ui_screen_manager_take_item(ev)); /* taken: now ours */
	if (ev->type == DS_EVENT_DONE)
		return UI_HANDLED | UI_QUIT;
	return UI_HANDLED;
}

static const ui_screen_class probe_class = {
	.name = "probe",
	.layout = probe_layout,
	.draw = probe_draw,
	.key = probe_key,
	.event = probe_event,
};

Test(ui_widgets, scanner_burst_is_handled_in_order_in_one_wakeup,
     .init = pty_setup, .fini = pty_teardown)
{
	ui_screen_manager *m = ui_screen_manager_new(NULL, -1);
	probe p = { 0 };

	cr_assert_eq(ui_screen_manager_push(m, &probe_class, &p), 0);
	cr_assert_eq(p.layouts, 1);
	cr_assert_eq(p.rect.h, 22); /* less the status line and the function bar */
	cr_assert_eq(p.rect.w, 80);
	pty_type("q?ABC-123\xc3\xa9\r");
	cr_assert_eq(ui_screen_manager_run(m), UI_RUN_QUIT);
	/* the screen took 'q' and '?', so no quit question and no help */
	cr_assert_str_eq(p.keys, "q?ABC-123\xc3\xa9\r");
	/* one paint before the burst, none between its keys */
	cr_assert_eq(p.draws, 1);
	ui_screen_manager_free(m);
}

Test(ui_widgets, too_small_terminal_loses_nothing, .init = pty_setup_small,
     .fini = pty_teardown)
{
	ui_screen_manager *m = ui_screen_manager_new(NULL, -1);
	probe p = { .resize_on_a = true };

	ui_screen_manager_set_banner(m, "UNSIGNED PLUGINS ALLOWED");
	ui_screen_manager_push(m, &probe_class, &p);
	cr_assert_eq(p.layouts, 0, "a 60x20 terminal is too small to lay out");
	pty_type("a");
	cr_assert_eq(ui_screen_manager_run(m), UI_RUN_QUIT);
	/* the key reached the screen while it was too small to be shown */
	cr_assert_eq(p.layouts_at_a, 0);
	cr_assert_str_eq(p.keys, "a\r");
	/* laid out once enlarged (banner, status line and bar taken off) */
	cr_assert_eq(p.layouts, 1);
	cr_assert_eq(p.rect.y, 1);
	cr_assert_eq(p.rect.h, 27);
	cr_assert_eq(p.rect.w, 100);
	ui_screen_manager_free(m);
}

/** A job that posts four numbered items and finishes. */
static ds_status post_items(ds_job *job, void *arg)
{
	int i, *item;

	(void)arg;
	for (i = 0; i < 4; i++) {
		item = malloc(sizeof *item);
		*item = i;
		ds_job_post_item(job, item, item_free);
	}
	return DS_OK;
}

Test(ui_widgets, events_reach_the_screen_and_untaken_items_are_freed,
     .init = pty_setup, .fini = pty_teardown)
{
	ds_jobs *jobs = ds_jobs_new(1);
	ui_screen_manager *m = ui_screen_manager_new(jobs, -1);
	probe p = { 0 };

	cr_assert_not_null(jobs);
	atomic_store(&items_freed, 0);
	ui_screen_manager_push(m, &probe_class, &p);
	cr_assert_gt(ds_jobs_submit(jobs, post_items, NULL), 0);
	cr_assert_eq(ui_screen_manager_run(m), UI_RUN_QUIT);
	cr_assert_geq(p.events, 5); /* four items and DONE */
	cr_assert_eq(atomic_load(&items_freed), 4, "every item is freed exactly once");
	ui_screen_manager_free(m);
	ds_jobs_free(jobs);
}

Test(ui_widgets, signal_pipe_ends_the_loop, .init = pty_setup, .fini = pty_teardown)
{
	int fds[2];
	ui_screen_manager *m;
	probe p = { 0 };

	cr_assert_eq(pipe(fds), 0);
	m = ui_screen_manager_new(NULL, fds[0]);
	ui_screen_manager_push(m, &probe_class, &p);
	cr_assert_eq(write(fds[1], "x", 1), 1);
	cr_assert_eq(ui_screen_manager_run(m), UI_RUN_SIGNAL);
	ui_screen_manager_free(m);
	close(fds[0]);
	close(fds[1]);
}
#endif

Test(ui_widgets, table_columns_pad_and_cut_by_display_width)
{
	char row[128] = "";

	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
	ui_text_pad(row, sizeof row, "Türkontakt Haustür", 20);
	ui_text_pad(row, sizeof row, "|", 1);
	cr_assert_eq(ui_text_width(row), 21, "\"%s\" is %d columns", row, ui_text_width(row));
	cr_assert_str_eq(row, "Türkontakt Haustür  |");
	row[0] = '\0';
	ui_text_pad(row, sizeof row, "Bewegungsmelder", 14);
	cr_assert_str_eq(row, "Bewegungsmelde", "cut at a whole character: \"%s\"", row);
	row[0] = '\0';
	ui_text_pad(row, sizeof row, "äöüäöüäöü", 5);
	cr_assert_eq(ui_text_width(row), 5);
	cr_assert_eq(strlen(row), 10, "five two-byte characters, none cut in half");
	row[0] = '\0';
	ui_text_pad(row, 6, "long text", 20);
	cr_assert_eq(strlen(row), 5, "never past the buffer");
}

Test(ui_widgets, take_top_clamped_keeps_within_bounds)
{
	ui_rect body = ui_rect_make(0, 0, 30, 80);
	ui_rect a = ui_layout_take_top_clamped(&body, 20, 2, 10);
	ui_rect b = ui_layout_take_top_clamped(&body, 1, 2, 10);
	ui_rect c = ui_layout_take_top_clamped(&body, 5, 2, 1);

	cr_assert_eq(a.h, 10, "capped at the maximum");
	cr_assert_eq(b.h, 2, "raised to the minimum");
	cr_assert_eq(c.h, 2, "the minimum wins over the maximum");
	cr_assert_eq(body.y, 14);
	cr_assert_eq(body.h, 16);
}

Test(ui_widgets, take_text_gives_prose_the_rows_it_wraps_to)
{
	const char *intro = "Add every device of the system: scan or type its label, or search for devices nearby.";
	ui_rect body = ui_rect_make(2, 1, 20, 77);
	ui_rect a = ui_layout_take_text(&body, intro, 3);

	cr_assert_eq(a.h, 2, "87 columns of text take two rows of 77");
	cr_assert_eq(body.y, 4);
	body.w = 57;
	cr_assert_eq(ui_layout_take_text(&body, intro, 3).h, 2);
	body.w = 20;
	cr_assert_eq(ui_layout_take_text(&body, intro, 3).h, 3, "capped at the maximum");
	cr_assert_eq(ui_layout_take_text(&body, "", 3).h, 1, "at least one row");
}

Test(ui_widgets, frame_gives_a_long_status_message_more_rows)
{
	ui_frame f = ui_layout_frame(24, 80, false, 20);

	cr_assert_eq(f.status.h, 1);
	ui_layout_frame_status_rows(&f, 2);
	cr_assert_eq(f.status.y, 21);
	cr_assert_eq(f.status.h, 2);
	cr_assert_eq(f.content.h, 21, "the row comes from the content");
	cr_assert_eq(f.sidebar.h, 21);
	cr_assert_eq(f.separator.h, 21);
	cr_assert_eq(f.bar.y, 23, "the function bar stays at the bottom");
	ui_layout_frame_status_rows(&f, 9);
	cr_assert_eq(f.status.h, 3, "at most three rows");
	cr_assert_eq(f.content.h, 20);
}
