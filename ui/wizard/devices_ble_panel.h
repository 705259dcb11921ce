/* Bluetooth LE devices nearby, as a panel inside the Devices step: a live
 * scan (strongest signal first, with the plugin that claims each device or
 * what doorstep recognises), Enter pairs the selected device through its
 * plugin, and BlueZ's pairing prompts (passkey, confirmation) are answered
 * here. An adapter that is off is offered to be switched on. The panel only
 * renders scan events; the scan and the pairing run as jobs. Esc cancels
 * pairing, or closes the panel. */
#ifndef DS_BLE_PANEL_H
#define DS_BLE_PANEL_H

#include <stdbool.h>

#include "app/core/site.h"
#include "ui/wizard/wizard.h"
#include "ui/wizard/wizard_panel.h"

/** The panel's state (opaque). */
typedef struct ds_ble_panel ds_ble_panel;

/** The panel's class. */
extern const ds_panel_class ds_ble_panel_class;

/** Creates a closed panel. NULL on failure. */
ds_ble_panel *ds_ble_panel_new(ds_wizard *w);
/** Opens the panel and starts the scan. */
void ds_ble_panel_open(ds_ble_panel *p);
/** Takes a device paired since the last call: true and *out filled. */
bool ds_ble_panel_take_paired(ds_ble_panel *p, ds_site_device *out);

#endif
