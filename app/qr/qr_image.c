/* Reading QR codes from pictures with libzbar (PNG through libpng, JPEG
 * through zbar's own conversion). */
#include "app/qr/qr_image.h"
#include "app/qr/jpeg_size.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zbar.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"
#include "app/qr/qr_zbar.h"

/** Largest JPEG file read (bytes). */
#define DS_QR_JPEG_MAX (64u << 20)

/* ds_qr_codes_collect: see qr_zbar.h. */
int ds_qr_codes_collect(const zbar_image_t *img, ds_qr_codes **out, char *msg, size_t msg_size)
{
	ds_qr_codes *codes = ds_secret_alloc(sizeof *codes);

	if (!codes) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
		return -1;
	}
	for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s; s = zbar_symbol_next(s)) {
		const char *data = zbar_symbol_get_data(s);
		size_t len = zbar_symbol_get_data_length(s);

		if (zbar_symbol_get_type(s) != ZBAR_QRCODE || !data)
			continue;
		codes->found++;
		if (codes->n >= DS_QR_IMAGE_MAX_CODES)
			continue;
		codes->text[codes->n] = ds_secret_alloc(len + 1);
		if (!codes->text[codes->n]) {
			ds_qr_codes_free(codes);
			snprintf(msg, msg_size, "%s", _("out of memory"));
			return -1;
		}
		memcpy(codes->text[codes->n], data, len);
		codes->len[codes->n++] = len;
	}
	*out = codes;
	return 0;
}

/** Scans a Y800 zbar image. */
static int ds_image_scan(zbar_image_t *img, ds_qr_codes **out, char *msg, size_t msg_size)
{
	zbar_image_scanner_t *scanner = zbar_image_scanner_create();
	int rc;

	if (!scanner) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
		return -1;
	}
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	/* Raw bytes: the text exactly as encoded, no guessing of character sets. */
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	if (zbar_scan_image(scanner, img) < 0) {
		snprintf(msg, msg_size, "%s", _("the picture could not be scanned"));
		rc = -1;
	} else {
		rc = ds_qr_codes_collect(img, out, msg, msg_size);
	}
	zbar_image_scanner_destroy(scanner);
	return rc;
}

int ds_qr_image_scan_gray(const uint8_t *pixels, int width, int height, ds_qr_codes **out, char *msg,
			  size_t msg_size)
{
	zbar_image_t *img;
	int rc;

	*out = NULL;
	if (width <= 0 || height <= 0 || width > DS_QR_IMAGE_MAX_SIDE || height > DS_QR_IMAGE_MAX_SIDE) {
		snprintf(msg, msg_size, _("the picture is %dx%d pixels; doorstep reads pictures of up to %d pixels a side"),
			 width, height, DS_QR_IMAGE_MAX_SIDE);
		return -1;
	}
	img = zbar_image_create();
	if (!img) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
		return -1;
	}
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)width, (unsigned)height);
	zbar_image_set_data(img, pixels, (unsigned long)width * (unsigned long)height, NULL);
	rc = ds_image_scan(img, out, msg, msg_size);
	zbar_image_destroy(img);
	return rc;
}

/** Says that a picture of width x height pixels is too large to read. */
static void ds_image_too_large(char *msg, size_t msg_size, unsigned width, unsigned height)
{
	snprintf(msg, msg_size, _("the picture is %ux%u pixels; doorstep reads pictures of up to %d pixels a side"),
		 width, height, DS_QR_IMAGE_MAX_SIDE);
}

/** Reads a PNG into grey pixels (transparency over white) and scans them. */
static int ds_image_png(const char *path, ds_qr_codes **out, char *msg, size_t msg_size)
{
	png_color background = { .red = 255, .green = 255, .blue = 255 };
	png_image image;
	uint8_t *px;
	int rc;

	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&image, path)) {
		snprintf(msg, msg_size, _("\"%s\" is not a PNG picture doorstep can read (%s)"), path, image.message);
		return -1;
	}
	if (image.width > DS_QR_IMAGE_MAX_SIDE || image.height > DS_QR_IMAGE_MAX_SIDE) {
		ds_image_too_large(msg, msg_size, (unsigned)image.width, (unsigned)image.height);
		png_image_free(&image);
		return -1;
	}
	image.format = PNG_FORMAT_GRAY;
	px = ds_secret_alloc((size_t)image.width * image.height);
	if (!px) {
		png_image_free(&image);
		snprintf(msg, msg_size, "%s", _("out of memory"));
		return -1;
	}
	if (!png_image_finish_read(&image, &background, px, 0, NULL)) {
		snprintf(msg, msg_size, _("\"%s\" is a damaged PNG picture (%s)"), path, image.message);
		ds_secret_free(px);
		png_image_free(&image);
		return -1;
	}
	rc = ds_qr_image_scan_gray(px, (int)image.width, (int)image.height, out, msg, msg_size);
	ds_secret_free(px);
	png_image_free(&image);
	return rc;
}

