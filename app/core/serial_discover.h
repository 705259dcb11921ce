/* Finding devices on serial ports: each port of ds_serial_ports_list() is
 * offered to every plugin that declares DS_CAP_SERIAL, whose match_serial
 * probes it; the first plugin to claim a port opens it. This is how the
 * Devices step's "search nearby" and a plan's devices-by-serial reach
 * match_serial (both run ds_op_discover_job). */
#ifndef DS_SERIAL_DISCOVER_H
#define DS_SERIAL_DISCOVER_H

#include "app/core/devices.h"
#include "app/base/must_check.h"

/** Asks each serial plugin to claim port (a port opened earlier in this
 *  session stays its plugin's); the claiming plugin with its locator, or
 *  NULL. The first refusal with a reason (no permission, port busy) goes to
 *  *problem, which the caller sets to DS_OK first. Runs inside a job. */
ds_loaded_plugin *ds_serial_claim(ds_job *job, ds_devices *devices, const char *port, char *locator,
				  size_t locator_size, ds_status *problem);

/** Probes every serial port, opens and describes each claimed device and
 *  posts it as an item (a malloc'd ds_site_device, freed with free()),
 *  adding to *found. A port no plugin claims is skipped. DS_ERR_CANCELLED
 *  when the user cancels; when no port gave a device but a plugin refused
 *  one with a reason (no permission, busy), that status, with the plugin's
 *  message as the job's; DS_OK otherwise. Runs inside a job. */
DS_MUST_CHECK ds_status ds_serial_discover(ds_job *job, ds_devices *devices, size_t *found);

#endif
