/* The deck module's private parts, shared by its four files (nothing here
 * is API; include/cloudprep/deck.h is):
 *
 *   deck.c        the model (cards, diagnostics, the id table) and loading:
 *                 cp_deck_add_text parses a document, validates each draft
 *                 and keeps the cards that pass;
 *   deck_parse.c  the md4c walk: Markdown text -> one cp_draft per "##"
 *                 section, plus the lines with bad bytes;
 *   deck_rules.c  the validation: one table row per rule, each checking a
 *                 drafted card and reporting `file:line: message`;
 *   deck_cache.c  the parsed-deck cache: a loaded deck in one file, read
 *                 back when the deck files are the same. */
#ifndef CLOUDPREP_DECK_IMPL_H
#define CLOUDPREP_DECK_IMPL_H

#include "cloudprep/deck.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A growable string, always terminated once anything was added. */
typedef struct cp_buf {
    char *data;
    size_t len, cap;
} cp_buf;

/* False when out of memory (the buffer is then left as it was). */
static inline bool cp_buf_add(cp_buf *b, const char *s, size_t n)
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

static inline const char *cp_buf_str(const cp_buf *b) { return b->data ? b->data : ""; }
static inline void cp_buf_free(cp_buf *b) { free(b->data); *b = (cp_buf){0}; }

/* Lines the renderer must never see: invalid UTF-8 or control bytes, or
 * longer than CP_DECK_MAX_LINE (the longest line of the bundled decks is
 * under 400 bytes; a 10 MB line would only stall the text layout). Every
 * such line makes its card invalid; the first CP_DECK_MAX_BAD_REPORTS of a
 * file are listed and the rest counted. */
enum { CP_DECK_MAX_LINE = 16384, CP_DECK_MAX_BAD_REPORTS = 64, CP_DRAFT_ERRORS = 4 };

typedef struct cp_bad_line {
    uint32_t line;
    uint32_t length;        /* bytes, for a line too long; 0 for bad text */
} cp_bad_line;

/* One "##" section as the md4c walk left it: raw parts and their lines. */
typedef struct cp_draft {
    uint32_t line, meta_line, stem_line, end_line;
    cp_buf id, meta, stem, answer;
    bool has_meta, has_answer, choices_closed;
    size_t n_choices;       /* up to CP_MAX_CHOICES + 1: one too many is seen */
    cp_buf choice[CP_MAX_CHOICES + 1];
    bool correct[CP_MAX_CHOICES + 1];
    bool not_task[CP_MAX_CHOICES + 1];
    uint32_t choice_line[CP_MAX_CHOICES + 1];
    /* Problems the walk itself found (structure, not content). */
    size_t n_errors;
    uint32_t error_line[CP_DRAFT_ERRORS];
    char error[CP_DRAFT_ERRORS][160];
} cp_draft;

/* One document: its drafts and bad lines, and how reporting the bad lines
 * stands (the first CP_DECK_MAX_BAD_REPORTS are listed, the rest counted). */
typedef struct cp_deck_doc {
    const char *file;           /* the deck's copy of the name */
    const char *text;           /* followed by CP_MD4C_PADDING zero bytes */
    size_t size;
    uint32_t n_lines;
    cp_draft *drafts;
    size_t n_drafts;
    cp_bad_line *bad;
    size_t n_bad;
    int md_status;              /* md_parse()'s result: 0 when it finished */
    uint32_t md_line;           /* the last line it reached */
    bool nomem;                 /* an allocation failed: the drafts are incomplete */
    size_t bad_next, bad_reported, bad_unreported;
    uint32_t first_unreported;
} cp_deck_doc;

/* The md4c of Debian 12 (0.4.8) reads past the end of its input on some
 * malformed documents (found by fuzz_deck under valgrind; the garbage it
 * read once made it report a 4 GB text run). So it always parses a copy
 * followed by zero bytes, which it stops at. */
enum { CP_MD4C_PADDING = 64 };

/* deck_parse.c: fills doc's drafts, lines and bad lines from doc->text and
 * doc->size. Returns CP_ERR_NOMEM (and sets doc->nomem) when an allocation
 * failed; a parser failure is left in doc->md_status. */
cp_status cp_deck_parse(cp_deck_doc *doc);
/* Frees a draft's text (once its card is kept, to bound the peak), or all. */
void cp_deck_draft_free(cp_draft *draft);
void cp_deck_doc_free(cp_deck_doc *doc);

/* deck_rules.c: drafts a card from doc->drafts[index], runs every rule on
 * it (each problem a diagnostic of deck) and hands it to cp_deck_keep.
 * Returns what cp_deck_keep returns. */
cp_status cp_deck_validate(cp_deck *deck, cp_deck_doc *doc, size_t index);
/* Reports the bad lines in [first, last] not reported yet; returns how many. */
size_t cp_deck_check_lines(cp_deck *deck, cp_deck_doc *doc, uint32_t first, uint32_t last);
/* The count of bad lines too many to list, once the document is done. */
void cp_deck_check_done(cp_deck *deck, cp_deck_doc *doc);

