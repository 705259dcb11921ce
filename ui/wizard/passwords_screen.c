/* Step 3, Passwords: every device still on its factory default gets a new,
 * unique password; the device proves that the new one works and the old
 * one no longer does. There is no way to skip this step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/device_ops.h"
#include "app/base/i18n.h"
#include "app/password/password_generate.h"
#include "app/password/password_policy.h"
#include "app/base/secret.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_list.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"
#include "ui/wizard/wizard.h"
#include "ui/wizard/wizard_step_parts.h"

/** Widget ids. */
enum { W_RULES = 1, W_CURRENT, W_NEW, W_METER, W_REPEAT, W_CHANGE, W_GENERATE, W_CONTINUE };

/** Focus zones. */
enum { Z_LIST, Z_FORM };

/** The screen's state. */
typedef struct passwords {
	ds_wizard *w;
	ui_list *list;
	ui_form *form;
	int zone;
	size_t *index;            /**< list row -> site device index */
	size_t n_index;
	ui_rect title, intro, list_rect, form_title;
	ds_op_password op;
	uint64_t job;
	char *secret_current;     /**< copies for the job, in secure memory */
	char *secret_new;
	size_t job_device;        /**< the site index being changed */
} passwords;

static void passwords_meter(ui_field *field, void *arg);

/** The selected site device, or NULL. */
static ds_site_device *passwords_selected(passwords *s)
{
	ds_site *site = ds_wizard_site(s->w);
	int row = ui_list_selected(s->list);

	if (!site || row < 0 || (size_t)row >= s->n_index || s->index[row] >= site->n_devices)
		return NULL;
	return &site->devices[s->index[row]];
}

/** Explains the rules of the selected device in the form's first line. */
static void passwords_sync_form(passwords *s)
{
	ds_site_device *d = passwords_selected(s);
	ui_field *rules = ui_form_field(s->form, W_RULES);
	ui_field *current = ui_form_field(s->form, W_CURRENT);
	char text[512];

	if (!d) {
		ui_field_set_label(rules, _("Every device of this site has no password to change."));
		return;
	}
	if (d->rules.digits_only)
		snprintf(text, sizeof text, _("%s takes a PIN: %d to %u digits, no repeated digit or run like 123456."),
			 d->name, DS_PIN_MIN, d->rules.max_length ? d->rules.max_length : 8u);
	else
		snprintf(text, sizeof text, _("%s: at least %d characters, at most %u. Spaces and any characters are fine; "
					      "a few unrelated words are easy to type and hard to guess."),
			 d->name, d->rules.has_second_factor ? DS_PASSWORD_MIN_SECOND_FACTOR : DS_PASSWORD_MIN_SINGLE_FACTOR,
			 d->rules.max_length && d->rules.max_length < DS_PASSWORD_MAX ? d->rules.max_length : DS_PASSWORD_MAX);
	ui_field_set_label(rules, text);
	passwords_meter(ui_form_field(s->form, W_NEW), s);
	/* A device that left its default needs its current password to change it again. */
	ui_field_set_enabled(current, !d->on_factory_default);
	ui_field_set_hint(current, d->on_factory_default ? _("not needed: the device is on its factory default")
							 : _("the password this device has now"), UI_ROLE_DIM);
}

/** Rebuilds the list of devices that have a password. */
static void passwords_refill(passwords *s)
{
	ds_site *site = ds_wizard_site(s->w);
	int keep = ui_list_selected(s->list), rows = 0;
	ds_device_cols cols = { 0 };
	const char *widest = _("FACTORY DEFAULT");
	char row[256];

	for (size_t i = 0; site && i < site->n_devices; i++) {
		if (site->devices[i].has_password) {
			ds_device_cols_add(&cols, &site->devices[i], "");
			rows++;
		}
	}
	if (ui_text_width(_("changed, verified")) > ui_text_width(widest))
		widest = _("changed, verified");
	ds_device_cols_fit(&cols, ui_list_text_width(s->list, rows, widest));
	ui_list_clear(s->list);
	s->n_index = 0;
	free(s->index);
	s->index = site && site->n_devices ? calloc(site->n_devices, sizeof *s->index) : NULL;
	for (size_t i = 0; site && s->index && i < site->n_devices; i++) {
		const ds_site_device *d = &site->devices[i];

		if (!d->has_password)
			continue;
		ds_device_row(row, sizeof row, d, "", &cols);
		int r = ui_list_add(s->list, row, UI_ROLE_NORMAL);

		ui_list_set_status(s->list, r, d->on_factory_default ? _("FACTORY DEFAULT") : _("changed, verified"),
				   d->on_factory_default ? UI_ROLE_FAIL : UI_ROLE_OK);
		s->index[s->n_index++] = i;
	}
	ui_list_select(s->list, keep < 0 ? 0 : keep);
}

