/* The stats screen's figures. Each is a short pass over the history's
 * arrays; cp_stats_compute runs them all and takes the day records, the
 * streak, XP and the plan from the game's evaluation, so the stats screen
 * and the home screen can never disagree. */
#include "cloudprep/stats.h"

#include <stdlib.h>
#include <string.h>

void cp_stats_heatmap(const cp_day_record *days, size_t n_days, int32_t today, int goal_minutes,
                      cp_stats_day out[CP_STATS_DAYS])
{
    int32_t first = today - (CP_STATS_DAYS - 1);
    memset(out, 0, CP_STATS_DAYS * sizeof *out);
    for (int k = 0; k < CP_STATS_DAYS; k++)
        out[k].day = first + k;
    for (size_t i = 0; i < n_days; i++) {
        int64_t k = (int64_t)days[i].day - first;
        if (k < 0 || k >= CP_STATS_DAYS)
            continue;
        out[k].reviews = days[i].reviews;
        out[k].correct = days[i].correct;
        out[k].seconds = days[i].seconds;
        out[k].kept = cp_game_day_kept(&days[i], goal_minutes);
    }
}

void cp_stats_forecast(const cp_memory *memory, size_t n, const cp_day_clock *clock,
                       int32_t today, int32_t *out, size_t n_days)
{
    memset(out, 0, n_days * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (memory[i].state == CP_STATE_NEW)
            continue;
        int64_t k = (int64_t)cp_day_of(clock, memory[i].due) - today;
        if (k < 0)
            k = 0;
        if ((size_t)k < n_days)
            out[k]++;
    }
}

void cp_stats_states(const cp_memory *memory, size_t n, int32_t out[4])
{
    memset(out, 0, 4 * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[memory[i].state <= CP_STATE_RELEARNING ? memory[i].state : CP_STATE_NEW]++;
}

void cp_stats_retention(const cp_log_entry *log, size_t n, const cp_day_clock *clock,
                        cp_time since, int32_t *due_reviews, int32_t *right)
{
    *due_reviews = *right = 0;
    for (size_t i = 0; i < n; i++) {
        const cp_log_entry *e = &log[i];
        if (e->at < since || e->before.state != CP_STATE_REVIEW ||
            cp_day_of(clock, e->before.due) > cp_day_of(clock, e->at))
            continue;
        (*due_reviews)++;
        *right += e->rating != CP_AGAIN;
    }
}

void cp_stats_accuracy(const cp_history *h, cp_time since, int32_t answered[CP_DOMAINS],
                       int32_t correct[CP_DOMAINS])
{
    memset(answered, 0, CP_DOMAINS * sizeof *answered);
    memset(correct, 0, CP_DOMAINS * sizeof *correct);
    if (!h->deck)
        return;
    for (size_t i = 0; i < h->n_log; i++) {
        const cp_log_entry *e = &h->log[i];
        if (e->at < since || e->card < 0 || (size_t)e->card >= h->n_cards)
            continue;
        int d = cp_deck_card(h->deck, (size_t)e->card)->domain - 1;
        if (d < 0 || d >= CP_DOMAINS)
            continue;
        answered[d]++;
        correct[d] += e->rating != CP_AGAIN;
    }
}

size_t cp_stats_mocks(const cp_history_attempt *attempts, size_t n, cp_stats_mock *out,
                      size_t max)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += attempts[i].kind == CP_HISTORY_MOCK && cp_history_attempt_finished(&attempts[i]);
    size_t skip = total > max ? total - max : 0, k = 0;
    for (size_t i = 0; i < n && k < max; i++) {
        const cp_history_attempt *a = &attempts[i];
        if (a->kind != CP_HISTORY_MOCK || !cp_history_attempt_finished(a))
            continue;
        if (skip) {
            skip--;
            continue;
        }
        out[k++] = (cp_stats_mock){
            .id = a->id, .at = a->finished_at ? a->finished_at : a->started_at,
            .scaled = a->scaled_score, .passed = a->scaled_score >= CP_SCALE_PASS,
            .full = cp_history_full_mock(a),
        };
    }
    return k;
}

