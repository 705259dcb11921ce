/* The log file: private to the user, one line per message whatever the
 * message holds, rotated at its size limit. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/base/log.h"
#include "app/base/paths.h"
#include "tests/support/test_support.h"

static const char *tmp;

/** A fresh XDG tree per test, and the log open in it. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	cr_assert_eq(ds_log_open(), 0);
}

/** Closes the log and removes the tree. */
static void teardown(void)
{
	ds_log_close();
	ds_test_rmtree(tmp);
}

TestSuite(log, .init = setup, .fini = teardown);

/** The log's path in the test's tree (static). */
static const char *log_path(const char *suffix)
{
	static char path[4300];
	char dir[4096];

	cr_assert_eq(ds_paths_state_dir(dir, sizeof dir), 0);
	snprintf(path, sizeof path, "%s/doorstep.log%s", dir, suffix);
	return path;
}

Test(log, file_is_private_to_the_user)
{
	struct stat st;

	ds_log(DS_LOG_INFO, "core", "hello");
	cr_assert_eq(stat(log_path(""), &st), 0);
	cr_assert_eq(st.st_mode & 077, 0, "log mode %o", st.st_mode & 0777);
}

Test(log, a_message_cannot_forge_a_line_or_reach_a_terminal)
{
	size_t len = 0;
	char *text;

	ds_log(DS_LOG_INFO, "plugin:acme", "%s",
	       "ok\n2026-12-06T00:00:00Z error [core] forged\r\x1b]0;title\x07\x1b[2J\xc2\x9b"
	       "31m \xe2\x80\xae \xff end");
	ds_log(DS_LOG_WARN, "plugin:ev\nil", "second");
	text = ds_paths_read_file(log_path(""), &len);
	cr_assert_not_null(text);
	cr_assert_eq(strchr(text, '\n') - text + 1 > 0, 1);
	cr_assert_null(strstr(text, "\n2026-12-06T00:00:00Z"), "a message started a line: %s", text);
	cr_assert_null(strchr(text, '\x1b'), "an escape reached the file: %s", text);
	cr_assert_null(strchr(text, '\r'));
	cr_assert_null(strstr(text, "\xc2\x9b"), "a C1 control reached the file");
	cr_assert(strstr(text, "\\u009b31m \\u202e \\xff end"), "C1, bidi override, a byte not UTF-8: %s", text);
	cr_assert(strstr(text, "[plugin:acme] ok\\x0a2026"), "%s", text);
	cr_assert(strstr(text, "[plugin:ev\\x0ail] second"), "%s", text);
	/* exactly two lines */
	cr_assert_eq(strchr(strchr(text, '\n') + 1, '\n')[1], '\0', "%s", text);
	free(text);
}

Test(log, rotates_at_its_size_limit)
{
	struct stat st;
	char line[1000];

	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	for (long written = 0; written < DS_LOG_MAX_BYTES + 4096; written += (long)sizeof line)
		ds_log(DS_LOG_DEBUG, "core", "%s", line);
	cr_assert_eq(stat(log_path(".1"), &st), 0, "no doorstep.log.1");
	cr_assert_geq(st.st_size, DS_LOG_MAX_BYTES);
	cr_assert_eq(stat(log_path(""), &st), 0);
	cr_assert_lt(st.st_size, DS_LOG_MAX_BYTES / 2, "the new log holds %ld bytes", (long)st.st_size);
	cr_assert_eq(st.st_mode & 077, 0);
}
