/* The lint module's private parts (include/cloudprep/lint.h is the API):
 *
 *   lint.c        the rule table, the per-card rules, the length share,
 *                 the warnings, and --stale;
 *   lint_words.c  text analysis: words, stopwords, stems (Snowball's
 *                 English stemmer), sets of hashes, the services a text
 *                 names and their categories;
 *   lint_dup.c    near-duplicate stems and fronts (a set-similarity join). */
#ifndef CLOUDPREP_LINT_IMPL_H
#define CLOUDPREP_LINT_IMPL_H

#include "cloudprep/lint.h"

#include <stdarg.h>

/* ---- lint_words.c ---------------------------------------------------------- */

/* A word: a maximal run of ASCII letters and digits and non-ASCII bytes
 * (so words of other scripts stay whole). */
typedef struct cp_word {
    const char *at;
    size_t len;
} cp_word;

/* The next word of text at or after *pos; false at the end. */
bool cp_lint_next_word(const char *text, size_t *pos, cp_word *word);

enum { CP_LINT_WORD_MAX = 48 };     /* longer words are cut (for stems and keys) */
/* The word lowercased (ASCII) into out[CP_LINT_WORD_MAX]; returns its length. */
size_t cp_lint_lower(const cp_word *word, char *out);
/* True for function words and words every card uses ("aws", "service"). */
bool cp_lint_stopword(const char *lower, size_t len);

#define CP_LINT_HASH0 1469598103934665603ULL
/* FNV-1a over s[0..n), continuing from h (start with CP_LINT_HASH0). */
uint64_t cp_lint_hash(uint64_t h, const char *s, size_t n);

/* Ascending; insertion sort for short arrays. */
void cp_sort_u64(uint64_t *a, size_t n);
void cp_sort_u32(uint32_t *a, size_t n);

/* A set of 64-bit hashes: add, then seal (sorts), then ask. */
typedef struct cp_hashset {
    uint64_t *h;
    size_t n, cap;
} cp_hashset;
bool cp_hashset_add(cp_hashset *set, uint64_t h);   /* false: out of memory */
void cp_hashset_seal(cp_hashset *set);
bool cp_hashset_has(const cp_hashset *set, uint64_t h);
void cp_hashset_clear(cp_hashset *set);
void cp_hashset_free(cp_hashset *set);

/* Snowball's English stemmer, one per lint run. */
typedef struct cp_stemmer cp_stemmer;
cp_stemmer *cp_stemmer_new(void);
void cp_stemmer_free(cp_stemmer *stemmer);
/* Stems a lowercased word into out[CP_LINT_WORD_MAX] and says whether it
 * is a stopword (both remembered per word); returns the stem's length, 0
 * when out of memory. */
size_t cp_stem(cp_stemmer *stemmer, const char *lower, size_t len, char *out, bool *stop);

/* Which services of the blueprint a text names (the same matches as
 * cp_blueprint_mentions, found in one pass over the words), and their
 * categories folded into families of look-alikes. */
enum { CP_LINT_SERVICE_WORDS = 4 };     /* bitset words: up to 256 services */
typedef struct cp_services {
    uint64_t bit[CP_LINT_SERVICE_WORDS];
} cp_services;
typedef struct cp_service_finder cp_service_finder;
cp_service_finder *cp_service_finder_new(void);
void cp_service_finder_free(cp_service_finder *finder);
void cp_services_in(const cp_service_finder *finder, const char *plain, cp_services *out);
bool cp_services_any(const cp_services *s);
bool cp_services_has(const cp_services *s, size_t service);
void cp_services_remove(cp_services *s, const cp_services *other);
bool cp_services_meet(const cp_services *a, const cp_services *b);
/* Bitmask of the families of the services in s (see lint_words.c). */
uint32_t cp_service_families(const cp_service_finder *finder, const cp_services *s);

/* ---- lint.c, for lint_dup.c ---------------------------------------------- */

struct cp_lint {
    cp_lint_warning *warnings;
    size_t n, cap;
    size_t *hits;               /* per rule */
    bool nomem;
};

/* Plain text (no style markers) in a new string; NULL when out of memory. */
char *cp_lint_plain(const char *text);
/* Adds a warning of rule `name` about card (or -1 for the bank). */
void cp_lint_warn(cp_lint *lint, const cp_deck *deck, const char *rule, long card,
                  uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* ---- lint_dup.c ------------------------------------------------------------ */

/* Warns about question stems (and, apart, flashcard fronts) whose word
 * 3-gram Jaccard is at least `threshold`, or whose normalised text is the
 * same. False when out of memory. */
bool cp_lint_near_duplicates(cp_lint *lint, const cp_deck *deck, double threshold);

#endif
