/* The game: pure rules first (XP, levels, days, streak, rounds,
 * achievements), then the stored record and the app's game context.
 *
 * Nothing here is kept only in memory: the state is re-derived from the
 * review log, the attempts and the game events on every call, and an event
 * is stored for each thing that must be paid or announced exactly once (XP,
 * a level, a goal met, a freeze, an achievement). So a note is shown once
 * even across restarts, and a crash between an answer and its XP loses at
 * most that answer's XP. */
#include "cloudprep/game.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cp_time DAY = 86400;

static int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }

/* ---- XP ------------------------------------------------------------------ */

int32_t cp_game_answer_xp(const cp_xp_answer *a)
{
    static const int base[5] = {0, CP_XP_AGAIN, CP_XP_HARD, CP_XP_GOOD, CP_XP_EASY};
    if (!a || a->after_undo || a->rating < CP_AGAIN || a->rating > CP_EASY)
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
        if (interval < (double)DAY)
            interval = (double)DAY;
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

/* ---- days ------------------------------------------------------------------ */

void cp_game_log_days(const cp_log_entry *log, size_t n_log, const cp_days_desc *desc,
                      int32_t *out)
{
    int32_t floor_day = desc->floor_day ? desc->floor_day : INT32_MIN;
    size_t m = 0;
    for (size_t i = 0; i < n_log; i++) {
        while (desc->marks && m < desc->n_marks && desc->marks[m].after_id < log[i].id) {
            floor_day = max32(floor_day, desc->marks[m].day);
            m++;
        }
        int32_t day = max32(cp_day_of(&desc->clock, log[i].at), floor_day);
        out[i] = day;
        floor_day = day;    /* later rows never count on an earlier day */
    }
}

static bool has_day(const int32_t *days, size_t n, int32_t day)
{
    for (size_t i = 0; i < n; i++)
        if (days[i] == day)
            return true;
    return false;
}

/* Cards due by the end of each day are counted with a Fenwick tree over
 * the days of the walk (a card sits in the bucket of its due day), so a
 * day costs O(log days) instead of a pass over every card. */
static void bit_add(int32_t *tree, size_t n, size_t i, int32_t v)
{
    for (i++; i <= n; i += i & (~i + 1))
        tree[i - 1] += v;
}

static int32_t bit_prefix(const int32_t *tree, size_t i)   /* buckets 0..i */
{
    int32_t sum = 0;
    for (i++; i > 0; i -= i & (~i + 1))
        sum += tree[i - 1];
    return sum;
}

/* The cards as the walk goes: which were seen, and the day bucket each
 * seen card is due in: -1 before the first day, n_days or more after the
 * last (never counted), else the day's index. */
typedef struct replay {
    const cp_days_desc *desc;
    int32_t first_day;
    size_t n_days, n_cards, n_seen;
    int32_t *bucket, *tree, due_early;
    bool *seen;
} replay;

static int32_t bucket_of(const replay *r, cp_time due)
{
    int32_t k = cp_day_of(&r->desc->clock, due) - r->first_day;
    return k < 0 ? -1 : k >= (int32_t)r->n_days ? (int32_t)r->n_days : k;
}

static void place(replay *r, int32_t k, int32_t v)
{
    if (k < 0)
        r->due_early += v;
    else if (k < (int32_t)r->n_days)
        bit_add(r->tree, r->n_days, (size_t)k, v);
}

/* A card's memory is now m (a row replayed, or the start state). */
static void settle_card(replay *r, int32_t c, const cp_memory *m)
{
    if (!r->seen[c]) {
        r->seen[c] = true;
        r->n_seen++;
    } else {
        place(r, r->bucket[c], -1);
    }
    r->bucket[c] = bucket_of(r, m->due);
    place(r, r->bucket[c], +1);
}

static void apply(replay *r, const cp_log_entry *e)
{
    if (e->card >= 0 && (size_t)e->card < r->n_cards)
        settle_card(r, e->card, &e->after);
}

cp_status cp_game_days(const cp_log_entry *log, size_t n_log, size_t n_cards,
                       const cp_days_desc *desc, int32_t first_day, cp_day_record *days,
                       size_t n_days)
{
    return cp_game_days_from(log, n_log, n_cards, NULL, 0, desc, first_day, days, n_days);
}

cp_status cp_game_days_from(const cp_log_entry *log, size_t n_log, size_t n_cards,
                            const cp_memory *start, int64_t start_id,
                            const cp_days_desc *desc, int32_t first_day,
                            cp_day_record *days, size_t n_days)
{
    cp_status status = CP_OK;
    size_t nc = n_cards ? n_cards : 1;
    replay rp = {.desc = desc, .first_day = first_day, .n_days = n_days, .n_cards = n_cards,
                 .bucket = malloc(nc * sizeof *rp.bucket), .seen = calloc(nc, sizeof *rp.seen),
                 .tree = calloc(n_days ? n_days : 1, sizeof *rp.tree)};
    int32_t *when = malloc((n_log ? n_log : 1) * sizeof *when);
    int32_t *done_on = malloc(nc * sizeof *done_on);
    if (!when || !rp.bucket || !rp.seen || !done_on || !rp.tree) {
        status = CP_ERR_NOMEM;
        goto done;
    }
    for (size_t c = 0; c < n_cards; c++)
        done_on[c] = INT32_MIN;
    cp_game_log_days(log, n_log, desc, when);
    for (size_t c = 0; start && c < n_cards; c++)
        if (start[c].state != CP_STATE_NEW)
            settle_card(&rp, (int32_t)c, &start[c]);

    size_t i = 0;
    int64_t through = start_id;
    for (; i < n_log && when[i] < first_day; i++) {
        apply(&rp, &log[i]);
        through = log[i].id;
    }
    for (size_t k = 0; k < n_days; k++) {
        int32_t d = first_day + (int32_t)k;
        cp_day_record *r = &days[k];
        memset(r, 0, sizeof *r);
        r->day = d;
        /* Seen cards due before the day ends, as of its start. */
        r->due = rp.due_early + bit_prefix(rp.tree, k);
        int32_t unseen = (int32_t)(n_cards - rp.n_seen);
        int32_t limit = desc->new_per_day > 0 ? desc->new_per_day : 0;
        r->fresh = unseen < limit ? unseen : limit;
        int64_t ms = 0;
        for (; i < n_log && when[i] == d; i++) {
            const cp_log_entry *e = &log[i];
            through = e->id;
            /* A mock exam's or diagnostic's misses are logged as Again
             * reviews so they come back in the drill; they move the
             * card's memory but are not the day's study (no drill done,
             * no goal, no new cards introduced by studying). */
            if (e->mode == CP_MODE_EXAM || e->mode == CP_MODE_DIAGNOSTIC) {
                apply(&rp, e);
                continue;
            }
            r->reviews++;
            r->correct += e->rating != CP_AGAIN;
            ms += e->duration_ms;
            if (e->card >= 0 && (size_t)e->card < n_cards) {
                int32_t c = e->card;
                if (!rp.seen[c]) {
                    r->introduced++;
                    int dom = desc->card_domain ? desc->card_domain[c] - 1 : -1;
                    if (dom >= 0 && dom < CP_DOMAINS)
                        r->introduced_by_domain[dom]++;
                }
                /* Its first answer today finds its due date as it was when
                 * the day began: due by the day's end means due today. */
                else if (done_on[c] != d && rp.bucket[c] <= (int32_t)k)
                    r->due_done++;
                done_on[c] = d;
            }
            apply(&rp, e);
        }
        r->seconds = (int32_t)(ms / 1000);
        int32_t cap = desc->reviews_per_day > 0 && r->due > desc->reviews_per_day
                          ? desc->reviews_per_day : r->due;
        bool work = r->due > 0 || r->fresh > 0;
        r->work_done = work && r->due_done >= cap && r->introduced >= r->fresh;
        r->drill_done = r->work_done || has_day(desc->drill_days, desc->n_drill_days, d);
        r->goal_reported = has_day(desc->goal_days, desc->n_goal_days, d);
        r->through_id = through;
    }
done:
    free(when);
    free(rp.bucket);
    free(rp.seen);
    free(rp.tree);
    free(done_on);
    return status;
}

static int goal_or_default(int goal_minutes)
{
    return goal_minutes > 0 ? goal_minutes : CP_GAME_DEFAULT_GOAL_MINUTES;
}

bool cp_game_goal_met(const cp_day_record *day, int goal_minutes)
{
    return day->drill_done || day->goal_reported ||
           day->seconds >= goal_or_default(goal_minutes) * 60;
}

bool cp_game_day_kept(const cp_day_record *day, int goal_minutes)
{
    return cp_game_goal_met(day, goal_minutes) || (day->due == 0 && day->fresh == 0);
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
        if (r && cp_game_day_kept(r, goal_minutes)) {
            out->current++;
            if (out->current % CP_GAME_FREEZE_EVERY == 0 &&
                out->freezes < CP_GAME_MAX_FREEZES) {
                out->freezes++;
                out->freezes_earned++;
            }
            if (out->current > out->best)
                out->best = out->current;
            if (d == today)
                out->today_kept = true;
        } else if (d == today) {
            /* Today is not over: it cannot break the streak yet. */
        } else if (out->freezes > 0 && out->current > 0) {
            out->freezes--;
            out->freezes_used++;
            out->last_frozen_day = d;
        } else {
            out->current = 0;
        }
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

void cp_game_summarize(const cp_history *h, const cp_fsrs_params *params, cp_time now,
                       cp_game_summary *out)
{
    cp_fsrs_params defaults;
    if (!params) {
        cp_fsrs_default_params(&defaults);
        params = &defaults;
    }
    memset(out, 0, sizeof *out);
    int32_t run = 0;
    for (size_t i = 0; i < h->n_attempts; i++) {
        const cp_history_attempt *a = &h->attempts[i];
        if (!cp_history_attempt_finished(a))
            continue;
        if (a->kind == CP_HISTORY_DIAGNOSTIC)
            out->diagnostics++;
        if (a->kind != CP_HISTORY_MOCK)
            continue;
        out->mocks++;
        out->best_mock = max32(out->best_mock, a->scaled_score);
        run = a->scaled_score >= CP_SCALE_TARGET ? run + 1 : 0;
        out->best_run_750 = max32(out->best_run_750, run);
    }
    bool task_seen[CP_TASKS] = {false};
    double r_sum[CP_DOMAINS] = {0};
    int32_t n_dom[CP_DOMAINS] = {0};
    out->cards = (int32_t)h->n_cards;
    for (size_t c = 0; c < h->n_cards; c++) {
        const cp_card *card = h->deck ? cp_deck_card(h->deck, c) : NULL;
        const cp_memory *m = &h->memory[c];
        int d = card ? card->domain - 1 : -1;
        bool seen = m->state != CP_STATE_NEW;
        if (d >= 0 && d < CP_DOMAINS) {
            n_dom[d]++;
            if (seen)
                r_sum[d] += cp_fsrs_retrievability(params, m, now);
        }
        if (!seen)
            continue;
        out->cards_seen++;
        if (card && card->task >= 0 && card->task < CP_TASKS)
            task_seen[card->task] = true;
        if (m->stability >= CP_GAME_LONG_TERM_DAYS)
            out->long_term_cards++;
        if (m->lapses > 0 && m->state == CP_STATE_REVIEW)
            out->recovered_cards++;
    }
    for (int t = 0; t < CP_TASKS; t++)
        out->tasks_studied += task_seen[t];
    for (int d = 0; d < CP_DOMAINS; d++)
        out->mastery[d] = n_dom[d] ? r_sum[d] / n_dom[d] : 0.0;
}

/* ---- the stored record --------------------------------------------------------- */

typedef struct record_loader {
    cp_game_record *r;
    bool nomem;
} record_loader;

static bool push32(int32_t **items, size_t *n, int32_t value)
{
    if ((*n & (*n - 1)) == 0) {     /* grow at powers of two */
        int32_t *grown = realloc(*items, (*n ? *n * 2 : 8) * sizeof *grown);
        if (!grown)
            return false;
        *items = grown;
    }
    (*items)[(*n)++] = value;
    return true;
}

static bool push64(int64_t **items, size_t *n, int64_t value)
{
    if ((*n & (*n - 1)) == 0) {
        int64_t *grown = realloc(*items, (*n ? *n * 2 : 8) * sizeof *grown);
        if (!grown)
            return false;
        *items = grown;
    }
    (*items)[(*n)++] = value;
    return true;
}

static bool push_mark(cp_game_record *r, cp_game_mark mark)
{
    if ((r->n_marks & (r->n_marks - 1)) == 0) {
        cp_game_mark *grown = realloc(r->marks, (r->n_marks ? r->n_marks * 2 : 8) * sizeof *grown);
        if (!grown)
            return false;
        r->marks = grown;
    }
    r->marks[r->n_marks++] = mark;
    return true;
}

static void on_event(void *ctx, const cp_game_event *e)
{
    record_loader *l = ctx;
    cp_game_record *r = l->r;
    const char *detail = e->detail ? e->detail : "";
    bool ok = true;
    if (e->id > r->last_event_id)
        r->last_event_id = e->id;
    if (strcmp(e->kind, "xp") == 0) {
        if (e->id > r->xp_through_event)    /* the rest is in the settled total */
            r->xp += e->amount;
        if (strncmp(detail, "attempt:", 8) == 0)
            ok = push64(&r->attempts_paid, &r->n_attempts_paid, strtoll(detail + 8, NULL, 10));
    } else if (strcmp(e->kind, "level") == 0) {
        r->level_announced = max32(r->level_announced, (int32_t)e->amount);
    } else if (strcmp(e->kind, "seen-day") == 0) {
        ok = push_mark(r, (cp_game_mark){(int32_t)e->amount, strtoll(detail, NULL, 10)});
    } else if (strcmp(e->kind, "drill-done") == 0) {
        ok = push32(&r->drill_days, &r->n_drill_days, (int32_t)e->amount);
    } else if (strcmp(e->kind, "goal-met") == 0) {
        ok = push32(&r->goal_days, &r->n_goal_days, (int32_t)e->amount);
    } else if (strcmp(e->kind, "freeze-earned") == 0) {
        r->freezes_earned_announced += (int32_t)e->amount;
    } else if (strcmp(e->kind, "freeze-used") == 0) {
        r->freezes_used_announced += (int32_t)e->amount;
    } else if (strcmp(e->kind, "achievement") == 0) {
        int i = cp_game_achievement_find(detail);
        if (i >= 0 && !r->earned_at[i])
            r->earned_at[i] = e->at ? e->at : 1;
    } else if (strcmp(e->kind, "round") == 0) {
        int answered = 0, correct = 0, combo = 0, questions = 0;
        sscanf(detail, "%d %d %d %d", &answered, &correct, &combo, &questions);
        r->rounds++;
        if (e->amount > r->round_high_score)
            r->round_high_score = e->amount;
        r->best_combo = max32(r->best_combo, combo);
        if (questions >= CP_ROUND_PERFECT_MIN && answered == questions && correct == questions)
            r->perfect_rounds++;
    }
    if (!ok)
        l->nomem = true;
}

static int by_after_id(const void *a, const void *b)
{
    const cp_game_mark *x = a, *y = b;
    if (x->after_id != y->after_id)
        return x->after_id < y->after_id ? -1 : 1;
    return (x->day > y->day) - (x->day < y->day);
}

static void on_settled(void *ctx, const cp_settled_day *d)
{
    record_loader *l = ctx;
    cp_game_record *r = l->r;
    if (l->nomem)
        return;
    if ((r->n_settled & (r->n_settled - 1)) == 0) {
        cp_day_record *grown = realloc(r->settled, (r->n_settled ? r->n_settled * 2 : 8) * sizeof *grown);
        if (!grown) {
            l->nomem = true;
            return;
        }
        r->settled = grown;
    }
    cp_day_record *day = &r->settled[r->n_settled++];
    *day = (cp_day_record){.day = d->day, .reviews = d->reviews, .correct = d->correct,
                           .seconds = d->seconds, .due = d->due, .due_done = d->due_done,
                           .fresh = d->fresh, .introduced = d->introduced,
                           .work_done = d->work_done, .through_id = d->through_id};
    for (int k = 0; k < CP_DOMAINS; k++)
        day->introduced_by_domain[k] = d->introduced_by_domain[k];
    r->settled_through = d->through_id;
    r->xp_through_event = d->xp_through_event;
    r->xp = d->xp_total;
}

cp_status cp_game_record_load(cp_store *store, cp_game_record *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    record_loader l = {.r = out};
    cp_status s = cp_store_each_settled_day(store, on_settled, &l, err);
    /* Settled days are consecutive with growing row ids; anything else
     * (an edited file) is ignored and the log replayed in full. */
    bool usable = s == CP_OK && !l.nomem;
    for (size_t k = 1; usable && k < out->n_settled; k++)
        usable = out->settled[k].day == out->settled[k - 1].day + 1 &&
                 out->settled[k].through_id >= out->settled[k - 1].through_id;
    if (!usable) {
        free(out->settled);
        out->settled = NULL;
        out->n_settled = 0;
        out->settled_through = out->xp_through_event = out->xp = 0;
    }
    out->last_event_id = out->xp_through_event;
    if (s == CP_OK && !l.nomem)
        s = cp_store_each_event_except(store, "xp", out->xp_through_event, "attempt:", on_event,
                                       &l, err);
    if (s == CP_OK && l.nomem)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory reading game events");
    if (s != CP_OK) {
        cp_game_record_release(out);
        return s;
    }
    if (out->n_marks > 1)
        qsort(out->marks, out->n_marks, sizeof *out->marks, by_after_id);
    return CP_OK;
}

void cp_game_record_release(cp_game_record *record)
{
    if (!record)
        return;
    free(record->marks);
    free(record->drill_days);
    free(record->goal_days);
    free(record->attempts_paid);
    free(record->settled);
    memset(record, 0, sizeof *record);
}

/* ---- evaluation ------------------------------------------------------------------ */

static void follow_plan(const cp_history *h, const cp_day_record *days, size_t n_days,
                        const cp_settings *s, const cp_day_clock *clock, cp_time plan_start,
                        cp_time now, cp_game_state *out)
{
    int32_t exam_day;
    if (!s->exam_date[0] || !cp_day_parse(s->exam_date, &exam_day))
        return;
    cp_time exam = cp_day_begin(clock, exam_day);
    if (exam <= now)
        return;
    if (plan_start <= 0 || plan_start > now || plan_start >= exam)
        plan_start = now;
    /* Cards first studied before the plan's first day are not part of it:
     * the plan's cards are those still New plus those introduced since. */
    int unseen[CP_DOMAINS] = {0}, introduced[CP_DOMAINS] = {0}, studied = 0;
    int32_t plan_day = cp_day_of(clock, plan_start);
    for (size_t k = 0; k < n_days; k++)
        for (int d = 0; days[k].day >= plan_day && d < CP_DOMAINS; d++)
            introduced[d] += days[k].introduced_by_domain[d];
    for (size_t c = 0; c < h->n_cards; c++) {
        int d = h->deck ? cp_deck_card(h->deck, c)->domain - 1 : -1;
        if (d < 0 || d >= CP_DOMAINS)
            continue;
        if (h->memory[c].state == CP_STATE_NEW)
            unseen[d]++;
        else
            studied++;
    }
    for (int d = 0; d < CP_DOMAINS; d++)
        unseen[d] += introduced[d];
    if (cp_plan_make(&(cp_plan_desc){.exam_date = exam}, unseen, 0, plan_start, &out->plan,
                     NULL) != CP_OK)
        return;
    out->has_plan = true;
    cp_plan_follow(&out->plan, introduced, studied, now, &out->plan_today);
}

/* Card c's memory before the first of rows (the log above a boundary):
 * its memory now with those rows undone. */
static cp_memory *start_memories(const cp_history *h, const cp_log_entry *rows, size_t n)
{
    cp_memory *start = malloc((h->n_cards ? h->n_cards : 1) * sizeof *start);
    bool *undone = calloc(h->n_cards ? h->n_cards : 1, sizeof *undone);
    if (!start || !undone) {
        free(start);
        free(undone);
        return NULL;
    }
    if (h->n_cards)
        memcpy(start, h->memory, h->n_cards * sizeof *start);
    for (size_t i = 0; i < n; i++) {
        int32_t c = rows[i].card;
        if (c >= 0 && (size_t)c < h->n_cards && !undone[c]) {
            start[c] = rows[i].before;
            undone[c] = true;
        }
    }
    free(undone);
    return start;
}

cp_status cp_game_evaluate(const cp_history *h, const cp_game_record *rec,
                           const cp_game_desc *desc, int goal_minutes, cp_time plan_start,
                           cp_time now, cp_game_state *out, cp_day_record **days_out,
                           size_t *n_days_out, cp_error *err)
{
    static const cp_game_desc no_desc = {0};
    if (!desc)
        desc = &no_desc;
    cp_settings defaults;
    const cp_settings *s = desc->settings;
    if (!s) {
        cp_settings_default(&defaults);
        s = &defaults;
    }
    memset(out, 0, sizeof *out);
    if (days_out)
        *days_out = NULL;
    if (n_days_out)
        *n_days_out = 0;
    cp_days_desc dd = {
        .clock = {s->day_start_hour, desc->utc_offset_s},
        .new_per_day = s->new_per_day, .reviews_per_day = s->reviews_per_day,
        .marks = rec->marks, .n_marks = rec->n_marks,
        .drill_days = rec->drill_days, .n_drill_days = rec->n_drill_days,
        .goal_days = rec->goal_days, .n_goal_days = rec->n_goal_days,
    };
    /* Settled days are taken as stored (with the app's reports applied);
     * the rows above them are replayed, on the days after them. */
    size_t n_settled = rec->n_settled;
    int64_t boundary = n_settled ? rec->settled_through : 0;
    const cp_log_entry *rows = h->log;
    size_t n_rows = h->n_log;
    while (n_rows && rows->id <= boundary) {
        rows++;
        n_rows--;
    }
    if (n_settled)
        dd.floor_day = rec->settled[n_settled - 1].day + 1;
    uint8_t *domain = malloc(h->n_cards ? h->n_cards : 1);
    if (!domain)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t c = 0; c < h->n_cards; c++)
        domain[c] = h->deck ? (uint8_t)cp_deck_card(h->deck, c)->domain : 0;
    dd.card_domain = domain;

    /* Today is never before a day already seen: not before a high-water
     * mark, a settled day, nor the day the newest answer counted on. */
    int32_t today = cp_day_of(&dd.clock, now);
    for (size_t m = 0; m < rec->n_marks; m++)
        today = max32(today, rec->marks[m].day);
    if (n_settled)
        today = max32(today, dd.floor_day);
    int32_t first = n_settled ? dd.floor_day : today;
    if (n_rows) {
        int32_t *when = malloc(n_rows * sizeof *when);
        if (!when) {
            free(domain);
            return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
        }
        cp_game_log_days(rows, n_rows, &dd, when);
        if (!n_settled && when[0] < first)
            first = when[0];
        today = max32(today, when[n_rows - 1]);
        free(when);
    }
    /* The cards as they were before the first replayed row: every card New
     * for a whole log replayed from its start, else their memories now with
     * the replayed rows undone. */
    cp_memory *start = NULL;
    if ((n_settled || h->log_after_id) &&
        !(start = start_memories(h, rows, n_rows))) {
        free(domain);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    size_t n_new = (size_t)(today - first) + 1;
    size_t n_days = n_settled + n_new;
    cp_day_record *days = malloc(n_days * sizeof *days);
    cp_status ds = days ? cp_game_days_from(rows, n_rows, h->n_cards, start, boundary, &dd, first,
                                            days + n_settled, n_new)
                        : CP_ERR_NOMEM;
    free(start);
    free(domain);
    dd.card_domain = NULL;
    if (ds != CP_OK) {
        free(days);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < n_settled; k++) {
        days[k] = rec->settled[k];
        days[k].drill_done = days[k].work_done ||
                             has_day(rec->drill_days, rec->n_drill_days, days[k].day);
        days[k].goal_reported = has_day(rec->goal_days, rec->n_goal_days, days[k].day);
    }

    out->today = today;
    out->goal_minutes = goal_or_default(goal_minutes);
    out->xp = rec->xp;
    out->level = cp_game_level(rec->xp);
    out->today_record = days[n_days - 1];
    out->goal_met = cp_game_goal_met(&out->today_record, out->goal_minutes);
    out->drill_done = has_day(rec->drill_days, rec->n_drill_days, today);
    cp_game_streak(days, n_days, today, out->goal_minutes, &out->streak);
    out->round_high_score = rec->round_high_score;

    cp_game_summarize(h, desc->params, now, &out->summary);
    for (size_t k = 0; k < n_days; k++)
        out->summary.drills_done += days[k].drill_done && days[k].reviews > 0;
    out->summary.best_streak = out->streak.best;
    out->summary.perfect_rounds = rec->perfect_rounds;
    out->summary.best_combo = rec->best_combo;
    for (int i = 0; i < CP_ACH_COUNT; i++) {
        out->earned_at[i] = rec->earned_at[i];
        out->achievements += rec->earned_at[i] != 0;
    }
    follow_plan(h, days, n_days, s, &dd.clock, plan_start, now, out);

    if (days_out) {
        *days_out = days;
        if (n_days_out)
            *n_days_out = n_days;
    } else {
        free(days);
    }
    return CP_OK;
}

/* ---- the app's game ---------------------------------------------------------------- */

enum { UNDONE_MAX = 16, CARD_ID_MAX = 128 };

struct cp_game {
    cp_store *store;
    const cp_deck *deck;
    cp_game_desc desc;
    cp_settings settings;
    cp_fsrs_params params;
    cp_game_state state;
    char undone[UNDONE_MAX][CARD_ID_MAX];
    size_t n_undone;
};

static void note(cp_game_notes *notes, cp_note_kind kind, int64_t amount, const char *detail)
{
    if (!notes || notes->n >= CP_GAME_MAX_NOTES)
        return;
    cp_game_note *n = &notes->note[notes->n++];
    n->kind = kind;
    n->amount = amount;
    snprintf(n->detail, sizeof n->detail, "%s", detail ? detail : "");
}

static cp_status add_event(cp_game *g, cp_time at, const char *kind, int64_t amount,
                           const char *detail, cp_error *err)
{
    cp_game_event e = {.at = at, .kind = kind, .amount = amount, .detail = detail};
    return cp_store_add_event(g->store, &e, err);
}

cp_status cp_game_read_setup(cp_store *store, const cp_settings *settings, int *goal_minutes,
                             cp_time *plan_start, cp_error *err)
{
    char v[64];
    bool found = false;
    *goal_minutes = CP_GAME_DEFAULT_GOAL_MINUTES;
    *plan_start = 0;
    cp_status s = cp_store_get_setting(store, CP_GAME_GOAL_SETTING, v, sizeof v, &found, err);
    if (s != CP_OK)
        return s;
    int minutes = found ? atoi(v) : 0;
    if (minutes >= 1 && minutes <= 600)
        *goal_minutes = minutes;
    if (!settings || !settings->exam_date[0])
        return CP_OK;
    if ((s = cp_store_get_setting(store, CP_GAME_PLAN_SETTING, v, sizeof v, &found, err)) != CP_OK)
        return s;
    size_t len = strlen(settings->exam_date);
    if (found && strncmp(v, settings->exam_date, len) == 0 && v[len] == ' ')
        *plan_start = strtoll(v + len + 1, NULL, 10);
    return CP_OK;
}

/* The goal, and the plan's anchor: when the current exam date was set. A
 * new date (or none stored) starts the plan now, and that is stored. */
static cp_status game_setup(cp_game *g, cp_time now, int *goal, cp_time *start, cp_error *err)
{
    cp_status s = cp_game_read_setup(g->store, &g->settings, goal, start, err);
    if (s != CP_OK)
        return s;
    if (g->desc.goal_minutes > 0)
        *goal = g->desc.goal_minutes;
    if (!g->settings.exam_date[0] || *start)
        return CP_OK;
    char v[64];
    snprintf(v, sizeof v, "%s %" PRId64, g->settings.exam_date, (int64_t)now);
    *start = now;
    return cp_store_set_setting(g->store, CP_GAME_PLAN_SETTING, v, err);
}

static bool attempt_paid(const cp_game_record *r, int64_t id)
{
    for (size_t i = 0; i < r->n_attempts_paid; i++)
        if (r->attempts_paid[i] == id)
            return true;
    return false;
}

/* Stores the days before today that are not settled yet, with the XP
 * total as read. Without a deck nothing is settled: its days would count
 * no work to do. */
static cp_status settle_days(cp_game *g, const cp_game_record *rec, const cp_day_record *days,
                             size_t n_days, int32_t today, int64_t xp, int64_t last_event,
                             cp_error *err)
{
    if (!g->deck || !cp_deck_count(g->deck))
        return CP_OK;
    size_t k = rec->n_settled, n = 0;
    while (k + n < n_days && days[k + n].day < today)
        n++;
    if (!n)
        return CP_OK;
    cp_settled_day *out = calloc(n, sizeof *out);
    if (!out)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const cp_day_record *d = &days[k + i];
        out[i] = (cp_settled_day){.day = d->day, .through_id = d->through_id,
                                  .reviews = d->reviews, .correct = d->correct,
                                  .seconds = d->seconds, .due = d->due, .due_done = d->due_done,
                                  .fresh = d->fresh, .introduced = d->introduced,
                                  .work_done = d->work_done, .xp_through_event = last_event,
                                  .xp_total = xp};
        for (int dom = 0; dom < CP_DOMAINS; dom++)
            out[i].introduced_by_domain[dom] = d->introduced_by_domain[dom];
    }
    cp_status s = cp_store_settle_days(g->store, out, n, err);
    free(out);
    return s;
}

/* Reads the record and the log since the settled days, stores what is new
 * and owed, and notes it. */
static cp_status sync(cp_game *g, cp_time now, cp_game_notes *notes, cp_error *err)
{
    cp_history h = {0};
    cp_game_record rec = {0};
    cp_day_record *days = NULL;
    size_t n_days = 0;
    cp_status s = cp_game_record_load(g->store, &rec, err);
    if (s == CP_OK)
        s = cp_history_load_after(g->store, g->deck, g->desc.memory,
                                  rec.n_settled ? rec.settled_through : 0, &h, err);
    /* What was read, before this pass adds to it (settle_days stores it). */
    int64_t xp_read = rec.xp, events_read = rec.last_event_id;
    cp_time plan_start = now;
    int goal = CP_GAME_DEFAULT_GOAL_MINUTES;
    if (s == CP_OK)
        s = game_setup(g, now, &goal, &plan_start, err);
    if (s != CP_OK)
        goto done;

    /* The high-water mark: a new day seen, with the newest log row. */
    cp_day_clock clock = {g->settings.day_start_hour, g->desc.utc_offset_s};
    int32_t day = cp_day_of(&clock, now);
    int32_t top = INT32_MIN;
    for (size_t m = 0; m < rec.n_marks; m++)
        top = max32(top, rec.marks[m].day);
    if (day > top) {
        int64_t last_id = h.n_log ? h.log[h.n_log - 1].id : rec.n_settled ? rec.settled_through : 0;
        char detail[32];
        snprintf(detail, sizeof detail, "%" PRId64, last_id);
        if ((s = add_event(g, now, "seen-day", day, detail, err)) != CP_OK)
            goto done;
        if (!push_mark(&rec, (cp_game_mark){day, last_id})) {
            s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
            goto done;
        }
    }

    /* XP owed for finished mocks and diagnostics. */
    for (size_t i = 0; i < h.n_attempts; i++) {
        const cp_history_attempt *a = &h.attempts[i];
        if (!cp_history_attempt_finished(a) || attempt_paid(&rec, a->id))
            continue;
        int64_t xp = a->kind == CP_HISTORY_MOCK ? CP_XP_MOCK + (a->scaled_score >= CP_SCALE_PASS
                                                                    ? CP_XP_MOCK_PASS : 0)
                     : a->kind == CP_HISTORY_DIAGNOSTIC ? CP_XP_DIAGNOSTIC : 0;
        if (!xp)
            continue;
        char detail[32];
        snprintf(detail, sizeof detail, "attempt:%" PRId64, a->id);
        if ((s = add_event(g, now, "xp", xp, detail, err)) != CP_OK)
            goto done;
        rec.xp += xp;
        note(notes, CP_NOTE_XP, xp, a->kind == CP_HISTORY_MOCK ? "mock exam" : "diagnostic");
    }

    cp_game_desc desc = g->desc;
    desc.settings = &g->settings;
    desc.params = &g->params;
    cp_game_state st;
    if ((s = cp_game_evaluate(&h, &rec, &desc, goal, plan_start, now, &st, &days, &n_days, err)) !=
        CP_OK)
        goto done;
    if ((s = settle_days(g, &rec, days, n_days, st.today, xp_read, events_read, err)) != CP_OK)
        goto done;

    if (st.level.level > rec.level_announced && st.level.level > 1) {
        if ((s = add_event(g, now, "level", st.level.level, "", err)) != CP_OK)
            goto done;
        note(notes, CP_NOTE_LEVEL_UP, st.level.level, "");
    }
    if (st.goal_met && !st.today_record.goal_reported) {
        if ((s = add_event(g, now, "goal-met", st.today, "", err)) != CP_OK)
            goto done;
        st.today_record.goal_reported = true;
        note(notes, CP_NOTE_GOAL_MET, st.streak.current, "");
    }
    int32_t earned = st.streak.freezes_earned - rec.freezes_earned_announced;
    if (earned > 0) {
        if ((s = add_event(g, now, "freeze-earned", earned, "", err)) != CP_OK)
            goto done;
        note(notes, CP_NOTE_FREEZE_EARNED, st.streak.freezes, "");
    }
    int32_t used = st.streak.freezes_used - rec.freezes_used_announced;
    if (used > 0) {
        char date[16];
        cp_day_format(st.streak.last_frozen_day, date, sizeof date);
        if ((s = add_event(g, now, "freeze-used", used, date, err)) != CP_OK)
            goto done;
        note(notes, CP_NOTE_FREEZE_USED, used, date);
    }
    for (int i = 0; i < CP_ACH_COUNT; i++) {
        if (st.earned_at[i] || !cp_game_achievement_met(i, &st.summary))
            continue;
        if ((s = add_event(g, now, "achievement", 0, achievements[i].id, err)) != CP_OK)
            goto done;
        st.earned_at[i] = now ? now : 1;
        st.achievements++;
        note(notes, CP_NOTE_ACHIEVEMENT, i, achievements[i].id);
    }
    g->state = st;
done:
    free(days);
    cp_history_release(&h);
    cp_game_record_release(&rec);
    return s;
}

void cp_game_set_desc(cp_game *g, const cp_game_desc *desc)
{
    static const cp_game_desc none = {0};
    if (!desc)
        desc = &none;
    g->desc = *desc;
    if (desc->settings)
        g->settings = *desc->settings;
    else
        cp_settings_default(&g->settings);
    if (desc->params) {
        g->params = *desc->params;
    } else {
        cp_fsrs_default_params(&g->params);
        g->params.desired_retention = g->settings.desired_retention;
    }
}

cp_status cp_game_open(cp_store *store, const cp_deck *deck, const cp_game_desc *desc,
                       cp_time now, cp_game **out, cp_game_notes *notes, cp_error *err)
{
    *out = NULL;
    if (notes)
        notes->n = 0;
    if (!store)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "game: no store");
    cp_game *g = calloc(1, sizeof *g);
    if (!g)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    g->store = store;
    g->deck = deck;
    cp_game_set_desc(g, desc);
    cp_status s = sync(g, now, notes, err);
    if (s != CP_OK) {
        free(g);
        return s;
    }
    *out = g;
    return CP_OK;
}

