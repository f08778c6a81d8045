/* The learner's start and one answer, as the app does them: open the
 * learner (settings, memories, the game: streak, XP, plan from the settled
 * days plus today's log), then answer the first card of today's queue N
 * times (cp_learner_answer: FSRS, the review, the game's events in one
 * transaction, the game moved) and build the queue again for the next
 * card. Works on a copy of DATA_DIR made by the caller (it writes
 * answers). The decks are loaded untimed.
 * Usage: bench_answer NAME DATA_DIR DECK_DIR [ANSWERS] */
#include "bench.h"
#include "cloudprep/learner.h"
#include "cloudprep/platform.h"

#include <string.h>

static long next_card(const cp_learner *l, cp_time now, long last)
{
    cp_today today;
    long card = cp_learner_today(l, now, last, &today, NULL) == CP_OK && today.n
                    ? (long)today.cards[0] : -1;
    cp_today_free(&today);
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
    CP_IGNORE(cp_deck_load(paths, 1, &deck, NULL));
    size_t n_cards = cp_deck_count(deck);
    cp_store *store = NULL;
    cp_error err = {0};
    if (cp_store_open(argv[2], NULL, &store, &err) != CP_OK) {
        fprintf(stderr, "bench_answer: %s\n", err.message);
        return 1;
    }
    cp_time now = cp_platform_now();
    double t0 = bench_now();
    cp_learner *l = NULL;
    if (cp_learner_open(store, deck, NULL, now, &l, NULL, &err) != CP_OK) {
        fprintf(stderr, "bench_answer: %s\n", err.message);
        return 1;
    }
    double open_ms = (bench_now() - t0) * 1000;
    now = cp_learner_now(l, now);

    double *t = calloc((size_t)answers, sizeof *t), *t_answer = calloc((size_t)answers, sizeof *t);
    long card = next_card(l, now, -1);
    int done = 0;
    for (; done < answers && card >= 0; done++) {
        now += 8;
        double s0 = bench_now();
        cp_answer a = {.card = (size_t)card, .rating = done % 7 == 0 ? CP_AGAIN : CP_GOOD,
                       .duration_ms = 8000, .mode = CP_MODE_DRILL};
        cp_answer_result res;
        if (cp_learner_answer(l, &a, now, &res, &err) != CP_OK) {
            fprintf(stderr, "bench_answer: %s\n", err.message);
            return 1;
        }
        t_answer[done] = bench_now() - s0;
        card = next_card(l, now, card);
        t[done] = bench_now() - s0;
    }
    char name[160], note[240];
    snprintf(name, sizeof name, "learner open: memories, streak, XP, plan (%s)", argv[1]);
    snprintf(note, sizeof note, "%zu cards", n_cards);
    bench_report(name, open_ms, "ms", note);
    if (done > 0) {
        double answer_ms = bench_median(t_answer, (size_t)done) * 1000;
        double med = bench_median(t, (size_t)done) * 1000;   /* sorts t */
        double p99 = t[(size_t)((done - 1) * 0.99)] * 1000;
        snprintf(name, sizeof name, "one answer to the next card (%s)", argv[1]);
        snprintf(note, sizeof note,
                 "median of %d answers, p99 %.1f ms; the answer itself (one transaction) %.1f ms",
                 done, p99, answer_ms);
        bench_report(name, med, "ms", note);
    }
    cp_learner_free(l);
    cp_store_close(store);
    cp_deck_free(deck);
    free(t);
    free(t_answer);
    return 0;
}
