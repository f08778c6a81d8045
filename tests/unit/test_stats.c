/* The stats figures: heatmap window and kept days, the 30-day forecast
 * (overdue lands on today), cards by state, true retention (due reviews
 * only), per-domain accuracy, mock scores, the whole set from a history,
 * and `cloudprep stats --json` over a real progress database. */
#include "cp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/learner.h"
#include "cloudprep/platform.h"
#include "cloudprep/stats.h"

static const cp_time DAY = 86400;

static cp_memory due_at(cp_time due, uint8_t state)
{
    cp_memory m = {0};
    m.state = state;
    m.due = due;
    m.last_review = due - 3 * DAY;
    m.stability = 3;
    m.difficulty = 5;
    return m;
}

static void heatmap_window(void **state)
{
    (void)state;
    int32_t today = 1000;
    cp_day_record days[4] = {
        {.day = today - CP_STATS_DAYS, .reviews = 50, .seconds = 3600},  /* one day too old */
        {.day = today - CP_STATS_DAYS + 1, .reviews = 5, .correct = 4, .seconds = 1000,
         .due = 5},
        {.day = today - 1, .due = 0, .fresh = 0, .work_known = true},    /* nothing to do */
        {.day = today, .reviews = 3, .correct = 3, .seconds = 120, .due = 9},
    };
    cp_stats_day out[CP_STATS_DAYS];
    cp_stats_heatmap(days, 4, today, 15, out);
    assert_int_equal(out[0].day, today - CP_STATS_DAYS + 1);
    assert_int_equal(out[CP_STATS_DAYS - 1].day, today);
    assert_int_equal(out[0].reviews, 5);
    assert_int_equal(out[0].correct, 4);
    assert_int_equal(out[0].seconds, 1000);
    assert_true(out[0].kept);                    /* 16 minutes: goal met */
    assert_true(out[CP_STATS_DAYS - 2].kept);    /* empty day */
    assert_int_equal(out[CP_STATS_DAYS - 2].reviews, 0);
    assert_false(out[CP_STATS_DAYS - 1].kept);   /* 2 minutes, 9 due */
    assert_int_equal(out[CP_STATS_DAYS - 1].seconds, 120);
    int32_t total = 0;
    for (int k = 0; k < CP_STATS_DAYS; k++) {
        total += out[k].reviews;
        assert_int_equal(out[k].day, today - CP_STATS_DAYS + 1 + k);
    }
    assert_int_equal(total, 8);                  /* the old day is outside */
    assert_false(out[5].kept);                   /* no record: not kept */
}

static void forecast_counts(void **state)
{
    (void)state;
    cp_day_clock clock = cp_day_fixed_clock(4, 0);
    int32_t today = 500;
    cp_time start = cp_day_begin(&clock, today);
    cp_memory m[7] = {
        due_at(start - 10 * DAY, CP_STATE_REVIEW),          /* overdue: today */
        due_at(start + 3600, CP_STATE_LEARNING),            /* today */
        due_at(start + DAY - 1, CP_STATE_REVIEW),           /* today's last second */
        due_at(start + DAY, CP_STATE_REVIEW),               /* tomorrow */
        due_at(start + 29 * DAY + 5, CP_STATE_RELEARNING),  /* day 29 */
        due_at(start + 30 * DAY, CP_STATE_REVIEW),          /* outside */
        {0},                                                /* New: never due */
    };
    int32_t f[CP_STATS_FORECAST_DAYS];
    cp_stats_forecast(m, 7, &clock, today, f, CP_STATS_FORECAST_DAYS);
    assert_int_equal(f[0], 3);
    assert_int_equal(f[1], 1);
    assert_int_equal(f[29], 1);
    int32_t sum = 0;
    for (int k = 0; k < CP_STATS_FORECAST_DAYS; k++)
        sum += f[k];
    assert_int_equal(sum, 5);

    int32_t by[4];
    cp_stats_states(m, 7, by);
    assert_int_equal(by[CP_STATE_NEW], 1);
    assert_int_equal(by[CP_STATE_LEARNING], 1);
    assert_int_equal(by[CP_STATE_REVIEW], 4);
    assert_int_equal(by[CP_STATE_RELEARNING], 1);
}

