/* `cloudprep check [--json] [--lint [--strict]] [--stale MONTHS [--now YYYY-MM]] [PATH...]`:
 * validates decks: the PATHs, or with none what the app loads (the bank and
 * the learner's own decks, each counted on a line of its own, or in the
 * summary's "sources"). Problems go to stderr as `file:line: message`; with
 * --lint the quality warnings follow them as `file:line: warning: RULE:
 * message` (a bank-level one as `bank: warning: RULE: message`); --stale
 * lists on stdout the cards not reviewed within MONTHS, oldest first.
 * --json prints a summary on stdout (totals by domain, task, type and
 * difficulty, what options name for the confusion map (`subjects`: option
 * tags and contrast cards), the problems, and the warnings and stale cards
 * when asked).
 * Exit 0 clean, 1 when any card is invalid (or, with --strict, on any
 * warning or stale card), 2 on a usage or I/O error. */
#include "cli/cli.h"
#include "cli/json.h"
#include "cloudprep/blueprint.h"
#include "cloudprep/confusion.h"
#include "cloudprep/deck.h"
#include "cloudprep/lint.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct check_args {
    bool json, lint, strict;
    int stale_months;           /* -1: no --stale */
    int32_t now;                /* YYYY*100+MM */
} check_args;

static void print_month(FILE *out, int32_t month)
{
    fprintf(out, "\"%04d-%02d\"", (int)(month / 100), (int)(month % 100));
}

/* The "warnings" and "stale" members of the --json summary. */
static void print_findings(const cp_deck *deck, const check_args *a, const cp_lint *lint,
                           const cp_stale *stale, size_t n_stale)
{
    if (a->lint) {
        printf(",\n  \"warnings\": {\n    \"count\": %zu,\n    \"by_rule\": {", cp_lint_count(lint));
        for (size_t r = 0; r < cp_lint_rule_count(); r++)
            printf("%s\"%s\": %zu", r ? ", " : "", cp_lint_rule(r)->name, cp_lint_rule_hits(lint, r));
        printf("},\n    \"list\": [");
        for (size_t i = 0; i < cp_lint_count(lint); i++) {
            const cp_lint_warning *w = cp_lint_get(lint, i);
            printf("%s\n      {\"file\": ", i ? "," : "");
            if (w->file)
                cp_json_string(stdout, w->file);
            else
                printf("null");
            printf(", \"line\": %u, \"rule\": \"%s\", \"card\": ", w->line, w->rule);
            if (w->card >= 0)
                cp_json_string(stdout, cp_deck_card(deck, (size_t)w->card)->id);
            else
                printf("null");
            printf(", \"message\": ");
            cp_json_string(stdout, w->message);
            printf("}");
        }
        printf("%s]\n  }", cp_lint_count(lint) ? "\n    " : "");
    }
    if (a->stale_months >= 0) {
        printf(",\n  \"stale\": {\n    \"now\": ");
        print_month(stdout, a->now);
        printf(", \"months\": %d, \"count\": %zu,\n    \"cards\": [", a->stale_months, n_stale);
        for (size_t i = 0; i < n_stale; i++) {
            const cp_card *c = cp_deck_card(deck, stale[i].card);
            printf("%s\n      {\"file\": ", i ? "," : "");
            cp_json_string(stdout, c->file);
            printf(", \"line\": %u, \"id\": ", c->line);
            cp_json_string(stdout, c->id);
            printf(", \"reviewed\": ");
            if (stale[i].reviewed)
                print_month(stdout, stale[i].reviewed);
            else
                printf("null");
            if (stale[i].months >= 0)
                printf(", \"months_ago\": %d}", (int)stale[i].months);
            else
                printf(", \"months_ago\": null}");
        }
        printf("%s]\n  }", n_stale ? "\n    " : "");
    }
}

static void print_subject(const cp_confusion_map *map, int32_t s)
{
    const cp_subject *sub = cp_confusion_subject(map, s);
    printf("{\"name\": ");
    cp_json_string(stdout, sub->name);
    printf(", \"kind\": \"%s\"}", sub->service >= 0 ? "service" : "concept");
}

/* What options name (docs/deck-format.md, "Option tags"): the subjects,
 * every tagged option and every contrast card. */
