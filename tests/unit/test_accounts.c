/* The ABI 1.2 operations through a real plugin process (the fx-accounts
 * fixture, tests/fixtures/accounts.c) and the core jobs on top of them:
 * devices by address, the accounts of a camera, the rule that a device stays
 * on its factory default until every account that was on one has a new
 * password or was deleted, nothing recorded when the device refused, and a
 * check's fix followed by fresh diagnostics. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/base/secret.h"
#include "app/core/account_ops.h"
#include "app/core/session.h"
#include "app/core/site_store.h"
#include "app/plugin/plugin_ops.h"
#include "tests/support/fixture_rig.h"
#include "tests/support/test_support.h"

static ds_test_rig rig;
static char message[512];

/** Private XDG tree, English messages, the fixture loaded. */
static void setup(void)
{
	unsetenv("DOORSTEP_FX_SLEEP_MS");
	ds_test_rig_open(&rig, "accounts", 2);
}

static void teardown(void)
{
	ds_test_rig_close(&rig);
}

TestSuite(accounts, .init = setup, .fini = teardown, .timeout = 60);

/** Runs a job; its status (message in message). */
static ds_status run(ds_job_fn fn, void *arg)
{
	message[0] = '\0';
	return ds_jobs_run(rig.jobs, fn, arg, NULL, NULL, message, sizeof message);
}

/** Adds camera n by its address into site; returns the site's device. */
static ds_site_device *add_camera(ds_site *site, const char *address)
{
	ds_op_add_address op = { .devices = rig.devices };

	snprintf(op.address, sizeof op.address, "%s", address);
	cr_assert_eq(run(ds_op_add_address_job, &op), DS_OK, "%s", message);
	cr_assert(op.claimed);
	return ds_site_put_device(site, &op.found);
}

/** Reads and records the accounts of d. */
static void read_accounts(ds_site *site, const ds_site_device *d, size_t want)
{
	ds_op_accounts op = { .devices = rig.devices, .device = *d };

	cr_assert_eq(run(ds_op_accounts_job, &op), DS_OK, "%s", message);
	cr_assert_eq(op.n, want);
	cr_assert_eq(ds_op_accounts_record(site, &op), 0);
	free(op.accounts);
}

Test(accounts, the_plugin_provides_the_1_2_operations)
{
	ds_loaded_plugin *lp = rig.set->loaded[0];

	cr_assert(ds_plugin_has_op(lp, DS_PLUGIN_OP_MATCH_ADDRESS | DS_PLUGIN_OP_ACCOUNT |
					       DS_PLUGIN_OP_ACCOUNT_SET_PASSWORD | DS_PLUGIN_OP_ACCOUNT_DELETE |
					       DS_PLUGIN_OP_CHECK_FIX));
	cr_assert(lp->desc.caps & DS_CAP_ADDRESS);
}

Test(accounts, a_typed_address_is_checked_first)
{
	static const char *const bad[] = { "",     "cam 1",   "http://cam1/", "fe80::1", "cam1:0", "cam1:99999",
					   "-cam", "[zz::1]", "[fe80::1]x",   "cam1:",   "a..b" };
	static const char *const good[] = { "192.168.1.64", "cam.local:8080", "[fe80::1]:80", "[::1]", "cam1" };
	char why[256];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why[0] = '\0';
		cr_assert_not(ds_address_valid(bad[i], why, sizeof why), "\"%s\" was taken", bad[i]);
		cr_assert(why[0], "no reason for \"%s\"", bad[i]);
	}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		cr_assert(ds_address_valid(good[i], why, sizeof why), "\"%s\": %s", good[i], why);
	cr_assert(ds_address_valid("", why, sizeof why) == false && strstr(why, "empty"));
}

Test(accounts, a_device_is_added_by_address_through_its_process)
{
	ds_op_add_address op = { .devices = rig.devices };
	ds_site *site = ds_site_new("by-address");
	ds_site_device *d = add_camera(site, "cam2:80");

	cr_assert_str_eq(d->serial, "ACC-0002");
	cr_assert_str_eq(d->locator, "acc:cam2");
	cr_assert_eq(d->kind, DS_KIND_CAMERA);
	cr_assert(d->features & DS_FEATURE_ACCOUNTS);
	cr_assert(d->on_factory_default);
	/* Nothing answers there: a message that says what to check. */
	snprintf(op.address, sizeof op.address, "192.0.2.1");
	cr_assert_eq(run(ds_op_add_address_job, &op), DS_ERR_NOT_FOUND);
	cr_assert_not(op.claimed);
	cr_assert(strstr(message, "No device answered at 192.0.2.1"), "%s", message);
	/* A malformed one never reaches a plugin. */
	snprintf(op.address, sizeof op.address, "cam 1");
	cr_assert_eq(run(ds_op_add_address_job, &op), DS_ERR_INVALID);
	cr_assert(strstr(message, "no spaces"), "%s", message);
	ds_site_free(site);
}

