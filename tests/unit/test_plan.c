/* The diagnostic estimate and the study plan: stratification, the band's
 * honesty with ten items, the weakest domain, new cards per day, mock
 * dates, and the errors. */
#include "cp_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/blueprint.h"
#include "cloudprep/plan.h"

static const cp_time T0 = 1700000000, DAY = 86400;

static void estimate_moves_with_answers(void **state)
{
    (void)state;
    double b[10] = {0};
    int dom[10] = {1, 1, 2, 2, 2, 3, 3, 3, 3, 4};
    bool right[10];
    int prev = 0;
    for (int k = 0; k <= 10; k++) {
        for (int i = 0; i < 10; i++)
            right[i] = i < k;
        cp_diagnostic d;
        cp_plan_estimate(b, right, dom, 10, &d);
        assert_int_equal(d.correct, k);
        assert_true(d.scaled > prev);
        assert_true(d.band_low <= d.scaled && d.scaled <= d.band_high);
        /* Ten items cannot pin a score down: the 80 % band is wide. */
        assert_true(d.band_high - d.band_low >= 150);
        assert_in_range(d.scaled, 100, 1000);
        prev = d.scaled;
    }
    /* Right answers on harder items say more. */
    for (int i = 0; i < 10; i++)
        right[i] = i < 7;
    cp_diagnostic easy, hard;
    double be[10], bh[10];
    for (int i = 0; i < 10; i++) {
        be[i] = -1.0;
        bh[i] = 1.0;
    }
    cp_plan_estimate(be, right, dom, 10, &easy);
    cp_plan_estimate(bh, right, dom, 10, &hard);
    assert_true(hard.scaled > easy.scaled);
    assert_true(hard.ability > easy.ability);
    /* No items: the prior, centred on a newcomer, and wider still. */
    cp_diagnostic none;
    cp_plan_estimate(NULL, NULL, NULL, 0, &none);
    assert_true(fabs(none.ability) < 1e-6);
    assert_true(fabs(none.ability_sd - 1.5) < 0.02);
    assert_true(none.band_high - none.band_low > hard.band_high - hard.band_low);
}

static void weakest_domain(void **state)
{
    (void)state;
    double b[10] = {0};
    int dom[10] = {1, 1, 2, 2, 2, 3, 3, 3, 3, 4};
    /* Misses: both of domain 1, and the lone Billing item. */
    bool right[10] = {false, false, true, true, true, true, true, true, true, false};
    cp_diagnostic d;
    cp_plan_estimate(b, right, dom, 10, &d);
    assert_int_equal(d.weakest_domain, 1);
    assert_int_equal(d.domain_items[0], 2);
    assert_int_equal(d.domain_correct[2], 4);
    /* 3/4 in domain 3 against 0/1 in Billing: Billing is weaker, but its
     * lone miss is shrunk toward the overall rate, not read as 0 %. */
    bool r2[10] = {true, true, true, true, true, true, true, true, false, false};
    cp_plan_estimate(b, r2, dom, 10, &d);
    assert_int_equal(d.weakest_domain, 4);
    assert_true(d.domain_rate[3] > 0.4);
    /* All equal: ties go to the heaviest domain (3, 34 %). */
    bool all[10];
    for (int i = 0; i < 10; i++)
        all[i] = true;
    cp_plan_estimate(b, all, dom, 10, &d);
    assert_int_equal(d.weakest_domain, 3);
}

static void diagnostic_session(void **state)
{
    (void)state;
    static const int per[CP_DOMAINS] = {30, 30, 30, 30};
    cp_test_bank bank = cp_test_bank_make(per);
    cp_rng rng = cp_test_rng(17);
    cp_exam_form f = cp_test_form(&bank, &(cp_exam_form_desc){.kind = CP_EXAM_DIAGNOSTIC}, &rng);
    assert_int_equal(f.time_limit_s, CP_DIAGNOSTIC_MINUTES * 60);
    cp_exam_session *s = NULL;
    assert_int_equal(cp_exam_begin(&f, NULL, T0, &s, NULL), CP_OK);
    cp_diagnostic d;
    cp_error err = {0};
    assert_int_equal(cp_plan_diagnose(&f, s, &d, &err), CP_ERR_INVALID);
    for (size_t i = 0; i < f.n_items; i++)
        if (f.items[i].card->domain != 2)
            assert_int_equal(cp_exam_answer(s, i, cp_exam_correct_mask(f.items[i].card), T0 + 5),
                             CP_OK);
    assert_int_equal(cp_exam_submit(s, T0 + 300), CP_OK);
    assert_int_equal(cp_plan_diagnose(&f, s, &d, &err), CP_OK);
    assert_int_equal(d.n_items, 10);
    assert_int_equal(d.correct, 7);
    assert_int_equal(d.domain_items[0], 2);
    assert_int_equal(d.domain_items[1], 3);
    assert_int_equal(d.domain_items[2], 4);
    assert_int_equal(d.domain_items[3], 1);
    assert_int_equal(d.weakest_domain, 2);
    cp_exam_end(s);
    cp_test_bank_free(&bank);
}