static void print_subjects(const cp_deck *deck)
{
    cp_confusion_map *map = NULL;
    if (cp_confusion_map_build(deck, &map, NULL) != CP_OK) {
        printf("  \"subjects\": null,\n");
        return;
    }
    size_t options = 0, mapped = 0, tagged = 0, contrasts = 0, concepts = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        for (size_t k = 0; k < c->n_choices; k++) {
            options++;
            mapped += cp_confusion_option(map, i, k) >= 0;
            tagged += c->choices[k].tag[0] != '\0';
        }
        contrasts += cp_confusion_members(map, i, NULL) > 0;
    }
    for (size_t s = 0; s < cp_confusion_subject_count(map); s++)
        concepts += cp_confusion_subject(map, (int32_t)s)->service < 0;
    printf("  \"subjects\": {\"options\": %zu, \"mapped\": %zu, \"tagged\": %zu, \"concepts\": %zu, "
           "\"contrast_cards\": %zu,\n    \"named\": [", options, mapped, tagged, concepts, contrasts);
    size_t k = 0;
    for (size_t s = 0; s < cp_confusion_subject_count(map); s++) {
        const cp_subject *sub = cp_confusion_subject(map, (int32_t)s);
        if (!sub->options && !sub->contrasts)
            continue;
        printf("%s\n      {\"name\": ", k++ ? "," : "");
        cp_json_string(stdout, sub->name);
        printf(", \"kind\": \"%s\", \"options\": %u, \"contrast_cards\": %u}",
               sub->service >= 0 ? "service" : "concept", sub->options, sub->contrasts);
    }
    printf("%s],\n    \"tags\": [", k ? "\n    " : "");
    k = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        for (size_t o = 0; o < c->n_choices; o++) {
            if (!c->choices[o].tag[0])
                continue;
            printf("%s\n      {\"file\": ", k++ ? "," : "");
            cp_json_string(stdout, c->file);
            printf(", \"line\": %u, \"card\": ", c->choices[o].line);
            cp_json_string(stdout, c->id);
            printf(", \"tag\": ");
            cp_json_string(stdout, c->choices[o].tag);
            printf(", \"names\": ");
            print_subject(map, cp_confusion_option(map, i, o));
            printf("}");
        }
    }
    printf("%s],\n    \"contrasts\": [", k ? "\n    " : "");
    k = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const int32_t *members;
        size_t n = cp_confusion_members(map, i, &members);
        if (!n)
            continue;
        const cp_card *c = cp_deck_card(deck, i);
        printf("%s\n      {\"file\": ", k++ ? "," : "");
        cp_json_string(stdout, c->file);
        printf(", \"line\": %u, \"card\": ", c->line);
        cp_json_string(stdout, c->id);
        printf(", \"members\": [");
        for (size_t m = 0; m < n; m++) {
            printf("%s", m ? ", " : "");
            print_subject(map, members[m]);
        }
        /* The one-line difference: the back's first paragraph. */
        char line[1024];
        cp_text_plain(c->answer, line, sizeof line);
        char *end = strstr(line, "\n\n");
        if (end)
            *end = '\0';
        for (char *p = line; *p; p++)
            if (*p == '\n')
                *p = ' ';
        printf("], \"difference\": ");
        cp_json_string(stdout, line);
        printf("}");
    }
    printf("%s]\n  },\n", k ? "\n    " : "");
    cp_confusion_map_free(map);
}

/* "sources": what each deck root gave, when check loaded the learner's
 * decks beside the bank (no PATH given). */
static void print_sources(const cp_source *sources, size_t n)
{
    printf("  \"sources\": [");
    for (size_t i = 0; i < n; i++) {
        const cp_source *s = &sources[i];
        printf("%s\n    {\"kind\": \"%s\", \"path\": ", i ? "," : "", cp_source_kind_name(s->kind));
        cp_json_string(stdout, s->path);
        printf(", \"exists\": %s, \"files\": %zu, \"cards\": %zu, \"skipped\": %zu, "
               "\"problems\": %zu}", s->absent ? "false" : "true", s->files, s->cards, s->skipped,
               s->n_diags);
    }
    printf("%s],\n", n ? "\n  " : "");
}

