/* What the Diagnostics step shows, apart from drawing it: the devices of a
 * run with their state (waiting, checking, done...), this laptop's network
 * checks with theirs (pending, running, then a grade), and the results as
 * they arrive. The run itself (its two jobs, grading, recording in the
 * site) is app/core/diag_run.h; this model only turns its news into rows. */
#ifndef DS_DIAG_MODEL_H
#define DS_DIAG_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "app/base/jobs.h"
#include "app/core/diag_run.h"
#include "app/core/session.h"
#include "ui/toolkit/ui_theme.h"

/** Where a device is in a run. */
typedef enum ds_diag_state {
	DS_DIAG_WAITING = 0, /**< its checks have not started yet */
	DS_DIAG_RUNNING,     /**< its checks run now */
	DS_DIAG_DONE,        /**< its checks ran */
	DS_DIAG_NO_CHECKS,   /**< it has no diagnostics of its own */
	DS_DIAG_SILENT,      /**< it did not answer */
	DS_DIAG_NOT_CHECKED, /**< the run stopped before it */
} ds_diag_state;

/** A device of the run. */
typedef struct ds_diag_device {
	char serial[DS_ID_MAX]; /**< "" is the laptop */
	char name[DS_NAME_MAX];
	ds_diag_state state;
	size_t n_checks;
} ds_diag_device;

/** One result, in the order it arrived. */
typedef struct ds_diag_check {
	size_t device; /**< index into devices */
	ds_check check;
} ds_diag_check;

/** One of the laptop's checks shown. */
typedef struct ds_diag_laptop_row {
	ds_diag_laptop_check check; /**< title, target and state */
	size_t result;              /**< its index in checks once finished, else SIZE_MAX */
} ds_diag_laptop_row;

/** The devices and results shown. Zero-initialised is an empty model. */
typedef struct ds_diag_model {
	ds_diag_device *devices;
	size_t n_devices;
	ds_diag_check *checks;
	size_t n_checks, cap_checks;
	ds_diag_run *run;       /**< the run shown while it is in flight, else NULL */
	ds_diag_run *ended;     /**< the run that ended last, until the next one (ds_diag_model_store) */
	ds_diag_run **orphans;  /**< cancelled runs of an earlier site, until they finish */
	size_t n_orphans;
	unsigned permille;      /**< progress of the run (0..1000) */
	char progress[256];     /**< what the run does now ("Checking <device>") */
	char detail[256];       /**< the device's own word on its current check, or "" */
	bool finished;          /**< the results are complete: a run ended well, or loaded */
	ds_diag_laptop_row *net; /**< the laptop's checks of the run shown, in suite order */
	size_t n_net;
	unsigned net_timeout_s; /**< how long each laptop check may take */
	long laptop;            /**< index of the laptop in devices, or -1 */
	char net_progress[256]; /**< how far the laptop's checks are */
	char net_error[256];    /**< why the laptop's checks could not start, or "" */
	ds_status status;       /**< how the last run ended (after DS_DIAG_FINISHED) */
	char message[256];      /**< its failure message, or "" */
} ds_diag_model;

/** What an event did to the model. */
typedef enum ds_diag_change {
	DS_DIAG_IGNORED = 0, /**< not one of the model's jobs */
	DS_DIAG_CHANGED,     /**< progress or a result: repaint */
	DS_DIAG_FINISHED,    /**< the run ended (ev->status says how) */
} ds_diag_change;

/** Starts a run (app/core/diag_run.h) over the site's devices and the
 *  laptop's network checks, replacing the results shown. 0, or -1 (out of
 *  memory, nothing started). When the laptop's checks cannot start, the
 *  devices' still run and net_error says why. */
int ds_diag_model_start(ds_diag_model *m, ds_session *session, const ds_site *site);
/** Shows the results stored in the site (no run). */
void ds_diag_model_load(ds_diag_model *m, const ds_site *site);
/** Stops the run in flight (its end still comes). */
void ds_diag_model_cancel(ds_diag_model *m);
/** Forgets the results (another site): a run in flight is cancelled and
 *  kept until it finishes, its news then ignored. */
void ds_diag_model_reset(ds_diag_model *m);
/** Applies a job event: progress, a result (taken from the event) or the
 *  end of one job; DS_DIAG_FINISHED once the run ended (status and message
 *  say how). */
ds_diag_change ds_diag_model_event(ds_diag_model *m, ds_event *ev);
/** Shows check as the newest result of the device with serial (replacing
 *  its result with the same id, e.g. after a repair). 0, or -1 when the
 *  model has no such device or out of memory. */
int ds_diag_model_put(ds_diag_model *m, const char *serial, const ds_check *check);
/** Counts the results shown by grade. */
void ds_diag_model_counts(const ds_diag_model *m, size_t *pass, size_t *warn, size_t *fail);
/** Records the run that ended last in the site (ds_diag_run_store): its
 *  results, diagnostics_at and a line of history. 0 or -1 (out of memory). */
int ds_diag_model_store(const ds_diag_model *m, ds_site *site);
/** Frees everything. Call once no job of the model can run any more (the
 *  session's job pool has stopped). */
void ds_diag_model_free(ds_diag_model *m);

/** The translated word for a device's state; *role gets its role. */
const char *ds_diag_state_word(ds_diag_state state, ui_role *role);
/** Writes a sentence on what a device's state means and what to do. */
void ds_diag_device_text(const ds_diag_device *d, char *buf, size_t size);
/** The translated word for a laptop check still without a result; *role gets its role. */
const char *ds_diag_net_state_word(ds_diag_laptop_state state, ui_role *role);
/** Writes what the counts of the results shown are ("3 passed, 1 warning, 0 failed"). */
void ds_diag_model_counts_text(const ds_diag_model *m, char *buf, size_t size);

#endif
