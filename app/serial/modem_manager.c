/* ModemManager's inhibition of a modem; see modem_manager.h. */
#include "app/serial/modem_manager.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>

#include "app/base/log.h"
#include "app/dbus/dbus_call.h"

/** Source tag of this file's log lines. */
#define MM_LOG "modemmanager"
/** How long releasing an inhibition may wait for ModemManager's answer. */
#define MM_RELEASE_MS 5000

struct ds_mm_modem {
	sd_bus *bus;               /**< doorstep's connection: the inhibition's lifeline */
	char uid[DS_MM_UID_MAX];   /**< the Device property */
	char port[DS_LOCATOR_MAX]; /**< the port it was found by, for log lines */
	bool inhibited;            /**< InhibitDevice(uid, true) succeeded */
};

/** The last component of path (after the last '/'). */
static const char *mm_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool ds_mm_port_matches(const char *port_path, const char *mm_port)
{
	char resolved[PATH_MAX];
	bool same;

	if (!port_path || !mm_port || !*mm_port || !*port_path)
		return false;
	if (strcmp(mm_basename(port_path), mm_basename(mm_port)) == 0)
		return true;
	if (!realpath(port_path, resolved))
		return false;
	same = strcmp(mm_basename(resolved), mm_basename(mm_port)) == 0;
	return same;
}

/** Calls method (args as sd_bus_message_append's types and values) on
 *  ModemManager's manager object, never starting ModemManager by bus
 *  activation, and waits for the reply through ds_dbus_call (so w may
 *  cancel it and sees the time pass) at most timeout_ms. DS_OK with
 *  *reply (unref it); DS_ERR_IO with err filled (the bus or ModemManager
 *  answered with an error); DS_ERR_TIMEOUT; DS_ERR_CANCELLED. */
static ds_status mm_call(sd_bus *bus, const char *interface, const char *method, unsigned timeout_ms, const ds_wait *w,
			 sd_bus_message **reply, sd_bus_error *err, const char *types, ...)
{
	sd_bus_message *call = NULL;
	ds_status st;
	va_list ap;
	int r;

	*reply = NULL;
	r = sd_bus_message_new_method_call(bus, &call, DS_MM_SERVICE, DS_MM_PATH, interface, method);
	if (r >= 0)
		r = sd_bus_message_set_auto_start(call, 0);
	if (r >= 0 && types) {
		va_start(ap, types);
		r = sd_bus_message_appendv(call, types, ap);
		va_end(ap);
	}
	if (r < 0) {
		sd_bus_message_unref(call);
		sd_bus_error_set_errno(err, r);
		return DS_ERR_IO;
	}
	st = ds_dbus_call(bus, call, timeout_ms, w, NULL, reply, err);
	sd_bus_message_unref(call);
	return st;
}

/** Reads a variant holding a string into dst. */
static int mm_read_string_variant(sd_bus_message *m, char *dst, size_t size)
{
	const char *s = NULL;
	int r = sd_bus_message_enter_container(m, 'v', "s");

	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	r = sd_bus_message_read(m, "s", &s);
	if (r >= 0)
		snprintf(dst, size, "%s", s ? s : "");
	return r < 0 ? r : sd_bus_message_exit_container(m);
}

/** Reads the variant of Ports (a(su)): *has becomes true when one of the
 *  names is port_path's. */
static int mm_read_ports(sd_bus_message *m, const char *port_path, bool *has)
{
	const char *name;
	uint32_t type;
	int r = sd_bus_message_enter_container(m, 'v', "a(su)");

	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	r = sd_bus_message_enter_container(m, 'a', "(su)");
	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	while ((r = sd_bus_message_read(m, "(su)", &name, &type)) > 0)
		if (ds_mm_port_matches(port_path, name))
			*has = true;
	if (r < 0)
		return r;
	r = sd_bus_message_exit_container(m);
	return r < 0 ? r : sd_bus_message_exit_container(m);
}

/** What the properties of one modem object say, and the port asked about. */
typedef struct mm_modem_props {
	const char *port_path;
	char uid[DS_MM_UID_MAX];
	char primary[DS_LOCATOR_MAX];
	bool has_port;
} mm_modem_props;

/** Reads the value of a string-keyed dictionary entry whose key is name;
 *  returns < 0 on a malformed message. */
typedef int mm_entry_fn(sd_bus_message *m, const char *name, void *ctx);

/** Walks a dictionary a{s<value>} (entry: its entry signature "s<value>"):
 *  read_value reads or skips each entry's value. */
