/* Forms: placement, focus and key routing over fields. */
#include "ui/toolkit/ui_form.h"

#include <stdlib.h>

#include "ui/toolkit/ui_key.h"

struct ui_form {
	ui_field **fields;
	int *vy;       /* each field's row inside the (virtual, unscrolled) form */
	int count, cap;
	int focus;     /* index, -1 when nothing is focusable */
	int offset;    /* rows scrolled off the top */
	int height;    /* rows of the whole form at the last placement */
	ui_rect rect;
};

ui_form *ui_form_new(void)
{
	ui_form *form = calloc(1, sizeof *form);

	if (form)
		form->focus = -1;
	return form;
}

void ui_form_free(ui_form *form)
{
	int i;

	if (!form)
		return;
	for (i = 0; i < form->count; i++)
		ui_field_free(form->fields[i]);
	free(form->fields);
	free(form->vy);
	free(form);
}

ui_field *ui_form_add(ui_form *form, ui_field *f)
{
	ui_field **fields;
	int *vy, cap;

	if (!f)
		return NULL;
	if (form->count == form->cap) {
		cap = form->cap ? form->cap * 2 : 8;
		fields = realloc(form->fields, (size_t)cap * sizeof *fields);
		if (!fields) {
			ui_field_free(f);
			return NULL;
		}
		form->fields = fields;
		vy = realloc(form->vy, (size_t)cap * sizeof *vy);
		if (!vy) {
			ui_field_free(f);
			return NULL;
		}
		form->vy = vy;
		form->cap = cap;
	}
	form->fields[form->count] = f;
	form->vy[form->count] = 0;
	if (form->focus < 0 && ui_field_focusable(f))
		form->focus = form->count;
	form->count++;
	return f;
}

ui_field *ui_form_field(const ui_form *form, int id)
{
	int i;

	for (i = 0; i < form->count; i++)
		if (ui_field_id(form->fields[i]) == id)
			return form->fields[i];
	return NULL;
}

ui_field *ui_form_focused(const ui_form *form)
{
	if (form->focus < 0 || form->focus >= form->count)
		return NULL;
	return form->fields[form->focus];
}

/** True when fields i and i-1 are both buttons (they share a row). */
static bool same_row(const ui_form *form, int i)
{
	return i > 0 && ui_field_kind_of(form->fields[i]) == UI_FIELD_BUTTON &&
	       ui_field_kind_of(form->fields[i - 1]) == UI_FIELD_BUTTON;
}

/** Computes every field's virtual row, scrolls to the focus and gives each
 *  visible field its rect (hidden ones get an empty rect). */
static void place(ui_form *form)
{
	ui_rect r = form->rect;
	ui_field *f;
	int i, y = 0, x = 0, h, row_h = 0, fy, fh;

	/* A focus that became unfocusable (disabled) moves on. */
	f = ui_form_focused(form);
	if (f && !ui_field_focusable(f) && !ui_form_focus_next(form))
		form->focus = -1;
	for (i = 0; i < form->count; i++) {
		f = form->fields[i];
		if (same_row(form, i)) {
			form->vy[i] = form->vy[i - 1];
			continue;
		}
		y += row_h;
		/* A blank row before a row of buttons that follows other fields. */
		if (i > 0 && ui_field_kind_of(f) == UI_FIELD_BUTTON)
			y++;
		form->vy[i] = y;
		row_h = ui_field_height(f, r.w);
	}
	form->height = y + row_h;
	if (form->focus >= 0) {
		fy = form->vy[form->focus];
		fh = ui_field_height(form->fields[form->focus], r.w);
		if (fy < form->offset)
			form->offset = fy;
		if (fy + fh > form->offset + r.h)
			form->offset = fy + fh - r.h;
	}
	if (form->offset > form->height - r.h)
		form->offset = form->height - r.h;
	if (form->offset < 0)
		form->offset = 0;
	for (i = 0; i < form->count; i++) {
		f = form->fields[i];
		if (same_row(form, i))
			x += ui_field_button_width(form->fields[i - 1]) + 1;
		else
			x = 0;
		h = ui_field_height(f, r.w);
		fy = form->vy[i] - form->offset;
		if (fy < 0 || fy + h > r.h || x >= r.w) {
			ui_field_layout(f, ui_rect_make(r.y, r.x, 0, 0));
			continue;
		}
		if (ui_field_kind_of(f) == UI_FIELD_BUTTON)
			ui_field_layout(f, ui_rect_make(r.y + fy, r.x + x, 1,
							ui_field_button_width(f) < r.w - x
								? ui_field_button_width(f) : r.w - x));
		else
			ui_field_layout(f, ui_rect_make(r.y + fy, r.x, h, r.w));
	}
}

