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
/* item_g (may be NULL): each item's guessing rate, and then the ability
 * shift moves the understanding behind the guess and the slip, not the
 * chance of a right answer itself: a learner far above an item cannot be
 * shifted below the guessing rate, and one with nothing but right answers
 * is not made uncertain by a ceiling the slip puts on every item. */
static void predict_items(const double item_p[CP_EXAM_SCORED], const double *item_g, double slip,
                          double sd, double cut_raw, cp_readiness *out)
{
    double dist[CP_EXAM_SCORED + 1] = {0};
    double weight_sum = 0.0;
    int points = sd > 0.0 ? SHIFT_POINTS : 1;
    double base[CP_EXAM_SCORED];
    for (int i = 0; i < CP_EXAM_SCORED; i++) {
        if (!item_g) {
            base[i] = logit(item_p[i]);
            continue;
        }
        double g = item_g[i];
        double know = (item_p[i] / (1.0 - slip) - g) / (1.0 - g);
        base[i] = logit(know);
    }
    for (int s = 0; s < points; s++) {
        double z = points == 1 ? 0.0 : -3.0 + 6.0 * s / (points - 1);
        double w = exp(-0.5 * z * z);
        double p[CP_EXAM_SCORED];
        for (int i = 0; i < CP_EXAM_SCORED; i++) {
            double q = 1.0 / (1.0 + exp(-(base[i] + sd * z)));
            p[i] = item_g ? (1.0 - slip) * (item_g[i] + (1.0 - item_g[i]) * q) : q;
        }
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
    predict_items(p, NULL, 0.0, ability_sd(desc), cut_raw, out);
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

bool cp_readiness_mock_fresh(const cp_mock_result *m)
{
    int n = m->n_scored > 0 ? m->n_scored : CP_EXAM_SCORED;
    return m->full_timed && m->fresh_scored >= 0 &&
           m->fresh_scored >= CP_READY_FRESH_SHARE * n - 1e-9;
}

void cp_readiness_fresh_note(int fresh_scored, int n_scored, char *out, size_t size)
{
    if (!size)
        return;
    out[0] = '\0';
    if (fresh_scored < 0 || n_scored <= 0)
        return;
    cp_mock_result m = {.full_timed = true, .fresh_scored = fresh_scored, .n_scored = n_scored};
    if (cp_readiness_mock_fresh(&m))
        snprintf(out, size, "%d of the %d scored questions were new to you.", fresh_scored,
                 n_scored);
    else
        snprintf(out, size,
                 "You had seen %d of these %d questions before: this score overstates your "
                 "readiness.", n_scored - fresh_scored, n_scored);
}

void cp_readiness_judge(const cp_readiness_desc *desc, const cp_mock_result *mocks,
                        size_t n_mocks, cp_readiness *out)
{
    out->n_reasons = 0;
    memset(out->reasons, 0, sizeof out->reasons);
    const bool memory = desc && desc->model == CP_READINESS_MEMORY;
    const int needed = memory ? CP_READY_MOCKS_MEMORY : CP_READY_MOCKS;

    bool prob_ok = out->pass_probability >= CP_READY_PASS_PROBABILITY;
    add_reason(out, CP_REASON_PASS_PROBABILITY, prob_ok, 0, out->pass_probability,
               "Pass probability %d%% (Ready needs %d%%)",
               cp_readiness_percent(out->pass_probability),
               cp_readiness_percent(CP_READY_PASS_PROBABILITY));

    /* The last `needed` counting mocks, newest first; full timed mocks
     * mostly of questions seen before are passed over (and counted). */
    int full = 0, repeats = 0, lowest = CP_SCALE_MAX + 1;
    for (size_t i = n_mocks; i > 0 && full < needed; i--) {
        const cp_mock_result *m = &mocks[i - 1];
        if (!m->full_timed)
            continue;
        if (!memory && !cp_readiness_mock_fresh(m)) {
            repeats++;
            continue;
        }
        full++;
        if (m->scaled < lowest)
            lowest = m->scaled;
    }
    const char *kind = memory ? "full timed mock exams" : "fresh full timed mock exams";
    bool count_ok = full >= needed;
    add_reason(out, CP_REASON_MOCK_COUNT, count_ok, 0, full, "%d of %d %s taken", full, needed,
               kind);
    bool scores_ok = count_ok && lowest >= CP_SCALE_TARGET;
    if (full > 0)
        add_reason(out, CP_REASON_MOCK_SCORES, scores_ok, 0, lowest,
                   "Lowest of the last %d: %d (Ready needs all %d or more)", full, lowest,
                   CP_SCALE_TARGET);
    else
        add_reason(out, CP_REASON_MOCK_SCORES, false, 0, 0,
                   "No %s yet (Ready needs the last %d at %d or more)",
                   memory ? "full timed mock" : "fresh full timed mock", needed, CP_SCALE_TARGET);
    if (!memory) {
        if (repeats)
            add_reason(out, CP_REASON_FRESH_MOCKS, false, 0, repeats,
                       "%d recent mock%s mostly repeated questions you had seen, so %s not count",
                       repeats, repeats == 1 ? "" : "s", repeats == 1 ? "it does" : "they do");
        else
            add_reason(out, CP_REASON_FRESH_MOCKS, true, 0, 0,
                       "Recent mocks asked questions new to you");
    }

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

int cp_readiness_percent(double p)
{
    if (!(p > 0.0))
        return 0;
    /* The small nudge keeps 0.29 at 29 (0.29 * 100 is 28.999...). */
    double pct = floor(p * 100.0 + 1e-9);
    return pct >= 100.0 ? 100 : (int)pct;
}

cp_time cp_readiness_next_mock(const cp_mock_result *mocks, size_t n_mocks, cp_time started_at,
                               int interval_days)
{
    /* A fixed cadence, never the meter's own movement: a mock asked for
     * because the prediction has just risen is taken when that rise is
     * partly the evidence's luck, and the prediction on those occasions
     * was too hopeful (docs/scoring.md, "Calibration against the
     * real-exam proxy"). */
    if (interval_days <= 0)
        interval_days = 7;
    const cp_mock_result *last = NULL;
    for (size_t i = n_mocks; i > 0 && !last; i--)
        if (mocks[i - 1].full_timed)
            last = &mocks[i - 1];
    return (last ? last->at : started_at) + (cp_time)interval_days * CP_DAY_SECONDS;
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

static bool counts(const cp_card *card)
{
    return card && (card->type == CP_CARD_SINGLE || card->type == CP_CARD_MULTI) &&
           card->domain >= 1 && card->domain <= CP_DOMAINS && card->task >= 0 &&
           card->task < CP_TASKS;
}

/* The memory model: each card's p, calibrated by recent answers. */
static void memory_card_p(const cp_readiness_input *in, const cp_readiness_desc *desc,
                          const cp_fsrs_params *params, cp_time now, double *card_p)
{
    const cp_exam_bank *bank = in->bank;
    const double weight = desc_or(desc->model_weight, 40.0);
    double sum_p[CP_DOMAINS] = {0};
    size_t count[CP_DOMAINS] = {0};
    for (size_t i = 0; i < bank->n_cards; i++) {
        const cp_card *card = bank->cards[i];
        if (card_p[i] < 0.0)
            continue;
        card_p[i] = cp_readiness_card_p(card, in->memories ? &in->memories[i] : NULL, params,
                                        desc, now);
        sum_p[card->domain - 1] += card_p[i];
        count[card->domain - 1]++;
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
    }
    for (size_t i = 0; i < bank->n_cards; i++)
        if (card_p[i] >= 0.0)
            card_p[i] = 1.0 / (1.0 + exp(-(logit(card_p[i]) + shift[bank->cards[i]->domain - 1])));
}

/* ---- the transfer model ------------------------------------------------------------- */

enum {
    /* theta_0, delta_1..4, eps_1..19, gamma (growth with coverage) */
    N_PARAMS = 1 + CP_DOMAINS + CP_TASKS + 1,
    GAMMA = N_PARAMS - 1,
    COVERAGE_BUCKETS = 20,
    MAX_STEPS = 40,
};

/* First exposures summed by (task, difficulty label, guessing rate,
 * coverage to the twentieth): items in one cell have nearly the same
 * likelihood, so the fit walks cells, not items. Cells are found through
 * a small open-addressing table. */
typedef struct cell {
    uint64_t key;
    double n, k;            /* weighted answers, weighted right */
    double nx;              /* weighted sum of coverage then */
    double g, b;
    int task, domain;
} cell;

typedef struct transfer_fit {
    cell *cells;
    size_t n_cells;
    int32_t *slots;         /* cell index + 1, 0 empty */
    size_t n_slots;         /* a power of two above twice the evidence */
    double coverage_now[CP_TASKS];
    double evidence;
    double theta[N_PARAMS];
    double cov[N_PARAMS][N_PARAMS];
} transfer_fit;

static int param_of_domain(int d) { return 1 + d; }
static int param_of_task(int t) { return 1 + CP_DOMAINS + t; }

static double item_p(double eta, double g, double slip)
{
    return (1.0 - slip) * (g + (1.0 - g) / (1.0 + exp(-eta)));
}

static double slip_of(const cp_readiness_desc *desc)
{
    return desc->slip < 0.0 ? 0.0 : desc_or(desc->slip, 0.02);
}

static double unit(double x) { return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x; }

static void add_evidence(transfer_fit *f, const cp_card *card, double weight, bool correct,
                         double coverage, double slope)
{
    double g = guess_rate(card), b = cp_score_prior_difficulty(card->difficulty);
    coverage = unit(coverage);
    uint64_t key = (((uint64_t)card->task * 3 + (uint64_t)card->difficulty % 3) *
                        (COVERAGE_BUCKETS + 1) + (uint64_t)(coverage * COVERAGE_BUCKETS)) * 1001 +
                   (uint64_t)lround(g * 1000.0);
    size_t h = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (f->n_slots - 1);
    while (f->slots[h] && f->cells[f->slots[h] - 1].key != key)
        h = (h + 1) & (f->n_slots - 1);
    if (!f->slots[h]) {
        f->cells[f->n_cells] = (cell){.key = key, .g = g, .b = slope * b, .task = card->task,
                                      .domain = card->domain - 1};
        f->slots[h] = (int32_t)++f->n_cells;
    }
    cell *c = &f->cells[f->slots[h] - 1];
    c->n += weight;
    c->k += correct ? weight : 0.0;
    c->nx += weight * coverage;
    f->evidence += weight;
}

/* In-place Cholesky of a (n x n, positive definite); false if it is not. */
static bool cholesky(double a[N_PARAMS][N_PARAMS], int n)
{
    for (int j = 0; j < n; j++) {
        double d = a[j][j];
        for (int k = 0; k < j; k++)
            d -= a[j][k] * a[j][k];
        if (d <= 0.0)
            return false;
        a[j][j] = sqrt(d);
        for (int i = j + 1; i < n; i++) {
            double v = a[i][j];
            for (int k = 0; k < j; k++)
                v -= a[i][k] * a[j][k];
            a[i][j] = v / a[j][j];
        }
    }
    return true;
}

static void cholesky_solve(double l[N_PARAMS][N_PARAMS], int n, const double *b, double *x)
{
    double y[N_PARAMS];
    for (int i = 0; i < n; i++) {
        double v = b[i];
        for (int k = 0; k < i; k++)
            v -= l[i][k] * y[k];
        y[i] = v / l[i][i];
    }
    for (int i = n - 1; i >= 0; i--) {
        double v = y[i];
        for (int k = i + 1; k < n; k++)
            v -= l[k][i] * x[k];
        x[i] = v / l[i][i];
    }
}

/* The posterior mode by Fisher scoring, and its covariance. */
static void transfer_solve(transfer_fit *f, const cp_readiness_desc *desc)
{
    const double mu0 = logit(desc_or(desc->prior_mean, 0.35));
    const double prec[4] = {1.0 / pow(desc_or(desc->prior_sd, 1.5), 2),
                            1.0 / pow(desc_or(desc->domain_sd, 0.5), 2),
                            1.0 / pow(desc_or(desc->task_sd, 0.4), 2),
                            1.0 / pow(desc_or(desc->growth_sd, 5.0), 2)};
    const double slip = slip_of(desc);
    double h[N_PARAMS][N_PARAMS];
    memset(f->theta, 0, sizeof f->theta);
    f->theta[0] = mu0;
    for (int step = 0; step < MAX_STEPS; step++) {
        double grad[N_PARAMS] = {0};
        memset(h, 0, sizeof h);
        /* The priors. */
        grad[0] = -prec[0] * (f->theta[0] - mu0);
        h[0][0] = prec[0];
        for (int d = 0; d < CP_DOMAINS; d++) {
            int j = param_of_domain(d);
            grad[j] = -prec[1] * f->theta[j];
            h[j][j] = prec[1];
        }
        for (int t = 0; t < CP_TASKS; t++) {
            int j = param_of_task(t);
            grad[j] = -prec[2] * f->theta[j];
            h[j][j] = prec[2];
        }
        grad[GAMMA] = -prec[3] * f->theta[GAMMA];
        h[GAMMA][GAMMA] = prec[3];
        /* The cells: each touches theta_0, its domain, its task and the
         * growth (by how much of the task was covered then). */
        for (size_t u = 0; u < f->n_cells; u++) {
            const cell *c = &f->cells[u];
            if (c->n <= 0.0)
                continue;
            int idx[4] = {0, param_of_domain(c->domain), param_of_task(c->task), GAMMA};
            double x[4] = {1.0, 1.0, 1.0, c->nx / c->n};
            double eta = f->theta[0] + f->theta[idx[1]] + f->theta[idx[2]] +
                         f->theta[GAMMA] * x[3] - c->b;
            double s = 1.0 / (1.0 + exp(-eta));
            double p = item_p(eta, c->g, slip);
            double dp = (1.0 - slip) * (1.0 - c->g) * s * (1.0 - s);
            double v = p * (1.0 - p);
            if (v < 1e-12)
                v = 1e-12;
            double score = dp * (c->k - c->n * p) / v;
            double info = c->n * dp * dp / v;
            for (int a = 0; a < 4; a++) {
                grad[idx[a]] += score * x[a];
                for (int b = 0; b < 4; b++)
                    h[idx[a]][idx[b]] += info * x[a] * x[b];
            }
        }
        double l[N_PARAMS][N_PARAMS], delta[N_PARAMS];
        memcpy(l, h, sizeof l);
        if (!cholesky(l, N_PARAMS))
            break;
        cholesky_solve(l, N_PARAMS, grad, delta);
        double biggest = 0.0;
        for (int j = 0; j < N_PARAMS; j++) {
            /* Damped: a step of more than one logit is cut to one. */
            if (fabs(delta[j]) > biggest)
                biggest = fabs(delta[j]);
        }
        double scale = biggest > 1.0 ? 1.0 / biggest : 1.0;
        for (int j = 0; j < N_PARAMS; j++)
            f->theta[j] += scale * delta[j];
        if (biggest < 1e-6)     /* a millionth of a logit moves no probability shown */
            break;
    }
    /* Covariance: the inverse of the information at the mode. */
    double l[N_PARAMS][N_PARAMS];
    memcpy(l, h, sizeof l);
    memset(f->cov, 0, sizeof f->cov);
    if (!cholesky(l, N_PARAMS))
        return;
    for (int j = 0; j < N_PARAMS; j++) {
        double e[N_PARAMS] = {0}, col[N_PARAMS];
        e[j] = 1.0;
        cholesky_solve(l, N_PARAMS, e, col);
        for (int i = 0; i < N_PARAMS; i++)
            f->cov[i][j] = col[i];
    }
}

/* The transfer model: each card's p on a first sight now; *sd the
 * posterior sd of the representative form's mean logit. */
static cp_status transfer_card_p(const cp_readiness_input *in, const cp_readiness_desc *desc,
                                 cp_time now, double *card_p, double *sd, double *evidence,
                                 cp_readiness_task tasks[CP_TASKS], double growth[2], cp_error *err)
{
    const cp_exam_bank *bank = in->bank;
    const double slope = desc_or(desc->difficulty_slope, 0.6);
    const double half_life = desc->half_life_days < 0.0 ? 0.0 : desc_or(desc->half_life_days, 30.0);
    transfer_fit *f = calloc(1, sizeof *f);
    if (f) {
        f->n_slots = 64;
        while (f->n_slots < 2 * in->n_first)
            f->n_slots *= 2;
        f->slots = calloc(f->n_slots, sizeof *f->slots);
        f->cells = malloc((in->n_first ? in->n_first : 1) * sizeof *f->cells);
    }
    if (!f || !f->slots || !f->cells) {
        if (f) {
            free(f->slots);
            free(f->cells);
        }
        free(f);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "readiness: out of memory");
    }
    for (int t = 0; t < CP_TASKS; t++)
        f->coverage_now[t] = unit(in->coverage_now[t]);
    for (size_t i = 0; i < in->n_first; i++) {
        const cp_first_answer *a = &in->first[i];
        if (a->card >= bank->n_cards || !counts(bank->cards[a->card]))
            continue;
        double age = (double)(now - a->at) / CP_DAY_SECONDS;
        double w = half_life > 0.0 && age > 0.0 ? pow(0.5, age / half_life) : 1.0;
        add_evidence(f, bank->cards[a->card], w, a->correct, a->coverage, slope);
    }
    transfer_solve(f, desc);

    /* Each card at its task's level; the form's mean logit weighs every
     * parameter by its share of the representative form. */
    const double slip = slip_of(desc);
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    size_t count[CP_DOMAINS] = {0};
    for (size_t i = 0; i < bank->n_cards; i++)
        if (card_p[i] >= 0.0)
            count[bank->cards[i]->domain - 1]++;
    double share[N_PARAMS] = {0};
    enum { MEMO_GUESSES = 4 };
    double memo_g[CP_TASKS][3][MEMO_GUESSES], memo_p[CP_TASKS][3][MEMO_GUESSES];
    for (int t = 0; t < CP_TASKS; t++)
        for (int c = 0; c < 3; c++)
            for (int k = 0; k < MEMO_GUESSES; k++)
                memo_g[t][c][k] = -1.0;
    for (size_t i = 0; i < bank->n_cards; i++) {
        if (card_p[i] < 0.0)
            continue;
        const cp_card *card = bank->cards[i];
        int d = card->domain - 1;
        double w = (double)quota[d] / CP_EXAM_SCORED / (double)count[d];
        double x = f->coverage_now[card->task];
        share[0] += w;
        share[param_of_domain(d)] += w;
        share[param_of_task(card->task)] += w;
        share[GAMMA] += w * x;
        /* Cards of one task, label and guessing rate share their P: it
         * is computed once (a bank has a handful of guessing rates). */
        int c = (int)card->difficulty % 3;
        double g = guess_rate(card);
        int slot = 0;
        while (slot < MEMO_GUESSES && memo_g[card->task][c][slot] >= 0.0 &&
               fabs(memo_g[card->task][c][slot] - g) > 1e-12)
            slot++;
        if (slot < MEMO_GUESSES && memo_g[card->task][c][slot] >= 0.0) {
            card_p[i] = memo_p[card->task][c][slot];
            continue;
        }
        double eta = f->theta[0] + f->theta[param_of_domain(d)] +
                     f->theta[param_of_task(card->task)] + f->theta[GAMMA] * x -
                     slope * cp_score_prior_difficulty(card->difficulty);
        card_p[i] = item_p(eta, g, slip);
        if (slot < MEMO_GUESSES) {
            memo_g[card->task][c][slot] = g;
            memo_p[card->task][c][slot] = card_p[i];
        }
    }
    double var = 0.0;
    for (int i = 0; i < N_PARAMS; i++)
        for (int j = 0; j < N_PARAMS; j++)
            var += share[i] * f->cov[i][j] * share[j];
    double floor = desc_or(desc->sd_floor, 0.1);
    *sd = sqrt((var > 0.0 ? var : 0.0) + floor * floor);
    *evidence = f->evidence;
    /* Each task's level, for the study plan's order. */
    for (int t = 0; t < CP_TASKS; t++) {
        int d = cp_blueprint_task(t)->domain - 1;
        tasks[t] = (cp_readiness_task){
            .level = f->theta[0] + f->theta[param_of_domain(d)] + f->theta[param_of_task(t)] +
                     f->theta[GAMMA] * f->coverage_now[t],
            .share = share[param_of_task(t)], .coverage = f->coverage_now[t]};
    }
    growth[0] = f->theta[GAMMA];
    growth[1] = sqrt(f->cov[GAMMA][GAMMA] > 0.0 ? f->cov[GAMMA][GAMMA] : 0.0);
    free(f->slots);
    free(f->cells);
    free(f);
    return CP_OK;
}

cp_status cp_readiness_assess(const cp_readiness_input *in,
                              const cp_readiness_desc *desc, cp_time now,
                              cp_readiness *out, cp_error *err)
{
    static const cp_readiness_desc none = {0};
    if (!desc)
        desc = &none;
    if (!in || !out || !in->bank || (in->bank->n_cards && !in->bank->cards) ||
        (in->n_first && !in->first))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "readiness: missing input");
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
    double group_mcc[CP_DOMAINS][CLASSES] = {{0}}, group_p[CP_DOMAINS][CLASSES] = {{0}};
    double group_g[CP_DOMAINS][CLASSES] = {{0}};
    double sum_p[CP_DOMAINS] = {0};
    size_t count[CP_DOMAINS] = {0}, group_n[CP_DOMAINS][CLASSES] = {{0}};
    double label_mcc[CLASSES] = {-1.0, -1.0, -1.0};
    for (size_t i = 0; i < bank->n_cards; i++) {
        const cp_card *card = bank->cards[i];
        card_p[i] = -1.0;
        if (!counts(card))
            continue;
        card_p[i] = 0.0;
        int d = card->domain - 1, c = (int)card->difficulty % CLASSES;
        /* Without response data an item's Angoff value is its label's. */
        if (bank->data)
            group_mcc[d][c] += cp_score_p_correct(CP_SCORE_MCC_ABILITY,
                                                  cp_score_item_difficulty(card->difficulty,
                                                                           &bank->data[i]));
        else
            group_mcc[d][c] += label_mcc[c] >= 0.0
                                   ? label_mcc[c]
                                   : (label_mcc[c] = cp_score_p_correct(
                                          CP_SCORE_MCC_ABILITY,
                                          cp_score_item_difficulty(card->difficulty, NULL)));
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
    double sd = ability_sd(desc);
    if (desc->model == CP_READINESS_MEMORY) {
        memory_card_p(in, desc, params, now, card_p);
    } else {
        double growth[2] = {0.0, 0.0};
        cp_status s = transfer_card_p(in, desc, now, card_p, &sd, &out->evidence, out->tasks,
                                      growth, err);
        out->growth = growth[0];
        out->growth_sd = growth[1];
        if (s != CP_OK) {
            free(card_p);
            return s;
        }
    }
    for (size_t i = 0; i < bank->n_cards; i++) {
        if (card_p[i] < 0.0)
            continue;
        const cp_card *card = bank->cards[i];
        int d = card->domain - 1, c = (int)card->difficulty % CLASSES;
        sum_p[d] += card_p[i];
        group_p[d][c] += card_p[i];
        group_g[d][c] += guess_rate(card);
    }
    free(card_p);

    /* The representative form: each domain's quota split over the labels
     * by largest remainder of the bank's mix. */
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    double item_p_form[CP_EXAM_SCORED], item_g_form[CP_EXAM_SCORED], cut = 0.0;
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
            double gg = group_g[d][c] / (double)group_n[d][c];
            cut += take[c] * group_mcc[d][c] / (double)group_n[d][c];
            for (int k = 0; k < take[c]; k++) {
                item_g_form[n_items] = gg;
                item_p_form[n_items++] = gp;
            }
        }
    }
    out->ability_sd = sd;
    if (desc->model == CP_READINESS_MEMORY)
        predict_items(item_p_form, NULL, 0.0, sd, cut, out);
    else
        predict_items(item_p_form, item_g_form, slip_of(desc), sd, cut, out);
    cp_readiness_judge(desc, in->mocks, in->n_mocks, out);
    out->next_mock_due = cp_readiness_next_mock(in->mocks, in->n_mocks, in->started_at,
                                                desc->mock_interval_days);
    out->mock_due = out->next_mock_due <= now;
    out->next_mock_days = out->mock_due ? 0
                          : (int)((out->next_mock_due - now + CP_DAY_SECONDS - 1) / CP_DAY_SECONDS);
    out->fresh_mocks_left = cp_exam_fresh_forms(bank);
    return CP_OK;
}

/* ---- gathering the inputs from a learner's store ---------------------------------- */

typedef struct gather {
    const cp_deck *deck;
    const cp_card *first_card;
    size_t *bank_of;                /* deck index -> bank index + 1 (0: not a question) */
    cp_time *last_seen;             /* parallel to the bank */
    cp_first_answer *first;
    size_t n_first, cap_first;
    size_t task_met[CP_TASKS], task_total[CP_TASKS];
    cp_mock_result mocks[64];
    size_t n_mocks;
    bool nomem;
} gather;

/* One first exposure of deck card i; they come oldest first, so coverage
 * is what was met before. */
static void gather_exposure(gather *g, size_t i, cp_time first_at, bool correct)
{
    const cp_card *card = cp_deck_card(g->deck, i);
    double coverage = g->task_total[card->task]
                          ? (double)g->task_met[card->task] / (double)g->task_total[card->task]
                          : 0.0;
    g->task_met[card->task]++;
    if (!g->bank_of[i])
        return;
    size_t b = g->bank_of[i] - 1;
    g->last_seen[b] = first_at > 0 ? first_at : 1;
    cp_first_answer *grown = cp_grow(g->first, &g->cap_first, g->n_first, sizeof *grown, 256);
    if (!grown) {
        g->nomem = true;
        return;
    }
    g->first = grown;
    g->first[g->n_first++] =
        (cp_first_answer){.card = b, .correct = correct, .at = first_at, .coverage = coverage};
}

/* The deck's cards' first exposures, read in the table's order (by card
 * id: no sort in SQLite, which costs 30-40 ms for 90,000 rows) and sorted
 * here as cp_store_each_exposure orders them (time, then card id). */
typedef struct exposure_row {
    size_t card;
    const char *id; /* the deck's */
    cp_time at;
    bool correct;
} exposure_row;

typedef struct exposure_rows {
    const cp_deck *deck;
    exposure_row *v;
    size_t n, cap;
    bool nomem;
} exposure_rows;

static void add_exposure_row(exposure_rows *r, size_t i, cp_time at, bool correct)
{
    exposure_row *grown = cp_grow(r->v, &r->cap, r->n, sizeof *grown, 1024);
    if (!grown) {
        r->nomem = true;
        return;
    }
    r->v = grown;
    r->v[r->n++] = (exposure_row){i, cp_deck_card(r->deck, i)->id, at, correct};
}

static void collect_exposure(void *ctx, const cp_exposure *e)
{
    exposure_rows *r = ctx;
    long i = cp_deck_find(r->deck, e->card_id);
    if (i >= 0)
        add_exposure_row(r, (size_t)i, e->first_at, e->correct);
}

static int cmp_exposure(const void *a, const void *b)
{
    const exposure_row *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return strcmp(x->id, y->id); /* SQLite's BINARY order for UTF-8 text */
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
        .full_timed = cp_exam_full_timed(a->time_limit_s), .predicted = a->predicted,
        .fresh_scored = a->fresh_scored, .n_scored = CP_EXAM_SCORED};
}