static void plan_default_six_weeks(void **state)
{
    (void)state;
    const int unseen[CP_DOMAINS] = {70, 90, 100, 35};
    cp_study_plan p;
    assert_int_equal(cp_plan_make(NULL, unseen, 0, T0, &p, NULL), CP_OK);
    assert_true(p.exam_date == T0 + 42 * DAY);
    assert_int_equal(p.days_left, 42);
    assert_int_equal(p.new_card_days, 35);
    for (int d = 0; d < CP_DOMAINS; d++)
        assert_true(p.new_per_day[d] * p.new_card_days >= unseen[d]);
    assert_int_equal(p.new_per_day[0], 2);
    assert_int_equal(p.new_per_day[2], 3);
    assert_true(p.drill_minutes >= 10 && p.drill_minutes < 120);
    /* Mocks: ascending, at least five, none within two days of the exam. */
    assert_true(p.n_mocks >= 5);
    for (size_t i = 0; i < p.n_mocks; i++) {
        assert_true(p.mock_dates[i] > T0);
        assert_true(p.mock_dates[i] <= p.exam_date - 2 * DAY);
        if (i)
            assert_true(p.mock_dates[i] > p.mock_dates[i - 1]);
    }
    assert_true(p.mock_dates[0] == T0 + 7 * DAY);
}

/* ---- the budget fit ---------------------------------------------------------------- */

/* The minutes of day k, recomputed here from one card's curve and the
 * daily numbers (a convolution, not the plan's prefix sums). */
static double day_minutes(const double *curve, const int *new_on, const double *backlog, int k)
{
    double reviews = backlog ? backlog[k] : 0.0;
    for (int j = 0; j < k; j++)
        reviews += new_on[j] * curve[k - j];
    return (new_on[k] * 90.0 + reviews * 20.0) / 60.0;
}

/* Every day of a plan within its budget, the days' figures as the curve
 * says, the new cards adding up, and one more a day breaking the budget
 * on some day (the plan takes the most that fit). */
static void check_fit(const cp_plan_desc *desc, const cp_study_plan *p, int unseen_total)
{
    size_t n = (size_t)p->days_left;
    cp_plan_day *days = calloc(n, sizeof *days);
    double *curve = calloc(n, sizeof *curve);
    int *plan_new = calloc(n, sizeof *plan_new), *more_new = calloc(n, sizeof *more_new);
    assert_non_null(days);
    assert_non_null(curve);
    assert_non_null(plan_new);
    assert_non_null(more_new);
    assert_int_equal(cp_plan_days(desc, p, days, n, NULL), CP_OK);
    cp_plan_review_curve(desc->params, curve, n);
    int introduced = 0;
    double peak = 0.0;
    for (size_t k = 0; k < n; k++) {
        plan_new[k] = days[k].new_cards;
        introduced += days[k].new_cards;
        assert_true(days[k].new_cards <= p->new_per_day_total);
        assert_true(days[k].minutes <= p->budget_minutes + 1e-9);
        assert_true(fabs(days[k].minutes - (days[k].new_cards * 90.0 + days[k].reviews * 20.0) / 60.0) < 1e-9);
        if (days[k].minutes > peak)
            peak = days[k].minutes;
        if ((int)k >= p->new_card_days)
            assert_int_equal(days[k].new_cards, 0);      /* the sweep week */
    }
    assert_int_equal(introduced, p->planned_total);
    assert_int_equal(p->planned_total + p->left_out, unseen_total);
    assert_true(p->peak_minutes >= peak - 1e-9 && p->peak_minutes <= p->budget_minutes);
    int split = 0, by_domain = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        split += p->new_per_day[d];
        by_domain += p->planned[d];
    }
    assert_int_equal(split, p->new_per_day_total);
    assert_int_equal(by_domain, p->planned_total);
    /* Without a backlog, the review load is the curve's convolution. */
    if (!desc->review_load)
        for (size_t k = 0; k < n; k++)
            assert_true(fabs(day_minutes(curve, plan_new, NULL, (int)k) - days[k].minutes) < 1e-6);
    /* One more a day (while cards are left) breaks the budget somewhere. */
    if (p->left_out > 0 && !desc->review_load) {
        int m = p->new_per_day_total + 1, left = unseen_total;
        for (int k = p->first_new_day; k < p->new_card_days && left > 0; k++) {
            more_new[k] = left < m ? left : m;
            left -= more_new[k];
        }
        bool over = false;
        for (size_t k = 0; k < n; k++)
            over = over || day_minutes(curve, more_new, NULL, (int)k) > p->budget_minutes + 1e-9;
        assert_true(over);
    }
    free(days);
    free(curve);
    free(plan_new);
    free(more_new);
}

