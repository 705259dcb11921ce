/* SGP.22 profile management on the module's eUICC: the profiles, the
 * primary (the enabled profile), the backup (a mark in its nickname, read
 * back by any laptop), the chip's identity, disable, delete, nickname and
 * the pending notifications. One ISD-R channel serves every request. */
#include <stdio.h>
#include <string.h>

#include "atmodem.h"
#include "esim_backup_mark.h"

/** Room for an ES10 request (a SetNickname of 64 bytes is the largest here). */
#define ATMODEM_REQUEST_MAX 128

ds_status atmodem_read_profiles(ds_call *call, ds_device *dev)
{
	uint8_t request[ATMODEM_REQUEST_MAX];
	bool truncated = false;
	es10_result result;
	size_t len = 0;
	ds_status st;

	st = atmodem_es10(call, dev, D_("the profile list"), request, es10_request_profiles(request, sizeof request),
			  &len);
	dev->n_profiles = 0;
	if (st != DS_OK)
		return st;
	result = es10_parse_profiles(dev->es10_answer, len, dev->profiles, ATMODEM_PROFILES_MAX, &dev->n_profiles,
				     &truncated);
	if (result != ES10_OK) {
		dev->n_profiles = 0;
		return atmodem_host->fail(call, DS_ERR_DEVICE, D_("The eSIM's profile list could not be read: %s."),
					  atmodem_es10_text(result));
	}
	if (truncated)
		atmodem_host->log(DS_LOG_WARN, "the eSIM has more than %u profiles: the first are listed",
				  ATMODEM_PROFILES_MAX);
	return DS_OK;
}

const es10_profile *atmodem_find_profile(const ds_device *dev, const char *iccid)
{
	for (size_t i = 0; i < dev->n_profiles; i++)
		if (strcmp(dev->profiles[i].iccid, iccid) == 0)
			return &dev->profiles[i];
	return NULL;
}

/** The profile with this ICCID, freshly read; DS_ERR_NOT_FOUND with a message when it is not there. */
static ds_status atmodem_profile(ds_call *call, ds_device *dev, const char *iccid, const es10_profile **out)
{
	ds_status st = atmodem_read_profiles(call, dev);

	*out = NULL;
	if (st != DS_OK)
		return st;
	*out = atmodem_find_profile(dev, iccid);
	if (!*out)
		return atmodem_host->fail(call, DS_ERR_NOT_FOUND, D_("The eSIM has no profile with the ICCID %s."),
					  iccid);
	return DS_OK;
}

/** Sends a request whose answer is one result code; DS_OK only for ok.
 *  what names the request in messages. */
static ds_status atmodem_es10_simple(ds_call *call, ds_device *dev, es10_command command, const char *what,
				     const uint8_t *request, long request_len)
{
	size_t len = 0;
	es10_result result;
	ds_status st = atmodem_es10(call, dev, what, request, request_len, &len);

	if (st != DS_OK)
		return st;
	result = es10_parse_result(command, dev->es10_answer, len, NULL);
	if (result == ES10_OK)
		return DS_OK;
	return atmodem_host->fail(call,
				  result == ES10_NOT_FOUND                                    ? DS_ERR_NOT_FOUND
				  : result == ES10_NOT_DISABLED || result == ES10_NOT_ENABLED ? DS_ERR_INVALID
											      : DS_ERR_DEVICE,
				  D_("The eSIM refused %s: %s."), what, atmodem_es10_text(result));
}

/** Sets a profile's nickname on the card as it is given. */
static ds_status atmodem_set_nickname(ds_call *call, ds_device *dev, const char *iccid, const char *nickname)
{
	uint8_t request[ATMODEM_REQUEST_MAX];

	return atmodem_es10_simple(call, dev, ES10_CMD_SET_NICKNAME, D_("the nickname"), request,
				   es10_request_set_nickname(request, sizeof request, iccid, nickname));
}

