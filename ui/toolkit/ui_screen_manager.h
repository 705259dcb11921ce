/* The main loop and the screen stack (htop's ScreenManager).
 *
 * A screen is a const ui_screen_class (function pointers, designated
 * initialisers; any may be NULL) plus a void *state the manager never
 * frees. Only the top screen gets keys, ticks and draws; job events go to
 * the top screen first and then down the stack until one returns
 * UI_HANDLED.
 *
 * The loop polls stdin, the jobs' wake-up fd and the signal pipe, with a
 * timeout for the next tick or status expiry; it never blocks on anything
 * else. Each wake-up it drains every pending key (a QR scanner's burst is
 * handled in order, in one go), every pending event, then lays out and
 * paints once if something asked for it (wnoutrefresh + doupdate).
 *
 * Item ownership: a DS_EVENT_ITEM event's item belongs to the manager
 * until a screen takes it with ui_screen_manager_take_item(ev) (which sets
 * ev->item to NULL); items nobody took are freed with ev->item_free after
 * dispatch.
 *
 * Global keys, applied when the screen did not return UI_HANDLED: F1 and
 * '?' open the help overlay, 'q' asks "Quit doorstep?", Ctrl-L repaints
 * everything, KEY_RESIZE lays everything out again. While the screen's
 * text_input() is true, '?' and 'q' stay with the screen (they are typed).
 * While the terminal is smaller than 80x24 a message replaces the screen;
 * keys and events still reach the screens, so nothing is lost. */
#ifndef UI_SCREEN_MANAGER_H
#define UI_SCREEN_MANAGER_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "app/base/jobs.h"
#include "ui/toolkit/ui_function_bar.h"
#include "ui/toolkit/ui_key.h"
#include "ui/toolkit/ui_layout.h"
#include "ui/toolkit/ui_status_line.h"

/** The manager (opaque). */
typedef struct ui_screen_manager ui_screen_manager;

/** What a screen does; every member is optional. Handlers return ui_flags. */
typedef struct ui_screen_class {
	const char *name; /**< for logs and debugging, never shown */
	/** The screen was pushed (before its first layout). */
	void (*enter)(void *state);
	/** The screen was popped (or the manager freed); it is never called again. */
	void (*leave)(void *state);
	/** Places the screen's widgets in its content rect (on push and every resize). */
	void (*layout)(void *state, ui_rect rect);
	/** Paints the content rect (stdscr, absolute coordinates); dialogs last. */
	void (*draw)(void *state, WINDOW *win);
	/** A key (see ui_key.h for the key/wch/is_function_key convention). */
	int (*key)(void *state, int key, wint_t wch, bool is_function_key);
	/** A job event; take an item with ui_screen_manager_take_item. */
	int (*event)(void *state, ds_event *ev);
	/** Called every UI_TICK_MS while the screen returns UI_ANIMATE. */
	int (*tick)(void *state, int64_t now_ms);
	/** True while the focused widget takes typed text ('q' and '?' are then typed). */
	bool (*text_input)(void *state);
	/** The function bar's hints (static array; *n gets its length). */
	const ui_key_hint *(*hints)(void *state, size_t *n);
	/** The help overlay's paragraph, translated (NULL: keys only). */
	const char *(*help)(void *state);
} ui_screen_class;

/** Why ui_screen_manager_run returned. */
typedef enum ui_run_result {
	UI_RUN_QUIT = 0, /**< the user quit (confirmed) or a screen returned UI_QUIT */
	UI_RUN_EMPTY,    /**< the last screen was popped */
	UI_RUN_SIGNAL,   /**< the signal fd became readable: save state, stop the terminal */
	UI_RUN_ERROR,    /**< poll failed or stdin closed */
} ui_run_result;

/** Draws the sidebar (the wizard's step list) into r. */
typedef void (*ui_sidebar_fn)(void *ctx, WINDOW *win, ui_rect r);

/** Creates a manager. jobs (may be NULL) supplies events through its wake-up
 *  fd; signal_fd (-1: none) is the read end of the app's self-pipe, written by
 *  its SIGINT/SIGTERM/SIGHUP handler. Call after ui_term_start. NULL on failure. */
ui_screen_manager *ui_screen_manager_new(ds_jobs *jobs, int signal_fd);
/** Pops every screen (calling leave) and frees the manager. NULL is fine. */
void ui_screen_manager_free(ui_screen_manager *m);
/** Pushes a screen (enter, then layout) on top. 0, or -1 when the stack is full. */
int ui_screen_manager_push(ui_screen_manager *m, const ui_screen_class *cls, void *state);
/** Pops the top screen (calling leave) and returns its state (NULL if empty).
 *  From inside a handler, return UI_POP instead (to replace a screen by the
 *  next one: push the next one, then return UI_POP; the manager pops the
 *  screen that returned it, wherever it is in the stack). */
void *ui_screen_manager_pop(ui_screen_manager *m);
/** Runs the loop until quit, an empty stack, a signal or an error. */
ui_run_result ui_screen_manager_run(ui_screen_manager *m);
/** Asks for work at the next wake-up (UI_REDRAW, UI_RELAYOUT, UI_QUIT...)
 *  from outside a handler, e.g. after a sidebar change. */
void ui_screen_manager_request(ui_screen_manager *m, int flags);

/** Sets the persistent banner line (copied; NULL or "" removes it). */
void ui_screen_manager_set_banner(ui_screen_manager *m, const char *text);
/** Reserves a left sidebar of width columns drawn by fn(ctx, ...) (width 0 or
 *  fn NULL: none). */
void ui_screen_manager_set_sidebar(ui_screen_manager *m, int width, ui_sidebar_fn fn, void *ctx);
/** Shows a status message (printf-style, translated by the caller) for
 *  ttl_ms milliseconds (0: until replaced). */
void ui_screen_manager_status(ui_screen_manager *m, ui_level level, int ttl_ms, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/** Takes the item out of an event: returns it and sets ev->item to NULL; the
 *  caller then owns it (free it with the event's item_free). */
void *ui_screen_manager_take_item(ds_event *ev);

#endif
