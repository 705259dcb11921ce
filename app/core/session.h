/* A working session: the loaded plugins, the job pool, the open devices,
 * the password register and the current site. The TUI and `run` each own one. */
#ifndef DS_SESSION_H
#define DS_SESSION_H

#include <stdbool.h>
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
	ds_site_lock *lock;              /**< held while site is open */
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
/** Saves the site (atomic). 0 or -1 with message set. */
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
