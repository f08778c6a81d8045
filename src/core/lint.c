/* Lint: quality warnings about valid cards, one table row per rule.
 *
 * A card rule looks at one prepared question (plain stem, options and
 * explanation, the options' lengths and the services each names) and warns
 * at the card's heading or an option's line. A bank rule looks at all the
 * cards: the share of single-answer questions whose keyed option is the
 * strictly longest, and near-duplicate stems and fronts (lint_dup.c).
 * Warnings are collected, then sorted into deck order with the bank's last.
 * The heuristics and their measured effect on the bundled bank are in
 * docs/deck-format.md ("Lint"). */
#include "lint_impl.h"
#include "cloudprep/blueprint.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the shape of a rule (the table follows the rules, below) ------------------ */

typedef struct item item;
typedef struct run run;

typedef struct rule {
    cp_lint_rule_info info;
    void (*card)(run *r, const item *it);   /* NULL for a bank rule */
    void (*bank)(run *r);
} rule;

/* ---- one question, prepared -------------------------------------------------- */

char *cp_lint_plain(const char *text)
{
    size_t n = strlen(text);
    char *p = malloc(n + 1);
    if (p)
        cp_text_plain(text, p, n + 1);
    return p;
}

struct item {
    long index;
    const cp_card *card;
    char *stem, *answer;                    /* plain */
    char *option[CP_MAX_CHOICES];           /* plain */
    size_t length[CP_MAX_CHOICES];          /* characters, trimmed */
    cp_services services[CP_MAX_CHOICES];
    cp_services answer_services, key_services;
    size_t n_keys;
};

struct run {
    const cp_deck *deck;
    cp_lint_desc desc;
    cp_lint *lint;
    cp_stemmer *stemmer;
    cp_service_finder *finder;
    cp_hashset keys, explanation, acronyms;    /* scratch for distractor_unexplained */
};

/* Code points of s, leading and trailing blanks left out. */
static size_t text_length(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t n = 0, end = 0;
    for (const char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xc0) != 0x80)
            n++;
        if (*p != ' ' && *p != '\t' && *p != '\n')
            end = n;
    }
    return end;
}

static void item_free(item *it)
{
    free(it->stem);
    free(it->answer);
    for (size_t i = 0; i < CP_MAX_CHOICES; i++)
        free(it->option[i]);
}

static bool item_prepare(run *r, long index, item *it)
{
    const cp_card *c = cp_deck_card(r->deck, (size_t)index);
    *it = (item){.index = index, .card = c};
    it->stem = cp_lint_plain(c->stem);
    it->answer = cp_lint_plain(c->answer);
    if (!it->stem || !it->answer)
        return false;
    cp_services_in(r->finder, it->answer, &it->answer_services);
    for (size_t i = 0; i < c->n_choices; i++) {
        it->option[i] = cp_lint_plain(c->choices[i].text);
        if (!it->option[i])
            return false;
        it->length[i] = text_length(it->option[i]);
        cp_services_in(r->finder, it->option[i], &it->services[i]);
        if (c->choices[i].correct) {
            it->n_keys++;
            for (size_t k = 0; k < CP_LINT_SERVICE_WORDS; k++)
                it->key_services.bit[k] |= it->services[i].bit[k];
        }
    }
    return true;
}

