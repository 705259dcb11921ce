/* The ABI 1.2 transport services as a plugin gets them: the transport
 * fixture (tests/fixtures/transport.c) runs in its runner process and uses
 * ds_host.serial on a pseudo-terminal and ds_host.net on 127.0.0.1. The
 * port is opened in the runner (not in doorstep), a busy or unplugged port
 * and a refused connection reach doorstep as messages a person can act
 * on, a long read is cancelled through the runner, and the runner holds no
 * fd of a device once it is closed. */
#include <criterion/criterion.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/base/wait.h"
#include "app/core/devices.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/plugin_runner.h"
#include "app/serial/serial_port.h"
#include "tests/support/test_support.h"

static char tmpdir[4096];
static ds_plugin_set *set;
static ds_loaded_plugin *lp;
static ds_jobs *jobs;

static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s", ds_test_english_with_log());
	unsetenv("DOORSTEP_FX_WAIT");
	unsetenv("DOORSTEP_FX_PROBE");
}

/** Loads the fixture: its runner starts now, with the environment as it is. */
static void load(void)
{
	lp = ds_test_load_fixture("transport", &set);
	jobs = ds_jobs_new(1);
	cr_assert_not_null(jobs);
}

static void teardown(void)
{
	if (jobs)
		ds_jobs_free(jobs);
	if (set)
		ds_plugins_free(set);
	ds_log_close();
	ds_test_rmtree(tmpdir);
}

TestSuite(host_services, .init = setup, .fini = teardown, .timeout = 60);

/** One device and what a call on it gave. */
struct ctx {
	char locator[DS_LOCATOR_MAX];
	ds_device *dev;
	char answer[DS_TEXT_MAX];
};

static ds_status open_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.open(job, c->locator, &c->dev));
	return st;
}

static ds_status ping_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.handover_code(job, c->dev, c->answer, sizeof c->answer));
	return st;
}

static ds_status discover_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;
	ds_status st;

	DS_PLUGIN_CALL(lp, st = lp->desc.discover(job, 0, c->answer, sizeof c->answer));
	return st;
}

static void close_device(struct ctx *c)
{
	if (c->dev)
		DS_PLUGIN_CALL(lp, lp->desc.close(c->dev));
	c->dev = NULL;
}

static ds_status run(ds_job_fn fn, struct ctx *c, char *message, size_t size)
{
	return ds_jobs_run(jobs, fn, c, NULL, NULL, message, size);
}

/** True when the runner has an fd open on target. */
static bool runner_holds(const char *target)
{
	char path[64], link[400], to[PATH_MAX];
	struct dirent *e;
	bool found = false;
	DIR *d;

	snprintf(path, sizeof path, "/proc/%d/fd", (int)ds_runner_pid(lp));
	d = opendir(path);
	cr_assert_not_null(d, "no runner");
	while ((e = readdir(d))) {
		ssize_t n;

		snprintf(link, sizeof link, "%s/%s", path, e->d_name);
		n = readlink(link, to, sizeof to - 1);
		if (n > 0) {
			to[n] = '\0';
			found = found || strcmp(to, target) == 0;
		}
	}
	closedir(d);
	return found;
}

/** A pseudo-terminal: the master plays the device. */
static int pty_open(char *path, size_t size)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	cr_assert_geq(master, 0);
	cr_assert_eq(grantpt(master), 0);
	cr_assert_eq(unlockpt(master), 0);
	snprintf(path, size, "%s", ptsname(master));
	return master;
}

Test(host_services, serial_port_in_the_runner)
{
	struct ctx c = { 0 }, again = { 0 };
	char message[512], pts[128], got[8] = "";
	int master = pty_open(pts, sizeof pts);
	struct pollfd pfd = { .fd = master, .events = POLLIN };

	load();
	snprintf(c.locator, sizeof c.locator, "serial:%s", pts);
	cr_assert_eq(run(open_job, &c, message, sizeof message), DS_OK, "%s", message);
	cr_expect(runner_holds(pts), "the port is not open in the runner");
	/* Exclusive: a second open of the same port is refused, with advice. */
	snprintf(again.locator, sizeof again.locator, "serial:%s", pts);
	cr_expect_eq(run(open_job, &again, message, sizeof message), DS_ERR_BUSY);
	cr_expect(strstr(message, "Another program is using") && strstr(message, pts), "message: %s", message);
	/* The device answers what it was sent. */
	cr_expect_eq(write(master, "PONG\r\n", 6), 6);
	cr_expect_eq(run(ping_job, &c, message, sizeof message), DS_OK, "%s", message);
	cr_expect_str_eq(c.answer, "PONG\r\n");
	cr_assert_eq(poll(&pfd, 1, 2000), 1);
	cr_expect_eq(read(master, got, 5), 5);
	cr_expect_str_eq(got, "PING\r");
	close_device(&c);
	cr_expect_not(runner_holds(pts), "the runner kept the port after close()");
	close(master);
}

Test(host_services, unplugged_port_is_explained)
{
	struct ctx c = { 0 };
	char message[512], pts[128];
	int master = pty_open(pts, sizeof pts);

	load();
	snprintf(c.locator, sizeof c.locator, "serial:%s", pts);
	cr_assert_eq(run(open_job, &c, message, sizeof message), DS_OK, "%s", message);
	close(master);
	cr_expect_eq(run(ping_job, &c, message, sizeof message), DS_ERR_IO);
	cr_expect(strstr(message, "was lost") && strstr(message, pts), "message: %s", message);
	close_device(&c);
}

Test(host_services, missing_port_is_explained)
{
	struct ctx c = { .locator = "serial:/dev/ttyNOSUCH7" };
	char message[512];

	load();
	cr_expect_eq(run(open_job, &c, message, sizeof message), DS_ERR_NOT_FOUND);
	cr_expect(strstr(message, "There is no serial port /dev/ttyNOSUCH7"), "message: %s", message);
}

