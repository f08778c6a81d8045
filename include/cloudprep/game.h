/* cloudprep core: the game. XP, levels, the daily goal and its streak,
 * streak freezes, quiz-round combos and lives, and achievements.
 *
 * The rules reward recall quality and consistency, never volume, and never
 * punish an honest Again (it earns a little XP, never costs any, and counts
 * toward the day's minutes like any other answer). docs/gamification.md has
 * the tables; the numbers below are the source.
 *
 * Two layers. The rules are pure functions over plain values and arrays
 * (cp_game_answer_xp, cp_game_level, cp_game_days, cp_game_streak,
 * cp_game_round_*, the achievement table), each testable alone. cp_game is
 * the stateful side the app holds: it reads the history and the stored game
 * events, evaluates the rules, stores what must last (XP, achievements and
 * the dates they were earned, ...) and hands back notes, data the app
 * decides how to show. Everything is derived from the store, so a restart,
 * a crash or a second device copy of progress.db gives the same state. */
#ifndef CLOUDPREP_GAME_H
#define CLOUDPREP_GAME_H

#include "cloudprep/blueprint.h"
#include "cloudprep/day.h"
#include "cloudprep/deck.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/history.h"
#include "cloudprep/plan.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

/* ---- XP ------------------------------------------------------------------
 * A review earns base[rating] x hardness x lateness, rounded, at least 1:
 *   base: Again 1, Hard 6, Good 10, Easy 12 (Again is never multiplied).
 *   hardness: 1 + (D - 1) / 18 for FSRS difficulty D (1..10) -> 1.0..1.5;
 *     a New card uses its deck label: easy 1.0, medium 1.25, hard 1.5.
 *   lateness: a Review card answered after it was due earns
 *     1 + 0.5 * min(1, overdue / interval), +50 % at one full interval late.
 *   A card in its (re)learning steps earns half: same-day repeats are
 *   practice, not a new recall.
 *   Undo takes the answer's XP back with it (the XP event is tied to the
 *   answer), so a re-answer earns what it earns and nothing is paid twice.
 * Finishing the day's drill: +30 once per learning day. A finished mock
 * exam: +100, +50 more at 700 or better. A finished diagnostic: +30. */
enum {
    CP_XP_AGAIN = 1, CP_XP_HARD = 6, CP_XP_GOOD = 10, CP_XP_EASY = 12,
    CP_XP_DRILL_BONUS = 30, CP_XP_MOCK = 100, CP_XP_MOCK_PASS = 50,
    CP_XP_DIAGNOSTIC = 30,
};

typedef struct cp_xp_answer {
    int rating;                     /* cp_rating */
    cp_memory before;               /* the card's memory before this answer */
    cp_difficulty card_difficulty;  /* the deck's label (weighs a New card) */
    cp_time at;
} cp_xp_answer;

int32_t cp_game_answer_xp(const cp_xp_answer *answer);

/* ---- levels --------------------------------------------------------------
 * Level L starts at 50 * L * (L - 1) XP: level 2 at 100, 3 at 300, 5 at
 * 1000, 10 at 4500, 20 at 19000. Each level needs 100 XP more than the last,
 * about a third of a good day's drill more. */
typedef struct cp_level {
    int32_t level;          /* >= 1 */
    int64_t into;           /* XP earned inside this level */
    int64_t span;           /* XP from this level to the next */
} cp_level;

int64_t cp_game_level_start(int32_t level);
cp_level cp_game_level(int64_t xp);

/* ---- days, the daily goal and the streak ----------------------------------
 * A day's goal is met when its drill was finished or when `goal_minutes`
 * were spent answering (default 15). A day is kept when its goal was met or
 * when it had nothing to do: nothing due at its start and no new card
 * available. The streak counts kept days in a row up to today; today counts
 * once it is kept and never breaks it while it lasts. Every 7th day of a
 * streak earns a freeze (at most 2 held); a missed day with a freeze held
 * uses it, automatically, and the streak goes on (the frozen day does not
 * add to it). Freezes are never bought.
 *
 * Time (docs/gamification.md, "Wrong clocks"): the review log is the truth
 * and the clock a guess. Each log row counts on the latest day seen in the
 * log so far: its own day, or the day of a row written before it if that is
 * later, and never a settled day. Opening the app writes nothing about the
 * day; a day is settled only once the log has moved past it and the clock
 * agrees, so a clock that was wrong for a while changes nothing stored. A
 * day is kept for having nothing to do only when the loaded decks hold
 * every card the learner studied (work_known): a missing or different deck
 * can neither award nor take a streak day. */
