/* cloudprep core: the learner simulator, which measures whether the
 * readiness meter tells the truth about the real exam.
 *
 * The simulator plays the app: the real daily queue (cp_queue) on the
 * app's scheduler (default FSRS parameters), quiz rounds (cp_quiz_build),
 * the diagnostic on day 0, the mock reserve, and a full mock exam whenever
 * the meter says one is due (cp_exam_build, scored by the session and
 * score modules). Grading is the app's: right or wrong and the seconds
 * taken become a rating as in the drill (cp_queue_grade); a mock's misses
 * go into the drill as Again. The meter's prediction is taken before each
 * mock begins.
 *
 * The learners' answers come from an answerer (cp_sim_answerer): the
 * built-in learners below, or any other model (the `cloudprep sim
 * --learner-cmd` protocol is one). Both go through the same calls.
 *
 * Held-out questions (`holdout` F): per learner a seeded fraction F of
 * each domain's question cards is withheld. The drill, quiz rounds, mocks,
 * the diagnostic and the meter never see them. After every mock the
 * learner also sits a real-exam proxy: 50 scored questions by the domain
 * quotas drawn from the withheld cards, with the same cut and scale. The
 * meter is judged against both the mock and the proxy; the old memory
 * meter is computed beside it on the same learners, so the gap it left is
 * measured, not asserted. With `projection_day`, the study plan's
 * projection is checked the same way (cp_sim_projection).
 *
 * The built-in learner (cp_sim_builtin): per domain an aptitude, their own
 * FSRS memory (the default weights perturbed and scaled by aptitude) and
 * what they knew before starting. Understanding of a task statement grows
 * with how much of its material they hold: each study day,
 *   u_t = 1 - (1 - u0_d) * exp(-1.2 * a_d * c_t),
 * c_t the sum of their true retrievability over the task's cards they have
 * met, divided by 60% of the task's cards (at most 1). A question is
 * answered right with (1 - slip) * (g + (1 - g) * know), where
 *   know = 1 - (1 - m * R_i) * (1 - s(logit u_t - 0.6 b_i)),
 * R_i their true memory of that very item (0 if never met) and m the
 * memorisation level: at m = 0 a drilled item is no easier than an unseen
 * one of its task; at m = 0.8 drilled items are mostly answered from
 * memory of the item. Every answer except the proxy's updates their true
 * memory of the item. Deterministic for a seed. */
#ifndef CLOUDPREP_SIM_H
#define CLOUDPREP_SIM_H

#include "cloudprep/deck.h"
#include "cloudprep/readiness.h"

enum { CP_SIM_BINS = 10 };

typedef enum cp_sim_mode {
    CP_SIM_DRILL = 0,
    CP_SIM_QUIZ = 1,
    CP_SIM_DIAGNOSTIC = 2,
    CP_SIM_MOCK = 3,
    CP_SIM_EXAM = 4,        /* the real-exam proxy */
} cp_sim_mode;

/* "drill", "quiz", "diagnostic", "mock", "exam". */
const char *cp_sim_mode_name(cp_sim_mode mode);

/* One question put to a learner. */
typedef struct cp_sim_ask {
    size_t learner;         /* from 1 */
    int day;                /* from 0 */
    int64_t t;              /* seconds since this learner's start */
    size_t card;            /* deck index */
    cp_sim_mode mode;
} cp_sim_ask;

/* Where the learners' behaviour comes from. Each call returns CP_OK or an
 * error whose message names the request; the simulation stops on the
 * first error. */
typedef struct cp_sim_answerer {
    void *ctx;
    /* Once, first, with every card (withheld ones too). May be NULL. */
    cp_status (*deck)(void *ctx, const cp_deck *deck, cp_error *err);
    /* A new learner starts; learners come one after another. */
    cp_status (*learner)(void *ctx, size_t learner, uint64_t seed, cp_error *err);
    /* Whether this learner studies on this day. */
    cp_status (*day)(void *ctx, size_t learner, int day, bool *study, cp_error *err);
    /* Right (recalled, for a flashcard) or not; *seconds < 0: not said
     * (a typical time is used). */
    cp_status (*answer)(void *ctx, const cp_sim_ask *ask, bool *right, double *seconds,
                        cp_error *err);
} cp_sim_answerer;

/* The built-in learners as an answerer over `deck` (borrowed).
 * memorisation: 0..1. Free with cp_sim_builtin_free(). */
CP_NODISCARD cp_status cp_sim_builtin_new(const cp_deck *deck, double memorisation,
                                          cp_sim_answerer *out, cp_error *err);
void cp_sim_builtin_free(cp_sim_answerer *answerer);   /* accepts NULL */

