/* The laptop's check suite as a job (app/net/net_suite.c): the checks it
 * lists per target, the updates it posts (running, then a result for every
 * check), a cancel that stops it at once while every transfer still waits,
 * and the targets it refuses. Against servers on 127.0.0.1. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/net/net_suite.h"
#include "tests/support/net_fixture.h"
#include "tests/support/test_support.h"

static const char *tmp;
static ds_net_fixture servers;

/** A fresh tree and the servers. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	ds_net_fixture_start_under(&servers, tmp, 1.0);
}

/** Stops them. */
static void teardown(void)
{
	ds_net_fixture_stop(&servers);
	ds_test_rmtree(tmp);
}

TestSuite(net_suite, .init = setup, .fini = teardown, .timeout = 120);

Test(net_suite, lists_the_checks_of_each_target)
{
	char http[64], https[64], error[256];
	const char *urls[2] = { http, https };
	ds_net_options o = { .timeout_ms = 1000 };
	ds_net_suite s;

	snprintf(http, sizeof http, "http://127.0.0.1:%d/", servers.http);
	snprintf(https, sizeof https, "https://localhost:%d/x", servers.https);
	snprintf(o.portal_url, sizeof o.portal_url, "http://127.0.0.1:%d/generate_204", servers.http);
	cr_assert_eq(ds_net_suite_init(&s, urls, 2, &o, error, sizeof error), 0, "%s", error);
	cr_assert_eq(s.n_checks, 7 + 8 + 1, "no TLS check for plain http, one portal check");
	cr_assert_eq(s.checks[0].kind, DS_NET_DNS);
	cr_assert(strncmp(s.checks[0].result.id, "net.dns:127.0.0.1:", 18) == 0, "%s", s.checks[0].result.id);
	cr_assert(strstr(s.checks[7 + 2].result.id, "net.tls:localhost:"), "%s", s.checks[9].result.id);
	cr_assert_eq(s.checks[15].kind, DS_NET_PORTAL);
	for (size_t i = 0; i < s.n_checks; i++)
		cr_assert_eq(s.checks[i].state, DS_NET_PENDING);
	ds_net_suite_free(&s);
}

Test(net_suite, refuses_what_is_not_a_web_address)
{
	static const char *const bad[] = { "ftp://127.0.0.1/", "127.0.0.1", "", "https://" };
	ds_net_options o = { .timeout_ms = 1000 };
	char error[256];
	ds_net_suite s;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		error[0] = '\0';
		cr_assert_eq(ds_net_suite_init(&s, &bad[i], 1, &o, error, sizeof error), -1, "%s", bad[i]);
		cr_assert(strstr(error, "is not a web address"), "%s", error);
	}
}

Test(net_suite, posts_running_then_a_result_for_every_check)
{
	char http[64], error[256];
	const char *urls[1] = { http };
	ds_net_options o = { .timeout_ms = 3000 };
	ds_net_suite s, shown;
	ds_jobs *jobs = ds_jobs_new(1);
	ds_event ev;
	size_t running = 0, finished = 0, progress = 0;
	bool done = false;

	snprintf(http, sizeof http, "http://127.0.0.1:%d/", servers.slow);
	cr_assert_eq(ds_net_suite_init(&s, urls, 1, &o, error, sizeof error), 0, "%s", error);
	cr_assert_eq(ds_net_suite_copy(&shown, &s), 0);
	cr_assert_neq(ds_jobs_submit(jobs, ds_net_suite_job, &s), 0);
	while (!done && ds_jobs_wait_event(jobs, &ev, 10000)) {
		if (ev.type == DS_EVENT_PROGRESS) {
			progress++;
		} else if (ev.type == DS_EVENT_ITEM) {
			ds_net_update *u = ev.item;

			running += u->check.state == DS_NET_RUNNING;
			finished += u->check.state == DS_NET_FINISHED;
			ds_net_suite_apply(&shown, u);
			ev.item_free(u);
		} else {
			cr_assert_eq(ev.status, DS_OK, "%s", ev.message);
			done = true;
		}
	}
	cr_assert(done, "the suite did not end");
	cr_assert_eq(running, 7);
	cr_assert_eq(finished, 7);
	cr_assert_geq(progress, 7);
	for (size_t i = 0; i < shown.n_checks; i++) {
		cr_assert_eq(shown.checks[i].state, DS_NET_FINISHED);
		cr_assert_str_neq(shown.checks[i].result.value, "");
		cr_assert_eq(shown.checks[i].result.grade, s.checks[i].result.grade);
	}
	ds_jobs_free(jobs);
	ds_net_suite_free(&shown);
	ds_net_suite_free(&s);
}

Test(net_suite, cancel_stops_it_while_every_transfer_waits)
{
	char hole[64], error[256];
	const char *urls[1] = { hole };
	ds_net_options o = { .timeout_ms = 60000 };
	ds_net_suite s;
	ds_jobs *jobs = ds_jobs_new(1);
	ds_event ev;
	uint64_t id;
	bool cancelled = false, done = false;

	snprintf(hole, sizeof hole, "http://127.0.0.1:%d/", servers.blackhole);
	cr_assert_eq(ds_net_suite_init(&s, urls, 1, &o, error, sizeof error), 0, "%s", error);
	id = ds_jobs_submit(jobs, ds_net_suite_job, &s);
	/* Cancel once the connection is up (the TCP check passed), well before the minute's timeout. */
	while (!done && ds_jobs_wait_event(jobs, &ev, 5000)) {
		if (ev.type == DS_EVENT_ITEM) {
			ds_net_update *u = ev.item;

			if (!cancelled && u->check.kind == DS_NET_TCP && u->check.state == DS_NET_FINISHED) {
				ds_jobs_cancel(jobs, id);
				cancelled = true;
			}
			ev.item_free(u);
		} else if (ev.type == DS_EVENT_DONE) {
			cr_assert_eq(ev.status, DS_ERR_CANCELLED);
			done = true;
		}
	}
	cr_assert(cancelled, "the connection never came up");
	cr_assert(done, "the suite did not stop within 5 s of the cancel");
	ds_jobs_free(jobs);
	ds_net_suite_free(&s);
}
