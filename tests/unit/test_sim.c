/* The learner simulator: deterministic for a seed; the answerer protocol's
 * order (deck first, learners from 1, a day request each day, answers
 * only on cards the app may show); withheld cards seen only by the
 * real-exam proxy; the reserve keeping mocks fresh; an answerer's error
 * stopping the run with its message; the plan projection's record; bad
 * settings refused. */
#include "cp_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/sim.h"

static cp_deck *bank_deck(void)
{
    cp_deck *deck = cp_test_load_deck(cp_test_fixture_path("exam/bank.md"));
    assert_true(cp_deck_count(deck) > 150);
    return deck;
}

/* ---- a scripted answerer that records what it was asked ------------------------ */

typedef struct script {
    const cp_deck *deck;
    bool study;             /* every day or never */
    bool right;             /* always right or always wrong */
    long fail_at;           /* answer request number that fails (0: none) */
    /* What it saw. */
    int decks;
    size_t learner;         /* the current one */
    size_t learners;
    long answers;
    int days_asked;
    int64_t last_t;
    bool order_ok;
    size_t mode_count[5];
    uint8_t *asked_outside_exam;    /* per deck card */
    uint8_t *asked_in_exam;
} script;

static cp_status s_deck(void *ctx, const cp_deck *deck, cp_error *err)
{
    (void)err;
    script *s = ctx;
    s->decks++;
    s->order_ok = s->order_ok && s->learners == 0 && deck == s->deck;
    return CP_OK;
}

static cp_status s_learner(void *ctx, size_t learner, uint64_t seed, cp_error *err)
{
    (void)seed;
    (void)err;
    script *s = ctx;
    s->order_ok = s->order_ok && s->decks == 1 && learner == s->learners + 1;
    s->learner = learner;
    s->learners++;
    s->last_t = -1;
    return CP_OK;
}

static cp_status s_day(void *ctx, size_t learner, int day, bool *study, cp_error *err)
{
    (void)err;
    script *s = ctx;
    s->order_ok = s->order_ok && learner == s->learner && day >= 0;
    s->days_asked++;
    *study = s->study;
    return CP_OK;
}

static cp_status s_answer(void *ctx, const cp_sim_ask *ask, bool *right, double *seconds,
                          cp_error *err)
{
    script *s = ctx;
    s->answers++;
    if (s->fail_at && s->answers == s->fail_at)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "scripted failure at request %ld",
                            s->answers);
    s->order_ok = s->order_ok && ask->learner == s->learner && ask->t >= s->last_t &&
                  ask->card < cp_deck_count(s->deck);
    s->last_t = ask->t;
    s->mode_count[ask->mode]++;
    if (ask->mode == CP_SIM_EXAM)
        s->asked_in_exam[ask->card] = 1;
    else
        s->asked_outside_exam[ask->card] = 1;
    *right = s->right;
    *seconds = ask->mode == CP_SIM_DRILL ? 20.0 : -1.0;
    return CP_OK;
}

static script script_new(const cp_deck *deck, bool study, bool right)
{
    script s = {.deck = deck, .study = study, .right = right, .order_ok = true};
    s.asked_outside_exam = calloc(cp_deck_count(deck), 1);
    s.asked_in_exam = calloc(cp_deck_count(deck), 1);
    return s;
}

static cp_sim_answerer answerer_of(script *s)
{
    return (cp_sim_answerer){.ctx = s, .deck = s_deck, .learner = s_learner, .day = s_day,
                             .answer = s_answer};
}

/* ---- tests ---------------------------------------------------------------------------- */

