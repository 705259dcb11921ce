/* Selection and scroll arithmetic of a list. */
#include "ui/toolkit/ui_scroll.h"

/** Restores the invariants after any change. */
static void fix(ui_scroll *s)
{
	int max_top;

	if (s->page < 1)
		s->page = 1;
	if (s->count <= 0) {
		s->count = 0;
		s->selected = -1;
		s->top = 0;
		return;
	}
	if (s->selected < 0)
		s->selected = 0;
	if (s->selected >= s->count)
		s->selected = s->count - 1;
	if (s->selected < s->top)
		s->top = s->selected;
	if (s->selected >= s->top + s->page)
		s->top = s->selected - s->page + 1;
	max_top = s->count > s->page ? s->count - s->page : 0;
	if (s->top > max_top)
		s->top = max_top;
	if (s->top < 0)
		s->top = 0;
}

void ui_scroll_init(ui_scroll *s)
{
	s->count = 0;
	s->selected = -1;
	s->top = 0;
	s->page = 1;
}

void ui_scroll_set_count(ui_scroll *s, int count)
{
	s->count = count;
	fix(s);
}

void ui_scroll_set_page(ui_scroll *s, int page)
{
	s->page = page;
	fix(s);
}

bool ui_scroll_select(ui_scroll *s, int index)
{
	int old_sel = s->selected, old_top = s->top;

	if (s->count <= 0)
		return false;
	s->selected = index;
	fix(s);
	return s->selected != old_sel || s->top != old_top;
}

bool ui_scroll_move(ui_scroll *s, int delta)
{
	if (s->count <= 0)
		return false;
	return ui_scroll_select(s, s->selected + delta);
}

bool ui_scroll_page(ui_scroll *s, int pages)
{
	int old_sel = s->selected, old_top = s->top;

	if (s->count <= 0)
		return false;
	/* Scroll the view by whole pages and the selection with it, like htop;
	 * at either end the selection goes to the first or last row. */
	s->top += pages * s->page;
	s->selected += pages * s->page;
	if (s->selected >= s->count)
		s->selected = s->count - 1;
	if (s->selected < 0)
		s->selected = 0;
	if (s->top < 0)
		s->top = 0;
	if (s->top > s->selected)
		s->top = s->selected;
	fix(s);
	return s->selected != old_sel || s->top != old_top;
}

bool ui_scroll_overflows(const ui_scroll *s)
{
	return s->count > s->page;
}

void ui_scroll_thumb(const ui_scroll *s, int track, int *pos, int *len)
{
	int range;

	if (track < 1) {
		*pos = 0;
		*len = 0;
		return;
	}
	if (s->count <= s->page) {
		*pos = 0;
		*len = track;
		return;
	}
	*len = (int)((long)track * s->page / s->count);
	if (*len < 1)
		*len = 1;
	range = s->count - s->page;
	*pos = (int)((long)(track - *len) * s->top / range);
}
