/* Overlay panels: a part of a step shown over the step's content while it
 * is open (Bluetooth devices and Wi-Fi join in Devices, adding an eSIM
 * profile in Cellular, a QR code in Summary and over the Wi-Fi panel).
 *
 * A panel is a const ds_panel_class (function pointers, designated
 * initialisers; every member but is_open may be NULL) plus the state its
 * file's new function made. Opening takes arguments of the panel's own
 * (which device, which code), so each panel file keeps a typed new and
 * open; everything else goes through the class.
 *
 * A screen keeps its panels in a ds_panels: it lays them all out with its
 * content rect, draws the open one instead of its content, gives it the
 * keys and takes its hints and text_input, and hands job events to every
 * panel (a panel's job may end after it was closed). */
#ifndef DS_WIZARD_PANEL_H
#define DS_WIZARD_PANEL_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "app/base/jobs.h"
#include "ui/toolkit/ui_function_bar.h"
#include "ui/toolkit/ui_layout.h"

/** What a panel does; every member but is_open is optional. Handlers return ui_flags. */
typedef struct ds_panel_class {
	const char *name; /**< for logs and debugging, never shown */
	/** Frees the state (its jobs have ended); NULL state is fine. */
	void (*free)(void *state);
	/** True while the panel is shown over the step. */
	bool (*is_open)(const void *state);
	/** Places the panel in the step's content rect (every layout, open or not). */
	void (*layout)(void *state, ui_rect rect);
	/** Paints the panel (stdscr, absolute coordinates). */
	void (*draw)(void *state, WINDOW *win);
	/** A key while open (see ui_key.h for key/wch/is_function_key). */
	int (*key)(void *state, int key, wint_t wch, bool is_function_key);
	/** A job event, open or not; UI_IGNORED for jobs it did not start. */
	int (*event)(void *state, ds_event *ev);
	/** The function bar's hints while open (static array; *n gets its length). */
	const ui_key_hint *(*hints)(const void *state, size_t *n);
	/** True while a field of the panel takes typed text. */
	bool (*text_input)(const void *state);
} ds_panel_class;

/** One panel: its class and its state. */
typedef struct ds_panel {
	const ds_panel_class *cls;
	void *state;
} ds_panel;

/** Most panels one screen hosts. */
#define DS_PANELS_MAX 4

/** The panels a screen hosts, in the order they get events. */
typedef struct ds_panels {
	ds_panel list[DS_PANELS_MAX];
	size_t n;
} ds_panels;

/** Adds a panel (state from its new function). false, adding nothing, when
 *  state is NULL or the set is full. */
bool ds_panels_add(ds_panels *set, const ds_panel_class *cls, void *state);
/** Frees every panel's state and empties the set. */
void ds_panels_free(ds_panels *set);
/** The open panel (the first, should several be), or NULL. */
const ds_panel *ds_panels_shown(const ds_panels *set);
/** Lays every panel out in the step's content rect. */
void ds_panels_layout(const ds_panels *set, ui_rect rect);
/** Draws the open panel; false when none is open (the screen draws itself). */
bool ds_panels_draw(const ds_panels *set, WINDOW *win);
/** Hands a job event to each panel in turn until one does not ignore it:
 *  its flags, and *by (may be NULL) gets that panel; UI_IGNORED when none took it. */
int ds_panels_event(const ds_panels *set, ds_event *ev, const ds_panel **by);

/** True while the panel is open. */
bool ds_panel_is_open(const ds_panel *p);
/** Gives the panel a key; its flags. */
int ds_panel_key(const ds_panel *p, int key, wint_t wch, bool is_function_key);
/** The panel's key hints (*n 0 and NULL when it has none). */
const ui_key_hint *ds_panel_hints(const ds_panel *p, size_t *n);
/** True while a field of the panel takes typed text. */
bool ds_panel_text_input(const ds_panel *p);

#endif
