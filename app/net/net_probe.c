/* Discovery probes; see net_probe.h. */
#include "app/net/net_probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/** Largest UDP payload over IPv4. */
#define PROBE_MSG_MAX 65507u
/** Most datagrams taken from one socket before the cancel is checked again. */
#define PROBE_BURST 64
/** Hops a multicast probe may take: the local link, as discovery protocols want. */
#define PROBE_HOPS 1

/** The sockets of one probe. */
typedef struct probe_socks {
	struct pollfd fds[DS_PROBE_SOCKETS_MAX];
	unsigned n;
	int uni[2]; /**< unicast sockets, IPv4 and IPv6, or -1 */
} probe_socks;

/** Opens a datagram socket of family bound to an ephemeral port; -1 on failure. */
static int probe_socket(probe_socks *s, int family)
{
	int fd;

	if (s->n >= DS_PROBE_SOCKETS_MAX)
		return -1;
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	s->fds[s->n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
	return fd;
}

/** Notes a failed send. */
static void probe_send_failed(ds_probe_report *rep, int e)
{
	rep->send_errno = e;
}

/** Sends the probe to an IPv4 group from every IPv4 interface address that is up. */
static void probe_group4(probe_socks *s, const ds_probe *p, const struct in_addr *group, ds_probe_report *rep)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(p->port), .sin_addr = *group };
	struct ifaddrs *ifs, *i;

	if (getifaddrs(&ifs) != 0) {
		probe_send_failed(rep, errno);
		return;
	}
	for (i = ifs; i; i = i->ifa_next) {
		struct ip_mreqn mreq = { .imr_ifindex = (int)if_nametoindex(i->ifa_name) };
		unsigned char hops = PROBE_HOPS, loop = 1;
		int fd;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP))
			continue;
		rep->interfaces_up++;
		if (!(i->ifa_flags & IFF_MULTICAST))
			continue;
		rep->interfaces_multicast++;
		mreq.imr_address = ((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr;
		fd = probe_socket(s, AF_INET);
		if (fd < 0) {
			probe_send_failed(rep, errno);
			continue;
		}
		/* Loop on, so that a device on this very machine (a test's
		 * emulator, a camera's companion app) hears it too. */
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof mreq) != 0 ||
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &hops, sizeof hops) != 0 ||
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop) != 0 ||
		    sendto(fd, p->msg, p->len, 0, (const struct sockaddr *)&to, sizeof to) < 0) {
			probe_send_failed(rep, errno);
			continue;
		}
		rep->multicast_sent++;
	}
	freeifaddrs(ifs);
}

/** True when an earlier entry of the list names the same interface with an IPv6 address. */
static bool probe_seen6(const struct ifaddrs *ifs, const struct ifaddrs *upto)
{
	for (const struct ifaddrs *j = ifs; j != upto; j = j->ifa_next)
		if (j->ifa_addr && j->ifa_addr->sa_family == AF_INET6 && strcmp(j->ifa_name, upto->ifa_name) == 0)
			return true;
	return false;
}

/** Sends the probe to an IPv6 group on every interface with IPv6 that is up (once each). */
static void probe_group6(probe_socks *s, const ds_probe *p, const struct in6_addr *group, ds_probe_report *rep)
{
	struct ifaddrs *ifs, *i;

	if (getifaddrs(&ifs) != 0) {
		probe_send_failed(rep, errno);
		return;
	}
	for (i = ifs; i; i = i->ifa_next) {
		unsigned index = if_nametoindex(i->ifa_name);
		struct sockaddr_in6 to = {
			.sin6_family = AF_INET6, .sin6_port = htons(p->port), .sin6_addr = *group, .sin6_scope_id = index
		};
		int hops = PROBE_HOPS, loop = 1, fd;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET6 || !(i->ifa_flags & IFF_UP) || probe_seen6(ifs, i))
			continue;
		rep->interfaces_up++;
		if (!(i->ifa_flags & IFF_MULTICAST))
			continue;
		rep->interfaces_multicast++;
		fd = probe_socket(s, AF_INET6);
		if (fd < 0) {
			probe_send_failed(rep, errno);
			continue;
		}
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index, sizeof index) != 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) != 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop) != 0 ||
		    sendto(fd, p->msg, p->len, 0, (const struct sockaddr *)&to, sizeof to) < 0) {
			probe_send_failed(rep, errno);
			continue;
		}
		rep->multicast_sent++;
	}
	freeifaddrs(ifs);
}

/** Notes a unicast address that got no probe. */
static void probe_unicast_failed(ds_probe_report *rep, const char *address, ds_status why)
{
	if (rep->unicast_failed++ == 0) {
		snprintf(rep->first_failed, sizeof rep->first_failed, "%s", address);
		rep->first_failed_status = why;
	}
}

