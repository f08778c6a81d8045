/* The parsed-deck cache: a deck as cp_deck_load made it, in one file of the
 * learner's data directory, so that a start reads it instead of parsing
 * every Markdown file again (95 MB of decks parse in about half a second).
 *
 * The file holds the deck's strings, one after another and terminated, then
 * fixed records that point into them by offset: the files it was made from
 * (path, version and last change, in the order the loader reads them),
 * the paths given to the loader, the cards, the
 * diagnostics and the ids of cards left out. A header carries a format
 * version, a hash of the code that parses decks (CP_DECK_CODE, from the
 * build: any change to the parser or the rules makes old caches stale) and
 * an XXH3 checksum of everything after it.
 *
 * It is never trusted over the Markdown. A start lists the deck files again
 * and uses the cache only when the list is the same, file for file; the
 * checksum matches; and every offset, count and field is in range (ids
 * unique, domains and tasks known, choices as the rules allow). Otherwise
 * the Markdown is parsed and the cache written anew: to a temporary file
 * renamed over the old one (so a reader never sees half a file, and a deck
 * still mapped from the old one keeps it), and only when no deck file
 * changed during the parse nor so recently that a later change could keep
 * its time (the file system's clock is coarse: a file modified in the same
 * tick as the cache was written is left to the next start, as git does
 * with its index). Writing is best effort: a cache that cannot be written
 * costs the next start a parse, nothing more.
 *
 * The deck made from the cache maps the file (read-only, private) and
 * points its strings into it; on Windows it reads it into memory
 * (cp_platform_map). Each deck file is keyed by its path, its version as
 * the platform module tells it (which file, its size and status-change
 * time: it moves with every write, even one that puts the modification
 * time back) and when it last changed (cp_file_info.changed_ns). */
#include "deck_impl.h"
#include "cloudprep/blueprint.h"
#include "cloudprep/platform.h"

#include <errno.h>
#include <stdio.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#ifndef CP_DECK_CODE
#error "CP_DECK_CODE (a hash of the deck code, from CMakeLists.txt) is not defined"
#endif

enum {
    /* A deck file changed within this many seconds of the cache being
     * written may change again without its times moving. */
    RACY_SECONDS = 2,
};

#define CACHE_VERSION CP_DECK_CACHE_VERSION
#define CODE_BYTES CP_DECK_CACHE_CODE
#define NO_STRING CP_DECK_CACHE_NO_STRING
#define CHECKED_FROM CP_DECK_CACHE_CHECKED_FROM
typedef cp_deck_cache_header header;
typedef cp_deck_cache_source rec_source;
typedef cp_deck_cache_card rec_card;
typedef cp_deck_cache_note rec_note;
static const char MAGIC[8] = {'c', 'p', 'd', 'e', 'c', 'k', '\n', '\0'};

/* ---- the deck files, as the loader would read them ------------------------ */

typedef struct source {
    char *path;
    char version[sizeof(((cp_file_info *)0)->version)];
    int64_t size, changed_ns;
} source;

typedef struct source_list {
    source *v;
    size_t n, cap;
} source_list;

static void sources_free(source_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].path);
    free(l->v);
    *l = (source_list){0};
}

static bool add_source(source_list *l, const char *path, const cp_file_info *st)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        source *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    size_t len = strlen(path);
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, path, len + 1);
    source *v = &l->v[l->n++];
    *v = (source){.path = copy, .size = st->size, .changed_ns = st->changed_ns};
    snprintf(v->version, sizeof v->version, "%s", st->version);
    return true;
}

/* The files load_path (deck.c) reads for `path`, in its order (the same
 * listing); false when anything cannot be listed (the loader then reports
 * it). */
static bool list_path(source_list *l, const char *path, int depth)
{
    cp_file_info st;
    if (cp_platform_stat(path, &st) != 0)
        return false;
    if (!st.is_dir)
        return add_source(l, path, &st);
    if (depth > CP_DECK_MAX_DEPTH)
        return true;
    char **names;
    size_t n;
    if (!cp_deck_dir_list(path, &names, &n))
        return false;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = list_path(l, names[i], depth + 1);
    cp_deck_dir_free(names, n);
    return ok;
}

static bool list_sources(source_list *l, const char *const *paths, size_t n_paths)
{
    for (size_t i = 0; i < n_paths; i++)
        if (!list_path(l, paths[i], 0))
            return false;
    return true;
}

