/* cloudprep core: the FSRS-6 parameter optimizer (fits the 21 weights to a
 * learner's review log) and its evaluation (log loss, RMSE over bins).
 *
 * It follows fsrs-rs 6.5's training procedure (compute_parameters): one
 * training item per review that comes a day or more after the card's
 * previous one, carrying the card's reviews up to it; outlier filtering;
 * pre-training of the four initial stabilities from first-review outcomes;
 * then Adam on mini-batches of binary cross-entropy with L2 pull toward the
 * starting point, a cosine learning rate, fsrs-rs's parameter clamps, and
 * the best epoch kept. The model is fsrs-rs's (not the scheduler's
 * ts-fsrs rounding): see docs/scheduling.md, "Fitting the parameters".
 * Everything is deterministic for the same input and options, and nothing
 * here touches a global: cp_fsrs_opt_fit can run on a worker thread. */
#ifndef CLOUDPREP_FSRS_OPT_H
#define CLOUDPREP_FSRS_OPT_H

#include "cloudprep/common.h"
#include "cloudprep/fsrs.h"

/* One answer in a review log. A card's reviews must come in the order they
 * were given (days never decrease; several on one day are same-day
 * reviews, in order); cards may be interleaved in any way. */
typedef struct cp_fsrs_opt_review {
    uint32_t card;          /* any number naming the card */
    int32_t day;            /* learning day number */
    uint8_t rating;         /* cp_rating, 1..4 */
} cp_fsrs_opt_review;

/* Called after every mini-batch, on the thread running the fit, with the
 * items processed so far over all epochs and the total. Return false to
 * stop: the fit returns CP_ERR_CANCELLED. */
typedef bool (*cp_fsrs_opt_progress_fn)(void *ctx, size_t done, size_t total);

/* Zero means fsrs-rs's default for every field. */
typedef struct cp_fsrs_opt_desc {
    bool short_term;            /* also fit w0-w3 by gradient and w17-w19
                                 * (same-day reviews); off: w17-w19 are 0 */
    int relearning_steps;       /* the scheduler's relearning steps (1) */
    int epochs;                 /* 5 */
    int batch_size;             /* 512 */
    uint64_t seed;              /* the batch order's seed (2023) */
    double learning_rate;       /* 0.04 */
    int max_seq_len;            /* longest history trained on (256) */
    double gamma;               /* L2 strength (1.0); < 0 means none */
    cp_fsrs_opt_progress_fn progress;
    void *progress_ctx;
} cp_fsrs_opt_desc;

/* How well a parameter set predicts a log, computed as fsrs-rs's evaluate
 * (and Anki's Evaluate): on the log's items after outlier filtering,
 * recency weighted; RMSE over (interval, review count, lapses) bins. */
typedef struct cp_fsrs_opt_eval {
    double log_loss;
    double rmse_bins;
    size_t items;               /* items evaluated; 0: none (both NaN) */
} cp_fsrs_opt_eval;

typedef enum cp_fsrs_opt_outcome {
    CP_FSRS_OPT_DEFAULTS = 0,   /* too little data: the default weights */
    CP_FSRS_OPT_PRETRAINED = 1, /* only w0-w3 from first reviews */
    CP_FSRS_OPT_FITTED = 2,     /* the whole procedure ran */
} cp_fsrs_opt_outcome;

typedef struct cp_fsrs_opt_result {
    double w[CP_FSRS_WEIGHTS];
    cp_fsrs_opt_outcome outcome;
    size_t items;               /* training items built from the log */
    cp_fsrs_opt_eval default_eval;  /* the default weights on the log */
    cp_fsrs_opt_eval fitted_eval;   /* w on the log */
} cp_fsrs_opt_result;

/* Fits the weights to reviews[0..n) (desc NULL: all defaults). Fails with
 * CP_ERR_INVALID (err->line = the review's 1-based index) on a rating
 * outside 1..4 or a day before the card's previous review,
 * CP_ERR_CANCELLED when progress says stop, CP_ERR_NOMEM. Too little data
 * is not an error: see outcome. */
cp_status cp_fsrs_opt_fit(const cp_fsrs_opt_review *reviews, size_t n,
                          const cp_fsrs_opt_desc *desc, cp_fsrs_opt_result *out,
                          cp_error *err);

