/* ds_host.serial; see host_serial.h. Before a port is opened, ModemManager
 * is asked to let go of the modem that has it (app/serial/modem_manager.h),
 * so that every plugin that uses a port is a good neighbour to it. */
#include "app/plugin/host_serial.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/plugin/plugin_host.h"
#include "app/serial/modem_manager.h"
#include "app/serial/serial_port.h"

/** Seconds, rounded up, for messages. */
static unsigned host_serial_seconds(unsigned ms)
{
	return (ms + 999) / 1000;
}

/** How long ModemManager may take to list its modems. */
#define HOST_SERIAL_MM_FIND_MS 5000
/** How long ModemManager may take to answer an inhibition (it disables the modem first). */
#define HOST_SERIAL_MM_INHIBIT_MS 30000
/** How long ModemManager may take to close the port once it has said yes. */
#define HOST_SERIAL_MM_LET_GO_MS 15000

/** What the ticks of a wait on ModemManager show. */
typedef struct host_serial_mm_wait {
	ds_call *call;
	const char *path;
	bool asking; /**< still waiting for its answer (else: for the port) */
} host_serial_mm_wait;

/** ds_wait.cancelled: the call's cancel. */
static bool host_serial_mm_cancelled(void *ctx)
{
	host_serial_mm_wait *mw = ctx;
	ds_wait w = ds_plugin_host_wait(mw->call);

	return ds_wait_cancelled(&w);
}

/** ds_wait.tick: progress with the seconds left. */
static void host_serial_mm_tick(void *ctx, unsigned elapsed_ms, unsigned total_ms)
{
	host_serial_mm_wait *mw = ctx;
	unsigned permille;

	if (!mw->call || total_ms == 0)
		return;
	if (elapsed_ms > total_ms)
		elapsed_ms = total_ms;
	permille = (unsigned)((uint64_t)elapsed_ms * 1000 / total_ms);
	if (mw->asking)
		ds_job_progress(mw->call, permille,
				_("ModemManager is using this modem: doorstep asks it to let go while it works on it "
				  "(%u s left)"),
				host_serial_seconds(total_ms - elapsed_ms));
	else
		ds_job_progress(mw->call, permille, _("Waiting for ModemManager to let go of %s (%u s left)"), mw->path,
				host_serial_seconds(total_ms - elapsed_ms));
}

/** The message of an inhibition ModemManager did not grant (the whole
 *  message must fit a job's 256 bytes: why is cut short). */
static ds_status host_serial_mm_refused(ds_call *call, const char *path, ds_status st, const char *why)
{
	switch (st) {
	case DS_ERR_CANCELLED:
	case DS_ERR_NO_MEMORY:
		return st;
	case DS_ERR_AUTH:
		return ds_plugin_host_fail(call, st,
					   _("ModemManager would not let go of the modem on %s (%.40s). Stop it with: "
					     "sudo systemctl stop ModemManager, or run doorstep as a user allowed to "
					     "control ModemManager, then try again."),
					   path, why && *why ? why : _("not allowed"));
	case DS_ERR_TIMEOUT:
		return ds_plugin_host_fail(call, st,
					   _("ModemManager did not answer within %u s when asked to let go of the modem "
					     "on %s. Stop it with: sudo systemctl stop ModemManager, then try again."),
					   host_serial_seconds(HOST_SERIAL_MM_INHIBIT_MS), path);
	default:
		return ds_plugin_host_fail(call, DS_ERR_BUSY,
					   _("ModemManager would not let go of the modem on %s (%.40s). Stop it with: "
					     "sudo systemctl stop ModemManager, then try again."),
					   path, why && *why ? why : _("no reason given"));
	}
}

/** Opens path the way ds_serial_open does; when ModemManager manages the
 *  modem that has the port, first asks it to let go (saying so on the
 *  call's progress) and waits, with a countdown, for the port to be free.
 *  The inhibition lasts until the port is closed. *refused tells that
 *  ModemManager said no (the call's message says what to do). */
static ds_status host_serial_open_beside_mm(ds_call *call, const char *path, unsigned baud, ds_serial_port **out,
					    int *err, bool *refused)
{
	host_serial_mm_wait mw = { .call = call, .path = path, .asking = true };
	ds_wait w = { .cancelled = host_serial_mm_cancelled, .tick = host_serial_mm_tick, .ctx = &mw };
	ds_wait quiet = { .cancelled = host_serial_mm_cancelled, .ctx = &mw };
	ds_mm_modem *mm = NULL;
	char why[256];
	ds_status st;

	*refused = false;
	st = ds_mm_find(path, HOST_SERIAL_MM_FIND_MS, &quiet, &mm);
	if (st != DS_OK || !mm)
		return st != DS_OK ? st : ds_serial_open(path, baud, out, err);
	if (call)
		ds_job_progress(call, 0, "%s",
				_("ModemManager is using this modem: doorstep asks it to let go while it works on it."));
	st = ds_mm_inhibit(mm, HOST_SERIAL_MM_INHIBIT_MS, &w, why, sizeof why);
	if (st != DS_OK) {
		ds_mm_release(mm);
		*refused = true;
		return host_serial_mm_refused(call, path, st, why);
	}
	mw.asking = false;
	st = ds_serial_open_within(path, baud, HOST_SERIAL_MM_LET_GO_MS, &w, out, err);
	if (st != DS_OK) {
		ds_mm_release(mm);
		if (st == DS_ERR_BUSY) {
			*refused = true;
			return ds_plugin_host_fail(call, st,
						   _("ModemManager agreed to let go of the modem, but %s was still in use "
						     "after %u s. Stop it with: sudo systemctl stop ModemManager, then try "
						     "again."),
						   path, host_serial_seconds(HOST_SERIAL_MM_LET_GO_MS));
		}
		return st;
	}
	(*out)->mm = mm;
	return DS_OK;
}

