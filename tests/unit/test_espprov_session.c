/* The ESP provisioning core's security 0, 1 and 2 sessions against a
 * device side written from the protocol (tests/support/espprov_device.c):
 * full handshakes and data both ways (security 1's one keystream, security
 * 2's nonce schemes of patch 0 and 1), a wrong PoP or password, a device
 * whose proof is false, device errors, garbage, oversized answers,
 * unsupported versions. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "espprov_session.h"
#include "session.pb-c.h"
#include "tests/support/espprov_device.h"

/** Rewrites a device's answer before the client sees it (NULL: as it is). */
typedef void (*tamper_fn)(SessionData *d);

/** Runs a handshake between a client session and a device; the result of
 *  the client's last step. An answer the device refuses reaches the client
 *  as an empty answer, as over the transports. */
static espprov_result handshake(espprov_session *s, espprov_device *d, tamper_fn tamper)
{
	uint8_t *req = NULL, *resp = NULL;
	size_t req_len = 0, resp_len = 0;
	espprov_result r = espprov_session_next(s, NULL, 0, &req, &req_len);

	for (int round = 0; r == ESPPROV_SEND && round < 4; round++) {
		if (espprov_device_session(d, req, req_len, &resp, &resp_len) != 0) {
			free(resp);
			resp = NULL;
			resp_len = 0;
		} else if (tamper != NULL) {
			SessionData *a = session_data__unpack(NULL, resp_len, resp);

			cr_assert_not_null(a);
			tamper(a);
			free(resp);
			resp_len = session_data__get_packed_size(a);
			resp = malloc(resp_len + 1);
			session_data__pack(a, resp);
			session_data__free_unpacked(a, NULL);
		}
		espprov_free(req);
		req = NULL;
		r = espprov_session_next(s, resp, resp_len, &req, &req_len);
		free(resp);
		resp = NULL;
	}
	espprov_free(req);
	return r;
}

/** Sends three requests and three answers through an established session
 *  and checks that each side reads what the other wrote. */
static void exchange_data(espprov_session *s, espprov_device *d)
{
	static const char *msgs[] = { "scan", "a longer request of forty-two bytes or so", "x" };
	uint8_t wire[256], plain[256];
	size_t n = 0;
	long m;

	for (int i = 0; i < 3; i++) {
		size_t len = strlen(msgs[i]);

		cr_assert_eq(espprov_encrypt(s, (const uint8_t *)msgs[i], len, wire, sizeof wire, &n), ESPPROV_OK);
		cr_assert_eq(n, len + espprov_session_overhead(s));
		m = espprov_device_decrypt(d, wire, n, plain);
		cr_assert_eq(m, (long)len, "request %d", i);
		cr_expect_arr_eq(plain, msgs[i], len);

		m = espprov_device_encrypt(d, (const uint8_t *)msgs[2 - i], strlen(msgs[2 - i]), wire);
		cr_assert_gt(m, 0);
		cr_assert_eq(espprov_decrypt(s, wire, (size_t)m, plain, sizeof plain, &n), ESPPROV_OK, "answer %d", i);
		cr_assert_eq(n, strlen(msgs[2 - i]));
		cr_expect_arr_eq(plain, msgs[2 - i], n);
	}
}

/** A new session that must succeed. */
static espprov_session *session(int sec, int patch, const char *user, const char *secret)
{
	espprov_session *s = NULL;

	cr_assert_eq(espprov_session_new(sec, patch, (const uint8_t *)user, user != NULL ? strlen(user) : 0,
					 (const uint8_t *)secret, secret != NULL ? strlen(secret) : 0, &s),
		     ESPPROV_OK);
	return s;
}

Test(espprov_session, security0)
{
	espprov_session *s = session(0, 0, NULL, NULL);
	espprov_device *d = espprov_device_new(0, 0, NULL, NULL);
	uint8_t out[8];
	size_t n;

	cr_expect_eq(espprov_encrypt(s, (const uint8_t *)"x", 1, out, sizeof out, &n), ESPPROV_ERR_STATE);
	cr_assert_eq(handshake(s, d, NULL), ESPPROV_OK);
	exchange_data(s, d);
	espprov_session_free(s);
	espprov_device_free(d);
}

Test(espprov_session, security1_with_and_without_pop)
{
	espprov_session *s = session(1, 0, NULL, "abcd1234");
	espprov_device *d = espprov_device_new(1, 0, NULL, "abcd1234");

	cr_assert_eq(handshake(s, d, NULL), ESPPROV_OK);
	exchange_data(s, d);
	espprov_session_free(s);
	espprov_device_free(d);

	s = session(1, 0, NULL, NULL);
	d = espprov_device_new(1, 0, NULL, NULL);
	cr_assert_eq(handshake(s, d, NULL), ESPPROV_OK);
	exchange_data(s, d);
	espprov_session_free(s);
	espprov_device_free(d);
}

