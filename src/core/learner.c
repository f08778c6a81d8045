/* One learner: the memories, settings and game over a store and a deck,
 * and the calls that change them.
 *
 * An answer is one write group: the review row (with the card's first
 * exposure) and the game's events go to the store together; only after
 * the group commits do the in-memory card memory and game state move
 * (pending below holds them meanwhile), so a failed write leaves both as
 * they were. attempt.c puts a whole exam's finish in one group the same
 * way. */
#include "cloudprep/learner.h"
#include "cloudprep/plan.h"
#include "cloudprep/exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    /* A clock this far behind the newest answer is worth telling the
     * learner about; less is the jitter of clock corrections. */
    CLOCK_BEHIND_TOLERANCE_S = 5 * 60,
    MAX_PENDING = 128,
    /* Accuracy looks at the last answers per domain, within two months
     * and the newest 20,000 answers before today (a domain never studied
     * would otherwise send the reader through two months of log at every
     * start); today's answers are always all read. */
    TALLY_DAYS = 60,
    TALLY_MAX_EARLIER = 20000,
    /* Confusions read half a year of answers: older ones weigh 1/64 or less. */
    CONFUSION_DAYS = 180,
};

typedef struct pending {
    size_t card;
    cp_memory before, after;
    cp_time at;
    int rating;
    cp_log_mode mode;
    uint32_t chosen;            /* the options picked (deck order) */
} pending;

struct cp_learner {
    cp_store *store;
    const cp_deck *deck;
    cp_settings settings;
    cp_fsrs_params params;
    cp_store_fit fit;           /* the active fitted weights, when has_fit */
    bool has_fit;
    cp_day_zone zone;
    cp_day_clock clock;
    cp_memory *memory;          /* parallel to the deck */
    cp_time *seen;              /* parallel to the deck: last met, 0 never */
    /* The store's exposure table, kept: each card's first exposure
     * (parallel to the deck; CP_SEEN_* flags), read once at the start and
     * moved by every answer, undo and finished attempt. */
    cp_time *first_at;
    uint8_t *first_flags;
    bool exposures_stale;       /* an undo could not read them back: read all again */
    uint8_t *held;              /* parallel to the deck: in the mock reserve */
    size_t n_held;
    int64_t unknown_cards;
    bool has_reviews;           /* the log is not empty */
    cp_time newest_at;
    cp_game *game;
    /* Today's tally of the log (recent accuracy per domain, today's
     * counts): read once a day, then moved by each answer. */
    cp_queue_tallier tally;
    bool tally_valid;
    /* Today's queue, moved card by card (queue.h). */
    cp_queue_kept *queue;
    /* What the learner mixes up: the deck's map (built when first asked)
     * and the tally of the log, read once and then moved by each answer;
     * an undo or a finished attempt has it read again. */
    cp_confusion_map *confusion_map;
    cp_confusion *confusion;
    bool confusion_valid;
    uint8_t *boost;             /* parallel to the deck: separating cards */
    pending pending[MAX_PENDING];
    size_t n_pending;
    cp_time pending_newest;
    int64_t pending_reviews;
};

static void apply_settings(cp_learner *l)
{
    cp_fsrs_default_params(&l->params);
    if (l->has_fit)
        memcpy(l->params.w, l->fit.w, sizeof l->params.w);
    l->params.desired_retention = l->settings.desired_retention;
    l->params.enable_short_term = l->settings.short_term;
    l->clock.start_hour = l->settings.day_start_hour;
}

static cp_game_desc game_desc(const cp_learner *l)
{
    return (cp_game_desc){.settings = &l->settings,
                          .clock = l->clock,
                          .params = &l->params,
                          .memory = l->memory,
                          .unknown_cards = l->unknown_cards,
                          .first_at = l->first_at};
}

/* Rows keyed by card id (memories, first exposures) come in batches, so
 * that the cards are looked up many at a time (cp_deck_find_many: the id
 * table's cache misses overlap). */
enum { ID_BATCH = 512 };

typedef struct id_batch {
    size_t n;
    size_t at[ID_BATCH]; /* each id's offset in text */
    char *text;
    size_t used, cap;
    bool nomem;
} id_batch;

/* Adds an id; false when out of memory (then nomem is set). */
static bool id_batch_push(id_batch *b, const char *id)
{
    size_t len = strlen(id) + 1;
    if (b->used + len > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->used + len)
            cap *= 2;
        char *p = realloc(b->text, cap);
        if (!p) {
            b->nomem = true;
            return false;
        }
        b->text = p;
        b->cap = cap;
    }
    memcpy(b->text + b->used, id, len);
    b->at[b->n++] = b->used;
    b->used += len;
    return true;
}

