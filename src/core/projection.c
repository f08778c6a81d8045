/* A learner's plan and its projection (see projection.h). The state is
 * gathered once (settings, memories, the reserve, the meter today, the
 * reviews the studied cards will ask for); then every plan asked about (the
 * chosen budget, the other budgets, the chosen budget to each week ahead)
 * is made from it, and the meter is carried to all of their coverages in
 * one read of the store. The earliest date is found by weeks, then by days
 * within the week where the pass probability first reaches 0.9. */
#include "cloudprep/projection.h"
#include "cloudprep/blueprint.h"
#include "projection_fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WEEKS = CP_PROJECTION_HORIZON_DAYS / 7, MAX_POINTS = 1 + CP_PROJECTION_MAX_ALTERNATIVES + WEEKS };

typedef struct state {
    const cp_projection_input *in;
    cp_settings settings;
    cp_fsrs_params params;
    cp_memory *memories;        /* owned when read from the store */
    uint8_t *held;
    const cp_memory *mem;       /* what is used */
    const uint8_t *hold;
    cp_plan_task tasks[CP_TASKS];
    double growth;
    double *review_load;            /* the studied cards' reviews, per day */
    double *curve;                  /* one new card's reviews, per day */
    size_t n_review_load;
} state;

/* ---- reading the learner ------------------------------------------------------ */

typedef struct reader {
    const cp_deck *deck;
    cp_memory *memories;
    uint8_t *held;
} reader;

static void read_memory(void *ctx, const char *card_id, const cp_memory *memory)
{
    reader *r = ctx;
    long i = cp_deck_find(r->deck, card_id);
    if (i >= 0)
        r->memories[i] = *memory;
}

static void read_reserved(void *ctx, const char *card_id)
{
    reader *r = ctx;
    long i = cp_deck_find(r->deck, card_id);
    if (i >= 0)
        r->held[i] = 1;
}

static cp_status gather(const cp_projection_input *in, state *s, cp_error *err)
{
    size_t n = cp_deck_count(in->deck);
    cp_status st = CP_OK;
    if (in->settings)
        s->settings = *in->settings;
    else if (in->store)
        st = cp_settings_load(in->store, &s->settings, err);
    else
        cp_settings_default(&s->settings);
    if (st != CP_OK)
        return st;
    if (in->params) {
        s->params = *in->params;
    } else {
        cp_fsrs_default_params(&s->params);
        s->params.desired_retention = s->settings.desired_retention;
        s->params.enable_short_term = s->settings.short_term;
    }
    s->mem = in->memories;
    s->hold = in->held;
    reader r = {.deck = in->deck};
    if (!s->mem) {
        s->memories = r.memories = calloc(n ? n : 1, sizeof *s->memories);
        if (!s->memories)
            return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "projection: out of memory");
        if (in->store && (st = cp_store_each_memory(in->store, read_memory, &r, err)) != CP_OK)
            return st;
        s->mem = s->memories;
    }
    if (!s->hold) {
        s->held = r.held = calloc(n ? n : 1, 1);
        if (!s->held)
            return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "projection: out of memory");
        if (in->store && (st = cp_store_each_reserved(in->store, read_reserved, &r, err)) != CP_OK)
            return st;
        s->hold = s->held;
    }
    return CP_OK;
}

/* The reviews every plan asks about needs: one new card's, and the studied
 * cards', day by day to the horizon or the exam, whichever is later. */
static cp_status review_loads(state *s, cp_time exam, cp_time now, cp_error *err)
{
    size_t days = CP_PROJECTION_HORIZON_DAYS + 1;
    if (exam > now && (size_t)((exam - now) / CP_DAY_SECONDS) + 2 > days)
        days = (size_t)((exam - now) / CP_DAY_SECONDS) + 2;
    s->n_review_load = days;
    s->review_load = malloc(days * sizeof *s->review_load);
    s->curve = malloc(days * sizeof *s->curve);
    if (!s->review_load || !s->curve)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "projection: out of memory");
    cp_plan_review_curve(&s->params, s->curve, days);
    return cp_plan_review_load(&s->params, s->mem, cp_deck_count(s->in->deck), now,
                               s->review_load, days, err);
}

