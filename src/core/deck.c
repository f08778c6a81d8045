/* Decks: the model, and loading Markdown files into it.
 *
 * A deck is an immutable set of cards once loaded; its strings live in an
 * arena it owns. cp_deck_add_text runs a document through the md4c walk
 * (deck_parse.c: one draft per "##" section), the validation rules
 * (deck_rules.c: every problem a diagnostic), and keeps the cards without a
 * problem (cp_deck_keep, here). An id table holds every id seen, valid or
 * not, so a duplicate is always found. Running out of memory never drops a
 * card silently: the card is counted as left out, noted where possible, and
 * cp_deck_add_text returns CP_ERR_NOMEM with a message. */
#include "deck_impl.h"
#include "cloudprep/blueprint.h"
#include "cloudprep/platform.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

/* ---- the deck and its arena ------------------------------------------------ */

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
} chunk;

struct cp_deck {
    chunk *arena;
    cp_card *cards;
    size_t n_cards, cap_cards;
    cp_diag *diags;
    size_t n_diags, cap_diags;
    size_t lost_diags;          /* diagnostics dropped for want of memory */
    size_t n_files;
    size_t n_invalid;           /* cards left out for an error */
    /* Open addressing over card ids (linear probing, at most half full).
     * Holds the ids of every card seen, valid or not, so duplicates are
     * always found; index is the card's, -1 for a card left out. Each slot
     * keeps its id's hash, so a probe compares strings only on a match. */
    struct seen {
        const char *id;
        const char *file;
        uint64_t hash;
        uint32_t line;
        int32_t index;
    } * seen;
    size_t n_seen, cap_seen;
    /* Strings that live outside the arena (a deck from the cache). */
    void *held;
    size_t held_size;
    void (*release)(void *data, size_t size);
};

static char *arena_alloc(cp_deck *deck, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (!deck->arena || deck->arena->used + n > deck->arena->size) {
        size_t size = n > 65536 ? n : 65536;
        chunk *c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->next = deck->arena;
        c->used = 0;
        c->size = size;
        deck->arena = c;
    }
    char *p = deck->arena->data + deck->arena->used;
    deck->arena->used += n;
    return p;
}

