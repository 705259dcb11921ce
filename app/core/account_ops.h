/* The operations of ABI 1.2 on top of the plugins, for the wizard and the
 * plan runner alike, each as a job (ds_job_fn with its struct as arg):
 * adding a device by its network address, the accounts of a device with
 * more than one (list, new password, delete), and the repair a diagnostic
 * check offers. Nothing is recorded in the site until the plugin returned
 * DS_OK, which for a change means it proved it. */
#ifndef DS_ACCOUNT_OPS_H
#define DS_ACCOUNT_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/device_ops.h"

/** Checks a typed "HOST[:PORT]" (a name, an IPv4 address, or an IPv6 one in
 *  brackets; port 1..65535). true, or false with a translated reason a
 *  person reads (what is wrong and what to type). */
bool ds_address_valid(const char *address, char *why, size_t why_size);

/** Identify and open the device at a network address a person typed or a plan names. */
typedef struct ds_op_add_address {
	ds_devices *devices;
	char address[256]; /**< in: "HOST[:PORT]" */
	bool claim_only;   /**< in: stop once a plugin claimed it (plugin_id, locator) */
	/** out: the plugin that claimed the address and its locator; in: when
	 *  both are set, no plugin is asked: that device is opened in devices
	 *  (another process of the same plugin) */
	char plugin_id[DS_ID_MAX];
	char locator[DS_LOCATOR_MAX];
	/** in: the password the device should have already (a rerun of a plan
	 *  that set it), or NULL; the caller's secret. The device is logged in
	 *  with it before it is described, so that one that has it is not asked
	 *  its factory passwords first; a refusal is no failure. */
	const char *expected_password;
	ds_site_device found; /**< out */
	bool claimed;         /**< out: a plugin answered for the address */
} ds_op_add_address;
/** Job: ask each plugin with DS_CAP_ADDRESS (match_address, which may probe
 *  the address; each call has a time limit) in turn, with progress, then
 *  open the claimed device and describe it, as ds_op_add_qr_job. */
ds_status ds_op_add_address_job(ds_job *job, void *arg);

/** Read the accounts of a device (DS_FEATURE_ACCOUNTS). */
typedef struct ds_op_accounts {
	ds_devices *devices;
	ds_site_device device; /**< in */
	ds_account *accounts;  /**< out: malloc'd array (free()), at most DS_LIST_MAX */
	size_t n;
} ds_op_accounts;
/** Job: account(index) until DS_ERR_NOT_FOUND. */
ds_status ds_op_accounts_job(ds_job *job, void *arg);
/** Records the accounts read (dropping those no longer there, keeping what
 *  was done to each) and applies the account rule to the device. */
DS_MUST_CHECK int ds_op_accounts_record(ds_site *site, const ds_op_accounts *op);

/** Give one account (not the primary one: that is ds_op_password_job) a new
 *  password. The caller checks the password first with the password policy
 *  and the account's rules (ds_session_password_context with rules set to
 *  the account's). */
typedef struct ds_op_account_password {
	ds_devices *devices;
	ds_site_device device;    /**< in */
	char user[DS_ID_MAX];     /**< in */
	const char *new_password; /**< in: secret (secure memory, owned by submitter) */
} ds_op_account_password;
/** Job: account_set_password, which proves the change before DS_OK. */
ds_status ds_op_account_password_job(ds_job *job, void *arg);
/** Records a finished change (new password, the time, a line of history). */
void ds_op_account_password_record(ds_site *site, const ds_op_account_password *op);

/** Delete one account of a device. */
typedef struct ds_op_account_delete {
	ds_devices *devices;
	ds_site_device device; /**< in */
	char user[DS_ID_MAX];  /**< in */
} ds_op_account_delete;
/** Job: account_delete, which proves the account is gone before DS_OK. */
ds_status ds_op_account_delete_job(ds_job *job, void *arg);
/** Records a finished delete (deleted, the time, a line of history). */
void ds_op_account_delete_record(ds_site *site, const ds_op_account_delete *op);

/** Marks the primary account of op's device as given a new password, after
 *  ds_op_password_record (a device with accounts). */
void ds_op_account_primary_record(ds_site *site, const ds_site_device *device);

/** Run the repair one diagnostic check offered (ds_check.fix), then check
 *  the device again: its results are posted as ds_op_check_item, as by
 *  ds_op_diagnose_job. */
typedef struct ds_op_check_fix {
	ds_op_diagnose diagnose; /**< in: devices and a list of the one device; out: counts */
	char fix[DS_ID_MAX];     /**< in: the check's fix */
} ds_op_check_fix;
/** Job: check_fix, then the device's diagnostics. */
ds_status ds_op_check_fix_job(ds_job *job, void *arg);

#endif
