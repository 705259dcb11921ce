/* The CLI contract: every subcommand, --json outputs, exit statuses, and
 * `run` performing a whole demo setup without a terminal. Runs the real
 * binary. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/wait.h>

#include "app/base/paths.h"
#include "app/core/site_lock.h"
#include "tests/support/net_fixture.h"
#include "tests/support/test_support.h"

static const char *tmp;
static ds_net_fixture servers; /* the laptop's targets, for plans that run diagnostics */
static char plan_path[4200];

/** The binary under test. */
static const char *bin(void)
{
	return getenv("DOORSTEP_BIN");
}

/** A fresh XDG tree per test, and the demo's passwords in the environment. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	unsetenv("DOORSTEP_PLUGIN_PATH");
	unsetenv("DOORSTEP_DEMO_FAULT");
	setenv("PANEL_PW", "orchid tractor velvet lamp", 1);
	setenv("CAMERA_PW", "quiet harbour pencil 42", 1);
	setenv("DOOR_PIN", "917304", 1);
	setenv("MOTION_PIN", "508216", 1);
	setenv("WIFI_KEY", "sunflower meadow 1987", 1);
	snprintf(plan_path, sizeof plan_path, "%s/plan.json", tmp);
}

/** Stops the servers if a test started them, and removes the tree. */
static void teardown(void)
{
	ds_net_fixture_stop(&servers);
	ds_test_rmtree(tmp);
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 240);

/** Writes text to the plan file. */
static void write_plan(const char *text)
{
	FILE *f = fopen(plan_path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/** Runs doorstep with up to 6 arguments; returns the status. */
static int run(char **out, char **err, const char *a, const char *b, const char *c, const char *d)
{
	const char *argv[] = { bin(), a, b, c, d, NULL };

	return ds_test_run(argv, "", out, err);
}

/** Parses out as JSON or fails the test. */
static cJSON *parse(const char *out)
{
	cJSON *j = cJSON_Parse(out);

	cr_assert_not_null(j, "not JSON: %s", out);
	return j;
}

/** A whole demo setup plan (devices by label and by serial, cellular, diagnostics). */
static const char *full_plan =
	"{ \"site\": \"Plan house\",\n"
	"  \"devices\": [\n"
	"    { \"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\", \"name\": \"Hall panel\", \"password_env\": \"PANEL_PW\" },\n"
	"    { \"qr\": \"DSDEMO:1:DCT:DC200-4B19E7:A1\", \"name\": \"Front door\", \"password_env\": \"DOOR_PIN\" },\n"
	"    { \"serial\": \"MS300-92C4D0\", \"name\": \"Living room\", \"password_env\": \"MOTION_PIN\" },\n"
	"    { \"serial\": \"IC400-5E81A3\", \"name\": \"Garden camera\", \"password_env\": \"CAMERA_PW\",\n"
	"      \"wifi\": { \"ssid\": \"Mueller-Home\", \"key_env\": \"WIFI_KEY\" } } ],\n"
	"  \"cellular\": { \"primary\": \"26201\", \"backup\": \"26202\" } }\n";

Test(cli, version_json)
{
	char *out, *err;
	cJSON *j;

	cr_assert_eq(run(&out, &err, "version", "--json", NULL, NULL), 0, "%s", err);
	j = parse(out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "name")), "doorstep");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "plugin_abi")), "1.2");
	cr_assert_not_null(cJSON_GetStringValue(cJSON_GetObjectItem(j, "version")));
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(cli, output_that_cannot_be_written_exits_1)
{
	char cmd[4400];
	int status;

	snprintf(cmd, sizeof cmd, "'%s' version --json >/dev/full 2>/dev/null", bin());
	status = system(cmd);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %d", status);
}

