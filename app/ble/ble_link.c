/* Plugins' BLE connections over BlueZ: Device1.Connect, the GATT objects
 * below the device (GattService1, GattCharacteristic1, GattDescriptor1),
 * ReadValue, WriteValue, StartNotify and the Value changes it brings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/ble/ble_device.h"
#include "app/ble/ble_gatt.h"
#include "app/ble/ble_link.h"
#include "app/ble/ble_locate.h"
#include "app/ble/bluez.h"
#include "app/base/i18n.h"
#include "app/base/log.h"

#define DS_GATT_CHAR "org.bluez.GattCharacteristic1"
/** Notifications kept until a plugin waits for them. */
#define DS_GATT_QUEUE 16

/** A notified value waiting to be taken. */
typedef struct ds_gatt_note {
	char path[160];
	uint8_t data[DS_GATT_VALUE_MAX];
	size_t len;
} ds_gatt_note;

struct ds_ble_link {
	sd_bus *bus;
	char address[18];
	char name[DS_NAME_MAX]; /**< the advertised name asked for instead of an address, or "" */
	char dev_path[128];
	bool gone;     /**< removed, or the connection dropped */
	bool resolved; /**< BlueZ says the device's services are resolved (ServicesResolved) */
	ds_gatt_table gatt;
	ds_gatt_note queue[DS_GATT_QUEUE];
	size_t q_first, q_n;
};

/** Fails job for a call that did not succeed; what names the action for the person. */
static ds_status ds_ble_link_fail(ds_job *job, ds_ble_link *link, ds_status st, const char *what,
				  unsigned timeout_ms, const sd_bus_error *err)
{
	switch (st) {
	case DS_ERR_CANCELLED:
		return ds_job_fail(job, st, "%s", _("Cancelled."));
	case DS_ERR_NOT_FOUND:
		return ds_job_fail(job, st, _("The device %s went away while %s (out of range, or switched off). "
					      "Bring it closer, wake it up, and scan again."),
				   link->address, what);
	case DS_ERR_TIMEOUT:
		return ds_job_fail(job, st, _("The device %s did not answer while %s (waited %.1f seconds). Move "
					      "closer, check that it is powered and ready to pair, then try again."),
				   link->address, what, timeout_ms / 1000.0);
	default:
		return ds_job_fail(job, DS_ERR_DEVICE, _("The device %s refused while %s: %s. Reset it to pairing "
							 "mode and try again."),
				   link->address, what, err && err->message ? err->message : err && err->name ? err->name : "?");
	}
}

/** Queues a notified value. */
static void ds_ble_link_enqueue(ds_ble_link *link, const char *path, const void *data, size_t len)
{
	ds_gatt_note *n;

	if (link->q_n == DS_GATT_QUEUE) { /* the oldest gives way */
		link->q_first = (link->q_first + 1) % DS_GATT_QUEUE;
		link->q_n--;
	}
	n = &link->queue[(link->q_first + link->q_n) % DS_GATT_QUEUE];
	snprintf(n->path, sizeof n->path, "%s", path);
	n->len = len < sizeof n->data ? len : sizeof n->data;
	memcpy(n->data, data, n->len);
	link->q_n++;
}

/** Context of one PropertiesChanged entry. */
typedef struct ds_link_change {
	ds_ble_link *link;
	const char *path;
	bool is_char;
} ds_link_change;

