/* Finds, checks and loads device plugins. A bad plugin is listed with its
 * reason and never stops the app. */
#ifndef DS_PLUGIN_LOADER_H
#define DS_PLUGIN_LOADER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <doorstep/plugin.h>

#include "app/plugin/plugin_trust.h"

/** A plugin that passed every check and whose init() returned DS_OK. */
typedef struct ds_loaded_plugin {
	ds_plugin desc;        /**< copy of the descriptor (zero-filled past struct_size); every
	                            optional operation it lacks holds a host stub (plugin_ops.h) */
	uint64_t ops;          /**< the optional operations the plugin itself provides (DS_PLUGIN_OP_* bits) */
	char path[4096];       /**< the file it came from */
	void *handle;          /**< dlopen handle */
	ds_host host;          /**< this plugin's own host-services table */
	char data_dir[4096];   /**< backing store of host.data_dir */
	pthread_mutex_t lock;  /**< held around every call into the plugin */
	ds_trust_state trust;  /**< DS_TRUST_TRUSTED, or what allow_unsigned let through */
	ds_trust_signer signer;  /**< who signed it (empty when unsigned) */
	char trust_reason[512];  /**< why it is not trusted (translated; "" when trusted) */
	char load_path[64];    /**< what dlopen() opened: /proc/self/fd/N of the sealed memfd */
	int memfd;             /**< that memfd, holding the verified bytes; open while loaded */
	struct ds_plugin_runner *runner; /**< the process it runs in (plugin_runner.h); NULL when
	                                      it was loaded into this one (handle, load_path) */
} ds_loaded_plugin;

/** A file that was refused, and why (translated sentence). */
typedef struct ds_rejected_plugin {
	char path[4096];
	char reason[512];
	ds_trust_state trust;    /**< DS_TRUST_NOT_CHECKED when refused before the signature check */
	ds_trust_signer signer;  /**< who signed it, as far as is known */
} ds_rejected_plugin;

/** Every plugin found on the search path. */
typedef struct ds_plugin_set {
	ds_loaded_plugin **loaded;
	size_t n_loaded;
	ds_rejected_plugin *rejected;
	size_t n_rejected;
	char search_path[8192]; /**< the directories searched, ':'-separated */
	char trust_dirs[8192];  /**< the trust store's directories, ':'-separated */
	size_t n_trusted_keys;  /**< public keys found in them */
	bool allow_unsigned;    /**< unsigned and untrusted-key plugins were let through */
} ds_plugin_set;

/** Writes a translated, printf-style refusal reason into reason (size bytes; nothing when NULL). */
void ds_plugin_set_reason(char *reason, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** Builds the search path: $DOORSTEP_PLUGIN_PATH (':'-separated), then the
 *  build tree's plugin directory (only when this binary runs from that
 *  tree), then <libdir>/doorstep/plugins. */
void ds_plugin_search_path(char *buf, size_t size);
/** Loads every "*.so" in each directory of search_path (NULL: the default
 *  path), in path order then name order; the first plugin with an id wins.
 *  Only trusted plugins load (see ds_plugins_load_ex). Never fails as a
 *  whole: refused files are listed. Caller frees. */
ds_plugin_set *ds_plugins_load(const char *search_path);
/** As ds_plugins_load; with allow_unsigned (plugin development only),
 *  unsigned plugins and plugins signed with a key outside the trust store
 *  load too, with their trust state recorded. A signature that does not
 *  verify or is malformed is always refused. */
ds_plugin_set *ds_plugins_load_ex(const char *search_path, bool allow_unsigned);
/** Checks and loads one file (trusted only); on refusal returns NULL and
 *  writes the reason. */
ds_loaded_plugin *ds_plugin_load_file(const char *path, char *reason, size_t reason_size);
/** As ds_plugin_load_file, with allow_unsigned as in ds_plugins_load_ex.
 *  The file is read once; those bytes are checked (ELF header, signature),
 *  copied into a sealed memfd and loaded from there, so a file changed on
 *  disk after the check is never what runs. Every plugin runs in a process
 *  of its own (plugin_runner.h); lp->desc holds proxies. */
ds_loaded_plugin *ds_plugin_load_file_ex(const char *path, bool allow_unsigned, char *reason,
					 size_t reason_size);
/** As ds_plugin_load_file_ex, but loads the plugin into this process (the
 *  conformance checker, which runs in a child of its own and wants to see
 *  what the plugin itself does). */
ds_loaded_plugin *ds_plugin_load_file_here(const char *path, bool allow_unsigned, char *reason, size_t reason_size);
/** Loads the sealed image in lp->memfd into this process (dlopen of
 *  /proc/self/fd/N) and checks the descriptor: what a runner does with the
 *  image it is given. false with a reason. */
bool ds_plugin_open_image(ds_loaded_plugin *lp, char *reason, size_t size);
/** Gives the plugin opened by ds_plugin_open_image its host table (with ble
 *  in place of the host's BLE services, unless NULL) and text domain, and
 *  calls init(). false with a reason. */
bool ds_plugin_start_here(ds_loaded_plugin *lp, const ds_host_ble *ble, char *reason, size_t size);
/** Calls fini() and unloads one plugin from ds_plugin_load_file(); NULL is fine. */
void ds_plugin_unload(ds_loaded_plugin *lp);
/** Calls fini() on every loaded plugin, unloads them and frees the set. */
void ds_plugins_free(ds_plugin_set *set);
/** For quitting, which never waits on a plugin (from any thread): a call
 *  waiting on a plugin's process ends it within 100 ms, and no new call
 *  starts. ds_plugins_free still follows (fini() where a plugin was idle). */
void ds_plugins_interrupt(ds_plugin_set *set);
/** The longest one operation of any plugin may take before it is
 *  cancelled and, DS_RUNNER_GRACE_MS later, its process ended (ms; 0: no
 *  limit). */
void ds_plugins_set_limit(ds_plugin_set *set, unsigned limit_ms);
/** The loaded plugin with this id, or NULL. */
ds_loaded_plugin *ds_plugins_find(const ds_plugin_set *set, const char *id);

#endif
