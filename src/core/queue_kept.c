/* Today's queue kept between answers: cp_queue_build's census, moved one
 * card at a time.
 *
 * A scan (the first build of a day, or after anything but a card's memory
 * changed) sorts every card into a kind: (re)learning, a review due today,
 * New (each task's New cards listed in deck order), or none of these; and
 * counts each task's cards and those seen. cp_queue_kept_touch moves one
 * card between kinds. A build then looks only at the (re)learning cards,
 * at the candidates among the due reviews and at the head of each task's
 * New list, and hands the census to cp_queue_assemble, which cp_queue_build
 * uses too.
 *
 * The due reviews are ranked by recall now, which changes with time: the
 * order of two cards can swap as the day goes on. So the due reviews are
 * split in two at a ranking time t0: the candidates, enough to fill today's
 * room with some to spare, and the others, of which only a bound is kept:
 * the largest (t0 - last review) / stability among them, in days, and
 * their smallest stability. At a later `now` no other has waited longer
 * than x = largest + (now - t0) / smallest stability, so none has a recall
 * below R(x), the forgetting curve being falling in that ratio. When the
 * last review that fits today's room among the candidates ranks strictly
 * below R(x) (with a margin for rounding), the candidates' order is the
 * whole order; otherwise the due reviews are ranked again at `now`, and
 * should the split still leave near-ties across it, candidates are added
 * until it does not (or all are candidates). A card answered or moved into
 * the due reviews becomes a candidate, which keeps the bound true.
 *
 * The reserve and the boost list are copied at each scan. Held New cards
 * are outside the queue (a kind of their own, counted nowhere); other held
 * flags mean a scan. Boosted reviews (due or not) are kept apart from the
 * ranking above, in a short list read at every build: a boosted due review
 * ranks before every other, one not yet due may fill the room left. A
 * build compares the boost list given with the copy and moves each card
 * whose flag changed, as an answer would. */
#include "queue_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    KIND_NONE = 0,  /* outside the queue's domains and tasks */
    KIND_LEARNING,  /* (re)learning, due at any time */
    KIND_CANDIDATE, /* a due review among the candidates */
    KIND_OTHER,     /* a due review among the others */
    KIND_NEW,
    KIND_LATER,   /* a review due after today */
    KIND_HELD,    /* New and held back for mocks: not in the drill */
    KIND_BOOSTED, /* a boosted review, due or not */
};

/* A review beyond the bound by less than this may rank either way:
 * recall is rounded to 8 decimals. */
static const double RECALL_MARGIN = 1e-7;

struct cp_queue_kept {
    bool valid;
    /* What the census was taken for. */
    const cp_deck *deck;
    const cp_memory *memory;
    size_t n;
    cp_time day_start, day_end;
    cp_fsrs_curve curve;

    uint8_t *kind; /* per card */
    size_t *slot;  /* per card: position in learning[] or due[] */
    size_t *cslot; /* per card: position in cand[] */
    size_t *learning, n_learning;
    size_t *due, n_due;   /* every due review */
    size_t *cand, n_cand; /* the candidates among them */
    cp_time t0;           /* when the others' bound was taken */
    double other_x;       /* max (t0 - last review) / stability, days */
    double other_min_s;   /* min stability */
    size_t task_total[CP_TASKS], task_seen[CP_TASKS], avail[CP_DOMAINS];
    size_t *new_cards;
    size_t new_start[CP_TASKS + 1], new_front[CP_TASKS];
    cp_ranked *items; /* a build's learning cards and reviews */
    uint8_t *held;    /* per card: the reserve as of the scan */
    bool any_held;
    uint8_t *boost;               /* per card: the boost list as of the last build */
    size_t *bset, *bslot, n_bset; /* the boosted cards, and their places */
    size_t *boosted, n_boosted;   /* the boosted reviews (slot: their places) */
    cp_ranked *early;             /* a build's boosted reviews not yet due */
    size_t *boost_new;            /* a build's boosted New cards */
    uint64_t scans, ranks;
};

cp_status cp_queue_kept_new(cp_queue_kept **out, cp_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return cp_error_set(err, CP_ERR_NOMEM, "", 0, "out of memory");
    return CP_OK;
}

static void release(cp_queue_kept *k)
{
    free(k->kind);
    free(k->slot);
    free(k->cslot);
    free(k->learning);
    free(k->due);
    free(k->cand);
    free(k->new_cards);
    free(k->items);
    free(k->held);
    free(k->boost);
    free(k->bset);
    free(k->bslot);
    free(k->boosted);
    free(k->early);
    free(k->boost_new);
    k->kind = k->held = k->boost = NULL;
    k->slot = k->cslot = k->learning = k->due = k->cand = k->new_cards = NULL;
    k->bset = k->bslot = k->boosted = k->boost_new = NULL;
    k->items = k->early = NULL;
    k->valid = false;
}

