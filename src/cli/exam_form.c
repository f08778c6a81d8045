/* `cloudprep exam-form [--seed N] [--json] [--diagnostic]`: builds a form
 * the way the app would for a new learner (no response data, no recent
 * forms) from the decks, and prints it. --json prints
 *   {"items":[{"id","domain","task","type","scored"}...],
 *    "cut_raw":x,"scale":[s0..s50]}
 * where scale[r] is the scaled score for r scored items right. Exit 0, or 2
 * on a usage error or a bank too small for a form. */
#include "cli/cli.h"
#include "cli/options.h"
#include "cli/json.h"
#include "cloudprep/exam.h"

#include <stdlib.h>
#include <string.h>

static void print_json(const cp_exam_form *f)
{
    printf("{\"kind\":\"%s\",\"items\":[", f->kind == CP_EXAM_DIAGNOSTIC ? "diagnostic" : "mock");
    for (size_t i = 0; i < f->n_items; i++) {
        const cp_card *c = f->items[i].card;
        printf("%s\n  {\"id\":", i ? "," : "");
        cp_json_string(stdout, c->id);
        printf(",\"domain\":%d,\"task\":\"%s\",\"type\":\"%s\",\"difficulty\":\"%s\","
               "\"scored\":%s}",
               c->domain, cp_blueprint_task(c->task)->id, cp_card_type_name(c->type),
               cp_difficulty_name(c->difficulty), f->items[i].scored ? "true" : "false");
    }
    printf("\n],\"n_scored\":%d,\"cut_raw\":%.4f,\"time_limit_s\":%d,\"scale\":[",
           f->n_scored, f->cut_raw, (int)f->time_limit_s);
    for (int r = 0; r <= f->n_scored; r++)
        printf("%s%d", r ? "," : "", cp_exam_form_scale(f, r));
    printf("]}\n");
}

static void print_text(const cp_exam_form *f)
{
    for (size_t i = 0; i < f->n_items; i++) {
        const cp_card *c = f->items[i].card;
        printf("%2zu  %-40s  domain %d  task %-4s %-6s %-6s %s\n", i + 1, c->id, c->domain,
               cp_blueprint_task(c->task)->id, cp_card_type_name(c->type),
               cp_difficulty_name(c->difficulty), f->items[i].scored ? "scored" : "unscored");
    }
    printf("cut raw %.2f of %d; pass at %d right (scaled %d)\n", f->cut_raw, f->n_scored,
           cp_score_pass_raw(f->cut_raw, f->n_scored),
           cp_exam_form_scale(f, cp_score_pass_raw(f->cut_raw, f->n_scored)));
}

int cp_cli_exam_form(const cp_cli_common *common, int argc, char **argv)
{
    bool json = false, diagnostic = false;
    long long seed_arg = 1;
    const cp_option options[] = {
        {"--json", CP_OPT_FLAG, &json, 0, 0, NULL},
        {"--diagnostic", CP_OPT_FLAG, &diagnostic, 0, 0, NULL},
        {"--seed", CP_OPT_INT, &seed_arg, 0, 9007199254740992.0, NULL},
    };
    cp_cli_args args = {.command = "exam-form", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        printf("usage: cloudprep [--data-dir DIR] [--decks DIR] exam-form [--seed N] [--json] [--diagnostic]\n"
               "Builds a mock exam form (65 items; --diagnostic: 10) for a new learner,\n"
               "from the bank and the learner's own decks as the app loads them.\n");
        return CP_EXIT_OK;
    }
    uint64_t seed = (uint64_t)seed_arg;
    cp_exam_form_desc desc = {.kind = diagnostic ? CP_EXAM_DIAGNOSTIC : CP_EXAM_MOCK};
    cp_cli_decks decks;
    cp_error err = {0};
    cp_exam_bank bank = {0};
    int rc = cp_cli_load_decks(common, "exam-form", true, &decks);
    if (rc)
        return rc;
    const char *path = decks.sources[0].path;
    cp_exam_form *form = calloc(1, sizeof *form);
    if (!form || cp_exam_bank_from_deck(decks.deck, &bank, &err) != CP_OK) {
        fprintf(stderr, "cloudprep exam-form: %s%s%s\n", err.file, *err.file ? ": " : "",
                form ? err.message : "out of memory");
        rc = CP_EXIT_USAGE;
        goto done;
    }
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    if (cp_exam_build(&bank, &desc, &rng, form, &err) != CP_OK) {
        fprintf(stderr, "cloudprep exam-form: %s (decks: %s)\n", err.message, path);
        rc = CP_EXIT_USAGE;
        goto done;
    }
    if (json)
        print_json(form);
    else
        print_text(form);
done:
    cp_exam_bank_release(&bank);
    cp_cli_decks_free(&decks);
    free(form);
    return rc;
}
