/* cloudprep-demo-history DATA_DIR DECK_DIR [DAYS] [SEED]
 *
 * Writes a realistic learner into DATA_DIR/progress.db through the real
 * core: every day the learner works through the daily queue (recall drawn
 * from the card's FSRS retrievability, a little better for a learner who
 * improves, answer times of 6-60 s), sometimes skips a day, plays a quiz
 * round every few days, and sits a full mock exam every week (answers drawn
 * from the same memory, scored by the real score module). For screenshots,
 * demos and manual testing of the statistics screen; never used by tests
 * as an oracle. */
#include "cloudprep/deck.h"
#include "cloudprep/exam.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/queue.h"
#include "cloudprep/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double p_recall(const cp_fsrs_params *params, const cp_memory *m, cp_time now, double skill)
{
    if (m->state == CP_STATE_NEW)
        return 0.35 + 0.3 * skill;      /* first sight: an educated guess */
    double r = cp_fsrs_retrievability(params, m, now);
    return r + (1 - r) * 0.25 * skill;
}

static void answer(cp_store *store, const cp_deck *deck, cp_memory *mem, size_t i, const cp_fsrs_params *params,
                   cp_time now, double skill, cp_rng *rng, const char *mode)
{
    const cp_card *c = cp_deck_card(deck, i);
    bool right = cp_rng_unit(rng) < p_recall(params, &mem[i], now, skill);
    int ms = 6000 + (int)(cp_rng_unit(rng) * 40000) + (right ? 0 : 8000);
    cp_rating rating = right ? (ms < 12000 ? CP_EASY : ms > 40000 ? CP_HARD : CP_GOOD) : CP_AGAIN;
    if (c->type == CP_CARD_FLASHCARD && right && cp_rng_unit(rng) < 0.2)
        rating = CP_HARD;
    cp_memory after = cp_fsrs_next(params, &mem[i], now, rating, cp_fsrs_fuzz_seed(c->id, mem[i].reps));
    cp_review r = {.card_id = c->id, .at = now, .rating = rating, .duration_ms = ms, .chosen = "",
                   .mode = mode, .before = mem[i], .after = after,
                   .elapsed_days = mem[i].last_review ? (double)(now - mem[i].last_review) / 86400.0 : 0};
    cp_store_record_review(store, &r, NULL, NULL);
    mem[i] = after;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR DECK_DIR [DAYS] [SEED]\n", argv[0]);
        return 2;
    }
    int days = argc > 3 ? atoi(argv[3]) : 45;
    uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 7;
    cp_error err = {0};
    cp_store *store;
    if (cp_store_open(argv[1], NULL, &store, &err) != CP_OK) {
        fprintf(stderr, "%s: %s\n", err.file, err.message);
        return 3;
    }
    const char *paths[] = {argv[2]};
    cp_deck *deck;
    cp_deck_load(paths, 1, &deck, &err);
    size_t n = cp_deck_count(deck);
    cp_memory *mem = calloc(n ? n : 1, sizeof *mem);
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    cp_exam_bank bank;
    cp_exam_bank_from_deck(deck, &bank, &err);
    /* Start `days` days ago, at 19:00 UTC, and study until today. */
    cp_time today = (cp_time)time(NULL);
    cp_time start = today - (cp_time)days * 86400;
    start -= start % 86400;
    for (int d = 0; d < days; d++) {
        cp_time now = start + (cp_time)d * 86400 + 19 * 3600;
        double skill = (double)d / days;        /* understanding grows */
        if (d % 9 == 4)
            continue;                           /* a missed day now and then */
        for (int pass = 0; pass < 3; pass++) {  /* the drill, and relearning later the same evening */
            cp_queue q = {0};
            cp_queue_input in = {.deck = deck, .memory = mem, .params = &params, .now = now, .seed = (uint64_t)d};
            if (cp_queue_build(&in, &q, &err) != CP_OK)
                break;
            size_t todo = q.n < 45 ? q.n : 45;
            for (size_t k = 0; k < todo; k++) {
                answer(store, deck, mem, q.cards[k], &params, now, skill, &rng, "drill");
                now += 25;
            }
            cp_queue_free(&q);
            now += 900;
        }
        if (d % 3 == 1) {                       /* a quiz round */
            for (int k = 0; k < 10; k++) {
                size_t i = cp_rng_below(&rng, n);
                if (cp_deck_card(deck, i)->type != CP_CARD_FLASHCARD)
                    answer(store, deck, mem, i, &params, now, skill, &rng, "quiz");
                now += 40;
            }
            cp_game_event e = {.at = now, .kind = "round", .amount = 300 + (int64_t)(skill * 900),
                               .detail = "10 8 4 10"};
            cp_store_add_event(store, &e, &err);
        }
        if (d % 7 == 6) {                       /* a weekly mock exam */
            cp_exam_form form;
            if (cp_exam_build(&bank, &(cp_exam_form_desc){0}, &rng, &form, &err) != CP_OK)
                continue;
            cp_attempt_item items[CP_EXAM_QUESTIONS];
            for (size_t k = 0; k < form.n_items; k++)
                items[k] = (cp_attempt_item){.position = (int32_t)k, .card_id = form.items[k].card->id,
                                             .scored = form.items[k].scored};
            cp_attempt a = {.kind = "mock", .started_at = now, .seed = cp_rng_next(&rng),
                            .time_limit_s = form.time_limit_s};
            int64_t id;
            cp_store_attempt_begin(store, &a, items, form.n_items, &id, &err);
            int raw = 0;
            for (size_t k = 0; k < form.n_items; k++) {
                size_t i = (size_t)(form.items[k].card - cp_deck_card(deck, 0));
                bool right = cp_rng_unit(&rng) < 0.45 + 0.45 * skill * (0.6 + 0.4 * p_recall(&params, &mem[i], now, skill));
                items[k].chosen = right ? "0" : "1";
                items[k].correct = right;
                cp_store_attempt_answer(store, id, &items[k], &err);
                raw += right && form.items[k].scored;
            }
            a.status = CP_ATTEMPT_SUBMITTED;
            a.finished_at = now + 4700;
            a.time_used_s = 4700;
            a.raw_score = raw;
            a.cut_raw = form.cut_raw;
            a.scaled_score = cp_exam_form_scale(&form, raw);
            cp_store_attempt_finish(store, id, &a, &err);
        }
    }
    int64_t reviews = 0;
    cp_store_review_count(store, &reviews, &err);
    printf("%lld reviews over %d days written to %s\n", (long long)reviews, days, cp_store_path(store));
    cp_exam_bank_release(&bank);
    free(mem);
    cp_deck_free(deck);
    cp_store_close(store);
    return 0;
}
