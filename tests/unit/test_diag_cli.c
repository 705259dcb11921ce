/* `doorstep diag` against servers on 127.0.0.1 (tests/support/net_server.py):
 * plain HTTP, HTTPS with a test CA, expired and wrong-host certificates, a
 * port that accepts and never answers, a slow answer, a closed port, a
 * wrong Date header and a captive portal. Each fault must show up as the
 * check that names it, with advice; exit 1 on a failure, 0 when all pass,
 * 2 on bad usage. Runs the real binary. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/net_fixture.h"
#include "tests/support/test_support.h"

static const char *tmp;
static ds_net_fixture servers;

/** A fresh XDG tree and the servers, with the slow one answering after 1.8 s. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	ds_net_fixture_start_under(&servers, tmp, 1.8);
}

/** Stops the servers and removes the tree. */
static void teardown(void)
{
	ds_net_fixture_stop(&servers);
	ds_test_rmtree(tmp);
}

/** Runs doorstep diag with args (NULL-terminated, at most 40); returns the exit status. */
static int diag(char **out, char **err, const char *const *args)
{
	const char *argv[44] = { getenv("DOORSTEP_BIN"), "diag" };
	size_t n = 2;

	for (size_t i = 0; args[i] && n < 43; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return ds_test_run(argv, NULL, out, err);
}

/** The check of kind for target in a diag --json document; fails the test if absent. */
static const cJSON *check_of(const cJSON *doc, const char *kind, const char *target)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks"))
		if (strcmp(cJSON_GetObjectItem(c, "kind")->valuestring, kind) == 0 &&
		    strcmp(cJSON_GetObjectItem(c, "target")->valuestring, target) == 0)
			return c;
	cr_assert_fail("no %s check for %s", kind, target);
	return NULL;
}

/** Asserts the grade of a check, and that a warning or failure carries advice. */
static const cJSON *expect(const cJSON *doc, const char *kind, const char *target, const char *grade)
{
	const cJSON *c = check_of(doc, kind, target);
	const char *got = cJSON_GetObjectItem(c, "grade")->valuestring;

	cr_assert_str_eq(got, grade, "%s of %s: %s (%s)", kind, target, got, cJSON_GetObjectItem(c, "value")->valuestring);
	if (strcmp(grade, "pass") != 0)
		cr_assert(strlen(cJSON_GetObjectItem(c, "advice")->valuestring) > 20);
	return c;
}

/** The value of a check. */
static const char *value_of(const cJSON *c)
{
	return cJSON_GetObjectItem(c, "value")->valuestring;
}

TestSuite(diag_cli, .init = setup, .fini = teardown, .timeout = 120);

Test(diag_cli, every_fault_is_named_by_its_check_and_fails_the_run)
{
	char http[64], https[64], expired[64], wrong[64], skewed[64], slow[64], hole[64], hole_tls[64], closed[64];
	char *out, *err;
	cJSON *doc;
	const cJSON *c;

	snprintf(http, sizeof http, "http://127.0.0.1:%d/", servers.http);
	snprintf(https, sizeof https, "https://127.0.0.1:%d/", servers.https);
	snprintf(expired, sizeof expired, "https://localhost:%d/", servers.expired);
	snprintf(wrong, sizeof wrong, "https://127.0.0.1:%d/", servers.wronghost);
	snprintf(skewed, sizeof skewed, "http://127.0.0.1:%d/", servers.skewed);
	snprintf(slow, sizeof slow, "http://127.0.0.1:%d/", servers.slow);
	snprintf(hole, sizeof hole, "http://127.0.0.1:%d/", servers.blackhole);
	snprintf(hole_tls, sizeof hole_tls, "https://127.0.0.1:%d/", servers.blackhole);
	snprintf(closed, sizeof closed, "http://127.0.0.1:%d/", servers.closed);
	cr_assert_eq(ds_net_fixture_config(&servers, 3, "portal"), 0);
	{
		const char *const args[] = { "--json", "--url", http, "--url", https, "--url", expired, "--url", wrong,
					     "--url", skewed, "--url", slow, "--url", hole, "--url", hole_tls,
					     "--url", closed, NULL };

		cr_assert_eq(diag(&out, &err, args), 1, "stderr: %s", err);
	}
	doc = cJSON_Parse(out);
	cr_assert(doc, "not JSON: %s", out);

	expect(doc, "http", http, "pass");
	expect(doc, "tls", https, "pass");
	cr_assert(strstr(value_of(check_of(doc, "tls", https)), "verified"));
	expect(doc, "http", https, "pass");
	expect(doc, "clock", https, "pass");
	expect(doc, "ipv4", https, "pass");

	c = expect(doc, "tls", expired, "fail");
	cr_assert_str_eq(value_of(c), "certificate expired");
	expect(doc, "dns", expired, "pass");
	expect(doc, "tcp", expired, "pass");
	expect(doc, "http", expired, "skipped");

	c = expect(doc, "tls", wrong, "fail");
	cr_assert_str_eq(value_of(c), "certificate for another name");

	c = expect(doc, "clock", skewed, "fail");
	{
		long behind = strtol(value_of(c), NULL, 10);

		cr_assert(behind >= 7195 && behind <= 7205 && strstr(value_of(c), "seconds behind"), "%s", value_of(c));
	}

	expect(doc, "http", slow, "pass");
	expect(doc, "timing", slow, "warn");

	expect(doc, "tcp", hole, "pass");
	c = expect(doc, "http", hole, "fail");
	cr_assert_str_eq(value_of(c), "no answer within 3 s");
	expect(doc, "tcp", hole_tls, "pass");
	c = expect(doc, "tls", hole_tls, "fail");
	cr_assert_str_eq(value_of(c), "no answer within 3 s");

	expect(doc, "tcp", closed, "fail");
	expect(doc, "http", closed, "skipped");
	expect(doc, "ipv4", closed, "fail");

	c = check_of(doc, "portal", cJSON_GetObjectItem(doc, "portal_url")->valuestring);
	cr_assert_str_eq(cJSON_GetObjectItem(c, "grade")->valuestring, "fail");
	cr_assert(strstr(value_of(c), "HTTP 302"), "%s", value_of(c));

	cr_assert_eq(cJSON_GetObjectItem(doc, "failed")->valueint, 8);
	cJSON_Delete(doc);
	free(out);
	free(err);
}

