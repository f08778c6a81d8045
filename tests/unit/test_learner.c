/* The learner's mock reserve over a real store and the bundled decks: its
 * size, kept across a reopen, never in the drill or a quiz round; a mock
 * draws on it, stores its fresh count and releases what it used; the
 * setting empties and refills it; the meter says how many fresh mocks are
 * left. And the learner's confusions: kept up to date by its answers, read
 * again after an undo or a reopen, their separating cards in today's
 * queue. The drill's new cards follow the study plan's daily number. */
#include "cp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/attempt.h"
#include "cloudprep/confusion.h"
#include "cloudprep/learner.h"
#include "cloudprep/platform.h"

static const cp_time T0 = 1767614400; /* 2026-01-05 12:00 UTC */
static const cp_learner_desc utc = {.fixed_offset = true};

static cp_deck *deck;

/* A fresh data directory and the bundled decks. */
static int setup(void **state)
{
    deck = cp_test_load_deck(cp_test_decks_path());
    return cp_test_dir_setup(state);
}

static int teardown(void **state)
{
    cp_deck_free(deck);
    return cp_test_dir_teardown(state);
}

static cp_learner *open_learner(cp_store *store, cp_time now)
{
    cp_learner *l = NULL;
    cp_error err = {0};
    if (cp_learner_open(store, deck, &utc, now, &l, NULL, &err) != CP_OK)
        fail_msg("cp_learner_open: %s", err.message);
    return l;
}

static void count_row(void *ctx, const char *id)
{
    (void)id;
    ++*(size_t *)ctx;
}

static size_t stored_reserve(cp_store *store)
{
    size_t n = 0;
    assert_int_equal(cp_store_each_reserved(store, count_row, &n, NULL), CP_OK);
    return n;
}

static size_t expected_size(void)
{
    cp_exam_bank bank;
    assert_int_equal(cp_exam_bank_from_deck(deck, &bank, NULL), CP_OK);
    int target[CP_DOMAINS];
    cp_exam_reserve_target(&bank, NULL, target);
    cp_exam_bank_release(&bank);
    return (size_t)(target[0] + target[1] + target[2] + target[3]);
}


