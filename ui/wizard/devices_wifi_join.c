/* The Wi-Fi join panel of the Devices step. */
#include "ui/wizard/devices_wifi_join.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/device_ops.h"
#include "app/base/i18n.h"
#include "app/base/secret.h"
#include "app/qr/wifi_qr.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_list.h"
#include "ui/wizard/wizard_qr_view.h"
#include "ui/toolkit/ui_theme.h"

/** Widget ids. */
enum { W_KEY = 1, W_JOIN, W_SHOWCODE, W_CANCEL };

/** Focus zones. */
enum { Z_NETWORKS, Z_FORM };

struct ds_wifi_join {
	ds_wizard *w;
	bool open;
	size_t device;           /**< site index */
	ui_list *networks;
	ui_form *form;
	int zone;
	ui_rect title, intro, list_rect;
	ds_qr_view *qr;          /**< the network's join code, shown over the panel */
	ds_panels panels;        /**< qr, as a panel */
	ds_op_wifi_scan scan;
	uint64_t scan_job;
	ds_op_wifi_join join;
	uint64_t join_job;
	char *key;               /**< the job's copy, secure memory */
};

ds_wifi_join *ds_wifi_join_new(ds_wizard *w)
{
	ds_wifi_join *j = calloc(1, sizeof *j);

	if (!j)
		return NULL;
	j->w = w;
	j->networks = ui_list_new();
	j->form = ui_form_new();
	j->qr = ds_qr_view_new(w);
	ds_panels_add(&j->panels, &ds_qr_view_class, j->qr);
	ui_form_add(j->form, ui_field_new_secret(W_KEY, _("Wi-Fi key (password)"), 63));
	ui_form_add(j->form, ui_field_new_button(W_JOIN, _("Join")));
	ui_form_add(j->form, ui_field_new_button(W_SHOWCODE, _("Show join code (QR)")));
	ui_form_add(j->form, ui_field_new_button(W_CANCEL, _("Cancel")));
	return j;
}

/** Frees it, wiping the key. */
static void wifi_panel_free(void *state)
{
	ds_wifi_join *j = state;

	if (!j)
		return;
	ds_secret_free(j->key);
	ds_panels_free(&j->panels);
	free(j->scan.networks);
	ui_list_free(j->networks);
	ui_form_free(j->form);
	free(j);
}

/** The device being joined, or NULL. */
static ds_site_device *wifi_device(ds_wifi_join *j)
{
	ds_site *site = ds_wizard_site(j->w);

	return site && j->device < site->n_devices ? &site->devices[j->device] : NULL;
}

void ds_wifi_join_open(ds_wifi_join *j, size_t device_index)
{
	ds_site_device *d;

	j->device = device_index;
	d = wifi_device(j);
	if (!d)
		return;
	if (!(d->features & DS_FEATURE_WIFI)) {
		ds_wizard_status(j->w, UI_LEVEL_INFO, _("%s has no Wi-Fi."), d->name);
		return;
	}
	ds_qr_view_close(j->qr);
	j->open = true;
	j->zone = Z_NETWORKS;
	ui_list_clear(j->networks);
	ui_field_clear(ui_form_field(j->form, W_KEY));
	free(j->scan.networks);
	memset(&j->scan, 0, sizeof j->scan);
	j->scan.devices = j->w->session->devices;
	j->scan.device = *d;
	j->scan_job = ds_wizard_start_job(j->w, _("Looking for Wi-Fi networks"), ds_op_wifi_scan_job, &j->scan, 20);
}

/** True while open. */
static bool wifi_panel_is_open(const void *state)
{
	const ds_wifi_join *j = state;

	return j->open;
}

/** The instruction under the title. */
static const char *wifi_intro(void)
{
	return _("Choose the home network (Up/Down), type its key, and press Enter. The key is sent to the "
		 "device only; doorstep keeps no copy. Esc goes back without joining.");
}

