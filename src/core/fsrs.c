/* FSRS-6, computed exactly as ts-fsrs 5.x computes it.
 *
 * Every formula below is a transcription of ts-fsrs (src/algorithm.ts,
 * src/impl/basic_scheduler.ts, src/impl/long_term_scheduler.ts,
 * src/strategies/learning_steps.ts), including where it rounds to eight
 * decimals and how JavaScript's Math.round breaks ties (toward +infinity), so
 * the same review history gives the same stability, difficulty and interval.
 * Two things differ on purpose: the fuzz draws from cp_rng seeded by the card
 * id and review count (ts-fsrs seeds its alea generator from the review time),
 * and learning steps are configured in seconds (converted to the minutes
 * ts-fsrs works in). Short-term on is ts-fsrs's BasicScheduler (learning
 * steps, same-day stability); short-term off is its LongTermScheduler. */
#include "cloudprep/fsrs.h"
#include "cloudprep/day.h"

#include <math.h>
#include <string.h>



static const double S_MIN = 0.001;
static const double S_MAX = 36500.0;

static const double DEFAULT_W[CP_FSRS_WEIGHTS] = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
    0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
    1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

void cp_fsrs_default_params(cp_fsrs_params *params)
{
    memset(params, 0, sizeof *params);
    memcpy(params->w, DEFAULT_W, sizeof DEFAULT_W);
    params->desired_retention = 0.9;
    params->maximum_interval = 36500;
    params->enable_fuzz = true;
    params->enable_short_term = false;
    params->n_learning_steps = 2;
    params->learning_steps_s[0] = 60;
    params->learning_steps_s[1] = 600;
    params->n_relearning_steps = 1;
    params->relearning_steps_s[0] = 600;
}

/* ---- JavaScript arithmetic ------------------------------------------- */

/* Math.round: the nearest integer, halves toward +infinity. x - floor(x) is
 * exact for every double, so this matches bit for bit. */
static double js_round(double x)
{
    double f = floor(x);
    return x - f >= 0.5 ? f + 1.0 : f;
}

/* ts-fsrs's roundTo(num, 8). */
static double round8(double x)
{
    return js_round(x * 1e8) / 1e8;
}

static double clampd(double x, double lo, double hi)
{
    return fmin(fmax(x, lo), hi);
}

/* ---- parameters ------------------------------------------------------- */

static const double weight_lo[CP_FSRS_WEIGHTS] = {
    0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
    0.001, 0.001, 0.001, 0.0,   0.0, 1.0,   0.0,   0.0,   0.0, 0.1,
};
static const double weight_hi[CP_FSRS_WEIGHTS] = {
    100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
    5.0,   0.25,  0.9,   4.0,   1.0,  6.0, 2.0, 2.0,  0.8, 0.8,
};

void cp_fsrs_clip_weights(const cp_fsrs_params *params, double out[CP_FSRS_WEIGHTS])
{
    const double *lo = weight_lo, *hi = weight_hi;
    double min19 = params->enable_short_term ? 0.01 : 0.0;
    double ceil1718 = 2.0;
    if (params->n_relearning_steps > 1) {
        /* With several relearning steps the same-day growth must not undo a
         * lapse: w17 * w18 <= -(ln w11 + ln(2^w13 - 1) + 0.3 w14) / steps. */
        double w11 = clampd(params->w[11], lo[11], hi[11]);
        double w13 = clampd(params->w[13], lo[13], hi[13]);
        double w14 = clampd(params->w[14], lo[14], hi[14]);
        double value = -(log(w11) + log(pow(2.0, w13) - 1.0) + w14 * 0.3) /
                       (double)params->n_relearning_steps;
        ceil1718 = clampd(round8(sqrt(fmax(value, 0.0))), 0.01, 2.0);
    }
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++) {
        double l = lo[i], h = hi[i];
        if (i == 17 || i == 18)
            h = ceil1718;
        if (i == 19)
            l = min19;
        double v = params->w[i];
        if (!isfinite(v))
            v = 0.0;    /* ts-fsrs: parameters[i] || 0 */
        out[i] = clampd(v, l, h);
    }
}

