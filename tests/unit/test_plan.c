/* The diagnostic estimate and the study plan: stratification, the band's
 * honesty with ten items, the weakest domain, new cards per day, mock
 * dates, and the errors. */
#include "cp_test.h"

#include <math.h>
#include <string.h>

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

static void plan_weakest_front_loaded(void **state)
{
    (void)state;
    const int unseen[CP_DOMAINS] = {60, 60, 60, 60};
    cp_study_plan even, weak;
    assert_int_equal(cp_plan_make(NULL, unseen, 0, T0, &even, NULL), CP_OK);
    assert_int_equal(cp_plan_make(NULL, unseen, 4, T0, &weak, NULL), CP_OK);
    assert_true(weak.new_per_day[3] > even.new_per_day[3]);
    assert_int_equal(weak.new_per_day[0], even.new_per_day[0]);
    assert_int_equal(weak.weakest_domain, 4);
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
                 cmocka_unit_test(plan_weakest_front_loaded),
                 cmocka_unit_test(plan_dates),
                 cmocka_unit_test(plan_follow),
             })
