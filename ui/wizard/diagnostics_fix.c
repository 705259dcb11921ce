/* Diagnostics step: the repair a check offers (diagnostics_fix.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "ui/toolkit/ui_screen_manager.h"
#include "ui/wizard/diagnostics_fix.h"

bool ds_diag_fix_start(ds_wizard *w, ds_diag_fix *f, const ds_diag_model *m, size_t c)
{
	ds_site *site = ds_wizard_site(w);
	const ds_diag_check *dc = c < m->n_checks ? &m->checks[c] : NULL;
	const ds_site_device *d = NULL;

	if (!dc || !dc->check.fix[0]) {
		ds_wizard_status(w, UI_LEVEL_INFO, "%s", _("This check offers no repair: follow its advice."));
		return false;
	}
	for (size_t i = 0; site && i < site->n_devices && dc->device < m->n_devices; i++)
		if (strcmp(site->devices[i].serial, m->devices[dc->device].serial) == 0)
			d = &site->devices[i];
	if (!d) {
		ds_wizard_status(w, UI_LEVEL_WARN, "%s",
				 _("This device is no longer on the site: add it again in Devices."));
		return false;
	}
	if (m->run) {
		ds_wizard_status(w, UI_LEVEL_WARN, "%s",
				 _("The checks are still running. Wait for them or press Esc, then repair."));
		return false;
	}
	memset(f, 0, sizeof *f);
	f->device = *d;
	f->op.diagnose.devices = w->session->devices;
	f->op.diagnose.list = &f->device;
	f->op.diagnose.n = 1;
	snprintf(f->op.fix, sizeof f->op.fix, "%s", dc->check.fix);
	snprintf(f->title, sizeof f->title, "%s", dc->check.fix_title[0] ? dc->check.fix_title : dc->check.title);
	f->job = ds_wizard_start_job(w, _("Repairing on the device"), ds_op_check_fix_job, &f->op, 60);
	return f->job != 0;
}

bool ds_diag_fix_event(ds_wizard *w, ds_diag_fix *f, ds_diag_model *m, ds_event *ev)
{
	ds_site *site = ds_wizard_site(w);

	if (!f->job || ev->job_id != f->job)
		return false;
	if (ev->type == DS_EVENT_ITEM) {
		ds_op_check_item *item = ui_screen_manager_take_item(ev);

		if (item) {
			if (ds_diag_model_put(m, item->device_serial, &item->check) < 0 ||
			    (site && ds_site_put_check(site, item->device_serial, &item->check) < 0))
				ds_wizard_status(w, UI_LEVEL_FAIL, "%s",
						 _("Out of memory: close other programs and try again."));
			ev->item_free(item);
		}
		return true;
	}
	if (ev->type != DS_EVENT_DONE)
		return true;
	f->job = 0;
	if (ev->status == DS_OK) {
		ds_wizard_save(w);
		ds_wizard_status(w, UI_LEVEL_OK, _("%s: \"%s\" done; its checks ran again and are shown."),
				 f->device.name, f->title);
	} else if (ev->status == DS_ERR_CANCELLED) {
		ds_wizard_status(w, UI_LEVEL_WARN,
				 _("\"%s\" was cancelled; the device may or may not have changed. Press r to check again."),
				 f->title);
	} else {
		ds_wizard_message(w, _("Repair failed"),
				  ev->message[0]
					  ? ev->message
					  : _("The device did not confirm the repair. Follow the check's advice, then press r."));
	}
	return true;
}
