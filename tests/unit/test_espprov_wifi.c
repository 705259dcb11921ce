/* The ESP provisioning core's Wi-Fi messages: each request decoded as the
 * device would (protobuf-c's generated code for proto/wifi_*.proto), each
 * answer built as a device would and parsed back; device errors, wrong
 * message types, fields over their bounds, garbage. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "espprov_wifi.h"
#include "wifi_config.pb-c.h"
#include "wifi_ctrl.pb-c.h"
#include "wifi_scan.pb-c.h"

/** A packed device answer (free()). */
static uint8_t *packed(const ProtobufCMessage *m, size_t *len)
{
	uint8_t *buf = malloc(protobuf_c_message_get_packed_size(m) + 1);

	cr_assert_not_null(buf);
	*len = protobuf_c_message_pack(m, buf);
	return buf;
}

Test(espprov_wifi, scan_requests_as_the_device_reads_them)
{
	espprov_scan_params p = { .blocking = true, .passive = false, .group_channels = 4, .period_ms = 120 };
	uint8_t *req = NULL;
	size_t len = 0;
	WiFiScanPayload *m;

	cr_assert_eq(espprov_wifi_scan_start_request(&p, &req, &len), ESPPROV_OK);
	m = wi_fi_scan_payload__unpack(NULL, len, req);
	cr_assert_not_null(m);
	cr_expect_eq(m->msg, WI_FI_SCAN_MSG_TYPE__TypeCmdScanStart);
	cr_assert_eq(m->payload_case, WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_START);
	cr_expect(m->cmd_scan_start->blocking);
	cr_expect(!m->cmd_scan_start->passive);
	cr_expect_eq(m->cmd_scan_start->group_channels, 4);
	cr_expect_eq(m->cmd_scan_start->period_ms, 120);
	wi_fi_scan_payload__free_unpacked(m, NULL);
	espprov_free(req);

	cr_assert_eq(espprov_wifi_scan_status_request(&req, &len), ESPPROV_OK);
	m = wi_fi_scan_payload__unpack(NULL, len, req);
	cr_assert_not_null(m);
	cr_expect_eq(m->msg, WI_FI_SCAN_MSG_TYPE__TypeCmdScanStatus);
	cr_expect_eq(m->payload_case, WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_STATUS);
	wi_fi_scan_payload__free_unpacked(m, NULL);
	espprov_free(req);

	cr_assert_eq(espprov_wifi_scan_result_request(4, 4, &req, &len), ESPPROV_OK);
	m = wi_fi_scan_payload__unpack(NULL, len, req);
	cr_assert_not_null(m);
	cr_assert_eq(m->payload_case, WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_RESULT);
	cr_expect_eq(m->cmd_scan_result->start_index, 4);
	cr_expect_eq(m->cmd_scan_result->count, 4);
	wi_fi_scan_payload__free_unpacked(m, NULL);
	espprov_free(req);
}

