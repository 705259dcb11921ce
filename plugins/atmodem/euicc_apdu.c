/* APDUs to the eUICC over AT commands; see euicc_apdu.h. */
#include "euicc_apdu.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex_digits.h"

/** INS of the commands this layer sends itself (ETSI TS 102 221 10.1.2, GlobalPlatform). */
enum {
	EUICC_INS_MANAGE_CHANNEL = 0x70,
	EUICC_INS_SELECT = 0xA4,
	EUICC_INS_GET_RESPONSE = 0xC0,
	EUICC_INS_STORE_DATA = 0xE2,
};

/** STORE DATA P1 (GlobalPlatform 11.11.2.1): BER-TLV data, more blocks to come / the last block. */
enum {
	EUICC_P1_MORE = 0x11,
	EUICC_P1_LAST = 0x91,
};

void euicc_session_init(euicc_session *s, euicc_at_fn at, void *ctx)
{
	memset(s, 0, sizeof *s);
	s->at = at;
	s->ctx = ctx;
	s->channel = -1;
	s->cme_error = -1;
}

uint8_t euicc_cla(int channel, bool proprietary)
{
	if (channel < 0 || channel > EUICC_CHANNEL_MAX)
		channel = 0;
	if (channel <= 3)
		return (uint8_t)((proprietary ? 0x80 : 0x00) | channel);
	return (uint8_t)((proprietary ? 0xC0 : 0x40) | (channel - 4));
}

const char *euicc_status_name(euicc_status status)
{
	switch (status) {
	case EUICC_OK:
		return "ok";
	case EUICC_ERR_TRANSPORT:
		return "transport";
	case EUICC_ERR_UNSUPPORTED:
		return "unsupported";
	case EUICC_ERR_REFUSED:
		return "refused";
	case EUICC_ERR_NO_ISDR:
		return "no-isdr";
	case EUICC_ERR_ANSWER:
		return "answer";
	case EUICC_ERR_SW:
		return "sw";
	case EUICC_ERR_CHAIN:
		return "chain";
	case EUICC_ERR_TOO_LONG:
		return "too-long";
	case EUICC_ERR_NOT_OPEN:
		return "not-open";
	}
	return "unknown";
}

/** Sends s->command and frames its answer into s->resp; counts the round
 *  trip. EUICC_OK only when the module answered OK. */
static euicc_status euicc_send(euicc_session *s)
{
	int rc;

	s->round_trips++;
	rc = s->at(s->ctx, s->command, &s->resp);
	if (rc != 0) {
		s->transport_error = rc;
		return EUICC_ERR_TRANSPORT;
	}
	if (s->resp.result != AT_RESULT_OK) {
		s->at_result = s->resp.result;
		s->cme_error = s->resp.error_code;
		return EUICC_ERR_REFUSED;
	}
	return EUICC_OK;
}

/** Formats command into s->command and sends it. */
static euicc_status euicc_send_text(euicc_session *s, const char *command)
{
	snprintf(s->command, sizeof s->command, "%s", command);
	return euicc_send(s);
}

euicc_status euicc_probe(euicc_session *s)
{
	euicc_status st;

	if (s->probed)
		return s->via == EUICC_VIA_NONE ? EUICC_ERR_UNSUPPORTED : EUICC_OK;
	st = euicc_send_text(s, "AT+CCHO=?");
	if (st == EUICC_ERR_TRANSPORT)
		return st;
	if (st == EUICC_OK) {
		st = euicc_send_text(s, "AT+CGLA=?");
		if (st == EUICC_ERR_TRANSPORT)
			return st;
		if (st == EUICC_OK) {
			s->via = EUICC_VIA_CGLA;
			s->probed = true;
			return EUICC_OK;
		}
	}
	st = euicc_send_text(s, "AT+CSIM=?");
	if (st == EUICC_ERR_TRANSPORT)
		return st;
	s->probed = true;
	/* every check refused: some modules refuse the checks of commands they
	 * have, so +CCHO decides (euicc_open) */
	s->via = st == EUICC_OK ? EUICC_VIA_CSIM : EUICC_VIA_CGLA;
	s->unconfirmed = st != EUICC_OK;
	return EUICC_OK;
}

