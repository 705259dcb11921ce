/* libFuzzer target: ds_qr_decode (dispatch to every parser), then the
 * JSON and the description of whatever decodes. */
#include <cjson/cJSON.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/qr/qr_decode.h"
#include "app/qr/qr_describe.h"
#include "app/qr/qr_json.h"

/** Checks that every described line is a proper string. */
static void fuzz_line(int depth, const char *label, const char *value, bool secret, void *ctx)
{
	(void)secret;
	(void)ctx;
	FUZZ_CHECK(depth >= 0 && depth <= 2 && label && value);
	FUZZ_CHECK(strlen(label) < 1024 && strlen(value) < 1024);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_error err;
	ds_qr_decoded *d = ds_qr_decode((const char *)data, size, &err);
	cJSON *json;

	if (!d) {
		FUZZ_CHECK(err.offset <= size && memchr(err.message, 0, sizeof err.message));
		return 0;
	}
	FUZZ_CHECK(d->format != DS_QR_FORMAT_UNKNOWN);
	json = ds_qr_json(d);
	FUZZ_CHECK(json);
	ds_qr_json_free(json);
	ds_qr_describe(d, fuzz_line, NULL);
	ds_qr_decoded_free(d);
	return 0;
}
