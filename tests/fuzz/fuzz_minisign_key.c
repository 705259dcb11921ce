/* libFuzzer target: minisign public and secret key files
 * (ds_minisign_parse_pubkey, ds_minisign_parse_seckey). A key that parses
 * must format to a file that parses to the same key. The comment is not
 * compared: minisign, like the parser, keeps a bare "\r" inside a comment
 * line, which the formatter refuses to write (comments are shown only
 * through plugin_trust.c's copy_printable). */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "app/plugin/minisign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_minisign_pubkey pk, pk2;
	ds_minisign_seckey sk, sk2;
	char text[4096];

	if (ds_minisign_parse_pubkey((const char *)data, size, &pk) == DS_MINISIGN_OK) {
		pk.comment[0] = '\0';
		FUZZ_CHECK(ds_minisign_format_pubkey(&pk, text, sizeof text) == DS_MINISIGN_OK);
		FUZZ_CHECK(ds_minisign_parse_pubkey(text, strlen(text), &pk2) == DS_MINISIGN_OK);
		FUZZ_CHECK(memcmp(pk.key_id, pk2.key_id, sizeof pk.key_id) == 0);
		FUZZ_CHECK(memcmp(pk.pk, pk2.pk, sizeof pk.pk) == 0);
	}
	if (ds_minisign_parse_seckey((const char *)data, size, &sk) == DS_MINISIGN_OK) {
		FUZZ_CHECK(ds_minisign_format_seckey(&sk, text, sizeof text) == DS_MINISIGN_OK);
		FUZZ_CHECK(ds_minisign_parse_seckey(text, strlen(text), &sk2) == DS_MINISIGN_OK);
		FUZZ_CHECK(memcmp(sk.key_id, sk2.key_id, sizeof sk.key_id) == 0);
		FUZZ_CHECK(memcmp(sk.sk, sk2.sk, sizeof sk.sk) == 0);
	}
	return 0;
}
