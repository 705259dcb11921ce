/* The Cellular step's failover test: run it on the applied pair, record
 * the outcome in the site, explain a failure, and offer to set the primary
 * again when the panel stayed on the backup. */
#include <stdio.h>
#include <string.h>

#include "app/core/esim_ops.h"
#include "app/base/i18n.h"
#include "ui/wizard/cellular_step.h"

/** Key t: runs the failover test on the applied choice. */
void ds_cellular_step_test(ds_cellular_step *s)
{
	ds_site *site = ds_wizard_site(s->w);
	ds_site_device *dev = ds_cellular_step_device(s);

	if (!dev)
		return;
	if (!site->cellular.applied) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", _("Apply a primary and a backup first (a), then run the test."));
		return;
	}
	if (strcmp(site->cellular.primary.iccid, s->chosen_primary) != 0 ||
	    strcmp(site->cellular.backup.iccid, s->chosen_backup) != 0) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("The choice on screen is not applied yet: apply it first (a), then run the test."));
		return;
	}
	s->failover.devices = s->w->session->devices;
	s->failover.device = *dev;
	memset(&s->failover.result, 0, sizeof s->failover.result);
	s->failover_job = ds_wizard_start_staged_job(s->w, _("Testing the failover"), ds_op_failover_job, &s->failover,
						     CELL_STAGE_TIMEOUT);
}

/** Opens the "stuck on the backup" question: set the primary again? */
static void cell_ask_retry(ds_cellular_step *s)
{
	const ds_site_cellular *c = &ds_wizard_site(s->w)->cellular;
	char text[1024];

	snprintf(text, sizeof text,
		 _("The panel switched to the backup (%s) but did not come back to the primary (%s). It still sends "
		   "alarms, over the backup network.\n\nSet the primary again now?\n\nIf this happens again, power-cycle "
		   "the panel (unplug it and take out its battery for 10 seconds), then run the test again (t)."),
		 c->backup.operator_name, c->primary.operator_name);
	ui_dialog_open_confirm(s->confirm, _("The panel is stuck on the backup"), text);
	s->asking = CELL_ASK_RETRY;
}

/** The failover job ended: record the outcome, save, and say what it means. */
void ds_cellular_step_test_done(ds_cellular_step *s, const ds_event *ev)
{
	ds_site *site = ds_wizard_site(s->w);
	ds_site_cellular *c = &site->cellular;
	const ds_failover_result *r = &s->failover.result;
	bool stuck = r->switched_to_backup && !r->returned_to_primary;
	char text[1024];

	if (ev->status == DS_ERR_CANCELLED && !stuck) {
		ds_wizard_status(s->w, UI_LEVEL_INFO, "%s",
				 _("The failover test was cancelled; the panel stays on its primary. Press t to run it again."));
		return;
	}
	if (ev->status == DS_ERR_TIMEOUT) {
		/* Say which stage ran out of time. */
		snprintf(text, sizeof text, _("The panel did not finish \"%s\" within %u s."), ds_wizard_stage(s->w),
			 CELL_STAGE_TIMEOUT);
		ds_failover_record(site, ev->status, r, text, CELL_STAGE_TIMEOUT);
	} else {
		ds_failover_record(site, ev->status, r, ev->message, CELL_STAGE_TIMEOUT);
	}
	ds_wizard_save(s->w);
	switch (c->failover) {
	case DS_FAILOVER_PASSED:
		ds_wizard_status(s->w, UI_LEVEL_OK,
				 _("Failover works: the backup was online after %u ms and the panel is back on its primary."),
				 r->switch_ms);
		break;
	case DS_FAILOVER_STUCK:
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("The panel did not return to its primary."));
		cell_ask_retry(s);
		break;
	default:
		snprintf(text, sizeof text, "%s\n\n%s", c->failover_detail,
			 _("The panel is back on its primary, so alarms still go out. Choose a backup operator with "
			   "signal (b), apply it (a) and run the test again (t)."));
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("The failover test failed: the backup did not take over."));
		ds_wizard_message(s->w, _("Failover test failed"), text);
		break;
	}
	ds_cellular_step_update(s);
	/* Show where the panel is now: the test may have left it elsewhere. */
	if (c->failover != DS_FAILOVER_PASSED)
		ds_cellular_step_read(s);
	else
		ds_cellular_step_count(s); /* each switch left notifications for the operators */
}

/** Sets the applied primary and backup again (the panel stayed on the backup). */
void ds_cellular_step_retry(ds_cellular_step *s)
{
	const ds_site_cellular *c = &ds_wizard_site(s->w)->cellular;

	s->retrying = true;
	ds_cellular_step_start_apply(s, c->primary.iccid, c->backup.iccid);
}
