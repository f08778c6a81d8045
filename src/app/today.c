/* Today's drill for the shell: gathers the deck, memories, settings and
 * today's review log for the core's queue, and writes answers through the
 * store. Every rule (order, limits, grades, intervals) is the core's. */
#include "today.h"

#include "cloudprep/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The queue's settings from the learner's (whose zero means "none"). */
static cp_queue_desc queue_desc(const cp_app *app)
{
    const cp_settings *s = &app->settings;
    return (cp_queue_desc){
        .day_start_hour = s->day_start_hour == 0 ? -1 : s->day_start_hour,
        .new_limit = s->new_per_day == 0 ? -1 : s->new_per_day,
        .review_limit = s->reviews_per_day,
    };
}

typedef struct log_window {
    cp_queue_tallier tally;
    cp_time day_start;
    int done_today, correct_today;
} log_window;

/* Newest first, until the tally has all it needs. */
static bool take_review(void *ctx, const cp_review *r)
{
    log_window *w = ctx;
    if (!cp_queue_tally_add(&w->tally, r))
        return false;
    /* Exam misses are logged to bring them back, not answered today. */
    bool studied = strcmp(r->mode, "exam") != 0 && strcmp(r->mode, "diagnostic") != 0;
    if (r->at >= w->day_start && studied) {
        w->done_today++;
        w->correct_today += r->rating > CP_AGAIN;
    }
    return true;
}

void cp_today_build(cp_app *app, cp_today *today, long last_card)
{
    cp_today_free(today);
    cp_queue_desc desc = queue_desc(app);
    cp_time day_start, day_end;
    cp_queue_day(app->now, app->utc_offset, &desc, &day_start, &day_end);
    /* Accuracy looks at the last answers per domain, within two months;
     * the log is read backwards and only as far as the tally needs. */
    log_window w = {.day_start = day_start};
    cp_queue_tally_begin(&w.tally, app->deck, app->now, app->utc_offset, &desc);
    cp_error err = {0};
    cp_store_each_review_newest(app->store, day_start - 60 * 86400, take_review, &w, &err);
    cp_queue_stats stats = w.tally.stats;
    cp_queue q = {0};
    cp_queue_input in = {.deck = app->deck, .memory = app->memory, .params = &app->params,
                         .now = app->now, .utc_offset_s = app->utc_offset, .desc = &desc,
                         .stats = &stats, .last_card = last_card,
                         .seed = (uint64_t)(day_start / 86400)};
    if (cp_queue_build(&in, &q, &err) == CP_OK) {
        today->cards = q.cards;
        today->n = q.n;
        q.cards = NULL;
        for (int d = 0; d < 4; d++) {
            today->due_by_domain[d] = q.due_by_domain[d];
            today->new_by_domain[d] = q.new_by_domain[d];
        }
        today->due = (int)(q.n_learning + q.n_review);
        today->fresh = (int)q.n_new;
    }
    /* The learning day's answers (drill and quiz; exam misses are not study). */
    today->done_today = w.done_today;
    today->correct_today = w.correct_today;
    cp_queue_free(&q);
}

int cp_today_grade(const cp_app *app, bool correct, int duration_ms)
{
    cp_queue_desc desc = queue_desc(app);
    return (int)cp_queue_grade(&desc, correct, duration_ms);
}

static size_t card_index(const cp_app *app, const char *id)
{
    long i = cp_deck_find(app->deck, id);
    return i < 0 ? (size_t)-1 : (size_t)i;
}

bool cp_today_answer(cp_app *app, size_t index, int rating, int duration_ms, const char *chosen,
                     const char *mode)
{
    const cp_card *card = cp_deck_card(app->deck, index);
    cp_memory before = app->memory[index];
    cp_memory after = cp_fsrs_next(&app->params, &before, app->now, (cp_rating)rating,
                                   cp_fsrs_fuzz_seed(card->id, before.reps));
    double elapsed = before.last_review ? (double)(app->now - before.last_review) / 86400.0 : 0.0;
    cp_review r = {.card_id = card->id, .at = app->now, .rating = rating,
                   .elapsed_days = elapsed < 0 ? 0 : elapsed, .duration_ms = duration_ms,
                   .chosen = chosen ? chosen : "", .mode = mode ? mode : "drill", .before = before, .after = after};
    cp_error err = {0};
    if (!cp_app_check(app, cp_store_record_review(app->store, &r, NULL, &err), &err))
        return false;
    app->memory[index] = after;
    app->first_run = false;
    if (app->game) {
        cp_xp_answer xa = {.rating = rating, .before = before, .card_difficulty = card->difficulty, .at = app->now};
        cp_game_notes notes = {0};
        cp_game_answered(app->game, card->id, &xa, app->now, &notes, &err);
        cp_app_notes(app, &notes);
    }
    return true;
}

bool cp_today_undo(cp_app *app, size_t *index)
{
    char id[128];
    bool found = false;
    cp_error err = {0};
    if (!cp_app_check(app, cp_store_undo_last(app->store, &found, id, sizeof id, &err), &err) || !found)
        return false;
    size_t i = card_index(app, id);
    if (i == (size_t)-1)
        return false;
    /* The store restored the row's `before`; mirror it in memory. */
    cp_memory m;
    bool has;
    if (cp_store_get_memory(app->store, id, &m, &has, &err) == CP_OK)
        app->memory[i] = has ? m : (cp_memory){0};
    *index = i;
    if (app->game) {
        cp_game_undone(app->game, id);
        /* The day's figures (goal minutes, streak) without the answer. */
        cp_game_notes notes = {0};
        cp_game_refresh(app->game, app->now, &notes, &err);
    }
    return true;
}

void cp_today_finished(cp_app *app)
{
    if (!app->game)
        return;
    cp_game_notes notes = {0};
    cp_error err = {0};
    cp_game_drill_finished(app->game, app->now, &notes, &err);
    cp_app_notes(app, &notes);
}

void cp_today_preview(const cp_app *app, size_t index, cp_memory out[4])
{
    const cp_card *card = cp_deck_card(app->deck, index);
    const cp_memory *m = &app->memory[index];
    cp_fsrs_preview(&app->params, m, app->now, cp_fsrs_fuzz_seed(card->id, m->reps), out);
}

void cp_today_interval_text(cp_time now, cp_time due, char *out, size_t size)
{
    double s = (double)(due - now);
    if (s < 60)
        snprintf(out, size, "<1m");
    else if (s < 3600)
        snprintf(out, size, "%.0fm", s / 60);
    else if (s < 86400)
        snprintf(out, size, "%.0fh", s / 3600);
    else if (s < 86400.0 * 30)
        snprintf(out, size, "%.0fd", s / 86400);
    else if (s < 86400.0 * 365)
        snprintf(out, size, "%.1fmo", s / (86400.0 * 30));
    else
        snprintf(out, size, "%.1fy", s / (86400.0 * 365));
}

void cp_today_free(cp_today *today)
{
    free(today->cards);
    memset(today, 0, sizeof *today);
}
