/* The diagnostic estimate (exact grid posterior of Rasch ability) and the
 * study plan (new cards per day, drill minutes, mock dates). See plan.h for
 * the model; the numbers here are its defaults. */
#include "cloudprep/plan.h"
#include "cloudprep/day.h"

#include <math.h>
#include <string.h>

#define PRIOR_MEAN 0.0
#define PRIOR_SD 1.5
#define GRID_LO (-6.0)
#define GRID_HI 6.0
enum { GRID = 1201 };
#define REFERENCE_CUT 35.0          /* 50 medium items: 50 * s(mcc) */
#define SHRINK 2.0                  /* pseudo-answers toward the overall rate */

static double reference_scaled(double theta)
{
    double raw = CP_EXAM_SCORED * cp_score_p_correct(theta, 0.0);
    return cp_score_scale_exact(raw, REFERENCE_CUT, CP_EXAM_SCORED);
}

void cp_plan_estimate(const double *difficulty, const bool *correct,
                      const int *domain, size_t n, cp_diagnostic *out)
{
    memset(out, 0, sizeof *out);
    out->n_items = (int)n;
    for (size_t i = 0; i < n; i++) {
        out->correct += correct[i];
        if (domain[i] >= 1 && domain[i] <= CP_DOMAINS) {
            out->domain_items[domain[i] - 1]++;
            out->domain_correct[domain[i] - 1] += correct[i];
        }
    }

    /* Posterior on a grid, in logs to stay finite, then normalised. */
    double logpost[GRID], maxlog = -INFINITY;
    for (int g = 0; g < GRID; g++) {
        double theta = GRID_LO + (GRID_HI - GRID_LO) * g / (GRID - 1);
        double z = (theta - PRIOR_MEAN) / PRIOR_SD;
        double lp = -0.5 * z * z;
        for (size_t i = 0; i < n; i++) {
            double p = cp_score_p_correct(theta, difficulty[i]);
            lp += log(correct[i] ? p : 1.0 - p);
        }
        logpost[g] = lp;
        if (lp > maxlog)
            maxlog = lp;
    }
    double total = 0.0, mean = 0.0, sq = 0.0, scaled = 0.0;
    double weight[GRID];
    for (int g = 0; g < GRID; g++) {
        weight[g] = exp(logpost[g] - maxlog);
        total += weight[g];
    }
    double cum = 0.0;
    out->band_low = out->band_high = -1;
    for (int g = 0; g < GRID; g++) {
        double theta = GRID_LO + (GRID_HI - GRID_LO) * g / (GRID - 1);
        double w = weight[g] / total;
        mean += w * theta;
        sq += w * theta * theta;
        double s = reference_scaled(theta);
        scaled += w * s;
        cum += w;
        if (out->band_low < 0 && cum >= 0.1)
            out->band_low = (int)lround(s);
        if (out->band_high < 0 && cum >= 0.9)
            out->band_high = (int)lround(s);
    }
    if (out->band_high < 0)
        out->band_high = CP_SCALE_MAX;
    out->ability = mean;
    out->ability_sd = sqrt(fmax(0.0, sq - mean * mean));
    out->scaled = (int)lround(scaled);

    double overall = n ? (double)out->correct / (double)n : 0.5;
    int weakest = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        out->domain_rate[d] = (out->domain_correct[d] + SHRINK * overall) /
                              (out->domain_items[d] + SHRINK);
        const cp_domain_info *a = cp_blueprint_domain(d + 1);
        const cp_domain_info *b = cp_blueprint_domain(weakest + 1);
        if (out->domain_rate[d] < out->domain_rate[weakest] - 1e-12 ||
            (fabs(out->domain_rate[d] - out->domain_rate[weakest]) <= 1e-12 &&
             a->weight_percent > b->weight_percent))
            weakest = d;
    }
    out->weakest_domain = weakest + 1;
}

