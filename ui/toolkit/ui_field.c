/* Form widgets: text, secret, button, label, checkbox. */
#include "ui/toolkit/ui_field.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_key.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_textbuf.h"

struct ui_field {
	ui_field_kind kind;
	int id;
	char *label;
	char *hint;
	ui_role hint_role;
	char *error;
	ui_role role;
	ui_textbuf *tb;     /* text and secret fields */
	size_t first;       /* first code point shown in the box */
	bool reveal;        /* a secret shown in clear */
	ui_field_mask_fn mask; /* parts of a text field drawn masked, or NULL */
	bool checked;
	bool enabled;
	ui_field_change_fn on_change;
	void *on_change_ctx;
	ui_rect rect;
};

/** Replaces *dst with a copy of src (NULL or "" gives NULL). */
static void set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src && *src ? strdup(src) : NULL;
}

/** A new field of kind; NULL on failure. */
static ui_field *field_new(ui_field_kind kind, int id, const char *label)
{
	ui_field *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	f->kind = kind;
	f->id = id;
	f->enabled = true;
	f->role = UI_ROLE_NORMAL;
	f->hint_role = UI_ROLE_DIM;
	set_str(&f->label, label);
	return f;
}

/** A text or secret field. */
static ui_field *edit_new(ui_field_kind kind, int id, const char *label, size_t max_len)
{
	ui_field *f = field_new(kind, id, label);

	if (!f)
		return NULL;
	f->tb = ui_textbuf_new(max_len, kind == UI_FIELD_SECRET);
	if (!f->tb) {
		ui_field_free(f);
		return NULL;
	}
	return f;
}

ui_field *ui_field_new_text(int id, const char *label, size_t max_len)
{
	return edit_new(UI_FIELD_TEXT, id, label, max_len);
}

ui_field *ui_field_new_secret(int id, const char *label, size_t max_len)
{
	return edit_new(UI_FIELD_SECRET, id, label, max_len);
}

ui_field *ui_field_new_button(int id, const char *label)
{
	return field_new(UI_FIELD_BUTTON, id, label);
}

ui_field *ui_field_new_label(int id, const char *text)
{
	return field_new(UI_FIELD_LABEL, id, text);
}

ui_field *ui_field_new_checkbox(int id, const char *label, bool checked)
{
	ui_field *f = field_new(UI_FIELD_CHECKBOX, id, label);

	if (f)
		f->checked = checked;
	return f;
}

void ui_field_free(ui_field *f)
{
	if (!f)
		return;
	ui_textbuf_free(f->tb);
	free(f->label);
	free(f->hint);
	free(f->error);
	free(f);
}

int ui_field_id(const ui_field *f)
{
	return f->id;
}

ui_field_kind ui_field_kind_of(const ui_field *f)
{
	return f->kind;
}

bool ui_field_focusable(const ui_field *f)
{
	return f->enabled && f->kind != UI_FIELD_LABEL;
}

bool ui_field_wants_text(const ui_field *f)
{
	return f->tb != NULL;
}

const char *ui_field_value(const ui_field *f)
{
	return f->kind == UI_FIELD_TEXT ? ui_textbuf_text(f->tb) : NULL;
}

const char *ui_field_secret_value(const ui_field *f)
{
	return f->kind == UI_FIELD_SECRET ? ui_textbuf_text(f->tb) : NULL;
}

/** Width of the edit box in the field's rect. */
static int box_width(const ui_field *f)
{
	int w = f->rect.w - 2;
	size_t max = ui_textbuf_max(f->tb);

	if (w < 1)
		return 1;
	if (max + 1 < (size_t)w)
		w = (int)max + 1;
	return w;
}

/** Scrolls the box so that the cursor stays visible. */
static void update_scroll(ui_field *f)
{
	if (f->tb)
		f->first = ui_textbuf_scroll(f->tb, f->first, box_width(f),
					     f->kind == UI_FIELD_SECRET && !f->reveal);
}

bool ui_field_set_value(ui_field *f, const char *text)
{
	bool ok;

	if (!f->tb)
		return false;
	ok = ui_textbuf_set(f->tb, text ? text : "") == UI_TEXTBUF_OK;
	f->first = 0;
	update_scroll(f);
	return ok;
}

void ui_field_clear(ui_field *f)
{
	if (!f->tb)
		return;
	ui_textbuf_clear(f->tb);
	f->first = 0;
}

void ui_field_set_label(ui_field *f, const char *label)
{
	set_str(&f->label, label);
}

