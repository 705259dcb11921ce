/* A demo session with its panel added (demo_session.h). */
#include "tests/support/demo_session.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/core/device_ops.h"

ds_session *ds_test_demo_session(ds_site_device *panel)
{
	char msg[512];
	ds_op_add_qr add;
	ds_session *s = ds_session_new(true, msg, sizeof msg);

	cr_assert_not_null(s, "%s", msg);
	memset(&add, 0, sizeof add);
	add.devices = s->devices;
	snprintf(add.payload, sizeof add.payload, "%s", DS_TEST_DEMO_PANEL_LABEL);
	cr_assert_eq(ds_jobs_run(s->jobs, ds_op_add_qr_job, &add, NULL, NULL, msg, sizeof msg), DS_OK, "%s", msg);
	*panel = add.found;
	return s;
}
