/* Pieces the steps share: one focus between a list (above) and a form
 * (below), how a diagnostic grade is shown (mark and role; its word:
 * ds_check_grade_word), and the columns of a table of devices. */
#ifndef DS_STEP_PARTS_H
#define DS_STEP_PARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <doorstep/plugin.h>

#include "app/core/site.h"
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

/** The columns of a table of devices, in display columns: name, kind,
 *  serial, then a last one (a Wi-Fi network, a vendor); 0 leaves one out. */
typedef struct ds_device_cols {
	int name, kind, serial, last;
} ds_device_cols;

/** Widens cols to hold device d with last ("" for none) in its last column;
 *  the name, kind and serial columns grow to 22, 16 and 13 at most. */
void ds_device_cols_add(ds_device_cols *cols, const ds_site_device *d, const char *last);
/** Makes cols fit in width columns by leaving out whole columns, the kind
 *  first (a name mostly says it), then the serial: a column cut short says
 *  less than one left out. The name and the last column stay. */
void ds_device_cols_fit(ds_device_cols *cols, int width);
/** Writes into row (size bytes) device d's name, kind and serial in the
 *  columns cols, then last. */
void ds_device_row(char *row, size_t size, const ds_site_device *d, const char *last, const ds_device_cols *cols);

#endif
