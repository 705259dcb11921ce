/* Starting and stopping the Python helpers of the unit tests
 * (helper_process.h). */
#include "tests/support/helper_process.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/** Most arguments passed to a helper after its script. */
#define DS_TEST_HELPER_ARGS_MAX 30

void ds_test_helper_start(ds_test_helper *h, const char *script, const char *const *args)
{
	const char *src = getenv("DOORSTEP_SOURCE_DIR");
	char path[4096];
	int in[2], out[2];
	FILE *f;

	cr_assert_not_null(src, "DOORSTEP_SOURCE_DIR is not set");
	snprintf(path, sizeof path, "%s/%s", src, script);
	cr_assert_eq(pipe(in), 0);
	cr_assert_eq(pipe(out), 0);
	h->pid = fork();
	cr_assert_geq(h->pid, 0);
	if (h->pid == 0) {
		const char *argv[DS_TEST_HELPER_ARGS_MAX + 3] = { "/usr/bin/python3", path };
		size_t n = 2;

		for (size_t i = 0; args && args[i] && i < DS_TEST_HELPER_ARGS_MAX; i++)
			argv[n++] = args[i];
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	h->stdin_fd = in[1];
	f = fdopen(out[0], "r");
	cr_assert_not_null(fgets(h->line, sizeof h->line, f), "%s printed nothing", script);
	fclose(f);
	h->line[strcspn(h->line, "\n")] = '\0';
}

void ds_test_helper_stop(ds_test_helper *h)
{
	if (h->pid > 0) {
		close(h->stdin_fd);
		kill(h->pid, SIGTERM);
		waitpid(h->pid, NULL, 0);
		h->pid = 0;
	}
}