static int mm_read_dict(sd_bus_message *m, const char *entry, mm_entry_fn *read_value, void *ctx)
{
	char array[64];
	int r;

	snprintf(array, sizeof array, "{%s}", entry);
	r = sd_bus_message_enter_container(m, 'a', array);
	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	while ((r = sd_bus_message_enter_container(m, 'e', entry)) > 0) {
		const char *name;

		r = sd_bus_message_read(m, "s", &name);
		if (r < 0)
			return r;
		r = read_value(m, name, ctx);
		if (r < 0)
			return r;
		r = sd_bus_message_exit_container(m);
		if (r < 0)
			return r;
	}
	return r < 0 ? r : sd_bus_message_exit_container(m);
}

/** mm_entry_fn of the Modem interface's properties (a{sv}), into an mm_modem_props. */
static int mm_read_modem_property(sd_bus_message *m, const char *name, void *ctx)
{
	mm_modem_props *props = ctx;

	if (strcmp(name, "Device") == 0)
		return mm_read_string_variant(m, props->uid, sizeof props->uid);
	if (strcmp(name, "PrimaryPort") == 0)
		return mm_read_string_variant(m, props->primary, sizeof props->primary);
	if (strcmp(name, "Ports") == 0)
		return mm_read_ports(m, props->port_path, &props->has_port);
	return sd_bus_message_skip(m, "v");
}

/** The modem uid an object's interfaces give for a port. */
typedef struct mm_object_match {
	const char *port_path;
	char *uid;
	size_t uid_size;
} mm_object_match;

/** mm_entry_fn of one object's interfaces (a{sa{sv}}): the Modem interface's
 *  properties are read, and its uid kept when it is the modem with the port. */
static int mm_read_interface(sd_bus_message *m, const char *interface, void *ctx)
{
	mm_object_match *match = ctx;
	mm_modem_props props = { .port_path = match->port_path };
	int r;

	if (strcmp(interface, DS_MM_MODEM_INTERFACE) != 0)
		return sd_bus_message_skip(m, "a{sv}");
	r = mm_read_dict(m, "sv", mm_read_modem_property, &props);
	if (r >= 0 && props.uid[0] && (props.has_port || ds_mm_port_matches(match->port_path, props.primary)))
		snprintf(match->uid, match->uid_size, "%s", props.uid);
	return r;
}

/** Reads one object's a{sa{sv}}: fills uid when it is a modem with the port. */
static int mm_read_object(sd_bus_message *m, const char *port_path, char *uid, size_t uid_size)
{
	mm_object_match match = { .port_path = port_path, .uid = uid, .uid_size = uid_size };

	return mm_read_dict(m, "sa{sv}", mm_read_interface, &match);
}

/** Reads GetManagedObjects' a{oa{sa{sv}}}: uid gets the device uid of the
 *  modem with the port (stays empty when there is none). */
static int mm_read_objects(sd_bus_message *m, const char *port_path, char *uid, size_t uid_size)
{
	int r = sd_bus_message_enter_container(m, 'a', "{oa{sa{sv}}}");

	if (r <= 0)
		return r < 0 ? r : -EBADMSG;
	while (!uid[0] && (r = sd_bus_message_enter_container(m, 'e', "oa{sa{sv}}")) > 0) {
		const char *path;

		r = sd_bus_message_read(m, "o", &path);
		if (r >= 0)
			r = mm_read_object(m, port_path, uid, uid_size);
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
		if (r < 0)
			return r;
	}
	return r < 0 ? r : 0;
}

/** True for the errors that mean nobody owns ModemManager's name. */
static bool mm_not_running(const sd_bus_error *err)
{
	return sd_bus_error_has_name(err, SD_BUS_ERROR_SERVICE_UNKNOWN) ||
	       sd_bus_error_has_name(err, SD_BUS_ERROR_NAME_HAS_NO_OWNER);
}

