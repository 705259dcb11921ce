/* A serial port that speaks AT: opened exclusively in raw mode, one command
 * at a time, every wait in slices of at most 100 ms that check for
 * cancellation, so no call blocks past its timeout or the user's Esc. */
#ifndef AT_PORT_H
#define AT_PORT_H

#include <stdbool.h>

#include "at_frame.h"

/** Why a port could not be used. */
typedef enum at_port_error {
	AT_PORT_OK = 0,
	AT_PORT_NO_DEVICE = 1,   /**< the file does not exist */
	AT_PORT_DENIED = 2,      /**< no permission (not in group dialout) */
	AT_PORT_LOCKED = 3,      /**< another program holds it */
	AT_PORT_NOT_TTY = 4,     /**< not a serial port */
	AT_PORT_IO = 5,          /**< read or write failed */
} at_port_error;

/** How one command ended. */
typedef enum at_outcome {
	AT_DONE = 0,             /**< a final result code came (see the response) */
	AT_TIMEOUT = 1,          /**< none came in time */
	AT_CANCELLED = 2,        /**< the user cancelled */
	AT_IO_ERROR = 3,         /**< the port failed (unplugged?) */
} at_outcome;

/** What a wait checks every slice: cancellation, and time passing (for progress). */
typedef struct at_wait {
	bool (*cancelled)(void *ctx);
	void (*tick)(void *ctx, unsigned elapsed_ms, unsigned timeout_ms); /**< may be NULL */
	void *ctx;
} at_wait;

/** An open port. */
typedef struct at_port {
	int fd;
	char path[256];
	bool unsettled;          /**< a command timed out: late bytes may still come */
} at_port;

/** Opens path (O_NOCTTY, O_CLOEXEC, exclusive lock, raw 115200 8N1). */
at_port_error at_port_open(at_port *port, const char *path);
/** Closes the port. */
void at_port_close(at_port *port);
/** Sends command (without "\r") and frames its response, waiting at most
 *  timeout_ms. A cancelled command is aborted with a character, which
 *  27.007 lets a long command such as +COPS=? take as "stop". */
at_outcome at_port_command(at_port *port, const char *command, unsigned timeout_ms, const at_wait *wait,
			   at_response *resp);

#endif
