/* The HTTP exchange of the host HTTP service (app/net/http_request.c)
 * against real servers on 127.0.0.1 (tests/support/http_auth_server.py):
 * bodies and the cap, Digest MD5 and SHA-256, Basic, wrong passwords,
 * timeouts and cancel, TLS verification, and trust on first use. */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>

#include "app/base/secret.h"
#include "app/net/http_request.h"
#include "tests/support/http_fixture.h"
#include "tests/support/test_support.h"

static ds_http_fixture fx;
static char tree[4096]; /* the test's XDG tree: the log is in it */
static char *password;  /* in secret memory, as a plugin hands it */
static uint8_t body[4096];

static void setup(void)
{
	char dir[4200];

	snprintf(tree, sizeof tree, "%s", ds_test_english_with_log());
	snprintf(dir, sizeof dir, "%s/servers", tree);
	cr_assert_eq(ds_http_fixture_start(&fx, dir), 0, "the test servers did not start");
	cr_assert_eq(ds_secret_init(), 0);
	password = ds_secret_strdup(DS_HTTP_FX_PASSWORD);
	cr_assert_not_null(password);
}

static void teardown(void)
{
	ds_secret_free(password);
	ds_http_fixture_stop(&fx);
}

TestSuite(http_request, .init = setup, .fini = teardown);

/** The pin store of a test: one remembered fingerprint (or none). */
struct pins {
	const char *hostport;
	const char *fingerprint;
	int asked;
};

static ds_http_pin_verdict lookup(void *ctx, const char *hostport, const char *fingerprint)
{
	struct pins *p = ctx;

	p->asked++;
	if (!p->fingerprint || strcmp(p->hostport, hostport) != 0)
		return DS_HTTP_PIN_IS_UNKNOWN;
	return ds_http_fingerprint_equal(p->fingerprint, fingerprint) ? DS_HTTP_PIN_IS_ACCEPTED : DS_HTTP_PIN_IS_OTHER;
}

/** A request for url with the buffer above. */
static ds_http_request get(const char *url)
{
	return (ds_http_request){
		.method = "GET", .url = url, .response_body = body, .response_size = sizeof body, .timeout_ms = 5000
	};
}

static char url_buf[256];
static const char *url(const char *scheme, int port, const char *path)
{
	snprintf(url_buf, sizeof url_buf, "%s://127.0.0.1:%d%s", scheme, port, path);
	return url_buf;
}

static ds_status run(const ds_http_request *req, const ds_http_options *opt, ds_http_response *resp, ds_http_result *res)
{
	memset(body, 0, sizeof body);
	return ds_http_exchange(req, opt, resp, res);
}

Test(http_request, answers_200_with_body)
{
	ds_http_request req = get(url("http", fx.http, "/hello"));
	ds_http_response resp;
	ds_http_result res;

	cr_assert_eq(run(&req, NULL, &resp, &res), DS_OK);
	cr_assert_eq(resp.status, 200);
	cr_assert_eq(resp.body_len, strlen("hello doorstep"));
	cr_assert_eq(memcmp(body, "hello doorstep", resp.body_len), 0);
	cr_assert_str_eq(resp.content_type, "text/plain");
	cr_assert_eq(res.outcome, DS_HTTP_DONE);
}

Test(http_request, sends_method_and_body)
{
	static const uint8_t payload[] = "<soap/>";
	ds_http_request req = get(url("http", fx.http, "/echo"));
	ds_http_response resp;
	ds_http_result res;

	req.method = "PUT";
	req.body = payload;
	req.body_len = sizeof payload - 1;
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_OK);
	cr_assert_eq(resp.body_len, strlen("PUT <soap/>"));
	cr_assert_eq(memcmp(body, "PUT <soap/>", resp.body_len), 0);
}

Test(http_request, header_lines_come_back_cleaned)
{
	ds_http_request req = get(url("http", fx.http, "/cookie"));
	char headers[512];
	bool cut = true;
	ds_http_options opt = { .headers = headers, .headers_size = sizeof headers, .headers_cut = &cut };
	ds_http_response resp;
	ds_http_result res;

	cr_assert_eq(run(&req, &opt, &resp, &res), DS_OK);
	cr_assert_not(cut);
	cr_assert_not_null(strstr(headers, "Set-Cookie: session=2718281828; Path=/\n"), "%s", headers);
	cr_assert_not_null(strstr(headers, "Set-Cookie: theme=dark\n"), "%s", headers);
	cr_assert_not_null(strstr(headers, "X-Note: bell?and?[31mred\n"), "%s", headers);
	cr_assert_null(strstr(headers, "HTTP/"), "the status line is not a header: %s", headers);
	cr_assert_null(strchr(headers, '\r'));
}