cp_status cp_plan_diagnose(const cp_exam_form *form, const cp_exam_session *session,
                           cp_diagnostic *out, cp_error *err)
{
    if (!form || !session || !out || cp_exam_state_of(session) == CP_EXAM_OPEN ||
        cp_exam_count(session) != form->n_items)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "diagnostic: needs a finished session of this form");
    double b[CP_EXAM_QUESTIONS];
    bool right[CP_EXAM_QUESTIONS];
    int domain[CP_EXAM_QUESTIONS];
    size_t n = 0;
    for (size_t i = 0; i < form->n_items; i++) {
        if (!form->items[i].scored)
            continue;
        b[n] = form->items[i].difficulty;
        right[n] = cp_exam_item_correct(session, i);
        domain[n] = form->items[i].card->domain;
        n++;
    }
    cp_plan_estimate(b, right, domain, n, out);
    return CP_OK;
}

static int ceil_div(int a, int b)
{
    return b > 0 ? (a + b - 1) / b : a;
}

int cp_plan_drill_minutes(int due, int fresh)
{
    int64_t seconds = (int64_t)(due > 0 ? due : 0) * CP_PLAN_SECONDS_PER_REVIEW +
                      (int64_t)(fresh > 0 ? fresh : 0) * CP_PLAN_SECONDS_PER_NEW_CARD;
    return (int)((seconds + 59) / 60);
}

int cp_plan_quiz_minutes(int questions, int seconds_per_question)
{
    int64_t seconds = (int64_t)(questions > 0 ? questions : 0) *
                      (seconds_per_question > 0 ? seconds_per_question : 0);
    return (int)((seconds + 59) / 60);
}

cp_status cp_plan_make(const cp_plan_desc *desc, const int unseen[CP_DOMAINS],
                       int weakest_domain, cp_time now, cp_study_plan *out,
                       cp_error *err)
{
    static const cp_plan_desc none = {0};
    if (!desc)
        desc = &none;
    if (!out || !unseen)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "plan: missing argument");
    const cp_time day = CP_DAY_SECONDS;
    cp_time exam = desc->exam_date ? desc->exam_date
                                   : now + (cp_time)CP_PLAN_DEFAULT_WEEKS * 7 * day;
    if (exam <= now)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "plan: the exam date must be after today");
    int review_days = desc->review_days > 0 ? desc->review_days : 7;
    int interval = desc->mock_interval_days > 0 ? desc->mock_interval_days : 7;
    int sec_new = desc->seconds_per_new_card > 0 ? desc->seconds_per_new_card
                                                 : CP_PLAN_SECONDS_PER_NEW_CARD;
    int sec_review = desc->seconds_per_review > 0 ? desc->seconds_per_review
                                                  : CP_PLAN_SECONDS_PER_REVIEW;

    memset(out, 0, sizeof *out);
    out->exam_date = exam;
    out->start = now;
    for (int d = 0; d < CP_DOMAINS; d++)
        out->unseen[d] = unseen[d] > 0 ? unseen[d] : 0;
    out->days_left = (int)((exam - now + day - 1) / day);
    out->weakest_domain = weakest_domain >= 1 && weakest_domain <= CP_DOMAINS ? weakest_domain : 0;
    /* A short runway keeps at least three quarters of it for new cards. */
    if (review_days > out->days_left / 4)
        review_days = out->days_left / 4;
    out->new_card_days = out->days_left - review_days;
    if (out->new_card_days < 1)
        out->new_card_days = 1;
    out->review_days = out->days_left - out->new_card_days;

    int total_cards = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        int cards = unseen[d] > 0 ? unseen[d] : 0;
        int days = out->new_card_days;
        if (d + 1 == out->weakest_domain)
            days = (int)lround(days * 0.75) > 0 ? (int)lround(days * 0.75) : 1;
        out->new_per_day[d] = ceil_div(cards, days);
        out->new_per_day_total += out->new_per_day[d];
        total_cards += cards;
    }

    /* Each card is reviewed about 1 + log_2.5(1 + days) times in the run-up
     * (intervals grow by ~2.5x at retention 0.9); spread evenly per day. */
    double reviews_per_card = 1.0 + log(1.0 + out->days_left) / log(2.5);
    double seconds = out->new_per_day_total * (double)sec_new +
                     total_cards * reviews_per_card * sec_review / out->days_left;
    out->drill_minutes = (int)ceil(seconds / 60.0);
    if (out->drill_minutes < 10)
        out->drill_minutes = 10;

    for (int t = interval; t <= out->new_card_days && t <= out->days_left - 2 &&
                           out->n_mocks < CP_PLAN_MAX_MOCKS; t += interval)
        out->mock_dates[out->n_mocks++] = now + (cp_time)t * day;
    int last = out->n_mocks ? (int)((out->mock_dates[out->n_mocks - 1] - now) / day) : 0;
    for (int t = last + 2 > out->new_card_days + 1 ? last + 2 : out->new_card_days + 1;
         t <= out->days_left - 2 && out->n_mocks < CP_PLAN_MAX_MOCKS; t += 2)
        out->mock_dates[out->n_mocks++] = now + (cp_time)t * day;
    return CP_OK;
}