static void print_summary(const cp_deck *deck, const check_args *a, const cp_lint *lint,
                          const cp_stale *stale, size_t n_stale, const cp_source *sources,
                          size_t n_sources)
{
    size_t q_dom[CP_DOMAINS] = {0}, f_dom[CP_DOMAINS] = {0}, m_dom[CP_DOMAINS] = {0};
    size_t diff_dom[CP_DOMAINS][3] = {{0}};
    size_t q_task[CP_TASKS] = {0}, f_task[CP_TASKS] = {0};
    size_t by_type[3] = {0}, by_diff[3] = {0}, q_diff[3] = {0};
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        int d = c->domain - 1;
        by_type[c->type]++;
        by_diff[c->difficulty]++;
        if (c->type == CP_CARD_FLASHCARD) {
            f_dom[d]++;
            f_task[c->task]++;
        } else {
            q_dom[d]++;
            q_task[c->task]++;
            q_diff[c->difficulty]++;
            diff_dom[d][c->difficulty]++;
            m_dom[d] += c->type == CP_CARD_MULTI;
        }
    }
    printf("{\n  \"files\": %zu,\n  \"cards\": %zu,\n  \"invalid_cards\": %zu,\n",
           cp_deck_file_count(deck), cp_deck_count(deck), cp_deck_invalid_count(deck));
    if (n_sources)
        print_sources(sources, n_sources);
    printf("  \"by_type\": {\"single\": %zu, \"multi\": %zu, \"flashcard\": %zu},\n",
           by_type[0], by_type[1], by_type[2]);
    printf("  \"by_difficulty\": {\"easy\": %zu, \"medium\": %zu, \"hard\": %zu},\n",
           by_diff[0], by_diff[1], by_diff[2]);
    printf("  \"questions_by_difficulty\": {\"easy\": %zu, \"medium\": %zu, \"hard\": %zu},\n",
           q_diff[0], q_diff[1], q_diff[2]);
    printf("  \"by_domain\": {\n");
    for (int d = 0; d < CP_DOMAINS; d++) {
        printf("    \"%d\": {\"name\": ", d + 1);
        cp_json_string(stdout, cp_blueprint_domain(d + 1)->name);
        double share = q_dom[d] ? 100.0 * (double)m_dom[d] / (double)q_dom[d] : 0.0;
        printf(", \"questions\": %zu, \"flashcards\": %zu, \"multi\": %zu, "
               "\"multi_percent\": %.1f, \"easy\": %zu, \"medium\": %zu, \"hard\": %zu}%s\n",
               q_dom[d], f_dom[d], m_dom[d], share, diff_dom[d][0], diff_dom[d][1],
               diff_dom[d][2], d + 1 < CP_DOMAINS ? "," : "");
    }
    printf("  },\n  \"by_task\": {\n");
    for (int t = 0; t < CP_TASKS; t++)
        printf("    \"%s\": {\"questions\": %zu, \"flashcards\": %zu}%s\n",
               cp_blueprint_task(t)->id, q_task[t], f_task[t], t + 1 < CP_TASKS ? "," : "");
    printf("  },\n");
    /* In-scope services (live exam guide) mentioned by at least one card. */
    size_t n_services = cp_blueprint_service_count();
    uint32_t *mentions = calloc(n_services, sizeof *mentions);
    size_t covered = mentions ? cp_deck_service_coverage(deck, mentions) : 0;
    printf("  \"services\": {\"total\": %zu, \"covered\": %zu, \"missing\": [", n_services, covered);
    for (size_t s = 0, k = 0; mentions && s < n_services; s++)
        if (!mentions[s]) {
            printf("%s", k++ ? ", " : "");
            cp_json_string(stdout, cp_blueprint_service(s)->name);
        }
    printf("],\n    \"cards_per_service\": {");
    for (size_t s = 0; mentions && s < n_services; s++) {
        printf("%s\n      ", s ? "," : "");
        cp_json_string(stdout, cp_blueprint_service(s)->name);
        printf(": %u", mentions[s]);
    }
    printf("\n    }\n  },\n");
    free(mentions);
    print_subjects(deck);
    printf("  \"problems\": [");
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        printf("%s\n    {\"file\": ", i ? "," : "");
        cp_json_string(stdout, g->file);
        printf(", \"line\": %u, \"message\": ", g->line);
        cp_json_string(stdout, g->message);
        printf("}");
    }
    printf("%s]", cp_deck_diag_count(deck) ? "\n  " : "");
    print_findings(deck, a, lint, stale, n_stale);
    printf("\n}\n");
}

/* "2026-12" -> 202612; 0 when it is not a month. */
static int32_t parse_month(const char *s)
{
    int y = 0, m = 0, len = 0;
    if (sscanf(s, "%4d-%2d%n", &y, &m, &len) != 2 || len != 7 || s[len] || y < 2000 || y > 2999 ||
        m < 1 || m > 12)
        return 0;
    return y * 100 + m;
}

