/* FSRS-6 against ts-fsrs 5: the reference vectors in tests/fixtures/fsrs
 * (written by tools/fsrs-vectors/gen.mjs, fuzz off) replayed review by
 * review, stability, difficulty and retrievability to 1e-5 relative and
 * every interval and due time exactly; then the learning and relearning
 * steps, the fuzz band and its determinism, the ordering of the four
 * answers, the forgetting curve and the parameter clamps. */
#include "cp_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/fsrs.h"

static const cp_time T0 = 1767571200; /* 2026-01-05 00:00 UTC */
static const cp_time DAY = 86400;

static void assert_close(double got, double want, const char *what, int line)
{
    double tol = 1e-5 * fmax(fabs(want), 1e-9);
    if (fabs(got - want) > tol) {
        print_error("line %d: %s %.12g, ts-fsrs %.12g\n", line, what, got, want);
        fail();
    }
}

static void parse_steps(const char *text, uint32_t *steps, size_t *n)
{
    *n = 0;
    while (*text && *text != '\n' && *n < CP_FSRS_MAX_STEPS) {
        char *end;
        unsigned long v = strtoul(text, &end, 10);
        if (end == text)
            break;
        steps[(*n)++] = (uint32_t)v;
        text = *end == ',' ? end + 1 : end;
    }
}

/* Replays one vector file; returns the number of reviews checked. */
static int replay_vectors(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "fsrs/%s", name);
    FILE *f = fopen(cp_test_fixture_path(rel), "r");
    assert_non_null(f);
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    p.enable_fuzz = false;
    char buf[512];
    int line = 0, checked = 0;
    long long card = -1;
    cp_memory m = {0};
    while (fgets(buf, sizeof buf, f)) {
        line++;
        if (strncmp(buf, "#@ ", 3) == 0) {
            char key[64];
            int off = 0;
            assert_int_equal(sscanf(buf + 3, "%63s %n", key, &off), 1);
            const char *val = buf + 3 + off;
            if (strcmp(key, "retention") == 0)
                p.desired_retention = atof(val);
            else if (strcmp(key, "maximum_interval") == 0)
                p.maximum_interval = atoi(val);
            else if (strcmp(key, "short_term") == 0)
                p.enable_short_term = atoi(val) != 0;
            else if (strcmp(key, "learning_steps_s") == 0)
                parse_steps(val, p.learning_steps_s, &p.n_learning_steps);
            else if (strcmp(key, "relearning_steps_s") == 0)
                parse_steps(val, p.relearning_steps_s, &p.n_relearning_steps);
            continue;
        }
        if (buf[0] == '#' || buf[0] == '\n')
            continue;
        long long c, at, due; /* Unix times after 2038: not a long on Windows */
        int rating, state, step, sched;
        unsigned reps, lapses;
        double r, s, d;
        int got = sscanf(buf, "%lld %lld %d %lf %d %d %u %u %lf %lf %d %lld", &c, &at, &rating, &r,
                         &state, &step, &reps, &lapses, &s, &d, &sched, &due);
        assert_int_equal(got, 12);
        if (c != card) {
            card = c;
            memset(&m, 0, sizeof m);
        }
        if (r < 0) {
            assert_int_equal(m.state, CP_STATE_NEW);
        } else {
            assert_close(cp_fsrs_retrievability(&p, &m, at), r, "retrievability", line);
        }
        m = cp_fsrs_next(&p, &m, at, (cp_rating)rating, 12345);
        assert_close(m.stability, s, "stability", line);
        assert_close(m.difficulty, d, "difficulty", line);
        if (m.scheduled_days != sched || m.due != due || m.state != state ||
            m.step != step || m.reps != reps || m.lapses != lapses) {
            print_error("line %d: got days %d due %lld state %d step %d reps %u lapses %u\n", line,
                        m.scheduled_days, (long long)m.due, m.state, m.step, m.reps, m.lapses);
            fail();
        }
        assert_int_equal(m.last_review, at);
        checked++;
    }
    fclose(f);
    return checked;
}