/** One changed property: a characteristic's Value, or the device's Connected. */
static int ds_ble_link_change_entry(sd_bus_message *m, void *ctx)
{
	ds_link_change *c = ctx;
	const char *key, *contents = NULL;
	const void *data;
	size_t len;
	int b, r = sd_bus_message_read(m, "s", &key);

	if (r < 0)
		return r;
	r = sd_bus_message_peek_type(m, NULL, &contents);
	if (r < 0)
		return r;
	if (c->is_char && strcmp(key, "Value") == 0 && contents && strcmp(contents, "ay") == 0) {
		r = sd_bus_message_enter_container(m, 'v', "ay");
		if (r >= 0)
			r = sd_bus_message_read_array(m, 'y', &data, &len);
		if (r >= 0)
			ds_ble_link_enqueue(c->link, c->path, data, len);
		return r < 0 ? r : sd_bus_message_exit_container(m);
	}
	if (!c->is_char && strcmp(key, "Connected") == 0 && contents && strcmp(contents, "b") == 0) {
		r = sd_bus_message_read(m, "v", "b", &b);
		if (r >= 0 && !b)
			c->link->gone = true;
		return r;
	}
	if (!c->is_char && strcmp(key, "ServicesResolved") == 0 && contents && strcmp(contents, "b") == 0) {
		r = sd_bus_message_read(m, "v", "b", &b);
		if (r >= 0)
			c->link->resolved = b;
		return r;
	}
	return sd_bus_message_skip(m, "v");
}

/** PropertiesChanged below the device. */
static int ds_ble_link_on_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	ds_link_change c = { .link = userdata, .path = sd_bus_message_get_path(m) };
	const char *iface;

	(void)ret_error;
	if (!c.path || sd_bus_message_read(m, "s", &iface) < 0)
		return 0;
	c.is_char = strcmp(iface, DS_GATT_CHAR) == 0;
	if (c.is_char || (strcmp(iface, DS_BLUEZ_DEVICE) == 0 && strcmp(c.path, c.link->dev_path) == 0))
		if (ds_bluez_each_entry(m, "sv", ds_ble_link_change_entry, &c) < 0)
			ds_log(DS_LOG_DEBUG, "ble", "unreadable PropertiesChanged of %s, skipped", c.path);
	return 0;
}

/** InterfacesRemoved: the device (or its adapter) went away. */
static int ds_ble_link_on_removed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	ds_ble_link *link = userdata;
	const char *path;
	size_t len;

	(void)ret_error;
	if (sd_bus_message_read(m, "o", &path) < 0)
		return 0;
	len = strlen(path);
	if (strncmp(link->dev_path, path, len) == 0 && (link->dev_path[len] == '\0' || link->dev_path[len] == '/'))
		link->gone = true;
	return 0;
}

/** Lists the GATT objects below the device (one GetManagedObjects). */
static ds_status ds_ble_link_discover_once(ds_job *job, ds_ble_link *link, unsigned timeout_ms)
{
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st = ds_bluez_managed_objects(link->bus, job, timeout_ms, &link->gone, &reply, &err);
	int r;

	if (st == DS_OK) {
		r = ds_gatt_table_parse(&link->gatt, reply, link->dev_path);
		if (r < 0)
			st = ds_job_fail(job, DS_ERR_IO,
					 _("The Bluetooth service sent a GATT table doorstep cannot read (%s)."),
					 strerror(-r));
	} else {
		st = ds_ble_link_fail(job, link, st, _("listing its services"), timeout_ms, &err);
	}
	sd_bus_message_unref(reply);
	sd_bus_error_free(&err);
	return st;
}

/** A method call on path with no arguments yet; NULL when out of memory. */
static sd_bus_message *ds_ble_link_new_call(ds_ble_link *link, const char *path, const char *iface,
					    const char *method)
{
	sd_bus_message *call = NULL;

	if (sd_bus_message_new_method_call(link->bus, &call, DS_BLUEZ_SERVICE, path, iface, method) < 0)
		return NULL;
	return call;
}

