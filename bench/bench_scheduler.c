/* Scheduler benchmark: FSRS updates per second, and the time to build
 * today's queue for a synthetic 100,000-card collection whose memories come
 * from 1,000,000 simulated reviews.
 *
 * The deck is generated as Markdown and parsed with cp_deck_add_text (19
 * task statements, flashcards). Every card gets ten reviews (about 10 %
 * Again) at its due times, fuzz on; then each card's history is shifted in
 * time so its next due date falls between 30 days ago and 60 days ahead,
 * which leaves about a third of the collection due: far over the review
 * limit, the queue's slow path. Usage: bench_scheduler [cards] [reviews/card] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cloudprep/queue.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    size_t n_cards = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    int per_card = argc > 2 ? atoi(argv[2]) : 10;
    const cp_time now = 1767614400; /* 2026-01-05 12:00 UTC */
    const cp_time DAY = 86400;

    /* ---- the deck ---- */
    double t0 = seconds();
    cp_deck *deck = cp_deck_new();
    size_t per_task = (n_cards + CP_TASKS - 1) / CP_TASKS;
    size_t cap = per_task * 128 + 64;
    char *text = malloc(cap);
    if (!deck || !text)
        return 1;
    size_t made = 0;
    for (int t = 0; t < CP_TASKS && made < n_cards; t++) {
        const cp_task_info *task = cp_blueprint_task(t);
        size_t len = 0;
        for (size_t k = 0; k < per_task && made < n_cards; k++, made++)
            len += (size_t)snprintf(text + len, cap - len,
                                    "## b%s-%zu\ndomain: %d; task: %s; type: flashcard; "
                                    "difficulty: medium\n\nFront %zu.\n\n> Back.\n\n",
                                    task->id, k, task->domain, task->id, k);
        char name[32];
        snprintf(name, sizeof name, "task%d.md", t);
        if (cp_deck_add_text(deck, name, text, len, NULL) != CP_OK)
            return 1;
    }
    free(text);
    size_t n = cp_deck_count(deck);
    double t_deck = seconds() - t0;

    /* ---- 1,000,000 reviews through FSRS ---- */
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    cp_memory *mem = calloc(n, sizeof *mem);
    if (!mem)
        return 1;
    cp_rng rng;
    cp_rng_seed(&rng, 42);
    size_t reviews = 0;
    t0 = seconds();
    for (size_t i = 0; i < n; i++) {
        const char *id = cp_deck_card(deck, i)->id;
        cp_time t = 0;
        for (int k = 0; k < per_card; k++) {
            cp_rating r = cp_rng_below(&rng, 10) == 0 ? CP_AGAIN
                          : (cp_rating)(CP_HARD + (int)cp_rng_below(&rng, 3));
            mem[i] = cp_fsrs_next(&params, &mem[i], t, r, cp_fsrs_fuzz_seed(id, mem[i].reps));
            t = mem[i].due + (cp_time)cp_rng_below(&rng, 2 * (uint64_t)DAY);
            reviews++;
        }
    }
    double t_fsrs = seconds() - t0;
    /* Shift every history so the next due date lands in [-30, +60) days. */
    for (size_t i = 0; i < n; i++) {
        cp_time target = now - 30 * DAY + (cp_time)cp_rng_below(&rng, 90 * (uint64_t)DAY);
        cp_time shift = target - mem[i].due;
        mem[i].due += shift;
        mem[i].last_review += shift;
    }
    /* A third of the cards never studied, to feed new cards. */
    for (size_t i = 0; i < n; i += 3)
        memset(&mem[i], 0, sizeof mem[i]);

    /* ---- preview (four answers at once, as the drill screen asks) ---- */
    t0 = seconds();
    size_t previews = 0;
    for (size_t i = 0; i < n; i++) {
        cp_memory out[4];
        cp_fsrs_preview(&params, &mem[i], now, (uint64_t)i, out);
        previews++;
    }
    double t_preview = seconds() - t0;

    /* ---- the queue ---- */
    enum { RUNS = 15 };
    double times[RUNS];
    cp_queue q = {0};
    cp_queue_stats stats = {.answered = {100, 100, 100, 100}, .correct = {85, 80, 75, 60},
                            .new_today = {2, 1, 0, 0}, .reviews_today = 40};
    for (int run = 0; run < RUNS; run++) {
        cp_queue_input in = {.deck = deck, .memory = mem, .params = &params, .now = now,
                             .stats = &stats, .last_card = -1,
                             .seed = 20260105};
        t0 = seconds();
        cp_queue_free(&q);
        if (cp_queue_build(&in, &q, NULL) != CP_OK)
            return 1;
        times[run] = seconds() - t0;
    }
    qsort(times, RUNS, sizeof times[0], cmp_double);

    /* ---- the tally of the review log's tail ---- */
    size_t n_log = 20000;
    cp_review *log = calloc(n_log, sizeof *log);
    if (!log)
        return 1;
    for (size_t k = 0; k < n_log; k++) {
        size_t i = cp_rng_below(&rng, n);
        log[k] = (cp_review){.card_id = cp_deck_card(deck, i)->id,
                             .at = now - (cp_time)(n_log - k) * 60,
                             .rating = cp_rng_below(&rng, 5) ? CP_GOOD : CP_AGAIN};
    }
    t0 = seconds();
    cp_queue_tally(deck, log, n_log, now, NULL, &stats);
    double t_tally = seconds() - t0;

    printf("| measure | value |\n|---|---|\n");
    printf("| cards in deck | %zu |\n", n);
    printf("| deck generation + parse | %.0f ms |\n", t_deck * 1e3);
    printf("| simulated reviews (cp_fsrs_next, fuzz on) | %zu |\n", reviews);
    printf("| FSRS updates per second | %.2f M/s (%.0f ns each) |\n",
           (double)reviews / t_fsrs / 1e6, t_fsrs / (double)reviews * 1e9);
    printf("| FSRS previews (4 answers) per second | %.2f M/s |\n",
           (double)previews / t_preview / 1e6);
    printf("| due reviews / in queue | %zu / %zu |\n", q.reviews_due, q.n_review);
    printf("| queue size (learning + review + new) | %zu + %zu + %zu |\n",
           q.n_learning, q.n_review, q.n_new);
    printf("| queue build, median of %d | %.2f ms (min %.2f, max %.2f) |\n", RUNS,
           times[RUNS / 2] * 1e3, times[0] * 1e3, times[RUNS - 1] * 1e3);
    printf("| tally of %zu log rows | %.3f ms |\n", n_log, t_tally * 1e3);
    cp_queue_free(&q);
    free(log);
    free(mem);
    cp_deck_free(deck);
    return 0;
}
