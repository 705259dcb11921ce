/* The ONVIF plugin's request builders and answer parsers against the camera
 * emulator of tests/onvif (written from the specifications by someone else,
 * and checked with the npm `onvif` client): the cameras of
 * tests/onvif/cameras.json on 127.0.0.1, reached with libcurl and a UDP
 * socket. WS-UsernameToken with the camera's clock offset is accepted and
 * without it refused; a camera without accounts lists none without
 * credentials; SetUser takes effect two seconds later and then the old
 * password fails; a too-long password is a PasswordTooLong fault; a unicast
 * Probe is answered with our RelatesTo. */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "onvif_soap.h"
#include "onvif_xml.h"

static FILE *emulator;
static cJSON *ready;
static int emulator_pid;

static void start(void)
{
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	char cmd[2048], line[8192];

	cr_assert_not_null(src);
	snprintf(cmd, sizeof cmd,
		 "exec /usr/bin/python3 %s/tests/onvif/camera_emulator.py --config %s/tests/onvif/cameras.json", src,
		 src);
	emulator = popen(cmd, "r");
	cr_assert_not_null(emulator);
	cr_assert_not_null(fgets(line, sizeof line, emulator), "the emulator printed nothing");
	ready = cJSON_Parse(line);
	cr_assert_not_null(ready, "%s", line);
	emulator_pid = cJSON_GetObjectItem(ready, "pid")->valueint;
}

static void stop(void)
{
	if (emulator_pid > 0)
		kill(emulator_pid, SIGTERM);
	if (emulator)
		pclose(emulator);
	cJSON_Delete(ready);
}

TestSuite(onvif_interop, .init = start, .fini = stop, .timeout = 60);

/** The last XAddr of camera number i of cameras.json. */
static const char *xaddr(int i)
{
	cJSON *xs = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(ready, "cameras"), i), "xaddrs");

	return cJSON_GetArrayItem(xs, cJSON_GetArraySize(xs) - 1)->valuestring;
}

typedef struct sink {
	char buf[65536];
	size_t len;
} sink;

static size_t collect(char *p, size_t size, size_t n, void *ud)
{
	sink *s = ud;
	size_t take = size * n;

	if (take > sizeof s->buf - 1 - s->len)
		take = sizeof s->buf - 1 - s->len;
	memcpy(s->buf + s->len, p, take);
	s->len += take;
	s->buf[s->len] = '\0';
	return size * n;
}

/** POSTs the envelope around body (with a UsernameToken when user is not NULL); the HTTP status. */
static long post(const char *url, const char *user, const char *password, int64_t offset, const char *body, sink *out)
{
	onvif_wsse w = { .user = user, .password = password };
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/soap+xml; charset=utf-8");
	char env[8192];
	CURL *c = curl_easy_init();
	long status = 0;

	for (size_t i = 0; i < sizeof w.nonce; i++)
		w.nonce[i] = (uint8_t)rand();
	onvif_format_time((int64_t)time(NULL) + offset, w.created, sizeof w.created);
	cr_assert(onvif_envelope(user ? &w : NULL, body, env, sizeof env));
	out->len = 0;
	out->buf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, env);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
	cr_assert_eq(curl_easy_perform(c), CURLE_OK, "%s does not answer", url);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	return status;
}

/** The camera's clock offset from an unauthenticated GetSystemDateAndTime. */
static int64_t offset_of(const char *url)
{
	char body[128];
	onvif_datetime dt;
	sink s;

	cr_assert(onvif_body_plain("GetSystemDateAndTime", false, body, sizeof body));
	cr_assert_eq(post(url, NULL, NULL, 0, body, &s), 200);
	cr_assert_eq(onvif_parse_datetime(s.buf, s.len, &dt, NULL), ONVIF_XML_OK, "%s", s.buf);
	cr_assert(dt.has_utc);
	return dt.utc_seconds - (int64_t)time(NULL);
}

