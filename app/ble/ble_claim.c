/* Asking plugins to claim a BLE device. */
#include <stdio.h>

#include "app/ble/ble_claim.h"
#include "app/core/devices.h"
#include "app/core/plugin_host.h"

bool ds_ble_claim(ds_job *job, ds_plugin_set *set, ds_ble_device *dev)
{
	ds_ble_advert adv;

	dev->claimed_by[0] = '\0';
	dev->locator[0] = '\0';
	if (!set)
		return false;
	ds_ble_device_advert(dev, &adv);
	for (size_t i = 0; i < set->n_loaded; i++) {
		ds_loaded_plugin *lp = set->loaded[i];
		char locator[DS_LOCATOR_MAX] = "";
		ds_status st;

		if (!lp->desc.match_ble)
			continue;
		DS_PLUGIN_CALL(lp, st = lp->desc.match_ble(job, &adv, locator, sizeof locator));
		if (st != DS_OK)
			continue;
		snprintf(dev->claimed_by, sizeof dev->claimed_by, "%s", lp->desc.id);
		snprintf(dev->locator, sizeof dev->locator, "%s", locator);
		return true;
	}
	return false;
}
