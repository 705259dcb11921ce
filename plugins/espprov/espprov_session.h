/* The client side of a protocomm secure session (ESP-IDF provisioning),
 * independent of the transport: the caller carries each request to the
 * device's prov-session endpoint and feeds the answer back.
 *
 *   security 0  one plain command and its answer
 *   security 1  X25519; key = shared secret XOR SHA-256(proof of possession)
 *               (no XOR without a PoP); AES-256-CTR started with the
 *               device's 16 random bytes. The client proves the key by
 *               encrypting the device's public key, the device by encrypting
 *               the client's. One keystream runs through the whole session,
 *               both directions, in the order of the messages (the two
 *               proofs first), as the device's single CTR context does.
 *   security 2  SRP-6a (espprov_srp.h) with the username and password;
 *               AES-256-GCM with the first 32 bytes of K, a 16-byte tag
 *               after the ciphertext, no associated data. The nonce: patch
 *               version 0 uses the device's nonce (16 bytes from the firmware
 *               of the time, 12 from later ones) as it is for every
 *               message; patch 1 reads it as 8 bytes of session id and a
 *               32-bit big-endian counter (the device starts it at 1) that
 *               both sides step by one after every encryption and every
 *               decryption, so a request and its answer use two successive
 *               values.
 *
 * A device that refuses the proof (wrong PoP or password) usually answers
 * the proof step with nothing (protocomm fails the request): feed an empty
 * answer then, and the session says ESPPROV_ERR_PROOF, as it does for a
 * device status error or a device proof that does not match. */
#ifndef ESPPROV_SESSION_H
#define ESPPROV_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "espprov_result.h"

/** Most bytes of the username or of the PoP/password taken. */
#define ESPPROV_SECRET_MAX 256u

/** One secure session with one device. */
typedef struct espprov_session espprov_session;

/** A session of security sec_ver (0, 1 or 2) and patch version patch_ver
 *  (security 2: 0 or 1). username is security 2's (NULL otherwise); secret
 *  is the PoP (security 1; NULL or empty for none) or the SRP password
 *  (security 2). Both are copied into wiped secret memory. *out gets the
 *  session on ESPPROV_OK; ESPPROV_ERR_UNSUPPORTED for another version. */
espprov_result espprov_session_new(int sec_ver, int patch_ver, const uint8_t *username, size_t username_len,
				   const uint8_t *secret, size_t secret_len, espprov_session **out);

/** One step: resp is the device's answer to the previous request (NULL, 0
 *  on the first call). ESPPROV_SEND: *req holds the next request (free it
 *  with espprov_free()); ESPPROV_OK: the session is established; any error
 *  ends the session. Answers over ESPPROV_ANSWER_MAX are refused. */
espprov_result espprov_session_next(espprov_session *s, const uint8_t *resp, size_t len, uint8_t **req, size_t *req_len);

/** Bytes encryption adds to a message (16 for security 2, else 0). */
size_t espprov_session_overhead(const espprov_session *s);

/** Encrypts a request for a data endpoint (prov-config, prov-scan, ...)
 *  into out (cap bytes, at least len + overhead). ESPPROV_ERR_STATE before
 *  the session is established. */
espprov_result espprov_encrypt(espprov_session *s, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
			       size_t *out_len);

/** Decrypts a device's answer into out (cap bytes, at least len -
 *  overhead). ESPPROV_ERR_AUTH when a security 2 tag does not match. */
espprov_result espprov_decrypt(espprov_session *s, const uint8_t *in, size_t len, uint8_t *out, size_t cap,
			       size_t *out_len);

/** Wipes and frees a session; NULL is fine. */
void espprov_session_free(espprov_session *s);

#endif
