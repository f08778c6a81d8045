/* cloudprep core: the diagnostic's estimate and the study plan.
 *
 * The diagnostic (a 10-item form from cp_exam_build with kind
 * CP_EXAM_DIAGNOSTIC, 2/3/4/1 by domain) estimates the learner's ability
 * theta on the Rasch scale of the score module: the exact posterior on a
 * grid, prior N(0, 1.5^2) (a newcomer is taken to know about half of a
 * medium item's content, with wide doubt), likelihood prod s(theta - b_i)
 * for right answers and 1 - s(.) for wrong ones. The estimated scaled score
 * is the posterior mean of the scaled score that theta would earn on a
 * reference form of 50 medium items (cut 35); the band is the posterior's
 * 10th to 90th percentile. With 10 items it is wide (often 250 points), and
 * that is the honest answer.
 *
 * The weakest domain is the lowest of the per-domain rates, each shrunk
 * toward the learner's overall rate by two pseudo-answers (one item in
 * Billing says little); ties go to the heavier domain.
 *
 * The study plan, to an exam date (default: six weeks out), fits a daily
 * time budget (default 30 minutes): the most new cards a day, the same
 * every day, such that the planned minutes (new cards at 90 s, reviews at
 * 20 s) stay within the budget on every day to the exam, the reviews of
 * the plan's own cards growing as the plan goes (cp_plan_review_curve:
 * the expected reviews of a card on each day after its first, from the
 * scheduler's own intervals) on top of those of cards studied before
 * (cp_plan_review_load). When the budget covers the whole bank, the bank
 * is spread evenly over the days before the final review week instead.
 * Which cards come first: task statement by task statement, the next card
 * always from the task where one more card buys the most, exam share x
 * weakness: share_t / cards_t x (1 - s(level_t + growth x met_t / cards_t)),
 * the meter's understanding of the task growing with its coverage (so a
 * task's yield falls as it is covered and the plan interleaves). What the
 * budget cannot cover by the date is left out, and the plan says what.
 * Mock exams: weekly while new cards come in, then every other day in the
 * review week up to two days before the exam, so the three fresh mocks
 * the readiness meter asks for exist in time (they are not in the budget: 90
 * minutes each, beside the drill). The final review days are a sweep:
 * studied cards once more, as many a day as the budget leaves room for.
 * cp_plan_follow tells a learner, day by day, whether they are ahead of the
 * plan or behind it and what today's part is. */
#ifndef CLOUDPREP_PLAN_H
#define CLOUDPREP_PLAN_H

#include "cloudprep/exam.h"
#include "cloudprep/fsrs.h"

enum {
    CP_PLAN_DEFAULT_WEEKS = 6, CP_PLAN_MAX_MOCKS = 16,
    /* The drill's minute estimates: a new card's first sight with its
     * learning steps, and one review. */
    CP_PLAN_SECONDS_PER_NEW_CARD = 90, CP_PLAN_SECONDS_PER_REVIEW = 20,
    /* The daily study budget (the setting's range). */
    CP_PLAN_BUDGET_DEFAULT = 30, CP_PLAN_BUDGET_MIN = 10, CP_PLAN_BUDGET_MAX = 120,
};

/* Minutes a drill of `due` reviews and `fresh` new cards takes, about. */
int cp_plan_drill_minutes(int due, int fresh);
/* The longest a quiz round of `questions` at this pace can take, minutes. */
int cp_plan_quiz_minutes(int questions, int seconds_per_question);

typedef struct cp_diagnostic {
    int n_items;
    int correct;
    int domain_items[CP_DOMAINS];
    int domain_correct[CP_DOMAINS];
    double domain_rate[CP_DOMAINS]; /* shrunk toward the overall rate */
    int weakest_domain;             /* 1..4 */
    double ability;                 /* posterior mean, logits */
    double ability_sd;
    int scaled;                     /* estimated scaled score */
    int band_low, band_high;        /* 80 % credible band */
} cp_diagnostic;

/* The estimate from per-item results: difficulty (Rasch b), right or not,
 * domain 1..4. n may be 0 (the prior alone). */
void cp_plan_estimate(const double *difficulty, const bool *correct,
                      const int *domain, size_t n, cp_diagnostic *out);

/* The estimate of a finished diagnostic session built from `form`.
 * CP_ERR_INVALID while the session is open or when they do not match. */
CP_NODISCARD cp_status cp_plan_diagnose(const cp_exam_form *form,
                           const cp_exam_session *session, cp_diagnostic *out,
                           cp_error *err);

/* One task statement as the plan sees it (cp_projection fills these from
 * the deck, the learner's memories and the meter). */
typedef struct cp_plan_task {
    int unseen;             /* its cards the drill can still introduce (not held for mocks) */
    int unseen_flash;       /* of them flashcards */
    int total;              /* all its cards: the meter's coverage counts every one */
    double share;           /* its share of the exam's scored questions (the meter's) */
    double level;           /* understanding now, logits (the meter's; 0: no evidence) */
} cp_plan_task;

