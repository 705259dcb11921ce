/* BER-TLV decoder and encoder; see ber_tlv.h. */
#include "ber_tlv.h"

#include <string.h>

/** Reads a tag at buf; its size in bytes, or 0 when truncated or longer than three bytes. */
static size_t ber_read_tag(const uint8_t *buf, size_t len, uint32_t *tag)
{
	size_t n = 1;

	if (len == 0)
		return 0;
	*tag = buf[0];
	if ((buf[0] & 0x1F) != 0x1F)
		return 1;
	for (;;) {
		if (n >= len || n >= 3)
			return 0;
		*tag = (*tag << 8) | buf[n];
		if (!(buf[n++] & 0x80))
			return n;
	}
}

/** Reads a definite length at buf; its size in bytes, or 0 when truncated,
 *  indefinite (0x80) or more than three length bytes. */
static size_t ber_read_len(const uint8_t *buf, size_t len, size_t *value)
{
	size_t n_bytes;

	if (len == 0)
		return 0;
	if (buf[0] < 0x80) {
		*value = buf[0];
		return 1;
	}
	n_bytes = buf[0] & 0x7F;
	if (n_bytes == 0 || n_bytes > 3 || n_bytes >= len)
		return 0;
	*value = 0;
	for (size_t i = 1; i <= n_bytes; i++)
		*value = (*value << 8) | buf[i];
	return n_bytes + 1;
}

size_t ber_tlv_read(const uint8_t *buf, size_t len, ber_tlv *out)
{
	uint32_t tag = 0;
	size_t value_len = 0;
	size_t tag_size = ber_read_tag(buf, len, &tag);
	size_t len_size;

	if (tag_size == 0)
		return 0;
	len_size = ber_read_len(buf + tag_size, len - tag_size, &value_len);
	if (len_size == 0)
		return 0;
	if (value_len > len - tag_size - len_size)
		return 0; /* the length claims more than there is */
	out->tag = tag;
	out->constructed = (buf[0] & 0x20) != 0;
	out->value = buf + tag_size + len_size;
	out->len = value_len;
	out->raw = buf;
	out->raw_len = tag_size + len_size + value_len;
	return out->raw_len;
}

void ber_iter_init(ber_iter *it, const uint8_t *buf, size_t len)
{
	it->buf = buf;
	it->len = buf ? len : 0;
	it->off = 0;
	it->failed = false;
}

void ber_iter_children(ber_iter *it, const ber_tlv *parent)
{
	ber_iter_init(it, parent->value, parent->len);
	if (!parent->constructed)
		it->failed = true;
}

int ber_iter_next(ber_iter *it, ber_tlv *out)
{
	size_t n;

	if (it->failed)
		return -1;
	if (it->off >= it->len)
		return 0;
	n = ber_tlv_read(it->buf + it->off, it->len - it->off, out);
	if (n == 0) {
		it->failed = true;
		return -1;
	}
	it->off += n;
	return 1;
}

int ber_tlv_find(const ber_tlv *parent, uint32_t tag, ber_tlv *out)
{
	ber_iter it;
	ber_tlv child;
	int r;

	ber_iter_children(&it, parent);
	while ((r = ber_iter_next(&it, &child)) == 1) {
		if (child.tag == tag) {
			*out = child;
			return 0;
		}
	}
	return -1;
}

int ber_tlv_find_path(const uint8_t *buf, size_t len, const uint32_t *path, size_t n_path, ber_tlv *out)
{
	ber_iter it;
	ber_tlv cur;
	int r;

	if (n_path == 0)
		return -1;
	ber_iter_init(&it, buf, len);
	while ((r = ber_iter_next(&it, &cur)) == 1 && cur.tag != path[0])
		;
	if (r != 1)
		return -1;
	for (size_t i = 1; i < n_path; i++)
		if (ber_tlv_find(&cur, path[i], &cur) != 0)
			return -1;
	*out = cur;
	return 0;
}

/** ber_tlv_check() at one level: depth_left more levels of nesting allowed. */
static int ber_check_level(const uint8_t *buf, size_t len, unsigned depth_left)
{
	ber_iter it;
	ber_tlv tlv;
	int r;

	if (depth_left == 0)
		return len == 0 ? 0 : -1; /* an empty constructed value at the deepest level is fine */
	ber_iter_init(&it, buf, len);
	while ((r = ber_iter_next(&it, &tlv)) == 1)
		if (tlv.constructed && ber_check_level(tlv.value, tlv.len, depth_left - 1) != 0)
			return -1;
	return r == 0 ? 0 : -1;
}

int ber_tlv_check(const uint8_t *buf, size_t len, unsigned max_depth)
{
	if (max_depth > BER_TLV_MAX_DEPTH)
		max_depth = BER_TLV_MAX_DEPTH;
	return ber_check_level(buf, len, max_depth);
}

