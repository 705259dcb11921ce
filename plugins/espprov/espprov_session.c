/* Security 0, 1 and 2 session state machines over protobuf-c's SessionData
 * (proto/session.proto); the protocol is summed up in espprov_session.h. */
#include "espprov_session.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "espprov_crypto.h"
#include "espprov_srp.h"
#include "session.pb-c.h"

/** Where a session is. */
typedef enum session_state {
	ST_START,      /**< nothing sent yet */
	ST_WAIT_RESP0, /**< command 0 sent */
	ST_WAIT_RESP1, /**< command 1 (the proof) sent */
	ST_DONE,       /**< established */
	ST_FAILED,     /**< an error ended it */
} session_state;

/** The session; the struct lives in sodium_malloc memory (it holds the
 *  secrets and the keys). */
struct espprov_session {
	int sec_ver;
	int patch_ver;
	session_state state;
	uint8_t user[ESPPROV_SECRET_MAX];
	size_t user_len;
	uint8_t secret[ESPPROV_SECRET_MAX];
	size_t secret_len;
	/* security 1 */
	uint8_t cli_priv[ESPPROV_X25519_LEN];
	uint8_t cli_pub[ESPPROV_X25519_LEN];
	espprov_ctr *ctr;
	/* security 2 */
	espprov_srp_client *srp;
	uint8_t gcm_key[ESPPROV_AES_KEY_LEN];
	uint8_t nonce[ESPPROV_GCM_NONCE_MAX];
	size_t nonce_len; /**< 12; patch 0 firmware may send 16 */
};

espprov_result espprov_session_new(int sec_ver, int patch_ver, const uint8_t *username, size_t username_len,
				   const uint8_t *secret, size_t secret_len, espprov_session **out)
{
	espprov_session *s;

	if (out == NULL || username_len > ESPPROV_SECRET_MAX || secret_len > ESPPROV_SECRET_MAX ||
	    (username_len > 0 && username == NULL) || (secret_len > 0 && secret == NULL))
		return ESPPROV_ERR_ARG;
	*out = NULL;
	if (sec_ver < 0 || sec_ver > 2 || (sec_ver == 2 && (patch_ver < 0 || patch_ver > 1)))
		return ESPPROV_ERR_UNSUPPORTED;
	if (sec_ver == 2 && (username_len == 0 || secret_len == 0))
		return ESPPROV_ERR_ARG;
	if (sodium_init() < 0)
		return ESPPROV_ERR_CRYPTO;
	s = sodium_malloc(sizeof *s);
	if (s == NULL)
		return ESPPROV_ERR_NOMEM;
	memset(s, 0, sizeof *s);
	s->sec_ver = sec_ver;
	s->patch_ver = patch_ver;
	s->state = ST_START;
	if (username_len > 0)
		memcpy(s->user, username, username_len);
	s->user_len = username_len;
	if (secret_len > 0)
		memcpy(s->secret, secret, secret_len);
	s->secret_len = secret_len;
	*out = s;
	return ESPPROV_OK;
}

/** Packs d into a fresh secret-memory buffer for the caller. */
static espprov_result pack(const SessionData *d, uint8_t **req, size_t *req_len)
{
	size_t n = session_data__get_packed_size(d);
	uint8_t *buf = sodium_malloc(n > 0 ? n : 1);

	if (buf == NULL)
		return ESPPROV_ERR_NOMEM;
	*req_len = session_data__pack(d, buf);
	*req = buf;
	return ESPPROV_SEND;
}

/** Unpacks a device answer and checks that it is of this session's security
 *  version; NULL when it is not. */
static SessionData *unpack(const espprov_session *s, const uint8_t *resp, size_t len)
{
	SessionData *d = session_data__unpack(NULL, len, resp);
	static const SessionData__ProtoCase cases[] = { SESSION_DATA__PROTO_SEC0, SESSION_DATA__PROTO_SEC1,
							SESSION_DATA__PROTO_SEC2 };

	if (d != NULL && ((int)d->sec_ver != s->sec_ver || d->proto_case != cases[s->sec_ver])) {
		session_data__free_unpacked(d, NULL);
		d = NULL;
	}
	return d;
}

