/* Data glue between the store and the exam core, for the exam screens and
 * the readiness gauge. Only reading, counting and handing over: which cards
 * a form gets, how a score scales, what the meter says are the core's. */
#include "model.h"
#include "today.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The meter calibrates on every answer of the last two weeks (drill, quiz
 * and exam), as the simulator that tuned it does (docs/scoring.md). */
enum { RECENT_DAYS = 14, RECENT_FORMS = 2, MAX_RECENT_IDS = 2 * CP_EXAM_QUESTIONS };

size_t cp_model_card_index(const cp_app *app, const cp_card *card)
{
    return (size_t)(card - cp_deck_card(app->deck, 0));
}

typedef struct gather {
    cp_app *app;
    cp_readiness_input *in;
    cp_mock_result mocks[64];
    size_t n_mocks;
} gather;

static void gather_review(void *ctx, const cp_review *r)
{
    gather *g = ctx;
    long i = cp_deck_find(g->app->deck, r->card_id);
    if (i < 0)
        return;
    const cp_card *c = cp_deck_card(g->app->deck, (size_t)i);
    cp_accuracy *a = &g->in->recent[c->domain - 1];
    a->answered++;
    a->correct += r->rating > CP_AGAIN;
    a->expected += cp_readiness_card_p(c, &r->before, &g->app->params, NULL, r->at);
}

static void gather_mock(void *ctx, const cp_attempt *a)
{
    gather *g = ctx;
    if (a->status != CP_ATTEMPT_SUBMITTED && a->status != CP_ATTEMPT_TIMED_OUT)
        return;
    if (g->n_mocks == sizeof g->mocks / sizeof g->mocks[0]) {
        memmove(g->mocks, g->mocks + 1, sizeof g->mocks - sizeof g->mocks[0]);
        g->n_mocks--;
    }
    g->mocks[g->n_mocks++] = (cp_mock_result){
        .at = a->finished_at, .scaled = a->scaled_score,
        .full_timed = a->time_limit_s == CP_EXAM_MINUTES * 60};
}

bool cp_model_readiness(cp_app *app, cp_readiness *out)
{
    memset(out, 0, sizeof *out);
    if (!app->bank.n_cards)
        return false;
    cp_memory *mem = calloc(app->bank.n_cards, sizeof *mem);
    if (!mem)
        return false;
    for (size_t i = 0; i < app->bank.n_cards; i++)
        mem[i] = app->memory[cp_model_card_index(app, app->bank.cards[i])];
    cp_readiness_input in = {.bank = &app->bank, .memories = mem, .params = &app->params};
    gather g = {.app = app, .in = &in};
    cp_error err = {0};
    cp_time first = 0;
    cp_store_first_review_at(app->store, &first, &err);
    cp_store_each_review(app->store, app->now - RECENT_DAYS * 86400, gather_review, &g, &err);
    cp_store_each_attempt(app->store, "mock", gather_mock, &g, &err);
    in.mocks = g.mocks;
    in.n_mocks = g.n_mocks;
    in.started_at = first ? first : app->now;
    bool ok = cp_readiness_assess(&in, NULL, app->now, out, &err) == CP_OK;
    free(mem);
    return ok;
}

/* ---- exams ------------------------------------------------------------ */

typedef struct recent_ids {
    cp_app *app;
    int64_t attempts[RECENT_FORMS];
    size_t n_attempts;
    char ids[MAX_RECENT_IDS][72];
    const char *ptrs[MAX_RECENT_IDS];
    size_t n;
} recent_ids;

static void last_attempts(void *ctx, const cp_attempt *a)
{
    recent_ids *r = ctx;
    if (r->n_attempts == RECENT_FORMS) {
        memmove(r->attempts, r->attempts + 1, sizeof r->attempts[0] * (RECENT_FORMS - 1));
        r->n_attempts--;
    }
    r->attempts[r->n_attempts++] = a->id;
}

