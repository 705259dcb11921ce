/* doorstep diag [--json] [--url URL]...: the laptop's network checks, all
 * at once. Without --url it checks the targets of config.json, else the
 * default targets and the cloud endpoints of every real (not simulated)
 * plugin. Exit 1 when a check fails, 2 on bad usage. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/core/check_grade.h"
#include "app/core/diag_run.h"
#include "app/core/diag_targets.h"
#include "app/base/i18n.h"
#include "app/base/json_util.h"
#include "app/net/net_suite.h"

/** Says on stderr how far the checks are (a person waits for them). */
static void ds_diag_on_update(const ds_diag_update *u, void *ctx)
{
	(void)ctx;
	if (u->news == DS_DIAG_NEWS_PROGRESS)
		fprintf(stderr, "\r%s", u->message);
}

/** Prints the results as one JSON document. */
static void ds_diag_json(const ds_net_suite *s, size_t pass, size_t warn, size_t fail)
{
	cJSON *root = cJSON_CreateObject(), *targets, *checks;

	targets = cJSON_AddArrayToObject(root, "targets");
	for (size_t i = 0; i < s->n_targets; i++)
		cJSON_AddItemToArray(targets, cJSON_CreateString(s->targets[i]));
	cJSON_AddStringToObject(root, "portal_url", s->options.portal_url);
	cJSON_AddNumberToObject(root, "timeout_ms", s->options.timeout_ms);
	cJSON_AddNumberToObject(root, "wall_ms", (double)s->wall_ms);
	cJSON_AddNumberToObject(root, "passed", (double)pass);
	cJSON_AddNumberToObject(root, "warnings", (double)warn);
	cJSON_AddNumberToObject(root, "failed", (double)fail);
	checks = cJSON_AddArrayToObject(root, "checks");
	for (size_t i = 0; i < s->n_checks; i++) {
		const ds_net_check *c = &s->checks[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "id", c->result.id);
		cJSON_AddStringToObject(o, "kind", ds_net_kind_name(c->kind));
		cJSON_AddStringToObject(o, "target", s->targets[c->target]);
		cJSON_AddStringToObject(o, "title", c->result.title);
		cJSON_AddStringToObject(o, "grade", ds_check_grade_id(c->result.grade));
		cJSON_AddStringToObject(o, "value", c->result.value);
		cJSON_AddStringToObject(o, "advice", c->result.advice);
		cJSON_AddNumberToObject(o, "ms", (double)c->ms);
		cJSON_AddItemToArray(checks, o);
	}
	ds_json_print(root, true);
	cJSON_Delete(root);
}

/** Prints the results for a person: one line per check, advice under what is not a pass. */
static void ds_diag_text(const ds_net_suite *s, size_t pass, size_t warn, size_t fail)
{
	static const char *const marks[] = { "✓", "!", "✗", "-" };
	char summary[256];

	for (size_t i = 0; i < s->n_checks; i++) {
		const ds_check *c = &s->checks[i].result;

		printf("%s %-50s %s\n", marks[(unsigned)c->grade <= DS_CHECK_SKIPPED ? c->grade : DS_CHECK_SKIPPED],
		       c->title, c->value);
		if (c->grade == DS_CHECK_WARN || c->grade == DS_CHECK_FAIL)
			printf("    %s\n", c->advice);
	}
	ds_check_counts_text(summary, sizeof summary, pass, warn, fail);
	printf(_("%s (in %ld ms).\n"), summary, s->wall_ms);
}

int ds_cmd_diag(int argc, char **argv)
{
	const ds_cli_command *cmd = ds_cli_find("diag");
	ds_diag_targets targets = { 0 };
	ds_net_options options;
	ds_plugin_set *plugins = NULL;
	const ds_net_suite *suite;
	ds_diag_run *run;
	ds_jobs *jobs;
	bool json = false;
	char error[512];
	size_t pass, warn, fail;
	ds_diag_outcome outcome;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (ds_cli_is_help(argv[i])) {
			ds_cli_help(cmd);
			printf("\n%s\n", _("Checks from this computer, all at once, each target's name look-up, connection, "
					    "certificate (chain, expiry, host name), HTTP answer, response times, this "
					    "computer's clock (from the server's Date), IPv4 and IPv6 apart, and whether the "
					    "network shows a sign-in page (captive portal)."));
			printf("\n%s\n%s\n%s\n", _("  --url URL   check URL (http or https) instead of the usual targets; repeat for more"),
			       _("  --json      print one JSON document with every check, its grade, value and advice"),
			       _("Without --url: the \"targets\" of the \"diagnostics\" settings in config.json, else "
				 "a public service and every plugin's cloud. Exit 0 when nothing failed (warnings "
				 "allowed), 1 when a check failed, 2 on bad usage. See docs/diagnostics.md."));
			return DS_EXIT_OK;
		}
	}
	error[0] = '\0';
	if (ds_diag_targets_config(&options, NULL, error, sizeof error) < 0) {
		ds_cli_error("%s", error);
		return DS_EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--url") == 0) {
			if (i + 1 >= argc) {
				ds_diag_targets_free(&targets);
				return ds_cli_usage_error(cmd, "%s", _("--url needs a web address, e.g. --url https://example.com/"));
			}
			if (ds_diag_targets_add(&targets, argv[++i]) < 0) {
				ds_diag_targets_free(&targets);
				ds_cli_error("%s", _("Out of memory."));
				return DS_EXIT_FAILED;
			}
		} else {
			ds_diag_targets_free(&targets);
			return ds_cli_usage_error(cmd, _("unknown option \"%s\""), argv[i]);
		}
	}
	if (targets.n == 0 && ds_diag_targets_config(&options, &targets, error, sizeof error) == 0 && targets.n == 0) {
		plugins = ds_plugins_load(NULL);
		rc = ds_diag_targets_defaults(&targets, plugins, false);
		ds_plugins_free(plugins);
		if (rc < 0) {
			ds_diag_targets_free(&targets);
			ds_cli_error("%s", _("Out of memory."));
			return DS_EXIT_FAILED;
		}
	}
	jobs = ds_jobs_new(1);
	if (!jobs) {
		ds_diag_targets_free(&targets);
		ds_cli_error("%s", _("Cannot start a worker thread."));
		return DS_EXIT_FAILED;
	}
	run = ds_diag_run_start_ex(&(ds_diag_request){ .jobs = jobs,
						       .urls = (const char *const *)targets.urls,
						       .n_urls = targets.n },
				   error, sizeof error);
	ds_diag_targets_free(&targets);
	if (!run) {
		ds_jobs_free(jobs);
		return ds_cli_usage_error(cmd, "%s", error);
	}
	ds_diag_run_wait(run, ds_diag_on_update, NULL);
	ds_jobs_free(jobs);
	fputc('\n', stderr);
	outcome = ds_diag_run_outcome(run);
	suite = ds_diag_run_suite(run);
	if (outcome.status != DS_OK || !suite) {
		ds_cli_error(_("The network checks did not run: %s"),
			     outcome.laptop_message[0] ? outcome.laptop_message : ds_status_str(outcome.status));
		ds_diag_run_free(run);
		return DS_EXIT_FAILED;
	}
	ds_net_suite_counts(suite, NULL, &pass, &warn, &fail);
	if (json)
		ds_diag_json(suite, pass, warn, fail);
	else
		ds_diag_text(suite, pass, warn, fail);
	ds_diag_run_free(run);
	return fail ? DS_EXIT_FAILED : DS_EXIT_OK;
}
