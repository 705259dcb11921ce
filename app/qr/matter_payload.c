/* Matter QR payloads (Matter specification, section 5.1.3). */
#include "app/qr/matter_payload.h"

#include <string.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"
#include "app/qr/base38.h"

#define DS_MATTER_PREFIX "MT:"
#define DS_MATTER_PREFIX_LEN 3
/** Bytes of the fixed part: 88 bits. */
#define DS_MATTER_FIXED_BYTES 11
/** Largest Base38 payload accepted (fixed part and optional data). */
#define DS_MATTER_MAX_BYTES 1024

/** The bit fields of the fixed part, least significant bit first. */
enum {
	BITS_VERSION = 3,
	BITS_VENDOR = 16,
	BITS_PRODUCT = 16,
	BITS_FLOW = 2,
	BITS_DISCOVERY = 8,
	BITS_DISCRIMINATOR = 12,
	BITS_PASSCODE = 27,
	BITS_PADDING = 4,
};

/** Passcodes the specification forbids besides 0 and > 99999998 (5.1.7.1). */
static const uint32_t ds_matter_forbidden[] = {
	11111111, 22222222, 33333333, 44444444, 55555555,
	66666666, 77777777, 88888888, 12345678, 87654321,
};

static const char *const ds_matter_flow_names[] = {
	[DS_QR_MATTER_FLOW_STANDARD] = "standard",
	[DS_QR_MATTER_FLOW_USER_INTENT] = "user-intent",
	[DS_QR_MATTER_FLOW_CUSTOM] = "custom",
};

static const char *const ds_matter_discovery_names[] = {
	"soft-ap", "ble", "on-network", "wifi-paf", "nfc", "thread",
};

/** Reads n bits at *bit (LSB first across bytes) and advances. */
static uint32_t ds_matter_bits(const uint8_t *buf, size_t *bit, unsigned n)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < n; i++, (*bit)++)
		if (buf[*bit / 8] & (1u << (*bit % 8)))
			v |= 1u << i;
	return v;
}

bool ds_qr_matter_passcode_valid(uint32_t passcode)
{
	if (passcode == 0 || passcode > 99999998)
		return false;
	for (size_t i = 0; i < sizeof ds_matter_forbidden / sizeof ds_matter_forbidden[0]; i++)
		if (passcode == ds_matter_forbidden[i])
			return false;
	return true;
}

const char *ds_qr_matter_flow_name(ds_qr_matter_flow flow)
{
	if ((unsigned)flow < sizeof ds_matter_flow_names / sizeof ds_matter_flow_names[0])
		return ds_matter_flow_names[flow];
	return "reserved";
}

const char *ds_qr_matter_discovery_name(unsigned bit)
{
	if (bit < sizeof ds_matter_discovery_names / sizeof ds_matter_discovery_names[0])
		return ds_matter_discovery_names[bit];
	return NULL;
}

/** Offset in the Base38 text of the group holding TLV byte b (the fixed part is 11 bytes). */
static size_t ds_matter_tlv_char_offset(size_t b)
{
	return ((DS_MATTER_FIXED_BYTES + b) / 3) * 5;
}

/** Says what is wrong with a Base38 payload text at s (offset off in the input). */
static int ds_matter_base38_error(ds_qr_base38_status st, size_t where, size_t off, ds_qr_error *err)
{
	switch (st) {
	case DS_QR_BASE38_BAD_CHAR:
		return ds_qr_error_set(err, off + where, "base38",
				       _("this character cannot be in a Matter code (only 0-9, A-Z, '-' and '.' can): "
					 "a character was mistyped or the scan is damaged"));
	case DS_QR_BASE38_BAD_LENGTH:
		return ds_qr_error_set(err, off + where, "base38",
				       _("the code's text has a length that Base38 cannot have: characters are missing "
					 "or extra; scan the code again"));
	case DS_QR_BASE38_OUT_OF_RANGE:
		return ds_qr_error_set(err, off + where, "base38",
				       _("these five characters do not form a valid Base38 group: the code is damaged "
					 "or mistyped"));
	case DS_QR_BASE38_NO_SPACE:
		return ds_qr_error_set(err, off + where, "base38",
				       _("the payload is longer than doorstep reads (%d bytes): this is not a device's "
					 "setup code"),
				       DS_MATTER_MAX_BYTES);
	case DS_QR_BASE38_OK:
		break;
	}
	return 0;
}

/** Reads the fields of one decoded payload buf[0..n) whose text (len
 *  characters) starts at offset off of the input. */
