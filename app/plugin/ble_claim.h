/* Which plugin claims a BLE device: in load order, a plugin whose declared
 * claims (ds_plugin.ble_claims) match, or that declares none, is asked with
 * match_ble; the first DS_OK wins. A plugin with claims and no match_ble
 * gets the device with the locator "ble:" and its address. */
#ifndef DS_BLE_CLAIM_H
#define DS_BLE_CLAIM_H

#include <stdbool.h>

#include "app/ble/ble_device.h"
#include "app/base/jobs.h"
#include "app/plugin/plugin_loader.h"

/** Asks the plugins of set about dev; fills dev->claimed_by and
 *  dev->locator and returns true when one claims it. Runs on a worker
 *  thread (job is the ds_call the plugins see). */
bool ds_ble_claim_device(ds_job *job, ds_plugin_set *set, ds_ble_device *dev);
/** As ds_ble_claim_device, but never waits for a plugin that is busy on
 *  another thread (pairing a device takes seconds): *busy is set then, and
 *  the caller asks again later. */
bool ds_ble_claim_device_now(ds_job *job, ds_plugin_set *set, ds_ble_device *dev, bool *busy);

#endif
