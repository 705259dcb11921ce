/* The plugin conformance checker behind `doorstep plugin check FILE.so`.
 *
 * It loads one plugin file (unsigned too: a vendor checks a plugin under
 * development; the signature verdict is one of the checks) in a child
 * process with a scratch data directory, and exercises it: descriptor
 * sanity, every declared operation with valid and with hostile input,
 * cancel, error messages, NUL-terminated outputs. Each call runs as a job on
 * a worker thread under a watchdog, so a plugin that hangs or crashes gives
 * a verdict ("crashed in open", "did not return") instead of taking the
 * checker with it. */
#ifndef DS_PLUGIN_CHECK_H
#define DS_PLUGIN_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include "app/base/must_check.h"

/** Verdict of one check. Never renumber a value. */
typedef enum ds_plugin_check_verdict {
	DS_PCHECK_PASS = 0,
	DS_PCHECK_FAIL = 1,
	DS_PCHECK_SKIP = 2, /**< nothing to check (operation not declared, no device) */
} ds_plugin_check_verdict;

/** One check: an id such as "descriptor", "open", "cancel", "no-crash". */
typedef struct ds_plugin_check_result {
	char id[32];
	ds_plugin_check_verdict verdict;
	unsigned calls;      /**< calls into the plugin this check made */
	char detail[512];    /**< translated: the first problem found, or what passed */
} ds_plugin_check_result;

/** What to check against. */
typedef struct ds_plugin_check_options {
	const char *locator;    /**< a device to open, or NULL: use discover() */
	const char *qr_payload; /**< a label match_qr must claim, or NULL */
	unsigned timeout_ms;    /**< longest one call may take; 0: the default */
} ds_plugin_check_options;

/** Longest one call may take unless told otherwise. */
#define DS_PCHECK_DEFAULT_TIMEOUT_MS 30000u
/** How soon after a cancel an operation must return DS_ERR_CANCELLED. */
#define DS_PCHECK_CANCEL_BOUND_MS 1000u

/** Everything one run found. */
typedef struct ds_plugin_check_report {
	char path[4096];
	char plugin_id[64];     /**< "" when the file did not load */
	char version[64];
	char abi[16];           /**< e.g. "1.0" */
	ds_plugin_check_result *results;
	size_t n_results;
} ds_plugin_check_report;

/** Checks the plugin file at path. Fills out (free with
 *  ds_plugin_check_report_free). 0, or -1 when the check could not run at
 *  all (out of memory, no process), with errno set. */
DS_MUST_CHECK int ds_plugin_check_run(const char *path, const ds_plugin_check_options *opts, ds_plugin_check_report *out);
/** True when no check failed. */
bool ds_plugin_check_passed(const ds_plugin_check_report *report);
/** Stable English name of a verdict ("pass", "fail", "skip"). */
const char *ds_plugin_check_verdict_str(ds_plugin_check_verdict verdict);
/** Frees the results of a report. */
void ds_plugin_check_report_free(ds_plugin_check_report *report);

#endif
