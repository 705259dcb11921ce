/* Diagnostics of a camera (ONVIF plugin): its clock, the video stream
 * (GetProfiles, GetStreamUri, then RTSP OPTIONS and DESCRIBE with Digest over
 * ds_host.net), management over plain HTTP, and accounts beyond the
 * administrator; and the clock's repair (SetSystemDateAndTime). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "onvif.h"
#include "onvif_rtsp.h"

/** RTSP timeouts (ms): the connection, and each answer. */
#define RTSP_CONNECT_MS 3000u
#define RTSP_ANSWER_MS 5000u
/** Room for one RTSP answer. */
#define RTSP_BUF (ONVIF_RTSP_MAX_HEADER + ONVIF_RTSP_MAX_BODY)

enum { CHECK_CLOCK, CHECK_STREAM, CHECK_TRANSPORT, CHECK_ACCOUNTS, CHECK_COUNT };

/** The clock check: off by more than a minute is a warning with a fix. */
static ds_status check_clock(ds_call *call, ds_device *dev, ds_check *out)
{
	ds_status st = onvif_read_clock(call, dev, dev->url);
	long long off;

	ds_text_copy(out->id, sizeof out->id, "camera.clock");
	ds_text_copy(out->title, sizeof out->title, D_("Camera clock"));
	if (st == DS_ERR_CANCELLED)
		return st;
	if (st != DS_OK || !dev->clock_known) {
		out->grade = DS_CHECK_SKIPPED;
		ds_text_copy(out->advice, sizeof out->advice, D_("The camera did not tell its time."));
		return DS_OK;
	}
	off = (long long)dev->clock_offset;
	snprintf(out->value, sizeof out->value, D_("%+lld s"), off);
	if (off > ONVIF_CLOCK_LIMIT_S || off < -ONVIF_CLOCK_LIMIT_S) {
		out->grade = DS_CHECK_WARN;
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("The camera's clock is off by more than a minute: recordings get wrong times, and logins "
				"can fail. Set its clock from this laptop, or let it follow a time server (NTP)."));
		ds_text_copy(out->fix, sizeof out->fix, dev->clock_ntp ? "clock.ntp" : "clock.utc");
		ds_text_copy(out->fix_title, sizeof out->fix_title,
			     dev->clock_ntp ? D_("Use the time server") : D_("Set the clock"));
	} else {
		out->grade = DS_CHECK_PASS;
	}
	return DS_OK;
}

/** Reads one RTSP answer into buf. */
static ds_status rtsp_read(ds_call *call, ds_net_conn *conn, char *buf, onvif_rtsp_response *resp)
{
	size_t have = 0, got;
	uint64_t deadline = onvif_now_ms() + RTSP_ANSWER_MS;
	int r = 0;

	while (r == 0) {
		uint64_t now = onvif_now_ms();
		ds_status st;

		if (have >= RTSP_BUF || now >= deadline)
			return have >= RTSP_BUF ? DS_ERR_DEVICE : DS_ERR_TIMEOUT;
		st = onvif_host->net->tcp_recv(call, conn, (uint8_t *)buf + have, RTSP_BUF - have, &got,
					       (unsigned)(deadline - now));
		if (st != DS_OK)
			return st;
		have += got;
		r = onvif_rtsp_parse(buf, have, resp);
	}
	return r > 0 ? DS_OK : DS_ERR_DEVICE;
}

/** Sends one RTSP request and reads its answer. */
static ds_status rtsp_exchange(ds_call *call, ds_net_conn *conn, const char *method, const char *uri, long cseq,
			       const char *authorization, char *buf, onvif_rtsp_response *resp)
{
	char req[2048];
	ds_status st;

	if (!onvif_rtsp_request(method, uri, cseq, authorization, req, sizeof req))
		return DS_ERR_INVALID;
	st = onvif_host->net->tcp_send(call, conn, (const uint8_t *)req, strlen(req), RTSP_ANSWER_MS);
	if (st == DS_OK)
		st = rtsp_read(call, conn, buf, resp);
	if (st == DS_OK && resp->cseq != cseq)
		st = DS_ERR_DEVICE;
	return st;
}

/** GetProfiles, then GetStreamUri of the first profile. */
static ds_status stream_uri(ds_call *call, ds_device *dev, char *uri, size_t size)
{
	onvif_creds creds = { .user = dev->user, .password = dev->password };
	const char *url = dev->media_url[0] ? dev->media_url : dev->url;
	onvif_profiles profiles;
	onvif_answer ans;
	char body[512];
	ds_status st;

	(void)onvif_body_plain("GetProfiles", true, body, sizeof body);
	st = onvif_call(call, dev, url, &creds, body, false, &ans);
	if (st == DS_OK && onvif_parse_profiles(ans.xml, ans.len, &profiles, NULL) != ONVIF_XML_OK)
		st = DS_ERR_DEVICE;
	if (st == DS_OK && profiles.n == 0)
		st = DS_ERR_NOT_FOUND;
	onvif_answer_free(&ans);
	if (st != DS_OK)
		return st;
	if (!onvif_body_get_stream_uri(profiles.tokens[0], body, sizeof body))
		return DS_ERR_DEVICE;
	st = onvif_call(call, dev, url, &creds, body, false, &ans);
	if (st == DS_OK && onvif_parse_stream_uri(ans.xml, ans.len, uri, size, NULL) != ONVIF_XML_OK)
		st = DS_ERR_DEVICE;
	onvif_answer_free(&ans);
	return st;
}

