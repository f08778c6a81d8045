/* `cloudprep check [--json] [PATH...]`: validates decks. Problems go to
 * stderr as `file:line: message`; --json prints a summary on stdout (totals
 * by domain, task, type and difficulty, and the problems). Exit 0 clean,
 * 1 when any card is invalid, 2 on a usage or I/O error. */
#include "cli/cli.h"
#include "cli/json.h"
#include "cloudprep/blueprint.h"
#include "cloudprep/deck.h"

#include <stdlib.h>
#include <string.h>

static void print_summary(const cp_deck *deck)
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
    printf("\n    }\n  },\n  \"problems\": [");
    free(mentions);
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        printf("%s\n    {\"file\": ", i ? "," : "");
        cp_json_string(stdout, g->file);
        printf(", \"line\": %u, \"message\": ", g->line);
        cp_json_string(stdout, g->message);
        printf("}");
    }
    printf("%s]\n}\n", cp_deck_diag_count(deck) ? "\n  " : "");
}

int cp_cli_check(const cp_cli_common *common, int argc, char **argv)
{
    bool json = false;
    const char *paths[256];
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: cloudprep check [--json] [PATH...]\n"
                   "Validates deck files or directories (default: the bundled decks).\n"
                   "Problems: file:line: message on stderr. Exit 0 clean, 1 invalid cards, 2 usage/I/O error.\n");
            return CP_EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "cloudprep check: unknown option '%s'\n", argv[i]);
            return CP_EXIT_USAGE;
        } else if (n < sizeof paths / sizeof paths[0]) {
            paths[n++] = argv[i];
        }
    }
    if (n == 0)
        paths[n++] = common->deck_dir ? common->deck_dir : cp_cli_default_decks();

    cp_deck *deck = NULL;
    cp_error err = {0};
    cp_status status = cp_deck_load(paths, n, &deck, &err);
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        if (g->line)
            fprintf(stderr, "%s:%u: %s\n", g->file, g->line, g->message);
        else
            fprintf(stderr, "%s: %s\n", g->file, g->message);
    }
    if (status == CP_ERR_NOMEM) {
        /* Some cards are missing: say so, never check a partial deck quietly. */
        if (err.line)
            fprintf(stderr, "%s:%u: %s\n", err.file, err.line, err.message);
        else
            fprintf(stderr, "%s%s%s\n", err.file, err.file[0] ? ": " : "", err.message);
    }
    if (json)
        print_summary(deck);
    int rc = CP_EXIT_OK;
    if (status == CP_ERR_IO || status == CP_ERR_NOMEM)
        rc = CP_EXIT_USAGE;
    else if (cp_deck_invalid_count(deck) || cp_deck_diag_count(deck))
        rc = CP_EXIT_FINDINGS;
    else if (cp_deck_file_count(deck) == 0) {
        fprintf(stderr, "cloudprep check: no deck files (*.md) found\n");
        rc = CP_EXIT_USAGE;
    }
    if (!json && rc == CP_EXIT_OK)
        printf("%zu cards in %zu files: all valid\n", cp_deck_count(deck), cp_deck_file_count(deck));
    cp_deck_free(deck);
    return rc;
}
