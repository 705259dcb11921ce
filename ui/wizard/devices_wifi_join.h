/* Joining a device to Wi-Fi, as a panel inside the Devices step: the
 * networks the device sees (strongest first, with their security), a masked
 * key field, and Join. Open networks get a warning; the key lives only in
 * secure memory. */
#ifndef DS_WIFI_JOIN_H
#define DS_WIFI_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/wizard/wizard.h"

/** The panel's state (opaque). */
typedef struct ds_wifi_join ds_wifi_join;

/** Creates a closed panel. NULL on failure. */
ds_wifi_join *ds_wifi_join_new(ds_wizard *w);
/** Frees it, wiping the key. */
void ds_wifi_join_free(ds_wifi_join *j);
/** Opens the panel for a site device (index in the site) and starts the scan. */
void ds_wifi_join_open(ds_wifi_join *j, size_t device_index);
/** True while open. */
bool ds_wifi_join_is_open(const ds_wifi_join *j);
/** Places the panel. */
void ds_wifi_join_layout(ds_wifi_join *j, ui_rect r);
/** Paints the panel. */
void ds_wifi_join_draw(ds_wifi_join *j, WINDOW *win);
/** Keys while open: flags (Esc closes it). */
int ds_wifi_join_key(ds_wifi_join *j, int key, wint_t wch, bool fn);
/** Job events: the scan's and the join's results. */
int ds_wifi_join_event(ds_wifi_join *j, ds_event *ev);
/** Key hints while open (the join code's while it is shown). */
const ui_key_hint *ds_wifi_join_hints(const ds_wifi_join *j, size_t *n);
/** True while the key field has the focus. */
bool ds_wifi_join_text_input(const ds_wifi_join *j);

#endif
