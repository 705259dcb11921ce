/* doorstep-plugin-runner: the process in which one plugin runs.
 *
 * doorstep starts it with the socket on fd 3 and the plugin's sealed image
 * (checked by doorstep: ELF header, signature) on fd 4, and the parent's
 * pid as its argument. It loads the image with the loader's own rules,
 * reports the descriptor (HELLO), calls init() when asked (INIT), then runs
 * each CALL as a job on one worker thread while it keeps reading the
 * socket, so a CANCEL reaches the plugin's ds_host.cancelled() and sleep()
 * at once. Progress and log lines go to doorstep as they come. It ends when
 * doorstep closes the socket or sends FINI, and dies with doorstep.
 *
 * It drops what it does not need: no new privileges, not dumpable (it
 * holds passwords), no core files, no terminal (stdin, stdout and stderr
 * are /dev/null; its own process group, so the terminal's Ctrl-C is
 * doorstep's alone), and no file descriptor of doorstep's but its two. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/base/secret.h"
#include "app/plugin/host_http.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "app/plugin/runner/runner.h"
#include "app/plugin/runner_hello.h"

int ds_runner_send(const ds_wire *w)
{
	return ds_wire_send(DS_RUNNER_SOCKET_FD, w);
}

/** ds_log sink: every line to doorstep, which tags it with the plugin's id. */
static void send_log(ds_log_level level, const char *text)
{
	unsigned char buf[DS_WIRE_TEXT_MAX + 64];
	ds_wire w;

	ds_wire_begin(&w, buf, sizeof buf, DS_WIRE_LOG);
	ds_wire_put_u32(&w, (uint32_t)level);
	ds_wire_put_str(&w, text, DS_WIRE_TEXT_MAX);
	(void)ds_runner_send(&w);
}

/** Sends HELLO: the descriptor as the plugin declared it, or why it did not load. */
static int send_hello(const ds_loaded_plugin *lp, bool ok, const char *reason, unsigned char *buf)
{
	ds_plugin d;
	ds_wire w;

	ds_wire_begin(&w, buf, DS_WIRE_MAX, DS_WIRE_HELLO);
	if (ok)
		ds_plugin_declared(lp, &d);
	ds_runner_hello_write(&w, ok ? &d : NULL, lp->ops, reason);
	return ds_runner_send(&w);
}

/** Sends a REPLY with a status and message only. */
static void reply_status(ds_status st, const char *message, unsigned char *buf)
{
	ds_runner_call none = { .op = DS_WOP_INIT };
	ds_wire w;

	ds_wire_begin(&w, buf, DS_WIRE_MAX, DS_WIRE_REPLY);
	ds_runner_call_reply(&none, st, message, &w);
	(void)ds_runner_send(&w);
}

/** Loads the image, reports it and waits for INIT; true once init() returned DS_OK. */
static bool load(ds_loaded_plugin *lp, unsigned char *buf)
{
	char reason[512] = "";
	ds_wire_reader in;
	bool ok = ds_plugin_open_image(lp, reason, sizeof reason);

	if (send_hello(lp, ok, reason, buf) != 0 || !ok)
		return false;
	if (ds_wire_recv(DS_RUNNER_SOCKET_FD, buf, &in) != DS_WIRE_INIT)
		return false;
	ds_host_http_set_remote_pins(ds_runner_cert_pin); /* the exchange runs here, the pins are doorstep's */
	ok = ds_plugin_start_here(lp, ds_runner_ble(), reason, sizeof reason);
	reply_status(ok ? DS_OK : DS_ERR_INTERNAL, reason, buf);
	return ok;
}

/** Forwards the worker's events: progress, and the REPLY when a call is done. */
static void forward_events(ds_jobs *jobs, ds_runner_call **running, unsigned char *buf)
{
	ds_event ev;
	ds_wire w;

	while (ds_jobs_next_event(jobs, &ev)) {
		if (ev.type == DS_EVENT_PROGRESS) {
			ds_wire_begin(&w, buf, DS_WIRE_MAX, DS_WIRE_PROGRESS);
			ds_wire_put_u32(&w, ev.permille);
			ds_wire_put_str(&w, ev.message, DS_WIRE_TEXT_MAX);
			(void)ds_runner_send(&w);
		} else if (ev.type == DS_EVENT_DONE && *running) {
			ds_wire_begin(&w, buf, DS_WIRE_MAX, DS_WIRE_REPLY);
			ds_runner_call_reply(*running, ev.status, ev.message, &w);
			(void)ds_runner_send(&w);
			ds_secret_wipe(buf, w.len);
			ds_runner_call_free(*running);
			*running = NULL;
		} else if (ev.type == DS_EVENT_ITEM && ev.item_free) {
			ev.item_free(ev.item);
		}
	}
}

