/* One serial port, used the way AT-command modules and other serial
 * devices need: opened exclusively (flock and TIOCEXCL, so neither another
 * doorstep nor a tool such as ModemManager that honours the lock talks to
 * it meanwhile), raw 8N1 at a chosen speed, and read and written with a
 * timeout in slices of at most 100 ms that check the user's cancel. This is
 * the host side of ds_host.serial (app/plugin/host_serial.h). */
#ifndef DS_SERIAL_PORT_H
#define DS_SERIAL_PORT_H

#include <stddef.h>
#include <stdint.h>
#include <doorstep/plugin.h>

#include "app/base/must_check.h"
#include "app/base/wait.h"

/** The speed a port opens at when none is asked for. */
#define DS_SERIAL_DEFAULT_BAUD 115200u

struct ds_mm_modem;

/** An open port (the SDK's opaque ds_serial_port). */
struct ds_serial_port {
	int fd;
	char path[DS_LOCATOR_MAX];
	struct ds_mm_modem *mm; /**< ModemManager's modem, inhibited while the port is open, or NULL */
};

/** Opens path exclusively, raw, 8N1, at baud (0: DS_SERIAL_DEFAULT_BAUD).
 *  DS_ERR_NOT_FOUND: no such device; DS_ERR_AUTH: no permission;
 *  DS_ERR_BUSY: another program holds it; DS_ERR_INVALID: not a serial port,
 *  or a speed it does not know; DS_ERR_IO: it could not be set up;
 *  DS_ERR_NO_MEMORY. *err gets the errno behind a failure (0 if none). */
DS_MUST_CHECK ds_status ds_serial_open(const char *path, unsigned baud, ds_serial_port **out, int *err);
/** As ds_serial_open, but while another program holds the port (DS_ERR_BUSY)
 *  tries again until timeout_ms has passed, checking w's cancel and telling
 *  w's tick the time passing: for a port that ModemManager is letting go
 *  of. DS_ERR_BUSY when it is still held then; DS_ERR_CANCELLED. */
DS_MUST_CHECK ds_status ds_serial_open_within(const char *path, unsigned baud, unsigned timeout_ms, const ds_wait *w,
					      ds_serial_port **out, int *err);
/** Releases the lock and closes the port, then gives ModemManager its
 *  modem back if port->mm is set (modem_manager.h); NULL is allowed. */
void ds_serial_close(ds_serial_port *port);
/** Writes all len bytes within timeout_ms: DS_OK, DS_ERR_TIMEOUT (the port
 *  takes nothing), DS_ERR_CANCELLED or DS_ERR_IO (unplugged). */
DS_MUST_CHECK ds_status ds_serial_write(ds_serial_port *port, const uint8_t *data, size_t len, unsigned timeout_ms,
					const ds_wait *w);
/** Reads what has arrived (1 to size bytes; count in *len) within
 *  timeout_ms: DS_OK, DS_ERR_TIMEOUT, DS_ERR_CANCELLED or DS_ERR_IO (the
 *  port went away). */
DS_MUST_CHECK ds_status ds_serial_read(ds_serial_port *port, uint8_t *buf, size_t size, size_t *len,
				       unsigned timeout_ms, const ds_wait *w);
/** Drops whatever has arrived and not been read yet. */
void ds_serial_discard(ds_serial_port *port);

#endif
