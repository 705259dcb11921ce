/* The scrolling list. */
#include "ui/toolkit/ui_list.h"

#include <stdlib.h>
#include <string.h>

#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_key.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"

/** One row. */
typedef struct list_row {
	char *text;
	char *status;
	ui_role role;
	ui_role status_role;
} list_row;

struct ui_list {
	list_row *rows;
	int count, cap;
	ui_scroll scroll;
	ui_rect rect;
};

ui_list *ui_list_new(void)
{
	ui_list *l = calloc(1, sizeof *l);

	if (l)
		ui_scroll_init(&l->scroll);
	return l;
}

void ui_list_clear(ui_list *l)
{
	int i;

	for (i = 0; i < l->count; i++) {
		free(l->rows[i].text);
		free(l->rows[i].status);
	}
	l->count = 0;
	ui_scroll_set_count(&l->scroll, 0);
}

void ui_list_free(ui_list *l)
{
	if (!l)
		return;
	ui_list_clear(l);
	free(l->rows);
	free(l);
}

/** The row at index, or NULL. */
static list_row *row_at(const ui_list *l, int index)
{
	if (index < 0 || index >= l->count)
		return NULL;
	return &l->rows[index];
}

int ui_list_add(ui_list *l, const char *text, ui_role role)
{
	list_row *rows;
	char *copy;
	int cap;

	if (l->count == l->cap) {
		cap = l->cap ? l->cap * 2 : 16;
		rows = realloc(l->rows, (size_t)cap * sizeof *rows);
		if (!rows)
			return -1;
		l->rows = rows;
		l->cap = cap;
	}
	copy = strdup(text ? text : "");
	if (!copy)
		return -1;
	memset(&l->rows[l->count], 0, sizeof l->rows[l->count]);
	l->rows[l->count].text = copy;
	l->rows[l->count].role = role;
	l->count++;
	ui_scroll_set_count(&l->scroll, l->count);
	return l->count - 1;
}

bool ui_list_set_status(ui_list *l, int index, const char *status, ui_role role)
{
	list_row *row = row_at(l, index);
	char *copy = NULL;

	if (!row)
		return false;
	if (status && *status) {
		copy = strdup(status);
		if (!copy)
			return false;
	}
	free(row->status);
	row->status = copy;
	row->status_role = role;
	return true;
}

const char *ui_list_text(const ui_list *l, int index)
{
	list_row *row = row_at(l, index);

	return row ? row->text : NULL;
}

int ui_list_count(const ui_list *l)
{
	return l->count;
}

int ui_list_selected(const ui_list *l)
{
	return l->scroll.selected;
}

void ui_list_select(ui_list *l, int index)
{
	ui_scroll_select(&l->scroll, index);
}

const ui_scroll *ui_list_scroll(const ui_list *l)
{
	return &l->scroll;
}

void ui_list_layout(ui_list *l, ui_rect r)
{
	l->rect = r;
	ui_scroll_set_page(&l->scroll, r.h > 0 ? r.h : 1);
}

/** Columns the status takes in a row w columns wide (0: none). */
static int status_width(const char *status, int w)
{
	int n;

	if (!status)
		return 0;
	n = ui_text_width(status);
	return n > w / 2 ? w / 2 : n;
}

/** Columns of a row's text in a row w columns wide: after the pointer's
 *  gutter, and before the status and the space around it. */
static int text_width(const char *status, int w)
{
	return w - 2 - (status ? status_width(status, w) + 2 : 0);
}

int ui_list_text_width(const ui_list *l, int rows, const char *status)
{
	int w = l->rect.w;

	if (rows > l->rect.h && w > 4)
		w--; /* the scroll bar */
	return text_width(status, w);
}

/** Draws one row at screen row y in w columns. */
static void draw_row(const ui_list *l, WINDOW *win, int index, int y, int w, bool focused)
{
	const list_row *row = &l->rows[index];
	const ui_glyphs *g = ui_term_glyphs();
	bool selected = index == l->scroll.selected;
	attr_t attr = ui_theme_attr(row->role), status_attr = ui_theme_attr(row->status_role);
	int x = l->rect.x, status_w;

	if (selected && focused) {
		attr = status_attr = ui_theme_attr(UI_ROLE_SELECTED);
		ui_draw_fill(win, ui_rect_make(y, x, 1, w), attr);
	}
	/* A pointer in a two-column gutter marks the selection even without
	 * colour or attributes (screen readers, text captures). */
	if (selected)
		ui_draw_text(win, y, x, 1, attr, g->pointer);
	if (row->status) {
		status_w = status_width(row->status, w);
		ui_draw_text_right(win, y, x + w - status_w - 1, status_w, status_attr, row->status);
	}
	ui_draw_text(win, y, x + 2, text_width(row->status, w), attr, row->text);
}

void ui_list_draw(const ui_list *l, WINDOW *win, bool focused)
{
	const ui_glyphs *g = ui_term_glyphs();
	ui_rect r = l->rect;
	int i, w = r.w, pos, len;
	attr_t dim = ui_theme_attr(UI_ROLE_DIM);

	if (ui_rect_empty(r))
		return;
	if (ui_scroll_overflows(&l->scroll) && r.w > 4) {
		w = r.w - 1;
		ui_scroll_thumb(&l->scroll, r.h, &pos, &len);
		for (i = 0; i < r.h; i++)
			ui_draw_text(win, r.y + i, r.x + w, 1, dim,
				     i >= pos && i < pos + len ? g->thumb : g->track);
	}
	for (i = 0; i < r.h && l->scroll.top + i < l->count; i++)
		draw_row(l, win, l->scroll.top + i, r.y + i, w, focused);
}

int ui_list_key(ui_list *l, int key, wint_t wch, bool is_function_key)
{
	bool changed;

	(void)wch;
	if (!is_function_key || l->count == 0)
		return UI_IGNORED;
	switch (key) {
	case KEY_UP:
		changed = ui_scroll_move(&l->scroll, -1);
		break;
	case KEY_DOWN:
		changed = ui_scroll_move(&l->scroll, 1);
		break;
	case KEY_PPAGE:
		changed = ui_scroll_page(&l->scroll, -1);
		break;
	case KEY_NPAGE:
		changed = ui_scroll_page(&l->scroll, 1);
		break;
	case KEY_HOME:
		changed = ui_scroll_select(&l->scroll, 0);
		break;
	case KEY_END:
		changed = ui_scroll_select(&l->scroll, l->count - 1);
		break;
	default:
		return UI_IGNORED;
	}
	return changed ? UI_HANDLED | UI_REDRAW : UI_IGNORED;
}