void cp_queue_kept_free(cp_queue_kept *k)
{
    if (!k)
        return;
    release(k);
    free(k);
}

void cp_queue_kept_reset(cp_queue_kept *k)
{
    if (k)
        k->valid = false;
}

void cp_queue_kept_counts(const cp_queue_kept *k, uint64_t *scans, uint64_t *ranks)
{
    *scans = k->scans;
    *ranks = k->ranks;
}

/* ---- kinds and lists ---------------------------------------------------------- */

static int kind_of(const cp_queue_kept *k, size_t i)
{
    const cp_memory *m = &k->memory[i];
    /* As cp_queue_build's scan sorts them (an unknown state counts as New
     * there, and is passed over when the New cards are picked). */
    switch (m->state) {
    case CP_STATE_LEARNING:
    case CP_STATE_RELEARNING: return KIND_LEARNING;
    case CP_STATE_REVIEW:
        if (k->boost[i])
            return KIND_BOOSTED;
        return m->due < k->day_end ? KIND_OTHER : KIND_LATER;
    case CP_STATE_NEW: return k->held[i] ? KIND_HELD : KIND_NEW;
    default: return KIND_NEW;
    }
}

static void list_add(size_t *list, size_t *n, size_t *slot, size_t card)
{
    slot[card] = *n;
    list[(*n)++] = card;
}

static void list_remove(size_t *list, size_t *n, size_t *slot, size_t card)
{
    size_t at = slot[card], last = list[--*n];
    list[at] = last;
    slot[last] = at;
}

/* How many candidates to keep: today's room with as many again to spare,
 * so that the answers of a day rarely reach past them. */
static size_t candidates_for(size_t room)
{
    return 2 * room + 64;
}

/* ---- ranking the due reviews ------------------------------------------------------ */

static double waited(const cp_memory *m, cp_time at)
{
    return (double)(at - m->last_review) / CP_DAY_SECONDS / m->stability;
}

/* The lowest recall any other can have at `now`; -1 when no bound holds. */
static double others_floor(const cp_queue_kept *k, cp_time now)
{
    if (k->n_cand == k->n_due)
        return 2.0; /* no others: above any recall */
    if (now < k->t0 || !(k->other_min_s > 0.0))
        return -1.0;
    double x = k->other_x + (double)(now - k->t0) / CP_DAY_SECONDS / k->other_min_s;
    return pow(1.0 + k->curve.factor * fmax(x, 0.0), k->curve.decay);
}

/* Ranks every due review at `now` and keeps the first `want` (at least)
 * as candidates, more when near-ties cross the split. Uses items as
 * scratch (room for n_due). */
static void split(cp_queue_kept *k, const cp_queue_input *in, size_t room)
{
    k->ranks++;
    size_t n = k->n_due;
    cp_ranked *r = k->items;
    for (size_t j = 0; j < n; j++) {
        size_t i = k->due[j];
        r[j] = (cp_ranked){cp_queue_recall(&k->curve, &k->memory[i], in->now), i, 0};
    }
    size_t want = candidates_for(room);
    for (;;) {
        if (want >= n) {
            want = n;
            break;
        }
        cp_queue_select_first(r, n, want);
        /* The others' bound at t0 = now, and the room-th candidate. */
        double x = 0.0, min_s = HUGE_VAL;
        for (size_t j = want; j < n; j++) {
            const cp_memory *m = &k->memory[r[j].card];
            double w = waited(m, in->now);
            x = j == want || w > x ? w : x;
            min_s = fmin(min_s, m->stability);
        }
        k->t0 = in->now;
        k->other_x = x;
        k->other_min_s = min_s;
        k->n_cand = want;
        k->n_due = n;
        double lowest = others_floor(k, in->now);
        cp_queue_select_first(r, want, room < want ? room : want);
        double worst = 0.0;
        for (size_t j = 0; j < room && j < want; j++)
            worst = j == 0 || r[j].key > worst ? r[j].key : worst;
        if (worst < lowest - RECALL_MARGIN)
            break;
        want *= 4;
    }
    k->n_cand = 0;
    for (size_t j = 0; j < n; j++) {
        size_t i = r[j].card;
        if (j < want) {
            k->kind[i] = KIND_CANDIDATE;
            list_add(k->cand, &k->n_cand, k->cslot, i);
        } else {
            k->kind[i] = KIND_OTHER;
        }
    }
    if (k->n_cand == n)
        k->t0 = in->now;
}

