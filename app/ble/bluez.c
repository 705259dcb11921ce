/* The sd-bus side of the BlueZ client: connection, cancellable calls,
 * adapters, and Device1 properties. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/ble/bluez.h"
#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/dbus/dbus_call.h"

ds_status ds_bluez_open(ds_job *job, sd_bus **out)
{
	int r = sd_bus_open_system(out);

	if (r < 0) {
		*out = NULL;
		return ds_job_fail(job, DS_ERR_IO,
				   _("Cannot reach the system D-Bus (%s), so Bluetooth cannot be used. "
				     "Check that the dbus service is running, then try again."),
				   strerror(-r));
	}
	return DS_OK;
}

uint64_t ds_bluez_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/** The job's cancel, as a wait checks it. */
static bool ds_bluez_job_cancelled(void *job)
{
	return ds_job_cancelled(job);
}

ds_status ds_bluez_call(sd_bus *bus, ds_job *job, sd_bus_message *call, unsigned timeout_ms,
			sd_bus_message **reply, sd_bus_error *err)
{
	return ds_bluez_call_watch(bus, job, call, timeout_ms, NULL, reply, err);
}

void ds_bluez_call_best_effort(sd_bus *bus, sd_bus_message *call, unsigned timeout_ms)
{
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;

	if (call && ds_bluez_call(bus, NULL, call, timeout_ms, &reply, &err) != DS_OK)
		ds_log(DS_LOG_DEBUG, "ble", "%s %s failed, which changes nothing: %s", sd_bus_message_get_member(call),
		       sd_bus_message_get_path(call), err.message ? err.message : "no answer in time");
	sd_bus_message_unref(reply);
	sd_bus_error_free(&err);
}

ds_status ds_bluez_call_watch(sd_bus *bus, ds_job *job, sd_bus_message *call, unsigned timeout_ms,
			      const bool *gone, sd_bus_message **reply, sd_bus_error *err)
{
	ds_wait w = { .cancelled = ds_bluez_job_cancelled, .ctx = job };

	return ds_dbus_call(bus, call, timeout_ms, job ? &w : NULL, gone, reply, err);
}

/** Copies a string property; r < 0 on a type mismatch. */
static int ds_bluez_read_string(sd_bus_message *m, char *dst, size_t size)
{
	const char *s;
	int r = sd_bus_message_read(m, "s", &s);

	if (r >= 0)
		snprintf(dst, size, "%s", s);
	return r;
}

/** Reads the variant's "ay" into buf; r < 0 on error. */
static int ds_bluez_read_bytes(sd_bus_message *m, uint8_t *buf, size_t size, size_t *len)
{
	const void *data;
	size_t n;
	int r = sd_bus_message_enter_container(m, 'v', "ay");

	if (r <= 0)
		return r < 0 ? r : -EINVAL;
	r = sd_bus_message_read_array(m, 'y', &data, &n);
	if (r < 0)
		return r;
	*len = n < size ? n : size;
	if (*len)
		memcpy(buf, data, *len);
	return sd_bus_message_exit_container(m);
}

