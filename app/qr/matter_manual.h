/* Matter manual pairing codes: 11 digits (discriminator and passcode) or
 * 21 (also vendor and product ID), ending with a Verhoeff check digit.
 * Spaces and '-' between digits are ignored, as printed on labels. The
 * passcode is a secret: keep a ds_qr_matter_manual in secure memory. */
#ifndef DS_QR_MATTER_MANUAL_H
#define DS_QR_MATTER_MANUAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/qr/qr_error.h"
#include "app/base/must_check.h"

/** A decoded manual pairing code. */
typedef struct ds_qr_matter_manual {
	unsigned digits;              /**< 11 or 21 */
	uint8_t short_discriminator;  /**< the top 4 bits of the 12-bit discriminator */
	uint32_t passcode;            /**< secret */
	bool passcode_valid;          /**< see ds_qr_matter_passcode_valid */
	bool has_vendor_product;      /**< a 21-digit code */
	uint16_t vendor_id;
	uint16_t product_id;
} ds_qr_matter_manual;

/** True when s[0..len) is made of digits, spaces and '-' only (with at least one digit). */
bool ds_qr_matter_manual_looks_like(const char *s, size_t len);
/** Parses a manual pairing code. 0, or -1 with err (offset of the offending digit). */
DS_MUST_CHECK int ds_qr_matter_manual_parse(const char *s, size_t len, ds_qr_matter_manual *out, ds_qr_error *err);

#endif
