/* doorstep run [--demo] [--allow-unsigned] [--timeout SECONDS] PLAN.json [--json]: a whole setup without a terminal,
 * through the same core operations and rules as the wizard. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/cli/plan.h"
#include "app/core/account_ops.h"
#include "app/core/check_grade.h"
#include "app/core/device_ops.h"
#include "app/core/diag_run.h"
#include "app/core/esim_ops.h"
#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/plugin/plugin_trust.h"
#include "app/core/report.h"
#include "app/base/secret.h"
#include "app/core/session.h"
#include "app/base/safe_text.h"
#include "app/core/site_certs.h"
#include "app/core/site_store.h"
#include "app/core/flow.h"
#include "app/mno/mno_rules.h"
#include "app/plugin/plugin_loader.h"

/** Longest one operation on a device may take unless --timeout says (seconds):
 *  past it, the operation is cancelled and a plugin that does not stop is ended. */
#define DS_RUN_TIMEOUT_S 300
/** Longest --timeout accepted (seconds). */
#define DS_RUN_TIMEOUT_MAX_S 86400
#include "app/qr/lpa_code.h"

/** State of one run. */
typedef struct ds_run {
	const ds_plan *plan;
	ds_session *s;
	bool json;
	bool failed;                 /**< an operation or check failed: exit 1 */
	char message[1024];          /**< the last job's failure message */
	ds_cert_offer offer;         /**< the certificate the last job refused, when has_offer */
	bool has_offer;
	ds_site_device *discovered;  /**< devices found without a label */
	size_t n_discovered;
	char (*serials)[DS_ID_MAX];  /**< serial of each plan device, once identified */
	struct ds_run_lane **lanes;  /**< per plan device: the lane it was added in, or NULL */
	unsigned limit_ms;           /**< longest one operation may take */
} ds_run;

/** A lane: the device's plugin loaded once more, in a process of its own,
 *  with its own table of open devices and its own worker, so that devices
 *  of one plugin change at once. A device named by its address is added in
 *  a lane and keeps it until its passwords are done: that plugin process
 *  remembers which factory password the device took, and the device is
 *  not tried again with the others (a camera locks after a few failures). */
typedef struct ds_run_lane {
	ds_plugin_set *set;
	ds_devices *devices;
	ds_jobs *jobs;
} ds_run_lane;

/** Prints job progress for a person (stderr), unless --json. */
static void ds_run_on_event(const ds_event *ev, void *ctx)
{
	ds_run *run = ctx;

	if (ev->type == DS_EVENT_PROGRESS && !run->json && ev->message[0])
		fprintf(stderr, "  … %s\n", ev->message);
	if (ev->type == DS_EVENT_DONE && ev->status == DS_ERR_UNTRUSTED)
		run->has_offer = ds_cert_offer_take(ev->job_id, &run->offer);
	if (ev->type == DS_EVENT_ITEM && ev->item) {
		ds_site_device *found = ev->item;
		ds_site_device *grown = realloc(run->discovered, (run->n_discovered + 1) * sizeof *grown);

		if (grown) {
			run->discovered = grown;
			run->discovered[run->n_discovered++] = *found;
		}
	}
}

/** Runs a job on jobs (the session's or a lane's) to its end and keeps its message. */
static ds_status ds_run_job_on(ds_run *run, ds_jobs *jobs, ds_job_fn fn, void *arg)
{
	return ds_jobs_run(jobs, fn, arg, ds_run_on_event, run, run->message, sizeof run->message);
}

/** Runs a job on the session's worker to its end and keeps its message. */
static ds_status ds_run_job(ds_run *run, ds_job_fn fn, void *arg)
{
	return ds_run_job_on(run, run->s->jobs, fn, arg);
}

/** Runs a job on plan device pd. When it ends on a certificate doorstep
 *  has not accepted (trust on first use, app/core/site_certs.h): the plan's
 *  "certificate" for the device, if it names that very fingerprint, is
 *  accepted for the address that presented it and the job runs once more;
 *  otherwise run->message says which fingerprint to put in the plan. */
static ds_status ds_run_device_job_on(ds_run *run, ds_jobs *jobs, const ds_plan_device *pd, ds_job_fn fn, void *arg)
{
	char where[sizeof run->offer.hostport];
	ds_status st;

	run->has_offer = false;
	st = ds_run_job_on(run, jobs, fn, arg);
	if (st != DS_ERR_UNTRUSTED || !run->has_offer)
		return st;
	ds_safe_line(where, sizeof where, run->offer.hostport); /* from the plugin's URL */
	if (pd && pd->certificate[0] && strcmp(pd->certificate, run->offer.sha256) == 0) {
		if (ds_site_cert_accept(run->s->site, run->offer.hostport, run->offer.sha256) < 0)
			return st;
		if (!run->json)
			fprintf(stderr, _("Accepted the certificate of %s that the plan names\n"), where);
		run->has_offer = false;
		return ds_run_job_on(run, jobs, fn, arg);
	}
	if (run->offer.changed)
		snprintf(run->message, sizeof run->message,
			 _("the certificate of %s is not the one this site accepted: this may be another device "
			   "pretending to be it. Check the device; only if it was reset or replaced, put "
			   "\"certificate\": \"%s\" in its entry of the plan."),
			 where, run->offer.sha256);
	else
		snprintf(run->message, sizeof run->message,
			 _("the device at %s presents a certificate doorstep has not seen before (SHA-256 %s). "
			   "Compare it with the one on the device's web page or label, then add \"certificate\": "
			   "\"%s\" to its entry of the plan."),
			 where, run->offer.sha256, run->offer.sha256);
	return st;
}

/** ds_run_device_job_on on the session's worker. */
static ds_status ds_run_device_job(ds_run *run, const ds_plan_device *pd, ds_job_fn fn, void *arg)
{
	return ds_run_device_job_on(run, run->s->jobs, pd, fn, arg);
}

/** Frees a lane (ends its plugin process); NULL is allowed. */
static void ds_run_lane_free(ds_run_lane *lane)
{
	if (!lane)
		return;
	if (lane->set)
		ds_plugins_interrupt(lane->set);
	ds_jobs_free(lane->jobs);
	ds_devices_free(lane->devices);
	ds_plugins_free(lane->set);
	free(lane);
}

/** A new lane for the plugin plugin_id; NULL with a message that names the device. */
static ds_run_lane *ds_run_lane_new(ds_run *run, const char *plugin_id, const char *device_name)
{
	const ds_loaded_plugin *main_lp = ds_plugins_find(run->s->plugins, plugin_id);
	ds_run_lane *lane = calloc(1, sizeof *lane);
	char reason[512] = "";

	if (!lane || !main_lp || !(lane->set = calloc(1, sizeof *lane->set)) ||
	    !(lane->set->loaded = calloc(1, sizeof *lane->set->loaded))) {
		ds_cli_error("%s", _("Out of memory."));
		ds_run_lane_free(lane);
		return NULL;
	}
	lane->set->loaded[0] = ds_plugin_load_file_ex(main_lp->path, run->s->allow_unsigned, reason, sizeof reason);
	if (!lane->set->loaded[0]) {
		ds_cli_error(_("%s: the plugin %s could not be started again: %s"), device_name, plugin_id, reason);
		ds_run_lane_free(lane);
		return NULL;
	}
	lane->set->n_loaded = 1;
	ds_plugins_set_limit(lane->set, run->limit_ms);
	lane->devices = ds_devices_new(lane->set);
	lane->jobs = ds_jobs_new(1);
	if (!lane->devices || !lane->jobs) {
		ds_cli_error("%s", _("Out of memory."));
		ds_run_lane_free(lane);
		return NULL;
	}
	return lane;
}

