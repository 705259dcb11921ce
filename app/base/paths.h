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
/** Largest file ds_paths_read_file reads (bytes). */
#define DS_PATHS_READ_MAX (16u << 20)

/** Writes data to path atomically: a new 0600 temp file in path's folder
 *  (O_EXCL|O_NOFOLLOW, random name), fsync, rename, fsync dir. 0 or -1. */
DS_MUST_CHECK int ds_paths_write_atomic(const char *path, const char *data, size_t len);
/** Reads a whole regular file of at most DS_PATHS_READ_MAX bytes into a new
 *  NUL-terminated buffer (caller frees). NULL on error, errno set: EINVAL
 *  for a FIFO, device or folder, EFBIG for a larger file. */
char *ds_paths_read_file(const char *path, size_t *len_out);
/** As ds_paths_read_file, with a limit of max bytes. */
char *ds_paths_read_file_max(const char *path, size_t max, size_t *len_out);
struct stat;
/** Why a file or folder that grants trust (a key, a trust store, a plugin
 *  folder) must not be used, as ssh judges it: others than its owner may
 *  write to it, or its owner is neither root nor this user. NULL when it is
 *  safe. English, for the log and for reasons shown with the path. */
const char *ds_paths_unsafe_owner(const struct stat *st);
/** Why a read failed with errno err, in words (translated). */
const char *ds_paths_read_error(int err);

#endif
