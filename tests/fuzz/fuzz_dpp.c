/* libFuzzer target: ds_qr_dpp_parse ("DPP:" URIs). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/qr/dpp_uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_dpp *out = malloc(sizeof *out);
	ds_qr_error err;

	FUZZ_CHECK(out);
	if (ds_qr_dpp_parse((const char *)data, size, out, &err) == 0)
		FUZZ_CHECK(out->public_key[0] && out->n_channels <= DS_QR_DPP_MAX_CHANNELS);
	else
		FUZZ_CHECK(err.offset <= size);
	free(out);
	return 0;
}
