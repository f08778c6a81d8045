/* The learner simulator (see sim.h). One learner at a time: two memories per
 * card (the app's, on default FSRS parameters, and the learner's true one,
 * on their own per-domain parameters), a day loop of drill sittings on the
 * real queue, quiz rounds and meter-suggested mocks, and a record of every
 * mock's prediction and outcome. Each learner has their own seeded cp_rng,
 * so a learner's run does not depend on the others. */
#include "cloudprep/sim.h"
#include "cloudprep/queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    DAY = 86400,
    WINDOW_DAYS = 14,       /* the meter's recent-answer window */
    RECENT_FORMS = 2,       /* forms whose items the next form avoids */
    QUIZ_ITEMS = 10,
    SITTINGS = 3,           /* drill passes an evening (learning steps) */
};

/* Real people misread a question they know now and then. */
#define SLIP 0.02

typedef struct learner_state {
    cp_sim_learner info;
    cp_fsrs_params truth[CP_DOMAINS];   /* their real memory, per domain */
    cp_memory *app;                     /* what the app believes */
    cp_memory *real;                    /* what is really in their head */
    cp_accuracy window[WINDOW_DAYS][CP_DOMAINS];    /* question answers, for the meter */
    uint32_t drill_answered[WINDOW_DAYS][CP_DOMAINS];   /* for the queue */
    uint32_t drill_correct[WINDOW_DAYS][CP_DOMAINS];
    cp_mock_result *mocks;
    size_t n_mocks;
    const char **recent_ids;            /* ids on the last RECENT_FORMS forms */
    size_t n_recent;
} learner_state;

typedef struct sim_ctx {
    const cp_deck *deck;
    cp_exam_bank bank;                  /* every deck card, in deck order */
    double *difficulty;                 /* Rasch b of each card */
    size_t *questions;                  /* indexes of question cards */
    size_t n_questions;
    cp_fsrs_params app_params;
    cp_queue_desc queue;
    const cp_sim_desc *desc;
} sim_ctx;

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

static void make_learner(learner_state *L, const cp_fsrs_params *base, cp_rng *rng)
{
    /* One person: a general memory strength and a decay; then per domain an
     * aptitude that scales how fast memories form and grow, and what they
     * knew before they started. */
    double strength = exp(0.25 * normal(rng));
    double decay = base->w[20] * exp(0.2 * normal(rng));
    for (int d = 0; d < CP_DOMAINS; d++) {
        double a = exp(0.3 * normal(rng));
        L->info.aptitude[d] = a;
        L->info.prior_knowledge[d] = sigmoid(-1.0 + 0.6 * log(a) + 0.5 * normal(rng));
        cp_fsrs_params *p = &L->truth[d];
        *p = *base;
        p->enable_fuzz = false;
        for (int i = 0; i < 4; i++)
            p->w[i] = base->w[i] * strength * a * exp(0.2 * normal(rng));
        p->w[8] = base->w[8] + 0.5 * log(a * strength);
        p->w[11] = base->w[11] * exp(0.15 * normal(rng));
        p->w[20] = decay;
    }
    L->info.diligence = 0.55 + 0.45 * cp_rng_unit(rng);
    L->info.new_per_day = 8 + (int)cp_rng_below(rng, 18);
}

/* The learner's true chance of answering card i right at `now`. */
static double true_p(const learner_state *L, const sim_ctx *S, size_t i, cp_time now)
{
    const cp_card *card = S->bank.cards[i];
    int d = card->domain - 1;
    double know = L->info.prior_knowledge[d];
    const cp_memory *m = &L->real[i];
    if (m->state != CP_STATE_NEW && m->last_review > 0) {
        double r = cp_fsrs_retrievability(&L->truth[d], m, now);
        know = 1.0 - (1.0 - r) * (1.0 - know);
    }
    know = sigmoid(logit(know) - 0.6 * S->difficulty[i]);
    double g = guess_rate(card);
    return (1.0 - SLIP) * (g + (1.0 - g) * know);
}

static void record_answer(learner_state *L, int day, int domain, bool right, double expected)
{
    cp_accuracy *a = &L->window[day % WINDOW_DAYS][domain - 1];
    a->answered++;
    a->correct += right;
    a->expected += expected;
}

/* One graded answer in drill or a quiz round: both memories take the
 * rating the app gives (questions: cp_queue_grade on right/wrong and time;
 * flashcards: the learner's own Again or Good). Returns the rating. */
