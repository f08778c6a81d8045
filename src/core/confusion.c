/* What the learner mixes up: the map of what options name, and the tally
 * of the learner's pairs.
 *
 * The map fills itself in as cards are asked for (reading a learner's
 * answers maps only the cards answered: on a 100,000-card collection the
 * whole deck takes about 100 ms), and maps the rest when something needs
 * the whole deck (the separating cards of a confused pair, the one-line
 * difference, the subjects' counts); what it says of a card never changes.
 * An option's subject is its tag when it
 * has one (a service when the tag is one of a service's names, else a
 * concept, concepts being told apart by their folded words), else the
 * service its text names first: every whole-word mention of a service name
 * is found through an index of the names' first words, a mention inside a
 * longer one is dropped, so are services every option of the card names
 * (the question's setting), and a mention directly followed by another
 * gives way to it ("EC2 Auto Scaling").
 *
 * The tally keeps, per ordered pair (keyed, chosen) met, the misses and
 * the offers as sums of weights that halve every half-life. Each pair
 * keeps its sums as of its newest answer (ref): an answer newer than ref
 * first decays the sums to its own time, an older one adds its weight
 * already decayed, so answers may come in any order and a query at `now`
 * scales by one factor. Pairs live in an open-addressing hash table. */
#include "cloudprep/confusion.h"
#include "cloudprep/blueprint.h"
#include "cloudprep/day.h"
#include "cloudprep/exam.h"
#include "cloudprep/fsrs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the map ---------------------------------------------------------------- */

enum { PLAIN_MAX = 16384 };     /* a card's text, plain; longer is cut */

typedef struct concept_slot {
    char *key;              /* folded words; NULL: empty slot */
    int32_t subject;
} concept_slot;

/* One way to name a service, indexed by its first word. */
typedef struct alias {
    const char *text;       /* points into the blueprint */
    size_t len, first_len;  /* whole alias; its first word */
    int32_t service;
} alias;

struct cp_confusion_map {
    const cp_deck *deck;
    size_t n_cards;
    size_t n_services;
    int32_t (*option)[CP_MAX_CHOICES];  /* per card: each option's subject */
    uint32_t *member_start;             /* per card, into members */
    uint8_t *member_count;
    int32_t *members;
    size_t n_members, cap_members;
    cp_subject *subjects;
    char **owned_names;                 /* per concept: its name, owned */
    size_t n_subjects, cap_subjects;
    concept_slot *concepts;             /* hash of folded key -> subject */
    size_t cap_concepts;
    alias *aliases;                     /* sorted by first word */
    size_t n_aliases;
    bool starts[256];                   /* the bytes a service name starts with */
    uint8_t *mapped;                    /* per card: its subjects are known */
    bool complete;                      /* every card mapped, the counts made */
    bool nomem;                         /* a card could not be mapped */
    char *plain;                        /* PLAIN_MAX bytes of scratch */
};

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;    /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int cmp_first_word(const char *a, size_t na, const char *b, size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    if (c)
        return c;
    return na < nb ? -1 : na > nb;
}

static int cmp_alias(const void *x, const void *y)
{
    const alias *a = x, *b = y;
    return cmp_first_word(a->text, a->first_len, b->text, b->first_len);
}

static bool build_aliases(cp_confusion_map *m)
{
    size_t n = 0;
    for (size_t s = 0; s < m->n_services; s++)
        for (const char *p = cp_blueprint_service(s)->names; *p; p += *p == '|')
            n++, p += strcspn(p, "|");
    m->aliases = malloc((n ? n : 1) * sizeof *m->aliases);
    if (!m->aliases)
        return false;
    for (size_t s = 0; s < m->n_services; s++) {
        for (const char *p = cp_blueprint_service(s)->names; *p; p += *p == '|') {
            size_t len = strcspn(p, "|"), first = 0;
            while (first < len && word_char(p[first]))
                first++;
            m->aliases[m->n_aliases++] = (alias){p, len, first ? first : len, (int32_t)s};
            m->starts[(unsigned char)p[0]] = true;
            p += len;
        }
    }
    qsort(m->aliases, m->n_aliases, sizeof *m->aliases, cmp_alias);
    return true;
}

/* A service named in plain text, at [start, end). */
typedef struct mention {
    size_t start, end;
    int32_t service;
} mention;

enum { MAX_MENTIONS = 32 };

/* Every whole-word mention of a service name in text (the first max), in
 * text order, without those inside a longer mention. */