Test(http_request, header_lines_are_the_final_answers)
{
	ds_http_request req = get(url("http", fx.http, "/digest-sha256"));
	char headers[512];
	ds_http_options opt = { .headers = headers, .headers_size = sizeof headers };
	ds_http_response resp;
	ds_http_result res;

	req.auth = DS_HTTP_AUTH_DIGEST;
	req.user = DS_HTTP_FX_USER;
	req.password = password;
	cr_assert_eq(run(&req, &opt, &resp, &res), DS_OK);
	cr_assert_eq(resp.status, 200);
	cr_assert_not_null(strstr(headers, "X-Auth: accepted\n"), "%s", headers);
	cr_assert_null(strstr(headers, "WWW-Authenticate"), "the 401's lines stayed: %s", headers);
}

Test(http_request, a_header_line_that_does_not_fit_is_left_out_whole)
{
	ds_http_request req = get(url("http", fx.http, "/cookie"));
	char headers[60];
	bool cut = false;
	ds_http_options opt = { .headers = headers, .headers_size = sizeof headers, .headers_cut = &cut };
	ds_http_response resp;
	ds_http_result res;

	cr_assert_eq(run(&req, &opt, &resp, &res), DS_OK);
	cr_assert(cut);
	cr_assert_lt(strlen(headers), sizeof headers);
	cr_assert(strlen(headers) == 0 || headers[strlen(headers) - 1] == '\n', "a partial line: %s", headers);
	cr_assert_null(strstr(headers, "Set-Cookie: sess"), "the cookie line fits only in part: %s", headers);
}

Test(http_request, answer_over_the_cap_is_refused)
{
	ds_http_request req = get(url("http", fx.http, "/big"));
	ds_http_response resp;
	ds_http_result res;

	cr_assert_eq(run(&req, NULL, &resp, &res), DS_ERR_DEVICE);
	cr_assert_eq(res.outcome, DS_HTTP_TOO_LARGE);
	cr_assert_leq(resp.body_len, sizeof body);
}

Test(http_request, digest_md5_and_sha256)
{
	const char *paths[] = { "/digest-md5", "/digest-sha256" };
	const char *answers[] = { "digest ok MD5", "digest ok SHA-256" };

	for (int i = 0; i < 2; i++) {
		ds_http_request req = get(url("http", fx.http, paths[i]));
		ds_http_response resp;
		ds_http_result res;

		req.auth = DS_HTTP_AUTH_DIGEST;
		req.user = DS_HTTP_FX_USER;
		req.password = password;
		cr_assert_eq(run(&req, NULL, &resp, &res), DS_OK);
		cr_assert_eq(resp.status, 200, "%s: %ld", paths[i], resp.status);
		cr_assert_eq(memcmp(body, answers[i], strlen(answers[i])), 0);
		cr_assert_not(resp.auth_failed);
	}
}

Test(http_request, wrong_password_is_auth_failed)
{
	char *wrong = ds_secret_strdup("not-the-password");
	ds_http_request req = get(url("http", fx.http, "/digest-sha256"));
	ds_http_response resp;
	ds_http_result res;

	req.auth = DS_HTTP_AUTH_ANY;
	req.user = DS_HTTP_FX_USER;
	req.password = wrong;
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_OK);
	cr_assert_eq(resp.status, 401);
	cr_assert(resp.auth_failed);
	ds_secret_free(wrong);
}

Test(http_request, basic_refused_over_plain_http_unless_allowed)
{
	ds_http_request req = get(url("http", fx.http, "/basic"));
	ds_http_response resp;
	ds_http_result res;

	req.auth = DS_HTTP_AUTH_BASIC;
	req.user = DS_HTTP_FX_USER;
	req.password = password;
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_ERR_INVALID);
	cr_assert_eq(res.outcome, DS_HTTP_BASIC_PLAIN);
	cr_assert_eq(ds_http_fixture_seen(&fx, "http"), 0, "the password went out in clear");

	req.allow_basic_plain = true; /* the plugin says so explicitly */
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_OK);
	cr_assert_eq(resp.status, 200);
}

