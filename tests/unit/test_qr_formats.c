/* Edge cases of the payload formats: Wi-Fi escaping both ways, concatenated
 * Matter payloads, Matter optional TLV data, forbidden passcodes, Verhoeff,
 * Base38, DPP, LPA and ESP-IDF errors with their offsets, and the text
 * rendering of a code. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/secret.h"
#include "app/qr/base38.h"
#include "app/qr/qr_decode.h"
#include "app/qr/qr_render.h"
#include "app/qr/verhoeff.h"

/** Secure memory for every test. */
static void setup(void)
{
	cr_assert_eq(ds_secret_init(), 0);
}

TestSuite(qr_formats, .init = setup, .timeout = 60);

/* ---- helpers ---- */

/** Fields of a Matter payload to pack. */
typedef struct matter_fields {
	unsigned version, vendor, product, flow, discovery, discriminator;
	unsigned long passcode;
} matter_fields;

/** Writes n bits of v at *bit, least significant first. */
static void put_bits(uint8_t *buf, size_t *bit, unsigned long v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, (*bit)++)
		if (v & (1ul << i))
			buf[*bit / 8] |= (uint8_t)(1u << (*bit % 8));
}

/** Packs f and tlv (tlv_len bytes) and Base38-encodes them into out. */
static void matter_text(const matter_fields *f, const uint8_t *tlv, size_t tlv_len, char *out, size_t size)
{
	uint8_t buf[256] = { 0 };
	size_t bit = 0;

	put_bits(buf, &bit, f->version, 3);
	put_bits(buf, &bit, f->vendor, 16);
	put_bits(buf, &bit, f->product, 16);
	put_bits(buf, &bit, f->flow, 2);
	put_bits(buf, &bit, f->discovery, 8);
	put_bits(buf, &bit, f->discriminator, 12);
	put_bits(buf, &bit, f->passcode, 27);
	put_bits(buf, &bit, 0, 4);
	cr_assert_eq(bit, 88);
	if (tlv_len)
		memcpy(buf + 11, tlv, tlv_len);
	cr_assert_eq(ds_qr_base38_encode(buf, 11 + tlv_len, out, size), 0);
}

/** Decodes s; fails the test when it is refused. */
static ds_qr_decoded *decode_ok(const char *s)
{
	ds_qr_error err = { 0 };
	ds_qr_decoded *d = ds_qr_decode(s, strlen(s), &err);

	cr_assert_not_null(d, "\"%s\" refused at byte %zu (%s): %s", s, err.offset, err.field, err.message);
	return d;
}

/** Decodes s, which must be refused at offset (SIZE_MAX: any) naming field (NULL: any). */
static void decode_bad(const char *s, size_t offset, const char *field)
{
	ds_qr_error err = { 0 };
	ds_qr_decoded *d = ds_qr_decode(s, strlen(s), &err);

	cr_assert_null(d, "\"%s\" must be refused", s);
	cr_assert_neq(err.message[0], '\0', "\"%s\": no message", s);
	if (offset != SIZE_MAX)
		cr_assert_eq(err.offset, offset, "\"%s\": error at byte %zu, expected %zu (%s)", s, err.offset, offset,
			     err.message);
	if (field)
		cr_assert_str_eq(err.field, field, "\"%s\": field \"%s\", expected \"%s\" (%s)", s, err.field, field,
				 err.message);
}

/* ---- Wi-Fi ---- */

Test(qr_formats, wifi_escape_exact)
{
	char out[64];

	cr_assert_eq(ds_qr_wifi_escape("a;b,c:d\\e\"f", out, sizeof out), 16);
	cr_assert_str_eq(out, "a\\;b\\,c\\:d\\\\e\\\"f");
	cr_assert_eq(ds_qr_wifi_escape("plain", NULL, 0), 5);
}

