/* Text to a QR code: the module matrix (libqrencode), the smallest
 * version that holds the text at the chosen error correction. The matrix
 * of a Wi-Fi code carries its password, so it lives in secure memory. */
#ifndef DS_QR_ENCODE_H
#define DS_QR_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Light modules around every code, on every side (ISO/IEC 18004). */
#define DS_QR_QUIET_ZONE 4

/** Error correction levels (share of the code that may be damaged). */
typedef enum ds_qr_ecc {
	DS_QR_ECC_L = 0, /**< 7 % */
	DS_QR_ECC_M = 1, /**< 15 %: the default for labels and screens */
	DS_QR_ECC_Q = 2, /**< 25 % */
	DS_QR_ECC_H = 3, /**< 30 % */
} ds_qr_ecc;

/** A square of modules, without the quiet zone. */
typedef struct ds_qr_matrix {
	int size;          /**< modules per side (21 for version 1, +4 per version) */
	int version;       /**< 1..40, or 0 for a matrix not made by the encoder */
	uint8_t *dark;     /**< size * size bytes, row-major: 1 dark, 0 light */
} ds_qr_matrix;

/** Encodes len bytes of text at ecc. NULL with a translated message in msg
 *  when the text is empty or does not fit in a QR code. */
ds_qr_matrix *ds_qr_encode(const char *text, size_t len, ds_qr_ecc ecc, char *msg, size_t msg_size);
/** A new all-light matrix of size x size modules (for readers and tests); NULL when out of memory. */
ds_qr_matrix *ds_qr_matrix_new(int size);
/** True when the module at column x, row y is dark; false outside the matrix (the quiet zone). */
bool ds_qr_matrix_dark(const ds_qr_matrix *m, int x, int y);
/** Wipes and frees a matrix; NULL is fine. */
void ds_qr_matrix_free(ds_qr_matrix *m);

#endif
