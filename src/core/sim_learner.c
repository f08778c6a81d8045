/* The built-in simulated learners (the model is in sim.h), as an answerer.
 *
 * One learner at a time: their own seeded generator, a true FSRS memory of
 * every card on their own per-domain parameters, and an understanding per
 * task statement recomputed at each day request from what they hold of
 * the task's cards. Answers on the real-exam proxy ("exam") change
 * nothing: the proxy asks what would happen if they sat the exam now. */
#include "cloudprep/sim.h"
#include "cloudprep/blueprint.h"
#include "cloudprep/score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { DAY = 86400 };

#define SLIP 0.02           /* real people misread a question they know now and then */
#define GROWTH 1.2          /* understanding per unit of coverage, times aptitude */
#define COVERAGE 0.6        /* holding this share of a task's cards is full coverage */
#define SLOPE 0.6           /* logits of knowing per difficulty level */
/* A learner's t = 0, so that every memory time is positive. */
#define EPOCH ((cp_time)1000000000)

typedef struct builtin {
    const cp_deck *deck;
    size_t n;
    double memorisation;
    double *difficulty;             /* prior Rasch b of each card */
    double *guess;                  /* chance of guessing it right */
    size_t task_cards[CP_TASKS];
    cp_fsrs_params base;
    /* The current learner. */
    cp_rng rng;
    cp_fsrs_params truth[CP_DOMAINS];
    cp_fsrs_curve curve[CP_DOMAINS];
    double aptitude[CP_DOMAINS], prior[CP_DOMAINS], diligence;
    cp_memory *real;
    double understanding[CP_TASKS];
} builtin;

static double normal(cp_rng *rng)
{
    double u = cp_rng_unit(rng), v = cp_rng_unit(rng);
    return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * 3.14159265358979323846 * v);
}

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

static double logit(double p)
{
    p = p < 1e-6 ? 1e-6 : p > 1 - 1e-6 ? 1 - 1e-6 : p;
    return log(p / (1.0 - p));
}

static bool is_question(const cp_card *c)
{
    return c->type == CP_CARD_SINGLE || c->type == CP_CARD_MULTI;
}

static double guess_rate(const cp_card *card)
{
    size_t n = card->n_choices, k = cp_card_correct_count(card);
    if (!is_question(card) || n == 0 || k == 0 || k > n)
        return 0.0;
    double sets = 1.0;
    for (size_t i = 0; i < k; i++)
        sets = sets * (double)(n - i) / (double)(i + 1);
    return 1.0 / sets;
}

/* Their true retrievability of a met card at `now`. */
static double recall(const builtin *b, const cp_card *card, const cp_memory *m, cp_time now)
{
    double days = (double)(now - m->last_review) / DAY;
    return cp_fsrs_curve_at(&b->curve[card->domain - 1], days < 0.0 ? 0.0 : days, m->stability);
}

/* Understanding of each task at `now`: what they knew before, grown by
 * how much of the task's material they hold. */
static void understand(builtin *b, cp_time now)
{
    double held[CP_TASKS] = {0};
    for (size_t i = 0; i < b->n; i++) {
        const cp_memory *m = &b->real[i];
        if (m->state == CP_STATE_NEW || m->last_review <= 0)
            continue;
        const cp_card *card = cp_deck_card(b->deck, i);
        held[card->task] += recall(b, card, m, now);
    }
    for (int t = 0; t < CP_TASKS; t++) {
        const cp_task_info *info = cp_blueprint_task(t);
        int d = info ? info->domain - 1 : 0;
        double full = COVERAGE * (double)b->task_cards[t];
        double c = full > 0.0 ? held[t] / full : 0.0;
        if (c > 1.0)
            c = 1.0;
        b->understanding[t] = 1.0 - (1.0 - b->prior[d]) * exp(-GROWTH * b->aptitude[d] * c);
    }
}

