/* The scan job: discovery with a filter, devices from GetManagedObjects and
 * from BlueZ's signals, one event per change. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/ble/ble_advert.h"
#include "app/ble/ble_discovery.h"
#include "app/ble/ble_scan.h"
#include "app/base/i18n.h"
#include "app/base/log.h"

/** State of one running scan (on its own thread). */
typedef struct ds_ble_scan {
	ds_job *job;
	ds_ble_scan_opts *opts;
	sd_bus *bus;
	ds_ble_table table;    /**< the scan's own view, to post whole records */
	char prefix[80];       /**< adapter path + "/": its devices */
	bool adapter_gone;
	size_t n_pending;      /**< rows whose claim waits for a busy plugin */
} ds_ble_scan;

/** Fields that change what a device is (and so who claims it). */
#define DS_BLE_IDENTITY (DS_BLE_F_NAME | DS_BLE_F_MANUFACTURER | DS_BLE_F_SERVICE_DATA | DS_BLE_F_UUIDS)

/** Posts one event with a copy of dev (and notes the device stop_at waits for). */
static void ds_ble_scan_post(ds_ble_scan *s, ds_ble_event_kind kind, const ds_ble_device *dev)
{
	ds_ble_event *ev;

	if (kind != DS_BLE_EV_GONE && s->opts->stop_at && strcasecmp(dev->address, s->opts->stop_at) == 0) {
		s->opts->seen = *dev;
		s->opts->was_seen = true;
	}
	ev = malloc(sizeof *ev);
	if (!ev)
		return;
	ev->kind = kind;
	ev->dev = *dev;
	ds_job_post_item(s->job, ev, free);
}

/** True when path is a device of the scanned adapter. */
static bool ds_ble_scan_ours(const ds_ble_scan *s, const char *path)
{
	return strncmp(path, s->prefix, strlen(s->prefix)) == 0;
}

/** Asks the scan's claimer about row, if it has one. */
static void ds_ble_scan_claim(ds_ble_scan *s, ds_ble_device *row, bool *busy)
{
	*busy = false;
	if (s->opts->claim)
		s->opts->claim(s->opts->claim_ctx, s->job, row, busy);
}

/** Merges an update into the scan's table, decodes, claims, posts. */
static void ds_ble_scan_update(ds_ble_scan *s, const ds_ble_device *update)
{
	bool added = false;
	ds_ble_device *row = ds_ble_table_update(&s->table, update, &added);

	if (!row)
		return;
	if (added || (update->fields & DS_BLE_IDENTITY)) {
		bool busy;

		ds_ble_advert_describe(row);
		ds_ble_scan_claim(s, row, &busy);
		if (busy && !row->claim_pending)
			s->n_pending++;
		else if (!busy && row->claim_pending)
			s->n_pending--;
		row->claim_pending = busy;
	}
	ds_ble_scan_post(s, added ? DS_BLE_EV_SEEN : DS_BLE_EV_UPDATED, row);
}

/** Asks again for the claims a busy plugin could not answer. */
static void ds_ble_scan_retry_claims(ds_ble_scan *s)
{
	for (size_t i = 0; s->n_pending && i < s->table.n; i++) {
		ds_ble_device *row = s->table.rows[i];
		bool busy;

		if (!row->claim_pending)
			continue;
		ds_ble_scan_claim(s, row, &busy);
		if (busy)
			return; /* still busy: the next turn of the loop */
		row->claim_pending = false;
		s->n_pending--;
		ds_ble_scan_post(s, DS_BLE_EV_UPDATED, row);
	}
}

/** InterfacesAdded(o path, a{sa{sv}} interfaces). */
static int ds_ble_scan_on_added(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	ds_ble_scan *s = userdata;
	const char *path;
	ds_ble_device dev;
	bool is_dev, is_adapter;

	(void)ret_error;
	if (sd_bus_message_read(m, "o", &path) < 0 || !ds_ble_scan_ours(s, path))
		return 0;
	if (ds_bluez_read_interfaces(m, path, &dev, &is_dev, NULL, &is_adapter) >= 0 && is_dev)
		ds_ble_scan_update(s, &dev);
	return 0;
}

