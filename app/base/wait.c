/* Sliced waits; see wait.h. */
#include "app/base/wait.h"

#include <errno.h>
#include <time.h>

uint64_t ds_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

bool ds_wait_cancelled(const ds_wait *w)
{
	return w && w->cancelled && w->cancelled(w->ctx);
}

ds_wait_result ds_wait_poll(struct pollfd *fds, unsigned nfds, uint64_t start_ms, uint64_t deadline_ms,
			    unsigned total_ms, const ds_wait *w)
{
	for (;;) {
		uint64_t now = ds_now_ms();
		uint64_t left = now >= deadline_ms ? 0 : deadline_ms - now;
		int rc;

		if (ds_wait_cancelled(w))
			return DS_WAIT_CANCELLED;
		if (w && w->tick)
			w->tick(w->ctx, now > start_ms ? (unsigned)(now - start_ms) : 0, total_ms);
		rc = poll(fds, nfds, left < DS_WAIT_SLICE_MS ? (int)left : DS_WAIT_SLICE_MS);
		if (rc > 0)
			return DS_WAIT_READY;
		if (rc < 0 && errno != EINTR)
			return DS_WAIT_ERROR;
		if (rc == 0 && left == 0)
			return DS_WAIT_TIMEOUT;
	}
}
