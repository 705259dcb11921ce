/* Text from codes, devices and plugins never reaches the terminal raw: the
 * real binary's text output shows escape sequences, C1 and bidi controls as
 * visible stand-ins, and its --json output is valid UTF-8, also when the
 * input was not. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/base/utf8.h"
#include "tests/support/test_support.h"

static const char *tmp;

/** A fresh XDG tree per test, and only the hostile fixture plugin. */
static void setup(void)
{
	char path[4200];

	tmp = ds_test_tmpdir();
	snprintf(path, sizeof path, "%s/hostile-text", ds_test_fixture_dir());
	setenv("DOORSTEP_PLUGIN_PATH", path, 1);
	setenv("PANEL_PW", "orchid tractor velvet lamp", 1);
}

/** Removes it. */
static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(safe_output, .init = setup, .fini = teardown, .timeout = 120);

/** Runs doorstep with up to 5 arguments (NULL-terminated). */
static int run5(char **out, char **err, const char *a, const char *b, const char *c, const char *d, const char *e)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), a, b, c, d, e, NULL };

	return ds_test_run(argv, "", out, err);
}

/** Runs doorstep with up to 4 arguments (NULL-terminated). */
static int run(char **out, char **err, const char *a, const char *b, const char *c, const char *d)
{
	const char *argv[] = { getenv("DOORSTEP_BIN"), a, b, c, d, NULL };

	return ds_test_run(argv, "", out, err);
}

/** Fails unless s is valid UTF-8 and, when terminal, holds nothing a
 *  terminal acts on: a control other than newline, DEL, a C1 control, a bidi
 *  control (JSON may hold controls: it escapes them). */
static void assert_text(const char *what, const char *s, bool terminal)
{
	size_t len = strlen(s), off = 0, n;
	uint32_t cp;

	while (off < len) {
		n = ds_utf8_decode(s + off, len - off, &cp);
		cr_assert(!(cp == 0xfffd && n == 1), "%s: a byte that is not UTF-8 at %zu: %s", what, off, s);
		cr_assert(!terminal || cp == '\n' || (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f)),
			  "%s: control U+%04X at %zu: %s", what, (unsigned)cp, off, s);
		cr_assert(!terminal || (!(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069)),
			  "%s: bidi control U+%04X at %zu: %s", what, (unsigned)cp, off, s);
		off += n;
	}
}

/** Fails unless s is safe to show on a terminal (assert_text). */
static void assert_terminal_safe(const char *what, const char *s)
{
	assert_text(what, s, true);
}

/** Fails unless s is valid UTF-8. */
static void assert_utf8(const char *what, const char *s)
{
	assert_text(what, s, false);
}

/** A Wi-Fi code whose network name sets the window title and clears the screen. */
#define HOSTILE_WIFI "WIFI:T:WPA;S:Home\x1b]0\\;pwned\x07\x1b[2J\xe2\x80\xae;P:orchid tractor velvet;;"

Test(safe_output, qr_decode_shows_a_hostile_network_name_as_stand_ins)
{
	char *out, *err;

	cr_assert_eq(run(&out, &err, "qr", "decode", HOSTILE_WIFI, NULL), 0, "%s", err);
	assert_terminal_safe("stdout", out);
	assert_terminal_safe("stderr", err);
	cr_assert(strstr(out, "Home^[]0;pwned^G^[[2J<U+202E>"), "%s", out);
	free(out);
	free(err);
}

Test(safe_output, qr_decode_json_is_valid_utf8)
{
	char *out, *err;
	cJSON *j;

	cr_assert_eq(run(&out, &err, "qr", "decode", "--json", "WIFI:S:Ho\xff\xc0\xafme\x1b[2J\xc2\x9b;;"), 0, "%s", err);
	assert_utf8("stdout", out);
	cr_assert_null(strchr(out, 0x1b), "%s", out);
	j = cJSON_Parse(out);
	cr_assert_not_null(j, "not JSON: %s", out);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(j, "ssid")),
			 "Ho\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdme\x1b[2J\xc2\x9b");
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(safe_output, qr_decode_of_a_photo_shows_stand_ins)
{
	char png[4200], *out, *err;

	snprintf(png, sizeof png, "%s/hostile.png", tmp);
	cr_assert_eq(run5(&out, &err, "qr", "encode", "--png", png, HOSTILE_WIFI), 0, "%s", err);
	free(out);
	free(err);
	cr_assert_eq(run5(&out, &err, "qr", "decode", "--image", png, NULL), 0, "%s", err);
	assert_terminal_safe("stdout", out);
	assert_terminal_safe("stderr", err);
	cr_assert(strstr(out, "Home^[]0;pwned^G^[[2J<U+202E>"), "%s", out);
	free(out);
	free(err);
}

