/* The game: XP for quality (hard and overdue cards earn more, Again never
 * costs, a re-answer after undo earns nothing), the level curve, learning
 * days, the daily goal and the streak (freezes earned and used, empty days,
 * the clock going backwards), quiz-round combo and lives, every
 * achievement's trigger, and the app's game over a real store (XP paid
 * once, notes never repeated, achievements stored with their date). */
#include "cp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "cloudprep/game.h"

static const cp_time DAY = 86400;
/* 2023-11-14 22:13:20 UTC; learning days below start at 00:00 UTC. */
static const cp_time T0 = 1700000000;

/* ---- XP ----------------------------------------------------------------- */

static cp_memory review_memory(cp_time due, double interval_days, double difficulty)
{
    cp_memory m = {0};
    m.state = CP_STATE_REVIEW;
    m.due = due;
    m.last_review = due - (cp_time)(interval_days * DAY);
    m.stability = interval_days;
    m.difficulty = difficulty;
    m.reps = 3;
    return m;
}

static void xp_rewards_quality(void **state)
{
    (void)state;
    cp_xp_answer a = {.rating = CP_GOOD, .before = review_memory(T0, 10, 1.0), .at = T0};
    int32_t good = cp_game_answer_xp(&a);
    assert_int_equal(good, CP_XP_GOOD);     /* easiest card, on time: the base */
    a.rating = CP_EASY;
    assert_int_equal(cp_game_answer_xp(&a), CP_XP_EASY);
    a.rating = CP_HARD;
    assert_int_equal(cp_game_answer_xp(&a), CP_XP_HARD);
    a.rating = CP_AGAIN;
    assert_int_equal(cp_game_answer_xp(&a), CP_XP_AGAIN);

    /* A hard card earns more than an easy one for the same answer. */
    a.rating = CP_GOOD;
    a.before = review_memory(T0, 10, 10.0);
    int32_t hard = cp_game_answer_xp(&a);
    assert_int_equal(hard, 15);
    assert_true(hard > good);
    /* An overdue card earns more than one on time: +50 % at a full
     * interval late, no more beyond. */
    a.before = review_memory(T0, 10, 1.0);
    a.at = T0 + 5 * DAY;
    assert_int_equal(cp_game_answer_xp(&a), 13);  /* 10 * 1.25 */
    a.at = T0 + 10 * DAY;
    assert_int_equal(cp_game_answer_xp(&a), 15);
    a.at = T0 + 100 * DAY;
    assert_int_equal(cp_game_answer_xp(&a), 15);
    /* Early (not yet due) is not overdue. */
    a.at = T0 - 3 * DAY;
    assert_int_equal(cp_game_answer_xp(&a), 10);

    /* An honest Again never costs and is never scaled down or up. */
    a.rating = CP_AGAIN;
    a.before = review_memory(T0, 10, 10.0);
    a.at = T0 + 30 * DAY;
    assert_int_equal(cp_game_answer_xp(&a), CP_XP_AGAIN);

    /* New cards weigh by the deck's label. */
    cp_xp_answer n = {.rating = CP_GOOD, .at = T0, .card_difficulty = CP_DIFF_EASY};
    assert_int_equal(cp_game_answer_xp(&n), 10);
    n.card_difficulty = CP_DIFF_MEDIUM;
    assert_int_equal(cp_game_answer_xp(&n), 13);  /* 12.5 rounds up */
    n.card_difficulty = CP_DIFF_HARD;
    assert_int_equal(cp_game_answer_xp(&n), 15);

    /* Same-day learning steps earn half: repetition is not recall. */
    cp_xp_answer l = {.rating = CP_GOOD, .at = T0};
    l.before.state = CP_STATE_LEARNING;
    l.before.difficulty = 1.0;
    assert_int_equal(cp_game_answer_xp(&l), 5);
    l.before.state = CP_STATE_RELEARNING;
    l.rating = CP_HARD;
    assert_int_equal(cp_game_answer_xp(&l), 3);

    /* Nonsense ratings earn nothing. */
    cp_xp_answer bad = {.rating = 7};
    assert_int_equal(cp_game_answer_xp(&bad), 0);
    assert_int_equal(cp_game_answer_xp(NULL), 0);
}

/* ---- levels ------------------------------------------------------------- */

static void level_curve(void **state)
{
    (void)state;
    assert_int_equal(cp_game_level_start(1), 0);
    assert_int_equal(cp_game_level_start(2), 100);
    assert_int_equal(cp_game_level_start(3), 300);
    assert_int_equal(cp_game_level_start(5), 1000);
    assert_int_equal(cp_game_level_start(10), 4500);
    assert_int_equal(cp_game_level_start(20), 19000);
    assert_int_equal(cp_game_level(0).level, 1);
    assert_int_equal(cp_game_level(-5).level, 1);
    assert_int_equal(cp_game_level(99).level, 1);
    assert_int_equal(cp_game_level(100).level, 2);
    assert_int_equal(cp_game_level(299).level, 2);
    assert_int_equal(cp_game_level(300).level, 3);
    cp_level l = cp_game_level(350);
    assert_int_equal(l.level, 3);
    assert_int_equal(l.into, 50);
    assert_int_equal(l.span, 300);
    /* Each level needs 100 XP more than the one before; the level never
     * drops as XP grows; every boundary is exact. */
    int32_t prev = 1;
    for (int64_t xp = 0; xp <= 200000; xp += 7) {
        cp_level v = cp_game_level(xp);
        assert_true(v.level >= prev);
        assert_true(cp_game_level_start(v.level) <= xp);
        assert_true(cp_game_level_start(v.level + 1) > xp);
        assert_true(v.into >= 0 && v.into < v.span);
        prev = v.level;
    }
    for (int32_t L = 1; L < 200; L++) {
        assert_int_equal(cp_game_level_start(L + 2) - 2 * cp_game_level_start(L + 1) +
                             cp_game_level_start(L), 100);
        assert_int_equal(cp_game_level(cp_game_level_start(L)).level, L);
        assert_int_equal(cp_game_level(cp_game_level_start(L + 1) - 1).level, L);
    }
}

/* ---- day records and the streak -------------------------------------------- */

static cp_day_record kept_day(int32_t day)
{
    return (cp_day_record){.day = day, .reviews = 20, .correct = 18, .seconds = 20 * 60,
                           .due = 10, .fresh = 10};
}

static cp_day_record missed_day(int32_t day)
{
    return (cp_day_record){.day = day, .due = 10, .fresh = 10};
}

/* Days first..last kept, each at d[day - 1]. */
static void keep_days(cp_day_record *d, int32_t first, int32_t last)
{
    for (int32_t day = first; day <= last; day++)
        d[day - 1] = kept_day(day);
}

static void goal_and_kept_days(void **state)
{
    (void)state;
    cp_day_record r = {.day = 5, .reviews = 3, .seconds = 14 * 60 + 59, .due = 4};
    assert_false(cp_game_goal_met(&r, 0));       /* 15 minutes by default */
    r.seconds = 15 * 60;
    assert_true(cp_game_goal_met(&r, 0));
    assert_false(cp_game_goal_met(&r, 20));
    r.seconds = 60;
    r.drill_done = true;                         /* or the day's drill finished */
    assert_true(cp_game_goal_met(&r, 20));
    r.drill_done = false;
    r.goal_reported = true;                      /* a goal already announced stays met */
    assert_true(cp_game_goal_met(&r, 60));
    /* Nothing due and nothing new: kept without a single answer... */
    cp_day_record empty = {.day = 6, .work_known = true};
    assert_false(cp_game_goal_met(&empty, 0));
    assert_true(cp_game_day_kept(&empty, 0));
    empty.fresh = 1;
    assert_false(cp_game_day_kept(&empty, 0));
    /* ...but only when the decks held every studied card: with a deck
     * missing, "nothing due" says nothing, and only the goal keeps a day. */
    empty.fresh = 0;
    empty.work_known = false;
    assert_false(cp_game_day_kept(&empty, 0));
}

static void streak_counts_and_pends(void **state)
{
    (void)state;
    cp_day_record d[5] = {kept_day(100), kept_day(101), kept_day(102), missed_day(103),
                          missed_day(104)};
    cp_streak s;
    /* Today (102) kept: 3. */
    cp_game_streak(d, 3, 102, 0, &s);
    assert_int_equal(s.current, 3);
    assert_true(s.today_kept);
    /* Today (103) not yet kept: the streak waits, it is not broken. */
    cp_game_streak(d, 4, 103, 0, &s);
    assert_int_equal(s.current, 3);
    assert_false(s.today_kept);
    /* The next day, 103 was missed with no freeze: broken. */
    cp_game_streak(d, 5, 104, 0, &s);
    assert_int_equal(s.current, 0);
    assert_int_equal(s.best, 3);
    assert_int_equal(s.freezes_used, 0);
    /* Days before the first answer do not count. */
    cp_day_record lead[3] = {missed_day(99), kept_day(100), kept_day(101)};
    lead[0].due = 0;
    lead[0].fresh = 0;
    lead[0].work_known = true;
    cp_game_streak(lead, 3, 101, 0, &s);
    assert_int_equal(s.current, 2);
    /* No answers at all: no streak. */
    cp_day_record none[2] = {missed_day(1), missed_day(2)};
    cp_game_streak(none, 2, 2, 0, &s);
    assert_int_equal(s.current, 0);
    assert_int_equal(s.best, 0);
    /* Records ending before today: the gap is missed days. */
    cp_game_streak(d, 3, 105, 0, &s);
    assert_int_equal(s.current, 0);
}

