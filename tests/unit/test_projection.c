/* A learner's plan and where it leads, over a real store and the bundled
 * decks: a new learner (no store: the plan, and no projection before the
 * meter has seen any growth), a learner three weeks in (first exposures
 * written to the store, rising with coverage): the same figures twice
 * (determinism), every planned day within the budget, more minutes never
 * fewer cards, held cards never planned, the earliest date at 90% and the
 * day before it, the exam date from the settings; the sentences; and the
 * Study time a day setting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudprep/platform.h"
#include "cloudprep/projection.h"

static const cp_time T0 = 1767614400; /* 2026-01-05 12:00 UTC, a Monday */
static const cp_time DAY = 86400;

static char dir[256];
static cp_deck *deck;
static cp_store *store;
static cp_memory *memories;     /* what the store's learner studied */
static uint8_t *held;

enum { STUDY_DAYS = 21, NEW_A_DAY = 25 };

/* Three weeks of first answers: NEW_A_DAY new cards a day, spread over
 * the tasks, right more often as the learner covers more (30 % to 60 %),
 * each reviewed (Good) whenever due since. Some unseen cards are held
 * back. */
static int setup(void **state)
{
    (void)state;
    if (!cp_platform_temp_dir("projection-test", dir, sizeof dir))
        return -1;
    const char *fixtures = getenv("CP_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/../../decks", fixtures ? fixtures : "tests/fixtures");
    const char *paths[] = {path};
    if (cp_deck_load(paths, 1, &deck, NULL) != CP_OK)
        return -1;
    size_t n = cp_deck_count(deck);
    memories = calloc(n, sizeof *memories);
    held = calloc(n, 1);
    if (!memories || !held || cp_store_open(dir, NULL, &store, NULL) != CP_OK)
        return -1;
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    cp_rng rng;
    cp_rng_seed(&rng, 7);
    if (cp_store_begin(store, NULL) != CP_OK)
        return -1;
    size_t next = 0, stride = 7;    /* 7 is prime to the deck's size: every card once */
    for (int day = 0; day < STUDY_DAYS; day++) {
        cp_time at = T0 - (STUDY_DAYS - day) * DAY;
        for (int k = 0; k < NEW_A_DAY; k++) {
            size_t i = next;
            next = (next + stride) % n;
            double p_right = 0.3 + 0.3 * day / STUDY_DAYS;
            cp_exposure e = {.card_id = cp_deck_card(deck, i)->id, .first_at = at + k * 60,
                             .mode = "drill", .correct = cp_rng_unit(&rng) < p_right};
            if (cp_store_note_exposure(store, &e, NULL) != CP_OK)
                return -1;
            /* Studied then, and reviewed (Good) whenever due since. */
            cp_memory m = {0};
            m = cp_fsrs_next(&params, &m, at + k * 60, CP_GOOD, 0);
            while (m.due < T0)
                m = cp_fsrs_next(&params, &m, m.due, CP_GOOD, 0);
            memories[i] = m;
        }
    }
    if (cp_store_commit(store, NULL) != CP_OK)
        return -1;
    for (size_t i = 0; i < n; i += 9)
        if (memories[i].state == CP_STATE_NEW)
            held[i] = 1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cp_store_close(store);
    cp_deck_free(deck);
    free(memories);
    free(held);
    return cp_platform_remove_tree(dir) ? 0 : -1;
}

static cp_projection *make(const cp_projection_input *in, const cp_projection_desc *desc)
{
    cp_projection *p = malloc(sizeof *p);
    assert_non_null(p);
    cp_error err = {0};
    if (cp_projection_make(in, desc, T0, p, &err) != CP_OK)
        fail_msg("cp_projection_make: %s", err.message);
    return p;
}

static cp_projection_input learner_input(const cp_settings *settings)
{
    return (cp_projection_input){.store = store, .deck = deck, .memories = memories,
                                 .held = held, .settings = settings};
}

/* ---- a new learner --------------------------------------------------------------------- */