Test(espprov_session, security1_wrong_pop_is_refused_proof)
{
	espprov_session *s = session(1, 0, NULL, "abcd1235");
	espprov_device *d = espprov_device_new(1, 0, NULL, "abcd1234");
	uint8_t *req = NULL;
	size_t n = 0;

	cr_expect_eq(handshake(s, d, NULL), ESPPROV_ERR_PROOF);
	cr_expect_eq(espprov_session_next(s, NULL, 0, &req, &n), ESPPROV_ERR_STATE);
	espprov_session_free(s);
	espprov_device_free(d);
}

/** Security 1's device proof, one bit off. */
static void sec1_false_proof(SessionData *a)
{
	if (a->sec1->payload_case == SEC1_PAYLOAD__PAYLOAD_SR1)
		a->sec1->sr1->device_verify_data.data[5] ^= 1;
}

/** The device's answer to the proof says CryptoError. */
static void sec1_status_error(SessionData *a)
{
	if (a->sec1->payload_case == SEC1_PAYLOAD__PAYLOAD_SR1)
		a->sec1->sr1->status = STATUS__CryptoError;
}

/** The device's first answer says InvalidArgument. */
static void sec1_resp0_error(SessionData *a)
{
	if (a->sec1->payload_case == SEC1_PAYLOAD__PAYLOAD_SR0)
		a->sec1->sr0->status = STATUS__InvalidArgument;
}

/** The device's first answer comes with a 31-byte key. */
static void sec1_short_key(SessionData *a)
{
	if (a->sec1->payload_case == SEC1_PAYLOAD__PAYLOAD_SR0)
		a->sec1->sr0->device_pubkey.len = 31;
}

/** The device answers as if it ran security 2. */
static void wrong_version(SessionData *a)
{
	a->sec_ver = SEC_SCHEME_VERSION__SecScheme2;
}

Test(espprov_session, security1_device_answers_that_fail)
{
	tamper_fn cases[] = { sec1_false_proof, sec1_status_error, sec1_resp0_error, sec1_short_key, wrong_version };
	espprov_result want[] = { ESPPROV_ERR_PROOF, ESPPROV_ERR_PROOF, ESPPROV_ERR_DEVICE, ESPPROV_ERR_MALFORMED,
				  ESPPROV_ERR_MALFORMED };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		espprov_session *s = session(1, 0, NULL, "abcd1234");
		espprov_device *d = espprov_device_new(1, 0, NULL, "abcd1234");
		espprov_result r = handshake(s, d, cases[i]);

		cr_expect_eq(r, want[i], "case %zu: %s", i, espprov_result_str(r));
		espprov_session_free(s);
		espprov_device_free(d);
	}
}

Test(espprov_session, security2_patch0_and_patch1)
{
	for (int patch = 0; patch <= 1; patch++) {
		espprov_session *s = session(2, patch, "wifiprov", "abcd1234");
		espprov_device *d = espprov_device_new(2, patch, "wifiprov", "abcd1234");
		uint8_t c1[64], c2[64];
		size_t n1 = 0, n2 = 0;

		cr_assert_eq(handshake(s, d, NULL), ESPPROV_OK, "patch %d", patch);
		exchange_data(s, d);
		/* patch 0 reuses the device's nonce; patch 1 steps it per message */
		cr_assert_eq(espprov_encrypt(s, (const uint8_t *)"same", 4, c1, sizeof c1, &n1), ESPPROV_OK);
		cr_assert_eq(espprov_encrypt(s, (const uint8_t *)"same", 4, c2, sizeof c2, &n2), ESPPROV_OK);
		cr_assert_eq(n1, 20);
		if (patch == 0)
			cr_expect_arr_eq(c1, c2, n1);
		else
			cr_expect(memcmp(c1, c2, n1) != 0);
		espprov_session_free(s);
		espprov_device_free(d);
	}
}

/** The device's B, checked to be shorter than N (it came unpadded). */
static void expect_short_B(SessionData *a)
{
	if (a->sec2->payload_case == SEC2_PAYLOAD__PAYLOAD_SR0)
		cr_expect_lt(a->sec2->sr0->device_pubkey.len, 384);
}

Test(espprov_session, security2_device_B_with_a_leading_zero)
{
	espprov_session *s = session(2, 1, "wifiprov", "abcd1234");
	espprov_device *d = espprov_device_new(2, 1, "wifiprov", "abcd1234");

	/* u pads B to N's length, M hashes B as the device sent it */
	espprov_device_short_B(d);
	cr_assert_eq(handshake(s, d, expect_short_B), ESPPROV_OK);
	exchange_data(s, d);
	espprov_session_free(s);
	espprov_device_free(d);
}

Test(espprov_session, security2_patch1_tampered_answer_fails_auth)
{
	espprov_session *s = session(2, 1, "wifiprov", "abcd1234");
	espprov_device *d = espprov_device_new(2, 1, "wifiprov", "abcd1234");
	uint8_t wire[64], plain[64];
	size_t n = 0;
	long m;

	cr_assert_eq(handshake(s, d, NULL), ESPPROV_OK);
	m = espprov_device_encrypt(d, (const uint8_t *)"status", 6, wire);
	cr_assert_eq(m, 22);
	wire[2] ^= 4;
	cr_expect_eq(espprov_decrypt(s, wire, (size_t)m, plain, sizeof plain, &n), ESPPROV_ERR_AUTH);
	cr_expect_eq(espprov_decrypt(s, wire, 10, plain, sizeof plain, &n), ESPPROV_ERR_MALFORMED);
	espprov_session_free(s);
	espprov_device_free(d);
}

