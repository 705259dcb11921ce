/* Step 1, Welcome: start a new site, reconfigure a saved one, or (on a
 * laptop with no record of the system) find it and read it from the devices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/device_ops.h"
#include "app/base/i18n.h"
#include "app/core/site_store.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_list.h"
#include "ui/toolkit/ui_theme.h"
#include "ui/wizard/wizard.h"

/** Widget ids. */
enum { W_NAME = 1, W_START, W_FIND };

/** Which widget group has the focus. */
enum { FOCUS_FORM, FOCUS_SITES };

/** The screen's state. */
typedef struct welcome {
	ds_wizard *w;
	ui_form *form;
	ui_list *sites;
	char **names;
	size_t n_names;
	int focus;
	ui_rect title, intro, sites_title;
	ds_op_discover discover;
	uint64_t discover_job;
	ds_site *found;          /**< the site being built from discovered devices */
} welcome;

/** Re-reads the saved sites. */
static void welcome_load_sites(welcome *s)
{
	ds_site_list_free(s->names, s->n_names);
	s->names = ds_site_list(&s->n_names);
	ui_list_clear(s->sites);
	for (size_t i = 0; i < s->n_names; i++)
		ui_list_add(s->sites, s->names[i], UI_ROLE_NORMAL);
	if (s->n_names == 0)
		s->focus = FOCUS_FORM;
}

void *ds_screen_welcome_new(ds_wizard *w)
{
	welcome *s = calloc(1, sizeof *s);
	ui_field *f;

	if (!s)
		return NULL;
	s->w = w;
	s->form = ui_form_new();
	s->sites = ui_list_new();
	f = ui_form_add(s->form, ui_field_new_text(W_NAME, _("Name of the new site"), 64));
	ui_field_set_value(f, w->demo ? _("Demo house") : "");
	ui_field_set_hint(f, _("e.g. the customer's name and street; it names the report"), UI_ROLE_DIM);
	ui_form_add(s->form, ui_field_new_button(W_START, _("Start a new site")));
	ui_form_add(s->form, ui_field_new_button(W_FIND, _("Find my system")));
	return s;
}

void ds_screen_welcome_free(void *state)
{
	welcome *s = state;

	if (!s)
		return;
	ui_form_free(s->form);
	ui_list_free(s->sites);
	ds_site_list_free(s->names, s->n_names);
	ds_site_free(s->found);
	free(s);
}

/** Called each time the step is shown. */
static void welcome_enter(void *state)
{
	welcome *s = state;

	welcome_load_sites(s);
	s->focus = FOCUS_FORM;
	ui_form_focus(s->form, W_NAME);
}

/** The paragraph under the title. */
static const char *welcome_intro(const welcome *s)
{
	return s->w->demo ? _("This is the demo alarm system: a panel, a door contact, a motion sensor and a camera, "
			      "simulated on this laptop. Set it up as you would a customer's system.")
			  : _("doorstep pairs every device, replaces every factory password, chooses the mobile "
			      "operators and checks the connection. Start a new site, or open a saved one.");
}

/** The line above the saved sites, or what to do when there is none. */
static const char *welcome_sites_title(const welcome *s)
{
	return s->n_names
		       ? _("Reconfigure a saved site (Enter opens it):")
		       : _("No saved site on this laptop. \"Find my system\" reads an installed system from its devices.");
}

/** Places the title, the form and the list of saved sites. */
static void welcome_layout(void *state, ui_rect r)
{
	welcome *s = state;
	ui_rect body = ui_layout_inset(r, 0, 1);

	s->title = ui_layout_take_top(&body, 2);
	s->intro = ui_layout_take_text(&body, welcome_intro(s), 5);
	ui_layout_take_top(&body, 1);
	ui_form_layout(s->form, ui_layout_take_top(&body, ui_form_height(s->form, body.w)));
	ui_layout_take_top(&body, 1);
	s->sites_title = ui_layout_take_text(&body, welcome_sites_title(s), 3);
	ui_list_layout(s->sites, body);
}

