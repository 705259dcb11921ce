/* Roles to attributes, colour or monochrome. */
#include "ui/toolkit/ui_theme.h"

static attr_t role_attr[UI_ROLE_COUNT];

/** One role's look: colours (foreground, background; -1 = terminal default)
 *  with attributes, and the attributes used without colour. */
typedef struct role_style {
	short fg, bg;
	attr_t color_attrs;
	attr_t mono_attrs;
} role_style;

static const role_style styles[UI_ROLE_COUNT] = {
	[UI_ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[UI_ROLE_TITLE] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[UI_ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[UI_ROLE_DIM] = { -1, -1, A_DIM, A_NORMAL },
	[UI_ROLE_KEY] = { -1, -1, A_BOLD, A_BOLD },
	[UI_ROLE_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[UI_ROLE_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[UI_ROLE_FAIL] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[UI_ROLE_BANNER] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[UI_ROLE_INPUT] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_UNDERLINE },
	[UI_ROLE_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[UI_ROLE_BAR] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	/* Bold makes the white bright on most terminals: more contrast for a camera. */
	[UI_ROLE_QR] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, A_NORMAL },
};

void ui_theme_init(bool color)
{
	bool defaults = false;
	short fg, bg;
	int i;

	if (color)
		defaults = use_default_colors() == OK;
	for (i = 0; i < UI_ROLE_COUNT; i++) {
		const role_style *st = &styles[i];

		if (!color) {
			role_attr[i] = st->mono_attrs;
			continue;
		}
		if (st->fg < 0 && st->bg < 0) {
			role_attr[i] = st->color_attrs;
			continue;
		}
		fg = st->fg;
		bg = st->bg;
		/* Without default colours, -1 means white on black. */
		if (fg < 0 && !defaults)
			fg = COLOR_WHITE;
		if (bg < 0 && !defaults)
			bg = COLOR_BLACK;
		init_pair((short)(i + 1), fg, bg);
		role_attr[i] = COLOR_PAIR(i + 1) | st->color_attrs;
	}
}

attr_t ui_theme_attr(ui_role role)
{
	if ((int)role < 0 || role >= UI_ROLE_COUNT)
		return A_NORMAL;
	return role_attr[role];
}
