/* One diagnostics run: the laptop's checks and the devices' checks. */
#include "app/core/diag_run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/grow.h"
#include "app/base/i18n.h"
#include "app/core/check_grade.h"
#include "app/core/device_ops.h"
#include "app/core/diag_targets.h"
#include "app/net/net_suite.h"

_Static_assert(DS_DIAG_URL_MAX == DS_NET_URL_MAX, "a laptop check's target is a net suite URL");
_Static_assert((int)DS_DIAG_LAPTOP_PENDING == (int)DS_NET_PENDING && (int)DS_DIAG_LAPTOP_RUNNING == (int)DS_NET_RUNNING &&
		       (int)DS_DIAG_LAPTOP_FINISHED == (int)DS_NET_FINISHED,
	       "a laptop check's state is its net check's");

struct ds_diag_run {
	ds_jobs *jobs;
	ds_op_diagnose op;  /* the devices job's argument; op.list is owned */
	uint64_t job;       /* 0: no device checks in this run */
	ds_net_suite suite; /* the laptop job's argument (owned) */
	ds_net_suite shown; /* the laptop's checks as the updates tell them */
	uint64_t net_job;   /* 0: no laptop checks in this run */
	bool job_done, net_done;
	ds_status job_status, net_status;
	char message[256], net_message[256];
	unsigned device_permille, net_permille;
	ds_site_check *results; /* every result, in the order it arrived */
	size_t n_results, cap_results;
};

/** Builds the laptop's suite for req. 0, or -1 with the reason in error. */
static int ds_diag_run_suite_init(ds_diag_run *run, const ds_diag_request *req, char *error, size_t error_size)
{
	ds_diag_targets targets = { 0 };
	ds_net_options options;
	int rc = ds_diag_targets_config(&options, req->n_urls ? NULL : &targets, error, error_size);

	for (size_t i = 0; rc == 0 && i < req->n_urls; i++)
		rc = ds_diag_targets_add(&targets, req->urls[i]) < 0 ? -2 : 0;
	if (rc == 0 && targets.n == 0)
		rc = ds_diag_targets_defaults(&targets, req->plugins, req->simulated) < 0 ? -2 : 0;
	if (rc == -2)
		snprintf(error, error_size, "%s", _("Out of memory."));
	if (rc == 0)
		rc = ds_net_suite_init(&run->suite, (const char *const *)targets.urls, targets.n, &options, error,
				       error_size);
	ds_diag_targets_free(&targets);
	if (rc == 0 && ds_net_suite_copy(&run->shown, &run->suite) < 0) {
		ds_net_suite_free(&run->suite);
		snprintf(error, error_size, "%s", _("Out of memory."));
		rc = -1;
	}
	return rc < 0 ? -1 : 0;
}

ds_diag_run *ds_diag_run_start_ex(const ds_diag_request *req, char *laptop_error, size_t error_size)
{
	ds_diag_run *run = calloc(1, sizeof *run);

	laptop_error[0] = '\0';
	if (!run) {
		snprintf(laptop_error, error_size, "%s", _("Out of memory."));
		return NULL;
	}
	run->jobs = req->jobs;
	if (req->devices) {
		run->op.devices = req->devices;
		run->op.list = malloc((req->n ? req->n : 1) * sizeof *run->op.list);
		if (run->op.list) {
			memcpy(run->op.list, req->list, req->n * sizeof *run->op.list);
			run->op.n = req->n;
			run->job = ds_jobs_submit(req->jobs, ds_op_diagnose_job, &run->op);
		}
		if (!run->job) {
			snprintf(laptop_error, error_size, "%s", _("Out of memory."));
			ds_diag_run_free(run);
			return NULL;
		}
	}
	if (ds_diag_run_suite_init(run, req, laptop_error, error_size) == 0) {
		run->net_job = ds_jobs_submit(req->jobs, ds_net_suite_job, &run->suite);
		if (!run->net_job)
			snprintf(laptop_error, error_size, "%s", _("Out of memory."));
	}
	if (!run->net_job) {
		ds_net_suite_free(&run->suite);
		ds_net_suite_free(&run->shown);
	}
	if (!run->job && !run->net_job) {
		ds_diag_run_free(run);
		return NULL;
	}
	return run;
}

ds_diag_run *ds_diag_run_start(ds_session *session, const ds_site *site, char *laptop_error, size_t error_size)
{
	ds_diag_request req = {
		.jobs = session->jobs,
		.devices = session->devices,
		.list = site->devices,
		.n = site->n_devices,
		.plugins = ds_devices_plugins(session->devices),
		.simulated = true,
	};

	return ds_diag_run_start_ex(&req, laptop_error, error_size);
}

