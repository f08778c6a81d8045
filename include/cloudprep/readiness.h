/* cloudprep core: the readiness meter.
 *
 * The meter predicts the real exam: a form of questions the learner has
 * never seen. Two models are kept; the transfer model is the meter, the
 * memory model is the old meter, kept so the simulator can show the gap it
 * left (docs/scoring.md).
 *
 * Transfer (CP_READINESS_TRANSFER, the default). The evidence is every
 * first exposure to a question card: a new card's first answer in the
 * drill, in a quiz round, in the diagnostic, or a fresh mock item. A
 * repeat of a drilled card says how well that card is remembered, not how
 * well an unseen question on its task would go, so repeats are not used.
 * Understanding grows with study, so each first answer is read at the
 * coverage of its task when it was given (the share of the task's cards
 * the learner had met), and the level is predicted at today's coverage:
 *   theta_t(x) = theta_0 + delta_d(t) + eps_t + gamma * x,
 * with priors theta_0 ~ N(logit 0.35, 1.5^2) (understanding before any
 * study), delta_d ~ N(0, 0.5^2), eps_t ~ N(0, 0.4^2) and gamma ~ N(0, 5^2):
 * a task with little evidence is shrunk toward its domain, a domain toward
 * the learner. An item of task t and difficulty label b (-1, 0, +1) is
 * answered right with
 *   P = (1 - slip) * (g + (1 - g) * s(theta_t(x) - slope * b)),
 * g the guessing rate. Older evidence counts less (weight halved every
 * `half_life_days`). The posterior mode is found by Fisher scoring on the
 * 25 parameters; its covariance gives the uncertainty of the form's mean
 * logit, which becomes the ability sd of the pass-probability mixture.
 * Per domain, p_d is the mean P over the bank's question cards.
 *
 * Memory (CP_READINESS_MEMORY, the old meter). Each question card's
 *   p_i = (1 - slip) * (g + (1 - g) * s(logit(k_i) - slope * b_i)),
 * k_i = 1 - (1 - R)(1 - k0) with R the FSRS retrievability, or k0
 * (`unseen_prior`) for a card never studied, calibrated by the learner's
 * recent answers (a logit offset for the learner, then per domain, each
 * shrunk by `model_weight` pseudo-answers).
 *
 * The pass probability is exact for either: the number right over the 50
 * scored items is a Poisson-binomial over the domain quotas (12, 15, 17,
 * 6), each quota split over the difficulty labels in the bank's
 * proportions, each group at its mean p (a harder group lowers the cut
 * too), averaged over a normal uncertainty of the learner's ability
 * (21-point quadrature). The predicted scaled score and its band come from
 * the same distribution.
 *
 * Verdict: Ready only when the pass probability is >= 0.9, the last
 * CP_READY_MOCKS fresh full timed mocks (at least 80% of the scored items
 * new to the learner) were all >= 750, and no domain is more than 10
 * points below the learner's average (the quota-weighted mean of p_d, in
 * percent). A mock mostly of questions seen before does not count, and the
 * reasons say so. Getting close: not Ready but the pass probability is >=
 * 0.5. Otherwise Not ready. Every rule is returned as a reason, met or
 * not. (The memory model keeps its old rule: the last five full timed
 * mocks, fresh or not.) */
#ifndef CLOUDPREP_READINESS_H
#define CLOUDPREP_READINESS_H

#include "cloudprep/exam.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/store.h"

#define CP_READY_PASS_PROBABILITY 0.9
#define CP_READY_CLOSE_PROBABILITY 0.5
#define CP_READY_DOMAIN_GAP 10.0    /* percentage points below the average */
#define CP_READY_FRESH_SHARE 0.8     /* a mock counts when this share of its scored items was new */
enum {
    CP_READY_MOCKS = 3,             /* fresh full timed mocks at 750+ for Ready */
    CP_READY_MOCKS_MEMORY = 5,      /* the old rule, any full timed mocks */
    CP_READY_MAX_REASONS = 8,
    CP_READY_RECENT_DAYS = 14,
};

/* Question answers in one domain over the last two weeks (drill, quiz
 * rounds and mocks). `expected` is the sum of cp_readiness_card_p() for
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
    int fresh_scored;       /* scored items new to the learner; -1 unknown */
    int n_scored;           /* 0: 50 */
} cp_mock_result;

