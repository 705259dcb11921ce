/* `doorstep run` checks the laptop's network like the wizard does: the
 * README's example plan (examples/demo-plan.json) on the demo system, with
 * the laptop's checks pointed at servers on 127.0.0.1
 * (tests/support/net_server.py), leaves a report whose diagnostics hold
 * this laptop's rows beside the devices'; a laptop check that fails fails
 * the plan (exit 1). Runs the real binary. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/base/paths.h"
#include "tests/support/net_fixture.h"
#include "tests/support/test_support.h"

static const char *tmp;
static ds_net_fixture servers;
static char plan_path[4300];

/** A fresh XDG tree, the servers as the laptop's targets, the example plan
 *  copied beside its camera password file, and its secrets in the environment. */
static void setup(void)
{
	char src[4200], dir[4100], path[4200];
	char *plan;
	FILE *f;

	tmp = ds_test_tmpdir();
	unsetenv("DOORSTEP_PLUGIN_PATH");
	unsetenv("DOORSTEP_DEMO_FAULT");
	ds_net_fixture_serve_laptop(&servers, tmp);
	setenv("PANEL_PASSWORD", "orchid tractor velvet lamp", 1);
	setenv("DOOR_PIN", "917304", 1);
	setenv("MOTION_PIN", "508216", 1);
	setenv("WIFI_KEY", "sunflower meadow 1987", 1);
	snprintf(src, sizeof src, "%s/examples/demo-plan.json", getenv("DOORSTEP_SOURCE_DIR"));
	plan = ds_paths_read_file(src, NULL);
	cr_assert_not_null(plan, "no example plan at %s", src);
	snprintf(dir, sizeof dir, "%s/plan", tmp);
	cr_assert_eq(mkdir(dir, 0700), 0);
	snprintf(plan_path, sizeof plan_path, "%s/demo-plan.json", dir);
	f = fopen(plan_path, "w");
	cr_assert_not_null(f);
	fputs(plan, f);
	fclose(f);
	free(plan);
	snprintf(path, sizeof path, "%s/camera-password.txt", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("quiet harbour pencil 42\n", f);
	fclose(f);
}

/** Stops the servers and removes the tree. */
static void teardown(void)
{
	ds_net_fixture_stop(&servers);
	ds_test_rmtree(tmp);
}

TestSuite(run_diag, .init = setup, .fini = teardown, .timeout = 240);

/** Runs doorstep with args (NULL-terminated, at most 6); returns the exit status. */
static int doorstep(char **out, char **err, const char *const *args)
{
	const char *argv[8] = { getenv("DOORSTEP_BIN") };
	size_t n = 1;

	for (size_t i = 0; args[i] && n < 7; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return ds_test_run(argv, "", out, err);
}

/** `doorstep report --json "Demo house"`, parsed (caller deletes). */
static cJSON *report(void)
{
	const char *const args[] = { "report", "--json", "Demo house", NULL };
	char *out, *err;
	cJSON *doc;

	cr_assert_eq(doorstep(&out, &err, args), 0, "report: %s", err);
	doc = cJSON_Parse(out);
	cr_assert_not_null(doc, "not JSON: %s", out);
	free(out);
	free(err);
	return doc;
}

/** The grade of the laptop's check with this id in the report's diagnostics, or NULL. */
static const char *laptop_grade(const cJSON *doc, const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "diagnostics")) if (
		strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "device")), "laptop") == 0 &&
		strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")), id) ==
			0) return cJSON_GetStringValue(cJSON_GetObjectItem(c, "grade"));
	return NULL;
}

/** Counts the report's diagnostics of device ("laptop" or a serial). */
static int rows_of(const cJSON *doc, const char *device)
{
	const cJSON *c;
	int n = 0;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "diagnostics"))
		n += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "device")), device) == 0;
	return n;
}

Test(run_diag, the_example_plan_reports_the_laptop_checks)
{
	const char *const args[] = { "run", "--demo", plan_path, NULL };
	char *out, *err, id[128];
	const char *grade;
	cJSON *doc;

	cr_assert_eq(doorstep(&out, &err, args), 0, "stderr: %s", err);
	doc = report();
	cr_assert_geq(rows_of(doc, "laptop"), 8, "too few laptop rows in the report");
	cr_assert_geq(rows_of(doc, "DP100-7F3A21"), 4, "the panel's own checks are still there");
	static const char *const passing[] = { "dns", "tcp", "http", "clock", "ipv4" };

	for (size_t i = 0; i < sizeof passing / sizeof passing[0]; i++) {
		snprintf(id, sizeof id, "net.%s:127.0.0.1:%d", passing[i], servers.http);
		grade = laptop_grade(doc, id);
		cr_assert_not_null(grade, "no laptop row %s in the report", id);
		cr_assert_str_eq(grade, "pass", "%s", id);
	}
	snprintf(id, sizeof id, "net.ipv6:127.0.0.1:%d", servers.http);
	grade = laptop_grade(doc, id);
	cr_assert_not_null(grade, "no laptop row %s in the report", id);
	cr_assert_str_neq(grade, "fail", "IPv6 depends on the machine: a warning at most");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "site")), "Demo house");
	cJSON_Delete(doc);
	/* A person running the plan saw them start, and each result as it came. */
	cr_assert(strstr(err, "Laptop: starting the network checks"), "no word that the laptop's checks run: %s", err);
	snprintf(id, sizeof id, "] Connection · 127.0.0.1:%d: ", servers.http);
	cr_assert(strstr(err, id), "the laptop's results are not shown as they come: %s", err);
	free(out);
	free(err);
}

Test(run_diag, a_failing_laptop_check_fails_the_plan)
{
	const char *const args[] = { "run", "--demo", plan_path, "--json", NULL };
	char url[64], id[128], *out, *err;
	const char *const urls[] = { url, NULL };
	cJSON *doc;

	snprintf(url, sizeof url, "http://127.0.0.1:%d/", servers.closed);
	cr_assert_eq(ds_net_fixture_config_targets(&servers, 3, "generate_204", urls), 0);
	cr_assert_eq(doorstep(&out, &err, args), 1, "stderr: %s", err);
	doc = cJSON_Parse(out);
	cr_assert_not_null(doc, "not JSON: %s", out);
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "run"), "ok")), "%s", out);
	snprintf(id, sizeof id, "net.tcp:127.0.0.1:%d", servers.closed);
	cr_assert_str_eq(laptop_grade(doc, id) ? laptop_grade(doc, id) : "(none)", "fail", "%s", out);
	cJSON_Delete(doc);
	free(out);
	free(err);
	/* The site keeps them too: the report of the site says the same. */
	doc = report();
	cr_assert_str_eq(laptop_grade(doc, id) ? laptop_grade(doc, id) : "(none)", "fail");
	cJSON_Delete(doc);
}