Test(http_request, blackhole_times_out)
{
	ds_http_request req = get(url("http", fx.blackhole, "/"));
	ds_http_response resp;
	ds_http_result res;
	struct timespec a, b;
	long ms;

	req.timeout_ms = 600;
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_ERR_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	cr_assert(ms >= 550 && ms < 3000, "took %ld ms", ms);
}

/** Cancels 300 ms after the exchange starts; remembers when. */
struct canceller {
	struct timespec start;
	atomic_long cancelled_at_ms; /* since start; 0 until then */
};

static long since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static bool is_cancelled(void *ctx)
{
	struct canceller *c = ctx;
	long t = since(&c->start);

	if (t < 300)
		return false;
	if (!atomic_load(&c->cancelled_at_ms))
		atomic_store(&c->cancelled_at_ms, t);
	return true;
}

Test(http_request, cancel_within_100_ms)
{
	struct canceller c = { 0 };
	ds_http_options opt = { .cancelled = is_cancelled, .cancel_ctx = &c };
	ds_http_request req = get(url("http", fx.blackhole, "/"));
	ds_http_response resp;
	ds_http_result res;
	long ended;

	req.timeout_ms = 20000;
	clock_gettime(CLOCK_MONOTONIC, &c.start);
	cr_assert_eq(run(&req, &opt, &resp, &res), DS_ERR_CANCELLED);
	ended = since(&c.start);
	/* The flag turned true at 300 ms; the service must have seen it within 100 ms. */
	cr_assert(ended - 300 < 100, "the cancel took %ld ms to act", ended - 300);
}

Test(http_request, self_signed_fails_verification)
{
	ds_http_request req = get(url("https", fx.https_a, "/basic"));
	ds_http_response resp;
	ds_http_result res;

	req.auth = DS_HTTP_AUTH_BASIC;
	req.user = DS_HTTP_FX_USER;
	req.password = password;
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_ERR_UNTRUSTED);
	cr_assert_eq(res.outcome, DS_HTTP_TLS_FAILED);
	cr_assert_eq(ds_http_fixture_seen(&fx, "https_a"), 0);
}

/** An exchange with the test account over trust on first use, against a
 *  pin store that remembers certificate `accepted` ("a", "b", or NULL for
 *  none) for the server's port. */
struct tofu {
	char hp[64];
	char fp[128];
	struct pins pins;
	ds_http_options opt;
	ds_http_request req;
	ds_http_response resp;
	ds_http_result res;
};

static void tofu_init(struct tofu *t, int port, const char *path, ds_http_auth auth, const char *accepted)
{
	memset(t, 0, sizeof *t);
	snprintf(t->hp, sizeof t->hp, "127.0.0.1:%d", port);
	if (accepted)
		cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, accepted, t->fp, sizeof t->fp), 0);
	t->pins = (struct pins){ .hostport = t->hp, .fingerprint = accepted ? t->fp : NULL };
	t->opt = (ds_http_options){ .pin = lookup, .pin_ctx = &t->pins };
	t->req = get(url("https", port, path));
	t->req.tls = DS_TLS_TRUST_ON_FIRST_USE;
	t->req.auth = auth;
	t->req.user = DS_HTTP_FX_USER;
	t->req.password = password;
}

static ds_status tofu_run(struct tofu *t)
{
	return run(&t->req, &t->opt, &t->resp, &t->res);
}

Test(http_request, first_use_names_the_openssl_fingerprint)
{
	struct tofu t;
	char fp[128];

	tofu_init(&t, fx.https_a, "/digest-sha256", DS_HTTP_AUTH_DIGEST, NULL);
	cr_assert_eq(tofu_run(&t), DS_ERR_UNTRUSTED);
	cr_assert_eq(t.res.outcome, DS_HTTP_PIN_UNKNOWN);
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "a", fp, sizeof fp), 0);
	cr_assert_str_eq(t.resp.tls_fingerprint, fp);
	cr_assert_str_eq(t.res.hostport, t.hp);
	cr_assert_eq(t.pins.asked, 1);
	cr_assert_eq(ds_http_fixture_seen(&fx, "https_a"), 0, "a request went to an unaccepted server");
}

Test(http_request, basic_over_https_with_a_pin)
{
	struct tofu t;

	tofu_init(&t, fx.https_a, "/basic", DS_HTTP_AUTH_BASIC, "a");
	cr_assert_eq(tofu_run(&t), DS_OK, "%s", t.res.detail);
	cr_assert_eq(t.resp.status, 200);
	cr_assert_eq(memcmp(body, "basic ok", 8), 0);
}