Test(qr_formats, wifi_encode_decode_round_trip)
{
	static const char *const ssids[] = { "Home", "Ten;;Chars", "a:b,c\\d\"e", "Café Ost", ";", "\\", "x;y" };
	static const char *const passwords[] = { "orchid tractor velvet", "pass;word:with,all\\\"", "        ",
						 "\\\\\\\\\\\\\\\\", "ünïcødé passphrase" };

	for (size_t s = 0; s < sizeof ssids / sizeof ssids[0]; s++) {
		for (size_t p = 0; p < sizeof passwords / sizeof passwords[0]; p++) {
			ds_qr_wifi *w = ds_secret_alloc(sizeof *w);
			ds_qr_decoded *d;
			char *code;

			snprintf(w->ssid, sizeof w->ssid, "%s", ssids[s]);
			snprintf(w->password, sizeof w->password, "%s", passwords[p]);
			snprintf(w->security, sizeof w->security, "WPA");
			w->hidden = p % 2;
			cr_assert_eq(ds_qr_wifi_encode(w, &code), 0);
			d = decode_ok(code);
			cr_assert_eq(d->format, DS_QR_FORMAT_WIFI);
			cr_assert_str_eq(d->u.wifi.ssid, ssids[s], "code %s", code);
			cr_assert_str_eq(d->u.wifi.password, passwords[p], "code %s", code);
			cr_assert_str_eq(d->u.wifi.security, "WPA");
			cr_assert_eq(d->u.wifi.hidden, (bool)(p % 2));
			ds_qr_decoded_free(d);
			ds_secret_free(code);
			ds_secret_free(w);
		}
	}
}

Test(qr_formats, wifi_encode_open_network)
{
	ds_qr_wifi *w = ds_secret_alloc(sizeof *w);
	char *code;

	snprintf(w->ssid, sizeof w->ssid, "Guest");
	cr_assert_eq(ds_qr_wifi_encode(w, &code), 0);
	cr_assert_str_eq(code, "WIFI:T:nopass;S:Guest;;");
	ds_secret_free(code);
	w->ssid[0] = '\0';
	cr_assert_eq(ds_qr_wifi_encode(w, &code), -1, "a code without SSID");
	ds_secret_free(w);
}

Test(qr_formats, wifi_fields_in_any_order_and_eap)
{
	ds_qr_decoded *d = decode_ok("WIFI:P:secret123;T:WPA2-EAP;E:PEAP;PH2:MSCHAPV2;I:alice;A:anon;S:Corp;;");

	cr_assert_str_eq(d->u.wifi.ssid, "Corp");
	cr_assert_str_eq(d->u.wifi.eap_method, "PEAP");
	cr_assert_str_eq(d->u.wifi.phase2, "MSCHAPV2");
	cr_assert_str_eq(d->u.wifi.identity, "alice");
	cr_assert_str_eq(d->u.wifi.anonymous_identity, "anon");
	ds_qr_decoded_free(d);
	/* An unknown field (WPA3 transition disable) is skipped; no final ";;" is tolerated. */
	d = decode_ok("WIFI:S:Net;T:WPA3;R:1;P:longenough");
	cr_assert_str_eq(d->u.wifi.password, "longenough");
	ds_qr_decoded_free(d);
}

Test(qr_formats, wifi_errors_say_where)
{
	decode_bad("WIFI:S:Net;P:abc\\", 16, "P");                 /* lone backslash */
	decode_bad("WIFI:T:WPA;P:longenough;;", 25, "S");          /* no SSID */
	decode_bad("WIFI:S:Net;T:WPA;P:short;;", 17, "P");         /* WPA password too short */
	decode_bad("WIFI:S:Net;T:ROT13;;", 11, "T");               /* unknown security */
	decode_bad("WIFI:S:Net;S:Other;;", 11, "S");               /* twice */
	decode_bad("WIFI:S:Net;H:maybe;;", 13, "H");
	decode_bad("WIFI:S:Net;garbage;;", 11, NULL);              /* no NAME: */
	decode_bad("WIFI:S:Net;;WIFI:S:Other;;", 12, NULL);        /* two codes ran together */
	decode_bad("WIFI:S:Net;T:nopass;P:secret99;;", 20, "P");   /* open network with a password */
	decode_bad("WIFI:S:0123456789abcdef0123456789abcdefX;;", 7, "S"); /* SSID over 32 bytes */
}

