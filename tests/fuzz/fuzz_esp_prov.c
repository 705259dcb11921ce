/* libFuzzer target: ds_qr_esp_prov_parse (ESP-IDF provisioning JSON). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/qr/esp_prov.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_esp_prov out;
	ds_qr_error err;

	if (ds_qr_esp_prov_parse((const char *)data, size, &out, &err) == 0)
		FUZZ_CHECK(out.name[0] && out.transport[0]);
	else
		FUZZ_CHECK(err.offset <= size);
	return 0;
}
