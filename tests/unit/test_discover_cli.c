/* `doorstep discover` and the plan keys of ABI 1.2 devices (`doorstep run`
 * with "address", "locator" and "accounts"), on the real binary: the demo
 * system, and simulated cameras with accounts (tests/fixtures/accounts.c). */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/support/test_support.h"

static const char *tmp;
static char plan_path[4200];
static char fixture_path[4096];

/** A fresh XDG tree per test, the camera fixture on the plugin path. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	setenv("LC_ALL", "C", 1);
	unsetenv("DOORSTEP_FX_SLEEP_MS");
	unsetenv("DOORSTEP_FX_DISCOVER_MS");
	unsetenv("DOORSTEP_FX_CAMERAS");
	snprintf(fixture_path, sizeof fixture_path, "%s/accounts", ds_test_fixture_dir());
	setenv("DOORSTEP_PLUGIN_PATH", fixture_path, 1);
	setenv("ADMIN_PW", "orchid tractor velvet lamp", 1);
	setenv("GUEST_PW", "quiet harbour pencil 42", 1);
	snprintf(plan_path, sizeof plan_path, "%s/plan.json", tmp);
}

static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(discover_cli, .init = setup, .fini = teardown, .timeout = 240);

/** Runs doorstep with up to 5 arguments; returns the status. */
static int run(char **out, char **err, const char *a, const char *b, const char *c, const char *d, const char *e)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), a, b, c, d, e, NULL };

	return ds_test_run(argv, "", out, err);
}

/** The object of arr whose "locator" is locator, or NULL. */
static const cJSON *by_locator(const cJSON *arr, const char *locator)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, arr)
	{
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "locator")), locator) == 0)
			return o;
	}
	return NULL;
}

Test(discover_cli, json_lists_the_demo_and_the_cameras)
{
	char *out, *err;
	cJSON *arr;
	const cJSON *cam, *panel;

	cr_assert_eq(run(&out, &err, "discover", "--demo", "--json", NULL, NULL), 0, "%s", err);
	arr = cJSON_Parse(out);
	cr_assert(cJSON_IsArray(arr), "not a JSON array: %s", out);
	cam = by_locator(arr, "acc:cam2");
	cr_assert_not_null(cam, "%s", out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cam, "plugin")), "fx-accounts");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cam, "kind")), "camera");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cam, "name")), "Camera 2");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cam, "vendor")), "Fixture Cameras");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cam, "model")), "FX-CAM");
	panel = by_locator(arr, "demo:DP100-7F3A21");
	cr_assert_not_null(panel, "the demo's panel is missing: %s", out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(panel, "kind")), "panel");
	cr_assert_eq(cJSON_GetArraySize(arr), 6, "%s", out);
	cJSON_Delete(arr);
	free(out);
	free(err);
}

Test(discover_cli, text_has_one_line_per_device)
{
	char *out, *err;

	cr_assert_eq(run(&out, &err, "discover", "--demo", NULL, NULL, NULL), 0, "%s", err);
	cr_assert(strstr(out, "camera        Camera 1"), "%s", out);
	cr_assert(strstr(out, "Fixture Cameras FX-CAM  acc:cam1\n"), "%s", out);
	cr_assert(strstr(out, "demo:IC400-5E81A3\n"), "%s", out);
	free(out);
	free(err);
}

Test(discover_cli, seconds_bounds_the_search)
{
	char *out, *err;
	struct timespec t0, t1;
	double took;

	cr_assert_eq(run(&out, &err, "discover", "--seconds", "0", NULL, NULL), 2);
	cr_assert(strstr(err, "--seconds takes whole seconds"), "%s", err);
	free(out);
	free(err);
	/* A plugin that would listen for 60 s: the search ends 1 s + 3 s later. */
	setenv("DOORSTEP_FX_DISCOVER_MS", "60000", 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(run(&out, &err, "discover", "--demo", "--json", "--seconds", "1"), 0, "%s", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert_lt(took, 8.0, "the search took %.1f s", took);
	cr_assert(cJSON_IsArray(cJSON_Parse(out)), "%s", out);
	free(out);
	free(err);
}
