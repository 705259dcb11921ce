/* The checker's child process: loads the plugin, runs the checks in order,
 * calls into the plugin as jobs under a watchdog, and reports each check to
 * the parent (protocol in app/plugin/check/plugin_check_child.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/paths.h"
#include "app/plugin/check/plugin_check_child.h"
#include "app/plugin/plugin_host.h"
#include "app/plugin/plugin_ops.h"
#include "app/plugin/plugin_trust.h"

/** One call in a job. */
struct pc_job_arg {
	pc_call_fn fn;
	void *arg;
	ds_loaded_plugin *lp;
	const ds_plugin *desc; /**< the declared descriptor the call goes through */
	ds_status status;
	char message[256];
};

/** Milliseconds on the monotonic clock. */
static unsigned long long pc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000ull + (unsigned long long)ts.tv_nsec / 1000000ull;
}

/** Writes all of buf to fd. */
static void pc_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/** Appends one field to line, control characters turned into spaces. */
static size_t pc_put_field(char *line, size_t used, size_t size, const char *field)
{
	for (const char *p = field; *p && used + 1 < size; p++)
		line[used++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? ' ' : *p;
	return used;
}

void pc_emit(pc_ctx *ctx, char tag, const char *a, const char *b, const char *c, const char *d)
{
	const char *fields[] = { a, b, c, d };
	char line[2048];
	size_t used = 0;

	line[used++] = tag;
	for (size_t i = 0; i < 4 && fields[i]; i++) {
		line[used++] = i == 0 ? ' ' : '\t';
		used = pc_put_field(line, used, sizeof line - 1, fields[i]);
	}
	line[used++] = '\n';
	pc_write_all(ctx->fd, line, used);
}

pc_check *pc_check_get(pc_ctx *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->n_checks; i++)
		if (strcmp(ctx->checks[i].id, id) == 0)
			return &ctx->checks[i];
	if (ctx->n_checks == PC_MAX_CHECKS)
		return &ctx->checks[PC_MAX_CHECKS - 1];
	pc_check *c = &ctx->checks[ctx->n_checks++];

	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", id);
	return c;
}

void pc_fail(pc_ctx *ctx, const char *id, const char *fmt, ...)
{
	pc_check *c = pc_check_get(ctx, id);
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof c->detail, fmt, ap);
	va_end(ap);
}

void pc_skip(pc_ctx *ctx, const char *id, const char *reason)
{
	pc_check *c = pc_check_get(ctx, id);

	if (c->failed || c->calls > 0)
		return;
	c->skipped = true;
	snprintf(c->detail, sizeof c->detail, "%s", reason);
}

void pc_flush(pc_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_checks; i++) {
		const pc_check *c = &ctx->checks[i];
		char calls[16], detail[512];
		const char *verdict = "pass";

		snprintf(calls, sizeof calls, "%u", c->calls);
		if (c->failed) {
			verdict = "fail";
		} else if (c->skipped || (c->calls == 0 && !c->detail[0])) {
			verdict = "skip";
		}
		if (c->detail[0])
			snprintf(detail, sizeof detail, "%s", c->detail);
		else if (c->calls > 0)
			snprintf(detail, sizeof detail,
				 P_("%u call behaved as the plugin ABI requires",
				    "%u calls behaved as the plugin ABI requires", c->calls), c->calls);
		else
			snprintf(detail, sizeof detail, "%s", _("not called"));
		pc_emit(ctx, 'R', c->id, verdict, calls, detail);
	}
}

/** The job that makes one call into the plugin, holding its lock. */
static ds_status pc_job(ds_job *job, void *arg)
{
	struct pc_job_arg *j = arg;

	ds_plugin_enter(j->lp);
	j->status = j->fn(job, j->desc, j->arg);
	ds_plugin_leave(j->lp);
	snprintf(j->message, sizeof j->message, "%s", ds_job_message(job));
	return j->status;
}

/** Waits up to ms for the DONE event of job id. True when it came. */
static bool pc_wait_done(pc_ctx *ctx, uint64_t id, unsigned ms)
{
	unsigned long long until = pc_now_ms() + ms;

	for (;;) {
		unsigned long long now = pc_now_ms();
		ds_event ev;

		if (now >= until)
			return false;
		if (!ds_jobs_wait_event(ctx->jobs, &ev, (int)(until - now)))
			continue;
		if (ev.type == DS_EVENT_ITEM && ev.item_free)
			ev.item_free(ev.item);
		if (ev.type == DS_EVENT_DONE && ev.job_id == id)
			return true;
	}
}

/** A call that never returned: the worker thread is stuck inside the
 *  plugin, so the child reports the hang and ends. */
__attribute__((noreturn))
static void pc_hang(pc_ctx *ctx, const char *id, const char *what, unsigned ms)
{
	char seconds[16];

	pc_fail(ctx, id, _("did not return within %u s (%s); every blocking wait needs a timeout "
			   "and must check host->cancelled()"), ms / 1000, what);
	pc_flush(ctx);
	snprintf(seconds, sizeof seconds, "%u", ms / 1000);
	pc_emit(ctx, 'H', id, what, seconds, NULL);
	_exit(0);
}