/* The store read once; the meter assessed n times, out[i] with extra_met[i]
 * (extra_met NULL: once, as it stands). */
static cp_status load(cp_store *store, const cp_deck *deck, const cp_memory *memories,
                      const cp_fsrs_params *params, const cp_first_seen *seen, cp_time now,
                      const int (*extra_met)[CP_TASKS], size_t n, cp_readiness *out, cp_error *err)
{
    memset(out, 0, n * sizeof *out);
    cp_exam_bank bank;
    cp_status s = cp_exam_bank_from_deck(deck, &bank, err);
    if (s != CP_OK)
        return s;
    if (!bank.n_cards) {
        cp_exam_bank_release(&bank);
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "the decks hold no question cards, so there is nothing to measure");
    }
    size_t n_deck = cp_deck_count(deck);
    cp_memory *mem = calloc(bank.n_cards, sizeof *mem);
    gather *g = calloc(1, sizeof *g);
    if (g) {
        g->bank_of = calloc(n_deck, sizeof *g->bank_of);
        g->last_seen = calloc(bank.n_cards, sizeof *g->last_seen);
    }
    if (!mem || !g || !g->bank_of || !g->last_seen) {
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "readiness: out of memory");
        goto done;
    }
    const cp_card *first = cp_deck_card(deck, 0);
    for (size_t i = 0; i < bank.n_cards; i++) {
        size_t at = (size_t)(bank.cards[i] - first);
        g->bank_of[at] = i + 1;
        if (memories)
            mem[i] = memories[at];
    }
    g->deck = deck;
    for (size_t i = 0; i < n_deck; i++)
        g->task_total[cp_deck_card(deck, i)->task]++;
    cp_time started = 0;
    s = cp_store_first_review_at(store, &started, err);
    exposure_rows rows = {.deck = deck};
    if (s == CP_OK && seen) {
        for (size_t i = 0; i < n_deck; i++)
            if (seen->flags[i] & CP_SEEN_MET)
                add_exposure_row(&rows, i, seen->at[i], (seen->flags[i] & CP_SEEN_RIGHT) != 0);
    } else if (s == CP_OK) {
        s = cp_store_each_exposure_by_card(store, collect_exposure, &rows, err);
    }
    if (s == CP_OK && rows.nomem)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "readiness: out of memory");
    if (s == CP_OK) {
        if (rows.n) /* a new learner has none (and rows.v is NULL) */
            qsort(rows.v, rows.n, sizeof *rows.v, cmp_exposure);
        for (size_t k = 0; k < rows.n; k++)
            gather_exposure(g, rows.v[k].card, rows.v[k].at, rows.v[k].correct);
    }
    free(rows.v);
    if (s == CP_OK && g->nomem)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "readiness: out of memory");
    if (s == CP_OK)
        s = cp_store_each_attempt(store, "mock", gather_mock, g, err);
    if (s == CP_OK) {
        bank.last_seen = g->last_seen;
        cp_readiness_input in = {.bank = &bank, .first = g->first, .n_first = g->n_first,
                                 .memories = mem, .params = params, .mocks = g->mocks,
                                 .n_mocks = g->n_mocks, .started_at = started ? started : now};
        for (size_t i = 0; i < n && s == CP_OK; i++) {
            for (int t = 0; t < CP_TASKS; t++) {
                double met = (double)g->task_met[t] + (extra_met ? extra_met[i][t] : 0);
                in.coverage_now[t] = g->task_total[t] ? met / (double)g->task_total[t] : 0.0;
            }
            s = cp_readiness_assess(&in, NULL, now, &out[i], err);
        }
        bank.last_seen = NULL;
    }
