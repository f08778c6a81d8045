/* The FSRS-6 optimizer's pieces: training items from a log (one per review
 * with a positive gap, same-day reviews kept inside the history, ordered by
 * day then log order), the TSV reader and every bad-input error, the
 * parameter clamps, pre-training (each S0 minimises its loss; missing
 * ratings filled by fsrs-rs's rule; small groups filtered out), the
 * hand-written gradient against finite differences, the outcomes for too
 * little data, determinism, progress and cancelling, and
 * `cloudprep fsrs-optimize` reading the learner's own database when stdin
 * is a terminal. The fit against fsrs-rs and the recovery of known
 * parameters are tests/cli/fsrs_optimize.sh. */
#define _XOPEN_SOURCE 700
#include "cp_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if CP_TEST_POSIX
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include "cloudprep/fsrs_opt.h"
#include "cloudprep/platform.h"
#include "cloudprep/store.h"

static const double DEFAULT_W[CP_FSRS_WEIGHTS] = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
    0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
    1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

/* A file of tests/fixtures/fsrs-optimize, NUL-terminated. */
static char *read_file(const char *name, size_t *size)
{
    char rel[256];
    snprintf(rel, sizeof rel, "fsrs-optimize/%s", name);
    return (char *)cp_test_read_file(cp_test_fixture_path(rel), size);
}

static cp_fsrs_opt_log *load_log(const char *name)
{
    size_t size;
    char *text = read_file(name, &size);
    cp_fsrs_opt_log *log = cp_fsrs_opt_log_new();
    cp_error err = {0};
    assert_int_equal(cp_fsrs_opt_log_parse(log, text, size, &err), CP_OK);
    free(text);
    return log;
}

/* ---- items ----------------------------------------------------------------- */

static void items_from_a_log(void **state)
{
    (void)state;
    /* Three cards interleaved: same-day reviews stay inside the history and
     * make no item; a card seen once makes none. */
    const cp_fsrs_opt_review log[] = {
        {7, 10, 3}, {9, 10, 1}, {9, 10, 3}, {7, 12, 3}, {9, 11, 1},
        {9, 11, 3}, {5, 11, 4}, {7, 12, 2}, {9, 15, 3}, {7, 13, 3},
    };
    cp_fsrs_opt_items it;
    assert_int_equal(cp_fsrs_opt_items_build(log, 10, &it, NULL), CP_OK);
    /* steps: card 5, then 7, then 9, each in log order, gap in days */
    const cp_fsrs_opt_step want[] = {
        {0, 4}, {0, 3}, {2, 3}, {0, 2}, {1, 3}, {0, 1}, {0, 3}, {1, 1}, {0, 3}, {4, 3},
    };
    assert_int_equal(it.n_steps, 10);
    for (size_t k = 0; k < 10; k++) {
        assert_int_equal(it.steps[k].delta_t, want[k].delta_t);
        assert_int_equal(it.steps[k].rating, want[k].rating);
    }
    /* by the day of the last review: card 9 day 11, card 7 day 12, card 7
     * day 13 (its same-day review of day 12 inside), card 9 day 15 */
    const cp_fsrs_opt_item items[] = {{5, 3}, {1, 2}, {1, 4}, {5, 5}};
    assert_int_equal(it.n_items, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(it.items[i].first, items[i].first);
        assert_int_equal(it.items[i].len, items[i].len);
    }
    cp_fsrs_opt_items_free(&it);

    /* Same day: the log's order decides. */
    const cp_fsrs_opt_review tie[] = {{2, 0, 3}, {1, 0, 3}, {1, 3, 3}, {2, 3, 1}};
    assert_int_equal(cp_fsrs_opt_items_build(tie, 4, &it, NULL), CP_OK);
    assert_int_equal(it.n_items, 2);
    assert_int_equal(it.items[0].first, 0);     /* card 1 (steps 0-1), line 3 */
    assert_int_equal(it.items[1].first, 2);     /* card 2 (steps 2-3), line 4 */
    cp_fsrs_opt_items_free(&it);

    /* Nothing in, nothing out. */
    assert_int_equal(cp_fsrs_opt_items_build(NULL, 0, &it, NULL), CP_OK);
    assert_int_equal(it.n_items, 0);
    cp_fsrs_opt_items_free(&it);
}

