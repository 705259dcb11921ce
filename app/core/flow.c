/* The wizard's flow rules. */
#include "app/core/flow.h"

#include <stdio.h>
#include <string.h>

#include "app/base/i18n.h"

static const char *const ds_step_titles[DS_STEP_COUNT] = {
	[DS_STEP_WELCOME] = N_("Welcome"),
	[DS_STEP_DEVICES] = N_("Devices"),
	[DS_STEP_PASSWORDS] = N_("Passwords"),
	[DS_STEP_CELLULAR] = N_("Cellular"),
	[DS_STEP_DIAGNOSTICS] = N_("Diagnostics"),
	[DS_STEP_SUMMARY] = N_("Summary"),
};

const char *ds_flow_step_title(ds_step step)
{
	return (unsigned)step < DS_STEP_COUNT ? _(ds_step_titles[step]) : "";
}

bool ds_flow_needs_cellular(const ds_site *site)
{
	for (size_t i = 0; i < site->n_devices; i++)
		if (site->devices[i].features & DS_FEATURE_ESIM)
			return true;
	return false;
}

ds_site_device *ds_flow_cellular_device(ds_site *site)
{
	for (size_t i = 0; i < site->n_devices; i++)
		if (site->devices[i].features & DS_FEATURE_ESIM)
			return &site->devices[i];
	return NULL;
}

bool ds_flow_step_complete(const ds_site *site, ds_step step)
{
	switch (step) {
	case DS_STEP_WELCOME:
		return true;
	case DS_STEP_DEVICES:
		return site->n_devices > 0;
	case DS_STEP_PASSWORDS:
		return site->n_devices > 0 && ds_site_devices_on_default(site) == 0;
	case DS_STEP_CELLULAR:
		return !ds_flow_needs_cellular(site) ||
		       (site->cellular.applied && site->cellular.failover != DS_FAILOVER_NOT_RUN);
	case DS_STEP_DIAGNOSTICS:
		return site->diagnostics_at[0] != '\0';
	case DS_STEP_SUMMARY:
		return site->completed_at[0] != '\0';
	case DS_STEP_COUNT:
		break;
	}
	return false;
}

bool ds_flow_can_enter(const ds_site *site, ds_step step, char *why, size_t why_size)
{
	why[0] = '\0';
	if (step >= DS_STEP_PASSWORDS && site->n_devices == 0) {
		snprintf(why, why_size, "%s", _("Add at least one device first (step Devices)."));
		return false;
	}
	if (step > DS_STEP_PASSWORDS && ds_site_devices_on_default(site) > 0) {
		size_t n = ds_site_devices_on_default(site);

		snprintf(why, why_size,
			 P_("%zu device still has its factory-default password. Change it first (step Passwords).",
			    "%zu devices still have their factory-default password. Change them first (step Passwords).", n),
			 n);
		return false;
	}
	return true;
}

bool ds_flow_can_leave(const ds_site *site, ds_step step, char *why, size_t why_size)
{
	why[0] = '\0';
	switch (step) {
	case DS_STEP_DEVICES:
		if (site->n_devices == 0) {
			snprintf(why, why_size, "%s", _("Add at least one device: type or scan its QR label, or pick one found nearby."));
			return false;
		}
		return true;
	case DS_STEP_PASSWORDS:
		return ds_flow_can_enter(site, DS_STEP_CELLULAR, why, why_size);
	case DS_STEP_CELLULAR:
		if (!ds_flow_needs_cellular(site))
			return true;
		if (!site->cellular.applied) {
			snprintf(why, why_size, "%s", _("Choose a primary and a backup operator and apply them."));
			return false;
		}
		if (site->cellular.failover == DS_FAILOVER_NOT_RUN) {
			snprintf(why, why_size, "%s", _("Run the failover test to prove that the backup takes over."));
			return false;
		}
		return true;
	case DS_STEP_DIAGNOSTICS:
		if (!site->diagnostics_at[0]) {
			snprintf(why, why_size, "%s", _("Let the checks finish first (press r to run them again)."));
			return false;
		}
		return true;
	default:
		return true;
	}
}

ds_step ds_flow_advance(ds_site *site, ds_step step)
{
	if (ds_flow_step_complete(site, step))
		site->step_done[step] = true;
	if (step + 1 < DS_STEP_COUNT)
		site->current_step = (ds_step)(step + 1);
	return site->current_step;
}
