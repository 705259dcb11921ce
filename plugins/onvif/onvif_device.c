/* SOAP calls over ds_host.http, the camera's clock, logins (ONVIF plugin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "onvif.h"

/** Room for a request envelope (the body plus the Security header). */
#define ENVELOPE_MAX 8192u

void onvif_answer_free(onvif_answer *ans)
{
	free(ans->xml);
	memset(ans, 0, sizeof *ans);
}

/** One HTTP exchange of an envelope; the answer's body in ans. */
static ds_status post(ds_call *call, const char *url, const char *envelope, ds_http_auth auth, const onvif_creds *creds,
		      onvif_answer *ans, bool *auth_failed)
{
	static const char *const headers[] = { "Content-Type: application/soap+xml; charset=utf-8", NULL };
	ds_http_request req = { 0 };
	ds_http_response resp = { 0 };
	ds_status st;

	free(ans->xml);
	memset(ans, 0, sizeof *ans);
	ans->xml = malloc(ONVIF_XML_MAX_DOC + 1);
	if (!ans->xml)
		return DS_ERR_NO_MEMORY;
	req.method = "POST";
	req.url = url;
	req.headers = headers;
	req.body = (const uint8_t *)envelope;
	req.body_len = strlen(envelope);
	req.timeout_ms = ONVIF_CALL_TIMEOUT_MS;
	req.auth = auth;
	req.user = auth != DS_HTTP_AUTH_NONE && creds ? creds->user : NULL;
	req.password = auth != DS_HTTP_AUTH_NONE && creds ? creds->password : NULL;
	req.tls = DS_TLS_TRUST_ON_FIRST_USE;
	req.response_body = (uint8_t *)ans->xml;
	req.response_size = ONVIF_XML_MAX_DOC;
	st = onvif_host->http->request(call, &req, &resp);
	if (st != DS_OK)
		return st;
	ans->len = resp.body_len;
	ans->xml[ans->len] = '\0';
	ans->http_status = resp.status;
	*auth_failed = resp.auth_failed || resp.status == 401;
	return DS_OK;
}

/** True when the answer is a SOAP fault that refuses the credentials. */
static bool fault_is_auth(const onvif_answer *ans)
{
	onvif_fault f;

	if (onvif_parse_fault(ans->xml, ans->len, &f) != ONVIF_XML_FAULT)
		return false;
	return strcmp(f.subcode, "NotAuthorized") == 0 || strcmp(f.subcode, "FailedAuthentication") == 0 ||
	       strcmp(f.code, "NotAuthorized") == 0;
}

ds_status onvif_call(ds_call *call, ds_device *dev, const char *url, const onvif_creds *creds, const char *body,
		     bool body_secret, onvif_answer *ans)
{
	char *envelope;
	bool auth_failed = false;
	ds_status st;

	memset(ans, 0, sizeof *ans);
	if (!onvif_host->http)
		return onvif_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
					D_("This version of doorstep cannot reach cameras over the network (no HTTP "
					   "service). Update doorstep."));
	envelope = body_secret ? onvif_host->secret_alloc(ENVELOPE_MAX) : malloc(ENVELOPE_MAX);
	if (!envelope)
		return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));

	if (creds && dev->auth != ONVIF_AUTH_HTTP) {
		onvif_wsse w = { .user = creds->user, .password = creds->password };

		onvif_host->random(w.nonce, sizeof w.nonce); /* a fresh nonce for every request */
		onvif_format_time((int64_t)time(NULL) + dev->clock_offset, w.created, sizeof w.created);
		st = onvif_envelope(&w, body, envelope, ENVELOPE_MAX) ? DS_OK : DS_ERR_INVALID;
		if (st == DS_OK)
			st = post(call, url, envelope, DS_HTTP_AUTH_NONE, NULL, ans, &auth_failed);
		ans->auth_tries = 1;
		/* a camera known to take WS-UsernameToken that answers 401 refuses the password */
		if (st == DS_OK && ans->http_status == 401 && dev->auth == ONVIF_AUTH_WSSE) {
			st = DS_ERR_AUTH;
			goto out;
		}
		if (st == DS_OK && ans->http_status != 401) {
			if (fault_is_auth(ans))
				st = DS_ERR_AUTH;
			else if (dev->auth == ONVIF_AUTH_UNKNOWN && ans->http_status == 200)
				dev->auth = ONVIF_AUTH_WSSE;
			goto out;
		}
		if (st != DS_OK)
			goto out;
		/* 401: this camera wants HTTP authentication */
	}
	st = onvif_envelope(NULL, body, envelope, ENVELOPE_MAX) ? DS_OK : DS_ERR_INVALID;
	if (st == DS_OK) {
		unsigned tries = ans->auth_tries + (creds ? 1u : 0u);

		st = post(call, url, envelope, creds ? DS_HTTP_AUTH_DIGEST : DS_HTTP_AUTH_NONE, creds, ans, &auth_failed);
		ans->auth_tries = tries;
	}
	if (st == DS_OK && creds) {
		if (auth_failed || fault_is_auth(ans))
			st = DS_ERR_AUTH;
		else if (ans->http_status == 200)
			dev->auth = ONVIF_AUTH_HTTP;
	} else if (st == DS_OK && (auth_failed || fault_is_auth(ans))) {
		st = DS_ERR_AUTH;
	}