Test(accounts, factory_default_until_every_account_is_done)
{
	ds_site *site = ds_site_new("accounts");
	ds_site_device *d = add_camera(site, "cam1");
	char *fresh = ds_secret_strdup("Correct-Horse-Battery-7");
	ds_op_password pw = { .devices = rig.devices, .device = *d, .new_password = fresh };
	ds_op_account_delete del = { .devices = rig.devices, .device = *d };

	read_accounts(site, d, 3);
	cr_assert_eq(site->n_accounts, 3);
	cr_assert_str_eq(site->accounts[0].user, "admin");
	cr_assert(site->accounts[0].primary);
	cr_assert(site->accounts[1].on_factory_default, "guest is on a default");
	cr_assert_not(site->accounts[2].on_factory_default, "viewer has its own password");
	cr_assert_eq(ds_site_devices_on_default(site), 1);

	/* The administrator's password: the device still has a default account. */
	cr_assert_eq(run(ds_op_password_job, &pw), DS_OK, "%s", message);
	cr_assert_not(pw.device.on_factory_default, "the plugin says the primary account is done");
	d = ds_op_password_record(site, &pw);
	cr_assert_not_null(d);
	cr_assert_eq(ds_site_find_account(site, "fx-accounts", "ACC-0001", "admin")->done, DS_ACCOUNT_NEW_PASSWORD);
	cr_assert(d->on_factory_default, "guest still logs in with its default");
	cr_assert_eq(ds_site_devices_on_default(site), 1);

	/* guest deleted: now the device left its factory default. */
	snprintf(del.user, sizeof del.user, "guest");
	del.device = *d;
	cr_assert_eq(run(ds_op_account_delete_job, &del), DS_OK, "%s", message);
	ds_op_account_delete_record(site, &del);
	d = ds_site_find_device(site, "fx-accounts", "ACC-0001");
	cr_assert_eq(ds_site_find_account(site, "fx-accounts", "ACC-0001", "guest")->done, DS_ACCOUNT_DELETED);
	cr_assert(ds_site_find_account(site, "fx-accounts", "ACC-0001", "guest")->done_at[0]);
	cr_assert_not(d->on_factory_default);
	cr_assert_eq(ds_site_devices_on_default(site), 0);
	/* A fresh read keeps the deleted account's record and what was done to
	 * the others, and lists two accounts. */
	read_accounts(site, d, 2);
	cr_assert_eq(site->n_accounts, 3);
	cr_assert_eq(ds_site_find_account(site, "fx-accounts", "ACC-0001", "admin")->done, DS_ACCOUNT_NEW_PASSWORD);
	cr_assert(ds_site_find_account(site, "fx-accounts", "ACC-0001", "admin")->done_at[0]);
	cr_assert_not(ds_site_find_device(site, "fx-accounts", "ACC-0001")->on_factory_default);

	ds_secret_free(fresh);
	ds_site_free(site);
}

Test(accounts, a_new_password_for_another_account_and_nothing_recorded_on_failure)
{
	ds_site *site = ds_site_new("refused");
	ds_site_device *d = add_camera(site, "cam1");
	char *refused = ds_secret_strdup("refuse-me");
	char *fresh = ds_secret_strdup("Guest-Gets-A-Long-One-4");
	ds_op_account_password op = { .devices = rig.devices, .device = *d };
	size_t history;

	read_accounts(site, d, 3);
	history = site->n_history;
	snprintf(op.user, sizeof op.user, "guest");
	op.new_password = refused;
	cr_assert_eq(run(ds_op_account_password_job, &op), DS_ERR_DEVICE);
	cr_assert(strstr(message, "refused the new password"), "%s", message);
	/* The job failed: the caller records nothing, and the site still says so. */
	cr_assert_eq(ds_site_find_account(site, "fx-accounts", "ACC-0001", "guest")->done, DS_ACCOUNT_LEFT);
	cr_assert(ds_site_find_account(site, "fx-accounts", "ACC-0001", "guest")->on_factory_default);
	cr_assert_eq(site->n_history, history);

	op.new_password = fresh;
	cr_assert_eq(run(ds_op_account_password_job, &op), DS_OK, "%s", message);
	ds_op_account_password_record(site, &op);
	cr_assert_eq(ds_site_find_account(site, "fx-accounts", "ACC-0001", "guest")->done, DS_ACCOUNT_NEW_PASSWORD);
	cr_assert_not(ds_site_find_account(site, "fx-accounts", "ACC-0001", "guest")->on_factory_default);
	/* admin is still on its default. */
	cr_assert(ds_site_find_device(site, "fx-accounts", "ACC-0001")->on_factory_default);

	/* An account the camera does not have: refused with the plugin's message. */
	snprintf(op.user, sizeof op.user, "nobody");
	cr_assert_eq(run(ds_op_account_password_job, &op), DS_ERR_NOT_FOUND);
	cr_assert(strstr(message, "no account"), "%s", message);
	ds_secret_free(refused);
	ds_secret_free(fresh);
	ds_site_free(site);
}