static void new_learner(void **state)
{
    (void)state;
    cp_projection_input in = {.deck = deck};
    cp_projection *p = make(&in, NULL);
    /* Six weeks out, half an hour a day: a plan, and no projection yet. */
    assert_int_equal(p->plan.days_left, 42);
    assert_int_equal(p->plan.budget_minutes, CP_PLAN_BUDGET_DEFAULT);
    assert_true(p->plan.by_task);
    assert_true(p->plan.new_per_day_total > 0);
    assert_int_equal(p->plan.planned_total + p->plan.left_out, (int)cp_deck_count(deck));
    assert_true(p->growth_unknown);
    assert_true(p->now.growth_sd > CP_PROJECTION_GROWTH_SD_UNKNOWN);
    cp_projection_text t;
    cp_projection_describe(p, &in.clock, &t);
    assert_non_null(strstr(t.outlook, "Where this plan leads shows once the meter has seen you "
                                      "learn"));
    assert_non_null(strstr(t.outlook, "Today: a pass chance of about "));
    assert_string_equal(t.others, "");
    assert_string_equal(t.ready, "");
    /* Every day within the half hour. */
    assert_int_equal(p->n_days, 42);
    for (size_t k = 0; k < p->n_days; k++)
        assert_true(p->days[k].minutes <= 30.0 + 1e-9);
    free(p);
}

/* ---- a learner three weeks in ------------------------------------------------------------ */

static void same_figures_twice(void **state)
{
    (void)state;
    cp_settings settings;
    cp_settings_default(&settings);
    cp_projection_input in = learner_input(&settings);
    cp_projection *a = make(&in, NULL), *b = make(&in, NULL);
    assert_false(a->growth_unknown);
    assert_true(a->now.growth > 0.0);
    assert_memory_equal(&a->plan, &b->plan, sizeof a->plan);
    assert_true(a->at_exam.pass_probability == b->at_exam.pass_probability);
    assert_int_equal(a->at_exam.predicted_scaled, b->at_exam.predicted_scaled);
    assert_int_equal(a->n_alternatives, b->n_alternatives);
    for (size_t i = 0; i < a->n_alternatives; i++)
        assert_true(a->alternatives[i].pass_probability == b->alternatives[i].pass_probability);
    assert_int_equal(a->ready_found, b->ready_found);
    assert_true(a->ready.date == b->ready.date);
    assert_memory_equal(a->days, b->days, a->n_days * sizeof a->days[0]);
    free(a);
    free(b);
}

static void plan_for_the_learner(void **state)
{
    (void)state;
    cp_settings settings;
    cp_settings_default(&settings);
    cp_projection_input in = learner_input(&settings);
    const cp_projection_desc quick = {.no_ready_search = true};
    cp_projection *p = make(&in, &quick);
    /* What the drill can still introduce: New and not held. */
    int drillable = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++)
        drillable += memories[i].state == CP_STATE_NEW && !held[i];
    int unseen = 0;
    for (int d = 0; d < CP_DOMAINS; d++)
        unseen += p->plan.unseen[d];
    assert_int_equal(unseen, drillable);
    assert_int_equal(p->plan.planned_total + p->plan.left_out, drillable);
    /* The studied cards' reviews are in the load: days are fuller than a
     * new learner's, and never over the budget. */
    int introduced = 0;
    for (size_t k = 0; k < p->n_days; k++) {
        assert_true(p->days[k].minutes <= 30.0 + 1e-9);
        introduced += p->days[k].new_cards;
    }
    assert_int_equal(introduced, p->plan.planned_total);
    assert_true(p->days[0].reviews > 5.0);
    /* Where it leads: above today, since the learner grows with coverage. */
    assert_true(p->at_exam.predicted_scaled > p->now.predicted_scaled);
    assert_true(p->at_exam.pass_probability > p->now.pass_probability);
    assert_int_equal(p->at_exam.new_cards, p->plan.planned_total);
    assert_true(p->at_exam.band_low <= p->at_exam.predicted_scaled &&
                p->at_exam.predicted_scaled <= p->at_exam.band_high);
    /* The other budgets: 45 and 60 minutes, more cards each. */
    assert_int_equal(p->n_alternatives, 2);
    assert_int_equal(p->alternatives[0].budget_minutes, 45);
    assert_int_equal(p->alternatives[1].budget_minutes, 60);
    assert_true(p->alternatives[0].new_cards >= p->plan.planned_total);
    assert_true(p->alternatives[1].new_cards >= p->alternatives[0].new_cards);
    for (size_t i = 0; i < p->n_alternatives; i++)
        assert_true(p->alternatives[i].date == p->plan.exam_date);
    /* Asked for: other budgets, and a budget out of range (clamped). */
    cp_projection_desc desc = {.budget_minutes = 500, .alternatives = {10, 20},
                               .no_ready_search = true};
    cp_projection *q = make(&in, &desc);
    assert_int_equal(q->plan.budget_minutes, CP_PLAN_BUDGET_MAX);
    assert_int_equal(q->n_alternatives, 2);
    assert_int_equal(q->alternatives[0].budget_minutes, 10);
    assert_true(q->alternatives[0].new_cards <= q->alternatives[1].new_cards);
    assert_true(q->plan.planned_total >= p->plan.planned_total);
    free(q);
    /* At the top of the range the others are below it. */
    settings.study_minutes = CP_PLAN_BUDGET_MAX;
    q = make(&in, &quick);
    assert_int_equal(q->alternatives[0].budget_minutes, 105);
    assert_int_equal(q->alternatives[1].budget_minutes, 90);
    free(q);
    free(p);
}