/** Places the panel. */
static void wifi_panel_layout(void *state, ui_rect r)
{
	ds_wifi_join *j = state;
	ui_rect body = ui_layout_inset(r, 0, 1);

	ds_panels_layout(&j->panels, r);

	j->title = ui_layout_take_top(&body, 1);
	j->intro = ui_layout_take_text(&body, wifi_intro(), 4);
	j->list_rect = ui_layout_take_top_clamped(&body, (int)j->scan.n + 1, 2, body.h / 2);
	ui_list_layout(j->networks, j->list_rect);
	ui_layout_take_top(&body, 1);
	ui_form_layout(j->form, body);
}

/** Paints the panel. */
static void wifi_panel_draw(void *state, WINDOW *win)
{
	ds_wifi_join *j = state;
	ds_site_device *d = wifi_device(j);
	char title[160];

	if (ds_panels_draw(&j->panels, win))
		return;
	snprintf(title, sizeof title, _("Wi-Fi for %s"), d ? d->name : "");
	ui_draw_text(win, j->title.y, j->title.x, j->title.w, ui_theme_attr(UI_ROLE_TITLE), title);
	ui_draw_wrapped(win, j->intro, ui_theme_attr(UI_ROLE_DIM), wifi_intro(), false);
	if (ui_list_count(j->networks))
		ui_list_draw(j->networks, win, j->zone == Z_NETWORKS);
	else
		ui_draw_text(win, j->list_rect.y, j->list_rect.x + 2, j->list_rect.w - 2, ui_theme_attr(UI_ROLE_DIM),
			     _("No network seen yet."));
	ui_form_draw(j->form, win, j->zone == Z_FORM);
}

/** The selected network, or NULL. */
static const ds_wifi_network *wifi_selected(ds_wifi_join *j)
{
	int i = ui_list_selected(j->networks);

	return i >= 0 && (size_t)i < j->scan.n ? &j->scan.networks[i] : NULL;
}

/** Shows whether the selected network needs a key. */
static void wifi_sync_key(ds_wifi_join *j)
{
	const ds_wifi_network *n = wifi_selected(j);
	ui_field *key = ui_form_field(j->form, W_KEY);
	bool open_net = n && strcmp(n->security, "open") == 0;

	ui_field_set_enabled(key, !open_net);
	if (open_net)
		ui_field_set_hint(key, _("An open network: anyone nearby can read the camera's traffic. Prefer a protected network."),
				  UI_ROLE_WARN);
	else if (n && strcmp(n->security, "wep") == 0)
		ui_field_set_hint(key, _("WEP is broken and easy to crack. Prefer a WPA2 or WPA3 network."), UI_ROLE_WARN);
	else
		ui_field_set_hint(key, NULL, UI_ROLE_DIM);
}

