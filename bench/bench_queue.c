/* Database open + today's queue: what the learner does between the decks
 * being loaded and the home screen knowing today's drill (cp_learner_open
 * without the game, and cp_learner_today): open the store, read the
 * settings and every card's memory, count the log, read it backwards as
 * far as the tally needs (at most 60 days), and build the queue. The decks are loaded first, untimed.
 * Usage: bench_queue NAME DATA_DIR DECK_DIR [RUNS] */
#include "bench.h"
#include "cloudprep/queue.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

#include <string.h>

typedef struct app_like {
    const cp_deck *deck;
    cp_memory *memory;
    cp_queue_tallier tally;
    size_t n;               /* log rows read */
} app_like;

static void load_memory(void *ctx, const char *id, const cp_memory *m)
{
    app_like *a = ctx;
    long i = cp_deck_find(a->deck, id);
    if (i >= 0)
        a->memory[i] = *m;
}

static bool take_review(void *ctx, const cp_review *r)
{
    app_like *a = ctx;
    a->n++;
    return cp_queue_tally_add(&a->tally, r);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_queue NAME DATA_DIR DECK_DIR [RUNS]\n");
        return 2;
    }
    int runs = argc > 4 ? atoi(argv[4]) : 5;
    if (runs < 1 || runs > 100)
        runs = 5;
    const char *paths[] = {argv[3]};
    cp_deck *deck = NULL;
    CP_IGNORE(cp_deck_load(paths, 1, &deck, NULL));
    size_t n_cards = cp_deck_count(deck);
    double t[100], t_open[100];
    size_t queued = 0, window = 0;
    int64_t reviews = 0;
    for (int k = 0; k < runs; k++) {
        app_like a = {.deck = deck, .memory = calloc(n_cards ? n_cards : 1, sizeof(cp_memory))};
        double t0 = bench_now();
        cp_store *store = NULL;
        cp_error err = {0};
        if (cp_store_open(argv[2], NULL, &store, &err) != CP_OK) {
            fprintf(stderr, "bench_queue: %s\n", err.message);
            return 1;
        }
        cp_settings settings;
        cp_settings_default(&settings);
        if (cp_settings_load(store, &settings, &err) != CP_OK ||
            cp_store_each_memory(store, load_memory, &a, &err) != CP_OK ||
            cp_store_review_count(store, &reviews, &err) != CP_OK) {
            fprintf(stderr, "bench_queue: %s\n", err.message);
            return 1;
        }
        t_open[k] = bench_now() - t0;

        cp_time now = (cp_time)time(NULL);
        cp_fsrs_params params;
        cp_fsrs_default_params(&params);
        params.desired_retention = settings.desired_retention;
        cp_day_zone zone = {{0}, {0}};
        cp_queue_desc desc = cp_queue_desc_of(&settings, cp_day_system_clock(0, &zone));
        cp_time day_start, day_end;
        cp_queue_day(now, &desc, &day_start, &day_end);
        cp_queue_tally_begin(&a.tally, deck, now, &desc);
        if (cp_store_each_review_newest(store, day_start - 60 * (cp_time)CP_DAY_SECONDS,
                                        take_review, &a, &err) != CP_OK) {
            fprintf(stderr, "bench_queue: %s\n", err.message);
            return 1;
        }
        cp_queue_stats stats = a.tally.stats;
        cp_queue q = {0};
        cp_queue_input in = {.deck = deck, .memory = a.memory, .params = &params, .now = now,
                             .desc = &desc, .stats = &stats, .last_card = -1,
                             .seed = (uint64_t)cp_day_of(&desc.clock, now)};
        if (cp_queue_build(&in, &q, &err) != CP_OK) {
            fprintf(stderr, "bench_queue: %s\n", err.message);
            return 1;
        }
        t[k] = bench_now() - t0;
        queued = q.n;
        window = a.n;
        cp_queue_free(&q);
        cp_store_close(store);
        free(a.memory);
    }
    char name[128], note[200];
    double open_ms = bench_median(t_open, (size_t)runs) * 1000;
    snprintf(note, sizeof note, "%zu cards, %lld log rows (%zu read, newest first), %zu in today's queue; "
             "open + memory + count %.1f ms; median of %d", n_cards, (long long)reviews, window, queued,
             open_ms, runs);
    snprintf(name, sizeof name, "database open + today's queue (%s)", argv[1]);
    bench_report(name, bench_median(t, (size_t)runs) * 1000, "ms", note);
    cp_deck_free(deck);
    return 0;
}