out:
	if (body_secret)
		onvif_host->secret_free(envelope);
	else
		free(envelope);
	if (st == DS_ERR_INVALID)
		return onvif_host->fail(call, DS_ERR_INTERNAL, "%s",
					D_("A request to the camera was too long to build."));
	return st;
}

ds_status onvif_call_fail(ds_call *call, ds_device *dev, ds_status st, const onvif_answer *ans, const char *what)
{
	(void)dev;
	switch (st) {
	case DS_OK:
		break;
	case DS_ERR_AUTH:
		return onvif_host->fail(call, st,
					D_("The camera refused the password while %s. Check the password, or "
					   "reset the camera to its factory settings."),
					what);
	case DS_ERR_BUSY:
		return onvif_host->fail(call, st, "%s",
					D_("Several logins failed in a row. doorstep waits before it tries again, so that "
					   "the camera does not lock its accounts. Try again later."));
	case DS_ERR_DEVICE:
		if (!ans)
			return onvif_host->fail(call, st,
						D_("The camera's answer while %s was not understood. Update the camera's "
						   "firmware, or check the address."),
						what);
		break;
	default:
		/* the transport recorded its message already */
		return st;
	}
	if (ans->err == ONVIF_XML_FAULT) {
		onvif_fault f;

		(void)onvif_parse_fault(ans->xml, ans->len, &f);
		return onvif_host->fail(call, DS_ERR_DEVICE,
					D_("The camera refused %s (%s: %s). Check the camera's manual or update its "
					   "firmware."),
					what, f.subcode[0] ? f.subcode : f.code, f.reason[0] ? f.reason : "-");
	}
	if (ans->err == ONVIF_XML_TOO_BIG)
		return onvif_host->fail(call, DS_ERR_DEVICE,
					D_("The camera's answer while %s was too large. It may not be an ONVIF camera; "
					   "check the address."),
					what);
	return onvif_host->fail(call, DS_ERR_DEVICE,
				D_("The camera's answer while %s was not understood (HTTP %ld). It may not be an ONVIF "
				   "camera; check the address, or update the camera's firmware."),
				what, ans->http_status);
}

ds_status onvif_read_clock(ds_call *call, ds_device *dev, const char *url)
{
	char body[128];
	onvif_answer ans;
	onvif_datetime dt;
	ds_status st;

	if (!onvif_body_plain("GetSystemDateAndTime", false, body, sizeof body))
		return DS_ERR_INTERNAL;
	st = onvif_call(call, dev, url, NULL, body, false, &ans);
	if (st == DS_OK) {
		ans.err = onvif_parse_datetime(ans.xml, ans.len, &dt, &ans.fault);
		if (ans.err != ONVIF_XML_OK)
			st = DS_ERR_DEVICE;
	}
	if (st == DS_OK) {
		dev->clock_ntp = dt.ntp;
		dev->clock_known = dt.has_utc;
		dev->clock_offset = dt.has_utc ? dt.utc_seconds - (int64_t)time(NULL) : 0;
	}
	onvif_answer_free(&ans);
	return st;
}

