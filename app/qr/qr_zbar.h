/* Shared by the readers built on libzbar (pictures and the webcam). */
#ifndef DS_QR_ZBAR_H
#define DS_QR_ZBAR_H

#include <stddef.h>
#include <zbar.h>

#include "app/qr/qr_image.h"
#include "app/base/must_check.h"

/** Copies the QR symbols zbar found in img into new codes (secure memory).
 *  0 with *out, or -1 with a translated message. */
DS_MUST_CHECK int ds_qr_codes_collect(const zbar_image_t *img, ds_qr_codes **out, char *msg, size_t msg_size);

#endif
