/* Hex digits to bytes; see hex_digits.h. */
#include "hex_digits.h"

int hex_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

long hex_digits_decode(const char *hex, size_t digits, uint8_t *out, size_t cap)
{
	if (digits % 2 || digits / 2 > cap)
		return -1;
	for (size_t i = 0; i < digits; i += 2) {
		int hi = hex_digit_value(hex[i]), lo = hex_digit_value(hex[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(digits / 2);
}
