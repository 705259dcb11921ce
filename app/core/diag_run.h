/* One diagnostics run: this laptop's network checks (the libcurl suite of
 * app/net, targets from diag_targets) and every device's own checks, as two
 * jobs side by side on one pool. The caller feeds the pool's events to
 * ds_diag_run_event, which keeps every result in the order it arrived and
 * says what changed; a run that finished well is recorded in the site with
 * ds_diag_run_store. The wizard's Diagnostics step drives a run from its
 * event loop; `doorstep run` and `doorstep diag` wait for one with
 * ds_diag_run_wait. No curses, and nothing of app/net in this header. */
#ifndef DS_DIAG_RUN_H
#define DS_DIAG_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "app/base/jobs.h"
#include "app/base/must_check.h"
#include "app/core/session.h"

/** Longest target URL of a laptop check (bytes, with NUL; DS_NET_URL_MAX). */
#define DS_DIAG_URL_MAX 512

/** One run (opaque). Free it only once it finished, or once its pool stopped. */
typedef struct ds_diag_run ds_diag_run;

/** What a run checks. */
typedef struct ds_diag_request {
	ds_jobs *jobs;              /**< the pool both jobs run on */
	ds_devices *devices;        /**< the open devices; NULL: no device checks */
	const ds_site_device *list; /**< the devices to check (copied at start) */
	size_t n;
	const ds_plugin_set *plugins; /**< whose cloud URLs are default laptop targets (may be NULL) */
	bool simulated;               /**< simulated plugins' clouds count too */
	const char *const *urls;      /**< the laptop's targets instead of config.json's and the defaults */
	size_t n_urls;                /**< 0: config.json's targets, else the defaults and the clouds */
} ds_diag_request;

/** Where one of the laptop's checks is. */
typedef enum ds_diag_laptop_state {
	DS_DIAG_LAPTOP_PENDING = 0, /**< not started */
	DS_DIAG_LAPTOP_RUNNING,     /**< its transfer runs */
	DS_DIAG_LAPTOP_FINISHED,    /**< it has its result */
} ds_diag_laptop_state;

/** One of the laptop's checks, as the run last heard of it. */
typedef struct ds_diag_laptop_check {
	ds_diag_laptop_state state;
	char title[DS_NAME_MAX];      /**< translated, e.g. "Connection · example.com" */
	char target[DS_DIAG_URL_MAX]; /**< the URL it checks */
} ds_diag_laptop_check;

/** What one job event did to a run. */
typedef enum ds_diag_news {
	DS_DIAG_NEWS_NONE = 0, /**< not an event of this run */
	DS_DIAG_NEWS_PROGRESS, /**< a job's progress: message, permille; device when it moved on */
	DS_DIAG_NEWS_LAPTOP,   /**< a laptop check changed state (index); check once finished */
	DS_DIAG_NEWS_RESULT,   /**< a device's result arrived: device, check */
	DS_DIAG_NEWS_JOB_DONE, /**< one of the two jobs ended (laptop says which), the other runs on */
	DS_DIAG_NEWS_FINISHED, /**< every job ended: ds_diag_run_outcome says how */
} ds_diag_news;

/** What changed, for the caller to show. Pointers live until the next event. */
typedef struct ds_diag_update {
	ds_diag_news news;
	bool laptop;                /**< it concerns the laptop's job, else the devices' */
	unsigned permille;          /**< PROGRESS: that job's share done (0..1000) */
	const char *message;        /**< PROGRESS: that job's message, translated */
	const char *device;         /**< PROGRESS: serial of the device whose checks start now,
	                               or NULL (the message is that device's own detail);
	                               RESULT: the result's device; "" for the laptop */
	size_t index;               /**< LAPTOP: which laptop check */
	ds_diag_laptop_state state; /**< LAPTOP: its state now */
	const ds_check *check;      /**< RESULT, and LAPTOP once finished: the graded result; else NULL */
} ds_diag_update;

/** How a finished run went. */
typedef struct ds_diag_outcome {
	ds_status status;         /**< a cancel first, then the devices' status, then the laptop's */
	char message[256];        /**< the devices' job's failure message, or "" */
	char laptop_message[256]; /**< the laptop's job's failure message, or "" */
	bool laptop_checked;      /**< the laptop's checks ran to their end */
} ds_diag_outcome;

/** Starts a run over copies of the site's devices and of the laptop's
 *  checks (config.json's targets, else the defaults and the clouds of the
 *  session's plugins) on the session's pool. NULL when nothing could start
 *  (out of memory). When the laptop's checks cannot start, the devices'
 *  still run and laptop_error says why; else it is "". */
ds_diag_run *ds_diag_run_start(ds_session *session, const ds_site *site, char *laptop_error, size_t error_size);
/** As ds_diag_run_start with every choice in req. NULL, with the reason in
 *  laptop_error, when no job could start. */
ds_diag_run *ds_diag_run_start_ex(const ds_diag_request *req, char *laptop_error, size_t error_size);
/** Applies a job event to run and fills u with what changed; an item of
 *  the run's jobs is taken from ev (ev->item becomes NULL). u->news is
 *  DS_DIAG_NEWS_NONE for an event of another job. */
void ds_diag_run_event(ds_diag_run *run, ds_event *ev, ds_diag_update *u);
/** Takes the pool's events until run finished, calling on_update (may be
 *  NULL) for each change; for the command line. Returns the outcome's status. */
ds_status ds_diag_run_wait(ds_diag_run *run, void (*on_update)(const ds_diag_update *u, void *ctx), void *ctx);
/** Asks the run's jobs to stop; its FINISHED news still comes. */
void ds_diag_run_cancel(ds_diag_run *run);
/** True once every job of the run ended. */
bool ds_diag_run_finished(const ds_diag_run *run);
/** The outcome of a finished run (status DS_ERR_BUSY while it runs). */
ds_diag_outcome ds_diag_run_outcome(const ds_diag_run *run);
/** The progress of the whole run (0..1000): the devices' and the laptop's side by side. */
unsigned ds_diag_run_permille(const ds_diag_run *run);
/** Number of the laptop's checks (0 when they could not start). */
size_t ds_diag_run_laptop_count(const ds_diag_run *run);
/** Copies laptop check i (as the run last heard of it) into out. false when i is out of range. */
bool ds_diag_run_laptop_check(const ds_diag_run *run, size_t i, ds_diag_laptop_check *out);
/** How long each laptop check may take, in whole seconds (rounded up). */
unsigned ds_diag_run_timeout_seconds(const ds_diag_run *run);
/** The laptop's suite (const ds_net_suite * of app/net/net_suite.h) once
 *  the run finished, for `doorstep diag`'s detail; NULL without laptop checks. */
const struct ds_net_suite *ds_diag_run_suite(const ds_diag_run *run);
/** Counts the results that arrived by grade (any pointer may be NULL). */
void ds_diag_run_counts(const ds_diag_run *run, size_t *pass, size_t *warn, size_t *fail);
/** Records a run in the site as the wizard always did: its results replace
 *  the site's (laptop checks under the device ""), diagnostics_at is
 *  stamped and the history says how many passed, warned and failed. 0 or
 *  -1 (out of memory: the site keeps the results stored so far). */
DS_MUST_CHECK int ds_diag_run_store(const ds_diag_run *run, ds_site *site);
/** Frees a run whose jobs ended (or whose pool stopped). */
void ds_diag_run_free(ds_diag_run *run);

#endif
