/* Shared by the bench_*.c programs: a monotonic clock, and one result line
 * per measurement that bench/run gathers into its table:
 *   BENCH <TAB> name <TAB> value <TAB> unit <TAB> note
 * Each program takes the paths it needs as arguments (bench/run passes the
 * bundled decks and the generated collection). */
#ifndef CLOUDPREP_BENCH_H
#define CLOUDPREP_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void bench_report(const char *name, double value, const char *unit, const char *note)
{
    printf("BENCH\t%s\t%.6g\t%s\t%s\n", name, value, unit, note ? note : "");
    fflush(stdout);
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of n samples (sorts them). */
static inline double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

#endif