static void plan_fits_the_budget(void **state)
{
    (void)state;
    const int unseen[CP_DOMAINS] = {220, 280, 320, 99};    /* the bundled bank's size */
    int prev_n = 0, prev_total = 0;
    for (int budget = CP_PLAN_BUDGET_MIN; budget <= CP_PLAN_BUDGET_MAX; budget += 10) {
        cp_plan_desc desc = {.budget_minutes = budget};
        cp_study_plan p;
        assert_int_equal(cp_plan_make(&desc, unseen, 0, T0, &p, NULL), CP_OK);
        assert_int_equal(p.budget_minutes, budget);
        check_fit(&desc, &p, 919);
        /* More time never buys fewer cards. */
        assert_true(p.new_per_day_total >= prev_n);
        assert_true(p.planned_total >= prev_total);
        prev_n = p.new_per_day_total;
        prev_total = p.planned_total;
        if (budget == 30) {
            /* The complaint: the whole bank in five weeks is about
             * 84 minutes a day. Half an hour holds about a dozen new cards,
             * and the plan says what it leaves out. */
            assert_in_range(p.new_per_day_total, 8, 16);
            assert_false(p.whole_bank);
            assert_true(p.left_out > 300);
            /* The reviews grow as the plan goes. */
            cp_plan_day days[42];
            assert_int_equal(cp_plan_days(&desc, &p, days, 42, NULL), CP_OK);
            assert_true(days[30].reviews > days[5].reviews + 2.0);
        }
    }
    /* With time to spare the bank is spread evenly, not crammed. */
    cp_plan_desc lots = {.budget_minutes = CP_PLAN_BUDGET_MAX};
    cp_study_plan p;
    assert_int_equal(cp_plan_make(&lots, unseen, 0, T0, &p, NULL), CP_OK);
    assert_true(p.whole_bank);
    assert_int_equal(p.left_out, 0);
    assert_int_equal(p.new_per_day_total, (919 + 34) / 35);
    assert_true(p.peak_minutes < CP_PLAN_BUDGET_MAX);
    /* Out of range budgets are clamped; 0 is the default half hour. */
    cp_study_plan lo, def;
    assert_int_equal(cp_plan_make(&(cp_plan_desc){.budget_minutes = 3}, unseen, 0, T0, &lo, NULL), CP_OK);
    assert_int_equal(lo.budget_minutes, CP_PLAN_BUDGET_MIN);
    assert_int_equal(cp_plan_make(NULL, unseen, 0, T0, &def, NULL), CP_OK);
    assert_int_equal(def.budget_minutes, CP_PLAN_BUDGET_DEFAULT);
    /* Nothing left to introduce: reviews only. */
    const int none[CP_DOMAINS] = {0};
    assert_int_equal(cp_plan_make(NULL, none, 0, T0, &p, NULL), CP_OK);
    assert_int_equal(p.new_per_day_total, 0);
    assert_int_equal(p.planned_total, 0);
    assert_int_equal(p.left_out, 0);
}

/* Reviews already owed: done at the budget's pace first, new cards after. */
/* The drill's new cards for a day by the plan: the day's share plus what
 * earlier days left (capped at twice the daily number per domain), the
 * same however many are taken during the day; none before the first
 * new-card day or in the sweep; -1 once the exam date is reached. */
static void plan_day_quota(void **state)
{
    (void)state;
    const int unseen[CP_DOMAINS] = {70, 90, 100, 35};
    cp_study_plan p;
    assert_int_equal(cp_plan_make(NULL, unseen, 0, T0, &p, NULL), CP_OK);
    assert_int_equal(p.new_per_day_total, 9); /* 2 + 3 + 3 + 1 */
    int none[CP_DOMAINS] = {0, 0, 0, 0};
    assert_int_equal(cp_plan_day_quota(&p, 0, none, T0 + 3600), 9);
    int exact[CP_DOMAINS] = {6, 9, 9, 3}; /* days 0-2 done */
    assert_int_equal(cp_plan_day_quota(&p, 3, exact, T0 + 3 * DAY), 9);
    int short2[CP_DOMAINS] = {4, 9, 9, 3}; /* two short */
    assert_int_equal(cp_plan_day_quota(&p, 3, short2, T0 + 3 * DAY), 11);
    /* Far behind: each domain at most twice its daily number. */
    assert_int_equal(cp_plan_day_quota(&p, 10, none, T0 + 10 * DAY), 18);
    int ahead[CP_DOMAINS] = {10, 15, 15, 5}; /* a day ahead */
    assert_int_equal(cp_plan_day_quota(&p, 3, ahead, T0 + 3 * DAY), 0);
    int all[CP_DOMAINS] = {70, 90, 100, 35};
    assert_int_equal(cp_plan_day_quota(&p, 20, all, T0 + 20 * DAY), 0);
    assert_int_equal(cp_plan_day_quota(&p, 36, none, T0 + 36 * DAY), 0); /* the sweep */
    assert_int_equal(cp_plan_day_quota(&p, 42, none, p.exam_date), -1);
    assert_int_equal(cp_plan_day_quota(&p, 50, none, p.exam_date + 8 * DAY), -1);
    /* A backlog of reviews first: no new cards until the plan's first. */
    double load[60] = {0};
    load[0] = 300.0;
    cp_plan_desc desc = {.budget_minutes = 30, .review_load = load, .n_review_load = 60};
    assert_int_equal(cp_plan_make(&desc, unseen, 0, T0, &p, NULL), CP_OK);
    assert_true(p.first_new_day >= 1);
    assert_int_equal(cp_plan_day_quota(&p, p.first_new_day - 1, none, T0), 0);
    assert_int_equal(cp_plan_day_quota(&p, p.first_new_day, none, T0), p.new_per_day_total);
}

