/* Step Diagnostics: every device's checks run in the background, and each
 * result appears as it arrives under its device (waiting, checking, done);
 * this laptop's network checks run at the same time, each shown pending,
 * running, then with its grade; a progress bar above covers both.
 * Selecting a row shows its value and advice below the list. Esc stops a
 * run, r runs the checks again; finished results are stored in the site.
 * The run is app/core/diag_run.c; the rows are diagnostics_model.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/core/check_grade.h"
#include "ui/wizard/diagnostics_fix.h"
#include "ui/wizard/diagnostics_model.h"
#include "ui/wizard/wizard_step_parts.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_list.h"
#include "ui/toolkit/ui_progress.h"
#include "ui/wizard/wizard.h"

/** Button ids. */
enum { DIAG_RERUN = 1, DIAG_CONTINUE };

/** State of the Diagnostics screen. */
typedef struct diag_screen {
	ds_wizard *w;
	ds_site *site;           /* the site the results belong to */
	ds_diag_model model;
	ui_list *list;
	int *rows;               /* per list row: check index, -1 - device index, or a DIAG_NET_ROW */
	ui_form *buttons;
	bool on_buttons;
	ds_diag_fix fix; /* the repair a check offers, while it runs */
	ui_rect title_r, header_r, bar_r, list_r, detail_r, buttons_r;
} diag_screen;

static const ui_key_hint diag_hints[] = {
	{ N_("Up/Down"), N_("Select") }, { N_("r"), N_("Run again") }, { N_("Enter"), N_("Continue") },
	{ N_("Esc"), N_("Back") },
};

static const ui_key_hint diag_running_hints[] = {
	{ N_("Up/Down"), N_("Select") }, { N_("Esc"), N_("Stop the checks") }, { N_("Enter"), N_("Continue") },
};

/** The list row key of a device row. */
#define DIAG_DEVICE_ROW(d) (-1 - (int)(d))
/** The list row key of a laptop check without a result yet (index into model.net). */
#define DIAG_NET_ROW(i) (-1000000 - (int)(i))
/** True for a DIAG_NET_ROW key. */
#define DIAG_IS_NET_ROW(k) ((k) <= -1000000)

/** Adds the list row of one result (check index c); returns the row count. */
static int diag_add_result(diag_screen *s, int n, size_t c)
{
	const ds_check *check = &s->model.checks[c].check;
	char text[4 * DS_NAME_MAX];
	ui_role role;

	if (check->fix[0]) /* the repair offered, on the row */
		snprintf(text, sizeof text, "  %s %s  [f: %s]", ds_step_grade_mark(check->grade, &role), check->title,
			 check->fix_title[0] ? check->fix_title : _("repair"));
	else
		snprintf(text, sizeof text, "  %s %s", ds_step_grade_mark(check->grade, &role), check->title);
	ui_list_add(s->list, text, role);
	ui_list_set_status(s->list, n, check->value[0] ? check->value : ds_check_grade_word(check->grade), role);
	s->rows[n] = (int)c;
	return n + 1;
}

/** Adds the laptop's rows in suite order: a result, or the check's state. */
static int diag_add_laptop(diag_screen *s, int n)
{
	const ds_diag_model *m = &s->model;
	char text[2 * DS_NAME_MAX];
	ui_role role;

	for (size_t i = 0; i < m->n_net; i++) {
		const ds_diag_laptop_check *c = &m->net[i].check;

		if (m->net[i].result != SIZE_MAX) {
			n = diag_add_result(s, n, m->net[i].result);
			continue;
		}
		snprintf(text, sizeof text, "  %s %s", c->state == DS_DIAG_LAPTOP_RUNNING ? "…" : "·", c->title);
		ui_list_add(s->list, text, UI_ROLE_DIM);
		ui_list_set_status(s->list, n, ds_diag_net_state_word(c->state, &role), role);
		s->rows[n++] = DIAG_NET_ROW(i);
	}
	return n;
}

/** Rebuilds the list rows from the model, keeping the selected row. */
static void diag_rebuild(diag_screen *s)
{
	const ds_diag_model *m = &s->model;
	int sel = ui_list_selected(s->list), key = sel >= 0 && s->rows ? s->rows[sel] : DIAG_DEVICE_ROW(0);
	int *rows = realloc(s->rows, (m->n_devices + m->n_checks + m->n_net + 1) * sizeof *rows);
	int n = 0;
	ui_role role;

	if (!rows)
		return;
	s->rows = rows;
	ui_list_clear(s->list);
	for (size_t d = 0; d < m->n_devices; d++) {
		const ds_diag_device *dev = &m->devices[d];

		ui_list_add(s->list, dev->name, UI_ROLE_TITLE);
		ui_list_set_status(s->list, n, ds_diag_state_word(dev->state, &role), role);
		rows[n++] = DIAG_DEVICE_ROW(d);
		if ((long)d == m->laptop && m->n_net) {
			n = diag_add_laptop(s, n);
			continue;
		}
		for (size_t c = 0; c < m->n_checks; c++)
			if (m->checks[c].device == d)
				n = diag_add_result(s, n, c);
	}
	for (int i = 0; i < n; i++)
		if (rows[i] == key)
			sel = i;
	ui_list_select(s->list, sel);
}

