/* cloudprep core: the figures of the stats screen and `cloudprep stats`.
 *
 *   heatmap      answers per learning day over the last 26 weeks (182 days
 *                ending today), each day kept or not, with the streak;
 *   time         seconds spent answering on each of those days;
 *   forecast     cards due on each of the next 30 days (today includes
 *                everything overdue);
 *   mocks        finished mock exams' scaled scores over time, with the pass
 *                line (700) and the target line (750);
 *   domains      mastery (mean retrievability of the domain's cards, an
 *                unseen card counting 0) and accuracy (answers not Again,
 *                last 30 days) per domain;
 *   retention    true retention: of the reviews of cards in Review state
 *                that were due (on or before that learning day), the share
 *                answered right, over the last 30 days, next to the desired
 *                retention;
 *   states       cards by state (New includes cards never seen);
 *   plan         where the learner stands on the study plan, when an exam
 *                date is set.
 * Each figure has a pure function over arrays; cp_stats_load reads the
 * store once (and writes nothing) and fills them all. */
#ifndef CLOUDPREP_STATS_H
#define CLOUDPREP_STATS_H

#include "cloudprep/game.h"

enum {
    CP_STATS_WEEKS = 26,
    CP_STATS_DAYS = 26 * 7,
    CP_STATS_FORECAST_DAYS = 30,
    CP_STATS_RECENT_DAYS = 30,
    CP_STATS_MAX_MOCKS = 100,
};

typedef struct cp_stats_day {
    int32_t day;            /* learning day number (history.h) */
    int32_t reviews;
    int32_t correct;
    int32_t seconds;
    bool kept;              /* goal met or nothing to do (game.h) */
} cp_stats_day;

typedef struct cp_stats_mock {
    int64_t id;
    cp_time at;             /* finished */
    int32_t scaled;
    bool passed;            /* >= 700 */
    bool full;              /* the full 90-minute form */
} cp_stats_mock;

typedef struct cp_stats {
    int32_t today;
    int first_weekday;                      /* of days[0]; 0 = Monday */
    cp_stats_day days[CP_STATS_DAYS];       /* oldest first; the last is today */
    cp_streak streak;
    int goal_minutes;
    int64_t xp;
    cp_level level;
    int32_t forecast[CP_STATS_FORECAST_DAYS];
    size_t n_mocks;
    cp_stats_mock mocks[CP_STATS_MAX_MOCKS];   /* oldest first, the latest ones */
    int pass_line;                          /* 700 */
    int target_line;                        /* 750 */
    int32_t domain_cards[CP_DOMAINS];
    int32_t domain_seen[CP_DOMAINS];
    double mastery[CP_DOMAINS];             /* 0..1 */
    int32_t answered[CP_DOMAINS];           /* last 30 days */
    int32_t correct[CP_DOMAINS];
    double accuracy[CP_DOMAINS];            /* correct / answered; 0 when none */
    int32_t due_reviews;                    /* last 30 days */
    int32_t due_right;
    double true_retention;                  /* due_right / due_reviews; 0 when none */
    double desired_retention;
    int32_t cards;
    int32_t by_state[4];                    /* cp_card_state order */
    int64_t total_seconds;                  /* all time */
    int64_t total_reviews;                  /* answers given in study, all time */
    cp_time earned_at[CP_ACH_COUNT];        /* 0: not earned */
    bool has_plan;
    cp_study_plan plan;
    cp_plan_today plan_today;
    int plan_new_left; /* cp_game_plan_new_left */
} cp_stats;

/* The heatmap rows for the CP_STATS_DAYS days ending at `today` from day
 * records (any span; days without a record are empty, not kept). */
void cp_stats_heatmap(const cp_day_record *days, size_t n_days, int32_t today,
                      int goal_minutes, cp_stats_day out[CP_STATS_DAYS]);

/* Cards due per day, out[0] being `today` (overdue included); New cards
 * are never due. */
void cp_stats_forecast(const cp_memory *memory, size_t n, const cp_day_clock *clock,
                       int32_t today, int32_t *out, size_t n_days);

/* Counts by state; out[CP_STATE_NEW] includes every never-seen card. */
void cp_stats_states(const cp_memory *memory, size_t n, int32_t out[4]);

/* True retention over log rows at or after `since`: due reviews of Review
 * cards and how many were answered right. */
void cp_stats_retention(const cp_log_entry *log, size_t n, const cp_day_clock *clock,
                        cp_time since, int32_t *due_reviews, int32_t *right);

/* Answers and right answers per domain over log rows at or after `since`
 * (rows of cards outside the deck are skipped). */
void cp_stats_accuracy(const cp_history *history, cp_time since,
                       int32_t answered[CP_DOMAINS], int32_t correct[CP_DOMAINS]);

/* Finished mock exams, oldest first; keeps the latest max of them.
 * Returns how many were written. */
size_t cp_stats_mocks(const cp_history_attempt *attempts, size_t n, cp_stats_mock *out,
                      size_t max);

/* Every figure from a history and a game record (desc as for the game;
 * goal_minutes and plan_start as cp_game_read_setup gives them). */
CP_NODISCARD cp_status cp_stats_compute(const cp_history *history, const cp_game_record *record,
                           const cp_game_desc *desc, cp_time plan_start,
                           cp_time now, cp_stats *out, cp_error *err);

/* Reads the store (nothing is written) and computes every figure. */
CP_NODISCARD cp_status cp_stats_load(cp_store *store, const cp_deck *deck, const cp_game_desc *desc,
                        cp_time now, cp_stats *out, cp_error *err);

#endif