static void streak_freezes(void **state)
{
    (void)state;
    cp_day_record d[40];
    /* 7 kept days earn a freeze; the missed 8th day uses it and the streak
     * goes on (without counting the frozen day). */
    keep_days(d, 1, 7);
    d[7] = missed_day(8);
    d[8] = kept_day(9);
    cp_streak s;
    cp_game_streak(d, 7, 7, 0, &s);
    assert_int_equal(s.freezes, 1);
    assert_int_equal(s.freezes_earned, 1);
    cp_game_streak(d, 9, 9, 0, &s);
    assert_int_equal(s.current, 8);
    assert_int_equal(s.freezes, 0);
    assert_int_equal(s.freezes_used, 1);
    assert_int_equal(s.last_frozen_day, 8);
    /* Six days earn nothing: a miss breaks it. */
    keep_days(d, 1, 6);
    d[6] = missed_day(7);
    d[7] = kept_day(8);
    cp_game_streak(d, 8, 8, 0, &s);
    assert_int_equal(s.current, 1);
    assert_int_equal(s.freezes_earned, 0);
    /* 35 kept days: five earned chances, but at most two are held. */
    keep_days(d, 1, 35);
    cp_game_streak(d, 35, 35, 0, &s);
    assert_int_equal(s.current, 35);
    assert_int_equal(s.freezes, CP_GAME_MAX_FREEZES);
    assert_int_equal(s.freezes_earned, 2);
    /* Three missed days: two frozen, the third breaks it. */
    d[35] = missed_day(36);
    d[36] = missed_day(37);
    cp_game_streak(d, 37, 37, 0, &s);       /* 37 is today, still open */
    assert_int_equal(s.current, 35);
    assert_int_equal(s.freezes, 1);
    d[37] = missed_day(38);
    d[38] = missed_day(39);
    cp_game_streak(d, 39, 39, 0, &s);
    assert_int_equal(s.current, 0);
    assert_int_equal(s.freezes_used, 2);
    assert_int_equal(s.best, 35);
    /* A used freeze is earned again at the next multiple of seven. */
    keep_days(d, 1, 7);
    d[7] = missed_day(8);
    keep_days(d, 9, 15);
    cp_game_streak(d, 15, 15, 0, &s);
    assert_int_equal(s.current, 14);
    assert_int_equal(s.freezes, 1);
    assert_int_equal(s.freezes_earned, 2);
}

static void streak_empty_days_kept(void **state)
{
    (void)state;
    /* Whole bank seen, nothing due for two days: the streak holds and grows. */
    cp_day_record d[4] = {kept_day(1), {.day = 2, .work_known = true},
                          {.day = 3, .work_known = true}, kept_day(4)};
    cp_streak s;
    cp_game_streak(d, 4, 4, 0, &s);
    assert_int_equal(s.current, 4);
    assert_int_equal(s.freezes_used, 0);
    /* But a day with cards due and nothing done is missed. */
    d[1].due = 3;
    cp_game_streak(d, 4, 4, 0, &s);
    assert_int_equal(s.current, 2);
    /* A day with only new cards available, none taken: missed too. */
    d[1].due = 0;
    d[1].fresh = 5;
    cp_game_streak(d, 4, 4, 0, &s);
    assert_int_equal(s.current, 2);
}

/* A log row for card c answered at `at` with a 20-minute duration (so a
 * single row meets the default goal). */
static cp_log_entry row(int64_t id, int32_t card, cp_time at, int rating, cp_time due_after)
{
    cp_log_entry e = {.id = id, .at = at, .card = card, .duration_ms = 20 * 60 * 1000,
                      .rating = (uint8_t)rating, .mode = CP_MODE_DRILL};
    e.after.state = CP_STATE_REVIEW;
    e.after.due = due_after;
    e.after.last_review = at;
    e.after.stability = 5;
    e.after.difficulty = 5;
    return e;
}

static void days_from_the_log(void **state)
{
    (void)state;
    cp_days_desc dd = {.new_per_day = 2, .reviews_per_day = 0};
    /* Day 10: cards 0 and 1 introduced (the daily limit), due on day 12. */
    cp_time d10 = 10 * DAY;
    cp_log_entry log[6] = {
        row(1, 0, d10 + 3600, CP_GOOD, 12 * DAY + 100),
        row(2, 1, d10 + 7200, CP_AGAIN, 12 * DAY + 100),
        /* Day 12: card 0 done, card 1 not; card 2 introduced. */
        row(3, 0, 12 * DAY + 3600, CP_GOOD, 20 * DAY),
        row(4, 2, 12 * DAY + 3700, CP_GOOD, 20 * DAY),
        /* Day 13: card 1 (overdue) done, card 3 new, card -1 (gone from deck). */
        row(5, 1, 13 * DAY + 3600, CP_HARD, 20 * DAY),
        row(6, -1, 13 * DAY + 3700, CP_GOOD, 20 * DAY),
    };
    log[0].before.state = CP_STATE_NEW;
    cp_day_record r[5];
    assert_int_equal(cp_game_days(log, 6, 4, &dd, 10, r, 5), CP_OK);
    assert_int_equal(r[0].day, 10);
    assert_int_equal(r[0].reviews, 2);
    assert_int_equal(r[0].correct, 1);
    assert_int_equal(r[0].introduced, 2);
    assert_int_equal(r[0].fresh, 2);
    assert_int_equal(r[0].due, 0);
    assert_int_equal(r[0].seconds, 40 * 60);
    assert_true(r[0].drill_done);            /* both new cards taken, nothing due */
    /* Day 11: nothing due, 2 unseen cards available: work left undone. */
    assert_int_equal(r[1].reviews, 0);
    assert_int_equal(r[1].due, 0);
    assert_int_equal(r[1].fresh, 2);
    assert_false(r[1].drill_done);
    assert_false(cp_game_day_kept(&r[1], 0));
    /* Day 12: 2 due, 1 done; 1 new of 2 available: not finished. */
    assert_int_equal(r[2].due, 2);
    assert_int_equal(r[2].due_done, 1);
    assert_int_equal(r[2].introduced, 1);
    assert_false(r[2].drill_done);
    /* Day 13: card 1 still due (overdue) and done; the unknown card counts
     * as an answer only. The last unseen card was not taken. */
    assert_int_equal(r[3].due, 1);
    assert_int_equal(r[3].due_done, 1);
    assert_int_equal(r[3].reviews, 2);
    assert_int_equal(r[3].fresh, 1);
    assert_false(r[3].drill_done);
    /* Reported by the app: finished, whatever the replay says. */
    int32_t reported[] = {12};
    dd.drill_days = reported;
    dd.n_drill_days = 1;
    assert_int_equal(cp_game_days(log, 6, 4, &dd, 10, r, 5), CP_OK);
    assert_true(r[2].drill_done);
    /* A review cap: finishing means answering up to the cap. */
    dd.drill_days = NULL;
    dd.n_drill_days = 0;
    dd.reviews_per_day = 1;
    dd.new_per_day = 1;
    assert_int_equal(cp_game_days(log, 6, 4, &dd, 10, r, 5), CP_OK);
    assert_true(r[2].drill_done);
    /* New cards off: a day with nothing due is empty, so kept. */
    dd.new_per_day = 0;
    assert_int_equal(cp_game_days(log, 6, 4, &dd, 10, r, 5), CP_OK);
    assert_true(cp_game_day_kept(&r[1], 0));
    assert_int_equal(r[4].due, 0);       /* everything due on day 20 */
    /* Starting later replays the earlier rows silently. */
    assert_int_equal(cp_game_days(log, 6, 4, &dd, 12, r, 1), CP_OK);
    assert_int_equal(r[0].due, 2);
    assert_int_equal(r[0].reviews, 2);
}

/* A mock exam's misses are logged (as Again, mode exam) so they return in
 * the drill; they must not count as the day's study: no drill finished, no
 * goal, no cards introduced by studying, yet they move the memory. */
static void exam_misses_are_not_study(void **state)
{
    (void)state;
    cp_days_desc dd = {.new_per_day = 2};
    cp_time d10 = 10 * DAY;
    cp_log_entry log[3] = {
        row(1, 0, d10 + 3600, CP_AGAIN, d10 + 3660),
        row(2, 1, d10 + 3601, CP_AGAIN, d10 + 3660),
        row(3, 2, 11 * DAY + 3600, CP_GOOD, 20 * DAY),      /* day 11: real study */
    };
    log[0].mode = log[1].mode = CP_MODE_EXAM;
    cp_day_record r[2];
    assert_int_equal(cp_game_days(log, 3, 4, &dd, 10, r, 2), CP_OK);
    assert_int_equal(r[0].reviews, 0);
    assert_int_equal(r[0].introduced, 0);
    assert_int_equal(r[0].seconds, 0);
    assert_false(r[0].drill_done);
    assert_false(cp_game_goal_met(&r[0], 0));
    /* Day 11 sees the two missed cards as seen and due (memory moved). */
    assert_int_equal(r[1].due, 2);
    assert_int_equal(r[1].fresh, 2);      /* cards 2 and 3 unseen */
    assert_int_equal(r[1].reviews, 1);
    /* The same rows as drill answers would have finished day 10. */
    log[0].mode = log[1].mode = CP_MODE_DRILL;
    assert_int_equal(cp_game_days(log, 3, 4, &dd, 10, r, 2), CP_OK);
    assert_true(r[0].drill_done);
}

