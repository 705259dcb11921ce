/* The ES10b commands of a profile download (es10b_download.h). */
#include "es10b_download.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "ber_tlv.h"
#include "es10.h"

/** Marks a message for translation in the plugin's text domain (xgettext --keyword=N_). */
#ifndef N_
#define N_(s) (s)
#endif

/** Tags of the download (SGP.22 RSPDefinitions, DER). */
enum {
	TAG_CHALLENGE = 0xBF2E,
	TAG_INFO1 = 0xBF20,
	TAG_AUTHENTICATE_SERVER = 0xBF38,
	TAG_PREPARE_DOWNLOAD = 0xBF21,
	TAG_BPP = 0xBF36,
	TAG_INIT_SECURE_CHANNEL = 0xBF23,
	TAG_INSTALL_RESULT = 0xBF37,
	TAG_INSTALL_RESULT_DATA = 0xBF27,
	TAG_NOTIFICATION_METADATA = 0xBF2F,
	TAG_CANCEL_SESSION = 0xBF41,
	TAG_SEQUENCE = 0x30,
	TAG_SIGNATURE = 0x5F37,
	TAG_OCTET_STRING = 0x04,
	TAG_BOOLEAN = 0x01,
	TAG_ICCID = 0x5A,
	TAG_AID = 0x4F,
};

/** Deepest nesting checked in an answer. */
#define ES10B_MAX_DEPTH 12

/** True when raw (len bytes) is exactly one well-formed TLV with tag. */
static bool one_tlv(const uint8_t *raw, size_t len, uint32_t tag, ber_tlv *out)
{
	ber_tlv spare;

	if (!out)
		out = &spare;
	return raw && len && ber_tlv_read(raw, len, out) == len && out->tag == tag;
}

/** Appends raw bytes (an already encoded TLV) to the writer. */
static void put_raw(ber_writer *w, const uint8_t *raw, size_t len)
{
	if (w->failed || len > w->cap - w->len) {
		w->failed = true;
		return;
	}
	memcpy(w->buf + w->len, raw, len);
	w->len += len;
}

/** Reads a whole answer with tag: the TLV into *out, checked to depth. */
static bool whole_answer(const uint8_t *buf, size_t len, uint32_t tag, ber_tlv *out)
{
	return one_tlv(buf, len, tag, out) && ber_tlv_check(buf, len, ES10B_MAX_DEPTH) == 0;
}

