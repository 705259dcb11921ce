/* Internal header of the AT-modem plugin: its state, translation macros,
 * the command runner and the operations each file implements. */
#ifndef ATMODEM_H
#define ATMODEM_H

#include <doorstep/plugin.h>

#include "at_parse.h"
#include "at_port.h"
#include "es10.h"

/** The plugin's gettext text domain. */
#define ATMODEM_TEXT_DOMAIN "doorstep-atmodem"

/** Translates a message now (xgettext --keyword=D_). */
#define D_(s) atmodem_translate(s)
/** Marks a message for translation later, in static tables (--keyword=N_). */
#define N_(s) (s)

/** Timeouts (ms): a short command, identity reads (SIM access), the probe
 *  of a port nobody claimed yet, and an operator scan. */
#define ATMODEM_TIMEOUT_MS 3000u
#define ATMODEM_SIM_TIMEOUT_MS 5000u
#define ATMODEM_PROBE_TIMEOUT_MS 1000u
#define ATMODEM_SCAN_TIMEOUT_MS 180000u
/** Most networks one operator scan keeps. */
#define ATMODEM_SCAN_MAX 32

/** An opened module. */
struct ds_device {
	at_port port;
	char imei[24];
	char iccid[24];
	char vendor[DS_NAME_MAX];
	char model[DS_NAME_MAX];
	char firmware[DS_ID_MAX];
	bool answers;                 /**< the last "AT" got OK (diagnose check 0) */
	at_network scan[ATMODEM_SCAN_MAX];
	size_t n_scan;
	bool scanned;                 /**< scan[] holds the last operator scan */
};

/** The host table from init(). */
extern const ds_host *atmodem_host;

/** Looks msgid up in the plugin's text domain. */
const char *atmodem_translate(const char *msgid) __attribute__((format_arg(1)));

/* ---- commands (atmodem_command.c) ---- */

/** Runs command on the device's port. DS_OK on OK; otherwise a status whose
 *  message (fail()) says what happened and what to do, unless quiet, in which
 *  case a refusal (DS_ERR_DEVICE) records nothing: for optional commands.
 *  progress: a message for a long wait (progress with a countdown), or NULL. */
ds_status atmodem_run(ds_call *call, ds_device *dev, const char *command, unsigned timeout_ms, at_response *resp,
		      bool quiet, const char *progress);
/** The translated reason for a +CME ERROR code (a sentence with advice). */
const char *atmodem_cme_text(int code);
/** The translated words for an ES10 result (profile not found, ...). */
const char *atmodem_es10_text(es10_result result);

/* ---- identity (atmodem_plugin.c) ---- */

/** Reads IMEI, ICCID, maker, model and firmware (each optional). */
ds_status atmodem_read_identity(ds_call *call, ds_device *dev);

/* ---- cellular (atmodem_cellular.c) ---- */

/** The best registration of +CREG/+CGREG/+CEREG/+C5GREG, and its technology. */
ds_status atmodem_registration(ds_call *call, ds_device *dev, at_reg *best);
/** The ds_rat flag of a technology (0 when unknown). */
uint32_t atmodem_rat(at_act act);
/** cellular_status operation. */
ds_status atmodem_cellular_status(ds_call *call, ds_device *dev, ds_cellular_status *out);
/** operator_scan operation. */
ds_status atmodem_operator_scan(ds_call *call, ds_device *dev, size_t index, ds_network *out);

/* ---- diagnostics (atmodem_diag.c) ---- */

/** diagnose operation. */
ds_status atmodem_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out);

#endif
