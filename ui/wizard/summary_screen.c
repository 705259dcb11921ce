/* Step Summary: what was done at the site (devices and their passwords,
 * the operators and the failover test, the diagnostics), which step is
 * still open, and exporting the commissioning report (no secrets in it)
 * to a file whose name can be edited. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/check_grade.h"
#include "app/base/i18n.h"
#include "app/core/report.h"
#include "app/core/flow.h"
#include "ui/wizard/cellular_view.h"
#include "ui/wizard/wizard_qr_view.h"
#include "ui/wizard/wizard_accounts.h"
#include "ui/wizard/wizard_step_parts.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_list.h"
#include "ui/toolkit/ui_term.h"
#include "ui/wizard/wizard.h"

/** Field ids. */
enum { SUM_PATH = 1, SUM_EXPORT };

/** State of the Summary screen. */
typedef struct sum_screen {
	ds_wizard *w;
	ds_site *site;     /* the site the report path was filled for */
	ui_list *list;     /* the summary lines */
	ui_form *form;     /* report path and Export button */
	bool on_form;
	ui_rect title_r, list_r, form_r;
	ds_qr_view *qr;    /* the hand-over code, shown over the summary */
	ds_panels panels;  /* qr, as a panel */
	ds_op_handover handover;
	uint64_t handover_job;
} sum_screen;

static const ui_key_hint sum_hints[] = {
	{ N_("e"), N_("Export report") },
	{ N_("h"), N_("Hand-over code") },
	{ N_("Tab"), N_("Edit file name") },
	{ N_("Up/Down"), N_("Scroll") },
	{ N_("q"), N_("Quit") },
};

static const ui_key_hint sum_typing_hints[] = {
	{ N_("Enter"), N_("Export report") },
	{ N_("Esc"), N_("Done editing") },
};

/** Appends a line with a mark for role and an optional status column. */
static void sum_line(sum_screen *s, ui_role role, const char *status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void sum_line(sum_screen *s, ui_role role, const char *status, const char *fmt, ...)
{
	const ui_glyphs *g = ui_term_glyphs();
	const char *mark = role == UI_ROLE_OK ? g->ok : role == UI_ROLE_WARN ? g->warn : role == UI_ROLE_FAIL ? g->fail : " ";
	char text[512], line[600];
	va_list ap;
	int row;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "%s %s", mark, text);
	row = ui_list_add(s->list, line, role);
	if (row >= 0 && status)
		ui_list_set_status(s->list, row, status, role);
}

/** Under a device with accounts: each account, its role and what was done to it. */
static void sum_accounts(sum_screen *s, const ds_site *site, const ds_site_device *d)
{
	ui_role role;

	for (size_t i = 0; i < site->n_accounts; i++) {
		const ds_site_account *a = &site->accounts[i];
		const char *state;

		if (strcmp(a->plugin_id, d->plugin_id) != 0 || strcmp(a->device_serial, d->serial) != 0)
			continue;
		state = ds_wizard_account_state(a, &role);
		sum_line(s, UI_ROLE_NORMAL, NULL, _("    account %s (%s)"), a->user, ds_wizard_account_role(a->role));
		ui_list_set_status(s->list, ui_list_count(s->list) - 1, state, role);
	}
}

/** The devices and their password state. */
static void sum_devices(sum_screen *s, const ds_site *site)
{
	size_t left = ds_site_devices_on_default(site);

	if (left)
		sum_line(s, UI_ROLE_FAIL, NULL,
			 P_("%zu device still has its factory password.",
			    "%zu devices still have their factory password.", left),
			 left);
	else if (site->n_devices == 0)
		sum_line(s, UI_ROLE_WARN, NULL, "%s", _("No device was added."));
	else
		sum_line(s, UI_ROLE_OK, NULL,
			 P_("%zu device, with its own password.", "%zu devices, each with its own password.", site->n_devices),
			 site->n_devices);
	for (size_t i = 0; i < site->n_devices; i++) {
		const ds_site_device *d = &site->devices[i];
		ui_role role = !d->has_password ? UI_ROLE_DIM : d->on_factory_default ? UI_ROLE_FAIL : UI_ROLE_OK;

		sum_line(s, UI_ROLE_NORMAL, NULL, "  %s · %s", d->name, d->serial);
		ui_list_set_status(s->list, ui_list_count(s->list) - 1,
				   !d->has_password ? _("no password")
				   : d->on_factory_default ? _("FACTORY PASSWORD") : _("own password"), role);
		sum_accounts(s, site, d);
	}
}

