/* Verhoeff check digits. */
#include "app/qr/verhoeff.h"

#include <stdint.h>

/** Multiplication in D5. */
static const uint8_t ds_verhoeff_d[10][10] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
	{ 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 }, { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
	{ 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 }, { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
	{ 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 }, { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
	{ 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
};

/** The permutation applied at each position (it repeats every 8). */
static const uint8_t ds_verhoeff_p[8][10] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
	{ 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 }, { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
	{ 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 }, { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
	{ 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 }, { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
};

/** Inverses in D5. */
static const uint8_t ds_verhoeff_inv[10] = { 0, 4, 3, 2, 1, 5, 6, 7, 8, 9 };

/** Runs the checksum over n digits, the rightmost at position first; -1 on a non-digit. */
static int ds_verhoeff_run(const char *digits, size_t n, size_t first)
{
	unsigned c = 0;

	for (size_t i = 0; i < n; i++) {
		char ch = digits[n - 1 - i];

		if (ch < '0' || ch > '9')
			return -1;
		c = ds_verhoeff_d[c][ds_verhoeff_p[(i + first) % 8][ch - '0']];
	}
	return (int)c;
}

char ds_qr_verhoeff_digit(const char *digits, size_t n)
{
	int c = ds_verhoeff_run(digits, n, 1);

	return c < 0 ? '\0' : (char)('0' + ds_verhoeff_inv[c]);
}

bool ds_qr_verhoeff_valid(const char *digits, size_t n)
{
	return n > 0 && ds_verhoeff_run(digits, n, 0) == 0;
}
