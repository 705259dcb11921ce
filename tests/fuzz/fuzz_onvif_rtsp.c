/* libFuzzer target: the ONVIF plugin's RTSP response parser and Digest
 * challenge parser (plugins/onvif/onvif_rtsp.c), and the URL split: the
 * parser never claims more than it was given, and a challenge it takes
 * yields an Authorization header. */
#include <string.h>

#include "tests/fuzz/fuzz_common.h"
#include "onvif_rtsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	onvif_rtsp_response resp;
	onvif_digest_challenge ch;
	onvif_url url;
	char *text, auth[1024];
	int r = onvif_rtsp_parse((const char *)data, size, &resp);

	if (r == 1)
		FUZZ_CHECK(resp.header_len + resp.content_length <= size && resp.status >= 100 && resp.status <= 599);
	text = fuzz_text(data, size);
	if (onvif_digest_parse_challenge(text, &ch)) {
		FUZZ_CHECK(ch.alg != ONVIF_DIGEST_NONE && ch.nonce[0] != '\0');
		(void)onvif_digest_authorization(&ch, "admin", "secret", "DESCRIBE", "rtsp://192.0.2.1/s", "00ff", 1,
						 auth, sizeof auth);
	}
	if (onvif_url_split(text, &url))
		FUZZ_CHECK(url.host[0] != '\0' && url.port != 0 && url.path[0] == '/');
	free(text);
	return 0;
}
