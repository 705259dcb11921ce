/* Adding a device from a photo of its label: a job that reads the QR code
 * in a PNG or JPEG file with libzbar and then adds the device exactly as a
 * typed code (ds_op_add_qr_job). Also the built-in explanation of a code
 * that no plugin claims, with secret values masked. */
#ifndef DS_UI_LABEL_PHOTO_H
#define DS_UI_LABEL_PHOTO_H

#include <stddef.h>

#include "app/core/device_ops.h"

/** A photo to read, and the add it leads to. */
typedef struct ds_label_photo {
	char path[4096];           /**< in: the picture */
	ds_op_add_qr *add;         /**< in: devices set; out: payload read and the device found */
	size_t codes_found;        /**< out: QR codes seen in the picture */
} ds_label_photo;

/** Job: reads the picture's first QR code into add->payload, then runs ds_op_add_qr_job. */
ds_status ds_label_photo_job(ds_job *job, void *arg);
/** Writes what the built-in decoders make of payload into out (translated,
 *  secrets shown as "••••"), for a code no plugin claims. Returns out. */
const char *ds_label_explain(const char *payload, char *out, size_t out_size);

#endif
