/* libFuzzer target: ds_qr_matter_parse ("MT:" codes, several payloads, TLV). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/qr/matter_payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_matter *out = malloc(sizeof *out);
	ds_qr_error err;

	FUZZ_CHECK(out);
	if (ds_qr_matter_parse((const char *)data, size, out, &err) == 0) {
		FUZZ_CHECK(out->n >= 1 && out->n <= DS_QR_MATTER_MAX_PAYLOADS);
		for (size_t i = 0; i < out->n; i++)
			FUZZ_CHECK(out->payloads[i].n_tlv <= DS_QR_TLV_MAX && out->payloads[i].offset < size);
	} else {
		FUZZ_CHECK(err.offset <= size && memchr(err.message, 0, sizeof err.message));
	}
	free(out);
	return 0;
}
