/* Adding a device from a photo of its label or the webcam; explaining unclaimed codes. */
#include "app/core/label_scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/qr/qr_decode.h"
#include "app/qr/qr_camera.h"
#include "app/qr/qr_describe.h"
#include "app/qr/qr_image.h"

/** Puts the first of codes into add->payload, frees codes and adds the device. */
static ds_status label_add_first(ds_job *job, ds_op_add_qr *add, ds_qr_codes *codes)
{
	size_t len = codes->len[0];

	if (len >= sizeof add->payload) {
		ds_qr_codes_free(codes);
		return ds_job_fail(job, DS_ERR_INVALID, "%s",
				   _("The QR code in this picture is too long to be a device label. Type the code printed under the label instead."));
	}
	memcpy(add->payload, codes->text[0], len);
	add->payload[len] = '\0';
	ds_qr_codes_free(codes);
	return ds_op_add_qr_job(job, add);
}

ds_status ds_label_photo_job(ds_job *job, void *arg)
{
	ds_label_photo *op = arg;
	ds_qr_codes *codes = NULL;
	char msg[512];

	op->codes_found = 0;
	op->add->payload[0] = '\0';
	ds_job_progress(job, 50, "%s", _("Reading the photo"));
	if (!op->path[0])
		return ds_job_fail(job, DS_ERR_INVALID, "%s", _("Type the path of the photo first."));
	if (ds_qr_image_scan_file(op->path, &codes, msg, sizeof msg) < 0)
		return ds_job_fail(job, DS_ERR_IO, _("%s Check the path, or take the photo again as PNG or JPEG."), msg);
	if (ds_job_cancelled(job)) {
		ds_qr_codes_free(codes);
		return DS_ERR_CANCELLED;
	}
	op->codes_found = codes ? codes->found : 0;
	if (!codes || codes->n == 0) {
		ds_qr_codes_free(codes);
		return ds_job_fail(job, DS_ERR_NOT_FOUND, "%s",
				   _("No QR code was found in this picture. Take the photo again closer, straight on and "
				     "sharp, with the whole label in it, or type the code printed under the label."));
	}
	return label_add_first(job, op->add, codes);
}

/** Asked by the camera scan every 100 ms: shows the countdown, honours Esc. */
static bool label_camera_stop(void *ctx, unsigned elapsed_ms)
{
	ds_job *job = ctx;
	unsigned left = elapsed_ms < DS_LABEL_CAMERA_MS ? (DS_LABEL_CAMERA_MS - elapsed_ms + 999) / 1000 : 0;

	ds_job_progress(job, elapsed_ms * 1000u / DS_LABEL_CAMERA_MS,
			P_("Hold the label in front of the camera, about a hand's width away: %u second left",
			   "Hold the label in front of the camera, about a hand's width away: %u seconds left", left),
			left);
	return ds_job_cancelled(job);
}

bool ds_label_camera_find(char *device, size_t device_size, char *name, size_t name_size)
{
	ds_qr_cameras cams;

	if (ds_qr_cameras_find("/dev", &cams) == 0)
		return false;
	snprintf(device, device_size, "%s", cams.path[0]);
	snprintf(name, name_size, "%s", cams.name[0]);
	return true;
}

ds_status ds_label_camera_job(ds_job *job, void *arg)
{
	ds_label_camera *op = arg;
	ds_qr_codes *codes = NULL;
	char msg[512];
	int rc;

	op->add->payload[0] = '\0';
	label_camera_stop(job, 0);
	rc = ds_qr_camera_scan(op->device, DS_LABEL_CAMERA_MS, label_camera_stop, job, &codes, msg, sizeof msg);
	if (rc < 0)
		return ds_job_fail(job, DS_ERR_IO, "%s", msg);
	if (ds_job_cancelled(job)) {
		ds_qr_codes_free(codes);
		return DS_ERR_CANCELLED;
	}
	if (rc > 0 || !codes)
		return ds_job_fail(job, DS_ERR_TIMEOUT, "%s",
				   _("The camera saw no QR code. Hold the label closer and still, in good light, and try "
				     "again, or type the code printed under the label."));
	return label_add_first(job, op->add, codes);
}

/** What ds_label_explain collects: the text so far. */
typedef struct explain_ctx {
	char *out;
	size_t size;
	size_t used;
} explain_ctx;

/** Appends a printf-style piece to the explanation (truncating). */
static void explain_add(explain_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void explain_add(explain_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->used >= c->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(c->out + c->used, c->size - c->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->used = c->used + (size_t)n < c->size ? c->used + (size_t)n : c->size - 1;
}

/** One line of ds_qr_describe: the title, then fields (secrets masked). */
static void explain_line(int depth, const char *label, const char *value, bool secret, void *ctx)
{
	explain_ctx *c = ctx;

	if (depth == 0) {
		explain_add(c, _("This is a %s."), label);
		return;
	}
	if (!value[0])
		explain_add(c, "\n%*s%s", 2 * depth - 2, "", label);
	else
		explain_add(c, "\n%*s%s: %s", 2 * depth - 2, "", label, secret ? "••••" : value);
}

const char *ds_label_explain(const char *payload, char *out, size_t out_size)
{
	explain_ctx c = { out, out_size, 0 };
	ds_qr_error err;
	ds_qr_decoded *d;
	char where[512];

	if (!out_size)
		return out;
	out[0] = '\0';
	memset(&err, 0, sizeof err);
	d = ds_qr_decode(payload, strlen(payload), &err);
	if (!d) {
		explain_add(&c, "%s\n%s",
			    _("No installed plugin recognises this code, and it is not a standard onboarding code either. "
			      "Check that it is the device's setup label (not a serial-number barcode) and that the vendor's "
			      "plugin is installed."),
			    ds_qr_error_format(&err, where, sizeof where));
		return out;
	}
	ds_qr_describe(d, explain_line, &c);
	ds_qr_decoded_free(d);
	explain_add(&c, "\n\n%s",
		    _("No installed plugin sets up this vendor's devices: install the vendor's doorstep plugin, then "
		      "scan the code again."));
	return out;
}
