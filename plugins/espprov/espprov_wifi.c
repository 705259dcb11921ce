/* Wi-Fi provisioning messages over protobuf-c (proto/wifi_scan.proto,
 * wifi_config.proto, wifi_ctrl.proto). */
#include "espprov_wifi.h"

#include <sodium.h>
#include <string.h>

#include "wifi_config.pb-c.h"
#include "wifi_ctrl.pb-c.h"
#include "wifi_scan.pb-c.h"

/** Packs any message into a fresh secret-memory buffer. */
static espprov_result pack_msg(const ProtobufCMessage *m, uint8_t **req, size_t *len)
{
	size_t n;
	uint8_t *buf;

	if (req == NULL || len == NULL)
		return ESPPROV_ERR_ARG;
	if (sodium_init() < 0)
		return ESPPROV_ERR_CRYPTO;
	n = protobuf_c_message_get_packed_size(m);
	buf = sodium_malloc(n > 0 ? n : 1);
	if (buf == NULL)
		return ESPPROV_ERR_NOMEM;
	*len = protobuf_c_message_pack(m, buf);
	*req = buf;
	return ESPPROV_OK;
}

/** The device's auth mode as this core's enum. */
static espprov_wifi_auth auth_of(int v)
{
	return v >= ESPPROV_AUTH_OPEN && v <= ESPPROV_AUTH_WPA2_WPA3_PSK ? (espprov_wifi_auth)v : ESPPROV_AUTH_OTHER;
}

espprov_result espprov_wifi_scan_start_request(const espprov_scan_params *p, uint8_t **req, size_t *len)
{
	WiFiScanPayload m = WI_FI_SCAN_PAYLOAD__INIT;
	CmdScanStart c = CMD_SCAN_START__INIT;

	if (p == NULL)
		return ESPPROV_ERR_ARG;
	c.blocking = p->blocking;
	c.passive = p->passive;
	c.group_channels = p->group_channels;
	c.period_ms = p->period_ms;
	m.msg = WI_FI_SCAN_MSG_TYPE__TypeCmdScanStart;
	m.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_START;
	m.cmd_scan_start = &c;
	return pack_msg(&m.base, req, len);
}

espprov_result espprov_wifi_scan_status_request(uint8_t **req, size_t *len)
{
	WiFiScanPayload m = WI_FI_SCAN_PAYLOAD__INIT;
	CmdScanStatus c = CMD_SCAN_STATUS__INIT;

	m.msg = WI_FI_SCAN_MSG_TYPE__TypeCmdScanStatus;
	m.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_STATUS;
	m.cmd_scan_status = &c;
	return pack_msg(&m.base, req, len);
}

espprov_result espprov_wifi_scan_result_request(uint32_t start, uint32_t count, uint8_t **req, size_t *len)
{
	WiFiScanPayload m = WI_FI_SCAN_PAYLOAD__INIT;
	CmdScanResult c = CMD_SCAN_RESULT__INIT;

	c.start_index = start;
	c.count = count;
	m.msg = WI_FI_SCAN_MSG_TYPE__TypeCmdScanResult;
	m.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_RESULT;
	m.cmd_scan_result = &c;
	return pack_msg(&m.base, req, len);
}

espprov_result espprov_wifi_status_request(uint8_t **req, size_t *len)
{
	WiFiConfigPayload m = WI_FI_CONFIG_PAYLOAD__INIT;
	CmdGetStatus c = CMD_GET_STATUS__INIT;

	m.msg = WI_FI_CONFIG_MSG_TYPE__TypeCmdGetStatus;
	m.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_GET_STATUS;
	m.cmd_get_status = &c;
	return pack_msg(&m.base, req, len);
}

espprov_result espprov_wifi_set_config_request(const espprov_wifi_credentials *cr, uint8_t **req, size_t *len)
{
	WiFiConfigPayload m = WI_FI_CONFIG_PAYLOAD__INIT;
	CmdSetConfig c = CMD_SET_CONFIG__INIT;

	if (cr == NULL || cr->ssid == NULL || cr->ssid_len == 0 || cr->ssid_len > ESPPROV_SSID_MAX ||
	    cr->passphrase_len > ESPPROV_PASSPHRASE_MAX || (cr->passphrase_len > 0 && cr->passphrase == NULL))
		return ESPPROV_ERR_ARG;
	c.ssid.data = (uint8_t *)cr->ssid;
	c.ssid.len = cr->ssid_len;
	c.passphrase.data = (uint8_t *)cr->passphrase;
	c.passphrase.len = cr->passphrase_len;
	if (cr->bssid != NULL) {
		c.bssid.data = (uint8_t *)cr->bssid;
		c.bssid.len = ESPPROV_BSSID_LEN;
	}
	c.channel = cr->channel;
	m.msg = WI_FI_CONFIG_MSG_TYPE__TypeCmdSetConfig;
	m.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_SET_CONFIG;
	m.cmd_set_config = &c;
	return pack_msg(&m.base, req, len);
}