long es10b_request_challenge(uint8_t *buf, size_t cap)
{
	ber_writer w;

	ber_writer_init(&w, buf, cap);
	ber_begin(&w, TAG_CHALLENGE);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10b_request_info1(uint8_t *buf, size_t cap)
{
	ber_writer w;

	ber_writer_init(&w, buf, cap);
	ber_begin(&w, TAG_INFO1);
	ber_end(&w);
	return ber_writer_finish(&w);
}

/** Packs decimal digits into BCD, the first digit of each pair in the high
 *  nibble (swap false) or the low one (swap true, 3GPP TS 24.008), padded
 *  with F. -1 when a character is not a digit or there are too many. */
static int bcd_pack(const char *digits, size_t n_digits, bool swap, uint8_t *out, size_t size)
{
	if (n_digits > size * 2)
		return -1;
	memset(out, 0xFF, size);
	for (size_t i = 0; i < n_digits; i++) {
		uint8_t d;
		bool high;

		if (digits[i] < '0' || digits[i] > '9')
			return -1;
		d = (uint8_t)(digits[i] - '0');
		high = swap ? (i % 2 == 1) : (i % 2 == 0);
		out[i / 2] = high ? (uint8_t)((out[i / 2] & 0x0F) | (d << 4)) : (uint8_t)((out[i / 2] & 0xF0) | d);
	}
	return 0;
}

long es10b_request_authenticate_server(uint8_t *buf, size_t cap, const es10b_server_auth *in)
{
	static const uint8_t release[3] = { 0x0F, 0x00, 0x00 }; /* VersionType: release 15 */
	uint8_t tac[4] = { 0 }, imei[8];
	bool have_imei = false;
	ber_writer w;

	if (!one_tlv(in->server_signed1, in->server_signed1_len, TAG_SEQUENCE, NULL) ||
	    !one_tlv(in->server_signature1, in->server_signature1_len, TAG_SIGNATURE, NULL) ||
	    !one_tlv(in->ci_pkid, in->ci_pkid_len, TAG_OCTET_STRING, NULL) ||
	    !one_tlv(in->server_certificate, in->server_certificate_len, TAG_SEQUENCE, NULL))
		return -1;
	if (in->matching_id && strlen(in->matching_id) > 255)
		return -1;
	if (in->imei && strlen(in->imei) == 15 && bcd_pack(in->imei, 8, false, tac, sizeof tac) == 0 &&
	    bcd_pack(in->imei, 15, true, imei, sizeof imei) == 0)
		have_imei = true;
	else
		memset(tac, 0, sizeof tac);
	ber_writer_init(&w, buf, cap);
	ber_begin(&w, TAG_AUTHENTICATE_SERVER);
	put_raw(&w, in->server_signed1, in->server_signed1_len);
	put_raw(&w, in->server_signature1, in->server_signature1_len);
	put_raw(&w, in->ci_pkid, in->ci_pkid_len);
	put_raw(&w, in->server_certificate, in->server_certificate_len);
	ber_begin(&w, 0xA0); /* ctxParamsForCommonAuthentication */
	if (in->matching_id && in->matching_id[0])
		ber_put(&w, 0x80, in->matching_id, strlen(in->matching_id));
	ber_begin(&w, 0xA1); /* deviceInfo */
	ber_put(&w, 0x80, tac, sizeof tac);
	ber_begin(&w, 0xA1);                        /* deviceCapabilities */
	ber_put(&w, 0x80, release, sizeof release); /* gsmSupportedRelease */
	ber_put(&w, 0x81, release, sizeof release); /* utranSupportedRelease */
	ber_put(&w, 0x85, release, sizeof release); /* eutranEpcSupportedRelease */
	ber_end(&w);
	if (have_imei)
		ber_put(&w, 0x82, imei, sizeof imei);
	ber_end(&w);
	ber_end(&w);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10b_request_prepare_download(uint8_t *buf, size_t cap, const es10b_prepare *in)
{
	ber_writer w;

	if (!one_tlv(in->smdp_signed2, in->smdp_signed2_len, TAG_SEQUENCE, NULL) ||
	    !one_tlv(in->smdp_signature2, in->smdp_signature2_len, TAG_SIGNATURE, NULL) ||
	    !one_tlv(in->smdp_certificate, in->smdp_certificate_len, TAG_SEQUENCE, NULL))
		return -1;
	ber_writer_init(&w, buf, cap);
	ber_begin(&w, TAG_PREPARE_DOWNLOAD);
	put_raw(&w, in->smdp_signed2, in->smdp_signed2_len);
	put_raw(&w, in->smdp_signature2, in->smdp_signature2_len);
	if (in->hash_cc)
		ber_put(&w, TAG_OCTET_STRING, in->hash_cc, ES10B_HASH_CC_SIZE);
	put_raw(&w, in->smdp_certificate, in->smdp_certificate_len);
	ber_end(&w);
	return ber_writer_finish(&w);
}

long es10b_request_cancel_session(uint8_t *buf, size_t cap, const uint8_t *transaction_id, size_t transaction_id_len,
				  uint32_t reason)
{
	ber_writer w;

	if (transaction_id_len == 0 || transaction_id_len > ES10B_TRANSACTION_ID_MAX)
		return -1;
	ber_writer_init(&w, buf, cap);
	ber_begin(&w, TAG_CANCEL_SESSION);
	ber_put(&w, 0x80, transaction_id, transaction_id_len);
	ber_put_uint(&w, 0x81, reason);
	ber_end(&w);
	return ber_writer_finish(&w);
}

es10b_result es10b_parse_challenge(const uint8_t *buf, size_t len, uint8_t out[ES10B_CHALLENGE_SIZE])
{
	ber_tlv top, c;

	if (!whole_answer(buf, len, TAG_CHALLENGE, &top) || ber_tlv_find(&top, 0x80, &c) != 0 ||
	    c.len != ES10B_CHALLENGE_SIZE)
		return ES10B_MALFORMED;
	memcpy(out, c.value, ES10B_CHALLENGE_SIZE);
	return ES10B_OK;
}

es10b_result es10b_parse_info1(const uint8_t *buf, size_t len)
{
	ber_tlv top, svn;

	if (!whole_answer(buf, len, TAG_INFO1, &top) || ber_tlv_find(&top, 0x82, &svn) != 0 || svn.len != 3)
		return ES10B_MALFORMED;
	return ES10B_OK;
}

/** Reads a CHOICE answer of tag: [0] the good case (a SEQUENCE), [1] the
 *  error case, whose INTEGER (tag err_tag, inside or as the [1] itself) is
 *  the code. */
static es10b_result parse_choice(const uint8_t *buf, size_t len, uint32_t tag, uint32_t err_tag, uint32_t *code)
{
	ber_tlv top, ch, num;
	ber_iter it;

	*code = 0;
	if (!whole_answer(buf, len, tag, &top))
		return ES10B_MALFORMED;
	ber_iter_children(&it, &top);
	if (ber_iter_next(&it, &ch) != 1 || ber_iter_next(&it, &num) != 0)
		return ES10B_MALFORMED;
	if (ch.tag == 0xA0)
		return ES10B_OK;
	if (err_tag == 0x81 && ch.tag == 0x81)
		return ber_tlv_uint(&ch, code) == 0 ? ES10B_REFUSED : ES10B_MALFORMED;
	if (ch.tag != 0xA1 || ber_tlv_find(&ch, err_tag, &num) != 0 || ber_tlv_uint(&num, code) != 0)
		return ES10B_MALFORMED;
	return ES10B_REFUSED;
}

es10b_result es10b_parse_authenticate_server(const uint8_t *buf, size_t len, uint32_t *code)
{
	return parse_choice(buf, len, TAG_AUTHENTICATE_SERVER, 0x02, code);
}

es10b_result es10b_parse_prepare_download(const uint8_t *buf, size_t len, uint32_t *code)
{
	return parse_choice(buf, len, TAG_PREPARE_DOWNLOAD, 0x02, code);
}

es10b_result es10b_parse_cancel_session(const uint8_t *buf, size_t len, uint32_t *code)
{
	return parse_choice(buf, len, TAG_CANCEL_SESSION, 0x81, code);
}

es10b_result es10b_parse_signed2(const uint8_t *buf, size_t len, es10b_signed2 *out)
{
	ber_tlv top, tid, flag;
	uint32_t value;

	memset(out, 0, sizeof *out);
	if (!whole_answer(buf, len, TAG_SEQUENCE, &top) || ber_tlv_find(&top, 0x80, &tid) != 0 || tid.len == 0 ||
	    tid.len > ES10B_TRANSACTION_ID_MAX || ber_tlv_find(&top, TAG_BOOLEAN, &flag) != 0 ||
	    ber_tlv_uint(&flag, &value) != 0)
		return ES10B_MALFORMED;
	memcpy(out->transaction_id, tid.value, tid.len);
	out->transaction_id_len = tid.len;
	out->cc_required = value != 0;
	return ES10B_OK;
}

es10b_result es10b_parse_install_result(const uint8_t *buf, size_t len, es10b_install_result *out)
{
	ber_tlv top, data, meta, fin, ch, field;
	ber_iter it;

	memset(out, 0, sizeof *out);
	if (!whole_answer(buf, len, TAG_INSTALL_RESULT, &top) ||
	    ber_tlv_find(&top, TAG_INSTALL_RESULT_DATA, &data) != 0 || ber_tlv_find(&data, 0xA2, &fin) != 0)
		return ES10B_MALFORMED;
	out->raw = buf;
	out->raw_len = len;
	if (ber_tlv_find(&data, TAG_NOTIFICATION_METADATA, &meta) == 0) {
		if (ber_tlv_find(&meta, 0x80, &field) != 0 || ber_tlv_uint(&field, &out->seq) != 0)
			return ES10B_MALFORMED;
		if (ber_tlv_find(&meta, TAG_ICCID, &field) == 0 &&
		    es10_iccid_decode(field.value, field.len, out->iccid, sizeof out->iccid) != 0)
			return ES10B_MALFORMED;
	}
	ber_iter_children(&it, &fin);
	if (ber_iter_next(&it, &ch) != 1)
		return ES10B_MALFORMED;
	if (ch.tag == 0xA0) {
		if (ber_tlv_find(&ch, TAG_AID, &field) == 0 && field.len <= 16)
			for (size_t i = 0; i < field.len; i++)
				snprintf(out->aid + 2 * i, sizeof out->aid - 2 * i, "%02X", field.value[i]);
		out->success = true;
		return ES10B_OK;
	}
	if (ch.tag != 0xA1 || ber_tlv_find(&ch, 0x80, &field) != 0 || ber_tlv_uint(&field, &out->bpp_command) != 0 ||
	    ber_tlv_find(&ch, 0x81, &field) != 0 || ber_tlv_uint(&field, &out->error_reason) != 0)
		return ES10B_MALFORMED;
	return ES10B_OK;
}

/** Adds a segment, counting; false when there is no room. */
static bool add_segment(es10b_segment *out, size_t max, size_t *n, const uint8_t *data, size_t len)
{
	if (*n >= max)
		return false;
	out[*n].data = data;
	out[*n].len = len;
	(*n)++;
	return true;
}

/** Adds the header of a constructed TLV, then each child (which must have
 *  child_tag) as a segment of its own. */
static bool add_children(const ber_tlv *parent, uint32_t child_tag, es10b_segment *out, size_t max, size_t *n)
{
	ber_iter it;
	ber_tlv c;
	int r;

	if (!add_segment(out, max, n, parent->raw, (size_t)(parent->value - parent->raw)))
		return false;
	ber_iter_children(&it, parent);
	while ((r = ber_iter_next(&it, &c)) == 1)
		if (c.tag != child_tag || !add_segment(out, max, n, c.raw, c.raw_len))
			return false;
	return r == 0;
}

int es10b_bpp_segments(const uint8_t *bpp, size_t len, es10b_segment *out, size_t max, size_t *n)
{
	ber_tlv top, part[6];
	size_t n_parts = 0;
	ber_iter it;
	int r;

	*n = 0;
	if (!whole_answer(bpp, len, TAG_BPP, &top))
		return -1;
	ber_iter_children(&it, &top);
	while ((r = ber_iter_next(&it, &part[n_parts])) == 1)
		if (++n_parts == sizeof part / sizeof part[0])
			return -1;
	if (r != 0 || n_parts < 4 || n_parts > 5)
		return -1;
	/* BF23, A0, A1, [A2], A3 in this order */
	if (part[0].tag != TAG_INIT_SECURE_CHANNEL || part[1].tag != 0xA0 || part[2].tag != 0xA1 ||
	    (n_parts == 5 && part[3].tag != 0xA2) || part[n_parts - 1].tag != 0xA3)
		return -1;
	if (!add_segment(out, max, n, bpp, (size_t)(part[0].raw + part[0].raw_len - bpp)) ||
	    !add_segment(out, max, n, part[1].raw, part[1].raw_len) || !add_children(&part[2], 0x88, out, max, n) ||
	    (n_parts == 5 && !add_segment(out, max, n, part[3].raw, part[3].raw_len)) ||
	    !add_children(&part[n_parts - 1], 0x86, out, max, n)) {
		*n = 0;
		return -1;
	}
	return 0;
}

void es10b_hash_cc(const char *code, const uint8_t *transaction_id, size_t transaction_id_len,
		   uint8_t out[ES10B_HASH_CC_SIZE])
{
	uint8_t inner[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256(inner, (const unsigned char *)code, strlen(code));
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, inner, sizeof inner);
	crypto_hash_sha256_update(&st, transaction_id, transaction_id_len);
	crypto_hash_sha256_final(&st, out);
	sodium_memzero(inner, sizeof inner);
	sodium_memzero(&st, sizeof st);
}

/** A code and its sentence. */
typedef struct es10b_text {
	uint32_t code;
	const char *text;
} es10b_text;

/** The sentence of code in table, or fallback. */
static const char *lookup(const es10b_text *table, size_t n, uint32_t code, const char *fallback)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].code == code)
			return table[i].text;
	return fallback;
}