static cp_rating answer_card(learner_state *L, const sim_ctx *S, size_t i, cp_time now,
                             cp_rng *rng, int day)
{
    const cp_card *card = S->bank.cards[i];
    double expected = cp_readiness_card_p(card, &L->app[i], &S->app_params,
                                          &S->desc->readiness, now);
    bool right = cp_rng_unit(rng) < true_p(L, S, i, now);
    cp_rating rating;
    if (is_question(card)) {
        int32_t ms = (int32_t)(12000 + 60000 * cp_rng_unit(rng));
        rating = cp_queue_grade(&S->queue, right, ms);
    } else {
        rating = right ? CP_GOOD : CP_AGAIN;
    }
    uint64_t seed = cp_fsrs_fuzz_seed(card->id, L->app[i].reps);
    L->app[i] = cp_fsrs_next(&S->app_params, &L->app[i], now, rating, seed);
    L->real[i] = cp_fsrs_next(&L->truth[card->domain - 1], &L->real[i], now, rating, seed);
    L->info.reviews++;
    int w = day % WINDOW_DAYS, d = card->domain - 1;
    L->drill_answered[w][d]++;
    L->drill_correct[w][d] += rating != CP_AGAIN;
    if (is_question(card))
        record_answer(L, day, card->domain, right, expected);
    return rating;
}

static void recent_accuracy(const learner_state *L, cp_accuracy out[CP_DOMAINS])
{
    memset(out, 0, sizeof(cp_accuracy) * CP_DOMAINS);
    for (int k = 0; k < WINDOW_DAYS; k++)
        for (int d = 0; d < CP_DOMAINS; d++) {
            out[d].answered += L->window[k][d].answered;
            out[d].correct += L->window[k][d].correct;
            out[d].expected += L->window[k][d].expected;
        }
}

static void queue_stats(const learner_state *L, cp_queue_stats *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < WINDOW_DAYS; k++)
        for (int d = 0; d < CP_DOMAINS; d++) {
            out->answered[d] += L->drill_answered[k][d];
            out->correct[d] += L->drill_correct[k][d];
        }
}

/* The learner's true pass probability on a typical form: the per-domain
 * mean of their true p through the same exact distribution. */
static double true_pass(const learner_state *L, const sim_ctx *S, double cut, cp_time now)
{
    double sum[CP_DOMAINS] = {0};
    size_t n[CP_DOMAINS] = {0};
    for (size_t k = 0; k < S->n_questions; k++) {
        size_t i = S->questions[k];
        int d = S->bank.cards[i]->domain - 1;
        sum[d] += true_p(L, S, i, now);
        n[d]++;
    }
    cp_readiness r = {0};
    for (int d = 0; d < CP_DOMAINS; d++)
        r.domain_p[d] = n[d] ? sum[d] / (double)n[d] : 0.0;
    cp_readiness_predict(&(cp_readiness_desc){.ability_sd = -1}, cut, &r);
    return r.pass_probability;
}

static cp_status take_mock(learner_state *L, const sim_ctx *S, const cp_readiness *meter,
                           cp_time now, int day, cp_rng *rng, cp_sim_mock *out,
                           cp_error *err)
{
    cp_exam_form form;
    cp_exam_form_desc fd = {.recent_ids = L->recent_ids, .n_recent = L->n_recent};
    cp_status st = cp_exam_build(&S->bank, &fd, rng, &form, err);
    if (st != CP_OK)
        return st;
    cp_exam_session *s = NULL;
    st = cp_exam_begin(&form, NULL, now, &s, err);
    if (st != CP_OK)
        return st;
    for (size_t k = 0; k < form.n_items; k++) {
        const cp_card *c = form.items[k].card;
        long i = cp_deck_find(S->deck, c->id);
        bool right = cp_rng_unit(rng) < true_p(L, S, (size_t)i, now);
        double expected = cp_readiness_card_p(c, &L->app[i], &S->app_params,
                                              &S->desc->readiness, now);
        /* A wrong answer has the right size: the correct set with its first
         * choice swapped for the first wrong one. */
        uint32_t correct = cp_exam_correct_mask(c), chosen = correct;
        if (!right) {
            uint32_t wrong = ~correct & ((1u << c->n_choices) - 1u);
            chosen = (correct & (correct - 1u)) | (wrong & (~wrong + 1u));
        }
        CP_IGNORE(cp_exam_answer(s, k, chosen, now + 60 * (cp_time)k));    /* open: always taken */
        record_answer(L, day, c->domain, right, expected);
    }
    CP_IGNORE(cp_exam_submit(s, now + 75 * 60));
    cp_score_report report;
    CP_IGNORE(cp_exam_report(s, &report));     /* submitted just above */
    cp_exam_end(s);

    out->day = day;
    out->predicted_pass = meter->pass_probability;
    out->predicted_scaled = meter->predicted_scaled;
    out->band_low = meter->band_low;
    out->band_high = meter->band_high;
    out->verdict = meter->verdict;
    out->scaled = report.scaled;
    out->passed = report.passed;
    out->true_pass = true_pass(L, S, meter->cut_raw, now);

    L->mocks[L->n_mocks++] = (cp_mock_result){
        .at = now, .scaled = report.scaled, .full_timed = true,
        .predicted = meter->predicted_scaled,
    };
    size_t cap = (size_t)RECENT_FORMS * CP_EXAM_QUESTIONS;
    if (L->n_recent + form.n_items > cap) {
        size_t drop = L->n_recent + form.n_items - cap;
        memmove(L->recent_ids, L->recent_ids + drop,
                (L->n_recent - drop) * sizeof *L->recent_ids);
        L->n_recent -= drop;
    }
    for (size_t k = 0; k < form.n_items; k++)
        L->recent_ids[L->n_recent++] = form.items[k].card->id;
    return CP_OK;
}

