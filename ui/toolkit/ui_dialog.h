/* Modal dialogs drawn centred over an area: a message (OK), a confirmation
 * (Yes/No; y, n, Esc) and a progress view (title, message, bar, optional
 * countdown, "Esc: cancel"). A dialog is a pure view: the screen that owns
 * it draws it last, sends it keys while it is open, and updates a progress
 * dialog from job events; it never blocks or runs a loop of its own. */
#ifndef UI_DIALOG_H
#define UI_DIALOG_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "ui/toolkit/ui_layout.h"

/** A dialog (opaque), closed until one of the open functions. */
typedef struct ui_dialog ui_dialog;

/** What a key did to the dialog. */
typedef enum ui_dialog_result {
	UI_DIALOG_NONE = 0, /**< nothing decided yet */
	UI_DIALOG_OK,       /**< a message was acknowledged (the dialog closed) */
	UI_DIALOG_YES,      /**< confirmed (the dialog closed) */
	UI_DIALOG_NO,       /**< declined, or Esc on a confirmation (the dialog closed) */
	UI_DIALOG_CANCEL,   /**< Esc on a cancellable progress dialog (it stays open
			         showing "Cancelling..." until the owner closes it) */
} ui_dialog_result;

/** Creates a closed dialog. NULL on failure. */
ui_dialog *ui_dialog_new(void);
/** Frees a dialog. NULL is fine. */
void ui_dialog_free(ui_dialog *d);
/** Opens a message with an OK button (texts translated by the caller). */
void ui_dialog_open_message(ui_dialog *d, const char *title, const char *text);
/** Opens a Yes/No question; No is selected first. */
void ui_dialog_open_confirm(ui_dialog *d, const char *title, const char *question);
/** Opens a question whose two buttons say yes and no (translated by the
 *  caller): its first letter answers too, besides y and n; no is selected
 *  first. */
void ui_dialog_open_choice(ui_dialog *d, const char *title, const char *question, const char *yes, const char *no);
/** Opens a progress dialog at 0; cancellable shows "Esc: cancel". */
void ui_dialog_open_progress(ui_dialog *d, const char *title, const char *message,
			     bool cancellable);
/** Updates a progress dialog: permille (0..1000), message (NULL: keep) and
 *  deadline (ui_term_now_ms() time; 0: no countdown). */
void ui_dialog_progress_set(ui_dialog *d, unsigned permille, const char *message,
			    int64_t deadline_ms);
/** Closes the dialog. */
void ui_dialog_close(ui_dialog *d);
/** True while open. */
bool ui_dialog_is_open(const ui_dialog *d);

/** Sets the area to centre in (the layout pass). */
void ui_dialog_layout(ui_dialog *d, ui_rect area);
/** Draws the dialog if open. */
void ui_dialog_draw(ui_dialog *d, WINDOW *win);
/** Handles a key while open: flags (always UI_HANDLED while open, UI_REDRAW
 *  when it changed) and *result (may be NULL). */
int ui_dialog_key(ui_dialog *d, int key, wint_t wch, bool is_function_key,
		  ui_dialog_result *result);
/** Call from the screen's tick while open: true when the countdown text
 *  changed (the screen returns UI_REDRAW, and UI_ANIMATE while it counts). */
bool ui_dialog_tick(ui_dialog *d, int64_t now_ms);

#endif
