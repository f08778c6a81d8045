/* cloudprep core: one learner's progress, and every change to it.
 *
 * A learner joins what the rules need: the store, the decks (borrowed),
 * each card's memory, the settings and FSRS parameters, the learning-day
 * clock and the game. Everything that changes progress goes through it, so
 * each change is one call and one transaction:
 *
 *   cp_learner_answer   schedule (FSRS), record the review, the card's first
 *                       exposure and the game's events; then move the game
 *   cp_learner_undo     take the newest answer back, with all it wrote
 *   cp_learner_today    today's drill queue (with the cards that separate
 *                       the pairs the learner confuses first)
 *
 * The drill, quiz rounds, mock exams (attempt.h) and their reviews all
 * answer through cp_learner_answer; the app only shows the result.
 *
 * Time: the clock is a guess, the review log the truth. cp_learner_now
 * never goes before the newest answer: with a clock behind, the learner is
 * treated as at that answer (and cp_learner_clock_behind says so, for the
 * app to tell the learner once); a card's memory never sees negative time. */
#ifndef CLOUDPREP_LEARNER_H
#define CLOUDPREP_LEARNER_H

#include "cloudprep/confusion.h"
#include "cloudprep/day.h"
#include "cloudprep/deck.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/game.h"
#include "cloudprep/history.h"
#include "cloudprep/queue.h"
#include "cloudprep/quiz.h"
#include "cloudprep/readiness.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

typedef struct cp_learner cp_learner;

/* Zero means default. */
typedef struct cp_learner_desc {
    /* Learning days on a fixed UTC offset instead of the system's time
     * zone (tests, tools). */
    bool fixed_offset;
    int32_t utc_offset_s;
    /* Threads to read on (may be {0}): with them, the first exposures and
     * the recent confusions are read on a second connection
     * (cp_store_open_twin) while this thread reads the memories. What is
     * read is the same either way. */
    cp_threads threads;
} cp_learner_desc;

/* Reads the settings, every memory, the first exposures, the recent
 * confusions and the game. The store and the deck are borrowed and must
 * outlive the learner; notes (may be NULL) say what opening paid or
 * announced. Free with cp_learner_free(). */
CP_NODISCARD cp_status cp_learner_open(cp_store *store, const cp_deck *deck, const cp_learner_desc *desc,
                          cp_time now, cp_learner **out, cp_game_notes *notes, cp_error *err);
void cp_learner_free(cp_learner *learner);     /* accepts NULL */

cp_store *cp_learner_store(const cp_learner *learner);
const cp_deck *cp_learner_deck(const cp_learner *learner);
const cp_settings *cp_learner_settings(const cp_learner *learner);
const cp_fsrs_params *cp_learner_params(const cp_learner *learner);
cp_day_clock cp_learner_clock(const cp_learner *learner);
/* Card `index`'s memory (deck order); memories: all of them. */
const cp_memory *cp_learner_memory(const cp_learner *learner, size_t index);
const cp_memory *cp_learner_memories(const cp_learner *learner);
const cp_game_state *cp_learner_game(const cp_learner *learner);
/* No answer yet: a new learner (the app offers the diagnostic). */
bool cp_learner_is_new(const cp_learner *learner);
/* Studied cards the loaded decks lack (their history is kept). */
int64_t cp_learner_unknown_cards(const cp_learner *learner);

/* The learner's time: `clock`, or the newest answer's time when the clock
 * is earlier (cp_learner_clock_behind: by more than a few minutes). */
cp_time cp_learner_now(const cp_learner *learner, cp_time clock);
bool cp_learner_clock_behind(const cp_learner *learner, cp_time clock);
/* The newest answer's time (0: none). */
cp_time cp_learner_newest_answer(const cp_learner *learner);

/* Saves the settings (one transaction) and applies them: FSRS parameters,
 * the day clock, the game. */
CP_NODISCARD cp_status cp_learner_set_settings(cp_learner *learner, const cp_settings *settings, cp_time now,
                                  cp_game_notes *notes, cp_error *err);