/** Reads a "+CGLA: <length>,"<hex>"" (or +CSIM) answer line into bytes:
 *  data and the status word at the end. Its length in *n, or -1 when the
 *  line is no such answer (the hex must be even, at least a status word,
 *  and agree with <length>, which counts characters, or, as some modules
 *  write it, bytes). */
static int euicc_parse_answer(const char *line, uint8_t *out, size_t cap, size_t *n)
{
	const char *p = strchr(line, ':');
	const char *hex;
	size_t hex_len = 0;
	char *end;
	long declared;

	if (!p)
		return -1;
	p++;
	while (*p == ' ')
		p++;
	declared = strtol(p, &end, 10);
	if (end == p || declared < 0 || *end != ',')
		return -1;
	hex = end + 1;
	while (*hex == ' ')
		hex++;
	if (*hex == '"')
		hex++;
	while (hex_digit_value(hex[hex_len]) >= 0)
		hex_len++;
	if (hex[hex_len] != '\0' && !(hex[hex_len] == '"' && hex[hex_len + 1] == '\0'))
		return -1;
	if (hex_len < 4)
		return -1;
	if ((size_t)declared != hex_len && (size_t)declared != hex_len / 2)
		return -1; /* 27.007 counts characters; a count of bytes is read too */
	if (hex_digits_decode(hex, hex_len, out, cap) < 0)
		return -1;
	*n = hex_len / 2;
	return 0;
}

/** Sends one APDU as it is (+CGLA on the channel, or +CSIM) and reads the
 *  answer: data into out (cap bytes, *n), the status word into s->sw. */
static euicc_status euicc_exchange(euicc_session *s, const uint8_t *apdu, size_t len, uint8_t *out, size_t cap, size_t *n)
{
	uint8_t answer[2 + 256 + 2];
	size_t got = 0, at;
	const char *line;
	euicc_status st;
	int head;

	if (len > EUICC_APDU_MAX)
		return EUICC_ERR_TOO_LONG;
	if (s->via == EUICC_VIA_CGLA)
		head = snprintf(s->command, sizeof s->command, "AT+CGLA=%s,%zu,\"", s->session, 2 * len);
	else
		head = snprintf(s->command, sizeof s->command, "AT+CSIM=%zu,\"", 2 * len);
	at = (size_t)head;
	for (size_t i = 0; i < len; i++, at += 2)
		snprintf(s->command + at, sizeof s->command - at, "%02X", apdu[i]);
	snprintf(s->command + at, sizeof s->command - at, "\"");
	st = euicc_send(s);
	if (st != EUICC_OK)
		return st;
	line = at_response_find(&s->resp, s->via == EUICC_VIA_CGLA ? "+CGLA:" : "+CSIM:");
	if (!line || euicc_parse_answer(line, answer, sizeof answer, &got) != 0)
		return EUICC_ERR_ANSWER;
	s->sw = (uint16_t)(answer[got - 2] << 8 | answer[got - 1]);
	got -= 2;
	if (got > cap)
		return EUICC_ERR_TOO_LONG;
	memcpy(out, answer, got);
	*n = got;
	return EUICC_OK;
}

/** True for a status word that ends a command well (ETSI TS 102 221 10.2.1.1):
 *  9000, or 91xx (done, and a proactive command is waiting). */
static bool euicc_sw_ok(uint16_t sw)
{
	return sw == 0x9000 || (sw >> 8) == 0x91;
}

