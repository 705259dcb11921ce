/* The help overlay (F1 or '?'): the current screen's keys and a paragraph
 * of text in a box over the screen; Up/Down/PgUp/PgDn scroll it, Esc, F1,
 * '?' or q close it. The screen manager owns one. */
#ifndef UI_HELP_H
#define UI_HELP_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "ui/toolkit/ui_function_bar.h"
#include "ui/toolkit/ui_layout.h"

/** State of the help overlay. */
typedef struct ui_help {
	bool open;   /**< shown */
	int offset;  /**< first content line shown */
	int lines;   /**< content lines at the last draw */
	int visible; /**< content lines that fit at the last draw */
} ui_help;

/** Shows the overlay, scrolled to the top. */
void ui_help_open(ui_help *h);
/** Hides the overlay. */
void ui_help_close(ui_help *h);
/** Draws the overlay centred in area: the hints (key, action) and then text
 *  (translated; may be NULL). */
void ui_help_draw(ui_help *h, WINDOW *win, ui_rect area, const ui_key_hint *hints,
		  size_t n, const char *text);
/** Handles a key while open: scrolls or closes; always UI_HANDLED (with
 *  UI_REDRAW when something changed). */
int ui_help_key(ui_help *h, int key, wint_t wch, bool is_function_key);

#endif
