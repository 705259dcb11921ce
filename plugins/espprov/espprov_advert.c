/* Whether a Bluetooth LE advertisement is an ESP provisioning device
 * (espprov_advert.h). */
#include <string.h>
#include <strings.h>

#include "espprov_advert.h"

bool espprov_advert_is_prov(const char *name, const char *service_uuid)
{
	if (name && strncmp(name, ESPPROV_BLE_NAME_PREFIX, strlen(ESPPROV_BLE_NAME_PREFIX)) == 0 &&
	    name[strlen(ESPPROV_BLE_NAME_PREFIX)] != '\0')
		return true;
	return service_uuid && (strcasecmp(service_uuid, ESPPROV_BLE_SERVICE_DEFAULT) == 0 ||
				strcasecmp(service_uuid, ESPPROV_BLE_SERVICE_EXAMPLE) == 0);
}
