/* The "add an eSIM profile" panel of the Cellular step. */
#include "ui/wizard/cellular_esim_add.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/esim_ops.h"
#include "app/base/i18n.h"
#include "app/base/secret.h"
#include "app/qr/lpa_code.h"
#include "app/qr/qr_image.h"
#include "ui/toolkit/ui_draw.h"
#include "ui/toolkit/ui_form.h"
#include "ui/toolkit/ui_theme.h"

/** Time limits of the jobs, in seconds. */
#define ADD_PHOTO_TIMEOUT 20
#define ADD_DOWNLOAD_TIMEOUT 60
/** Longest activation code taken (ds_qr_lpa.activation_code holds 800 bytes). */
#define ADD_CODE_MAX 799

/** Widget ids. */
enum { A_CODE = 1, A_CONFIRM, A_DOWNLOAD, A_PHOTO_PATH, A_PHOTO, A_CANCEL };

/** Reading a photo of the QR code (a job). */
typedef struct ds_esim_photo {
	char path[4096];       /**< in */
	char *code;            /**< out: the first activation code found (secure memory) */
} ds_esim_photo;

struct ds_esim_add {
	ds_wizard *w;
	bool open;
	bool downloaded;         /**< a profile was installed; the step reads the eSIM again */
	ds_site_device device;
	ui_form *form;
	ui_rect title, intro, body, area;
	ds_esim_photo photo;
	uint64_t photo_job;
	ds_op_esim_download download;
	uint64_t download_job;
	char *code;              /**< the download job's copies, secure memory */
	char *confirm;
};

/** Frees it (defined with the panel's class below). */
static void add_panel_free(void *state);

ds_esim_add *ds_esim_add_new(ds_wizard *w)
{
	ds_esim_add *a = calloc(1, sizeof *a);

	if (!a)
		return NULL;
	a->w = w;
	a->form = ui_form_new();
	if (!a->form || !ui_form_add(a->form, ui_field_new_secret(A_CODE, _("Activation code (LPA:1$…)"), ADD_CODE_MAX)) ||
	    !ui_form_add(a->form, ui_field_new_secret(A_CONFIRM, _("Confirmation code"), 64)) ||
	    !ui_form_add(a->form, ui_field_new_button(A_DOWNLOAD, _("Download"))) ||
	    !ui_form_add(a->form, ui_field_new_text(A_PHOTO_PATH, _("…or a photo of the QR code (PNG or JPEG file)"), 4000)) ||
	    !ui_form_add(a->form, ui_field_new_button(A_PHOTO, _("Read the photo"))) ||
	    !ui_form_add(a->form, ui_field_new_button(A_CANCEL, _("Cancel")))) {
		add_panel_free(a);
		return NULL;
	}
	return a;
}

/** Wipes the job's copies of the codes. */
static void add_forget_copies(ds_esim_add *a)
{
	ds_secret_free(a->code);
	ds_secret_free(a->confirm);
	ds_secret_free(a->photo.code);
	a->code = a->confirm = a->photo.code = NULL;
}

/** Frees it, wiping the codes. */
static void add_panel_free(void *state)
{
	ds_esim_add *a = state;

	if (!a)
		return;
	add_forget_copies(a);
	ui_form_free(a->form);
	free(a);
}

/** Empties the fields and closes the panel (nothing of the codes stays). */
static void add_close(ds_esim_add *a)
{
	a->open = false;
	ui_field_clear(ui_form_field(a->form, A_CODE));
	ui_field_clear(ui_form_field(a->form, A_CONFIRM));
	ui_field_clear(ui_form_field(a->form, A_PHOTO_PATH));
	ui_field_set_error(ui_form_field(a->form, A_CODE), NULL);
	ui_field_set_error(ui_form_field(a->form, A_CONFIRM), NULL);
	ui_field_set_error(ui_form_field(a->form, A_PHOTO_PATH), NULL);
}