cp_status cp_stats_compute(const cp_history *h, const cp_game_record *rec,
                           const cp_game_desc *desc, cp_time plan_start,
                           cp_time now, cp_stats *out, cp_error *err)
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
    cp_fsrs_params params;
    if (desc->params) {
        params = *desc->params;
    } else {
        cp_fsrs_default_params(&params);
        params.desired_retention = s->desired_retention;
    }
    cp_game_desc gd = *desc;
    gd.settings = s;
    gd.params = &params;

    memset(out, 0, sizeof *out);
    cp_game_state game;
    cp_day_record *days = NULL;
    size_t n_days = 0;
    gd.clock.start_hour = s->day_start_hour;
    cp_status st = cp_game_evaluate(h, rec, &gd, plan_start, now, &game, &days, &n_days, err);
    if (st != CP_OK)
        return st;
    cp_day_clock clock = gd.clock;

    out->today = game.today;
    out->goal_minutes = game.goal_minutes;
    cp_stats_heatmap(days, n_days, game.today, game.goal_minutes, out->days);
    out->first_weekday = cp_day_weekday(out->days[0].day);
    out->streak = game.streak;
    out->xp = game.xp;
    out->level = game.level;
    /* All time, from the day records: answers given in study (an exam's
     * misses, logged to bring them back, are not counted twice). */
    for (size_t k = 0; k < n_days; k++) {
        out->total_seconds += days[k].seconds;
        out->total_reviews += days[k].reviews;
    }
    free(days);

    cp_stats_forecast(h->memory, h->n_cards, &clock, game.today, out->forecast,
                      CP_STATS_FORECAST_DAYS);
    out->n_mocks = cp_stats_mocks(h->attempts, h->n_attempts, out->mocks, CP_STATS_MAX_MOCKS);
    out->pass_line = CP_SCALE_PASS;
    out->target_line = CP_SCALE_TARGET;

    /* Recent: the last 30 learning days, today included. */
    cp_time since = cp_day_begin(&clock, game.today - (CP_STATS_RECENT_DAYS - 1));
    cp_stats_accuracy(h, since, out->answered, out->correct);
    for (int d = 0; d < CP_DOMAINS; d++) {
        out->mastery[d] = game.summary.mastery[d];
        out->accuracy[d] = out->answered[d] ? (double)out->correct[d] / out->answered[d] : 0.0;
    }
    for (size_t c = 0; h->deck && c < h->n_cards; c++) {
        int d = cp_deck_card(h->deck, c)->domain - 1;
        if (d < 0 || d >= CP_DOMAINS)
            continue;
        out->domain_cards[d]++;
        out->domain_seen[d] += h->memory[c].state != CP_STATE_NEW;
    }
    cp_stats_retention(h->log, h->n_log, &clock, since, &out->due_reviews, &out->due_right);
    out->true_retention = out->due_reviews ? (double)out->due_right / out->due_reviews : 0.0;
    out->desired_retention = params.desired_retention;
    out->cards = (int32_t)h->n_cards;
    cp_stats_states(h->memory, h->n_cards, out->by_state);
    memcpy(out->earned_at, game.earned_at, sizeof out->earned_at);
    out->has_plan = game.has_plan;
    out->plan = game.plan;
    out->plan_today = game.plan_today;
    out->plan_new_left = cp_game_plan_new_left(&game);
    return CP_OK;
}

cp_status cp_stats_load(cp_store *store, const cp_deck *deck, const cp_game_desc *desc,
                        cp_time now, cp_stats *out, cp_error *err)
{
    cp_history h;
    cp_game_record rec;
    cp_time plan_start;
    cp_status s = cp_game_record_load(store, &rec, err);
    if (s != CP_OK)
        return s;
    /* The log the figures need: the recent days' (a day more than the
     * window, whatever the day-start hour) and whatever is not settled. */
    int64_t first = 0, after = 0;
    s = cp_store_first_review_since(store, now - (CP_STATS_RECENT_DAYS + 1) * (cp_time)CP_DAY_SECONDS,
                                    &first, err);
    if (s == CP_OK && rec.n_settled) {
        after = rec.settled_through;
        if (first > 0 && first - 1 < after)
            after = first - 1;
    }
    if (s == CP_OK)
        s = cp_history_load_after(store, deck, NULL, after, &h, err);
    if (s != CP_OK) {
        cp_game_record_release(&rec);
        return s;
    }
    /* Studied cards the decks lack: the day records then cannot know
     * whether a day had nothing to do (game.h). */
    cp_game_desc gd = desc ? *desc : (cp_game_desc){0};
    int64_t stored = 0, known = 0;
    cp_game_plan_anchor anchor;
    s = cp_game_read_plan_anchor(store, desc ? desc->settings : NULL, &anchor, err);
    plan_start = anchor.start;
    gd.anchor = &anchor;
    if (s == CP_OK)
        s = cp_store_memory_count(store, &stored, err);
    for (size_t c = 0; c < h.n_cards; c++)
        known += h.memory[c].state != CP_STATE_NEW;
    gd.unknown_cards = stored > known ? stored - known : 0;
    if (s == CP_OK)
        s = cp_stats_compute(&h, &rec, &gd, plan_start, now, out, err);
    cp_game_record_release(&rec);
    cp_history_release(&h);
    return s;
}
