/* The AT-modem plugin's APDU layer to the eUICC, against canned module
 * answers fed through the real response framer: +CCHO with and without its
 * prefix, +CGLA exchanges, 61xx chains (and one that never ends), 6Cxx,
 * the +CSIM fallback with MANAGE CHANNEL, unsolicited codes and echo in the
 * middle of answers, STORE DATA blocks, and the round trips counted. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_frame.h"
#include "es10.h"
#include "euicc_apdu.h"

/** One expected command and the module's answer to it. */
typedef struct step {
	const char *command; /**< exactly what must be sent, or NULL for anything */
	const char *answer;  /**< the bytes the module sends back */
	int rc;              /**< nonzero: the transport fails with this code instead */
} step;

/** A module that answers from a script and records what it was sent. */
typedef struct fake_module {
	const step *steps;
	size_t n_steps;
	size_t next;
	const char *forever; /**< when set, the answer to every command after the script */
	bool echo;           /**< echo each command before answering */
	char sent[80][AT_COMMAND_MAX];
	size_t n_sent;
} fake_module;

/** euicc_at_fn: frames the scripted answer to command into resp. */
static int fake_at(void *ctx, const char *command, at_response *resp)
{
	fake_module *m = ctx;
	const char *answer;
	at_framer fr;

	if (m->n_sent < 80)
		snprintf(m->sent[m->n_sent++], AT_COMMAND_MAX, "%s", command);
	if (m->next < m->n_steps) {
		const step *s = &m->steps[m->next++];

		if (s->command)
			cr_assert_str_eq(command, s->command, "command %zu", m->next);
		if (s->rc)
			return s->rc;
		answer = s->answer;
	} else {
		cr_assert(m->forever != NULL, "unexpected command %s", command);
		answer = m->forever;
	}
	at_framer_start(&fr, command, resp);
	if (m->echo) {
		at_framer_feed(&fr, command, strlen(command));
		at_framer_feed(&fr, "\r\r\n", 3);
	}
	cr_assert(at_framer_feed(&fr, answer, strlen(answer)), "the canned answer to %s ends", command);
	return 0;
}

/** Starts a session on a scripted module. */
static void start(euicc_session *s, fake_module *m, const step *steps, size_t n)
{
	memset(m, 0, sizeof *m);
	m->steps = steps;
	m->n_steps = n;
	euicc_session_init(s, fake_at, m);
}