static void deterministic_and_summed(void **state)
{
    (void)state;
    cp_deck *deck = bank_deck();
    cp_sim_desc desc = {.learners = 6, .days = 30, .seed = 7, .holdout = 0.3,
                        .memorisation = 0.5};
    cp_sim_result a, b;
    assert_int_equal(cp_sim_run(deck, &desc, &a, NULL), CP_OK);
    assert_int_equal(cp_sim_run(deck, &desc, &b, NULL), CP_OK);
    assert_int_equal(a.n_learners, 6);
    assert_true(a.n_mocks >= 6);
    assert_int_equal(a.n_mocks, b.n_mocks);
    size_t binned = 0, exam_binned = 0;
    for (int k = 0; k < CP_SIM_BINS; k++) {
        binned += a.mock.bins[k].n;
        exam_binned += a.exam.bins[k].n;
    }
    assert_int_equal(binned, a.n_mocks);
    assert_int_equal(exam_binned, a.n_mocks);
    for (size_t i = 0; i < a.n_mocks; i++) {
        const cp_sim_mock *m = &a.mocks[i];
        assert_memory_equal(m, &b.mocks[i], sizeof *m);
        assert_true(m->predicted_pass >= 0.0 && m->predicted_pass <= 1.0);
        assert_true(m->legacy_pass >= 0.0 && m->legacy_pass <= 1.0);
        assert_in_range(m->scaled, 100, 1000);
        assert_int_equal(m->passed, m->scaled >= 700);
        assert_true(m->has_exam);
        assert_in_range(m->exam_scaled, 100, 1000);
        assert_int_equal(m->exam_passed, m->exam_scaled >= 700);
        assert_in_range(m->fresh_scored, 0, 50);
        assert_true(m->band_low <= m->predicted_scaled && m->predicted_scaled <= m->band_high);
        assert_true(m->learner < 6 && m->day < 30);
        if (i > 0 && m->learner == a.mocks[i - 1].learner)
            assert_true(m->day > a.mocks[i - 1].day);   /* at most one a day */
    }
    assert_true(a.mock.brier >= 0.0 && a.mock.brier <= 1.0);
    assert_true(fabs(a.exam.brier_base - a.exam.actual_pass_rate * (1 - a.exam.actual_pass_rate)) < 1e-12);
    assert_true(a.fresh_share > 0.0 && a.fresh_share <= 1.0);
    /* Another seed, other learners. */
    desc.seed = 8;
    cp_sim_result c;
    assert_int_equal(cp_sim_run(deck, &desc, &c, NULL), CP_OK);
    bool differs = c.n_mocks != a.n_mocks;
    for (size_t i = 0; !differs && i < a.n_mocks; i++)
        differs = c.mocks[i].scaled != a.mocks[i].scaled;
    assert_true(differs);
    cp_sim_result_free(&a);
    cp_sim_result_free(&b);
    cp_sim_result_free(&c);
    cp_sim_result_free(NULL);
    cp_deck_free(deck);
}

/* The protocol's order, and withheld cards seen only by the proxy. */
static void answerer_sees_the_protocol(void **state)
{
    (void)state;
    cp_deck *deck = bank_deck();
    script s = script_new(deck, true, true);
    cp_sim_answerer a = answerer_of(&s);
    cp_sim_desc desc = {.learners = 3, .days = 30, .seed = 3, .holdout = 0.3, .answerer = &a};
    cp_sim_result r;
    assert_int_equal(cp_sim_run(deck, &desc, &r, NULL), CP_OK);
    assert_true(s.order_ok);
    assert_int_equal(s.decks, 1);
    assert_int_equal(s.learners, 3);
    assert_int_equal(s.days_asked, 3 * 30);
    assert_true(s.mode_count[CP_SIM_DRILL] > 0);
    assert_int_equal(s.mode_count[CP_SIM_DIAGNOSTIC], 3 * 10);   /* one each, on day 0 */
    assert_true(s.mode_count[CP_SIM_MOCK] >= 3 * 65);
    assert_int_equal(s.mode_count[CP_SIM_EXAM], r.n_mocks * 50);  /* a proxy after every mock */
    /* The last learner's withheld cards: never outside the proxy. (The
     * first two learners withheld other cards, so only cards no learner
     * was shown outside the proxy can be checked across all three.) */
    size_t exam_only = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++)
        exam_only += s.asked_in_exam[i] && !s.asked_outside_exam[i];
    assert_true(exam_only > 0);
    /* Always right: every mock and every proxy passes, and the meter gets
     * there: Ready after three fresh mocks at 750 or more. */
    assert_true(r.n_mocks > 0);
    for (size_t i = 0; i < r.n_mocks; i++) {
        assert_true(r.mocks[i].passed);
        assert_true(r.mocks[i].exam_passed);
        assert_int_equal(r.mocks[i].scaled, 1000);
    }
    /* This bank holds too few questions for three fresh mocks: the later
     * forms are mostly repeats, and a perfect score on them is not
     * enough for Ready. */
    bool repeats = false;
    for (size_t i = 0; i < r.n_mocks; i++) {
        assert_true(r.mocks[i].verdict != CP_READY);
        repeats = repeats || r.mocks[i].fresh_scored < 40;
    }
    assert_true(repeats);
    assert_int_equal(r.exam.first_ready, 0);
    cp_sim_result_free(&r);

    /* One learner, no holdout: no proxy, no exam requests. */
    script one = script_new(deck, true, false);
    cp_sim_answerer b = answerer_of(&one);
    desc = (cp_sim_desc){.learners = 1, .days = 15, .seed = 3, .answerer = &b};
    assert_int_equal(cp_sim_run(deck, &desc, &r, NULL), CP_OK);
    assert_int_equal(one.mode_count[CP_SIM_EXAM], 0);
    for (size_t i = 0; i < r.n_mocks; i++) {
        assert_false(r.mocks[i].has_exam);
        assert_false(r.mocks[i].passed);
    }
    assert_int_equal(r.exam.n, 0);
    cp_sim_result_free(&r);
    free(s.asked_in_exam);
    free(s.asked_outside_exam);
    free(one.asked_in_exam);
    free(one.asked_outside_exam);
    cp_deck_free(deck);
}

