/* The wizard frame: the step list, step switching, the foreground job's
 * progress dialog, and forwarding to the step screens. */
#include "ui/wizard/wizard.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/core/flow.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_theme.h"

/** The current step's class and state. */
#define STEP_CLASS(w) ((w)->classes[(w)->shown])
#define STEP_STATE(w) ((w)->screens[(w)->shown])

ds_site *ds_wizard_site(ds_wizard *w)
{
	return w->session->site;
}

void ds_wizard_status(ds_wizard *w, ui_level level, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	ui_screen_manager_status(w->sm, level, level == UI_LEVEL_FAIL ? 0 : 8000, "%s", text);
}

void ds_wizard_message(ds_wizard *w, const char *title, const char *text)
{
	ui_dialog_open_message(w->notice, title, text);
	ui_dialog_layout(w->notice, w->content);
	ui_screen_manager_request(w->sm, UI_REDRAW);
}

bool ds_wizard_save(ds_wizard *w)
{
	char message[512];

	if (ds_session_save(w->session, message, sizeof message) < 0) {
		ds_wizard_status(w, w->session->read_only ? UI_LEVEL_WARN : UI_LEVEL_FAIL, "%s", message);
		return false;
	}
	return true;
}

bool ds_wizard_may_change(ds_wizard *w)
{
	char message[512];

	if (ds_session_may_change(w->session, message, sizeof message) < 0) {
		ds_wizard_status(w, UI_LEVEL_WARN, "%s", message);
		return false;
	}
	return true;
}

bool ds_wizard_may_run(ds_wizard *w, ds_job_fn fn)
{
	char message[512];

	if (ds_session_may_run(w->session, fn, message, sizeof message) < 0) {
		ds_wizard_status(w, UI_LEVEL_WARN, "%s", message);
		return false;
	}
	return true;
}

void ds_wizard_banner(ds_wizard *w)
{
	const char *trust = ds_session_trust_banner(w->session);
	char text[512], read_only[256] = "";

	if (w->session->read_only && w->session->site)
		snprintf(read_only, sizeof read_only,
			 _("READ-ONLY: \"%s\" is open in process %ld; nothing is saved here."), w->session->site->name,
			 (long)w->session->holder);
	if (trust && read_only[0])
		snprintf(text, sizeof text, "%s | %s", read_only, trust);
	else
		snprintf(text, sizeof text, "%s", read_only[0] ? read_only : trust ? trust : "");
	ui_screen_manager_set_banner(w->sm, text);
	ui_screen_manager_request(w->sm, UI_RELAYOUT | UI_REDRAW);
}

bool ds_wizard_busy(const ds_wizard *w)
{
	return w->fg_job != 0;
}

bool ds_wizard_goto(ds_wizard *w, ds_step step)
{
	ds_site *site = ds_wizard_site(w);
	char why[512];

	if (step >= DS_STEP_COUNT)
		return false;
	if (ds_wizard_busy(w)) {
		ds_wizard_status(w, UI_LEVEL_WARN, "%s", _("Please wait for the current operation, or press Esc to cancel it."));
		return false;
	}
	if (!site && step != DS_STEP_WELCOME) {
		ds_wizard_status(w, UI_LEVEL_WARN, "%s", _("Start or open a site first."));
		return false;
	}
	if (site && !ds_flow_can_enter(site, step, why, sizeof why)) {
		ds_wizard_status(w, UI_LEVEL_WARN, "%s", why);
		return false;
	}
	if (w->shown != step)
		ui_screen_manager_status(w->sm, UI_LEVEL_INFO, 0, "%s", ""); /* a message belongs to its step */
	w->shown = step;
	if (site && step != DS_STEP_WELCOME && site->current_step != step && !w->session->read_only) {
		site->current_step = step;
		ds_wizard_save(w);
	}
	if (STEP_CLASS(w)->enter)
		STEP_CLASS(w)->enter(STEP_STATE(w));
	ui_screen_manager_request(w->sm, UI_RELAYOUT | UI_REDRAW);
	return true;
}