static void clock_backwards_creates_no_day(void **state)
{
    (void)state;
    cp_days_desc dd = {.new_per_day = 5};
    /* Kept days 1..3, then the clock goes back to day 2 and the learner
     * answers on "day 2" again: those rows count on day 3. */
    cp_log_entry log[5] = {
        row(1, 0, 1 * DAY + 100, CP_GOOD, 50 * DAY),
        row(2, 1, 2 * DAY + 100, CP_GOOD, 50 * DAY),
        row(3, 2, 3 * DAY + 100, CP_GOOD, 50 * DAY),
        row(4, 3, 2 * DAY + 500, CP_GOOD, 50 * DAY),
        row(5, 4, 1 * DAY + 500, CP_GOOD, 50 * DAY),
    };
    int32_t when[5];
    cp_game_log_days(log, 5, &dd, when);
    assert_int_equal(when[3], 3);
    assert_int_equal(when[4], 3);
    /* Days replayed from the log: days 1..3 each keep their answers, the
     * two late rows count on day 3, and no day is created for them. */
    cp_day_record r[3];
    assert_int_equal(cp_game_days(log, 5, 10, &dd, 1, r, 3), CP_OK);
    assert_int_equal(r[0].reviews, 1);
    assert_int_equal(r[1].reviews, 1);
    assert_int_equal(r[2].reviews, 3);
    /* A settled boundary is a floor too: rows after it never count on a
     * settled day. */
    dd.floor_day = 5;
    cp_game_log_days(log, 5, &dd, when);
    for (int i = 0; i < 5; i++)
        assert_int_equal(when[i], 5);
}

/* ---- quiz rounds -------------------------------------------------------------- */

static void round_combo_and_lives(void **state)
{
    (void)state;
    cp_round r;
    cp_game_round_begin(&r, NULL);
    assert_int_equal(r.lives, 3);
    assert_int_equal(r.multiplier, 1);
    /* x1 for three right, then x2 for three, x3 for three, x4 from then on. */
    int expect[12] = {100, 100, 100, 200, 200, 200, 300, 300, 300, 400, 400, 400};
    for (int i = 0; i < 12; i++)
        assert_int_equal(cp_game_round_answer(&r, true), expect[i]);
    assert_int_equal(r.score, 3000);
    assert_int_equal(r.combo, 12);
    assert_int_equal(r.best_combo, 12);
    /* A miss: no points, combo reset, a life lost, back to x1. */
    assert_int_equal(cp_game_round_answer(&r, false), 0);
    assert_int_equal(r.combo, 0);
    assert_int_equal(r.lives, 2);
    assert_int_equal(r.multiplier, 1);
    assert_int_equal(cp_game_round_answer(&r, true), 100);
    assert_false(r.over);
    /* Two more misses end the round; answers after that change nothing. */
    cp_game_round_answer(&r, false);
    assert_false(r.over);
    cp_game_round_answer(&r, false);
    assert_true(r.over);
    assert_int_equal(r.lives, 0);
    int64_t score = r.score;
    assert_int_equal(cp_game_round_answer(&r, true), 0);
    assert_int_equal(r.score, score);
    assert_int_equal(r.answered, 16);
    assert_int_equal(r.best_combo, 12);
    assert_false(cp_game_round_perfect(&r, 16));

    /* Custom settings; one life. */
    cp_game_round_begin(&r, &(cp_round_desc){.lives = 1, .points = 10, .combo_step = 2,
                                             .max_multiplier = 2});
    assert_int_equal(cp_game_round_answer(&r, true), 10);
    assert_int_equal(cp_game_round_answer(&r, true), 10);
    assert_int_equal(cp_game_round_answer(&r, true), 20);
    assert_int_equal(cp_game_round_answer(&r, true), 20);
    assert_int_equal(cp_game_round_answer(&r, true), 20);  /* capped at x2 */
    cp_game_round_answer(&r, false);
    assert_true(r.over);

    /* Perfect: every question right, at least five, the round complete. */
    cp_game_round_begin(&r, NULL);
    for (int i = 0; i < 5; i++)
        cp_game_round_answer(&r, true);
    cp_game_round_end(&r);
    assert_true(r.over);
    assert_true(cp_game_round_perfect(&r, 5));
    assert_false(cp_game_round_perfect(&r, 6));   /* time ran out on one */
    cp_game_round_begin(&r, NULL);
    for (int i = 0; i < 4; i++)
        cp_game_round_answer(&r, true);
    assert_false(cp_game_round_perfect(&r, 4));   /* too short to count */
}

/* ---- achievements ------------------------------------------------------------ */

static void achievement_table(void **state)
{
    (void)state;
    assert_true(CP_ACH_COUNT >= 15);
    for (int i = 0; i < CP_ACH_COUNT; i++) {
        const cp_achievement *a = cp_game_achievement(i);
        assert_non_null(a);
        assert_true(a->id && *a->id && a->title && *a->title && a->description);
        assert_true(a->target > 0);
        assert_int_equal(cp_game_achievement_find(a->id), i);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(a->id, cp_game_achievement(j)->id);
        /* Nothing is earned by a new learner. */
        cp_game_summary zero = {0};
        assert_false(cp_game_achievement_met(i, &zero));
    }
    assert_null(cp_game_achievement(-1));
    assert_null(cp_game_achievement(CP_ACH_COUNT));
    assert_int_equal(cp_game_achievement_find("no-such"), -1);
    assert_false(cp_game_achievement_met(CP_ACH_COUNT, &(cp_game_summary){0}));
}

/* Sets the figure one achievement measures to `value`. */
static void set_figure(cp_game_summary *s, int id, int32_t value)
{
    switch (id) {
    case CP_ACH_FIRST_DIAGNOSTIC: s->diagnostics = value; break;
    case CP_ACH_FIRST_DRILL: s->drills_done = value; break;
    case CP_ACH_FIRST_MOCK: s->mocks = value; break;
    case CP_ACH_FIRST_PASS: case CP_ACH_TOP_SCORE: s->best_mock = value; break;
    case CP_ACH_FIVE_750: s->best_run_750 = value; break;
    case CP_ACH_ALL_TASKS: s->tasks_studied = value; break;
    case CP_ACH_BANK_SEEN: s->cards = 200; s->cards_seen = value * 2; break;
    case CP_ACH_MASTER_1: case CP_ACH_MASTER_2: case CP_ACH_MASTER_3: case CP_ACH_MASTER_4:
        s->mastery[id - CP_ACH_MASTER_1] = value / 100.0;
        break;
    case CP_ACH_STREAK_7: case CP_ACH_STREAK_30: case CP_ACH_STREAK_100:
        s->best_streak = value;
        break;
    case CP_ACH_PERFECT_ROUND: s->perfect_rounds = value; break;
    case CP_ACH_COMBO_10: s->best_combo = value; break;
    case CP_ACH_LONG_TERM: s->long_term_cards = value; break;
    case CP_ACH_COMEBACK: s->recovered_cards = value; break;
    default: fail();
    }
}

static void every_achievement_triggers(void **state)
{
    (void)state;
    /* The list, with its thresholds. */
    struct { int id; int32_t at; } expect[] = {
        {CP_ACH_FIRST_DIAGNOSTIC, 1}, {CP_ACH_FIRST_DRILL, 1}, {CP_ACH_FIRST_MOCK, 1},
        {CP_ACH_FIRST_PASS, 700}, {CP_ACH_FIVE_750, 5}, {CP_ACH_TOP_SCORE, 850},
        {CP_ACH_ALL_TASKS, CP_TASKS}, {CP_ACH_BANK_SEEN, 100}, {CP_ACH_MASTER_1, 90},
        {CP_ACH_MASTER_2, 90}, {CP_ACH_MASTER_3, 90}, {CP_ACH_MASTER_4, 90},
        {CP_ACH_STREAK_7, 7}, {CP_ACH_STREAK_30, 30}, {CP_ACH_STREAK_100, 100},
        {CP_ACH_PERFECT_ROUND, 1}, {CP_ACH_COMBO_10, 10}, {CP_ACH_LONG_TERM, 50},
        {CP_ACH_COMEBACK, 25},
    };
    assert_int_equal(sizeof expect / sizeof expect[0], CP_ACH_COUNT);
    for (size_t k = 0; k < CP_ACH_COUNT; k++) {
        int id = expect[k].id;
        cp_game_summary s = {0};
        set_figure(&s, id, expect[k].at - 1);
        assert_false(cp_game_achievement_met(id, &s));
        set_figure(&s, id, expect[k].at);
        assert_true(cp_game_achievement_met(id, &s));
        /* And it triggers only that one (streaks and scores share a figure
         * with their larger siblings, which must stay unmet). */
        for (int other = 0; other < CP_ACH_COUNT; other++) {
            if (other == id || !cp_game_achievement_met(other, &s))
                continue;
            assert_true(cp_game_achievement(other)->target <= expect[k].at);
        }
    }
    /* Mastery exactly at 0.9 counts (no rounding surprise). */
    cp_game_summary s = {0};
    s.mastery[2] = 0.9;
    assert_true(cp_game_achievement_met(CP_ACH_MASTER_3, &s));
    s.mastery[2] = 0.8999;
    assert_false(cp_game_achievement_met(CP_ACH_MASTER_3, &s));
}

