/* The Verhoeff check digit (dihedral group D5), which Matter manual
 * pairing codes end with: it catches every single-digit error and every
 * swap of two neighbouring digits. */
#ifndef DS_QR_VERHOEFF_H
#define DS_QR_VERHOEFF_H

#include <stdbool.h>
#include <stddef.h>

/** The check digit ('0'..'9') for n digits; '\0' when a character is not a digit. */
char ds_qr_verhoeff_digit(const char *digits, size_t n);
/** True when the last of n digits is the correct check digit of the others. */
bool ds_qr_verhoeff_valid(const char *digits, size_t n);

#endif
