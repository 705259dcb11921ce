/* The Diagnostics step's model. */
#include "ui/wizard/diagnostics_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/check_grade.h"
#include "app/core/device_ops.h"
#include "app/core/diag_targets.h"
#include "app/base/i18n.h"
#include "ui/toolkit/ui_screen_manager.h"

struct ds_diag_run {
	ds_op_diagnose op;     /* the devices job's argument; op.list is owned */
	uint64_t job;
	ds_net_suite suite;    /* the laptop job's argument (owned) */
	uint64_t net_job;      /* 0: no laptop checks in this run */
	bool job_done, net_done;
	ds_status job_status, net_status;
	char message[256];     /* the devices job's failure message */
	ds_diag_run *next;     /* in the orphans list */
};

/** Frees a run (its jobs have ended). */
static void ds_diag_run_free(ds_diag_run *run)
{
	if (!run)
		return;
	free(run->op.list);
	ds_net_suite_free(&run->suite);
	free(run);
}

/** Records the DONE of one of run's jobs; true once both have ended. */
static bool ds_diag_run_done(ds_diag_run *run, const ds_event *ev)
{
	if (ev->job_id == run->job) {
		run->job_done = true;
		run->job_status = ev->status;
		snprintf(run->message, sizeof run->message, "%s", ev->message);
	} else if (ev->job_id == run->net_job) {
		run->net_done = true;
		run->net_status = ev->status;
	}
	return run->job_done && (run->net_done || !run->net_job);
}

/** Drops the devices and results. */
static void ds_diag_model_clear(ds_diag_model *m)
{
	free(m->devices);
	free(m->checks);
	free(m->net_result);
	ds_net_suite_free(&m->net);
	m->devices = NULL;
	m->checks = NULL;
	m->net_result = NULL;
	m->n_devices = m->n_checks = m->cap_checks = 0;
	m->laptop = -1;
	m->finished = false;
	m->permille = m->device_permille = m->net_permille = 0;
	m->progress[0] = m->detail[0] = m->net_progress[0] = m->net_error[0] = '\0';
}

/** Lists the site's devices in the model (all in state). false on out-of-memory. */
static bool ds_diag_model_devices(ds_diag_model *m, const ds_site *site, ds_diag_state state)
{
	ds_diag_model_clear(m);
	m->devices = calloc(site->n_devices ? site->n_devices : 1, sizeof *m->devices);
	if (!m->devices)
		return false;
	for (size_t i = 0; i < site->n_devices; i++) {
		const ds_site_device *d = &site->devices[i];
		ds_diag_device *dd = &m->devices[m->n_devices++];

		snprintf(dd->serial, sizeof dd->serial, "%s", d->serial);
		snprintf(dd->name, sizeof dd->name, "%s", d->name[0] ? d->name : d->model);
		dd->state = ds_op_diagnosable(d) ? state : DS_DIAG_NO_CHECKS;
	}
	return true;
}

/** The index of the device with this serial, appending it if unknown; -1 on out-of-memory. */
static long ds_diag_model_device(ds_diag_model *m, const char *serial)
{
	ds_diag_device *grown;

	for (size_t i = 0; i < m->n_devices; i++)
		if (strcmp(m->devices[i].serial, serial) == 0)
			return (long)i;
	grown = realloc(m->devices, (m->n_devices + 1) * sizeof *grown);
	if (!grown)
		return -1;
	m->devices = grown;
	memset(&grown[m->n_devices], 0, sizeof grown[0]);
	snprintf(grown[m->n_devices].serial, sizeof grown[0].serial, "%s", serial);
	snprintf(grown[m->n_devices].name, sizeof grown[0].name, "%s", serial[0] ? serial : _("This laptop"));
	grown[m->n_devices].state = DS_DIAG_DONE;
	return (long)m->n_devices++;
}

/** Appends a result for device d. false on out-of-memory. */
static bool ds_diag_model_add(ds_diag_model *m, size_t d, const ds_check *check)
{
	if (m->n_checks == m->cap_checks) {
		size_t cap = m->cap_checks ? 2 * m->cap_checks : 16;
		ds_diag_check *grown = realloc(m->checks, cap * sizeof *grown);

		if (!grown)
			return false;
		m->checks = grown;
		m->cap_checks = cap;
	}
	m->checks[m->n_checks].device = d;
	m->checks[m->n_checks].check = *check;
	m->n_checks++;
	m->devices[d].n_checks++;
	return true;
}

/** Prepares the laptop's checks of run: the suite for its job, the copy
 *  shown, and the laptop's row. false when they cannot run (net_error says why). */