static int32_t this_month(void)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    return (tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
}

static void print_warnings(const cp_lint *lint)
{
    for (size_t i = 0; i < cp_lint_count(lint); i++) {
        const cp_lint_warning *w = cp_lint_get(lint, i);
        if (w->file)
            fprintf(stderr, "%s:%u: warning: %s: %s\n", w->file, w->line, w->rule, w->message);
        else
            fprintf(stderr, "bank: warning: %s: %s\n", w->rule, w->message);
    }
}

static void print_stale(const cp_deck *deck, const check_args *a, const cp_stale *stale, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const cp_card *c = cp_deck_card(deck, stale[i].card);
        if (stale[i].reviewed)
            printf("%s:%u: %s: reviewed %04d-%02d (%d months ago)\n", c->file, c->line, c->id,
                   (int)(stale[i].reviewed / 100), (int)(stale[i].reviewed % 100), (int)stale[i].months);
        else
            printf("%s:%u: %s: never reviewed\n", c->file, c->line, c->id);
    }
    printf("%zu of %zu cards not reviewed within %d month%s of %04d-%02d\n", n, cp_deck_count(deck),
           a->stale_months, a->stale_months == 1 ? "" : "s", (int)(a->now / 100), (int)(a->now % 100));
}

/* One line per source: where the cards came from. */
static void print_source_lines(const cp_source *sources, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const cp_source *s = &sources[i];
        const char *label = s->kind == CP_SOURCE_LEARNER    ? "your decks"
                            : s->kind == CP_SOURCE_OPTION   ? "decks (--decks)"
                            : s->kind == CP_SOURCE_ENV      ? "decks (CLOUDPREP_DECKS)"
                            : s->kind == CP_SOURCE_BUILD    ? "bundled decks (source tree)"
                                                            : "bundled decks";
        if (s->absent) {
            printf("%s: none yet (Markdown decks go in %s)\n", label, s->path);
            continue;
        }
        printf("%s: %zu card%s in %zu file%s", label, s->cards, s->cards == 1 ? "" : "s", s->files,
               s->files == 1 ? "" : "s");
        if (s->skipped)
            printf(", %zu skipped", s->skipped);
        else if (s->n_diags)
            printf(", %zu problem%s", s->n_diags, s->n_diags == 1 ? "" : "s");
        printf(" (%s)\n", s->path);
    }
}

static int usage(FILE *out)
{
    fprintf(out, "usage: cloudprep check [--json] [--lint [--strict]] [--stale MONTHS [--now YYYY-MM]] [PATH...]\n"
                 "Validates deck files or directories (default: the bundled decks and your own,\n"
                 "in DATA_DIR/decks, each counted on its own line).\n"
                 "Problems: file:line: message on stderr. --lint adds quality warnings after them\n"
                 "(file:line: warning: rule: message); --stale lists on stdout the cards not reviewed\n"
                 "within MONTHS (default now: this month), oldest first. --strict makes warnings and\n"
                 "stale cards fail. Exit 0 clean, 1 invalid cards (or --strict findings), 2 usage/I/O error.\n");
    return out == stdout ? CP_EXIT_OK : CP_EXIT_USAGE;
}

