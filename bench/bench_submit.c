/* A mock exam submitted with every answer wrong, and the Home screen after
 * it, as the app does them: the learner is opened and a mock started
 * (cp_attempt_start) and answered, every item wrong, untimed; then timed:
 * cp_attempt_finish (the score, the 65 items, every miss as an Again review
 * in the drill with the game's events: one transaction, and the game and
 * today's queue moved by 65 answers) and Home's refresh (today's queue and
 * the readiness meter). Works on a copy of DATA_DIR made by the caller (it
 * writes attempts). The decks come through the parsed-deck cache.
 * Usage: bench_submit NAME DATA_DIR DECK_DIR [RUNS] */
#include "bench.h"
#include "cloudprep/attempt.h"
#include "cloudprep/platform.h"
#include "cloudprep/sources.h"

#include <string.h>

enum { MAX_RUNS = 50 };

static void fail(const char *what, const cp_error *err)
{
    fprintf(stderr, "bench_submit: %s: %s\n", what, err->message);
    exit(1);
}

/* A wrong answer of the right size: as many choices as the key has, none
 * of them in it (a single-answer key of choice 0 gets choice 1). */
static uint32_t wrong_mask(const cp_card *card)
{
    uint32_t right = cp_exam_correct_mask(card), wrong = 0;
    size_t need = cp_card_correct_count(card);
    for (size_t i = 0; i < card->n_choices && need; i++)
        if (!(right >> i & 1u)) {
            wrong |= 1u << i;
            need--;
        }
    return wrong ? wrong : (right == 1u ? 2u : 1u);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_submit NAME DATA_DIR DECK_DIR [RUNS]\n");
        return 2;
    }
    int runs = argc > 4 ? atoi(argv[4]) : 5;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 5;
    const char *paths[] = {argv[3]};
    char cache[2048];
    snprintf(cache, sizeof cache, "%s/decks.cache", argv[2]);
    cp_deck *deck = NULL;
    cp_error err = {0};
    cp_source sources[2] = {{.kind = CP_SOURCE_GIVEN}};
    snprintf(sources[0].path, sizeof sources[0].path, "%s", paths[0]);
    size_t n_sources = 1 + cp_sources_learner(argv[2], &sources[1]);
    CP_IGNORE(cp_sources_load_cached(sources, n_sources, cache, &deck, NULL, &err));
    cp_store *store = NULL;
    if (cp_store_open(argv[2], NULL, &store, &err) != CP_OK)
        fail("store", &err);
    cp_time now = cp_platform_now();
    cp_learner *l = NULL;
    if (cp_learner_open(store, deck, NULL, now, &l, NULL, &err) != CP_OK)
        fail("learner", &err);
    now = cp_learner_now(l, now);
    /* Home as the app shows it before the exam (the day's tally read). */
    cp_today today;
    if (cp_learner_today(l, now, -1, &today, &err) != CP_OK)
        fail("today", &err);
    cp_today_free(&today);

    double t_finish[MAX_RUNS], t_home[MAX_RUNS], t_all[MAX_RUNS];
    size_t items = 0, misses = 0;
    for (int k = 0; k < runs; k++) {
        cp_attempt_run *run = NULL;
        if (cp_attempt_start(l, CP_EXAM_MOCK, now, &run, &err) != CP_OK)
            fail("start", &err);
        items = cp_attempt_count(run);
        for (size_t i = 0; i < items; i++) {
            cp_exam_view v;
            if (cp_attempt_view(run, i, &v) != CP_OK ||
                cp_attempt_answer(run, i, wrong_mask(v.card), now + 60 * (cp_time)i, &err) != CP_OK)
                fail("answer", &err);
        }
        now += 60 * (cp_time)items;
        double t0 = bench_now();
        cp_game_notes notes;
        if (cp_attempt_finish(run, now, &notes, &err) != CP_OK)
            fail("finish", &err);
        double t1 = bench_now();
        if (cp_learner_today(l, now, -1, &today, &err) != CP_OK)
            fail("today", &err);
        cp_readiness meter;
        CP_IGNORE(cp_learner_readiness(l, now, &meter, &err));
        double t2 = bench_now();
        const cp_score_report *r = cp_attempt_report(run);
        misses = r ? r->n_misses : 0;
        cp_today_free(&today);
        cp_attempt_free(run, now);
        t_finish[k] = t1 - t0;
        t_home[k] = t2 - t1;
        t_all[k] = t2 - t0;
        now += 3600;
    }
    char name[160], note[240];
    double finish = bench_median(t_finish, (size_t)runs) * 1000;
    double home = bench_median(t_home, (size_t)runs) * 1000;
    snprintf(name, sizeof name, "mock submit, every answer wrong, and Home after it (%s)", argv[1]);
    snprintf(
        note, sizeof note,
        "%zu items, %zu misses into the drill; median of %d: finish (one transaction) %.1f ms, "
        "Home (today's queue, the meter) %.1f ms",
        items, misses, runs, finish, home);
    bench_report(name, bench_median(t_all, (size_t)runs) * 1000, "ms", note);
    cp_learner_free(l);
    cp_store_close(store);
    cp_deck_free(deck);
    return 0;
}
