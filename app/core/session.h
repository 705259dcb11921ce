/* A working session: the loaded plugins, the job pool, the open devices,
 * the password register and the current site. The TUI and `run` each own one. */
#ifndef DS_SESSION_H
#define DS_SESSION_H

#include <stdbool.h>
#include <sys/types.h>
#include "app/base/jobs.h"
#include "app/core/devices.h"
#include "app/password/password_policy.h"
#include "app/core/site.h"
#include "app/base/must_check.h"
#include "app/core/site_lock.h"

/** Everything one run of doorstep works with. */
typedef struct ds_session {
	ds_plugin_set *plugins;          /**< every plugin found (for `plugins`) */
	ds_plugin_set active;            /**< the ones in use: simulated only with --demo, else real only */
	ds_jobs *jobs;
	ds_devices *devices;
	ds_password_register *passwords; /**< keyed hashes, memory only */
	ds_site *site;                   /**< NULL until a site is opened */
	bool demo;
	bool allow_unsigned;             /**< unsigned plugins were allowed (--allow-unsigned) */
	ds_site_lock *lock;              /**< held while site is open (NULL while read-only) */
	bool read_only;                  /**< site was opened without its lock: nothing may change */
	pid_t holder;                    /**< while read_only: the process that has the site open (0: unknown) */
} ds_session;

/** How a session starts. */
typedef struct ds_session_options {
	bool demo;            /**< use only simulated plugins (the demo system) */
	bool allow_unsigned;  /**< load unsigned and untrusted-key plugins too (plugin development) */
} ds_session_options;

/** Loads plugins and starts the workers. With demo, only simulated plugins are
 *  used (and one must exist); without, simulated ones are left out. Only
 *  trusted plugins load. NULL on failure with message set. */
ds_session *ds_session_new(bool demo, char *message, size_t message_size);
/** As ds_session_new, with every option (NULL: the defaults). */
ds_session *ds_session_new_ex(const ds_session_options *opts, char *message, size_t message_size);
/** Quitting: a worker waiting on a plugin stops waiting within 100 ms and
 *  no new call into a plugin starts (quitting never waits on a plugin).
 *  ds_session_free does it too; call it first where the workers are stopped
 *  before the session is freed. */
void ds_session_quitting(ds_session *s);
/** Closes devices, stops jobs, unloads plugins, frees the site. */
void ds_session_free(ds_session *session);
/** Opens site (taking ownership) as the session's site, holding its lock
 *  while it is open, so that no other doorstep writes it meanwhile. 0; -1
 *  when another doorstep holds it (message says which and what to do), and
 *  site is freed. */
DS_MUST_CHECK int ds_session_open_site(ds_session *session, ds_site *site, char *message, size_t message_size);
/** As ds_session_open_site, but when another doorstep holds the lock, site
 *  stays the caller's and *holder is that process's id (0 when unknown or on
 *  another error). 0 or -1 with message set. */
DS_MUST_CHECK int ds_session_open_site_ex(ds_session *session, ds_site *site, pid_t *holder, char *message,
					  size_t message_size);
/** Opens site (taking ownership) read-only, without its lock, while process
 *  holder has it open: until another site is opened, ds_session_may_change
 *  refuses, so nothing is saved and no device is changed. */
void ds_session_open_site_read_only(ds_session *session, ds_site *site, pid_t holder);
/** The one rule whether session may change its site or its devices. 0; -1
 *  when the site is open read-only, with message naming the process that
 *  holds it and what to do. */
DS_MUST_CHECK int ds_session_may_change(const ds_session *session, char *message, size_t message_size);
/** Whether job fn may run in session: a job that changes a device or adds
 *  one (pairing, passwords, Wi-Fi, operator choice, failover test, eSIM
 *  download) needs ds_session_may_change; reading is always allowed. 0 or
 *  -1 with message set. */
DS_MUST_CHECK int ds_session_may_run(const ds_session *session, ds_job_fn fn, char *message, size_t message_size);
/** Saves the site (atomic). 0 (nothing to do without a site) or -1 with
 *  message set, also when ds_session_may_change refuses. */
DS_MUST_CHECK int ds_session_save(ds_session *session, char *message, size_t message_size);

/** The warning every screen shows while unsigned plugins are allowed, or
 *  NULL when session loads trusted plugins only. */
const char *ds_session_trust_banner(const ds_session *session);
/** Fills ctx for a device of a site (site may be NULL): the device's rules,
 *  vendor, model and serial, the site's name, and reg. Everything is
 *  borrowed; factory_default, current, mac, ssid, user and words stay NULL
 *  for the caller to add. */
void ds_session_password_context(ds_password_context *ctx, const ds_site *site, const ds_site_device *dev,
				 const ds_password_register *reg);

#endif