unsigned pc_call(pc_ctx *ctx, const char *id, const char *what, pc_call_fn fn, void *arg,
		 ds_status *status, char *message, size_t message_size)
{
	struct pc_job_arg j = { fn, arg, ctx->lp, &ctx->declared, DS_ERR_CANCELLED, "" };
	unsigned long long start;
	uint64_t job;

	pc_check_get(ctx, id)->calls++;
	pc_emit(ctx, 'B', id, what, NULL, NULL);
	start = pc_now_ms();
	job = ds_jobs_submit(ctx->jobs, pc_job, &j);
	if (!job || !pc_wait_done(ctx, job, ctx->timeout_ms))
		pc_hang(ctx, id, what, ctx->timeout_ms);
	*status = j.status;
	if (message && message_size)
		snprintf(message, message_size, "%s", j.message);
	return (unsigned)(pc_now_ms() - start);
}

unsigned pc_call_cancel(pc_ctx *ctx, const char *id, const char *what, pc_call_fn fn, void *arg,
			unsigned cancel_ms, bool *ended_before_cancel, ds_status *status)
{
	struct pc_job_arg j = { fn, arg, ctx->lp, &ctx->declared, DS_ERR_CANCELLED, "" };
	unsigned long long cancelled_at;
	uint64_t job;

	pc_check_get(ctx, id)->calls++;
	pc_emit(ctx, 'B', id, what, NULL, NULL);
	job = ds_jobs_submit(ctx->jobs, pc_job, &j);
	if (!job)
		pc_hang(ctx, id, what, 0);
	*ended_before_cancel = pc_wait_done(ctx, job, cancel_ms);
	if (*ended_before_cancel) {
		*status = j.status;
		return 0;
	}
	ds_jobs_cancel(ctx->jobs, job);
	cancelled_at = pc_now_ms();
	if (!pc_wait_done(ctx, job, ctx->timeout_ms))
		pc_hang(ctx, id, what, ctx->timeout_ms);
	*status = j.status;
	return (unsigned)(pc_now_ms() - cancelled_at);
}

/** True when st is a value of ds_status this host knows. */
static bool pc_known_status(ds_status st)
{
	return (unsigned)st <= (unsigned)DS_ERR_INTERNAL;
}

bool pc_expect_ok(pc_ctx *ctx, const char *id, const char *what, ds_status st, const char *msg)
{
	if (st == DS_OK)
		return true;
	if (!pc_known_status(st))
		pc_fail(ctx, id, _("%s returned an unknown status (%d)"), what, (int)st);
	else if (!msg[0])
		pc_fail(ctx, id, _("%s failed with \"%s\" but without a message: report every failure "
				   "with host->fail(), saying what happened and what to do"),
			what, ds_status_str(st));
	return false;
}

void pc_expect_refused(pc_ctx *ctx, const char *id, const char *what, ds_status st,
		       const char *msg, bool quiet_not_found)
{
	if (st == DS_OK)
		pc_fail(ctx, id, _("accepted %s; it must refuse it with a status and a message"), what);
	else if (!pc_known_status(st))
		pc_fail(ctx, id, _("%s returned an unknown status (%d)"), what, (int)st);
	else if (st == DS_ERR_NOT_FOUND && quiet_not_found)
		return;
	else if (!msg[0])
		pc_fail(ctx, id, _("refused %s with \"%s\" but without a message: say what was wrong "
				   "with host->fail()"), what, ds_status_str(st));
}

void pc_canary_fill(char *buf, size_t size)
{
	memset(buf, PC_CANARY, size + PC_CANARY_LEN);
}

void pc_canary_check(pc_ctx *ctx, const char *id, const char *what, const char *buf, size_t size,
		     bool nul)
{
	for (size_t i = size; i < size + PC_CANARY_LEN; i++)
		if ((unsigned char)buf[i] != PC_CANARY) {
			pc_fail(ctx, id, _("%s wrote past the end of its %zu-byte output buffer"), what, size);
			return;
		}
	if (nul && !memchr(buf, '\0', size))
		pc_fail(ctx, id, _("%s left its %zu-byte output buffer without a terminating NUL"),
			what, size);
}

void pc_field_check(pc_ctx *ctx, const char *id, const char *what, const char *field, size_t size)
{
	if (!memchr(field, '\0', size))
		pc_fail(ctx, id, _("%s filled a %zu-byte text field without a terminating NUL"), what, size);
}

void pc_cancel_candidate(pc_ctx *ctx, pc_cancel_op op, unsigned ms, const char *locator)
{
	if (ms < PC_CANCEL_MIN_MS || ms <= ctx->cancel_ms)
		return;
	ctx->cancel_op = op;
	ctx->cancel_ms = ms;
	snprintf(ctx->cancel_locator, sizeof ctx->cancel_locator, "%s", locator ? locator : "");
}