static bool same_sources(const source_list *a, const source_list *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i].path, b->v[i].path) != 0 || a->v[i].size != b->v[i].size ||
            strcmp(a->v[i].version, b->v[i].version) != 0 ||
            a->v[i].changed_ns != b->v[i].changed_ns)
            return false;
    return true;
}

/* ---- reading ----------------------------------------------------------------- */

typedef struct mapped {
    unsigned char *data;
    size_t size;
} mapped;

/* The whole file; false when it cannot be read (or is absurdly small). */
static bool map_file(const char *path, mapped *m)
{
    *m = (mapped){0};
    size_t size = 0;
    void *data = cp_platform_map(path, &size);
    if (!data)
        return false;
    if (size < sizeof(header)) {
        cp_platform_unmap(data, size);
        return false;
    }
    m->data = data;
    m->size = size;
    return true;
}

/* A section of n records of `size` bytes at off, inside the file. */
static bool section_fits(const mapped *m, uint64_t off, uint64_t n, size_t size)
{
    return off % 8 == 0 && off >= sizeof(header) && off <= m->size && n <= (m->size - off) / size;
}

typedef struct reader {
    const mapped *m;
    const header *h;
    const char *strings;
} reader;

/* The string at offset o, or NULL (for NO_STRING); *ok = false when out of
 * range. Every string ends inside the section: its last byte is 0. */
static const char *string_at(const reader *r, uint32_t o, bool *ok)
{
    if (o == NO_STRING)
        return NULL;
    if (o >= r->h->n_strings) {
        *ok = false;
        return NULL;
    }
    return r->strings + o;
}

static bool card_from(const reader *r, const rec_card *rc, cp_card *c)
{
    bool ok = true;
    *c = (cp_card){0};
    c->id = string_at(r, rc->id, &ok);
    c->file = string_at(r, rc->file, &ok);
    c->tags = string_at(r, rc->tags, &ok);
    c->ref = string_at(r, rc->ref, &ok);
    c->stem = string_at(r, rc->stem, &ok);
    c->answer = string_at(r, rc->answer, &ok);
    c->line = rc->line;
    c->domain = rc->domain;
    c->task = rc->task;
    c->type = (cp_card_type)rc->type;
    c->difficulty = (cp_difficulty)rc->difficulty;
    c->reviewed = rc->reviewed;
    c->n_choices = rc->n_choices;
    /* What the rules guarantee of a kept card, so that nothing downstream
     * meets a card the loader could not have made. */
    if (!ok || !c->id || !c->id[0] || !c->file || !c->tags || !c->ref || !c->stem || !c->answer ||
        rc->type > CP_CARD_FLASHCARD || rc->difficulty > CP_DIFF_HARD ||
        rc->n_choices > CP_MAX_CHOICES || rc->domain < 1 || rc->domain > CP_DOMAINS ||
        rc->task < 0 || rc->task >= CP_TASKS || cp_blueprint_task(rc->task)->domain != rc->domain)
        return false;
    if ((rc->correct >> rc->n_choices) != 0)
        return false;
    size_t n_correct = 0;
    for (size_t i = 0; i < c->n_choices; i++) {
        c->choices[i].text = string_at(r, rc->choice_text[i], &ok);
        c->choices[i].line = rc->choice_line[i];
        c->choices[i].correct = (rc->correct >> i) & 1u;
        n_correct += c->choices[i].correct;
        if (!c->choices[i].text)
            return false;
    }
    if (c->type == CP_CARD_FLASHCARD)
        return ok && c->n_choices == 0;
    return ok && c->n_choices >= 2 && n_correct >= 1 &&
           (c->type != CP_CARD_SINGLE || n_correct == 1);
}

/* The deck from the cache at `path` when it is whole and made from exactly
 * these files; NULL otherwise (or when out of memory). */