/* Three flashcards: two in domain 1, one in domain 2. */
static const cp_test_card_spec small_cards[3] = {
    {"c-d1-a", "1.1", "flashcard", "easy"},
    {"c-d1-b", "1.2", "flashcard", "medium"},
    {"c-d2-a", "2.1", "flashcard", "hard"},
};

static void summary_from_history(void **state)
{
    (void)state;
    cp_deck *deck = cp_test_deck_of(small_cards, 3);
    cp_memory mem[3] = {{0}};
    /* Card 0 (domain 1): just reviewed, stable 40 days, lapsed once. */
    mem[0].state = CP_STATE_REVIEW;
    mem[0].last_review = T0;
    mem[0].due = T0 + 40 * DAY;
    mem[0].stability = 40;
    mem[0].difficulty = 5;
    mem[0].lapses = 1;
    /* Card 2 (domain 2): relearning, recently seen. */
    mem[2].state = CP_STATE_RELEARNING;
    mem[2].last_review = T0;
    mem[2].due = T0 + 600;
    mem[2].stability = 2;
    mem[2].difficulty = 8;
    mem[2].lapses = 2;
    cp_history_attempt att[8] = {
        {.id = 1, .kind = CP_HISTORY_DIAGNOSTIC, .status = CP_ATTEMPT_SUBMITTED},
        {.id = 2, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_SUBMITTED, .scaled_score = 760,
         .time_limit_s = 5400},
        {.id = 3, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_TIMED_OUT, .scaled_score = 780,
         .time_limit_s = 5400},
        {.id = 4, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_ABANDONED, .scaled_score = 0},
        {.id = 5, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_SUBMITTED, .scaled_score = 740},
        {.id = 6, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_SUBMITTED, .scaled_score = 800},
        {.id = 7, .kind = CP_HISTORY_MOCK, .status = CP_ATTEMPT_IN_PROGRESS},
        {.id = 8, .kind = CP_HISTORY_QUIZ, .status = CP_ATTEMPT_SUBMITTED, .scaled_score = 990},
    };
    cp_history h = {.deck = deck, .n_cards = 3, .memory = mem, .attempts = att, .n_attempts = 8};
    cp_game_summary s;
    cp_game_summarize(&h, NULL, T0, &s);
    assert_int_equal(s.diagnostics, 1);
    assert_int_equal(s.mocks, 4);               /* abandoned and open ones do not count */
    assert_int_equal(s.best_mock, 800);         /* a quiz round is not a mock */
    assert_int_equal(s.best_run_750, 2);        /* 760, 780, (abandoned skipped), 740 breaks */
    assert_int_equal(s.cards, 3);
    assert_int_equal(s.cards_seen, 2);
    assert_int_equal(s.tasks_studied, 2);
    assert_int_equal(s.long_term_cards, 1);
    assert_int_equal(s.recovered_cards, 1);     /* the relearning card is not back yet */
    /* Domain 1: one card at R = 1 (just reviewed), one unseen (0): 0.5. */
    assert_true(s.mastery[0] > 0.49 && s.mastery[0] < 0.51);
    assert_true(s.mastery[1] > 0.99);
    assert_true(s.mastery[2] == 0.0 && s.mastery[3] == 0.0);
    /* Forty days on, card 0's recall has decayed below 0.9. */
    cp_game_summarize(&h, NULL, T0 + 40 * DAY, &s);
    assert_true(s.mastery[0] < 0.5 * 0.92);
    /* Five in a row at 750+: the run is found. */
    for (int i = 1; i < 8; i++) {
        att[i].status = CP_ATTEMPT_SUBMITTED;
        att[i].kind = CP_HISTORY_MOCK;
        att[i].scaled_score = 750 + i;
    }
    att[3].scaled_score = 600;
    cp_game_summarize(&h, NULL, T0, &s);
    assert_int_equal(s.best_run_750, 4);
    att[3].scaled_score = 750;
    cp_game_summarize(&h, NULL, T0, &s);
    assert_int_equal(s.best_run_750, 7);
    assert_true(cp_game_achievement_met(CP_ACH_FIVE_750, &(cp_game_summary){.best_run_750 = 7}));
    cp_deck_free(deck);
}

/* ---- the learner's game over a real store ------------------------------------- */

#include "cloudprep/attempt.h"
#include "cloudprep/confusion.h"
#include "cloudprep/learner.h"

typedef cp_test_fixture fixture;
static fixture three = {small_cards, 3, NULL, NULL};

static size_t count_notes(const cp_game_notes *n, cp_note_kind kind)
{
    size_t k = 0;
    for (size_t i = 0; i < n->n; i++)
        k += n->note[i].kind == kind;
    return k;
}

static bool has_achievement(const cp_game_notes *n, int id)
{
    for (size_t i = 0; i < n->n; i++)
        if (n->note[i].kind == CP_NOTE_ACHIEVEMENT && n->note[i].amount == id)
            return true;
    return false;
}

static int64_t stored_xp(fixture *f)
{
    cp_game_record rec;
    assert_int_equal(cp_game_record_load(f->store, &rec, NULL), CP_OK);
    int64_t xp = rec.xp;
    cp_game_record_release(&rec);
    return xp;
}

static void save_settings(fixture *f, const cp_settings *s)
{
    assert_int_equal(cp_settings_save(f->store, s, NULL), CP_OK);
}

static cp_settings utc_settings(void)
{
    cp_settings s;
    cp_settings_default(&s);
    s.day_start_hour = 0;
    s.new_per_day = 3;
    return s;
}

static const cp_learner_desc utc = {.fixed_offset = true, .utc_offset_s = 0};

static cp_learner *open_learner(fixture *f, const cp_deck *deck, cp_time now, cp_game_notes *notes)
{
    cp_learner *l = NULL;
    cp_error err = {0};
    if (cp_learner_open(f->store, deck, &utc, now, &l, notes, &err) != CP_OK)
        fail_msg("cp_learner_open: %s", err.message);
    return l;
}

static cp_answer_result answer(cp_learner *l, const cp_deck *deck, const char *id, int rating,
                               cp_time at, int seconds)
{
    long c = cp_deck_find(deck, id);
    assert_true(c >= 0);
    cp_answer a = {.card = (size_t)c, .rating = rating, .duration_ms = seconds * 1000,
                   .mode = CP_MODE_DRILL};
    cp_answer_result r;
    cp_error err = {0};
    if (cp_learner_answer(l, &a, at, &r, &err) != CP_OK)
        fail_msg("cp_learner_answer: %s", err.message);
    return r;
}

