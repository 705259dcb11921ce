/* Step Cellular, the screen: the eSIM's profiles with their signal, the
 * choice and the verdict of the rules, what the panel reports, the
 * failover outcome, and the buttons. What the keys do is in cellular_step.c. */
#include <stdio.h>
#include <stdlib.h>

#include "app/base/i18n.h"
#include "ui/wizard/cellular_step.h"
#include "ui/wizard/wizard_step_parts.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_text.h"

static const ui_key_hint cell_hints[] = {
	{ N_("p"), N_("Primary") },        { N_("b"), N_("Backup") },       { N_("a"), N_("Apply") },
	{ N_("t"), N_("Test failover") },  { N_("Enter"), N_("Continue") }, { N_("u"), N_("Recommended") },
	{ N_("r"), N_("Read again") },     { N_("s"), N_("Scan") },         { N_("d"), N_("Add profile") },
	{ N_("x"), N_("Delete profile") },
};

/** The keys while notifications wait: sending them comes first. */
static const ui_key_hint cell_notes_hints[] = {
	{ N_("n"), N_("Send notifications") },
	{ N_("p"), N_("Primary") },
	{ N_("b"), N_("Backup") },
	{ N_("a"), N_("Apply") },
	{ N_("t"), N_("Test failover") },
	{ N_("Enter"), N_("Continue") },
	{ N_("u"), N_("Recommended") },
	{ N_("r"), N_("Read again") },
	{ N_("s"), N_("Scan") },
	{ N_("d"), N_("Add profile") },
	{ N_("x"), N_("Delete profile") },
};

static const ui_key_hint cell_none_hints[] = {
	{ N_("Enter"), N_("Continue") },
};

static const ui_key_hint cell_confirm_hints[] = {
	{ N_("y"), N_("Yes") },
	{ N_("n"), N_("No") },
};

/** The step is shown: read the eSIM again (the device is the truth). */
static void cell_enter(void *state)
{
	ds_cellular_step *s = state;
	ds_site *site = ds_wizard_site(s->w);
	bool has_esim;

	if (!site)
		return;
	if (site != s->site)
		ds_cellular_step_reset(s, site);
	has_esim = ds_cellular_step_device(s) != NULL;
	ui_field_set_enabled(ui_form_field(s->buttons, CELL_APPLY), has_esim);
	ui_field_set_enabled(ui_form_field(s->buttons, CELL_TEST), has_esim);
	if (!has_esim) {
		s->on_buttons = ui_form_focus(s->buttons, CELL_CONTINUE);
		return;
	}
	if (!s->read_job && !s->apply_job && !s->failover_job)
		ds_cellular_step_read(s);
}

/** Writes what the panel reports ("" before a read), what the scan found
 *  ("" before it ended) and the failover outcome. */
static void cell_texts(ds_cellular_step *s, char *panel, char *scan, char *failover, size_t size, ui_role *role)
{
	ds_site *site = ds_wizard_site(s->w);

	panel[0] = scan[0] = failover[0] = '\0';

	if (s->scanned)
		ds_cellular_scan_text(s->networks, s->n_networks, s->scan_supported, ds_cellular_step_db(s), scan, size);
	*role = UI_ROLE_DIM;
	if (s->n > 0)
		ds_cellular_panel_text(s->profiles, s->n, s->has_status ? &s->status : NULL, panel, size);
	if (site)
		ds_cellular_failover_text(&site->cellular, failover, size, role);
}

/** Rows a text takes at width w, at most max. */
static int cell_rows(const char *text, int w, int max)
{
	int n = text[0] && w > 0 ? ui_text_wrap_count(text, w) : 0;

	return n < max ? n : max;
}

/** The instruction under the title. */
static const char *cell_intro(void)
{
	return _("Choose the primary and backup, apply, then test failover.");
}

/** Places the parts: title, intro, table, then verdict, panel and failover
 *  as high as their texts, and the buttons. */