static cp_log_entry entry(int64_t id, int32_t card, cp_time at, int rating, uint8_t state,
                          cp_time due)
{
    cp_log_entry e = {.id = id, .card = card, .at = at, .rating = (uint8_t)rating,
                      .duration_ms = 10000};
    e.before = due_at(due, state);
    e.after = due_at(at + 5 * DAY, CP_STATE_REVIEW);
    return e;
}

static void true_retention_counts_due_reviews(void **state)
{
    (void)state;
    cp_day_clock clock = cp_day_fixed_clock(0, 0);
    cp_time t = 100 * DAY;
    cp_log_entry log[7] = {
        entry(1, 0, t + 3600, CP_GOOD, CP_STATE_REVIEW, t - DAY),       /* due, right */
        entry(2, 1, t + 3600, CP_AGAIN, CP_STATE_REVIEW, t),            /* due, wrong */
        entry(3, 2, t + 3600, CP_HARD, CP_STATE_REVIEW, t + 20 * 3600), /* due later today: due */
        entry(4, 3, t + 3600, CP_GOOD, CP_STATE_REVIEW, t + 2 * DAY),   /* early: not counted */
        entry(5, 4, t + 3600, CP_AGAIN, CP_STATE_LEARNING, t),          /* a step: not counted */
        entry(6, 5, t + 3600, CP_GOOD, CP_STATE_NEW, 0),                /* first sight */
        entry(7, 6, t - 40 * DAY, CP_AGAIN, CP_STATE_REVIEW, t - 41 * DAY), /* too old */
    };
    int32_t due, right;
    cp_stats_retention(log, 7, &clock, t - 30 * DAY, &due, &right);
    assert_int_equal(due, 3);
    assert_int_equal(right, 2);
    cp_stats_retention(log, 7, &clock, 0, &due, &right);
    assert_int_equal(due, 4);
    assert_int_equal(right, 2);
    cp_stats_retention(log, 0, &clock, 0, &due, &right);
    assert_int_equal(due, 0);
}

/* Three flashcards, in domains 1, 3 and 4. */
static const cp_test_card_spec small_cards[3] = {
    {"s-d1", "1.1", "flashcard", "easy"},
    {"s-d3", "3.1", "flashcard", "medium"},
    {"s-d4", "4.1", "flashcard", "hard"},
};

static void accuracy_and_mocks(void **state)
{
    (void)state;
    cp_deck *deck = cp_test_deck_of(small_cards, 3);
    cp_time t = 100 * DAY;
    cp_log_entry log[5] = {
        entry(1, 0, t, CP_GOOD, CP_STATE_REVIEW, t),
        entry(2, 0, t, CP_AGAIN, CP_STATE_REVIEW, t),
        entry(3, 1, t, CP_EASY, CP_STATE_REVIEW, t),
        entry(4, -1, t, CP_GOOD, CP_STATE_REVIEW, t),   /* not in the deck */
        entry(5, 2, t - 50 * DAY, CP_GOOD, CP_STATE_REVIEW, t),
    };
    cp_memory mem[3] = {{0}};
    cp_history h = {.deck = deck, .n_cards = 3, .memory = mem, .log = log, .n_log = 5};
    int32_t answered[CP_DOMAINS], correct[CP_DOMAINS];
    cp_stats_accuracy(&h, t - 30 * DAY, answered, correct);
    assert_int_equal(answered[0], 2);
    assert_int_equal(correct[0], 1);
    assert_int_equal(answered[1], 0);
    assert_int_equal(answered[2], 1);
    assert_int_equal(correct[2], 1);
    assert_int_equal(answered[3], 0);            /* too old */
    cp_stats_accuracy(&h, 0, answered, correct);
    assert_int_equal(answered[3], 1);

    cp_history_attempt a[6] = {
        {.id = 1, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_SUBMITTED, .finished_at = 10,
         .scaled_score = 650, .time_limit_s = 5400},
        {.id = 2, .kind = CP_HISTORY_DIAGNOSTIC, .status = CP_ATTEMPT_SUBMITTED},
        {.id = 3, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_ABANDONED},
        {.id = 4, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_TIMED_OUT, .finished_at = 30,
         .scaled_score = 700, .time_limit_s = 5400},
        {.id = 5, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_SUBMITTED, .finished_at = 40,
         .scaled_score = 810, .time_limit_s = 1200},
        {.id = 6, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_IN_PROGRESS},
    };
    cp_stats_mock m[4];
    assert_int_equal(cp_stats_mocks(a, 6, m, 4), 3);
    assert_int_equal(m[0].scaled, 650);
    assert_false(m[0].passed);
    assert_true(m[1].passed);                    /* 700 is a pass */
    assert_int_equal(m[1].at, 30);
    assert_true(m[1].full);
    assert_false(m[2].full);                     /* a 20-minute form */
    /* Only the latest are kept when there are more than fit. */
    assert_int_equal(cp_stats_mocks(a, 6, m, 2), 2);
    assert_int_equal(m[0].id, 4);
    assert_int_equal(m[1].id, 5);
    cp_deck_free(deck);
}

