/* A stored attempt: the exam session plus its store rows.
 *
 * The finish is one write group: every item's answer, the attempt's status
 * and score, each miss as an Again review (through the learner, so the
 * memories and first exposures follow), the XP; the group commits or
 * nothing of it is kept. Items answered right count as first exposures
 * too (an unseen question answered right in a mock is evidence of
 * understanding). */
#include "cloudprep/attempt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RECENT_FORMS = 2, MAX_RECENT_IDS = RECENT_FORMS * CP_EXAM_QUESTIONS, MAX_STALE = 64 };

struct cp_attempt_run {
    cp_learner *learner;
    cp_exam_bank bank;
    cp_exam_form form;
    cp_exam_session *session;
    int64_t id;
    cp_time started_at;
    bool finished;
    int predicted;
    cp_score_report report;
    cp_diagnostic diagnostic;
    cp_study_plan plan;
};

static const char *kind_name(cp_exam_kind kind)
{
    return kind == CP_EXAM_MOCK ? "mock" : "diagnostic";
}

/* ---- recent forms ------------------------------------------------------------ */

typedef struct recent_ids {
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

/* ---- the life cycle ----------------------------------------------------------- */

cp_status cp_attempt_start(cp_learner *l, cp_exam_kind kind, cp_time now, cp_attempt_run **out,
                           cp_error *err)
{
    *out = NULL;
    now = cp_learner_now(l, now);
    cp_store *store = cp_learner_store(l);
    cp_attempt_run *run = calloc(1, sizeof *run);
    recent_ids *recent = calloc(1, sizeof *recent);
    if (!run || !recent) {
        free(run);
        free(recent);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    run->learner = l;
    cp_status s = cp_exam_bank_from_deck(cp_learner_deck(l), &run->bank, err);
    if (s == CP_OK)
        s = cp_store_each_attempt(store, kind_name(kind), last_attempts, recent, err);
    for (size_t i = 0; s == CP_OK && i < recent->n_attempts; i++)
        s = cp_store_each_attempt_item(store, recent->attempts[i], attempt_item_id, recent, err);
    cp_rng rng;
    cp_rng_seed(&rng, (uint64_t)now * 2654435761u ^ (uint64_t)kind);
    /* When the learner last met each question: fresh ones go to scored slots. */
    cp_time *seen = calloc(run->bank.n_cards ? run->bank.n_cards : 1, sizeof *seen);
    if (s == CP_OK && !seen)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    if (s == CP_OK) {
        const cp_card *first = cp_deck_card(cp_learner_deck(l), 0);
        const cp_time *met = cp_learner_seen(l);
        for (size_t b = 0; b < run->bank.n_cards; b++)
            seen[b] = met[run->bank.cards[b] - first];
        run->bank.last_seen = seen;
        cp_exam_form_desc desc = {.kind = kind, .recent_ids = recent->ptrs,
                                  .n_recent = recent->n};
        s = cp_exam_build(&run->bank, &desc, &rng, &run->form, err);
        run->bank.last_seen = NULL;
    }
    free(seen);
    free(recent);
    cp_readiness meter;
    cp_error ignore = {0};
    if (s == CP_OK && kind == CP_EXAM_MOCK && cp_learner_readiness(l, now, &meter, &ignore) == CP_OK)
        run->predicted = meter.predicted_scaled;
    if (s == CP_OK) {
        cp_attempt_item items[CP_EXAM_QUESTIONS];
        for (size_t i = 0; i < run->form.n_items; i++)
            items[i] = (cp_attempt_item){.position = (int32_t)i,
                                         .card_id = run->form.items[i].card->id,
                                         .scored = run->form.items[i].scored};
        cp_attempt a = {.kind = kind_name(kind), .started_at = now,
                        .status = CP_ATTEMPT_IN_PROGRESS, .seed = rng.s[0],
                        .time_limit_s = run->form.time_limit_s,
                        .fresh_scored = run->form.n_fresh_scored,
                        .predicted = run->predicted};
        s = cp_store_attempt_begin(store, &a, items, run->form.n_items, &run->id, err);
    }
    if (s == CP_OK)
        s = cp_exam_begin(&run->form, NULL, now, &run->session, err);
    if (s != CP_OK) {
        cp_exam_bank_release(&run->bank);
        free(run);
        return s;
    }
    run->started_at = now;
    *out = run;
    return CP_OK;
}

cp_exam_kind cp_attempt_kind(const cp_attempt_run *run) { return run->form.kind; }
int64_t cp_attempt_id(const cp_attempt_run *run) { return run->id; }
size_t cp_attempt_count(const cp_attempt_run *run) { return run->form.n_items; }
int32_t cp_attempt_time_limit(const cp_attempt_run *run) { return run->form.time_limit_s; }
int cp_attempt_predicted(const cp_attempt_run *run) { return run->predicted; }
bool cp_attempt_finished(const cp_attempt_run *run) { return run->finished; }
const cp_score_report *cp_attempt_report(const cp_attempt_run *run)
{
    return run->finished ? &run->report : NULL;
}
const cp_diagnostic *cp_attempt_diagnostic(const cp_attempt_run *run)
{
    return run->finished && run->form.kind == CP_EXAM_DIAGNOSTIC ? &run->diagnostic : NULL;
}
const cp_study_plan *cp_attempt_plan(const cp_attempt_run *run)
{
    return run->finished && run->form.kind == CP_EXAM_DIAGNOSTIC ? &run->plan : NULL;
}
const uint8_t *cp_attempt_choice_order(const cp_attempt_run *run, size_t index)
{
    return index < run->form.n_items ? run->form.items[index].choice_order : NULL;
}

cp_status cp_attempt_view(const cp_attempt_run *run, size_t index, cp_exam_view *out)
{
    return cp_exam_view_item(run->session, index, out);
}

int32_t cp_attempt_remaining(const cp_attempt_run *run, cp_time now)
{
    return cp_exam_remaining(run->session, now);
}

cp_exam_state cp_attempt_tick(cp_attempt_run *run, cp_time now)
{
    return cp_exam_tick(run->session, now);
}

static cp_status store_item(cp_attempt_run *run, size_t index, cp_error *err)
{
    cp_exam_view v;
    cp_status s = cp_exam_view_item(run->session, index, &v);
    if (s != CP_OK)
        return cp_error_set(err, s, NULL, 0, "exam: no item %zu", index);
    char chosen[32];
    cp_exam_chosen_text(v.chosen, chosen, sizeof chosen);
    cp_attempt_item it = {.position = (int32_t)index, .card_id = v.card->id, .chosen = chosen,
                          .correct = cp_exam_grade(v.card, v.chosen), .flagged = v.flagged};
    return cp_store_attempt_answer(cp_learner_store(run->learner), run->id, &it, err);
}

cp_status cp_attempt_answer(cp_attempt_run *run, size_t index, uint32_t chosen, cp_time now,
                            cp_error *err)
{
    if (run->finished || cp_exam_answer(run->session, index, chosen, now) != CP_OK)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "the exam is closed");
    return store_item(run, index, err);
}

cp_status cp_attempt_flag(cp_attempt_run *run, size_t index, bool flagged, cp_time now,
                          cp_error *err)
{
    if (run->finished || cp_exam_flag(run->session, index, flagged, now) != CP_OK)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "the exam is closed");
    return store_item(run, index, err);
}

