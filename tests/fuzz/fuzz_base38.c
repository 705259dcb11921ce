/* libFuzzer target: ds_qr_base38_decode, and the round trip: text that
 * decodes encodes back to the same text (Base38 is canonical). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/qr/base38.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t bytes[2048];
	char text[4096];
	size_t n, where;

	if (ds_qr_base38_decode((const char *)data, size, bytes, sizeof bytes, &n, &where) != DS_QR_BASE38_OK) {
		FUZZ_CHECK(where <= size);
		return 0;
	}
	FUZZ_CHECK(ds_qr_base38_encode(bytes, n, text, sizeof text) == 0);
	FUZZ_CHECK(strlen(text) == size && memcmp(text, data, size) == 0);
	return 0;
}
