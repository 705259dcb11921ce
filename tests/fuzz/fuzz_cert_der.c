/* libFuzzer target: ds_http_pem_fingerprint (a server's certificate as
 * libcurl hands it over): the input is the DER, wrapped as PEM, so the
 * walk to the SubjectPublicKeyInfo sees arbitrary bytes. */
#include "tests/fuzz/fuzz_common.h"
#include "app/net/cert_fingerprint.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----\n", end[] = "\n-----END CERTIFICATE-----\n";
	char fp[DS_HTTP_FINGERPRINT_SIZE], spki[64];
	size_t b64 = sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL);
	char *pem;

	if (size > 16384)
		return 0;
	pem = malloc(sizeof begin + b64 + sizeof end);
	if (!pem)
		return 0;
	memcpy(pem, begin, sizeof begin - 1);
	sodium_bin2base64(pem + sizeof begin - 1, b64, data, size, sodium_base64_VARIANT_ORIGINAL);
	memcpy(pem + strlen(pem), end, sizeof end);
	if (ds_http_pem_fingerprint(pem, fp, spki, sizeof spki)) {
		FUZZ_CHECK(strlen(fp) == 95);
		FUZZ_CHECK(strlen(spki) == 44);
	}
	free(pem);
	return 0;
}
