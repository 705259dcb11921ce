/* The Bluetooth panel of the Devices step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/ble_nearby.h"
#include "app/base/i18n.h"
#include "ui/wizard/devices_ble_panel.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_list.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"

/** How long one scan listens. */
#define BLE_PANEL_SCAN_SECONDS 60u
/** How long pairing looks for the device again before its plugin sets it up. */
#define BLE_PANEL_PAIR_SECONDS 10u

/** What the confirmation dialog asks. */
enum { ASK_NONE, ASK_POWER, ASK_CONFIRM };
/** The passkey field's id. */
enum { W_PASSKEY = 1 };

struct ds_ble_panel {
	ds_wizard *w;
	bool open;
	ds_ble_table table;        /**< the UI's copy, fed by scan events */
	ui_list *list;
	ds_ble_scan_opts scan;     /**< the running scan's arg */
	uint64_t scan_job;
	ds_ble_agent *agent;
	ds_ble_pair_op pair;       /**< the running pairing's arg */
	uint64_t pair_job;
	ds_site_device paired;
	bool has_paired;
	ui_dialog *dialog;
	int asking;                /**< ASK_* of the open dialog */
	ds_ble_agent_request request; /**< the agent's request on screen */
	bool passkey_open;         /**< the passkey prompt is shown */
	ui_form *passkey;
	char progress[256];        /**< the scan's latest message */
	char pairing[256];         /**< the pairing's latest message, or its outcome */
	char selected[128];        /**< object path of the selected row, kept across re-sorts */
	bool dirty;                /**< the table changed since the list was built */
	bool rescan;               /**< reopened while the last scan was ending: scan again then */
	ui_rect area, title, info, list_rect, hint, prompt;
};

/** Frees it (defined with the panel's class below). */
static void ble_panel_free(void *state);

ds_ble_panel *ds_ble_panel_new(ds_wizard *w)
{
	ds_ble_panel *p = calloc(1, sizeof *p);
	ui_field *f;

	if (!p)
		return NULL;
	p->w = w;
	p->list = ui_list_new();
	p->dialog = ui_dialog_new();
	p->passkey = ui_form_new();
	p->agent = ds_ble_agent_new();
	if (!p->list || !p->dialog || !p->passkey || !p->agent) {
		ble_panel_free(p);
		return NULL;
	}
	f = ui_form_add(p->passkey, ui_field_new_text(W_PASSKEY, _("Passkey"), 6));
	ui_field_set_hint(f, _("the 6 digits the device shows; Enter sends, Esc refuses"), UI_ROLE_DIM);
	ds_ble_table_init(&p->table);
	return p;
}

/** Frees it (the session's jobs have ended). */
static void ble_panel_free(void *state)
{
	ds_ble_panel *p = state;

	if (!p)
		return;
	ui_list_free(p->list);
	ui_dialog_free(p->dialog);
	ui_form_free(p->passkey);
	ds_ble_agent_free(p->agent);
	ds_ble_table_clear(&p->table);
	free(p);
}

/** Starts a scan (switching the adapter on first when power_on). */
static void ble_panel_scan(ds_ble_panel *p, bool power_on)
{
	if (p->scan_job)
		return;
	memset(&p->scan, 0, sizeof p->scan);
	p->scan.seconds = BLE_PANEL_SCAN_SECONDS;
	ds_ble_nearby_claim_with(&p->scan, ds_devices_plugins(p->w->session->devices));
	p->scan.agent = p->agent;
	p->scan.power_on = power_on;
	snprintf(p->progress, sizeof p->progress, "%s", _("Looking for a Bluetooth adapter..."));
	p->scan_job = ds_jobs_submit(p->w->session->jobs, ds_ble_nearby_scan_job, &p->scan);
}

void ds_ble_panel_open(ds_ble_panel *p)
{
	p->open = true;
	p->pairing[0] = '\0';
	p->rescan = p->scan_job != 0; /* the scan closing cancelled has not ended yet */
	ble_panel_scan(p, false);
}

/** True while open. */
static bool ble_panel_is_open(const void *state)
{
	const ds_ble_panel *p = state;

	return p->open;
}

