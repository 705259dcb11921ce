/* A scrolling list of selectable rows (htop's Panel): each row has text,
 * an optional right-aligned status column, a role for each, and a user
 * pointer. Up/Down/PgUp/PgDn/Home/End move the selection, which always
 * stays visible; a scrollbar appears when the rows overflow. Enter is left
 * to the screen (it knows what selecting a row means). */
#ifndef UI_LIST_H
#define UI_LIST_H

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "ui/toolkit/ui_layout.h"
#include "ui/toolkit/ui_scroll.h"
#include "ui/toolkit/ui_theme.h"

/** A list (opaque). */
typedef struct ui_list ui_list;

/** Creates an empty list. NULL on failure. */
ui_list *ui_list_new(void);
/** Frees the list and its rows (not the user pointers). NULL is fine. */
void ui_list_free(ui_list *l);
/** Removes every row. */
void ui_list_clear(ui_list *l);
/** Appends a row (text copied, drawn in role) and returns its index, or -1. */
int ui_list_add(ui_list *l, const char *text, ui_role role);
/** Sets a row's right-aligned status (copied; NULL or "" removes it) and its role. */
bool ui_list_set_status(ui_list *l, int index, const char *status, ui_role role);
/** The text of a row (NULL for a bad index). */
const char *ui_list_text(const ui_list *l, int index);
/** Number of rows. */
int ui_list_count(const ui_list *l);
/** The selected row, -1 when the list is empty. */
int ui_list_selected(const ui_list *l);
/** Selects a row (clamped) and scrolls it into view. */
void ui_list_select(ui_list *l, int index);
/** The scroll state (read-only view for tests and custom drawing). */
const ui_scroll *ui_list_scroll(const ui_list *l);

/** Places the list in r (the layout pass). */
void ui_list_layout(ui_list *l, ui_rect r);
/** Columns a row's text gets beside status (NULL: none) when the list holds
 *  rows rows at its present size, for table columns that fit. */
int ui_list_text_width(const ui_list *l, int rows, const char *status);
/** Draws the rows; the selected one is marked, and highlighted when focused. */
void ui_list_draw(const ui_list *l, WINDOW *win, bool focused);
/** Handles navigation keys: UI_HANDLED | UI_REDRAW when the selection moved;
 *  UI_IGNORED for other keys and at either end (so a screen can move focus on). */
int ui_list_key(ui_list *l, int key, wint_t wch, bool is_function_key);

#endif
