/* Bluetooth LE devices nearby, as a panel inside the Devices step: a live
 * scan (strongest signal first, with the plugin that claims each device or
 * what doorstep recognises), Enter pairs the selected device through its
 * plugin, and BlueZ's pairing prompts (passkey, confirmation) are answered
 * here. An adapter that is off is offered to be switched on. The panel only
 * renders scan events; the scan and the pairing run as jobs. */
#ifndef DS_BLE_PANEL_H
#define DS_BLE_PANEL_H

#include <stdbool.h>

#include "app/core/site.h"
#include "ui/wizard/wizard.h"

/** The panel's state (opaque). */
typedef struct ds_ble_panel ds_ble_panel;

/** Creates a closed panel. NULL on failure. */
ds_ble_panel *ds_ble_panel_new(ds_wizard *w);
/** Frees it (the session's jobs have ended). */
void ds_ble_panel_free(ds_ble_panel *p);
/** Opens the panel and starts the scan. */
void ds_ble_panel_open(ds_ble_panel *p);
/** True while open. */
bool ds_ble_panel_is_open(const ds_ble_panel *p);
/** Places the panel. */
void ds_ble_panel_layout(ds_ble_panel *p, ui_rect r);
/** Paints the panel. */
void ds_ble_panel_draw(ds_ble_panel *p, WINDOW *win);
/** Keys while open: flags (Esc cancels pairing, or closes the panel). */
int ds_ble_panel_key(ds_ble_panel *p, int key, wint_t wch, bool fn);
/** Job events of the scan and the pairing. */
int ds_ble_panel_event(ds_ble_panel *p, ds_event *ev);
/** Takes a device paired since the last call: true and *out filled. */
bool ds_ble_panel_take_paired(ds_ble_panel *p, ds_site_device *out);
/** Key hints while open. */
const ui_key_hint *ds_ble_panel_hints(const ds_ble_panel *p, size_t *n);
/** True while the passkey field has the focus. */
bool ds_ble_panel_text_input(const ds_ble_panel *p);

#endif
