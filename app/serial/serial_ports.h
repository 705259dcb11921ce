/* The serial ports this laptop has that a cellular module may sit on:
 * USB serial adapters and modems (/dev/ttyUSB*, /dev/ttyACM*), plus the
 * ports named in $DOORSTEP_SERIAL_PORTS (':'-separated), which is how a
 * module on another kind of port, or a test's pseudo-terminal, is found. */
#ifndef DS_SERIAL_PORTS_H
#define DS_SERIAL_PORTS_H

#include <stddef.h>
#include <doorstep/plugin.h>

/** The environment variable naming extra ports. */
#define DS_SERIAL_PORTS_ENV "DOORSTEP_SERIAL_PORTS"
/** Most ports listed. */
#define DS_SERIAL_PORTS_MAX 32

/** Fills ports with at most max port paths: those of $DOORSTEP_SERIAL_PORTS
 *  first, then /dev/ttyUSB* and /dev/ttyACM* in name order, each once.
 *  Returns how many. */
size_t ds_serial_ports_list(char (*ports)[DS_LOCATOR_MAX], size_t max);

#endif