/** InterfacesRemoved(o path, as interfaces). */
static int ds_ble_scan_on_removed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	ds_ble_scan *s = userdata;
	const char *path, *iface;
	bool device = false, adapter = false;

	(void)ret_error;
	if (sd_bus_message_read(m, "o", &path) < 0 || sd_bus_message_enter_container(m, 'a', "s") < 0)
		return 0;
	while (sd_bus_message_read(m, "s", &iface) > 0) {
		device |= strcmp(iface, DS_BLUEZ_DEVICE) == 0;
		adapter |= strcmp(iface, DS_BLUEZ_ADAPTER) == 0;
	}
	if (adapter && strcmp(path, s->opts->adapter.path) == 0)
		s->adapter_gone = true;
	if (device && ds_ble_scan_ours(s, path)) {
		long i = ds_ble_table_find(&s->table, path);

		if (i >= 0) {
			if (s->table.rows[i]->claim_pending)
				s->n_pending--;
			ds_ble_scan_post(s, DS_BLE_EV_GONE, s->table.rows[i]);
			ds_ble_table_remove(&s->table, path);
		}
	}
	return 0;
}

/** PropertiesChanged(s iface, a{sv} changed, as invalidated) of a device. */
static int ds_ble_scan_on_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	ds_ble_scan *s = userdata;
	const char *path = sd_bus_message_get_path(m), *iface;
	ds_ble_device dev;

	(void)ret_error;
	if (!path || !ds_ble_scan_ours(s, path) || sd_bus_message_read(m, "s", &iface) < 0 ||
	    strcmp(iface, DS_BLUEZ_DEVICE) != 0)
		return 0;
	ds_ble_device_init(&dev);
	snprintf(dev.path, sizeof dev.path, "%s", path);
	if (ds_bluez_read_device_props(m, &dev) >= 0 && (dev.fields || ds_ble_table_find(&s->table, path) < 0))
		ds_ble_scan_update(s, &dev);
	return 0;
}

/** Reads the devices BlueZ already knows (GetManagedObjects). */
static ds_status ds_ble_scan_known(ds_ble_scan *s)
{
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st = ds_bluez_managed_objects(s->bus, s->job, 5000, NULL, &reply, &err);
	int r;

	sd_bus_error_free(&err);
	if (st != DS_OK)
		return st == DS_ERR_CANCELLED ? st : DS_OK; /* signals still bring devices in */
	r = sd_bus_message_enter_container(reply, 'a', "{oa{sa{sv}}}");
	while (r >= 0 && (r = sd_bus_message_enter_container(reply, 'e', "oa{sa{sv}}")) > 0) {
		const char *path;
		ds_ble_device dev;
		bool is_dev = false, is_adapter;

		r = sd_bus_message_read(reply, "o", &path);
		if (r >= 0 && ds_ble_scan_ours(s, path))
			r = ds_bluez_read_interfaces(reply, path, &dev, &is_dev, NULL, &is_adapter);
		else if (r >= 0)
			r = sd_bus_message_skip(reply, "a{sa{sv}}");
		if (r >= 0 && is_dev)
			ds_ble_scan_update(s, &dev);
		if (r >= 0)
			r = sd_bus_message_exit_container(reply);
	}
	sd_bus_message_unref(reply);
	return DS_OK;
}

/** Processes signals until the time is up, the job is cancelled or the adapter goes. */
static ds_status ds_ble_scan_loop(ds_ble_scan *s)
{
	uint64_t start = ds_bluez_now_ms(), total = (uint64_t)s->opts->seconds * 1000u;
	unsigned last_left = ~0u;

	for (;;) {
		uint64_t now = ds_bluez_now_ms(), elapsed = now - start;
		int r;

		if (ds_job_cancelled(s->job))
			return DS_ERR_CANCELLED;
		if (s->adapter_gone)
			return ds_job_fail(s->job, DS_ERR_NOT_FOUND,
					   _("The Bluetooth adapter %s went away during the scan. Plug it in "
					     "again, then scan again."), s->opts->adapter.name);
		if ((total && elapsed >= total) || (s->opts->was_seen && s->opts->seen.claimed_by[0]))
			return DS_OK;
		if (total && (unsigned)((total - elapsed + 999) / 1000) != last_left) {
			last_left = (unsigned)((total - elapsed + 999) / 1000);
			ds_job_progress(s->job, (unsigned)(elapsed * 1000 / total),
					P_("Scanning for Bluetooth devices: %u second left, %zu found",
					   "Scanning for Bluetooth devices: %u seconds left, %zu found", last_left),
					last_left, s->table.n);
		}
		if (s->opts->agent)
			ds_ble_agent_poll(s->opts->agent);
		if (s->n_pending)
			ds_ble_scan_retry_claims(s);
		r = sd_bus_process(s->bus, NULL);
		if (r < 0)
			return ds_job_fail(s->job, DS_ERR_IO, _("The connection to the Bluetooth service was lost (%s). "
								"Check that BlueZ is running, then scan again."),
					   strerror(-r));
		if (r > 0)
			continue;
		r = sd_bus_wait(s->bus, 100 * 1000);
		if (r < 0 && r != -EINTR)
			return ds_job_fail(s->job, DS_ERR_IO, _("The connection to the Bluetooth service was lost (%s). "
								"Check that BlueZ is running, then scan again."),
					   strerror(-r));
	}
}

