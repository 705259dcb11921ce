/* The serial port of app/serial (the host side of ds_host.serial) on a
 * pseudo-terminal, whose master plays the device: raw 8N1 at the asked
 * speed, exclusive (a second open is refused as busy), reads that time out
 * and are cancelled within 100 ms, writes, discard, a device unplugged
 * (the master closed), what is not a serial port at all, and a port held
 * by another program (as ModemManager holds one while letting go of it)
 * waited for until it is free, with ticks, a deadline and cancel. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <grp.h>
#include <unistd.h>

#include "app/base/wait.h"
#include "app/serial/serial_port.h"

/** A pseudo-terminal: the master (the device's side) and the slave's path. */
typedef struct pty {
	int master;
	char path[128];
} pty;

static void pty_open(pty *p)
{
	const char *name;

	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	cr_assert_geq(p->master, 0, "posix_openpt: %s", strerror(errno));
	cr_assert_eq(grantpt(p->master), 0);
	cr_assert_eq(unlockpt(p->master), 0);
	name = ptsname(p->master);
	cr_assert_not_null(name);
	snprintf(p->path, sizeof p->path, "%s", name);
}

/** Reads from the master until want bytes came or 2 s passed. */
static size_t pty_read(pty *p, char *buf, size_t want)
{
	uint64_t end = ds_now_ms() + 2000;
	size_t got = 0;

	while (got < want && ds_now_ms() < end) {
		struct pollfd pfd = { .fd = p->master, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(p->master, buf + got, want - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

/** A ds_wait cancelled from a given time on. */
static bool cancelled_from(void *ctx)
{
	return ds_now_ms() >= *(const uint64_t *)ctx;
}

Test(serial_port, opens_raw_8n1_at_the_speed_asked)
{
	ds_serial_port *port;
	struct termios tio;
	pty p;
	int err;

	pty_open(&p);
	cr_assert_eq(ds_serial_open(p.path, 9600, &port, &err), DS_OK, "errno %d", err);
	cr_assert_eq(tcgetattr(port->fd, &tio), 0);
	cr_expect_eq(cfgetospeed(&tio), B9600);
	cr_expect_eq(tio.c_cflag & CSIZE, CS8);
	cr_expect_eq(tio.c_cflag & (PARENB | CSTOPB | CRTSCTS), 0);
	cr_expect_eq(tio.c_lflag & (ICANON | ECHO | ISIG), 0, "not raw");
	cr_expect_eq(tio.c_oflag & OPOST, 0, "output is processed");
	cr_expect_str_eq(port->path, p.path);
	ds_serial_close(port);
	cr_assert_eq(ds_serial_open(p.path, 0, &port, &err), DS_OK);
	cr_assert_eq(tcgetattr(port->fd, &tio), 0);
	cr_expect_eq(cfgetospeed(&tio), B115200, "the default speed");
	ds_serial_close(port);
	cr_expect_eq(ds_serial_open(p.path, 12345, &port, &err), DS_ERR_INVALID, "a speed no port has");
	cr_expect_null(port);
	close(p.master);
}

Test(serial_port, write_and_read)
{
	ds_serial_port *port;
	uint8_t buf[64];
	char got[16] = "";
	size_t len;
	pty p;

	pty_open(&p);
	cr_assert_eq(ds_serial_open(p.path, 0, &port, NULL), DS_OK);
	cr_expect_eq(ds_serial_write(port, (const uint8_t *)"AT\r", 3, 1000, NULL), DS_OK);
	cr_expect_eq(pty_read(&p, got, 3), 3);
	cr_expect_eq(memcmp(got, "AT\r", 3), 0, "the device got \"%s\"", got);
	cr_expect_eq(write(p.master, "\r\nOK\r\n", 6), 6);
	cr_expect_eq(ds_serial_read(port, buf, sizeof buf, &len, 1000, NULL), DS_OK);
	cr_expect_geq(len, 1);
	cr_expect_eq(memcmp(buf, "\r\nOK\r\n", len), 0, "raw: no translation of \\r\\n");
	ds_serial_close(port);
	close(p.master);
}

Test(serial_port, second_open_is_busy)
{
	ds_serial_port *port, *again;
	pty p;
	int err;

	pty_open(&p);
	cr_assert_eq(ds_serial_open(p.path, 0, &port, NULL), DS_OK);
	cr_expect_eq(ds_serial_open(p.path, 0, &again, &err), DS_ERR_BUSY, "errno %d", err);
	cr_expect_null(again);
	ds_serial_close(port);
	cr_expect_eq(ds_serial_open(p.path, 0, &again, NULL), DS_OK, "closing did not free the port");
	ds_serial_close(again);
	close(p.master);
}

Test(serial_port, read_times_out)
{
	ds_serial_port *port;
	uint8_t buf[8];
	uint64_t t0, ms;
	size_t len = 99;
	pty p;

	pty_open(&p);
	cr_assert_eq(ds_serial_open(p.path, 0, &port, NULL), DS_OK);
	t0 = ds_now_ms();
	cr_expect_eq(ds_serial_read(port, buf, sizeof buf, &len, 300, NULL), DS_ERR_TIMEOUT);
	ms = ds_now_ms() - t0;
	cr_expect_eq(len, 0);
	cr_expect_geq(ms, 290, "gave up after %llu ms", (unsigned long long)ms);
	cr_expect_leq(ms, 300 + 100, "gave up after %llu ms", (unsigned long long)ms);
	ds_serial_close(port);
	close(p.master);
}

Test(serial_port, read_is_cancelled_within_100_ms)
{
	uint64_t at = ds_now_ms() + 250, late;
	ds_wait w = { .cancelled = cancelled_from, .ctx = &at };
	ds_serial_port *port;
	uint8_t buf[8];
	size_t len;
	pty p;

	pty_open(&p);
	cr_assert_eq(ds_serial_open(p.path, 0, &port, NULL), DS_OK);
	cr_expect_eq(ds_serial_read(port, buf, sizeof buf, &len, 60000, &w), DS_ERR_CANCELLED);
	late = ds_now_ms() - at;
	cr_expect_leq(late, 100 + 50, "ended %llu ms after the cancel", (unsigned long long)late);
	ds_serial_close(port);
	close(p.master);
}

Test(serial_port, discard_drops_what_came)
{
	ds_serial_port *port;
	struct pollfd pfd;
	uint8_t buf[8];
	size_t len;
	pty p;

	pty_open(&p);
	cr_assert_eq(ds_serial_open(p.path, 0, &port, NULL), DS_OK);
	cr_expect_eq(write(p.master, "+CREG: 1\r\n", 10), 10);
	pfd = (struct pollfd){ .fd = port->fd, .events = POLLIN };
	cr_assert_eq(poll(&pfd, 1, 2000), 1, "the bytes never arrived");
	ds_serial_discard(port);
	cr_expect_eq(ds_serial_read(port, buf, sizeof buf, &len, 200, NULL), DS_ERR_TIMEOUT, "discarded bytes were read");
	ds_serial_close(port);
	close(p.master);
}

Test(serial_port, unplugged_is_io)
{
	ds_serial_port *port;
	uint8_t buf[8];
	uint64_t t0;
	size_t len;
	pty p;

	pty_open(&p);
	cr_assert_eq(ds_serial_open(p.path, 0, &port, NULL), DS_OK);
	close(p.master); /* as a pulled USB cable does */
	t0 = ds_now_ms();
	cr_expect_eq(ds_serial_read(port, buf, sizeof buf, &len, 5000, NULL), DS_ERR_IO);
	cr_expect_lt(ds_now_ms() - t0, 1000, "the hang-up was noticed late");
	cr_expect_eq(ds_serial_write(port, (const uint8_t *)"AT\r", 3, 1000, NULL), DS_ERR_IO);
	ds_serial_close(port);
}

Test(serial_port, what_is_not_a_serial_port)
{
	ds_serial_port *port;
	int err;

	cr_expect_eq(ds_serial_open("/dev/null", 0, &port, &err), DS_ERR_INVALID);
	cr_expect_eq(err, ENOTTY);
	cr_expect_null(port);
	cr_expect_eq(ds_serial_open("/dev/ttyNOSUCH9", 0, &port, &err), DS_ERR_NOT_FOUND);
	cr_expect_eq(err, ENOENT);
	cr_expect_eq(ds_serial_open("", 0, &port, &err), DS_ERR_INVALID);
	ds_serial_close(NULL);
}

Test(serial_port, without_permission_is_auth)
{
	ds_serial_port *port;
	pty p;
	int err;

	if (getuid() != 0)
		cr_skip_test("needs root to become another user");
	pty_open(&p);
	cr_assert_eq(chmod(p.path, 0600), 0);
	/* This test's process only: become nobody, who may not open root's tty. */
	cr_assert_eq(setgroups(0, NULL), 0);
	cr_assert_eq(setgid(65534), 0);
	cr_assert_eq(setuid(65534), 0);
	cr_expect_eq(ds_serial_open(p.path, 0, &port, &err), DS_ERR_AUTH, "errno %d", err);
	cr_expect_null(port);
	close(p.master);
}

/** Another program's hold on a port: an flock of its own open file. */
typedef struct holder {
	int fd;
	unsigned release_ms; /**< let go once a wait has lasted this long (0: never) */
	unsigned ticks;
} holder;

static void holder_take(holder *h, const char *path, unsigned release_ms)
{
	h->fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	cr_assert_geq(h->fd, 0);
	cr_assert_eq(flock(h->fd, LOCK_EX | LOCK_NB), 0);
	h->release_ms = release_ms;
	h->ticks = 0;
}

/** ds_wait.tick: counts, and lets go of the port when it is time. */
static void holder_tick(void *ctx, unsigned elapsed_ms, unsigned total_ms)
{
	holder *h = ctx;

	(void)total_ms;
	h->ticks++;
	if (h->release_ms && elapsed_ms >= h->release_ms && h->fd >= 0) {
		close(h->fd);
		h->fd = -1;
	}
}

Test(serial_port, a_held_port_is_waited_for_until_it_is_free)
{
	ds_serial_port *port;
	uint64_t start;
	holder h;
	ds_wait w = { .tick = holder_tick, .ctx = &h };
	pty p;
	int err;

	pty_open(&p);
	holder_take(&h, p.path, 300);
	cr_expect_eq(ds_serial_open(p.path, 0, &port, &err), DS_ERR_BUSY, "held: busy at once");
	start = ds_now_ms();
	cr_assert_eq(ds_serial_open_within(p.path, 0, 5000, &w, &port, &err), DS_OK, "errno %d", err);
	cr_expect_geq(ds_now_ms() - start, 300, "opened before the holder let go");
	cr_expect_lt(ds_now_ms() - start, 2000, "waited long after the port was free");
	cr_expect_gt(h.ticks, 1, "the wait showed no time passing");
	ds_serial_close(port);
	close(p.master);
}

Test(serial_port, a_port_held_for_good_is_busy_at_the_deadline)
{
	ds_serial_port *port;
	uint64_t start;
	holder h;
	ds_wait w = { .tick = holder_tick, .ctx = &h };
	pty p;
	int err;

	pty_open(&p);
	holder_take(&h, p.path, 0);
	start = ds_now_ms();
	cr_expect_eq(ds_serial_open_within(p.path, 0, 500, &w, &port, &err), DS_ERR_BUSY);
	cr_expect_null(port);
	cr_expect_geq(ds_now_ms() - start, 500);
	cr_expect_lt(ds_now_ms() - start, 1500);
	start = ds_now_ms() + 200;
	w = (ds_wait){ .cancelled = cancelled_from, .ctx = &start };
	cr_expect_eq(ds_serial_open_within(p.path, 0, 5000, &w, &port, &err), DS_ERR_CANCELLED);
	cr_expect_lt(ds_now_ms() - start, 500, "the cancel took effect late");
	close(h.fd);
	close(p.master);
}
