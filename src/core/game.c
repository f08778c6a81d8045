/* The game's state and the service that keeps it.
 *
 * cp_game_evaluate is the pure definition: the state from the settled days,
 * the record of events and a replay of the log rows after them. The
 * service (cp_game) evaluates that way when it opens, on a new learning
 * day, after settings change and after an undo (sync below), and keeps a
 * few partial sums beside the state (the tally: seen cards per task and
 * domain, recall per domain, the streak through yesterday, ...). An answer
 * then moves the state forward in O(1) of the history (apply_row), inside
 * the caller's write group, writing the events it earns; the new state is
 * taken only after the group committed. tests/unit/test_game.c checks the
 * moved state against a fresh evaluation after random answers, undos,
 * exams and day changes.
 *
 * Time: a day is settled only when it is before both the clock's day and
 * the newest answer's day, and only while the decks hold every studied
 * card; nothing is written for a day the log has not reached. So a clock
 * that was wrong at some start, or a deck that was missing, leaves the
 * stored record as it was. */
#include "cloudprep/game.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }

/* ---- the tally: sums the summary is made of ------------------------------------ */

typedef struct tally {
    int32_t cards;                      /* in the deck */
    int32_t cards_seen;
    int32_t task_seen[CP_TASKS];        /* seen cards per task */
    int32_t domain_cards[CP_DOMAINS];
    int32_t domain_unseen[CP_DOMAINS];
    double recall[CP_DOMAINS];          /* sum of retrievability of seen cards */
    int32_t long_term, recovered;
    /* finished attempts */
    int32_t diagnostics, mocks, best_mock, best_run_750, run_750;
} tally;

static void tally_card(tally *t, const cp_card *card, const cp_memory *m,
                       const cp_fsrs_params *params, cp_time now, int sign)
{
    bool seen = m->state != CP_STATE_NEW;
    int d = card ? card->domain - 1 : -1;
    if (!seen) {
        if (d >= 0 && d < CP_DOMAINS)
            t->domain_unseen[d] += sign;
        return;
    }
    t->cards_seen += sign;
    if (card && card->task >= 0 && card->task < CP_TASKS)
        t->task_seen[card->task] += sign;
    if (d >= 0 && d < CP_DOMAINS)
        t->recall[d] += sign * cp_fsrs_retrievability(params, m, now);
    if (m->stability >= CP_GAME_LONG_TERM_DAYS)
        t->long_term += sign;
    if (m->lapses > 0 && m->state == CP_STATE_REVIEW)
        t->recovered += sign;
}

static void tally_attempt(tally *t, uint8_t kind, int32_t scaled)
{
    if (kind == CP_HISTORY_DIAGNOSTIC)
        t->diagnostics++;
    if (kind != CP_HISTORY_MOCK)
        return;
    t->mocks++;
    t->best_mock = max32(t->best_mock, scaled);
    t->run_750 = scaled >= CP_SCALE_TARGET ? t->run_750 + 1 : 0;
    t->best_run_750 = max32(t->best_run_750, t->run_750);
}

static void tally_build(tally *t, const cp_history *h, const cp_fsrs_params *params, cp_time now)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < h->n_attempts; i++)
        if (cp_history_attempt_finished(&h->attempts[i]))
            tally_attempt(t, h->attempts[i].kind, h->attempts[i].scaled_score);
    t->cards = (int32_t)h->n_cards;
    for (size_t c = 0; c < h->n_cards; c++) {
        const cp_card *card = h->deck ? cp_deck_card(h->deck, c) : NULL;
        int d = card ? card->domain - 1 : -1;
        if (d >= 0 && d < CP_DOMAINS)
            t->domain_cards[d]++;
        tally_card(t, card, &h->memory[c], params, now, +1);
    }
}

/* The history-derived fields of the summary. */
static void tally_summary(const tally *t, cp_game_summary *out)
{
    out->diagnostics = t->diagnostics;
    out->mocks = t->mocks;
    out->best_mock = t->best_mock;
    out->best_run_750 = t->best_run_750;
    out->cards = t->cards;
    out->cards_seen = t->cards_seen;
    out->tasks_studied = 0;
    for (int k = 0; k < CP_TASKS; k++)
        out->tasks_studied += t->task_seen[k] > 0;
    for (int d = 0; d < CP_DOMAINS; d++)
        out->mastery[d] = t->domain_cards[d] ? t->recall[d] / t->domain_cards[d] : 0.0;
    out->long_term_cards = t->long_term;
    out->recovered_cards = t->recovered;
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
    tally t;
    tally_build(&t, h, params, now);
    tally_summary(&t, out);
}

/* Achievements that measure the deck (coverage, mastery) wait while the
 * loaded decks lack studied cards: a small or missing deck must not award
 * them. */
static bool measures_deck(int i)
{
    return i == CP_ACH_ALL_TASKS || i == CP_ACH_BANK_SEEN ||
           (i >= CP_ACH_MASTER_1 && i <= CP_ACH_MASTER_4);
}

/* ---- the plan --------------------------------------------------------------------- */

typedef struct plan_inputs {
    cp_time exam;               /* 0: no plan */
    cp_time start;
    int32_t start_day;
    int introduced[CP_DOMAINS]; /* since the plan's first day, before today */
    int budget_minutes;         /* the setting's daily study budget */
    bool over;                  /* the exam date is reached: the plan is past, kept
                                 * only for its days' work (plan_days) */
    int32_t exam_day;
    bool counted;           /* unseen[] is known (plan_count) */
    int unseen[CP_DOMAINS]; /* the plan's cards by domain */
} plan_inputs;