static cp_readiness calibrated(const cp_readiness *now, double coverage_then, double days)
{
    cp_readiness then = *now, out;
    for (int t = 0; t < CP_TASKS; t++)
        then.tasks[t].coverage = coverage_then;
    cp_projection_calibrate(now, &then, days, &out);
    assert_true(out.pass_probability > 0.0 && out.pass_probability < 1.0);
    assert_true(CP_SCALE_MIN <= out.band_low && out.band_low <= out.predicted_scaled &&
                out.predicted_scaled <= out.band_high && out.band_high <= CP_SCALE_MAX);
    assert_true(out.band_low < out.band_high);
    /* The rest is the meter carried. */
    assert_true(out.growth == then.growth && out.expected_raw == then.expected_raw);
    return out;
}

/* The calibration (cp_projection_calibrate): a plan that meets more cards
 * by the date leads higher, in pass chance and score; a learner the meter
 * reads higher today is projected higher; beyond the calibrated days it
 * reads as at them; it is a function of its inputs. */
static void calibration_follows_the_plan(void **state)
{
    (void)state;
    cp_readiness now = {0};
    now.pass_probability = 0.25;
    now.predicted_scaled = 640;
    now.growth = 2.5;
    now.expected_raw = 30.0;
    for (int t = 0; t < CP_TASKS; t++)
        now.tasks[t].coverage = 0.3;
    cp_readiness less = calibrated(&now, 0.5, 30), more = calibrated(&now, 0.9, 30);
    assert_true(more.pass_probability > less.pass_probability);
    assert_true(more.predicted_scaled > less.predicted_scaled);
    cp_readiness stronger = now;
    stronger.pass_probability = 0.6;
    stronger.predicted_scaled = 710;
    cp_readiness s = calibrated(&stronger, 0.5, 30);
    assert_true(s.pass_probability > less.pass_probability);
    assert_true(s.predicted_scaled > less.predicted_scaled);
    cp_readiness edge = calibrated(&now, 0.9, CP_PROJECTION_CALIBRATED_DAYS),
                 far = calibrated(&now, 0.9, CP_PROJECTION_CALIBRATED_DAYS * 2);
    assert_true(edge.pass_probability == far.pass_probability);
    assert_int_equal(edge.band_low, far.band_low);
    cp_readiness again = calibrated(&now, 0.9, 30);
    assert_true(again.pass_probability == more.pass_probability);
    assert_int_equal(again.predicted_scaled, more.predicted_scaled);
    /* In place. */
    cp_readiness then = now;
    for (int t = 0; t < CP_TASKS; t++)
        then.tasks[t].coverage = 0.9;
    cp_projection_calibrate(&now, &then, 30, &then);
    assert_true(then.pass_probability == more.pass_probability);
    assert_int_equal(then.band_high, more.band_high);
}