/** Enables the confirmation field when the operator asks for one. */
static void add_need_confirmation(ds_esim_add *a, bool needed)
{
	ui_field *f = ui_form_field(a->form, A_CONFIRM);

	ui_field_set_enabled(f, needed);
	ui_field_set_hint(f, needed ? _("The operator sent this code separately (letter, e-mail or text message).")
				    : _("Needed only when the activation code asks for one."),
			  UI_ROLE_DIM);
}

void ds_esim_add_open(ds_esim_add *a, const ds_site_device *device)
{
	add_close(a);
	a->device = *device;
	a->open = true;
	a->downloaded = false;
	add_need_confirmation(a, false);
	ui_form_focus(a->form, A_CODE);
}

/** True while open. */
static bool add_panel_is_open(const void *state)
{
	const ds_esim_add *a = state;

	return a->open;
}

bool ds_esim_add_take_downloaded(ds_esim_add *a)
{
	bool d = a->downloaded;

	a->downloaded = false;
	return d;
}

/** Places the panel. */
static void add_panel_layout(void *state, ui_rect r)
{
	ds_esim_add *a = state;
	ui_rect body = ui_layout_inset(r, 0, 1);

	a->area = r;
	a->title = ui_layout_take_top(&body, 1);
	a->intro = ui_layout_take_top(&body, 3);
	ui_layout_take_top(&body, 1);
	a->body = body;
	ui_form_layout(a->form, body);
}

/** Paints the panel. */
static void add_panel_draw(void *state, WINDOW *win)
{
	ds_esim_add *a = state;
	char title[160];

	snprintf(title, sizeof title, _("Add an eSIM profile to %s"), a->device.name);
	ui_draw_text(win, a->title.y, a->title.x, a->title.w, ui_theme_attr(UI_ROLE_TITLE), title);
	ui_draw_wrapped(win, a->intro, ui_theme_attr(UI_ROLE_DIM),
			_("Scan the operator's QR code with a USB scanner, paste or type its activation code, or give a "
			  "photo of it, then press Enter. The codes are secret: they go to the panel only and are "
			  "never stored. Esc goes back."), false);
	ui_form_draw(a->form, win, true);
}

/** Job: reads the first activation code in a photo. */
static ds_status add_photo_job(ds_job *job, void *arg)
{
	ds_esim_photo *p = arg;
	ds_qr_codes *codes = NULL;
	char msg[320];

	ds_job_progress(job, 100, "%s", _("Reading the QR code in the photo"));
	if (ds_qr_image_scan_file(p->path, &codes, msg, sizeof msg) < 0)
		return ds_job_fail(job, DS_ERR_INVALID, "%s", msg);
	for (size_t i = 0; i < codes->n && !p->code; i++)
		if (codes->len[i] > 4 && strncmp(codes->text[i], "LPA:", 4) == 0)
			p->code = ds_secret_strdup(codes->text[i]);
	ds_qr_codes_free(codes);
	if (!p->code)
		return ds_job_fail(job, DS_ERR_NOT_FOUND, "%s",
				   _("This picture holds no eSIM activation code (LPA:1$…). Take a sharp photo of the "
				     "operator's QR code, or type the code."));
	return DS_OK;
}

/** Starts reading the photo named in the path field. */
static int add_read_photo(ds_esim_add *a)
{
	ui_field *path = ui_form_field(a->form, A_PHOTO_PATH);

	if (!ui_field_value(path)[0]) {
		ui_field_set_error(path, _("Type the path of the photo first."));
		ui_form_focus(a->form, A_PHOTO_PATH);
		return UI_HANDLED | UI_REDRAW;
	}
	ui_field_set_error(path, NULL);
	ds_secret_free(a->photo.code);
	a->photo.code = NULL;
	snprintf(a->photo.path, sizeof a->photo.path, "%s", ui_field_value(path));
	a->photo_job = ds_wizard_start_job(a->w, _("Reading the photo"), add_photo_job, &a->photo, ADD_PHOTO_TIMEOUT);
	return UI_HANDLED | UI_REDRAW;
}

