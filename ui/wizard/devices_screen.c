/* Step 2, Devices: add each device by its QR label (typed, pasted, or
 * scanned with a keyboard-wedge scanner from anywhere on this screen), or
 * pick it from the devices found nearby; name them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/device_ops.h"
#include "app/base/i18n.h"
#include "ui/wizard/devices_address.h"
#include "ui/wizard/devices_ble_panel.h"
#include "ui/wizard/devices_certificate.h"
#include "app/core/label_scan.h"
#include "app/qr/qr_secret_spans.h"
#include "ui/toolkit/scanner_burst.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_list.h"
#include "ui/toolkit/ui_term.h"
#include "ui/toolkit/ui_text.h"
#include "ui/toolkit/ui_theme.h"
#include "ui/wizard/devices_wifi_join.h"
#include "ui/wizard/wizard_accounts.h"
#include "ui/wizard/wizard_step_parts.h"
#include "ui/wizard/wizard.h"

/** Widget ids. */
enum { W_CODE = 1, W_ADD, W_ADDRESS, W_PHOTO, W_SEARCH, W_NAME, W_RENAME, W_CONTINUE, W_CAMERA };

/** Focus zones, in Tab order. */
enum { Z_CODE, Z_SITE, Z_FOUND, Z_ACTIONS, Z_COUNT };

/** The screen's state. */
typedef struct devices {
	ds_wizard *w;
	ui_form *code;           /**< code field and Add */
	ui_form *actions;        /**< search, rename, continue */
	ui_list *site_list;      /**< devices of the site */
	ui_list *found_list;     /**< found nearby, not yet added */
	ds_site_device *found;
	size_t n_found;
	int zone;
	ui_burst burst;
	ui_rect title, intro, site_title, found_title, accounts;
	ds_op_add_qr add;
	uint64_t add_job;
	ds_op_add_address address; /**< adding by a typed network address */
	uint64_t address_job;
	bool by_address;     /**< the code field takes a network address */
	ds_op_accounts read; /**< reading the accounts of a device just added */
	uint64_t read_job;
	ds_label_photo photo;    /**< reading a photo of a label, then adding */
	ds_label_camera camera;  /**< watching the webcam for a label, then adding */
	uint64_t photo_job;      /**< the photo's or the camera's job */
	int photo_field;         /**< W_PHOTO or W_CAMERA: where its result is shown */
	ds_op_discover discover;
	uint64_t discover_job;
	ds_wifi_join *wifi;      /**< the Wi-Fi panel, open over the step */
	ds_ble_panel *ble;       /**< the Bluetooth panel (F7), open over the step */
	ds_panels panels;        /**< wifi and ble, as panels */
	ds_cert_prompt cert;     /**< the offer to accept a device's certificate */
	bool cert_for_address;   /**< it was offered while adding by address */
} devices;

/** The password state of a device in words, and its role. */
static const char *devices_state(const ds_site_device *d, ui_role *role)
{
	if (!d->has_password) {
		*role = UI_ROLE_DIM;
		return _("no password");
	}
	if (d->on_factory_default) {
		*role = UI_ROLE_WARN;
		return _("factory password");
	}
	*role = UI_ROLE_OK;
	return _("password changed");
}

/** The last column of a site's device: its Wi-Fi network, if it has Wi-Fi. */
static const char *devices_wifi(const ds_site_device *d)
{
	if (!(d->features & DS_FEATURE_WIFI))
		return "";
	return d->wifi_ssid[0] ? d->wifi_ssid : _("no Wi-Fi (w)");
}

/** The last column of a found device: its vendor and model, in buf. */
static const char *devices_make(const ds_site_device *d, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", d->vendor, d->vendor[0] && d->model[0] ? " " : "", d->model);
	return buf;
}

/** Rebuilds both lists from the site and the found devices, their columns
 *  fitted to the lists' widths. */