/* "Amazon RDS Multi-AZ deploym..." for a message. */
static const char *clip(const char *s, char *out, size_t size)
{
    size_t n = strlen(s);
    if (n < size) {
        memcpy(out, s, n + 1);
        return out;
    }
    size_t k = size - 4;
    while (k && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    memcpy(out, s, k);
    memcpy(out + k, "...", 4);
    return out;
}

/* ---- per-card rules ----------------------------------------------------------- */

/* The keyed option much longer than every distractor. */
static void length_cue(run *r, const item *it)
{
    size_t key_min = SIZE_MAX, dist_max = 0, at = 0;
    for (size_t i = 0; i < it->card->n_choices; i++) {
        if (it->card->choices[i].correct) {
            if (it->length[i] < key_min) {
                key_min = it->length[i];
                at = i;
            }
        } else if (it->length[i] > dist_max) {
            dist_max = it->length[i];
        }
    }
    if (!dist_max || key_min == SIZE_MAX || (double)key_min <= r->desc.length_ratio * (double)dist_max)
        return;
    cp_lint_warn(r->lint, r->deck, "length-cue", it->index, it->card->choices[at].line,
                 "%s %.1f times as long as the longest distractor (%zu vs %zu characters): "
                 "the longest option gives the answer away; shorten it or lengthen the distractors",
                 it->n_keys > 1 ? "every keyed option is at least" : "the keyed option is",
                 (double)key_min / (double)dist_max, key_min, dist_max);
}

static const char *const count_words[] = {"two", "three", "four", "five"};

static void choose_n(run *r, const item *it)
{
    char lower[4096];
    size_t n = 0;
    for (const char *p = it->stem; *p && n + 1 < sizeof lower; p++)
        lower[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    lower[n] = '\0';
    if (it->card->type == CP_CARD_SINGLE) {
        bool says = strstr(lower, "(choose ") != NULL;
        for (size_t k = 0; k < 4 && !says; k++) {
            char phrase[32];
            snprintf(phrase, sizeof phrase, "choose %s", count_words[k]);
            says = strstr(lower, phrase) != NULL;
        }
        if (says)
            cp_lint_warn(r->lint, r->deck, "choose-n", it->index, it->card->line,
                         "a single-answer stem says how many to choose: only a multiple-response "
                         "stem ends with '(Choose two.)' or '(Choose three.)'");
        return;
    }
    if (it->card->type != CP_CARD_MULTI || it->n_keys < 2 || it->n_keys > 5)
        return;
    char want[32];
    snprintf(want, sizeof want, "(Choose %s.)", count_words[it->n_keys - 2]);
    size_t len = strlen(it->stem), wl = strlen(want);
    while (len && (it->stem[len - 1] == ' ' || it->stem[len - 1] == '\n'))
        len--;
    if (len < wl || strncmp(it->stem + len - wl, want, wl) != 0)
        cp_lint_warn(r->lint, r->deck, "choose-n", it->index, it->card->line,
                     "a multiple-response stem ends with '%s' (%zu options are keyed), "
                     "written exactly so", want, it->n_keys);
}

/* Lowercase words of s, one space apart, without a leading article. */
static void normalise(const char *s, char *out, size_t size)
{
    size_t n = 0, pos = 0;
    cp_word w;
    bool first = true;
    while (cp_lint_next_word(s, &pos, &w)) {
        char lower[CP_LINT_WORD_MAX];
        size_t len = cp_lint_lower(&w, lower);
        if (first && (strcmp(lower, "a") == 0 || strcmp(lower, "an") == 0 || strcmp(lower, "the") == 0)) {
            first = false;
            continue;
        }
        first = false;
        if (n + len + 2 >= size)
            break;
        if (n)
            out[n++] = ' ';
        memcpy(out + n, lower, len);
        n += len;
    }
    out[n] = '\0';
}

static void option_duplicate(run *r, const item *it)
{
    char norm[CP_MAX_CHOICES][512];
    for (size_t i = 0; i < it->card->n_choices; i++) {
        normalise(it->option[i], norm[i], sizeof norm[i]);
        for (size_t j = 0; j < i; j++)
            if (norm[i][0] && strcmp(norm[i], norm[j]) == 0) {
                cp_lint_warn(r->lint, r->deck, "option-duplicate", it->index, it->card->choices[i].line,
                             "this option reads the same as the one on line %u once case, "
                             "punctuation and a leading article are set aside",
                             it->card->choices[j].line);
                break;
            }
    }
}

static void option_above(run *r, const item *it)
{
    static const char *const phrases[] = {
        " all of the above ", " none of the above ", " all the above ", " none of these ",
        " all of these ", " both of the above ",
    };
    for (size_t i = 0; i < it->card->n_choices; i++) {
        char norm[520] = " ";
        normalise(it->option[i], norm + 1, sizeof norm - 2);
        strcat(norm, " ");
        for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++)
            if (strstr(norm, phrases[k])) {
                cp_lint_warn(r->lint, r->deck, "option-above", it->index, it->card->choices[i].line,
                             "'%.*s' refers to the other options, which the app shuffles "
                             "(and it is a give-away on the exam): write a real choice",
                             (int)strlen(phrases[k]) - 2, phrases[k] + 1);
                break;
            }
    }
}

/* The stems of the content words of text into set; false: out of memory. */
static bool stems_of(run *r, const char *text, cp_hashset *set)
{
    size_t pos = 0;
    cp_word w;
    while (cp_lint_next_word(text, &pos, &w)) {
        char lower[CP_LINT_WORD_MAX], stem[CP_LINT_WORD_MAX];
        size_t len = cp_lint_lower(&w, lower);
        bool stop;
        size_t sl = cp_stem(r->stemmer, lower, len, stem, &stop);
        if (!sl)
            return false;
        if (!stop && !cp_hashset_add(set, cp_lint_hash(CP_LINT_HASH0, stem, sl)))
            return false;
    }
    cp_hashset_seal(set);
    return true;
}

/* An acronym the explanation uses: "AZ", "TAMs" -> "az", "tam". */
static bool acronyms_of(const char *text, cp_hashset *set)
{
    size_t pos = 0;
    cp_word w;
    while (cp_lint_next_word(text, &pos, &w)) {
        size_t n = w.len, letters = 0;
        if (n >= 3 && w.at[n - 1] == 's')
            n--;
        bool upper = true;
        for (size_t i = 0; i < n && upper; i++) {
            upper = (w.at[i] >= 'A' && w.at[i] <= 'Z') || (w.at[i] >= '0' && w.at[i] <= '9');
            letters += w.at[i] >= 'A' && w.at[i] <= 'Z';
        }
        if (!upper || letters < 2 || n >= CP_LINT_WORD_MAX)
            continue;
        char lower[CP_LINT_WORD_MAX];
        cp_word cut = {w.at, n};
        size_t len = cp_lint_lower(&cut, lower);
        if (!cp_hashset_add(set, cp_lint_hash(CP_LINT_HASH0, lower, len)))
            return false;
    }
    cp_hashset_seal(set);
    return true;
}

/* The stem, or the same word with "un", "re" or "non" put on or taken off
 * ("encrypted" answers "unencrypted", "create" answers "recreate"). */
static bool echoed(const cp_hashset *set, const char *stem, size_t len)
{
    static const char *const prefixes[] = {"un", "re", "non"};
    if (cp_hashset_has(set, cp_lint_hash(CP_LINT_HASH0, stem, len)))
        return true;
    for (size_t k = 0; k < 3; k++) {
        size_t pl = strlen(prefixes[k]);
        if (cp_hashset_has(set, cp_lint_hash(cp_lint_hash(CP_LINT_HASH0, prefixes[k], pl), stem, len)))
            return true;
        if (len > pl + 2 && strncmp(stem, prefixes[k], pl) == 0 &&
            cp_hashset_has(set, cp_lint_hash(CP_LINT_HASH0, stem + pl, len - pl)))
            return true;
    }
    return false;
}

enum { MAX_OPTION_WORDS = 32 };

/* Every distractor should be named or addressed in the explanation. One
 * is addressed when the explanation names a service the distractor names
 * (and no key does), or uses one of its distinctive words: a content word
 * (no stopword) that no keyed option uses, compared by stem, with un-/re-/
 * non- on or off, or as the initials of a run of its words ("AZ" for
 * "Availability Zone"). A distractor with no distinctive word cannot be
 * judged; one with a single distinctive word among three or more content
 * words is too weak a signal. */
static void distractor_unexplained(run *r, const item *it)
{
    cp_hashset_clear(&r->keys);
    cp_hashset_clear(&r->explanation);
    cp_hashset_clear(&r->acronyms);
    bool ok = stems_of(r, it->answer, &r->explanation) && acronyms_of(it->answer, &r->acronyms);
    for (size_t i = 0; ok && i < it->card->n_choices; i++)
        if (it->card->choices[i].correct)
            ok = stems_of(r, it->option[i], &r->keys);
    if (!ok) {
        r->lint->nomem = true;
        return;
    }
    for (size_t i = 0; i < it->card->n_choices; i++) {
        if (it->card->choices[i].correct)
            continue;
        cp_services own = it->services[i];
        cp_services_remove(&own, &it->key_services);
        if (cp_services_meet(&own, &it->answer_services))
            continue;
        /* The distractor's words: lowercased, stemmed, distinctive or not. */
        char word[MAX_OPTION_WORDS][CP_LINT_WORD_MAX], stem[MAX_OPTION_WORDS][CP_LINT_WORD_MAX];
        size_t stem_len[MAX_OPTION_WORDS];
        bool content[MAX_OPTION_WORDS], distinct[MAX_OPTION_WORDS];
        size_t n = 0, n_content = 0, n_distinct = 0, pos = 0;
        cp_word w;
        bool hit = false;
        while (n < MAX_OPTION_WORDS && cp_lint_next_word(it->option[i], &pos, &w)) {
            size_t len = cp_lint_lower(&w, word[n]);
            bool stop = true;
            stem_len[n] = cp_stem(r->stemmer, word[n], len, stem[n], &stop);
            if (!stem_len[n]) {
                r->lint->nomem = true;
                return;
            }
            content[n] = !stop;
            distinct[n] = false;
            if (content[n] && stem_len[n]) {
                bool seen = false;
                for (size_t k = 0; k < n; k++)
                    seen |= stem_len[k] == stem_len[n] && strcmp(stem[k], stem[n]) == 0;
                n_content += !seen;
                uint64_t h = cp_lint_hash(CP_LINT_HASH0, stem[n], stem_len[n]);
                distinct[n] = !seen && !cp_hashset_has(&r->keys, h);
                n_distinct += distinct[n];
                hit |= distinct[n] && echoed(&r->explanation, stem[n], stem_len[n]);
            }
            n++;
        }
        /* Initials of 2 to 4 consecutive content words. */
        for (size_t a = 0; a < n && !hit; a++)
            for (size_t b = a + 1; b < n && b < a + 4 && content[b] && content[a]; b++) {
                char initials[8];
                bool any_distinct = distinct[a];
                for (size_t k = a; k <= b; k++) {
                    initials[k - a] = word[k][0];
                    any_distinct |= distinct[k];
                }
                if (any_distinct &&
                    cp_hashset_has(&r->acronyms, cp_lint_hash(CP_LINT_HASH0, initials, b - a + 1)))
                    hit = true;
            }
        if (hit || n_distinct == 0 || (n_distinct == 1 && n_content > 2))
            continue;
        char list[200] = "";
        for (size_t k = 0, shown = 0; k < n && shown < 5; k++)
            if (distinct[k]) {
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%.47s'",
                         shown++ ? ", " : "", word[k]);
            }
        cp_lint_warn(r->lint, r->deck, "distractor-unexplained", it->index, it->card->choices[i].line,
                     "the explanation does not address this distractor: none of %s appears in it%s; "
                     "say why it is wrong", list,
                     cp_services_any(&own) ? ", nor the service it names" : "");
    }
}