/* ---- Matter QR: several payloads, TLV, passcodes ---- */

Test(qr_formats, matter_concatenated_payloads)
{
	matter_fields a = { .vendor = 0xFFF1, .product = 0x8000, .discovery = 2, .discriminator = 3840,
			    .passcode = 20202021 };
	matter_fields b = { .vendor = 4387, .product = 18, .flow = 2, .discovery = 4 | 32, .discriminator = 42,
			    .passcode = 12345679 };
	char ta[64], tb[64], s[160];
	ds_qr_decoded *d;

	matter_text(&a, NULL, 0, ta, sizeof ta);
	matter_text(&b, NULL, 0, tb, sizeof tb);
	snprintf(s, sizeof s, "MT:%s*%s", ta, tb);
	d = decode_ok(s);
	cr_assert_eq(d->format, DS_QR_FORMAT_MATTER);
	cr_assert_eq(d->u.matter.n, 2);
	cr_assert_eq(d->u.matter.payloads[0].vendor_id, 0xFFF1);
	cr_assert_eq(d->u.matter.payloads[0].passcode, 20202021);
	cr_assert_eq(d->u.matter.payloads[1].vendor_id, 4387);
	cr_assert_eq(d->u.matter.payloads[1].flow, DS_QR_MATTER_FLOW_CUSTOM);
	cr_assert_eq(d->u.matter.payloads[1].discovery, 4 | 32);
	cr_assert_eq(d->u.matter.payloads[1].discriminator, 42);
	cr_assert_eq(d->u.matter.payloads[1].offset, 3 + strlen(ta) + 1);
	ds_qr_decoded_free(d);

	/* A repeated prefix after '*' is tolerated. */
	snprintf(s, sizeof s, "MT:%s*MT:%s", ta, tb);
	d = decode_ok(s);
	cr_assert_eq(d->u.matter.n, 2);
	ds_qr_decoded_free(d);

	/* An empty payload, at the end or in the middle, is refused where it is. */
	snprintf(s, sizeof s, "MT:%s*", ta);
	decode_bad(s, strlen(s), "payload");
	snprintf(s, sizeof s, "MT:%s**%s", ta, tb);
	decode_bad(s, 3 + strlen(ta) + 1, "payload");
	/* The second payload's error is reported at its own offset. */
	snprintf(s, sizeof s, "MT:%s*%s", ta, tb);
	s[3 + strlen(ta) + 1 + 2] = '$';
	decode_bad(s, 3 + strlen(ta) + 1 + 2, "base38");
}

Test(qr_formats, matter_too_many_payloads)
{
	matter_fields a = { .vendor = 1, .discriminator = 1, .passcode = 20202021 };
	char ta[64], s[512];
	size_t n = 3;

	matter_text(&a, NULL, 0, ta, sizeof ta);
	memcpy(s, "MT:", 3);
	for (int i = 0; i < DS_QR_MATTER_MAX_PAYLOADS + 1; i++)
		n += (size_t)snprintf(s + n, sizeof s - n, "%s%s", i ? "*" : "", ta);
	decode_bad(s, SIZE_MAX, "payload");
}

