/* A working session. */
#include "app/core/session.h"
#include "app/core/site_certs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/i18n.h"
#include "app/core/account_ops.h"
#include "app/core/ble_nearby.h"
#include "app/core/device_ops.h"
#include "app/core/esim_ops.h"
#include "app/core/site_store.h"
#include "app/plugin/plugin_trust.h"

/** Workers: enough for a long scan beside a device operation. */
#define DS_SESSION_WORKERS 3

ds_session *ds_session_new(bool demo, char *message, size_t message_size)
{
	const ds_session_options opts = { .demo = demo };

	return ds_session_new_ex(&opts, message, message_size);
}

ds_session *ds_session_new_ex(const ds_session_options *opts, char *message, size_t message_size)
{
	static const ds_session_options defaults = { 0 };
	ds_session *s = calloc(1, sizeof *s);
	bool demo;

	message[0] = '\0';
	if (!s)
		return NULL;
	if (!opts)
		opts = &defaults;
	demo = opts->demo;
	s->demo = demo;
	s->allow_unsigned = opts->allow_unsigned;
	s->plugins = ds_plugins_load_ex(NULL, opts->allow_unsigned);
	if (!s->plugins)
		goto fail;
	s->active.loaded = calloc(s->plugins->n_loaded + 1, sizeof *s->active.loaded);
	if (!s->active.loaded)
		goto fail;
	for (size_t i = 0; i < s->plugins->n_loaded; i++) {
		ds_loaded_plugin *lp = s->plugins->loaded[i];
		bool simulated = (lp->desc.caps & DS_CAP_SIMULATED) != 0;

		if (simulated == demo)
			s->active.loaded[s->active.n_loaded++] = lp;
	}
	if (demo && s->active.n_loaded == 0) {
		snprintf(message, message_size, "%s",
			 _("The demo plugin was not found or was refused. Run \"doorstep plugins\" to see why."));
		goto fail;
	}
	s->jobs = ds_jobs_new(DS_SESSION_WORKERS);
	s->devices = s->jobs ? ds_devices_new(&s->active) : NULL;
	s->passwords = ds_password_register_new();
	if (!s->jobs || !s->devices || !s->passwords)
		goto fail;
	return s;
fail:
	if (!message[0])
		snprintf(message, message_size, "%s", _("Out of memory while starting."));
	ds_session_free(s);
	return NULL;
}

void ds_session_quitting(ds_session *s)
{
	if (s)
		ds_plugins_interrupt(s->plugins);
}

void ds_session_free(ds_session *s)
{
	if (!s)
		return;
	/* Stop the workers first: no job may touch a device being closed. A
	 * worker waiting on a plugin does not wait on: quitting never does. */
	ds_session_quitting(s);
	ds_jobs_free(s->jobs);
	ds_devices_free(s->devices);
	ds_password_register_free(s->passwords);
	ds_site_free(s->site);
	ds_site_lock_release(s->lock);
	free(s->active.loaded);
	ds_plugins_free(s->plugins);
	free(s);
}

/** Makes site (owned) the session's site, with a fresh password register. */
static void ds_session_set_site(ds_session *s, ds_site *site, bool read_only, pid_t holder)
{
	ds_site_free(s->site);
	s->site = site;
	ds_site_certs_publish(site); /* the plugins' pin store (trust on first use) */
	s->read_only = read_only;
	s->holder = read_only ? holder : 0;
	ds_password_register_free(s->passwords);
	s->passwords = ds_password_register_new();
}

int ds_session_open_site_ex(ds_session *s, ds_site *site, pid_t *holder, char *message, size_t message_size)
{
	*holder = 0;
	if (!s->lock || strcmp(ds_site_lock_name(s->lock), site->name) != 0) {
		ds_site_lock *lock = ds_site_lock_take(site->name, holder, message, message_size);

		if (!lock)
			return -1;
		ds_site_lock_release(s->lock);
		s->lock = lock;
	}
	ds_session_set_site(s, site, false, 0);
	return 0;
}

int ds_session_open_site(ds_session *s, ds_site *site, char *message, size_t message_size)
{
	pid_t holder;

	if (ds_session_open_site_ex(s, site, &holder, message, message_size) < 0) {
		ds_site_free(site);
		return -1;
	}
	return 0;
}

void ds_session_open_site_read_only(ds_session *s, ds_site *site, pid_t holder)
{
	ds_site_lock_release(s->lock);
	s->lock = NULL;
	ds_session_set_site(s, site, true, holder);
}

int ds_session_may_change(const ds_session *s, char *message, size_t message_size)
{
	if (!s->read_only)
		return 0;
	if (s->holder > 0)
		snprintf(message, message_size,
			 _("Read-only: the site is open in process %ld. To change it, quit there and reopen it here."),
			 (long)s->holder);
	else
		snprintf(message, message_size, "%s",
			 _("Read-only: the site is open in another doorstep. To change it, quit there and reopen it here."));
	return -1;
}

/** The jobs that change a device or add one to the site. */
static const ds_job_fn ds_session_changing_jobs[] = {
	ds_op_add_qr_job,
	ds_op_password_job,
	ds_op_apply_cellular_job,
	ds_op_failover_job,
	ds_op_wifi_join_job,
	ds_op_esim_download_job,
	ds_ble_pair_job,
	ds_op_add_address_job,
	ds_op_account_password_job,
	ds_op_account_delete_job,
	ds_op_check_fix_job,
	ds_op_esim_enable_job,
	ds_op_esim_disable_job,
	ds_op_esim_delete_job,
	ds_op_esim_nickname_job,
	ds_op_esim_notifications_send_job,
};

int ds_session_may_run(const ds_session *s, ds_job_fn fn, char *message, size_t message_size)
{
	for (size_t i = 0; i < sizeof ds_session_changing_jobs / sizeof *ds_session_changing_jobs; i++)
		if (ds_session_changing_jobs[i] == fn)
			return ds_session_may_change(s, message, message_size);
	return 0;
}

int ds_session_save(ds_session *s, char *message, size_t message_size)
{
	if (!s->site)
		return 0;
	if (ds_session_may_change(s, message, message_size) < 0)
		return -1;
	return ds_site_save(s->site, message, message_size);
}

void ds_session_password_context(ds_password_context *ctx, const ds_site *site, const ds_site_device *dev,
				 const ds_password_register *reg)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->rules = &dev->rules;
	ctx->vendor = dev->vendor;
	ctx->model = dev->model;
	ctx->serial = dev->serial;
	ctx->site = site ? site->name : NULL;
	ctx->reg = reg;
}

const char *ds_session_trust_banner(const ds_session *session)
{
	return session->allow_unsigned ? ds_trust_unsigned_warning() : NULL;
}