/* The blueprint categories of the services in s, at most `max` of them. */
typedef struct category_list {
    char name[200];
} category_list;

static category_list categories(const cp_services *s, size_t max)
{
    category_list out = {""};
    const char *seen[8];
    size_t n = 0;
    for (size_t i = 0; i < cp_blueprint_service_count() && n < max && n < 8; i++) {
        if (!cp_services_has(s, i))
            continue;
        const char *cat = cp_blueprint_service(i)->category;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= strcmp(seen[k], cat) == 0;
        if (dup)
            continue;
        seen[n++] = cat;
        snprintf(out.name + strlen(out.name), sizeof out.name - strlen(out.name), "%s%s",
                 n > 1 ? "; " : "", cat);
    }
    return out;
}

/* The rubric (docs/deck-format.md): a multiple-response item is at least
 * medium; a hard item's distractors are look-alikes of the key's category,
 * never services of unrelated ones. */
static void difficulty(run *r, const item *it)
{
    const cp_card *c = it->card;
    if (c->difficulty == CP_DIFF_EASY && c->type == CP_CARD_MULTI) {
        cp_lint_warn(r->lint, r->deck, "difficulty", it->index, c->line,
                     "labelled easy, but choosing %zu options is at least medium by the rubric",
                     it->n_keys);
        return;
    }
    if (c->difficulty != CP_DIFF_HARD || !cp_services_any(&it->key_services))
        return;
    uint32_t key_families = cp_service_families(r->finder, &it->key_services);
    char off[320] = "";
    size_t n_off = 0, at = 0;
    for (size_t i = 0; i < c->n_choices; i++) {
        if (c->choices[i].correct || !cp_services_any(&it->services[i]))
            continue;
        uint32_t families = cp_service_families(r->finder, &it->services[i]);
        if (families & key_families)
            continue;
        if (!n_off++)
            at = i;
        if (n_off <= 2) {
            char shown[48];
            snprintf(off + strlen(off), sizeof off - strlen(off), "%s'%s' is %s",
                     n_off > 1 ? "; " : "", clip(it->option[i], shown, sizeof shown),
                     categories(&it->services[i], 1).name);
        }
    }
    if (!n_off)
        return;
    cp_lint_warn(r->lint, r->deck, "difficulty", it->index, c->choices[at].line,
                 "labelled hard, but %zu distractor%s from a category unrelated to the key's (%s): "
                 "%s%s; use look-alikes or label it medium",
                 n_off, n_off > 1 ? "s are" : " is", categories(&it->key_services, 3).name, off,
                 n_off > 2 ? "; ..." : "");
}