/** The RTSP part: OPTIONS, DESCRIBE, DESCRIBE with Digest. */
static ds_status rtsp_check(ds_call *call, ds_device *dev, const char *uri, ds_check *out)
{
	onvif_rtsp_response resp;
	ds_net_conn *conn = NULL;
	char *buf, auth[1024], cnonce[33];
	uint8_t rnd[16];
	onvif_url parts;
	ds_status st;

	if (!onvif_url_split(uri, &parts) || strcmp(parts.scheme, "rtsp") != 0) {
		out->grade = DS_CHECK_FAIL;
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("The camera gave no RTSP address for its video. Update the camera's firmware."));
		return DS_OK;
	}
	if (!onvif_host->net) {
		out->grade = DS_CHECK_SKIPPED;
		ds_text_copy(out->advice, sizeof out->advice, D_("This version of doorstep cannot open video streams."));
		return DS_OK;
	}
	buf = malloc(RTSP_BUF + 1);
	if (!buf)
		return onvif_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	onvif_host->progress(call, 500, D_("Checking the video stream"));
	st = onvif_host->net->tcp_connect(call, parts.host, parts.port, RTSP_CONNECT_MS, &conn);
	if (st == DS_OK)
		st = rtsp_exchange(call, conn, "OPTIONS", uri, 1, NULL, buf, &resp);
	if (st == DS_OK)
		st = rtsp_exchange(call, conn, "DESCRIBE", uri, 2, NULL, buf, &resp);
	if (st == DS_OK && resp.status == 200) {
		out->grade = DS_CHECK_WARN;
		ds_text_copy(out->value, sizeof out->value, D_("open"));
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("Anyone on the network can watch this camera's video without a password. Turn on RTSP "
				"authentication in the camera's settings."));
		goto done;
	}
	if (st == DS_OK && resp.status == 401 && resp.digest.alg != ONVIF_DIGEST_NONE) {
		onvif_host->random(rnd, sizeof rnd);
		for (size_t i = 0; i < sizeof rnd; i++)
			snprintf(cnonce + 2 * i, 3, "%02x", rnd[i]);
		if (!onvif_digest_authorization(&resp.digest, dev->user, dev->password, "DESCRIBE", uri, cnonce, 1,
						auth, sizeof auth))
			st = DS_ERR_DEVICE;
		else
			st = rtsp_exchange(call, conn, "DESCRIBE", uri, 3, auth, buf, &resp);
		memset(auth, 0, sizeof auth);
	}
	if (st == DS_ERR_CANCELLED)
		goto done;
	if (st == DS_OK && resp.status == 200) {
		out->grade = DS_CHECK_PASS;
		ds_text_copy(out->value, sizeof out->value, D_("video with Digest"));
	} else if (st == DS_OK) {
		out->grade = DS_CHECK_FAIL;
		snprintf(out->value, sizeof out->value, "RTSP %d", resp.status);
		ds_text_copy(out->advice, sizeof out->advice,
			     resp.status == 401 && resp.basic_offered && resp.digest.alg == ONVIF_DIGEST_NONE
				     ? D_("The camera offers its video only with Basic authentication, which sends the "
					  "password in clear. Turn on Digest authentication for RTSP in its settings.")
				     : D_("The camera refused its video to the administrator. Check the RTSP settings "
					  "in the camera's web page."));
	} else {
		out->grade = DS_CHECK_FAIL;
		ds_text_copy(out->value, sizeof out->value, ds_status_str(st));
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("The camera's video stream (RTSP) does not answer. Check that RTSP is on in the camera's "
				"settings and that no firewall blocks its port."));
	}
	st = DS_OK;
done:
	onvif_host->net->tcp_close(conn);
	free(buf);
	return st;
}

static ds_status check_stream(ds_call *call, ds_device *dev, ds_check *out)
{
	char uri[ONVIF_URL_MAX];
	ds_status st;

	ds_text_copy(out->id, sizeof out->id, "camera.stream");
	ds_text_copy(out->title, sizeof out->title, D_("Video stream"));
	if (!dev->password) {
		out->grade = DS_CHECK_SKIPPED;
		ds_text_copy(out->advice, sizeof out->advice, D_("Log in to the camera to check its video."));
		return DS_OK;
	}
	st = stream_uri(call, dev, uri, sizeof uri);
	if (st == DS_ERR_CANCELLED)
		return st;
	if (st != DS_OK) {
		out->grade = DS_CHECK_FAIL;
		ds_text_copy(out->value, sizeof out->value, ds_status_str(st));
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("The camera did not tell where its video is (GetProfiles, GetStreamUri). Update its "
				"firmware, or check its media settings."));
		return DS_OK;
	}
	return rtsp_check(call, dev, uri, out);
}