static void state_free(state *s)
{
    free(s->memories);
    free(s->held);
    free(s->review_load);
    free(s->curve);
}

/* ---- the meter ---------------------------------------------------------------- */

/* out[i]: the meter once extra[i] more cards of each task are met (a new
 * learner's meter when there is no store: no evidence, nothing met). */
static cp_status project(const cp_projection_input *in, cp_time now, const int (*extra)[CP_TASKS],
                         size_t n, cp_readiness *out, cp_error *err)
{
    if (in->store)
        return cp_readiness_project_many(in->store, in->deck, now, extra, n, out, err);
    cp_exam_bank bank;
    cp_status st = cp_exam_bank_from_deck(in->deck, &bank, err);
    if (st != CP_OK)
        return st;
    if (!bank.n_cards)
        st = cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                          "the decks hold no question cards, so there is nothing to measure");
    int total[CP_TASKS] = {0};
    for (size_t i = 0; i < cp_deck_count(in->deck); i++)
        total[cp_deck_card(in->deck, i)->task]++;
    for (size_t i = 0; i < n && st == CP_OK; i++) {
        cp_readiness_input ri = {.bank = &bank, .started_at = now};
        for (int t = 0; t < CP_TASKS; t++)
            ri.coverage_now[t] = total[t] ? (double)extra[i][t] / total[t] : 0.0;
        st = cp_readiness_assess(&ri, NULL, now, &out[i], err);
    }
    cp_exam_bank_release(&bank);
    return st;
}

/* ---- the calibration ------------------------------------------------------------ */

/* Fit by tools/fit-projection on `cloudprep sim --plan-day` runs (seeds
 * 1-6; the features below, in this order). */
static const double PASS_W[7] = {PROJ_PASS_W};       /* logit of the pass probability */
static const double SCORE_W[7] = {PROJ_SCORE_W};     /* the mean scaled score */
static const double SCORE_VAR[2] = {PROJ_SCORE_VAR}; /* its variance: a + b h */

double cp_projection_coverage(const cp_readiness *r)
{
    double sum = 0.0;
    for (int t = 0; t < CP_TASKS; t++)
        sum += r->tasks[t].coverage;
    return sum / CP_TASKS;
}

void cp_projection_calibrate(const cp_readiness *now, const cp_readiness *then, double days,
                             cp_readiness *out)
{
    double cov_now = cp_projection_coverage(now);
    double gain = cp_projection_coverage(then) - cov_now;
    double h = (days < 0.0                             ? 0.0
                : days > CP_PROJECTION_CALIBRATED_DAYS ? CP_PROJECTION_CALIBRATED_DAYS
                                                       : days) /
               30.0;
    double p = now->pass_probability < 1e-4         ? 1e-4
               : now->pass_probability > 1.0 - 1e-4 ? 1.0 - 1e-4
                                                    : now->pass_probability;
    double zn = log(p / (1.0 - p)), sn = now->predicted_scaled / 100.0;
    const double pass_x[7] = {1.0, zn, gain, h, zn * h, cov_now, h * h};
    const double score_x[7] = {1.0, sn, gain, h, sn * h, cov_now, h * h};
    double z = 0.0, mean = 0.0;
    for (int i = 0; i < 7; i++) {
        z += PASS_W[i] * pass_x[i];
        mean += SCORE_W[i] * score_x[i];
    }
    double var = SCORE_VAR[0] + SCORE_VAR[1] * h;
    double sd = sqrt(var < 100.0 ? 100.0 : var);
    if (out != then)
        *out = *then;
    out->pass_probability = 1.0 / (1.0 + exp(-z));
    int lo = (int)lround(mean - 1.2816 * sd), hi = (int)lround(mean + 1.2816 * sd);
    int m = (int)lround(mean);
    out->predicted_scaled = m < CP_SCALE_MIN ? CP_SCALE_MIN : m > CP_SCALE_MAX ? CP_SCALE_MAX : m;
    out->band_low = lo < CP_SCALE_MIN ? CP_SCALE_MIN : lo > CP_SCALE_MAX ? CP_SCALE_MAX : lo;
    out->band_high = hi < CP_SCALE_MIN ? CP_SCALE_MIN : hi > CP_SCALE_MAX ? CP_SCALE_MAX : hi;
}

