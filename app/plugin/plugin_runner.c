/* doorstep's side of a plugin runner: starting it, the calls, the host
 * services it asks for, and ending it when the plugin stops answering. */
#include "app/plugin/plugin_runner.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/log.h"
#include "app/base/paths.h"
#include "app/base/secret.h"
#include "app/ble/ble_host.h"
#include "app/plugin/host_http.h"
#include "app/plugin/plugin_ops.h"
#include "app/plugin/plugin_proxy.h"
#include "app/plugin/runner_hello.h"

#if !defined(DS_RUNNER_BUILD_PATH) || !defined(DS_RUNNER_FROM_BINDIR) || !defined(DS_RUNNER_INSTALL_PATH)
#error "DS_RUNNER_BUILD_PATH, DS_RUNNER_FROM_BINDIR and DS_RUNNER_INSTALL_PATH come from CMake"
#endif

/** Source tag of the runner's log lines. */
#define LOG_SRC "runner"
/** How often a waiting call looks at cancel and the clock (ms). */
#define TICK_MS 100

extern char **environ;

/** One runner and what doorstep keeps of its plugin. */
struct ds_plugin_runner {
	_Atomic pid_t pid;       /**< 0 while none runs */
	atomic_bool closing;     /**< doorstep is ending: no call starts, a waiting one ends now */
	int sock;                /**< doorstep's end, -1 while none runs */
	unsigned generation;     /**< counts the runners started */
	unsigned limit_ms;       /**< longest one operation may take; 0: none */
	unsigned char *send_buf; /**< requests (secure memory: they carry passwords) */
	unsigned char *recv_buf; /**< what the runner sends */
	unsigned char *host_buf; /**< answers to host services */
	ds_wire request;
	ds_runner_desc desc; /**< the descriptor's strings and lists (lp->desc points into them) */
	ds_ble_link **links; /**< BLE links the plugin holds (index + 1 is its number) */
	size_t n_links;
	char message[512]; /**< the message of the last answer of a call without a job */
};

/** What each operation is called in a message to the installer. */
static const char *const op_names[DS_WOP_COUNT] = {
	[DS_WOP_OPEN] = N_("open the device"),
	[DS_WOP_CLOSE] = N_("close the device"),
	[DS_WOP_DEVICE_INFO] = N_("read the device's details"),
	[DS_WOP_MATCH_QR] = N_("read a QR code"),
	[DS_WOP_MATCH_BLE] = N_("look at a Bluetooth device"),
	[DS_WOP_MATCH_SERIAL] = N_("look at a serial port"),
	[DS_WOP_DISCOVER] = N_("search for devices"),
	[DS_WOP_CREDENTIAL_STATE] = N_("check the password"),
	[DS_WOP_LOGIN] = N_("log in"),
	[DS_WOP_SET_PASSWORD] = N_("change password"),
	[DS_WOP_WIFI_SCAN] = N_("scan for Wi-Fi networks"),
	[DS_WOP_WIFI_CONFIGURE] = N_("join a Wi-Fi network"),
	[DS_WOP_ESIM_PROFILE] = N_("read the eSIM profiles"),
	[DS_WOP_ESIM_SET_PRIMARY] = N_("set the primary operator"),
	[DS_WOP_ESIM_SET_BACKUP] = N_("set the backup operator"),
	[DS_WOP_ESIM_DOWNLOAD] = N_("download an eSIM profile"),
	[DS_WOP_CELLULAR_STATUS] = N_("read the mobile link"),
	[DS_WOP_FAILOVER_TEST] = N_("test the failover"),
	[DS_WOP_DIAGNOSE] = N_("run diagnostics"),
	[DS_WOP_HANDOVER_CODE] = N_("make the hand-over code"),
	[DS_WOP_OPERATOR_SCAN] = N_("scan for mobile networks"),
	[DS_WOP_WIFI_STATUS] = N_("read the Wi-Fi link"),
	[DS_WOP_MATCH_ADDRESS] = N_("look at a network address"),
	[DS_WOP_ACCOUNT] = N_("read the accounts"),
	[DS_WOP_ACCOUNT_SET_PASSWORD] = N_("change an account's password"),
	[DS_WOP_ACCOUNT_DELETE] = N_("delete an account"),
	[DS_WOP_CHECK_FIX] = N_("repair what a check found"),
	[DS_WOP_ESIM_INFO] = N_("read the eSIM's identity"),
	[DS_WOP_ESIM_DISABLE] = N_("disable an eSIM profile"),
	[DS_WOP_ESIM_DELETE] = N_("delete an eSIM profile"),
	[DS_WOP_ESIM_NICKNAME] = N_("name an eSIM profile"),
	[DS_WOP_ESIM_NOTIFICATION] = N_("read the eSIM's notifications"),
	[DS_WOP_ESIM_NOTIFICATIONS_SEND] = N_("send the eSIM's notifications"),
	[DS_WOP_INIT] = N_("start"),
	[DS_WOP_FINI] = N_("stop"),
};

