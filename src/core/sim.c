/* The learner simulator (see sim.h): the app's side. One learner at a
 * time: the app's memory of every card (default FSRS parameters), the
 * cards withheld for the real-exam proxy, the mock reserve, what the
 * learner has met and when, the first exposures the meter reads, a day
 * loop of drill sittings on the real queue, quiz rounds and meter-
 * suggested mocks, and a record of every mock's prediction and outcomes
 * (and, with a projection day, each learner's projection to the last day
 * and the proxy sat then).
 * The app's choices draw on their own seeded generator per learner, so a
 * learner's run depends neither on the others nor on the answerer's use
 * of randomness; the answerer sees only the protocol's requests. */
#include "cloudprep/sim.h"
#include "cloudprep/blueprint.h"
#include "cloudprep/projection.h"
#include "cloudprep/queue.h"
#include "cloudprep/quiz.h"
#include "cloudprep/score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    DAY = 86400,
    WINDOW_DAYS = 14,       /* the old meter's recent-answer window */
    RECENT_FORMS = 2,       /* forms whose items the next form avoids */
    QUIZ_ITEMS = 10,
    SITTINGS = 3,           /* drill passes an evening (learning steps) */
};

const char *cp_sim_mode_name(cp_sim_mode mode)
{
    switch (mode) {
    case CP_SIM_DRILL: return "drill";
    case CP_SIM_QUIZ: return "quiz";
    case CP_SIM_DIAGNOSTIC: return "diagnostic";
    case CP_SIM_MOCK: return "mock";
    case CP_SIM_EXAM: return "exam";
    }
    return "?";
}

typedef struct learner_state {
    size_t number;                      /* from 0 */
    cp_sim_learner info;
    cp_memory *app;                     /* what the app believes, per deck card */
    uint8_t *withheld;                  /* per deck card: for the proxy only */
    uint8_t *held;                      /* per deck card: withheld or reserved */
    cp_time *seen;                      /* per deck card: last met, 0 never */
    /* The bank the app and the meter see: question cards not withheld. */
    cp_exam_bank bank;
    const cp_card **bank_cards;
    size_t *bank_deck;                  /* bank index -> deck index */
    size_t *bank_of;                    /* deck index -> bank index + 1 */
    cp_time *bank_seen;
    uint8_t *reserve;                   /* per bank card */
    cp_memory *bank_memory;             /* the old meter's input */
    size_t *proxy_pool[CP_DOMAINS];     /* withheld questions per domain */
    size_t proxy_n[CP_DOMAINS];
    cp_first_answer *first;
    size_t n_first;
    size_t task_met[CP_TASKS], task_total[CP_TASKS];    /* cards the learner can meet */
    cp_accuracy window[WINDOW_DAYS][CP_DOMAINS];
    uint32_t drill_answered[WINDOW_DAYS][CP_DOMAINS];
    uint32_t drill_correct[WINDOW_DAYS][CP_DOMAINS];
    cp_mock_result *mocks;
    size_t n_mocks;
    const char **recent_ids;            /* ids on the last RECENT_FORMS forms */
    size_t n_recent;
    cp_rng rng, proxy_rng;
} learner_state;

typedef struct sim_ctx {
    const cp_deck *deck;
    size_t n;
    const cp_sim_answerer *answerer;
    cp_fsrs_params app_params;
    cp_queue_desc queue;
    cp_readiness_desc legacy;
    const cp_sim_desc *desc;
} sim_ctx;

static bool is_question(const cp_card *c)
{
    return c->type == CP_CARD_SINGLE || c->type == CP_CARD_MULTI;
}

/* A deck's cards are one array (cp_deck_card): a card's index is its offset. */
static size_t deck_index(const sim_ctx *S, const cp_card *card)
{
    return (size_t)(card - cp_deck_card(S->deck, 0));
}

/* ---- asking and recording ------------------------------------------------------ */

static cp_status ask(const sim_ctx *S, const learner_state *L, int day, cp_time now, size_t i,
                     cp_sim_mode mode, bool *right, int32_t *ms, cp_error *err)
{
    cp_sim_ask a = {.learner = L->number + 1, .day = day, .t = now - S->desc->start, .card = i,
                    .mode = mode};
    double seconds = -1.0;
    cp_status st = S->answerer->answer(S->answerer->ctx, &a, right, &seconds, err);
    if (st != CP_OK)
        return st;
    if (!(seconds >= 0.0) || !isfinite(seconds))
        seconds = is_question(cp_deck_card(S->deck, i)) ? 40.0 : 15.0;    /* typical */
    if (seconds > 3600.0)
        seconds = 3600.0;
    *ms = (int32_t)(seconds * 1000.0);
    return CP_OK;
}