/* Zero means default. */
typedef struct cp_plan_desc {
    cp_time exam_date;          /* 0: six weeks from now */
    int review_days;            /* last days without new cards; 0: 7 */
    int mock_interval_days;     /* 0: 7 */
    int seconds_per_new_card;   /* first sight and learning steps; 0: 90 */
    int seconds_per_review;     /* 0: 20 */
    int budget_minutes;         /* the drill's minutes a day; 0: 30 (clamped to 10..120) */
    /* The order: CP_TASKS task statements (then unseen[] is ignored), or
     * NULL: by domain from unseen[], exam weight over cards left. */
    const cp_plan_task *tasks;
    double growth;              /* logits of understanding per unit of coverage
                                 * (the meter's); 0 or negative: 2; below 1: 1 */
    /* Expected reviews of cards studied before the plan, per day from now
     * (cp_plan_review_load); NULL: none. Days past n count none. */
    const double *review_load;
    size_t n_review_load;
    const cp_fsrs_params *params;   /* the scheduler the reviews follow; NULL: FSRS defaults */
    /* cp_plan_review_curve(params) over at least days_left days, when the
     * caller makes many plans (it takes milliseconds); NULL: computed. */
    const double *review_curve;
    size_t n_review_curve;
} cp_plan_desc;

typedef struct cp_study_plan {
    cp_time exam_date;
    int days_left;                  /* whole days to the exam, >= 1 */
    int new_card_days;              /* days on which new cards may come in (before the sweep) */
    int new_per_day[CP_DOMAINS];    /* the daily number split by domain (sums to the total) */
    int new_per_day_total;          /* new cards a day; 0: none fit, or none left */
    int drill_minutes;              /* a typical day's planned minutes (the days with new cards) */
    int weakest_domain;             /* as given; 0 for none */
    size_t n_mocks;
    cp_time mock_dates[CP_PLAN_MAX_MOCKS];
    /* Kept for following the plan (cp_plan_follow): */
    cp_time start;                  /* the `now` it was made at */
    int unseen[CP_DOMAINS];         /* as given (by task: summed by domain) */
    int review_days;                /* the final sweep: days_left - new_card_days */
    /* The budget fit: */
    int budget_minutes;             /* as used */
    int first_new_day;              /* new cards start here (a backlog of reviews first) */
    int new_days;                   /* days with new cards, from first_new_day */
    int last_day_new;               /* new cards on the last of them (<= the daily number) */
    int planned_total;              /* new cards the plan introduces by the exam */
    int planned[CP_DOMAINS];
    int planned_task[CP_TASKS];     /* by task (zero when made by domain) */
    int left_out;                   /* new cards the budget leaves out */
    int left_out_flash;             /* of them flashcards, about */
    int left_out_domain[CP_DOMAINS];
    int left_out_task[CP_TASKS];    /* by task (zero when made by domain) */
    int peak_minutes;               /* the most planned minutes on any day (<= the budget) */
    int sweep_cap;                  /* the sweep's re-reviews a day that fit the budget */
    bool by_task;
    bool whole_bank;                /* the budget covers every unseen card */
} cp_study_plan;

/* unseen[d]: question and flash cards of domain d+1 not yet studied
 * (ignored when desc->tasks is given). weakest_domain: 1..4, or 0 (only
 * for the wording). CP_ERR_INVALID when the exam date is not after now;
 * CP_ERR_NOMEM. */
CP_NODISCARD cp_status cp_plan_make(const cp_plan_desc *desc, const int unseen[CP_DOMAINS],
                       int weakest_domain, cp_time now, cp_study_plan *out,
                       cp_error *err);

/* The expected reviews of one card on each day after the day it is first
 * studied (out[0] is 0: the first day's learning steps are the new card's
 * own time), for a learner who answers Good as often as the scheduler's
 * desired retention says (at each review, with the retrievability then)
 * and Again otherwise: an Again costs the review and each relearning step.
 * From the scheduler's own intervals without fuzz (params NULL: FSRS
 * defaults), day by day over the memories a card can be in (memories
 * alike merged: stability within 35 %, difficulty within 1,
 * retrievability at the review within 0.1). */
void cp_plan_review_curve(const cp_fsrs_params *params, double *out, size_t n_days);

/* The same for cards already studied: expected reviews on each of the
 * n_days days from now (day k: [now + k days, now + k + 1 days)); an
 * overdue card is reviewed on day 0, a card in (re)learning steps goes on
 * with them. Cards alike merge as above, so a large collection costs
 * little more than one card. CP_ERR_NOMEM only. */
CP_NODISCARD cp_status cp_plan_review_load(const cp_fsrs_params *params, const cp_memory *memories,
                                           size_t n, cp_time now, double *out, size_t n_days,
                                           cp_error *err);