/** ds_host_serial.open */
static ds_status host_serial_open(ds_call *call, const char *path, unsigned baud, ds_serial_port **out)
{
	bool refused = false;
	int err = 0;
	ds_status st;

	if (!out)
		return DS_ERR_INVALID;
	*out = NULL;
	if (!path || !*path)
		st = ds_serial_open(path, baud, out, &err);
	else
		st = host_serial_open_beside_mm(call, path, baud, out, &err, &refused);
	if (refused)
		return st;
	if (!path)
		path = "";
	switch (st) {
	case DS_OK:
		return DS_OK;
	case DS_ERR_CANCELLED:
		return st;
	case DS_ERR_NOT_FOUND:
		return ds_plugin_host_fail(call, st, _("There is no serial port %s. Plug the device in and try again."),
					   path);
	case DS_ERR_AUTH:
		return ds_plugin_host_fail(call, st,
					   _("You may not open %s. Add your user to the group dialout "
					     "(sudo usermod -aG dialout $USER), log in again, and retry."),
					   path);
	case DS_ERR_BUSY:
		return ds_plugin_host_fail(call, st,
					   _("Another program is using %s. Close it (or stop ModemManager) and try again."),
					   path);
	case DS_ERR_INVALID:
		if (err == ENOTTY)
			return ds_plugin_host_fail(call, st,
						   _("%s is not a serial port. Choose the device's serial port."), path);
		return ds_plugin_host_fail(call, st,
					   _("The serial port \"%s\" cannot be opened at %u baud: the name or the speed is "
					     "not valid. This is a fault in the plugin; report it to its vendor."),
					   path, baud);
	case DS_ERR_NO_MEMORY:
		return ds_plugin_host_fail(call, st, _("Out of memory. Close other programs and try again."));
	default:
		return ds_plugin_host_fail(call, DS_ERR_IO,
					   _("%s could not be set up as a serial port (%s). "
					     "Unplug the device, plug it in again and retry."),
					   path, strerror(err));
	}
}

/** The message of a read or write that failed. */
static ds_status host_serial_failed(ds_call *call, ds_serial_port *port, ds_status st, bool writing, unsigned timeout_ms)
{
	switch (st) {
	case DS_OK:
	case DS_ERR_CANCELLED:
		return st;
	case DS_ERR_TIMEOUT:
		if (writing)
			return ds_plugin_host_fail(call, st,
						   _("The serial port %s took no data for %u s. "
						     "Unplug the device, plug it in again and retry."),
						   port->path, host_serial_seconds(timeout_ms));
		return ds_plugin_host_fail(call, st,
					   _("The device on %s sent nothing for %u s. "
					     "Check that it is powered and connected, then try again."),
					   port->path, host_serial_seconds(timeout_ms));
	case DS_ERR_INVALID:
		return ds_plugin_host_fail(call, st,
					   _("A serial port call had a wrong argument. This is a fault in the plugin; "
					     "report it to its vendor."));
	default:
		return ds_plugin_host_fail(call, DS_ERR_IO,
					   _("The connection to the device on %s was lost. "
					     "Check the USB cable and try again."),
					   port->path);
	}
}

/** ds_host_serial.write */
static ds_status host_serial_write(ds_call *call, ds_serial_port *port, const uint8_t *data, size_t len,
				   unsigned timeout_ms)
{
	ds_wait w = ds_plugin_host_wait(call);

	if (!port)
		return host_serial_failed(call, port, DS_ERR_INVALID, true, timeout_ms);
	return host_serial_failed(call, port, ds_serial_write(port, data, len, timeout_ms, &w), true, timeout_ms);
}

/** ds_host_serial.read */
static ds_status host_serial_read(ds_call *call, ds_serial_port *port, uint8_t *buf, size_t size, size_t *len,
				  unsigned timeout_ms)
{
	ds_wait w = ds_plugin_host_wait(call);
	size_t none;

	if (!len)
		len = &none;
	*len = 0;
	if (!port)
		return host_serial_failed(call, port, DS_ERR_INVALID, false, timeout_ms);
	return host_serial_failed(call, port, ds_serial_read(port, buf, size, len, timeout_ms, &w), false, timeout_ms);
}

/** The table plugins get. */
static const ds_host_serial host_serial = {
	.struct_size = sizeof(ds_host_serial),
	.open = host_serial_open,
	.close = ds_serial_close,
	.write = host_serial_write,
	.read = host_serial_read,
	.discard = ds_serial_discard,
};

const ds_host_serial *ds_host_serial_services(void)
{
	return &host_serial;
}