euicc_status euicc_transmit(euicc_session *s, const uint8_t *apdu, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t again[EUICC_APDU_MAX];
	size_t total = 0, n = 0;
	euicc_status st;
	unsigned chain = 0;

	*out_len = 0;
	if (s->channel < 0)
		return EUICC_ERR_NOT_OPEN;
	if (len < 4 || len > EUICC_APDU_MAX)
		return EUICC_ERR_TOO_LONG;
	st = euicc_exchange(s, apdu, len, out, cap, &n);
	if (st == EUICC_OK && (s->sw >> 8) == 0x6C && len >= 5) {
		/* wrong Le: the same command again with Le = SW2, once */
		memcpy(again, apdu, len);
		again[len - 1] = (uint8_t)(s->sw & 0xFF);
		st = euicc_exchange(s, again, len, out, cap, &n);
		if (st == EUICC_OK && (s->sw >> 8) == 0x6C)
			return EUICC_ERR_SW;
	}
	if (st != EUICC_OK)
		return st;
	total = n;
	while ((s->sw >> 8) == 0x61) {
		uint8_t get_response[5] = { euicc_cla(s->channel, false), EUICC_INS_GET_RESPONSE, 0, 0,
					    (uint8_t)(s->sw & 0xFF) };

		if (++chain > EUICC_CHAIN_MAX)
			return EUICC_ERR_CHAIN;
		st = euicc_exchange(s, get_response, sizeof get_response, out + total, cap - total, &n);
		if (st != EUICC_OK)
			return st;
		total += n;
	}
	*out_len = total;
	return euicc_sw_ok(s->sw) ? EUICC_OK : EUICC_ERR_SW;
}

/** Reads the session from "+CCHO: <n>" or a bare "<n>" (quotes allowed):
 *  a channel number (1-19), or a handle of 4 to 16 hex digits, which some
 *  modules give (the channel is then the module's business: 1 is kept).
 *  0 or -1. */
static int euicc_parse_ccho(const at_response *resp, int *channel, char *session, size_t size)
{
	const char *line = at_response_find(resp, "+CCHO:");
	char *end;
	long v;

	if (line) {
		line += strlen("+CCHO:");
	} else {
		for (size_t i = 0; (line = at_response_line(resp, i)) != NULL; i++)
			if (isdigit((unsigned char)line[0]) || (line[0] == '"' && isdigit((unsigned char)line[1])))
				break;
		if (!line)
			return -1;
	}
	while (*line == ' ' || *line == '"')
		line++;
	v = strtol(line, &end, 10);
	if (end != line && (!*end || strcmp(end, "\"") == 0) && v >= 1 && v <= EUICC_CHANNEL_MAX) {
		*channel = (int)v;
		snprintf(session, size, "%ld", v);
		return 0;
	}
	for (end = (char *)line; isxdigit((unsigned char)*end); end++)
		;
	if (end - line < 4 || end - line > 16 || (*end && strcmp(end, "\"") != 0) || (size_t)(end - line) >= size)
		return -1;
	memcpy(session, line, (size_t)(end - line));
	session[end - line] = '\0';
	*channel = 1;
	return 0;
}

/** Opens a channel with MANAGE CHANNEL over +CSIM and selects the ISD-R on it. */
static euicc_status euicc_open_csim(euicc_session *s)
{
	static const uint8_t manage_open[5] = { 0x00, EUICC_INS_MANAGE_CHANNEL, 0x00, 0x00, 0x01 };
	uint8_t select[5 + 16 + 1] = { 0, EUICC_INS_SELECT, 0x04, 0x00, 16 };
	uint8_t data[256];
	size_t n = 0;
	euicc_status st;

	s->channel = 0; /* the basic channel carries MANAGE CHANNEL */
	st = euicc_transmit(s, manage_open, sizeof manage_open, data, sizeof data, &n);
	s->channel = -1;
	if (st != EUICC_OK)
		return st;
	if (n != 1 || data[0] < 1 || data[0] > EUICC_CHANNEL_MAX)
		return EUICC_ERR_ANSWER;
	s->channel = data[0];
	select[0] = euicc_cla(s->channel, false);
	(void)hex_digits_decode(EUICC_ISDR_AID, 32, select + 5, 16);
	select[21] = 0x00;
	st = euicc_transmit(s, select, sizeof select, data, sizeof data, &n);
	if (st != EUICC_OK) {
		(void)euicc_close(s);
		return st == EUICC_ERR_SW ? EUICC_ERR_NO_ISDR : st;
	}
	return EUICC_OK;
}