espprov_result espprov_wifi_apply_request(uint8_t **req, size_t *len)
{
	WiFiConfigPayload m = WI_FI_CONFIG_PAYLOAD__INIT;
	CmdApplyConfig c = CMD_APPLY_CONFIG__INIT;

	m.msg = WI_FI_CONFIG_MSG_TYPE__TypeCmdApplyConfig;
	m.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_APPLY_CONFIG;
	m.cmd_apply_config = &c;
	return pack_msg(&m.base, req, len);
}

espprov_result espprov_wifi_ctrl_reset_request(uint8_t **req, size_t *len)
{
	WiFiCtrlPayload m = WI_FI_CTRL_PAYLOAD__INIT;
	CmdCtrlReset c = CMD_CTRL_RESET__INIT;

	m.msg = WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReset;
	m.payload_case = WI_FI_CTRL_PAYLOAD__PAYLOAD_CMD_CTRL_RESET;
	m.cmd_ctrl_reset = &c;
	return pack_msg(&m.base, req, len);
}

espprov_result espprov_wifi_ctrl_reprov_request(uint8_t **req, size_t *len)
{
	WiFiCtrlPayload m = WI_FI_CTRL_PAYLOAD__INIT;
	CmdCtrlReprov c = CMD_CTRL_REPROV__INIT;

	m.msg = WI_FI_CTRL_MSG_TYPE__TypeCmdCtrlReprov;
	m.payload_case = WI_FI_CTRL_PAYLOAD__PAYLOAD_CMD_CTRL_REPROV;
	m.cmd_ctrl_reprov = &c;
	return pack_msg(&m.base, req, len);
}

/** Unpacks a prov-scan answer of message type want with payload case pc;
 *  NULL when it is something else (or too large: *r says which). */
static WiFiScanPayload *scan_answer(const uint8_t *buf, size_t len, WiFiScanMsgType want,
				    WiFiScanPayload__PayloadCase pc, espprov_result *r)
{
	WiFiScanPayload *m;

	*r = ESPPROV_ERR_MALFORMED;
	if (len > ESPPROV_ANSWER_MAX) {
		*r = ESPPROV_ERR_TOO_LARGE;
		return NULL;
	}
	if (buf == NULL && len > 0)
		return NULL;
	m = wi_fi_scan_payload__unpack(NULL, len, buf);
	if (m == NULL)
		return NULL;
	if (m->msg != want || m->payload_case != pc) {
		wi_fi_scan_payload__free_unpacked(m, NULL);
		return NULL;
	}
	if (m->status != STATUS__Success) {
		*r = ESPPROV_ERR_DEVICE;
		wi_fi_scan_payload__free_unpacked(m, NULL);
		return NULL;
	}
	*r = ESPPROV_OK;
	return m;
}

espprov_result espprov_wifi_parse_scan_start(const uint8_t *buf, size_t len)
{
	espprov_result r;
	WiFiScanPayload *m = scan_answer(buf, len, WI_FI_SCAN_MSG_TYPE__TypeRespScanStart,
					 WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_START, &r);

	if (m != NULL)
		wi_fi_scan_payload__free_unpacked(m, NULL);
	return r;
}

espprov_result espprov_wifi_parse_scan_status(const uint8_t *buf, size_t len, bool *finished, uint32_t *count)
{
	espprov_result r;
	WiFiScanPayload *m;

	if (finished == NULL || count == NULL)
		return ESPPROV_ERR_ARG;
	m = scan_answer(buf, len, WI_FI_SCAN_MSG_TYPE__TypeRespScanStatus, WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_STATUS,
			&r);
	if (m == NULL)
		return r;
	if (m->resp_scan_status == NULL) {
		r = ESPPROV_ERR_MALFORMED;
	} else {
		*finished = m->resp_scan_status->scan_finished;
		*count = m->resp_scan_status->result_count;
	}
	wi_fi_scan_payload__free_unpacked(m, NULL);
	return r;
}