static void devices_refill(devices *s)
{
	ds_site *site = ds_wizard_site(s->w);
	int keep = ui_list_selected(s->site_list);
	size_t n = site ? site->n_devices : 0;
	ds_device_cols cols = { 0 }, found_cols = { 0 };
	const char *widest = NULL; /* the widest status, beside which the columns must fit */
	ui_role role;
	char row[256], make[2 * DS_NAME_MAX + 2];

	for (size_t i = 0; i < n; i++) {
		const char *state = devices_state(&site->devices[i], &role);

		ds_device_cols_add(&cols, &site->devices[i], devices_wifi(&site->devices[i]));
		if (!widest || ui_text_width(state) > ui_text_width(widest))
			widest = state;
	}
	ds_device_cols_fit(&cols, ui_list_text_width(s->site_list, (int)n, widest));
	ui_list_clear(s->site_list);
	for (size_t i = 0; i < n; i++) {
		const ds_site_device *d = &site->devices[i];
		const char *state = devices_state(d, &role);

		ds_device_row(row, sizeof row, d, devices_wifi(d), &cols);
		ui_list_add(s->site_list, row, UI_ROLE_NORMAL);
		ui_list_set_status(s->site_list, (int)i, state, role);
	}
	ui_list_select(s->site_list, keep < 0 ? 0 : keep);
	for (size_t i = 0; i < s->n_found; i++)
		ds_device_cols_add(&found_cols, &s->found[i], devices_make(&s->found[i], make, sizeof make));
	ds_device_cols_fit(&found_cols, ui_list_text_width(s->found_list, (int)s->n_found, NULL));
	ui_list_clear(s->found_list);
	for (size_t i = 0; i < s->n_found; i++) {
		ds_device_row(row, sizeof row, &s->found[i], devices_make(&s->found[i], make, sizeof make), &found_cols);
		ui_list_add(s->found_list, row, UI_ROLE_NORMAL);
	}
}

/** Offers the webcam when this computer has one (otherwise nothing is shown). */
static void devices_offer_camera(devices *s)
{
	char name[128], label[256];

	if (!ds_label_camera_find(s->camera.device, sizeof s->camera.device, name, sizeof name))
		return;
	snprintf(label, sizeof label, _("or scan the label with the camera (%s)"), name[0] ? name : s->camera.device);
	ui_form_add(s->actions, ui_field_new_button(W_CAMERA, label));
}

/** Starts watching the webcam for a label, then adding its device. */
static int devices_add_camera(devices *s)
{
	s->camera.add = &s->add;
	memset(&s->add, 0, sizeof s->add);
	s->add.devices = s->w->session->devices;
	s->photo_field = W_CAMERA;
	s->photo_job = ds_wizard_start_job(s->w, _("Scanning the label with the camera"), ds_label_camera_job, &s->camera,
					   DS_LABEL_CAMERA_MS / 1000 + 30);
	return UI_HANDLED | UI_REDRAW;
}

void *ds_screen_devices_new(ds_wizard *w)
{
	devices *s = calloc(1, sizeof *s);
	ui_field *f;

	if (!s)
		return NULL;
	s->w = w;
	s->code = ui_form_new();
	s->actions = ui_form_new();
	s->site_list = ui_list_new();
	s->found_list = ui_list_new();
	s->wifi = ds_wifi_join_new(w);
	s->ble = ds_ble_panel_new(w);
	ds_panels_add(&s->panels, &ds_wifi_join_class, s->wifi);
	ds_panels_add(&s->panels, &ds_ble_panel_class, s->ble);
	f = ui_form_add(s->code, ui_field_new_text(W_CODE, _("Label code"), 1000));
	ui_field_set_mask(f, ds_qr_secret_at); /* a label's codes never on screen */
	ui_field_set_hint(f, _("Type or paste the code under the device's QR label, or just scan it"), UI_ROLE_DIM);
	ui_form_add(s->code, ui_field_new_button(W_ADD, _("Add device")));
	ui_form_add(s->actions, ui_field_new_button(W_SEARCH, _("Search nearby")));
	ui_form_add(s->actions, ui_field_new_button(W_CONTINUE, _("Continue")));
	ui_form_add(s->actions, ui_field_new_button(W_ADDRESS, _("Add by address")));
	f = ui_form_add(s->actions, ui_field_new_text(W_NAME, _("Name of the selected device"), 60));
	ui_field_set_hint(f, _("e.g. Front door; Enter renames"), UI_ROLE_DIM);
	f = ui_form_add(s->actions, ui_field_new_text(W_PHOTO, _("or the path of a photo of the label (PNG or JPEG)"), 4095));
	ui_field_set_hint(f, _("e.g. ~/label.jpg; Enter reads its QR code and adds the device"), UI_ROLE_DIM);
	devices_offer_camera(s);
	if (!ds_cert_prompt_init(&s->cert)) {
		ds_screen_devices_free(s);
		return NULL;
	}
	return s;
}

void ds_screen_devices_free(void *state)
{
	devices *s = state;

	if (!s)
		return;
	ui_form_free(s->code);
	ui_form_free(s->actions);
	ui_list_free(s->site_list);
	ui_list_free(s->found_list);
	ds_panels_free(&s->panels);
	ds_cert_prompt_free(&s->cert);
	free(s->read.accounts);
	free(s->found);
	free(s);
}

