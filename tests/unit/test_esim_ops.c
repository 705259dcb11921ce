/* The eSIM and cellular operations through the host's jobs and the demo
 * plugin: apply and read-back, the operator scan, the failover test that
 * passes, fails and gets stuck on the backup (with how each is recorded),
 * and downloading a profile with and without a confirmation code. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/device_ops.h"
#include "app/core/esim_ops.h"
#include "app/base/secret.h"
#include "app/core/session.h"
#include "app/mno/mno_rules.h"
#include "tests/support/demo_session.h"
#include "tests/support/test_support.h"

/* The demo panel's factory profiles (plugins/demo/demo_esim.c). */
#define ICCID_TELEKOM "89490122183456100175"
#define ICCID_VODAFONE "89490221077334821954"
#define ICCID_ORANGE "89330144205833166280"

static const char *tmp;
static ds_session *s;
static ds_site_device panel;
static char msg[512];

/** A fresh demo system with its panel added. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	unsetenv("DOORSTEP_PLUGIN_PATH");
	unsetenv("DOORSTEP_DEMO_FAULT");
	cr_assert_eq(ds_secret_init(), 0);
	s = ds_test_demo_session(&panel);
}

/** Makes the demo system misbehave: the plugin's process reads
 *  DOORSTEP_DEMO_FAULT when it starts, so the session starts again. */
static void demo_fault(const char *fault)
{
	ds_session_free(s);
	setenv("DOORSTEP_DEMO_FAULT", fault, 1);
	s = ds_test_demo_session(&panel);
}

static void teardown(void)
{
	ds_session_free(s);
	ds_test_rmtree(tmp);
}

TestSuite(esim_ops, .init = setup, .fini = teardown, .timeout = 120);

/** Runs a job; returns its status (message in msg). */
static ds_status run(ds_job_fn fn, void *arg)
{
	msg[0] = '\0';
	return ds_jobs_run(s->jobs, fn, arg, NULL, NULL, msg, sizeof msg);
}

/** Applies primary and backup; returns the status, read-back in *op (caller frees profiles). */
static ds_status apply(ds_op_apply_cellular *op, const char *primary, const char *backup)
{
	memset(op, 0, sizeof *op);
	op->read_back.devices = s->devices;
	op->read_back.device = panel;
	snprintf(op->primary_iccid, sizeof op->primary_iccid, "%s", primary);
	snprintf(op->backup_iccid, sizeof op->backup_iccid, "%s", backup);
	return run(ds_op_apply_cellular_job, op);
}

/** The role the read-back gives an ICCID. */
static ds_profile_role role_of(const ds_op_profiles *p, const char *iccid)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->profiles[i].iccid, iccid) == 0)
			return p->profiles[i].role;
	cr_assert_fail("%s not in the read-back", iccid);
	return DS_ROLE_NONE;
}

/** The ICCID the panel uses now. */
static void current_iccid(char out[24])
{
	ds_op_profiles p = { .devices = s->devices, .device = panel };

	cr_assert_eq(run(ds_op_profiles_job, &p), DS_OK, "%s", msg);
	cr_assert(p.has_status);
	snprintf(out, 24, "%s", p.status.iccid);
	free(p.profiles);
}

Test(esim_ops, apply_and_read_back)
{
	ds_op_apply_cellular op;

	cr_assert_eq(apply(&op, ICCID_VODAFONE, ICCID_TELEKOM), DS_OK, "%s", msg);
	cr_assert_eq(op.read_back.n, 5);
	cr_assert_eq(role_of(&op.read_back, ICCID_VODAFONE), DS_ROLE_PRIMARY);
	cr_assert_eq(role_of(&op.read_back, ICCID_TELEKOM), DS_ROLE_BACKUP);
	cr_assert(op.read_back.has_status);
	cr_assert_str_eq(op.read_back.status.operator_code, "26202", "the module now uses the new primary");
	free(op.read_back.profiles);
}

Test(esim_ops, apply_refuses_a_primary_out_of_reach)
{
	ds_op_apply_cellular op;

	cr_assert_eq(apply(&op, ICCID_ORANGE, ICCID_TELEKOM), DS_ERR_DEVICE);
	cr_assert(strstr(msg, "no Orange France network is in reach"), "%s", msg);
	free(op.read_back.profiles);
}