enum { CP_GAME_DEFAULT_GOAL_MINUTES = 15, CP_GAME_MAX_FREEZES = 2,
       CP_GAME_FREEZE_EVERY = 7 };

typedef struct cp_day_record {
    int32_t day;            /* learning day number (history.h) */
    int32_t reviews;        /* answers counted on this day */
    int32_t correct;        /* of them, not Again */
    int32_t seconds;        /* time spent answering */
    int32_t due;            /* cards due before the day ended, as of its start */
    int32_t due_done;       /* of those, answered on the day */
    int32_t fresh;          /* new cards to introduce: min(unseen, new per day, or on
                             * a study plan's day the plan's number) */
    int32_t introduced;     /* cards seen for the first time */
    int32_t unseen;         /* New cards at the day's start (a replayed day; 0 when settled) */
    bool drill_done;        /* the day's drill was finished */
    bool goal_reported;     /* a goal-met event was stored for the day */
    bool work_done;         /* had work and did all of it (drill_done without
                             * the app's report) */
    bool work_known;        /* due and fresh are known: the decks held every
                             * studied card (always so for a settled day) */
    int32_t introduced_by_domain[CP_DOMAINS];   /* when desc->card_domain */
    int64_t through_id;     /* the newest log row counted on this day or before */
} cp_day_record;

typedef struct cp_days_desc {
    cp_day_clock clock;
    int new_per_day;        /* the setting; 0 means no new cards */
    int reviews_per_day;    /* the setting; 0 means no cap */
    bool work_unknown;      /* the decks miss studied cards: due and fresh are
                             * not known (nothing-to-do keeps no day) */
    const int32_t *drill_days;      /* days the app reported a finished drill */
    size_t n_drill_days;
    const int32_t *goal_days;       /* days a goal-met event was stored */
    size_t n_goal_days;
    const uint8_t *card_domain;     /* n_cards domains (1..4), or NULL */
    int32_t floor_day;              /* rows count on this day or later (0: none) */
} cp_days_desc;

/* Whether day is in days[0..n-1]. */
bool cp_game_has_day(const int32_t *days, size_t n, int32_t day);

/* The day each log row counts on (the rule above); out has n_log. */
void cp_game_log_days(const cp_log_entry *log, size_t n_log, const cp_days_desc *desc,
                      int32_t *out);

/* Fills days[0..n_days-1] with the records of days first_day, first_day+1,
 * ... by replaying the log (rows for cards outside the deck count as
 * answers only). n_cards: the deck's size. A day's drill is finished when it
 * had work, every card due at its start (up to the review cap) was answered,
 * and the new cards available were introduced, or when the app reported it. */
CP_NODISCARD cp_status cp_game_days(const cp_log_entry *log, size_t n_log, size_t n_cards,
                       const cp_days_desc *desc, int32_t first_day, cp_day_record *days,
                       size_t n_days);     /* CP_ERR_NOMEM only */
/* The same from a known start: start[c] is card c's memory before log[0]
 * (a card is seen when its state is not New), start_id the newest row
 * before log[0]. cp_game_days is this with every card New and id 0. */
CP_NODISCARD cp_status cp_game_days_from(const cp_log_entry *log, size_t n_log, size_t n_cards,
                            const cp_memory *start, int64_t start_id,
                            const cp_days_desc *desc, int32_t first_day,
                            cp_day_record *days, size_t n_days);

bool cp_game_goal_met(const cp_day_record *day, int goal_minutes);
/* Sets day->work_done from its counts: it had work (due or fresh) and
 * every due card up to the review cap (reviews_per_day; 0: none) was
 * answered and the fresh cards introduced. */
void cp_game_day_work(cp_day_record *day, int reviews_per_day);
/* Goal met, or nothing to do (when that is known). */
bool cp_game_day_kept(const cp_day_record *day, int goal_minutes);

typedef struct cp_streak {
    int32_t current;        /* kept days in a row up to today */
    int32_t best;
    int32_t freezes;        /* held now, 0..2 */
    int32_t freezes_earned; /* over the whole history */
    int32_t freezes_used;
    int32_t last_frozen_day;/* the latest day a freeze covered; 0 when none */
    bool today_kept;
} cp_streak;