/** Moves the focus by step (+1/-1) to the next focusable field; wraps when
 *  wrap. true if it moved. */
static bool focus_step(ui_form *form, int step, bool wrap)
{
	int i = form->focus, n;

	for (n = 0; n < form->count; n++) {
		i += step;
		if (i < 0 || i >= form->count) {
			if (!wrap)
				return false;
			i = i < 0 ? form->count - 1 : 0;
		}
		if (i == form->focus)
			return false;
		if (ui_field_focusable(form->fields[i])) {
			form->focus = i;
			place(form);
			return true;
		}
	}
	return false;
}

bool ui_form_focus(ui_form *form, int id)
{
	int i;

	for (i = 0; i < form->count; i++) {
		if (ui_field_id(form->fields[i]) == id && ui_field_focusable(form->fields[i])) {
			form->focus = i;
			place(form);
			return true;
		}
	}
	return false;
}

bool ui_form_focus_next(ui_form *form)
{
	return focus_step(form, 1, true);
}

bool ui_form_focus_prev(ui_form *form)
{
	return focus_step(form, -1, true);
}

bool ui_form_text_input(const ui_form *form)
{
	const ui_field *f = ui_form_focused(form);

	return f && ui_field_wants_text(f);
}

void ui_form_layout(ui_form *form, ui_rect r)
{
	form->rect = r;
	place(form);
}

int ui_form_height(const ui_form *form, int width)
{
	int i, y = 0, row_h = 0;

	for (i = 0; i < form->count; i++) {
		if (same_row(form, i))
			continue;
		y += row_h;
		if (i > 0 && ui_field_kind_of(form->fields[i]) == UI_FIELD_BUTTON)
			y++;
		row_h = ui_field_height(form->fields[i], width);
	}
	return y + row_h;
}

void ui_form_draw(ui_form *form, WINDOW *win, bool focused)
{
	int i;

	/* Heights change with validation messages: place again before painting. */
	place(form);
	for (i = 0; i < form->count; i++)
		ui_field_draw(form->fields[i], win, focused && i == form->focus);
}

/** The nearest focusable button from the focused button in direction step
 *  within the same row of buttons, or -1. */
static int button_neighbour(const ui_form *form, int step)
{
	int i;

	if (form->focus < 0 || ui_field_kind_of(form->fields[form->focus]) != UI_FIELD_BUTTON)
		return -1;
	for (i = form->focus + step; i >= 0 && i < form->count; i += step) {
		if (ui_field_kind_of(form->fields[i]) != UI_FIELD_BUTTON)
			return -1;
		if (ui_field_focusable(form->fields[i]))
			return i;
	}
	return -1;
}

int ui_form_key(ui_form *form, int key, wint_t wch, bool is_function_key, int *activated)
{
	ui_field *f = ui_form_focused(form);
	int flags, step = 0;
	bool wrap = false;

	if (f) {
		flags = ui_field_key(f, key, wch, is_function_key);
		if (flags & UI_HANDLED) {
			if ((flags & UI_ACTIVATE) && activated)
				*activated = ui_field_id(f);
			if (flags & UI_REDRAW)
				place(form);
			return flags;
		}
	}
	if (ui_key_is_char(key, is_function_key, '\t'))
		step = 1, wrap = true;
	else if (ui_key_is_fn(key, is_function_key, KEY_BTAB))
		step = -1, wrap = true;
	else if (ui_key_is_fn(key, is_function_key, KEY_DOWN))
		step = 1;
	else if (ui_key_is_fn(key, is_function_key, KEY_UP))
		step = -1;
	else if (ui_key_is_fn(key, is_function_key, KEY_RIGHT) && button_neighbour(form, 1) >= 0)
		step = 1;
	else if (ui_key_is_fn(key, is_function_key, KEY_LEFT) && button_neighbour(form, -1) >= 0)
		step = -1;
	if (step == 0)
		return UI_IGNORED;
	if (focus_step(form, step, wrap))
		return UI_HANDLED | UI_REDRAW;
	/* Tab always belongs to the form, even with a single focusable field. */
	return wrap ? UI_HANDLED : UI_IGNORED;
}