static void vectors_long_term(void **state)
{
    (void)state;
    assert_true(replay_vectors("long_term.tsv") >= 300);
}

static void vectors_short_term(void **state)
{
    (void)state;
    assert_true(replay_vectors("short_term.tsv") >= 300);
}

static void vectors_retention_85_max_180(void **state)
{
    (void)state;
    assert_true(replay_vectors("r85_max180.tsv") >= 300);
}

static cp_fsrs_params short_term_params(void)
{
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    p.enable_short_term = true;
    p.enable_fuzz = false;
    return p;
}

static void learning_steps(void **state)
{
    (void)state;
    cp_fsrs_params p = short_term_params();
    cp_memory m = {0};
    cp_time t = T0 + 9 * 3600;
    cp_memory out[4];
    cp_fsrs_preview(&p, &m, t, 0, out);
    /* New: Again 1m step 0, Hard 6m (the mean of 1m and 10m, rounded),
     * Good 10m step 1, all Learning; Easy graduates. */
    assert_int_equal(out[0].state, CP_STATE_LEARNING);
    assert_int_equal(out[0].due - t, 60);
    assert_int_equal(out[0].step, 0);
    assert_int_equal(out[1].due - t, 360);
    assert_int_equal(out[1].step, 0);
    assert_int_equal(out[2].due - t, 600);
    assert_int_equal(out[2].step, 1);
    assert_int_equal(out[3].state, CP_STATE_REVIEW);
    assert_true(out[3].scheduled_days >= 1);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(out[i].reps, 1);
        assert_int_equal(out[i].last_review, t);
    }
    /* Good at step 1 (past the last step) graduates to Review. */
    m = out[2];
    t += 600;
    cp_memory g = cp_fsrs_next(&p, &m, t, CP_GOOD, 0);
    assert_int_equal(g.state, CP_STATE_REVIEW);
    assert_int_equal(g.step, 0);
    assert_true(g.scheduled_days >= 1);
    /* Again at step 1 goes back to step 0, Hard stays on step 1. */
    cp_memory a = cp_fsrs_next(&p, &m, t, CP_AGAIN, 0);
    assert_int_equal(a.state, CP_STATE_LEARNING);
    assert_int_equal(a.step, 0);
    assert_int_equal(a.due - t, 60);
    cp_memory h = cp_fsrs_next(&p, &m, t, CP_HARD, 0);
    assert_int_equal(h.step, 1);
    assert_int_equal(h.due - t, 360);
    assert_int_equal(a.lapses, 0);

    /* A lapse: Review -> Relearning 10m with lapses + 1, then Good back to
     * Review; Hard in relearning is 15m (1.5 x the only step). */
    t = g.due + 3600;
    cp_memory l = cp_fsrs_next(&p, &g, t, CP_AGAIN, 0);
    assert_int_equal(l.state, CP_STATE_RELEARNING);
    assert_int_equal(l.lapses, 1);
    assert_int_equal(l.due - t, 600);
    assert_int_equal(l.scheduled_days, 0);
    assert_true(l.stability < g.stability);
    cp_memory lh = cp_fsrs_next(&p, &l, t + 600, CP_HARD, 0);
    assert_int_equal(lh.state, CP_STATE_RELEARNING);
    assert_int_equal(lh.due - (t + 600), 900);
    cp_memory lg = cp_fsrs_next(&p, &l, t + 600, CP_GOOD, 0);
    assert_int_equal(lg.state, CP_STATE_REVIEW);
    assert_int_equal(lg.lapses, 1);

    /* No steps: everything goes straight to Review. */
    p.n_learning_steps = 0;
    p.n_relearning_steps = 0;
    cp_memory z = {0};
    cp_fsrs_preview(&p, &z, t, 0, out);
    for (int i = 0; i < 4; i++)
        assert_int_equal(out[i].state, CP_STATE_REVIEW);
    cp_memory zl = cp_fsrs_next(&p, &g, t, CP_AGAIN, 0);
    assert_int_equal(zl.state, CP_STATE_REVIEW);
    assert_int_equal(zl.lapses, 1);

    /* Short-term off: no steps at all, every answer is a Review. */
    cp_fsrs_default_params(&p);
    p.enable_fuzz = false;
    cp_fsrs_preview(&p, &z, t, 0, out);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(out[i].state, CP_STATE_REVIEW);
        assert_int_equal(out[i].lapses, 0);
    }
}