/** Puts the selected device's name into the rename field. */
static void devices_sync_name(devices *s)
{
	ds_site *site = ds_wizard_site(s->w);
	int i = ui_list_selected(s->site_list);

	if (site && i >= 0 && (size_t)i < site->n_devices)
		ui_field_set_value(ui_form_field(s->actions, W_NAME), site->devices[i].name);
}

/** Called each time the step is shown. */
static void devices_enter(void *state)
{
	devices *s = state;

	devices_refill(s);
	devices_sync_name(s);
	s->zone = Z_CODE;
	ui_form_focus(s->code, W_CODE);
}

/** The instruction under the title. */
static const char *devices_intro(void)
{
	return _("Add every device of the system: scan or type its label, or search for devices nearby.");
}

/** True when a device of the site has accounts (then a line shows them). */
static bool devices_any_accounts(devices *s)
{
	ds_site *site = ds_wizard_site(s->w);

	for (size_t i = 0; site && i < site->n_devices; i++)
		if (ds_wizard_has_accounts(&site->devices[i]))
			return true;
	return false;
}

/** Places the widgets. */
static void devices_layout(void *state, ui_rect r)
{
	devices *s = state;
	ui_rect body = ui_layout_inset(r, 0, 1);
	int found_h = s->n_found ? (int)s->n_found + 1 : 0;

	ds_panels_layout(&s->panels, r);
	ds_cert_prompt_layout(&s->cert, r);
	s->title = ui_layout_take_top(&body, 1);
	s->intro = ui_layout_take_text(&body, devices_intro(), 3);
	ui_form_layout(s->code, ui_layout_take_top(&body, ui_form_height(s->code, body.w)));
	ui_form_layout(s->actions, ui_layout_take_bottom(&body, ui_form_height(s->actions, body.w)));
	if (found_h > body.h / 2)
		found_h = body.h / 2;
	ui_rect found = ui_layout_take_bottom(&body, found_h);

	s->found_title = ui_layout_take_top(&found, 1);
	ui_list_layout(s->found_list, found);
	s->site_title = ui_layout_take_top(&body, 1);
	s->accounts = ui_layout_take_bottom(&body, devices_any_accounts(s) && body.h > 4 ? 2 : 0);
	ui_list_layout(s->site_list, body);
	devices_refill(s); /* the tables' columns fit the new width */
}

/** Under the site's list: the accounts of the selected device, if it has them. */
static void devices_draw_accounts(devices *s, WINDOW *win)
{
	ds_site *site = ds_wizard_site(s->w);
	int i = ui_list_selected(s->site_list);
	char line[1024], text[1200];

	if (!site || s->accounts.h < 1 || i < 0 || (size_t)i >= site->n_devices ||
	    !ds_wizard_has_accounts(&site->devices[i]))
		return;
	ds_wizard_accounts_line(site, &site->devices[i], line, sizeof line);
	snprintf(text, sizeof text, _("Accounts: %s"),
		 line[0] ? line : _("not read yet (the Passwords step reads them)"));
	ui_draw_wrapped(win, s->accounts, ui_theme_attr(UI_ROLE_DIM), text, false);
}

/** Paints the screen. */
static void devices_draw(void *state, WINDOW *win)
{
	devices *s = state;
	ds_site *site = ds_wizard_site(s->w);
	char title[128];

	if (ds_panels_draw(&s->panels, win))
		return;
	ui_draw_text(win, s->title.y, s->title.x, s->title.w, ui_theme_attr(UI_ROLE_TITLE), _("Devices"));
	ui_draw_wrapped(win, s->intro, ui_theme_attr(UI_ROLE_DIM), devices_intro(), false);
	ui_form_draw(s->code, win, s->zone == Z_CODE);
	snprintf(title, sizeof title, P_("This site: %zu device", "This site: %zu devices", site ? site->n_devices : 0),
		 site ? site->n_devices : 0);
	ui_draw_text(win, s->site_title.y, s->site_title.x, s->site_title.w, ui_theme_attr(UI_ROLE_TITLE), title);
	if (site && site->n_devices)
		ui_list_draw(s->site_list, win, s->zone == Z_SITE);
	else
		ui_draw_text(win, s->site_title.y + 1, s->site_title.x + 2, s->site_title.w - 2,
			     ui_theme_attr(UI_ROLE_DIM), _("No device yet."));
	devices_draw_accounts(s, win);
	if (s->n_found) {
		ui_draw_text(win, s->found_title.y, s->found_title.x, s->found_title.w, ui_theme_attr(UI_ROLE_TITLE),
			     _("Found nearby (Enter adds the selected one):"));
		ui_list_draw(s->found_list, win, s->zone == Z_FOUND);
	}
	ui_form_draw(s->actions, win, s->zone == Z_ACTIONS);
	ds_cert_prompt_draw(&s->cert, win);
}