/** The operators and the failover test. */
static void sum_cellular(sum_screen *s, const ds_site *site)
{
	const ds_site_cellular *c = &site->cellular;
	char text[DS_TEXT_MAX * 2];
	ui_role role;

	if (!ds_flow_needs_cellular(site)) {
		sum_line(s, UI_ROLE_OK, NULL, "%s", _("No device has an eSIM: no mobile operator to set up."));
		return;
	}
	if (!c->applied) {
		sum_line(s, UI_ROLE_WARN, NULL, "%s", _("Mobile operators not chosen and applied."));
		return;
	}
	sum_line(s, UI_ROLE_OK, NULL, _("Primary operator: %s (%s)"), c->primary.operator_name, c->primary.operator_code);
	sum_line(s, UI_ROLE_OK, NULL, _("Backup operator: %s (%s)"), c->backup.operator_name, c->backup.operator_code);
	ds_cellular_failover_text(c, text, sizeof text, &role);
	sum_line(s, role == UI_ROLE_DIM ? UI_ROLE_WARN : role, NULL, "%s", text);
}

/** The diagnostics counts, then each warning and failure. */
static void sum_diagnostics(sum_screen *s, const ds_site *site)
{
	size_t count[4] = { 0 };
	char counts[256];
	ui_role role;

	if (!site->diagnostics_at[0]) {
		sum_line(s, UI_ROLE_WARN, NULL, "%s", _("Diagnostics not run."));
		return;
	}
	for (size_t i = 0; i < site->n_checks; i++)
		if ((unsigned)site->checks[i].check.grade < 4)
			count[site->checks[i].check.grade]++;
	ds_check_counts_text(counts, sizeof counts, count[DS_CHECK_PASS], count[DS_CHECK_WARN], count[DS_CHECK_FAIL]);
	sum_line(s, count[DS_CHECK_FAIL] ? UI_ROLE_FAIL : count[DS_CHECK_WARN] ? UI_ROLE_WARN : UI_ROLE_OK, NULL,
		 _("Diagnostics: %s."), counts);
	for (size_t i = 0; i < site->n_checks; i++) {
		const ds_site_check *c = &site->checks[i];
		char line[512];
		int row;

		if (c->check.grade != DS_CHECK_WARN && c->check.grade != DS_CHECK_FAIL)
			continue;
		snprintf(line, sizeof line, "    %s %s · %s", ds_step_grade_mark(c->check.grade, &role), c->check.title,
			 c->device_serial[0] ? c->device_serial : _("this laptop"));
		row = ui_list_add(s->list, line, role);
		ui_list_set_status(s->list, row, c->check.value, role);
	}
}

/** Rebuilds the summary lines from the site. */
static void sum_rebuild(sum_screen *s)
{
	ds_site *site = ds_wizard_site(s->w);
	int sel = ui_list_selected(s->list);
	bool complete = true;

	ui_list_clear(s->list);
	if (!site)
		return;
	sum_devices(s, site);
	sum_cellular(s, site);
	sum_diagnostics(s, site);
	for (int step = DS_STEP_DEVICES; step < DS_STEP_SUMMARY; step++) {
		if (ds_flow_step_complete(site, (ds_step)step))
			continue;
		complete = false;
		sum_line(s, UI_ROLE_WARN, NULL, _("Not finished: %s. Press %d to go back to it."),
			 ds_flow_step_title((ds_step)step), step + 1);
	}
	if (complete)
		sum_line(s, UI_ROLE_OK, NULL, _("Setup complete on %.10s at %.5s UTC."), site->completed_at,
			 strlen(site->completed_at) > 11 ? site->completed_at + 11 : "");
	ui_list_select(s->list, sel < 0 ? 0 : sel);
}

/** Records that the setup is complete once every earlier step is. */
static void sum_complete(sum_screen *s)
{
	ds_site *site = ds_wizard_site(s->w);

	for (int step = DS_STEP_DEVICES; step < DS_STEP_SUMMARY; step++)
		if (!ds_flow_step_complete(site, (ds_step)step))
			return;
	if ((site->completed_at[0] && site->step_done[DS_STEP_SUMMARY]) || s->w->session->read_only)
		return;
	if (!site->completed_at[0]) {
		ds_site_now(site->completed_at);
		ds_site_note(site, "%s", _("Setup complete"));
	}
	site->step_done[DS_STEP_SUMMARY] = true;
	ds_wizard_save(s->w);
}

/** The step is shown: fill in the report path, record completion, list what was done. */
static void sum_enter(void *state)
{
	sum_screen *s = state;
	ds_site *site = ds_wizard_site(s->w);
	char path[4096];

	if (!site)
		return;
	if (site != s->site) {
		s->site = site;
		if (ds_report_default_path(site, path, sizeof path) == 0)
			ui_field_set_value(ui_form_field(s->form, SUM_PATH), path);
	}
	sum_complete(s);
	sum_rebuild(s);
}

