/* Setup plans for `doorstep run`: a JSON file that names the site, the
 * devices (by QR label or serial number), where each device's new password
 * comes from (an environment variable or a file, never the plan itself), the
 * cellular choice, and whether to run diagnostics and write a report. */
#ifndef DS_PLAN_H
#define DS_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>

/** What a plan does to one account of a device with several. */
typedef enum ds_plan_account_action {
	DS_PLAN_ACCOUNT_PASSWORD = 0, /**< a new password, from password_env or password_file */
	DS_PLAN_ACCOUNT_DELETE = 1,   /**< "delete" */
	DS_PLAN_ACCOUNT_KEEP = 2,     /**< "keep": left as it is (refused for an account on a default) */
} ds_plan_account_action;

/** One account named in a device's "accounts". */
typedef struct ds_plan_account {
	char user[DS_ID_MAX];
	ds_plan_account_action action;
	char password_env[128];   /**< variable holding its new password, or "" */
	char password_file[4096]; /**< file holding it (relative: to the plan's folder), or "" */
} ds_plan_account;

/** One device of a plan. */
typedef struct ds_plan_device {
	char qr[1024];                /**< label payload, or "" */
	char serial[DS_ID_MAX];       /**< serial number of a discoverable device, or "" */
	char address[256];            /**< "HOST[:PORT]" a plugin with match_address claims, or "" */
	char locator[DS_LOCATOR_MAX]; /**< a locator as `doorstep discover --json` prints it, or "" */
	ds_plan_account *accounts;    /**< "accounts", in the plan's order (malloc'd) */
	size_t n_accounts;
	char name[DS_NAME_MAX];       /**< name to give it, or "" */
	char password_env[128];       /**< variable holding the new password, or "" */
	char password_file[4096];     /**< file holding the new password (relative: to the plan's folder), or "" */
	char current_env[128];        /**< variable holding the current password (reconfiguration), or "" */
	char current_file[4096];      /**< file holding the current password, or "" */
	char wifi_ssid[33];           /**< Wi-Fi network to join, or "" */
	char wifi_key_env[128];       /**< variable holding its key, or "" */
	char wifi_key_file[4096];     /**< file holding its key (relative: to the plan's folder), or "" */
	char certificate[96];         /**< SHA-256 fingerprint of its TLS certificate to accept ("AB:CD:..."), or "" */
} ds_plan_device;

/** A parsed plan. */
typedef struct ds_plan {
	char site[DS_NAME_MAX];
	ds_plan_device *devices;
	size_t n_devices;
	char primary[32];             /**< ICCID or MCC+MNC, or "" */
	char backup[32];
	bool failover_test;           /**< default true when cellular is given */
	bool add_profile;             /**< download a profile first (cellular.add_profile) */
	char activation_env[128];     /**< variable holding the activation code, or "" */
	char activation_file[4096];   /**< file holding it (relative: to the plan's folder), or "" */
	char confirmation_env[128];   /**< variable holding the confirmation code, or "" */
	char confirmation_file[4096]; /**< file holding it, or "" */
	bool diagnostics;             /**< default true */
	bool repair;                  /**< run the repairs the devices' checks offer (default false) */
	char report[4096];            /**< where to write the report, or "" (default path) */
} ds_plan;

/** Parses a plan file. NULL on error with message saying what and where. */
ds_plan *ds_plan_load(const char *path, char *message, size_t message_size);
/** Parses a plan's text (len bytes, need not be NUL-terminated); path names
 *  the file in messages and is where relative file names start. */
ds_plan *ds_plan_parse(const char *text, size_t len, const char *path, char *message, size_t message_size);
/** Frees a plan. */
void ds_plan_free(ds_plan *plan);
/** Reads a device's secret from the environment variable or file named
 *  (one of them non-empty) into secure memory. NULL with message on error. */
char *ds_plan_read_secret(const char *env, const char *file, char *message, size_t message_size);

#endif