/* The study plan a diagnostic suggests, to the learner's exam date. */
static void diagnostic_plan(cp_attempt_run *run, cp_time now)
{
    cp_error err = {0};
    if (cp_plan_diagnose(&run->form, run->session, &run->diagnostic, &err) != CP_OK)
        return;
    const cp_deck *deck = cp_learner_deck(run->learner);
    int unseen[CP_DOMAINS] = {0};
    for (size_t i = 0; i < cp_deck_count(deck); i++)
        if (cp_learner_memory(run->learner, i)->state == CP_STATE_NEW) {
            int d = cp_deck_card(deck, i)->domain;
            if (d >= 1 && d <= CP_DOMAINS)
                unseen[d - 1]++;
        }
    cp_plan_desc pd = {.budget_minutes = cp_learner_settings(run->learner)->study_minutes};
    int32_t exam_day;
    cp_day_clock clock = cp_learner_clock(run->learner);
    if (cp_day_parse(cp_learner_settings(run->learner)->exam_date, &exam_day)) {
        pd.exam_date = cp_day_begin(&clock, exam_day) + 12 * CP_HOUR_SECONDS;
        if (pd.exam_date <= now)
            pd.exam_date = 0;
    }
    /* The date was checked above: a plan is always made. */
    CP_IGNORE(cp_plan_make(&pd, unseen, run->diagnostic.weakest_domain, now, &run->plan, &err));
}

