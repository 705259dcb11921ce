/* The host-services table handed to each plugin, and the rule for calling
 * into a plugin: hold its lock and mark it as the current plugin of this
 * thread (so that its log lines are tagged with its id). */
#ifndef DS_PLUGIN_HOST_H
#define DS_PLUGIN_HOST_H

#include "app/plugin/plugin_loader.h"
#include "app/base/must_check.h"
#include "app/base/wait.h"

/** Fills lp->host (and creates lp->data_dir) for the plugin in lp->desc. 0 or -1. */
DS_MUST_CHECK int ds_plugin_host_fill(ds_loaded_plugin *lp);
/** ds_host.fail, for the host services (app/plugin/host_*.c): records the
 *  message a person reads on the call (or logs it without one); returns status. */
ds_status ds_plugin_host_fail(ds_call *call, ds_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** A wait that the call's cancel ends (never, for a NULL call). */
ds_wait ds_plugin_host_wait(ds_call *call);
/** Takes the plugin's lock and marks it current on this thread. */
void ds_plugin_enter(ds_loaded_plugin *lp);
/** As ds_plugin_enter(), unless another thread is inside the plugin (a
 *  long operation): then false, and nothing is taken. */
bool ds_plugin_try_enter(ds_loaded_plugin *lp);
/** Undoes ds_plugin_enter(). */
void ds_plugin_leave(ds_loaded_plugin *lp);
/** The plugin marked current on this thread, or NULL. */
ds_loaded_plugin *ds_plugin_current(void);

#endif
