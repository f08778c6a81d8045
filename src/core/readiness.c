/* The readiness meter: per-domain probability of a right answer from FSRS
 * retrievability and recent accuracy, the exact distribution of the number
 * right over the 50 scored items (Poisson-binomial by dynamic programming,
 * mixed over a discretised normal shift of ability on the logit scale), the
 * scaled score and pass probability that follow, the verdict with its
 * reasons, and when the next mock is due. */
#include "cloudprep/readiness.h"
#include "cloudprep/day.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHIFT_POINTS = 21 };     /* -3 sd .. +3 sd */

static double desc_or(double value, double fallback)
{
    return value > 0.0 ? value : fallback;
}

const char *cp_verdict_name(cp_verdict verdict)
{
    switch (verdict) {
    case CP_NOT_READY: return "Not ready";
    case CP_GETTING_CLOSE: return "Getting close";
    case CP_READY: return "Ready";
    }
    return "?";
}

void cp_poisson_binomial(const double *p, size_t n, double *out)
{
    out[0] = 1.0;
    for (size_t k = 1; k <= n; k++)
        out[k] = 0.0;
    for (size_t i = 0; i < n; i++) {
        /* After trial i, out[0..i+1]; walk down so out[k-1] is still old. */
        for (size_t k = i + 1; k > 0; k--)
            out[k] = out[k] * (1.0 - p[i]) + out[k - 1] * p[i];
        out[0] *= 1.0 - p[i];
    }
}

static double logit(double p)
{
    if (p < 1e-6)
        p = 1e-6;
    if (p > 1.0 - 1e-6)
        p = 1.0 - 1e-6;
    return log(p / (1.0 - p));
}

/* Chance of guessing a card right: one of n, or one set of C(n, k). */
static double guess_rate(const cp_card *card)
{
    size_t n = card->n_choices, k = cp_card_correct_count(card);
    if (n == 0 || k == 0 || k > n)
        return 0.0;
    double sets = 1.0;
    for (size_t i = 0; i < k; i++)
        sets = sets * (double)(n - i) / (double)(i + 1);
    return 1.0 / sets;
}

/* The number right over 50 scored items of probabilities item_p, mixed over
 * the ability shift; then pass probability, mean and band for this cut. */
static void predict_items(const double item_p[CP_EXAM_SCORED], double sd, double cut_raw,
                          cp_readiness *out)
{
    double dist[CP_EXAM_SCORED + 1] = {0};
    double weight_sum = 0.0;
    int points = sd > 0.0 ? SHIFT_POINTS : 1;
    for (int s = 0; s < points; s++) {
        double z = points == 1 ? 0.0 : -3.0 + 6.0 * s / (points - 1);
        double w = exp(-0.5 * z * z);
        double p[CP_EXAM_SCORED];
        for (int i = 0; i < CP_EXAM_SCORED; i++)
            p[i] = 1.0 / (1.0 + exp(-(logit(item_p[i]) + sd * z)));
        double part[CP_EXAM_SCORED + 1];
        cp_poisson_binomial(p, CP_EXAM_SCORED, part);
        for (int k = 0; k <= CP_EXAM_SCORED; k++)
            dist[k] += w * part[k];
        weight_sum += w;
    }

    out->cut_raw = cut_raw;
    out->pass_raw = cp_score_pass_raw(cut_raw, CP_EXAM_SCORED);
    double pass = 0.0, mean_raw = 0.0, mean_scaled = 0.0, cum = 0.0;
    out->band_low = out->band_high = -1;
    for (int k = 0; k <= CP_EXAM_SCORED; k++) {
        double pk = dist[k] / weight_sum;
        int scaled = cp_score_scale(k, cut_raw, CP_EXAM_SCORED);
        if (k >= out->pass_raw)
            pass += pk;
        mean_raw += k * pk;
        mean_scaled += scaled * pk;
        cum += pk;
        if (out->band_low < 0 && cum >= 0.1)
            out->band_low = scaled;
        if (out->band_high < 0 && cum >= 0.9)
            out->band_high = scaled;
    }
    if (out->band_high < 0)
        out->band_high = CP_SCALE_MAX;
    out->pass_probability = pass > 1.0 ? 1.0 : pass;
    out->expected_raw = mean_raw;
    out->predicted_scaled = (int)lround(mean_scaled);
}

