/* What the wizard and the plan runner do to devices, each as a job: the
 * *_job functions have the ds_job_fn signature and take the matching struct
 * as arg. Inputs are filled by the submitter; outputs are valid after DONE. */
#ifndef DS_DEVICE_OPS_H
#define DS_DEVICE_OPS_H

#include "app/core/devices.h"
#include "app/base/must_check.h"

/** Reads item number index of a device's list into item (zeroed, size bytes
 *  of the list's type) with the plugin's lock held: one of the plugin's index
 *  operations (esim_profile, wifi_scan, operator_scan...). */
typedef ds_status (*ds_op_item_fn)(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, size_t index, void *item);

/** Reads a device's list one index at a time, from 0 until the plugin says
 *  DS_ERR_NOT_FOUND (at most DS_LIST_MAX items: past them, the installer
 *  reads that the list was cut, ds_op_list_cut), into the malloc'd array
 *  *list of *n items of size bytes (both reset first). DS_OK, or the first
 *  other status (the items read before it stay). */
DS_MUST_CHECK ds_status ds_op_read_list(ds_job *job, ds_loaded_plugin *lp, ds_device *dev, ds_op_item_fn item,
					size_t size, void *list, size_t *n);

/** Says (progress message and log) that lp's list was cut at DS_LIST_MAX items. */
void ds_op_list_cut(ds_job *job, const ds_loaded_plugin *lp);

/** Identify and open the device on a QR label (or typed code). */
typedef struct ds_op_add_qr {
	ds_devices *devices;
	char payload[1024];        /**< in (not secret: labels carry no password here) */
	ds_site_device found;      /**< out */
	bool claimed;              /**< out: a plugin recognised the code (false: none did) */
} ds_op_add_qr;
/** Job: ask each plugin's match_qr, open the claimed device, describe it. */
ds_status ds_op_add_qr_job(ds_job *job, void *arg);

/** Find devices that need no label; each found one is posted as an item
 *  (a malloc'd ds_site_device, freed with free()). */
typedef struct ds_op_discover {
	ds_devices *devices;
	size_t found;              /**< out: how many were posted */
} ds_op_discover;
/** Job: run every plugin's discover and post what it finds. */
ds_status ds_op_discover_job(ds_job *job, void *arg);

/** Read the live state of known devices (reconfiguration); each refreshed
 *  device is posted as an item (malloc'd ds_site_device). */
typedef struct ds_op_refresh {
	ds_devices *devices;
	ds_site_device *list;      /**< in: copies of the site's devices (owned by submitter) */
	size_t n;
	size_t failed;             /**< out: devices that did not answer */
} ds_op_refresh;
/** Job: open and describe each device of list. */
ds_status ds_op_refresh_job(ds_job *job, void *arg);

/** Replace a device's password and prove it: the new one logs in, the old
 *  one no longer does, and the device says it left its factory default. */
typedef struct ds_op_password {
	ds_devices *devices;
	ds_site_device device;     /**< in/out: refreshed after the change */
	const char *current;       /**< in: secret, or NULL for the factory default */
	const char *new_password;  /**< in: secret (secure memory, owned by submitter) */
	unsigned retry_after_ms;   /**< out: wait this long before another attempt (DS_ERR_BUSY, or DS_ERR_AUTH once refusals repeat; app/core/login_backoff.h) */
	bool check_already_set;    /**< in: a device off its factory default may already have new_password
				    *   (an earlier run was stopped after the change): try it first */
	bool already_set;          /**< out: it had: nothing was changed, the new password is proven */
} ds_op_password;
/** Job: set, then verify, the new password (or, with check_already_set,
 *  prove that the device already has it; DS_ERR_AUTH when it has another
 *  and no current password was given). */
ds_status ds_op_password_job(ds_job *job, void *arg);
/** Records a finished password change in the site: the device as it now
 *  describes itself, keeping what only the site knows (its name, the Wi-Fi
 *  network it joined), when, and a line of history. Returns the site's
 *  device, or NULL when the site no longer has it. The one record for the
 *  wizard and the run. */