Test(cli, plugins_json_lists_the_demo)
{
	char *out, *err;
	cJSON *j, *p;
	bool demo = false;

	cr_assert_eq(run(&out, &err, "plugins", "--json", NULL, NULL), 0, "%s", err);
	j = parse(out);
	cJSON_ArrayForEach(p, cJSON_GetObjectItem(j, "loaded"))
		demo = demo || strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(p, "id")), "demo") == 0;
	cr_assert(demo, "demo plugin not loaded: %s", out);
	cr_assert(cJSON_IsArray(cJSON_GetObjectItem(j, "rejected")));
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(cli, plugins_lists_refused_files_with_reasons)
{
	char path[4200], *out, *err;
	cJSON *j, *r;
	int n = 0;

	snprintf(path, sizeof path, "%s/wrong-major", ds_test_fixture_dir());
	setenv("DOORSTEP_PLUGIN_PATH", path, 1);
	cr_assert_eq(run(&out, &err, "plugins", "--json", NULL, NULL), 0, "%s", err);
	j = parse(out);
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(j, "rejected")) {
		n++;
		cr_assert(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(r, "reason"))) > 10);
	}
	cr_assert_geq(n, 1, "%s", out);
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(cli, unknown_command_and_option_are_usage_errors)
{
	char *out, *err;

	cr_assert_eq(run(&out, &err, "frobnicate", NULL, NULL, NULL), 2);
	cr_assert(strstr(err, "unknown command"), "%s", err);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "--frobnicate", NULL, NULL, NULL), 2);
	cr_assert(strstr(err, "unknown option"), "%s", err);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "plugins", "--frobnicate", NULL, NULL), 2);
	cr_assert(strstr(err, "Usage"), "%s", err);
	free(out);
	free(err);
}

Test(cli, every_subcommand_has_help)
{
	static const char *const cmds[] = { "version", "plugins", "qr", "password", "ble", "mno", "diag", "run", "report" };
	char *out, *err;

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		cr_assert_eq(run(&out, &err, cmds[i], "--help", NULL, NULL), 0, "%s --help", cmds[i]);
		cr_assert(strstr(out, "doorstep"), "%s --help printed: %s", cmds[i], out);
		free(out);
		free(err);
	}
	/* Commands with options say what they do and what the exit status means. */
	static const char *const explained[] = { "plugins", "mno", "run", "report", "plugin", "ble" };
	for (size_t i = 0; i < sizeof explained / sizeof explained[0]; i++) {
		cr_assert_eq(run(&out, &err, explained[i], "--help", NULL, NULL), 0, "%s --help", explained[i]);
		cr_assert(strstr(out, "Exit status"), "%s --help does not explain its exit status: %s", explained[i], out);
		free(out);
		free(err);
	}
	cr_assert_eq(run(&out, &err, "--help", NULL, NULL, NULL), 0);
	cr_assert(strstr(out, "--demo"));
	free(out);
	free(err);
}

Test(cli, wizard_refuses_without_a_terminal)
{
	char *out, *err;

	cr_assert_eq(run(&out, &err, "--demo", NULL, NULL, NULL), 2);
	cr_assert(strstr(err, "terminal") && strstr(err, "doorstep run"), "%s", err);
	free(out);
	free(err);
}