/** Starts adding the device of s->add.payload (again, after its certificate was accepted). */
static int devices_start_add(devices *s)
{
	s->add.claimed = false;
	memset(&s->add.found, 0, sizeof s->add.found);
	s->add_job = ds_wizard_start_job(s->w, _("Adding the device"), ds_op_add_qr_job, &s->add, 20);
	return UI_HANDLED | UI_REDRAW;
}

/** Switches the code field between a label code and a network address
 *  (keeping nothing typed for the other). */
static void devices_address_mode(devices *s, bool on)
{
	ui_field *code = ui_form_field(s->code, W_CODE);

	if (s->by_address != on)
		ui_field_clear(code);
	s->by_address = on;
	ui_field_set_label(code, on ? _("Network address of the camera (HOST[:PORT])") : _("Label code"));
	ui_field_set_hint(code,
			  on ? _("e.g. 192.168.1.64 or cam.local:8080; Enter adds it, Esc goes back to the label code")
			     : _("Type or paste the code under the device's QR label, or just scan it"),
			  UI_ROLE_DIM);
}

/** Starts identifying the typed or scanned code. */
static int devices_add_code(devices *s)
{
	ui_field *code = ui_form_field(s->code, W_CODE);
	const char *text = ui_field_value(code);

	while (*text == ' ')
		text++;
	if (!*text) {
		ui_field_set_error(code, _("Type or scan the code first."));
		return UI_HANDLED | UI_REDRAW;
	}
	memset(&s->add, 0, sizeof s->add);
	s->add.devices = s->w->session->devices;
	snprintf(s->add.payload, sizeof s->add.payload, "%s", text);
	/* Trailing spaces and newlines from a paste are not part of a code. */
	for (size_t n = strlen(s->add.payload); n && (s->add.payload[n - 1] == ' ' || s->add.payload[n - 1] == '\n'); n--)
		s->add.payload[n - 1] = '\0';
	return devices_start_add(s);
}

/** Starts reading the photo whose path was typed, then adding its device. */
static int devices_add_photo(devices *s)
{
	ui_field *field = ui_form_field(s->actions, W_PHOTO);
	const char *text = ui_field_value(field);
	const char *home = getenv("HOME");

	while (*text == ' ')
		text++;
	if (!*text) {
		ui_field_set_error(field, _("Type the path of the photo of the label first."));
		return UI_HANDLED | UI_REDRAW;
	}
	memset(&s->add, 0, sizeof s->add);
	s->add.devices = s->w->session->devices;
	memset(&s->photo, 0, sizeof s->photo);
	s->photo.add = &s->add;
	if (text[0] == '~' && text[1] == '/' && home)
		snprintf(s->photo.path, sizeof s->photo.path, "%s%s", home, text + 1);
	else
		snprintf(s->photo.path, sizeof s->photo.path, "%s", text);
	for (size_t n = strlen(s->photo.path); n && (s->photo.path[n - 1] == ' ' || s->photo.path[n - 1] == '\n'); n--)
		s->photo.path[n - 1] = '\0';
	s->photo_field = W_PHOTO;
	s->photo_job = ds_wizard_start_job(s->w, _("Reading the photo of the label"), ds_label_photo_job, &s->photo, 30);
	return UI_HANDLED | UI_REDRAW;
}

/** A code no plugin claimed: says what the built-in decoders make of it. */
static void devices_explain(devices *s, const char *payload)
{
	char text[2048];

	ds_label_explain(payload, text, sizeof text);
	ds_wizard_message(s->w, _("What this code is"), text);
}

/** Adds a device to the site and saves. */
static void devices_put(devices *s, const ds_site_device *d)
{
	ds_site *site = ds_wizard_site(s->w);
	bool known = ds_site_find_device(site, d->plugin_id, d->serial) != NULL;
	ds_site_device *in;

	if (!ds_wizard_may_change(s->w))
		return;
	in = ds_site_put_device(site, d);
	if (!in)
		return;
	if (!known)
		ds_site_note(site, _("Added %s (%s)"), in->name, in->serial);
	ds_wizard_save(s->w);
	ds_wizard_status(s->w, UI_LEVEL_OK, known ? _("%s is already on the list; its details were updated.")
						 : _("Added %s."), in->name);
	for (size_t i = 0; i < s->n_found; i++) {
		if (strcmp(s->found[i].serial, d->serial) == 0 && strcmp(s->found[i].plugin_id, d->plugin_id) == 0) {
			memmove(&s->found[i], &s->found[i + 1], (s->n_found - i - 1) * sizeof *s->found);
			s->n_found--;
			break;
		}
	}
	devices_refill(s);
	for (int i = 0; i < ui_list_count(s->site_list); i++)
		if (&site->devices[i] == in)
			ui_list_select(s->site_list, i);
	devices_sync_name(s);
	if (ds_wizard_has_accounts(in) && !ds_wizard_busy(s->w))
		s->read_job = ds_wizard_accounts_read(s->w, &s->read, in);
}

