/* Parsers of 27.007 information responses; see at_parse.h. */
#include "at_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/** Most fields any of these responses has (+CEREG with PSM timers has 9). */
#define AT_MAX_FIELDS 12

/** One comma-separated field of a response. */
typedef struct at_field {
	char text[64];
	bool quoted;
} at_field;

void at_copy(char *dst, size_t size, const char *src)
{
	size_t len = strnlen(src, size - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/** Skips "+NAME:" (or "^NAME:") and the blanks after it; p when there is no prefix. */
static const char *at_skip_prefix(const char *p)
{
	const char *colon;

	while (*p == ' ')
		p++;
	if (*p != '+' && *p != '^')
		return p;
	colon = strchr(p, ':');
	if (!colon)
		return p;
	p = colon + 1;
	while (*p == ' ')
		p++;
	return p;
}

/** True when line starts with prefix (say "+CSQ:"), ignoring case. */
static bool at_has_prefix(const char *line, const char *prefix)
{
	while (*line == ' ')
		line++;
	return strncasecmp(line, prefix, strlen(prefix)) == 0;
}

/** Splits p into fields at commas outside quotes; stops at end or at an
 *  unquoted ')'. Returns how many, and where it stopped in *end. */
static int at_split(const char *p, at_field *f, int max, const char **end)
{
	int n = 0;

	for (;;) {
		size_t len = 0;
		at_field dummy;
		at_field *cur = n < max ? &f[n] : &dummy;

		memset(cur, 0, sizeof *cur);
		while (*p == ' ')
			p++;
		if (*p == '"') {
			cur->quoted = true;
			p++;
			while (*p && *p != '"') {
				if (len + 1 < sizeof cur->text)
					cur->text[len++] = *p;
				p++;
			}
			if (*p == '"')
				p++;
			while (*p == ' ')
				p++;
		} else {
			while (*p && *p != ',' && *p != ')') {
				if (len + 1 < sizeof cur->text)
					cur->text[len++] = *p;
				p++;
			}
			while (len > 0 && cur->text[len - 1] == ' ')
				len--;
		}
		cur->text[len] = '\0';
		n++;
		if (*p != ',')
			break;
		p++;
	}
	if (end)
		*end = p;
	return n < max ? n : max;
}

/** Reads a decimal integer field; false when it is empty or not a number. */
static bool at_int(const at_field *f, int *out)
{
	char *end;
	long v;

	if (f->quoted || !f->text[0])
		return false;
	v = strtol(f->text, &end, 10);
	if (*end || v < -1000000 || v > 1000000)
		return false;
	*out = (int)v;
	return true;
}

/** Splits the fields after the expected prefix; -1 when the prefix differs. */
static int at_fields_after(const char *line, const char *prefix, at_field *f, int max)
{
	if (!at_has_prefix(line, prefix))
		return -1;
	return at_split(at_skip_prefix(line), f, max, NULL);
}

int at_parse_csq(const char *line, at_csq *out)
{
	at_field f[AT_MAX_FIELDS];
	int rssi;

	if (at_fields_after(line, "+CSQ:", f, AT_MAX_FIELDS) < 2 || !at_int(&f[0], &rssi))
		return -1;
	/* 0: -113 dBm or less, 1: -111, 2..30: -109..-53, 31: -51 or more, 99: unknown. */
	if (rssi < 0 || (rssi > 31 && rssi != 99))
		return -1;
	out->rssi_dbm = rssi == 99 ? AT_UNKNOWN : -113 + 2 * rssi;
	return 0;
}

/** Maps a CESQ value in [0, max] (unknown: 99/255) linearly: base + v * step10 / 10, in tenths when tenths. */
static int32_t at_cesq_value(const at_field *f, int max, int unknown, int32_t base10, int32_t step10, bool tenths)
{
	int v;
	int32_t r10;

	if (!at_int(f, &v) || v == unknown || v < 0 || v > max)
		return AT_UNKNOWN;
	r10 = base10 + v * step10;
	return tenths ? r10 : r10 / 10;
}

int at_parse_cesq(const char *line, at_cesq *out)
{
	at_field f[AT_MAX_FIELDS];
	int n = at_fields_after(line, "+CESQ:", f, AT_MAX_FIELDS);

	if (n < 6)
		return -1;
	/* 27.007 8.69: rxlev 0..63 (-111 + n, 0 below -110), rscp 0..96 (-121 + n),
	 * ecno 0..49 (-24.5 + n/2), rsrq 0..34 (-20 + n/2), rsrp 0..97 (-141 + n);
	 * the 5G additions ss_rsrq 0..127 (-43 + n/2), ss_rsrp 0..127 (-156 + n),
	 * ss_sinr 0..127 (-23 + n/2). Value 0 is "below the range": its floor. */
	out->rxlev_dbm = at_cesq_value(&f[0], 63, 99, -1110, 10, false);
	out->rscp_dbm = at_cesq_value(&f[2], 96, 255, -1210, 10, false);
	out->ecio_db10 = at_cesq_value(&f[3], 49, 255, -245, 5, true);
	out->rsrq_db10 = at_cesq_value(&f[4], 34, 255, -200, 5, true);
	out->rsrp_dbm = at_cesq_value(&f[5], 97, 255, -1410, 10, false);
	out->ss_rsrq_db10 = n > 6 ? at_cesq_value(&f[6], 127, 255, -430, 5, true) : AT_UNKNOWN;
	out->ss_rsrp_dbm = n > 7 ? at_cesq_value(&f[7], 127, 255, -1560, 10, false) : AT_UNKNOWN;
	out->ss_sinr_db10 = n > 8 ? at_cesq_value(&f[8], 127, 255, -230, 5, true) : AT_UNKNOWN;
	return 0;
}

at_reg_state at_reg_state_from_stat(int stat)
{
	switch (stat) {
	case 0: return AT_REG_NOT_REGISTERED;
	case 1: case 6: case 9: return AT_REG_HOME;      /* 6, 9: SMS only / CSFB not preferred */
	case 2: return AT_REG_SEARCHING;
	case 3: return AT_REG_DENIED;
	case 5: case 7: case 10: return AT_REG_ROAMING;
	case 8: case 11: return AT_REG_NOT_REGISTERED;   /* emergency services only */
	default: return AT_REG_UNKNOWN;
	}
}

at_act at_act_from_value(int act)
{
	switch (act) {
	case 0: case 1: case 3: case 8: return AT_ACT_GSM;  /* GSM, compact, EGPRS, EC-GSM-IoT */
	case 2: case 4: case 5: case 6: return AT_ACT_UMTS; /* UTRAN, HSDPA, HSUPA, HSPA */
	case 7: case 10: return AT_ACT_LTE;                 /* E-UTRAN (also on 5GCN) */
	case 9: return AT_ACT_NB_IOT;                       /* E-UTRAN NB-S1 */
	case 11: case 12: case 13: return AT_ACT_5G;        /* NR, NG-RAN, EN-DC */
	default: return AT_ACT_UNKNOWN;
	}
}

int at_parse_reg(const char *line, at_reg *out)
{
	static const char *const prefixes[] = { "+CREG:", "+CGREG:", "+CEREG:", "+C5GREG:" };
	at_field f[AT_MAX_FIELDS];
	int n = -1, first, act;
	bool solicited;

	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0] && n < 0; i++)
		n = at_fields_after(line, prefixes[i], f, AT_MAX_FIELDS);
	if (n < 1)
		return -1;
	memset(out, 0, sizeof *out);
	/* The answer to a query starts with <n>; an unsolicited code starts with
	 * <stat>. Two leading numbers mean the former; a lone number or a quoted
	 * second field (the area code) mean the latter. */
	solicited = n >= 2 && !f[1].quoted && at_int(&f[1], &act);
	first = solicited ? 1 : 0;
	if (!at_int(&f[first], &out->stat))
		return -1;
	out->state = at_reg_state_from_stat(out->stat);
	if (n > first + 1)
		at_copy(out->area, sizeof out->area, f[first + 1].text);
	if (n > first + 2)
		at_copy(out->cell_id, sizeof out->cell_id, f[first + 2].text);
	if (n > first + 3 && at_int(&f[first + 3], &act))
		out->act = at_act_from_value(act);
	return 0;
}

