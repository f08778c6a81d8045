/* cloudprep core: the readiness meter.
 *
 * Per domain, the probability p_d of answering an unseen exam item right.
 * The memory model gives each question card
 *   p_i = (1 - slip) * (g + (1 - g) * s(logit(k_i) - slope * b_i)),
 * g the guessing rate, slip (0.02) the chance of misreading a known item,
 * b_i the difficulty label (-1, 0, +1), and k_i the knowledge:
 * 1 - (1 - R)(1 - k0) with R the FSRS retrievability, or k0
 * (`unseen_prior`) for a card never studied. The learner's recent answers
 * then calibrate it: each answer's model probability at the time it was
 * given is summed (cp_accuracy.expected), and the gap between what was
 * expected and what happened becomes a logit offset, first for the learner
 * as a whole and then per domain, each shrunk by `model_weight`
 * pseudo-answers. p_d is the domain mean of s(logit p_i + offset_d). So a
 * learner whose memory outlasts the FSRS defaults is not under-predicted.
 *
 * The pass probability is exact: the number right over the 50 scored items
 * is a Poisson-binomial over the domain quotas (12, 15, 17, 6), each quota
 * split over the difficulty labels in the bank's proportions, each group at
 * its mean p (a harder group lowers the cut too), averaged over a normal uncertainty of the learner's ability (sd
 * `ability_sd` logits, 21-point quadrature) because p_d is itself an
 * estimate. The predicted scaled score and its band come from the same
 * distribution. docs/scoring.md shows the calibration the learner simulator
 * measured.
 *
 * Verdict: Ready only when the pass probability is >= 0.9, the last five
 * full timed mocks were all >= 750, and no domain is more than 10 points
 * below the learner's average (the quota-weighted mean of p_d, in percent).
 * Getting close: not Ready but the pass probability is >= 0.5. Otherwise
 * Not ready. Every rule is returned as a reason, met or not. */
#ifndef CLOUDPREP_READINESS_H
#define CLOUDPREP_READINESS_H

#include "cloudprep/exam.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/store.h"

#define CP_READY_PASS_PROBABILITY 0.9
#define CP_READY_CLOSE_PROBABILITY 0.5
#define CP_READY_DOMAIN_GAP 10.0    /* percentage points below the average */
enum { CP_READY_MOCKS = 5, CP_READY_MAX_REASONS = 8, CP_READY_RECENT_DAYS = 14,
       /* At most this many of the newest answers of those days are read:
        * far more than the 40 pseudo-answers of the model weigh against,
        * and the meter's start stays bounded (357 answers a day for two
        * weeks are all read). */
       CP_READY_RECENT_MAX = 5000 };

/* Question answers in one domain over the last two weeks (drill, quiz
 * rounds and mocks; of the newest CP_READY_RECENT_MAX answers). `expected` is the sum of cp_readiness_card_p() for
 * each answer at the moment it was given (from the review log's memory
 * before the answer); 0 when not known, and then the current model stands
 * in for it. Drill answers matter: they are the bulk of the evidence about
 * how this learner's memory differs from the FSRS defaults, and comparing
 * each with its own expectation removes the queue's bias toward due cards. */
typedef struct cp_accuracy {
    uint32_t answered;
    uint32_t correct;
    double expected;
} cp_accuracy;

/* One finished mock exam. */
typedef struct cp_mock_result {
    cp_time at;
    int scaled;
    bool full_timed;        /* 65 items, 90 minutes, not abandoned */
    int predicted;          /* the meter's predicted score when it began; 0 unknown */
} cp_mock_result;

/* Zero means default. */
typedef struct cp_readiness_desc {
    double unseen_prior;    /* knowledge of a card never studied; 0: 0.3 */
    double difficulty_slope;/* logits of knowing per difficulty level; 0: 0.6 */
    double slip;            /* chance of missing a known item; 0: 0.02; < 0: none */
    double model_weight;    /* pseudo-answers behind the model; 0: 40 */
    double ability_sd;      /* logits; 0: 0.1; negative: none */
    int mock_interval_days; /* 0: 7 */
} cp_readiness_desc;

