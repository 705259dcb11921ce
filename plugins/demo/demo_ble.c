/* The demo system's Bluetooth LE accessory: a siren that advertises the
 * demo service UUID. match_ble claims it by that UUID. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "demo.h"

ds_status demo_match_ble(ds_call *call, const ds_ble_advert *adv, char *locator, size_t locator_size)
{
	(void)call;
	if (strcasecmp(adv->service_uuid, DEMO_BLE_SERVICE_UUID) != 0)
		return DS_ERR_NOT_FOUND;
	snprintf(locator, locator_size, "%s%s", DEMO_BLE_LOCATOR_PREFIX, adv->address);
	return DS_OK;
}