Test(onvif_interop, username_token_needs_the_clock_offset)
{
	const char *url = xaddr(0); /* front-door: admin/12345, clock 2 hours ahead */
	int64_t off = offset_of(url);
	onvif_device_information di;
	onvif_users users;
	onvif_fault f;
	char body[128];
	sink s;

	cr_expect(off > 7100 && off < 7300, "offset %lld", (long long)off);
	cr_assert(onvif_body_plain("GetDeviceInformation", false, body, sizeof body));
	cr_expect_neq(post(url, "admin", "12345", 0, body, &s), 200, "a token on the laptop's clock is refused");
	cr_expect_eq(onvif_parse_device_information(s.buf, s.len, &di, &f), ONVIF_XML_FAULT);
	cr_expect_str_eq(f.subcode, "NotAuthorized");
	cr_assert_eq(post(url, "admin", "12345", off, body, &s), 200);
	cr_assert_eq(onvif_parse_device_information(s.buf, s.len, &di, NULL), ONVIF_XML_OK, "%s", s.buf);
	cr_expect(di.manufacturer[0] && di.model[0] && di.serial[0]);
	cr_assert(onvif_body_plain("GetUsers", false, body, sizeof body));
	cr_assert_eq(post(url, "admin", "12345", off, body, &s), 200);
	cr_assert_eq(onvif_parse_users(s.buf, s.len, &users, NULL), ONVIF_XML_OK);
	cr_expect_eq(users.n, 2);
	cr_expect_str_eq(users.users[1].name, "guest");
}

Test(onvif_interop, not_activated_camera_lists_no_account)
{
	onvif_users users;
	char body[128];
	sink s;

	cr_assert(onvif_body_plain("GetUsers", false, body, sizeof body));
	cr_assert_eq(post(xaddr(3), NULL, NULL, 0, body, &s), 200); /* attic */
	cr_assert_eq(onvif_parse_users(s.buf, s.len, &users, NULL), ONVIF_XML_OK, "%s", s.buf);
	cr_expect_eq(users.n, 0);
}

Test(onvif_interop, set_user_later_then_old_fails)
{
	const char *url = xaddr(2); /* garage: admin with an empty password, 16 characters at most, SetUser takes 2 s */
	int64_t off = offset_of(url);
	onvif_fault f;
	char body[1024];
	sink s;

	cr_assert(onvif_body_set_user("admin", "this-is-longer-than-16", "Administrator", body, sizeof body));
	cr_expect_neq(post(url, "admin", "", off, body, &s), 200);
	cr_expect_eq(onvif_parse_empty(s.buf, s.len, ONVIF_NS_TDS, "SetUserResponse", &f), ONVIF_XML_FAULT);
	cr_expect_str_eq(f.subcode, "PasswordTooLong");
	cr_assert(onvif_body_set_user("admin", "Kq7-Lm2_Xv9.Rt4w", "Administrator", body, sizeof body));
	cr_assert_eq(post(url, "admin", "", off, body, &s), 200, "%s", s.buf);
	cr_expect_eq(onvif_parse_empty(s.buf, s.len, ONVIF_NS_TDS, "SetUserResponse", &f), ONVIF_XML_OK);
	cr_assert(onvif_body_plain("GetUsers", false, body, sizeof body));
	cr_expect_eq(post(url, "admin", "", off, body, &s), 200, "the old password works until the camera takes the new");
	usleep(2500 * 1000);
	cr_expect_eq(post(url, "admin", "Kq7-Lm2_Xv9.Rt4w", off, body, &s), 200);
	cr_expect_neq(post(url, "admin", "", off, body, &s), 200);
}

Test(onvif_interop, unicast_probe_answers_our_message)
{
	cJSON *cam = cJSON_GetArrayItem(cJSON_GetObjectItem(ready, "cameras"), 1);
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 3 };
	char id[ONVIF_UUID_MAX], msg[2048], answer[65536];
	uint8_t rnd[16];
	onvif_probe_match m[4];
	size_t n = 0;
	ssize_t got;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	for (size_t i = 0; i < sizeof rnd; i++)
		rnd[i] = (uint8_t)rand();
	onvif_uuid(rnd, id, sizeof id);
	cr_assert(onvif_probe_message(id, msg, sizeof msg));
	to.sin_port = htons((uint16_t)cJSON_GetObjectItem(cam, "udp_port")->valueint);
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	cr_assert_eq(sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&to, sizeof to), (ssize_t)strlen(msg));
	got = recv(fd, answer, sizeof answer, 0);
	close(fd);
	cr_assert_gt(got, 0, "no ProbeMatches");
	cr_assert_eq(onvif_parse_probe_matches(answer, (size_t)got, m, 4, &n), ONVIF_XML_OK);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(m[0].relates_to, id);
	cr_expect_str_eq(m[0].address, cJSON_GetObjectItem(cam, "uuid")->valuestring);
	cr_expect_str_eq(m[0].xaddrs[0], xaddr(1));
}
