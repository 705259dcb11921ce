/* One HTTP exchange on libcurl, for the host HTTP service (ds_host.http):
 * method, URL, headers, body, a timeout, cancel within 100 ms, HTTP Digest
 * (MD5, SHA-256) and Basic with a password from secret memory, a cap on the
 * answer's size, TLS verified by default, the server certificate's SHA-256
 * fingerprint, and a pinned mode for self-signed devices (trust on first
 * use) that never sends a byte of the request to a server whose
 * certificate is not the pinned one.
 *
 * The service says what happened (ds_http_outcome); the plugin host turns
 * it into a status and a message for the person (app/plugin/host_http.c).
 * Nothing here logs a password, a header or a body. The answer's header
 * lines can be handed back (a session cookie), cleaned of control characters. */
#ifndef DS_NET_HTTP_REQUEST_H
#define DS_NET_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>

#include "app/base/must_check.h"
#include "app/net/cert_fingerprint.h"

/** Longest "host:port" the service names ("[v6 address]:port" included). */
#define DS_HTTP_HOSTPORT_MAX 300

/** What became of one exchange. */
typedef enum ds_http_outcome {
	DS_HTTP_DONE = 0,    /**< the server answered (any HTTP status) */
	DS_HTTP_INVALID,     /**< the request was malformed (URL, method, arguments) */
	DS_HTTP_BASIC_PLAIN, /**< Basic over plain http refused (allow_basic_plain not set) */
	DS_HTTP_UNREACHABLE, /**< no connection: name, route, refused */
	DS_HTTP_TIMEOUT,     /**< no answer within the timeout */
	DS_HTTP_CANCELLED,   /**< the cancel callback said so */
	DS_HTTP_TOO_LARGE,   /**< the answer passed the response cap */
	DS_HTTP_TLS_FAILED,  /**< the certificate did not verify (DS_TLS_VERIFY) or TLS failed */
	DS_HTTP_PIN_UNKNOWN, /**< trust on first use: no pin for this host:port yet */
	DS_HTTP_PIN_CHANGED, /**< trust on first use: the certificate is not the pinned one */
	DS_HTTP_NO_MEMORY,
	DS_HTTP_FAILED, /**< anything else libcurl reported */
} ds_http_outcome;

/** What the pin store says about the certificate a server presented. */
typedef enum ds_http_pin_verdict {
	DS_HTTP_PIN_IS_ACCEPTED = 0, /**< it is the one the installer accepted */
	DS_HTTP_PIN_IS_UNKNOWN,      /**< nothing remembered for this host:port */
	DS_HTTP_PIN_IS_OTHER,        /**< another certificate was accepted for it */
} ds_http_pin_verdict;

/** Asks the pin store about fingerprint ("AB:CD:...") at hostport. */
typedef ds_http_pin_verdict (*ds_http_pin_fn)(void *ctx, const char *hostport, const char *fingerprint);

/** How to run an exchange, beside the plugin's request. */
typedef struct ds_http_options {
	/** True once the person cancelled; asked at least every 50 ms. NULL: never. */
	bool (*cancelled)(void *ctx);
	void *cancel_ctx;
	/** DS_TLS_TRUST_ON_FIRST_USE over https: the pin store (required there). */
	ds_http_pin_fn pin;
	void *pin_ctx;
	/** DS_TLS_VERIFY: a CA bundle to use instead of the system's (tests), or NULL. */
	const char *ca_file;
	/** Where the final answer's header lines go ("Name: value\n" each, NUL-
	 *  terminated, control characters replaced by '?'), or NULL. A line that
	 *  does not fit is left out whole and headers_cut is set. */
	char *headers;
	size_t headers_size;
	bool *headers_cut;
} ds_http_options;

/** What the service learnt, beside the plugin's response. */
typedef struct ds_http_result {
	ds_http_outcome outcome;
	char hostport[DS_HTTP_HOSTPORT_MAX]; /**< "host:port" of the URL (default port filled in) */
	char detail[256];                    /**< libcurl's reason (English, for the log), or "" */
} ds_http_result;

/** Runs one exchange: req as the plugin built it, the answer into resp
 *  (zeroed first) and req->response_body. The outcome is in res; DS_OK
 *  when the server answered, otherwise the status that fits the outcome. */
DS_MUST_CHECK ds_status ds_http_exchange(const ds_http_request *req, const ds_http_options *opt, ds_http_response *resp,
					 ds_http_result *res);

#endif
