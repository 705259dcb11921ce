/* Each plugin runs in a process of its own, the runner (app/plugin/runner/):
 * it loads the plugin from the sealed, checked image with the same ABI and
 * serves it the same host table, and doorstep talks to it over a socket
 * pair (app/plugin/runner_wire.h). A plugin that crashes, exits, or keeps
 * running past DS_RUNNER_GRACE_MS after a cancel or past its time limit is
 * ended: the operation fails with a message that names the plugin and the
 * operation, and the next call starts a new runner, whose devices are
 * opened again from their locators. The other plugins and the session go
 * on, and one vendor's process never holds another vendor's secrets.
 *
 * Every call below is made with the plugin's lock held (ds_plugin_enter),
 * except ds_runner_interrupt. */
#ifndef DS_PLUGIN_RUNNER_H
#define DS_PLUGIN_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "app/base/jobs.h"
#include "app/base/must_check.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/runner_wire.h"

/** How long a plugin may go on after a cancel or its time limit before its
 *  runner is ended (ms). */
#define DS_RUNNER_GRACE_MS 2000u
/** Longest a runner may take to start and describe its plugin (ms). */
#define DS_RUNNER_START_MS 10000u
/** Longest init() may take (ms). */
#define DS_RUNNER_INIT_MS 30000u
/** Longest fini() may take when doorstep ends (ms). */
#define DS_RUNNER_FINI_MS 1000u
/** Longest a call that must not block (match_qr, match_ble) may take (ms). */
#define DS_RUNNER_MATCH_MS 5000u
/** Longest match_address may take: it may probe the address over the network (ms). */
#define DS_RUNNER_ADDRESS_MS 15000u

/** Starts lp's runner on lp->memfd and reads the descriptor it reports
 *  into lp->desc (each operation the plugin provides becomes a proxy,
 *  app/plugin/plugin_proxy.h). false with a reason (and no runner). */
DS_MUST_CHECK bool ds_runner_start(ds_loaded_plugin *lp, char *reason, size_t size);
/** Calls init() in the runner, once the loader has checked the descriptor.
 *  false with a reason (the runner is ended; ds_runner_stop frees). */
DS_MUST_CHECK bool ds_runner_init(ds_loaded_plugin *lp, char *reason, size_t size);
/** Calls fini() (waiting at most DS_RUNNER_FINI_MS), ends the runner and
 *  frees what ds_runner_start made. */
void ds_runner_stop(ds_loaded_plugin *lp);
/** For quitting, which never waits on a plugin; from any thread and
 *  without the plugin's lock: a call waiting on the runner ends it within
 *  a tick (100 ms), and no new call starts. ds_runner_stop still calls
 *  fini() in a runner that was idle. */
void ds_runner_interrupt(ds_loaded_plugin *lp);
/** Sets the longest one operation may take (ms; 0: no limit, only cancel). */
void ds_runner_set_limit(ds_loaded_plugin *lp, unsigned limit_ms);
/** The runner's process id, or 0 while none runs. */
pid_t ds_runner_pid(const ds_loaded_plugin *lp);

/* ---- for the proxies ---- */

/** The number of the runner that runs now (it counts the runners started),
 *  or 0 while none runs. */
unsigned ds_runner_generation(const ds_loaded_plugin *lp);

/** Makes sure a runner runs (starting a new one after one was ended);
 *  DS_OK, or a failure recorded on job. *generation gets the runner's
 *  number: devices opened under another number must be opened again. */
DS_MUST_CHECK ds_status ds_runner_ready(ds_loaded_plugin *lp, ds_job *job, unsigned *generation);
/** Starts a CALL of op in the runner's request buffer. */
ds_wire *ds_runner_begin(ds_loaded_plugin *lp, ds_wire_op op);
/** Sends the CALL, serves the runner until it answers (progress, log
 *  lines, host services), and returns the plugin's status; reply reads the
 *  outputs after the status and message (valid until the next call). A
 *  failure message the plugin recorded goes onto job. */
DS_MUST_CHECK ds_status ds_runner_call(ds_loaded_plugin *lp, ds_job *job, ds_wire_op op, ds_wire_reader *reply);

#endif
