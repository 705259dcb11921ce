/* The status line. */
#include "ui/toolkit/ui_status_line.h"

#include <stdarg.h>
#include <stdio.h>

#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_theme.h"

void ui_status_line_set(ui_status_line *sl, ui_level level, int ttl_ms, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sl->text, sizeof sl->text, fmt, ap);
	va_end(ap);
	sl->level = level;
	sl->expires_ms = ttl_ms > 0 ? ui_term_now_ms() + ttl_ms : 0;
}

void ui_status_line_clear(ui_status_line *sl)
{
	sl->text[0] = '\0';
	sl->level = UI_LEVEL_INFO;
	sl->expires_ms = 0;
}

bool ui_status_line_expire(ui_status_line *sl, int64_t now_ms)
{
	if (sl->text[0] == '\0' || sl->expires_ms == 0 || now_ms < sl->expires_ms)
		return false;
	ui_status_line_clear(sl);
	return true;
}

void ui_status_line_draw(const ui_status_line *sl, WINDOW *win, ui_rect r)
{
	const ui_glyphs *g = ui_term_glyphs();
	const char *mark = NULL;
	ui_role role = UI_ROLE_NORMAL;
	int x = r.x + 1;

	if (ui_rect_empty(r) || sl->text[0] == '\0')
		return;
	switch (sl->level) {
	case UI_LEVEL_OK:
		mark = g->ok, role = UI_ROLE_OK;
		break;
	case UI_LEVEL_WARN:
		mark = g->warn, role = UI_ROLE_WARN;
		break;
	case UI_LEVEL_FAIL:
		mark = g->fail, role = UI_ROLE_FAIL;
		break;
	case UI_LEVEL_INFO:
		break;
	}
	if (mark) {
		ui_draw_text(win, r.y, x, 1, ui_theme_attr(role), mark);
		x += 2;
	}
	ui_draw_text(win, r.y, x, r.x + r.w - x, ui_theme_attr(role), sl->text);
}