/* The learner met card i: its first exposure (a question in the bank) is
 * evidence for the meter. */
static void met(learner_state *L, const sim_ctx *S, size_t i, cp_time now, bool right)
{
    size_t b = L->bank_of[i];
    const cp_card *card = cp_deck_card(S->deck, i);
    if (!L->seen[i]) {
        double coverage = L->task_total[card->task]
                              ? (double)L->task_met[card->task] / (double)L->task_total[card->task]
                              : 0.0;
        if (b && is_question(card))
            L->first[L->n_first++] = (cp_first_answer){.card = b - 1, .correct = right, .at = now,
                                                        .coverage = coverage};
        L->task_met[card->task]++;
    }
    L->seen[i] = now;
    if (b)
        L->bank_seen[b - 1] = now;
}

static void record_answer(learner_state *L, int day, int domain, bool right, double expected)
{
    cp_accuracy *a = &L->window[day % WINDOW_DAYS][domain - 1];
    a->answered++;
    a->correct += right;
    a->expected += expected;
}

/* One graded answer in the drill or a quiz round: the app's rating (a
 * question by right or wrong and time, a flashcard Again or Good) moves
 * the app's memory, as cp_learner_answer does. */
static cp_status answer_card(learner_state *L, const sim_ctx *S, size_t i, cp_time now, int day,
                             cp_sim_mode mode, cp_error *err)
{
    const cp_card *card = cp_deck_card(S->deck, i);
    double expected = cp_readiness_card_p(card, &L->app[i], &S->app_params, &S->legacy, now);
    bool right = false;
    int32_t ms = 0;
    cp_status st = ask(S, L, day, now, i, mode, &right, &ms, err);
    if (st != CP_OK)
        return st;
    cp_rating rating = is_question(card) ? cp_queue_grade(&S->queue, right, ms)
                                         : right ? CP_GOOD : CP_AGAIN;
    L->app[i] = cp_fsrs_next(&S->app_params, &L->app[i], now, rating,
                             cp_fsrs_fuzz_seed(card->id, L->app[i].reps));
    L->info.answers++;
    int w = day % WINDOW_DAYS, d = card->domain - 1;
    L->drill_answered[w][d]++;
    L->drill_correct[w][d] += rating != CP_AGAIN;
    if (is_question(card))
        record_answer(L, day, card->domain, right, expected);
    met(L, S, i, now, right);
    return CP_OK;
}

/* ---- the reserve --------------------------------------------------------------- */

/* Tops the reserve up (or empties it when the learner turned it off) and
 * marks the cards the queue and quiz rounds must not introduce. */
static void refresh_reserve(learner_state *L, const sim_ctx *S, uint64_t seed)
{
    if (S->desc->no_reserve)
        memset(L->reserve, 0, L->bank.n_cards);
    else
        (void)cp_exam_reserve_fill(&L->bank, NULL, seed, L->reserve);
    for (size_t i = 0; i < S->n; i++) {
        size_t b = L->bank_of[i];
        L->held[i] = L->withheld[i] || (b && L->reserve[b - 1]);
    }
}

/* ---- forms ------------------------------------------------------------------------ */

/* Sits a mock or the diagnostic on the visible bank, as attempt.c would:
 * every item answered, the misses into the drill as Again, every item met. */