static size_t find_mentions(const cp_confusion_map *m, const char *text, mention *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; text[i] && n < max;) {
        if (!word_char(text[i]) || (i > 0 && word_char(text[i - 1]))) {
            i++;
            continue;
        }
        size_t w = i;
        while (word_char(text[w]))
            w++;
        if (!m->starts[(unsigned char)text[i]]) {     /* most words: no name starts so */
            i = w;
            continue;
        }
        /* The aliases whose first word is this word: a binary search. */
        size_t lo = 0, hi = m->n_aliases;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            const alias *a = &m->aliases[mid];
            if (cmp_first_word(a->text, a->first_len, text + i, w - i) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < m->n_aliases && n < max; lo++) {
            const alias *a = &m->aliases[lo];
            if (cmp_first_word(a->text, a->first_len, text + i, w - i) != 0)
                break;
            if (strncmp(text + i, a->text, a->len) == 0 && !word_char(text[i + a->len]))
                out[n++] = (mention){i, i + a->len, a->service};
        }
        i = w;
    }
    /* A mention inside a longer one ("IAM" in "IAM Identity Center") is
     * not a mention of its own. */
    size_t kept = 0;
    for (size_t a = 0; a < n; a++) {
        bool inside = false;
        for (size_t b = 0; b < n && !inside; b++)
            inside = b != a && out[b].start <= out[a].start && out[b].end >= out[a].end &&
                     out[b].end - out[b].start > out[a].end - out[a].start;
        if (!inside)
            out[kept++] = out[a];
    }
    /* In text order (several names can start at one word). */
    for (size_t a = 1; a < kept; a++)
        for (size_t b = a; b > 0 && out[b - 1].start > out[b].start; b--) {
            mention t = out[b];
            out[b] = out[b - 1];
            out[b - 1] = t;
        }
    return kept;
}

static int32_t add_subject(cp_confusion_map *m, const char *name, long service)
{
    if (m->n_subjects == m->cap_subjects) {
        size_t cap = m->cap_subjects ? m->cap_subjects * 2 : 256;
        cp_subject *s = realloc(m->subjects, cap * sizeof *s);
        if (!s)
            return -1;
        m->subjects = s;
        char **names = realloc(m->owned_names, cap * sizeof *names);
        if (!names)
            return -1;
        m->owned_names = names;
        m->cap_subjects = cap;
    }
    m->owned_names[m->n_subjects] = NULL;
    m->subjects[m->n_subjects] = (cp_subject){.name = name, .service = service};
    return (int32_t)m->n_subjects++;
}

/* The concept named by these words, added when new; -1 when out of memory. */
static int32_t concept_of(cp_confusion_map *m, const char *name, size_t len)
{
    char raw[64], key[64];
    if (len >= sizeof raw)
        len = sizeof raw - 1;
    memcpy(raw, name, len);
    raw[len] = '\0';
    size_t klen = cp_text_fold(raw, key, sizeof key);
    if (!klen)
        return -2;
    if ((m->n_subjects - m->n_services + 1) * 2 > m->cap_concepts) {
        size_t cap = m->cap_concepts ? m->cap_concepts * 2 : 64;
        concept_slot *t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < m->cap_concepts; i++) {
            if (!m->concepts[i].key)
                continue;
            size_t j = hash_bytes(m->concepts[i].key, strlen(m->concepts[i].key)) & (cap - 1);
            while (t[j].key)
                j = (j + 1) & (cap - 1);
            t[j] = m->concepts[i];
        }
        free(m->concepts);
        m->concepts = t;
        m->cap_concepts = cap;
    }
    size_t mask = m->cap_concepts - 1;
    size_t j = hash_bytes(key, klen) & mask;
    for (; m->concepts[j].key; j = (j + 1) & mask)
        if (strcmp(m->concepts[j].key, key) == 0)
            return m->concepts[j].subject;
    char *copy = malloc(klen + 1 + len + 1);
    if (!copy)
        return -1;
    memcpy(copy, key, klen + 1);
    memcpy(copy + klen + 1, raw, len + 1);
    int32_t s = add_subject(m, copy + klen + 1, -1);
    if (s < 0) {
        free(copy);
        return -1;
    }
    m->owned_names[s] = copy;
    m->concepts[j] = (concept_slot){copy, s};
    return s;
}

/* A tag or contrast member: a service by one of its names, else a concept.
 * -1 out of memory, -2 nothing named. */
static int32_t subject_named(cp_confusion_map *m, const char *name, size_t len)
{
    char buf[64];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, name, len);
    buf[len] = '\0';
    long s = cp_blueprint_service_named(buf);
    return s >= 0 ? (int32_t)s : concept_of(m, buf, len);
}

static bool add_member(cp_confusion_map *m, int32_t subject)
{
    if (m->n_members == m->cap_members) {
        size_t cap = m->cap_members ? m->cap_members * 2 : 64;
        int32_t *p = realloc(m->members, cap * sizeof *p);
        if (!p)
            return false;
        m->members = p;
        m->cap_members = cap;
    }
    m->members[m->n_members++] = subject;
    return true;
}

