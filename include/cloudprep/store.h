/* cloudprep core: the learner's progress, in one SQLite database.
 *
 * Every answer is written in its own transaction: when cp_store_record_review
 * returns CP_OK the answer is on disk (WAL, synchronous=FULL). Opening never
 * changes a file it refuses: a corrupt database, one written by a newer
 * cloudprep, an empty or foreign file, or an unwritable location gets an
 * error naming the file and what to do, and the file is left byte for byte
 * as it was. A database from an older schema is copied to
 * progress.db.bak-vN before it is migrated. The full structural check
 * (SQLite's quick_check) is skipped only for the file a clean close left
 * behind, as recorded in progress.db.checked. */
#ifndef CLOUDPREP_STORE_H
#define CLOUDPREP_STORE_H

#include "cloudprep/common.h"
#include "cloudprep/fsrs.h"

enum { CP_STORE_SCHEMA_VERSION = 4 };

typedef struct cp_store cp_store;

typedef struct cp_store_desc {
    /* Take an exclusive lock on the data directory for the life of the
     * store (the GUI does; read-only commands need not). A second holder
     * gets CP_ERR_LOCKED. */
    bool exclusive;
    /* Milliseconds to wait on a busy database; 0 means 5000. */
    int busy_timeout_ms;
} cp_store_desc;

/* Opens (creating when absent) DIR/progress.db; DIR is created too. */
CP_NODISCARD cp_status cp_store_open(const char *dir, const cp_store_desc *desc,
                        cp_store **out, cp_error *err);
void cp_store_close(cp_store *store);     /* accepts NULL */
const char *cp_store_path(const cp_store *store);

/* A second connection to an open store's file, read-only, for reads on
 * another thread while the store goes on on its own (a start reads the
 * first exposures there while the memories are read): every reading call
 * works on it, writes fail. It sees the file as it is, committed writes
 * only. Close it with cp_store_close, before the store. */
CP_NODISCARD cp_status cp_store_open_twin(cp_store *store, cp_store **out, cp_error *err);

/* CP_OK when DIR is a folder or is not there yet; an error saying what it
 * is when it is a file or a symbolic link to nothing (a folder on a disk
 * that is not mounted): never an empty learner in its place. */
CP_NODISCARD cp_status cp_store_check_dir(const char *dir, cp_error *err);

/* Writes a consistent copy of the whole database to `path` (SQLite's
 * online backup). */
CP_NODISCARD cp_status cp_store_backup(cp_store *store, const char *path, cp_error *err);
/* Copies DIR/progress.db to `path` without opening it for writing (no
 * lock, no migration), e.g. for screenshots that must not touch real
 * progress. *existed = false (and CP_OK) when there is no database yet; a
 * database or folder that cannot be read, or a damaged one, is an error. */
CP_NODISCARD cp_status cp_store_copy(const char *dir, const char *path, bool *existed,
                                     cp_error *err);

/* ---- write groups ------------------------------------------------------
 * Each write below is one transaction of its own. Between cp_store_begin
 * and cp_store_commit they are one transaction together: all of them reach
 * the disk, or (after cp_store_rollback, or a failed write followed by
 * cp_store_rollback) none. Groups nest; the outermost commit commits. A
 * failed write inside a group leaves it to the caller to roll back. */
CP_NODISCARD cp_status cp_store_begin(cp_store *store, cp_error *err);
CP_NODISCARD cp_status cp_store_commit(cp_store *store, cp_error *err);
void cp_store_rollback(cp_store *store);

/* ---- card memory and the review log ---------------------------------- */

typedef struct cp_review {
    int64_t id;             /* filled by record; read back by each_review */
    const char *card_id;
    cp_time at;
    int rating;             /* cp_rating */
    double elapsed_days;    /* since the previous review (0 for the first) */
    int32_t duration_ms;    /* time spent answering */
    const char *chosen;     /* choices picked, e.g. "1,3" in deck order; "" */
    const char *mode;       /* "drill", "quiz", "exam", "diagnostic" */
    cp_memory before;
    cp_memory after;
} cp_review;

/* Appends the review, sets the card's memory to r->after and, when the
 * card was never seen, records this as its first exposure; atomically.
 * *out_id (may be NULL) gets the log row id. */
CP_NODISCARD cp_status cp_store_record_review(cp_store *store, const cp_review *r,
                                 int64_t *out_id, cp_error *err);