typedef struct cp_readiness_input {
    const cp_exam_bank *bank;       /* question cards (+ their item data) */
    const cp_memory *memories;      /* parallel to bank->cards; NULL: all New */
    const cp_fsrs_params *params;   /* NULL: FSRS defaults */
    cp_accuracy recent[CP_DOMAINS];
    const cp_mock_result *mocks;    /* oldest first */
    size_t n_mocks;
    cp_time started_at;             /* first study day (first mock due from it) */
} cp_readiness_input;

typedef enum cp_verdict {
    CP_NOT_READY = 0,
    CP_GETTING_CLOSE = 1,
    CP_READY = 2,
} cp_verdict;

typedef enum cp_reason_code {
    CP_REASON_PASS_PROBABILITY = 0, /* value: the probability */
    CP_REASON_MOCK_COUNT = 1,       /* value: full timed mocks taken */
    CP_REASON_MOCK_SCORES = 2,      /* value: lowest of the last five */
    CP_REASON_DOMAIN_GAP = 3,       /* domain, value: points below average */
} cp_reason_code;

typedef struct cp_reason {
    cp_reason_code code;
    bool met;
    int domain;             /* 1..4 for CP_REASON_DOMAIN_GAP, else 0 */
    double value;
    char text[128];         /* a sentence for the screen */
} cp_reason;

typedef struct cp_readiness {
    double domain_p[CP_DOMAINS];    /* 0..1 */
    double average_p;               /* quota-weighted */
    double expected_raw;            /* of 50 */
    double cut_raw;                 /* of a form from this bank */
    int pass_raw;
    double pass_probability;
    int predicted_scaled;           /* mean of the scaled score */
    int band_low, band_high;        /* its 10th and 90th percentiles */
    cp_verdict verdict;
    size_t n_reasons;
    cp_reason reasons[CP_READY_MAX_REASONS];
    cp_time next_mock_due;          /* <= now means: take one now */
    bool mock_due;
    int next_mock_days;             /* whole days until it is due, rounded up; 0: now */
} cp_readiness;

/* The memory model's probability of a right answer on card at `now`
 * (params NULL: FSRS defaults; memory NULL or New: the unseen prior). */
double cp_readiness_card_p(const cp_card *card, const cp_memory *memory,
                           const cp_fsrs_params *params,
                           const cp_readiness_desc *desc, cp_time now);

/* The meter from a learner's store: the deck's question cards with their
 * memories (deck order, NULL: all New), the last CP_READY_RECENT_DAYS of
 * answers (at most the newest CP_READY_RECENT_MAX) and every finished mock. CP_ERR_INVALID without question cards. */
CP_NODISCARD cp_status cp_readiness_load(cp_store *store, const cp_deck *deck, const cp_memory *memories,
                            const cp_fsrs_params *params, cp_time now, cp_readiness *out,
                            cp_error *err);

/* The meter at `now`. CP_ERR_INVALID without a bank with question cards. */
CP_NODISCARD cp_status cp_readiness_assess(const cp_readiness_input *in,
                              const cp_readiness_desc *desc, cp_time now,
                              cp_readiness *out, cp_error *err);

/* From per-domain probabilities onward: fills pass_probability, expected_raw,
 * the predicted score and band for this cut (out->domain_p must be set). */
void cp_readiness_predict(const cp_readiness_desc *desc, double cut_raw,
                          cp_readiness *out);

/* Sets verdict and reasons from out->pass_probability and out->domain_p. */
void cp_readiness_judge(const cp_mock_result *mocks, size_t n_mocks,
                        cp_readiness *out);

/* When the next mock is due: interval days after the last full timed mock
 * (or after started_at), or now when the predicted score has crossed 700
 * since the last mock was begun (or has reached it with no mock yet). */
cp_time cp_readiness_next_mock(const cp_mock_result *mocks, size_t n_mocks,
                               cp_time started_at, int predicted_scaled,
                               int interval_days, cp_time now);

/* Distribution of the number of successes of n independent trials with
 * probabilities p[0..n-1]: out[k] = P(k), k = 0..n (out holds n + 1). */
void cp_poisson_binomial(const double *p, size_t n, double *out);

const char *cp_verdict_name(cp_verdict verdict);   /* "Not ready", ... */

#endif