int ds_bluez_each_entry(sd_bus_message *m, const char *entry, int (*fn)(sd_bus_message *m, void *ctx),
			       void *ctx)
{
	char array_sig[32];
	int r;

	snprintf(array_sig, sizeof array_sig, "{%s}", entry);
	r = sd_bus_message_enter_container(m, 'a', array_sig);
	if (r < 0)
		return r;
	while ((r = sd_bus_message_enter_container(m, 'e', entry)) > 0) {
		r = fn(m, ctx);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		if (r < 0)
			return r;
	}
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

/** One {qv} of ManufacturerData: keeps the first company and its bytes. */
static int ds_bluez_manufacturer_entry(sd_bus_message *m, void *ctx)
{
	ds_ble_device *dev = ctx;
	uint16_t id;
	int r = sd_bus_message_read(m, "q", &id);

	if (r < 0)
		return r;
	if (dev->manufacturer_id != DS_BLE_NO_MANUFACTURER)
		return sd_bus_message_skip(m, "v");
	dev->manufacturer_id = id;
	return ds_bluez_read_bytes(m, dev->manufacturer_data, sizeof dev->manufacturer_data,
				   &dev->manufacturer_data_len);
}

/** Reads a{qv}. */
static int ds_bluez_read_manufacturer(sd_bus_message *m, ds_ble_device *dev)
{
	dev->manufacturer_id = DS_BLE_NO_MANUFACTURER;
	dev->manufacturer_data_len = 0;
	return ds_bluez_each_entry(m, "qv", ds_bluez_manufacturer_entry, dev);
}

/** One {sv} of ServiceData: keeps the Matter entry (0xFFF6) if any, else the first. */
static int ds_bluez_service_data_entry(sd_bus_message *m, void *ctx)
{
	ds_ble_device *dev = ctx;
	char matter[DS_BLE_UUID_LEN];
	const char *uuid;
	int r = sd_bus_message_read(m, "s", &uuid);

	if (r < 0)
		return r;
	ds_ble_uuid16(0xFFF6, matter);
	if (dev->service_data_uuid[0] && strcasecmp(uuid, matter) != 0)
		return sd_bus_message_skip(m, "v");
	snprintf(dev->service_data_uuid, sizeof dev->service_data_uuid, "%s", uuid);
	return ds_bluez_read_bytes(m, dev->service_data, sizeof dev->service_data, &dev->service_data_len);
}

/** Reads a{sv} of service data. */
static int ds_bluez_read_service_data(sd_bus_message *m, ds_ble_device *dev)
{
	dev->service_data_uuid[0] = '\0';
	dev->service_data_len = 0;
	return ds_bluez_each_entry(m, "sv", ds_bluez_service_data_entry, dev);
}

/** Reads "as" into the device's UUID list. */
static int ds_bluez_read_uuids(sd_bus_message *m, ds_ble_device *dev)
{
	const char *s;
	int r = sd_bus_message_enter_container(m, 'a', "s");

	if (r < 0)
		return r;
	dev->n_uuids = 0;
	while ((r = sd_bus_message_read(m, "s", &s)) > 0)
		if (dev->n_uuids < DS_BLE_UUIDS_MAX)
			snprintf(dev->uuids[dev->n_uuids++], DS_BLE_UUID_LEN, "%s", s);
	if (r < 0)
		return r;
	return sd_bus_message_exit_container(m);
}

/** Reads one property value (the variant) named key into dev. */
static int ds_bluez_read_device_value(sd_bus_message *m, const char *key, ds_ble_device *dev)
{
	static const struct {
		const char *key;
		const char *sig;
		uint32_t field;
	} known[] = {
		{ "Address", "s", DS_BLE_F_ADDRESS },     { "Name", "s", DS_BLE_F_NAME },
		{ "Alias", "s", DS_BLE_F_NAME },          { "RSSI", "n", DS_BLE_F_RSSI },
		{ "ManufacturerData", "a{qv}", DS_BLE_F_MANUFACTURER },
		{ "ServiceData", "a{sv}", DS_BLE_F_SERVICE_DATA },
		{ "UUIDs", "as", DS_BLE_F_UUIDS },        { "Connected", "b", DS_BLE_F_CONNECTED },
		{ "Paired", "b", DS_BLE_F_PAIRED },       { "ServicesResolved", "b", DS_BLE_F_RESOLVED },
	};
	const char *contents = NULL;
	int b, r;

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcmp(key, known[i].key) != 0)
			continue;
		r = sd_bus_message_peek_type(m, NULL, &contents);
		if (r < 0)
			return r;
		/* A value of another type (as some mocks send) is skipped, not fatal. */
		if (!contents || strcmp(contents, known[i].sig) != 0)
			break;
		/* The Alias is only a fallback for a device that has no Name. */
		if (strcmp(key, "Alias") == 0 && (dev->fields & DS_BLE_F_NAME))
			break;
		r = sd_bus_message_enter_container(m, 'v', known[i].sig);
		if (r < 0)
			return r;
		switch (known[i].field) {
		case DS_BLE_F_ADDRESS:
			r = ds_bluez_read_string(m, dev->address, sizeof dev->address);
			break;
		case DS_BLE_F_NAME:
			r = ds_bluez_read_string(m, dev->name, sizeof dev->name);
			break;
		case DS_BLE_F_RSSI:
			r = sd_bus_message_read(m, "n", &dev->rssi);
			break;
		case DS_BLE_F_MANUFACTURER:
			r = ds_bluez_read_manufacturer(m, dev);
			break;
		case DS_BLE_F_SERVICE_DATA:
			r = ds_bluez_read_service_data(m, dev);
			break;
		case DS_BLE_F_UUIDS:
			r = ds_bluez_read_uuids(m, dev);
			break;
		default:
			r = sd_bus_message_read(m, "b", &b);
			if (known[i].field == DS_BLE_F_CONNECTED)
				dev->connected = b;
			else if (known[i].field == DS_BLE_F_PAIRED)
				dev->paired = b;
			else
				dev->services_resolved = b;
			break;
		}
		if (r < 0)
			return r;
		dev->fields |= known[i].field;
		return sd_bus_message_exit_container(m);
	}
	return sd_bus_message_skip(m, "v");
}

