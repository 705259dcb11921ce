/* What doorstep draws, zbar reads: text -> QR matrix -> PNG file and SVG
 * file -> zbar -> the same text. No SVG rasteriser is assumed: the SVG's
 * module rects are read back into a matrix, drawn into pixels here, and
 * given to zbar. Also: a photo-like JPEG label, pictures without a code,
 * and the `qr encode` / `qr decode --image` commands of the real binary. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/base/secret.h"
#include "app/qr/qr_encode.h"
#include "app/qr/qr_export.h"
#include "app/qr/jpeg_size.h"
#include "app/qr/qr_image.h"
#include "tests/support/test_support.h"

/** The size of tests/fixtures/qr/label-photo.jpg. */
#define LABEL_PHOTO_WIDTH 420u
#define LABEL_PHOTO_HEIGHT 360u

static const char *tmp;

/** Texts of every kind doorstep draws, from version 1 to version 10 and beyond. */
static const char *const texts[] = {
	"MT:Y.K9042C00KA0648G00",
	"34970112332",
	"WIFI:T:WPA;S:Caf\\;e Ost;P:orchid tractor velvet;;",
	"LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7",
	"{\"ver\":\"v1\",\"name\":\"PROV_A1B2C3\",\"pop\":\"abcd1234\",\"transport\":\"ble\"}",
	"https://example.com/claim?device=DP100-7F3A21&token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"Caf\xc3\xa9 \xe2\x98\x95 UTF-8 text",
};

/** A fresh XDG tree and secure memory per test. */
static void setup(void)
{
	cr_assert_eq(ds_secret_init(), 0);
	tmp = ds_test_tmpdir();
	unsetenv("DOORSTEP_PLUGIN_PATH");
}

/** Removes it. */
static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(qr_roundtrip, .init = setup, .fini = teardown, .timeout = 120);

/** A path in the test's directory. */
static const char *path_in_tmp(const char *name)
{
	static char path[4200];

	snprintf(path, sizeof path, "%s/%s", tmp, name);
	return path;
}