/* A terminated copy of s[0..n) in the arena, or NULL when out of memory. */
static const char *arena_copy(cp_deck *deck, const char *s, size_t n)
{
    char *p = arena_alloc(deck, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;      /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static const struct seen *seen_find(const cp_deck *deck, const char *id)
{
    if (!deck || !deck->cap_seen)
        return NULL;
    size_t mask = deck->cap_seen - 1;
    uint64_t h = hash_str(id);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        if (!deck->seen[i].id)
            return NULL;
        if (deck->seen[i].hash == h && strcmp(deck->seen[i].id, id) == 0)
            return &deck->seen[i];
    }
}

/* Adds the id (false when out of memory); with `unique`, an id already
 * there is not added and *dup says so. */
static bool seen_put(cp_deck *deck, const char *id, const char *file, uint32_t line, long index,
                     bool unique, bool *dup)
{
    if ((deck->n_seen + 1) * 2 > deck->cap_seen) {
        size_t cap = deck->cap_seen ? deck->cap_seen * 2 : 256;
        struct seen *table = calloc(cap, sizeof *table);
        if (!table)
            return false;
        for (size_t i = 0; i < deck->cap_seen; i++) {
            if (!deck->seen[i].id)
                continue;
            size_t j = deck->seen[i].hash & (cap - 1);
            while (table[j].id)
                j = (j + 1) & (cap - 1);
            table[j] = deck->seen[i];
        }
        free(deck->seen);
        deck->seen = table;
        deck->cap_seen = cap;
    }
    size_t mask = deck->cap_seen - 1;
    uint64_t h = hash_str(id);
    size_t i = h & mask;
    for (; deck->seen[i].id; i = (i + 1) & mask)
        if (unique && deck->seen[i].hash == h && strcmp(deck->seen[i].id, id) == 0) {
            *dup = true;
            return true;
        }
    deck->seen[i] = (struct seen){id, file, h, line, (int32_t)index};
    deck->n_seen++;
    return true;
}

static bool seen_add(cp_deck *deck, const char *id, const char *file, uint32_t line, long index)
{
    return seen_put(deck, id, file, line, index, false, NULL);
}

bool cp_deck_id_seen(const cp_deck *deck, const char *id, const char **file, uint32_t *line)
{
    const struct seen *s = seen_find(deck, id);
    if (s && file)
        *file = s->file;
    if (s && line)
        *line = s->line;
    return s != NULL;
}

void cp_deck_note(cp_deck *deck, const char *file, uint32_t line, const char *fmt, ...)
{
    cp_diag *grown = cp_grow(deck->diags, &deck->cap_diags, deck->n_diags, sizeof *grown, 16);
    if (!grown) {
        deck->lost_diags++;
        return;
    }
    deck->diags = grown;
    cp_diag *d = &deck->diags[deck->n_diags++];
    d->file = file;
    d->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

cp_deck *cp_deck_new(void)
{
    return calloc(1, sizeof(cp_deck));
}

void cp_deck_free(cp_deck *deck)
{
    if (!deck)
        return;
    while (deck->arena) {
        chunk *next = deck->arena->next;
        free(deck->arena);
        deck->arena = next;
    }
    free(deck->cards);
    free(deck->diags);
    free(deck->seen);
    if (deck->release)
        deck->release(deck->held, deck->held_size);
    free(deck);
}

size_t cp_deck_count(const cp_deck *deck) { return deck ? deck->n_cards : 0; }
const cp_card *cp_deck_card(const cp_deck *deck, size_t i)
{
    return deck && i < deck->n_cards ? &deck->cards[i] : NULL;
}
size_t cp_deck_diag_count(const cp_deck *deck) { return deck ? deck->n_diags : 0; }
const cp_diag *cp_deck_diag(const cp_deck *deck, size_t i)
{
    return deck && i < deck->n_diags ? &deck->diags[i] : NULL;
}
size_t cp_deck_file_count(const cp_deck *deck) { return deck ? deck->n_files : 0; }
size_t cp_deck_invalid_count(const cp_deck *deck) { return deck ? deck->n_invalid : 0; }

long cp_deck_find(const cp_deck *deck, const char *id)
{
    const struct seen *s = seen_find(deck, id);
    return s ? s->index : -1;
}

void cp_deck_find_many(const cp_deck *deck, const char *const *ids, size_t n, long *out)
{
    if (!deck || !deck->cap_seen) {
        for (size_t i = 0; i < n; i++)
            out[i] = -1;
        return;
    }
    /* As cp_deck_find, in batches: the hashes first, then each slot asked
     * for some lookups ahead (a slot of a large table is a cache miss). */
    enum { BATCH = 256, AHEAD = 8 };
    uint64_t hash[BATCH];
    size_t mask = deck->cap_seen - 1;
    for (size_t from = 0; from < n; from += BATCH) {
        size_t m = n - from < BATCH ? n - from : BATCH;
        for (size_t i = 0; i < m; i++)
            hash[i] = hash_str(ids[from + i]);
        for (size_t i = 0; i < m; i++) {
#if defined(__GNUC__)
            if (i + AHEAD < m)
                __builtin_prefetch(&deck->seen[hash[i + AHEAD] & mask]);
#endif
            long found = -1;
            for (size_t at = hash[i] & mask; deck->seen[at].id; at = (at + 1) & mask)
                if (deck->seen[at].hash == hash[i] &&
                    strcmp(deck->seen[at].id, ids[from + i]) == 0) {
                    found = deck->seen[at].index;
                    break;
                }
            out[from + i] = found;
        }
    }
}

/* ---- text helpers --------------------------------------------------------- */

size_t cp_text_plain(const char *text, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        if (*p >= CP_MARK_STRONG_ON && *p <= CP_MARK_CODE_OFF)
            continue;
        if (n + 1 < size)
            out[n] = *p;
        n++;
    }
    if (size)
        out[n < size ? n : size - 1] = '\0';
    return n;
}

size_t cp_text_fold(const char *text, char *out, size_t size)
{
    size_t n = 0;
    bool gap = false;
    if (!size)
        return 0;
    for (const char *p = text ? text : ""; *p; p++) {
        char c = *p;
        if (c >= CP_MARK_STRONG_ON && c <= CP_MARK_CODE_OFF)
            continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '_' || c == '/') {
            gap = n > 0;
            continue;
        }
        if (gap && n + 1 < size)
            out[n++] = ' ';
        gap = false;
        if (n + 1 < size)
            out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
    return n;
}

size_t cp_deck_service_coverage(const cp_deck *deck, uint32_t *counts)
{
    size_t n_services = cp_blueprint_service_count(), covered = 0;
    memset(counts, 0, n_services * sizeof *counts);
    char *text = malloc(16384);
    if (!text)
        return 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        /* One plain string per card: stem, choices and answer. */
        size_t n = cp_text_plain(c->stem, text, 16384);
        for (size_t k = 0; k < c->n_choices && n < 16000; k++) {
            text[n++] = '\n';
            n += cp_text_plain(c->choices[k].text, text + n, 16384 - n);
        }
        if (n < 16000) {
            text[n++] = '\n';
            cp_text_plain(c->answer, text + n, 16384 - n);
        }
        for (size_t s = 0; s < n_services; s++)
            counts[s] += cp_blueprint_mentions(text, s);
    }
    free(text);
    for (size_t s = 0; s < n_services; s++)
        covered += counts[s] > 0;
    return covered;
}

