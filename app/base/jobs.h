/* Jobs: work that may block runs on worker threads; progress, items and
 * results come back to the UI (or CLI) thread as events on a queue. The
 * queue has a wake-up fd that becomes readable when events are waiting, so
 * the UI thread can poll() it beside stdin and never block.
 *
 * A job is what plugins see as a ds_call: ds_host.progress(), .cancelled(),
 * .sleep() and .fail() act on the job that calls the plugin. */
#ifndef DS_JOBS_H
#define DS_JOBS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <doorstep/plugin.h>
#include "app/base/must_check.h"

/** A job in progress (the host side of a plugin's ds_call). */
typedef struct ds_call ds_job;
/** A pool of worker threads and the event queue they report to. */
typedef struct ds_jobs ds_jobs;

/** What a job does, on a worker thread. Its return value is the job's status. */
typedef ds_status (*ds_job_fn)(ds_job *job, void *arg);

/** Kinds of events. */
typedef enum ds_event_type {
	DS_EVENT_PROGRESS = 0, /**< permille and message changed */
	DS_EVENT_ITEM = 1,     /**< the job posted an item (e.g. one check result) */
	DS_EVENT_DONE = 2,     /**< the job finished; status and message are final */
} ds_event_type;

/** One event, copied out of the queue. */
typedef struct ds_event {
	ds_event_type type;
	uint64_t job_id;
	unsigned permille;     /**< PROGRESS: 0..1000 */
	char message[256];     /**< PROGRESS: what is happening; DONE: failure message or "" */
	ds_status status;      /**< DONE */
	void *item;            /**< ITEM: owned by the receiver, free with item_free */
	void (*item_free)(void *item);
} ds_event;

/** Starts workers threads. NULL on failure. */
ds_jobs *ds_jobs_new(unsigned workers);
/** Cancels every job, joins the workers, drops undelivered events (freeing items). */
void ds_jobs_free(ds_jobs *jobs);
/** An fd that polls readable while events are waiting. */
int ds_jobs_wake_fd(const ds_jobs *jobs);
/** Queues fn(job, arg). arg stays the submitter's: keep it valid until the
 *  job's DONE event is taken. Returns the job id (> 0), or 0 on failure. */
DS_MUST_CHECK uint64_t ds_jobs_submit(ds_jobs *jobs, ds_job_fn fn, void *arg);
/** Asks a job to stop; it ends with DS_ERR_CANCELLED at its next check. */
void ds_jobs_cancel(ds_jobs *jobs, uint64_t job_id);
/** Takes the next event without waiting. true if one was taken. */
bool ds_jobs_next_event(ds_jobs *jobs, ds_event *out);
/** Waits up to timeout_ms (-1: forever) for the next event. true if one was taken. */
bool ds_jobs_wait_event(ds_jobs *jobs, ds_event *out, int timeout_ms);
/** Runs fn synchronously as a job and drains its events into on_event (may be
 *  NULL), for the CLI. Returns the job's status; message gets its failure text. */
DS_MUST_CHECK ds_status ds_jobs_run(ds_jobs *jobs, ds_job_fn fn, void *arg,
				    void (*on_event)(const ds_event *ev, void *ctx), void *ctx, char *message,
				    size_t message_size);
/** Number of jobs queued or running. */
unsigned ds_jobs_pending(ds_jobs *jobs);

/* ---- for the code running inside a job ---- */

/** Reports progress: permille 0..1000 and a translated message (printf-style). */
void ds_job_progress(ds_job *job, unsigned permille, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** Posts an item to the receiver (ownership passes; freed with item_free). */
void ds_job_post_item(ds_job *job, void *item, void (*item_free)(void *item));
/** Keeps the job's status as it returns it even though it was cancelled
 *  (a failing job that was cancelled otherwise ends as DS_ERR_CANCELLED):
 *  for a job whose plugin was ended because it ignored the cancel, which
 *  the person must read about. */
void ds_job_keep_status(ds_job *job);
/** True once the job was cancelled. */
bool ds_job_cancelled(ds_job *job);
/** Waits ms, waking early on cancel: DS_OK or DS_ERR_CANCELLED. */
DS_MUST_CHECK ds_status ds_job_sleep(ds_job *job, unsigned ms);
/** Records the failure message a person reads and returns status. */
ds_status ds_job_fail(ds_job *job, ds_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** va_list form of ds_job_fail. */
ds_status ds_job_failv(ds_job *job, ds_status status, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/** The job's id, as ds_jobs_submit returned it and its events carry. */
uint64_t ds_job_id(const ds_job *job);
/** The failure message recorded so far ("" if none). */
const char *ds_job_message(const ds_job *job);

#endif
