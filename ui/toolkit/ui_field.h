/* Focusable widgets of a form: text field, masked secret field, button,
 * static label and checkbox. A field draws itself in the rect its form
 * gives it and returns flags from its key handler; it never loops.
 *
 * Text fields edit UTF-8 with a cursor (ui_textbuf): insert anywhere,
 * Left/Right/Home/End (Ctrl-A/Ctrl-E), Backspace/Delete, Ctrl-U clears;
 * text longer than the box scrolls sideways; pasted text arrives as keys.
 * A secret field keeps its text only in ds_secret_alloc memory, wipes it on
 * clear and free, shows one mask glyph per character, and F3 shows or hides
 * it (its hint line says so). Enter in a text field or on a button returns
 * UI_ACTIVATE; Space or Enter toggles a checkbox.
 *
 * Each field has one message line: a validation error (role FAIL) when set,
 * else its hint. An edit clears the error; the text itself is never lost. */
#ifndef UI_FIELD_H
#define UI_FIELD_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "ui/toolkit/ui_layout.h"
#include "ui/toolkit/ui_theme.h"

/** A widget (opaque). */
typedef struct ui_field ui_field;

/** What a widget is. */
typedef enum ui_field_kind {
	UI_FIELD_TEXT,     /**< one line of editable text */
	UI_FIELD_SECRET,   /**< masked text in secure memory */
	UI_FIELD_BUTTON,   /**< activates with Enter or Space */
	UI_FIELD_LABEL,    /**< static wrapped text, not focusable */
	UI_FIELD_CHECKBOX, /**< on/off with Space or Enter */
} ui_field_kind;

/** Called after the user changed a field's content (not on ui_field_set_*). */
typedef void (*ui_field_change_fn)(ui_field *field, void *ctx);

/** A text field with a label (NULL: none) for at most max_len code points (0: 256). */
ui_field *ui_field_new_text(int id, const char *label, size_t max_len);
/** A masked field for a secret, its buffer in secure memory. */
ui_field *ui_field_new_secret(int id, const char *label, size_t max_len);
/** A button. */
ui_field *ui_field_new_button(int id, const char *label);
/** A static label of wrapped text ("" gives a blank spacer line). */
ui_field *ui_field_new_label(int id, const char *text);
/** A checkbox. */
ui_field *ui_field_new_checkbox(int id, const char *label, bool checked);
/** Frees a field, wiping a secret. NULL is fine. */
void ui_field_free(ui_field *f);

/** The id given at creation. */
int ui_field_id(const ui_field *f);
/** The kind of widget. */
ui_field_kind ui_field_kind_of(const ui_field *f);
/** True when the field can take focus (enabled and not a label). */
bool ui_field_focusable(const ui_field *f);
/** True when the field takes typed text (text and secret fields). */
bool ui_field_wants_text(const ui_field *f);

/** The text of a text field (NULL for any other kind, secrets included). */
const char *ui_field_value(const ui_field *f);
/** The text of a secret field, in secure memory, valid until the next edit,
 *  clear or free; NULL for any other kind. Never copy it to ordinary memory. */
const char *ui_field_secret_value(const ui_field *f);
/** Replaces the text of a text or secret field (cursor at the end); false
 *  if it was cut at the maximum length or the field takes no text. */
bool ui_field_set_value(ui_field *f, const char *text);
/** Empties a text or secret field (wiping a secret). */
void ui_field_clear(ui_field *f);
/** Replaces the label (of a label: its text). */
void ui_field_set_label(ui_field *f, const char *label);
/** Sets the hint shown under the field in role (NULL: none). */
void ui_field_set_hint(ui_field *f, const char *hint, ui_role role);
/** Sets the validation message shown under the field (NULL: none). */
void ui_field_set_error(ui_field *f, const char *error);
/** The validation message, or NULL. */
const char *ui_field_error(const ui_field *f);
/** Whether a checkbox is ticked. */
bool ui_field_checked(const ui_field *f);
/** Enables or disables a field (a disabled one is dimmed and skipped by focus). */
void ui_field_set_enabled(ui_field *f, bool enabled);
/** Sets the role a label's text is drawn in. */
void ui_field_set_role(ui_field *f, ui_role role);
/** Calls fn(f, ctx) after each change the user makes (fn NULL: none). */
void ui_field_set_on_change(ui_field *f, ui_field_change_fn fn, void *ctx);
/** Shows (true) or masks (false) a secret field's text. */
void ui_field_set_reveal(ui_field *f, bool reveal);
/** Which bytes of a text field's text to draw as mask glyphs. */
typedef bool (*ui_field_mask_fn)(const char *text, size_t len, size_t off);
/** Masks the parts of a text field's text that fn names (a label's code
 *  while it is typed); NULL shows it all. */
void ui_field_set_mask(ui_field *f, ui_field_mask_fn fn);

/** Rows the field needs at width columns. */
int ui_field_height(const ui_field *f, int width);
/** Columns a button needs ("[ label ]" and its focus mark). */
int ui_field_button_width(const ui_field *f);
/** Places the field in r (the layout pass). */
void ui_field_layout(ui_field *f, ui_rect r);
/** The rect given by the last layout. */
ui_rect ui_field_rect(const ui_field *f);
/** Draws the field; focused shows the focus mark and the cursor. */
void ui_field_draw(const ui_field *f, WINDOW *win, bool focused);
/** Handles a key for the focused field: flags (UI_HANDLED, UI_REDRAW,
 *  UI_ACTIVATE), or UI_IGNORED for keys it does not use (Tab, Up, Down...). */
int ui_field_key(ui_field *f, int key, wint_t wch, bool is_function_key);

#endif
