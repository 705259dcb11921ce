/* `doorstep plugin check`: the in-tree demo plugin and a correct fixture
 * pass; every broken fixture fails, on the check and for the reason it is
 * about; a crash or a hang in the plugin is a verdict, not a dead checker.
 * Runs the real binary. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/base/paths.h"
#include "tests/support/test_support.h"

static const char *tmp;

/** A fresh XDG tree; English messages. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	setenv("LC_ALL", "C", 1);
	unsetenv("LANGUAGE");
	unsetenv("DOORSTEP_PLUGIN_PATH");
}

/** Removes it. */
static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(plugin_check, .init = setup, .fini = teardown, .timeout = 240);

/** Runs `doorstep plugin check --json [extra] FILE` (extra may be NULL)
 *  and parses stdout. Returns the exit status; *json is the document. */
static int check_json(const char *file, const char *extra1, const char *extra2, cJSON **json)
{
	const char *argv[8];
	char *out = NULL, *err = NULL;
	size_t n = 0;
	int rc;

	argv[n++] = getenv("DOORSTEP_BIN");
	argv[n++] = "plugin";
	argv[n++] = "check";
	argv[n++] = "--json";
	if (extra1)
		argv[n++] = extra1;
	if (extra2)
		argv[n++] = extra2;
	argv[n++] = file;
	argv[n] = NULL;
	rc = ds_test_run(argv, "", &out, &err);
	*json = cJSON_Parse(out);
	cr_assert_not_null(*json, "stdout is not one JSON document (status %d):\n%s\nstderr:\n%s",
			   rc, out, err);
	free(out);
	free(err);
	return rc;
}

/** The check with this id in a report, or NULL. */
static const cJSON *find_check(const cJSON *json, const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(json, "checks")) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")), id) == 0)
			return c;
	}
	return NULL;
}

/** Asserts the verdict of check id and that its detail contains want (may be NULL). */
static void expect_check(const cJSON *json, const char *id, const char *verdict, const char *want)
{
	const cJSON *c = find_check(json, id);
	const char *detail;

	cr_assert_not_null(c, "no check \"%s\" in the report", id);
	detail = cJSON_GetStringValue(cJSON_GetObjectItem(c, "detail"));
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(c, "verdict")), verdict,
			 "check %s: %s", id, detail);
	if (want)
		cr_assert(strstr(detail, want), "check %s: \"%s\" lacks \"%s\"", id, detail, want);
}

/** Asserts that every check passed or was skipped. */
static void expect_all_pass(const cJSON *json)
{
	const cJSON *c;

	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(json, "verdict")), "pass");
	cr_assert_eq(cJSON_GetNumberValue(cJSON_GetObjectItem(json, "failed")), 0);
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(json, "checks")) {
		cr_assert_str_neq(cJSON_GetStringValue(cJSON_GetObjectItem(c, "verdict")), "fail",
				  "%s: %s", cJSON_GetStringValue(cJSON_GetObjectItem(c, "id")),
				  cJSON_GetStringValue(cJSON_GetObjectItem(c, "detail")));
	}
}

/** Path of a fixture file. */
static const char *fixture(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", ds_test_fixture_dir(), rel);
	cr_assert_eq(access(buf, R_OK), 0, "fixture %s was not built", buf);
	return buf;
}

Test(plugin_check, demo_plugin_passes_and_keeps_its_memory)
{
	char path[4096], state[4200];
	struct stat st;
	cJSON *json;

	snprintf(path, sizeof path, "%s/demo.so", ds_test_plugin_dir());
	cr_assert_eq(check_json(path, NULL, NULL, &json), 0);
	expect_all_pass(json);
	expect_check(json, "signature", "pass", "signed with trusted key");
	expect_check(json, "load", "pass", "demo");
	expect_check(json, "discover", "pass", NULL);
	expect_check(json, "set_password", "pass", NULL);
	expect_check(json, "options", "pass", NULL);
	expect_check(json, "cancel", "pass", "returned \"cancelled\"");
	expect_check(json, "no-crash", "pass", NULL);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(json, "plugin"), "abi")), "1.2");
	/* The checker gave the plugin a scratch data directory. */
	snprintf(state, sizeof state, "%s/state/doorstep/plugins/demo", tmp);
	cr_assert_neq(stat(state, &st), 0, "the check wrote the demo's memory in %s", state);
	cJSON_Delete(json);
}

Test(plugin_check, every_in_tree_plugin_passes)
{
	const char *dir = ds_test_plugin_dir();
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	size_t checked = 0;

	cr_assert_geq(n, 0, "cannot list %s", dir);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);
		char path[4096];
		cJSON *json;

		if (len > 3 && strcmp(names[i]->d_name + len - 3, ".so") == 0) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
			cr_assert_eq(check_json(path, NULL, NULL, &json), 0, "%s fails the check", path);
			expect_all_pass(json);
			cJSON_Delete(json);
			checked++;
		}
		free(names[i]);
	}
	free(names);
	cr_assert_geq(checked, 1, "no plugin in %s", dir);
}

