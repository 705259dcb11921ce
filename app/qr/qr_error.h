/* What is wrong with a payload and where: every parser reports through
 * one ds_qr_error (a byte offset, the field concerned, a translated
 * sentence). Messages never quote secret values. */
#ifndef DS_QR_ERROR_H
#define DS_QR_ERROR_H

#include <stddef.h>

/** A parse failure: where it is and what a person should do about it. */
typedef struct ds_qr_error {
	size_t offset;      /**< byte offset in the payload where the problem is */
	char field[32];     /**< the field concerned ("S", "passcode", "K"), or "" */
	char message[320];  /**< translated sentence: what is wrong and what to do */
} ds_qr_error;

/** Fills err (NULL is fine) with offset, field (NULL: none) and a printf-style message. Returns -1. */
int ds_qr_error_set(ds_qr_error *err, size_t offset, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/** Adds delta to err->offset (for a parser that ran on a part of the payload). */
void ds_qr_error_shift(ds_qr_error *err, size_t delta);
/** Writes "byte N, field F: message" (translated) into buf. Returns buf. */
const char *ds_qr_error_format(const ds_qr_error *err, char *buf, size_t size);

#endif