/** Selects the first device still on its default, if any. */
static void passwords_select_next_default(passwords *s)
{
	ds_site *site = ds_wizard_site(s->w);

	for (size_t r = 0; site && r < s->n_index; r++) {
		if (site->devices[s->index[r]].on_factory_default) {
			ui_list_select(s->list, (int)r);
			return;
		}
	}
}

/** Fills a context for the selected device (vendor, model, serial, site, register). */
static void passwords_context(passwords *s, const ds_site_device *d, ds_password_context *ctx)
{
	ds_session_password_context(ctx, ds_wizard_site(s->w), d, s->w->session->passwords);
}

/** The reason that explains a weak verdict best: a named pattern before the bare score. */
static const char *passwords_why(const ds_password_verdict *v)
{
	for (size_t i = 0; i < v->n_reasons; i++)
		if (v->reasons[i].code != DS_PW_WEAK)
			return v->reasons[i].text;
	return v->n_reasons ? v->reasons[0].text : "";
}

/** Updates the strength meter from the new password field; runs on every keystroke. */
static void passwords_meter(ui_field *field, void *arg)
{
	static const char *const words[] = { N_("very weak"), N_("weak"), N_("fair"), N_("strong"), N_("very strong") };
	passwords *s = arg;
	ds_site_device *d = passwords_selected(s);
	ui_field *meter = ui_form_field(s->form, W_METER);
	const char *pw = ui_field_secret_value(field);
	const ui_glyphs *g = ui_term_glyphs();
	ds_password_context ctx;
	ds_password_verdict v;
	char bar[64] = "", text[512];

	if (!d || !pw || !pw[0]) {
		ui_field_set_label(meter, _("Strength: type a password, or press Generate."));
		ui_field_set_role(meter, UI_ROLE_DIM);
		return;
	}
	passwords_context(s, d, &ctx);
	v = ds_password_evaluate(pw, &ctx);
	for (int i = 0; i < 4; i++)
		snprintf(bar + strlen(bar), sizeof bar - strlen(bar), "%s", i < v.score ? g->bar_full : g->bar_empty);
	if (v.accepted)
		snprintf(text, sizeof text, _("Strength %s %s. Good: the device accepts it."), bar, _(words[v.score]));
	else
		snprintf(text, sizeof text, _("Strength %s %s. %s %s"), bar, _(words[v.score < 0 ? 0 : v.score > 4 ? 4 : v.score]),
			 passwords_why(&v), v.n_suggestions ? v.suggestions[0] : "");
	ui_field_set_label(meter, text);
	ui_field_set_role(meter, v.accepted ? UI_ROLE_OK : v.score >= 3 ? UI_ROLE_WARN : UI_ROLE_FAIL);
}

void *ds_screen_passwords_new(ds_wizard *w)
{
	passwords *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->w = w;
	s->list = ui_list_new();
	s->form = ui_form_new();
	ui_form_add(s->form, ui_field_new_label(W_RULES, ""));
	ui_form_add(s->form, ui_field_new_secret(W_CURRENT, _("Current password"), DS_PASSWORD_MAX));
	ui_field_set_on_change(ui_form_add(s->form, ui_field_new_secret(W_NEW, _("New password"), DS_PASSWORD_MAX)),
			       passwords_meter, s);
	ui_form_add(s->form, ui_field_new_label(W_METER, ""));
	ui_form_add(s->form, ui_field_new_secret(W_REPEAT, _("Repeat the new password"), DS_PASSWORD_MAX));
	ui_form_add(s->form, ui_field_new_button(W_CHANGE, _("Change password")));
	ui_form_add(s->form, ui_field_new_button(W_GENERATE, _("Generate")));
	ui_form_add(s->form, ui_field_new_button(W_CONTINUE, _("Continue")));
	return s;
}