size_t cp_card_correct_count(const cp_card *card)
{
    size_t n = 0;
    for (size_t i = 0; i < card->n_choices; i++)
        n += card->choices[i].correct;
    return n;
}

const char *cp_card_type_name(cp_card_type type)
{
    static const char *names[] = {"single", "multi", "flashcard"};
    return (unsigned)type < 3 ? names[type] : "?";
}

const char *cp_difficulty_name(cp_difficulty difficulty)
{
    static const char *names[] = {"easy", "medium", "hard"};
    return (unsigned)difficulty < 3 ? names[difficulty] : "?";
}

/* ---- keeping cards ---------------------------------------------------------- */

static bool copy_text(cp_deck *deck, const char **s)
{
    if (!*s || !**s)
        return true;            /* NULL or the literal "" stays as it is */
    *s = arena_copy(deck, *s, strlen(*s));
    return *s != NULL;
}

cp_status cp_deck_keep(cp_deck *deck, const cp_card *card, size_t errors, bool duplicate)
{
    cp_card c = *card;
    if (errors) {
        deck->n_invalid++;
        /* Still record the id: a later card with the same one is a duplicate. */
        if (c.id && !duplicate &&
            (!copy_text(deck, &c.id) || !seen_add(deck, c.id, c.file, c.line, -1)))
            return CP_ERR_NOMEM;
        return CP_OK;
    }
    /* Everything that can fail comes before the id is recorded, so that the
     * id table never points at a card that is not there. */
    bool stored = true;
    cp_card *grown = cp_grow(deck->cards, &deck->cap_cards, deck->n_cards, sizeof *grown, 256);
    if (grown)
        deck->cards = grown;
    stored = grown != NULL;
    stored = stored && copy_text(deck, &c.id) && copy_text(deck, &c.tags) &&
             copy_text(deck, &c.ref) && copy_text(deck, &c.contrast) && copy_text(deck, &c.stem) &&
             copy_text(deck, &c.answer);
    for (size_t i = 0; stored && i < c.n_choices; i++)
        stored = copy_text(deck, &c.choices[i].text) && copy_text(deck, &c.choices[i].tag);
    stored = stored && seen_add(deck, c.id, c.file, c.line, (long)deck->n_cards);
    if (!stored) {
        deck->n_invalid++;
        return CP_ERR_NOMEM;
    }
    deck->cards[deck->n_cards++] = c;
    return CP_OK;
}

