/* The real binary on a pseudo-terminal, for the TUI benchmarks: start it,
 * wait for text on its screen, stop it; and the report line they print. */
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_pty.h"

/** Microseconds on the monotonic clock. */
long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/** Starts doorstep with args on an 100x30 pty. */
int child_start(child *c, const char *bin, char *const argv[])
{
	struct winsize ws = { .ws_row = 30, .ws_col = 100 };

	c->len = 0;
	c->pid = forkpty(&c->fd, NULL, NULL, &ws);
	if (c->pid < 0)
		return -1;
	if (c->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execv(bin, argv);
		_exit(127);
	}
	return 0;
}

/** Reads output until needle appears (searching from offset from) or timeout_ms passes.
 *  Returns the time it appeared (us), or -1. */
long long child_wait_for(child *c, const char *needle, size_t from, int timeout_ms)
{
	long long deadline = now_us() + timeout_ms * 1000LL;

	for (;;) {
		c->out[c->len] = '\0';
		if (c->len > from && strstr(c->out + from, needle))
			return now_us();
		long long left = (deadline - now_us()) / 1000;
		struct pollfd p = { .fd = c->fd, .events = POLLIN };

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		ssize_t n = read(c->fd, c->out + c->len, sizeof c->out - 1 - c->len);

		if (n <= 0)
			return -1;
		c->len += (size_t)n;
		if (c->len > sizeof c->out - 4096) { /* keep the tail */
			memmove(c->out, c->out + c->len - 4096, 4096);
			from = from > c->len - 4096 ? from - (c->len - 4096) : 0;
			c->len = 4096;
		}
	}
}

/** Ends the child. */
void child_stop(child *c)
{
	kill(c->pid, SIGKILL);
	waitpid(c->pid, NULL, 0);
	close(c->fd);
}

/** Sorts longs. */
int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/** Prints median and p95 of n samples (us) against a target (us). */
void report(const char *what, long long *v, int n, long long target, const char *unit, double scale)
{
	qsort(v, (size_t)n, sizeof *v, cmp_ll);
	long long med = v[n / 2], p95 = v[(n * 95) / 100 >= n ? n - 1 : (n * 95) / 100];

	printf("%-48s median %8.2f %s   p95 %8.2f %s   target < %.0f %s: %s\n", what, med / scale, unit, p95 / scale,
	       unit, target / scale, unit, p95 < target ? "met" : "NOT MET");
}