static double ability_sd(const cp_readiness_desc *desc)
{
    return !desc ? 0.1 : desc->ability_sd < 0.0 ? 0.0 : desc_or(desc->ability_sd, 0.1);
}

void cp_readiness_predict(const cp_readiness_desc *desc, double cut_raw,
                          cp_readiness *out)
{
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    double p[CP_EXAM_SCORED];
    int n = 0;
    for (int d = 0; d < CP_DOMAINS; d++)
        for (int i = 0; i < quota[d]; i++)
            p[n++] = out->domain_p[d];
    predict_items(p, ability_sd(desc), cut_raw, out);
}

static void add_reason(cp_readiness *out, cp_reason_code code, bool met,
                       int domain, double value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static void add_reason(cp_readiness *out, cp_reason_code code, bool met,
                       int domain, double value, const char *fmt, ...)
{
    if (out->n_reasons >= CP_READY_MAX_REASONS)
        return;
    cp_reason *r = &out->reasons[out->n_reasons++];
    r->code = code;
    r->met = met;
    r->domain = domain;
    r->value = value;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
}

void cp_readiness_judge(const cp_mock_result *mocks, size_t n_mocks, cp_readiness *out)
{
    out->n_reasons = 0;
    memset(out->reasons, 0, sizeof out->reasons);

    bool prob_ok = out->pass_probability >= CP_READY_PASS_PROBABILITY;
    add_reason(out, CP_REASON_PASS_PROBABILITY, prob_ok, 0, out->pass_probability,
               "Pass probability %.0f%% (Ready needs %.0f%%)",
               100.0 * out->pass_probability, 100.0 * CP_READY_PASS_PROBABILITY);

    /* The last five full timed mocks, newest first. */
    int full = 0, lowest = CP_SCALE_MAX + 1;
    for (size_t i = n_mocks; i > 0 && full < CP_READY_MOCKS; i--) {
        if (!mocks[i - 1].full_timed)
            continue;
        full++;
        if (mocks[i - 1].scaled < lowest)
            lowest = mocks[i - 1].scaled;
    }
    bool count_ok = full >= CP_READY_MOCKS;
    add_reason(out, CP_REASON_MOCK_COUNT, count_ok, 0, full,
               "%d of %d full timed mock exams taken", full, CP_READY_MOCKS);
    bool scores_ok = count_ok && lowest >= CP_SCALE_TARGET;
    if (full > 0)
        add_reason(out, CP_REASON_MOCK_SCORES, scores_ok, 0, lowest,
                   "Lowest of the last %d mocks: %d (Ready needs all %d or more)",
                   full, lowest, CP_SCALE_TARGET);
    else
        add_reason(out, CP_REASON_MOCK_SCORES, false, 0, 0,
                   "No full timed mock yet (Ready needs the last %d at %d or more)",
                   CP_READY_MOCKS, CP_SCALE_TARGET);

    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    double avg = 0.0;
    for (int d = 0; d < CP_DOMAINS; d++)
        avg += quota[d] * out->domain_p[d];
    avg /= CP_EXAM_SCORED;
    out->average_p = avg;
    bool domains_ok = true;
    int worst = 0;
    double worst_gap = -1e9;
    for (int d = 0; d < CP_DOMAINS; d++) {
        double gap = 100.0 * (avg - out->domain_p[d]);
        if (gap > worst_gap) {
            worst_gap = gap;
            worst = d;
        }
        /* A hair of tolerance so "exactly 10 points" is not lost to rounding. */
        if (gap > CP_READY_DOMAIN_GAP + 1e-9) {
            domains_ok = false;
            add_reason(out, CP_REASON_DOMAIN_GAP, false, d + 1, gap,
                       "%s is %.0f points below your average",
                       cp_blueprint_domain(d + 1)->name, gap);
        }
    }
    if (domains_ok)
        add_reason(out, CP_REASON_DOMAIN_GAP, true, worst + 1, worst_gap,
                   "No domain more than %.0f points below your average",
                   CP_READY_DOMAIN_GAP);

    if (prob_ok && count_ok && scores_ok && domains_ok)
        out->verdict = CP_READY;
    else if (out->pass_probability >= CP_READY_CLOSE_PROBABILITY)
        out->verdict = CP_GETTING_CLOSE;
    else
        out->verdict = CP_NOT_READY;
}

cp_time cp_readiness_next_mock(const cp_mock_result *mocks, size_t n_mocks,
                               cp_time started_at, int predicted_scaled,
                               int interval_days, cp_time now)
{
    if (interval_days <= 0)
        interval_days = 7;
    const cp_mock_result *last = NULL;
    for (size_t i = n_mocks; i > 0 && !last; i--)
        if (mocks[i - 1].full_timed)
            last = &mocks[i - 1];
    cp_time due = (last ? last->at : started_at) + (cp_time)interval_days * CP_DAY_SECONDS;
    if (predicted_scaled >= CP_SCALE_PASS) {
        /* Crossed 700 since the last mock began (its prediction, or its
         * score when the prediction was not kept), or never tried one. */
        int before = last ? (last->predicted > 0 ? last->predicted : last->scaled) : 0;
        if (before < CP_SCALE_PASS && due > now)
            due = now;
    }
    return due;
}

double cp_readiness_card_p(const cp_card *card, const cp_memory *memory,
                           const cp_fsrs_params *params,
                           const cp_readiness_desc *desc, cp_time now)
{
    double know = desc ? desc_or(desc->unseen_prior, 0.3) : 0.3;
    double slope = desc ? desc_or(desc->difficulty_slope, 0.6) : 0.6;
    double slip = desc ? (desc->slip < 0.0 ? 0.0 : desc_or(desc->slip, 0.02)) : 0.02;
    if (!card)
        return know;
    if (memory && memory->state != CP_STATE_NEW && memory->last_review > 0) {
        cp_fsrs_params defaults;
        if (!params) {
            cp_fsrs_default_params(&defaults);
            params = &defaults;
        }
        /* Forgetting what was studied here does not erase what was known. */
        double r = cp_fsrs_retrievability(params, memory, now);
        know = 1.0 - (1.0 - r) * (1.0 - know);
    }
    know = 1.0 / (1.0 + exp(-(logit(know) - slope * cp_score_prior_difficulty(card->difficulty))));
    double g = guess_rate(card);
    /* Even a known item is sometimes misread or misclicked: without this,
     * one slip on a card the model holds at 0.999 would move the whole
     * learner's logit offset. */
    return (1.0 - slip) * (g + (1.0 - g) * know);
}

/* Logit offset that moves `expected` (a rate) toward the observed rate,
 * with `weight` pseudo-answers at prior_offset. */
static double offset(double correct, double answered, double expected_rate,
                     double prior_offset, double weight)
{
    if (answered <= 0.0 || expected_rate <= 0.0)
        return prior_offset;
    double prior_rate = 1.0 / (1.0 + exp(-(logit(expected_rate) + prior_offset)));
    double rate = (correct + weight * prior_rate) / (answered + weight);
    return logit(rate) - logit(expected_rate);
}

cp_status cp_readiness_assess(const cp_readiness_input *in,
                              const cp_readiness_desc *desc, cp_time now,
                              cp_readiness *out, cp_error *err)
{
    static const cp_readiness_desc none = {0};
    if (!desc)
        desc = &none;
    if (!in || !out || !in->bank || (in->bank->n_cards && !in->bank->cards))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "readiness: missing input");
    const double weight = desc_or(desc->model_weight, 40.0);
    cp_fsrs_params defaults;
    const cp_fsrs_params *params = in->params;
    if (!params) {
        cp_fsrs_default_params(&defaults);
        params = &defaults;
    }

    memset(out, 0, sizeof *out);
    const cp_exam_bank *bank = in->bank;
    double *card_p = malloc((bank->n_cards ? bank->n_cards : 1) * sizeof *card_p);
    if (!card_p)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "readiness: out of memory");
    /* Cards are grouped by domain and difficulty label: a form's items
     * follow the bank's mix, and a harder group lowers both the learner's
     * chances and the cut, which a single rate per domain would miss. */
    enum { CLASSES = 3 };
    double sum_p[CP_DOMAINS] = {0}, group_mcc[CP_DOMAINS][CLASSES] = {{0}};
    double group_p[CP_DOMAINS][CLASSES] = {{0}};
    size_t count[CP_DOMAINS] = {0}, group_n[CP_DOMAINS][CLASSES] = {{0}};
    for (size_t i = 0; i < bank->n_cards; i++) {
        const cp_card *card = bank->cards[i];
        card_p[i] = -1.0;
        if (!card || (card->type != CP_CARD_SINGLE && card->type != CP_CARD_MULTI) ||
            card->domain < 1 || card->domain > CP_DOMAINS)
            continue;
        int d = card->domain - 1, c = (int)card->difficulty % CLASSES;
        card_p[i] = cp_readiness_card_p(card, in->memories ? &in->memories[i] : NULL,
                                        params, desc, now);
        sum_p[d] += card_p[i];
        const cp_item_data *data = bank->data ? &bank->data[i] : NULL;
        group_mcc[d][c] += cp_score_p_correct(CP_SCORE_MCC_ABILITY,
                                              cp_score_item_difficulty(card->difficulty, data));
        group_n[d][c]++;
        count[d]++;
    }
    for (int d = 0; d < CP_DOMAINS; d++) {
        if (count[d] == 0) {
            free(card_p);
            return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                                "readiness: no question cards in domain %d", d + 1);
        }
    }

    /* Calibrate: the learner as a whole, then each domain around that. */
    double n_all = 0.0, c_all = 0.0, e_all = 0.0;
    double e_rate[CP_DOMAINS];
    for (int d = 0; d < CP_DOMAINS; d++) {
        const cp_accuracy *a = &in->recent[d];
        double answered = a->answered;
        double correct = a->correct > a->answered ? a->answered : a->correct;
        e_rate[d] = a->expected > 0.0 && answered > 0.0 ? a->expected / answered
                                                         : sum_p[d] / (double)count[d];
        n_all += answered;
        c_all += correct;
        e_all += e_rate[d] * answered;
    }
    double global = n_all > 0.0 ? offset(c_all, n_all, e_all / n_all, 0.0, weight) : 0.0;
    double shift[CP_DOMAINS];
    for (int d = 0; d < CP_DOMAINS; d++) {
        const cp_accuracy *a = &in->recent[d];
        double correct = a->correct > a->answered ? a->answered : a->correct;
        shift[d] = offset(correct, a->answered, e_rate[d], global, weight);
        sum_p[d] = 0.0;
    }
    for (size_t i = 0; i < bank->n_cards; i++) {
        if (card_p[i] < 0.0)
            continue;
        const cp_card *card = bank->cards[i];
        int d = card->domain - 1, c = (int)card->difficulty % CLASSES;
        double p = 1.0 / (1.0 + exp(-(logit(card_p[i]) + shift[d])));
        sum_p[d] += p;
        group_p[d][c] += p;
    }
    free(card_p);

    /* The representative form: each domain's quota split over the labels
     * by largest remainder of the bank's mix. */
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    double item_p[CP_EXAM_SCORED], cut = 0.0;
    int n_items = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        out->domain_p[d] = sum_p[d] / (double)count[d];
        int take[CLASSES], given = 0;
        double rem[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            double share = quota[d] * (double)group_n[d][c] / (double)count[d];
            take[c] = (int)share;
            rem[c] = share - take[c];
            given += take[c];
        }
        while (given < quota[d]) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++)
                if (rem[c] > rem[best])
                    best = c;
            take[best]++;
            rem[best] = -1.0;
            given++;
        }
        for (int c = 0; c < CLASSES; c++) {
            if (!group_n[d][c])
                continue;
            double gp = group_p[d][c] / (double)group_n[d][c];
            cut += take[c] * group_mcc[d][c] / (double)group_n[d][c];
            for (int k = 0; k < take[c]; k++)
                item_p[n_items++] = gp;
        }
    }
    predict_items(item_p, ability_sd(desc), cut, out);
    cp_readiness_judge(in->mocks, in->n_mocks, out);
    out->next_mock_due = cp_readiness_next_mock(in->mocks, in->n_mocks, in->started_at,
                                                out->predicted_scaled,
                                                desc->mock_interval_days, now);
    out->mock_due = out->next_mock_due <= now;
    out->next_mock_days = out->mock_due ? 0
                          : (int)((out->next_mock_due - now + CP_DAY_SECONDS - 1) / CP_DAY_SECONDS);
    return CP_OK;
}

