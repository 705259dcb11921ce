/* PNG and SVG files of a QR code. */
#include "app/qr/qr_export.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/secret.h"

/** Writes the file's contents to f. 0, or -1 with msg. */
typedef int (*export_writer)(FILE *f, const ds_qr_matrix *m, int scale, char *msg, size_t msg_size);

uint8_t *ds_qr_export_pixels(const ds_qr_matrix *m, int scale, int *side)
{
	int modules = m->size + 2 * DS_QR_QUIET_ZONE;
	size_t n = (size_t)modules * (size_t)scale;
	uint8_t *px;

	if (scale <= 0 || scale > 64)
		return NULL;
	px = ds_secret_alloc(n * n);
	if (!px)
		return NULL;
	for (size_t y = 0; y < n; y++)
		for (size_t x = 0; x < n; x++) {
			int mx = (int)(x / (size_t)scale) - DS_QR_QUIET_ZONE;
			int my = (int)(y / (size_t)scale) - DS_QR_QUIET_ZONE;

			px[y * n + x] = ds_qr_matrix_dark(m, mx, my) ? 0 : 255;
		}
	*side = (int)n;
	return px;
}

/** The PNG writer. */
static int ds_export_png_write(FILE *f, const ds_qr_matrix *m, int scale, char *msg, size_t msg_size)
{
	png_image image;
	uint8_t *px;
	int side, ok;

	px = ds_qr_export_pixels(m, scale, &side);
	if (!px) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
		return -1;
	}
	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	image.width = (png_uint_32)side;
	image.height = (png_uint_32)side;
	image.format = PNG_FORMAT_GRAY;
	ok = png_image_write_to_stdio(&image, f, 0, px, 0, NULL);
	if (!ok)
		snprintf(msg, msg_size, _("the PNG could not be written (%s)"), image.message);
	png_image_free(&image);
	ds_secret_free(px);
	return ok ? 0 : -1;
}

/** The SVG writer: a white square, then one rect per horizontal run of dark modules. */
static int ds_export_svg_write(FILE *f, const ds_qr_matrix *m, int scale, char *msg, size_t msg_size)
{
	int modules = m->size + 2 * DS_QR_QUIET_ZONE;

	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">\n"
		"<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
		"<g fill=\"#000000\">\n",
		modules * scale, modules * scale, modules, modules, modules, modules);
	for (int y = 0; y < m->size; y++) {
		int x = 0;

		while (x < m->size) {
			int start;

			if (!ds_qr_matrix_dark(m, x, y)) {
				x++;
				continue;
			}
			for (start = x; x < m->size && ds_qr_matrix_dark(m, x, y); x++)
				;
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"1\"/>\n", start + DS_QR_QUIET_ZONE,
				y + DS_QR_QUIET_ZONE, x - start);
		}
	}
	fputs("</g>\n</svg>\n", f);
	if (ferror(f)) {
		snprintf(msg, msg_size, _("the SVG could not be written (%s)"), strerror(errno));
		return -1;
	}
	return 0;
}

/** Writes through a temporary file beside path, then renames it into place. */
static int ds_export_file(const char *path, export_writer writer, const ds_qr_matrix *m, int scale, char *msg,
			  size_t msg_size)
{
	size_t len = strlen(path);
	char *tmp = malloc(len + 16);
	FILE *f = NULL;
	int fd, rc;

	if (!tmp) {
		snprintf(msg, msg_size, "%s", _("out of memory"));
		return -1;
	}
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "wb"))) {
		snprintf(msg, msg_size, _("cannot write \"%s\": %s. Choose a folder you may write to."), path,
			 strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return -1;
	}
	rc = writer(f, m, scale, msg, msg_size);
	if (fclose(f) != 0 && rc == 0) {
		snprintf(msg, msg_size, _("cannot write \"%s\": %s"), path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		snprintf(msg, msg_size, _("cannot write \"%s\": %s"), path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int ds_qr_export_png(const ds_qr_matrix *m, const char *path, int scale, char *msg, size_t msg_size)
{
	if (scale <= 0 || scale > 64) {
		snprintf(msg, msg_size, "%s", _("the scale must be 1 to 64 pixels per module"));
		return -1;
	}
	return ds_export_file(path, ds_export_png_write, m, scale, msg, msg_size);
}

int ds_qr_export_svg(const ds_qr_matrix *m, const char *path, int scale, char *msg, size_t msg_size)
{
	if (scale <= 0 || scale > 64) {
		snprintf(msg, msg_size, "%s", _("the scale must be 1 to 64 pixels per module"));
		return -1;
	}
	return ds_export_file(path, ds_export_svg_write, m, scale, msg, msg_size);
}
