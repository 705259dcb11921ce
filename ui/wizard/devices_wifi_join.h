/* Joining a device to Wi-Fi, as a panel inside the Devices step: the
 * networks the device sees (strongest first, with their security), a masked
 * key field, and Join. Open networks get a warning; the key lives only in
 * secure memory. Esc closes it; c shows the network's join code as a QR
 * code over it. */
#ifndef DS_WIFI_JOIN_H
#define DS_WIFI_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/wizard/wizard.h"
#include "ui/wizard/wizard_panel.h"

/** The panel's state (opaque). */
typedef struct ds_wifi_join ds_wifi_join;

/** The panel's class (its free wipes the key). */
extern const ds_panel_class ds_wifi_join_class;

/** Creates a closed panel. NULL on failure. */
ds_wifi_join *ds_wifi_join_new(ds_wizard *w);
/** Opens the panel for a site device (index in the site) and starts the scan. */
void ds_wifi_join_open(ds_wifi_join *j, size_t device_index);

#endif
