/* Shared pieces of the step screens. */
#include "ui/wizard/wizard_step_parts.h"

#include "ui/toolkit/ui_key.h"
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
