/* A progress bar: cells of Unicode blocks (with eighths) or ASCII '#',
 * followed by the percentage. */
#ifndef UI_PROGRESS_H
#define UI_PROGRESS_H

#include <curses.h>

/** Draws a bar for permille (0..1000, clamped) in width columns at (y, x):
 *  the bar in attr, then the percentage (e.g. " 42%"). */
void ui_progress_draw(WINDOW *win, int y, int x, int width, unsigned permille, attr_t attr);

#endif
