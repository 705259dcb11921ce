/* One doorstep at a time per site: the second opener is told who holds it,
 * and the lock goes with its holder. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/core/site_lock.h"
#include "tests/support/test_support.h"

static const char *tmp;

/** A fresh XDG tree per test. */
static void setup(void)
{
	tmp = ds_test_tmpdir();
}

/** Removes it. */
static void teardown(void)
{
	ds_test_rmtree(tmp);
}

TestSuite(site_lock, .init = setup, .fini = teardown);

Test(site_lock, second_opener_is_told_who_holds_it)
{
	char msg[512], want[64];
	pid_t holder = 0;
	ds_site_lock *a = ds_site_lock_take("Smith", &holder, msg, sizeof msg);
	ds_site_lock *b;

	cr_assert_not_null(a, "%s", msg);
	b = ds_site_lock_take("Smith", &holder, msg, sizeof msg);
	cr_assert_null(b, "the site was opened twice");
	cr_assert_eq(holder, getpid());
	snprintf(want, sizeof want, "process %ld", (long)getpid());
	cr_assert(strstr(msg, want), "%s", msg);
	cr_assert(strstr(msg, "doorstep report"), "the message offers a way to read it: %s", msg);
	/* Another site is not locked by it. */
	b = ds_site_lock_take("Jones", &holder, msg, sizeof msg);
	cr_assert_not_null(b, "%s", msg);
	ds_site_lock_release(b);
	ds_site_lock_release(a);
	a = ds_site_lock_take("Smith", &holder, msg, sizeof msg);
	cr_assert_not_null(a, "released, yet still locked: %s", msg);
	ds_site_lock_release(a);
}

Test(site_lock, a_killed_holder_leaves_no_stale_lock)
{
	int fds[2];
	char msg[512], c;
	pid_t holder = 0, child;
	ds_site_lock *lock;

	cr_assert_eq(pipe(fds), 0);
	child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		ds_site_lock *mine = ds_site_lock_take("Smith", &holder, msg, sizeof msg);

		if (write(fds[1], mine ? "y" : "n", 1) != 1)
			_exit(2);
		pause();
		_exit(0);
	}
	cr_assert_eq(read(fds[0], &c, 1), 1);
	cr_assert_eq(c, 'y');
	cr_assert_null(ds_site_lock_take("Smith", &holder, msg, sizeof msg));
	cr_assert_eq(holder, child);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	lock = ds_site_lock_take("Smith", &holder, msg, sizeof msg);
	cr_assert_not_null(lock, "kill -9 left the lock behind: %s", msg);
	ds_site_lock_release(lock);
}
