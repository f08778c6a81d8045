/* Scaled scoring: the three anchors, monotonicity, the pass line, the cut's
 * response to form difficulty, and the item difficulty estimate. */
#include "cp_test.h"

#include <math.h>

#include "cloudprep/score.h"

static void scale_anchors(void **state)
{
    (void)state;
    const double cuts[] = {20.0, 31.7, 35.0, 42.25};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        assert_int_equal(cp_score_scale(0, cuts[i], 50), 100);
        assert_int_equal(cp_score_scale(cuts[i], cuts[i], 50), 700);
        assert_int_equal(cp_score_scale(50, cuts[i], 50), 1000);
    }
}

static void scale_monotone(void **state)
{
    (void)state;
    for (double cut = 5.0; cut < 46.0; cut += 0.37) {
        int prev = cp_score_scale(0, cut, 50);
        double prev_exact = cp_score_scale_exact(0, cut, 50);
        for (int r = 1; r <= 50; r++) {
            int s = cp_score_scale(r, cut, 50);
            double e = cp_score_scale_exact(r, cut, 50);
            assert_true(s >= prev);
            assert_true(e > prev_exact);
            assert_in_range(s, 100, 1000);
            prev = s;
            prev_exact = e;
        }
    }
}

static void scale_piecewise_linear(void **state)
{
    (void)state;
    /* cut 30: below, 20 steps of 600/30; above, 20 steps of 300/20. */
    assert_int_equal(cp_score_scale(15, 30.0, 50), 400);
    assert_int_equal(cp_score_scale(40, 30.0, 50), 850);
    /* Out-of-range cuts are clamped so the map stays defined. */
    assert_int_equal(cp_score_scale(0, 0.0, 50), 100);
    assert_int_equal(cp_score_scale(50, 50.0, 50), 1000);
}

static void pass_raw_is_the_700_line(void **state)
{
    (void)state;
    for (double cut = 10.0; cut < 45.0; cut += 0.1) {
        int r = cp_score_pass_raw(cut, 50);
        assert_true(cp_score_scale(r, cut, 50) >= 700);
        if (r > 0)
            assert_true(cp_score_scale(r - 1, cut, 50) < 700);
    }
    assert_int_equal(cp_score_pass_raw(35.0, 50), 35);
    /* 34.999... rounds to 700: the reported score is what passes. */
    assert_int_equal(cp_score_pass_raw(35.02, 50), 35);
    assert_int_equal(cp_score_pass_raw(35.2, 50), 36);
}

static void cut_falls_as_the_form_gets_harder(void **state)
{
    (void)state;
    double easy[50], medium[50], hard[50];
    for (int i = 0; i < 50; i++) {
        easy[i] = cp_score_prior_difficulty(CP_DIFF_EASY);
        medium[i] = cp_score_prior_difficulty(CP_DIFF_MEDIUM);
        hard[i] = cp_score_prior_difficulty(CP_DIFF_HARD);
    }
    double ce = cp_score_cut_raw(easy, 50);
    double cm = cp_score_cut_raw(medium, 50);
    double ch = cp_score_cut_raw(hard, 50);
    assert_true(ce > cm);
    assert_true(cm > ch);
    assert_true(fabs(cm - 35.0) < 1e-9);   /* the MCC gets 70 % of medium items */
    /* The same 36 right passes the hard form and fails the easy one. */
    assert_true(cp_score_scale(36, ch, 50) >= 700);
    assert_true(cp_score_scale(36, ce, 50) < 700);
    /* Making one item harder lowers the cut. */
    medium[7] = 1.5;
    assert_true(cp_score_cut_raw(medium, 50) < cm);
}

static void item_difficulty_from_data(void **state)
{
    (void)state;
    assert_true(cp_score_item_difficulty(CP_DIFF_HARD, NULL) == 1.0);
    cp_item_data none = {0, 0};
    assert_true(cp_score_item_difficulty(CP_DIFF_EASY, &none) == -1.0);
    /* Data that matches the prior leaves it put. */
    cp_item_data at_prior = {100, 70};
    assert_true(fabs(cp_score_item_difficulty(CP_DIFF_MEDIUM, &at_prior)) < 0.02);
    /* Everyone gets it right: easier than labelled; nobody: harder. */
    cp_item_data all = {40, 40}, nobody = {40, 0};
    double b_all = cp_score_item_difficulty(CP_DIFF_MEDIUM, &all);
    double b_none = cp_score_item_difficulty(CP_DIFF_MEDIUM, &nobody);
    assert_true(b_all < -0.5);
    assert_true(b_none > 0.5);
    assert_true(isfinite(b_all) && isfinite(b_none));
    /* More data moves it further. */
    cp_item_data few = {4, 4};
    assert_true(cp_score_item_difficulty(CP_DIFF_MEDIUM, &few) > b_all);
    /* With lots of data the estimate approaches mcc - logit(p). */
    cp_item_data lots = {100000, 50000};
    assert_true(fabs(cp_score_item_difficulty(CP_DIFF_EASY, &lots) -
                     CP_SCORE_MCC_ABILITY) < 0.01);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(scale_anchors),
                 cmocka_unit_test(scale_monotone),
                 cmocka_unit_test(scale_piecewise_linear),
                 cmocka_unit_test(pass_raw_is_the_700_line),
                 cmocka_unit_test(cut_falls_as_the_form_gets_harder),
                 cmocka_unit_test(item_difficulty_from_data),
             })