/* A first exposure to a question card: the transfer model's evidence. */
typedef struct cp_first_answer {
    size_t card;            /* index into the bank */
    bool correct;
    cp_time at;
    double coverage;        /* share of its task's cards met before it, 0..1 */
} cp_first_answer;

typedef enum cp_readiness_model {
    CP_READINESS_TRANSFER = 0,
    CP_READINESS_MEMORY = 1,
} cp_readiness_model;

/* Zero means default. */
typedef struct cp_readiness_desc {
    cp_readiness_model model;
    /* transfer */
    double prior_mean;      /* probability of understanding before evidence; 0: 0.35 */
    double prior_sd;        /* logits, the learner's overall level; 0: 1.5 */
    double domain_sd;       /* 0: 0.5 */
    double task_sd;         /* 0: 0.4 */
    double growth_sd;       /* prior sd of the growth with coverage; 0: 5 */
    double half_life_days;  /* evidence weight halves; 0: 30; < 0: no decay */
    double sd_floor;        /* logits added to the posterior sd; 0: 0.1 */
    /* memory */
    double unseen_prior;    /* knowledge of a card never studied; 0: 0.3 */
    double difficulty_slope;/* logits of knowing per difficulty level; 0: 0.6 */
    double slip;            /* chance of missing a known item; 0: 0.02; < 0: none */
    double model_weight;    /* pseudo-answers behind the model; 0: 40 */
    double ability_sd;      /* memory model: logits; 0: 0.1; negative: none */
    int mock_interval_days; /* 0: 7 */
} cp_readiness_desc;

typedef struct cp_readiness_input {
    const cp_exam_bank *bank;       /* question cards (+ their item data and
                                     * last_seen: fresh mocks left) */
    const cp_first_answer *first;   /* transfer: first exposures, any order */
    size_t n_first;
    double coverage_now[CP_TASKS];  /* transfer: share of each task's cards met */
    const cp_memory *memories;      /* memory: parallel to bank->cards; NULL: all New */
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
    CP_REASON_MOCK_SCORES = 2,      /* value: lowest of the counted mocks */
    CP_REASON_DOMAIN_GAP = 3,       /* domain, value: points below average */
    CP_REASON_FRESH_MOCKS = 4,      /* value: recent full timed mocks that were
                                     * mostly repeats (met: none were) */
} cp_reason_code;

typedef struct cp_reason {
    cp_reason_code code;
    bool met;
    int domain;             /* 1..4 for CP_REASON_DOMAIN_GAP, else 0 */
    double value;
    char text[128];         /* a sentence for the screen */
} cp_reason;

/* The transfer model's understanding of one task statement, for the
 * study plan (which puts weak, heavy tasks first). */
typedef struct cp_readiness_task {
    double level;           /* understanding at today's coverage, logits
                             * (theta_t(x): a medium item, before guess and slip) */
    double share;           /* the task's share of the representative form */
    double coverage;        /* share of its cards met, as the model read it */
} cp_readiness_task;

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
    int fresh_mocks_left;           /* whole forms of never-seen questions left */
    double evidence;                /* transfer: weighted first exposures behind it */
    double ability_sd;              /* the sd the pass probability was mixed over */
    /* Transfer model only (zero for the memory model): */
    cp_readiness_task tasks[CP_TASKS];
    double growth;                  /* gamma: logits of understanding per unit of coverage */
    double growth_sd;               /* its posterior sd (the prior's 5 when nothing shows it) */
} cp_readiness;

/* The memory model's probability of a right answer on card at `now`
 * (params NULL: FSRS defaults; memory NULL or New: the unseen prior). */
double cp_readiness_card_p(const cp_card *card, const cp_memory *memory,
                           const cp_fsrs_params *params,
                           const cp_readiness_desc *desc, cp_time now);

/* The meter from a learner's store: the deck's question cards with their
 * memories (deck order, NULL: all New), the last CP_READY_RECENT_DAYS of
 * answers and every finished mock. CP_ERR_INVALID without question cards. */