/* The subjects of one question's options. */
static bool map_question(cp_confusion_map *m, size_t card_index, char *plain, size_t plain_size)
{
    const cp_card *card = cp_deck_card(m->deck, card_index);
    int32_t *option = m->option[card_index];
    mention found[CP_MAX_CHOICES][MAX_MENTIONS];
    size_t n_found[CP_MAX_CHOICES];
    for (size_t k = 0; k < card->n_choices; k++) {
        cp_text_plain(card->choices[k].text, plain, plain_size);
        n_found[k] = find_mentions(m, plain, found[k], MAX_MENTIONS);
    }
    for (size_t k = 0; k < card->n_choices; k++) {
        const char *tag = card->choices[k].tag;
        if (tag && *tag) {
            int32_t s = subject_named(m, tag, strlen(tag));
            if (s == -1)
                return false;
            option[k] = s;
            continue;
        }
        /* The first mention that is not the question's setting; one
         * directly followed by another gives way to it. */
        const mention *pick = NULL;
        for (size_t i = 0; i < n_found[k]; i++) {
            const mention *x = &found[k][i];
            bool everywhere = card->n_choices > 1;
            for (size_t o = 0; o < card->n_choices && everywhere; o++) {
                bool has = false;
                for (size_t j = 0; j < n_found[o] && !has; j++)
                    has = found[o][j].service == x->service;
                everywhere = has;
            }
            if (everywhere)
                continue;
            if (pick) {
                cp_text_plain(card->choices[k].text, plain, plain_size);
                bool adjacent = x->start > pick->end;
                for (size_t c = pick->end; c < x->start && adjacent; c++)
                    adjacent = plain[c] == ' ';
                if (!adjacent)
                    break;
            }
            pick = x;
        }
        option[k] = pick ? pick->service : -1;
    }
    return true;
}

