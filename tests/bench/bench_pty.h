/* The real binary on a pseudo-terminal, for the TUI benchmarks. */
#ifndef DS_BENCH_PTY_H
#define DS_BENCH_PTY_H

#include <stddef.h>
#include <sys/types.h>

/** A doorstep running on a pty. */
typedef struct child {
	pid_t pid;
	int fd;
	char out[1 << 16];
	size_t len;
} child;

/** Microseconds on the monotonic clock. */
long long now_us(void);
/** Starts bin with argv on a 100x30 pty. 0 or -1. */
int child_start(child *c, const char *bin, char *const argv[]);
/** Reads output until needle appears (searching from offset from) or timeout_ms passes.
 *  Returns the time it appeared (us), or -1. */
long long child_wait_for(child *c, const char *needle, size_t from, int timeout_ms);
/** Ends the child. */
void child_stop(child *c);
/** Sorts long longs (qsort). */
int cmp_ll(const void *a, const void *b);
/** Prints median and p95 of n samples (us) against a target (us). */
void report(const char *what, long long *v, int n, long long target, const char *unit, double scale);

#endif