/** Decodes the hex APDU of a "AT+CGLA=<ch>,<len>,"<hex>"" command into out; its length. */
static size_t sent_apdu(const char *command, uint8_t *out, size_t cap)
{
	const char *hex = strchr(command, '"');
	size_t n = 0;

	cr_assert(hex != NULL);
	for (hex++; hex[0] && hex[0] != '"' && n < cap; hex += 2) {
		unsigned v;

		cr_assert_eq(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
	}
	return n;
}

/** The number of steps of a script. */
#define N_STEPS(a) (sizeof(a) / sizeof((a)[0]))

/** How the layer opens the ISD-R's channel. */
static const char OPEN_CCHO[] = "AT+CCHO=\"A0000005591010FFFFFFFF8900000100\"";

Test(euicc_apdu, probe_open_exchange_close_counted)
{
	/* GetEID: BF3E 03 5C 01 5A as one STORE DATA block on channel 1:
	 * 81 E2 91 00 06 BF3E035C015A 00 -> 12 bytes, 24 hex digits */
	static const step steps[] = {
		{ "AT+CCHO=?", "\r\nOK\r\n", 0 },
		{ "AT+CGLA=?", "\r\nOK\r\n", 0 },
		{ OPEN_CCHO, "\r\n+CCHO: 1\r\n\r\nOK\r\n", 0 },
		{ "AT+CGLA=1,24,\"81E2910006BF3E035C015A00\"", "\r\n+CGLA: 14,\"BF3E025A009000\"\r\n\r\nOK\r\n", 0 },
		{ "AT+CCHC=1", "\r\nOK\r\n", 0 },
	};
	static const uint8_t get_eid[] = { 0xBF, 0x3E, 0x03, 0x5C, 0x01, 0x5A };
	euicc_session s;
	fake_module m;
	uint8_t out[64];
	size_t n = 0;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(s.via, EUICC_VIA_CGLA);
	cr_expect_eq(s.channel, 1);
	cr_expect_eq(euicc_open(&s), EUICC_OK, "an open channel is kept");
	cr_assert_eq(euicc_store_data(&s, get_eid, sizeof get_eid, out, sizeof out, &n), EUICC_OK);
	cr_expect_eq(n, 5u);
	cr_expect_arr_eq(out, ((uint8_t[]){ 0xBF, 0x3E, 0x02, 0x5A, 0x00 }), 5);
	cr_expect_eq(s.sw, 0x9000);
	cr_expect_eq(euicc_close(&s), EUICC_OK);
	cr_expect_eq(s.channel, -1);
	cr_expect_eq(s.round_trips, 5u, "probe (2), open, one STORE DATA, close");
	cr_expect_eq(m.next, N_STEPS(steps));
}

Test(euicc_apdu, bare_ccho_answer_and_echo)
{
	static const step steps[] = {
		{ "AT+CCHO=?", "\r\nOK\r\n", 0 },
		{ "AT+CGLA=?", "\r\n+CGLA: (1-20)\r\nOK\r\n", 0 },
		{ OPEN_CCHO, "\r\n3\r\n\r\nOK\r\n", 0 },
		{ "AT+CCHC=3", "\r\nOK\r\n", 0 },
	};
	euicc_session s;
	fake_module m;

	start(&s, &m, steps, N_STEPS(steps));
	m.echo = true;
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(s.channel, 3);
	cr_expect(s.resp.echo_seen);
	cr_expect_eq(euicc_close(&s), EUICC_OK);
}

Test(euicc_apdu, ccho_answers_that_are_no_channel)
{
	static const char *const answers[] = {
		"\r\n+CCHO: 0\r\nOK\r\n",  /* the basic channel is no logical channel */
		"\r\n+CCHO: 20\r\nOK\r\n", /* past 19 */
		"\r\n+CCHO: x\r\nOK\r\n",  /* not a number */
		"\r\nOK\r\n",              /* nothing at all */
	};

	for (size_t i = 0; i < N_STEPS(answers); i++) {
		step steps[] = {
			{ "AT+CCHO=?", "\r\nOK\r\n", 0 },
			{ "AT+CGLA=?", "\r\nOK\r\n", 0 },
			{ OPEN_CCHO, answers[i], 0 },
		};
		euicc_session s;
		fake_module m;

		start(&s, &m, steps, N_STEPS(steps));
		cr_expect_eq(euicc_open(&s), EUICC_ERR_ANSWER, "answer %zu", i);
		cr_expect_eq(s.channel, -1);
	}
}

Test(euicc_apdu, ccho_refused_means_no_isdr)
{
	static const step steps[] = {
		{ "AT+CCHO=?", "\r\nOK\r\n", 0 },
		{ "AT+CGLA=?", "\r\nOK\r\n", 0 },
		{ OPEN_CCHO, "\r\n+CME ERROR: 3\r\n", 0 },
	};
	euicc_session s;
	fake_module m;

	start(&s, &m, steps, N_STEPS(steps));
	cr_expect_eq(euicc_open(&s), EUICC_ERR_NO_ISDR);
	cr_expect_eq(s.cme_error, 3);
}

Test(euicc_apdu, no_logical_channel_commands_at_all)
{
	/* every check refused: +CCHO is tried anyway, and its refusal settles it */
	static const step steps[] = {
		{ "AT+CCHO=?", "\r\nERROR\r\n", 0 },
		{ "AT+CSIM=?", "\r\nERROR\r\n", 0 },
		{ OPEN_CCHO, "\r\nERROR\r\n", 0 },
	};
	euicc_session s;
	fake_module m;

	start(&s, &m, steps, N_STEPS(steps));
	cr_expect_eq(euicc_open(&s), EUICC_ERR_UNSUPPORTED);
	cr_expect_eq(euicc_open(&s), EUICC_ERR_UNSUPPORTED, "asked once per session");
	cr_expect_eq(s.round_trips, 3u);
}

Test(euicc_apdu, checks_refused_but_the_commands_work_with_a_session_handle)
{
	/* a module that refuses the =? checks and names its session with a
	 * 16-hex-digit handle, which +CGLA and +CCHC take back as it is */
	static const step steps[] = {
		{ "AT+CCHO=?", "\r\nERROR\r\n", 0 },
		{ "AT+CSIM=?", "\r\nERROR\r\n", 0 },
		{ OPEN_CCHO, "\r\n+CCHO: 0123456789ABCDEF\r\n\r\nOK\r\n", 0 },
		{ "AT+CGLA=0123456789ABCDEF,18,\"81E2910003BF2D0000\"", "\r\n+CGLA: 10,\"BF2D009000\"\r\n\r\nOK\r\n", 0 },
		{ "AT+CCHC=0123456789ABCDEF", "\r\nOK\r\n", 0 },
	};
	static const uint8_t request[] = { 0xBF, 0x2D, 0x00 };
	uint8_t out[16];
	size_t n = 0;
	euicc_session s;
	fake_module m;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_str_eq(s.session, "0123456789ABCDEF");
	cr_expect_not(s.unconfirmed, "+CCHO answered: the commands are there");
	cr_assert_eq(euicc_store_data(&s, request, sizeof request, out, sizeof out, &n), EUICC_OK);
	cr_expect_eq(n, 3u);
	cr_expect_eq(euicc_close(&s), EUICC_OK);
	cr_expect_eq(m.next, N_STEPS(steps));
}

/** A session with channel 1 open over +CGLA, from a script that starts with the three opening steps. */
/* clang-format off */
#define OPENING \
	{ "AT+CCHO=?", "\r\nOK\r\n", 0 }, \
	{ "AT+CGLA=?", "\r\nOK\r\n", 0 }, \
	{ OPEN_CCHO, "\r\n+CCHO: 1\r\n\r\nOK\r\n", 0 }
/* clang-format on */

Test(euicc_apdu, get_response_chain_with_urcs_in_the_middle)
{
	/* the answer to the last block: 2 bytes and 6103, GET RESPONSE 01C0000003
	 * gives 3 more and 6102, GET RESPONSE 01C0000002 the last 2 and 9000;
	 * registration codes and RING arrive between the lines */
	static const step steps[] = {
		OPENING,
		{ "AT+CGLA=1,18,\"81E2910003BF280000\"",
		  "\r\n+CEREG: 1,\"1A2B\",\"01C2D3E4\",7\r\n+CGLA: 8,\"BF286103\"\r\nRING\r\n\r\nOK\r\n", 0 },
		{ "AT+CGLA=1,10,\"01C0000003\"", "\r\n+CGLA: 10,\"04A0026102\"\r\nOK\r\n", 0 },
		{ "AT+CGLA=1,10,\"01C0000002\"", "\r\n+CREG: 5\r\n+CGLA: 8,\"30009000\"\r\nOK\r\n", 0 },
	};
	static const uint8_t list[] = { 0xBF, 0x28, 0x00 };
	static const uint8_t want[] = { 0xBF, 0x28, 0x04, 0xA0, 0x02, 0x30, 0x00 };
	euicc_session s;
	fake_module m;
	uint8_t out[64];
	size_t n = 0;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_assert_eq(euicc_store_data(&s, list, sizeof list, out, sizeof out, &n), EUICC_OK);
	cr_assert_eq(n, sizeof want);
	cr_expect_arr_eq(out, want, sizeof want);
	cr_expect_eq(s.round_trips, 6u);
	cr_expect_eq(s.resp.n_urcs, 1u, "the last answer's +CREG was set aside");
}

Test(euicc_apdu, get_response_of_256_bytes)
{
	/* 6100 asks for 256 bytes: GET RESPONSE with Le 00 */
	char answer[700];
	static step steps[] = {
		OPENING,
		{ "AT+CGLA=1,18,\"81E2910003BF2D0000\"", "\r\n+CGLA: 4,\"6100\"\r\nOK\r\n", 0 },
		{ "AT+CGLA=1,10,\"01C0000000\"", NULL, 0 },
	};
	static const uint8_t cmd[] = { 0xBF, 0x2D, 0x00 };
	euicc_session s;
	fake_module m;
	uint8_t out[300];
	size_t n = 0, at;

	at = (size_t)snprintf(answer, sizeof answer, "\r\n+CGLA: 516,\"");
	for (size_t i = 0; i < 256; i++)
		at += (size_t)snprintf(answer + at, sizeof answer - at, "%02X", (unsigned)i);
	snprintf(answer + at, sizeof answer - at, "9000\"\r\nOK\r\n");
	steps[4].answer = answer;
	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_assert_eq(euicc_store_data(&s, cmd, sizeof cmd, out, sizeof out, &n), EUICC_OK);
	cr_assert_eq(n, 256u);
	cr_expect_eq(out[255], 255);
	/* the same answer into a buffer of 100 bytes does not fit */
	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(euicc_store_data(&s, cmd, sizeof cmd, out, 100, &n), EUICC_ERR_TOO_LONG);
}

Test(euicc_apdu, endless_chain_is_an_error)
{
	static const step steps[] = { OPENING };
	static const uint8_t cmd[] = { 0xBF, 0x2D, 0x00 };
	euicc_session s;
	fake_module m;
	uint8_t out[128];
	size_t n = 0;

	/* every answer is one byte and 6101: the card never says 9000 */
	start(&s, &m, steps, N_STEPS(steps));
	m.forever = "\r\n+CGLA: 6,\"006101\"\r\nOK\r\n";
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(euicc_store_data(&s, cmd, sizeof cmd, out, sizeof out, &n), EUICC_ERR_CHAIN);
	cr_expect_eq(n, 0u);
	/* the STORE DATA and 64 GET RESPONSEs: then it stops (the buffer of 128 still had room) */
	cr_expect_eq(s.round_trips, 3u + 1u + EUICC_CHAIN_MAX, "%u round trips", s.round_trips);
	/* with a small buffer the chain ends sooner, as too long */
	start(&s, &m, steps, N_STEPS(steps));
	m.forever = "\r\n+CGLA: 6,\"006101\"\r\nOK\r\n";
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(euicc_store_data(&s, cmd, sizeof cmd, out, 8, &n), EUICC_ERR_TOO_LONG);
}

Test(euicc_apdu, wrong_le_is_sent_again)
{
	/* 6C10: the same command again with Le 10 */
	static const step steps[] = {
		OPENING,
		{ "AT+CGLA=1,18,\"81E2910003BF280000\"", "\r\n+CGLA: 4,\"6C03\"\r\nOK\r\n", 0 },
		{ "AT+CGLA=1,18,\"81E2910003BF280003\"", "\r\n+CGLA: 10,\"BF28009000\"\r\nOK\r\n", 0 },
	};
	static const uint8_t cmd[] = { 0xBF, 0x28, 0x00 };
	euicc_session s;
	fake_module m;
	uint8_t out[16];
	size_t n = 0;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_assert_eq(euicc_store_data(&s, cmd, sizeof cmd, out, sizeof out, &n), EUICC_OK);
	cr_expect_eq(n, 3u);
}

Test(euicc_apdu, error_status_words_and_refusals)
{
	static const step steps[] = {
		OPENING,
		{ NULL, "\r\n+CGLA: 4,\"6A88\"\r\nOK\r\n", 0 },
		{ NULL, "\r\n+CME ERROR: 50\r\n", 0 },
		{ NULL, NULL, 7 },
		{ NULL, "\r\n+CGLA: 5,\"9000\"\r\nOK\r\n", 0 }, /* length disagrees */
		{ NULL, "\r\n+CGLA: 2,\"9000\"\r\nOK\r\n", 0 }, /* length in bytes: accepted */
		{ NULL, "\r\n+CGLA: 3,\"900\"\r\nOK\r\n", 0 },  /* odd hex */
		{ NULL, "\r\n+CGLA: 2,\"90\"\r\nOK\r\n", 0 },   /* no status word */
		{ NULL, "\r\n+CGLA: 4,\"90G0\"\r\nOK\r\n", 0 }, /* not hex */
		{ NULL, "\r\nOK\r\n", 0 },                      /* no +CGLA line */
		{ NULL, "\r\n+CGLA: 4,9000\r\nOK\r\n", 0 },     /* unquoted: accepted */
	};
	static const uint8_t cmd[] = { 0xBF, 0x28, 0x00 };
	static const euicc_status want[] = { EUICC_ERR_SW,     EUICC_ERR_REFUSED, EUICC_ERR_TRANSPORT, EUICC_ERR_ANSWER,
					     EUICC_OK,         EUICC_ERR_ANSWER,  EUICC_ERR_ANSWER,    EUICC_ERR_ANSWER,
					     EUICC_ERR_ANSWER, EUICC_OK };
	euicc_session s;
	fake_module m;
	uint8_t out[16];
	size_t n = 0;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	for (size_t i = 0; i < N_STEPS(want); i++) {
		euicc_status got = euicc_store_data(&s, cmd, sizeof cmd, out, sizeof out, &n);

		cr_expect_eq(got, want[i], "case %zu: %s", i, euicc_status_name(got));
		if (i == 0)
			cr_expect_eq(s.sw, 0x6A88);
		if (i == 1)
			cr_expect_eq(s.cme_error, 50);
		if (i == 2)
			cr_expect_eq(s.transport_error, 7);
	}
}

Test(euicc_apdu, store_data_segments_of_120_bytes)
{
	/* 300 bytes: blocks of 120, 120 and 60 with P1 11, 11, 91 and P2 0, 1, 2 */
	static const step steps[] = {
		OPENING,
		{ NULL, "\r\n+CGLA: 4,\"9000\"\r\nOK\r\n", 0 },
		{ NULL, "\r\n+CGLA: 4,\"9000\"\r\nOK\r\n", 0 },
		{ NULL, "\r\n+CGLA: 10,\"BF31009000\"\r\nOK\r\n", 0 },
	};
	static const size_t seg[] = { 120, 120, 60 };
	static const uint8_t p1[] = { 0x11, 0x11, 0x91 };
	uint8_t cmd[300], apdu[300], out[16];
	euicc_session s;
	fake_module m;
	size_t n = 0, off = 0;

	for (size_t i = 0; i < sizeof cmd; i++)
		cmd[i] = (uint8_t)(i * 7);
	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_assert_eq(euicc_store_data(&s, cmd, sizeof cmd, out, sizeof out, &n), EUICC_OK);
	cr_expect_eq(n, 3u, "the answer of the last block");
	cr_assert_eq(m.n_sent, 6u);
	for (size_t b = 0; b < 3; b++) {
		size_t len = sent_apdu(m.sent[3 + b], apdu, sizeof apdu);
		char prefix[32];

		snprintf(prefix, sizeof prefix, "AT+CGLA=1,%zu,\"", 2 * (6 + seg[b]));
		cr_expect_eq(strncmp(m.sent[3 + b], prefix, strlen(prefix)), 0, "%s", m.sent[3 + b]);
		cr_assert_eq(len, 6 + seg[b]);
		cr_expect_eq(apdu[0], 0x81, "CLA: proprietary class on channel 1");
		cr_expect_eq(apdu[1], 0xE2, "INS: STORE DATA");
		cr_expect_eq(apdu[2], p1[b], "P1 of block %zu", b);
		cr_expect_eq(apdu[3], b, "P2: the block number");
		cr_expect_eq(apdu[4], seg[b], "Lc");
		cr_expect_arr_eq(apdu + 5, cmd + off, seg[b]);
		cr_expect_eq(apdu[5 + seg[b]], 0x00, "Le");
		off += seg[b];
	}
	cr_expect_eq(s.round_trips, 6u);
}

Test(euicc_apdu, csim_fallback_with_manage_channel)
{
	/* no +CCHO: MANAGE CHANNEL open (00 70 00 00 01) gives channel 2; SELECT
	 * the ISD-R on it (02 A4 04 00 10 <AID> 00) answers 6121, fetched with
	 * 02 C0 00 00 21; STORE DATA goes with CLA 82; MANAGE CHANNEL close is
	 * 00 70 80 02 */
	char fci[200];
	static step steps[] = {
		{ "AT+CCHO=?", "\r\nERROR\r\n", 0 },
		{ "AT+CSIM=?", "\r\nOK\r\n", 0 },
		{ "AT+CSIM=10,\"0070000001\"", "\r\n+CSIM: 6,\"029000\"\r\nOK\r\n", 0 },
		{ "AT+CSIM=44,\"02A4040010A0000005591010FFFFFFFF890000010000\"", "\r\n+CSIM: 4,\"6121\"\r\nOK\r\n", 0 },
		{ "AT+CSIM=10,\"02C0000021\"", NULL, 0 },
		{ "AT+CSIM=18,\"82E2910003BF280000\"", "\r\n+CSIM: 10,\"BF28009000\"\r\nOK\r\n", 0 },
		{ "AT+CSIM=8,\"00708002\"", "\r\n+CSIM: 4,\"9000\"\r\nOK\r\n", 0 },
	};
	static const uint8_t cmd[] = { 0xBF, 0x28, 0x00 };
	euicc_session s;
	fake_module m;
	uint8_t out[16];
	size_t n = 0, at;

	at = (size_t)snprintf(fci, sizeof fci, "\r\n+CSIM: 70,\"");
	for (size_t i = 0; i < 0x21; i++)
		at += (size_t)snprintf(fci + at, sizeof fci - at, "6F");
	snprintf(fci + at, sizeof fci - at, "9000\"\r\nOK\r\n");
	steps[4].answer = fci;
	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(s.via, EUICC_VIA_CSIM);
	cr_expect_eq(s.channel, 2);
	cr_assert_eq(euicc_store_data(&s, cmd, sizeof cmd, out, sizeof out, &n), EUICC_OK);
	cr_expect_eq(n, 3u);
	cr_expect_eq(euicc_close(&s), EUICC_OK);
	cr_expect_eq(m.next, N_STEPS(steps));
}

Test(euicc_apdu, csim_select_refused_means_no_isdr)
{
	static const step steps[] = {
		{ "AT+CCHO=?", "\r\nERROR\r\n", 0 },
		{ "AT+CSIM=?", "\r\nOK\r\n", 0 },
		{ "AT+CSIM=10,\"0070000001\"", "\r\n+CSIM: 6,\"019000\"\r\nOK\r\n", 0 },
		{ NULL, "\r\n+CSIM: 4,\"6A82\"\r\nOK\r\n", 0 }, /* file or application not found */
		{ "AT+CSIM=8,\"00708001\"", "\r\n+CSIM: 4,\"9000\"\r\nOK\r\n", 0 },
	};
	euicc_session s;
	fake_module m;

	start(&s, &m, steps, N_STEPS(steps));
	cr_expect_eq(euicc_open(&s), EUICC_ERR_NO_ISDR);
	cr_expect_eq(s.sw, 0x9000, "the channel was closed again");
	cr_expect_eq(s.channel, -1);
}

Test(euicc_apdu, refresh_forgets_the_channel)
{
	static const step steps[] = {
		OPENING,
		{ OPEN_CCHO, "\r\n+CCHO: 2\r\n\r\nOK\r\n", 0 },
	};
	euicc_session s;
	fake_module m;
	uint8_t out[4];
	size_t n;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	euicc_forget_channel(&s);
	cr_expect_eq(euicc_store_data(&s, out, 1, out, sizeof out, &n), EUICC_ERR_NOT_OPEN);
	cr_expect_eq(euicc_close(&s), EUICC_OK, "nothing to close");
	cr_assert_eq(euicc_open(&s), EUICC_OK, "reopened without probing again");
	cr_expect_eq(s.channel, 2);
	cr_expect_eq(s.round_trips, 4u);
}

Test(euicc_apdu, class_bytes_of_every_channel)
{
	cr_expect_eq(euicc_cla(0, false), 0x00);
	cr_expect_eq(euicc_cla(1, true), 0x81);
	cr_expect_eq(euicc_cla(3, true), 0x83);
	cr_expect_eq(euicc_cla(3, false), 0x03);
	/* further logical channels 4-19 (ETSI TS 102 221 10.1.1) */
	cr_expect_eq(euicc_cla(4, false), 0x40);
	cr_expect_eq(euicc_cla(19, false), 0x4F);
	cr_expect_eq(euicc_cla(4, true), 0xC0);
	cr_expect_eq(euicc_cla(19, true), 0xCF);
}

Test(euicc_apdu, store_data_on_channel_5_and_command_limits)
{
	static const step steps[] = {
		{ "AT+CCHO=?", "\r\nOK\r\n", 0 },
		{ "AT+CGLA=?", "\r\nOK\r\n", 0 },
		{ OPEN_CCHO, "\r\n+CCHO: 5\r\nOK\r\n", 0 },
		{ "AT+CGLA=5,18,\"C1E2910003BF280000\"", "\r\n+CGLA: 4,\"9000\"\r\nOK\r\n", 0 },
	};
	static const uint8_t cmd[] = { 0xBF, 0x28, 0x00 };
	uint8_t big[EUICC_APDU_MAX + 1] = { 0 };
	euicc_session s;
	fake_module m;
	uint8_t out[4];
	size_t n = 0;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(euicc_store_data(&s, cmd, sizeof cmd, out, sizeof out, &n), EUICC_OK);
	cr_expect_eq(euicc_transmit(&s, big, sizeof big, out, sizeof out, &n), EUICC_ERR_TOO_LONG);
	cr_expect_eq(euicc_transmit(&s, big, 3, out, sizeof out, &n), EUICC_ERR_TOO_LONG);
}

Test(euicc_apdu, empty_store_data_is_refused)
{
	static const step steps[] = { OPENING };
	euicc_session s;
	fake_module m;
	uint8_t out[4];
	size_t n;

	start(&s, &m, steps, N_STEPS(steps));
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_expect_eq(euicc_store_data(&s, out, 0, out, sizeof out, &n), EUICC_ERR_TOO_LONG);
	cr_expect_eq(s.round_trips, 3u, "nothing sent");
}

Test(euicc_apdu, round_trips_of_list_profiles_then_enable_one)
{
	/* What "list profiles" and "enable one" cost on a module with +CGLA whose
	 * answers fit one response: list = probe (2) + open + GetProfilesInfo + close;
	 * enable (same session: no probe) = open + EnableProfile with refresh, after
	 * which the module resets the card and the channel is gone (no close). */
	uint8_t request[64], out[64];
	char command[AT_COMMAND_MAX], hex[2 * 64 + 1];
	long len;
	size_t n = 0;
	step steps[] = {
		OPENING,
		{ NULL, "\r\n+CGLA: 14,\"BF2D02A0009000\"\r\nOK\r\n", 0 },
		{ "AT+CCHC=1", "\r\nOK\r\n", 0 },
		{ OPEN_CCHO, "\r\n+CCHO: 1\r\nOK\r\n", 0 },
		{ command, "\r\n+CGLA: 16,\"BF31038001009000\"\r\nOK\r\n", 0 },
	};
	euicc_session s;
	fake_module m;

	/* the enable command as it must go: 81 E2 91 00 14 <BF31 11 A0 0C 5A 0A ... 81 01 FF> 00 */
	len = es10_request_enable(request, sizeof request, "8944476500001234567", true);
	cr_assert_eq(len, 20);
	for (long i = 0; i < len; i++)
		snprintf(hex + 2 * i, sizeof hex - 2 * (size_t)i, "%02X", request[i]);
	snprintf(command, sizeof command, "AT+CGLA=1,%ld,\"81E2910014%s00\"", 2 * (len + 6), hex);
	start(&s, &m, steps, N_STEPS(steps));
	len = es10_request_profiles(request, sizeof request);
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_assert_eq(euicc_store_data(&s, request, (size_t)len, out, sizeof out, &n), EUICC_OK);
	cr_assert_eq(euicc_close(&s), EUICC_OK);
	cr_expect_eq(s.round_trips, 5u, "list profiles");
	s.round_trips = 0;
	len = es10_request_enable(request, sizeof request, "8944476500001234567", true);
	cr_assert_eq(euicc_open(&s), EUICC_OK);
	cr_assert_eq(euicc_store_data(&s, request, (size_t)len, out, sizeof out, &n), EUICC_OK);
	cr_expect_eq(es10_parse_result(ES10_CMD_ENABLE, out, n, NULL), ES10_OK);
	euicc_forget_channel(&s);
	cr_expect_eq(s.round_trips, 2u, "enable one");
	cr_expect_eq(m.next, N_STEPS(steps));
}
