/* SRP-6a client on OpenSSL's big numbers (constant-time exponentiation for
 * every secret exponent) and EVP digests; the formulas are in espprov_srp.h. */
#include "espprov_srp.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

/** RFC 5054 Appendix A, the 3072-bit group's prime (the same as RFC 3526's
 *  group 15), big-endian. */
static const uint8_t esp_N[384] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2, 0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6,
	0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1, 0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
	0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd, 0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a,
	0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d, 0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
	0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9, 0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff,
	0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed, 0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
	0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe4, 0x5b, 0x3d, 0xc2, 0x00, 0x7c, 0xb8, 0xa1, 0x63,
	0xbf, 0x05, 0x98, 0xda, 0x48, 0x36, 0x1c, 0x55, 0xd3, 0x9a, 0x69, 0x16, 0x3f, 0xa8, 0xfd, 0x24, 0xcf, 0x5f,
	0x83, 0x65, 0x5d, 0x23, 0xdc, 0xa3, 0xad, 0x96, 0x1c, 0x62, 0xf3, 0x56, 0x20, 0x85, 0x52, 0xbb, 0x9e, 0xd5,
	0x29, 0x07, 0x70, 0x96, 0x96, 0x6d, 0x67, 0x0c, 0x35, 0x4e, 0x4a, 0xbc, 0x98, 0x04, 0xf1, 0x74, 0x6c, 0x08,
	0xca, 0x18, 0x21, 0x7c, 0x32, 0x90, 0x5e, 0x46, 0x2e, 0x36, 0xce, 0x3b, 0xe3, 0x9e, 0x77, 0x2c, 0x18, 0x0e,
	0x86, 0x03, 0x9b, 0x27, 0x83, 0xa2, 0xec, 0x07, 0xa2, 0x8f, 0xb5, 0xc5, 0x5d, 0xf0, 0x6f, 0x4c, 0x52, 0xc9,
	0xde, 0x2b, 0xcb, 0xf6, 0x95, 0x58, 0x17, 0x18, 0x39, 0x95, 0x49, 0x7c, 0xea, 0x95, 0x6a, 0xe5, 0x15, 0xd2,
	0x26, 0x18, 0x98, 0xfa, 0x05, 0x10, 0x15, 0x72, 0x8e, 0x5a, 0x8a, 0xaa, 0xc4, 0x2d, 0xad, 0x33, 0x17, 0x0d,
	0x04, 0x50, 0x7a, 0x33, 0xa8, 0x55, 0x21, 0xab, 0xdf, 0x1c, 0xba, 0x64, 0xec, 0xfb, 0x85, 0x04, 0x58, 0xdb,
	0xef, 0x0a, 0x8a, 0xea, 0x71, 0x57, 0x5d, 0x06, 0x0c, 0x7d, 0xb3, 0x97, 0x0f, 0x85, 0xa6, 0xe1, 0xe4, 0xc7,
	0xab, 0xf5, 0xae, 0x8c, 0xdb, 0x09, 0x33, 0xd7, 0x1e, 0x8c, 0x94, 0xe0, 0x4a, 0x25, 0x61, 0x9d, 0xce, 0xe3,
	0xd2, 0x26, 0x1a, 0xd2, 0xee, 0x6b, 0xf1, 0x2f, 0xfa, 0x06, 0xd9, 0x8a, 0x08, 0x64, 0xd8, 0x76, 0x02, 0x73,
	0x3e, 0xc8, 0x6a, 0x64, 0x52, 0x1f, 0x2b, 0x18, 0x17, 0x7b, 0x20, 0x0c, 0xbb, 0xe1, 0x17, 0x57, 0x7a, 0x61,
	0x5d, 0x6c, 0x77, 0x09, 0x88, 0xc0, 0xba, 0xd9, 0x46, 0xe2, 0x08, 0xe2, 0x4f, 0xa0, 0x74, 0xe5, 0xab, 0x31,
	0x43, 0xdb, 0x5b, 0xfc, 0xe0, 0xfd, 0x10, 0x8e, 0x4b, 0x82, 0xd1, 0x20, 0xa9, 0x3a, 0xd2, 0xca, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
static const uint8_t esp_g[1] = { 5 };
static const espprov_srp_group esp_group = {
	.N = esp_N, .N_len = sizeof esp_N, .g = esp_g, .g_len = sizeof esp_g, .hash = ESPPROV_SRP_SHA512
};

/** Bytes of the client's random secret a (256 bits, RFC 5054 2.5.3's minimum). */
#define SRP_A_SECRET_LEN 32u

/** The client's state. The struct itself is in sodium_malloc memory (it
 *  holds H(I:P), K and the proofs); the big numbers are cleared on free. */
