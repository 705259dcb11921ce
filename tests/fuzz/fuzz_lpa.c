/* libFuzzer target: ds_qr_lpa_parse ("LPA:1$..." activation codes). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/qr/lpa_code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_lpa *out = malloc(sizeof *out);
	ds_qr_error err;

	FUZZ_CHECK(out);
	if (ds_qr_lpa_parse((const char *)data, size, out, &err) == 0)
		FUZZ_CHECK(out->smdp_address[0] && strlen(out->activation_code) <= size);
	else
		FUZZ_CHECK(err.offset <= size);
	free(out);
	return 0;
}