/** Saves the site after a step; a failure to save stops the run. */
static bool ds_run_save(ds_run *run)
{
	char msg[512];

	if (ds_session_save(run->s, msg, sizeof msg) < 0) {
		ds_cli_error("%s", msg);
		return false;
	}
	return true;
}

/** The plan's entry for account user, or NULL. */
static const ds_plan_account *ds_run_plan_account(const ds_plan_device *pd, const char *user)
{
	for (size_t i = 0; pd && i < pd->n_accounts; i++)
		if (strcmp(pd->accounts[i].user, user) == 0)
			return &pd->accounts[i];
	return NULL;
}

/** The password the device at plan device pd's address should have already:
 *  when the site knows a device of plugin_id there (by its locator or the
 *  plan's name for it) that is off its factory password, the plan's new
 *  password for its primary account, else for the device. Secret memory, or NULL when
 *  there is none (a source that cannot be read is said later, by the
 *  password step). */
static char *ds_run_expected_password(ds_run *run, const ds_plan_device *pd, const char *plugin_id, const char *locator)
{
	ds_site *site = run->s->site;
	char msg[512];

	for (size_t i = 0; i < site->n_devices; i++) {
		const ds_site_device *known = &site->devices[i];

		if (strcmp(known->plugin_id, plugin_id) != 0 || known->on_factory_default ||
		    (strcmp(known->locator, locator) != 0 && (!pd->name[0] || strcmp(known->name, pd->name) != 0)))
			continue;
		/* as the password step chooses: the primary account's entry, else the device's */
		for (size_t k = 0; k < site->n_accounts; k++) {
			const ds_site_account *a = &site->accounts[k];
			const ds_plan_account *pa = ds_run_plan_account(pd, a->user);

			if (a->primary && strcmp(a->plugin_id, plugin_id) == 0 &&
			    strcmp(a->device_serial, known->serial) == 0 && pa && pa->action == DS_PLAN_ACCOUNT_PASSWORD)
				return ds_plan_read_secret(pa->password_env, pa->password_file, msg, sizeof msg);
		}
		if (pd->password_env[0] || pd->password_file[0])
			return ds_plan_read_secret(pd->password_env, pd->password_file, msg, sizeof msg);
		return NULL;
	}
	return NULL;
}

/** Adds plan device i by its label or its address. Returns an exit status. */
static int ds_run_add_claimed(ds_run *run, size_t i, const ds_plan_device *pd, ds_site_device *dev)
{
	ds_op_add_qr qr = { .devices = run->s->devices };
	ds_op_add_address addr = { .devices = run->s->devices };
	ds_status st;

	if (pd->qr[0]) {
		snprintf(qr.payload, sizeof qr.payload, "%s", pd->qr);
		st = ds_run_device_job(run, pd, ds_op_add_qr_job, &qr);
		*dev = qr.found;
	} else {
		/* claimed here, opened and read in a lane of its own (ds_run_lane) */
		snprintf(addr.address, sizeof addr.address, "%s", pd->address);
		addr.claim_only = true;
		st = ds_run_device_job(run, pd, ds_op_add_address_job, &addr);
		if (st == DS_OK) {
			run->lanes[i] = ds_run_lane_new(run, addr.plugin_id, pd->name[0] ? pd->name : pd->address);
			if (!run->lanes[i])
				return DS_EXIT_FAILED;
			addr.devices = run->lanes[i]->devices;
			/* a rerun: the plan's password before any factory one (fewer refused logins) */
			addr.expected_password = ds_run_expected_password(run, pd, addr.plugin_id, addr.locator);
			st = ds_run_device_job_on(run, run->lanes[i]->jobs, pd, ds_op_add_address_job, &addr);
			ds_secret_free((char *)addr.expected_password);
		}
		*dev = addr.found;
	}
	if (st == DS_OK)
		return DS_EXIT_OK;
	ds_cli_error(_("device %zu of the plan: %s"), i + 1, run->message);
	return st == DS_ERR_NOT_FOUND || st == DS_ERR_INVALID ? DS_EXIT_USAGE : DS_EXIT_FAILED;
}

/** Reads the accounts of a device with several and records them. Returns an
 *  exit status. A device off its factory default may show its accounts only
 *  after a login (a run finished again after a stop): later_ok leaves them
 *  to the password step then, without an error. */
static int ds_run_read_accounts(ds_run *run, ds_run_lane *lane, const ds_site_device *dev, bool later_ok)
{
	ds_op_accounts op = { .devices = lane ? lane->devices : run->s->devices, .device = *dev };
	ds_status st = ds_run_job_on(run, lane ? lane->jobs : run->s->jobs, ds_op_accounts_job, &op);
	int rc = DS_EXIT_OK;

	if (st == DS_ERR_AUTH && later_ok && !dev->on_factory_default) {
		free(op.accounts);
		return DS_EXIT_OK;
	}
	if (st != DS_OK) {
		ds_cli_error(_("%s: %s"), dev->name, run->message);
		rc = DS_EXIT_FAILED;
	} else if (ds_op_accounts_record(run->s->site, &op) < 0) {
		ds_cli_error("%s", _("Out of memory."));
		rc = DS_EXIT_FAILED;
	}
	free(op.accounts);
	return rc;
}

/** A device at an address the site met before, that could not tell who it
 *  is this time (no login yet: a run finished again after a stop, once its
 *  factory password is gone), keeps the identity the site knows it by. */
static void ds_run_same_address(ds_site *site, ds_site_device *dev)
{
	if (dev->model[0])
		return;
	for (size_t i = 0; i < site->n_devices; i++) {
		const ds_site_device *known = &site->devices[i];

		if (strcmp(known->plugin_id, dev->plugin_id) == 0 && strcmp(known->locator, dev->locator) == 0 &&
		    strcmp(known->serial, dev->serial) != 0) {
			snprintf(dev->serial, sizeof dev->serial, "%s", known->serial);
			snprintf(dev->vendor, sizeof dev->vendor, "%s", known->vendor);
			snprintf(dev->model, sizeof dev->model, "%s", known->model);
			snprintf(dev->firmware, sizeof dev->firmware, "%s", known->firmware);
			return;
		}
	}
}

