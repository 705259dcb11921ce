/* The QR widget: a code drawn into a curses window reads back with zbar
 * (the window's cells turned into pixels), in half blocks and in ASCII;
 * a rectangle too small gets the message instead of a broken code. */
#include <criterion/criterion.h>
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/base/secret.h"
#include "app/qr/qr_export.h"
#include "app/qr/qr_image.h"
#include "app/qr/qr_render.h"
#include "ui/toolkit/ui_qr.h"

/** The toolkit's view of a rendered code. */
static ui_qr_picture picture_of(const ds_qr_render *r)
{
	return (ui_qr_picture){ .ascii = r->style == DS_QR_STYLE_ASCII, .cols = r->cols, .rows = r->rows,
				 .lines = (const char *const *)r->lines };
}

static SCREEN *screen;
static FILE *term_out, *term_in;

/** A curses screen writing to /dev/null, in a UTF-8 locale. */
static void setup(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "the C.UTF-8 locale is needed");
	cr_assert_eq(ds_secret_init(), 0);
	term_out = fopen("/dev/null", "w");
	term_in = fopen("/dev/null", "r");
	screen = newterm("xterm-256color", term_out, term_in);
	cr_assert_not_null(screen);
}

/** Ends curses. */
static void teardown(void)
{
	endwin();
	delscreen(screen);
	fclose(term_out);
	fclose(term_in);
}

TestSuite(ui_qr, .init = setup, .fini = teardown, .timeout = 60);

/** The text at row y of win, from column x, w cells (UTF-8, malloc'd). */
static char *row_text(WINDOW *win, int y, int x, int w)
{
	wchar_t wide[512];
	char *out = calloc(4 * (size_t)w + 1, 1);

	cr_assert_neq(mvwinnwstr(win, y, x, wide, w), ERR);
	cr_assert_neq(wcstombs(out, wide, 4 * (size_t)w + 1), (size_t)-1);
	return out;
}

/** Reads the drawn code back from the window: each cell is one module wide
 *  and (half blocks) two modules tall; light where the glyph is. */
static ds_qr_matrix *cells_to_modules(WINDOW *win, ui_rect at, ds_qr_style style)
{
	int side = style == DS_QR_STYLE_ASCII ? at.w / 2 : at.w;
	ds_qr_matrix *m = ds_qr_matrix_new(side - 2 * DS_QR_QUIET_ZONE);

	cr_assert_not_null(m);
	for (int cy = 0; cy < at.h; cy++) {
		for (int cx = 0; cx < at.w; cx++) {
			cchar_t cell;
			wchar_t wc[4] = { 0 };
			attr_t attrs;
			short pair;
			int top, bottom;

			cr_assert_neq(mvwin_wch(win, at.y + cy, at.x + cx, &cell), ERR);
			getcchar(&cell, wc, &attrs, &pair, NULL);
			if (style == DS_QR_STYLE_ASCII) {
				/* A light module is a reversed blank. */
				int mx = cx / 2 - DS_QR_QUIET_ZONE, my = cy - DS_QR_QUIET_ZONE;

				if (mx >= 0 && my >= 0 && mx < m->size && my < m->size)
					m->dark[my * m->size + mx] = !(attrs & A_REVERSE);
				continue;
			}
			top = wc[0] == L'\u2588' || wc[0] == L'\u2580';
			bottom = wc[0] == L'\u2588' || wc[0] == L'\u2584';
			for (int half = 0; half < 2; half++) {
				int mx = cx - DS_QR_QUIET_ZONE, my = 2 * cy + half - DS_QR_QUIET_ZONE;

				if (mx >= 0 && my >= 0 && mx < m->size && my < m->size)
					m->dark[my * m->size + mx] = !(half ? bottom : top);
			}
		}
	}
	return m;
}

/** Draws text in style into a 140x45 window and reads it back with zbar. */
static void draw_and_read(const char *text, ds_qr_style style)
{
	WINDOW *win = newwin(45, 140, 0, 0);
	char msg[256];
	ds_qr_matrix *m = ds_qr_encode(text, strlen(text), DS_QR_ECC_M, msg, sizeof msg);
	ds_qr_render *r = ds_qr_render_text(m, style, 0);
	ds_qr_matrix *back;
	ds_qr_codes *codes = NULL;
	uint8_t *px;
	int side;

	cr_assert_not_null(win);
	cr_assert_not_null(r);
	ui_qr_picture pic = picture_of(r);
	cr_assert(ui_qr_draw(win, ui_rect_make(0, 0, 45, 140), &pic));
	back = cells_to_modules(win, ui_layout_center(ui_rect_make(0, 0, 45, 140), r->rows, r->cols), style);
	cr_assert_arr_eq(back->dark, m->dark, (size_t)m->size * (size_t)m->size, "the window shows other modules");
	px = ds_qr_export_pixels(back, 4, &side);
	cr_assert_eq(ds_qr_image_scan_gray(px, side, side, &codes, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(codes->n, 1);
	cr_assert_str_eq(codes->text[0], text);
	ds_qr_codes_free(codes);
	ds_secret_free(px);
	ds_qr_matrix_free(back);
	ds_qr_render_free(r);
	ds_qr_matrix_free(m);
	delwin(win);
}

Test(ui_qr, half_blocks_read_back)
{
	draw_and_read("WIFI:T:WPA;S:Caf\\;e Ost;P:orchid tractor velvet;;", DS_QR_STYLE_HALF_BLOCKS);
}

Test(ui_qr, ascii_reads_back)
{
	draw_and_read("MT:Y.K9042C00KA0648G00", DS_QR_STYLE_ASCII);
}

Test(ui_qr, style_follows_the_locale)
{
	cr_assert(ui_qr_half_blocks());
}

Test(ui_qr, too_small_says_export)
{
	WINDOW *win = newwin(24, 80, 0, 0);
	char msg[256], *text = NULL;
	ds_qr_matrix *m = ds_qr_encode("MT:Y.K9042C00KA0648G00", 22, DS_QR_ECC_M, msg, sizeof msg);
	ds_qr_render *r = ds_qr_render_text(m, DS_QR_STYLE_HALF_BLOCKS, 0);
	size_t len = 0;
	ui_qr_picture pic = picture_of(r);

	cr_assert_not(ui_qr_draw(win, ui_rect_make(2, 2, 12, 30), &pic), "33x17 does not fit 30x12");
	for (int y = 2; y < 14; y++) {
		char *row = row_text(win, y, 2, 30);

		/* Rows joined with a blank, so that a wrapped phrase still matches. */
		text = realloc(text, len + strlen(row) + 2);
		memcpy(text + len, row, strlen(row));
		len += strlen(row);
		text[len++] = ' ';
		text[len] = '\0';
		free(row);
	}
	/* Collapse the blanks of centring and wrapping. */
	for (size_t i = 0, o = 0;; i++) {
		if (text[i] == ' ' && o > 0 && text[o - 1] == ' ')
			continue;
		text[o++] = text[i];
		if (!text[i])
			break;
	}
	cr_assert(strstr(text, "too small"), "%s", text);
	cr_assert(strstr(text, "export"), "%s", text);
	cr_assert_null(strstr(text, "\u2588"), "no part of the code is drawn");
	free(text);
	cr_assert_not(ui_qr_draw(win, ui_rect_make(0, 0, 0, 0), &pic));
	ds_qr_render_free(r);
	ds_qr_matrix_free(m);
	delwin(win);
}
