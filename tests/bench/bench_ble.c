/* Benchmark of the Bluetooth panel in a block of flats: the real binary on
 * a pseudo-terminal, its BlueZ a mock on a private bus where hundreds of
 * devices keep changing their signal (tests/bench/bench_ble.sh sets that
 * up and exports DBUS_SYSTEM_BUS_ADDRESS). Measures how fast a keypress is
 * answered on screen while the list takes those updates (target: one
 * frame, 16 ms): F7 opening the panel over the Devices step, and Esc
 * closing it (plus ncurses' ESCDELAY of 25 ms). It measures; it never fails
 * a build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_pty.h"

/** xterm's F7. */
#define KEY_F7_SEQ "\033[18~"

int main(int argc, char **argv)
{
	const char *bin = argc > 1 ? argv[1] : getenv("DOORSTEP_BIN");
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 20;
	const char *devices = argc > 3 ? argv[3] : "500";
	char want[64], demo[] = "--demo", site_opt[] = "--site", site[] = "bench-ble";
	char *const args[] = { (char *)bin, demo, site_opt, site, NULL };
	long long open_us[200], close_us[200];
	int n_open = 0, n_close = 0;
	child c;

	if (!bin || runs < 1 || runs > 200 || !getenv("DBUS_SYSTEM_BUS_ADDRESS")) {
		fprintf(stderr, "usage: bench_ble DOORSTEP_BIN [RUNS [DEVICES]] (run by bench_ble.sh)\n");
		return 2;
	}
	snprintf(want, sizeof want, "Bluetooth devices nearby: %s", devices);
	if (child_start(&c, bin, args) < 0)
		return 1;
	if (child_wait_for(&c, "Label code", 0, 10000) < 0 || write(c.fd, KEY_F7_SEQ, strlen(KEY_F7_SEQ)) < 0 ||
	    child_wait_for(&c, "Bluetooth devices nearby", 0, 10000) < 0) {
		fprintf(stderr, "bench_ble: the panel did not open\n");
		child_stop(&c);
		return 1;
	}
	sleep(3); /* the first scan lists every device */
	for (int i = 0; i < runs; i++) {
		size_t mark = c.len;
		long long t0 = now_us(), t1;

		if (write(c.fd, "\033", 1) != 1)
			break;
		t1 = child_wait_for(&c, "Label code", mark, 2000);
		if (t1 > 0)
			close_us[n_close++] = t1 - t0;
		usleep(100000);
		mark = c.len;
		t0 = now_us();
		if (write(c.fd, KEY_F7_SEQ, strlen(KEY_F7_SEQ)) < 0)
			break;
		t1 = child_wait_for(&c, "Bluetooth devices nearby", mark, 2000);
		if (t1 > 0)
			open_us[n_open++] = t1 - t0;
		usleep(100000);
	}
	/* The screen is sent as changes: the whole count shows after a reopen. */
	c.out[c.len] = '\0';
	if (!strstr(c.out, want))
		printf("bench_ble: the panel's count after the last reopen was not %s\n", devices);
	child_stop(&c);
	printf("doorstep Bluetooth panel benchmark, %s devices changing signal, %d runs (%s)\n", devices, runs, bin);
	if (n_open)
		report("F7 (open the panel) answered", open_us, n_open, 16000, "ms", 1000.0);
	if (n_close)
		report("Esc (close the panel) answered", close_us, n_close, 16000 + 25000, "ms", 1000.0);
	return n_open && n_close ? 0 : 1;
}
