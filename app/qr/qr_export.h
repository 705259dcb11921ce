/* A QR code as a file: PNG (libpng, 8-bit grey) or SVG (one rect per run
 * of dark modules), both with the quiet zone. Files are written to a
 * temporary name and renamed, and are readable only by their owner (a
 * Wi-Fi code carries a password). */
#ifndef DS_QR_EXPORT_H
#define DS_QR_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "app/qr/qr_encode.h"
#include "app/base/must_check.h"

/** Pixels per module of exported codes unless told otherwise. */
#define DS_QR_EXPORT_SCALE 8

/** Writes m to path as a PNG with scale pixels per module. 0, or -1 with a translated message in msg. */
DS_MUST_CHECK int ds_qr_export_png(const ds_qr_matrix *m, const char *path, int scale, char *msg, size_t msg_size);
/** Writes m to path as an SVG drawn scale pixels per module. 0, or -1 with a translated message in msg. */
DS_MUST_CHECK int ds_qr_export_svg(const ds_qr_matrix *m, const char *path, int scale, char *msg, size_t msg_size);
/** Draws m into new secure memory as 8-bit grey pixels (0 black, 255
 *  white), scale per module, quiet zone included; *side gets the width
 *  (= height). Free with ds_secret_free. NULL when out of memory. */
uint8_t *ds_qr_export_pixels(const ds_qr_matrix *m, int scale, int *side);

#endif