/** Writes the report to the path in the field; errors go under the field. */
static void sum_export(sum_screen *s)
{
	ds_site *site = ds_wizard_site(s->w);
	ui_field *field = ui_form_field(s->form, SUM_PATH);
	const char *path = ui_field_value(field);
	char message[1024];

	if (!path || !path[0]) {
		ui_field_set_error(field, _("Type the name of the file to write the report to."));
		s->on_form = ui_form_focus(s->form, SUM_PATH);
		return;
	}
	if (ds_report_write(site, path, message, sizeof message) < 0) {
		ui_field_set_error(field, message);
		s->on_form = ui_form_focus(s->form, SUM_PATH);
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("The report was not written: see the message under the file name."));
		return;
	}
	ui_field_set_hint(field, _("Written. No password or other secret is in the report."), UI_ROLE_OK);
	ds_site_note(site, _("Report written to %s"), path);
	ds_wizard_save(s->w);
	if (site->completed_at[0])
		ds_wizard_status(s->w, UI_LEVEL_OK, _("Report written to %s"), path);
	else
		ds_wizard_status(s->w, UI_LEVEL_WARN, _("Report written to %s; the setup is not complete yet."), path);
}

/** Asks the device that gives hand-over codes (the panel) for the homeowner's code. */
static void sum_handover(sum_screen *s)
{
	ds_site *site = ds_wizard_site(s->w);
	const ds_site_device *panel = NULL;

	for (size_t i = 0; site && i < site->n_devices && !panel; i++)
		if (site->devices[i].features & DS_FEATURE_HANDOVER)
			panel = &site->devices[i];
	if (!panel) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("No device of this site gives a hand-over code. Add the alarm panel in the Devices step."));
		return;
	}
	memset(&s->handover, 0, sizeof s->handover);
	s->handover.devices = s->w->session->devices;
	s->handover.device = *panel;
	s->handover_job = ds_wizard_start_job(s->w, _("Asking for the hand-over code"), ds_op_handover_job,
					      &s->handover, 20);
}

/** Shows the hand-over code that the job brought back. */
static void sum_show_handover(sum_screen *s)
{
	char caption[512], file[128];
	size_t i = 0;

	snprintf(caption, sizeof caption,
		 _("For the homeowner: scan this with the phone's camera to take over %s in the vendor's app."),
		 s->handover.device.name);
	/* The PNG is named after the device's serial, with only safe characters. */
	snprintf(file, sizeof file, "handover-%s", s->handover.device.serial);
	for (i = 0; file[i]; i++)
		if (!((file[i] >= 'a' && file[i] <= 'z') || (file[i] >= 'A' && file[i] <= 'Z') ||
		      (file[i] >= '0' && file[i] <= '9') || file[i] == '-' || file[i] == '_'))
			file[i] = '_';
	snprintf(file + i, sizeof file - i, ".png");
	if (ds_qr_view_open(s->qr, _("Hand-over code"), caption, s->handover.code, strlen(s->handover.code), file))
		ds_wizard_status(s->w, UI_LEVEL_OK, "%s", _("The hand-over code is shown; Esc closes it."));
}

/** Places the title, the summary lines and the report form. */
static void sum_layout(void *state, ui_rect r)
{
	sum_screen *s = state;
	ui_rect rest = ui_layout_inset(r, 0, 1);

	ds_panels_layout(&s->panels, r);
	s->title_r = ui_layout_take_top(&rest, 1);
	ui_layout_take_top(&rest, 1);
	s->form_r = ui_layout_take_bottom(&rest, ui_form_height(s->form, rest.w));
	ui_layout_take_bottom(&rest, 1);
	s->list_r = rest;
	ui_list_layout(s->list, s->list_r);
	ui_form_layout(s->form, s->form_r);
}

/** Paints the screen. */
static void sum_draw(void *state, WINDOW *win)
{
	sum_screen *s = state;
	ds_site *site = ds_wizard_site(s->w);
	char title[256];

	if (ds_panels_draw(&s->panels, win))
		return;
	snprintf(title, sizeof title, _("Summary of %s"), site ? site->name : "");
	ui_draw_text(win, s->title_r.y, s->title_r.x, s->title_r.w, ui_theme_attr(UI_ROLE_TITLE), title);
	ui_list_draw(s->list, win, !s->on_form);
	ui_form_draw(s->form, win, s->on_form);
}