/** Step Devices: identify and open every device of the plan. Returns an exit status. */
static int ds_run_devices(ds_run *run)
{
	ds_site *site = run->s->site;
	bool need_discovery = false;

	for (size_t i = 0; i < run->plan->n_devices; i++)
		need_discovery = need_discovery || run->plan->devices[i].serial[0] || run->plan->devices[i].locator[0];
	if (need_discovery) {
		ds_op_discover op = { .devices = run->s->devices };

		ds_run_job(run, ds_op_discover_job, &op);
	}
	for (size_t i = 0; i < run->plan->n_devices; i++) {
		const ds_plan_device *pd = &run->plan->devices[i];
		ds_site_device dev;
		bool found = false;

		if (pd->qr[0] || pd->address[0]) {
			int rc = ds_run_add_claimed(run, i, pd, &dev);

			if (rc != DS_EXIT_OK)
				return rc;
		} else {
			for (size_t k = 0; k < run->n_discovered && !found; k++) {
				const ds_site_device *f = &run->discovered[k];

				if (pd->serial[0] ? strcmp(f->serial, pd->serial) == 0
						  : strcmp(f->locator, pd->locator) == 0) {
					dev = *f;
					found = true;
				}
			}
			if (!found && pd->locator[0]) {
				ds_cli_error(_("the plan names an unknown device: nothing was found at \"%s\". Run "
					       "\"doorstep discover --json\" and copy the device's locator, and check that "
					       "it is powered and on this network."),
					     pd->locator);
				return DS_EXIT_USAGE;
			}
			if (!found) {
				ds_cli_error(_("the plan names an unknown device: no device with serial number \"%s\" was found. "
					       "Check the number on its label, and that it is powered and in pairing mode."),
					     pd->serial);
				return DS_EXIT_USAGE;
			}
		}
		if (pd->address[0])
			ds_run_same_address(site, &dev);
		if (pd->name[0])
			snprintf(dev.name, sizeof dev.name, "%s", pd->name);
		if (!ds_site_put_device(site, &dev))
			return DS_EXIT_FAILED;
		snprintf(run->serials[i], DS_ID_MAX, "%s", dev.serial);
		if ((dev.features & DS_FEATURE_ACCOUNTS) &&
		    ds_run_read_accounts(run, run->lanes[i], &dev, true) != DS_EXIT_OK)
			return DS_EXIT_FAILED;
		if (!run->json)
			fprintf(stderr, _("Added %s (%s %s)\n"), dev.name, dev.vendor, dev.serial);
	}
	ds_site_note(site, P_("%zu device set up by plan", "%zu devices set up by plan", run->plan->n_devices),
		     run->plan->n_devices);
	ds_flow_advance(site, DS_STEP_DEVICES);
	return ds_run_save(run) ? DS_EXIT_OK : DS_EXIT_FAILED;
}

/** The plan entry for a site device, or NULL. */
static const ds_plan_device *ds_run_plan_entry(ds_run *run, const ds_site_device *dev)
{
	for (size_t i = 0; i < run->plan->n_devices; i++)
		if (strcmp(run->serials[i], dev->serial) == 0)
			return &run->plan->devices[i];
	return NULL;
}

/** Reads the plan's new password for dev into *fresh and, when the plan
 *  gives it, the current one into *current (secret memory, else NULL).
 *  *fresh stays NULL when the plan names none and the device needs none.
 *  DS_EXIT_OK, or DS_EXIT_USAGE with a message. */
static int ds_run_password_secrets(const ds_site_device *dev, const ds_plan_device *pd, char **fresh, char **current)
{
	char msg[512];

	*fresh = *current = NULL;
	if (!pd->password_env[0] && !pd->password_file[0]) {
		if (!dev->on_factory_default)
			return DS_EXIT_OK;
		ds_cli_error(_("%s (%s) still has its factory-default password: give \"password_env\" or "
			       "\"password_file\" for it in the plan."),
			     dev->name, dev->serial);
		return DS_EXIT_USAGE;
	}
	*fresh = ds_plan_read_secret(pd->password_env, pd->password_file, msg, sizeof msg);
	if (!*fresh) {
		ds_cli_error("%s: %s", dev->name, msg);
		return DS_EXIT_USAGE;
	}
	if (!dev->on_factory_default && (pd->current_env[0] || pd->current_file[0])) {
		*current = ds_plan_read_secret(pd->current_env, pd->current_file, msg, sizeof msg);
		if (!*current) {
			ds_cli_error("%s: %s", dev->name, msg);
			ds_secret_free(*fresh);
			*fresh = NULL;
			return DS_EXIT_USAGE;
		}
	}
	return DS_EXIT_OK;
}

/** Changes one device's password from the plan's source. Returns an exit status. */
static int ds_run_password(ds_run *run, ds_site_device *dev, const ds_plan_device *pd)
{
	ds_op_password op = { .devices = run->s->devices, .device = *dev };
	char *fresh, *current;
	ds_password_context ctx;
	ds_password_verdict verdict;
	int rc = ds_run_password_secrets(dev, pd, &fresh, &current);
	ds_status st;

	if (rc != DS_EXIT_OK || !fresh)
		return rc;
	ds_session_password_context(&ctx, run->s->site, dev, run->s->passwords);
	ctx.current = current;
	verdict = ds_password_evaluate(fresh, &ctx);
	if (!verdict.accepted) {
		ds_cli_error(_("the new password for %s is refused: %s"), dev->name,
			     verdict.n_reasons ? verdict.reasons[0].text : _("it is too easy to guess"));
		rc = DS_EXIT_USAGE;
		goto out;
	}
	op.current = current;
	op.new_password = fresh;
	/* A run stopped after the device took the new password, before the
	 * site recorded it: the same plan proves it and records it. */
	op.check_already_set = !dev->on_factory_default;
	st = ds_run_device_job(run, pd, ds_op_password_job, &op);
	if (st == DS_ERR_AUTH && !current && !dev->on_factory_default) {
		ds_cli_error(_("%s already has its own password: give \"current_password_env\" or "
			       "\"current_password_file\" to change it."),
			     dev->name);
		rc = DS_EXIT_USAGE;
		goto out;
	}
	if (st != DS_OK) {
		ds_cli_error(_("%s: the password was not changed: %s"), dev->name, run->message);
		rc = DS_EXIT_FAILED;
		goto out;
	}
	ds_op_password_record(run->s->site, &op);
	if (!run->json && op.already_set)
		fprintf(stderr, _("%s already had the plan's password: verified\n"), dev->name);
	else if (!run->json)
		fprintf(stderr, _("Password changed and verified on %s\n"), dev->name);
	/* Without it the register cannot see this password reused on another device. */
	if (ds_password_register_put(run->s->passwords, dev->serial, fresh) < 0) {
		ds_cli_error("%s", _("Out of memory."));
		rc = DS_EXIT_FAILED;
	}
out:
	ds_secret_free(fresh);
	ds_secret_free(current);
	return rc;
}

/** True when the site holds accounts of dev. */
static bool ds_run_has_accounts(const ds_site *site, const ds_site_device *dev)
{
	for (size_t i = 0; i < site->n_accounts; i++)
		if (strcmp(site->accounts[i].plugin_id, dev->plugin_id) == 0 &&
		    strcmp(site->accounts[i].device_serial, dev->serial) == 0)
			return true;
	return false;
}

/** Checks the plan against the accounts of dev: every account it names
 *  exists, and every account on a default gets a new password or is
 *  deleted. DS_EXIT_OK, or an exit status after a message that names them. */
