/* The proto-ver endpoint's answer: JSON such as
 *   {"prov":{"ver":"v1.1","sec_ver":2,"sec_patch_ver":1,"cap":["wifi_scan"]},
 *    "my_app":{"ver":"1.0"}}
 * (ESP-IDF wifi_provisioning's manager builds "prov"; applications add
 * their own members). A missing sec_ver is 0 when "cap" has "no_sec", else
 * 1 (as Espressif's esp_prov reads old devices); a missing sec_patch_ver is
 * 0. The application's members are kept as name/value text: strings as
 * they are, anything else as compact JSON. All text is the device's:
 * callers sanitise it before showing it. */
#ifndef ESPPROV_PROTO_VER_H
#define ESPPROV_PROTO_VER_H

#include <stdbool.h>
#include <stddef.h>

#include "espprov_result.h"

#define ESPPROV_VER_TEXT_MAX 32u     /**< the "ver" string */
#define ESPPROV_FIELD_NAME_MAX 64u   /**< an application member's name */
#define ESPPROV_FIELD_VALUE_MAX 256u /**< its value as text (longer is cut) */
#define ESPPROV_FIELDS_MAX 16u       /**< application members kept */

/** One application member of the answer. */
typedef struct espprov_field {
	char name[ESPPROV_FIELD_NAME_MAX];
	char value[ESPPROV_FIELD_VALUE_MAX];
} espprov_field;

/** What the device says about its provisioning service. */
typedef struct espprov_proto_ver {
	char version[ESPPROV_VER_TEXT_MAX]; /**< "prov"."ver", e.g. "v1.1" ("" when absent) */
	int sec_ver;                        /**< 0, 1 or 2 (other values are kept: the session refuses them) */
	int sec_patch_ver;
	bool cap_no_pop;    /**< security 1 without a proof of possession */
	bool cap_no_sec;    /**< security 0 */
	bool cap_wifi_scan; /**< the device scans for networks */
	size_t n_fields;
	espprov_field fields[ESPPROV_FIELDS_MAX];
} espprov_proto_ver;

/** Parses len bytes of a proto-ver answer into out. ESPPROV_ERR_MALFORMED
 *  when it is not JSON with a "prov" object of the right types,
 *  ESPPROV_ERR_TOO_LARGE over ESPPROV_ANSWER_MAX. */
espprov_result espprov_proto_ver_parse(const char *text, size_t len, espprov_proto_ver *out);

#endif