static bool map_contrast(cp_confusion_map *m, size_t card_index)
{
    const cp_card *card = cp_deck_card(m->deck, card_index);
    m->member_start[card_index] = (uint32_t)m->n_members;
    for (const char *p = card->contrast; *p;) {
        size_t len = strcspn(p, ",");
        const char *s = p;
        size_t n = len;
        while (n && *s == ' ')
            s++, n--;
        while (n && s[n - 1] == ' ')
            n--;
        if (n && m->member_count[card_index] < UINT8_MAX) {
            int32_t subject = subject_named(m, s, n);
            if (subject == -1 || (subject >= 0 && !add_member(m, subject)))
                return false;
            m->member_count[card_index] += subject >= 0;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return true;
}

void cp_confusion_map_free(cp_confusion_map *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_subjects; i++)
        if (m->owned_names)
            free(m->owned_names[i]);
    free(m->owned_names);
    free(m->subjects);
    free(m->concepts);
    free(m->aliases);
    free(m->option);
    free(m->member_start);
    free(m->member_count);
    free(m->members);
    free(m->mapped);
    free(m->plain);
    free(m);
}

/* Maps card i unless it is; false when memory ran out (the card then names
 * nothing). The map is a cache of the deck: filling it in through a const
 * pointer changes nothing a caller can see. */
static bool map_card(const cp_confusion_map *cm, size_t i)
{
    cp_confusion_map *m = (cp_confusion_map *)cm;
    if (m->mapped[i])
        return true;
    m->mapped[i] = 1;
    const cp_card *card = cp_deck_card(m->deck, i);
    for (size_t k = 0; k < CP_MAX_CHOICES; k++)
        m->option[i][k] = -1;
    bool ok = true;
    if (card->type != CP_CARD_FLASHCARD)
        ok = map_question(m, i, m->plain, PLAIN_MAX);
    else if (card->contrast && *card->contrast)
        ok = map_contrast(m, i);
    if (!ok) {
        for (size_t k = 0; k < CP_MAX_CHOICES; k++)
            m->option[i][k] = -1;
        m->member_count[i] = 0;
        m->nomem = true;
    }
    return ok;
}

/* Every card mapped, and how often each subject is named. */
static void complete(const cp_confusion_map *cm)
{
    cp_confusion_map *m = (cp_confusion_map *)cm;
    if (m->complete)
        return;
    for (size_t i = 0; i < m->n_cards; i++)
        map_card(m, i);
    for (size_t i = 0; i < m->n_cards; i++) {
        for (size_t k = 0; k < CP_MAX_CHOICES; k++)
            if (m->option[i][k] >= 0)
                m->subjects[m->option[i][k]].options++;
        for (size_t k = 0; k < m->member_count[i]; k++)
            m->subjects[m->members[m->member_start[i] + k]].contrasts++;
    }
    m->complete = true;
}

static const int32_t *options_of(const cp_confusion_map *m, size_t i)
{
    map_card(m, i);
    return m->option[i];
}

cp_status cp_confusion_map_build(const cp_deck *deck, cp_confusion_map **out, cp_error *err)
{
    *out = NULL;
    cp_confusion_map *m = calloc(1, sizeof *m);
    size_t n = cp_deck_count(deck);
    if (m) {
        m->deck = deck;
        m->n_cards = n;
        m->n_services = cp_blueprint_service_count();
        m->option = malloc((n ? n : 1) * sizeof *m->option);
        m->member_start = calloc(n ? n : 1, sizeof *m->member_start);
        m->member_count = calloc(n ? n : 1, 1);
        m->mapped = calloc(n ? n : 1, 1);
        m->plain = malloc(PLAIN_MAX);
    }
    bool ok = m && m->option && m->member_start && m->member_count && m->mapped && m->plain &&
              build_aliases(m);
    for (size_t s = 0; ok && s < m->n_services; s++)
        ok = add_subject(m, cp_blueprint_service(s)->name, (long)s) == (int32_t)s;
    if (!ok) {
        cp_confusion_map_free(m);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory mapping the options");
    }
    *out = m;
    return CP_OK;
}

const cp_deck *cp_confusion_map_deck(const cp_confusion_map *m) { return m ? m->deck : NULL; }

size_t cp_confusion_subject_count(const cp_confusion_map *m)
{
    if (!m)
        return 0;
    complete(m);
    return m->n_subjects;
}

const cp_subject *cp_confusion_subject(const cp_confusion_map *m, int32_t s)
{
    if (!m || s < 0)
        return NULL;
    complete(m);
    return (size_t)s < m->n_subjects ? &m->subjects[s] : NULL;
}

int32_t cp_confusion_option(const cp_confusion_map *m, size_t card, size_t choice)
{
    if (!m || card >= m->n_cards || choice >= CP_MAX_CHOICES)
        return -1;
    return options_of(m, card)[choice];
}

size_t cp_confusion_members(const cp_confusion_map *m, size_t card, const int32_t **members)
{
    if (m && card < m->n_cards)
        map_card(m, card);
    if (!m || card >= m->n_cards || !m->member_count[card]) {
        if (members)
            *members = NULL;
        return 0;
    }
    if (members)
        *members = &m->members[m->member_start[card]];
    return m->member_count[card];
}

static bool has_member(const cp_confusion_map *m, size_t card, int32_t s)
{
    const int32_t *members;
    size_t n = cp_confusion_members(m, card, &members);
    for (size_t k = 0; k < n; k++)
        if (members[k] == s)
            return true;
    return false;
}

/* Whether card is keyed on `keyed` (an option of it correct) and offers
 * `offered` (an option of it not correct). */
static bool keyed_offering(const cp_confusion_map *m, size_t card, int32_t keyed, int32_t offered)
{
    const cp_card *c = cp_deck_card(m->deck, card);
    const int32_t *option = options_of(m, card);
    bool has_key = false, has_offer = false;
    for (size_t k = 0; k < c->n_choices; k++) {
        int32_t s = option[k];
        has_key = has_key || (c->choices[k].correct && s == keyed);
        has_offer = has_offer || (!c->choices[k].correct && s == offered);
    }
    return has_key && has_offer;
}

bool cp_confusion_separates(const cp_confusion_map *m, size_t card, int32_t a, int32_t b)
{
    if (!m || card >= m->n_cards || a < 0 || b < 0 || a == b)
        return false;
    if (cp_confusion_members(m, card, NULL))
        return has_member(m, card, a) && has_member(m, card, b);
    return keyed_offering(m, card, a, b) || keyed_offering(m, card, b, a);
}

/* Whether plain text names subject s. */
static bool text_names(const cp_confusion_map *m, const char *plain, int32_t s)
{
    const cp_subject *sub = cp_confusion_subject(m, s);
    if (!sub)
        return false;
    if (sub->service >= 0) {
        /* As options are read: "IAM" inside "IAM Identity Center" is not IAM. */
        mention found[8 * MAX_MENTIONS];      /* a whole explanation */
        size_t n = find_mentions(m, plain, found, sizeof found / sizeof found[0]);
        for (size_t i = 0; i < n; i++)
            if (found[i].service == (int32_t)sub->service)
                return true;
        return false;
    }
    char key[64], folded[PLAIN_MAX];
    size_t n = cp_text_fold(sub->name, key, sizeof key);
    cp_text_fold(plain, folded, sizeof folded);
    for (const char *p = strstr(folded, key); p && n; p = strstr(p + 1, key))
        if ((p == folded || !word_char(p[-1])) && !word_char(p[n]))
            return true;
    return false;
}

/* Copies text[0..n) into out, trimmed, as one line. */
static void copy_line(const char *text, size_t n, char *out, size_t size)
{
    while (n && (*text == ' ' || *text == '\n'))
        text++, n--;
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\n'))
        n--;
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < size; i++)
        out[k++] = text[i] == '\n' ? ' ' : text[i];
    if (size)
        out[k] = '\0';
}