done:
    if (g) {
        free(g->bank_of);
        free(g->last_seen);
        free(g->first);
    }
    free(g);
    free(mem);
    cp_exam_bank_release(&bank);
    return s;
}

cp_status cp_readiness_load(cp_store *store, const cp_deck *deck, const cp_memory *memories,
                            const cp_fsrs_params *params, cp_time now, cp_readiness *out,
                            cp_error *err)
{
    return load(store, deck, memories, params, NULL, now, NULL, 1, out, err);
}

cp_status cp_readiness_load_seen(cp_store *store, const cp_deck *deck, const cp_memory *memories,
                                 const cp_fsrs_params *params, const cp_first_seen *seen,
                                 cp_time now, cp_readiness *out, cp_error *err)
{
    if (!seen || !seen->at || !seen->flags)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "readiness: missing argument");
    return load(store, deck, memories, params, seen, now, NULL, 1, out, err);
}

cp_status cp_readiness_project(cp_store *store, const cp_deck *deck, cp_time now,
                               const int extra_met[CP_TASKS], cp_readiness *out, cp_error *err)
{
    return load(store, deck, NULL, NULL, NULL, now, (const int(*)[CP_TASKS])extra_met, 1, out, err);
}

cp_status cp_readiness_project_many(cp_store *store, const cp_deck *deck, cp_time now,
                                    const int (*extra_met)[CP_TASKS], size_t n,
                                    cp_readiness *out, cp_error *err)
{
    if (n && (!extra_met || !out))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "readiness: missing argument");
    return n ? load(store, deck, NULL, NULL, NULL, now, extra_met, n, out, err) : CP_OK;
}