/** Reads a JPEG file, converts it to grey with zbar (libjpeg inside) and scans it. */
static int ds_image_jpeg(FILE *f, const char *path, ds_qr_codes **out, char *msg, size_t msg_size)
{
	zbar_image_t *jpeg, *grey;
	unsigned width = 0, height = 0;
	struct stat st;
	uint8_t *data;
	int rc;

	if (fstat(fileno(f), &st) != 0 || st.st_size <= 0 || (unsigned long long)st.st_size > DS_QR_JPEG_MAX) {
		snprintf(msg, msg_size, _("\"%s\" is empty or larger than 64 MB"), path);
		return -1;
	}
	data = malloc((size_t)st.st_size);
	if (!data || fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(msg, msg_size, _("cannot read \"%s\": %s"), path, data ? strerror(errno) : _("out of memory"));
		free(data);
		return -1;
	}
	if (ds_jpeg_size(data, (size_t)st.st_size, &width, &height) < 0) {
		free(data);
		snprintf(msg, msg_size, _("\"%s\" is a damaged JPEG picture"), path);
		return -1;
	}
	if (width == 0 || height == 0 || width > DS_QR_IMAGE_MAX_SIDE || height > DS_QR_IMAGE_MAX_SIDE) {
		free(data);
		ds_image_too_large(msg, msg_size, width, height);
		return -1;
	}
	jpeg = zbar_image_create();
	if (!jpeg) {
		free(data);
		snprintf(msg, msg_size, "%s", _("out of memory"));
		return -1;
	}
	zbar_image_set_format(jpeg, zbar_fourcc('J', 'P', 'E', 'G'));
	zbar_image_set_data(jpeg, data, (unsigned long)st.st_size, NULL);
	grey = zbar_image_convert(jpeg, zbar_fourcc('Y', '8', '0', '0'));
	if (!grey || zbar_image_get_width(grey) == 0 || zbar_image_get_height(grey) == 0) {
		snprintf(msg, msg_size, _("\"%s\" is a damaged JPEG picture"), path);
		rc = -1;
	} else {
		/* The converted image inherits the source's empty crop (its size
		 * was unknown before decoding): scan the whole picture. */
		zbar_image_set_crop(grey, 0, 0, zbar_image_get_width(grey), zbar_image_get_height(grey));
		rc = ds_image_scan(grey, out, msg, msg_size);
	}
	if (grey)
		zbar_image_destroy(grey);
	zbar_image_destroy(jpeg);
	free(data);
	return rc;
}

int ds_qr_image_scan_file(const char *path, ds_qr_codes **out, char *msg, size_t msg_size)
{
	static const uint8_t png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	uint8_t head[8] = { 0 };
	size_t got;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f) {
		snprintf(msg, msg_size, _("cannot open \"%s\": %s"), path, strerror(errno));
		return -1;
	}
	got = fread(head, 1, sizeof head, f);
	if (got == sizeof head && memcmp(head, png_magic, sizeof png_magic) == 0) {
		fclose(f);
		return ds_image_png(path, out, msg, msg_size);
	}
	if (got >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) {
		rewind(f);
		rc = ds_image_jpeg(f, path, out, msg, msg_size);
		fclose(f);
		return rc;
	}
	fclose(f);
	snprintf(msg, msg_size, _("\"%s\" is neither a PNG nor a JPEG picture: save the photo as one of them"), path);
	return -1;
}

void ds_qr_codes_free(ds_qr_codes *codes)
{
	if (!codes)
		return;
	for (size_t i = 0; i < codes->n; i++)
		ds_secret_free(codes->text[i]);
	ds_secret_free(codes);
}