Test(qr_formats, matter_tlv_reported)
{
	static const uint8_t tlv[] = {
		0x15,                                     /* anonymous structure */
		0x2C, 0x00, 0x05, 'S', 'N', '1', '2', '3', /* ctx 0: UTF-8 "SN123" (serial number) */
		0x24, 0x82, 0x2A,                         /* ctx 0x82: uint8 42 (vendor) */
		0x20, 0x83, 0xFE,                         /* ctx 0x83: int8 -2 */
		0x29, 0x84,                               /* ctx 0x84: true */
		0x30, 0x85, 0x02, 0xAB, 0xCD,             /* ctx 0x85: bytes ab cd */
		0x35, 0x86, 0x24, 0x01, 0x07, 0x18,       /* ctx 0x86: nested structure (skipped) */
		0x25, 0x01, 0x10, 0x27,                   /* ctx 1: uint16 10000 (PBKDF iterations) */
		0x18,                                     /* end */
	};
	matter_fields f = { .vendor = 0xFFF1, .product = 1, .discovery = 2, .discriminator = 3840,
			    .passcode = 20202021 };
	char t[256], s[300];
	ds_qr_decoded *d;
	const ds_qr_matter_payload *p;

	matter_text(&f, tlv, sizeof tlv, t, sizeof t);
	snprintf(s, sizeof s, "MT:%s", t);
	d = decode_ok(s);
	p = &d->u.matter.payloads[0];
	cr_assert_eq(p->n_tlv, 7);
	cr_assert_eq(p->tlv[0].tag, 0);
	cr_assert_eq(p->tlv[0].type, DS_QR_TLV_STRING);
	cr_assert_str_eq((const char *)p->tlv[0].data, "SN123");
	cr_assert_str_eq(ds_qr_tlv_tag_name(&p->tlv[0]), "serial_number");
	cr_assert_eq(p->tlv[1].tag, 0x82);
	cr_assert_eq(p->tlv[1].u, 42);
	cr_assert_str_eq(ds_qr_tlv_tag_name(&p->tlv[1]), "vendor");
	cr_assert_eq(p->tlv[2].i, -2);
	cr_assert(p->tlv[3].b);
	cr_assert_eq(p->tlv[4].len, 2);
	cr_assert_eq(p->tlv[4].data[1], 0xCD);
	cr_assert_eq(p->tlv[5].type, DS_QR_TLV_CONTAINER);
	cr_assert_eq(p->tlv[6].u, 10000);
	cr_assert_str_eq(ds_qr_tlv_tag_name(&p->tlv[6]), "pbkdf_iterations");
	ds_qr_decoded_free(d);
}

Test(qr_formats, matter_tlv_damaged)
{
	static const uint8_t cut[] = { 0x15, 0x2C, 0x00, 0x09, 'S', 'N' };   /* string longer than the data */
	static const uint8_t bad_type[] = { 0x15, 0x3F, 0x01, 0x18 };         /* element type 0x1F */
	static const uint8_t not_struct[] = { 0x24, 0x01, 0x02 };             /* not a structure */
	static const uint8_t unended[] = { 0x15, 0x24, 0x01, 0x02 };          /* no end marker */
	const uint8_t *cases[] = { cut, bad_type, not_struct, unended };
	const size_t lens[] = { sizeof cut, sizeof bad_type, sizeof not_struct, sizeof unended };
	matter_fields f = { .vendor = 1, .discriminator = 1, .passcode = 20202021 };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char t[128], s[160];

		matter_text(&f, cases[i], lens[i], t, sizeof t);
		snprintf(s, sizeof s, "MT:%s", t);
		/* The error points into the Base38 text of the optional data (after the 19 characters of the fixed part). */
		decode_bad(s, SIZE_MAX, "tlv");
	}
}

Test(qr_formats, forbidden_passcodes)
{
	static const uint32_t bad[] = { 0,        11111111, 22222222, 33333333,  44444444, 55555555, 66666666,
					77777777, 88888888, 12345678, 87654321,  99999999, 100000000, 134217727 };
	static const uint32_t good[] = { 1, 20202021, 99999998, 12345679, 11111112, 43338551 };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_not(ds_qr_matter_passcode_valid(bad[i]), "%u must be forbidden", bad[i]);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		cr_assert(ds_qr_matter_passcode_valid(good[i]), "%u must be allowed", good[i]);
}

Test(qr_formats, forbidden_passcode_flagged_not_refused)
{
	matter_fields f = { .vendor = 1, .discriminator = 5, .passcode = 12345678 };
	char t[64], s[80];
	ds_qr_decoded *d;

	matter_text(&f, NULL, 0, t, sizeof t);
	snprintf(s, sizeof s, "MT:%s", t);
	d = decode_ok(s);
	cr_assert_eq(d->u.matter.payloads[0].passcode, 12345678);
	cr_assert_not(d->u.matter.payloads[0].passcode_valid);
	ds_qr_decoded_free(d);
}