/* ---- plans ------------------------------------------------------------------------ */

static cp_plan_desc plan_desc(const state *s, int budget, cp_time exam)
{
    return (cp_plan_desc){.exam_date = exam, .budget_minutes = budget, .tasks = s->tasks,
                          .growth = s->growth,
                          .review_load = s->review_load, .n_review_load = s->n_review_load,
                          .params = &s->params, .review_curve = s->curve,
                          .n_review_curve = s->n_review_load};
}

static cp_status plan_for(const state *s, int budget, cp_time exam, cp_time now,
                          cp_study_plan *out, cp_error *err)
{
    cp_plan_desc pd = plan_desc(s, budget, exam);
    return cp_plan_make(&pd, NULL, s->in->weakest_domain, now, out, err);
}

/* The meter carried to a plan's coverage, calibrated for its date. */
static void calibrate_at(const cp_readiness *today, const cp_study_plan *plan, cp_time now,
                         cp_readiness *r)
{
    cp_projection_calibrate(today, r, (double)(plan->exam_date - now) / CP_DAY_SECONDS, r);
}

static cp_projection_point point_of(const cp_study_plan *plan, const cp_readiness *r)
{
    return (cp_projection_point){
        .budget_minutes = plan->budget_minutes, .date = plan->exam_date,
        .new_per_day = plan->new_per_day_total, .new_cards = plan->planned_total,
        .pass_probability = r->pass_probability, .predicted_scaled = r->predicted_scaled,
        .band_low = r->band_low, .band_high = r->band_high};
}

static void default_alternatives(int budget, int out[CP_PROJECTION_MAX_ALTERNATIVES])
{
    memset(out, 0, CP_PROJECTION_MAX_ALTERNATIVES * sizeof *out);
    int n = 0;
    const int steps[] = {15, 30, -15, -30};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0] && n < 2; k++) {
        int b = budget + steps[k];
        b = b > CP_PLAN_BUDGET_MAX ? CP_PLAN_BUDGET_MAX : b < CP_PLAN_BUDGET_MIN ? CP_PLAN_BUDGET_MIN : b;
        bool seen = b == budget;
        for (int i = 0; i < n; i++)
            seen = seen || out[i] == b;
        if (!seen)
            out[n++] = b;
    }
}

