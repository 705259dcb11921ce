/* Benchmark: decoding an onboarding payload and drawing a version-10 QR
 * code (encode + half-block text) must each take under 1 ms. Prints the
 * median and 99th percentile of many runs with "met" or "NOT MET"; never
 * fails (a benchmark is not a test).
 *   bench_qr [RUNS]   (default 2000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/base/secret.h"
#include "app/qr/qr_decode.h"
#include "app/qr/qr_encode.h"
#include "app/qr/qr_render.h"
#include "bench_stats.h"

/** The budget of each operation, in milliseconds. */
#define BUDGET_MS 1.0

/** One measured operation; returns 0 when it worked. */
typedef int (*bench_fn)(const char *arg);

/** Decodes a payload (and frees it). */
static int bench_decode(const char *payload)
{
	ds_qr_error err;
	ds_qr_decoded *d = ds_qr_decode(payload, strlen(payload), &err);

	ds_qr_decoded_free(d);
	return d ? 0 : -1;
}

/** Encodes text and draws it in half blocks with colours (and frees both). */
static int bench_draw(const char *text)
{
	char msg[256];
	ds_qr_matrix *m = ds_qr_encode(text, strlen(text), DS_QR_ECC_M, msg, sizeof msg);
	ds_qr_render *r;

	if (!m)
		return -1;
	r = ds_qr_render_text(m, DS_QR_STYLE_HALF_BLOCKS, DS_QR_RENDER_ANSI);
	ds_qr_matrix_free(m);
	ds_qr_render_free(r);
	return r ? 0 : -1;
}

/** Measures fn(arg) runs times; prints median and p99 against the budget. */
static void measure(const char *name, bench_fn fn, const char *arg, int runs)
{
	double *t = malloc(sizeof *t * (size_t)runs);
	double median, p99;

	if (!t)
		return;
	for (int i = 0; i < 20; i++) /* warm-up: caches, first allocations */
		fn(arg);
	for (int i = 0; i < runs; i++) {
		double start = bench_now_ms();

		if (fn(arg) != 0) {
			printf("%-44s FAILED (the operation did not work)\n", name);
			free(t);
			return;
		}
		t[i] = bench_now_ms() - start;
	}
	bench_sort(t, (size_t)runs);
	median = t[runs / 2];
	p99 = t[(runs * 99) / 100];
	printf("%-44s median %7.4f ms  p99 %7.4f ms  (budget %.1f ms)  %s\n", name, median, p99, BUDGET_MS,
	       median < BUDGET_MS ? "met" : "NOT MET");
	free(t);
}

int main(int argc, char **argv)
{
	/* 192 bytes in byte mode: a version-10 code (57x57 modules) at ECC M. */
	static const char v10_prefix[] = "https://example.com/claim?device=DP100-7F3A21&token=";
	static char v10[256];
	int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 2000;
	char msg[256];
	ds_qr_matrix *m;

	if (runs < 10)
		runs = 10;
	if (ds_secret_init() < 0) {
		fprintf(stderr, "bench_qr: libsodium failed to start\n");
		return 0;
	}
	memcpy(v10, v10_prefix, sizeof v10_prefix - 1);
	memset(v10 + sizeof v10_prefix - 1, 'a', 140);
	m = ds_qr_encode(v10, strlen(v10), DS_QR_ECC_M, msg, sizeof msg);
	printf("bench_qr: %d runs each; the drawn code is version %d (%dx%d modules)\n", runs, m ? m->version : 0,
	       m ? m->size : 0, m ? m->size : 0);
	ds_qr_matrix_free(m);
	measure("decode Matter QR (MT:, 22 chars)", bench_decode, "MT:Y.K9042C00KA0648G00", runs);
	measure("decode Matter manual code (11 digits)", bench_decode, "34970112332", runs);
	measure("decode Wi-Fi join code", bench_decode, "WIFI:T:WPA;S:Caf\\;e Ost;P:orchid tractor velvet;;", runs);
	measure("decode eSIM activation code", bench_decode, "LPA:1$rsp.truphone.com$QR-G-5C-1LS-1W1Z9P7", runs);
	measure("draw version-10 code (encode + half blocks)", bench_draw, v10, runs);
	return 0;
}