static cp_status sit_form(learner_state *L, const sim_ctx *S, cp_exam_kind kind, int day,
                          cp_time now, cp_exam_form *form, cp_score_report *report, cp_error *err)
{
    cp_exam_form_desc fd = {.kind = kind};
    if (kind == CP_EXAM_MOCK) {
        fd.recent_ids = L->recent_ids;
        fd.n_recent = L->n_recent;
    }
    cp_status st = cp_exam_build(&L->bank, &fd, &L->rng, form, err);
    if (st != CP_OK)
        return st;
    cp_exam_session *s = NULL;
    if ((st = cp_exam_begin(form, NULL, now, &s, err)) != CP_OK)
        return st;
    cp_sim_mode mode = kind == CP_EXAM_MOCK ? CP_SIM_MOCK : CP_SIM_DIAGNOSTIC;
    bool right[CP_EXAM_QUESTIONS] = {0};
    for (size_t k = 0; k < form->n_items && st == CP_OK; k++) {
        const cp_card *c = form->items[k].card;
        size_t i = deck_index(S, c);
        int32_t ms;
        cp_time at = now + 60 * (cp_time)k;
        double expected = cp_readiness_card_p(c, &L->app[i], &S->app_params, &S->legacy, at);
        st = ask(S, L, day, at, i, mode, &right[k], &ms, err);
        if (st != CP_OK)
            break;
        /* A wrong answer has the right size: the correct set with its
         * first choice swapped for the first wrong one. */
        uint32_t correct = cp_exam_correct_mask(c), chosen = correct;
        if (!right[k]) {
            uint32_t wrong = ~correct & ((1u << c->n_choices) - 1u);
            chosen = (correct & (correct - 1u)) | (wrong & (~wrong + 1u));
        }
        CP_IGNORE(cp_exam_answer(s, k, chosen, at));   /* open: always taken */
        record_answer(L, day, c->domain, right[k], expected);
    }
    if (st != CP_OK) {
        cp_exam_end(s);
        return st;
    }
    cp_time end = now + 60 * (cp_time)form->n_items;
    CP_IGNORE(cp_exam_submit(s, end));
    CP_IGNORE(cp_exam_report(s, report));      /* submitted just above */
    cp_exam_end(s);
    for (size_t k = 0; k < form->n_items; k++) {
        size_t i = deck_index(S, form->items[k].card);
        met(L, S, i, end, right[k]);
        if (!right[k]) {
            L->app[i] = cp_fsrs_next(&S->app_params, &L->app[i], end, CP_AGAIN,
                                     cp_fsrs_fuzz_seed(form->items[k].card->id, L->app[i].reps));
        }
    }
    return CP_OK;
}

/* The real-exam proxy: 50 scored questions by the quotas from the
 * withheld cards, with the same cut and scale as a mock. */
static cp_status sit_proxy(learner_state *L, const sim_ctx *S, int day, cp_time now,
                           int *scaled, cp_error *err)
{
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    size_t items[CP_EXAM_SCORED];
    double b[CP_EXAM_SCORED];
    size_t n = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        size_t *pool = L->proxy_pool[d];
        size_t np = L->proxy_n[d];
        for (int k = 0; k < quota[d]; k++) {
            size_t j = (size_t)k + (size_t)cp_rng_below(&L->proxy_rng, np - (size_t)k);
            size_t t = pool[k];
            pool[k] = pool[j];
            pool[j] = t;
            items[n] = pool[k];
            b[n] = cp_score_item_difficulty(cp_deck_card(S->deck, pool[k])->difficulty, NULL);
            n++;
        }
    }
    int raw = 0;
    for (size_t k = 0; k < n; k++) {
        bool right = false;
        int32_t ms;
        cp_status st = ask(S, L, day, now + 60 * (cp_time)k, items[k], CP_SIM_EXAM, &right, &ms, err);
        if (st != CP_OK)
            return st;
        raw += right;
    }
    *scaled = cp_score_scale(raw, cp_score_cut_raw(b, n), CP_EXAM_SCORED);
    return CP_OK;
}

/* ---- the meters ------------------------------------------------------------------ */

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

static cp_status meter_now(learner_state *L, const sim_ctx *S, cp_time now, bool legacy,
                           cp_readiness *out, cp_error *err)
{
    cp_readiness_input in = {.bank = &L->bank, .params = &S->app_params, .mocks = L->mocks,
                             .n_mocks = L->n_mocks, .started_at = S->desc->start};
    if (!legacy) {
        in.first = L->first;
        in.n_first = L->n_first;
        for (int t = 0; t < CP_TASKS; t++)
            in.coverage_now[t] = L->task_total[t] ? (double)L->task_met[t] / (double)L->task_total[t]
                                                  : 0.0;
        return cp_readiness_assess(&in, &S->desc->readiness, now, out, err);
    }
    for (size_t b = 0; b < L->bank.n_cards; b++)
        L->bank_memory[b] = L->app[L->bank_deck[b]];
    in.memories = L->bank_memory;
    recent_accuracy(L, in.recent);
    return cp_readiness_assess(&in, &S->legacy, now, out, err);
}

/* ---- one learner -------------------------------------------------------------------- */

static cp_status grow(cp_sim_result *out, size_t *cap, cp_error *err)
{
    cp_sim_mock *grown = cp_grow(out->mocks, cap, out->n_mocks, sizeof *grown, 1024);
    if (!grown)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    out->mocks = grown;
    return CP_OK;
}

