/* The login guard: free attempts, then doubling waits up to the cap, per
 * device, forgotten after a success; and the password job using it. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/device_ops.h"
#include "app/core/login_backoff.h"
#include "app/core/session.h"
#include "tests/support/demo_session.h"
#include "tests/support/test_support.h"

/** A clock the test moves by hand. */
static uint64_t fake_now(void *ctx)
{
	return *(uint64_t *)ctx;
}

Test(login_backoff, free_attempts_then_doubling_waits)
{
	uint64_t now = 1000;
	ds_login_guard *g = ds_login_guard_new_clock(fake_now, &now);

	cr_assert_not_null(g);
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P1"), 0);
	for (int i = 1; i < DS_LOGIN_FREE_ATTEMPTS; i++)
		cr_assert_eq(ds_login_guard_failed(g, "demo/P1"), 0, "failure %d", i);
	cr_assert_eq(ds_login_guard_failed(g, "demo/P1"), DS_LOGIN_FIRST_WAIT_MS);
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P1"), DS_LOGIN_FIRST_WAIT_MS);
	now += 400;
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P1"), DS_LOGIN_FIRST_WAIT_MS - 400);
	now += DS_LOGIN_FIRST_WAIT_MS;
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P1"), 0);
	cr_assert_eq(ds_login_guard_failed(g, "demo/P1"), 2 * DS_LOGIN_FIRST_WAIT_MS);
	now += 2 * DS_LOGIN_FIRST_WAIT_MS;
	cr_assert_eq(ds_login_guard_failed(g, "demo/P1"), 4 * DS_LOGIN_FIRST_WAIT_MS);
	/* Other devices are not held up. */
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P2"), 0);
	ds_login_guard_free(g);
}

Test(login_backoff, waits_are_capped_and_success_forgets)
{
	uint64_t now = 0;
	ds_login_guard *g = ds_login_guard_new_clock(fake_now, &now);
	uint32_t wait = 0;

	for (int i = 0; i < 40; i++) {
		now += wait;
		wait = ds_login_guard_failed(g, "demo/P1");
		cr_assert_leq(wait, DS_LOGIN_MAX_WAIT_MS);
	}
	cr_assert_eq(wait, DS_LOGIN_MAX_WAIT_MS);
	ds_login_guard_succeeded(g, "demo/P1");
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P1"), 0);
	cr_assert_eq(ds_login_guard_failed(g, "demo/P1"), 0);
	ds_login_guard_free(g);
}

Test(login_backoff, the_devices_own_wait_counts)
{
	uint64_t now = 0;
	ds_login_guard *g = ds_login_guard_new_clock(fake_now, &now);

	ds_login_guard_device_busy(g, "demo/P1", 7000);
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P1"), 7000);
	/* A shorter wait of doorstep's own does not shorten the device's. */
	for (int i = 0; i < DS_LOGIN_FREE_ATTEMPTS; i++)
		ds_login_guard_failed(g, "demo/P1");
	cr_assert_eq(ds_login_guard_wait_ms(g, "demo/P1"), 7000);
	ds_login_guard_free(g);
	cr_assert_not_null(ds_login_guard_shared());
	cr_assert_eq(ds_login_guard_shared(), ds_login_guard_shared());
}

/** Runs the password job on the demo panel with current (NULL: factory default). */
static ds_status change_panel(ds_session *s, const ds_site_device *panel, const char *current, unsigned *retry,
			      char *msg, size_t msg_size)
{
	ds_op_password op = { .devices = s->devices, .device = *panel, .current = current,
			      .new_password = "orchid tractor velvet lamp" };
	ds_status st = ds_jobs_run(s->jobs, ds_op_password_job, &op, NULL, NULL, msg, msg_size);

	*retry = op.retry_after_ms;
	return st;
}

Test(login_backoff, the_password_job_backs_off_after_refusals)
{
	const char *tmp = ds_test_tmpdir();
	char msg[512];
	ds_session *s;
	ds_site_device panel;
	ds_status st;
	unsigned retry = 0;

	unsetenv("DOORSTEP_PLUGIN_PATH");
	unsetenv("DOORSTEP_DEMO_FAULT");
	s = ds_test_demo_session(&panel);
	/* Wrong current passwords: refused, and from the third on a wait is due. */
	for (int i = 1; i <= DS_LOGIN_FREE_ATTEMPTS; i++) {
		st = change_panel(s, &panel, "not the right password", &retry, msg, sizeof msg);
		cr_assert_eq(st, DS_ERR_AUTH, "attempt %d: %s", i, msg);
	}
	cr_assert_gt(retry, 0);
	/* The next attempt does not reach the device: the guard says how long to wait. */
	st = change_panel(s, &panel, NULL, &retry, msg, sizeof msg);
	cr_assert_eq(st, DS_ERR_BUSY, "%s", msg);
	cr_assert_gt(retry, 0);
	cr_assert_leq(retry, DS_LOGIN_MAX_WAIT_MS);
	cr_assert(strstr(msg, "wait"), "%s", msg);
	/* After the wait the right password works, and the failures are forgotten. */
	usleep((useconds_t)(retry + 100) * 1000);
	st = change_panel(s, &panel, NULL, &retry, msg, sizeof msg);
	cr_assert_eq(st, DS_OK, "%s", msg);
	cr_assert_eq(ds_login_guard_wait_ms(ds_login_guard_shared(), "demo/DP100-7F3A21"), 0);
	ds_session_free(s);
	ds_test_rmtree(tmp);
}
