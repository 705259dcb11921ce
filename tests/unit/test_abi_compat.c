/* ABI stability: plugins built against the frozen ABI 1.0 and 1.1 headers
 * (tests/fixtures/abi-1.0, abi-1.1) still load in this host (ABI 1.2); the
 * operations appended after them read as not provided, their own
 * operations work, and the grown ds_check of 1.2 is never read past what a
 * 1.1 plugin wrote. */
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

/** The 1.1 fixture's directory. */
static const char *abi11_dir(char *buf, size_t size)
{
	snprintf(buf, size, "%s/abi-1.1-plugin", ds_test_fixture_dir());
	return buf;
}

Test(abi_compat, plugin_built_against_1_1_loads_with_1_2_operations_null)
{
	char dir[4096];
	ds_plugin_set *set = ds_plugins_load(abi11_dir(dir, sizeof dir));
	ds_loaded_plugin *lp;

	cr_assert_not_null(set);
	cr_assert_eq(set->n_rejected, 0, "refused: %s", set->n_rejected ? set->rejected[0].reason : "");
	lp = ds_plugins_find(set, "fx-abi-1-1");
	cr_assert_not_null(lp, "the ABI 1.1 plugin did not load");
	cr_assert_eq(lp->desc.abi_minor, 1);
	/* Its descriptor ends where 1.1's did: right before match_address. */
	cr_assert_eq(lp->desc.struct_size, offsetof(ds_plugin, match_address));
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_ADDRESS));
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_ACCOUNT));
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD));
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_ACCOUNT_DELETE));
	cr_assert_not(ds_plugin_has_op(lp, DS_PLUGIN_OP_CHECK_FIX));
	/* Its 1.0 and 1.1 operations are its own. */
	cr_assert(ds_plugin_has_op(lp, DS_PLUGIN_OP_DISCOVER | DS_PLUGIN_OP_DIAGNOSE | DS_PLUGIN_OP_WIFI_STATUS));
	/* The host stubs stand in for the 1.2 ones: callable, never NULL. */
	cr_assert_not_null(lp->desc.account);
	cr_assert_not_null(lp->desc.check_fix);
	ds_plugins_free(set);
}

/** What the job found calling the 1.1 plugin. */
struct abi11_run {
	ds_loaded_plugin *lp;
	ds_check check;
	ds_wifi_network net;
	ds_account account;
	ds_status account_st, fix_st;
};

/** Job: open, diagnose(0) into a 1.2 ds_check filled with 0xff first (the
 *  host must zero it), wifi_status, and the 1.2 operations, which the host's
 *  stubs answer. */
static ds_status abi11_job(ds_job *job, void *arg)
{
	struct abi11_run *r = arg;
	const ds_plugin *p = &r->lp->desc;
	ds_device *dev = NULL;
	ds_status st;

	memset(&r->check, 0xff, sizeof r->check);
	ds_plugin_enter(r->lp);
	st = p->open(job, "cf:dev", &dev);
	if (st == DS_OK)
		st = p->diagnose(job, dev, 0, &r->check);
	if (st == DS_OK)
		st = p->wifi_status(job, dev, &r->net);
	if (st == DS_OK) {
		r->account_st = p->account(job, dev, 0, &r->account);
		r->fix_st = p->check_fix(job, dev, "clock.utc");
	}
	if (dev)
		p->close(dev);
	ds_plugin_leave(r->lp);
	return st;
}

Test(abi_compat, a_1_1_check_is_read_without_its_1_2_fields)
{
	char dir[4096], message[256];
	ds_plugin_set *set = ds_plugins_load(abi11_dir(dir, sizeof dir));
	struct abi11_run r = { 0 };
	ds_jobs *jobs = ds_jobs_new(1);

	cr_assert_not_null(set);
	cr_assert_not_null(jobs);
	r.lp = ds_plugins_find(set, "fx-abi-1-1");
	cr_assert_not_null(r.lp);
	cr_assert_eq(ds_jobs_run(jobs, abi11_job, &r, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	cr_assert_str_eq(r.check.id, "old-check");
	cr_assert_eq(r.check.grade, DS_CHECK_WARN);
	/* The plugin wrote 'x' over all of its (1.1) ds_check: the fields 1.2
	 * appended lie past it and read as empty, not as its bytes or ours. */
	cr_assert_eq(strlen(r.check.value), sizeof r.check.value - 1);
	cr_assert_str_eq(r.check.fix, "");
	cr_assert_str_eq(r.check.fix_title, "");
	cr_assert_str_eq(r.net.ssid, "fx11-net");
	cr_assert_eq(r.account_st, DS_ERR_UNSUPPORTED);
	cr_assert_eq(r.fix_st, DS_ERR_UNSUPPORTED);
	ds_jobs_free(jobs);
	ds_plugins_free(set);
}