Test(diag_cli, a_healthy_network_passes_with_exit_0)
{
	char http[64], https[64];
	char *out, *err;
	cJSON *doc;
	const cJSON *c;

	snprintf(http, sizeof http, "http://127.0.0.1:%d/", servers.http);
	snprintf(https, sizeof https, "https://localhost:%d/", servers.https);
	cr_assert_eq(ds_net_fixture_config(&servers, 5, "generate_204"), 0);
	{
		const char *const args[] = { "--url", http, "--url", https, "--json", NULL };

		cr_assert_eq(diag(&out, &err, args), 0, "stdout: %s\nstderr: %s", out, err);
	}
	doc = cJSON_Parse(out);
	cr_assert(doc);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "targets")), 2);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "checks")) {
		const char *kind = cJSON_GetObjectItem(c, "kind")->valuestring;
		const char *grade = cJSON_GetObjectItem(c, "grade")->valuestring;

		/* IPv6 depends on the machine: a warning at most, never a failure. */
		if (strcmp(kind, "ipv6") == 0)
			cr_assert_str_neq(grade, "fail");
		else
			cr_assert_str_eq(grade, "pass", "%s: %s", cJSON_GetObjectItem(c, "id")->valuestring, grade);
	}
	cr_assert_eq(cJSON_GetObjectItem(doc, "failed")->valueint, 0);
	cJSON_Delete(doc);
	free(out);
	free(err);
}

Test(diag_cli, ipv6_passes_where_the_server_answers_over_ipv6)
{
	char url[64];
	char *out, *err;
	const cJSON *target;
	const char *name;
	cJSON *doc;

	if (servers.http6 <= 0)
		cr_skip_test("this machine has no IPv6 loopback (::1) to serve on");
	snprintf(url, sizeof url, "http://[::1]:%d/", servers.http6);
	cr_assert_eq(ds_net_fixture_config(&servers, 5, "generate_204"), 0);
	{
		const char *const args[] = { "--url", url, "--json", NULL };

		diag(&out, &err, args);
	}
	doc = cJSON_Parse(out);
	cr_assert(doc, "stdout: %s\nstderr: %s", out, err);
	target = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "targets"), 0);
	cr_assert(cJSON_IsString(target), "stdout: %s", out);
	name = target->valuestring;
	cr_assert_str_eq(name, url);
	expect(doc, "ipv6", name, "pass");
	expect(doc, "http", name, "pass");
	cJSON_Delete(doc);
	free(out);
	free(err);
}

Test(diag_cli, text_output_gives_advice_under_a_failure)
{
	char closed[64];
	char *out, *err;

	snprintf(closed, sizeof closed, "http://127.0.0.1:%d/", servers.closed);
	cr_assert_eq(ds_net_fixture_config(&servers, 3, "generate_204"), 0);
	{
		const char *const args[] = { "--url", closed, NULL };

		cr_assert_eq(diag(&out, &err, args), 1);
	}
	cr_assert(strstr(out, "✗ Connection · 127.0.0.1:"), "%s", out);
	cr_assert(strstr(out, "refused the connection"), "%s", out);
	cr_assert(strstr(out, "1 warning, 2 failed"), "%s", out);
	free(out);
	free(err);
}

Test(diag_cli, bad_usage_exits_2_with_a_message)
{
	static const char *const bad[][3] = {
		{ "--url", NULL, NULL }, { "--url", "ftp://127.0.0.1/", NULL }, { "--url", "not a url", NULL },
		{ "--bogus", NULL, NULL },
	};
	char *out, *err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_assert_eq(diag(&out, &err, bad[i]), 2, "%s %s", bad[i][0], bad[i][1] ? bad[i][1] : "");
		cr_assert(strlen(err) > 10, "no message for %s", bad[i][0]);
		cr_assert_str_eq(out, "");
		free(out);
		free(err);
	}
}

Test(diag_cli, help_names_the_options)
{
	const char *const args[] = { "--help", NULL };
	char *out, *err;

	cr_assert_eq(diag(&out, &err, args), 0);
	cr_assert(strstr(out, "--url"), "%s", out);
	free(out);
	free(err);
}

Test(diag_cli, a_broken_config_file_is_named_with_exit_2)
{
	const char *const args[] = { "--url", "http://127.0.0.1:1/", NULL };
	char path[4200];
	char *out, *err;
	FILE *f;

	cr_assert_eq(ds_net_fixture_config(&servers, 3, "generate_204"), 0);
	snprintf(path, sizeof path, "%s/doorstep/config.json", getenv("XDG_CONFIG_HOME"));
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{ \"diagnostics\": { \"targets\": [ ", f);
	fclose(f);
	cr_assert_eq(diag(&out, &err, args), 2);
	cr_assert(strstr(err, "config.json is not valid JSON"), "%s", err);
	free(out);
	free(err);
}
