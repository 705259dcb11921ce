/* Which Bluetooth LE advertisements are ESP provisioning devices waiting
 * to be set up: a name that starts with "PROV_" (the prefix ESP-IDF's
 * examples and most products use), or the provisioning service among the
 * advertised UUIDs (ESP-IDF's default 0000ffff-0000-1000-8000-00805f9b34fb,
 * or the 021a9004-0382-4aea-bff4-6b3f1c5adfb4 its examples set). */
#ifndef ESPPROV_ADVERT_H
#define ESPPROV_ADVERT_H

#include <stdbool.h>

/** The name prefix of devices waiting to be provisioned. */
#define ESPPROV_BLE_NAME_PREFIX "PROV_"
/** ESP-IDF's default provisioning service UUID (wifi_prov_scheme_ble). */
#define ESPPROV_BLE_SERVICE_DEFAULT "0000ffff-0000-1000-8000-00805f9b34fb"
/** The provisioning service UUID of ESP-IDF's provisioning examples. */
#define ESPPROV_BLE_SERVICE_EXAMPLE "021a9004-0382-4aea-bff4-6b3f1c5adfb4"

/** Whether an advertisement with this name (NULL or "" when none) and this
 *  first service UUID (NULL or "" when none; any case) is a provisioning
 *  device. */
bool espprov_advert_is_prov(const char *name, const char *service_uuid);

#endif
