/* Adding an eSIM profile from the operator's activation code, as a panel
 * inside the Cellular step: the code typed, pasted, typed by a USB scanner
 * or read from a photo of its QR code; the operator's confirmation code
 * when the code asks for one (masked); a refused confirmation code is said
 * plainly and asked again, keeping the activation code. Both codes live
 * only in secure memory. */
#ifndef DS_ESIM_ADD_H
#define DS_ESIM_ADD_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/wizard/wizard.h"

/** The panel's state (opaque). */
typedef struct ds_esim_add ds_esim_add;

/** Creates a closed panel. NULL on failure. */
ds_esim_add *ds_esim_add_new(ds_wizard *w);
/** Frees it, wiping the codes. */
void ds_esim_add_free(ds_esim_add *a);
/** Opens the panel for the device with the eSIM. */
void ds_esim_add_open(ds_esim_add *a, const ds_site_device *device);
/** True while open. */
bool ds_esim_add_is_open(const ds_esim_add *a);
/** True once after a profile was downloaded (the step then reads the eSIM again). */
bool ds_esim_add_take_downloaded(ds_esim_add *a);
/** Places the panel. */
void ds_esim_add_layout(ds_esim_add *a, ui_rect r);
/** Paints the panel. */
void ds_esim_add_draw(ds_esim_add *a, WINDOW *win);
/** Keys while open: flags (Esc closes it, wiping the codes). */
int ds_esim_add_key(ds_esim_add *a, int key, wint_t wch, bool fn);
/** Job events: the photo's and the download's results. */
int ds_esim_add_event(ds_esim_add *a, ds_event *ev);
/** Key hints while open. */
const ui_key_hint *ds_esim_add_hints(const ds_esim_add *a, size_t *n);
/** True while a field takes typed text. */
bool ds_esim_add_text_input(const ds_esim_add *a);

#endif
