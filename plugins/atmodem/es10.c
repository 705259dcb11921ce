/* ES10 requests and answers; see es10.h. Tags and codes are those of the
 * ASN.1 module of GSMA SGP.22 (automatic tagging: a field without an
 * explicit tag is context-specific [n] in the order of its SEQUENCE). */
#include "es10.h"

#include <string.h>

#include "ber_tlv.h"
#include "hex_digits.h"

/** Marks a message for translation in the plugin's text domain (xgettext --keyword=N_). */
#ifndef N_
#define N_(s) (s)
#endif

/** Tags of SGP.22 used here. */
enum {
	ES10_TAG_GET_EUICC_DATA = 0xBF3E,
	ES10_TAG_PROFILE_INFO_LIST = 0xBF2D,
	ES10_TAG_ENABLE = 0xBF31,
	ES10_TAG_DISABLE = 0xBF32,
	ES10_TAG_DELETE = 0xBF33,
	ES10_TAG_SET_NICKNAME = 0xBF29,
	ES10_TAG_CONFIGURED_ADDRESSES = 0xBF3C,
	ES10_TAG_LIST_NOTIFICATION = 0xBF28,
	ES10_TAG_RETRIEVE_NOTIFICATIONS = 0xBF2B,
	ES10_TAG_NOTIFICATION_SENT = 0xBF30,
	ES10_TAG_NOTIFICATION_METADATA = 0xBF2F,
	ES10_TAG_PROFILE_INSTALLATION_RESULT = 0xBF37,
	ES10_TAG_PROFILE_INSTALLATION_RESULT_DATA = 0xBF27,
	ES10_TAG_PROFILE_INFO = 0xE3,
	ES10_TAG_ICCID = 0x5A,           /**< Iccid ::= [APPLICATION 26] */
	ES10_TAG_EID = 0x5A,             /**< eidValue [APPLICATION 26] */
	ES10_TAG_AID = 0x4F,             /**< isdpAid [APPLICATION 15] */
	ES10_TAG_TAG_LIST = 0x5C,        /**< tagList [APPLICATION 28] */
	ES10_TAG_PROFILE_STATE = 0x9F70, /**< [112] */
	ES10_TAG_NICKNAME = 0x90,        /**< [16] */
	ES10_TAG_PROVIDER = 0x91,        /**< [17] */
	ES10_TAG_PROFILE_NAME = 0x92,    /**< [18] */
	ES10_TAG_PROFILE_CLASS = 0x95,   /**< [21] */
	ES10_TAG_PROFILE_OWNER = 0xB7,   /**< profileOwner [23] OperatorId */
	ES10_TAG_CTX0 = 0x80,            /**< [0] primitive */
	ES10_TAG_CTX1 = 0x81,            /**< [1] primitive */
	ES10_TAG_CTX0_CONSTRUCTED = 0xA0,
	ES10_TAG_UTF8STRING = 0x0C,
	ES10_TAG_SEQUENCE = 0x30,
};

/** Deepest nesting accepted in an answer (a PendingNotification with its
 *  certificates is the deepest SGP.22 sends here, well under this). */
#define ES10_MAX_DEPTH 12

/* ---- names and messages ---- */

/** The stable name and the words (a msgid) of each result. */
static const struct {
	const char *name;
	const char *message;
} es10_results[] = {
	[ES10_OK] = { "ok", N_("done") },
	[ES10_NOT_FOUND] = { "not-found", N_("the profile was not found on the eSIM") },
	[ES10_NOT_DISABLED] = { "not-disabled", N_("the profile is enabled, and this needs a disabled profile; enable another "
						   "profile first") },
	[ES10_NOT_ENABLED] = { "not-enabled", N_("the profile is not enabled") },
	[ES10_POLICY] = { "disallowed-by-policy", N_("the profile's policy rules do not allow this") },
	[ES10_WRONG_REENABLING] = { "wrong-reenabling",
				    N_("the eSIM does not allow this profile to be enabled again now") },
	[ES10_CAT_BUSY] = { "cat-busy", N_("the eSIM is busy with the module; wait a moment and try again") },
	[ES10_NOTHING_TO_DELETE] = { "nothing-to-delete", N_("the eSIM has no such notification") },
	[ES10_INCORRECT_INPUT] = { "incorrect-input", N_("the eSIM did not accept the values of the request") },
	[ES10_NO_RESULT] = { "no-result", N_("the eSIM has no such notification") },
	[ES10_UNDEFINED] = { "undefined-error", N_("the eSIM reported an error without saying which") },
	[ES10_UNKNOWN_CODE] = { "unknown-code", N_("the eSIM reported an error that the standard does not list") },
	[ES10_MALFORMED] = { "malformed", N_("the eSIM's answer could not be read") },
};

