/* libFuzzer target: what a hostile card, SM-DP+ or person can hand the
 * AT-modem plugin's download. The first byte chooses:
 *   - 0: the rest is one ES10b answer, given to every download answer
 *     parser and to the Bound Profile Package cutter
 *     (plugins/atmodem/es10b_download.c): segments lie inside the input,
 *     in order, without overlap; texts are terminated;
 *   - 1: the rest is an SM-DP+'s ES9+ answer (plugins/atmodem/es9_message.c):
 *     codes terminated, decoded fields bounded by the input's size;
 *   - 2: the rest is an activation code (plugins/atmodem/lpa_code.c):
 *     accepted fields terminated and free of '$'. */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "es10b_download.h"
#include "es9_message.h"
#include "lpa_code.h"

/** Most segments checked per input. */
#define FUZZ_SEGMENTS 64

/** Every download answer parser and the package cutter on one input. */
static void fuzz_answers(const uint8_t *data, size_t size)
{
	static es10b_segment seg[FUZZ_SEGMENTS];
	uint8_t challenge[ES10B_CHALLENGE_SIZE];
	es10b_install_result result;
	es10b_signed2 signed2;
	uint32_t code;
	size_t n = 0;

	(void)es10b_parse_challenge(data, size, challenge);
	(void)es10b_parse_info1(data, size);
	(void)es10b_parse_authenticate_server(data, size, &code);
	(void)es10b_parse_prepare_download(data, size, &code);
	(void)es10b_parse_cancel_session(data, size, &code);
	if (es10b_parse_signed2(data, size, &signed2) == ES10B_OK)
		FUZZ_CHECK(signed2.transaction_id_len >= 1 && signed2.transaction_id_len <= ES10B_TRANSACTION_ID_MAX);
	if (es10b_parse_install_result(data, size, &result) == ES10B_OK)
		FUZZ_CHECK(memchr(result.iccid, '\0', sizeof result.iccid) && memchr(result.aid, '\0', sizeof result.aid));
	if (es10b_bpp_segments(data, size, seg, FUZZ_SEGMENTS, &n) == 0) {
		const uint8_t *at = data;

		FUZZ_CHECK(n >= 5 && n <= FUZZ_SEGMENTS);
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(seg[i].data >= at && seg[i].len > 0 && seg[i].data + seg[i].len <= data + size);
			at = seg[i].data + seg[i].len;
		}
		FUZZ_CHECK(at == data + size);
	}
}

/** An ES9+ answer. */
static void fuzz_es9(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "transactionId", "serverSigned1", "boundProfilePackage", "x" };
	es9_response r;
	char text[ES9_TRANSACTION_ID_SIZE];

	(void)es9_response_read(data, size, &r);
	FUZZ_CHECK(memchr(r.subject, '\0', sizeof r.subject) && memchr(r.reason, '\0', sizeof r.reason));
	(void)es9_status_message(r.subject, r.reason);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		uint8_t *bytes;
		size_t len;

		if (es9_response_bytes(&r, names[i], &bytes, &len) == 0) {
			FUZZ_CHECK(len > 0 && len <= size);
			free(bytes);
		}
		if (es9_response_text(&r, names[i], text, sizeof text) == 0)
			FUZZ_CHECK(strlen(text) < sizeof text);
	}
	es9_response_free(&r);
}

/** An activation code. */
static void fuzz_code(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	const char *why = NULL;
	lpa_code c;

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	if (lpa_code_parse(text, &c, &why) == 0) {
		FUZZ_CHECK(memchr(c.address, '\0', sizeof c.address) && !strchr(c.address, '$') && c.address[0]);
		FUZZ_CHECK(memchr(c.matching_id, '\0', sizeof c.matching_id) && !strchr(c.matching_id, '$'));
		FUZZ_CHECK(memchr(c.oid, '\0', sizeof c.oid) && !strchr(c.oid, '$'));
	} else {
		FUZZ_CHECK(why != NULL && c.address[0] == '\0');
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 3 == 0)
		fuzz_answers(data + 1, size - 1);
	else if (data[0] % 3 == 1)
		fuzz_es9(data + 1, size - 1);
	else
		fuzz_code(data + 1, size - 1);
	return 0;
}
