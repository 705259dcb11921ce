/* eSIM activation codes (lpa_code.h). */
#include "lpa_code.h"

#include <string.h>

/** Marks a message for translation in the plugin's text domain (xgettext --keyword=N_). */
#ifndef N_
#define N_(s) (s)
#endif

/** Longest activation code read (SGP.22 codes are far shorter). */
#define LPA_CODE_MAX 1024u

/** One '$'-separated field of the code: a view into the text. */
typedef struct lpa_field {
	const char *s;
	size_t len;
} lpa_field;

/** True for the characters of a host name (letters, digits, '-', '.'). */
static bool lpa_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/** Checks an SM-DP+ address: a host name of labels of 1 to 63 characters,
 *  optionally ":port" (1 to 65535). 0, or -1 with *why. */
static int lpa_check_address(const lpa_field *f, const char **why)
{
	size_t host_len = f->len, label = 0;
	const char *colon = memchr(f->s, ':', f->len);

	if (f->len == 0) {
		*why = N_("the SM-DP+ address (the second field) is empty");
		return -1;
	}
	if (colon) {
		unsigned long port = 0;
		size_t digits = f->len - (size_t)(colon - f->s) - 1;

		host_len = (size_t)(colon - f->s);
		for (size_t i = 0; i < digits; i++) {
			char c = colon[1 + i];

			if (c < '0' || c > '9' || port > 65535) {
				port = 0;
				break;
			}
			port = port * 10 + (unsigned long)(c - '0');
		}
		if (digits == 0 || digits > 5 || port == 0 || port > 65535) {
			*why = N_("the port after the SM-DP+ address is not a number from 1 to 65535");
			return -1;
		}
	}
	if (host_len == 0 || f->len >= LPA_ADDRESS_SIZE) {
		*why = N_("the SM-DP+ address (the second field) is not a server name");
		return -1;
	}
	for (size_t i = 0; i < host_len; i++) {
		if (!lpa_host_char(f->s[i])) {
			*why = N_("the SM-DP+ address (the second field) has characters a server name cannot have");
			return -1;
		}
	}
	for (size_t i = 0; i <= host_len; i++) {
		if (i < host_len && f->s[i] != '.') {
			label++;
			continue;
		}
		/* a label ends: 1 to 63 characters, no '-' at either end */
		if (label == 0 || label > 63 || f->s[i - label] == '-' || f->s[i - 1] == '-')
			goto bad;
		label = 0;
	}
	return 0;
bad:
	*why = N_("the SM-DP+ address (the second field) is not a server name");
	return -1;
}

/** Checks a Matching ID: printable ASCII, no spaces. 0, or -1 with *why. */
static int lpa_check_matching_id(const lpa_field *f, const char **why)
{
	if (f->len >= LPA_MATCHING_ID_SIZE) {
		*why = N_("the Matching ID (the third field) is longer than any operator issues");
		return -1;
	}
	for (size_t i = 0; i < f->len; i++) {
		unsigned char c = (unsigned char)f->s[i];

		if (c <= 0x20 || c >= 0x7F) {
			*why = N_("the Matching ID (the third field) has spaces or characters that are not plain letters, "
				  "digits or signs");
			return -1;
		}
	}
	return 0;
}

/** Checks an SM-DP+ OID: numbers separated by dots, or empty. 0, or -1 with *why. */
static int lpa_check_oid(const lpa_field *f, const char **why)
{
	bool digit = false;

	if (f->len >= LPA_OID_SIZE)
		goto bad;
	for (size_t i = 0; i < f->len; i++) {
		char c = f->s[i];

		if (c >= '0' && c <= '9')
			digit = true;
		else if (c == '.' && digit && i + 1 < f->len)
			digit = false;
		else
			goto bad;
	}
	if (f->len == 0 || digit)
		return 0;
bad:
	*why = N_("the SM-DP+ OID (the fourth field) is not numbers separated by dots");
	return -1;
}

int lpa_code_parse(const char *text, lpa_code *out, const char **why)
{
	lpa_field fields[6];
	size_t n = 0, len;
	const char *p;

	memset(out, 0, sizeof *out);
	if (!text || !text[0]) {
		*why = N_("the activation code is empty");
		return -1;
	}
	len = strnlen(text, LPA_CODE_MAX + 1);
	if (len > LPA_CODE_MAX) {
		*why = N_("the activation code is longer than any operator issues");
		return -1;
	}
	if (strncmp(text, "LPA:", 4) != 0) {
		*why = N_("an eSIM activation code starts with \"LPA:\"");
		return -1;
	}
	for (p = text + 4;;) {
		const char *end = strchr(p, '$');
		size_t flen = end ? (size_t)(end - p) : strlen(p);

		if (n == sizeof fields / sizeof fields[0]) {
			*why = N_("the activation code has more than five fields");
			return -1;
		}
		fields[n].s = p;
		fields[n].len = flen;
		n++;
		if (!end)
			break;
		p = end + 1;
	}
	if (fields[0].len != 1 || fields[0].s[0] != '1') {
		*why = N_("the activation code's format is not 1 (\"LPA:1$...\"); no other format exists");
		return -1;
	}
	if (n < 3) {
		*why = N_("the activation code ends early: it needs an SM-DP+ address and a Matching ID");
		return -1;
	}
	if (n > 5) {
		*why = N_("the activation code has more than five fields");
		return -1;
	}
	if (lpa_check_address(&fields[1], why) != 0 || lpa_check_matching_id(&fields[2], why) != 0 ||
	    (n > 3 && lpa_check_oid(&fields[3], why) != 0))
		goto fail;
	if (n == 5 && (fields[4].len != 1 || fields[4].s[0] != '1')) {
		*why = N_("the last field of the activation code may only be 1 (a confirmation code is needed)");
		goto fail;
	}
	memcpy(out->address, fields[1].s, fields[1].len);
	memcpy(out->matching_id, fields[2].s, fields[2].len);
	if (n > 3)
		memcpy(out->oid, fields[3].s, fields[3].len);
	out->confirmation_required = n == 5;
	return 0;
fail:
	memset(out, 0, sizeof *out);
	return -1;
}