static void plan_backlog_first(void **state)
{
    (void)state;
    const int unseen[CP_DOMAINS] = {220, 280, 320, 99};
    double load[60] = {0};
    load[0] = 300.0;            /* 300 overdue: 100 minutes of reviews */
    for (int k = 1; k < 60; k++)
        load[k] = 5.0;
    cp_plan_desc desc = {.budget_minutes = 30, .review_load = load, .n_review_load = 60};
    cp_study_plan p;
    assert_int_equal(cp_plan_make(&desc, unseen, 0, T0, &p, NULL), CP_OK);
    /* 90 reviews fit a day: days 0-2 are full, day 3 ends the 300 (and
     * the 5 a day); new cards start on day 4 at the earliest. */
    assert_true(p.first_new_day >= 4);
    assert_true(p.new_per_day_total > 0);
    check_fit(&desc, &p, 919);
    cp_plan_day days[42];
    assert_int_equal(cp_plan_days(&desc, &p, days, 42, NULL), CP_OK);
    for (int k = 0; k < 3; k++)
        assert_true(days[k].minutes > 29.9);            /* full days of reviews */
    assert_true(fabs(days[3].reviews - (300.0 + 3 * 5.0 - 3 * 90.0)) < 1e-9);
    for (int k = 0; k < p.first_new_day; k++)
        assert_int_equal(days[k].new_cards, 0);
    cp_plan_text text;
    cp_plan_describe(&p, &text);
    char lead[80];
    snprintf(lead, sizeof lead, "After %d days of catching up on reviews, %d new cards a day",
             p.first_new_day, p.new_per_day_total);
    assert_non_null(strstr(text.new_cards, lead));
    /* Ten minutes cannot even hold the reviews: no new cards, and it says so. */
    for (int k = 0; k < 60; k++)
        load[k] = 40.0;
    desc.budget_minutes = 10;
    assert_int_equal(cp_plan_make(&desc, unseen, 0, T0, &p, NULL), CP_OK);
    assert_int_equal(p.new_per_day_total, 0);
    assert_int_equal(p.left_out, 919);
    cp_plan_describe(&p, &text);
    assert_string_equal(text.new_cards, "No new cards fit in 10 minutes a day: the reviews of the "
                                        "cards you have studied fill it.");
    assert_string_equal(text.left_out, "");
}

/* The order: by exam share and weakness per task, the yield falling as a
 * task is covered. */