/** Starts a run on the site's devices and shows it. */
static void diag_start(diag_screen *s)
{
	if (s->model.run) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", _("The checks are still running. Press Esc to stop them first."));
		return;
	}
	if (ds_diag_model_start(&s->model, s->w->session, ds_wizard_site(s->w)) < 0) {
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s",
				 _("The checks could not be started (out of memory). Close other programs and press r."));
		return;
	}
	if (s->model.net_error[0])
		ds_wizard_status(s->w, UI_LEVEL_WARN, _("The laptop's network checks cannot run: %s The devices are checked."),
				 s->model.net_error);
	else
		ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("Running the checks; the results appear as they come in."));
	diag_rebuild(s);
}

/** Stores a finished run in the site and says how it went. */
static void diag_finished(diag_screen *s)
{
	ds_site *site = ds_wizard_site(s->w);
	size_t pass, warn, fail;
	char counts[256];

	ds_diag_model_counts(&s->model, &pass, &warn, &fail);
	ds_diag_model_counts_text(&s->model, counts, sizeof counts);
	if (s->model.status == DS_ERR_CANCELLED) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("Diagnostics stopped. The results so far are shown but not saved; press r to run them again."));
		return;
	}
	if (s->model.status != DS_OK) {
		ds_wizard_status(s->w, UI_LEVEL_FAIL, _("The checks did not finish: %s Press r to run them again."),
				 s->model.message[0] ? s->model.message : ds_status_str(s->model.status));
		return;
	}
	if (ds_diag_model_store(&s->model, site) < 0) {
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("Out of memory: close other programs and try again."));
		return;
	}
	if (!ds_wizard_save(s->w))
		return;
	ds_wizard_status(s->w, fail ? UI_LEVEL_FAIL : warn ? UI_LEVEL_WARN : UI_LEVEL_OK,
			 _("Diagnostics finished: %s. Select a result to read its advice."), counts);
}

/** The step is shown: run the checks if they never ran, else show the stored results. */
static void diag_enter(void *state)
{
	diag_screen *s = state;
	ds_site *site = ds_wizard_site(s->w);

	if (!site)
		return;
	if (site != s->site) {
		ds_diag_model_reset(&s->model);
		s->site = site;
	}
	if (s->model.run)
		return;
	if (!site->diagnostics_at[0])
		diag_start(s);
	else if (!s->model.finished)
		ds_diag_model_load(&s->model, site);
	diag_rebuild(s);
}

/** Places title, progress header, list, detail pane and buttons. */
static void diag_layout(void *state, ui_rect r)
{
	diag_screen *s = state;
	ui_rect rest = ui_layout_inset(r, 0, 1);

	s->title_r = ui_layout_take_top(&rest, 1);
	s->header_r = ui_layout_take_top(&rest, 1);
	s->bar_r = ui_layout_take_top(&rest, 1);
	ui_layout_take_top(&rest, 1);
	s->buttons_r = ui_layout_take_bottom(&rest, 1);
	ui_layout_take_bottom(&rest, 1);
	s->detail_r = ui_layout_take_bottom(&rest, rest.h > 12 ? 6 : 5);
	s->list_r = rest;
	ui_list_layout(s->list, s->list_r);
	ui_form_layout(s->buttons, s->buttons_r);
}