/** Renames the selected device. */
static int devices_rename(devices *s)
{
	ds_site *site = ds_wizard_site(s->w);
	int i = ui_list_selected(s->site_list);
	ui_field *name = ui_form_field(s->actions, W_NAME);

	if (!site || i < 0 || (size_t)i >= site->n_devices) {
		ui_field_set_error(name, _("Select a device in the list first."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (!ui_field_value(name)[0]) {
		ui_field_set_error(name, _("A name cannot be empty."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (!ds_wizard_may_change(s->w))
		return UI_HANDLED | UI_REDRAW;
	snprintf(site->devices[i].name, sizeof site->devices[i].name, "%s", ui_field_value(name));
	ds_wizard_save(s->w);
	devices_refill(s);
	ds_wizard_status(s->w, UI_LEVEL_OK, _("Renamed to %s."), site->devices[i].name);
	return UI_HANDLED | UI_REDRAW;
}

/** Removes the selected device from the site (not from the system). */
static int devices_remove(devices *s)
{
	ds_site *site = ds_wizard_site(s->w);
	int i = ui_list_selected(s->site_list);

	if (!site || i < 0 || (size_t)i >= site->n_devices)
		return UI_IGNORED;
	if (!ds_wizard_may_change(s->w))
		return UI_HANDLED | UI_REDRAW;
	ds_site_note(site, _("Removed %s (%s) from the site"), site->devices[i].name, site->devices[i].serial);
	ds_wizard_status(s->w, UI_LEVEL_INFO, _("Removed %s from this site."), site->devices[i].name);
	ds_site_remove_device(site, (size_t)i);
	ds_wizard_save(s->w);
	devices_refill(s);
	devices_sync_name(s);
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** Moves focus to zone z (skipping empty lists). */
static void devices_focus(devices *s, int z)
{
	ds_site *site = ds_wizard_site(s->w);

	for (int tries = 0; tries < Z_COUNT; tries++, z = (z + 1) % Z_COUNT) {
		if (z == Z_SITE && (!site || !site->n_devices))
			continue;
		if (z == Z_FOUND && !s->n_found)
			continue;
		break;
	}
	s->zone = z;
	ui_burst_end(&s->burst);
}

/** Keys of the zone that has the focus. */
static int devices_zone_key(devices *s, int key, wint_t wch, bool fn)
{
	int activated = 0, flags;

	switch (s->zone) {
	case Z_CODE:
		flags = ui_form_key(s->code, key, wch, fn, &activated);
		if ((flags & UI_ACTIVATE) && (activated == W_CODE || activated == W_ADD) && s->by_address) {
			s->address_job = ds_devices_address_start(s->w, &s->address, ui_form_field(s->code, W_CODE));
			return UI_HANDLED | UI_REDRAW;
		}
		if ((flags & UI_ACTIVATE) && (activated == W_CODE || activated == W_ADD))
			return devices_add_code(s);

		return flags;
	case Z_SITE:
		if ((ui_key_is_fn(key, fn, KEY_DC) || ui_key_is_char(key, fn, 'd')))
			return devices_remove(s);
		if (ui_key_is_char(key, fn, 'w') && ui_list_selected(s->site_list) >= 0) {
			ds_wifi_join_open(s->wifi, (size_t)ui_list_selected(s->site_list));
			return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
		}
		flags = ui_list_key(s->site_list, key, wch, fn);
		if (flags & UI_HANDLED)
			devices_sync_name(s);
		if (ui_key_is_enter(key, fn)) {
			s->zone = Z_ACTIONS;
			ui_form_focus(s->actions, W_NAME);
			return UI_HANDLED | UI_REDRAW;
		}
		return flags;
	case Z_FOUND:
		if (ui_key_is_enter(key, fn)) {
			int i = ui_list_selected(s->found_list);

			if (i >= 0 && (size_t)i < s->n_found) {
				ds_site_device d = s->found[i];

				devices_put(s, &d);
				if (!s->n_found)
					devices_focus(s, Z_SITE);
				return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
			}
		}
		return ui_list_key(s->found_list, key, wch, fn);
	default:
		flags = ui_form_key(s->actions, key, wch, fn, &activated);
		if (flags & UI_ACTIVATE) {
			if (activated == W_SEARCH) {
				memset(&s->discover, 0, sizeof s->discover);
				s->discover.devices = s->w->session->devices;
				free(s->found);
				s->found = NULL;
				s->n_found = 0;
				s->discover_job = ds_wizard_start_job(s->w, _("Searching for devices nearby"),
								      ds_op_discover_job, &s->discover, 30);
				return UI_HANDLED | UI_REDRAW;
			}
			if (activated == W_CONTINUE) {
				ds_wizard_next(s->w);
				return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
			}
			if (activated == W_NAME || activated == W_RENAME)
				return devices_rename(s);
			if (activated == W_PHOTO)
				return devices_add_photo(s);
			if (activated == W_CAMERA)
				return devices_add_camera(s);
			if (activated == W_ADDRESS) {
				devices_address_mode(s, true);
				s->zone = Z_CODE;
				ui_form_focus(s->code, W_CODE);
				return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
			}
		}
		return flags;
	}
}

/** After panel p took a key or an event (its flags): a device the Bluetooth
 *  panel paired joins the site; after the Wi-Fi panel, the lists are rebuilt
 *  when refill. Returns flags. */
static int devices_after_panel(devices *s, const ds_panel *p, int flags, bool refill)
{
	ds_site_device d;

	if (p->state == s->ble) {
		if (ds_ble_panel_take_paired(s->ble, &d))
			devices_put(s, &d);
		return flags | UI_RELAYOUT;
	}
	if (refill)
		devices_refill(s);
	return flags;
}

/** Keys: a scanner burst anywhere goes into the code field; Tab cycles zones. */
static int devices_key(void *state, int key, wint_t wch, bool fn)
{
	devices *s = state;
	bool in_code = s->zone == Z_CODE && ui_form_text_input(s->code);
	/* A pasted path is a fast burst too: it stays in the photo field. */
	bool in_photo = s->zone == Z_ACTIONS && ui_form_focused(s->actions) &&
			ui_field_id(ui_form_focused(s->actions)) == W_PHOTO;
	const ds_panel *shown = ds_panels_shown(&s->panels);

	if (ds_cert_prompt_is_open(&s->cert)) {
		bool accepted;
		int flags = ds_cert_prompt_key(&s->cert, s->w, key, wch, fn, &accepted);

		if (!accepted)
			return flags;
		if (s->cert_for_address) {
			s->cert_for_address = false;
			s->address_job = ds_devices_address_again(s->w, &s->address);
			return flags | UI_HANDLED | UI_REDRAW;
		}
		return devices_start_add(s) | flags;
	}
	if (shown) {
		int flags = ds_panel_key(shown, key, wch, fn);

		return devices_after_panel(s, shown, flags, !ds_panel_is_open(shown));
	}
	if (s->ble && ui_key_is_fn(key, fn, KEY_F(7))) {
		ds_ble_panel_open(s->ble);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	bool printable = !fn && wch >= 0x20 && wch != 0x7f;

	if (!in_code && !in_photo && printable && ui_burst_key(&s->burst, ui_term_now_ms())) {
		/* A scanner is typing: take the code wherever the focus was (a label code, not an address). */
		ui_field *code = ui_form_field(s->code, W_CODE);

		if (s->by_address)
			devices_address_mode(s, false);

		if (s->zone != Z_CODE || !s->burst.last_ms)
			ui_field_clear(code);
		if (s->zone != Z_CODE) {
			ui_field_clear(code);
			s->zone = Z_CODE;
		}
		ui_form_focus(s->code, W_CODE);
		s->burst.active = true;
		return ui_form_key(s->code, key, wch, fn, NULL) | UI_HANDLED | UI_REDRAW;
	}
	if (ui_key_is_char(key, fn, '\t') || ui_key_is_fn(key, fn, KEY_BTAB)) {
		bool back = fn;
		ui_form *form = s->zone == Z_CODE ? s->code : s->zone == Z_ACTIONS ? s->actions : NULL;

		if (form) {
			ui_field *before = ui_form_focused(form);

			if (back ? ui_form_focus_prev(form) : ui_form_focus_next(form)) {
				ui_field *after = ui_form_focused(form);
				bool wrapped = back ? ui_field_rect(after).y > ui_field_rect(before).y ||
						      (ui_field_rect(after).y == ui_field_rect(before).y && ui_field_rect(after).x > ui_field_rect(before).x)
						    : ui_field_rect(after).y < ui_field_rect(before).y ||
						      (ui_field_rect(after).y == ui_field_rect(before).y && ui_field_rect(after).x < ui_field_rect(before).x);

				if (!wrapped)
					return UI_HANDLED | UI_REDRAW;
			}
		}
		devices_focus(s, (s->zone + (back ? Z_COUNT - 1 : 1)) % Z_COUNT);
		if (back && s->zone == Z_FOUND && !s->n_found)
			devices_focus(s, Z_SITE);
		return UI_HANDLED | UI_REDRAW;
	}
	if (ui_key_is_enter(key, fn))
		ui_burst_end(&s->burst);
	if (s->by_address && s->zone == Z_CODE && ui_key_is_char(key, fn, UI_KEY_ESC)) {
		devices_address_mode(s, false);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	return devices_zone_key(s, key, wch, fn);
}

/** Results of the add and search jobs. */
static int devices_event(void *state, ds_event *ev)
{
	devices *s = state;
	const ds_panel *by = NULL;
	int panel_flags = ds_panels_event(&s->panels, ev, &by);

	if (panel_flags)
		return devices_after_panel(s, by, panel_flags, true);
	if (s->discover_job && ev->job_id == s->discover_job) {
		if (ev->type == DS_EVENT_ITEM) {
			ds_site_device *d = ui_screen_manager_take_item(ev);
			ds_site *site = ds_wizard_site(s->w);
			ds_site_device *grown;

			if (!ds_site_find_device(site, d->plugin_id, d->serial) &&
			    (grown = realloc(s->found, (s->n_found + 1) * sizeof *grown))) {
				s->found = grown;
				s->found[s->n_found++] = *d;
			}
			ev->item_free(d);
			devices_refill(s);
			return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
		}
		if (ev->type == DS_EVENT_DONE) {
			s->discover_job = 0;
			devices_refill(s);
			if (s->n_found) {
				devices_focus(s, Z_FOUND);
				ui_list_select(s->found_list, 0);
				ds_wizard_status(s->w, UI_LEVEL_OK,
						 P_("%zu new device found nearby.", "%zu new devices found nearby.", s->n_found),
						 s->n_found);
			} else if (ev->status == DS_OK) {
				ds_wizard_status(s->w, UI_LEVEL_INFO, "%s",
						 _("No new device found. Put the device in pairing mode (see its manual) and search again, or scan its label."));
			} else {
				ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", ev->message[0] ? ev->message : _("The search was stopped."));
			}
			return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
		}
	}
	if (s->address_job && ev->job_id == s->address_job && ev->type == DS_EVENT_DONE) {
		s->address_job = 0;
		s->zone = Z_CODE;
		ui_form_focus(s->code, W_CODE);
		if (ev->status != DS_OK && ds_cert_prompt_offer(&s->cert, ev)) {
			/* a accepts it and looks at the same address again */
			s->cert_for_address = true;
			ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", ev->message);
		} else if (ds_devices_address_done(s->w, &s->address, ui_form_field(s->code, W_CODE), ev)) {
			devices_address_mode(s, false);
			devices_put(s, &s->address.found);
		}
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (s->read_job && ev->job_id == s->read_job && ev->type == DS_EVENT_DONE) {
		s->read_job = 0;
		ds_wizard_accounts_done(s->w, &s->read, ev);
		devices_refill(s);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (s->add_job && ev->job_id == s->add_job && ev->type == DS_EVENT_DONE) {
		ui_field *code = ui_form_field(s->code, W_CODE);

		s->add_job = 0;
		if (ev->status == DS_OK) {
			devices_put(s, &s->add.found);
			ui_field_clear(code);
		} else if (ev->status == DS_ERR_CANCELLED) {
			ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("Adding was cancelled; the code is kept."));
		} else if (ds_cert_prompt_offer(&s->cert, ev)) {
			ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", ev->message);
		} else if (ev->status == DS_ERR_NOT_FOUND && !s->add.claimed) {
			ui_field_set_error(code, _("No installed plugin recognises this code: see the message."));
			devices_explain(s, s->add.payload);
		} else {
			ui_field_set_error(code, ev->message[0] ? ev->message
					   : _("The device could not be added. Check the code and try again."));
		}
		s->zone = Z_CODE;
		ui_form_focus(s->code, W_CODE);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (s->photo_job && ev->job_id == s->photo_job && ev->type == DS_EVENT_DONE) {
		ui_field *photo = ui_form_field(s->actions, s->photo_field);
		bool camera = s->photo_field == W_CAMERA;

		s->photo_job = 0;
		if (ev->status == DS_OK) {
			devices_put(s, &s->add.found);
			if (!camera)
				ui_field_clear(photo);
		} else if (ev->status == DS_ERR_CANCELLED) {
			ds_wizard_status(s->w, UI_LEVEL_INFO, "%s",
					 camera ? _("Scanning with the camera was stopped.")
						: _("Reading the photo was cancelled; the path is kept."));
		} else if (ds_cert_prompt_offer(&s->cert, ev)) {
			/* a accepts it and adds the code the picture held (s->add.payload) */
			ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", ev->message);
		} else if (ev->status == DS_ERR_NOT_FOUND && s->add.payload[0] && !s->add.claimed) {
			ui_field_set_error(photo, camera ? _("No installed plugin recognises the code the camera saw: see the message.")
							 : _("No installed plugin recognises the code in this photo: see the message."));
			devices_explain(s, s->add.payload);
		} else {
			ui_field_set_error(photo, ev->message[0] ? ev->message
					   : _("The photo could not be read. Check the path and try again."));
		}
		s->zone = Z_ACTIONS;
		ui_form_focus(s->actions, s->photo_field);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	return UI_IGNORED;
}

/** True while a text field has the focus. */
static bool devices_text_input(void *state)
{
	devices *s = state;
	const ds_panel *shown = ds_panels_shown(&s->panels);

	if (ds_cert_prompt_is_open(&s->cert))
		return false;
	if (shown)
		return ds_panel_text_input(shown);
	if (s->zone == Z_CODE)
		return ui_form_text_input(s->code);
	return s->zone == Z_ACTIONS && ui_form_text_input(s->actions);
}

/** Key hints. */
static const ui_key_hint *devices_hints(void *state, size_t *n)
{
	static const ui_key_hint hints[] = {
		{ N_("Enter"), N_("Add") }, { N_("Tab"), N_("Next") }, { N_("d"), N_("Remove") }, { N_("w"), N_("Wi-Fi") },
		{ N_("F10"), N_("Continue") }, { N_("Esc"), N_("Back") }, { N_("F1"), N_("Help") },
		{ N_("F7"), N_("Bluetooth") }, /* last: a narrow terminal cuts it, never F1 */
	};

	static const ui_key_hint photo_hints[] = {
		{ N_("Enter"), N_("Read the photo and add") }, { N_("Tab"), N_("Next") }, { N_("Esc"), N_("Back") },
		{ N_("F1"), N_("Help") },
	};
	devices *s = state;
	const ds_panel *shown = ds_panels_shown(&s->panels);

	if (ds_cert_prompt_is_open(&s->cert))
		return ds_cert_prompt_hints(n);
	if (shown)
		return ds_panel_hints(shown, n);
	if (s->zone == Z_ACTIONS && ui_form_focused(s->actions) &&
	    ui_field_id(ui_form_focused(s->actions)) == W_PHOTO) {
		*n = sizeof photo_hints / sizeof photo_hints[0];
		return photo_hints;
	}
	*n = sizeof hints / sizeof hints[0];
	return hints;
}

/** Help text. */
static const char *devices_help(void *state)
{
	(void)state;
	return _("Add each device of the system. Type or paste the code printed under its QR label and press "
		 "Enter, or scan the label with a USB scanner at any time on this screen: the code goes into the "
		 "field by itself. Or type the path of a photo of the label (PNG or JPEG) in the last field at the "
		 "bottom (Tab gets there) and press Enter: doorstep reads the QR code in the picture and adds the device. A code that no installed "
		 "plugin recognises is explained (which standard it is, secrets hidden). \"Search nearby\" lists devices in pairing mode and cameras on the network (with their maker and model); Enter adds the selected one. "
		 "A camera on another network is added by its address: \"Add by address\" (beside Continue) turns the code field into an address field; type HOST[:PORT] (e.g. 192.168.1.64 or cam.local:8080) and press Enter, or Esc for the label code again. "
		 "A device with several accounts (a camera's admin and guest) shows them under the list; the Passwords step gives each that is on a factory default a new password. "
		 "F7 lists Bluetooth devices nearby, strongest signal first, with the plugin that claims each; Enter "
		 "pairs the selected one, and a passkey the device asks for is typed there. "
		 "Select a device in the list to rename it (Enter, then type the name), remove it (d), or join it "
		 "to the home Wi-Fi (w, for cameras). In the Wi-Fi panel, \"Show join code (QR)\" (or c in the "
		 "network list) draws the network and its key as a QR code, for cameras that pair by scanning a "
		 "screen; it is never written to a file. Continue when every device is on the list.");
}

const ui_screen_class ds_screen_devices = {
	.name = "devices",
	.enter = devices_enter,
	.layout = devices_layout,
	.draw = devices_draw,
	.key = devices_key,
	.event = devices_event,
	.text_input = devices_text_input,
	.hints = devices_hints,
	.help = devices_help,
};
