/* cloudprep core: the learner simulator, which measures whether the
 * readiness meter tells the truth.
 *
 * Each simulated learner has a known memory: per domain, their own FSRS
 * parameters (the default weights perturbed, initial stabilities and
 * recall growth scaled by a per-domain aptitude) and prior knowledge of
 * cards never studied. Every day they may study: the real daily queue
 * (cp_queue) on the app's scheduler (default FSRS parameters), grading
 * questions as the app does (wrong: Again, right: Good); sometimes a quiz
 * round of random questions; and a full mock exam whenever the readiness
 * meter says one is due. A mock is built by cp_exam_build and scored by the
 * session and score modules; the meter's prediction is taken before the
 * learner answers. Whether an answer is right is drawn from the learner's
 * true state: guess + (1 - guess) * know, know combining their true
 * retrievability and prior knowledge and shifted by the item's difficulty.
 *
 * The result: every mock's prediction and outcome, the calibration table of
 * predicted pass probability against the actual pass rate in ten bins, the
 * Brier score and the mean absolute error of the predicted scaled score.
 * Deterministic for a seed. */
#ifndef CLOUDPREP_SIM_H
#define CLOUDPREP_SIM_H

#include "cloudprep/readiness.h"

enum { CP_SIM_BINS = 10 };

/* Zero means default. */
typedef struct cp_sim_desc {
    size_t learners;        /* 0: 200 */
    int days;               /* 0: 60 */
    uint64_t seed;
    cp_time start;          /* 0: 2026-01-05 00:00 UTC */
    cp_readiness_desc readiness;    /* the model under test */
} cp_sim_desc;

typedef struct cp_sim_mock {
    size_t learner;
    int day;                /* 0-based study day */
    double predicted_pass;
    int predicted_scaled;
    int band_low, band_high;
    cp_verdict verdict;
    int scaled;             /* what the mock scored */
    bool passed;
    double true_pass;       /* the learner's true pass probability then */
} cp_sim_mock;

typedef struct cp_sim_learner {
    double aptitude[CP_DOMAINS];
    double prior_knowledge[CP_DOMAINS];
    double diligence;       /* chance of studying on a given day */
    int new_per_day;
    uint32_t reviews;       /* answers given in drill and quiz rounds */
} cp_sim_learner;

typedef struct cp_sim_bin {
    size_t n;
    double mean_predicted;
    double actual_rate;
} cp_sim_bin;

typedef struct cp_sim_result {
    size_t n_learners;
    cp_sim_learner *learners;   /* owned */
    size_t n_mocks;
    cp_sim_mock *mocks;         /* owned, learner by learner, in day order */
    cp_sim_bin bins[CP_SIM_BINS];
    double brier;
    double mae_scaled;
    double predicted_pass_mean;
    double actual_pass_rate;
} cp_sim_result;

/* Runs the simulation on deck (its flashcards are drilled too; forms use
 * its question cards). CP_ERR_INVALID for an empty deck or one too small
 * for a form. Free the result with cp_sim_result_free(). */
CP_NODISCARD cp_status cp_sim_run(const cp_deck *deck, const cp_sim_desc *desc,
                     cp_sim_result *out, cp_error *err);
void cp_sim_result_free(cp_sim_result *result);    /* accepts NULL */

/* Fills the bins, Brier score and MAE from result->mocks. */
void cp_sim_summarise(cp_sim_result *result);

#endif