/* ---- bank rules ------------------------------------------------------------ */

typedef struct file_share {
    const char *file;
    size_t questions, longest;
} file_share;

static int by_share(const void *a, const void *b)
{
    const file_share *x = a, *y = b;
    double sx = (double)x->longest / (double)x->questions, sy = (double)y->longest / (double)y->questions;
    return sx < sy ? 1 : sx > sy ? -1 : strcmp(x->file, y->file);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Over all single-answer questions: how often the keyed option is the
 * strictly longest, against 1 / (number of options) by chance. */
static void length_share(run *r)
{
    size_t n_cards = cp_deck_count(r->deck), questions = 0, longest = 0, n_files = 0;
    double chance = 0;
    file_share *files = NULL;
    for (size_t i = 0; i < n_cards; i++) {
        const cp_card *c = cp_deck_card(r->deck, i);
        if (c->type != CP_CARD_SINGLE || c->n_choices < 2)
            continue;
        size_t key = 0, others = 0;
        char buf[2048];
        for (size_t k = 0; k < c->n_choices; k++) {
            cp_text_plain(c->choices[k].text, buf, sizeof buf);
            size_t len = text_length(buf);
            if (c->choices[k].correct)
                key = len;
            else if (len > others)
                others = len;
        }
        bool is_longest = key > others;
        questions++;
        longest += is_longest;
        chance += 1.0 / (double)c->n_choices;
        if (!n_files || files[n_files - 1].file != c->file) {
            file_share *p = realloc(files, (n_files + 1) * sizeof *p);
            if (!p) {
                free(files);
                r->lint->nomem = true;
                return;
            }
            files = p;
            files[n_files++] = (file_share){c->file, 0, 0};
        }
        files[n_files - 1].questions++;
        files[n_files - 1].longest += is_longest;
    }
    if (questions < r->desc.length_share_min) {
        free(files);
        return;
    }
    double share = (double)longest / (double)questions, expected = chance / (double)questions;
    double limit = expected + r->desc.length_share_slack;
    if (share <= limit) {
        free(files);
        return;
    }
    qsort(files, n_files, sizeof *files, by_share);
    char list[300] = "";
    size_t listed = 0, over = 0;
    for (size_t f = 0; f < n_files; f++) {
        if ((double)files[f].longest / (double)files[f].questions <= limit)
            continue;
        over++;
        char one[120];
        snprintf(one, sizeof one, "%s%s %.0f%% (%zu of %zu)", listed ? ", " : "",
                 base_name(files[f].file), 100.0 * (double)files[f].longest / (double)files[f].questions,
                 files[f].longest, files[f].questions);
        if (strlen(list) + strlen(one) + 1 < sizeof list - 20) {
            strcat(list, one);
            listed++;
        }
    }
    char more[32] = "";
    if (over > listed)
        snprintf(more, sizeof more, " and %zu more", over - listed);
    cp_lint_warn(r->lint, r->deck, "length-share", -1, 0,
                 "the keyed option is the strictly longest in %.1f%% of %zu single-answer questions "
                 "(%zu), against %.1f%% by chance (at most %.1f%% allowed)%s%s%s",
                 100.0 * share, questions, longest, 100.0 * expected, 100.0 * limit,
                 over ? "; over it: " : "", list, more);
    free(files);
}

static void near_duplicate(run *r)
{
    if (!cp_lint_near_duplicates(r->lint, r->deck, r->desc.duplicate_jaccard))
        r->lint->nomem = true;
}

static const rule rules[] = {
    {{"length-cue", "the keyed option is much longer than every distractor", false}, length_cue, NULL},
    {{"length-share", "over the bank, the keyed option is the longest more often than chance", true},
     NULL, length_share},
    {{"near-duplicate", "two question stems, or two flashcard fronts, are near-identical", true},
     NULL, near_duplicate},
    {{"choose-n", "'(Choose two.)' ends exactly the multiple-response stems, matching the keys", false},
     choose_n, NULL},
    {{"option-duplicate", "two options read the same once normalised", false}, option_duplicate, NULL},
    {{"option-above", "an 'all/none of the above' option", false}, option_above, NULL},
    {{"distractor-unexplained", "the explanation does not address a distractor", false},
     distractor_unexplained, NULL},
    {{"difficulty", "the label disagrees with the difficulty rubric", false}, difficulty, NULL},
};
static const size_t n_rules = sizeof rules / sizeof rules[0];

size_t cp_lint_rule_count(void) { return n_rules; }
const cp_lint_rule_info *cp_lint_rule(size_t index)
{
    return index < n_rules ? &rules[index].info : NULL;
}

void cp_lint_warn(cp_lint *lint, const cp_deck *deck, const char *rule_name, long card,
                  uint32_t line, const char *fmt, ...)
{
    cp_lint_warning *p = cp_grow(lint->warnings, &lint->cap, lint->n, sizeof *p, 64);
    if (!p) {
        lint->nomem = true;
        return;
    }
    lint->warnings = p;
    cp_lint_warning *w = &lint->warnings[lint->n++];
    size_t r = 0;
    while (r + 1 < n_rules && strcmp(rules[r].info.name, rule_name) != 0)
        r++;
    w->rule = rules[r].info.name;
    w->rule_index = r;
    w->card = card;
    w->file = card >= 0 ? cp_deck_card(deck, (size_t)card)->file : NULL;
    w->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
    lint->hits[r]++;
}


/* ---- the run ------------------------------------------------------------------ */

static int by_place(const void *a, const void *b)
{
    const cp_lint_warning *x = a, *y = b;
    long cx = x->card < 0 ? LONG_MAX : x->card, cy = y->card < 0 ? LONG_MAX : y->card;
    if (cx != cy)
        return cx < cy ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->rule_index != y->rule_index)
        return x->rule_index < y->rule_index ? -1 : 1;
    return x < y ? -1 : x > y;      /* qsort is not stable: keep insertion order */
}

