/* One doorstep at a time per site: a lock file beside the site file
 * (<sites>/.<name>.lock, flock(2), the holder's process id inside). The
 * kernel drops the lock when its holder ends, even by kill -9, so a stale
 * lock never blocks anyone. Reading a site (`report`) takes no lock. */
#ifndef DS_SITE_LOCK_H
#define DS_SITE_LOCK_H

#include <stddef.h>
#include <sys/types.h>

/** A site's lock, held until released. */
typedef struct ds_site_lock ds_site_lock;

/** Takes the lock of site name. NULL when another process holds it (its
 *  process id in *holder, 0 when unknown) or on error, with message saying
 *  what happened and what to do. */
ds_site_lock *ds_site_lock_take(const char *name, pid_t *holder, char *message, size_t message_size);
/** The name of the site a lock holds. */
const char *ds_site_lock_name(const ds_site_lock *lock);
/** Releases the lock; NULL is fine. */
void ds_site_lock_release(ds_site_lock *lock);

#endif