/** Sends call (consumed), waits; on failure fails job naming what. */
static ds_status ds_ble_link_run(ds_job *job, ds_ble_link *link, sd_bus_message *call, const char *what,
				 unsigned timeout_ms, sd_bus_message **reply)
{
	sd_bus_message *ignored = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st;

	if (!call)
		return ds_job_fail(job, DS_ERR_NO_MEMORY, "%s", _("Out of memory."));
	if (link->gone)
		st = DS_ERR_NOT_FOUND;
	else
		st = ds_bluez_call_watch(link->bus, job, call, timeout_ms, &link->gone, reply ? reply : &ignored, &err);
	sd_bus_message_unref(call);
	sd_bus_message_unref(ignored);
	if (st != DS_OK && sd_bus_error_has_name(&err, "org.bluez.Error.AlreadyConnected"))
		st = DS_OK;
	else if (st != DS_OK && sd_bus_error_has_name(&err, SD_BUS_ERROR_UNKNOWN_OBJECT))
		st = DS_ERR_NOT_FOUND; /* BlueZ dropped the device (or its GATT object) */
	if (st != DS_OK)
		st = ds_ble_link_fail(job, link, st, what, timeout_ms, &err);
	sd_bus_error_free(&err);
	return st;
}

/** True when s looks like "AA:BB:CC:DD:EE:FF". */
static bool ds_ble_link_valid_address(const char *s)
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/** True when s can be a device's advertised name: 1 to DS_NAME_MAX - 1
 *  printable ASCII characters (what ESP provisioning labels carry). */
