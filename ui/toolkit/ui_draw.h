/* Painting primitives shared by the widgets: clipped text in display
 * columns (wide and combining characters, invalid bytes as '?'), fills,
 * wrapped text, boxes with Unicode or ASCII glyphs, and the message shown
 * while the terminal is too small. Strings are UTF-8 (what _() returns in
 * the wizard); curses converts them to the terminal's charset, with ASCII
 * stand-ins for what it lacks (ui/toolkit/ui_charset.h). */
#ifndef UI_DRAW_H
#define UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "ui/toolkit/ui_layout.h"

/** Draws the code point cp at the cursor, or its ASCII stand-in when the
 *  terminal cannot show it. Returns the columns drawn. */
int ui_draw_char(WINDOW *win, uint32_t cp);
/** Draws s at (y, x) in at most width columns; a clipped string ends with an
 *  ellipsis. Returns the columns drawn. */
int ui_draw_text(WINDOW *win, int y, int x, int width, attr_t attr, const char *s);
/** Draws s right-aligned in the width columns starting at x. Returns the columns drawn. */
int ui_draw_text_right(WINDOW *win, int y, int x, int width, attr_t attr, const char *s);
/** Draws s centred in the width columns starting at x. Returns the columns drawn. */
int ui_draw_text_center(WINDOW *win, int y, int x, int width, attr_t attr, const char *s);
/** Fills r with spaces drawn with attr. */
void ui_draw_fill(WINDOW *win, ui_rect r, attr_t attr);
/** Draws s word-wrapped inside r (each line centred when center); lines past
 *  r.h are dropped. Returns the number of lines drawn. */
int ui_draw_wrapped(WINDOW *win, ui_rect r, attr_t attr, const char *s, bool center);
/** Draws a horizontal line of n cells at (y, x). */
void ui_draw_hline(WINDOW *win, int y, int x, int n, attr_t attr);
/** Draws a vertical line of n cells at (y, x). */
void ui_draw_vline(WINDOW *win, int y, int x, int n, attr_t attr);
/** Draws a frame on the border cells of r, with an optional title (NULL: none)
 *  in its top edge; the inside is left as it is. */
void ui_draw_box(WINDOW *win, ui_rect r, attr_t attr, const char *title);
/** Clears win and centres "The terminal is too small: ..." for a lines x cols terminal. */
void ui_draw_too_small(WINDOW *win, int lines, int cols);

#endif
