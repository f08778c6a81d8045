/* cloudprep core: today's drill queue and the grading of question answers.
 *
 * cp_queue_build() is a pure function of what the caller passes in: the
 * deck, each card's memory, the time, the learner's UTC offset, the
 * settings, recent accuracy and today's counts (both from the review log,
 * see cp_queue_tally()) and a seed. It reads no store and no clock.
 *
 * The queue is: (re)learning cards that are due, then due reviews (the
 * lowest retrievability first when there are more than the daily limit),
 * then new cards. New cards are shared between the domains in proportion to
 * exam weight x weakness factor; within a domain the least-covered task
 * goes first, then deck order. Each part is interleaved across domains.
 * Cards that set apart a pair the learner confuses (the optional boost
 * list) go first in their part, within the same limits and shares.
 * The formulas are in docs/scheduling.md. */
#ifndef CLOUDPREP_QUEUE_H
#define CLOUDPREP_QUEUE_H

#include "cloudprep/blueprint.h"
#include "cloudprep/day.h"
#include "cloudprep/deck.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

/* Settings; zero means default (sokol style). */
typedef struct cp_queue_desc {
    cp_day_clock clock;     /* learning days (day.h); zero: midnight UTC */
    int new_limit;          /* new cards per day: 0 means 20; < 0 means none */
    int review_limit;       /* reviews per day: 0 means 200; < 0 means none */
    int learn_ahead_s;      /* (re)learning cards due within this many seconds
                             * are shown now: 0 means 1200 (20 minutes) */
    double weakness_gain;   /* k in exp(k * (mean - accuracy)): 0 means 4 */
    int accuracy_window;    /* recent answers per domain: 0 means 100 */
    int fast_ms;            /* right and faster than this: Easy; 0 means 20000 */
    int slow_ms;            /* right and slower than this: Hard; 0 means 83000
                             * (the exam's pace: 90 min / 65 questions) */
} cp_queue_desc;

/* The queue's settings from the learner's (whose 0 new cards means none),
 * on the given clock (its start hour becomes the setting's). */
cp_queue_desc cp_queue_desc_of(const cp_settings *settings, cp_day_clock clock);

/* What the review log says, as the queue needs it. */
typedef struct cp_queue_stats {
    uint32_t answered[CP_DOMAINS];  /* recent answers per domain (index 0 = domain 1) */
    uint32_t correct[CP_DOMAINS];   /* of them, not Again */
    int new_today[CP_DOMAINS];      /* cards answered for the first time today */
    int reviews_today;              /* other answers today (learning steps too) */
} cp_queue_stats;

/* Fills *out from reviews (oldest first, as cp_store_each_review gives
 * them): the last accuracy_window answers per domain count for accuracy, and
 * today's answers (since the current study day started) for the counts.
 * Reviews of cards not in the deck are ignored. */
void cp_queue_tally(const cp_deck *deck, const cp_review *reviews,
                    size_t n_reviews, cp_time now, const cp_queue_desc *desc,
                    cp_queue_stats *out);

/* The same one answer at a time, newest first, for a reader that walks
 * the log backwards: cp_queue_tally_add returns false when the answer
 * given, and every older one, can change nothing (the accuracy windows are
 * full and the answer is from before today), so the reader can stop. */
enum { CP_QUEUE_WINDOW_MAX = 1000 };     /* the most recent answers a window can hold */

typedef struct cp_queue_tallier {
    const cp_deck *deck;
    cp_time start, end;             /* today's study day */
    uint32_t window;
    cp_queue_stats stats;
    /* Each domain's window, newest first, as a ring: right[d][(head + k)
     * % CP_QUEUE_WINDOW_MAX] is the k-th newest answer (1: not Again). */
    uint8_t right[CP_DOMAINS][CP_QUEUE_WINDOW_MAX];
    uint16_t head[CP_DOMAINS], count[CP_DOMAINS];
    int done_today, correct_today;  /* answers today (not exam misses) */
} cp_queue_tallier;
void cp_queue_tally_begin(cp_queue_tallier *t, const cp_deck *deck, cp_time now,
                          const cp_queue_desc *desc);
bool cp_queue_tally_add(cp_queue_tallier *t, const cp_review *review);
/* After the tally was read from the log: one answer newer than all it
 * holds (the one just given), so the tally stays what reading the log
 * again would give, without reading it. Its card is deck index `card`
 * (-1: not in the deck). */
void cp_queue_tally_push(cp_queue_tallier *t, long card, const cp_review *review);

typedef struct cp_queue_input {
    const cp_deck *deck;
    const cp_memory *memory;        /* one per deck card; NULL: all New */
    const cp_fsrs_params *params;   /* NULL: FSRS defaults (for retrievability) */
    cp_time now;
    const cp_queue_desc *desc;      /* NULL: all defaults */
    const cp_queue_stats *stats;    /* NULL: no history, nothing done today */
    long last_card;                 /* the card just answered (never first
                                     * again unless alone), or -1 */
    uint64_t seed;                  /* pass the same one all day (e.g. the day
                                     * number): it rounds the domain shares */
    const uint8_t *held;            /* one per deck card, nonzero: a new card
                                     * not to introduce (the mock reserve);
                                     * NULL: none */
    const uint8_t *boost;           /* one per deck card, nonzero: a card that
                                     * sets apart a pair the learner confuses
                                     * (cp_confusion_separating). Within the
                                     * day's limits it comes before the others
                                     * of its part: a due review first, a
                                     * review not yet due brought in (see
                                     * boost_early), a new card first in its
                                     * domain's share. NULL: none */
    int boost_early;                /* boosted reviews not yet due that may join
                                     * today's reviews (never one already
                                     * reviewed today): 0 means 10, < 0 none */
} cp_queue_input;

typedef struct cp_queue {
    size_t *cards;                  /* deck indexes in the order to show */
    size_t n;
    size_t n_learning, n_review, n_new;     /* the three parts, in order */
    size_t reviews_due;             /* due reviews before the daily limit */
    int new_by_domain[CP_DOMAINS];
    int due_by_domain[CP_DOMAINS];  /* learning + review in the queue */
    double share[CP_DOMAINS];       /* today's target share of new cards */
    double weakness[CP_DOMAINS];    /* the factor applied to each weight */
    cp_time day_start, day_end;     /* the study day, UTC */
    cp_time next_learning;          /* earliest (re)learning due later today,
                                     * beyond learn-ahead; 0 when none */
} cp_queue;

/* Builds today's queue. CP_ERR_INVALID without a deck; CP_ERR_NOMEM.
 * Free with cp_queue_free(). */
CP_NODISCARD cp_status cp_queue_build(const cp_queue_input *in, cp_queue *out, cp_error *err);
void cp_queue_free(cp_queue *queue);   /* accepts NULL; leaves it empty */

/* The study day containing `now`: [start, end) in UTC. */
void cp_queue_day(cp_time now, const cp_queue_desc *desc, cp_time *start, cp_time *end);

/* The weakness factor of each domain from recent accuracy: accuracy is
 * shrunk toward the learner's overall rate by 10 pseudo-answers, then
 * f = exp(k * (weighted mean accuracy - accuracy)), clamped to [0.5, 2].
 * Equal accuracy gives 1 everywhere. */
void cp_queue_weakness(const cp_queue_stats *stats, const cp_queue_desc *desc,
                       double out[CP_DOMAINS]);

/* The rating of a question answer: wrong Again; right and fast Easy; right
 * and slow Hard; otherwise Good. Flashcards are rated by the learner. */
cp_rating cp_queue_grade(const cp_queue_desc *desc, bool correct,
                         int32_t duration_ms);

#endif