/** Security 0: the one command, or the check of its answer. */
static espprov_result step_sec0(espprov_session *s, const uint8_t *resp, size_t len, uint8_t **req, size_t *req_len)
{
	SessionData d = SESSION_DATA__INIT, *a;
	Sec0Payload p = SEC0_PAYLOAD__INIT;
	S0SessionCmd cmd = S0_SESSION_CMD__INIT;
	espprov_result r;

	if (s->state == ST_START) {
		p.msg = SEC0_MSG_TYPE__S0_Session_Command;
		p.payload_case = SEC0_PAYLOAD__PAYLOAD_SC;
		p.sc = &cmd;
		d.sec_ver = SEC_SCHEME_VERSION__SecScheme0;
		d.proto_case = SESSION_DATA__PROTO_SEC0;
		d.sec0 = &p;
		r = pack(&d, req, req_len);
		if (r == ESPPROV_SEND)
			s->state = ST_WAIT_RESP0;
		return r;
	}
	a = unpack(s, resp, len);
	if (a == NULL || a->sec0->msg != SEC0_MSG_TYPE__S0_Session_Response ||
	    a->sec0->payload_case != SEC0_PAYLOAD__PAYLOAD_SR || a->sec0->sr == NULL)
		r = ESPPROV_ERR_MALFORMED;
	else if (a->sec0->sr->status != STATUS__Success)
		r = ESPPROV_ERR_DEVICE;
	else
		r = ESPPROV_OK;
	if (a != NULL)
		session_data__free_unpacked(a, NULL);
	return r;
}

/** Security 1, command 0: the client's public key. */
static espprov_result sec1_cmd0(espprov_session *s, uint8_t **req, size_t *req_len)
{
	SessionData d = SESSION_DATA__INIT;
	Sec1Payload p = SEC1_PAYLOAD__INIT;
	SessionCmd0 cmd = SESSION_CMD0__INIT;

	if (espprov_x25519_keypair(s->cli_pub, s->cli_priv) != 0)
		return ESPPROV_ERR_CRYPTO;
	cmd.client_pubkey.data = s->cli_pub;
	cmd.client_pubkey.len = sizeof s->cli_pub;
	p.msg = SEC1_MSG_TYPE__Session_Command0;
	p.payload_case = SEC1_PAYLOAD__PAYLOAD_SC0;
	p.sc0 = &cmd;
	d.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
	d.proto_case = SESSION_DATA__PROTO_SEC1;
	d.sec1 = &p;
	return pack(&d, req, req_len);
}

/** Security 1, answer 0 to command 1: derives the key, starts the stream
 *  and encrypts the device's public key as the client's proof. */
static espprov_result sec1_cmd1(espprov_session *s, const SessionResp0 *r0, uint8_t **req, size_t *req_len)
{
	SessionData d = SESSION_DATA__INIT;
	Sec1Payload p = SEC1_PAYLOAD__INIT;
	SessionCmd1 cmd = SESSION_CMD1__INIT;
	uint8_t key[ESPPROV_X25519_LEN], pop_hash[ESPPROV_SHA256_LEN], proof[ESPPROV_X25519_LEN];
	espprov_result r = ESPPROV_ERR_CRYPTO;

	if (r0->device_pubkey.len != ESPPROV_X25519_LEN || r0->device_random.len != ESPPROV_CTR_IV_LEN)
		return ESPPROV_ERR_MALFORMED;
	if (espprov_x25519(key, s->cli_priv, r0->device_pubkey.data) != 0) {
		r = ESPPROV_ERR_MALFORMED; /* a low-order point: no key at all */
		goto out;
	}
	if (s->secret_len > 0) {
		if (espprov_sha256(s->secret, s->secret_len, pop_hash) != 0)
			goto out;
		for (size_t i = 0; i < sizeof key; i++)
			key[i] ^= pop_hash[i];
	}
	s->ctr = espprov_ctr_new(key, r0->device_random.data);
	if (s->ctr == NULL || espprov_ctr_apply(s->ctr, r0->device_pubkey.data, sizeof proof, proof) != 0)
		goto out;
	cmd.client_verify_data.data = proof;
	cmd.client_verify_data.len = sizeof proof;
	p.msg = SEC1_MSG_TYPE__Session_Command1;
	p.payload_case = SEC1_PAYLOAD__PAYLOAD_SC1;
	p.sc1 = &cmd;
	d.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
	d.proto_case = SESSION_DATA__PROTO_SEC1;
	d.sec1 = &p;
	r = pack(&d, req, req_len);
out:
	sodium_memzero(key, sizeof key);
	sodium_memzero(pop_hash, sizeof pop_hash);
	return r;
}

