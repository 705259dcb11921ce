/* ABI stability: a plugin built against the frozen ABI 1.0 header
 * (tests/fixtures/abi-1.0) still loads in this host (ABI 1.1); the
 * operations that 1.1 appended read as not provided, and its 1.0
 * operations work. */
#include <criterion/criterion.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/plugin_ops.h"
#include "tests/support/test_support.h"

static char tmpdir[4096];

/** Private XDG tree, English messages, an open log. */
static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s", ds_test_tmpdir());
	setenv("LC_ALL", "C", 1);
	unsetenv("DOORSTEP_PLUGIN_PATH");
	ds_i18n_init();
	cr_assert_eq(ds_log_open(), 0);
}

/** Closes the log and removes the XDG tree. */
static void teardown(void)
{
	ds_log_close();
	ds_test_rmtree(tmpdir);
}

TestSuite(abi_compat, .init = setup, .fini = teardown);

/** The fixture's directory. */
static const char *abi10_dir(char *buf, size_t size)
{
	snprintf(buf, size, "%s/abi-1.0-plugin", ds_test_fixture_dir());
	return buf;
}

/** What the job found calling the 1.0 operations. */
struct abi10_run {
	ds_loaded_plugin *lp;
	char locator[DS_LOCATOR_MAX];
	ds_device_info info;
	char handover[64];
};

/** Job: match_qr, open, device_info, handover_code, close, as the host does. */
static ds_status abi10_job(ds_job *job, void *arg)
{
	struct abi10_run *r = arg;
	const ds_plugin *p = &r->lp->desc;
	ds_device *dev = NULL;
	ds_status st;

	ds_plugin_enter(r->lp);
	st = p->match_qr(job, "CF:dev", r->locator, sizeof r->locator);
	if (st == DS_OK)
		st = p->open(job, r->locator, &dev);
	if (st == DS_OK)
		st = p->device_info(job, dev, &r->info);
	if (st == DS_OK)
		st = p->handover_code(job, dev, r->handover, sizeof r->handover);
	if (dev)
		p->close(dev);
	ds_plugin_leave(r->lp);
	return st;
}

Test(abi_compat, plugin_built_against_1_0_loads_with_1_1_operations_null)
{
	char dir[4096];
	ds_plugin_set *set = ds_plugins_load(abi10_dir(dir, sizeof dir));
	ds_loaded_plugin *lp;

	cr_assert_not_null(set);
	cr_assert_eq(set->n_rejected, 0, "refused: %s", set->n_rejected ? set->rejected[0].reason : "");
	lp = ds_plugins_find(set, "fx-abi-1-0");
	cr_assert_not_null(lp, "the ABI 1.0 plugin did not load");
	cr_assert_eq(lp->desc.abi_major, 1);
	cr_assert_eq(lp->desc.abi_minor, 0);
	/* Its descriptor ends where 1.0's did: right before operator_scan. */
	cr_assert_eq(lp->desc.struct_size, offsetof(ds_plugin, operator_scan));
	cr_assert_lt(lp->desc.struct_size, sizeof(ds_plugin));
	/* The 1.1 operations are not its own (the host's stubs stand in for them). */
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_OPERATOR_SCAN));
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_WIFI_STATUS));
	cr_assert_null(lp->desc.cloud_urls);
	cr_assert_null(lp->desc.ble_claims);
	/* Its 1.0 operations are all there. */
	cr_assert(ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_QR | DS_PLUGIN_OP_DISCOVER | DS_PLUGIN_OP_HANDOVER_CODE));
	cr_assert_eq(lp->host.abi_minor, DS_PLUGIN_ABI_MINOR);
	ds_plugins_free(set);
}

Test(abi_compat, operations_of_a_1_0_plugin_work)
{
	char dir[4096], message[256];
	ds_plugin_set *set = ds_plugins_load(abi10_dir(dir, sizeof dir));
	struct abi10_run r = { 0 };
	ds_jobs *jobs = ds_jobs_new(1);

	cr_assert_not_null(set);
	cr_assert_not_null(jobs);
	r.lp = ds_plugins_find(set, "fx-abi-1-0");
	cr_assert_not_null(r.lp);
	cr_assert_eq(ds_jobs_run(jobs, abi10_job, &r, NULL, NULL, message, sizeof message), DS_OK,
		     "%s", message);
	cr_assert_str_eq(r.locator, "cf:dev");
	cr_assert_str_eq(r.info.serial, "CF-0001");
	cr_assert_eq(r.info.features, DS_FEATURE_HANDOVER);
	cr_assert_str_eq(r.handover, "cf-handover");
	ds_jobs_free(jobs);
	ds_plugins_free(set);
}