/** Checks the typed codes and starts the download. */
static int add_start_download(ds_esim_add *a)
{
	ui_field *code = ui_form_field(a->form, A_CODE), *confirm = ui_form_field(a->form, A_CONFIRM);
	const char *text = ui_field_secret_value(code);
	ds_qr_lpa *lpa;
	ds_qr_error err;
	char msg[400];
	bool needs_cc;

	ui_field_set_error(code, NULL);
	ui_field_set_error(confirm, NULL);
	if (!text[0]) {
		ui_field_set_error(code, _("Scan, paste or type the activation code first (it starts with LPA:1$)."));
		ui_form_focus(a->form, A_CODE);
		return UI_HANDLED | UI_REDRAW;
	}
	lpa = ds_secret_alloc(sizeof *lpa);
	if (!lpa) {
		ds_wizard_status(a->w, UI_LEVEL_FAIL, "%s", _("Out of memory: close other programs and try again."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (ds_qr_lpa_parse(text, strlen(text), lpa, &err) < 0) {
		snprintf(msg, sizeof msg, _("This is not a valid activation code: %s"), err.message);
		ui_field_set_error(code, msg);
		ui_form_focus(a->form, A_CODE);
		ds_secret_free(lpa);
		return UI_HANDLED | UI_REDRAW;
	}
	needs_cc = lpa->confirmation_code_required;
	ds_secret_free(lpa);
	if (needs_cc)
		add_need_confirmation(a, true);
	if (needs_cc && !ui_field_secret_value(confirm)[0]) {
		ui_field_set_error(confirm, _("This activation code needs the operator's confirmation code: type it here."));
		ui_form_focus(a->form, A_CONFIRM);
		return UI_HANDLED | UI_REDRAW;
	}
	add_forget_copies(a);
	a->code = ds_secret_strdup(text);
	a->confirm = ui_field_secret_value(confirm)[0] ? ds_secret_strdup(ui_field_secret_value(confirm)) : NULL;
	if (!a->code) {
		ds_wizard_status(a->w, UI_LEVEL_FAIL, "%s", _("Out of memory: close other programs and try again."));
		return UI_HANDLED | UI_REDRAW;
	}
	memset(&a->download, 0, sizeof a->download);
	a->download.devices = a->w->session->devices;
	a->download.device = a->device;
	a->download.activation_code = a->code;
	a->download.confirmation_code = a->confirm;
	a->download_job = ds_wizard_start_job(a->w, _("Downloading the eSIM profile"), ds_op_esim_download_job,
					      &a->download, ADD_DOWNLOAD_TIMEOUT);
	return UI_HANDLED | UI_REDRAW;
}

/** Keys while open: flags (Esc closes it, wiping the codes). */
static int add_panel_key(void *state, int key, wint_t wch, bool fn)
{
	ds_esim_add *a = state;
	int activated = 0, flags;

	if (ui_key_is_char(key, fn, UI_KEY_ESC)) {
		add_close(a);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	flags = ui_form_key(a->form, key, wch, fn, &activated);
	if (flags & UI_ACTIVATE) {
		if (activated == A_CODE || activated == A_CONFIRM || activated == A_DOWNLOAD)
			return add_start_download(a);
		if (activated == A_PHOTO_PATH || activated == A_PHOTO)
			return add_read_photo(a);
		if (activated == A_CANCEL) {
			add_close(a);
			return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
		}
	}
	return flags | UI_HANDLED;
}

/** The photo was read: its code goes into the code field. */
static void add_photo_done(ds_esim_add *a, const ds_event *ev)
{
	ui_field *path = ui_form_field(a->form, A_PHOTO_PATH);

	if (ev->status != DS_OK || !a->photo.code) {
		ui_field_set_error(path, ev->message[0] ? ev->message : _("The photo could not be read. Try another one."));
		return;
	}
	if (!ui_field_set_value(ui_form_field(a->form, A_CODE), a->photo.code))
		ui_field_set_error(path, _("The code in this photo is too long to be an activation code."));
	ds_secret_free(a->photo.code);
	a->photo.code = NULL;
	ds_wizard_status(a->w, UI_LEVEL_OK, "%s", _("Activation code read from the photo. Press Enter to download."));
	ui_form_focus(a->form, A_CODE);
}

/** The download ended: close on success; otherwise say why, keeping the activation code. */
static void add_download_done(ds_esim_add *a, const ds_event *ev)
{
	ui_field *code = ui_form_field(a->form, A_CODE), *confirm = ui_form_field(a->form, A_CONFIRM);
	char msg[600];

	add_forget_copies(a);
	if (ev->status == DS_OK) {
		ds_site_note(ds_wizard_site(a->w), _("eSIM profile downloaded onto %s"), a->device.name);
		ds_wizard_save(a->w);
		ds_wizard_status(a->w, UI_LEVEL_OK, "%s",
				 _("The profile is installed. Choose it as the primary (p) or the backup (b)."));
		add_close(a);
		a->downloaded = true;
		return;
	}
	if (ev->status == DS_ERR_TIMEOUT)
		snprintf(msg, sizeof msg, _("The panel did not answer within %u s. Check that it is powered, then try again."),
			 ADD_DOWNLOAD_TIMEOUT);
	else if (ev->status == DS_ERR_CANCELLED)
		snprintf(msg, sizeof msg, "%s", _("Cancelled; nothing was installed. Press Enter to try again."));
	else
		snprintf(msg, sizeof msg, "%s", ev->message[0] ? ev->message : _("The profile was not downloaded. Try again."));
	if (a->download.needs_confirmation) {
		/* A wrong or missing confirmation code: ask it again, keep the activation code. */
		add_need_confirmation(a, true);
		ui_field_clear(confirm);
		ui_field_set_error(confirm, msg);
		ui_form_focus(a->form, A_CONFIRM);
	} else {
		ui_field_set_error(code, msg);
		ui_form_focus(a->form, A_CODE);
	}
	ds_wizard_status(a->w, UI_LEVEL_FAIL, "%s", _("The eSIM profile was not downloaded."));
}

/** Job events: the photo's and the download's results. */
static int add_panel_event(void *state, ds_event *ev)
{
	ds_esim_add *a = state;

	if (ev->type != DS_EVENT_DONE)
		return UI_IGNORED;
	if (a->photo_job && ev->job_id == a->photo_job) {
		a->photo_job = 0;
		add_photo_done(a, ev);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	if (a->download_job && ev->job_id == a->download_job) {
		a->download_job = 0;
		add_download_done(a, ev);
		return UI_HANDLED | UI_RELAYOUT | UI_REDRAW;
	}
	return UI_IGNORED;
}

/** True while a field takes typed text. */
static bool add_panel_text_input(const void *state)
{
	const ds_esim_add *a = state;

	return a->open && ui_form_text_input(a->form);
}

/** Key hints while open. */
static const ui_key_hint *add_panel_hints(const void *state, size_t *n)
{
	static const ui_key_hint hints[] = {
		{ N_("Enter"), N_("Download") }, { N_("Tab"), N_("Next") }, { N_("Esc"), N_("Back") },
		{ N_("F1"), N_("Help") },
	};

	(void)state;
	*n = sizeof hints / sizeof hints[0];
	return hints;
}

const ds_panel_class ds_esim_add_class = {
	.name = "esim-add",
	.free = add_panel_free,
	.is_open = add_panel_is_open,
	.layout = add_panel_layout,
	.draw = add_panel_draw,
	.key = add_panel_key,
	.event = add_panel_event,
	.hints = add_panel_hints,
	.text_input = add_panel_text_input,
};
