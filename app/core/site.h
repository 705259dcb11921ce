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
	char diagnostics_at[32];
	char completed_at[32];             /**< "" until the Summary was reached */
	ds_site_event *history;
	size_t n_history;
	struct ds_site_cert *certs; /**< accepted TLS certificates (app/core/site_certs.h) */
	size_t n_certs;
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