static void cell_layout(void *state, ui_rect r)
{
	ds_cellular_step *s = state;
	char panel[1024], scan[1024], failover[1024], esim[512];
	ui_rect rest = r;
	ui_role role;
	int hv, hp, hs, hf, he, need, table_h;

	ds_panels_layout(&s->panels, r);
	cell_texts(s, panel, scan, failover, sizeof panel, &role);
	ds_cellular_step_esim_text(s, esim, sizeof esim);
	ui_layout_take_left(&rest, 1);
	s->title_r = ui_layout_take_top(&rest, 1);
	s->intro_r = ui_layout_take_text(&rest, cell_intro(), 3);
	s->buttons_r = ui_layout_take_bottom(&rest, 1);
	ui_layout_take_bottom(&rest, 1);
	hv = cell_rows(s->verdict, rest.w, 3);
	hp = cell_rows(panel, rest.w, 3);
	he = cell_rows(esim, rest.w, 3); /* the eSIM's identity and notifications, under what the panel reports */
	hf = cell_rows(failover, rest.w, rest.h > 20 ? 4 : 2);
	need = s->error[0] ? cell_rows(s->error, rest.w, 6) : 2 * (int)(s->n ? s->n : 1);
	/* The scan's summary takes only what the table leaves (each row shows its
	 * signal too), and shows whole or not at all: the first networks alone
	 * would read as all there are. */
	if (he > rest.h - hv - hp - hf - need)
		he = 0; /* the table first: the eSIM's line shows whole or not at all, as the scan's */
	hs = cell_rows(scan, rest.w, 3);
	if (hs > rest.h - hv - hp - he - hf - need)
		hs = 0;
	/* A blank line above the table when there is room for it. */
	if (rest.h - hv - hp - he - hs - hf > need + 2)
		ui_layout_take_top(&rest, 1);
	/* The table takes what it needs (or what is left), the texts follow it. */
	table_h = rest.h - hv - hp - he - hs - hf;
	if (table_h > need + 1)
		table_h = need + 1;
	s->table_r = ui_layout_take_top(&rest, table_h);
	if (s->table_r.h > need)
		s->table_r.h = need;
	s->verdict_r = ui_layout_take_top(&rest, hv);
	s->panel_r = ui_layout_take_top(&rest, hp);
	s->esim_r = ui_layout_take_top(&rest, he);
	s->scan_r = ui_layout_take_top(&rest, hs);
	s->failover_r = ui_layout_take_top(&rest, hf);
	ui_scroll_set_page(&s->scroll, ds_cellular_view_page(s->table_r));
	ui_form_layout(s->buttons, s->buttons_r);
	ui_dialog_layout(s->confirm, r);
}

/** Draws the lower part: the verdict, what the panel reports and the failover outcome. */
static void cell_draw_state(ds_cellular_step *s, WINDOW *win)
{
	char panel[1024], scan[1024], failover[1024];
	ui_role role;

	cell_texts(s, panel, scan, failover, sizeof panel, &role);
	ui_draw_wrapped(win, s->verdict_r, ui_theme_attr(s->verdict_role), s->verdict, false);
	ui_draw_wrapped(win, s->panel_r, ui_theme_attr(UI_ROLE_NORMAL), panel, false);
	ds_cellular_step_esim_text(s, panel, sizeof panel);
	ui_draw_wrapped(win, s->esim_r, ui_theme_attr(s->n_notes > 0 ? UI_ROLE_WARN : UI_ROLE_DIM), panel, false);
	ui_draw_wrapped(win, s->scan_r, ui_theme_attr(UI_ROLE_DIM), scan, false);
	ui_draw_wrapped(win, s->failover_r, ui_theme_attr(role), failover, false);
}