static cp_deck *read_cache(const char *path, const char *const *paths, size_t n_paths,
                           const source_list *src)
{
    mapped m;
    if (!map_file(path, &m))
        return NULL;
    cp_deck *deck = NULL;
    header h;
    memcpy(&h, m.data, sizeof h);
    reader r = {.m = &m, .h = (const header *)m.data};
    bool ok = memcmp(h.magic, MAGIC, sizeof MAGIC) == 0 && h.version == CACHE_VERSION &&
              h.byte_order == 0x01020304u && h.file_size == m.size &&
              memcmp(h.code, CP_DECK_CODE, CODE_BYTES) == 0 &&
              cp_deck_cache_checksum(m.data, m.size) == h.checksum;
    ok = ok && section_fits(&m, h.off_strings, h.n_strings, 1) && h.n_strings >= 1 &&
         h.n_strings < NO_STRING && m.data[h.off_strings] == '\0' &&
         m.data[h.off_strings + h.n_strings - 1] == '\0' &&
         section_fits(&m, h.off_sources, h.n_sources, sizeof(rec_source)) &&
         section_fits(&m, h.off_paths, h.n_paths, sizeof(uint32_t)) &&
         section_fits(&m, h.off_cards, h.n_cards, sizeof(rec_card)) &&
         section_fits(&m, h.off_diags, h.n_diags, sizeof(rec_note)) &&
         section_fits(&m, h.off_unkept, h.n_unkept, sizeof(rec_note));
    if (!ok)
        goto fail;
    r.strings = (const char *)m.data + h.off_strings;

    /* Made from exactly the files the loader would read now. */
    const uint32_t *rp = (const uint32_t *)(m.data + h.off_paths);
    ok = h.n_paths == n_paths && h.n_sources == src->n;
    for (size_t i = 0; ok && i < n_paths; i++) {
        const char *p = string_at(&r, rp[i], &ok);
        ok = ok && p && strcmp(p, paths[i]) == 0;
    }
    const rec_source *rs = (const rec_source *)(m.data + h.off_sources);
    for (size_t i = 0; ok && i < src->n; i++) {
        const char *p = string_at(&r, rs[i].path, &ok);
        const char *version = string_at(&r, rs[i].version, &ok);
        ok = ok && p && version && strcmp(p, src->v[i].path) == 0 &&
             strcmp(version, src->v[i].version) == 0 && rs[i].size == src->v[i].size &&
             rs[i].changed_ns == src->v[i].changed_ns;
    }
    if (!ok)
        goto fail;

    deck = cp_deck_new();
    if (!deck || !cp_deck_reserve(deck, (size_t)h.n_cards, (size_t)(h.n_cards + h.n_unkept)))
        goto fail;
    const rec_card *rc = (const rec_card *)(m.data + h.off_cards);
    cp_card *cards = cp_deck_restore_slots(deck, (size_t)h.n_cards);
    if (!cards)
        goto fail;
    for (size_t i = 0; i < h.n_cards; i++)
        if (!card_from(&r, &rc[i], &cards[i]))
            goto fail;
    if (!cp_deck_restore_index(deck, 0))
        goto fail;
    const rec_note *rn = (const rec_note *)(m.data + h.off_unkept);
    for (size_t i = 0; i < h.n_unkept; i++) {
        const char *id = string_at(&r, rn[i].text, &ok), *file = string_at(&r, rn[i].file, &ok);
        if (!ok || !id || !id[0] || !file || !cp_deck_restore_unkept(deck, id, file, rn[i].line))
            goto fail;
    }
    rn = (const rec_note *)(m.data + h.off_diags);
    for (size_t i = 0; i < h.n_diags; i++) {
        const char *text = string_at(&r, rn[i].text, &ok), *file = string_at(&r, rn[i].file, &ok);
        if (!ok || !text || !file || strlen(text) >= sizeof(((cp_diag *)0)->message))
            goto fail;
        size_t before = cp_deck_diag_count(deck);
        cp_deck_note(deck, file, rn[i].line, "%s", text);
        if (cp_deck_diag_count(deck) != before + 1)
            goto fail;
    }
    if (h.n_invalid < h.n_unkept || h.n_files < h.n_sources)
        goto fail;
    cp_deck_restore_counts(deck, (size_t)h.n_files, (size_t)h.n_invalid);
    cp_deck_hold(deck, m.data, m.size, cp_platform_unmap);
    return deck;

fail:
    cp_deck_free(deck);
    cp_platform_unmap(m.data, m.size);
    return NULL;
}

/* ---- writing ------------------------------------------------------------------- */

typedef struct writer {
    FILE *f;
    XXH3_state_t *hash;
    uint64_t at; /* bytes written */
    bool ok;
} writer;

static void put(writer *w, const void *data, size_t n)
{
    if (!w->ok || n == 0)
        return;
    w->ok = fwrite(data, 1, n, w->f) == n;
    if (w->at >= CHECKED_FROM)
        XXH3_64bits_update(w->hash, data, n);
    w->at += n;
}

static void pad8(writer *w)
{
    static const char zero[8] = {0};
    put(w, zero, (size_t)((8 - w->at % 8) % 8));
}

/* Strings are written as they are met; `last` remembers one, so that a
 * file's name is written once for all its cards. */
typedef struct strings {
    writer *w;
    uint64_t size;
    const char *last;
    uint32_t last_at;
} strings;

