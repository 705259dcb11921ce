/* A QR code shown over a step's content. */
#include "ui/wizard/wizard_qr_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/paths.h"
#include "app/base/secret.h"
#include "app/qr/qr_export.h"
#include "app/qr/qr_render.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_qr.h"
#include "ui/toolkit/ui_theme.h"

struct ds_qr_view {
	ds_wizard *w;
	bool open;
	char title[128];
	char caption[512];
	char export_name[128];   /**< "" when export is not allowed */
	char exported[4096];     /**< the last file written, "" when none */
	ui_rect area;            /**< where it is drawn (the step's content) */
	ds_qr_matrix *matrix;    /**< secure memory */
	ds_qr_render *render;    /**< secure memory */
};

ds_qr_view *ds_qr_view_new(ds_wizard *w)
{
	ds_qr_view *v = calloc(1, sizeof *v);

	if (v)
		v->w = w;
	return v;
}

void ds_qr_view_close(ds_qr_view *v)
{
	if (!v)
		return;
	ds_qr_render_free(v->render);
	ds_qr_matrix_free(v->matrix);
	v->render = NULL;
	v->matrix = NULL;
	v->open = false;
	v->exported[0] = '\0';
}

/** Frees it, wiping the code. NULL is fine. */
static void qr_view_free(void *state)
{
	ds_qr_view *v = state;

	ds_qr_view_close(v);
	free(v);
}

bool ds_qr_view_open(ds_qr_view *v, const char *title, const char *caption, const char *text, size_t len,
		     const char *export_name)
{
	char msg[512];

	ds_qr_view_close(v);
	v->matrix = ds_qr_encode(text, len, DS_QR_ECC_M, msg, sizeof msg);
	if (!v->matrix) {
		ds_wizard_status(v->w, UI_LEVEL_FAIL, "%s", msg);
		return false;
	}
	v->render = ds_qr_render_text(v->matrix, ui_qr_half_blocks() ? DS_QR_STYLE_HALF_BLOCKS : DS_QR_STYLE_ASCII, 0);
	if (!v->render) {
		ds_qr_view_close(v);
		ds_wizard_status(v->w, UI_LEVEL_FAIL, "%s", _("Out of memory: the QR code cannot be shown."));
		return false;
	}
	snprintf(v->title, sizeof v->title, "%s", title);
	snprintf(v->caption, sizeof v->caption, "%s", caption);
	snprintf(v->export_name, sizeof v->export_name, "%s", export_name ? export_name : "");
	v->open = true;
	return true;
}

/** True while shown. */
static bool qr_view_is_open(const void *state)
{
	const ds_qr_view *v = state;

	return v && v->open;
}

/** Takes the step's content rect to draw over. */
static void qr_view_layout(void *state, ui_rect rect)
{
	ds_qr_view *v = state;

	v->area = rect;
}

/** Paints the view over its area. */
static void qr_view_draw(void *state, WINDOW *win)
{
	ds_qr_view *v = state;
	ui_rect rect = v->area;
	ui_rect body = ui_layout_inset(rect, 0, 1);
	ui_rect title, caption, foot;
	char line[4200];
	ui_qr_picture pic;

	if (!v->open)
		return;
	pic = (ui_qr_picture){ .ascii = v->render->style == DS_QR_STYLE_ASCII,
			       .cols = v->render->cols,
			       .rows = v->render->rows,
			       .lines = (const char *const *)v->render->lines };
	ui_draw_fill(win, rect, ui_theme_attr(UI_ROLE_NORMAL));
	title = ui_layout_take_top(&body, 1);
	caption = ui_layout_take_top(&body, 2);
	foot = ui_layout_take_bottom(&body, 1);
	ui_draw_text(win, title.y, title.x, title.w, ui_theme_attr(UI_ROLE_TITLE), v->title);
	ui_draw_wrapped(win, caption, ui_theme_attr(UI_ROLE_DIM), v->caption, false);
	if (v->exported[0])
		snprintf(line, sizeof line, _("Written to %s"), v->exported);
	else if (v->export_name[0])
		snprintf(line, sizeof line, "%s", _("Esc closes. x writes the code to a PNG file (to print or send)."));
	else
		snprintf(line, sizeof line, "%s", _("Esc closes."));
	ui_draw_text(win, foot.y, foot.x, foot.w, ui_theme_attr(v->exported[0] ? UI_ROLE_OK : UI_ROLE_DIM), line);
	ui_qr_draw(win, body, &pic);
}

/** Writes the code to <state>/reports/<export_name>. */
static void qr_view_export(ds_qr_view *v)
{
	char dir[4096], path[4096], msg[512];
	int n;

	if (ds_paths_state_dir(dir, sizeof dir) < 0) {
		ds_wizard_status(v->w, UI_LEVEL_FAIL, "%s", _("No place to write the file: set HOME or XDG_STATE_HOME."));
		return;
	}
	n = snprintf(path, sizeof path, "%s/reports", dir);
	if (n < 0 || (size_t)n >= sizeof path || ds_paths_mkdir_p(path) < 0) {
		ds_wizard_status(v->w, UI_LEVEL_FAIL, _("The folder %s cannot be created. Check its permissions."), path);
		return;
	}
	n = snprintf(path, sizeof path, "%s/reports/%s", dir, v->export_name);
	if (n < 0 || (size_t)n >= sizeof path) {
		ds_wizard_status(v->w, UI_LEVEL_FAIL, "%s", _("The file name is too long."));
		return;
	}
	if (ds_qr_export_png(v->matrix, path, DS_QR_EXPORT_SCALE, msg, sizeof msg) < 0) {
		ds_wizard_status(v->w, UI_LEVEL_FAIL, "%s", msg);
		return;
	}
	snprintf(v->exported, sizeof v->exported, "%s", path);
	ds_wizard_status(v->w, UI_LEVEL_OK, _("QR code written to %s"), path);
}

/** Keys while open: Esc, Enter or q closes; x exports (when allowed). Flags. */
static int qr_view_key(void *state, int key, wint_t wch, bool fn)
{
	ds_qr_view *v = state;

	(void)wch;
	if (!v->open)
		return UI_IGNORED;
	if (ui_key_is_char(key, fn, UI_KEY_ESC) || ui_key_is_enter(key, fn) || ui_key_is_char(key, fn, 'q')) {
		ds_qr_view_close(v);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (v->export_name[0] && ui_key_is_char(key, fn, 'x')) {
		qr_view_export(v);
		return UI_HANDLED | UI_REDRAW;
	}
	/* Every other key is swallowed while the code is shown. */
	return UI_HANDLED;
}

/** Key hints while open. */
static const ui_key_hint *qr_view_hints(const void *state, size_t *n)
{
	static const ui_key_hint with_export[] = {
		{ N_("Esc"), N_("Close") }, { N_("x"), N_("Export PNG") },
	};
	static const ui_key_hint without[] = {
		{ N_("Esc"), N_("Close") },
	};
	const ds_qr_view *v = state;

	if (v->export_name[0]) {
		*n = sizeof with_export / sizeof with_export[0];
		return with_export;
	}
	*n = sizeof without / sizeof without[0];
	return without;
}

const ds_panel_class ds_qr_view_class = {
	.name = "qr-view",
	.free = qr_view_free,
	.is_open = qr_view_is_open,
	.layout = qr_view_layout,
	.draw = qr_view_draw,
	.key = qr_view_key,
	.hints = qr_view_hints,
};