static int ds_run_accounts_check(ds_run *run, const ds_site_device *dev, const ds_plan_device *pd)
{
	ds_site *site = run->s->site;
	char left[512] = "";
	size_t len = 0;

	for (size_t i = 0; pd && i < pd->n_accounts; i++)
		if (!ds_site_find_account(site, dev->plugin_id, dev->serial, pd->accounts[i].user)) {
			ds_cli_error(_("%s (%s) has no account \"%s\": remove it from the plan's \"accounts\"."),
				     dev->name, dev->serial, pd->accounts[i].user);
			return DS_EXIT_USAGE;
		}
	for (size_t i = 0; i < site->n_accounts; i++) {
		const ds_site_account *a = &site->accounts[i];
		const ds_plan_account *pa = ds_run_plan_account(pd, a->user);
		bool covered = pa && pa->action != DS_PLAN_ACCOUNT_KEEP;

		if (strcmp(a->plugin_id, dev->plugin_id) != 0 || strcmp(a->device_serial, dev->serial) != 0 ||
		    !a->on_factory_default || a->done == DS_ACCOUNT_DELETED)
			continue;
		/* The primary account may take the device's own "password_env". */
		if (!pa && a->primary && pd && (pd->password_env[0] || pd->password_file[0]))
			covered = true;
		if (!covered)
			len += (size_t)snprintf(left + len, len < sizeof left ? sizeof left - len : 0, "%s%s",
						len ? ", " : "", a->user);
	}
	if (len) {
		ds_cli_error(_("%s (%s): these accounts still have a factory-default password and the plan does not "
			       "replace them: %s. Name each under \"accounts\" with a new password "
			       "({\"password_env\": ...}) or \"delete\"."),
			     dev->name, dev->serial, left);
		return DS_EXIT_FAILED;
	}
	return DS_EXIT_OK;
}

/** Most devices with accounts set up at once, each in plugin processes of its own. */
#define DS_RUN_LANES_MAX 16
/** How often the main thread looks at the devices being set up (ms). */
#define DS_RUN_LANES_TICK_MS 50

/** One change to an account other than the primary, prepared on the main thread. */
typedef struct ds_run_step {
	const ds_plan_account *pa;
	char *fresh; /**< the new password (secret), or NULL to delete */
	ds_op_account_password pw;
	ds_op_account_delete del;
} ds_run_step;

/** One device with accounts, set up in a lane of its own. */
typedef struct ds_run_cam {
	ds_site_device *dev;
	const ds_plan_device *pd;
	ds_run_lane *lane;
	ds_op_password pw; /**< the primary account, when pw.new_password */
	char *current;
	ds_run_step steps[DS_LIST_MAX];
	size_t n_steps;
	bool primary_done;
	size_t steps_done;
	uint64_t job;
	bool finished;
	ds_status st;
	char message[256];
} ds_run_cam;

/** The job of one device: the primary account, then the others in the plan's order. */
static ds_status ds_run_cam_job(ds_job *job, void *arg)
{
	ds_run_cam *c = arg;
	ds_status st;

	if (c->pw.new_password) {
		st = ds_op_password_job(job, &c->pw);
		if (st != DS_OK)
			return st;
		c->primary_done = true;
	}
	for (size_t i = 0; i < c->n_steps; i++) {
		ds_run_step *step = &c->steps[i];

		st = step->fresh ? ds_op_account_password_job(job, &step->pw) : ds_op_account_delete_job(job, &step->del);
		if (st != DS_OK)
			return st;
		c->steps_done = i + 1;
	}
	return DS_OK;
}

/** Reads and checks (the policy, with each account's own limits) the new
 *  passwords of c, on the main thread. DS_EXIT_OK, or an exit status after a message. */
static int ds_run_cam_prepare(ds_run *run, ds_run_cam *c)
{
	ds_site *site = run->s->site;
	ds_site_device *dev = c->dev;
	ds_password_context ctx;
	ds_password_verdict verdict;
	char msg[512], key[2 * DS_ID_MAX + 2];
	int rc = ds_run_accounts_check(run, dev, c->pd);

	for (size_t i = 0; i < site->n_accounts && rc == DS_EXIT_OK; i++) {
		const ds_site_account *a = &site->accounts[i];
		const ds_plan_account *pa = ds_run_plan_account(c->pd, a->user);
		ds_plan_device primary = *c->pd;
		char *fresh = NULL;

		if (!a->primary || strcmp(a->plugin_id, dev->plugin_id) != 0 || strcmp(a->device_serial, dev->serial) != 0)
			continue;
		if (pa && pa->action == DS_PLAN_ACCOUNT_PASSWORD) {
			snprintf(primary.password_env, sizeof primary.password_env, "%s", pa->password_env);
			snprintf(primary.password_file, sizeof primary.password_file, "%s", pa->password_file);
		}
		rc = ds_run_password_secrets(dev, &primary, &fresh, &c->current);
		if (rc != DS_EXIT_OK || !fresh)
			break;
		ds_session_password_context(&ctx, site, dev, run->s->passwords);
		ctx.current = c->current;
		verdict = ds_password_evaluate(fresh, &ctx);
		c->pw = (ds_op_password){ .devices = c->lane->devices,
					  .device = *dev,
					  .current = c->current,
					  .new_password = fresh,
					  .check_already_set = !dev->on_factory_default };
		if (!verdict.accepted) {
			ds_cli_error(_("the new password for %s is refused: %s"), dev->name,
				     verdict.n_reasons ? verdict.reasons[0].text : _("it is too easy to guess"));
			rc = DS_EXIT_USAGE;
		} else if (ds_password_register_put(run->s->passwords, dev->serial, fresh) < 0) {
			rc = DS_EXIT_FAILED;
		}
	}
	for (size_t k = 0; k < c->pd->n_accounts && rc == DS_EXIT_OK; k++) {
		const ds_plan_account *pa = &c->pd->accounts[k];
		const ds_site_account *acc = ds_site_find_account(site, dev->plugin_id, dev->serial, pa->user);
		ds_run_step *step = &c->steps[c->n_steps];

		if (!acc || acc->primary || pa->action == DS_PLAN_ACCOUNT_KEEP || c->n_steps == DS_LIST_MAX)
			continue;
		step->pa = pa;
		c->n_steps++;
		if (pa->action == DS_PLAN_ACCOUNT_DELETE) {
			step->del = (ds_op_account_delete){ .devices = c->lane->devices, .device = *dev };
			snprintf(step->del.user, sizeof step->del.user, "%s", pa->user);
			continue;
		}
		step->fresh = ds_plan_read_secret(pa->password_env, pa->password_file, msg, sizeof msg);
		if (!step->fresh) {
			ds_cli_error(_("%s, account %s: %s"), dev->name, pa->user, msg);
			rc = DS_EXIT_USAGE;
			break;
		}
		ds_session_password_context(&ctx, site, dev, run->s->passwords);
		ctx.rules = &acc->rules;
		verdict = ds_password_evaluate(step->fresh, &ctx);
		if (!verdict.accepted) {
			ds_cli_error(_("the new password for account %s on %s is refused: %s"), pa->user, dev->name,
				     verdict.n_reasons ? verdict.reasons[0].text : _("it is too easy to guess"));
			rc = DS_EXIT_USAGE;
			break;
		}
		snprintf(key, sizeof key, "%s/%s", dev->serial, pa->user);
		if (ds_password_register_put(run->s->passwords, key, step->fresh) < 0)
			rc = DS_EXIT_FAILED;
		step->pw = (ds_op_account_password){ .devices = c->lane->devices,
						     .device = *dev,
						     .new_password = step->fresh };
		snprintf(step->pw.user, sizeof step->pw.user, "%s", pa->user);
	}
	return rc;
}

/** The lane changed the device's password from a plugin process of its
 *  own: this session's plugin logs in with it too (a login, no change), so
 *  that the steps after Passwords (diagnostics, the report) reach the
 *  device with the password it has now. */