/** Wipes the job's copies of the secrets. */
static void passwords_wipe_job(passwords *s)
{
	ds_secret_free(s->secret_current);
	ds_secret_free(s->secret_new);
	s->secret_current = s->secret_new = NULL;
}

void ds_screen_passwords_free(void *state)
{
	passwords *s = state;

	if (!s)
		return;
	passwords_wipe_job(s);
	ui_list_free(s->list);
	ui_form_free(s->form);
	free(s->index);
	free(s);
}

/** Empties the secret fields. */
static void passwords_clear_fields(passwords *s)
{
	ui_field_clear(ui_form_field(s->form, W_CURRENT));
	ui_field_clear(ui_form_field(s->form, W_NEW));
	ui_field_clear(ui_form_field(s->form, W_REPEAT));
	ui_field_set_reveal(ui_form_field(s->form, W_NEW), false);
	passwords_meter(ui_form_field(s->form, W_NEW), s);
}

/** Called each time the step is shown. */
static void passwords_enter(void *state)
{
	passwords *s = state;

	passwords_refill(s);
	passwords_select_next_default(s);
	passwords_sync_form(s);
	s->zone = Z_FORM;
	ui_form_focus(s->form, ui_field_focusable(ui_form_field(s->form, W_CURRENT)) ? W_CURRENT : W_NEW);
}

/** The line under the title: how many factory passwords are left, in
 *  intro (size bytes). Returns that number. */
static size_t passwords_intro(const passwords *s, char *intro, size_t size)
{
	ds_site *site = ds_wizard_site(s->w);
	size_t left = site ? ds_site_devices_on_default(site) : 0;

	if (left)
		snprintf(intro, size,
			 P_("%zu device still has its factory-default password. Attackers try exactly those: give it a new one. "
			    "The wizard goes on when none is left.",
			    "%zu devices still have their factory-default password. Attackers try exactly those: give each a new, "
			    "different one. The wizard goes on when none is left.",
			    left),
			 left);
	else
		snprintf(intro, size, "%s",
			 _("No factory-default password is left. You can still change a password here."));
	return left;
}

/** Places the list on top and the form below. */
static void passwords_layout(void *state, ui_rect r)
{
	passwords *s = state;
	ui_rect body = ui_layout_inset(r, 0, 1);
	char intro[512];

	passwords_intro(s, intro, sizeof intro);
	s->title = ui_layout_take_top(&body, 1);
	s->intro = ui_layout_take_text(&body, intro, 4);
	s->list_rect = ui_layout_take_top_clamped(&body, (int)s->n_index + 1, 2, body.h / 3);
	ui_list_layout(s->list, s->list_rect);
	passwords_refill(s); /* the table's columns fit the new width */
	ui_layout_take_top(&body, 1);
	ui_form_layout(s->form, body);
}

/** Paints the screen. */
static void passwords_draw(void *state, WINDOW *win)
{
	passwords *s = state;
	char intro[512];
	size_t left = passwords_intro(s, intro, sizeof intro);

	ui_draw_text(win, s->title.y, s->title.x, s->title.w, ui_theme_attr(UI_ROLE_TITLE), _("Passwords"));
	ui_draw_wrapped(win, s->intro, ui_theme_attr(left ? UI_ROLE_WARN : UI_ROLE_OK), intro, false);
	ui_list_draw(s->list, win, s->zone == Z_LIST);
	ui_form_draw(s->form, win, s->zone == Z_FORM);
}