int cp_cli_check(const cp_cli_common *common, int argc, char **argv)
{
    check_args a = {.stale_months = -1};
    const char *paths[256];
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            a.json = true;
        } else if (strcmp(argv[i], "--lint") == 0) {
            a.lint = true;
        } else if (strcmp(argv[i], "--strict") == 0) {
            a.strict = true;
        } else if (strcmp(argv[i], "--stale") == 0 || strcmp(argv[i], "--now") == 0) {
            const char *opt = argv[i], *v = i + 1 < argc ? argv[++i] : NULL;
            char *end = NULL;
            long months = v ? strtol(v, &end, 10) : -1;
            if (!v) {
                fprintf(stderr, "cloudprep check: %s needs a value\n", opt);
                return CP_EXIT_USAGE;
            } else if (strcmp(opt, "--now") == 0) {
                if (!(a.now = parse_month(v))) {
                    fprintf(stderr, "cloudprep check: --now '%s' is not a month (YYYY-MM)\n", v);
                    return CP_EXIT_USAGE;
                }
            } else if (!*v || *end || months < 0 || months > 1200) {
                fprintf(stderr, "cloudprep check: --stale '%s' is not a number of months (0-1200)\n", v);
                return CP_EXIT_USAGE;
            } else {
                a.stale_months = (int)months;
            }
        } else if (strcmp(argv[i], "--help") == 0) {
            return usage(stdout);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "cloudprep check: unknown option '%s'\n", argv[i]);
            return CP_EXIT_USAGE;
        } else if (n < sizeof paths / sizeof paths[0]) {
            paths[n++] = argv[i];
        }
    }
    if (a.strict && !a.lint && a.stale_months < 0) {
        fprintf(stderr, "cloudprep check: --strict goes with --lint or --stale\n");
        return CP_EXIT_USAGE;
    }
    if (a.now && a.stale_months < 0) {
        fprintf(stderr, "cloudprep check: --now goes with --stale\n");
        return CP_EXIT_USAGE;
    }
    if (a.stale_months >= 0 && !a.now && !(a.now = this_month())) {
        fprintf(stderr, "cloudprep check: cannot read the clock for --stale; give --now YYYY-MM\n");
        return CP_EXIT_USAGE;
    }
    /* No PATH: what the app loads, the bank and the learner's own decks. */
    cp_source sources[2];
    size_t n_sources = 0;
    if (n == 0) {
        int rc = cp_cli_bank(common, "check", &sources[0]);
        if (rc)
            return rc;
        n_sources = 1 + cp_cli_learner_decks(common, &sources[1]);
    }

    cp_deck *deck = NULL;
    cp_lint *lint = NULL;
    cp_stale *stale = NULL;
    size_t n_stale = 0;
    cp_error err = {0};
    cp_status status = n_sources ? cp_sources_load(sources, n_sources, &deck, &err)
                                 : cp_deck_load(paths, n, &deck, &err);
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        if (g->line)
            fprintf(stderr, "%s:%u: %s\n", g->file, g->line, g->message);
        else
            fprintf(stderr, "%s: %s\n", g->file, g->message);
    }
    if (status == CP_ERR_IO && n_sources && !cp_deck_diag_count(deck))
        fprintf(stderr, "%s: %s\n", err.file, err.message);
    if (status == CP_ERR_NOMEM) {
        /* Some cards are missing: say so, never check a partial deck quietly. */
        if (err.line)
            fprintf(stderr, "%s:%u: %s\n", err.file, err.line, err.message);
        else
            fprintf(stderr, "%s%s%s\n", err.file, err.file[0] ? ": " : "", err.message);
    }
    bool failed = false;            /* the lint or --stale could not run */
    if (a.lint && deck && cp_lint_run(deck, NULL, &lint, &err) != CP_OK) {
        fprintf(stderr, "cloudprep check: %s\n", err.message);
        failed = true;
    }
    if (a.stale_months >= 0 && deck &&
        cp_lint_stale(deck, a.now, a.stale_months, &stale, &n_stale, &err) != CP_OK) {
        fprintf(stderr, "cloudprep check: %s\n", err.message);
        failed = true;
    }
    print_warnings(lint);
    if (a.stale_months >= 0 && !a.json && !failed)
        print_stale(deck, &a, stale, n_stale);
    if (a.json)
        print_summary(deck, &a, lint, stale, n_stale, sources, n_sources);
    else if (n_sources)
        print_source_lines(sources, n_sources);

    bool invalid = cp_deck_invalid_count(deck) || cp_deck_diag_count(deck);
    int rc = CP_EXIT_OK;
    if (failed || status == CP_ERR_IO || status == CP_ERR_NOMEM) {
        rc = CP_EXIT_USAGE;
    } else if (invalid) {
        rc = CP_EXIT_FINDINGS;
    } else if (cp_deck_file_count(deck) == 0) {
        fprintf(stderr, "cloudprep check: no deck files (*.md) found\n");
        rc = CP_EXIT_USAGE;
    } else if (a.strict && (cp_lint_count(lint) || n_stale)) {
        rc = CP_EXIT_FINDINGS;
    }
    if (!a.json && rc != CP_EXIT_USAGE && !invalid) {
        printf("%zu cards in %zu files: all valid", cp_deck_count(deck), cp_deck_file_count(deck));
        if (a.lint)
            printf("; %zu warning%s%s", cp_lint_count(lint), cp_lint_count(lint) == 1 ? "" : "s",
                   a.strict && cp_lint_count(lint) ? " (--strict: failing)" : "");
        printf("\n");
    }
    free(stale);
    cp_lint_free(lint);
    cp_deck_free(deck);
    return rc;
}