long cp_confusion_difference(const cp_confusion_map *m, int32_t keyed, int32_t chosen, char *out,
                             size_t size)
{
    if (size)
        out[0] = '\0';
    if (!m || keyed < 0 || chosen < 0 || keyed == chosen)
        return -1;
    char *plain = malloc(PLAIN_MAX);
    if (!plain)
        return -1;
    long best = -1, best_question = -1, first_question = -1;
    size_t best_members = SIZE_MAX;
    complete(m);
    for (size_t i = 0; i < m->n_cards; i++) {
        size_t members = m->member_count[i];
        if (members && members < best_members && has_member(m, i, keyed) && has_member(m, i, chosen)) {
            best = (long)i;
            best_members = members;
        }
        if (best < 0 && best_question < 0 && !members && keyed_offering(m, i, keyed, chosen)) {
            if (first_question < 0)
                first_question = (long)i;
            cp_text_plain(cp_deck_card(m->deck, i)->answer, plain, PLAIN_MAX);
            if (text_names(m, plain, keyed) && text_names(m, plain, chosen))
                best_question = (long)i;
        }
    }
    if (best >= 0) {
        /* A contrast card: the back's first paragraph. */
        cp_text_plain(cp_deck_card(m->deck, (size_t)best)->answer, plain, PLAIN_MAX);
        const char *end = strstr(plain, "\n\n");
        copy_line(plain, end ? (size_t)(end - plain) : strlen(plain), out, size);
        free(plain);
        return best;
    }
    if (best_question < 0)
        best_question = first_question;
    if (best_question < 0) {
        free(plain);
        return -1;
    }
    /* The explanation's sentence that names the chosen one, else its first. */
    cp_text_plain(cp_deck_card(m->deck, (size_t)best_question)->answer, plain, PLAIN_MAX);
    const char *first = NULL;
    size_t first_len = 0;
    for (char *s = plain; *s;) {
        size_t len = 0;
        while (s[len] && !((s[len] == '.' || s[len] == '?' || s[len] == '!') &&
                           (s[len + 1] == ' ' || s[len + 1] == '\n' || !s[len + 1])) &&
               !(s[len] == '\n' && s[len + 1] == '\n'))
            len++;
        if (s[len] && s[len] != '\n')
            len++;              /* keep the full stop */
        char save = s[len];
        s[len] = '\0';
        bool names = text_names(m, s, chosen);
        s[len] = save;
        if (!first) {
            first = s;
            first_len = len;
        }
        if (names) {
            first = s;
            first_len = len;
            break;
        }
        s += len;
        while (*s == ' ' || *s == '\n')
            s++;
    }
    copy_line(first ? first : "", first_len, out, size);
    free(plain);
    return best_question;
}

/* ---- the tally ---------------------------------------------------------------- */

typedef struct pair_acc {
    int32_t keyed, chosen;
    cp_time ref;                /* the sums are as of this time */
    double misses, offers;      /* decayed to ref */
    uint32_t n_misses, n_offers;
    cp_time last_miss, last_offer;
    bool ever_confused;         /* confused just after one of its answers */
} pair_acc;

typedef struct tally_settings {
    double half_life_s, a, b, threshold, flashcard_weight;
    cp_time repeat_s;
    int min_misses;
} tally_settings;

struct cp_confusion {
    const cp_confusion_map *map;
    tally_settings s;
    cp_time *counted;           /* per card: when an answer to it last counted; 0 never */
    pair_acc *pairs;
    size_t n_pairs, cap_pairs;
    int32_t *slots;             /* hash of (keyed, chosen) -> pair index + 1 */
    size_t cap_slots;
};

