/* The site model: what the installer did at one site. The devices are the
 * truth; this is the journal and a cache (names, history). Never secrets. */
#ifndef DS_SITE_H
#define DS_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>
#include "app/base/must_check.h"

/** The wizard's steps, in order. */
typedef enum ds_step {
	DS_STEP_WELCOME = 0,
	DS_STEP_DEVICES,
	DS_STEP_PASSWORDS,
	DS_STEP_CELLULAR,
	DS_STEP_DIAGNOSTICS,
	DS_STEP_SUMMARY,
	DS_STEP_COUNT
} ds_step;

/** Outcome of the failover test. */
typedef enum ds_failover_outcome {
	DS_FAILOVER_NOT_RUN = 0,
	DS_FAILOVER_PASSED,
	DS_FAILOVER_FAILED,       /**< backup did not come online; back on primary */
	DS_FAILOVER_STUCK,        /**< could not return to the primary */
} ds_failover_outcome;

/** One device of the site. */
typedef struct ds_site_device {
	char plugin_id[DS_ID_MAX];
	char serial[DS_ID_MAX];
	char locator[DS_LOCATOR_MAX];
	ds_device_kind kind;
	char vendor[DS_NAME_MAX];
	char model[DS_NAME_MAX];
	char firmware[DS_ID_MAX];
	char name[DS_NAME_MAX];        /**< the name the installer gave it */
	uint32_t features;             /**< enum ds_feature */
	bool has_password;
	bool on_factory_default;       /**< as last read from the device */
	char password_changed_at[32];  /**< ISO 8601 UTC, or "" */
	char wifi_ssid[33];            /**< the Wi-Fi network it was joined to, or "" */
	ds_password_rules rules;       /**< not persisted; refreshed from the device */
} ds_site_device;

/** One eSIM profile choice. */
typedef struct ds_site_profile {
	char iccid[24];
	char operator_code[8];
	char operator_name[DS_NAME_MAX];
	uint32_t rats;
} ds_site_profile;

/** The cellular choices and the failover test. */
typedef struct ds_site_cellular {
	char device_serial[DS_ID_MAX]; /**< the device with the eSIM, or "" */
	ds_site_profile primary;
	ds_site_profile backup;
	bool applied;                  /**< the device confirmed both roles */
	ds_failover_outcome failover;
	char failover_detail[DS_TEXT_MAX];
	unsigned failover_switch_ms;
	char failover_at[32];
} ds_site_cellular;

/** One diagnostic result. device_serial "" means the laptop. */
typedef struct ds_site_check {
	char device_serial[DS_ID_MAX];
	ds_check check;
} ds_site_check;

/** What was done to one account of a device (DS_FEATURE_ACCOUNTS). */
typedef enum ds_account_done {
	DS_ACCOUNT_LEFT = 0,         /**< left as it is */
	DS_ACCOUNT_NEW_PASSWORD = 1, /**< given a new password, proven */
	DS_ACCOUNT_DELETED = 2,      /**< deleted, proven */
} ds_account_done;

/** One account of a device with more than one. Never its password. */
typedef struct ds_site_account {
	char plugin_id[DS_ID_MAX];
	char device_serial[DS_ID_MAX];
	char user[DS_ID_MAX];
	ds_account_role role;
	bool primary;
	bool on_factory_default; /**< as last read, or false once done */
	bool can_delete;
	ds_account_done done;
	char done_at[32];        /**< ISO 8601 UTC, or "" */
	ds_password_rules rules; /**< not persisted; refreshed from the device */
} ds_site_account;

/** One line of the site's history. */
typedef struct ds_site_event {
	char at[32];
	char text[DS_TEXT_MAX];
} ds_site_event;

/** A site: one JSON document under <state>/sites/. */
typedef struct ds_site {
	char name[DS_NAME_MAX];
	char created_at[32];
	char updated_at[32];
	ds_step current_step;              /**< where the wizard resumes */
	bool step_done[DS_STEP_COUNT];
	ds_site_device *devices;
	size_t n_devices;
	ds_site_cellular cellular;
	ds_site_check *checks;
	size_t n_checks;
	ds_site_account *accounts; /**< of the devices with DS_FEATURE_ACCOUNTS */
	size_t n_accounts;
	char diagnostics_at[32];
	char completed_at[32];             /**< "" until the Summary was reached */
	ds_site_event *history;
	size_t n_history;
} ds_site;

/** A new, empty site. NULL on failure. */
ds_site *ds_site_new(const char *name);
/** Frees a site. */
void ds_site_free(ds_site *site);
/** The device with this plugin id and serial, or NULL. */
ds_site_device *ds_site_find_device(ds_site *site, const char *plugin_id, const char *serial);
/** Adds (or, if known, updates) a device; returns the site's copy or NULL. */
ds_site_device *ds_site_put_device(ds_site *site, const ds_site_device *dev);
/** Removes the device at index. */
void ds_site_remove_device(ds_site *site, size_t index);
/** Records an eSIM profile as a primary or backup choice. */
void ds_site_profile_set(ds_site_profile *out, const ds_esim_profile *p);
/** Adds a check result, replacing one with the same device and id. */
DS_MUST_CHECK int ds_site_put_check(ds_site *site, const char *device_serial, const ds_check *check);
/** Drops all check results. */
void ds_site_clear_checks(ds_site *site);
/** Appends a history line (printf-style, never a secret). */
void ds_site_note(ds_site *site, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** The account user of a device, or NULL. */
ds_site_account *ds_site_find_account(ds_site *site, const char *plugin_id, const char *serial, const char *user);
/** Records an account as the device reports it (adding it, or updating a known
 *  one and keeping what was done to it); returns the site's copy or NULL. */
ds_site_account *ds_site_put_account(ds_site *site, const char *plugin_id, const char *serial, const ds_account *a);
/** Drops the device's accounts that are not in list (n accounts as the
 *  device reports them now), except those the site deleted: a fresh read
 *  keeps what was done to the accounts still there. */
void ds_site_keep_accounts(ds_site *site, const char *plugin_id, const char *serial, const ds_account *list, size_t n);
/** Records what was done to an account (now), and applies the account rule
 *  to its device (ds_site_account_rule). */
void ds_site_account_done(ds_site *site, ds_site_account *acc, ds_account_done done);
/** The rule of a device with accounts: it is on a factory default while any
 *  of its accounts that were on a default has neither a new password nor was
 *  deleted. Sets d->on_factory_default from its accounts (a device without
 *  recorded accounts is left as it is). */
void ds_site_account_rule(ds_site *site, ds_site_device *d);
/** Stable identifier of what was done ("left", "new-password", "deleted"). */
const char *ds_account_done_id(ds_account_done done);
/** Stable identifier of an account role ("admin", "operator", "user", ...). */
const char *ds_account_role_id(ds_account_role role);

/** Number of devices that still have a factory-default password. */
size_t ds_site_devices_on_default(const ds_site *site);
/** Writes the current UTC time as ISO 8601 ("2026-11-24T10:00:00Z"). */
void ds_site_now(char out[32]);
/** Stable identifier of a step ("welcome", "devices", ...). */
const char *ds_step_id(ds_step step);
/** The step with this identifier, or DS_STEP_COUNT. */
ds_step ds_step_from_id(const char *id);
/** Stable identifier of a device kind ("panel", "door-contact", ...). */
const char *ds_kind_id(ds_device_kind kind);
/** Translated name of a device kind. */
const char *ds_kind_name(ds_device_kind kind);
/** Stable identifier of a failover outcome ("not-run", "passed", ...). */
const char *ds_failover_id(ds_failover_outcome outcome);

#endif
