/* Benchmark of an ESP provisioning security 2 session set-up, client side:
 * the processor time doorstep spends on SRP-6a (3072-bit group, SHA-512)
 * from the first request to the checked device proof, against a device side
 * in the same process (tests/support/espprov_device.c) whose own time is
 * left out. ROUNDS set-ups; prints the median and the maximum. Target:
 * under 50 ms of CPU per set-up. It measures; it never fails a build.
 *   bench_srp [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_stats.h"
#include "espprov_session.h"
#include "tests/support/espprov_device.h"

/** The target per set-up, in milliseconds of CPU. */
#define TARGET_MS 50.0

/** This process's CPU time in milliseconds. */
static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/** One set-up; the client's CPU milliseconds, or -1 when it failed. */
static double one_setup(void)
{
	espprov_session *s = NULL;
	espprov_device *d = espprov_device_new(2, 1, "wifiprov", "abcd1234");
	uint8_t *req = NULL, *resp = NULL;
	size_t req_len = 0, resp_len = 0;
	double t0, client = 0;
	espprov_result r;

	t0 = cpu_ms();
	r = espprov_session_new(2, 1, (const uint8_t *)"wifiprov", 8, (const uint8_t *)"abcd1234", 8, &s);
	if (r == ESPPROV_OK)
		r = espprov_session_next(s, NULL, 0, &req, &req_len);
	client += cpu_ms() - t0;
	while (r == ESPPROV_SEND) {
		if (espprov_device_session(d, req, req_len, &resp, &resp_len) != 0)
			break;
		espprov_free(req);
		req = NULL;
		t0 = cpu_ms();
		r = espprov_session_next(s, resp, resp_len, &req, &req_len);
		client += cpu_ms() - t0;
		free(resp);
		resp = NULL;
	}
	espprov_free(req);
	t0 = cpu_ms();
	espprov_session_free(s);
	client += cpu_ms() - t0;
	espprov_device_free(d);
	return r == ESPPROV_OK ? client : -1;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20;
	double *samples, median, max;

	if (rounds < 1)
		rounds = 1;
	samples = calloc((size_t)rounds, sizeof *samples);
	if (samples == NULL)
		return 1;
	for (int i = 0; i < rounds; i++) {
		samples[i] = one_setup();
		if (samples[i] < 0) {
			fprintf(stderr, "bench_srp: the session set-up failed\n");
			free(samples);
			return 1;
		}
	}
	bench_sort(samples, (size_t)rounds);
	max = samples[rounds - 1];
	median = bench_median(samples, (size_t)rounds);
	printf("ESP security 2 session set-up (SRP-6a 3072, SHA-512), client CPU over %d rounds:\n", rounds);
	printf("  median %.2f ms, max %.2f ms (target < %.0f ms): %s\n", median, max, TARGET_MS,
	       median < TARGET_MS ? "ok" : "over");
	free(samples);
	return 0;
}
