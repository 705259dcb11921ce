/* The table of open devices. */
#include "app/core/devices.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"

/** One open device. */
typedef struct ds_open_device {
	ds_loaded_plugin *lp;
	ds_device *dev;
	char locator[DS_LOCATOR_MAX];
} ds_open_device;

struct ds_devices {
	ds_plugin_set *plugins;
	pthread_mutex_t lock;
	ds_open_device *open;
	size_t n_open;
};

ds_devices *ds_devices_new(ds_plugin_set *plugins)
{
	ds_devices *devices = calloc(1, sizeof *devices);

	if (!devices)
		return NULL;
	devices->plugins = plugins;
	pthread_mutex_init(&devices->lock, NULL);
	return devices;
}

void ds_devices_free(ds_devices *devices)
{
	if (!devices)
		return;
	for (size_t i = 0; i < devices->n_open; i++) {
		ds_open_device *o = &devices->open[i];

		DS_PLUGIN_CALL(o->lp, o->lp->desc.close(o->dev));
	}
	free(devices->open);
	pthread_mutex_destroy(&devices->lock);
	free(devices);
}

ds_plugin_set *ds_devices_plugins(ds_devices *devices)
{
	return devices->plugins;
}

ds_status ds_devices_open(ds_job *job, ds_devices *devices, const char *plugin_id,
			  const char *locator, ds_loaded_plugin **lp_out, ds_device **dev_out)
{
	ds_loaded_plugin *lp = ds_plugins_find(devices->plugins, plugin_id);
	ds_device *dev = NULL;
	ds_status st;

	if (!lp)
		return ds_job_fail(job, DS_ERR_NOT_FOUND,
				   _("The plugin \"%s\" for this device is not installed or was refused. "
				     "Run \"doorstep plugins\" to see why."), plugin_id);
	pthread_mutex_lock(&devices->lock);
	for (size_t i = 0; i < devices->n_open; i++) {
		if (devices->open[i].lp == lp && strcmp(devices->open[i].locator, locator) == 0) {
			*lp_out = lp;
			*dev_out = devices->open[i].dev;
			pthread_mutex_unlock(&devices->lock);
			return DS_OK;
		}
	}
	DS_PLUGIN_CALL(lp, st = lp->desc.open(job, locator, &dev));
	if (st == DS_OK && !dev)
		st = ds_job_fail(job, DS_ERR_INTERNAL, _("The plugin \"%s\" opened no device (a plugin bug)."), plugin_id);
	if (st == DS_OK) {
		ds_open_device *grown = realloc(devices->open, (devices->n_open + 1) * sizeof *grown);

		if (!grown) {
			DS_PLUGIN_CALL(lp, lp->desc.close(dev));
			st = DS_ERR_NO_MEMORY;
		} else {
			devices->open = grown;
			devices->open[devices->n_open].lp = lp;
			devices->open[devices->n_open].dev = dev;
			snprintf(devices->open[devices->n_open].locator, DS_LOCATOR_MAX, "%s", locator);
			devices->n_open++;
			*lp_out = lp;
			*dev_out = dev;
		}
	} else if (!ds_job_message(job)[0]) {
		ds_job_fail(job, st, _("The device could not be opened (%s). Check that it is powered and near."),
			    ds_status_str(st));
	}
	pthread_mutex_unlock(&devices->lock);
	return st;
}

ds_status ds_devices_describe(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, ds_site_device *out)
{
	ds_device_info info;
	ds_credential_state cred;
	ds_status st;

	memset(&info, 0, sizeof info);
	memset(&cred, 0, sizeof cred);
	DS_PLUGIN_CALL(lp, st = lp->desc.device_info(job, dev, &info));
	if (st != DS_OK)
		return st;
	if (!info.serial[0])
		return ds_job_fail(job, DS_ERR_INTERNAL, _("The plugin \"%s\" reported a device without a serial number."),
				   lp->desc.id);
	memset(out, 0, sizeof *out);
	snprintf(out->plugin_id, sizeof out->plugin_id, "%s", lp->desc.id);
	snprintf(out->serial, sizeof out->serial, "%s", info.serial);
	snprintf(out->locator, sizeof out->locator, "%s", info.locator);
	out->kind = info.kind;
	snprintf(out->vendor, sizeof out->vendor, "%s", info.vendor[0] ? info.vendor : lp->desc.vendor);
	snprintf(out->model, sizeof out->model, "%s", info.model);
	snprintf(out->firmware, sizeof out->firmware, "%s", info.firmware);
	snprintf(out->name, sizeof out->name, "%s", info.name[0] ? info.name : ds_kind_name(info.kind));
	out->features = info.features;
	out->rules = info.password;
	if ((info.features & DS_FEATURE_PASSWORD) && ds_plugin_has_op(lp, DS_PLUGIN_OP_CREDENTIAL_STATE)) {
		DS_PLUGIN_CALL(lp, st = lp->desc.credential_state(job, dev, &cred));
		if (st != DS_OK)
			return st;
		out->has_password = cred.has_password;
		out->on_factory_default = cred.on_factory_default;
	}
	return DS_OK;
}

ds_loaded_plugin *ds_devices_owner(ds_devices *devices, const char *locator)
{
	ds_loaded_plugin *lp = NULL;

	pthread_mutex_lock(&devices->lock);
	for (size_t i = 0; i < devices->n_open && !lp; i++)
		if (strcmp(devices->open[i].locator, locator) == 0)
			lp = devices->open[i].lp;
	pthread_mutex_unlock(&devices->lock);
	return lp;
}