static void ds_run_cam_adopt(ds_run *run, const ds_run_cam *c)
{
	ds_site_device *d = ds_site_find_device(run->s->site, c->dev->plugin_id, c->dev->serial);
	ds_op_password op = { .devices = run->s->devices, .new_password = c->pw.new_password, .check_already_set = true };

	if (!d || d->on_factory_default)
		return;
	op.device = *d;
	if (ds_run_job(run, ds_op_password_job, &op) != DS_OK)
		ds_cli_error(_("%s: the new password works, but this session could not log in with it, so the checks "
			       "and the report may miss it. Run the same plan again once the device answers: it logs "
			       "in with the new password first. (%s)"),
			     d->name, run->message);
}

/** Records in the site what c proved (and only that) and says what failed. */
static int ds_run_cam_record(ds_run *run, ds_run_cam *c)
{
	ds_site *site = run->s->site;
	const char *name = c->dev->name;

	if (c->primary_done) {
		ds_op_password_record(site, &c->pw);
		if (!run->json)
			fprintf(stderr,
				c->pw.already_set ? _("%s already had the plan's password: verified\n")
						  : _("Password changed and verified on %s\n"),
				name);
	}
	for (size_t i = 0; i < c->steps_done; i++) {
		const ds_run_step *step = &c->steps[i];

		if (step->fresh)
			ds_op_account_password_record(site, &step->pw);
		else
			ds_op_account_delete_record(site, &step->del);
		if (!run->json)
			fprintf(stderr,
				step->fresh ? _("Password of account %s changed and verified on %s\n")
					    : _("Account %s deleted and verified on %s\n"),
				step->pa->user, name);
	}
	if (c->st == DS_OK)
		return DS_EXIT_OK;
	if (c->pw.new_password && !c->primary_done)
		ds_cli_error(_("%s: the password was not changed: %s"), name, c->message);
	else if (c->steps_done < c->n_steps)
		ds_cli_error(c->steps[c->steps_done].fresh ? _("%s: the password of account %s was not changed: %s")
							   : _("%s: account %s was not deleted: %s"),
			     name, c->steps[c->steps_done].pa->user, c->message);
	return DS_EXIT_FAILED;
}

/** Shows a lane's progress and takes its result. */
static void ds_run_cam_events(ds_run *run, ds_run_cam *c)
{
	ds_event ev;

	while (ds_jobs_next_event(c->lane->jobs, &ev)) {
		if (ev.type == DS_EVENT_PROGRESS && !run->json && ev.message[0])
			fprintf(stderr, "  … %s: %s\n", c->dev->name, ev.message);
		if (ev.type == DS_EVENT_ITEM && ev.item && ev.item_free)
			ev.item_free(ev.item);
		if (ev.type == DS_EVENT_DONE && ev.job_id == c->job) {
			c->finished = true;
			c->st = ev.status;
			snprintf(c->message, sizeof c->message, "%s", ev.message);
		}
	}
}

/** Sets up n devices with accounts at once, each in a lane of its own.
 *  Returns an exit status. */
static int ds_run_cams(ds_run *run, ds_run_cam *cams, size_t n)
{
	int rc = DS_EXIT_OK;
	size_t left = 0;

	for (size_t i = 0; i < n && rc == DS_EXIT_OK; i++) {
		size_t k = (size_t)(cams[i].pd - run->plan->devices);

		/* the lane the device was added in, handed over; else a new one */
		cams[i].lane = run->lanes[k] ? run->lanes[k]
					     : ds_run_lane_new(run, cams[i].dev->plugin_id, cams[i].dev->name);
		run->lanes[k] = NULL;
		rc = cams[i].lane ? ds_run_cam_prepare(run, &cams[i]) : DS_EXIT_FAILED;
	}
	for (size_t i = 0; i < n && rc == DS_EXIT_OK; i++) {
		cams[i].job = ds_jobs_submit(cams[i].lane->jobs, ds_run_cam_job, &cams[i]);
		if (!cams[i].job)
			rc = DS_EXIT_FAILED;
		else
			left++;
	}
	while (left > 0) {
		left = 0;
		for (size_t i = 0; i < n; i++) {
			if (cams[i].job && !cams[i].finished)
				ds_run_cam_events(run, &cams[i]);
			left += cams[i].job && !cams[i].finished;
		}
		if (left)
			nanosleep(&(struct timespec){ .tv_nsec = DS_RUN_LANES_TICK_MS * 1000000L }, NULL);
	}
	/* Recorded on this thread, in the plan's order, only what was proven. */
	for (size_t i = 0; i < n; i++) {
		if (cams[i].job && ds_run_cam_record(run, &cams[i]) != DS_EXIT_OK && rc == DS_EXIT_OK)
			rc = DS_EXIT_FAILED;
		if (cams[i].job && cams[i].primary_done)
			ds_run_cam_adopt(run, &cams[i]);
		ds_secret_free((char *)cams[i].pw.new_password);
		ds_secret_free(cams[i].current);
		for (size_t k = 0; k < cams[i].n_steps; k++)
			ds_secret_free(cams[i].steps[k].fresh);
		ds_run_lane_free(cams[i].lane);
	}
	return ds_run_save(run) ? rc : DS_EXIT_FAILED;
}

/** Step Passwords. Returns an exit status. */
static int ds_run_passwords(ds_run *run)
{
	ds_site *site = run->s->site;
	ds_run_cam *cams = calloc(DS_RUN_LANES_MAX, sizeof *cams);
	size_t n_cams = 0;
	int rc = DS_EXIT_OK;

	if (!cams)
		return DS_EXIT_FAILED;
	/* Devices with accounts (cameras) are independent: set up at once. */
	for (size_t i = 0; i < site->n_devices && rc == DS_EXIT_OK; i++) {
		ds_site_device *dev = &site->devices[i];
		const ds_plan_device *pd = ds_run_plan_entry(run, dev);

		if (!dev->has_password || !pd || !ds_run_has_accounts(site, dev))
			continue;
		memset(&cams[n_cams], 0, sizeof cams[n_cams]);
		cams[n_cams].dev = dev;
		cams[n_cams].pd = pd;
		if (++n_cams == DS_RUN_LANES_MAX) {
			rc = ds_run_cams(run, cams, n_cams);
			n_cams = 0;
		}
	}
	if (rc == DS_EXIT_OK && n_cams)
		rc = ds_run_cams(run, cams, n_cams);
	free(cams);
	if (rc != DS_EXIT_OK)
		return rc;
	for (size_t i = 0; i < site->n_devices; i++) {
		ds_site_device *dev = &site->devices[i];
		const ds_plan_device *pd = ds_run_plan_entry(run, dev);

		if (!dev->has_password)
			continue;
		if (!pd) {
			if (dev->on_factory_default) {
				ds_cli_error(_("%s (%s) still has its factory-default password and the plan does not name it."),
					     dev->name, dev->serial);
				return DS_EXIT_USAGE;
			}
			continue;
		}
		if (ds_run_has_accounts(site, dev))
			continue; /* done above */
		rc = ds_run_password(run, dev, pd);
		/* Accounts shown only after a login (a run again after a stop): read
		 * them now, and do what the plan says for each (the primary is proven
		 * again), in a lane as above. */
		if (rc == DS_EXIT_OK && (dev->features & DS_FEATURE_ACCOUNTS)) {
			rc = ds_run_read_accounts(run, NULL, dev, false);
			if (rc == DS_EXIT_OK && ds_run_has_accounts(site, dev)) {
				ds_run_cam cam = { .dev = dev, .pd = pd };

				rc = ds_run_cams(run, &cam, 1);
			}
		}
		if (rc != DS_EXIT_OK)
			return rc;
		if (!ds_run_save(run))
			return DS_EXIT_FAILED;
	}
	ds_flow_advance(site, DS_STEP_PASSWORDS);
	return ds_run_save(run) ? DS_EXIT_OK : DS_EXIT_FAILED;
}

