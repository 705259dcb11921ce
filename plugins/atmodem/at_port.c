/* AT commands over ds_host.serial; see at_port.h. */
#include "at_port.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/** Longest single read between progress ticks (the host checks cancel within it too). */
#define AT_SLICE_MS 100
/** How long late bytes are drained after a timeout. */
#define AT_SETTLE_MS 300
/** How long a write may wait for the port to take the bytes. */
#define AT_WRITE_MS 2000
/** How long the abort character of a cancelled command may take. */
#define AT_ABORT_MS 100

/** Milliseconds on the monotonic clock. */
static unsigned long long at_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000u + (unsigned long long)ts.tv_nsec / 1000000u;
}

ds_status at_port_open(at_port *port, const ds_host_serial *serial, ds_call *call, const char *path)
{
	ds_status st;

	memset(port, 0, sizeof *port);
	port->serial = serial;
	if (!serial)
		return DS_ERR_UNSUPPORTED;
	st = serial->open(call, path, 115200, &port->sp);
	if (st != DS_OK) {
		port->sp = NULL;
		return st;
	}
	snprintf(port->path, sizeof port->path, "%s", path);
	return DS_OK;
}

void at_port_close(at_port *port)
{
	if (port->serial && port->sp)
		port->serial->close(port->sp);
	port->sp = NULL;
}

/** Drops stray unsolicited codes, and after a timeout the late answer
 *  (whatever arrives for AT_SETTLE_MS); false when cancelled. */
static bool at_port_settle(at_port *port, ds_call *call)
{
	unsigned long long end = at_now_ms() + AT_SETTLE_MS;
	uint8_t buf[256];

	while (port->unsettled) {
		unsigned long long now = at_now_ms();
		size_t got;
		ds_status st;

		if (now >= end)
			break;
		st = port->serial->read(call, port->sp, buf, sizeof buf, &got, (unsigned)(end - now));
		if (st == DS_ERR_CANCELLED)
			return false;
		if (st != DS_OK)
			break;
	}
	port->serial->discard(port->sp);
	port->unsettled = false;
	return true;
}

at_outcome at_port_command(at_port *port, ds_call *call, const char *command, unsigned timeout_ms, at_tick_fn tick,
			   void *ctx, at_response *resp)
{
	unsigned long long start, end;
	char line[AT_COMMAND_MAX + 1]; /* the command and its "\r" */
	at_framer fr;
	ds_status st;
	int n;

	at_framer_start(&fr, command, resp);
	if (!port->sp)
		return AT_IO_ERROR;
	if (!at_port_settle(port, call))
		return AT_CANCELLED;
	n = snprintf(line, sizeof line, "%s\r", command);
	if (n < 0 || (size_t)n >= sizeof line)
		return AT_IO_ERROR;
	st = port->serial->write(call, port->sp, (const uint8_t *)line, (size_t)n, AT_WRITE_MS);
	if (st == DS_ERR_CANCELLED)
		return AT_CANCELLED;
	if (st != DS_OK)
		return AT_IO_ERROR;
	start = at_now_ms();
	end = start + timeout_ms;
	for (;;) {
		unsigned long long now = at_now_ms();
		uint8_t buf[512];
		size_t got;

		if (now >= end) {
			port->unsettled = true;
			return AT_TIMEOUT;
		}
		if (tick)
			tick(ctx, (unsigned)(now - start), timeout_ms);
		st = port->serial->read(call, port->sp, buf, sizeof buf, &got,
					end - now < AT_SLICE_MS ? (unsigned)(end - now) : AT_SLICE_MS);
		if (st == DS_ERR_TIMEOUT)
			continue;
		if (st == DS_ERR_CANCELLED) {
			/* Any character aborts a running command; no call: it must go
			 * out although the user cancelled. */
			st = port->serial->write(NULL, port->sp, (const uint8_t *)"\r", 1, AT_ABORT_MS);
			port->unsettled = true;
			return AT_CANCELLED;
		}
		if (st != DS_OK)
			return AT_IO_ERROR;
		if (at_framer_feed(&fr, (const char *)buf, got))
			return AT_DONE;
	}
}
