/* Camera factory defaults (camera_defaults.tsv, compiled in), the login
 * back-off that keeps a camera from locking its accounts, and each
 * manufacturer's password rules. Pure functions: no host needed. */
#ifndef ONVIF_DEFAULTS_H
#define ONVIF_DEFAULTS_H

#include <doorstep/plugin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** One row of camera_defaults.tsv ("*": the generic list). */
typedef struct onvif_default {
	const char *manufacturer;
	const char *user;
	const char *password;
	const char *source; /**< the public document the row comes from */
} onvif_default;

/** The rows, from the generated camera_defaults.c. */
extern const onvif_default onvif_default_rows[];
extern const size_t onvif_default_count;

/** True when a camera's Manufacturer text names manufacturer (a whole word,
 *  any case: "HIKVISION", "Hikvision Digital Technology" name "Hikvision"). */
bool onvif_manufacturer_is(const char *reported, const char *manufacturer);

/** The defaults to try for an account user ("" or NULL: any user) of a
 *  camera whose manufacturer is reported: the manufacturer's rows first,
 *  then the generic ones, no pair twice, at most max. Returns the count. */
size_t onvif_defaults_for(const char *reported, const char *user, const onvif_default **out, size_t max);

/** True when user/password is a known default for this manufacturer (any row
 *  of it, or a generic row). */
bool onvif_is_default(const char *reported, const char *user, const char *password);

/** The manufacturer's password rules (length, characters), or the safe
 *  default: at most 16 characters of letters, digits and "-_.!@#%+=". */
void onvif_password_rules_for(const char *reported, ds_password_rules *out);

/* ---- login back-off ----
 * Cameras lock an account (or the whole login) after a handful of failures
 * (commonly 5 within minutes, locked for up to 30 minutes). The plugin stays
 * below: at most ONVIF_LOGIN_MAX_FAILURES failures per camera in a row (the
 * default search uses at most 3, which leaves one try for a typed password),
 * each try at least ONVIF_LOGIN_SPACING_MS after a failure, then a pause of
 * ONVIF_LOGIN_PAUSE_MS before the next. A success clears the count. */
#define ONVIF_LOGIN_MAX_FAILURES 4u
#define ONVIF_LOGIN_SPACING_MS 2000u
#define ONVIF_LOGIN_PAUSE_MS (15u * 60u * 1000u)
/** Most factory defaults tried per account in one search. */
#define ONVIF_DEFAULTS_PER_ACCOUNT 3u

typedef struct onvif_backoff {
	unsigned failures; /**< failures in a row */
	uint64_t last_failure_ms;
	bool has_failure;
} onvif_backoff;

/** How long to wait (ms) before the next login try at time now_ms; 0: now. */
uint32_t onvif_backoff_wait(const onvif_backoff *b, uint64_t now_ms);
/** Records a failed try at now_ms. */
void onvif_backoff_failed(onvif_backoff *b, uint64_t now_ms);
/** Records a successful login. */
void onvif_backoff_succeeded(onvif_backoff *b);

#endif
