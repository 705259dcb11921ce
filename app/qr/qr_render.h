/* A QR code as lines of terminal text, quiet zone included. Half blocks
 * draw two modules per cell (rows top and bottom); the ASCII fallback
 * draws a module as two characters. In both, the characters draw the
 * LIGHT modules and blanks are dark, so that the light modules are
 * painted explicitly: with DS_QR_RENDER_ANSI the lines also set white on
 * black, which reads dark-on-light on dark and on light terminal themes.
 * Never calls curses. */
#ifndef DS_QR_RENDER_H
#define DS_QR_RENDER_H

#include <stdbool.h>

#include "app/qr/qr_encode.h"

/** How modules become characters. */
typedef enum ds_qr_style {
	DS_QR_STYLE_HALF_BLOCKS = 0, /**< UTF-8: "█" "▀" "▄" " ", two rows of modules per line */
	DS_QR_STYLE_ASCII = 1,       /**< "##" light, "  " dark, one row of modules per line */
} ds_qr_style;

/** Options of ds_qr_render (bit flags). */
enum ds_qr_render_flags {
	DS_QR_RENDER_ANSI = 1u << 0, /**< add SGR colours (white light, black dark) and a reset per line */
};

/** Lines of text drawing one code. */
typedef struct ds_qr_render {
	ds_qr_style style;
	int cols;        /**< display columns of every line */
	int rows;        /**< number of lines */
	char **lines;    /**< rows NUL-terminated lines (UTF-8 or ASCII) */
} ds_qr_render;

/** The cells (*cols x *rows) a code of modules x modules needs in style, quiet zone included. */
void ds_qr_render_size(int modules, ds_qr_style style, int *cols, int *rows);
/** True when m drawn in style fits a cols x rows area. */
bool ds_qr_render_fits(const ds_qr_matrix *m, ds_qr_style style, int cols, int rows);
/** Draws m as text into new secure memory. NULL when out of memory. Free with ds_qr_render_free. */
ds_qr_render *ds_qr_render_text(const ds_qr_matrix *m, ds_qr_style style, unsigned flags);
/** Wipes and frees a render; NULL is fine. */
void ds_qr_render_free(ds_qr_render *r);

#endif
