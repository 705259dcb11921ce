/* The failover test on an SGP.22 module, done for real: the module cannot
 * fall back by itself, so the test enables the backup, waits for it to
 * register and attach for packet data, measures that, then enables the
 * primary again and waits for it too. Each stage that fails is named, and
 * the module is put back on the primary whenever it can be. */
#include <stdio.h>
#include <string.h>

#include "atmodem.h"
#include "esim_backup_mark.h"

/** The primary (enabled, unmarked) and the backup (marked) of dev->profiles. */
static void atmodem_roles(const ds_device *dev, char *primary, char *backup)
{
	primary[0] = backup[0] = '\0';
	for (size_t i = 0; i < dev->n_profiles; i++) {
		const es10_profile *p = &dev->profiles[i];

		if (esim_backup_marked(p->nickname))
			at_copy(backup, ES10_ICCID_SIZE, p->iccid);
		else if (p->state == ES10_STATE_ENABLED)
			at_copy(primary, ES10_ICCID_SIZE, p->iccid);
	}
}

/** How a stage failed, in words. */
static const char *atmodem_failure_words(ds_status st)
{
	switch (st) {
	case DS_ERR_TIMEOUT:
		return D_("not within the time limit");
	case DS_ERR_CANCELLED:
		return D_("cancelled");
	case DS_ERR_IO:
		return D_("the connection to the module was lost");
	case DS_ERR_NOT_FOUND:
		return D_("the profile is not on the eSIM");
	case DS_ERR_INVALID:
		return D_("the eSIM refused it in this state");
	default:
		break;
	}
	return D_("the module or the eSIM refused it");
}

/** Writes the stage's failure into out->detail: the stage and how it failed. */
static void atmodem_stage_failed(ds_failover_result *out, const char *stage, ds_status st)
{
	snprintf(out->detail, sizeof out->detail, D_("%s failed: %s."), stage, atmodem_failure_words(st));
}

ds_status atmodem_failover_test(ds_call *call, ds_device *dev, ds_failover_result *out)
{
	char primary[ES10_ICCID_SIZE], backup[ES10_ICCID_SIZE];
	uint64_t start;
	ds_status st, back;

	memset(out, 0, sizeof *out);
	atmodem_host->progress(call, 20, D_("Reading the eSIM profiles"));
	st = atmodem_read_profiles(call, dev);
	if (st != DS_OK) {
		atmodem_stage_failed(out, D_("Reading the profiles"), st);
		return st;
	}
	atmodem_roles(dev, primary, backup);
	if (!backup[0] || !primary[0]) {
		at_copy(out->detail, sizeof out->detail,
			!backup[0] ? D_("No profile is marked as the backup: choose a backup first.")
				   : D_("The backup is the profile in use: enable the primary first."));
		return atmodem_host->fail(call, DS_ERR_INVALID, "%s", out->detail);
	}

	/* 1. to the backup, online, measured */
	atmodem_host->progress(call, 50, D_("Switching to the backup profile"));
	start = atmodem_now_ms();
	st = atmodem_enable(call, dev, backup, true, atmodem_register_limit_ms);
	if (st == DS_ERR_CANCELLED && !atmodem_find_profile(dev, backup))
		return st;
	out->switched_to_backup = dev->n_profiles > 0 && atmodem_find_profile(dev, backup) &&
				  atmodem_find_profile(dev, backup)->state == ES10_STATE_ENABLED;
	out->backup_online = st == DS_OK;
	if (st == DS_OK)
		out->switch_ms = (uint32_t)(atmodem_now_ms() - start);
	else
		atmodem_stage_failed(out,
				     out->switched_to_backup ? D_("Registering and attaching on the backup")
							     : D_("Enabling the backup"),
				     st);

	/* 2. back to the primary, whatever happened, if the backup was enabled */
	if (!out->switched_to_backup)
		return st;
	atmodem_host->progress(call, 600, D_("Switching back to the primary profile"));
	back = atmodem_enable(call, dev, primary, true, atmodem_register_limit_ms);
	if (back != DS_OK && atmodem_read_profiles(call, dev) == DS_OK && atmodem_find_profile(dev, primary) &&
	    atmodem_find_profile(dev, primary)->state == ES10_STATE_ENABLED)
		out->returned_to_primary = true; /* enabled again, only the network is missing */
	else
		out->returned_to_primary = back == DS_OK;
	if (back != DS_OK) {
		char first[DS_TEXT_MAX];

		at_copy(first, sizeof first, out->detail);
		snprintf(out->detail, sizeof out->detail, D_("%s%s%s failed: %s."), first, first[0] ? " " : "",
			 out->returned_to_primary ? D_("Registering on the primary again")
						  : D_("Enabling the primary again"),
			 atmodem_failure_words(back));
		return back;
	}
	if (st != DS_OK)
		return st;
	snprintf(out->detail, sizeof out->detail,
		 D_("The backup registered and attached for data in %u ms; the module is back on the primary. It "
		    "does not switch to the backup by itself."),
		 out->switch_ms);
	return DS_OK;
}
