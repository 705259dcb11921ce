/* libFuzzer target: ds_jpeg_size (a JPEG's frame header, read before decoding). */
#include "tests/fuzz/fuzz_common.h"
#include "app/qr/jpeg_size.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned w = 0, h = 0;

	if (ds_jpeg_size(data, size, &w, &h) == 0)
		FUZZ_CHECK(size >= 4 && w <= 0xFFFF && h <= 0xFFFF);
	return 0;
}
