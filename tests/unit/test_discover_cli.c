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
	/* the password state follows the locator */
	cr_assert(strstr(out, "Fixture Cameras FX-CAM  acc:cam1  [factory password]\n"), "%s", out);
	cr_assert(strstr(out, "demo:IC400-5E81A3  [factory password]\n"), "%s", out);
	free(out);
	free(err);
}

Test(discover_cli, seconds_bounds_the_search)
{
	char *out, *err;
	struct timespec t0, t1;
	double took;
	cJSON *found;

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
	found = cJSON_Parse(out);
	cr_assert(cJSON_IsArray(found), "%s", out);
	cJSON_Delete(found);
	free(out);
	free(err);
}

/** Writes text to the plan file. */
static void write_plan(const char *text)
{
	FILE *f = fopen(plan_path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/** The report of site as JSON. */
static cJSON *report(const char *site)
{
	char *out, *err;
	cJSON *j;

	cr_assert_eq(run(&out, &err, "report", "--json", site, NULL, NULL), 0, "%s", err);
	j = cJSON_Parse(out);
	cr_assert_not_null(j, "%s", out);
	free(out);
	free(err);
	return j;
}

/** What the report says was done to account user of device number i. */
static const char *account_done(const cJSON *rep, int i, const char *user)
{
	const cJSON *dev = cJSON_GetArrayItem(cJSON_GetObjectItem(rep, "devices"), i), *a;

	cJSON_ArrayForEach(a, cJSON_GetObjectItem(dev, "accounts"))
	{
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(a, "user")), user) == 0)
			return cJSON_GetStringValue(cJSON_GetObjectItem(a, "done"));
	}
	return "(no such account)";
}

Test(discover_cli, a_plan_names_cameras_by_address_and_locator_with_their_accounts)
{
	char *out, *err;
	cJSON *rep;
	const cJSON *devs;

	write_plan("{ \"site\": \"Cam house\", \"diagnostics\": false,\n"
		   "  \"devices\": [\n"
		   "    { \"address\": \"cam1:80\", \"name\": \"Porch\",\n"
		   "      \"accounts\": { \"admin\": { \"password_env\": \"ADMIN_PW\" }, \"guest\": \"delete\" } },\n"
		   "    { \"locator\": \"acc:cam2\", \"password_env\": \"ADMIN_PW2\",\n"
		   "      \"accounts\": { \"guest\": { \"password_env\": \"GUEST_PW\" }, \"viewer\": \"keep\" } } ] }\n");
	setenv("ADMIN_PW2", "violet canyon hammer tide", 1);
	/* Without diagnostics the setup is not complete (status 1): every step
	 * before them must have worked. */
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL, NULL), 1, "%s", err);
	cr_assert(strstr(err, "Report written to"), "%s", err);
	cr_assert_null(strstr(err, "not changed"), "%s", err);
	cr_assert(strstr(err, "Account guest deleted and verified on Porch"), "%s", err);
	cr_assert(strstr(err, "Password of account guest changed and verified on Camera 2"), "%s", err);
	/* the fixture keeps a camera's password per process: this session's
	 * plugin cannot log in with the lane's new one, and the message says
	 * what to do next */
	cr_assert(strstr(err, "Porch: the new password works, but this session could not log in with it") &&
			  strstr(err, "Run the same plan again once the device answers"),
		  "%s", err);
	free(out);
	free(err);
	rep = report("Cam house");
	devs = cJSON_GetObjectItem(rep, "devices");
	cr_assert_eq(cJSON_GetArraySize(devs), 2);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(devs, 0), "model")), "FX-CAM");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(devs, 0), "firmware")), "2.1.1");
	cr_assert_str_eq(account_done(rep, 0, "admin"), "new-password");
	cr_assert_str_eq(account_done(rep, 0, "guest"), "deleted");
	cr_assert_str_eq(account_done(rep, 1, "admin"), "new-password");
	cr_assert_str_eq(account_done(rep, 1, "guest"), "new-password");
	cr_assert_str_eq(account_done(rep, 1, "viewer"), "left");
	cr_assert_eq(cJSON_GetNumberValue(cJSON_GetObjectItem(rep, "devices_on_factory_default")), 0);
	cJSON_Delete(rep);
}