/* Zero means default. */
typedef struct cp_sim_desc {
    size_t learners;        /* 0: 200 */
    int days;               /* 0: 60 */
    uint64_t seed;
    cp_time start;          /* 0: 2026-01-05 00:00 UTC */
    double holdout;         /* 0 <= F < 1: share of questions withheld per domain */
    bool no_reserve;        /* learners who turned the mock reserve off */
    double memorisation;    /* the built-in learners' m (when answerer is NULL) */
    const cp_sim_answerer *answerer;    /* NULL: the built-in learners */
    cp_readiness_desc readiness;        /* the model under test (transfer) */
    /* The plan projection's check (with holdout > 0): on this day (from
     * 0; 0: none) each learner's projection to the last day is recorded,
     * and on the last day they sit a real-exam proxy. */
    int projection_day;
} cp_sim_desc;

typedef struct cp_sim_mock {
    size_t learner;         /* from 0 */
    int day;                /* 0-based study day */
    double predicted_pass;
    int predicted_scaled;
    int band_low, band_high;
    cp_verdict verdict;
    int scaled;             /* what the mock scored */
    bool passed;
    int fresh_scored;       /* scored items new to the learner */
    bool has_exam;          /* a real-exam proxy was sat (holdout > 0) */
    int exam_scaled;
    bool exam_passed;
    /* The old memory meter on the same occasion. */
    double legacy_pass;
    int legacy_scaled;
    cp_verdict legacy_verdict;
} cp_sim_mock;

/* The study plan's projection, checked: on projection_day the meter is
 * carried (cp_readiness_assess at today's evidence) to the coverage the
 * learner reaches by the last day if they keep meeting each task's cards
 * at their pace so far (cards met per day since day 0, capped at the
 * task's cards), as `cloudprep plan` carries it to the plan's, and
 * calibrated for the days between (cp_projection_calibrate); on the last
 * day the learner sits a real-exam proxy. The summaries count the learners
 * the app would show a projection (`shown`: the meter has seen growth). */
typedef struct cp_sim_projection {
    size_t learner;         /* from 0 */
    int day;                /* made on */
    int target_day;         /* the last day, projected to */
    bool shown;             /* growth_sd <= CP_PROJECTION_GROWTH_SD_UNKNOWN */
    double predicted_pass;  /* calibrated */
    int predicted_scaled;
    int band_low, band_high;
    double carried_pass; /* the meter carried to the coverage, before calibration */
    int carried_scaled;
    double cov_now, cov_then; /* cp_projection_coverage today and carried */
    double growth_sd;
    double now_pass;        /* the meter on `day` as it stood (no growth) */
    int now_scaled;
    double end_pass;        /* the meter on the last day */
    int exam_scaled;        /* the proxy on the last day */
    bool exam_passed;
} cp_sim_projection;

typedef struct cp_sim_learner {
    uint32_t answers;       /* drill and quiz answers */
    int study_days;
    int mocks;
} cp_sim_learner;

typedef struct cp_sim_bin {
    size_t n;
    double mean_predicted;
    double actual_rate;
} cp_sim_bin;

/* One meter judged against one outcome (the mock or the proxy). */
typedef struct cp_sim_calibration {
    size_t n;
    cp_sim_bin bins[CP_SIM_BINS];
    double brier;
    double brier_base;      /* a constant predictor at the actual pass rate */
    double mae_scaled;      /* |predicted score - outcome| */
    double bias_scaled;     /* mean of predicted score - outcome */
    double predicted_pass_mean;
    double actual_pass_rate;
    size_t ready;           /* occasions the verdict was Ready */
    size_t ready_passed;    /* ... and the outcome passed */
    size_t first_ready;     /* learners ever Ready (their first Ready) */
    size_t first_ready_passed;
} cp_sim_calibration;

typedef struct cp_sim_result {
    size_t n_learners;
    cp_sim_learner *learners;   /* owned */
    size_t n_mocks;
    cp_sim_mock *mocks;         /* owned, learner by learner, in day order */
    cp_sim_calibration mock;    /* the meter against the next mock */
    cp_sim_calibration exam;    /* ... against the proxy (holdout > 0) */
    cp_sim_calibration legacy_mock, legacy_exam;    /* the old meter */
    double fresh_share;         /* scored mock items new to the learner */
    size_t n_projections;
    cp_sim_projection *projections; /* owned, one per learner (projection_day) */
    cp_sim_calibration projection;  /* the projection against the last day's proxy */
    cp_sim_calibration projection_carried; /* the meter carried, uncalibrated */
    cp_sim_calibration projection_now;  /* the meter as it stood that day, against it */
} cp_sim_result;

/* Runs the simulation on deck (its flashcards are drilled too; forms use
 * its question cards). CP_ERR_INVALID for an empty deck, one too small for
 * a form or a proxy, or a holdout outside [0, 1); an answerer's error
 * stops the run with its status. Free with cp_sim_result_free(). */
CP_NODISCARD cp_status cp_sim_run(const cp_deck *deck, const cp_sim_desc *desc,
                                  cp_sim_result *out, cp_error *err);
void cp_sim_result_free(cp_sim_result *result);    /* accepts NULL */

/* Fills the four calibrations from result->mocks, and the projection's
 * two from result->projections (their ready counts stay 0). */
void cp_sim_summarise(cp_sim_result *result);

#endif