static tally_settings settings_of(const cp_confusion_desc *d)
{
    cp_confusion_desc zero = {0};
    if (!d)
        d = &zero;
    tally_settings s;
    s.half_life_s = (d->half_life_days > 0 ? d->half_life_days : 30.0) * CP_DAY_SECONDS;
    s.a = d->prior_misses > 0 ? d->prior_misses : 0.3;
    s.b = d->prior_rights > 0 ? d->prior_rights : 2.7;
    s.threshold = d->threshold > 0 ? d->threshold : 0.3;
    s.min_misses = d->min_misses > 0 ? d->min_misses : 2;
    s.flashcard_weight = d->flashcard_weight > 0 ? d->flashcard_weight : 0.5;
    s.repeat_s = d->repeat_hours < 0 ? 0 : (cp_time)((d->repeat_hours > 0 ? d->repeat_hours : 20.0) * 3600);
    return s;
}

cp_status cp_confusion_new(const cp_confusion_map *map, const cp_confusion_desc *desc,
                           cp_confusion **out, cp_error *err)
{
    *out = NULL;
    if (!map)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "confusion: no map");
    cp_confusion *t = calloc(1, sizeof *t);
    if (t)
        t->counted = calloc(map->n_cards ? map->n_cards : 1, sizeof *t->counted);
    if (!t || !t->counted) {
        free(t);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    t->map = map;
    t->s = settings_of(desc);
    *out = t;
    return CP_OK;
}

void cp_confusion_free(cp_confusion *t)
{
    if (!t)
        return;
    free(t->pairs);
    free(t->slots);
    free(t->counted);
    free(t);
}

void cp_confusion_clear(cp_confusion *t)
{
    if (!t)
        return;
    t->n_pairs = 0;
    memset(t->counted, 0, (t->map->n_cards ? t->map->n_cards : 1) * sizeof *t->counted);
    if (t->slots)
        memset(t->slots, 0, t->cap_slots * sizeof *t->slots);
}

const cp_confusion_map *cp_confusion_tally_map(const cp_confusion *t) { return t ? t->map : NULL; }

cp_confusion_desc cp_confusion_settings(const cp_confusion *t)
{
    const tally_settings *s = &t->s;
    return (cp_confusion_desc){.half_life_days = s->half_life_s / CP_DAY_SECONDS, .prior_misses = s->a,
                               .prior_rights = s->b, .threshold = s->threshold,
                               .min_misses = s->min_misses, .flashcard_weight = s->flashcard_weight,
                               .repeat_hours = s->repeat_s > 0 ? (double)s->repeat_s / 3600.0 : -1.0};
}

static size_t slot_of(size_t cap, int32_t keyed, int32_t chosen)
{
    uint64_t k = ((uint64_t)(uint32_t)keyed << 32) | (uint32_t)chosen;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

static const pair_acc *find_pair(const cp_confusion *t, int32_t keyed, int32_t chosen)
{
    if (!t->cap_slots)
        return NULL;
    for (size_t j = slot_of(t->cap_slots, keyed, chosen);; j = (j + 1) & (t->cap_slots - 1)) {
        int32_t v = t->slots[j];
        if (!v)
            return NULL;
        const pair_acc *p = &t->pairs[v - 1];
        if (p->keyed == keyed && p->chosen == chosen)
            return p;
    }
}

/* The pair, added when new; NULL when out of memory. */
static pair_acc *get_pair(cp_confusion *t, int32_t keyed, int32_t chosen)
{
    pair_acc *found = (pair_acc *)find_pair(t, keyed, chosen);
    if (found)
        return found;
    if ((t->n_pairs + 1) * 2 > t->cap_slots) {
        size_t cap = t->cap_slots ? t->cap_slots * 2 : 256;
        int32_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < t->n_pairs; i++) {
            size_t j = slot_of(cap, t->pairs[i].keyed, t->pairs[i].chosen);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = (int32_t)i + 1;
        }
        free(t->slots);
        t->slots = slots;
        t->cap_slots = cap;
    }
    if (t->n_pairs == t->cap_pairs) {
        size_t cap = t->cap_pairs ? t->cap_pairs * 2 : 128;
        pair_acc *p = realloc(t->pairs, cap * sizeof *p);
        if (!p)
            return NULL;
        t->pairs = p;
        t->cap_pairs = cap;
    }
    size_t j = slot_of(t->cap_slots, keyed, chosen);
    while (t->slots[j])
        j = (j + 1) & (t->cap_slots - 1);
    t->slots[j] = (int32_t)t->n_pairs + 1;
    pair_acc *p = &t->pairs[t->n_pairs++];
    *p = (pair_acc){.keyed = keyed, .chosen = chosen};
    return p;
}

/* The weight an answer at `at` has at time `ref`. */
static double decay(const tally_settings *s, cp_time from, cp_time to)
{
    if (to <= from)
        return 1.0;
    return exp2(-(double)(to - from) / s->half_life_s);
}

