/* The secure session and Wi-Fi of an ESP provisioning device: proto-ver
 * (waiting, with a countdown, for the laptop to join the device's network),
 * security 0, 1 or 2 as the device asks, the device's own scan, the home
 * network's credentials with the status asked for every second until
 * connected or failed, and a reset of the device's provisioning state after
 * a failure so that the next try works without a power cycle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "espprov.h"

/** Sends one message to endpoint over the device's link. */
static ds_status send_raw(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
			  uint8_t *buf, size_t cap, size_t *got)
{
	if (dev->ble)
		return espprov_ble_send(call, dev, endpoint, req, len, buf, cap, got);
	return espprov_softap_send(call, dev, endpoint, req, len, buf, cap, got);
}

/** Sends a plaintext message to a data endpoint through the session and
 *  decrypts the answer into plain (cap bytes, *got). */
static ds_status send_secure(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
			     uint8_t *plain, size_t cap, size_t *got)
{
	size_t over = espprov_session_overhead(dev->session), n = 0;
	uint8_t *wire = espprov_host->secret_alloc(len + over); /* a request may hold the Wi-Fi key */
	uint8_t *answer = malloc(ESPPROV_ANSWER_MAX);
	espprov_result r;
	ds_status st;

	if (!wire || !answer) {
		espprov_host->secret_free(wire);
		free(answer);
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	}
	r = espprov_encrypt(dev->session, req, len, wire, len + over, &n);
	st = r == ESPPROV_OK
		     ? send_raw(call, dev, endpoint, wire, n, answer, ESPPROV_ANSWER_MAX, &n)
		     : espprov_host->fail(call, DS_ERR_INTERNAL, "%s", D_("The message could not be encrypted."));
	espprov_host->secret_free(wire);
	if (st == DS_OK) {
		r = espprov_decrypt(dev->session, answer, n, plain, cap, got);
		if (r != ESPPROV_OK)
			st = espprov_host->fail(call, DS_ERR_DEVICE,
						D_("The device's answer could not be read (%s). Turn the device off "
						   "and on again, then scan its label again."),
						espprov_result_str(r));
	}
	free(answer);
	return st;
}

ds_status espprov_endpoint_call(ds_call *call, ds_device *dev, const char *endpoint, const uint8_t *req, size_t len,
				uint8_t *plain, size_t cap, size_t *got)
{
	*got = 0;
	if (!dev->session)
		return espprov_host->fail(call, DS_ERR_INVALID, "%s",
					  D_("The device has no secure session yet. Scan its label again."));
	if (!endpoint || !espprov_endpoint_name_ok(endpoint))
		return espprov_host->fail(call, DS_ERR_INVALID, "%s",
					  D_("A device endpoint is named with lowercase letters, digits, '-' and '_'."));
	return send_secure(call, dev, endpoint, req, len, plain, cap, got);
}

/** proto-ver, asked until the device answers or the wait is over. */
static ds_status read_proto_ver(ds_call *call, ds_device *dev)
{
	static const uint8_t hello[] = "ESP";
	uint64_t start = espprov_now_ms(), deadline = start + ESPPROV_JOIN_WAIT_MS;
	char text[ESPPROV_ANSWER_MAX + 1];
	size_t got = 0;
	ds_status st;

	for (;;) {
		st = send_raw(call, dev, "proto-ver", hello, sizeof hello - 1, (uint8_t *)text, sizeof text - 1, &got);
		if (st == DS_OK || st == DS_ERR_CANCELLED || st == DS_ERR_UNSUPPORTED || dev->ble)
			break; /* over Bluetooth the link is up already: no network to wait for */
		if (espprov_now_ms() >= deadline)
			return espprov_host->fail(call, DS_ERR_TIMEOUT,
						  D_("The device did not answer at %s. Join this laptop to the "
						     "device's own Wi-Fi network \"%s\" (it appears while the device "
						     "waits to be set up), then try again."),
						  dev->hostport, dev->name);
		{
			char msg[256];
			unsigned left = (unsigned)((deadline - espprov_now_ms() + 999) / 1000);

			snprintf(msg, sizeof msg,
				 D_("Join this laptop to the Wi-Fi network \"%s\" (the device's own): waiting for the "
				    "device, %u s left"),
				 dev->name, left);
			espprov_host->progress(call,
					       (unsigned)((espprov_now_ms() - start) * 300 / ESPPROV_JOIN_WAIT_MS), msg);
		}
		st = espprov_host->sleep(call, ESPPROV_POLL_MS);
		if (st != DS_OK)
			return st;
	}
	if (st != DS_OK)
		return st;
	text[got] = '\0';
	if (espprov_proto_ver_parse(text, got, &dev->ver) == ESPPROV_OK)
		return DS_OK;
	if (dev->ble)
		return espprov_host->fail(call, DS_ERR_DEVICE,
					  D_("The device \"%s\" answers over Bluetooth, but not as an ESP provisioning "
					     "device. Check that it is the device on the label and that it waits to be "
					     "set up."),
					  dev->name);
	return espprov_host->fail(call, DS_ERR_DEVICE,
				  D_("The device at %s answers, but not as an ESP provisioning device. Check "
				     "the address and that the device waits to be set up."),
				  dev->hostport);
}