/* days: consecutive records ending at `today` or before (a later gap is
 * read as missed days). The walk starts at the first day with an answer.
 * goal_minutes 0: 15. */
void cp_game_streak(const cp_day_record *days, size_t n_days, int32_t today,
                    int goal_minutes, cp_streak *out);
/* One day of the walk: d kept or not; is_today: the day is not over (it
 * cannot break the streak yet). cp_game_streak is this over every day. */
void cp_game_streak_step(cp_streak *streak, int32_t d, bool kept, bool is_today);

/* ---- timed quiz rounds: combo, lives, score --------------------------------
 * A right answer scores points x multiplier; the multiplier grows by one
 * every `combo_step` right answers in a row (x1 for the first three, x2 for
 * the next three, ...) up to `max_multiplier`. A wrong answer resets the
 * combo and costs a life; at zero lives the round is over. Speed earns
 * nothing: the clock limits the round, it does not pay for rushing. A
 * round is perfect when it has at least 5 questions and every one was
 * answered right. */
typedef struct cp_round_desc {
    int lives;              /* 0: 3 */
    int points;             /* per right answer; 0: 100 */
    int combo_step;         /* 0: 3 */
    int max_multiplier;     /* 0: 4 */
} cp_round_desc;

enum { CP_ROUND_PERFECT_MIN = 5 };

typedef struct cp_round {
    cp_round_desc desc;     /* with the defaults filled */
    int lives;
    int combo;              /* right answers in a row */
    int best_combo;
    int multiplier;         /* for the next right answer */
    int answered;
    int correct;
    int64_t score;
    bool over;
} cp_round;

void cp_game_round_begin(cp_round *round, const cp_round_desc *desc);
/* Applies one answer; returns the points it scored (0 once over). */
int cp_game_round_answer(cp_round *round, bool correct);
/* Ends the round early (time up, out of questions). */
void cp_game_round_end(cp_round *round);
bool cp_game_round_perfect(const cp_round *round, int n_questions);

/* ---- achievements ----------------------------------------------------------
 * A table: each entry measures one figure of the summary and is earned when
 * it reaches its target. Stored once, with the time it was earned. */
typedef enum cp_achievement_id {
    CP_ACH_FIRST_DIAGNOSTIC, CP_ACH_FIRST_DRILL, CP_ACH_FIRST_MOCK,
    CP_ACH_FIRST_PASS, CP_ACH_FIVE_750, CP_ACH_TOP_SCORE, CP_ACH_ALL_TASKS,
    CP_ACH_BANK_SEEN, CP_ACH_MASTER_1, CP_ACH_MASTER_2, CP_ACH_MASTER_3,
    CP_ACH_MASTER_4, CP_ACH_STREAK_7, CP_ACH_STREAK_30, CP_ACH_STREAK_100,
    CP_ACH_PERFECT_ROUND, CP_ACH_COMBO_10, CP_ACH_LONG_TERM, CP_ACH_COMEBACK,
    CP_ACH_COUNT
} cp_achievement_id;

#define CP_GAME_MASTERY 0.9         /* mean retrievability of a mastered domain */
#define CP_GAME_LONG_TERM_DAYS 30.0 /* stability of a long-term memory */

/* What the achievements are measured on. */
typedef struct cp_game_summary {
    int32_t diagnostics;        /* finished diagnostics */
    int32_t drills_done;        /* days with the drill finished */
    int32_t mocks;              /* finished mock exams */
    int32_t best_mock;          /* best scaled score */
    int32_t best_run_750;       /* longest run of consecutive mocks >= 750 */
    int32_t tasks_studied;      /* task statements with a studied card */
    int32_t cards;              /* in the deck */
    int32_t cards_seen;
    double mastery[CP_DOMAINS]; /* mean retrievability of the domain's cards (New: 0) */
    int32_t best_streak;
    int32_t perfect_rounds;
    int32_t best_combo;
    int32_t long_term_cards;    /* stability >= 30 days */
    int32_t recovered_cards;    /* forgotten once, now back in Review */
} cp_game_summary;

typedef struct cp_achievement {
    const char *id;             /* stable, stored: "first-mock" */
    const char *title;
    const char *description;
    int32_t target;
    int32_t (*measure)(const cp_game_summary *summary);
} cp_achievement;

