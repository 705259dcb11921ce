/* Shared pieces of the step screens. */
#include "ui/wizard/wizard_step_parts.h"

#include "ui/toolkit/ui_key.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_term.h"

/** The id of the form's focused field, or -1. */
static int focused_id(const ui_form *form)
{
	const ui_field *f = ui_form_focused(form);

	return f ? ui_field_id(f) : -1;
}

int ds_step_focus_key(ui_form *form, bool *on_form, int first_id, int last_id, int key, wint_t wch,
		      bool fn, int *activated)
{
	bool tab = ui_key_is_char(key, fn, '\t');
	bool btab = ui_key_is_fn(key, fn, KEY_BTAB);
	int flags;

	if (!*on_form) {
		if (tab || ui_key_is_fn(key, fn, KEY_DOWN) || btab) {
			if (!ui_form_focus(form, btab ? last_id : first_id))
				return UI_IGNORED;
			*on_form = true;
			return UI_HANDLED | UI_REDRAW;
		}
		return UI_IGNORED;
	}
	if ((tab && focused_id(form) == last_id) || (btab && focused_id(form) == first_id)) {
		*on_form = false;
		return UI_HANDLED | UI_REDRAW;
	}
	flags = ui_form_key(form, key, wch, fn, activated);
	if (flags == UI_IGNORED && ui_key_is_fn(key, fn, KEY_UP)) {
		*on_form = false;
		return UI_HANDLED | UI_REDRAW;
	}
	return flags;
}

const char *ds_step_grade_mark(ds_check_grade grade, ui_role *role)
{
	const ui_glyphs *g = ui_term_glyphs();

	switch (grade) {
	case DS_CHECK_PASS:
		*role = UI_ROLE_OK;
		return g->ok;
	case DS_CHECK_WARN:
		*role = UI_ROLE_WARN;
		return g->warn;
	case DS_CHECK_FAIL:
		*role = UI_ROLE_FAIL;
		return g->fail;
	case DS_CHECK_SKIPPED:
		break;
	}
	*role = UI_ROLE_DIM;
	return "-";
}

/** The larger of n and the width of s, but at most max. */
static int widen(int n, const char *s, int max)
{
	int w = ui_text_width(s);

	if (w > max)
		w = max;
	return w > n ? w : n;
}

void ds_device_cols_add(ds_device_cols *cols, const ds_site_device *d, const char *last)
{
	cols->name = widen(cols->name, d->name, 22);
	cols->kind = widen(cols->kind, ds_kind_name(d->kind), 16);
	cols->serial = widen(cols->serial, d->serial, 13);
	cols->last = widen(cols->last, last, 1000);
}

void ds_device_cols_fit(ds_device_cols *cols, int width)
{
	int *drop[] = { &cols->kind, &cols->serial };

	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++) {
		int total = cols->name + (cols->kind ? 1 + cols->kind : 0) + (cols->serial ? 1 + cols->serial : 0) +
			    (cols->last ? 1 + cols->last : 0);

		if (total <= width)
			return;
		*drop[i] = 0;
	}
}

void ds_device_row(char *row, size_t size, const ds_site_device *d, const char *last, const ds_device_cols *cols)
{
	row[0] = '\0';
	ui_text_pad(row, size, d->name, cols->name);
	if (cols->kind) {
		ui_text_pad(row, size, " ", 1);
		ui_text_pad(row, size, ds_kind_name(d->kind), cols->kind);
	}
	if (cols->serial) {
		ui_text_pad(row, size, " ", 1);
		ui_text_pad(row, size, d->serial, cols->serial);
	}
	if (last[0]) {
		ui_text_pad(row, size, " ", 1);
		ui_text_pad(row, size, last, ui_text_width(last));
	}
}