static void plan_order_weight_and_weakness(void **state)
{
    (void)state;
    cp_plan_task tasks[CP_TASKS];
    for (int t = 0; t < CP_TASKS; t++)
        tasks[t] = (cp_plan_task){.unseen = 60, .unseen_flash = 20, .total = 60, .share = 0.05};
    tasks[0].level = -1.5;      /* 1.1: weak */
    tasks[1].level = 1.5;       /* 1.2: strong */
    tasks[5].share = 0.12;      /* 2.2: heavy */
    tasks[6].share = 0.01;      /* 2.3: light */
    cp_plan_desc desc = {.budget_minutes = 20, .tasks = tasks, .growth = 3.0};
    cp_study_plan p;
    assert_int_equal(cp_plan_make(&desc, NULL, 0, T0, &p, NULL), CP_OK);
    assert_true(p.by_task);
    assert_true(p.left_out > 0);
    /* The middling tasks (alike) get the same, give or take the last card. */
    int lo = 60, hi = 0;
    for (int t = 2; t < CP_TASKS; t++)
        if (t != 5 && t != 6) {
            lo = p.planned_task[t] < lo ? p.planned_task[t] : lo;
            hi = p.planned_task[t] > hi ? p.planned_task[t] : hi;
        }
    assert_true(hi - lo <= 1);
    int others = lo;
    assert_true(p.planned_task[0] > hi);            /* weak before middling */
    assert_true(p.planned_task[1] < lo);            /* strong after */
    assert_true(p.planned_task[5] > hi);            /* heavy before */
    assert_true(p.planned_task[6] < lo);            /* light after */
    assert_true(others > 0 && others < 60);
    /* Left out: what each task did not get; the sentence names the
     * tasks with the most left out. */
    int most = 0;
    for (int t = 0; t < CP_TASKS; t++) {
        assert_int_equal(p.left_out_task[t], 60 - p.planned_task[t]);
        if (p.left_out_task[t] > p.left_out_task[most])
            most = t;
    }
    cp_plan_text text;
    cp_plan_describe(&p, &text);
    char named[64];
    snprintf(named, sizeof named, "most on lower-yield tasks: %s, ", cp_blueprint_task(most)->id);
    assert_non_null(strstr(text.left_out, named));
    /* Domains sum the tasks; unseen[] is ignored. */
    int d1 = p.planned_task[0] + p.planned_task[1] + p.planned_task[2] + p.planned_task[3];
    assert_int_equal(p.planned[0], d1);
    assert_int_equal(p.unseen[0], 4 * 60);
    check_fit(&desc, &p, CP_TASKS * 60);
    /* A bigger budget covers more, and with enough, everything. */
    desc.budget_minutes = CP_PLAN_BUDGET_MAX;
    assert_int_equal(cp_plan_make(&desc, NULL, 0, T0, &p, NULL), CP_OK);
    assert_int_equal(p.planned_total, CP_TASKS * 60);
    assert_int_equal(p.left_out, 0);
}

/* The expected reviews of one card against a Monte Carlo of the same
 * scheduler (Good with the retrievability at each review, else Again and
 * the relearning steps). */
static void review_curve_matches_the_scheduler(void **state)
{
    (void)state;
    enum { DAYS = 90, RUNS = 8000 };
    double curve[DAYS], mc[DAYS] = {0};
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    params.enable_fuzz = false;
    cp_plan_review_curve(&params, curve, DAYS);
    assert_true(curve[0] == 0.0);
    cp_rng rng;
    cp_rng_seed(&rng, 42);
    const cp_time first = 1000000000, origin = first - 12 * 3600;
    for (int r = 0; r < RUNS; r++) {
        cp_memory fresh = {0}, m = cp_fsrs_next(&params, &fresh, first, CP_GOOD, 0);
        while (m.state != CP_STATE_REVIEW)
            m = cp_fsrs_next(&params, &m, m.due, CP_GOOD, 0);
        for (;;) {
            long day = (long)((m.due - origin) / DAY);
            if (day >= DAYS)
                break;
            mc[day] += 1.0 / RUNS;
            cp_time t = m.due;
            bool good = cp_rng_unit(&rng) < cp_fsrs_retrievability(&params, &m, t);
            m = cp_fsrs_next(&params, &m, t, good ? CP_GOOD : CP_AGAIN, 0);
            while (m.state != CP_STATE_REVIEW) {
                mc[(m.due - origin) / DAY] += 1.0 / RUNS;
                m = cp_fsrs_next(&params, &m, m.due, CP_GOOD, 0);
            }
        }
    }
    double total = 0.0, mc_total = 0.0;
    for (int k = 0; k < DAYS; k++) {
        total += curve[k];
        mc_total += mc[k];
        assert_true(fabs(curve[k] - mc[k]) < 0.03);     /* a bin's sd is about 0.004 */
    }
    assert_true(fabs(total - mc_total) < 0.05);
    assert_true(total > 2.0 && total < 8.0);
    /* A higher retention asks for more reviews. */
    double more[DAYS];
    params.desired_retention = 0.95;
    cp_plan_review_curve(&params, more, DAYS);
    double more_total = 0.0;
    for (int k = 0; k < DAYS; k++)
        more_total += more[k];
    assert_true(more_total > total + 0.5);
    cp_plan_review_curve(NULL, NULL, 5);    /* nothing to fill: no crash */
}

/* Cards already studied: each at its next review, and on from there as
 * the curve of a card at that point. */