static void count(const tally_settings *s, pair_acc *p, double weight, bool miss, bool question,
                  cp_time at)
{
    if (p->n_offers == 0 && p->offers == 0.0) {
        p->ref = at;
    } else if (at > p->ref) {
        double f = decay(s, p->ref, at);
        p->misses *= f;
        p->offers *= f;
        p->ref = at;
    } else {
        weight *= decay(s, at, p->ref);
    }
    p->offers += weight;
    if (question) {
        p->n_offers++;
        if (at > p->last_offer)
            p->last_offer = at;
    }
    if (miss) {
        p->misses += weight;
        p->n_misses++;
        if (at > p->last_miss)
            p->last_miss = at;
    }
    if ((p->misses + s->a) / (p->offers + s->a + s->b) >= s->threshold && (int)p->n_misses >= s->min_misses)
        p->ever_confused = true;
}

/* One answer's subjects: the keyed ones (and which were missed), the
 * offered ones, and the wrong ones chosen. */
typedef struct answer_sets {
    int32_t keyed[CP_MAX_CHOICES], offered[CP_MAX_CHOICES], wrong[CP_MAX_CHOICES];
    bool missed[CP_MAX_CHOICES];
    size_t n_keyed, n_offered, n_wrong;
} answer_sets;

static bool in_set(const int32_t *set, size_t n, int32_t s)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == s)
            return true;
    return false;
}

static void sets_of(const cp_confusion_map *m, const cp_card *card, size_t index, uint32_t chosen,
                    answer_sets *a)
{
    memset(a, 0, sizeof *a);
    const int32_t *option = options_of(m, index);
    for (size_t k = 0; k < card->n_choices; k++) {
        int32_t s = option[k];
        if (s < 0 || !card->choices[k].correct)
            continue;
        bool picked = chosen & (1u << k);
        size_t i = 0;
        while (i < a->n_keyed && a->keyed[i] != s)
            i++;
        if (i == a->n_keyed) {
            a->keyed[a->n_keyed] = s;
            a->missed[a->n_keyed++] = !picked;
        } else {
            a->missed[i] = a->missed[i] && !picked;
        }
    }
    for (size_t k = 0; k < card->n_choices; k++) {
        int32_t s = option[k];
        /* An option naming what a key names sets nothing apart. */
        if (s < 0 || card->choices[k].correct || in_set(a->keyed, a->n_keyed, s))
            continue;
        if (!in_set(a->offered, a->n_offered, s))
            a->offered[a->n_offered++] = s;
        if ((chosen & (1u << k)) && !in_set(a->wrong, a->n_wrong, s))
            a->wrong[a->n_wrong++] = s;
    }
}

cp_status cp_confusion_add(cp_confusion *t, size_t card_index, uint32_t chosen, int rating,
                           cp_time at, cp_error *err)
{
    const cp_confusion_map *m = t->map;
    if (card_index >= m->n_cards)
        return CP_OK;
    const cp_card *card = cp_deck_card(m->deck, card_index);
    bool question = card->type != CP_CARD_FLASHCARD;
    if (!map_card(m, card_index))
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory mapping the options");
    if ((question && !chosen) || (!question && (rating <= CP_AGAIN || !m->member_count[card_index])))
        return CP_OK;
    /* A card answered again soon after (a learning step, the explanation
     * just read) shows memory of that card, not the distinction. */
    cp_time *last = &t->counted[card_index];
    if (*last && (at > *last ? at - *last : *last - at) < t->s.repeat_s)
        return CP_OK;
    *last = at;
    if (!question) {
        const int32_t *members;
        size_t n = cp_confusion_members(m, card_index, &members);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                if (members[i] == members[j])
                    continue;
                pair_acc *p = get_pair(t, members[i], members[j]);
                if (!p)
                    return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
                count(&t->s, p, t->s.flashcard_weight, false, false, at);
            }
        return CP_OK;
    }
    answer_sets a;
    sets_of(m, card, card_index, chosen, &a);
    for (size_t i = 0; i < a.n_keyed; i++)
        for (size_t j = 0; j < a.n_offered; j++) {
            pair_acc *p = get_pair(t, a.keyed[i], a.offered[j]);
            if (!p)
                return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
            bool miss = a.missed[i] && in_set(a.wrong, a.n_wrong, a.offered[j]);
            count(&t->s, p, 1.0, miss, true, at);
        }
    return CP_OK;
}

static cp_confusion_pair pair_at(const cp_confusion *t, const pair_acc *p, cp_time now)
{
    double f = decay(&t->s, p->ref, now);
    cp_confusion_pair out = {
        .keyed = p->keyed, .chosen = p->chosen, .misses = p->n_misses, .offers = p->n_offers,
        .weighted_misses = p->misses * f, .weighted_offers = p->offers * f,
        .last_miss = p->last_miss, .last_offer = p->last_offer,
    };
    out.score = (out.weighted_misses + t->s.a) / (out.weighted_offers + t->s.a + t->s.b);
    out.confused = out.score >= t->s.threshold && (int)p->n_misses >= t->s.min_misses;
    out.was_confused = p->ever_confused;
    return out;
}