/** AuthenticateErrorCode and DownloadErrorCode share their first values. */
static const es10b_text es10b_common[] = {
	{ 1, N_("the eSIM did not accept the SM-DP+'s certificate") },
	{ 2, N_("the eSIM found the SM-DP+'s signature invalid") },
	{ 3, N_("the eSIM does not support the SM-DP+'s kind of key") },
	{ 4, N_("the eSIM has no download session open (it may have been reset)") },
};

const char *es10b_auth_error_message(uint32_t code)
{
	static const es10b_text extra[] = {
		{ 5, N_("the eSIM did not accept the SM-DP+'s certificate (unknown OID)") },
		{ 6, N_("the SM-DP+ answered another challenge than the eSIM's") },
		{ 7, N_("the eSIM does not know the certificate authority the SM-DP+ uses") },
	};
	const char *t = lookup(extra, sizeof extra / sizeof extra[0], code, NULL);

	return t ? t
		 : lookup(es10b_common, sizeof es10b_common / sizeof es10b_common[0], code,
			  N_("the eSIM refused to authenticate the SM-DP+"));
}

const char *es10b_download_error_message(uint32_t code)
{
	if (code == 5)
		return N_("the eSIM does not know this download's transaction");
	return lookup(es10b_common, sizeof es10b_common / sizeof es10b_common[0], code,
		      N_("the eSIM refused to prepare the download"));
}

