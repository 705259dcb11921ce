/* A QR code on screen: draws a code already drawn as lines of text (half
 * blocks or "##" pairs, light modules as glyphs) centred in a rectangle, in the QR theme role
 * (light modules white, dark ones black, on dark and light terminal themes
 * alike). When the rectangle is too small it draws a translated message
 * pointing to export instead of a broken code. */
#ifndef UI_QR_H
#define UI_QR_H

#include <curses.h>
#include <stdbool.h>

#include "ui/toolkit/ui_layout.h"

/** A code drawn as text, as the QR service renders it (without colours). */
typedef struct ui_qr_picture {
	bool ascii;              /**< "##" is a light module, "  " a dark one; else half blocks */
	int cols;                /**< display columns of every line */
	int rows;                /**< number of lines */
	const char *const *lines;
} ui_qr_picture;

/** True when codes are drawn in half blocks on this terminal (a UTF-8
 *  locale); false: in ASCII. */
bool ui_qr_half_blocks(void);
/** Draws pic centred in rect and returns true; when it does not fit, clears
 *  rect, draws "too small: export the code instead" and returns false. */
bool ui_qr_draw(WINDOW *win, ui_rect rect, const ui_qr_picture *pic);

#endif
