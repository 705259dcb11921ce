/* espprov_endpoint_call(), the door a plugin built on espprov has to the
 * device's own endpoints, against a device on a fake host HTTP service
 * (SoftAP): the device side is tests/support/espprov_device.c with a
 * security 1 session. Before a session there is no exchange at all; names
 * that are no endpoint names are refused before anything is sent; an
 * endpoint the device lacks (HTTP 404) is DS_ERR_UNSUPPORTED with its
 * message; a request is encrypted by the session and the answer decrypted. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "espprov.h"
#include "tests/support/espprov_device.h"

/** What the fake host saw. */
static struct {
	char message[512];  /**< the last failure's message */
	int requests;       /**< HTTP requests sent */
	char url[256];      /**< the last one's URL */
	uint8_t plain[256]; /**< what the device decrypted of it */
	long plain_len;
} seen;

/** The device behind the fake HTTP service. */
static espprov_device *device;

static void fake_log(ds_log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

static ds_status fake_fail(ds_call *call, ds_status status, const char *fmt, ...)
{
	va_list ap;

	(void)call;
	va_start(ap, fmt);
	vsnprintf(seen.message, sizeof seen.message, fmt, ap);
	va_end(ap);
	return status;
}

static const char *fake_translate(const char *domain, const char *msgid)
{
	(void)domain;
	return msgid;
}

static void *fake_secret_alloc(size_t len)
{
	return calloc(1, len ? len : 1);
}

static void fake_secret_free(void *secret)
{
	free(secret);
}

/** The device's SoftAP: /custom-data decrypts the request and answers
 *  "SUCCESS" encrypted; every other path is HTTP 404, as protocomm's
 *  server answers an endpoint it does not have. */
static ds_status fake_request_ex(ds_call *call, const ds_http_request *req, ds_http_response *resp, ds_http_extra *extra)
{
	static const char ok[] = "SUCCESS";
	const char *path = strrchr(req->url, '/');

	(void)call;
	seen.requests++;
	snprintf(seen.url, sizeof seen.url, "%s", req->url);
	memset(resp, 0, sizeof *resp);
	if (extra && extra->headers_size)
		extra->headers[0] = '\0';
	if (!path || strcmp(path, "/custom-data") != 0) {
		resp->status = 404;
		return DS_OK;
	}
	seen.plain_len = espprov_device_decrypt(device, req->body, req->body_len, seen.plain);
	cr_assert_gt(seen.plain_len, 0, "the device could not decrypt the request");
	resp->status = 200;
	resp->body_len = (size_t)espprov_device_encrypt(device, (const uint8_t *)ok, sizeof ok - 1, req->response_body);
	return DS_OK;
}

static const ds_host_http fake_http = {
	.struct_size = sizeof fake_http,
	.request_ex = fake_request_ex,
};

static const ds_host fake_host = {
	.struct_size = sizeof fake_host,
	.log = fake_log,
	.fail = fake_fail,
	.translate = fake_translate,
	.secret_alloc = fake_secret_alloc,
	.secret_free = fake_secret_free,
	.http = &fake_http,
};

/** A SoftAP device record without a session. */
static ds_device *softap_device(void)
{
	ds_device *dev = calloc(1, sizeof *dev);

	cr_assert_not_null(dev);
	snprintf(dev->hostport, sizeof dev->hostport, "192.0.2.1:80");
	snprintf(dev->name, sizeof dev->name, "PROV_TEST");
	return dev;
}

/** Sets up a security 1 session between dev and the device. */
static void establish(ds_device *dev)
{
	uint8_t *req = NULL, *resp = NULL;
	size_t req_len = 0, resp_len = 0;
	espprov_result r;

	cr_assert_eq(espprov_session_new(1, 0, NULL, 0, (const uint8_t *)"pop-77", 6, &dev->session), ESPPROV_OK);
	r = espprov_session_next(dev->session, NULL, 0, &req, &req_len);
	for (int round = 0; r == ESPPROV_SEND && round < 4; round++) {
		cr_assert_eq(espprov_device_session(device, req, req_len, &resp, &resp_len), 0);
		espprov_free(req);
		req = NULL;
		r = espprov_session_next(dev->session, resp, resp_len, &req, &req_len);
		free(resp);
		resp = NULL;
	}
	espprov_free(req);
	cr_assert_eq(r, ESPPROV_OK, "the session was not set up");
}

static void setup(void)
{
	memset(&seen, 0, sizeof seen);
	device = espprov_device_new(1, 0, NULL, "pop-77");
	cr_assert_not_null(device);
	cr_assert_eq(espprov_op_init(&fake_host), DS_OK);
}

static void teardown(void)
{
	espprov_op_fini();
	espprov_device_free(device);
}

TestSuite(espprov_endpoint_call, .init = setup, .fini = teardown);

Test(espprov_endpoint_call, before_the_session_nothing_is_sent)
{
	ds_device *dev = softap_device();
	uint8_t plain[64];
	size_t got = 99;

	cr_expect_eq(espprov_endpoint_call(NULL, dev, "custom-data", (const uint8_t *)"x", 1, plain, sizeof plain, &got),
		     DS_ERR_INVALID);
	cr_expect_eq(got, 0);
	cr_expect_eq(seen.requests, 0);
	cr_expect(strstr(seen.message, "no secure session yet") != NULL, "message: %s", seen.message);
	free(dev);
}

Test(espprov_endpoint_call, names_that_are_no_endpoint_names_are_refused_before_sending)
{
	static const char *const bad[] = {
		"",  "Custom-Data", "custom data", "../prov-config", "custom/data", "custom-data-with-a-name-of-32-ch",
		NULL
	};
	ds_device *dev = softap_device();
	uint8_t plain[64];
	size_t got;

	establish(dev);
	for (const char *const *name = bad; *name; name++) {
		seen.message[0] = '\0';
		cr_expect_eq(espprov_endpoint_call(NULL, dev, *name, (const uint8_t *)"x", 1, plain, sizeof plain, &got),
			     DS_ERR_INVALID, "\"%s\"", *name);
		cr_expect(strstr(seen.message, "lowercase letters") != NULL, "\"%s\": %s", *name, seen.message);
	}
	cr_expect_eq(espprov_endpoint_call(NULL, dev, NULL, (const uint8_t *)"x", 1, plain, sizeof plain, &got),
		     DS_ERR_INVALID);
	cr_expect_eq(seen.requests, 0);
	espprov_session_free(dev->session);
	free(dev);
}

Test(espprov_endpoint_call, an_endpoint_the_device_lacks_is_unsupported)
{
	ds_device *dev = softap_device();
	uint8_t plain[64];
	size_t got = 99;

	establish(dev);
	cr_expect_eq(espprov_endpoint_call(NULL, dev, "claim-token", (const uint8_t *)"x", 1, plain, sizeof plain, &got),
		     DS_ERR_UNSUPPORTED);
	cr_expect_eq(got, 0);
	cr_expect_str_eq(seen.url, "http://192.0.2.1:80/claim-token");
	cr_expect(strstr(seen.message, "has no endpoint \"/claim-token\"") != NULL, "message: %s", seen.message);
	espprov_session_free(dev->session);
	free(dev);
}

Test(espprov_endpoint_call, the_request_and_answer_go_through_the_session)
{
	static const char name[] = "name=Hall siren";
	ds_device *dev = softap_device();
	uint8_t plain[64];
	size_t got = 0;

	establish(dev);
	for (int i = 0; i < 2; i++) { /* twice: security 1's one keystream runs on */
		cr_assert_eq(espprov_endpoint_call(NULL, dev, "custom-data", (const uint8_t *)name, sizeof name - 1,
						   plain, sizeof plain, &got),
			     DS_OK, "call %d: %s", i, seen.message);
		cr_expect_eq(seen.plain_len, (long)sizeof name - 1);
		cr_expect_arr_eq(seen.plain, name, sizeof name - 1);
		cr_expect_eq(got, 7);
		cr_expect_arr_eq(plain, "SUCCESS", 7);
	}
	cr_expect_str_eq(seen.url, "http://192.0.2.1:80/custom-data");
	espprov_session_free(dev->session);
	free(dev);
}