/* Each id's deck index (-1: not in the deck); the batch is emptied. */
static void id_batch_find(id_batch *b, const cp_deck *deck, long found[ID_BATCH])
{
    const char *ids[ID_BATCH];
    if (!b->n)
        return;
    for (size_t k = 0; k < b->n; k++)
        ids[k] = b->text + b->at[k];
    cp_deck_find_many(deck, ids, b->n, found);
    b->n = 0;
    b->used = 0;
}

typedef struct memory_loader {
    cp_learner *l;
    int64_t unknown;
    id_batch batch;
    cp_memory memory[ID_BATCH];
} memory_loader;

static void flush_memories(memory_loader *ml)
{
    long found[ID_BATCH];
    size_t n = ml->batch.n;
    id_batch_find(&ml->batch, ml->l->deck, found);
    for (size_t k = 0; k < n; k++) {
        if (found[k] >= 0)
            ml->l->memory[found[k]] = ml->memory[k];
        else if (ml->memory[k].state != CP_STATE_NEW)
            ml->unknown++;
    }
}

static void load_memory(void *ctx, const char *card_id, const cp_memory *m)
{
    memory_loader *ml = ctx;
    size_t k = ml->batch.n;
    if (!id_batch_push(&ml->batch, card_id))
        return;
    ml->memory[k] = *m;
    if (ml->batch.n == ID_BATCH)
        flush_memories(ml);
}

static cp_status load_memories(cp_learner *l, cp_error *err)
{
    size_t n = cp_deck_count(l->deck);
    memset(l->memory, 0, (n ? n : 1) * sizeof *l->memory);
    memory_loader *ml = calloc(1, sizeof *ml);
    if (!ml)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    ml->l = l;
    cp_status s = cp_store_each_memory(l->store, load_memory, ml, err);
    flush_memories(ml);
    if (s == CP_OK && ml->batch.nomem)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory reading the cards' memories");
    l->unknown_cards = ml->unknown;
    free(ml->batch.text);
    free(ml);
    return s;
}

/* ---- first exposures (the store's table, kept) ---------------------------------- */

static void note_first(cp_learner *l, size_t card, cp_time at, bool correct)
{
    if (l->first_flags[card] & CP_SEEN_MET)
        return; /* as the store's INSERT OR IGNORE */
    l->first_at[card] = at;
    l->first_flags[card] = (uint8_t)(CP_SEEN_MET | (correct ? CP_SEEN_RIGHT : 0));
}

typedef struct exposure_loader {
    cp_learner *l;
    id_batch batch;
    cp_time first_at[ID_BATCH];
    bool correct[ID_BATCH];
} exposure_loader;

static void flush_exposures(exposure_loader *el)
{
    long found[ID_BATCH];
    size_t n = el->batch.n;
    id_batch_find(&el->batch, el->l->deck, found);
    for (size_t k = 0; k < n; k++)
        if (found[k] >= 0)
            note_first(el->l, (size_t)found[k], el->first_at[k], el->correct[k]);
}

static void load_exposure(void *ctx, const cp_exposure *e)
{
    exposure_loader *el = ctx;
    size_t k = el->batch.n;
    if (!id_batch_push(&el->batch, e->card_id))
        return;
    el->first_at[k] = e->first_at;
    el->correct[k] = e->correct;
    if (el->batch.n == ID_BATCH)
        flush_exposures(el);
}

static cp_status load_exposures_from(cp_learner *l, cp_store *store, cp_error *err)
{
    size_t n = cp_deck_count(l->deck);
    memset(l->first_at, 0, (n ? n : 1) * sizeof *l->first_at);
    memset(l->first_flags, 0, n ? n : 1);
    exposure_loader *el = calloc(1, sizeof *el);
    if (!el)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    el->l = l;
    cp_status s = cp_store_each_exposure_by_card(store, load_exposure, el, err);
    flush_exposures(el);
    if (s == CP_OK && el->batch.nomem)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory reading first exposures");
    free(el->batch.text);
    free(el);
    return s;
}

static cp_status load_exposures(cp_learner *l, cp_error *err)
{
    return load_exposures_from(l, l->store, err);
}

/* The kept exposures, read again whole if an undo left them in doubt. */
static cp_status fresh_exposures(cp_learner *l, cp_error *err)
{
    if (!l->exposures_stale)
        return CP_OK;
    cp_status s = load_exposures(l, err);
    l->exposures_stale = s != CP_OK;
    return s;
}

