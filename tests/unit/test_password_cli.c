/* `doorstep password check` and `doorstep password generate` through the
 * real binary: the JSON contract, exit statuses, and a candidate that is
 * never printed. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/test_support.h"

/** Runs doorstep with up to 6 arguments (NULL-terminated) and stdin_text. */
static int run(const char *stdin_text, char **out, char **err, const char *a1, const char *a2, const char *a3,
	       const char *a4, const char *a5, const char *a6)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), a1, a2, a3, a4, a5, a6, NULL };

	cr_assert_not_null(argv[0], "DOORSTEP_BIN is not set");
	return ds_test_run(argv, stdin_text, out, err);
}

/** English messages, whatever the machine's locale. */
static void setup(void)
{
	setenv("LANGUAGE", "C", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
}

TestSuite(password_cli, .init = setup);

/** The string items of a JSON array member, joined by "|". */
static void joined(const cJSON *o, const char *key, char *buf, size_t size)
{
	const cJSON *item;
	size_t len = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(item, cJSON_GetObjectItem(o, key)) {
		int n = snprintf(buf + len, size - len, "%s|", cJSON_GetStringValue(item));

		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
}

Test(password_cli, check_accepts_a_strong_password)
{
	char *out, *err;
	cJSON *o;

	cr_assert_eq(run("orchid tractor velvet lamp\n", &out, &err, "password", "check", "--json", NULL, NULL, NULL), 0,
		     "%s", err);
	o = cJSON_Parse(out);
	cr_assert_not_null(o, "not JSON: %s", out);
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(o, "accepted")));
	cr_assert_eq(cJSON_GetObjectItem(o, "score")->valueint, 4);
	cr_assert_gt(cJSON_GetObjectItem(o, "guesses_log10")->valuedouble, 10.0);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(o, "reasons")), 0);
	cr_assert(cJSON_IsArray(cJSON_GetObjectItem(o, "suggestions")));
	cr_assert_null(strstr(out, "orchid"));
	cr_assert_null(strstr(err, "orchid"));
	cJSON_Delete(o);
	free(out);
	free(err);
}

Test(password_cli, check_refuses_with_reasons_and_context)
{
	char *out, *err, reasons[4096], codes[1024];
	cJSON *o;

	cr_assert_eq(run("Admin12345678!!\n", &out, &err, "password", "check", "--json", "--context", "admin", NULL), 1,
		     "%s", err);
	o = cJSON_Parse(out);
	cr_assert_not_null(o, "not JSON: %s", out);
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(o, "accepted")));
	cr_assert_eq(cJSON_GetObjectItem(o, "score")->valueint, 0);
	joined(o, "reasons", reasons, sizeof reasons);
	joined(o, "reason_codes", codes, sizeof codes);
	cr_assert(strstr(codes, "context:word|"), "%s", codes);
	cr_assert(strstr(codes, "default_list|"), "%s", codes);
	cr_assert(strstr(reasons, "botnets"), "%s", reasons);
	cr_assert_gt(cJSON_GetArraySize(cJSON_GetObjectItem(o, "suggestions")), 0);
	cr_assert_null(strstr(out, "Admin12345678"));
	cr_assert_null(strstr(err, "Admin12345678"));
	cJSON_Delete(o);
	free(out);
	free(err);
}

Test(password_cli, check_reads_pins_and_device_rules)
{
	char *out, *err;

	cr_assert_eq(run("917304", &out, &err, "password", "check", "--pin", "--max-length", "8", NULL), 0, "%s%s", out, err);
	cr_assert(strstr(out, "Accepted"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run("12345678\n", &out, &err, "password", "check", "--pin", NULL, NULL, NULL), 1);
	cr_assert(strstr(out, "Refused"), "%s", out);
	cr_assert(strstr(out, "Why:"), "%s", out);
	cr_assert_null(strstr(out, "12345678"));
	free(out);
	free(err);
	cr_assert_eq(run("vT7#qL2x\n", &out, &err, "password", "check", "--second-factor", NULL, NULL, NULL), 0, "%s", out);
	free(out);
	free(err);
}

Test(password_cli, check_bad_usage_exits_2)
{
	static const char *const bad[][4] = {
		{ "password", NULL },
		{ "password", "frobnicate", NULL },
		{ "password", "check", "--frobnicate", NULL },
		{ "password", "check", "--context", NULL },
		{ "password", "check", "--max-length", "many" },
		{ "password", "check", "--max-length", "0" },
	};
	char *out, *err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* Rows end with NULL (missing members are NULL too). */
		cr_assert_eq(run("orchid tractor velvet lamp\n", &out, &err, bad[i][0], bad[i][1], bad[i][2], bad[i][3], NULL,
				 NULL), 2, "case %zu", i);
		cr_assert(strstr(err, "Usage"), "case %zu: %s", i, err);
		free(out);
		free(err);
	}
	/* Nothing, or more than one line, on standard input. */
	cr_assert_eq(run("", &out, &err, "password", "check", NULL, NULL, NULL, NULL), 2);
	free(out);
	free(err);
	cr_assert_eq(run("one password\nanother password\n", &out, &err, "password", "check", NULL, NULL, NULL, NULL), 2);
	cr_assert_null(strstr(err, "another"));
	free(out);
	free(err);
	cr_assert_eq(run(NULL, &out, &err, "password", "--help", NULL, NULL, NULL, NULL), 0);
	cr_assert(strstr(out, "doorstep password check"), "%s", out);
	free(out);
	free(err);
}

Test(password_cli, generate_prints_one_accepted_password)
{
	char *out, *err, *out2, *err2;
	size_t len;

	cr_assert_eq(run(NULL, &out, &err, "password", "generate", NULL, NULL, NULL, NULL), 0, "%s", err);
	len = strlen(out);
	cr_assert_gt(len, 15);
	cr_assert_eq(out[len - 1], '\n');
	cr_assert_eq(strchr(out, '\n'), out + len - 1, "more than one line: %s", out);
	/* What it prints passes the check. */
	cr_assert_eq(run(out, &out2, &err2, "password", "check", NULL, NULL, NULL, NULL), 0, "%s", out2);
	free(out2);
	free(err2);
	free(out);
	free(err);
	cr_assert_eq(run(NULL, &out, &err, "password", "generate", "--pin", NULL, NULL, NULL), 0, "%s", err);
	cr_assert_eq(strlen(out), 9, "%s", out);
	cr_assert_eq(strspn(out, "0123456789"), 8, "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run(NULL, &out, &err, "password", "generate", "--max-length", "20", NULL, NULL), 0, "%s", err);
	cr_assert_leq(strlen(out), 21, "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run(NULL, &out, &err, "password", "generate", "--pin", "--max-length", "4", NULL), 1);
	free(out);
	free(err);
}
