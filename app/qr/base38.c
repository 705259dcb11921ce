/* Base38 (Matter specification, section 5.1.3.1). */
#include "app/qr/base38.h"

static const char ds_base38_alphabet[38] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.";

/** Characters per group of 0..3 bytes. */
static const uint8_t ds_base38_chars_for_bytes[4] = { 0, 2, 4, 5 };

/** The value of one Base38 character, or -1. */
static int ds_base38_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	if (c == '-')
		return 36;
	if (c == '.')
		return 37;
	return -1;
}

size_t ds_qr_base38_encoded_len(size_t n)
{
	return (n / 3) * 5 + ds_base38_chars_for_bytes[n % 3];
}

int ds_qr_base38_encode(const uint8_t *in, size_t n, char *out, size_t out_size)
{
	size_t o = 0;

	if (out_size < ds_qr_base38_encoded_len(n) + 1)
		return -1;
	for (size_t i = 0; i < n; i += 3) {
		size_t bytes = n - i < 3 ? n - i : 3;
		uint32_t value = 0;

		for (size_t b = 0; b < bytes; b++)
			value |= (uint32_t)in[i + b] << (8 * b);
		for (size_t c = 0; c < ds_base38_chars_for_bytes[bytes]; c++) {
			out[o++] = ds_base38_alphabet[value % 38];
			value /= 38;
		}
	}
	out[o] = '\0';
	return 0;
}

ds_qr_base38_status ds_qr_base38_decode(const char *s, size_t len, uint8_t *out, size_t out_size,
					size_t *out_len, size_t *where)
{
	size_t o = 0;

	*out_len = 0;
	*where = 0;
	for (size_t i = 0; i < len; i += 5) {
		size_t chars = len - i < 5 ? len - i : 5;
		size_t bytes = chars == 5 ? 3 : chars == 4 ? 2 : chars == 2 ? 1 : 0;
		uint32_t value = 0;

		if (bytes == 0) {
			*where = i;
			return DS_QR_BASE38_BAD_LENGTH;
		}
		for (size_t c = chars; c-- > 0;) {
			int v = ds_base38_value(s[i + c]);

			if (v < 0) {
				/* Report the first bad character of the group, reading left to right. */
				for (size_t k = 0; k < chars; k++)
					if (ds_base38_value(s[i + k]) < 0) {
						*where = i + k;
						break;
					}
				return DS_QR_BASE38_BAD_CHAR;
			}
			value = value * 38 + (uint32_t)v;
		}
		if (value >= (1u << (8 * bytes))) {
			*where = i;
			return DS_QR_BASE38_OUT_OF_RANGE;
		}
		if (o + bytes > out_size) {
			*where = i;
			return DS_QR_BASE38_NO_SPACE;
		}
		for (size_t b = 0; b < bytes; b++)
			out[o++] = (uint8_t)(value >> (8 * b));
	}
	*out_len = o;
	return DS_QR_BASE38_OK;
}
