/* Which plugin claims a BLE device: each loaded plugin's match_ble is
 * asked in load order; the first DS_OK wins. */
#ifndef DS_BLE_CLAIM_H
#define DS_BLE_CLAIM_H

#include <stdbool.h>

#include "app/ble/ble_device.h"
#include "app/core/jobs.h"
#include "app/core/plugin_loader.h"

/** Asks the plugins of set about dev; fills dev->claimed_by and
 *  dev->locator and returns true when one claims it. Runs on a worker
 *  thread (job is the ds_call the plugins see). */
bool ds_ble_claim(ds_job *job, ds_plugin_set *set, ds_ble_device *dev);

#endif
