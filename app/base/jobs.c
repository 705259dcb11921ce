/* Worker threads and the event queue. */
#include "app/base/jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A job. Plugins know it as ds_call. */
struct ds_call {
	uint64_t id;
	ds_job_fn fn;
	void *arg;
	ds_jobs *jobs;
	atomic_bool cancelled;
	atomic_bool keep_status; /* its status stands though it was cancelled */
	bool running;
	char message[256];
	struct ds_call *next;
};

/* A queued event. */
typedef struct ds_event_node {
	ds_event ev;
	struct ds_event_node *next;
} ds_event_node;

/** Job ids, unique across every pool of the process: what a job leaves
 *  behind by id (a certificate to accept) cannot be taken by another pool's job. */
static atomic_uint_fast64_t ds_jobs_next_id = 1;

struct ds_jobs {
	pthread_mutex_t lock;
	pthread_cond_t work_cond;   /* jobs queued, or stopping */
	pthread_cond_t sleep_cond;  /* a cancel happened: wake sleepers */
	pthread_cond_t event_cond;  /* an event was queued (for ds_jobs_wait_event) */
	ds_job *queue_head, *queue_tail;
	ds_job *running;            /* singly linked list of running jobs */
	ds_event_node *ev_head, *ev_tail;
	unsigned pending;
	bool stopping;
	int wake[2];
	pthread_t *threads;
	unsigned n_threads;
};

/** Makes the wake fd readable (one byte is enough; extra bytes are drained). */
static void ds_jobs_wake(ds_jobs *jobs)
{
	char c = 1;
	ssize_t r;

	do
		r = write(jobs->wake[1], &c, 1);
	while (r < 0 && errno == EINTR);
}

/** Appends an event; called with the lock held. */
static void ds_jobs_push_event_locked(ds_jobs *jobs, const ds_event *ev)
{
	ds_event_node *n = calloc(1, sizeof *n);

	if (!n) {
		if (ev->type == DS_EVENT_ITEM && ev->item_free)
			ev->item_free(ev->item);
		return;
	}
	n->ev = *ev;
	if (jobs->ev_tail)
		jobs->ev_tail->next = n;
	else
		jobs->ev_head = n;
	jobs->ev_tail = n;
	pthread_cond_broadcast(&jobs->event_cond);
	ds_jobs_wake(jobs);
}

/** Removes job from the running list; called with the lock held. */
static void ds_jobs_unlink_running(ds_jobs *jobs, ds_job *job)
{
	for (ds_job **p = &jobs->running; *p; p = &(*p)->next) {
		if (*p == job) {
			*p = job->next;
			return;
		}
	}
}

/** A worker: takes jobs until the pool stops. */
static void *ds_jobs_worker(void *data)
{
	ds_jobs *jobs = data;

	pthread_mutex_lock(&jobs->lock);
	for (;;) {
		while (!jobs->stopping && !jobs->queue_head)
			pthread_cond_wait(&jobs->work_cond, &jobs->lock);
		if (!jobs->queue_head)
			break;
		ds_job *job = jobs->queue_head;

		jobs->queue_head = job->next;
		if (!jobs->queue_head)
			jobs->queue_tail = NULL;
		job->next = jobs->running;
		jobs->running = job;
		job->running = true;
		pthread_mutex_unlock(&jobs->lock);

		ds_status st = atomic_load(&job->cancelled) ? DS_ERR_CANCELLED : job->fn(job, job->arg);

		if (st != DS_OK && atomic_load(&job->cancelled) && !atomic_load(&job->keep_status))
			st = DS_ERR_CANCELLED;
		pthread_mutex_lock(&jobs->lock);
		ds_jobs_unlink_running(jobs, job);
		ds_event ev = { .type = DS_EVENT_DONE, .job_id = job->id, .status = st, .permille = 1000 };

		snprintf(ev.message, sizeof ev.message, "%s", job->message);
		jobs->pending--;
		ds_jobs_push_event_locked(jobs, &ev);
		free(job);
	}
	pthread_mutex_unlock(&jobs->lock);
	return NULL;
}

