/* The game's pure rules: XP, levels, the goal and the streak, quiz rounds,
 * and the achievement table with the summary it measures. Plain functions
 * over plain values; the stored record is game_record.c, the day records
 * game_days.c, the state that moves with every answer game.c. */
#include "cloudprep/game.h"

#include <math.h>
#include <string.h>


/* ---- XP ------------------------------------------------------------------ */

int32_t cp_game_answer_xp(const cp_xp_answer *a)
{
    static const int base[5] = {0, CP_XP_AGAIN, CP_XP_HARD, CP_XP_GOOD, CP_XP_EASY};
    if (!a || a->rating < CP_AGAIN || a->rating > CP_EASY)
        return 0;
    if (a->rating == CP_AGAIN)
        return CP_XP_AGAIN;
    const cp_memory *m = &a->before;
    double hardness;
    if (m->state == CP_STATE_NEW) {
        int label = a->card_difficulty >= CP_DIFF_EASY && a->card_difficulty <= CP_DIFF_HARD
                        ? (int)a->card_difficulty : CP_DIFF_MEDIUM;
        hardness = 1.0 + 0.25 * label;
    } else {
        double d = m->difficulty < 1.0 ? 1.0 : m->difficulty > 10.0 ? 10.0 : m->difficulty;
        hardness = 1.0 + (d - 1.0) / 18.0;
    }
    double lateness = 1.0;
    if (m->state == CP_STATE_REVIEW && m->due > 0 && a->at > m->due) {
        double interval = (double)(m->due - m->last_review);
        if (interval < (double)CP_DAY_SECONDS)
            interval = (double)CP_DAY_SECONDS;
        double late = (double)(a->at - m->due) / interval;
        lateness = 1.0 + 0.5 * (late > 1.0 ? 1.0 : late);
    }
    double steps = m->state == CP_STATE_LEARNING || m->state == CP_STATE_RELEARNING ? 0.5 : 1.0;
    long xp = lround(base[a->rating] * hardness * lateness * steps);
    return xp < 1 ? 1 : (int32_t)xp;
}

/* ---- levels ---------------------------------------------------------------- */

int64_t cp_game_level_start(int32_t level)
{
    return level <= 1 ? 0 : 50 * (int64_t)level * (level - 1);
}

cp_level cp_game_level(int64_t xp)
{
    if (xp < 0)
        xp = 0;
    /* 50 L (L - 1) <= xp  <=>  L <= (1 + sqrt(1 + xp / 12.5)) / 2; then fix
     * any rounding of the square root by stepping. */
    int32_t level = (int32_t)((1.0 + sqrt(1.0 + (double)xp / 12.5)) / 2.0);
    if (level < 1)
        level = 1;
    while (cp_game_level_start(level + 1) <= xp)
        level++;
    while (level > 1 && cp_game_level_start(level) > xp)
        level--;
    cp_level out = {.level = level, .into = xp - cp_game_level_start(level)};
    out.span = cp_game_level_start(level + 1) - cp_game_level_start(level);
    return out;
}

/* ---- the goal and the streak ------------------------------------------------ */

static int goal_or_default(int goal_minutes)
{
    return goal_minutes > 0 ? goal_minutes : CP_GAME_DEFAULT_GOAL_MINUTES;
}

bool cp_game_goal_met(const cp_day_record *day, int goal_minutes)
{
    return day->drill_done || day->goal_reported ||
           day->seconds >= goal_or_default(goal_minutes) * 60;
}

void cp_game_day_work(cp_day_record *day, int reviews_per_day)
{
    int32_t cap = reviews_per_day > 0 && day->due > reviews_per_day ? reviews_per_day : day->due;
    bool work = day->due > 0 || day->fresh > 0;
    day->work_done = work && day->due_done >= cap && day->introduced >= day->fresh;
}

bool cp_game_day_kept(const cp_day_record *day, int goal_minutes)
{
    return cp_game_goal_met(day, goal_minutes) ||
           (day->work_known && day->due == 0 && day->fresh == 0);
}