void ui_field_set_hint(ui_field *f, const char *hint, ui_role role)
{
	set_str(&f->hint, hint);
	f->hint_role = role;
}

void ui_field_set_error(ui_field *f, const char *error)
{
	set_str(&f->error, error);
}

const char *ui_field_error(const ui_field *f)
{
	return f->error;
}

bool ui_field_checked(const ui_field *f)
{
	return f->checked;
}

void ui_field_set_enabled(ui_field *f, bool enabled)
{
	f->enabled = enabled;
}

void ui_field_set_role(ui_field *f, ui_role role)
{
	f->role = role;
}

void ui_field_set_on_change(ui_field *f, ui_field_change_fn fn, void *ctx)
{
	f->on_change = fn;
	f->on_change_ctx = ctx;
}

void ui_field_set_reveal(ui_field *f, bool reveal)
{
	f->reveal = reveal;
	update_scroll(f);
}

void ui_field_set_mask(ui_field *f, ui_field_mask_fn fn)
{
	if (f)
		f->mask = fn;
}

/** Most lines a message (a validation error or a hint) may wrap to. */
#define UI_FIELD_MESSAGE_LINES 3

/** The word after F3 on a secret's message line. */
static const char *reveal_action(const ui_field *f)
{
	/* TRANSLATORS: the F3 key shows or hides a password being typed. */
	return f->reveal ? _("Hide") : _("Show");
}

/** Columns F3 and its action take at the right of a secret's message line
 *  in a field width columns wide, with the gap before them (0: not shown,
 *  there is no room). */
static int reveal_room(const ui_field *f, int width)
{
	int right = 2 + 1 + ui_text_width(reveal_action(f));

	return f->kind == UI_FIELD_SECRET && right < (width - 2) / 2 ? right + 2 : 0;
}

/** Columns the message's text wraps at in a field width columns wide: an
 *  error after its mark, a hint from the start, both left of F3. */
static int message_width(const ui_field *f, int width)
{
	return width - 2 - reveal_room(f, width) - (f->error ? 2 : 0);
}

/** Lines the message (the error, else the hint) needs at width: both wrap. */
static int message_lines(const ui_field *f, int width)
{
	const char *text = f->error ? f->error : f->hint;
	int w = message_width(f, width);
	int n;

	if (!text || w < 10)
		return 1;
	n = ui_text_wrap_count(text, w);
	return n < 1 ? 1 : n > UI_FIELD_MESSAGE_LINES ? UI_FIELD_MESSAGE_LINES : n;
}

int ui_field_height(const ui_field *f, int width)
{
	switch (f->kind) {
	case UI_FIELD_TEXT:
	case UI_FIELD_SECRET:
		return (f->label ? 1 : 0) + 1 + message_lines(f, width); /* label, box, message */
	case UI_FIELD_LABEL:
		return f->label ? ui_text_wrap_count(f->label, width - 2 > 0 ? width - 2 : 1) : 1;
	case UI_FIELD_CHECKBOX:
		return f->error || f->hint ? 2 : 1;
	case UI_FIELD_BUTTON:
		break;
	}
	return 1;
}

int ui_field_button_width(const ui_field *f)
{
	return 1 + 4 + ui_text_width(f->label ? f->label : "");
}

void ui_field_layout(ui_field *f, ui_rect r)
{
	f->rect = r;
	update_scroll(f);
}

ui_rect ui_field_rect(const ui_field *f)
{
	return f->rect;
}

/** Draws the message (error, else hint) from row y, wrapped to the rows the
 *  field has left (at most UI_FIELD_MESSAGE_LINES). */
static void draw_message(const ui_field *f, WINDOW *win, int y)
{
	const ui_glyphs *g = ui_term_glyphs();
	int x = f->rect.x + 2, w = f->rect.w - 2, right = reveal_room(f, f->rect.w);
	int lines = f->rect.y + f->rect.h - y, tw = message_width(f, f->rect.w);
	attr_t fail = ui_theme_attr(UI_ROLE_FAIL);

	if (right) {
		int aw = ui_text_width(reveal_action(f));

		ui_draw_text(win, y, x + w - (right - 2), 2, ui_theme_attr(UI_ROLE_KEY), "F3");
		ui_draw_text(win, y, x + w - aw, aw, ui_theme_attr(UI_ROLE_DIM), reveal_action(f));
	}
	if (lines < 1)
		lines = 1;
	if (lines > UI_FIELD_MESSAGE_LINES)
		lines = UI_FIELD_MESSAGE_LINES;
	if (f->error) {
		ui_draw_text(win, y, x, 1, fail, g->fail);
		ui_draw_wrapped(win, ui_rect_make(y, x + 2, lines, tw), fail, f->error, false);
	} else if (f->hint) {
		ui_draw_wrapped(win, ui_rect_make(y, x, lines, tw), ui_theme_attr(f->hint_role), f->hint, false);
	}
}