Test(discover_cli, every_account_on_a_default_must_be_named)
{
	char *out, *err;

	write_plan("{ \"site\": \"Left house\", \"diagnostics\": false,\n"
		   "  \"devices\": [ { \"address\": \"cam1\",\n"
		   "      \"accounts\": { \"admin\": { \"password_env\": \"ADMIN_PW\" }, \"viewer\": \"keep\" } } ] }\n");
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL, NULL), 1, "%s", err);
	cr_assert(strstr(err, "these accounts still have a factory-default password and the plan does not "
			      "replace them: guest."),
		  "%s", err);
	free(out);
	free(err);
}

Test(discover_cli, nothing_is_recorded_when_the_camera_refuses)
{
	char *out, *err;
	cJSON *rep;

	write_plan("{ \"site\": \"Refused house\", \"diagnostics\": false,\n"
		   "  \"devices\": [ { \"address\": \"cam1\",\n"
		   "      \"accounts\": { \"admin\": { \"password_env\": \"ADMIN_PW\" },\n"
		   "                      \"guest\": { \"password_env\": \"GUEST_PW\" } } } ] }\n");
	setenv("GUEST_PW", "refuse-me velvet orchid 77", 1);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL, NULL), 1, "%s", err);
	cr_assert(strstr(err, "the password of account guest was not changed"), "%s", err);
	free(out);
	free(err);
	rep = report("Refused house");
	cr_assert_str_eq(account_done(rep, 0, "admin"), "new-password");
	cr_assert_str_eq(account_done(rep, 0, "guest"), "left");
	cr_assert_str_eq(cJSON_GetStringValue(
				 cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(rep, "devices"), 0),
						     "password")),
			 "factory-default");
	cJSON_Delete(rep);
}

Test(discover_cli, bad_plans_are_refused_with_what_to_fix)
{
	static const struct {
		const char *device;
		const char *want;
	} cases[] = {
		{ "{ \"address\": \"cam1\", \"qr\": \"X\" }", "give one of \"qr\"" },
		{ "{ \"address\": \"cam 1\" }", "\"address\": An address has no spaces" },
		{ "{ \"address\": \"cam1:99999\" }", "port after the colon" },
		{ "{ \"locator\": \"acc:cam1\", \"accounts\": [] }", "\"accounts\" must be an object" },
		{ "{ \"locator\": \"acc:cam1\", \"accounts\": { \"guest\": \"remove\" } }",
		  "account \"guest\": give {\"password_env\": ...}" },
		{ "{ \"locator\": \"acc:cam1\", \"accounts\": { \"admin\": { \"password\": \"12345\" } } }",
		  "passwords and keys never go in a plan" },
		{ "{ \"locator\": \"acc:cam1\", \"accounts\": { \"admin\": {} } }",
		  "\"password_env\" or \"password_file\"" },
		{ "{ \"locator\": \"acc:cam9\" }", "nothing was found at \"acc:cam9\"" },
		{ "{ \"address\": \"cam1\", \"accounts\": { \"root\": \"delete\", \"admin\": { \"password_env\": "
		  "\"ADMIN_PW\" }, \"guest\": \"delete\" } }",
		  "has no account \"root\"" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char plan[1024], *out, *err;

		snprintf(plan, sizeof plan, "{ \"site\": \"Bad %zu\", \"diagnostics\": false, \"devices\": [ %s ] }", i,
			 cases[i].device);
		write_plan(plan);
		cr_assert_eq(run(&out, &err, "run", "--demo", plan_path, NULL, NULL), 2, "case %zu: %s", i, err);
		cr_assert(strstr(err, cases[i].want), "case %zu: \"%s\" lacks \"%s\"", i, err, cases[i].want);
		free(out);
		free(err);
	}
}