/** Subscribes to the three signals the scan follows. */
static int ds_ble_scan_subscribe(ds_ble_scan *s)
{
	int r = sd_bus_match_signal(s->bus, NULL, NULL, NULL, "org.freedesktop.DBus.ObjectManager",
				    "InterfacesAdded", ds_ble_scan_on_added, s);

	if (r >= 0)
		r = sd_bus_match_signal(s->bus, NULL, NULL, NULL, "org.freedesktop.DBus.ObjectManager",
					"InterfacesRemoved", ds_ble_scan_on_removed, s);
	if (r >= 0)
		r = sd_bus_match_signal(s->bus, NULL, NULL, NULL, "org.freedesktop.DBus.Properties",
					"PropertiesChanged", ds_ble_scan_on_changed, s);
	return r;
}

ds_status ds_ble_scan_job(ds_job *job, void *arg)
{
	ds_ble_scan s = { .job = job, .opts = arg };
	ds_status st;

	s.opts->adapter_off = false;
	s.opts->was_seen = false;
	ds_ble_table_init(&s.table);
	ds_job_progress(job, 0, "%s", _("Looking for a Bluetooth adapter..."));
	st = ds_bluez_open(job, &s.bus);
	if (st == DS_OK)
		st = ds_bluez_adapter(s.bus, job, &s.opts->adapter);
	if (st == DS_OK && !s.opts->adapter.powered && s.opts->power_on) {
		st = ds_bluez_power_on(s.bus, job, &s.opts->adapter);
		s.opts->adapter.powered = st == DS_OK;
	}
	if (st == DS_OK && !s.opts->adapter.powered) {
		s.opts->adapter_off = true;
		st = ds_job_fail(job, DS_ERR_DEVICE,
				 _("The Bluetooth adapter %s is switched off. Switch it on (the wizard offers to, "
				   "or run \"bluetoothctl power on\"), then scan again."),
				 s.opts->adapter.name);
	}
	if (st == DS_OK) {
		snprintf(s.prefix, sizeof s.prefix, "%s/", s.opts->adapter.path);
		if (ds_ble_scan_subscribe(&s) < 0)
			st = ds_job_fail(job, DS_ERR_IO, "%s", _("Cannot follow the Bluetooth service's signals."));
	}
	if (st == DS_OK && s.opts->agent) {
		ds_status agent = ds_ble_agent_register(s.opts->agent, s.bus, job);

		/* The scan goes on: pairing prompts then go to the system's agent. */
		if (agent != DS_OK)
			ds_log(DS_LOG_WARN, "ble", "no pairing agent (%s): prompts go to the system's",
			       ds_status_str(agent));
	}
	if (st == DS_OK) {
		ds_ble_discovery_filter filter = { .uuids = s.opts->uuids,
						   .use_rssi = s.opts->use_rssi,
						   .rssi_min = s.opts->rssi_min };

		st = ds_ble_discovery_start(s.bus, job, &s.opts->adapter, &filter);
	}
	if (st == DS_OK) {
		st = ds_ble_scan_known(&s);
		if (st == DS_OK)
			st = ds_ble_scan_loop(&s);
		ds_ble_discovery_stop(s.bus, &s.opts->adapter);
	}
	if (s.opts->agent)
		ds_ble_agent_unregister(s.opts->agent);
	ds_ble_table_clear(&s.table);
	sd_bus_flush_close_unref(s.bus);
	return st;
}

void ds_ble_scan_apply(ds_ble_table *t, const ds_ble_event *ev)
{
	if (ev->kind == DS_BLE_EV_AGENT)
		return;
	if (ev->kind == DS_BLE_EV_GONE)
		ds_ble_table_remove(t, ev->dev.path);
	else
		ds_ble_table_put(t, &ev->dev);
}