/** Checks the form and starts the change on the device. */
static int passwords_change(passwords *s)
{
	ds_site_device *d = passwords_selected(s);
	ui_field *current = ui_form_field(s->form, W_CURRENT);
	ui_field *fresh = ui_form_field(s->form, W_NEW);
	ui_field *repeat = ui_form_field(s->form, W_REPEAT);
	const char *pw = ui_field_secret_value(fresh);
	ds_password_context ctx;
	ds_password_verdict verdict;

	if (!d)
		return UI_HANDLED;
	if (!d->on_factory_default && !ui_field_secret_value(current)[0]) {
		ui_field_set_error(current, _("Type the password this device has now."));
		ui_form_focus(s->form, W_CURRENT);
		return UI_HANDLED | UI_REDRAW;
	}
	passwords_context(s, d, &ctx);
	ctx.current = d->on_factory_default ? NULL : ui_field_secret_value(current);
	verdict = ds_password_evaluate(pw, &ctx);
	if (!verdict.accepted) {
		ui_field_set_error(fresh, verdict.n_reasons ? verdict.reasons[0].text : _("This password is too easy to guess."));
		ui_form_focus(s->form, W_NEW);
		return UI_HANDLED | UI_REDRAW;
	}
	if (!ds_secret_equal(pw, ui_field_secret_value(repeat))) {
		ui_field_set_error(repeat, _("The two passwords differ. Type the new password again."));
		ui_form_focus(s->form, W_REPEAT);
		return UI_HANDLED | UI_REDRAW;
	}
	passwords_wipe_job(s);
	s->secret_new = ds_secret_strdup(pw);
	s->secret_current = d->on_factory_default ? NULL : ds_secret_strdup(ui_field_secret_value(current));
	if (!s->secret_new || (!d->on_factory_default && !s->secret_current)) {
		passwords_wipe_job(s);
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("Out of secure memory. Close other programs and try again."));
		return UI_HANDLED | UI_REDRAW;
	}
	memset(&s->op, 0, sizeof s->op);
	s->op.devices = s->w->session->devices;
	s->op.device = *d;
	s->op.current = s->secret_current;
	s->op.new_password = s->secret_new;
	s->job_device = (size_t)(d - ds_wizard_site(s->w)->devices);
	s->job = ds_wizard_start_job(s->w, _("Changing the password on the device"), ds_op_password_job, &s->op, 30);
	if (!s->job)
		passwords_wipe_job(s);
	return UI_HANDLED | UI_REDRAW;
}

/** Fills both password fields with a generated password the policy accepts. */
static int passwords_generate(passwords *s)
{
	ds_site_device *d = passwords_selected(s);
	ui_field *fresh = ui_form_field(s->form, W_NEW);
	ds_password_context ctx;
	ds_password_kind kind;
	char *pw;

	if (!d)
		return UI_HANDLED;
	passwords_context(s, d, &ctx);
	pw = ds_password_generate(&d->rules, &ctx, &kind);
	if (!pw) {
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s",
				 _("No password can meet this device's rules. Type one yourself, or contact the vendor."));
		return UI_HANDLED | UI_REDRAW;
	}
	ui_field_set_value(fresh, pw);
	ui_field_set_value(ui_form_field(s->form, W_REPEAT), pw);
	ds_secret_free(pw);
	ui_field_set_reveal(fresh, true);
	passwords_meter(fresh, s);
	ui_form_focus(s->form, W_CHANGE);
	ds_wizard_status(s->w, UI_LEVEL_INFO, "%s",
			 _("Generated. Write it down for the customer now (F3 hides it); doorstep keeps no copy. Enter sets it."));
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** The result of a change. */
static int passwords_event(void *state, ds_event *ev)
{
	passwords *s = state;
	ds_site *site = ds_wizard_site(s->w);

	if (!s->job || ev->job_id != s->job || ev->type != DS_EVENT_DONE)
		return UI_IGNORED;
	s->job = 0;
	if (ev->status == DS_OK && site && s->job_device < site->n_devices) {
		ds_site_device *d = &site->devices[s->job_device];

		const bool registered = ds_password_register_put(s->w->session->passwords, d->serial, s->secret_new) == 0;

		ds_op_password_record(site, &s->op);
		ds_wizard_save(s->w);
		passwords_clear_fields(s);
		passwords_refill(s);
		ds_wizard_status(s->w, UI_LEVEL_OK, _("%s: new password set and verified; the old one no longer works."), d->name);
		if (!registered) /* then a reuse of it on another device would go unseen */
			ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s",
					 _("Out of memory: close other programs and try again."));
		passwords_select_next_default(s);
		passwords_sync_form(s);
		ui_form_focus(s->form, ds_site_devices_on_default(site) ? W_NEW : W_CONTINUE);
	} else if (ev->status == DS_ERR_AUTH) {
		ui_field_set_error(ui_form_field(s->form, W_CURRENT), ev->message[0] ? ev->message
				   : _("The device refused the current password. Check it and try again."));
		ui_form_focus(s->form, W_CURRENT);
	} else if (ev->status == DS_ERR_BUSY) {
		char text[512];

		snprintf(text, sizeof text, _("The device refuses logins for %u s after failed attempts. Wait, then try again."),
			 (s->op.retry_after_ms + 999) / 1000);
		ds_wizard_message(s->w, _("Device is waiting"), ev->message[0] ? ev->message : text);
	} else if (ev->status == DS_ERR_CANCELLED) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("Cancelled. The device may or may not have taken the new password: its state is read again when you retry."));
	} else {
		ds_wizard_message(s->w, _("Password not changed"), ev->message[0] ? ev->message
				  : _("The device did not confirm the new password. Try again."));
	}
	passwords_wipe_job(s);
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** Keys: the list picks the device, the form changes its password. */
static int passwords_key(void *state, int key, wint_t wch, bool fn)
{
	passwords *s = state;
	int activated = 0, flags;

	if (s->zone == Z_LIST) {
		if (ui_key_is_enter(key, fn) || ui_key_is_char(key, fn, '\t')) {
			s->zone = Z_FORM;
			passwords_sync_form(s);
			ui_form_focus(s->form, ui_field_focusable(ui_form_field(s->form, W_CURRENT)) ? W_CURRENT : W_NEW);
			return UI_HANDLED | UI_REDRAW;
		}
		flags = ui_list_key(s->list, key, wch, fn);
		if (flags & UI_HANDLED) {
			passwords_clear_fields(s);
			passwords_sync_form(s);
		}
		if (!(flags & UI_HANDLED) && ui_key_is_fn(key, fn, KEY_DOWN)) {
			s->zone = Z_FORM;
			return UI_HANDLED | UI_REDRAW;
		}
		return flags | UI_RELAYOUT;
	}
	ui_field *focused = ui_form_focused(s->form);
	bool current_on = ui_field_focusable(ui_form_field(s->form, W_CURRENT));

	/* Shift-Tab from the first password field goes back to the device list. */
	if (ui_key_is_fn(key, fn, KEY_BTAB) && focused &&
	    (ui_field_id(focused) == W_CURRENT || (ui_field_id(focused) == W_NEW && !current_on))) {
		s->zone = Z_LIST;
		return UI_HANDLED | UI_REDRAW;
	}
	flags = ui_form_key(s->form, key, wch, fn, &activated);
	if (flags & UI_ACTIVATE) {
		if (activated == W_CURRENT || activated == W_NEW) {
			ui_form_focus_next(s->form);
			return UI_HANDLED | UI_REDRAW;
		}
		if (activated == W_REPEAT || activated == W_CHANGE)
			return passwords_change(s);
		if (activated == W_GENERATE)
			return passwords_generate(s);
		if (activated == W_CONTINUE) {
			ds_wizard_next(s->w);
			return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
		}
	}
	if (!(flags & UI_HANDLED) && ui_key_is_fn(key, fn, KEY_UP)) {
		s->zone = Z_LIST;
		return UI_HANDLED | UI_REDRAW;
	}
	return flags;
}

