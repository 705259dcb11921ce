/* libFuzzer target: ds_qr_wifi_parse ("WIFI:" codes), and the encoder's
 * promise: whatever parses, encodes to a code that parses to the same fields. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/base/secret.h"
#include "app/qr/wifi_qr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_wifi a, b;
	ds_qr_error err;
	char *code;

	if (ds_qr_wifi_parse((const char *)data, size, &a, &err) != 0) {
		FUZZ_CHECK(err.offset <= size);
		return 0;
	}
	FUZZ_CHECK(ds_qr_wifi_encode(&a, &code) == 0);
	FUZZ_CHECK(ds_qr_wifi_parse(code, strlen(code), &b, &err) == 0);
	FUZZ_CHECK(strcmp(a.ssid, b.ssid) == 0);
	FUZZ_CHECK(strcmp(a.password, b.password) == 0);
	FUZZ_CHECK(strcmp(a.identity, b.identity) == 0);
	FUZZ_CHECK(a.hidden == b.hidden);
	ds_secret_free(code);
	return 0;
}
