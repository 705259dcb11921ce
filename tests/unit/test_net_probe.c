/* The discovery probe and plain TCP of app/net (the host side of
 * ds_host.net), against real sockets: multicast for real in a network
 * namespace of the test's own (loopback up with multicast and a route for
 * 239.0.0.0/8, a responder that joined the group), unicast answers from
 * responders on 127.0.0.1 and ::1, an interface list that cannot multicast,
 * and TCP refused, black-holed, cancelled, a round trip and a peer that
 * closes. Each Criterion test runs in a process of its own, so a namespace
 * made in one test ends with it. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/base/jobs.h"
#include "app/base/wait.h"
#include "app/net/net_probe.h"
#include "app/net/tcp_conn.h"
#include "app/plugin/host_net.h"

#define GROUP "239.255.255.250"
#define PROBE "probe-1234"

/* ---- a network namespace of the test's own ---- */

/** Makes a network namespace for this test process with loopback up (with
 *  or without multicast) and, if route, a route for 239.0.0.0/8 on it.
 *  Skips the test where namespaces are not allowed. */
static void own_network(bool up, bool multicast, bool route)
{
	struct ifreq ifr = { 0 };
	int fd;

	if (unshare(CLONE_NEWNET) != 0)
		cr_skip_test("no network namespace here (unshare: %s); run the tests as root", strerror(errno));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	cr_assert_geq(fd, 0);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	cr_assert_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0, "SIOCGIFFLAGS: %s", strerror(errno));
	ifr.ifr_flags = (short)(up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP);
	ifr.ifr_flags = (short)(multicast ? ifr.ifr_flags | IFF_MULTICAST : ifr.ifr_flags & ~IFF_MULTICAST);
	cr_assert_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0, "SIOCSIFFLAGS: %s", strerror(errno));
	if (route) {
		struct rtentry rt = { 0 };
		struct sockaddr_in *dst = (struct sockaddr_in *)(void *)&rt.rt_dst;
		struct sockaddr_in *mask = (struct sockaddr_in *)(void *)&rt.rt_genmask;
		char dev[] = "lo";

		dst->sin_family = AF_INET;
		dst->sin_addr.s_addr = htonl(0xEF000000u); /* 239.0.0.0 */
		mask->sin_family = AF_INET;
		mask->sin_addr.s_addr = htonl(0xFF000000u);
		rt.rt_flags = RTF_UP;
		rt.rt_dev = dev;
		cr_assert_eq(ioctl(fd, SIOCADDRT, &rt), 0, "SIOCADDRT: %s", strerror(errno));
	}
	close(fd);
}

/* ---- a UDP responder: answers "answer:<probe>" to whoever sent the probe ---- */

typedef struct responder {
	int fd;
	uint16_t port;
	pthread_t thread;
	atomic_bool stop;
	atomic_int heard;
	unsigned extra; /**< further answers to send after the first (a flood) */
} responder;

static void *responder_run(void *arg)
{
	responder *r = arg;

	while (!atomic_load(&r->stop)) {
		struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
		struct sockaddr_storage from;
		socklen_t len = sizeof from;
		char buf[512], answer[600];
		ssize_t got;
		int n;

		if (poll(&pfd, 1, 50) <= 0)
			continue;
		got = recvfrom(r->fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &len);
		if (got <= 0)
			continue;
		buf[got] = '\0';
		atomic_fetch_add(&r->heard, 1);
		n = snprintf(answer, sizeof answer, "answer:%s", buf);
		(void)!sendto(r->fd, answer, (size_t)n, 0, (struct sockaddr *)&from, len);
		for (unsigned i = 0; i < r->extra; i++) {
			(void)!sendto(r->fd, answer, (size_t)n, 0, (struct sockaddr *)&from, len);
			if (i % 64 == 63)
				usleep(2000); /* let the probe keep up: no drops from a full buffer */
		}
	}
	return NULL;
}

/** Starts a responder on address (IPv4 or IPv6 literal) and port (0: any);
 *  group (may be NULL): the multicast group it joins on loopback. */
