/* libFuzzer target: minisign signature files (ds_minisign_parse_sig), and
 * checking what parses against a fixed key: no input forges a signature. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/plugin/minisign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char signed_text[] = "doorstep";
	ds_minisign_pubkey pk;
	ds_minisign_sig sig;

	if (ds_minisign_parse_sig((const char *)data, size, &sig) != DS_MINISIGN_OK)
		return 0;
	FUZZ_CHECK(memchr(sig.trusted_comment, '\0', sizeof sig.trusted_comment) != NULL);
	FUZZ_CHECK(memchr(sig.untrusted_comment, '\0', sizeof sig.untrusted_comment) != NULL);
	/* A key with the signature's id but a public key nobody holds. */
	memset(&pk, 0, sizeof pk);
	memcpy(pk.key_id, sig.key_id, sizeof pk.key_id);
	memset(pk.pk, 0x5a, sizeof pk.pk);
	FUZZ_CHECK(ds_minisign_verify(&pk, &sig, signed_text, strlen(signed_text)) != DS_MINISIGN_OK);
	return 0;
}