void cp_learner_note_first(cp_learner *l, size_t card, cp_time at, bool correct)
{
    if (card < cp_deck_count(l->deck))
        note_first(l, card, at, correct);
    /* An attempt's right answers are in its items, not the log: the
     * confusions read them there, when next asked. */
    if (correct)
        l->confusion_valid = false;
}

cp_first_seen cp_learner_first_seen(const cp_learner *l)
{
    return (cp_first_seen){l->first_at, l->first_flags};
}

static cp_status confusion_from(cp_learner *l, cp_store *store, cp_time now, cp_error *err);

/* What a start reads on a second connection while the memories are read
 * on the store's: the first exposures, then the recent confusions (which
 * today's queue would otherwise read on the first frame). Neither touches
 * what the memories' read writes (memory, unknown_cards). */
typedef struct side_read {
    cp_learner *l;
    cp_store *twin;
    cp_time now;
    cp_status status;
    cp_error err;
} side_read;

static int side_read_run(void *arg)
{
    side_read *r = arg;
    r->status = load_exposures_from(r->l, r->twin, &r->err);
    /* The confusions only save a read: one that fails is read again when
     * first asked (and fails there, where it would have). */
    if (r->status == CP_OK)
        CP_IGNORE(confusion_from(r->l, r->twin, r->now, NULL));
    return 0;
}

/* The memories, and the first exposures: beside each other when the
 * caller has threads and a second connection opens, else in turn. */
static cp_status load_cards(cp_learner *l, cp_threads threads, cp_time now, cp_error *err)
{
    side_read side = {.l = l, .now = now};
    void *thread = NULL;
    if (threads.start && threads.join && cp_store_open_twin(l->store, &side.twin, NULL) == CP_OK &&
        !(thread = threads.start(side_read_run, &side))) {
        cp_store_close(side.twin);
        side.twin = NULL;
    }
    cp_status s = load_memories(l, err);
    if (!thread) {
        return s == CP_OK ? load_exposures(l, err) : s;
    }
    threads.join(thread);
    cp_store_close(side.twin);
    if (s == CP_OK && side.status != CP_OK) {
        if (err)
            *err = side.err;
        s = side.status;
    }
    return s;
}

cp_status cp_learner_open(cp_store *store, const cp_deck *deck, const cp_learner_desc *desc,
                          cp_time now, cp_learner **out, cp_game_notes *notes, cp_error *err)
{
    *out = NULL;
    if (notes)
        notes->n = 0;
    if (!store || !deck)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "learner: no store or deck");
    cp_learner *l = calloc(1, sizeof *l);
    size_t n = cp_deck_count(deck);
    if (l) {
        l->memory = calloc(n ? n : 1, sizeof *l->memory);
        l->seen = calloc(n ? n : 1, sizeof *l->seen);
        l->held = calloc(n ? n : 1, 1);
        l->first_at = calloc(n ? n : 1, sizeof *l->first_at);
        l->first_flags = calloc(n ? n : 1, 1);
        if (l->memory)
            CP_IGNORE(cp_queue_kept_new(&l->queue, NULL));
    }
    if (!l || !l->memory || !l->seen || !l->held || !l->first_at || !l->first_flags || !l->queue) {
        cp_learner_free(l);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    l->store = store;
    l->deck = deck;
    l->clock = desc && desc->fixed_offset ? cp_day_fixed_clock(0, desc->utc_offset_s)
                                          : cp_day_system_clock(0, &l->zone);
    cp_status s = cp_settings_load(store, &l->settings, err);
    if (s == CP_OK)
        s = cp_store_active_fit(store, &l->fit, &l->has_fit, err);
    if (s == CP_OK)
        apply_settings(l);
    int64_t newest_id = 0;
    if (s == CP_OK)
        s = cp_store_newest_review(store, &newest_id, &l->newest_at, err);
    l->has_reviews = newest_id != 0;
    /* The exposures before the game: its plan counts from them. */
    if (s == CP_OK)
        s = load_cards(l, desc ? desc->threads : (cp_threads){0}, cp_learner_now(l, now), err);
    if (s == CP_OK) {
        cp_game_desc gd = game_desc(l);
        s = cp_game_open(store, deck, &gd, cp_learner_now(l, now), &l->game, notes, err);
    }
    if (s == CP_OK)
        s = cp_learner_reserve_refresh(l, now, err);
    if (s != CP_OK) {
        cp_learner_free(l);
        return s;
    }
    *out = l;
    return CP_OK;
}

