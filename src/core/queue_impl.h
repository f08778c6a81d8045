/* The queue module's private parts, shared by its two files (nothing here
 * is API; include/cloudprep/queue.h is):
 *
 *   queue.c       the rules: the tally, the weakness factors, grading, and
 *                 cp_queue_build, which scans every card's memory into a
 *                 census and assembles the queue from it;
 *   queue_kept.c  the same census kept between answers (cp_queue_kept),
 *                 moved card by card, assembled by the same code.
 *
 * Both assemble through cp_queue_assemble, so the order, the cut at the
 * daily limit and every tie are decided in one place. */
#ifndef CLOUDPREP_QUEUE_IMPL_H
#define CLOUDPREP_QUEUE_IMPL_H

#include "cloudprep/queue.h"

typedef struct cp_ranked {
    double key; /* sort key: due time, or retrievability */
    size_t card;
    int domain; /* 0..3 */
} cp_ranked;

/* By key, then deck index: a total order. */
int cp_queue_cmp_ranked(const void *a, const void *b);
/* Moves the k smallest items to the front, in any order. */
void cp_queue_select_first(cp_ranked *a, size_t n, size_t k);

/* The queue's settings with the defaults filled in. */
typedef struct cp_queue_settings {
    int new_limit, review_limit;
    int learn_ahead_s;
    double weakness_gain;
    int accuracy_window;
    int fast_ms, slow_ms;
} cp_queue_settings;
cp_queue_settings cp_queue_settings_of(const cp_queue_desc *desc);

/* Reviews that fit today: the daily limit less the reviews done today. */
size_t cp_queue_review_room(const cp_queue_input *in);

/* A card's retrievability now, as the queue ranks due reviews. */
double cp_queue_recall(const cp_fsrs_curve *curve, const cp_memory *m, cp_time now);

/* Whether the queue considers the card at all (a known domain and task). */
bool cp_queue_card_counts(const cp_card *card);

/* What a scan of every card's memory finds, from which the queue is
 * assembled. */
typedef struct cp_queue_census {
    /* (Re)learning cards due within the learn-ahead window, sorted. */
    const cp_ranked *learning;
    size_t n_learning;
    /* Due reviews, in any order, keyed by recall now (a boosted one by
     * recall - 1, so that it ranks first): at least all those among the
     * first of today's room. The array has room after them for the
     * boosted reviews not yet due (early); the assembly selects, adds and
     * sorts in place. */
    cp_ranked *reviews;
    size_t n_review;
    /* Boosted reviews not yet due and not reviewed today, keyed by recall
     * now (any order); the assembly may reorder them. */
    cp_ranked *early;
    size_t n_early;
    size_t reviews_due; /* due reviews before the room */
    cp_time next_learning;
    size_t task_total[CP_TASKS], task_seen[CP_TASKS]; /* seen: not New */
    size_t avail[CP_DOMAINS];                         /* New cards (not held) */
    /* New cards by task in deck order: new_cards[new_start[t] ..
     * new_start[t + 1]) from new_front[t] on, where cards no longer New
     * (in the input's memory) are passed over. Held cards are not listed. */
    const size_t *new_cards;
    const size_t *new_start; /* CP_TASKS + 1 */
    const size_t *new_front; /* CP_TASKS */
    /* The boosted New cards that are not held, in deck order. */
    const size_t *boost_new;
    size_t n_boost_new;
} cp_queue_census;

/* The queue from a census: the reviews that fit today's room chosen and
 * sorted (boosted ones first, then a few boosted ones not yet due), the
 * parts interleaved, today's new cards chosen (boosted ones first in
 * their domain), the card just answered moved back. CP_ERR_NOMEM. */
CP_NODISCARD cp_status cp_queue_assemble(const cp_queue_input *in, const cp_queue_census *census,
                                         cp_queue *out, cp_error *err);

#endif
