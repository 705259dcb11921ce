/* Hex digits to bytes, as AT commands and SGP.22's JSON carry them: the
 * one decoder of the eUICC code (APDU answers, ISD-P AIDs, transaction ids). */
#ifndef ATMODEM_HEX_DIGITS_H
#define ATMODEM_HEX_DIGITS_H

#include <stddef.h>
#include <stdint.h>

/** Value of a hex digit (either case), or -1. */
int hex_digit_value(char c);

/** Decodes the first digits characters of hex (an even number) into out
 *  (cap bytes): the number of bytes, or -1 when a character is no hex
 *  digit, digits is odd, or out is too small. */
long hex_digits_decode(const char *hex, size_t digits, uint8_t *out, size_t cap);

#endif