static cp_status grow(cp_sim_result *out, size_t *cap, cp_error *err)
{
    if (out->n_mocks < *cap)
        return CP_OK;
    size_t n = *cap ? *cap * 2 : 1024;
    cp_sim_mock *grown = realloc(out->mocks, n * sizeof *grown);
    if (!grown)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "sim: out of memory");
    out->mocks = grown;
    *cap = n;
    return CP_OK;
}

static cp_status run_learner(learner_state *L, const sim_ctx *S, cp_rng *rng,
                             cp_sim_result *out, size_t *cap, cp_error *err)
{
    const cp_sim_desc *desc = S->desc;
    cp_queue_desc qd = S->queue;
    qd.new_limit = L->info.new_per_day;
    cp_status st = CP_OK;
    for (int day = 0; day < desc->days && st == CP_OK; day++) {
        int w = day % WINDOW_DAYS;
        memset(L->window[w], 0, sizeof L->window[w]);
        memset(L->drill_answered[w], 0, sizeof L->drill_answered[w]);
        memset(L->drill_correct[w], 0, sizeof L->drill_correct[w]);
        cp_time now = desc->start + (cp_time)day * DAY + 18 * 3600;
        if (cp_rng_unit(rng) >= L->info.diligence)
            continue;

        /* Drill: the real daily queue over the app's memory, in a few
         * sittings so learning steps come back the same evening. */
        cp_queue_stats stats;
        queue_stats(L, &stats);
        for (int sitting = 0; sitting < SITTINGS; sitting++) {
            cp_queue_input qi = {
                .deck = S->deck, .memory = L->app, .params = &S->app_params, .now = now,
                .desc = &qd, .stats = &stats, .last_card = -1, .seed = (uint64_t)day,
            };
            cp_queue queue;
            st = cp_queue_build(&qi, &queue, err);
            if (st != CP_OK)
                break;
            for (size_t k = 0; k < queue.n; k++) {
                size_t i = queue.cards[k];
                int d = S->bank.cards[i]->domain - 1;
                bool was_new = L->app[i].state == CP_STATE_NEW;
                answer_card(L, S, i, now, rng, day);
                if (was_new)
                    stats.new_today[d]++;
                else
                    stats.reviews_today++;
                now += 25;
            }
            size_t shown = queue.n;
            cp_queue_free(&queue);
            if (shown == 0)
                break;
            now += 15 * 60;
        }
        if (st != CP_OK)
            break;

        /* A quiz round on about half the study days. */
        if (cp_rng_unit(rng) < 0.5 && S->n_questions) {
            for (int k = 0; k < QUIZ_ITEMS; k++) {
                size_t i = S->questions[cp_rng_below(rng, S->n_questions)];
                answer_card(L, S, i, now, rng, day);
                now += 20;
            }
            now += 300;
        }

        /* The meter as the home screen shows it tonight; a mock when it
         * says one is due. Its prediction is kept before the mock begins. */
        cp_readiness_input in = {
            .bank = &S->bank, .memories = L->app, .params = &S->app_params,
            .mocks = L->mocks, .n_mocks = L->n_mocks, .started_at = desc->start,
        };
        recent_accuracy(L, in.recent);
        cp_readiness meter;
        st = cp_readiness_assess(&in, &desc->readiness, now, &meter, err);
        if (st != CP_OK || !meter.mock_due)
            continue;
        st = grow(out, cap, err);
        if (st != CP_OK)
            break;
        cp_sim_mock *m = &out->mocks[out->n_mocks];
        memset(m, 0, sizeof *m);
        st = take_mock(L, S, &meter, now, day, rng, m, err);
        if (st == CP_OK)
            out->n_mocks++;
    }
    return st;
}