static void attempt_item_id(void *ctx, const cp_attempt_item *it)
{
    recent_ids *r = ctx;
    if (r->n < MAX_RECENT_IDS) {
        snprintf(r->ids[r->n], sizeof r->ids[0], "%s", it->card_id);
        r->ptrs[r->n] = r->ids[r->n];
        r->n++;
    }
}

static cp_time parse_date(const char *d)
{
    int y, m, day;
    if (!d || sscanf(d, "%d-%d-%d", &y, &m, &day) != 3)
        return 0;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = day, .tm_hour = 12};
    return (cp_time)timegm(&tm);
}

bool cp_model_exam_start(cp_app *app, cp_exam_kind kind)
{
    cp_model_exam_free(app);
    cp_exam_run *run = calloc(1, sizeof *run);
    if (!run)
        return false;
    recent_ids *recent = calloc(1, sizeof *recent);
    cp_error err = {0};
    if (recent) {
        recent->app = app;
        cp_store_each_attempt(app->store, kind == CP_EXAM_MOCK ? "mock" : "diagnostic", last_attempts, recent, &err);
        for (size_t i = 0; i < recent->n_attempts; i++)
            cp_store_each_attempt_item(app->store, recent->attempts[i], attempt_item_id, recent, &err);
    }
    cp_rng rng;
    cp_rng_seed(&rng, (uint64_t)app->now * 2654435761u ^ (uint64_t)kind);
    cp_exam_form_desc desc = {.kind = kind, .recent_ids = recent ? recent->ptrs : NULL,
                              .n_recent = recent ? recent->n : 0};
    cp_status st = cp_exam_build(&app->bank, &desc, &rng, &run->form, &err);
    free(recent);
    if (st != CP_OK) {
        cp_app_toast(app, "Cannot build an exam from this deck: %s", err.message);
        free(run);
        return false;
    }
    cp_attempt_item items[CP_EXAM_QUESTIONS];
    for (size_t i = 0; i < run->form.n_items; i++)
        items[i] = (cp_attempt_item){.position = (int32_t)i, .card_id = run->form.items[i].card->id,
                                     .scored = run->form.items[i].scored};
    cp_attempt a = {.kind = kind == CP_EXAM_MOCK ? "mock" : "diagnostic", .started_at = app->now,
                    .status = CP_ATTEMPT_IN_PROGRESS, .seed = rng.s[0],
                    .time_limit_s = run->form.time_limit_s};
    if (!cp_app_check(app, cp_store_attempt_begin(app->store, &a, items, run->form.n_items,
                                                  &run->attempt_id, &err), &err) ||
        cp_exam_begin(&run->form, NULL, app->now, &run->session, &err) != CP_OK) {
        free(run);
        return false;
    }
    cp_readiness meter;
    if (kind == CP_EXAM_MOCK && cp_model_readiness(app, &meter))
        run->predicted = meter.predicted_scaled;
    run->started_at = app->now;
    app->exam = run;
    return true;
}

static void mask_text(uint32_t mask, char *out, size_t size)
{
    out[0] = '\0';
    for (int i = 0; i < CP_MAX_CHOICES; i++)
        if (mask & (1u << i)) {
            size_t len = strlen(out);
            snprintf(out + len, size - len, "%s%d", len ? "," : "", i);
        }
}

void cp_model_exam_save_item(cp_app *app, size_t index)
{
    cp_exam_run *run = app->exam;
    cp_exam_view v;
    if (!run || cp_exam_view_item(run->session, index, &v) != CP_OK)
        return;
    char chosen[32];
    mask_text(v.chosen, chosen, sizeof chosen);
    cp_attempt_item it = {.position = (int32_t)index, .card_id = v.card->id, .chosen = chosen,
                          .correct = v.chosen && v.chosen == cp_exam_correct_mask(v.card),
                          .flagged = v.flagged};
    cp_error err = {0};
    cp_app_check(app, cp_store_attempt_answer(app->store, run->attempt_id, &it, &err), &err);
}