/** Milliseconds of a monotonic clock. */
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/** The runner executable: the build tree's for a binary that runs from
 *  it; else the one installed beside this binary (<bindir>/DS_RUNNER_FROM_BINDIR,
 *  so an unpacked package works wherever it is); else the installed path. */
static const char *runner_path(void)
{
	static char beside[PATH_MAX + 64];
	char exe[PATH_MAX];
	char *slash;

	if (ds_paths_in_build_tree())
		return DS_RUNNER_BUILD_PATH;
	if (realpath("/proc/self/exe", exe) && (slash = strrchr(exe, '/'))) {
		*slash = '\0';
		snprintf(beside, sizeof beside, "%s/%s", exe, DS_RUNNER_FROM_BINDIR);
		if (access(beside, X_OK) == 0)
			return beside;
	}
	return DS_RUNNER_INSTALL_PATH;
}

/** What the log calls the plugin: its id, or its file before it has one. */
static const char *label(const ds_loaded_plugin *lp)
{
	return lp->desc.id ? lp->desc.id : lp->path;
}

/** Disconnects every BLE link the plugin held. */
static void drop_links(struct ds_plugin_runner *r)
{
	const ds_host_ble *ble = ds_ble_host_services();

	for (size_t i = 0; i < r->n_links; i++)
		if (r->links[i] && ble)
			ble->disconnect(r->links[i]);
	free(r->links);
	r->links = NULL;
	r->n_links = 0;
}

/** Waits up to ms for pid to exit by itself; true when it did (status in *status). */
static bool exited_by_itself(pid_t pid, int *status, int ms)
{
	for (int waited = 0; waited <= ms; waited += 10) {
		pid_t got = waitpid(pid, status, WNOHANG);

		if (got == pid)
			return true;
		if (got < 0 && errno != EINTR)
			return false;
		poll(NULL, 0, 10);
	}
	return false;
}

/** Ends the runner (if it still runs) and logs how it ended. A runner that
 *  was told to finish gets a moment to exit by itself. */