/** True when the device still answers proto-ver (after a refused step). */
static bool still_there(ds_call *call, ds_device *dev)
{
	static const uint8_t hello[] = "ESP";
	uint8_t buf[512];
	size_t got;

	return send_raw(call, dev, "proto-ver", hello, sizeof hello - 1, buf, sizeof buf, &got) == DS_OK;
}

/** The message for a session that could not be set up. */
static ds_status session_fail(ds_call *call, ds_device *dev, espprov_result r)
{
	switch (r) {
	case ESPPROV_ERR_PROOF:
		return espprov_host->fail(call, DS_ERR_AUTH,
					  D_("The code on the label does not match this device (it refused the "
					     "proof of possession). Check that you scanned the label of this very "
					     "device, then scan it again."));
	case ESPPROV_ERR_UNSUPPORTED:
		return espprov_host->fail(call, DS_ERR_UNSUPPORTED,
					  D_("The device asks for security version %d, which doorstep does not speak. "
					     "Ask its maker for a firmware update."),
					  dev->ver.sec_ver);
	case ESPPROV_ERR_NOMEM:
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	default:
		return espprov_host->fail(call, DS_ERR_DEVICE,
					  D_("The device's answer during the secure set-up was not valid (%s). Turn "
					     "the device off and on again, then try again."),
					  espprov_result_str(r));
	}
}

ds_status espprov_connect(ds_call *call, ds_device *dev, const espprov_label *label)
{
	const char *user = label ? label->username : NULL, *secret = label ? label->pop : NULL;
	uint8_t *req = NULL, *answer;
	size_t req_len = 0, got = 0;
	espprov_result r;
	ds_status st = read_proto_ver(call, dev);

	if (st != DS_OK)
		return st;
	if (dev->ver.sec_ver == 2 && (!user || !secret))
		return espprov_host->fail(call, DS_ERR_AUTH, "%s",
					  D_("This device needs the user name and code of its label. Scan the label "
					     "(the QR code on the device or its box)."));
	if (dev->ver.sec_ver == 1 && !dev->ver.cap_no_pop && !secret)
		return espprov_host->fail(call, DS_ERR_AUTH, "%s",
					  D_("This device needs the code of its label (its proof of possession). Scan "
					     "the label (the QR code on the device or its box)."));
	espprov_session_free(dev->session);
	dev->session = NULL;
	dev->cookie[0] = '\0'; /* a new session */
	r = espprov_session_new(dev->ver.sec_ver, dev->ver.sec_patch_ver, (const uint8_t *)user, user ? strlen(user) : 0,
				(const uint8_t *)secret, secret ? strlen(secret) : 0, &dev->session);
	if (r != ESPPROV_OK)
		return session_fail(call, dev, r);
	answer = malloc(ESPPROV_ANSWER_MAX);
	if (!answer)
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	espprov_host->progress(call, 400, D_("Setting up a secure session with the device"));
	r = espprov_session_next(dev->session, NULL, 0, &req, &req_len);
	while (r == ESPPROV_SEND) {
		st = send_raw(call, dev, "prov-session", req, req_len, answer, ESPPROV_ANSWER_MAX, &got);
		espprov_free(req);
		req = NULL;
		if (st == DS_ERR_CANCELLED || st == DS_ERR_UNSUPPORTED)
			break;
		if (st != DS_OK) {
			/* a device that refuses the proof drops the request: it answers nothing */
			if (!still_there(call, dev) && dev->ble) {
				st = espprov_host->fail(call, DS_ERR_IO,
							D_("The device \"%s\" stopped answering over Bluetooth during "
							   "the secure set-up. Move closer, turn it off and on to "
							   "restart its provisioning mode, then try again."),
							dev->name);
				break;
			}
			if (!dev->ble && !still_there(call, dev)) {
				st = espprov_host->fail(call, DS_ERR_IO,
							D_("The device stopped answering during the secure set-up. "
							   "Check that it is powered and that this laptop is still on "
							   "its network \"%s\", then try again."),
							dev->name);
				break;
			}
			got = 0;
		}
		r = espprov_session_next(dev->session, answer, got, &req, &req_len);
		st = DS_OK;
	}
	free(answer);
	if (st != DS_OK || r != ESPPROV_OK) {
		espprov_session_free(dev->session);
		dev->session = NULL;
		return st != DS_OK ? st : session_fail(call, dev, r);
	}
	return DS_OK;
}

