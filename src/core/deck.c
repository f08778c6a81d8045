/* Decks: Markdown parsed with md4c into an immutable set of cards.
 *
 * md4c calls us back block by block; we route each text run to the part of
 * the current card it belongs to (heading -> id, first paragraph -> metadata,
 * paragraphs -> stem, task list -> choices, blockquote -> answer). md4c gives
 * no positions, but its text pointers point into our buffer, so a pointer
 * difference and a table of line starts give every run its line number.
 * A document's cards are validated after it is parsed, when each card's
 * line range is known (invalid UTF-8 is found by a pre-scan of lines), and
 * only valid cards join the deck. Strings live in an arena owned by the
 * deck. */
#include "cloudprep/deck.h"
#include "cloudprep/blueprint.h"

#include <md4c.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- arena and growable buffers ---------------------------------------- */

typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
} chunk;

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static bool buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return false;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static void buf_addc(buf *b, char c) { buf_add(b, &c, 1); }
static const char *buf_str(const buf *b) { return b->data ? b->data : ""; }
static void buf_clear(buf *b) { b->len = 0; if (b->data) b->data[0] = '\0'; }
static void buf_free(buf *b) { free(b->data); *b = (buf){0}; }

/* ---- the deck ------------------------------------------------------------ */

struct cp_deck {
    chunk *arena;
    cp_card *cards;
    size_t n_cards, cap_cards;
    cp_diag *diags;
    size_t n_diags, cap_diags;
    size_t n_files;
    size_t n_invalid;           /* cards left out for an error */
    /* Open-addressing hash of card ids -> index + 1 (0 = empty). Holds the
     * ids of every card seen, valid or not, so duplicates are always found. */
    struct seen { const char *id; const char *file; uint32_t line; long index; } *seen;
    size_t n_seen, cap_seen;
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

static const char *arena_str(cp_deck *deck, const char *s, size_t n)
{
    char *p = arena_alloc(deck, n + 1);
    if (!p)
        return "";
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

static struct seen *seen_find(cp_deck *deck, const char *id)
{
    if (!deck->cap_seen)
        return NULL;
    size_t mask = deck->cap_seen - 1;
    for (size_t i = hash_str(id) & mask;; i = (i + 1) & mask) {
        if (!deck->seen[i].id)
            return NULL;
        if (strcmp(deck->seen[i].id, id) == 0)
            return &deck->seen[i];
    }
}

static bool seen_add(cp_deck *deck, const char *id, const char *file,
                     uint32_t line, long index)
{
    if ((deck->n_seen + 1) * 2 > deck->cap_seen) {
        size_t cap = deck->cap_seen ? deck->cap_seen * 2 : 256;
        struct seen *table = calloc(cap, sizeof *table);
        if (!table)
            return false;
        for (size_t i = 0; i < deck->cap_seen; i++) {
            if (!deck->seen[i].id)
                continue;
            size_t j = hash_str(deck->seen[i].id) & (cap - 1);
            while (table[j].id)
                j = (j + 1) & (cap - 1);
            table[j] = deck->seen[i];
        }
        free(deck->seen);
        deck->seen = table;
        deck->cap_seen = cap;
    }
    size_t mask = deck->cap_seen - 1;
    size_t i = hash_str(id) & mask;
    while (deck->seen[i].id)
        i = (i + 1) & mask;
    deck->seen[i] = (struct seen){id, file, line, index};
    deck->n_seen++;
    return true;
}

static void add_diag(cp_deck *deck, const char *file, uint32_t line,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_diag(cp_deck *deck, const char *file, uint32_t line,
                     const char *fmt, ...)
{
    if (deck->n_diags == deck->cap_diags) {
        size_t cap = deck->cap_diags ? deck->cap_diags * 2 : 16;
        cp_diag *d = realloc(deck->diags, cap * sizeof *d);
        if (!d)
            return;
        deck->diags = d;
        deck->cap_diags = cap;
    }
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
    struct seen *s = seen_find((cp_deck *)deck, id);
    return s ? s->index : -1;
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

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if ((p[0] & 0xe0) == 0xc0) { len = 2; cp = p[0] & 0x1f; }
    else if ((p[0] & 0xf0) == 0xe0) { len = 3; cp = p[0] & 0x0f; }
    else if ((p[0] & 0xf8) == 0xf0) { len = 4; cp = p[0] & 0x07; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

/* ---- one card while it is parsed ----------------------------------------- */

/* Lines the renderer must never see: invalid UTF-8 or control bytes, or
 * longer than MAX_LINE_BYTES (the longest line of the bundled decks is under
 * 400 bytes; a 10 MB line would only stall the text layout). Every such
 * line makes its card invalid; the first MAX_BAD_REPORTS of a file are
 * listed and the rest counted. */
enum { MAX_LINE_BYTES = 16384, MAX_BAD_REPORTS = 64 };

typedef struct bad_line {
    uint32_t line;
    uint32_t length;        /* bytes, for a line too long; 0 for bad text */
} bad_line;

typedef struct draft {
    uint32_t line, meta_line, stem_line, end_line;
    buf id, meta, stem, answer;
    bool has_meta, has_answer, choices_closed;
    size_t n_choices;
    buf choice[CP_MAX_CHOICES + 1];
    bool correct[CP_MAX_CHOICES + 1];
    bool not_task[CP_MAX_CHOICES + 1];
    uint32_t choice_line[CP_MAX_CHOICES + 1];
    /* Problems found while parsing (not while validating). */
    size_t n_errors;
    uint32_t error_line[4];
    char error[4][160];
} draft;

static void draft_error(draft *d, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void draft_error(draft *d, uint32_t line, const char *fmt, ...)
{
    if (d->n_errors >= 4)
        return;
    d->error_line[d->n_errors] = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->error[d->n_errors], sizeof d->error[0], fmt, ap);
    va_end(ap);
    d->n_errors++;
}

static void draft_free(draft *d)
{
    buf_free(&d->id);
    buf_free(&d->meta);
    buf_free(&d->stem);
    buf_free(&d->answer);
    for (size_t i = 0; i <= CP_MAX_CHOICES; i++)
        buf_free(&d->choice[i]);
}

/* ---- the md4c walk --------------------------------------------------------- */

typedef enum target {
    T_NONE, T_ID, T_META, T_STEM, T_CHOICE, T_ANSWER, T_STRAY,
} target;

typedef struct parse {
    cp_deck *deck;
    const char *file;
    const char *text;
    size_t size;
    uint32_t *line_starts;      /* offset of each line's first byte */
    uint32_t n_lines;
    uint32_t last_line;
    bool seen_text;

    draft *drafts;
    size_t n_drafts, cap_drafts;
    draft *cur;                 /* NULL before the first ## */

    int quote_depth, list_depth, li_depth;
    bool in_heading, in_para, in_code, para_started;
    target to;                  /* where text goes now */
    bool need_line;             /* record the next text's line as block start */
    uint32_t *line_slot;
} parse;

static uint32_t line_of(parse *ps, const char *p)
{
    if (p < ps->text || p >= ps->text + ps->size)
        return ps->last_line;
    uint32_t off = (uint32_t)(p - ps->text);
    /* md4c mostly moves forward: try the last line seen and the next two. */
    for (uint32_t l = ps->last_line ? ps->last_line : 1, k = 0; k < 3 && l <= ps->n_lines; l++, k++) {
        if (ps->line_starts[l - 1] > off)
            break;
        if (l == ps->n_lines || ps->line_starts[l] > off)
            return l;
    }
    uint32_t lo = 0, hi = ps->n_lines;      /* last start <= off */
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (ps->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

static buf *target_buf(parse *ps)
{
    draft *d = ps->cur;
    if (!d)
        return NULL;
    switch (ps->to) {
    case T_ID: return &d->id;
    case T_META: return &d->meta;
    case T_STEM: return &d->stem;
    case T_CHOICE: return d->n_choices ? &d->choice[d->n_choices - 1] : NULL;
    case T_ANSWER: return &d->answer;
    default: return NULL;
    }
}

static void mark(parse *ps, char c)
{
    buf *b = target_buf(ps);
    if (b)
        buf_addc(b, c);
}

/* The line of the heading md4c just opened, for a heading without text:
 * the first line after the last text seen that starts with "##". */
static uint32_t heading_line(parse *ps)
{
    for (uint32_t l = ps->seen_text ? ps->last_line + 1 : 1; l <= ps->n_lines; l++) {
        const char *p = ps->text + ps->line_starts[l - 1];
        const char *end = ps->text + ps->size;
        while (p < end && *p == ' ')
            p++;
        if (end - p >= 2 && p[0] == '#' && p[1] == '#')
            return l;
    }
    return ps->last_line;
}

static void new_draft(parse *ps)
{
    if (ps->n_drafts == ps->cap_drafts) {
        size_t cap = ps->cap_drafts ? ps->cap_drafts * 2 : 64;
        draft *d = realloc(ps->drafts, cap * sizeof *d);
        if (!d) {
            ps->cur = NULL;
            return;
        }
        ps->drafts = d;
        ps->cap_drafts = cap;
    }
    ps->cur = &ps->drafts[ps->n_drafts++];
    memset(ps->cur, 0, sizeof *ps->cur);
    ps->cur->line = heading_line(ps);
}

/* A top-level paragraph or code block starts: decide where it goes. */
static target route_block(parse *ps)
{
    draft *d = ps->cur;
    if (!d)
        return T_NONE;                  /* deck intro text */
    if (ps->quote_depth > 0)
        return T_ANSWER;
    if (ps->li_depth > 0)
        return ps->li_depth == 1 && ps->list_depth == 1 ? T_CHOICE : T_STRAY;
    if (!d->has_meta) {
        d->has_meta = true;
        ps->line_slot = &d->meta_line;
        return T_META;
    }
    if (d->n_choices > 0 || d->has_answer)
        return T_STRAY;
    if (d->stem.len)
        buf_add(&d->stem, "\n\n", 2);
    else
        ps->line_slot = &d->stem_line;
    return T_STEM;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    parse *ps = user;
    draft *d = ps->cur;
    switch (type) {
    case MD_BLOCK_H: {
        MD_BLOCK_H_DETAIL *h = detail;
        ps->in_heading = true;
        if (h->level == 2) {
            new_draft(ps);
            ps->to = T_ID;
            ps->line_slot = ps->cur ? &ps->cur->line : NULL;
        } else if (h->level > 2 && d) {
            ps->to = T_STRAY;
            ps->line_slot = NULL;
            ps->need_line = true;
        } else {
            ps->to = T_NONE;            /* # deck title */
        }
        ps->need_line = true;
        break;
    }
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
        if (ps->in_para && type == MD_BLOCK_P)
            break;
        ps->in_para = type == MD_BLOCK_P;
        ps->in_code = type == MD_BLOCK_CODE;
        if (ps->li_depth > 0 && ps->quote_depth == 0 && d && ps->to == T_CHOICE) {
            /* A second paragraph in one choice: keep it in the choice. */
            buf *b = target_buf(ps);
            if (b && b->len)
                buf_addc(b, ' ');
        } else if (ps->li_depth == 0 || ps->quote_depth > 0) {
            ps->to = route_block(ps);
            if (ps->to == T_ANSWER && d) {
                if (d->answer.len)
                    buf_add(&d->answer, "\n\n", 2);
                d->has_answer = true;
                if (d->n_choices)
                    d->choices_closed = true;
            }
        }
        if (ps->in_code)
            mark(ps, CP_MARK_CODE_ON);
        ps->need_line = true;
        break;
    case MD_BLOCK_QUOTE:
        ps->quote_depth++;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        ps->list_depth++;
        if (d && ps->quote_depth == 0) {
            if (ps->list_depth > 1) {
                ps->need_line = true;
                draft_error(d, 0, "nested list inside a choice");
            } else if (d->n_choices > 0 || d->choices_closed) {
                ps->need_line = true;
                draft_error(d, 0, "a card has one list of choices; this is a second list");
            } else if (type == MD_BLOCK_OL) {
                draft_error(d, 0, "choices must be a bullet task list (- [ ] / - [x])");
            }
        }
        break;
    case MD_BLOCK_LI: {
        MD_BLOCK_LI_DETAIL *li = detail;
        ps->li_depth++;
        if (!d || ps->quote_depth > 0) {
            ps->to = d && ps->quote_depth > 0 ? T_ANSWER : T_NONE;
            break;
        }
        if (ps->li_depth > 1 || ps->list_depth > 1) {
            ps->to = T_STRAY;
            break;
        }
        if (d->n_choices == CP_MAX_CHOICES + 1) {
            ps->to = T_STRAY;
            break;
        }
        size_t i = d->n_choices++;
        buf_clear(&d->choice[i]);
        d->correct[i] = li->is_task && (li->task_mark == 'x' || li->task_mark == 'X');
        d->not_task[i] = !li->is_task;
        ps->to = T_CHOICE;
        if (li->is_task) {
            d->choice_line[i] = line_of(ps, ps->text + li->task_mark_offset);
            ps->need_line = false;
        } else {
            /* No position for a plain item: its first text gives the line;
             * until then, the line after the last text (never past the end). */
            d->choice_line[i] = ps->last_line < ps->n_lines ? ps->last_line + 1 : ps->n_lines;
            ps->line_slot = &d->choice_line[i];
            ps->need_line = true;
        }
        break;
    }
    case MD_BLOCK_HR:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_HTML:
    default:
        break;
    }
    return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
    (void)detail;
    parse *ps = user;
    switch (type) {
    case MD_BLOCK_H:
        ps->in_heading = false;
        ps->to = T_NONE;
        break;
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
        if (ps->in_code)
            mark(ps, CP_MARK_CODE_OFF);
        if (ps->to == T_STRAY && ps->cur)
            draft_error(ps->cur, ps->last_line,
                        "text after the choices must be in the answer block (start its lines with '> ')");
        ps->in_para = ps->in_code = false;
        if (ps->li_depth == 0)
            ps->to = T_NONE;
        break;
    case MD_BLOCK_QUOTE:
        ps->quote_depth--;
        ps->to = T_NONE;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        ps->list_depth--;
        if (ps->list_depth == 0 && ps->cur && ps->quote_depth == 0)
            ps->cur->choices_closed = ps->cur->n_choices > 0;
        break;
    case MD_BLOCK_LI:
        ps->li_depth--;
        ps->to = ps->li_depth > 0 ? T_STRAY : T_NONE;
        break;
    default:
        break;
    }
    return 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
    (void)detail;
    parse *ps = user;
    if (type == MD_SPAN_STRONG)
        mark(ps, CP_MARK_STRONG_ON);
    else if (type == MD_SPAN_EM)
        mark(ps, CP_MARK_EM_ON);
    else if (type == MD_SPAN_CODE)
        mark(ps, CP_MARK_CODE_ON);
    return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
    (void)detail;
    parse *ps = user;
    if (type == MD_SPAN_STRONG)
        mark(ps, CP_MARK_STRONG_OFF);
    else if (type == MD_SPAN_EM)
        mark(ps, CP_MARK_EM_OFF);
    else if (type == MD_SPAN_CODE)
        mark(ps, CP_MARK_CODE_OFF);
    return 0;
}

/* Writes the UTF-8 encoding of cp into out (>= 4 bytes); returns length. */
static size_t utf8_put(uint32_t cp, char *out)
{
    if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* The entities a deck author plausibly writes; anything else stays as is. */
static size_t decode_entity(const char *s, size_t n, char *out)
{
    static const struct { const char *name; uint32_t cp; } named[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
        {"&apos;", '\''}, {"&nbsp;", 0xa0}, {"&mdash;", 0x2014},
        {"&ndash;", 0x2013}, {"&hellip;", 0x2026}, {"&rarr;", 0x2192},
        {"&times;", 0xd7}, {"&copy;", 0xa9}, {"&reg;", 0xae}, {"&trade;", 0x2122},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0)
            return utf8_put(named[i].cp, out);
    if (n > 3 && s[1] == '#') {
        char tmp[16];
        size_t m = n - 3 < sizeof tmp - 1 ? n - 3 : sizeof tmp - 1;
        bool hex = s[2] == 'x' || s[2] == 'X';
        memcpy(tmp, s + 2 + hex, m - hex);
        tmp[m - hex] = '\0';
        return utf8_put((uint32_t)strtoul(tmp, NULL, hex ? 16 : 10), out);
    }
    memcpy(out, s, n < 15 ? n : 15);
    return n < 15 ? n : 15;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
    parse *ps = user;
    if (text >= ps->text && text < ps->text + ps->size) {
        ps->last_line = line_of(ps, text);
        ps->seen_text = true;
        if (ps->need_line) {
            if (ps->line_slot)
                *ps->line_slot = ps->last_line;
            if (ps->to == T_STRAY && ps->cur && ps->in_heading)
                draft_error(ps->cur, ps->last_line,
                            "heading deeper than '##' inside a card (a card is one '##' section)");
            ps->need_line = false;
            ps->line_slot = NULL;
        }
    }
    buf *b = target_buf(ps);
    if (!b)
        return 0;
    switch (type) {
    case MD_TEXT_SOFTBR:
        buf_addc(b, ps->in_code ? '\n' : ' ');
        break;
    case MD_TEXT_BR:
        buf_addc(b, '\n');
        break;
    case MD_TEXT_NULLCHAR:
        buf_add(b, "\xef\xbf\xbd", 3);
        break;
    case MD_TEXT_ENTITY: {
        char out[16];
        buf_add(b, out, decode_entity(text, size, out));
        break;
    }
    default:
        buf_add(b, text, size);
        break;
    }
    return 0;
}

/* ---- validation of one finished draft ----------------------------------- */

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] && isspace((unsigned char)s[i]))
        i++;
    memmove(s, s + i, n - i + 1);
}

static bool id_valid(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64)
        return false;
    for (const char *p = id; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
              *p == '.' || *p == '_' || *p == '-'))
            return false;
    return true;
}

/* The "(Choose two.)" count in a multi stem, or 0. */
static int choose_count(const char *stem)
{
    static const char *words[] = {"two", "three", "four", "five"};
    char plain[2048];
    cp_text_plain(stem, plain, sizeof plain);
    for (char *p = plain; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *at = strstr(plain, "choose ");
    if (!at)
        return 0;
    at += 7;
    for (int i = 0; i < 4; i++)
        if (strncmp(at, words[i], strlen(words[i])) == 0)
            return i + 2;
    return 0;
}

/* True when the text is only whitespace and style markers. */
static bool blank(const buf *b)
{
    for (const char *s = buf_str(b); *s; s++)
        if (!isspace((unsigned char)*s) && !(*s >= CP_MARK_STRONG_ON && *s <= CP_MARK_CODE_OFF))
            return false;
    return true;
}

typedef struct validated {
    cp_card card;
    int errors;
} validated;

#define ERR(line, ...) (add_diag(deck, ps->file, (line), __VA_ARGS__), v.errors++)

static validated validate(parse *ps, draft *d)
{
    cp_deck *deck = ps->deck;
    validated v = {0};
    cp_card *c = &v.card;
    c->file = ps->file;
    c->line = d->line;
    c->domain = 0;
    c->task = -1;
    c->tags = c->ref = "";

    for (size_t i = 0; i < d->n_errors; i++)
        ERR(d->error_line[i] ? d->error_line[i] : d->line, "%s", d->error[i]);

    /* The id: the heading's first word. */
    char head[256];
    cp_text_plain(buf_str(&d->id), head, sizeof head);
    trim(head);
    char *space = strpbrk(head, " \t");
    if (space)
        *space = '\0';
    if (!head[0])
        ERR(d->line, "missing card id: the '##' heading must start with one");
    else if (!id_valid(head))
        ERR(d->line, "invalid card id '%s': use lowercase letters, digits, '.', '_' and '-' (at most 64)", head);
    else
        c->id = arena_str(deck, head, strlen(head));

    /* Metadata. */
    bool have_type = false;
    const char *task_text = NULL;
    char meta[2048];
    cp_text_plain(buf_str(&d->meta), meta, sizeof meta);
    uint32_t mline = d->meta_line ? d->meta_line : d->line;
    if (!d->has_meta || !strchr(meta, ':')) {
        ERR(mline, "missing metadata line (domain: N; task: N.N; type: ...; difficulty: ...)");
    } else {
        char seen_keys[8][16] = {{0}};
        int n_seen = 0;
        char task_buf[16] = "";
        for (char *save = NULL, *pair = strtok_r(meta, ";", &save); pair;
             pair = strtok_r(NULL, ";", &save)) {
            trim(pair);
            if (!*pair)
                continue;
            char *colon = strchr(pair, ':');
            if (!colon) {
                ERR(mline, "metadata '%s' is not 'key: value'", pair);
                continue;
            }
            *colon = '\0';
            char *key = pair, *val = colon + 1;
            trim(key);
            trim(val);
            bool dup = false;
            for (int i = 0; i < n_seen; i++)
                dup |= strcmp(seen_keys[i], key) == 0;
            if (dup) {
                ERR(mline, "metadata key '%s' given twice", key);
                continue;
            }
            if (n_seen < 8)
                snprintf(seen_keys[n_seen++], sizeof seen_keys[0], "%s", key);
            if (strcmp(key, "domain") == 0) {
                char *end;
                long dn = strtol(val, &end, 10);
                if (*end || !cp_blueprint_domain((int)dn))
                    ERR(mline, "unknown domain '%s' (use 1, 2, 3 or 4)", val);
                else
                    c->domain = (int)dn;
            } else if (strcmp(key, "task") == 0) {
                snprintf(task_buf, sizeof task_buf, "%s", val);
                task_text = task_buf;
            } else if (strcmp(key, "type") == 0) {
                have_type = true;
                if (strcmp(val, "single") == 0) c->type = CP_CARD_SINGLE;
                else if (strcmp(val, "multi") == 0) c->type = CP_CARD_MULTI;
                else if (strcmp(val, "flashcard") == 0) c->type = CP_CARD_FLASHCARD;
                else { have_type = false; ERR(mline, "unknown type '%s' (use single, multi or flashcard)", val); }
            } else if (strcmp(key, "difficulty") == 0) {
                if (strcmp(val, "easy") == 0) c->difficulty = CP_DIFF_EASY;
                else if (strcmp(val, "medium") == 0) c->difficulty = CP_DIFF_MEDIUM;
                else if (strcmp(val, "hard") == 0) c->difficulty = CP_DIFF_HARD;
                else { ERR(mline, "unknown difficulty '%s' (use easy, medium or hard)", val); }
            } else if (strcmp(key, "tags") == 0) {
                c->tags = arena_str(deck, val, strlen(val));
            } else if (strcmp(key, "ref") == 0) {
                c->ref = arena_str(deck, val, strlen(val));
            } else if (strcmp(key, "reviewed") == 0) {
                int y = 0, m = 0, len = 0;
                if (sscanf(val, "%4d-%2d%n", &y, &m, &len) != 2 || len != 7 || val[len] ||
                    y < 2000 || y > 2999 || m < 1 || m > 12)
                    ERR(mline, "reviewed '%s' is not a month: write YYYY-MM, e.g. 2026-12", val);
                else
                    c->reviewed = y * 100 + m;
            } else {
                ERR(mline, "unknown metadata key '%s' (known: domain, task, type, difficulty, tags, ref, reviewed)", key);
            }
        }
        bool has_domain_key = false;
        for (int i = 0; i < n_seen; i++)
            has_domain_key |= strcmp(seen_keys[i], "domain") == 0;
        if (!has_domain_key)
            ERR(mline, "missing metadata key 'domain'");
        if (!task_text) {
            ERR(mline, "missing metadata key 'task'");
        } else {
            int t = cp_blueprint_task_index(task_text);
            if (t < 0)
                ERR(mline, "unknown task '%s' (task statements are 1.1-1.4, 2.1-2.4, 3.1-3.8, 4.1-4.3)", task_text);
            else if (c->domain && cp_blueprint_task(t)->domain != c->domain)
                ERR(mline, "task %s is not in domain %d", task_text, c->domain);
            else
                c->task = t;
        }
        bool has_type_key = false, has_diff_key = false;
        for (int i = 0; i < n_seen; i++) {
            has_type_key |= strcmp(seen_keys[i], "type") == 0;
            has_diff_key |= strcmp(seen_keys[i], "difficulty") == 0;
        }
        if (!has_type_key)
            ERR(mline, "missing metadata key 'type'");
        if (!has_diff_key)
            ERR(mline, "missing metadata key 'difficulty'");
    }

    /* Stem and answer. */
    if (blank(&d->stem))
        ERR(d->line, "%s is empty", c->type == CP_CARD_FLASHCARD ? "front" : "question stem");
    else
        c->stem = arena_str(deck, d->stem.data, d->stem.len);
    if (!d->has_answer || blank(&d->answer))
        ERR(d->line, "%s is missing: add a '> ' block after the %s",
            c->type == CP_CARD_FLASHCARD ? "back" : "explanation",
            c->type == CP_CARD_FLASHCARD ? "front" : "choices");
    else
        c->answer = arena_str(deck, d->answer.data, d->answer.len);

    /* Choices. */
    size_t n = d->n_choices, correct = 0;
    uint32_t cline = n ? d->choice_line[0] : d->line;
    for (size_t i = 0; i < n; i++)
        if (d->not_task[i])
            ERR(d->choice_line[i], "choice is not a task list item: write '- [ ] text' or '- [x] text'");
    for (size_t i = 0; i < n; i++)
        correct += d->correct[i];
    if (have_type && c->type == CP_CARD_FLASHCARD) {
        if (n)
            ERR(cline, "a flashcard has no choices (front, then a '> ' back)");
    } else if (have_type) {
        if (n > CP_MAX_CHOICES)
            ERR(cline, "too many choices (at most %d)", CP_MAX_CHOICES);
        else if (c->type == CP_CARD_SINGLE && n != 4)
            ERR(cline, "a single-answer question needs exactly 4 choices, found %zu", n);
        else if (c->type == CP_CARD_MULTI && n < 5)
            ERR(cline, "a multiple-response question needs at least 5 choices, found %zu", n);
        if (c->type == CP_CARD_SINGLE && correct != 1)
            ERR(cline, "a single-answer question needs exactly 1 correct choice ([x]), found %zu", correct);
        if (c->type == CP_CARD_MULTI && correct < 2)
            ERR(cline, "a multiple-response question needs at least 2 correct choices ([x]), found %zu", correct);
        if (c->type == CP_CARD_MULTI && correct >= 2 && c->stem) {
            int says = choose_count(c->stem);
            if (!says)
                ERR(d->stem_line ? d->stem_line : d->line,
                    "a multiple-response stem must say how many to choose, e.g. '(Choose two.)'");
            else if ((size_t)says != correct)
                ERR(d->stem_line ? d->stem_line : d->line,
                    "the stem says choose %d but %zu choices are marked correct", says, correct);
        }
        for (size_t i = 0; i < n && i < CP_MAX_CHOICES; i++) {
            char a[512], b[512];
            cp_text_plain(buf_str(&d->choice[i]), a, sizeof a);
            trim(a);
            if (!a[0]) {
                ERR(d->choice_line[i], "empty choice");
                continue;
            }
            for (size_t j = 0; j < i; j++) {
                cp_text_plain(buf_str(&d->choice[j]), b, sizeof b);
                trim(b);
                if (strcasecmp(a, b) == 0)
                    ERR(d->choice_line[i], "duplicate choice text (same as line %u)", d->choice_line[j]);
            }
            c->choices[i].text = arena_str(deck, d->choice[i].data, d->choice[i].len);
            c->choices[i].correct = d->correct[i];
            c->choices[i].line = d->choice_line[i];
        }
        c->n_choices = n < CP_MAX_CHOICES ? n : CP_MAX_CHOICES;
    }
    return v;
}

#undef ERR

static void commit_card(cp_deck *deck, const cp_card *card)
{
    if (deck->n_cards == deck->cap_cards) {
        size_t cap = deck->cap_cards ? deck->cap_cards * 2 : 256;
        cp_card *c = realloc(deck->cards, cap * sizeof *c);
        if (!c)
            return;
        deck->cards = c;
        deck->cap_cards = cap;
    }
    deck->cards[deck->n_cards++] = *card;
}

static void report_bad(cp_deck *deck, const char *file, const bad_line *b, size_t *reported,
                       size_t *unreported, uint32_t *first_unreported)
{
    if (*reported == MAX_BAD_REPORTS) {
        if (!(*unreported)++)
            *first_unreported = b->line;
        return;
    }
    (*reported)++;
    if (b->length)
        add_diag(deck, file, b->line, "line too long (%u bytes; at most %d)", b->length,
                 MAX_LINE_BYTES);
    else
        add_diag(deck, file, b->line, "invalid UTF-8 or control character");
}

/* The md4c of Debian 12 (0.4.8) reads past the end of its input on some
 * malformed documents (found by fuzz_deck under valgrind; the garbage it
 * read once made it report a 4 GB text run). So it always parses a copy
 * followed by zero bytes, which it stops at. */
enum { MD4C_PADDING = 64 };

static cp_status add_text(cp_deck *deck, const char *name, const char *text, size_t size);

cp_status cp_deck_add_text(cp_deck *deck, const char *name, const char *text,
                           size_t size)
{
    if (!deck || (!text && size))
        return CP_ERR_INVALID;
    if (size > UINT32_MAX - 1) {
        add_diag(deck, arena_str(deck, name, strlen(name)), 0, "file too large");
        return CP_ERR_INVALID;
    }
    char *padded = malloc(size + MD4C_PADDING);
    if (!padded)
        return CP_ERR_NOMEM;
    if (size)
        memcpy(padded, text, size);
    memset(padded + size, 0, MD4C_PADDING);
    cp_status s = add_text(deck, name, padded, size);
    free(padded);
    return s;
}

/* cp_deck_add_text on a padded copy: md4c's text pointers point into it. */
static cp_status add_text(cp_deck *deck, const char *name, const char *text, size_t size)
{
    deck->n_files++;
    parse ps = {0};
    ps.deck = deck;
    ps.file = arena_str(deck, name, strlen(name));
    ps.text = text;
    ps.size = size;

    /* Line starts, and the bad lines (see bad_line). */
    size_t cap_lines = 1024;
    ps.line_starts = malloc(cap_lines * sizeof *ps.line_starts);
    bad_line *bad = NULL;
    size_t n_bad = 0, cap_bad = 0;
    if (!ps.line_starts)
        return CP_ERR_NOMEM;
    ps.line_starts[ps.n_lines++] = 0;
    for (size_t i = 0; i <= size;) {
        /* Most of a deck is printable ASCII: skip it 8 bytes at a time
         * (no byte below 0x20 or from 0x80 up), then byte by byte. */
        for (uint64_t w; i + 8 <= size; i += 8) {
            memcpy(&w, text + i, 8);
            if (((w - 0x2020202020202020ULL) | w) & 0x8080808080808080ULL)
                break;
        }
        while (i < size && (((unsigned char)text[i] >= 0x20 && (unsigned char)text[i] < 0x80) ||
                            text[i] == '\t' || text[i] == '\r'))
            i++;
        bool end_of_line = i == size || text[i] == '\n';
        size_t len = 0, long_by = 0;
        if (end_of_line) {
            size_t line_bytes = i - ps.line_starts[ps.n_lines - 1];
            long_by = line_bytes > MAX_LINE_BYTES ? line_bytes : 0;
        } else {
            unsigned char ch = (unsigned char)text[i];
            len = utf8_len((const unsigned char *)text + i, size - i);
            if (ch < 0x20 && ch != '\t' && ch != '\r')
                len = 0;
        }
        if ((end_of_line && long_by) || (!end_of_line && !len)) {
            uint32_t line = ps.n_lines;
            if (!n_bad || bad[n_bad - 1].line != line) {
                if (n_bad == cap_bad) {
                    cap_bad = cap_bad ? cap_bad * 2 : 16;
                    bad_line *p = realloc(bad, cap_bad * sizeof *p);
                    if (!p) {
                        free(bad);
                        free(ps.line_starts);
                        return CP_ERR_NOMEM;
                    }
                    bad = p;
                }
                bad[n_bad++] = (bad_line){line, (uint32_t)long_by};
            }
            /* Bad text: skip to the end of the line (one report per line),
             * still measuring its length there. */
            if (!end_of_line) {
                while (i < size && text[i] != '\n')
                    i++;
                continue;
            }
        }
        if (i == size)
            break;
        if (!end_of_line) {
            i += len;
            continue;
        }
        if (ps.n_lines == cap_lines) {
            cap_lines *= 2;
            uint32_t *p = realloc(ps.line_starts, cap_lines * sizeof *p);
            if (!p) {
                free(bad);
                free(ps.line_starts);
                return CP_ERR_NOMEM;
            }
            ps.line_starts = p;
        }
        ps.line_starts[ps.n_lines++] = (uint32_t)(i + 1);
        i++;
    }

    MD_PARSER parser = {
        .abi_version = 0,
        .flags = MD_FLAG_TASKLISTS | MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS,
        .enter_block = on_enter_block,
        .leave_block = on_leave_block,
        .enter_span = on_enter_span,
        .leave_span = on_leave_span,
        .text = on_text,
    };
    ps.last_line = 1;
    int rc = md_parse(text, (MD_SIZE)size, &parser, &ps);
    if (rc != 0)
        add_diag(deck, ps.file, ps.last_line, "the Markdown parser stopped here (error %d)", rc);

    /* Each card ends where the next begins. */
    for (size_t i = 0; i < ps.n_drafts; i++)
        ps.drafts[i].end_line = i + 1 < ps.n_drafts ? ps.drafts[i + 1].line - 1 : ps.n_lines;

    size_t first_diag = deck->n_diags;
    size_t bad_i = 0, reported = 0, unreported = 0;
    uint32_t first_unreported = 0;
    for (size_t b = 0; b < n_bad; b++) {
        /* Text before the first card: report it on its own. */
        if (!ps.n_drafts || bad[b].line < ps.drafts[0].line)
            report_bad(deck, ps.file, &bad[b], &reported, &unreported, &first_unreported);
    }
    for (size_t i = 0; i < ps.n_drafts; i++) {
        draft *d = &ps.drafts[i];
        validated v = validate(&ps, d);
        while (bad_i < n_bad && bad[bad_i].line < d->line)
            bad_i++;
        for (size_t b = bad_i; b < n_bad && bad[b].line <= d->end_line; b++) {
            report_bad(deck, ps.file, &bad[b], &reported, &unreported, &first_unreported);
            v.errors++;
        }
        if (v.card.id) {
            struct seen *first = seen_find(deck, v.card.id);
            if (first) {
                add_diag(deck, ps.file, d->line, "duplicate id '%s' (first at %s:%u)",
                         v.card.id, first->file, first->line);
                v.errors++;
            } else {
                seen_add(deck, v.card.id, ps.file, d->line,
                         v.errors ? -1 : (long)deck->n_cards);
            }
        }
        if (!v.errors)
            commit_card(deck, &v.card);
        else
            deck->n_invalid++;
        draft_free(d);
    }
    if (unreported)
        add_diag(deck, ps.file, first_unreported,
                 "%zu more lines with invalid UTF-8, control characters or over %d bytes (not listed)",
                 unreported, MAX_LINE_BYTES);
    free(bad);
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
    free(ps.drafts);
    free(ps.line_starts);
    return rc == 0 ? CP_OK : CP_ERR_INVALID;
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
    add_diag(deck, arena_str(deck, path, strlen(path)), 0, "%s: %s", what, strerror(errnum));
    return cp_error_set(err, CP_ERR_IO, path, 0, "%s: %s", what, strerror(errnum));
}

static cp_status load_file(cp_deck *deck, const char *path, cp_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cannot_read(deck, path, "cannot read", errno, err);
    buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (!buf_add(&b, tmp, n)) {
            fclose(f);
            buf_free(&b);
            return cp_error_set(err, CP_ERR_NOMEM, path, 0, "out of memory");
        }
    bool failed = ferror(f);
    int errnum = errno;
    fclose(f);
    if (failed) {
        buf_free(&b);
        return cannot_read(deck, path, "cannot read", errnum ? errnum : EIO, err);
    }
    /* Invalid cards are diagnostics, not a failure to read the file. */
    CP_IGNORE(cp_deck_add_text(deck, path, b.data ? b.data : "", b.len));
    buf_free(&b);
    return CP_OK;
}

static cp_status load_path(cp_deck *deck, const char *path, int depth, cp_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return cannot_read(deck, path, "cannot read", errno, err);
    if (!S_ISDIR(st.st_mode))
        return load_file(deck, path, err);
    if (depth > 16)
        return CP_OK;
    DIR *dir = opendir(path);
    if (!dir)
        return cannot_read(deck, path, "cannot read directory", errno, err);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *full = malloc(len);
        if (!full)
            break;
        snprintf(full, len, "%s/%s", path, e->d_name);
        struct stat cst;
        bool dir_entry = stat(full, &cst) == 0 && S_ISDIR(cst.st_mode);
        size_t nl = strlen(e->d_name);
        if (!dir_entry && !(nl > 3 && strcmp(e->d_name + nl - 3, ".md") == 0)) {
            free(full);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) {
                free(full);
                break;
            }
            names = p;
        }
        names[n++] = full;
    }
    closedir(dir);
    if (n)      /* names is NULL for a directory with no decks */
        qsort(names, n, sizeof *names, cmp_str);
    cp_status status = CP_OK;
    for (size_t i = 0; i < n; i++) {
        cp_status s = load_path(deck, names[i], depth + 1, err);
        if (s != CP_OK && status == CP_OK)
            status = s;
        free(names[i]);
    }
    free(names);
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
        cp_status s = load_path(*out, paths[i], 0, err);
        if (s != CP_OK && status == CP_OK)
            status = s;
    }
    return status;
}