void cp_learner_free(cp_learner *l)
{
    if (!l)
        return;
    cp_game_free(l->game);
    cp_queue_kept_free(l->queue);
    cp_confusion_free(l->confusion);
    cp_confusion_map_free(l->confusion_map);
    free(l->boost);
    free(l->memory);
    free(l->seen);
    free(l->held);
    free(l->first_at);
    free(l->first_flags);
    free(l);
}

cp_store *cp_learner_store(const cp_learner *l) { return l->store; }
const cp_deck *cp_learner_deck(const cp_learner *l) { return l->deck; }
const cp_settings *cp_learner_settings(const cp_learner *l) { return &l->settings; }
const cp_fsrs_params *cp_learner_params(const cp_learner *l) { return &l->params; }
cp_day_clock cp_learner_clock(const cp_learner *l) { return l->clock; }
const cp_memory *cp_learner_memory(const cp_learner *l, size_t i) { return &l->memory[i]; }
const cp_memory *cp_learner_memories(const cp_learner *l) { return l->memory; }
const cp_game_state *cp_learner_game(const cp_learner *l) { return cp_game_state_of(l->game); }
bool cp_learner_is_new(const cp_learner *l) { return !l->has_reviews; }
int64_t cp_learner_unknown_cards(const cp_learner *l) { return l->unknown_cards; }
cp_time cp_learner_newest_answer(const cp_learner *l) { return l->newest_at; }
cp_game *cp_learner_game_service(cp_learner *l) { return l->game; }

cp_time cp_learner_now(const cp_learner *l, cp_time clock)
{
    return clock < l->newest_at ? l->newest_at : clock;
}

bool cp_learner_clock_behind(const cp_learner *l, cp_time clock)
{
    return l->newest_at - clock > CLOCK_BEHIND_TOLERANCE_S;
}

cp_status cp_learner_set_settings(cp_learner *l, const cp_settings *settings, cp_time now,
                                  cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    cp_settings s = *settings;
    cp_settings_clamp(&s);
    cp_status st = cp_settings_save(l->store, &s, err);
    if (st != CP_OK)
        return st;
    bool reserve_changed = l->settings.mock_reserve != s.mock_reserve;
    l->settings = s;
    apply_settings(l);
    l->tally_valid = false;
    cp_queue_kept_reset(l->queue);
    cp_game_desc gd = game_desc(l);
    cp_game_set_desc(l->game, &gd);
    if (reserve_changed && (st = cp_learner_reserve_refresh(l, now, err)) != CP_OK)
        return st;
    return cp_game_refresh(l->game, cp_learner_now(l, now), notes, err);
}

const cp_store_fit *cp_learner_fit(const cp_learner *l) { return l->has_fit ? &l->fit : NULL; }

cp_status cp_learner_use_fit(cp_learner *l, cp_store_fit *fit, cp_error *err)
{
    cp_status s = fit ? cp_store_save_fit(l->store, fit, &fit->id, err)
                      : cp_store_deactivate_fits(l->store, err);
    if (s != CP_OK)
        return s;
    if (fit) {
        fit->active = true;
        l->fit = *fit;
    }
    l->has_fit = fit != NULL;
    apply_settings(l);
    cp_game_desc gd = game_desc(l);
    cp_game_set_desc(l->game, &gd);
    return CP_OK;
}

/* ---- answering ---------------------------------------------------------------- */

cp_rating cp_learner_grade(const cp_learner *l, bool correct, int32_t duration_ms)
{
    cp_queue_desc desc = cp_queue_desc_of(&l->settings, l->clock);
    return cp_queue_grade(&desc, correct, duration_ms);
}

void cp_learner_preview(const cp_learner *l, size_t index, cp_time now, cp_memory out[4])
{
    const cp_card *card = cp_deck_card(l->deck, index);
    const cp_memory *m = &l->memory[index];
    cp_fsrs_preview(&l->params, m, cp_learner_now(l, now), cp_fsrs_fuzz_seed(card->id, m->reps),
                    out);
}

static const char *mode_name(cp_log_mode mode)
{
    switch (mode) {
    case CP_MODE_QUIZ: return "quiz";
    case CP_MODE_EXAM: return "exam";
    case CP_MODE_DIAGNOSTIC: return "diagnostic";
    default: return "drill";
    }
}

static const cp_memory *current_memory(const cp_learner *l, size_t card)
{
    for (size_t i = l->n_pending; i-- > 0;)
        if (l->pending[i].card == card)
            return &l->pending[i].after;
    return &l->memory[card];
}

