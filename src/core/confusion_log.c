/* What the learner mixes up, read from the store: the review log's answers
 * (each with the options chosen) and the right answers of finished mock
 * exams and diagnostics, which the log lacks (a mock logs only its misses,
 * as Again reviews with the options chosen). Quiz rounds answer through the
 * log, so their attempt rows are not read again. The log is read newest
 * first up to CP_CONFUSION_READ_MAX answers (a heavy user's last weeks are
 * plenty, and opening stays fast), then added oldest first. */
#include "cloudprep/confusion.h"
#include "cloudprep/exam.h"
#include "cloudprep/fsrs.h"

#include <stdlib.h>
#include <string.h>

/* One answer of the log, kept until they are added oldest first. */
typedef struct kept {
    cp_time at;
    uint32_t card;
    uint16_t chosen;
    uint8_t rating;
} kept;

typedef struct reader {
    cp_confusion *tally;
    kept *answers;              /* newest first */
    size_t n_answers;
    const cp_deck *deck;
    cp_time since;
    cp_status status;
    cp_error *err;
    int64_t *attempts;          /* finished mocks and diagnostics */
    cp_time *finished_at;
    size_t n_attempts, cap_attempts;
    cp_time at;                 /* the attempt whose items are read */
} reader;

static void take(reader *r, const char *card_id, const char *chosen_text, int rating, cp_time at)
{
    if (r->status != CP_OK)
        return;
    long card = cp_deck_find(r->deck, card_id);
    uint32_t chosen = 0;
    if (card < 0 || !cp_exam_chosen_parse(chosen_text, &chosen))
        return;
    r->status = cp_confusion_add(r->tally, (size_t)card, chosen, rating, at, r->err);
}

/* Newest first, until the buffer is full. */
static bool on_review(void *ctx, const cp_review *review)
{
    reader *r = ctx;
    if (r->n_answers == CP_CONFUSION_READ_MAX)
        return false;
    /* Most answers chose nothing (flashcards): the card is looked up
     * (a cache miss in a large deck's id table) only for the rest. */
    uint32_t chosen = 0;
    if (!cp_exam_chosen_parse(review->chosen, &chosen))
        return true;
    long card = cp_deck_find(r->deck, review->card_id);
    if (card >= 0)
        r->answers[r->n_answers++] = (kept){review->at, (uint32_t)card, (uint16_t)chosen,
                                            (uint8_t)review->rating};
    return true;
}

static void on_attempt(void *ctx, const cp_attempt *a)
{
    reader *r = ctx;
    bool finished = a->status == CP_ATTEMPT_SUBMITTED || a->status == CP_ATTEMPT_TIMED_OUT;
    if (!finished || a->finished_at < r->since || r->status != CP_OK)
        return;
    if (r->n_attempts == r->cap_attempts) {
        size_t cap = r->cap_attempts ? r->cap_attempts * 2 : 16;
        int64_t *ids = realloc(r->attempts, cap * sizeof *ids);
        if (ids)
            r->attempts = ids;
        cp_time *at = ids ? realloc(r->finished_at, cap * sizeof *at) : NULL;
        if (at)
            r->finished_at = at;
        if (!ids || !at) {
            r->status = cp_error_set(r->err, CP_ERR_NOMEM, NULL, 0, "out of memory");
            return;
        }
        r->cap_attempts = cap;
    }
    r->attempts[r->n_attempts] = a->id;
    r->finished_at[r->n_attempts++] = a->finished_at;
}

static void on_item(void *ctx, const cp_attempt_item *it)
{
    reader *r = ctx;
    if (it->correct)
        take(r, it->card_id, it->chosen, CP_GOOD, r->at);
}

cp_status cp_confusion_read(cp_confusion *tally, cp_store *store, cp_time since, cp_error *err)
{
    reader r = {.tally = tally, .deck = cp_confusion_map_deck(cp_confusion_tally_map(tally)),
                .since = since, .status = CP_OK, .err = err};
    r.answers = malloc(CP_CONFUSION_READ_MAX * sizeof *r.answers);
    if (!r.answers)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_status s = cp_store_each_review_newest(store, since, on_review, &r, err);
    /* A full buffer: attempts before its oldest answer are left out too. */
    if (r.n_answers == CP_CONFUSION_READ_MAX && r.answers[r.n_answers - 1].at > r.since)
        r.since = r.answers[r.n_answers - 1].at;
    for (size_t i = r.n_answers; s == CP_OK && i-- > 0;) {
        const kept *k = &r.answers[i];
        s = cp_confusion_add(tally, k->card, k->chosen, k->rating, k->at, err);
    }
    free(r.answers);
    static const char *const kinds[] = {"mock", "diagnostic"};
    for (size_t k = 0; s == CP_OK && r.status == CP_OK && k < 2; k++)
        s = cp_store_each_attempt(store, kinds[k], on_attempt, &r, err);
    /* Items after the attempts, not inside their callback: one statement
     * at a time. */
    for (size_t i = 0; s == CP_OK && r.status == CP_OK && i < r.n_attempts; i++) {
        r.at = r.finished_at[i];
        s = cp_store_each_attempt_item(store, r.attempts[i], on_item, &r, err);
    }
    free(r.attempts);
    free(r.finished_at);
    return s != CP_OK ? s : r.status;
}
