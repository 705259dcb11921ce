/* A D-Bus method call that waits in slices with cancel and timeout (dbus_call.h). */
#include "app/dbus/dbus_call.h"

#include <errno.h>

/** Where an asynchronous reply lands. */
typedef struct ds_dbus_pending {
	bool done;
	sd_bus_message *reply;
} ds_dbus_pending;

/** Keeps the reply of an asynchronous call. */
static int ds_dbus_on_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	ds_dbus_pending *p = userdata;

	(void)ret_error;
	p->done = true;
	p->reply = sd_bus_message_ref(m);
	return 0;
}

/** Runs the bus until the reply is in, the wait ends or *gone turns true. */
static ds_status ds_dbus_wait(sd_bus *bus, ds_dbus_pending *p, unsigned timeout_ms, const ds_wait *w, const bool *gone,
			      sd_bus_error *err)
{
	uint64_t start = ds_now_ms(), deadline = start + timeout_ms;

	while (!p->done) {
		struct pollfd pfd;
		ds_wait_result wr;
		int r;

		/* checked on every turn, so a bus that never falls quiet still ends */
		if (ds_wait_cancelled(w))
			return DS_ERR_CANCELLED;
		if (gone && *gone)
			return DS_ERR_NOT_FOUND;
		if (ds_now_ms() >= deadline)
			return DS_ERR_TIMEOUT;
		r = sd_bus_process(bus, NULL);
		if (r < 0) {
			sd_bus_error_set_errno(err, r);
			return DS_ERR_IO;
		}
		if (r > 0)
			continue;
		pfd.fd = sd_bus_get_fd(bus);
		pfd.events = (short)sd_bus_get_events(bus);
		pfd.revents = 0;
		wr = ds_wait_poll(&pfd, 1, start, deadline, timeout_ms, w);
		if (wr == DS_WAIT_CANCELLED)
			return DS_ERR_CANCELLED;
		if (wr == DS_WAIT_TIMEOUT)
			return DS_ERR_TIMEOUT;
		if (wr == DS_WAIT_ERROR) {
			sd_bus_error_set_errno(err, errno);
			return DS_ERR_IO;
		}
	}
	return DS_OK;
}

ds_status ds_dbus_call(sd_bus *bus, sd_bus_message *call, unsigned timeout_ms, const ds_wait *w, const bool *gone,
		       sd_bus_message **reply, sd_bus_error *err)
{
	ds_dbus_pending p = { 0 };
	sd_bus_slot *slot = NULL;
	ds_status st;
	int r;

	*reply = NULL;
	/* sd-bus's own timeout is a little longer: ours decides, with our message. */
	r = sd_bus_call_async(bus, &slot, call, ds_dbus_on_reply, &p, (uint64_t)(timeout_ms + 1000) * 1000u);
	if (r < 0) {
		sd_bus_error_set_errno(err, r);
		return DS_ERR_IO;
	}
	st = ds_dbus_wait(bus, &p, timeout_ms, w, gone, err);
	sd_bus_slot_unref(slot);
	if (st != DS_OK) {
		sd_bus_message_unref(p.reply);
		return st;
	}
	if (sd_bus_message_is_method_error(p.reply, NULL)) {
		sd_bus_error_copy(err, sd_bus_message_get_error(p.reply));
		sd_bus_message_unref(p.reply);
		return DS_ERR_IO;
	}
	*reply = p.reply;
	return DS_OK;
}