/** Security 1, answer 1: the device's proof decrypts to our public key. */
static espprov_result sec1_check(espprov_session *s, const SessionResp1 *r1)
{
	uint8_t plain[ESPPROV_X25519_LEN];
	espprov_result r;

	if (r1->status != STATUS__Success)
		return ESPPROV_ERR_PROOF;
	if (r1->device_verify_data.len != sizeof plain)
		return ESPPROV_ERR_MALFORMED;
	if (espprov_ctr_apply(s->ctr, r1->device_verify_data.data, sizeof plain, plain) != 0)
		return ESPPROV_ERR_CRYPTO;
	r = sodium_memcmp(plain, s->cli_pub, sizeof plain) == 0 ? ESPPROV_OK : ESPPROV_ERR_PROOF;
	sodium_memzero(plain, sizeof plain);
	return r;
}

/** Security 1: one step. */
static espprov_result step_sec1(espprov_session *s, const uint8_t *resp, size_t len, uint8_t **req, size_t *req_len)
{
	SessionData *a;
	Sec1Payload *p;
	espprov_result r = ESPPROV_ERR_MALFORMED;

	if (s->state == ST_START) {
		r = sec1_cmd0(s, req, req_len);
		if (r == ESPPROV_SEND)
			s->state = ST_WAIT_RESP0;
		return r;
	}
	a = unpack(s, resp, len);
	if (a == NULL)
		return ESPPROV_ERR_MALFORMED;
	p = a->sec1;
	if (s->state == ST_WAIT_RESP0 && p->msg == SEC1_MSG_TYPE__Session_Response0 &&
	    p->payload_case == SEC1_PAYLOAD__PAYLOAD_SR0 && p->sr0 != NULL) {
		if (p->sr0->status != STATUS__Success)
			r = ESPPROV_ERR_DEVICE;
		else
			r = sec1_cmd1(s, p->sr0, req, req_len);
		if (r == ESPPROV_SEND)
			s->state = ST_WAIT_RESP1;
	} else if (s->state == ST_WAIT_RESP1 && p->msg == SEC1_MSG_TYPE__Session_Response1 &&
		   p->payload_case == SEC1_PAYLOAD__PAYLOAD_SR1 && p->sr1 != NULL) {
		r = sec1_check(s, p->sr1);
	}
	session_data__free_unpacked(a, NULL);
	return r;
}

/** Security 2, command 0: the username and A. */
static espprov_result sec2_cmd0(espprov_session *s, uint8_t **req, size_t *req_len)
{
	SessionData d = SESSION_DATA__INIT;
	Sec2Payload p = SEC2_PAYLOAD__INIT;
	S2SessionCmd0 cmd = S2_SESSION_CMD0__INIT;
	uint8_t A[ESPPROV_SRP_MAX_N];
	size_t A_len = 0;

	s->srp = espprov_srp_client_new(espprov_srp_group_esp(), s->user, s->user_len, s->secret, s->secret_len);
	if (s->srp == NULL || espprov_srp_client_public(s->srp, A, sizeof A, &A_len) != 0)
		return ESPPROV_ERR_CRYPTO;
	cmd.client_username.data = s->user;
	cmd.client_username.len = s->user_len;
	cmd.client_pubkey.data = A;
	cmd.client_pubkey.len = A_len;
	p.msg = SEC2_MSG_TYPE__S2Session_Command0;
	p.payload_case = SEC2_PAYLOAD__PAYLOAD_SC0;
	p.sc0 = &cmd;
	d.sec_ver = SEC_SCHEME_VERSION__SecScheme2;
	d.proto_case = SESSION_DATA__PROTO_SEC2;
	d.sec2 = &p;
	return pack(&d, req, req_len);
}

/** Security 2, answer 0 to command 1: SRP with the device's salt and B,
 *  then the client's proof M1. */
static espprov_result sec2_cmd1(espprov_session *s, const S2SessionResp0 *r0, uint8_t **req, size_t *req_len)
{
	SessionData d = SESSION_DATA__INIT;
	Sec2Payload p = SEC2_PAYLOAD__INIT;
	S2SessionCmd1 cmd = S2_SESSION_CMD1__INIT;
	const uint8_t *m1;
	size_t m1_len = 0;
	int rc;

	if (r0->device_pubkey.len == 0 || r0->device_salt.len == 0)
		return ESPPROV_ERR_MALFORMED;
	rc = espprov_srp_client_process(s->srp, r0->device_salt.data, r0->device_salt.len, r0->device_pubkey.data,
					r0->device_pubkey.len);
	if (rc != 0)
		return rc == -1 ? ESPPROV_ERR_MALFORMED : ESPPROV_ERR_CRYPTO;
	m1 = espprov_srp_client_proof(s->srp, &m1_len);
	cmd.client_proof.data = (uint8_t *)m1;
	cmd.client_proof.len = m1_len;
	p.msg = SEC2_MSG_TYPE__S2Session_Command1;
	p.payload_case = SEC2_PAYLOAD__PAYLOAD_SC1;
	p.sc1 = &cmd;
	d.sec_ver = SEC_SCHEME_VERSION__SecScheme2;
	d.proto_case = SESSION_DATA__PROTO_SEC2;
	d.sec2 = &p;
	return pack(&d, req, req_len);
}