/** Starts joining the selected network. */
static int wifi_start_join(ds_wifi_join *j)
{
	const ds_wifi_network *n = wifi_selected(j);
	ds_site_device *d = wifi_device(j);
	ui_field *key = ui_form_field(j->form, W_KEY);
	bool open_net = n && strcmp(n->security, "open") == 0;

	if (!n || !d) {
		ds_wizard_status(j->w, UI_LEVEL_WARN, "%s", _("Choose a network first."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (!open_net && !ui_field_secret_value(key)[0]) {
		ui_field_set_error(key, _("Type the network's key (the Wi-Fi password)."));
		j->zone = Z_FORM;
		ui_form_focus(j->form, W_KEY);
		return UI_HANDLED | UI_REDRAW;
	}
	ds_secret_free(j->key);
	j->key = open_net ? NULL : ds_secret_strdup(ui_field_secret_value(key));
	memset(&j->join, 0, sizeof j->join);
	j->join.devices = j->w->session->devices;
	j->join.device = *d;
	snprintf(j->join.ssid, sizeof j->join.ssid, "%s", n->ssid);
	j->join.key = j->key;
	j->join_job = ds_wizard_start_job(j->w, _("Joining the Wi-Fi network"), ds_op_wifi_join_job, &j->join, 30);
	return UI_HANDLED | UI_REDRAW;
}

/** Shows the selected network's WIFI: join code (with the typed key) as a
 *  QR code, for a camera that pairs by scanning a screen. The key stays in
 *  secure memory and is never written to disk or the log. */
static int wifi_show_code(ds_wifi_join *j)
{
	const ds_wifi_network *n = wifi_selected(j);
	ui_field *key = ui_form_field(j->form, W_KEY);
	bool open_net = n && strcmp(n->security, "open") == 0;
	ds_qr_wifi *wifi;
	char *code = NULL;
	char caption[512];

	if (!n) {
		ds_wizard_status(j->w, UI_LEVEL_WARN, "%s", _("Choose a network first."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (!open_net && !ui_field_secret_value(key)[0]) {
		ui_field_set_error(key, _("Type the network's key first: the join code carries it."));
		j->zone = Z_FORM;
		ui_form_focus(j->form, W_KEY);
		return UI_HANDLED | UI_REDRAW;
	}
	if (!open_net && strlen(ui_field_secret_value(key)) > DS_QR_WIFI_TEXT_MAX) {
		ui_field_set_error(key, _("This key is too long for a join code."));
		return UI_HANDLED | UI_REDRAW;
	}
	wifi = ds_secret_alloc(sizeof *wifi);
	if (!wifi) {
		ds_wizard_status(j->w, UI_LEVEL_FAIL, "%s", _("Out of memory: the join code cannot be shown."));
		return UI_HANDLED | UI_REDRAW;
	}
	memset(wifi, 0, sizeof *wifi);
	snprintf(wifi->ssid, sizeof wifi->ssid, "%s", n->ssid);
	snprintf(wifi->security, sizeof wifi->security, "%s",
		 open_net ? "nopass" : strcmp(n->security, "wep") == 0 ? "WEP" : "WPA");
	if (!open_net) {
		snprintf(wifi->password, sizeof wifi->password, "%s", ui_field_secret_value(key));
		wifi->has_password = true;
	}
	if (ds_qr_wifi_encode(wifi, &code) < 0 || !code) {
		ds_secret_free(wifi);
		ds_wizard_status(j->w, UI_LEVEL_FAIL, "%s", _("The join code could not be made."));
		return UI_HANDLED | UI_REDRAW;
	}
	ds_secret_free(wifi);
	snprintf(caption, sizeof caption,
		 _("Join code for \"%s\": hold the camera up to it if it pairs by scanning a screen. It carries the "
		   "Wi-Fi key, so close it (Esc) as soon as the camera has read it."), n->ssid);
	ds_qr_view_open(j->qr, _("Wi-Fi join code"), caption, code, strlen(code), NULL);
	ds_secret_free(code);
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** Keys while open: flags (Esc closes it). */
static int wifi_panel_key(void *state, int key, wint_t wch, bool fn)
{
	ds_wifi_join *j = state;
	const ds_panel *shown = ds_panels_shown(&j->panels);
	int activated = 0, flags;

	if (shown)
		return ds_panel_key(shown, key, wch, fn);

	if (ui_key_is_char(key, fn, UI_KEY_ESC)) {
		j->open = false;
		ui_field_clear(ui_form_field(j->form, W_KEY));
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (j->zone == Z_NETWORKS && ui_key_is_char(key, fn, 'c'))
		return wifi_show_code(j);
	if (j->zone == Z_NETWORKS) {
		if (ui_key_is_enter(key, fn) || ui_key_is_char(key, fn, '\t')) {
			j->zone = Z_FORM;
			ui_form_focus(j->form, ui_field_focusable(ui_form_field(j->form, W_KEY)) ? W_KEY : W_JOIN);
			return UI_HANDLED | UI_REDRAW;
		}
		flags = ui_list_key(j->networks, key, wch, fn);
		if (flags & UI_HANDLED) {
			wifi_sync_key(j);
			flags |= UI_RELAYOUT; /* the key's hint may take more or fewer rows */
		}
		return flags | UI_HANDLED;
	}
	if (ui_key_is_fn(key, fn, KEY_BTAB) && ui_form_focused(j->form) &&
	    ui_field_id(ui_form_focused(j->form)) == W_KEY) {
		j->zone = Z_NETWORKS;
		return UI_HANDLED | UI_REDRAW;
	}
	flags = ui_form_key(j->form, key, wch, fn, &activated);
	if (flags & UI_ACTIVATE) {
		if (activated == W_KEY || activated == W_JOIN)
			return wifi_start_join(j);
		if (activated == W_SHOWCODE)
			return wifi_show_code(j);
		if (activated == W_CANCEL) {
			j->open = false;
			ui_field_clear(ui_form_field(j->form, W_KEY));
			return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
		}
	}
	return flags | UI_HANDLED;
}

/** Fills the list from the scan. */
static void wifi_fill(ds_wifi_join *j)
{
	char row[128];

	ui_list_clear(j->networks);
	for (size_t i = 0; i < j->scan.n; i++) {
		const ds_wifi_network *n = &j->scan.networks[i];
		bool weak = strcmp(n->security, "open") == 0 || strcmp(n->security, "wep") == 0;
		char status[64];

		snprintf(row, sizeof row, "%-32.32s %s", n->ssid, n->security);
		ui_list_add(j->networks, row, UI_ROLE_NORMAL);
		snprintf(status, sizeof status, _("%d dBm"), (int)n->rssi_dbm);
		ui_list_set_status(j->networks, (int)i, status, weak ? UI_ROLE_WARN : UI_ROLE_NORMAL);
	}
	ui_list_select(j->networks, 0);
	wifi_sync_key(j);
}

/** Job events: the scan's and the join's results. */
static int wifi_panel_event(void *state, ds_event *ev)
{
	ds_wifi_join *j = state;

	if (ev->type != DS_EVENT_DONE)
		return UI_IGNORED;
	if (j->scan_job && ev->job_id == j->scan_job) {
		j->scan_job = 0;
		if (ev->status != DS_OK) {
			j->open = false;
			ds_wizard_status(j->w, UI_LEVEL_FAIL, "%s", ev->message[0] ? ev->message
					 : _("The device could not look for networks. Check that it is powered, then try again."));
		} else {
			wifi_fill(j);
		}
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (j->join_job && ev->job_id == j->join_job) {
		ds_site_device *d = wifi_device(j);

		j->join_job = 0;
		ds_secret_free(j->key);
		j->key = NULL;
		if (ev->status == DS_OK && d) {
			ds_op_wifi_join_record(ds_wizard_site(j->w), &j->join);
			ds_wizard_save(j->w);
			ds_wizard_status(j->w, UI_LEVEL_OK, _("%s joined \"%s\"."), d->name, d->wifi_ssid);
			ui_field_clear(ui_form_field(j->form, W_KEY));
			j->open = false;
		} else {
			ui_field_set_error(ui_form_field(j->form, W_KEY), ev->message[0] ? ev->message
					   : _("The device could not join. Check the key and try again."));
			j->zone = Z_FORM;
		}
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	return UI_IGNORED;
}

/** True while the key field has the focus. */
static bool wifi_panel_text_input(const void *state)
{
	const ds_wifi_join *j = state;

	return j->open && !ds_panels_shown(&j->panels) && j->zone == Z_FORM && ui_form_text_input(j->form);
}

/** Key hints while open (the join code's while it is shown). */
static const ui_key_hint *wifi_panel_hints(const void *state, size_t *n)
{
	static const ui_key_hint hints[] = {
		{ N_("Enter"), N_("Join") }, { N_("Tab"), N_("Next") }, { N_("c"), N_("Join code (QR)") },
		{ N_("Esc"), N_("Back") }, { N_("F1"), N_("Help") },
	};
	const ds_wifi_join *j = state;
	const ds_panel *shown = ds_panels_shown(&j->panels);

	if (shown)
		return ds_panel_hints(shown, n);
	*n = sizeof hints / sizeof hints[0];
	return hints;
}

const ds_panel_class ds_wifi_join_class = {
	.name = "wifi-join",
	.free = wifi_panel_free,
	.is_open = wifi_panel_is_open,
	.layout = wifi_panel_layout,
	.draw = wifi_panel_draw,
	.key = wifi_panel_key,
	.event = wifi_panel_event,
	.hints = wifi_panel_hints,
	.text_input = wifi_panel_text_input,
};