/* Removes the newest log row and everything it wrote: its card's memory
 * goes back to the row's `before` (a card back at New loses its memory
 * row), its first exposure and the game events tied to it (review_id) go,
 * and settled days that counted any of them are unsettled. *found = false
 * when the log is empty. card_id_out (may be NULL) gets the card's id. */
CP_NODISCARD cp_status cp_store_undo_last(cp_store *store, bool *found, char *card_id_out,
                             size_t card_id_size, cp_error *err);

/* *found = false (and *out zeroed) for a card with no memory yet. */
CP_NODISCARD cp_status cp_store_get_memory(cp_store *store, const char *card_id,
                              cp_memory *out, bool *found, cp_error *err);

typedef void (*cp_memory_fn)(void *ctx, const char *card_id,
                             const cp_memory *memory);
CP_NODISCARD cp_status cp_store_each_memory(cp_store *store, cp_memory_fn fn, void *ctx,
                               cp_error *err);
/* Cards with a memory (studied at least once and not undone back to New). */
CP_NODISCARD cp_status cp_store_memory_count(cp_store *store, int64_t *out, cp_error *err);

/* Reviews at or after `since`, oldest first. Strings are valid during the
 * callback only. */
typedef void (*cp_review_fn)(void *ctx, const cp_review *review);
CP_NODISCARD cp_status cp_store_each_review(cp_store *store, cp_time since,
                               cp_review_fn fn, void *ctx, cp_error *err);
/* Reviews with a row id above after_id, oldest first. */
CP_NODISCARD cp_status cp_store_each_review_after(cp_store *store, int64_t after_id,
                                     cp_review_fn fn, void *ctx, cp_error *err);
/* Reviews at or after `since`, newest first, for as long as fn returns
 * true: a reader that needs only the recent end stops early. The walk
 * ends at the first row before `since`: the log is in time order, since
 * the learner never writes an answer before its newest one (learner.h),
 * so the rows older than a window are never read, however long the log. */
typedef bool (*cp_review_until_fn)(void *ctx, const cp_review *review);
CP_NODISCARD cp_status cp_store_each_review_newest(cp_store *store, cp_time since,
                                      cp_review_until_fn fn, void *ctx,
                                      cp_error *err);
CP_NODISCARD cp_status cp_store_review_count(cp_store *store, int64_t *out, cp_error *err);
/* The id of the oldest review at or after `since` (0 when there is none). */
CP_NODISCARD cp_status cp_store_first_review_since(cp_store *store, cp_time since, int64_t *id,
                                      cp_error *err);
/* Time of the oldest review (0 when there is none). */
CP_NODISCARD cp_status cp_store_first_review_at(cp_store *store, cp_time *out, cp_error *err);
/* Row id and time of the newest review (0 and 0 when there is none). */
CP_NODISCARD cp_status cp_store_newest_review(cp_store *store, int64_t *id, cp_time *at, cp_error *err);

/* ---- first exposures ------------------------------------------------------
 * When the learner first met each card, how, and whether that first answer
 * was right: the evidence of understanding a never-seen question gives. */
typedef struct cp_exposure {
    const char *card_id;
    cp_time first_at;
    const char *mode;       /* "drill", "quiz", "exam", "mock", "diagnostic" */
    bool correct;
} cp_exposure;
typedef void (*cp_exposure_fn)(void *ctx, const cp_exposure *exposure);
/* Oldest first (ties by card id). */
CP_NODISCARD cp_status cp_store_each_exposure(cp_store *store, cp_exposure_fn fn, void *ctx, cp_error *err);
/* The same rows in card id order, the table's own: no sort, for a reader
 * that does not need them by time (a sort of 90,000 rows is 30-40 ms). */
CP_NODISCARD cp_status cp_store_each_exposure_by_card(cp_store *store, cp_exposure_fn fn, void *ctx,
                                                      cp_error *err);
/* One card's first exposure: *found false when it was never met. */
CP_NODISCARD cp_status cp_store_get_exposure(cp_store *store, const char *card_id,
                                             cp_time *first_at, bool *correct, bool *found,
                                             cp_error *err);
/* Records a first exposure outside the review log (a mock item answered
 * right); nothing when the card was met before. */
CP_NODISCARD cp_status cp_store_note_exposure(cp_store *store, const cp_exposure *exposure, cp_error *err);

/* ---- the mock reserve -------------------------------------------------------
 * Question cards held back from the drill and quiz rounds for fresh mocks
 * (see cp_exam_reserve_fill). */
