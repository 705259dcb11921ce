/* The simulated devices' memory: everything the demo system remembers,
 * persisted in <data_dir>/system.state so that a second run finds the
 * system as it was left. It holds password hashes, never a password. */
#ifndef DEMO_MEMORY_H
#define DEMO_MEMORY_H

#include <doorstep/plugin.h>
#include <stdio.h>

#include "demo_devices.h"

/** Most eSIM profiles the simulated eUICC holds. */
#define DEMO_MAX_PROFILES 10
/** Most eSIM notifications the simulated eUICC keeps. */
#define DEMO_MAX_NOTIFICATIONS 16
/** Most vendor settings of one device. */
#define DEMO_MAX_OPTIONS 8
/** Room for an Argon2id hash string from the host (at most 128 bytes). */
#define DEMO_HASH_MAX 160
/** Length of the hand-over claim code (base32 characters). */
#define DEMO_CLAIM_LEN 8
/** Room for a Wi-Fi SSID (32 bytes and NUL). */
#define DEMO_SSID_MAX 33

/** What one device remembers. */
typedef struct demo_device_memory {
	bool enrolled;                     /**< opened at least once (paired) */
	char password_hash[DEMO_HASH_MAX]; /**< empty: still on the factory default */
	uint32_t failed_logins;            /**< consecutive failures */
	int64_t locked_until_ms;           /**< wall clock (ms since the epoch) */
	char wifi_ssid[DEMO_SSID_MAX];     /**< the network it joined, or "" */
	int32_t options[DEMO_MAX_OPTIONS]; /**< vendor settings (choice: index) */
} demo_device_memory;

/** What the whole system remembers. */
typedef struct demo_memory {
	demo_device_memory devices[DEMO_N_DEVICES];
	ds_esim_profile profiles[DEMO_MAX_PROFILES]; /**< the panel's eUICC */
	size_t n_profiles;
	char handover_code[DEMO_CLAIM_LEN + 1];      /**< "" until first asked */
	ds_esim_notification notifications[DEMO_MAX_NOTIFICATIONS]; /**< pending, oldest first */
	size_t n_notifications;
	uint32_t next_sequence; /**< the eUICC's next notification number */
} demo_memory;

/** Puts m into factory state. */
void demo_memory_factory(demo_memory *m);
/** Reads path into m (factory state first). 0: read, 1: no file (factory), -1: error (errno). */
int demo_memory_load(demo_memory *m, const char *path);
/** Reads f (named path in logs) into m (factory state first). 0, or -1 (errno). */
int demo_memory_read(demo_memory *m, FILE *f, const char *path);
/** Writes m to path atomically (temp file, fsync, rename). 0 or -1 (errno). */
int demo_memory_save(const demo_memory *m, const char *path);

#endif