Test(plugin_check, example_plugin_passes)
{
	char path[4096];
	cJSON *json;

	snprintf(path, sizeof path, "%s/plugins-example/example.so", getenv("DOORSTEP_BUILD_DIR"));
	cr_assert_eq(check_json(path, "--qr", "ACMESIREN:ES-000123", &json), 0);
	expect_all_pass(json);
	expect_check(json, "match_qr", "pass", NULL);
	expect_check(json, "set_password", "pass", NULL);
	expect_check(json, "options", "pass", NULL);
	expect_check(json, "cancel", "pass", "diagnose(0)");
	cJSON_Delete(json);
}

Test(plugin_check, correct_fixture_passes)
{
	char path[4096];
	cJSON *json;

	cr_assert_eq(check_json(fixture(path, sizeof path, "check-ok/fx_check_ok.so"), NULL, NULL,
				&json), 0);
	expect_all_pass(json);
	expect_check(json, "open", "pass", NULL);
	expect_check(json, "handover_code", "pass", NULL);
	expect_check(json, "cancel", "skip", "nothing to cancel");
	expect_check(json, "esim_profile", "skip", "not declared");
	cJSON_Delete(json);
}

Test(plugin_check, plugin_built_against_abi_1_0_passes)
{
	char path[4096];
	cJSON *json;

	cr_assert_eq(check_json(fixture(path, sizeof path, "abi-1.0-plugin/fx_abi_1_0.so"), "--qr",
				"CF:dev", &json), 0);
	expect_all_pass(json);
	expect_check(json, "descriptor", "pass", "built for plugin ABI 1.0");
	expect_check(json, "match_qr", "pass", NULL);
	expect_check(json, "operator_scan", "skip", "not declared");
	expect_check(json, "wifi_status", "skip", "not declared");
	cJSON_Delete(json);
}

/** A fixture that breaks one rule, the check that must fail, and why. */
struct broken_case {
	const char *file;
	const char *check;
	const char *reason;
	bool no_crash_fails;
};

static const struct broken_case behaviour_cases[] = {
	{ "check-crash/fx_check_crash.so", "match_qr", "crashed (Segmentation fault) in match_qr", true },
	{ "check-hang/fx_check_hang.so", "handover_code", "did not return within 2 s", true },
	{ "check-silent/fx_check_silent.so", "open", "without a message", false },
	{ "check-no-nul/fx_check_no_nul.so", "discover", "without a terminating NUL", false },
	{ "check-overrun/fx_check_overrun.so", "handover_code", "wrote past the end", false },
	{ "check-ignores-cancel/fx_check_ignores_cancel.so", "cancel",
	  "returned \"ok\" instead of \"cancelled\"", false },
	{ "check-accepts-hostile/fx_check_accepts_hostile.so", "esim_set_primary",
	  "accepted an empty ICCID", false },
	{ "check-bad-caps/fx_check_bad_caps.so", "descriptor", "caps has DS_CAP_BLE but match_ble is NULL",
	  false },
};

Test(plugin_check, each_broken_behaviour_fails_its_check)
{
	for (size_t i = 0; i < sizeof behaviour_cases / sizeof behaviour_cases[0]; i++) {
		const struct broken_case *bc = &behaviour_cases[i];
		char path[4096];
		const cJSON *c;
		size_t failed = 0;
		cJSON *json;

		cr_assert_eq(check_json(fixture(path, sizeof path, bc->file), "--timeout", "2", &json), 1,
			     "%s did not fail", bc->file);
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(json, "verdict")), "fail");
		expect_check(json, bc->check, "fail", bc->reason);
		expect_check(json, "load", "pass", NULL);
		expect_check(json, "no-crash", bc->no_crash_fails ? "fail" : "pass", NULL);
		/* The one rule it breaks is the only reason it fails. */
		cJSON_ArrayForEach(c, cJSON_GetObjectItem(json, "checks")) {
			const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(c, "id"));

			if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(c, "verdict")), "fail") != 0)
				continue;
			failed++;
			cr_assert(strcmp(id, bc->check) == 0 || strcmp(id, "no-crash") == 0,
				  "%s also fails %s: %s", bc->file, id,
				  cJSON_GetStringValue(cJSON_GetObjectItem(c, "detail")));
		}
		cr_assert_eq(failed, bc->no_crash_fails ? 2u : 1u);
		cJSON_Delete(json);
	}
}

