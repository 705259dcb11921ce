/* One HTTP exchange on libcurl (app/net/http_request.h).
 *
 * Each exchange uses an easy handle of its own on a multi handle of its
 * own, driven here in steps of at most 50 ms so that a cancel is seen
 * within 100 ms whatever the server does (curl's own progress callback may
 * stay silent for a second on an idle connection).
 *
 * Trust on first use, and why the password never reaches an impostor:
 *  1. a connect-only pass (CURLOPT_CONNECT_ONLY, verification off) does the
 *     TLS handshake and nothing else: no HTTP byte is sent. Its certificate
 *     (CURLOPT_CERTINFO gives it as PEM) is hashed (SHA-256 of the DER) and
 *     the pin store is asked about it; unknown or different ends the
 *     exchange there.
 *  2. the real request runs on a new connection with
 *     CURLOPT_PINNEDPUBLICKEY set to the SHA-256 of the public key of the
 *     certificate that pass 1 checked. libcurl compares it during the
 *     handshake, before it sends the request line, and fails with
 *     CURLE_SSL_PINNEDPUBKEYNOTMATCH otherwise. A server that shows the
 *     right certificate to the first connection and another one to the
 *     second (or a different machine answering the second) therefore never
 *     receives the request, its headers or the credentials: completing the
 *     handshake with the pinned key needs the device's private key.
 *
 * Secrets: the password is read from the plugin's secret memory. libcurl
 * copies CURLOPT_PASSWORD into ordinary heap memory of its own (there is no
 * API to hand it a buffer); right after the exchange it is replaced with ""
 * so that the copy is freed as soon as possible. libcurl frees it without
 * wiping; nothing else in this file copies it. No log line here names a
 * header, a body, a user or a password. */
#include "app/net/http_request.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "app/base/log.h"
#include "app/net/cert_fingerprint.h"

#define LOG_SRC "http"
/** Default timeout of a whole exchange (ds_http_request.timeout_ms == 0). */
#define DS_HTTP_DEFAULT_TIMEOUT_MS 10000u
/** The most the service reads of an answer the plugin drops (no buffer). */
#define DS_HTTP_DROP_MAX ((size_t)16 * 1024 * 1024)
/** The step of the transfer loop: the longest a cancel goes unseen. */
#define DS_HTTP_TICK_MS 50

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- the exchange ---- */

/** Where the answer's body goes. */
struct sink {
	uint8_t *buf;
	size_t cap, len;
	bool over; /**< the answer passed the cap */
};

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = size * n;

	if (len > s->cap - s->len) {
		s->over = true;
		return 0; /* CURLE_WRITE_ERROR ends the transfer */
	}
	if (s->buf)
		memcpy(s->buf + s->len, data, len);
	s->len += len;
	return len;
}

/** Where the answer's header lines go (ds_http_options.headers). */
struct header_sink {
	char *buf;
	size_t cap, len;
	bool cut;
};

/** Keeps the header lines of the last answer (a 401 before a Digest retry
 *  has its own block: a status line starts afresh), cleaned, whole lines only. */