static uint32_t put_string(strings *s, const char *text)
{
    if (!text)
        return NO_STRING;
    if (!text[0])
        return 0;
    if (text == s->last)
        return s->last_at;
    size_t n = strlen(text) + 1;
    if (s->size + n >= NO_STRING) {
        s->w->ok = false;
        return NO_STRING;
    }
    uint32_t at = (uint32_t)s->size;
    put(s->w, text, n);
    s->size += n;
    s->last = text;
    s->last_at = at;
    return at;
}

typedef struct unkept_list {
    rec_note *v;
    size_t n, cap;
    strings *s;
    bool ok;
} unkept_list;

static void collect_unkept(void *ctx, const char *id, const char *file, uint32_t line)
{
    unkept_list *u = ctx;
    if (!u->ok)
        return;
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 64;
        rec_note *v = realloc(u->v, cap * sizeof *v);
        if (!v) {
            u->ok = false;
            return;
        }
        u->v = v;
        u->cap = cap;
    }
    uint32_t f = put_string(u->s, file);
    u->v[u->n++] = (rec_note){.file = f, .line = line, .text = put_string(u->s, id)};
}

/* Writes the cache to tmp; false on any failure (tmp is then removed). */
static bool write_file(const char *tmp, const cp_deck *deck, const char *const *paths,
                       size_t n_paths, const source_list *src)
{
    size_t n_cards = cp_deck_count(deck), n_diags = cp_deck_diag_count(deck);
    rec_card *cards = calloc(n_cards ? n_cards : 1, sizeof *cards);
    rec_note *diags = calloc(n_diags ? n_diags : 1, sizeof *diags);
    rec_source *sources = calloc(src->n ? src->n : 1, sizeof *sources);
    uint32_t *rpaths = calloc(n_paths ? n_paths : 1, sizeof *rpaths);
    XXH3_state_t *hash = XXH3_createState();
    FILE *f = cp_platform_fopen(tmp, "wb");
    writer w = {.f = f, .hash = hash, .ok = cards && diags && sources && rpaths && hash && f};
    unkept_list unkept = {.ok = true};
    header h = {.version = CACHE_VERSION, .byte_order = 0x01020304u};
    memcpy(h.magic, MAGIC, sizeof MAGIC);
    memcpy(h.code, CP_DECK_CODE, CODE_BYTES);
    if (w.ok)
        XXH3_64bits_reset(hash);
    put(&w, &h, sizeof h); /* again at the end, filled in */

    /* The strings, as the records are made. */
    strings s = {.w = &w, .size = 0};
    static const char empty = '\0';
    put(&w, &empty, 1); /* offset 0: "" */
    s.size = 1;
    h.off_strings = sizeof h;
    /* The ids first, together: looking cards up by id (every memory at a
     * start) then reads one small stretch of the file. */
    for (size_t i = 0; w.ok && i < n_cards; i++)
        cards[i].id = put_string(&s, cp_deck_card(deck, i)->id);
    for (size_t i = 0; w.ok && i < n_cards; i++) {
        const cp_card *c = cp_deck_card(deck, i);
        rec_card *rc = &cards[i];
        rc->file = put_string(&s, c->file);
        rc->tags = put_string(&s, c->tags);
        rc->ref = put_string(&s, c->ref);
        rc->stem = put_string(&s, c->stem);
        rc->answer = put_string(&s, c->answer);
        rc->line = c->line;
        rc->domain = c->domain;
        rc->task = c->task;
        rc->reviewed = c->reviewed;
        rc->type = (uint8_t)c->type;
        rc->difficulty = (uint8_t)c->difficulty;
        rc->n_choices = (uint8_t)c->n_choices;
        for (size_t k = 0; k < c->n_choices && k < CP_MAX_CHOICES; k++) {
            rc->choice_text[k] = put_string(&s, c->choices[k].text);
            rc->choice_line[k] = c->choices[k].line;
            rc->correct |= (uint8_t)((c->choices[k].correct ? 1u : 0u) << k);
        }
    }
    for (size_t i = 0; w.ok && i < n_diags; i++) {
        const cp_diag *d = cp_deck_diag(deck, i);
        diags[i] = (rec_note){.file = put_string(&s, d->file),
                              .line = d->line,
                              .text = put_string(&s, d->message)};
    }
    unkept.s = &s;
    if (w.ok)
        cp_deck_each_unkept(deck, collect_unkept, &unkept);
    w.ok = w.ok && unkept.ok;
    for (size_t i = 0; w.ok && i < src->n; i++)
        sources[i] = (rec_source){.path = put_string(&s, src->v[i].path),
                                  .version = put_string(&s, src->v[i].version),
                                  .size = src->v[i].size,
                                  .changed_ns = src->v[i].changed_ns};
    for (size_t i = 0; w.ok && i < n_paths; i++)
        rpaths[i] = put_string(&s, paths[i]);
    h.n_strings = s.size;
    pad8(&w);

    h.off_sources = w.at;
    h.n_sources = src->n;
    put(&w, sources, src->n * sizeof *sources);
    pad8(&w);
    h.off_paths = w.at;
    h.n_paths = n_paths;
    put(&w, rpaths, n_paths * sizeof *rpaths);
    pad8(&w);
    h.off_cards = w.at;
    h.n_cards = n_cards;
    put(&w, cards, n_cards * sizeof *cards);
    pad8(&w);
    h.off_diags = w.at;
    h.n_diags = n_diags;
    put(&w, diags, n_diags * sizeof *diags);
    pad8(&w);
    h.off_unkept = w.at;
    h.n_unkept = unkept.n;
    put(&w, unkept.v, unkept.n * sizeof *unkept.v);
    pad8(&w);
    h.n_files = cp_deck_file_count(deck);
    h.n_invalid = cp_deck_invalid_count(deck);
    h.file_size = w.at;

    /* The checksum: the body's hash (taken as it was written) seeds the
     * hash of the header's checked part. */
    if (w.ok) {
        uint64_t body = XXH3_64bits_digest(hash);
        h.checksum = XXH3_64bits_withSeed((const char *)&h + CHECKED_FROM, sizeof h - CHECKED_FROM,
                                          body);
        w.ok = fseek(f, 0, SEEK_SET) == 0 && fwrite(&h, sizeof h, 1, f) == 1;
    }
    free(cards);
    free(diags);
    free(sources);
    free(rpaths);
    free(unkept.v);
    XXH3_freeState(hash);
    if (f && fclose(f) != 0)
        w.ok = false;
    if (!w.ok)
        cp_platform_remove(tmp);
    return w.ok;
}

