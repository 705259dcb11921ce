/* XDG Base Directory rules of app/base/paths.c, and the build-tree check. */
#include <criterion/criterion.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/paths.h"

/** The home directory of this user in the password database. */
static const char *passwd_home(void)
{
	const struct passwd *pw = getpwuid(getuid());

	cr_assert_not_null(pw);
	return pw->pw_dir;
}

Test(paths, absolute_xdg_variables_win)
{
	char buf[4096];

	setenv("HOME", "/home/someone", 1);
	setenv("XDG_STATE_HOME", "/var/tmp/st", 1);
	setenv("XDG_CONFIG_HOME", "/var/tmp/cf", 1);
	cr_assert_eq(ds_paths_state_dir(buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "/var/tmp/st/doorstep");
	cr_assert_eq(ds_paths_config_dir(buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "/var/tmp/cf/doorstep");
	cr_assert_eq(ds_paths_sites_dir(buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "/var/tmp/st/doorstep/sites");
}

Test(paths, empty_or_relative_xdg_variables_mean_the_default)
{
	char buf[4096];

	setenv("HOME", "/home/someone", 1);
	setenv("XDG_STATE_HOME", "", 1);
	setenv("XDG_CONFIG_HOME", "relative/config", 1);
	cr_assert_eq(ds_paths_state_dir(buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "/home/someone/.local/state/doorstep");
	cr_assert_eq(ds_paths_config_dir(buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "/home/someone/.config/doorstep");
}

Test(paths, without_home_the_password_database_is_used_never_tmp)
{
	char buf[4096], want[4096];

	unsetenv("XDG_STATE_HOME");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	snprintf(want, sizeof want, "%s/.local/state/doorstep", passwd_home());
	cr_assert_eq(ds_paths_state_dir(buf, sizeof buf), 0);
	cr_assert_str_eq(buf, want);
	setenv("HOME", "", 1);
	snprintf(want, sizeof want, "%s/.config/doorstep", passwd_home());
	cr_assert_eq(ds_paths_config_dir(buf, sizeof buf), 0);
	cr_assert_str_eq(buf, want);
	cr_assert(strncmp(buf, "/tmp/", 5) != 0 || strncmp(passwd_home(), "/tmp/", 5) == 0);
}

Test(paths, too_small_a_buffer_fails)
{
	char buf[8];

	setenv("XDG_STATE_HOME", "/var/tmp/a-long-state-directory", 1);
	cr_assert_eq(ds_paths_state_dir(buf, sizeof buf), -1);
}

Test(paths, this_test_runs_from_its_build_tree)
{
	/* Test binaries live under the build tree; the installed doorstep
	 * (tests/package/test_package.sh) does not. */
	cr_assert(ds_paths_in_build_tree());
}
