/* Managing the profiles of an SGP.22 eSIM through the host's jobs and the
 * demo plugin's process: the chip's identity, enable, disable, delete and
 * nickname each proven by reading the profiles back, the refusals made
 * before the device is asked (the enabled profile, an unknown ICCID), and
 * the notifications the chip keeps until they are sent. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/secret.h"
#include "app/core/device_ops.h"
#include "app/core/esim_ops.h"
#include "app/core/session.h"
#include "app/plugin/plugin_ops.h"
#include "tests/support/demo_session.h"
#include "tests/support/test_support.h"

/* The demo panel's factory profiles (plugins/demo/demo_esim.c). */
#define ICCID_TELEKOM "89490122183456100175"
#define ICCID_VODAFONE "89490221077334821954"
#define ICCID_UNKNOWN "89999999999999999990"

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
	setenv("LC_ALL", "C", 1);
	cr_assert_eq(ds_secret_init(), 0);
	s = ds_test_demo_session(&panel);
}

static void teardown(void)
{
	ds_session_free(s);
	ds_test_rmtree(tmp);
}

TestSuite(esim_manage, .init = setup, .fini = teardown, .timeout = 120);

/** Runs a job; returns its status (message in msg). */
static ds_status run(ds_job_fn fn, void *arg)
{
	msg[0] = '\0';
	return ds_jobs_run(s->jobs, fn, arg, NULL, NULL, msg, sizeof msg);
}

/** A change of the profile iccid on the panel, ready to run. */
static ds_op_esim_change change(const char *iccid)
{
	ds_op_esim_change op;

	memset(&op, 0, sizeof op);
	op.read_back.devices = s->devices;
	op.read_back.device = panel;
	snprintf(op.iccid, sizeof op.iccid, "%s", iccid);
	return op;
}

/** The pending notifications of the panel (caller frees list). */
static ds_op_esim_notifications notifications(void)
{
	ds_op_esim_notifications op = { .devices = s->devices, .device = panel };

	cr_assert_eq(run(ds_op_esim_notifications_job, &op), DS_OK, "%s", msg);
	return op;
}

Test(esim_manage, the_demo_provides_every_esim_operation)
{
	ds_loaded_plugin *lp = NULL;

	for (size_t i = 0; i < s->plugins->n_loaded; i++)
		if (strcmp(s->plugins->loaded[i]->desc.id, "demo") == 0)
			lp = s->plugins->loaded[i];
	cr_assert_not_null(lp);
	cr_assert(ds_plugin_has_op(lp, DS_PLUGIN_OP_ESIM_INFO | DS_PLUGIN_OP_ESIM_DISABLE | DS_PLUGIN_OP_ESIM_DELETE |
					       DS_PLUGIN_OP_ESIM_NICKNAME | DS_PLUGIN_OP_ESIM_NOTIFICATION |
					       DS_PLUGIN_OP_ESIM_NOTIFICATIONS_SEND),
		  "the bits above 31 came through the HELLO");
}

Test(esim_manage, info_reads_the_eid)
{
	ds_op_esim_info op = { .devices = s->devices, .device = panel };

	cr_assert_eq(run(ds_op_esim_info_job, &op), DS_OK, "%s", msg);
	cr_assert_eq(strlen(op.info.eid), 32);
	cr_assert_eq(strncmp(op.info.eid, "89", 2), 0);
	cr_assert_str_eq(op.info.sgp22_version, "2.2.2");
	cr_assert(op.info.single_enabled);
	cr_assert_gt(op.info.free_memory_bytes, 0);
}

Test(esim_manage, profiles_carry_provider_and_class)
{
	ds_op_profiles op = { .devices = s->devices, .device = panel };
	const ds_esim_profile *p;

	cr_assert_eq(run(ds_op_profiles_job, &op), DS_OK, "%s", msg);
	p = ds_esim_profile_find(&op, ICCID_TELEKOM);
	cr_assert_not_null(p);
	cr_assert_str_eq(p->service_provider, "Telekom Deutschland");
	cr_assert_eq(p->profile_class, DS_PROFILE_CLASS_OPERATIONAL);
	cr_assert_str_eq(ds_profile_class_str(p->profile_class), "operational");
	cr_assert_null(ds_esim_profile_find(&op, ICCID_UNKNOWN));
	free(op.profiles);
}

Test(esim_manage, delete_refuses_the_enabled_profile_before_asking)
{
	ds_op_esim_change op = change(ICCID_TELEKOM);
	ds_op_esim_notifications n;

	cr_assert_eq(run(ds_op_esim_delete_job, &op), DS_ERR_INVALID);
	cr_assert(strstr(msg, "Enable another profile first"), "%s", msg);
	cr_assert_not_null(ds_esim_profile_find(&op.read_back, ICCID_TELEKOM), "still there");
	n = notifications();
	cr_assert_eq(n.n, 0, "the device was never asked");
	free(n.list);
	free(op.read_back.profiles);
}

Test(esim_manage, an_unknown_iccid_is_named)
{
	static ds_job_fn jobs[] = { ds_op_esim_enable_job, ds_op_esim_disable_job, ds_op_esim_delete_job,
				    ds_op_esim_nickname_job };

	for (size_t i = 0; i < sizeof jobs / sizeof *jobs; i++) {
		ds_op_esim_change op = change(ICCID_UNKNOWN);

		cr_assert_eq(run(jobs[i], &op), DS_ERR_NOT_FOUND, "job %zu", i);
		cr_assert(strstr(msg, ICCID_UNKNOWN), "%s", msg);
		free(op.read_back.profiles);
	}
}