euicc_status euicc_open(euicc_session *s)
{
	euicc_status st;

	if (s->channel > 0)
		return EUICC_OK;
	st = euicc_probe(s);
	if (st != EUICC_OK)
		return st;
	if (s->via == EUICC_VIA_CSIM)
		return euicc_open_csim(s);
	st = euicc_send_text(s, "AT+CCHO=\"" EUICC_ISDR_AID "\"");
	if (st == EUICC_ERR_REFUSED && s->unconfirmed) {
		s->via = EUICC_VIA_NONE; /* no check, no +CCHO: the module has none of them */
		return EUICC_ERR_UNSUPPORTED;
	}
	if (st == EUICC_ERR_REFUSED)
		return EUICC_ERR_NO_ISDR; /* 27.007: the application could not be selected */
	if (st != EUICC_OK)
		return st;
	s->unconfirmed = false;
	if (euicc_parse_ccho(&s->resp, &s->channel, s->session, sizeof s->session) != 0) {
		s->channel = -1;
		return EUICC_ERR_ANSWER;
	}
	return EUICC_OK;
}

void euicc_forget_channel(euicc_session *s)
{
	s->channel = -1;
}

euicc_status euicc_close(euicc_session *s)
{
	char command[32];
	int channel = s->channel;

	if (channel <= 0)
		return EUICC_OK;
	s->channel = -1;
	if (s->via == EUICC_VIA_CSIM) {
		uint8_t manage_close[4] = { 0x00, EUICC_INS_MANAGE_CHANNEL, 0x80, (uint8_t)channel };
		uint8_t data[8];
		size_t n = 0;
		euicc_status st;

		s->channel = 0;
		st = euicc_transmit(s, manage_close, sizeof manage_close, data, sizeof data, &n);
		s->channel = -1;
		return st;
	}
	snprintf(command, sizeof command, "AT+CCHC=%s", s->session);
	return euicc_send_text(s, command);
}

euicc_status euicc_store_data(euicc_session *s, const uint8_t *command, size_t len, uint8_t *out, size_t cap,
			      size_t *out_len)
{
	size_t n_blocks = (len + EUICC_STORE_DATA_BLOCK - 1) / EUICC_STORE_DATA_BLOCK;
	uint8_t apdu[5 + EUICC_STORE_DATA_BLOCK + 1];
	euicc_status st = EUICC_OK;

	*out_len = 0;
	if (s->channel <= 0)
		return EUICC_ERR_NOT_OPEN;
	if (len == 0 || n_blocks > 256)
		return EUICC_ERR_TOO_LONG; /* Lc is at least 1; P2 numbers the blocks in one byte */
	for (size_t b = 0; b < n_blocks; b++) {
		size_t off = b * EUICC_STORE_DATA_BLOCK;
		size_t seg = len - off < EUICC_STORE_DATA_BLOCK ? len - off : EUICC_STORE_DATA_BLOCK;
		bool last = b + 1 == n_blocks;
		size_t n = 0;

		apdu[0] = euicc_cla(s->channel, true);
		apdu[1] = EUICC_INS_STORE_DATA;
		apdu[2] = last ? EUICC_P1_LAST : EUICC_P1_MORE;
		apdu[3] = (uint8_t)b;
		apdu[4] = (uint8_t)seg;
		memcpy(apdu + 5, command + off, seg);
		apdu[5 + seg] = 0x00; /* Le: case 4, SGP.22 5.7.2 */
		st = euicc_transmit(s, apdu, 6 + seg, out, cap, &n);
		if (st != EUICC_OK)
			return st;
		if (last)
			*out_len = n;
	}
	return st;
}