static void everything_from_a_history(void **state)
{
    (void)state;
    cp_deck *deck = cp_test_deck_of(small_cards, 3);
    cp_settings set;
    cp_settings_default(&set);
    set.day_start_hour = 0;
    set.new_per_day = 0;
    cp_game_desc desc = {.settings = &set};
    int32_t today = 20000;
    cp_time t = today * DAY;
    /* Two days of 20 minutes (yesterday and today). */
    cp_log_entry log[2] = {
        entry(1, 0, t - DAY + 600, CP_GOOD, CP_STATE_REVIEW, t - DAY),
        entry(2, 1, t + 600, CP_AGAIN, CP_STATE_REVIEW, t),
    };
    log[0].duration_ms = log[1].duration_ms = 20 * 60 * 1000;
    cp_memory mem[3] = {due_at(t + 2 * DAY, CP_STATE_REVIEW), due_at(t + 600, CP_STATE_RELEARNING),
                        {0}};
    mem[0].last_review = t - DAY + 600;
    cp_history_attempt a[1] = {{.id = 1, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_SUBMITTED,
                                .finished_at = t, .scaled_score = 760, .time_limit_s = 5400}};
    cp_history h = {.deck = deck, .n_cards = 3, .memory = mem, .log = log, .n_log = 2,
                    .attempts = a, .n_attempts = 1};
    cp_game_record rec = {.xp = 450};
    cp_stats *s = calloc(1, sizeof *s);
    assert_int_equal(cp_stats_compute(&h, &rec, &desc, 0, t + 3600, s, NULL), CP_OK);
    assert_int_equal(s->today, today);
    assert_int_equal(s->days[CP_STATS_DAYS - 1].day, today);
    assert_int_equal(s->first_weekday, cp_day_weekday(today - CP_STATS_DAYS + 1));
    assert_int_equal(s->days[CP_STATS_DAYS - 1].reviews, 1);
    assert_int_equal(s->days[CP_STATS_DAYS - 2].seconds, 1200);
    assert_int_equal(s->streak.current, 2);
    assert_true(s->streak.today_kept);
    assert_int_equal(s->level.level, 3);
    assert_int_equal(s->forecast[0], 1);
    assert_int_equal(s->forecast[2], 1);
    assert_int_equal(s->n_mocks, 1);
    assert_int_equal(s->mocks[0].scaled, 760);
    assert_int_equal(s->pass_line, 700);
    assert_int_equal(s->target_line, 750);
    assert_int_equal(s->due_reviews, 2);
    assert_int_equal(s->due_right, 1);
    assert_true(s->true_retention > 0.49 && s->true_retention < 0.51);
    assert_true(s->desired_retention > 0.899 && s->desired_retention < 0.901);
    assert_int_equal(s->answered[0], 1);
    assert_int_equal(s->correct[2], 0);
    assert_true(s->accuracy[0] > 0.99);
    assert_int_equal(s->domain_cards[3], 1);
    assert_int_equal(s->domain_seen[3], 0);
    assert_true(s->mastery[0] > 0.9);            /* one card, reviewed a day ago */
    assert_true(s->mastery[3] == 0.0);
    assert_int_equal(s->by_state[CP_STATE_NEW], 1);
    assert_int_equal(s->cards, 3);
    assert_int_equal(s->total_seconds, 2400);
    assert_false(s->has_plan);
    free(s);
    cp_deck_free(deck);
}