/* Evaluates the weights w (clamped as fsrs-rs clamps them) on the log. */
cp_status cp_fsrs_opt_evaluate(const cp_fsrs_opt_review *reviews, size_t n,
                               const double w[CP_FSRS_WEIGHTS],
                               cp_fsrs_opt_eval *out, cp_error *err);

/* ---- reading a log ------------------------------------------------------ */

/* A log being built: card names to numbers, and the checks of
 * cp_fsrs_opt_fit as each review is added. Free with cp_fsrs_opt_log_free
 * (accepts NULL). */
typedef struct cp_fsrs_opt_log cp_fsrs_opt_log;

cp_fsrs_opt_log *cp_fsrs_opt_log_new(void);
void cp_fsrs_opt_log_free(cp_fsrs_opt_log *log);
/* Appends one review of the card named `card`. CP_ERR_INVALID for a
 * rating outside 1..4 or a day before the card's previous review. */
cp_status cp_fsrs_opt_log_add(cp_fsrs_opt_log *log, const char *card,
                              int32_t day, int rating, cp_error *err);
/* The same, but a day before the card's previous review counts as that
 * day (for a log whose clock moved back between two answers). */
cp_status cp_fsrs_opt_log_add_clamped(cp_fsrs_opt_log *log, const char *card,
                                      int32_t day, int rating, cp_error *err);
/* Parses TSV text: a header line naming the columns card_id, day and
 * rating (in any order; other columns are ignored), then one review per
 * line; blank lines are skipped. Errors set err->line to the text's line. */
cp_status cp_fsrs_opt_log_parse(cp_fsrs_opt_log *log, const char *text,
                                size_t len, cp_error *err);
/* The reviews so far (owned by the log, valid until the next add). */
const cp_fsrs_opt_review *cp_fsrs_opt_log_reviews(const cp_fsrs_opt_log *log,
                                                  size_t *n);
size_t cp_fsrs_opt_log_cards(const cp_fsrs_opt_log *log);

/* ---- the pieces, for tests ---------------------------------------------- */

/* The training items of a log: every card's reviews as (gap in days,
 * rating) steps, card after card, and one item per review with a positive
 * gap after the card's first: the first `len` steps from `first`. Items
 * are ordered by the day of their last review, then by the log's order. */
typedef struct cp_fsrs_opt_step {
    uint32_t delta_t;
    uint8_t rating;
} cp_fsrs_opt_step;

typedef struct cp_fsrs_opt_item {
    uint32_t first;             /* index of the card's first step */
    uint32_t len;               /* steps in the item (>= 2) */
} cp_fsrs_opt_item;

typedef struct cp_fsrs_opt_items {
    cp_fsrs_opt_step *steps;
    size_t n_steps;
    cp_fsrs_opt_item *items;
    size_t n_items;
} cp_fsrs_opt_items;

cp_status cp_fsrs_opt_items_build(const cp_fsrs_opt_review *reviews, size_t n,
                                  cp_fsrs_opt_items *out, cp_error *err);
void cp_fsrs_opt_items_free(cp_fsrs_opt_items *items);

/* Pre-training: the four initial stabilities fitted to the outcomes of the
 * reviews that follow a first review (after outlier filtering), smoothed
 * and filled in as fsrs-rs does. false when no first-review data is left. */
bool cp_fsrs_opt_pretrain(const cp_fsrs_opt_items *items, double s0[4]);

/* fsrs-rs's clamps (parameter_clipper.rs), in place. */
void cp_fsrs_opt_clip(double w[CP_FSRS_WEIGHTS], int relearning_steps,
                      bool short_term);

/* The training loss of w on every item (binary cross-entropy, each item
 * weighted 1, no L2), and its gradient into grad (may be NULL). */
double cp_fsrs_opt_loss(const cp_fsrs_opt_items *items, const double w[CP_FSRS_WEIGHTS],
                        double grad[CP_FSRS_WEIGHTS]);

/* The retrievability the model predicts for an item's last review. */
double cp_fsrs_opt_predict(const double w[CP_FSRS_WEIGHTS],
                           const cp_fsrs_opt_step *steps, size_t len);

#endif