static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct header_sink *h = ud;
	size_t len = size * n, k = len;

	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		h->len = 0;
		h->cut = false;
		h->buf[0] = '\0';
		return len; /* the status line itself is resp->status */
	}
	while (k > 0 && (data[k - 1] == '\r' || data[k - 1] == '\n'))
		k--;
	if (k == 0)
		return len; /* the blank line that ends the block */
	if (k + 2 > h->cap - h->len) {
		h->cut = true;
		return len;
	}
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)data[i];

		h->buf[h->len++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	h->buf[h->len++] = '\n';
	h->buf[h->len] = '\0';
	return len;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/** Runs h to its end in steps of DS_HTTP_TICK_MS, asking for a cancel
 *  between them. Its result; *cancelled when it was cancelled. */
static CURLcode drive(CURL *h, const ds_http_options *opt, bool *cancelled)
{
	CURLM *m = curl_multi_init();
	CURLcode rc = CURLE_OK;
	int running = 1;
	CURLMsg *msg;
	int left;

	*cancelled = false;
	if (!m)
		return CURLE_OUT_OF_MEMORY;
	if (curl_multi_add_handle(m, h) != CURLM_OK) {
		curl_multi_cleanup(m);
		return CURLE_OUT_OF_MEMORY;
	}
	while (running) {
		if (curl_multi_perform(m, &running) != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			break;
		}
		if (!running)
			break;
		if (opt && opt->cancelled && opt->cancelled(opt->cancel_ctx)) {
			*cancelled = true;
			rc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (curl_multi_poll(m, NULL, 0, DS_HTTP_TICK_MS, NULL) != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			break;
		}
	}
	if (!*cancelled && rc == CURLE_OK)
		while ((msg = curl_multi_info_read(m, &left)))
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == h)
				rc = msg->data.result;
	curl_multi_remove_handle(m, h);
	curl_multi_cleanup(m);
	return rc;
}

/** The outcome that fits a libcurl error. */
static ds_http_outcome outcome_of(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return DS_HTTP_DONE;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return DS_HTTP_INVALID;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
		return DS_HTTP_UNREACHABLE;
	case CURLE_OPERATION_TIMEDOUT:
		return DS_HTTP_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return DS_HTTP_TLS_FAILED;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return DS_HTTP_PIN_CHANGED;
	case CURLE_OUT_OF_MEMORY:
		return DS_HTTP_NO_MEMORY;
	default:
		return DS_HTTP_FAILED;
	}
}

/** The status a plugin gets for an outcome. */
static ds_status status_of(ds_http_outcome o)
{
	switch (o) {
	case DS_HTTP_DONE:
		return DS_OK;
	case DS_HTTP_INVALID:
	case DS_HTTP_BASIC_PLAIN:
		return DS_ERR_INVALID;
	case DS_HTTP_TIMEOUT:
		return DS_ERR_TIMEOUT;
	case DS_HTTP_CANCELLED:
		return DS_ERR_CANCELLED;
	case DS_HTTP_TOO_LARGE:
		return DS_ERR_DEVICE;
	case DS_HTTP_TLS_FAILED:
	case DS_HTTP_PIN_UNKNOWN:
	case DS_HTTP_PIN_CHANGED:
		return DS_ERR_UNTRUSTED;
	case DS_HTTP_NO_MEMORY:
		return DS_ERR_NO_MEMORY;
	case DS_HTTP_UNREACHABLE:
	case DS_HTTP_FAILED:
		break;
	}
	return DS_ERR_IO;
}

/** Ends an exchange with outcome o. */
static ds_status finish(ds_http_result *res, ds_http_outcome o)
{
	res->outcome = o;
	return status_of(o);
}

/** The URL's scheme and "host:port"; false when it is not http(s). */
static bool url_parts(const char *url, bool *https, char *hostport, size_t size)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	bool ok = false;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		*https = strcmp(scheme, "https") == 0;
		ok = (*https || strcmp(scheme, "http") == 0) &&
		     (size_t)snprintf(hostport, size, "%s:%s", host, port) < size;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

