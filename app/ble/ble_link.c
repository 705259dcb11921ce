/* Plugins' BLE connections over BlueZ: Device1.Connect, the GATT objects
 * below the device (GattService1, GattCharacteristic1, GattDescriptor1),
 * ReadValue, WriteValue, StartNotify and the Value changes it brings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/ble/ble_device.h"
#include "app/ble/ble_link.h"
#include "app/ble/bluez.h"
#include "app/base/i18n.h"
#include "app/base/log.h"

#define DS_GATT_SERVICE "org.bluez.GattService1"
#define DS_GATT_CHAR "org.bluez.GattCharacteristic1"
#define DS_GATT_DESC "org.bluez.GattDescriptor1"
/** Longest attribute value kept (the ATT maximum). */
#define DS_GATT_VALUE_MAX 512
/** Notifications kept until a plugin waits for them. */
#define DS_GATT_QUEUE 16
/** GATT objects kept per device. */
#define DS_GATT_OBJECTS_MAX 64

/** One GATT object below the device, as GetManagedObjects lists it. */
typedef struct ds_gatt_object {
	char path[160];
	char iface;                        /**< 's'ervice, 'c'haracteristic, 'd'escriptor */
	char uuid[DS_BLE_UUID_LEN];
	char parent[160];                  /**< Service of a characteristic, Characteristic of a descriptor */
	uint32_t flags;                    /**< characteristics: enum ds_gatt_flag */
	uint8_t value[DS_NAME_MAX];        /**< descriptors: the cached Value */
	size_t value_len;
} ds_gatt_object;

/** A notified value waiting to be taken. */
typedef struct ds_gatt_note {
	char path[160];
	uint8_t data[DS_GATT_VALUE_MAX];
	size_t len;
} ds_gatt_note;