Test(espprov_wifi, scan_answers)
{
	WiFiScanPayload m = WI_FI_SCAN_PAYLOAD__INIT;
	RespScanStart start = RESP_SCAN_START__INIT;
	RespScanStatus status = RESP_SCAN_STATUS__INIT;
	RespScanResult result = RESP_SCAN_RESULT__INIT;
	WiFiScanResult e1 = WI_FI_SCAN_RESULT__INIT, e2 = WI_FI_SCAN_RESULT__INIT, *entries[2] = { &e1, &e2 };
	uint8_t bssid[6] = { 0x24, 0x0a, 0xc4, 1, 2, 3 }, *buf;
	espprov_wifi_ap aps[4];
	size_t len, n = 0;
	bool finished = false;
	uint32_t count = 0;

	m.msg = WI_FI_SCAN_MSG_TYPE__TypeRespScanStart;
	m.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_START;
	m.resp_scan_start = &start;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_scan_start(buf, len), ESPPROV_OK);
	/* the same answer read as another one is malformed */
	cr_expect_eq(espprov_wifi_parse_scan_status(buf, len, &finished, &count), ESPPROV_ERR_MALFORMED);
	free(buf);
	m.status = STATUS__InternalError;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_scan_start(buf, len), ESPPROV_ERR_DEVICE);
	free(buf);

	m.status = STATUS__Success;
	m.msg = WI_FI_SCAN_MSG_TYPE__TypeRespScanStatus;
	m.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_STATUS;
	m.resp_scan_status = &status;
	status.scan_finished = true;
	status.result_count = 7;
	buf = packed(&m.base, &len);
	cr_assert_eq(espprov_wifi_parse_scan_status(buf, len, &finished, &count), ESPPROV_OK);
	cr_expect(finished);
	cr_expect_eq(count, 7);
	free(buf);

	e1.ssid.data = (uint8_t *)"Home \xe2\x80\x94 2.4";
	e1.ssid.len = strlen("Home \xe2\x80\x94 2.4");
	e1.channel = 6;
	e1.rssi = -48;
	e1.bssid.data = bssid;
	e1.bssid.len = 6;
	e1.auth = WIFI_AUTH_MODE__WPA2_PSK;
	e2.ssid.data = (uint8_t *)"\x1b[31mevil";
	e2.ssid.len = 9;
	e2.channel = 11;
	e2.rssi = -90;
	e2.auth = (WifiAuthMode)42;
	result.n_entries = 2;
	result.entries = entries;
	m.msg = WI_FI_SCAN_MSG_TYPE__TypeRespScanResult;
	m.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_RESULT;
	m.resp_scan_result = &result;
	buf = packed(&m.base, &len);
	cr_assert_eq(espprov_wifi_parse_scan_result(buf, len, aps, 4, &n), ESPPROV_OK);
	cr_assert_eq(n, 2);
	cr_expect_eq(aps[0].ssid_len, e1.ssid.len);
	cr_expect_arr_eq(aps[0].ssid, e1.ssid.data, e1.ssid.len);
	cr_expect_eq(aps[0].channel, 6);
	cr_expect_eq(aps[0].rssi, -48);
	cr_expect(aps[0].has_bssid);
	cr_expect_arr_eq(aps[0].bssid, bssid, 6);
	cr_expect_eq(aps[0].auth, ESPPROV_AUTH_WPA2_PSK);
	/* the device's bytes as they are (callers sanitise), an unknown auth mode */
	cr_expect_arr_eq(aps[1].ssid, "\x1b[31mevil", 9);
	cr_expect(!aps[1].has_bssid);
	cr_expect_eq(aps[1].auth, ESPPROV_AUTH_OTHER);
	/* more results than room */
	cr_expect_eq(espprov_wifi_parse_scan_result(buf, len, aps, 1, &n), ESPPROV_ERR_TOO_LARGE);
	free(buf);

	/* an SSID over 32 bytes, a 5-byte BSSID */
	e1.ssid.len = 33;
	e1.ssid.data = (uint8_t *)"0123456789012345678901234567890123";
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_scan_result(buf, len, aps, 4, &n), ESPPROV_ERR_MALFORMED);
	free(buf);
	e1.ssid.len = 4;
	e1.bssid.len = 5;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_scan_result(buf, len, aps, 4, &n), ESPPROV_ERR_MALFORMED);
	free(buf);
}

Test(espprov_wifi, set_config_and_apply_requests)
{
	static const uint8_t bssid[6] = { 1, 2, 3, 4, 5, 6 };
	espprov_wifi_credentials c = { .ssid = (const uint8_t *)"Home",
				       .ssid_len = 4,
				       .passphrase = (const uint8_t *)"correct horse",
				       .passphrase_len = 13,
				       .bssid = bssid,
				       .channel = 6 };
	uint8_t *req = NULL;
	size_t len = 0;
	WiFiConfigPayload *m;

	cr_assert_eq(espprov_wifi_set_config_request(&c, &req, &len), ESPPROV_OK);
	m = wi_fi_config_payload__unpack(NULL, len, req);
	cr_assert_not_null(m);
	cr_expect_eq(m->msg, WI_FI_CONFIG_MSG_TYPE__TypeCmdSetConfig);
	cr_assert_eq(m->payload_case, WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_SET_CONFIG);
	cr_expect_eq(m->cmd_set_config->ssid.len, 4);
	cr_expect_arr_eq(m->cmd_set_config->ssid.data, "Home", 4);
	cr_expect_eq(m->cmd_set_config->passphrase.len, 13);
	cr_expect_arr_eq(m->cmd_set_config->passphrase.data, "correct horse", 13);
	cr_expect_eq(m->cmd_set_config->bssid.len, 6);
	cr_expect_eq(m->cmd_set_config->channel, 6);
	wi_fi_config_payload__free_unpacked(m, NULL);
	espprov_free(req);

	c.ssid_len = 33;
	cr_expect_eq(espprov_wifi_set_config_request(&c, &req, &len), ESPPROV_ERR_ARG);
	c.ssid_len = 0;
	cr_expect_eq(espprov_wifi_set_config_request(&c, &req, &len), ESPPROV_ERR_ARG);
	c.ssid_len = 4;
	c.passphrase_len = 65;
	cr_expect_eq(espprov_wifi_set_config_request(&c, &req, &len), ESPPROV_ERR_ARG);

	cr_assert_eq(espprov_wifi_apply_request(&req, &len), ESPPROV_OK);
	m = wi_fi_config_payload__unpack(NULL, len, req);
	cr_assert_not_null(m);
	cr_expect_eq(m->msg, WI_FI_CONFIG_MSG_TYPE__TypeCmdApplyConfig);
	cr_expect_eq(m->payload_case, WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_APPLY_CONFIG);
	wi_fi_config_payload__free_unpacked(m, NULL);
	espprov_free(req);

	cr_assert_eq(espprov_wifi_status_request(&req, &len), ESPPROV_OK);
	m = wi_fi_config_payload__unpack(NULL, len, req);
	cr_assert_not_null(m);
	cr_expect_eq(m->msg, WI_FI_CONFIG_MSG_TYPE__TypeCmdGetStatus);
	cr_expect_eq(m->payload_case, WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_GET_STATUS);
	wi_fi_config_payload__free_unpacked(m, NULL);
	espprov_free(req);
}