Test(cli, run_performs_a_whole_demo_setup)
{
	char *out, *err, site_path[4200], *site_text, *log_text, log_path[4200], *report_text;
	cJSON *j, *run_obj, *d;
	int n = 0;

	ds_net_fixture_serve_laptop(&servers, tmp);
	write_plan(full_plan);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, "--json"), 0, "stderr: %s\nstdout: %s", err, out);
	j = parse(out);
	run_obj = cJSON_GetObjectItem(j, "run");
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(run_obj, "ok")), "%s", out);
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(run_obj, "complete")));
	cJSON_ArrayForEach(d, cJSON_GetObjectItem(j, "devices")) {
		n++;
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(d, "password")), "changed");
	}
	cr_assert_eq(n, 4);
	cr_assert_eq(cJSON_GetObjectItem(j, "devices_on_factory_default")->valueint, 0);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "cellular"), "failover")), "passed");
	cr_assert(cJSON_GetArraySize(cJSON_GetObjectItem(j, "diagnostics")) >= 4);
	/* Nothing secret anywhere: site file, report, log, output. */
	snprintf(site_path, sizeof site_path, "%s/state/doorstep/sites/Plan house.json", tmp);
	site_text = ds_paths_read_file(site_path, NULL);
	cr_assert_not_null(site_text, "no site file at %s", site_path);
	report_text = ds_paths_read_file(cJSON_GetStringValue(cJSON_GetObjectItem(run_obj, "report_path")), NULL);
	cr_assert_not_null(report_text);
	snprintf(log_path, sizeof log_path, "%s/state/doorstep/doorstep.log", tmp);
	log_text = ds_paths_read_file(log_path, NULL);
	static const char *const secrets[] = { "orchid tractor", "quiet harbour", "917304", "508216", "sunflower meadow" };

	for (size_t i = 0; i < 5; i++) {
		cr_assert_null(strstr(site_text, secrets[i]), "secret in the site file");
		cr_assert_null(strstr(report_text, secrets[i]), "secret in the report");
		cr_assert_null(strstr(out, secrets[i]), "secret on stdout");
		cr_assert_null(strstr(err, secrets[i]), "secret on stderr");
		if (log_text)
			cr_assert_null(strstr(log_text, secrets[i]), "secret in the log");
	}
	free(site_text);
	free(report_text);
	free(log_text);
	cJSON_Delete(j);
	free(out);
	free(err);

	/* The report command reads the same site. */
	cr_assert_eq(run(&out, &err, "report", "--json", "Plan house", NULL), 0, "%s", err);
	j = parse(out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "site")), "Plan house");
	cJSON_Delete(j);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "report", "Plan house", NULL, NULL), 0, "%s", err);
	cr_assert(strstr(out, "Front door"), "%s", out);
	/* The grade words are the wizard's (ds_check_grade_word), padded to a column. */
	cr_assert(strstr(out, "[passed ]"), "%s", out);
	free(out);
	free(err);
}

Test(cli, run_refuses_bad_plans_with_exit_2)
{
	static const struct {
		const char *plan;
		const char *says;
	} cases[] = {
		{ "not json at all", "not valid JSON" },
		{ "{\"site\": \"x\", \"devices\": [{\"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\", \"password\": \"secret123456789\"}]}", "never go in a plan" },
		{ "{\"site\": \"x\", \"devices\": [{\"serial\": \"NOPE-000000\", \"password_env\": \"PANEL_PW\"}]}", "unknown device" },
		{ "{\"site\": \"x\", \"devices\": [{\"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:48\", \"password_env\": \"PANEL_PW\"}]}", "damaged" },
		{ "{\"site\": \"x\", \"devices\": [], \"extra\": 1}", "unknown key" },
		{ "{\"site\": \"x\", \"devices\": [{\"serial\": \"IC400-5E81A3\", \"password_env\": \"CAMERA_PW\", \"wifi\": {\"ssid\": \"Mueller-Home\", \"key\": \"abc\"}}]}", "keys never go in a plan" },
		{ "{\"site\": \"x\", \"devices\": [{\"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\", \"password_env\": \"NOT_SET_ANYWHERE\"}]}", "NOT_SET_ANYWHERE" },
		{ "{\"site\": \"x\", \"devices\": [{\"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\"}]}", "factory-default" },
		{ "{\"site\": \"x\", \"devices\": [{\"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\", \"password_env\": \"DOOR_PIN\"}]}", "at least 15" },
	};
	char *out, *err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_plan(cases[i].plan);
		cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL), 2, "case %zu: %s", i, err);
		cr_assert(strstr(err, cases[i].says), "case %zu said: %s", i, err);
		free(out);
		free(err);
	}
	cr_assert_eq(run(&out, &err, "run", "--demo", "/nonexistent/plan.json", NULL), 2);
	cr_assert(strstr(err, "cannot read"), "%s", err);
	free(out);
	free(err);
}

