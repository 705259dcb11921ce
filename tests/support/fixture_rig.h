/* One fixture plugin at work for a unit test of the core's jobs: a private
 * English tree with an open log, the plugin loaded through the real loader,
 * the host's devices on it and job workers. */
#ifndef DS_TEST_FIXTURE_RIG_H
#define DS_TEST_FIXTURE_RIG_H

#include <limits.h>

#include "app/base/jobs.h"
#include "app/core/devices.h"
#include "app/plugin/plugin_loader.h"

/** What a test of one fixture plugin works with. */
typedef struct ds_test_rig {
	char tmpdir[PATH_MAX];    /**< the private tree (removed on close) */
	ds_plugin_set *set;       /**< the fixture directory, loaded */
	ds_loaded_plugin *plugin; /**< its one plugin */
	ds_devices *devices;      /**< the host's devices on set */
	ds_jobs *jobs;            /**< the job workers */
} ds_test_rig;

/** Makes the private tree (ds_test_english_with_log), loads the fixture
 *  directory case_dir, which must hold exactly one plugin, and starts
 *  workers job workers; aborts the test when any of it fails. */
void ds_test_rig_open(ds_test_rig *rig, const char *case_dir, unsigned workers);
/** Stops the workers, frees the devices and plugins, closes the log and
 *  removes the tree. */
void ds_test_rig_close(ds_test_rig *rig);

#endif