static int ds_matter_fields(const uint8_t *buf, size_t n, size_t len, size_t off, ds_qr_matter_payload *p,
			    ds_qr_error *err)
{
	size_t bit = 0;
	uint32_t flow;

	if (n < DS_MATTER_FIXED_BYTES)
		return ds_qr_error_set(err, off + len, "payload",
				       P_("the payload is %zu character long, but a Matter payload has at least 19: "
					  "characters are missing; scan the code again",
					  "the payload is %zu characters long, but a Matter payload has at least 19: "
					  "characters are missing; scan the code again",
					  len),
				       len);
	p->version = ds_matter_bits(buf, &bit, BITS_VERSION);
	p->vendor_id = (uint16_t)ds_matter_bits(buf, &bit, BITS_VENDOR);
	p->product_id = (uint16_t)ds_matter_bits(buf, &bit, BITS_PRODUCT);
	flow = ds_matter_bits(buf, &bit, BITS_FLOW);
	p->discovery = (uint8_t)ds_matter_bits(buf, &bit, BITS_DISCOVERY);
	p->discriminator = (uint16_t)ds_matter_bits(buf, &bit, BITS_DISCRIMINATOR);
	p->passcode = ds_matter_bits(buf, &bit, BITS_PASSCODE);
	(void)ds_matter_bits(buf, &bit, BITS_PADDING);
	if (p->version != 0)
		return ds_qr_error_set(err, off, "version",
				       _("the payload has version %u, but only version 0 exists: this code is from a newer "
					 "Matter specification than doorstep knows"),
				       p->version);
	if (flow > DS_QR_MATTER_FLOW_CUSTOM)
		return ds_qr_error_set(err, off, "flow",
				       _("the commissioning flow has the reserved value 3: the code is damaged"));
	p->flow = (ds_qr_matter_flow)flow;
	p->passcode_valid = ds_qr_matter_passcode_valid(p->passcode);
	if (n == DS_MATTER_FIXED_BYTES)
		return 0;
	if (ds_qr_tlv_parse(buf + DS_MATTER_FIXED_BYTES, n - DS_MATTER_FIXED_BYTES, p->tlv, DS_QR_TLV_MAX, &p->n_tlv,
			    err) < 0) {
		if (err)
			err->offset = off + ds_matter_tlv_char_offset(err->offset);
		return -1;
	}
	return 0;
}

/** Parses one payload's Base38 text s[0..len) found at offset off of the input. */
static int ds_matter_parse_one(const char *s, size_t len, size_t off, ds_qr_matter_payload *p, ds_qr_error *err)
{
	uint8_t buf[DS_MATTER_MAX_BYTES];
	ds_qr_base38_status st;
	size_t n, where;
	int rc;

	memset(p, 0, sizeof *p);
	p->offset = off;
	st = ds_qr_base38_decode(s, len, buf, sizeof buf, &n, &where);
	if (st != DS_QR_BASE38_OK)
		rc = ds_matter_base38_error(st, where, off, err);
	else
		rc = ds_matter_fields(buf, n, len, off, p, err);
	/* The bytes held the passcode. */
	ds_secret_wipe(buf, sizeof buf);
	return rc;
}

int ds_qr_matter_parse(const char *s, size_t len, ds_qr_matter *out, ds_qr_error *err)
{
	size_t pos = DS_MATTER_PREFIX_LEN;

	memset(out, 0, sizeof *out);
	if (len < DS_MATTER_PREFIX_LEN || memcmp(s, DS_MATTER_PREFIX, DS_MATTER_PREFIX_LEN) != 0)
		return ds_qr_error_set(err, 0, "prefix", _("a Matter QR code starts with \"MT:\""));
	if (len == DS_MATTER_PREFIX_LEN)
		return ds_qr_error_set(err, len, "payload",
				       _("the code has nothing after \"MT:\": it is cut off; scan the whole code again"));
	for (;;) {
		const char *star = memchr(s + pos, '*', len - pos);
		size_t end = star ? (size_t)(star - s) : len;
		size_t start = pos;

		/* Tolerate a repeated prefix after the delimiter. */
		if (out->n > 0 && end - start >= DS_MATTER_PREFIX_LEN &&
		    memcmp(s + start, DS_MATTER_PREFIX, DS_MATTER_PREFIX_LEN) == 0)
			start += DS_MATTER_PREFIX_LEN;
		if (end == start)
			return ds_qr_error_set(err, start, "payload",
					       _("an empty payload between '*' delimiters: the code is damaged"));
		if (out->n >= DS_QR_MATTER_MAX_PAYLOADS)
			return ds_qr_error_set(err, start, "payload",
					       _("the code joins more than %d payloads; doorstep reads at most %d"),
					       DS_QR_MATTER_MAX_PAYLOADS, DS_QR_MATTER_MAX_PAYLOADS);
		if (ds_matter_parse_one(s + start, end - start, start, &out->payloads[out->n], err) < 0)
			return -1;
		out->n++;
		if (!star)
			break;
		pos = end + 1;
	}
	return 0;
}