/** Copies one scan entry; false when a field breaks its bounds. */
static bool ap_from(const WiFiScanResult *e, espprov_wifi_ap *ap)
{
	memset(ap, 0, sizeof *ap);
	if (e == NULL || e->ssid.len > ESPPROV_SSID_MAX || (e->bssid.len != 0 && e->bssid.len != ESPPROV_BSSID_LEN))
		return false;
	if (e->ssid.len > 0)
		memcpy(ap->ssid, e->ssid.data, e->ssid.len);
	ap->ssid_len = e->ssid.len;
	ap->channel = e->channel;
	ap->rssi = e->rssi;
	if (e->bssid.len == ESPPROV_BSSID_LEN) {
		memcpy(ap->bssid, e->bssid.data, ESPPROV_BSSID_LEN);
		ap->has_bssid = true;
	}
	ap->auth = auth_of((int)e->auth);
	return true;
}

espprov_result espprov_wifi_parse_scan_result(const uint8_t *buf, size_t len, espprov_wifi_ap *aps, size_t cap, size_t *n)
{
	espprov_result r;
	WiFiScanPayload *m;
	const RespScanResult *res;

	if (aps == NULL || n == NULL)
		return ESPPROV_ERR_ARG;
	*n = 0;
	m = scan_answer(buf, len, WI_FI_SCAN_MSG_TYPE__TypeRespScanResult, WI_FI_SCAN_PAYLOAD__PAYLOAD_RESP_SCAN_RESULT,
			&r);
	if (m == NULL)
		return r;
	res = m->resp_scan_result;
	if (res == NULL) {
		r = ESPPROV_ERR_MALFORMED;
	} else if (res->n_entries > cap) {
		r = ESPPROV_ERR_TOO_LARGE;
	} else {
		for (size_t i = 0; i < res->n_entries && r == ESPPROV_OK; i++)
			if (!ap_from(res->entries[i], &aps[i]))
				r = ESPPROV_ERR_MALFORMED;
		if (r == ESPPROV_OK)
			*n = res->n_entries;
	}
	wi_fi_scan_payload__free_unpacked(m, NULL);
	return r;
}

/** Unpacks a prov-config answer of type want with payload case pc, or NULL
 *  (*r says why). */
static WiFiConfigPayload *config_answer(const uint8_t *buf, size_t len, WiFiConfigMsgType want,
					WiFiConfigPayload__PayloadCase pc, espprov_result *r)
{
	WiFiConfigPayload *m;

	*r = ESPPROV_ERR_MALFORMED;
	if (len > ESPPROV_ANSWER_MAX) {
		*r = ESPPROV_ERR_TOO_LARGE;
		return NULL;
	}
	if (buf == NULL && len > 0)
		return NULL;
	m = wi_fi_config_payload__unpack(NULL, len, buf);
	if (m != NULL && (m->msg != want || m->payload_case != pc)) {
		wi_fi_config_payload__free_unpacked(m, NULL);
		m = NULL;
	}
	if (m != NULL)
		*r = ESPPROV_OK;
	return m;
}

/** Whether text is a dotted IPv4 address's characters (digits and dots, not empty). */
static bool ip4_text(const char *t)
{
	size_t n = strlen(t);

	if (n == 0 || n >= ESPPROV_IP4_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(t[i] == '.' || (t[i] >= '0' && t[i] <= '9')))
			return false;
	return true;
}

/** Copies the connected state; false when a field breaks its bounds. */
static bool connected_from(const WifiConnectedState *c, espprov_wifi_status *st)
{
	if (c == NULL || c->ip4_addr == NULL || !ip4_text(c->ip4_addr) || c->ssid.len > ESPPROV_SSID_MAX ||
	    (c->bssid.len != 0 && c->bssid.len != ESPPROV_BSSID_LEN))
		return false;
	memcpy(st->ip4, c->ip4_addr, strlen(c->ip4_addr) + 1);
	if (c->ssid.len > 0)
		memcpy(st->ssid, c->ssid.data, c->ssid.len);
	st->ssid_len = c->ssid.len;
	if (c->bssid.len == ESPPROV_BSSID_LEN) {
		memcpy(st->bssid, c->bssid.data, ESPPROV_BSSID_LEN);
		st->has_bssid = true;
	}
	st->channel = c->channel;
	st->auth = auth_of((int)c->auth_mode);
	return true;
}