/** Scans pixels and expects exactly text. */
static void expect_pixels_read(const uint8_t *px, int side, const char *text)
{
	ds_qr_codes *codes = NULL;
	char msg[256];

	cr_assert_eq(ds_qr_image_scan_gray(px, side, side, &codes, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(codes->n, 1, "\"%s\": %zu codes found", text, codes->n);
	cr_assert_eq(codes->len[0], strlen(text));
	cr_assert_str_eq(codes->text[0], text);
	ds_qr_codes_free(codes);
}

/** Reads a whole file (malloc'd, NUL-terminated). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

/** Reads an SVG written by ds_qr_export_svg back into a matrix: the
 *  viewBox gives the side (quiet zone included), each rect a run of dark modules. */
static ds_qr_matrix *svg_to_matrix(const char *svg)
{
	const char *p = strstr(svg, "viewBox=\"0 0 ");
	const char *g;
	ds_qr_matrix *m;
	int side, x, y, w;

	cr_assert_not_null(p);
	cr_assert_eq(sscanf(p, "viewBox=\"0 0 %d", &side), 1);
	m = ds_qr_matrix_new(side - 2 * DS_QR_QUIET_ZONE);
	cr_assert_not_null(m);
	g = strstr(svg, "<g fill=\"#000000\">");
	cr_assert_not_null(g, "no group of dark modules");
	for (p = strstr(g, "<rect "); p; p = strstr(p + 1, "<rect ")) {
		cr_assert_eq(sscanf(p, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"1\"/>", &x, &y, &w), 3, "%.60s", p);
		x -= DS_QR_QUIET_ZONE;
		y -= DS_QR_QUIET_ZONE;
		cr_assert(x >= 0 && y >= 0 && w > 0 && x + w <= m->size && y < m->size, "rect outside the code");
		for (int i = 0; i < w; i++)
			m->dark[(size_t)y * (size_t)m->size + (size_t)(x + i)] = 1;
	}
	return m;
}

Test(qr_roundtrip, png_export_reads_back)
{
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *path = path_in_tmp("code.png");
		ds_qr_codes *codes = NULL;
		char msg[256];
		ds_qr_matrix *m = ds_qr_encode(texts[i], strlen(texts[i]), DS_QR_ECC_M, msg, sizeof msg);
		struct stat st;

		cr_assert_not_null(m, "%s", msg);
		cr_assert_eq(ds_qr_export_png(m, path, DS_QR_EXPORT_SCALE, msg, sizeof msg), 0, "%s", msg);
		cr_assert_eq(stat(path, &st), 0);
		cr_assert_eq(st.st_mode & 0777, 0600, "an exported code is readable only by its owner");
		cr_assert_eq(ds_qr_image_scan_file(path, &codes, msg, sizeof msg), 0, "%s", msg);
		cr_assert_eq(codes->n, 1, "\"%s\": %zu codes", texts[i], codes->n);
		cr_assert_str_eq(codes->text[0], texts[i]);
		ds_qr_codes_free(codes);
		ds_qr_matrix_free(m);
	}
}

Test(qr_roundtrip, svg_export_reads_back)
{
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *path = path_in_tmp("code.svg");
		char msg[256], *svg;
		ds_qr_matrix *m = ds_qr_encode(texts[i], strlen(texts[i]), DS_QR_ECC_M, msg, sizeof msg);
		ds_qr_matrix *back;
		uint8_t *px;
		int side;

		cr_assert_not_null(m, "%s", msg);
		cr_assert_eq(ds_qr_export_svg(m, path, DS_QR_EXPORT_SCALE, msg, sizeof msg), 0, "%s", msg);
		svg = slurp(path);
		cr_assert(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
		back = svg_to_matrix(svg);
		cr_assert_eq(back->size, m->size);
		cr_assert_arr_eq(back->dark, m->dark, (size_t)m->size * (size_t)m->size, "the SVG draws other modules");
		px = ds_qr_export_pixels(back, 4, &side);
		cr_assert_not_null(px);
		expect_pixels_read(px, side, texts[i]);
		ds_secret_free(px);
		ds_qr_matrix_free(back);
		ds_qr_matrix_free(m);
		free(svg);
	}
}

Test(qr_roundtrip, every_error_correction_level)
{
	for (int ecc = DS_QR_ECC_L; ecc <= DS_QR_ECC_H; ecc++) {
		char msg[256];
		ds_qr_matrix *m = ds_qr_encode(texts[2], strlen(texts[2]), (ds_qr_ecc)ecc, msg, sizeof msg);
		uint8_t *px;
		int side;

		cr_assert_not_null(m, "%s", msg);
		px = ds_qr_export_pixels(m, 3, &side);
		expect_pixels_read(px, side, texts[2]);
		ds_secret_free(px);
		ds_qr_matrix_free(m);
	}
}

Test(qr_roundtrip, too_long_and_empty_text)
{
	char msg[256];
	size_t n = 3000;
	char *big = malloc(n + 1);

	memset(big, 'x', n);
	big[n] = '\0';
	cr_assert_null(ds_qr_encode(big, n, DS_QR_ECC_L, msg, sizeof msg));
	cr_assert(strstr(msg, "too long"), "%s", msg);
	cr_assert_null(ds_qr_encode("", 0, DS_QR_ECC_M, msg, sizeof msg));
	free(big);
}

Test(qr_roundtrip, photo_of_a_label)
{
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	ds_qr_codes *codes = NULL;
	char path[4200], msg[256];

	cr_assert_not_null(src);
	snprintf(path, sizeof path, "%s/tests/fixtures/qr/label-photo.jpg", src);
	cr_assert_eq(ds_qr_image_scan_file(path, &codes, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(codes->n, 1);
	cr_assert_str_eq(codes->text[0], "MT:Y.K9042C00KA0648G00");
	ds_qr_codes_free(codes);
}

Test(qr_roundtrip, jpeg_size_from_its_frame_header)
{
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	static uint8_t data[1 << 20];
	unsigned w = 0, h = 0;
	char path[4200];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/tests/fixtures/qr/label-photo.jpg", src);
	f = fopen(path, "rb");
	cr_assert_not_null(f);
	n = fread(data, 1, sizeof data, f);
	fclose(f);
	cr_assert_eq(ds_jpeg_size(data, n, &w, &h), 0);
	cr_assert_eq(w, LABEL_PHOTO_WIDTH);
	cr_assert_eq(h, LABEL_PHOTO_HEIGHT);
	for (size_t cut = 0; cut < 200 && cut < n; cut++)
		ds_jpeg_size(data, cut, &w, &h); /* cut short anywhere: no read past the end (ASan) */
	cr_assert_eq(ds_jpeg_size((const uint8_t *)"\xff\xd8\xff\xd9", 4, &w, &h), -1, "no frame header");
	cr_assert_eq(ds_jpeg_size((const uint8_t *)"GIF89a", 6, &w, &h), -1, "not a JPEG");
}

Test(qr_roundtrip, huge_jpeg_is_refused_before_decoding)
{
	/* A frame header of 40000 x 40000 pixels: decoding it would need 1.6 GB. */
	static const uint8_t huge[] = {
		0xFF, 0xD8,                                                                        /* SOI */
		0xFF, 0xE0, 0x00, 0x10, 'J', 'F',  'I',  'F',  0,    1, 1, 0,    0, 1, 0, 1, 0, 0, /* APP0 */
		0xFF, 0xC0, 0x00, 0x0B, 8,   0x9C, 0x40, 0x9C, 0x40, 1, 1, 0x11, 0, /* SOF0 40000x40000, 1 component */
		0xFF, 0xD9,                                                         /* EOI */
	};
	ds_qr_codes *codes = NULL;
	char msg[256];
	FILE *f = fopen(path_in_tmp("huge.jpg"), "wb");

	cr_assert_not_null(f);
	fwrite(huge, 1, sizeof huge, f);
	fclose(f);
	cr_assert_eq(ds_qr_image_scan_file(path_in_tmp("huge.jpg"), &codes, msg, sizeof msg), -1);
	cr_assert(strstr(msg, "40000x40000"), "%s", msg);
	cr_assert_null(codes);
}

Test(qr_roundtrip, pictures_without_a_code)
{
	static uint8_t blank[64 * 64];
	ds_qr_codes *codes = NULL;
	char msg[256];
	FILE *f;

	memset(blank, 255, sizeof blank);
	cr_assert_eq(ds_qr_image_scan_gray(blank, 64, 64, &codes, msg, sizeof msg), 0);
	cr_assert_eq(codes->n, 0);
	ds_qr_codes_free(codes);
	f = fopen(path_in_tmp("not-a-picture.png"), "w");
	fputs("hello", f);
	fclose(f);
	cr_assert_eq(ds_qr_image_scan_file(path_in_tmp("not-a-picture.png"), &codes, msg, sizeof msg), -1);
	cr_assert(strstr(msg, "neither a PNG nor a JPEG"), "%s", msg);
	cr_assert_eq(ds_qr_image_scan_file(path_in_tmp("missing.png"), &codes, msg, sizeof msg), -1);
	cr_assert_eq(ds_qr_image_scan_gray(blank, 0, 64, &codes, msg, sizeof msg), -1);
}

/** Runs the binary with up to 5 arguments. */
static int run(char **out, char **err, const char *a, const char *b, const char *c, const char *d, const char *e)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), a, b, c, d, e, NULL };

	return ds_test_run(argv, "", out, err);
}

