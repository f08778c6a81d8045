/* The question widget's rules, without drawing: the shuffle of the options
 * (a permutation, the same for a seed, every option in every place), picks
 * in display order against masks in deck order, picking with keys or
 * clicks (one option for a single answer, toggles for multiple response),
 * the chosen text the store keeps, and the grade, which must be the core's
 * (cp_exam_grade) for every possible pick. */
#include "cp_test.h"

#include <stdio.h>
#include <string.h>

#include "question.h"

/* Two cards from cp_test_card: a single answer (A B C D, B right) and a
 * multiple response (A B C D E, A and B right). */
static const cp_test_card_spec specs[2] = {
    {"one", "1.1", "single", "easy"},
    {"two", "2.2", "multi", "medium"},
};

static int setup(void **state)
{
    *state = cp_test_deck_of(specs, 2);
    return 0;
}

static int teardown(void **state)
{
    cp_deck_free(*state);
    return 0;
}

/* A view of card i shown in the given order. */
static cp_question_view view_of(void **state, size_t i, const uint8_t *order)
{
    cp_question_view v = {.card = cp_deck_card(*state, i), .cursor = -1};
    memcpy(v.order, order, v.card->n_choices);
    return v;
}

static void shuffle_is_a_seeded_permutation(void **state)
{
    (void)state;
    for (size_t n = 0; n <= CP_MAX_CHOICES; n++) {
        for (uint64_t seed = 0; seed < 50; seed++) {
            uint8_t a[CP_MAX_CHOICES], b[CP_MAX_CHOICES];
            memset(a, 0xee, sizeof a);
            cp_question_shuffle(a, n, seed);
            cp_question_shuffle(b, n, seed);
            assert_memory_equal(a, b, n); /* the same seed, the same order */
            unsigned seen = 0;
            for (size_t k = 0; k < n; k++) {
                assert_true(a[k] < n);
                seen |= 1u << a[k];
            }
            assert_int_equal(seen, (1u << n) - 1); /* each option once */
            for (size_t k = n; k < CP_MAX_CHOICES; k++)
                assert_int_equal(a[k], 0xee); /* nothing past n written */
        }
    }
    /* Over 4,000 seeds each of four options stands in each place about a
     * quarter of the time, and the seeds give all 24 orders. */
    int place[4][4] = {{0}};
    bool order_seen[4 * 4 * 4 * 4] = {false};
    int orders = 0;
    for (uint64_t seed = 1; seed <= 4000; seed++) {
        uint8_t o[CP_MAX_CHOICES];
        cp_question_shuffle(o, 4, seed);
        for (int k = 0; k < 4; k++)
            place[k][o[k]]++;
        int code = o[0] * 64 + o[1] * 16 + o[2] * 4 + o[3];
        orders += !order_seen[code];
        order_seen[code] = true;
    }
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 4; i++)
            assert_in_range(place[k][i], 850, 1150);
    assert_int_equal(orders, 24);
}

static void picks_and_deck_masks(void **state)
{
    /* Shown as C A D B: display k is deck order[k]. */
    static const uint8_t order[4] = {2, 0, 3, 1};
    cp_question_view v = view_of(state, 0, order);
    v.picked = 1u << 0; /* C */
    assert_int_equal(cp_question_deck_mask(&v), 1u << 2);
    v.picked = 1u << 3 | 1u << 1; /* B and A */
    assert_int_equal(cp_question_deck_mask(&v), 1u << 1 | 1u << 0);
    v.picked = 0;
    assert_int_equal(cp_question_deck_mask(&v), 0);
    /* Every deck mask there and back, and picks outside the card ignored. */
    for (uint32_t mask = 0; mask < 16; mask++) {
        cp_question_set_deck_mask(&v, mask | 1u << 6);
        assert_true(v.picked < 16);
        assert_int_equal(cp_question_deck_mask(&v), mask);
    }
    cp_question_set_deck_mask(&v, 1u << 1); /* deck B: shown last */
    assert_int_equal(v.picked, 1u << 3);
    v.picked |= 1u << 5; /* beyond the options */
    assert_int_equal(cp_question_deck_mask(&v), 1u << 1);
}

