/* Base38, the text encoding of Matter QR payloads: groups of 3 bytes
 * become 5 characters, a last group of 2 bytes 4 characters and of 1 byte
 * 2 characters; little-endian, least significant character first, over
 * the alphabet 0-9 A-Z - . */
#ifndef DS_QR_BASE38_H
#define DS_QR_BASE38_H

#include <stddef.h>
#include <stdint.h>
#include "app/base/must_check.h"

/** Outcome of ds_qr_base38_decode. */
typedef enum ds_qr_base38_status {
	DS_QR_BASE38_OK = 0,
	DS_QR_BASE38_BAD_CHAR = 1,     /**< a character outside the alphabet */
	DS_QR_BASE38_BAD_LENGTH = 2,   /**< a last group of 1 or 3 characters */
	DS_QR_BASE38_OUT_OF_RANGE = 3, /**< a group's value does not fit its bytes */
	DS_QR_BASE38_NO_SPACE = 4,     /**< out is too small */
} ds_qr_base38_status;

/** Number of characters that n bytes encode to. */
size_t ds_qr_base38_encoded_len(size_t n);
/** Encodes n bytes into out (NUL-terminated; out_size >= encoded length + 1). 0 or -1. */
DS_MUST_CHECK int ds_qr_base38_encode(const uint8_t *in, size_t n, char *out, size_t out_size);
/** Decodes len characters of s into out; *out_len gets the byte count. On
 *  failure *where is the offset (in s) of the offending character or group. */
ds_qr_base38_status ds_qr_base38_decode(const char *s, size_t len, uint8_t *out, size_t out_size,
					size_t *out_len, size_t *where);

#endif