static void review_load_of_studied_cards(void **state)
{
    (void)state;
    enum { DAYS = 60 };
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    params.enable_fuzz = false;
    /* A card first studied now (Good) has the new card's curve. */
    cp_memory fresh = {0};
    cp_memory just = cp_fsrs_next(&params, &fresh, T0, CP_GOOD, 0);
    double curve[DAYS], load[DAYS];
    cp_plan_review_curve(&params, curve, DAYS);
    assert_int_equal(cp_plan_review_load(&params, &just, 1, T0, load, DAYS, NULL), CP_OK);
    for (int k = 0; k < DAYS; k++)
        assert_true(fabs(load[k] - curve[k]) < 1e-9);
    /* Three of them, and New cards, which owe nothing. */
    cp_memory cards[5] = {just, just, just, fresh, fresh};
    assert_int_equal(cp_plan_review_load(&params, cards, 5, T0, load, DAYS, NULL), CP_OK);
    for (int k = 0; k < DAYS; k++)
        assert_true(fabs(load[k] - 3.0 * curve[k]) < 1e-9);
    /* Overdue: reviewed today. Due in five days: reviewed on day 5. */
    cp_memory late = just, soon = just;
    late.due = T0 - 10 * DAY;
    soon.due = T0 + 5 * DAY + 60;
    assert_int_equal(cp_plan_review_load(&params, &late, 1, T0, load, DAYS, NULL), CP_OK);
    assert_true(fabs(load[0] - 1.0) < 0.2);
    assert_int_equal(cp_plan_review_load(&params, &soon, 1, T0, load, DAYS, NULL), CP_OK);
    for (int k = 0; k < 5; k++)
        assert_true(load[k] == 0.0);
    assert_true(load[5] >= 1.0);
    assert_int_equal(cp_plan_review_load(&params, NULL, 0, T0, load, DAYS, NULL), CP_OK);
    assert_true(load[5] == 0.0);
}

/* ---- the plan in words --------------------------------------------------------------- */

static cp_study_plan worded(int n, int new_days, int last, int first)
{
    cp_study_plan p = {.budget_minutes = 30, .new_per_day_total = n, .new_days = new_days,
                       .last_day_new = last, .first_new_day = first, .review_days = 7,
                       .sweep_cap = 60, .drill_minutes = 27, .peak_minutes = 30,
                       .unseen = {200, 200, 200, 100}};
    p.planned_total = n * (new_days - 1) + last;
    /* by domain, the total split 1:2:3:rest */
    p.planned[0] = p.planned_total / 7;
    p.planned[1] = 2 * p.planned_total / 7;
    p.planned[2] = 3 * p.planned_total / 7;
    p.planned[3] = p.planned_total - p.planned[0] - p.planned[1] - p.planned[2];
    return p;
}

static void wording(void **state)
{
    (void)state;
    cp_plan_text t;
    cp_study_plan p = worded(12, 35, 12, 0);
    cp_plan_describe(&p, &t);
    assert_string_equal(t.new_cards, "12 new cards a day for 35 days: 420 in all (60 Concepts, "
                                     "120 Security, 180 Technology, 60 Billing).");
    assert_string_equal(t.minutes, "About 27 minutes of drill a day with reviews, never more "
                                   "than 30 minutes.");
    assert_string_equal(t.sweep, "The last 7 days: no new cards; up to 60 studied cards a day "
                                 "once more.");
    assert_string_equal(t.left_out, "");
    /* A last day with fewer, a backlog first, one day, one card. */
    p = worded(27, 35, 1, 0);
    cp_plan_describe(&p, &t);
    assert_string_equal(t.new_cards, "27 new cards a day for 34 days, then 1 on day 35: 919 in "
                                     "all (131 Concepts, 262 Security, 393 Technology, 133 "
                                     "Billing).");
    p = worded(10, 20, 10, 3);
    cp_plan_describe(&p, &t);
    assert_non_null(strstr(t.new_cards, "After 3 days of catching up on reviews, 10 new cards a "
                                        "day for 20 days: 200 in all ("));
    p = worded(5, 1, 5, 1);
    p.review_days = 1;
    p.sweep_cap = 1;
    p.drill_minutes = p.peak_minutes = 1;
    cp_plan_describe(&p, &t);
    assert_non_null(strstr(t.new_cards, "After 1 day of catching up on reviews, 5 new cards in "
                                        "one day: 5 in all ("));
    assert_string_equal(t.minutes, "About 1 minute of drill a day with reviews, never more than "
                                   "1 minute.");
    assert_string_equal(t.sweep, "The last 1 day: no new cards; up to 1 studied card a day "
                                 "once more.");
    p = worded(1, 2, 1, 0);
    cp_plan_describe(&p, &t);
    assert_non_null(strstr(t.new_cards, "1 new card a day for 2 days: 2 in all ("));
    /* Left out, by domain and by task. */
    p = worded(12, 35, 12, 0);
    p.left_out = 300;
    p.left_out_domain[0] = 100;
    p.left_out_domain[2] = 200;
    cp_plan_describe(&p, &t);
    assert_string_equal(t.left_out, "It leaves out 300 new cards: 100 Concepts, 200 Technology.");
    p.by_task = true;
    p.left_out_flash = 90;
    p.left_out_task[18] = 150;      /* 4.3 */
    p.left_out_task[3] = 100;       /* 1.4 */
    p.left_out_task[9] = 40;        /* 3.2 */
    p.left_out_task[0] = 10;        /* 1.1 */
    cp_plan_describe(&p, &t);
    assert_string_equal(t.left_out, "It leaves out 300 new cards (about 90 of them flashcards), "
                                    "most on lower-yield tasks: 4.3, 1.4 and 3.2.");
    assert_non_null(strstr(t.new_cards, "), weak and heavily weighted tasks first."));
    p.left_out_flash = 1;
    p.left_out = 1;
    cp_plan_describe(&p, &t);
    assert_non_null(strstr(t.left_out, "It leaves out 1 new card (about 1 of them a flashcard)"));
    /* Nothing left to introduce. */
    p = worded(0, 0, 0, 0);
    memset(p.unseen, 0, sizeof p.unseen);
    p.planned_total = 0;
    cp_plan_describe(&p, &t);
    assert_string_equal(t.new_cards, "Every card has been introduced: the plan is reviews only.");

    /* Made plans: the sentence's numbers add up (days x daily + the last
     * day = the total = the domains' sum). */
    const int unseen[CP_DOMAINS] = {220, 280, 320, 99};
    for (int budget = 10; budget <= 120; budget += 5) {
        cp_study_plan m;
        assert_int_equal(cp_plan_make(&(cp_plan_desc){.budget_minutes = budget}, unseen, 0, T0,
                                      &m, NULL), CP_OK);
        cp_plan_describe(&m, &t);
        int n = 0, days = 0, last = 0, last_day = 0, total = 0, d[4] = {0};
        if (sscanf(t.new_cards, "%d new cards a day for %d days, then %d on day %d: %d in all "
                                "(%d Concepts, %d Security, %d Technology, %d Billing)",
                   &n, &days, &last, &last_day, &total, &d[0], &d[1], &d[2], &d[3]) == 9) {
            assert_int_equal(last_day, days + 1);
        } else {
            last = 0;
            assert_int_equal(sscanf(t.new_cards, "%d new cards a day for %d days: %d in all "
                                    "(%d Concepts, %d Security, %d Technology, %d Billing)",
                                    &n, &days, &total, &d[0], &d[1], &d[2], &d[3]), 7);
        }
        assert_int_equal(n * days + last, total);
        assert_int_equal(d[0] + d[1] + d[2] + d[3], total);
        assert_int_equal(total, m.planned_total);
        assert_int_equal(n, m.new_per_day_total);
    }
}

