/* A serial port; see serial_port.h. */
#include "app/serial/serial_port.h"

#include "app/serial/modem_manager.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/** The termios constant of a speed in bits per second; B0 when unknown. */
static speed_t serial_speed(unsigned baud)
{
	static const struct {
		unsigned baud;
		speed_t speed;
	} speeds[] = {
		{ 1200, B1200 },     { 2400, B2400 },     { 4800, B4800 },     { 9600, B9600 },
		{ 19200, B19200 },   { 38400, B38400 },   { 57600, B57600 },   { 115200, B115200 },
		{ 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
	};

	for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++)
		if (speeds[i].baud == baud)
			return speeds[i].speed;
	return B0;
}

/** The status of an open() that failed with errno e. */
static ds_status serial_open_status(int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		return DS_ERR_AUTH;
	case ENOENT:
	case ENXIO:
	case ENODEV:
	case ENOTDIR:
		return DS_ERR_NOT_FOUND;
	case EBUSY:
	case EWOULDBLOCK:
		return DS_ERR_BUSY;
	default:
		return DS_ERR_IO;
	}
}

/** Fails: closes fd, sets *err, returns status. */
static ds_status serial_open_fail(int fd, ds_status status, int e, int *err)
{
	if (fd >= 0)
		close(fd);
	if (err)
		*err = e;
	return status;
}

ds_status ds_serial_open(const char *path, unsigned baud, ds_serial_port **out, int *err)
{
	speed_t speed = serial_speed(baud ? baud : DS_SERIAL_DEFAULT_BAUD);
	struct termios tio;
	ds_serial_port *port;
	int fd;

	*out = NULL;
	if (err)
		*err = 0;
	if (!path || !*path || speed == B0)
		return DS_ERR_INVALID;
	fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return serial_open_fail(-1, serial_open_status(errno), errno, err);
	if (!isatty(fd) || tcgetattr(fd, &tio) < 0)
		return serial_open_fail(fd, DS_ERR_INVALID, ENOTTY, err);
	/* flock() keeps other doorstep instances and tools that honour it
	 * away; TIOCEXCL refuses further open()s of the tty meanwhile. */
	if (flock(fd, LOCK_EX | LOCK_NB) < 0)
		return serial_open_fail(fd, errno == EWOULDBLOCK ? DS_ERR_BUSY : DS_ERR_IO, errno, err);
	(void)ioctl(fd, TIOCEXCL);
	cfmakeraw(&tio);
	tio.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | CSTOPB | CRTSCTS);
	tio.c_cflag |= CS8 | CLOCAL | CREAD;
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 0;
	cfsetispeed(&tio, speed);
	cfsetospeed(&tio, speed);
	if (tcsetattr(fd, TCSANOW, &tio) < 0)
		return serial_open_fail(fd, DS_ERR_IO, errno, err);
	tcflush(fd, TCIOFLUSH);
	port = calloc(1, sizeof *port);
	if (!port)
		return serial_open_fail(fd, DS_ERR_NO_MEMORY, ENOMEM, err);
	port->fd = fd;
	snprintf(port->path, sizeof port->path, "%s", path);
	*out = port;
	return DS_OK;
}

/** How often a busy port is tried again. */
#define SERIAL_RETRY_MS 200

ds_status ds_serial_open_within(const char *path, unsigned baud, unsigned timeout_ms, const ds_wait *w,
				ds_serial_port **out, int *err)
{
	uint64_t start = ds_now_ms();
	uint64_t deadline = start + timeout_ms;

	for (;;) {
		ds_status st = ds_serial_open(path, baud, out, err);
		uint64_t now = ds_now_ms();
		uint64_t next = now + SERIAL_RETRY_MS;
		ds_wait_result r;

		if (st != DS_ERR_BUSY || now >= deadline)
			return st;
		r = ds_wait_poll(NULL, 0, start, next < deadline ? next : deadline, timeout_ms, w);
		if (r == DS_WAIT_CANCELLED)
			return DS_ERR_CANCELLED;
	}
}

void ds_serial_close(ds_serial_port *port)
{
	if (!port)
		return;
	if (port->fd >= 0) {
		(void)ioctl(port->fd, TIOCNXCL);
		(void)flock(port->fd, LOCK_UN);
		close(port->fd);
	}
	/* Only after the port is closed: ModemManager opens it again. */
	ds_mm_release(port->mm);
	free(port);
}

/** The status of a wait that did not end READY. */
static ds_status serial_wait_status(ds_wait_result r)
{
	return r == DS_WAIT_CANCELLED ? DS_ERR_CANCELLED : r == DS_WAIT_TIMEOUT ? DS_ERR_TIMEOUT : DS_ERR_IO;
}

ds_status ds_serial_write(ds_serial_port *port, const uint8_t *data, size_t len, unsigned timeout_ms, const ds_wait *w)
{
	uint64_t start = ds_now_ms();

	if (!port || (!data && len))
		return DS_ERR_INVALID;
	while (len > 0) {
		ssize_t n = write(port->fd, data, len);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pfd = { .fd = port->fd, .events = POLLOUT };
			ds_wait_result r = ds_wait_poll(&pfd, 1, start, start + timeout_ms, timeout_ms, w);

			if (r != DS_WAIT_READY)
				return serial_wait_status(r);
			if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))
				return DS_ERR_IO;
			continue;
		}
		if (n <= 0)
			return DS_ERR_IO;
		data += n;
		len -= (size_t)n;
	}
	return DS_OK;
}

ds_status ds_serial_read(ds_serial_port *port, uint8_t *buf, size_t size, size_t *len, unsigned timeout_ms,
			 const ds_wait *w)
{
	uint64_t start = ds_now_ms();

	*len = 0;
	if (!port || !buf || size == 0)
		return DS_ERR_INVALID;
	for (;;) {
		struct pollfd pfd = { .fd = port->fd, .events = POLLIN };
		ds_wait_result r = ds_wait_poll(&pfd, 1, start, start + timeout_ms, timeout_ms, w);
		ssize_t got;

		if (r != DS_WAIT_READY)
			return serial_wait_status(r);
		if (pfd.revents & POLLNVAL)
			return DS_ERR_IO;
		/* Read even on POLLHUP: bytes sent just before the hang-up count. */
		got = read(port->fd, buf, size);
		if (got > 0) {
			*len = (size_t)got;
			return DS_OK;
		}
		if (got < 0 && (errno == EAGAIN || errno == EINTR) && !(pfd.revents & (POLLHUP | POLLERR)))
			continue;
		return DS_ERR_IO; /* 0 or an error: the other end went away (unplugged) */
	}
}

void ds_serial_discard(ds_serial_port *port)
{
	if (port && port->fd >= 0)
		(void)tcflush(port->fd, TCIFLUSH);
}