static void plan_setup(const cp_settings *s, const cp_day_clock *clock, cp_time plan_start,
                       cp_time now, plan_inputs *p)
{
    memset(p, 0, sizeof *p);
    int32_t exam_day;
    if (!s->exam_date[0] || !cp_day_parse(s->exam_date, &exam_day))
        return;
    cp_time exam = cp_day_begin(clock, exam_day);
    /* Once the date is reached the plan is over, but its days still had
     * its work (a day it gave no new cards stays kept for that). */
    p->over = exam <= now;
    if (p->over && (plan_start <= 0 || plan_start >= exam))
        return;
    if (plan_start <= 0 || plan_start > now || plan_start >= exam)
        plan_start = now;
    p->exam = exam;
    p->exam_day = exam_day;
    /* The plan's days are learning days: it starts at the beginning of
     * the day it was made on (a plan made in the evening is on its second
     * day the next morning, as the drill's day is). */
    p->start_day = cp_day_of(clock, plan_start);
    p->start = cp_day_begin(clock, p->start_day);
    p->budget_minutes = s->study_minutes;
}

/* Cards by domain, and of them those still New or first met at or after
 * `from` (by the first exposures, NULL: none counted; a studied card
 * without one counts as met before): the plan's cards when it began at
 * `from`. */
static void count_plan_cards(const cp_history *h, const cp_time *first_at, cp_time from,
                             int32_t cards[CP_DOMAINS], int32_t theirs[CP_DOMAINS])
{
    memset(cards, 0, CP_DOMAINS * sizeof *cards);
    memset(theirs, 0, CP_DOMAINS * sizeof *theirs);
    for (size_t c = 0; c < h->n_cards; c++) {
        int d = cp_deck_card(h->deck, c)->domain - 1;
        if (d < 0 || d >= CP_DOMAINS)
            continue;
        cards[d]++;
        theirs[d] += first_at && (h->memory[c].state == CP_STATE_NEW || first_at[c] >= from);
    }
}

/* The plan's cards by domain: as recorded with its anchor (moved by the
 * cards the decks gained or lost since), so that no later answer moves
 * them; without recorded counts, counted now from the first exposures;
 * without those either, from the tally (plan_follow). */
static void plan_count(plan_inputs *p, const cp_history *h, const cp_time *first_at,
                       const cp_game_plan_anchor *anchor)
{
    bool stored = anchor && anchor->counted;
    if (!p->exam || !h->deck || (!stored && !first_at))
        return;
    int32_t cards[CP_DOMAINS], theirs[CP_DOMAINS];
    count_plan_cards(h, first_at, p->start, cards, theirs);
    for (int d = 0; d < CP_DOMAINS; d++) {
        int n = stored ? anchor->unseen[d] + cards[d] - anchor->cards[d] : theirs[d];
        p->unseen[d] = n > 0 ? n : 0;
    }
    p->counted = true;
}

/* The drill's new cards on day r by the plan (cp_plan_day_quota, given
 * before[d] introduced on its earlier days), no more than fit the study
 * budget beside the reviews due at the day's start (up to the review cap;
 * the drill's minute estimates): a backlog of reviews comes first, and the
 * plan's later days make up for it. The plan, made from the study time,
 * decides rather than "New cards per day", whose 0 still turns new cards
 * off. */
static int plan_day_limit(const cp_study_plan *plan, const plan_inputs *p, const cp_day_record *r,
                          const int before[CP_DOMAINS], const cp_settings *s, bool *held)
{
    if (held)
        *held = false;
    if (s->new_per_day <= 0)
        return 0;
    /* The day as the plan counts it (its exam check: -1 from the exam
     * day on). */
    cp_time at = p->start + (cp_time)(r->day - p->start_day) * CP_DAY_SECONDS;
    int quota = cp_plan_day_quota(plan, (int)(r->day - p->start_day), before, at);
    if (quota < 0)
        return s->new_per_day;
    int due = s->reviews_per_day > 0 && r->due > s->reviews_per_day ? s->reviews_per_day : r->due;
    int left = p->budget_minutes * 60 - due * CP_PLAN_SECONDS_PER_REVIEW;
    int fit = left > 0 ? left / CP_PLAN_SECONDS_PER_NEW_CARD : 0;
    if (held) /* the reviews, not the budget alone, keep it below the plan's */
        *held = fit < quota && fit < p->budget_minutes * 60 / CP_PLAN_SECONDS_PER_NEW_CARD;
    return quota < fit ? quota : fit;
}

/* Makes the plan (when its inputs moved) and follows it; false when there
 * is none. A plan that is over is made (plan_days needs it) but not
 * followed: has_plan is false. */
static bool plan_follow(const plan_inputs *p, const tally *t, const cp_day_record *today,
                        const cp_settings *s, cp_time now, cp_game_state *out)
{
    out->has_plan = false;
    out->plan_new_today = -1;
    out->plan_reviews_first = false;
    if (!p->exam)
        return false;
    int unseen[CP_DOMAINS], introduced[CP_DOMAINS], studied = t->cards_seen;
    for (int d = 0; d < CP_DOMAINS; d++) {
        introduced[d] = p->introduced[d] + (today->day >= p->start_day
                                                ? today->introduced_by_domain[d] : 0);
        unseen[d] = p->counted ? p->unseen[d] : t->domain_unseen[d] + introduced[d];
    }
    /* The plan's inputs stay put from answer to answer (a card introduced
     * moves from unseen to introduced): made once, followed after that. */
    bool same = out->plan.exam_date == p->exam && out->plan.start == p->start &&
                out->plan.budget_minutes == p->budget_minutes &&
                memcmp(out->plan.unseen, unseen, sizeof unseen) == 0;
    if (!same && cp_plan_make(&(cp_plan_desc){.exam_date = p->exam,
                                              .budget_minutes = p->budget_minutes},
                              unseen, 0, p->start, &out->plan, NULL) != CP_OK)
        return false;
    if (p->over)
        return true;
    out->has_plan = true;
    cp_plan_follow(&out->plan, introduced, studied, now, &out->plan_today);
    out->plan_new_today = plan_day_limit(&out->plan, p, today, p->introduced, s,
                                         &out->plan_reviews_first);
    return true;
}

/* The plan's days take its number of new cards as their work: a replayed
 * day on or after the plan's first has min(New cards at its start, the
 * plan's number for it) to introduce, the number fixed by the cards
 * introduced on the plan's days before it (settled days are as stored). */