/** Draws the header: what runs now with a bar, or how the last run ended. */
static void diag_draw_header(diag_screen *s, WINDOW *win)
{
	const ds_diag_model *m = &s->model;
	size_t pass, warn, fail;
	char text[600], counts[256];
	ui_role role = UI_ROLE_WARN;
	int used;

	ds_diag_model_counts(m, &pass, &warn, &fail);
	if (m->run) {
		role = UI_ROLE_NORMAL;
		if (m->net_progress[0] && m->progress[0])
			snprintf(text, sizeof text, "%s · %s", m->progress, m->net_progress);
		else
			snprintf(text, sizeof text, "%s", m->progress[0] ? m->progress : m->net_progress);
	} else if (m->finished) {
		role = fail ? UI_ROLE_FAIL : warn ? UI_ROLE_WARN : UI_ROLE_OK;
		ds_diag_model_counts_text(m, counts, sizeof counts);
		snprintf(text, sizeof text, _("Finished: %s."), counts);
	} else {
		snprintf(text, sizeof text, "%s", _("The checks did not finish. Press r to run them again."));
	}
	used = ui_draw_text(win, s->header_r.y, s->header_r.x, s->header_r.w, ui_theme_attr(role), text);
	if (m->run && m->detail[0] && used + 3 < s->header_r.w)
		ui_draw_text(win, s->header_r.y, s->header_r.x + used + 3, s->header_r.w - used - 3,
			     ui_theme_attr(UI_ROLE_DIM), m->detail);
	if (m->run || m->finished)
		ui_progress_draw(win, s->bar_r.y, s->bar_r.x, s->bar_r.w, m->run ? m->permille : 1000,
				 ui_theme_attr(UI_ROLE_OK));
}

/** Draws the detail pane: the selected check's value and advice, or the device's state. */
static void diag_draw_detail(diag_screen *s, WINDOW *win)
{
	const ds_diag_model *m = &s->model;
	int sel = ui_list_selected(s->list);
	ui_rect r = s->detail_r;
	char text[1024];
	ui_role role;

	if (sel < 0 || r.h < 2)
		return;
	ui_draw_hline(win, r.y, r.x, r.w, ui_theme_attr(UI_ROLE_DIM));
	if (DIAG_IS_NET_ROW(s->rows[sel])) {
		size_t i = (size_t)(-1000000 - s->rows[sel]);
		const ds_diag_laptop_check *c = &m->net[i < m->n_net ? i : 0].check;

		ui_draw_text(win, r.y + 1, r.x, r.w, ui_theme_attr(UI_ROLE_TITLE), c->title);
		snprintf(text, sizeof text,
			 P_("Waiting for %s to answer; this check gives up after %u second.",
			    "Waiting for %s to answer; this check gives up after %u seconds.", m->net_timeout_s),
			 c->target, m->net_timeout_s);
		ui_draw_wrapped(win, ui_rect_make(r.y + 2, r.x, r.h - 2, r.w), ui_theme_attr(UI_ROLE_NORMAL), text, false);
		return;
	}
	if (s->rows[sel] >= 0) {
		const ds_check *c = &m->checks[s->rows[sel]].check;

		snprintf(text, sizeof text, "%s %s: %s%s%s", ds_step_grade_mark(c->grade, &role), c->title,
			 ds_check_grade_word(c->grade), c->value[0] ? " · " : "", c->value);
		ui_draw_text(win, r.y + 1, r.x, r.w, ui_theme_attr(role), text);
		if (c->fix[0] && r.h > 3) {
			snprintf(text, sizeof text, _("f: %s"), c->fix_title[0] ? c->fix_title : c->title);
			ui_draw_text(win, r.y + r.h - 1, r.x, r.w, ui_theme_attr(UI_ROLE_WARN), text);
			r.h--;
		}
		ui_draw_wrapped(win, ui_rect_make(r.y + 2, r.x, r.h - 2, r.w), ui_theme_attr(UI_ROLE_NORMAL),
				c->advice[0] ? c->advice : _("No advice: nothing to do."), false);
		return;
	}
	const ds_diag_device *d = &m->devices[-1 - s->rows[sel]];

	if (d->serial[0])
		snprintf(text, sizeof text, "%s (%s)", d->name, d->serial);
	else
		snprintf(text, sizeof text, "%s", d->name);
	ui_draw_text(win, r.y + 1, r.x, r.w, ui_theme_attr(UI_ROLE_TITLE), text);
	ds_diag_device_text(d, text, sizeof text);
	ui_draw_wrapped(win, ui_rect_make(r.y + 2, r.x, r.h - 2, r.w), ui_theme_attr(UI_ROLE_NORMAL), text, false);
}

/** Paints the screen. */
static void diag_draw(void *state, WINDOW *win)
{
	diag_screen *s = state;

	ui_draw_text(win, s->title_r.y, s->title_r.x, s->title_r.w, ui_theme_attr(UI_ROLE_TITLE),
		     _("Network diagnostics"));
	diag_draw_header(s, win);
	ui_list_draw(s->list, win, !s->on_buttons);
	diag_draw_detail(s, win);
	ui_form_draw(s->buttons, win, s->on_buttons);
}