ds_jobs *ds_jobs_new(unsigned workers)
{
	ds_jobs *jobs = calloc(1, sizeof *jobs);
	pthread_condattr_t ca;

	if (!jobs)
		return NULL;
	if (workers == 0)
		workers = 1;
	if (pipe2(jobs->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(jobs);
		return NULL;
	}
	pthread_mutex_init(&jobs->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&jobs->work_cond, NULL);
	pthread_cond_init(&jobs->sleep_cond, &ca);
	pthread_cond_init(&jobs->event_cond, &ca);
	pthread_condattr_destroy(&ca);
	jobs->threads = calloc(workers, sizeof *jobs->threads);
	if (!jobs->threads) {
		ds_jobs_free(jobs);
		return NULL;
	}
	for (unsigned i = 0; i < workers; i++) {
		if (pthread_create(&jobs->threads[i], NULL, ds_jobs_worker, jobs) != 0)
			break;
		jobs->n_threads++;
	}
	if (jobs->n_threads == 0) {
		ds_jobs_free(jobs);
		return NULL;
	}
	return jobs;
}

void ds_jobs_free(ds_jobs *jobs)
{
	if (!jobs)
		return;
	pthread_mutex_lock(&jobs->lock);
	jobs->stopping = true;
	for (ds_job *j = jobs->queue_head; j; j = j->next)
		atomic_store(&j->cancelled, true);
	for (ds_job *j = jobs->running; j; j = j->next)
		atomic_store(&j->cancelled, true);
	pthread_cond_broadcast(&jobs->work_cond);
	pthread_cond_broadcast(&jobs->sleep_cond);
	pthread_mutex_unlock(&jobs->lock);
	for (unsigned i = 0; i < jobs->n_threads; i++)
		pthread_join(jobs->threads[i], NULL);
	for (ds_event_node *n = jobs->ev_head, *next; n; n = next) {
		next = n->next;
		if (n->ev.type == DS_EVENT_ITEM && n->ev.item_free)
			n->ev.item_free(n->ev.item);
		free(n);
	}
	close(jobs->wake[0]);
	close(jobs->wake[1]);
	pthread_cond_destroy(&jobs->work_cond);
	pthread_cond_destroy(&jobs->sleep_cond);
	pthread_cond_destroy(&jobs->event_cond);
	pthread_mutex_destroy(&jobs->lock);
	free(jobs->threads);
	free(jobs);
}

int ds_jobs_wake_fd(const ds_jobs *jobs)
{
	return jobs->wake[0];
}

uint64_t ds_jobs_submit(ds_jobs *jobs, ds_job_fn fn, void *arg)
{
	ds_job *job = calloc(1, sizeof *job);
	uint64_t id;

	if (!job)
		return 0;
	job->fn = fn;
	job->arg = arg;
	job->jobs = jobs;
	atomic_init(&job->cancelled, false);
	pthread_mutex_lock(&jobs->lock);
	if (jobs->stopping) {
		pthread_mutex_unlock(&jobs->lock);
		free(job);
		return 0;
	}
	id = job->id = atomic_fetch_add(&ds_jobs_next_id, 1);
	if (jobs->queue_tail)
		jobs->queue_tail->next = job;
	else
		jobs->queue_head = job;
	jobs->queue_tail = job;
	jobs->pending++;
	pthread_cond_signal(&jobs->work_cond);
	pthread_mutex_unlock(&jobs->lock);
	return id;
}

void ds_jobs_cancel(ds_jobs *jobs, uint64_t job_id)
{
	pthread_mutex_lock(&jobs->lock);
	for (ds_job *j = jobs->queue_head; j; j = j->next)
		if (j->id == job_id)
			atomic_store(&j->cancelled, true);
	for (ds_job *j = jobs->running; j; j = j->next)
		if (j->id == job_id)
			atomic_store(&j->cancelled, true);
	pthread_cond_broadcast(&jobs->sleep_cond);
	pthread_mutex_unlock(&jobs->lock);
}

/** Takes the first event; called with the lock held. */
static bool ds_jobs_pop_locked(ds_jobs *jobs, ds_event *out)
{
	ds_event_node *n = jobs->ev_head;

	if (!n)
		return false;
	jobs->ev_head = n->next;
	if (!jobs->ev_head)
		jobs->ev_tail = NULL;
	*out = n->ev;
	free(n);
	return true;
}

/** Empties the wake pipe once the queue is empty; called with the lock held. */
static void ds_jobs_drain_wake_locked(ds_jobs *jobs)
{
	char buf[64];

	if (jobs->ev_head)
		return;
	while (read(jobs->wake[0], buf, sizeof buf) > 0)
		;
}

bool ds_jobs_next_event(ds_jobs *jobs, ds_event *out)
{
	bool got;

	pthread_mutex_lock(&jobs->lock);
	got = ds_jobs_pop_locked(jobs, out);
	ds_jobs_drain_wake_locked(jobs);
	pthread_mutex_unlock(&jobs->lock);
	return got;
}

/** Adds ms to a CLOCK_MONOTONIC time. */
static struct timespec ds_deadline(unsigned ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

bool ds_jobs_wait_event(ds_jobs *jobs, ds_event *out, int timeout_ms)
{
	struct timespec until = ds_deadline(timeout_ms > 0 ? (unsigned)timeout_ms : 0);
	bool got;

	pthread_mutex_lock(&jobs->lock);
	while (!jobs->ev_head && timeout_ms != 0) {
		if (timeout_ms < 0)
			pthread_cond_wait(&jobs->event_cond, &jobs->lock);
		else if (pthread_cond_timedwait(&jobs->event_cond, &jobs->lock, &until) == ETIMEDOUT)
			break;
	}
	got = ds_jobs_pop_locked(jobs, out);
	ds_jobs_drain_wake_locked(jobs);
	pthread_mutex_unlock(&jobs->lock);
	return got;
}

ds_status ds_jobs_run(ds_jobs *jobs, ds_job_fn fn, void *arg,
		      void (*on_event)(const ds_event *ev, void *ctx), void *ctx,
		      char *message, size_t message_size)
{
	uint64_t id = ds_jobs_submit(jobs, fn, arg);
	ds_event ev;

	if (message && message_size)
		message[0] = '\0';
	if (!id)
		return DS_ERR_NO_MEMORY;
	for (;;) {
		if (!ds_jobs_wait_event(jobs, &ev, -1))
			continue;
		if (ev.job_id == id && on_event)
			on_event(&ev, ctx);
		if (ev.type == DS_EVENT_ITEM && ev.item && ev.item_free)
			ev.item_free(ev.item);
		if (ev.job_id == id && ev.type == DS_EVENT_DONE) {
			if (message && message_size)
				snprintf(message, message_size, "%s", ev.message);
			return ev.status;
		}
	}
}

unsigned ds_jobs_pending(ds_jobs *jobs)
{
	unsigned n;

	pthread_mutex_lock(&jobs->lock);
	n = jobs->pending;
	pthread_mutex_unlock(&jobs->lock);
	return n;
}

void ds_job_progress(ds_job *job, unsigned permille, const char *fmt, ...)
{
	ds_event ev = { .type = DS_EVENT_PROGRESS, .job_id = job->id };
	va_list ap;

	ev.permille = permille > 1000 ? 1000 : permille;
	va_start(ap, fmt);
	vsnprintf(ev.message, sizeof ev.message, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&job->jobs->lock);
	ds_jobs_push_event_locked(job->jobs, &ev);
	pthread_mutex_unlock(&job->jobs->lock);
}

void ds_job_post_item(ds_job *job, void *item, void (*item_free)(void *item))
{
	ds_event ev = { .type = DS_EVENT_ITEM, .job_id = job->id, .item = item, .item_free = item_free };

	pthread_mutex_lock(&job->jobs->lock);
	ds_jobs_push_event_locked(job->jobs, &ev);
	pthread_mutex_unlock(&job->jobs->lock);
}

void ds_job_keep_status(ds_job *job)
{
	atomic_store(&job->keep_status, true);
}

bool ds_job_cancelled(ds_job *job)
{
	return atomic_load(&job->cancelled);
}

ds_status ds_job_sleep(ds_job *job, unsigned ms)
{
	struct timespec until = ds_deadline(ms);
	ds_jobs *jobs = job->jobs;
	ds_status st = DS_OK;

	pthread_mutex_lock(&jobs->lock);
	while (!atomic_load(&job->cancelled)) {
		if (pthread_cond_timedwait(&jobs->sleep_cond, &jobs->lock, &until) == ETIMEDOUT)
			break;
	}
	if (atomic_load(&job->cancelled))
		st = DS_ERR_CANCELLED;
	pthread_mutex_unlock(&jobs->lock);
	return st;
}

ds_status ds_job_failv(ds_job *job, ds_status status, const char *fmt, va_list ap)
{
	vsnprintf(job->message, sizeof job->message, fmt, ap);
	return status;
}

ds_status ds_job_fail(ds_job *job, ds_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ds_job_failv(job, status, fmt, ap);
	va_end(ap);
	return status;
}

uint64_t ds_job_id(const ds_job *job)
{
	return job->id;
}

const char *ds_job_message(const ds_job *job)
{
	return job->message;
}