/* Everything the finish writes, inside the group. */
static cp_status write_finish(cp_attempt_run *run, cp_time now, cp_game_step *step,
                              cp_error *err)
{
    cp_learner *l = run->learner;
    cp_store *store = cp_learner_store(l);
    const cp_deck *deck = cp_learner_deck(l);
    cp_status s = CP_OK;
    for (size_t i = 0; s == CP_OK && i < run->form.n_items; i++)
        s = store_item(run, i, err);
    /* Every miss goes back into the drill: an Again review now. */
    for (size_t i = 0; s == CP_OK && i < run->report.n_misses; i++) {
        const cp_score_miss *m = &run->report.misses[i];
        char chosen[32];
        cp_exam_chosen_text(m->chosen, chosen, sizeof chosen);
        long card = cp_deck_find(deck, m->card->id);
        cp_answer_result res;
        cp_answer a = {.card = (size_t)card, .rating = CP_AGAIN, .chosen = chosen,
                       .mode = CP_MODE_EXAM};
        if (card >= 0)
            s = cp_learner_answer_in_group(l, &a, now, step, &res, err);
    }
    /* Right answers are first exposures too. */
    for (size_t i = 0; s == CP_OK && i < run->form.n_items; i++) {
        if (!cp_exam_item_correct(run->session, i))
            continue;
        cp_exposure e = {.card_id = run->form.items[i].card->id, .first_at = run->started_at,
                         .mode = kind_name(run->form.kind), .correct = true};
        s = cp_store_note_exposure(store, &e, err);
    }
    cp_attempt a = {.status = run->report.timed_out ? CP_ATTEMPT_TIMED_OUT : CP_ATTEMPT_SUBMITTED,
                    .finished_at = run->started_at + run->report.time_used_s,
                    .time_limit_s = run->form.time_limit_s, .time_used_s = run->report.time_used_s,
                    .raw_score = run->report.raw, .cut_raw = run->report.cut_raw,
                    .scaled_score = run->report.scaled, .misses_logged = true};
    if (s == CP_OK)
        s = cp_store_attempt_finish(store, run->id, &a, err);
    if (s == CP_OK)
        s = cp_game_pay_attempt(cp_learner_game_service(l), run->id,
                                run->form.kind == CP_EXAM_MOCK ? CP_HISTORY_MOCK
                                                               : CP_HISTORY_DIAGNOSTIC,
                                run->report.scaled, now, step, err);
    return s;
}

cp_status cp_attempt_finish(cp_attempt_run *run, cp_time now, cp_game_notes *notes,
                            cp_error *err)
{
    if (notes)
        notes->n = 0;
    if (run->finished)
        return CP_OK;
    cp_learner *l = run->learner;
    now = cp_learner_now(l, now);
    /* Closed by the clock, or submitted now. */
    if (cp_exam_tick(run->session, now) == CP_EXAM_OPEN)
        CP_IGNORE(cp_exam_submit(run->session, now));
    if (cp_exam_report(run->session, &run->report) != CP_OK)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "the exam could not be closed");
    cp_store *store = cp_learner_store(l);
    cp_game_step *step = cp_game_step_new();
    if (!step)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_status s = cp_store_begin(store, err);
    if (s == CP_OK)
        s = write_finish(run, now, step, err);
    if (s == CP_OK)
        s = cp_store_commit(store, err);
    if (s != CP_OK) {
        cp_store_rollback(store);
        cp_learner_drop(l);
        cp_game_step_free(step);
        return s;
    }
    run->finished = true;
    if (run->form.kind == CP_EXAM_DIAGNOSTIC)
        diagnostic_plan(run, now);
    s = cp_learner_take(l, step, now, notes, err);
    cp_game_step_free(step);
    /* Its right answers' first exposures, as write_finish stored them. */
    const cp_card *first = cp_deck_card(cp_learner_deck(l), 0);
    for (size_t i = 0; i < run->form.n_items; i++)
        if (cp_exam_item_correct(run->session, i))
            cp_learner_note_first(l, (size_t)(run->form.items[i].card - first), run->started_at,
                                  true);
    /* The questions it used leave the reserve; fresh ones take their place. */
    if (s == CP_OK)
        s = cp_learner_reserve_refresh(l, now, err);
    return s;
}

int cp_attempt_fresh_scored(const cp_attempt_run *run) { return run->form.n_fresh_scored; }

cp_status cp_attempt_abandon(cp_attempt_run *run, cp_time now, cp_error *err)
{
    if (run->finished)
        return CP_OK;
    now = cp_learner_now(run->learner, now);
    int64_t used = now - run->started_at;
    cp_attempt a = {.status = CP_ATTEMPT_ABANDONED, .finished_at = now,
                    .time_limit_s = run->form.time_limit_s,
                    .time_used_s = (int32_t)(used < 0 ? 0 : used > run->form.time_limit_s
                                                               ? run->form.time_limit_s : used),
                    .misses_logged = true};
    cp_status s = cp_store_attempt_finish(cp_learner_store(run->learner), run->id, &a, err);
    if (s == CP_OK)
        run->finished = true;
    return s;
}