Test(qr_formats, matter_bad_version_and_flow)
{
	matter_fields v1 = { .version = 1, .vendor = 1, .passcode = 20202021 };
	matter_fields flow3 = { .flow = 3, .vendor = 1, .passcode = 20202021 };
	char t[64], s[80];

	matter_text(&v1, NULL, 0, t, sizeof t);
	snprintf(s, sizeof s, "MT:%s", t);
	decode_bad(s, 3, "version");
	matter_text(&flow3, NULL, 0, t, sizeof t);
	snprintf(s, sizeof s, "MT:%s", t);
	decode_bad(s, 3, "flow");
	decode_bad("MT:00000CQM00KA0648G0", SIZE_MAX, "base38");     /* 18 characters: a bad last group */
	decode_bad("MT:00000CQM00KA06400", SIZE_MAX, "payload");     /* 10 bytes: too short */
	decode_bad("MT:00000cqm00KA0648G00", 8, "base38");           /* lower case is not Base38 */
}

/* ---- Base38 ---- */

Test(qr_formats, base38_round_trip_and_errors)
{
	uint8_t in[32], out[32];
	char text[64];
	size_t n, where;

	for (size_t len = 0; len <= sizeof in; len++) {
		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)(i * 97 + len * 31 + 255 * (i % 2));
		cr_assert_eq(ds_qr_base38_encode(in, len, text, sizeof text), 0);
		cr_assert_eq(strlen(text), ds_qr_base38_encoded_len(len));
		cr_assert_eq(ds_qr_base38_decode(text, strlen(text), out, sizeof out, &n, &where), DS_QR_BASE38_OK);
		cr_assert_eq(n, len);
		cr_assert_arr_eq(in, out, len);
	}
	cr_assert_eq(ds_qr_base38_decode("00A0$", 5, out, sizeof out, &n, &where), DS_QR_BASE38_BAD_CHAR);
	cr_assert_eq(where, 4);
	cr_assert_eq(ds_qr_base38_decode("000000", 6, out, sizeof out, &n, &where), DS_QR_BASE38_BAD_LENGTH);
	cr_assert_eq(where, 5);
	cr_assert_eq(ds_qr_base38_decode("ZZZZZ", 5, out, sizeof out, &n, &where), DS_QR_BASE38_OUT_OF_RANGE);
	cr_assert_eq(ds_qr_base38_decode("0000000000", 10, out, 3, &n, &where), DS_QR_BASE38_NO_SPACE);
	cr_assert_eq(ds_qr_base38_encode(in, 3, text, 5), -1, "no room for the NUL");
}

/* ---- Verhoeff and manual pairing codes ---- */

Test(qr_formats, verhoeff_known_digits)
{
	cr_assert_eq(ds_qr_verhoeff_digit("236", 3), '3');
	cr_assert_eq(ds_qr_verhoeff_digit("12345", 5), '1');
	cr_assert_eq(ds_qr_verhoeff_digit("3497011233", 10), '2');
	cr_assert_eq(ds_qr_verhoeff_digit("70287126450438700018", 20), '7');
	cr_assert(ds_qr_verhoeff_valid("2363", 4));
	cr_assert_not(ds_qr_verhoeff_valid("2364", 4));
	cr_assert_eq(ds_qr_verhoeff_digit("12a", 3), '\0');
}

