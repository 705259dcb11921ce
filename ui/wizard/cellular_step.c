/* What the Cellular step's keys do: the jobs, the rules and the records. */
#include "ui/wizard/cellular_step.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"

/** The index of the profile with this ICCID, or -1. */
static int cell_index(const ds_cellular_step *s, const char *iccid)
{
	if (!iccid[0])
		return -1;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->profiles[i].iccid, iccid) == 0)
			return (int)i;
	return -1;
}

/** The profile at index, or NULL. */
static const ds_esim_profile *cell_profile(const ds_cellular_step *s, int index)
{
	return index >= 0 && (size_t)index < s->n ? &s->profiles[index] : NULL;
}

/** The device with the eSIM, or NULL. */
ds_site_device *ds_cellular_step_device(ds_cellular_step *s)
{
	ds_site *site = ds_wizard_site(s->w);

	return site ? ds_flow_cellular_device(site) : NULL;
}

/** The verdict when the panel already uses the chosen pair: what the last
 *  failover test of that pair says. */
static void cell_applied_verdict(ds_cellular_step *s, const ds_esim_profile *primary, const ds_esim_profile *backup)
{
	const ds_site *site = ds_wizard_site(s->w);
	ds_failover_outcome outcome = DS_FAILOVER_NOT_RUN;
	const char *text;

	if (site && strcmp(site->cellular.primary.iccid, primary->iccid) == 0 &&
	    strcmp(site->cellular.backup.iccid, backup->iccid) == 0)
		outcome = site->cellular.failover;
	s->verdict_role = UI_ROLE_OK;
	switch (outcome) {
	case DS_FAILOVER_PASSED:
		text = _("This choice is applied and the failover works. Press Enter to continue.");
		break;
	case DS_FAILOVER_FAILED:
		s->verdict_role = UI_ROLE_WARN;
		text = _("This choice is applied, but the backup did not take over in the test: choose another "
			 "backup (b), or run the test again (t).");
		break;
	case DS_FAILOVER_STUCK:
		s->verdict_role = UI_ROLE_FAIL;
		text = _("In the last test the panel did not come back to the primary: press a to set it again, "
			 "then run the test again (t).");
		break;
	default:
		text = _("This choice is what the panel uses. Test the failover with t.");
		break;
	}
	snprintf(s->verdict, sizeof s->verdict, "%s", text);
}

/** Recomputes the marks and the verdict line from the choice. */
void ds_cellular_step_update(ds_cellular_step *s)
{
	const ds_esim_profile *primary, *backup;
	char why[512];

	s->marks.primary = cell_index(s, s->chosen_primary);
	s->marks.backup = cell_index(s, s->chosen_backup);
	ds_mno_recommend(s->profiles, s->n, &s->marks.rec_primary, &s->marks.rec_backup);
	primary = cell_profile(s, s->marks.primary);
	backup = cell_profile(s, s->marks.backup);
	s->verdict_role = UI_ROLE_DIM;
	s->verdict_kind = ds_mno_check_choice(primary, backup, why, sizeof why);
	if (!primary) {
		snprintf(s->verdict, sizeof s->verdict, "%s",
			 _("Choose the primary operator: select a profile and press p."));
	} else if (s->verdict_kind == DS_CHOICE_REFUSED) {
		s->verdict_role = UI_ROLE_FAIL;
		snprintf(s->verdict, sizeof s->verdict, _("Not possible: %s"), why);
	} else if (s->verdict_kind == DS_CHOICE_WARN) {
		s->verdict_role = UI_ROLE_WARN;
		snprintf(s->verdict, sizeof s->verdict, _("Warning: %s"), why);
	} else if (!backup) {
		snprintf(s->verdict, sizeof s->verdict, "%s",
			 _("Now choose the backup: select a profile of another operator and press b."));
	} else if (primary->role == DS_ROLE_PRIMARY && backup->role == DS_ROLE_BACKUP) {
		cell_applied_verdict(s, primary, backup);
	} else {
		s->verdict_role = UI_ROLE_OK;
		snprintf(s->verdict, sizeof s->verdict, "%s", _("Ready: press a to apply this choice to the panel."));
	}
}