bool ds_wizard_next(ds_wizard *w)
{
	ds_site *site = ds_wizard_site(w);
	char why[512];

	if (!site)
		return false;
	if (!ds_flow_can_leave(site, w->shown, why, sizeof why)) {
		ds_wizard_status(w, UI_LEVEL_FAIL, "%s", why);
		ui_screen_manager_request(w->sm, UI_REDRAW);
		return false;
	}
	if (w->session->read_only) /* look on without marking the step done */
		return w->shown + 1 < DS_STEP_COUNT && ds_wizard_goto(w, (ds_step)(w->shown + 1));
	ds_step next = ds_flow_advance(site, w->shown);

	if (!ds_wizard_save(w))
		return false;
	return ds_wizard_goto(w, next);
}

uint64_t ds_wizard_start_job(ds_wizard *w, const char *title, ds_job_fn fn, void *arg, unsigned timeout_s)
{
	uint64_t id;

	if (ds_wizard_busy(w) || !ds_wizard_may_run(w, fn))
		return 0;
	id = ds_jobs_submit(w->session->jobs, fn, arg);
	if (!id) {
		ds_wizard_status(w, UI_LEVEL_FAIL, "%s", _("Could not start the operation (out of memory). Close other programs and try again."));
		return 0;
	}
	w->fg_job = id;
	w->fg_timed_out = false;
	w->fg_stage_s = 0;
	w->fg_stage[0] = '\0';
	w->fg_deadline = timeout_s ? ui_term_now_ms() + (int64_t)timeout_s * 1000 : 0;
	ui_dialog_open_progress(w->progress, title, _("Starting…"), true);
	ui_dialog_progress_set(w->progress, 0, NULL, w->fg_deadline);
	ui_dialog_layout(w->progress, w->content);
	ui_screen_manager_request(w->sm, UI_REDRAW | UI_ANIMATE);
	return id;
}

/** Shows the step where the site stopped (or the first one its state allows). */
static void ds_wizard_resume(ds_wizard *w)
{
	ds_site *site = ds_wizard_site(w);
	ds_step resume = site->current_step == DS_STEP_WELCOME ? DS_STEP_DEVICES : site->current_step;
	char why[512];

	/* If an earlier step was undone since (a device is back on its factory
	 * default, say), the rules send the user back there. */
	while (resume > DS_STEP_DEVICES && !ds_flow_can_enter(site, resume, why, sizeof why))
		resume--;
	ds_wizard_goto(w, resume);
}

/** Offers to open site (owned), which process holder has open, read-only. */
static void ds_wizard_offer_read_only(ds_wizard *w, ds_site *site, pid_t holder)
{
	char question[512];

	ds_site_free(w->pending);
	w->pending = site;
	w->pending_holder = holder;
	snprintf(question, sizeof question,
		 _("The site \"%s\" is open in another doorstep (process %ld). Open it read-only, or go back?"),
		 site->name, (long)holder);
	ui_dialog_open_choice(w->ask, _("Site in use"), question, _("Open read-only"), _("Go back"));
	ui_dialog_layout(w->ask, w->content);
	ui_screen_manager_request(w->sm, UI_REDRAW);
}

/** The offer was answered: opens the pending site read-only (showing it as
 *  saved, without reading the devices) or drops it. */
static void ds_wizard_offer_answered(ds_wizard *w, bool read_only)
{
	ds_site *site = w->pending;

	w->pending = NULL;
	if (!site)
		return;
	if (!read_only) {
		ds_site_free(site);
		return;
	}
	ds_session_open_site_read_only(w->session, site, w->pending_holder);
	free(w->refresh.list);
	memset(&w->refresh, 0, sizeof w->refresh);
	ds_wizard_banner(w);
	ds_wizard_resume(w);
	ds_wizard_status(w, UI_LEVEL_WARN, "%s",
			 _("Read-only: the site is shown as last saved. Nothing is saved and no device is changed."));
}

