/* libFuzzer target: what a hostile card or module can hand the AT-modem
 * plugin's eUICC core. The first byte chooses:
 *   - even: the rest is one ES10 answer, given to every answer parser
 *     (plugins/atmodem/es10.c); counts stay within their bounds, text
 *     fields are terminated, a retrieved notification lies inside the input;
 *   - odd: the rest is the module's answers to successive AT commands,
 *     separated by NUL bytes, to an open, a STORE DATA of 300 bytes and a
 *     close through the APDU layer (plugins/atmodem/euicc_apdu.c): the
 *     answer stays inside its buffer and the round trips stay bounded. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "at_frame.h"
#include "es10.h"
#include "euicc_apdu.h"

/** The module's scripted answers: the input cut at NUL bytes. */
typedef struct fuzz_module {
	const uint8_t *data;
	size_t size;
	size_t off;
} fuzz_module;

/** euicc_at_fn: frames the next piece of the input; a transport failure when none is left or it never ends. */
static int fuzz_at(void *ctx, const char *command, at_response *resp)
{
	fuzz_module *m = ctx;
	const uint8_t *end;
	size_t n;
	at_framer fr;

	if (m->off >= m->size)
		return 1;
	end = memchr(m->data + m->off, 0, m->size - m->off);
	n = end ? (size_t)(end - (m->data + m->off)) : m->size - m->off;
	at_framer_start(&fr, command, resp);
	at_framer_feed(&fr, (const char *)m->data + m->off, n);
	m->off += n + 1;
	return resp->result == AT_RESULT_PENDING ? 2 : 0;
}

/** True when s is NUL-terminated within size bytes. */
static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/** Every ES10 answer parser on one input. */
static void fuzz_answers(const uint8_t *data, size_t size)
{
	static es10_profile profiles[4];
	static es10_notification notes[4];
	static es10_addresses addresses;
	char eid[ES10_EID_SIZE];
	size_t n = 0;
	bool truncated;
	int code;

	if (es10_parse_eid(data, size, eid) == ES10_OK)
		FUZZ_CHECK(strlen(eid) == 32);
	if (es10_parse_profiles(data, size, profiles, 4, &n, &truncated) == ES10_OK) {
		FUZZ_CHECK(n <= 4);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(terminated(profiles[i].iccid, ES10_ICCID_SIZE) &&
				   terminated(profiles[i].nickname, ES10_TEXT_SIZE) &&
				   terminated(profiles[i].provider, ES10_TEXT_SIZE) &&
				   terminated(profiles[i].name, ES10_TEXT_SIZE) &&
				   terminated(profiles[i].aid, ES10_AID_SIZE));
	}
	for (int c = ES10_CMD_ENABLE; c <= ES10_CMD_REMOVE_NOTIFICATION; c++) {
		es10_result r = es10_parse_result((es10_command)c, data, size, &code);

		FUZZ_CHECK(r <= ES10_MALFORMED && code >= -1 && code <= 255);
		FUZZ_CHECK(es10_result_message(r) != NULL);
	}
	if (es10_parse_addresses(data, size, &addresses) == ES10_OK)
		FUZZ_CHECK(terminated(addresses.root_ds, ES10_ADDRESS_SIZE));
	if (es10_parse_notifications(data, size, notes, 4, &n, &truncated) == ES10_OK)
		FUZZ_CHECK(n <= 4);
	if (es10_parse_retrieved(data, size, notes, 4, &n, &truncated) == ES10_OK) {
		FUZZ_CHECK(n <= 4);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(notes[i].raw >= data && notes[i].raw + notes[i].raw_len <= data + size &&
				   terminated(notes[i].address, ES10_ADDRESS_SIZE));
	}
}

/** The APDU layer against scripted module answers. */
static void fuzz_module_answers(const uint8_t *data, size_t size)
{
	static euicc_session s;
	fuzz_module m = { .data = data, .size = size, .off = 0 };
	uint8_t command[300], out[512];
	size_t n = 0;

	memset(command, 0x5A, sizeof command);
	euicc_session_init(&s, fuzz_at, &m);
	if (euicc_open(&s) == EUICC_OK) {
		FUZZ_CHECK(s.channel >= 0 && s.channel <= EUICC_CHANNEL_MAX);
		if (euicc_store_data(&s, command, sizeof command, out, sizeof out, &n) == EUICC_OK)
			FUZZ_CHECK(n <= sizeof out);
		(void)euicc_close(&s);
	}
	/* probe (3), open (CSIM: 2 + a chain each), 3 blocks of at most 2 + a chain each, close */
	FUZZ_CHECK(s.round_trips <= 3 + 2 * (2 + EUICC_CHAIN_MAX) + 3 * (2 + EUICC_CHAIN_MAX) + 1 + 1 + EUICC_CHAIN_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 2 == 0)
		fuzz_answers(data + 1, size - 1);
	else
		fuzz_module_answers(data + 1, size - 1);
	return 0;
}