/* ---- gathering the inputs from a learner's store ---------------------------------- */

typedef struct gather {
    const cp_deck *deck;
    const cp_fsrs_params *params;
    cp_readiness_input *in;
    cp_mock_result mocks[64];
    size_t n_mocks;
    size_t n_read;          /* answers read */
} gather;

static void gather_review(void *ctx, const cp_review *r)
{
    gather *g = ctx;
    long i = cp_deck_find(g->deck, r->card_id);
    if (i < 0)
        return;
    const cp_card *c = cp_deck_card(g->deck, (size_t)i);
    if (c->type == CP_CARD_FLASHCARD || c->domain < 1 || c->domain > CP_DOMAINS)
        return;
    cp_accuracy *a = &g->in->recent[c->domain - 1];
    a->answered++;
    a->correct += r->rating > CP_AGAIN;
    a->expected += cp_readiness_card_p(c, &r->before, g->params, NULL, r->at);
}

/* Newest first, up to CP_READY_RECENT_MAX answers. */
static bool gather_recent(void *ctx, const cp_review *r)
{
    gather *g = ctx;
    gather_review(g, r);
    return ++g->n_read < CP_READY_RECENT_MAX;
}

static void gather_mock(void *ctx, const cp_attempt *a)
{
    gather *g = ctx;
    if (a->status != CP_ATTEMPT_SUBMITTED && a->status != CP_ATTEMPT_TIMED_OUT)
        return;
    if (g->n_mocks == sizeof g->mocks / sizeof g->mocks[0]) {
        memmove(g->mocks, g->mocks + 1, sizeof g->mocks - sizeof g->mocks[0]);
        g->n_mocks--;
    }
    g->mocks[g->n_mocks++] = (cp_mock_result){
        .at = a->finished_at, .scaled = a->scaled_score,
        .full_timed = cp_exam_full_timed(a->time_limit_s), .predicted = a->predicted};
}

