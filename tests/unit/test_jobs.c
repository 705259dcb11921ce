/* The job pool and event queue: progress, items, results, cancel, wake fd. */
#include <criterion/criterion.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/base/jobs.h"

/** Milliseconds on the monotonic clock. */
static long ds_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/** Reports three progress steps, posts an item and succeeds. */
static ds_status job_steps(ds_job *job, void *arg)
{
	int *value = arg;

	for (unsigned i = 1; i <= 3; i++)
		ds_job_progress(job, i * 300, "step %u", i);
	int *item = malloc(sizeof *item);

	*item = 42;
	ds_job_post_item(job, item, free);
	*value = 7;
	return DS_OK;
}

/** Sleeps 10 s unless cancelled. */
static ds_status job_long_sleep(ds_job *job, void *arg)
{
	(void)arg;
	return ds_job_sleep(job, 10000);
}

/** Fails with a message. */
static ds_status job_fails(ds_job *job, void *arg)
{
	(void)arg;
	return ds_job_fail(job, DS_ERR_AUTH, "wrong password for %s", "panel");
}

Test(jobs, events_arrive_in_order_with_progress_item_and_done)
{
	ds_jobs *jobs = ds_jobs_new(2);
	int value = 0, progress = 0, items = 0;
	ds_event ev;
	uint64_t id = ds_jobs_submit(jobs, job_steps, &value);

	cr_assert_neq(id, 0);
	for (;;) {
		cr_assert(ds_jobs_wait_event(jobs, &ev, 5000), "no event within 5 s");
		cr_assert_eq(ev.job_id, id);
		if (ev.type == DS_EVENT_PROGRESS) {
			progress++;
			cr_assert_eq(ev.permille, (unsigned)progress * 300);
		} else if (ev.type == DS_EVENT_ITEM) {
			cr_assert_eq(*(int *)ev.item, 42);
			ev.item_free(ev.item);
			items++;
		} else {
			cr_assert_eq(ev.status, DS_OK);
			break;
		}
	}
	cr_assert_eq(progress, 3);
	cr_assert_eq(items, 1);
	cr_assert_eq(value, 7);
	ds_jobs_free(jobs);
}

Test(jobs, wake_fd_is_readable_while_events_wait_and_drained_after)
{
	ds_jobs *jobs = ds_jobs_new(1);
	struct pollfd p = { .fd = ds_jobs_wake_fd(jobs), .events = POLLIN };
	int value = 0;
	ds_event ev;

	cr_assert_neq(ds_jobs_submit(jobs, job_steps, &value), 0);
	cr_assert_eq(poll(&p, 1, 5000), 1, "wake fd never became readable");
	/* Take everything; once the job is done and the queue empty, the fd is quiet. */
	bool done = false;

	while (!done) {
		if (!ds_jobs_next_event(jobs, &ev)) {
			cr_assert_eq(poll(&p, 1, 5000), 1);
			continue;
		}
		if (ev.type == DS_EVENT_ITEM)
			ev.item_free(ev.item);
		done = ev.type == DS_EVENT_DONE;
	}
	cr_assert_eq(poll(&p, 1, 0), 0, "wake fd still readable with an empty queue");
	ds_jobs_free(jobs);
}

Test(jobs, cancel_wakes_a_sleeping_job_at_once)
{
	ds_jobs *jobs = ds_jobs_new(1);
	uint64_t id = ds_jobs_submit(jobs, job_long_sleep, NULL);
	ds_event ev;
	long start;

	/* Let it start, then cancel. */
	cr_assert_not(ds_jobs_wait_event(jobs, &ev, 100));
	start = ds_now_ms();
	ds_jobs_cancel(jobs, id);
	cr_assert(ds_jobs_wait_event(jobs, &ev, 5000));
	cr_assert_eq(ev.type, DS_EVENT_DONE);
	cr_assert_eq(ev.status, DS_ERR_CANCELLED);
	cr_assert_lt(ds_now_ms() - start, 1000, "cancel took %ld ms", ds_now_ms() - start);
	ds_jobs_free(jobs);
}

Test(jobs, failure_message_reaches_the_receiver)
{
	ds_jobs *jobs = ds_jobs_new(1);
	char message[256];
	ds_status st = ds_jobs_run(jobs, job_fails, NULL, NULL, NULL, message, sizeof message);

	cr_assert_eq(st, DS_ERR_AUTH);
	cr_assert_str_eq(message, "wrong password for panel");
	ds_jobs_free(jobs);
}

Test(jobs, freeing_the_pool_cancels_running_jobs_and_frees_items)
{
	ds_jobs *jobs = ds_jobs_new(2);
	int value = 0;
	long start = ds_now_ms();

	cr_assert_neq(ds_jobs_submit(jobs, job_long_sleep, NULL), 0);
	cr_assert_neq(ds_jobs_submit(jobs, job_steps, &value), 0); /* leaves an undelivered item */
	cr_assert_neq(ds_jobs_submit(jobs, job_long_sleep, NULL), 0);
	ds_jobs_free(jobs); /* must not wait 10 s, must not leak (ASan) */
	cr_assert_lt(ds_now_ms() - start, 2000);
}

Test(jobs, many_jobs_all_complete)
{
	ds_jobs *jobs = ds_jobs_new(3);
	int values[50] = { 0 };
	int done = 0;
	ds_event ev;

	for (int i = 0; i < 50; i++)
		cr_assert_neq(ds_jobs_submit(jobs, job_steps, &values[i]), 0);
	while (done < 50) {
		cr_assert(ds_jobs_wait_event(jobs, &ev, 5000));
		if (ev.type == DS_EVENT_ITEM)
			ev.item_free(ev.item);
		if (ev.type == DS_EVENT_DONE)
			done++;
	}
	for (int i = 0; i < 50; i++)
		cr_assert_eq(values[i], 7);
	cr_assert_eq(ds_jobs_pending(jobs), 0);
	ds_jobs_free(jobs);
}