typedef void (*cp_reserve_fn)(void *ctx, const char *card_id);
CP_NODISCARD cp_status cp_store_each_reserved(cp_store *store, cp_reserve_fn fn, void *ctx,
                                              cp_error *err);
/* Adds (held true) or removes one card; call inside a write group to
 * change many at once. */
CP_NODISCARD cp_status cp_store_set_reserved(cp_store *store, const char *card_id, bool held,
                                             cp_time at, cp_error *err);

/* ---- settings --------------------------------------------------------- */

/* *found = false when the key is unset (out gets ""). */
CP_NODISCARD cp_status cp_store_get_setting(cp_store *store, const char *key, char *out,
                               size_t size, bool *found, cp_error *err);
CP_NODISCARD cp_status cp_store_set_setting(cp_store *store, const char *key,
                               const char *value, cp_error *err);

/* ---- fitted FSRS weights -------------------------------------------------
 * Each fit of the scheduler to the learner's own log (fit.h) is kept with
 * its date and how well it predicted that log. At most one is active (the
 * learner schedules with it); restoring the defaults deactivates it and
 * keeps the row. */
typedef struct cp_store_fit {
    int64_t id;
    cp_time fitted_at;
    double w[CP_FSRS_WEIGHTS];
    int64_t reviews;            /* answers in the log it was fitted to */
    double log_loss_default;    /* the default weights on that log */
    double log_loss_fitted;     /* these weights on that log */
    bool active;
} cp_store_fit;

/* Stores the fit as the active one (any other is deactivated), in one
 * transaction; *out_id (may be NULL) gets its id. */
CP_NODISCARD cp_status cp_store_save_fit(cp_store *store, const cp_store_fit *fit,
                                         int64_t *out_id, cp_error *err);
/* The active fit; *found = false when there is none (a row whose weights
 * are not 21 finite numbers counts as none). */
CP_NODISCARD cp_status cp_store_active_fit(cp_store *store, cp_store_fit *out, bool *found,
                                           cp_error *err);
/* Back to the default weights: no fit is active. */
CP_NODISCARD cp_status cp_store_deactivate_fits(cp_store *store, cp_error *err);
/* Reviews that came at least min_days after the card's previous one,
 * counted up to `limit` (the scan stops there). */
CP_NODISCARD cp_status cp_store_count_spaced(cp_store *store, double min_days, int64_t limit,
                                             int64_t *out, cp_error *err);

/* ---- reading the log on a connection of its own ---------------------------
 * A reader opens the store's file again, read-only, so a long read (a fit's
 * whole log) can run on another thread while the store answers and writes
 * on its own: each connection is used by one thread at a time. Close every
 * reader before the store. */
typedef struct cp_store_reader cp_store_reader;
CP_NODISCARD cp_status cp_store_reader_open(cp_store *store, cp_store_reader **out,
                                            cp_error *err);
void cp_store_reader_close(cp_store_reader *reader);       /* accepts NULL */

typedef struct cp_rating_row {
    int64_t id;
    const char *card_id;    /* valid during the callback only */
    cp_time at;
    int rating;
} cp_rating_row;
/* Return false to stop (the read then ends with CP_OK). */
typedef bool (*cp_rating_fn)(void *ctx, const cp_rating_row *row);
/* The log's rows with an id up to through_id, oldest first. */
CP_NODISCARD cp_status cp_store_reader_each_rating(cp_store_reader *reader, int64_t through_id,
                                                   cp_rating_fn fn, void *ctx, cp_error *err);

/* ---- exam attempts (mock exams, diagnostics, quiz rounds) ------------- */

typedef enum cp_attempt_status {
    CP_ATTEMPT_IN_PROGRESS = 0,
    CP_ATTEMPT_SUBMITTED = 1,
    CP_ATTEMPT_TIMED_OUT = 2,
    CP_ATTEMPT_ABANDONED = 3,
} cp_attempt_status;

typedef struct cp_attempt {
    int64_t id;
    const char *kind;       /* "mock", "diagnostic", "quiz" */
    cp_time started_at;
    cp_time finished_at;    /* 0 while in progress */
    int status;             /* cp_attempt_status */
    uint64_t seed;
    int32_t time_limit_s;
    int32_t time_used_s;
    int32_t raw_score;      /* scored items right */
    double cut_raw;
    int32_t scaled_score;   /* 0 until finished */
    int32_t fresh_scored;   /* scored items new to the learner; -1 unknown */
    int32_t predicted;      /* the meter's predicted score at the start; 0 unknown */
    bool misses_logged;     /* every miss reached the drill (set by the finish) */
} cp_attempt;