struct espprov_srp_client {
	const espprov_srp_group *group;
	const EVP_MD *md;
	size_t hlen;
	BN_CTX *ctx;
	BIGNUM *N, *g, *k, *a, *A, *x, *u, *S;
	uint8_t hash_ip[ESPPROV_SRP_MAX_HASH]; /**< H(I | ":" | P) */
	uint8_t hash_i[ESPPROV_SRP_MAX_HASH];  /**< H(I) */
	uint8_t A_pad[ESPPROV_SRP_MAX_N];
	uint8_t K[ESPPROV_SRP_MAX_HASH];
	uint8_t M1[ESPPROV_SRP_MAX_HASH];
	uint8_t M2[ESPPROV_SRP_MAX_HASH];
	bool processed;
};

/** One piece of a hash input: len bytes, left-padded with zeros to pad_to
 *  bytes when pad_to is larger. */
typedef struct hash_part {
	const uint8_t *p;
	size_t len;
	size_t pad_to;
} hash_part;

const espprov_srp_group *espprov_srp_group_esp(void)
{
	return &esp_group;
}

/** H over the parts in order, into out (c->hlen bytes). 0 on success. */
static int hash_parts(const espprov_srp_client *c, const hash_part *parts, size_t n, uint8_t *out)
{
	static const uint8_t zeros[64];
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	int ok = h != NULL && EVP_DigestInit_ex(h, c->md, NULL) == 1;

	for (size_t i = 0; ok && i < n; i++) {
		size_t pad = parts[i].pad_to > parts[i].len ? parts[i].pad_to - parts[i].len : 0;

		while (ok && pad > 0) {
			size_t piece = pad < sizeof zeros ? pad : sizeof zeros;

			ok = EVP_DigestUpdate(h, zeros, piece) == 1;
			pad -= piece;
		}
		if (ok && parts[i].len > 0)
			ok = EVP_DigestUpdate(h, parts[i].p, parts[i].len) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(h, out, NULL) == 1;
	EVP_MD_CTX_free(h);
	return ok ? 0 : -1;
}

/** A hash as a big number (NULL on failure). */
static BIGNUM *hash_to_bn(const espprov_srp_client *c, const hash_part *parts, size_t n)
{
	uint8_t d[ESPPROV_SRP_MAX_HASH];
	BIGNUM *r = NULL;

	if (hash_parts(c, parts, n, d) == 0)
		r = BN_bin2bn(d, (int)c->hlen, NULL);
	sodium_memzero(d, sizeof d);
	return r;
}

/** A = g^a mod N and PAD(A); 0 on success. */
static int compute_A(espprov_srp_client *c)
{
	if (c->A == NULL)
		c->A = BN_new();
	if (c->A == NULL || BN_mod_exp_mont_consttime(c->A, c->g, c->a, c->N, c->ctx, NULL) != 1)
		return -1;
	return BN_bn2binpad(c->A, c->A_pad, (int)c->group->N_len) == (int)c->group->N_len ? 0 : -1;
}

espprov_srp_client *espprov_srp_client_new(const espprov_srp_group *group, const uint8_t *user, size_t user_len,
					   const uint8_t *pass, size_t pass_len)
{
	espprov_srp_client *c;
	uint8_t a[SRP_A_SECRET_LEN];
	hash_part k_parts[2], ip_parts[3], i_part[1];

	if (group == NULL || group->N_len == 0 || group->N_len > ESPPROV_SRP_MAX_N || group->g_len == 0 ||
	    group->g_len > group->N_len || sodium_init() < 0)
		return NULL;
	c = sodium_malloc(sizeof *c);
	if (c == NULL)
		return NULL;
	memset(c, 0, sizeof *c);
	c->group = group;
	c->md = group->hash == ESPPROV_SRP_SHA1 ? EVP_sha1() : EVP_sha512();
	c->hlen = (size_t)EVP_MD_get_size(c->md);
	c->ctx = BN_CTX_secure_new();
	c->N = BN_bin2bn(group->N, (int)group->N_len, NULL);
	c->g = BN_bin2bn(group->g, (int)group->g_len, NULL);
	c->a = BN_secure_new();
	if (c->ctx == NULL || c->N == NULL || c->g == NULL || c->a == NULL || c->hlen > ESPPROV_SRP_MAX_HASH)
		goto fail;
	BN_set_flags(c->a, BN_FLG_CONSTTIME);

	/* k = H(N | PAD(g)) */
	k_parts[0] = (hash_part){ group->N, group->N_len, 0 };
	k_parts[1] = (hash_part){ group->g, group->g_len, group->N_len };
	c->k = hash_to_bn(c, k_parts, 2);
	/* H(I | ":" | P) and H(I): the password is not kept */
	ip_parts[0] = (hash_part){ user, user_len, 0 };
	ip_parts[1] = (hash_part){ (const uint8_t *)":", 1, 0 };
	ip_parts[2] = (hash_part){ pass, pass_len, 0 };
	i_part[0] = (hash_part){ user, user_len, 0 };
	if (c->k == NULL || hash_parts(c, ip_parts, 3, c->hash_ip) != 0 || hash_parts(c, i_part, 1, c->hash_i) != 0)
		goto fail;

	randombytes_buf(a, sizeof a);
	if (BN_bin2bn(a, (int)sizeof a, c->a) == NULL || compute_A(c) != 0) {
		sodium_memzero(a, sizeof a);
		goto fail;
	}
	sodium_memzero(a, sizeof a);
	return c;
fail:
	espprov_srp_client_free(c);
	return NULL;
}

int espprov_srp_client_set_a(espprov_srp_client *c, const uint8_t *a, size_t len)
{
	if (c == NULL || a == NULL || len == 0 || len > ESPPROV_SRP_MAX_N || c->processed)
		return -1;
	if (BN_bin2bn(a, (int)len, c->a) == NULL)
		return -1;
	BN_set_flags(c->a, BN_FLG_CONSTTIME);
	return compute_A(c);
}

int espprov_srp_client_public(espprov_srp_client *c, uint8_t *out, size_t cap, size_t *len)
{
	if (c == NULL || out == NULL || cap < c->group->N_len)
		return -1;
	memcpy(out, c->A_pad, c->group->N_len);
	*len = c->group->N_len;
	return 0;
}

/** S = (B - k * g^x) ^ (a + u * x) mod N, with B already reduced mod N. */
static int compute_S(espprov_srp_client *c, const BIGNUM *B)
{
	BIGNUM *t, *base, *e;
	int ok;

	BN_CTX_start(c->ctx);
	t = BN_CTX_get(c->ctx);
	base = BN_CTX_get(c->ctx);
	e = BN_CTX_get(c->ctx);
	ok = e != NULL;
	if (ok) {
		BN_set_flags(e, BN_FLG_CONSTTIME);
		BN_set_flags(t, BN_FLG_CONSTTIME);
	}
	ok = ok && BN_mod_exp_mont_consttime(t, c->g, c->x, c->N, c->ctx, NULL) == 1 &&
	     BN_mod_mul(t, c->k, t, c->N, c->ctx) == 1 && BN_mod_sub(base, B, t, c->N, c->ctx) == 1 &&
	     BN_mul(e, c->u, c->x, c->ctx) == 1 && BN_add(e, e, c->a) == 1 &&
	     BN_mod_exp_mont_consttime(c->S, base, e, c->N, c->ctx, NULL) == 1;
	BN_clear(t);
	BN_clear(base);
	BN_clear(e);
	BN_CTX_end(c->ctx);
	return ok ? 0 : -1;
}

/** K = H(S) with S minimal, M1 and M2 as espprov_srp.h says. */
static int compute_proofs(espprov_srp_client *c, const uint8_t *salt, size_t salt_len, const uint8_t *B, size_t B_len)
{
	const espprov_srp_group *grp = c->group;
	uint8_t S_bytes[ESPPROV_SRP_MAX_N], hn[ESPPROV_SRP_MAX_HASH], hg[ESPPROV_SRP_MAX_HASH];
	int S_len = BN_bn2bin(c->S, S_bytes);
	hash_part p_k[1] = { { S_bytes, (size_t)S_len, 0 } };
	hash_part p_n[1] = { { grp->N, grp->N_len, 0 } };
	hash_part p_g[1] = { { grp->g, grp->g_len, grp->N_len } };
	int ok = S_len >= 0 && hash_parts(c, p_k, 1, c->K) == 0 && hash_parts(c, p_n, 1, hn) == 0 &&
		 hash_parts(c, p_g, 1, hg) == 0;

	sodium_memzero(S_bytes, sizeof S_bytes);
	if (ok) {
		hash_part m1[6] = {
			{ hn, c->hlen, 0 },          { c->hash_i, c->hlen, 0 }, { salt, salt_len, 0 },
			{ c->A_pad, grp->N_len, 0 }, { B, B_len, 0 },           { c->K, c->hlen, 0 },
		};

		for (size_t i = 0; i < c->hlen; i++)
			hn[i] ^= hg[i];
		ok = hash_parts(c, m1, 6, c->M1) == 0;
	}
	if (ok) {
		hash_part m2[3] = { { c->A_pad, grp->N_len, 0 }, { c->M1, c->hlen, 0 }, { c->K, c->hlen, 0 } };

		ok = hash_parts(c, m2, 3, c->M2) == 0;
	}
	return ok ? 0 : -1;
}

int espprov_srp_client_process(espprov_srp_client *c, const uint8_t *salt, size_t salt_len, const uint8_t *B, size_t B_len)
{
	BIGNUM *Bn = NULL;
	uint8_t B_pad[ESPPROV_SRP_MAX_N];
	int r = -2;

	if (c == NULL || c->processed || salt == NULL || B == NULL || salt_len == 0 ||
	    salt_len > ESPPROV_SRP_MAX_SALT || B_len == 0 || B_len > c->group->N_len)
		return -1;
	Bn = BN_bin2bn(B, (int)B_len, NULL);
	if (Bn == NULL)
		return -2;
	/* B mod N = 0 would make S independent of the password */
	if (BN_nnmod(Bn, Bn, c->N, c->ctx) != 1)
		goto out;
	if (BN_is_zero(Bn)) {
		r = -1;
		goto out;
	}
	memset(B_pad, 0, sizeof B_pad);
	memcpy(B_pad + (c->group->N_len - B_len), B, B_len);
	{
		/* u = H(PAD(A) | PAD(B)); x = H(s | H(I:P)) */
		hash_part pu[2] = { { c->A_pad, c->group->N_len, 0 }, { B_pad, c->group->N_len, 0 } };
		hash_part px[2] = { { salt, salt_len, 0 }, { c->hash_ip, c->hlen, 0 } };

		c->u = hash_to_bn(c, pu, 2);
		c->x = hash_to_bn(c, px, 2);
	}
	c->S = BN_secure_new();
	if (c->u == NULL || c->x == NULL || c->S == NULL)
		goto out;
	BN_set_flags(c->x, BN_FLG_CONSTTIME);
	if (BN_is_zero(c->u)) {
		r = -1;
		goto out;
	}
	if (compute_S(c, Bn) != 0 || compute_proofs(c, salt, salt_len, B, B_len) != 0)
		goto out;
	c->processed = true;
	r = 0;
out:
	BN_free(Bn);
	return r;
}

const uint8_t *espprov_srp_client_proof(const espprov_srp_client *c, size_t *len)
{
	if (c == NULL || !c->processed)
		return NULL;
	*len = c->hlen;
	return c->M1;
}

const uint8_t *espprov_srp_client_key(const espprov_srp_client *c, size_t *len)
{
	if (c == NULL || !c->processed)
		return NULL;
	*len = c->hlen;
	return c->K;
}

int espprov_srp_client_verify(const espprov_srp_client *c, const uint8_t *M2, size_t len)
{
	if (c == NULL || !c->processed || M2 == NULL || len != c->hlen)
		return -1;
	return sodium_memcmp(M2, c->M2, c->hlen) == 0 ? 0 : -1;
}

int espprov_srp_client_value(espprov_srp_client *c, espprov_srp_value which, uint8_t *out, size_t cap, size_t *len)
{
	const BIGNUM *bn = NULL;
	BIGNUM *v = NULL;
	int n, r = -1;

	if (c == NULL || out == NULL)
		return -1;
	switch (which) {
	case ESPPROV_SRP_K_MULT:
		bn = c->k;
		break;
	case ESPPROV_SRP_X:
		bn = c->x;
		break;
	case ESPPROV_SRP_A:
		bn = c->A;
		break;
	case ESPPROV_SRP_U:
		bn = c->u;
		break;
	case ESPPROV_SRP_S:
		bn = c->S;
		break;
	case ESPPROV_SRP_V:
		if (c->x == NULL)
			return -1;
		v = BN_secure_new();
		if (v == NULL || BN_mod_exp_mont_consttime(v, c->g, c->x, c->N, c->ctx, NULL) != 1) {
			BN_clear_free(v);
			return -1;
		}
		bn = v;
		break;
	}
	if (bn != NULL && (size_t)BN_num_bytes(bn) <= cap) {
		n = BN_bn2bin(bn, out);
		if (n >= 0) {
			*len = (size_t)n;
			r = 0;
		}
	}
	BN_clear_free(v);
	return r;
}

void espprov_srp_client_free(espprov_srp_client *c)
{
	if (c == NULL)
		return;
	BN_CTX_free(c->ctx);
	BN_free(c->N);
	BN_free(c->g);
	BN_free(c->k);
	BN_clear_free(c->a);
	BN_free(c->A);
	BN_clear_free(c->x);
	BN_free(c->u);
	BN_clear_free(c->S);
	sodium_free(c); /* wipes H(I:P), K and the proofs */
}