Test(espprov_wifi, config_answers)
{
	WiFiConfigPayload m = WI_FI_CONFIG_PAYLOAD__INIT;
	RespSetConfig set = RESP_SET_CONFIG__INIT;
	RespApplyConfig apply = RESP_APPLY_CONFIG__INIT;
	uint8_t *buf;
	size_t len;

	m.msg = WI_FI_CONFIG_MSG_TYPE__TypeRespSetConfig;
	m.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_SET_CONFIG;
	m.resp_set_config = &set;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_set_config(buf, len), ESPPROV_OK);
	cr_expect_eq(espprov_wifi_parse_apply(buf, len), ESPPROV_ERR_MALFORMED);
	free(buf);
	set.status = STATUS__InvalidArgument;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_set_config(buf, len), ESPPROV_ERR_DEVICE);
	free(buf);

	m.msg = WI_FI_CONFIG_MSG_TYPE__TypeRespApplyConfig;
	m.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_APPLY_CONFIG;
	m.resp_apply_config = &apply;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_apply(buf, len), ESPPROV_OK);
	free(buf);
}

/** Packs a station status answer. */
static uint8_t *status_answer(RespGetStatus *g, size_t *len)
{
	WiFiConfigPayload m = WI_FI_CONFIG_PAYLOAD__INIT;

	m.msg = WI_FI_CONFIG_MSG_TYPE__TypeRespGetStatus;
	m.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_GET_STATUS;
	m.resp_get_status = g;
	return packed(&m.base, len);
}

Test(espprov_wifi, station_status)
{
	static char ip_ok[] = "192.168.1.57", ip_bad[] = "1.2.3.4\x1b]0;x";
	RespGetStatus g = RESP_GET_STATUS__INIT;
	WifiConnectedState c = WIFI_CONNECTED_STATE__INIT;
	WifiAttemptFailed att = WIFI_ATTEMPT_FAILED__INIT;
	espprov_wifi_status st;
	uint8_t *buf, bssid[6] = { 9, 8, 7, 6, 5, 4 };
	size_t len;

	/* connected, with the address */
	g.sta_state = WIFI_STATION_STATE__Connected;
	g.state_case = RESP_GET_STATUS__STATE_CONNECTED;
	g.connected = &c;
	c.ip4_addr = ip_ok;
	c.auth_mode = WIFI_AUTH_MODE__WPA2_WPA3_PSK;
	c.ssid.data = (uint8_t *)"Home";
	c.ssid.len = 4;
	c.bssid.data = bssid;
	c.bssid.len = 6;
	c.channel = 1;
	buf = status_answer(&g, &len);
	cr_assert_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_OK);
	cr_expect_eq(st.state, ESPPROV_STA_CONNECTED);
	cr_expect_str_eq(st.ip4, "192.168.1.57");
	cr_expect_eq(st.ssid_len, 4);
	cr_expect(st.has_bssid);
	cr_expect_eq(st.auth, ESPPROV_AUTH_WPA2_WPA3_PSK);
	cr_expect_eq(st.fail, ESPPROV_FAIL_NONE);
	free(buf);

	/* an address that is not one: refused */
	c.ip4_addr = ip_bad;
	buf = status_answer(&g, &len);
	cr_expect_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_ERR_MALFORMED);
	free(buf);
	/* connected without the connected state */
	g.state_case = RESP_GET_STATUS__STATE__NOT_SET;
	buf = status_answer(&g, &len);
	cr_expect_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_ERR_MALFORMED);
	free(buf);

	/* failed: wrong key, network not found, no reason */
	g.sta_state = WIFI_STATION_STATE__ConnectionFailed;
	g.state_case = RESP_GET_STATUS__STATE_FAIL_REASON;
	g.fail_reason = WIFI_CONNECT_FAILED_REASON__AuthError;
	buf = status_answer(&g, &len);
	cr_assert_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_OK);
	cr_expect_eq(st.state, ESPPROV_STA_FAILED);
	cr_expect_eq(st.fail, ESPPROV_FAIL_AUTH);
	free(buf);
	g.fail_reason = WIFI_CONNECT_FAILED_REASON__NetworkNotFound;
	buf = status_answer(&g, &len);
	cr_assert_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_OK);
	cr_expect_eq(st.fail, ESPPROV_FAIL_NOT_FOUND);
	free(buf);
	g.state_case = RESP_GET_STATUS__STATE__NOT_SET;
	buf = status_answer(&g, &len);
	cr_assert_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_OK);
	cr_expect_eq(st.fail, ESPPROV_FAIL_OTHER);
	free(buf);

	/* connecting, two tries left */
	g.sta_state = WIFI_STATION_STATE__Connecting;
	g.state_case = RESP_GET_STATUS__STATE_ATTEMPT_FAILED;
	g.attempt_failed = &att;
	att.attempts_remaining = 2;
	buf = status_answer(&g, &len);
	cr_assert_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_OK);
	cr_expect_eq(st.state, ESPPROV_STA_CONNECTING);
	cr_expect(st.has_attempts);
	cr_expect_eq(st.attempts_remaining, 2);
	free(buf);

	/* a state the protocol does not have */
	g.sta_state = (WifiStationState)9;
	buf = status_answer(&g, &len);
	cr_expect_eq(espprov_wifi_parse_status(buf, len, &st), ESPPROV_ERR_MALFORMED);
	free(buf);
}