cp_status cp_lint_run(const cp_deck *deck, const cp_lint_desc *desc, cp_lint **out, cp_error *err)
{
    *out = NULL;
    run r = {.deck = deck};
    if (desc)
        r.desc = *desc;
    if (r.desc.length_ratio <= 0)
        r.desc.length_ratio = 1.6;
    if (r.desc.length_share_slack <= 0)
        r.desc.length_share_slack = 0.05;
    if (!r.desc.length_share_min)
        r.desc.length_share_min = 20;
    if (r.desc.duplicate_jaccard <= 0)
        r.desc.duplicate_jaccard = 0.5;
    cp_lint *lint = calloc(1, sizeof *lint);
    if (lint)
        lint->hits = calloc(n_rules, sizeof *lint->hits);
    r.lint = lint;
    r.stemmer = cp_stemmer_new();
    r.finder = cp_service_finder_new();
    bool ok = lint && lint->hits && r.stemmer && r.finder;

    for (size_t i = 0; ok && i < cp_deck_count(deck); i++) {
        if (cp_deck_card(deck, i)->type == CP_CARD_FLASHCARD)
            continue;
        item it;
        ok = item_prepare(&r, (long)i, &it);
        for (size_t k = 0; ok && k < n_rules; k++)
            if (rules[k].card)
                rules[k].card(&r, &it);
        item_free(&it);
        ok = ok && !lint->nomem;
    }
    for (size_t k = 0; ok && k < n_rules; k++)
        if (rules[k].bank)
            rules[k].bank(&r);
    ok = ok && !lint->nomem;

    cp_hashset_free(&r.keys);
    cp_hashset_free(&r.explanation);
    cp_hashset_free(&r.acronyms);
    cp_stemmer_free(r.stemmer);
    cp_service_finder_free(r.finder);
    if (!ok) {
        cp_lint_free(lint);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory while linting the deck");
    }
    if (lint->n > 1)
        qsort(lint->warnings, lint->n, sizeof *lint->warnings, by_place);
    *out = lint;
    return CP_OK;
}