static void earliest_date_at_90(void **state)
{
    (void)state;
    cp_settings settings;
    cp_settings_default(&settings);
    settings.study_minutes = 60;
    cp_projection_input in = learner_input(&settings);
    cp_projection *p = make(&in, NULL);
    assert_true(p->ready_searched);
    assert_false(p->ready_already);
    cp_projection_text t;
    cp_projection_describe(p, &in.clock, &t);
    if (p->ready_found) {
        assert_true(p->ready.pass_probability >= CP_READY_PASS_PROBABILITY);
        assert_true(p->ready.date > T0);
        assert_non_null(strstr(t.ready, "At 60 minutes a day the pass chance reaches 90% by "));
        /* The day before: not yet. */
        if (p->ready.date - DAY > T0) {
            cp_projection_desc before = {.exam_date = p->ready.date - DAY, .no_ready_search = true};
            cp_projection *b = make(&in, &before);
            assert_true(b->at_exam.pass_probability < CP_READY_PASS_PROBABILITY);
            assert_false(b->ready_searched);
            cp_projection_describe(b, &in.clock, &t);
            assert_string_equal(t.ready, "");
            free(b);
        }
    } else {
        cp_projection_desc year = {.exam_date = T0 + CP_PROJECTION_HORIZON_DAYS * DAY,
                                   .no_ready_search = true};
        cp_projection *b = make(&in, &year);
        assert_true(b->at_exam.pass_probability < CP_READY_PASS_PROBABILITY);
        free(b);
        assert_non_null(strstr(t.ready, "does not reach 90% within six months"));
    }
    free(p);
}

static void exam_date_from_settings(void **state)
{
    (void)state;
    cp_settings settings;
    cp_settings_default(&settings);
    snprintf(settings.exam_date, sizeof settings.exam_date, "2026-02-02");
    cp_projection_input in = learner_input(&settings);
    in.clock = cp_day_fixed_clock(4, 0);
    const cp_projection_desc quick = {.no_ready_search = true};
    cp_projection *p = make(&in, &quick);
    int32_t day;
    assert_true(cp_day_parse("2026-02-02", &day));
    assert_true(p->plan.exam_date == cp_day_begin(&in.clock, day));
    assert_int_equal(p->plan.days_left, 28);    /* Monday noon to Monday 04:00, 4 weeks on */
    char date[32];
    cp_projection_date(&in.clock, p->plan.exam_date, date, sizeof date);
    assert_string_equal(date, "Mon 2 Feb");
    /* A date gone by: six weeks from now. */
    snprintf(settings.exam_date, sizeof settings.exam_date, "2025-12-01");
    free(p);
    p = make(&in, &quick);
    assert_int_equal(p->plan.days_left, 42);
    /* Read from the store when not given. */
    cp_settings stored = settings;
    snprintf(stored.exam_date, sizeof stored.exam_date, "2026-02-16");
    stored.study_minutes = 45;
    assert_int_equal(cp_settings_save(store, &stored, NULL), CP_OK);
    in.settings = NULL;
    free(p);
    p = make(&in, &quick);
    assert_int_equal(p->plan.budget_minutes, 45);
    assert_int_equal(p->plan.days_left, 42);
    /* A date not after now is refused. */
    cp_projection_desc past = {.exam_date = T0};
    cp_error err = {0};
    assert_int_equal(cp_projection_make(&in, &past, T0, p, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "exam date"));
    assert_int_equal(cp_projection_make(NULL, NULL, T0, p, &err), CP_ERR_INVALID);
    cp_settings_default(&stored);
    assert_int_equal(cp_settings_save(store, &stored, NULL), CP_OK);
    free(p);
}

/* ---- words ------------------------------------------------------------------------------- */

