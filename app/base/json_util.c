/* Small helpers over cJSON. */
#include "app/base/json_util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

void ds_json_str(const cJSON *obj, const char *key, char *dst, size_t size)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	snprintf(dst, size, "%s", cJSON_IsString(v) && v->valuestring ? v->valuestring : "");
}

bool ds_json_bool(const cJSON *obj, const char *key, bool fallback)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

long ds_json_int(const cJSON *obj, const char *key, long fallback)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	/* Converting a double that no long holds (or infinity, or NaN) is
	 * undefined: such a number counts as absent. LONG_MIN and LONG_MAX + 1
	 * are powers of two, exact as doubles. */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= (double)LONG_MIN && v->valuedouble < -(double)LONG_MIN))
		return fallback;
	return (long)v->valuedouble;
}

int ds_json_print(const cJSON *json, bool pretty)
{
	char *text = pretty ? cJSON_Print(json) : cJSON_PrintUnformatted(json);
	int rc;

	if (!text)
		return -1;
	rc = printf("%s\n", text) < 0 ? -1 : 0;
	free(text);
	fflush(stdout);
	return rc;
}
