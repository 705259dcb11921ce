/* eSIM and cellular operations beyond the profile list (device_ops.h):
 * the operator scan, downloading a profile from an activation code, and
 * managing the profiles of an SGP.22 chip (its identity, enable, disable,
 * delete, nicknames, the notifications it keeps for the operators). Each
 * is a job (ds_job_fn) taking the matching struct as arg. A job that
 * changes a profile reads the profiles back and succeeds only when the
 * device reports the change. */
#ifndef DS_ESIM_OPS_H
#define DS_ESIM_OPS_H

#include "app/core/device_ops.h"
#include "app/core/devices.h"

/** The mobile networks a device's module sees (operator scan). */
typedef struct ds_op_operator_scan {
	ds_devices *devices;
	ds_site_device device;    /**< in */
	ds_network *networks;     /**< out: malloc'd array (free()), strongest first */
	size_t n;
	bool supported;           /**< out: false when the module cannot scan (not an error) */
} ds_op_operator_scan;
/** Job: the device's operator_scan, every index. DS_OK with supported false
 *  when the plugin has no scan. It also reads the shared operator database
 *  (ds_mno_db_shared), so that the UI thread never reads that file. */
ds_status ds_op_operator_scan_job(ds_job *job, void *arg);

/** Download a profile onto a device's eSIM from an activation code. */
typedef struct ds_op_esim_download {
	ds_devices *devices;
	ds_site_device device;            /**< in */
	const char *activation_code;      /**< in: secret ("LPA:1$..."), secure memory owned by the submitter */
	const char *confirmation_code;    /**< in: secret or NULL, secure memory owned by the submitter */
	bool needs_confirmation;          /**< out: the operator asked for a confirmation code (DS_ERR_AUTH) */
} ds_op_esim_download;
/** Job: the device's esim_download. A refused or missing confirmation code
 *  returns DS_ERR_AUTH with needs_confirmation set. */
ds_status ds_op_esim_download_job(ds_job *job, void *arg);

/** The device with an eSIM a person names on the command line. */
typedef struct ds_op_esim_device {
	ds_devices *devices;
	char name[DS_LOCATOR_MAX]; /**< in: a serial port ("/dev/ttyUSB2") or a device's locator */
	ds_site_device found;      /**< out */
} ds_op_esim_device;
/** Job: a port is offered to the plugins' match_serial, a locator is looked
 *  for among what the plugins discover; the device found is opened and
 *  described. DS_ERR_NOT_FOUND when none answers as name, DS_ERR_UNSUPPORTED
 *  when the device has no eSIM; each with a message saying what to do. */
ds_status ds_op_esim_device_job(ds_job *job, void *arg);

/** The identity of a device's eSIM chip (EID, SM-DP+ and SM-DS, version). */
typedef struct ds_op_esim_info {
	ds_devices *devices;
	ds_site_device device; /**< in */
	ds_esim_info info;     /**< out */
} ds_op_esim_info;
/** Job: the device's esim_info. */
ds_status ds_op_esim_info_job(ds_job *job, void *arg);

/** One change to one eSIM profile, and the profiles as the device reports
 *  them afterwards. */
typedef struct ds_op_esim_change {
	ds_op_profiles read_back;   /**< in: devices, device; out: the profiles after the change */
	char iccid[24];             /**< in: the profile to change */
	char nickname[DS_NAME_MAX]; /**< in: the new nickname (ds_op_esim_nickname_job; "" clears it) */
	ds_esim_profile before;     /**< out: the profile as it was before the change */
	bool check_only;            /**< in: read and check the profile, change nothing (to ask the person first) */
	bool unchanged;             /**< out: the profile already was as asked (nothing was sent) */
} ds_op_esim_change;
/** Job: enables the profile (the plugin's esim_set_primary) and proves it enabled. */
ds_status ds_op_esim_enable_job(ds_job *job, void *arg);
/** Job: disables the enabled profile and proves it disabled. */
ds_status ds_op_esim_disable_job(ds_job *job, void *arg);
/** Job: deletes a profile that is not enabled and proves it gone. The
 *  caller has asked the person first; the enabled profile is refused
 *  (DS_ERR_INVALID) before the device is asked. */