static void ordering(void **state)
{
    (void)state;
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    /* Long-term: again < hard < good < easy, strictly, fuzz on or off, for
     * many cards and seeds. */
    for (int fuzz = 0; fuzz < 2; fuzz++) {
        p.enable_fuzz = fuzz;
        for (int k = 0; k < 300; k++) {
            cp_memory m = {0};
            cp_time t = T0;
            uint64_t seed = cp_fsrs_fuzz_seed("card", (uint32_t)k);
            for (int i = 0; i < 1 + k % 7; i++) {
                m = cp_fsrs_next(&p, &m, t, (cp_rating)(1 + (k + i) % 4), seed + (uint64_t)i);
                t = m.due + (k % 3) * DAY;
            }
            cp_memory out[4];
            cp_fsrs_preview(&p, &m, t, seed, out);
            for (int i = 0; i < 3; i++)
                assert_true(out[i].scheduled_days < out[i + 1].scheduled_days);
        }
    }
    /* Short-term on, Review card: hard <= good < easy. */
    p = short_term_params();
    p.enable_fuzz = true;
    for (int k = 0; k < 300; k++) {
        cp_memory m = {.state = CP_STATE_REVIEW, .stability = 0.5 + k, .difficulty = 1 + k % 10,
                       .last_review = T0, .reps = 3, .due = T0 + DAY};
        cp_memory out[4];
        cp_fsrs_preview(&p, &m, T0 + (1 + k % 40) * DAY, (uint64_t)k * 7919, out);
        assert_true(out[1].scheduled_days <= out[2].scheduled_days);
        assert_true(out[2].scheduled_days < out[3].scheduled_days);
    }
}

static void fuzz_band_and_determinism(void **state)
{
    (void)state;
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    cp_fsrs_params nofuzz = p;
    nofuzz.enable_fuzz = false;
    int32_t lo, hi;
    /* The band: 2.5..7 days 15 %, 7..20 10 %, beyond 5 %, plus one day. */
    cp_fsrs_fuzz_range(10.0, 0.0, 36500, &lo, &hi);
    assert_int_equal(lo, 8);    /* delta = 1 + 0.675 + 0.3 = 1.975 */
    assert_int_equal(hi, 12);
    cp_fsrs_fuzz_range(100.0, 0.0, 36500, &lo, &hi);
    assert_int_equal(lo, 93);   /* delta = 1 + 0.675 + 1.3 + 4 = 6.975 */
    assert_int_equal(hi, 107);
    cp_fsrs_fuzz_range(100.0, 0.0, 90, &lo, &hi);
    assert_int_equal(hi, 90);
    cp_fsrs_fuzz_range(10.0, 9.0, 36500, &lo, &hi);
    assert_int_equal(lo, 10);   /* past the days already waited */

    int spread_seen = 0;
    for (int k = 0; k < 2000; k++) {
        cp_memory m = {.state = CP_STATE_REVIEW, .stability = 0.2 + k * 0.37,
                       .difficulty = 5, .last_review = T0, .reps = 4, .due = T0 + DAY};
        cp_time now = T0 + (k % 20) * DAY;
        char id[32];
        snprintf(id, sizeof id, "d%d-card", k);
        uint64_t seed = cp_fsrs_fuzz_seed(id, m.reps);
        cp_memory plain = cp_fsrs_next(&nofuzz, &m, now, CP_GOOD, seed);
        cp_memory a = cp_fsrs_next(&p, &m, now, CP_GOOD, seed);
        cp_memory b = cp_fsrs_next(&p, &m, now, CP_GOOD, seed);
        /* Same seed, same interval: undo and re-answer cannot reroll. */
        assert_int_equal(a.scheduled_days, b.scheduled_days);
        assert_same_memory(&a, &b);
        assert_true(a.stability == plain.stability);
        int32_t ivl = plain.scheduled_days;
        if (ivl < 3) {
            /* Below 2.5 days there is no fuzz. */
            assert_int_equal(a.scheduled_days, ivl);
            continue;
        }
        cp_fsrs_fuzz_range(ivl, (double)(k % 20), p.maximum_interval, &lo, &hi);
        assert_in_range(a.scheduled_days, lo, hi);
        if (a.scheduled_days != ivl)
            spread_seen++;
    }
    assert_true(spread_seen > 500);
    /* Another review count gives another seed. */
    assert_true(cp_fsrs_fuzz_seed("x", 1) != cp_fsrs_fuzz_seed("x", 2));
    assert_true(cp_fsrs_fuzz_seed("x", 1) != cp_fsrs_fuzz_seed("y", 1));
    assert_true(cp_fsrs_fuzz_seed("x", 1) == cp_fsrs_fuzz_seed("x", 1));
}