/** Draws the edit box of a text or secret field at row y. */
static void draw_box(const ui_field *f, WINDOW *win, int y, bool focused)
{
	const ui_glyphs *g = ui_term_glyphs();
	const char *text = ui_textbuf_text(f->tb);
	size_t len = ui_textbuf_len(f->tb), cursor = ui_textbuf_cursor(f->tb);
	size_t off = ui_textbuf_offset(f->tb, f->first), n, index = f->first;
	bool masked = f->kind == UI_FIELD_SECRET && !f->reveal;
	int x = f->rect.x + 2, w = box_width(f), col = 0, cw, cursor_col = -1;
	attr_t attr = ui_theme_attr(focused ? UI_ROLE_FOCUS : UI_ROLE_INPUT);
	uint32_t cp;
	wchar_t wc;

	ui_draw_fill(win, ui_rect_make(y, x, 1, w), attr);
	wattrset(win, (int)attr);
	while (off < len) {
		bool hide = masked || (f->mask && f->mask(text, len, off));

		n = ui_text_utf8_decode(text + off, len - off, &cp);
		cw = hide ? 1 : ui_text_cp_width(cp);
		if (col + cw > w)
			break;
		if (index == cursor)
			cursor_col = col;
		if (hide) {
			ui_draw_text(win, y, x + col, 1, attr, g->mask);
		} else {
			/* Shown in clear (a secret only after F3): the character goes
			 * straight to the screen; the local copy is wiped below. */
			wattrset(win, (int)attr);
			if (cw == 0 && col > 0) {
				wc = (wchar_t)cp;
				waddnwstr(win, &wc, 1); /* combines with the previous cell */
			} else if (cw > 0) {
				wmove(win, y, x + col);
				ui_draw_char(win, cp);
			}
		}
		col += cw;
		off += n;
		index++;
	}
	ds_secret_wipe(&cp, sizeof cp);
	ds_secret_wipe(&wc, sizeof wc);
	if (focused) {
		if (cursor_col < 0)
			cursor_col = col < w ? col : w - 1;
		/* A reversed cell is the cursor (the terminal cursor stays hidden). */
		mvwchgat(win, y, x + cursor_col, 1, (attr ^ A_REVERSE) & ~A_COLOR,
			 (short)PAIR_NUMBER(attr), NULL);
	}
	wattrset(win, A_NORMAL);
}

/** The focus mark in the gutter at row y. */
static void draw_pointer(const ui_field *f, WINDOW *win, int y, bool focused)
{
	if (focused)
		ui_draw_text(win, y, f->rect.x, 1, ui_theme_attr(UI_ROLE_KEY),
			     ui_term_glyphs()->pointer);
}

void ui_field_draw(const ui_field *f, WINDOW *win, bool focused)
{
	ui_rect r = f->rect;
	attr_t normal = ui_theme_attr(f->enabled ? f->role : UI_ROLE_DIM);
	char buf[512];
	int y = r.y;

	if (ui_rect_empty(r))
		return;
	switch (f->kind) {
	case UI_FIELD_TEXT:
	case UI_FIELD_SECRET:
		draw_pointer(f, win, y, focused);
		if (f->label)
			ui_draw_text(win, y++, r.x + 2, r.w - 2, normal, f->label);
		draw_box(f, win, y++, focused);
		draw_message(f, win, y);
		break;
	case UI_FIELD_LABEL:
		if (f->label)
			ui_draw_wrapped(win, ui_rect_make(r.y, r.x + 2, r.h, r.w - 2), normal,
					f->label, false);
		break;
	case UI_FIELD_CHECKBOX:
		draw_pointer(f, win, y, focused);
		snprintf(buf, sizeof buf, "[%s] %s", f->checked ? ui_term_glyphs()->check : " ",
			 f->label ? f->label : "");
		ui_draw_text(win, y++, r.x + 2, r.w - 2,
			     focused ? ui_theme_attr(UI_ROLE_FOCUS) : normal, buf);
		if (r.h > 1)
			draw_message(f, win, y);
		break;
	case UI_FIELD_BUTTON:
		draw_pointer(f, win, y, focused);
		snprintf(buf, sizeof buf, "[ %s ]", f->label ? f->label : "");
		ui_draw_text(win, y, r.x + 1, r.w - 1,
			     focused ? ui_theme_attr(UI_ROLE_FOCUS) : normal, buf);
		break;
	}
}

