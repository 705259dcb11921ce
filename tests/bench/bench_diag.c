/* Benchmark of the laptop's network checks against servers on 127.0.0.1
 * (tests/support/net_server.py):
 *  - a mixed suite (plain, TLS, slow answer, expired and wrong-host
 *    certificates, portal probe): its wall time against its slowest check
 *    (target: at most 20 % more, as every check runs at once);
 *  - every target black-holed (connections accepted, never answered): the
 *    verdict must be complete within the configured timeout, never a hang;
 *  - the same checks of the mixed suite run one after another with the
 *    curl command-line tool (full request, -4, -6, the probe), and the
 *    ratio of that to the suite.
 * Prints medians of ROUNDS runs. It measures; it never fails a build.
 *   bench_diag SOURCE_DIR [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/net/net_suite.h"
#include "tests/support/net_fixture.h"
#include "bench_stats.h"

/** Runs a suite once; wall and slowest check in ms; false if a check has no result. */
static bool run_suite(ds_jobs *jobs, const char *const *urls, size_t n, const ds_net_options *o, double *wall,
		      double *slowest)
{
	ds_net_suite s;
	char error[256], message[256];
	bool complete = true;
	ds_status st;
	double t0;

	if (ds_net_suite_init(&s, urls, n, o, error, sizeof error) < 0) {
		fprintf(stderr, "bench_diag: %s\n", error);
		exit(1);
	}
	t0 = bench_now_ms();
	st = ds_jobs_run(jobs, ds_net_suite_job, &s, NULL, NULL, message, sizeof message);
	*wall = bench_now_ms() - t0;
	if (st != DS_OK) {
		fprintf(stderr, "bench_diag: the suite ended with %s: %s\n", ds_status_str(st), message);
		complete = false;
	}
	*slowest = 0;
	for (size_t i = 0; i < s.n_checks; i++) {
		if (s.checks[i].state != DS_NET_FINISHED)
			complete = false;
		if ((double)s.checks[i].ms > *slowest)
			*slowest = (double)s.checks[i].ms;
	}
	ds_net_suite_free(&s);
	return complete;
}

/** Runs the curl tool with args (NULL-terminated), output discarded. */
static void curl_tool(const char *const *args)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp("curl", (char *const *)args);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/** The mixed suite's checks one after another with the curl tool; ms. */
static double run_curl_sequential(const char *const *urls, size_t n, const ds_net_options *o)
{
	char timeout[16];
	double t0 = bench_now_ms();

	snprintf(timeout, sizeof timeout, "%u", o->timeout_ms / 1000);
	for (size_t i = 0; i < n; i++) {
		const char *full[] = { "curl", "-s", "-o", "/dev/null", "--max-time", timeout, "--cacert", o->ca_file,
				       "-w", "%{http_code} %{time_namelookup} %{time_connect} %{time_appconnect} "
				       "%{time_starttransfer} %{ssl_verify_result}",
				       urls[i], NULL };
		const char *v4[] = { "curl", "-s", "-o", "/dev/null", "-4", "-k", "--max-time", timeout, urls[i], NULL };
		const char *v6[] = { "curl", "-s", "-o", "/dev/null", "-6", "-k", "--max-time", timeout, urls[i], NULL };

		curl_tool(full);
		curl_tool(v4);
		curl_tool(v6);
	}
	{
		const char *probe[] = { "curl", "-s", "-o", "/dev/null", "--max-time", timeout, o->portal_url, NULL };

		curl_tool(probe);
	}
	return bench_now_ms() - t0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	char dir[] = "/tmp/doorstep-bench-diag.XXXXXX";
	char u[5][128], hole[2][128], cmd[256];
	const char *mixed[5], *holes[2];
	ds_net_fixture f;
	ds_net_options o = { .timeout_ms = 5000 }, ho = { .timeout_ms = 2000 };
	ds_jobs *jobs = ds_jobs_new(1);
	double *wall, *slow, *hwall, *seq;
	int complete = 0;

	if (argc < 2 || rounds < 1 || !jobs || !mkdtemp(dir)) {
		fprintf(stderr, "usage: bench_diag SOURCE_DIR [ROUNDS]\n");
		return 2;
	}
	setenv("DOORSTEP_SOURCE_DIR", argv[1], 1);
	if (ds_net_fixture_start(&f, dir, 1.5) < 0) {
		fprintf(stderr, "bench_diag: the test servers did not start\n");
		return 1;
	}
	snprintf(u[0], sizeof u[0], "http://127.0.0.1:%d/", f.http);
	snprintf(u[1], sizeof u[1], "https://localhost:%d/", f.https);
	snprintf(u[2], sizeof u[2], "http://127.0.0.1:%d/", f.slow);
	snprintf(u[3], sizeof u[3], "https://localhost:%d/", f.expired);
	snprintf(u[4], sizeof u[4], "https://127.0.0.1:%d/", f.wronghost);
	for (int i = 0; i < 5; i++)
		mixed[i] = u[i];
	snprintf(o.ca_file, sizeof o.ca_file, "%s/ca.pem", dir);
	snprintf(o.portal_url, sizeof o.portal_url, "http://127.0.0.1:%d/generate_204", f.http);
	snprintf(hole[0], sizeof hole[0], "http://127.0.0.1:%d/", f.blackhole);
	snprintf(hole[1], sizeof hole[1], "https://127.0.0.1:%d/", f.blackhole);
	holes[0] = hole[0];
	holes[1] = hole[1];
	snprintf(ho.portal_url, sizeof ho.portal_url, "http://127.0.0.1:%d/generate_204", f.blackhole);

	wall = calloc((size_t)rounds, sizeof *wall);
	slow = calloc((size_t)rounds, sizeof *slow);
	hwall = calloc((size_t)rounds, sizeof *hwall);
	seq = calloc((size_t)rounds, sizeof *seq);
	for (int r = 0; r < rounds; r++) {
		double dummy;

		run_suite(jobs, mixed, 5, &o, &wall[r], &slow[r]);
		complete += run_suite(jobs, holes, 2, &ho, &hwall[r], &dummy);
		seq[r] = run_curl_sequential(mixed, 5, &o);
	}
	{
		double w = bench_median(wall, (size_t)rounds), s = bench_median(slow, (size_t)rounds);
		double h = bench_median(hwall, (size_t)rounds), q = bench_median(seq, (size_t)rounds);

		printf("diag: mixed suite (5 targets, 39 checks, slowest answers after 1.5 s), %d rounds\n", rounds);
		printf("  wall %.0f ms, slowest check %.0f ms: +%.1f %% (target <= +20 %%)\n", w, s, (w / s - 1) * 100);
		printf("diag: every target black-holed, timeout %u ms\n", ho.timeout_ms);
		printf("  verdict in %.0f ms (%+.0f ms against the timeout), complete in %d of %d rounds\n", h,
		       h - ho.timeout_ms, complete, rounds);
		printf("diag: the same checks one after another with the curl tool: %.0f ms, %.1f times the suite\n", q,
		       q / w);
	}
	ds_net_fixture_stop(&f);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_diag: could not remove %s\n", dir);
	ds_jobs_free(jobs);
	free(wall);
	free(slow);
	free(hwall);
	free(seq);
	return 0;
}
