/* The history as arrays: the review log, the deck's memories and the exam
 * attempts read from a real store; rows of cards the deck no longer has
 * (card -1), ratings and durations a hand edit broke, modes and kinds by
 * name; the log after a row id with the caller's memories; no deck at all;
 * a store that cannot be read leaves nothing behind; and what a finished
 * full mock is. */
#include "cp_test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "cloudprep/history.h"

static const cp_test_card_spec cards[3] = {
    {"h-a", "1.1", "single", "easy"},
    {"h-b", "2.1", "flashcard", "medium"},
    {"h-c", "3.1", "multi", "hard"},
};

/* The log the store gets: card, rating, mode, duration (ms). */
typedef struct row {
    const char *card;
    int rating;
    const char *mode;
    int32_t duration_ms;
} row;

static const row rows[6] = {
    {"h-a", CP_GOOD, "drill", 4000},
    {"gone", CP_AGAIN, "quiz", 3000}, /* a card since removed from the deck */
    {"h-b", 9, "exam", -5},           /* edited by hand: no such rating, < 0 ms */
    {"h-c", CP_HARD, "diagnostic", 12000},
    {"h-a", CP_EASY, "mock", 8000}, /* not a mode of the log */
    {"h-b", CP_GOOD, NULL, 1000},   /* the store writes no mode as "drill" */
};

/* Row k at 1000 + 100 k, before and after distinct memories. */
static void write_log(cp_store *store)
{
    for (int k = 0; k < 6; k++) {
        cp_review r = cp_test_review(rows[k].card, 1000 + 100 * k, rows[k].rating);
        r.mode = rows[k].mode;
        r.duration_ms = rows[k].duration_ms;
        r.before = cp_test_memory(2 * k);
        r.after = cp_test_memory(2 * k + 1);
        cp_test_record(store, &r);
    }
}

/* Four attempts, one of each kind and a status each. */
static void write_attempts(cp_store *store)
{
    static const char *kinds[4] = {"mock", "diagnostic", "quiz", "practice"};
    static const int status[4] = {CP_ATTEMPT_SUBMITTED, CP_ATTEMPT_ABANDONED,
                                  CP_ATTEMPT_IN_PROGRESS, CP_ATTEMPT_TIMED_OUT};
    for (int k = 0; k < 4; k++) {
        cp_attempt a = {.kind = kinds[k],
                        .started_at = 5000 + 10 * k,
                        .status = CP_ATTEMPT_IN_PROGRESS,
                        .time_limit_s = k ? 900 : 5400};
        int64_t id = 0;
        assert_int_equal(cp_store_attempt_begin(store, &a, NULL, 0, &id, NULL), CP_OK);
        if (status[k] == CP_ATTEMPT_IN_PROGRESS)
            continue;
        a.status = status[k];
        a.finished_at = a.started_at + 60 * (k + 1);
        a.time_used_s = 60 * (k + 1);
        a.raw_score = 40 + k;
        a.scaled_score = 800 - k;
        assert_int_equal(cp_store_attempt_finish(store, id, &a, NULL), CP_OK);
    }
}

/* Each test: a new store in its own directory, and the three cards. */
static cp_test_fixture three = {cards, 3, NULL, NULL};

static void empty_store(void **state)
{
    cp_test_fixture *f = *state;
    cp_store *store = f->store;
    cp_deck *deck = f->deck;
    cp_history h;
    assert_int_equal(cp_history_load(store, deck, &h, NULL), CP_OK);
    assert_ptr_equal(h.deck, deck);
    assert_int_equal(h.n_cards, 3);
    assert_int_equal(h.n_log, 0);
    assert_int_equal(h.n_attempts, 0);
    assert_int_equal(h.log_after_id, 0);
    cp_memory fresh = {0};
    for (size_t c = 0; c < h.n_cards; c++)
        assert_same_memory(&h.memory[c], &fresh); /* every card New */
    cp_history_release(&h);
}

