/* Matter TLV reader for QR optional data (Matter specification, appendix A). */
#include "app/qr/matter_tlv.h"

#include <string.h>

#include "app/base/i18n.h"

/** Deepest nesting skipped inside the optional data. */
#define DS_TLV_MAX_DEPTH 8

/** Element types (the low 5 bits of the control byte). */
enum {
	TLV_INT8 = 0x00,        /* .. 0x03: signed, 1/2/4/8 bytes */
	TLV_UINT8 = 0x04,       /* .. 0x07 */
	TLV_FALSE = 0x08,
	TLV_TRUE = 0x09,
	TLV_FLOAT32 = 0x0A,
	TLV_FLOAT64 = 0x0B,
	TLV_UTF8_1 = 0x0C,      /* .. 0x0F: length field of 1/2/4/8 bytes */
	TLV_BYTES_1 = 0x10,     /* .. 0x13 */
	TLV_NULL = 0x14,
	TLV_STRUCT = 0x15,
	TLV_ARRAY = 0x16,
	TLV_LIST = 0x17,
	TLV_END = 0x18,
};

/** Bytes of the tag for each tag control (the high 3 bits). */
static const uint8_t ds_tlv_tag_bytes[8] = { 0, 1, 2, 4, 2, 4, 6, 8 };

/** Names of the tags the specification defines (5.1.4.2). */
static const char *const ds_tlv_common_tags[] = {
	[0x00] = "serial_number",
	[0x01] = "pbkdf_iterations",
	[0x02] = "pbkdf_salt",
	[0x03] = "number_of_devices",
	[0x04] = "commissioning_timeout",
};

static const char *const ds_tlv_type_names[] = {
	[DS_QR_TLV_INT] = "int",
	[DS_QR_TLV_UINT] = "uint",
	[DS_QR_TLV_BOOL] = "bool",
	[DS_QR_TLV_FLOAT] = "float",
	[DS_QR_TLV_STRING] = "string",
	[DS_QR_TLV_BYTES] = "bytes",
	[DS_QR_TLV_NULL] = "null",
	[DS_QR_TLV_CONTAINER] = "container",
};

/** A cursor over the TLV bytes. */
typedef struct tlv_reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	ds_qr_error *err;
} tlv_reader;

/** Reads n (<= 8) little-endian bytes; -1 (with the error set) past the end. */
static int tlv_read_le(tlv_reader *r, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	*out = 0;
	if (n > r->len - r->pos)
		return ds_qr_error_set(r->err, r->pos, "tlv",
				       _("the optional data ends in the middle of an element: the code is cut off; "
					 "scan the whole label again"));
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)r->buf[r->pos + i] << (8 * i);
	r->pos += n;
	*out = v;
	return 0;
}

/** Sign-extends the low bytes*8 bits of v. */
static int64_t tlv_sign_extend(uint64_t v, size_t bytes)
{
	if (bytes < 8 && (v & ((uint64_t)1 << (8 * bytes - 1))))
		v |= ~(uint64_t)0 << (8 * bytes);
	return (int64_t)v;
}

static int tlv_skip_container(tlv_reader *r, int depth);

/** Reads one element's header and value. item may be NULL (skipping).
 *  *end is set when the element is an end-of-container marker. */