static void plan_dates(void **state)
{
    (void)state;
    const int unseen[CP_DOMAINS] = {10, 10, 10, 10};
    cp_study_plan p;
    cp_error err = {0};
    assert_int_equal(cp_plan_make(&(cp_plan_desc){.exam_date = T0}, unseen, 0, T0, &p, &err),
                     CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "exam date"));
    /* Three days out: new cards every day, and no mock date (none fits
     * before the two days kept clear ahead of the exam). */
    assert_int_equal(cp_plan_make(&(cp_plan_desc){.exam_date = T0 + 3 * DAY}, unseen, 0, T0,
                                  &p, NULL),
                     CP_OK);
    assert_int_equal(p.days_left, 3);
    assert_int_equal(p.new_card_days, 3);
    assert_int_equal(p.new_per_day[0], 4);
    for (size_t i = 0; i < p.n_mocks; i++)
        assert_true(p.mock_dates[i] <= p.exam_date - 2 * DAY);
    /* A long runway stays within the mock table. */
    assert_int_equal(cp_plan_make(&(cp_plan_desc){.exam_date = T0 + 400 * DAY}, unseen, 0,
                                  T0, &p, NULL),
                     CP_OK);
    assert_true(p.n_mocks <= CP_PLAN_MAX_MOCKS);
    assert_int_equal(p.new_per_day[0], 1);
}