/** Joins the devices the plan names a Wi-Fi network for. Returns an exit status. */
static int ds_run_wifi(ds_run *run)
{
	ds_site *site = run->s->site;

	for (size_t i = 0; i < site->n_devices; i++) {
		ds_site_device *dev = &site->devices[i];
		const ds_plan_device *pd = ds_run_plan_entry(run, dev);
		ds_op_wifi_join op = { .devices = run->s->devices, .device = *dev };
		char *key = NULL, msg[512];

		if (!pd || !pd->wifi_ssid[0])
			continue;
		if (!(dev->features & DS_FEATURE_WIFI)) {
			ds_cli_error(_("%s has no Wi-Fi: remove \"wifi\" from its entry in the plan."), dev->name);
			return DS_EXIT_USAGE;
		}
		if (pd->wifi_key_env[0] || pd->wifi_key_file[0]) {
			key = ds_plan_read_secret(pd->wifi_key_env, pd->wifi_key_file, msg, sizeof msg);
			if (!key) {
				ds_cli_error("%s: %s", dev->name, msg);
				return DS_EXIT_USAGE;
			}
		}
		snprintf(op.ssid, sizeof op.ssid, "%s", pd->wifi_ssid);
		op.key = key;
		ds_status st = ds_run_job(run, ds_op_wifi_join_job, &op);

		ds_secret_free(key);
		if (st != DS_OK) {
			ds_cli_error(_("%s could not join \"%s\": %s"), dev->name, pd->wifi_ssid, run->message);
			return st == DS_ERR_INVALID || st == DS_ERR_AUTH || st == DS_ERR_NOT_FOUND ? DS_EXIT_USAGE : DS_EXIT_FAILED;
		}
		ds_op_wifi_join_record(site, &op);
		if (!run->json)
			fprintf(stderr, _("%s joined Wi-Fi \"%s\"\n"), dev->name, dev->wifi_ssid);
		if (!ds_run_save(run))
			return DS_EXIT_FAILED;
	}
	return DS_EXIT_OK;
}

/** The profile matching want (ICCID, or MCC+MNC preferring one in reach), or NULL. */
static const ds_esim_profile *ds_run_find_profile(const ds_op_profiles *p, const char *want)
{
	const ds_esim_profile *best = NULL;

	for (size_t i = 0; i < p->n; i++) {
		char code[8];

		if (strcmp(p->profiles[i].iccid, want) == 0)
			return &p->profiles[i];
		snprintf(code, sizeof code, "%s%s", p->profiles[i].mcc, p->profiles[i].mnc);
		if (strcmp(code, want) == 0 && (!best || (!best->in_reach && p->profiles[i].in_reach)))
			best = &p->profiles[i];
	}
	return best;
}

/** cellular.add_profile: downloads a profile from the plan's activation
 *  code (read from its variable or file into secure memory). Exit status. */
static int ds_run_add_profile(ds_run *run, ds_site_device *modem)
{
	const ds_plan *plan = run->plan;
	ds_op_esim_download op = { .devices = run->s->devices, .device = *modem };
	ds_qr_lpa *lpa = NULL;
	ds_qr_error err;
	char *code, *confirm = NULL, message[512];
	int rc = DS_EXIT_USAGE;

	code = ds_plan_read_secret(plan->activation_env, plan->activation_file, message, sizeof message);
	if (!code) {
		ds_cli_error(_("activation code: %s"), message);
		return DS_EXIT_USAGE;
	}
	lpa = ds_secret_alloc(sizeof *lpa);
	if (!lpa || ds_qr_lpa_parse(code, strlen(code), lpa, &err) < 0) {
		ds_cli_error("%s", _("the activation code is not an eSIM activation code (it starts with \"LPA:1$\"); "
				     "check the variable or file the plan names."));
		goto out;
	}
	if (plan->confirmation_env[0] || plan->confirmation_file[0]) {
		confirm = ds_plan_read_secret(plan->confirmation_env, plan->confirmation_file, message, sizeof message);
		if (!confirm) {
			ds_cli_error(_("confirmation code: %s"), message);
			goto out;
		}
	} else if (lpa->confirmation_code_required) {
		ds_cli_error("%s", _("this activation code needs the operator's confirmation code: name it in "
				     "cellular.add_profile (\"confirmation_code_env\" or \"confirmation_code_file\")."));
		goto out;
	}
	op.activation_code = code;
	op.confirmation_code = confirm;
	if (ds_run_job(run, ds_op_esim_download_job, &op) != DS_OK) {
		ds_cli_error(_("downloading the eSIM profile failed: %s"), run->message);
		rc = DS_EXIT_FAILED;
		goto out;
	}
	ds_site_note(run->s->site, _("eSIM profile downloaded from %s"), lpa->smdp_address);
	if (!run->json)
		fprintf(stderr, _("Downloaded an eSIM profile from %s\n"), lpa->smdp_address);
	rc = DS_EXIT_OK;
out:
	ds_secret_free(lpa);
	ds_secret_free(confirm);
	ds_secret_free(code);
	return rc;
}

/** Reads the profiles and, where the module can, matches them to an
 *  operator scan. DS_OK or the failed job's status. */
static ds_status ds_run_read_profiles(ds_run *run, ds_op_profiles *read)
{
	ds_op_operator_scan scan = { .devices = run->s->devices, .device = read->device };
	ds_status st = ds_run_job(run, ds_op_profiles_job, read);

	if (st != DS_OK)
		return st;
	if (ds_run_job(run, ds_op_operator_scan_job, &scan) == DS_OK && scan.supported)
		ds_mno_apply_scan(read->profiles, read->n, scan.networks, scan.n);
	else if (scan.supported && !run->json)
		fprintf(stderr, _("The operator scan failed (%s); using the signal the module reported.\n"), run->message);
	free(scan.networks);
	return DS_OK;
}

/** The failover test left the panel on the backup: set the primary again
 *  (once), and say what happened and what to do. */
static void ds_run_return_to_primary(ds_run *run, ds_op_apply_cellular *apply)
{
	ds_site *site = run->s->site;

	ds_cli_error("%s", _("the panel did not return to its primary after the failover test; setting the "
			     "primary again."));
	if (ds_run_job(run, ds_op_apply_cellular_job, apply) == DS_OK) {
		ds_site_note(site, _("The primary %s was set again after the failover test"),
			     site->cellular.primary.operator_name);
		ds_cli_error("%s", _("the primary is set again. Run the plan again to repeat the failover test; if the "
				     "panel sticks to the backup again, power-cycle it."));
	} else {
		site->cellular.applied = false;
		ds_site_note(site, _("Setting the primary again failed: %s"), run->message);
		ds_cli_error(_("setting the primary again failed (%s). The panel still sends alarms over the backup. "
			       "Power-cycle the panel (unplug it and take out its battery for 10 seconds), then run "
			       "the plan again."), run->message);
	}
}

