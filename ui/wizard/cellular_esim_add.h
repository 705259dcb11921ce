/* Adding an eSIM profile from the operator's activation code, as a panel
 * inside the Cellular step: the code typed, pasted, typed by a USB scanner
 * or read from a photo of its QR code; the operator's confirmation code
 * when the code asks for one (masked); a refused confirmation code is said
 * plainly and asked again, keeping the activation code. Both codes live
 * only in secure memory. Esc closes it, wiping the codes. */
#ifndef DS_ESIM_ADD_H
#define DS_ESIM_ADD_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/wizard/wizard.h"
#include "ui/wizard/wizard_panel.h"

/** The panel's state (opaque). */
typedef struct ds_esim_add ds_esim_add;

/** The panel's class (its free wipes the codes). */
extern const ds_panel_class ds_esim_add_class;

/** Creates a closed panel. NULL on failure. */
ds_esim_add *ds_esim_add_new(ds_wizard *w);
/** Opens the panel for the device with the eSIM. */
void ds_esim_add_open(ds_esim_add *a, const ds_site_device *device);
/** True once after a profile was downloaded (the step then reads the eSIM again). */
bool ds_esim_add_take_downloaded(ds_esim_add *a);

#endif