/* ---- the command over a real store ------------------------------------------ */

static void command_json(void **state)
{
    (void)state;
    const char *bin = cp_test_binary();
    const char *dir = cp_test_dir;
    char decks[300];
    snprintf(decks, sizeof decks, "%s/decks", dir);
    assert_int_equal(cp_platform_mkdir(decks), 0);
    cp_test_text text = {0};
    cp_test_cards(&text, small_cards, 3);
    cp_test_write_file(cp_test_path("decks/stats.md"), text.s, text.n);
    cp_test_text_free(&text);

    /* Day 20000 (2024-10-04), learning days from 00:00 UTC: answers on two
     * days, a passing mock, and an achievement. */
    cp_store *store = cp_test_store_open(dir);
    assert_int_equal(cp_store_set_setting(store, "day_start_hour", "0", NULL), CP_OK);
    cp_time t = 20000 * DAY;
    for (int d = 0; d < 2; d++) {
        cp_review r = cp_test_review(d ? "s-d3" : "s-d1", t - (1 - d) * DAY + 600, CP_GOOD);
        r.duration_ms = 16 * 60 * 1000;
        r.after = due_at(r.at + 3 * DAY, CP_STATE_REVIEW);
        cp_test_record(store, &r);
    }
    cp_attempt mock = {.kind = "mock", .started_at = t, .status = CP_ATTEMPT_IN_PROGRESS,
                       .time_limit_s = 5400};
    int64_t id;
    assert_int_equal(cp_store_attempt_begin(store, &mock, NULL, 0, &id, NULL), CP_OK);
    mock.status = CP_ATTEMPT_SUBMITTED;
    mock.finished_at = t + 5000;
    mock.scaled_score = 742;
    assert_int_equal(cp_store_attempt_finish(store, id, &mock, NULL), CP_OK);
    cp_game_event e = {.at = t + 5000, .kind = "achievement", .detail = "first-mock"};
    assert_int_equal(cp_store_add_event(store, &e, NULL), CP_OK);
    cp_store_close(store);

    char cmd[1200];
    char *out = malloc(1 << 16);
    snprintf(cmd, sizeof cmd, "TZ=UTC '%s' --data-dir '%s' --decks '%s' stats --json --now %lld",
             bin, dir, decks, (long long)(t + 6000));
    assert_int_equal(cp_test_run(cmd, out, 1 << 16), 0);
    assert_non_null(strstr(out, "\"today\": \"2024-10-04\""));
    assert_non_null(strstr(out, "\"current\": 2"));
    assert_non_null(strstr(out, "{\"date\": \"2024-10-04\", \"reviews\": 1, \"correct\": 1, "
                                "\"seconds\": 960, \"kept\": true}"));
    assert_non_null(strstr(out, "\"scaled\": 742, \"passed\": true, \"full\": true"));
    assert_non_null(strstr(out, "\"lines\": {\"pass\": 700, \"target\": 750}"));
    assert_non_null(strstr(out, "{\"id\": \"first-mock\", \"title\": \"Dress rehearsal\", "
                                "\"earned\": \"2024-10-04\"}"));
    assert_non_null(strstr(out, "\"states\": {\"new\": 1, \"learning\": 0, \"review\": 2"));
    assert_non_null(strstr(out, "\"plan\": null"));
    /* Text: the same figures for a person. */
    snprintf(cmd, sizeof cmd, "TZ=UTC '%s' --data-dir '%s' --decks '%s' stats --now %lld", bin,
             dir, decks, (long long)(t + 6000));
    assert_int_equal(cp_test_run(cmd, out, 1 << 16), 0);
    assert_non_null(strstr(out, "streak 2 days"));
    assert_non_null(strstr(out, "2024-10-04   742"));
    /* Usage errors. */
    snprintf(cmd, sizeof cmd, "'%s' --data-dir '%s' stats --bogus 2>/dev/null", bin, dir);
    assert_int_equal(cp_test_run(cmd, out, 1 << 16), 2);
    free(out);
}

