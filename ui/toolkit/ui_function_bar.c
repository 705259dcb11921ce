/* The function bar. */
#include "ui/toolkit/ui_function_bar.h"

#include "app/base/i18n.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"

void ui_function_bar_draw(WINDOW *win, ui_rect r, const ui_key_hint *hints, size_t n)
{
	attr_t key_attr = ui_theme_attr(UI_ROLE_KEY), bar_attr = ui_theme_attr(UI_ROLE_BAR);
	int x = r.x, end = r.x + r.w, kw, aw;
	size_t i;

	if (ui_rect_empty(r))
		return;
	ui_draw_fill(win, ui_rect_make(r.y, r.x, 1, r.w), bar_attr);
	for (i = 0; i < n; i++) {
		const char *key = _(hints[i].key), *action = _(hints[i].action);

		kw = ui_text_width(key);
		aw = ui_text_width(action);
		/* key, a space, the action, two spaces before the next hint */
		if (x + kw + 1 + aw > end)
			break;
		ui_draw_text(win, r.y, x, kw, key_attr, key);
		ui_draw_text(win, r.y, x + kw + 1, aw, bar_attr, action);
		x += kw + 1 + aw + 2;
	}
}
