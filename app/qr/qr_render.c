/* QR codes as terminal text. */
#include "app/qr/qr_render.h"

#include <string.h>

#include "app/base/secret.h"

/** Half-block glyphs by (top light, bottom light): index top * 2 + bottom. */
static const char *const ds_render_half[4] = {
	[0] = " ",            /* both dark */
	[1] = "\u2584",       /* ▄ bottom light */
	[2] = "\u2580",       /* ▀ top light */
	[3] = "\u2588",       /* █ both light */
};

/** SGR sequences. */
#define DS_SGR_LIGHT_ON_DARK "\033[1;97;40m" /* half blocks: glyphs white, background black */
#define DS_SGR_ASCII_LIGHT "\033[97;107m"    /* ASCII: a light module is a white cell */
#define DS_SGR_ASCII_DARK "\033[30;40m"      /* ASCII: a dark module is a black cell */
#define DS_SGR_RESET "\033[0m"

/** Longest bytes one module column can take (an SGR switch and a glyph). */
#define DS_RENDER_CELL_MAX 16

void ds_qr_render_size(int modules, ds_qr_style style, int *cols, int *rows)
{
	int side = modules + 2 * DS_QR_QUIET_ZONE;

	if (style == DS_QR_STYLE_ASCII) {
		*cols = 2 * side;
		*rows = side;
	} else {
		*cols = side;
		*rows = (side + 1) / 2;
	}
}

bool ds_qr_render_fits(const ds_qr_matrix *m, ds_qr_style style, int cols, int rows)
{
	int need_cols, need_rows;

	ds_qr_render_size(m->size, style, &need_cols, &need_rows);
	return need_cols <= cols && need_rows <= rows;
}

/** True when the module at (x, y) of the quiet-zoned picture is light. */
static bool ds_render_light(const ds_qr_matrix *m, int x, int y)
{
	return !ds_qr_matrix_dark(m, x - DS_QR_QUIET_ZONE, y - DS_QR_QUIET_ZONE);
}

/** Appends n bytes of s at *o. */
static void ds_render_put(char *line, size_t *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(line + *o, s, n);
	*o += n;
}

/** Writes one line of half blocks (picture rows 2*row and 2*row + 1). */
static void ds_render_half_line(const ds_qr_matrix *m, int row, int cols, bool ansi, char *line)
{
	size_t o = 0;

	if (ansi)
		ds_render_put(line, &o, DS_SGR_LIGHT_ON_DARK);
	for (int x = 0; x < cols; x++) {
		/* Below the picture (an odd number of rows) counts as quiet zone: light. */
		int top = ds_render_light(m, x, 2 * row);
		int bottom = ds_render_light(m, x, 2 * row + 1);

		ds_render_put(line, &o, ds_render_half[top * 2 + bottom]);
	}
	if (ansi)
		ds_render_put(line, &o, DS_SGR_RESET);
	line[o] = '\0';
}

/** Writes one line of ASCII (picture row row). */
static void ds_render_ascii_line(const ds_qr_matrix *m, int row, int side, bool ansi, char *line)
{
	size_t o = 0;
	int state = -1;

	for (int x = 0; x < side; x++) {
		int light = ds_render_light(m, x, row);

		if (ansi && light != state)
			ds_render_put(line, &o, light ? DS_SGR_ASCII_LIGHT : DS_SGR_ASCII_DARK);
		state = light;
		ds_render_put(line, &o, light ? "##" : "  ");
	}
	if (ansi)
		ds_render_put(line, &o, DS_SGR_RESET);
	line[o] = '\0';
}

ds_qr_render *ds_qr_render_text(const ds_qr_matrix *m, ds_qr_style style, unsigned flags)
{
	bool ansi = (flags & DS_QR_RENDER_ANSI) != 0;
	int side = m->size + 2 * DS_QR_QUIET_ZONE, cols, rows;
	size_t line_max, total;
	ds_qr_render *r;
	char *text;

	ds_qr_render_size(m->size, style, &cols, &rows);
	line_max = (size_t)side * DS_RENDER_CELL_MAX + 2 * sizeof DS_SGR_RESET + sizeof DS_SGR_LIGHT_ON_DARK + 1;
	total = sizeof *r + (size_t)rows * sizeof(char *) + (size_t)rows * line_max;
	/* sodium_malloc places the block against its guard page: a size that is
	 * a multiple of 16 keeps the struct at its head aligned. */
	total = (total + 15) & ~(size_t)15;
	r = ds_secret_alloc(total);
	if (!r)
		return NULL;
	r->style = style;
	r->cols = cols;
	r->rows = rows;
	r->lines = (char **)(r + 1);
	text = (char *)(r->lines + rows);
	for (int y = 0; y < rows; y++) {
		r->lines[y] = text + (size_t)y * line_max;
		if (style == DS_QR_STYLE_ASCII)
			ds_render_ascii_line(m, y, side, ansi, r->lines[y]);
		else
			ds_render_half_line(m, y, cols, ansi, r->lines[y]);
	}
	return r;
}

void ds_qr_render_free(ds_qr_render *r)
{
	ds_secret_free(r);
}