/** Runs the device's scan and reads every result, a page at a time. */
static ds_status scan(ds_call *call, ds_device *dev)
{
	espprov_scan_params params = { .blocking = true };
	uint8_t plain[ESPPROV_ANSWER_MAX], *req = NULL;
	size_t len = 0, got = 0, n = 0;
	bool finished = false;
	uint32_t count = 0;
	ds_status st;

	dev->n_scan = 0;
	espprov_host->progress(call, 100, D_("The device is looking for Wi-Fi networks"));
	if (espprov_wifi_scan_start_request(&params, &req, &len) != ESPPROV_OK)
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	st = send_secure(call, dev, "prov-scan", req, len, plain, sizeof plain, &got);
	espprov_free(req);
	if (st != DS_OK)
		return st;
	if (espprov_wifi_parse_scan_start(plain, got) != ESPPROV_OK)
		return espprov_host->fail(call, DS_ERR_DEVICE, "%s",
					  D_("The device could not start a Wi-Fi scan. Turn it off and on again, then "
					     "try again."));
	for (unsigned tries = 0; !finished; tries++) {
		if (tries > 0 && (st = espprov_host->sleep(call, 500)) != DS_OK)
			return st;
		if (tries >= 30)
			return espprov_host->fail(call, DS_ERR_TIMEOUT, "%s",
						  D_("The device's Wi-Fi scan did not finish within 15 seconds. Turn it "
						     "off and on again, then try again."));
		if (espprov_wifi_scan_status_request(&req, &len) != ESPPROV_OK)
			return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
		st = send_secure(call, dev, "prov-scan", req, len, plain, sizeof plain, &got);
		espprov_free(req);
		if (st != DS_OK)
			return st;
		if (espprov_wifi_parse_scan_status(plain, got, &finished, &count) != ESPPROV_OK)
			return espprov_host->fail(call, DS_ERR_DEVICE, "%s",
						  D_("The device's answer about its Wi-Fi scan is not valid. Turn it off "
						     "and on again, then try again."));
	}
	if (count > ESPPROV_SCAN_MAX)
		count = ESPPROV_SCAN_MAX;
	while (dev->n_scan < count) {
		uint32_t page = count - (uint32_t)dev->n_scan < ESPPROV_SCAN_PAGE ? count - (uint32_t)dev->n_scan
										  : ESPPROV_SCAN_PAGE;

		espprov_host->progress(call, (unsigned)(300 + dev->n_scan * 700 / count),
				       D_("Reading the networks the device sees"));
		if (espprov_wifi_scan_result_request((uint32_t)dev->n_scan, page, &req, &len) != ESPPROV_OK)
			return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
		st = send_secure(call, dev, "prov-scan", req, len, plain, sizeof plain, &got);
		espprov_free(req);
		if (st != DS_OK)
			return st;
		if (espprov_wifi_parse_scan_result(plain, got, dev->scan + dev->n_scan, ESPPROV_SCAN_MAX - dev->n_scan,
						   &n) != ESPPROV_OK ||
		    n == 0 || n > page)
			return espprov_host->fail(call, DS_ERR_DEVICE, "%s",
						  D_("The device's list of Wi-Fi networks is not valid. Turn it off and "
						     "on again, then try again."));
		dev->n_scan += n;
	}
	dev->scanned = true;
	return DS_OK;
}

/** The SDK's words for a network's security. */
static const char *security_word(espprov_wifi_auth a)
{
	switch (a) {
	case ESPPROV_AUTH_OPEN:
		return "open";
	case ESPPROV_AUTH_WEP:
		return "wep";
	case ESPPROV_AUTH_WPA_PSK:
		return "wpa";
	case ESPPROV_AUTH_WPA3_PSK:
	case ESPPROV_AUTH_WPA2_WPA3_PSK:
		return "wpa3";
	default:
		return "wpa2";
	}
}