static void bad_reviews(void **state)
{
    (void)state;
    cp_error err = {0};
    cp_fsrs_opt_items it;
    const cp_fsrs_opt_review rating5[] = {{1, 0, 3}, {1, 2, 5}};
    assert_int_equal(cp_fsrs_opt_items_build(rating5, 2, &it, &err), CP_ERR_INVALID);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.message, "rating 5"));
    const cp_fsrs_opt_review rating0[] = {{1, 0, 0}};
    assert_int_equal(cp_fsrs_opt_items_build(rating0, 1, &it, &err), CP_ERR_INVALID);
    assert_int_equal(err.line, 1);
    /* a day going backwards: the later review in the log is named */
    const cp_fsrs_opt_review back[] = {{1, 5, 3}, {2, 1, 3}, {2, 0, 3}, {1, 4, 3}};
    assert_int_equal(cp_fsrs_opt_items_build(back, 4, &it, &err), CP_ERR_INVALID);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.message, "before the card's previous review"));
    cp_fsrs_opt_result res;
    assert_int_equal(cp_fsrs_opt_fit(back, 4, NULL, &res, &err), CP_ERR_INVALID);
    cp_fsrs_opt_eval ev;
    assert_int_equal(cp_fsrs_opt_evaluate(rating5, 2, DEFAULT_W, &ev, &err), CP_ERR_INVALID);
    double nan_w[CP_FSRS_WEIGHTS];
    memcpy(nan_w, DEFAULT_W, sizeof nan_w);
    nan_w[9] = NAN;
    const cp_fsrs_opt_review ok[] = {{1, 0, 3}, {1, 2, 3}};
    assert_int_equal(cp_fsrs_opt_evaluate(ok, 2, nan_w, &ev, &err), CP_ERR_INVALID);
}

/* ---- the TSV reader ---------------------------------------------------- */

static void expect_parse_error(const char *text, uint32_t line, const char *words)
{
    cp_fsrs_opt_log *log = cp_fsrs_opt_log_new();
    cp_error err = {0};
    assert_int_equal(cp_fsrs_opt_log_parse(log, text, strlen(text), &err), CP_ERR_INVALID);
    if (err.line != line || !strstr(err.message, words)) {
        print_error("%s: line %u '%s', expected line %u '%s'\n", text, (unsigned)err.line,
                    err.message, (unsigned)line, words);
        fail();
    }
    cp_fsrs_opt_log_free(log);
}

static void tsv_reader(void **state)
{
    (void)state;
    /* Columns in any order, others ignored, CRLF and blank lines taken. */
    const char *text = "\xEF\xBB\xBFrating\tnote\tcard_id\tday\r\n3\tx\tq1\t100\r\n\r\n1\t\tq2\t100\n"
                       "3\ty\tq1\t104\n4\tz\tq1\t104\n";
    cp_fsrs_opt_log *log = cp_fsrs_opt_log_new();
    assert_int_equal(cp_fsrs_opt_log_parse(log, text, strlen(text), NULL), CP_OK);
    size_t n;
    const cp_fsrs_opt_review *r = cp_fsrs_opt_log_reviews(log, &n);
    assert_int_equal(n, 4);
    assert_int_equal(cp_fsrs_opt_log_cards(log), 2);
    assert_int_equal(r[0].card, r[2].card);
    assert_true(r[0].card != r[1].card);
    assert_int_equal(r[2].day, 104);
    assert_int_equal(r[3].rating, 4);
    /* a card's review on the day of its last one is fine; before is not */
    cp_error err = {0};
    assert_int_equal(cp_fsrs_opt_log_add(log, "q1", 104, 3, &err), CP_OK);
    assert_int_equal(cp_fsrs_opt_log_add(log, "q1", 103, 3, &err), CP_ERR_INVALID);
    assert_int_equal(cp_fsrs_opt_log_add_clamped(log, "q1", 103, 3, &err), CP_OK);
    r = cp_fsrs_opt_log_reviews(log, &n);
    assert_int_equal(r[n - 1].day, 104);
    assert_int_equal(cp_fsrs_opt_log_add(log, "q3", 1, 0, &err), CP_ERR_INVALID);
    assert_int_equal(cp_fsrs_opt_log_add(log, "", 1, 3, &err), CP_ERR_INVALID);
    cp_fsrs_opt_log_free(log);

    expect_parse_error("", 1, "header");
    expect_parse_error("card\tday\trating\nq\t1\t3\n", 1, "card_id, day and rating");
    expect_parse_error("card_id day rating\n", 1, "card_id, day and rating");
    expect_parse_error("card_id\tday\trating\tday\n", 1, "twice");
    expect_parse_error("card_id\tday\trating\nq\t1\t3\nq\t2\t5\n", 3, "rating '5'");
    expect_parse_error("card_id\tday\trating\nq\t1\t3.0\n", 2, "rating '3.0'");
    expect_parse_error("card_id\tday\trating\nq\t1\n", 2, "2 tab-separated fields");
    expect_parse_error("card_id\tday\trating\nq\t1\t3\t4\n", 2, "4 tab-separated fields");
    expect_parse_error("card_id\tday\trating\nq\tmonday\t3\n", 2, "day 'monday'");
    expect_parse_error("card_id\tday\trating\nq\t99999999999\t3\n", 2, "not a whole number");
    expect_parse_error("card_id\tday\trating\n\t1\t3\n", 2, "empty card_id");
    expect_parse_error("card_id\tday\trating\na\t5\t3\nb\t1\t3\n\na\t4\t3\n", 5,
                       "day 4 of card 'a' is before its previous review on day 5");
    cp_fsrs_opt_log_free(NULL);
}

