/* The status line above the function bar: one message with a level and an
 * optional expiry. The screen manager owns one (ui_screen_manager_status). */
#ifndef UI_STATUS_LINE_H
#define UI_STATUS_LINE_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "ui/toolkit/ui_layout.h"

/** How a message is shown: the role and mark used. */
typedef enum ui_level {
	UI_LEVEL_INFO = 0, /**< plain */
	UI_LEVEL_OK,       /**< success (green, mark) */
	UI_LEVEL_WARN,     /**< warning */
	UI_LEVEL_FAIL,     /**< failure */
} ui_level;

/** A status line's message. */
typedef struct ui_status_line {
	char text[512];     /**< translated message, "" when none */
	ui_level level;
	int64_t expires_ms; /**< ui_term_now_ms() time it disappears, 0: never */
} ui_status_line;

/** Sets the message (printf-style, translated by the caller) and its level;
 *  it disappears ttl_ms from now (0: stays). */
void ui_status_line_set(ui_status_line *sl, ui_level level, int ttl_ms, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/** Removes the message. */
void ui_status_line_clear(ui_status_line *sl);
/** Removes an expired message; true when that happened (repaint). */
bool ui_status_line_expire(ui_status_line *sl, int64_t now_ms);
/** Rows the message takes in a line width columns wide: it wraps after its
 *  mark, to 3 rows at most; 1 when there is none. */
int ui_status_line_rows(const ui_status_line *sl, int width);
/** Draws the message (with its level's mark and role) into r, wrapped to its rows. */
void ui_status_line_draw(const ui_status_line *sl, WINDOW *win, ui_rect r);

#endif
