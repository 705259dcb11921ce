/* eSIM and cellular operations beyond the profile list (device_ops.h):
 * the operator scan and downloading a profile from an activation code.
 * Each is a job (ds_job_fn) taking the matching struct as arg. */
#ifndef DS_ESIM_OPS_H
#define DS_ESIM_OPS_H

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

/** Records an operator choice the device took (read back) in the site: the
 *  device, primary and backup, applied, and a line of history; a new pair
 *  has not been tested, so its failover result is cleared, while the same
 *  pair keeps its last one. The one record for the wizard and the run. */
void ds_cellular_choice_record(ds_site *site, const char *device_serial, const ds_esim_profile *primary,
			       const ds_esim_profile *backup);

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