void cp_game_streak_step(cp_streak *out, int32_t d, bool kept, bool is_today)
{
    if (kept) {
        out->current++;
        if (out->current % CP_GAME_FREEZE_EVERY == 0 && out->freezes < CP_GAME_MAX_FREEZES) {
            out->freezes++;
            out->freezes_earned++;
        }
        if (out->current > out->best)
            out->best = out->current;
        if (is_today)
            out->today_kept = true;
    } else if (is_today) {
        /* Today is not over: it cannot break the streak yet. */
    } else if (out->freezes > 0 && out->current > 0) {
        out->freezes--;
        out->freezes_used++;
        out->last_frozen_day = d;
    } else {
        out->current = 0;
    }
}

void cp_game_streak(const cp_day_record *days, size_t n_days, int32_t today, int goal_minutes,
                    cp_streak *out)
{
    memset(out, 0, sizeof *out);
    size_t k = 0;
    while (k < n_days && days[k].reviews == 0)
        k++;
    if (k == n_days || days[k].day > today)
        return;
    int32_t first = days[k].day, base = days[0].day;
    for (int32_t d = first; d <= today; d++) {
        int64_t at = (int64_t)d - base;
        const cp_day_record *r = at >= 0 && (size_t)at < n_days && days[at].day == d
                                     ? &days[at] : NULL;
        cp_game_streak_step(out, d, r && cp_game_day_kept(r, goal_minutes), d == today);
    }
}

/* ---- quiz rounds ------------------------------------------------------------- */

void cp_game_round_begin(cp_round *round, const cp_round_desc *desc)
{
    static const cp_round_desc none = {0};
    if (!desc)
        desc = &none;
    memset(round, 0, sizeof *round);
    round->desc.lives = desc->lives > 0 ? desc->lives : 3;
    round->desc.points = desc->points > 0 ? desc->points : 100;
    round->desc.combo_step = desc->combo_step > 0 ? desc->combo_step : 3;
    round->desc.max_multiplier = desc->max_multiplier > 0 ? desc->max_multiplier : 4;
    round->lives = round->desc.lives;
    round->multiplier = 1;
}

int cp_game_round_answer(cp_round *round, bool correct)
{
    if (round->over)
        return 0;
    int points = 0;
    round->answered++;
    if (correct) {
        points = round->desc.points * round->multiplier;
        round->score += points;
        round->correct++;
        round->combo++;
        if (round->combo > round->best_combo)
            round->best_combo = round->combo;
    } else {
        round->combo = 0;
        if (--round->lives <= 0) {
            round->lives = 0;
            round->over = true;
        }
    }
    int m = 1 + round->combo / round->desc.combo_step;
    round->multiplier = m < round->desc.max_multiplier ? m : round->desc.max_multiplier;
    return points;
}

void cp_game_round_end(cp_round *round)
{
    round->over = true;
}

bool cp_game_round_perfect(const cp_round *round, int n_questions)
{
    return n_questions >= CP_ROUND_PERFECT_MIN && round->answered == n_questions &&
           round->correct == n_questions;
}

/* ---- achievements ------------------------------------------------------------ */

static int32_t m_diagnostics(const cp_game_summary *s) { return s->diagnostics; }
static int32_t m_drills(const cp_game_summary *s) { return s->drills_done; }
static int32_t m_mocks(const cp_game_summary *s) { return s->mocks; }
static int32_t m_best_mock(const cp_game_summary *s) { return s->best_mock; }
static int32_t m_run_750(const cp_game_summary *s) { return s->best_run_750; }
static int32_t m_tasks(const cp_game_summary *s) { return s->tasks_studied; }
static int32_t m_bank(const cp_game_summary *s)
{
    return s->cards > 0 ? (int32_t)((int64_t)s->cards_seen * 100 / s->cards) : 0;
}
static int32_t mastery_percent(double r) { return (int32_t)floor(r * 100.0 + 1e-9); }
static int32_t m_master1(const cp_game_summary *s) { return mastery_percent(s->mastery[0]); }
static int32_t m_master2(const cp_game_summary *s) { return mastery_percent(s->mastery[1]); }
static int32_t m_master3(const cp_game_summary *s) { return mastery_percent(s->mastery[2]); }
static int32_t m_master4(const cp_game_summary *s) { return mastery_percent(s->mastery[3]); }
static int32_t m_streak(const cp_game_summary *s) { return s->best_streak; }
static int32_t m_perfect(const cp_game_summary *s) { return s->perfect_rounds; }
static int32_t m_combo(const cp_game_summary *s) { return s->best_combo; }
static int32_t m_long(const cp_game_summary *s) { return s->long_term_cards; }
static int32_t m_recovered(const cp_game_summary *s) { return s->recovered_cards; }

