/* A simulated ESP-IDF provisioning device's session side (see
 * espprov_device.h). The SRP server follows ESP-IDF's esp_srp: B = k v +
 * g^b, u = H(PAD(A) | PAD(B)), S = (A v^u)^b, K = H(S) with S unpadded,
 * M = H(H(N) xor H(PAD(g)) | H(I) | s | A | B | K) with B unpadded, and
 * the answer H(A | M | K). */
#include "tests/support/espprov_device.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "espprov_crypto.h"
#include "espprov_srp.h"
#include "session.pb-c.h"

/** The device's state for one session. */
struct espprov_device {
	int sec_ver, patch_ver;
	char user[64], secret[64];
	bool has_secret;
	/* security 1 */
	uint8_t pub[32], cli_pub[32];
	espprov_ctr *ctr;
	/* security 2 */
	BN_CTX *ctx;
	BIGNUM *N, *g, *v, *b, *A, *B;
	uint8_t salt[16];
	uint8_t A_bytes[384], B_bytes[384];
	int B_len;
	uint8_t K[64];
	uint8_t nonce[16];
	size_t nonce_len; /* 16 with patch 0, as the firmware of the time; 12 with patch 1 */
	bool done;
	bool short_B; /**< insist on a B with a leading zero byte */
};

size_t espprov_test_unhex(const char *text, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (const char *p = text; *p != '\0'; p++) {
		int v;

		if (*p == ' ' || *p == '\n')
			continue;
		if (*p >= '0' && *p <= '9')
			v = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			v = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			v = *p - 'A' + 10;
		else
			return (size_t)-1;
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= cap)
				return (size_t)-1;
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? n : (size_t)-1;
}

/** SHA-512 over up to six pieces. */
static void sha512_parts(uint8_t out[64], const void *p1, size_t l1, const void *p2, size_t l2, const void *p3,
			 size_t l3, const void *p4, size_t l4, const void *p5, size_t l5, const void *p6, size_t l6)
{
	EVP_MD_CTX *h = EVP_MD_CTX_new();

	EVP_DigestInit_ex(h, EVP_sha512(), NULL);
	EVP_DigestUpdate(h, p1, l1);
	EVP_DigestUpdate(h, p2, l2);
	EVP_DigestUpdate(h, p3, l3);
	EVP_DigestUpdate(h, p4, l4);
	EVP_DigestUpdate(h, p5, l5);
	EVP_DigestUpdate(h, p6, l6);
	EVP_DigestFinal_ex(h, out, NULL);
	EVP_MD_CTX_free(h);
}

/** The device's verifier v = g^x, x = H(s | H(I ":" P)), from a fresh salt. */
static void make_verifier(espprov_device *d)
{
	uint8_t inner[64], x[64];
	BIGNUM *xb;

	randombytes_buf(d->salt, sizeof d->salt);
	sha512_parts(inner, d->user, strlen(d->user), ":", 1, d->secret, strlen(d->secret), "", 0, "", 0, "", 0);
	sha512_parts(x, d->salt, sizeof d->salt, inner, 64, "", 0, "", 0, "", 0, "", 0);
	xb = BN_bin2bn(x, 64, NULL);
	d->v = BN_new();
	BN_mod_exp(d->v, d->g, xb, d->N, d->ctx);
	BN_free(xb);
}

espprov_device *espprov_device_new(int sec_ver, int patch_ver, const char *username, const char *secret)
{
	espprov_device *d = calloc(1, sizeof *d);
	const espprov_srp_group *grp = espprov_srp_group_esp();

	if (d == NULL || sodium_init() < 0)
		abort();
	d->sec_ver = sec_ver;
	d->patch_ver = patch_ver;
	if (username != NULL)
		snprintf(d->user, sizeof d->user, "%s", username);
	if (secret != NULL) {
		snprintf(d->secret, sizeof d->secret, "%s", secret);
		d->has_secret = secret[0] != '\0';
	}
	if (sec_ver == 2) {
		d->ctx = BN_CTX_new();
		d->N = BN_bin2bn(grp->N, (int)grp->N_len, NULL);
		d->g = BN_bin2bn(grp->g, (int)grp->g_len, NULL);
		make_verifier(d);
	}
	return d;
}

void espprov_device_short_B(espprov_device *d)
{
	d->short_B = true;
}

/** Packs an answer for the caller. */
static int answer(const SessionData *s, uint8_t **resp, size_t *resp_len)
{
	*resp_len = session_data__get_packed_size(s);
	*resp = malloc(*resp_len + 1);
	if (*resp == NULL)
		abort();
	session_data__pack(s, *resp);
	return 0;
}

