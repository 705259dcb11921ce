/* The panel's eSIM as an SGP.22 chip: its identity (EID), disabling and
 * deleting profiles, nicknames, and the notifications it keeps for the
 * operators until they are sent (one after each install, enable, disable
 * and delete, as a real eUICC queues them). */
#include <stdio.h>
#include <string.h>

#include "demo.h"

/** The simulated chip's EID (32 digits, starting with 89 as every EID does). */
#define DEMO_EID "89049032004008882600012345678901"
/** The simulated chip's non-volatile memory (bytes) and what a profile takes. */
#define DEMO_EUICC_BYTES 1048576u
#define DEMO_PROFILE_BYTES 65536u

void demo_esim_notify(ds_notification_event event, const char *iccid)
{
	ds_esim_notification *note;

	if (demo.mem.n_notifications == DEMO_MAX_NOTIFICATIONS) {
		memmove(&demo.mem.notifications[0], &demo.mem.notifications[1],
			(DEMO_MAX_NOTIFICATIONS - 1) * sizeof demo.mem.notifications[0]);
		demo.mem.n_notifications--;
	}
	note = &demo.mem.notifications[demo.mem.n_notifications++];
	memset(note, 0, sizeof *note);
	note->sequence = demo.mem.next_sequence++;
	note->event = event;
	ds_text_copy(note->iccid, sizeof note->iccid, iccid);
	ds_text_copy(note->address, sizeof note->address, demo_esim_smdp_of(iccid));
}

ds_status demo_esim_info(ds_call *call, ds_device *dev, ds_esim_info *out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_ESIM);
	uint32_t used = (uint32_t)demo.mem.n_profiles * DEMO_PROFILE_BYTES;

	if (st != DS_OK)
		return st;
	st = demo_work(call, 200, 0, 1000, D_("Reading the eSIM's identity..."));
	if (st != DS_OK)
		return st;
	ds_text_copy(out->eid, sizeof out->eid, DEMO_EID);
	ds_text_copy(out->default_smdp, sizeof out->default_smdp, "smdp.telekom.example");
	ds_text_copy(out->root_smds, sizeof out->root_smds, "lpa.ds.gsma.com");
	ds_text_copy(out->sgp22_version, sizeof out->sgp22_version, "2.2.2");
	out->free_memory_bytes = used < DEMO_EUICC_BYTES ? DEMO_EUICC_BYTES - used : 0;
	out->single_enabled = true;
	snprintf(out->detail, sizeof out->detail, D_("A simulated eUICC with room for %d profiles."), DEMO_MAX_PROFILES);
	return DS_OK;
}

ds_status demo_esim_disable(ds_call *call, ds_device *dev, const char *iccid)
{
	ds_status st;
	ds_esim_profile *p = demo_esim_find(call, dev, iccid, &st);

	if (!p)
		return st;
	if (!p->enabled)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("this profile is not enabled, so there is nothing to disable"));
	st = demo_work(call, 300, 0, 900, D_("Disabling the profile..."));
	if (st != DS_OK)
		return st;
	p->enabled = false;
	if (p->role == DS_ROLE_PRIMARY)
		p->role = DS_ROLE_NONE;
	demo_esim_notify(DS_NOTIFY_DISABLE, p->iccid);
	st = demo_commit(call);
	if (st == DS_OK)
		demo.host->progress(call, 1000,
				    D_("The profile is disabled; the panel has no mobile service until "
				       "another profile is enabled."));
	return st;
}

ds_status demo_esim_delete(ds_call *call, ds_device *dev, const char *iccid)
{
	ds_status st;
	ds_esim_profile *p = demo_esim_find(call, dev, iccid, &st);
	size_t at;

	if (!p)
		return st;
	if (p->enabled)
		return demo.host->fail(call, DS_ERR_INVALID, "%s",
				       D_("this profile is enabled and cannot be deleted; enable another "
					  "profile first"));
	st = demo_work(call, 400, 0, 900, D_("Deleting the profile..."));
	if (st != DS_OK)
		return st;
	demo_esim_notify(DS_NOTIFY_DELETE, p->iccid);
	at = (size_t)(p - demo.mem.profiles);
	memmove(&demo.mem.profiles[at], &demo.mem.profiles[at + 1],
		(demo.mem.n_profiles - at - 1) * sizeof demo.mem.profiles[0]);
	demo.mem.n_profiles--;
	memset(&demo.mem.profiles[demo.mem.n_profiles], 0, sizeof demo.mem.profiles[0]);
	st = demo_commit(call);
	if (st == DS_OK)
		demo.host->progress(call, 1000, D_("The profile is deleted."));
	return st;
}

ds_status demo_esim_nickname(ds_call *call, ds_device *dev, const char *iccid, const char *nickname)
{
	ds_status st;
	ds_esim_profile *p = demo_esim_find(call, dev, iccid, &st);

	if (!p)
		return st;
	if (!nickname || strlen(nickname) >= sizeof p->nickname)
		return demo.host->fail(call, DS_ERR_INVALID, D_("a nickname has at most %zu bytes; choose a shorter one"),
				       sizeof p->nickname - 1);
	for (const char *c = nickname; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return demo.host->fail(call, DS_ERR_INVALID, "%s",
					       D_("a nickname cannot hold control characters"));
	st = demo_work(call, 200, 0, 900, D_("Setting the nickname..."));
	if (st != DS_OK)
		return st;
	ds_text_copy(p->nickname, sizeof p->nickname, nickname);
	return demo_commit(call);
}

ds_status demo_esim_notification(ds_call *call, ds_device *dev, size_t index, ds_esim_notification *out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_ESIM);

	if (st != DS_OK)
		return st;
	if (index >= demo.mem.n_notifications)
		return DS_ERR_NOT_FOUND;
	*out = demo.mem.notifications[index];
	return DS_OK;
}

ds_status demo_esim_notifications_send(ds_call *call, ds_device *dev)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_ESIM);
	size_t n;

	if (st != DS_OK)
		return st;
	n = demo.mem.n_notifications;
	for (size_t i = 0; i < n; i++) {
		char text[DS_TEXT_MAX];
		unsigned from = (unsigned)(i * 1000 / n), to = (unsigned)((i + 1) * 1000 / n);

		snprintf(text, sizeof text, D_("Sending notification %u to %s..."),
			 (unsigned)demo.mem.notifications[0].sequence, demo.mem.notifications[0].address);
		st = demo_work(call, 150, from, to, text);
		if (st != DS_OK)
			break;
		/* The server took it: the chip removes it. */
		memmove(&demo.mem.notifications[0], &demo.mem.notifications[1],
			(demo.mem.n_notifications - 1) * sizeof demo.mem.notifications[0]);
		demo.mem.n_notifications--;
	}
	if (n == demo.mem.n_notifications)
		return st;
	/* What was sent is gone even when a later one was stopped. */
	if (demo_commit(call) != DS_OK)
		return DS_ERR_IO;
	if (st != DS_OK)
		return demo.host->fail(call, st, D_("notifications still waiting: %zu; send them again"),
				       demo.mem.n_notifications);
	return DS_OK;
}
