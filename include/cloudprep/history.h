/* cloudprep core: the learner's history as plain arrays, and learning days.
 *
 * The game (XP, streak, achievements), the statistics and the study plan's
 * tracking all read the same things from the store: the review log, each
 * card's memory and the finished exam attempts. cp_history_load reads them
 * once into arrays indexed by the deck, so every rule above it is a pure
 * function over arrays that a test can build by hand. Learning days are
 * day.h's. */
#ifndef CLOUDPREP_HISTORY_H
#define CLOUDPREP_HISTORY_H

#include "cloudprep/common.h"
#include "cloudprep/day.h"
#include "cloudprep/deck.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/store.h"

/* ---- the history ------------------------------------------------------ */

typedef enum cp_log_mode {
    CP_MODE_DRILL = 0,
    CP_MODE_QUIZ = 1,
    CP_MODE_EXAM = 2,
    CP_MODE_DIAGNOSTIC = 3,
    CP_MODE_OTHER = 4,
} cp_log_mode;

/* One row of the review log. */
typedef struct cp_log_entry {
    int64_t id;             /* the log's row id: rows are in this order */
    cp_time at;
    int32_t card;           /* deck index; -1 for a card no longer in the deck */
    int32_t duration_ms;
    uint8_t rating;         /* cp_rating */
    uint8_t mode;           /* cp_log_mode */
    cp_memory before;
    cp_memory after;
} cp_log_entry;

typedef enum cp_history_kind {
    CP_HISTORY_MOCK = 0,
    CP_HISTORY_DIAGNOSTIC = 1,
    CP_HISTORY_QUIZ = 2,
    CP_HISTORY_OTHER = 3,
} cp_history_kind;

/* One exam attempt (mock, diagnostic, quiz round) as stored. */
typedef struct cp_history_attempt {
    int64_t id;
    uint8_t kind;           /* cp_history_kind */
    uint8_t status;         /* cp_attempt_status */
    cp_time started_at;
    cp_time finished_at;    /* 0 while in progress */
    int32_t time_limit_s;
    int32_t time_used_s;
    int32_t raw_score;
    int32_t scaled_score;
} cp_history_attempt;

/* A finished attempt: submitted or timed out (not abandoned, not open). */
bool cp_history_attempt_finished(const cp_history_attempt *a);
/* A finished full mock: kind mock with the exam's 90-minute limit. */
bool cp_history_full_mock(const cp_history_attempt *a);

typedef struct cp_history {
    const cp_deck *deck;            /* borrowed; may be NULL */
    size_t n_cards;                 /* cp_deck_count(deck) */
    const cp_memory *memory;        /* n_cards, parallel to the deck (New: zero):
                                       own_memory, or the caller's (borrowed) */
    cp_memory *own_memory;          /* read from the store; NULL when borrowed */
    cp_log_entry *log;              /* oldest first, by row id */
    size_t n_log;
    cp_history_attempt *attempts;   /* oldest first */
    size_t n_attempts;
    int64_t log_after_id;           /* 0: the whole log; else only rows above it */
} cp_history;

/* Reads the review log, the memories of the deck's cards and every exam
 * attempt. deck may be NULL (no card maps: card -1 everywhere). On success
 * the arrays belong to *out: free them with cp_history_release(). On error
 * *out is left empty. */
CP_NODISCARD cp_status cp_history_load(cp_store *store, const cp_deck *deck, cp_history *out,
                          cp_error *err);
/* The same with only the log rows above after_id (the rest of the log is
 * summed up elsewhere, e.g. in the game's settled days). memory (may be
 * NULL: read from the store) is the deck's memories as the caller keeps
 * them, borrowed, not copied: it must stay as it is until the history is
 * released. */
CP_NODISCARD cp_status cp_history_load_after(cp_store *store, const cp_deck *deck, const cp_memory *memory,
                                int64_t after_id, cp_history *out, cp_error *err);
void cp_history_release(cp_history *history);  /* accepts NULL */

#endif