const char *es10_result_message(es10_result result)
{
	if ((size_t)result >= sizeof es10_results / sizeof es10_results[0])
		return es10_results[ES10_MALFORMED].message;
	return es10_results[result].message;
}

const char *es10_result_name(es10_result result)
{
	if ((size_t)result >= sizeof es10_results / sizeof es10_results[0])
		return "unknown";
	return es10_results[result].name;
}

const char *es10_state_name(es10_state state)
{
	static const char *const names[] = { "unknown", "disabled", "enabled" };

	return (size_t)state < sizeof names / sizeof names[0] ? names[state] : "unknown";
}

const char *es10_class_name(es10_class profile_class)
{
	static const char *const names[] = { "unknown", "test", "provisioning", "operational" };

	return (size_t)profile_class < sizeof names / sizeof names[0] ? names[profile_class] : "unknown";
}

const char *es10_event_name(es10_event event)
{
	static const char *const names[] = { "unknown", "install", "enable", "disable", "delete" };

	return (size_t)event < sizeof names / sizeof names[0] ? names[event] : "unknown";
}

/* ---- ICCIDs, hex and text ---- */

int es10_iccid_decode(const uint8_t *bcd, size_t len, char *out, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		uint8_t nibbles[2] = { (uint8_t)(bcd[i] & 0x0F), (uint8_t)(bcd[i] >> 4) };

		for (size_t k = 0; k < 2; k++) {
			if (nibbles[k] == 0x0F)
				continue; /* padding */
			if (nibbles[k] > 9 || n + 1 >= size) {
				out[0] = '\0';
				return -1;
			}
			out[n++] = (char)('0' + nibbles[k]);
		}
	}
	out[n] = '\0';
	return 0;
}

int es10_iccid_encode(const char *digits, uint8_t out[ES10_ICCID_BYTES])
{
	size_t len = strlen(digits);

	if (len == 0 || len > 2 * ES10_ICCID_BYTES)
		return -1;
	memset(out, 0xFF, ES10_ICCID_BYTES);
	for (size_t i = 0; i < len; i++) {
		uint8_t d;

		if (digits[i] < '0' || digits[i] > '9')
			return -1;
		d = (uint8_t)(digits[i] - '0');
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(0xF0 | d);
		else
			out[i / 2] = (uint8_t)((out[i / 2] & 0x0F) | (d << 4));
	}
	return 0;
}

/** Bytes in hex (upper case) into out; "" when it does not fit. */
static void es10_hex(const uint8_t *bytes, size_t len, char *out, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";

	if (2 * len + 1 > size) {
		out[0] = '\0';
		return;
	}
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 0x0F];
	}
	out[2 * len] = '\0';
}

/** Reads 32 hex digits into 16 bytes. 0 or -1. */
static int es10_unhex16(const char *hex, uint8_t out[16])
{
	return strlen(hex) == 32 && hex_digits_decode(hex, 32, out, 16) == 16 ? 0 : -1;
}

/** Copies a UTF8String value into out (size bytes): control characters
 *  become '?', and a cut never splits a character. */
static void es10_text(const ber_tlv *tlv, char *out, size_t size)
{
	size_t n = tlv->len < size - 1 ? tlv->len : size - 1;

	if (n < tlv->len)
		while (n > 0 && (tlv->value[n] & 0xC0) == 0x80)
			n--; /* back to the start of the character that did not fit */
	for (size_t i = 0; i < n; i++) {
		uint8_t c = tlv->value[i];

		out[i] = (char)(c < 0x20 || c == 0x7F ? '?' : c);
	}
	out[n] = '\0';
}