Test(espprov_session, security2_wrong_password_is_refused_proof)
{
	espprov_session *s = session(2, 1, "wifiprov", "abcd1235");
	espprov_device *d = espprov_device_new(2, 1, "wifiprov", "abcd1234");

	cr_expect_eq(handshake(s, d, NULL), ESPPROV_ERR_PROOF);
	espprov_session_free(s);
	espprov_device_free(d);
}

/** Security 2's device proof (M2), one bit off: a device that does not know
 *  the password but answers anyway. */
static void sec2_false_proof(SessionData *a)
{
	if (a->sec2->payload_case == SEC2_PAYLOAD__PAYLOAD_SR1)
		a->sec2->sr1->device_proof.data[63] ^= 0x10;
}

/** The device's first answer comes with B = 0. */
static void sec2_zero_B(SessionData *a)
{
	if (a->sec2->payload_case == SEC2_PAYLOAD__PAYLOAD_SR0)
		memset(a->sec2->sr0->device_pubkey.data, 0, a->sec2->sr0->device_pubkey.len);
}

/** The device's answer to the proof comes with an 11-byte nonce. */
static void sec2_short_nonce(SessionData *a)
{
	if (a->sec2->payload_case == SEC2_PAYLOAD__PAYLOAD_SR1)
		a->sec2->sr1->device_nonce.len = 11;
}

/** The device's answer to the proof says InvalidSession. */
static void sec2_status_error(SessionData *a)
{
	if (a->sec2->payload_case == SEC2_PAYLOAD__PAYLOAD_SR1)
		a->sec2->sr1->status = STATUS__InvalidSession;
}

Test(espprov_session, security2_device_answers_that_fail)
{
	tamper_fn cases[] = { sec2_false_proof, sec2_zero_B, sec2_short_nonce, sec2_status_error };
	espprov_result want[] = { ESPPROV_ERR_PROOF, ESPPROV_ERR_MALFORMED, ESPPROV_ERR_MALFORMED, ESPPROV_ERR_PROOF };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		espprov_session *s = session(2, 0, "wifiprov", "abcd1234");
		espprov_device *d = espprov_device_new(2, 0, "wifiprov", "abcd1234");
		espprov_result r = handshake(s, d, cases[i]);

		cr_expect_eq(r, want[i], "case %zu: %s", i, espprov_result_str(r));
		espprov_session_free(s);
		espprov_device_free(d);
	}
}

Test(espprov_session, garbage_oversized_and_empty_answers)
{
	static const uint8_t garbage[] = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x80 };
	uint8_t *big = calloc(ESPPROV_ANSWER_MAX + 1, 1), *req = NULL;
	size_t n = 0;
	espprov_session *s;

	s = session(1, 0, NULL, "pop");
	cr_assert_eq(espprov_session_next(s, NULL, 0, &req, &n), ESPPROV_SEND);
	espprov_free(req);
	cr_expect_eq(espprov_session_next(s, garbage, sizeof garbage, &req, &n), ESPPROV_ERR_MALFORMED);
	espprov_session_free(s);

	s = session(2, 1, "u", "p");
	cr_assert_eq(espprov_session_next(s, NULL, 0, &req, &n), ESPPROV_SEND);
	espprov_free(req);
	cr_expect_eq(espprov_session_next(s, big, ESPPROV_ANSWER_MAX + 1, &req, &n), ESPPROV_ERR_TOO_LARGE);
	espprov_session_free(s);

	/* no answer to the first command: not a proof refusal */
	s = session(2, 1, "u", "p");
	cr_assert_eq(espprov_session_next(s, NULL, 0, &req, &n), ESPPROV_SEND);
	espprov_free(req);
	cr_expect_eq(espprov_session_next(s, NULL, 0, &req, &n), ESPPROV_ERR_MALFORMED);
	espprov_session_free(s);
	free(big);
}

Test(espprov_session, unsupported_versions_and_bad_arguments)
{
	espprov_session *s = NULL;

	cr_expect_eq(espprov_session_new(3, 0, NULL, 0, NULL, 0, &s), ESPPROV_ERR_UNSUPPORTED);
	cr_expect_eq(espprov_session_new(-1, 0, NULL, 0, NULL, 0, &s), ESPPROV_ERR_UNSUPPORTED);
	cr_expect_eq(espprov_session_new(2, 2, (const uint8_t *)"u", 1, (const uint8_t *)"p", 1, &s),
		     ESPPROV_ERR_UNSUPPORTED);
	cr_expect_eq(espprov_session_new(2, 0, NULL, 0, (const uint8_t *)"p", 1, &s), ESPPROV_ERR_ARG);
	cr_expect_null(s);
	cr_expect_str_eq(espprov_result_str(ESPPROV_ERR_PROOF), "proof-refused");
	cr_expect_str_eq(espprov_result_str((espprov_result)77), "unknown");
}