ds_status atmodem_enable(ds_call *call, ds_device *dev, const char *iccid, bool attach, unsigned limit_ms)
{
	uint8_t request[ATMODEM_REQUEST_MAX];
	uint64_t start = atmodem_now_ms();
	unsigned commands = dev->at_commands, waiting;
	const es10_profile *p;
	ds_status st;

	st = atmodem_es10_simple(call, dev, ES10_CMD_ENABLE, D_("enabling the profile"), request,
				 es10_request_enable(request, sizeof request, iccid, true));
	if (st != DS_OK)
		return st;
	st = atmodem_euicc_after_reset(call, dev);
	if (st != DS_OK)
		return st;
	/* the card's own word, read back before anything is recorded */
	st = atmodem_read_profiles(call, dev);
	if (st != DS_OK)
		return st;
	p = atmodem_find_profile(dev, iccid);
	if (!p || p->state != ES10_STATE_ENABLED)
		return atmodem_host->fail(call, DS_ERR_DEVICE,
					  D_("The eSIM accepted enabling the profile %s but does not report it enabled. "
					     "Restart the module and read the profiles again."),
					  iccid);
	waiting = dev->at_commands;
	st = atmodem_wait_online(call, dev, iccid, attach, limit_ms, D_("Waiting for the network"));
	if (st == DS_OK) /* the figures tests/bench/bench_esim.sh reads */
		atmodem_host->log(DS_LOG_INFO,
				  "eSIM profile enabled and registered%s: %llu ms, %u AT commands (%u while waiting)",
				  attach ? " and attached" : "", (unsigned long long)(atmodem_now_ms() - start),
				  dev->at_commands - commands, dev->at_commands - waiting);
	return st;
}

/** Fills a profile of the SDK from the card's, with what the module knows of its network. */
static void atmodem_profile_out(ds_device *dev, const es10_profile *p, const ds_cellular_status *cs, ds_esim_profile *out)
{
	static const ds_profile_class classes[] = {
		[ES10_CLASS_UNKNOWN] = DS_PROFILE_CLASS_UNKNOWN,
		[ES10_CLASS_TEST] = DS_PROFILE_CLASS_TEST,
		[ES10_CLASS_PROVISIONING] = DS_PROFILE_CLASS_PROVISIONING,
		[ES10_CLASS_OPERATIONAL] = DS_PROFILE_CLASS_OPERATIONAL,
	};
	char code[8];

	memset(out, 0, sizeof *out);
	at_copy(out->iccid, sizeof out->iccid, p->iccid);
	at_copy(out->mcc, sizeof out->mcc, p->mcc);
	at_copy(out->mnc, sizeof out->mnc, p->mnc);
	at_copy(out->operator_name, sizeof out->operator_name,
		p->provider[0] ? p->provider
		: p->name[0]   ? p->name
			       : p->iccid);
	esim_backup_unmark(p->nickname, out->nickname, sizeof out->nickname);
	out->enabled = p->state == ES10_STATE_ENABLED;
	/* the mark wins: an enabled backup means the module is on its backup now */
	out->role = esim_backup_marked(p->nickname) ? DS_ROLE_BACKUP : out->enabled ? DS_ROLE_PRIMARY : DS_ROLE_NONE;
	at_copy(out->service_provider, sizeof out->service_provider, p->provider);
	at_copy(out->profile_name, sizeof out->profile_name, p->name);
	out->profile_class = classes[p->profile_class];
	out->rssi_dbm = out->rsrp_dbm = INT32_MIN;
	/* the network: the module's registration for the enabled profile, the
	 * last operator scan for the others, in reach when nothing says not */
	out->in_reach = true;
	snprintf(code, sizeof code, "%s%s", p->mcc, p->mnc);
	if (out->enabled && cs) {
		out->in_reach = cs->registration == DS_REG_HOME || cs->registration == DS_REG_ROAMING;
		out->rats = cs->rat;
		out->rssi_dbm = cs->rssi_dbm;
		out->rsrp_dbm = cs->rsrp_dbm;
	} else if (dev->scanned && code[0]) {
		out->in_reach = false;
		for (size_t i = 0; i < dev->n_scan; i++)
			if (strcmp(dev->scan[i].code, code) == 0 && dev->scan[i].stat != AT_NET_FORBIDDEN) {
				out->in_reach = true;
				out->rats |= atmodem_rat(dev->scan[i].act);
			}
	}
}