void cp_game_free(cp_game *game)
{
    free(game);
}

const cp_game_state *cp_game_state_of(const cp_game *game)
{
    return &game->state;
}

cp_status cp_game_refresh(cp_game *game, cp_time now, cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    return sync(game, now, notes, err);
}

void cp_game_undone(cp_game *g, const char *card_id)
{
    if (!card_id)
        return;
    for (size_t i = 0; i < g->n_undone; i++)
        if (strcmp(g->undone[i], card_id) == 0)
            return;
    if (g->n_undone == UNDONE_MAX) {    /* forget the oldest */
        memmove(g->undone[0], g->undone[1], (UNDONE_MAX - 1) * sizeof g->undone[0]);
        g->n_undone--;
    }
    snprintf(g->undone[g->n_undone++], CARD_ID_MAX, "%s", card_id);
}

cp_status cp_game_answered(cp_game *g, const char *card_id, const cp_xp_answer *answer,
                           cp_time now, cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    cp_xp_answer a = *answer;
    for (size_t i = 0; card_id && i < g->n_undone; i++) {
        if (strcmp(g->undone[i], card_id) != 0)
            continue;
        a.after_undo = true;
        memmove(g->undone[i], g->undone[i + 1], (g->n_undone - i - 1) * sizeof g->undone[0]);
        g->n_undone--;
        break;
    }
    int32_t xp = cp_game_answer_xp(&a);
    if (xp > 0) {
        char detail[CARD_ID_MAX + 8];
        snprintf(detail, sizeof detail, "review:%s", card_id ? card_id : "");
        cp_status s = add_event(g, now, "xp", xp, detail, err);
        if (s != CP_OK)
            return s;
        note(notes, CP_NOTE_XP, xp, card_id);
    }
    return sync(g, now, notes, err);
}

cp_status cp_game_drill_finished(cp_game *g, cp_time now, cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    cp_status s = sync(g, now, notes, err);
    if (s != CP_OK || g->state.drill_done || g->state.today_record.reviews == 0)
        return s;
    char detail[32];
    snprintf(detail, sizeof detail, "drill:%" PRId32, g->state.today);
    if ((s = add_event(g, now, "drill-done", g->state.today, "", err)) != CP_OK ||
        (s = add_event(g, now, "xp", CP_XP_DRILL_BONUS, detail, err)) != CP_OK)
        return s;
    note(notes, CP_NOTE_DRILL_DONE, CP_XP_DRILL_BONUS, "");
    return sync(g, now, notes, err);
}

cp_status cp_game_round_finished(cp_game *g, const cp_round *round, int n_questions,
                                 cp_time now, cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    char detail[64];
    snprintf(detail, sizeof detail, "%d %d %d %d", round->answered, round->correct,
             round->best_combo, n_questions);
    int64_t before = g->state.round_high_score;
    cp_status s = add_event(g, now, "round", round->score, detail, err);
    if (s != CP_OK)
        return s;
    if (round->score > before)
        note(notes, CP_NOTE_HIGH_SCORE, round->score, "");
    return sync(g, now, notes, err);
}
