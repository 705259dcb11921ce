/* A QR code shown over a step's content: a title, a line saying what it
 * is for, the code drawn with ui_qr_draw (half blocks, or a "too small"
 * message), and, when allowed, export to a PNG under
 * $XDG_STATE_HOME/doorstep/reports/. The code's matrix and drawing live in
 * secure memory (a Wi-Fi join code carries the network key). A panel
 * (ui/wizard/wizard_panel.h): Esc, Enter or q closes it; x exports. */
#ifndef DS_UI_QR_VIEW_H
#define DS_UI_QR_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/wizard/wizard.h"
#include "ui/wizard/wizard_panel.h"

/** The view's state (opaque). */
typedef struct ds_qr_view ds_qr_view;

/** The view's panel class (its free wipes the code). */
extern const ds_panel_class ds_qr_view_class;

/** Creates a closed view. NULL when out of memory. */
ds_qr_view *ds_qr_view_new(ds_wizard *w);
/** Shows text (len bytes) as a QR code titled title with caption under it
 *  (both translated). export_name: the PNG's file name under the reports
 *  directory, or NULL to forbid export (secrets). false with a status line
 *  message when the text cannot be encoded. */
bool ds_qr_view_open(ds_qr_view *v, const char *title, const char *caption, const char *text, size_t len,
		     const char *export_name);
/** Closes the view and wipes the code. */
void ds_qr_view_close(ds_qr_view *v);

#endif
