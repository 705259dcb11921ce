/* Selection and scrolling of a list of rows, as plain numbers (no curses):
 * the list widget keeps one and draws from it. Invariants kept by every
 * function: selected is -1 when count is 0, else 0..count-1; top is
 * 0..max(0, count-page); top <= selected < top+page. */
#ifndef UI_SCROLL_H
#define UI_SCROLL_H

#include <stdbool.h>

/** Where a list is scrolled to and which row is selected. */
typedef struct ui_scroll {
	int count;    /**< number of rows */
	int selected; /**< the selected row, -1 when there is none */
	int top;      /**< first visible row */
	int page;     /**< visible rows (at least 1) */
} ui_scroll;

/** An empty list with a one-row page. */
void ui_scroll_init(ui_scroll *s);
/** Sets the number of rows, keeping the selection (clamped); the first row
 *  is selected when rows appear in an empty list. */
void ui_scroll_set_count(ui_scroll *s, int count);
/** Sets the number of visible rows (at least 1) and keeps the selection visible. */
void ui_scroll_set_page(ui_scroll *s, int page);
/** Selects row index (clamped) and scrolls it into view. true if anything changed. */
bool ui_scroll_select(ui_scroll *s, int index);
/** Moves the selection by delta rows (clamped). true if anything changed. */
bool ui_scroll_move(ui_scroll *s, int delta);
/** Moves the view and the selection by pages (PgDn: 1, PgUp: -1). true if anything changed. */
bool ui_scroll_page(ui_scroll *s, int pages);
/** True when there are more rows than fit. */
bool ui_scroll_overflows(const ui_scroll *s);
/** Scrollbar thumb for a track of track cells: first cell *pos and length *len. */
void ui_scroll_thumb(const ui_scroll *s, int track, int *pos, int *len);

#endif