ds_status ds_op_esim_delete_job(ds_job *job, void *arg);
/** Job: sets the profile's nickname and proves the device keeps it. */
ds_status ds_op_esim_nickname_job(ds_job *job, void *arg);
/** The profile with this ICCID in a list read by ds_op_profiles_job, or NULL. */
const ds_esim_profile *ds_esim_profile_find(const ds_op_profiles *profiles, const char *iccid);

/** What the Cellular step shows of a device's eSIM: its profiles and,
 *  where the device has the operations, the chip's identity and how many
 *  notifications wait to be sent to the operators. */
typedef struct ds_op_esim_overview {
	ds_op_profiles profiles;  /**< in: devices, device; out: the profiles */
	bool want_info;           /**< in: read the chip's identity too */
	bool has_info;            /**< out: info holds the identity */
	ds_esim_info info;        /**< out */
	bool keeps_notifications; /**< out: the device lists its notifications */
	bool notifications_read;  /**< out: n_notifications holds the count */
	size_t n_notifications;   /**< out: how many wait on the eSIM */
} ds_op_esim_overview;
/** Job: reads the profiles (their failure is the job's); then, where the
 *  plugin has the operation, the identity (want_info) and the pending
 *  notifications. These two are extras: when one cannot be read, its
 *  has_info or notifications_read stays false and the job still succeeds. */
ds_status ds_op_esim_overview_job(ds_job *job, void *arg);

/** The notifications a device's eSIM keeps for the operators. */
typedef struct ds_op_esim_notifications {
	ds_devices *devices;
	ds_site_device device;      /**< in */
	ds_esim_notification *list; /**< out: malloc'd array (free()), the ones pending */
	size_t n;
	size_t sent; /**< out (send): how many the servers took */
} ds_op_esim_notifications;
/** Job: lists the pending notifications (none on a device that keeps none). */
ds_status ds_op_esim_notifications_job(ds_job *job, void *arg);
/** Job: sends every pending notification, then lists those still pending;
 *  a failure when any is left. */
ds_status ds_op_esim_notifications_send_job(ds_job *job, void *arg);
/** The untranslated English name of a notification's event ("install",
 *  "enable", "disable", "delete", "other"): a JSON value. */
const char *ds_notification_event_str(ds_notification_event event);
/** The untranslated English name of a profile class ("test",
 *  "provisioning", "operational", "unknown"): a JSON value. */
const char *ds_profile_class_str(ds_profile_class cls);

/** Records an operator choice the device took (read back) in the site: the
 *  device, primary and backup, applied, and a line of history; a new pair
 *  has not been tested, so its failover result is cleared, while the same
 *  pair keeps its last one. The one record for the wizard and the run. */
void ds_cellular_choice_record(ds_site *site, const char *device_serial, const ds_esim_profile *primary,
			       const ds_esim_profile *backup);

/** Forgets a profile deleted from the eSIM in the site's operator choice:
 *  when it was the primary or the backup, that role is emptied, the choice
 *  is no longer applied, its failover result is cleared and a line of
 *  history says so. Returns true when the site changed. */
bool ds_cellular_profile_deleted(ds_site *site, const char *iccid);

/** Classifies a failover test that ended with st: passed, failed (the
 *  backup did not take over; back on the primary) or stuck on the backup. */
ds_failover_outcome ds_failover_classify(ds_status st, const ds_failover_result *r);
/** Records a failover test in the site (outcome, the device's sentence or
 *  message, switch time, when) and its history. timeout_s explains a
 *  DS_ERR_TIMEOUT without a message. Returns the outcome. */
ds_failover_outcome ds_failover_record(ds_site *site, ds_status st, const ds_failover_result *r, const char *message,
				       unsigned timeout_s);
/** Writes the site's failover outcome as the one sentence the wizard, the run, the report and the history show (translated). */
void ds_failover_text(const ds_site_cellular *c, char *buf, size_t size);

#endif
