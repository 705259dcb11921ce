/* AT commands on a serial port: one command at a time over the host's
 * serial service (ds_host.serial, which opens the port exclusively in raw
 * mode and observes the user's cancel within 100 ms), its response framed
 * by at_frame.h. The plugin has no termios code of its own. */
#ifndef AT_PORT_H
#define AT_PORT_H

#include <stdbool.h>
#include <doorstep/plugin.h>

#include "at_frame.h"

/** How one command ended. */
typedef enum at_outcome {
	AT_DONE = 0,      /**< a final result code came (see the response) */
	AT_TIMEOUT = 1,   /**< none came in time */
	AT_CANCELLED = 2, /**< the user cancelled */
	AT_IO_ERROR = 3,  /**< the port failed (unplugged?) */
} at_outcome;

/** Time passing during a command, for progress: elapsed of timeout_ms. */
typedef void (*at_tick_fn)(void *ctx, unsigned elapsed_ms, unsigned timeout_ms);

/** An open port. */
typedef struct at_port {
	const ds_host_serial *serial; /**< the host's service */
	ds_serial_port *sp;
	char path[256];
	bool unsettled; /**< a command timed out: late bytes may still come */
} at_port;

/** Opens path through serial at 115200 8N1. On failure the status, with the
 *  message a person reads recorded on call by the host. */
ds_status at_port_open(at_port *port, const ds_host_serial *serial, ds_call *call, const char *path);
/** Closes the port (an unopened one too). */
void at_port_close(at_port *port);
/** Sends command (without "\r") and frames its response, waiting at most
 *  timeout_ms; tick (may be NULL) hears of time passing about once every
 *  100 ms. A cancelled command is aborted with a character, which 27.007
 *  lets a long command such as +COPS=? take as "stop". */
at_outcome at_port_command(at_port *port, ds_call *call, const char *command, unsigned timeout_ms, at_tick_fn tick,
			   void *ctx, at_response *resp);

#endif