static void end_runner(ds_loaded_plugin *lp, const char *why, bool finishing)
{
	struct ds_plugin_runner *r = lp->runner;
	pid_t pid = atomic_exchange(&r->pid, 0);
	int status = 0;

	if (r->sock >= 0) {
		close(r->sock);
		r->sock = -1;
	}
	drop_links(r);
	if (pid <= 0)
		return;
	if (!finishing || !exited_by_itself(pid, &status, 200)) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (finishing && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		ds_log(DS_LOG_INFO, LOG_SRC, "%s (pid %d) finished", label(lp), (int)pid);
	else if (WIFSIGNALED(status))
		ds_log(DS_LOG_WARN, LOG_SRC, "%s (pid %d) ended by signal %d: %s", label(lp), (int)pid,
		       WTERMSIG(status), why);
	else
		ds_log(DS_LOG_WARN, LOG_SRC, "%s (pid %d) exited with %d: %s", label(lp), (int)pid, WEXITSTATUS(status),
		       why);
}

/** Records on job (or in the log) that the plugin stopped working during op. */
static ds_status stopped_working(ds_loaded_plugin *lp, ds_job *job, ds_wire_op op, ds_status st)
{
	const char *what = (op > 0 && op < DS_WOP_COUNT && op_names[op]) ? _(op_names[op]) : "?";

	if (job)
		return ds_job_fail(job, st,
				   _("The %s plugin stopped working during \"%s\"; your progress is saved. "
				     "Try again; if it happens again, tell %s."),
				   lp->desc.name, what, lp->desc.vendor);
	ds_log(DS_LOG_WARN, LOG_SRC, "the %s plugin stopped working during \"%s\"", lp->desc.id, what);
	return st;
}

/** Starts the runner process on lp->memfd. */
static bool spawn_runner(ds_loaded_plugin *lp, char *reason, size_t size)
{
	struct ds_plugin_runner *r = lp->runner;
	posix_spawn_file_actions_t fa;
	char parent[24];
	char *argv[] = { (char *)"doorstep-plugin-runner", parent, NULL };
	int sv[2], err;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		ds_plugin_set_reason(reason, size, _("cannot start its process: %s"), strerror(errno));
		return false;
	}
	snprintf(parent, sizeof parent, "%d", (int)getpid());
	err = posix_spawn_file_actions_init(&fa);
	if (!err)
		err = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDWR, 0);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, 0, 1);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, 0, 2);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, sv[1], DS_RUNNER_SOCKET_FD);
	if (!err)
		err = posix_spawn_file_actions_adddup2(&fa, lp->memfd, DS_RUNNER_IMAGE_FD);
	if (!err)
		err = posix_spawn(&pid, runner_path(), &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (err) {
		close(sv[0]);
		ds_plugin_set_reason(reason, size, _("cannot start its process %s: %s"), runner_path(), strerror(err));
		return false;
	}
	r->sock = sv[0];
	atomic_store(&r->pid, pid);
	r->generation++;
	ds_log(DS_LOG_INFO, LOG_SRC, "started %s for %s (pid %d)", runner_path(), lp->path, (int)pid);
	return true;
}

/** Waits up to ms for the runner's next message. The type, or -1 when the
 *  time ran out, 0 when it ended. */
static int wait_message(struct ds_plugin_runner *r, ds_wire_reader *in, int ms)
{
	struct pollfd pfd = { .fd = r->sock, .events = POLLIN };
	int n;

	do
		n = poll(&pfd, 1, ms);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return -1;
	n = ds_wire_recv(r->sock, r->recv_buf, in);
	return n < 0 ? 0 : n;
}

/** Reads the runner's HELLO: the descriptor as the plugin declared it
 *  (checked there by the loader's rules). The first time, into lp->desc
 *  with a proxy for each operation the plugin provides; on a restart, the
 *  plugin must be the one that was loaded (lp->desc stays as it is: other
 *  threads read it). */
static bool read_hello(ds_loaded_plugin *lp, bool first, char *reason, size_t size)
{
	struct ds_plugin_runner *r = lp->runner;
	ds_runner_desc again;
	ds_wire_reader in;
	int type = wait_message(r, &in, DS_RUNNER_START_MS);
	ds_runner_desc *got = first ? &r->desc : &again;
	const char *refusal = NULL;
	bool ok, same;

	if (type != DS_WIRE_HELLO) {
		ds_plugin_set_reason(reason, size, "%s",
				     type < 0 ? _("its process did not start in time")
					      : _("its process ended while loading it"));
		return false;
	}
	if (first)
		ds_runner_hello_free(&r->desc);
	ok = ds_runner_hello_read(&in, got, &refusal);
	same = ok &&
	       (first || (strcmp(got->desc.id, lp->desc.id) == 0 && strcmp(got->desc.version, lp->desc.version) == 0));
	if (!ok)
		ds_plugin_set_reason(reason, size, "%s", refusal ? refusal : _("its process sent a malformed answer"));
	else if (!same)
		ds_plugin_set_reason(reason, size, "%s", _("the plugin changed while doorstep ran"));
	if (!first)
		ds_runner_hello_free(&again);
	if (!same)
		return false;
	if (first) {
		lp->desc = r->desc.desc;
		ds_plugin_proxy_fill(&lp->desc, r->desc.ops);
		ds_plugin_ops_fill(lp);
	}
	return true;
}

