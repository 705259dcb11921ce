/* Helpers shared by the unit tests: a private XDG tree per test. */
#ifndef DS_TEST_SUPPORT_H
#define DS_TEST_SUPPORT_H

#include <stddef.h>

#include "app/plugin/plugin_loader.h"

/** Creates a fresh temporary directory and points XDG_STATE_HOME and
 *  XDG_CONFIG_HOME into it. Returns its path (static storage). */
const char *ds_test_tmpdir(void);
/** ds_test_tmpdir, then English messages (LC_ALL=C, no LANGUAGE), the
 *  default plugin path (no DOORSTEP_PLUGIN_PATH) and an open log in the
 *  tree. Returns the tree's path (static storage); -1-free: dies on error. */
const char *ds_test_english_with_log(void);
/** Removes a directory tree (for cleanup). */
void ds_test_rmtree(const char *dir);
/** Path of the build tree's plugin directory. */
const char *ds_test_plugin_dir(void);
/** Path of the fixture plugins' directory. */
const char *ds_test_fixture_dir(void);
/** Loads the one plugin of the fixture directory case_dir into *set; aborts
 *  the test unless exactly that one loads. Returns it. */
ds_loaded_plugin *ds_test_load_fixture(const char *case_dir, ds_plugin_set **set);
/** Copies the build tree's signed plugin id (id.so and its minisig) into
 *  tmpdir/plugins and loads that directory through the real loader, so that
 *  no other plugin is asked anything; aborts the test unless it loads.
 *  Returns the set (ds_plugins_free). */
ds_plugin_set *ds_test_load_built_alone(const char *tmpdir, const char *id);
/** Runs argv (NULL-terminated) with stdin_text; captures stdout and stderr
 *  (malloc'd, caller frees). Returns the exit status, or -1. */
int ds_test_run(const char *const argv[], const char *stdin_text, char **out, char **err);

#endif