ds_status atmodem_esim_profile(ds_call *call, ds_device *dev, size_t index, ds_esim_profile *out)
{
	ds_cellular_status cs;
	bool have_status = false;

	if (index == 0) {
		uint64_t start = atmodem_now_ms();
		unsigned commands = dev->at_commands;
		ds_status st;

		dev->listed_status_kept = false;
		atmodem_host->progress(call, 100, D_("Reading the eSIM profiles"));
		st = atmodem_read_profiles(call, dev);
		if (st != DS_OK)
			return st;
		/* the figures tests/bench/bench_esim.sh reads */
		atmodem_host->log(DS_LOG_INFO, "eSIM profiles listed: %zu in %llu ms, %u AT commands", dev->n_profiles,
				  (unsigned long long)(atmodem_now_ms() - start), dev->at_commands - commands);
	}
	if (index >= dev->n_profiles)
		return DS_ERR_NOT_FOUND;
	if (dev->profiles[index].state == ES10_STATE_ENABLED) {
		ds_status st;

		memset(&cs, 0, sizeof cs);
		st = atmodem_cellular_status(call, dev, &cs);
		if (st == DS_ERR_CANCELLED || st == DS_ERR_IO)
			return st;
		have_status = st == DS_OK;
		if (have_status) {
			/* the host asks for the same status right after the list */
			dev->listed_status = cs;
			dev->listed_status_kept = true;
			dev->listed_status_ms = atmodem_now_ms();
			dev->listed_status_commands = dev->at_commands;
		}
	}
	atmodem_profile_out(dev, &dev->profiles[index], have_status ? &cs : NULL, out);
	return DS_OK;
}

ds_status atmodem_esim_set_primary(ds_call *call, ds_device *dev, const char *iccid)
{
	const es10_profile *p;
	ds_status st;

	atmodem_host->progress(call, 50, D_("Reading the eSIM profiles"));
	st = atmodem_profile(call, dev, iccid, &p);
	if (st != DS_OK)
		return st;
	if (p->state == ES10_STATE_ENABLED) {
		/* already in use: wait only for the network, never switch for nothing */
		if (!esim_backup_marked(p->nickname))
			return atmodem_wait_online(call, dev, iccid, false, atmodem_register_limit_ms,
						   D_("Waiting for the network"));
	} else {
		atmodem_host->progress(call, 100, D_("Enabling the profile"));
		st = atmodem_enable(call, dev, iccid, false, atmodem_register_limit_ms);
		if (st != DS_OK)
			return st;
		p = atmodem_find_profile(dev, iccid);
	}
	/* the primary is no backup */
	if (p && esim_backup_marked(p->nickname)) {
		char plain[ES10_TEXT_SIZE];

		esim_backup_unmark(p->nickname, plain, sizeof plain);
		st = atmodem_set_nickname(call, dev, iccid, plain);
	}
	return st;
}

ds_status atmodem_esim_set_backup(ds_call *call, ds_device *dev, const char *iccid)
{
	char nickname[ES10_TEXT_SIZE];
	const es10_profile *p;
	ds_status st;

	atmodem_host->progress(call, 100, D_("Reading the eSIM profiles"));
	st = atmodem_profile(call, dev, iccid, &p);
	if (st != DS_OK)
		return st;
	if (p->state == ES10_STATE_ENABLED)
		return atmodem_host->fail(call, DS_ERR_INVALID, "%s",
					  D_("This profile is the one in use (the primary); choose another profile as "
					     "the backup."));
	/* the other profiles lose the mark: there is one backup */
	for (size_t i = 0; i < dev->n_profiles; i++) {
		const es10_profile *other = &dev->profiles[i];

		if (strcmp(other->iccid, iccid) == 0 || !esim_backup_marked(other->nickname))
			continue;
		esim_backup_unmark(other->nickname, nickname, sizeof nickname);
		atmodem_host->progress(call, 400, D_("Clearing the former backup"));
		st = atmodem_set_nickname(call, dev, other->iccid, nickname);
		if (st != DS_OK)
			return st;
	}
	if (!esim_backup_marked(p->nickname)) {
		if (esim_backup_mark(p->nickname, nickname, sizeof nickname) != 0)
			return atmodem_host->fail(call, DS_ERR_INVALID, "%s",
						  D_("The profile's nickname cannot be read."));
		atmodem_host->progress(call, 700, D_("Marking the backup in its nickname"));
		st = atmodem_set_nickname(call, dev, iccid, nickname);
		if (st != DS_OK)
			return st;
	}
	/* read back: the choice is recorded only when the card shows it */
	st = atmodem_profile(call, dev, iccid, &p);
	if (st != DS_OK)
		return st;
	if (!esim_backup_marked(p->nickname))
		return atmodem_host->fail(call, DS_ERR_DEVICE, "%s",
					  D_("The eSIM did not keep the backup mark in the profile's nickname."));
	atmodem_host->log(DS_LOG_INFO, "backup %s marked; the module does not switch to it by itself", iccid);
	return DS_OK;
}

