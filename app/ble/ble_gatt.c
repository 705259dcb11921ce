/* A device's GATT table from BlueZ's objects; see ble_gatt.h. */
#include "app/ble/ble_gatt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/ble/bluez.h"
#include "app/base/log.h"
#include "app/base/safe_text.h"

#define DS_GATT_SERVICE "org.bluez.GattService1"
#define DS_GATT_CHAR "org.bluez.GattCharacteristic1"
#define DS_GATT_DESC "org.bluez.GattDescriptor1"

/** Keeps a descriptor's value (the first bytes that fit). */
static void ds_gatt_keep_value(ds_gatt_object *o, const void *data, size_t len)
{
	o->value_len = len < sizeof o->value ? len : sizeof o->value;
	if (o->value_len)
		memcpy(o->value, data, o->value_len);
	o->has_value = len > 0;
}

/** Reads a characteristic's "as" of Flags into o->flags. */
static int ds_gatt_read_flags(sd_bus_message *m, ds_gatt_object *o)
{
	static const struct {
		const char *name;
		uint32_t flag;
	} names[] = { { "read", DS_GATT_READ },
		      { "write", DS_GATT_WRITE },
		      { "write-without-response", DS_GATT_WRITE_NO_RESPONSE },
		      { "notify", DS_GATT_NOTIFY },
		      { "indicate", DS_GATT_INDICATE } };
	const char *s;
	int r = sd_bus_message_enter_container(m, 'v', "as");

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
	return r;
}

/** Reads one {sv} of a GATT object's properties. */
static int ds_gatt_prop(sd_bus_message *m, void *ctx)
{
	ds_gatt_object *o = ctx;
	const char *key, *s, *contents = NULL;
	const void *data;
	size_t len;
	int r = sd_bus_message_read(m, "s", &key);

	if (r < 0)
		return r;
	r = sd_bus_message_peek_type(m, NULL, &contents);
	if (r < 0)
		return r;
	/* A value of an unexpected type is skipped, not fatal. */
	if (strcmp(key, "UUID") == 0 && contents && strcmp(contents, "s") == 0) {
		r = sd_bus_message_read(m, "v", "s", &s);
		if (r >= 0)
			snprintf(o->uuid, sizeof o->uuid, "%s", s);
	} else if ((strcmp(key, "Service") == 0 || strcmp(key, "Characteristic") == 0) && contents &&
		   strcmp(contents, "o") == 0) {
		r = sd_bus_message_read(m, "v", "o", &s);
		if (r >= 0)
			snprintf(o->parent, sizeof o->parent, "%s", s);
	} else if (strcmp(key, "Flags") == 0 && contents && strcmp(contents, "as") == 0) {
		r = ds_gatt_read_flags(m, o);
	} else if (strcmp(key, "Value") == 0 && o->iface == 'd' && contents && strcmp(contents, "ay") == 0) {
		r = sd_bus_message_enter_container(m, 'v', "ay");
		if (r >= 0)
			r = sd_bus_message_read_array(m, 'y', &data, &len);
		if (r >= 0) {
			ds_gatt_keep_value(o, data, len);
			r = sd_bus_message_exit_container(m);
		}
	} else {
		r = sd_bus_message_skip(m, "v");
	}
	return r;
}

/** One {sa{sv}} of a GATT object: which interface, and its properties. */
static int ds_gatt_iface(sd_bus_message *m, void *ctx)
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
	return ds_bluez_each_entry(m, "sv", ds_gatt_prop, o);
}

/** What ds_gatt_object_entry works on. */
typedef struct ds_gatt_parse {
	ds_gatt_table *t;
	const char *dev_path;
} ds_gatt_parse;

/** One {oa{sa{sv}}} of GetManagedObjects: keeps GATT objects below the device. */
static int ds_gatt_object_entry(sd_bus_message *m, void *ctx)
{
	ds_gatt_parse *p = ctx;
	size_t dlen = strlen(p->dev_path);
	ds_gatt_object o = { 0 };
	const char *path;
	int r = sd_bus_message_read(m, "o", &path);

	if (r < 0)
		return r;
	if (strncmp(path, p->dev_path, dlen) != 0 || path[dlen] != '/' || p->t->n_objects == DS_GATT_OBJECTS_MAX)
		return sd_bus_message_skip(m, "a{sa{sv}}");
	snprintf(o.path, sizeof o.path, "%s", path);
	r = ds_bluez_each_entry(m, "sa{sv}", ds_gatt_iface, &o);
	if (r >= 0 && o.iface)
		p->t->objects[p->t->n_objects++] = o;
	return r;
}

/** The object with this path, or NULL. */
static const ds_gatt_object *ds_gatt_object_at(const ds_gatt_table *t, const char *path)
{
	for (size_t i = 0; i < t->n_objects; i++)
		if (strcmp(t->objects[i].path, path) == 0)
			return &t->objects[i];
	return NULL;
}