Test(qr_roundtrip, cli_encode_then_decode_image)
{
	char *out = NULL, *err = NULL, png[4200], svg[4200];
	cJSON *j;

	snprintf(png, sizeof png, "%s", path_in_tmp("wifi.png"));
	snprintf(svg, sizeof svg, "%s", path_in_tmp("wifi.svg"));
	cr_assert_eq(run(&out, &err, "qr", "encode", "--png", png, texts[2]), 0, "%s", err);
	cr_assert(strstr(err, "wifi.png"), "%s", err);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "qr", "decode", "--json", "--image", png), 0, "%s", err);
	j = cJSON_Parse(out);
	cr_assert_not_null(j, "%s", out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "format")), "wifi");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "ssid")), "Caf;e Ost");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "password")), "orchid tractor velvet");
	cJSON_Delete(j);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "qr", "encode", "--svg", svg, texts[0]), 0, "%s", err);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "qr", "encode", "--png", png, "--svg"), 2, "--svg without a file");
	free(out);
	free(err);
}

Test(qr_roundtrip, cli_image_errors)
{
	char *out = NULL, *err = NULL, blank[4200], path[4200];
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	ds_qr_matrix *m = ds_qr_matrix_new(40 - 2 * DS_QR_QUIET_ZONE);
	char msg[256];

	/* A PNG without a code: exit 1 and advice. */
	snprintf(blank, sizeof blank, "%s", path_in_tmp("blank.png"));
	cr_assert_eq(ds_qr_export_png(m, blank, 2, msg, sizeof msg), 0, "%s", msg);
	ds_qr_matrix_free(m);
	cr_assert_eq(run(&out, &err, "qr", "decode", "--image", blank, NULL), 1, "%s", err);
	cr_assert(strstr(err, "no QR code"), "%s", err);
	free(out);
	free(err);
	/* Not a picture: exit 2. */
	cr_assert_eq(run(&out, &err, "qr", "decode", "--image", src, NULL), 2, "%s", err);
	free(out);
	free(err);
	/* The photo of a label, as a person reads it. */
	snprintf(path, sizeof path, "%s/tests/fixtures/qr/label-photo.jpg", src);
	cr_assert_eq(run(&out, &err, "qr", "decode", "--image", path, NULL), 0, "%s", err);
	cr_assert(strstr(out, "Matter QR code"), "%s", out);
	cr_assert(strstr(out, "65521"), "%s", out);
	free(out);
	free(err);
}

