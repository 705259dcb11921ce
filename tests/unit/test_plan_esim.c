/* Plans that add an eSIM profile (cellular.add_profile): the codes come
 * from a variable or a file, never the plan; a run downloads the profile
 * and then chooses it by MCC+MNC; the codes reach no file. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/plan.h"
#include "app/base/paths.h"
#include "tests/support/test_support.h"

static const char *tmp;
static char plan_path[4200];

static void setup(void)
{
	tmp = ds_test_tmpdir();
	unsetenv("DOORSTEP_PLUGIN_PATH");
	unsetenv("DOORSTEP_DEMO_FAULT");
	snprintf(plan_path, sizeof plan_path, "%s/plan.json", tmp);
}

static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(plan_esim, .init = setup, .fini = teardown, .timeout = 120);

/** Writes a plan whose cellular part is cell; returns the parsed plan or NULL (msg says why). */
static ds_plan *plan_with(const char *cell, char *msg, size_t size)
{
	FILE *f = fopen(plan_path, "w");

	cr_assert_not_null(f);
	fprintf(f,
		"{ \"site\": \"AC\", \"diagnostics\": false,\n"
		"  \"devices\": [ { \"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\", \"name\": \"Panel\", \"password_env\": \"PW\" } ],\n"
		"  \"cellular\": %s }\n", cell);
	fclose(f);
	return ds_plan_load(plan_path, msg, size);
}

Test(plan_esim, add_profile_from_a_variable_or_a_file)
{
	char msg[512];
	ds_plan *p = plan_with("{ \"add_profile\": { \"activation_code_env\": \"AC\", \"confirmation_code_file\": \"cc.txt\" } }",
			       msg, sizeof msg);

	cr_assert_not_null(p, "%s", msg);
	cr_assert(p->add_profile);
	cr_assert_str_eq(p->activation_env, "AC");
	cr_assert(strstr(p->confirmation_file, "/cc.txt") && p->confirmation_file[0] == '/',
		  "relative to the plan: %s", p->confirmation_file);
	cr_assert_str_empty(p->primary, "a plan may only add a profile");
	ds_plan_free(p);
}

Test(plan_esim, codes_inline_or_ambiguous_are_refused)
{
	static const char *const bad[] = {
		"{ \"add_profile\": { \"activation_code\": \"LPA:1$a.example$X\" } }",
		"{ \"add_profile\": { \"activation_code_env\": \"AC\", \"confirmation_code\": \"4711\" } }",
		"{ \"add_profile\": { \"activation_code_env\": \"AC\", \"activation_code_file\": \"ac.txt\" } }",
		"{ \"add_profile\": { } }",
		"{ \"add_profile\": \"LPA:1$a.example$X\" }",
		"{ \"primary\": \"26201\" }",
		"{ }",
	};
	char msg[512];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ds_plan *p = plan_with(bad[i], msg, sizeof msg);

		cr_assert_null(p, "case %zu was accepted", i);
		cr_assert(msg[0], "case %zu: no message", i);
		cr_assert_null(strstr(msg, "LPA:1"), "case %zu quotes the code: %s", i, msg);
		cr_assert_null(strstr(msg, "4711"), "case %zu quotes the code: %s", i, msg);
	}
	cr_assert_null(plan_with(bad[0], msg, sizeof msg));
	cr_assert(strstr(msg, "never go in a plan, nor eSIM codes"), "%s", msg);
}

/** Runs the plan with the binary (--json); returns the status. */
static int run_plan(char **out, char **err)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), "run", "--demo", plan_path, "--json", NULL };

	return ds_test_run(argv, "", out, err);
}

/** True when some file under dir holds text. */
static bool tree_holds(const char *dir, const char *text)
{
	char cmd[4400];

	snprintf(cmd, sizeof cmd, "grep -rqF -- '%s' '%s'", text, dir);
	return system(cmd) == 0;
}

Test(plan_esim, run_downloads_then_chooses_the_new_profile)
{
	char msg[512], *out, *err, site_path[4300];
	ds_plan *p;
	char *site;
	cJSON *j, *cell;

	setenv("PW", "orchid tractor velvet lamp", 1);
	setenv("AC", "LPA:1$smdp.free.example$CC-FR33XQ$$1", 1);
	setenv("CC", "4711", 1);
	p = plan_with("{ \"add_profile\": { \"activation_code_env\": \"AC\", \"confirmation_code_env\": \"CC\" },\n"
		      "  \"primary\": \"26201\", \"backup\": \"20815\" }", msg, sizeof msg);
	cr_assert_not_null(p, "%s", msg);
	ds_plan_free(p);
	/* Exit 1: diagnostics are left to do. */
	cr_assert_eq(run_plan(&out, &err), 1, "%s", err);
	cr_assert(strstr(err, "Downloaded an eSIM profile") == NULL, "human messages stay off with --json: %s", err);
	snprintf(site_path, sizeof site_path, "%s/doorstep/sites/AC.json", getenv("XDG_STATE_HOME"));
	site = ds_paths_read_file(site_path, NULL);
	cr_assert_not_null(site);
	j = cJSON_Parse(site);
	cell = cJSON_GetObjectItem(j, "cellular");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(cell, "backup"), "operator_code")),
			 "20815", "the downloaded Free profile is the backup");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cell, "failover")), "passed");
	cr_assert(strstr(site, "eSIM profile downloaded from smdp.free.example"), "history: %s", site);
	cJSON_Delete(j);
	free(site);
	cr_assert_not(tree_holds(getenv("XDG_STATE_HOME"), "CC-FR33XQ"), "the activation code reached a file");
	cr_assert_not(tree_holds(getenv("XDG_STATE_HOME"), "LPA:1$"), "the activation code reached a file");
	free(out);
	free(err);
}

Test(plan_esim, run_refuses_a_code_needing_confirmation_without_one)
{
	char msg[512], *out, *err;
	ds_plan *p;

	setenv("PW", "orchid tractor velvet lamp", 1);
	setenv("AC", "LPA:1$smdp.vodafone.example$CC-7Q2X9W$$1", 1);
	p = plan_with("{ \"add_profile\": { \"activation_code_env\": \"AC\" } }", msg, sizeof msg);
	cr_assert_not_null(p, "%s", msg);
	ds_plan_free(p);
	cr_assert_eq(run_plan(&out, &err), 2, "%s", err);
	cr_assert(strstr(err, "confirmation_code_env"), "%s", err);
	cr_assert_null(strstr(err, "CC-7Q2X9W"), "%s", err);
	free(out);
	free(err);
}