static cp_status take_mock(learner_state *L, const sim_ctx *S, const cp_readiness *meter,
                           cp_time now, int day, cp_sim_mock *out, cp_error *err)
{
    cp_readiness old;
    cp_status st = meter_now(L, S, now, true, &old, err);
    if (st != CP_OK)
        return st;
    cp_exam_form form;
    cp_score_report report;
    if ((st = sit_form(L, S, CP_EXAM_MOCK, day, now, &form, &report, err)) != CP_OK)
        return st;
    *out = (cp_sim_mock){
        .learner = L->number, .day = day, .predicted_pass = meter->pass_probability,
        .predicted_scaled = meter->predicted_scaled, .band_low = meter->band_low,
        .band_high = meter->band_high, .verdict = meter->verdict, .scaled = report.scaled,
        .passed = report.passed, .fresh_scored = form.n_fresh_scored,
        .legacy_pass = old.pass_probability, .legacy_scaled = old.predicted_scaled,
        .legacy_verdict = old.verdict,
    };
    if (S->desc->holdout > 0.0) {
        out->has_exam = true;
        if ((st = sit_proxy(L, S, day, now + 2 * 3600, &out->exam_scaled, err)) != CP_OK)
            return st;
        out->exam_passed = out->exam_scaled >= CP_SCALE_PASS;
    }
    L->mocks[L->n_mocks++] = (cp_mock_result){
        .at = now, .scaled = report.scaled, .full_timed = true,
        .predicted = meter->predicted_scaled, .fresh_scored = form.n_fresh_scored,
        .n_scored = form.n_scored,
    };
    L->info.mocks++;
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

/* Withholds a seeded share of each domain's questions and builds the
 * bank the app sees from the rest. */
static cp_status set_up_learner(learner_state *L, const sim_ctx *S, cp_error *err)
{
    size_t n = S->n;
    memset(L->app, 0, n * sizeof *L->app);
    memset(L->withheld, 0, n);
    memset(L->seen, 0, n * sizeof *L->seen);
    memset(L->bank_of, 0, n * sizeof *L->bank_of);
    memset(L->window, 0, sizeof L->window);
    memset(L->drill_answered, 0, sizeof L->drill_answered);
    memset(L->drill_correct, 0, sizeof L->drill_correct);
    memset(&L->info, 0, sizeof L->info);
    L->n_mocks = L->n_recent = L->n_first = 0;
    memset(L->task_met, 0, sizeof L->task_met);
    memset(L->task_total, 0, sizeof L->task_total);
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    for (int d = 0; d < CP_DOMAINS; d++) {
        size_t *pool = L->proxy_pool[d], np = 0;
        for (size_t i = 0; i < n; i++) {
            const cp_card *c = cp_deck_card(S->deck, i);
            if (is_question(c) && c->domain == d + 1)
                pool[np++] = i;
        }
        size_t keep = (size_t)floor(S->desc->holdout * (double)np + 0.5);
        for (size_t k = 0; k < keep; k++) {
            size_t j = k + (size_t)cp_rng_below(&L->rng, np - k);
            size_t t = pool[k];
            pool[k] = pool[j];
            pool[j] = t;
            L->withheld[pool[k]] = 1;
        }
        L->proxy_n[d] = keep;
        if (S->desc->holdout > 0.0 && keep < (size_t)quota[d])
            return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                                "a holdout of %.2f withholds %zu question(s) in domain %d; "
                                "the real-exam proxy needs %d",
                                S->desc->holdout, keep, d + 1, quota[d]);
    }
    size_t nb = 0;
    for (size_t i = 0; i < n; i++) {
        const cp_card *c = cp_deck_card(S->deck, i);
        if (!L->withheld[i])
            L->task_total[c->task]++;
        if (!is_question(c) || L->withheld[i])
            continue;
        L->bank_cards[nb] = c;
        L->bank_deck[nb] = i;
        L->bank_of[i] = nb + 1;
        nb++;
    }
    memset(L->bank_seen, 0, (nb ? nb : 1) * sizeof *L->bank_seen);
    memset(L->reserve, 0, nb ? nb : 1);
    L->bank = (cp_exam_bank){.cards = L->bank_cards, .last_seen = L->bank_seen, .n_cards = nb};
    return CP_OK;
}

/* ---- the plan projection's check --------------------------------------------------- */

