/* doorstep plugin check [--json] [--locator LOC] [--qr PAYLOAD]
 * [--timeout SECONDS] FILE.so: the conformance checker for vendors
 * (app/plugin/check/plugin_check.h). Exit 0 when every check passes, 1 when one
 * fails, 2 on bad usage. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/base/i18n.h"
#include "app/base/text_columns.h"
#include "app/base/json_util.h"
#include "app/plugin/check/plugin_check.h"

/** Longest --timeout accepted (seconds). */
#define CHECK_TIMEOUT_MAX_S 3600

/** Prints the report as one JSON document. */
static void ds_plugin_check_json(const ds_plugin_check_report *r, bool passed)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *checks;
	unsigned counts[3] = { 0, 0, 0 };

	cJSON_AddStringToObject(root, "file", r->path);
	if (r->plugin_id[0]) {
		cJSON *plugin = cJSON_AddObjectToObject(root, "plugin");

		cJSON_AddStringToObject(plugin, "id", r->plugin_id);
		cJSON_AddStringToObject(plugin, "version", r->version);
		cJSON_AddStringToObject(plugin, "abi", r->abi);
	} else {
		cJSON_AddNullToObject(root, "plugin");
	}
	cJSON_AddStringToObject(root, "verdict", passed ? "pass" : "fail");
	checks = cJSON_AddArrayToObject(root, "checks");
	for (size_t i = 0; i < r->n_results; i++) {
		const ds_plugin_check_result *c = &r->results[i];
		cJSON *o = cJSON_CreateObject();

		counts[c->verdict]++;
		cJSON_AddStringToObject(o, "id", c->id);
		cJSON_AddStringToObject(o, "verdict", ds_plugin_check_verdict_str(c->verdict));
		cJSON_AddNumberToObject(o, "calls", c->calls);
		cJSON_AddStringToObject(o, "detail", c->detail);
		cJSON_AddItemToArray(checks, o);
	}
	cJSON_AddNumberToObject(root, "passed", counts[DS_PCHECK_PASS]);
	cJSON_AddNumberToObject(root, "failed", counts[DS_PCHECK_FAIL]);
	cJSON_AddNumberToObject(root, "skipped", counts[DS_PCHECK_SKIP]);
	ds_json_print(root, true);
	cJSON_Delete(root);
}

/** Prints the report for a person: one line per check, then the verdict. */
static void ds_plugin_check_text(const ds_plugin_check_report *r, bool passed)
{
	const char *labels[] = { _("PASS"), _("FAIL"), _("SKIP") };
	unsigned failed = 0;
	int width = 0;
	char pad[64];

	/* The verdict column is as wide as the widest translated verdict. */
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (ds_text_columns(labels[i]) > width)
			width = ds_text_columns(labels[i]);
	printf("%s %s\n", _("Plugin file:"), r->path);
	if (r->plugin_id[0])
		printf(_("Plugin %s %s, ABI %s\n"), r->plugin_id, r->version, r->abi);
	printf("\n");
	for (size_t i = 0; i < r->n_results; i++) {
		const ds_plugin_check_result *c = &r->results[i];
		const char *label = labels[c->verdict == DS_PCHECK_PASS ? 0 : c->verdict == DS_PCHECK_FAIL ? 1 : 2];

		if (c->verdict == DS_PCHECK_FAIL)
			failed++;
		printf("  %s  %-17s %s\n", ds_text_pad(pad, sizeof pad, label, width), c->id, c->detail);
	}
	printf("\n");
	if (passed)
		printf("%s\n", _("The plugin passed every check."));
	else
		printf(P_("%u check failed: fix the plugin and run the check again.\n",
			  "%u checks failed: fix the plugin and run the check again.\n", failed), failed);
}

/** doorstep plugin check ... (argv[0] is "check"). */
static int ds_plugin_check_cmd(const ds_cli_command *cmd, int argc, char **argv)
{
	ds_plugin_check_options opts = { 0 };
	ds_plugin_check_report report;
	const char *file = NULL;
	bool json = false, passed;
	struct stat st;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (ds_cli_is_help(a))
			return ds_cli_help(cmd);
		if (strcmp(a, "--json") == 0) {
			json = true;
		} else if (strcmp(a, "--locator") == 0 && i + 1 < argc) {
			opts.locator = argv[++i];
		} else if (strcmp(a, "--qr") == 0 && i + 1 < argc) {
			opts.qr_payload = argv[++i];
		} else if (strcmp(a, "--timeout") == 0 && i + 1 < argc) {
			if (!ds_cli_seconds(argv[++i], CHECK_TIMEOUT_MAX_S, &opts.timeout_ms))
				return ds_cli_usage_error(cmd, _("--timeout takes whole seconds from 1 to %d, "
								 "not \"%s\""), CHECK_TIMEOUT_MAX_S, argv[i]);
		} else if (a[0] == '-') {
			return ds_cli_usage_error(cmd, _("unknown option \"%s\" (or its value is missing)"), a);
		} else if (file) {
			return ds_cli_usage_error(cmd, _("give one plugin file; \"%s\" is a second one"), a);
		} else {
			file = a;
		}
	}
	if (!file)
		return ds_cli_usage_error(cmd, "%s", _("give the plugin file to check, e.g. build/acme.so"));
	if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
		return ds_cli_usage_error(cmd, _("\"%s\" is not a readable file"), file);
	if (ds_plugin_check_run(file, &opts, &report) != 0) {
		ds_cli_error(_("cannot run the checks: %s"), strerror(errno));
		return DS_EXIT_FAILED;
	}
	passed = ds_plugin_check_passed(&report);
	if (json)
		ds_plugin_check_json(&report, passed);
	else
		ds_plugin_check_text(&report, passed);
	ds_plugin_check_report_free(&report);
	return passed ? DS_EXIT_OK : DS_EXIT_FAILED;
}

int ds_cmd_plugin(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("plugin");

	if (argc < 2)
		return ds_cli_usage_error(cmd, "%s", _("missing subcommand: check"));
	if (ds_cli_is_help(argv[1]))
		return ds_cli_help(cmd);
	if (strcmp(argv[1], "check") == 0)
		return ds_plugin_check_cmd(cmd, argc - 1, argv + 1);
	return ds_cli_usage_error(cmd, _("unknown subcommand \"%s\""), argv[1]);
}
