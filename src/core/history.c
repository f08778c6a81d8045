/* The learner's history as arrays. Loading is three passes over the store
 * (memories, log, attempts), each growing one array. */
#include "cloudprep/history.h"
#include "cloudprep/exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading ---------------------------------------------------------- */

bool cp_history_attempt_finished(const cp_history_attempt *a)
{
    return a->status == CP_ATTEMPT_SUBMITTED || a->status == CP_ATTEMPT_TIMED_OUT;
}

bool cp_history_full_mock(const cp_history_attempt *a)
{
    return a->kind == CP_HISTORY_MOCK && cp_history_attempt_finished(a) &&
           cp_exam_full_timed(a->time_limit_s);
}

typedef struct loader {
    cp_history *h;
    bool nomem;
    size_t cap;
} loader;

static int32_t card_index(const cp_history *h, const char *id)
{
    if (!h->deck || !id)
        return -1;
    long i = cp_deck_find(h->deck, id);
    return i >= 0 && (size_t)i < h->n_cards ? (int32_t)i : -1;
}

static void on_memory(void *ctx, const char *card_id, const cp_memory *memory)
{
    loader *l = ctx;
    int32_t i = card_index(l->h, card_id);
    if (i >= 0)
        l->h->own_memory[i] = *memory;
}

static uint8_t mode_of(const char *mode)
{
    static const char *const names[] = {"drill", "quiz", "exam", "diagnostic"};
    for (uint8_t i = 0; i < 4; i++)
        if (mode && strcmp(mode, names[i]) == 0)
            return i;
    return CP_MODE_OTHER;
}

static void on_review(void *ctx, const cp_review *r)
{
    loader *l = ctx;
    cp_history *h = l->h;
    if (l->nomem)
        return;
    cp_log_entry *grown = cp_grow(h->log, &l->cap, h->n_log, sizeof *grown, 1024);
    if (!grown) {
        l->nomem = true;
        return;
    }
    h->log = grown;
    h->log[h->n_log++] = (cp_log_entry){
        .id = r->id, .at = r->at, .card = card_index(h, r->card_id),
        .duration_ms = r->duration_ms > 0 ? r->duration_ms : 0,
        .rating = (uint8_t)(r->rating >= CP_AGAIN && r->rating <= CP_EASY ? r->rating : CP_AGAIN),
        .mode = mode_of(r->mode), .before = r->before, .after = r->after,
    };
}

static void on_attempt(void *ctx, const cp_attempt *a)
{
    loader *l = ctx;
    cp_history *h = l->h;
    if (l->nomem)
        return;
    cp_history_attempt *grown = cp_grow(h->attempts, &l->cap, h->n_attempts, sizeof *grown, 64);
    if (!grown) {
        l->nomem = true;
        return;
    }
    h->attempts = grown;
    uint8_t kind = CP_HISTORY_OTHER;
    if (a->kind && strcmp(a->kind, "mock") == 0)
        kind = CP_HISTORY_MOCK;
    else if (a->kind && strcmp(a->kind, "diagnostic") == 0)
        kind = CP_HISTORY_DIAGNOSTIC;
    else if (a->kind && strcmp(a->kind, "quiz") == 0)
        kind = CP_HISTORY_QUIZ;
    h->attempts[h->n_attempts++] = (cp_history_attempt){
        .id = a->id, .kind = kind, .status = (uint8_t)a->status,
        .started_at = a->started_at, .finished_at = a->finished_at,
        .time_limit_s = a->time_limit_s, .time_used_s = a->time_used_s,
        .raw_score = a->raw_score, .scaled_score = a->scaled_score,
    };
}

cp_status cp_history_load(cp_store *store, const cp_deck *deck, cp_history *out,
                          cp_error *err)
{
    return cp_history_load_after(store, deck, NULL, 0, out, err);
}

cp_status cp_history_load_after(cp_store *store, const cp_deck *deck, const cp_memory *memory,
                                int64_t after_id, cp_history *out, cp_error *err)
{
    cp_history h = {.deck = deck, .n_cards = deck ? cp_deck_count(deck) : 0,
                    .log_after_id = after_id > 0 ? after_id : 0};
    loader l = {.h = &h};
    cp_status s = CP_OK;
    memset(out, 0, sizeof *out);
    /* The caller's memories are borrowed: on a large collection a copy
     * was megabytes of fresh pages at every start. */
    if (memory && h.n_cards) {
        h.memory = memory;
    } else {
        h.memory = h.own_memory = calloc(h.n_cards ? h.n_cards : 1, sizeof *h.own_memory);
        if (!h.own_memory) {
            s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory reading the history");
            goto done;
        }
        if (!memory && (s = cp_store_each_memory(store, on_memory, &l, err)) != CP_OK)
            goto done;
    }
    if ((s = cp_store_each_review_after(store, h.log_after_id, on_review, &l, err)) != CP_OK)
        goto done;
    l.cap = 0;
    if (!l.nomem && (s = cp_store_each_attempt(store, NULL, on_attempt, &l, err)) != CP_OK)
        goto done;
    if (l.nomem)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory reading the history");
done:
    if (s == CP_OK)
        *out = h;
    else
        cp_history_release(&h);
    return s;
}

void cp_history_release(cp_history *history)
{
    if (!history)
        return;
    free(history->own_memory);
    free(history->log);
    free(history->attempts);
    memset(history, 0, sizeof *history);
}
