/* Progress bars. */
#include "ui/toolkit/ui_progress.h"

#include <stdio.h>

#include "app/base/i18n.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"

void ui_progress_draw(WINDOW *win, int y, int x, int width, unsigned permille, attr_t attr)
{
	const ui_glyphs *g = ui_term_glyphs();
	char pct[32];
	int text_w, cells, i;
	unsigned long eighths;
	attr_t dim = ui_theme_attr(UI_ROLE_DIM);

	if (permille > 1000)
		permille = 1000;
	/* TRANSLATORS: a percentage after a progress bar. */
	snprintf(pct, sizeof pct, _("%3u%%"), permille / 10);
	text_w = ui_text_width(pct) + 1;
	if (width <= text_w) {
		ui_draw_text(win, y, x, width, attr, pct);
		return;
	}
	cells = width - text_w;
	eighths = (unsigned long)permille * (unsigned long)cells * 8 / 1000;
	for (i = 0; i < cells; i++) {
		unsigned long full = eighths / 8, part = eighths % 8;

		if ((unsigned long)i < full)
			ui_draw_text(win, y, x + i, 1, attr, g->bar_full);
		else if ((unsigned long)i == full && part > 0 && *g->bar_part[part])
			ui_draw_text(win, y, x + i, 1, attr, g->bar_part[part]);
		else
			ui_draw_text(win, y, x + i, 1, dim, g->bar_empty);
	}
	ui_draw_text(win, y, x + cells + 1, text_w - 1, attr, pct);
}