/** One {sv} of Device1 properties. */
static int ds_bluez_device_entry(sd_bus_message *m, void *ctx)
{
	const char *key;
	int r = sd_bus_message_read(m, "s", &key);

	return r < 0 ? r : ds_bluez_read_device_value(m, key, ctx);
}

int ds_bluez_read_device_props(sd_bus_message *m, ds_ble_device *dev)
{
	return ds_bluez_each_entry(m, "sv", ds_bluez_device_entry, dev);
}

/** One {sv} of Adapter1 properties (Address, Powered). */
static int ds_bluez_adapter_entry(sd_bus_message *m, void *ctx)
{
	ds_ble_adapter *a = ctx;
	const char *key, *s;
	int b, r = sd_bus_message_read(m, "s", &key);

	if (r < 0)
		return r;
	if (strcmp(key, "Powered") == 0) {
		r = sd_bus_message_read(m, "v", "b", &b);
		a->powered = b;
	} else if (strcmp(key, "Address") == 0) {
		r = sd_bus_message_read(m, "v", "s", &s);
		if (r >= 0)
			snprintf(a->address, sizeof a->address, "%s", s);
	} else {
		r = sd_bus_message_skip(m, "v");
	}
	return r;
}

/** What one object's interfaces turned out to be. */
typedef struct ds_bluez_object {
	const char *path;
	ds_ble_device *dev;
	bool *is_device;
	ds_ble_adapter *adapter;
	bool *is_adapter;
} ds_bluez_object;

/** One {sa{sv}}: an interface and its properties. */
static int ds_bluez_interface_entry(sd_bus_message *m, void *ctx)
{
	ds_bluez_object *o = ctx;
	const char *iface, *slash;
	int r = sd_bus_message_read(m, "s", &iface);

	if (r < 0)
		return r;
	if (strcmp(iface, DS_BLUEZ_DEVICE) == 0) {
		ds_ble_device_init(o->dev);
		snprintf(o->dev->path, sizeof o->dev->path, "%s", o->path);
		*o->is_device = true;
		return ds_bluez_each_entry(m, "sv", ds_bluez_device_entry, o->dev);
	}
	if (strcmp(iface, DS_BLUEZ_ADAPTER) == 0 && o->adapter) {
		memset(o->adapter, 0, sizeof *o->adapter);
		snprintf(o->adapter->path, sizeof o->adapter->path, "%s", o->path);
		slash = strrchr(o->path, '/');
		snprintf(o->adapter->name, sizeof o->adapter->name, "%s", slash ? slash + 1 : o->path);
		*o->is_adapter = true;
		return ds_bluez_each_entry(m, "sv", ds_bluez_adapter_entry, o->adapter);
	}
	return sd_bus_message_skip(m, "a{sv}");
}

int ds_bluez_read_interfaces(sd_bus_message *m, const char *path, ds_ble_device *dev, bool *is_device,
			     ds_ble_adapter *adapter, bool *is_adapter)
{
	ds_bluez_object o = { path, dev, is_device, adapter, is_adapter };

	*is_device = false;
	*is_adapter = false;
	return ds_bluez_each_entry(m, "sa{sv}", ds_bluez_interface_entry, &o);
}

ds_status ds_bluez_managed_objects(sd_bus *bus, ds_job *job, unsigned timeout_ms, const bool *gone,
				   sd_bus_message **reply, sd_bus_error *err)
{
	sd_bus_message *call = NULL;
	ds_status st;

	*reply = NULL;
	if (sd_bus_message_new_method_call(bus, &call, DS_BLUEZ_SERVICE, "/", "org.freedesktop.DBus.ObjectManager",
					   "GetManagedObjects") < 0) {
		sd_bus_error_set_errno(err, -ENOMEM);
		return DS_ERR_NO_MEMORY;
	}
	st = ds_bluez_call_watch(bus, job, call, timeout_ms, gone, reply, err);
	sd_bus_message_unref(call);
	return st;
}