Test(host_services, long_read_is_cancelled_through_the_runner)
{
	struct ctx c = { 0 };
	char message[512], pts[128];
	int master = pty_open(pts, sizeof pts);
	uint64_t id, t0 = 0;
	bool done = false;
	ds_event ev;

	setenv("DOORSTEP_FX_WAIT", "1", 1); /* the read waits a minute */
	load();
	snprintf(c.locator, sizeof c.locator, "serial:%s", pts);
	cr_assert_eq(run(open_job, &c, message, sizeof message), DS_OK, "%s", message);
	id = ds_jobs_submit(jobs, ping_job, &c);
	cr_assert_gt(id, 0);
	usleep(300000);
	t0 = ds_now_ms();
	ds_jobs_cancel(jobs, id);
	while (!done && ds_jobs_wait_event(jobs, &ev, 5000))
		if (ev.job_id == id && ev.type == DS_EVENT_DONE) {
			done = true;
			cr_expect_eq(ev.status, DS_ERR_CANCELLED);
		}
	cr_assert(done, "the cancelled read did not end");
	cr_expect_lt(ds_now_ms() - t0, 1000, "cancelling took %llu ms", (unsigned long long)(ds_now_ms() - t0));
	close_device(&c);
	close(master);
}

/** A TCP listener on 127.0.0.1; its port in *port. */
static int listener(uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	cr_assert_geq(fd, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(fd, 4), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

Test(host_services, tcp_in_the_runner)
{
	struct ctx c = { 0 };
	char message[512], got[8] = "";
	uint16_t port;
	int fd = listener(&port), peer;

	load();
	snprintf(c.locator, sizeof c.locator, "tcp:127.0.0.1:%u", port);
	cr_assert_eq(run(open_job, &c, message, sizeof message), DS_OK, "%s", message);
	peer = accept(fd, NULL, NULL);
	cr_assert_geq(peer, 0);
	cr_expect_eq(write(peer, "PONG\n", 5), 5);
	cr_expect_eq(run(ping_job, &c, message, sizeof message), DS_OK, "%s", message);
	cr_expect_str_eq(c.answer, "PONG\n");
	cr_expect_eq(read(peer, got, 5), 5);
	cr_expect_str_eq(got, "PING\n");
	close(peer);
	cr_expect_eq(run(ping_job, &c, message, sizeof message), DS_ERR_NOT_FOUND, "the peer closed");
	cr_expect(strstr(message, "closed the connection"), "message: %s", message);
	close_device(&c);
	close(fd);
	/* Nothing listens there now. */
	cr_expect_eq(run(open_job, &c, message, sizeof message), DS_ERR_NOT_FOUND);
	cr_expect(strstr(message, "refused") && strstr(message, "127.0.0.1"), "message: %s", message);
}

Test(host_services, probe_in_the_runner)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_storage from;
	socklen_t len = sizeof a, flen = sizeof from;
	struct ctx c = { 0 };
	char message[512], target[64], expect[96], buf[64];
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uint64_t id;
	bool done = false, countdown = false;
	ds_status st = DS_ERR_INTERNAL;
	ds_event ev;

	cr_assert_geq(fd, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	snprintf(target, sizeof target, "127.0.0.1:%u", ntohs(a.sin_port));
	setenv("DOORSTEP_FX_PROBE", target, 1);
	load();
	id = ds_jobs_submit(jobs, discover_job, &c);
	cr_assert_gt(id, 0);
	{
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		cr_assert_eq(poll(&pfd, 1, 5000), 1, "the probe never came");
	}
	cr_assert_eq(recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen), 5);
	cr_expect_eq(memcmp(buf, "probe", 5), 0);
	cr_expect_eq(sendto(fd, "here", 4, 0, (struct sockaddr *)&from, flen), 4);
	while (!done && ds_jobs_wait_event(jobs, &ev, 5000)) {
		if (ev.job_id == id && ev.type == DS_EVENT_PROGRESS && strstr(ev.message, "Looking for devices"))
			countdown = true;
		if (ev.job_id == id && ev.type == DS_EVENT_DONE) {
			done = true;
			st = ev.status;
			snprintf(message, sizeof message, "%s", ev.message);
		}
	}
	cr_assert(done);
	cr_expect(countdown, "the probe showed no progress");
	cr_expect_eq(st, DS_OK, "%s", message);
	snprintf(expect, sizeof expect, "%s here", target);
	cr_expect_str_eq(c.answer, expect);
	close(fd);
}

Test(host_services, port_is_free_once_the_runner_ends)
{
	struct ctx c = { 0 };
	char message[512], pts[128];
	int master = pty_open(pts, sizeof pts);
	ds_serial_port *port;
	pid_t pid;

	load();
	snprintf(c.locator, sizeof c.locator, "serial:%s", pts);
	cr_assert_eq(run(open_job, &c, message, sizeof message), DS_OK, "%s", message);
	pid = ds_runner_pid(lp);
	cr_assert_eq(ds_serial_open(pts, 0, &port, NULL), DS_ERR_BUSY, "the runner does not hold the port");
	/* doorstep is done with the plugin while the device is still open. */
	ds_jobs_free(jobs);
	jobs = NULL;
	ds_plugins_free(set);
	set = NULL;
	cr_expect_eq(kill(pid, 0), -1, "the runner %d still exists", (int)pid);
	cr_expect_eq(ds_serial_open(pts, 0, &port, NULL), DS_OK, "the ended runner left the port locked");
	ds_serial_close(port);
	free(c.dev); /* doorstep's own handle of the device (the proxy's allocation): its
			plugin set, which app/core would have closed it through, is gone */
	close(master);
}