/** Number of characters in a UTF-8 string (bytes that do not continue one). */
static size_t es10_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- requests ---- */

long es10_request_eid(uint8_t *buf, size_t cap)
{
	static const uint8_t eid_tag = ES10_TAG_EID;
	ber_writer w;

	ber_writer_init(&w, buf, cap);
	ber_begin(&w, ES10_TAG_GET_EUICC_DATA);
	ber_put(&w, ES10_TAG_TAG_LIST, &eid_tag, 1);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10_request_profiles(uint8_t *buf, size_t cap)
{
	/* the tags of ICCID, state, nickname, provider, name, class and owner
	 * (its MCC and MNC tell the network): the ICCID names a profile, so
	 * the AID's 18 bytes a profile are left out */
	static const uint8_t tags[] = { 0x5A, 0x9F, 0x70, 0x90, 0x91, 0x92, 0x95, 0xB7 };
	ber_writer w;

	ber_writer_init(&w, buf, cap);
	ber_begin(&w, ES10_TAG_PROFILE_INFO_LIST);
	ber_put(&w, ES10_TAG_TAG_LIST, tags, sizeof tags);
	ber_end(&w);
	return ber_writer_finish(&w);
}

/** Writes a profile identifier: an AID (32 hex digits) or an ICCID. */
static void es10_put_profile(ber_writer *w, const char *profile)
{
	uint8_t bytes[16];

	if (strlen(profile) == 32 && es10_unhex16(profile, bytes) == 0) {
		ber_put(w, ES10_TAG_AID, bytes, 16);
		return;
	}
	if (es10_iccid_encode(profile, bytes) != 0) {
		w->failed = true;
		return;
	}
	ber_put(w, ES10_TAG_ICCID, bytes, ES10_ICCID_BYTES);
}

/** EnableProfileRequest or DisableProfileRequest: the identifier CHOICE in [0], the flag in [1]. */
static long es10_request_switch(uint32_t tag, uint8_t *buf, size_t cap, const char *profile, bool refresh)
{
	ber_writer w;

	ber_writer_init(&w, buf, cap);
	ber_begin(&w, tag);
	ber_begin(&w, ES10_TAG_CTX0_CONSTRUCTED);
	es10_put_profile(&w, profile);
	ber_end(&w);
	ber_put_bool(&w, ES10_TAG_CTX1, refresh);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10_request_enable(uint8_t *buf, size_t cap, const char *profile, bool refresh)
{
	return es10_request_switch(ES10_TAG_ENABLE, buf, cap, profile, refresh);
}

long es10_request_disable(uint8_t *buf, size_t cap, const char *profile, bool refresh)
{
	return es10_request_switch(ES10_TAG_DISABLE, buf, cap, profile, refresh);
}

long es10_request_delete(uint8_t *buf, size_t cap, const char *profile)
{
	ber_writer w;

	/* DeleteProfileRequest ::= [51] CHOICE: the identifier directly inside */
	ber_writer_init(&w, buf, cap);
	ber_begin(&w, ES10_TAG_DELETE);
	es10_put_profile(&w, profile);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10_request_set_nickname(uint8_t *buf, size_t cap, const char *iccid, const char *nickname)
{
	uint8_t bytes[ES10_ICCID_BYTES];
	ber_writer w;

	if (es10_iccid_encode(iccid, bytes) != 0 || es10_utf8_chars(nickname) > ES10_NICKNAME_MAX_CHARS)
		return -1;
	ber_writer_init(&w, buf, cap);
	ber_begin(&w, ES10_TAG_SET_NICKNAME);
	ber_put(&w, ES10_TAG_ICCID, bytes, sizeof bytes);
	ber_put(&w, ES10_TAG_NICKNAME, nickname, strlen(nickname));
	ber_end(&w);
	return ber_writer_finish(&w);
}

/** A request that is only its tag and an empty value. */
static long es10_request_empty(uint32_t tag, uint8_t *buf, size_t cap)
{
	ber_writer w;

	ber_writer_init(&w, buf, cap);
	ber_begin(&w, tag);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10_request_addresses(uint8_t *buf, size_t cap)
{
	return es10_request_empty(ES10_TAG_CONFIGURED_ADDRESSES, buf, cap);
}

long es10_request_list_notifications(uint8_t *buf, size_t cap)
{
	return es10_request_empty(ES10_TAG_LIST_NOTIFICATION, buf, cap);
}

long es10_request_retrieve_notifications(uint8_t *buf, size_t cap, bool all, uint32_t seq)
{
	ber_writer w;

	if (all)
		return es10_request_empty(ES10_TAG_RETRIEVE_NOTIFICATIONS, buf, cap);
	/* searchCriteria [0] CHOICE { seqNumber [0] INTEGER, ... } */
	ber_writer_init(&w, buf, cap);
	ber_begin(&w, ES10_TAG_RETRIEVE_NOTIFICATIONS);
	ber_begin(&w, ES10_TAG_CTX0_CONSTRUCTED);
	ber_put_uint(&w, ES10_TAG_CTX0, seq);
	ber_end(&w);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10_request_remove_notification(uint8_t *buf, size_t cap, uint32_t seq)
{
	ber_writer w;

	ber_writer_init(&w, buf, cap);
	ber_begin(&w, ES10_TAG_NOTIFICATION_SENT);
	ber_put_uint(&w, ES10_TAG_CTX0, seq);
	ber_end(&w);
	return ber_writer_finish(&w);
}

/* ---- answers ---- */

/** Checks that buf is exactly one well-formed, constructed TLV with tag, and reads it. 0 or -1. */
static int es10_top(const uint8_t *buf, size_t len, uint32_t tag, ber_tlv *top)
{
	size_t used = ber_tlv_read(buf, len, top);

	if (used == 0 || used != len || top->tag != tag || !top->constructed)
		return -1;
	return ber_tlv_check(buf, len, ES10_MAX_DEPTH);
}

es10_result es10_parse_eid(const uint8_t *buf, size_t len, char eid[ES10_EID_SIZE])
{
	ber_tlv top, value;

	eid[0] = '\0';
	if (es10_top(buf, len, ES10_TAG_GET_EUICC_DATA, &top) != 0 || ber_tlv_find(&top, ES10_TAG_EID, &value) != 0 ||
	    value.len != 16)
		return ES10_MALFORMED;
	es10_hex(value.value, value.len, eid, ES10_EID_SIZE);
	return ES10_OK;
}

/** The result of a list command's error alternative ([1] INTEGER): its codes per command. */
static es10_result es10_list_error(const ber_tlv *error, bool no_result_is_1)
{
	uint32_t code;

	if (error->constructed || ber_tlv_uint(error, &code) != 0)
		return ES10_MALFORMED;
	if (code == 127)
		return ES10_UNDEFINED;
	if (code == 1)
		return no_result_is_1 ? ES10_NO_RESULT : ES10_INCORRECT_INPUT;
	return ES10_UNKNOWN_CODE;
}

/** The MCC and MNC of an OperatorId's mccMnc [0] (3GPP TS 24.008 PLMN
 *  identity: digits in nibbles, low first, MNC's third digit F when it has
 *  two). 0, or -1 when the bytes are not a PLMN identity. */
static int es10_read_owner(const ber_tlv *owner, es10_profile *p)
{
	ber_tlv plmn;
	uint8_t d[6];

	if (!owner->constructed || ber_tlv_find(owner, ES10_TAG_CTX0, &plmn) != 0 || plmn.len != 3)
		return -1;
	d[0] = plmn.value[0] & 0x0F; /* MCC 1 */
	d[1] = plmn.value[0] >> 4;   /* MCC 2 */
	d[2] = plmn.value[1] & 0x0F; /* MCC 3 */
	d[3] = plmn.value[2] & 0x0F; /* MNC 1 */
	d[4] = plmn.value[2] >> 4;   /* MNC 2 */
	d[5] = plmn.value[1] >> 4;   /* MNC 3, or F */
	for (size_t i = 0; i < 5; i++)
		if (d[i] > 9)
			return -1;
	if (d[5] > 9 && d[5] != 0x0F)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		p->mcc[i] = (char)('0' + d[i]);
		p->mnc[i] = d[i + 3] > 9 ? '\0' : (char)('0' + d[i + 3]);
	}
	p->mcc[3] = p->mnc[3] = '\0';
	return 0;
}

/** Fills one profile from a ProfileInfo. 0, or -1 when a field is malformed. */
static int es10_read_profile(const ber_tlv *info, es10_profile *p)
{
	ber_iter it;
	ber_tlv f;
	uint32_t v;
	int r;

	memset(p, 0, sizeof *p);
	p->profile_class = ES10_CLASS_OPERATIONAL; /* the DEFAULT */
	ber_iter_children(&it, info);
	while ((r = ber_iter_next(&it, &f)) == 1) {
		switch (f.tag) {
		case ES10_TAG_ICCID:
			if (es10_iccid_decode(f.value, f.len, p->iccid, sizeof p->iccid) != 0)
				return -1;
			break;
		case ES10_TAG_AID:
			if (f.len > 16)
				return -1;
			es10_hex(f.value, f.len, p->aid, sizeof p->aid);
			break;
		case ES10_TAG_PROFILE_STATE:
			if (ber_tlv_uint(&f, &v) != 0)
				return -1;
			p->state = v == 0 ? ES10_STATE_DISABLED : v == 1 ? ES10_STATE_ENABLED : ES10_STATE_UNKNOWN;
			break;
		case ES10_TAG_PROFILE_CLASS:
			if (ber_tlv_uint(&f, &v) != 0)
				return -1;
			p->profile_class = v == 0   ? ES10_CLASS_TEST
					   : v == 1 ? ES10_CLASS_PROVISIONING
					   : v == 2 ? ES10_CLASS_OPERATIONAL
						    : ES10_CLASS_UNKNOWN;
			break;
		case ES10_TAG_NICKNAME:
			es10_text(&f, p->nickname, sizeof p->nickname);
			break;
		case ES10_TAG_PROVIDER:
			es10_text(&f, p->provider, sizeof p->provider);
			break;
		case ES10_TAG_PROFILE_NAME:
			es10_text(&f, p->name, sizeof p->name);
			break;
		case ES10_TAG_PROFILE_OWNER:
			if (es10_read_owner(&f, p) != 0)
				return -1;
			break;
		default:
			break; /* fields not asked for (icon, policy rules, ...) */
		}
	}
	return r == 0 ? 0 : -1;
}

es10_result es10_parse_profiles(const uint8_t *buf, size_t len, es10_profile *out, size_t max, size_t *n, bool *truncated)
{
	ber_tlv top, choice, info;
	ber_iter it;
	int r;

	*n = 0;
	*truncated = false;
	if (es10_top(buf, len, ES10_TAG_PROFILE_INFO_LIST, &top) != 0)
		return ES10_MALFORMED;
	if (ber_tlv_find(&top, ES10_TAG_CTX1, &choice) == 0)
		return es10_list_error(&choice, false);
	if (ber_tlv_find(&top, ES10_TAG_CTX0_CONSTRUCTED, &choice) != 0)
		return ES10_MALFORMED;
	ber_iter_children(&it, &choice);
	while ((r = ber_iter_next(&it, &info)) == 1) {
		if (info.tag != ES10_TAG_PROFILE_INFO || !info.constructed)
			return ES10_MALFORMED;
		if (*n >= max) {
			*truncated = true;
			continue;
		}
		if (es10_read_profile(&info, &out[*n]) != 0)
			return ES10_MALFORMED;
		(*n)++;
	}
	return r == 0 ? ES10_OK : ES10_MALFORMED;
}

es10_result es10_parse_result(es10_command command, const uint8_t *buf, size_t len, int *code)
{
	static const uint32_t tags[] = {
		[ES10_CMD_ENABLE] = ES10_TAG_ENABLE,
		[ES10_CMD_DISABLE] = ES10_TAG_DISABLE,
		[ES10_CMD_DELETE] = ES10_TAG_DELETE,
		[ES10_CMD_SET_NICKNAME] = ES10_TAG_SET_NICKNAME,
		[ES10_CMD_REMOVE_NOTIFICATION] = ES10_TAG_NOTIFICATION_SENT,
	};
	ber_tlv top, field;
	uint32_t v;

	if (code)
		*code = -1;
	if ((size_t)command >= sizeof tags / sizeof tags[0])
		return ES10_MALFORMED;
	if (es10_top(buf, len, tags[command], &top) != 0 || ber_tlv_find(&top, ES10_TAG_CTX0, &field) != 0 ||
	    ber_tlv_uint(&field, &v) != 0)
		return ES10_MALFORMED;
	if (code)
		*code = v <= 255 ? (int)v : -1;
	if (v == 0)
		return ES10_OK;
	if (v == 127)
		return ES10_UNDEFINED;
	switch (command) {
	case ES10_CMD_ENABLE:
	case ES10_CMD_DISABLE:
	case ES10_CMD_DELETE:
		/* 1 iccidOrAidNotFound, 2 profileNot{Disabled,Enabled}State, 3 disallowedByPolicy,
		 * 4 wrongProfileReenabling (enable), 5 catBusy (enable, disable) */
		if (v == 1)
			return ES10_NOT_FOUND;
		if (v == 2)
			return command == ES10_CMD_DISABLE ? ES10_NOT_ENABLED : ES10_NOT_DISABLED;
		if (v == 3)
			return ES10_POLICY;
		if (v == 4 && command == ES10_CMD_ENABLE)
			return ES10_WRONG_REENABLING;
		if (v == 5 && command != ES10_CMD_DELETE)
			return ES10_CAT_BUSY;
		break;
	case ES10_CMD_SET_NICKNAME:
		if (v == 1)
			return ES10_NOT_FOUND; /* iccidNotFound */
		break;
	case ES10_CMD_REMOVE_NOTIFICATION:
		if (v == 1)
			return ES10_NOTHING_TO_DELETE;
		break;
	}
	return ES10_UNKNOWN_CODE;
}

es10_result es10_parse_addresses(const uint8_t *buf, size_t len, es10_addresses *out)
{
	ber_tlv top, field;

	memset(out, 0, sizeof *out);
	if (es10_top(buf, len, ES10_TAG_CONFIGURED_ADDRESSES, &top) != 0)
		return ES10_MALFORMED;
	/* defaultDpAddress [0] UTF8String OPTIONAL, rootDsAddress [1] UTF8String */
	if (ber_tlv_find(&top, ES10_TAG_CTX0, &field) == 0)
		es10_text(&field, out->default_dp, sizeof out->default_dp);
	if (ber_tlv_find(&top, ES10_TAG_CTX1, &field) != 0)
		return ES10_MALFORMED;
	es10_text(&field, out->root_ds, sizeof out->root_ds);
	return ES10_OK;
}

/** The operation of a NotificationEvent BIT STRING: the first bit set
 *  (0 install, 1 enable, 2 disable, 3 delete). */
static es10_event es10_read_event(const ber_tlv *bits)
{
	if (bits->len < 2 || bits->value[0] > 7)
		return ES10_EVENT_UNKNOWN;
	for (unsigned bit = 0; bit < 4; bit++)
		if (bits->value[1] & (0x80 >> bit))
			return (es10_event)(ES10_EVENT_INSTALL + bit);
	return ES10_EVENT_UNKNOWN;
}

/** Fills a notification from a NotificationMetadata (BF2F). 0 or -1. */
static int es10_read_metadata(const ber_tlv *meta, es10_notification *out)
{
	ber_tlv f;
	uint32_t seq;

	memset(out, 0, sizeof *out);
	if (!meta->constructed || ber_tlv_find(meta, ES10_TAG_CTX0, &f) != 0 || ber_tlv_uint(&f, &seq) != 0)
		return -1;
	out->seq = seq;
	if (ber_tlv_find(meta, ES10_TAG_CTX1, &f) != 0)
		return -1;
	out->event = es10_read_event(&f);
	if (ber_tlv_find(meta, ES10_TAG_UTF8STRING, &f) != 0)
		return -1;
	es10_text(&f, out->address, sizeof out->address);
	if (ber_tlv_find(meta, ES10_TAG_ICCID, &f) == 0 &&
	    es10_iccid_decode(f.value, f.len, out->iccid, sizeof out->iccid) != 0)
		return -1;
	return 0;
}

/** The list inside a BF28 or BF2B answer: the [0] alternative, or the error of [1]. */
static es10_result es10_list_of(const uint8_t *buf, size_t len, uint32_t tag, bool no_result_is_1, ber_iter *it)
{
	ber_tlv top, choice;

	if (es10_top(buf, len, tag, &top) != 0)
		return ES10_MALFORMED;
	if (ber_tlv_find(&top, ES10_TAG_CTX1, &choice) == 0)
		return es10_list_error(&choice, no_result_is_1);
	if (ber_tlv_find(&top, ES10_TAG_CTX0_CONSTRUCTED, &choice) != 0)
		return ES10_MALFORMED;
	ber_iter_children(it, &choice);
	return ES10_OK;
}

es10_result es10_parse_notifications(const uint8_t *buf, size_t len, es10_notification *out, size_t max, size_t *n,
				     bool *truncated)
{
	ber_iter it;
	ber_tlv meta;
	es10_result res;
	int r;

	*n = 0;
	*truncated = false;
	res = es10_list_of(buf, len, ES10_TAG_LIST_NOTIFICATION, false, &it);
	if (res != ES10_OK)
		return res;
	while ((r = ber_iter_next(&it, &meta)) == 1) {
		if (meta.tag != ES10_TAG_NOTIFICATION_METADATA)
			return ES10_MALFORMED;
		if (*n >= max) {
			*truncated = true;
			continue;
		}
		if (es10_read_metadata(&meta, &out[*n]) != 0)
			return ES10_MALFORMED;
		(*n)++;
	}
	return r == 0 ? ES10_OK : ES10_MALFORMED;
}

/** The NotificationMetadata inside a PendingNotification: in a
 *  ProfileInstallationResult (BF37 > BF27 > BF2F) or an
 *  OtherSignedNotification (30 > BF2F). 0 or -1. */
static int es10_pending_metadata(const ber_tlv *pending, ber_tlv *meta)
{
	ber_tlv data;

	if (pending->tag == ES10_TAG_PROFILE_INSTALLATION_RESULT)
		return ber_tlv_find(pending, ES10_TAG_PROFILE_INSTALLATION_RESULT_DATA, &data) == 0 &&
				       ber_tlv_find(&data, ES10_TAG_NOTIFICATION_METADATA, meta) == 0
			       ? 0
			       : -1;
	if (pending->tag == ES10_TAG_SEQUENCE)
		return ber_tlv_find(pending, ES10_TAG_NOTIFICATION_METADATA, meta);
	return -1;
}

es10_result es10_parse_retrieved(const uint8_t *buf, size_t len, es10_notification *out, size_t max, size_t *n,
				 bool *truncated)
{
	ber_iter it;
	ber_tlv pending, meta;
	es10_result res;
	int r;

	*n = 0;
	*truncated = false;
	res = es10_list_of(buf, len, ES10_TAG_RETRIEVE_NOTIFICATIONS, true, &it);
	if (res != ES10_OK)
		return res;
	while ((r = ber_iter_next(&it, &pending)) == 1) {
		if (*n >= max) {
			*truncated = true;
			continue;
		}
		if (es10_pending_metadata(&pending, &meta) != 0 || es10_read_metadata(&meta, &out[*n]) != 0)
			return ES10_MALFORMED;
		out[*n].raw = pending.raw;
		out[*n].raw_len = pending.raw_len;
		(*n)++;
	}
	return r == 0 ? ES10_OK : ES10_MALFORMED;
}
