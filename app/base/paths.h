/* XDG locations of doorstep's files. */
#ifndef DS_PATHS_H
#define DS_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include "app/base/must_check.h"

/** Writes $XDG_STATE_HOME/doorstep (default ~/.local/state/doorstep) to buf. 0 or -1. */
DS_MUST_CHECK int ds_paths_state_dir(char *buf, size_t size);
/** Writes $XDG_CONFIG_HOME/doorstep (default ~/.config/doorstep) to buf. 0 or -1. */
DS_MUST_CHECK int ds_paths_config_dir(char *buf, size_t size);
/** Writes the directory holding site files (<state>/sites) to buf. 0 or -1. */
DS_MUST_CHECK int ds_paths_sites_dir(char *buf, size_t size);
/** Writes the private data directory of plugin id (<state>/plugins/<id>). 0 or -1. */
DS_MUST_CHECK int ds_paths_plugin_data_dir(const char *plugin_id, char *buf, size_t size);
/** True when this binary runs from the build tree it was built in (tests,
 *  `build/doorstep`), false when installed: only then are the build tree's
 *  plugins and development key used. */
bool ds_paths_in_build_tree(void);
/** Creates dir and its parents with mode 0700 where missing. 0 or -1 (errno set). */
DS_MUST_CHECK int ds_paths_mkdir_p(const char *dir);
/** Writes data to path atomically: temp file, fsync, rename, fsync dir. 0 or -1. */
DS_MUST_CHECK int ds_paths_write_atomic(const char *path, const char *data, size_t len);
/** Reads a whole file into a new NUL-terminated buffer (caller frees); NULL on error. */
char *ds_paths_read_file(const char *path, size_t *len_out);

#endif
