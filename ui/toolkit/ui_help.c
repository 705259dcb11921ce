/* The help overlay. */
#include "ui/toolkit/ui_help.h"

#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_key.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"

void ui_help_open(ui_help *h)
{
	h->open = true;
	h->offset = 0;
}

void ui_help_close(ui_help *h)
{
	h->open = false;
}

/** True when content line `line` (0-based) is scrolled into body; *y gets its row. */
static bool visible_row(const ui_help *h, ui_rect body, int line, int *y)
{
	if (line < h->offset || line >= h->offset + body.h)
		return false;
	*y = body.y + line - h->offset;
	return true;
}

void ui_help_draw(ui_help *h, WINDOW *win, ui_rect area, const ui_key_hint *hints,
		  size_t n, const char *text)
{
	ui_rect box, body;
	int key_w = 0, w, line = 0, y;
	size_t i, len, next;
	char close_hint[128];

	box = ui_layout_center(area, area.h - 2, area.w < 76 ? area.w - 4 : 72);
	if (box.h < 4 || box.w < 12)
		return;
	/* As tall as the content needs: frame, keys, blank, text, blank, frame. */
	line = (int)n + (text && *text ? (n > 0) + ui_text_wrap_count(text, box.w - 4) : 0);
	if (line + 3 < box.h)
		box = ui_layout_center(area, line + 3, box.w);
	line = 0;
	ui_draw_fill(win, box, ui_theme_attr(UI_ROLE_NORMAL));
	ui_draw_box(win, box, ui_theme_attr(UI_ROLE_NORMAL), _("Help"));
	body = ui_layout_inset(box, 1, 2);
	ui_layout_take_bottom(&body, 1);
	snprintf(close_hint, sizeof close_hint, " %s ", _("Esc: close"));
	ui_draw_text_right(win, box.y + box.h - 1, box.x + 2, box.w - 4,
			   ui_theme_attr(UI_ROLE_DIM), close_hint);
	for (i = 0; i < n; i++) {
		w = ui_text_width(_(hints[i].key));
		if (w > key_w)
			key_w = w;
	}
	if (key_w > body.w / 3)
		key_w = body.w / 3;
	for (i = 0; i < n; i++, line++) {
		if (!visible_row(h, body, line, &y))
			continue;
		ui_draw_text(win, y, body.x, key_w, ui_theme_attr(UI_ROLE_KEY), _(hints[i].key));
		ui_draw_text(win, y, body.x + key_w + 2, body.w - key_w - 2,
			     ui_theme_attr(UI_ROLE_NORMAL), _(hints[i].action));
	}
	if (text && *text) {
		if (n > 0)
			line++; /* a blank line between keys and text */
		while (*text) {
			len = ui_text_wrap_line(text, body.w, &next);
			if (visible_row(h, body, line, &y)) {
				char buf[512];

				if (len >= sizeof buf)
					len = sizeof buf - 1;
				memcpy(buf, text, len);
				buf[len] = '\0';
				ui_draw_text(win, y, body.x, body.w, ui_theme_attr(UI_ROLE_NORMAL), buf);
			}
			line++;
			text += next;
		}
	}
	h->lines = line;
	h->visible = body.h;
}

int ui_help_key(ui_help *h, int key, wint_t wch, bool is_function_key)
{
	int old = h->offset, max = h->lines - h->visible;

	(void)wch;
	if (ui_key_is_char(key, is_function_key, UI_KEY_ESC) || ui_key_is_char(key, is_function_key, 'q') ||
	    ui_key_is_char(key, is_function_key, '?') || ui_key_is_fn(key, is_function_key, KEY_F(1))) {
		ui_help_close(h);
		return UI_HANDLED | UI_REDRAW;
	}
	if (is_function_key) {
		switch (key) {
		case KEY_UP:
			h->offset--;
			break;
		case KEY_DOWN:
			h->offset++;
			break;
		case KEY_PPAGE:
			h->offset -= h->visible;
			break;
		case KEY_NPAGE:
			h->offset += h->visible;
			break;
		case KEY_HOME:
			h->offset = 0;
			break;
		case KEY_END:
			h->offset = max;
			break;
		default:
			break;
		}
	}
	if (h->offset > max)
		h->offset = max;
	if (h->offset < 0)
		h->offset = 0;
	return h->offset != old ? UI_HANDLED | UI_REDRAW : UI_HANDLED;
}