static void plan_days(const plan_inputs *p, bool made, const cp_game_state *st,
                      const cp_game_record *rec, cp_day_record *days, size_t n_days,
                      size_t first_replayed, const cp_settings *s)
{
    if (!made)
        return;
    int before[CP_DOMAINS] = {0};
    for (size_t k = 0; k < n_days; k++) {
        cp_day_record *r = &days[k];
        if (r->day < p->start_day || r->day >= p->exam_day)
            continue;
        if (k >= first_replayed) {
            int limit = plan_day_limit(&st->plan, p, r, before, s, NULL);
            r->fresh = r->unseen < limit ? r->unseen : limit;
            cp_game_day_work(r, s->reviews_per_day);
            r->drill_done = r->work_done ||
                            cp_game_has_day(rec->drill_days, rec->n_drill_days, r->day);
        }
        for (int d = 0; d < CP_DOMAINS; d++)
            before[d] += r->introduced_by_domain[d];
    }
}

int cp_game_plan_new_left(const cp_game_state *g)
{
    if (!g->has_plan || g->plan_new_today <= 0)
        return 0;
    int left = g->plan_new_today - g->today_record.introduced;
    return left > 0 ? left : 0;
}

/* ---- evaluation --------------------------------------------------------------------- */

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

static const cp_settings *settings_or_default(const cp_settings *s, cp_settings *defaults)
{
    if (s)
        return s;
    cp_settings_default(defaults);
    return defaults;
}

static cp_day_clock clock_of(const cp_game_desc *desc, const cp_settings *s)
{
    cp_day_clock clock = desc->clock;
    clock.start_hour = s->day_start_hour;
    return clock;
}

/* Everything the evaluation derives, with the partial sums the service
 * keeps moving. */
typedef struct evaluation {
    cp_game_state state;
    cp_day_record *days;
    size_t n_days;
    tally tally;
    cp_streak before_today;     /* the walk through yesterday */
    bool walk_started;          /* a day before today had an answer */
    int32_t drills_before_today;
    plan_inputs plan;
    int32_t newest_day;         /* the day the newest log row counted on (INT32_MIN: none) */
} evaluation;

/* The streak walk over the days before `today`, each of them over; false
 * when no day before today had an answer (the walk has not started). */
static bool walk_before(const cp_day_record *days, size_t n_days, int32_t today, int goal,
                        cp_streak *out)
{
    memset(out, 0, sizeof *out);
    size_t k = 0;
    while (k < n_days && days[k].reviews == 0)
        k++;
    if (k == n_days || days[k].day >= today)
        return false;
    for (; k < n_days && days[k].day < today; k++)
        cp_game_streak_step(out, days[k].day, cp_game_day_kept(&days[k], goal), false);
    return true;
}

