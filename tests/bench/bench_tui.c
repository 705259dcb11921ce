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

#include "bench_pty.h"

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
