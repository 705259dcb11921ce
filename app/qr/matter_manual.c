/* Matter manual pairing codes (Matter specification, section 5.1.4). */
#include "app/qr/matter_manual.h"

#include <string.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"
#include "app/qr/matter_payload.h"
#include "app/qr/verhoeff.h"

#define DS_MANUAL_SHORT 11
#define DS_MANUAL_LONG 21

/** The digits of a code with the offset of each in the input. */
typedef struct manual_digits {
	char d[DS_MANUAL_LONG + 1];
	size_t at[DS_MANUAL_LONG + 1];
	size_t n;
} manual_digits;

/** The number made of digits [from, from + count). */
static uint32_t ds_manual_number(const manual_digits *m, size_t from, size_t count)
{
	uint32_t v = 0;

	for (size_t i = from; i < from + count; i++)
		v = v * 10 + (uint32_t)(m->d[i] - '0');
	return v;
}

bool ds_qr_matter_manual_looks_like(const char *s, size_t len)
{
	bool digit = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if (s[i] != ' ' && s[i] != '-')
			return false;
	}
	return digit;
}

/** Collects the digits of s, skipping separators. 0 or -1 with err. */
static int ds_manual_collect(const char *s, size_t len, manual_digits *m, ds_qr_error *err)
{
	m->n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '-')
			continue;
		if (s[i] < '0' || s[i] > '9')
			return ds_qr_error_set(err, i, "digits",
					       _("a manual pairing code has only digits (spaces and '-' may separate them)"));
		if (m->n >= DS_MANUAL_LONG)
			return ds_qr_error_set(err, i, "digits",
					       _("the code has more than 21 digits, but a manual pairing code has 11 or 21: "
						 "a digit is doubled or two codes ran together"));
		m->at[m->n] = i;
		m->d[m->n++] = s[i];
	}
	return 0;
}

/** Reads the fields once the digits passed their checks. */
static int ds_manual_fields(const manual_digits *m, ds_qr_matter_manual *out, ds_qr_error *err)
{
	unsigned first = (unsigned)(m->d[0] - '0');
	uint32_t chunk2 = ds_manual_number(m, 1, 5);
	uint32_t chunk3 = ds_manual_number(m, 6, 4);

	if (chunk2 > 0xFFFF)
		return ds_qr_error_set(err, m->at[1], "digits",
				       _("digits 2 to 6 form %u, more than a manual pairing code can hold (65535): "
					 "a digit is mistyped; compare with the label"),
				       chunk2);
	if (chunk3 > 0x1FFF)
		return ds_qr_error_set(err, m->at[6], "digits",
				       _("digits 7 to 10 form %u, more than a manual pairing code can hold (8191): "
					 "a digit is mistyped; compare with the label"),
				       chunk3);
	out->digits = (unsigned)m->n;
	out->short_discriminator = (uint8_t)(((first & 3) << 2) | (chunk2 >> 14));
	out->passcode = (chunk3 << 14) | (chunk2 & 0x3FFF);
	out->passcode_valid = ds_qr_matter_passcode_valid(out->passcode);
	if (m->n == DS_MANUAL_LONG) {
		uint32_t vid = ds_manual_number(m, 10, 5), pid = ds_manual_number(m, 15, 5);

		if (vid > 0xFFFF)
			return ds_qr_error_set(err, m->at[10], "vendor_id",
					       _("digits 11 to 15 (the vendor ID) form %u, more than 65535: "
						 "a digit is mistyped; compare with the label"),
					       vid);
		if (pid > 0xFFFF)
			return ds_qr_error_set(err, m->at[15], "product_id",
					       _("digits 16 to 20 (the product ID) form %u, more than 65535: "
						 "a digit is mistyped; compare with the label"),
					       pid);
		out->has_vendor_product = true;
		out->vendor_id = (uint16_t)vid;
		out->product_id = (uint16_t)pid;
	}
	return 0;
}

/** Checks length, version, check digit and the long-code flag, then reads the fields. */
static int ds_manual_check(const manual_digits *m, size_t len, ds_qr_matter_manual *out, ds_qr_error *err)
{
	unsigned first;

	if (m->n != DS_MANUAL_SHORT && m->n != DS_MANUAL_LONG)
		return ds_qr_error_set(err, len, "digits",
				       P_("the code has %zu digit, but a manual pairing code has 11 or 21: "
					  "digits are missing or extra; compare with the label",
					  "the code has %zu digits, but a manual pairing code has 11 or 21: "
					  "digits are missing or extra; compare with the label",
					  m->n),
				       m->n);
	first = (unsigned)(m->d[0] - '0');
	if (first > 7)
		return ds_qr_error_set(err, m->at[0], "version",
				       _("a manual pairing code cannot start with %u (its first digit is 0 to 7): "
					 "it is mistyped, or it is not a Matter code"),
				       first);
	if (!ds_qr_verhoeff_valid(m->d, m->n))
		return ds_qr_error_set(err, m->at[m->n - 1], "check_digit",
				       _("the check digit (the last digit) does not match the others: a digit is "
					 "mistyped or two are swapped; compare with the label"));
	if ((first & 4) && m->n == DS_MANUAL_SHORT)
		return ds_qr_error_set(err, m->at[0], "digits",
				       _("the first digit says this code has 21 digits (with vendor and product ID), "
					 "but it has 11: digits are missing"));
	if (!(first & 4) && m->n == DS_MANUAL_LONG)
		return ds_qr_error_set(err, m->at[0], "digits",
				       _("the first digit says this code has 11 digits, but it has 21: "
					 "two codes ran together, or a digit is mistyped"));
	return ds_manual_fields(m, out, err);
}

int ds_qr_matter_manual_parse(const char *s, size_t len, ds_qr_matter_manual *out, ds_qr_error *err)
{
	manual_digits m;
	int rc;

	memset(out, 0, sizeof *out);
	rc = ds_manual_collect(s, len, &m, err);
	if (rc == 0)
		rc = ds_manual_check(&m, len, out, err);
	/* The digits held the passcode. */
	ds_secret_wipe(&m, sizeof m);
	return rc;
}
