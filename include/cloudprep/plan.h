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
 * The study plan, to an exam date (default: six weeks out): new cards per
 * day by domain so every unseen card is introduced before the final review
 * week (the weakest domain a quarter sooner, so it gets more reviews), the
 * daily drill minutes this implies, and the dates of suggested mocks:
 * weekly while new cards come in, then every other day in the review phase
 * up to two days before the exam, so three fresh mocks exist when the
 * readiness meter asks for them. The final review days are a sweep: every
 * studied card once more (cp_plan_follow says how many per day).
 * cp_plan_follow tells a learner, day by day, whether they are ahead of the
 * plan or behind it and what today's part is. */
#ifndef CLOUDPREP_PLAN_H
#define CLOUDPREP_PLAN_H

#include "cloudprep/exam.h"

enum {
    CP_PLAN_DEFAULT_WEEKS = 6, CP_PLAN_MAX_MOCKS = 16,
    /* The drill's minute estimates: a new card's first sight with its
     * learning steps, and one review. */
    CP_PLAN_SECONDS_PER_NEW_CARD = 90, CP_PLAN_SECONDS_PER_REVIEW = 20,
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

/* Zero means default. */
typedef struct cp_plan_desc {
    cp_time exam_date;          /* 0: six weeks from now */
    int review_days;            /* last days without new cards; 0: 7 */
    int mock_interval_days;     /* 0: 7 */
    int seconds_per_new_card;   /* first sight and learning steps; 0: 90 */
    int seconds_per_review;     /* 0: 20 */
} cp_plan_desc;

typedef struct cp_study_plan {
    cp_time exam_date;
    int days_left;                  /* whole days to the exam, >= 1 */
    int new_card_days;              /* days on which new cards come in */
    int new_per_day[CP_DOMAINS];
    int new_per_day_total;
    int drill_minutes;              /* per day, on average */
    int weakest_domain;             /* as given; 0 for none */
    size_t n_mocks;
    cp_time mock_dates[CP_PLAN_MAX_MOCKS];
    /* Kept for following the plan (cp_plan_follow): */
    cp_time start;                  /* the `now` it was made at */
    int unseen[CP_DOMAINS];         /* as given */
    int review_days;                /* the final sweep: days_left - new_card_days */
} cp_study_plan;

/* unseen[d]: question and flash cards of domain d+1 not yet studied.
 * weakest_domain: 1..4, or 0. CP_ERR_INVALID when the exam date is not
 * after now. */
CP_NODISCARD cp_status cp_plan_make(const cp_plan_desc *desc, const int unseen[CP_DOMAINS],
                       int weakest_domain, cp_time now, cp_study_plan *out,
                       cp_error *err);

/* Following a plan, day by day. Day k is the k-th whole day (24 h) since
 * plan->start. By the end of day k the plan expects min(unseen[d],
 * new_per_day[d] * (k + 1)) new cards of domain d introduced.
 *   Behind: fewer introduced than the plan expected by the end of
 *     yesterday. Ahead: a full day's new cards or more beyond the end of
 *     today's expectation (or everything introduced early). Else on track.
 *   Today's part: the new cards still missing to meet today's expectation,
 *     per domain, never more than twice the plan's daily number (a missed
 *     week is reported as behind, not piled onto one day); in the final
 *     sweep, the studied cards to re-review per day so every one is seen
 *     once more before the exam (ceil(studied / review_days)); and whether a
 *     mock is planned today. */
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

/* "on track", "ahead", "behind". */
const char *cp_plan_pace_name(cp_plan_pace pace);

#endif