static void game_pays_once(void **state)
{
    fixture *f = *state;
    cp_settings set = utc_settings();
    save_settings(f, &set);
    cp_game_notes notes;
    cp_time now = 200 * DAY + 3600;
    cp_learner *l = open_learner(f, f->deck, now, &notes);
    const cp_game_state *st = cp_learner_game(l);
    assert_int_equal(st->xp, 0);
    assert_int_equal(st->level.level, 1);
    assert_int_equal(st->streak.current, 0);
    assert_int_equal(st->goal_minutes, 15);
    assert_int_equal(st->today, 200);
    assert_int_equal(notes.n, 0);

    /* An answer: XP paid and stored, in the answer's own transaction. */
    cp_answer_result r = answer(l, f->deck, "c-d1-a", CP_GOOD, now, 30);
    assert_int_equal(count_notes(&r.notes, CP_NOTE_XP), 1);
    assert_int_equal(r.notes.note[0].amount, 10);
    assert_string_equal(r.notes.note[0].detail, "c-d1-a");
    assert_int_equal(st->xp, 10);
    assert_int_equal(stored_xp(f), 10);

    /* Undo takes the XP back with the answer; the re-answer earns what it
     * earns (Easy on a new easy card: 12), never twice. */
    long card;
    bool found;
    assert_int_equal(cp_learner_undo(l, now + 5, &card, &found, &notes, NULL), CP_OK);
    assert_true(found);
    assert_int_equal(card, cp_deck_find(f->deck, "c-d1-a"));
    assert_int_equal(st->xp, 0);
    assert_int_equal(stored_xp(f), 0);
    assert_int_equal(st->today_record.reviews, 0);
    r = answer(l, f->deck, "c-d1-a", CP_EASY, now + 10, 30);
    assert_int_equal(r.notes.note[0].amount, 12);
    assert_int_equal(st->xp, 12);
    assert_int_equal(stored_xp(f), 12);

    /* The other two new cards: the last one finishes the day's work, which
     * meets the goal and earns first-drill, stored with its time. The app's
     * report then pays the bonus, once. */
    answer(l, f->deck, "c-d1-b", CP_GOOD, now + 30, 30);
    r = answer(l, f->deck, "c-d2-a", CP_GOOD, now + 40, 30);
    assert_true(has_achievement(&r.notes, CP_ACH_FIRST_DRILL));
    assert_int_equal(count_notes(&r.notes, CP_NOTE_GOAL_MET), 1);
    assert_int_equal(st->earned_at[CP_ACH_FIRST_DRILL], now + 40);
    assert_true(st->goal_met);
    assert_int_equal(cp_learner_drill_finished(l, now + 50, &notes, NULL), CP_OK);
    assert_int_equal(count_notes(&notes, CP_NOTE_DRILL_DONE), 1);
    assert_int_equal(count_notes(&notes, CP_NOTE_GOAL_MET), 0);
    assert_true(st->drill_done);
    assert_int_equal(st->streak.current, 1);
    /* Every card seen: Seen it all came with the last answer. */
    assert_true(st->earned_at[CP_ACH_BANK_SEEN] != 0);
    int64_t xp = 12 + 13 + 15 + CP_XP_DRILL_BONUS;     /* easy 12, medium 12.5, hard 15 */
    assert_int_equal(st->xp, xp);
    assert_int_equal(cp_learner_drill_finished(l, now + 60, &notes, NULL), CP_OK);
    assert_int_equal(notes.n, 0);
    assert_int_equal(st->xp, xp);

    /* A passing mock stored by an older version (not paid in its own
     * finish): the next read pays it and its achievements, once. */
    cp_attempt mock = {.kind = "mock", .started_at = now + 100, .status = CP_ATTEMPT_IN_PROGRESS,
                       .seed = 1, .time_limit_s = 5400};
    int64_t id;
    assert_int_equal(cp_store_attempt_begin(f->store, &mock, NULL, 0, &id, NULL), CP_OK);
    assert_int_equal(cp_learner_refresh(l, now + 200, &notes, NULL), CP_OK);
    assert_false(has_achievement(&notes, CP_ACH_FIRST_MOCK));   /* still open */
    mock.status = CP_ATTEMPT_SUBMITTED;
    mock.finished_at = now + 5000;
    mock.scaled_score = 720;
    mock.misses_logged = true;
    assert_int_equal(cp_store_attempt_finish(f->store, id, &mock, NULL), CP_OK);
    assert_int_equal(cp_learner_refresh(l, now + 5000, &notes, NULL), CP_OK);
    assert_true(has_achievement(&notes, CP_ACH_FIRST_MOCK));
    assert_true(has_achievement(&notes, CP_ACH_FIRST_PASS));
    assert_false(has_achievement(&notes, CP_ACH_TOP_SCORE));
    assert_int_equal(count_notes(&notes, CP_NOTE_XP), 1);
    assert_int_equal(count_notes(&notes, CP_NOTE_LEVEL_UP), 1);   /* 220 XP: level 2 */
    xp += CP_XP_MOCK + CP_XP_MOCK_PASS;
    assert_int_equal(st->xp, xp);
    assert_int_equal(st->level.level, 2);
    assert_int_equal(st->earned_at[CP_ACH_FIRST_PASS], now + 5000);
    assert_int_equal(cp_learner_refresh(l, now + 5001, &notes, NULL), CP_OK);
    assert_int_equal(notes.n, 0);

    /* A perfect round: a high score and the achievement. */
    cp_round rd;
    cp_game_round_begin(&rd, NULL);
    for (int i = 0; i < 10; i++)
        cp_game_round_answer(&rd, true);
    cp_game_round_end(&rd);
    assert_int_equal(cp_learner_round_finished(l, &rd, 10, now + 6000, &notes, NULL), CP_OK);
    assert_int_equal(count_notes(&notes, CP_NOTE_HIGH_SCORE), 1);
    assert_true(has_achievement(&notes, CP_ACH_PERFECT_ROUND));
    assert_true(has_achievement(&notes, CP_ACH_COMBO_10));
    assert_int_equal(st->round_high_score, rd.score);
    /* A worse round: no new high score. */
    cp_game_round_begin(&rd, NULL);
    cp_game_round_answer(&rd, true);
    cp_game_round_end(&rd);
    assert_int_equal(cp_learner_round_finished(l, &rd, 10, now + 6100, &notes, NULL), CP_OK);
    assert_int_equal(count_notes(&notes, CP_NOTE_HIGH_SCORE), 0);
    assert_false(has_achievement(&notes, CP_ACH_PERFECT_ROUND));
    cp_learner_free(l);

    /* A restart: the same state, nothing announced twice. */
    l = open_learner(f, f->deck, now + 7000, &notes);
    st = cp_learner_game(l);
    assert_int_equal(notes.n, 0);
    assert_int_equal(st->xp, xp);
    assert_int_equal(st->streak.current, 1);
    assert_true(st->drill_done);
    assert_int_equal(st->earned_at[CP_ACH_FIRST_DRILL], now + 40);
    /* first-drill, bank-seen, first-mock, first-pass, perfect-round,
     * combo-10, and (a tiny deck, every card just answered) domains 1 and 2
     * mastered. */
    assert_int_equal(st->achievements, 8);
    assert_true(st->earned_at[CP_ACH_MASTER_1] && st->earned_at[CP_ACH_MASTER_2]);
    assert_false(st->earned_at[CP_ACH_MASTER_3]);
    cp_learner_free(l);
}

static void game_streak_over_days(void **state)
{
    fixture *f = *state;
    cp_settings set = utc_settings();
    set.new_per_day = 0;            /* no new cards: only due cards make work */
    set.goal_minutes = 10;
    save_settings(f, &set);
    cp_game_notes notes;
    cp_time day0 = 300 * DAY;
    /* 8 days of 10 minutes: a streak of 8 and a freeze earned at 7. Card
     * c-d1-b, seen once on day 0, is due from day 1 on and never done. */
    cp_learner *l = open_learner(f, f->deck, day0, &notes);
    answer(l, f->deck, "c-d1-b", CP_GOOD, day0 + 60, 0);
    for (int d = 0; d < 8; d++) {
        cp_time t = day0 + d * DAY + 3600;
        cp_answer_result r = answer(l, f->deck, "c-d1-a", CP_GOOD, t, 600);
        assert_int_equal(count_notes(&r.notes, CP_NOTE_GOAL_MET), 1);
        assert_int_equal(count_notes(&r.notes, CP_NOTE_FREEZE_EARNED), d == 6 ? 1 : 0);
    }
    const cp_game_state *st = cp_learner_game(l);
    assert_int_equal(st->streak.current, 8);
    assert_int_equal(st->streak.freezes, 1);
    assert_true(st->earned_at[CP_ACH_STREAK_7] != 0);
    cp_learner_free(l);

    /* Away on day 8 (a card was due): the freeze covers it. Opening on day
     * 9 shows it and stores nothing; the first answer of day 9 (the log
     * moving past day 8) announces the freeze, once. */
    cp_time t9 = day0 + 9 * DAY + 3600;
    l = open_learner(f, f->deck, t9, &notes);
    st = cp_learner_game(l);
    assert_int_equal(count_notes(&notes, CP_NOTE_FREEZE_USED), 0);
    assert_int_equal(st->streak.current, 8);
    assert_int_equal(st->streak.freezes, 0);
    assert_false(st->goal_met);
    cp_answer_result r = answer(l, f->deck, "c-d1-a", CP_GOOD, t9 + 60, 600);
    assert_int_equal(count_notes(&r.notes, CP_NOTE_FREEZE_USED), 1);
    assert_int_equal(st->streak.current, 9);
    assert_int_equal(cp_learner_refresh(l, t9 + 120, &notes, NULL), CP_OK);
    assert_int_equal(count_notes(&notes, CP_NOTE_FREEZE_USED), 0);

    /* The clock goes back to day 8: the learner's time stays at the newest
     * answer, so answering then does not fill day 8. */
    cp_time t8 = day0 + 8 * DAY + 7200;
    assert_true(cp_learner_clock_behind(l, t8));
    assert_int_equal(cp_learner_now(l, t8), t9 + 60);
    answer(l, f->deck, "c-d1-a", CP_GOOD, t8, 600);
    assert_int_equal(st->today, 309);            /* today stays day 9 */
    assert_true(st->goal_met);
    assert_int_equal(st->streak.current, 9);
    assert_int_equal(st->streak.freezes_used, 1);
    cp_learner_free(l);

    /* A restart with the clock still back: the same. */
    l = open_learner(f, f->deck, t8 + 60, &notes);
    st = cp_learner_game(l);
    assert_int_equal(st->today, 309);
    assert_int_equal(st->streak.current, 9);
    assert_int_equal(notes.n, 0);
    cp_learner_free(l);
}

/* ---- wrong clocks and other decks change nothing stored ----------------------------- */

static int64_t count_rows(fixture *f, const char *table)
{
    (void)table;
    int64_t n = 0;
    cp_game_record rec;
    assert_int_equal(cp_game_record_load(f->store, &rec, NULL), CP_OK);
    n = (int64_t)rec.n_settled;
    cp_game_record_release(&rec);
    return n;
}

static void count_event(void *ctx, const cp_game_event *e)
{
    (void)e;
    (*(int64_t *)ctx)++;
}

static int64_t count_events(fixture *f)
{
    int64_t n = 0;
    assert_int_equal(cp_store_each_event(f->store, NULL, count_event, &n, NULL), CP_OK);
    return n;
}

