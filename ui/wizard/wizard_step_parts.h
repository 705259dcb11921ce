/* Pieces the Cellular, Diagnostics and Summary screens share: one focus
 * between a list (above) and a form (below), and how a diagnostic grade is
 * shown (mark and role; its word: ds_check_grade_word). */
#ifndef DS_STEP_PARTS_H
#define DS_STEP_PARTS_H

#include <stdbool.h>
#include <wchar.h>

#include <doorstep/plugin.h>

#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_theme.h"

/** Moves the focus between a list and the form below it: Tab and Down go
 *  from the list to the form's first field, Shift-Tab to its last; Tab on
 *  the last field, Shift-Tab on the first and Up at the top of the form go
 *  back to the list. Other keys go to the form while it has the focus.
 *  Call it with the keys the list did not take. Returns flags; with
 *  UI_ACTIVATE, *activated gets the id of the field activated. */
int ds_step_focus_key(ui_form *form, bool *on_form, int first_id, int last_id, int key, wint_t wch,
		      bool fn, int *activated);

/** The status mark of a grade (a glyph of the terminal's set); *role gets
 *  the role it is drawn in. */
const char *ds_step_grade_mark(ds_check_grade grade, ui_role *role);

#endif
