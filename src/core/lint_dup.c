/* Lint, near-duplicates: question stems (and, apart, flashcard fronts)
 * whose word 3-gram Jaccard similarity reaches a threshold t.
 *
 * Each text becomes a set of shingles: hashes of its lowercased word
 * 3-grams (a text of one or two words is one shingle). Texts whose whole
 * normalised wording is the same are grouped first: each later one is
 * reported against the first, and only the first joins the search. The
 * search is a set-similarity join with prefix filtering (Bayardo, Ma and
 * Srikant's All-Pairs): shingles are numbered rarest first, each set is
 * sorted so, and two sets with Jaccard >= t must share one of the first
 * |x| - ceil(t|x|) + 1 shingles of each. An inverted index over those
 * prefixes gives the candidate pairs, smaller sets first so that a
 * candidate at least t times the size is the only kind to check, and each
 * candidate is verified by merging the two sorted sets. Rare shingles make
 * short lists, so the cost follows the number of similar pairs, not n^2;
 * a shingle shared by thousands of texts is only read up to
 * MAX_POSTINGS_PER_TEXT entries per text, which bounds degenerate decks. */
#include "lint_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_POSTINGS_PER_TEXT = 4096 };

typedef struct text {
    long card;                  /* index in the deck */
    uint64_t whole;             /* hash of the whole normalised wording */
    size_t first, n;            /* its shingles: shingle[first .. first+n) */
    long same_as;               /* earlier text with the same wording, or -1 */
    long best;                  /* best earlier near-duplicate, or -1 */
    double best_j;
    size_t matches;
} text;

typedef struct join {
    const cp_deck *deck;
    text *texts;
    size_t n;
    uint64_t *shingle;          /* every text's shingles, then their ids */
    uint32_t *id;
    size_t n_shingles, cap_shingles;
} join;

static bool add_shingle(join *j, uint64_t h)
{
    uint64_t *p = cp_grow(j->shingle, &j->cap_shingles, j->n_shingles, sizeof *p, 4096);
    if (!p)
        return false;
    j->shingle = p;
    j->shingle[j->n_shingles++] = h;
    return true;
}

/* The shingles of one text, sorted and unique; false: out of memory. */
static bool shingle(join *j, const char *plain, text *t)
{
    uint64_t word[3] = {0};
    size_t n_words = 0, pos = 0;
    uint64_t whole = CP_LINT_HASH0;
    cp_word w;
    t->first = j->n_shingles;
    while (cp_lint_next_word(plain, &pos, &w)) {
        char lower[CP_LINT_WORD_MAX];
        size_t len = cp_lint_lower(&w, lower);
        uint64_t h = cp_lint_hash(CP_LINT_HASH0, lower, len);
        whole = cp_lint_hash(cp_lint_hash(whole, lower, len), " ", 1);
        word[0] = word[1];
        word[1] = word[2];
        word[2] = h;
        if (++n_words >= 3) {
            uint64_t g = CP_LINT_HASH0;
            for (size_t k = 0; k < 3; k++)
                g = cp_lint_hash(g, (const char *)&word[k], sizeof word[k]);
            if (!add_shingle(j, g))
                return false;
        }
    }
    if (n_words == 1 || n_words == 2) {
        if (!add_shingle(j, whole ^ 0x9e3779b97f4a7c15ULL))
            return false;
    }
    t->whole = whole;
    t->n = j->n_shingles - t->first;
    if (t->n > 1) {
        uint64_t *s = j->shingle + t->first;
        cp_sort_u64(s, t->n);
        size_t k = 1;
        for (size_t i = 1; i < t->n; i++)
            if (s[i] != s[k - 1])
                s[k++] = s[i];
        j->n_shingles = t->first + k;
        t->n = k;
    }
    return true;
}

/* Sort keys: a text's index with what it is ordered by. */
typedef struct order_key {
    uint64_t key;               /* the wording's hash, or the set's size */
    long card;
    size_t index;
} order_key;