/* Everything one computation needs, prepared once. */
typedef struct model {
    double w[CP_FSRS_WEIGHTS];
    double decay, factor;
    double interval_modifier;
    double retention;
    int32_t maximum_interval;
} model;

/* The forgetting curve's two numbers, as model_init sets them: w20 is
 * clipped alone (no other weight bounds it), so a caller that needs only
 * the curve need not clip all 21. */
static void curve_init(model *m, const cp_fsrs_params *p)
{
    double w20 = isfinite(p->w[20]) ? p->w[20] : 0.0;
    m->decay = -clampd(w20, weight_lo[20], weight_hi[20]);
    m->factor = round8(exp(pow(m->decay, -1.0) * log(0.9)) - 1.0);
}

static void model_init(model *m, const cp_fsrs_params *p)
{
    cp_fsrs_clip_weights(p, m->w);
    curve_init(m, p);
    m->retention = (p->desired_retention > 0.0 && p->desired_retention <= 1.0)
                       ? p->desired_retention : 0.9;
    m->maximum_interval = p->maximum_interval > 0 ? p->maximum_interval : 36500;
    m->interval_modifier =
        round8((pow(m->retention, 1.0 / m->decay) - 1.0) / m->factor);
}

static double forgetting_curve(const model *m, double elapsed_days, double stability)
{
    return round8(pow(1.0 + (m->factor * elapsed_days) / stability, m->decay));
}

double cp_fsrs_forgetting_curve(const cp_fsrs_params *params, double elapsed_days,
                                double stability)
{
    cp_fsrs_curve c = cp_fsrs_curve_of(params);
    return cp_fsrs_curve_at(&c, elapsed_days, stability);
}

cp_fsrs_curve cp_fsrs_curve_of(const cp_fsrs_params *params)
{
    model m;
    curve_init(&m, params);
    return (cp_fsrs_curve){.decay = m.decay, .factor = m.factor};
}

double cp_fsrs_curve_at(const cp_fsrs_curve *curve, double elapsed_days, double stability)
{
    if (stability <= 0.0)
        return 0.0;
    model m = {.decay = curve->decay, .factor = curve->factor};
    return forgetting_curve(&m, fmax(elapsed_days, 0.0), stability);
}

/* ---- the memory model -------------------------------------------------- */

static double init_stability(const model *m, int g)
{
    return fmax(m->w[g - 1], 0.1);
}

static double init_difficulty(const model *m, int g)
{
    return round8(m->w[4] - exp((g - 1) * m->w[5]) + 1.0);
}

static double next_difficulty(const model *m, double d, int g)
{
    double delta_d = -m->w[6] * (g - 3);
    double next_d = d + round8((delta_d * (10.0 - d)) / 9.0);   /* linear damping */
    double reverted = round8(m->w[7] * init_difficulty(m, CP_EASY) +
                             (1.0 - m->w[7]) * next_d);          /* mean reversion */
    return clampd(reverted, 1.0, 10.0);
}

static double next_recall_stability(const model *m, double d, double s, double r, int g)
{
    const double *w = m->w;
    double hard_penalty = g == CP_HARD ? w[15] : 1.0;
    double easy_bonus = g == CP_EASY ? w[16] : 1.0;
    return round8(clampd(s * (1.0 + exp(w[8]) * (11.0 - d) * pow(s, -w[9]) *
                                        (exp((1.0 - r) * w[10]) - 1.0) *
                                        hard_penalty * easy_bonus),
                         S_MIN, S_MAX));
}

static double next_forget_stability(const model *m, double d, double s, double r)
{
    const double *w = m->w;
    return round8(clampd(w[11] * pow(d, -w[12]) * (pow(s + 1.0, w[13]) - 1.0) *
                             exp((1.0 - r) * w[14]),
                         S_MIN, S_MAX));
}