/* index 0..CP_ACH_COUNT-1; NULL otherwise. */
const cp_achievement *cp_game_achievement(int index);
int cp_game_achievement_find(const char *id);       /* -1 when unknown */
bool cp_game_achievement_met(int index, const cp_game_summary *summary);

/* The history-derived fields of a summary (everything but drills_done,
 * best_streak, perfect_rounds, best_combo). params NULL: FSRS defaults. */
void cp_game_summarize(const cp_history *history, const cp_fsrs_params *params,
                       cp_time now, cp_game_summary *out);

/* ---- notes: what happened, for the app to show -------------------------- */

typedef enum cp_note_kind {
    CP_NOTE_XP,             /* amount: XP gained; detail: what for */
    CP_NOTE_LEVEL_UP,       /* amount: the new level */
    CP_NOTE_GOAL_MET,       /* amount: the streak now, in days */
    CP_NOTE_DRILL_DONE,     /* amount: the bonus XP */
    CP_NOTE_FREEZE_EARNED,  /* amount: freezes held now */
    CP_NOTE_FREEZE_USED,    /* amount: freezes used since last told; detail: the
                             * date of the latest day one covered */
    CP_NOTE_ACHIEVEMENT,    /* amount: cp_achievement_id; detail: its id */
    CP_NOTE_HIGH_SCORE,     /* amount: the new best round score */
} cp_note_kind;

enum { CP_GAME_MAX_NOTES = 32 };

typedef struct cp_game_note {
    cp_note_kind kind;
    int64_t amount;
    char detail[48];
} cp_game_note;

typedef struct cp_game_notes {
    size_t n;
    cp_game_note note[CP_GAME_MAX_NOTES];
} cp_game_notes;

/* ---- game events -----------------------------------------------------------
 * What the game stores, one typed event each; the store keeps them as
 * (kind, amount, detail) rows, and these two functions are the only place
 * that knows the text. An event tied to an answer carries its review id,
 * so undoing the answer removes it. */
typedef enum cp_event_kind {
    CP_EVENT_XP,            /* amount XP; source + id below */
    CP_EVENT_LEVEL,         /* amount: the level announced */
    CP_EVENT_DRILL_DONE,    /* day */
    CP_EVENT_GOAL_MET,      /* day */
    CP_EVENT_FREEZE_EARNED, /* amount: how many announced */
    CP_EVENT_FREEZE_USED,   /* day: the day a freeze covered */
    CP_EVENT_ACHIEVEMENT,   /* achievement; at: when earned */
    CP_EVENT_ROUND,         /* amount: score; the round's figures */
    CP_EVENT_OTHER,         /* a kind this version does not use (kept, ignored) */
} cp_event_kind;

typedef enum cp_xp_source {
    CP_XP_FROM_REVIEW, CP_XP_FROM_DRILL, CP_XP_FROM_ATTEMPT, CP_XP_FROM_OTHER,
} cp_xp_source;

typedef struct cp_game_fact {
    cp_event_kind kind;
    cp_time at;
    int64_t amount;
    int64_t review_id;      /* 0: not tied to an answer */
    cp_xp_source source;    /* XP */
    int64_t attempt_id;     /* XP for an attempt */
    char card_id[72];       /* XP for a review */
    int32_t day;            /* drill done, goal met, freeze used, drill XP */
    int achievement;        /* cp_achievement_id */
    int32_t round_answered, round_correct, round_best_combo, round_questions;
} cp_game_fact;

/* fact -> store row; detail (size >= 96) holds the row's text. */
void cp_game_fact_encode(const cp_game_fact *fact, cp_game_event *out, char *detail,
                         size_t detail_size);
/* store row -> fact; a malformed or unknown row becomes CP_EVENT_OTHER. */
void cp_game_fact_decode(const cp_game_event *event, cp_game_fact *out);

/* ---- the stored record ------------------------------------------------------
 * The game's part of the store, read from its events and settled days. */
typedef struct cp_game_record {
    int64_t xp;
    int32_t level_announced;
    int32_t *drill_days;
    size_t n_drill_days;
    int32_t *goal_days;
    size_t n_goal_days;
    int64_t *attempts_paid;     /* attempt ids that earned their XP */
    size_t n_attempts_paid;
    int32_t freezes_earned_announced;
    int32_t *frozen_days;       /* days a freeze was announced for */
    size_t n_frozen_days;
    cp_time earned_at[CP_ACH_COUNT];    /* 0: not earned */
    int64_t round_high_score;
    int32_t rounds;
    int32_t perfect_rounds;
    int32_t best_combo;
    /* Settled days (store.h): finished days summed up once, ascending and
     * consecutive; the log rows up to settled_through are in them. */
    cp_day_record *settled;
    size_t n_settled;
    int64_t settled_through;
    int64_t xp_through_event;   /* xp holds the settled total up to this event */
    int64_t last_event_id;      /* the newest event read */
} cp_game_record;