static bool ds_diag_model_net(ds_diag_model *m, ds_diag_run *run, ds_session *session)
{
	ds_diag_targets targets = { 0 };
	ds_net_options options;
	long d;
	int rc;

	rc = ds_diag_targets_load(&options, &targets, ds_devices_plugins(session->devices), m->net_error,
				  sizeof m->net_error);
	if (rc == 0)
		rc = ds_net_suite_init(&run->suite, (const char *const *)targets.urls, targets.n, &options, m->net_error,
				       sizeof m->net_error);
	ds_diag_targets_free(&targets);
	if (rc < 0)
		return false;
	m->net_result = malloc((run->suite.n_checks ? run->suite.n_checks : 1) * sizeof *m->net_result);
	d = m->n_checks == 0 ? ds_diag_model_device(m, "") : -1;
	if (d > 0) {
		/* The laptop comes first: its checks run from the start, beside the devices'. */
		ds_diag_device laptop = m->devices[d];

		memmove(&m->devices[1], &m->devices[0], (size_t)d * sizeof m->devices[0]);
		m->devices[0] = laptop;
		d = 0;
	}
	if (!m->net_result || d < 0 || ds_net_suite_copy(&m->net, &run->suite) < 0) {
		snprintf(m->net_error, sizeof m->net_error, "%s", _("Out of memory."));
		return false;
	}
	for (size_t i = 0; i < run->suite.n_checks; i++)
		m->net_result[i] = SIZE_MAX;
	m->laptop = d;
	m->devices[d].state = DS_DIAG_WAITING;
	snprintf(m->net_progress, sizeof m->net_progress, "%s", _("Laptop: starting the network checks"));
	return true;
}

int ds_diag_model_start(ds_diag_model *m, ds_session *session, const ds_site *site)
{
	ds_diag_run *run = calloc(1, sizeof *run);

	if (!run)
		return -1;
	run->op.list = malloc((site->n_devices ? site->n_devices : 1) * sizeof *run->op.list);
	if (!run->op.list || !ds_diag_model_devices(m, site, DS_DIAG_WAITING)) {
		ds_diag_run_free(run);
		return -1;
	}
	memcpy(run->op.list, site->devices, site->n_devices * sizeof *run->op.list);
	run->op.n = site->n_devices;
	run->op.devices = session->devices;
	run->job = ds_jobs_submit(session->jobs, ds_op_diagnose_job, &run->op);
	if (!run->job) {
		ds_diag_run_free(run);
		return -1;
	}
	if (ds_diag_model_net(m, run, session)) {
		run->net_job = ds_jobs_submit(session->jobs, ds_net_suite_job, &run->suite);
		if (!run->net_job)
			snprintf(m->net_error, sizeof m->net_error, "%s", _("Out of memory."));
	}
	if (!run->net_job && m->laptop >= 0) {
		m->devices[m->laptop].state = DS_DIAG_NOT_CHECKED;
		ds_net_suite_free(&m->net);
	}
	m->run = run;
	snprintf(m->progress, sizeof m->progress, "%s", _("Starting the checks…"));
	return 0;
}

void ds_diag_model_load(ds_diag_model *m, const ds_site *site)
{
	if (!ds_diag_model_devices(m, site, DS_DIAG_NOT_CHECKED))
		return;
	for (size_t i = 0; i < site->n_checks; i++) {
		long d = ds_diag_model_device(m, site->checks[i].device_serial);

		if (d >= 0) {
			ds_diag_model_add(m, (size_t)d, &site->checks[i].check);
			m->devices[d].state = DS_DIAG_DONE;
		}
	}
	m->finished = true;
}

void ds_diag_model_cancel(ds_diag_model *m, ds_jobs *jobs)
{
	if (!m->run)
		return;
	ds_jobs_cancel(jobs, m->run->job);
	if (m->run->net_job)
		ds_jobs_cancel(jobs, m->run->net_job);
}

void ds_diag_model_reset(ds_diag_model *m, ds_jobs *jobs)
{
	if (m->run) {
		ds_diag_model_cancel(m, jobs);
		m->run->next = m->orphans;
		m->orphans = m->run;
		m->run = NULL;
	}
	ds_diag_model_clear(m);
}

/** Ends the devices that were checking: done, or silent if nothing came. */
static void ds_diag_model_settle(ds_diag_model *m, long except)
{
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].state == DS_DIAG_RUNNING && (long)i != except && (long)i != m->laptop)
			m->devices[i].state = m->devices[i].n_checks ? DS_DIAG_DONE : DS_DIAG_SILENT;
}

/** Marks device d as the one checking now. */
static void ds_diag_model_running(ds_diag_model *m, long d)
{
	ds_diag_model_settle(m, d);
	if (m->devices[d].state == DS_DIAG_WAITING)
		m->devices[d].state = DS_DIAG_RUNNING;
}