/** Appends a result. false on out-of-memory. */
static bool ds_diag_run_add(ds_diag_run *run, const char *serial, const ds_check *check)
{
	ds_site_check *grown = ds_grow(run->results, &run->cap_results, run->n_results, sizeof *grown, 16);

	if (!grown)
		return false;
	run->results = grown;
	snprintf(run->results[run->n_results].device_serial, sizeof run->results[0].device_serial, "%s", serial);
	run->results[run->n_results].check = *check;
	run->n_results++;
	return true;
}

/** Records the DONE of one of the run's jobs; true once every job ended. */
static bool ds_diag_run_done(ds_diag_run *run, const ds_event *ev, bool laptop)
{
	if (laptop) {
		run->net_done = true;
		run->net_status = ev->status;
		snprintf(run->net_message, sizeof run->net_message, "%s", ev->message);
	} else {
		run->job_done = true;
		run->job_status = ev->status;
		run->device_permille = 1000;
		snprintf(run->message, sizeof run->message, "%s", ev->message);
	}
	return ds_diag_run_finished(run);
}

/** The device whose checks the devices job says it starts now: "Checking
 *  <name>" (the msgid of device_ops.c) at the share of devices done before
 *  it, which tells two devices of one name apart. NULL for a device's own
 *  detail. */
static const char *ds_diag_run_moved_to(const ds_diag_run *run, const ds_event *ev)
{
	char checking[sizeof ev->message];

	for (size_t i = 0; i < run->op.n; i++) {
		if ((unsigned)(i * 1000 / run->op.n) != ev->permille)
			continue;
		snprintf(checking, sizeof checking, _("Checking %s"), run->op.list[i].name);
		if (strcmp(checking, ev->message) == 0)
			return run->op.list[i].serial;
	}
	return NULL;
}

/** A laptop check changed (n, an item of the laptop's job). */
static void ds_diag_run_net_item(ds_diag_run *run, const ds_net_update *n, ds_diag_update *u)
{
	ds_net_check *c;
	bool first;

	if (n->index >= run->shown.n_checks)
		return;
	c = &run->shown.checks[n->index];
	first = c->state != DS_NET_FINISHED;
	ds_net_suite_apply(&run->shown, n);
	u->news = DS_DIAG_NEWS_LAPTOP;
	u->index = n->index;
	u->state = (ds_diag_laptop_state)c->state;
	if (c->state == DS_NET_FINISHED && first && ds_diag_run_add(run, "", &c->result))
		u->check = &c->result;
}

/** A device's result arrived (item, an item of the devices' job). */
static void ds_diag_run_device_item(ds_diag_run *run, const ds_op_check_item *item, ds_diag_update *u)
{
	if (!ds_diag_run_add(run, item->device_serial, &item->check))
		return;
	u->news = DS_DIAG_NEWS_RESULT;
	u->device = run->results[run->n_results - 1].device_serial;
	u->check = &run->results[run->n_results - 1].check;
}

void ds_diag_run_event(ds_diag_run *run, ds_event *ev, ds_diag_update *u)
{
	void *item;

	memset(u, 0, sizeof *u);
	if (!run || (ev->job_id != run->job && ev->job_id != run->net_job))
		return;
	u->laptop = ev->job_id == run->net_job;
	switch (ev->type) {
	case DS_EVENT_PROGRESS:
		u->news = DS_DIAG_NEWS_PROGRESS;
		u->message = ev->message;
		if (u->laptop) {
			run->net_permille = ev->permille;
			u->permille = ev->permille;
			return;
		}
		/* The devices' job says "Checking <name>" with the share of devices
		 * done; a device's own progress (one check) only adds detail. */
		u->device = ds_diag_run_moved_to(run, ev);
		if (u->device)
			run->device_permille = ev->permille;
		u->permille = run->device_permille;
		return;
	case DS_EVENT_ITEM:
		item = ev->item;
		ev->item = NULL;
		if (!item)
			return;
		if (u->laptop)
			ds_diag_run_net_item(run, item, u);
		else
			ds_diag_run_device_item(run, item, u);
		if (ev->item_free)
			ev->item_free(item);
		return;
	case DS_EVENT_DONE:
		u->news = ds_diag_run_done(run, ev, u->laptop) ? DS_DIAG_NEWS_FINISHED : DS_DIAG_NEWS_JOB_DONE;
		return;
	}
}