/* The fitted FSRS weights the learner schedules with (fit.h), or NULL for
 * the defaults. cp_learner_params carries them either way. */
const cp_store_fit *cp_learner_fit(const cp_learner *learner);
/* Schedules with fit's weights from now on, stored as the active fit
 * (fit->id and fit->active are filled in); NULL: back to the default
 * weights (the active fit is deactivated, its row kept). Cards keep the
 * memory they have; each answer from now on moves it by the new weights. */
CP_NODISCARD cp_status cp_learner_use_fit(cp_learner *learner, cp_store_fit *fit, cp_error *err);

/* ---- answering ------------------------------------------------------------ */

typedef struct cp_answer {
    size_t card;            /* deck index */
    int rating;             /* cp_rating; 0: grade it from `correct` and the time */
    bool correct;           /* for a question when rating is 0 */
    int32_t duration_ms;
    const char *chosen;     /* "0,2": choices in deck order (cp_question_chosen_text); "" */
    cp_log_mode mode;       /* drill, quiz, exam (a mock's miss), diagnostic */
} cp_answer;

typedef struct cp_answer_result {
    int rating;             /* as recorded */
    cp_memory before, after;
    int64_t review_id;
    cp_game_notes notes;    /* XP, goal, level, achievements ... to show */
} cp_answer_result;

/* Schedules, records and scores one answer in one transaction (when it
 * returns CP_OK everything is on disk; otherwise nothing is). */
CP_NODISCARD cp_status cp_learner_answer(cp_learner *learner, const cp_answer *answer, cp_time now,
                            cp_answer_result *out, cp_error *err);
/* Takes the newest answer back with everything it wrote; *card gets its
 * deck index (-1 for a card the decks lack), *found false when there was
 * none. */
CP_NODISCARD cp_status cp_learner_undo(cp_learner *learner, cp_time now, long *card, bool *found,
                          cp_game_notes *notes, cp_error *err);
/* The rating a question answer earns (the queue's grading rule). */
cp_rating cp_learner_grade(const cp_learner *learner, bool correct, int32_t duration_ms);
/* The four outcomes (Again..Easy) of rating card `index` now. */
void cp_learner_preview(const cp_learner *learner, size_t index, cp_time now, cp_memory out[4]);

/* The day's drill queue ran empty after answers today: the bonus, once. */
CP_NODISCARD cp_status cp_learner_drill_finished(cp_learner *learner, cp_time now, cp_game_notes *notes,
                                    cp_error *err);
/* A quiz round ended. */
CP_NODISCARD cp_status cp_learner_round_finished(cp_learner *learner, const cp_round *round,
                                    int n_questions, cp_time now, cp_game_notes *notes,
                                    cp_error *err);
/* Moves the game to the learning day of `now` when it is still on an
 * earlier one (the app left open over the day's start): as
 * cp_learner_refresh, and nothing (no read) on the same day. */
CP_NODISCARD cp_status cp_learner_catch_up(cp_learner *learner, cp_time now, cp_game_notes *notes,
                                           cp_error *err);
/* When the learning day of `now` ends (the next one's start, the
 * learner's clock): a screen left open redraws then. */
cp_time cp_learner_day_end(const cp_learner *learner, cp_time now);
/* Re-reads the game (a new day, returning to Home after a while). */
CP_NODISCARD cp_status cp_learner_refresh(cp_learner *learner, cp_time now, cp_game_notes *notes,
                             cp_error *err);

/* ---- today's drill ---------------------------------------------------------- */

typedef struct cp_today {
    size_t *cards;          /* deck indexes, in the order to show them */
    size_t n;
    int due_by_domain[CP_DOMAINS];  /* learning + review cards due today */
    int new_by_domain[CP_DOMAINS];
    int due, fresh;         /* totals */
    int done_today;         /* answers since the learning day began (not exam misses) */
    int correct_today;
    int minutes;            /* about how long the queue takes (plan.h's estimate) */
} cp_today;

