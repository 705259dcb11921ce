/* Plain TCP for protocols other than HTTP (RTSP): connect with a timeout,
 * send everything, receive what has arrived, every wait in slices of at
 * most 100 ms that check the user's cancel. The host side of ds_host.net's
 * tcp_* calls (app/plugin/host_net.h). */
#ifndef DS_TCP_CONN_H
#define DS_TCP_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <doorstep/plugin.h>

#include "app/base/must_check.h"
#include "app/base/wait.h"
#include "app/net/net_addr.h"

/** An open connection (the SDK's opaque ds_net_conn). */
struct ds_net_conn {
	int fd;
	char peer[DS_NET_ADDRESS_MAX]; /**< the address it is connected to, numeric */
};

/** Why a connection failed, for the message a person reads. */
typedef struct ds_tcp_failure {
	int sys_errno; /**< errno of the last attempt (0: none) */
	int gai_error; /**< getaddrinfo's error when the name did not resolve */
} ds_tcp_failure;

/** Connects to host (name or literal) and port within timeout_ms (the name
 *  lookup included), trying each address in turn. DS_OK with *out;
 *  DS_ERR_NOT_FOUND (the name does not resolve, or the connection was
 *  refused: nothing listens there), DS_ERR_TIMEOUT, DS_ERR_CANCELLED,
 *  DS_ERR_IO (unreachable), DS_ERR_INVALID, DS_ERR_NO_MEMORY. why (may be
 *  NULL) says more on failure. */
DS_MUST_CHECK ds_status ds_tcp_connect(const char *host, uint16_t port, unsigned timeout_ms, const ds_wait *w,
				       ds_net_conn **out, ds_tcp_failure *why);
/** Sends all len bytes within timeout_ms: DS_OK, DS_ERR_TIMEOUT,
 *  DS_ERR_CANCELLED, DS_ERR_IO (the connection broke). */
DS_MUST_CHECK ds_status ds_tcp_send(ds_net_conn *conn, const uint8_t *data, size_t len, unsigned timeout_ms,
				    const ds_wait *w);
/** Receives what has arrived (1 to size bytes; count in *len) within
 *  timeout_ms: DS_OK, DS_ERR_TIMEOUT, DS_ERR_CANCELLED, DS_ERR_NOT_FOUND (the
 *  peer closed the connection), DS_ERR_IO (it broke). */
DS_MUST_CHECK ds_status ds_tcp_recv(ds_net_conn *conn, uint8_t *buf, size_t size, size_t *len, unsigned timeout_ms,
				    const ds_wait *w);
/** Closes and frees the connection; NULL is allowed. */
void ds_tcp_close(ds_net_conn *conn);

#endif
