/* The primitives of ESP-IDF provisioning security 1 and 2, each a thin,
 * checked wrapper of a library known to be right:
 *   X25519 (RFC 7748)            libsodium crypto_scalarmult
 *   AES-256-CTR (SP 800-38A)     OpenSSL EVP, as one stream that keeps its
 *                                position across calls (security 1 runs one
 *                                keystream per session through both directions)
 *   AES-256-GCM (SP 800-38D)     OpenSSL EVP, 12-byte (or 16-byte) nonce, 16-byte tag
 *                                appended, no associated data
 *   SHA-256, SHA-512             OpenSSL EVP
 * Keys passed in are the caller's to keep in secret memory; these functions
 * wipe what they hold themselves. SRP-6a is in espprov_srp.h. */
#ifndef ESPPROV_CRYPTO_H
#define ESPPROV_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define ESPPROV_X25519_LEN 32u  /**< X25519 keys and shared secrets */
#define ESPPROV_AES_KEY_LEN 32u /**< AES-256 */
#define ESPPROV_CTR_IV_LEN 16u  /**< the initial counter block */
#define ESPPROV_GCM_NONCE_LEN 12u
/** The 16-byte nonce of security 2 patch 0 (firmware before the counter scheme). */
#define ESPPROV_GCM_NONCE_MAX 16u
#define ESPPROV_GCM_TAG_LEN 16u
#define ESPPROV_SHA256_LEN 32u
#define ESPPROV_SHA512_LEN 64u

/** Makes an X25519 key pair: priv random, pub = priv * 9. 0 on success. */
int espprov_x25519_keypair(uint8_t pub[ESPPROV_X25519_LEN], uint8_t priv[ESPPROV_X25519_LEN]);

/** The public key of a given private scalar (RFC 7748 section 6.1). 0 on success. */
int espprov_x25519_public(uint8_t pub[ESPPROV_X25519_LEN], const uint8_t priv[ESPPROV_X25519_LEN]);

/** X25519(scalar, point) into out; -1 when the result is all zero (a
 *  low-order point from the peer), 0 otherwise. */
int espprov_x25519(uint8_t out[ESPPROV_X25519_LEN], const uint8_t scalar[ESPPROV_X25519_LEN],
		   const uint8_t point[ESPPROV_X25519_LEN]);

/** SHA-256 of len bytes into out. 0 on success. */
int espprov_sha256(const void *in, size_t len, uint8_t out[ESPPROV_SHA256_LEN]);

/** SHA-512 of len bytes into out. 0 on success. */
int espprov_sha512(const void *in, size_t len, uint8_t out[ESPPROV_SHA512_LEN]);

/** An AES-256-CTR keystream that continues across calls. */
typedef struct espprov_ctr espprov_ctr;

/** Starts a keystream with key and initial counter block iv; NULL on failure. */
espprov_ctr *espprov_ctr_new(const uint8_t key[ESPPROV_AES_KEY_LEN], const uint8_t iv[ESPPROV_CTR_IV_LEN]);

/** XORs the next len bytes of the keystream onto in, into out (which may be
 *  in). Encryption and decryption are the same call. 0 on success. */
int espprov_ctr_apply(espprov_ctr *ctr, const uint8_t *in, size_t len, uint8_t *out);

/** Wipes and frees a keystream; NULL is fine. */
void espprov_ctr_free(espprov_ctr *ctr);

/** AES-256-GCM encryption of len bytes with a nonce of nonce_len bytes (12,
 *  or 16 as security 2 patch 0 has it): out gets the ciphertext then the
 *  16-byte tag (len + ESPPROV_GCM_TAG_LEN bytes). 0 on success. */
int espprov_gcm_seal(const uint8_t key[ESPPROV_AES_KEY_LEN], const uint8_t *nonce, size_t nonce_len, const uint8_t *in,
		     size_t len, uint8_t *out);

/** AES-256-GCM decryption of ciphertext-then-tag (len >= 16 bytes) into out
 *  (len - 16 bytes). -1 when the tag does not match (out is wiped then) or
 *  on failure, 0 on success. */
int espprov_gcm_open(const uint8_t key[ESPPROV_AES_KEY_LEN], const uint8_t *nonce, size_t nonce_len, const uint8_t *in,
		     size_t len, uint8_t *out);

#endif