/** Paints the screen (dialogs last). */
static void cell_draw(void *state, WINDOW *win)
{
	ds_cellular_step *s = state;
	ds_site_device *dev = ds_cellular_step_device(s);
	char title[256];

	if (dev && ds_panels_draw(&s->panels, win))
		return;
	if (dev)
		snprintf(title, sizeof title, _("Mobile operators of %s"), dev->name);
	else
		snprintf(title, sizeof title, "%s", _("Mobile operators"));
	ui_draw_text(win, s->title_r.y, s->title_r.x, s->title_r.w, ui_theme_attr(UI_ROLE_TITLE), title);
	if (!dev) {
		ui_draw_wrapped(win, ui_rect_make(s->intro_r.y, s->intro_r.x, s->buttons_r.y - s->intro_r.y - 1, s->intro_r.w),
				ui_theme_attr(UI_ROLE_NORMAL),
				_("None of this site's devices has an eSIM, so there is no mobile operator to choose here. "
				  "Press Enter to continue."), false);
		ui_form_draw(s->buttons, win, s->on_buttons);
		return;
	}
	ui_draw_wrapped(win, s->intro_r, ui_theme_attr(UI_ROLE_DIM), cell_intro(), false);
	if (s->error[0])
		ui_draw_wrapped(win, s->table_r, ui_theme_attr(UI_ROLE_FAIL), s->error, false);
	else if (s->n == 0)
		ui_draw_text(win, s->table_r.y, s->table_r.x, s->table_r.w, ui_theme_attr(UI_ROLE_DIM),
			     _("Reading the eSIM…"));
	else
		ds_cellular_view_draw(win, s->table_r, s->profiles, s->n, &s->scroll, &s->marks,
				      !s->on_buttons && !ui_dialog_is_open(s->confirm), ds_cellular_step_db(s));
	cell_draw_state(s, win);
	ui_form_draw(s->buttons, win, s->on_buttons);
	ui_dialog_draw(s->confirm, win);
}

/** Moves the selection in the table. Flags. */
static int cell_table_key(ds_cellular_step *s, int key, bool fn)
{
	bool moved;

	if (!fn || s->n == 0)
		return UI_IGNORED;
	if (key == KEY_UP)
		moved = ui_scroll_move(&s->scroll, -1);
	else if (key == KEY_DOWN)
		moved = ui_scroll_move(&s->scroll, 1);
	else if (key == KEY_PPAGE || key == KEY_NPAGE)
		moved = ui_scroll_page(&s->scroll, key == KEY_NPAGE ? 1 : -1);
	else if (key == KEY_HOME || key == KEY_END)
		moved = ui_scroll_select(&s->scroll, key == KEY_HOME ? 0 : (int)s->n - 1);
	else
		return UI_IGNORED;
	return moved ? UI_HANDLED | UI_REDRAW : UI_IGNORED;
}

/** The answer to the open confirmation. */
static void cell_answer(ds_cellular_step *s, ui_dialog_result result)
{
	if (result == UI_DIALOG_YES && s->asking == CELL_ASK_WARN) {
		s->retrying = false;
		ds_cellular_step_start_apply(s, s->chosen_primary, s->chosen_backup);
	} else if (result == UI_DIALOG_YES && s->asking == CELL_ASK_RETRY) {
		ds_cellular_step_retry(s);
	} else if (result == UI_DIALOG_YES && s->asking == CELL_ASK_DELETE) {
		ds_cellular_step_start_delete(s);
	} else if (result == UI_DIALOG_NO && s->asking == CELL_ASK_DELETE) {
		ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("Nothing was deleted."));
	} else if (result == UI_DIALOG_NO && s->asking == CELL_ASK_RETRY) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("The panel is still on the backup. Press a to set the primary again, or power-cycle "
				   "the panel; then run the test again (t)."));
	} else if (result == UI_DIALOG_NO) {
		ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("Nothing was applied."));
	}
	if (result != UI_DIALOG_NONE)
		s->asking = CELL_ASK_NONE;
}

/** Runs the action of a button or key. Flags. */
static int cell_action(ds_cellular_step *s, int id)
{
	switch (id) {
	case CELL_APPLY:
		ds_cellular_step_apply(s);
		break;
	case CELL_TEST:
		ds_cellular_step_test(s);
		break;
	case CELL_CONTINUE:
		ds_wizard_next(s->w);
		break;
	}
	return UI_HANDLED | UI_REDRAW | UI_RELAYOUT;
}