/** Step Cellular. Returns an exit status. */
static int ds_run_cellular(ds_run *run)
{
	ds_site *site = run->s->site;
	ds_site_device *modem = ds_flow_cellular_device(site);
	ds_op_apply_cellular apply = { 0 };
	const ds_esim_profile *primary, *backup;
	char why[512];
	int rc = DS_EXIT_OK;

	if (!modem)
		return DS_EXIT_OK;
	if (run->plan->add_profile) {
		rc = ds_run_add_profile(run, modem);
		if (rc != DS_EXIT_OK || !ds_run_save(run))
			return rc != DS_EXIT_OK ? rc : DS_EXIT_FAILED;
	}
	if (!run->plan->primary[0]) {
		if (!run->json)
			fprintf(stderr, "%s\n", _("The plan chooses no primary and backup operator: they are left as they are."));
		return DS_EXIT_OK;
	}
	apply.read_back.devices = run->s->devices;
	apply.read_back.device = *modem;
	if (ds_run_read_profiles(run, &apply.read_back) != DS_OK) {
		ds_cli_error("%s", run->message);
		rc = DS_EXIT_FAILED;
		goto out;
	}
	primary = ds_run_find_profile(&apply.read_back, run->plan->primary);
	backup = ds_run_find_profile(&apply.read_back, run->plan->backup);
	if (!primary || !backup) {
		ds_cli_error(_("the eSIM has no profile \"%s\"; give an ICCID or MCC+MNC the device lists."),
			     !primary ? run->plan->primary : run->plan->backup);
		rc = DS_EXIT_USAGE;
		goto out;
	}
	switch (ds_mno_check_choice(primary, backup, why, sizeof why)) {
	case DS_CHOICE_REFUSED:
		ds_cli_error("%s", why);
		rc = DS_EXIT_USAGE;
		goto out;
	case DS_CHOICE_WARN:
		fprintf(stderr, "%s %s\n", _("Warning:"), why);
		break;
	case DS_CHOICE_OK:
		break;
	}
	snprintf(apply.primary_iccid, sizeof apply.primary_iccid, "%s", primary->iccid);
	snprintf(apply.backup_iccid, sizeof apply.backup_iccid, "%s", backup->iccid);
	site->cellular.applied = false;
	if (ds_run_job(run, ds_op_apply_cellular_job, &apply) != DS_OK) {
		ds_cli_error(_("applying the operator choice failed: %s"), run->message);
		rc = DS_EXIT_FAILED;
		goto out;
	}
	/* The job read the profiles back (and checked their roles): record what the device reports now. */
	primary = ds_run_find_profile(&apply.read_back, apply.primary_iccid);
	backup = ds_run_find_profile(&apply.read_back, apply.backup_iccid);
	if (!primary || !backup) {
		ds_cli_error(_("applying the operator choice failed: %s"),
			     _("The device did not keep the choice (read back differs). Apply again; if it "
			       "persists, restart the panel."));
		rc = DS_EXIT_FAILED;
		goto out;
	}
	ds_cellular_choice_record(site, modem->serial, primary, backup);
	if (!ds_run_save(run)) {
		rc = DS_EXIT_FAILED;
		goto out;
	}
	if (run->plan->failover_test) {
		ds_op_failover fo = { .devices = run->s->devices, .device = *modem };
		ds_status st = ds_run_job(run, ds_op_failover_job, &fo);
		char text[DS_TEXT_MAX + 128];

		ds_failover_record(site, st, &fo.result, run->message, 0);
		ds_failover_text(&site->cellular, text, sizeof text);
		if (st != DS_OK) {
			ds_cli_error("%s", text);
			run->failed = true;
			if (site->cellular.failover == DS_FAILOVER_STUCK)
				ds_run_return_to_primary(run, &apply);
		} else if (!run->json) {
			fprintf(stderr, "%s\n", text);
		}
	}
	ds_flow_advance(site, DS_STEP_CELLULAR);
	if (!ds_run_save(run))
		rc = DS_EXIT_FAILED;
out:
	free(apply.read_back.profiles);
	return rc;
}

/** Prints each result as it arrives (the laptop's and the devices'), unless --json. */
static void ds_run_on_check(const ds_diag_update *u, void *ctx)
{
	ds_run *run = ctx;

	if (u->check && !run->json)
		fprintf(stderr, "  [%s] %s: %s\n", ds_check_grade_word(u->check->grade), u->check->title,
			u->check->value);
}

/** A repair's events: progress printed, the device's checks taken into the site. */
static void ds_run_on_repair_event(const ds_event *ev, void *ctx)
{
	ds_run *run = ctx;
	const ds_op_check_item *item = ev->item;

	if (ev->type == DS_EVENT_PROGRESS && !run->json && ev->message[0])
		fprintf(stderr, "  … %s\n", ev->message);
	if (ev->type != DS_EVENT_ITEM || !item)
		return;
	if (ds_site_put_check(run->s->site, item->device_serial, &item->check) < 0)
		run->failed = true;
	else if (!run->json)
		fprintf(stderr, "  [%s] %s: %s\n", ds_check_grade_word(item->check.grade), item->check.title,
			item->check.value);
}

/** The plan's "repair": each repair a device's check offers, where the
 *  check did not pass, once; the device's checks then run again and
 *  replace its results in the site. */
static void ds_run_repairs(ds_run *run)
{
	ds_site *site = run->s->site;
	size_t n = site->n_checks;

	for (size_t i = 0; i < n && i < site->n_checks; i++) {
		ds_site_check c = site->checks[i]; /* a copy: the repair's results change the list */
		ds_op_check_fix op = { .diagnose = { .devices = run->s->devices, .n = 1 } };
		const ds_site_device *d = NULL;
		ds_site_device device;
		ds_status st;

		for (size_t k = 0; k < site->n_devices && !d && c.device_serial[0]; k++)
			if (strcmp(site->devices[k].serial, c.device_serial) == 0)
				d = &site->devices[k];
		if (!d || !c.check.fix[0] || c.check.grade == DS_CHECK_PASS || c.check.grade == DS_CHECK_SKIPPED)
			continue;
		device = *d;
		op.diagnose.list = &device;
		snprintf(op.fix, sizeof op.fix, "%s", c.check.fix);
		if (!run->json)
			fprintf(stderr, _("%s: repairing \"%s\"\n"), device.name,
				c.check.fix_title[0] ? c.check.fix_title : c.check.title);
		st = ds_jobs_run(run->s->jobs, ds_op_check_fix_job, &op, ds_run_on_repair_event, run, run->message,
				 sizeof run->message);
		if (st != DS_OK) {
			ds_cli_error(_("%s: the repair \"%s\" did not work: %s Follow the check's advice, then run the "
				       "plan again."),
				     device.name, c.check.fix_title[0] ? c.check.fix_title : c.check.title,
				     run->message[0] ? run->message : ds_status_str(st));
			run->failed = true;
		}
	}
}

/** Counts the site's checks that failed. */
static size_t ds_run_failed_checks(const ds_site *site)
{
	size_t fail = 0;

	for (size_t i = 0; i < site->n_checks; i++)
		fail += site->checks[i].check.grade == DS_CHECK_FAIL;
	return fail;
}

/** Step Diagnostics: the laptop's network checks and the devices' checks,
 *  recorded in the site as the wizard does. Returns an exit status. */