static void clock_ahead_once_changes_nothing(void **state)
{
    fixture *f = *state;
    cp_settings set = utc_settings();
    set.goal_minutes = 5;
    save_settings(f, &set);
    cp_time day0 = 500 * DAY;
    /* 10 honest days. */
    for (int d = 0; d < 10; d++) {
        cp_learner *l = open_learner(f, f->deck, day0 + d * DAY + 3600, NULL);
        answer(l, f->deck, "c-d1-a", CP_GOOD, day0 + d * DAY + 3700, 400);
        cp_learner_free(l);
    }
    /* A start at the right time settles what the log has moved past. */
    cp_learner_free(open_learner(f, f->deck, day0 + 9 * DAY + 7200, NULL));
    int64_t settled = count_rows(f, "game_day"), events = count_events(f);
    /* One start with the clock three days ahead (a wrong CMOS clock),
     * another ten hours ahead, and one in 2029: they show a guess, and
     * store nothing. */
    cp_time ahead[] = {day0 + 12 * DAY + 3600, day0 + 9 * DAY + 3600 + 10 * 3600,
                       day0 + 3000 * DAY};
    for (size_t k = 0; k < sizeof ahead / sizeof ahead[0]; k++) {
        cp_game_notes notes;
        cp_learner *l = open_learner(f, f->deck, ahead[k], &notes);
        assert_int_equal(count_notes(&notes, CP_NOTE_FREEZE_USED), 0);
        cp_learner_free(l);
        assert_int_equal(count_rows(f, "game_day"), settled);
        assert_int_equal(count_events(f), events);
    }
    /* Then honest days again: the streak as if those starts never were. */
    for (int d = 10; d < 14; d++) {
        cp_learner *l = open_learner(f, f->deck, day0 + d * DAY + 3600, NULL);
        answer(l, f->deck, "c-d1-a", CP_GOOD, day0 + d * DAY + 3700, 400);
        const cp_game_state *st = cp_learner_game(l);
        assert_int_equal(st->streak.current, d + 1);
        assert_int_equal(st->streak.freezes_used, 0);
        assert_int_equal(st->today, 500 + d);
        cp_learner_free(l);
    }
}

static void other_decks_change_nothing(void **state)
{
    fixture *f = *state;
    cp_settings set = utc_settings();
    set.goal_minutes = 60;          /* days are kept by finishing the drill */
    save_settings(f, &set);
    cp_time day0 = 700 * DAY;
    cp_learner *l = open_learner(f, f->deck, day0 + 3600, NULL);
    answer(l, f->deck, "c-d1-a", CP_GOOD, day0 + 3700, 10);
    answer(l, f->deck, "c-d1-b", CP_GOOD, day0 + 3800, 10);
    cp_time earned[CP_ACH_COUNT];
    memcpy(earned, cp_learner_game(l)->earned_at, sizeof earned);
    assert_true(earned[CP_ACH_MASTER_1] != 0);    /* both domain-1 cards just learnt */
    cp_learner_free(l);
    int64_t settled = count_rows(f, "game_day"), events = count_events(f);
    /* A one-card deck, then an empty one, on later days: the learner's
     * other cards are unknown to them. Nothing is settled, awarded or
     * removed, and "nothing to do" keeps no day. */
    cp_deck *one = cp_test_deck_of(&small_cards[2], 1), *none = cp_test_deck("", 0);
    for (int d = 1; d <= 9; d++) {
        cp_deck *deck = d % 2 ? one : none;
        l = open_learner(f, deck, day0 + d * DAY + 3600, NULL);
        const cp_game_state *st = cp_learner_game(l);
        assert_int_equal(st->unknown_cards, 2);
        assert_int_equal(cp_learner_unknown_cards(l), 2);
        assert_memory_equal(st->earned_at, earned, sizeof earned);
        assert_true(st->streak.current <= 1);
        cp_learner_free(l);
        assert_int_equal(count_rows(f, "game_day"), settled);
        assert_int_equal(count_events(f), events);
    }
    /* The full deck back: the history is whole, nothing was lost. */
    l = open_learner(f, f->deck, day0 + 10 * DAY + 3600, NULL);
    assert_int_equal(cp_learner_unknown_cards(l), 0);
    assert_int_equal(cp_learner_memory(l, (size_t)cp_deck_find(f->deck, "c-d1-b"))->reps, 1);
    assert_int_equal(cp_learner_game(l)->xp, 10 + 13);     /* easy and medium, new */
    cp_learner_free(l);
    cp_deck_free(one);
    cp_deck_free(none);
}

/* ---- the moved state against a replay of the log ------------------------------------------- */

/* Forty flashcards (deck indexes 0..39), then `questions` single-answer
 * questions per domain, enough for a mock exam's form. */
static cp_deck *forty_deck_with(int questions)
{
    cp_test_text text = {0};
    for (int i = 0; i < 40; i++) {
        char task[4];
        snprintf(task, sizeof task, "%d.1", 1 + i % 4);
        cp_test_card(&text, task, "flashcard", "medium", "s-%02d", i);
    }
    static const char *const level[] = {"easy", "medium", "hard"};
    for (int i = 0; i < questions * CP_DOMAINS; i++) {
        char task[4];
        snprintf(task, sizeof task, "%d.1", 1 + i % 4);
        cp_test_card(&text, task, "single", level[i % 3], "q-%03d", i);
    }
    return cp_test_deck_take(&text, 40 + (size_t)questions * CP_DOMAINS);
}

static void assert_same_days(const cp_day_record *a, const cp_day_record *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (memcmp(&a[k].introduced_by_domain, &b[k].introduced_by_domain,
                   sizeof a[k].introduced_by_domain) != 0 ||
            a[k].day != b[k].day || a[k].reviews != b[k].reviews ||
            a[k].correct != b[k].correct || a[k].seconds != b[k].seconds ||
            a[k].due != b[k].due || a[k].due_done != b[k].due_done ||
            a[k].fresh != b[k].fresh || a[k].introduced != b[k].introduced ||
            a[k].work_done != b[k].work_done || a[k].drill_done != b[k].drill_done ||
            a[k].goal_reported != b[k].goal_reported || a[k].through_id != b[k].through_id)
            fail_msg("day %d (%zu of %zu): reviews %d/%d due %d/%d due_done %d/%d fresh %d/%d"
                     " introduced %d/%d work %d/%d drill %d/%d goal %d/%d through %lld/%lld",
                     (int)a[k].day, k, n, a[k].reviews, b[k].reviews, a[k].due, b[k].due,
                     a[k].due_done, b[k].due_done, a[k].fresh, b[k].fresh, a[k].introduced,
                     b[k].introduced, a[k].work_done, b[k].work_done, a[k].drill_done,
                     b[k].drill_done, a[k].goal_reported, b[k].goal_reported,
                     (long long)a[k].through_id, (long long)b[k].through_id);
    }
}

static void sum_xp(void *ctx, const cp_game_event *e)
{
    *(int64_t *)ctx += e->amount;
}

/* The learner's memories when its game last read them all (its open), for
 * the lag the mastery figure may have since (below). */
static struct {
    cp_memory memory[256];
    size_t n;
    cp_time at;
} last_read;

static void note_read(const cp_learner *l, size_t n, cp_time at)
{
    assert_true(n <= 256);
    memcpy(last_read.memory, cp_learner_memories(l), n * sizeof *last_read.memory);
    last_read.n = n;
    last_read.at = at;
}

/* The learner's game (moved answer by answer) against an evaluation of
 * the settled days plus the log, and against a replay of the whole log
 * with nothing settled; the XP against the sum of every XP event. */
static void assert_matches_replay(fixture *f, cp_learner *l, const cp_deck *deck, cp_time now,
                                  bool mastery)
{
    cp_store *store = f->store;
    cp_history h;
    cp_game_record settled, none;
    assert_int_equal(cp_history_load(store, deck, &h, NULL), CP_OK);
    for (size_t c = 0; c < h.n_cards; c++)
        assert_same_memory(&h.memory[c], cp_learner_memory(l, c));
    assert_int_equal(cp_game_record_load(store, &settled, NULL), CP_OK);
    assert_int_equal(cp_game_record_load(store, &none, NULL), CP_OK);
    size_t n_settled = none.n_settled;
    none.n_settled = 0;
    none.settled_through = 0;
    int64_t xp = 0;
    assert_int_equal(cp_store_each_event(store, "xp", sum_xp, &xp, NULL), CP_OK);
    cp_game_plan_anchor anchor;
    assert_int_equal(cp_game_read_plan_anchor(store, cp_learner_settings(l), &anchor, NULL), CP_OK);
    cp_time plan_start = anchor.start;
    cp_game_desc desc = {.settings = cp_learner_settings(l),
                         .clock = cp_learner_clock(l),
                         .params = cp_learner_params(l),
                         .first_at = cp_learner_first_seen(l).at,
                         .anchor = &anchor};
    now = cp_learner_now(l, now);
    cp_game_state a, b;
    cp_day_record *da, *db;
    size_t na, nb;
    assert_int_equal(cp_game_evaluate(&h, &settled, &desc, plan_start, now, &a, &da, &na, NULL),
                     CP_OK);
    assert_int_equal(cp_game_evaluate(&h, &none, &desc, plan_start, now, &b, &db, &nb, NULL),
                     CP_OK);
    assert_int_equal(na, nb);
    assert_same_days(da, db, na);
    const cp_game_state *g = cp_learner_game(l);
    assert_int_equal(g->xp, xp);
    assert_int_equal(g->level.level, b.level.level);
    assert_int_equal(a.today, b.today);
    assert_int_equal(g->today, b.today);
    assert_same_days(&g->today_record, &b.today_record, 1);
    assert_int_equal(g->today_record.work_known, b.today_record.work_known);
    assert_memory_equal(&g->streak, &b.streak, sizeof b.streak);
    assert_memory_equal(&a.streak, &b.streak, sizeof b.streak);
    assert_int_equal(g->goal_met, b.goal_met);
    assert_int_equal(g->summary.drills_done, b.summary.drills_done);
    assert_int_equal(g->summary.cards_seen, b.summary.cards_seen);
    assert_int_equal(g->summary.tasks_studied, b.summary.tasks_studied);
    assert_int_equal(g->summary.long_term_cards, b.summary.long_term_cards);
    assert_int_equal(g->summary.recovered_cards, b.summary.recovered_cards);
    assert_int_equal(g->summary.mocks, b.summary.mocks);
    /* Recall is measured at the last full read and moved by each answer's
     * own change since, so it lags the cards whose recall dropped during
     * the sitting (FSRS counts whole days since a review: a card crosses
     * into its next day at the hour it was reviewed): by at most one card
     * (of the domain's) for each card that crossed since the read. An
     * exam's misses share one time and cross together. A learner opened
     * with a wrong clock measured it at the wrong time (a guess, never
     * stored). */
    for (int d = 0; mastery && d < CP_DOMAINS; d++) {
        size_t in_domain = 0, crossed = 0;
        for (size_t c = 0; c < h.n_cards; c++) {
            if (cp_deck_card(deck, c)->domain != d + 1)
                continue;
            in_domain++;
            const cp_memory *m = c < last_read.n ? &last_read.memory[c] : NULL;
            if (m && m->state != CP_STATE_NEW &&
                cp_floor_div(now - m->last_review, DAY) !=
                    cp_floor_div(last_read.at - m->last_review, DAY))
                crossed++;
        }
        double allowed = (double)crossed / (double)(in_domain ? in_domain : 1) + 1e-9;
        if (fabs(g->summary.mastery[d] - b.summary.mastery[d]) > allowed)
            fail_msg("domain %d mastery %f vs %f, %zu cards crossed a day (today %d)", d + 1,
                     g->summary.mastery[d], b.summary.mastery[d], crossed, (int)g->today);
    }
    assert_int_equal(g->has_plan, b.has_plan);
    assert_int_equal(g->plan_today.introduced, b.plan_today.introduced);
    assert_int_equal(g->plan_today.expected, b.plan_today.expected);
    assert_int_equal(g->plan_today.new_today_total, b.plan_today.new_today_total);
    assert_int_equal(g->plan_today.pace, b.plan_today.pace);
    assert_int_equal(g->plan_new_today, b.plan_new_today);
    assert_int_equal(a.plan_new_today, b.plan_new_today);
    assert_int_equal(g->plan_reviews_first, b.plan_reviews_first);
    assert_int_equal(g->plan.new_per_day_total, b.plan.new_per_day_total);
    free(da);
    free(db);
    none.n_settled = n_settled;     /* release what was loaded */
    cp_game_record_release(&settled);
    cp_game_record_release(&none);
    cp_history_release(&h);
}

