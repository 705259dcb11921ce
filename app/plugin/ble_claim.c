/* Asking plugins to claim a BLE device: a plugin's declared claims
 * (ds_plugin.ble_claims) filter first, then match_ble gives the locator. */
#include <stdio.h>
#include <strings.h>

#include "app/plugin/ble_claim.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"

/** True when dev matches an entry of claims (a DS_BLE_CLAIM_END-ended list). */
static bool ds_ble_claims_match(const ds_ble_claim *claims, const ds_ble_device *dev)
{
	for (const ds_ble_claim *c = claims; c->kind != DS_BLE_CLAIM_END; c++) {
		switch (c->kind) {
		case DS_BLE_CLAIM_MANUFACTURER:
			if (dev->manufacturer_id != DS_BLE_NO_MANUFACTURER && dev->manufacturer_id == c->manufacturer_id)
				return true;
			break;
		case DS_BLE_CLAIM_SERVICE_UUID:
			for (size_t i = 0; c->uuid && i < dev->n_uuids; i++)
				if (strcasecmp(dev->uuids[i], c->uuid) == 0)
					return true;
			break;
		case DS_BLE_CLAIM_SERVICE_DATA:
			if (c->uuid && dev->service_data_uuid[0] && strcasecmp(dev->service_data_uuid, c->uuid) == 0)
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

/** Asks every plugin in turn; with busy, a plugin busy elsewhere is not waited for. */
static bool ds_ble_claim_ask(ds_job *job, ds_plugin_set *set, ds_ble_device *dev, bool *busy)
{
	ds_ble_advert adv;

	dev->claimed_by[0] = '\0';
	dev->locator[0] = '\0';
	if (busy)
		*busy = false;
	if (!set)
		return false;
	ds_ble_device_advert(dev, &adv);
	for (size_t i = 0; i < set->n_loaded; i++) {
		ds_loaded_plugin *lp = set->loaded[i];
		char locator[DS_LOCATOR_MAX] = "";
		ds_status st;

		if (lp->desc.ble_claims && !ds_ble_claims_match(lp->desc.ble_claims, dev))
			continue;
		if (ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_BLE)) {
			if (!busy) {
				ds_plugin_enter(lp);
			} else if (!ds_plugin_try_enter(lp)) {
				*busy = true;
				return false;
			}
			st = lp->desc.match_ble(job, &adv, locator, sizeof locator);
			ds_plugin_leave(lp);
		} else if (lp->desc.ble_claims) {
			st = snprintf(locator, sizeof locator, "ble:%s", dev->address) > 0 ? DS_OK : DS_ERR_INTERNAL;
		} else {
			continue;
		}
		if (st != DS_OK)
			continue;
		snprintf(dev->claimed_by, sizeof dev->claimed_by, "%s", lp->desc.id);
		snprintf(dev->locator, sizeof dev->locator, "%s", locator);
		return true;
	}
	return false;
}

bool ds_ble_claim_device(ds_job *job, ds_plugin_set *set, ds_ble_device *dev)
{
	return ds_ble_claim_ask(job, set, dev, NULL);
}

bool ds_ble_claim_device_now(ds_job *job, ds_plugin_set *set, ds_ble_device *dev, bool *busy)
{
	return ds_ble_claim_ask(job, set, dev, busy);
}