void cp_attempt_free(cp_attempt_run *run, cp_time now)
{
    if (!run)
        return;
    if (!run->finished) {
        cp_error ignore = {0};
        CP_IGNORE(cp_attempt_abandon(run, now, &ignore));     /* its answers are stored already */
    }
    cp_exam_end(run->session);
    cp_exam_bank_release(&run->bank);
    free(run);
}

/* ---- repair at start-up ------------------------------------------------------------ */

typedef struct stale {
    cp_attempt a[MAX_STALE];
    size_t n;
} stale;

static void find_stale(void *ctx, const cp_attempt *a)
{
    stale *s = ctx;
    bool open = a->status == CP_ATTEMPT_IN_PROGRESS;
    bool unlogged = (a->status == CP_ATTEMPT_SUBMITTED || a->status == CP_ATTEMPT_TIMED_OUT) &&
                    !a->misses_logged && strcmp(a->kind, "quiz") != 0;
    if ((open || unlogged) && s->n < MAX_STALE) {
        s->a[s->n] = *a;
        s->a[s->n].kind = NULL;
        s->n++;
    }
}

typedef struct missed {
    char ids[CP_EXAM_QUESTIONS][72];
    char chosen[CP_EXAM_QUESTIONS][32];
    size_t n;
} missed;

static void find_missed(void *ctx, const cp_attempt_item *it)
{
    missed *m = ctx;
    if (!it->correct && m->n < CP_EXAM_QUESTIONS) {
        snprintf(m->ids[m->n], sizeof m->ids[0], "%s", it->card_id);
        snprintf(m->chosen[m->n], sizeof m->chosen[0], "%s", it->chosen ? it->chosen : "");
        m->n++;
    }
}

/* Logs the misses of a finished attempt that are not in the log yet, and
 * marks it mended, in one group. */
static cp_status log_missing(cp_learner *l, const cp_attempt *a, cp_time now, cp_error *err)
{
    cp_store *store = cp_learner_store(l);
    missed *m = calloc(1, sizeof *m);
    cp_game_step *step = cp_game_step_new();
    if (!m || !step) {
        free(m);
        cp_game_step_free(step);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    cp_status s = cp_store_each_attempt_item(store, a->id, find_missed, m, err);
    if (s == CP_OK)
        s = cp_store_begin(store, err);
    bool began = s == CP_OK;
    for (size_t i = 0; s == CP_OK && i < m->n; i++) {
        bool found = false;
        long card = cp_deck_find(cp_learner_deck(l), m->ids[i]);
        if (card < 0)
            continue;   /* a card the decks lack now: it comes back with them */
        s = cp_store_exam_review_exists(store, m->ids[i], a->started_at, &found, err);
        if (s != CP_OK || found)
            continue;
        cp_answer ans = {.card = (size_t)card, .rating = CP_AGAIN, .chosen = m->chosen[i],
                         .mode = CP_MODE_EXAM};
        cp_answer_result res;
        s = cp_learner_answer_in_group(l, &ans, now, step, &res, err);
    }
    cp_attempt done = *a;
    done.misses_logged = true;
    if (s == CP_OK)
        s = cp_store_attempt_finish(store, a->id, &done, err);
    if (s == CP_OK)
        s = cp_store_commit(store, err);
    if (s != CP_OK) {
        if (began)
            cp_store_rollback(store);
        cp_learner_drop(l);
    } else {
        cp_game_notes ignore;
        s = cp_learner_take(l, step, now, &ignore, err);
    }
    cp_game_step_free(step);
    free(m);
    return s;
}

cp_status cp_attempt_repair(cp_learner *l, cp_time now, int *repaired, cp_error *err)
{
    if (repaired)
        *repaired = 0;
    now = cp_learner_now(l, now);
    cp_store *store = cp_learner_store(l);
    stale *st = calloc(1, sizeof *st);
    if (!st)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_status s = cp_store_each_attempt(store, NULL, find_stale, st, err);
    for (size_t i = 0; s == CP_OK && i < st->n; i++) {
        cp_attempt a = st->a[i];
        if (a.status == CP_ATTEMPT_IN_PROGRESS) {
            /* A crash or a kill left it open: abandoned, answers kept. */
            int64_t used = now - a.started_at;
            a.status = CP_ATTEMPT_ABANDONED;
            a.time_used_s = (int32_t)(used < 0 ? 0 : used > a.time_limit_s ? a.time_limit_s : used);
            a.finished_at = a.started_at + a.time_used_s;
            a.misses_logged = true;
            s = cp_store_attempt_finish(store, a.id, &a, err);
        } else {
            s = log_missing(l, &a, now, err);
        }
        if (s == CP_OK && repaired)
            (*repaired)++;
    }
    free(st);
    return s;
}
