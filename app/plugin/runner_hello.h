/* The HELLO a plugin runner sends once it has loaded its plugin: the
 * descriptor as data (its strings, capabilities, which operations it
 * provides, its cloud URLs and BLE claims), or why it did not load. Both
 * sides use this one file: the runner writes it, doorstep reads it, as it
 * reads everything from a runner, as untrusted input. */
#ifndef DS_RUNNER_HELLO_H
#define DS_RUNNER_HELLO_H

#include <stdbool.h>
#include <stdint.h>
#include <doorstep/plugin.h>

#include "app/plugin/runner_wire.h"

/** Most cloud URLs and BLE claims a HELLO carries (more are left out). */
#define DS_RUNNER_HELLO_LIST_MAX 64

/** A descriptor read from a HELLO, with the memory its pointers use. */
typedef struct ds_runner_desc {
	ds_plugin desc;       /**< strings and lists point into the fields below; no operation is set */
	uint64_t ops;         /**< the optional operations it provides (DS_PLUGIN_OP_* bits) */
	char *strings[5];     /**< id, name, vendor, version, text domain */
	char **cloud_urls;    /**< NULL-terminated, or NULL */
	ds_ble_claim *claims; /**< ended by DS_BLE_CLAIM_END, or NULL */
} ds_runner_desc;

/** Writes a HELLO: d and ops when the plugin loaded, else reason. */
void ds_runner_hello_write(ds_wire *w, const ds_plugin *d, uint64_t ops, const char *reason);
/** Reads a HELLO (after its type) into out (zeroed first). true when the
 *  plugin loaded and every field is there; false with *reason pointing
 *  into the message (the runner's reason, or NULL when it is malformed or
 *  memory ran out). Free out with ds_runner_hello_free either way. */
bool ds_runner_hello_read(ds_wire_reader *in, ds_runner_desc *out, const char **reason);
/** Frees what ds_runner_hello_read kept; out may be read again after. */
void ds_runner_hello_free(ds_runner_desc *d);

#endif
