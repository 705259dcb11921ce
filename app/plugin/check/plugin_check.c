/* The parent side of the plugin checker: runs the checks in a child process
 * (app/plugin/check/plugin_check_call.c) with a scratch data directory, reads its
 * results line by line, and turns a crash or a silent hang of the child
 * into a verdict. */
#include "app/plugin/check/plugin_check.h"

#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/base/i18n.h"
#include "app/plugin/check/plugin_check_child.h"

/** Extra time the parent grants the child beyond one call's timeout. */
#define PC_BACKSTOP_MS 5000u

/** What the parent knows while it reads. */
struct pc_parent {
	ds_plugin_check_report *report;
	size_t cap;
	char current_id[32];   /**< the check of the call in progress */
	char current_what[256];
	bool finished;         /**< the child wrote "E" */
	bool hung;             /**< the child wrote "H": a call never returned */
	char hung_seconds[16];
};

const char *ds_plugin_check_verdict_str(ds_plugin_check_verdict verdict)
{
	switch (verdict) {
	case DS_PCHECK_PASS: return "pass";
	case DS_PCHECK_FAIL: return "fail";
	case DS_PCHECK_SKIP: return "skip";
	}
	return "unknown";
}

/** Copies src into dst (size bytes), truncated and NUL-terminated. */
static void pc_copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/** Appends a result; false when out of memory. */
static bool pc_add(struct pc_parent *pp, const char *id, ds_plugin_check_verdict verdict,
		   unsigned calls, const char *detail)
{
	ds_plugin_check_report *r = pp->report;
	ds_plugin_check_result *res = NULL;

	/* The child reports a check again as it learns more: the last word wins. */
	for (size_t i = 0; i < r->n_results && !res; i++)
		if (strcmp(r->results[i].id, id) == 0)
			res = &r->results[i];
	if (res) {
		res->verdict = verdict;
		if (calls > res->calls)
			res->calls = calls;
		pc_copy(res->detail, sizeof res->detail, detail);
		return true;
	}
	if (r->n_results == pp->cap) {
		size_t cap = pp->cap ? pp->cap * 2 : 32;
		ds_plugin_check_result *grown = realloc(r->results, cap * sizeof *grown);

		if (!grown)
			return false;
		r->results = grown;
		pp->cap = cap;
	}
	res = &r->results[r->n_results++];
	memset(res, 0, sizeof *res);
	pc_copy(res->id, sizeof res->id, id);
	res->verdict = verdict;
	res->calls = calls;
	pc_copy(res->detail, sizeof res->detail, detail);
	return true;
}

/** Splits line at tabs into at most n fields (in place). Returns the count. */
static size_t pc_split(char *line, char **fields, size_t n)
{
	size_t k = 0;

	while (k < n) {
		char *tab = strchr(line, '\t');

		fields[k++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return k;
}

/** Handles one protocol line from the child. */
static void pc_line(struct pc_parent *pp, char *line)
{
	char *f[4] = { NULL, NULL, NULL, NULL };
	char tag = line[0];

	if (!tag || line[1] != ' ') {
		if (strcmp(line, "E") == 0)
			pp->finished = true;
		return;
	}
	line += 2;
	if (tag == 'B' && pc_split(line, f, 2) == 2) {
		pc_copy(pp->current_id, sizeof pp->current_id, f[0]);
		pc_copy(pp->current_what, sizeof pp->current_what, f[1]);
	} else if (tag == 'R' && pc_split(line, f, 4) == 4) {
		ds_plugin_check_verdict v = strcmp(f[1], "fail") == 0 ? DS_PCHECK_FAIL :
					    strcmp(f[1], "skip") == 0 ? DS_PCHECK_SKIP : DS_PCHECK_PASS;

		pc_add(pp, f[0], v, (unsigned)strtoul(f[2], NULL, 10), f[3]);
	} else if (tag == 'H' && pc_split(line, f, 3) == 3) {
		pp->hung = true;
		pc_copy(pp->current_id, sizeof pp->current_id, f[0]);
		pc_copy(pp->current_what, sizeof pp->current_what, f[1]);
		pc_copy(pp->hung_seconds, sizeof pp->hung_seconds, f[2]);
	} else if (tag == 'P' && pc_split(line, f, 3) == 3) {
		pc_copy(pp->report->plugin_id, sizeof pp->report->plugin_id, f[0]);
		pc_copy(pp->report->version, sizeof pp->report->version, f[1]);
		pc_copy(pp->report->abi, sizeof pp->report->abi, f[2]);
	}
}

/** Reads the child's lines until it closes the pipe or stays silent too
 *  long. True when the pipe closed; false on silence. */
static bool pc_read(struct pc_parent *pp, int fd, unsigned silence_ms)
{
	char buf[8192];
	size_t used = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r = poll(&pfd, 1, (int)silence_ms);
		ssize_t n;
		char *nl;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		n = read(fd, buf + used, sizeof buf - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return true;
		used += (size_t)n;
		buf[used] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			*nl = '\0';
			pc_line(pp, buf);
			used -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, used + 1);
		}
		if (used == sizeof buf - 1) /* an overlong line: drop it */
			used = 0;
	}
}