static bool projecting(const cp_sim_desc *desc)
{
    return desc->projection_day > 0 && desc->projection_day < desc->days - 1 &&
           desc->holdout > 0.0;
}

/* On the projection day: the meter as it stands, and carried to the
 * coverage the learner's pace so far reaches by the last day. */
static cp_status project_to_end(learner_state *L, const sim_ctx *S, cp_time now,
                                cp_sim_projection *out, cp_error *err)
{
    const cp_sim_desc *desc = S->desc;
    int day = desc->projection_day, last = desc->days - 1;
    cp_readiness r;
    cp_status st = meter_now(L, S, now, false, &r, err);
    if (st != CP_OK)
        return st;
    cp_readiness today = r;
    *out = (cp_sim_projection){.learner = L->number,
                               .day = day,
                               .target_day = last,
                               .now_pass = r.pass_probability,
                               .now_scaled = r.predicted_scaled,
                               .growth_sd = r.growth_sd,
                               .shown = r.growth_sd <= CP_PROJECTION_GROWTH_SD_UNKNOWN,
                               .cov_now = cp_projection_coverage(&r)};
    cp_readiness_input in = {.bank = &L->bank, .params = &S->app_params, .mocks = L->mocks,
                             .n_mocks = L->n_mocks, .started_at = desc->start,
                             .first = L->first, .n_first = L->n_first};
    for (int t = 0; t < CP_TASKS; t++) {
        if (!L->task_total[t])
            continue;
        double met = (double)L->task_met[t];
        double ahead = met / (day + 1) * (last - day);
        double then = met + ahead < (double)L->task_total[t] ? met + ahead
                                                               : (double)L->task_total[t];
        in.coverage_now[t] = then / (double)L->task_total[t];
    }
    if ((st = cp_readiness_assess(&in, &desc->readiness, now, &r, err)) != CP_OK)
        return st;
    out->carried_pass = r.pass_probability;
    out->carried_scaled = r.predicted_scaled;
    out->cov_then = cp_projection_coverage(&r);
    cp_projection_calibrate(&today, &r, last - day, &r);
    out->predicted_pass = r.pass_probability;
    out->predicted_scaled = r.predicted_scaled;
    out->band_low = r.band_low;
    out->band_high = r.band_high;
    return CP_OK;
}

/* On the last day: what the meter read then, and the real-exam proxy. */
static cp_status end_of_run(learner_state *L, const sim_ctx *S, cp_sim_projection *out,
                            cp_error *err)
{
    int last = S->desc->days - 1;
    cp_time now = S->desc->start + (cp_time)last * DAY + 23 * 3600;
    cp_readiness r;
    cp_status st = meter_now(L, S, now, false, &r, err);
    if (st != CP_OK)
        return st;
    out->end_pass = r.pass_probability;
    if ((st = sit_proxy(L, S, last, now, &out->exam_scaled, err)) != CP_OK)
        return st;
    out->exam_passed = out->exam_scaled >= CP_SCALE_PASS;
    return CP_OK;
}

