/* X25519 through libsodium; AES-CTR, AES-GCM and the SHA-2 hashes through
 * OpenSSL's EVP interface. */
#include "espprov_crypto.h"

#include <limits.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/** An AES-256-CTR keystream: EVP keeps the position inside the current
 *  block between updates, so consecutive calls continue one stream. */
struct espprov_ctr {
	EVP_CIPHER_CTX *ctx;
};

int espprov_x25519_keypair(uint8_t pub[ESPPROV_X25519_LEN], uint8_t priv[ESPPROV_X25519_LEN])
{
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(priv, ESPPROV_X25519_LEN);
	return espprov_x25519_public(pub, priv);
}

int espprov_x25519_public(uint8_t pub[ESPPROV_X25519_LEN], const uint8_t priv[ESPPROV_X25519_LEN])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_scalarmult_base(pub, priv) == 0 ? 0 : -1;
}

int espprov_x25519(uint8_t out[ESPPROV_X25519_LEN], const uint8_t scalar[ESPPROV_X25519_LEN],
		   const uint8_t point[ESPPROV_X25519_LEN])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_scalarmult(out, scalar, point) == 0 ? 0 : -1;
}

/** One-shot digest of len bytes with md into out. */
static int digest(const EVP_MD *md, const void *in, size_t len, uint8_t *out)
{
	return EVP_Digest(in, len, out, NULL, md, NULL) == 1 ? 0 : -1;
}

int espprov_sha256(const void *in, size_t len, uint8_t out[ESPPROV_SHA256_LEN])
{
	return digest(EVP_sha256(), in, len, out);
}

int espprov_sha512(const void *in, size_t len, uint8_t out[ESPPROV_SHA512_LEN])
{
	return digest(EVP_sha512(), in, len, out);
}

espprov_ctr *espprov_ctr_new(const uint8_t key[ESPPROV_AES_KEY_LEN], const uint8_t iv[ESPPROV_CTR_IV_LEN])
{
	espprov_ctr *ctr = calloc(1, sizeof *ctr);

	if (ctr == NULL)
		return NULL;
	ctr->ctx = EVP_CIPHER_CTX_new();
	if (ctr->ctx == NULL || EVP_EncryptInit_ex(ctr->ctx, EVP_aes_256_ctr(), NULL, key, iv) != 1) {
		espprov_ctr_free(ctr);
		return NULL;
	}
	return ctr;
}

int espprov_ctr_apply(espprov_ctr *ctr, const uint8_t *in, size_t len, uint8_t *out)
{
	while (len > 0) {
		int piece = len > (size_t)INT_MAX / 2 ? INT_MAX / 2 : (int)len;
		int outl = 0;

		if (EVP_EncryptUpdate(ctr->ctx, out, &outl, in, piece) != 1 || outl != piece)
			return -1;
		in += piece;
		out += piece;
		len -= (size_t)piece;
	}
	return 0;
}

void espprov_ctr_free(espprov_ctr *ctr)
{
	if (ctr == NULL)
		return;
	EVP_CIPHER_CTX_free(ctr->ctx); /* cleans the key schedule */
	free(ctr);
}

int espprov_gcm_seal(const uint8_t key[ESPPROV_AES_KEY_LEN], const uint8_t *nonce, size_t nonce_len, const uint8_t *in,
		     size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	int outl = 0, fin = 0, ok;

	if (len > (size_t)INT_MAX - ESPPROV_GCM_TAG_LEN ||
	    (nonce_len != ESPPROV_GCM_NONCE_LEN && nonce_len != ESPPROV_GCM_NONCE_MAX))
		return -1;
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		return -1;
	ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)nonce_len, NULL) == 1 &&
	     EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) == 1 &&
	     (len == 0 || EVP_EncryptUpdate(ctx, out, &outl, in, (int)len) == 1) &&
	     EVP_EncryptFinal_ex(ctx, out + outl, &fin) == 1 && (size_t)(outl + fin) == len &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, (int)ESPPROV_GCM_TAG_LEN, out + len) == 1;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int espprov_gcm_open(const uint8_t key[ESPPROV_AES_KEY_LEN], const uint8_t *nonce, size_t nonce_len, const uint8_t *in,
		     size_t len, uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	uint8_t tag[ESPPROV_GCM_TAG_LEN];
	size_t clen;
	int outl = 0, fin = 0, ok;

	if (len < ESPPROV_GCM_TAG_LEN || len > (size_t)INT_MAX ||
	    (nonce_len != ESPPROV_GCM_NONCE_LEN && nonce_len != ESPPROV_GCM_NONCE_MAX))
		return -1;
	clen = len - ESPPROV_GCM_TAG_LEN;
	memcpy(tag, in + clen, sizeof tag);
	ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL)
		return -1;
	ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)nonce_len, NULL) == 1 &&
	     EVP_DecryptInit_ex(ctx, NULL, NULL, key, nonce) == 1 &&
	     (clen == 0 || EVP_DecryptUpdate(ctx, out, &outl, in, (int)clen) == 1) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, (int)ESPPROV_GCM_TAG_LEN, tag) == 1 &&
	     EVP_DecryptFinal_ex(ctx, out + outl, &fin) == 1 && (size_t)(outl + fin) == clen;
	EVP_CIPHER_CTX_free(ctx);
	if (!ok && clen > 0)
		sodium_memzero(out, clen);
	return ok ? 0 : -1;
}