Test(esim_ops, operator_scan_matches_the_profiles)
{
	ds_op_operator_scan scan = { .devices = s->devices, .device = panel };
	ds_op_profiles p = { .devices = s->devices, .device = panel };
	size_t current = 0;

	cr_assert_eq(run(ds_op_operator_scan_job, &scan), DS_OK, "%s", msg);
	cr_assert(scan.supported);
	cr_assert_eq(scan.n, 6);
	for (size_t i = 0; i < scan.n; i++) {
		current += scan.networks[i].state == DS_NET_CURRENT;
		if (i)
			cr_assert_geq(scan.networks[i - 1].rssi_dbm, scan.networks[i].rssi_dbm, "strongest first");
	}
	cr_assert_eq(current, 1, "the network in use is marked");
	cr_assert_eq(run(ds_op_profiles_job, &p), DS_OK, "%s", msg);
	ds_mno_apply_scan(p.profiles, p.n, scan.networks, scan.n);
	for (size_t i = 0; i < p.n; i++) {
		const ds_network *net = ds_mno_scan_match(&p.profiles[i], scan.networks, scan.n);

		if (strcmp(p.profiles[i].mcc, "208") == 0) {
			cr_assert_not(p.profiles[i].in_reach, "no French network at the site");
			continue;
		}
		cr_assert_not_null(net, "%s", p.profiles[i].nickname);
		cr_assert(p.profiles[i].in_reach);
		cr_assert_eq(p.profiles[i].rssi_dbm, net->rssi_dbm, "%s shows the scanned signal", p.profiles[i].nickname);
		if (!ds_mno_modern(&p.profiles[i]))
			cr_assert_eq(net->rat, DS_RAT_2G, "the 2G/3G profile is matched to the 2G network");
	}
	free(p.profiles);
	free(scan.networks);
}

/** A profile as a device reads it back. */
static ds_esim_profile profile(const char *iccid, const char *mnc, const char *name)
{
	ds_esim_profile p = { .mcc = "262", .rats = DS_RAT_LTE, .in_reach = true };

	snprintf(p.iccid, sizeof p.iccid, "%s", iccid);
	snprintf(p.mnc, sizeof p.mnc, "%s", mnc);
	snprintf(p.operator_name, sizeof p.operator_name, "%s", name);
	return p;
}

Test(esim_ops, an_applied_choice_is_recorded_once_for_wizard_and_run)
{
	ds_site *site = ds_site_new("t");
	ds_esim_profile telekom = profile(ICCID_TELEKOM, "01", "Telekom Deutschland");
	ds_esim_profile vodafone = profile(ICCID_VODAFONE, "02", "Vodafone Germany");
	const ds_site_cellular *c = &site->cellular;

	ds_cellular_choice_record(site, "DP100-7F3A21", &telekom, &vodafone);
	cr_assert(c->applied);
	cr_assert_str_eq(c->device_serial, "DP100-7F3A21");
	cr_assert_str_eq(c->primary.iccid, ICCID_TELEKOM);
	cr_assert_str_eq(c->primary.operator_code, "26201");
	cr_assert_str_eq(c->backup.operator_name, "Vodafone Germany");
	cr_assert_eq(c->failover, DS_FAILOVER_NOT_RUN);
	cr_assert_str_eq(site->history[site->n_history - 1].text,
			 "Operators applied: primary Telekom Deutschland (26201), backup Vodafone Germany (26202)");

	/* Applying the same pair again keeps its last failover test. */
	site->cellular.failover = DS_FAILOVER_PASSED;
	site->cellular.failover_switch_ms = 850;
	snprintf(site->cellular.failover_at, sizeof site->cellular.failover_at, "2026-01-01T10:00:00Z");
	site->cellular.applied = false;
	ds_cellular_choice_record(site, "DP100-7F3A21", &telekom, &vodafone);
	cr_assert(c->applied);
	cr_assert_eq(c->failover, DS_FAILOVER_PASSED, "the same pair keeps its test");
	cr_assert_eq(c->failover_switch_ms, 850);

	/* A new pair has not been tested. */
	ds_cellular_choice_record(site, "DP100-7F3A21", &vodafone, &telekom);
	cr_assert_str_eq(c->primary.iccid, ICCID_VODAFONE);
	cr_assert_eq(c->failover, DS_FAILOVER_NOT_RUN, "a new pair drops the old test");
	cr_assert_eq(c->failover_switch_ms, 0);
	cr_assert_str_empty(c->failover_at);
	cr_assert_str_empty(c->failover_detail);
	ds_site_free(site);
}

