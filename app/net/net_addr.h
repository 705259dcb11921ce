/* Network addresses as people and plans write them ("192.168.1.64",
 * "cam.local:8080", "[fe80::1%eth0]:80", "fe80::1"), resolved with a
 * timeout and the user's cancel (a name lookup can hang for seconds), and
 * the numeric form a device's answer is reported from. */
#ifndef DS_NET_ADDR_H
#define DS_NET_ADDR_H

#include <netdb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <doorstep/plugin.h>

#include "app/base/must_check.h"
#include "app/base/wait.h"

/** Room for a numeric address with its port: "[v6%scope]:65535". */
#define DS_NET_ADDRESS_MAX 96

/** Splits "host[:port]" (IPv6 literals bare, or in brackets before a port)
 *  into host and port; the port is default_port when none is written.
 *  False when text is empty, too long, or the port is not 1..65535. */
DS_MUST_CHECK bool ds_net_split(const char *text, uint16_t default_port, char *host, size_t host_size, uint16_t *port);
/** Resolves host and port for socktype (SOCK_DGRAM, SOCK_STREAM) within
 *  timeout_ms: DS_OK with *out (free with freeaddrinfo), DS_ERR_NOT_FOUND
 *  (the name does not resolve; *gai_err says why, for gai_strerror),
 *  DS_ERR_TIMEOUT, DS_ERR_CANCELLED or DS_ERR_NO_MEMORY. Literals resolve at
 *  once; a name is looked up on a thread of its own, abandoned (not waited
 *  for) on timeout or cancel. */
DS_MUST_CHECK ds_status ds_net_resolve(const char *host, uint16_t port, int socktype, unsigned timeout_ms,
				       const ds_wait *w, struct addrinfo **out, int *gai_err);
/** Writes sa as "a.b.c.d:port" or "[v6]:port" into out. */
void ds_net_format(const struct sockaddr *sa, socklen_t len, char *out, size_t size);

#endif