void cp_sim_summarise(cp_sim_result *r)
{
    memset(r->bins, 0, sizeof r->bins);
    double brier = 0.0, mae = 0.0, pred = 0.0, passed = 0.0;
    double sum_pred[CP_SIM_BINS] = {0}, sum_pass[CP_SIM_BINS] = {0};
    for (size_t i = 0; i < r->n_mocks; i++) {
        const cp_sim_mock *m = &r->mocks[i];
        int bin = (int)(m->predicted_pass * CP_SIM_BINS);
        bin = bin < 0 ? 0 : bin >= CP_SIM_BINS ? CP_SIM_BINS - 1 : bin;
        r->bins[bin].n++;
        sum_pred[bin] += m->predicted_pass;
        sum_pass[bin] += m->passed;
        double e = m->predicted_pass - (m->passed ? 1.0 : 0.0);
        brier += e * e;
        mae += fabs((double)(m->predicted_scaled - m->scaled));
        pred += m->predicted_pass;
        passed += m->passed;
    }
    for (int k = 0; k < CP_SIM_BINS; k++)
        if (r->bins[k].n) {
            r->bins[k].mean_predicted = sum_pred[k] / (double)r->bins[k].n;
            r->bins[k].actual_rate = sum_pass[k] / (double)r->bins[k].n;
        }
    double n = r->n_mocks ? (double)r->n_mocks : 1.0;
    r->brier = brier / n;
    r->mae_scaled = mae / n;
    r->predicted_pass_mean = pred / n;
    r->actual_pass_rate = passed / n;
}

cp_status cp_sim_run(const cp_deck *deck, const cp_sim_desc *desc_in, cp_sim_result *out,
                     cp_error *err)
{
    if (!out)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "sim: no result");
    memset(out, 0, sizeof *out);
    size_t n = deck ? cp_deck_count(deck) : 0;
    if (n == 0)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "sim: no cards");
    cp_sim_desc desc = desc_in ? *desc_in : (cp_sim_desc){0};
    if (!desc.learners)
        desc.learners = 200;
    if (desc.days <= 0)
        desc.days = 60;
    if (!desc.start)
        desc.start = 1767571200;    /* 2026-01-05 00:00 UTC, a Monday */

    sim_ctx S = {.deck = deck, .desc = &desc};
    cp_fsrs_default_params(&S.app_params);
    const cp_card **cards = malloc(n * sizeof *cards);
    S.difficulty = malloc(n * sizeof *S.difficulty);
    S.questions = malloc(n * sizeof *S.questions);
    out->learners = calloc(desc.learners, sizeof *out->learners);
    learner_state L;
    memset(&L, 0, sizeof L);
    L.app = malloc(n * sizeof *L.app);
    L.real = malloc(n * sizeof *L.real);
    L.mocks = malloc(((size_t)desc.days + 1) * sizeof *L.mocks);
    L.recent_ids = malloc((size_t)RECENT_FORMS * CP_EXAM_QUESTIONS * sizeof *L.recent_ids);
    cp_status st = CP_OK;
    if (!cards || !S.difficulty || !S.questions || !out->learners || !L.app || !L.real ||
        !L.mocks || !L.recent_ids) {
        st = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "sim: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        cards[i] = cp_deck_card(deck, i);
        S.difficulty[i] = cp_score_prior_difficulty(cards[i]->difficulty);
        if (is_question(cards[i]))
            S.questions[S.n_questions++] = i;
    }
    S.bank = (cp_exam_bank){.cards = cards, .n_cards = n};

    size_t cap = 0;
    for (size_t k = 0; k < desc.learners && st == CP_OK; k++) {
        cp_rng rng;
        cp_rng_seed(&rng, desc.seed * 1000003u + k);
        memset(L.app, 0, n * sizeof *L.app);
        memset(L.real, 0, n * sizeof *L.real);
        memset(L.window, 0, sizeof L.window);
        memset(L.drill_answered, 0, sizeof L.drill_answered);
        memset(L.drill_correct, 0, sizeof L.drill_correct);
        memset(&L.info, 0, sizeof L.info);
        L.n_mocks = 0;
        L.n_recent = 0;
        make_learner(&L, &S.app_params, &rng);
        size_t first = out->n_mocks;
        st = run_learner(&L, &S, &rng, out, &cap, err);
        for (size_t i = first; i < out->n_mocks; i++)
            out->mocks[i].learner = k;
        out->learners[k] = L.info;
        out->n_learners = k + 1;
    }
    cp_sim_summarise(out);
done:
    free(cards);
    free(S.difficulty);
    free(S.questions);
    free(L.app);
    free(L.real);
    free(L.mocks);
    free(L.recent_ids);
    if (st != CP_OK)
        cp_sim_result_free(out);
    return st;
}

void cp_sim_result_free(cp_sim_result *r)
{
    if (!r)
        return;
    free(r->learners);
    free(r->mocks);
    memset(r, 0, sizeof *r);
}