const char *es10b_install_error_message(uint32_t reason)
{
	static const es10b_text table[] = {
		{ 1, N_("the eSIM did not accept the profile's values") },
		{ 2, N_("the profile package's signature is invalid") },
		{ 3, N_("the profile package belongs to another download") },
		{ 4, N_("the eSIM does not support the profile's security settings") },
		{ 5, N_("the eSIM does not support the operation the package asks for") },
		{ 6, N_("the eSIM does not support this class of profile") },
		{ 7, N_("the profile package is damaged (secure channel structure)") },
		{ 8, N_("the profile package failed the eSIM's security check") },
		{ 9, N_("a profile with this ICCID is already on the eSIM") },
		{ 10, N_("the eSIM has not enough free memory for the profile; delete a profile you do not use") },
		{ 11, N_("the installation was interrupted") },
		{ 12, N_("the eSIM could not process the profile's contents") },
		{ 13, N_("the profile does not match what the SM-DP+ announced") },
		{ 14, N_("the test profile's keys are not valid") },
		{ 15, N_("the profile's policy rules are not allowed on this eSIM") },
	};

	return lookup(table, sizeof table / sizeof table[0], reason,
		      N_("the eSIM could not install the profile for an unknown reason"));
}

const char *es10b_bpp_command_message(uint32_t command)
{
	static const es10b_text table[] = {
		{ 0, N_("opening the secure channel") },     { 1, N_("configuring the profile's domain") },
		{ 2, N_("storing the profile's metadata") }, { 3, N_("storing the profile's metadata") },
		{ 4, N_("replacing the session keys") },     { 5, N_("loading the profile's contents") },
	};

	return lookup(table, sizeof table / sizeof table[0], command, N_("installing the profile"));
}
