/* The app's start, step by step, as cp_app_open and Home's first entry do
 * it (without SDL): open the store, load the decks, open the learner
 * (settings, memories, the game), today's queue and the readiness meter.
 * Each step is timed on its own; the median over RUNS starts (after a
 * warm-up) is reported, for the README's breakdown of the first frame.
 * Nothing is answered; the decks come through the parsed-deck cache in
 * DATA_DIR, as in the app (the warm-up writes it when it is stale).
 * Usage: bench_start NAME DATA_DIR DECK_DIR [RUNS] */
#include "bench.h"
#include "cloudprep/learner.h"
#include "cloudprep/platform.h"
#include "cloudprep/sources.h"

#include <string.h>

enum { STEPS = 5, MAX_RUNS = 50 };

/* CPU time of the process: on a shared machine the steps' own cost,
 * without the waits for a CPU that wall time includes. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static const char *const step_names[STEPS] = {
    "store open", "decks", "learner open (memories, game)", "today's queue", "readiness meter",
};

static void fail(const char *what, const cp_error *err)
{
    fprintf(stderr, "bench_start: %s: %s\n", what, err->message);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_start NAME DATA_DIR DECK_DIR [RUNS]\n");
        return 2;
    }
    int runs = argc > 4 ? atoi(argv[4]) : 5;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 5;
    const char *paths[] = {argv[3]};
    double t[STEPS][MAX_RUNS], c[STEPS][MAX_RUNS], total[MAX_RUNS];
    size_t n_cards = 0;
    /* The app's parsed-deck cache, made by the warm-up when it is stale. */
    char cache[2048];
    snprintf(cache, sizeof cache, "%s/decks.cache", argv[2]);
    bool cached = false;
    for (int k = -1; k < runs; k++) { /* k = -1: the warm-up */
        double at[STEPS + 1], cpu[STEPS + 1];
        cp_error err = {0};
        cp_time now = cp_platform_now();
        at[0] = bench_now();
        cpu[0] = cpu_now();
        cp_store *store = NULL;
        if (cp_store_open(argv[2], NULL, &store, &err) != CP_OK)
            fail("store", &err);
        at[1] = bench_now();
        cpu[1] = cpu_now();
        /* As the app: the bank through the cache, the learner's own decks
         * (DATA_DIR/decks) parsed beside it. */
        cp_deck *deck = NULL;
        cp_source sources[2] = {{.kind = CP_SOURCE_GIVEN}};
        snprintf(sources[0].path, sizeof sources[0].path, "%s", paths[0]);
        size_t n_sources = 1 + cp_sources_learner(argv[2], &sources[1]);
        CP_IGNORE(cp_sources_load_cached(sources, n_sources, cache, &deck, &cached, &err));
        n_cards = cp_deck_count(deck);
        at[2] = bench_now();
        cpu[2] = cpu_now();
        cp_learner *l = NULL;
        if (cp_learner_open(store, deck, NULL, now, &l, NULL, &err) != CP_OK)
            fail("learner", &err);
        at[3] = bench_now();
        cpu[3] = cpu_now();
        cp_today today;
        if (cp_learner_today(l, now, -1, &today, &err) != CP_OK)
            fail("today", &err);
        at[4] = bench_now();
        cpu[4] = cpu_now();
        cp_readiness meter;
        CP_IGNORE(cp_learner_readiness(l, now, &meter, &err));
        at[5] = bench_now();
        cpu[5] = cpu_now();
        if (k >= 0) {
            for (int s = 0; s < STEPS; s++) {
                t[s][k] = at[s + 1] - at[s];
                c[s][k] = cpu[s + 1] - cpu[s];
            }
            total[k] = at[STEPS] - at[0];
        }
        cp_today_free(&today);
        cp_learner_free(l);
        cp_deck_free(deck);
        cp_store_close(store);
    }
    char name[160], note[200];
    for (int s = 0; s < STEPS; s++) {
        snprintf(name, sizeof name, "start: %s (%s)", step_names[s], argv[1]);
        snprintf(note, sizeof note, "%zu cards, median of %d, CPU %.1f ms%s", n_cards, runs,
                 bench_median(c[s], (size_t)runs) * 1000,
                 s == 1 ? (cached ? ", from the parsed-deck cache" : ", parsed (no cache)") : "");
        bench_report(name, bench_median(t[s], (size_t)runs) * 1000, "ms", note);
    }
    snprintf(name, sizeof name, "start: all steps (%s)", argv[1]);
    bench_report(name, bench_median(total, (size_t)runs) * 1000, "ms", NULL);
    return 0;
}