/** Takes a fresh list of profiles from a job's argument (ownership moves). */
static void cell_take_profiles(ds_cellular_step *s, ds_op_profiles *op)
{
	free(s->profiles);
	s->profiles = op->profiles;
	s->n = op->n;
	s->status = op->status;
	s->has_status = op->has_status;
	op->profiles = NULL;
	op->n = 0;
	ds_cellular_name_profiles(s->profiles, s->n, ds_cellular_step_db(s));
	if (s->scanned && s->scan_supported)
		ds_mno_apply_scan(s->profiles, s->n, s->networks, s->n_networks);
	/* A first read starts from what the device does now. */
	if (!s->chosen_primary[0] && !s->chosen_backup[0]) {
		for (size_t i = 0; i < s->n; i++) {
			if (s->profiles[i].role == DS_ROLE_PRIMARY)
				snprintf(s->chosen_primary, sizeof s->chosen_primary, "%s", s->profiles[i].iccid);
			if (s->profiles[i].role == DS_ROLE_BACKUP)
				snprintf(s->chosen_backup, sizeof s->chosen_backup, "%s", s->profiles[i].iccid);
		}
	}
	ui_scroll_set_count(&s->scroll, (int)s->n);
	ds_cellular_step_update(s);
}

/** Forgets everything read for another site. */
void ds_cellular_step_reset(ds_cellular_step *s, ds_site *site)
{
	free(s->profiles);
	s->profiles = NULL;
	s->n = 0;
	s->has_status = false;
	s->error[0] = s->chosen_primary[0] = s->chosen_backup[0] = '\0';
	free(s->networks);
	s->networks = NULL;
	s->n_networks = 0;
	s->scanned = s->scan_tried = false;
	s->has_info = s->info_tried = false;
	s->keeps_notifications = s->notes_known = false;
	s->n_notes = 0;
	s->site = site;
	ui_scroll_set_count(&s->scroll, 0);
	ds_cellular_step_update(s);
}

/** Writes what a failed job means and what to do next into buf. */
static void cell_failure(const ds_event *ev, const char *what, const char *next, unsigned timeout_s, char *buf,
			 size_t size)
{
	if (ev->status == DS_ERR_TIMEOUT)
		snprintf(buf, size, _("%s: the panel did not answer within %u s. Check that it is powered and in range. %s"),
			 what, timeout_s, next);
	else if (ev->status == DS_ERR_CANCELLED)
		snprintf(buf, size, _("%s: cancelled. %s"), what, next);
	else if (ev->message[0])
		snprintf(buf, size, "%s: %s%s %s", what, ev->message,
			 strchr(".!?", ev->message[strlen(ev->message) - 1]) ? "" : ".", next);
	else
		snprintf(buf, size, _("%s: failed (%s). %s"), what, ds_status_str(ev->status), next);
}

/** Starts reading the profiles (foreground). */
void ds_cellular_step_read(ds_cellular_step *s)
{
	ds_site_device *dev = ds_cellular_step_device(s);

	if (!dev || ds_wizard_busy(s->w))
		return;
	s->read.profiles.devices = s->w->session->devices;
	s->read.profiles.device = *dev;
	/* The chip's identity does not change: it is read with the first list only. */
	s->read.want_info = !s->info_tried;
	s->read_job = ds_wizard_start_job(s->w, _("Reading the eSIM"), ds_op_esim_overview_job, &s->read,
					  CELL_READ_TIMEOUT);
	if (s->read_job)
		s->info_tried = true;
}

void ds_cellular_step_read_done(ds_cellular_step *s, const ds_event *ev)
{
	s->read_job = 0;
	if (ev->status != DS_OK) {
		free(s->read.profiles.profiles);
		s->read.profiles.profiles = NULL;
		s->read.profiles.n = 0;
		if (s->read.want_info)
			s->info_tried = false;
		cell_failure(ev, _("The eSIM could not be read"), _("Press r to read it again."), CELL_READ_TIMEOUT,
			     s->error, sizeof s->error);
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("The eSIM could not be read."));
		return;
	}
	s->error[0] = '\0';
	if (s->read.has_info) {
		s->info = s->read.info;
		s->has_info = true;
	}
	if (s->count_job)
		s->count_again = true; /* a count running now may predate this read */
	s->keeps_notifications = s->read.keeps_notifications;
	s->notes_known = s->read.notifications_read;
	s->n_notes = s->read.n_notifications;
	cell_take_profiles(s, &s->read.profiles);
	if (s->n == 0)
		snprintf(s->error, sizeof s->error, "%s",
			 _("The panel's eSIM holds no operator profile. Ask the operator for an activation code and "
			   "add a profile with d."));
	if (!s->scan_tried)
		ds_cellular_step_scan(s);
}