ds_status atmodem_esim_info(ds_call *call, ds_device *dev, ds_esim_info *out)
{
	uint8_t request[ATMODEM_REQUEST_MAX];
	es10_addresses addresses;
	char eid[ES10_EID_SIZE];
	es10_result result;
	size_t len = 0;
	ds_status st;

	memset(out, 0, sizeof *out);
	atmodem_host->progress(call, 100, D_("Reading the eSIM's identity"));
	st = atmodem_es10(call, dev, D_("the EID"), request, es10_request_eid(request, sizeof request), &len);
	if (st != DS_OK)
		return st;
	result = es10_parse_eid(dev->es10_answer, len, eid);
	if (result != ES10_OK)
		return atmodem_host->fail(call, DS_ERR_DEVICE, D_("The eSIM's EID could not be read: %s."),
					  atmodem_es10_text(result));
	at_copy(out->eid, sizeof out->eid, eid);
	atmodem_host->progress(call, 500, D_("Reading the eSIM's addresses"));
	st = atmodem_es10(call, dev, D_("the configured addresses"), request,
			  es10_request_addresses(request, sizeof request), &len);
	if (st != DS_OK)
		return st;
	if (es10_parse_addresses(dev->es10_answer, len, &addresses) == ES10_OK) {
		at_copy(out->default_smdp, sizeof out->default_smdp, addresses.default_dp);
		at_copy(out->root_smds, sizeof out->root_smds, addresses.root_ds);
	}
	out->single_enabled = true;
	at_copy(out->detail, sizeof out->detail,
		D_("The module does not switch to the backup by itself (SGP.22 has no automatic fallback). "
		   "The backup is marked in its nickname."));
	return DS_OK;
}

ds_status atmodem_esim_disable(ds_call *call, ds_device *dev, const char *iccid)
{
	uint8_t request[ATMODEM_REQUEST_MAX];
	const es10_profile *p;
	ds_status st = atmodem_profile(call, dev, iccid, &p);

	if (st != DS_OK)
		return st;
	if (p->state != ES10_STATE_ENABLED)
		return atmodem_host->fail(call, DS_ERR_INVALID, D_("The profile %s is not enabled."), iccid);
	atmodem_host->progress(call, 200, D_("Disabling the profile"));
	st = atmodem_es10_simple(call, dev, ES10_CMD_DISABLE, D_("disabling the profile"), request,
				 es10_request_disable(request, sizeof request, iccid, true));
	if (st != DS_OK)
		return st;
	st = atmodem_euicc_after_reset(call, dev);
	if (st != DS_OK)
		return st;
	st = atmodem_profile(call, dev, iccid, &p);
	if (st == DS_OK && p->state == ES10_STATE_ENABLED)
		return atmodem_host->fail(call, DS_ERR_DEVICE,
					  D_("The eSIM accepted disabling the profile %s but still reports it enabled."),
					  iccid);
	return st;
}

