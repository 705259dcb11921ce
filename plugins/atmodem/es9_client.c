/* The ES9+ client over the host's HTTPS service (es9_client.h). */
#include "es9_client.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** Largest answer read: a Bound Profile Package is tens of kilobytes. */
#define ES9_BODY_MAX (1024u * 1024u)
/** Time for one ES9+ function (the SM-DP+ may sign and bind a profile). */
#define ES9_TIMEOUT_MS 60000u

/** The headers of every ES9+ request (SGP.22 6.5.1). */
static const char *const es9_headers[] = {
	"Content-Type: application/json;charset=UTF-8",
	"Accept: application/json",
	"X-Admin-Protocol: gsma/rsp/v2.2.0",
	"User-Agent: doorstep-lpa",
	NULL,
};

ds_status es9_client_init(es9_client *c, ds_call *call, const char *address)
{
	memset(c, 0, sizeof *c);
	c->call = call;
	c->address = address;
	c->body = malloc(ES9_BODY_MAX);
	if (!c->body)
		return atmodem_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	c->body_size = ES9_BODY_MAX;
	return DS_OK;
}

void es9_client_free(es9_client *c)
{
	free(c->body);
	c->body = NULL;
}

/** Posts body to function; the answer in c->body, its status in *resp. */
static ds_status es9_post(es9_client *c, const char *function, const char *body, ds_http_response *resp)
{
	char url[512];
	ds_http_request req = {
		.method = "POST",
		.url = url,
		.headers = es9_headers,
		.body = (const uint8_t *)body,
		.body_len = strlen(body),
		.timeout_ms = ES9_TIMEOUT_MS,
		.tls = DS_TLS_VERIFY,
		.response_body = c->body,
		.response_size = c->body_size,
	};

	if ((size_t)snprintf(url, sizeof url, "https://%s/gsma/rsp2/es9plus/%s", c->address, function) >= sizeof url)
		return atmodem_host->fail(c->call, DS_ERR_INVALID, "%s", D_("The SM-DP+ address is too long."));
	return atmodem_host->http->request(c->call, &req, resp);
}

ds_status es9_call(es9_client *c, const char *function, const es9_field *fields, size_t n, es9_response *out)
{
	ds_http_response resp;
	char *body = es9_request_body(fields, n);
	ds_status st;

	memset(out, 0, sizeof *out);
	c->confirmation_refused = false;
	if (!body)
		return atmodem_host->fail(c->call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	atmodem_host->log(DS_LOG_DEBUG, "ES9+ %s to %s", function, c->address);
	st = es9_post(c, function, body, &resp);
	sodium_memzero(body, strlen(body)); /* authenticateServerResponse carries the Matching ID */
	free(body);
	if (st != DS_OK)
		return st; /* the host said why */
	if (c->quiet && (resp.status != 200 || es9_response_read(c->body, resp.body_len, out) != ES9_EXECUTED)) {
		atmodem_host->log(DS_LOG_INFO, "ES9+ %s: HTTP %ld, subject %s, reason %s", function, resp.status,
				  out->subject, out->reason);
		return DS_ERR_DEVICE;
	}
	es9_response_free(out);
	if (resp.status != 200)
		return atmodem_host->fail(c->call, DS_ERR_DEVICE,
					  D_("The SM-DP+ %s answered %s with HTTP status %ld instead of a result. "
					     "Try again later; if it persists, ask the operator."),
					  c->address, function, resp.status);
	switch (es9_response_read(c->body, resp.body_len, out)) {
	case ES9_EXECUTED:
		break;
	case ES9_FAILED:
		atmodem_host->log(DS_LOG_INFO, "ES9+ %s failed: subject %s, reason %s", function, out->subject,
				  out->reason);
		c->confirmation_refused = es9_status_is_confirmation(out->subject);
		return atmodem_host->fail(c->call, c->confirmation_refused ? DS_ERR_AUTH : DS_ERR_DEVICE,
					  D_("The SM-DP+ %s refused the download: %s (code %s, reason %s)."),
					  c->address, D_(es9_status_message(out->subject, out->reason)),
					  out->subject[0] ? out->subject : "-", out->reason[0] ? out->reason : "-");
	case ES9_EXPIRED:
		return atmodem_host->fail(c->call, DS_ERR_DEVICE,
					  D_("The SM-DP+ %s says the download session expired. Start the download "
					     "again."),
					  c->address);
	case ES9_MALFORMED:
		return atmodem_host->fail(c->call, DS_ERR_DEVICE,
					  D_("The SM-DP+ %s sent an answer to %s that is not an ES9+ message. Check "
					     "the activation code's address."),
					  c->address, function);
	}
	if (c->transaction_id[0]) {
		char tid[ES9_TRANSACTION_ID_SIZE];

		if (es9_response_text(out, "transactionId", tid, sizeof tid) == 0 && strcmp(tid, c->transaction_id) != 0)
			return atmodem_host->fail(c->call, DS_ERR_DEVICE,
						  D_("The SM-DP+ %s answered for another download session. Start the "
						     "download again."),
						  c->address);
	}
	return DS_OK;
}

ds_status es9_handle_notification(es9_client *c, const uint8_t *notification, size_t len)
{
	es9_field field = { .name = "pendingNotification", .data = notification, .len = len };
	ds_http_response resp;
	char *body = es9_request_body(&field, 1);
	ds_status st;

	if (!body)
		return atmodem_host->fail(c->call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	st = es9_post(c, "handleNotification", body, &resp);
	free(body);
	if (st != DS_OK)
		return st;
	if (resp.status != 204 && resp.status != 200)
		return atmodem_host->fail(c->call, DS_ERR_DEVICE,
					  D_("The server %s did not take the notification (HTTP status %ld)."),
					  c->address, resp.status);
	return DS_OK;
}