/* The plan day by day, for the days 0..n_days-1 (at most plan->days_left
 * are filled; the rest zero): new cards, expected reviews (the backlog of
 * cards studied before spread at the budget's pace, the plan's own cards'
 * reviews) and the minutes they take, sweep not included. desc must be the
 * one the plan was made with. CP_ERR_NOMEM only. */
typedef struct cp_plan_day {
    int new_cards;
    double reviews;
    double minutes;
} cp_plan_day;
CP_NODISCARD cp_status cp_plan_days(const cp_plan_desc *desc, const cp_study_plan *plan,
                                    cp_plan_day *out, size_t n_days, cp_error *err);

/* The plan in sentences, every figure with its unit, for the diagnostic's
 * screen, `cloudprep plan` and `stats`:
 *   new_cards  "12 new cards a day for 30 days: 360 in all (80 Concepts,
 *              120 Security, 130 Technology, 30 Billing), weak and heavily
 *              weighted tasks first." ("27 new cards a day for 34 days,
 *              then 1 on day 35: 919 in all (...)" when they do not
 *              divide; a backlog of reviews first: "After 2 days of
 *              catching up on reviews, ...")
 *   minutes    "About 28 minutes of drill a day with reviews, never more
 *              than 30 minutes."
 *   left_out   "" when the whole bank fits, else "It leaves out 183 new
 *              cards (about 63 of them flashcards), most on lower-yield
 *              tasks: 4.3, 1.4 and 2.4." (made by domain: "It leaves out
 *              183 new cards: 40 Concepts, 52 Security, 71 Technology,
 *              20 Billing.")
 *   sweep      "The last 7 days: no new cards; up to 60 studied cards a
 *              day once more." */
typedef struct cp_plan_text {
    char new_cards[320];
    char minutes[160];
    char left_out[240];
    char sweep[160];
} cp_plan_text;
void cp_plan_describe(const cp_study_plan *plan, cp_plan_text *out);

/* Following a plan, day by day. Day k is the k-th whole day (24 h) since
 * plan->start. By the end of day k the plan expects min(planned[d],
 * new_per_day[d] * (k + 1 - first_new_day)) new cards of domain d
 * introduced.
 *   Behind: fewer introduced than the plan expected by the end of
 *     yesterday. Ahead: a full day's new cards or more beyond the end of
 *     today's expectation (or everything introduced early). Else on track.
 *   Today's part: the new cards still missing to meet today's expectation,
 *     per domain, never more than twice the plan's daily number (a missed
 *     week is reported as behind, not piled onto one day); in the final
 *     sweep, the studied cards to re-review per day so every one is seen
 *     once more before the exam (ceil(studied / review_days)), at most what
 *     the budget leaves room for (sweep_cap); and whether a mock is
 *     planned today. */
typedef enum cp_plan_pace {
    CP_PLAN_ON_TRACK = 0,
    CP_PLAN_AHEAD = 1,
    CP_PLAN_BEHIND = 2,
} cp_plan_pace;

typedef enum cp_plan_phase {
    CP_PLAN_NEW_CARDS = 0,      /* new cards come in */
    CP_PLAN_SWEEP = 1,          /* the final review week */
    CP_PLAN_EXAM_DAY = 2,       /* the exam date is reached or past */
} cp_plan_phase;

typedef struct cp_plan_today {
    int day;                        /* 0-based day of the plan */
    int days_to_exam;               /* whole days left, 0 on the day */
    cp_plan_phase phase;
    cp_plan_pace pace;
    int expected;                   /* new cards expected by the end of today */
    int introduced;                 /* new cards introduced since the start */
    int cards_ahead;                /* introduced - expected (negative: behind) */
    int new_today[CP_DOMAINS];      /* today's part, still to do */
    int new_today_total;
    int sweep_per_day;              /* in the sweep: cards to re-review today */
    bool mock_today;
} cp_plan_today;

/* introduced[d]: cards of domain d+1 first studied since plan->start.
 * studied: cards studied in all (for the sweep's size). */
void cp_plan_follow(const cp_study_plan *plan, const int introduced[CP_DOMAINS],
                    int studied, cp_time now, cp_plan_today *out);

/* The drill's new cards for the plan's day `day` (0-based from its
 * start), counting those already taken that day: the day's share of the
 * plan plus what was left from earlier days (each domain at most twice
 * its daily number), given before[d], the cards of domain d+1 introduced
 * before that day. Fixed for the whole day. 0 before the first new-card
 * day and in the final sweep; -1 once the exam date is reached (the plan
 * no longer applies). */
int cp_plan_day_quota(const cp_study_plan *plan, int day, const int before[CP_DOMAINS],
                      cp_time now);

/* "on track", "ahead", "behind". */
const char *cp_plan_pace_name(cp_plan_pace pace);

#endif