cp_status cp_learner_answer_in_group(cp_learner *l, const cp_answer *a, cp_time now,
                                     cp_game_step *step, cp_answer_result *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    if (a->card >= cp_deck_count(l->deck))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "learner: no card %zu", a->card);
    if (l->n_pending == MAX_PENDING)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "learner: too many answers in one group");
    const cp_card *card = cp_deck_card(l->deck, a->card);
    /* Never before the newest answer, in this group or before it. */
    cp_time newest = l->pending_newest > l->newest_at ? l->pending_newest : l->newest_at;
    cp_time at = now < newest ? newest : now;
    int rating = a->rating;
    if (rating < CP_AGAIN || rating > CP_EASY)
        rating = card->type == CP_CARD_FLASHCARD ? CP_GOOD
                                                  : (int)cp_learner_grade(l, a->correct, a->duration_ms);
    cp_memory before = *current_memory(l, a->card);
    cp_memory after = cp_fsrs_next(&l->params, &before, at, (cp_rating)rating,
                                   cp_fsrs_fuzz_seed(card->id, before.reps));
    double elapsed = before.last_review ? (double)(at - before.last_review) / CP_DAY_SECONDS : 0.0;
    cp_review r = {.card_id = card->id, .at = at, .rating = rating,
                   .elapsed_days = elapsed < 0 ? 0 : elapsed,
                   .duration_ms = a->duration_ms > 0 ? a->duration_ms : 0,
                   .chosen = a->chosen ? a->chosen : "", .mode = mode_name(a->mode),
                   .before = before, .after = after};
    int64_t id = 0;
    cp_status s = cp_store_record_review(l->store, &r, &id, err);
    if (s != CP_OK)
        return s;
    cp_log_entry row = {.id = id, .at = at, .card = (int32_t)a->card,
                        .duration_ms = r.duration_ms, .rating = (uint8_t)rating,
                        .mode = (uint8_t)a->mode, .before = before, .after = after};
    s = cp_game_answer(l->game, &row, id, card->id, card->difficulty, at, step, err);
    if (s != CP_OK)
        return s;
    uint32_t chosen = 0;
    if (!cp_exam_chosen_parse(a->chosen ? a->chosen : "", &chosen))
        chosen = 0;
    l->pending[l->n_pending++] = (pending){a->card, before, after, at, rating, a->mode, chosen};
    l->pending_newest = at;
    l->pending_reviews++;
    out->rating = rating;
    out->before = before;
    out->after = after;
    out->review_id = id;
    return CP_OK;
}

cp_status cp_learner_take(cp_learner *l, cp_game_step *step, cp_time now, cp_game_notes *notes,
                          cp_error *err)
{
    for (size_t i = 0; i < l->n_pending; i++) {
        const pending *p = &l->pending[i];
        l->memory[p->card] = p->after;
        cp_queue_kept_touch(l->queue, p->card);
        l->seen[p->card] = p->at;
        note_first(l, p->card, p->at, p->rating > CP_AGAIN);
        if (l->tally_valid) {
            cp_review r = {.at = p->at, .rating = p->rating, .mode = mode_name(p->mode),
                           .before = p->before, .after = p->after};
            cp_queue_tally_push(&l->tally, (long)p->card, &r);
        }
        if (l->confusion_valid &&
            cp_confusion_add(l->confusion, p->card, p->chosen, p->rating, p->at, NULL) != CP_OK)
            l->confusion_valid = false;     /* read again when next asked */
    }
    if (l->pending_newest > l->newest_at)
        l->newest_at = l->pending_newest;
    l->has_reviews = l->has_reviews || l->pending_reviews > 0;
    l->n_pending = 0;
    l->pending_newest = 0;
    l->pending_reviews = 0;
    return cp_game_take(l->game, step, cp_learner_now(l, now), notes, err);
}

void cp_learner_drop(cp_learner *l)
{
    l->n_pending = 0;
    l->pending_newest = 0;
    l->pending_reviews = 0;
}

cp_status cp_learner_answer(cp_learner *l, const cp_answer *a, cp_time now, cp_answer_result *out,
                            cp_error *err)
{
    memset(out, 0, sizeof *out);
    cp_game_step *step = cp_game_step_new();
    if (!step)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_status s = cp_store_begin(l->store, err);
    if (s == CP_OK)
        s = cp_learner_answer_in_group(l, a, now, step, out, err);
    if (s == CP_OK)
        s = cp_store_commit(l->store, err);
    if (s != CP_OK) {
        cp_store_rollback(l->store);
        cp_learner_drop(l);
        cp_game_step_free(step);
        return s;
    }
    /* On disk: what follows only moves the state in memory. */
    cp_answer_result kept = *out;
    s = cp_learner_take(l, step, now, &out->notes, err);
    out->rating = kept.rating;
    cp_game_step_free(step);
    return s;
}