/** Paints the screen. */
static void welcome_draw(void *state, WINDOW *win)
{
	welcome *s = state;

	ui_draw_text(win, s->title.y, s->title.x, s->title.w, ui_theme_attr(UI_ROLE_TITLE),
		     _("Welcome to doorstep"));
	ui_draw_wrapped(win, s->intro, ui_theme_attr(UI_ROLE_NORMAL), welcome_intro(s), false);
	ui_form_draw(s->form, win, s->focus == FOCUS_FORM);
	ui_draw_wrapped(win, s->sites_title, ui_theme_attr(s->n_names ? UI_ROLE_TITLE : UI_ROLE_DIM),
			welcome_sites_title(s), false);
	if (s->n_names)
		ui_list_draw(s->sites, win, s->focus == FOCUS_SITES);
}

/** Starts a new site with the typed name. */
static int welcome_start(welcome *s)
{
	ui_field *name = ui_form_field(s->form, W_NAME);
	const char *value = ui_field_value(name);
	ds_site *site = NULL;
	char message[512];

	if (!ds_site_name_valid(value)) {
		ui_field_set_error(name, _("Give the site a name: 1 to 64 characters, no '/', not starting with '.'."));
		ui_form_focus(s->form, W_NAME);
		return UI_HANDLED | UI_REDRAW;
	}
	if (ds_site_load(value, &site, message, sizeof message) == DS_SITE_LOADED) {
		ds_site_free(site);
		ui_field_set_error(name, _("A site with this name exists: open it from the list below, or choose another name."));
		return UI_HANDLED | UI_REDRAW;
	}
	site = ds_site_new(value);
	if (!site)
		return UI_HANDLED;
	ds_site_note(site, "%s", _("Site created"));
	if (ds_wizard_open_site(s->w, site))
		ds_wizard_save(s->w);
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** Opens the selected saved site. */
static int welcome_open(welcome *s)
{
	int i = ui_list_selected(s->sites);
	ds_site *site = NULL;
	char message[512];

	if (i < 0)
		return UI_IGNORED;
	switch (ds_site_load(s->names[i], &site, message, sizeof message)) {
	case DS_SITE_LOADED:
		ds_wizard_open_site(s->w, site);
		break;
	case DS_SITE_CORRUPT:
		ds_wizard_message(s->w, _("Site file kept aside"), message);
		welcome_load_sites(s);
		break;
	default:
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", message[0] ? message : _("The site could not be opened."));
		break;
	}
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** Searches for the system's devices, to build a site from what they report. */
static int welcome_find(welcome *s)
{
	ui_field *name = ui_form_field(s->form, W_NAME);
	const char *value = ui_field_value(name)[0] ? ui_field_value(name) : _("My home");

	if (!ds_site_name_valid(value)) {
		ui_field_set_error(name, _("Give the site a name: 1 to 64 characters, no '/', not starting with '.'."));
		return UI_HANDLED | UI_REDRAW;
	}
	ds_site_free(s->found);
	s->found = ds_site_new(value);
	if (!s->found)
		return UI_HANDLED;
	ds_site_note(s->found, "%s", _("Site read from the devices (no saved record)"));
	memset(&s->discover, 0, sizeof s->discover);
	s->discover.devices = s->w->session->devices;
	s->discover_job = ds_wizard_start_job(s->w, _("Searching for your system"), ds_op_discover_job, &s->discover, 30);
	return UI_HANDLED | UI_REDRAW;
}

/** Keys: the form or the list, Tab between them. */
static int welcome_key(void *state, int key, wint_t wch, bool fn)
{
	welcome *s = state;
	int activated = 0, flags;

	if ((ui_key_is_char(key, fn, '\t') || ui_key_is_fn(key, fn, KEY_BTAB)) && s->n_names) {
		if (s->focus == FOCUS_SITES) {
			s->focus = FOCUS_FORM;
			return UI_HANDLED | UI_REDRAW;
		}
		ui_field *before = ui_form_focused(s->form);

		ui_form_key(s->form, key, wch, fn, NULL);
		if (ui_form_focused(s->form) == before || ui_field_id(ui_form_focused(s->form)) == W_NAME) {
			s->focus = FOCUS_SITES;
			if (ui_list_selected(s->sites) < 0)
				ui_list_select(s->sites, 0);
		}
		return UI_HANDLED | UI_REDRAW;
	}
	if (s->focus == FOCUS_SITES) {
		if (ui_key_is_enter(key, fn))
			return welcome_open(s);
		flags = ui_list_key(s->sites, key, wch, fn);
		if (!(flags & UI_HANDLED) && ui_key_is_fn(key, fn, KEY_UP)) {
			s->focus = FOCUS_FORM;
			return UI_HANDLED | UI_REDRAW;
		}
		return flags;
	}
	flags = ui_form_key(s->form, key, wch, fn, &activated);
	if (flags & UI_ACTIVATE) {
		if (activated == W_NAME || activated == W_START)
			return welcome_start(s);
		if (activated == W_FIND)
			return welcome_find(s);
	}
	if (!(flags & UI_HANDLED) && ui_key_is_fn(key, fn, KEY_DOWN) && s->n_names) {
		s->focus = FOCUS_SITES;
		if (ui_list_selected(s->sites) < 0)
			ui_list_select(s->sites, 0);
		return UI_HANDLED | UI_REDRAW;
	}
	return flags;
}

/** Collects discovered devices; when the search ends, opens the site built from them. */
static int welcome_event(void *state, ds_event *ev)
{
	welcome *s = state;

	if (!s->discover_job || ev->job_id != s->discover_job)
		return UI_IGNORED;
	if (ev->type == DS_EVENT_ITEM) {
		ds_site_device *d = ui_screen_manager_take_item(ev);

		ds_site_put_device(s->found, d);
		ev->item_free(d);
		return UI_HANDLED;
	}
	if (ev->type != DS_EVENT_DONE)
		return UI_IGNORED;
	s->discover_job = 0;
	if (ev->status == DS_OK && s->found->n_devices) {
		ds_site *site = s->found;

		size_t n = site->n_devices;

		s->found = NULL;
		if (!ds_wizard_open_site(s->w, site))
			return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
		ds_wizard_save(s->w);
		ds_wizard_status(s->w, UI_LEVEL_OK,
				 P_("Found %zu device. Its state was read from the device itself.",
				    "Found %zu devices. Their state was read from the devices themselves.", n), n);
	} else if (ev->status == DS_ERR_CANCELLED || ev->status == DS_ERR_TIMEOUT) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", _("The search was stopped. Press \"Find my system\" to search again."));
	} else {
		ds_wizard_message(s->w, _("No system found"),
				  _("No device answered. Check that the panel is powered and near this laptop, then search "
				    "again; or start a new site and add the devices by their labels."));
	}
	return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
}

