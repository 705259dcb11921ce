/* Vendor settings of the demo devices, described as option descriptors so
 * that the host's one generic form edits them; and the simulated fault
 * switch ("simulated_fault" on the panel, or DOORSTEP_DEMO_FAULT). */
#include <stdlib.h>
#include <string.h>

#include "demo.h"

/** The environment variable that overrides the panel's simulated_fault. */
#define DEMO_FAULT_ENV "DOORSTEP_DEMO_FAULT"

/** Panel settings, by index. */
enum demo_panel_option {
	DEMO_OPT_ENTRY_DELAY = 0,
	DEMO_OPT_EXIT_DELAY = 1,
	DEMO_OPT_SIREN_VOLUME = 2,
	DEMO_OPT_SIMULATED_FAULT = 3,
};

static const char *const demo_volume_ids[] = { "low", "medium", "high", NULL };
static const char *const demo_volume_titles[] = { N_("Low"), N_("Medium"), N_("High"), NULL };
/* Same order as enum demo_fault. */
static const char *const demo_fault_ids[] = { "none", "backup-offline", "stuck-on-backup", NULL };
static const char *const demo_fault_titles[] = {
	N_("None"), N_("Backup network offline"), N_("Stuck on the backup"), NULL,
};
static const char *const demo_resolution_ids[] = { "720p", "1080p", "1440p", NULL };
static const char *const demo_resolution_titles[] = {
	N_("720p (HD)"), N_("1080p (Full HD)"), N_("1440p (2K)"), NULL,
};

static const ds_option_desc demo_panel_options[] = {
	[DEMO_OPT_ENTRY_DELAY] = {
		.name = "entry_delay", .title = N_("Entry delay"),
		.description = N_("Time to disarm after an entry door opens, before the alarm sounds"),
		.unit = N_("s"), .type = DS_OPT_INT, .min = 0, .max = 120, .step = 5,
	},
	[DEMO_OPT_EXIT_DELAY] = {
		.name = "exit_delay", .title = N_("Exit delay"),
		.description = N_("Time to leave after arming, before the system is armed"),
		.unit = N_("s"), .type = DS_OPT_INT, .min = 0, .max = 120, .step = 5,
	},
	[DEMO_OPT_SIREN_VOLUME] = {
		.name = "siren_volume", .title = N_("Siren volume"),
		.description = N_("How loud the built-in siren sounds in an alarm"),
		.type = DS_OPT_CHOICE, .choices = demo_volume_ids, .choice_titles = demo_volume_titles,
	},
	[DEMO_OPT_SIMULATED_FAULT] = {
		.name = "simulated_fault", .title = N_("Simulated fault"),
		.description = N_("Demo only: makes the next failover test fail on purpose "
				  "(the DOORSTEP_DEMO_FAULT environment variable overrides it)"),
		.type = DS_OPT_CHOICE, .choices = demo_fault_ids, .choice_titles = demo_fault_titles,
	},
};
static const int32_t demo_panel_defaults[] = {
	[DEMO_OPT_ENTRY_DELAY] = 30,
	[DEMO_OPT_EXIT_DELAY] = 45,
	[DEMO_OPT_SIREN_VOLUME] = 2,
	[DEMO_OPT_SIMULATED_FAULT] = DEMO_FAULT_NONE,
};

static const ds_option_desc demo_camera_options[] = {
	{
		.name = "night_vision", .title = N_("Night vision"),
		.description = N_("Switches to infrared when the room is dark"),
		.type = DS_OPT_BOOL,
	},
	{
		.name = "resolution", .title = N_("Recording resolution"),
		.description = N_("Higher resolutions show more detail and need more bandwidth"),
		.type = DS_OPT_CHOICE, .choices = demo_resolution_ids, .choice_titles = demo_resolution_titles,
	},
};
static const int32_t demo_camera_defaults[] = { 1, 1 };

/** The settings of one device. */
typedef struct demo_option_list {
	const ds_option_desc *descs;
	const int32_t *defaults;
	size_t count;
} demo_option_list;

static const demo_option_list demo_option_lists[DEMO_N_DEVICES] = {
	[DEMO_DEV_PANEL] = { demo_panel_options, demo_panel_defaults,
			     sizeof demo_panel_options / sizeof demo_panel_options[0] },
	[DEMO_DEV_CAMERA] = { demo_camera_options, demo_camera_defaults,
			      sizeof demo_camera_options / sizeof demo_camera_options[0] },
};

/** The descriptor of setting index of device id, or NULL past the last. */
const ds_option_desc *demo_option_at(unsigned id, size_t index)
{
	if (id >= DEMO_N_DEVICES || index >= demo_option_lists[id].count || index >= DEMO_MAX_OPTIONS)
		return NULL;
	return &demo_option_lists[id].descs[index];
}

/** The factory value of setting index of device id. */
int32_t demo_option_default(unsigned id, size_t index)
{
	return demo_option_at(id, index) ? demo_option_lists[id].defaults[index] : 0;
}