/** Keys: the dialog, the table, the buttons, then the letters. */
static int cell_key(void *state, int key, wint_t wch, bool fn)
{
	ds_cellular_step *s = state;
	ui_dialog_result result = UI_DIALOG_NONE;
	bool has_esim = ds_cellular_step_device(s) != NULL;
	const ds_panel *shown = ds_panels_shown(&s->panels);
	int flags, activated = -1;

	if (shown)
		return ds_panel_key(shown, key, wch, fn);
	if (ui_dialog_is_open(s->confirm)) {
		flags = ui_dialog_key(s->confirm, key, wch, fn, &result);
		cell_answer(s, result);
		return flags | UI_HANDLED | UI_REDRAW | UI_RELAYOUT;
	}
	flags = s->on_buttons ? UI_IGNORED : cell_table_key(s, key, fn);
	if (flags != UI_IGNORED)
		return flags;
	flags = ds_step_focus_key(s->buttons, &s->on_buttons, has_esim ? CELL_APPLY : CELL_CONTINUE, CELL_CONTINUE,
				  key, wch, fn, &activated);
	if (flags & UI_ACTIVATE)
		return cell_action(s, activated);
	if (flags & UI_HANDLED)
		return flags;
	if (ui_key_is_enter(key, fn))
		return cell_action(s, CELL_CONTINUE);
	if (fn || !has_esim)
		return UI_IGNORED;
	switch (key) {
	case 'p':
	case 'b':
		ds_cellular_step_choose(s, key == 'p');
		break;
	case 'a':
		return cell_action(s, CELL_APPLY);
	case 't':
		return cell_action(s, CELL_TEST);
	case 'u':
		ds_cellular_step_recommended(s);
		break;
	case 'r':
		ds_cellular_step_read(s);
		break;
	case 's':
		ds_cellular_step_scan(s);
		break;
	case 'd':
		if (!ds_wizard_busy(s->w))
			ds_esim_add_open(s->add, ds_cellular_step_device(s));
		break;
	case 'x':
		ds_cellular_step_ask_delete(s);
		break;
	case 'n':
		ds_cellular_step_send(s);
		break;
	default:
		return UI_IGNORED;
	}
	return UI_HANDLED | UI_REDRAW | UI_RELAYOUT;
}

/** Job events: the DONE of this screen's jobs. */
static int cell_event(void *state, ds_event *ev)
{
	ds_cellular_step *s = state;

	if (ev->type != DS_EVENT_DONE || ev->job_id == 0)
		return UI_IGNORED;
	if (ds_panels_event(&s->panels, ev, NULL) != UI_IGNORED) {
		/* A new profile: read the eSIM again to show it. */
		if (ds_esim_add_take_downloaded(s->add))
			ds_cellular_step_read(s);
		return UI_REDRAW | UI_RELAYOUT;
	}
	if (s->count_job && ev->job_id == s->count_job) {
		ds_cellular_step_count_done(s, ev);
	} else if (ev->job_id == s->read_job) {
		ds_cellular_step_read_done(s, ev);
	} else if (ev->job_id == s->apply_job) {
		s->apply_job = 0;
		ds_cellular_step_apply_done(s, ev);
	} else if (ev->job_id == s->scan_job) {
		ds_cellular_step_scan_done(s, ev);
	} else if (ev->job_id == s->delete_job) {
		ds_cellular_step_delete_done(s, ev);
	} else if (ev->job_id == s->send_job) {
		ds_cellular_step_send_done(s, ev);
	} else if (ev->job_id == s->failover_job) {
		s->failover_job = 0;
		ds_cellular_step_test_done(s, ev);
	} else {
		return UI_IGNORED;
	}
	return UI_REDRAW | UI_RELAYOUT;
}

