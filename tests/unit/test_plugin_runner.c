/* Each plugin in a process of its own (app/plugin/plugin_runner.h), tried
 * with the hostile fixture (tests/fixtures/hostile.c): a plugin that
 * crashes, exits, hangs past cancel, writes text without a NUL, lists
 * without end, or sends escapes and 64 KiB messages never takes the host
 * with it, and the next call gets a new process. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/base/paths.h"
#include "app/core/device_ops.h"
#include "app/core/devices.h"
#include "app/plugin/plugin_loader.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_runner.h"
#include "tests/support/test_support.h"

static char tmpdir[4096];
static ds_plugin_set *set;
static ds_loaded_plugin *lp;
static ds_jobs *jobs;

/** Private XDG tree, English, an open log, the hostile plugin loaded with mode. */
static void load(const char *mode)
{
	if (mode)
		setenv("DOORSTEP_HOSTILE", mode, 1);
	else
		unsetenv("DOORSTEP_HOSTILE");
	lp = ds_test_load_fixture("hostile", &set);
	jobs = ds_jobs_new(1);
	cr_assert_not_null(jobs);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s", ds_test_english_with_log());
}

static void teardown(void)
{
	ds_jobs_free(jobs);
	jobs = NULL;
	ds_plugins_free(set);
	set = NULL;
	ds_log_close();
	ds_test_rmtree(tmpdir);
}

TestSuite(runner, .init = setup, .fini = teardown, .timeout = 60);

/** What the calls below work on. */
struct ctx {
	ds_device *dev;
	ds_device_info info;
	ds_credential_state cred;
	char locator[DS_LOCATOR_MAX];
};

static ds_status open_device(ds_job *job, struct ctx *c)
{
	ds_status st = DS_OK;

	if (!c->dev)
		DS_PLUGIN_CALL(lp, st = lp->desc.open(job, "hostile:1", &c->dev));
	return st;
}

static ds_status set_password_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;
	ds_status st = open_device(job, c);

	if (st == DS_OK)
		DS_PLUGIN_CALL(lp, st = lp->desc.set_password(job, c->dev, NULL, "Correct-Horse-Battery-9"));
	return st;
}

static ds_status device_info_job(ds_job *job, void *arg)
{
	struct ctx *c = arg;
	ds_status st = open_device(job, c);

	if (st == DS_OK)
		DS_PLUGIN_CALL(lp, st = lp->desc.device_info(job, c->dev, &c->info));
	if (st == DS_OK)
		DS_PLUGIN_CALL(lp, st = lp->desc.credential_state(job, c->dev, &c->cred));
	if (st == DS_OK)
		DS_PLUGIN_CALL(lp, st = lp->desc.discover(job, 0, c->locator, sizeof c->locator));
	return st;
}

static void close_device(struct ctx *c)
{
	if (c->dev)
		DS_PLUGIN_CALL(lp, lp->desc.close(c->dev));
	c->dev = NULL;
}

/** Milliseconds of a monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char stopped[] = "The ACME alarm plugin stopped working during \"change password\"; your progress is saved.";

/** A plugin that dies in mode: the call fails with the message, and the
 *  next call on the same device works in a new process. */
