/* QR codes on screen. */
#include "ui/toolkit/ui_qr.h"

#include "app/base/i18n.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_theme.h"

bool ui_qr_half_blocks(void)
{
	return ui_term_utf8();
}

/** Draws one ASCII line: a light module ("##") is a white cell pair, a dark one black. */
static void ui_qr_ascii_line(WINDOW *win, int y, int x, attr_t attr, const char *line, int cols)
{
	for (int i = 0; i < cols && line[i]; i++) {
		/* Spaces only: the colour is the module, so no glyph dims a light cell. */
		wattrset(win, line[i] == '#' ? attr | A_REVERSE : attr);
		mvwaddch(win, y, x + i, ' ');
	}
}

bool ui_qr_draw(WINDOW *win, ui_rect rect, const ui_qr_picture *r)
{
	attr_t attr = ui_theme_attr(UI_ROLE_QR);
	ui_rect at;

	if (ui_rect_empty(rect))
		return false;
	if (r->cols > rect.w || r->rows > rect.h) {
		const char *msg = _("This window is too small to show the QR code. Enlarge the window, or export "
				    "the code (PNG or SVG) and show that instead.");

		ui_draw_fill(win, rect, ui_theme_attr(UI_ROLE_NORMAL));
		at = ui_layout_inset(rect, 0, rect.w > 4 ? 1 : 0);
		ui_draw_wrapped(win, at, ui_theme_attr(UI_ROLE_WARN), msg, true);
		return false;
	}
	at = ui_layout_center(rect, r->rows, r->cols);
	for (int y = 0; y < r->rows; y++) {
		if (r->ascii) {
			ui_qr_ascii_line(win, at.y + y, at.x, attr, r->lines[y], r->cols);
		} else {
			wattrset(win, attr);
			mvwaddstr(win, at.y + y, at.x, r->lines[y]);
		}
	}
	wattrset(win, A_NORMAL);
	return true;
}