/** Security 2, answer 1: the device's proof, then the GCM key and nonce. */
static espprov_result sec2_check(espprov_session *s, const S2SessionResp1 *r1)
{
	const uint8_t *K;
	size_t K_len = 0;

	if (r1->status != STATUS__Success)
		return ESPPROV_ERR_PROOF;
	/* patch 1: 8 bytes of session id and a counter; patch 0: the firmware of
	 * the time sent a random 16-byte nonce (later ones 12 bytes) */
	if (r1->device_proof.len != ESPPROV_SRP_MAX_HASH ||
	    (r1->device_nonce.len != ESPPROV_GCM_NONCE_LEN &&
	     (s->patch_ver >= 1 || r1->device_nonce.len != ESPPROV_GCM_NONCE_MAX)))
		return ESPPROV_ERR_MALFORMED;
	if (espprov_srp_client_verify(s->srp, r1->device_proof.data, r1->device_proof.len) != 0)
		return ESPPROV_ERR_PROOF;
	K = espprov_srp_client_key(s->srp, &K_len);
	if (K == NULL || K_len < sizeof s->gcm_key)
		return ESPPROV_ERR_CRYPTO;
	memcpy(s->gcm_key, K, sizeof s->gcm_key);
	memcpy(s->nonce, r1->device_nonce.data, r1->device_nonce.len);
	s->nonce_len = r1->device_nonce.len;
	espprov_srp_client_free(s->srp);
	s->srp = NULL;
	return ESPPROV_OK;
}

/** Security 2: one step. */
static espprov_result step_sec2(espprov_session *s, const uint8_t *resp, size_t len, uint8_t **req, size_t *req_len)
{
	SessionData *a;
	Sec2Payload *p;
	espprov_result r = ESPPROV_ERR_MALFORMED;

	if (s->state == ST_START) {
		r = sec2_cmd0(s, req, req_len);
		if (r == ESPPROV_SEND)
			s->state = ST_WAIT_RESP0;
		return r;
	}
	a = unpack(s, resp, len);
	if (a == NULL)
		return ESPPROV_ERR_MALFORMED;
	p = a->sec2;
	if (s->state == ST_WAIT_RESP0 && p->msg == SEC2_MSG_TYPE__S2Session_Response0 &&
	    p->payload_case == SEC2_PAYLOAD__PAYLOAD_SR0 && p->sr0 != NULL) {
		if (p->sr0->status != STATUS__Success)
			r = ESPPROV_ERR_DEVICE;
		else
			r = sec2_cmd1(s, p->sr0, req, req_len);
		if (r == ESPPROV_SEND)
			s->state = ST_WAIT_RESP1;
	} else if (s->state == ST_WAIT_RESP1 && p->msg == SEC2_MSG_TYPE__S2Session_Response1 &&
		   p->payload_case == SEC2_PAYLOAD__PAYLOAD_SR1 && p->sr1 != NULL) {
		r = sec2_check(s, p->sr1);
	}
	session_data__free_unpacked(a, NULL);
	return r;
}

espprov_result espprov_session_next(espprov_session *s, const uint8_t *resp, size_t len, uint8_t **req, size_t *req_len)
{
	espprov_result r;

	if (s == NULL || req == NULL || req_len == NULL || (len > 0 && resp == NULL))
		return ESPPROV_ERR_ARG;
	*req = NULL;
	*req_len = 0;
	if (s->state == ST_DONE || s->state == ST_FAILED)
		return ESPPROV_ERR_STATE;
	if (s->state == ST_START && len > 0)
		return ESPPROV_ERR_ARG;
	if (len > ESPPROV_ANSWER_MAX)
		r = ESPPROV_ERR_TOO_LARGE;
	else if (s->state != ST_START && len == 0)
		/* protocomm answers a refused proof with nothing */
		r = s->state == ST_WAIT_RESP1 ? ESPPROV_ERR_PROOF : ESPPROV_ERR_MALFORMED;
	else if (s->sec_ver == 0)
		r = step_sec0(s, resp, len, req, req_len);
	else if (s->sec_ver == 1)
		r = step_sec1(s, resp, len, req, req_len);
	else
		r = step_sec2(s, resp, len, req, req_len);
	if (r == ESPPROV_OK) {
		s->state = ST_DONE;
	} else if (r != ESPPROV_SEND) {
		s->state = ST_FAILED;
		espprov_srp_client_free(s->srp);
		s->srp = NULL;
	}
	return r;
}