static void forgetting_curve(void **state)
{
    (void)state;
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    /* R(S, S) = 0.9 for any S: stability is the 90 % interval. */
    for (double s = 0.5; s < 5000; s *= 3.1)
        assert_true(fabs(cp_fsrs_forgetting_curve(&p, s, s) - 0.9) < 2e-8);
    assert_true(cp_fsrs_forgetting_curve(&p, 0, 3) == 1.0);
    /* Values from ts-fsrs forgetting_curve(default_w, t, s). */
    assert_true(fabs(cp_fsrs_forgetting_curve(&p, 10, 2.3065) - 0.77436692) < 1e-8);
    assert_true(fabs(cp_fsrs_forgetting_curve(&p, 1, 10) - 0.98568241) < 1e-8);
    assert_true(fabs(cp_fsrs_forgetting_curve(&p, 100, 10) - 0.69282664) < 1e-8);
    /* Monotone decreasing in t, increasing in S. */
    double prev = 1.0;
    for (int t = 1; t < 400; t++) {
        double r = cp_fsrs_forgetting_curve(&p, t, 7.0);
        assert_true(r < prev && r > 0.0);
        prev = r;
    }
    assert_true(cp_fsrs_forgetting_curve(&p, 5, 8) > cp_fsrs_forgetting_curve(&p, 5, 4));
    /* The interval at 0.9 retention is S (rounded); lower retention, longer. */
    assert_int_equal(cp_fsrs_interval(&p, 10.0), 10);
    p.desired_retention = 0.8;
    assert_true(cp_fsrs_interval(&p, 10.0) > 10);
    p.maximum_interval = 15;
    assert_int_equal(cp_fsrs_interval(&p, 1000.0), 15);
    assert_int_equal(cp_fsrs_interval(&p, 0.01), 1);

    /* Retrievability of a card: whole days since the last review; New: 0. */
    cp_fsrs_default_params(&p);
    cp_memory m = {0};
    assert_true(cp_fsrs_retrievability(&p, &m, T0) == 0.0);
    m = (cp_memory){.state = CP_STATE_REVIEW, .stability = 10, .difficulty = 5,
                    .last_review = T0, .due = T0 + 10 * DAY, .reps = 2};
    assert_true(cp_fsrs_retrievability(&p, &m, T0 + 10 * DAY) == 0.9);
    assert_true(cp_fsrs_retrievability(&p, &m, T0 + 10 * DAY + DAY - 1) == 0.9);
    assert_true(cp_fsrs_retrievability(&p, &m, T0 - DAY) == 1.0);
}

