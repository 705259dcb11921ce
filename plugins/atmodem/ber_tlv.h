/* BER-TLV as ISO/IEC 7816-4 and the SGP.22 ASN.1 (DER) use it: tags of one
 * to three bytes (0x5A, 0x9F70, 0xBF2D), definite lengths in short form or
 * with one to three length bytes, primitive and constructed values. A
 * bounded decoder that never reads past the buffer it is given (a length
 * that claims more than there is is an error) and an encoder into a
 * caller's buffer that reports overflow instead of writing past it. Pure:
 * no allocation, no I/O. */
#ifndef BER_TLV_H
#define BER_TLV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Deepest nesting of constructed values that ber_tlv_check() accepts. */
#define BER_TLV_MAX_DEPTH 16
/** Largest value length (three length bytes: 16 MiB - 1). */
#define BER_TLV_MAX_LEN 0xFFFFFFu

/** One decoded TLV: views into the buffer it was read from. */
typedef struct ber_tlv {
	uint32_t tag;         /**< the tag bytes big-endian: 0x5A, 0x9F70, 0xBF2D */
	bool constructed;     /**< bit 6 of the first tag byte: the value holds TLVs */
	const uint8_t *value; /**< the value bytes */
	size_t len;           /**< their number */
	const uint8_t *raw;   /**< the whole TLV, tag to end of value */
	size_t raw_len;
} ber_tlv;

/** Walks the TLVs that follow each other in a buffer (a constructed value's children). */
typedef struct ber_iter {
	const uint8_t *buf;
	size_t len;
	size_t off;  /**< where the next TLV starts */
	bool failed; /**< a TLV did not fit: the walk stopped */
} ber_iter;

/** Reads one TLV at buf (len bytes available) into out. Returns the bytes it
 *  takes (raw_len), or 0 when buf does not start with a whole, well-formed
 *  TLV (truncated tag, indefinite or oversized length, value past the end). */
size_t ber_tlv_read(const uint8_t *buf, size_t len, ber_tlv *out);

/** Starts a walk over the TLVs in buf. */
void ber_iter_init(ber_iter *it, const uint8_t *buf, size_t len);
/** Starts a walk over the children of a constructed TLV. */
void ber_iter_children(ber_iter *it, const ber_tlv *parent);
/** The next TLV: 1 with out filled, 0 at the end, -1 when the rest is not a
 *  TLV (the walk then stays failed). */
int ber_iter_next(ber_iter *it, ber_tlv *out);

/** The first child of parent (constructed) with tag. 0, or -1 when there is
 *  none or the children are malformed. */
int ber_tlv_find(const ber_tlv *parent, uint32_t tag, ber_tlv *out);
/** Follows a path of tags from the top of buf: path[0] is a TLV of buf,
 *  path[1] a child of it, and so on. 0 with out the last, or -1. */
int ber_tlv_find_path(const uint8_t *buf, size_t len, const uint32_t *path, size_t n_path, ber_tlv *out);
/** Checks that buf is exactly a sequence of well-formed TLVs, constructed
 *  ones holding exactly well-formed TLVs, nested at most max_depth deep
 *  (at most BER_TLV_MAX_DEPTH). 0 or -1. */
int ber_tlv_check(const uint8_t *buf, size_t len, unsigned max_depth);
/** The value of a primitive TLV as an unsigned integer (DER INTEGER or
 *  BOOLEAN; one byte is read unsigned, longer values may have a leading
 *  0x00 and at most four bytes after it). 0, or -1 when it is empty,
 *  negative or too long. */
int ber_tlv_uint(const ber_tlv *tlv, uint32_t *out);

/** Builds TLVs into a caller's buffer; constructed values are opened and
 *  closed, their lengths filled in when closed. Any overflow or misuse is
 *  remembered and reported by ber_writer_finish(). */
typedef struct ber_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool failed;                    /**< out of room, or begin/end unbalanced */
	size_t open[BER_TLV_MAX_DEPTH]; /**< where each open value's length byte is */
	size_t depth;
} ber_writer;

/** Starts writing into buf (cap bytes). */
void ber_writer_init(ber_writer *w, uint8_t *buf, size_t cap);
/** Appends a primitive TLV. */
void ber_put(ber_writer *w, uint32_t tag, const void *value, size_t len);
/** Appends an unsigned integer in the fewest bytes DER allows (a 0x00 in
 *  front when the top bit is set). */
void ber_put_uint(ber_writer *w, uint32_t tag, uint32_t value);
/** Appends a BOOLEAN (0xFF for true, as DER wants). */
void ber_put_bool(ber_writer *w, uint32_t tag, bool value);
/** Opens a constructed TLV; what follows until ber_end() is its value. */
void ber_begin(ber_writer *w, uint32_t tag);
/** Closes the most recently opened constructed TLV. */
void ber_end(ber_writer *w);
/** The number of bytes written, or -1 after an overflow, an unclosed value
 *  or an end without a begin. */
long ber_writer_finish(const ber_writer *w);

/** The number of bytes a tag takes (1 to 3; 0 for a tag that is not one). */
size_t ber_tag_size(uint32_t tag);

#endif