cp_status cp_learner_undo(cp_learner *l, cp_time now, long *card, bool *found,
                          cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    *card = -1;
    char id[128];
    cp_status s = cp_store_undo_last(l->store, found, id, sizeof id, err);
    if (s != CP_OK || !*found)
        return s;
    /* The store has undone it: what is kept of the log is read again when
     * next needed, the card's exposure too should its read fail below. */
    l->tally_valid = false;
    l->confusion_valid = false;
    long i = cp_deck_find(l->deck, id);
    if (i >= 0) {
        l->exposures_stale = true;
        cp_memory m;
        bool has = false;
        if ((s = cp_store_get_memory(l->store, id, &m, &has, err)) != CP_OK)
            return s;
        l->memory[i] = has ? m : (cp_memory){0};
        cp_queue_kept_touch(l->queue, (size_t)i);
        /* Its first exposure went with it when this answer was that. */
        cp_time first = 0;
        bool right = false;
        if ((s = cp_store_get_exposure(l->store, id, &first, &right, &has, err)) != CP_OK)
            return s;
        l->first_flags[i] = 0;
        l->first_at[i] = 0;
        if (has)
            note_first(l, (size_t)i, first, right);
        l->exposures_stale = false;
        *card = i;
    }
    int64_t newest_id = 0;
    if ((s = cp_store_newest_review(l->store, &newest_id, &l->newest_at, err)) != CP_OK)
        return s;
    l->has_reviews = newest_id != 0;
    /* The day's figures without the answer (its XP went with it). */
    return cp_game_refresh(l->game, cp_learner_now(l, now), notes, err);
}

cp_status cp_learner_drill_finished(cp_learner *l, cp_time now, cp_game_notes *notes,
                                    cp_error *err)
{
    return cp_game_drill_finished(l->game, cp_learner_now(l, now), notes, err);
}

cp_status cp_learner_round_finished(cp_learner *l, const cp_round *round, int n_questions,
                                    cp_time now, cp_game_notes *notes, cp_error *err)
{
    return cp_game_round_finished(l->game, round, n_questions, cp_learner_now(l, now), notes, err);
}

cp_status cp_learner_catch_up(cp_learner *l, cp_time now, cp_game_notes *notes, cp_error *err)
{
    if (notes)
        notes->n = 0;
    const cp_game_state *g = cp_game_state_of(l->game);
    cp_time t = cp_learner_now(l, now);
    if (g && g->today >= cp_day_of(&l->clock, t))
        return CP_OK;
    return cp_game_refresh(l->game, t, notes, err);
}

cp_time cp_learner_day_end(const cp_learner *l, cp_time now)
{
    return cp_day_begin(&l->clock, cp_day_of(&l->clock, cp_learner_now(l, now)) + 1);
}

cp_status cp_learner_refresh(cp_learner *l, cp_time now, cp_game_notes *notes, cp_error *err)
{
    return cp_game_refresh(l->game, cp_learner_now(l, now), notes, err);
}

/* ---- today's drill ------------------------------------------------------------------- */

typedef struct tally_reader {
    cp_queue_tallier *tally;
    size_t earlier; /* answers before today read */
} tally_reader;

/* Newest first, until the tally has all it needs or enough was read. */
static bool take_review(void *ctx, const cp_review *r)
{
    tally_reader *tr = ctx;
    if (r->at < tr->tally->start && ++tr->earlier > TALLY_MAX_EARLIER)
        return false;
    return cp_queue_tally_add(tr->tally, r);
}

/* The tally for the learning day of `now`: kept while the day lasts, read
 * from the log again on a new day (or after an undo or new settings). */
static cp_status tally_for(cp_learner *l, cp_time now, const cp_queue_desc *desc, cp_error *err)
{
    cp_time day_start, day_end;
    cp_queue_day(now, desc, &day_start, &day_end);
    if (l->tally_valid && l->tally.start == day_start)
        return CP_OK;
    l->tally_valid = false;
    cp_queue_tally_begin(&l->tally, l->deck, now, desc);
    tally_reader tr = {&l->tally, 0};
    cp_status s = cp_store_each_review_newest(l->store,
                                              day_start - TALLY_DAYS * (cp_time)CP_DAY_SECONDS,
                                              take_review, &tr, err);
    l->tally_valid = s == CP_OK;
    return s;
}