/** Takes the camera's account list, keeping what is known of accounts that remain. */
static void merge_accounts(ds_device *dev, const onvif_users *users)
{
	onvif_account_state next[ONVIF_USERS_MAX];

	memset(next, 0, sizeof next);
	for (size_t i = 0; i < users->n; i++) {
		next[i].user = users->users[i];
		for (size_t k = 0; k < dev->n_accounts; k++) {
			if (strcmp(dev->accounts[k].user.name, users->users[i].name) == 0 &&
			    dev->accounts[k].user.name[0]) {
				next[i].on_default = dev->accounts[k].on_default;
				next[i].checked = dev->accounts[k].checked;
				next[i].password = dev->accounts[k].password;
				dev->accounts[k].password = NULL;
				dev->accounts[k].user.name[0] = '\0';
			}
		}
	}
	for (size_t k = 0; k < dev->n_accounts; k++)
		onvif_secret_clear(&dev->accounts[k].password);
	memcpy(dev->accounts, next, sizeof next);
	dev->n_accounts = users->n;
	dev->accounts_read = true;
}

ds_status onvif_try_login(ds_call *call, ds_device *dev, const char *user, const char *password, bool want_admin)
{
	onvif_creds creds = { .user = user, .password = password };
	onvif_device_information di;
	onvif_users users;
	onvif_answer ans;
	char body[128];
	uint32_t wait = onvif_backoff_wait(&dev->backoff, onvif_now_ms());
	unsigned tries;
	ds_status st;

	if (wait > 0 && wait <= ONVIF_LOGIN_SPACING_MS) {
		st = onvif_host->sleep(call, wait);
		if (st != DS_OK)
			return st;
	} else if (wait > 0) {
		return DS_ERR_BUSY;
	}
	(void)onvif_body_plain("GetDeviceInformation", false, body, sizeof body);
	st = onvif_call(call, dev, dev->url, &creds, body, false, &ans);
	if (st == DS_OK) {
		ans.err = onvif_parse_device_information(ans.xml, ans.len, &di, &ans.fault);
		if (ans.err == ONVIF_XML_OK && di.manufacturer[0])
			dev->info = di;
		else if (ans.err != ONVIF_XML_OK)
			st = DS_ERR_DEVICE;
	}
	if (st == DS_OK && want_admin) {
		onvif_answer_free(&ans);
		(void)onvif_body_plain("GetUsers", false, body, sizeof body);
		st = onvif_call(call, dev, dev->url, &creds, body, false, &ans);
		if (st == DS_OK) {
			ans.err = onvif_parse_users(ans.xml, ans.len, &users, &ans.fault);
			/* a fault here: logged in, but not allowed to list users (not an administrator) */
			st = ans.err == ONVIF_XML_OK ? DS_OK : ans.err == ONVIF_XML_FAULT ? DS_ERR_AUTH : DS_ERR_DEVICE;
		}
		if (st == DS_OK)
			merge_accounts(dev, &users);
	}
	tries = ans.auth_tries ? ans.auth_tries : 1;
	onvif_answer_free(&ans);
	/* every request that carried a wrong password counts, as the camera counts it */
	for (unsigned i = 0; st == DS_ERR_AUTH && i < tries; i++)
		onvif_backoff_failed(&dev->backoff, onvif_now_ms());
	if (st == DS_OK)
		onvif_backoff_succeeded(&dev->backoff);
	return st;
}

ds_status onvif_read_identity(ds_call *call, ds_device *dev)
{
	onvif_creds creds = { .user = dev->user, .password = dev->password };
	onvif_answer ans;
	char body[128];
	ds_status st;

	if (!dev->password)
		return DS_OK;
	(void)onvif_body_plain("GetNetworkInterfaces", false, body, sizeof body);
	st = onvif_call(call, dev, dev->url, &creds, body, false, &ans);
	if (st == DS_OK)
		(void)onvif_parse_hwaddress(ans.xml, ans.len, dev->mac, sizeof dev->mac, NULL);
	onvif_answer_free(&ans);
	return st == DS_ERR_CANCELLED ? st : DS_OK;
}