/** Fails the job for an error reply from BlueZ's object manager. */
static ds_status ds_bluez_fail_unreachable(ds_job *job, ds_status st, const sd_bus_error *err)
{
	if (st == DS_ERR_TIMEOUT)
		return ds_job_fail(job, st, _("The Bluetooth service (BlueZ) did not answer within 5 seconds. "
					      "Restart it (\"systemctl restart bluetooth\") and try again."));
	if (st == DS_ERR_CANCELLED)
		return ds_job_fail(job, st, _("Cancelled."));
	if (sd_bus_error_has_name(err, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	    sd_bus_error_has_name(err, SD_BUS_ERROR_NAME_HAS_NO_OWNER))
		return ds_job_fail(job, DS_ERR_UNSUPPORTED,
				   _("The Bluetooth service (BlueZ) is not running. Start it with "
				     "\"systemctl start bluetooth\" and try again."));
	return ds_job_fail(job, DS_ERR_IO, _("The Bluetooth service (BlueZ) answered with an error: %s. "
					     "Restart it (\"systemctl restart bluetooth\") and try again."),
			   err->message ? err->message : err->name ? err->name : "?");
}

ds_status ds_bluez_adapter(sd_bus *bus, ds_job *job, ds_ble_adapter *out)
{
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	bool found = false;
	ds_status st;
	int r;

	memset(out, 0, sizeof *out);
	st = ds_bluez_managed_objects(bus, job, 5000, NULL, &reply, &err);
	if (st != DS_OK) {
		st = ds_bluez_fail_unreachable(job, st, &err);
		sd_bus_error_free(&err);
		return st;
	}
	r = sd_bus_message_enter_container(reply, 'a', "{oa{sa{sv}}}");
	while (r >= 0 && !found && (r = sd_bus_message_enter_container(reply, 'e', "oa{sa{sv}}")) > 0) {
		const char *path;
		ds_ble_device dev;
		bool is_dev, is_adapter;

		r = sd_bus_message_read(reply, "o", &path);
		if (r >= 0)
			r = ds_bluez_read_interfaces(reply, path, &dev, &is_dev, out, &is_adapter);
		if (r >= 0)
			r = sd_bus_message_exit_container(reply);
		found = r >= 0 && is_adapter;
	}
	sd_bus_message_unref(reply);
	if (r < 0)
		return ds_job_fail(job, DS_ERR_IO, _("The Bluetooth service (BlueZ) sent a reply doorstep cannot read (%s)."),
				   strerror(-r));
	if (!found)
		return ds_job_fail(job, DS_ERR_NOT_FOUND,
				   _("No Bluetooth adapter found. Plug in a Bluetooth adapter, or switch "
				     "Bluetooth on in the laptop's settings (and check \"rfkill list\"), then try again."));
	return DS_OK;
}

ds_status ds_bluez_power_on(sd_bus *bus, ds_job *job, const ds_ble_adapter *adapter)
{
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st;
	int r;

	r = sd_bus_message_new_method_call(bus, &call, DS_BLUEZ_SERVICE, adapter->path,
					   "org.freedesktop.DBus.Properties", "Set");
	if (r >= 0)
		r = sd_bus_message_append(call, "ssv", DS_BLUEZ_ADAPTER, "Powered", "b", 1);
	if (r < 0) {
		sd_bus_message_unref(call);
		return ds_job_fail(job, DS_ERR_NO_MEMORY, _("Out of memory."));
	}
	st = ds_bluez_call(bus, job, call, 5000, &reply, &err);
	sd_bus_message_unref(call);
	sd_bus_message_unref(reply);
	if (st == DS_OK)
		return DS_OK;
	if (st == DS_ERR_IO)
		st = ds_job_fail(job, DS_ERR_DEVICE,
				 _("The Bluetooth adapter %s could not be switched on: %s. Check \"rfkill list\" "
				   "for a radio switch, then try again."),
				 adapter->name, err.message ? err.message : err.name ? err.name : "?");
	else
		st = ds_bluez_fail_unreachable(job, st, &err);
	sd_bus_error_free(&err);
	return st;
}