/** Places the panel. */
static void ble_panel_layout(void *state, ui_rect r)
{
	ds_ble_panel *p = state;
	ui_rect body = ui_layout_inset(r, 0, 1);

	p->area = r;
	p->title = ui_layout_take_top(&body, 1);
	p->info = ui_layout_take_top(&body, 2);
	p->hint = ui_layout_take_bottom(&body, 1);
	p->prompt = ui_layout_take_bottom(&body, p->passkey_open ? 4 : 0);
	p->list_rect = body;
	ui_list_layout(p->list, body);
	if (p->passkey_open) {
		ui_rect form = p->prompt;

		ui_layout_take_top(&form, 1);
		ui_form_layout(p->passkey, form);
	}
	ui_dialog_layout(p->dialog, r);
}

/** One row: name, address, signal, and who claims the device or what it is. */
static void ble_panel_row(char *row, size_t size, const ds_ble_device *d)
{
	char rssi[16] = "  ?";
	const char *what = d->claimed_by[0] ? d->claimed_by : d->label[0] ? d->label : _("unknown");

	if (d->fields & DS_BLE_F_RSSI)
		snprintf(rssi, sizeof rssi, "%4d", d->rssi);
	row[0] = '\0';
	ui_text_pad(row, size, d->name[0] ? d->name : _("(no name)"), 24);
	ui_text_pad(row, size, " ", 1);
	ui_text_pad(row, size, d->address, 17);
	ui_text_pad(row, size, " ", 1);
	ui_text_pad(row, size, rssi, 4);
	ui_text_pad(row, size, _(" dBm  "), 6);
	ui_text_pad(row, size, what, ui_text_width(what));
}

/** Rebuilds the list from the table, keeping the selected device selected. */
static void ble_panel_refill(ds_ble_panel *p)
{
	char row[256];
	int keep = 0;

	ui_list_clear(p->list);
	for (size_t i = 0; i < p->table.n; i++) {
		const ds_ble_device *d = p->table.rows[i];

		ble_panel_row(row, sizeof row, d);
		ui_list_add(p->list, row, d->claimed_by[0] ? UI_ROLE_NORMAL : UI_ROLE_DIM);
		if (strcmp(d->path, p->selected) == 0)
			keep = (int)i;
	}
	ui_list_select(p->list, keep);
}

/** Rebuilds the list once for all the events since the last key or draw:
 *  hundreds of devices changing signal cost one rebuild per frame. */
static void ble_panel_sync(ds_ble_panel *p)
{
	if (!p->dirty)
		return;
	p->dirty = false;
	ble_panel_refill(p);
}

/** Notes which device is selected (by path). */
static void ble_panel_note_selection(ds_ble_panel *p)
{
	int i = ui_list_selected(p->list);

	if (i >= 0 && (size_t)i < p->table.n)
		snprintf(p->selected, sizeof p->selected, "%s", p->table.rows[i]->path);
}

/** Paints the panel. */
static void ble_panel_draw(void *state, WINDOW *win)
{
	ds_ble_panel *p = state;
	char title[128];

	ble_panel_sync(p);
	snprintf(title, sizeof title, P_("Bluetooth devices nearby: %zu", "Bluetooth devices nearby: %zu", p->table.n),
		 p->table.n);
	ui_draw_text(win, p->title.y, p->title.x, p->title.w, ui_theme_attr(UI_ROLE_TITLE), title);
	ui_draw_text(win, p->info.y, p->info.x, p->info.w, ui_theme_attr(UI_ROLE_DIM), p->progress);
	ui_draw_text(win, p->info.y + 1, p->info.x, p->info.w, ui_theme_attr(UI_ROLE_NORMAL), p->pairing);
	if (p->table.n)
		ui_list_draw(p->list, win, !p->passkey_open);
	else
		ui_draw_text(win, p->list_rect.y, p->list_rect.x + 2, p->list_rect.w - 2, ui_theme_attr(UI_ROLE_DIM),
			     _("No device seen yet. Wake the device (press its button or power it on)."));
	if (p->passkey_open) {
		char ask[160];

		snprintf(ask, sizeof ask, _("Pairing %s: type the passkey the device shows."), p->request.address);
		ui_draw_text(win, p->prompt.y, p->prompt.x, p->prompt.w, ui_theme_attr(UI_ROLE_TITLE), ask);
		ui_form_draw(p->passkey, win, true);
	}
	ui_draw_text(win, p->hint.y, p->hint.x, p->hint.w, ui_theme_attr(UI_ROLE_DIM),
		     _("Enter pairs the selected device; r scans again; Esc goes back."));
	ui_dialog_draw(p->dialog, win);
}

