/* doorstep report [--json] SITE */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/base/i18n.h"
#include "app/base/i18n_charset.h"
#include "app/base/json_util.h"
#include "app/base/safe_text.h"
#include "app/core/check_grade.h"
#include "app/core/esim_ops.h"
#include "app/core/report.h"
#include "app/core/site_store.h"
#include "app/base/text_columns.h"
#include "app/core/flow.h"

/** Prints the report for a person. */
static void ds_report_text(const ds_site *site)
{
	printf(_("Commissioning report: %s\n"), site->name);
	printf(_("Started %s, completed %s\n\n"), site->created_at, site->completed_at[0] ? site->completed_at : _("not yet"));
	printf("%s\n", _("Devices:"));
	for (size_t i = 0; i < site->n_devices; i++) {
		const ds_site_device *d = &site->devices[i];
		/* Names, vendor and serial came from the devices: each one safe line. */
		char safe[4 * DS_NAME_MAX], name[4 * DS_NAME_MAX + 32], kind[96], vendor[4 * DS_NAME_MAX],
			serial[4 * DS_ID_MAX];

		ds_safe_line(safe, sizeof safe, d->name);
		printf("  %s %s %s %s  %s\n", ds_text_pad(name, sizeof name, safe, 20),
		       ds_text_pad(kind, sizeof kind, ds_kind_name(d->kind), 14),
		       ds_safe_line(vendor, sizeof vendor, d->vendor), ds_safe_line(serial, sizeof serial, d->serial),
		       !d->has_password        ? _("no password")
		       : d->on_factory_default ? _("FACTORY-DEFAULT PASSWORD")
					       : _("password changed"));
	}
	if (ds_flow_needs_cellular(site)) {
		const ds_site_cellular *c = &site->cellular;
		char failover[DS_TEXT_MAX + 128];

		printf("\n%s\n", _("Cellular:"));
		printf(_("  primary %s (%s), backup %s (%s), %s\n"), c->primary.operator_name, c->primary.operator_code,
		       c->backup.operator_name, c->backup.operator_code, c->applied ? _("applied") : _("not applied"));
		ds_failover_text(c, failover, sizeof failover);
		printf("  %s\n", failover);
	}
	if (site->n_checks) {
		printf("\n%s\n", _("Diagnostics:"));
		for (size_t i = 0; i < site->n_checks; i++) {
			const ds_site_check *c = &site->checks[i];

			char grade[64], where[96];

			printf("  [%s] %s %s: %s\n",
			       ds_text_pad(grade, sizeof grade, ds_check_grade_word(c->check.grade), 7),
			       ds_text_pad(where, sizeof where, c->device_serial[0] ? c->device_serial : _("laptop"), 10),
			       c->check.title, c->check.value);
		}
	}
}

int ds_cmd_report(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("report");
	const char *name = NULL;
	bool json = false;
	char message[512], typed[4 * 64 + 1];
	ds_site *site;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i]))
			return ds_cli_help(cmd);
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (argv[i][0] == '-')
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
		else if (!name)
			name = argv[i];
		else
			return ds_cli_usage_error(cmd, "%s", _("give one site name"));
	}
	if (!name)
		return ds_cli_usage_error(cmd, "%s", _("which site? Give its name"));
	/* Typed in the terminal's charset; site names are UTF-8. */
	if (ds_i18n_input_utf8(name, strlen(name), typed, sizeof typed) >= 0)
		name = typed;
	switch (ds_site_load(name, &site, message, sizeof message)) {
	case DS_SITE_LOADED:
		break;
	case DS_SITE_MISSING:
		ds_cli_error(_("there is no site \"%s\". The wizard or \"doorstep run\" creates one."), name);
		return DS_EXIT_USAGE;
	case DS_SITE_CORRUPT:
		ds_cli_error("%s", message);
		return DS_EXIT_FAILED;
	case DS_SITE_ERROR:
		ds_cli_error("%s", message);
		return DS_EXIT_USAGE;
	}
	if (json) {
		cJSON *report = ds_report_build(site);

		ds_json_print(report, true);
		cJSON_Delete(report);
	} else {
		ds_report_text(site);
	}
	ds_site_free(site);
	return DS_EXIT_OK;
}
