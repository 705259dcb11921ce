/* SHA-256 fingerprints of TLS certificates, as people compare them
 * ("AB:CD:...", what `openssl x509 -fingerprint -sha256` prints), and the
 * public-key pin libcurl checks (CURLOPT_PINNEDPUBLICKEY). */
#ifndef DS_NET_CERT_FINGERPRINT_H
#define DS_NET_CERT_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/base/must_check.h"

/** Size of a fingerprint: 32 bytes as "AB:CD:..." with a NUL. */
#define DS_HTTP_FINGERPRINT_SIZE 96

/** SHA-256 of DER bytes as "AB:CD:..." (95 characters) into out. */
void ds_http_fingerprint(const unsigned char *der, size_t len, char out[DS_HTTP_FINGERPRINT_SIZE]);
/** The SHA-256 fingerprint of the first certificate in pem ("-----BEGIN
 *  CERTIFICATE-----..."), and, if spki_b64 is not NULL, the base64 SHA-256 of
 *  its SubjectPublicKeyInfo (for CURLOPT_PINNEDPUBLICKEY). true on success. */
DS_MUST_CHECK bool ds_http_pem_fingerprint(const char *pem, char fingerprint[DS_HTTP_FINGERPRINT_SIZE], char *spki_b64,
					   size_t spki_size);
/** Compares two fingerprints, ignoring case and the colons. */
bool ds_http_fingerprint_equal(const char *a, const char *b);

#endif
