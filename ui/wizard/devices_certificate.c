/* The offer to accept a device's certificate (ui/wizard/devices_certificate.h). */
#include "ui/wizard/devices_certificate.h"

#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/safe_text.h"

bool ds_cert_prompt_init(ds_cert_prompt *p)
{
	memset(p, 0, sizeof *p);
	p->dialog = ui_dialog_new();
	return p->dialog != NULL;
}

void ds_cert_prompt_free(ds_cert_prompt *p)
{
	ui_dialog_free(p->dialog);
	p->dialog = NULL;
}

/** The fingerprint "AB:CD:..." in groups of four bytes, four groups a line. */
static void groups(const char *fp, char *out, size_t size)
{
	size_t o = 0, byte = 0;

	for (const char *c = fp; *c && o + 4 < size; c++) {
		if (*c == ':') {
			byte++;
			out[o++] = byte % 16 == 0 ? '\n' : byte % 4 == 0 ? ' ' : ':';
			if (byte % 4 == 0 && byte % 16)
				out[o++] = ' ';
			continue;
		}
		out[o++] = *c;
	}
	out[o] = '\0';
}

bool ds_cert_prompt_offer(ds_cert_prompt *p, const ds_event *ev)
{
	char where[300], fp[160];

	if (ev->type != DS_EVENT_DONE || ev->status != DS_ERR_UNTRUSTED || !ds_cert_offer_take(ev->job_id, &p->offer))
		return false;
	ds_safe_line(where, sizeof where, p->offer.hostport);
	groups(p->offer.sha256, fp, sizeof fp);
	if (p->offer.changed)
		snprintf(p->text, sizeof p->text,
			 _("The certificate of %s changed since you accepted it: this may be another device pretending "
			   "to be it. Accept the new one only if the device was reset or replaced and its web page or "
			   "label shows this SHA-256 fingerprint:\n\n%s"),
			 where, fp);
	else
		snprintf(p->text, sizeof p->text,
			 _("The device at %s presents a certificate doorstep has not seen before. Compare its SHA-256 "
			   "fingerprint with the one on the device's web page or label:\n\n%s\n\nAccept it only if they "
			   "are the same."),
			 where, fp);
	ui_dialog_open_choice(p->dialog, p->offer.changed ? _("Certificate changed") : _("New certificate"), p->text,
			      _("Accept"), _("Cancel"));
	return true;
}

bool ds_cert_prompt_is_open(const ds_cert_prompt *p)
{
	return p->dialog && ui_dialog_is_open(p->dialog);
}

void ds_cert_prompt_layout(ds_cert_prompt *p, ui_rect area)
{
	ui_dialog_layout(p->dialog, area);
}

void ds_cert_prompt_draw(ds_cert_prompt *p, WINDOW *win)
{
	ui_dialog_draw(p->dialog, win);
}

int ds_cert_prompt_key(ds_cert_prompt *p, ds_wizard *w, int key, wint_t wch, bool fn, bool *accepted)
{
	ui_dialog_result result = UI_DIALOG_NONE;
	int flags = ui_dialog_key(p->dialog, key, wch, fn, &result);
	ds_site *site = ds_wizard_site(w);

	*accepted = false;
	if (result == UI_DIALOG_NO) {
		ds_wizard_status(w, UI_LEVEL_INFO, "%s",
				 _("The certificate was not accepted; doorstep will not talk to this device until it is."));
	} else if (result == UI_DIALOG_YES && site && ds_wizard_may_change(w)) {
		if (ds_site_cert_accept(site, p->offer.hostport, p->offer.sha256) < 0) {
			ds_wizard_status(w, UI_LEVEL_FAIL, "%s", _("Out of memory: the certificate was not accepted."));
		} else {
			*accepted = ds_wizard_save(w);
		}
	}
	return flags | UI_HANDLED | UI_REDRAW;
}

const ui_key_hint *ds_cert_prompt_hints(size_t *n)
{
	static const ui_key_hint hints[] = { { N_("a"), N_("Accept") }, { N_("Esc"), N_("Cancel") } };

	*n = sizeof hints / sizeof hints[0];
	return hints;
}