static double next_short_term_stability(const model *m, double s, int g)
{
    const double *w = m->w;
    double sinc = pow(s, -w[19]) * exp(w[17] * (g - 3 + w[18]));
    if (g >= CP_HARD)
        sinc = fmax(sinc, 1.0);
    return round8(clampd(s * sinc, S_MIN, S_MAX));
}

/* ts-fsrs FSRSAlgorithm.next_state: difficulty and stability after rating
 * g, t whole days after the last review, with retrievability r. */
static void next_ds(const model *m, bool short_term, double d, double s,
                    double t, int g, double r, double *out_d, double *out_s)
{
    if (d == 0.0 && s == 0.0) {
        *out_d = clampd(init_difficulty(m, g), 1.0, 10.0);
        *out_s = init_stability(m, g);
        return;
    }
    double new_s;
    if (t == 0.0 && short_term) {
        new_s = next_short_term_stability(m, s, g);
    } else if (g == CP_AGAIN) {
        double after_fail = next_forget_stability(m, d, s, r);
        double w17 = short_term ? m->w[17] : 0.0;
        double w18 = short_term ? m->w[18] : 0.0;
        double next_s_min = s / exp(w17 * w18);
        new_s = clampd(round8(next_s_min), S_MIN, after_fail);
    } else {
        new_s = next_recall_stability(m, d, s, r, g);
    }
    *out_d = next_difficulty(m, d, g);
    *out_s = new_s;
}

/* ---- intervals ----------------------------------------------------------- */

static int32_t apply_fuzz(const model *m, bool fuzz, uint64_t seed, double ivl,
                          double elapsed_days)
{
    if (!fuzz || ivl < 2.5)
        return (int32_t)js_round(ivl);
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    double fuzz_factor = cp_rng_unit(&rng);
    int32_t lo, hi;
    cp_fsrs_fuzz_range(ivl, elapsed_days, m->maximum_interval, &lo, &hi);
    return (int32_t)floor(fuzz_factor * (double)(hi - lo + 1) + lo);
}

void cp_fsrs_fuzz_range(double interval, double elapsed_days,
                        int32_t maximum_interval, int32_t *min_ivl,
                        int32_t *max_ivl)
{
    static const struct { double start, end, factor; } ranges[] = {
        {2.5, 7.0, 0.15}, {7.0, 20.0, 0.1}, {20.0, INFINITY, 0.05},
    };
    double delta = 1.0;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        delta += ranges[i].factor *
                 fmax(fmin(interval, ranges[i].end) - ranges[i].start, 0.0);
    interval = fmin(interval, (double)maximum_interval);
    double lo = fmax(2.0, js_round(interval - delta));
    double hi = fmin(js_round(interval + delta), (double)maximum_interval);
    if (interval > elapsed_days)
        lo = fmax(lo, elapsed_days + 1.0);
    lo = fmin(lo, hi);
    *min_ivl = (int32_t)lo;
    *max_ivl = (int32_t)hi;
}

static int32_t next_interval(const model *m, bool fuzz, uint64_t seed, double s,
                             double elapsed_days)
{
    double ivl = fmin(fmax(1.0, js_round(s * m->interval_modifier)),
                      (double)m->maximum_interval);
    return apply_fuzz(m, fuzz, seed, ivl, elapsed_days);
}

int32_t cp_fsrs_interval(const cp_fsrs_params *params, double stability)
{
    model m;
    model_init(&m, params);
    return next_interval(&m, false, 0, stability, 0.0);
}

/* ---- time ------------------------------------------------------------- */

/* ts-fsrs dateDiffInDays: whole UTC calendar days between the two times. */
static int64_t calendar_days(cp_time from, cp_time to)
{
    return cp_day_utc_diff(from, to);
}

double cp_fsrs_retrievability(const cp_fsrs_params *params,
                              const cp_memory *memory, cp_time now)
{
    if (memory->state == CP_STATE_NEW || memory->stability <= 0.0)
        return 0.0;
    /* ts-fsrs get_retrievability: floor of elapsed 24-hour periods. */
    int64_t t = cp_floor_div(now - memory->last_review, CP_DAY_SECONDS);
    if (t < 0)
        t = 0;
    model m;
    curve_init(&m, params);
    return forgetting_curve(&m, (double)t, round8(memory->stability));
}