/** Applies Telekom/Vodafone and runs the failover test; returns its outcome recorded in a site. */
static ds_failover_outcome failover(ds_op_failover *fo, ds_site *site)
{
	ds_op_apply_cellular op;
	ds_status st;

	cr_assert_eq(apply(&op, ICCID_TELEKOM, ICCID_VODAFONE), DS_OK, "%s", msg);
	free(op.read_back.profiles);
	memset(fo, 0, sizeof *fo);
	fo->devices = s->devices;
	fo->device = panel;
	st = run(ds_op_failover_job, fo);
	return ds_failover_record(site, st, &fo->result, msg, 30);
}

Test(esim_ops, failover_that_passes)
{
	ds_site *site = ds_site_new("t");
	ds_op_failover fo;
	char now[24];

	cr_assert_eq(failover(&fo, site), DS_FAILOVER_PASSED, "%s", msg);
	cr_assert(fo.result.switched_to_backup && fo.result.backup_online && fo.result.returned_to_primary);
	cr_assert_gt(site->cellular.failover_switch_ms, 0);
	cr_assert(strstr(site->cellular.failover_detail, "Failover works"), "%s", site->cellular.failover_detail);
	cr_assert(site->cellular.failover_at[0]);
	cr_assert(strstr(site->history[site->n_history - 1].text, "Failover test passed"));
	current_iccid(now);
	cr_assert_str_eq(now, ICCID_TELEKOM);
	ds_site_free(site);
}

Test(esim_ops, failover_that_fails_returns_to_the_primary)
{
	ds_site *site = ds_site_new("t");
	ds_op_failover fo;
	char now[24];

	demo_fault("backup-offline");
	cr_assert_eq(failover(&fo, site), DS_FAILOVER_FAILED);
	cr_assert(fo.result.switched_to_backup && !fo.result.backup_online && fo.result.returned_to_primary);
	cr_assert_eq(site->cellular.failover_switch_ms, 0);
	cr_assert(strstr(site->cellular.failover_detail, "could not get online"), "%s", site->cellular.failover_detail);
	current_iccid(now);
	cr_assert_str_eq(now, ICCID_TELEKOM, "back on the primary");
	ds_site_free(site);
}

Test(esim_ops, failover_stuck_on_the_backup_and_the_retry)
{
	ds_site *site = ds_site_new("t");
	ds_op_apply_cellular op;
	ds_op_failover fo;
	char now[24];

	demo_fault("stuck-on-backup");
	cr_assert_eq(failover(&fo, site), DS_FAILOVER_STUCK);
	cr_assert(fo.result.switched_to_backup && !fo.result.returned_to_primary);
	cr_assert(strstr(site->cellular.failover_detail, "still on the backup"), "%s", site->cellular.failover_detail);
	current_iccid(now);
	cr_assert_str_eq(now, ICCID_VODAFONE, "the panel stayed on the backup");
	/* The retry: set the primary again. */
	cr_assert_eq(apply(&op, ICCID_TELEKOM, ICCID_VODAFONE), DS_OK, "%s", msg);
	free(op.read_back.profiles);
	current_iccid(now);
	cr_assert_str_eq(now, ICCID_TELEKOM, "back on the primary after the retry");
	ds_site_free(site);
}

Test(esim_ops, failover_timeout_is_recorded_as_failed)
{
	ds_site *site = ds_site_new("t");
	ds_failover_result r = { 0 };

	cr_assert_eq(ds_failover_record(site, DS_ERR_TIMEOUT, &r, "", 30), DS_FAILOVER_FAILED);
	cr_assert_str_eq(site->cellular.failover_detail, "The test did not finish within 30 s.");
	r.switched_to_backup = true;
	cr_assert_eq(ds_failover_classify(DS_ERR_TIMEOUT, &r), DS_FAILOVER_STUCK, "a timeout on the backup is stuck");
	ds_site_free(site);
}