/* ---- clamps ------------------------------------------------------------------ */

static void clamps(void **state)
{
    (void)state;
    static const double lo[CP_FSRS_WEIGHTS] = {
        0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
        0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
    };
    static const double hi[CP_FSRS_WEIGHTS] = {
        100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
        5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8,
    };
    double w[CP_FSRS_WEIGHTS];
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        w[i] = -1000.0;
    cp_fsrs_opt_clip(w, 1, false);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        assert_true(w[i] == lo[i]);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        w[i] = -1000.0;
    cp_fsrs_opt_clip(w, 1, true);
    assert_true(w[19] == 0.01);      /* short-term on keeps some same-day decay */
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        w[i] = 1000.0;
    cp_fsrs_opt_clip(w, 1, true);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        assert_true(w[i] == hi[i]);
    /* The defaults are inside every range, even with two relearning steps. */
    memcpy(w, DEFAULT_W, sizeof w);
    cp_fsrs_opt_clip(w, 2, true);
    assert_memory_equal(w, DEFAULT_W, sizeof w);
    /* Several relearning steps cap w17 and w18 so that same-day growth
     * cannot undo a lapse: w17 w18 <= -(ln w11 + ln(2^w13 - 1) + 0.3 w14)/n,
     * from the unclamped w11, w13, w14, and never below sqrt(0.01). */
    memcpy(w, DEFAULT_W, sizeof w);
    w[11] = 0.5, w[13] = 0.3, w[14] = 0.4, w[17] = 1.9, w[18] = 1.9;
    double cap = sqrt(-(log(0.5) + log(pow(2.0, 0.3) - 1.0) + 0.3 * 0.4) / 3.0);
    cp_fsrs_opt_clip(w, 3, true);
    assert_true(fabs(w[17] - cap) < 1e-12 && fabs(w[18] - cap) < 1e-12);
    w[11] = 5.0, w[13] = 0.9, w[14] = 4.0, w[17] = 1.0;
    cp_fsrs_opt_clip(w, 2, true);
    assert_true(fabs(w[17] - 0.1) < 1e-12);
    /* As Rust's clamp: an infinity goes to its bound, NaN stays NaN (the
     * fit reports it as diverged). */
    memcpy(w, DEFAULT_W, sizeof w);
    w[3] = INFINITY, w[8] = -INFINITY, w[12] = NAN, w[17] = NAN;
    cp_fsrs_opt_clip(w, 2, true);
    assert_true(w[3] == 100.0 && w[8] == 0.0 && isnan(w[12]) && isnan(w[17]));
}

/* ---- pre-training ------------------------------------------------------------ */

/* For rating g: 60 cards seen again after 1 day, 60 after 3, 30 after 7,
 * passing at the given rates; each card's first review rated g. */
