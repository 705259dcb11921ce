/* Rectangles and the screen's regions. */
#include "ui/toolkit/ui_layout.h"

#include "ui/toolkit/ui_text.h"

ui_rect ui_rect_make(int y, int x, int h, int w)
{
	ui_rect r = { y, x, h < 0 ? 0 : h, w < 0 ? 0 : w };

	return r;
}

bool ui_rect_empty(ui_rect r)
{
	return r.h <= 0 || r.w <= 0;
}

bool ui_rect_contains(ui_rect r, int y, int x)
{
	return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

bool ui_layout_too_small(int lines, int cols)
{
	return lines < UI_MIN_LINES || cols < UI_MIN_COLS;
}

/** n clamped to 0..max. */
static int clamp(int n, int max)
{
	if (n < 0)
		return 0;
	return n > max ? max : n;
}

ui_rect ui_layout_take_top(ui_rect *r, int n)
{
	ui_rect part;

	n = clamp(n, r->h);
	part = ui_rect_make(r->y, r->x, n, r->w);
	r->y += n;
	r->h -= n;
	return part;
}

ui_rect ui_layout_take_bottom(ui_rect *r, int n)
{
	n = clamp(n, r->h);
	r->h -= n;
	return ui_rect_make(r->y + r->h, r->x, n, r->w);
}

ui_rect ui_layout_take_left(ui_rect *r, int n)
{
	ui_rect part;

	n = clamp(n, r->w);
	part = ui_rect_make(r->y, r->x, r->h, n);
	r->x += n;
	r->w -= n;
	return part;
}

ui_rect ui_layout_take_right(ui_rect *r, int n)
{
	n = clamp(n, r->w);
	r->w -= n;
	return ui_rect_make(r->y, r->x + r->w, r->h, n);
}

ui_rect ui_layout_inset(ui_rect r, int dy, int dx)
{
	dy = clamp(dy, r.h / 2);
	dx = clamp(dx, r.w / 2);
	return ui_rect_make(r.y + dy, r.x + dx, r.h - 2 * dy, r.w - 2 * dx);
}

ui_rect ui_layout_center(ui_rect r, int h, int w)
{
	h = clamp(h, r.h);
	w = clamp(w, r.w);
	return ui_rect_make(r.y + (r.h - h) / 2, r.x + (r.w - w) / 2, h, w);
}

ui_rect ui_layout_split(ui_rect r, bool vertical, int n, int i)
{
	int total = vertical ? r.h : r.w, base, extra, start, size;

	if (n < 1 || i < 0 || i >= n)
		return ui_rect_make(r.y, r.x, 0, 0);
	base = total / n;
	extra = total % n;
	start = i * base + (i < extra ? i : extra);
	size = base + (i < extra ? 1 : 0);
	if (vertical)
		return ui_rect_make(r.y + start, r.x, size, r.w);
	return ui_rect_make(r.y, r.x + start, r.h, size);
}

ui_frame ui_layout_frame(int lines, int cols, bool banner, int sidebar_w)
{
	ui_rect rest = ui_rect_make(0, 0, lines, cols);
	ui_frame f;

	f.banner = ui_layout_take_top(&rest, banner ? 1 : 0);
	f.bar = ui_layout_take_bottom(&rest, 1);
	f.status = ui_layout_take_bottom(&rest, 1);
	f.sidebar = ui_layout_take_left(&rest, sidebar_w > 0 ? sidebar_w : 0);
	f.separator = ui_layout_take_left(&rest, sidebar_w > 0 ? 1 : 0);
	f.content = rest;
	return f;
}

void ui_layout_frame_status_rows(ui_frame *f, int rows)
{
	int more = (rows > 3 ? 3 : rows) - f->status.h;

	if (more <= 0 || f->content.h - more < 1)
		return;
	f->status.y -= more;
	f->status.h += more;
	f->content.h -= more;
	f->sidebar.h = f->sidebar.h > more ? f->sidebar.h - more : 0;
	f->separator.h = f->separator.h > more ? f->separator.h - more : 0;
}

ui_rect ui_layout_take_top_clamped(ui_rect *r, int want, int min, int max)
{
	if (want > max)
		want = max;
	if (want < min)
		want = min;
	return ui_layout_take_top(r, want);
}

ui_rect ui_layout_take_text(ui_rect *r, const char *s, int max)
{
	int n = r->w > 0 ? ui_text_wrap_count(s, r->w) : 1;

	return ui_layout_take_top_clamped(r, n, 1, max);
}