static void survives(const char *mode)
{
	struct ctx c = { 0 };
	char message[256];
	pid_t first;

	load(mode);
	first = ds_runner_pid(lp);
	cr_assert_gt(first, 0);
	cr_assert_eq(ds_jobs_run(jobs, set_password_job, &c, NULL, NULL, message, sizeof message), DS_ERR_INTERNAL,
		     "%s", message);
	cr_assert(strstr(message, stopped), "message: %s", message);
	cr_assert_eq(ds_runner_pid(lp), 0, "the ended process is gone");
	cr_assert_eq(kill(first, 0), -1, "process %d still exists", (int)first);

	unsetenv("DOORSTEP_HOSTILE"); /* the new process behaves */
	cr_assert_eq(ds_jobs_run(jobs, device_info_job, &c, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	cr_assert_str_eq(c.info.serial, "HX-0001");
	cr_assert_gt(ds_runner_pid(lp), 0);
	cr_assert_neq(ds_runner_pid(lp), first);
	cr_assert_eq(ds_jobs_run(jobs, set_password_job, &c, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	close_device(&c);
}

Test(runner, crash_in_set_password)
{
	survives("crash");
}

Test(runner, exit_in_set_password)
{
	survives("exit");
}

/** Cancels a job after a delay, from another thread. */
struct canceller {
	uint64_t job;
	int after_ms;
	long long cancelled_at;
};

static void *cancel_later(void *arg)
{
	struct canceller *k = arg;

	usleep((useconds_t)k->after_ms * 1000);
	k->cancelled_at = now_ms();
	ds_jobs_cancel(jobs, k->job);
	return NULL;
}

/** Waits for the DONE event of job; its status and message. */
static ds_status wait_done(uint64_t job, char *message, size_t size, long long *at)
{
	ds_event ev;

	for (;;) {
		cr_assert(ds_jobs_wait_event(jobs, &ev, 20000), "no event within 20 s");
		if (ev.type == DS_EVENT_ITEM && ev.item_free)
			ev.item_free(ev.item);
		if (ev.type == DS_EVENT_DONE && ev.job_id == job) {
			*at = now_ms();
			snprintf(message, size, "%s", ev.message);
			return ev.status;
		}
	}
}

Test(runner, hang_ignoring_cancel_is_ended_after_the_grace)
{
	struct ctx c = { 0 };
	struct canceller k = { .after_ms = 300 };
	char message[256];
	long long done_at;
	pthread_t t;

	load("hang");
	k.job = ds_jobs_submit(jobs, set_password_job, &c);
	cr_assert_gt(k.job, 0);
	cr_assert_eq(pthread_create(&t, NULL, cancel_later, &k), 0);
	cr_assert_eq(wait_done(k.job, message, sizeof message, &done_at), DS_ERR_INTERNAL,
		     "the installer reads that the plugin was ended, not only \"cancelled\"");
	pthread_join(t, NULL);
	cr_assert(strstr(message, stopped), "message: %s", message);
	/* The grace and at most a tick and a half of the runner's clock. */
	cr_assert_geq(done_at - k.cancelled_at, DS_RUNNER_GRACE_MS - 150);
	cr_assert_leq(done_at - k.cancelled_at, DS_RUNNER_GRACE_MS + 1000, "%lld ms", done_at - k.cancelled_at);
	unsetenv("DOORSTEP_HOSTILE");
	cr_assert_eq(ds_jobs_run(jobs, device_info_job, &c, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	close_device(&c);
}

Test(runner, hang_past_the_time_limit_is_ended)
{
	struct ctx c = { 0 };
	char message[256];
	long long start;

	load("hang");
	ds_plugins_set_limit(set, 500);
	start = now_ms();
	cr_assert_eq(ds_jobs_run(jobs, set_password_job, &c, NULL, NULL, message, sizeof message), DS_ERR_TIMEOUT, "%s",
		     message);
	cr_assert(strstr(message, stopped), "message: %s", message);
	cr_assert_leq(now_ms() - start, 500 + DS_RUNNER_GRACE_MS + 1000);
	close_device(&c);
}

Test(runner, quitting_does_not_wait_for_a_hung_plugin)
{
	struct ctx c = { 0 };
	char message[256];
	long long asked, done_at;
	uint64_t job;

	load("hang");
	job = ds_jobs_submit(jobs, set_password_job, &c);
	cr_assert_gt(job, 0);
	usleep(300 * 1000);
	asked = now_ms();
	ds_plugins_interrupt(set);
	cr_assert_eq(wait_done(job, message, sizeof message, &done_at), DS_ERR_CANCELLED);
	cr_assert_leq(done_at - asked, 500, "quitting waited %lld ms", done_at - asked);
	close_device(&c);
}

Test(runner, text_without_nul_is_terminated)
{
	struct ctx c = { 0 };
	char message[256];

	load("no-nul");
	cr_assert_eq(ds_jobs_run(jobs, device_info_job, &c, NULL, NULL, message, sizeof message), DS_OK, "%s", message);
	cr_assert_eq(strlen(c.info.serial), sizeof c.info.serial - 1);
	cr_assert_eq(strlen(c.info.locator), sizeof c.info.locator - 1);
	cr_assert_eq(strlen(c.info.name), sizeof c.info.name - 1);
	cr_assert_eq(strlen(c.info.mac), sizeof c.info.mac - 1);
	cr_assert_eq(strlen(c.info.password.allowed), sizeof c.info.password.allowed - 1);
	cr_assert_eq(strlen(c.cred.user), sizeof c.cred.user - 1);
	cr_assert_eq(strlen(c.locator), sizeof c.locator - 1);
	close_device(&c);
}

/** ds_op_item_fn of the Wi-Fi networks. */
static ds_status wifi_item(ds_job *job, ds_loaded_plugin *p, ds_device *dev, size_t index, void *item)
{
	ds_status st;

	DS_PLUGIN_CALL(p, st = p->desc.wifi_scan(job, dev, index, item));
	return st;
}

struct list_ctx {
	struct ctx c;
	ds_wifi_network *nets;
	size_t n;
};

static ds_status wifi_list_job(ds_job *job, void *arg)
{
	struct list_ctx *l = arg;
	ds_status st = open_device(job, &l->c);

	if (st == DS_OK)
		st = ds_op_read_list(job, lp, l->c.dev, wifi_item, sizeof *l->nets, &l->nets, &l->n);
	return st;
}

/** Keeps the last progress message. */
static void last_progress(const ds_event *ev, void *ctx)
{
	if (ev->type == DS_EVENT_PROGRESS)
		snprintf(ctx, 256, "%s", ev->message);
}

Test(runner, endless_list_stops_at_the_limit)
{
	struct list_ctx l = { 0 };
	char message[256], progress[256] = "";

	load("endless");
	cr_assert_eq(ds_jobs_run(jobs, wifi_list_job, &l, last_progress, progress, message, sizeof message), DS_OK,
		     "%s", message);
	cr_assert_eq(l.n, DS_LIST_MAX);
	cr_assert(strstr(progress, "listed more than 256 items"), "%s", progress);
	free(l.nets);
	close_device(&l.c);
}

/** The log file as a string (caller frees). */
static char *read_log(void)
{
	char dir[4096], path[4200];

	cr_assert_eq(ds_paths_state_dir(dir, sizeof dir), 0);
	snprintf(path, sizeof path, "%s/doorstep.log", dir);
	return ds_paths_read_file(path, NULL);
}

Test(runner, big_messages_and_escapes_stay_in_their_place)
{
	struct ctx c = { 0 };
	char message[256];
	char *log, *line;

	load("big");
	cr_assert_eq(ds_jobs_run(jobs, set_password_job, &c, NULL, NULL, message, sizeof message), DS_ERR_DEVICE, "%s",
		     message);
	cr_assert_eq(strlen(message), sizeof message - 1, "the 64 KiB message is cut to the job's");
	close_device(&c);
	ds_plugins_free(set);
	set = NULL;
	log = read_log();
	cr_assert_not_null(log);
	/* The plugin's lines carry its tag; its newline cannot start a host line. */
	cr_assert(strstr(log, "[plugin:fx-hostile] hostile fixture ready\\x0a[core] a forged host line"), "%s", log);
	for (line = log; line; line = strchr(line + 1, '\n'))
		cr_assert_null(strstr(line, "\n[core] a forged"), "forged line in the log");
	cr_assert_null(strchr(log, '\x1b'), "an escape reached the log");
	free(log);
}

Test(runner, runner_is_confined)
{
	char path[64], line[256], target[PATH_MAX];
	bool no_new_privs = false;
	struct dirent *e;
	FILE *f;
	DIR *d;
	pid_t pid;

	load(NULL);
	pid = ds_runner_pid(lp);
	cr_assert_gt(pid, 0);
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "NoNewPrivs:", 11) == 0)
			no_new_privs = strtol(line + 11, NULL, 10) == 1;
	fclose(f);
	cr_assert(no_new_privs);
	cr_assert_eq(getpgid(pid), pid, "the runner leads a process group of its own");
	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	d = opendir(path);
	cr_assert_not_null(d);
	while ((e = readdir(d))) {
		char link[400];
		ssize_t n;
		int fd;

		if (e->d_name[0] == '.')
			continue;
		fd = (int)strtol(e->d_name, NULL, 10);
		snprintf(link, sizeof link, "%s/%s", path, e->d_name);
		n = readlink(link, target, sizeof target - 1);
		cr_assert_gt(n, 0);
		target[n] = '\0';
		if (fd <= 2)
			cr_assert_str_eq(target, "/dev/null", "fd %d is %s", fd, target);
		else if (fd == 3)
			cr_assert(strstr(target, "socket:"), "fd 3 is %s", target);
		else if (fd == 4)
			cr_assert(strstr(target, "memfd:doorstep-plugin:fx_hostile.so"), "fd 4 is %s", target);
		else
			cr_assert(strstr(target, "anon_inode:") || strstr(target, "pipe:") || strstr(target, "memfd:"),
				  "fd %d of the runner is %s", fd, target);
	}
	closedir(d);
}
