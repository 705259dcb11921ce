/* Diagnostics step: running the repair a check offers (ds_check.fix, its
 * button labelled with fix_title), then showing the device's checks again. */
#ifndef DS_DIAG_FIX_H
#define DS_DIAG_FIX_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/account_ops.h"
#include "ui/wizard/diagnostics_model.h"
#include "ui/wizard/wizard.h"

/** The repair being run. */
typedef struct ds_diag_fix {
	ds_op_check_fix op;
	ds_site_device device;   /**< the copy op.diagnose.list points at */
	char title[DS_NAME_MAX]; /**< the fix's title, for the messages */
	uint64_t job;
} ds_diag_fix;

/** Starts the repair offered by result c of m as the foreground job (a
 *  change: ds_wizard_may_run decides; progress, Esc cancels). Says on the
 *  status line why not when the check offers none. true when started. */
bool ds_diag_fix_start(ds_wizard *w, ds_diag_fix *f, const ds_diag_model *m, size_t c);
/** Takes an event of the repair's job: each fresh result of the device
 *  replaces the one shown and stored; at its end, saves and says how it went.
 *  false when ev is not the repair's. */
bool ds_diag_fix_event(ds_wizard *w, ds_diag_fix *f, ds_diag_model *m, ds_event *ev);

#endif