CP_NODISCARD cp_status cp_game_record_load(cp_store *store, cp_game_record *out, cp_error *err);
void cp_game_record_release(cp_game_record *record);   /* accepts NULL */
/* Appends a day to one of the record's day lists; false when out of memory. */
bool cp_game_record_push_day(int32_t **days, size_t *n, int32_t day);
/* Settled day <-> day record: the one copy between the two shapes. */
void cp_game_day_from_settled(const cp_settled_day *settled, cp_day_record *out);
void cp_game_day_to_settled(const cp_day_record *day, int64_t xp_through_event,
                            int64_t xp_total, cp_settled_day *out);

/* ---- the state ------------------------------------------------------------ */

typedef struct cp_game_desc {
    const cp_settings *settings;    /* NULL: defaults (day start, caps, goal, exam date) */
    cp_day_clock clock;             /* learning days; its start_hour is the setting's */
    const cp_fsrs_params *params;   /* NULL: FSRS defaults */
    const cp_memory *memory;        /* the deck's memories, kept current by the
                                     * caller (borrowed); NULL: read from the store */
    int64_t unknown_cards;          /* studied cards the decks lack; < 0: count them */
    /* Each deck card's first exposure (0: never met), kept current by the
     * caller (borrowed; the learner's). The study plan's cards come from
     * its anchor's counts (below), else from these: those still New or not
     * met before its first day; with neither, from the memories and the
     * days (an exam's miss on a New card then moves the plan). */
    const cp_time *first_at;
    /* The plan's cards as recorded when its exam date was set
     * (cp_game_read_plan_anchor); NULL or not counted: from first_at. */
    const struct cp_game_plan_anchor *anchor;
} cp_game_desc;

#define CP_GAME_PLAN_SETTING "plan_anchor" /* "YYYY-MM-DD <start time> <counts>" */

/* When the plan for the exam date began, and its cards then: by domain,
 * the cards still New or first met that learning day (counted from the
 * learner's memories and first exposures when the date was set, or when
 * an older anchor without counts was first read), and the decks' cards.
 * The plan's cards are these from then on, moved only by cards the decks
 * gained or lost since, so no later answer (a diagnostic's card studied,
 * an exam's miss) changes the plan. */
typedef struct cp_game_plan_anchor {
    cp_time start; /* 0: none for this date */
    bool counted;
    int32_t unseen[CP_DOMAINS];
    int32_t cards[CP_DOMAINS];
} cp_game_plan_anchor;

/* The anchor for settings->exam_date, read without writing (all zero when
 * none is recorded for this date, or no date). */
CP_NODISCARD cp_status cp_game_read_plan_anchor(cp_store *store, const cp_settings *settings,
                                                cp_game_plan_anchor *out, cp_error *err);


typedef struct cp_game_state {
    int32_t today;              /* the clock's day, never before the newest answer's */
    int goal_minutes;
    int64_t xp;
    cp_level level;
    cp_day_record today_record;
    bool goal_met;              /* today's */
    bool drill_done;            /* today's, as reported (the bonus was paid) */
    cp_streak streak;
    int64_t round_high_score;
    cp_game_summary summary;
    cp_time earned_at[CP_ACH_COUNT];    /* 0: not earned */
    int32_t achievements;       /* earned so far */
    bool has_plan;              /* an exam date ahead is set */
    cp_study_plan plan;         /* made when the exam date was set */
    cp_plan_today plan_today;   /* where the learner stands on it */
    int plan_new_today;         /* the drill's new cards today in all by the plan
                                 * (cp_plan_day_quota; 0 when "New cards per day"
                                 * is 0); -1: no plan (the setting decides) */
    bool plan_reviews_first;    /* today's number is held down by the reviews due
                                 * (they fill the study budget first) */
    int64_t unknown_cards;      /* studied cards the loaded decks lack */
} cp_game_state;