/** Security 0's only exchange. */
static int sec0(espprov_device *d, const SessionData *in, uint8_t **resp, size_t *resp_len)
{
	SessionData out = SESSION_DATA__INIT;
	Sec0Payload p = SEC0_PAYLOAD__INIT;
	S0SessionResp r = S0_SESSION_RESP__INIT;

	if (in->proto_case != SESSION_DATA__PROTO_SEC0 || in->sec0->msg != SEC0_MSG_TYPE__S0_Session_Command)
		return -1;
	r.status = STATUS__Success;
	p.msg = SEC0_MSG_TYPE__S0_Session_Response;
	p.payload_case = SEC0_PAYLOAD__PAYLOAD_SR;
	p.sr = &r;
	out.sec_ver = SEC_SCHEME_VERSION__SecScheme0;
	out.proto_case = SESSION_DATA__PROTO_SEC0;
	out.sec0 = &p;
	d->done = true;
	return answer(&out, resp, resp_len);
}

/** Security 1: command 0 (key exchange) or command 1 (proofs). */
static int sec1(espprov_device *d, const SessionData *in, uint8_t **resp, size_t *resp_len)
{
	SessionData out = SESSION_DATA__INIT;
	Sec1Payload p = SEC1_PAYLOAD__INIT;
	SessionResp0 r0 = SESSION_RESP0__INIT;
	SessionResp1 r1 = SESSION_RESP1__INIT;
	uint8_t priv[32], key[32], hash[32], random[16], check[32], proof[32];

	if (in->proto_case != SESSION_DATA__PROTO_SEC1)
		return -1;
	out.sec_ver = SEC_SCHEME_VERSION__SecScheme1;
	out.proto_case = SESSION_DATA__PROTO_SEC1;
	out.sec1 = &p;
	if (in->sec1->msg == SEC1_MSG_TYPE__Session_Command0 && in->sec1->sc0 != NULL) {
		if (in->sec1->sc0->client_pubkey.len != 32 || espprov_x25519_keypair(d->pub, priv) != 0)
			return -1;
		memcpy(d->cli_pub, in->sec1->sc0->client_pubkey.data, 32);
		if (espprov_x25519(key, priv, d->cli_pub) != 0)
			return -1;
		if (d->has_secret) {
			espprov_sha256(d->secret, strlen(d->secret), hash);
			for (int i = 0; i < 32; i++)
				key[i] ^= hash[i];
		}
		randombytes_buf(random, sizeof random);
		espprov_ctr_free(d->ctr);
		d->ctr = espprov_ctr_new(key, random);
		r0.status = STATUS__Success;
		r0.device_pubkey.data = d->pub;
		r0.device_pubkey.len = 32;
		r0.device_random.data = random;
		r0.device_random.len = 16;
		p.msg = SEC1_MSG_TYPE__Session_Response0;
		p.payload_case = SEC1_PAYLOAD__PAYLOAD_SR0;
		p.sr0 = &r0;
		return answer(&out, resp, resp_len);
	}
	if (in->sec1->msg != SEC1_MSG_TYPE__Session_Command1 || in->sec1->sc1 == NULL || d->ctr == NULL ||
	    in->sec1->sc1->client_verify_data.len != 32)
		return -1;
	espprov_ctr_apply(d->ctr, in->sec1->sc1->client_verify_data.data, 32, check);
	if (memcmp(check, d->pub, 32) != 0)
		return -1; /* "Key mismatch. Close connection" */
	espprov_ctr_apply(d->ctr, d->cli_pub, 32, proof);
	r1.status = STATUS__Success;
	r1.device_verify_data.data = proof;
	r1.device_verify_data.len = 32;
	p.msg = SEC1_MSG_TYPE__Session_Response1;
	p.payload_case = SEC1_PAYLOAD__PAYLOAD_SR1;
	p.sr1 = &r1;
	d->done = true;
	return answer(&out, resp, resp_len);
}