static const cp_achievement achievements[CP_ACH_COUNT] = {
    [CP_ACH_FIRST_DIAGNOSTIC] = {"first-diagnostic", "First look",
        "Finish the diagnostic.", 1, m_diagnostics},
    [CP_ACH_FIRST_DRILL] = {"first-drill", "First drill",
        "Finish a day's drill.", 1, m_drills},
    [CP_ACH_FIRST_MOCK] = {"first-mock", "Dress rehearsal",
        "Finish a mock exam.", 1, m_mocks},
    [CP_ACH_FIRST_PASS] = {"first-pass", "Pass mark",
        "Score 700 or more on a mock exam.", CP_SCALE_PASS, m_best_mock},
    [CP_ACH_FIVE_750] = {"five-750", "Consistent",
        "Score 750 or more on five mock exams in a row.", 5, m_run_750},
    [CP_ACH_TOP_SCORE] = {"top-score", "Top marks",
        "Score 850 or more on a mock exam.", 850, m_best_mock},
    [CP_ACH_ALL_TASKS] = {"all-tasks", "Full coverage",
        "Study a card of every task statement in the exam guide.", CP_TASKS, m_tasks},
    [CP_ACH_BANK_SEEN] = {"bank-seen", "Seen it all",
        "Study every card in the bank at least once (percent seen).", 100, m_bank},
    [CP_ACH_MASTER_1] = {"mastered-1", "Cloud Concepts mastered",
        "Domain 1: mean recall probability of its cards 90 % or more.", 90, m_master1},
    [CP_ACH_MASTER_2] = {"mastered-2", "Security and Compliance mastered",
        "Domain 2: mean recall probability of its cards 90 % or more.", 90, m_master2},
    [CP_ACH_MASTER_3] = {"mastered-3", "Cloud Technology and Services mastered",
        "Domain 3: mean recall probability of its cards 90 % or more.", 90, m_master3},
    [CP_ACH_MASTER_4] = {"mastered-4", "Billing, Pricing, and Support mastered",
        "Domain 4: mean recall probability of its cards 90 % or more.", 90, m_master4},
    [CP_ACH_STREAK_7] = {"streak-7", "A week",
        "Keep a 7-day streak.", 7, m_streak},
    [CP_ACH_STREAK_30] = {"streak-30", "A month",
        "Keep a 30-day streak.", 30, m_streak},
    [CP_ACH_STREAK_100] = {"streak-100", "A hundred days",
        "Keep a 100-day streak.", 100, m_streak},
    [CP_ACH_PERFECT_ROUND] = {"perfect-round", "Flawless",
        "Answer every question of a quiz round (5 or more) right.", 1, m_perfect},
    [CP_ACH_COMBO_10] = {"combo-10", "On a roll",
        "Answer 10 questions in a row right in a quiz round.", 10, m_combo},
    [CP_ACH_LONG_TERM] = {"long-term", "Long-term memory",
        "Hold 50 cards with a memory stability of 30 days or more.", 50, m_long},
    [CP_ACH_COMEBACK] = {"comeback", "Comeback",
        "Bring 25 forgotten cards back into review.", 25, m_recovered},
};

const cp_achievement *cp_game_achievement(int index)
{
    return index >= 0 && index < CP_ACH_COUNT ? &achievements[index] : NULL;
}

int cp_game_achievement_find(const char *id)
{
    for (int i = 0; id && i < CP_ACH_COUNT; i++)
        if (strcmp(achievements[i].id, id) == 0)
            return i;
    return -1;
}

bool cp_game_achievement_met(int index, const cp_game_summary *summary)
{
    const cp_achievement *a = cp_game_achievement(index);
    return a && a->measure(summary) >= a->target;
}


