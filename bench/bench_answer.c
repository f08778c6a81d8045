/* The game's start and one answer, as the app does them (src/app/app.c
 * cp_app_open, src/app/today.c cp_today_answer and cp_today_build): open
 * the game (XP, streak, achievements, plan: settled days plus today's log),
 * then answer the first card of today's queue N times: the FSRS step, the
 * review written in its own transaction, the game paid and re-evaluated,
 * and the queue built again for the next card. Works on a copy of DATA_DIR
 * made by the caller (it writes answers). The decks are loaded untimed.
 * Usage: bench_answer NAME DATA_DIR DECK_DIR [ANSWERS] */
#include "bench.h"
#include "cloudprep/game.h"
#include "cloudprep/queue.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

#include <string.h>

typedef struct app_like {
    const cp_deck *deck;
    cp_memory *memory;
    cp_queue_tallier tally;
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
    return cp_queue_tally_add(&((app_like *)ctx)->tally, r);
}

static long next_card(cp_store *store, app_like *a, const cp_fsrs_params *params,
                      const cp_queue_desc *desc, cp_time now, long last)
{
    cp_time day_start, day_end;
    cp_queue_day(now, 0, desc, &day_start, &day_end);
    cp_queue_tally_begin(&a->tally, a->deck, now, 0, desc);
    cp_store_each_review_newest(store, day_start - 60 * 86400, take_review, a, NULL);
    cp_queue_stats stats = a->tally.stats;
    cp_queue q = {0};
    cp_queue_input in = {.deck = a->deck, .memory = a->memory, .params = params, .now = now,
                         .desc = desc, .stats = &stats, .last_card = last,
                         .seed = (uint64_t)(day_start / 86400)};
    long card = cp_queue_build(&in, &q, NULL) == CP_OK && q.n ? (long)q.cards[0] : -1;
    cp_queue_free(&q);
    return card;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_answer NAME DATA_DIR DECK_DIR [ANSWERS]\n");
        return 2;
    }
    int answers = argc > 4 ? atoi(argv[4]) : 50;
    if (answers < 1 || answers > 1000)
        answers = 50;
    const char *paths[] = {argv[3]};
    cp_deck *deck = NULL;
    cp_deck_load(paths, 1, &deck, NULL);
    size_t n_cards = cp_deck_count(deck);
    app_like a = {.deck = deck, .memory = calloc(n_cards ? n_cards : 1, sizeof(cp_memory))};
    cp_store *store = NULL;
    cp_error err = {0};
    if (cp_store_open(argv[2], NULL, &store, &err) != CP_OK) {
        fprintf(stderr, "bench_answer: %s\n", err.message);
        return 1;
    }
    cp_settings settings;
    cp_settings_default(&settings);
    cp_settings_load(store, &settings, &err);
    cp_store_each_memory(store, load_memory, &a, &err);
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    params.desired_retention = settings.desired_retention;
    cp_queue_desc desc = {.day_start_hour = settings.day_start_hour == 0 ? -1 : settings.day_start_hour,
                          .new_limit = settings.new_per_day == 0 ? -1 : settings.new_per_day,
                          .review_limit = settings.reviews_per_day};
    cp_time now = (cp_time)time(NULL);
    cp_game_desc gd = {.settings = &settings, .params = &params, .memory = a.memory};

    double t0 = bench_now();
    cp_game *game = NULL;
    if (cp_game_open(store, deck, &gd, now, &game, NULL, &err) != CP_OK) {
        fprintf(stderr, "bench_answer: %s\n", err.message);
        return 1;
    }
    double open_ms = (bench_now() - t0) * 1000;

    double *t = calloc((size_t)answers, sizeof *t), *t_game = calloc((size_t)answers, sizeof *t);
    long card = next_card(store, &a, &params, &desc, now, -1);
    int done = 0;
    for (; done < answers && card >= 0; done++) {
        now += 8;
        double s0 = bench_now();
        const cp_card *c = cp_deck_card(deck, (size_t)card);
        cp_memory before = a.memory[card];
        int rating = done % 7 == 0 ? CP_AGAIN : CP_GOOD;
        cp_memory after = cp_fsrs_next(&params, &before, now, (cp_rating)rating,
                                       cp_fsrs_fuzz_seed(c->id, before.reps));
        cp_review r = {.card_id = c->id, .at = now, .rating = rating, .duration_ms = 8000,
                       .chosen = "", .mode = "drill", .before = before, .after = after};
        if (cp_store_record_review(store, &r, NULL, &err) != CP_OK) {
            fprintf(stderr, "bench_answer: %s\n", err.message);
            return 1;
        }
        a.memory[card] = after;
        double g0 = bench_now();
        cp_xp_answer xa = {.rating = rating, .before = before, .card_difficulty = c->difficulty,
                           .at = now};
        cp_game_answered(game, c->id, &xa, now, NULL, &err);
        t_game[done] = bench_now() - g0;
        card = next_card(store, &a, &params, &desc, now, card);
        t[done] = bench_now() - s0;
    }
    char name[160], note[240];
    snprintf(name, sizeof name, "game open: streak, XP, plan (%s)", argv[1]);
    snprintf(note, sizeof note, "%zu cards", n_cards);
    bench_report(name, open_ms, "ms", note);
    if (done > 0) {
        double game_ms = bench_median(t_game, (size_t)done) * 1000;
        double p99 = 0;
        double med = bench_median(t, (size_t)done) * 1000;   /* sorts t */
        p99 = t[(size_t)((done - 1) * 0.99)] * 1000;
        snprintf(name, sizeof name, "one answer to the next card (%s)", argv[1]);
        snprintf(note, sizeof note, "median of %d answers, p99 %.1f ms; the game's part %.1f ms",
                 done, p99, game_ms);
        bench_report(name, med, "ms", note);
    }
    cp_game_free(game);
    cp_store_close(store);
    cp_deck_free(deck);
    free(a.memory);
    free(t);
    free(t_game);
    return 0;
}