/** Keys: the list, the form, then e and Enter (export) and Esc (leave the file name). */
static int sum_key(void *state, int key, wint_t wch, bool fn)
{
	sum_screen *s = state;
	int flags, activated = -1;
	bool typing = s->on_form && ui_form_text_input(s->form);
	const ds_panel *shown = ds_panels_shown(&s->panels);

	if (shown)
		return ds_panel_key(shown, key, wch, fn);
	if (!typing && ui_key_is_char(key, fn, 'h')) {
		sum_handover(s);
		return UI_HANDLED | UI_REDRAW;
	}
	if (typing && ui_key_is_char(key, fn, UI_KEY_ESC)) {
		s->on_form = false;
		return UI_HANDLED | UI_REDRAW;
	}
	flags = s->on_form ? UI_IGNORED : ui_list_key(s->list, key, wch, fn);
	if (flags != UI_IGNORED)
		return flags;
	flags = ds_step_focus_key(s->form, &s->on_form, SUM_PATH, SUM_EXPORT, key, wch, fn, &activated);
	if (flags & UI_ACTIVATE) {
		sum_export(s);
		return UI_HANDLED | UI_REDRAW | UI_RELAYOUT;
	}
	if (flags & UI_HANDLED)
		return flags;
	if (!typing && (ui_key_is_char(key, fn, 'e') || ui_key_is_enter(key, fn))) {
		sum_export(s);
		return UI_HANDLED | UI_REDRAW | UI_RELAYOUT;
	}
	return UI_IGNORED;
}

/** Job events: a background step (diagnostics) may finish while this is shown. */
static int sum_event(void *state, ds_event *ev)
{
	sum_screen *s = state;

	if (s->handover_job && ev->job_id == s->handover_job && ev->type == DS_EVENT_DONE) {
		s->handover_job = 0;
		if (ev->status == DS_OK)
			sum_show_handover(s);
		else if (ev->status != DS_ERR_CANCELLED)
			ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", ev->message[0] ? ev->message
					 : _("The hand-over code could not be read. Check that the panel is powered, then try again."));
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (ev->type != DS_EVENT_DONE || s->w->shown != DS_STEP_SUMMARY || !ds_wizard_site(s->w))
		return UI_IGNORED;
	sum_complete(s);
	sum_rebuild(s);
	return UI_REDRAW;
}

/** True while the file name is being edited. */
static bool sum_text_input(void *state)
{
	sum_screen *s = state;
	const ds_panel *shown = ds_panels_shown(&s->panels);

	if (shown)
		return ds_panel_text_input(shown);
	return s->on_form && ui_form_text_input(s->form);
}

/** The function bar. */
static const ui_key_hint *sum_hints_for(void *state, size_t *n)
{
	sum_screen *s = state;
	const ds_panel *shown = ds_panels_shown(&s->panels);

	if (shown)
		return ds_panel_hints(shown, n);
	if (sum_text_input(state)) {
		*n = sizeof sum_typing_hints / sizeof sum_typing_hints[0];
		return sum_typing_hints;
	}
	*n = sizeof sum_hints / sizeof sum_hints[0];
	return sum_hints;
}

/** The help paragraph. */
static const char *sum_help(void *state)
{
	(void)state;
	return _("This is what was done at this site: every device and whether it has its own password, the "
		 "mobile operators and the failover test, and the diagnostics with each warning and failure. A step "
		 "that is not finished is listed with the number that takes you back to it. Press e (or Enter) to "
		 "write the commissioning report for the customer; Tab lets you change where it is written. The "
		 "report holds no password or other secret. Press h to show the homeowner the hand-over code that the "
		 "panel gives (a QR code to scan with the vendor's app); there, x writes it to a PNG file in the "
		 "reports folder and Esc closes it. Your progress is saved: q quits.");
}

const ui_screen_class ds_screen_summary = {
	.name = "summary",
	.enter = sum_enter,
	.layout = sum_layout,
	.draw = sum_draw,
	.key = sum_key,
	.event = sum_event,
	.text_input = sum_text_input,
	.hints = sum_hints_for,
	.help = sum_help,
};

void *ds_screen_summary_new(ds_wizard *w)
{
	sum_screen *s = calloc(1, sizeof *s);
	ui_field *path;

	if (!s)
		return NULL;
	s->w = w;
	s->list = ui_list_new();
	s->form = ui_form_new();
	s->qr = ds_qr_view_new(w);
	ds_panels_add(&s->panels, &ds_qr_view_class, s->qr);
	path = s->form ? ui_form_add(s->form, ui_field_new_text(SUM_PATH, _("Report file"), 4095)) : NULL;
	if (!s->list || !s->qr || !path || !ui_form_add(s->form, ui_field_new_button(SUM_EXPORT, _("Export report")))) {
		ds_screen_summary_free(s);
		return NULL;
	}
	ui_field_set_hint(path, _("A JSON file; it holds no password or other secret."), UI_ROLE_DIM);
	return s;
}

void ds_screen_summary_free(void *state)
{
	sum_screen *s = state;

	if (!s)
		return;
	ui_list_free(s->list);
	ui_form_free(s->form);
	ds_panels_free(&s->panels);
	free(s);
}
