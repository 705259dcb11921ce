/* The Cellular step's care of the eSIM chip itself: its identity (EID,
 * default SM-DP+), deleting a disabled profile after a confirmation that
 * names it, and the notifications the chip keeps for the operators after
 * each change (counted, and sent on a key). The download panel sends the
 * install notification itself; these are the ones a change left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/core/esim_ops.h"
#include "ui/wizard/cellular_step.h"

/** The selected profile, or NULL. */
static const ds_esim_profile *cell_selected(const ds_cellular_step *s)
{
	int i = s->scroll.selected;

	return i >= 0 && (size_t)i < s->n ? &s->profiles[i] : NULL;
}

/** What the person calls a profile: its nickname, else its operator, else its ICCID. */
static const char *cell_label(const ds_esim_profile *p)
{
	return p->operator_name[0] ? p->operator_name : p->nickname[0] ? p->nickname : p->iccid;
}

void ds_cellular_step_esim_text(const ds_cellular_step *s, char *buf, size_t size)
{
	char id[256] = "", notes[256] = "";

	if (s->has_info && s->info.default_smdp[0])
		/* TRANSLATORS: the eSIM chip's identity (32 digits) and its default SM-DP+ server */
		snprintf(id, sizeof id, _("eSIM EID %s, default SM-DP+ %s."), s->info.eid, s->info.default_smdp);
	else if (s->has_info)
		/* TRANSLATORS: the eSIM chip's identity (32 digits) */
		snprintf(id, sizeof id, _("eSIM EID %s."), s->info.eid);
	if (s->keeps_notifications && s->notes_known && s->n_notes > 0)
		snprintf(notes, sizeof notes,
			 P_("%zu notification waits to be sent to the operators: press n to send it.",
			    "%zu notifications wait to be sent to the operators: press n to send them.", s->n_notes),
			 s->n_notes);
	else if (s->keeps_notifications && s->notes_known)
		snprintf(notes, sizeof notes, "%s", _("No notification waits to be sent."));
	snprintf(buf, size, "%s%s%s", id, id[0] && notes[0] ? " " : "", notes);
}

void ds_cellular_step_ask_delete(ds_cellular_step *s)
{
	const ds_esim_profile *p = cell_selected(s);
	ds_site_device *dev = ds_cellular_step_device(s);
	char text[1024], role[256] = "";

	if (!p || !dev || ds_wizard_busy(s->w) || !ds_wizard_may_change(s->w))
		return;
	if (p->enabled) {
		ds_wizard_status(s->w, UI_LEVEL_FAIL,
				 _("%s (%s) is the profile in use and cannot be deleted. Make another profile the primary "
				   "(p, then a) first, then delete this one."),
				 cell_label(p), p->iccid);
		return;
	}
	if (strcmp(p->iccid, s->chosen_backup) == 0)
		snprintf(role, sizeof role, "\n\n%s",
			 _("It is the backup: the panel then has no backup until you choose another."));
	snprintf(text, sizeof text,
		 _("Delete the profile %s (ICCID %s) from the eSIM of %s?\n\nThis cannot be undone: to use it again, "
		   "the operator must issue a new activation code.%s"),
		 cell_label(p), p->iccid, dev->name, role);
	memset(&s->remove, 0, sizeof s->remove);
	snprintf(s->remove.iccid, sizeof s->remove.iccid, "%s", p->iccid);
	ui_dialog_open_confirm(s->confirm, _("Delete this profile?"), text);
	s->asking = CELL_ASK_DELETE;
}

void ds_cellular_step_start_delete(ds_cellular_step *s)
{
	ds_site_device *dev = ds_cellular_step_device(s);

	if (!dev || !s->remove.iccid[0])
		return;
	free(s->remove.read_back.profiles);
	s->remove.read_back.profiles = NULL;
	s->remove.read_back.n = 0;
	s->remove.read_back.devices = s->w->session->devices;
	s->remove.read_back.device = *dev;
	s->delete_job = ds_wizard_start_job(s->w, _("Deleting the eSIM profile"), ds_op_esim_delete_job, &s->remove,
					    CELL_DELETE_TIMEOUT);
}

/** Takes the profiles the delete job read back (ownership moves). */
static void cell_take_read_back(ds_cellular_step *s)
{
	free(s->profiles);
	s->profiles = s->remove.read_back.profiles;
	s->n = s->remove.read_back.n;
	s->status = s->remove.read_back.status;
	s->has_status = s->remove.read_back.has_status;
	s->remove.read_back.profiles = NULL;
	s->remove.read_back.n = 0;
	ds_cellular_name_profiles(s->profiles, s->n, ds_cellular_step_db(s));
	if (s->scanned && s->scan_supported)
		ds_mno_apply_scan(s->profiles, s->n, s->networks, s->n_networks);
	ui_scroll_set_count(&s->scroll, (int)s->n);
}