/** Starts pairing the selected device, if a plugin claims it. */
static int ble_panel_pair(ds_ble_panel *p)
{
	int i = ui_list_selected(p->list);
	const ds_ble_device *d;

	ble_panel_sync(p);
	i = ui_list_selected(p->list);
	if (i < 0 || (size_t)i >= p->table.n || p->pair_job)
		return UI_HANDLED;
	d = p->table.rows[i];
	if (!d->claimed_by[0]) {
		ds_wizard_status(p->w, UI_LEVEL_WARN, _("No installed plugin knows %s%s%s. Install its vendor's plugin."),
				 d->name[0] ? d->name : d->address, d->label[0] ? ": " : "", d->label);
		return UI_HANDLED | UI_REDRAW;
	}
	if (!ds_wizard_may_run(p->w, ds_ble_pair_job))
		return UI_HANDLED | UI_REDRAW;
	memset(&p->pair, 0, sizeof p->pair);
	p->pair.devices = p->w->session->devices;
	snprintf(p->pair.address, sizeof p->pair.address, "%s", d->address);
	p->pair.seconds = BLE_PANEL_PAIR_SECONDS;
	snprintf(p->pairing, sizeof p->pairing, _("Pairing %s... (Esc cancels)"), d->name[0] ? d->name : d->address);
	p->pair_job = ds_jobs_submit(p->w->session->jobs, ds_ble_pair_job, &p->pair);
	return UI_HANDLED | UI_REDRAW;
}

