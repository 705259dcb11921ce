/* RTSP and Digest of the ONVIF plugin's stream check: the response values
 * against the worked examples of RFC 7616 section 3.9.1 (MD5 and SHA-256)
 * and RFC 2617 section 3.5, challenge and response parsing, requests, URLs. */
#include <criterion/criterion.h>
#include <string.h>

#include "onvif_rtsp.h"

Test(onvif_rtsp, rfc7616_examples)
{
	char out[65];

	cr_assert(onvif_digest_response(ONVIF_DIGEST_MD5, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
					"/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
					"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth", out, sizeof out));
	cr_expect_str_eq(out, "8ca523f5e9506fed4657c9700eebdbec");
	cr_assert(onvif_digest_response(ONVIF_DIGEST_SHA256, "Mufasa", "http-auth@example.org", "Circle of Life", "GET",
					"/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
					"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth", out, sizeof out));
	cr_expect_str_eq(out, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

Test(onvif_rtsp, rfc2617_example)
{
	char out[65];

	cr_assert(onvif_digest_response(ONVIF_DIGEST_MD5, "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
					"/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b",
					"auth", out, sizeof out));
	cr_expect_str_eq(out, "6629fae49393a05397450978507c4ef1");
	cr_expect(!onvif_digest_response(ONVIF_DIGEST_MD5, "u", "r", "p", "GET", "/", "n", "1", "c", "auth", out, 10));
}

Test(onvif_rtsp, parse_401_with_challenges)
{
	static const char resp[] = "RTSP/1.0 401 Unauthorized\r\n"
				   "CSeq: 2\r\n"
				   "WWW-Authenticate: Basic realm=\"cam\"\r\n"
				   "WWW-Authenticate: Digest realm=\"IP Camera(21A31)\", nonce=\"ab\\\"c\", stale=\"FALSE\"\r\n"
				   "WWW-Authenticate: Digest realm=\"IP Camera(21A31)\", nonce=\"n2\", algorithm=SHA-256, "
				   "qop=\"auth,auth-int\", opaque=\"op\"\r\n"
				   "\r\n";
	onvif_rtsp_response r;

	cr_assert_eq(onvif_rtsp_parse(resp, sizeof resp - 1, &r), 1);
	cr_expect_eq(r.status, 401);
	cr_expect_eq(r.cseq, 2);
	cr_expect(r.basic_offered);
	cr_expect_eq(r.digest.alg, ONVIF_DIGEST_SHA256);
	cr_expect(r.digest.qop_auth);
	cr_expect_str_eq(r.digest.realm, "IP Camera(21A31)");
	cr_expect_str_eq(r.digest.nonce, "n2");
	cr_expect_str_eq(r.digest.opaque, "op");
}

Test(onvif_rtsp, parse_partial_body_and_garbage)
{
	static const char head[] = "RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Type: application/sdp\r\nContent-Length: 10\r\n\r\n";
	char buf[256];
	onvif_rtsp_response r;

	cr_expect_eq(onvif_rtsp_parse("RTSP/1.0 200 OK\r\nCSeq", 21, &r), 0);
	memcpy(buf, head, sizeof head - 1);
	memcpy(buf + sizeof head - 1, "v=0\r\no=", 7);
	cr_expect_eq(onvif_rtsp_parse(buf, sizeof head - 1 + 7, &r), 0);
	memcpy(buf + sizeof head - 1 + 7, "- 1", 3);
	cr_expect_eq(onvif_rtsp_parse(buf, sizeof head - 1 + 10, &r), 1);
	cr_expect_eq(r.content_length, 10);
	cr_expect_eq(r.header_len, sizeof head - 1);
	cr_expect_eq(onvif_rtsp_parse("HTTP/1.1 200 OK\r\n\r\n", 19, &r), -1);
	cr_expect_eq(onvif_rtsp_parse("RTSP/1.0 20 OK\r\n\r\n", 18, &r), -1);
	cr_expect_eq(onvif_rtsp_parse("RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n", 45, &r), -1);
}

Test(onvif_rtsp, endless_header_is_refused)
{
	static char buf[ONVIF_RTSP_MAX_HEADER + 10];
	onvif_rtsp_response r;

	memset(buf, 'a', sizeof buf);
	memcpy(buf, "RTSP/1.0 200 OK\r\nX: ", 20);
	cr_expect_eq(onvif_rtsp_parse(buf, sizeof buf, &r), -1);
}

Test(onvif_rtsp, requests_and_authorization)
{
	onvif_digest_challenge ch;
	char auth[512], req[1024];

	cr_assert(onvif_digest_parse_challenge("Digest realm=\"testrealm@host.com\", qop=\"auth\", "
					       "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
					       "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
					       &ch));
	cr_assert(onvif_digest_authorization(&ch, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "0a4f113b", 1,
					     auth, sizeof auth));
	cr_expect(strstr(auth, "response=\"6629fae49393a05397450978507c4ef1\"") != NULL, "%s", auth);
	cr_expect(strstr(auth, "qop=auth, nc=00000001, cnonce=\"0a4f113b\"") != NULL, "%s", auth);
	cr_expect(strstr(auth, "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"") != NULL);
	cr_expect(strstr(auth, "Circle") == NULL);
	cr_assert(onvif_rtsp_request("DESCRIBE", "rtsp://192.0.2.10/s1", 4, auth, req, sizeof req));
	cr_expect(strncmp(req, "DESCRIBE rtsp://192.0.2.10/s1 RTSP/1.0\r\nCSeq: 4\r\n", 48) == 0, "%s", req);
	cr_expect(strstr(req, "Accept: application/sdp\r\n") != NULL);
	cr_expect(strstr(req, "\r\nAuthorization: Digest ") != NULL);
	cr_expect(strcmp(req + strlen(req) - 4, "\r\n\r\n") == 0);
	cr_expect(!onvif_rtsp_request("OPTIONS", "rtsp://x/a b", 1, NULL, req, sizeof req),
		  "a space would split the line");
	cr_expect(!onvif_digest_parse_challenge("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess", &ch));
	cr_expect(!onvif_digest_parse_challenge("Basic realm=\"r\"", &ch));
	cr_expect(!onvif_digest_parse_challenge("Digest realm=\"unterminated", &ch));
}

Test(onvif_rtsp, urls)
{
	onvif_url u;

	cr_assert(onvif_url_split("http://192.0.2.10/onvif/device_service", &u));
	cr_expect_str_eq(u.scheme, "http");
	cr_expect_str_eq(u.host, "192.0.2.10");
	cr_expect_eq(u.port, 80);
	cr_expect_str_eq(u.path, "/onvif/device_service");
	cr_assert(onvif_url_split("rtsp://admin@[2001:db8::1]:8554/live?x=1", &u));
	cr_expect_str_eq(u.host, "2001:db8::1");
	cr_expect_eq(u.port, 8554);
	cr_expect(u.has_userinfo);
	cr_expect_str_eq(u.path, "/live?x=1");
	cr_assert(onvif_url_split("rtsp://cam.local", &u));
	cr_expect_eq(u.port, 554);
	cr_expect_str_eq(u.path, "/");
	cr_expect(!onvif_url_split("192.0.2.10:80", &u));
	cr_expect(!onvif_url_split("http://:80/", &u));
	cr_expect(!onvif_url_split("http://host:99999/", &u));
	cr_expect(!onvif_url_split("http://[::1/", &u));
}
