/* cloudprep core: picking the questions of a timed quiz round.
 *
 * A round is N question cards (flashcards never), from one domain or from
 * all four in proportion to the exam weights (largest remainder, as for a
 * mock form). Within a domain, cards are drawn without replacement with a
 * weight that favours what the learner is likely to get wrong: a card's
 * weight is 1.25 - R (its FSRS retrievability now), and a card never seen
 * weighs 1.0, so weak cards come up more often; only cards held back for
 * fresh mocks (desc->held) are left out. */
#ifndef CLOUDPREP_QUIZ_H
#define CLOUDPREP_QUIZ_H

#include "cloudprep/deck.h"
#include "cloudprep/fsrs.h"

enum { CP_QUIZ_MAX = 50 };

typedef struct cp_quiz_desc {
    int length;             /* 0 means 10 */
    int domain;             /* 0: all domains by weight; 1..4: only that one */
    const uint8_t *held;    /* one per deck card, nonzero: a never-seen card
                             * held back for fresh mocks; NULL: none */
} cp_quiz_desc;

/* Writes up to desc->length deck indexes into out (capacity CP_QUIZ_MAX),
 * shuffled; *n_out gets the count (fewer when the bank is smaller).
 * memory is parallel to the deck's cards (NULL: all new). */
CP_NODISCARD cp_status cp_quiz_build(const cp_deck *deck, const cp_memory *memory, const cp_fsrs_params *params,
                        cp_time now, const cp_quiz_desc *desc, cp_rng *rng, size_t *out,
                        size_t *n_out, cp_error *err);

#endif