ds_status ds_diag_run_wait(ds_diag_run *run, void (*on_update)(const ds_diag_update *u, void *ctx), void *ctx)
{
	ds_diag_update u;
	ds_event ev;

	while (!ds_diag_run_finished(run)) {
		if (!ds_jobs_wait_event(run->jobs, &ev, -1))
			continue;
		ds_diag_run_event(run, &ev, &u);
		if (u.news != DS_DIAG_NEWS_NONE && on_update)
			on_update(&u, ctx);
		if (ev.type == DS_EVENT_ITEM && ev.item && ev.item_free)
			ev.item_free(ev.item);
	}
	return ds_diag_run_outcome(run).status;
}

void ds_diag_run_cancel(ds_diag_run *run)
{
	if (run->job)
		ds_jobs_cancel(run->jobs, run->job);
	if (run->net_job)
		ds_jobs_cancel(run->jobs, run->net_job);
}

bool ds_diag_run_finished(const ds_diag_run *run)
{
	return (run->job_done || !run->job) && (run->net_done || !run->net_job);
}

ds_diag_outcome ds_diag_run_outcome(const ds_diag_run *run)
{
	ds_diag_outcome o = { .status = DS_ERR_BUSY };

	if (!ds_diag_run_finished(run))
		return o;
	o.status = run->job ? run->job_status : DS_OK;
	if (run->net_job && (run->net_status == DS_ERR_CANCELLED || o.status == DS_OK))
		o.status = run->net_status;
	if (run->job && run->job_status == DS_ERR_CANCELLED)
		o.status = DS_ERR_CANCELLED;
	snprintf(o.message, sizeof o.message, "%s", run->job && run->job_status != DS_OK ? run->message : "");
	snprintf(o.laptop_message, sizeof o.laptop_message, "%s",
		 run->net_job && run->net_status != DS_OK ? run->net_message : "");
	o.laptop_checked = run->net_job && run->net_status == DS_OK;
	return o;
}

unsigned ds_diag_run_permille(const ds_diag_run *run)
{
	if (run->job && run->net_job)
		return (run->device_permille + run->net_permille) / 2;
	return run->net_job ? run->net_permille : run->device_permille;
}

size_t ds_diag_run_laptop_count(const ds_diag_run *run)
{
	return run->shown.n_checks;
}

bool ds_diag_run_laptop_check(const ds_diag_run *run, size_t i, ds_diag_laptop_check *out)
{
	const ds_net_check *c;

	if (i >= run->shown.n_checks)
		return false;
	c = &run->shown.checks[i];
	out->state = (ds_diag_laptop_state)c->state;
	snprintf(out->title, sizeof out->title, "%s", c->result.title);
	snprintf(out->target, sizeof out->target, "%s", run->shown.targets[c->target]);
	return true;
}

unsigned ds_diag_run_timeout_seconds(const ds_diag_run *run)
{
	return (run->shown.options.timeout_ms + 999) / 1000;
}

const struct ds_net_suite *ds_diag_run_suite(const ds_diag_run *run)
{
	return run->net_job && run->net_done ? &run->suite : NULL;
}

void ds_diag_run_counts(const ds_diag_run *run, size_t *pass, size_t *warn, size_t *fail)
{
	size_t n[3] = { 0 };

	for (size_t i = 0; i < run->n_results; i++)
		if ((unsigned)run->results[i].check.grade <= DS_CHECK_FAIL)
			n[run->results[i].check.grade]++;
	if (pass)
		*pass = n[DS_CHECK_PASS];
	if (warn)
		*warn = n[DS_CHECK_WARN];
	if (fail)
		*fail = n[DS_CHECK_FAIL];
}

int ds_diag_run_store(const ds_diag_run *run, ds_site *site)
{
	size_t pass, warn, fail;
	char counts[256];

	ds_site_clear_checks(site);
	for (size_t i = 0; i < run->n_results; i++)
		if (ds_site_put_check(site, run->results[i].device_serial, &run->results[i].check) < 0)
			return -1;
	ds_site_now(site->diagnostics_at);
	ds_diag_run_counts(run, &pass, &warn, &fail);
	ds_check_counts_text(counts, sizeof counts, pass, warn, fail);
	ds_site_note(site, _("Diagnostics: %s"), counts);
	return 0;
}

void ds_diag_run_free(ds_diag_run *run)
{
	if (!run)
		return;
	free(run->op.list);
	ds_net_suite_free(&run->suite);
	ds_net_suite_free(&run->shown);
	free(run->results);
	free(run);
}
