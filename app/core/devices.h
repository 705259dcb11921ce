/* The devices opened in this session: one handle per (plugin, locator),
 * opened on a worker thread when first needed, closed at the end. */
#ifndef DS_DEVICES_H
#define DS_DEVICES_H

#include "app/base/jobs.h"
#include "app/plugin/plugin_loader.h"
#include "app/core/site.h"
#include "app/base/must_check.h"

/** The table of open devices. */
typedef struct ds_devices ds_devices;

/** Wraps one call into a plugin: takes its lock for the duration of expr. */
#define DS_PLUGIN_CALL(lp, expr)            \
	do {                                \
		ds_plugin_enter(lp);        \
		expr;                       \
		ds_plugin_leave(lp);        \
	} while (0)

/** A new, empty table over the loaded plugins (borrowed). */
ds_devices *ds_devices_new(ds_plugin_set *plugins);
/** Closes every open device and frees the table. */
void ds_devices_free(ds_devices *devices);
/** The plugin set the table uses. */
ds_plugin_set *ds_devices_plugins(ds_devices *devices);
/** Opens (or finds already open) the device at locator through plugin_id.
 *  Runs inside a job. On failure the job's message says why. */
DS_MUST_CHECK ds_status ds_devices_open(ds_job *job, ds_devices *devices, const char *plugin_id, const char *locator,
					ds_loaded_plugin **lp_out, ds_device **dev_out);
/** Reads info and credential state of an open device into a site device. */
DS_MUST_CHECK ds_status ds_devices_describe(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, ds_site_device *out);
/** The plugin that has a device open at locator in this table, or NULL. */
ds_loaded_plugin *ds_devices_owner(ds_devices *devices, const char *locator);

#endif