Test(accounts, the_site_file_keeps_the_accounts_and_no_password)
{
	ds_site *site = ds_site_new("kept");
	ds_site_device *d = add_camera(site, "cam1");
	ds_op_account_delete del = { .devices = rig.devices, .device = *d };
	char *text;
	cJSON *json;
	ds_site *back;

	read_accounts(site, d, 3);
	snprintf(del.user, sizeof del.user, "guest");
	cr_assert_eq(run(ds_op_account_delete_job, &del), DS_OK, "%s", message);
	ds_op_account_delete_record(site, &del);
	json = ds_site_to_json(site);
	text = cJSON_PrintUnformatted(json);
	cr_assert(strstr(text, "\"user\":\"guest\""), "%s", text);
	cr_assert(strstr(text, "\"done\":\"deleted\""), "%s", text);
	cr_assert_null(strstr(text, "12345"), "a password in the site file");
	back = ds_site_from_json(json, message, sizeof message);
	cr_assert_not_null(back, "%s", message);
	cr_assert_eq(back->n_accounts, 3);
	cr_assert_eq(ds_site_find_account(back, "fx-accounts", "ACC-0001", "guest")->done, DS_ACCOUNT_DELETED);
	/* admin is still on its default: so is the device, read back. */
	cr_assert(ds_site_find_device(back, "fx-accounts", "ACC-0001")->on_factory_default);
	free(text);
	cJSON_Delete(json);
	ds_site_free(back);
	ds_site_free(site);
}

/** Collects the checks a job posts (ds_jobs_run frees the items). */
struct checks_seen {
	ds_check checks[8];
	size_t n;
};

static void on_check(const ds_event *ev, void *ctx)
{
	struct checks_seen *seen = ctx;

	if (ev->type == DS_EVENT_ITEM && ev->item) {
		if (seen->n < 8)
			seen->checks[seen->n++] = ((ds_op_check_item *)ev->item)->check;
	}
}

Test(accounts, a_check_fix_runs_and_the_device_is_checked_again)
{
	ds_site *site = ds_site_new("fix");
	ds_site_device *d = add_camera(site, "cam1");
	ds_site_device copy = *d;
	ds_op_diagnose diag = { .devices = rig.devices, .list = &copy, .n = 1 };
	ds_op_check_fix fix = { .diagnose = { .devices = rig.devices, .list = &copy, .n = 1 } };
	struct checks_seen seen = { 0 };

	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_diagnose_job, &diag, on_check, &seen, message, sizeof message), DS_OK);
	cr_assert_eq(seen.n, 1);
	cr_assert_str_eq(seen.checks[0].id, "clock");
	cr_assert_eq(seen.checks[0].grade, DS_CHECK_WARN);
	cr_assert_str_eq(seen.checks[0].fix, "clock.utc");
	cr_assert_str_eq(seen.checks[0].fix_title, "Set the clock");

	/* A fix no check offered: the plugin's message. */
	snprintf(fix.fix, sizeof fix.fix, "clock.ntp");
	seen.n = 0;
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_check_fix_job, &fix, on_check, &seen, message, sizeof message),
		     DS_ERR_NOT_FOUND);
	cr_assert(strstr(message, "clock.ntp"), "%s", message);
	cr_assert_eq(seen.n, 0, "no diagnostics after a failed fix");

	snprintf(fix.fix, sizeof fix.fix, "clock.utc");
	cr_assert_eq(ds_jobs_run(rig.jobs, ds_op_check_fix_job, &fix, on_check, &seen, message, sizeof message), DS_OK,
		     "%s", message);
	cr_assert_eq(seen.n, 1, "the device was checked again");
	cr_assert_eq(seen.checks[0].grade, DS_CHECK_PASS);
	cr_assert_str_eq(seen.checks[0].fix, "");
	cr_assert_eq(fix.diagnose.passed, 1);
	ds_site_free(site);
}

Test(accounts, the_new_jobs_are_changing_jobs)
{
	ds_job_fn changing[] = { ds_op_add_address_job, ds_op_account_password_job, ds_op_account_delete_job,
				 ds_op_check_fix_job };
	ds_session s = { 0 };
	char msg[256];

	/* A site held by another doorstep: read-only. */
	s.read_only = true;
	for (size_t i = 0; i < sizeof changing / sizeof *changing; i++)
		cr_assert_lt(ds_session_may_run(&s, changing[i], msg, sizeof msg), 0, "job %zu ran read-only", i);
	cr_assert_eq(ds_session_may_run(&s, ds_op_accounts_job, msg, sizeof msg), 0, "reading accounts changes nothing");
}