cp_status cp_deck_add_text(cp_deck *deck, const char *name, const char *text, size_t size,
                           cp_error *err)
{
    if (!deck || !name || (!text && size))
        return cp_error_set(err, CP_ERR_INVALID, name, 0, "no deck, name or text to add");
    const char *file = arena_copy(deck, name, strlen(name));
    if (!file)      /* and no diagnostic can name the file */
        return cp_error_set(err, CP_ERR_NOMEM, name, 0,
                            "out of memory: no card of this file was loaded, and this could not be recorded");
    if (size > UINT32_MAX - 1) {
        cp_deck_note(deck, file, 0, "file too large");
        return cp_error_set(err, CP_ERR_INVALID, name, 0, "file too large");
    }
    char *padded = malloc(size + CP_MD4C_PADDING);
    if (!padded) {
        cp_deck_note(deck, file, 0, "out of memory: no card of this file was loaded");
        return cp_error_set(err, CP_ERR_NOMEM, name, 0, "out of memory: no card of this file was loaded");
    }
    if (size)
        memcpy(padded, text, size);
    memset(padded + size, 0, CP_MD4C_PADDING);
    deck->n_files++;
    size_t first_diag = deck->n_diags, lost_diags = deck->lost_diags;

    cp_deck_doc doc = {.file = file, .text = padded, .size = size};
    cp_status status = CP_OK;
    if (cp_deck_parse(&doc) != CP_OK) {
        /* The drafts are incomplete: keep none rather than a cut-off card. */
        cp_deck_note(deck, file, 0, "out of memory: no card of this file was loaded");
        status = cp_error_set(err, CP_ERR_NOMEM, name, 0, "out of memory: no card of this file was loaded");
    } else {
        if (doc.md_status != 0)
            cp_deck_note(deck, file, doc.md_line, "the Markdown parser stopped here (error %d)",
                         doc.md_status);
        /* Bad lines before the first card are reported on their own. */
        uint32_t first_card = doc.n_drafts ? doc.drafts[0].line : UINT32_MAX;
        cp_deck_check_lines(deck, &doc, 0, first_card ? first_card - 1 : 0);
        size_t left_out = 0;
        uint32_t first_left_out = 0;
        for (size_t i = 0; i < doc.n_drafts; i++) {
            cp_status kept = cp_deck_validate(deck, &doc, i);
            cp_deck_draft_free(&doc.drafts[i]);
            if (kept == CP_OK)
                continue;
            if (!left_out++)
                first_left_out = doc.drafts[i].line;
            cp_deck_note(deck, file, doc.drafts[i].line, "out of memory: this card could not be stored");
        }
        cp_deck_check_done(deck, &doc);
        if (left_out)
            status = cp_error_set(err, CP_ERR_NOMEM, name, first_left_out,
                                  "out of memory: %zu card%s of this file could not be stored",
                                  left_out, left_out == 1 ? "" : "s");
        else if (doc.md_status != 0)
            status = cp_error_set(err, CP_ERR_INVALID, name, doc.md_line,
                                  "the Markdown parser stopped here (error %d)", doc.md_status);
    }
    if (deck->lost_diags > lost_diags && status != CP_ERR_NOMEM)
        status = cp_error_set(err, CP_ERR_NOMEM, name, 0,
                              "out of memory: %zu problems of this file could not be recorded",
                              deck->lost_diags - lost_diags);
    /* Report this file's problems in line order (stable insertion sort). */
    for (size_t i = first_diag + 1; i < deck->n_diags; i++) {
        cp_diag tmp = deck->diags[i];
        size_t j = i;
        while (j > first_diag && deck->diags[j - 1].line > tmp.line) {
            deck->diags[j] = deck->diags[j - 1];
            j--;
        }
        deck->diags[j] = tmp;
    }
    cp_deck_doc_free(&doc);
    free(padded);
    return status;
}

/* ---- for the cache ------------------------------------------------------------ */

void cp_deck_each_unkept(const cp_deck *deck,
                         void (*fn)(void *ctx, const char *id, const char *file, uint32_t line),
                         void *ctx)
{
    for (size_t i = 0; i < deck->cap_seen; i++)
        if (deck->seen[i].id && deck->seen[i].index < 0)
            fn(ctx, deck->seen[i].id, deck->seen[i].file, deck->seen[i].line);
}