espprov_result espprov_wifi_parse_status(const uint8_t *buf, size_t len, espprov_wifi_status *st)
{
	espprov_result r;
	WiFiConfigPayload *m;
	const RespGetStatus *g;

	if (st == NULL)
		return ESPPROV_ERR_ARG;
	memset(st, 0, sizeof *st);
	st->fail = ESPPROV_FAIL_NONE;
	m = config_answer(buf, len, WI_FI_CONFIG_MSG_TYPE__TypeRespGetStatus,
			  WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_GET_STATUS, &r);
	if (m == NULL)
		return r;
	g = m->resp_get_status;
	if (g == NULL || (int)g->sta_state < ESPPROV_STA_CONNECTED || (int)g->sta_state > ESPPROV_STA_FAILED) {
		r = ESPPROV_ERR_MALFORMED;
	} else if (g->status != STATUS__Success) {
		r = ESPPROV_ERR_DEVICE;
	} else {
		st->state = (espprov_wifi_state)g->sta_state;
		if (g->state_case == RESP_GET_STATUS__STATE_FAIL_REASON)
			st->fail = g->fail_reason == WIFI_CONNECT_FAILED_REASON__AuthError ? ESPPROV_FAIL_AUTH
				   : g->fail_reason == WIFI_CONNECT_FAILED_REASON__NetworkNotFound
					   ? ESPPROV_FAIL_NOT_FOUND
					   : ESPPROV_FAIL_OTHER;
		if (g->state_case == RESP_GET_STATUS__STATE_ATTEMPT_FAILED && g->attempt_failed != NULL) {
			st->has_attempts = true;
			st->attempts_remaining = g->attempt_failed->attempts_remaining;
		}
		if (st->state == ESPPROV_STA_CONNECTED &&
		    (g->state_case != RESP_GET_STATUS__STATE_CONNECTED || !connected_from(g->connected, st)))
			r = ESPPROV_ERR_MALFORMED;
		if (st->state == ESPPROV_STA_FAILED && st->fail == ESPPROV_FAIL_NONE)
			st->fail = ESPPROV_FAIL_OTHER;
	}
	wi_fi_config_payload__free_unpacked(m, NULL);
	return r;
}

/** A prov-config answer that carries only a status. */
static espprov_result config_status_answer(const uint8_t *buf, size_t len, WiFiConfigMsgType want,
					   WiFiConfigPayload__PayloadCase pc)
{
	espprov_result r;
	WiFiConfigPayload *m = config_answer(buf, len, want, pc, &r);
	int status;

	if (m == NULL)
		return r;
	if (pc == WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_SET_CONFIG)
		status = m->resp_set_config != NULL ? (int)m->resp_set_config->status : -1;
	else
		status = m->resp_apply_config != NULL ? (int)m->resp_apply_config->status : -1;
	if (status < 0)
		r = ESPPROV_ERR_MALFORMED;
	else if (status != STATUS__Success)
		r = ESPPROV_ERR_DEVICE;
	wi_fi_config_payload__free_unpacked(m, NULL);
	return r;
}

espprov_result espprov_wifi_parse_set_config(const uint8_t *buf, size_t len)
{
	return config_status_answer(buf, len, WI_FI_CONFIG_MSG_TYPE__TypeRespSetConfig,
				    WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_SET_CONFIG);
}

espprov_result espprov_wifi_parse_apply(const uint8_t *buf, size_t len)
{
	return config_status_answer(buf, len, WI_FI_CONFIG_MSG_TYPE__TypeRespApplyConfig,
				    WI_FI_CONFIG_PAYLOAD__PAYLOAD_RESP_APPLY_CONFIG);
}

/** A prov-ctrl answer of type want with payload case pc. */
static espprov_result ctrl_answer(const uint8_t *buf, size_t len, WiFiCtrlMsgType want, WiFiCtrlPayload__PayloadCase pc)
{
	WiFiCtrlPayload *m;
	espprov_result r = ESPPROV_ERR_MALFORMED;

	if (len > ESPPROV_ANSWER_MAX)
		return ESPPROV_ERR_TOO_LARGE;
	if (buf == NULL && len > 0)
		return ESPPROV_ERR_MALFORMED;
	m = wi_fi_ctrl_payload__unpack(NULL, len, buf);
	if (m == NULL)
		return r;
	if (m->msg == want && m->payload_case == pc)
		r = m->status == STATUS__Success ? ESPPROV_OK : ESPPROV_ERR_DEVICE;
	wi_fi_ctrl_payload__free_unpacked(m, NULL);
	return r;
}

espprov_result espprov_wifi_parse_ctrl_reset(const uint8_t *buf, size_t len)
{
	return ctrl_answer(buf, len, WI_FI_CTRL_MSG_TYPE__TypeRespCtrlReset, WI_FI_CTRL_PAYLOAD__PAYLOAD_RESP_CTRL_RESET);
}

espprov_result espprov_wifi_parse_ctrl_reprov(const uint8_t *buf, size_t len)
{
	return ctrl_answer(buf, len, WI_FI_CTRL_MSG_TYPE__TypeRespCtrlReprov,
			   WI_FI_CTRL_PAYLOAD__PAYLOAD_RESP_CTRL_REPROV);
}