struct ds_ble_link {
	sd_bus *bus;
	char address[18];
	char dev_path[128];
	bool gone;                         /**< removed, or the connection dropped */
	ds_gatt_object *objects;
	size_t n_objects;
	ds_gatt_char *chars;               /**< resolved characteristics */
	const char **char_paths;           /**< their object paths (into objects) */
	size_t n_chars;
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

/** Reads one {sv} of a GATT object's properties. */
static int ds_ble_link_gatt_prop(sd_bus_message *m, void *ctx)
{
	ds_gatt_object *o = ctx;
	const char *key, *s;
	const void *data;
	size_t len;
	int r = sd_bus_message_read(m, "s", &key);

	if (r < 0)
		return r;
	if (strcmp(key, "UUID") == 0) {
		r = sd_bus_message_read(m, "v", "s", &s);
		if (r >= 0)
			snprintf(o->uuid, sizeof o->uuid, "%s", s);
	} else if (strcmp(key, "Service") == 0 || strcmp(key, "Characteristic") == 0) {
		r = sd_bus_message_read(m, "v", "o", &s);
		if (r >= 0)
			snprintf(o->parent, sizeof o->parent, "%s", s);
	} else if (strcmp(key, "Flags") == 0) {
		static const struct {
			const char *name;
			uint32_t flag;
		} names[] = { { "read", DS_GATT_READ }, { "write", DS_GATT_WRITE },
			      { "write-without-response", DS_GATT_WRITE_NO_RESPONSE }, { "notify", DS_GATT_NOTIFY },
			      { "indicate", DS_GATT_INDICATE } };

		r = sd_bus_message_enter_container(m, 'v', "as");
		if (r >= 0)
			r = sd_bus_message_enter_container(m, 'a', "s");
		while (r >= 0 && (r = sd_bus_message_read(m, "s", &s)) > 0)
			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				if (strcmp(s, names[i].name) == 0)
					o->flags |= names[i].flag;
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	} else if (strcmp(key, "Value") == 0 && o->iface == 'd') {
		r = sd_bus_message_enter_container(m, 'v', "ay");
		if (r >= 0)
			r = sd_bus_message_read_array(m, 'y', &data, &len);
		if (r >= 0) {
			o->value_len = len < sizeof o->value - 1 ? len : sizeof o->value - 1;
			memcpy(o->value, data, o->value_len);
			r = sd_bus_message_exit_container(m);
		}
	} else {
		r = sd_bus_message_skip(m, "v");
	}
	return r;
}

/** One {sa{sv}} of a GATT object: which interface, and its properties. */
static int ds_ble_link_gatt_iface(sd_bus_message *m, void *ctx)
{
	ds_gatt_object *o = ctx;
	const char *iface;
	int r = sd_bus_message_read(m, "s", &iface);

	if (r < 0)
		return r;
	if (strcmp(iface, DS_GATT_SERVICE) == 0)
		o->iface = 's';
	else if (strcmp(iface, DS_GATT_CHAR) == 0)
		o->iface = 'c';
	else if (strcmp(iface, DS_GATT_DESC) == 0)
		o->iface = 'd';
	else
		return sd_bus_message_skip(m, "a{sv}");
	return ds_bluez_each_entry(m, "sv", ds_ble_link_gatt_prop, o);
}

/** One {oa{sa{sv}}} of GetManagedObjects: keeps GATT objects below the device. */
static int ds_ble_link_gatt_object(sd_bus_message *m, void *ctx)
{
	ds_ble_link *link = ctx;
	size_t dlen = strlen(link->dev_path);
	ds_gatt_object o = { 0 };
	const char *path;
	int r = sd_bus_message_read(m, "o", &path);

	if (r < 0)
		return r;
	if (strncmp(path, link->dev_path, dlen) != 0 || path[dlen] != '/' || link->n_objects == DS_GATT_OBJECTS_MAX)
		return sd_bus_message_skip(m, "a{sa{sv}}");
	snprintf(o.path, sizeof o.path, "%s", path);
	r = ds_bluez_each_entry(m, "sa{sv}", ds_ble_link_gatt_iface, &o);
	if (r >= 0 && o.iface)
		link->objects[link->n_objects++] = o;
	return r;
}

/** The object with this path, or NULL. */
static const ds_gatt_object *ds_ble_link_object(const ds_ble_link *link, const char *path)
{
	for (size_t i = 0; i < link->n_objects; i++)
		if (strcmp(link->objects[i].path, path) == 0)
			return &link->objects[i];
	return NULL;
}

/** Builds the characteristic list from the objects. */
static int ds_ble_link_resolve(ds_ble_link *link)
{
	link->n_chars = 0;
	for (size_t i = 0; i < link->n_objects; i++) {
		const ds_gatt_object *o = &link->objects[i], *svc;
		ds_gatt_char *c;

		if (o->iface != 'c')
			continue;
		c = &link->chars[link->n_chars];
		memset(c, 0, sizeof *c);
		snprintf(c->uuid, sizeof c->uuid, "%s", o->uuid);
		c->flags = o->flags;
		svc = ds_ble_link_object(link, o->parent);
		if (svc)
			snprintf(c->service_uuid, sizeof c->service_uuid, "%s", svc->uuid);
		link->char_paths[link->n_chars++] = o->path;
	}
	for (size_t i = 0; i < link->n_objects; i++) {
		const ds_gatt_object *d = &link->objects[i];

		if (d->iface != 'd' || strcasecmp(d->uuid, "00002901-0000-1000-8000-00805f9b34fb") != 0)
			continue;
		for (size_t k = 0; k < link->n_chars; k++)
			if (strcmp(link->char_paths[k], d->parent) == 0)
				snprintf(link->chars[k].description, sizeof link->chars[k].description, "%.*s",
					 (int)d->value_len, (const char *)d->value);
	}
	return (int)link->n_chars;
}

/** Lists the GATT objects below the device (one GetManagedObjects). */
static ds_status ds_ble_link_discover_once(ds_job *job, ds_ble_link *link, unsigned timeout_ms)
{
	sd_bus_message *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	ds_status st = ds_bluez_managed_objects(link->bus, job, timeout_ms, &link->gone, &reply, &err);
	int r;

	if (st == DS_OK) {
		link->n_objects = 0;
		r = ds_bluez_each_entry(reply, "oa{sa{sv}}", ds_ble_link_gatt_object, link);
		if (r < 0)
			st = ds_job_fail(job, DS_ERR_IO, _("The Bluetooth service sent a GATT table doorstep cannot read (%s)."),
					 strerror(-r));
		else
			ds_ble_link_resolve(link);
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

/** Allocates a link and its tables; NULL when out of memory. */
static ds_ble_link *ds_ble_link_new(const char *address)
{
	ds_ble_link *link = calloc(1, sizeof *link);

	if (!link)
		return NULL;
	link->objects = calloc(DS_GATT_OBJECTS_MAX, sizeof *link->objects);
	link->chars = calloc(DS_GATT_OBJECTS_MAX, sizeof *link->chars);
	link->char_paths = calloc(DS_GATT_OBJECTS_MAX, sizeof *link->char_paths);
	if (!link->objects || !link->chars || !link->char_paths) {
		ds_ble_link_disconnect(link);
		return NULL;
	}
	snprintf(link->address, sizeof link->address, "%s", address);
	return link;
}

/** Connects the device and waits until its GATT table is there. */
static ds_status ds_ble_link_open(ds_job *job, ds_ble_link *link, unsigned timeout_ms)
{
	uint64_t deadline = ds_bluez_now_ms() + timeout_ms;
	char rule[512];
	ds_ble_adapter adapter;
	ds_status st = ds_bluez_open(job, &link->bus);

	if (st == DS_OK)
		st = ds_bluez_adapter(link->bus, job, &adapter);
	if (st == DS_OK && !adapter.powered)
		st = ds_job_fail(job, DS_ERR_DEVICE, _("The Bluetooth adapter %s is switched off. Switch it on, then try again."),
				 adapter.name);
	if (st != DS_OK)
		return st;
	snprintf(link->dev_path, sizeof link->dev_path, "%s/dev_%s", adapter.path, link->address);
	for (char *p = link->dev_path + strlen(adapter.path) + strlen("/dev_"); *p; p++)
		*p = *p == ':' ? '_' : (char)(*p >= 'a' && *p <= 'f' ? *p - 'a' + 'A' : *p);
	snprintf(rule, sizeof rule, "type='signal',interface='org.freedesktop.DBus.Properties',"
		 "member='PropertiesChanged',path_namespace='%s'", link->dev_path);
	if (sd_bus_add_match(link->bus, NULL, rule, ds_ble_link_on_changed, link) < 0 ||
	    sd_bus_match_signal(link->bus, NULL, NULL, NULL, "org.freedesktop.DBus.ObjectManager",
				"InterfacesRemoved", ds_ble_link_on_removed, link) < 0)
		return ds_job_fail(job, DS_ERR_IO, "%s", _("Cannot follow the Bluetooth service's signals."));
	ds_job_progress(job, 100, _("Connecting to %s..."), link->address);
	st = ds_ble_link_run(job, link, ds_ble_link_new_call(link, link->dev_path, DS_BLUEZ_DEVICE, "Connect"),
			     _("connecting"), timeout_ms, NULL);
	/* BlueZ adds the GATT objects after the connection; wait for them. */
	while (st == DS_OK) {
		uint64_t now = ds_bluez_now_ms();

		st = ds_ble_link_discover_once(job, link, now < deadline ? (unsigned)(deadline - now) : 1);
		if (st != DS_OK || link->n_chars > 0)
			break;
		if (now >= deadline)
			return ds_ble_link_fail(job, link, DS_ERR_TIMEOUT, _("listing its services"), timeout_ms, NULL);
		st = ds_job_sleep(job, 200);
		if (st != DS_OK)
			return ds_ble_link_fail(job, link, st, _("listing its services"), timeout_ms, NULL);
	}
	return st;
}

ds_status ds_ble_link_connect(ds_job *job, const char *address, unsigned timeout_ms, ds_ble_link **out)
{
	ds_ble_link *link;
	ds_status st;

	*out = NULL;
	if (!address || !ds_ble_link_valid_address(address))
		return ds_job_fail(job, DS_ERR_INVALID, _("\"%s\" is not a Bluetooth address (AA:BB:CC:DD:EE:FF)."),
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
	free(link->objects);
	free(link->chars);
	free(link->char_paths);
	free(link);
}

ds_status ds_ble_link_char(ds_ble_link *link, size_t index, ds_gatt_char *out)
{
	if (index >= link->n_chars)
		return DS_ERR_NOT_FOUND;
	*out = link->chars[index];
	return DS_OK;
}

/** The object path of the characteristic with this UUID; fails job when there is none. */
static const char *ds_ble_link_char_path(ds_job *job, ds_ble_link *link, const char *uuid)
{
	for (size_t i = 0; uuid && i < link->n_chars; i++)
		if (strcasecmp(link->chars[i].uuid, uuid) == 0)
			return link->char_paths[i];
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

/** Copies the reply's "ay" into buf. */
static ds_status ds_ble_link_take_bytes(ds_job *job, sd_bus_message *reply, uint8_t *buf, size_t size, size_t *len)
{
	const void *data;
	size_t n;

	if (sd_bus_message_read_array(reply, 'y', &data, &n) < 0)
		return ds_job_fail(job, DS_ERR_IO, "%s", _("The Bluetooth service sent a value doorstep cannot read."));
	*len = n < size ? n : size;
	if (*len)
		memcpy(buf, data, *len);
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
		st = ds_ble_link_take_bytes(job, reply, buf, size, len);
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

/** Takes the oldest queued value of path; true if there was one. */
static bool ds_ble_link_dequeue(ds_ble_link *link, const char *path, uint8_t *buf, size_t size, size_t *len)
{
	for (size_t k = 0; k < link->q_n; k++) {
		ds_gatt_note *n = &link->queue[(link->q_first + k) % DS_GATT_QUEUE];

		if (strcmp(n->path, path) != 0)
			continue;
		*len = n->len < size ? n->len : size;
		memcpy(buf, n->data, *len);
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

	*len = 0;
	if (!path)
		return DS_ERR_UNSUPPORTED;
	for (;;) {
		uint64_t now = ds_bluez_now_ms();
		int r;

		if (ds_ble_link_dequeue(link, path, buf, size, len))
			return DS_OK;
		if (ds_job_cancelled(job))
			st = DS_ERR_CANCELLED;
		else if (link->gone)
			st = DS_ERR_NOT_FOUND;
		else if (now >= deadline)
			st = DS_ERR_TIMEOUT;
		if (st != DS_OK)
			return ds_ble_link_fail(job, link, st, _("waiting for its answer"), timeout_ms, NULL);
		r = sd_bus_process(link->bus, NULL);
		if (r > 0)
			continue;
		if (r >= 0)
			r = sd_bus_wait(link->bus, (deadline - now < 100 ? deadline - now : 100) * 1000u);
		if (r < 0 && r != -EINTR)
			return ds_job_fail(job, DS_ERR_IO, _("The connection to the Bluetooth service was lost (%s)."),
					   strerror(-r));
	}
}
