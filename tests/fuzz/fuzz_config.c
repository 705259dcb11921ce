/* libFuzzer target: config.json's "diagnostics" settings
 * (ds_diag_targets_config_parse). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/core/diag_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char error[512] = "";
	ds_net_options options;
	ds_diag_targets t = { 0 };

	if (ds_diag_targets_config_parse((const char *)data, size, "/config/config.json", &options, &t, error,
					 sizeof error) < 0)
		FUZZ_CHECK(error[0] != '\0');
	FUZZ_CHECK(options.timeout_ms > 0 && options.timeout_ms <= 600000);
	FUZZ_CHECK(memchr(options.portal_url, '\0', sizeof options.portal_url) != NULL);
	for (size_t i = 0; i < t.n; i++)
		for (size_t j = i + 1; j < t.n; j++)
			FUZZ_CHECK(strcmp(t.urls[i], t.urls[j]) != 0);
	ds_diag_targets_free(&t);
	return 0;
}
