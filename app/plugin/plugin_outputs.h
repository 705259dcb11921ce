/* What a plugin hands back, made safe before the host reads it: every text
 * field of every output struct ends in a NUL and every bool is 0 or 1,
 * whatever the plugin wrote; a text buffer ends in a NUL. The plugin's
 * process sends its output structs as they are, and doorstep applies this
 * to each one it receives. */
#ifndef DS_PLUGIN_OUTPUTS_H
#define DS_PLUGIN_OUTPUTS_H

#include <stddef.h>

#include "app/plugin/runner_wire.h"

/** Size of the output struct op fills (0: op returns text, a device or nothing). */
size_t ds_plugin_output_size(ds_wire_op op);
/** True when op writes text into a buffer the caller sizes (a locator, a code). */
int ds_plugin_output_is_text(ds_wire_op op);
/** Ends every text field of op's output in out (size bytes) with a NUL and
 *  makes every bool 0 or 1. */
void ds_plugin_output_terminate(ds_wire_op op, void *out, size_t size);

#endif