typedef struct cp_attempt_item {
    int32_t position;       /* 0-based order on the form */
    const char *card_id;
    bool scored;
    const char *chosen;     /* "" when unanswered */
    bool correct;
    bool flagged;
} cp_attempt_item;

/* Creates the attempt and its items in one transaction; *out_id gets its id. */
CP_NODISCARD cp_status cp_store_attempt_begin(cp_store *store, const cp_attempt *attempt,
                                 const cp_attempt_item *items, size_t n_items,
                                 int64_t *out_id, cp_error *err);
/* Stores one item's current answer and flag (durable on return). */
CP_NODISCARD cp_status cp_store_attempt_answer(cp_store *store, int64_t attempt_id,
                                  const cp_attempt_item *item, cp_error *err);
/* Sets status, finished_at, time used, scores and misses_logged from
 * *attempt. */
CP_NODISCARD cp_status cp_store_attempt_finish(cp_store *store, int64_t attempt_id,
                                  const cp_attempt *attempt, cp_error *err);

typedef void (*cp_attempt_fn)(void *ctx, const cp_attempt *attempt);
/* Attempts of `kind` (NULL: all), oldest first. */
CP_NODISCARD cp_status cp_store_each_attempt(cp_store *store, const char *kind,
                                cp_attempt_fn fn, void *ctx, cp_error *err);
typedef void (*cp_attempt_item_fn)(void *ctx, const cp_attempt_item *item);
CP_NODISCARD cp_status cp_store_each_attempt_item(cp_store *store, int64_t attempt_id,
                                     cp_attempt_item_fn fn, void *ctx,
                                     cp_error *err);
/* Whether the log has an exam or diagnostic review of the card at or after
 * `since` (a miss that reached the drill). */
CP_NODISCARD cp_status cp_store_exam_review_exists(cp_store *store, const char *card_id, cp_time since,
                                      bool *found, cp_error *err);

/* ---- game events (XP, achievements) ----------------------------------- */

typedef struct cp_game_event {
    int64_t id;
    cp_time at;
    const char *kind;       /* "xp", "achievement", "freeze-earned", ... */
    int64_t amount;
    const char *detail;
    int64_t review_id;      /* the answer that caused it (undo removes it); 0 none */
} cp_game_event;

CP_NODISCARD cp_status cp_store_add_event(cp_store *store, const cp_game_event *event,
                             cp_error *err);
typedef void (*cp_event_fn)(void *ctx, const cp_game_event *event);
CP_NODISCARD cp_status cp_store_each_event(cp_store *store, const char *kind,
                              cp_event_fn fn, void *ctx, cp_error *err);
/* Every event, oldest first, except those of `kind` with an id up to
 * through_id whose detail does not start with keep_prefix: the game reads
 * its few bookkeeping events without the one XP event per answer that a
 * settled total already sums. */
CP_NODISCARD cp_status cp_store_each_event_except(cp_store *store, const char *kind,
                                     int64_t through_id, const char *keep_prefix,
                                     cp_event_fn fn, void *ctx, cp_error *err);

/* ---- the game's settled days --------------------------------------------
 * A learning day that is over is summed up once and kept (game.h says
 * what the figures mean), so a start reads a row per day instead of
 * replaying the whole review log. through_id: the newest log row counted
 * on the day or before it; undoing a row at or below it unsettles the day
 * (cp_store_undo_last does so). xp_total: the sum of the XP events with an
 * id up to xp_through_event when the day was settled. */
typedef struct cp_settled_day {
    int32_t day;
    int64_t through_id;
    int32_t reviews, correct, seconds, due, due_done, fresh, introduced;
    int32_t introduced_by_domain[4];
    bool work_done;
    int64_t xp_through_event;
    int64_t xp_total;
} cp_settled_day;

/* Stores (or replaces) days, in one transaction. */
CP_NODISCARD cp_status cp_store_settle_days(cp_store *store, const cp_settled_day *days,
                               size_t n, cp_error *err);
typedef void (*cp_settled_fn)(void *ctx, const cp_settled_day *day);
/* Settled days, oldest first. */
CP_NODISCARD cp_status cp_store_each_settled_day(cp_store *store, cp_settled_fn fn,
                                    void *ctx, cp_error *err);

#endif