static size_t first_reviews(cp_fsrs_opt_review *out, uint32_t *card, int g, int cards_scale,
                            const double pass[3])
{
    static const int gaps[3] = {1, 3, 7}, counts[3] = {60, 60, 30};
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        int count = counts[k] * cards_scale / 10;
        int passed = (int)lround(pass[k] * count);
        for (int c = 0; c < count; c++) {
            out[n++] = (cp_fsrs_opt_review){*card, 0, (uint8_t)g};
            out[n++] = (cp_fsrs_opt_review){*card, gaps[k], (uint8_t)(c < passed ? 3 : 1)};
            (*card)++;
        }
    }
    return n;
}

/* fsrs-rs's pre-training loss for one first rating (the test's own
 * transcription of parameter_initialization.rs). */
static double s0_loss(const cp_fsrs_opt_review *r, size_t n, int g, double avg, double s)
{
    double decay = -(double)0.1542f, factor = pow(0.9, 1.0 / decay) - 1.0;
    double loss = fabs(s - (double)(float)DEFAULT_W[g - 1]) / 16.0;
    for (int gap = 1; gap <= 7; gap++) {
        double cnt = 0, pass = 0;
        for (size_t i = 1; i < n; i += 2)
            if (r[i - 1].rating == g && r[i].day == gap) {
                cnt++;
                pass += r[i].rating > 1;
            }
        if (!cnt)
            continue;
        double recall = (pass + avg) / (cnt + 1.0);
        double y = pow(gap / s * factor + 1.0, decay);
        loss += -(recall * log(y) + (1 - recall) * log(1 - y)) * cnt;
    }
    return loss;
}

static void pretraining(void **state)
{
    (void)state;
    cp_fsrs_opt_review *r = malloc(4 * 300 * sizeof *r);
    uint32_t card = 0;
    size_t n = 0;
    const double pass[4][3] = {
        {0.55, 0.35, 0.2}, {0.8, 0.6, 0.45}, {0.93, 0.85, 0.75}, {0.98, 0.95, 0.92},
    };
    for (int g = 1; g <= 4; g++)
        n += first_reviews(r + n, &card, g, 10, pass[g - 1]);
    cp_fsrs_opt_items it;
    assert_int_equal(cp_fsrs_opt_items_build(r, n, &it, NULL), CP_OK);
    assert_int_equal(it.n_items, 600);
    double s0[4];
    assert_true(cp_fsrs_opt_pretrain(&it, s0));
    double avg = 0;
    for (size_t i = 1; i < n; i += 2)
        avg += r[i].rating > 1;
    avg = (double)(float)(avg / (double)(n / 2));
    for (int g = 1; g <= 4; g++) {
        /* the ternary search found the minimum of the loss */
        double at = s0_loss(r, n, g, avg, s0[g - 1]);
        assert_true(at <= s0_loss(r, n, g, avg, s0[g - 1] * 1.001) + 1e-9);
        assert_true(at <= s0_loss(r, n, g, avg, s0[g - 1] * 0.999) + 1e-9);
        if (g > 1)
            assert_true(s0[g - 1] > s0[g - 2]);
    }
    cp_fsrs_opt_items_free(&it);

    /* Rating 4 with 15 cards: fewer than 20, the whole group is dropped as
     * outliers and S0(4) is filled from S0(2) and S0(3) (fsrs-rs's
     * geometric rule with 0.54); S0(1..3) stay the same. */
    card = 0;
    n = 0;
    for (int g = 1; g <= 4; g++)
        n += first_reviews(r + n, &card, g, g == 4 ? 1 : 10, pass[g - 1]);
    assert_int_equal(cp_fsrs_opt_items_build(r, n, &it, NULL), CP_OK);
    double s0b[4];
    assert_true(cp_fsrs_opt_pretrain(&it, s0b));
    float w2 = 0.54f;
    float want4 = powf((float)s0b[1], 1.0f - 1.0f / w2) * powf((float)s0b[2], 1.0f / w2);
    assert_true(fabs(s0b[3] - want4) <= 1e-5 * want4);
    cp_fsrs_opt_items_free(&it);

    /* Only rating 3 known: all four are the defaults scaled alike. */
    card = 0;
    n = first_reviews(r, &card, 3, 10, pass[2]);
    assert_int_equal(cp_fsrs_opt_items_build(r, n, &it, NULL), CP_OK);
    assert_true(cp_fsrs_opt_pretrain(&it, s0b));
    for (int g = 0; g < 4; g++)
        assert_true(fabs(s0b[g] / s0b[2] - DEFAULT_W[g] / DEFAULT_W[2]) < 1e-5);
    cp_fsrs_opt_items_free(&it);

    /* Too few first intervals to trust: no data left. */
    card = 0;
    n = first_reviews(r, &card, 3, 1, pass[2]);
    assert_int_equal(cp_fsrs_opt_items_build(r, n, &it, NULL), CP_OK);
    assert_false(cp_fsrs_opt_pretrain(&it, s0b));
    cp_fsrs_opt_items_free(&it);
    free(r);
}

