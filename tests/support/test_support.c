/* Helpers shared by the unit tests: a private XDG tree per test, paths of
 * the build tree's plugins and fixtures, and running a program with its
 * output captured. */
#include "tests/support/test_support.h"

#include "app/base/i18n.h"
#include "app/base/paths.h"
#include "app/base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/** Growing byte buffer for a child's output. */
struct capture {
	char *data;
	size_t len;
	size_t cap;
};

/** Stops the test run with a message: the helpers cannot do their job. */
__attribute__((noreturn))
static void die(const char *what)
{
	fprintf(stderr, "test_support: %s: %s\n", what, strerror(errno));
	abort();
}

/** Creates dir/name and points the environment variable var at it. */
static void make_env_dir(const char *dir, const char *name, const char *var)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		die("path too long");
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		die(path);
	if (setenv(var, path, 1) != 0)
		die("setenv");
}

/** Creates a fresh temporary directory and points XDG_STATE_HOME and
 *  XDG_CONFIG_HOME (and HOME) into it. Returns its path (static storage). */
const char *ds_test_tmpdir(void)
{
	static char dir[PATH_MAX];

	snprintf(dir, sizeof dir, "/tmp/doorstep-test-XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp");
	make_env_dir(dir, "state", "XDG_STATE_HOME");
	make_env_dir(dir, "config", "XDG_CONFIG_HOME");
	make_env_dir(dir, "home", "HOME");
	return dir;
}

const char *ds_test_english_with_log(void)
{
	const char *dir = ds_test_tmpdir();

	setenv("LC_ALL", "C", 1);
	unsetenv("LANGUAGE");
	unsetenv("DOORSTEP_PLUGIN_PATH");
	ds_i18n_init();
	if (ds_log_open() != 0)
		die("cannot open the log");
	return dir;
}

/** nftw callback: removes one entry (children come first with FTW_DEPTH). */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "test_support: cannot remove %s: %s\n", path, strerror(errno));
	return 0;
}