/** After the user changed the content: drop the error, scroll, notify. */
static int changed(ui_field *f)
{
	set_str(&f->error, NULL);
	update_scroll(f);
	if (f->on_change)
		f->on_change(f, f->on_change_ctx);
	return UI_HANDLED | UI_REDRAW;
}

/** After a cursor move: scroll; redraw when it moved. */
static int moved(ui_field *f, bool did_move)
{
	update_scroll(f);
	return did_move ? UI_HANDLED | UI_REDRAW : UI_HANDLED;
}

/** Inserts a typed character; at the maximum length the field says so. */
static int type_char(ui_field *f, wint_t wch)
{
	char msg[256];
	size_t max;

	switch (ui_textbuf_insert(f->tb, (uint32_t)wch)) {
	case UI_TEXTBUF_OK:
		return changed(f);
	case UI_TEXTBUF_FULL:
		max = ui_textbuf_max(f->tb);
		snprintf(msg, sizeof msg,
			 P_("This field takes at most %zu character.",
			    "This field takes at most %zu characters.", max), max);
		set_str(&f->error, msg);
		return UI_HANDLED | UI_REDRAW;
	case UI_TEXTBUF_INVALID:
		break;
	}
	return UI_IGNORED;
}

/** Keys of text and secret fields. */
static int edit_key(ui_field *f, int key, wint_t wch, bool fn)
{
	if (fn) {
		switch (key) {
		case KEY_LEFT:
			return moved(f, ui_textbuf_left(f->tb));
		case KEY_RIGHT:
			return moved(f, ui_textbuf_right(f->tb));
		case KEY_HOME:
			return moved(f, ui_textbuf_home(f->tb));
		case KEY_END:
			return moved(f, ui_textbuf_end(f->tb));
		case KEY_BACKSPACE:
			return ui_textbuf_backspace(f->tb) ? changed(f) : UI_HANDLED;
		case KEY_DC:
			return ui_textbuf_delete(f->tb) ? changed(f) : UI_HANDLED;
		case KEY_ENTER:
			return UI_HANDLED | UI_ACTIVATE;
		default:
			if (key == KEY_F(3) && f->kind == UI_FIELD_SECRET) {
				ui_field_set_reveal(f, !f->reveal);
				return UI_HANDLED | UI_REDRAW;
			}
			return UI_IGNORED;
		}
	}
	if (ui_key_is_enter(key, fn))
		return UI_HANDLED | UI_ACTIVATE;
	switch (key) {
	case UI_KEY_CTRL('u'):
		if (ui_textbuf_count(f->tb) == 0)
			return UI_HANDLED;
		ui_textbuf_clear(f->tb);
		f->first = 0;
		return changed(f);
	case UI_KEY_CTRL('a'):
		return moved(f, ui_textbuf_home(f->tb));
	case UI_KEY_CTRL('e'):
		return moved(f, ui_textbuf_end(f->tb));
	case UI_KEY_CTRL('h'):
	case 0x7f:
		return ui_textbuf_backspace(f->tb) ? changed(f) : UI_HANDLED;
	default:
		return type_char(f, wch);
	}
}

int ui_field_key(ui_field *f, int key, wint_t wch, bool is_function_key)
{
	if (!ui_field_focusable(f))
		return UI_IGNORED;
	switch (f->kind) {
	case UI_FIELD_TEXT:
	case UI_FIELD_SECRET:
		return edit_key(f, key, wch, is_function_key);
	case UI_FIELD_BUTTON:
		if (ui_key_is_enter(key, is_function_key) || ui_key_is_char(key, is_function_key, ' '))
			return UI_HANDLED | UI_ACTIVATE | UI_REDRAW;
		return UI_IGNORED;
	case UI_FIELD_CHECKBOX:
		if (ui_key_is_enter(key, is_function_key) || ui_key_is_char(key, is_function_key, ' ')) {
			f->checked = !f->checked;
			return changed(f);
		}
		return UI_IGNORED;
	case UI_FIELD_LABEL:
		break;
	}
	return UI_IGNORED;
}
