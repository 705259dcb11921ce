/* Geometry without drawing: rectangles, splitting them, the minimum
 * terminal size, and the regions of the whole screen. Layout is a pass of
 * its own (recomputed on every resize), apart from painting (neomutt's
 * model). Never calls curses. */
#ifndef UI_LAYOUT_H
#define UI_LAYOUT_H

#include <stdbool.h>

/** The smallest terminal doorstep draws into. */
#define UI_MIN_LINES 24
/** The narrowest terminal doorstep draws into. */
#define UI_MIN_COLS 80

/** A rectangle in screen cells: top row y, left column x, h rows, w columns. */
typedef struct ui_rect {
	int y, x, h, w;
} ui_rect;

/** The regions of the whole screen; an absent region has h == 0 or w == 0. */
typedef struct ui_frame {
	ui_rect banner;    /**< top line for a persistent warning (optional) */
	ui_rect sidebar;   /**< left column for the wizard's step list (optional) */
	ui_rect separator; /**< the column between sidebar and content */
	ui_rect content;   /**< the active screen's area */
	ui_rect status;    /**< status line above the function bar */
	ui_rect bar;       /**< function bar, the bottom line */
} ui_frame;

/** Makes a rectangle (negative sizes become 0). */
ui_rect ui_rect_make(int y, int x, int h, int w);
/** True when the rectangle has no cells. */
bool ui_rect_empty(ui_rect r);
/** True when (y, x) lies inside r. */
bool ui_rect_contains(ui_rect r, int y, int x);

/** True when a lines x cols terminal is below UI_MIN_LINES x UI_MIN_COLS. */
bool ui_layout_too_small(int lines, int cols);
/** Cuts n rows off the top of *r and returns them (at most r->h). */
ui_rect ui_layout_take_top(ui_rect *r, int n);
/** Cuts n rows off the bottom of *r and returns them. */
ui_rect ui_layout_take_bottom(ui_rect *r, int n);
/** Cuts n columns off the left of *r and returns them. */
ui_rect ui_layout_take_left(ui_rect *r, int n);
/** Cuts n columns off the right of *r and returns them. */
ui_rect ui_layout_take_right(ui_rect *r, int n);
/** Cuts want rows off the top of *r, but no more than max and no fewer than
 *  min (min wins), e.g. a list sized to its rows within a share of a screen. */
ui_rect ui_layout_take_top_clamped(ui_rect *r, int want, int min, int max);
/** Cuts off the top of *r the rows the prose s takes when wrapped at r->w
 *  columns (ui_text_wrap_count; at least 1, at most max) and returns them:
 *  the room for an instruction or explanation drawn with ui_draw_wrapped,
 *  which wraps rather than cutting it short. */
ui_rect ui_layout_take_text(ui_rect *r, const char *s, int max);
/** r shrunk by dy rows at top and bottom and dx columns at each side. */
ui_rect ui_layout_inset(ui_rect r, int dy, int dx);
/** An h x w rectangle centred in r (clamped to r). */
ui_rect ui_layout_center(ui_rect r, int h, int w);
/** Part i of n equal parts of r, side by side (vertical false: columns) or
 *  stacked (vertical true: rows); the first parts take the remainder. */
ui_rect ui_layout_split(ui_rect r, bool vertical, int n, int i);
/** The regions of a lines x cols screen: a banner line if banner, a sidebar
 *  of sidebar_w columns (0: none) with a separator, status and bar lines. */
ui_frame ui_layout_frame(int lines, int cols, bool banner, int sidebar_w);

/** Gives f's status line rows rows (1 to 3; a long message wraps there),
 *  the rows above it taken from the content, the sidebar and the separator. */
void ui_layout_frame_status_rows(ui_frame *f, int rows);

#endif