Test(http_request, matching_pin_works_with_digest)
{
	struct tofu t;

	tofu_init(&t, fx.https_a, "/digest-sha256", DS_HTTP_AUTH_DIGEST, "a");
	cr_assert_eq(tofu_run(&t), DS_OK, "%s", t.res.detail);
	cr_assert_eq(t.resp.status, 200);
	cr_assert_str_eq(t.resp.tls_fingerprint, t.fp);
}

Test(http_request, changed_certificate_never_gets_the_password)
{
	struct tofu t;
	char fp_b[128];

	/* The camera's certificate (a) was accepted; b answers at its address. */
	tofu_init(&t, fx.https_b, "/basic", DS_HTTP_AUTH_BASIC, "a");
	cr_assert_eq(ds_http_fixture_openssl_fingerprint(&fx, "b", fp_b, sizeof fp_b), 0);
	cr_assert_eq(tofu_run(&t), DS_ERR_UNTRUSTED);
	cr_assert_eq(t.res.outcome, DS_HTTP_PIN_CHANGED);
	cr_assert_str_eq(t.resp.tls_fingerprint, fp_b);
	cr_assert_eq(ds_http_fixture_seen(&fx, "https_b"), 0, "the impostor received credentials");
}

Test(http_request, impostor_after_the_first_look_never_gets_the_password)
{
	struct tofu t;

	/* https_ab shows a (accepted) to the first connection, b to the next:
	 * only the pinned public key on the second connection stops it. */
	tofu_init(&t, fx.https_ab, "/basic", DS_HTTP_AUTH_BASIC, "a");
	cr_assert_eq(tofu_run(&t), DS_ERR_UNTRUSTED);
	cr_assert_eq(t.res.outcome, DS_HTTP_PIN_CHANGED);
	cr_assert_eq(ds_http_fixture_seen(&fx, "https_ab"), 0, "the impostor received credentials");
}

Test(http_request, malformed_requests_are_refused)
{
	ds_http_request req = get(url("http", fx.http, "/hello"));
	const char *const bad_headers[] = { "X-A: b\r\nX-Injected: 1", NULL };
	ds_http_response resp;
	ds_http_result res;

	req.method = "GET /x";
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_ERR_INVALID);
	req = get(url("http", fx.http, "/hello"));
	req.headers = bad_headers;
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_ERR_INVALID);
	req = get("ftp://127.0.0.1/x");
	cr_assert_eq(run(&req, NULL, &resp, &res), DS_ERR_INVALID);
}

Test(http_request, digest_server_matches_rfc7616_vectors)
{
	char script[4200];
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	const char *argv[] = { "/usr/bin/python3", script, "--selftest", NULL };
	char *out = NULL, *err = NULL;

	snprintf(script, sizeof script, "%s/tests/support/http_auth_server.py", src ? src : ".");
	cr_assert_eq(ds_test_run(argv, NULL, &out, &err), 0, "%s%s", out ? out : "", err ? err : "");
	cr_assert(strstr(out, "ok"));
	free(out);
	free(err);
}

Test(http_request, no_secret_in_the_log)
{
	const char *paths[] = { "/digest-md5", "/basic", "/digest-sha256" };
	struct tofu t;
	char log[4200];
	const char *find_password[] = { "/bin/grep", "-rqF", DS_HTTP_FX_PASSWORD, tree, NULL };
	const char *find_lines[] = { "/bin/grep", "-qF", t.hp, log, NULL };
	char *out = NULL, *err = NULL;

	for (int i = 0; i < 3; i++) {
		tofu_init(&t, fx.https_a, paths[i], DS_HTTP_AUTH_ANY, "a");
		cr_assert_eq(tofu_run(&t), DS_OK, "%s", t.res.detail);
	}
	tofu_init(&t, fx.https_a, "/basic", DS_HTTP_AUTH_BASIC, NULL); /* a refusal logs the certificate */
	cr_assert_eq(tofu_run(&t), DS_ERR_UNTRUSTED);
	snprintf(log, sizeof log, "%s/state/doorstep/doorstep.log", tree);
	cr_assert_eq(ds_test_run(find_lines, NULL, &out, &err), 0, "the exchanges are in the log (%s)", log);
	free(out);
	free(err);
	cr_assert_eq(ds_test_run(find_password, NULL, &out, &err), 1, "the password is in a file of %s", tree);
	free(out);
	free(err);
}