static void responder_start(responder *r, const char *address, uint16_t port, const char *group)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int one = 1;

	memset(r, 0, sizeof *r);
	if (strchr(address, ':')) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		cr_assert_eq(inet_pton(AF_INET6, address, &a->sin6_addr), 1);
		len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		cr_assert_eq(inet_pton(AF_INET, address, &a->sin_addr), 1);
		len = sizeof *a;
	}
	r->fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	cr_assert_geq(r->fd, 0);
	setsockopt(r->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(r->fd, (struct sockaddr *)&ss, len) != 0)
		cr_skip_test("cannot bind %s: %s", address, strerror(errno));
	if (group) {
		struct ip_mreqn mreq = { .imr_ifindex = (int)if_nametoindex("lo") };

		cr_assert_eq(inet_pton(AF_INET, group, &mreq.imr_multiaddr), 1);
		cr_assert_eq(setsockopt(r->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq), 0, "join: %s",
			     strerror(errno));
	}
	len = sizeof ss;
	cr_assert_eq(getsockname(r->fd, (struct sockaddr *)&ss, &len), 0);
	r->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						 : ((struct sockaddr_in *)&ss)->sin_port);
	cr_assert_eq(pthread_create(&r->thread, NULL, responder_run, r), 0);
}

static void responder_stop(responder *r)
{
	atomic_store(&r->stop, true);
	pthread_join(r->thread, NULL);
	close(r->fd);
}

/* ---- what a probe got ---- */

#define ANSWERS_MAX 8

typedef struct answers {
	size_t n, total;
	char from[ANSWERS_MAX][DS_NET_ADDRESS_MAX];
	char data[ANSWERS_MAX][64];
	size_t stop_after; /**< > 0: ask to stop after this many */
} answers;

static bool on_answer(void *ctx, const char *from, const uint8_t *data, size_t len)
{
	answers *a = ctx;

	if (a->n < ANSWERS_MAX) {
		snprintf(a->from[a->n], sizeof a->from[0], "%s", from);
		snprintf(a->data[a->n], sizeof a->data[0], "%.*s", (int)len, (const char *)data);
		a->n++;
	}
	a->total++;
	return !(a->stop_after && a->total >= a->stop_after);
}

/** True when some answer came from `from` with the probe's echo. */
static bool answered_from(const answers *a, const char *from)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->from[i], from) == 0 && strcmp(a->data[i], "answer:" PROBE) == 0)
			return true;
	return false;
}

/** A ds_wait cancelled from a given time on (ds_now_ms()), and its ticks. */
typedef struct clock_cancel {
	uint64_t at; /**< 0: never */
	unsigned ticks, last_elapsed;
} clock_cancel;

static bool clock_cancelled(void *ctx)
{
	clock_cancel *c = ctx;

	return c->at && ds_now_ms() >= c->at;
}

static void clock_tick(void *ctx, unsigned elapsed_ms, unsigned total_ms)
{
	clock_cancel *c = ctx;

	cr_expect_leq(elapsed_ms, total_ms + DS_WAIT_SLICE_MS);
	c->ticks++;
	c->last_elapsed = elapsed_ms;
}

static ds_probe probe_of(const char *group, uint16_t port, const char *const *unicast, unsigned window_ms, answers *a)
{
	return (ds_probe){ .group = group,
			   .port = port,
			   .unicast = unicast,
			   .msg = (const uint8_t *)PROBE,
			   .len = strlen(PROBE),
			   .window_ms = window_ms,
			   .on_answer = on_answer,
			   .ctx = a };
}

/* ---- multicast, in the test's own namespace ---- */

Test(net_probe, multicast_answer_and_sender_arrive_within_the_window)
{
	clock_cancel c = { 0 };
	ds_wait w = { .cancelled = clock_cancelled, .tick = clock_tick, .ctx = &c };
	answers a = { 0 };
	ds_probe_report rep;
	responder r;
	char from[64];
	uint64_t t0, ms;
	ds_probe p;

	own_network(true, true, true);
	responder_start(&r, "0.0.0.0", 3702, GROUP);
	p = probe_of(GROUP, 3702, NULL, 600, &a);
	t0 = ds_now_ms();
	cr_expect_eq(ds_net_probe(&p, &w, &rep), DS_OK);
	ms = ds_now_ms() - t0;
	responder_stop(&r);
	cr_expect_eq(rep.multicast_sent, 1, "sent on %u interface(s)", rep.multicast_sent);
	cr_expect_eq(atomic_load(&r.heard), 1, "the responder heard %d probe(s)", atomic_load(&r.heard));
	snprintf(from, sizeof from, "127.0.0.1:%u", 3702u);
	cr_expect(answered_from(&a, from), "no answer from %s (%zu answers, first from %s: %s)", from, a.n,
		  a.n ? a.from[0] : "-", a.n ? a.data[0] : "-");
	cr_expect_eq(rep.answers, a.total);
	cr_expect_geq(ms, 590, "the probe ended after %llu ms, before its window", (unsigned long long)ms);
	cr_expect_leq(ms, 600 + 150, "the probe ended %llu ms after its start (window 600)", (unsigned long long)ms);
	cr_expect_geq(c.ticks, 5, "only %u progress ticks in 600 ms", c.ticks);
}