void ds_cellular_step_delete_done(ds_cellular_step *s, const ds_event *ev)
{
	ds_site *site = ds_wizard_site(s->w);
	const ds_esim_profile *gone = &s->remove.before;
	char name[DS_NAME_MAX], text[1024];

	s->delete_job = 0;
	snprintf(name, sizeof name, "%s", gone->iccid[0] ? cell_label(gone) : s->remove.iccid);
	if (ev->status != DS_OK) {
		free(s->remove.read_back.profiles);
		s->remove.read_back.profiles = NULL;
		s->remove.read_back.n = 0;
		if (ev->status == DS_ERR_TIMEOUT)
			snprintf(text, sizeof text,
				 _("The panel did not answer within %u s. Press r to read the eSIM and see whether the "
				   "profile is still there."),
				 CELL_DELETE_TIMEOUT);
		else if (ev->status == DS_ERR_CANCELLED)
			snprintf(text, sizeof text, "%s",
				 _("Cancelled. Press r to read the eSIM and see whether the profile is still there."));
		else
			snprintf(text, sizeof text, "%s",
				 ev->message[0] ? ev->message : _("The device refused; the profile is still there."));
		ds_wizard_status(s->w, UI_LEVEL_FAIL, _("%s was not deleted."), name);
		ds_wizard_message(s->w, _("Not deleted"), text);
		return;
	}
	cell_take_read_back(s);
	if (strcmp(s->chosen_primary, s->remove.iccid) == 0)
		s->chosen_primary[0] = '\0';
	if (strcmp(s->chosen_backup, s->remove.iccid) == 0)
		s->chosen_backup[0] = '\0';
	ds_cellular_profile_deleted(site, s->remove.iccid);
	ds_site_note(site, _("eSIM profile %s (%s) deleted from %s"), name, s->remove.iccid,
		     s->remove.read_back.device.name);
	ds_cellular_step_update(s);
	if (s->n == 0)
		snprintf(s->error, sizeof s->error, "%s",
			 _("The panel's eSIM holds no operator profile. Ask the operator for an activation code and "
			   "add a profile with d."));
	if (!ds_wizard_save(s->w))
		return;
	if (s->keeps_notifications)
		ds_wizard_status(s->w, UI_LEVEL_OK,
				 _("%s (%s) is deleted. The eSIM keeps a notification for the operator: press n to send it."),
				 name, s->remove.iccid);
	else
		ds_wizard_status(s->w, UI_LEVEL_OK, _("%s (%s) is deleted."), name, s->remove.iccid);
	ds_cellular_step_count(s);
}

void ds_cellular_step_send(ds_cellular_step *s)
{
	ds_site_device *dev = ds_cellular_step_device(s);

	if (!dev || ds_wizard_busy(s->w))
		return;
	if (!s->keeps_notifications) {
		ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("This device keeps no notifications to send."));
		return;
	}
	free(s->send.list);
	memset(&s->send, 0, sizeof s->send);
	s->send.devices = s->w->session->devices;
	s->send.device = *dev;
	s->send_job = ds_wizard_start_job(s->w, _("Sending the eSIM's notifications"),
					  ds_op_esim_notifications_send_job, &s->send, CELL_SEND_TIMEOUT);
}

void ds_cellular_step_send_done(ds_cellular_step *s, const ds_event *ev)
{
	char text[1024];

	s->send_job = 0;
	free(s->send.list);
	s->send.list = NULL;
	if (s->count_job)
		s->count_again = true;
	if (ev->status == DS_OK) {
		s->notes_known = true;
		s->n_notes = 0;
		if (s->send.sent == 0) {
			ds_wizard_status(s->w, UI_LEVEL_INFO, "%s", _("No notification was waiting: nothing to send."));
			return;
		}
		ds_site_note(ds_wizard_site(s->w),
			     P_("%zu eSIM notification sent to the operators",
				"%zu eSIM notifications sent to the operators", s->send.sent),
			     s->send.sent);
		ds_wizard_save(s->w);
		ds_wizard_status(s->w, UI_LEVEL_OK,
				 P_("%zu notification sent: the operator knows of the change.",
				    "%zu notifications sent: the operators know of the changes.", s->send.sent),
				 s->send.sent);
		return;
	}
	/* What was not sent stays on the eSIM for a later try; a fresh count says how many. */
	s->notes_known = false;
	if (ev->status == DS_ERR_TIMEOUT)
		snprintf(text, sizeof text,
			 _("Sending did not finish within %u s. The notifications not sent stay on the eSIM: press n "
			   "to send them later, when the laptop is online."),
			 CELL_SEND_TIMEOUT);
	else if (ev->status == DS_ERR_CANCELLED)
		snprintf(text, sizeof text, "%s",
			 _("Cancelled. The notifications not sent stay on the eSIM: press n to send them later."));
	else
		snprintf(text, sizeof text,
			 _("%s\n\nThey stay on the eSIM: press n to send them later, when the laptop is "
			   "online."),
			 ev->message[0] ? ev->message : _("Some notifications could not be sent."));
	if (s->send.sent > 0)
		ds_wizard_status(s->w, UI_LEVEL_WARN,
				 P_("%zu notification sent; the others stay on the eSIM for later.",
				    "%zu notifications sent; the others stay on the eSIM for later.", s->send.sent),
				 s->send.sent);
	else
		ds_wizard_status(s->w, UI_LEVEL_FAIL, "%s", _("The notifications were not sent; they stay on the eSIM."));
	ds_wizard_message(s->w, _("Notifications not sent"), text);
	ds_cellular_step_count(s);
}

void ds_cellular_step_count(ds_cellular_step *s)
{
	ds_site_device *dev = ds_cellular_step_device(s);

	if (!dev || !s->keeps_notifications)
		return;
	if (s->count_job) {
		s->count_again = true; /* the running count may have started before this change */
		return;
	}
	s->count_again = false;
	free(s->count.list);
	memset(&s->count, 0, sizeof s->count);
	s->count.devices = s->w->session->devices;
	s->count.device = *dev;
	s->count_job = ds_jobs_submit(s->w->session->jobs, ds_op_esim_notifications_job, &s->count);
}

void ds_cellular_step_count_done(ds_cellular_step *s, const ds_event *ev)
{
	s->count_job = 0;
	free(s->count.list);
	s->count.list = NULL;
	/* A count that a later change or send overtook is stale: the next one says. */
	if (ev->status == DS_OK && !s->count_again) {
		s->notes_known = true;
		s->n_notes = s->count.n;
	}
	if (s->count_again)
		ds_cellular_step_count(s);
}