typedef struct log_copy {
    cp_review *v;
    char (*ids)[32];
    size_t n, cap;
} log_copy;

static void copy_review(void *ctx, const cp_review *r)
{
    log_copy *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        c->ids = realloc(c->ids, c->cap * sizeof *c->ids);
    }
    snprintf(c->ids[c->n], sizeof c->ids[0], "%s", r->card_id);
    c->v[c->n] = *r;
    c->v[c->n].chosen = "";
    c->v[c->n].mode = strcmp(r->mode, "exam") == 0         ? "exam"
                      : strcmp(r->mode, "diagnostic") == 0 ? "diagnostic"
                                                           : "drill";
    c->n++;
}

typedef struct exposure_copy {
    const cp_deck *deck;
    cp_time *at;
    uint8_t *flags;
    size_t unknown;
} exposure_copy;

static void copy_exposure(void *ctx, const cp_exposure *e)
{
    exposure_copy *c = ctx;
    long i = cp_deck_find(c->deck, e->card_id);
    if (i < 0) {
        c->unknown++;
        return;
    }
    c->at[i] = e->first_at;
    c->flags[i] = (uint8_t)(CP_SEEN_MET | (e->correct ? CP_SEEN_RIGHT : 0));
}

/* The first exposures the learner keeps against the store's table read
 * again, and the meter from them against the meter from the table. */
static void assert_exposures_are_the_store(fixture *f, cp_learner *l, const cp_deck *deck,
                                           cp_time clock)
{
    size_t n = cp_deck_count(deck);
    exposure_copy c = {deck, calloc(n, sizeof(cp_time)), calloc(n, 1), 0};
    assert_non_null(c.at);
    assert_non_null(c.flags);
    assert_int_equal(cp_store_each_exposure(f->store, copy_exposure, &c, NULL), CP_OK);
    assert_int_equal(c.unknown, 0);
    cp_first_seen kept = cp_learner_first_seen(l);
    assert_memory_equal(kept.flags, c.flags, n);
    for (size_t i = 0; i < n; i++)
        if (c.flags[i])
            assert_int_equal(kept.at[i], c.at[i]);
    cp_readiness mine, read;
    cp_time now = cp_learner_now(l, clock);
    assert_int_equal(cp_learner_readiness(l, clock, &mine, NULL), CP_OK);
    assert_int_equal(cp_readiness_load(f->store, deck, cp_learner_memories(l), cp_learner_params(l),
                                       now, &read, NULL),
                     CP_OK);
    assert_true(mine.pass_probability == read.pass_probability);
    assert_true(mine.evidence == read.evidence);
    assert_int_equal(mine.predicted_scaled, read.predicted_scaled);
    assert_int_equal(mine.verdict, read.verdict);
    free(c.at);
    free(c.flags);
}

/* Today's queue as the learner keeps it (moved answer by answer, its
 * tally read once a day) against cp_queue_build over every memory, with
 * the tally of the whole log read again (the learner's reader looks back
 * 60 days: so does this one). */
static void assert_queue_is_a_full_build(fixture *f, cp_learner *l, const cp_deck *deck,
                                         cp_time clock)
{
    cp_time now = cp_learner_now(l, clock);
    cp_queue_desc desc = cp_learner_queue_desc(l);
    cp_time start, end;
    cp_queue_day(now, &desc, &start, &end);
    log_copy c = {0};
    assert_int_equal(cp_store_each_review(f->store, start - 60 * DAY, copy_review, &c, NULL),
                     CP_OK);
    for (size_t i = 0; i < c.n; i++)
        c.v[i].card_id = c.ids[i];
    cp_queue_stats stats;
    cp_queue_tally(deck, c.v, c.n, now, &desc, &stats);
    /* The reserve as the learner holds it, the boost list from the log
     * read again (the learner's reader looks back 180 days). */
    cp_confusion_map *map = NULL;
    cp_confusion *confusion = NULL;
    assert_int_equal(cp_confusion_map_build(deck, &map, NULL), CP_OK);
    assert_int_equal(cp_confusion_new(map, NULL, &confusion, NULL), CP_OK);
    assert_int_equal(cp_confusion_read(confusion, f->store, now - 180 * DAY, NULL), CP_OK);
    uint8_t *boost = calloc(cp_deck_count(deck), 1);
    assert_non_null(boost);
    cp_confusion_separating(confusion, now, boost);
    cp_queue_input in = {.deck = deck,
                         .memory = cp_learner_memories(l),
                         .params = cp_learner_params(l),
                         .now = now,
                         .desc = &desc,
                         .stats = &stats,
                         .last_card = -1,
                         .seed = (uint64_t)cp_day_of(&desc.clock, now),
                         .held = cp_learner_held(l),
                         .boost = boost};
    cp_queue full;
    assert_int_equal(cp_queue_build(&in, &full, NULL), CP_OK);
    free(boost);
    cp_confusion_free(confusion);
    cp_confusion_map_free(map);
    cp_today kept;
    assert_int_equal(cp_learner_today(l, clock, -1, &kept, NULL), CP_OK);
    assert_int_equal(kept.n, full.n);
    if (full.n)
        assert_memory_equal(kept.cards, full.cards, full.n * sizeof *full.cards);
    assert_int_equal(kept.due, (int)(full.n_learning + full.n_review));
    assert_int_equal(kept.fresh, (int)full.n_new);
    assert_memory_equal(kept.due_by_domain, full.due_by_domain, sizeof full.due_by_domain);
    assert_memory_equal(kept.new_by_domain, full.new_by_domain, sizeof full.new_by_domain);
    cp_today_free(&kept);
    cp_queue_free(&full);
    free(c.v);
    free(c.ids);
    assert_exposures_are_the_store(f, l, deck, clock);
}

/* A mock exam or the diagnostic through cp_attempt, answered at random
 * (right, wrong or left open), then submitted (its misses go to the drill
 * in the finish's transaction) or, now and then, abandoned. */
static void sit_exam(cp_learner *l, cp_rng *rng, cp_time *t)
{
    cp_exam_kind kind = cp_rng_below(rng, 3) == 0 ? CP_EXAM_DIAGNOSTIC : CP_EXAM_MOCK;
    cp_attempt_run *run = NULL;
    cp_error err = {0};
    if (cp_attempt_start(l, kind, *t, &run, &err) != CP_OK)
        fail_msg("cp_attempt_start: %s", err.message);
    size_t n = cp_attempt_count(run);
    assert_true(n >= 10);
    for (size_t i = 0; i < n; i++) {
        *t += 20;
        if (cp_rng_below(rng, 8) == 0)
            continue;
        cp_exam_view v;
        assert_int_equal(cp_attempt_view(run, i, &v), CP_OK);
        uint32_t right = cp_exam_correct_mask(v.card);
        uint32_t chosen = cp_rng_below(rng, 2) ? right : (right == 1u ? 2u : 1u);
        assert_int_equal(cp_attempt_answer(run, i, chosen, *t, NULL), CP_OK);
    }
    if (cp_rng_below(rng, 6) == 0)
        assert_int_equal(cp_attempt_abandon(run, *t, NULL), CP_OK);
    else
        assert_int_equal(cp_attempt_finish(run, *t, NULL, NULL), CP_OK);
    cp_attempt_free(run, *t);
}

