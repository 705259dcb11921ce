/* Waiting on file descriptors the way every wait a person sees must: in
 * slices of at most 100 ms, checking the user's cancel between slices and
 * reporting time passing, until a deadline. Used by the services that talk
 * to devices (app/net, app/serial); they take a ds_wait instead of a job so
 * that they stay below the plugin host. */
#ifndef DS_WAIT_H
#define DS_WAIT_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/base/must_check.h"

/** Longest single wait between two cancel checks (plugin.h's rule). */
#define DS_WAIT_SLICE_MS 100

/** What a wait checks every slice. Every field may be NULL, and so may a
 *  whole ds_wait pointer: then nothing cancels it and nobody is told. */
typedef struct ds_wait {
	bool (*cancelled)(void *ctx);                                    /**< the user's Esc */
	void (*tick)(void *ctx, unsigned elapsed_ms, unsigned total_ms); /**< time passing */
	void *ctx;
} ds_wait;

/** How a ds_wait_poll() ended. */
typedef enum ds_wait_result {
	DS_WAIT_READY = 0,     /**< some fd has events (see revents) */
	DS_WAIT_TIMEOUT = 1,   /**< the deadline passed */
	DS_WAIT_CANCELLED = 2, /**< the wait's cancel came */
	DS_WAIT_ERROR = 3,     /**< poll() failed (errno) */
} ds_wait_result;

/** Milliseconds on the monotonic clock. */
uint64_t ds_now_ms(void);
/** True once w says the user cancelled (false for a NULL w). */
bool ds_wait_cancelled(const ds_wait *w);
/** Polls fds until one has events, deadline_ms (ds_now_ms() time) passes, or
 *  w is cancelled; calls w's tick with the time since start_ms out of
 *  total_ms each slice. Cancel is checked before the first slice too. */
DS_MUST_CHECK ds_wait_result ds_wait_poll(struct pollfd *fds, unsigned nfds, uint64_t start_ms, uint64_t deadline_ms,
					  unsigned total_ms, const ds_wait *w);

#endif