static void all_candidates(cp_queue_kept *k, const cp_queue_input *in)
{
    k->n_cand = 0;
    for (size_t j = 0; j < k->n_due; j++) {
        k->kind[k->due[j]] = KIND_CANDIDATE;
        list_add(k->cand, &k->n_cand, k->cslot, k->due[j]);
    }
    k->t0 = in->now;
}

/* The reviews that fit today, sorted, into k->items; their count. */
static size_t rank_reviews(cp_queue_kept *k, const cp_queue_input *in, size_t room)
{
    if (room == 0)
        return 0;
    if (k->n_due > k->n_cand && (k->n_due <= room || k->n_cand < room || in->now < k->t0))
        split(k, in, room);
    for (int attempt = 0;; attempt++) {
        size_t n = k->n_cand;
        for (size_t j = 0; j < n; j++) {
            size_t i = k->cand[j];
            k->items[j] = (cp_ranked){cp_queue_recall(&k->curve, &k->memory[i], in->now), i, 0};
        }
        size_t take = n < room ? n : room;
        if (n > room)
            cp_queue_select_first(k->items, n, room);
        qsort(k->items, take, sizeof *k->items, cp_queue_cmp_ranked);
        if (k->n_cand == k->n_due ||
            (take > 0 && k->items[take - 1].key < others_floor(k, in->now) - RECALL_MARGIN))
            return take;
        /* An other may have overtaken: rank them all at `now`. A split
         * leaves a clear margin, so the second pass returns; were it not
         * so, every due review becomes a candidate. */
        if (attempt == 0)
            split(k, in, room);
        else
            all_candidates(k, in);
    }
}

/* ---- the scan ------------------------------------------------------------------- */

static cp_status scan(cp_queue_kept *k, const cp_queue_input *in, const cp_fsrs_curve *curve,
                      cp_error *err)
{
    const cp_deck *deck = in->deck;
    size_t n = cp_deck_count(deck);
    if (!k->kind || k->n != n) {
        release(k);
        size_t c = n ? n : 1;
        k->kind = malloc(c);
        k->slot = malloc(c * sizeof *k->slot);
        k->cslot = malloc(c * sizeof *k->cslot);
        k->learning = malloc(c * sizeof *k->learning);
        k->due = malloc(c * sizeof *k->due);
        k->cand = malloc(c * sizeof *k->cand);
        k->new_cards = malloc(c * sizeof *k->new_cards);
        k->items = malloc(c * sizeof *k->items);
        k->held = malloc(c);
        k->boost = malloc(c);
        k->bset = malloc(c * sizeof *k->bset);
        k->bslot = malloc(c * sizeof *k->bslot);
        k->boosted = malloc(c * sizeof *k->boosted);
        k->early = malloc(c * sizeof *k->early);
        k->boost_new = malloc(c * sizeof *k->boost_new);
        if (!k->kind || !k->slot || !k->cslot || !k->learning || !k->due || !k->cand ||
            !k->new_cards || !k->items || !k->held || !k->boost || !k->bset || !k->bslot ||
            !k->boosted || !k->early || !k->boost_new) {
            release(k);
            return cp_error_set(err, CP_ERR_NOMEM, "", 0, "out of memory building the queue");
        }
    }
    k->scans++;
    k->deck = deck;
    k->memory = in->memory;
    k->n = n;
    cp_queue_day(in->now, in->desc, &k->day_start, &k->day_end);
    k->curve = *curve;
    k->n_learning = k->n_due = k->n_cand = k->n_bset = k->n_boosted = 0;
    k->any_held = false;
    for (size_t i = 0; i < n; i++) {
        k->held[i] = in->held ? in->held[i] : 0;
        k->any_held = k->any_held || k->held[i];
        k->boost[i] = in->boost ? in->boost[i] : 0;
        if (k->boost[i])
            list_add(k->bset, &k->n_bset, k->bslot, i);
    }
    memset(k->task_total, 0, sizeof k->task_total);
    memset(k->task_seen, 0, sizeof k->task_seen);
    memset(k->avail, 0, sizeof k->avail);
    size_t task_new[CP_TASKS] = {0};
    for (size_t i = 0; i < n; i++) {
        const cp_card *card = cp_deck_card(deck, i);
        if (!cp_queue_card_counts(card)) {
            k->kind[i] = KIND_NONE;
            continue;
        }
        int kind = kind_of(k, i);
        k->kind[i] = (uint8_t)kind;
        if (kind == KIND_HELD)
            continue;
        k->task_total[card->task]++;
        if (kind == KIND_NEW) {
            task_new[card->task]++;
            k->avail[card->domain - 1]++;
            continue;
        }
        k->task_seen[card->task]++;
        if (kind == KIND_LEARNING)
            list_add(k->learning, &k->n_learning, k->slot, i);
        else if (kind == KIND_OTHER)
            list_add(k->due, &k->n_due, k->slot, i);
        else if (kind == KIND_BOOSTED)
            list_add(k->boosted, &k->n_boosted, k->slot, i);
    }
    k->new_start[0] = 0;
    for (int t = 0; t < CP_TASKS; t++) {
        k->new_start[t + 1] = k->new_start[t] + task_new[t];
        k->new_front[t] = k->new_start[t];
    }
    size_t next[CP_TASKS];
    memcpy(next, k->new_start, sizeof next);
    for (size_t i = 0; i < n; i++)
        if (k->kind[i] == KIND_NEW)
            k->new_cards[next[cp_deck_card(deck, i)->task]++] = i;
    /* Every due review an other until split ranks them. */
    k->t0 = in->now;
    k->other_x = HUGE_VAL;
    k->other_min_s = 0.0;
    k->valid = true;
    return CP_OK;
}

