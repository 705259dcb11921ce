/* A QR code shown over a step's content: a title, a line saying what it
 * is for, the code drawn with ui_qr_draw (half blocks, or a "too small"
 * message), and, when allowed, export to a PNG under
 * $XDG_STATE_HOME/doorstep/reports/. The code's matrix and drawing live in
 * secure memory (a Wi-Fi join code carries the network key). */
#ifndef DS_UI_QR_VIEW_H
#define DS_UI_QR_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/wizard/wizard.h"

/** The view's state (opaque). */
typedef struct ds_qr_view ds_qr_view;

/** Creates a closed view. NULL when out of memory. */
ds_qr_view *ds_qr_view_new(ds_wizard *w);
/** Frees it, wiping the code. NULL is fine. */
void ds_qr_view_free(ds_qr_view *v);
/** Shows text (len bytes) as a QR code titled title with caption under it
 *  (both translated). export_name: the PNG's file name under the reports
 *  directory, or NULL to forbid export (secrets). false with a status line
 *  message when the text cannot be encoded. */
bool ds_qr_view_open(ds_qr_view *v, const char *title, const char *caption, const char *text, size_t len,
		     const char *export_name);
/** Closes the view and wipes the code. */
void ds_qr_view_close(ds_qr_view *v);
/** True while shown. */
bool ds_qr_view_is_open(const ds_qr_view *v);
/** Paints the view over rect. */
void ds_qr_view_draw(ds_qr_view *v, WINDOW *win, ui_rect rect);
/** Keys while open: Esc, Enter or q closes; x exports (when allowed). Flags. */
int ds_qr_view_key(ds_qr_view *v, int key, wint_t wch, bool fn);
/** Key hints while open. */
const ui_key_hint *ds_qr_view_hints(const ds_qr_view *v, size_t *n);

#endif