static void sentences(void **state)
{
    (void)state;
    cp_day_clock utc = cp_day_fixed_clock(0, 0);
    cp_projection p = {.ready_searched = true};
    p.plan.budget_minutes = 30;
    p.at_exam = (cp_projection_point){.budget_minutes = 30, .date = T0 + 10 * DAY,
                                      .pass_probability = 0.784, .predicted_scaled = 721,
                                      .band_low = 640, .band_high = 800};
    p.n_alternatives = 2;
    p.alternatives[0] = (cp_projection_point){.budget_minutes = 45, .pass_probability = 0.912};
    p.alternatives[1] = (cp_projection_point){.budget_minutes = 60, .pass_probability = 0.9961};
    p.ready_found = true;
    p.ready.date = T0 + 17 * DAY;
    cp_projection_text t;
    cp_projection_describe(&p, &utc, &t);
    assert_string_equal(t.outlook, "If you follow it, on Thu 15 Jan: a pass chance of about 78%, "
                                   "a scaled score of about 721 (likely 640 to 800).");
    assert_string_equal(t.others, "With 45 minutes a day: about 91%; with 60 minutes a day: "
                                  "over 99%.");
    assert_string_equal(t.ready, "At 30 minutes a day the pass chance reaches 90% by Thu 22 Jan.");
    /* Below today's reading: said why. */
    p.now.pass_probability = 0.83;
    cp_projection_describe(&p, &utc, &t);
    assert_string_equal(t.outlook, "If you follow it, on Thu 15 Jan: a pass chance of about 78%, "
                                   "a scaled score of about 721 (likely 640 to 800). That is "
                                   "below today's: a reading this high weeks ahead tends to "
                                   "settle a little by the date.");
    p.now.pass_probability = 0.0;
    p.ready_found = false;
    p.at_exam.pass_probability = 0.001;
    p.n_alternatives = 0;
    cp_projection_describe(&p, &utc, &t);
    assert_non_null(strstr(t.outlook, "a pass chance of under 1%,"));
    assert_string_equal(t.others, "");
    assert_string_equal(t.ready, "At 30 minutes a day the pass chance does not reach 90% within "
                                 "six months.");
    p.ready_already = true;
    cp_projection_describe(&p, &utc, &t);
    assert_string_equal(t.ready, "Your pass chance is already 90% or more.");
    /* Dates on the clock's learning days. */
    char date[32];
    cp_projection_date(&utc, 1767571200, date, sizeof date);   /* 2026-01-05 00:00 */
    assert_string_equal(date, "Mon 5 Jan");
    cp_day_clock four = cp_day_fixed_clock(4, 0);
    cp_projection_date(&four, 1767571200 + 3600, date, sizeof date);  /* 01:00: the day before */
    assert_string_equal(date, "Sun 4 Jan");
}

/* The setting behind the budget: default, range, steps, its row. */
static void study_time_setting(void **state)
{
    (void)state;
    cp_settings s;
    cp_settings_default(&s);
    assert_int_equal(s.study_minutes, 30);
    char v[64];
    cp_settings_value(&s, CP_SETTING_STUDY_MINUTES, v, sizeof v);
    assert_string_equal(v, "30 min a day");
    assert_string_equal(cp_settings_label(CP_SETTING_STUDY_MINUTES), "Study time a day");
    assert_non_null(strstr(cp_settings_help(CP_SETTING_STUDY_MINUTES), "study plan"));
    /* The streak's goal says it is a different thing. */
    assert_non_null(strstr(cp_settings_help(CP_SETTING_GOAL), "Study time a day"));
    cp_settings_step(&s, CP_SETTING_STUDY_MINUTES, +1, T0);
    assert_int_equal(s.study_minutes, 35);
    for (int i = 0; i < 40; i++)
        cp_settings_step(&s, CP_SETTING_STUDY_MINUTES, +1, T0);
    assert_int_equal(s.study_minutes, CP_PLAN_BUDGET_MAX);
    for (int i = 0; i < 40; i++)
        cp_settings_step(&s, CP_SETTING_STUDY_MINUTES, -1, T0);
    assert_int_equal(s.study_minutes, CP_PLAN_BUDGET_MIN);
    /* Stored, and a hand-edited value clamped when read back. */
    s.study_minutes = 55;
    assert_int_equal(cp_settings_save(store, &s, NULL), CP_OK);
    cp_settings back;
    assert_int_equal(cp_settings_load(store, &back, NULL), CP_OK);
    assert_int_equal(back.study_minutes, 55);
    assert_int_equal(cp_store_set_setting(store, "study_minutes", "999", NULL), CP_OK);
    assert_int_equal(cp_settings_load(store, &back, NULL), CP_OK);
    assert_int_equal(back.study_minutes, CP_PLAN_BUDGET_MAX);
    cp_settings_default(&s);
    assert_int_equal(cp_settings_save(store, &s, NULL), CP_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_learner),
        cmocka_unit_test(same_figures_twice),
        cmocka_unit_test(plan_for_the_learner),
        cmocka_unit_test(calibration_follows_the_plan),
        cmocka_unit_test(earliest_date_at_90),
        cmocka_unit_test(exam_date_from_settings),
        cmocka_unit_test(sentences),
        cmocka_unit_test(study_time_setting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
