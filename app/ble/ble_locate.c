/* Finding a device in BlueZ's objects, discovering it when BlueZ has not
 * seen it yet (ble_locate.h). */
#include "app/ble/ble_locate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/ble/ble_device.h"
#include "app/ble/ble_discovery.h"
#include "app/base/i18n.h"

/** Adapters looked through for the device. */
#define DS_LOCATE_ADAPTERS_MAX 8

/** One look through GetManagedObjects: the adapters, and the device asked for. */
typedef struct ds_ble_lookup {
	const char *address;
	const char *name;
	ds_ble_located *out;
	ds_ble_adapter adapters[DS_LOCATE_ADAPTERS_MAX];
	size_t n_adapters;
	bool found;
} ds_ble_lookup;

/** One object of GetManagedObjects (see ds_ble_lookup). */
static int ds_ble_lookup_entry(sd_bus_message *m, void *ctx)
{
	ds_ble_lookup *l = ctx;
	ds_ble_adapter adapter;
	ds_ble_device dev;
	bool is_dev, is_adapter;
	const char *path;
	int r = sd_bus_message_read(m, "o", &path);

	if (r < 0)
		return r;
	r = ds_bluez_read_interfaces(m, path, &dev, &is_dev, &adapter, &is_adapter);
	if (r < 0)
		return r;
	if (is_adapter && l->n_adapters < DS_LOCATE_ADAPTERS_MAX)
		l->adapters[l->n_adapters++] = adapter;
	if (is_dev && !l->found &&
	    (l->name[0] ? strcmp(dev.name, l->name) == 0 : strcasecmp(dev.address, l->address) == 0)) {
		snprintf(l->out->path, sizeof l->out->path, "%s", dev.path);
		snprintf(l->out->address, sizeof l->out->address, "%s", dev.address);
		l->out->resolved = dev.connected && dev.services_resolved;
		l->found = true;
	}
	return 0;
}

/** Looks once through the objects BlueZ has; l->found says whether the
 *  device is among them. Fails with a message when BlueZ does not answer. */
static ds_status ds_ble_lookup_once(sd_bus *bus, ds_job *job, ds_ble_lookup *l, unsigned timeout_ms)
{
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st = ds_bluez_managed_objects(bus, job, timeout_ms, NULL, &reply, &err);

	l->n_adapters = 0;
	if (st == DS_OK && ds_bluez_each_entry(reply, "oa{sa{sv}}", ds_ble_lookup_entry, l) < 0)
		st = ds_job_fail(job, DS_ERR_IO, "%s",
				 _("The Bluetooth service (BlueZ) sent a reply doorstep cannot read."));
	else if (st == DS_ERR_CANCELLED)
		st = ds_job_fail(job, st, "%s", _("Cancelled."));
	else if (st == DS_ERR_TIMEOUT)
		st = ds_job_fail(job, st,
				 _("The Bluetooth service (BlueZ) did not answer within %.1f seconds. Restart "
				   "Bluetooth (\"systemctl restart bluetooth\") and try again."),
				 timeout_ms / 1000.0);
	else if (st != DS_OK)
		st = ds_job_fail(job, DS_ERR_IO, _("The Bluetooth service (BlueZ) refused to list its devices: %s."),
				 err.message ? err.message
				 : err.name  ? err.name
					     : "?");
	sd_bus_message_unref(reply);
	sd_bus_error_free(&err);
	return st;
}

/** Discovers on adapter until the device turns up, discover_ms at most,
 *  with a countdown; stops discovery on every way out. */
static ds_status ds_ble_lookup_discover(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter, ds_ble_lookup *l,
					const char *who, unsigned discover_ms, unsigned timeout_ms)
{
	uint64_t start = ds_bluez_now_ms(), deadline = start + discover_ms;
	ds_status st = ds_ble_discovery_start(bus, job, adapter, NULL);

	if (st != DS_OK)
		return st;
	while (st == DS_OK && !l->found) {
		uint64_t now = ds_bluez_now_ms();

		if (now >= deadline)
			break;
		ds_job_progress(job, (unsigned)((now - start) * 100 / discover_ms),
				_("Looking for %s over Bluetooth (%u s left)..."), who,
				(unsigned)((deadline - now + 999) / 1000));
		st = ds_job_sleep(job, DS_BLE_LOCATE_POLL_MS);
		if (st == DS_ERR_CANCELLED)
			st = ds_job_fail(job, st, "%s", _("Cancelled."));
		else if (st == DS_OK)
			st = ds_ble_lookup_once(bus, job, l, timeout_ms);
	}
	ds_ble_discovery_stop(bus, adapter);
	return st;
}

ds_status ds_ble_locate(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter, const char *address, const char *name,
			unsigned discover_ms, unsigned timeout_ms, ds_ble_located *out)
{
	ds_ble_lookup *l = calloc(1, sizeof *l);
	const char *who = name && name[0] ? name : address;
	ds_status st;

	if (!l)
		return ds_job_fail(job, DS_ERR_NO_MEMORY, "%s", _("Out of memory."));
	l->address = address;
	l->name = name ? name : "";
	l->out = out;
	st = ds_ble_lookup_once(bus, job, l, timeout_ms);
	if (st == DS_OK && !l->found && !adapter->powered)
		st = ds_job_fail(job, DS_ERR_DEVICE,
				 _("The Bluetooth adapter %s is switched off, so it cannot look for %s. Switch it on, "
				   "then try again."),
				 adapter->name, who);
	else if (st == DS_OK && !l->found && discover_ms > 0)
		st = ds_ble_lookup_discover(bus, job, adapter, l, who, discover_ms, timeout_ms);
	if (st == DS_OK && !l->found) {
		unsigned seconds = (discover_ms + 999) / 1000;

		st = ds_job_fail(job, DS_ERR_NOT_FOUND,
				 P_("Bluetooth did not find the device %s within %u second. Check that it is powered, "
				    "bring it within a few metres, and check that it advertises: a device waiting to be "
				    "set up does, but many stop after a few minutes (turn it off and on to restart its "
				    "setup mode). Then try again.",
				    "Bluetooth did not find the device %s within %u seconds. Check that it is powered, "
				    "bring it within a few metres, and check that it advertises: a device waiting to be "
				    "set up does, but many stop after a few minutes (turn it off and on to restart its "
				    "setup mode). Then try again.",
				    seconds),
				 who, seconds);
	}
	for (size_t i = 0; st == DS_OK && i < l->n_adapters; i++) {
		size_t n = strlen(l->adapters[i].path);

		if (strncmp(out->path, l->adapters[i].path, n) == 0 && out->path[n] == '/' && !l->adapters[i].powered)
			st = ds_job_fail(job, DS_ERR_DEVICE,
					 _("The Bluetooth adapter %s is switched off. Switch it on, then try again."),
					 l->adapters[i].name);
	}
	free(l);
	return st;
}