/* deck.c, for the rules: adds a diagnostic (a lost one is counted and makes
 * cp_deck_add_text report CP_ERR_NOMEM), and looks an id up. */
void cp_deck_note(cp_deck *deck, const char *file, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
bool cp_deck_id_seen(const cp_deck *deck, const char *id, const char **file, uint32_t *line);
/* deck.c: records the card's id (unless a duplicate) and, when it has no
 * error, adds it with its strings copied into the deck. Returns
 * CP_ERR_NOMEM when a card without error could not be added. */
cp_status cp_deck_keep(cp_deck *deck, const cp_card *card, size_t errors, bool duplicate);

/* deck.c, for the parsed-deck cache (deck_cache.c): the ids of cards left
 * out (each with its file and line), in no particular order; and a deck
 * put back together from a cache, whose strings live in `data` (released
 * with the deck). The restore calls take the strings as they are;
 * cp_deck_restore_unkept returns false for an id seen before or when out
 * of memory. */
void cp_deck_each_unkept(const cp_deck *deck,
                         void (*fn)(void *ctx, const char *id, const char *file, uint32_t line),
                         void *ctx);
bool cp_deck_reserve(cp_deck *deck, size_t n_cards, size_t n_ids);
/* The cards: n slots at the end of the deck (NULL when out of
 * memory) to fill, then every card from `first` on put in the id table
 * (false for an id seen before, or out of memory). */
cp_card *cp_deck_restore_slots(cp_deck *deck, size_t n);
bool cp_deck_restore_index(cp_deck *deck, size_t first);
bool cp_deck_restore_unkept(cp_deck *deck, const char *id, const char *file, uint32_t line);
void cp_deck_restore_counts(cp_deck *deck, size_t n_files, size_t n_invalid);
void cp_deck_hold(cp_deck *deck, void *data, size_t size, void (*release)(void *data, size_t size));

/* deck_cache.c: the cache file's layout (here for the tests that damage
 * it on purpose). A header, then 8-byte aligned sections at the offsets it
 * gives: the strings (each terminated; offset 0 is ""), the deck files it
 * was made from, the paths given to the loader (string offsets), the
 * cards, the diagnostics and the ids of cards left out. The checksum is
 * cp_deck_cache_checksum of the whole file: the XXH3 of the header from
 * `code` on, seeded with the XXH3 of everything after the header. */
enum {
    CP_DECK_CACHE_VERSION = 2,
    CP_DECK_CACHE_CODE = 16,
    CP_DECK_CACHE_NO_STRING = 0x7fffffff,
};

typedef struct cp_deck_cache_header {
    char magic[8];                /* "cpdeck\n\0" */
    uint32_t version, byte_order; /* 0x01020304 as written */
    uint64_t file_size;
    uint64_t checksum;
    char code[CP_DECK_CACHE_CODE];   /* CP_DECK_CODE of the build */
    uint64_t off_strings, n_strings; /* bytes */
    uint64_t off_sources, n_sources;
    uint64_t off_paths, n_paths;
    uint64_t off_cards, n_cards;
    uint64_t off_diags, n_diags;
    uint64_t off_unkept, n_unkept;
    uint64_t n_files, n_invalid;
} cp_deck_cache_header;

enum { CP_DECK_CACHE_CHECKED_FROM = offsetof(cp_deck_cache_header, code) };

typedef struct cp_deck_cache_source {
    uint32_t path, version; /* string offsets; version: cp_file_info's */
    int64_t size, changed_ns;
} cp_deck_cache_source;

typedef struct cp_deck_cache_card {
    uint32_t id, file, tags, ref, stem, answer; /* string offsets */
    uint32_t line;
    int32_t domain, task, reviewed;
    uint8_t type, difficulty, n_choices, correct; /* correct: one bit per choice */
    uint32_t choice_text[CP_MAX_CHOICES], choice_line[CP_MAX_CHOICES];
} cp_deck_cache_card;

typedef struct cp_deck_cache_note {
    uint32_t file, line, text; /* a diagnostic (text), or an id left out */
} cp_deck_cache_note;

uint64_t cp_deck_cache_checksum(const void *data, size_t size);

/* What the loader reads in a directory, and so what the cache is keyed on:
 * its subdirectories and `.md` files, dot names left out, as full paths
 * ("DIR/name") sorted bytewise, down to CP_DECK_MAX_DEPTH levels. False
 * with errno set when the directory cannot be opened (ENOMEM: out of
 * memory); free the list with cp_deck_dir_free. */
enum { CP_DECK_MAX_DEPTH = 16 };
bool cp_deck_dir_list(const char *path, char ***names, size_t *n);
void cp_deck_dir_free(char **names, size_t n);

#endif