cp_confusion_pair cp_confusion_get(const cp_confusion *t, int32_t keyed, int32_t chosen, cp_time now)
{
    const pair_acc *p = t ? find_pair(t, keyed, chosen) : NULL;
    if (p)
        return pair_at(t, p, now);
    cp_confusion_pair none = {.keyed = keyed, .chosen = chosen};
    if (t)
        none.score = t->s.a / (t->s.a + t->s.b);
    return none;
}

static int cmp_pairs(const void *x, const void *y)
{
    const cp_confusion_pair *a = x, *b = y;
    if (a->confused != b->confused)
        return a->confused ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->misses != b->misses)
        return a->misses > b->misses ? -1 : 1;
    if (a->keyed != b->keyed)
        return a->keyed < b->keyed ? -1 : 1;
    return (a->chosen > b->chosen) - (a->chosen < b->chosen);
}

cp_status cp_confusion_list(const cp_confusion *t, cp_time now, cp_confusion_pair **out, size_t *n,
                            cp_error *err)
{
    *out = NULL;
    *n = 0;
    size_t count_missed = 0;
    for (size_t i = 0; t && i < t->n_pairs; i++)
        count_missed += t->pairs[i].n_misses > 0;
    if (!count_missed)
        return CP_OK;
    cp_confusion_pair *list = malloc(count_missed * sizeof *list);
    if (!list)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < t->n_pairs; i++)
        if (t->pairs[i].n_misses)
            list[k++] = pair_at(t, &t->pairs[i], now);
    qsort(list, k, sizeof *list, cmp_pairs);
    *out = list;
    *n = k;
    return CP_OK;
}

bool cp_confusion_explain(const cp_confusion *t, size_t card_index, uint32_t chosen, cp_time now,
                          cp_confusion_pair *pair)
{
    if (!t || card_index >= t->map->n_cards || !chosen)
        return false;
    const cp_card *card = cp_deck_card(t->map->deck, card_index);
    if (card->type == CP_CARD_FLASHCARD)
        return false;
    answer_sets a;
    sets_of(t->map, card, card_index, chosen, &a);
    bool found = false;
    for (size_t i = 0; i < a.n_keyed; i++) {
        if (!a.missed[i])
            continue;
        for (size_t j = 0; j < a.n_wrong; j++) {
            cp_confusion_pair p = cp_confusion_get(t, a.keyed[i], a.wrong[j], now);
            if (p.confused && (!found || p.score > pair->score)) {
                *pair = p;
                found = true;
            }
        }
    }
    return found;
}

size_t cp_confusion_separating(const cp_confusion *t, cp_time now, uint8_t *boost)
{
    const cp_confusion_map *m = t->map;
    memset(boost, 0, m->n_cards ? m->n_cards : 1);
    /* The confused pairs, each once whichever way round. */
    enum { MAX_BOOSTED_PAIRS = 64 };
    int32_t a[MAX_BOOSTED_PAIRS], b[MAX_BOOSTED_PAIRS];
    size_t n = 0;
    for (size_t i = 0; i < t->n_pairs && n < MAX_BOOSTED_PAIRS; i++) {
        if (!t->pairs[i].n_misses || !pair_at(t, &t->pairs[i], now).confused)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = (a[k] == t->pairs[i].chosen && b[k] == t->pairs[i].keyed) ||
                   (a[k] == t->pairs[i].keyed && b[k] == t->pairs[i].chosen);
        if (!seen) {
            a[n] = t->pairs[i].keyed;
            b[n++] = t->pairs[i].chosen;
        }
    }
    size_t marked = 0;
    for (size_t c = 0; n && c < m->n_cards; c++) {
        for (size_t k = 0; k < n && !boost[c]; k++)
            boost[c] = cp_confusion_separates(m, c, a[k], b[k]);
        marked += boost[c];
    }
    return marked;
}

void cp_confusion_ordinal(uint32_t n, char *out, size_t size)
{
    static const char *const words[] = {"", "first", "second", "third", "fourth", "fifth",
                                        "sixth", "seventh", "eighth", "ninth", "tenth"};
    if (n >= 1 && n <= 10) {
        snprintf(out, size, "%s", words[n]);
        return;
    }
    const char *suffix = "th";
    if (n % 100 < 11 || n % 100 > 13)
        suffix = n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    snprintf(out, size, "%u%s", (unsigned)n, suffix);
}
