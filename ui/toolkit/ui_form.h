/* A form: fields stacked top to bottom in the order added, consecutive
 * buttons side by side in one row. Tab / Shift-Tab move the focus (and
 * wrap), Down / Up too (without wrapping, so a screen can take over at
 * either end), Left / Right between buttons of a row. The form scrolls
 * vertically to keep the focused field visible. */
#ifndef UI_FORM_H
#define UI_FORM_H

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "ui/toolkit/ui_field.h"
#include "ui/toolkit/ui_layout.h"

/** A form (opaque); it owns its fields. */
typedef struct ui_form ui_form;

/** Creates an empty form. NULL on failure. */
ui_form *ui_form_new(void);
/** Frees the form and every field in it. NULL is fine. */
void ui_form_free(ui_form *form);
/** Appends a field, taking ownership (freed with the form, or at once on
 *  failure); returns it, or NULL. The first focusable field gets the focus. */
ui_field *ui_form_add(ui_form *form, ui_field *f);
/** The field with this id, or NULL. */
ui_field *ui_form_field(const ui_form *form, int id);
/** The focused field, or NULL. */
ui_field *ui_form_focused(const ui_form *form);
/** Focuses the field with this id. false when it is absent or not focusable. */
bool ui_form_focus(ui_form *form, int id);
/** Moves the focus to the next focusable field (wrapping). true if it moved. */
bool ui_form_focus_next(ui_form *form);
/** Moves the focus to the previous focusable field (wrapping). true if it moved. */
bool ui_form_focus_prev(ui_form *form);
/** True when the focused field takes typed text (tell the screen manager). */
bool ui_form_text_input(const ui_form *form);

/** Places the form in r (the layout pass). */
void ui_form_layout(ui_form *form, ui_rect r);
/** Rows the form's fields need at width columns. */
int ui_form_height(const ui_form *form, int width);
/** Draws the visible fields; focused false draws no focus mark. */
void ui_form_draw(ui_form *form, WINDOW *win, bool focused);
/** Handles a key: the focused field first, then focus movement. Returns
 *  flags; with UI_ACTIVATE, *activated (may be NULL) gets the id of the
 *  button pressed or of the text field where Enter was pressed. */
int ui_form_key(ui_form *form, int key, wint_t wch, bool is_function_key, int *activated);

#endif
