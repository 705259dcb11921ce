/* The siren's vendor settings, described as option descriptors so that
 * doorstep's one generic form edits them, and its diagnostic checks. */
#include <stdio.h>
#include <string.h>

#include "example.h"

/** Settings, by index. */
enum example_option {
	EXAMPLE_OPT_VOLUME = 0,
	EXAMPLE_OPT_DURATION = 1,
	EXAMPLE_OPT_COUNT = 2,
};

static const char *const example_volume_ids[] = { "low", "medium", "high", NULL };
static const char *const example_volume_titles[] = { N_("Low (85 dB)"), N_("Medium (95 dB)"),
						     N_("High (105 dB)"), NULL };

static const ds_option_desc example_options[EXAMPLE_OPT_COUNT] = {
	[EXAMPLE_OPT_VOLUME] = {
		.name = "volume", .title = N_("Siren volume"),
		.description = N_("How loud the siren sounds in an alarm; local rules may limit it"),
		.type = DS_OPT_CHOICE,
		.choices = example_volume_ids, .choice_titles = example_volume_titles,
	},
	[EXAMPLE_OPT_DURATION] = {
		.name = "alarm_duration", .title = N_("Alarm duration"),
		.description = N_("How long the siren sounds before it stops by itself"),
		.unit = N_("s"), .type = DS_OPT_INT, .min = 30, .max = 900, .step = 30,
	},
};

void example_settings_reset(example_memory *mem)
{
	mem->volume = 2;
	mem->duration_s = 180;
}

const ds_option_desc *example_option_desc(ds_device *dev, size_t index)
{
	(void)dev;
	return index < EXAMPLE_OPT_COUNT ? &example_options[index] : NULL;
}

ds_status example_option_get(ds_call *call, ds_device *dev, size_t index, ds_option_value *out)
{
	(void)dev;
	switch (index) {
	case EXAMPLE_OPT_VOLUME:
		out->i = example.mem.volume;
		return DS_OK;
	case EXAMPLE_OPT_DURATION:
		out->i = example.mem.duration_s;
		return DS_OK;
	}
	return example.host->fail(call, DS_ERR_NOT_FOUND, "%s", D_("the siren has no such setting"));
}

ds_status example_option_set(ds_call *call, ds_device *dev, size_t index, const ds_option_value *value)
{
	const ds_option_desc *d = example_option_desc(dev, index);
	example_memory before = example.mem;
	ds_status st;

	if (!d)
		return example.host->fail(call, DS_ERR_NOT_FOUND, "%s", D_("the siren has no such setting"));
	if (index == EXAMPLE_OPT_VOLUME) {
		if (value->i < 0 || value->i > 2)
			return example.host->fail(call, DS_ERR_INVALID, "%s",
						  D_("choose low, medium or high"));
		example.mem.volume = value->i;
	} else {
		if (value->i < d->min || value->i > d->max || (value->i - d->min) % d->step != 0)
			return example.host->fail(call, DS_ERR_INVALID,
						  D_("the alarm duration must be %d to %d s in steps of %d s"),
						  (int)d->min, (int)d->max, (int)d->step);
		example.mem.duration_s = value->i;
	}
	st = example_save(call);
	if (st != DS_OK)
		example.mem = before;
	return st;
}

ds_status example_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out)
{
	ds_status st;

	(void)dev;
	if (index == 0) {
		/* A short chirp; slow enough that the installer may cancel it. */
		st = example_work(call, 1500, 0, 1000, D_("Chirping the siren..."));
		if (st != DS_OK)
			return st;
		snprintf(out->id, sizeof out->id, "siren.sounder");
		snprintf(out->title, sizeof out->title, "%s", D_("Sounder"));
		snprintf(out->value, sizeof out->value, "%d dB", 85 + 10 * (int)example.mem.volume);
		snprintf(out->advice, sizeof out->advice, "%s", D_("The siren chirped and heard itself."));
		out->grade = DS_CHECK_PASS;
		return DS_OK;
	}
	if (index == 1) {
		snprintf(out->id, sizeof out->id, "siren.battery");
		snprintf(out->title, sizeof out->title, "%s", D_("Backup battery"));
		snprintf(out->value, sizeof out->value, "87 %%");
		snprintf(out->advice, sizeof out->advice, "%s",
			 D_("Charged; it keeps the siren working for 48 hours without mains power."));
		out->grade = DS_CHECK_PASS;
		return DS_OK;
	}
	return DS_ERR_NOT_FOUND;
}
