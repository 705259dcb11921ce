/* The ES9+ client: the LPA's functions on an SM-DP+ (GSMA SGP.22 v2, 5.6,
 * 6.5) over the host's HTTPS service, the server's certificate verified
 * against the system's certificate authorities: initiateAuthentication,
 * authenticateClient, getBoundProfilePackage, handleNotification and
 * cancelSession. A failure is recorded with fail() in words. */
#ifndef ES9_CLIENT_H
#define ES9_CLIENT_H

#include "atmodem.h"
#include "es9_message.h"

/** One SM-DP+ conversation. */
typedef struct es9_client {
	ds_call *call;
	const char *address;                          /**< the SM-DP+ ("host" or "host:port") */
	char transaction_id[ES9_TRANSACTION_ID_SIZE]; /**< hex, from initiateAuthentication, or "" */
	uint8_t *body;                                /**< the answer's buffer (malloc) */
	size_t body_size;
	bool confirmation_refused; /**< the last failure was about the confirmation code */
	bool quiet;                /**< a refusal is logged, not recorded (clean-up calls) */
} es9_client;

/** Starts a conversation with the SM-DP+ at address. DS_OK, or DS_ERR_NO_MEMORY (recorded). */
ds_status es9_client_init(es9_client *c, ds_call *call, const char *address);
/** Frees the buffer. */
void es9_client_free(es9_client *c);

/** Calls function (e.g. "initiateAuthentication") with the fields; the
 *  answer into out (freed by the caller with es9_response_free(), also on
 *  failure). DS_OK when the SM-DP+ executed it; DS_ERR_AUTH when it refused
 *  the confirmation code, DS_ERR_DEVICE for another refusal or an answer
 *  that is not ES9+, else the HTTP service's status; each recorded. */
ds_status es9_call(es9_client *c, const char *function, const es9_field *fields, size_t n, es9_response *out);
/** handleNotification: sends one pending notification (its DER); the
 *  SM-DP+ answers 204 without a body. */
ds_status es9_handle_notification(es9_client *c, const uint8_t *notification, size_t len);

#endif
