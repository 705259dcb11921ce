/* The operations doorstep calls on a plugin that runs in its runner
 * (app/plugin/plugin_runner.h): each has the operation's own signature,
 * sends its arguments to the runner and hands back the outputs, terminated
 * (app/plugin/plugin_outputs.h). A device handle here stands for the
 * plugin's device in the runner and keeps its locator: after the runner
 * was ended and started again, the device is opened again from it.
 *
 * The plugin is found from the device handle, or else from the thread's
 * current plugin (ds_plugin_enter): call with the plugin's lock held, as
 * every call into a plugin is made. Vendor settings (option_*) are not
 * offered by the host and not carried to the runner. */
#ifndef DS_PLUGIN_PROXY_H
#define DS_PLUGIN_PROXY_H

#include <stdint.h>
#include <doorstep/plugin.h>

/** Puts a proxy in every mandatory operation of d and in each optional
 *  one in ops (ds_plugin_op bits); the others stay NULL. */
void ds_plugin_proxy_fill(ds_plugin *d, uint64_t ops);

#endif