/* The confusions as of the log: the map built and the log read when
 * needed (the tally is a cache of the log, like the queue's). */
static cp_status confusion_from(cp_learner *l, cp_store *store, cp_time now, cp_error *err)
{
    cp_status s = CP_OK;
    if (!l->confusion_map && (s = cp_confusion_map_build(l->deck, &l->confusion_map, err)) != CP_OK)
        return s;
    if (!l->confusion && (s = cp_confusion_new(l->confusion_map, NULL, &l->confusion, err)) != CP_OK)
        return s;
    if (!l->boost && !(l->boost = calloc(cp_deck_count(l->deck) ? cp_deck_count(l->deck) : 1, 1)))
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    if (l->confusion_valid)
        return CP_OK;
    cp_confusion_clear(l->confusion);
    s = cp_confusion_read(l->confusion, store, now - CONFUSION_DAYS * (cp_time)CP_DAY_SECONDS, err);
    l->confusion_valid = s == CP_OK;
    return s;
}

static cp_status confusion_for(cp_learner *l, cp_time now, cp_error *err)
{
    return confusion_from(l, l->store, now, err);
}

cp_status cp_learner_confusion(const cp_learner *learner, cp_time now, const cp_confusion **out,
                               cp_error *err)
{
    cp_learner *l = (cp_learner *)learner;
    *out = NULL;
    cp_status s = confusion_for(l, cp_learner_now(l, now), err);
    if (s == CP_OK)
        *out = l->confusion;
    return s;
}

cp_queue_desc cp_learner_queue_desc(const cp_learner *l)
{
    cp_queue_desc desc = cp_queue_desc_of(&l->settings, l->clock);
    /* With a study plan, its number for the day. */
    const cp_game_state *g = cp_game_state_of(l->game);
    if (g && g->has_plan && g->plan_new_today >= 0)
        desc.new_limit = g->plan_new_today > 0 ? g->plan_new_today : -1;
    return desc;
}

cp_status cp_learner_today(const cp_learner *learner, cp_time now, long last_card, cp_today *today,
                           cp_error *err)
{
    /* The tally is a cache of the log: keeping it up to date is not a
     * change of what the learner sees. */
    cp_learner *l = (cp_learner *)learner;
    memset(today, 0, sizeof *today);
    now = cp_learner_now(l, now);
    cp_queue_desc desc = cp_learner_queue_desc(l);
    cp_status s = tally_for(l, now, &desc, err);
    if (s == CP_OK)
        s = confusion_for(l, now, err);
    if (s != CP_OK)
        return s;
    /* Cards that set apart a pair the learner confuses come first. */
    cp_confusion_separating(l->confusion, now, l->boost);
    cp_queue_stats stats = l->tally.stats;
    cp_queue q = {0};
    cp_queue_input in = {.deck = l->deck, .memory = l->memory, .params = &l->params, .now = now,
                         .desc = &desc, .stats = &stats, .last_card = last_card,
                         .seed = (uint64_t)cp_day_of(&desc.clock, now), .held = l->held,
                         .boost = l->boost};
    if ((s = cp_queue_kept_build(l->queue, &in, &q, err)) != CP_OK)
        return s;
    today->cards = q.cards;
    today->n = q.n;
    q.cards = NULL;
    for (int d = 0; d < CP_DOMAINS; d++) {
        today->due_by_domain[d] = q.due_by_domain[d];
        today->new_by_domain[d] = q.new_by_domain[d];
    }
    today->due = (int)(q.n_learning + q.n_review);
    today->fresh = (int)q.n_new;
    today->minutes = cp_plan_drill_minutes(today->due, today->fresh);
    today->done_today = l->tally.done_today;
    today->correct_today = l->tally.correct_today;
    cp_queue_free(&q);
    return CP_OK;
}

void cp_today_free(cp_today *today)
{
    free(today->cards);
    memset(today, 0, sizeof *today);
}

/* ---- the mock reserve ------------------------------------------------------------------ */

static void note_reserved(void *ctx, const char *card_id)
{
    cp_learner *l = ctx;
    long i = cp_deck_find(l->deck, card_id);
    if (i >= 0)
        l->held[i] = 1;
}

/* The reserve's seed: fixed for this learner the first time it is needed. */
static cp_status reserve_seed(cp_learner *l, cp_time now, uint64_t *seed, cp_error *err)
{
    char v[32];
    bool found = false;
    cp_status s = cp_store_get_setting(l->store, "reserve_seed", v, sizeof v, &found, err);
    if (s != CP_OK)
        return s;
    if (found) {
        *seed = strtoull(v, NULL, 10);
        return CP_OK;
    }
    *seed = (uint64_t)now * 2654435761u ^ 0x7265736572766531ull;
    snprintf(v, sizeof v, "%llu", (unsigned long long)*seed);
    return cp_store_set_setting(l->store, "reserve_seed", v, err);
}