/** True while a password field has the focus. */
static bool passwords_text_input(void *state)
{
	passwords *s = state;

	return s->zone == Z_FORM && ui_form_text_input(s->form);
}

/** Key hints. */
static const ui_key_hint *passwords_hints(void *state, size_t *n)
{
	static const ui_key_hint hints[] = {
		{ N_("Tab"), N_("Next") }, { N_("F3"), N_("Show/hide") }, { N_("Enter"), N_("Change") },
		{ N_("F10"), N_("Continue") }, { N_("Esc"), N_("Back") }, { N_("F1"), N_("Help") },
	};

	(void)state;
	*n = sizeof hints / sizeof hints[0];
	return hints;
}

/** Help text. */
static const char *passwords_help(void *state)
{
	(void)state;
	return _("Every device must leave with a password of its own: factory defaults are the first thing attackers "
		 "try. Pick a device in the list (Shift-Tab or Up), type its new password twice and press Enter. "
		 "doorstep sets it, then checks that the new password logs in and that the old one no longer does. "
		 "A long password made of a few unrelated words is easy to type and hard to guess; the meter under "
		 "the field says how hard it is to guess and why, on every key. \"Generate\" makes one that always "
		 "passes. Write it down for the customer: doorstep keeps no copy. The wizard goes on only when no factory password is left.");
}

const ui_screen_class ds_screen_passwords = {
	.name = "passwords",
	.enter = passwords_enter,
	.layout = passwords_layout,
	.draw = passwords_draw,
	.key = passwords_key,
	.event = passwords_event,
	.text_input = passwords_text_input,
	.hints = passwords_hints,
	.help = passwords_help,
};