/* ---- the schedulers --------------------------------------------------- */

/* A (re)learning step for a grade: minutes until due and the next step;
 * minutes 0 when the card leaves the steps (ts-fsrs
 * BasicLearningStepsStrategy). */
typedef struct step_info { double minutes; int next_step; } step_info;

static step_info learning_step(const cp_fsrs_params *p, int state, int cur_step,
                               int g)
{
    step_info none = {0.0, 0};
    bool re = state == CP_STATE_RELEARNING || state == CP_STATE_REVIEW;
    size_t n = re ? p->n_relearning_steps : p->n_learning_steps;
    const uint32_t *steps = re ? p->relearning_steps_s : p->learning_steps_s;
    if (n > CP_FSRS_MAX_STEPS)
        n = CP_FSRS_MAX_STEPS;
    if (n == 0 || cur_step >= (int)n)
        return none;
    double first = steps[0] / 60.0;
    if (state == CP_STATE_REVIEW) {
        if (g != CP_AGAIN)
            return none;
        return (step_info){steps[cur_step < 0 ? 0 : cur_step] / 60.0, 0};
    }
    switch (g) {
    case CP_AGAIN:
        return (step_info){first, 0};
    case CP_HARD:
        if (n == 1)
            return (step_info){js_round(first * 1.5), cur_step};
        return (step_info){js_round((first + steps[1] / 60.0) / 2.0), cur_step};
    case CP_GOOD:
        if ((size_t)cur_step + 1 < n && steps[cur_step + 1] > 0)
            return (step_info){js_round(steps[cur_step + 1] / 60.0), cur_step + 1};
        return none;
    default:
        return none;
    }
}

/* ts-fsrs BasicScheduler.applyLearningSteps. */
static void apply_learning_steps(const model *m, const cp_fsrs_params *p,
                                 const cp_memory *cur, cp_memory *next, int g,
                                 int to_state, cp_time now, double elapsed,
                                 uint64_t seed)
{
    step_info si = learning_step(p, cur->state, cur->step, g);
    double minutes = fmax(0.0, si.minutes);
    int next_step = si.next_step < 0 ? 0 : si.next_step;
    if (minutes > 0.0 && minutes < 1440.0) {
        next->step = (uint8_t)next_step;
        next->scheduled_days = 0;
        next->state = (uint8_t)to_state;
        next->due = now + (cp_time)js_round(minutes * 60.0);
    } else {
        next->state = CP_STATE_REVIEW;
        if (minutes >= 1440.0) {
            next->step = (uint8_t)next_step;
            next->due = now + (cp_time)js_round(minutes * 60.0);
            next->scheduled_days = (int32_t)floor(minutes / 1440.0);
        } else {
            next->step = 0;
            int32_t ivl = next_interval(m, p->enable_fuzz, seed, next->stability, elapsed);
            next->scheduled_days = ivl;
            next->due = now + (cp_time)ivl * CP_DAY_SECONDS;
        }
    }
}

static void set_review(cp_memory *card, int32_t ivl, cp_time now)
{
    card->scheduled_days = ivl;
    card->due = now + (cp_time)ivl * CP_DAY_SECONDS;
    card->state = CP_STATE_REVIEW;
    card->step = 0;
}