static cp_status evaluate(const cp_history *h, const cp_game_record *rec, const cp_game_desc *desc,
                          cp_time plan_start, cp_time now, evaluation *ev, cp_error *err)
{
    static const cp_game_desc no_desc = {0};
    if (!desc)
        desc = &no_desc;
    cp_settings defaults;
    const cp_settings *s = settings_or_default(desc->settings, &defaults);
    cp_fsrs_params default_params;
    const cp_fsrs_params *params = desc->params;
    if (!params) {
        cp_fsrs_default_params(&default_params);
        params = &default_params;
    }
    memset(ev, 0, sizeof *ev);
    cp_game_state *out = &ev->state;
    cp_days_desc dd = {
        .clock = clock_of(desc, s),
        .new_per_day = s->new_per_day, .reviews_per_day = s->reviews_per_day,
        .work_unknown = desc->unknown_cards > 0,
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

    /* Today is the clock's day, but never before a day the log reached. */
    int32_t today = cp_day_of(&dd.clock, now);
    ev->newest_day = n_settled ? dd.floor_day - 1 : INT32_MIN;
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
        ev->newest_day = when[n_rows - 1];
        today = max32(today, when[n_rows - 1]);
        free(when);
    }
    /* The cards as they were before the first replayed row: every card New
     * for a whole log replayed from its start, else their memories now with
     * the replayed rows undone. */
    cp_memory *start = NULL;
    if ((n_settled || h->log_after_id) && !(start = start_memories(h, rows, n_rows))) {
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
    if (ds != CP_OK) {
        free(days);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < n_settled; k++) {
        days[k] = rec->settled[k];
        days[k].drill_done = days[k].work_done ||
                             cp_game_has_day(rec->drill_days, rec->n_drill_days, days[k].day);
        days[k].goal_reported = cp_game_has_day(rec->goal_days, rec->n_goal_days, days[k].day);
    }

    /* The plan first: its days' work is its number of new cards. */
    tally_build(&ev->tally, h, params, now);
    plan_setup(s, &dd.clock, plan_start, now, &ev->plan);
    plan_count(&ev->plan, h, desc->first_at, desc->anchor);
    for (size_t k = 0; ev->plan.exam && k + 1 < n_days; k++)
        for (int d = 0; days[k].day >= ev->plan.start_day && d < CP_DOMAINS; d++)
            ev->plan.introduced[d] += days[k].introduced_by_domain[d];
    bool made = plan_follow(&ev->plan, &ev->tally, &days[n_days - 1], s, now, out);
    plan_days(&ev->plan, made, out, rec, days, n_days, n_settled, s);

    int goal = s->goal_minutes;
    out->today = today;
    out->goal_minutes = goal;
    out->xp = rec->xp;
    out->level = cp_game_level(rec->xp);
    out->today_record = days[n_days - 1];
    out->goal_met = cp_game_goal_met(&out->today_record, goal);
    out->drill_done = cp_game_has_day(rec->drill_days, rec->n_drill_days, today);
    /* The walk through yesterday (every day of it over) is kept, so an
     * answer today only adds today to it. */
    ev->walk_started = walk_before(days, n_days, today, goal, &ev->before_today);
    cp_game_streak(days, n_days, today, goal, &out->streak);
    out->round_high_score = rec->round_high_score;
    out->unknown_cards = desc->unknown_cards > 0 ? desc->unknown_cards : 0;

    tally_summary(&ev->tally, &out->summary);
    for (size_t k = 0; k + 1 < n_days; k++)
        ev->drills_before_today += days[k].drill_done && days[k].reviews > 0;
    out->summary.drills_done = ev->drills_before_today +
                               (out->today_record.drill_done && out->today_record.reviews > 0);
    out->summary.best_streak = out->streak.best;
    out->summary.perfect_rounds = rec->perfect_rounds;
    out->summary.best_combo = rec->best_combo;
    for (int i = 0; i < CP_ACH_COUNT; i++) {
        out->earned_at[i] = rec->earned_at[i];
        out->achievements += rec->earned_at[i] != 0;
    }
    ev->days = days;
    ev->n_days = n_days;
    return CP_OK;
}

cp_status cp_game_evaluate(const cp_history *h, const cp_game_record *rec,
                           const cp_game_desc *desc, cp_time plan_start, cp_time now,
                           cp_game_state *out, cp_day_record **days_out, size_t *n_days_out,
                           cp_error *err)
{
    if (days_out)
        *days_out = NULL;
    if (n_days_out)
        *n_days_out = 0;
    evaluation ev;
    cp_status s = evaluate(h, rec, desc, plan_start, now, &ev, err);
    if (s != CP_OK) {
        memset(out, 0, sizeof *out);
        return s;
    }
    *out = ev.state;
    if (days_out) {
        *days_out = ev.days;
        if (n_days_out)
            *n_days_out = ev.n_days;
    } else {
        free(ev.days);
    }
    return CP_OK;
}

/* ---- the service ------------------------------------------------------------------------ */

struct cp_game {
    cp_store *store;
    const cp_deck *deck;
    cp_game_desc desc;
    cp_settings settings;
    cp_fsrs_params params;
    cp_day_clock clock;
    cp_game_state state;
    /* what the incremental path moves, from the last sync */
    tally tally;
    cp_streak before_today;
    bool walk_started;
    int32_t drills_before_today;
    plan_inputs plan;
    cp_time today_begin, today_end;
    int64_t today_ms;           /* today's answering time, exactly */
    int32_t newest_day;
    int32_t level_announced;
    int32_t freezes_earned_announced;
    int32_t perfect_rounds;
    int32_t best_combo;
    int64_t *attempts_paid;
    size_t n_attempts_paid;
    uint8_t *done_today;        /* deck cards answered today (not exam misses) */
};

enum { STEP_MAX_PAID = 8 };

struct cp_game_step {
    bool started;
    bool resync;                /* a row on another day: re-read after commit */
    cp_game_state state;
    tally tally;
    int64_t today_ms;
    int32_t newest_day;
    int32_t level_announced;
    int32_t freezes_earned_announced;
    int64_t paid[STEP_MAX_PAID];
    size_t n_paid;
    size_t n_done;
    int32_t done[CP_GAME_MAX_NOTES];    /* deck cards first answered today */
    bool done_overflow;
    cp_game_notes notes;
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

static cp_status add_fact(cp_game *g, const cp_game_fact *f, cp_error *err)
{
    cp_game_event e;
    char detail[128];
    cp_game_fact_encode(f, &e, detail, sizeof detail);
    return cp_store_add_event(g->store, &e, err);
}

cp_status cp_game_read_plan_anchor(cp_store *store, const cp_settings *settings,
                                   cp_game_plan_anchor *out, cp_error *err)
{
    char v[192];
    bool found = false;
    memset(out, 0, sizeof *out);
    if (!settings || !settings->exam_date[0])
        return CP_OK;
    cp_status s = cp_store_get_setting(store, CP_GAME_PLAN_SETTING, v, sizeof v, &found, err);
    if (s != CP_OK)
        return s;
    size_t len = strlen(settings->exam_date);
    if (!found || strncmp(v, settings->exam_date, len) != 0 || v[len] != ' ')
        return CP_OK;
    long long start = 0;
    int n[8], got = sscanf(v + len + 1, "%lld %d %d %d %d %d %d %d %d", &start, &n[0], &n[1], &n[2],
                           &n[3], &n[4], &n[5], &n[6], &n[7]);
    if (got < 1 || start <= 0)
        return CP_OK;
    out->start = (cp_time)start;
    out->counted = got == 9;
    for (int d = 0; out->counted && d < CP_DOMAINS; d++) {
        out->unseen[d] = n[d];
        out->cards[d] = n[CP_DOMAINS + d];
        out->counted = n[d] >= 0 && n[CP_DOMAINS + d] >= n[d];
    }
    return CP_OK;
}

/* When the current exam date was set, and the plan's cards then: a new
 * date (or none stored) starts the plan now, and that is stored with its
 * counts; an anchor stored without counts gets them (counted now, from
 * its first day: the best the memories and first exposures can say). */
static cp_status plan_anchor(cp_game *g, const cp_history *h, cp_time now, cp_game_plan_anchor *a,
                             cp_error *err)
{
    cp_status s = cp_game_read_plan_anchor(g->store, &g->settings, a, err);
    if (s != CP_OK || !g->settings.exam_date[0] || (a->start && a->counted))
        return s;
    if (!a->start)
        a->start = now;
    cp_day_clock clock = g->clock;
    clock.start_hour = g->settings.day_start_hour;
    cp_time from = cp_day_begin(&clock, cp_day_of(&clock, a->start));
    a->counted = g->desc.first_at && h->deck && h->memory;
    if (a->counted)
        count_plan_cards(h, g->desc.first_at, from, a->cards, a->unseen);
    char v[192];
    int len = snprintf(v, sizeof v, "%s %" PRId64, g->settings.exam_date, (int64_t)a->start);
    for (int d = 0; a->counted && d < CP_DOMAINS; d++)
        len += snprintf(v + len, sizeof v - (size_t)len, " %d", (int)a->unseen[d]);
    for (int d = 0; a->counted && d < CP_DOMAINS; d++)
        len += snprintf(v + len, sizeof v - (size_t)len, " %d", (int)a->cards[d]);
    return cp_store_set_setting(g->store, CP_GAME_PLAN_SETTING, v, err);
}

static bool attempt_paid(const int64_t *paid, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (paid[i] == id)
            return true;
    return false;
}

static cp_status count_unknown(cp_game *g, cp_error *err)
{
    if (g->desc.unknown_cards >= 0 && g->desc.memory)
        return CP_OK;
    int64_t stored = 0;
    cp_status s = cp_store_memory_count(g->store, &stored, err);
    if (s != CP_OK)
        return s;
    int64_t known = 0;
    size_t n = g->deck ? cp_deck_count(g->deck) : 0;
    for (size_t c = 0; c < n && g->desc.memory; c++)
        known += g->desc.memory[c].state != CP_STATE_NEW;
    if (!g->desc.memory) {
        /* Without the caller's memories: every stored memory row of a card
         * the deck lacks is unknown. */
        known = stored;
        for (size_t c = 0; c < n; c++) {
            cp_memory m;
            bool found = false;
            if ((s = cp_store_get_memory(g->store, cp_deck_card(g->deck, c)->id, &m, &found,
                                         err)) != CP_OK)
                return s;
            known -= found;
        }
        g->desc.unknown_cards = known > 0 ? known : 0;
        return CP_OK;
    }
    g->desc.unknown_cards = stored > known ? stored - known : 0;
    return CP_OK;
}

/* Stores the finished days that are before both the clock's day and the
 * newest answer's day, when the decks hold every studied card. */
static cp_status settle_days(cp_game *g, const cp_game_record *rec, const evaluation *ev,
                             cp_time now, int64_t xp, int64_t last_event, cp_error *err)
{
    if (!g->deck || !cp_deck_count(g->deck) || g->desc.unknown_cards > 0)
        return CP_OK;
    int32_t limit = cp_day_of(&g->clock, now);
    if (ev->newest_day < limit)
        limit = ev->newest_day;
    size_t k = rec->n_settled, n = 0;
    while (k + n < ev->n_days && ev->days[k + n].day < limit)
        n++;
    if (!n)
        return CP_OK;
    cp_settled_day *out = calloc(n, sizeof *out);
    if (!out)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        cp_game_day_to_settled(&ev->days[k + i], last_event, xp, &out[i]);
    cp_status s = cp_store_settle_days(g->store, out, n, err);
    free(out);
    return s;
}

/* Achievements newly met, the level, a freeze earned and today's goal:
 * the events and notes they are owed, on the state `st`. */
static cp_status announce(cp_game *g, cp_game_state *st, int32_t *level_announced,
                          int32_t *freezes_announced, int64_t review_id, cp_time now,
                          cp_game_notes *notes, cp_error *err)
{
    cp_status s = CP_OK;
    if (st->level.level > *level_announced && st->level.level > 1) {
        cp_game_fact f = {.kind = CP_EVENT_LEVEL, .at = now, .amount = st->level.level,
                          .review_id = review_id};
        if ((s = add_fact(g, &f, err)) != CP_OK)
            return s;
        *level_announced = st->level.level;
        note(notes, CP_NOTE_LEVEL_UP, st->level.level, "");
    }
    if (st->goal_met && !st->today_record.goal_reported) {
        cp_game_fact f = {.kind = CP_EVENT_GOAL_MET, .at = now, .day = st->today,
                          .review_id = review_id};
        if ((s = add_fact(g, &f, err)) != CP_OK)
            return s;
        st->today_record.goal_reported = true;
        note(notes, CP_NOTE_GOAL_MET, st->streak.current, "");
    }
    int32_t earned = st->streak.freezes_earned - *freezes_announced;
    if (earned > 0) {
        cp_game_fact f = {.kind = CP_EVENT_FREEZE_EARNED, .at = now, .amount = earned,
                          .review_id = review_id};
        if ((s = add_fact(g, &f, err)) != CP_OK)
            return s;
        *freezes_announced = st->streak.freezes_earned;
        note(notes, CP_NOTE_FREEZE_EARNED, st->streak.freezes, "");
    }
    for (int i = 0; i < CP_ACH_COUNT; i++) {
        if (st->earned_at[i] || !cp_game_achievement_met(i, &st->summary) ||
            (measures_deck(i) && st->unknown_cards > 0))
            continue;
        cp_game_fact f = {.kind = CP_EVENT_ACHIEVEMENT, .at = now, .achievement = i};
        if ((s = add_fact(g, &f, err)) != CP_OK)
            return s;
        st->earned_at[i] = now ? now : 1;
        st->achievements++;
        note(notes, CP_NOTE_ACHIEVEMENT, i, cp_game_achievement(i)->id);
    }
    return s;
}

/* Freezes the walk used on days the log has moved past, announced once
 * per day covered. */
static cp_status announce_freezes(cp_game *g, const cp_game_record *rec, const evaluation *ev,
                                  cp_time now, cp_game_notes *notes, cp_error *err)
{
    /* Decks that lack studied cards cannot tell a day with nothing to do
     * from a missed one: no freeze is told or stored for it until they are
     * whole again (as settle_days). */
    if (!g->deck || !cp_deck_count(g->deck) || g->desc.unknown_cards > 0)
        return CP_OK;
    const cp_day_record *days = ev->days;
    size_t n_days = ev->n_days, k = 0;
    while (k < n_days && days[k].reviews == 0)
        k++;
    if (k == n_days)
        return CP_OK;
    cp_streak walk = {0};
    int32_t base = days[0].day, today = ev->state.today, used = 0, latest = 0;
    for (int32_t d = days[k].day; d <= today; d++) {
        int64_t at = (int64_t)d - base;
        const cp_day_record *r = at >= 0 && (size_t)at < n_days ? &days[at] : NULL;
        int32_t before = walk.freezes_used;
        cp_game_streak_step(&walk, d, r && cp_game_day_kept(r, ev->state.goal_minutes),
                            d == today);
        if (walk.freezes_used == before || d >= ev->newest_day ||
            cp_game_has_day(rec->frozen_days, rec->n_frozen_days, d))
            continue;
        cp_game_fact f = {.kind = CP_EVENT_FREEZE_USED, .at = now, .day = d};
        cp_status s = add_fact(g, &f, err);
        if (s != CP_OK)
            return s;
        used++;
        latest = d;
    }
    if (used) {
        char date[16];
        cp_day_format(latest, date, sizeof date);
        note(notes, CP_NOTE_FREEZE_USED, used, date);
    }
    return CP_OK;
}

/* Reads the record and the log since the settled days, stores what is new
 * and owed, and takes the evaluation as the state. */
static cp_status sync(cp_game *g, cp_time now, cp_game_notes *notes, cp_error *err)
{
    cp_history h = {0};
    cp_game_record rec = {0};
    evaluation ev = {0};
    cp_time plan_start = now;
    cp_game_plan_anchor anchor = {0};
    cp_status s = count_unknown(g, err);
    if (s == CP_OK)
        s = cp_game_record_load(g->store, &rec, err);
    if (s == CP_OK)
        s = cp_history_load_after(g->store, g->deck, g->desc.memory,
                                  rec.n_settled ? rec.settled_through : 0, &h, err);
    /* What was read, before this pass adds to it (settle_days stores it). */
    int64_t xp_read = rec.xp, events_read = rec.last_event_id;
    if (s == CP_OK)
        s = plan_anchor(g, &h, now, &anchor, err);
    if (anchor.start)
        plan_start = anchor.start;
    if (s != CP_OK)
        goto done;

    /* XP owed for finished mocks and diagnostics (a finish pays its own
     * in its transaction; this is for attempts from before that). */
    for (size_t i = 0; i < h.n_attempts; i++) {
        const cp_history_attempt *a = &h.attempts[i];
        if (!cp_history_attempt_finished(a) ||
            attempt_paid(rec.attempts_paid, rec.n_attempts_paid, a->id))
            continue;
        int64_t xp = a->kind == CP_HISTORY_MOCK ? CP_XP_MOCK + (a->scaled_score >= CP_SCALE_PASS
                                                                    ? CP_XP_MOCK_PASS : 0)
                     : a->kind == CP_HISTORY_DIAGNOSTIC ? CP_XP_DIAGNOSTIC : 0;
        if (!xp)
            continue;
        cp_game_fact f = {.kind = CP_EVENT_XP, .at = now, .amount = xp,
                          .source = CP_XP_FROM_ATTEMPT, .attempt_id = a->id};
        if ((s = add_fact(g, &f, err)) != CP_OK)
            goto done;
        rec.xp += xp;
        note(notes, CP_NOTE_XP, xp, a->kind == CP_HISTORY_MOCK ? "mock exam" : "diagnostic");
    }

    cp_game_desc desc = g->desc;
    desc.settings = &g->settings;
    desc.params = &g->params;
    desc.clock = g->clock;
    desc.anchor = &anchor;
    if ((s = evaluate(&h, &rec, &desc, plan_start, now, &ev, err)) != CP_OK)
        goto done;
    if ((s = settle_days(g, &rec, &ev, now, xp_read, events_read, err)) != CP_OK)
        goto done;
    cp_game_state st = ev.state;
    int32_t level_announced = rec.level_announced;
    int32_t freezes_announced = rec.freezes_earned_announced;
    if ((s = announce(g, &st, &level_announced, &freezes_announced, 0, now, notes, err)) != CP_OK ||
        (s = announce_freezes(g, &rec, &ev, now, notes, err)) != CP_OK)
        goto done;

    /* Take it all. */
    size_t n_cards = g->deck ? cp_deck_count(g->deck) : 0;
    uint8_t *done_today = calloc(n_cards ? n_cards : 1, 1);
    int64_t *paid = malloc((rec.n_attempts_paid ? rec.n_attempts_paid : 1) * sizeof *paid);
    if (!done_today || !paid) {
        free(done_today);
        free(paid);
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    g->today_begin = cp_day_begin(&g->clock, st.today);
    g->today_end = cp_day_begin(&g->clock, st.today + 1);
    g->today_ms = 0;
    int32_t floor_day = rec.n_settled ? rec.settled[rec.n_settled - 1].day + 1 : INT32_MIN;
    for (size_t i = 0; i < h.n_log; i++) {
        const cp_log_entry *e = &h.log[i];
        if (e->id <= (rec.n_settled ? rec.settled_through : 0))
            continue;
        /* Rows on today (the same rule as cp_game_log_days, rows ascending). */
        int32_t day = max32(cp_day_of(&g->clock, e->at), floor_day);
        floor_day = day;
        if (day != st.today || e->mode == CP_MODE_EXAM || e->mode == CP_MODE_DIAGNOSTIC)
            continue;
        g->today_ms += e->duration_ms;
        if (e->card >= 0 && (size_t)e->card < n_cards)
            done_today[e->card] = 1;
    }
    free(g->done_today);
    g->done_today = done_today;
    free(g->attempts_paid);
    if (rec.n_attempts_paid)
        memcpy(paid, rec.attempts_paid, rec.n_attempts_paid * sizeof *paid);
    g->attempts_paid = paid;
    g->n_attempts_paid = rec.n_attempts_paid;
    g->state = st;
    g->tally = ev.tally;
    g->before_today = ev.before_today;
    g->walk_started = ev.walk_started;
    g->drills_before_today = ev.drills_before_today;
    g->plan = ev.plan;
    g->newest_day = ev.newest_day;
    g->level_announced = level_announced;
    g->freezes_earned_announced = freezes_announced;
    g->perfect_rounds = rec.perfect_rounds;
    g->best_combo = rec.best_combo;
done:
    free(ev.days);
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
    g->desc.settings = &g->settings;
    if (desc->params) {
        g->params = *desc->params;
    } else {
        cp_fsrs_default_params(&g->params);
        g->params.desired_retention = g->settings.desired_retention;
    }
    g->desc.params = &g->params;
    g->clock = desc->clock;
    g->clock.start_hour = g->settings.day_start_hour;
    g->desc.clock = g->clock;
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
    if (!desc || desc->unknown_cards == 0)
        g->desc.unknown_cards = -1;     /* count them */
    cp_status s = sync(g, now, notes, err);
    if (s != CP_OK) {
        cp_game_free(g);
        return s;
    }
    *out = g;
    return CP_OK;
}

void cp_game_free(cp_game *game)
{
    if (!game)
        return;
    free(game->done_today);
    free(game->attempts_paid);
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
    game->desc.unknown_cards = -1;
    return sync(game, now, notes, err);
}

/* ---- answers, one at a time ------------------------------------------------------------ */

cp_game_step *cp_game_step_new(void)
{
    return calloc(1, sizeof(cp_game_step));
}

void cp_game_step_free(cp_game_step *step)
{
    free(step);
}

static void step_start(cp_game *g, cp_game_step *st)
{
    if (st->started)
        return;
    memset(st, 0, sizeof *st);
    st->started = true;
    st->state = g->state;
    st->tally = g->tally;
    st->today_ms = g->today_ms;
    st->newest_day = g->newest_day;
    st->level_announced = g->level_announced;
    st->freezes_earned_announced = g->freezes_earned_announced;
}

/* The derived parts of the state from the step's sums. */
static void step_derive(cp_game *g, cp_game_step *st, cp_time now)
{
    cp_game_state *s = &st->state;
    cp_day_record *r = &s->today_record;
    r->seconds = (int32_t)(st->today_ms / 1000);
    /* The plan first (remade when its inputs moved: a deck change, an
     * exam's miss on a New card), then today's work by its number. */
    plan_follow(&g->plan, &st->tally, r, &g->settings, now, s);
    if (s->has_plan && r->day >= g->plan.start_day)
        r->fresh = r->unseen < s->plan_new_today ? r->unseen : s->plan_new_today;
    cp_game_day_work(r, g->settings.reviews_per_day);
    r->drill_done = r->work_done || s->drill_done;
    s->level = cp_game_level(s->xp);
    s->goal_met = cp_game_goal_met(r, s->goal_minutes);
    s->streak = g->before_today;
    if (g->walk_started || r->reviews > 0)      /* the walk starts at the first answer */
        cp_game_streak_step(&s->streak, s->today, cp_game_day_kept(r, s->goal_minutes), true);
    tally_summary(&st->tally, &s->summary);
    s->summary.drills_done = g->drills_before_today + (r->drill_done && r->reviews > 0);
    s->summary.best_streak = s->streak.best;
    s->summary.perfect_rounds = g->perfect_rounds;
    s->summary.best_combo = g->best_combo;
}

cp_status cp_game_answer(cp_game *g, const cp_log_entry *row, int64_t review_id,
                         const char *card_id, cp_difficulty card_difficulty, cp_time now,
                         cp_game_step *st, cp_error *err)
{
    step_start(g, st);
    cp_game_state *s = &st->state;
    int32_t xp = cp_game_answer_xp(&(cp_xp_answer){.rating = row->rating, .before = row->before,
                                                   .card_difficulty = card_difficulty,
                                                   .at = row->at});
    cp_game_fact f = {.kind = CP_EVENT_XP, .at = now, .amount = xp, .review_id = review_id,
                      .source = CP_XP_FROM_REVIEW};
    snprintf(f.card_id, sizeof f.card_id, "%s", card_id ? card_id : "");
    cp_status status = add_fact(g, &f, err);
    if (status != CP_OK)
        return status;
    s->xp += xp;
    note(&st->notes, CP_NOTE_XP, xp, card_id);

    /* The day the row counts on: its own, never before the newest row's.
     * A row on a new day, or the first of today (the log moving past the
     * days before: they can be settled, a freeze used on them told), is
     * summed up by a full read after the commit. */
    int32_t day = max32(cp_day_of(&g->clock, row->at), st->newest_day);
    bool first_today = st->newest_day < s->today;
    st->newest_day = day;
    if (day != s->today || first_today || st->resync) {
        st->resync = true;
        return CP_OK;
    }
    size_t n_cards = g->deck ? cp_deck_count(g->deck) : 0;
    bool in_deck = row->card >= 0 && (size_t)row->card < n_cards;
    const cp_card *card = in_deck ? cp_deck_card(g->deck, (size_t)row->card) : NULL;
    bool study = row->mode != CP_MODE_EXAM && row->mode != CP_MODE_DIAGNOSTIC;
    s->today_record.through_id = review_id;
    if (study) {
        cp_day_record *r = &s->today_record;
        r->reviews++;
        r->correct += row->rating != CP_AGAIN;
        st->today_ms += row->duration_ms;
        if (in_deck) {
            bool done = g->done_today[row->card];
            for (size_t i = 0; !done && i < st->n_done; i++)
                done = st->done[i] == row->card;
            if (row->before.state == CP_STATE_NEW) {
                r->introduced++;
                if (card->domain >= 1 && card->domain <= CP_DOMAINS)
                    r->introduced_by_domain[card->domain - 1]++;
            } else if (!done && cp_day_of(&g->clock, row->before.due) <= s->today) {
                r->due_done++;
            }
            if (!done) {
                if (st->n_done < CP_GAME_MAX_NOTES)
                    st->done[st->n_done++] = row->card;
                else
                    st->done_overflow = true;
            }
        }
    }
    if (in_deck) {
        tally_card(&st->tally, card, &row->before, &g->params, now, -1);
        tally_card(&st->tally, card, &row->after, &g->params, now, +1);
    }
    step_derive(g, st, now);
    return announce(g, s, &st->level_announced, &st->freezes_earned_announced, review_id, now,
                    &st->notes, err);
}

cp_status cp_game_pay_attempt(cp_game *g, int64_t attempt_id, uint8_t kind, int32_t scaled,
                              cp_time now, cp_game_step *st, cp_error *err)
{
    step_start(g, st);
    int64_t xp = kind == CP_HISTORY_MOCK
                     ? CP_XP_MOCK + (scaled >= CP_SCALE_PASS ? CP_XP_MOCK_PASS : 0)
                     : kind == CP_HISTORY_DIAGNOSTIC ? CP_XP_DIAGNOSTIC : 0;
    if (xp && st->n_paid < STEP_MAX_PAID) {
        cp_game_fact f = {.kind = CP_EVENT_XP, .at = now, .amount = xp,
                          .source = CP_XP_FROM_ATTEMPT, .attempt_id = attempt_id};
        cp_status s = add_fact(g, &f, err);
        if (s != CP_OK)
            return s;
        st->paid[st->n_paid++] = attempt_id;
        st->state.xp += xp;
        note(&st->notes, CP_NOTE_XP, xp, kind == CP_HISTORY_MOCK ? "mock exam" : "diagnostic");
    }
    tally_attempt(&st->tally, kind, scaled);
    if (st->resync)
        return CP_OK;
    step_derive(g, st, now);
    return announce(g, &st->state, &st->level_announced, &st->freezes_earned_announced, 0, now,
                    &st->notes, err);
}

cp_status cp_game_take(cp_game *g, const cp_game_step *st, cp_time now, cp_game_notes *notes,
                       cp_error *err)
{
    if (notes)
        *notes = st->notes;
    if (!st->started)
        return CP_OK;
    if (st->n_paid) {
        int64_t *grown = realloc(g->attempts_paid,
                                 (g->n_attempts_paid + st->n_paid) * sizeof *grown);
        if (grown) {
            memcpy(grown + g->n_attempts_paid, st->paid, st->n_paid * sizeof *grown);
            g->attempts_paid = grown;
            g->n_attempts_paid += st->n_paid;
        }
    }
    if (st->resync || st->done_overflow || cp_day_of(&g->clock, now) != g->state.today) {
        cp_game_notes more = {0};
        g->desc.unknown_cards = -1;
        cp_status s = sync(g, now, &more, err);
        for (size_t i = 0; notes && i < more.n; i++)
            if (notes->n < CP_GAME_MAX_NOTES)
                notes->note[notes->n++] = more.note[i];
        return s;
    }
    g->state = st->state;
    g->tally = st->tally;
    g->today_ms = st->today_ms;
    g->newest_day = st->newest_day;
    g->level_announced = st->level_announced;
    g->freezes_earned_announced = st->freezes_earned_announced;
    for (size_t i = 0; i < st->n_done; i++)
        g->done_today[st->done[i]] = 1;
    return CP_OK;
}

/* ---- the rest of the app's reports ----------------------------------------------------- */

cp_status cp_game_drill_finished(cp_game *g, cp_time now, cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    if (g->state.drill_done || g->state.today_record.reviews == 0)
        return CP_OK;
    cp_status s = cp_store_begin(g->store, err);
    cp_game_fact done = {.kind = CP_EVENT_DRILL_DONE, .at = now, .day = g->state.today};
    cp_game_fact xp = {.kind = CP_EVENT_XP, .at = now, .amount = CP_XP_DRILL_BONUS,
                       .source = CP_XP_FROM_DRILL, .day = g->state.today};
    if (s == CP_OK && (s = add_fact(g, &done, err)) == CP_OK && (s = add_fact(g, &xp, err)) == CP_OK)
        s = cp_store_commit(g->store, err);
    else
        cp_store_rollback(g->store);
    if (s != CP_OK)
        return s;
    note(notes, CP_NOTE_DRILL_DONE, CP_XP_DRILL_BONUS, "");
    cp_game_notes more = {0};
    s = sync(g, now, &more, err);
    for (size_t i = 0; notes && i < more.n; i++)
        if (notes->n < CP_GAME_MAX_NOTES)
            notes->note[notes->n++] = more.note[i];
    return s;
}

cp_status cp_game_round_finished(cp_game *g, const cp_round *round, int n_questions,
                                 cp_time now, cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    cp_game_fact f = {.kind = CP_EVENT_ROUND, .at = now, .amount = round->score,
                      .round_answered = round->answered, .round_correct = round->correct,
                      .round_best_combo = round->best_combo, .round_questions = n_questions};
    int64_t before = g->state.round_high_score;
    cp_status s = cp_store_begin(g->store, err);
    if (s == CP_OK)
        s = add_fact(g, &f, err);
    /* The round's own achievements, in the same transaction. */
    cp_game_state st = g->state;
    int32_t perfect = g->perfect_rounds + cp_game_round_perfect(round, n_questions);
    int32_t combo = max32(g->best_combo, round->best_combo);
    st.summary.perfect_rounds = perfect;
    st.summary.best_combo = combo;
    if (round->score > st.round_high_score)
        st.round_high_score = round->score;
    int32_t level = g->level_announced, freezes = g->freezes_earned_announced;
    cp_game_notes local = {0};
    if (s == CP_OK)
        s = announce(g, &st, &level, &freezes, 0, now, &local, err);
    if (s == CP_OK)
        s = cp_store_commit(g->store, err);
    else
        cp_store_rollback(g->store);
    if (s != CP_OK)
        return s;
    g->state = st;
    g->perfect_rounds = perfect;
    g->best_combo = combo;
    g->level_announced = level;
    g->freezes_earned_announced = freezes;
    if (round->score > before)
        note(notes, CP_NOTE_HIGH_SCORE, round->score, "");
    for (size_t i = 0; notes && i < local.n; i++)
        if (notes->n < CP_GAME_MAX_NOTES)
            notes->note[notes->n++] = local.note[i];
    return CP_OK;
}
