/* Inside the checker's child process (app/plugin/check/plugin_check.h): the calls
 * into the plugin as watched jobs, the results as they accumulate, and the
 * line protocol to the parent:
 *   "B <check>\t<what>"                  a call is about to start
 *   "R <check>\t<verdict>\t<calls>\t<detail>"  a finished check
 *   "P <id>\t<version>\t<abi>"           the plugin that loaded
 *   "E"                                   the child finished every check */
#ifndef DS_PLUGIN_CHECK_CHILD_H
#define DS_PLUGIN_CHECK_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "app/base/jobs.h"
#include "app/plugin/check/plugin_check.h"
#include "app/plugin/plugin_loader.h"

/** Most checks one run reports. */
#define PC_MAX_CHECKS 48
/** Most devices exercised (discover may report more). */
#define PC_MAX_DEVICES 8
/** Most list items read per list (discover, scans, profiles, checks, options). */
#define PC_MAX_ITEMS 64
/** Size of the oversized strings passed as hostile input. */
#define PC_OVERSIZED 65536
/** Canary bytes after an output buffer, and their value. */
#define PC_CANARY_LEN 16
#define PC_CANARY 0xA5
/** A valid call at least this slow is a candidate for the cancel check (ms). */
#define PC_CANCEL_MIN_MS 250

/** A call into the plugin: runs on a worker thread with the plugin's lock
 *  held; call is the job the plugin sees as its ds_call. */
typedef ds_status (*pc_call_fn)(ds_call *call, const ds_plugin *p, void *arg);

/** Operations the cancel check can repeat on a device. */
typedef enum pc_cancel_op {
	PC_CANCEL_NONE = 0,
	PC_CANCEL_OPEN,
	PC_CANCEL_DEVICE_INFO,
	PC_CANCEL_CELLULAR,
	PC_CANCEL_FAILOVER,
	PC_CANCEL_DIAGNOSE,
	PC_CANCEL_OPERATOR_SCAN,
	PC_CANCEL_WIFI_SCAN,
	PC_CANCEL_ACCOUNT,
} pc_cancel_op;

/** One check as it accumulates. */
typedef struct pc_check {
	char id[32];
	unsigned calls;
	bool failed;
	bool skipped;
	char detail[512];
} pc_check;

/** The child's state. */
typedef struct pc_ctx {
	int fd;                        /**< the pipe to the parent */
	const ds_plugin_check_options *opts;
	unsigned timeout_ms;
	ds_loaded_plugin *lp;
	ds_plugin declared; /**< lp's descriptor as the plugin declared it (its own NULLs,
	                                    not the host's stubs): what the checks inspect and call */
	ds_jobs *jobs;
	pc_check checks[PC_MAX_CHECKS];
	size_t n_checks;
	char *oversized;               /**< PC_OVERSIZED - 1 'A's, NUL-terminated */
	char locators[PC_MAX_DEVICES][DS_LOCATOR_MAX];
	size_t n_locators;
	pc_cancel_op cancel_op;        /**< the slowest valid call seen */
	unsigned cancel_ms;            /**< how long it took */
	char cancel_locator[DS_LOCATOR_MAX];
} pc_ctx;

/* ---- plugin_check_call.c ---- */

/** Runs the whole check in the child and writes the protocol to fd. */
void pc_child_main(const char *path, const ds_plugin_check_options *opts, int fd);
/** Writes one protocol line (control characters in fields become spaces). */
void pc_emit(pc_ctx *ctx, char tag, const char *a, const char *b, const char *c, const char *d);
/** The accumulating check with this id (created on first use). */
pc_check *pc_check_get(pc_ctx *ctx, const char *id);
/** Records the first problem of a check (printf-style, translated). */
void pc_fail(pc_ctx *ctx, const char *id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/** Marks a check skipped with a reason, unless it has calls or a failure. */
void pc_skip(pc_ctx *ctx, const char *id, const char *reason);
/** Reports every accumulated check to the parent, in order. */
void pc_flush(pc_ctx *ctx);
/** Calls fn in a job, under the watchdog. Fills status and the fail()
 *  message; returns the time it took in ms. When the call does not return
 *  within the timeout, reports the hang and ends the child. */
unsigned pc_call(pc_ctx *ctx, const char *id, const char *what, pc_call_fn fn, void *arg,
		 ds_status *status, char *message, size_t message_size);
/** As pc_call, but cancels the job after cancel_ms. Returns the ms from the
 *  cancel to the job's end; status is the plugin's own return value. */
unsigned pc_call_cancel(pc_ctx *ctx, const char *id, const char *what, pc_call_fn fn, void *arg,
			unsigned cancel_ms, bool *ended_before_cancel, ds_status *status);
/** Checks a valid call's outcome: DS_OK, or a failure that says why. True
 *  when the call returned DS_OK. */
bool pc_expect_ok(pc_ctx *ctx, const char *id, const char *what, ds_status st, const char *msg);
/** Checks a hostile call's outcome: refused, with a message unless the
 *  status is one that needs none (DS_ERR_NOT_FOUND when quiet_not_found). */
void pc_expect_refused(pc_ctx *ctx, const char *id, const char *what, ds_status st,
		       const char *msg, bool quiet_not_found);
/** Fills a buffer of size + PC_CANARY_LEN bytes with the canary. */
void pc_canary_fill(char *buf, size_t size);
/** Checks an output buffer: the canary after size intact and, when nul,
 *  a NUL within size. */
void pc_canary_check(pc_ctx *ctx, const char *id, const char *what, const char *buf, size_t size,
		     bool nul);
/** Checks that a fixed string field is NUL-terminated. */
void pc_field_check(pc_ctx *ctx, const char *id, const char *what, const char *field,
		    size_t size);
/** Remembers a valid call as the cancel check's candidate when slowest. */
void pc_cancel_candidate(pc_ctx *ctx, pc_cancel_op op, unsigned ms, const char *locator);

/* ---- plugin_check_plugin.c ---- */

/** Descriptor sanity, beyond what the loader refuses. */
void pc_check_descriptor(pc_ctx *ctx);
/** match_qr, match_ble, match_serial, discover; collects locators. */
void pc_check_matching(pc_ctx *ctx);
/** open with hostile locators. */
void pc_check_open_hostile(pc_ctx *ctx);
/** Opens a device (valid call, counted in "open"); NULL when it failed. */
ds_device *pc_open(pc_ctx *ctx, const char *locator);
/** Closes a device (counted in "close"). */
void pc_close(pc_ctx *ctx, ds_device *dev);
/** The cancel check, on the slowest valid call seen. */
void pc_check_cancel(pc_ctx *ctx);

/* ---- plugin_check_device.c ---- */

/** Exercises every declared device operation on one opened device. */
void pc_check_device(pc_ctx *ctx, ds_device *dev, const char *locator);
/** Sets up the cancel check's call of op on dev: fn and arg (valid until the
 *  next use). Returns what the call is, for people. */
const char *pc_device_cancel_call(pc_cancel_op op, ds_device *dev, pc_call_fn *fn, void **arg);

/* ---- plugin_check_options.c ---- */

/** option_desc, option_get, option_set on one device. */
void pc_check_options(pc_ctx *ctx, ds_device *dev, bool has_feature);

#endif