/** Both jobs of the run ended: every device gets its final state, and the
 *  model how the run went (a cancel first, then the devices', then the laptop's). */
static void ds_diag_model_end(ds_diag_model *m)
{
	ds_diag_run *run = m->run;
	ds_status status = run->job_status;

	if (run->net_job && (run->net_status == DS_ERR_CANCELLED || status == DS_OK))
		status = run->net_status;
	if (run->job_status == DS_ERR_CANCELLED)
		status = DS_ERR_CANCELLED;
	m->status = status;
	snprintf(m->message, sizeof m->message, "%s", run->job_status != DS_OK ? run->message : "");
	if (m->laptop >= 0) {
		ds_diag_device *l = &m->devices[m->laptop];

		l->state = run->net_job && run->net_status == DS_OK ? DS_DIAG_DONE : DS_DIAG_NOT_CHECKED;
	}
	ds_diag_model_settle(m, -1);
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].state == DS_DIAG_WAITING)
			m->devices[i].state = status == DS_OK ? DS_DIAG_SILENT : DS_DIAG_NOT_CHECKED;
	m->finished = status == DS_OK;
	if (status == DS_OK)
		m->permille = 1000;
	ds_diag_run_free(m->run);
	m->run = NULL;
}

/** The run's progress: the devices' and the laptop's, side by side. */
static void ds_diag_model_permille(ds_diag_model *m)
{
	m->permille = m->run && m->run->net_job ? (m->device_permille + m->net_permille) / 2 : m->device_permille;
}

/** Applies an event of the laptop's job. */
static ds_diag_change ds_diag_model_net_event(ds_diag_model *m, ds_event *ev)
{
	ds_net_update *u;

	switch (ev->type) {
	case DS_EVENT_PROGRESS:
		m->net_permille = ev->permille;
		ds_diag_model_permille(m);
		snprintf(m->net_progress, sizeof m->net_progress, "%s", ev->message);
		return DS_DIAG_CHANGED;
	case DS_EVENT_ITEM:
		u = ui_screen_manager_take_item(ev);
		if (!u)
			return DS_DIAG_CHANGED;
		if (u->index < m->net.n_checks && m->laptop >= 0) {
			ds_net_suite_apply(&m->net, u);
			if (m->devices[m->laptop].state == DS_DIAG_WAITING)
				m->devices[m->laptop].state = DS_DIAG_RUNNING;
			if (u->check.state == DS_NET_FINISHED && m->net_result[u->index] == SIZE_MAX &&
			    ds_diag_model_add(m, (size_t)m->laptop, &u->check.result))
				m->net_result[u->index] = m->n_checks - 1;
		}
		ev->item_free(u);
		return DS_DIAG_CHANGED;
	case DS_EVENT_DONE:
		if (!ds_diag_run_done(m->run, ev))
			return DS_DIAG_CHANGED;
		ds_diag_model_end(m);
		return DS_DIAG_FINISHED;
	}
	return DS_DIAG_IGNORED;
}

/** Handles an event of a cancelled earlier run: true if it was one. */
static bool ds_diag_model_orphan_event(ds_diag_model *m, const ds_event *ev)
{
	for (ds_diag_run **p = &m->orphans; *p; p = &(*p)->next) {
		if ((*p)->job != ev->job_id && ((*p)->net_job == 0 || (*p)->net_job != ev->job_id))
			continue;
		if (ev->type == DS_EVENT_DONE && ds_diag_run_done(*p, ev)) {
			ds_diag_run *gone = *p;

			*p = gone->next;
			ds_diag_run_free(gone);
		}
		return true;
	}
	return false;
}

ds_diag_change ds_diag_model_event(ds_diag_model *m, ds_event *ev)
{
	char checking[sizeof m->progress];

	if (m->run && m->run->net_job && ev->job_id == m->run->net_job)
		return ds_diag_model_net_event(m, ev);
	if (!m->run || ev->job_id != m->run->job) {
		ds_diag_model_orphan_event(m, ev);
		return DS_DIAG_IGNORED;
	}
	switch (ev->type) {
	case DS_EVENT_PROGRESS:
		/* The job says "Checking <name>" (the msgid of device_ops.c) with
		 * the share of devices done; a device's own progress (one check)
		 * only adds detail. */
		for (size_t i = 0; i < m->n_devices; i++) {
			snprintf(checking, sizeof checking, _("Checking %s"), m->devices[i].name);
			if (strcmp(checking, ev->message) == 0 && m->devices[i].state != DS_DIAG_DONE) {
				ds_diag_model_running(m, (long)i);
				m->device_permille = ev->permille;
				ds_diag_model_permille(m);
				snprintf(m->progress, sizeof m->progress, "%s", ev->message);
				m->detail[0] = '\0';
				return DS_DIAG_CHANGED;
			}
		}
		snprintf(m->detail, sizeof m->detail, "%s", ev->message);
		return DS_DIAG_CHANGED;
	case DS_EVENT_ITEM: {
		ds_op_check_item *item = ui_screen_manager_take_item(ev);
		long d;

		if (!item)
			return DS_DIAG_CHANGED;
		d = ds_diag_model_device(m, item->device_serial);
		if (d >= 0) {
			ds_diag_model_running(m, d);
			ds_diag_model_add(m, (size_t)d, &item->check);
		}
		ev->item_free(item);
		return DS_DIAG_CHANGED;
	}
	case DS_EVENT_DONE:
		m->device_permille = 1000;
		ds_diag_model_permille(m);
		ds_diag_model_settle(m, -1);
		if (!ds_diag_run_done(m->run, ev))
			return DS_DIAG_CHANGED;
		ds_diag_model_end(m);
		return DS_DIAG_FINISHED;
	}
	return DS_DIAG_IGNORED;
}

