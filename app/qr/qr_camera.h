/* QR codes from a webcam: finding the cameras (V4L2 capture devices) and
 * watching one with libzbar's video support until a code appears, the time
 * runs out or the caller gives up. Codes found are kept in secure memory. */
#ifndef DS_QR_CAMERA_H
#define DS_QR_CAMERA_H

#include <stdbool.h>
#include <stddef.h>

#include "app/qr/qr_image.h"
#include "app/base/must_check.h"

/** Most cameras listed. */
#define DS_QR_CAMERA_MAX 8

/** Video capture devices found in a directory ("/dev" normally). */
typedef struct ds_qr_cameras {
	size_t n;
	char path[DS_QR_CAMERA_MAX][64];   /**< e.g. "/dev/video0", sorted */
	char name[DS_QR_CAMERA_MAX][32];   /**< the driver's card name, e.g. "Integrated Camera" */
} ds_qr_cameras;

/** Lists the video<N> nodes of dir that capture video (V4L2
 *  VIDEO_CAPTURE; metadata and output nodes are left out). Returns out->n. */
size_t ds_qr_cameras_find(const char *dir, ds_qr_cameras *out);

/** Asked about every 100 ms while watching; true stops the scan. */
typedef bool (*ds_qr_camera_stop_fn)(void *ctx, unsigned elapsed_ms);

/** Watches the camera at device until a QR code is seen (0 with *out
 *  holding it), timeout_ms passes or stop() says so (1, *out NULL), or the
 *  camera cannot be used (-1 with a translated message). */
DS_MUST_CHECK int ds_qr_camera_scan(const char *device, unsigned timeout_ms, ds_qr_camera_stop_fn stop, void *ctx,
				    ds_qr_codes **out, char *msg, size_t msg_size);

#endif
