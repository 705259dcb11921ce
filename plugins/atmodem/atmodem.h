/* Internal header of the AT-modem plugin: its state, translation macros,
 * the command runner and the operations each file implements. */
#ifndef ATMODEM_H
#define ATMODEM_H

#include <doorstep/plugin.h>

#include "at_parse.h"
#include "at_port.h"
#include "es10.h"
#include "euicc_apdu.h"

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
/** Most profiles and pending notifications read from the eUICC. */
#define ATMODEM_PROFILES_MAX 16
#define ATMODEM_NOTIFICATIONS_MAX 32
/** Room for one ES10 answer (16 profiles of the largest texts fit). */
#define ATMODEM_ES10_MAX 16384u
/** Longest wait for the card after a refresh reset (ms). */
#define ATMODEM_CARD_RESET_LIMIT_MS 30000u
/** Longest wait for registration and packet-data attach on a new profile
 *  (ms), unless DOORSTEP_ATMODEM_REGISTER_SECONDS says otherwise. */
#define ATMODEM_REGISTER_LIMIT_MS 120000u
/** How long the status read with the profile list may answer the host's
 *  question that follows the list (ms). */
#define ATMODEM_STATUS_REUSE_MS 1000u
/** Time between two looks at the card or the registration while waiting (ms). */
#define ATMODEM_POLL_MS 500u

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
	bool has_esim;                /**< open() reached an eUICC's ISD-R */
	unsigned at_commands;         /**< AT commands sent since open (for the logged figures) */
	euicc_session euicc;          /**< the eUICC; its ISD-R channel stays open between operations */
	ds_call *euicc_call;          /**< the operation its AT commands run for */
	es10_profile profiles[ATMODEM_PROFILES_MAX]; /**< the last profile list read */
	size_t n_profiles;
	ds_cellular_status listed_status;                   /**< the module's status read while listing the profiles */
	bool listed_status_kept;                            /**< listed_status may answer the next cellular_status */
	uint64_t listed_status_ms;                          /**< when listed_status was read (atmodem_now_ms) */
	unsigned listed_status_commands;                    /**< at_commands right after listed_status was read */
	es10_notification notes[ATMODEM_NOTIFICATIONS_MAX]; /**< the last notification list (metadata) */
	size_t n_notes;
	uint8_t es10_answer[ATMODEM_ES10_MAX]; /**< the last ES10 answer */
};

/** The host table from init(). */
extern const ds_host *atmodem_host;
/** The registration limit in effect (ms): ATMODEM_REGISTER_LIMIT_MS, or
 *  DOORSTEP_ATMODEM_REGISTER_SECONDS read at init. */
extern unsigned atmodem_register_limit_ms;

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
/** Reads the ICCID of the profile in use into dev->iccid ("" when none). */
ds_status atmodem_read_iccid(ds_call *call, ds_device *dev);

/* ---- cellular (atmodem_cellular.c) ---- */

/** The best registration of +CREG/+CGREG/+CEREG/+C5GREG, and its technology. */
ds_status atmodem_registration(ds_call *call, ds_device *dev, at_reg *best);
/** The ds_rat flag of a technology (0 when unknown). */
uint32_t atmodem_rat(at_act act);
/** Reads the registration, operator, signal and ICCID in use now. */
ds_status atmodem_cellular_status(ds_call *call, ds_device *dev, ds_cellular_status *out);
/** cellular_status operation: the status the profile list has just read,
 *  once, when no AT command was sent since and it is younger than
 *  ATMODEM_STATUS_REUSE_MS (the host asks for it right after the list);
 *  otherwise read now. */
ds_status atmodem_cellular_status_op(ds_call *call, ds_device *dev, ds_cellular_status *out);
/** operator_scan operation. */
ds_status atmodem_operator_scan(ds_call *call, ds_device *dev, size_t index, ds_network *out);

/** Milliseconds of a monotonic clock. */
uint64_t atmodem_now_ms(void);
/** Waits, with a countdown and cancel, until the module is registered
 *  (home or roaming) with the profile iccid ("" for any) and, when attach,
 *  attached for packet data (+CGATT: 1); at most limit_ms. what names the
 *  stage in the progress. DS_OK, DS_ERR_TIMEOUT (message recorded), or the
 *  failure of a command. */
ds_status atmodem_wait_online(ds_call *call, ds_device *dev, const char *iccid, bool attach, unsigned limit_ms,
			      const char *what);

/* ---- the eUICC (atmodem_euicc.c) ---- */

/** Prepares the device's eUICC session (once, at open). */
void atmodem_euicc_init(ds_device *dev);
/** Opens the ISD-R channel for an operation of call, unless it is open. */
ds_status atmodem_euicc_begin(ds_call *call, ds_device *dev);
/** Sends one ES10 request (what: its name for messages) and leaves the
 *  answer in dev->es10_answer, its length in *len. A channel the module lost
 *  is opened again once. */
ds_status atmodem_es10(ds_call *call, ds_device *dev, const char *what, const uint8_t *request, long request_len,
		       size_t *len);
/** The status of an exchange with the eUICC that ended in st (what: the
 *  request's name for messages); on failure a message (fail()) says what
 *  happened and what to do. DS_OK for EUICC_OK. */
ds_status atmodem_euicc_fail(ds_call *call, ds_device *dev, euicc_status st, const char *what);
/** After a refresh the module resets the card: forgets the channel and
 *  opens it again once the card answers (countdown, at most
 *  ATMODEM_CARD_RESET_LIMIT_MS). */
ds_status atmodem_euicc_after_reset(ds_call *call, ds_device *dev);
/** Closes the channel (at close). */
void atmodem_euicc_end(ds_device *dev);

/* ---- eSIM profiles (atmodem_esim.c) ---- */

/** Reads the profile list into dev->profiles. */
ds_status atmodem_read_profiles(ds_call *call, ds_device *dev);
/** The profile with this ICCID in dev->profiles, or NULL. */
const es10_profile *atmodem_find_profile(const ds_device *dev, const char *iccid);
/** Enables the profile with this ICCID (refresh), waits for the card to come
 *  back and, when attach, for registration and packet data on it. */
ds_status atmodem_enable(ds_call *call, ds_device *dev, const char *iccid, bool attach, unsigned limit_ms);
/** esim_* operations. */
ds_status atmodem_esim_profile(ds_call *call, ds_device *dev, size_t index, ds_esim_profile *out);
ds_status atmodem_esim_set_primary(ds_call *call, ds_device *dev, const char *iccid);
ds_status atmodem_esim_set_backup(ds_call *call, ds_device *dev, const char *iccid);
ds_status atmodem_esim_info(ds_call *call, ds_device *dev, ds_esim_info *out);
ds_status atmodem_esim_disable(ds_call *call, ds_device *dev, const char *iccid);
ds_status atmodem_esim_delete(ds_call *call, ds_device *dev, const char *iccid);
ds_status atmodem_esim_nickname(ds_call *call, ds_device *dev, const char *iccid, const char *nickname);
ds_status atmodem_esim_notification(ds_call *call, ds_device *dev, size_t index, ds_esim_notification *out);

/* ---- failover (atmodem_failover.c) ---- */

/** failover_test operation: backup, online, back to the primary, online. */
ds_status atmodem_failover_test(ds_call *call, ds_device *dev, ds_failover_result *out);

/* ---- diagnostics (atmodem_diag.c) ---- */

/** diagnose operation. */
ds_status atmodem_diagnose(ds_call *call, ds_device *dev, size_t index, ds_check *out);

#endif