/* ---- the gradient --------------------------------------------------------------- */

static void gradient_matches_finite_differences(void **state)
{
    (void)state;
    cp_fsrs_opt_log *log = load_log("short.tsv");
    size_t n;
    const cp_fsrs_opt_review *r = cp_fsrs_opt_log_reviews(log, &n);
    cp_fsrs_opt_items it;
    assert_int_equal(cp_fsrs_opt_items_build(r, n, &it, NULL), CP_OK);
    /* at the defaults and at a point away from them, every branch used:
     * same-day reviews, lapses, Hard and Easy */
    double points[2][CP_FSRS_WEIGHTS];
    memcpy(points[0], DEFAULT_W, sizeof points[0]);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        points[1][i] = DEFAULT_W[i] * (1.0 + 0.15 * sin(i + 1.0));
    points[1][7] = 0.05;
    for (int p = 0; p < 2; p++) {
        double grad[CP_FSRS_WEIGHTS];
        double loss = cp_fsrs_opt_loss(&it, points[p], grad);
        assert_true(isfinite(loss) && loss > 0);
        for (int i = 0; i < CP_FSRS_WEIGHTS; i++) {
            double w[CP_FSRS_WEIGHTS];
            double h = 1e-6 * fmax(fabs(points[p][i]), 0.01);
            memcpy(w, points[p], sizeof w);
            w[i] += h;
            double up = cp_fsrs_opt_loss(&it, w, NULL);
            w[i] -= 2 * h;
            double down = cp_fsrs_opt_loss(&it, w, NULL);
            double numeric = (up - down) / (2 * h);
            double tol = 1e-4 * fmax(fabs(numeric), 1.0);
            if (fabs(numeric - grad[i]) > tol) {
                print_error("point %d w%d: analytic %.9g, numeric %.9g\n", p, i, grad[i], numeric);
                fail();
            }
        }
    }
    cp_fsrs_opt_items_free(&it);
    cp_fsrs_opt_log_free(log);
}

/* ---- fitting ---------------------------------------------------------------------- */

typedef struct progress_log {
    size_t calls, last, total;
    size_t stop_after;
    bool increasing;
} progress_log;

static bool on_progress(void *ctx, size_t done, size_t total)
{
    progress_log *p = ctx;
    if (done <= p->last || done > total)
        p->increasing = false;
    p->calls++;
    p->last = done;
    p->total = total;
    return p->stop_after == 0 || p->calls < p->stop_after;
}