/** An SSID as text: the device's bytes with anything not printable ASCII as '?'. */
static void ssid_text(const uint8_t *ssid, size_t len, char *out, size_t size)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k + 1 < size; i++)
		out[k++] = ssid[i] >= 0x20 && ssid[i] < 0x7f ? (char)ssid[i] : '?';
	out[k] = '\0';
}

ds_status espprov_op_wifi_scan(ds_call *call, ds_device *dev, size_t index, ds_wifi_network *out)
{
	if (index == 0 || !dev->scanned) {
		ds_status st;

		if (!dev->ver.cap_wifi_scan)
			return espprov_host->fail(call, DS_ERR_UNSUPPORTED, "%s",
						  D_("This device does not scan for networks: type your network's "
						     "name."));
		st = scan(call, dev);
		if (st != DS_OK)
			return st;
	}
	if (index >= dev->n_scan)
		return DS_ERR_NOT_FOUND;
	ssid_text(dev->scan[index].ssid, dev->scan[index].ssid_len, out->ssid, sizeof out->ssid);
	ds_text_copy(out->security, sizeof out->security, security_word(dev->scan[index].auth));
	out->rssi_dbm = dev->scan[index].rssi;
	out->channel = dev->scan[index].channel;
	return DS_OK;
}

/** Asks the device to forget the failed attempt (prov-ctrl reset). */
static void reset_attempt(ds_call *call, ds_device *dev)
{
	uint8_t plain[256], *req = NULL;
	size_t len = 0, got = 0;

	if (espprov_wifi_ctrl_reset_request(&req, &len) != ESPPROV_OK)
		return;
	if (send_secure(call, dev, "prov-ctrl", req, len, plain, sizeof plain, &got) != DS_OK ||
	    espprov_wifi_parse_ctrl_reset(plain, got) != ESPPROV_OK)
		espprov_host->log(DS_LOG_INFO, "espprov: the device did not take the reset after a failed attempt");
	espprov_free(req);
}

/** Sends a prov-config request and checks its answer with parse. */
static ds_status config_step(ds_call *call, ds_device *dev, uint8_t *req, size_t len,
			     espprov_result (*parse)(const uint8_t *, size_t))
{
	uint8_t plain[512];
	size_t got = 0;
	ds_status st = send_secure(call, dev, "prov-config", req, len, plain, sizeof plain, &got);

	espprov_free(req);
	if (st != DS_OK)
		return st;
	if (parse(plain, got) != ESPPROV_OK)
		return espprov_host->fail(call, DS_ERR_DEVICE, "%s",
					  D_("The device did not take the Wi-Fi settings. Turn it off and on again, then "
					     "try again."));
	return DS_OK;
}

/** The station status, asked for once. */
static ds_status read_status(ds_call *call, ds_device *dev, espprov_wifi_status *out)
{
	uint8_t plain[512], *req = NULL;
	size_t len = 0, got = 0;
	ds_status st;

	if (espprov_wifi_status_request(&req, &len) != ESPPROV_OK)
		return espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	st = send_secure(call, dev, "prov-config", req, len, plain, sizeof plain, &got);
	espprov_free(req);
	if (st != DS_OK)
		return st;
	if (espprov_wifi_parse_status(plain, got, out) != ESPPROV_OK)
		return espprov_host->fail(call, DS_ERR_DEVICE, "%s",
					  D_("The device's Wi-Fi status is not valid. Turn it off and on again, then try "
					     "again."));
	return DS_OK;
}

/** The message for a connection the device reports as failed (after a reset). */
static ds_status connect_failed(ds_call *call, ds_device *dev, const espprov_wifi_status *s, const char *ssid)
{
	reset_attempt(call, dev);
	if (s->fail == ESPPROV_FAIL_AUTH)
		return espprov_host->fail(call, DS_ERR_AUTH,
					  D_("The device could not join \"%s\": the Wi-Fi key was refused. Type the "
					     "Wi-Fi key again (it is case-sensitive)."),
					  ssid);
	if (s->fail == ESPPROV_FAIL_NOT_FOUND)
		return espprov_host->fail(call, DS_ERR_NOT_FOUND,
					  D_("The device cannot find the network \"%s\". It sees only 2.4 GHz networks: "
					     "choose one it lists, or move it closer to the router."),
					  ssid);
	return espprov_host->fail(call, DS_ERR_DEVICE,
				  D_("The device could not join \"%s\" and gave no reason. Check the network's "
				     "name and key, then try again."),
				  ssid);
}