bool cp_deck_reserve(cp_deck *deck, size_t n_cards, size_t n_ids)
{
    if (n_cards > deck->cap_cards) {
        cp_card *p = realloc(deck->cards, n_cards * sizeof *p);
        if (!p)
            return false;
        deck->cards = p;
        deck->cap_cards = n_cards;
    }
    /* The table at most half full once every id is in, so seen_add never
     * grows it. */
    size_t cap = 256;
    while (cap < 2 * (deck->n_seen + n_ids + 1))
        cap *= 2;
    if (cap <= deck->cap_seen)
        return true;
    struct seen *table = calloc(cap, sizeof *table);
    if (!table)
        return false;
    for (size_t i = 0; i < deck->cap_seen; i++) {
        if (!deck->seen[i].id)
            continue;
        size_t j = deck->seen[i].hash & (cap - 1);
        while (table[j].id)
            j = (j + 1) & (cap - 1);
        table[j] = deck->seen[i];
    }
    free(deck->seen);
    deck->seen = table;
    deck->cap_seen = cap;
    return true;
}

cp_card *cp_deck_restore_slots(cp_deck *deck, size_t n)
{
    if (deck->n_cards + n > deck->cap_cards && !cp_deck_reserve(deck, deck->n_cards + n, 0))
        return NULL;
    cp_card *slots = deck->cards + deck->n_cards;
    deck->n_cards += n;
    return slots;
}

bool cp_deck_restore_index(cp_deck *deck, size_t first)
{
    size_t n = deck->n_cards - first;
    if (!n)
        return true;
    if (!cp_deck_reserve(deck, 0, n))
        return false;
    uint64_t *hash = malloc(n * sizeof *hash);
    if (!hash)
        return false;
    for (size_t i = 0; i < n; i++)
        hash[i] = hash_str(deck->cards[first + i].id);
    /* A slot of the table is a cache miss: ask for the one eight cards
     * ahead while this one is placed. */
    enum { AHEAD = 8 };
    size_t mask = deck->cap_seen - 1;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
#if defined(__GNUC__)
        if (i + AHEAD < n)
            __builtin_prefetch(&deck->seen[hash[i + AHEAD] & mask], 1);
#endif
        const cp_card *c = &deck->cards[first + i];
        size_t at = hash[i] & mask;
        for (; deck->seen[at].id; at = (at + 1) & mask)
            if (deck->seen[at].hash == hash[i] && strcmp(deck->seen[at].id, c->id) == 0)
                ok = false; /* a duplicate id */
        if (ok) {
            deck->seen[at] = (struct seen){c->id, c->file, hash[i], c->line, (int32_t)(first + i)};
            deck->n_seen++;
        }
    }
    free(hash);
    return ok;
}

bool cp_deck_restore_unkept(cp_deck *deck, const char *id, const char *file, uint32_t line)
{
    bool dup = false;
    return seen_put(deck, id, file, line, -1, true, &dup) && !dup;
}

void cp_deck_restore_counts(cp_deck *deck, size_t n_files, size_t n_invalid)
{
    deck->n_files = n_files;
    deck->n_invalid = n_invalid;
}

void cp_deck_hold(cp_deck *deck, void *data, size_t size, void (*release)(void *data, size_t size))
{
    deck->held = data;
    deck->held_size = size;
    deck->release = release;
}

/* ---- files and directories ------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file or directory that cannot be read. The diagnostic keeps its own copy
 * of the path: the caller's may be a directory entry freed right after. */
static cp_status cannot_read(cp_deck *deck, const char *path, const char *what, int errnum,
                             cp_error *err)
{
    if (errnum == ENOMEM) /* not the file's fault (a name converted on Windows) */
        return cp_error_set(err, CP_ERR_NOMEM, path, 0, "out of memory: %s", strerror(errnum));
    const char *file = arena_copy(deck, path, strlen(path));
    if (file)
        cp_deck_note(deck, file, 0, "%s: %s", what, strerror(errnum));
    else
        deck->lost_diags++;
    return cp_error_set(err, CP_ERR_IO, path, 0, "%s: %s", what, strerror(errnum));
}