static void fit_is_deterministic(void **state)
{
    (void)state;
    cp_fsrs_opt_log *log = load_log("medium.tsv");
    size_t n;
    const cp_fsrs_opt_review *r = cp_fsrs_opt_log_reviews(log, &n);
    for (int on = 0; on <= 1; on++) {
        progress_log p = {.increasing = true};
        cp_fsrs_opt_desc desc = {.short_term = on, .progress = on_progress, .progress_ctx = &p};
        cp_fsrs_opt_result a, b;
        assert_int_equal(cp_fsrs_opt_fit(r, n, &desc, &a, NULL), CP_OK);
        assert_int_equal(a.outcome, CP_FSRS_OPT_FITTED);
        assert_int_equal(a.items, 4310);
        /* progress over 5 epochs of every training item, in order */
        assert_true(p.increasing);
        assert_true(p.calls >= 5);
        assert_int_equal(p.last, p.total);
        assert_int_equal(p.total % 5, 0);
        desc.progress = NULL;
        assert_int_equal(cp_fsrs_opt_fit(r, n, &desc, &b, NULL), CP_OK);
        assert_memory_equal(a.w, b.w, sizeof a.w);
        assert_true(a.fitted_eval.log_loss == b.fitted_eval.log_loss);
        /* better than the defaults on the log it was fitted to */
        assert_true(a.fitted_eval.log_loss < a.default_eval.log_loss);
        assert_true(a.fitted_eval.rmse_bins < a.default_eval.rmse_bins);
        /* evaluating the weights again gives the figures the fit gave */
        cp_fsrs_opt_eval ev;
        assert_int_equal(cp_fsrs_opt_evaluate(r, n, a.w, &ev, NULL), CP_OK);
        assert_true(ev.log_loss == a.fitted_eval.log_loss && ev.items == a.fitted_eval.items);
        /* short-term off: w17-w19 are 0, fitted S0 are the pre-trained ones */
        if (!on) {
            assert_true(a.w[17] == 0.0 && a.w[18] == 0.0 && a.w[19] == 0.0);
            cp_fsrs_opt_items it;
            double s0[4];
            assert_int_equal(cp_fsrs_opt_items_build(r, n, &it, NULL), CP_OK);
            assert_true(cp_fsrs_opt_pretrain(&it, s0));
            for (int g = 0; g < 4; g++)
                assert_true(fabs(a.w[g] - s0[g]) < 1e-6);
            cp_fsrs_opt_items_free(&it);
        } else {
            assert_true(a.w[19] >= 0.01);
        }
        /* every weight inside fsrs-rs's clamps */
        double c[CP_FSRS_WEIGHTS];
        memcpy(c, a.w, sizeof c);
        cp_fsrs_opt_clip(c, 1, on);
        assert_memory_equal(c, a.w, sizeof c);
    }
    /* Cancelled from the progress callback. */
    progress_log p = {.increasing = true, .stop_after = 3};
    cp_fsrs_opt_desc desc = {.progress = on_progress, .progress_ctx = &p};
    cp_fsrs_opt_result res;
    cp_error err = {0};
    assert_int_equal(cp_fsrs_opt_fit(r, n, &desc, &res, &err), CP_ERR_CANCELLED);
    assert_int_equal(p.calls, 3);
    cp_fsrs_opt_log_free(log);
}

static void too_little_data(void **state)
{
    (void)state;
    /* No review at all, and fewer than 8 items: the defaults. */
    cp_fsrs_opt_result res;
    assert_int_equal(cp_fsrs_opt_fit(NULL, 0, NULL, &res, NULL), CP_OK);
    assert_int_equal(res.outcome, CP_FSRS_OPT_DEFAULTS);
    assert_memory_equal(res.w, DEFAULT_W, sizeof res.w);
    assert_int_equal(res.items, 0);
    assert_int_equal(res.fitted_eval.items, 0);
    assert_true(isnan(res.fitted_eval.log_loss));
    const cp_fsrs_opt_review few[] = {{1, 0, 3}, {1, 1, 3}, {1, 4, 3}, {2, 0, 1}, {2, 1, 3}};
    assert_int_equal(cp_fsrs_opt_fit(few, 5, NULL, &res, NULL), CP_OK);
    assert_int_equal(res.outcome, CP_FSRS_OPT_DEFAULTS);
    assert_int_equal(res.items, 3);
    assert_memory_equal(res.w, DEFAULT_W, sizeof res.w);

    /* 40 cards with one first interval each: enough to pre-train S0(3),
     * under 64 items for the rest (fsrs-rs keeps w4-w20 at the defaults,
     * w17-w19 too, whatever short-term says). */
    cp_fsrs_opt_review r[80];
    for (uint32_t c = 0; c < 40; c++) {
        r[2 * c] = (cp_fsrs_opt_review){c, 0, 3};
        r[2 * c + 1] = (cp_fsrs_opt_review){c, 2, (uint8_t)(c % 5 ? 3 : 1)};
    }
    cp_fsrs_opt_desc off = {.short_term = false};
    assert_int_equal(cp_fsrs_opt_fit(r, 80, &off, &res, NULL), CP_OK);
    assert_int_equal(res.outcome, CP_FSRS_OPT_PRETRAINED);
    assert_true(res.w[2] != DEFAULT_W[2]);
    assert_memory_equal(res.w + 4, DEFAULT_W + 4, sizeof(double) * 17);
    assert_int_equal(res.fitted_eval.items, 40);
}

