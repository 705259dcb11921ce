/* libFuzzer target: ds_qr_matter_manual_parse (11/21 digits, Verhoeff). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/qr/matter_manual.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_matter_manual out;
	ds_qr_error err;

	if (ds_qr_matter_manual_parse((const char *)data, size, &out, &err) == 0)
		FUZZ_CHECK(out.digits == 11 || out.digits == 21);
	else
		FUZZ_CHECK(err.offset <= size);
	return 0;
}