/* ---- following the plan ------------------------------------------------ */

static int expected_by(const cp_study_plan *plan, int d, int days)
{
    long long n = (long long)plan->new_per_day[d] * (days > 0 ? days : 0);
    return n < plan->unseen[d] ? (int)n : plan->unseen[d];
}

void cp_plan_follow(const cp_study_plan *plan, const int introduced[CP_DOMAINS], int studied,
                    cp_time now, cp_plan_today *out)
{
    const cp_time day = CP_DAY_SECONDS;
    memset(out, 0, sizeof *out);
    cp_time since = now - plan->start;
    out->day = since >= 0 ? (int)(since / day) : 0;
    cp_time left = plan->exam_date - now;
    out->days_to_exam = left > 0 ? (int)((left + day - 1) / day) : 0;
    if (left <= 0 || out->days_to_exam <= 0)
        out->phase = CP_PLAN_EXAM_DAY;
    else if (out->day >= plan->new_card_days)
        out->phase = CP_PLAN_SWEEP;
    else
        out->phase = CP_PLAN_NEW_CARDS;

    int before = 0, unseen = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        int got = introduced[d] > 0 ? introduced[d] : 0;
        int want = expected_by(plan, d, out->day + 1);
        before += expected_by(plan, d, out->day);
        out->expected += want;
        out->introduced += got;
        unseen += plan->unseen[d];
        int part = want - got;
        int cap = 2 * plan->new_per_day[d];
        part = part < 0 ? 0 : part > cap ? cap : part;
        if (out->phase != CP_PLAN_NEW_CARDS)
            part = 0;
        out->new_today[d] = part;
        out->new_today_total += part;
    }
    out->cards_ahead = out->introduced - out->expected;
    if (out->introduced < before)
        out->pace = CP_PLAN_BEHIND;
    else if ((unseen > 0 && out->introduced >= unseen && out->expected < unseen) ||
             (plan->new_per_day_total > 0 &&
              out->introduced >= out->expected + plan->new_per_day_total &&
              out->expected < unseen))
        out->pace = CP_PLAN_AHEAD;
    else
        out->pace = CP_PLAN_ON_TRACK;

    if (out->phase == CP_PLAN_SWEEP && studied > 0) {
        int days = plan->review_days > 0 ? plan->review_days : 1;
        out->sweep_per_day = (studied + days - 1) / days;
    }
    for (size_t i = 0; i < plan->n_mocks; i++) {
        cp_time t = plan->mock_dates[i] - plan->start;
        if (t >= 0 && (int)(t / day) == out->day)
            out->mock_today = true;
    }
}

const char *cp_plan_pace_name(cp_plan_pace pace)
{
    switch (pace) {
    case CP_PLAN_AHEAD: return "ahead";
    case CP_PLAN_BEHIND: return "behind";
    case CP_PLAN_ON_TRACK: break;
    }
    return "on track";
}