int ber_tlv_uint(const ber_tlv *tlv, uint32_t *out)
{
	const uint8_t *v = tlv->value;
	size_t n = tlv->len;
	uint32_t value = 0;

	if (n == 0)
		return -1;
	if (n == 1) {
		*out = v[0]; /* a BOOLEAN's 0xFF, or a one-byte value read unsigned */
		return 0;
	}
	if (v[0] & 0x80)
		return -1; /* negative */
	while (n > 1 && v[0] == 0) {
		v++;
		n--;
	}
	if (n > 4)
		return -1;
	for (size_t i = 0; i < n; i++)
		value = (value << 8) | v[i];
	*out = value;
	return 0;
}

size_t ber_tag_size(uint32_t tag)
{
	if (tag <= 0xFF)
		return (tag & 0x1F) == 0x1F ? 0 : 1;
	if (tag <= 0xFFFF)
		return ((tag >> 8) & 0x1F) == 0x1F && !(tag & 0x80) ? 2 : 0;
	if (tag <= 0xFFFFFF)
		return ((tag >> 16) & 0x1F) == 0x1F && (tag & 0x8000) && !(tag & 0x80) ? 3 : 0;
	return 0;
}

void ber_writer_init(ber_writer *w, uint8_t *buf, size_t cap)
{
	memset(w, 0, sizeof *w);
	w->buf = buf;
	w->cap = buf ? cap : 0;
}

/** Appends n raw bytes, or marks the writer failed when they do not fit. */
static void ber_append(ber_writer *w, const void *bytes, size_t n)
{
	if (w->failed || n > w->cap - w->len) {
		w->failed = true;
		return;
	}
	if (n)
		memcpy(w->buf + w->len, bytes, n);
	w->len += n;
}

/** Appends a tag's bytes. */
static void ber_append_tag(ber_writer *w, uint32_t tag)
{
	size_t n = ber_tag_size(tag);
	uint8_t bytes[3];

	if (n == 0) {
		w->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		bytes[i] = (uint8_t)(tag >> (8 * (n - 1 - i)));
	ber_append(w, bytes, n);
}

/** Writes a definite length in the fewest bytes into out (room for 4); returns how many. */
static size_t ber_encode_len(size_t len, uint8_t out[4])
{
	if (len < 0x80) {
		out[0] = (uint8_t)len;
		return 1;
	}
	if (len <= 0xFF) {
		out[0] = 0x81;
		out[1] = (uint8_t)len;
		return 2;
	}
	if (len <= 0xFFFF) {
		out[0] = 0x82;
		out[1] = (uint8_t)(len >> 8);
		out[2] = (uint8_t)len;
		return 3;
	}
	out[0] = 0x83;
	out[1] = (uint8_t)(len >> 16);
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	return 4;
}

void ber_put(ber_writer *w, uint32_t tag, const void *value, size_t len)
{
	uint8_t len_bytes[4];

	if (len > BER_TLV_MAX_LEN || (len && !value)) {
		w->failed = true;
		return;
	}
	ber_append_tag(w, tag);
	ber_append(w, len_bytes, ber_encode_len(len, len_bytes));
	ber_append(w, value, len);
}

void ber_put_uint(ber_writer *w, uint32_t tag, uint32_t value)
{
	uint8_t bytes[5];
	size_t n = 0;
	int shift = 24;

	while (shift > 0 && ((value >> shift) & 0xFF) == 0)
		shift -= 8;
	if ((value >> shift) & 0x80)
		bytes[n++] = 0x00; /* keep it positive */
	for (; shift >= 0; shift -= 8)
		bytes[n++] = (uint8_t)(value >> shift);
	ber_put(w, tag, bytes, n);
}

void ber_put_bool(ber_writer *w, uint32_t tag, bool value)
{
	uint8_t byte = value ? 0xFF : 0x00;

	ber_put(w, tag, &byte, 1);
}

void ber_begin(ber_writer *w, uint32_t tag)
{
	uint8_t placeholder = 0;

	if (w->depth >= BER_TLV_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	ber_append_tag(w, tag);
	if (w->failed)
		return;
	w->open[w->depth++] = w->len;
	ber_append(w, &placeholder, 1);
}

void ber_end(ber_writer *w)
{
	uint8_t len_bytes[4];
	size_t at, content, n;

	if (w->failed)
		return;
	if (w->depth == 0) {
		w->failed = true;
		return;
	}
	at = w->open[--w->depth];
	content = w->len - at - 1;
	if (content > BER_TLV_MAX_LEN) {
		w->failed = true;
		return;
	}
	n = ber_encode_len(content, len_bytes);
	if (n - 1 > w->cap - w->len) {
		w->failed = true;
		return;
	}
	memmove(w->buf + at + n, w->buf + at + 1, content);
	memcpy(w->buf + at, len_bytes, n);
	w->len += n - 1;
}

long ber_writer_finish(const ber_writer *w)
{
	if (w->failed || w->depth != 0)
		return -1;
	return (long)w->len;
}