const ds_mno_db *ds_cellular_step_db(const ds_cellular_step *s)
{
	/* The scan job reads the database first, off the UI thread. */
	return s->scan_tried && !s->scan_job ? ds_mno_db_shared() : NULL;
}

void ds_cellular_step_scan(ds_cellular_step *s)
{
	ds_site_device *dev = ds_cellular_step_device(s);

	if (!dev || ds_wizard_busy(s->w))
		return;
	s->scan_tried = true;
	s->scan.devices = s->w->session->devices;
	s->scan.device = *dev;
	s->scan_job = ds_wizard_start_job(s->w, _("Scanning for mobile networks"), ds_op_operator_scan_job, &s->scan,
					  CELL_SCAN_TIMEOUT);
}

void ds_cellular_step_scan_done(ds_cellular_step *s, const ds_event *ev)
{
	s->scan_job = 0;
	if (ev->status != DS_OK) {
		char text[512];

		free(s->scan.networks);
		s->scan.networks = NULL;
		s->scan.n = 0;
		cell_failure(ev, _("The operator scan failed"),
			     _("The signal shown is what the module reports; press s to scan again."), CELL_SCAN_TIMEOUT,
			     text, sizeof text);
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", text);
		return;
	}
	free(s->networks);
	s->networks = s->scan.networks;
	s->n_networks = s->scan.n;
	s->scan_supported = s->scan.supported;
	s->scan.networks = NULL;
	s->scan.n = 0;
	s->scanned = true;
	ds_cellular_name_profiles(s->profiles, s->n, ds_cellular_step_db(s));
	if (s->scan_supported)
		ds_mno_apply_scan(s->profiles, s->n, s->networks, s->n_networks);
	ds_cellular_step_update(s);
}

void ds_cellular_step_recommended(ds_cellular_step *s)
{
	const ds_esim_profile *primary = cell_profile(s, s->marks.rec_primary);
	const ds_esim_profile *backup = cell_profile(s, s->marks.rec_backup);

	if (!primary) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s", _("No profile can be recommended: no operator has signal here."));
		return;
	}
	snprintf(s->chosen_primary, sizeof s->chosen_primary, "%s", primary->iccid);
	snprintf(s->chosen_backup, sizeof s->chosen_backup, "%s", backup ? backup->iccid : "");
	ds_cellular_step_update(s);
	if (!backup)
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 _("No other operator has signal here, so no backup can be recommended."));
}

/** Starts applying the choice (foreground). */
void ds_cellular_step_start_apply(ds_cellular_step *s, const char *primary, const char *backup)
{
	ds_site_device *dev = ds_cellular_step_device(s);

	if (!dev)
		return;
	s->apply.read_back.devices = s->w->session->devices;
	s->apply.read_back.device = *dev;
	snprintf(s->apply.primary_iccid, sizeof s->apply.primary_iccid, "%s", primary);
	snprintf(s->apply.backup_iccid, sizeof s->apply.backup_iccid, "%s", backup);
	s->apply_job = ds_wizard_start_job(s->w, _("Applying the operator choice"), ds_op_apply_cellular_job, &s->apply,
					   CELL_APPLY_TIMEOUT);
}