/** Sends INIT: the plugin's init() in its runner. */
bool ds_runner_init(ds_loaded_plugin *lp, char *reason, size_t size)
{
	struct ds_plugin_runner *r = lp->runner;
	ds_wire_reader reply;
	ds_status st;

	ds_wire_begin(&r->request, r->send_buf, DS_WIRE_MAX, DS_WIRE_INIT);
	st = ds_runner_call(lp, NULL, DS_WOP_INIT, &reply);
	if (st != DS_OK) {
		end_runner(lp, "init failed", false);
		if (r->message[0])
			ds_plugin_set_reason(reason, size, "%s", r->message);
		else
			ds_plugin_set_reason(reason, size, _("init failed: %s"), ds_status_str(st));
		return false;
	}
	return true;
}

/** Starts a runner and reads its descriptor (see read_hello). */
static bool start(ds_loaded_plugin *lp, bool first, char *reason, size_t size)
{
	if (!spawn_runner(lp, reason, size))
		return false;
	if (!read_hello(lp, first, reason, size)) {
		end_runner(lp, "no descriptor", false);
		return false;
	}
	return true;
}

bool ds_runner_start(ds_loaded_plugin *lp, char *reason, size_t size)
{
	struct ds_plugin_runner *r = calloc(1, sizeof *r);

	if (r) {
		r->sock = -1;
		r->send_buf = ds_secret_alloc(DS_WIRE_MAX);
		r->recv_buf = ds_secret_alloc(DS_WIRE_MAX);
		r->host_buf = malloc(DS_WIRE_MAX);
	}
	if (!r || !r->send_buf || !r->recv_buf || !r->host_buf) {
		if (r) {
			ds_secret_free(r->send_buf);
			ds_secret_free(r->recv_buf);
			free(r->host_buf);
		}
		free(r);
		ds_plugin_set_reason(reason, size, _("out of memory"));
		return false;
	}
	lp->runner = r;
	if (start(lp, true, reason, size))
		return true;
	ds_runner_stop(lp);
	return false;
}

void ds_runner_stop(ds_loaded_plugin *lp)
{
	struct ds_plugin_runner *r = lp ? lp->runner : NULL;
	ds_wire_reader reply;

	if (!r)
		return;
	if (atomic_load(&r->pid) > 0) {
		ds_wire_begin(&r->request, r->send_buf, DS_WIRE_MAX, DS_WIRE_FINI);
		if (ds_runner_call(lp, NULL, DS_WOP_FINI, &reply) != DS_OK)
			ds_log(DS_LOG_WARN, LOG_SRC, "%s: fini did not finish", label(lp));
	}
	atomic_store(&r->closing, true);
	end_runner(lp, "stopped", true);
	ds_runner_hello_free(&r->desc);
	ds_secret_free(r->send_buf);
	ds_secret_free(r->recv_buf);
	free(r->host_buf);
	free(r);
	lp->runner = NULL;
}

void ds_runner_interrupt(ds_loaded_plugin *lp)
{
	/* The call waiting on the runner sees it within a tick and ends it. */
	if (lp && lp->runner)
		atomic_store(&lp->runner->closing, true);
}

void ds_runner_set_limit(ds_loaded_plugin *lp, unsigned limit_ms)
{
	if (lp && lp->runner)
		lp->runner->limit_ms = limit_ms;
}

pid_t ds_runner_pid(const ds_loaded_plugin *lp)
{
	return lp && lp->runner ? atomic_load(&lp->runner->pid) : 0;
}

unsigned ds_runner_generation(const ds_loaded_plugin *lp)
{
	return ds_runner_pid(lp) > 0 ? lp->runner->generation : 0;
}

