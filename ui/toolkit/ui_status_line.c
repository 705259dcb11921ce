/* The status line. */
#include "ui/toolkit/ui_status_line.h"

#include <stdarg.h>
#include <stdio.h>

#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
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

/** Most rows a message wraps to. */
#define STATUS_MAX_ROWS 3

/** Columns before the message's text: a space, and the mark with a space after it. */
static int text_indent(const ui_status_line *sl)
{
	return sl->level == UI_LEVEL_INFO ? 1 : 3;
}

int ui_status_line_rows(const ui_status_line *sl, int width)
{
	int w = width - text_indent(sl), n;

	if (sl->text[0] == '\0' || w < 1)
		return 1;
	n = ui_text_wrap_count(sl->text, w);
	return n > STATUS_MAX_ROWS ? STATUS_MAX_ROWS : n;
}

void ui_status_line_draw(const ui_status_line *sl, WINDOW *win, ui_rect r)
{
	const ui_glyphs *g = ui_term_glyphs();
	const char *mark = NULL;
	ui_role role = UI_ROLE_NORMAL;
	int x = r.x + text_indent(sl);

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
	if (mark)
		ui_draw_text(win, r.y, r.x + 1, 1, ui_theme_attr(role), mark);
	ui_draw_wrapped(win, ui_rect_make(r.y, x, r.h, r.x + r.w - x), ui_theme_attr(role), sl->text, false);
}