/** Sends the probe to one "host[:port]": every address it resolves to. */
static ds_status probe_unicast(probe_socks *s, const ds_probe *p, const char *address, uint64_t deadline,
			       const ds_wait *w, ds_probe_report *rep)
{
	char host[DS_LOCATOR_MAX];
	struct addrinfo *ai, *a;
	uint64_t now = ds_now_ms();
	bool sent = false;
	uint16_t port;
	int gai_err;
	ds_status st;

	if (!ds_net_split(address, p->port, host, sizeof host, &port)) {
		probe_unicast_failed(rep, address, DS_ERR_INVALID);
		return DS_OK;
	}
	st = ds_net_resolve(host, port, SOCK_DGRAM, deadline > now ? (unsigned)(deadline - now) : 0, w, &ai, &gai_err);
	if (st == DS_ERR_CANCELLED || st == DS_ERR_NO_MEMORY)
		return st;
	if (st != DS_OK) {
		probe_unicast_failed(rep, address, st);
		return DS_OK;
	}
	for (a = ai; a; a = a->ai_next) {
		int slot = a->ai_family == AF_INET6 ? 1 : 0;

		if (a->ai_family != AF_INET && a->ai_family != AF_INET6)
			continue;
		if (s->uni[slot] < 0)
			s->uni[slot] = probe_socket(s, a->ai_family);
		if (s->uni[slot] < 0 || sendto(s->uni[slot], p->msg, p->len, 0, a->ai_addr, a->ai_addrlen) < 0) {
			probe_send_failed(rep, errno);
			continue;
		}
		rep->unicast_sent++;
		sent = true;
	}
	freeaddrinfo(ai);
	if (!sent)
		probe_unicast_failed(rep, address, DS_ERR_IO);
	return DS_OK;
}

/** Takes the datagrams waiting on fd; false when the probe is to end. */
static bool probe_take(int fd, const ds_probe *p, uint8_t *buf, ds_probe_report *rep)
{
	for (int n = 0; n < PROBE_BURST; n++) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;
		char address[DS_NET_ADDRESS_MAX];
		ssize_t got = recvfrom(fd, buf, DS_PROBE_DATAGRAM_MAX, MSG_TRUNC, (struct sockaddr *)&from, &from_len);

		if (got < 0)
			return true; /* EAGAIN, or an ICMP error of an earlier send: nothing to take */
		if ((size_t)got > DS_PROBE_DATAGRAM_MAX) {
			rep->dropped_large++;
			continue;
		}
		ds_net_format((const struct sockaddr *)&from, from_len, address, sizeof address);
		rep->answers++;
		if (p->on_answer && !p->on_answer(p->ctx, address, buf, (size_t)got)) {
			rep->stopped = true;
			return false;
		}
		if (rep->answers >= DS_PROBE_ANSWERS_MAX) {
			rep->capped = true;
			return false;
		}
	}
	return true;
}

/** Collects answers until the deadline; DS_OK or DS_ERR_CANCELLED. */
static ds_status probe_collect(probe_socks *s, const ds_probe *p, uint64_t start, const ds_wait *w, ds_probe_report *rep)
{
	uint8_t *buf = malloc(DS_PROBE_DATAGRAM_MAX);

	if (!buf)
		return DS_ERR_NO_MEMORY;
	for (;;) {
		ds_wait_result r = ds_wait_poll(s->fds, s->n, start, start + p->window_ms, p->window_ms, w);

		if (r == DS_WAIT_CANCELLED) {
			free(buf);
			return DS_ERR_CANCELLED;
		}
		if (r != DS_WAIT_READY)
			break; /* the window is over (or poll broke: nothing more will come) */
		for (unsigned i = 0; i < s->n; i++)
			if (s->fds[i].revents && !probe_take(s->fds[i].fd, p, buf, rep)) {
				free(buf);
				return DS_OK;
			}
	}
	free(buf);
	return DS_OK;
}

ds_status ds_net_probe(const ds_probe *p, const ds_wait *w, ds_probe_report *rep)
{
	probe_socks s = { .n = 0, .uni = { -1, -1 } };
	uint64_t start = ds_now_ms();
	struct in6_addr group6;
	struct in_addr group4;
	ds_status st = DS_OK;

	memset(rep, 0, sizeof *rep);
	if (!p || !p->msg || p->len == 0 || p->len > PROBE_MSG_MAX || (!p->group && !p->unicast))
		return DS_ERR_INVALID;
	if (p->group) {
		if (inet_pton(AF_INET, p->group, &group4) == 1 && IN_MULTICAST(ntohl(group4.s_addr)))
			probe_group4(&s, p, &group4, rep);
		else if (inet_pton(AF_INET6, p->group, &group6) == 1 && IN6_IS_ADDR_MULTICAST(&group6))
			probe_group6(&s, p, &group6, rep);
		else
			st = DS_ERR_INVALID;
	}
	for (size_t i = 0; st == DS_OK && p->unicast && p->unicast[i]; i++)
		st = probe_unicast(&s, p, p->unicast[i], start + p->window_ms, w, rep);
	if (st == DS_OK && rep->multicast_sent + rep->unicast_sent == 0)
		st = DS_ERR_IO;
	if (st == DS_OK)
		st = probe_collect(&s, p, start, w, rep);
	for (unsigned i = 0; i < s.n; i++)
		close(s.fds[i].fd);
	return st;
}