/** The "signature" check: what `doorstep plugins` would say about the file. */
static void pc_check_signature(pc_ctx *ctx, const char *path)
{
	ds_trust_store *store = ds_trust_store_load(NULL);
	ds_trust_signer signer;
	char reason[512] = "";
	size_t len = 0;
	char *data = ds_paths_read_file(path, &len);
	pc_check *c = pc_check_get(ctx, "signature");
	ds_trust_state st;

	if (!store || !data) {
		pc_fail(ctx, "signature", _("cannot read %s to check its signature"), path);
	} else {
		st = ds_trust_check(store, path, data, len, &signer, reason, sizeof reason);
		if (st == DS_TRUST_TRUSTED)
			snprintf(c->detail, sizeof c->detail, _("signed with trusted key %s%s%s%s"),
				 signer.key_id, signer.key_comment[0] ? " (" : "", signer.key_comment,
				 signer.key_comment[0] ? ")" : "");
		else
			pc_fail(ctx, "signature", "%s: %s", ds_trust_state_text(st), reason);
	}
	free(data);
	ds_trust_store_free(store);
}

/** Loads the plugin (unsigned too) under the "load" check. */
static bool pc_load(pc_ctx *ctx, const char *path)
{
	char reason[512] = "";
	pc_check *c = pc_check_get(ctx, "load");
	char abi[16];

	c->calls++;
	pc_emit(ctx, 'B', "load", _("loading it and calling init()"), NULL, NULL);
	ctx->lp = ds_plugin_load_file_here(path, true, reason, sizeof reason);
	if (!ctx->lp) {
		pc_fail(ctx, "load", _("doorstep refuses it: %s"), reason);
		return false;
	}
	ds_plugin_declared(ctx->lp, &ctx->declared);
	snprintf(abi, sizeof abi, "%u.%u", (unsigned)ctx->lp->desc.abi_major,
		 (unsigned)ctx->lp->desc.abi_minor);
	snprintf(c->detail, sizeof c->detail, _("loaded %s %s (plugin ABI %s) and init() returned ok"),
		 ctx->lp->desc.id, ctx->lp->desc.version, abi);
	pc_emit(ctx, 'P', ctx->lp->desc.id, ctx->lp->desc.version, abi, NULL);
	return true;
}

/** Opens and exercises every device found. */
static void pc_check_devices(pc_ctx *ctx)
{
	if (ctx->n_locators == 0) {
		pc_skip(ctx, "device_info", _("no device to open: the plugin discovers none; "
					      "give one with --locator or --qr"));
		return;
	}
	for (size_t i = 0; i < ctx->n_locators; i++) {
		ds_device *dev = pc_open(ctx, ctx->locators[i]);

		if (!dev)
			continue;
		pc_check_device(ctx, dev, ctx->locators[i]);
		pc_close(ctx, dev);
		pc_flush(ctx);
	}
}

/** Calls fini() and unloads, under the "fini" check. */
static void pc_unload(pc_ctx *ctx)
{
	pc_check *c = pc_check_get(ctx, "fini");

	c->calls++;
	pc_emit(ctx, 'B', "fini", _("calling fini() and unloading it"), NULL, NULL);
	ds_jobs_free(ctx->jobs);
	ctx->jobs = NULL;
	ds_plugin_unload(ctx->lp);
	ctx->lp = NULL;
}

void pc_child_main(const char *path, const ds_plugin_check_options *opts, int fd)
{
	static pc_ctx ctx;

	ctx.fd = fd;
	ctx.opts = opts;
	ctx.timeout_ms = opts->timeout_ms;
	ctx.oversized = malloc(PC_OVERSIZED);
	if (!ctx.oversized)
		return;
	memset(ctx.oversized, 'A', PC_OVERSIZED - 1);
	ctx.oversized[PC_OVERSIZED - 1] = '\0';
	pc_check_signature(&ctx, path);
	if (pc_load(&ctx, path)) {
		ctx.jobs = ds_jobs_new(1);
		if (!ctx.jobs) {
			pc_fail(&ctx, "load", "%s", _("out of memory"));
		} else {
			pc_check_descriptor(&ctx);
			pc_flush(&ctx);
			pc_check_matching(&ctx);
			pc_check_open_hostile(&ctx);
			pc_flush(&ctx);
			pc_check_devices(&ctx);
			pc_check_cancel(&ctx);
			pc_flush(&ctx);
			pc_unload(&ctx);
		}
	}
	for (size_t i = 0; i < ctx.n_checks; i++)
		if (ctx.checks[i].calls == 0 && !ctx.checks[i].failed && !ctx.checks[i].detail[0])
			pc_skip(&ctx, ctx.checks[i].id,
				_("declared, but no device found on which to call it"));
	pc_flush(&ctx);
	pc_emit(&ctx, 'E', NULL, NULL, NULL, NULL);
	free(ctx.oversized);
}