cp_status cp_learner_reserve_refresh(cp_learner *l, cp_time now, cp_error *err)
{
    cp_status s = fresh_exposures(l, err);
    if (s != CP_OK)
        return s;
    size_t n = cp_deck_count(l->deck);
    /* Each card's newest sight: its last review or its first exposure. */
    for (size_t i = 0; i < n; i++) {
        l->seen[i] = l->memory[i].state != CP_STATE_NEW ? l->memory[i].last_review : 0;
        if ((l->first_flags[i] & CP_SEEN_MET) && l->first_at[i] > l->seen[i])
            l->seen[i] = l->first_at[i] > 0 ? l->first_at[i] : 1;
    }
    memset(l->held, 0, n ? n : 1);
    s = cp_store_each_reserved(l->store, note_reserved, l, err);
    if (s != CP_OK)
        return s;
    /* The reserve works on question cards: a bank with their last sight
     * and the held flags in bank order. */
    cp_exam_bank bank;
    if ((s = cp_exam_bank_from_deck(l->deck, &bank, err)) != CP_OK)
        return s;
    const cp_card *first = cp_deck_card(l->deck, 0);
    cp_time *seen = calloc(bank.n_cards ? bank.n_cards : 1, sizeof *seen);
    uint8_t *held = calloc(bank.n_cards ? bank.n_cards : 1, 1);
    uint8_t *was = calloc(bank.n_cards ? bank.n_cards : 1, 1);
    if (!seen || !held || !was) {
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (size_t b = 0; b < bank.n_cards; b++) {
        size_t i = (size_t)(bank.cards[b] - first);
        seen[b] = l->seen[i];
        held[b] = was[b] = l->held[i];
    }
    bank.last_seen = seen;
    uint64_t seed = 0;
    if (l->settings.mock_reserve) {
        if ((s = reserve_seed(l, now, &seed, err)) != CP_OK)
            goto done;
        (void)cp_exam_reserve_fill(&bank, NULL, seed, held);
    } else {
        memset(held, 0, bank.n_cards);
    }
    /* Store the difference in one group; memory follows once it is kept. */
    bool changed = false;
    for (size_t b = 0; b < bank.n_cards && !changed; b++)
        changed = held[b] != was[b];
    if (changed) {
        if ((s = cp_store_begin(l->store, err)) != CP_OK)
            goto done;
        for (size_t b = 0; b < bank.n_cards && s == CP_OK; b++)
            if (held[b] != was[b])
                s = cp_store_set_reserved(l->store, bank.cards[b]->id, held[b], now, err);
        if (s == CP_OK)
            s = cp_store_commit(l->store, err);
        else
            cp_store_rollback(l->store);
        if (s != CP_OK)
            goto done;
    }
    memset(l->held, 0, n ? n : 1);
    l->n_held = 0;
    for (size_t b = 0; b < bank.n_cards; b++) {
        l->held[bank.cards[b] - first] = held[b];
        l->n_held += held[b];
    }
done:
    bank.last_seen = NULL;
    cp_exam_bank_release(&bank);
    free(seen);
    free(held);
    free(was);
    return s;
}

const uint8_t *cp_learner_held(const cp_learner *l) { return l->held; }
size_t cp_learner_reserve_count(const cp_learner *l) { return l->n_held; }
const cp_time *cp_learner_seen(const cp_learner *l) { return l->seen; }

cp_status cp_learner_quiz(const cp_learner *l, const cp_quiz_desc *desc, cp_time now, cp_rng *rng,
                          size_t *out, size_t *n_out, cp_error *err)
{
    cp_quiz_desc d = desc ? *desc : (cp_quiz_desc){0};
    d.held = l->held;
    return cp_quiz_build(l->deck, l->memory, &l->params, cp_learner_now(l, now), &d, rng, out,
                         n_out, err);
}

cp_status cp_learner_readiness(const cp_learner *l, cp_time now, cp_readiness *out, cp_error *err)
{
    cp_status s = fresh_exposures((cp_learner *)l, err);
    if (s != CP_OK)
        return s;
    cp_first_seen seen = cp_learner_first_seen(l);
    return cp_readiness_load_seen(l->store, l->deck, l->memory, &l->params, &seen,
                                  cp_learner_now(l, now), out, err);
}
