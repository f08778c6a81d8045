/* The learner's mock reserve over a real store and the bundled decks: its
 * size, kept across a reopen, never in the drill or a quiz round; a mock
 * draws on it, stores its fresh count and releases what it used; the
 * setting empties and refills it; the meter says how many fresh mocks are
 * left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/attempt.h"
#include "cloudprep/learner.h"
#include "cloudprep/platform.h"

static const cp_time T0 = 1767614400; /* 2026-01-05 12:00 UTC */
static const cp_learner_desc utc = {.fixed_offset = true};

static char dir[256];
static cp_deck *deck;

static int setup(void **state)
{
    (void)state;
    if (!cp_platform_temp_dir("learner-test", dir, sizeof dir))
        return -1;
    const char *fixtures = getenv("CP_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/../../decks", fixtures ? fixtures : "tests/fixtures");
    const char *paths[] = {path};
    return cp_deck_load(paths, 1, &deck, NULL) == CP_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cp_deck_free(deck);
    return cp_platform_remove_tree(dir) ? 0 : -1;
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

static void reserve_lifecycle(void **state)
{
    (void)state;
    cp_store *store = NULL;
    assert_int_equal(cp_store_open(dir, NULL, &store, NULL), CP_OK);
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
    cp_rng rng;
    cp_rng_seed(&rng, 9);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reserve_lifecycle, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