/** True when s is a usable method: an HTTP token. */
static bool method_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 32)
		return false;
	for (; *s; s++)
		if (!isupper((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

/** True when no header line could split the request (no CR or LF). */
static bool headers_ok(const char *const *headers)
{
	for (size_t i = 0; headers && headers[i]; i++)
		if (strpbrk(headers[i], "\r\n") || !strchr(headers[i], ':'))
			return false;
	return true;
}

/** Options every handle of this service gets. */
static void common_options(CURL *h, const char *url, long timeout_ms, char *errbuf)
{
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* never carry credentials elsewhere */
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "doorstep/" DS_VERSION);
}

/** The first certificate libcurl saw on h as a fingerprint (and its key's
 *  pin); false when there was none. */
static bool peer_fingerprint(CURL *h, char fp[DS_HTTP_FINGERPRINT_SIZE], char *spki, size_t spki_size)
{
	struct curl_certinfo *ci = NULL;

	if (curl_easy_getinfo(h, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci || ci->num_of_certs < 1)
		return false;
	for (struct curl_slist *l = ci->certinfo[0]; l; l = l->next)
		if (strncmp(l->data, "Cert:", 5) == 0)
			return ds_http_pem_fingerprint(l->data + 5, fp, spki, spki_size);
	return false;
}

/** Pass 1 of trust on first use: the handshake only, and the pin store's
 *  verdict on the certificate. DS_HTTP_DONE with the key's pin in spki when
 *  the certificate is the accepted one. */
static ds_http_outcome probe_pin(const ds_http_request *req, const ds_http_options *opt, long timeout_ms,
				 ds_http_response *resp, ds_http_result *res, char *spki, size_t spki_size)
{
	CURL *h = curl_easy_init();
	char errbuf[CURL_ERROR_SIZE] = "";
	ds_http_outcome o;
	bool cancelled;
	CURLcode rc;

	if (!h)
		return DS_HTTP_NO_MEMORY;
	common_options(h, req->url, timeout_ms, errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L); /* TLS handshake, no request */
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(h, CURLOPT_CERTINFO, 1L);
	rc = drive(h, opt, &cancelled);
	if (cancelled)
		o = DS_HTTP_CANCELLED;
	else if (rc != CURLE_OK)
		o = outcome_of(rc);
	else if (!peer_fingerprint(h, resp->tls_fingerprint, spki, spki_size))
		o = DS_HTTP_TLS_FAILED;
	else
		switch (opt->pin(opt->pin_ctx, res->hostport, resp->tls_fingerprint)) {
		case DS_HTTP_PIN_IS_ACCEPTED:
			o = DS_HTTP_DONE;
			break;
		case DS_HTTP_PIN_IS_UNKNOWN:
			o = DS_HTTP_PIN_UNKNOWN;
			break;
		default:
			o = DS_HTTP_PIN_CHANGED;
			break;
		}
	snprintf(res->detail, sizeof res->detail, "%s", errbuf);
	curl_easy_cleanup(h);
	return o;
}

/** Sets the method and body of the request on h. */
static void method_and_body(CURL *h, const ds_http_request *req)
{
	if (strcmp(req->method, "HEAD") == 0) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
		return;
	}
	if (req->body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, (const char *)req->body);
	} else {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	if (strcmp(req->method, req->body ? "POST" : "GET") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
}

/** The libcurl authentication methods for the request; 0 for none. */
static unsigned long auth_methods(const ds_http_request *req, bool https)
{
	bool basic_ok = https || req->allow_basic_plain;

	if (!req->password || !req->user)
		return 0;
	switch (req->auth) {
	case DS_HTTP_AUTH_DIGEST:
		return CURLAUTH_DIGEST;
	case DS_HTTP_AUTH_BASIC:
		return CURLAUTH_BASIC;
	case DS_HTTP_AUTH_ANY:
		return basic_ok ? CURLAUTH_DIGEST | CURLAUTH_BASIC : CURLAUTH_DIGEST;
	default:
		return 0;
	}
}

/** Pass 2 (or the only pass): the request itself. */
static ds_http_outcome send_request(const ds_http_request *req, const ds_http_options *opt, bool https,
				    const char *spki_pin, long timeout_ms, ds_http_response *resp, ds_http_result *res)
{
	CURL *h = curl_easy_init();
	struct curl_slist *headers = NULL;
	struct sink sink = { .buf = req->response_body,
			     .cap = req->response_body ? req->response_size : DS_HTTP_DROP_MAX };
	struct header_sink hsink = { .buf = opt && opt->headers && opt->headers_size ? opt->headers : NULL,
				     .cap = opt && opt->headers ? opt->headers_size : 0 };
	char errbuf[CURL_ERROR_SIZE] = "";
	char pin[80];
	unsigned long auth = auth_methods(req, https);
	ds_http_outcome o;
	bool cancelled;
	CURLcode rc;
	char *ctype = NULL;

	if (!h)
		return DS_HTTP_NO_MEMORY;
	common_options(h, req->url, timeout_ms, errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	if (hsink.buf) {
		hsink.buf[0] = '\0';
		curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(h, CURLOPT_HEADERDATA, &hsink);
	}
	method_and_body(h, req);
	headers = curl_slist_append(headers, "Expect:"); /* no 100-continue round trip */
	for (size_t i = 0; headers && req->headers && req->headers[i]; i++)
		headers = curl_slist_append(headers, req->headers[i]);
	if (!headers) {
		curl_easy_cleanup(h);
		return DS_HTTP_NO_MEMORY;
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	if (https) {
		curl_easy_setopt(h, CURLOPT_CERTINFO, 1L);
		if (spki_pin) {
			/* Verified by pass 1: only this key may answer (see the top of the file). */
			snprintf(pin, sizeof pin, "sha256//%s", spki_pin);
			curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
			curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
			curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, pin);
		} else if (opt && opt->ca_file) {
			curl_easy_setopt(h, CURLOPT_CAINFO, opt->ca_file);
		}
	}
	if (auth) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, auth);
		curl_easy_setopt(h, CURLOPT_USERNAME, req->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, req->password);
	}
	rc = drive(h, opt, &cancelled);
	if (auth)
		curl_easy_setopt(h, CURLOPT_PASSWORD, ""); /* frees libcurl's copy now */
	if (cancelled)
		o = DS_HTTP_CANCELLED;
	else if (sink.over)
		o = DS_HTTP_TOO_LARGE;
	else
		o = outcome_of(rc);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
	if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype)
		snprintf(resp->content_type, sizeof resp->content_type, "%s", ctype);
	if (https && (!spki_pin || o == DS_HTTP_PIN_CHANGED)) {
		/* pass 1's fingerprint is not the one this connection showed */
		resp->tls_fingerprint[0] = '\0';
		if (!peer_fingerprint(h, resp->tls_fingerprint, NULL, 0))
			resp->tls_fingerprint[0] = '\0';
	}
	resp->body_len = req->response_body ? sink.len : 0;
	if (hsink.buf && opt->headers_cut)
		*opt->headers_cut = hsink.cut;
	resp->auth_failed = o == DS_HTTP_DONE && auth && resp->status == 401;
	snprintf(res->detail, sizeof res->detail, "%s", errbuf);
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	return o;
}

ds_status ds_http_exchange(const ds_http_request *req, const ds_http_options *opt, ds_http_response *resp,
			   ds_http_result *res)
{
	char spki[64];
	bool https = false, tofu;
	long timeout_ms;
	int64_t start = now_ms();
	ds_http_outcome o;

	memset(res, 0, sizeof *res);
	if (opt && opt->headers && opt->headers_size)
		opt->headers[0] = '\0';
	if (opt && opt->headers_cut)
		*opt->headers_cut = false;
	if (!resp)
		return finish(res, DS_HTTP_INVALID);
	memset(resp, 0, sizeof *resp);
	if (!req || !req->url || !method_ok(req->method) || !headers_ok(req->headers) ||
	    (req->body_len && !req->body) || (req->response_body && !req->response_size) ||
	    (req->auth != DS_HTTP_AUTH_NONE && req->password && !req->user))
		return finish(res, DS_HTTP_INVALID);
	pthread_once(&curl_once, curl_start);
	if (!url_parts(req->url, &https, res->hostport, sizeof res->hostport))
		return finish(res, DS_HTTP_INVALID);
	if (!https && req->auth == DS_HTTP_AUTH_BASIC && req->password && !req->allow_basic_plain)
		return finish(res, DS_HTTP_BASIC_PLAIN);
	tofu = https && req->tls == DS_TLS_TRUST_ON_FIRST_USE;
	if (tofu && (!opt || !opt->pin))
		return finish(res, DS_HTTP_INVALID);
	timeout_ms = req->timeout_ms ? (long)req->timeout_ms : (long)DS_HTTP_DEFAULT_TIMEOUT_MS;
	if (tofu) {
		o = probe_pin(req, opt, timeout_ms, resp, res, spki, sizeof spki);
		if (o != DS_HTTP_DONE) {
			ds_log(DS_LOG_INFO, LOG_SRC, "%s %s: certificate not used (%d)", req->method, res->hostport,
			       (int)o);
			return finish(res, o);
		}
		timeout_ms -= (long)(now_ms() - start);
		if (timeout_ms < 1)
			return finish(res, DS_HTTP_TIMEOUT);
	}
	o = send_request(req, opt, https, tofu ? spki : NULL, timeout_ms, resp, res);
	ds_log(DS_LOG_DEBUG, LOG_SRC, "%s %s: %ld (%d) in %lld ms", req->method, res->hostport, resp->status, (int)o,
	       (long long)(now_ms() - start));
	return finish(res, o);
}