static int cmp_key(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->card < y->card ? -1 : x->card > y->card;
}

/* The indices of texts `which` (n of them) ordered by size or wording,
 * then by card; NULL when out of memory. */
static size_t *ordered(const text *texts, const size_t *which, size_t n, bool by_size)
{
    order_key *keys = malloc((n ? n : 1) * sizeof *keys);
    size_t *out = malloc((n ? n : 1) * sizeof *out);
    if (keys && out) {
        for (size_t i = 0; i < n; i++) {
            const text *x = &texts[which ? which[i] : i];
            keys[i] = (order_key){by_size ? x->n : x->whole, x->card, which ? which[i] : i};
        }
        qsort(keys, n, sizeof *keys, cmp_key);
        for (size_t i = 0; i < n; i++)
            out[i] = keys[i].index;
    } else {
        free(out);
        out = NULL;
    }
    free(keys);
    return out;
}

/* Distinct shingles: their hashes in order of first appearance, and an
 * open-addressing table of 4-byte slots (number + 1; 0 empty) over them. */
typedef struct distinct {
    uint64_t *hash;
    uint32_t *count;            /* sets holding it */
    size_t n, cap;
    uint32_t *slot;
    size_t slots;
} distinct;

static size_t slot_of(const distinct *d, uint64_t h)
{
    size_t i = (size_t)(h ^ h >> 29) & (d->slots - 1);
    while (d->slot[i] && d->hash[d->slot[i] - 1] != h)
        i = (i + 1) & (d->slots - 1);
    return i;
}

/* The number of shingle h, added if new; -1 when out of memory. */
static long distinct_number(distinct *d, uint64_t h)
{
    if ((d->n + 1) * 10 > d->slots * 7) {
        size_t slots = d->slots ? d->slots * 2 : 1024;
        uint32_t *slot = calloc(slots, sizeof *slot);
        if (!slot)
            return -1;
        free(d->slot);
        d->slot = slot;
        d->slots = slots;
        for (size_t u = 0; u < d->n; u++)
            d->slot[slot_of(d, d->hash[u])] = (uint32_t)(u + 1);
    }
    size_t i = slot_of(d, h);
    if (d->slot[i])
        return d->slot[i] - 1;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        uint64_t *hash = realloc(d->hash, cap * sizeof *hash);
        if (!hash)
            return -1;
        d->hash = hash;
        uint32_t *count = realloc(d->count, cap * sizeof *count);
        if (!count)
            return -1;
        d->count = count;
        d->cap = cap;
    }
    d->hash[d->n] = h;
    d->count[d->n] = 0;
    d->slot[i] = (uint32_t)(d->n + 1);
    return (long)d->n++;
}

static size_t prefix_length(size_t n, double t)
{
    size_t need = (size_t)ceil(t * (double)n - 1e-9);
    if (need < 1)
        need = 1;
    return n - need + 1;
}

static size_t overlap(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, k = 0, n = 0;
    while (i < na && k < nb) {
        if (a[i] == b[k]) {
            n++;
            i++;
            k++;
        } else if (a[i] < b[k]) {
            i++;
        } else {
            k++;
        }
    }
    return n;
}

/* Records that texts x and y are near-duplicates, on the later card. */
static void record(join *j, size_t x, size_t y, double jaccard)
{
    text *later = &j->texts[x], *earlier = &j->texts[y];
    if (later->card < earlier->card) {
        text *tmp = later;
        later = earlier;
        earlier = tmp;
    }
    later->matches++;
    if (later->best < 0 || jaccard > later->best_j ||
        (jaccard == later->best_j && earlier->card < j->texts[later->best].card)) {
        later->best = earlier - j->texts;
        later->best_j = jaccard;
    }
}