/** The function bar. */
static const ui_key_hint *cell_hints_for(void *state, size_t *n)
{
	ds_cellular_step *s = state;
	const ds_panel *shown = ds_panels_shown(&s->panels);

	if (shown)
		return ds_panel_hints(shown, n);
	if (ui_dialog_is_open(s->confirm)) {
		*n = sizeof cell_confirm_hints / sizeof cell_confirm_hints[0];
		return cell_confirm_hints;
	}
	if (!ds_cellular_step_device(s)) {
		*n = sizeof cell_none_hints / sizeof cell_none_hints[0];
		return cell_none_hints;
	}
	if (s->keeps_notifications && s->notes_known && s->n_notes > 0) {
		*n = sizeof cell_notes_hints / sizeof cell_notes_hints[0];
		return cell_notes_hints;
	}
	*n = sizeof cell_hints / sizeof cell_hints[0];
	return cell_hints;
}

/** True while the "add a profile" panel takes typed text. */
static bool cell_text_input(void *state)
{
	ds_cellular_step *s = state;
	const ds_panel *shown = ds_panels_shown(&s->panels);

	return shown && ds_panel_text_input(shown);
}

/** The help paragraph. */
static const char *cell_help(void *state)
{
	(void)state;
	return _("The panel sends alarms over a mobile network. Here you choose the operator it uses (the primary) "
		 "and the one it falls back to when the primary has no service (the backup). Each profile shows its "
		 "operator and network code (MCC-MNC), the technologies it can use, and the signal measured here: "
		 "excellent, good, fair or poor. Select a profile and press p for the primary or b for the backup "
		 "(u takes the recommendation), then a to apply: the panel then reports what it uses. The backup must "
		 "be another operator; profiles that can use only 2G/3G still work but are being switched off. Last, "
		 "t runs the failover test: the panel switches to the backup, checks that it works, and switches "
		 "back. r reads the eSIM again, s scans for the networks in reach again (each profile shows the signal of "
		 "its operator's network found by the scan), and d adds a profile from the operator's activation code "
		 "(LPA:1$…, scanned, pasted, typed or read from a photo of its QR code). x deletes the selected profile "
		 "for good, after asking: only a profile not in use, and the operator must issue a new activation code to "
		 "use it again. Each change leaves a notification on the eSIM for the operator; the step shows how many "
		 "wait, and n sends them when the laptop is online (those not sent stay for later).");
}

const ui_screen_class ds_screen_cellular = {
	.name = "cellular",
	.enter = cell_enter,
	.layout = cell_layout,
	.draw = cell_draw,
	.key = cell_key,
	.event = cell_event,
	.hints = cell_hints_for,
	.text_input = cell_text_input,
	.help = cell_help,
};

void *ds_screen_cellular_new(ds_wizard *w)
{
	ds_cellular_step *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->w = w;
	ui_scroll_init(&s->scroll);
	s->buttons = ui_form_new();
	s->confirm = ui_dialog_new();
	s->add = ds_esim_add_new(w);
	ds_panels_add(&s->panels, &ds_esim_add_class, s->add);
	if (!s->buttons || !s->confirm || !s->add || !ui_form_add(s->buttons, ui_field_new_button(CELL_APPLY, _("Apply"))) ||
	    !ui_form_add(s->buttons, ui_field_new_button(CELL_TEST, _("Test failover"))) ||
	    !ui_form_add(s->buttons, ui_field_new_button(CELL_CONTINUE, _("Continue")))) {
		ds_screen_cellular_free(s);
		return NULL;
	}
	ds_cellular_step_update(s);
	return s;
}

void ds_screen_cellular_free(void *state)
{
	ds_cellular_step *s = state;

	if (!s)
		return;
	free(s->profiles);
	free(s->read.profiles.profiles);
	free(s->apply.read_back.profiles);
	free(s->remove.read_back.profiles);
	free(s->send.list);
	free(s->count.list);
	free(s->scan.networks);
	free(s->networks);
	ds_panels_free(&s->panels);
	ui_form_free(s->buttons);
	ui_dialog_free(s->confirm);
	free(s);
}