static const struct broken_case refused_cases[] = {
	{ "missing-symbol/fx_missing_symbol.so", "load", "missing symbol doorstep_plugin_v1", false },
	{ "null-entry/fx_null_entry.so", "load", "returned no descriptor", false },
	{ "undefined-symbol/fx_undefined_symbol.so", "load", "undefined symbol", false },
	{ "wrong-major/fx_wrong_major.so", "load", "built for plugin ABI 2.0", false },
	{ "newer-minor/fx_newer_minor.so", "load", "newer ABI minor", false },
	{ "short-descriptor/fx_short_descriptor.so", "load", "descriptor too short", false },
	{ "empty-id/fx_empty_id.so", "load", "id is missing or empty", false },
	{ "bad-id/fx_bad_id.so", "load", "invalid plugin id", false },
	{ "missing-field/fx_missing_field.so", "load", "'vendor' is missing", false },
	{ "null-mandatory-op/fx_null_mandatory_op.so", "load", "'open' is missing", false },
	{ "init-fails/fx_init_fails.so", "load", "init failed", false },
	{ "not-elf/bogus.so", "load", "no ELF header", false },
	{ "elf-object/fx_object.so", "load", "not a shared object", false },
};

Test(plugin_check, each_refused_fixture_fails_to_load_with_the_loaders_reason)
{
	for (size_t i = 0; i < sizeof refused_cases / sizeof refused_cases[0]; i++) {
		const struct broken_case *bc = &refused_cases[i];
		char path[4096];
		cJSON *json;

		cr_assert_eq(check_json(fixture(path, sizeof path, bc->file), NULL, NULL, &json), 1,
			     "%s did not fail", bc->file);
		expect_check(json, "load", "fail", bc->reason);
		cr_assert(cJSON_IsNull(cJSON_GetObjectItem(json, "plugin")));
		cJSON_Delete(json);
	}
}

Test(plugin_check, unsigned_plugin_is_checked_but_fails_the_signature)
{
	char src[4096], dst[4200], *data;
	size_t len = 0;
	cJSON *json;
	FILE *f;

	fixture(src, sizeof src, "check-ok/fx_check_ok.so");
	snprintf(dst, sizeof dst, "%s/unsigned.so", tmp);
	data = ds_paths_read_file(src, &len);
	cr_assert_not_null(data);
	f = fopen(dst, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	free(data);
	cr_assert_eq(check_json(dst, NULL, NULL, &json), 1);
	expect_check(json, "signature", "fail", "not signed");
	expect_check(json, "load", "pass", NULL);
	expect_check(json, "open", "pass", NULL);
	cJSON_Delete(json);
}

/** Runs `doorstep plugin ARGS...` (NULL-terminated, at most 4), expects
 *  status and that stdout (or stderr, when in_err) contains want. */
static void expect_run(int status, bool in_err, const char *want, const char *a, const char *b,
		       const char *c, const char *d)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), "plugin", a, b, c, d, NULL };
	char *out = NULL, *err = NULL;

	cr_assert_eq(ds_test_run(argv, "", &out, &err), status, "plugin %s %s: %s", a, b ? b : "", err);
	cr_assert(strstr(in_err ? err : out, want), "plugin %s %s: \"%s\" lacks \"%s\"", a,
		  b ? b : "", in_err ? err : out, want);
	if (in_err)
		cr_assert_str_eq(out, "", "a usage error printed on stdout: %s", out);
	free(out);
	free(err);
}

Test(plugin_check, text_report_and_usage)
{
	char path[4096];

	fixture(path, sizeof path, "check-silent/fx_check_silent.so");
	expect_run(1, false, "FAIL  open", "check", path, NULL, NULL);
	expect_run(1, false, "PASS  load", "check", path, NULL, NULL);
	expect_run(1, false, "1 check failed", "check", path, NULL, NULL);
	expect_run(0, false, "--timeout SECONDS", "check", "--help", NULL, NULL);
	expect_run(2, true, "give the plugin file", "check", NULL, NULL, NULL);
	expect_run(2, true, "--timeout takes whole seconds", "check", "--timeout", "0", path);
	expect_run(2, true, "not a readable file", "check", "/nonexistent/x.so", NULL, NULL);
	expect_run(2, true, "unknown subcommand", "frobnicate", NULL, NULL, NULL);
	expect_run(2, true, "missing subcommand", NULL, NULL, NULL, NULL);
}

Test(plugin_check, the_1_2_operations_are_exercised)
{
	char path[4096];
	cJSON *json;

	fixture(path, sizeof path, "accounts/fx_accounts.so");
	/* Reading the accounts takes 400 ms: the call the cancel check cancels. */
	setenv("DOORSTEP_FX_LIST_MS", "400", 1);
	cr_assert_eq(check_json(path, NULL, NULL, &json), 0);
	expect_all_pass(json);
	/* Each 1.2 operation is called: the accounts listed to their end and past
	 * it, unknown users and fixes refused with a message, odd addresses. */
	expect_check(json, "match_address", "pass", NULL);
	expect_check(json, "account", "pass", NULL);
	expect_check(json, "account_set_password", "pass", NULL);
	expect_check(json, "account_delete", "pass", NULL);
	expect_check(json, "check_fix", "pass", NULL);
	expect_check(json, "cancel", "pass", "account(0)");
	unsetenv("DOORSTEP_FX_LIST_MS");
	cJSON_Delete(json);
}
