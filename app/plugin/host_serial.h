/* ds_host.serial (ABI 1.2): the serial-port service a plugin gets, on
 * app/serial/serial_port.h, with the message a person reads for every
 * failure recorded on the call (as ds_host.fail does). It runs inside the
 * plugin's runner process: the ports it opens are that process's, closed
 * by the plugin's close() or, at the latest, when the runner ends. When
 * ModemManager manages the modem that has the port, it is asked to let go
 * of it first (the call's progress says so), for as long as the port is
 * open; if the runner ends, its bus connection closes and ModemManager
 * takes the modem back by itself. */
#ifndef DS_HOST_SERIAL_H
#define DS_HOST_SERIAL_H

#include <doorstep/plugin.h>

/** The service table (static; valid for the life of the process). */
const ds_host_serial *ds_host_serial_services(void);

#endif