/** Security 2, command 0: B from the verifier, then u, S and K. */
static int sec2_cmd0(espprov_device *d, const S2SessionCmd0 *c, SessionData *out, Sec2Payload *p, S2SessionResp0 *r0,
		     uint8_t **resp, size_t *resp_len)
{
	const espprov_srp_group *grp = espprov_srp_group_esp();
	uint8_t bb[32], g_pad[384] = { 0 }, B_pad[384] = { 0 }, k_hash[64], u_hash[64], S_bytes[384];
	BIGNUM *k, *t, *u, *S;
	int S_len;

	if (c->client_pubkey.len != 384 || c->client_username.len == 0 || c->client_username.len != strlen(d->user) ||
	    memcmp(c->client_username.data, d->user, strlen(d->user)) != 0)
		return -1;
	memcpy(d->A_bytes, c->client_pubkey.data, 384);
	d->A = BN_bin2bn(d->A_bytes, 384, NULL);
	g_pad[383] = grp->g[0];
	sha512_parts(k_hash, grp->N, 384, g_pad, 384, "", 0, "", 0, "", 0, "", 0);
	k = BN_bin2bn(k_hash, 64, NULL);
	d->B = BN_new();
	t = BN_new();
	BN_mod_mul(t, k, d->v, d->N, d->ctx);
	for (int tries = 0; tries < 20000; tries++) {
		randombytes_buf(bb, sizeof bb);
		BN_free(d->b);
		d->b = BN_bin2bn(bb, sizeof bb, NULL);
		BN_mod_exp(d->B, d->g, d->b, d->N, d->ctx);
		BN_mod_add(d->B, d->B, t, d->N, d->ctx);
		d->B_len = BN_bn2bin(d->B, d->B_bytes); /* minimal, as esp_mpi_to_bin gives it */
		if (!d->short_B || d->B_len < 384)
			break;
	}
	memcpy(B_pad + 384 - d->B_len, d->B_bytes, (size_t)d->B_len);
	sha512_parts(u_hash, d->A_bytes, 384, B_pad, 384, "", 0, "", 0, "", 0, "", 0);
	u = BN_bin2bn(u_hash, 64, NULL);
	S = BN_new();
	BN_mod_exp(t, d->v, u, d->N, d->ctx);
	BN_mod_mul(t, d->A, t, d->N, d->ctx);
	BN_mod_exp(S, t, d->b, d->N, d->ctx);
	S_len = BN_bn2bin(S, S_bytes);
	sha512_parts(d->K, S_bytes, (size_t)S_len, "", 0, "", 0, "", 0, "", 0, "", 0);
	BN_free(k);
	BN_free(t);
	BN_free(u);
	BN_free(S);

	r0->status = STATUS__Success;
	r0->device_pubkey.data = d->B_bytes;
	r0->device_pubkey.len = (size_t)d->B_len;
	r0->device_salt.data = d->salt;
	r0->device_salt.len = sizeof d->salt;
	p->msg = SEC2_MSG_TYPE__S2Session_Response0;
	p->payload_case = SEC2_PAYLOAD__PAYLOAD_SR0;
	p->sr0 = r0;
	return answer(out, resp, resp_len);
}

/** Security 2, command 1: checks M, answers H(A | M | K) and the nonce. */
static int sec2_cmd1(espprov_device *d, const S2SessionCmd1 *c, SessionData *out, Sec2Payload *p, S2SessionResp1 *r1,
		     uint8_t **resp, size_t *resp_len)
{
	const espprov_srp_group *grp = espprov_srp_group_esp();
	uint8_t hn[64], hg[64], hi[64], g_pad[384] = { 0 }, m[64], m2[64];

	if (d->B == NULL || c->client_proof.len != 64)
		return -1;
	g_pad[383] = grp->g[0];
	sha512_parts(hn, grp->N, 384, "", 0, "", 0, "", 0, "", 0, "", 0);
	sha512_parts(hg, g_pad, 384, "", 0, "", 0, "", 0, "", 0, "", 0);
	sha512_parts(hi, d->user, strlen(d->user), "", 0, "", 0, "", 0, "", 0, "", 0);
	for (int i = 0; i < 64; i++)
		hn[i] ^= hg[i];
	sha512_parts(m, hn, 64, hi, 64, d->salt, sizeof d->salt, d->A_bytes, 384, d->B_bytes, (size_t)d->B_len, d->K, 64);
	if (memcmp(m, c->client_proof.data, 64) != 0)
		return -1; /* "Failed to authenticate client proof!" */
	sha512_parts(m2, d->A_bytes, 384, m, 64, d->K, 64, "", 0, "", 0, "", 0);
	d->nonce_len = d->patch_ver >= 1 ? 12 : 16;
	randombytes_buf(d->nonce, d->nonce_len);
	if (d->patch_ver >= 1) {
		d->nonce[8] = 0;
		d->nonce[9] = 0;
		d->nonce[10] = 0;
		d->nonce[11] = 1;
	}
	r1->status = STATUS__Success;
	r1->device_proof.data = m2;
	r1->device_proof.len = 64;
	r1->device_nonce.data = d->nonce;
	r1->device_nonce.len = d->nonce_len;
	p->msg = SEC2_MSG_TYPE__S2Session_Response1;
	p->payload_case = SEC2_PAYLOAD__PAYLOAD_SR1;
	p->sr1 = r1;
	d->done = true;
	return answer(out, resp, resp_len);
}

