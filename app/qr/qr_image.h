/* QR codes in pictures: a photo of a label (PNG or JPEG) or pixels drawn
 * by doorstep itself, read with libzbar. The texts found may be secrets
 * (a Wi-Fi password), so they are kept in secure memory. */
#ifndef DS_QR_IMAGE_H
#define DS_QR_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "app/base/must_check.h"

/** Codes kept from one picture; further ones are counted, not kept. */
#define DS_QR_IMAGE_MAX_CODES 8
/** Largest picture read, in pixels per side. */
#define DS_QR_IMAGE_MAX_SIDE 16384

/** The QR codes found in one picture, in zbar's order. */
typedef struct ds_qr_codes {
	size_t n;                              /**< codes kept */
	size_t found;                          /**< codes found (may exceed n) */
	char *text[DS_QR_IMAGE_MAX_CODES];     /**< NUL-terminated, secure memory */
	size_t len[DS_QR_IMAGE_MAX_CODES];     /**< bytes of each text */
} ds_qr_codes;

/** Reads the QR codes of a PNG or JPEG file. 0 with *out (possibly no
 *  codes), or -1 with a translated message when the file cannot be read. */
DS_MUST_CHECK int ds_qr_image_scan_file(const char *path, ds_qr_codes **out, char *msg, size_t msg_size);
/** Reads the QR codes in width x height 8-bit grey pixels (row-major, 0
 *  black). 0 with *out, or -1 with msg. */
DS_MUST_CHECK int ds_qr_image_scan_gray(const uint8_t *pixels, int width, int height, ds_qr_codes **out, char *msg,
					size_t msg_size);
/** Wipes and frees the codes; NULL is fine. */
void ds_qr_codes_free(ds_qr_codes *codes);

#endif