static void clamps(void **state)
{
    (void)state;
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    double w[CP_FSRS_WEIGHTS];
    cp_fsrs_clip_weights(&p, w);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        assert_true(w[i] == p.w[i]);  /* the defaults are inside every range */
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        p.w[i] = 1000.0;
    cp_fsrs_clip_weights(&p, w);
    assert_true(w[0] == 100.0 && w[3] == 100.0);
    assert_true(w[4] == 10.0 && w[7] == 0.75 && w[9] == 0.8 && w[12] == 0.25);
    assert_true(w[16] == 6.0 && w[17] == 2.0 && w[19] == 0.8 && w[20] == 0.8);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        p.w[i] = -1000.0;
    p.w[5] = NAN;
    cp_fsrs_clip_weights(&p, w);
    assert_true(w[0] == 0.001 && w[4] == 1.0 && w[5] == 0.001 && w[16] == 1.0);
    assert_true(w[19] == 0.0 && w[20] == 0.1);
    p.enable_short_term = true;
    cp_fsrs_clip_weights(&p, w);
    assert_true(w[19] == 0.01);
    /* Two relearning steps cap w17 and w18 so same-day growth cannot undo
     * a lapse (ts-fsrs: sqrt of the bound, 8 decimals). */
    cp_fsrs_default_params(&p);
    p.n_relearning_steps = 2;
    p.w[17] = p.w[18] = 2.0;
    cp_fsrs_clip_weights(&p, w);
    double bound = -(log(p.w[11]) + log(pow(2.0, p.w[13]) - 1.0) + p.w[14] * 0.3) / 2.0;
    assert_true(fabs(w[17] - sqrt(bound)) < 1e-8);
    assert_true(w[17] == w[18]);

    /* Difficulty stays in 1..10 and stability in 0.001..36500 whatever the
     * answers. */
    cp_fsrs_default_params(&p);
    p.enable_fuzz = false;
    for (int r = CP_AGAIN; r <= CP_EASY; r++) {
        cp_memory m = {0};
        cp_time t = T0;
        for (int i = 0; i < 60; i++) {
            m = cp_fsrs_next(&p, &m, t, (cp_rating)r, 0);
            assert_true(m.difficulty >= 1.0 && m.difficulty <= 10.0);
            assert_true(m.stability >= 0.001 && m.stability <= 36500.0);
            /* The ordering rule (good > hard, easy > good) may push past
             * the maximum by a day or two at the cap, as in ts-fsrs. */
            assert_true(m.scheduled_days >= 1 && m.scheduled_days <= 36500 + 3);
            t = m.due;
        }
    }
    /* Zero retention and interval mean the defaults; a bad rating changes
     * nothing. */
    cp_fsrs_default_params(&p);
    p.enable_fuzz = false;
    cp_fsrs_params zero = p;
    zero.desired_retention = 0;
    zero.maximum_interval = 0;
    cp_memory m = {0};
    cp_memory a = cp_fsrs_next(&p, &m, T0, CP_EASY, 0);
    cp_memory b = cp_fsrs_next(&zero, &m, T0, CP_EASY, 0);
    assert_same_memory(&a, &b);
    cp_memory c = cp_fsrs_next(&p, &a, T0 + DAY, (cp_rating)7, 0);
    assert_same_memory(&a, &c);
}

static void first_answers(void **state)
{
    (void)state;
    /* The first answer sets S0 = w[g-1] and D0 = w4 - e^(w5 (g-1)) + 1. */
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    p.enable_fuzz = false;
    cp_memory z = {0}, out[4];
    cp_fsrs_preview(&p, &z, T0, 0, out);
    for (int g = 0; g < 4; g++) {
        assert_true(out[g].stability == p.w[g]);
        double d0 = p.w[4] - exp(g * p.w[5]) + 1.0;
        assert_true(fabs(out[g].difficulty - fmin(fmax(d0, 1.0), 10.0)) < 1e-8);
    }
    assert_int_equal(out[0].scheduled_days, 1);
    assert_int_equal(out[1].scheduled_days, 2);
    assert_int_equal(out[2].scheduled_days, 3);
    assert_int_equal(out[3].scheduled_days, 8);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(vectors_long_term),
                 cmocka_unit_test(vectors_short_term),
                 cmocka_unit_test(vectors_retention_85_max_180),
                 cmocka_unit_test(first_answers),
                 cmocka_unit_test(learning_steps),
                 cmocka_unit_test(ordering),
                 cmocka_unit_test(fuzz_band_and_determinism),
                 cmocka_unit_test(forgetting_curve),
                 cmocka_unit_test(clamps),
             })
