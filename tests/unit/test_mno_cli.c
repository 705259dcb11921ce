/* doorstep mno operators: text and --json output, the --mcc filter, exit
 * 2 for a bad MCC, exit 1 with a clear message when the database is
 * missing. Runs the real binary against the installed database. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/mno/operator_db.h"
#include "tests/support/test_support.h"

static const char *tmp;

static void setup(void)
{
	tmp = ds_test_tmpdir();
	unsetenv(DS_MNO_DB_ENV);
}

static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(mno_cli, .init = setup, .fini = teardown, .timeout = 60);

/** Runs doorstep mno with up to 4 more arguments; returns the status. */
static int mno(char **out, char **err, const char *a, const char *b, const char *c, const char *d)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), "mno", a, b, c, d, NULL };

	return ds_test_run(argv, "", out, err);
}

Test(mno_cli, json_lists_every_code_with_operator_and_country)
{
	char *out, *err;
	cJSON *j, *ops, *o;
	bool telekom = false;

	cr_assert_eq(mno(&out, &err, "operators", "--json", NULL, NULL), 0, "%s", err);
	j = cJSON_Parse(out);
	cr_assert_not_null(j, "not JSON: %.200s", out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "database")), DS_MNO_DB_PATH);
	ops = cJSON_GetObjectItem(j, "operators");
	cr_assert_gt(cJSON_GetArraySize(ops), 500);
	cJSON_ArrayForEach(o, ops) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(o, "code")), "26201") != 0)
			continue;
		telekom = true;
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "mcc")), "262");
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "mnc")), "01");
		cr_assert(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(o, "operator")), "Telekom"));
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "country")), "de");
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "country_name")), "Germany");
	}
	cr_assert(telekom, "26201 missing");
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(mno_cli, mcc_filter_in_json_and_text)
{
	char *out, *err;
	cJSON *j, *o;
	int n = 0;

	cr_assert_eq(mno(&out, &err, "operators", "--mcc", "262", "--json"), 0, "%s", err);
	j = cJSON_Parse(out);
	cr_assert_not_null(j);
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(j, "operators")) {
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "mcc")), "262");
		n++;
	}
	cr_assert_geq(n, 3);
	cJSON_Delete(j);
	free(out);
	free(err);

	cr_assert_eq(mno(&out, &err, "operators", "--mcc", "262", NULL), 0, "%s", err);
	cr_assert(strstr(out, "262-02") && strstr(out, "Vodafone") && strstr(out, "Germany"), "%s", out);
	cr_assert_null(strstr(out, "208-"), "another country listed: %s", out);
	free(out);
	free(err);
}

Test(mno_cli, unknown_mcc_is_an_empty_list)
{
	char *out, *err;
	cJSON *j;

	cr_assert_eq(mno(&out, &err, "operators", "--json", "--mcc", "999"), 0, "%s", err);
	j = cJSON_Parse(out);
	cr_assert_not_null(j);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "operators")), 0);
	cr_assert(strstr(err, "No operator with MCC 999"), "%s", err);
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(mno_cli, bad_usage_exits_2_with_a_message)
{
	static const char *const bad[][3] = {
		{ "operators", "--mcc", "26" }, { "operators", "--mcc", "abc" }, { "operators", "--mcc", NULL },
		{ "operators", "--bogus", NULL }, { "carriers", NULL, NULL }, { NULL, NULL, NULL },
	};
	char *out, *err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(mno(&out, &err, bad[i][0], bad[i][1], bad[i][2], NULL), 2, "case %zu: %s", i, err);
		cr_assert(err[0], "case %zu: no message", i);
		cr_assert_str_empty(out, "case %zu: %s", i, out);
		free(out);
		free(err);
	}
	cr_assert_eq(mno(&out, &err, "operators", "--mcc", "26", NULL), 2);
	cr_assert(strstr(err, "3 digits"), "%s", err);
	free(out);
	free(err);
}

Test(mno_cli, missing_database_exits_1_and_says_what_to_install)
{
	char path[4200], *out, *err;

	snprintf(path, sizeof path, "%s/no-such.xml", tmp);
	setenv(DS_MNO_DB_ENV, path, 1);
	cr_assert_eq(mno(&out, &err, "operators", "--json", NULL, NULL), 1);
	cr_assert_str_empty(out);
	cr_assert(strstr(err, "apt-get install mobile-broadband-provider-info"), "%s", err);
	free(out);
	free(err);
}

Test(mno_cli, help)
{
	char *out, *err;

	cr_assert_eq(mno(&out, &err, "operators", "--help", NULL, NULL), 0);
	cr_assert(strstr(out, "doorstep mno operators [--json] [--mcc MCC]"), "%s", out);
	free(out);
	free(err);
}