/* On the bundled decks the reserve gives fresh mocks, and a learner who
 * always answers right is called Ready after three of them at 750+. */
static void always_right_gets_ready(void **state)
{
    (void)state;
    cp_deck *deck = cp_test_load_deck(cp_test_decks_path());
    script s = script_new(deck, true, true);
    cp_sim_answerer a = answerer_of(&s);
    cp_sim_desc desc = {.learners = 1, .days = 40, .seed = 2, .holdout = 0.25, .answerer = &a};
    cp_sim_result r;
    assert_int_equal(cp_sim_run(deck, &desc, &r, NULL), CP_OK);
    assert_true(r.n_mocks >= 4);
    int fresh_before = 0;
    for (size_t i = 0; i < r.n_mocks; i++) {
        const cp_sim_mock *m = &r.mocks[i];
        assert_true(m->fresh_scored >= 40);
        /* Ready exactly once three fresh mocks lie behind it. */
        assert_int_equal(m->verdict == CP_READY, fresh_before >= 3);
        fresh_before++;
    }
    assert_int_equal(r.exam.first_ready, 1);
    assert_int_equal(r.exam.first_ready_passed, 1);
    cp_sim_result_free(&r);
    free(s.asked_in_exam);
    free(s.asked_outside_exam);
    cp_deck_free(deck);
}

static void never_studies(void **state)
{
    (void)state;
    cp_deck *deck = bank_deck();
    script s = script_new(deck, false, true);
    cp_sim_answerer a = answerer_of(&s);
    cp_sim_desc desc = {.learners = 2, .days = 10, .seed = 1, .holdout = 0.3, .answerer = &a};
    cp_sim_result r;
    assert_int_equal(cp_sim_run(deck, &desc, &r, NULL), CP_OK);
    assert_int_equal(r.n_mocks, 0);
    assert_int_equal(s.answers, 0);
    assert_int_equal(s.days_asked, 20);
    assert_int_equal(r.learners[0].study_days, 0);
    assert_int_equal(r.learners[1].answers, 0);
    cp_sim_result_free(&r);
    free(s.asked_in_exam);
    free(s.asked_outside_exam);
    cp_deck_free(deck);
}

/* An answerer's error stops the run with its status and message. */
static void answerer_error_stops(void **state)
{
    (void)state;
    cp_deck *deck = bank_deck();
    script s = script_new(deck, true, true);
    s.fail_at = 57;
    cp_sim_answerer a = answerer_of(&s);
    cp_sim_desc desc = {.learners = 2, .days = 10, .seed = 1, .answerer = &a};
    cp_sim_result r;
    cp_error err = {0};
    assert_int_equal(cp_sim_run(deck, &desc, &r, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "request 57"));
    assert_int_equal(s.answers, 57);
    assert_null(r.mocks);
    free(s.asked_in_exam);
    free(s.asked_outside_exam);
    cp_deck_free(deck);
}

/* With the reserve, mocks ask more questions new to the learner. */
static void reserve_keeps_mocks_fresh(void **state)
{
    (void)state;
    cp_deck *deck = bank_deck();
    cp_sim_desc desc = {.learners = 4, .days = 45, .seed = 5, .memorisation = 0.5};
    cp_sim_result with, without;
    assert_int_equal(cp_sim_run(deck, &desc, &with, NULL), CP_OK);
    desc.no_reserve = true;
    assert_int_equal(cp_sim_run(deck, &desc, &without, NULL), CP_OK);
    assert_true(with.fresh_share > without.fresh_share + 0.1);
    cp_sim_result_free(&with);
    cp_sim_result_free(&without);
    cp_deck_free(deck);
}

/* The study plan's projection check: one record per learner on the
 * projection day, a real-exam proxy for each on the last day, the same for
 * a seed, and nothing without a holdout. */
