/* cloudprep core: scaled scoring (item difficulty, the Angoff cut, raw to
 * scaled, the exam report).
 *
 * The model (docs/scoring.md has the why and its limits; AWS publishes no
 * formula):
 * - Each item has a Rasch difficulty b in logits. The deck's `difficulty` is
 *   the prior (easy -1, medium 0, hard +1); response data refines it with a
 *   maximum a posteriori estimate under a normal prior of sd 0.7.
 * - A candidate of ability theta answers an item right with probability
 *   1 / (1 + exp(b - theta)).
 * - The minimally competent candidate (MCC) has ability logit(0.7): a medium
 *   item is answered right 70 % of the time by someone who just passes.
 * - The form's cut raw score is the Angoff sum of the MCC's probabilities
 *   over the scored items. Raw r maps piecewise linearly: 0 -> 100,
 *   cut -> 700, n_scored -> 1000, rounded to an integer; pass at >= 700. */
#ifndef CLOUDPREP_SCORE_H
#define CLOUDPREP_SCORE_H

#include "cloudprep/blueprint.h"
#include "cloudprep/deck.h"

/* Ability of the minimally competent candidate, logit(0.7). */
#define CP_SCORE_MCC_ABILITY 0.8472978603872037
/* Prior sd of an item's difficulty around its deck label (logits). */
#define CP_SCORE_PRIOR_SD 0.7

/* Response data of one item: how many times it was answered, how many right.
 * Feed first-time answers (or data pooled across learners): a learner's
 * repeated answers to a card they study measure memory, not difficulty. */
typedef struct cp_item_data {
    uint32_t responses;
    uint32_t correct;
} cp_item_data;

/* -1, 0, +1 logits for easy, medium, hard. */
double cp_score_prior_difficulty(cp_difficulty difficulty);

/* The item's difficulty: the MAP estimate of b given the prior label and the
 * data (NULL or no responses: the prior), taking those who answered to have
 * the MCC's ability. Newton's method on a concave log posterior. */
double cp_score_item_difficulty(cp_difficulty prior, const cp_item_data *data);

/* Rasch probability of a right answer. */
double cp_score_p_correct(double ability, double difficulty);

/* Angoff cut: sum over the items of the MCC's probability of a right answer. */
double cp_score_cut_raw(const double *difficulties, size_t n);

/* Scaled score of `raw` right out of n_scored with this cut (clamped into
 * [1, n_scored - 1] so both line pieces exist). Monotone in raw; 100 at 0,
 * 700 at the cut, 1000 at n_scored. */
int cp_score_scale(double raw, double cut_raw, int n_scored);
/* The same before rounding. */
double cp_score_scale_exact(double raw, double cut_raw, int n_scored);

/* The smallest whole raw score whose scaled score passes (>= 700). */
int cp_score_pass_raw(double cut_raw, int n_scored);

/* ---- the report of a finished exam ------------------------------------- */

/* One missed (wrong or unanswered) item. Choice sets are bit masks over the
 * card's choices in deck order (bit i = choices[i]). Unscored items are
 * listed too (they teach as much) and nothing here tells them apart. */
typedef struct cp_score_miss {
    size_t position;        /* 0-based order on the form */
    const cp_card *card;    /* card->answer is the explanation */
    uint32_t chosen;        /* 0 when unanswered */
    uint32_t correct;
} cp_score_miss;

typedef struct cp_score_domain {
    int items;              /* scored items of the domain on the form */
    int correct;
    double percent;         /* 0..100; 0 when the domain had no items */
} cp_score_domain;

typedef struct cp_score_report {
    int raw;                /* scored items right */
    int n_scored;
    double cut_raw;
    int scaled;             /* 100..1000 */
    bool passed;            /* scaled >= 700 */
    cp_score_domain domains[CP_DOMAINS];
    int32_t time_limit_s;
    int32_t time_used_s;
    bool timed_out;
    size_t n_items;         /* all items on the form */
    size_t n_answered;
    size_t n_misses;
    cp_score_miss misses[CP_EXAM_QUESTIONS];
} cp_score_report;

#endif