Test(esim_ops, failover_outcome_has_one_sentence_for_every_face)
{
	ds_site *site = ds_site_new("t");
	ds_failover_result r = { .switched_to_backup = true };
	char text[DS_TEXT_MAX + 128];

	ds_failover_text(&site->cellular, text, sizeof text);
	cr_assert_str_eq(text, "Failover test: not run yet.");
	cr_assert_eq(ds_failover_record(site, DS_ERR_TIMEOUT, &r, "", 30), DS_FAILOVER_STUCK);
	ds_failover_text(&site->cellular, text, sizeof text);
	cr_assert_str_eq(text, "Failover test: stuck on the backup. The test did not finish within 30 s.");
	cr_assert_str_eq(site->history[site->n_history - 1].text, text, "the history says what the screens say");
	r.switched_to_backup = false;
	ds_failover_record(site, DS_ERR_DEVICE, &r, "The backup could not get online.", 30);
	ds_failover_text(&site->cellular, text, sizeof text);
	cr_assert_str_eq(text, "Failover test failed: The backup could not get online.");
	r.switch_ms = 850;
	ds_failover_record(site, DS_OK, &r, "", 30);
	ds_failover_text(&site->cellular, text, sizeof text);
	cr_assert_str_eq(text, "Failover test passed: backup online in 850 ms.");
	ds_site_free(site);
}

/** Downloads with the codes (copied to secure memory); returns the status. */
static ds_status download(ds_op_esim_download *op, const char *code, const char *confirm)
{
	char *c = ds_secret_strdup(code), *cc = confirm ? ds_secret_strdup(confirm) : NULL;
	ds_status st;

	memset(op, 0, sizeof *op);
	op->devices = s->devices;
	op->device = panel;
	op->activation_code = c;
	op->confirmation_code = cc;
	st = run(ds_op_esim_download_job, op);
	ds_secret_free(c);
	ds_secret_free(cc);
	return st;
}

/** Number of profiles on the panel, and whether one has this nickname. */
static size_t profiles_with(const char *nickname, bool *found)
{
	ds_op_profiles p = { .devices = s->devices, .device = panel };
	size_t n;

	cr_assert_eq(run(ds_op_profiles_job, &p), DS_OK, "%s", msg);
	*found = false;
	for (size_t i = 0; i < p.n; i++)
		*found = *found || strcmp(p.profiles[i].nickname, nickname) == 0;
	n = p.n;
	free(p.profiles);
	return n;
}

Test(esim_ops, download_without_confirmation_code)
{
	ds_op_esim_download op;
	bool found;

	cr_assert_eq(download(&op, "LPA:1$smdp.o2.example$O2-5KD8RT", NULL), DS_OK, "%s", msg);
	cr_assert_not(op.needs_confirmation);
	cr_assert_eq(profiles_with("o2 (downloaded)", &found), 6);
	cr_assert(found);
}

Test(esim_ops, download_with_confirmation_code_wrong_then_right)
{
	const char *code = "LPA:1$smdp.vodafone.example$CC-7Q2X9W$$1";
	ds_op_esim_download op;
	bool found;

	cr_assert_eq(download(&op, code, NULL), DS_ERR_AUTH);
	cr_assert(op.needs_confirmation);
	cr_assert(strstr(msg, "needs a confirmation code"), "%s", msg);
	cr_assert_eq(download(&op, code, "1234"), DS_ERR_AUTH);
	cr_assert(op.needs_confirmation);
	cr_assert(strstr(msg, "refused the confirmation code"), "%s", msg);
	cr_assert_null(strstr(msg, "1234"), "the message quotes the code: %s", msg);
	cr_assert_null(strstr(msg, "CC-7Q2X9W"), "the message quotes the code: %s", msg);
	cr_assert_eq(profiles_with("Vodafone (downloaded)", &found), 5);
	cr_assert_not(found, "nothing installed after a refusal");
	cr_assert_eq(download(&op, code, "4711"), DS_OK, "%s", msg);
	cr_assert_eq(profiles_with("Vodafone (downloaded)", &found), 6);
	cr_assert(found);
}