Test(net_probe, cancel_ends_the_window_within_100_ms)
{
	clock_cancel c = { 0 };
	ds_wait w = { .cancelled = clock_cancelled, .ctx = &c };
	answers a = { 0 };
	ds_probe_report rep;
	ds_probe p;
	uint64_t late;

	own_network(true, true, true);
	p = probe_of(GROUP, 3702, NULL, 10000, &a);
	c.at = ds_now_ms() + 250;
	cr_expect_eq(ds_net_probe(&p, &w, &rep), DS_ERR_CANCELLED);
	late = ds_now_ms() - c.at;
	cr_expect_leq(late, 100 + 50, "the probe ended %llu ms after the cancel", (unsigned long long)late);
}

Test(net_probe, no_interface_can_multicast)
{
	answers a = { 0 };
	ds_probe_report rep;
	ds_probe p;

	own_network(true, false, false);
	p = probe_of(GROUP, 3702, NULL, 200, &a);
	cr_expect_eq(ds_net_probe(&p, NULL, &rep), DS_ERR_IO);
	cr_expect_geq(rep.interfaces_up, 1, "loopback is up");
	cr_expect_eq(rep.interfaces_multicast, 0);
	cr_expect_eq(rep.multicast_sent, 0);
}

/** The host service as a job: the message a person reads. */
typedef struct probe_job {
	const char *group;
	const char *const *unicast;
	answers a;
} probe_job;

static ds_status probe_job_run(ds_job *job, void *arg)
{
	probe_job *pj = arg;

	return ds_host_net_services()->probe(job, pj->group, 3702, pj->unicast, (const uint8_t *)PROBE, strlen(PROBE),
					     200, on_answer, &pj->a);
}

static ds_status run_probe_job(probe_job *pj, char *message, size_t size)
{
	ds_jobs *jobs = ds_jobs_new(1);
	ds_status st;

	cr_assert_not_null(jobs);
	st = ds_jobs_run(jobs, probe_job_run, pj, NULL, NULL, message, size);
	ds_jobs_free(jobs);
	return st;
}

Test(net_probe, no_multicast_interface_is_explained)
{
	probe_job pj = { .group = GROUP };
	char message[512];

	own_network(true, false, false);
	cr_expect_eq(run_probe_job(&pj, message, sizeof message), DS_ERR_IO);
	cr_expect(strstr(message, "multicast") && strstr(message, "by its address"), "message: %s", message);
}

Test(net_probe, no_interface_up_is_explained)
{
	probe_job pj = { .group = GROUP };
	char message[512];

	own_network(false, true, false);
	cr_expect_eq(run_probe_job(&pj, message, sizeof message), DS_ERR_IO);
	cr_expect(strstr(message, "No network connection is up"), "message: %s", message);
}

/* ---- unicast, outside any namespace ---- */

Test(net_probe, unicast_answers_from_ipv4_and_ipv6)
{
	answers a = { 0 };
	ds_probe_report rep;
	responder r4, r6;
	char to4[64], to6[64], bad[] = "[::1]:0", from4[64], from6[64];
	const char *unicast[5] = { to4, to6, bad, "not a host name:1", NULL };
	ds_probe p;

	responder_start(&r4, "127.0.0.1", 0, NULL);
	responder_start(&r6, "::1", 0, NULL);
	snprintf(to4, sizeof to4, "127.0.0.1:%u", r4.port);
	snprintf(to6, sizeof to6, "[::1]:%u", r6.port);
	p = probe_of(NULL, 9, unicast, 400, &a);
	cr_expect_eq(ds_net_probe(&p, NULL, &rep), DS_OK);
	responder_stop(&r4);
	responder_stop(&r6);
	snprintf(from4, sizeof from4, "127.0.0.1:%u", r4.port);
	snprintf(from6, sizeof from6, "[::1]:%u", r6.port);
	cr_expect(answered_from(&a, from4), "no answer from %s", from4);
	cr_expect(answered_from(&a, from6), "no answer from %s", from6);
	cr_expect_eq(rep.unicast_sent, 2);
	cr_expect_eq(rep.unicast_failed, 2, "port 0 and a malformed name are not addresses");
	cr_expect_str_eq(rep.first_failed, bad);
	cr_expect_eq(rep.first_failed_status, DS_ERR_INVALID);
}

