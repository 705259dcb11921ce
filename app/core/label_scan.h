/* Adding a device from a photo of its label or from the webcam: jobs that
 * read the QR code in a PNG or JPEG file or in the camera's pictures with
 * libzbar and then add the device exactly as a typed code
 * (ds_op_add_qr_job). Also the built-in explanation of a code
 * that no plugin claims, with secret values masked. */
#ifndef DS_LABEL_SCAN_H
#define DS_LABEL_SCAN_H

#include <stdbool.h>
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

/** How long the camera is watched for a label (ms). */
#define DS_LABEL_CAMERA_MS 60000u

/** A camera to watch for a label, and the add it leads to. */
typedef struct ds_label_camera {
	char device[64];           /**< in: e.g. "/dev/video0" */
	ds_op_add_qr *add;         /**< in: devices set; out: payload seen and the device found */
} ds_label_camera;

/** Finds this computer's first camera that captures video: fills device
 *  (e.g. "/dev/video0") and name (its product name, or "" when it has none)
 *  and returns true; false when there is none. */
bool ds_label_camera_find(char *device, size_t device_size, char *name, size_t name_size);
/** Job: watches the camera (with a countdown; Esc stops it) until a QR code
 *  appears, puts it into add->payload and runs ds_op_add_qr_job. */
ds_status ds_label_camera_job(ds_job *job, void *arg);
/** Writes what the built-in decoders make of payload into out (translated,
 *  secrets shown as "••••"), for a code no plugin claims. Returns out. */
const char *ds_label_explain(const char *payload, char *out, size_t out_size);

#endif
