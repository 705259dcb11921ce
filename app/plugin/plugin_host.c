/* The host-services table each plugin receives at init, and the rule for
 * calling into a plugin (its lock, and the thread's current plugin).
 *
 * The per-plugin lock is not recursive: the host never calls into a plugin
 * from inside a call into the same plugin, and plugins never re-enter the
 * host in a way that calls back into themselves. */
#include "app/ble/ble_host.h"
#include "app/plugin/host_http.h"
#include "app/plugin/host_net.h"
#include "app/plugin/host_serial.h"
#include "app/plugin/plugin_host.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "app/base/i18n.h"
#include "app/base/jobs.h"
#include "app/base/log.h"
#include "app/base/paths.h"
#include "app/base/secret.h"

/** Source tag for log lines written by a plugin outside any call. */
#define DS_HOST_LOG_SOURCE "plugin"

/** The plugin this thread is calling into, set by ds_plugin_enter(). */
static _Thread_local ds_loaded_plugin *current_plugin;

/** Log tag of the current plugin: its id, or a generic tag. */
static const char *host_source(void)
{
	static _Thread_local char source[DS_ID_MAX + 8];

	if (current_plugin && current_plugin->desc.id) {
		snprintf(source, sizeof source, "plugin:%s", current_plugin->desc.id);
		return source;
	}
	return DS_HOST_LOG_SOURCE;
}

/** ds_host.log: one line in the host's log, tagged with the plugin's id. */
__attribute__((format(printf, 2, 3)))
static void host_log(ds_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (!fmt)
		return;
	va_start(ap, fmt);
	ds_logv(level, host_source(), fmt, ap);
	va_end(ap);
}

/** ds_host.progress: forwards to the job; a NULL call is ignored. */
static void host_progress(ds_call *call, unsigned permille, const char *message)
{
	if (!call)
		return;
	if (permille > 1000)
		permille = 1000;
	ds_job_progress(call, permille, "%s", message ? message : "");
}

/** ds_host.cancelled: the job's cancel flag; a NULL call is never cancelled. */
static bool host_cancelled(ds_call *call)
{
	if (!call)
		return false;
	return ds_job_cancelled(call);
}

/** Sleeps ms milliseconds without a job to watch (resumes after signals). */
static void host_plain_sleep(unsigned ms)
{
	struct timespec left = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000L,
	};

	while (nanosleep(&left, &left) == -1 && errno == EINTR)
		;
}

/** ds_host.sleep: waits, waking early when the job is cancelled. */
static ds_status host_sleep(ds_call *call, unsigned ms)
{
	if (!call) {
		host_plain_sleep(ms);
		return DS_OK;
	}
	return ds_job_sleep(call, ms);
}

/** ds_host.fail: records the failure message on the job and returns status.
 *  Without a job the message goes to the log so that it is not lost. */
__attribute__((format(printf, 3, 4))) ds_status ds_plugin_host_fail(ds_call *call, ds_status status, const char *fmt, ...)
{
	va_list ap;

	if (!fmt)
		return status;
	va_start(ap, fmt);
	if (call)
		ds_job_failv(call, status, fmt, ap);
	else
		ds_logv(DS_LOG_WARN, host_source(), fmt, ap);
	va_end(ap);
	return status;
}

/** ds_wait.cancelled of ds_plugin_host_wait(). */
static bool host_wait_cancelled(void *ctx)
{
	return host_cancelled(ctx);
}

ds_wait ds_plugin_host_wait(ds_call *call)
{
	return (ds_wait){ .cancelled = host_wait_cancelled, .ctx = call };
}

/** ds_host.translate: looks msgid up in the plugin's text domain. */
static const char *host_translate(const char *domain, const char *msgid)
{
	if (!msgid)
		return "";
	if (!domain || !*domain)
		return msgid;
	return dgettext(domain, msgid);
}

/** ds_host.password_hash: Argon2id string (crypto_pwhash_str) into out. */
static ds_status host_password_hash(const char *password, char *out, size_t out_size)
{
	char hash[crypto_pwhash_STRBYTES];

	if (!password || !out || out_size < crypto_pwhash_STRBYTES)
		return DS_ERR_INVALID;
	if (crypto_pwhash_str(hash, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return DS_ERR_NO_MEMORY;
	memcpy(out, hash, sizeof hash);
	sodium_memzero(hash, sizeof hash);
	return DS_OK;
}

/** ds_host.password_verify: true when password matches hash. */
static bool host_password_verify(const char *hash, const char *password)
{
	if (!hash || !password)
		return false;
	if (strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/** Fills lp->host (and creates lp->data_dir) for the plugin in lp->desc. 0 or -1. */
int ds_plugin_host_fill(ds_loaded_plugin *lp)
{
	if (!lp || !lp->desc.id)
		return -1;
	/* Idempotent; makes randomness and hashing work before ds_secret_init(). */
	if (sodium_init() < 0)
		return -1;
	if (ds_paths_plugin_data_dir(lp->desc.id, lp->data_dir, sizeof lp->data_dir) != 0)
		return -1;
	if (ds_paths_mkdir_p(lp->data_dir) != 0)
		return -1;

	lp->host = (ds_host){
		.struct_size = sizeof(ds_host),
		.abi_major = DS_PLUGIN_ABI_MAJOR,
		.abi_minor = DS_PLUGIN_ABI_MINOR,
		.data_dir = lp->data_dir,
		.log = host_log,
		.progress = host_progress,
		.cancelled = host_cancelled,
		.sleep = host_sleep,
		.fail = ds_plugin_host_fail,
		.translate = host_translate,
		.random = ds_secret_random,
		.secret_alloc = ds_secret_alloc,
		.secret_free = ds_secret_free,
		.password_hash = host_password_hash,
		.password_verify = host_password_verify,
		.ble = ds_ble_host_services(),
		.http = ds_host_http_services(),
		.serial = ds_host_serial_services(),
		.net = ds_host_net_services(),
	};
	return 0;
}

/** Takes the plugin's lock and marks it current on this thread. */
void ds_plugin_enter(ds_loaded_plugin *lp)
{
	pthread_mutex_lock(&lp->lock);
	current_plugin = lp;
}

/** As ds_plugin_enter(), unless another thread is inside the plugin: false then. */
bool ds_plugin_try_enter(ds_loaded_plugin *lp)
{
	if (pthread_mutex_trylock(&lp->lock) != 0)
		return false;
	current_plugin = lp;
	return true;
}

/** Undoes ds_plugin_enter(). */
void ds_plugin_leave(ds_loaded_plugin *lp)
{
	current_plugin = NULL;
	pthread_mutex_unlock(&lp->lock);
}

/** The plugin marked current on this thread, or NULL. */
ds_loaded_plugin *ds_plugin_current(void)
{
	return current_plugin;
}
