/* Quiz rounds: a weighted draw without replacement per domain, then one
 * shuffle so domains are mixed. See quiz.h for the weights. */
#include "cloudprep/quiz.h"
#include "cloudprep/blueprint.h"

#include <stdlib.h>

static double weight(const cp_fsrs_params *params, const cp_memory *m, cp_time now)
{
    if (!m || m->state == CP_STATE_NEW || m->reps == 0)
        return 1.0;
    double r = cp_fsrs_retrievability(params, m, now);
    return 1.25 - r;
}

cp_status cp_quiz_build(const cp_deck *deck, const cp_memory *memory, const cp_fsrs_params *params,
                        cp_time now, const cp_quiz_desc *desc, cp_rng *rng, size_t *out,
                        size_t *n_out, cp_error *err)
{
    *n_out = 0;
    int length = desc && desc->length ? desc->length : 10;
    int only = desc ? desc->domain : 0;
    if (length < 1 || length > CP_QUIZ_MAX || only < 0 || only > CP_DOMAINS)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "a quiz round is 1-%d questions from domain 0-4",
                            CP_QUIZ_MAX);
    cp_fsrs_params defaults;
    if (!params) {
        cp_fsrs_default_params(&defaults);
        params = &defaults;
    }
    int quota[CP_DOMAINS] = {0};
    if (only)
        quota[only - 1] = length;
    else
        cp_blueprint_apportion(length, quota);

    size_t n = cp_deck_count(deck);
    size_t *pool = malloc((n ? n : 1) * sizeof *pool);
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!pool || !w) {
        free(pool);
        free(w);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (int d = 1; d <= CP_DOMAINS; d++) {
        size_t np = 0;
        double total = 0;
        for (size_t i = 0; i < n; i++) {
            const cp_card *c = cp_deck_card(deck, i);
            if (c->type == CP_CARD_FLASHCARD || c->domain != d || (desc && desc->held && desc->held[i]))
                continue;
            pool[np] = i;
            w[np] = weight(params, memory ? &memory[i] : NULL, now);
            total += w[np];
            np++;
        }
        /* A domain short of cards gives what it has; the others do not make
         * up for it (a round of one domain must stay in it). */
        for (int k = 0; k < quota[d - 1] && np > 0; k++) {
            double x = cp_rng_unit(rng) * total;
            size_t j = 0;
            while (j + 1 < np && x >= w[j]) {
                x -= w[j];
                j++;
            }
            out[(*n_out)++] = pool[j];
            total -= w[j];
            pool[j] = pool[np - 1];
            w[j] = w[np - 1];
            np--;
        }
    }
    free(pool);
    free(w);
    for (size_t i = *n_out; i > 1; i--) {
        size_t j = cp_rng_below(rng, i);
        size_t t = out[i - 1];
        out[i - 1] = out[j];
        out[j] = t;
    }
    return CP_OK;
}
