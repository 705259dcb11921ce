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
#include "ui/toolkit/ui_dialog.h"
#include "ui/wizard/wizard.h"
#include "ui/wizard/wizard_accounts.h"
#include "ui/wizard/wizard_step_parts.h"

/** Widget ids. */
enum { W_RULES = 1, W_CURRENT, W_NEW, W_METER, W_REPEAT, W_CHANGE, W_GENERATE, W_CONTINUE };

/** A list row that is a device (its primary account), not one of its accounts. */
#define PW_DEVICE_ROW SIZE_MAX

/** Focus zones. */
enum { Z_LIST, Z_FORM };

/** The screen's state. */
typedef struct passwords {
	ds_wizard *w;
	ui_list *list;
	ui_form *form;
	int zone;
	size_t *index;            /**< list row -> site device index */
	size_t *account;          /**< list row -> site account index, or PW_DEVICE_ROW */
	size_t n_index;
	ui_rect title, intro, list_rect, form_title;
	ds_op_password op;
	uint64_t job;
	char *secret_current;     /**< copies for the job, in secure memory */
	char *secret_new;
	size_t job_device;        /**< the site index being changed */
	ds_op_account_password acc_op; /**< a new password for an account that is not the primary one */
	uint64_t acc_job;
	ds_op_account_delete del_op; /**< deleting an account */
	uint64_t del_job;
	ds_op_accounts read; /**< reading the accounts of a device */
	uint64_t read_job;
	ui_dialog *confirm; /**< "Delete account ...?" */
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

/** The site's primary account of d, or NULL. */
static ds_site_account *passwords_primary(ds_site *site, const ds_site_device *d)
{
	for (size_t i = 0; site && i < site->n_accounts; i++) {
		ds_site_account *a = &site->accounts[i];

		if (a->primary && strcmp(a->plugin_id, d->plugin_id) == 0 && strcmp(a->device_serial, d->serial) == 0)
			return a;
	}
	return NULL;
}

/** The account of the selected row (a device row is its primary account),
 *  or NULL for a device without recorded accounts. */
static ds_site_account *passwords_selected_account(passwords *s)
{
	ds_site *site = ds_wizard_site(s->w);
	ds_site_device *d = passwords_selected(s);
	int row = ui_list_selected(s->list);

	if (!d)
		return NULL;
	if (s->account[row] != PW_DEVICE_ROW && s->account[row] < site->n_accounts)
		return &site->accounts[s->account[row]];
	return passwords_primary(site, d);
}

/** True when the selected row still has its factory default (no current
 *  password needed): the account's own state, else the device's. */
static bool passwords_on_default(passwords *s, const ds_site_device *d)
{
	const ds_site_account *a = passwords_selected_account(s);

	if (!a)
		return d->on_factory_default;
	/* An account other than the primary one is changed without its current password. */
	return !a->primary || ds_wizard_account_needs_work(a);
}

/** Explains the rules of the selected device in the form's first line. */
static void passwords_sync_form(passwords *s)
{
	ds_site_device *d = passwords_selected(s);
	ui_field *rules = ui_form_field(s->form, W_RULES);
	ui_field *current = ui_form_field(s->form, W_CURRENT);
	char text[512];

	const ds_site_account *a = passwords_selected_account(s);
	const ds_password_rules *r = d && a && (a->rules.max_length || a->rules.digits_only || a->rules.allowed[0])
					     ? &a->rules
				     : d ? &d->rules
					 : NULL;
	char name[DS_NAME_MAX + DS_ID_MAX + 64];
	bool on_default;

	if (!d) {
		ui_field_set_label(rules, _("Every device of this site has no password to change."));
		return;
	}
	on_default = passwords_on_default(s, d);
	if (a)
		snprintf(name, sizeof name, _("%s, account %s"), d->name, a->user);
	else
		snprintf(name, sizeof name, "%s", d->name);
	if (r->digits_only)
		snprintf(text, sizeof text, _("%s takes a PIN: %d to %u digits, no repeated digit or run like 123456."),
			 name, DS_PIN_MIN, r->max_length ? r->max_length : 8u);
	else
		snprintf(text, sizeof text,
			 _("%s: at least %d characters, at most %u. Spaces and any characters are fine; "
			   "a few unrelated words are easy to type and hard to guess."),
			 name, r->has_second_factor ? DS_PASSWORD_MIN_SECOND_FACTOR : DS_PASSWORD_MIN_SINGLE_FACTOR,
			 r->max_length && r->max_length < DS_PASSWORD_MAX ? r->max_length : DS_PASSWORD_MAX);
	ui_field_set_label(rules, text);
	passwords_meter(ui_form_field(s->form, W_NEW), s);
	/* A device that left its default needs its current password to change it again. */
	ui_field_set_enabled(current, !on_default);
	ui_field_set_hint(current,
			  !on_default        ? _("the password this device has now")
			  : a && !a->primary ? _("not needed: the device's administrator changes this account")
					     : _("not needed: the device is on its factory default"),
			  UI_ROLE_DIM);
}

/** Adds a row under device i for each of its accounts that was on a default. */
static void passwords_add_accounts(passwords *s, ds_site *site, size_t i)
{
	const ds_site_device *d = &site->devices[i];
	char row[256];
	ui_role role;

	for (size_t k = 0; k < site->n_accounts; k++) {
		const ds_site_account *a = &site->accounts[k];

		if (strcmp(a->plugin_id, d->plugin_id) != 0 || strcmp(a->device_serial, d->serial) != 0 ||
		    (!a->on_factory_default && a->done == DS_ACCOUNT_LEFT))
			continue;
		snprintf(row, sizeof row, _("   account %s (%s)"), a->user, ds_wizard_account_role(a->role));
		int r = ui_list_add(s->list, row, UI_ROLE_NORMAL);
		const char *state = ds_wizard_account_state(a, &role);

		ui_list_set_status(s->list, r, state, role);
		s->account[s->n_index] = k;
		s->index[s->n_index++] = i;
	}
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
	free(s->account);
	s->index = site && site->n_devices ? calloc(site->n_devices + site->n_accounts, sizeof *s->index) : NULL;
	s->account = s->index ? calloc(site->n_devices + site->n_accounts, sizeof *s->account) : NULL;
	for (size_t i = 0; site && s->index && s->account && i < site->n_devices; i++) {
		const ds_site_device *d = &site->devices[i];

		if (!d->has_password)
			continue;
		ds_device_row(row, sizeof row, d, "", &cols);
		int r = ui_list_add(s->list, row, UI_ROLE_NORMAL);

		/* The device's state is the core's account rule, never decided here. */
		ui_list_set_status(s->list, r, d->on_factory_default ? _("FACTORY DEFAULT") : _("changed, verified"),
				   d->on_factory_default ? UI_ROLE_FAIL : UI_ROLE_OK);
		s->account[s->n_index] = PW_DEVICE_ROW;
		s->index[s->n_index++] = i;
		passwords_add_accounts(s, site, i);
	}
	ui_list_select(s->list, keep < 0 ? 0 : keep);
}

/** Selects the first device still on its default, if any. */
static void passwords_select_next_default(passwords *s)
{
	ds_site *site = ds_wizard_site(s->w);

	for (size_t r = 0; site && r < s->n_index; r++) {
		const ds_site_device *d = &site->devices[s->index[r]];
		bool todo = s->account[r] != PW_DEVICE_ROW ? ds_wizard_account_needs_work(&site->accounts[s->account[r]])
							   : d->on_factory_default && !ds_wizard_accounts_known(site, d);

		if (todo) {
			ui_list_select(s->list, (int)r);
			return;
		}
	}
}

/** Fills a context for the selected device (vendor, model, serial, site, register). */
static void passwords_context(passwords *s, const ds_site_device *d, ds_password_context *ctx)
{
	const ds_site_account *a = passwords_selected_account(s);

	ds_session_password_context(ctx, ds_wizard_site(s->w), d, s->w->session->passwords);
	if (a && (a->rules.max_length || a->rules.digits_only || a->rules.allowed[0]))
		ctx->rules = &a->rules; /* the account's own limits */
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
	s->confirm = ui_dialog_new();
	if (!s->confirm) {
		ds_screen_passwords_free(s);
		return NULL;
	}
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
	ui_dialog_free(s->confirm);
	free(s->read.accounts);
	free(s->index);
	free(s->account);
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

/** Reads the accounts of the next device (from site index from) whose
 *  accounts the site does not know yet, with progress. */
static void passwords_read_next(passwords *s, size_t from)
{
	ds_site *site = ds_wizard_site(s->w);
	const ds_site_device *d = ds_wizard_accounts_unread(site, from);

	if (d && !s->read_job && !ds_wizard_busy(s->w))
		s->read_job = ds_wizard_accounts_read(s->w, &s->read, d);
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
	passwords_read_next(s, 0);
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
	ui_dialog_layout(s->confirm, r);
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
	ui_dialog_draw(s->confirm, win);
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
	const ds_site_account *a = passwords_selected_account(s);
	bool on_default = passwords_on_default(s, d);

	if (!on_default && !ui_field_secret_value(current)[0]) {
		ui_field_set_error(current, _("Type the password this device has now."));
		ui_form_focus(s->form, W_CURRENT);
		return UI_HANDLED | UI_REDRAW;
	}
	passwords_context(s, d, &ctx);
	ctx.current = on_default ? NULL : ui_field_secret_value(current);
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
	s->secret_current = on_default ? NULL : ds_secret_strdup(ui_field_secret_value(current));
	if (!s->secret_new || (!on_default && !s->secret_current)) {
		passwords_wipe_job(s);
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("Out of secure memory. Close other programs and try again."));
		return UI_HANDLED | UI_REDRAW;
	}
	s->job_device = (size_t)(d - ds_wizard_site(s->w)->devices);
	if (a && !a->primary) {
		memset(&s->acc_op, 0, sizeof s->acc_op);
		s->acc_op.devices = s->w->session->devices;
		s->acc_op.device = *d;
		snprintf(s->acc_op.user, sizeof s->acc_op.user, "%s", a->user);
		s->acc_op.new_password = s->secret_new;
		s->acc_job = ds_wizard_start_job(s->w, _("Changing the account's password on the device"),
						 ds_op_account_password_job, &s->acc_op, DS_PASSWORD_CHANGE_LIMIT_S);
		if (!s->acc_job)
			passwords_wipe_job(s);
		return UI_HANDLED | UI_REDRAW;
	}
	memset(&s->op, 0, sizeof s->op);
	s->op.devices = s->w->session->devices;
	s->op.device = *d;
	s->op.current = s->secret_current;
	s->op.new_password = s->secret_new;
	s->job = ds_wizard_start_job(s->w, _("Changing the password on the device"), ds_op_password_job, &s->op,
				     DS_PASSWORD_CHANGE_LIMIT_S);
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

/** After a change of an account: the list, the form and the next row to do. */
static void passwords_after_account(passwords *s)
{
	ds_site *site = ds_wizard_site(s->w);

	ds_wizard_save(s->w);
	passwords_clear_fields(s);
	passwords_refill(s);
	passwords_select_next_default(s);
	passwords_sync_form(s);
	ui_form_focus(s->form, ds_site_devices_on_default(site) ? W_NEW : W_CONTINUE);
}

/** The accounts of a device were read: show them, then read the next device's. */
static int passwords_read_done(passwords *s, ds_event *ev)
{
	ds_site *site = ds_wizard_site(s->w);
	size_t next = site ? site->n_devices : 0; /* past the end when the device is gone */

	s->read_job = 0;
	for (size_t i = 0; site && i < site->n_devices; i++)
		if (strcmp(site->devices[i].serial, s->read.device.serial) == 0 &&
		    strcmp(site->devices[i].plugin_id, s->read.device.plugin_id) == 0)
			next = i + 1;
	if (ds_wizard_accounts_done(s->w, &s->read, ev)) {
		passwords_refill(s);
		passwords_select_next_default(s);
		passwords_sync_form(s);
		passwords_read_next(s, next);
	}
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** The message of a change that failed: when the wizard's time limit
 *  stopped it, the device may have taken the new password or not, whatever
 *  the device said last. */
static const char *passwords_fail_text(const passwords *s, const ds_event *ev, const char *fallback)
{
	if (ev->status == DS_ERR_TIMEOUT && s->w->fg_timed_out)
		return _("The device did not finish the change in time, so doorstep stopped waiting. It may "
			 "have taken the new password or kept the old one: keep both. Check that it is on and "
			 "reachable, then change it again with the same new password.");
	return ev->message[0] ? ev->message : fallback;
}

/** The result of a new password for an account other than the primary one. */
static int passwords_account_done(passwords *s, ds_event *ev)
{
	ds_site *site = ds_wizard_site(s->w);
	char key[2 * DS_ID_MAX + 2];

	s->acc_job = 0;
	if (ev->status == DS_OK && site) {
		snprintf(key, sizeof key, "%s/%s", s->acc_op.device.serial, s->acc_op.user);
		const bool registered = ds_password_register_put(s->w->session->passwords, key, s->secret_new) == 0;

		ds_op_account_password_record(site, &s->acc_op);
		ds_wizard_status(s->w, UI_LEVEL_OK, _("%s: account %s has a new password, verified by the device."),
				 s->acc_op.device.name, s->acc_op.user);
		if (!registered)
			ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s",
					 _("Out of memory: close other programs and try again."));
		passwords_after_account(s);
	} else if (ev->status == DS_ERR_CANCELLED) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("Cancelled. The account may or may not have taken the new password: set it again."));
	} else {
		ds_wizard_message(s->w, _("Password not changed"),
				  passwords_fail_text(s, ev,
						      _("The device did not confirm the new password. Try again.")));
	}
	passwords_wipe_job(s);
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** The selected account when the device lets it be deleted, else NULL. */
static const ds_site_account *passwords_deletable(passwords *s)
{
	const ds_site_account *a = passwords_selected_account(s);

	return a && a->can_delete && !a->primary && a->done != DS_ACCOUNT_DELETED ? a : NULL;
}

/** Asks before deleting the selected account, naming it. */
static int passwords_ask_delete(passwords *s)
{
	const ds_site_device *d = passwords_selected(s);
	const ds_site_account *a = passwords_deletable(s);
	char text[1024];

	if (!d || !a) {
		ds_wizard_status(s->w, UI_LEVEL_INFO, "%s",
				 _("Select an account the device lets you delete (not its administrator) first."));
		return UI_HANDLED | UI_REDRAW;
	}
	memset(&s->del_op, 0, sizeof s->del_op);
	s->del_op.devices = s->w->session->devices;
	s->del_op.device = *d;
	snprintf(s->del_op.user, sizeof s->del_op.user, "%s", a->user);
	snprintf(text, sizeof text,
		 _("Delete the account \"%s\" (%s) on %s?\n\nNobody can log in with it any more. Whoever used it needs "
		   "another account on the device."),
		 a->user, ds_wizard_account_role(a->role), d->name);
	ui_dialog_open_confirm(s->confirm, _("Delete account"), text);
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** The result of deleting an account. */
static int passwords_delete_done(passwords *s, ds_event *ev)
{
	ds_site *site = ds_wizard_site(s->w);

	s->del_job = 0;
	if (ev->status == DS_OK && site) {
		ds_op_account_delete_record(site, &s->del_op);
		ds_wizard_status(s->w, UI_LEVEL_OK, _("%s: account %s deleted; the device confirmed it is gone."),
				 s->del_op.device.name, s->del_op.user);
		passwords_after_account(s);
	} else if (ev->status == DS_ERR_CANCELLED) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("Cancelled. The account may or may not be deleted: its state is read again when you retry."));
	} else {
		ds_wizard_message(s->w, _("Account not deleted"),
				  ev->message[0] ? ev->message
						 : _("The device did not confirm the account is gone. Try again."));
	}
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** The result of a change. */
static int passwords_event(void *state, ds_event *ev)
{
	passwords *s = state;
	ds_site *site = ds_wizard_site(s->w);

	if (ev->type != DS_EVENT_DONE || !ev->job_id)
		return UI_IGNORED;
	if (ev->job_id == s->read_job)
		return passwords_read_done(s, ev);
	if (ev->job_id == s->acc_job)
		return passwords_account_done(s, ev);
	if (ev->job_id == s->del_job)
		return passwords_delete_done(s, ev);
	if (!s->job || ev->job_id != s->job)
		return UI_IGNORED;
	s->job = 0;
	if (ev->status == DS_OK && site && s->job_device < site->n_devices) {
		ds_site_device *d = &site->devices[s->job_device];

		const bool registered = ds_password_register_put(s->w->session->passwords, d->serial, s->secret_new) == 0;

		ds_op_password_record(site, &s->op);
		if (ds_wizard_has_accounts(d))
			ds_op_account_primary_record(site, d); /* the account rule decides the device */
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
		ds_wizard_message(s->w, _("Password not changed"),
				  passwords_fail_text(s, ev,
						      _("The device did not confirm the new password. Try again.")));
	}
	passwords_wipe_job(s);
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** Keys: the list picks the device, the form changes its password. */
static int passwords_key(void *state, int key, wint_t wch, bool fn)
{
	passwords *s = state;
	int activated = 0, flags;

	if (ui_dialog_is_open(s->confirm)) {
		ui_dialog_result result = UI_DIALOG_NONE;

		flags = ui_dialog_key(s->confirm, key, wch, fn, &result);
		if (result == UI_DIALOG_YES)
			s->del_job = ds_wizard_start_job(s->w, _("Deleting the account on the device"),
							 ds_op_account_delete_job, &s->del_op, 30);
		else if (result == UI_DIALOG_NO)
			ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("Nothing was deleted."));
		return flags | UI_HANDLED | UI_REDRAW | UI_RELAYOUT;
	}
	if (ui_key_is_fn(key, fn, KEY_F(8)))
		return passwords_ask_delete(s);
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
	/* An account the device lets delete is selected: F8 offers it, first. */
	static const ui_key_hint delete_hints[] = {
		{ N_("F8"), N_("Delete account") }, { N_("Tab"), N_("Next") }, { N_("Enter"), N_("Change") },
		{ N_("F10"), N_("Continue") },      { N_("Esc"), N_("Back") }, { N_("F1"), N_("Help") },
	};
	passwords *s = state;

	if (passwords_deletable(s)) {
		*n = sizeof delete_hints / sizeof delete_hints[0];
		return delete_hints;
	}
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
		 "passes. Write it down for the customer: doorstep keeps no copy. "
		 "A device with several accounts (a camera's admin and a leftover guest) lists each account that was on a "
		 "factory default under it: give each its own new password the same way, or, for an account the device "
		 "lets you delete, press F8 \"Delete account\" (doorstep asks first, naming it). The device stays on "
		 "FACTORY DEFAULT until every such account is done. The wizard goes on only when no factory password is left.");
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