ds_status espprov_op_wifi_configure(ds_call *call, ds_device *dev, const char *ssid, const char *key)
{
	espprov_wifi_credentials c = { .ssid = (const uint8_t *)ssid,
				       .ssid_len = strlen(ssid),
				       .passphrase = (const uint8_t *)key,
				       .passphrase_len = key ? strlen(key) : 0 };
	uint64_t start, deadline;
	uint8_t *req = NULL;
	size_t len = 0;
	ds_status st;

	if (c.ssid_len == 0 || c.ssid_len > ESPPROV_SSID_MAX || c.passphrase_len > ESPPROV_PASSPHRASE_MAX)
		return espprov_host->fail(call, DS_ERR_INVALID, "%s",
					  D_("A Wi-Fi network's name has 1 to 32 characters and its key at most 64. "
					     "Check them and try again."));
	if (espprov_wifi_set_config_request(&c, &req, &len) != ESPPROV_OK)
		return espprov_host->fail(call, DS_ERR_INVALID, "%s",
					  D_("These Wi-Fi settings cannot be sent to the device. Check the network's "
					     "name and key."));
	espprov_host->progress(call, 100, D_("Sending the Wi-Fi settings to the device"));
	st = config_step(call, dev, req, len, espprov_wifi_parse_set_config);
	if (st == DS_OK && espprov_wifi_apply_request(&req, &len) != ESPPROV_OK)
		st = espprov_host->fail(call, DS_ERR_NO_MEMORY, "%s", D_("Out of memory."));
	else if (st == DS_OK)
		st = config_step(call, dev, req, len, espprov_wifi_parse_apply);
	if (st != DS_OK)
		return st;
	memcpy(dev->ssid, ssid, c.ssid_len);
	dev->ssid_len = c.ssid_len;
	dev->connected = false;
	start = espprov_now_ms();
	deadline = start + ESPPROV_CONNECT_WAIT_MS;
	for (;;) {
		espprov_wifi_status s;
		char msg[256];

		st = read_status(call, dev, &s);
		if (st != DS_OK)
			return st;
		if (s.state == ESPPROV_STA_CONNECTED) {
			dev->connected = true;
			ds_text_copy(dev->ip4, sizeof dev->ip4, s.ip4);
			snprintf(msg, sizeof msg, D_("Connected to \"%s\" with the address %s"), ssid, dev->ip4);
			espprov_host->progress(call, 1000, msg);
			return DS_OK;
		}
		if (s.state == ESPPROV_STA_FAILED || s.state == ESPPROV_STA_DISCONNECTED)
			return connect_failed(call, dev, &s, ssid);
		if (espprov_now_ms() >= deadline) {
			reset_attempt(call, dev);
			return espprov_host->fail(call, DS_ERR_TIMEOUT,
						  D_("The device was still connecting to \"%s\" after %u seconds. Check "
						     "that the router is on and near, then try again."),
						  ssid, ESPPROV_CONNECT_WAIT_MS / 1000u);
		}
		snprintf(msg, sizeof msg, D_("The device is joining \"%s\": %u s left"), ssid,
			 (unsigned)((deadline - espprov_now_ms() + 999) / 1000));
		espprov_host->progress(call,
				       (unsigned)(200 + (espprov_now_ms() - start) * 800 / ESPPROV_CONNECT_WAIT_MS), msg);
		st = espprov_host->sleep(call, ESPPROV_POLL_MS);
		if (st != DS_OK)
			return st;
	}
}

ds_status espprov_op_wifi_status(ds_call *call, ds_device *dev, ds_wifi_network *out)
{
	espprov_wifi_status s;
	ds_status st;

	if (!dev->connected)
		return DS_ERR_NOT_FOUND;
	st = read_status(call, dev, &s);
	if (st != DS_OK)
		return st;
	if (s.state != ESPPROV_STA_CONNECTED)
		return DS_ERR_NOT_FOUND;
	ssid_text(s.ssid_len ? s.ssid : dev->ssid, s.ssid_len ? s.ssid_len : dev->ssid_len, out->ssid, sizeof out->ssid);
	ds_text_copy(out->security, sizeof out->security, security_word(s.auth));
	out->rssi_dbm = INT32_MIN;
	out->channel = s.channel > 0 ? (uint32_t)s.channel : 0;
	return DS_OK;
}
