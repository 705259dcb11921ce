/* The login guard: when doorstep itself logs in to a device with a password
 * a person typed (to change it), repeated refusals make it wait before the
 * next attempt, as the device would, so that doorstep never hammers a
 * device or helps anyone guess. Per device, in memory only. */
#ifndef DS_LOGIN_BACKOFF_H
#define DS_LOGIN_BACKOFF_H

#include <stdint.h>

/** Refused logins allowed before the guard makes callers wait. */
#define DS_LOGIN_FREE_ATTEMPTS 3
/** The first wait, doubled at each further refusal... */
#define DS_LOGIN_FIRST_WAIT_MS 1000u
/** ...up to this. */
#define DS_LOGIN_MAX_WAIT_MS 60000u

/** Failures per device. Thread-safe. */
typedef struct ds_login_guard ds_login_guard;

/** A new guard on the monotonic clock; NULL on failure. */
ds_login_guard *ds_login_guard_new(void);
/** A new guard reading time (ms) from now(ctx): for tests. */
ds_login_guard *ds_login_guard_new_clock(uint64_t (*now)(void *ctx), void *ctx);
/** Frees a guard; NULL is fine. */
void ds_login_guard_free(ds_login_guard *g);
/** The guard of this process (created on first use; never NULL unless out of memory). */
ds_login_guard *ds_login_guard_shared(void);
/** Milliseconds to wait before the next login to device (a stable key,
 *  e.g. "plugin/serial"); 0: go ahead. */
uint32_t ds_login_guard_wait_ms(ds_login_guard *g, const char *device);
/** Records a refused login; returns the wait now due before the next one. */
uint32_t ds_login_guard_failed(ds_login_guard *g, const char *device);
/** Records that the device itself asks to wait ms (its DS_ERR_BUSY). */
void ds_login_guard_device_busy(ds_login_guard *g, const char *device, uint32_t ms);
/** Records a successful login: the device's failures are forgotten. */
void ds_login_guard_succeeded(ds_login_guard *g, const char *device);

#endif