/* ---- the command on the learner's own database ----------------------------------- */

/* Runs cmd (through sh) with a terminal on stdin and its stdout in out.
 * Only where there is a POSIX shell: elsewhere CP_BINARY is not set and the
 * test skips before it gets here. */
static int run_on_tty(const char *cmd, char *out, size_t size)
{
#if !CP_TEST_POSIX
    (void)out;
    (void)size;
    fail_msg("no POSIX shell and pty to run %s", cmd);
    return -1;
#else
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    const char *slave = ptsname(master);
    assert_non_null(slave);
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int tty = open(slave, O_RDWR | O_NOCTTY);
        if (tty < 0 || dup2(tty, 0) < 0 || dup2(pipefd[1], 1) < 0)
            _exit(127);
        close(pipefd[0]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    size_t n = 0;
    ssize_t k;
    while (n + 1 < size && (k = read(pipefd[0], out + n, size - 1 - n)) > 0)
        n += (size_t)k;
    out[n] = '\0';
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    close(master);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
}

static void command_reads_own_log(void **state)
{
    (void)state;
    const char *bin = cp_test_binary();
    const char *dir = cp_test_dir;
    char cmd[1400], out[8192];
    /* No database yet: the defaults, and nothing is created. */
    snprintf(cmd, sizeof cmd, "TZ=UTC '%s' --data-dir '%s/none' fsrs-optimize --json 2>/dev/null", bin, dir);
    assert_int_equal(run_on_tty(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"items\":0,\"outcome\":\"defaults\""));
    snprintf(cmd, sizeof cmd, "%s/none", dir);
    assert_false(cp_platform_exists(cmd));

    /* The short fixture's log written as answers at noon UTC of each day
     * (learning days start at 04:00), the learner's short-term setting on. */
    cp_fsrs_opt_log *log = load_log("short.tsv");
    size_t n;
    const cp_fsrs_opt_review *r = cp_fsrs_opt_log_reviews(log, &n);
    cp_store *store = cp_test_store_open(dir);
    assert_int_equal(cp_store_set_setting(store, "short_term", "1", NULL), CP_OK);
    for (size_t i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "card-%u", (unsigned)r[i].card);
        cp_review rv = {.card_id = id, .at = (cp_time)(20000 + r[i].day) * 86400 + 12 * 3600,
                        .rating = r[i].rating, .chosen = "", .mode = "drill"};
        rv.after.state = CP_STATE_REVIEW;
        rv.after.stability = 1.0;
        rv.after.difficulty = 5.0;
        cp_test_record(store, &rv);
    }
    cp_store_close(store);
    cp_fsrs_opt_desc on = {.short_term = true};
    cp_fsrs_opt_result want;
    assert_int_equal(cp_fsrs_opt_fit(r, n, &on, &want, NULL), CP_OK);

    snprintf(cmd, sizeof cmd, "TZ=UTC '%s' --data-dir '%s' fsrs-optimize --json 2>/dev/null", bin, dir);
    assert_int_equal(run_on_tty(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"outcome\":\"fitted\",\"short_term\":true"));
    const char *p = strstr(out, "\"params\":[");
    assert_non_null(p);
    p += strlen("\"params\":[");
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++) {
        char *end;
        double v = strtod(p, &end);
        assert_true(end != p);
        assert_true(fabs(v - want.w[i]) <= 1e-8 * fmax(fabs(want.w[i]), 1.0));
        p = end + 1;
    }
    char items[64];
    snprintf(items, sizeof items, "\"items\":%zu", want.items);
    assert_non_null(strstr(out, items));
    cp_fsrs_opt_log_free(log);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(items_from_a_log),
                 cmocka_unit_test(bad_reviews),
                 cmocka_unit_test(tsv_reader),
                 cmocka_unit_test(clamps),
                 cmocka_unit_test(pretraining),
                 cmocka_unit_test(gradient_matches_finite_differences),
                 cmocka_unit_test(fit_is_deterministic),
                 cmocka_unit_test(too_little_data),
                 cp_test_in_dir(command_reads_own_log),
             })
