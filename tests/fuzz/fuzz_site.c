/* libFuzzer target: a site file (<state>/sites/<name>.json) as ds_site_load
 * reads it: cJSON, then ds_site_from_json. What parses must serialise and
 * parse again to the same JSON. */
#include <cjson/cJSON.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/core/site.h"
#include "app/core/site_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), why[256];
	cJSON *json = cJSON_Parse(text), *again;
	ds_site *site, *reread;
	char *a, *b;

	free(text);
	if (!json)
		return 0;
	site = ds_site_from_json(json, why, sizeof why);
	cJSON_Delete(json);
	if (!site) {
		FUZZ_CHECK(why[0] != '\0');
		return 0;
	}
	again = ds_site_to_json(site);
	FUZZ_CHECK(again != NULL);
	reread = ds_site_from_json(again, why, sizeof why);
	FUZZ_CHECK(reread != NULL);
	json = ds_site_to_json(reread);
	FUZZ_CHECK(json != NULL);
	a = cJSON_PrintUnformatted(again);
	b = cJSON_PrintUnformatted(json);
	FUZZ_CHECK(a && b && strcmp(a, b) == 0);
	cJSON_free(a);
	cJSON_free(b);
	cJSON_Delete(again);
	cJSON_Delete(json);
	ds_site_free(reread);
	ds_site_free(site);
	return 0;
}
