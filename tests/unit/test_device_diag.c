/* Device diagnostics through the host: a whole demo setup by plan, then the
 * checks the host grades from the plugin's raw values (cellular_status,
 * wifi_status) beside the plugin's own (diagnose), as they reach the
 * report. Runs the real binary. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/net_fixture.h"
#include "tests/support/test_support.h"

static const char *tmp;
static ds_net_fixture servers;
static char plan_path[4200];

/** A fresh XDG tree, servers on 127.0.0.1 for the laptop's checks, and the
 *  demo's passwords in the environment. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	ds_net_fixture_serve_laptop(&servers, tmp);
	unsetenv("DOORSTEP_PLUGIN_PATH");
	unsetenv("DOORSTEP_DEMO_FAULT");
	setenv("PANEL_PW", "orchid tractor velvet lamp", 1);
	setenv("CAMERA_PW", "quiet harbour pencil 42", 1);
	setenv("WIFI_KEY", "sunflower meadow 1987", 1);
	snprintf(plan_path, sizeof plan_path, "%s/plan.json", tmp);
}

/** Stops the servers and removes the tree. */
static void teardown(void)
{
	ds_net_fixture_stop(&servers);
	ds_test_rmtree(tmp);
}

TestSuite(device_diag, .init = setup, .fini = teardown, .timeout = 120);

/** Runs a plan with the panel and the camera joined to ssid, expecting exit
 *  status (1 when a check fails); returns the report's diagnostics (caller
 *  deletes *doc). */
static const cJSON *run_plan(const char *ssid, bool key, int status, cJSON **doc)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), "run", "--demo", plan_path, "--json", NULL };
	char *out, *err;
	FILE *f = fopen(plan_path, "w");

	cr_assert_not_null(f);
	fprintf(f,
		"{ \"site\": \"Link house\", \"devices\": [\n"
		"  { \"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\", \"name\": \"Panel\", \"password_env\": \"PANEL_PW\" },\n"
		"  { \"serial\": \"IC400-5E81A3\", \"name\": \"Camera\", \"password_env\": \"CAMERA_PW\",\n"
		"    \"wifi\": { \"ssid\": \"%s\"%s } } ],\n"
		"  \"cellular\": { \"primary\": \"26201\", \"backup\": \"26202\" } }\n",
		ssid, key ? ", \"key_env\": \"WIFI_KEY\"" : "");
	fclose(f);
	cr_assert_eq(ds_test_run(argv, "", &out, &err), status, "stderr: %s\nstdout: %s", err, out);
	*doc = cJSON_Parse(out);
	cr_assert_not_null(*doc, "not JSON: %s", out);
	free(out);
	free(err);
	return cJSON_GetObjectItem(*doc, "diagnostics");
}

/** The grade of check id of device serial in the report's diagnostics. */
static const char *grade_of(const cJSON *checks, const char *serial, const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, checks)
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "device")), serial) == 0 &&
		    strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")), id) == 0)
			return cJSON_GetStringValue(cJSON_GetObjectItem(c, "grade"));
	cr_assert_fail("no %s of %s", id, serial);
	return "";
}

Test(device_diag, host_grades_the_panel_link_beside_its_own_checks)
{
	cJSON *doc;
	const cJSON *checks = run_plan("Mueller-Home", true, 0, &doc);

	cr_assert_str_eq(grade_of(checks, "DP100-7F3A21", "cellular.registration"), "pass");
	cr_assert_str_eq(grade_of(checks, "DP100-7F3A21", "cellular.technology"), "pass");
	cr_assert_str_eq(grade_of(checks, "DP100-7F3A21", "cellular.rssi"), "pass");
	cr_assert_str_eq(grade_of(checks, "DP100-7F3A21", "cellular.rsrp"), "warn", "-95 dBm is fair");
	cr_assert_str_eq(grade_of(checks, "DP100-7F3A21", "cellular.rsrq"), "pass");
	cr_assert_str_eq(grade_of(checks, "DP100-7F3A21", "cellular.sinr"), "pass");
	cr_assert_str_eq(grade_of(checks, "DP100-7F3A21", "cloud.reachability"), "pass");
	cr_assert_str_eq(grade_of(checks, "IC400-5E81A3", "wifi.signal"), "pass");
	cr_assert_str_eq(grade_of(checks, "IC400-5E81A3", "wifi.security"), "pass");
	cJSON_Delete(doc);
}

Test(device_diag, a_weak_default_named_router_is_flagged)
{
	cJSON *doc;
	const cJSON *checks = run_plan("FRITZ!Box 7530 QX", true, 1, &doc);

	cr_assert_str_eq(grade_of(checks, "IC400-5E81A3", "wifi.signal"), "fail", "-78 dBm is poor");
	cr_assert_str_eq(grade_of(checks, "IC400-5E81A3", "wifi.security"), "pass");
	cr_assert_str_eq(grade_of(checks, "IC400-5E81A3", "wifi.ssid"), "warn");
	cJSON_Delete(doc);
}

Test(device_diag, an_open_network_fails)
{
	cJSON *doc;
	const cJSON *checks = run_plan("Cafe Sonnenschein Gast", false, 1, &doc);

	cr_assert_str_eq(grade_of(checks, "IC400-5E81A3", "wifi.security"), "fail");
	cJSON_Delete(doc);
}
