/* A QR code on screen: draws the text lines of a ds_qr_render (made
 * without DS_QR_RENDER_ANSI) centred in a rectangle, in the QR theme role
 * (light modules white, dark ones black, on dark and light terminal themes
 * alike). When the rectangle is too small it draws a translated message
 * pointing to export instead of a broken code. */
#ifndef UI_QR_H
#define UI_QR_H

#include <curses.h>
#include <stdbool.h>

#include "app/qr/qr_render.h"
#include "ui/ui_layout.h"

/** The style codes are drawn in on this terminal: half blocks in a UTF-8 locale, ASCII otherwise. */
ds_qr_style ui_qr_style(void);
/** Draws r centred in rect and returns true; when r does not fit, clears
 *  rect, draws "too small: export the code instead" and returns false. */
bool ui_qr_draw(WINDOW *win, ui_rect rect, const ds_qr_render *r);

#endif