Test(safe_output, error_messages_show_stand_ins)
{
	char *out, *err;

	cr_assert_eq(run(&out, &err, "qr", "decode", "--x\x1b]0;pwned\x07", NULL), 2);
	assert_terminal_safe("stderr", err);
	cr_assert(strstr(err, "--x^[]0;pwned^G"), "%s", err);
	free(out);
	free(err);
}

/** What every string of the hostile fixture plugin carries, as shown. */
#define SHOWN "^[]0;pwned^G^[[2J<U+009B>31m<U+202E>"

Test(safe_output, plugins_shows_a_hostile_plugin_safely)
{
	char *out, *err;
	cJSON *j;

	cr_assert_eq(run(&out, &err, "plugins", NULL, NULL, NULL), 0, "%s", err);
	assert_terminal_safe("stdout", out);
	assert_terminal_safe("stderr", err);
	cr_assert(strstr(out, "Hostile " SHOWN " fixture 1.0 (Vendor " SHOWN ")"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "plugins", "--json", NULL, NULL), 0, "%s", err);
	assert_utf8("stdout", out);
	j = cJSON_Parse(out);
	cr_assert_not_null(j, "not JSON: %s", out);
	cJSON_Delete(j);
	free(out);
	free(err);
}

Test(safe_output, a_plugins_locator_and_damage_message_are_shown_safely)
{
	char *out, *err;

	cr_assert_eq(run(&out, &err, "qr", "decode", "HOSTILE:ok", NULL), 0, "%s", err);
	assert_terminal_safe("stdout", out);
	cr_assert(strstr(out, "hostile:" SHOWN), "%s", out);
	cr_assert(strstr(out, "Hostile " SHOWN " fixture"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "qr", "decode", "HOSTILE:damaged", NULL), 2, "%s", err);
	assert_terminal_safe("stderr", err);
	cr_assert(strstr(err, "damaged " SHOWN " label"), "%s", err);
	free(out);
	free(err);
}

Test(safe_output, run_shows_a_plugins_failure_safely)
{
	char plan[4200], *out, *err;
	FILE *f;

	snprintf(plan, sizeof plan, "%s/plan.json", tmp);
	f = fopen(plan, "w");
	cr_assert_not_null(f);
	fputs("{ \"site\": \"Hostile house\", \"devices\": [\n"
	      "  { \"qr\": \"HOSTILE:ok\", \"name\": \"Door\", \"password_env\": \"PANEL_PW\" } ] }\n",
	      f);
	fclose(f);
	cr_assert_eq(run(&out, &err, "run", plan, NULL, NULL), 1, "%s", err);
	assert_terminal_safe("stdout", out);
	assert_terminal_safe("stderr", err);
	cr_assert(strstr(out, "cannot reach " SHOWN " the device") || strstr(err, "cannot reach " SHOWN " the device"),
		  "stdout: %s\nstderr: %s", out, err);
	free(out);
	free(err);
}

Test(safe_output, report_shows_a_device_name_on_one_safe_line)
{
	char plan[4200], *out, *err;
	FILE *f;

	unsetenv("DOORSTEP_PLUGIN_PATH");
	snprintf(plan, sizeof plan, "%s/plan.json", tmp);
	f = fopen(plan, "w");
	cr_assert_not_null(f);
	fputs("{ \"site\": \"Report house\", \"devices\": [\n"
	      "  { \"qr\": \"DSDEMO:1:PNL:DP100-7F3A21:49\", \"password_env\": \"PANEL_PW\",\n"
	      "    \"name\": \"Hall\\npanel\\u001b]0;pwned\\u0007\\u202e\" } ] }\n",
	      f);
	fclose(f);
	cr_assert_eq(run(&out, &err, "run", "--demo", plan, NULL), 1, "%s", err); /* not complete: no cellular */
	free(out);
	free(err);
	cr_assert_eq(run(&out, &err, "report", "Report house", NULL, NULL), 0, "%s", err);
	assert_terminal_safe("stdout", out);
	cr_assert(strstr(out, "  Hall^Jpanel^[]0;pwned^G<U+202E> "), "%s", out);
	free(out);
	free(err);
}