/* Following the plan: today's part, ahead or behind, the sweep, mocks. */
static void plan_follow(void **state)
{
    (void)state;
    const int unseen[CP_DOMAINS] = {70, 90, 100, 35};
    cp_study_plan p;
    assert_int_equal(cp_plan_make(NULL, unseen, 0, T0, &p, NULL), CP_OK);
    assert_int_equal(p.start, T0);
    assert_int_equal(p.review_days, 7);
    assert_int_equal(p.unseen[1], 90);
    assert_int_equal(p.new_per_day_total, 9);       /* 2 + 3 + 3 + 1 */
    cp_plan_today t;
    /* Day 0, nothing done: on track, today's part is the daily numbers. */
    int none[CP_DOMAINS] = {0, 0, 0, 0};
    cp_plan_follow(&p, none, 0, T0 + 3600, &t);
    assert_int_equal(t.day, 0);
    assert_int_equal(t.days_to_exam, 42);
    assert_int_equal(t.phase, CP_PLAN_NEW_CARDS);
    assert_int_equal(t.pace, CP_PLAN_ON_TRACK);
    assert_int_equal(t.expected, 9);
    assert_int_equal(t.new_today[0], 2);
    assert_int_equal(t.new_today[1], 3);
    assert_int_equal(t.new_today[3], 1);
    assert_int_equal(t.new_today_total, 9);
    assert_int_equal(t.cards_ahead, -9);
    /* Day 3 with days 0-2 done exactly: on track, today's part as usual. */
    int exact[CP_DOMAINS] = {6, 9, 9, 3};
    cp_plan_follow(&p, exact, 27, T0 + 3 * DAY + 3600, &t);
    assert_int_equal(t.day, 3);
    assert_int_equal(t.pace, CP_PLAN_ON_TRACK);
    assert_int_equal(t.expected, 36);
    assert_int_equal(t.new_today_total, 9);
    /* Two short: behind, and the catch-up is in today's part. */
    int short2[CP_DOMAINS] = {4, 9, 9, 3};
    cp_plan_follow(&p, short2, 25, T0 + 3 * DAY + 3600, &t);
    assert_int_equal(t.pace, CP_PLAN_BEHIND);
    assert_int_equal(t.new_today[0], 4);
    assert_int_equal(t.new_today_total, 11);
    /* Far behind: the catch-up is capped at twice the daily number. */
    cp_plan_follow(&p, none, 0, T0 + 10 * DAY + 3600, &t);
    assert_int_equal(t.pace, CP_PLAN_BEHIND);
    assert_int_equal(t.new_today[0], 4);
    assert_int_equal(t.new_today[1], 6);
    assert_int_equal(t.new_today[3], 2);
    /* A full day's cards beyond today's expectation: ahead, nothing due today. */
    int ahead[CP_DOMAINS] = {10, 15, 15, 5};
    cp_plan_follow(&p, ahead, 45, T0 + 3 * DAY + 3600, &t);
    assert_int_equal(t.pace, CP_PLAN_AHEAD);
    assert_int_equal(t.cards_ahead, 9);
    assert_int_equal(t.new_today_total, 0);
    int almost[CP_DOMAINS] = {10, 15, 15, 4};
    cp_plan_follow(&p, almost, 44, T0 + 3 * DAY + 3600, &t);
    assert_int_equal(t.pace, CP_PLAN_ON_TRACK);
    assert_int_equal(t.new_today[3], 0);
    /* Everything introduced early: ahead. */
    int all[CP_DOMAINS] = {70, 90, 100, 35};
    cp_plan_follow(&p, all, 295, T0 + 10 * DAY, &t);
    assert_int_equal(t.pace, CP_PLAN_AHEAD);
    /* The expectation never exceeds the bank: on day 34 it is all of it. */
    cp_plan_follow(&p, all, 295, T0 + 34 * DAY, &t);
    assert_int_equal(t.expected, 295);
    assert_int_equal(t.pace, CP_PLAN_ON_TRACK);
    /* The final week is a sweep: every studied card once more. */
    cp_plan_follow(&p, all, 300, T0 + 36 * DAY, &t);
    assert_int_equal(t.phase, CP_PLAN_SWEEP);
    assert_int_equal(t.pace, CP_PLAN_ON_TRACK);
    assert_int_equal(t.sweep_per_day, 43);          /* ceil(300 / 7) */
    assert_int_equal(t.new_today_total, 0);
    assert_int_equal(t.days_to_exam, 6);
    int missing[CP_DOMAINS] = {70, 90, 95, 35};
    cp_plan_follow(&p, missing, 290, T0 + 36 * DAY, &t);
    assert_int_equal(t.pace, CP_PLAN_BEHIND);
    /* Mock days. */
    cp_plan_follow(&p, none, 0, T0 + 7 * DAY + 60, &t);
    assert_true(t.mock_today);
    cp_plan_follow(&p, none, 0, T0 + 6 * DAY + 60, &t);
    assert_false(t.mock_today);
    /* The exam day itself. */
    cp_plan_follow(&p, all, 300, p.exam_date, &t);
    assert_int_equal(t.phase, CP_PLAN_EXAM_DAY);
    assert_int_equal(t.days_to_exam, 0);
    assert_int_equal(t.sweep_per_day, 0);
    assert_string_equal(cp_plan_pace_name(CP_PLAN_BEHIND), "behind");
    assert_string_equal(cp_plan_pace_name(CP_PLAN_AHEAD), "ahead");
    assert_string_equal(cp_plan_pace_name(CP_PLAN_ON_TRACK), "on track");
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(estimate_moves_with_answers),
                 cmocka_unit_test(weakest_domain),
                 cmocka_unit_test(diagnostic_session),
                 cmocka_unit_test(plan_default_six_weeks),
                 cmocka_unit_test(plan_fits_the_budget),
                 cmocka_unit_test(plan_backlog_first),
                 cmocka_unit_test(plan_order_weight_and_weakness),
                 cmocka_unit_test(review_curve_matches_the_scheduler),
                 cmocka_unit_test(review_load_of_studied_cards),
                 cmocka_unit_test(wording),
                 cmocka_unit_test(plan_dates),
                 cmocka_unit_test(plan_follow),
                 cmocka_unit_test(plan_day_quota),
             })
