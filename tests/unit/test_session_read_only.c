/* A site open in another doorstep can be opened read-only: the session
 * then refuses to save it and to run any job that changes a device, and
 * says which process holds the site. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/base/secret.h"
#include "app/core/device_ops.h"
#include "app/core/session.h"
#include "app/core/site_lock.h"
#include "app/core/site_store.h"
#include "tests/support/test_support.h"

static const char *tmp;
static ds_session *s;
static char msg[512];

/** A fresh demo session in its own XDG tree. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
	unsetenv("DOORSTEP_PLUGIN_PATH");
	cr_assert_eq(ds_secret_init(), 0);
	s = ds_session_new(true, msg, sizeof msg);
	cr_assert_not_null(s, "%s", msg);
}

static void teardown(void)
{
	ds_session_free(s);
	ds_test_rmtree(tmp);
}

TestSuite(session_read_only, .init = setup, .fini = teardown, .timeout = 60);

/** Reads the whole site file of name into a malloc'd string, or NULL. */
static char *site_file(const char *name)
{
	char path[4096];
	FILE *f;
	char *text;
	long n;

	cr_assert_eq(ds_site_path(name, path, sizeof path), 0);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	cr_assert_not_null(text);
	cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

Test(session_read_only, a_locked_site_opens_read_only_and_is_never_saved)
{
	ds_site *saved = ds_site_new("Smith");
	ds_site *site;
	ds_site_lock *other;
	char *before, *after, want[64];
	pid_t holder = 0;

	cr_assert_not_null(saved);
	cr_assert_eq(ds_site_save(saved, msg, sizeof msg), 0, "%s", msg);
	ds_site_free(saved);
	before = site_file("Smith");
	cr_assert_not_null(before);
	other = ds_site_lock_take("Smith", &holder, msg, sizeof msg); /* the other doorstep */
	cr_assert_not_null(other, "%s", msg);

	cr_assert_eq(ds_site_load("Smith", &site, msg, sizeof msg), DS_SITE_LOADED, "%s", msg);
	cr_assert_eq(ds_session_open_site_ex(s, site, &holder, msg, sizeof msg), -1);
	cr_assert_eq(holder, getpid(), "the holder is not known: %ld", (long)holder);
	ds_session_open_site_read_only(s, site, holder); /* site is still ours to give */
	cr_assert_eq(s->site, site);

	snprintf(want, sizeof want, "process %ld", (long)getpid());
	ds_site_note(s->site, "%s", "changed while read-only");
	cr_assert_eq(ds_session_save(s, msg, sizeof msg), -1, "a read-only session saved the site");
	cr_assert(strstr(msg, want), "the refusal does not name the holder: %s", msg);
	cr_assert_eq(ds_session_may_change(s, msg, sizeof msg), -1);
	cr_assert_eq(ds_session_may_run(s, ds_op_password_job, msg, sizeof msg), -1,
		     "a password change may run on a read-only site");
	cr_assert_eq(ds_session_may_run(s, ds_op_add_qr_job, msg, sizeof msg), -1);
	cr_assert_eq(ds_session_may_run(s, ds_op_profiles_job, msg, sizeof msg), 0, "reading is refused: %s", msg);
	after = site_file("Smith");
	cr_assert_str_eq(after, before, "the site file changed");
	free(after);
	free(before);

	/* Once the other doorstep is gone, opening the site again makes it writable. */
	ds_site_lock_release(other);
	cr_assert_eq(ds_site_load("Smith", &site, msg, sizeof msg), DS_SITE_LOADED, "%s", msg);
	cr_assert_eq(ds_session_open_site(s, site, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(ds_session_may_run(s, ds_op_password_job, msg, sizeof msg), 0, "%s", msg);
	cr_assert_eq(ds_session_save(s, msg, sizeof msg), 0, "%s", msg);
}
