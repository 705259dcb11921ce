/* A device's provisioning endpoints over its own access point (SoftAP):
 * `POST /<endpoint>` with the raw message as the body, on the host's HTTP
 * service. The device keeps the session by the "session" cookie it sets on
 * its first answer; every host request is a connection of its own, so the
 * cookie goes back with each request (request_ex reads it). */
#include <stdio.h>
#include <string.h>

#include "espprov.h"

/** Keeps "session=VALUE" of a Set-Cookie line in headers, if any. */
static void take_cookie(ds_device *dev, const char *headers)
{
	for (const char *p = headers; p && *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > 12 && strncasecmp(p, "Set-Cookie:", 11) == 0) {
			const char *v = p + 11;
			size_t n;

			while (*v == ' ')
				v++;
			n = strcspn(v, ";\n");
			if (n > 8 && strncmp(v, "session=", 8) == 0 && n < sizeof dev->cookie) {
				memcpy(dev->cookie, v, n);
				dev->cookie[n] = '\0';
			}
		}
		p = end ? end + 1 : NULL;
	}
}

ds_status espprov_softap_send(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
			      uint8_t *buf, size_t cap, size_t *got)
{
	char url[256], cookie[sizeof dev->cookie + 16], headers_in[512];
	const char *headers[] = { "Content-Type: application/x-www-form-urlencoded", "Accept: text/plain",
				  dev->cookie[0] ? cookie : NULL, NULL };
	ds_http_extra extra = { .struct_size = sizeof extra, .headers = headers_in, .headers_size = sizeof headers_in };
	ds_http_response resp;
	ds_http_request r = {
		.method = "POST",
		.url = url,
		.headers = headers,
		.body = req,
		.body_len = len,
		.timeout_ms = ESPPROV_CALL_TIMEOUT_MS,
		.response_body = buf,
		.response_size = cap,
	};
	ds_status st;

	*got = 0;
	snprintf(url, sizeof url, "http://%s/%s", dev->hostport, endpoint);
	snprintf(cookie, sizeof cookie, "Cookie: %s", dev->cookie);
	st = espprov_host->http->request_ex(call, &r, &resp, &extra);
	if (st == DS_ERR_DEVICE)
		return espprov_host->fail(call, st,
					  D_("The device answered with far more than a provisioning message. Turn it "
					     "off and on again, then try again; if it happens again, it is not an ESP "
					     "provisioning device."));
	if (st != DS_OK)
		return st; /* unreachable, timeout: the host said so */
	if (!dev->cookie[0])
		take_cookie(dev, headers_in);
	if (resp.status == 404) /* protocomm's HTTP server knows no such endpoint */
		return espprov_host->fail(call, DS_ERR_UNSUPPORTED,
					  D_("The device has no endpoint \"/%s\". Its firmware may be older than the "
					     "plugin expects; ask its maker."),
					  endpoint);
	if (resp.status != 200)
		return espprov_host->fail(call, DS_ERR_DEVICE,
					  D_("The device refused the request (HTTP %ld at /%s). Turn it off and on "
					     "again, then try again."),
					  resp.status, endpoint);
	*got = resp.body_len;
	return DS_OK;
}