/* The drill's queue settings: the learner's, with the study plan's new
 * cards for today (cp_game_state.plan_new_today) in place of "New cards
 * per day" while an exam date ahead is set. */
cp_queue_desc cp_learner_queue_desc(const cp_learner *learner);

/* Builds today's queue; last_card (or -1) is the card just answered, which
 * never comes first again. Free with cp_today_free(). */
CP_NODISCARD cp_status cp_learner_today(const cp_learner *learner, cp_time now, long last_card,
                           cp_today *out, cp_error *err);
void cp_today_free(cp_today *today);

/* ---- the mock reserve -------------------------------------------------------------
 * Question cards held back from the drill and quiz rounds while the learner
 * has never seen them, so mock exams can ask fresh questions (exam.h,
 * cp_exam_reserve_fill; the setting mock_reserve turns it off). */

/* Releases what the learner has met and tops the reserve up (empties it
 * when the setting is off), stored in one transaction. Runs at open, after
 * an attempt finishes and when the setting changes. */
CP_NODISCARD cp_status cp_learner_reserve_refresh(cp_learner *learner, cp_time now, cp_error *err);
/* Per deck card: nonzero when held in the reserve. */
const uint8_t *cp_learner_held(const cp_learner *learner);
size_t cp_learner_reserve_count(const cp_learner *learner);
/* Per deck card: when the learner last met it (0: never). */
const cp_time *cp_learner_seen(const cp_learner *learner);
/* Per deck card: its first exposure, the store's exposure table kept in
 * memory (moved by answers, undos and finished attempts). */
cp_first_seen cp_learner_first_seen(const cp_learner *learner);
/* Notes card's first exposure at `at` when it has none: for attempt.c,
 * after its finish stored the same (cp_store_note_exposure). A right
 * answer leaves the confusions to be read again (they take an attempt's
 * right answers from its items). */
void cp_learner_note_first(cp_learner *learner, size_t card, cp_time at, bool correct);

/* A quiz round's questions (quiz.h), reserve cards left out. */
CP_NODISCARD cp_status cp_learner_quiz(const cp_learner *learner, const cp_quiz_desc *desc, cp_time now,
                                       cp_rng *rng, size_t *out, size_t *n_out, cp_error *err);

/* ---- what the learner mixes up ---------------------------------------------------- */

/* The learner's confusions (confusion.h) as of every answer so far: read
 * from the store when first asked (half a year of answers), then kept up
 * to date by each answer; an undo or a finished attempt has them read
 * again. Owned by the learner, for its life (its answers move it); its map
 * is cp_confusion_tally_map(*out). */
CP_NODISCARD cp_status cp_learner_confusion(const cp_learner *learner, cp_time now,
                                            const cp_confusion **out, cp_error *err);

/* ---- the meter ---------------------------------------------------------------- */

/* The readiness meter now, from the learner's memories and the store. */
CP_NODISCARD cp_status cp_learner_readiness(const cp_learner *learner, cp_time now, cp_readiness *out,
                               cp_error *err);

/* ---- for attempt.c: a write inside the caller's group ---------------------------- */

/* Schedules and records one answer inside an open write group
 * (cp_store_begin) and moves the pending game step; the caller commits and
 * then calls cp_learner_take. */
CP_NODISCARD cp_status cp_learner_answer_in_group(cp_learner *learner, const cp_answer *answer, cp_time now,
                                     cp_game_step *step, cp_answer_result *out, cp_error *err);
/* After the group committed: the memories and game step take effect. */
CP_NODISCARD cp_status cp_learner_take(cp_learner *learner, cp_game_step *step, cp_time now,
                          cp_game_notes *notes, cp_error *err);
/* After the group failed: the memories written in it are put back. */
void cp_learner_drop(cp_learner *learner);
cp_game *cp_learner_game_service(cp_learner *learner);

#endif