Test(qr_roundtrip, cli_payload_from_stdin_and_vendor_code)
{
	const char *argv_stdin[] = { getenv("DOORSTEP_BIN"), "qr", "decode", "--json", "-", NULL };
	char *out = NULL, *err = NULL;
	cJSON *j;

	cr_assert_eq(ds_test_run(argv_stdin, "34970112332\n", &out, &err), 0, "%s", err);
	j = cJSON_Parse(out);
	cr_assert_eq(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "passcode")), 20202021);
	cJSON_Delete(j);
	free(out);
	free(err);
	/* A demo label: no built-in format, claimed by the demo plugin. */
	cr_assert_eq(run(&out, &err, "qr", "decode", "--json", "DSDEMO:1:PNL:DP100-7F3A21:49", NULL), 0, "%s", err);
	j = cJSON_Parse(out);
	cr_assert_not_null(j, "%s", out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "format")), "vendor");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "claimed_by")), "demo");
	cJSON_Delete(j);
	free(out);
	free(err);
	/* A damaged demo label: the plugin's own message, exit 2. */
	cr_assert_eq(run(&out, &err, "qr", "decode", "DSDEMO:1:PNL:DP100-7F3A21:48", NULL, NULL), 2, "%s", err);
	cr_assert(strstr(err, "demo"), "%s", err);
	free(out);
	free(err);
	/* Usage errors. */
	cr_assert_eq(run(&out, &err, "qr", NULL, NULL, NULL, NULL), 2);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "qr", "decode", "a", "b", NULL), 2);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "qr", "decode", "--help", NULL, NULL), 0);
	cr_assert(strstr(out, "--image"), "%s", out);
	free(out);
	free(err);
}