/** Keys: the list, the buttons, then Esc, r and Enter. */
static int diag_key(void *state, int key, wint_t wch, bool fn)
{
	diag_screen *s = state;
	int flags, activated = -1;

	flags = s->on_buttons ? UI_IGNORED : ui_list_key(s->list, key, wch, fn);
	if (flags != UI_IGNORED)
		return flags;
	flags = ds_step_focus_key(s->buttons, &s->on_buttons, DIAG_RERUN, DIAG_CONTINUE, key, wch, fn, &activated);
	if (!(flags & UI_ACTIVATE) && (flags & UI_HANDLED))
		return flags;
	if (ui_key_is_char(key, fn, 'f')) {
		int sel = ui_list_selected(s->list);

		if (sel >= 0 && s->rows && s->rows[sel] >= 0)
			ds_diag_fix_start(s->w, &s->fix, &s->model, (size_t)s->rows[sel]);
		else
			ds_wizard_status(s->w, UI_LEVEL_INFO, "%s",
					 _("Select a check that offers a repair ([f: ...]) first."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (activated == DIAG_RERUN || ui_key_is_char(key, fn, 'r')) {
		diag_start(s);
		return UI_HANDLED | UI_REDRAW;
	}
	if (activated == DIAG_CONTINUE || ui_key_is_enter(key, fn)) {
		ds_wizard_next(s->w);
		return UI_HANDLED | UI_REDRAW;
	}
	if (ui_key_is_char(key, fn, UI_KEY_ESC) && s->model.run) {
		ds_diag_model_cancel(&s->model);
		ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("Stopping the checks…"));
		return UI_HANDLED | UI_REDRAW;
	}
	return UI_IGNORED;
}

/** Job events: progress, results and the end of this screen's runs. */
static int diag_event(void *state, ds_event *ev)
{
	diag_screen *s = state;

	if (ds_diag_fix_event(s->w, &s->fix, &s->model, ev)) {
		diag_rebuild(s);
		return UI_HANDLED | UI_REDRAW;
	}
	switch (ds_diag_model_event(&s->model, ev)) {
	case DS_DIAG_IGNORED:
		return UI_IGNORED;
	case DS_DIAG_FINISHED:
		diag_finished(s);
		break;
	case DS_DIAG_CHANGED:
		break;
	}
	diag_rebuild(s);
	return UI_REDRAW;
}

/** The function bar. */
static const ui_key_hint *diag_hints_for(void *state, size_t *n)
{
	diag_screen *s = state;

	if (s->model.run) {
		*n = sizeof diag_running_hints / sizeof diag_running_hints[0];
		return diag_running_hints;
	}
	*n = sizeof diag_hints / sizeof diag_hints[0];
	return diag_hints;
}

/** The help paragraph. */
static const char *diag_help(void *state)
{
	(void)state;
	return _("Each device checks what the alarm system needs to work: the mobile and radio links, the "
		 "connection to the alarm service, batteries and tamper switches. This laptop checks at the same "
		 "time that it reaches the alarm cloud and the internet: name look-up, connection, certificate, "
		 "answer, speed, its clock, IPv4 and IPv6, and whether the network shows a sign-in page. The checks "
		 "run by themselves when you first open this step, and each result appears as it arrives: a tick "
		 "means it passed, ! is a "
		 "warning to look at, and a cross is a failure to fix before you leave. Select a result to read what "
		 "it means and what to do. Esc stops a run, r runs every check again (for example after you moved a "
		 "sensor or replaced a battery), Enter goes on to the summary. A check that the device can repair "
		 "itself (a camera's clock) shows [f: ...] on its row: select it and press f; the device's checks "
		 "run again afterwards.");
}

const ui_screen_class ds_screen_diagnostics = {
	.name = "diagnostics",
	.enter = diag_enter,
	.layout = diag_layout,
	.draw = diag_draw,
	.key = diag_key,
	.event = diag_event,
	.hints = diag_hints_for,
	.help = diag_help,
};

void *ds_screen_diagnostics_new(ds_wizard *w)
{
	diag_screen *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->w = w;
	s->list = ui_list_new();
	s->buttons = ui_form_new();
	if (!s->list || !s->buttons || !ui_form_add(s->buttons, ui_field_new_button(DIAG_RERUN, _("Run again"))) ||
	    !ui_form_add(s->buttons, ui_field_new_button(DIAG_CONTINUE, _("Continue")))) {
		ds_screen_diagnostics_free(s);
		return NULL;
	}
	return s;
}

void ds_screen_diagnostics_free(void *state)
{
	diag_screen *s = state;

	if (!s)
		return;
	ds_diag_model_free(&s->model);
	ui_list_free(s->list);
	ui_form_free(s->buttons);
	free(s->rows);
	free(s);
}