ds_status ds_runner_ready(ds_loaded_plugin *lp, ds_job *job, unsigned *generation)
{
	struct ds_plugin_runner *r = lp->runner;
	char reason[512];

	if (!r || atomic_load(&r->closing))
		return job ? ds_job_fail(job, DS_ERR_CANCELLED, "%s", _("doorstep is ending.")) : DS_ERR_CANCELLED;
	if (atomic_load(&r->pid) <= 0) {
		ds_log(DS_LOG_INFO, LOG_SRC, "starting the %s plugin again", lp->desc.id);
		if (!start(lp, false, reason, sizeof reason) || !ds_runner_init(lp, reason, sizeof reason)) {
			ds_log(DS_LOG_WARN, LOG_SRC, "%s cannot start again: %s", lp->desc.id, reason);
			if (job)
				return ds_job_fail(job, DS_ERR_INTERNAL,
						   _("The %s plugin cannot start again: %s. Quit doorstep and start it "
						     "again; if that does not help, tell %s."),
						   lp->desc.name, reason, lp->desc.vendor);
			return DS_ERR_INTERNAL;
		}
	}
	*generation = r->generation;
	return DS_OK;
}

ds_wire *ds_runner_begin(ds_loaded_plugin *lp, ds_wire_op op)
{
	ds_wire *w = &lp->runner->request;

	ds_wire_begin(w, lp->runner->send_buf, DS_WIRE_MAX, DS_WIRE_CALL);
	ds_wire_put_u32(w, (uint32_t)op);
	return w;
}

/** Keeps a BLE link for the plugin; its number (index + 1), or 0. */
static uint64_t add_link(struct ds_plugin_runner *r, ds_ble_link *link)
{
	ds_ble_link **grown;

	for (size_t i = 0; i < r->n_links; i++)
		if (!r->links[i]) {
			r->links[i] = link;
			return i + 1;
		}
	grown = realloc(r->links, (r->n_links + 1) * sizeof *grown);
	if (!grown)
		return 0;
	r->links = grown;
	r->links[r->n_links++] = link;
	return r->n_links;
}

/** The BLE link with this number, or NULL. */
static ds_ble_link *find_link(struct ds_plugin_runner *r, uint64_t id)
{
	return id >= 1 && id <= r->n_links ? r->links[id - 1] : NULL;
}

/** Answers the HTTP service's pin question (DS_WHOST_CERT_PIN) for job:
 *  the runner's plugin asks which certificate was accepted for host:port. */
static bool serve_cert_pin(struct ds_plugin_runner *r, ds_job *job, const char *hostport, const void *fp, size_t fp_len,
			   ds_wire *out)
{
	const char *fingerprint = fp;
	char accepted[64] = "";
	ds_status st = DS_ERR_INVALID;

	if (job && hostport && fingerprint && fp_len > 0 && fp_len <= DS_HTTP_FINGERPRINT_SIZE &&
	    fingerprint[fp_len - 1] == '\0') {
		ds_http_pin_verdict v = ds_cert_pin_check(job, hostport, fingerprint, accepted, sizeof accepted);

		st = v == DS_HTTP_PIN_IS_ACCEPTED ? DS_OK
		     : v == DS_HTTP_PIN_IS_OTHER  ? DS_ERR_UNTRUSTED
						  : DS_ERR_NOT_FOUND;
	}
	ds_wire_put_u32(out, (uint32_t)st);
	ds_wire_put_str(out, accepted, sizeof accepted);
	return ds_wire_send(r->sock, out) == 0;
}

/** Serves one HOST message (a BLE service for the running call) and answers
 *  it. false when the message is malformed or the answer cannot be sent. */
