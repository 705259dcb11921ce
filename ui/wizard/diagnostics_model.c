/* The Diagnostics step's model: the news of a run (app/core/diag_run.c) as rows. */
#include "ui/wizard/diagnostics_model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/check_grade.h"
#include "app/core/device_ops.h"
#include "app/base/grow.h"
#include "app/base/i18n.h"

/** Drops the devices and results. */
static void ds_diag_model_clear(ds_diag_model *m)
{
	free(m->devices);
	free(m->checks);
	free(m->net);
	m->devices = NULL;
	m->checks = NULL;
	m->net = NULL;
	m->n_devices = m->n_checks = m->cap_checks = m->n_net = 0;
	m->laptop = -1;
	m->finished = false;
	m->permille = 0;
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
	ds_diag_check *grown = ds_grow(m->checks, &m->cap_checks, m->n_checks, sizeof *grown, 16);

	if (!grown)
		return false;
	m->checks = grown;
	m->checks[m->n_checks].device = d;
	m->checks[m->n_checks].check = *check;
	m->n_checks++;
	m->devices[d].n_checks++;
	return true;
}

int ds_diag_model_put(ds_diag_model *m, const char *serial, const ds_check *check)
{
	for (size_t d = 0; d < m->n_devices; d++) {
		if (strcmp(m->devices[d].serial, serial) != 0)
			continue;
		for (size_t c = 0; c < m->n_checks; c++) {
			if (m->checks[c].device == d && strcmp(m->checks[c].check.id, check->id) == 0) {
				m->checks[c].check = *check;
				return 0;
			}
		}
		return ds_diag_model_add(m, d, check) ? 0 : -1;
	}
	return -1;
}

/** Shows the laptop's checks of the run: a row each, and the laptop first
 *  among the devices (its checks run from the start, beside theirs). */
static void ds_diag_model_net(ds_diag_model *m)
{
	size_t n = ds_diag_run_laptop_count(m->run);
	long d;

	if (n == 0)
		return;
	m->net = calloc(n, sizeof *m->net);
	d = m->net ? ds_diag_model_device(m, "") : -1;
	if (d < 0) {
		snprintf(m->net_error, sizeof m->net_error, "%s", _("Out of memory."));
		return;
	}
	if (d > 0) {
		ds_diag_device laptop = m->devices[d];

		memmove(&m->devices[1], &m->devices[0], (size_t)d * sizeof m->devices[0]);
		m->devices[0] = laptop;
	}
	for (m->n_net = 0; m->n_net < n; m->n_net++) {
		ds_diag_run_laptop_check(m->run, m->n_net, &m->net[m->n_net].check);
		m->net[m->n_net].result = SIZE_MAX;
	}
	m->net_timeout_s = ds_diag_run_timeout_seconds(m->run);
	m->laptop = 0;
	m->devices[0].state = DS_DIAG_WAITING;
	snprintf(m->net_progress, sizeof m->net_progress, "%s", _("Laptop: starting the network checks"));
}

int ds_diag_model_start(ds_diag_model *m, ds_session *session, const ds_site *site)
{
	if (!ds_diag_model_devices(m, site, DS_DIAG_WAITING))
		return -1;
	m->run = ds_diag_run_start(session, site, m->net_error, sizeof m->net_error);
	if (!m->run)
		return -1;
	ds_diag_run_free(m->ended);
	m->ended = NULL;
	ds_diag_model_net(m);
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

void ds_diag_model_cancel(ds_diag_model *m)
{
	if (m->run)
		ds_diag_run_cancel(m->run);
}

void ds_diag_model_reset(ds_diag_model *m)
{
	ds_diag_run **grown;

	if (m->run) {
		ds_diag_run_cancel(m->run);
		grown = realloc(m->orphans, (m->n_orphans + 1) * sizeof *grown);
		if (grown) {
			m->orphans = grown;
			m->orphans[m->n_orphans++] = m->run;
		}
		/* else it stays unfreed: its jobs still use it */
		m->run = NULL;
	}
	ds_diag_run_free(m->ended);
	m->ended = NULL;
	ds_diag_model_clear(m);
}

/** Ends the devices that were checking: done, or silent if nothing came. */
static void ds_diag_model_settle(ds_diag_model *m, long except)
{
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].state == DS_DIAG_RUNNING && (long)i != except && (long)i != m->laptop)
			m->devices[i].state = m->devices[i].n_checks ? DS_DIAG_DONE : DS_DIAG_SILENT;
}

/** Marks the device with this serial as the one checking now; its index, or -1. */
static long ds_diag_model_running(ds_diag_model *m, const char *serial)
{
	long d = ds_diag_model_device(m, serial);

	if (d < 0)
		return -1;
	ds_diag_model_settle(m, d);
	if (m->devices[d].state == DS_DIAG_WAITING)
		m->devices[d].state = DS_DIAG_RUNNING;
	return d;
}