/* ---- over a store with settled days: the same as from the whole log ---------- */

static void load_matches_whole_log(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_deck *deck = cp_test_deck_of(small_cards, 3);
    cp_settings set;
    cp_settings_default(&set);
    set.day_start_hour = 0;
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    cp_game_desc desc = {.settings = &set, .params = &params};
    assert_int_equal(cp_settings_save(store, &set, NULL), CP_OK);
    cp_time t = 0;
    /* 80 days, most with a few answers: far more than the 30-day window,
     * and every day but the last settled by the game. */
    for (int d = 0; d < 80; d++) {
        t = (cp_time)(900 + d) * DAY + 9 * 3600;
        cp_learner *l = NULL;
        assert_int_equal(cp_learner_open(store, deck, &(cp_learner_desc){.fixed_offset = true},
                                         t, &l, NULL, NULL), CP_OK);
        for (int a = 0; d % 5 != 3 && a < 3; a++, t += 400) {
            cp_answer ans = {.card = (size_t)a, .rating = (d + a) % 4 == 0 ? CP_AGAIN : CP_GOOD,
                             .duration_ms = 400000, .mode = CP_MODE_DRILL};
            cp_answer_result res;
            assert_int_equal(cp_learner_answer(l, &ans, t, &res, NULL), CP_OK);
        }
        cp_learner_free(l);
        /* The next day's first read settles this one. */
    }
    cp_stats *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    assert_int_equal(cp_stats_load(store, deck, &desc, t, a, NULL), CP_OK);
    cp_history h;
    cp_game_record rec;
    assert_int_equal(cp_history_load(store, deck, &h, NULL), CP_OK);
    assert_int_equal(cp_game_record_load(store, &rec, NULL), CP_OK);
    assert_true(rec.n_settled >= 79);
    size_t n_settled = rec.n_settled;
    rec.n_settled = 0;          /* the whole log, nothing settled */
    assert_int_equal(cp_stats_compute(&h, &rec, &desc, 0, t, b, NULL), CP_OK);
    rec.n_settled = n_settled;
    assert_int_equal(a->total_reviews, 64 * 3);
    assert_int_equal(a->total_reviews, b->total_reviews);
    assert_int_equal(a->total_seconds, b->total_seconds);
    assert_memory_equal(a->days, b->days, sizeof a->days);
    assert_memory_equal(&a->streak, &b->streak, sizeof a->streak);
    assert_memory_equal(a->answered, b->answered, sizeof a->answered);
    assert_memory_equal(a->correct, b->correct, sizeof a->correct);
    assert_int_equal(a->due_reviews, b->due_reviews);
    assert_true(a->due_reviews > 0);
    assert_int_equal(a->due_right, b->due_right);
    assert_int_equal(a->xp, b->xp);
    assert_memory_equal(a->forecast, b->forecast, sizeof a->forecast);
    cp_game_record_release(&rec);
    cp_history_release(&h);
    free(a);
    free(b);
    cp_deck_free(deck);
    cp_store_close(store);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(heatmap_window),
                 cmocka_unit_test(forecast_counts),
                 cmocka_unit_test(true_retention_counts_due_reviews),
                 cmocka_unit_test(accuracy_and_mocks),
                 cmocka_unit_test(everything_from_a_history),
                 cp_test_in_dir(command_json),
                 cp_test_in_dir(load_matches_whole_log),
             })