cp_status cp_readiness_load(cp_store *store, const cp_deck *deck, const cp_memory *memories,
                            const cp_fsrs_params *params, cp_time now, cp_readiness *out,
                            cp_error *err)
{
    memset(out, 0, sizeof *out);
    cp_exam_bank bank;
    cp_status s = cp_exam_bank_from_deck(deck, &bank, err);
    if (s != CP_OK)
        return s;
    if (!bank.n_cards) {
        cp_exam_bank_release(&bank);
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "the decks hold no question cards, so there is nothing to measure");
    }
    cp_memory *mem = calloc(bank.n_cards, sizeof *mem);
    if (!mem) {
        cp_exam_bank_release(&bank);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "readiness: out of memory");
    }
    const cp_card *first = cp_deck_card(deck, 0);
    for (size_t i = 0; memories && i < bank.n_cards; i++)
        mem[i] = memories[bank.cards[i] - first];
    cp_readiness_input in = {.bank = &bank, .memories = mem, .params = params};
    gather g = {.deck = deck, .params = params, .in = &in};
    cp_time started = 0;
    /* The meter calibrates on every answer of the last two weeks (drill,
     * quiz and exam), as the simulator that tuned it does (docs/scoring.md),
     * up to the newest CP_READY_RECENT_MAX: a bounded read at every start. */
    s = cp_store_first_review_at(store, &started, err);
    if (s == CP_OK)
        s = cp_store_each_review_newest(store,
                                        now - CP_READY_RECENT_DAYS * (cp_time)CP_DAY_SECONDS,
                                        gather_recent, &g, err);
    if (s == CP_OK)
        s = cp_store_each_attempt(store, "mock", gather_mock, &g, err);
    if (s == CP_OK) {
        in.mocks = g.mocks;
        in.n_mocks = g.n_mocks;
        in.started_at = started ? started : now;
        s = cp_readiness_assess(&in, NULL, now, out, err);
    }
    free(mem);
    cp_exam_bank_release(&bank);
    return s;
}
