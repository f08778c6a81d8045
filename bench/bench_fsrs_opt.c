/* Fitting the FSRS-6 weights: cp_fsrs_opt_fit on a review log (TSV, as
 * `cloudprep fsrs-optimize` reads it), short-term on and off, the median of
 * N fits each after one warm-up. bench/run gives it the 107,116-review
 * fixture (tests/fixtures/fsrs-optimize/large.tsv.gz, decompressed) and
 * times fsrs-rs on the same log next to it.
 * Usage: bench_fsrs_opt LOG.tsv [N] */
#include "bench.h"
#include "cloudprep/fsrs_opt.h"

#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_fsrs_opt LOG.tsv [N]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (runs < 1)
        runs = 1;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 1 << 20, size = 0;
    char *text = malloc(cap);
    while (text && (size += fread(text + size, 1, cap - size, f)) == cap) {
        char *bigger = realloc(text, cap *= 2);
        if (!bigger)
            free(text);
        text = bigger;
    }
    fclose(f);
    cp_fsrs_opt_log *log = cp_fsrs_opt_log_new();
    cp_error err = {0};
    if (!text || !log || cp_fsrs_opt_log_parse(log, text, size, &err) != CP_OK) {
        fprintf(stderr, "%s:%u: %s\n", argv[1], (unsigned)err.line, err.message);
        return 2;
    }
    free(text);
    size_t n;
    const cp_fsrs_opt_review *reviews = cp_fsrs_opt_log_reviews(log, &n);
    double *t = malloc((size_t)runs * sizeof *t);
    for (int on = 1; on >= 0; on--) {
        cp_fsrs_opt_desc desc = {.short_term = on};
        cp_fsrs_opt_result res;
        for (int k = -1; k < runs; k++) {
            double t0 = bench_now();
            if (cp_fsrs_opt_fit(reviews, n, &desc, &res, &err) != CP_OK) {
                fprintf(stderr, "fit: %s\n", err.message);
                return 1;
            }
            if (k >= 0)
                t[k] = bench_now() - t0;
        }
        char name[64], note[160];
        snprintf(name, sizeof name, "FSRS fit, short-term %s", on ? "on" : "off");
        snprintf(note, sizeof note, "%zu reviews, %zu items, median of %d; log loss %.5f",
                 n, res.items, runs, res.fitted_eval.log_loss);
        bench_report(name, bench_median(t, (size_t)runs), "s", note);
    }
    free(t);
    cp_fsrs_opt_log_free(log);
    return 0;
}
