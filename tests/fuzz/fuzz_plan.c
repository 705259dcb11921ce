/* libFuzzer target: ds_plan_parse (the setup plans of `doorstep run`). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/cli/plan.h"
#include "app/core/site_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char message[512] = "";
	ds_plan *plan = ds_plan_parse((const char *)data, size, "/plans/fuzz.json", message, sizeof message);

	if (!plan) {
		FUZZ_CHECK(message[0] != '\0');
		return 0;
	}
	FUZZ_CHECK(ds_site_name_valid(plan->site));
	FUZZ_CHECK(!plan->n_devices || plan->devices);
	for (size_t i = 0; i < plan->n_devices; i++)
		FUZZ_CHECK(strlen(plan->devices[i].qr) < sizeof plan->devices[i].qr);
	ds_plan_free(plan);
	return 0;
}