CP_NODISCARD cp_status cp_readiness_load(cp_store *store, const cp_deck *deck, const cp_memory *memories,
                            const cp_fsrs_params *params, cp_time now, cp_readiness *out,
                            cp_error *err);

/* The deck's first exposures, kept in memory (by the learner), parallel
 * to the deck: flags[i] & CP_SEEN_MET when card i was met, then at[i]
 * was the first time and flags[i] & CP_SEEN_RIGHT says it was answered
 * right. The same rows as the store's exposure table. */
enum { CP_SEEN_MET = 1, CP_SEEN_RIGHT = 2 };
typedef struct cp_first_seen {
    const cp_time *at;
    const uint8_t *flags;
} cp_first_seen;

/* cp_readiness_load with the first exposures taken from `seen` rather
 * than read from the store (which still gives the mocks). */
CP_NODISCARD cp_status cp_readiness_load_seen(cp_store *store, const cp_deck *deck,
                                              const cp_memory *memories,
                                              const cp_fsrs_params *params,
                                              const cp_first_seen *seen, cp_time now,
                                              cp_readiness *out, cp_error *err);

/* The meter as it would read once extra_met[t] more cards of each task
 * have been met (a plan's new cards up to a date): the same evidence and
 * model, understanding carried to the coverage then. Its pass probability
 * and band are the projection for that date, if the learner follows the
 * plan. (The verdict's mock rules still read today's mocks.) */
CP_NODISCARD cp_status cp_readiness_project(cp_store *store, const cp_deck *deck, cp_time now,
                                            const int extra_met[CP_TASKS], cp_readiness *out,
                                            cp_error *err);

/* The same for n coverages at once, from one read of the store:
 * out[i] as cp_readiness_project with extra_met[i]. */
CP_NODISCARD cp_status cp_readiness_project_many(cp_store *store, const cp_deck *deck, cp_time now,
                                                 const int (*extra_met)[CP_TASKS], size_t n,
                                                 cp_readiness *out, cp_error *err);

/* The meter at `now`. CP_ERR_INVALID without a bank with question cards. */
CP_NODISCARD cp_status cp_readiness_assess(const cp_readiness_input *in,
                              const cp_readiness_desc *desc, cp_time now,
                              cp_readiness *out, cp_error *err);

/* From per-domain probabilities onward: fills pass_probability, expected_raw,
 * the predicted score and band for this cut (out->domain_p must be set). */
void cp_readiness_predict(const cp_readiness_desc *desc, double cut_raw,
                          cp_readiness *out);

/* Sets verdict and reasons from out->pass_probability and out->domain_p,
 * with the model's mock rule (desc NULL: the transfer model's). */
void cp_readiness_judge(const cp_readiness_desc *desc, const cp_mock_result *mocks,
                        size_t n_mocks, cp_readiness *out);
/* A mock that counts toward Ready under the transfer model's rule. */
bool cp_readiness_mock_fresh(const cp_mock_result *mock);
/* What a finished mock's fresh count means, for its results: "38 of the
 * 50 scored questions were new to you." and, when too few were new for it
 * to count toward Ready, "You had seen 31 of these 50 questions before:
 * this score overstates your readiness." fresh_scored < 0: unknown (""). */
void cp_readiness_fresh_note(int fresh_scored, int n_scored, char *out, size_t size);
/* A pass chance as the whole percent every screen shows: rounded down, so
 * a chance short of a threshold never reads as meeting it (0.897 is 89 %,
 * not "90 % (Ready needs 90 %)"). 0 for NaN or below 0, 100 at most. */
int cp_readiness_percent(double p);

/* When the next mock is due: interval days after the last full timed mock
 * (or after started_at). Not sooner when the prediction rises: mocks the
 * meter asks for on its own rise find it too hopeful (docs/scoring.md). */
cp_time cp_readiness_next_mock(const cp_mock_result *mocks, size_t n_mocks, cp_time started_at,
                               int interval_days);

/* Distribution of the number of successes of n independent trials with
 * probabilities p[0..n-1]: out[k] = P(k), k = 0..n (out holds n + 1). */
void cp_poisson_binomial(const double *p, size_t n, double *out);

const char *cp_verdict_name(cp_verdict verdict);   /* "Not ready", ... */

#endif