cp_status cp_projection_make(const cp_projection_input *in, const cp_projection_desc *desc,
                             cp_time now, cp_projection *out, cp_error *err)
{
    static const cp_projection_desc none = {0};
    if (!desc)
        desc = &none;
    if (!in || !in->deck || !out)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "projection: missing argument");
    memset(out, 0, sizeof *out);
    state s = {.in = in};
    cp_study_plan *plans = calloc(MAX_POINTS, sizeof *plans);
    cp_readiness *reads = calloc(MAX_POINTS, sizeof *reads);
    int (*extra)[CP_TASKS] = calloc(MAX_POINTS, sizeof *extra);
    cp_status st = plans && reads && extra
                       ? CP_OK : cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "projection: out of memory");
    if (st == CP_OK)
        st = gather(in, &s, err);
    const int zero[1][CP_TASKS] = {{0}};
    if (st == CP_OK)
        st = in->store ? cp_readiness_load(in->store, in->deck, s.mem, &s.params, now, &out->now, err)
                       : project(in, now, zero, 1, &out->now, err);
    if (st != CP_OK)
        goto done;

    /* What each task still holds for the drill, and how well it is understood. */
    for (size_t i = 0; i < cp_deck_count(in->deck); i++) {
        const cp_card *card = cp_deck_card(in->deck, i);
        cp_plan_task *t = &s.tasks[card->task];
        t->total++;
        if (s.mem[i].state == CP_STATE_NEW && !s.hold[i]) {
            t->unseen++;
            t->unseen_flash += card->type == CP_CARD_FLASHCARD;
        }
    }
    for (int t = 0; t < CP_TASKS; t++) {
        s.tasks[t].share = out->now.tasks[t].share;
        s.tasks[t].level = out->now.tasks[t].level;
    }
    s.growth = out->now.growth;

    int budget = desc->budget_minutes > 0 ? desc->budget_minutes : s.settings.study_minutes;
    budget = budget < CP_PLAN_BUDGET_MIN ? CP_PLAN_BUDGET_MIN
             : budget > CP_PLAN_BUDGET_MAX ? CP_PLAN_BUDGET_MAX : budget;
    cp_time exam = desc->exam_date;
    int32_t exam_day;
    if (!exam && s.settings.exam_date[0] && cp_day_parse(s.settings.exam_date, &exam_day)) {
        exam = cp_day_begin(&in->clock, exam_day);
        if (exam <= now)
            exam = 0;       /* a date gone by: the default six weeks */
    }
    if ((st = review_loads(&s, exam ? exam : now + (cp_time)CP_PLAN_DEFAULT_WEEKS * 7 * CP_DAY_SECONDS,
                           now, err)) != CP_OK)
        goto done;

    /* The plans: the chosen one, the other budgets, the chosen budget to
     * each week ahead; then the meter at all of their coverages. */
    size_t n = 0;
    if ((st = plan_for(&s, budget, exam, now, &plans[n++], err)) != CP_OK)
        goto done;
    exam = plans[0].exam_date;
    int alts[CP_PROJECTION_MAX_ALTERNATIVES];
    bool any = false;
    for (int i = 0; i < CP_PROJECTION_MAX_ALTERNATIVES; i++)
        any = any || desc->alternatives[i] > 0;
    if (any)
        memcpy(alts, desc->alternatives, sizeof alts);
    else
        default_alternatives(budget, alts);
    for (int i = 0; i < CP_PROJECTION_MAX_ALTERNATIVES && st == CP_OK; i++)
        if (alts[i] > 0)
            st = plan_for(&s, alts[i], exam, now, &plans[n++], err);
    size_t n_alt = n - 1;
    bool search = !desc->no_ready_search;
    size_t first_week = n;
    for (int w = 1; search && w <= WEEKS && st == CP_OK; w++)
        st = plan_for(&s, budget, now + (cp_time)w * 7 * CP_DAY_SECONDS, now, &plans[n++], err);
    for (size_t i = 0; i < n; i++)
        memcpy(extra[i], plans[i].planned_task, sizeof extra[i]);
    if (st == CP_OK)
        st = project(in, now, (const int (*)[CP_TASKS])extra, n, reads, err);
    if (st != CP_OK)
        goto done;
    for (size_t i = 0; i < n; i++)
        calibrate_at(&out->now, &plans[i], now, &reads[i]);

    out->plan = plans[0];
    out->growth_unknown = out->now.growth_sd > CP_PROJECTION_GROWTH_SD_UNKNOWN;
    out->at_exam = point_of(&plans[0], &reads[0]);
    cp_plan_desc pd = plan_desc(&s, budget, exam);
    out->n_days = (size_t)out->plan.days_left < sizeof out->days / sizeof out->days[0]
                      ? (size_t)out->plan.days_left : sizeof out->days / sizeof out->days[0];
    if ((st = cp_plan_days(&pd, &out->plan, out->days, out->n_days, err)) != CP_OK)
        goto done;
    out->n_alternatives = n_alt;
    for (size_t i = 0; i < n_alt; i++)
        out->alternatives[i] = point_of(&plans[1 + i], &reads[1 + i]);

    /* The earliest date at 0.9: the first week that gets there, then the
     * days before it in that week. */
    out->ready_searched = search;
    out->ready_already = search && out->now.pass_probability >= CP_READY_PASS_PROBABILITY;
    if (search && !out->ready_already) {
        size_t hit = n;
        for (size_t i = first_week; i < n && hit == n; i++)
            if (reads[i].pass_probability >= CP_READY_PASS_PROBABILITY)
                hit = i;
        if (hit < n) {
            int week = (int)(hit - first_week) + 1;
            out->ready_found = true;
            out->ready = point_of(&plans[hit], &reads[hit]);
            size_t m = 0;
            for (int d = (week - 1) * 7 + 1; d < week * 7 && st == CP_OK; d++)
                st = plan_for(&s, budget, now + (cp_time)d * CP_DAY_SECONDS, now, &plans[m++], err);
            for (size_t i = 0; i < m; i++)
                memcpy(extra[i], plans[i].planned_task, sizeof extra[i]);
            if (st == CP_OK && m)
                st = project(in, now, (const int (*)[CP_TASKS])extra, m, reads, err);
            for (size_t i = 0; i < m && st == CP_OK; i++)
                calibrate_at(&out->now, &plans[i], now, &reads[i]);
            for (size_t i = 0; i < m && st == CP_OK; i++)
                if (reads[i].pass_probability >= CP_READY_PASS_PROBABILITY) {
                    out->ready = point_of(&plans[i], &reads[i]);
                    break;
                }
        }
    }
