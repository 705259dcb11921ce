/* Reading QR codes from a webcam with libzbar's video processor. */
#include "app/qr/qr_camera.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/qr/qr_zbar.h"

/** How often the caller's stop() is asked while watching (ms). */
#define DS_QR_CAMERA_TICK_MS 100

/** True for "video" followed by digits only. */
static bool camera_node_name(const char *name)
{
	if (strncmp(name, "video", 5) != 0 || !name[5])
		return false;
	for (const char *p = name + 5; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/** Asks the driver whether path captures video; fills the card name. */
static bool camera_captures(const char *path, char *name, size_t name_size)
{
	struct v4l2_capability cap;
	struct stat st;
	uint32_t caps;
	int fd;

	if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode))
		return false;
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	memset(&cap, 0, sizeof cap);
	if (ioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) {
		close(fd);
		return false;
	}
	close(fd);
	caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
	snprintf(name, name_size, "%.31s", (const char *)cap.card);
	return (caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) != 0;
}

/** The number of a camera path ("/dev/video10": 10); its digits were checked. */
static unsigned long camera_number(const char *path)
{
	return strtoul(strrchr(path, 'o') + 1, NULL, 10);
}

/** Orders camera paths by their number (video2 before video10). */
static int camera_cmp(const void *a, const void *b)
{
	unsigned long na = camera_number(a), nb = camera_number(b);

	return (na > nb) - (na < nb);
}

size_t ds_qr_cameras_find(const char *dir, ds_qr_cameras *out)
{
	char found[64][320];
	size_t n = 0;
	struct dirent *e;
	DIR *d;

	memset(out, 0, sizeof *out);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d)) && n < 64) {
		if (!camera_node_name(e->d_name) || strlen(dir) + strlen(e->d_name) + 2 > sizeof out->path[0])
			continue;
		snprintf(found[n++], sizeof found[0], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(found, n, sizeof found[0], camera_cmp);
	for (size_t i = 0; i < n && out->n < DS_QR_CAMERA_MAX; i++) {
		if (!camera_captures(found[i], out->name[out->n], sizeof out->name[0]))
			continue;
		snprintf(out->path[out->n], sizeof out->path[0], "%.63s", found[i]);
		out->n++;
	}
	return out->n;
}

/** What zbar's video thread hands over to the watching thread. */
typedef struct camera_catch {
	pthread_mutex_t lock;
	ds_qr_codes *codes;   /**< the first frame with a QR code */
	bool failed;          /**< out of memory while copying */
} camera_catch;

/** zbar's data handler: runs for every frame with symbols. */
static void camera_frame(zbar_image_t *img, const void *userdata)
{
	camera_catch *c = (camera_catch *)userdata;
	ds_qr_codes *codes = NULL;
	char msg[64];

	pthread_mutex_lock(&c->lock);
	if (!c->codes && !c->failed) {
		if (ds_qr_codes_collect(img, &codes, msg, sizeof msg) < 0)
			c->failed = true;
		else if (codes->n == 0)
			ds_qr_codes_free(codes);
		else
			c->codes = codes;
	}
	pthread_mutex_unlock(&c->lock);
}

/** Milliseconds of CLOCK_MONOTONIC. */
static unsigned long long camera_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000u + (unsigned long long)ts.tv_nsec / 1000000u;
}

/** Says why the camera cannot be used (opening or starting it failed), frees, returns -1. */
static int camera_give_up(zbar_processor_t *proc, camera_catch *c, bool opened, const char *device, char *msg,
			  size_t msg_size)
{
	const char *why = zbar_processor_error_string(proc, 0);

	if (!opened)
		snprintf(msg, msg_size,
			 _("The camera %s cannot be used (%s). Close other programs that use it, check that you may use "
			   "video devices (group video), or read the label from a photo instead."),
			 device, why);
	else
		snprintf(msg, msg_size,
			 _("The camera %s did not start (%s). Unplug it and plug it in again, or read the label from a "
			   "photo instead."),
			 device, why);
	zbar_processor_destroy(proc);
	pthread_mutex_destroy(&c->lock);
	return -1;
}

int ds_qr_camera_scan(const char *device, unsigned timeout_ms, ds_qr_camera_stop_fn stop, void *ctx,
		      ds_qr_codes **out, char *msg, size_t msg_size)
{
	camera_catch c = { .codes = NULL, .failed = false };
	unsigned long long start = camera_now_ms(), elapsed = 0;
	zbar_processor_t *proc;
	int rc = 1;

	*out = NULL;
	pthread_mutex_init(&c.lock, NULL);
	proc = zbar_processor_create(1);
	if (!proc) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
		pthread_mutex_destroy(&c.lock);
		return -1;
	}
	zbar_processor_set_config(proc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_processor_set_config(proc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_processor_set_config(proc, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	zbar_processor_set_data_handler(proc, camera_frame, &c);
	if (zbar_processor_init(proc, device, 0) != 0)
		return camera_give_up(proc, &c, false, device, msg, msg_size);
	if (zbar_processor_set_active(proc, 1) != 0)
		return camera_give_up(proc, &c, true, device, msg, msg_size);
	for (;;) {
		bool done;

		/* zbar's video thread reads and scans the frames meanwhile. */
		nanosleep(&(struct timespec){ 0, DS_QR_CAMERA_TICK_MS * 1000000L }, NULL);
		pthread_mutex_lock(&c.lock);
		done = c.codes || c.failed;
		pthread_mutex_unlock(&c.lock);
		if (done)
			break;
		elapsed = camera_now_ms() - start;
		if (elapsed >= timeout_ms || (stop && stop(ctx, (unsigned)elapsed)))
			break;
	}
	zbar_processor_set_active(proc, 0);
	zbar_processor_destroy(proc);
	if (c.failed) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
		rc = -1;
	} else if (c.codes && rc != -1) {
		*out = c.codes;
		c.codes = NULL;
		rc = 0;
	}
	ds_qr_codes_free(c.codes);
	pthread_mutex_destroy(&c.lock);
	return rc;
}
