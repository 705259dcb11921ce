/* The endpoints of an ESP provisioning device over Bluetooth LE: each is a
 * GATT characteristic of the device's provisioning service, named by its
 * user description (descriptor 0x2901: "proto-ver", "prov-session",
 * "prov-config", "prov-scan", "prov-ctrl", or an application's own such as
 * "custom-data"). The UUIDs are the device's choice, so the map is built
 * from the descriptions only, never from the UUIDs. */
#ifndef ESPPROV_ENDPOINTS_H
#define ESPPROV_ENDPOINTS_H

#include <stdbool.h>
#include <stddef.h>

/** Longest endpoint name kept (with its NUL); longer descriptions are not endpoints. */
#define ESPPROV_ENDPOINT_NAME_MAX 32u
/** Most endpoints kept of one device. */
#define ESPPROV_ENDPOINTS_MAX 24u
/** A UUID in its 36-character text form, with NUL. */
#define ESPPROV_UUID_TEXT 37u

/** One endpoint: its name and the UUID of the characteristic that carries it. */
typedef struct espprov_endpoint {
	char name[ESPPROV_ENDPOINT_NAME_MAX];
	char uuid[ESPPROV_UUID_TEXT];
} espprov_endpoint;

/** The endpoints of one connected device. */
typedef struct espprov_endpoints {
	size_t n;
	espprov_endpoint list[ESPPROV_ENDPOINTS_MAX];
} espprov_endpoints;

/** Whether description can name an endpoint: 1 to ESPPROV_ENDPOINT_NAME_MAX
 *  - 1 characters of lowercase letters, digits, '-' and '_' (what ESP-IDF
 *  endpoint names are made of). */
bool espprov_endpoint_name_ok(const char *description);

/** Adds the characteristic uuid under its description. Returns false (and
 *  keeps nothing) when the description is no endpoint name, the UUID is
 *  not 36 characters, the map is full, or the name is there already (the
 *  first characteristic of a name wins). */
bool espprov_endpoints_add(espprov_endpoints *map, const char *description, const char *uuid);

/** The UUID of the endpoint called name, or NULL. */
const char *espprov_endpoints_find(const espprov_endpoints *map, const char *name);

/** The first of the endpoints every provisioning device has (proto-ver,
 *  prov-session, prov-config) that map lacks, or NULL when it has them all. */
const char *espprov_endpoints_missing(const espprov_endpoints *map);

#endif