size_t cp_lint_count(const cp_lint *lint) { return lint ? lint->n : 0; }
const cp_lint_warning *cp_lint_get(const cp_lint *lint, size_t index)
{
    return lint && index < lint->n ? &lint->warnings[index] : NULL;
}
size_t cp_lint_rule_hits(const cp_lint *lint, size_t rule_index)
{
    return lint && rule_index < n_rules ? lint->hits[rule_index] : 0;
}

void cp_lint_free(cp_lint *lint)
{
    if (!lint)
        return;
    free(lint->warnings);
    free(lint->hits);
    free(lint);
}

/* ---- review dates -------------------------------------------------------------- */

int32_t cp_lint_months_between(int32_t from, int32_t to)
{
    return (to / 100 * 12 + to % 100) - (from / 100 * 12 + from % 100);
}

static int oldest_first(const void *a, const void *b)
{
    const cp_stale *x = a, *y = b;
    if (x->reviewed != y->reviewed)
        return x->reviewed < y->reviewed ? -1 : 1;      /* 0, never, comes first */
    return x->card < y->card ? -1 : x->card > y->card;
}

cp_status cp_lint_stale(const cp_deck *deck, int32_t now, int months, cp_stale **out,
                        size_t *n_out, cp_error *err)
{
    *out = NULL;
    *n_out = 0;
    if (now / 100 < 2000 || now / 100 > 2999 || now % 100 < 1 || now % 100 > 12)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "'now' is not a month (YYYY*100+MM): %d", (int)now);
    if (months < 0)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "a negative number of months: %d", months);
    size_t n = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        int32_t reviewed = cp_deck_card(deck, i)->reviewed;
        n += !reviewed || cp_lint_months_between(reviewed, now) > months;
    }
    if (!n)
        return CP_OK;
    cp_stale *list = malloc(n * sizeof *list);
    if (!list)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory listing stale cards");
    size_t k = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        int32_t reviewed = cp_deck_card(deck, i)->reviewed;
        int32_t age = reviewed ? cp_lint_months_between(reviewed, now) : -1;
        if (!reviewed || age > months)
            list[k++] = (cp_stale){i, reviewed, age};
    }
    qsort(list, n, sizeof *list, oldest_first);
    *out = list;
    *n_out = n;
    return CP_OK;
}