/** Security 2: one of the two commands. */
static int sec2(espprov_device *d, const SessionData *in, uint8_t **resp, size_t *resp_len)
{
	SessionData out = SESSION_DATA__INIT;
	Sec2Payload p = SEC2_PAYLOAD__INIT;
	S2SessionResp0 r0 = S2_SESSION_RESP0__INIT;
	S2SessionResp1 r1 = S2_SESSION_RESP1__INIT;

	if (in->proto_case != SESSION_DATA__PROTO_SEC2)
		return -1;
	out.sec_ver = SEC_SCHEME_VERSION__SecScheme2;
	out.proto_case = SESSION_DATA__PROTO_SEC2;
	out.sec2 = &p;
	if (in->sec2->msg == SEC2_MSG_TYPE__S2Session_Command0 && in->sec2->sc0 != NULL)
		return sec2_cmd0(d, in->sec2->sc0, &out, &p, &r0, resp, resp_len);
	if (in->sec2->msg == SEC2_MSG_TYPE__S2Session_Command1 && in->sec2->sc1 != NULL)
		return sec2_cmd1(d, in->sec2->sc1, &out, &p, &r1, resp, resp_len);
	return -1;
}

int espprov_device_session(espprov_device *d, const uint8_t *req, size_t len, uint8_t **resp, size_t *resp_len)
{
	SessionData *in = session_data__unpack(NULL, len, req);
	int r = -1;

	*resp = NULL;
	*resp_len = 0;
	if (in == NULL)
		return -1;
	if ((int)in->sec_ver == d->sec_ver) {
		if (d->sec_ver == 0)
			r = sec0(d, in, resp, resp_len);
		else if (d->sec_ver == 1)
			r = sec1(d, in, resp, resp_len);
		else
			r = sec2(d, in, resp, resp_len);
	}
	session_data__free_unpacked(in, NULL);
	return r;
}

/** Steps a patch-1 nonce's big-endian counter. */
static void device_nonce_step(espprov_device *d)
{
	uint32_t c = (uint32_t)d->nonce[8] << 24 | (uint32_t)d->nonce[9] << 16 | (uint32_t)d->nonce[10] << 8 |
		     d->nonce[11];

	c++;
	d->nonce[8] = (uint8_t)(c >> 24);
	d->nonce[9] = (uint8_t)(c >> 16);
	d->nonce[10] = (uint8_t)(c >> 8);
	d->nonce[11] = (uint8_t)c;
}

long espprov_device_encrypt(espprov_device *d, const uint8_t *in, size_t len, uint8_t *out)
{
	if (!d->done)
		return -1;
	if (d->sec_ver == 0) {
		memcpy(out, in, len);
		return (long)len;
	}
	if (d->sec_ver == 1)
		return espprov_ctr_apply(d->ctr, in, len, out) == 0 ? (long)len : -1;
	if (espprov_gcm_seal(d->K, d->nonce, d->nonce_len, in, len, out) != 0)
		return -1;
	if (d->patch_ver >= 1)
		device_nonce_step(d);
	return (long)len + 16;
}

long espprov_device_decrypt(espprov_device *d, const uint8_t *in, size_t len, uint8_t *out)
{
	if (!d->done)
		return -1;
	if (d->sec_ver == 0) {
		memcpy(out, in, len);
		return (long)len;
	}
	if (d->sec_ver == 1)
		return espprov_ctr_apply(d->ctr, in, len, out) == 0 ? (long)len : -1;
	if (len < 16 || espprov_gcm_open(d->K, d->nonce, d->nonce_len, in, len, out) != 0)
		return -1;
	if (d->patch_ver >= 1)
		device_nonce_step(d);
	return (long)len - 16;
}

void espprov_device_free(espprov_device *d)
{
	if (d == NULL)
		return;
	espprov_ctr_free(d->ctr);
	BN_CTX_free(d->ctx);
	BN_free(d->N);
	BN_free(d->g);
	BN_free(d->v);
	BN_free(d->b);
	BN_free(d->A);
	BN_free(d->B);
	free(d);
}