void cp_fsrs_preview(const cp_fsrs_params *params, const cp_memory *memory,
                     cp_time now, uint64_t fuzz_seed, cp_memory out[4])
{
    model m;
    model_init(&m, params);
    bool short_term = params->enable_short_term;
    bool fuzz = params->enable_fuzz;
    /* Time never runs backwards for a card: a clock behind its last review
     * (docs/scheduling.md, "Wrong clocks") answers as if at that review,
     * with no time elapsed, instead of feeding a negative gap to the model
     * (which collapses the stability even on Easy). */
    if (memory->state != CP_STATE_NEW && now < memory->last_review)
        now = memory->last_review;

    /* AbstractScheduler.init: elapsed whole calendar days, reps + 1. */
    cp_memory cur = *memory;
    double elapsed = 0.0;
    if (cur.state != CP_STATE_NEW && cur.last_review != 0)
        elapsed = (double)calendar_days(cur.last_review, now);
    cur.last_review = now;
    cur.reps += 1;

    bool is_new = memory->state == CP_STATE_NEW;
    double t = is_new ? 0.0 : elapsed;
    double r = is_new ? 0.0 : forgetting_curve(&m, t, cur.stability);
    for (int g = CP_AGAIN; g <= CP_EASY; g++) {
        out[g - 1] = cur;
        if (is_new) {
            /* Both schedulers start a New card from zero: D0(g), S0(g). */
            out[g - 1].difficulty = clampd(init_difficulty(&m, g), 1.0, 10.0);
            out[g - 1].stability = init_stability(&m, g);
        } else {
            next_ds(&m, short_term, cur.difficulty, cur.stability, t, g, r,
                    &out[g - 1].difficulty, &out[g - 1].stability);
        }
    }

    if (short_term && memory->state != CP_STATE_REVIEW) {
        /* BasicScheduler new/learning/relearning: each grade on its own. */
        int to_state = is_new ? CP_STATE_LEARNING : memory->state;
        for (int g = CP_AGAIN; g <= CP_EASY; g++)
            apply_learning_steps(&m, params, &cur, &out[g - 1], g, to_state, now,
                                 elapsed, fuzz_seed);
        return;
    }
    if (short_term) {
        /* BasicScheduler.reviewState: hard <= good < easy; Again relearns. */
        int32_t hard = next_interval(&m, fuzz, fuzz_seed, out[1].stability, elapsed);
        int32_t good = next_interval(&m, fuzz, fuzz_seed, out[2].stability, elapsed);
        hard = hard < good ? hard : good;
        good = good > hard + 1 ? good : hard + 1;
        int32_t easy = next_interval(&m, fuzz, fuzz_seed, out[3].stability, elapsed);
        easy = easy > good + 1 ? easy : good + 1;
        set_review(&out[1], hard, now);
        set_review(&out[2], good, now);
        set_review(&out[3], easy, now);
        apply_learning_steps(&m, params, &cur, &out[0], CP_AGAIN,
                             CP_STATE_RELEARNING, now, elapsed, fuzz_seed);
        out[0].lapses += 1;
        return;
    }
    /* LongTermScheduler: every answer goes to Review, again < hard < good <
     * easy. New cards are scheduled from t = 0. */
    double ivl_elapsed = is_new ? 0.0 : elapsed;
    int32_t iv[4];
    for (int i = 0; i < 4; i++)
        iv[i] = next_interval(&m, fuzz, fuzz_seed, out[i].stability, ivl_elapsed);
    iv[0] = iv[0] < iv[1] ? iv[0] : iv[1];
    iv[1] = iv[1] > iv[0] + 1 ? iv[1] : iv[0] + 1;
    iv[2] = iv[2] > iv[1] + 1 ? iv[2] : iv[1] + 1;
    iv[3] = iv[3] > iv[2] + 1 ? iv[3] : iv[2] + 1;
    for (int i = 0; i < 4; i++)
        set_review(&out[i], iv[i], now);
    if (!is_new)
        out[0].lapses += 1;
}

cp_memory cp_fsrs_next(const cp_fsrs_params *params, const cp_memory *memory,
                       cp_time now, cp_rating rating, uint64_t fuzz_seed)
{
    cp_memory out[4];
    if (rating < CP_AGAIN || rating > CP_EASY)
        return *memory;     /* programmer error; leave the card as it was */
    cp_fsrs_preview(params, memory, now, fuzz_seed, out);
    return out[rating - 1];
}

uint64_t cp_fsrs_fuzz_seed(const char *card_id, uint32_t reps)
{
    /* FNV-1a over the id, then the review count mixed in. */
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)(card_id ? card_id : ""); *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    h ^= (uint64_t)reps + 0x9e3779b97f4a7c15u;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}