/* Writes the cache next to its place and renames it there, unless a deck
 * file changed so recently that its times might not show a change to come
 * (then the next start writes it). */
static void write_cache(const char *path, const cp_deck *deck, const char *const *paths,
                        size_t n_paths, const source_list *src)
{
    size_t len = strlen(path) + 5;
    char *tmp = malloc(len);
    if (!tmp)
        return;
    snprintf(tmp, len, "%s.tmp", path);
    cp_file_info st;
    if (write_file(tmp, deck, paths, n_paths, src) && cp_platform_stat(tmp, &st) == 0) {
        int64_t racy = st.changed_ns - RACY_SECONDS * (int64_t)1000000000;
        bool settled = true;
        for (size_t i = 0; i < src->n; i++)
            settled = settled && src->v[i].changed_ns < racy;
        /* The old cache replaced in one step (a deck mapped from it keeps
         * its bytes). */
        if (!settled || cp_platform_rename(tmp, path) != 0)
            cp_platform_remove(tmp);
    } else {
        cp_platform_remove(tmp);
    }
    free(tmp);
}

cp_status cp_deck_load_cached(const char *const *paths, size_t n_paths, const char *cache,
                              cp_deck **out, bool *from_cache, cp_error *err)
{
    *out = NULL;
    if (from_cache)
        *from_cache = false;
    source_list before = {0};
    bool listed = cache && cache[0] && list_sources(&before, paths, n_paths);
    if (listed && (*out = read_cache(cache, paths, n_paths, &before)) != NULL) {
        sources_free(&before);
        if (from_cache)
            *from_cache = true;
        return CP_OK;
    }
    cp_status s = cp_deck_load(paths, n_paths, out, err);
    if (listed && s == CP_OK && *out) {
        /* Only what was parsed is cached: no file changed meanwhile. */
        source_list after = {0};
        if (list_sources(&after, paths, n_paths) && same_sources(&before, &after))
            write_cache(cache, *out, paths, n_paths, &before);
        sources_free(&after);
    }
    sources_free(&before);
    return s;
}

uint64_t cp_deck_cache_checksum(const void *data, size_t size)
{
    const unsigned char *d = data;
    return XXH3_64bits_withSeed(d + CHECKED_FROM, sizeof(header) - CHECKED_FROM,
                                XXH3_64bits(d + sizeof(header), size - sizeof(header)));
}