/** True while the name field has the focus. */
static bool welcome_text_input(void *state)
{
	welcome *s = state;

	return s->focus == FOCUS_FORM && ui_form_text_input(s->form);
}

/** Key hints. */
static const ui_key_hint *welcome_hints(void *state, size_t *n)
{
	static const ui_key_hint hints[] = {
		{ N_("Tab"), N_("Next") }, { N_("Enter"), N_("Select") }, { N_("F1"), N_("Help") }, { N_("q"), N_("Quit") },
	};

	(void)state;
	*n = sizeof hints / sizeof hints[0];
	return hints;
}

/** Help text. */
static const char *welcome_help(void *state)
{
	(void)state;
	return _("Start a new site for a first installation: give it a name (the customer's name and street) and "
		 "press Enter. To change a system set up before, open its site from the list. On a laptop that has "
		 "no record of the system (a homeowner's, say), \"Find my system\" searches for the devices and "
		 "reads their current state from them.");
}

const ui_screen_class ds_screen_welcome = {
	.name = "welcome",
	.enter = welcome_enter,
	.layout = welcome_layout,
	.draw = welcome_draw,
	.key = welcome_key,
	.event = welcome_event,
	.text_input = welcome_text_input,
	.hints = welcome_hints,
	.help = welcome_help,
};
