/* libFuzzer target: the AT-modem plugin's BER-TLV decoder and encoder
 * (plugins/atmodem/ber_tlv.c). The input is walked as a tree within the
 * depth cap; every TLV must lie inside the input. A tree that passes the
 * check is encoded again, and encoding the result once more must give the
 * same bytes (the encoder writes the one DER form). The first bytes also
 * serve as a path of tags to look up. */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "ber_tlv.h"

/** Walks the TLVs in buf at depth, checking bounds, and writes each again into w. */
static void walk(const uint8_t *base, size_t base_len, const uint8_t *buf, size_t len, unsigned depth, ber_writer *w)
{
	ber_iter it;
	ber_tlv t;

	FUZZ_CHECK(depth <= BER_TLV_MAX_DEPTH);
	ber_iter_init(&it, buf, len);
	while (ber_iter_next(&it, &t) == 1) {
		FUZZ_CHECK(t.raw >= base && t.raw + t.raw_len <= base + base_len);
		FUZZ_CHECK(t.value >= t.raw && t.value + t.len == t.raw + t.raw_len);
		if (t.constructed && depth < BER_TLV_MAX_DEPTH) {
			ber_begin(w, t.tag);
			walk(base, base_len, t.value, t.len, depth + 1, w);
			ber_end(w);
		} else {
			ber_put(w, t.tag, t.value, t.len);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap = 2 * size + 64;
	uint8_t *once = malloc(cap), *twice = malloc(cap);
	ber_writer w;
	long n1, n2;
	uint32_t path[3];
	size_t n_path = 0;
	ber_tlv found;

	if (!once || !twice) {
		free(once);
		free(twice);
		return 0;
	}
	ber_writer_init(&w, once, cap);
	walk(data, size, data, size, 1, &w);
	n1 = ber_writer_finish(&w);
	if (ber_tlv_check(data, size, BER_TLV_MAX_DEPTH) == 0) {
		FUZZ_CHECK(n1 >= 0); /* a well-formed tree always encodes (room: twice its size) */
		FUZZ_CHECK(ber_tlv_check(once, (size_t)n1, BER_TLV_MAX_DEPTH) == 0);
		ber_writer_init(&w, twice, cap);
		walk(once, (size_t)n1, once, (size_t)n1, 1, &w);
		n2 = ber_writer_finish(&w);
		FUZZ_CHECK(n2 == n1 && memcmp(once, twice, (size_t)n1) == 0);
	}
	for (size_t i = 0; i + 1 < size && n_path < 3; i += 2)
		path[n_path++] = (uint32_t)data[i] << 8 | data[i + 1];
	if (n_path && ber_tlv_find_path(data, size, path, n_path, &found) == 0)
		FUZZ_CHECK(found.raw >= data && found.raw + found.raw_len <= data + size);
	free(once);
	free(twice);
	return 0;
}