/* The plan's new cards still to come in today's drill: plan_new_today
 * less those introduced today (what the drill offers, held cards aside);
 * 0 without a plan. */
int cp_game_plan_new_left(const cp_game_state *state);

/* Pure: the state from a history and a record at `now`. days (may be NULL)
 * gets a malloc'd array of the day records from the first answered day to
 * today, *n_days its length (free() it). plan_start: when the current exam
 * date was set (0: now). CP_ERR_NOMEM only.
 * The record's settled days are taken as they are; only log rows above
 * record->settled_through are replayed, from the cards' state before them
 * (the history's memories with each such row undone). A history holding
 * the whole log with nothing settled is replayed from every card New. */
CP_NODISCARD cp_status cp_game_evaluate(const cp_history *history, const cp_game_record *record,
                           const cp_game_desc *desc, cp_time plan_start,
                           cp_time now, cp_game_state *out, cp_day_record **days,
                           size_t *n_days, cp_error *err);

/* ---- the app's game -------------------------------------------------------
 * The state is kept in memory and moved forward answer by answer in O(1)
 * of the history (XP, the day's record, the goal, the streak, the summary
 * the achievements measure); a full evaluation from the store happens at
 * open, on a new day, after settings change and after an undo. The events
 * an answer earns are written inside the caller's write group with the
 * answer itself (cp_game_answer), and the new state is taken only once the
 * group committed (cp_game_take). learner.h is the one caller. */

typedef struct cp_game cp_game;

/* Reads everything and pays what is owed (XP of finished mocks and
 * diagnostics, achievements earned meanwhile); notes (may be NULL) say
 * what. The store and the deck are borrowed and must outlive the game.
 * Free with cp_game_free(). */
CP_NODISCARD cp_status cp_game_open(cp_store *store, const cp_deck *deck, const cp_game_desc *desc,
                       cp_time now, cp_game **out, cp_game_notes *notes, cp_error *err);
void cp_game_free(cp_game *game);      /* accepts NULL */
const cp_game_state *cp_game_state_of(const cp_game *game);

/* A change prepared inside a write group, taken after it commits. */
typedef struct cp_game_step cp_game_step;
cp_game_step *cp_game_step_new(void);
void cp_game_step_free(cp_game_step *step);     /* accepts NULL */

/* Inside the caller's write group, after the answer's log row (id
 * review_id, card_id; row->card its deck index or -1) was written: writes
 * the events it earns (XP, goal met, level, freeze, achievements) and
 * prepares the state after it in step. Nothing in the game changes until
 * cp_game_take. */
CP_NODISCARD cp_status cp_game_answer(cp_game *game, const cp_log_entry *row, int64_t review_id,
                         const char *card_id, cp_difficulty card_difficulty, cp_time now,
                         cp_game_step *step, cp_error *err);
/* Inside the caller's write group, after a mock exam or diagnostic was
 * finished (kind: cp_history_kind): pays its XP and counts it. */
CP_NODISCARD cp_status cp_game_pay_attempt(cp_game *game, int64_t attempt_id, uint8_t kind, int32_t scaled,
                              cp_time now, cp_game_step *step, cp_error *err);
/* After the group committed: the state becomes step's; notes say what
 * happened. A step that needs a new day re-reads the store here. */
CP_NODISCARD cp_status cp_game_take(cp_game *game, const cp_game_step *step, cp_time now,
                       cp_game_notes *notes, cp_error *err);
/* When the day's drill queue is empty after at least one answer today:
 * stores it and pays the bonus once per learning day. */
CP_NODISCARD cp_status cp_game_drill_finished(cp_game *game, cp_time now, cp_game_notes *notes,
                                 cp_error *err);
/* At the end of a quiz round of n_questions: stores its score. */
CP_NODISCARD cp_status cp_game_round_finished(cp_game *game, const cp_round *round, int n_questions,
                                 cp_time now, cp_game_notes *notes, cp_error *err);
/* After a mock exam or a diagnostic was finished (and stored), after an
 * undo, after the settings changed, or when a new day starts: re-reads and
 * pays what is owed. */
CP_NODISCARD cp_status cp_game_refresh(cp_game *game, cp_time now, cp_game_notes *notes, cp_error *err);
/* Takes a new desc (e.g. after the settings changed); the settings and
 * params are copied. Call cp_game_refresh after it. */
void cp_game_set_desc(cp_game *game, const cp_game_desc *desc);

#endif
