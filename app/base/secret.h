/* Secrets (passwords, keys, activation codes) live only in sodium_malloc
 * memory: locked, guarded, wiped on free, never in a core dump. */
#ifndef DS_SECRET_H
#define DS_SECRET_H

#include <stddef.h>
#include "app/base/must_check.h"

/** Initialises libsodium and makes the process non-dumpable (RLIMIT_CORE 0,
 *  PR_SET_DUMPABLE 0). Call once at start. 0 or -1. */
DS_MUST_CHECK int ds_secret_init(void);
/** Allocates len bytes of zeroed secure memory; NULL on failure. */
void *ds_secret_alloc(size_t len);
/** Wipes and frees secure memory; NULL is fine. */
void ds_secret_free(void *p);
/** Copies a NUL-terminated secret into new secure memory; NULL on failure. */
char *ds_secret_strdup(const char *s);
/** Wipes ordinary memory (for buffers a secret passed through). */
void ds_secret_wipe(void *p, size_t len);
/** Fills buf with cryptographically secure random bytes. */
void ds_secret_random(void *buf, size_t len);
/** Constant-time comparison of two NUL-terminated secrets: 1 equal, 0 not. */
int ds_secret_equal(const char *a, const char *b);

#endif