/** Removes a directory tree (for cleanup). */
void ds_test_rmtree(const char *dir)
{
	if (!dir || !*dir || strcmp(dir, "/") == 0)
		return;
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/** Path of the build tree's plugin directory. */
const char *ds_test_plugin_dir(void)
{
	static char dir[PATH_MAX];
	const char *build = getenv("DOORSTEP_BUILD_DIR");

	if (build && *build)
		snprintf(dir, sizeof dir, "%s/plugins", build);
	else
		snprintf(dir, sizeof dir, "%s", DS_PLUGIN_BUILD_DIR);
	return dir;
}

/** Path of the fixture plugins' directory. */
const char *ds_test_fixture_dir(void)
{
	static char dir[PATH_MAX];
	const char *fixtures = getenv("DOORSTEP_FIXTURE_DIR");
	const char *build = getenv("DOORSTEP_BUILD_DIR");

	if (fixtures && *fixtures)
		snprintf(dir, sizeof dir, "%s", fixtures);
	else if (build && *build)
		snprintf(dir, sizeof dir, "%s/tests/fixtures", build);
	else
		snprintf(dir, sizeof dir, "%s/../tests/fixtures", DS_PLUGIN_BUILD_DIR);
	return dir;
}

ds_loaded_plugin *ds_test_load_fixture(const char *case_dir, ds_plugin_set **set)
{
	char dir[PATH_MAX];

	if ((size_t)snprintf(dir, sizeof dir, "%s/%s", ds_test_fixture_dir(), case_dir) >= sizeof dir)
		die("path too long");
	*set = ds_plugins_load(dir);
	if (!*set)
		die("cannot load the fixture");
	if ((*set)->n_loaded != 1) {
		fprintf(stderr, "test_support: %s: %s\n", dir,
			(*set)->n_rejected ? (*set)->rejected[0].reason : "no plugin loaded");
		abort();
	}
	return (*set)->loaded[0];
}

/** Copies the build tree's file name (a plugin or its signature) into dir. */
static void copy_plugin_file(const char *dir, const char *name)
{
	char from[PATH_MAX], to[PATH_MAX];
	size_t len;
	char *data;

	if ((size_t)snprintf(from, sizeof from, "%s/%s", ds_test_plugin_dir(), name) >= sizeof from ||
	    (size_t)snprintf(to, sizeof to, "%s/%s", dir, name) >= sizeof to)
		die("path too long");
	data = ds_paths_read_file(from, &len);
	if (!data)
		die(from);
	if (ds_paths_write_atomic(to, data, len) != 0)
		die(to);
	free(data);
}

ds_plugin_set *ds_test_load_built_alone(const char *tmpdir, const char *id)
{
	char dir[PATH_MAX], name[PATH_MAX];
	ds_plugin_set *set;

	if ((size_t)snprintf(dir, sizeof dir, "%s/plugins", tmpdir) >= sizeof dir)
		die("path too long");
	if (mkdir(dir, 0700) != 0)
		die(dir);
	snprintf(name, sizeof name, "%s.so", id);
	copy_plugin_file(dir, name);
	snprintf(name, sizeof name, "%s.so.minisig", id);
	copy_plugin_file(dir, name);
	set = ds_plugins_load(dir);
	if (!set || !ds_plugins_find(set, id)) {
		fprintf(stderr, "test_support: the %s plugin was not loaded from %s\n", id, dir);
		abort();
	}
	return set;
}

/** Appends what is readable on fd to c. false at end of file or on error. */
static bool capture_read(int fd, struct capture *c)
{
	ssize_t n;

	if (c->cap - c->len < 4096) {
		size_t ncap = c->cap ? c->cap * 2 : 8192;
		char *d = realloc(c->data, ncap);

		if (!d)
			return false;
		c->data = d;
		c->cap = ncap;
	}
	do {
		n = read(fd, c->data + c->len, c->cap - c->len - 1);
	} while (n < 0 && errno == EINTR);
	if (n <= 0)
		return false;
	c->len += (size_t)n;
	return true;
}

/** Hands the captured text to *out (NUL-terminated) or frees it. */
static void capture_give(struct capture *c, char **out)
{
	if (!c->data)
		c->data = calloc(1, 1);
	else
		c->data[c->len] = '\0';
	if (out)
		*out = c->data;
	else
		free(c->data);
}

/** Child side: wires the pipes to fds 0, 1 and 2 and runs argv. */
__attribute__((noreturn))
static void run_child(const char *const argv[], int in_fd, int out_fd, int err_fd)
{
	if (dup2(in_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
	    dup2(err_fd, STDERR_FILENO) < 0)
		_exit(127);
	execvp(argv[0], (char *const *)argv);
	_exit(127);
}

/** Parent side: writes stdin_text and reads both outputs until the child
 *  closes them, with poll() so that no pipe can fill up and deadlock. */
static void pump(int in_fd, const char *text, int out_fd, int err_fd,
		 struct capture *out, struct capture *err)
{
	size_t left = text ? strlen(text) : 0;
	struct pollfd p[3] = {
		{ .fd = left ? in_fd : -1, .events = POLLOUT },
		{ .fd = out_fd, .events = POLLIN },
		{ .fd = err_fd, .events = POLLIN },
	};

	if (!left)
		close(in_fd);
	while (p[0].fd >= 0 || p[1].fd >= 0 || p[2].fd >= 0) {
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].fd >= 0 && p[0].revents) {
			ssize_t n = (p[0].revents & POLLOUT) ? write(in_fd, text, left) : -1;

			if (n > 0) {
				text += n;
				left -= (size_t)n;
			}
			if (left == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
				close(in_fd);
				p[0].fd = -1;
			}
		}
		if (p[1].fd >= 0 && p[1].revents && !capture_read(out_fd, out))
			p[1].fd = -1;
		if (p[2].fd >= 0 && p[2].revents && !capture_read(err_fd, err))
			p[2].fd = -1;
	}
	if (p[0].fd >= 0)
		close(in_fd);
}

/** Runs argv (NULL-terminated) with stdin_text; captures stdout and stderr
 *  (malloc'd, caller frees). Returns the exit status (128 + the signal when
 *  killed by one), or -1 when it could not be run. */
int ds_test_run(const char *const argv[], const char *stdin_text, char **out, char **err)
{
	int in[2] = { -1, -1 }, o[2] = { -1, -1 }, e[2] = { -1, -1 };
	struct capture cout = { 0 }, cerr = { 0 };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int status = -1;
	pid_t pid;

	if (out)
		*out = NULL;
	if (err)
		*err = NULL;
	if (!argv || !argv[0])
		return -1;
	if (pipe2(in, O_CLOEXEC) || pipe2(o, O_CLOEXEC) || pipe2(e, O_CLOEXEC))
		goto fail;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0)
		run_child(argv, in[0], o[1], e[1]);
	close(in[0]);
	close(o[1]);
	close(e[1]);
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	/* A child that exits without reading its input must not kill us. */
	sigaction(SIGPIPE, &ign, &old);
	pump(in[1], stdin_text, o[0], e[0], &cout, &cerr);
	sigaction(SIGPIPE, &old, NULL);
	close(o[0]);
	close(e[0]);
	capture_give(&cout, out);
	capture_give(&cerr, err);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;

fail:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (o[i] >= 0)
			close(o[i]);
		if (e[i] >= 0)
			close(e[i]);
	}
	return -1;
}
