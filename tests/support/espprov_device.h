/* The device side of ESP-IDF provisioning's prov-session, for the unit
 * tests of plugins/espprov: written from the protocol (ESP-IDF's
 * protocomm security 0, 1 and 2 as its documentation and sources describe
 * them), not from the client's code. It reuses only the known-answer-tested
 * primitives (espprov_crypto.h) and protobuf-c's generated messages; its
 * SRP server side is its own, on OpenSSL's big numbers. */
#ifndef DS_TEST_ESPPROV_DEVICE_H
#define DS_TEST_ESPPROV_DEVICE_H

#include <stddef.h>
#include <stdint.h>

/** A simulated device's session endpoint. */
typedef struct espprov_device espprov_device;

/** A device speaking security sec_ver (patch patch_ver for security 2).
 *  username/secret: security 2's credentials; secret alone: security 1's
 *  PoP (NULL for none). */
espprov_device *espprov_device_new(int sec_ver, int patch_ver, const char *username, const char *secret);

/** Makes the device draw its secret b again until B has fewer bytes than
 *  N (a leading zero byte, which it sends unpadded, as ESP-IDF does). */
void espprov_device_short_B(espprov_device *d);

/** Handles one prov-session request: 0 with *resp (free()) as the device
 *  answers, -1 when the device fails the request (protocomm then answers
 *  nothing), as for a wrong PoP or SRP proof. */
int espprov_device_session(espprov_device *d, const uint8_t *req, size_t len, uint8_t **resp, size_t *resp_len);

/** Encrypts an answer on an established session into out (len + 16 for
 *  security 2); its length, or -1. */
long espprov_device_encrypt(espprov_device *d, const uint8_t *in, size_t len, uint8_t *out);

/** Decrypts a request on an established session into out; its length, or
 *  -1 (a security 2 tag that does not match). */
long espprov_device_decrypt(espprov_device *d, const uint8_t *in, size_t len, uint8_t *out);

/** Frees a device. */
void espprov_device_free(espprov_device *d);

/** Decodes hex digits (spaces skipped) into at most cap bytes; the number
 *  of bytes, or (size_t)-1 on a stray character or an odd digit count. */
size_t espprov_test_unhex(const char *text, uint8_t *out, size_t cap);

#endif