Test(qr_formats, verhoeff_catches_typos_and_swaps)
{
	char code[] = "34970112332";
	size_t n = strlen(code);

	for (size_t i = 0; i < n; i++) {
		char keep = code[i];

		for (char c = '0'; c <= '9'; c++) {
			if (c == keep)
				continue;
			code[i] = c;
			cr_assert_not(ds_qr_verhoeff_valid(code, n), "typo %s not caught", code);
		}
		code[i] = keep;
	}
	for (size_t i = 0; i + 1 < n; i++) {
		char a = code[i], b = code[i + 1];

		if (a == b)
			continue;
		code[i] = b;
		code[i + 1] = a;
		cr_assert_not(ds_qr_verhoeff_valid(code, n), "swap %s not caught", code);
		code[i] = a;
		code[i + 1] = b;
	}
}

Test(qr_formats, manual_code_separators_and_errors)
{
	ds_qr_decoded *d = decode_ok("3497-011-2332");

	cr_assert_eq(d->format, DS_QR_FORMAT_MATTER_MANUAL);
	cr_assert_eq(d->u.manual.passcode, 20202021);
	cr_assert_eq(d->u.manual.short_discriminator, 15);
	ds_qr_decoded_free(d);
	d = decode_ok(" 7028 7126 4504 3870 0018 7 \n");
	cr_assert_eq(d->u.manual.vendor_id, 4387);
	ds_qr_decoded_free(d);
	decode_bad("3497011233", 10, "digits");                    /* 10 digits */
	decode_bad("34970112333", 10, "check_digit");
	decode_bad("  34970112333", 12, "check_digit");            /* offsets count the leading blanks */
	decode_bad("84970112332", 0, NULL);                        /* first digit 8 */
	decode_bad("349701123320000000000", SIZE_MAX, NULL);       /* 21 digits without the flag */
	decode_bad("3497011233212", SIZE_MAX, "digits");
}

Test(qr_formats, manual_code_flag_mismatch_with_valid_check)
{
	char code[12] = "7497011233";

	code[10] = ds_qr_verhoeff_digit(code, 10);
	code[11] = '\0';
	decode_bad(code, 0, "digits");
}

/* ---- DPP, LPA, ESP-IDF ---- */

Test(qr_formats, dpp_fields_and_errors)
{
	static const char key[] = "MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADM2206avxHJaHXgLMkq/24e0rsrfMP9K1Tm8gx+ovP0I=";
	char s[400];
	ds_qr_decoded *d;

	snprintf(s, sizeof s, "DPP:V:2;M:5254005828E5;I:SN=4774LH2b4044;H:10.0.0.1;C:81/1;K:%s;;", key);
	d = decode_ok(s);
	cr_assert_str_eq(d->u.dpp.mac, "52:54:00:58:28:e5");
	cr_assert_eq(d->u.dpp.version, 2);
	cr_assert_str_eq(d->u.dpp.info, "SN=4774LH2b4044");
	cr_assert_str_eq(d->u.dpp.host, "10.0.0.1");
	cr_assert_eq(d->u.dpp.key_der_len, 59);
	ds_qr_decoded_free(d);
	decode_bad("DPP:C:81/1;;", SIZE_MAX, "K");
	snprintf(s, sizeof s, "DPP:K:%.40s;;", key);
	decode_bad(s, 6, "K");                                     /* a cut key: DER length wrong */
	snprintf(s, sizeof s, "DPP:K:%s;K:%s;;", key, key);
	decode_bad(s, 6 + strlen(key) + 1, "K");                   /* twice */
	snprintf(s, sizeof s, "DPP:C:81-1;K:%s;;", key);
	decode_bad(s, 6, "C");
	snprintf(s, sizeof s, "DPP:M:5254005828;K:%s;;", key);
	decode_bad(s, 6, "M");
	decode_bad("DPP:K:MDkw!wYH;;", 10, "K");
}

