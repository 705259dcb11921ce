/* The map of an ESP provisioning device's endpoints over Bluetooth LE,
 * built from the characteristics' user descriptions (espprov_endpoints.h). */
#include <string.h>

#include "espprov_endpoints.h"

bool espprov_endpoint_name_ok(const char *description)
{
	size_t len = description ? strlen(description) : 0;

	if (len == 0 || len >= ESPPROV_ENDPOINT_NAME_MAX)
		return false;
	for (const char *p = description; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

bool espprov_endpoints_add(espprov_endpoints *map, const char *description, const char *uuid)
{
	espprov_endpoint *e;

	if (!espprov_endpoint_name_ok(description) || !uuid || strlen(uuid) != ESPPROV_UUID_TEXT - 1 ||
	    map->n == ESPPROV_ENDPOINTS_MAX || espprov_endpoints_find(map, description))
		return false;
	e = &map->list[map->n++];
	memcpy(e->name, description, strlen(description) + 1);
	memcpy(e->uuid, uuid, ESPPROV_UUID_TEXT);
	return true;
}

const char *espprov_endpoints_find(const espprov_endpoints *map, const char *name)
{
	for (size_t i = 0; name && i < map->n; i++)
		if (strcmp(map->list[i].name, name) == 0)
			return map->list[i].uuid;
	return NULL;
}

const char *espprov_endpoints_missing(const espprov_endpoints *map)
{
	static const char *const required[] = { "proto-ver", "prov-session", "prov-config" };

	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!espprov_endpoints_find(map, required[i]))
			return required[i];
	return NULL;
}
