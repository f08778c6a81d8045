/* A drill answer through the store and back: a question graded by the
 * queue, its new memory from FSRS (fuzz on, seeded by the card), recorded
 * in a temporary progress database and undone, must leave the card's
 * memory exactly as before; answering again after the undo gives the same
 * interval as the first time. */
#include "cp_test.h"

#include "cloudprep/queue.h"
#include "cloudprep/store.h"

static const cp_time T0 = 1767614400; /* 2026-01-05 12:00 UTC */

/* Answers card_id with rating at `at` and records it; returns the after. */
static cp_memory answer(cp_store *store, const cp_fsrs_params *p, const char *card_id,
                        const cp_memory *before, cp_time at, cp_rating rating)
{
    cp_memory after = cp_fsrs_next(p, before, at, rating, cp_fsrs_fuzz_seed(card_id, before->reps));
    cp_review r = {.card_id = card_id, .at = at, .rating = rating,
                   .elapsed_days = before->last_review ? (double)(at - before->last_review) / 86400.0 : 0,
                   .duration_ms = 12000, .chosen = "1", .mode = "drill",
                   .before = *before, .after = after};
    cp_test_record(store, &r);
    return after;
}

static void undo_restores_memory(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_error err = {0};
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    p.enable_short_term = true;

    /* First answer of a new card, undone: the card is New again. */
    cp_memory fresh = {0};
    cp_rating first = cp_queue_grade(NULL, true, 12000);
    assert_int_equal(first, CP_EASY);
    cp_memory a1 = answer(store, &p, "d1-card", &fresh, T0, first);
    bool found = false;
    char id[64];
    assert_int_equal(cp_store_undo_last(store, &found, id, sizeof id, &err), CP_OK);
    assert_true(found);
    assert_string_equal(id, "d1-card");
    cp_memory got;
    assert_int_equal(cp_store_get_memory(store, "d1-card", &got, &found, &err), CP_OK);
    assert_false(found);
    assert_same_memory(&got, &fresh);

    /* Re-answered, then a review a week later with fuzz, undone. */
    cp_memory again = answer(store, &p, "d1-card", &fresh, T0, first);
    assert_same_memory(&again, &a1);
    cp_time later = T0 + (cp_time)a1.scheduled_days * 86400 + 3600;
    cp_rating slow = cp_queue_grade(NULL, true, 90000);
    assert_int_equal(slow, CP_HARD);
    cp_memory a2 = answer(store, &p, "d1-card", &a1, later, slow);
    assert_int_equal(cp_store_get_memory(store, "d1-card", &got, &found, &err), CP_OK);
    assert_true(found);
    assert_same_memory(&got, &a2);
    assert_int_equal(cp_store_undo_last(store, &found, NULL, 0, &err), CP_OK);
    assert_true(found);
    assert_int_equal(cp_store_get_memory(store, "d1-card", &got, &found, &err), CP_OK);
    assert_true(found);
    assert_same_memory(&got, &a1);
    /* The same answer again: the same interval (seeded fuzz). */
    cp_memory a2b = answer(store, &p, "d1-card", &got, later, slow);
    assert_same_memory(&a2b, &a2);
    int64_t count = 0;
    assert_int_equal(cp_store_review_count(store, &count, &err), CP_OK);
    assert_int_equal(count, 2);
    cp_store_close(store);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cp_test_in_dir(undo_restores_memory),
             })