Test(net_probe, unicast_default_port_and_early_stop)
{
	answers a = { .stop_after = 1 };
	ds_probe_report rep;
	responder r;
	const char *unicast[] = { "127.0.0.1", NULL };
	uint64_t t0;
	ds_probe p;

	responder_start(&r, "127.0.0.1", 0, NULL);
	p = probe_of(NULL, r.port, unicast, 5000, &a);
	t0 = ds_now_ms();
	cr_expect_eq(ds_net_probe(&p, NULL, &rep), DS_OK);
	cr_expect_lt(ds_now_ms() - t0, 1000, "the probe did not stop when asked");
	responder_stop(&r);
	cr_expect(rep.stopped);
	cr_expect_eq(a.total, 1);
}

Test(net_probe, answers_are_capped)
{
	answers a = { 0 };
	ds_probe_report rep;
	responder r;
	char to[64];
	const char *unicast[] = { to, NULL };
	ds_probe p;

	responder_start(&r, "127.0.0.1", 0, NULL);
	r.extra = DS_PROBE_ANSWERS_MAX + 100;
	snprintf(to, sizeof to, "127.0.0.1:%u", r.port);
	p = probe_of(NULL, 9, unicast, 10000, &a);
	cr_expect_eq(ds_net_probe(&p, NULL, &rep), DS_OK);
	responder_stop(&r);
	cr_expect(rep.capped, "%zu answers and no cap", rep.answers);
	cr_expect_eq(a.total, DS_PROBE_ANSWERS_MAX);
}

Test(net_probe, unicast_to_nowhere_is_an_error)
{
	probe_job pj = { .unicast = (const char *const[]){ "cam.local:99999", NULL } };
	char message[512];

	cr_expect_eq(run_probe_job(&pj, message, sizeof message), DS_ERR_IO);
	cr_expect(strstr(message, "cam.local:99999") && strstr(message, "not an address"), "message: %s", message);
}

Test(net_probe, malformed_probe_is_refused)
{
	answers a = { 0 };
	ds_probe_report rep;
	ds_probe p = probe_of("192.168.1.1", 3702, NULL, 100, &a);

	cr_expect_eq(ds_net_probe(&p, NULL, &rep), DS_ERR_INVALID, "a unicast address as the group");
	p = probe_of(NULL, 3702, NULL, 100, &a);
	cr_expect_eq(ds_net_probe(&p, NULL, &rep), DS_ERR_INVALID, "nowhere to send");
}

Test(net_addr, split)
{
	static const struct {
		const char *text, *host;
		uint16_t port;
	} good[] = {
		{ "192.168.1.64", "192.168.1.64", 80 },
		{ "cam.local:8080", "cam.local", 8080 },
		{ "[fe80::1%eth0]:554", "fe80::1%eth0", 554 },
		{ "fe80::1", "fe80::1", 80 },
		{ "[::1]", "::1", 80 },
	};
	static const char *const bad[] = { "",     "host:",  "host:70000", "host:-1",
					   "[::1", "[::1]x", "[]:80",      "a-name-longer-than-the-room-given.example" };
	char host[32];
	uint16_t port;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		cr_expect(ds_net_split(good[i].text, 80, host, sizeof host, &port), "\"%s\" refused", good[i].text);
		cr_expect_str_eq(host, good[i].host);
		cr_expect_eq(port, good[i].port, "\"%s\": port %u", good[i].text, port);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_not(ds_net_split(bad[i], 80, host, sizeof host, &port), "\"%s\" taken", bad[i]);
}

/* ---- TCP ---- */

