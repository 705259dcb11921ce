/* ds_host.serial; see host_serial.h. */
#include "app/plugin/host_serial.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/plugin/plugin_host.h"
#include "app/serial/serial_port.h"

/** Seconds, rounded up, for messages. */
static unsigned host_serial_seconds(unsigned ms)
{
	return (ms + 999) / 1000;
}

/** ds_host_serial.open */
static ds_status host_serial_open(ds_call *call, const char *path, unsigned baud, ds_serial_port **out)
{
	int err = 0;
	ds_status st;

	if (!out)
		return DS_ERR_INVALID;
	st = ds_serial_open(path, baud, out, &err);
	if (!path)
		path = "";
	switch (st) {
	case DS_OK:
		return DS_OK;
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
