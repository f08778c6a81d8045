/* Game and stats benchmark: what one answer costs the learner
 * (cp_learner_answer: the transaction and the game moved by the answer),
 * and what the stats screen costs (cp_stats_load), on a heavy learner: a
 * year of daily study, 40 answers a day over a 1,000-card bank (14,600 log
 * rows), in a fresh database in a temporary directory.
 * Usage: bench_game [days] [answers/day] [cards] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cloudprep/learner.h"
#include "cloudprep/platform.h"
#include "cloudprep/stats.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void check(cp_status s, const cp_error *err, const char *what)
{
    if (s != CP_OK) {
        fprintf(stderr, "bench_game: %s: %s\n", what, err->message);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    int days = argc > 1 ? atoi(argv[1]) : 365;
    int per_day = argc > 2 ? atoi(argv[2]) : 40;
    int n_cards = argc > 3 ? atoi(argv[3]) : 1000;
    const cp_time DAY = 86400, start = 1704067200; /* 2024-01-01 */
    cp_error err = {0};

    /* The deck: flashcards spread over the 19 task statements. */
    size_t cap = (size_t)n_cards * 160 + 1, len = 0;
    char *md = malloc(cap);
    for (int i = 0; i < n_cards; i++) {
        const cp_task_info *t = cp_blueprint_task(i % CP_TASKS);
        len += (size_t)snprintf(md + len, cap - len,
                                "## b-%05d Card\ndomain: %d; task: %s; type: flashcard; "
                                "difficulty: medium\n\n**Front %d**\n\n> Back.\n\n",
                                i, t->domain, t->id, i);
    }
    cp_deck *deck = cp_deck_new();
    CP_IGNORE(cp_deck_add_text(deck, "bench.md", md, len, NULL));
    free(md);

    char dir[1024];
    if (!cp_platform_temp_dir("bench-game", dir, sizeof dir))
        return 1;
    cp_store *store = NULL;
    check(cp_store_open(dir, NULL, &store, &err), &err, "open");

    double t0 = seconds();
    int64_t rows = 0;
    char id[32];
    for (int d = 0; d < days; d++) {
        for (int k = 0; k < per_day; k++) {
            int card = (d * per_day + k) % n_cards;
            snprintf(id, sizeof id, "b-%05d", card);
            cp_time at = start + d * DAY + 9 * 3600 + k * 30;
            cp_review r = {.card_id = id, .at = at, .rating = k % 10 ? CP_GOOD : CP_AGAIN,
                           .duration_ms = 25000, .chosen = "", .mode = "drill"};
            r.after.state = CP_STATE_REVIEW;
            r.after.due = at + (cp_time)(1 + card % 20) * DAY;
            r.after.last_review = at;
            r.after.stability = 1 + card % 40;
            r.after.difficulty = 5;
            r.before.state = d * per_day + k < n_cards ? CP_STATE_NEW : CP_STATE_REVIEW;
            check(cp_store_record_review(store, &r, NULL, &err), &err, "record");
            rows++;
        }
    }
    double t_fill = seconds() - t0;

    cp_settings settings;
    cp_settings_default(&settings);
    cp_time now = start + (cp_time)(days - 1) * DAY + 20 * 3600;
    cp_learner *learner = NULL;
    cp_game_notes notes;
    t0 = seconds();
    check(cp_learner_open(store, deck, &(cp_learner_desc){.fixed_offset = true}, now, &learner,
                          &notes, &err), &err, "learner open");
    double t_open = seconds() - t0;
    cp_game_desc desc = {.settings = cp_learner_settings(learner),
                         .clock = cp_learner_clock(learner)};

    enum { ANSWERS = 20 };
    cp_answer_result res;
    /* The day's first answer reads the day once; time the ones after it. */
    check(cp_learner_answer(learner, &(cp_answer){.card = 1, .rating = CP_GOOD}, now, &res, &err),
          &err, "answer");
    t0 = seconds();
    for (int k = 1; k <= ANSWERS; k++)
        check(cp_learner_answer(learner, &(cp_answer){.card = 1, .rating = CP_GOOD}, now + k, &res,
                                &err), &err, "answer");
    double t_answer = (seconds() - t0) / ANSWERS;

    cp_stats *stats = malloc(sizeof *stats);
    t0 = seconds();
    check(cp_stats_load(store, deck, &desc, now, stats, &err), &err, "stats");
    double t_stats = seconds() - t0;

    printf("history: %lld log rows, %d days, %d cards (filled in %.1f s)\n", (long long)rows,
           days, n_cards, t_fill);
    printf("cp_learner_open   %8.2f ms\n", t_open * 1e3);
    printf("cp_learner_answer %8.2f ms per answer\n", t_answer * 1e3);
    printf("cp_stats_load     %8.2f ms\n", t_stats * 1e3);
    const cp_game_state *g = cp_learner_game(learner);
    printf("streak %d, level %d, %d achievements\n", (int)g->streak.current, (int)g->level.level,
           (int)g->achievements);

    free(stats);
    cp_learner_free(learner);
    cp_store_close(store);
    cp_deck_free(deck);
    return cp_platform_remove_tree(dir) ? 0 : 1;
}