static bool ds_ble_link_valid_name(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= DS_NAME_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

/** Allocates a link to an address, or to the device advertising this name
 *  (its address is filled in once found); NULL when out of memory. */
static ds_ble_link *ds_ble_link_new(const char *address)
{
	ds_ble_link *link = calloc(1, sizeof *link);

	if (!link)
		return NULL;
	if (ds_ble_link_valid_address(address)) {
		snprintf(link->address, sizeof link->address, "%s", address);
	} else {
		snprintf(link->name, sizeof link->name, "%s", address);
		snprintf(link->address, sizeof link->address, "%.17s", address); /* for messages until found */
	}
	return link;
}

/** Reads Device1.ServicesResolved once (for a change before we listened). */
static void ds_ble_link_read_resolved(ds_job *job, ds_ble_link *link, unsigned timeout_ms)
{
	sd_bus_message *call = ds_ble_link_new_call(link, link->dev_path, "org.freedesktop.DBus.Properties", "Get");
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	int b;

	if (call && sd_bus_message_append(call, "ss", DS_BLUEZ_DEVICE, "ServicesResolved") >= 0 &&
	    ds_bluez_call_watch(link->bus, job, call, timeout_ms, &link->gone, &reply, &err) == DS_OK &&
	    sd_bus_message_read(reply, "v", "b", &b) >= 0)
		link->resolved = link->resolved || b;
	sd_bus_message_unref(call);
	sd_bus_message_unref(reply);
	sd_bus_error_free(&err);
}

/** One step of a wait for something a signal brings: runs what has arrived
 *  on the bus, or waits for it at most 100 ms (never past deadline). DS_OK
 *  to look again; otherwise why the wait ends, with a message when what
 *  names the action for the person. */
static ds_status ds_ble_link_pump(ds_job *job, ds_ble_link *link, uint64_t deadline, const char *what, unsigned timeout_ms)
{
	uint64_t now = ds_bluez_now_ms();
	ds_status st = DS_OK;
	int r;

	if (ds_job_cancelled(job))
		st = DS_ERR_CANCELLED;
	else if (link->gone)
		st = DS_ERR_NOT_FOUND;
	else if (now >= deadline)
		st = DS_ERR_TIMEOUT;
	if (st != DS_OK)
		return ds_ble_link_fail(job, link, st, what, timeout_ms, NULL);
	r = sd_bus_process(link->bus, NULL);
	if (r == 0)
		r = sd_bus_wait(link->bus, (deadline - now < 100 ? deadline - now : 100) * 1000u);
	if (r < 0 && r != -EINTR)
		return ds_job_fail(job, DS_ERR_IO, _("The connection to the Bluetooth service was lost (%s)."),
				   strerror(-r));
	return DS_OK;
}

/** Waits until BlueZ has resolved the device's services (ServicesResolved),
 *  with a countdown; fails with a message. */
static ds_status ds_ble_link_wait_resolved(ds_job *job, ds_ble_link *link, uint64_t deadline, unsigned timeout_ms)
{
	uint64_t start = ds_bluez_now_ms();
	unsigned shown = 0;
	ds_status st = DS_OK;

	while (st == DS_OK && !link->resolved) {
		uint64_t now = ds_bluez_now_ms();
		unsigned left = now < deadline ? (unsigned)((deadline - now + 999) / 1000) : 0;

		if (left != shown && deadline > start)
			ds_job_progress(job, (unsigned)(200 + (now - start) * 600 / (deadline - start)),
					_("Reading the services of %s (%u s left)..."), link->address, left);
		shown = left;
		st = ds_ble_link_pump(job, link, deadline, _("reading its services"), timeout_ms);
	}
	return st;
}

/** Connects the device, waits until BlueZ has resolved its services, lists
 *  them and reads their user descriptions. */
static ds_status ds_ble_link_open(ds_job *job, ds_ble_link *link, unsigned timeout_ms)
{
	uint64_t deadline = ds_bluez_now_ms() + timeout_ms;
	char rule[512];
	ds_ble_adapter first;
	ds_status st = ds_bluez_open(job, &link->bus);

	if (st == DS_OK) /* says what to do when BlueZ or an adapter is missing */
		st = ds_bluez_adapter(link->bus, job, &first);
	if (st == DS_OK) {
		/* real BlueZ connects only to a device it has seen: a short discovery
		 * first when it has not, within this call's time */
		unsigned discover_ms = timeout_ms / 2 < DS_BLE_LOCATE_DISCOVER_MS ? timeout_ms / 2
										  : DS_BLE_LOCATE_DISCOVER_MS;
		ds_ble_located found;

		st = ds_ble_locate(link->bus, job, &first, link->address, link->name, discover_ms, timeout_ms, &found);
		if (st == DS_OK) {
			snprintf(link->dev_path, sizeof link->dev_path, "%s", found.path);
			snprintf(link->address, sizeof link->address, "%s", found.address);
			link->resolved = found.resolved;
		}
	}
	if (st != DS_OK)
		return st;
	snprintf(rule, sizeof rule, "type='signal',interface='org.freedesktop.DBus.Properties',"
		 "member='PropertiesChanged',path_namespace='%s'", link->dev_path);
	if (sd_bus_add_match(link->bus, NULL, rule, ds_ble_link_on_changed, link) < 0 ||
	    sd_bus_match_signal(link->bus, NULL, NULL, NULL, "org.freedesktop.DBus.ObjectManager",
				"InterfacesRemoved", ds_ble_link_on_removed, link) < 0)
		return ds_job_fail(job, DS_ERR_IO, "%s", _("Cannot follow the Bluetooth service's signals."));
	ds_job_progress(job, 100, _("Connecting to %s..."), link->address);
	st = ds_ble_link_run(job, link, ds_ble_link_new_call(link, link->dev_path, DS_BLUEZ_DEVICE, "Connect"),
			     _("connecting"), timeout_ms, NULL);
	if (st == DS_OK && !link->resolved)
		ds_ble_link_read_resolved(job, link, timeout_ms);
	if (st == DS_OK)
		st = ds_ble_link_wait_resolved(job, link, deadline, timeout_ms);
	if (st == DS_OK) {
		uint64_t now = ds_bluez_now_ms();

		st = ds_ble_link_discover_once(job, link, now < deadline ? (unsigned)(deadline - now) : 1);
	}
	if (st == DS_OK) {
		ds_job_progress(job, 850, _("Reading the names of the services of %s..."), link->address);
		st = ds_gatt_table_describe(&link->gatt, link->bus, job, deadline, &link->gone);
		if (st == DS_ERR_NO_MEMORY)
			st = ds_job_fail(job, st, "%s", _("Out of memory."));
		else if (st != DS_OK)
			st = ds_ble_link_fail(job, link, st, _("reading the names of its services"), timeout_ms, NULL);
	}
	return st;
}

ds_status ds_ble_link_connect(ds_job *job, const char *address, unsigned timeout_ms, ds_ble_link **out)
{
	ds_ble_link *link;
	ds_status st;

	*out = NULL;
	if (!address || (!ds_ble_link_valid_address(address) && !ds_ble_link_valid_name(address)))
		return ds_job_fail(job, DS_ERR_INVALID,
				   _("\"%s\" is neither a Bluetooth address (AA:BB:CC:DD:EE:FF) nor a device name."),
				   address ? address : "");
	link = ds_ble_link_new(address);
	if (!link)
		return ds_job_fail(job, DS_ERR_NO_MEMORY, "%s", _("Out of memory."));
	st = ds_ble_link_open(job, link, timeout_ms);
	if (st != DS_OK) {
		ds_ble_link_disconnect(link);
		return st;
	}
	*out = link;
	return DS_OK;
}

void ds_ble_link_disconnect(ds_ble_link *link)
{
	if (!link)
		return;
	if (link->bus && !link->gone) {
		sd_bus_message *call = ds_ble_link_new_call(link, link->dev_path, DS_BLUEZ_DEVICE, "Disconnect");

		ds_bluez_call_best_effort(link->bus, call, 1000);
		sd_bus_message_unref(call);
	}
	sd_bus_flush_close_unref(link->bus);
	free(link);
}

ds_status ds_ble_link_char(ds_ble_link *link, size_t index, ds_gatt_char *out)
{
	if (index >= link->gatt.n_chars)
		return DS_ERR_NOT_FOUND;
	*out = link->gatt.chars[index];
	return DS_OK;
}

/** The object path of the characteristic with this UUID; fails job when there is none. */
static const char *ds_ble_link_char_path(ds_job *job, ds_ble_link *link, const char *uuid)
{
	const char *path = ds_gatt_table_path(&link->gatt, uuid);

	if (path)
		return path;
	ds_job_fail(job, DS_ERR_UNSUPPORTED, _("The device %s has no characteristic %s: it is not the device "
					       "the plugin expected, or its firmware is too old."),
		    link->address, uuid ? uuid : "");
	return NULL;
}

/** Appends an empty a{sv} of options, or {"type": type}. */
static int ds_ble_link_append_options(sd_bus_message *call, const char *type)
{
	if (!type)
		return sd_bus_message_append(call, "a{sv}", 0);
	return sd_bus_message_append(call, "a{sv}", 1, "type", "s", type);
}

/** Fails job for a value of n bytes where size (at most the ATT maximum) fit. */
static ds_status ds_ble_link_too_long(ds_job *job, const ds_ble_link *link, size_t n, size_t size)
{
	return ds_job_fail(job, DS_ERR_DEVICE,
			   _("The device %s answered with %zu bytes, more than the %zu expected: it is not "
			     "the device the plugin expected, or its firmware is too new. Update the plugin."),
			   link->address, n, size < DS_GATT_VALUE_MAX ? size : (size_t)DS_GATT_VALUE_MAX);
}

/** Copies the reply's "ay" into buf; a value longer than size (or than the
 *  ATT maximum) is refused, never cut. */
static ds_status ds_ble_link_take_bytes(ds_job *job, const ds_ble_link *link, sd_bus_message *reply, uint8_t *buf,
					size_t size, size_t *len)
{
	const void *data;
	size_t n;

	if (sd_bus_message_read_array(reply, 'y', &data, &n) < 0)
		return ds_job_fail(job, DS_ERR_IO, "%s", _("The Bluetooth service sent a value doorstep cannot read."));
	if (n > size || n > DS_GATT_VALUE_MAX)
		return ds_ble_link_too_long(job, link, n, size);
	*len = n;
	if (n)
		memcpy(buf, data, n);
	return DS_OK;
}

ds_status ds_ble_link_read(ds_job *job, ds_ble_link *link, const char *uuid, uint8_t *buf, size_t size,
			   size_t *len, unsigned timeout_ms)
{
	const char *path = ds_ble_link_char_path(job, link, uuid);
	sd_bus_message *call, *reply = NULL;
	ds_status st;

	*len = 0;
	if (!path)
		return DS_ERR_UNSUPPORTED;
	call = ds_ble_link_new_call(link, path, DS_GATT_CHAR, "ReadValue");
	if (call && ds_ble_link_append_options(call, NULL) < 0) {
		sd_bus_message_unref(call);
		call = NULL;
	}
	st = ds_ble_link_run(job, link, call, _("reading a value"), timeout_ms, &reply);
	if (st == DS_OK)
		st = ds_ble_link_take_bytes(job, link, reply, buf, size, len);
	sd_bus_message_unref(reply);
	return st;
}

ds_status ds_ble_link_write(ds_job *job, ds_ble_link *link, const char *uuid, const uint8_t *data, size_t len,
			    bool with_response, unsigned timeout_ms)
{
	const char *path = ds_ble_link_char_path(job, link, uuid);
	sd_bus_message *call;

	if (!path)
		return DS_ERR_UNSUPPORTED;
	if (len > DS_GATT_VALUE_MAX || (!data && len))
		return ds_job_fail(job, DS_ERR_INVALID,
				   _("The plugin tried to write %zu bytes to the device %s; a Bluetooth value holds "
				     "%d at most. This is a fault in the plugin; report it to its vendor."),
				   len, link->address, DS_GATT_VALUE_MAX);
	call = ds_ble_link_new_call(link, path, DS_GATT_CHAR, "WriteValue");
	if (call && (sd_bus_message_append_array(call, 'y', data, len) < 0 ||
		     ds_ble_link_append_options(call, with_response ? "request" : "command") < 0)) {
		sd_bus_message_unref(call);
		call = NULL;
	}
	return ds_ble_link_run(job, link, call, _("writing a value"), timeout_ms, NULL);
}

ds_status ds_ble_link_subscribe(ds_job *job, ds_ble_link *link, const char *uuid, unsigned timeout_ms)
{
	const char *path = ds_ble_link_char_path(job, link, uuid);

	if (!path)
		return DS_ERR_UNSUPPORTED;
	return ds_ble_link_run(job, link, ds_ble_link_new_call(link, path, DS_GATT_CHAR, "StartNotify"),
			       _("subscribing to notifications"), timeout_ms, NULL);
}

/** Takes the oldest queued value of path; true if there was one. *full is
 *  its length, which may exceed size (then buf holds nothing of it). */
static bool ds_ble_link_dequeue(ds_ble_link *link, const char *path, uint8_t *buf, size_t size, size_t *full)
{
	for (size_t k = 0; k < link->q_n; k++) {
		ds_gatt_note *n = &link->queue[(link->q_first + k) % DS_GATT_QUEUE];

		if (strcmp(n->path, path) != 0)
			continue;
		*full = n->len;
		if (n->len <= size)
			memcpy(buf, n->data, n->len);
		/* close the gap: later notes move one place forward */
		for (size_t j = k; j + 1 < link->q_n; j++)
			link->queue[(link->q_first + j) % DS_GATT_QUEUE] =
				link->queue[(link->q_first + j + 1) % DS_GATT_QUEUE];
		link->q_n--;
		return true;
	}
	return false;
}

ds_status ds_ble_link_wait(ds_job *job, ds_ble_link *link, const char *uuid, uint8_t *buf, size_t size,
			   size_t *len, unsigned timeout_ms)
{
	const char *path = ds_ble_link_char_path(job, link, uuid);
	uint64_t deadline = ds_bluez_now_ms() + timeout_ms;
	ds_status st = DS_OK;
	size_t full;

	*len = 0;
	if (!path)
		return DS_ERR_UNSUPPORTED;
	while (st == DS_OK) {
		if (ds_ble_link_dequeue(link, path, buf, size, &full)) {
			if (full > size)
				return ds_ble_link_too_long(job, link, full, size);
			*len = full;
			return DS_OK;
		}
		st = ds_ble_link_pump(job, link, deadline, _("waiting for its answer"), timeout_ms);
	}
	return st;
}
