/* Small helpers over cJSON for reading fixed-size fields. */
#ifndef DS_JSON_UTIL_H
#define DS_JSON_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

/** Copies the string member key of obj into dst (size bytes); "" when absent. */
void ds_json_str(const cJSON *obj, const char *key, char *dst, size_t size);
/** The boolean member key, or fallback when absent or not a boolean. */
bool ds_json_bool(const cJSON *obj, const char *key, bool fallback);
/** The integer member key (its fraction dropped), or fallback when absent,
 *  not a number, or out of the range of long. */
long ds_json_int(const cJSON *obj, const char *key, long fallback);
/** Prints json (formatted when pretty) followed by a newline to stdout. 0 or
 *  -1; main checks stdout once at exit, so commands need not. */
int ds_json_print(const cJSON *json, bool pretty);

#endif