int at_parse_cops(const char *line, at_cops *out)
{
	at_field f[AT_MAX_FIELDS];
	int n = at_fields_after(line, "+COPS:", f, AT_MAX_FIELDS), act;

	if (n < 1 || at_has_prefix(at_skip_prefix(line), "(") || !at_int(&f[0], &out->mode))
		return -1;
	out->format = -1;
	out->oper[0] = '\0';
	out->act = AT_ACT_UNKNOWN;
	if (n >= 3 && at_int(&f[1], &out->format))
		at_copy(out->oper, sizeof out->oper, f[2].text);
	if (n >= 4 && at_int(&f[3], &act))
		out->act = at_act_from_value(act);
	return 0;
}

int at_parse_cops_list(const char *line, at_network *out, size_t max)
{
	const char *p;
	size_t count = 0;

	if (!at_has_prefix(line, "+COPS:"))
		return -1;
	p = at_skip_prefix(line);
	if (*p != '(' && *p != ',' && *p != '\0')
		return -1;
	/* Operator groups come first; the first empty field (",,") ends them,
	 * and the lists of modes and formats that follow are not networks. */
	while (*p == '(') {
		at_field f[AT_MAX_FIELDS];
		int stat, act, n = at_split(p + 1, f, AT_MAX_FIELDS, &p);

		if (*p == ')')
			p++;
		if (n >= 4 && at_int(&f[0], &stat) && f[3].quoted && count < max) {
			at_network *net = &out[count++];

			memset(net, 0, sizeof *net);
			net->stat = stat >= 0 && stat <= 3 ? (at_net_stat)stat : AT_NET_UNKNOWN;
			at_copy(net->long_name, sizeof net->long_name, f[1].text);
			at_copy(net->short_name, sizeof net->short_name, f[2].text);
			at_copy(net->code, sizeof net->code, f[3].text);
			net->act = n >= 5 && at_int(&f[4], &act) ? at_act_from_value(act) : AT_ACT_UNKNOWN;
		} else if (n < 4) {
			break; /* "(0,1,2,3,4)": the modes list without the ",," */
		}
		if (*p != ',')
			break;
		p++;
	}
	return (int)count;
}