Test(esim_manage, disable_then_delete_proven_and_notified)
{
	ds_op_esim_change en = change(ICCID_VODAFONE), dis = change(ICCID_VODAFONE), del = change(ICCID_VODAFONE);
	ds_op_esim_notifications n;

	cr_assert_eq(run(ds_op_esim_enable_job, &en), DS_OK, "%s", msg);
	cr_assert(ds_esim_profile_find(&en.read_back, ICCID_VODAFONE)->enabled);
	cr_assert_not(ds_esim_profile_find(&en.read_back, ICCID_TELEKOM)->enabled, "one enabled at a time");
	cr_assert_eq(run(ds_op_esim_disable_job, &dis), DS_OK, "%s", msg);
	cr_assert_not(ds_esim_profile_find(&dis.read_back, ICCID_VODAFONE)->enabled);
	cr_assert_eq(run(ds_op_esim_disable_job, &dis), DS_ERR_INVALID, "not enabled any more");
	cr_assert_eq(run(ds_op_esim_delete_job, &del), DS_OK, "%s", msg);
	cr_assert_null(ds_esim_profile_find(&del.read_back, ICCID_VODAFONE), "gone, as read back");
	cr_assert_str_eq(del.before.iccid, ICCID_VODAFONE);

	n = notifications();
	cr_assert_eq(n.n, 4, "disable telekom, enable, disable, delete vodafone");
	cr_assert_eq(n.list[0].event, DS_NOTIFY_DISABLE);
	cr_assert_str_eq(n.list[0].iccid, ICCID_TELEKOM);
	cr_assert_eq(n.list[1].event, DS_NOTIFY_ENABLE);
	cr_assert_eq(n.list[3].event, DS_NOTIFY_DELETE);
	cr_assert_str_eq(ds_notification_event_str(n.list[3].event), "delete");
	cr_assert_lt(n.list[0].sequence, n.list[3].sequence);
	cr_assert_str_eq(n.list[3].address, "smdp.vodafone.example");
	free(n.list);
	free(en.read_back.profiles);
	free(dis.read_back.profiles);
	free(del.read_back.profiles);
}

Test(esim_manage, nickname_set_cleared_and_unchanged)
{
	ds_op_esim_change op = change(ICCID_VODAFONE);

	snprintf(op.nickname, sizeof op.nickname, "%s", "Backup SIM");
	cr_assert_eq(run(ds_op_esim_nickname_job, &op), DS_OK, "%s", msg);
	cr_assert_str_eq(ds_esim_profile_find(&op.read_back, ICCID_VODAFONE)->nickname, "Backup SIM");
	cr_assert_str_eq(op.before.nickname, "Vodafone Business");
	cr_assert_eq(run(ds_op_esim_nickname_job, &op), DS_OK, "%s", msg);
	cr_assert(op.unchanged, "the same nickname again asks nothing");
	op.nickname[0] = '\0';
	cr_assert_eq(run(ds_op_esim_nickname_job, &op), DS_OK, "%s", msg);
	cr_assert_str_eq(ds_esim_profile_find(&op.read_back, ICCID_VODAFONE)->nickname, "");
	free(op.read_back.profiles);
}

Test(esim_manage, sending_empties_the_list)
{
	ds_op_esim_change dis = change(ICCID_TELEKOM);
	ds_op_esim_notifications send = { .devices = s->devices, .device = panel };
	ds_op_esim_notifications n;

	cr_assert_eq(run(ds_op_esim_disable_job, &dis), DS_OK, "%s", msg);
	n = notifications();
	cr_assert_eq(n.n, 1);
	free(n.list);
	cr_assert_eq(run(ds_op_esim_notifications_send_job, &send), DS_OK, "%s", msg);
	cr_assert_eq(send.sent, 1);
	cr_assert_eq(send.n, 0);
	n = notifications();
	cr_assert_eq(n.n, 0, "the chip no longer keeps it");
	free(n.list);
	cr_assert_eq(run(ds_op_esim_notifications_send_job, &send), DS_OK, "nothing to send is no failure");
	cr_assert_eq(send.sent, 0);
	free(send.list);
	free(dis.read_back.profiles);
}

Test(esim_manage, the_demo_remembers_across_sessions)
{
	ds_op_esim_change dis = change(ICCID_TELEKOM);
	ds_op_esim_notifications n;
	ds_op_profiles p;

	cr_assert_eq(run(ds_op_esim_disable_job, &dis), DS_OK, "%s", msg);
	free(dis.read_back.profiles);
	ds_session_free(s);
	s = ds_test_demo_session(&panel);
	n = notifications();
	cr_assert_eq(n.n, 1);
	cr_assert_eq(n.list[0].event, DS_NOTIFY_DISABLE);
	free(n.list);
	p = (ds_op_profiles){ .devices = s->devices, .device = panel };
	cr_assert_eq(run(ds_op_profiles_job, &p), DS_OK, "%s", msg);
	cr_assert_not(ds_esim_profile_find(&p, ICCID_TELEKOM)->enabled);
	cr_assert_str_eq(ds_esim_profile_find(&p, ICCID_TELEKOM)->service_provider, "Telekom Deutschland");
	free(p.profiles);
}