/* The join over texts that are the first of their wording. */
static bool search(join *j, const size_t *reps, size_t n_reps, double t)
{
    bool ok = false;
    distinct d = {0};
    uint32_t *rarity = NULL, *offset = NULL, *fill = NULL, *posting = NULL;
    size_t *by_count = NULL, *order = NULL;
    uint32_t *stamp = NULL;

    /* Shingle ids, rarest first: number the distinct shingles through a
     * hash table, count the sets holding each, and renumber by count (a
     * counting sort; ties keep the order of first appearance). */
    j->id = malloc((j->n_shingles ? j->n_shingles : 1) * sizeof *j->id);
    if (!j->id)
        goto done;
    for (size_t r = 0; r < n_reps; r++) {
        const text *x = &j->texts[reps[r]];
        for (size_t i = 0; i < x->n; i++) {
            long u = distinct_number(&d, j->shingle[x->first + i]);
            if (u < 0)
                goto done;
            d.count[u]++;
            j->id[x->first + i] = (uint32_t)u;
        }
    }
    /* From here on shingles are their numbers: drop the hashes. */
    size_t n_tokens = d.n;
    free(d.slot);
    free(d.hash);
    free(j->shingle);
    d.slot = NULL;
    d.hash = NULL;
    j->shingle = NULL;
    /* by_count[c] = first rank of the shingles held by c sets. */
    by_count = calloc(n_reps + 2, sizeof *by_count);
    rarity = malloc((n_tokens ? n_tokens : 1) * sizeof *rarity);
    if (!by_count || !rarity)
        goto done;
    for (size_t u = 0; u < n_tokens; u++)
        by_count[d.count[u] + 1]++;
    for (size_t c = 1; c <= n_reps + 1; c++)
        by_count[c] += by_count[c - 1];
    for (size_t u = 0; u < n_tokens; u++)
        rarity[u] = (uint32_t)by_count[d.count[u]]++;
    for (size_t r = 0; r < n_reps; r++) {
        const text *x = &j->texts[reps[r]];
        uint32_t *ids = j->id + x->first;
        for (size_t i = 0; i < x->n; i++)
            ids[i] = rarity[ids[i]];
        cp_sort_u32(ids, x->n);
    }

    /* Smaller sets first; an index over every set's prefix, in that order. */
    order = ordered(j->texts, reps, n_reps, true);
    offset = calloc(n_tokens + 1, sizeof *offset);
    fill = calloc(n_tokens + 1, sizeof *fill);
    stamp = calloc(n_reps ? n_reps : 1, sizeof *stamp);
    if (!order || !offset || !fill || !stamp)
        goto done;
    size_t n_postings = 0;
    for (size_t r = 0; r < n_reps; r++) {
        const text *x = &j->texts[order[r]];
        size_t p = prefix_length(x->n, t);
        for (size_t i = 0; i < p; i++)
            offset[j->id[x->first + i] + 1]++;
        n_postings += p;
    }
    for (size_t i = 0; i < n_tokens; i++)
        offset[i + 1] += offset[i];
    posting = malloc((n_postings ? n_postings : 1) * sizeof *posting);
    if (!posting)
        goto done;
    for (size_t r = 0; r < n_reps; r++) {
        const text *x = &j->texts[order[r]];
        size_t p = prefix_length(x->n, t);
        for (size_t i = 0; i < p; i++) {
            uint32_t id = j->id[x->first + i];
            posting[offset[id] + fill[id]++] = (uint32_t)r;
        }
    }

    /* Probe: each set against the smaller (earlier) ones in its lists. */
    for (size_t r = 0; r < n_reps; r++) {
        size_t xi = order[r];
        const text *x = &j->texts[xi];
        const uint32_t *xs = j->id + x->first;
        size_t p = prefix_length(x->n, t), read = 0;
        for (size_t i = 0; i < p && read < MAX_POSTINGS_PER_TEXT; i++) {
            uint32_t id = xs[i];
            for (size_t q = offset[id]; q < offset[id + 1] && read < MAX_POSTINGS_PER_TEXT; q++, read++) {
                size_t other = posting[q];
                if (other >= r)
                    break;          /* lists are in processing order */
                if (stamp[other] == r + 1)
                    continue;
                stamp[other] = (uint32_t)(r + 1);
                size_t yi = order[other];
                const text *y = &j->texts[yi];
                if ((double)y->n < t * (double)x->n)
                    continue;
                size_t common = overlap(xs, x->n, j->id + y->first, y->n);
                double jaccard = (double)common / (double)(x->n + y->n - common);
                if (jaccard >= t - 1e-12)
                    record(j, xi, yi, jaccard);
            }
        }
    }
    ok = true;
done:
    free(d.slot);
    free(d.hash);
    free(d.count);
    free(by_count);
    free(rarity);
    free(order);
    free(offset);
    free(fill);
    free(posting);
    free(stamp);
    return ok;
}