size_t espprov_session_overhead(const espprov_session *s)
{
	return s != NULL && s->sec_ver == 2 ? ESPPROV_GCM_TAG_LEN : 0;
}

/** Steps a patch-1 nonce's big-endian counter (its last 4 bytes). */
static void nonce_step(uint8_t nonce[ESPPROV_GCM_NONCE_LEN])
{
	for (size_t i = ESPPROV_GCM_NONCE_LEN; i > ESPPROV_GCM_NONCE_LEN - 4; i--) {
		nonce[i - 1]++;
		if (nonce[i - 1] != 0)
			break;
	}
}

/** Whether a patch-1 nonce's counter has run out (wrapped to zero). */
static bool nonce_spent(const espprov_session *s)
{
	static const uint8_t zero[4];

	return s->patch_ver >= 1 && memcmp(s->nonce + ESPPROV_GCM_NONCE_LEN - 4, zero, 4) == 0;
}

/** Checks the common preconditions of encrypt and decrypt. */
static espprov_result crypt_check(const espprov_session *s, const uint8_t *in, size_t len, const uint8_t *out,
				  size_t *out_len)
{
	if (s == NULL || out == NULL || out_len == NULL || (len > 0 && in == NULL))
		return ESPPROV_ERR_ARG;
	if (s->state != ST_DONE)
		return ESPPROV_ERR_STATE;
	if (len > ESPPROV_ANSWER_MAX)
		return ESPPROV_ERR_TOO_LARGE;
	if (s->sec_ver == 2 && nonce_spent(s))
		return ESPPROV_ERR_STATE;
	return ESPPROV_OK;
}

espprov_result espprov_encrypt(espprov_session *s, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
			       size_t *out_len)
{
	espprov_result r = crypt_check(s, in, len, out, out_len);

	if (r != ESPPROV_OK)
		return r;
	if (cap < len + espprov_session_overhead(s))
		return ESPPROV_ERR_ARG;
	if (s->sec_ver == 0) {
		if (len > 0)
			memmove(out, in, len);
	} else if (s->sec_ver == 1) {
		if (espprov_ctr_apply(s->ctr, in, len, out) != 0)
			return ESPPROV_ERR_CRYPTO;
	} else {
		if (espprov_gcm_seal(s->gcm_key, s->nonce, s->nonce_len, in, len, out) != 0)
			return ESPPROV_ERR_CRYPTO;
		if (s->patch_ver >= 1)
			nonce_step(s->nonce);
	}
	*out_len = len + espprov_session_overhead(s);
	return ESPPROV_OK;
}

espprov_result espprov_decrypt(espprov_session *s, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
			       size_t *out_len)
{
	espprov_result r = crypt_check(s, in, len, out, out_len);

	if (r != ESPPROV_OK)
		return r;
	if (len < espprov_session_overhead(s))
		return ESPPROV_ERR_MALFORMED;
	if (cap < len - espprov_session_overhead(s))
		return ESPPROV_ERR_ARG;
	if (s->sec_ver == 0) {
		if (len > 0)
			memmove(out, in, len);
	} else if (s->sec_ver == 1) {
		if (espprov_ctr_apply(s->ctr, in, len, out) != 0)
			return ESPPROV_ERR_CRYPTO;
	} else {
		if (espprov_gcm_open(s->gcm_key, s->nonce, s->nonce_len, in, len, out) != 0)
			return ESPPROV_ERR_AUTH;
		if (s->patch_ver >= 1)
			nonce_step(s->nonce);
	}
	*out_len = len - espprov_session_overhead(s);
	return ESPPROV_OK;
}

void espprov_session_free(espprov_session *s)
{
	if (s == NULL)
		return;
	espprov_ctr_free(s->ctr);
	espprov_srp_client_free(s->srp);
	sodium_free(s); /* wipes the secrets and keys */
}
