/* Lint, text analysis: what the rules know about words.
 *
 * Words are runs of letters and digits; the rules compare them lowercased
 * and stemmed with Snowball's English (Porter2) stemmer from libstemmer, so
 * "repurchase" and "Repurchasing" meet. Stopwords are function words and
 * the words every card uses ("AWS", "service"). Services are found the way
 * cp_blueprint_mentions finds them (case-sensitive, whole words), but in
 * one pass: the names are sorted by the hash of their first word, and each
 * word start of the text looks its hash up. Categories fold into families
 * of look-alikes (see lookalikes below) for the difficulty rule. */
#include "lint_impl.h"
#include "cloudprep/blueprint.h"

#include <libstemmer.h>

#include <stdlib.h>
#include <string.h>

/* ---- words ----------------------------------------------------------------- */

static bool in_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool cp_lint_next_word(const char *text, size_t *pos, cp_word *word)
{
    size_t i = *pos;
    while (text[i] && !in_word((unsigned char)text[i]))
        i++;
    if (!text[i]) {
        *pos = i;
        return false;
    }
    size_t start = i;
    while (in_word((unsigned char)text[i]))
        i++;
    *word = (cp_word){text + start, i - start};
    *pos = i;
    return true;
}

size_t cp_lint_lower(const cp_word *word, char *out)
{
    size_t n = word->len < CP_LINT_WORD_MAX - 1 ? word->len : CP_LINT_WORD_MAX - 1;
    for (size_t i = 0; i < n; i++) {
        char c = word->at[i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
    return n;
}

/* Sorted, for bsearch. */
static const char *const stopwords[] = {
    "a", "about", "across", "after", "all", "also", "amazon", "an", "and", "another", "any",
    "are", "as", "at", "aws", "be", "been", "before", "being", "between", "but", "by", "can",
    "could", "did", "do", "does", "done", "during", "each", "else", "every", "feature",
    "features", "five", "for", "four", "from", "get", "gets", "had", "has", "have", "having",
    "help", "helps", "how", "if", "in", "into", "is", "it", "its", "just", "least", "less",
    "like", "made", "make", "makes", "many", "may", "might", "more", "most", "much", "must",
    "need", "needed", "needs", "no", "not", "of", "on", "only", "onto", "option", "options",
    "or", "organization", "other", "our", "over", "own", "per", "same", "service",
    "services", "shall", "should", "so", "some", "such", "team", "teams", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
    "under", "us", "use", "used", "user", "users", "uses", "using", "very", "via", "want",
    "wants", "was", "way", "ways", "we", "were", "what", "when", "where", "which", "who",
    "whom", "whose", "why", "will", "with", "without", "would", "you", "your",
};

static int cmp_cstr(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

bool cp_lint_stopword(const char *lower, size_t len)
{
    if (len <= 1)
        return true;
    return bsearch(lower, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof stopwords[0],
                   cmp_cstr) != NULL;
}

uint64_t cp_lint_hash(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* ---- sets of hashes -------------------------------------------------------- */

bool cp_hashset_add(cp_hashset *set, uint64_t h)
{
    uint64_t *p = cp_grow(set->h, &set->cap, set->n, sizeof *p, 32);
    if (!p)
        return false;
    set->h = p;
    set->h[set->n++] = h;
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Insertion sort for the short arrays the lint sorts by the thousand
 * (a text's shingles, an explanation's stems), qsort beyond. */
void cp_sort_u64(uint64_t *a, size_t n)
{
    if (n > 48) {
        qsort(a, n, sizeof *a, cmp_u64);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        size_t k = i;
        for (; k && a[k - 1] > v; k--)
            a[k] = a[k - 1];
        a[k] = v;
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

void cp_sort_u32(uint32_t *a, size_t n)
{
    if (n > 48) {
        qsort(a, n, sizeof *a, cmp_u32);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t v = a[i];
        size_t k = i;
        for (; k && a[k - 1] > v; k--)
            a[k] = a[k - 1];
        a[k] = v;
    }
}

void cp_hashset_seal(cp_hashset *set)
{
    if (set->n < 2)
        return;
    cp_sort_u64(set->h, set->n);
    size_t k = 1;
    for (size_t i = 1; i < set->n; i++)
        if (set->h[i] != set->h[k - 1])
            set->h[k++] = set->h[i];
    set->n = k;
}

bool cp_hashset_has(const cp_hashset *set, uint64_t h)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->h[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < set->n && set->h[lo] == h;
}

void cp_hashset_clear(cp_hashset *set) { set->n = 0; }
void cp_hashset_free(cp_hashset *set) { free(set->h); *set = (cp_hashset){0}; }

/* ---- stems ----------------------------------------------------------------- */

/* Stemming is the lint's main cost and a deck's vocabulary is small, so
 * every word's stem is kept in an open-addressing table. */
typedef struct stem_entry {
    uint64_t hash;              /* of the word; 0: empty slot */
    char word[CP_LINT_WORD_MAX];
    char stem[CP_LINT_WORD_MAX];
    uint8_t stem_len;
    bool stop;
} stem_entry;

struct cp_stemmer {
    struct sb_stemmer *sb;
    stem_entry *table;
    size_t n, cap;
};

cp_stemmer *cp_stemmer_new(void)
{
    cp_stemmer *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->sb = sb_stemmer_new("english", "UTF_8");
    if (!s->sb) {
        free(s);
        return NULL;
    }
    return s;
}

void cp_stemmer_free(cp_stemmer *stemmer)
{
    if (!stemmer)
        return;
    sb_stemmer_delete(stemmer->sb);
    free(stemmer->table);
    free(stemmer);
}

static bool grow(cp_stemmer *s)
{
    size_t cap = s->cap ? s->cap * 2 : 4096;
    stem_entry *table = calloc(cap, sizeof *table);
    if (!table)
        return false;
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->table[i].hash)
            continue;
        size_t j = s->table[i].hash & (cap - 1);
        while (table[j].hash)
            j = (j + 1) & (cap - 1);
        table[j] = s->table[i];
    }
    free(s->table);
    s->table = table;
    s->cap = cap;
    return true;
}

size_t cp_stem(cp_stemmer *stemmer, const char *lower, size_t len, char *out, bool *stop)
{
    if (len > CP_LINT_WORD_MAX - 1)
        len = CP_LINT_WORD_MAX - 1;
    if ((stemmer->n + 1) * 2 > stemmer->cap && !grow(stemmer))
        return 0;
    uint64_t h = cp_lint_hash(CP_LINT_HASH0, lower, len) | 1;
    size_t mask = stemmer->cap - 1, i = h & mask;
    for (; stemmer->table[i].hash; i = (i + 1) & mask) {
        stem_entry *e = &stemmer->table[i];
        if (e->hash == h && strncmp(e->word, lower, len) == 0 && !e->word[len]) {
            memcpy(out, e->stem, e->stem_len + 1u);
            *stop = e->stop;
            return e->stem_len;
        }
    }
    const sb_symbol *s = sb_stemmer_stem(stemmer->sb, (const sb_symbol *)lower, (int)len);
    if (!s)
        return 0;
    size_t n = (size_t)sb_stemmer_length(stemmer->sb);
    if (n > CP_LINT_WORD_MAX - 1)
        n = CP_LINT_WORD_MAX - 1;
    stem_entry *e = &stemmer->table[i];
    e->hash = h;
    memcpy(e->word, lower, len);
    e->word[len] = '\0';
    memcpy(e->stem, s, n);
    e->stem[n] = '\0';
    e->stem_len = (uint8_t)n;
    e->stop = cp_lint_stopword(e->word, len);
    *stop = e->stop;
    stemmer->n++;
    memcpy(out, e->stem, n + 1);
    return n;
}

/* ---- services -------------------------------------------------------------- */

/* Categories whose services an exam item sets side by side as look-alikes:
 * EC2, Lambda and Fargate; S3 and DynamoDB; Redshift and SageMaker;
 * CloudTrail and GuardDuty. Every other category is a family of its own. */
static const struct {
    const char *name;
    const char *categories[3];
} lookalikes[] = {
    {"Compute/Containers/Serverless", {"Compute", "Containers", "Serverless"}},
    {"Storage/Database", {"Storage", "Database"}},
    {"Analytics/Machine Learning", {"Analytics", "Machine Learning"}},
    {"Management and Governance/Security, Identity, and Compliance",
     {"Management and Governance", "Security, Identity, and Compliance"}},
};

enum { MAX_SERVICES = 64 * CP_LINT_SERVICE_WORDS, MAX_FAMILIES = 32 };

typedef struct service_name {
    uint64_t first;         /* hash of its first word */
    const char *name;
    size_t len;
    size_t service;
} service_name;

struct cp_service_finder {
    service_name *names;
    size_t n_names;
    uint8_t family[MAX_SERVICES];
    const char *family_name[MAX_FAMILIES];
    size_t n_families;
};

/* cp_blueprint_mentions' idea of a word character. */
static bool name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t first_word(const char *s)
{
    size_t n = 0;
    while (name_char((unsigned char)s[n]))
        n++;
    return n;
}

static int cmp_name(const void *a, const void *b)
{
    const service_name *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

static unsigned family_index(cp_service_finder *f, const char *category)
{
    const char *name = category;
    for (size_t g = 0; g < sizeof lookalikes / sizeof lookalikes[0]; g++)
        for (size_t k = 0; k < 3 && lookalikes[g].categories[k]; k++)
            if (strcmp(lookalikes[g].categories[k], category) == 0)
                name = lookalikes[g].name;
    for (size_t i = 0; i < f->n_families; i++)
        if (strcmp(f->family_name[i], name) == 0)
            return (unsigned)i;
    if (f->n_families == MAX_FAMILIES)
        return MAX_FAMILIES - 1;
    f->family_name[f->n_families] = name;
    return (unsigned)f->n_families++;
}

cp_service_finder *cp_service_finder_new(void)
{
    cp_service_finder *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    size_t n_services = cp_blueprint_service_count();
    if (n_services > MAX_SERVICES)
        n_services = MAX_SERVICES;
    size_t cap = 0;
    for (size_t s = 0; s < n_services; s++)
        for (const char *p = cp_blueprint_service(s)->names; *p; p++)
            cap += p == cp_blueprint_service(s)->names || *p == '|';
    f->names = malloc(cap * sizeof *f->names);
    if (!f->names) {
        free(f);
        return NULL;
    }
    for (size_t s = 0; s < n_services; s++) {
        const cp_service_info *info = cp_blueprint_service(s);
        f->family[s] = (uint8_t)family_index(f, info->category);
        for (const char *name = info->names; *name && f->n_names < cap;) {
            size_t len = strcspn(name, "|");
            f->names[f->n_names++] =
                (service_name){cp_lint_hash(CP_LINT_HASH0, name, first_word(name)), name, len, s};
            name += len;
            if (*name == '|')
                name++;
        }
    }
    qsort(f->names, f->n_names, sizeof *f->names, cmp_name);
    return f;
}

void cp_service_finder_free(cp_service_finder *finder)
{
    if (!finder)
        return;
    free(finder->names);
    free(finder);
}

void cp_services_in(const cp_service_finder *f, const char *text, cp_services *out)
{
    *out = (cp_services){{0}};
    for (size_t i = 0; text[i]; i++) {
        if (!name_char((unsigned char)text[i]) || (i && name_char((unsigned char)text[i - 1])))
            continue;
        size_t n = first_word(text + i);
        uint64_t h = cp_lint_hash(CP_LINT_HASH0, text + i, n);
        size_t lo = 0, hi = f->n_names;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (f->names[mid].first < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < f->n_names && f->names[k].first == h; k++) {
            const service_name *sn = &f->names[k];
            if (strncmp(text + i, sn->name, sn->len) == 0 && !name_char((unsigned char)text[i + sn->len]))
                out->bit[sn->service / 64] |= 1ULL << (sn->service % 64);
        }
        i += n - 1;
    }
}

bool cp_services_any(const cp_services *s)
{
    for (size_t i = 0; i < CP_LINT_SERVICE_WORDS; i++)
        if (s->bit[i])
            return true;
    return false;
}

bool cp_services_has(const cp_services *s, size_t service)
{
    return service < MAX_SERVICES && (s->bit[service / 64] >> (service % 64)) & 1;
}

void cp_services_remove(cp_services *s, const cp_services *other)
{
    for (size_t i = 0; i < CP_LINT_SERVICE_WORDS; i++)
        s->bit[i] &= ~other->bit[i];
}

bool cp_services_meet(const cp_services *a, const cp_services *b)
{
    for (size_t i = 0; i < CP_LINT_SERVICE_WORDS; i++)
        if (a->bit[i] & b->bit[i])
            return true;
    return false;
}

uint32_t cp_service_families(const cp_service_finder *f, const cp_services *s)
{
    uint32_t mask = 0;
    for (size_t i = 0; i < MAX_SERVICES; i++)
        if (cp_services_has(s, i))
            mask |= 1u << f->family[i];
    return mask;
}