void ds_diag_model_counts(const ds_diag_model *m, size_t *pass, size_t *warn, size_t *fail)
{
	*pass = *warn = *fail = 0;
	for (size_t i = 0; i < m->n_checks; i++) {
		if (m->checks[i].check.grade == DS_CHECK_PASS)
			(*pass)++;
		else if (m->checks[i].check.grade == DS_CHECK_WARN)
			(*warn)++;
		else if (m->checks[i].check.grade == DS_CHECK_FAIL)
			(*fail)++;
	}
}

void ds_diag_model_counts_text(const ds_diag_model *m, char *buf, size_t size)
{
	size_t pass, warn, fail;

	ds_diag_model_counts(m, &pass, &warn, &fail);
	ds_check_counts_text(buf, size, pass, warn, fail);
}

int ds_diag_model_store(const ds_diag_model *m, ds_site *site)
{
	ds_site_clear_checks(site);
	for (size_t i = 0; i < m->n_checks; i++)
		if (ds_site_put_check(site, m->devices[m->checks[i].device].serial, &m->checks[i].check) < 0)
			return -1;
	ds_site_now(site->diagnostics_at);
	return 0;
}

void ds_diag_model_free(ds_diag_model *m)
{
	ds_diag_run_free(m->run);
	m->run = NULL;
	while (m->orphans) {
		ds_diag_run *next = m->orphans->next;

		ds_diag_run_free(m->orphans);
		m->orphans = next;
	}
	ds_diag_model_clear(m);
}

const char *ds_diag_state_word(ds_diag_state state, ui_role *role)
{
	switch (state) {
	case DS_DIAG_WAITING:
		*role = UI_ROLE_DIM;
		return _("waiting");
	case DS_DIAG_RUNNING:
		*role = UI_ROLE_WARN;
		return _("checking…");
	case DS_DIAG_DONE:
		*role = UI_ROLE_DIM;
		return _("done");
	case DS_DIAG_NO_CHECKS:
		*role = UI_ROLE_DIM;
		return _("no checks");
	case DS_DIAG_SILENT:
		*role = UI_ROLE_FAIL;
		return _("did not answer");
	case DS_DIAG_NOT_CHECKED:
		break;
	}
	*role = UI_ROLE_WARN;
	return _("not checked");
}

void ds_diag_device_text(const ds_diag_device *d, char *buf, size_t size)
{
	switch (d->state) {
	case DS_DIAG_WAITING:
		snprintf(buf, size, "%s", _("Its checks start when the devices before it are done."));
		return;
	case DS_DIAG_RUNNING:
		snprintf(buf, size, "%s", _("Its checks are running now; the results appear below it as they come."));
		return;
	case DS_DIAG_DONE:
		snprintf(buf, size, P_("%zu check ran. Select a result to read what it means.",
				       "%zu checks ran. Select a result to read what it means.", d->n_checks),
			 d->n_checks);
		return;
	case DS_DIAG_NO_CHECKS:
		snprintf(buf, size, "%s", _("This device has no diagnostics of its own; nothing to do."));
		return;
	case DS_DIAG_SILENT:
		snprintf(buf, size, "%s",
			 _("The device did not answer. Check that it is powered and in range, then press r to run the "
			   "checks again."));
		return;
	case DS_DIAG_NOT_CHECKED:
		break;
	}
	snprintf(buf, size, "%s", _("Not checked: the run stopped before this device. Press r to run the checks again."));
}

const char *ds_diag_net_state_word(ds_net_state state, ui_role *role)
{
	if (state == DS_NET_RUNNING) {
		*role = UI_ROLE_WARN;
		return _("running…");
	}
	*role = UI_ROLE_DIM;
	return _("pending");
}
