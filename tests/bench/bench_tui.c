/* Benchmark of what a person feels, on the real binary in a pseudo-terminal:
 *  - start-up: from exec to the first drawn screen (all in-tree plugins
 *    loaded), and resident memory at that moment (target: < 20 ms, < 10 MiB);
 *  - a keypress answered on screen while a plugin operation runs (target:
 *    within one frame, 16 ms): a key typed during "Adding the device" must
 *    show "press Esc to cancel" on the status line; and Esc itself, which
 *    must show "Cancelling" (Esc includes ncurses' ESCDELAY of 25 ms, the
 *    time it waits to tell a lone Esc from the start of an escape sequence).
 * Prints the median and 95th percentile of N runs. It measures; it never
 * fails a build. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/** Microseconds on the monotonic clock. */
static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/** A doorstep running on a pty. */
typedef struct child {
	pid_t pid;
	int fd;
	char out[1 << 16];
	size_t len;
} child;

/** Starts doorstep with args on an 100x30 pty. */
static int child_start(child *c, const char *bin, char *const argv[])
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
static long long child_wait_for(child *c, const char *needle, size_t from, int timeout_ms)
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

/** Resident memory of pid in KiB (VmRSS), or -1. */
static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	fclose(f);
	return kib;
}

/** Ends the child. */
static void child_stop(child *c)
{
	kill(c->pid, SIGKILL);
	waitpid(c->pid, NULL, 0);
	close(c->fd);
}

/** Sorts longs. */
static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/** Prints median and p95 of n samples (us) against a target (us). */
static void report(const char *what, long long *v, int n, long long target, const char *unit, double scale)
{
	qsort(v, (size_t)n, sizeof *v, cmp_ll);
	long long med = v[n / 2], p95 = v[(n * 95) / 100 >= n ? n - 1 : (n * 95) / 100];

	printf("%-48s median %8.2f %s   p95 %8.2f %s   target < %.0f %s: %s\n", what, med / scale, unit, p95 / scale,
	       unit, target / scale, unit, p95 < target ? "met" : "NOT MET");
}

int main(int argc, char **argv)
{
	const char *bin = argc > 1 ? argv[1] : getenv("DOORSTEP_BIN");
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 20;
	char tmpl[] = "/tmp/doorstep-bench.XXXXXX";
	long long start_us[200], rss[200], key_us[200], esc_us[200];
	int n_start = 0, n_key = 0, n_esc = 0;

	if (!bin || runs < 1 || runs > 200) {
		fprintf(stderr, "usage: bench_tui DOORSTEP_BIN [RUNS]\n");
		return 2;
	}
	if (!mkdtemp(tmpl))
		return 1;
	setenv("XDG_STATE_HOME", tmpl, 1);
	setenv("XDG_CONFIG_HOME", tmpl, 1);
	setenv("LANG", "C.UTF-8", 1);
	for (int i = 0; i < runs; i++) {
		char demo[] = "--demo";
		char *const args[] = { (char *)bin, demo, NULL };
		child c;
		long long t0 = now_us(), t1;

		if (child_start(&c, bin, args) < 0)
			return 1;
		/* The first screen is drawn when the function bar's last hint is out. */
		t1 = child_wait_for(&c, "Quit", 0, 5000);
		if (t1 > 0) {
			start_us[n_start] = t1 - t0;
			rss[n_start++] = rss_kib(c.pid) * 1024;
		}
		child_stop(&c);
	}
	for (int i = 0; i < runs; i++) {
		char site[64], demo[] = "--demo", site_opt[] = "--site";
		char *const args[] = { (char *)bin, demo, site_opt, site, NULL };
		child c;

		snprintf(site, sizeof site, "bench-%d", i);
		if (child_start(&c, bin, args) < 0)
			return 1;
		if (child_wait_for(&c, "Label code", 0, 5000) < 0) {
			child_stop(&c);
			continue;
		}
		/* Add a device: a plugin operation of a few hundred ms starts. */
		size_t mark = c.len;
		const char *code = "DSDEMO:1:CAM:IC400-5E81A3:60\r";

		if (write(c.fd, code, strlen(code)) < 0 || child_wait_for(&c, "Adding", mark, 5000) < 0) {
			child_stop(&c);
			continue;
		}
		mark = c.len;
		long long t0 = now_us();

		if (write(c.fd, "x", 1) == 1) {
			long long t1 = child_wait_for(&c, "press Esc to cancel", mark, 2000);

			if (t1 > 0)
				key_us[n_key++] = t1 - t0;
		}
		mark = c.len;
		t0 = now_us();
		if (write(c.fd, "\033", 1) == 1) {
			long long t1 = child_wait_for(&c, "Cancelling", mark, 2000);

			if (t1 > 0)
				esc_us[n_esc++] = t1 - t0;
		}
		child_stop(&c);
	}
	printf("doorstep TUI benchmark, %d runs each (%s)\n", runs, bin);
	if (n_start) {
		report("start-up to first drawn screen", start_us, n_start, 20000, "ms", 1000.0);
		report("resident memory at first screen", rss, n_start, 10LL * 1024 * 1024, "MiB", 1048576.0);
	} else {
		printf("start-up: no run reached the first screen\n");
	}
	if (n_key)
		report("keypress answered during a plugin operation", key_us, n_key, 16000, "ms", 1000.0);
	else
		printf("keypress: no run reached the plugin operation\n");
	if (n_esc)
		report("Esc answered during a plugin operation", esc_us, n_esc, 16000 + 25000, "ms", 1000.0);
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpl);
	return n_start && n_key ? 0 : 1;
}
