/* cloudprep core: the FSRS-6 memory model and scheduler.
 *
 * A card's memory is its FSRS state (stability, difficulty, due date, ...).
 * cp_fsrs_next() applies one rating at time `now` and returns the new memory;
 * it is pure: same inputs, same output (fuzz is seeded from the card id hash
 * and its review count), so undo and re-answer give the same interval.
 * Agrees with ts-fsrs 5.x; see docs/scheduling.md. */
#ifndef CLOUDPREP_FSRS_H
#define CLOUDPREP_FSRS_H

#include "cloudprep/common.h"

typedef enum cp_card_state {
    CP_STATE_NEW = 0,
    CP_STATE_LEARNING = 1,
    CP_STATE_REVIEW = 2,
    CP_STATE_RELEARNING = 3,
} cp_card_state;

typedef enum cp_rating {
    CP_AGAIN = 1,
    CP_HARD = 2,
    CP_GOOD = 3,
    CP_EASY = 4,
} cp_rating;

/* The stored memory state of one card. A card never reviewed is all zero
 * (state New). The store persists every field; keep them in step with
 * src/core/store.c when adding one. */
typedef struct cp_memory {
    cp_time due;            /* when it is next due (0 for New) */
    cp_time last_review;    /* 0 = never */
    double stability;       /* days */
    double difficulty;      /* 1..10 */
    int32_t scheduled_days; /* interval chosen at the last review */
    uint32_t reps;
    uint32_t lapses;
    uint8_t state;          /* cp_card_state */
    uint8_t step;           /* index into the (re)learning steps */
} cp_memory;

/* Scheduler settings. cp_fsrs_default_params() fills the FSRS-6 defaults:
 * the 21 published weights, retention 0.9, maximum interval 36500 days,
 * fuzz on, short-term off, learning steps 1m 10m, relearning steps 10m. */
enum { CP_FSRS_WEIGHTS = 21, CP_FSRS_MAX_STEPS = 8 };

typedef struct cp_fsrs_params {
    double w[CP_FSRS_WEIGHTS];
    double desired_retention;
    int32_t maximum_interval;       /* days */
    bool enable_fuzz;
    bool enable_short_term;
    size_t n_learning_steps;
    uint32_t learning_steps_s[CP_FSRS_MAX_STEPS];   /* seconds */
    size_t n_relearning_steps;
    uint32_t relearning_steps_s[CP_FSRS_MAX_STEPS];
} cp_fsrs_params;

void cp_fsrs_default_params(cp_fsrs_params *params);

/* Probability of recall at `now` (1 for a card never reviewed is not
 * meaningful: returns 0 for New). As ts-fsrs get_retrievability: t is the
 * number of whole 24-hour periods since the last review. */
double cp_fsrs_retrievability(const cp_fsrs_params *params,
                              const cp_memory *memory, cp_time now);

/* The memory after answering `rating` at `now`. fuzz_seed makes the fuzz
 * deterministic: pass cp_fsrs_fuzz_seed(card_id, memory->reps). */
cp_memory cp_fsrs_next(const cp_fsrs_params *params, const cp_memory *memory,
                       cp_time now, cp_rating rating, uint64_t fuzz_seed);

/* The four possible outcomes (Again..Easy in out[0..3]) for showing each
 * button's next interval. */
void cp_fsrs_preview(const cp_fsrs_params *params, const cp_memory *memory,
                     cp_time now, uint64_t fuzz_seed, cp_memory out[4]);

uint64_t cp_fsrs_fuzz_seed(const char *card_id, uint32_t reps);

/* ---- the pieces, for tests and tools ---------------------------------- */

/* The weights as the scheduler uses them: params->w clamped to ts-fsrs's
 * ranges (w19 >= 0.01 with short-term on; w17, w18 capped further when
 * there are several relearning steps; a non-finite weight counts as 0). */
void cp_fsrs_clip_weights(const cp_fsrs_params *params,
                          double out[CP_FSRS_WEIGHTS]);

/* R(t, S) = (1 + factor * t / S)^(-w20), factor = 0.9^(-1/w20) - 1, rounded
 * to 8 decimals as ts-fsrs does; t in days (clamped at 0). 0 when S <= 0. */
double cp_fsrs_forgetting_curve(const cp_fsrs_params *params,
                                double elapsed_days, double stability);

/* The same curve with its parameters prepared once, for many cards. */
typedef struct cp_fsrs_curve {
    double decay, factor;
} cp_fsrs_curve;
cp_fsrs_curve cp_fsrs_curve_of(const cp_fsrs_params *params);
double cp_fsrs_curve_at(const cp_fsrs_curve *curve, double elapsed_days, double stability);

/* The unfuzzed interval in days for a stability: the t where R(t, S) equals
 * the desired retention, rounded, at least 1, at most the maximum. */
int32_t cp_fsrs_interval(const cp_fsrs_params *params, double stability);

/* The fuzz band [*min_ivl, *max_ivl] around an interval (used only when the
 * interval is >= 2.5 days): +-(1 + 15% of the part in 2.5..7 days, 10% of
 * 7..20, 5% above 20), at least 2 and past the elapsed days, at most the
 * maximum interval. */
void cp_fsrs_fuzz_range(double interval, double elapsed_days,
                        int32_t maximum_interval, int32_t *min_ivl,
                        int32_t *max_ivl);

#endif
