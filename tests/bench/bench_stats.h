/* Timing and order statistics shared by the benchmarks that time calls in
 * the process (bench_qr, bench_password, bench_diag). */
#ifndef DS_BENCH_STATS_H
#define DS_BENCH_STATS_H

#include <stddef.h>

/** Milliseconds on the monotonic clock. */
double bench_now_ms(void);
/** Sorts v ascending (n values). */
void bench_sort(double *v, size_t n);
/** The median of n values (sorts them). */
double bench_median(double *v, size_t n);

#endif