static bool serve_host(ds_loaded_plugin *lp, ds_job *job, ds_wire_reader *in)
{
	struct ds_plugin_runner *r = lp->runner;
	const ds_host_ble *ble = ds_ble_host_services();
	uint32_t op = ds_wire_u32(in);
	uint64_t id = ds_wire_u64(in);
	const char *text = ds_wire_str(in);
	uint32_t timeout = ds_wire_u32(in);
	uint64_t index_or_size = ds_wire_u64(in);
	uint32_t with_response = ds_wire_u32(in);
	size_t data_len = 0;
	const void *data = ds_wire_bytes(in, &data_len);
	ds_ble_link *link = find_link(r, id);
	ds_status st = DS_ERR_UNSUPPORTED;
	ds_wire out;

	if (in->bad)
		return false;
	ds_wire_begin(&out, r->host_buf, DS_WIRE_MAX, DS_WIRE_HOST_REPLY);
	if (op == DS_WHOST_CERT_PIN)
		return serve_cert_pin(r, job, text, data, data_len, &out);
	if (op == DS_WHOST_BLE_DISCONNECT) {
		if (link && ble)
			ble->disconnect(link);
		if (link)
			r->links[id - 1] = NULL;
		return true; /* no answer: disconnect does not wait */
	}
	if (!job) {
		st = DS_ERR_INVALID; /* only an operation in progress may use a service */
	} else if (!ble) {
		st = ds_job_fail(job, DS_ERR_UNSUPPORTED, "%s", _("This doorstep has no Bluetooth support."));
	} else if (op == DS_WHOST_BLE_CONNECT) {
		ds_ble_link *nl = NULL;
		uint64_t nid = 0;

		st = text ? ble->connect(job, text, timeout, &nl) : DS_ERR_INVALID;
		if (st == DS_OK) {
			nid = add_link(r, nl);
			if (!nid) {
				ble->disconnect(nl);
				st = DS_ERR_NO_MEMORY;
			}
		}
		ds_wire_put_u32(&out, (uint32_t)st);
		ds_wire_put_u64(&out, nid);
		return ds_wire_send(r->sock, &out) == 0;
	} else if (!link) {
		st = DS_ERR_INVALID;
	} else if (op == DS_WHOST_BLE_GATT_CHAR) {
		ds_gatt_char c = { 0 };

		st = ble->gatt_char(job, link, (size_t)index_or_size, &c);
		ds_wire_put_u32(&out, (uint32_t)st);
		ds_wire_put_bytes(&out, &c, sizeof c);
		return ds_wire_send(r->sock, &out) == 0;
	} else if (op == DS_WHOST_BLE_READ || op == DS_WHOST_BLE_WAIT_NOTIFICATION) {
		uint8_t buf[4096];
		size_t want = index_or_size < sizeof buf ? (size_t)index_or_size : sizeof buf;
		size_t len = 0;

		if (!text)
			st = DS_ERR_INVALID;
		else if (op == DS_WHOST_BLE_READ)
			st = ble->read(job, link, text, buf, want, &len, timeout);
		else
			st = ble->wait_notification(job, link, text, buf, want, &len, timeout);
		ds_wire_put_u32(&out, (uint32_t)st);
		ds_wire_put_bytes(&out, buf, st == DS_OK && len <= want ? len : 0);
		return ds_wire_send(r->sock, &out) == 0;
	} else if (op == DS_WHOST_BLE_WRITE) {
		st = text && data ? ble->write(job, link, text, data, data_len, with_response != 0, timeout)
				  : DS_ERR_INVALID;
	} else if (op == DS_WHOST_BLE_SUBSCRIBE) {
		st = text ? ble->subscribe(job, link, text, timeout) : DS_ERR_INVALID;
	}
	ds_wire_put_u32(&out, (uint32_t)st);
	return ds_wire_send(r->sock, &out) == 0;
}

/** The time limit of one call of op (ms; 0: none). */
static unsigned limit_of(const struct ds_plugin_runner *r, ds_wire_op op)
{
	switch (op) {
	case DS_WOP_INIT:
		return DS_RUNNER_INIT_MS;
	case DS_WOP_FINI:
		return DS_RUNNER_FINI_MS;
	case DS_WOP_CLOSE:
		return DS_RUNNER_GRACE_MS;
	case DS_WOP_MATCH_QR:
	case DS_WOP_MATCH_BLE:
		return DS_RUNNER_MATCH_MS;
	case DS_WOP_MATCH_ADDRESS:
		return r->limit_ms && r->limit_ms < DS_RUNNER_ADDRESS_MS ? r->limit_ms : DS_RUNNER_ADDRESS_MS;
	default:
		return r->limit_ms;
	}
}

