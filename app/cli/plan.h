/* Setup plans for `doorstep run`: a JSON file that names the site, the
 * devices (by QR label or serial number), where each device's new password
 * comes from (an environment variable or a file, never the plan itself), the
 * cellular choice, and whether to run diagnostics and write a report. */
#ifndef DS_PLAN_H
#define DS_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>

/** One device of a plan. */
typedef struct ds_plan_device {
	char qr[1024];                /**< label payload, or "" */
	char serial[DS_ID_MAX];       /**< serial number of a discoverable device, or "" */
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
