/* A fixture plugin with the host's devices and job workers (fixture_rig.h). */
#include "tests/support/fixture_rig.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/base/log.h"
#include "tests/support/test_support.h"

void ds_test_rig_open(ds_test_rig *rig, const char *case_dir, unsigned workers)
{
	memset(rig, 0, sizeof *rig);
	snprintf(rig->tmpdir, sizeof rig->tmpdir, "%s", ds_test_english_with_log());
	rig->plugin = ds_test_load_fixture(case_dir, &rig->set);
	rig->devices = ds_devices_new(rig->set);
	rig->jobs = ds_jobs_new(workers);
	cr_assert(rig->devices && rig->jobs, "cannot start the devices and the job workers");
}

void ds_test_rig_close(ds_test_rig *rig)
{
	ds_jobs_free(rig->jobs);
	ds_devices_free(rig->devices);
	ds_plugins_free(rig->set);
	ds_log_close();
	ds_test_rmtree(rig->tmpdir);
	memset(rig, 0, sizeof *rig);
}