Test(espprov_wifi, ctrl_reset_and_reprov)
{
	WiFiCtrlPayload m = WI_FI_CTRL_PAYLOAD__INIT, *back;
	RespCtrlReset reset = RESP_CTRL_RESET__INIT;
	uint8_t *req = NULL, *buf;
	size_t len = 0;

	cr_assert_eq(espprov_wifi_ctrl_reset_request(&req, &len), ESPPROV_OK);
	back = wi_fi_ctrl_payload__unpack(NULL, len, req);
	cr_assert_not_null(back);
	cr_expect_eq(back->msg, WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReset);
	cr_expect_eq(back->payload_case, WI_FI_CTRL_PAYLOAD__PAYLOAD_CMD_CTRL_RESET);
	wi_fi_ctrl_payload__free_unpacked(back, NULL);
	espprov_free(req);
	cr_assert_eq(espprov_wifi_ctrl_reprov_request(&req, &len), ESPPROV_OK);
	back = wi_fi_ctrl_payload__unpack(NULL, len, req);
	cr_assert_not_null(back);
	cr_expect_eq(back->msg, WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReprov);
	wi_fi_ctrl_payload__free_unpacked(back, NULL);
	espprov_free(req);

	m.msg = WI_FI_CTRL_MSG_TYPE__TypeRespCtrlReset;
	m.payload_case = WI_FI_CTRL_PAYLOAD__PAYLOAD_RESP_CTRL_RESET;
	m.resp_ctrl_reset = &reset;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_ctrl_reset(buf, len), ESPPROV_OK);
	cr_expect_eq(espprov_wifi_parse_ctrl_reprov(buf, len), ESPPROV_ERR_MALFORMED);
	free(buf);
	m.status = STATUS__InvalidSession;
	buf = packed(&m.base, &len);
	cr_expect_eq(espprov_wifi_parse_ctrl_reset(buf, len), ESPPROV_ERR_DEVICE);
	free(buf);
}

Test(espprov_wifi, garbage_and_oversized_answers)
{
	static const uint8_t garbage[] = { 0x0a, 0xff, 0x01, 0x02 };
	uint8_t *big = calloc(ESPPROV_ANSWER_MAX + 1, 1);
	espprov_wifi_status st;
	espprov_wifi_ap aps[4];
	size_t n;
	bool fin;
	uint32_t count;

	cr_expect_eq(espprov_wifi_parse_status(garbage, sizeof garbage, &st), ESPPROV_ERR_MALFORMED);
	cr_expect_eq(espprov_wifi_parse_scan_result(garbage, sizeof garbage, aps, 4, &n), ESPPROV_ERR_MALFORMED);
	cr_expect_eq(espprov_wifi_parse_scan_status(garbage, sizeof garbage, &fin, &count), ESPPROV_ERR_MALFORMED);
	cr_expect_eq(espprov_wifi_parse_ctrl_reset(garbage, sizeof garbage), ESPPROV_ERR_MALFORMED);
	cr_expect_eq(espprov_wifi_parse_status(big, ESPPROV_ANSWER_MAX + 1, &st), ESPPROV_ERR_TOO_LARGE);
	cr_expect_eq(espprov_wifi_parse_apply(NULL, 0), ESPPROV_ERR_MALFORMED);
	free(big);
}