static cp_status run_learner(learner_state *L, const sim_ctx *S, cp_sim_result *out,
                             size_t *cap, cp_error *err)
{
    const cp_sim_desc *desc = S->desc;
    const cp_sim_answerer *A = S->answerer;
    uint64_t learner_seed = desc->seed * 0x9E3779B97F4A7C15ull + L->number + 1;
    cp_status st = A->learner(A->ctx, L->number + 1, learner_seed, err);
    if (st != CP_OK)
        return st;
    cp_queue_desc qd = S->queue;
    cp_sim_projection *projection = projecting(desc) ? &out->projections[L->number] : NULL;
    for (int day = 0; day < desc->days && st == CP_OK; day++) {
        /* The projection day is over: its projection, at that evening. */
        if (projection && day == desc->projection_day + 1) {
            cp_time evening = desc->start + (cp_time)desc->projection_day * DAY + 23 * 3600;
            if ((st = project_to_end(L, S, evening, projection, err)) != CP_OK)
                break;
        }
        int w = day % WINDOW_DAYS;
        memset(L->window[w], 0, sizeof L->window[w]);
        memset(L->drill_answered[w], 0, sizeof L->drill_answered[w]);
        memset(L->drill_correct[w], 0, sizeof L->drill_correct[w]);
        bool study = false;
        if ((st = A->day(A->ctx, L->number + 1, day, &study, err)) != CP_OK)
            break;
        if (!study)
            continue;
        L->info.study_days++;
        cp_time now = desc->start + (cp_time)day * DAY + 18 * 3600;

        /* A new learner starts with the diagnostic. */
        if (L->info.answers == 0 && L->n_first == 0) {
            cp_exam_form form;
            cp_score_report report;
            if ((st = sit_form(L, S, CP_EXAM_DIAGNOSTIC, day, now, &form, &report, err)) != CP_OK)
                break;
            now += 15 * 60;
        }
        refresh_reserve(L, S, learner_seed);

        /* Drill: the real daily queue over the app's memory, in a few
         * sittings so learning steps come back the same evening. */
        cp_queue_stats stats;
        queue_stats(L, &stats);
        for (int sitting = 0; sitting < SITTINGS && st == CP_OK; sitting++) {
            cp_queue_input qi = {
                .deck = S->deck, .memory = L->app, .params = &S->app_params, .now = now,
                .desc = &qd, .stats = &stats, .last_card = -1, .seed = (uint64_t)day,
                .held = L->held,
            };
            cp_queue queue;
            if ((st = cp_queue_build(&qi, &queue, err)) != CP_OK)
                break;
            for (size_t k = 0; k < queue.n && st == CP_OK; k++) {
                size_t i = queue.cards[k];
                int d = cp_deck_card(S->deck, i)->domain - 1;
                bool was_new = L->app[i].state == CP_STATE_NEW;
                st = answer_card(L, S, i, now, day, CP_SIM_DRILL, err);
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

        /* A quiz round on about half the study days, picked as the app does. */
        if (cp_rng_unit(&L->rng) < 0.5) {
            size_t picks[CP_QUIZ_MAX], n_picks = 0;
            cp_quiz_desc qz = {.length = QUIZ_ITEMS, .held = L->held};
            if ((st = cp_quiz_build(S->deck, L->app, &S->app_params, now, &qz, &L->rng, picks,
                                    &n_picks, err)) != CP_OK)
                break;
            for (size_t k = 0; k < n_picks && st == CP_OK; k++) {
                st = answer_card(L, S, picks[k], now, day, CP_SIM_QUIZ, err);
                now += 20;
            }
            if (st != CP_OK)
                break;
            now += 300;
        }

        /* The meter as the home screen shows it tonight; a mock when it
         * says one is due. Its prediction is kept before the mock begins. */
        cp_readiness meter;
        if ((st = meter_now(L, S, now, false, &meter, err)) != CP_OK || !meter.mock_due)
            continue;
        if ((st = grow(out, cap, err)) != CP_OK)
            break;
        cp_sim_mock *m = &out->mocks[out->n_mocks];
        if ((st = take_mock(L, S, &meter, now, day, m, err)) == CP_OK) {
            out->n_mocks++;
            refresh_reserve(L, S, learner_seed);
        }
    }
    if (projection && st == CP_OK) {
        st = end_of_run(L, S, projection, err);
        out->n_projections = L->number + 1;
    }
    return st;
}

/* ---- summaries ---------------------------------------------------------------------- */

typedef struct outcome {
    double predicted;
    int predicted_scaled;
    cp_verdict verdict;
    int scaled;
    bool passed;
} outcome;

static outcome outcome_of(const cp_sim_mock *m, bool legacy, bool exam)
{
    return (outcome){.predicted = legacy ? m->legacy_pass : m->predicted_pass,
                     .predicted_scaled = legacy ? m->legacy_scaled : m->predicted_scaled,
                     .verdict = legacy ? m->legacy_verdict : m->verdict,
                     .scaled = exam ? m->exam_scaled : m->scaled,
                     .passed = exam ? m->exam_passed : m->passed};
}

static void calibrate(const cp_sim_result *r, bool legacy, bool exam, cp_sim_calibration *c)
{
    memset(c, 0, sizeof *c);
    double brier = 0.0, mae = 0.0, bias = 0.0, pred = 0.0, passed = 0.0;
    double sum_pred[CP_SIM_BINS] = {0}, sum_pass[CP_SIM_BINS] = {0};
    size_t last_learner = (size_t)-1;
    bool had_ready = false;
    for (size_t i = 0; i < r->n_mocks; i++) {
        const cp_sim_mock *m = &r->mocks[i];
        if (m->learner != last_learner) {
            last_learner = m->learner;
            had_ready = false;
        }
        if (exam && !m->has_exam)
            continue;
        outcome o = outcome_of(m, legacy, exam);
        int bin = (int)(o.predicted * CP_SIM_BINS);
        bin = bin < 0 ? 0 : bin >= CP_SIM_BINS ? CP_SIM_BINS - 1 : bin;
        c->bins[bin].n++;
        sum_pred[bin] += o.predicted;
        sum_pass[bin] += o.passed;
        double e = o.predicted - (o.passed ? 1.0 : 0.0);
        brier += e * e;
        mae += fabs((double)(o.predicted_scaled - o.scaled));
        bias += (double)(o.predicted_scaled - o.scaled);
        pred += o.predicted;
        passed += o.passed;
        c->n++;
        if (o.verdict == CP_READY) {
            c->ready++;
            c->ready_passed += o.passed;
            if (!had_ready) {
                had_ready = true;
                c->first_ready++;
                c->first_ready_passed += o.passed;
            }
        }
    }
    for (int k = 0; k < CP_SIM_BINS; k++)
        if (c->bins[k].n) {
            c->bins[k].mean_predicted = sum_pred[k] / (double)c->bins[k].n;
            c->bins[k].actual_rate = sum_pass[k] / (double)c->bins[k].n;
        }
    double n = c->n ? (double)c->n : 1.0;
    c->brier = brier / n;
    c->mae_scaled = mae / n;
    c->bias_scaled = bias / n;
    c->predicted_pass_mean = pred / n;
    c->actual_pass_rate = passed / n;
    c->brier_base = c->actual_pass_rate * (1.0 - c->actual_pass_rate);
}

typedef enum projection_read { PROJECTED, CARRIED, AS_IT_STOOD } projection_read;

/* The projections (calibrated, or the meter carried, or the meter as it
 * stood) of the learners shown one, against the last day's proxy. */
static void calibrate_projections(const cp_sim_result *r, projection_read which,
                                  cp_sim_calibration *c)
{
    memset(c, 0, sizeof *c);
    double brier = 0.0, mae = 0.0, bias = 0.0, pred = 0.0, passed = 0.0;
    double sum_pred[CP_SIM_BINS] = {0}, sum_pass[CP_SIM_BINS] = {0};
    for (size_t i = 0; i < r->n_projections; i++) {
        const cp_sim_projection *x = &r->projections[i];
        if (!x->shown)
            continue;
        double p = which == AS_IT_STOOD ? x->now_pass
                   : which == CARRIED   ? x->carried_pass
                                        : x->predicted_pass;
        int scaled = which == AS_IT_STOOD ? x->now_scaled
                     : which == CARRIED   ? x->carried_scaled
                                          : x->predicted_scaled;
        int bin = (int)(p * CP_SIM_BINS);
        bin = bin < 0 ? 0 : bin >= CP_SIM_BINS ? CP_SIM_BINS - 1 : bin;
        c->bins[bin].n++;
        sum_pred[bin] += p;
        sum_pass[bin] += x->exam_passed;
        double e = p - (x->exam_passed ? 1.0 : 0.0);
        brier += e * e;
        mae += fabs((double)(scaled - x->exam_scaled));
        bias += (double)(scaled - x->exam_scaled);
        pred += p;
        passed += x->exam_passed;
        c->n++;
    }
    for (int k = 0; k < CP_SIM_BINS; k++)
        if (c->bins[k].n) {
            c->bins[k].mean_predicted = sum_pred[k] / (double)c->bins[k].n;
            c->bins[k].actual_rate = sum_pass[k] / (double)c->bins[k].n;
        }
    double n = c->n ? (double)c->n : 1.0;
    c->brier = brier / n;
    c->mae_scaled = mae / n;
    c->bias_scaled = bias / n;
    c->predicted_pass_mean = pred / n;
    c->actual_pass_rate = passed / n;
    c->brier_base = c->actual_pass_rate * (1.0 - c->actual_pass_rate);
}

void cp_sim_summarise(cp_sim_result *r)
{
    calibrate_projections(r, PROJECTED, &r->projection);
    calibrate_projections(r, CARRIED, &r->projection_carried);
    calibrate_projections(r, AS_IT_STOOD, &r->projection_now);
    calibrate(r, false, false, &r->mock);
    calibrate(r, false, true, &r->exam);
    calibrate(r, true, false, &r->legacy_mock);
    calibrate(r, true, true, &r->legacy_exam);
    double fresh = 0.0;
    for (size_t i = 0; i < r->n_mocks; i++)
        fresh += r->mocks[i].fresh_scored;
    r->fresh_share = r->n_mocks ? fresh / ((double)r->n_mocks * CP_EXAM_SCORED) : 0.0;
}

/* ---- the run ------------------------------------------------------------------------ */

static void free_state(learner_state *L)
{
    free(L->app);
    free(L->withheld);
    free(L->held);
    free(L->seen);
    free(L->bank_cards);
    free(L->bank_deck);
    free(L->bank_of);
    free(L->bank_seen);
    free(L->reserve);
    free(L->bank_memory);
    for (int d = 0; d < CP_DOMAINS; d++)
        free(L->proxy_pool[d]);
    free(L->first);
    free(L->mocks);
    free(L->recent_ids);
}

cp_status cp_sim_run(const cp_deck *deck, const cp_sim_desc *desc_in, cp_sim_result *out,
                     cp_error *err)
{
    if (!out)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "sim: no result");
    memset(out, 0, sizeof *out);
    size_t n = deck ? cp_deck_count(deck) : 0;
    if (n == 0)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "the decks hold no cards");
    cp_sim_desc desc = desc_in ? *desc_in : (cp_sim_desc){0};
    if (!desc.learners)
        desc.learners = 200;
    if (desc.days <= 0)
        desc.days = 60;
    if (!desc.start)
        desc.start = 1767571200;    /* 2026-01-05 00:00 UTC, a Monday */
    if (!(desc.holdout >= 0.0 && desc.holdout < 1.0))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "the holdout must be at least 0 and below 1");

    sim_ctx S = {.deck = deck, .n = n, .desc = &desc, .answerer = desc.answerer};
    cp_fsrs_default_params(&S.app_params);
    S.legacy = desc.readiness;
    S.legacy.model = CP_READINESS_MEMORY;
    cp_sim_answerer builtin = {0};
    cp_status st = CP_OK;
    if (!S.answerer) {
        if ((st = cp_sim_builtin_new(deck, desc.memorisation, &builtin, err)) != CP_OK)
            return st;
        S.answerer = &builtin;
    }
    if (S.answerer->deck && (st = S.answerer->deck(S.answerer->ctx, deck, err)) != CP_OK) {
        cp_sim_builtin_free(&builtin);
        return st;
    }

    learner_state L;
    memset(&L, 0, sizeof L);
    L.app = malloc(n * sizeof *L.app);
    L.withheld = malloc(n);
    L.held = malloc(n);
    L.seen = malloc(n * sizeof *L.seen);
    L.bank_cards = malloc(n * sizeof *L.bank_cards);
    L.bank_deck = malloc(n * sizeof *L.bank_deck);
    L.bank_of = malloc(n * sizeof *L.bank_of);
    L.bank_seen = malloc(n * sizeof *L.bank_seen);
    L.reserve = malloc(n);
    L.bank_memory = malloc(n * sizeof *L.bank_memory);
    L.first = malloc(n * sizeof *L.first);
    L.mocks = malloc(((size_t)desc.days + 1) * sizeof *L.mocks);
    L.recent_ids = malloc((size_t)RECENT_FORMS * CP_EXAM_QUESTIONS * sizeof *L.recent_ids);
    bool ok = L.app && L.withheld && L.held && L.seen && L.bank_cards && L.bank_deck &&
              L.bank_of && L.bank_seen && L.reserve && L.bank_memory && L.first && L.mocks &&
              L.recent_ids;
    for (int d = 0; d < CP_DOMAINS; d++)
        ok = ok && (L.proxy_pool[d] = malloc(n * sizeof *L.proxy_pool[d])) != NULL;
    out->learners = calloc(desc.learners, sizeof *out->learners);
    if (projecting(&desc))
        ok = ok && (out->projections = calloc(desc.learners, sizeof *out->projections)) != NULL;
    if (!ok || !out->learners) {
        st = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "sim: out of memory");
        goto done;
    }

    size_t cap = 0;
    for (size_t k = 0; k < desc.learners && st == CP_OK; k++) {
        L.number = k;
        cp_rng_seed(&L.rng, desc.seed * 1000003u + k);
        cp_rng_seed(&L.proxy_rng, (desc.seed * 1000003u + k) ^ 0x5eedf00dull);
        if ((st = set_up_learner(&L, &S, err)) != CP_OK)
            break;
        st = run_learner(&L, &S, out, &cap, err);
        out->learners[k] = L.info;
        out->n_learners = k + 1;
    }
    cp_sim_summarise(out);
done:
    free_state(&L);
    cp_sim_builtin_free(&builtin);
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
    free(r->projections);
    memset(r, 0, sizeof *r);
}