void cp_model_exam_finish(cp_app *app, bool abandoned)
{
    cp_exam_run *run = app->exam;
    if (!run || run->finished)
        return;
    cp_error err = {0};
    cp_attempt a = {.finished_at = app->now, .time_limit_s = run->form.time_limit_s};
    if (abandoned) {
        a.status = CP_ATTEMPT_ABANDONED;
        a.time_used_s = (int32_t)(app->now - run->started_at);
        cp_app_check(app, cp_store_attempt_finish(app->store, run->attempt_id, &a, &err), &err);
        run->finished = true;
        return;
    }
    if (cp_exam_tick(run->session, app->now) == CP_EXAM_OPEN)
        cp_exam_submit(run->session, app->now);
    cp_exam_report(run->session, &run->report);
    for (size_t i = 0; i < run->form.n_items; i++)
        cp_model_exam_save_item(app, i);
    a.status = run->report.timed_out ? CP_ATTEMPT_TIMED_OUT : CP_ATTEMPT_SUBMITTED;
    a.finished_at = run->started_at + run->report.time_used_s;
    a.time_used_s = run->report.time_used_s;
    a.raw_score = run->report.raw;
    a.cut_raw = run->report.cut_raw;
    a.scaled_score = run->report.scaled;
    cp_app_check(app, cp_store_attempt_finish(app->store, run->attempt_id, &a, &err), &err);
    /* Every miss goes back into the drill: an Again review now. */
    for (size_t i = 0; i < run->report.n_misses; i++) {
        const cp_score_miss *m = &run->report.misses[i];
        char chosen[32];
        mask_text(m->chosen, chosen, sizeof chosen);
        cp_today_answer(app, cp_model_card_index(app, m->card), CP_AGAIN, 0, chosen, "exam");
    }
    if (run->form.kind == CP_EXAM_DIAGNOSTIC) {
        cp_plan_diagnose(&run->form, run->session, &run->diagnostic, &err);
        int unseen[CP_DOMAINS] = {0};
        for (size_t i = 0; i < cp_deck_count(app->deck); i++)
            if (app->memory[i].state == CP_STATE_NEW)
                unseen[cp_deck_card(app->deck, i)->domain - 1]++;
        cp_plan_desc pd = {.exam_date = parse_date(app->settings.exam_date)};
        if (pd.exam_date <= app->now)
            pd.exam_date = 0;
        cp_plan_make(&pd, unseen, run->diagnostic.weakest_domain, app->now, &run->plan, &err);
    }
    run->finished = true;
    if (app->game) {
        cp_game_notes notes = {0};
        cp_game_refresh(app->game, app->now, &notes, &err);
        cp_app_notes(app, &notes);
    }
    if (run->form.kind == CP_EXAM_MOCK && run->report.passed)
        cp_app_feedback(app, CP_FEEDBACK_PASS);
}

typedef struct stale { int64_t ids[64]; cp_attempt a[64]; size_t n; } stale;

static void find_stale(void *ctx, const cp_attempt *a)
{
    stale *s = ctx;
    if (a->status == CP_ATTEMPT_IN_PROGRESS && s->n < 64) {
        s->ids[s->n] = a->id;
        s->a[s->n] = *a;
        s->a[s->n].kind = NULL;
        s->n++;
    }
}

void cp_model_close_stale_attempts(cp_app *app)
{
    stale s = {.n = 0};
    cp_error err = {0};
    cp_store_each_attempt(app->store, NULL, find_stale, &s, &err);
    for (size_t i = 0; i < s.n; i++) {
        cp_attempt a = s.a[i];
        int64_t used = app->now - a.started_at;
        a.status = CP_ATTEMPT_ABANDONED;
        a.time_used_s = (int32_t)(used < 0 ? 0 : used > a.time_limit_s ? a.time_limit_s : used);
        a.finished_at = a.started_at + a.time_used_s;
        cp_store_attempt_finish(app->store, s.ids[i], &a, &err);
    }
}

void cp_model_exam_free(cp_app *app)
{
    if (!app->exam)
        return;
    if (!app->exam->finished)
        cp_model_exam_finish(app, true);
    cp_exam_end(app->exam->session);
    free(app->exam);
    app->exam = NULL;
}