static bool join_kind(cp_lint *lint, const cp_deck *deck, bool flashcards, double t)
{
    join j = {.deck = deck};
    bool ok = false;
    size_t *by = NULL, *reps = NULL;
    size_t n_cards = cp_deck_count(deck);
    j.texts = malloc((n_cards ? n_cards : 1) * sizeof *j.texts);
    if (!j.texts)
        goto done;
    for (size_t i = 0; i < n_cards; i++) {
        const cp_card *c = cp_deck_card(deck, i);
        if ((c->type == CP_CARD_FLASHCARD) != flashcards)
            continue;
        char *plain = cp_lint_plain(c->stem);
        if (!plain)
            goto done;
        text *x = &j.texts[j.n];
        *x = (text){.card = (long)i, .same_as = -1, .best = -1};
        bool shingled = shingle(&j, plain, x);
        free(plain);
        if (!shingled)
            goto done;
        if (x->n)
            j.n++;
    }

    /* The same wording: later ones point at the first. */
    by = ordered(j.texts, NULL, j.n, false);
    reps = malloc((j.n ? j.n : 1) * sizeof *reps);
    if (!by || !reps)
        goto done;
    size_t n_reps = 0;
    for (size_t i = 0; i < j.n; i++) {
        if (i && j.texts[by[i]].whole == j.texts[by[i - 1]].whole)
            j.texts[by[i]].same_as = j.texts[by[i - 1]].same_as >= 0 ? j.texts[by[i - 1]].same_as : (long)by[i - 1];
        else
            reps[n_reps++] = by[i];
    }
    if (!search(&j, reps, n_reps, t))
        goto done;

    const char *what = flashcards ? "flashcard front" : "question stem";
    for (size_t i = 0; i < j.n; i++) {
        const text *x = &j.texts[i];
        const cp_card *c = cp_deck_card(deck, (size_t)x->card);
        if (x->same_as >= 0) {
            const cp_card *first = cp_deck_card(deck, (size_t)j.texts[x->same_as].card);
            cp_lint_warn(lint, deck, "near-duplicate", x->card, c->line,
                         "the same %s as '%s' (%s:%u), once case and punctuation are set aside",
                         what, first->id, first->file, first->line);
        } else if (x->best >= 0) {
            const cp_card *other = cp_deck_card(deck, (size_t)j.texts[x->best].card);
            char more[48] = "";
            if (x->matches > 1)
                snprintf(more, sizeof more, "; and %zu more", x->matches - 1);
            cp_lint_warn(lint, deck, "near-duplicate", x->card, c->line,
                         "%s near-identical to '%s' (%s:%u; word 3-gram Jaccard %.2f%s)", what,
                         other->id, other->file, other->line, x->best_j, more);
        }
    }
    ok = true;
done:
    free(by);
    free(reps);
    free(j.texts);
    free(j.shingle);
    free(j.id);
    return ok;
}

bool cp_lint_near_duplicates(cp_lint *lint, const cp_deck *deck, double threshold)
{
    return join_kind(lint, deck, false, threshold) && join_kind(lint, deck, true, threshold);
}