Test(qr_formats, lpa_fields_and_errors)
{
	ds_qr_decoded *d = decode_ok("LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$1");

	cr_assert_str_eq(d->u.lpa.smdp_address, "SMDP.EXAMPLE.COM");
	cr_assert_str_eq(d->u.lpa.matching_id, "04386-AGYFT-A74Y8-3F815");
	cr_assert_str_eq(d->u.lpa.smdp_oid, "1.3.6.1.4.1.31746");
	cr_assert(d->u.lpa.confirmation_code_required);
	cr_assert_str_eq(d->u.lpa.activation_code, "LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$1");
	ds_qr_decoded_free(d);
	d = decode_ok("LPA:1$rsp.example.com$");                   /* an empty matching ID is allowed */
	cr_assert_str_eq(d->u.lpa.matching_id, "");
	cr_assert_not(d->u.lpa.confirmation_code_required);
	ds_qr_decoded_free(d);
	decode_bad("LPA:1$rsp.example.com", SIZE_MAX, "matching_id");
	decode_bad("LPA:1$rsp.example.com$abc", 22, "matching_id"); /* lower case */
	decode_bad("LPA:1$rsp example.com$ABC", 9, "smdp_address");
	d = decode_ok("LPA:1$127.0.0.1:8443$ABC"); /* a port, as test benches give */
	cr_assert_str_eq(d->u.lpa.smdp_address, "127.0.0.1:8443");
	ds_qr_decoded_free(d);
	decode_bad("LPA:1$:8443$ABC", 6, "smdp_address");
	decode_bad("LPA:1$rsp.example.com:$ABC", 22, "smdp_address");
	decode_bad("LPA:1$rsp.example.com:65536$ABC", 22, "smdp_address");
	decode_bad("LPA:1$rsp.example.com:44x$ABC", 22, "smdp_address");
	decode_bad("LPA:1$rsp.example.com$ABC$1.2$2", 30, "confirmation_code_required");
	decode_bad("LPA:1$a$B$1$1$AB$X", SIZE_MAX, NULL);
}

Test(qr_formats, esp_prov_fields_and_errors)
{
	ds_qr_decoded *d = decode_ok("{\"ver\":\"v1\",\"name\":\"PROV_1\",\"username\":\"wifiprov\",\"pop\":\"p\","
				     "\"transport\":\"softap\",\"network\":\"wifi\"}");

	cr_assert_str_eq(d->u.esp.username, "wifiprov");
	cr_assert_str_eq(d->u.esp.network, "wifi");
	cr_assert(d->u.esp.has_pop);
	cr_assert_eq(d->u.esp.security, 2, "no \"security\": 2");
	ds_qr_decoded_free(d);
	d = decode_ok("{\"name\":\"PROV_2\",\"transport\":\"ble\",\"security\":1}");
	cr_assert_not(d->u.esp.has_pop);
	cr_assert_eq(d->u.esp.security, 1);
	ds_qr_decoded_free(d);
	decode_bad("{\"name\":\"PROV_1\",\"transport\":\"ble\",\"security\":3}", 0, "security");
	decode_bad("{\"name\":\"PROV_1\",\"transport\":\"ble\",\"security\":\"2\"}", 0, "security");
	decode_bad("{\"name\":\"PROV_1\",\"transport\":\"ble\",\"security\":1.5}", 0, "security");
	decode_bad("{\"name\":\"PROV_1\"}", 0, "transport");
	decode_bad("{\"name\":\"PROV_1\",\"transport\":\"usb\"}", 0, "transport");
	decode_bad("{\"name\":7,\"transport\":\"ble\"}", 0, "name");
	decode_bad("{\"name\":\"PROV_1\",\"transport\":\"ble\"", SIZE_MAX, NULL);
	decode_bad("{\"name\":\"PROV_1\",\"transport\":\"ble\"} x", 36, NULL);
	decode_bad("[1,2]", 0, NULL);
}

/* ---- dispatch ---- */