/** A listening socket on 127.0.0.1 with the given backlog; its port in *port. */
static int tcp_listener(int backlog, uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	cr_assert_geq(fd, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(fd, backlog), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

Test(tcp_conn, refused)
{
	uint16_t port;
	int fd = tcp_listener(1, &port);
	ds_tcp_failure why;
	ds_net_conn *conn;

	close(fd); /* nothing listens there any more */
	cr_expect_eq(ds_tcp_connect("127.0.0.1", port, 2000, NULL, &conn, &why), DS_ERR_NOT_FOUND);
	cr_expect_null(conn);
	cr_expect_eq(why.sys_errno, ECONNREFUSED);
	cr_expect_eq(why.gai_error, 0);
}

/** Fills the accept queue of a listener with backlog 0, so that the next
 *  SYN is dropped: a black hole. The clients in fds[2]. */
static void fill_backlog(uint16_t port, int fds[2])
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	for (int i = 0; i < 2; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		cr_assert_geq(fds[i], 0);
		(void)!connect(fds[i], (struct sockaddr *)&a, sizeof a);
	}
	usleep(50000);
}

Test(tcp_conn, black_hole_times_out)
{
	uint16_t port;
	int fd = tcp_listener(0, &port), fds[2];
	ds_net_conn *conn;
	uint64_t t0, ms;
	ds_status st;

	fill_backlog(port, fds);
	t0 = ds_now_ms();
	st = ds_tcp_connect("127.0.0.1", port, 400, NULL, &conn, NULL);
	ms = ds_now_ms() - t0;
	cr_expect_eq(st, DS_ERR_TIMEOUT, "status %s", ds_status_str(st));
	cr_expect_geq(ms, 390, "gave up after %llu ms", (unsigned long long)ms);
	cr_expect_leq(ms, 400 + 150, "gave up after %llu ms", (unsigned long long)ms);
	ds_tcp_close(conn);
	close(fds[0]);
	close(fds[1]);
	close(fd);
}

Test(tcp_conn, connect_is_cancelled_within_100_ms)
{
	clock_cancel c = { 0 };
	ds_wait w = { .cancelled = clock_cancelled, .ctx = &c };
	uint16_t port;
	int fd = tcp_listener(0, &port), fds[2];
	ds_net_conn *conn;
	uint64_t late;

	fill_backlog(port, fds);
	c.at = ds_now_ms() + 200;
	cr_expect_eq(ds_tcp_connect("127.0.0.1", port, 10000, &w, &conn, NULL), DS_ERR_CANCELLED);
	late = ds_now_ms() - c.at;
	cr_expect_leq(late, 100 + 50, "ended %llu ms after the cancel", (unsigned long long)late);
	close(fds[0]);
	close(fds[1]);
	close(fd);
}

Test(tcp_conn, round_trip_timeout_and_peer_close)
{
	uint16_t port;
	int fd = tcp_listener(4, &port), peer;
	ds_net_conn *conn = NULL;
	uint8_t buf[64];
	char text[32];
	size_t len = 0, got = 0;
	ds_status st;

	/* "localhost" may name ::1 first, where nothing listens: the next address is tried. */
	cr_assert_eq(ds_tcp_connect("localhost", port, 2000, NULL, &conn, NULL), DS_OK);
	snprintf(text, sizeof text, "127.0.0.1:%u", port);
	cr_expect_str_eq(conn->peer, text);
	peer = accept(fd, NULL, NULL);
	cr_assert_geq(peer, 0);
	cr_expect_eq(ds_tcp_send(conn, (const uint8_t *)"OPTIONS", 7, 1000, NULL), DS_OK);
	while (got < 7 && (st = (ds_status)read(peer, buf + got, sizeof buf - got)) > 0)
		got += (size_t)st;
	cr_expect_eq(got, 7);
	cr_expect_eq(memcmp(buf, "OPTIONS", 7), 0);
	cr_expect_eq(ds_tcp_recv(conn, buf, sizeof buf, &len, 200, NULL), DS_ERR_TIMEOUT, "nothing was sent yet");
	cr_expect_eq(write(peer, "RTSP/1.0 200 OK", 15), 15);
	cr_expect_eq(ds_tcp_recv(conn, buf, sizeof buf, &len, 2000, NULL), DS_OK);
	cr_expect_eq(len, 15);
	cr_expect_eq(memcmp(buf, "RTSP/1.0 200 OK", 15), 0);
	close(peer);
	cr_expect_eq(ds_tcp_recv(conn, buf, sizeof buf, &len, 2000, NULL), DS_ERR_NOT_FOUND, "the peer closed");
	ds_tcp_close(conn);
	close(fd);
}

Test(tcp_conn, unknown_name)
{
	ds_tcp_failure why;
	ds_net_conn *conn;
	ds_status st = ds_tcp_connect("no-such-host.invalid", 80, 3000, NULL, &conn, &why);

	cr_expect(st == DS_ERR_NOT_FOUND || st == DS_ERR_TIMEOUT, "status %s", ds_status_str(st));
	cr_expect(st != DS_ERR_NOT_FOUND || why.gai_error != 0);
	cr_expect_null(conn);
}
