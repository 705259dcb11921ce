/* eSIM activation codes (SGP.22 4.1). */
#include "app/qr/lpa_code.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "app/base/i18n.h"

#define DS_LPA_PREFIX "LPA:"
#define DS_LPA_PREFIX_LEN 4
/** Fields of an activation code, SGP.22 v3 included. */
#define DS_LPA_MAX_FIELDS 6

/** One '$'-separated field. */
typedef struct lpa_field {
	const char *v;
	size_t len;
	size_t at;
} lpa_field;

/** True when every character of f is allowed by ok(). */
static bool ds_lpa_all(const lpa_field *f, bool (*ok)(char c), size_t *bad)
{
	for (size_t i = 0; i < f->len; i++)
		if (!ok(f->v[i])) {
			*bad = f->at + i;
			return false;
		}
	return true;
}

/** A host name character. */
static bool ds_lpa_host_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/** A matching ID character: upper-case letters, digits and '-'. */
static bool ds_lpa_token_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/** An OID character. */
static bool ds_lpa_oid_char(char c)
{
	return (c >= '0' && c <= '9') || c == '.';
}

/** A hex digit. */
static bool ds_lpa_hex_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/** Checks the SM-DP+ address: a host name, optionally ":port" (1 to 65535),
 *  as test benches and some operators give. */
static int ds_lpa_address(const lpa_field *f, ds_qr_error *err)
{
	const char *colon = memchr(f->v, ':', f->len);
	lpa_field host = { f->v, colon ? (size_t)(colon - f->v) : f->len, f->at };
	size_t bad = SIZE_MAX;

	if (f->len == 0)
		return ds_qr_error_set(err, f->at, "smdp_address", _("the SM-DP+ address is empty"));
	if (host.len == 0 || host.v[0] == '.' || host.v[0] == '-')
		bad = host.at;
	else
		ds_lpa_all(&host, ds_lpa_host_char, &bad);
	if (bad != SIZE_MAX)
		return ds_qr_error_set(err, bad, "smdp_address",
				       _("the SM-DP+ address must be a host name (letters, digits, '.' and '-')"));
	if (colon) {
		size_t at = host.len + 1, digits = f->len - at;
		unsigned long port = 0;

		for (size_t i = at; i < f->len && digits <= 5; i++) {
			if (f->v[i] < '0' || f->v[i] > '9') {
				port = 0;
				break;
			}
			port = port * 10 + (unsigned long)(f->v[i] - '0');
		}
		if (digits == 0 || digits > 5 || port == 0 || port > 65535)
			return ds_qr_error_set(err, f->at + at, "smdp_address",
					       _("the port after the SM-DP+ address is not a number from 1 to 65535"));
	}
	return 0;
}

/** Copies field f into dst (size bytes). */
static int ds_lpa_copy(const lpa_field *f, char *dst, size_t size, const char *name, ds_qr_error *err)
{
	if (f->len >= size)
		return ds_qr_error_set(err, f->at, name, _("the field is longer than %zu characters"), size - 1);
	memcpy(dst, f->v, f->len);
	dst[f->len] = '\0';
	return 0;
}

/** Checks and copies the fields. */
static int ds_lpa_fields(const lpa_field *f, size_t n, ds_qr_lpa *out, ds_qr_error *err)
{
	size_t bad;

	if (f[0].len != 1 || f[0].v[0] != '1')
		return ds_qr_error_set(err, f[0].at, "format",
				       _("the activation code format must be 1 (\"LPA:1$...\"); other formats do not exist: "
					 "the code is mistyped or damaged"));
	if (n < 3)
		return ds_qr_error_set(err, f[n - 1].at + f[n - 1].len, "matching_id",
				       _("the code needs at least the SM-DP+ address and the matching ID, separated by '$': "
					 "part of it is missing"));
	if (n > DS_LPA_MAX_FIELDS)
		return ds_qr_error_set(err, f[DS_LPA_MAX_FIELDS].at, NULL,
				       _("the code has more than 6 fields separated by '$': two codes ran together or it is damaged"));
	if (ds_lpa_address(&f[1], err) < 0)
		return -1;
	if (!ds_lpa_all(&f[2], ds_lpa_token_char, &bad))
		return ds_qr_error_set(err, bad, "matching_id",
				       _("the matching ID has only upper-case letters, digits and '-': a character is "
					 "mistyped or the code is damaged"));
	if (n > 3 && !ds_lpa_all(&f[3], ds_lpa_oid_char, &bad))
		return ds_qr_error_set(err, bad, "smdp_oid", _("the SM-DP+ OID has only digits and dots"));
	if (n > 4 && !(f[4].len == 0 || (f[4].len == 1 && f[4].v[0] == '1')))
		return ds_qr_error_set(err, f[4].at, "confirmation_code_required",
				       _("the confirmation-code flag must be 1 or empty"));
	if (n > 5 && !ds_lpa_all(&f[5], ds_lpa_hex_char, &bad))
		return ds_qr_error_set(err, bad, "ci_pkid", _("the CI public key identifier has only hex digits"));
	if (ds_lpa_copy(&f[1], out->smdp_address, sizeof out->smdp_address, "smdp_address", err) < 0 ||
	    ds_lpa_copy(&f[2], out->matching_id, sizeof out->matching_id, "matching_id", err) < 0 ||
	    (n > 3 && ds_lpa_copy(&f[3], out->smdp_oid, sizeof out->smdp_oid, "smdp_oid", err) < 0) ||
	    (n > 5 && ds_lpa_copy(&f[5], out->ci_pkid, sizeof out->ci_pkid, "ci_pkid", err) < 0))
		return -1;
	out->confirmation_code_required = n > 4 && f[4].len == 1;
	return 0;
}

int ds_qr_lpa_parse(const char *s, size_t len, ds_qr_lpa *out, ds_qr_error *err)
{
	lpa_field f[DS_LPA_MAX_FIELDS + 1];
	size_t n = 0, pos = DS_LPA_PREFIX_LEN;

	memset(out, 0, sizeof *out);
	if (len < DS_LPA_PREFIX_LEN || strncasecmp(s, DS_LPA_PREFIX, DS_LPA_PREFIX_LEN) != 0)
		return ds_qr_error_set(err, 0, "prefix", _("an eSIM activation code starts with \"LPA:\""));
	if (len >= sizeof out->activation_code)
		return ds_qr_error_set(err, 0, NULL, _("the code is %zu characters long, longer than any activation code"),
				       len);
	for (;;) {
		const char *dollar = memchr(s + pos, '$', len - pos);
		size_t end = dollar ? (size_t)(dollar - s) : len;

		f[n].v = s + pos;
		f[n].len = end - pos;
		f[n].at = pos;
		n++;
		if (!dollar || n > DS_LPA_MAX_FIELDS)
			break;
		pos = end + 1;
	}
	if (ds_lpa_fields(f, n, out, err) < 0)
		return -1;
	memcpy(out->activation_code, s, len);
	out->activation_code[len] = '\0';
	return 0;
}