bool ds_wizard_open_site(ds_wizard *w, ds_site *site)
{
	char message[512];
	pid_t holder = 0;

	if (ds_session_open_site_ex(w->session, site, &holder, message, sizeof message) < 0) {
		if (holder > 0) {
			ds_wizard_offer_read_only(w, site, holder);
			return false;
		}
		ds_site_free(site);
		ds_wizard_status(w, UI_LEVEL_FAIL, "%s", message);
		return false;
	}
	ds_wizard_banner(w);
	free(w->refresh.list);
	memset(&w->refresh, 0, sizeof w->refresh);
	if (site->n_devices == 0) {
		ds_wizard_resume(w);
		return true;
	}
	w->refresh.devices = w->session->devices;
	w->refresh.list = malloc(site->n_devices * sizeof *site->devices);
	if (!w->refresh.list) {
		ds_wizard_resume(w);
		return true;
	}
	memcpy(w->refresh.list, site->devices, site->n_devices * sizeof *site->devices);
	w->refresh.n = site->n_devices;
	w->refresh_job = ds_wizard_start_job(w, _("Reading the devices"), ds_op_refresh_job, &w->refresh, 30);
	if (!w->refresh_job)
		ds_wizard_resume(w);
	return true;
}

/** Applies the refresh job's events to the site; resumes when it is done. */
static int ds_wizard_refresh_event(ds_wizard *w, ds_event *ev)
{
	ds_site *site = ds_wizard_site(w);

	if (ev->type == DS_EVENT_ITEM && ev->item) {
		ds_site_device *fresh = ui_screen_manager_take_item(ev);

		ds_site_put_device(site, fresh);
		ev->item_free(fresh);
	} else if (ev->type == DS_EVENT_DONE) {
		w->refresh_job = 0;
		ds_wizard_save(w);
		ds_wizard_resume(w);
		if (ev->status != DS_OK)
			ds_wizard_status(w, UI_LEVEL_WARN, "%s", ev->message[0] ? ev->message
					 : _("The devices could not be read; the saved state is shown."));
		else
			ds_wizard_status(w, UI_LEVEL_OK, "%s", _("The current state was read from every device."));
	}
	return UI_REDRAW | UI_RELAYOUT;
}

/* ---- the sidebar: the step list ---- */

/** Width of the sidebar. */
#define DS_SIDEBAR_W 20

/** Draws the steps with their state marks. */
static void ds_frame_sidebar(void *ctx, WINDOW *win, ui_rect r)
{
	ds_wizard *w = ctx;
	const ui_glyphs *g = ui_term_glyphs();
	ds_site *site = ds_wizard_site(w);
	int y = r.y;

	ui_draw_fill(win, r, ui_theme_attr(UI_ROLE_NORMAL));
	ui_draw_text(win, y++, r.x + 1, r.w - 1, ui_theme_attr(UI_ROLE_TITLE), "doorstep");
	if (w->demo)
		ui_draw_text(win, y++, r.x + 1, r.w - 1, ui_theme_attr(UI_ROLE_WARN), _("DEMO SYSTEM"));
	if (site)
		ui_draw_text(win, y++, r.x + 1, r.w - 1, ui_theme_attr(UI_ROLE_DIM), site->name);
	y++;
	for (int s = 0; s < DS_STEP_COUNT && y < r.y + r.h; s++, y++) {
		bool current = (ds_step)s == w->shown;
		bool done = site && s != DS_STEP_WELCOME && site->step_done[s] && ds_flow_step_complete(site, (ds_step)s);
		char line[64];
		ui_role role = current ? UI_ROLE_SELECTED : done ? UI_ROLE_OK : UI_ROLE_NORMAL;

		snprintf(line, sizeof line, "%s %d %s", current ? g->pointer : done ? g->ok : " ", s + 1,
			 ds_flow_step_title((ds_step)s));
		if (current)
			ui_draw_fill(win, ui_rect_make(y, r.x, 1, r.w), ui_theme_attr(role));
		ui_draw_text(win, y, r.x + 1, r.w - 1, ui_theme_attr(role), line);
	}
	if (y + 2 < r.y + r.h)
		ui_draw_text(win, r.y + r.h - 1, r.x + 1, r.w - 1, ui_theme_attr(UI_ROLE_DIM), _("1-6: go to step"));
}

/* ---- the frame screen ---- */

