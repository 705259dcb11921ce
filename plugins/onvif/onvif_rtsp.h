/* RTSP for the ONVIF plugin's stream check, as pure functions: OPTIONS and
 * DESCRIBE requests (RFC 2326), the response parser (status line, CSeq,
 * Content-Length, WWW-Authenticate), and HTTP Digest access authentication
 * as RFC 7616 defines it (MD5 and SHA-256, qop=auth or none), plus the split
 * of "scheme://[user@]host[:port]/path" URLs. */
#ifndef ONVIF_RTSP_H
#define ONVIF_RTSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Most bytes of an RTSP response's header block the parser accepts. */
#define ONVIF_RTSP_MAX_HEADER 8192u
/** Most bytes of a DESCRIBE body (SDP) accepted. */
#define ONVIF_RTSP_MAX_BODY 16384u

/** Digest algorithms. */
typedef enum onvif_digest_alg {
	ONVIF_DIGEST_NONE = 0, /**< no usable challenge */
	ONVIF_DIGEST_MD5 = 1,
	ONVIF_DIGEST_SHA256 = 2,
} onvif_digest_alg;

/** A Digest challenge (WWW-Authenticate: Digest ...). */
typedef struct onvif_digest_challenge {
	onvif_digest_alg alg;
	bool qop_auth; /**< the server offers qop=auth */
	bool stale;
	char realm[128];
	char nonce[128];
	char opaque[128];
} onvif_digest_challenge;

/** A parsed RTSP response. */
typedef struct onvif_rtsp_response {
	int status;        /**< e.g. 200, 401 */
	long cseq;         /**< -1 when missing */
	size_t header_len; /**< bytes up to and with the blank line */
	size_t content_length;
	bool basic_offered;            /**< WWW-Authenticate: Basic was among the challenges */
	onvif_digest_challenge digest; /**< the strongest Digest challenge offered */
} onvif_rtsp_response;

/** Parses the start of an RTSP response in buf: 1 when the headers and the
 *  whole body (Content-Length) are in, 0 when more bytes are needed, -1 when
 *  it is not RTSP or breaks a cap. */
int onvif_rtsp_parse(const char *buf, size_t len, onvif_rtsp_response *out);

/** Parses one WWW-Authenticate value into ch if it is a Digest challenge
 *  with an algorithm this plugin speaks; true then. */
bool onvif_digest_parse_challenge(const char *value, onvif_digest_challenge *ch);

/** The RFC 7616 response (lower-case hex) for these inputs; qop NULL for a
 *  challenge without qop (RFC 2069 form). false when out is too small. */
bool onvif_digest_response(onvif_digest_alg alg, const char *user, const char *realm, const char *password,
			   const char *method, const char *uri, const char *nonce, const char *nc, const char *cnonce,
			   const char *qop, char *out, size_t size);

/** The Authorization header's value for a request (no password in it). */
bool onvif_digest_authorization(const onvif_digest_challenge *ch, const char *user, const char *password,
				const char *method, const char *uri, const char *cnonce, unsigned nc, char *out,
				size_t size);

/** An RTSP request: "METHOD uri RTSP/1.0", CSeq, User-Agent, Accept for
 *  DESCRIBE, Authorization when not NULL. */
bool onvif_rtsp_request(const char *method, const char *uri, long cseq, const char *authorization, char *out,
			size_t size);

/** The parts of a URL. */
typedef struct onvif_url {
	char scheme[16];
	char host[128]; /**< without brackets for IPv6 */
	uint16_t port;  /**< the given one, or the scheme's (http 80, https 443, rtsp 554) */
	char path[256]; /**< from the first '/', or "/" */
	bool has_userinfo;
} onvif_url;

/** Splits url; false when it is not "scheme://host[:port][/path]". */
bool onvif_url_split(const char *url, onvif_url *out);

#endif