ds_status atmodem_esim_delete(ds_call *call, ds_device *dev, const char *iccid)
{
	uint8_t request[ATMODEM_REQUEST_MAX];
	const es10_profile *p;
	ds_status st = atmodem_profile(call, dev, iccid, &p);

	if (st != DS_OK)
		return st;
	if (p->state == ES10_STATE_ENABLED)
		return atmodem_host->fail(call, DS_ERR_INVALID,
					  D_("The profile %s is the one in use: enable another profile first, then delete "
					     "this one."),
					  iccid);
	atmodem_host->progress(call, 300, D_("Deleting the profile"));
	st = atmodem_es10_simple(call, dev, ES10_CMD_DELETE, D_("deleting the profile"), request,
				 es10_request_delete(request, sizeof request, iccid));
	if (st != DS_OK)
		return st;
	st = atmodem_read_profiles(call, dev);
	if (st != DS_OK)
		return st;
	if (atmodem_find_profile(dev, iccid))
		return atmodem_host->fail(call, DS_ERR_DEVICE,
					  D_("The eSIM accepted deleting the profile %s but still lists it."), iccid);
	return DS_OK;
}

ds_status atmodem_esim_nickname(ds_call *call, ds_device *dev, const char *iccid, const char *nickname)
{
	char text[ES10_TEXT_SIZE];
	const es10_profile *p;
	ds_status st = atmodem_profile(call, dev, iccid, &p);

	if (st != DS_OK)
		return st;
	if (strlen(nickname) > ESIM_NICKNAME_MAX_BYTES)
		return atmodem_host->fail(call, DS_ERR_INVALID, D_("A nickname holds at most %u bytes."),
					  ESIM_NICKNAME_MAX_BYTES);
	/* a backup stays the backup: its mark is kept (set_backup moves it) */
	if (esim_backup_marked(p->nickname) && !esim_backup_marked(nickname)) {
		if (esim_backup_mark(nickname, text, sizeof text) != 0)
			return atmodem_host->fail(call, DS_ERR_INVALID, "%s", D_("The nickname is too long."));
	} else {
		at_copy(text, sizeof text, nickname);
	}
	st = atmodem_set_nickname(call, dev, iccid, text);
	if (st != DS_OK)
		return st;
	st = atmodem_profile(call, dev, iccid, &p);
	if (st == DS_OK && strcmp(p->nickname, text) != 0)
		return atmodem_host->fail(call, DS_ERR_DEVICE, "%s", D_("The eSIM did not keep the new nickname."));
	return st;
}

ds_status atmodem_esim_notification(ds_call *call, ds_device *dev, size_t index, ds_esim_notification *out)
{
	static const ds_notification_event events[] = {
		[ES10_EVENT_UNKNOWN] = DS_NOTIFY_OTHER, [ES10_EVENT_INSTALL] = DS_NOTIFY_INSTALL,
		[ES10_EVENT_ENABLE] = DS_NOTIFY_ENABLE, [ES10_EVENT_DISABLE] = DS_NOTIFY_DISABLE,
		[ES10_EVENT_DELETE] = DS_NOTIFY_DELETE,
	};
	const es10_notification *n;

	if (index == 0) {
		uint8_t request[ATMODEM_REQUEST_MAX];
		bool truncated = false;
		es10_result result;
		size_t len = 0;
		ds_status st = atmodem_es10(call, dev, D_("the notification list"), request,
					    es10_request_list_notifications(request, sizeof request), &len);

		dev->n_notes = 0;
		if (st != DS_OK)
			return st;
		result = es10_parse_notifications(dev->es10_answer, len, dev->notes, ATMODEM_NOTIFICATIONS_MAX,
						  &dev->n_notes, &truncated);
		if (result != ES10_OK && result != ES10_NO_RESULT) {
			dev->n_notes = 0;
			return atmodem_host->fail(call, DS_ERR_DEVICE,
						  D_("The eSIM's notification list could not be read: %s."),
						  atmodem_es10_text(result));
		}
	}
	if (index >= dev->n_notes)
		return DS_ERR_NOT_FOUND;
	n = &dev->notes[index];
	memset(out, 0, sizeof *out);
	out->sequence = n->seq;
	out->event = events[n->event];
	at_copy(out->iccid, sizeof out->iccid, n->iccid);
	at_copy(out->address, sizeof out->address, n->address);
	return DS_OK;
}
