/* Overlay panels driven through their class. */
#include "ui/wizard/wizard_panel.h"

#include "ui/toolkit/ui_key.h"

bool ds_panels_add(ds_panels *set, const ds_panel_class *cls, void *state)
{
	if (!state || set->n == DS_PANELS_MAX)
		return false;
	set->list[set->n++] = (ds_panel){ cls, state };
	return true;
}

void ds_panels_free(ds_panels *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->list[i].cls->free)
			set->list[i].cls->free(set->list[i].state);
	set->n = 0;
}

const ds_panel *ds_panels_shown(const ds_panels *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (ds_panel_is_open(&set->list[i]))
			return &set->list[i];
	return NULL;
}

void ds_panels_layout(const ds_panels *set, ui_rect rect)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->list[i].cls->layout)
			set->list[i].cls->layout(set->list[i].state, rect);
}

bool ds_panels_draw(const ds_panels *set, WINDOW *win)
{
	const ds_panel *p = ds_panels_shown(set);

	if (!p)
		return false;
	if (p->cls->draw)
		p->cls->draw(p->state, win);
	return true;
}

int ds_panels_event(const ds_panels *set, ds_event *ev, const ds_panel **by)
{
	for (size_t i = 0; i < set->n; i++) {
		const ds_panel *p = &set->list[i];
		int flags = p->cls->event ? p->cls->event(p->state, ev) : UI_IGNORED;

		if (flags != UI_IGNORED) {
			if (by)
				*by = p;
			return flags;
		}
	}
	return UI_IGNORED;
}

bool ds_panel_is_open(const ds_panel *p)
{
	return p->cls->is_open(p->state);
}

int ds_panel_key(const ds_panel *p, int key, wint_t wch, bool is_function_key)
{
	return p->cls->key ? p->cls->key(p->state, key, wch, is_function_key) : UI_IGNORED;
}

const ui_key_hint *ds_panel_hints(const ds_panel *p, size_t *n)
{
	if (!p->cls->hints) {
		*n = 0;
		return NULL;
	}
	return p->cls->hints(p->state, n);
}

bool ds_panel_text_input(const ds_panel *p)
{
	return p->cls->text_input && p->cls->text_input(p->state);
}