/** Lays out the step and the dialogs. */
static void ds_frame_layout(void *state, ui_rect rect)
{
	ds_wizard *w = state;

	w->content = rect;
	if (STEP_CLASS(w)->layout)
		STEP_CLASS(w)->layout(STEP_STATE(w), rect);
	ui_dialog_layout(w->progress, rect);
	ui_dialog_layout(w->notice, rect);
	ui_dialog_layout(w->ask, rect);
}

/** Draws the step, then the dialogs over it. */
static void ds_frame_draw(void *state, WINDOW *win)
{
	ds_wizard *w = state;

	if (STEP_CLASS(w)->draw)
		STEP_CLASS(w)->draw(STEP_STATE(w), win);
	ui_dialog_draw(w->progress, win);
	ui_dialog_draw(w->notice, win);
	ui_dialog_draw(w->ask, win);
}

/** True while a dialog of the frame takes the keys. */
static bool ds_frame_modal(const ds_wizard *w)
{
	return ui_dialog_is_open(w->notice) || ui_dialog_is_open(w->progress) || ui_dialog_is_open(w->ask);
}

/** Keys: dialogs first, then the step, then the wizard's own keys. */
static int ds_frame_key(void *state, int key, wint_t wch, bool fn)
{
	ds_wizard *w = state;
	ui_dialog_result result = UI_DIALOG_NONE;
	int flags;

	if (ui_dialog_is_open(w->notice))
		return ui_dialog_key(w->notice, key, wch, fn, &result) | UI_REDRAW;
	if (ui_dialog_is_open(w->ask)) {
		flags = ui_dialog_key(w->ask, key, wch, fn, &result);
		if (result != UI_DIALOG_NONE)
			ds_wizard_offer_answered(w, result == UI_DIALOG_YES);
		return flags | UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (ui_dialog_is_open(w->progress)) {
		flags = ui_dialog_key(w->progress, key, wch, fn, &result);
		if (result == UI_DIALOG_CANCEL && w->fg_job)
			ds_jobs_cancel(w->session->jobs, w->fg_job);
		else if (result == UI_DIALOG_NONE && !(flags & UI_REDRAW))
			ds_wizard_status(w, UI_LEVEL_INFO, "%s", _("Working… press Esc to cancel."));
		return flags | UI_HANDLED | UI_REDRAW;
	}
	flags = STEP_CLASS(w)->key ? STEP_CLASS(w)->key(STEP_STATE(w), key, wch, fn) : UI_IGNORED;
	if (flags & (UI_HANDLED | UI_ACTIVATE))
		return flags;
	bool typing = STEP_CLASS(w)->text_input && STEP_CLASS(w)->text_input(STEP_STATE(w));

	if (!fn && !typing && key >= '1' && key < '1' + DS_STEP_COUNT) {
		ds_wizard_goto(w, (ds_step)(key - '1'));
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (ui_key_is_fn(key, fn, KEY_F(10))) {
		ds_wizard_next(w);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (ui_key_is_char(key, fn, UI_KEY_ESC) && w->shown > DS_STEP_WELCOME) {
		ds_wizard_goto(w, (ds_step)(w->shown - 1));
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	return flags;
}

uint64_t ds_wizard_start_staged_job(ds_wizard *w, const char *title, ds_job_fn fn, void *arg, unsigned stage_s)
{
	uint64_t id = ds_wizard_start_job(w, title, fn, arg, stage_s);

	if (id)
		w->fg_stage_s = stage_s;
	return id;
}

const char *ds_wizard_stage(const ds_wizard *w)
{
	return w->fg_stage;
}

/** A progress event of the foreground job: a new message starts a new
 *  stage, which gets its own time limit in a staged job. */
static void ds_frame_stage(ds_wizard *w, const ds_event *ev)
{
	if (!ev->message[0] || strcmp(ev->message, w->fg_stage) == 0)
		return;
	snprintf(w->fg_stage, sizeof w->fg_stage, "%s", ev->message);
	if (w->fg_stage_s && !w->fg_timed_out)
		w->fg_deadline = ui_term_now_ms() + (int64_t)w->fg_stage_s * 1000;
}

/** Events: the foreground job's progress feeds the dialog; every event goes to every step. */
static int ds_frame_event(void *state, ds_event *ev)
{
	ds_wizard *w = state;
	int flags = UI_IGNORED;

	if (w->fg_job && ev->job_id == w->fg_job) {
		if (ev->type == DS_EVENT_PROGRESS) {
			ds_frame_stage(w, ev);
			ui_dialog_progress_set(w->progress, ev->permille, ev->message, w->fg_deadline);
		}
		if (ev->type == DS_EVENT_DONE) {
			ui_dialog_close(w->progress);
			w->fg_job = 0;
			w->fg_deadline = 0;
			if (w->fg_timed_out && ev->status == DS_ERR_CANCELLED)
				ev->status = DS_ERR_TIMEOUT;
		}
		flags |= UI_REDRAW;
	}
	if (w->refresh_job && ev->job_id == w->refresh_job)
		return flags | ds_wizard_refresh_event(w, ev) | UI_HANDLED;
	for (int s = 0; s < DS_STEP_COUNT; s++)
		if (w->classes[s]->event && (ev->type != DS_EVENT_ITEM || ev->item))
			flags |= w->classes[s]->event(w->screens[s], ev);
	return flags | UI_HANDLED;
}

/** Ticks: the countdown and time limit of the foreground job, then the step. */
static int ds_frame_tick(void *state, int64_t now_ms)
{
	ds_wizard *w = state;
	int flags = UI_IGNORED;

	if (w->fg_job) {
		if (ui_dialog_tick(w->progress, now_ms))
			flags |= UI_REDRAW;
		if (w->fg_deadline && now_ms >= w->fg_deadline && !w->fg_timed_out) {
			w->fg_timed_out = true;
			ds_jobs_cancel(w->session->jobs, w->fg_job);
			ui_dialog_progress_set(w->progress, 1000, _("Time is up: stopping…"), 0);
			flags |= UI_REDRAW;
		}
		flags |= UI_ANIMATE;
	}
	if (STEP_CLASS(w)->tick)
		flags |= STEP_CLASS(w)->tick(STEP_STATE(w), now_ms);
	return flags;
}

/** True while the step's focused widget takes typed text. */
static bool ds_frame_text_input(void *state)
{
	ds_wizard *w = state;

	if (ds_frame_modal(w))
		return false;
	return STEP_CLASS(w)->text_input && STEP_CLASS(w)->text_input(STEP_STATE(w));
}

/** The step's key hints. */
static const ui_key_hint *ds_frame_hints(void *state, size_t *n)
{
	ds_wizard *w = state;
	static const ui_key_hint busy[] = { { N_("Esc"), N_("Cancel") } };

	if (ui_dialog_is_open(w->progress)) {
		*n = 1;
		return busy;
	}
	if (STEP_CLASS(w)->hints)
		return STEP_CLASS(w)->hints(STEP_STATE(w), n);
	*n = 0;
	return NULL;
}

/** The step's help text, and the wizard's keys. */
static const char *ds_frame_help(void *state)
{
	ds_wizard *w = state;
	static char text[2048];
	const char *step = STEP_CLASS(w)->help ? STEP_CLASS(w)->help(STEP_STATE(w)) : "";

	snprintf(text, sizeof text, "%s\n\n%s", step ? step : "",
		 _("Everywhere: 1-6 jump to a step (the list on the left), F10 goes on to the next step, Esc goes "
		   "back one step, F1 or ? shows this help, q quits (your progress is saved after every step)."));
	return text;
}

/** The frame's class: everything is forwarded to the current step. */
static const ui_screen_class ds_frame_class = {
	.name = "wizard",
	.layout = ds_frame_layout,
	.draw = ds_frame_draw,
	.key = ds_frame_key,
	.event = ds_frame_event,
	.tick = ds_frame_tick,
	.text_input = ds_frame_text_input,
	.hints = ds_frame_hints,
	.help = ds_frame_help,
};

int ds_wizard_frame_push(ds_wizard *w)
{
	ui_screen_manager_set_sidebar(w->sm, DS_SIDEBAR_W, ds_frame_sidebar, w);
	return ui_screen_manager_push(w->sm, &ds_frame_class, w);
}
