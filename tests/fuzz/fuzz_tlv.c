/* libFuzzer target: ds_qr_tlv_parse (Matter optional data, raw bytes). */
#include "tests/fuzz/fuzz_common.h"
#include "app/qr/matter_tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_qr_tlv items[DS_QR_TLV_MAX];
	ds_qr_error err;
	size_t n;

	if (ds_qr_tlv_parse(data, size, items, DS_QR_TLV_MAX, &n, &err) == 0) {
		FUZZ_CHECK(n <= DS_QR_TLV_MAX);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(items[i].len <= DS_QR_TLV_DATA_MAX);
	} else {
		FUZZ_CHECK(err.offset <= size);
	}
	return 0;
}