void cp_queue_kept_touch(cp_queue_kept *k, size_t i)
{
    if (!k || !k->valid || i >= k->n || k->kind[i] == KIND_NONE)
        return;
    int was = k->kind[i], now = kind_of(k, i);
    if (now == KIND_NEW || now == KIND_HELD) {
        /* Back to New (an undone first answer): its place in the task's
         * list is gone; scan again. */
        if (was != now)
            k->valid = false;
        return;
    }
    const cp_card *card = cp_deck_card(k->deck, i);
    switch (was) {
    case KIND_LEARNING: list_remove(k->learning, &k->n_learning, k->slot, i); break;
    case KIND_CANDIDATE:
        list_remove(k->cand, &k->n_cand, k->cslot, i);
        list_remove(k->due, &k->n_due, k->slot, i);
        break;
    case KIND_OTHER: list_remove(k->due, &k->n_due, k->slot, i); break;
    case KIND_BOOSTED: list_remove(k->boosted, &k->n_boosted, k->slot, i); break;
    case KIND_NEW:
        k->avail[card->domain - 1]--;
        k->task_seen[card->task]++;
        break;
    case KIND_HELD: /* seen now (a mock's answer): part of the drill */
        k->task_total[card->task]++;
        k->task_seen[card->task]++;
        break;
    default: break;
    }
    k->kind[i] = (uint8_t)now;
    if (now == KIND_LEARNING) {
        list_add(k->learning, &k->n_learning, k->slot, i);
    } else if (now == KIND_OTHER) {
        k->kind[i] = KIND_CANDIDATE;
        list_add(k->due, &k->n_due, k->slot, i);
        list_add(k->cand, &k->n_cand, k->cslot, i);
    } else if (now == KIND_BOOSTED) {
        list_add(k->boosted, &k->n_boosted, k->slot, i);
    }
    /* The task's list starts at its first card still New. */
    int t = card->task;
    while (k->new_front[t] < k->new_start[t + 1] &&
           k->kind[k->new_cards[k->new_front[t]]] != KIND_NEW)
        k->new_front[t]++;
}

/* ---- the reserve and the boost list ------------------------------------------------ */

/* Whether the reserve given differs from the scan's copy. */
static bool held_changed(const cp_queue_kept *k, const cp_queue_input *in)
{
    if (!in->held)
        return k->any_held;
    return memcmp(k->held, in->held, k->n) != 0;
}

/* Card i's boost flag is now `flag`: its kind may change. */
static void set_boost(cp_queue_kept *k, size_t i, uint8_t flag)
{
    bool was = k->boost[i] != 0;
    k->boost[i] = flag;
    if (was == (flag != 0))
        return;
    if (flag)
        list_add(k->bset, &k->n_bset, k->bslot, i);
    else
        list_remove(k->bset, &k->n_bset, k->bslot, i);
    cp_queue_kept_touch(k, i);
}

/* The copy of the boost list made equal to the one given. */
static void sync_boost(cp_queue_kept *k, const cp_queue_input *in)
{
    if (!in->boost) {
        while (k->n_bset)
            set_boost(k, k->bset[k->n_bset - 1], 0);
        return;
    }
    if (memcmp(k->boost, in->boost, k->n) == 0)
        return;
    for (size_t i = 0; i < k->n; i++)
        if (k->boost[i] != in->boost[i])
            set_boost(k, i, in->boost[i]);
}