/* Every pair's offers, all told: what the tally has counted. */
static uint64_t all_offers(const cp_confusion *tally, cp_time now)
{
    const cp_confusion_map *map = cp_confusion_tally_map(tally);
    int32_t n = (int32_t)cp_confusion_subject_count(map);
    uint64_t sum = 0;
    for (int32_t a = 0; a < n; a++)
        for (int32_t b = 0; b < n; b++)
            if (a != b)
                sum += cp_confusion_get(tally, a, b, now).offers;
    return sum;
}
static void reserve_lifecycle(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_learner *l = open_learner(store, T0);
    const size_t want = expected_size();
    assert_true(want >= 200);   /* five fresh mocks' scored slots at most */
    assert_int_equal(cp_learner_reserve_count(l), want);
    assert_int_equal(stored_reserve(store), want);
    size_t n = cp_deck_count(deck);
    uint8_t *before = malloc(n);
    memcpy(before, cp_learner_held(l), n);
    for (size_t i = 0; i < n; i++)
        assert_false(before[i] && cp_deck_card(deck, i)->type == CP_CARD_FLASHCARD);

    /* Never in today's drill (every new card allowed) or a quiz round. */
    cp_settings s = *cp_learner_settings(l);
    s.new_per_day = 200;
    assert_int_equal(cp_learner_set_settings(l, &s, T0, NULL, NULL), CP_OK);
    cp_today today;
    assert_int_equal(cp_learner_today(l, T0, -1, &today, NULL), CP_OK);
    assert_true(today.n > 0);
    for (size_t k = 0; k < today.n; k++)
        assert_false(before[today.cards[k]]);
    cp_today_free(&today);
    cp_rng rng = cp_test_rng(9);
    for (int round = 0; round < 20; round++) {
        size_t picks[CP_QUIZ_MAX], np = 0;
        assert_int_equal(cp_learner_quiz(l, &(cp_quiz_desc){.length = 20}, T0, &rng, picks, &np,
                                         NULL), CP_OK);
        for (size_t k = 0; k < np; k++)
            assert_false(before[picks[k]]);
    }

    /* Kept across a reopen: the same cards. */
    cp_learner_free(l);
    l = open_learner(store, T0 + 60);
    assert_memory_equal(cp_learner_held(l), before, n);

    /* The confusions as read now, before the mock below. */
    const cp_confusion *kept_tally;
    assert_int_equal(cp_learner_confusion(l, T0 + 60, &kept_tally, NULL), CP_OK);
    uint64_t offers_before = all_offers(kept_tally, T0 + 60);

    /* A mock on a new learner: every scored item fresh, stored so; the
     * items it used leave the reserve and fresh ones take their place. */
    cp_attempt_run *run = NULL;
    assert_int_equal(cp_attempt_start(l, CP_EXAM_MOCK, T0 + 120, &run, NULL), CP_OK);
    assert_int_equal(cp_attempt_fresh_scored(run), 50);
    size_t used_held = 0;
    for (size_t k = 0; k < cp_attempt_count(run); k++) {
        cp_exam_view v;
        assert_int_equal(cp_attempt_view(run, k, &v), CP_OK);
        used_held += before[v.card - cp_deck_card(deck, 0)];
        assert_int_equal(cp_attempt_answer(run, k, cp_exam_correct_mask(v.card), T0 + 200, NULL),
                         CP_OK);
    }
    assert_int_equal(cp_attempt_finish(run, T0 + 3000, NULL, NULL), CP_OK);
    assert_true(used_held > 0);
    /* Its right answers, which only its items hold, are in the learner's
     * confusions as in a learner opened afresh. */
    const cp_confusion *live, *afresh;
    cp_learner *reopened = open_learner(store, T0 + 3000);
    assert_int_equal(cp_learner_confusion(l, T0 + 3000, &live, NULL), CP_OK);
    assert_int_equal(cp_learner_confusion(reopened, T0 + 3000, &afresh, NULL), CP_OK);
    assert_true(all_offers(live, T0 + 3000) > offers_before);
    assert_int_equal(all_offers(live, T0 + 3000), all_offers(afresh, T0 + 3000));
    cp_learner_free(reopened);
    const uint8_t *after = cp_learner_held(l);
    const cp_time *seen = cp_learner_seen(l);
    for (size_t k = 0; k < cp_attempt_count(run); k++) {
        cp_exam_view v;
        assert_int_equal(cp_attempt_view(run, k, &v), CP_OK);
        size_t i = (size_t)(v.card - cp_deck_card(deck, 0));
        assert_false(after[i]);
        assert_true(seen[i] > 0);
    }
    assert_int_equal(cp_learner_reserve_count(l), want);
    assert_int_equal(stored_reserve(store), want);
    cp_attempt_free(run, T0 + 3000);
    /* The stored attempt says how many were fresh; the meter counts it. */
    cp_readiness meter;
    assert_int_equal(cp_learner_readiness(l, T0 + 3600, &meter, NULL), CP_OK);
    assert_true(meter.fresh_mocks_left >= 1);
    bool counted = false;
    for (size_t i = 0; i < meter.n_reasons; i++)
        if (meter.reasons[i].code == CP_REASON_MOCK_COUNT)
            counted = meter.reasons[i].value == 1.0;
    assert_true(counted);

    /* Turned off: empty, in memory and in the store; the drill may now
     * introduce what was held. On again: refilled. */
    s = *cp_learner_settings(l);
    s.mock_reserve = false;
    assert_int_equal(cp_learner_set_settings(l, &s, T0 + 4000, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_reserve_count(l), 0);
    assert_int_equal(stored_reserve(store), 0);
    s.new_per_day = 200;
    assert_int_equal(cp_learner_today(l, T0 + 4000, -1, &today, NULL), CP_OK);
    bool any_before = false;
    for (size_t k = 0; k < today.n; k++)
        any_before = any_before || before[today.cards[k]];
    cp_today_free(&today);
    assert_true(any_before);
    s.mock_reserve = true;
    assert_int_equal(cp_learner_set_settings(l, &s, T0 + 5000, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_reserve_count(l), want);
    cp_learner_free(l);
    cp_store_close(store);
    free(before);
}

/* The pair of subjects (keyed, offered) set side by side by the most
 * single-answer questions of the bank, and those questions' options. */
typedef struct bank_pair {
    int32_t keyed, offered;
    size_t cards[16];
    uint32_t wrong[16];         /* the offered option's bit */
    size_t n;
} bank_pair;

static bank_pair most_common_pair(const cp_confusion_map *map)
{
    bank_pair best = {.keyed = -1};
    size_t n_cards = cp_deck_count(deck);
    for (size_t c = 0; c < n_cards; c++) {
        const cp_card *card = cp_deck_card(deck, c);
        if (card->type != CP_CARD_SINGLE)
            continue;
        for (size_t k = 0; k < card->n_choices; k++) {
            int32_t key = cp_confusion_option(map, c, k);
            if (!card->choices[k].correct || key < 0)
                continue;
            for (size_t o = 0; o < card->n_choices; o++) {
                int32_t off = cp_confusion_option(map, c, o);
                if (card->choices[o].correct || off < 0 || off == key)
                    continue;
                bank_pair p = {.keyed = key, .offered = off};
                for (size_t i = 0; i < n_cards && p.n < 16; i++) {
                    const cp_card *x = cp_deck_card(deck, i);
                    if (x->type != CP_CARD_SINGLE)
                        continue;
                    uint32_t wrong = 0;
                    bool keyed = false;
                    for (size_t j = 0; j < x->n_choices; j++) {
                        keyed = keyed || (x->choices[j].correct && cp_confusion_option(map, i, j) == key);
                        if (!x->choices[j].correct && cp_confusion_option(map, i, j) == off)
                            wrong = 1u << j;
                    }
                    if (keyed && wrong) {
                        p.cards[p.n] = i;
                        p.wrong[p.n++] = wrong;
                    }
                }
                if (p.n > best.n)
                    best = p;
            }
        }
    }
    return best;
}

/* Misses through the learner reach its confusions at once; today's queue
 * brings the separating cards; an undo and a reopen read the log again. */
static void confusions_follow_the_answers(void **state)
{
    (void)state;
    cp_store *store;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    cp_learner *l = open_learner(store, T0);
    const cp_confusion *tally;
    assert_int_equal(cp_learner_confusion(l, T0, &tally, NULL), CP_OK);
    const cp_confusion_map *map = cp_confusion_tally_map(tally);
    bank_pair p = most_common_pair(map);
    assert_true(p.n >= 3);
    fprintf(stderr, "  pair: %s keyed, %s offered, in %zu questions\n",
            cp_confusion_subject(map, p.keyed)->name, cp_confusion_subject(map, p.offered)->name, p.n);
    uint8_t *boost = calloc(cp_deck_count(deck), 1);
    size_t separating = cp_confusion_separating(tally, T0, boost);
    assert_int_equal(separating, 0);

    /* Two drill misses, a day apart, choosing the offered one. */
    for (size_t k = 0; k < 2; k++) {
        char chosen[8];
        cp_exam_chosen_text(p.wrong[k], chosen, sizeof chosen);
        cp_answer a = {.card = p.cards[k], .correct = false, .chosen = chosen, .duration_ms = 9000,
                       .mode = CP_MODE_DRILL};
        cp_answer_result r;
        assert_int_equal(cp_learner_answer(l, &a, T0 + (cp_time)k * 86400, &r, NULL), CP_OK);
    }
    cp_time now = T0 + 86400 + 60;
    cp_confusion_pair pair = cp_confusion_get(tally, p.keyed, p.offered, now);
    assert_int_equal(pair.misses, 2);
    assert_true(pair.confused);
    assert_true(cp_confusion_explain(tally, p.cards[2], p.wrong[2], now, &pair));

    /* Today's queue: the separating questions first among the new cards of
     * their domain. */
    separating = cp_confusion_separating(tally, now, boost);
    assert_true(separating >= p.n);
    cp_today today;
    assert_int_equal(cp_learner_today(l, now, -1, &today, NULL), CP_OK);
    size_t boosted = 0;
    for (size_t k = 0; k < today.n; k++)
        boosted += boost[today.cards[k]];
    assert_true(boosted > 0);
    cp_today_free(&today);

    /* Undo the second miss: read again, one miss, no confusion. */
    long card;
    bool found;
    assert_int_equal(cp_learner_undo(l, now, &card, &found, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_confusion(l, now, &tally, NULL), CP_OK);
    pair = cp_confusion_get(tally, p.keyed, p.offered, now);
    assert_int_equal(pair.misses, 1);
    assert_false(pair.confused);
    cp_learner_free(l);

    /* A reopened learner reads the same from the log. */
    l = open_learner(store, now);
    assert_int_equal(cp_learner_confusion(l, now, &tally, NULL), CP_OK);
    assert_int_equal(cp_confusion_get(tally, p.keyed, p.offered, now).misses, 1);
    cp_learner_free(l);
    cp_store_close(store);
    free(boost);
}

static bool same_memory(const cp_memory *a, const cp_memory *b)
{
    return a->due == b->due && a->last_review == b->last_review && a->stability == b->stability &&
           a->difficulty == b->difficulty && a->scheduled_days == b->scheduled_days &&
           a->reps == b->reps && a->lapses == b->lapses && a->state == b->state &&
           a->step == b->step;
}

/* Opened with threads, the learner reads its first exposures and recent
 * confusions on a second connection while the memories are read: what it
 * holds is what the one-thread open reads, card for card, and the second
 * connection reads but never writes. */
static void opened_on_two_threads_reads_the_same(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_learner *l = open_learner(store, T0);
    const cp_confusion *tally;
    assert_int_equal(cp_learner_confusion(l, T0, &tally, NULL), CP_OK);
    bank_pair p = most_common_pair(cp_confusion_tally_map(tally));
    assert_true(p.n >= 3);
    /* Three days of drill: misses on the pair, the rest of the queue
     * answered, every fourth wrong. */
    cp_time t = T0;
    for (int day = 0; day < 3; day++, t += CP_DAY_SECONDS) {
        char chosen[8];
        cp_exam_chosen_text(p.wrong[day], chosen, sizeof chosen);
        cp_answer miss = {.card = p.cards[day],
                          .correct = false,
                          .chosen = chosen,
                          .duration_ms = 9000,
                          .mode = CP_MODE_DRILL};
        cp_answer_result r;
        assert_int_equal(cp_learner_answer(l, &miss, t, &r, NULL), CP_OK);
        cp_today today;
        assert_int_equal(cp_learner_today(l, t + 60, -1, &today, NULL), CP_OK);
        for (size_t k = 0; k < today.n && k < 25; k++) {
            cp_answer a = {.card = today.cards[k],
                           .rating = k % 4 == 3 ? CP_AGAIN : CP_GOOD,
                           .duration_ms = 12000};
            assert_int_equal(cp_learner_answer(l, &a, t + 120 + (cp_time)k * 30, &r, NULL), CP_OK);
        }
        cp_today_free(&today);
    }
    cp_learner_free(l);

    cp_time now = t + 3600;
    cp_learner_desc two = utc;
    two.threads = cp_platform_threads();
    cp_learner *one = open_learner(store, now), *both = NULL;
    assert_int_equal(cp_learner_open(store, deck, &two, now, &both, NULL, NULL), CP_OK);
    size_t n = cp_deck_count(deck), met = 0, studied = 0;
    cp_first_seen a = cp_learner_first_seen(one), b = cp_learner_first_seen(both);
    for (size_t i = 0; i < n; i++) {
        assert_true(same_memory(cp_learner_memory(one, i), cp_learner_memory(both, i)));
        assert_int_equal(a.at[i], b.at[i]);
        assert_int_equal(a.flags[i], b.flags[i]);
        met += (a.flags[i] & CP_SEEN_MET) != 0;
        studied += cp_learner_memory(one, i)->state != CP_STATE_NEW;
    }
    assert_true(met >= 50);
    assert_true(studied >= 50);
    const cp_confusion *ta, *tb;
    assert_int_equal(cp_learner_confusion(one, now, &ta, NULL), CP_OK);
    assert_int_equal(cp_learner_confusion(both, now, &tb, NULL), CP_OK);
    cp_confusion_pair pa = cp_confusion_get(ta, p.keyed, p.offered, now),
                      pb = cp_confusion_get(tb, p.keyed, p.offered, now);
    assert_int_equal(pa.misses, 3);
    assert_int_equal(pb.misses, pa.misses);
    assert_int_equal(pb.confused, pa.confused);
    cp_today qa, qb;
    assert_int_equal(cp_learner_today(one, now, -1, &qa, NULL), CP_OK);
    assert_int_equal(cp_learner_today(both, now, -1, &qb, NULL), CP_OK);
    assert_int_equal(qa.n, qb.n);
    assert_true(qa.n > 0);
    assert_memory_equal(qa.cards, qb.cards, qa.n * sizeof *qa.cards);
    assert_int_equal(qa.due, qb.due);
    assert_int_equal(qa.done_today, qb.done_today);
    assert_int_equal(cp_learner_game(one)->xp, cp_learner_game(both)->xp);
    cp_today_free(&qa);
    cp_today_free(&qb);
    cp_learner_free(one);
    cp_learner_free(both);

    /* The confusions read at open serve the first queue: not read again
     * (a miss written behind the learner's back shows it; the app is the
     * store's only writer), until an answer or an attempt changes them. */
    cp_learner *early = NULL;
    assert_int_equal(cp_learner_open(store, deck, &two, now, &early, NULL, NULL), CP_OK);
    char chosen[8];
    cp_exam_chosen_text(p.wrong[0], chosen, sizeof chosen);
    cp_review behind = cp_test_review(cp_deck_card(deck, p.cards[0])->id, now - 60, CP_AGAIN);
    behind.chosen = chosen;
    cp_test_record(store, &behind);
    cp_learner *late = open_learner(store, now);
    const cp_confusion *te, *tl;
    assert_int_equal(cp_learner_confusion(late, now, &tl, NULL), CP_OK);
    assert_int_equal(cp_confusion_get(tl, p.keyed, p.offered, now).misses, 4);
    assert_int_equal(cp_learner_confusion(early, now, &te, NULL), CP_OK);
    assert_int_equal(cp_confusion_get(te, p.keyed, p.offered, now).misses, 3);
    cp_learner_free(late);
    cp_learner_free(early);

    /* The second connection reads, and cannot write. */
    cp_store *twin;
    assert_int_equal(cp_store_open_twin(store, &twin, NULL), CP_OK);
    int64_t id = 0;
    cp_time at = 0;
    assert_int_equal(cp_store_newest_review(twin, &id, &at, NULL), CP_OK);
    assert_true(id > 0);
    assert_int_not_equal(cp_store_set_setting(twin, "daily_minutes", "45", NULL), CP_OK);
    cp_store_close(twin);
    assert_int_equal(cp_store_set_setting(store, "daily_minutes", "45", NULL), CP_OK);
    cp_store_close(store);
}

/* The game follows the learning day: left open over the day's start, a
 * catch-up moves it to the new day (today's record empty); on the same
 * day, or with a clock behind the newest answer, nothing moves. */
static void game_catches_up_with_the_day(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_learner *l = open_learner(store, T0);
    cp_today today;
    assert_int_equal(cp_learner_today(l, T0, -1, &today, NULL), CP_OK);
    assert_true(today.n > 0);
    cp_answer_result res;
    assert_int_equal(cp_learner_answer(l,
                                       &(cp_answer){.card = today.cards[0],
                                                    .rating = CP_GOOD,
                                                    .duration_ms = 30000},
                                       T0 + 60, &res, NULL),
                     CP_OK);
    cp_today_free(&today);
    int32_t day = cp_learner_game(l)->today;
    assert_int_equal(cp_learner_game(l)->today_record.reviews, 1);
    /* Same day: nothing moves. */
    assert_int_equal(cp_learner_catch_up(l, T0 + 3600, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_game(l)->today, day);
    assert_int_equal(cp_learner_game(l)->today_record.reviews, 1);
    /* The next day, no answer yet: the game is still on yesterday until
     * it catches up. */
    cp_time next = T0 + CP_DAY_SECONDS;
    assert_int_equal(cp_learner_game(l)->today, day);
    assert_int_equal(cp_learner_catch_up(l, next, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_game(l)->today, day + 1);
    assert_int_equal(cp_learner_game(l)->today_record.reviews, 0);
    assert_int_equal(cp_learner_game(l)->today_record.day, day + 1);
    /* A clock behind the newest answer does not move it back. */
    assert_int_equal(cp_learner_catch_up(l, T0 - 2 * CP_DAY_SECONDS, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_game(l)->today, day + 1);
    cp_learner_free(l);
    cp_store_close(store);
}

/* With an exam date the drill takes the study plan's new cards for the
 * day, the same number however many were already taken that day; the
 * next day brings the next day's share; without a date the setting
 * decides, and its 0 turns new cards off either way. */
static void drill_follows_the_plan(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_learner *l = open_learner(store, T0);
    cp_settings s = *cp_learner_settings(l);
    s.exam_date[0] = '\0';
    s.new_per_day = 40;
    assert_int_equal(cp_learner_set_settings(l, &s, T0, NULL, NULL), CP_OK);
    cp_today today;
    assert_int_equal(cp_learner_today(l, T0, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, 40); /* no plan: the setting */
    cp_today_free(&today);

    cp_day_format(cp_day_of(NULL, T0) + 42, s.exam_date, sizeof s.exam_date);
    s.study_minutes = 30;
    assert_int_equal(cp_learner_set_settings(l, &s, T0, NULL, NULL), CP_OK);
    const cp_game_state *g = cp_learner_game(l);
    assert_true(g->has_plan);
    int quota = g->plan_new_today;
    assert_true(quota > 0 && quota < 40);
    assert_int_equal(quota, g->plan.new_per_day_total); /* day 0 of the plan */
    assert_int_equal(quota, g->plan_today.new_today_total);
    assert_int_equal(cp_learner_queue_desc(l).new_limit, quota);
    assert_int_equal(cp_learner_today(l, T0, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, quota);
    /* Three of them answered: three fewer left, the day's number unmoved. */
    cp_time t = T0;
    for (int k = 0; k < 3; k++) {
        size_t card = today.cards[today.n - (size_t)today.fresh + (size_t)k];
        assert_int_equal(cp_learner_memory(l, card)->state, CP_STATE_NEW);
        cp_answer_result res;
        t += 60;
        assert_int_equal(cp_learner_answer(
                             l, &(cp_answer){.card = card, .rating = CP_GOOD, .duration_ms = 30000},
                             t, &res, NULL),
                         CP_OK);
    }
    cp_today_free(&today);
    assert_int_equal(cp_learner_game(l)->plan_new_today, quota);
    assert_int_equal(cp_game_plan_new_left(cp_learner_game(l)), quota - 3);
    assert_int_equal(cp_learner_today(l, t, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, quota - 3);
    cp_today_free(&today);
    /* The next day: its own share plus nothing left over (three were done,
     * the day wanted `quota`): more than the day's share when behind. */
    cp_time next = T0 + CP_DAY_SECONDS;
    assert_int_equal(cp_learner_refresh(l, next, NULL, NULL), CP_OK);
    int behind = cp_learner_game(l)->plan_new_today;
    assert_true(behind > quota);
    assert_true(behind <= 2 * quota + CP_DOMAINS);
    assert_int_equal(cp_learner_today(l, next, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, behind);
    cp_today_free(&today);
    /* The plan decides, whatever "New cards per day" says, but 0 turns
     * new cards off. */
    s.new_per_day = 2;
    assert_int_equal(cp_learner_set_settings(l, &s, next, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_game(l)->plan_new_today, behind);
    assert_int_equal(cp_learner_today(l, next, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, behind);
    cp_today_free(&today);
    s.new_per_day = 0;
    assert_int_equal(cp_learner_set_settings(l, &s, next, NULL, NULL), CP_OK);
    assert_int_equal(cp_learner_game(l)->plan_new_today, 0);
    assert_int_equal(cp_learner_today(l, next, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, 0);
    cp_today_free(&today);
    cp_learner_free(l);
    cp_store_close(store);
}

/* Answers every card of today's queue (Easy: nothing comes back for days). */
static cp_time finish_drill(cp_learner *l, cp_time t)
{
    for (int round = 0; round < 200; round++) {
        cp_today today;
        assert_int_equal(cp_learner_today(l, t, -1, &today, NULL), CP_OK);
        size_t n = today.n;
        if (n) {
            cp_answer_result res;
            t += 30;
            assert_int_equal(cp_learner_answer(l,
                                               &(cp_answer){.card = today.cards[0],
                                                            .rating = CP_EASY,
                                                            .duration_ms = 20000},
                                               t, &res, NULL),
                             CP_OK);
        }
        cp_today_free(&today);
        if (!n)
            return t;
    }
    fail_msg("the drill did not end");
    return t;
}

/* Quiz answers (Easy) on New cards: mult times each domain's daily number
 * of the plan, so the learner is ahead of it. */
static void quiz_ahead(cp_learner *l, cp_time *t, int mult)
{
    const cp_game_state *g = cp_learner_game(l);
    int extra[CP_DOMAINS];
    for (int d = 0; d < CP_DOMAINS; d++)
        extra[d] = mult * g->plan.new_per_day[d];
    cp_answer_result res;
    for (size_t c = 0; c < cp_deck_count(deck); c++) {
        int d = cp_deck_card(deck, c)->domain - 1;
        if (extra[d] == 0 || cp_learner_memory(l, c)->state != CP_STATE_NEW)
            continue;
        extra[d]--;
        *t += 30;
        assert_int_equal(cp_learner_answer(l,
                                           &(cp_answer){.card = c,
                                                        .rating = CP_EASY,
                                                        .duration_ms = 20000,
                                                        .mode = CP_MODE_QUIZ},
                                           *t, &res, NULL),
                         CP_OK);
    }
}

/* On a plan's day its number of new cards is the day's work: doing it
 * finishes the day's drill (and keeps the streak) with "New cards per day"
 * far above it; a day the plan gives none (the learner ahead), with
 * nothing due, is kept for having nothing to do. The same after a reopen
 * (the days replayed and settled), and an exam's miss on a New card does
 * not move the plan. */
static void plan_days_are_the_days_work(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_learner *l = open_learner(store, T0);
    cp_settings s = *cp_learner_settings(l);
    s.new_per_day = 40;
    s.short_term = false;
    s.mock_reserve = false;
    s.goal_minutes = 120; /* the goal only through the drill */
    cp_day_format(cp_day_of(NULL, T0) + 42, s.exam_date, sizeof s.exam_date);
    s.study_minutes = 30;
    assert_int_equal(cp_learner_set_settings(l, &s, T0, NULL, NULL), CP_OK);
    const cp_game_state *g = cp_learner_game(l);
    assert_true(g->has_plan);
    int quota = g->plan_new_today;
    assert_true(quota > 0 && quota < 40);
    assert_int_equal(g->today_record.fresh, quota);

    /* An exam's miss on a New card: the plan and its number stay. */
    size_t missed = 0;
    while (cp_learner_memory(l, missed)->state != CP_STATE_NEW ||
           cp_deck_card(deck, missed)->type == CP_CARD_FLASHCARD)
        missed++;
    cp_answer_result res;
    assert_int_equal(cp_learner_answer(l,
                                       &(cp_answer){.card = missed,
                                                    .rating = CP_AGAIN,
                                                    .duration_ms = 20000,
                                                    .mode = CP_MODE_EXAM},
                                       T0 + 10, &res, NULL),
                     CP_OK);
    g = cp_learner_game(l);
    assert_int_equal(g->plan_new_today, quota);
    assert_int_equal(g->today_record.fresh, quota);

    cp_time t = finish_drill(l, T0 + 60);
    g = cp_learner_game(l);
    assert_int_equal(g->today_record.introduced, quota);
    assert_true(g->today_record.work_done);
    assert_true(g->goal_met);
    assert_true(g->streak.today_kept);
    assert_int_equal(g->streak.current, 1);
    assert_int_equal(cp_game_plan_new_left(g), 0);

    /* Then quiz rounds meet three times each domain's daily number more:
     * the learner is days ahead of the plan in every domain. */
    quiz_ahead(l, &t, 3);

    /* Reopened: the same day from the log. */
    cp_learner_free(l);
    l = open_learner(store, t + 60);
    g = cp_learner_game(l);
    assert_int_equal(g->plan_new_today, quota);
    assert_int_equal(g->today_record.fresh, quota);
    assert_true(g->today_record.work_done);
    assert_int_equal(g->streak.current, 1);

    /* Ahead, the next days bring no new cards. The exam's miss is due on
     * the first: answering it is the day's work. */
    cp_time next = T0 + CP_DAY_SECONDS;
    assert_int_equal(cp_learner_catch_up(l, next, NULL, NULL), CP_OK);
    g = cp_learner_game(l);
    assert_int_equal(g->plan_new_today, 0);
    assert_int_equal(g->today_record.fresh, 0);
    assert_int_equal(g->today_record.due, 1);
    assert_false(g->streak.today_kept);
    finish_drill(l, next + 60);
    g = cp_learner_game(l);
    assert_true(g->streak.today_kept);
    assert_int_equal(g->streak.current, 2);
    /* The day after: nothing due, nothing new, so nothing to do: kept
     * without an answer; the days before settled as kept. */
    cp_time third = next + CP_DAY_SECONDS;
    assert_int_equal(cp_learner_catch_up(l, third, NULL, NULL), CP_OK);
    g = cp_learner_game(l);
    assert_int_equal(g->today_record.fresh, 0);
    assert_int_equal(g->today_record.due, 0);
    assert_true(g->streak.today_kept);
    assert_int_equal(g->streak.current, 3);
    cp_learner_free(l);
    l = open_learner(store, third + 3600);
    assert_int_equal(cp_learner_game(l)->streak.current, 3);
    cp_learner_free(l);
    cp_store_close(store);
}

/* The plan ends on the exam day, but the days it gave no new cards (with
 * nothing due) stay kept: they are replayed with the plan they had, not
 * with "New cards per day". Cards answered right in a diagnostic before
 * the plan (still New) are the plan's. */
static void plan_days_stay_kept_after_the_exam(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_learner *l = open_learner(store, T0);
    cp_settings s = *cp_learner_settings(l);
    s.new_per_day = 40;
    s.short_term = false;
    s.mock_reserve = false;
    s.goal_minutes = 120;
    assert_int_equal(cp_learner_set_settings(l, &s, T0, NULL, NULL), CP_OK);
    /* A diagnostic's right answers the day before: the cards stay New. */
    for (size_t c = 0, marked = 0; c < cp_deck_count(deck) && marked < 10; c++)
        if (cp_deck_card(deck, c)->type != CP_CARD_FLASHCARD) {
            cp_exposure e = {.card_id = cp_deck_card(deck, c)->id,
                             .first_at = T0 - CP_DAY_SECONDS,
                             .mode = "diagnostic",
                             .correct = true};
            assert_int_equal(cp_store_note_exposure(store, &e, NULL), CP_OK);
            cp_learner_note_first(l, c, T0 - CP_DAY_SECONDS, true);
            marked++;
        }
    cp_day_format(cp_day_of(NULL, T0) + 3, s.exam_date, sizeof s.exam_date);
    assert_int_equal(cp_learner_set_settings(l, &s, T0 + 60, NULL, NULL), CP_OK);
    const cp_game_state *g = cp_learner_game(l);
    assert_true(g->has_plan);
    int plan_cards = 0;
    for (int d = 0; d < CP_DOMAINS; d++)
        plan_cards += g->plan.unseen[d];
    assert_int_equal(plan_cards, (int)cp_deck_count(deck));
    /* One of them studied in the drill: after a reopen (a fresh count) the
     * plan's cards are the same. */
    size_t studied = 0;
    while (cp_deck_card(deck, studied)->type == CP_CARD_FLASHCARD)
        studied++;
    cp_answer_result first;
    assert_int_equal(
        cp_learner_answer(l, &(cp_answer){.card = studied, .rating = CP_EASY, .duration_ms = 20000},
                          T0 + 90, &first, NULL),
        CP_OK);
    cp_learner_free(l);
    l = open_learner(store, T0 + 100);
    g = cp_learner_game(l);
    plan_cards = 0;
    for (int d = 0; d < CP_DOMAINS; d++)
        plan_cards += g->plan.unseen[d];
    assert_int_equal(plan_cards, (int)cp_deck_count(deck));
    cp_time t = finish_drill(l, T0 + 120);
    quiz_ahead(l, &t, 3);
    /* Days 1 and 2: ahead of the plan, nothing due: kept without a word. */
    cp_time day2 = T0 + 2 * CP_DAY_SECONDS;
    assert_int_equal(cp_learner_catch_up(l, day2, NULL, NULL), CP_OK);
    g = cp_learner_game(l);
    assert_int_equal(g->plan_new_today, 0);
    assert_true(g->streak.today_kept);
    assert_int_equal(g->streak.current, 3);
    /* The exam day: no plan any more, the days before still kept, and so
     * once settled by an answer, and after a reopen. */
    cp_time exam = T0 + 3 * CP_DAY_SECONDS;
    assert_int_equal(cp_learner_catch_up(l, exam, NULL, NULL), CP_OK);
    g = cp_learner_game(l);
    assert_false(g->has_plan);
    assert_int_equal(g->plan_new_today, -1);
    assert_int_equal(g->streak.current, 3);
    cp_today today;
    assert_int_equal(cp_learner_today(l, exam + 60, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, 40); /* the setting again */
    cp_answer_result res;
    assert_int_equal(cp_learner_answer(l,
                                       &(cp_answer){.card = today.cards[0],
                                                    .rating = CP_GOOD,
                                                    .duration_ms = 1000},
                                       exam + 60, &res, NULL),
                     CP_OK);
    cp_today_free(&today);
    assert_int_equal(cp_learner_game(l)->streak.current, 3);
    cp_learner_free(l);
    l = open_learner(store, exam + 3600);
    assert_int_equal(cp_learner_game(l)->streak.current, 3);
    cp_learner_free(l);
    cp_store_close(store);
}

/* A backlog of reviews comes first: a day whose due reviews fill the
 * study budget gets none of the plan's new cards (the drill offers none,
 * and the day's work is its reviews); the next day makes up for it. */
static void plan_gives_way_to_a_backlog(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_learner *l = open_learner(store, T0);
    cp_settings s = *cp_learner_settings(l);
    s.new_per_day = 40;
    s.reviews_per_day = 500;
    s.short_term = false;
    s.mock_reserve = false;
    s.study_minutes = 30;
    cp_day_format(cp_day_of(NULL, T0) + 42, s.exam_date, sizeof s.exam_date);
    assert_int_equal(cp_learner_set_settings(l, &s, T0, NULL, NULL), CP_OK);
    int daily = cp_learner_game(l)->plan_new_today;
    assert_true(daily > 0);
    /* A mock's misses on 100 New cards: due tomorrow, 100 x 20 s is more
     * than 30 minutes. They are not the plan's new cards. */
    cp_time t = T0;
    cp_answer_result res;
    for (size_t c = 0, n = 0; c < cp_deck_count(deck) && n < 100; c++)
        if (cp_deck_card(deck, c)->type != CP_CARD_FLASHCARD) {
            t += 20;
            assert_int_equal(cp_learner_answer(l,
                                               &(cp_answer){.card = c,
                                                            .rating = CP_AGAIN,
                                                            .duration_ms = 20000,
                                                            .mode = CP_MODE_EXAM},
                                               t, &res, NULL),
                             CP_OK);
            n++;
        }
    assert_int_equal(cp_learner_game(l)->plan_new_today, daily);
    cp_time next = T0 + CP_DAY_SECONDS;
    assert_int_equal(cp_learner_catch_up(l, next, NULL, NULL), CP_OK);
    const cp_game_state *g = cp_learner_game(l);
    assert_true(g->today_record.due >= 100);
    assert_int_equal(g->plan_new_today, 0);
    assert_true(g->plan_reviews_first);
    assert_int_equal(cp_game_plan_new_left(g), 0);
    cp_today today;
    assert_int_equal(cp_learner_today(l, next, -1, &today, NULL), CP_OK);
    assert_int_equal(today.fresh, 0);
    cp_today_free(&today);
    /* The reviews done, the day's drill is finished. */
    finish_drill(l, next + 60);
    g = cp_learner_game(l);
    assert_true(g->today_record.work_done);
    assert_int_equal(g->plan_new_today, 0);
    /* The day after: the reviews gone for days, the plan catches up. */
    cp_time third = next + CP_DAY_SECONDS;
    assert_int_equal(cp_learner_catch_up(l, third, NULL, NULL), CP_OK);
    g = cp_learner_game(l);
    assert_int_equal(g->today_record.due, 0);
    assert_true(g->plan_new_today > daily);
    assert_false(g->plan_reviews_first);
    cp_learner_free(l);
    cp_store_close(store);
}

CP_TEST_MAIN(
    NULL, NULL,
    {
        cmocka_unit_test_setup_teardown(reserve_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(confusions_follow_the_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(opened_on_two_threads_reads_the_same, setup, teardown),
        cmocka_unit_test_setup_teardown(game_catches_up_with_the_day, setup, teardown),
        cmocka_unit_test_setup_teardown(drill_follows_the_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(plan_days_are_the_days_work, setup, teardown),
        cmocka_unit_test_setup_teardown(plan_days_stay_kept_after_the_exam, setup, teardown),
        cmocka_unit_test_setup_teardown(plan_gives_way_to_a_backlog, setup, teardown),
    })