/** Keys of the passkey prompt. */
static int ble_panel_passkey_key(ds_ble_panel *p, int key, wint_t wch, bool fn)
{
	ui_field *f = ui_form_field(p->passkey, W_PASSKEY);
	int activated = 0, flags;

	if (ui_key_is_char(key, fn, UI_KEY_ESC)) {
		ds_ble_agent_answer(p->agent, p->request.id, false, 0);
		p->passkey_open = false;
		ui_field_clear(f);
		ds_wizard_status(p->w, UI_LEVEL_INFO, _("Pairing of %s refused."), p->request.address);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (!fn && wch >= 0x20 && (wch < '0' || wch > '9')) {
		ui_field_set_error(f, _("A passkey has digits only."));
		return UI_HANDLED | UI_REDRAW;
	}
	flags = ui_form_key(p->passkey, key, wch, fn, &activated);
	if ((flags & UI_ACTIVATE) || ui_key_is_enter(key, fn)) {
		const char *v = ui_field_value(f);
		uint32_t passkey = 0;

		if (!v[0] || strspn(v, "0123456789") != strlen(v)) {
			ui_field_set_error(f, _("Type the 6 digits the device shows."));
			return UI_HANDLED | UI_REDRAW;
		}
		for (const char *c = v; *c; c++)
			passkey = passkey * 10u + (uint32_t)(*c - '0');
		ds_ble_agent_answer(p->agent, p->request.id, true, passkey);
		passkey = 0;
		ui_field_clear(f);
		p->passkey_open = false;
		ds_wizard_status(p->w, UI_LEVEL_INFO, _("Passkey sent to %s."), p->request.address);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	return flags | UI_HANDLED;
}

/** Keys of the Yes/No dialog. */
static int ble_panel_dialog_key(ds_ble_panel *p, int key, wint_t wch, bool fn)
{
	ui_dialog_result res = UI_DIALOG_NONE;
	int flags = ui_dialog_key(p->dialog, key, wch, fn, &res);

	if (res == UI_DIALOG_NONE)
		return flags;
	if (p->asking == ASK_POWER && res == UI_DIALOG_YES)
		ble_panel_scan(p, true);
	else if (p->asking == ASK_CONFIRM)
		ds_ble_agent_answer(p->agent, p->request.id, res == UI_DIALOG_YES, 0);
	p->asking = ASK_NONE;
	return flags | UI_REDRAW;
}

/** Keys while open: flags (Esc cancels pairing, or closes the panel). */
static int ble_panel_key(void *state, int key, wint_t wch, bool fn)
{
	ds_ble_panel *p = state;
	int flags;

	if (ui_dialog_is_open(p->dialog))
		return ble_panel_dialog_key(p, key, wch, fn);
	if (p->passkey_open)
		return ble_panel_passkey_key(p, key, wch, fn);
	if (ui_key_is_char(key, fn, UI_KEY_ESC)) {
		if (p->pair_job) {
			ds_jobs_cancel(p->w->session->jobs, p->pair_job);
			return UI_HANDLED | UI_REDRAW;
		}
		if (p->scan_job)
			ds_jobs_cancel(p->w->session->jobs, p->scan_job);
		p->open = false;
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (ui_key_is_enter(key, fn))
		return ble_panel_pair(p);
	if (ui_key_is_char(key, fn, 'r') && !p->scan_job) {
		ble_panel_scan(p, false);
		return UI_HANDLED | UI_REDRAW;
	}
	ble_panel_sync(p);
	flags = ui_list_key(p->list, key, wch, fn);
	ble_panel_note_selection(p);
	return flags | UI_HANDLED;
}

/** Shows what the pairing agent asks. */
static int ble_panel_agent(ds_ble_panel *p, const ds_ble_agent_request *req)
{
	char text[256];

	switch (req->kind) {
	case DS_BLE_AGENT_PASSKEY:
		p->request = *req;
		p->passkey_open = true;
		ui_field_clear(ui_form_field(p->passkey, W_PASSKEY));
		ui_form_focus(p->passkey, W_PASSKEY);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	case DS_BLE_AGENT_CONFIRM:
	case DS_BLE_AGENT_AUTHORIZE:
		p->request = *req;
		p->asking = ASK_CONFIRM;
		if (req->kind == DS_BLE_AGENT_CONFIRM)
			snprintf(text, sizeof text, _("Does %s show the passkey %06u? Pair only if it does."),
				 req->address, req->passkey);
		else
			snprintf(text, sizeof text, _("%s asks to pair. Allow it?"), req->address);
		ui_dialog_open_confirm(p->dialog, _("Bluetooth pairing"), text);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	case DS_BLE_AGENT_DISPLAY:
		snprintf(text, sizeof text, _("Type %06u on %s to pair it."), req->passkey, req->address);
		ui_dialog_open_message(p->dialog, _("Bluetooth pairing"), text);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	case DS_BLE_AGENT_CANCELLED:
		if (req->id == p->request.id) {
			p->passkey_open = false;
			if (p->asking == ASK_CONFIRM)
				ui_dialog_close(p->dialog);
			p->asking = ASK_NONE;
			ds_wizard_status(p->w, UI_LEVEL_INFO, _("%s stopped asking to pair."), p->request.address);
		}
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	return UI_HANDLED;
}

/** The scan ended: says why, offers to switch the adapter on. */
static int ble_panel_scan_done(ds_ble_panel *p, const ds_event *ev)
{
	p->scan_job = 0;
	if (p->rescan && p->open) {
		p->rescan = false;
		ble_panel_scan(p, false);
		return UI_HANDLED | UI_REDRAW;
	}
	p->rescan = false;
	if (ev->status == DS_OK) {
		snprintf(p->progress, sizeof p->progress, "%s", _("The scan has ended. r scans again."));
	} else if (p->scan.adapter_off) {
		snprintf(p->progress, sizeof p->progress, "%s", ev->message);
		p->asking = ASK_POWER;
		ui_dialog_open_confirm(p->dialog, _("Bluetooth is off"),
				       _("The Bluetooth adapter is switched off. Switch it on now?"));
	} else if (ev->status == DS_ERR_CANCELLED) {
		snprintf(p->progress, sizeof p->progress, "%s", _("The scan was stopped. r scans again."));
	} else {
		snprintf(p->progress, sizeof p->progress, "%s", ev->message[0] ? ev->message : _("The scan failed."));
	}
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** The pairing ended. */
static int ble_panel_pair_done(ds_ble_panel *p, const ds_event *ev)
{
	p->pair_job = 0;
	if (ev->status == DS_OK) {
		p->paired = p->pair.found;
		p->has_paired = true;
		snprintf(p->pairing, sizeof p->pairing, _("Paired %s."), p->pair.found.name);
		p->open = false;
		if (p->scan_job)
			ds_jobs_cancel(p->w->session->jobs, p->scan_job);
	} else if (ev->status == DS_ERR_CANCELLED) {
		snprintf(p->pairing, sizeof p->pairing, "%s", _("Pairing was cancelled."));
	} else {
		snprintf(p->pairing, sizeof p->pairing, "%s", ev->message[0] ? ev->message : _("Pairing failed."));
		ds_wizard_status(p->w, UI_LEVEL_FAIL, "%s", p->pairing);
	}
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** Job events of the scan and the pairing. */
static int ble_panel_event(void *state, ds_event *ev)
{
	ds_ble_panel *p = state;
	bool scan = p->scan_job && ev->job_id == p->scan_job;
	bool pair = p->pair_job && ev->job_id == p->pair_job;

	if (!scan && !pair)
		return UI_IGNORED;
	if (ev->type == DS_EVENT_ITEM) {
		ds_ble_event *item = ui_screen_manager_take_item(ev);
		int flags = UI_HANDLED | UI_REDRAW;

		if (!item)
			return UI_HANDLED;
		if (item->kind == DS_BLE_EV_AGENT) {
			flags = ble_panel_agent(p, &item->agent);
		} else if (scan) {
			ds_ble_scan_apply(&p->table, item);
			p->dirty = true;
		}
		ev->item_free(item);
		return flags;
	}
	if (ev->type == DS_EVENT_PROGRESS) {
		if (ev->message[0] && pair)
			snprintf(p->pairing, sizeof p->pairing, _("%s (Esc cancels)"), ev->message);
		else if (ev->message[0])
			snprintf(p->progress, sizeof p->progress, "%s", ev->message);
		return UI_HANDLED | UI_REDRAW;
	}
	return scan ? ble_panel_scan_done(p, ev) : ble_panel_pair_done(p, ev);
}

bool ds_ble_panel_take_paired(ds_ble_panel *p, ds_site_device *out)
{
	if (!p->has_paired)
		return false;
	*out = p->paired;
	p->has_paired = false;
	return true;
}

/** Key hints while open. */
static const ui_key_hint *ble_panel_hints(const void *state, size_t *n)
{
	static const ui_key_hint hints[] = {
		{ N_("Enter"), N_("Pair") }, { N_("r"), N_("Scan again") }, { N_("Esc"), N_("Back") },
	};
	static const ui_key_hint passkey_hints[] = {
		{ N_("Enter"), N_("Send passkey") }, { N_("Esc"), N_("Refuse") },
	};
	const ds_ble_panel *p = state;

	if (p->passkey_open) {
		*n = sizeof passkey_hints / sizeof passkey_hints[0];
		return passkey_hints;
	}
	*n = sizeof hints / sizeof hints[0];
	return hints;
}

/** True while the passkey field has the focus. */
static bool ble_panel_text_input(const void *state)
{
	const ds_ble_panel *p = state;

	return p->passkey_open;
}

const ds_panel_class ds_ble_panel_class = {
	.name = "ble",
	.free = ble_panel_free,
	.is_open = ble_panel_is_open,
	.layout = ble_panel_layout,
	.draw = ble_panel_draw,
	.key = ble_panel_key,
	.event = ble_panel_event,
	.hints = ble_panel_hints,
	.text_input = ble_panel_text_input,
};
