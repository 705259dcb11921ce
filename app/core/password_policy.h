/* The password policy: what a new device password must satisfy, and the
 * per-site register that keeps every device's password unique. */
#ifndef DS_PASSWORD_POLICY_H
#define DS_PASSWORD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <doorstep/plugin.h>

/** Minimum length, in code points, when the password is the only factor. */
#define DS_PASSWORD_MIN_SINGLE_FACTOR 15
/** Minimum length when the device has a second factor. */
#define DS_PASSWORD_MIN_SECOND_FACTOR 8
/** The longest password doorstep accepts (unless the device allows less). */
#define DS_PASSWORD_MAX 64
/** Minimum digits of a keypad PIN. */
#define DS_PIN_MIN 6

/** Number of Unicode code points in a UTF-8 string; -1 if not valid UTF-8. */
long ds_password_length(const char *utf8);
/** Checks a candidate against the device's rules (rules may be NULL) and its
 *  factory default (may be NULL). true when acceptable; otherwise why says
 *  what is wrong and what to do (translated). */
bool ds_password_acceptable(const char *candidate, const ds_password_rules *rules,
			    const char *factory_default, char *why, size_t why_size);

/** Keyed hashes of the passwords given to the devices of one site, held in
 *  memory only, so that no two devices get the same password. */
typedef struct ds_password_register ds_password_register;

/** A new register with a random key. NULL on failure. */
ds_password_register *ds_password_register_new(void);
/** Wipes and frees a register. */
void ds_password_register_free(ds_password_register *reg);
/** The device (serial) that already uses this password, or NULL. */
const char *ds_password_register_owner(const ds_password_register *reg, const char *password);
/** Records password as the one of device serial (replacing its earlier one). 0 or -1. */
int ds_password_register_put(ds_password_register *reg, const char *serial, const char *password);

#endif