Test(cli, run_refuses_the_same_password_on_two_devices)
{
	char *out, *err;

	setenv("CAMERA_PW", "orchid tractor velvet lamp", 1);
	write_plan(full_plan);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL), 2, "%s", err);
	cr_assert(strstr(err, "needs its own"), "%s", err);
	free(out);
	free(err);
}

Test(cli, failing_failover_exits_1_and_is_recorded)
{
	char *out, *err;
	cJSON *j;

	setenv("DOORSTEP_DEMO_FAULT", "backup-offline", 1);
	ds_net_fixture_serve_laptop(&servers, tmp);
	write_plan(full_plan);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, "--json"), 1, "%s", err);
	j = parse(out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "cellular"), "failover")), "failed");
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(cli, run_refuses_a_site_open_in_another_doorstep)
{
	char *out, *err, msg[512], want[64];
	pid_t holder;
	ds_site_lock *lock = ds_site_lock_take("Plan house", &holder, msg, sizeof msg);

	cr_assert_not_null(lock, "%s", msg);
	ds_net_fixture_serve_laptop(&servers, tmp);
	write_plan(full_plan);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL), 1, "%s", err);
	snprintf(want, sizeof want, "process %ld", (long)getpid());
	cr_assert(strstr(err, want), "the holder is not named: %s", err);
	cr_assert_null(strstr(out, "changed"), "a password was changed meanwhile: %s", out);
	free(out);
	free(err);
	ds_site_lock_release(lock);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL), 0, "%s", err);
	free(out);
	free(err);
}

Test(cli, rerun_after_a_lost_record_proves_and_records_the_passwords)
{
	char *out, *err, site_path[4200], *site_text;
	cJSON *site, *devices, *d;

	ds_net_fixture_serve_laptop(&servers, tmp);
	write_plan(full_plan);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL), 0, "%s", err);
	free(out);
	free(err);
	/* The run was stopped after the devices took their new passwords and
	 * before the site recorded them: the site file is lost. */
	snprintf(site_path, sizeof site_path, "%s/state/doorstep/sites/Plan house.json", tmp);
	cr_assert_eq(unlink(site_path), 0);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, "--json"), 0, "the same plan cannot finish: %s", err);
	site_text = ds_paths_read_file(site_path, NULL);
	cr_assert_not_null(site_text);
	site = parse(site_text);
	devices = cJSON_GetObjectItem(site, "devices");
	cr_assert_eq(cJSON_GetArraySize(devices), 4);
	cJSON_ArrayForEach(d, devices)
	{
		const char *serial = cJSON_GetStringValue(cJSON_GetObjectItem(d, "serial"));

		cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(d, "on_factory_default")), "%s", serial);
		cr_assert(cJSON_GetStringValue(cJSON_GetObjectItem(d, "password_changed_at")) &&
				  cJSON_GetStringValue(cJSON_GetObjectItem(d, "password_changed_at"))[0],
			  "%s: the proven password is not recorded", serial);
	}
	cJSON_Delete(site);
	free(site_text);
	free(out);
	free(err);
}

Test(cli, second_run_is_a_reconfiguration)
{
	char *out, *err;

	ds_net_fixture_serve_laptop(&servers, tmp);
	write_plan(full_plan);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL), 0, "%s", err);
	free(out);
	free(err);
	/* The devices now have their own passwords: a plan without the current
	 * ones cannot change them again, and says so. */
	setenv("PANEL_PW", "another long passphrase here", 1);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL), 2);
	cr_assert(strstr(err, "current_password"), "%s", err);
	free(out);
	free(err);
}

Test(cli, report_of_missing_site_is_usage_error)
{
	char *out, *err;

	cr_assert_eq(run(&out, &err, "report", "Nobody lives here", NULL, NULL), 2);
	cr_assert(strstr(err, "no site"), "%s", err);
	free(out);
	free(err);
}
