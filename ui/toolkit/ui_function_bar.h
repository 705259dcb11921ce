/* The bottom line of key hints, like htop's: "F1 Help  Tab Next  q Quit".
 * Each screen supplies its own array of hints (see ui_screen_class.hints). */
#ifndef UI_FUNCTION_BAR_H
#define UI_FUNCTION_BAR_H

#include <curses.h>
#include <stddef.h>

#include "ui/toolkit/ui_layout.h"

/** One hint. Both strings are msgids, marked with N_() and translated when
 *  drawn, so hint tables can be static const arrays. */
typedef struct ui_key_hint {
	const char *key;    /**< key label, e.g. N_("F1"), N_("Enter") */
	const char *action; /**< what it does, e.g. N_("Help") */
} ui_key_hint;

/** Draws the hints into r's first line: each key, then its action; hints
 *  that do not fit are left out from the end. */
void ui_function_bar_draw(WINDOW *win, ui_rect r, const ui_key_hint *hints, size_t n);

#endif
