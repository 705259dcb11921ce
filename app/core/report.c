/* The commissioning report. It is built only from the site model, which
 * holds no secret by construction. */
#include "app/core/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/check_grade.h"
#include "app/base/i18n.h"
#include "app/base/paths.h"
#include "app/core/flow.h"

/** Adds the accounts of a device with more than one: each, and what was
 *  done to it (never a password). */
static void ds_report_accounts(cJSON *o, const ds_site *site, const ds_site_device *d)
{
	cJSON *arr = NULL;

	for (size_t i = 0; i < site->n_accounts; i++) {
		const ds_site_account *a = &site->accounts[i];
		cJSON *acc;

		if (strcmp(a->plugin_id, d->plugin_id) != 0 || strcmp(a->device_serial, d->serial) != 0)
			continue;
		if (!arr)
			arr = cJSON_AddArrayToObject(o, "accounts");
		acc = cJSON_CreateObject();
		cJSON_AddStringToObject(acc, "user", a->user);
		cJSON_AddStringToObject(acc, "role", ds_account_role_id(a->role));
		cJSON_AddStringToObject(acc, "done", ds_account_done_id(a->done));
		cJSON_AddStringToObject(acc, "done_at", a->done_at);
		cJSON_AddBoolToObject(acc, "on_factory_default", a->on_factory_default);
		cJSON_AddItemToArray(arr, acc);
	}
}

/** Adds the cellular part. */
static void ds_report_cellular(cJSON *root, const ds_site *site)
{
	const ds_site_cellular *c = &site->cellular;
	cJSON *o = cJSON_AddObjectToObject(root, "cellular");
	const ds_site_profile *roles[2] = { &c->primary, &c->backup };
	const char *names[2] = { "primary", "backup" };

	cJSON_AddBoolToObject(o, "required", ds_flow_needs_cellular(site));
	cJSON_AddStringToObject(o, "device", c->device_serial);
	for (int i = 0; i < 2; i++) {
		cJSON *p = cJSON_AddObjectToObject(o, names[i]);

		cJSON_AddStringToObject(p, "iccid", roles[i]->iccid);
		cJSON_AddStringToObject(p, "operator_code", roles[i]->operator_code);
		cJSON_AddStringToObject(p, "operator", roles[i]->operator_name);
	}
	cJSON_AddBoolToObject(o, "applied", c->applied);
	cJSON_AddStringToObject(o, "failover", ds_failover_id(c->failover));
	cJSON_AddStringToObject(o, "failover_detail", c->failover_detail);
	cJSON_AddNumberToObject(o, "failover_switch_ms", c->failover_switch_ms);
	cJSON_AddStringToObject(o, "failover_at", c->failover_at);
}

cJSON *ds_report_build(const ds_site *site)
{
	cJSON *root = cJSON_CreateObject(), *steps, *devices, *checks;
	char now[32];

	if (!root)
		return NULL;
	ds_site_now(now);
	cJSON_AddStringToObject(root, "report", "doorstep-commissioning");
	cJSON_AddNumberToObject(root, "format", 1);
	cJSON_AddStringToObject(root, "generated_at", now);
	cJSON_AddStringToObject(root, "doorstep_version", DS_VERSION);
	cJSON_AddStringToObject(root, "site", site->name);
	cJSON_AddStringToObject(root, "created_at", site->created_at);
	cJSON_AddStringToObject(root, "completed_at", site->completed_at);
	steps = cJSON_AddObjectToObject(root, "steps");
	for (int s = DS_STEP_DEVICES; s < DS_STEP_COUNT; s++)
		cJSON_AddBoolToObject(steps, ds_step_id((ds_step)s), ds_flow_step_complete(site, (ds_step)s));
	devices = cJSON_AddArrayToObject(root, "devices");
	for (size_t i = 0; i < site->n_devices; i++) {
		const ds_site_device *d = &site->devices[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "name", d->name);
		cJSON_AddStringToObject(o, "kind", ds_kind_id(d->kind));
		cJSON_AddStringToObject(o, "vendor", d->vendor);
		cJSON_AddStringToObject(o, "model", d->model);
		cJSON_AddStringToObject(o, "serial", d->serial);
		cJSON_AddStringToObject(o, "firmware", d->firmware);
		cJSON_AddStringToObject(o, "plugin", d->plugin_id);
		cJSON_AddStringToObject(o, "password",
					!d->has_password ? "none" : d->on_factory_default ? "factory-default" : "changed");
		cJSON_AddStringToObject(o, "password_changed_at", d->password_changed_at);
		if (d->features & DS_FEATURE_WIFI)
			cJSON_AddStringToObject(o, "wifi", d->wifi_ssid);
		ds_report_accounts(o, site, d);
		cJSON_AddItemToArray(devices, o);
	}
	cJSON_AddNumberToObject(root, "devices_on_factory_default", (double)ds_site_devices_on_default(site));
	ds_report_cellular(root, site);
	checks = cJSON_AddArrayToObject(root, "diagnostics");
	for (size_t i = 0; i < site->n_checks; i++) {
		const ds_site_check *c = &site->checks[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "device", c->device_serial[0] ? c->device_serial : "laptop");
		cJSON_AddStringToObject(o, "id", c->check.id);
		cJSON_AddStringToObject(o, "title", c->check.title);
		cJSON_AddStringToObject(o, "grade", ds_check_grade_id(c->check.grade));
		cJSON_AddStringToObject(o, "value", c->check.value);
		cJSON_AddStringToObject(o, "advice", c->check.advice);
		if (c->check.fix[0])
			cJSON_AddStringToObject(o, "fix", c->check.fix);
		cJSON_AddItemToArray(checks, o);
	}
	cJSON_AddStringToObject(root, "diagnostics_at", site->diagnostics_at);
	return root;
}

int ds_report_default_path(const ds_site *site, char *buf, size_t size)
{
	char dir[4096];
	int n;

	if (ds_paths_state_dir(dir, sizeof dir) < 0)
		return -1;
	n = snprintf(buf, size, "%s/reports/%s.json", dir, site->name);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

int ds_report_write(const ds_site *site, const char *path, char *message, size_t message_size)
{
	cJSON *json = ds_report_build(site);
	char *text = json ? cJSON_Print(json) : NULL;
	char dir[4096];
	int rc = 0;

	cJSON_Delete(json);
	if (!text) {
		snprintf(message, message_size, "%s", _("Out of memory while writing the report."));
		return -1;
	}
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');

	if (slash && slash != dir) {
		*slash = '\0';
		rc = ds_paths_mkdir_p(dir); /* on failure, errno says why below */
	}
	if (rc == 0)
		rc = ds_paths_write_atomic(path, text, strlen(text));
	free(text);
	if (rc < 0)
		snprintf(message, message_size, _("Cannot write the report to %s: %s. Choose another place."),
			 path, strerror(errno));
	return rc;
}