/** The run ended: every device gets its final state, and the model how the
 *  run went; the run is kept for ds_diag_model_store. */
static void ds_diag_model_end(ds_diag_model *m)
{
	ds_diag_outcome o = ds_diag_run_outcome(m->run);

	m->status = o.status;
	snprintf(m->message, sizeof m->message, "%s", o.message);
	if (m->laptop >= 0)
		m->devices[m->laptop].state = o.laptop_checked ? DS_DIAG_DONE : DS_DIAG_NOT_CHECKED;
	ds_diag_model_settle(m, -1);
	for (size_t i = 0; i < m->n_devices; i++)
		if (m->devices[i].state == DS_DIAG_WAITING)
			m->devices[i].state = o.status == DS_OK ? DS_DIAG_SILENT : DS_DIAG_NOT_CHECKED;
	m->finished = o.status == DS_OK;
	if (o.status == DS_OK)
		m->permille = 1000;
	m->ended = m->run;
	m->run = NULL;
}

/** A laptop check changed: its row's state, and its result once it has one. */
static void ds_diag_model_laptop(ds_diag_model *m, const ds_diag_update *u)
{
	ds_diag_laptop_row *row;

	if (u->index >= m->n_net || m->laptop < 0)
		return;
	row = &m->net[u->index];
	row->check.state = u->state;
	if (m->devices[m->laptop].state == DS_DIAG_WAITING)
		m->devices[m->laptop].state = DS_DIAG_RUNNING;
	if (u->check && ds_diag_model_add(m, (size_t)m->laptop, u->check))
		row->result = m->n_checks - 1;
}

/** Gives an event to the cancelled runs of an earlier site: true if it was one of theirs. */
static bool ds_diag_model_orphan_event(ds_diag_model *m, ds_event *ev)
{
	ds_diag_update u;

	for (size_t i = 0; i < m->n_orphans; i++) {
		ds_diag_run_event(m->orphans[i], ev, &u);
		if (u.news == DS_DIAG_NEWS_NONE)
			continue;
		if (u.news == DS_DIAG_NEWS_FINISHED) {
			ds_diag_run_free(m->orphans[i]);
			m->orphans[i] = m->orphans[--m->n_orphans];
		}
		return true;
	}
	return false;
}

ds_diag_change ds_diag_model_event(ds_diag_model *m, ds_event *ev)
{
	ds_diag_update u;

	ds_diag_run_event(m->run, ev, &u);
	switch (u.news) {
	case DS_DIAG_NEWS_NONE:
		ds_diag_model_orphan_event(m, ev);
		return DS_DIAG_IGNORED;
	case DS_DIAG_NEWS_PROGRESS:
		if (u.laptop) {
			snprintf(m->net_progress, sizeof m->net_progress, "%s", u.message);
		} else if (u.device && ds_diag_model_running(m, u.device) >= 0) {
			snprintf(m->progress, sizeof m->progress, "%s", u.message);
			m->detail[0] = '\0';
		} else {
			snprintf(m->detail, sizeof m->detail, "%s", u.message);
		}
		break;
	case DS_DIAG_NEWS_LAPTOP:
		ds_diag_model_laptop(m, &u);
		break;
	case DS_DIAG_NEWS_RESULT: {
		long d = ds_diag_model_running(m, u.device);

		if (d >= 0)
			ds_diag_model_add(m, (size_t)d, u.check);
		break;
	}
	case DS_DIAG_NEWS_JOB_DONE:
		if (!u.laptop)
			ds_diag_model_settle(m, -1);
		break;
	case DS_DIAG_NEWS_FINISHED:
		ds_diag_model_end(m);
		return DS_DIAG_FINISHED;
	}
	m->permille = ds_diag_run_permille(m->run);
	return DS_DIAG_CHANGED;
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
	return m->ended ? ds_diag_run_store(m->ended, site) : 0;
}

void ds_diag_model_free(ds_diag_model *m)
{
	ds_diag_run_free(m->run);
	ds_diag_run_free(m->ended);
	m->run = m->ended = NULL;
	for (size_t i = 0; i < m->n_orphans; i++)
		ds_diag_run_free(m->orphans[i]);
	free(m->orphans);
	m->orphans = NULL;
	m->n_orphans = 0;
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

const char *ds_diag_net_state_word(ds_diag_laptop_state state, ui_role *role)
{
	if (state == DS_DIAG_LAPTOP_RUNNING) {
		*role = UI_ROLE_WARN;
		return _("running…");
	}
	*role = UI_ROLE_DIM;
	return _("pending");
}