static void log_memories_and_attempts(void **state)
{
    cp_test_fixture *f = *state;
    cp_store *store = f->store;
    write_log(store);
    write_attempts(store);
    cp_history h;
    cp_deck *deck = f->deck;
    assert_int_equal(cp_history_load(store, deck, &h, NULL), CP_OK);
    assert_int_equal(h.n_cards, 3);

    /* The log: every row in row-id order, cards by deck index. */
    static const int32_t card[6] = {0, -1, 1, 2, 0, 1};
    static const uint8_t rating[6] = {CP_GOOD, CP_AGAIN, CP_AGAIN, CP_HARD, CP_EASY, CP_GOOD};
    static const uint8_t mode[6] = {CP_MODE_DRILL,      CP_MODE_QUIZ,  CP_MODE_EXAM,
                                    CP_MODE_DIAGNOSTIC, CP_MODE_OTHER, CP_MODE_DRILL};
    static const int32_t duration[6] = {4000, 3000, 0, 12000, 8000, 1000};
    assert_int_equal(h.n_log, 6);
    for (int k = 0; k < 6; k++) {
        const cp_log_entry *e = &h.log[k];
        if (k > 0)
            assert_true(e->id > h.log[k - 1].id);
        assert_int_equal(e->at, 1000 + 100 * k);
        assert_int_equal(e->card, card[k]);
        assert_int_equal(e->rating, rating[k]);
        assert_int_equal(e->mode, mode[k]);
        assert_int_equal(e->duration_ms, duration[k]);
        cp_memory before = cp_test_memory(2 * k), after = cp_test_memory(2 * k + 1);
        assert_same_memory(&e->before, &before);
        assert_same_memory(&e->after, &after);
    }

    /* Memories: each deck card's newest `after`; the removed card's is
     * not kept anywhere. */
    cp_memory want[3] = {cp_test_memory(9), cp_test_memory(11), cp_test_memory(7)};
    for (size_t c = 0; c < 3; c++)
        assert_same_memory(&h.memory[c], &want[c]);

    /* Attempts: oldest first, kinds by name, every field as stored. */
    static const uint8_t kind[4] = {CP_HISTORY_MOCK, CP_HISTORY_DIAGNOSTIC, CP_HISTORY_QUIZ,
                                    CP_HISTORY_OTHER};
    static const uint8_t status[4] = {CP_ATTEMPT_SUBMITTED, CP_ATTEMPT_ABANDONED,
                                      CP_ATTEMPT_IN_PROGRESS, CP_ATTEMPT_TIMED_OUT};
    assert_int_equal(h.n_attempts, 4);
    for (int k = 0; k < 4; k++) {
        const cp_history_attempt *a = &h.attempts[k];
        bool open = status[k] == CP_ATTEMPT_IN_PROGRESS;
        assert_true(a->id > 0);
        assert_int_equal(a->kind, kind[k]);
        assert_int_equal(a->status, status[k]);
        assert_int_equal(a->started_at, 5000 + 10 * k);
        assert_int_equal(a->finished_at, open ? 0 : a->started_at + 60 * (k + 1));
        assert_int_equal(a->time_limit_s, k ? 900 : 5400);
        assert_int_equal(a->time_used_s, open ? 0 : 60 * (k + 1));
        assert_int_equal(a->raw_score, open ? 0 : 40 + k);
        assert_int_equal(a->scaled_score, open ? 0 : 800 - k);
    }
    assert_true(cp_history_full_mock(&h.attempts[0]));
    for (int k = 1; k < 4; k++)
        assert_false(cp_history_full_mock(&h.attempts[k]));

    /* Released: empty, and releasing again (or NULL) is harmless. */
    cp_history_release(&h);
    assert_null(h.log);
    assert_null(h.memory);
    assert_null(h.attempts);
    assert_int_equal(h.n_log, 0);
    cp_history_release(&h);
    cp_history_release(NULL);

    /* No deck: the whole log, every card unknown, no memories. */
    assert_int_equal(cp_history_load(store, NULL, &h, NULL), CP_OK);
    assert_null(h.deck);
    assert_int_equal(h.n_cards, 0);
    assert_int_equal(h.n_log, 6);
    for (size_t k = 0; k < h.n_log; k++)
        assert_int_equal(h.log[k].card, -1);
    assert_int_equal(h.n_attempts, 4);
    cp_history_release(&h);
}