static int ds_run_diagnostics(ds_run *run)
{
	ds_site *site = run->s->site;
	char laptop_error[256];
	ds_diag_run *diag = ds_diag_run_start(run->s, site, laptop_error, sizeof laptop_error);
	ds_diag_outcome outcome;
	size_t fail;

	if (!diag) {
		ds_cli_error(_("diagnostics did not finish: %s"), laptop_error);
		return DS_EXIT_FAILED;
	}
	if (laptop_error[0]) {
		/* The report would lack the laptop's proof: say why, and fail the run. */
		fprintf(stderr, "%s ", _("Warning:"));
		fprintf(stderr, _("The laptop's network checks cannot run: %s The devices are checked."), laptop_error);
		fputc('\n', stderr);
		run->failed = true;
	} else if (!run->json) {
		fprintf(stderr, "  … %s\n", _("Laptop: starting the network checks"));
	}
	ds_diag_run_wait(diag, ds_run_on_check, run);
	outcome = ds_diag_run_outcome(diag);
	if (outcome.status != DS_OK) {
		ds_cli_error(_("diagnostics did not finish: %s"), outcome.message[0] ? outcome.message
								  : outcome.laptop_message[0]
									  ? outcome.laptop_message
									  : ds_status_str(outcome.status));
		ds_diag_run_free(diag);
		return DS_EXIT_FAILED;
	}
	if (ds_diag_run_store(diag, site) < 0) {
		ds_cli_error("%s", _("Out of memory."));
		ds_diag_run_free(diag);
		return DS_EXIT_FAILED;
	}
	ds_diag_run_free(diag);
	if (run->plan->repair)
		ds_run_repairs(run);
	fail = ds_run_failed_checks(site);
	if (fail)
		run->failed = true;
	ds_flow_advance(site, DS_STEP_DIAGNOSTICS);
	return ds_run_save(run) ? DS_EXIT_OK : DS_EXIT_FAILED;
}

/** Opens the plan's site, or starts it. Returns an exit status. */
static int ds_run_open_site(ds_run *run)
{
	char msg[512];
	ds_site *site = NULL;

	switch (ds_site_load(run->plan->site, &site, msg, sizeof msg)) {
	case DS_SITE_LOADED:
		break;
	case DS_SITE_MISSING:
		site = ds_site_new(run->plan->site);
		if (!site)
			return DS_EXIT_FAILED;
		ds_site_note(site, "%s", _("Site created by plan"));
		break;
	case DS_SITE_CORRUPT:
		fprintf(stderr, "%s\n", msg);
		site = ds_site_new(run->plan->site);
		if (!site)
			return DS_EXIT_FAILED;
		break;
	case DS_SITE_ERROR:
		ds_cli_error("%s", msg);
		return DS_EXIT_FAILED;
	}
	if (ds_session_open_site(run->s, site, msg, sizeof msg) < 0) {
		ds_cli_error("%s", msg);
		return DS_EXIT_FAILED;
	}
	return DS_EXIT_OK;
}

/** Step Summary: the report. Returns an exit status. */
static int ds_run_summary(ds_run *run)
{
	ds_site *site = run->s->site;
	char path[4096], msg[512];
	bool complete = true;

	for (int s = DS_STEP_DEVICES; s < DS_STEP_SUMMARY; s++)
		complete = complete && ds_flow_step_complete(site, (ds_step)s);
	if (complete) {
		ds_site_now(site->completed_at);
		site->step_done[DS_STEP_SUMMARY] = true;
		site->current_step = DS_STEP_SUMMARY;
	}
	if (!ds_run_save(run))
		return DS_EXIT_FAILED;
	if (run->plan->report[0])
		snprintf(path, sizeof path, "%s", run->plan->report);
	else if (ds_report_default_path(site, path, sizeof path) < 0)
		return DS_EXIT_FAILED;
	if (ds_report_write(site, path, msg, sizeof msg) < 0) {
		ds_cli_error("%s", msg);
		return DS_EXIT_FAILED;
	}
	if (run->json) {
		cJSON *report = ds_report_build(site);
		cJSON *result = cJSON_AddObjectToObject(report, "run");

		cJSON_AddBoolToObject(result, "ok", !run->failed && complete);
		cJSON_AddBoolToObject(result, "complete", complete);
		cJSON_AddStringToObject(result, "report_path", path);
		ds_json_print(report, true);
		cJSON_Delete(report);
	} else {
		fprintf(stderr, _("Report written to %s\n"), path);
		if (!complete)
			fprintf(stderr, "%s\n", _("The setup is not complete: see the report for the steps left."));
	}
	if (!complete)
		run->failed = true;
	return DS_EXIT_OK;
}

int ds_cmd_run(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("run");
	const char *path = NULL;
	bool demo = false, json = false, allow_unsigned = false;
	unsigned limit_ms = DS_RUN_TIMEOUT_S * 1000u;
	char msg[512];
	ds_run run = { 0 };
	int rc;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--demo") == 0)
			demo = true;
		else if (strcmp(argv[i], "--allow-unsigned") == 0)
			allow_unsigned = true;
		else if (strcmp(argv[i], "--timeout") == 0) {
			if (i + 1 >= argc || !ds_cli_seconds(argv[++i], DS_RUN_TIMEOUT_MAX_S, &limit_ms))
				return ds_cli_usage_error(cmd, _("--timeout takes whole seconds from 1 to %d"),
							  DS_RUN_TIMEOUT_MAX_S);
		} else if (argv[i][0] == '-')
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
		else if (!path)
			path = argv[i];
		else
			return ds_cli_usage_error(cmd, "%s", _("give one plan file"));
	}
	if (!path)
		return ds_cli_usage_error(cmd, "%s", _("which plan? Give the path of a plan file"));
	if (allow_unsigned)
		ds_cli_error("%s", ds_trust_unsigned_warning());
	ds_plan *plan = ds_plan_load(path, msg, sizeof msg);

	if (!plan) {
		ds_cli_error("%s", msg);
		return DS_EXIT_USAGE;
	}
	run.plan = plan;
	run.json = json;
	run.serials = calloc(plan->n_devices, sizeof *run.serials);
	run.lanes = calloc(plan->n_devices ? plan->n_devices : 1, sizeof *run.lanes);
	run.s = ds_session_new_ex(&(ds_session_options){ .demo = demo, .allow_unsigned = allow_unsigned },
				  msg, sizeof msg);
	if (!run.s || !run.serials || !run.lanes) {
		ds_cli_error("%s", run.s ? _("Out of memory.") : msg);
		free(run.serials);
		free(run.lanes);
		ds_session_free(run.s);
		ds_plan_free(plan);
		return DS_EXIT_FAILED;
	}
	/* A plugin that hangs is ended; run goes on with the next step. */
	ds_plugins_set_limit(run.s->plugins, limit_ms);
	run.limit_ms = limit_ms;
	rc = ds_run_open_site(&run);
	if (rc == DS_EXIT_OK)
		rc = ds_run_devices(&run);
	if (rc == DS_EXIT_OK)
		rc = ds_run_passwords(&run);
	if (rc == DS_EXIT_OK)
		rc = ds_run_wifi(&run);
	if (rc == DS_EXIT_OK)
		rc = ds_run_cellular(&run);
	if (rc == DS_EXIT_OK && plan->diagnostics)
		rc = ds_run_diagnostics(&run);
	if (rc == DS_EXIT_OK)
		rc = ds_run_summary(&run);
	if (rc == DS_EXIT_OK && run.failed)
		rc = DS_EXIT_FAILED;
	for (size_t i = 0; i < plan->n_devices; i++)
		ds_run_lane_free(run.lanes[i]); /* devices whose passwords were not reached */
	free(run.lanes);
	free(run.discovered);
	free(run.serials);
	ds_session_free(run.s);
	ds_plan_free(plan);
	return rc;
}
