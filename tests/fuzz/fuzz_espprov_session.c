/* libFuzzer target: the ESP provisioning core's session
 * (plugins/espprov/espprov_session.c) fed device answers. The first byte
 * picks the security version and patch; the rest is a list of answers,
 * each a 2-byte big-endian length and its bytes (an answer longer than the
 * rest is cut), given one by one as the device's replies; what is left
 * after an established session goes to decrypt. Invariants: a session
 * never asks for more after it ended, and never hands out a request of
 * size 0. */
#include <string.h>

#include "espprov_session.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	espprov_session *s = NULL;
	uint8_t *req = NULL, out[ESPPROV_ANSWER_MAX];
	size_t req_len = 0, pos = 1, out_len = 0;
	espprov_result r;
	int sec, patch;

	if (size < 1)
		return 0;
	sec = data[0] % 3;
	patch = (data[0] >> 2) & 1;
	if (espprov_session_new(sec, patch, (const uint8_t *)"wifiprov", 8, (const uint8_t *)"abcd1234", 8, &s) !=
	    ESPPROV_OK)
		abort();
	r = espprov_session_next(s, NULL, 0, &req, &req_len);
	while (r == ESPPROV_SEND && pos < size) {
		size_t len = 0;

		FUZZ_CHECK(req != NULL && req_len > 0);
		espprov_free(req);
		req = NULL;
		if (pos + 2 <= size) {
			len = (size_t)data[pos] << 8 | data[pos + 1];
			pos += 2;
		} else {
			pos = size;
		}
		if (len > size - pos)
			len = size - pos;
		r = espprov_session_next(s, data + pos, len, &req, &req_len);
		pos += len;
	}
	espprov_free(req);
	req = NULL;
	if (r == ESPPROV_OK && pos < size)
		(void)espprov_decrypt(s, data + pos, size - pos, out, sizeof out, &out_len);
	if (r != ESPPROV_SEND)
		FUZZ_CHECK(espprov_session_next(s, NULL, 0, &req, &req_len) == ESPPROV_ERR_STATE && req == NULL);
	espprov_session_free(s);
	return 0;
}
