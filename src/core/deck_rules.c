/* Decks, validation: what a draft must satisfy to become a card.
 *
 * A draft (deck_parse.c) is first drafted into a card: the id is the
 * heading's first word, the metadata line is split into pairs and each known
 * key's value parsed (a key is one row of meta_keys), the texts and choices
 * are pointed at. Drafting judges nothing. Then every row of `rules` checks
 * the drafted card and reports each problem as `file:line: message`; a card
 * with any problem is left out. A new rule is a function and a row; a new
 * metadata key is a row of meta_keys. The rules run in table order, which
 * is also the order of problems reported on the same line. */
#include "deck_impl.h"
#include "cloudprep/blueprint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>

/* ---- small text helpers -------------------------------------------------- */

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

/* True when the text is only whitespace and style markers. */
static bool blank(const cp_buf *b)
{
    for (const char *s = cp_buf_str(b); *s; s++)
        if (!isspace((unsigned char)*s) && !(*s >= CP_MARK_STRONG_ON && *s <= CP_MARK_CODE_OFF))
            return false;
    return true;
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

/* ---- the drafted card ---------------------------------------------------- */

enum { MAX_META_PAIRS = 64 };

typedef struct meta_pair {
    const char *key, *val;      /* trimmed, inside drafted.meta */
    int known;                  /* row of meta_keys, or -1 */
    bool malformed;             /* no ':' */
    bool repeated;              /* the key was given before */
    bool valid;                 /* a known key's value parsed */
} meta_pair;

/* What the end of a choice's text held: its tag, and what was wrong with it. */
typedef enum tag_problem { TAG_OK, TAG_EMPTY, TAG_STYLED, TAG_LONG } tag_problem;

enum { MAX_TAG = 48, MAX_CONTRAST = 8, MAX_CONTRAST_NOTE = 200 };

typedef struct drafted {
    cp_deck *deck;
    cp_deck_doc *doc;
    cp_draft *d;                /* its choices lose their tags while drafting */
    cp_card *card;              /* strings point into d or into this struct */
    char head[256];             /* the heading's first word */
    char meta[2048];            /* the metadata line, plain; pairs point into it */
    uint32_t meta_line;
    bool has_meta;              /* a metadata line with at least one ':' */
    meta_pair pairs[MAX_META_PAIRS];
    size_t n_pairs;
    bool too_many_pairs;
    bool have_type;             /* type given and known */
    const char *task_text;      /* as given, NULL when absent */
    bool has_contrast;          /* the contrast key was given */
    tag_problem tag_problem[CP_MAX_CHOICES + 1];
    bool duplicate;             /* the id was seen before */
    size_t errors;
} drafted;

static void report(drafted *dc, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(drafted *dc, uint32_t line, const char *fmt, ...)
{
    char message[sizeof ((cp_diag *)0)->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cp_deck_note(dc->deck, dc->doc->file, line, "%s", message);
    dc->errors++;
}

/* ---- metadata keys: one row each ----------------------------------------- */

static bool parse_domain(const char *val, drafted *dc)
{
    char *end;
    long dn = strtol(val, &end, 10);
    if (*end || !cp_blueprint_domain((int)dn))
        return false;
    dc->card->domain = (int)dn;
    return true;
}

/* The task is resolved once the domain is known (see check_task). */
static bool parse_task(const char *val, drafted *dc)
{
    dc->task_text = val;
    return true;
}

static bool parse_type(const char *val, drafted *dc)
{
    static const char *names[] = {"single", "multi", "flashcard"};
    for (int i = 0; i < 3; i++)
        if (strcmp(val, names[i]) == 0) {
            dc->card->type = (cp_card_type)i;
            dc->have_type = true;
            return true;
        }
    return false;
}

static bool parse_difficulty(const char *val, drafted *dc)
{
    static const char *names[] = {"easy", "medium", "hard"};
    for (int i = 0; i < 3; i++)
        if (strcmp(val, names[i]) == 0) {
            dc->card->difficulty = (cp_difficulty)i;
            return true;
        }
    return false;
}

static bool parse_tags(const char *val, drafted *dc)
{
    dc->card->tags = val;
    return true;
}

static bool parse_ref(const char *val, drafted *dc)
{
    dc->card->ref = val;
    return true;
}

/* The members are judged once the card is drafted (rule_contrast). */
static bool parse_contrast(const char *val, drafted *dc)
{
    dc->card->contrast = val;
    dc->has_contrast = true;
    return true;
}

/* "YYYY-MM", by hand: sscanf may allocate (MinGW's does), and running out
 * of memory must be reported as such, never as a bad date. */
static bool parse_reviewed(const char *val, drafted *dc)
{
    for (int i = 0; i < 7; i++)
        if (i == 4 ? val[i] != '-' : (val[i] < '0' || val[i] > '9'))
            return false;
    int y = (val[0] - '0') * 1000 + (val[1] - '0') * 100 + (val[2] - '0') * 10 + (val[3] - '0');
    int m = (val[5] - '0') * 10 + (val[6] - '0');
    if (val[7] || y < 2000 || y > 2999 || m < 1 || m > 12)
        return false;
    dc->card->reviewed = y * 100 + m;
    return true;
}

/* After every pair: a given task must exist and be in the card's domain. */
static void check_task(drafted *dc)
{
    int t = cp_blueprint_task_index(dc->task_text);
    if (t < 0)
        report(dc, dc->meta_line, "unknown task '%s' (task statements are 1.1-1.4, 2.1-2.4, 3.1-3.8, 4.1-4.3)",
               dc->task_text);
    else if (dc->card->domain && cp_blueprint_task(t)->domain != dc->card->domain)
        report(dc, dc->meta_line, "task %s is not in domain %d", dc->task_text, dc->card->domain);
}

typedef struct meta_key {
    const char *name;
    bool required;
    bool (*parse)(const char *val, drafted *dc);     /* false: not a valid value */
    const char *invalid;                             /* the complaint, with the value for %s */
    void (*after)(drafted *dc);                      /* a check once every pair is read */
} meta_key;

static const meta_key meta_keys[] = {
    {"domain", true, parse_domain, "unknown domain '%s' (use 1, 2, 3 or 4)", NULL},
    {"task", true, parse_task, NULL, check_task},
    {"type", true, parse_type, "unknown type '%s' (use single, multi or flashcard)", NULL},
    {"difficulty", true, parse_difficulty, "unknown difficulty '%s' (use easy, medium or hard)", NULL},
    {"tags", false, parse_tags, NULL, NULL},
    {"ref", false, parse_ref, NULL, NULL},
    {"reviewed", false, parse_reviewed, "reviewed '%s' is not a month: write YYYY-MM, e.g. 2026-12", NULL},
    {"contrast", false, parse_contrast, NULL, NULL},
};
enum { N_META_KEYS = sizeof meta_keys / sizeof meta_keys[0] };

/* Splits the metadata line into pairs and parses each known key's first
 * value into the card. */
static void draft_metadata(drafted *dc)
{
    const cp_draft *d = dc->d;
    cp_text_plain(cp_buf_str(&d->meta), dc->meta, sizeof dc->meta);
    dc->meta_line = d->meta_line ? d->meta_line : d->line;
    dc->has_meta = d->has_meta && strchr(dc->meta, ':');
    if (!dc->has_meta)
        return;
    for (char *save = NULL, *pair = strtok_r(dc->meta, ";", &save); pair;
         pair = strtok_r(NULL, ";", &save)) {
        trim(pair);
        if (!*pair)
            continue;
        if (dc->n_pairs == MAX_META_PAIRS) {
            dc->too_many_pairs = true;
            break;
        }
        meta_pair *p = &dc->pairs[dc->n_pairs++];
        *p = (meta_pair){.key = pair, .val = "", .known = -1};
        char *colon = strchr(pair, ':');
        if (!colon) {
            p->malformed = true;
            continue;
        }
        *colon = '\0';
        trim(pair);
        trim(colon + 1);
        p->val = colon + 1;
        for (size_t i = 0; i + 1 < dc->n_pairs; i++)
            p->repeated |= !dc->pairs[i].malformed && strcmp(dc->pairs[i].key, p->key) == 0;
        if (p->repeated)
            continue;
        for (int k = 0; k < N_META_KEYS; k++)
            if (strcmp(meta_keys[k].name, p->key) == 0)
                p->known = k;
        if (p->known >= 0)
            p->valid = meta_keys[p->known].parse(p->val, dc);
    }
    if (dc->task_text) {
        int t = cp_blueprint_task_index(dc->task_text);
        if (t >= 0 && !(dc->card->domain && cp_blueprint_task(t)->domain != dc->card->domain))
            dc->card->task = t;
    }
}

static bool key_given(const drafted *dc, const char *key)
{
    for (size_t i = 0; i < dc->n_pairs; i++)
        if (!dc->pairs[i].malformed && strcmp(dc->pairs[i].key, key) == 0)
            return true;
    return false;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* Takes a tag off the end of a choice's text, in place: "Pay up front
 * {Reserved Instances}" leaves the text "Pay up front" and returns the tag
 * "Reserved Instances" (NULL when the text ends otherwise). A '{' glued to
 * the word before it ("f{x}") is text, not a tag. */
static const char *split_tag(cp_buf *b, tag_problem *problem)
{
    *problem = TAG_OK;
    char *s = b->data;
    if (!s)
        return NULL;
    size_t n = b->len;
    while (n && is_space(s[n - 1]))
        n--;
    if (n < 2 || s[n - 1] != '}')
        return NULL;
    size_t open = n - 1;
    while (open > 0 && s[open - 1] != '{' && s[open - 1] != '}')
        open--;
    if (open == 0 || s[open - 1] != '{')
        return NULL;
    open--;                                 /* at the '{' */
    if (open > 0 && !is_space(s[open - 1]))
        return NULL;
    s[n - 1] = '\0';
    char *tag = s + open + 1;
    s[open] = '\0';
    for (size_t k = open; k > 0 && is_space(s[k - 1]); k--)
        s[k - 1] = '\0';
    b->len = strlen(s);
    while (is_space(*tag))
        tag++;
    for (size_t k = strlen(tag); k > 0 && is_space(tag[k - 1]); k--)
        tag[k - 1] = '\0';
    if (!*tag)
        *problem = TAG_EMPTY;
    else if (strlen(tag) > MAX_TAG)
        *problem = TAG_LONG;
    for (const char *p = tag; *p; p++)
        if (*p >= CP_MARK_STRONG_ON && *p <= CP_MARK_CODE_OFF)
            *problem = TAG_STYLED;
    return tag;
}

/* Drafts card from draft d: nothing is judged here. */
static void draft_card(drafted *dc)
{
    cp_draft *d = dc->d;
    cp_card *c = dc->card;
    *c = (cp_card){.file = dc->doc->file, .line = d->line, .task = -1, .tags = "", .ref = "",
                   .contrast = ""};
    const char *tags[CP_MAX_CHOICES + 1];
    for (size_t i = 0; i < d->n_choices; i++)
        tags[i] = split_tag(&d->choice[i], &dc->tag_problem[i]);

    cp_text_plain(cp_buf_str(&d->id), dc->head, sizeof dc->head);
    trim(dc->head);
    char *space = strpbrk(dc->head, " \t");
    if (space)
        *space = '\0';
    if (dc->head[0] && id_valid(dc->head))
        c->id = dc->head;

    draft_metadata(dc);
    if (!blank(&d->stem))
        c->stem = cp_buf_str(&d->stem);
    if (d->has_answer && !blank(&d->answer))
        c->answer = cp_buf_str(&d->answer);
    if (dc->have_type && c->type != CP_CARD_FLASHCARD) {
        c->n_choices = d->n_choices < CP_MAX_CHOICES ? d->n_choices : CP_MAX_CHOICES;
        for (size_t i = 0; i < c->n_choices; i++)
            c->choices[i] = (cp_choice){.text = cp_buf_str(&d->choice[i]), .correct = d->correct[i],
                                        .line = d->choice_line[i], .tag = tags[i] ? tags[i] : ""};
    }
    if (c->id)
        dc->duplicate = cp_deck_id_seen(dc->deck, c->id, NULL, NULL);
}

/* ---- the rules ------------------------------------------------------------ */

/* Problems the md4c walk found: a second list, a deeper heading, stray text. */
static void rule_structure(drafted *dc)
{
    const cp_draft *d = dc->d;
    for (size_t i = 0; i < d->n_errors; i++)
        report(dc, d->error_line[i] ? d->error_line[i] : d->line, "%s", d->error[i]);
}

static void rule_id(drafted *dc)
{
    if (!dc->head[0])
        report(dc, dc->d->line, "missing card id: the '##' heading must start with one");
    else if (!dc->card->id)
        report(dc, dc->d->line,
               "invalid card id '%s': use lowercase letters, digits, '.', '_' and '-' (at most 64)",
               dc->head);
}

static void rule_metadata(drafted *dc)
{
    uint32_t line = dc->meta_line;
    if (!dc->has_meta) {
        report(dc, line, "missing metadata line (domain: N; task: N.N; type: ...; difficulty: ...)");
        return;
    }
    for (size_t i = 0; i < dc->n_pairs; i++) {
        const meta_pair *p = &dc->pairs[i];
        if (p->malformed) {
            report(dc, line, "metadata '%s' is not 'key: value'", p->key);
        } else if (p->repeated) {
            report(dc, line, "metadata key '%s' given twice", p->key);
        } else if (p->known < 0) {
            char known[160] = "";
            for (int k = 0; k < N_META_KEYS; k++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
                         k ? ", " : "", meta_keys[k].name);
            report(dc, line, "unknown metadata key '%s' (known: %s)", p->key, known);
        } else if (!p->valid) {
            char message[sizeof ((cp_diag *)0)->message];
            snprintf(message, sizeof message, meta_keys[p->known].invalid, p->val);
            report(dc, line, "%s", message);
        }
    }
    if (dc->too_many_pairs)
        report(dc, line, "more than %d metadata pairs", MAX_META_PAIRS);
    for (int k = 0; k < N_META_KEYS; k++) {
        if (!key_given(dc, meta_keys[k].name)) {
            if (meta_keys[k].required)
                report(dc, line, "missing metadata key '%s'", meta_keys[k].name);
        } else if (meta_keys[k].after) {
            meta_keys[k].after(dc);
        }
    }
}

static void rule_stem(drafted *dc)
{
    if (!dc->card->stem)
        report(dc, dc->d->line, "%s is empty",
               dc->card->type == CP_CARD_FLASHCARD ? "front" : "question stem");
}

static void rule_answer(drafted *dc)
{
    bool flashcard = dc->card->type == CP_CARD_FLASHCARD;
    if (!dc->card->answer)
        report(dc, dc->d->line, "%s is missing: add a '> ' block after the %s",
               flashcard ? "back" : "explanation", flashcard ? "front" : "choices");
}

static void rule_task_list(drafted *dc)
{
    const cp_draft *d = dc->d;
    for (size_t i = 0; i < d->n_choices; i++)
        if (d->not_task[i])
            report(dc, d->choice_line[i],
                   "choice is not a task list item: write '- [ ] text' or '- [x] text'");
}

/* Where problems with the choices as a whole are reported. */
static uint32_t choices_line(const drafted *dc)
{
    return dc->d->n_choices ? dc->d->choice_line[0] : dc->d->line;
}

static size_t marked_correct(const cp_draft *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_choices; i++)
        n += d->correct[i];
    return n;
}

static bool is_question(const drafted *dc)
{
    return dc->have_type && dc->card->type != CP_CARD_FLASHCARD;
}

static void rule_flashcard_choices(drafted *dc)
{
    if (dc->have_type && dc->card->type == CP_CARD_FLASHCARD && dc->d->n_choices)
        report(dc, choices_line(dc), "a flashcard has no choices (front, then a '> ' back)");
}

static void rule_choice_count(drafted *dc)
{
    size_t n = dc->d->n_choices;
    if (!is_question(dc))
        return;
    if (n > CP_MAX_CHOICES)
        report(dc, choices_line(dc), "too many choices (at most %d)", CP_MAX_CHOICES);
    else if (dc->card->type == CP_CARD_SINGLE && n != 4)
        report(dc, choices_line(dc), "a single-answer question needs exactly 4 choices, found %zu", n);
    else if (dc->card->type == CP_CARD_MULTI && n < 5)
        report(dc, choices_line(dc), "a multiple-response question needs at least 5 choices, found %zu", n);
}

static void rule_correct_count(drafted *dc)
{
    size_t correct = marked_correct(dc->d);
    if (!is_question(dc))
        return;
    if (dc->card->type == CP_CARD_SINGLE && correct != 1)
        report(dc, choices_line(dc),
               "a single-answer question needs exactly 1 correct choice ([x]), found %zu", correct);
    if (dc->card->type == CP_CARD_MULTI && correct < 2)
        report(dc, choices_line(dc),
               "a multiple-response question needs at least 2 correct choices ([x]), found %zu", correct);
}

static void rule_choose_n(drafted *dc)
{
    size_t correct = marked_correct(dc->d);
    if (!is_question(dc) || dc->card->type != CP_CARD_MULTI || correct < 2 || !dc->card->stem)
        return;
    uint32_t line = dc->d->stem_line ? dc->d->stem_line : dc->d->line;
    int says = choose_count(dc->card->stem);
    if (!says)
        report(dc, line, "a multiple-response stem must say how many to choose, e.g. '(Choose two.)'");
    else if ((size_t)says != correct)
        report(dc, line, "the stem says choose %d but %zu choices are marked correct", says, correct);
}

static void rule_choice_text(drafted *dc)
{
    const cp_draft *d = dc->d;
    if (!is_question(dc))
        return;
    for (size_t i = 0; i < d->n_choices && i < CP_MAX_CHOICES; i++) {
        char a[512], b[512];
        cp_text_plain(cp_buf_str(&d->choice[i]), a, sizeof a);
        trim(a);
        if (!a[0]) {
            report(dc, d->choice_line[i], "empty choice");
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            cp_text_plain(cp_buf_str(&d->choice[j]), b, sizeof b);
            trim(b);
            if (strcasecmp(a, b) == 0)
                report(dc, d->choice_line[i], "duplicate choice text (same as line %u)", d->choice_line[j]);
        }
    }
}

/* A tag is a few plain words: what the option names, for the confusion map. */
static void rule_choice_tag(drafted *dc)
{
    const cp_draft *d = dc->d;
    for (size_t i = 0; i < d->n_choices && i < CP_MAX_CHOICES; i++) {
        switch (dc->tag_problem[i]) {
        case TAG_EMPTY:
            report(dc, d->choice_line[i], "empty option tag '{}': write what the option names, e.g. {Savings Plans}");
            break;
        case TAG_STYLED:
            report(dc, d->choice_line[i], "an option tag is plain text: no bold, emphasis or code inside '{...}'");
            break;
        case TAG_LONG:
            report(dc, d->choice_line[i], "option tag longer than %d bytes", MAX_TAG);
            break;
        default:
            break;
        }
    }
}

/* Whether folded text names a folded member as whole words. */
static bool names_words(const char *text, const char *member)
{
    size_t n = strlen(member);
    for (const char *p = strstr(text, member); p && n; p = strstr(p + 1, member)) {
        bool start = p == text || !isalnum((unsigned char)p[-1]);
        bool end = !isalnum((unsigned char)p[n]);
        if (start && end)
            return true;
    }
    return false;
}

/* A contrast card: on a flashcard, two to eight distinct members, each
 * named on the card, and a short first paragraph on the back (the line
 * the statistics show). */
static void rule_contrast(drafted *dc)
{
    const cp_card *c = dc->card;
    uint32_t line = dc->meta_line;
    if (!dc->has_contrast)
        return;
    if (dc->have_type && c->type != CP_CARD_FLASHCARD) {
        report(dc, line, "contrast is for flashcards; a question contrasts through its options "
                         "(tag them, e.g. '- [ ] ... {Savings Plans}')");
        return;
    }
    /* The card's words, plain and folded, for the mention check (a
     * contrast card is a few lines; the buffers hold a page). */
    char plain[CP_DECK_MAX_LINE], folded[CP_DECK_MAX_LINE];
    size_t k = cp_text_plain(c->stem ? c->stem : "", plain, sizeof plain);
    if (k + 1 < sizeof plain) {
        plain[k++] = '\n';
        cp_text_plain(c->answer ? c->answer : "", plain + k, sizeof plain - k);
    }
    cp_text_fold(plain, folded, sizeof folded);
    char members[2048];
    snprintf(members, sizeof members, "%s", c->contrast);
    long service[MAX_CONTRAST];
    char key[MAX_CONTRAST][MAX_TAG + 1];
    size_t n = 0;
    bool counted = true;
    for (char *save = NULL, *m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
        trim(m);
        if (!*m) {
            report(dc, line, "empty contrast member: separate the services or concepts with ','");
            continue;
        }
        if (strlen(m) > MAX_TAG) {
            report(dc, line, "contrast member '%.60s' longer than %d bytes", m, MAX_TAG);
            continue;
        }
        if (n == MAX_CONTRAST) {
            report(dc, line, "a contrast has at most %d members", MAX_CONTRAST);
            counted = false;
            break;
        }
        service[n] = cp_blueprint_service_named(m);
        cp_text_fold(m, key[n], sizeof key[n]);
        for (size_t j = 0; j < n; j++)
            if (service[n] >= 0 ? service[n] == service[j] : strcmp(key[n], key[j]) == 0)
                report(dc, line, "contrast member '%s' is given twice", m);
        if (c->stem && c->answer) {
            bool named = service[n] >= 0 ? cp_blueprint_mentions(plain, (size_t)service[n])
                                         : names_words(folded, key[n]);
            if (!named)
                report(dc, line, "contrast member '%s' is not named on the card's front or back", m);
        }
        n++;
    }
    if (counted && n < 2)
        report(dc, line, "a contrast names at least two services or concepts, separated by ','");
    if (c->answer) {
        /* The one-line difference: the back's first paragraph. */
        const char *end = strstr(c->answer, "\n\n");
        size_t len = end ? (size_t)(end - c->answer) : strlen(c->answer), chars = 0;
        for (size_t i = 0; i < len; i++) {
            char ch = c->answer[i];
            chars += (ch & 0xc0) != 0x80 && !(ch >= CP_MARK_STRONG_ON && ch <= CP_MARK_CODE_OFF);
        }
        if (chars > MAX_CONTRAST_NOTE)
            report(dc, dc->d->line,
                   "the first paragraph of a contrast card's back is its one-line difference: "
                   "at most %d characters, found %zu",
                   MAX_CONTRAST_NOTE, chars);
    }
}

/* Invalid UTF-8, control bytes or an overlong line inside the card. */
static void rule_text(drafted *dc)
{
    dc->errors += cp_deck_check_lines(dc->deck, dc->doc, dc->d->line, dc->d->end_line);
}

static void rule_duplicate_id(drafted *dc)
{
    const char *file;
    uint32_t line;
    if (dc->duplicate && cp_deck_id_seen(dc->deck, dc->card->id, &file, &line))
        report(dc, dc->d->line, "duplicate id '%s' (first at %s:%u)", dc->card->id, file, line);
}

typedef struct rule {
    const char *name;
    void (*check)(drafted *dc);
} rule;

static const rule rules[] = {
    {"structure", rule_structure},
    {"id", rule_id},
    {"metadata", rule_metadata},
    {"stem", rule_stem},
    {"answer", rule_answer},
    {"task-list", rule_task_list},
    {"flashcard-choices", rule_flashcard_choices},
    {"choice-count", rule_choice_count},
    {"correct-count", rule_correct_count},
    {"choose-n", rule_choose_n},
    {"choice-text", rule_choice_text},
    {"choice-tag", rule_choice_tag},
    {"contrast", rule_contrast},
    {"text", rule_text},
    {"duplicate-id", rule_duplicate_id},
};

cp_status cp_deck_validate(cp_deck *deck, cp_deck_doc *doc, size_t index)
{
    cp_card card;
    drafted dc = {.deck = deck, .doc = doc, .d = &doc->drafts[index], .card = &card};
    draft_card(&dc);
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
        rules[r].check(&dc);
    /* The card's id, tags and ref point into dc: keep it while dc lives. */
    return cp_deck_keep(deck, &card, dc.errors, dc.duplicate);
}

/* ---- bad lines ----------------------------------------------------------- */

static void report_bad(cp_deck *deck, cp_deck_doc *doc, const cp_bad_line *b)
{
    if (doc->bad_reported == CP_DECK_MAX_BAD_REPORTS) {
        if (!doc->bad_unreported++)
            doc->first_unreported = b->line;
        return;
    }
    doc->bad_reported++;
    if (b->length)
        cp_deck_note(deck, doc->file, b->line, "line too long (%u bytes; at most %d)", b->length,
                     CP_DECK_MAX_LINE);
    else
        cp_deck_note(deck, doc->file, b->line, "invalid UTF-8 or control character");
}

size_t cp_deck_check_lines(cp_deck *deck, cp_deck_doc *doc, uint32_t first, uint32_t last)
{
    size_t n = 0;
    while (doc->bad_next < doc->n_bad && doc->bad[doc->bad_next].line < first)
        doc->bad_next++;
    for (; doc->bad_next < doc->n_bad && doc->bad[doc->bad_next].line <= last; doc->bad_next++, n++)
        report_bad(deck, doc, &doc->bad[doc->bad_next]);
    return n;
}

void cp_deck_check_done(cp_deck *deck, cp_deck_doc *doc)
{
    if (doc->bad_unreported)
        cp_deck_note(deck, doc->file, doc->first_unreported,
                     "%zu more lines with invalid UTF-8, control characters or over %d bytes (not listed)",
                     doc->bad_unreported, CP_DECK_MAX_LINE);
}