Test(esim_ops, download_of_a_bad_or_used_code_says_why)
{
	ds_op_esim_download op;

	cr_assert_eq(download(&op, "LPA:1$smdp.o2.example$USED-1", NULL), DS_ERR_DEVICE);
	cr_assert(strstr(msg, "already used or has expired"), "%s", msg);
	cr_assert_not(op.needs_confirmation);
	cr_assert_eq(download(&op, "LPA:2$x$y", NULL), DS_ERR_INVALID);
	cr_assert(strstr(msg, "unknown format"), "%s", msg);
}

/** Reads the demo panel's eSIM overview into op (caller frees op->profiles.profiles). */
static ds_status overview(ds_op_esim_overview *op, bool want_info)
{
	memset(op, 0, sizeof *op);
	op->profiles.devices = s->devices;
	op->profiles.device = panel;
	op->want_info = want_info;
	return run(ds_op_esim_overview_job, op);
}

Test(esim_ops, overview_reads_the_identity_once_asked_and_counts_the_notifications)
{
	ds_op_esim_overview op;
	ds_op_esim_change del;
	const ds_esim_profile *disabled = NULL;
	size_t before, n_profiles;

	cr_assert_eq(overview(&op, true), DS_OK, "%s", msg);
	cr_assert_gt(op.profiles.n, 1);
	cr_assert(op.has_info);
	cr_assert_str_eq(op.info.eid, "89049032004008882600012345678901");
	cr_assert_str_eq(op.info.default_smdp, "smdp.telekom.example");
	cr_assert(op.keeps_notifications);
	cr_assert(op.notifications_read);
	before = op.n_notifications;
	n_profiles = op.profiles.n;
	for (size_t i = 0; i < op.profiles.n && !disabled; i++)
		if (!op.profiles.profiles[i].enabled)
			disabled = &op.profiles.profiles[i];
	cr_assert_not_null(disabled, "the demo eSIM has a disabled profile");
	memset(&del, 0, sizeof del);
	del.read_back.devices = s->devices;
	del.read_back.device = panel;
	snprintf(del.iccid, sizeof del.iccid, "%s", disabled->iccid);
	free(op.profiles.profiles);
	cr_assert_eq(run(ds_op_esim_delete_job, &del), DS_OK, "%s", msg);
	free(del.read_back.profiles);

	/* Without want_info the identity is not read again; the delete left a notification. */
	cr_assert_eq(overview(&op, false), DS_OK, "%s", msg);
	cr_assert_not(op.has_info);
	cr_assert_str_empty(op.info.eid);
	cr_assert_eq(op.profiles.n, n_profiles - 1);
	cr_assert(op.notifications_read);
	cr_assert_eq(op.n_notifications, before + 1);
	free(op.profiles.profiles);
}

Test(esim_ops, a_deleted_backup_is_no_longer_the_backup_of_the_site)
{
	ds_site *site = ds_site_new("Deleted backup");
	ds_esim_profile telekom = profile(ICCID_TELEKOM, "01", "Telekom Deutschland");
	ds_esim_profile vodafone = profile(ICCID_VODAFONE, "02", "Vodafone Germany");
	const ds_site_cellular *c = &site->cellular;

	ds_cellular_choice_record(site, "DP100-7F3A21", &telekom, &vodafone);
	site->cellular.failover = DS_FAILOVER_PASSED;
	site->cellular.failover_switch_ms = 850;

	cr_assert_not(ds_cellular_profile_deleted(site, ICCID_ORANGE), "a profile of no role changes nothing");
	cr_assert(c->applied);
	cr_assert_eq(c->failover, DS_FAILOVER_PASSED);

	cr_assert(ds_cellular_profile_deleted(site, ICCID_VODAFONE));
	cr_assert_str_empty(c->backup.iccid);
	cr_assert_str_empty(c->backup.operator_name);
	cr_assert_str_eq(c->primary.iccid, ICCID_TELEKOM, "the primary stays");
	cr_assert_not(c->applied, "a choice without its backup is not applied");
	cr_assert_eq(c->failover, DS_FAILOVER_NOT_RUN, "the test was of a pair that is gone");
	cr_assert_eq(c->failover_switch_ms, 0);
	cr_assert_str_eq(site->history[site->n_history - 1].text, "The backup Vodafone Germany (" ICCID_VODAFONE
								  ") was deleted from the eSIM; choose a new backup");
	cr_assert_not(ds_cellular_profile_deleted(site, ""), "no ICCID, no change");
	ds_site_free(site);
}