static void picking_single_and_multi(void **state)
{
    static const uint8_t order4[4] = {3, 2, 1, 0}, order5[5] = {4, 3, 2, 1, 0};
    cp_question_view one = view_of(state, 0, order4);
    /* A single answer: a pick replaces the last one, the same pick stays. */
    cp_question_pick(&one, 2);
    assert_int_equal(one.picked, 1u << 2);
    assert_int_equal(one.cursor, 2);
    cp_question_pick(&one, 0);
    assert_int_equal(one.picked, 1u << 0);
    cp_question_pick(&one, 0);
    assert_int_equal(one.picked, 1u << 0);
    assert_int_equal(one.cursor, 0);
    /* Keys past the options (E on four, or none) change nothing. */
    cp_question_pick(&one, 4);
    cp_question_pick(&one, -1);
    cp_question_pick(&one, CP_MAX_CHOICES);
    assert_int_equal(one.picked, 1u << 0);
    assert_int_equal(one.cursor, 0);
    /* Multiple response: each pick toggles its option. */
    cp_question_view two = view_of(state, 1, order5);
    cp_question_pick(&two, 0);
    cp_question_pick(&two, 4);
    cp_question_pick(&two, 2);
    assert_int_equal(two.picked, 1u << 0 | 1u << 2 | 1u << 4);
    assert_int_equal(two.cursor, 2);
    cp_question_pick(&two, 2);
    assert_int_equal(two.picked, 1u << 0 | 1u << 4);
    cp_question_pick(&two, 5); /* five options: no sixth */
    assert_int_equal(two.picked, 1u << 0 | 1u << 4);
    cp_question_pick(&two, 0);
    cp_question_pick(&two, 4);
    assert_int_equal(two.picked, 0);
}

static void chosen_text_in_deck_order(void **state)
{
    static const uint8_t order[5] = {3, 0, 4, 2, 1};
    cp_question_view v = view_of(state, 1, order);
    char text[32];
    cp_question_chosen_text(&v, text, sizeof text);
    assert_string_equal(text, "");
    /* Shown third and first: deck options 4 and 3, written in deck order. */
    cp_question_pick(&v, 2);
    cp_question_pick(&v, 0);
    cp_question_chosen_text(&v, text, sizeof text);
    assert_string_equal(text, "3,4");
    uint32_t parsed = 0;
    assert_true(cp_exam_chosen_parse(text, &parsed));
    assert_int_equal(parsed, cp_question_deck_mask(&v));
    /* Every pick: the text is the core's for the deck mask, and parses back. */
    for (uint32_t picked = 0; picked < 32; picked++) {
        v.picked = picked;
        char want[32];
        cp_exam_chosen_text(cp_question_deck_mask(&v), want, sizeof want);
        cp_question_chosen_text(&v, text, sizeof text);
        assert_string_equal(text, want);
        assert_true(cp_exam_chosen_parse(text, &parsed));
        assert_int_equal(parsed, cp_question_deck_mask(&v));
    }
}

static void grading_is_the_cores(void **state)
{
    /* The single answer shown as D C B A: B, the right one, is shown third. */
    static const uint8_t reversed[4] = {3, 2, 1, 0};
    cp_question_view one = view_of(state, 0, reversed);
    assert_false(cp_question_is_right(&one)); /* nothing picked */
    cp_question_pick(&one, 2);
    assert_true(cp_question_is_right(&one));
    cp_question_pick(&one, 1);
    assert_false(cp_question_is_right(&one));
    /* Multiple response shown as E D C B A: A and B (shown last two) both,
     * and only them, are right. */
    static const uint8_t reversed5[5] = {4, 3, 2, 1, 0};
    cp_question_view two = view_of(state, 1, reversed5);
    cp_question_pick(&two, 4);
    assert_false(cp_question_is_right(&two)); /* one of two */
    cp_question_pick(&two, 3);
    assert_true(cp_question_is_right(&two));
    cp_question_pick(&two, 0);
    assert_false(cp_question_is_right(&two)); /* and one more */
    /* Every pick under several shuffles: right exactly when the deck mask
     * is the card's correct set, which is what cp_exam_grade says. */
    for (size_t i = 0; i < 2; i++) {
        const cp_card *card = cp_deck_card(*state, i);
        for (uint64_t seed = 0; seed < 8; seed++) {
            cp_question_view v = {.card = card};
            cp_question_shuffle(v.order, card->n_choices, seed);
            int right = 0;
            for (uint32_t picked = 0; picked < 1u << card->n_choices; picked++) {
                v.picked = picked;
                uint32_t mask = cp_question_deck_mask(&v);
                assert_int_equal(cp_question_is_right(&v), cp_exam_grade(card, mask));
                assert_int_equal(cp_question_is_right(&v), mask == cp_exam_correct_mask(card));
                right += cp_question_is_right(&v);
            }
            assert_int_equal(right, 1);
        }
    }
}

CP_TEST_MAIN(setup, teardown,
             {
                 cmocka_unit_test(shuffle_is_a_seeded_permutation),
                 cmocka_unit_test(picks_and_deck_masks),
                 cmocka_unit_test(picking_single_and_multi),
                 cmocka_unit_test(chosen_text_in_deck_order),
                 cmocka_unit_test(grading_is_the_cores),
             })