ds_site_device *ds_op_password_record(ds_site *site, const ds_op_password *op);

/** List the eSIM profiles of a device. */
typedef struct ds_op_profiles {
	ds_devices *devices;
	ds_site_device device;     /**< in */
	ds_esim_profile *profiles; /**< out: malloc'd array (free()) */
	size_t n;
	ds_cellular_status status; /**< out: the link now, when the device reports it */
	bool has_status;
} ds_op_profiles;
/** Job: read every profile and the cellular status. */
ds_status ds_op_profiles_job(ds_job *job, void *arg);

/** Make one profile the primary and another the backup, then read back. */
typedef struct ds_op_apply_cellular {
	ds_op_profiles read_back;  /**< in: devices, device; out: profiles as the device reports them */
	char primary_iccid[24];    /**< in */
	char backup_iccid[24];     /**< in */
} ds_op_apply_cellular;
/** Job: set primary, set backup, read back and check the roles took. */
ds_status ds_op_apply_cellular_job(ds_job *job, void *arg);

/** Run the failover test. */
typedef struct ds_op_failover {
	ds_devices *devices;
	ds_site_device device;     /**< in */
	ds_failover_result result; /**< out */
} ds_op_failover;
/** Job: the device's failover_test. */
ds_status ds_op_failover_job(ds_job *job, void *arg);

/** List the Wi-Fi networks a device sees. */
typedef struct ds_op_wifi_scan {
	ds_devices *devices;
	ds_site_device device;      /**< in */
	ds_wifi_network *networks; /**< out: malloc'd array (free()), strongest first */
	size_t n;
} ds_op_wifi_scan;
/** Job: the device's wifi_scan, every index. */
ds_status ds_op_wifi_scan_job(ds_job *job, void *arg);

/** Join a device to a Wi-Fi network. */
typedef struct ds_op_wifi_join {
	ds_devices *devices;
	ds_site_device device;     /**< in/out: wifi_ssid set on success */
	char ssid[33];             /**< in */
	const char *key;           /**< in: secret (secure memory, owned by submitter), NULL for open */
} ds_op_wifi_join;
/** Job: the device's wifi_configure. */
ds_status ds_op_wifi_join_job(ds_job *job, void *arg);
/** Records a finished join in the site: the device's network and a line of
 *  history. Returns the site's device, or NULL when the site no longer has
 *  it. The one record for the wizard and the run. */
ds_site_device *ds_op_wifi_join_record(ds_site *site, const ds_op_wifi_join *op);

/** Ask a device (one with DS_FEATURE_HANDOVER, the panel) for the
 *  homeowner's hand-over code, such as the vendor app's claim link. */
typedef struct ds_op_handover {
	ds_devices *devices;
	ds_site_device device;     /**< in */
	char code[1024];           /**< out: the text to show as a QR code */
} ds_op_handover;
/** Job: the device's handover_code. */
ds_status ds_op_handover_job(ds_job *job, void *arg);

/** A diagnostic result posted as an item while checks run (malloc'd). */
typedef struct ds_op_check_item {
	char device_serial[DS_ID_MAX];
	ds_check check;
} ds_op_check_item;

/** Run every device's diagnostics; each result is posted as a ds_op_check_item. */
typedef struct ds_op_diagnose {
	ds_devices *devices;
	ds_site_device *list;      /**< in: copies (owned by submitter) */
	size_t n;
	size_t passed, warned, failed; /**< out: counts */
} ds_op_diagnose;
/** True when a device has checks: its own diagnostics, or a cellular or
 *  Wi-Fi link the host grades. */
bool ds_op_diagnosable(const ds_site_device *d);
/** Job: for each diagnosable device, the host's link checks (cellular_status,
 *  wifi_status; app/net/device_grade.h), then diagnose(index) until
 *  DS_ERR_NOT_FOUND. */
ds_status ds_op_diagnose_job(ds_job *job, void *arg);

#endif