Test(qr_formats, dispatch_by_prefix)
{
	cr_assert_eq(ds_qr_detect("  MT:abc", 8), DS_QR_FORMAT_MATTER);
	cr_assert_eq(ds_qr_detect("wifi:S:x;;", 10), DS_QR_FORMAT_WIFI);
	cr_assert_eq(ds_qr_detect("DPP:K:x;;", 9), DS_QR_FORMAT_DPP);
	cr_assert_eq(ds_qr_detect("LPA:1$a$b", 9), DS_QR_FORMAT_LPA);
	cr_assert_eq(ds_qr_detect("{}", 2), DS_QR_FORMAT_ESP_PROV);
	cr_assert_eq(ds_qr_detect("3497-011-2332", 13), DS_QR_FORMAT_MATTER_MANUAL);
	cr_assert_eq(ds_qr_detect("https://example.com", 19), DS_QR_FORMAT_UNKNOWN);
	decode_bad("", 0, NULL);
	decode_bad(" \r\n", 0, NULL);
	decode_bad("https://example.com", 0, "prefix");
	cr_assert_str_eq(ds_qr_format_id(DS_QR_FORMAT_MATTER_MANUAL), "matter-manual");
	cr_assert_str_eq(ds_qr_format_id(DS_QR_FORMAT_ESP_PROV), "esp-prov");
}

Test(qr_formats, payload_not_nul_terminated)
{
	/* Parsers take a length: bytes past it are never read or used. */
	const char buf[] = "34970112332XXXX";
	ds_qr_error err = { 0 };
	ds_qr_decoded *d = ds_qr_decode(buf, 11, &err);

	cr_assert_not_null(d, "%s", err.message);
	cr_assert_eq(d->u.manual.passcode, 20202021);
	ds_qr_decoded_free(d);
}

/* ---- rendering ---- */

Test(qr_formats, render_sizes_and_quiet_zone)
{
	char msg[256];
	ds_qr_matrix *m = ds_qr_encode("MT:Y.K9042C00KA0648G00", 22, DS_QR_ECC_M, msg, sizeof msg);
	ds_qr_render *r;
	int cols, rows;

	cr_assert_not_null(m, "%s", msg);
	cr_assert_eq(m->size, 25);
	ds_qr_render_size(m->size, DS_QR_STYLE_HALF_BLOCKS, &cols, &rows);
	cr_assert_eq(cols, 33);
	cr_assert_eq(rows, 17);
	ds_qr_render_size(m->size, DS_QR_STYLE_ASCII, &cols, &rows);
	cr_assert_eq(cols, 66);
	cr_assert_eq(rows, 33);
	cr_assert(ds_qr_render_fits(m, DS_QR_STYLE_HALF_BLOCKS, 33, 17));
	cr_assert_not(ds_qr_render_fits(m, DS_QR_STYLE_HALF_BLOCKS, 32, 17));
	cr_assert_not(ds_qr_render_fits(m, DS_QR_STYLE_HALF_BLOCKS, 33, 16));

	r = ds_qr_render_text(m, DS_QR_STYLE_HALF_BLOCKS, 0);
	cr_assert_not_null(r);
	cr_assert_eq(r->rows, 17);
	/* The first two lines are quiet zone (4 light rows): all full blocks. */
	for (int y = 0; y < 2; y++) {
		cr_assert_eq(strlen(r->lines[y]), 33 * strlen("\u2588"));
		for (int x = 0; x < 33; x++)
			cr_assert_eq(memcmp(r->lines[y] + 3 * x, "\u2588", 3), 0);
	}
	/* Line 2 (rows 4 and 5) starts with 4 quiet columns, then the finder pattern's corner: both dark, a blank. */
	cr_assert_eq(memcmp(r->lines[2] + 3 * 4, " ", 1), 0);
	ds_qr_render_free(r);

	r = ds_qr_render_text(m, DS_QR_STYLE_ASCII, 0);
	cr_assert_eq(r->rows, 33);
	cr_assert_eq(strlen(r->lines[0]), 66);
	cr_assert_eq(strncmp(r->lines[4], "########              ", 22), 0, "%s", r->lines[4]);
	ds_qr_render_free(r);

	r = ds_qr_render_text(m, DS_QR_STYLE_HALF_BLOCKS, DS_QR_RENDER_ANSI);
	cr_assert_eq(r->lines[0][0], '\033');
	cr_assert(strstr(r->lines[0], "\033[0m"));
	ds_qr_render_free(r);
	ds_qr_matrix_free(m);
}