/** Takes one message from doorstep; false when the runner should end. */
static bool take_message(ds_loaded_plugin *lp, ds_jobs *jobs, uint64_t *job_id, ds_runner_call **running,
			 unsigned char *buf)
{
	ds_wire_reader in;
	int type = ds_wire_recv(DS_RUNNER_SOCKET_FD, buf, &in);

	switch (type) {
	case DS_WIRE_CALL:
		if (*running) /* doorstep sends one call at a time */
			return false;
		*running = ds_runner_call_read(lp, &in);
		ds_secret_wipe(buf, in.len);
		if (!*running) {
			reply_status(DS_ERR_INVALID, "", buf);
			return true;
		}
		*job_id = ds_jobs_submit(jobs, ds_runner_call_run, *running);
		if (!*job_id) {
			ds_runner_call_free(*running);
			*running = NULL;
			reply_status(DS_ERR_NO_MEMORY, "", buf);
		}
		return true;
	case DS_WIRE_CANCEL:
		if (*running)
			ds_jobs_cancel(jobs, *job_id);
		return true;
	case DS_WIRE_HOST_REPLY:
		ds_runner_ble_deliver(&in);
		return true;
	case DS_WIRE_FINI:
		if (!*running) {
			ds_runner_devices_close(lp);
			ds_plugin_enter(lp);
			lp->desc.fini();
			ds_plugin_leave(lp);
			reply_status(DS_OK, "", buf);
		}
		return false;
	default: /* the end of the stream, or nonsense */
		return false;
	}
}

/** Serves calls until doorstep is done with the plugin. */
static void serve(ds_loaded_plugin *lp, unsigned char *buf)
{
	ds_jobs *jobs = ds_jobs_new(1);
	ds_runner_call *running = NULL;
	uint64_t job_id = 0;

	if (!jobs)
		return;
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = DS_RUNNER_SOCKET_FD, .events = POLLIN },
			{ .fd = ds_jobs_wake_fd(jobs), .events = POLLIN },
		};

		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents)
			forward_events(jobs, &running, buf);
		if (pfd[0].revents && !take_message(lp, jobs, &job_id, &running, buf))
			break;
	}
	/* A plugin that ignores cancel keeps the worker: leave without joining it. */
	_exit(0);
}

/** Drops what the runner does not need; false when it must not go on. */
static bool confine(const char *parent)
{
	char *end;
	long want = strtol(parent, &end, 10);

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || *end != '\0' || getppid() != (pid_t)want)
		return false; /* doorstep is gone already */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return false;
	if (setpgid(0, 0) != 0)
		return false;
	signal(SIGPIPE, SIG_IGN);
	return close_range(DS_RUNNER_IMAGE_FD + 1, ~0U, 0) == 0;
}

int main(int argc, char **argv)
{
	ds_loaded_plugin *lp;
	unsigned char *buf;

	if (argc != 2 || !confine(argv[1]))
		return 2;
	if (ds_secret_init() != 0) /* not dumpable, no core file */
		return 2;
	ds_i18n_init();
	ds_i18n_text_utf8();
	ds_log_set_sink(send_log);
	lp = calloc(1, sizeof *lp);
	buf = ds_secret_alloc(DS_WIRE_MAX);
	if (!lp || !buf || pthread_mutex_init(&lp->lock, NULL) != 0)
		return 2;
	lp->memfd = DS_RUNNER_IMAGE_FD;
	snprintf(lp->path, sizeof lp->path, "/proc/self/fd/%d", DS_RUNNER_IMAGE_FD);
	if (load(lp, buf))
		serve(lp, buf);
	_exit(0);
}
