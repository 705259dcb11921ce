/* Running the wizard: session, terminal, signals, the frame and its steps. */
#include "ui/wizard/wizard_app.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/base/i18n_charset.h"
#include "app/base/log.h"
#include "app/core/site_store.h"
#include "ui/toolkit/ui_term.h"
#include "ui/wizard/wizard.h"

/** The self-pipe written by the signal handler. */
static int ds_signal_pipe[2] = { -1, -1 };
/** The signal that arrived, for the log. */
static volatile sig_atomic_t ds_signal_seen;

/** SIGINT, SIGTERM, SIGHUP: wake the main loop, which saves and restores the terminal. */
static void ds_on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	ds_signal_seen = sig;
	if (write(ds_signal_pipe[1], &c, 1) < 0) {
		/* nothing to do: the pipe is full, so a wake-up is pending anyway */
	}
	errno = saved;
}

/** Installs the handlers. 0 or -1. */
static int ds_signals_install(void)
{
	struct sigaction sa;

	if (pipe2(ds_signal_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ds_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/** Step constructors and destructors, in step order. */
static void *(*const ds_step_new[DS_STEP_COUNT])(ds_wizard *w) = {
	ds_screen_welcome_new, ds_screen_devices_new, ds_screen_passwords_new,
	ds_screen_cellular_new, ds_screen_diagnostics_new, ds_screen_summary_new,
};
static void (*const ds_step_free[DS_STEP_COUNT])(void *state) = {
	ds_screen_welcome_free, ds_screen_devices_free, ds_screen_passwords_free,
	ds_screen_cellular_free, ds_screen_diagnostics_free, ds_screen_summary_free,
};
static const ui_screen_class *const ds_step_classes[DS_STEP_COUNT] = {
	&ds_screen_welcome, &ds_screen_devices, &ds_screen_passwords,
	&ds_screen_cellular, &ds_screen_diagnostics, &ds_screen_summary,
};

/** Opens or creates the site named on the command line; message set when a
 *  corrupt file was kept aside. NULL on failure (message says why). */
static ds_site *ds_app_site(const char *name, char *message, size_t size)
{
	ds_site *site = NULL;

	message[0] = '\0';
	switch (ds_site_load(name, &site, message, size)) {
	case DS_SITE_LOADED:
		return site;
	case DS_SITE_MISSING:
	case DS_SITE_CORRUPT:
		site = ds_site_new(name);
		if (site)
			ds_site_note(site, "%s", _("Site created"));
		return site;
	case DS_SITE_ERROR:
		break;
	}
	return NULL;
}

int ds_wizard_app_run(const ds_wizard_options *opts)
{
	ds_wizard w = { .demo = opts->demo, .shown = DS_STEP_WELCOME };
	char message[512], notice[512] = "";
	ds_site *site = NULL;
	ui_run_result result;
	int rc = 0;

	/* All text in UTF-8 from here on: curses converts it to the terminal's
	 * charset as it draws (ASCII stand-ins where that lacks a character). */
	ds_i18n_text_utf8();
	w.session = ds_session_new_ex(&(ds_session_options){ .demo = opts->demo,
							     .allow_unsigned = opts->allow_unsigned },
				      message, sizeof message);
	if (!w.session) {
		ds_i18n_fprintf(stderr, "doorstep: %s\n", message);
		return 1;
	}
	if (opts->site_name) {
		site = ds_app_site(opts->site_name, notice, sizeof notice);
		if (!site) {
			ds_i18n_fprintf(stderr, "doorstep: %s\n", notice);
			ds_session_free(w.session);
			return 1;
		}
	}
	if (ds_signals_install() < 0 || ui_term_start() < 0) {
		ds_i18n_fprintf(stderr, "doorstep: %s\n", _("cannot start the terminal interface. Check TERM, or use the subcommands."));
		ds_site_free(site);
		ds_session_free(w.session);
		return 1;
	}
	w.sm = ui_screen_manager_new(w.session->jobs, ds_signal_pipe[0]);
	w.progress = ui_dialog_new();
	w.notice = ui_dialog_new();
	w.ask = ui_dialog_new();
	for (int s = 0; s < DS_STEP_COUNT; s++) {
		w.classes[s] = ds_step_classes[s];
		w.screens[s] = ds_step_new[s](&w);
	}
	if (!w.sm || !w.progress || !w.notice || !w.ask || ds_wizard_frame_push(&w) < 0) {
		rc = 1;
		goto out;
	}
	ds_wizard_banner(&w);
	if (w.session->plugins->n_rejected)
		ds_wizard_status(&w, UI_LEVEL_WARN,
				 P_("%zu plugin file was refused; \"doorstep plugins\" says why.",
				    "%zu plugin files were refused; \"doorstep plugins\" says why.",
				    w.session->plugins->n_rejected), w.session->plugins->n_rejected);
	if (!site || !ds_wizard_open_site(&w, site))
		ds_wizard_goto(&w, DS_STEP_WELCOME);
	if (notice[0])
		ds_wizard_message(&w, _("Site file kept aside"), notice);
	result = ui_screen_manager_run(w.sm);
	if (result == UI_RUN_SIGNAL)
		ds_log(DS_LOG_INFO, "core", "stopped by signal %d; site saved", (int)ds_signal_seen);
	if (result == UI_RUN_ERROR)
		rc = 1;
	if (w.session->site && !w.session->read_only && ds_session_save(w.session, message, sizeof message) < 0) {
		ui_term_stop();
		ds_i18n_fprintf(stderr, "doorstep: %s\n", message);
		rc = 1;
	}
out:
	ui_screen_manager_free(w.sm);
	ui_term_stop();
	/* Stop the workers before the screens that own the jobs' arguments go;
	 * one waiting on a plugin stops waiting (quitting never waits on one). */
	ds_session_quitting(w.session);
	ds_jobs_free(w.session->jobs);
	w.session->jobs = NULL;
	for (int s = 0; s < DS_STEP_COUNT; s++)
		if (w.screens[s])
			ds_step_free[s](w.screens[s]);
	free(w.refresh.list);
	ui_dialog_free(w.progress);
	ui_dialog_free(w.notice);
	ui_dialog_free(w.ask);
	ds_site_free(w.pending);
	if (w.session->site && w.session->site->completed_at[0])
		ds_i18n_fprintf(stdout, _("Setup of \"%s\" is complete. The report: doorstep report \"%s\"\n"),
		       w.session->site->name, w.session->site->name);
	ds_session_free(w.session);
	return rc;
}
