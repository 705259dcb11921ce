/* Painting primitives: clipped text, fills, wrapping, boxes. */
#include "ui/toolkit/ui_draw.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"
#include "ui/toolkit/ui_charset.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"

/** width clamped so that x + width stays inside the window. */
static int clip_width(WINDOW *win, int y, int x, int width)
{
	int max_y, max_x;

	getmaxyx(win, max_y, max_x);
	if (y < 0 || y >= max_y || x < 0 || x >= max_x || width <= 0)
		return 0;
	return x + width > max_x ? max_x - x : width;
}

int ui_draw_char(WINDOW *win, uint32_t cp)
{
	const char *ascii = ui_charset_fallback(cp);
	wchar_t wc = (wchar_t)cp;
	int w;

	if (ascii) {
		waddstr(win, ascii);
		return (int)strlen(ascii);
	}
	/* curses converts the character to the terminal's charset. */
	waddnwstr(win, &wc, 1);
	w = wcwidth(wc);
	ds_secret_wipe(&wc, sizeof wc); /* it may be a revealed password's */
	return w;
}

/** Draws the first n bytes of the UTF-8 string s from (y, x), character by
 *  character. Returns the columns drawn. */
static int put_bytes(WINDOW *win, int y, int x, attr_t attr, const char *s, size_t n)
{
	size_t off = 0;
	int cols = 0;
	wchar_t wc;

	wattrset(win, (int)attr);
	wmove(win, y, x);
	while (off < n) {
		off += ui_text_next(s + off, n - off, &wc);
		cols += ui_draw_char(win, (uint32_t)wc);
	}
	wattrset(win, A_NORMAL);
	return cols;
}

int ui_draw_text(WINDOW *win, int y, int x, int width, attr_t attr, const char *s)
{
	size_t len = strlen(s), fit;
	int used = 0;
	const char *ell;

	width = clip_width(win, y, x, width);
	if (width == 0)
		return 0;
	fit = ui_text_fit(s, len, width, &used);
	if (fit == len)
		return put_bytes(win, y, x, attr, s, len);
	/* Clipped: leave one column for the ellipsis. */
	ell = ui_term_glyphs()->ellipsis;
	fit = ui_text_fit(s, len, width - 1, &used);
	used = put_bytes(win, y, x, attr, s, fit);
	return used + put_bytes(win, y, x + used, attr, ell, strlen(ell));
}

int ui_draw_text_right(WINDOW *win, int y, int x, int width, attr_t attr, const char *s)
{
	int w = ui_text_width(s);

	if (w >= width)
		return ui_draw_text(win, y, x, width, attr, s);
	return ui_draw_text(win, y, x + width - w, w, attr, s);
}

int ui_draw_text_center(WINDOW *win, int y, int x, int width, attr_t attr, const char *s)
{
	int w = ui_text_width(s);

	if (w >= width)
		return ui_draw_text(win, y, x, width, attr, s);
	return ui_draw_text(win, y, x + (width - w) / 2, w, attr, s);
}

void ui_draw_fill(WINDOW *win, ui_rect r, attr_t attr)
{
	int row, w;

	for (row = r.y; row < r.y + r.h; row++) {
		w = clip_width(win, row, r.x, r.w);
		if (w == 0)
			continue;
		wattrset(win, (int)attr);
		mvwhline(win, row, r.x, ' ', w);
	}
	wattrset(win, A_NORMAL);
}

int ui_draw_wrapped(WINDOW *win, ui_rect r, attr_t attr, const char *s, bool center)
{
	size_t n, next;
	int line = 0, used, x;

	if (ui_rect_empty(r))
		return 0;
	while (line < r.h) {
		n = ui_text_wrap_line(s, r.w, &next);
		x = r.x;
		if (center) {
			ui_text_fit(s, n, r.w, &used);
			x += (r.w - used) / 2;
		}
		if (clip_width(win, r.y + line, x, r.w) > 0)
			put_bytes(win, r.y + line, x, attr, s, ui_text_fit(s, n, r.w, NULL));
		line++;
		s += next;
		if (!*s)
			break;
	}
	return line;
}

void ui_draw_hline(WINDOW *win, int y, int x, int n, attr_t attr)
{
	const char *g = ui_term_glyphs()->hline;
	int i;

	n = clip_width(win, y, x, n);
	for (i = 0; i < n; i++)
		put_bytes(win, y, x + i, attr, g, strlen(g));
}

void ui_draw_vline(WINDOW *win, int y, int x, int n, attr_t attr)
{
	const char *g = ui_term_glyphs()->vline;
	int i;

	for (i = 0; i < n; i++)
		if (clip_width(win, y + i, x, 1) > 0)
			put_bytes(win, y + i, x, attr, g, strlen(g));
}

/** Draws one glyph at (y, x) if the cell exists. */
static void put_glyph(WINDOW *win, int y, int x, attr_t attr, const char *g)
{
	if (clip_width(win, y, x, 1) > 0)
		put_bytes(win, y, x, attr, g, strlen(g));
}

void ui_draw_box(WINDOW *win, ui_rect r, attr_t attr, const char *title)
{
	const ui_glyphs *g = ui_term_glyphs();
	int bottom = r.y + r.h - 1, right = r.x + r.w - 1;
	char buf[256];

	if (r.h < 2 || r.w < 2)
		return;
	ui_draw_hline(win, r.y, r.x + 1, r.w - 2, attr);
	ui_draw_hline(win, bottom, r.x + 1, r.w - 2, attr);
	ui_draw_vline(win, r.y + 1, r.x, r.h - 2, attr);
	ui_draw_vline(win, r.y + 1, right, r.h - 2, attr);
	put_glyph(win, r.y, r.x, attr, g->tl);
	put_glyph(win, r.y, right, attr, g->tr);
	put_glyph(win, bottom, r.x, attr, g->bl);
	put_glyph(win, bottom, right, attr, g->br);
	if (title && *title && r.w > 6) {
		snprintf(buf, sizeof buf, " %s ", title);
		ui_draw_text(win, r.y, r.x + 2, r.w - 4, ui_theme_attr(UI_ROLE_TITLE), buf);
	}
}

void ui_draw_too_small(WINDOW *win, int lines, int cols)
{
	char msg[512];
	ui_rect r;
	int h;

	werase(win);
	snprintf(msg, sizeof msg,
		 _("The terminal is too small: %dx%d. doorstep needs at least %dx%d. "
		   "Enlarge the window or reduce the font size."),
		 cols, lines, UI_MIN_COLS, UI_MIN_LINES);
	r = ui_rect_make(0, 1, lines, cols - 2);
	if (r.w < 1)
		r = ui_rect_make(0, 0, lines, cols);
	h = ui_text_wrap_count(msg, r.w);
	r = ui_layout_center(r, h, r.w);
	ui_draw_wrapped(win, r, ui_theme_attr(UI_ROLE_WARN), msg, true);
}
