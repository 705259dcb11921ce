/* One D-Bus method call over sd-bus that waits as every wait a person sees
 * must: asynchronously underneath, in slices of at most 100 ms, with the
 * user's cancel and a timeout of its own. What BlueZ (app/ble) and
 * ModemManager (app/serial) are asked through. sd-bus is not thread-safe:
 * the bus belongs to the calling thread. */
#ifndef DS_DBUS_CALL_H
#define DS_DBUS_CALL_H

#include <stdbool.h>
#include <systemd/sd-bus.h>

#include "app/base/must_check.h"
#include "app/base/wait.h"
#include <doorstep/plugin.h>

/** Sends call (not consumed) and waits for the reply at most timeout_ms,
 *  running the bus meanwhile (so signal handlers run), checking w's cancel
 *  between slices and telling it the time passing (w may be NULL), and
 *  ending DS_ERR_NOT_FOUND as soon as *gone turns true (a signal handler
 *  saw the peer's object go; gone may be NULL). DS_OK with *reply (unref
 *  it); DS_ERR_IO with err filled when the peer answered with an error or
 *  the bus failed; DS_ERR_TIMEOUT; DS_ERR_CANCELLED. */
DS_MUST_CHECK ds_status ds_dbus_call(sd_bus *bus, sd_bus_message *call, unsigned timeout_ms, const ds_wait *w,
				     const bool *gone, sd_bus_message **reply, sd_bus_error *err);

#endif