static int cmp_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- a build --------------------------------------------------------------------- */

cp_status cp_queue_kept_build(cp_queue_kept *k, const cp_queue_input *in, cp_queue *out,
                              cp_error *err)
{
    if (!k || !in || !in->deck || !in->memory || !out)
        return cp_queue_build(in, out, err);
    memset(out, 0, sizeof *out);
    cp_fsrs_params defaults;
    const cp_fsrs_params *params = in->params;
    if (!params) {
        cp_fsrs_default_params(&defaults);
        params = &defaults;
    }
    cp_fsrs_curve curve = cp_fsrs_curve_of(params);
    cp_time day_start, day_end;
    cp_queue_day(in->now, in->desc, &day_start, &day_end);
    if (!k->valid || k->deck != in->deck || k->memory != in->memory ||
        k->n != cp_deck_count(in->deck) || k->day_start != day_start || k->day_end != day_end ||
        memcmp(&k->curve, &curve, sizeof curve) != 0 || held_changed(k, in)) {
        cp_status s = scan(k, in, &curve, err);
        if (s != CP_OK)
            return s;
    } else {
        sync_boost(k, in);
        if (!k->valid) { /* a touch asked for a scan (kept for safety) */
            cp_status s = scan(k, in, &curve, err);
            if (s != CP_OK)
                return s;
        }
    }

    cp_queue_census c = {.reviews_due = k->n_due};
    /* Reviews first: ranking them uses items as scratch. */
    size_t n_review = rank_reviews(k, in, cp_queue_review_room(in));
    for (size_t j = 0; j < n_review; j++)
        k->items[j].domain = cp_deck_card(k->deck, k->items[j].card)->domain - 1;
    /* The boosted reviews: due ones after the candidates (keyed to rank
     * first), the others not reviewed today aside. */
    size_t n_early = 0;
    for (size_t j = 0; j < k->n_boosted; j++) {
        size_t i = k->boosted[j];
        const cp_memory *m = &k->memory[i];
        int d = cp_deck_card(k->deck, i)->domain - 1;
        if (m->due < k->day_end) {
            double r = cp_queue_recall(&k->curve, m, in->now);
            k->items[n_review++] = (cp_ranked){r - 1.0, i, d};
            c.reviews_due++;
        } else if (m->last_review < k->day_start) {
            k->early[n_early++] = (cp_ranked){cp_queue_recall(&k->curve, m, in->now), i, d};
        }
    }
    /* (Re)learning cards after them in items, past room for the early
     * ones (the assembly adds them after the reviews it keeps). */
    cp_queue_settings s = cp_queue_settings_of(in->desc);
    cp_time learn_until = in->now + s.learn_ahead_s;
    cp_ranked *learning = k->items + n_review + n_early;
    size_t n_learning = 0;
    for (size_t j = 0; j < k->n_learning; j++) {
        size_t i = k->learning[j];
        const cp_memory *m = &k->memory[i];
        if (m->due <= learn_until)
            learning[n_learning++] = (cp_ranked){(double)m->due, i,
                                                 cp_deck_card(k->deck, i)->domain - 1};
        else if (m->due < k->day_end && (c.next_learning == 0 || m->due < c.next_learning))
            c.next_learning = m->due;
    }
    qsort(learning, n_learning, sizeof *learning, cp_queue_cmp_ranked);
    /* The boosted New cards, in deck order. */
    size_t n_boost_new = 0;
    for (size_t j = 0; j < k->n_bset; j++) {
        size_t i = k->bset[j];
        if (k->kind[i] == KIND_NEW && k->memory[i].state == CP_STATE_NEW)
            k->boost_new[n_boost_new++] = i;
    }
    qsort(k->boost_new, n_boost_new, sizeof *k->boost_new, cmp_index);
    c.learning = learning;
    c.n_learning = n_learning;
    c.reviews = k->items;
    c.n_review = n_review;
    c.early = k->early;
    c.n_early = n_early;
    memcpy(c.task_total, k->task_total, sizeof c.task_total);
    memcpy(c.task_seen, k->task_seen, sizeof c.task_seen);
    memcpy(c.avail, k->avail, sizeof c.avail);
    c.new_cards = k->new_cards;
    c.new_start = k->new_start;
    c.new_front = k->new_front;
    c.boost_new = k->boost_new;
    c.n_boost_new = n_boost_new;
    return cp_queue_assemble(in, &c, out, err);
}