ds_status ds_mm_find(const char *port_path, unsigned timeout_ms, const ds_wait *w, ds_mm_modem **out)
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	char uid[DS_MM_UID_MAX] = "";
	sd_bus *bus = NULL;
	ds_status st;
	int r;

	*out = NULL;
	if (!port_path || !*port_path)
		return DS_OK;
	r = sd_bus_open_system(&bus);
	if (r < 0) {
		ds_log(DS_LOG_DEBUG, MM_LOG, "no system bus (%s): ModemManager cannot be using %s", strerror(-r),
		       port_path);
		return DS_OK;
	}
	st = mm_call(bus, "org.freedesktop.DBus.ObjectManager", "GetManagedObjects", timeout_ms, w, &reply, &err, NULL);
	if (st == DS_OK) {
		r = mm_read_objects(reply, port_path, uid, sizeof uid);
		if (r < 0)
			ds_log(DS_LOG_WARN, MM_LOG, "ModemManager's list of modems could not be read (%s)", strerror(-r));
	} else if (st == DS_ERR_IO && mm_not_running(&err)) {
		ds_log(DS_LOG_DEBUG, MM_LOG, "ModemManager is not running: nothing to do for %s", port_path);
	} else if (st != DS_ERR_CANCELLED) {
		ds_log(DS_LOG_WARN, MM_LOG, "ModemManager did not list its modems (%s): going on without it",
		       err.message ? err.message : "no answer in time");
	}
	sd_bus_message_unref(reply);
	sd_bus_error_free(&err);
	if (st == DS_ERR_CANCELLED || !uid[0]) {
		if (st == DS_OK)
			ds_log(DS_LOG_DEBUG, MM_LOG, "ModemManager runs but does not manage %s", port_path);
		sd_bus_flush_close_unref(bus);
		return st == DS_ERR_CANCELLED ? st : DS_OK;
	}
	*out = calloc(1, sizeof **out);
	if (!*out) {
		sd_bus_flush_close_unref(bus);
		return DS_ERR_NO_MEMORY;
	}
	(*out)->bus = bus;
	snprintf((*out)->uid, sizeof(*out)->uid, "%s", uid);
	snprintf((*out)->port, sizeof(*out)->port, "%s", port_path);
	ds_log(DS_LOG_INFO, MM_LOG, "ModemManager manages %s (device %s)", port_path, uid);
	return DS_OK;
}

const char *ds_mm_uid(const ds_mm_modem *m)
{
	return m ? m->uid : "";
}

/** True for the errors that say this user may not control ModemManager. */
static bool mm_not_allowed(const sd_bus_error *err)
{
	const char *name = err->name ? err->name : "";
	size_t len = strlen(name);
	static const char unauthorized[] = ".Unauthorized";

	return sd_bus_error_has_name(err, SD_BUS_ERROR_ACCESS_DENIED) ||
	       sd_bus_error_has_name(err, SD_BUS_ERROR_INTERACTIVE_AUTHORIZATION_REQUIRED) ||
	       (len >= sizeof unauthorized - 1 && strcmp(name + len - (sizeof unauthorized - 1), unauthorized) == 0);
}

ds_status ds_mm_inhibit(ds_mm_modem *m, unsigned timeout_ms, const ds_wait *w, char *why, size_t why_size)
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	ds_status st;

	if (why && why_size)
		why[0] = '\0';
	if (!m)
		return DS_ERR_INVALID;
	if (m->inhibited)
		return DS_OK;
	st = mm_call(m->bus, DS_MM_SERVICE, "InhibitDevice", timeout_ms, w, &reply, &err, "sb", m->uid, 1);
	sd_bus_message_unref(reply);
	if (st == DS_OK) {
		m->inhibited = true;
		ds_log(DS_LOG_INFO, MM_LOG, "ModemManager let go of device %s for %s", m->uid, m->port);
	} else if (st == DS_ERR_IO) {
		if (why && why_size)
			snprintf(why, why_size, "%s", err.message ? err.message : (err.name ? err.name : ""));
		ds_log(DS_LOG_WARN, MM_LOG, "ModemManager refused to let go of device %s: %s %s", m->uid,
		       err.name ? err.name : "", err.message ? err.message : "");
		if (mm_not_allowed(&err))
			st = DS_ERR_AUTH;
	} else if (st == DS_ERR_TIMEOUT) {
		ds_log(DS_LOG_WARN, MM_LOG, "ModemManager did not answer the inhibition of %s in time", m->uid);
	}
	sd_bus_error_free(&err);
	return st;
}

void ds_mm_release(ds_mm_modem *m)
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;

	if (!m)
		return;
	if (m->inhibited) {
		if (mm_call(m->bus, DS_MM_SERVICE, "InhibitDevice", MM_RELEASE_MS, NULL, &reply, &err, "sb", m->uid,
			    0) == DS_OK)
			ds_log(DS_LOG_INFO, MM_LOG, "ModemManager has device %s back", m->uid);
		else
			ds_log(DS_LOG_WARN, MM_LOG,
			       "ModemManager did not take device %s back (%s); closing the connection ends the inhibition",
			       m->uid, err.message ? err.message : "no answer in time");
		sd_bus_message_unref(reply);
		sd_bus_error_free(&err);
	}
	sd_bus_flush_close_unref(m->bus);
	free(m);
}