/** Copies the digits (and hex pad letters when hex) of text into out. 0 or -1. */
static int at_take_digits(const char *text, char *out, size_t size, bool hex)
{
	size_t len = 0;

	for (const char *p = text; *p; p++) {
		if (*p == '"' || *p == ' ')
			continue;
		if (!isdigit((unsigned char)*p) && !(hex && isxdigit((unsigned char)*p)))
			return -1;
		if (len + 1 >= size)
			return -1;
		out[len++] = (char)toupper((unsigned char)*p);
	}
	out[len] = '\0';
	return len > 0 ? 0 : -1;
}

int at_parse_iccid(const char *line, char *out, size_t size)
{
	size_t len;

	if (at_take_digits(at_skip_prefix(line), out, size, true) < 0)
		return -1;
	len = strlen(out);
	while (len > 0 && out[len - 1] == 'F')
		out[--len] = '\0';
	/* An ICCID has 18 to 20 digits (ITU-T E.118). */
	if (len < 18 || len > 20 || strspn(out, "0123456789") != len)
		return -1;
	return 0;
}

int at_parse_digits(const char *line, char *out, size_t size)
{
	return at_take_digits(at_skip_prefix(line), out, size, false);
}

int at_parse_text(const char *line, char *out, size_t size)
{
	const char *p = at_skip_prefix(line);
	size_t len = 0;

	for (; *p && len + 1 < size; p++) {
		if (*p == '"')
			continue;
		if ((unsigned char)*p < 0x20)
			continue;
		out[len++] = *p;
	}
	while (len > 0 && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	return len > 0 ? 0 : -1;
}

const char *at_reg_state_name(at_reg_state state)
{
	switch (state) {
	case AT_REG_NOT_REGISTERED: return "not-registered";
	case AT_REG_HOME: return "home";
	case AT_REG_SEARCHING: return "searching";
	case AT_REG_DENIED: return "denied";
	case AT_REG_ROAMING: return "roaming";
	case AT_REG_UNKNOWN: break;
	}
	return "unknown";
}

const char *at_act_name(at_act act)
{
	switch (act) {
	case AT_ACT_GSM: return "gsm";
	case AT_ACT_UMTS: return "umts";
	case AT_ACT_LTE: return "lte";
	case AT_ACT_NB_IOT: return "nb-iot";
	case AT_ACT_5G: return "5g";
	case AT_ACT_UNKNOWN: break;
	}
	return "unknown";
}

const char *at_net_stat_name(at_net_stat stat)
{
	switch (stat) {
	case AT_NET_AVAILABLE: return "available";
	case AT_NET_CURRENT: return "current";
	case AT_NET_FORBIDDEN: return "forbidden";
	case AT_NET_UNKNOWN: break;
	}
	return "unknown";
}
