/* The offer to accept a device's TLS certificate (trust on first use,
 * app/core/site_certs.h): when a device job ends with DS_ERR_UNTRUSTED and
 * the plugin host recorded the certificate it refused, the installer sees
 * the address and the SHA-256 fingerprint in groups, to compare with the
 * one on the device's web page or label, and answers "a Accept / Esc
 * Cancel". Accepting stores it in the site (and saves it); the screen then
 * runs its job again. */
#ifndef DS_DEVICES_CERTIFICATE_H
#define DS_DEVICES_CERTIFICATE_H

#include <stdbool.h>

#include "app/core/site_certs.h"
#include "ui/toolkit/ui_dialog.h"
#include "ui/toolkit/ui_function_bar.h"
#include "ui/toolkit/ui_screen_manager.h"
#include "ui/wizard/wizard.h"

/** The prompt's state, closed until an offer opens it. */
typedef struct ds_cert_prompt {
	ui_dialog *dialog;
	ds_cert_offer offer;
	char text[1024];
} ds_cert_prompt;

/** Creates the prompt's dialog. false on failure. */
bool ds_cert_prompt_init(ds_cert_prompt *p);
void ds_cert_prompt_free(ds_cert_prompt *p);
/** For a job that ended (DONE) with DS_ERR_UNTRUSTED: opens the prompt when
 *  the host recorded the certificate it refused. true when it opened. */
bool ds_cert_prompt_offer(ds_cert_prompt *p, const ds_event *ev);
bool ds_cert_prompt_is_open(const ds_cert_prompt *p);
void ds_cert_prompt_layout(ds_cert_prompt *p, ui_rect area);
void ds_cert_prompt_draw(ds_cert_prompt *p, WINDOW *win);
/** A key while open: the screen's flags; *accepted once the installer
 *  accepted and the site has the certificate (run the job again). */
int ds_cert_prompt_key(ds_cert_prompt *p, ds_wizard *w, int key, wint_t wch, bool fn, bool *accepted);
/** Key hints while open ("a Accept", "Esc Cancel"). */
const ui_key_hint *ds_cert_prompt_hints(size_t *n);

#endif