static int tlv_read_element(tlv_reader *r, ds_qr_tlv *item, int depth, bool *end)
{
	size_t start = r->pos;
	uint64_t ctl, tag = 0, v, n;
	unsigned type, tag_ctl;

	*end = false;
	if (tlv_read_le(r, 1, &ctl) < 0)
		return -1;
	type = (unsigned)(ctl & 0x1F);
	tag_ctl = (unsigned)(ctl >> 5);
	if (type == TLV_END) {
		if (tag_ctl != 0)
			return ds_qr_error_set(r->err, start, "tlv", _("a malformed end-of-structure marker in the optional data"));
		*end = true;
		return 0;
	}
	if (type > TLV_LIST)
		return ds_qr_error_set(r->err, start, "tlv",
				       _("an element of unknown type 0x%02x in the optional data: the code is damaged"), type);
	if (tlv_read_le(r, ds_tlv_tag_bytes[tag_ctl], &tag) < 0)
		return -1;
	if (item) {
		memset(item, 0, sizeof *item);
		item->tag = (uint32_t)tag;
		item->context_tag = tag_ctl == 1;
	}
	if (type <= TLV_INT8 + 3 || (type >= TLV_UINT8 && type <= TLV_UINT8 + 3)) {
		size_t bytes = (size_t)1 << (type & 3);

		if (tlv_read_le(r, bytes, &v) < 0)
			return -1;
		if (item && type < TLV_UINT8) {
			item->type = DS_QR_TLV_INT;
			item->i = tlv_sign_extend(v, bytes);
		} else if (item) {
			item->type = DS_QR_TLV_UINT;
			item->u = v;
		}
		return 0;
	}
	switch (type) {
	case TLV_FALSE:
	case TLV_TRUE:
		if (item) {
			item->type = DS_QR_TLV_BOOL;
			item->b = type == TLV_TRUE;
		}
		return 0;
	case TLV_FLOAT32:
	case TLV_FLOAT64:
		if (tlv_read_le(r, type == TLV_FLOAT32 ? 4 : 8, &v) < 0)
			return -1;
		if (item && type == TLV_FLOAT32) {
			uint32_t bits = (uint32_t)v;
			float f;

			memcpy(&f, &bits, sizeof f);
			item->type = DS_QR_TLV_FLOAT;
			item->f = f;
		} else if (item) {
			memcpy(&item->f, &v, sizeof item->f);
			item->type = DS_QR_TLV_FLOAT;
		}
		return 0;
	case TLV_NULL:
		if (item)
			item->type = DS_QR_TLV_NULL;
		return 0;
	case TLV_STRUCT:
	case TLV_ARRAY:
	case TLV_LIST:
		if (item)
			item->type = DS_QR_TLV_CONTAINER;
		return tlv_skip_container(r, depth + 1);
	default:
		break;
	}
	/* Strings and byte strings: a length field of 1, 2, 4 or 8 bytes, then the bytes. */
	if (tlv_read_le(r, (size_t)1 << (type & 3), &n) < 0)
		return -1;
	if (n > r->len - r->pos)
		return ds_qr_error_set(r->err, start, "tlv",
				       P_("a string in the optional data claims %llu byte, more than the code holds: "
					  "the code is damaged",
					  "a string in the optional data claims %llu bytes, more than the code holds: "
					  "the code is damaged",
					  (unsigned long)n),
				       (unsigned long long)n);
	if (item && n > DS_QR_TLV_DATA_MAX)
		return ds_qr_error_set(r->err, start, "tlv",
				       _("a string in the optional data is %llu bytes long; doorstep reads at most %d"),
				       (unsigned long long)n, DS_QR_TLV_DATA_MAX);
	if (item) {
		item->type = type < TLV_BYTES_1 ? DS_QR_TLV_STRING : DS_QR_TLV_BYTES;
		memcpy(item->data, r->buf + r->pos, (size_t)n);
		item->data[n] = '\0';
		item->len = (size_t)n;
		if (item->type == DS_QR_TLV_STRING && memchr(item->data, '\0', item->len))
			return ds_qr_error_set(r->err, start, "tlv", _("a text element of the optional data contains a NUL byte"));
	}
	r->pos += (size_t)n;
	return 0;
}

/** Skips the elements of a container up to and including its end marker. */
static int tlv_skip_container(tlv_reader *r, int depth)
{
	bool end = false;

	if (depth > DS_TLV_MAX_DEPTH)
		return ds_qr_error_set(r->err, r->pos, "tlv",
				       _("the optional data nests more than %d levels deep: the code is damaged"), DS_TLV_MAX_DEPTH);
	while (!end)
		if (tlv_read_element(r, NULL, depth, &end) < 0)
			return -1;
	return 0;
}

int ds_qr_tlv_parse(const uint8_t *buf, size_t len, ds_qr_tlv *items, size_t max, size_t *n, ds_qr_error *err)
{
	tlv_reader r = { .buf = buf, .len = len, .pos = 0, .err = err };
	bool end = false;

	*n = 0;
	if (len == 0 || buf[0] != TLV_STRUCT)
		return ds_qr_error_set(err, 0, "tlv",
				       _("the optional data does not start with an anonymous structure as the Matter "
					 "specification requires: the code is damaged"));
	r.pos = 1;
	for (;;) {
		ds_qr_tlv scratch;

		if (tlv_read_element(&r, *n < max ? &items[*n] : &scratch, 1, &end) < 0)
			return -1;
		if (end)
			break;
		if (*n >= max)
			return ds_qr_error_set(err, r.pos, "tlv",
					       _("the optional data has more than %zu elements; doorstep reads at most %zu"),
					       max, max);
		(*n)++;
	}
	/* Whatever follows the structure is padding of the Base38 groups. */
	return 0;
}

const char *ds_qr_tlv_tag_name(const ds_qr_tlv *item)
{
	if (!item->context_tag)
		return NULL;
	if (item->tag < sizeof ds_tlv_common_tags / sizeof ds_tlv_common_tags[0])
		return ds_tlv_common_tags[item->tag];
	if (item->tag >= 0x80 && item->tag <= 0xFF)
		return "vendor";
	return NULL;
}

const char *ds_qr_tlv_type_name(ds_qr_tlv_type type)
{
	if ((unsigned)type < sizeof ds_tlv_type_names / sizeof ds_tlv_type_names[0])
		return ds_tlv_type_names[type];
	return "unknown";
}
