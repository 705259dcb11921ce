/* Plain TCP; see tcp_conn.h. */
#include "app/net/tcp_conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** The status of a wait that did not end READY. */
static ds_status tcp_wait_status(ds_wait_result r)
{
	return r == DS_WAIT_CANCELLED ? DS_ERR_CANCELLED : r == DS_WAIT_TIMEOUT ? DS_ERR_TIMEOUT : DS_ERR_IO;
}

/** The status of a connect that failed with errno e. */
static ds_status tcp_connect_status(int e)
{
	return e == ECONNREFUSED ? DS_ERR_NOT_FOUND : e == ETIMEDOUT ? DS_ERR_TIMEOUT : DS_ERR_IO;
}

/** One attempt at one address until deadline; DS_OK with *fd_out. */
static ds_status tcp_try(const struct addrinfo *a, uint64_t start, uint64_t deadline, unsigned timeout_ms,
			 const ds_wait *w, int *fd_out, int *err)
{
	int fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1, so_error = 0;
	socklen_t len = sizeof so_error;
	struct pollfd pfd;
	ds_wait_result r;

	if (fd < 0) {
		*err = errno;
		return DS_ERR_IO;
	}
	if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
		if (errno != EINPROGRESS) {
			*err = errno;
			close(fd);
			return tcp_connect_status(*err);
		}
		pfd = (struct pollfd){ .fd = fd, .events = POLLOUT };
		r = ds_wait_poll(&pfd, 1, start, deadline, timeout_ms, w);
		if (r != DS_WAIT_READY) {
			*err = r == DS_WAIT_TIMEOUT ? ETIMEDOUT : r == DS_WAIT_ERROR ? errno : 0;
			close(fd);
			return tcp_wait_status(r);
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0 || so_error != 0) {
			*err = so_error ? so_error : errno;
			close(fd);
			return tcp_connect_status(*err);
		}
	}
	/* Requests and answers, not a stream: send each at once. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	*fd_out = fd;
	return DS_OK;
}

ds_status ds_tcp_connect(const char *host, uint16_t port, unsigned timeout_ms, const ds_wait *w, ds_net_conn **out,
			 ds_tcp_failure *why)
{
	ds_tcp_failure none;
	uint64_t start = ds_now_ms(), deadline = start + timeout_ms;
	struct addrinfo *ai;
	ds_status st = DS_ERR_NOT_FOUND;
	int fd = -1;

	*out = NULL;
	if (!why)
		why = &none;
	memset(why, 0, sizeof *why);
	if (!host || !*host || port == 0)
		return DS_ERR_INVALID;
	st = ds_net_resolve(host, port, SOCK_STREAM, timeout_ms, w, &ai, &why->gai_error);
	if (st != DS_OK)
		return st;
	st = DS_ERR_NOT_FOUND;
	for (const struct addrinfo *a = ai; a; a = a->ai_next) {
		st = tcp_try(a, start, deadline, timeout_ms, w, &fd, &why->sys_errno);
		if (st == DS_OK || st == DS_ERR_CANCELLED || st == DS_ERR_TIMEOUT)
			break;
	}
	if (st == DS_OK) {
		*out = calloc(1, sizeof **out);
		if (!*out) {
			close(fd);
			st = DS_ERR_NO_MEMORY;
		} else {
			struct sockaddr_storage peer;
			socklen_t plen = sizeof peer;

			(*out)->fd = fd;
			if (getpeername(fd, (struct sockaddr *)&peer, &plen) == 0)
				ds_net_format((const struct sockaddr *)&peer, plen, (*out)->peer, sizeof(*out)->peer);
		}
	}
	freeaddrinfo(ai);
	return st;
}

ds_status ds_tcp_send(ds_net_conn *conn, const uint8_t *data, size_t len, unsigned timeout_ms, const ds_wait *w)
{
	uint64_t start = ds_now_ms();

	if (!conn || (!data && len))
		return DS_ERR_INVALID;
	while (len > 0) {
		ssize_t n;
		struct pollfd pfd;
		ds_wait_result r;

		if (ds_wait_cancelled(w))
			return DS_ERR_CANCELLED;
		n = send(conn->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return DS_ERR_IO;
		pfd = (struct pollfd){ .fd = conn->fd, .events = POLLOUT };
		r = ds_wait_poll(&pfd, 1, start, start + timeout_ms, timeout_ms, w);
		if (r != DS_WAIT_READY)
			return tcp_wait_status(r);
	}
	return DS_OK;
}

ds_status ds_tcp_recv(ds_net_conn *conn, uint8_t *buf, size_t size, size_t *len, unsigned timeout_ms, const ds_wait *w)
{
	uint64_t start = ds_now_ms();

	*len = 0;
	if (!conn || !buf || size == 0)
		return DS_ERR_INVALID;
	for (;;) {
		struct pollfd pfd = { .fd = conn->fd, .events = POLLIN };
		ds_wait_result r = ds_wait_poll(&pfd, 1, start, start + timeout_ms, timeout_ms, w);
		ssize_t got;

		if (r != DS_WAIT_READY)
			return tcp_wait_status(r);
		got = recv(conn->fd, buf, size, MSG_DONTWAIT);
		if (got > 0) {
			*len = (size_t)got;
			return DS_OK;
		}
		if (got == 0)
			return DS_ERR_NOT_FOUND;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return DS_ERR_IO;
	}
}

void ds_tcp_close(ds_net_conn *conn)
{
	if (!conn)
		return;
	if (conn->fd >= 0)
		close(conn->fd);
	free(conn);
}