/** In the child: the default action for the signals of a crash, so that a
 *  crashing plugin ends the child by that signal, whatever handlers the
 *  process had (a sanitizer's, for one), and the parent can name it. */
static void pc_default_crash_signals(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS };
	struct sigaction dfl;

	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &dfl, NULL);
}

/** nftw callback that removes one entry. */
static int pc_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/** Turns how the child ended into the "no-crash" verdict. */
static void pc_ending(struct pc_parent *pp, int wstatus, bool silent, unsigned silence_ms)
{
	char detail[512];
	const char *where = pp->current_id[0] ? pp->current_id : "load";

	if (pp->hung) {
		snprintf(detail, sizeof detail, _("hung: %s did not return within %s s (%s)"),
			 where, pp->hung_seconds, pp->current_what);
		pc_add(pp, "no-crash", DS_PCHECK_FAIL, 0, detail);
	} else if (silent) {
		snprintf(detail, sizeof detail,
			 _("stopped answering for %u s in %s (%s); every blocking wait needs a timeout"),
			 silence_ms / 1000, where, pp->current_what);
		pc_add(pp, where, DS_PCHECK_FAIL, 1, detail);
		pc_add(pp, "no-crash", DS_PCHECK_FAIL, 0, detail);
	} else if (WIFSIGNALED(wstatus)) {
		snprintf(detail, sizeof detail, _("crashed (%s) in %s (%s)"),
			 strsignal(WTERMSIG(wstatus)), where, pp->current_what);
		pc_add(pp, where, DS_PCHECK_FAIL, 1, detail);
		pc_add(pp, "no-crash", DS_PCHECK_FAIL, 0, detail);
	} else if (!pp->finished) {
		snprintf(detail, sizeof detail, _("the plugin ended the process (exit status %d) in %s (%s)"),
			 WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1, where, pp->current_what);
		pc_add(pp, where, DS_PCHECK_FAIL, 1, detail);
		pc_add(pp, "no-crash", DS_PCHECK_FAIL, 0, detail);
	} else {
		pc_add(pp, "no-crash", DS_PCHECK_PASS, 0,
		       _("no crash, no hang and no exit in any call"));
	}
}

int ds_plugin_check_run(const char *path, const ds_plugin_check_options *opts,
			ds_plugin_check_report *out)
{
	ds_plugin_check_options o = { 0 };
	struct pc_parent pp = { .report = out };
	char scratch[] = "/tmp/doorstep-check-XXXXXX";
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	int fds[2], wstatus = 0;
	unsigned silence_ms;
	bool closed;
	pid_t pid;

	memset(out, 0, sizeof *out);
	pc_copy(out->path, sizeof out->path, path);
	if (opts)
		o = *opts;
	if (o.timeout_ms == 0)
		o.timeout_ms = DS_PCHECK_DEFAULT_TIMEOUT_MS;
	snprintf(dir, sizeof dir, "%s/%s", tmp && *tmp ? tmp : "/tmp", scratch + 5);
	if (!mkdtemp(dir))
		return -1;
	if (pipe(fds) != 0) {
		rmdir(dir);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		rmdir(dir);
		return -1;
	}
	if (pid == 0) {
		/* The plugin's data directory lands in the scratch tree: the
		 * check never changes what a simulated device remembers. */
		close(fds[0]);
		/* Whatever the plugin prints must not mix with the report on stdout. */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		pc_default_crash_signals();
		setenv("XDG_STATE_HOME", dir, 1);
		pc_child_main(path, &o, fds[1]);
		_exit(0);
	}
	close(fds[1]);
	silence_ms = o.timeout_ms + PC_BACKSTOP_MS;
	closed = pc_read(&pp, fds[0], silence_ms);
	if (!closed)
		kill(pid, SIGKILL);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	close(fds[0]);
	pc_ending(&pp, wstatus, !closed, silence_ms);
	nftw(dir, pc_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

bool ds_plugin_check_passed(const ds_plugin_check_report *report)
{
	for (size_t i = 0; i < report->n_results; i++)
		if (report->results[i].verdict == DS_PCHECK_FAIL)
			return false;
	return report->n_results > 0;
}

void ds_plugin_check_report_free(ds_plugin_check_report *report)
{
	if (!report)
		return;
	free(report->results);
	report->results = NULL;
	report->n_results = 0;
}