static cp_status load_file(cp_deck *deck, const char *path, cp_error *err)
{
    FILE *f = cp_platform_fopen(path, "rb");
    if (!f)
        return cannot_read(deck, path, "cannot read", errno, err);
    cp_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (!cp_buf_add(&b, tmp, n)) {
            fclose(f);
            cp_buf_free(&b);
            return cp_error_set(err, CP_ERR_NOMEM, path, 0, "out of memory: no card of this file was loaded");
        }
    bool failed = ferror(f);
    int errnum = errno;
    fclose(f);
    if (failed) {
        cp_buf_free(&b);
        return cannot_read(deck, path, "cannot read", errnum ? errnum : EIO, err);
    }
    /* Problems with its cards are diagnostics; only running out of memory
     * concerns the caller (the error record keeps the first problem). */
    cp_error local = {0};
    cp_status s = cp_deck_add_text(deck, path, cp_buf_str(&b), b.len, &local);
    cp_buf_free(&b);
    if (s != CP_ERR_NOMEM)
        return CP_OK;
    if (err)
        *err = local;
    return s;
}

bool cp_deck_dir_list(const char *path, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    cp_platform_dir *dir = cp_platform_dir_open(path);
    if (!dir)
        return false;
    size_t cap = 0;
    bool ok = true;
    const char *entry;
    while (ok && (entry = cp_platform_dir_next(dir))) {
        if (entry[0] == '.')
            continue;
        size_t len = strlen(path) + strlen(entry) + 2;
        char *full = malloc(len);
        if (!full) {
            ok = false;
            break;
        }
        snprintf(full, len, "%s/%s", path, entry);
        cp_file_info cst;
        bool dir_entry = cp_platform_stat(full, &cst) == 0 && cst.is_dir;
        size_t nl = strlen(entry);
        if (!dir_entry && !(nl > 3 && strcmp(entry + nl - 3, ".md") == 0)) {
            free(full);
            continue;
        }
        char **grown = cp_grow(*names, &cap, *n, sizeof *grown, 16);
        if (!grown) {
            free(full);
            ok = false;
            break;
        }
        *names = grown;
        (*names)[(*n)++] = full;
    }
    cp_platform_dir_close(dir);
    if (!ok) {
        cp_deck_dir_free(*names, *n);
        *names = NULL;
        *n = 0;
        errno = ENOMEM;
        return false;
    }
    if (*n) /* names is NULL for a directory with no decks */
        qsort(*names, *n, sizeof **names, cmp_str);
    return true;
}

void cp_deck_dir_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static cp_status load_path(cp_deck *deck, const char *path, int depth, cp_error *err)
{
    cp_file_info st;
    if (cp_platform_stat(path, &st) != 0)
        return cannot_read(deck, path, "cannot read", errno, err);
    if (!st.is_dir)
        return load_file(deck, path, err);
    if (depth > CP_DECK_MAX_DEPTH)
        return CP_OK;
    char **names;
    size_t n;
    if (!cp_deck_dir_list(path, &names, &n))
        return errno == ENOMEM ? cp_error_set(err, CP_ERR_NOMEM, path, 0,
                                              "out of memory while listing the directory")
                               : cannot_read(deck, path, "cannot read directory", errno, err);
    cp_status status = CP_OK;
    for (size_t i = 0; i < n; i++) {
        cp_status s = load_path(deck, names[i], depth + 1, err);
        if (s != CP_OK && status == CP_OK)
            status = s;
    }
    cp_deck_dir_free(names, n);
    return status;
}

cp_status cp_deck_load(const char *const *paths, size_t n_paths, cp_deck **out,
                       cp_error *err)
{
    *out = cp_deck_new();
    if (!*out)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_status status = CP_OK;
    for (size_t i = 0; i < n_paths; i++) {
        cp_status s = cp_deck_add_path(*out, paths[i], err);
        if (s != CP_OK && status == CP_OK)
            status = s;
    }
    return status;
}

cp_status cp_deck_add_path(cp_deck *deck, const char *path, cp_error *err)
{
    return load_path(deck, path, 0, err);
}