/** Handles one message that is not the answer; false when it ends the call. */
static bool handle_message(ds_loaded_plugin *lp, ds_job *job, int type, ds_wire_reader *in)
{
	char tag[DS_ID_MAX + 8];

	if (type == DS_WIRE_PROGRESS) {
		uint32_t permille = ds_wire_u32(in);
		const char *text = ds_wire_text(in);

		if (!in->bad && job)
			ds_job_progress(job, permille > 1000 ? 1000 : permille, "%s", text);
		return !in->bad;
	}
	if (type == DS_WIRE_LOG) {
		uint32_t level = ds_wire_u32(in);
		const char *text = ds_wire_text(in);

		snprintf(tag, sizeof tag, "plugin:%s", lp->desc.id);
		if (!in->bad)
			ds_log(level <= DS_LOG_ERROR ? (ds_log_level)level : DS_LOG_ERROR, tag, "%s", text);
		return !in->bad;
	}
	if (type == DS_WIRE_HOST)
		return serve_host(lp, job, in);
	return false;
}

ds_status ds_runner_call(ds_loaded_plugin *lp, ds_job *job, ds_wire_op op, ds_wire_reader *reply)
{
	struct ds_plugin_runner *r = lp->runner;
	unsigned limit = limit_of(r, op);
	int64_t start = now_ms(), kill_at = 0;
	ds_status st;

	if (r->sock < 0)
		return stopped_working(lp, job, op, DS_ERR_INTERNAL);
	if (ds_wire_send(r->sock, &r->request) != 0) {
		st = errno == EMSGSIZE ? DS_ERR_INVALID : DS_ERR_INTERNAL;
		if (st == DS_ERR_INVALID)
			return job ? ds_job_fail(job, st, "%s", _("The request is too large for the plugin.")) : st;
		end_runner(lp, "the request could not be sent", false);
		return stopped_working(lp, job, op, st);
	}
	for (;;) {
		int type = wait_message(r, reply, TICK_MS);
		int64_t now = now_ms();

		if (type == DS_WIRE_REPLY) {
			const char *message;

			st = (ds_status)ds_wire_u32(reply);
			message = ds_wire_text(reply);
			if (reply->bad) {
				end_runner(lp, "malformed answer", false);
				return stopped_working(lp, job, op, DS_ERR_INTERNAL);
			}
			if (st != DS_OK && message[0] && job)
				ds_job_fail(job, st, "%s", message);
			snprintf(r->message, sizeof r->message, "%s", job ? "" : message);
			return st;
		}
		if (type == 0 || (type > 0 && !handle_message(lp, job, type, reply))) {
			end_runner(lp, type == 0 ? "it ended" : "malformed message", false);
			return stopped_working(lp, job, op,
					       atomic_load(&r->closing) ? DS_ERR_CANCELLED : DS_ERR_INTERNAL);
		}
		if (!kill_at && ((job && ds_job_cancelled(job)) || (limit && now - start >= limit))) {
			ds_wire cancel;
			unsigned char buf[8];

			ds_wire_begin(&cancel, buf, sizeof buf, DS_WIRE_CANCEL);
			if (ds_wire_send(r->sock, &cancel) != 0)
				ds_log(DS_LOG_WARN, LOG_SRC, "%s: cannot send cancel: %s", lp->desc.id, strerror(errno));
			kill_at = now + DS_RUNNER_GRACE_MS;
			ds_log(DS_LOG_INFO, LOG_SRC, "%s: %s, waiting %u ms", lp->desc.id,
			       limit && now - start >= limit ? "time limit reached" : "cancelled", DS_RUNNER_GRACE_MS);
		}
		if (atomic_load(&r->closing) && op != DS_WOP_FINI && op != DS_WOP_CLOSE) {
			end_runner(lp, "doorstep is ending", false);
			return job ? ds_job_fail(job, DS_ERR_CANCELLED, "%s", _("doorstep is ending."))
				   : DS_ERR_CANCELLED;
		}
		if (kill_at && now >= kill_at) {
			end_runner(lp, "no answer after cancel", false);
			if (job)
				ds_job_keep_status(job); /* the installer reads why, not just "cancelled" */
			return stopped_working(lp, job, op,
					       limit && now - start >= limit ? DS_ERR_TIMEOUT : DS_ERR_INTERNAL);
		}
	}
}