/** True when o is a user description descriptor. */
static bool ds_gatt_is_user_description(const ds_gatt_object *o)
{
	return o->iface == 'd' && strcasecmp(o->uuid, DS_GATT_USER_DESCRIPTION_UUID) == 0;
}

/** Fills each characteristic's description from its 0x2901 descriptor. */
static void ds_gatt_fill_descriptions(ds_gatt_table *t)
{
	for (size_t i = 0; i < t->n_objects; i++) {
		const ds_gatt_object *d = &t->objects[i];

		if (!ds_gatt_is_user_description(d))
			continue;
		for (size_t k = 0; k < t->n_chars; k++)
			if (strcmp(t->char_paths[k], d->parent) == 0)
				ds_safe_text(t->chars[k].description, sizeof t->chars[k].description,
					     (const char *)d->value, d->value_len, DS_SAFE_TEXT_LINE);
	}
}

/** Builds the characteristic list from the objects. */
static void ds_gatt_resolve(ds_gatt_table *t)
{
	t->n_chars = 0;
	for (size_t i = 0; i < t->n_objects; i++) {
		const ds_gatt_object *o = &t->objects[i], *svc;
		ds_gatt_char *c;

		if (o->iface != 'c')
			continue;
		c = &t->chars[t->n_chars];
		memset(c, 0, sizeof *c);
		snprintf(c->uuid, sizeof c->uuid, "%s", o->uuid);
		c->flags = o->flags;
		svc = ds_gatt_object_at(t, o->parent);
		if (svc)
			snprintf(c->service_uuid, sizeof c->service_uuid, "%s", svc->uuid);
		t->char_paths[t->n_chars++] = o->path;
	}
	ds_gatt_fill_descriptions(t);
}

int ds_gatt_table_parse(ds_gatt_table *t, sd_bus_message *m, const char *dev_path)
{
	ds_gatt_parse p = { t, dev_path };
	int r;

	t->n_objects = 0;
	t->n_chars = 0;
	t->described = false;
	r = ds_bluez_each_entry(m, "oa{sa{sv}}", ds_gatt_object_entry, &p);
	if (r >= 0)
		ds_gatt_resolve(t);
	return r;
}

/** ReadValue of one descriptor into o; the status of the call. */
static ds_status ds_gatt_read_descriptor(sd_bus *bus, ds_job *job, ds_gatt_object *o, unsigned timeout_ms,
					 const bool *gone)
{
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	const void *data;
	size_t len;
	ds_status st;

	if (sd_bus_message_new_method_call(bus, &call, DS_BLUEZ_SERVICE, o->path, DS_GATT_DESC, "ReadValue") < 0 ||
	    sd_bus_message_append(call, "a{sv}", 0) < 0) {
		sd_bus_message_unref(call);
		return DS_ERR_NO_MEMORY;
	}
	st = ds_bluez_call_watch(bus, job, call, timeout_ms, gone, &reply, &err);
	sd_bus_message_unref(call);
	if (st == DS_OK && sd_bus_message_read_array(reply, 'y', &data, &len) >= 0)
		ds_gatt_keep_value(o, data, len);
	else if (st == DS_OK || st == DS_ERR_IO) {
		if (sd_bus_error_has_name(&err, SD_BUS_ERROR_UNKNOWN_OBJECT)) {
			st = DS_ERR_NOT_FOUND; /* BlueZ dropped the device */
		} else {
			/* A description the device keeps to itself (not permitted,
			 * needs pairing) leaves the characteristic without one. */
			ds_log(DS_LOG_INFO, "ble", "the user description %s could not be read (%s); left empty",
			       o->path, err.name ? err.name : "unreadable reply");
			st = DS_OK;
		}
	}
	sd_bus_message_unref(reply);
	sd_bus_error_free(&err);
	return st;
}

ds_status ds_gatt_table_describe(ds_gatt_table *t, sd_bus *bus, ds_job *job, uint64_t deadline_ms, const bool *gone)
{
	if (t->described)
		return DS_OK;
	for (size_t i = 0; i < t->n_objects; i++) {
		ds_gatt_object *d = &t->objects[i];
		uint64_t now = ds_bluez_now_ms();
		ds_status st;

		if (!ds_gatt_is_user_description(d) || d->has_value)
			continue;
		if (now >= deadline_ms)
			return DS_ERR_TIMEOUT;
		st = ds_gatt_read_descriptor(bus, job, d, (unsigned)(deadline_ms - now), gone);
		if (st != DS_OK)
			return st;
	}
	ds_gatt_fill_descriptions(t);
	t->described = true;
	return DS_OK;
}

const char *ds_gatt_table_path(const ds_gatt_table *t, const char *uuid)
{
	for (size_t i = 0; uuid && i < t->n_chars; i++)
		if (strcasecmp(t->chars[i].uuid, uuid) == 0)
			return t->char_paths[i];
	return NULL;
}
