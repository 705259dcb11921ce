/* The serial port; see at_port.h. */
#include "at_port.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/** Longest single wait between cancellation checks (plugin.h's rule). */
#define AT_SLICE_MS 100
/** How long late bytes are drained after a timeout. */
#define AT_SETTLE_MS 300

/** Milliseconds on the monotonic clock. */
static unsigned long long at_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000u + (unsigned long long)ts.tv_nsec / 1000000u;
}

at_port_error at_port_open(at_port *port, const char *path)
{
	struct termios tio;
	int fd;

	memset(port, 0, sizeof *port);
	port->fd = -1;
	fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errno == EACCES || errno == EPERM ? AT_PORT_DENIED
		       : errno == ENOENT || errno == ENXIO || errno == ENODEV ? AT_PORT_NO_DEVICE
		       : errno == EBUSY ? AT_PORT_LOCKED : AT_PORT_IO;
	if (!isatty(fd) || tcgetattr(fd, &tio) < 0) {
		close(fd);
		return AT_PORT_NOT_TTY;
	}
	/* flock() keeps other doorstep instances and ModemManager-style tools
	 * that honour it away; TIOCEXCL refuses further open()s of the tty. */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return AT_PORT_LOCKED;
	}
	(void)ioctl(fd, TIOCEXCL);
	cfmakeraw(&tio);
	tio.c_cflag |= CLOCAL | CREAD;
	tio.c_cflag &= ~(tcflag_t)CRTSCTS;
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 0;
	cfsetispeed(&tio, B115200);
	cfsetospeed(&tio, B115200);
	if (tcsetattr(fd, TCSANOW, &tio) < 0) {
		close(fd);
		return AT_PORT_IO;
	}
	tcflush(fd, TCIOFLUSH);
	port->fd = fd;
	snprintf(port->path, sizeof port->path, "%s", path);
	return AT_PORT_OK;
}

void at_port_close(at_port *port)
{
	if (port->fd >= 0) {
		(void)ioctl(port->fd, TIOCNXCL);
		flock(port->fd, LOCK_UN);
		close(port->fd);
	}
	port->fd = -1;
}

/** Reads and discards whatever arrives within ms (late answers, stray codes). */
static void at_port_drain(at_port *port, unsigned ms)
{
	unsigned long long end = at_now_ms() + ms;
	char buf[256];

	for (;;) {
		struct pollfd pfd = { .fd = port->fd, .events = POLLIN };
		unsigned long long now = at_now_ms();
		int left = now >= end ? 0 : (int)(end - now);
		int rc;

		if (now > end + AT_SETTLE_MS)
			return; /* a port that never stops talking: give up draining */
		rc = poll(&pfd, 1, left < AT_SLICE_MS ? left : AT_SLICE_MS);
		if (rc > 0 && (pfd.revents & POLLIN)) {
			if (read(port->fd, buf, sizeof buf) <= 0)
				return;
			continue;
		}
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc != 0 || left == 0)
			return;
	}
}

/** How long a write may wait for the port to take the bytes. */
#define AT_WRITE_MS 2000

/** Writes all of data, waiting at most AT_WRITE_MS for the port; false on failure. */
static bool at_port_write(at_port *port, const char *data, size_t len)
{
	unsigned long long end = at_now_ms() + AT_WRITE_MS;

	while (len > 0) {
		ssize_t n = write(port->fd, data, len);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pfd = { .fd = port->fd, .events = POLLOUT };

			if (at_now_ms() >= end)
				return false; /* the port takes nothing: stuck */
			if (poll(&pfd, 1, AT_SLICE_MS) < 0 && errno != EINTR)
				return false;
			continue;
		}
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

at_outcome at_port_command(at_port *port, const char *command, unsigned timeout_ms, const at_wait *wait,
			   at_response *resp)
{
	unsigned long long start, end;
	char line[160];
	at_framer fr;
	int n;

	at_framer_start(&fr, command, resp);
	/* Drop stray unsolicited codes, and after a timeout the late answer. */
	at_port_drain(port, port->unsettled ? AT_SETTLE_MS : 0);
	port->unsettled = false;
	n = snprintf(line, sizeof line, "%s\r", command);
	if (n < 0 || (size_t)n >= sizeof line || !at_port_write(port, line, (size_t)n))
		return AT_IO_ERROR;
	start = at_now_ms();
	end = start + timeout_ms;
	for (;;) {
		struct pollfd pfd = { .fd = port->fd, .events = POLLIN };
		unsigned long long now = at_now_ms();
		char buf[512];
		int rc;

		if (wait && wait->cancelled && wait->cancelled(wait->ctx)) {
			(void)at_port_write(port, "\r", 1);
			port->unsettled = true;
			return AT_CANCELLED;
		}
		if (now >= end) {
			port->unsettled = true;
			return AT_TIMEOUT;
		}
		if (wait && wait->tick)
			wait->tick(wait->ctx, (unsigned)(now - start), timeout_ms);
		rc = poll(&pfd, 1, end - now < AT_SLICE_MS ? (int)(end - now) : AT_SLICE_MS);
		if (rc < 0 && errno != EINTR)
			return AT_IO_ERROR;
		if (rc <= 0)
			continue;
		if (pfd.revents & (POLLERR | POLLNVAL))
			return AT_IO_ERROR;
		if (pfd.revents & POLLIN) {
			ssize_t got = read(port->fd, buf, sizeof buf);

			if (got < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (got <= 0)
				return AT_IO_ERROR;
			if (at_framer_feed(&fr, buf, (size_t)got))
				return AT_DONE;
		} else if (pfd.revents & POLLHUP) {
			return AT_IO_ERROR; /* the other end went away (unplugged) */
		}
	}
}