static ds_status check_transport(ds_device *dev, ds_check *out)
{
	bool https = false;

	ds_text_copy(out->id, sizeof out->id, "camera.https");
	ds_text_copy(out->title, sizeof out->title, D_("Encrypted management"));
	for (size_t i = 0; i < dev->n_xaddrs; i++)
		https = https || strncmp(dev->xaddrs[i], "https://", 8) == 0;
	if (https) {
		out->grade = DS_CHECK_PASS;
		ds_text_copy(out->value, sizeof out->value, "https");
	} else {
		out->grade = DS_CHECK_WARN;
		ds_text_copy(out->value, sizeof out->value, "http");
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("The camera is managed over plain HTTP only: its settings travel unencrypted on the "
				"network. Turn on HTTPS in its settings if it has it, and keep it on a separate network."));
	}
	return DS_OK;
}

static ds_status check_accounts(ds_call *call, ds_device *dev, ds_check *out)
{
	size_t others = 0, defaults = 0;
	ds_account acc;

	ds_text_copy(out->id, sizeof out->id, "camera.accounts");
	ds_text_copy(out->title, sizeof out->title, D_("Camera accounts"));
	if (!dev->password) {
		out->grade = DS_CHECK_SKIPPED;
		ds_text_copy(out->advice, sizeof out->advice, D_("Log in to the camera to check its accounts."));
		return DS_OK;
	}
	if (onvif_accounts_recheck(call, dev) == DS_ERR_CANCELLED)
		return DS_ERR_CANCELLED;
	for (size_t i = 1; i < ONVIF_USERS_MAX; i++) {
		ds_status st = onvif_account(call, dev, i, &acc);

		if (st == DS_ERR_NOT_FOUND)
			break;
		if (st != DS_OK)
			return st;
		others++;
		defaults += acc.on_factory_default;
	}
	snprintf(out->value, sizeof out->value, "%zu", others + 1);
	if (defaults > 0) {
		out->grade = DS_CHECK_FAIL;
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("Another account of the camera still has a factory password. Give it a new password or "
				"delete it."));
	} else if (others > 0) {
		out->grade = DS_CHECK_WARN;
		ds_text_copy(out->advice, sizeof out->advice,
			     D_("The camera has accounts beyond the administrator. Delete those nobody needs."));
	} else {
		out->grade = DS_CHECK_PASS;
	}
	return DS_OK;
}

ds_status onvif_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out)
{
	switch (index) {
	case CHECK_CLOCK:
		return check_clock(call, dev, out);
	case CHECK_STREAM:
		return check_stream(call, dev, out);
	case CHECK_TRANSPORT:
		return check_transport(dev, out);
	case CHECK_ACCOUNTS:
		return check_accounts(call, dev, out);
	default:
		break;
	}
	return DS_ERR_NOT_FOUND;
}

ds_status onvif_check_fix(ds_call *call, ds_device *dev, const char *fix)
{
	onvif_creds creds = { .user = dev->user, .password = dev->password };
	bool ntp = strcmp(fix, "clock.ntp") == 0;
	onvif_answer ans;
	char body[1024];
	ds_status st;

	if (!ntp && strcmp(fix, "clock.utc") != 0)
		return onvif_host->fail(call, DS_ERR_UNSUPPORTED, D_("This camera has no repair called \"%s\"."), fix);
	if (!dev->password)
		return onvif_host->fail(call, DS_ERR_AUTH, "%s", D_("Log in to the camera first."));
	if (!onvif_body_set_time(ntp, (int64_t)time(NULL), body, sizeof body))
		return DS_ERR_INTERNAL;
	onvif_host->progress(call, 0, D_("Setting the camera's clock"));
	st = onvif_call(call, dev, dev->url, &creds, body, false, &ans);
	if (st == DS_OK) {
		ans.err = onvif_parse_empty(ans.xml, ans.len, ONVIF_NS_TDS, "SetSystemDateAndTimeResponse", &ans.fault);
		if (ans.err != ONVIF_XML_OK)
			st = onvif_call_fail(call, dev, DS_OK, &ans, D_("setting the clock"));
	} else {
		st = onvif_call_fail(call, dev, st, &ans, D_("setting the clock"));
	}
	onvif_answer_free(&ans);
	if (st != DS_OK)
		return st;
	/* prove it: read the time back (a camera on NTP may need a while; then it is not graded here) */
	st = onvif_read_clock(call, dev, dev->url);
	if (st != DS_OK)
		return st == DS_ERR_CANCELLED ? st
					      : onvif_call_fail(call, dev, DS_ERR_DEVICE, NULL, D_("reading the clock"));
	if (!ntp && (dev->clock_offset > ONVIF_CLOCK_LIMIT_S || dev->clock_offset < -ONVIF_CLOCK_LIMIT_S))
		return onvif_host->fail(call, DS_ERR_DEVICE, "%s",
					D_("The camera took the new time but its clock is still off. Check its time zone "
					   "and NTP settings in its web page."));
	return DS_OK;
}
