/* Devices on serial ports; see serial_discover.h. */
#include "app/core/serial_discover.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "app/serial/serial_ports.h"

ds_loaded_plugin *ds_serial_claim(ds_job *job, ds_devices *devices, const char *port, char *locator,
				  size_t locator_size, ds_status *problem)
{
	ds_plugin_set *set = ds_devices_plugins(devices);
	ds_loaded_plugin *open_by = ds_devices_owner(devices, port);

	/* A port opened earlier in this session is locked by its plugin, which
	 * could not probe it again: it is that plugin's device. */
	if (open_by) {
		snprintf(locator, locator_size, "%s", port);
		return open_by;
	}
	for (size_t i = 0; i < set->n_loaded; i++) {
		ds_loaded_plugin *lp = set->loaded[i];
		ds_status st;

		if (!(lp->desc.caps & DS_CAP_SERIAL) || !ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_SERIAL))
			continue;
		locator[0] = '\0';
		DS_PLUGIN_CALL(lp, st = lp->desc.match_serial(job, port, locator, locator_size));
		if (st == DS_OK && locator[0])
			return lp;
		if (st == DS_ERR_CANCELLED)
			return NULL;
		if (st != DS_ERR_NOT_FOUND && st != DS_OK) {
			ds_log(DS_LOG_INFO, "serial", "%s: %s (%s)", port, ds_status_str(st), ds_job_message(job));
			if (*problem == DS_OK)
				*problem = st;
		}
	}
	return NULL;
}

/** Who a posted device is (a copy: the posted item belongs to the receiver). */
typedef struct ds_serial_posted {
	char plugin_id[DS_ID_MAX];
	char serial[DS_ID_MAX];
} ds_serial_posted;

/** True when a device of this plugin with this serial was posted already. */
static bool ds_serial_seen(const ds_serial_posted *posted, size_t n, const ds_site_device *dev)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(posted[i].plugin_id, dev->plugin_id) == 0 && strcmp(posted[i].serial, dev->serial) == 0)
			return true;
	return false;
}

ds_status ds_serial_discover(ds_job *job, ds_devices *devices, size_t *found)
{
	char (*ports)[DS_LOCATOR_MAX] = calloc(DS_SERIAL_PORTS_MAX, sizeof *ports);
	ds_serial_posted *posted = calloc(DS_SERIAL_PORTS_MAX, sizeof *posted);
	ds_status problem = DS_OK;
	size_t n, claimed = 0;

	if (!ports || !posted) {
		free(ports);
		free(posted);
		return DS_ERR_NO_MEMORY;
	}
	n = ds_serial_ports_list(ports, DS_SERIAL_PORTS_MAX);
	for (size_t i = 0; i < n; i++) {
		char locator[DS_LOCATOR_MAX];
		ds_loaded_plugin *lp, *owner;
		ds_site_device *dev;
		ds_device *handle;

		if (ds_job_cancelled(job))
			break;
		ds_job_progress(job, (unsigned)(i * 1000 / n), _("Asking the serial port %s"), ports[i]);
		lp = ds_serial_claim(job, devices, ports[i], locator, sizeof locator, &problem);
		if (!lp || ds_devices_open(job, devices, lp->desc.id, locator, &owner, &handle) != DS_OK)
			continue;
		dev = calloc(1, sizeof *dev);
		if (!dev)
			break;
		/* Many modules answer AT on two of their ports: one device, the first port. */
		if (ds_devices_describe(job, owner, handle, dev) != DS_OK || ds_serial_seen(posted, claimed, dev)) {
			free(dev);
			continue;
		}
		snprintf(posted[claimed].plugin_id, sizeof posted[claimed].plugin_id, "%s", dev->plugin_id);
		snprintf(posted[claimed].serial, sizeof posted[claimed].serial, "%s", dev->serial);
		(*found)++;
		claimed++;
		ds_job_post_item(job, dev, free);
	}
	free(ports);
	free(posted);
	if (ds_job_cancelled(job))
		return DS_ERR_CANCELLED;
	/* Nothing found, but a port could not be asked: say why (the job's
	 * message, from the plugin), e.g. that the user is not in group dialout. */
	return claimed == 0 ? problem : DS_OK;
}