static void log_after_a_row(void **state)
{
    cp_test_fixture *f = *state;
    cp_store *store = f->store;
    cp_deck *deck = f->deck;
    write_log(store);
    cp_history whole;
    assert_int_equal(cp_history_load(store, deck, &whole, NULL), CP_OK);
    int64_t third = whole.log[2].id;

    /* Only the rows above the third, and the caller's memories (borrowed:
     * not what the store holds, and not freed with the history). */
    cp_memory mine[3] = {cp_test_memory(100), cp_test_memory(101), {0}};
    cp_history h;
    assert_int_equal(cp_history_load_after(store, deck, mine, third, &h, NULL), CP_OK);
    assert_int_equal(h.log_after_id, third);
    assert_int_equal(h.n_log, 3);
    for (size_t k = 0; k < h.n_log; k++) {
        assert_int_equal(h.log[k].id, whole.log[3 + k].id);
        assert_int_equal(h.log[k].card, whole.log[3 + k].card);
    }
    assert_ptr_equal(h.memory, mine);
    assert_null(h.own_memory);
    for (size_t c = 0; c < 3; c++)
        assert_same_memory(&h.memory[c], &mine[c]);
    cp_history_release(&h);

    /* Without memories they come from the store; a negative id is 0. */
    assert_int_equal(cp_history_load_after(store, deck, NULL, -7, &h, NULL), CP_OK);
    assert_int_equal(h.log_after_id, 0);
    assert_int_equal(h.n_log, whole.n_log);
    for (size_t c = 0; c < 3; c++)
        assert_same_memory(&h.memory[c], &whole.memory[c]);
    cp_history_release(&h);
    /* After the last row: nothing. */
    assert_int_equal(cp_history_load_after(store, deck, NULL, whole.log[5].id, &h, NULL), CP_OK);
    assert_int_equal(h.n_log, 0);
    cp_history_release(&h);
    cp_history_release(&whole);
}

/* A store whose attempts table was dropped by hand: the load fails with a
 * message and leaves *out empty (and, under valgrind, nothing leaked). */
static void unreadable_store_leaves_nothing(void **state)
{
    cp_test_fixture *f = *state;
    write_log(f->store);
    cp_store_close(f->store);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(cp_test_path("progress.db"), &db), SQLITE_OK);
    const char *drop = "DROP TABLE exam_item; DROP TABLE exam_attempt;";
    assert_int_equal(sqlite3_exec(db, drop, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    f->store = cp_test_store_open(cp_test_dir);
    cp_history h;
    memset(&h, 0x5a, sizeof h);
    cp_error err = {0};
    assert_int_not_equal(cp_history_load(f->store, f->deck, &h, &err), CP_OK);
    assert_true(err.message[0] != '\0');
    assert_null(h.memory);
    assert_null(h.log);
    assert_null(h.attempts);
    assert_int_equal(h.n_log, 0);
    assert_int_equal(h.n_attempts, 0);
    cp_history_release(&h);
}

/* A full mock: a mock, finished (submitted or timed out), under the
 * exam's own 90 minutes. */
static void full_mock(void **state)
{
    (void)state;
    assert_true(cp_exam_full_timed(CP_EXAM_MINUTES * 60));
    assert_false(cp_exam_full_timed(CP_EXAM_MINUTES * 60 - 1));
    assert_false(cp_exam_full_timed(CP_EXAM_MINUTES * 60 + 1));
    assert_false(cp_exam_full_timed(0));
    /* Submitted and timed out are finished; abandoned and open are not. */
    static const uint8_t status[4] = {CP_ATTEMPT_SUBMITTED, CP_ATTEMPT_TIMED_OUT,
                                      CP_ATTEMPT_ABANDONED, CP_ATTEMPT_IN_PROGRESS};
    cp_history_attempt a = {.kind = CP_HISTORY_MOCK, .time_limit_s = 5400};
    for (int k = 0; k < 4; k++) {
        a.status = status[k];
        assert_int_equal(cp_history_attempt_finished(&a), k < 2);
        assert_int_equal(cp_history_full_mock(&a), k < 2);
    }
    a.status = CP_ATTEMPT_SUBMITTED;
    a.time_limit_s = 1200; /* a shorter practice form */
    assert_false(cp_history_full_mock(&a));
    a.time_limit_s = 5400;
    for (uint8_t kind = CP_HISTORY_DIAGNOSTIC; kind <= CP_HISTORY_OTHER; kind++) {
        a.kind = kind;
        assert_true(cp_history_attempt_finished(&a));
        assert_false(cp_history_full_mock(&a));
    }
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cp_test_with_store(empty_store, &three),
                 cp_test_with_store(log_memories_and_attempts, &three),
                 cp_test_with_store(log_after_a_row, &three),
                 cp_test_with_store(unreadable_store_leaves_nothing, &three),
                 cmocka_unit_test(full_mock),
             })