static void projection_recorded(void **state)
{
    (void)state;
    cp_deck *deck = bank_deck();
    script s = script_new(deck, true, true);
    cp_sim_answerer a = answerer_of(&s);
    cp_sim_desc desc = {.learners = 3, .days = 20, .seed = 4, .holdout = 0.3,
                        .projection_day = 7, .answerer = &a};
    cp_sim_result r;
    assert_int_equal(cp_sim_run(deck, &desc, &r, NULL), CP_OK);
    assert_int_equal(r.n_projections, 3);
    /* A proxy after every mock, and one on the last day for each learner. */
    assert_int_equal(s.mode_count[CP_SIM_EXAM], (r.n_mocks + 3) * 50);
    for (size_t i = 0; i < r.n_projections; i++) {
        const cp_sim_projection *x = &r.projections[i];
        assert_int_equal(x->learner, i);
        assert_int_equal(x->day, 7);
        assert_int_equal(x->target_day, 19);
        assert_true(x->predicted_pass >= 0.0 && x->predicted_pass <= 1.0);
        assert_true(x->band_low <= x->predicted_scaled && x->predicted_scaled <= x->band_high);
        /* Always right: passes, and every reading says so. */
        assert_true(x->exam_passed);
        assert_int_equal(x->exam_scaled, 1000);
        assert_true(x->predicted_pass > 0.9 && x->now_pass > 0.9 && x->end_pass > 0.9);
    }
    assert_int_equal(r.projection.n, 3);
    assert_int_equal(r.projection_now.n, 3);
    assert_true(r.projection.actual_pass_rate == 1.0);
    assert_true(fabs(r.projection.brier_base) < 1e-12);
    /* The same for the seed, with the built-in learners. */
    cp_sim_desc built = {.learners = 4, .days = 20, .seed = 9, .holdout = 0.3,
                         .projection_day = 7, .memorisation = 0.5};
    cp_sim_result b1, b2;
    assert_int_equal(cp_sim_run(deck, &built, &b1, NULL), CP_OK);
    assert_int_equal(cp_sim_run(deck, &built, &b2, NULL), CP_OK);
    assert_int_equal(b1.n_projections, 4);
    assert_memory_equal(b1.projections, b2.projections, 4 * sizeof *b1.projections);
    assert_true(b1.projection.brier == b2.projection.brier);
    /* The projection day does not change what the learners did. */
    built.projection_day = 0;
    cp_sim_result none;
    assert_int_equal(cp_sim_run(deck, &built, &none, NULL), CP_OK);
    assert_int_equal(none.n_projections, 0);
    assert_null(none.projections);
    assert_int_equal(none.n_mocks, b1.n_mocks);
    for (size_t i = 0; i < none.n_mocks; i++)
        assert_memory_equal(&none.mocks[i], &b1.mocks[i], sizeof none.mocks[i]);
    /* No holdout, no proxy: no projection check. */
    built.projection_day = 7;
    built.holdout = 0.0;
    cp_sim_result no_proxy;
    assert_int_equal(cp_sim_run(deck, &built, &no_proxy, NULL), CP_OK);
    assert_int_equal(no_proxy.n_projections, 0);
    assert_int_equal(no_proxy.projection.n, 0);
    cp_sim_result_free(&r);
    cp_sim_result_free(&b1);
    cp_sim_result_free(&b2);
    cp_sim_result_free(&none);
    cp_sim_result_free(&no_proxy);
    free(s.asked_in_exam);
    free(s.asked_outside_exam);
    cp_deck_free(deck);
}

static void bad_settings_refused(void **state)
{
    (void)state;
    cp_deck *deck = bank_deck();
    cp_sim_result r;
    cp_error err = {0};
    cp_sim_desc desc = {.learners = 1, .days = 5, .holdout = 1.0};
    assert_int_equal(cp_sim_run(deck, &desc, &r, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "holdout"));
    desc.holdout = -0.1;
    assert_int_equal(cp_sim_run(deck, &desc, &r, &err), CP_ERR_INVALID);
    desc.holdout = NAN;
    assert_int_equal(cp_sim_run(deck, &desc, &r, &err), CP_ERR_INVALID);
    /* Too few withheld for a proxy: the message says how many. */
    desc.holdout = 0.05;
    assert_int_equal(cp_sim_run(deck, &desc, &r, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "proxy needs"));
    desc.holdout = 0.0;
    desc.memorisation = 1.5;
    assert_int_equal(cp_sim_run(deck, &desc, &r, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "memorisation"));
    cp_deck *empty = cp_deck_new();
    desc.memorisation = 0.0;
    assert_int_equal(cp_sim_run(empty, &desc, &r, &err), CP_ERR_INVALID);
    cp_deck_free(empty);
    cp_deck_free(deck);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(deterministic_and_summed),
                 cmocka_unit_test(answerer_sees_the_protocol),
                 cmocka_unit_test(always_right_gets_ready),
                 cmocka_unit_test(never_studies),
                 cmocka_unit_test(answerer_error_stops),
                 cmocka_unit_test(reserve_keeps_mocks_fresh),
                 cmocka_unit_test(projection_recorded),
                 cmocka_unit_test(bad_settings_refused),
             })
