/* Quiz rounds: length, domain filter, exam-weight stratification, no
 * duplicates or flashcards, and a preference for weak cards. */
#include "cp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/quiz.h"

/* 30 single questions and 5 flashcards per domain. */
static cp_deck *make_deck(void)
{
    static const char *tasks[] = {"1.1", "2.1", "3.1", "4.1"};
    cp_test_text text = {0};
    for (int d = 1; d <= 4; d++)
        for (int i = 0; i < 35; i++) {
            if (i >= 30)
                cp_test_card(&text, tasks[d - 1], "flashcard", "easy", "f%d-%d", d, i);
            else
                cp_test_card(&text, tasks[d - 1], "single", "medium", "q%d-%d", d, i);
        }
    return cp_test_deck_take(&text, 140);
}

static void test_all_domains_by_weight_without_duplicates(void **state)
{
    (void)state;
    cp_deck *deck = make_deck();
    cp_rng rng = cp_test_rng(7);
    size_t out[CP_QUIZ_MAX], n;
    assert_int_equal(cp_quiz_build(deck, NULL, NULL, 0, &(cp_quiz_desc){.length = 20}, &rng, out, &n, NULL), CP_OK);
    assert_int_equal(n, 20);
    int per[5] = {0};
    for (size_t i = 0; i < n; i++) {
        const cp_card *c = cp_deck_card(deck, out[i]);
        assert_int_not_equal(c->type, CP_CARD_FLASHCARD);
        per[c->domain]++;
        for (size_t j = 0; j < i; j++)
            assert_true(out[i] != out[j]);
    }
    /* 20 by 24/30/34/12 with largest remainder: 5/6/7/2. */
    assert_int_equal(per[1], 5);
    assert_int_equal(per[2], 6);
    assert_int_equal(per[3], 7);
    assert_int_equal(per[4], 2);
    /* Shuffled: not all of domain 1 first. */
    bool mixed = false;
    for (size_t i = 0; i < 5; i++)
        mixed |= cp_deck_card(deck, out[i])->domain != 1;
    assert_true(mixed);
    cp_deck_free(deck);
}

static void test_one_domain_and_short_bank(void **state)
{
    (void)state;
    cp_deck *deck = make_deck();
    cp_rng rng = cp_test_rng(9);
    size_t out[CP_QUIZ_MAX], n;
    assert_int_equal(cp_quiz_build(deck, NULL, NULL, 0, &(cp_quiz_desc){.length = 10, .domain = 4}, &rng, out, &n, NULL), CP_OK);
    assert_int_equal(n, 10);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cp_deck_card(deck, out[i])->domain, 4);
    /* Asking for more than a domain has gives what it has. */
    assert_int_equal(cp_quiz_build(deck, NULL, NULL, 0, &(cp_quiz_desc){.length = 50, .domain = 2}, &rng, out, &n, NULL), CP_OK);
    assert_int_equal(n, 30);
    assert_int_equal(cp_quiz_build(deck, NULL, NULL, 0, &(cp_quiz_desc){.length = 51}, &rng, out, &n, NULL), CP_ERR_INVALID);
    assert_int_equal(cp_quiz_build(deck, NULL, NULL, 0, &(cp_quiz_desc){.domain = 5}, &rng, out, &n, NULL), CP_ERR_INVALID);
    cp_deck *empty = cp_deck_new();
    assert_int_equal(cp_quiz_build(empty, NULL, NULL, 0, &(cp_quiz_desc){0}, &rng, out, &n, NULL), CP_OK);
    assert_int_equal(n, 0);
    cp_deck_free(empty);
    cp_deck_free(deck);
}

/* Cards held back for fresh mocks never come up in a round. */
static void test_held_cards_left_out(void **state)
{
    (void)state;
    cp_deck *deck = make_deck();
    size_t n_deck = cp_deck_count(deck);
    uint8_t *held = calloc(n_deck, 1);
    for (size_t i = 0; i < n_deck; i++)
        held[i] = cp_deck_card(deck, i)->domain != 4 || i % 2;
    cp_rng rng = cp_test_rng(3);
    size_t out[CP_QUIZ_MAX], n;
    for (int round = 0; round < 20; round++) {
        assert_int_equal(cp_quiz_build(deck, NULL, NULL, 0,
                                       &(cp_quiz_desc){.length = 10, .held = held}, &rng, out,
                                       &n, NULL), CP_OK);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++)
            assert_false(held[out[i]]);
    }
    free(held);
    cp_deck_free(deck);
}

static void test_weak_cards_come_up_more_often(void **state)
{
    (void)state;
    cp_deck *deck = make_deck();
    cp_memory *mem = calloc(cp_deck_count(deck), sizeof *mem);
    cp_time now = 1800000000;
    /* Domain 1: the first 15 questions well known (R near 1), the other 15
     * badly forgotten (R low). */
    for (size_t i = 0; i < 30; i++) {
        mem[i] = (cp_memory){.state = CP_STATE_REVIEW, .reps = 3, .difficulty = 5,
                             .last_review = now - 86400 * (i < 15 ? 1 : 200),
                             .stability = i < 15 ? 300.0 : 2.0, .due = now};
    }
    cp_rng rng = cp_test_rng(11);
    int strong = 0, weak = 0;
    for (int round = 0; round < 400; round++) {
        size_t out[CP_QUIZ_MAX], n;
        assert_int_equal(cp_quiz_build(deck, mem, NULL, now, &(cp_quiz_desc){.length = 5, .domain = 1}, &rng, out, &n, NULL), CP_OK);
        for (size_t i = 0; i < n; i++)
            if (out[i] < 15) strong++; else weak++;
    }
    /* Weights about 0.25 vs 1.1: the weak half must dominate clearly. */
    assert_true(weak > 2 * strong);
    assert_true(strong > 0);
    free(mem);
    cp_deck_free(deck);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(test_all_domains_by_weight_without_duplicates),
                 cmocka_unit_test(test_one_domain_and_short_bank),
                 cmocka_unit_test(test_weak_cards_come_up_more_often),
                 cmocka_unit_test(test_held_cards_left_out),
             })