static cp_status on_learner(void *ctx, size_t learner, uint64_t seed, cp_error *err)
{
    (void)learner;
    (void)err;
    builtin *b = ctx;
    cp_rng_seed(&b->rng, seed);
    memset(b->real, 0, b->n * sizeof *b->real);
    /* One person: a general memory strength and a decay; then per domain
     * an aptitude that scales how fast memories form and grow and how
     * fast understanding follows, and what they knew before they started. */
    cp_rng *rng = &b->rng;
    double strength = exp(0.25 * normal(rng));
    double decay = b->base.w[20] * exp(0.2 * normal(rng));
    for (int d = 0; d < CP_DOMAINS; d++) {
        double a = exp(0.3 * normal(rng));
        b->aptitude[d] = a;
        b->prior[d] = sigmoid(-1.0 + 0.6 * log(a) + 0.5 * normal(rng));
        cp_fsrs_params *p = &b->truth[d];
        *p = b->base;
        p->enable_fuzz = false;
        for (int i = 0; i < 4; i++)
            p->w[i] = b->base.w[i] * strength * a * exp(0.2 * normal(rng));
        p->w[8] = b->base.w[8] + 0.5 * log(a * strength);
        p->w[11] = b->base.w[11] * exp(0.15 * normal(rng));
        p->w[20] = decay;
        b->curve[d] = cp_fsrs_curve_of(p);
    }
    b->diligence = 0.55 + 0.45 * cp_rng_unit(rng);
    understand(b, EPOCH);
    return CP_OK;
}

static cp_status on_day(void *ctx, size_t learner, int day, bool *study, cp_error *err)
{
    (void)learner;
    (void)err;
    builtin *b = ctx;
    *study = cp_rng_unit(&b->rng) < b->diligence;
    if (*study)
        understand(b, EPOCH + (cp_time)day * DAY);
    return CP_OK;
}

static cp_status on_answer(void *ctx, const cp_sim_ask *ask, bool *right, double *seconds,
                           cp_error *err)
{
    builtin *b = ctx;
    if (ask->card >= b->n)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "sim: no card %zu", ask->card);
    const cp_card *card = cp_deck_card(b->deck, ask->card);
    const cp_time now = EPOCH + ask->t;
    cp_memory *m = &b->real[ask->card];
    double item = 0.0;
    if (m->state != CP_STATE_NEW && m->last_review > 0)
        item = b->memorisation * recall(b, card, m, now);
    double grasp = sigmoid(logit(b->understanding[card->task]) - SLOPE * b->difficulty[ask->card]);
    double know = 1.0 - (1.0 - item) * (1.0 - grasp);
    double g = b->guess[ask->card];
    double p = (1.0 - SLIP) * (g + (1.0 - g) * know);
    *right = cp_rng_unit(&b->rng) < p;
    *seconds = is_question(card) ? 12.0 + 60.0 * cp_rng_unit(&b->rng)
                                 : 6.0 + 20.0 * cp_rng_unit(&b->rng);
    if (ask->mode != CP_SIM_EXAM)
        *m = cp_fsrs_next(&b->truth[card->domain - 1], m, now, *right ? CP_GOOD : CP_AGAIN, 0);
    return CP_OK;
}

cp_status cp_sim_builtin_new(const cp_deck *deck, double memorisation, cp_sim_answerer *out,
                             cp_error *err)
{
    memset(out, 0, sizeof *out);
    if (!deck || !(memorisation >= 0.0 && memorisation <= 1.0))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "memorisation must be between 0 and 1");
    builtin *b = calloc(1, sizeof *b);
    size_t n = cp_deck_count(deck);
    if (b) {
        b->difficulty = calloc(n ? n : 1, sizeof *b->difficulty);
        b->guess = calloc(n ? n : 1, sizeof *b->guess);
        b->real = calloc(n ? n : 1, sizeof *b->real);
    }
    if (!b || !b->difficulty || !b->guess || !b->real) {
        cp_sim_answerer tmp = {.ctx = b};
        cp_sim_builtin_free(&tmp);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "sim: out of memory");
    }
    b->deck = deck;
    b->n = n;
    b->memorisation = memorisation;
    cp_fsrs_default_params(&b->base);
    for (size_t i = 0; i < n; i++) {
        const cp_card *card = cp_deck_card(deck, i);
        b->difficulty[i] = cp_score_prior_difficulty(card->difficulty);
        b->guess[i] = guess_rate(card);
        if (card->task >= 0 && card->task < CP_TASKS)
            b->task_cards[card->task]++;
    }
    *out = (cp_sim_answerer){.ctx = b, .learner = on_learner, .day = on_day,
                             .answer = on_answer};
    return CP_OK;
}

void cp_sim_builtin_free(cp_sim_answerer *a)
{
    if (!a || !a->ctx)
        return;
    builtin *b = a->ctx;
    free(b->difficulty);
    free(b->guess);
    free(b->real);
    free(b);
    a->ctx = NULL;
}