/** Number of choices of a DS_OPT_CHOICE setting. */
static int32_t demo_choice_count(const ds_option_desc *d)
{
	int32_t n = 0;

	while (d->choices[n])
		n++;
	return n;
}

/** The fault in effect (environment first, then the panel's setting). */
demo_fault demo_fault_effective(void)
{
	const char *env = getenv(DEMO_FAULT_ENV);

	if (env && *env) {
		for (int i = 0; demo_fault_ids[i]; i++)
			if (strcmp(env, demo_fault_ids[i]) == 0)
				return (demo_fault)i;
		demo.host->log(DS_LOG_WARN,
			       "demo: ignoring %s=%s (use none, backup-offline or stuck-on-backup)",
			       DEMO_FAULT_ENV, env);
	}
	return (demo_fault)demo.mem.devices[DEMO_DEV_PANEL].options[DEMO_OPT_SIMULATED_FAULT];
}

/** option_desc operation (must not block). */
const ds_option_desc *demo_option_desc(ds_device *dev, size_t index)
{
	return dev ? demo_option_at(dev->id, index) : NULL;
}

/** Finds setting index of dev; records a message when there is none. */
static ds_status demo_option_find(ds_call *call, ds_device *dev, size_t index, const ds_option_desc **out)
{
	ds_status st = demo_require(call, dev, DS_FEATURE_OPTIONS);

	if (st != DS_OK)
		return st;
	*out = demo_option_at(dev->id, index);
	if (*out)
		return DS_OK;
	demo.host->fail(call, DS_ERR_NOT_FOUND,
			D_("this device has no setting number %zu; reload the list of settings"), index);
	return DS_ERR_NOT_FOUND;
}

/** option_get operation. */
ds_status demo_option_get(ds_call *call, ds_device *dev, size_t index, ds_option_value *out)
{
	const ds_option_desc *d = NULL;
	ds_status st = demo_option_find(call, dev, index, &d);
	int32_t v;

	if (st != DS_OK)
		return st;
	st = demo_work(call, 200, 0, 1000, D_("Reading the setting..."));
	if (st != DS_OK)
		return st;
	v = demo_mem(dev)->options[index];
	out->b = v != 0;
	out->i = v;
	return DS_OK;
}

/** Checks a value against its descriptor; returns the value to store. */
static ds_status demo_option_check(ds_call *call, const ds_option_desc *d, const ds_option_value *value,
				   int32_t *stored)
{
	switch (d->type) {
	case DS_OPT_BOOL:
		*stored = value->b ? 1 : 0;
		return DS_OK;
	case DS_OPT_INT:
		if (value->i < d->min || value->i > d->max || (value->i - d->min) % d->step != 0)
			return demo.host->fail(call, DS_ERR_INVALID,
					       D_("%s must be between %d and %d %s in steps of %d; "
						  "%d is not allowed"),
					       demo_translate(d->title), (int)d->min, (int)d->max,
					       d->unit ? demo_translate(d->unit) : "", (int)d->step, (int)value->i);
		*stored = value->i;
		return DS_OK;
	case DS_OPT_CHOICE:
		if (value->i < 0 || value->i >= demo_choice_count(d))
			return demo.host->fail(call, DS_ERR_INVALID,
					       D_("%s has no choice number %d; pick one of the %d listed"),
					       demo_translate(d->title), (int)value->i, (int)demo_choice_count(d));
		*stored = value->i;
		return DS_OK;
	case DS_OPT_STRING:
		break;
	}
	return demo.host->fail(call, DS_ERR_INTERNAL, "%s", D_("this setting has a type the demo does not handle"));
}

/** option_set operation: validates, then stores the value in the device's memory. */
ds_status demo_option_set(ds_call *call, ds_device *dev, size_t index, const ds_option_value *value)
{
	const ds_option_desc *d = NULL;
	int32_t stored = 0, old;
	ds_status st = demo_option_find(call, dev, index, &d);

	if (st != DS_OK)
		return st;
	if (!value)
		return demo.host->fail(call, DS_ERR_INVALID, "%s", D_("no value was given; enter one"));
	st = demo_option_check(call, d, value, &stored);
	if (st == DS_OK)
		st = demo_work(call, 300, 0, 900, D_("Saving the setting..."));
	if (st != DS_OK)
		return st;
	old = demo_mem(dev)->options[index];
	demo_mem(dev)->options[index] = stored;
	st = demo_commit(call);
	if (st != DS_OK) {
		demo_mem(dev)->options[index] = old;
		return st;
	}
	if (dev->id == DEMO_DEV_PANEL && index == DEMO_OPT_SIMULATED_FAULT && getenv(DEMO_FAULT_ENV))
		demo.host->log(DS_LOG_WARN, "demo: %s is set and overrides the simulated_fault setting",
			       DEMO_FAULT_ENV);
	demo.host->progress(call, 1000, D_("The setting is saved."));
	return DS_OK;
}
