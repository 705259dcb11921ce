/* Finds, checks and loads device plugins. A bad plugin is listed with its
 * reason and never stops the app. */
#ifndef DS_PLUGIN_LOADER_H
#define DS_PLUGIN_LOADER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>

/** A plugin that passed every check and whose init() returned DS_OK. */
typedef struct ds_loaded_plugin {
	ds_plugin desc;        /**< copy of the descriptor (zero-filled past struct_size) */
	char path[4096];       /**< the file it came from */
	void *handle;          /**< dlopen handle */
	ds_host host;          /**< this plugin's own host-services table */
	char data_dir[4096];   /**< backing store of host.data_dir */
	pthread_mutex_t lock;  /**< held around every call into the plugin */
} ds_loaded_plugin;

/** A file that was refused, and why (translated sentence). */
typedef struct ds_rejected_plugin {
	char path[4096];
	char reason[512];
} ds_rejected_plugin;

/** Every plugin found on the search path. */
typedef struct ds_plugin_set {
	ds_loaded_plugin **loaded;
	size_t n_loaded;
	ds_rejected_plugin *rejected;
	size_t n_rejected;
	char search_path[8192]; /**< the directories searched, ':'-separated */
} ds_plugin_set;

/** Builds the search path: $DOORSTEP_PLUGIN_PATH (':'-separated), then the
 *  build tree's plugin directory, then <libdir>/doorstep/plugins. */
void ds_plugin_search_path(char *buf, size_t size);
/** Loads every "*.so" in each directory of search_path (NULL: the default
 *  path), in path order then name order; the first plugin with an id wins.
 *  Never fails as a whole: refused files are listed. Caller frees. */
ds_plugin_set *ds_plugins_load(const char *search_path);
/** Checks and loads one file; on refusal returns NULL and writes the reason. */
ds_loaded_plugin *ds_plugin_load_file(const char *path, char *reason, size_t reason_size);
/** Calls fini() on every loaded plugin, unloads them and frees the set. */
void ds_plugins_free(ds_plugin_set *set);
/** The loaded plugin with this id, or NULL. */
ds_loaded_plugin *ds_plugins_find(const ds_plugin_set *set, const char *id);

#endif