/** Key a: checks the choice against the rules, then applies it (asking first on a warning). */
void ds_cellular_step_apply(ds_cellular_step *s)
{
	const ds_esim_profile *primary = cell_profile(s, s->marks.primary);
	const ds_esim_profile *backup = cell_profile(s, s->marks.backup);
	char why[512];

	if (!primary || !backup) {
		ds_wizard_status(s->w, UI_LEVEL_WARN, "%s",
				 !primary ? _("Choose the primary first: select a profile and press p.")
					  : _("Choose a backup too: select a profile of another operator and press b."));
		return;
	}
	switch (ds_mno_check_choice(primary, backup, why, sizeof why)) {
	case DS_CHOICE_REFUSED:
		ds_wizard_status(s->w, UI_LEVEL_FAIL, _("Not applied: %s"), why);
		return;
	case DS_CHOICE_WARN: {
		char text[1024];

		snprintf(text, sizeof text, "%s\n\n%s", why, _("Apply this choice anyway?"));
		ui_dialog_open_confirm(s->confirm, _("Apply with a warning?"), text);
		s->asking = CELL_ASK_WARN;
		return;
	}
	case DS_CHOICE_OK:
		break;
	}
	s->retrying = false;
	ds_cellular_step_start_apply(s, primary->iccid, backup->iccid);
}

/** The apply job ended: show the read-back, record the choice, save. */
void ds_cellular_step_apply_done(ds_cellular_step *s, const ds_event *ev)
{
	ds_site *site = ds_wizard_site(s->w);
	ds_site_cellular *c = &site->cellular;
	const ds_esim_profile *primary, *backup;
	char text[1024];

	if (s->apply.read_back.n > 0)
		cell_take_profiles(s, &s->apply.read_back);
	primary = cell_profile(s, cell_index(s, s->apply.primary_iccid));
	backup = cell_profile(s, cell_index(s, s->apply.backup_iccid));
	if (ev->status != DS_OK || !primary || !backup) {
		bool retrying = s->retrying;

		c->applied = false;
		s->retrying = false;
		if (retrying) {
			/* The panel stayed on the backup and setting the primary again failed too. */
			cell_failure(ev, _("Setting the primary again failed"),
				     _("The panel still sends alarms, over the backup network. Power-cycle the panel (unplug "
				       "it and take out its battery for 10 seconds), then press a to set the primary again and "
				       "t to repeat the test."), CELL_APPLY_TIMEOUT, text, sizeof text);
			ds_site_note(site, "%s", _("Setting the primary again after the failover test failed"));
			ds_wizard_save(s->w);
			ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("The panel is still on the backup."));
			ds_wizard_message(s->w, _("Still on the backup"), text);
			return;
		}
		ds_wizard_save(s->w);
		cell_failure(ev, _("The choice was not applied"),
			     _("Check the choice and apply it again (a)."), CELL_APPLY_TIMEOUT, text, sizeof text);
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("The operator choice was not applied."));
		ds_wizard_message(s->w, _("Not applied"), text);
		return;
	}
	ds_cellular_choice_record(site, s->apply.read_back.device.serial, primary, backup);
	ds_cellular_step_update(s);
	ds_cellular_step_count(s); /* enabling a profile leaves notifications for the operators */
	if (!ds_wizard_save(s->w))
		return;
	if (s->retrying)
		ds_wizard_status(s->w, UI_LEVEL_OK,
				 _("The primary %s is set again. Run the failover test again (t)."), primary->operator_name);
	else
		ds_wizard_status(s->w, UI_LEVEL_OK, _("Applied: the panel reports %s as primary and %s as backup. Now test the failover (t)."),
				 primary->operator_name, backup->operator_name);
	s->retrying = false;
}

/** Key p or b: makes the selected profile the chosen primary or backup. */
void ds_cellular_step_choose(ds_cellular_step *s, bool primary)
{
	const ds_esim_profile *p = cell_profile(s, s->scroll.selected);
	char why[512];

	if (!p)
		return;
	if (primary) {
		if (strcmp(s->chosen_backup, p->iccid) == 0)
			s->chosen_backup[0] = '\0';
		snprintf(s->chosen_primary, sizeof s->chosen_primary, "%s", p->iccid);
	} else {
		const ds_esim_profile *current = cell_profile(s, s->marks.primary);

		if (current && strcmp(current->iccid, p->iccid) == 0) {
			ds_mno_check_choice(current, p, why, sizeof why);
			ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", why);
			return;
		}
		snprintf(s->chosen_backup, sizeof s->chosen_backup, "%s", p->iccid);
	}
	ds_cellular_step_update(s);
	if (s->verdict_kind == DS_CHOICE_REFUSED && s->marks.primary >= 0)
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", s->verdict);
}