/* A learner over 60 days: random answers, undos, exam misses, mock exams
 * and diagnostics submitted through cp_attempt (their misses logged in one
 * transaction) or abandoned, finished drills, days off, answers at
 * midnight, and the app opened with clocks hours or days wrong (ahead and
 * behind). After every step the moved state equals a replay of the log at
 * its true times, and today's queue (kept card by card) equals a full
 * build. */
static void game_moves_as_a_replay(void **state)
{
    fixture *f = *state;
    cp_deck *deck = forty_deck_with(20);
    cp_settings set = utc_settings();
    set.new_per_day = 4;
    set.reviews_per_day = 6;
    set.goal_minutes = 5;
    cp_day_format(20500 + 70, set.exam_date, sizeof set.exam_date);
    save_settings(f, &set);
    cp_rng rng = cp_test_rng(42);
    for (int d = 0; d < 60; d++) {
        cp_time day = (20500 + d) * DAY;
        cp_time t = day + 8 * 3600;
        /* Now and then the app starts with a wrong clock first. */
        if (cp_rng_below(&rng, 5) == 0) {
            cp_time wrong = t + ((cp_time)cp_rng_below(&rng, 10 * DAY) - 5 * DAY);
            cp_learner *w = open_learner(f, deck, wrong, NULL);
            assert_matches_replay(f, w, deck, wrong, false);
            cp_learner_free(w);
        }
        cp_learner *l = open_learner(f, deck, t, NULL);
        note_read(l, cp_deck_count(deck), cp_learner_now(l, t));
        if (cp_rng_below(&rng, 6) != 0) {          /* most days: some study */
            int answers = (int)cp_rng_below(&rng, 12);
            for (int a = 0; a < answers; a++) {
                size_t c = (size_t)cp_rng_below(&rng, 40);
                int rating = 1 + (int)cp_rng_below(&rng, 4);
                t += 30 + (cp_time)cp_rng_below(&rng, 300);
                cp_answer ans = {.card = c, .rating = rating, .duration_ms = 95000,
                                 .mode = cp_rng_below(&rng, 10) == 0 ? CP_MODE_EXAM : CP_MODE_DRILL};
                cp_answer_result res;
                assert_int_equal(cp_learner_answer(l, &ans, t, &res, NULL), CP_OK);
                assert_matches_replay(f, l, deck, t, true);
                assert_queue_is_a_full_build(f, l, deck, t);
                if (cp_rng_below(&rng, 8) == 0) {
                    long card;
                    bool found;
                    assert_int_equal(cp_learner_undo(l, t, &card, &found, NULL, NULL), CP_OK);
                    assert_true(found);
                    assert_matches_replay(f, l, deck, t, true);
                    assert_queue_is_a_full_build(f, l, deck, t);
                }
            }
            if (cp_rng_below(&rng, 5) == 0) {
                sit_exam(l, &rng, &t);
                assert_matches_replay(f, l, deck, t, true);
                assert_queue_is_a_full_build(f, l, deck, t);
                if (cp_rng_below(&rng, 3) == 0) { /* the last miss taken back */
                    long card;
                    bool found;
                    assert_int_equal(cp_learner_undo(l, t, &card, &found, NULL, NULL), CP_OK);
                    assert_matches_replay(f, l, deck, t, true);
                    assert_queue_is_a_full_build(f, l, deck, t);
                }
            }
            if (cp_rng_below(&rng, 3) == 0) {
                assert_int_equal(cp_learner_drill_finished(l, t, NULL, NULL), CP_OK);
                assert_matches_replay(f, l, deck, t, true);
            }
        }
        if (d % 9 == 4) {
            /* An answer just before midnight and one just after, in one
             * sitting: the second moves the game to a new day. */
            cp_answer late = {.card = (size_t)d % 40, .rating = CP_GOOD, .duration_ms = 1000};
            cp_answer_result res;
            assert_int_equal(cp_learner_answer(l, &late, day + DAY - 30, &res, NULL), CP_OK);
            late.card = (size_t)(d + 1) % 40;
            assert_int_equal(cp_learner_answer(l, &late, day + DAY + 30, &res, NULL), CP_OK);
            assert_matches_replay(f, l, deck, day + DAY + 60, true);
            assert_queue_is_a_full_build(f, l, deck, day + DAY + 60);
        }
        assert_matches_replay(f, l, deck, t, true);
        assert_queue_is_a_full_build(f, l, deck, t);
        cp_learner_free(l);
    }
    /* Every day the log has moved past was settled, one row each. */
    cp_game_record rec;
    assert_int_equal(cp_game_record_load(f->store, &rec, NULL), CP_OK);
    assert_true(rec.n_settled >= 50);
    cp_game_record_release(&rec);
    cp_deck_free(deck);
}

static void game_goal_setting_and_plan(void **state)
{
    fixture *f = *state;
    cp_settings set = utc_settings();
    /* Settings keep exam dates from 2000 on: day 20400 is in 2025. */
    cp_time now = 20400 * DAY + 3600;
    char date[11];
    cp_day_format(20400 + 30, date, sizeof date);
    snprintf(set.exam_date, sizeof set.exam_date, "%s", date);
    set.goal_minutes = 25;
    save_settings(f, &set);
    cp_learner *l = open_learner(f, f->deck, now, NULL);
    const cp_game_state *st = cp_learner_game(l);
    assert_int_equal(st->goal_minutes, 25);
    assert_true(st->has_plan);
    const cp_time day0 = 20400 * DAY; /* the plan starts with its learning day */
    assert_int_equal(st->plan.start, day0);
    assert_int_equal(st->plan_today.day, 0);
    assert_int_equal(st->plan.unseen[0] + st->plan.unseen[1], 3);
    assert_true(st->plan_today.new_today_total >= 1);
    /* The anchor is kept: two days later without studying, behind. */
    assert_int_equal(cp_learner_refresh(l, now + 2 * DAY, NULL, NULL), CP_OK);
    assert_int_equal(st->plan.start, day0);
    assert_int_equal(st->plan_today.day, 2);
    assert_int_equal(st->plan_today.pace, CP_PLAN_BEHIND);
    /* A new exam date starts a new plan. */
    cp_day_format(20400 + 60, date, sizeof date);
    snprintf(set.exam_date, sizeof set.exam_date, "%s", date);
    assert_int_equal(cp_learner_set_settings(l, &set, now + 2 * DAY, NULL, NULL), CP_OK);
    assert_int_equal(st->plan.start, day0 + 2 * DAY);
    assert_int_equal(st->plan_today.pace, CP_PLAN_ON_TRACK);
    /* A plan made in the evening is on its second day the next morning
     * (its days are learning days, not 24 hours from the moment it was
     * made). */
    cp_day_format(20400 + 70, date, sizeof date);
    snprintf(set.exam_date, sizeof set.exam_date, "%s", date);
    cp_time evening = day0 + 2 * DAY + 21 * 3600;
    assert_int_equal(cp_learner_set_settings(l, &set, evening, NULL, NULL), CP_OK);
    assert_int_equal(st->plan_today.day, 0);
    assert_int_equal(cp_learner_refresh(l, day0 + 3 * DAY + 8 * 3600, NULL, NULL), CP_OK);
    assert_int_equal(st->plan_today.day, 1);
    assert_int_equal(st->plan_today.days_to_exam, 67);
    /* A past exam date: no plan. */
    cp_day_format(20400, date, sizeof date);   /* today's 00:00 is past */
    snprintf(set.exam_date, sizeof set.exam_date, "%s", date);
    assert_int_equal(cp_learner_set_settings(l, &set, now + 2 * DAY, NULL, NULL), CP_OK);
    assert_false(st->has_plan);
    /* The goal has one range, the settings': 5..120. */
    set.goal_minutes = 600;
    assert_int_equal(cp_learner_set_settings(l, &set, now + 2 * DAY, NULL, NULL), CP_OK);
    assert_int_equal(st->goal_minutes, 120);
    cp_learner_free(l);
    cp_game_free(NULL);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(xp_rewards_quality),
                 cmocka_unit_test(level_curve),
                 cmocka_unit_test(goal_and_kept_days),
                 cmocka_unit_test(streak_counts_and_pends),
                 cmocka_unit_test(streak_freezes),
                 cmocka_unit_test(streak_empty_days_kept),
                 cmocka_unit_test(days_from_the_log),
                 cmocka_unit_test(exam_misses_are_not_study),
                 cmocka_unit_test(clock_backwards_creates_no_day),
                 cmocka_unit_test(round_combo_and_lives),
                 cmocka_unit_test(achievement_table),
                 cmocka_unit_test(every_achievement_triggers),
                 cmocka_unit_test(summary_from_history),
                 cp_test_with_store(game_pays_once, &three),
                 cp_test_with_store(game_streak_over_days, &three),
                 cp_test_with_store(clock_ahead_once_changes_nothing, &three),
                 cp_test_with_store(other_decks_change_nothing, &three),
                 cp_test_with_store(game_goal_setting_and_plan, &three),
                 cp_test_with_store(game_moves_as_a_replay, &three),
             })