done:
    state_free(&s);
    free(plans);
    free(reads);
    free(extra);
    return st;
}

/* ---- words ------------------------------------------------------------------------- */

void cp_projection_date(const cp_day_clock *clock, cp_time t, char *out, size_t size)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int32_t day = cp_day_of(clock, t);
    char iso[11];
    int y = 0, m = 1, d = 1;
    cp_day_format(day, iso, sizeof iso);
    if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
        m = 1;
    snprintf(out, size, "%s %d %s", days[cp_day_weekday(day)], d, months[m - 1]);
}

/* "about 78%", never "about 100%" nor "about 0%". */
static void chance(double p, char *out, size_t size)
{
    if (p >= 0.995)
        snprintf(out, size, "over 99%%");
    else if (p < 0.005)
        snprintf(out, size, "under 1%%");
    else
        snprintf(out, size, "about %.0f%%", 100.0 * p);
}

void cp_projection_describe(const cp_projection *p, const cp_day_clock *clock,
                            cp_projection_text *out)
{
    memset(out, 0, sizeof *out);
    char date[32], c[32];
    if (p->growth_unknown) {
        chance(p->now.pass_probability, c, sizeof c);
        snprintf(out->outlook, sizeof out->outlook,
                 "Where this plan leads shows once the meter has seen you learn (first answers "
                 "on new cards over a few days). Today: a pass chance of %s, a scaled score of "
                 "about %d (likely %d to %d).", c, p->now.predicted_scaled, p->now.band_low,
                 p->now.band_high);
        return;
    }
    cp_projection_date(clock, p->at_exam.date, date, sizeof date);
    chance(p->at_exam.pass_probability, c, sizeof c);
    /* Below today's reading (the calibration: a high reading weeks early
     * tends to settle), said so, lest it read as study making it worse. */
    bool lower = p->at_exam.pass_probability < p->now.pass_probability - 0.005;
    snprintf(out->outlook, sizeof out->outlook,
             "If you follow it, on %s: a pass chance of %s, a scaled score of about %d (likely "
             "%d to %d).%s",
             date, c, p->at_exam.predicted_scaled, p->at_exam.band_low, p->at_exam.band_high,
             lower ? " That is below today's: a reading this high weeks ahead tends to settle a "
                     "little by the date."
                   : "");

    int len = 0;
    for (size_t i = 0; i < p->n_alternatives; i++) {
        const cp_projection_point *a = &p->alternatives[i];
        chance(a->pass_probability, c, sizeof c);
        len += snprintf(out->others + len, sizeof out->others - (size_t)len, "%s %d minutes a day: %s",
                        i ? "; with" : "With", a->budget_minutes, c);
        if (len >= (int)sizeof out->others)
            break;
    }
    if (len > 0 && len < (int)sizeof out->others - 1)
        snprintf(out->others + len, sizeof out->others - (size_t)len, ".");

    if (!p->ready_searched) {
        /* nothing said */
    } else if (p->ready_already) {
        snprintf(out->ready, sizeof out->ready, "Your pass chance is already %.0f%% or more.",
                 100.0 * CP_READY_PASS_PROBABILITY);
    } else if (p->ready_found) {
        cp_projection_date(clock, p->ready.date, date, sizeof date);
        snprintf(out->ready, sizeof out->ready,
                 "At %d minutes a day the pass chance reaches %.0f%% by %s.",
                 p->plan.budget_minutes, 100.0 * CP_READY_PASS_PROBABILITY, date);
    } else {
        snprintf(out->ready, sizeof out->ready,
                 "At %d minutes a day the pass chance does not reach %.0f%% within six months.",
                 p->plan.budget_minutes, 100.0 * CP_READY_PASS_PROBABILITY);
    }
}
