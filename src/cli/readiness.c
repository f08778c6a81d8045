/* `cloudprep readiness [--json] [--now UNIX]`: the readiness meter Home
 * shows, in the terminal: predicted score and band, pass chance, verdict,
 * every reason (met or not), when the next mock is due and how many fresh
 * mocks are left. Reads the learner's progress (--data-dir) and the decks
 * (--decks) through cp_readiness_load; writes nothing, and a missing
 * progress database reads as a new learner. Exit 0, 2 on a usage or deck
 * error, 3 when the progress database cannot be used. */
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/options.h"
#include "cloudprep/platform.h"
#include "cloudprep/readiness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *reason_name(cp_reason_code code)
{
    switch (code) {
    case CP_REASON_PASS_PROBABILITY: return "pass_probability";
    case CP_REASON_MOCK_COUNT: return "mock_count";
    case CP_REASON_MOCK_SCORES: return "mock_scores";
    case CP_REASON_DOMAIN_GAP: return "domain_gap";
    case CP_REASON_FRESH_MOCKS: return "fresh_mocks";
    }
    return "?";
}

static void print_json(const cp_readiness *r)
{
    printf("{\n  \"verdict\": ");
    cp_json_string(stdout, cp_verdict_name(r->verdict));
    printf(",\n  \"ready\": %s,\n  \"predicted_scaled\": %d,\n  \"band\": [%d, %d],\n"
           "  \"pass_probability\": %.4f,\n  \"expected_raw\": %.2f,\n  \"cut_raw\": %.2f,\n"
           "  \"ability_sd\": %.4f,\n  \"evidence\": %.2f,\n  \"domains\": [",
           r->verdict == CP_READY ? "true" : "false", r->predicted_scaled, r->band_low,
           r->band_high, r->pass_probability, r->expected_raw, r->cut_raw, r->ability_sd,
           r->evidence);
    for (int d = 0; d < CP_DOMAINS; d++) {
        printf("%s\n    {\"domain\": %d, \"name\": ", d ? "," : "", d + 1);
        cp_json_string(stdout, cp_blueprint_domain(d + 1)->name);
        printf(", \"p\": %.4f}", r->domain_p[d]);
    }
    printf("\n  ],\n  \"reasons\": [");
    for (size_t i = 0; i < r->n_reasons; i++) {
        const cp_reason *x = &r->reasons[i];
        printf("%s\n    {\"rule\": \"%s\", \"met\": %s, \"domain\": %d, \"value\": %.4f, \"text\": ",
               i ? "," : "", reason_name(x->code), x->met ? "true" : "false", x->domain, x->value);
        cp_json_string(stdout, x->text);
        printf("}");
    }
    printf("\n  ],\n  \"mock_due\": %s,\n  \"next_mock_days\": %d,\n  \"fresh_mocks_left\": %d\n}\n",
           r->mock_due ? "true" : "false", r->next_mock_days, r->fresh_mocks_left);
}

static void print_text(const cp_readiness *r)
{
    printf("%s: predicted %d (likely %d-%d), pass chance %d%%\n", cp_verdict_name(r->verdict),
           r->predicted_scaled, r->band_low, r->band_high,
           cp_readiness_percent(r->pass_probability));
    for (int d = 0; d < CP_DOMAINS; d++)
        printf("  %-36s %3.0f%%\n", cp_blueprint_domain(d + 1)->name, 100.0 * r->domain_p[d]);
    for (size_t i = 0; i < r->n_reasons; i++)
        printf("%s %s\n", r->reasons[i].met ? "[x]" : "[ ]", r->reasons[i].text);
    if (r->mock_due)
        printf("A mock exam is due now.\n");
    else
        printf("Next mock exam in %d day%s.\n", r->next_mock_days, r->next_mock_days == 1 ? "" : "s");
    printf("%d fresh mock%s left (questions you have not seen).\n", r->fresh_mocks_left,
           r->fresh_mocks_left == 1 ? "" : "s");
}

/* A learner with no database: the meter of an empty history. */
static cp_status fresh_learner(const cp_deck *deck, cp_time now, cp_readiness *out, cp_error *err)
{
    cp_exam_bank bank;
    cp_status s = cp_exam_bank_from_deck(deck, &bank, err);
    if (s != CP_OK)
        return s;
    if (!bank.n_cards)
        s = cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                         "the decks hold no question cards, so there is nothing to measure");
    cp_readiness_input in = {.bank = &bank, .started_at = now};
    if (s == CP_OK)
        s = cp_readiness_assess(&in, NULL, now, out, err);
    cp_exam_bank_release(&bank);
    return s;
}

int cp_cli_readiness(const cp_cli_common *common, int argc, char **argv)
{
    bool json = false;
    int64_t now = cp_platform_now();
    const cp_option options[] = {
        {"--json", CP_OPT_FLAG, &json, 0, 0, NULL},
        {"--now", CP_OPT_TIME, &now, 0, 0, NULL},
    };
    cp_cli_args args = {.command = "readiness", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        printf("usage: cloudprep [--data-dir DIR] [--decks DIR] readiness [--json] [--now UNIX]\n"
               "Prints the readiness meter: predicted score and band, pass chance, verdict\n"
               "and every reason, the next mock and the fresh mocks left.\n");
        return CP_EXIT_OK;
    }
    char dir[1024];
    if (common->data_dir)
        snprintf(dir, sizeof dir, "%s", common->data_dir);
    else if (!cp_platform_data_dir(dir, sizeof dir)) {
        fprintf(stderr, "cloudprep readiness: %s; use --data-dir DIR\n",
                cp_platform_data_dir_missing());
        return CP_EXIT_USAGE;
    }
    cp_cli_decks decks;
    cp_store *store = NULL;
    cp_error err = {0};
    cp_readiness r;
    int rc = cp_cli_load_decks(common, "readiness", true, &decks);
    if (rc)
        return rc;
    const cp_deck *deck = decks.deck;
    char db[1100];
    cp_file_info st;
    snprintf(db, sizeof db, "%s/progress.db", dir);
    if (cp_platform_stat(db, &st) != 0 && errno != ENOENT) {
        fprintf(stderr, "cloudprep readiness: %s: cannot read the progress database (%s); "
                        "check the folder's permissions.\n", db, strerror(errno));
        rc = CP_EXIT_STORE;
        goto done;
    }
    if (cp_platform_stat(db, &st) != 0) {
        if (fresh_learner(deck, now, &r, &err) != CP_OK) {
            fprintf(stderr, "cloudprep readiness: %s\n", err.message);
            rc = CP_EXIT_USAGE;
            goto done;
        }
    } else {
        cp_status s = cp_store_open(dir, NULL, &store, &err);
        if (s != CP_OK) {
            fprintf(stderr, "cloudprep readiness: %s%s%s\n", err.file, *err.file ? ": " : "",
                    err.message);
            rc = CP_EXIT_STORE;
            goto done;
        }
        if ((s = cp_readiness_load(store, deck, NULL, NULL, now, &r, &err)) != CP_OK) {
            fprintf(stderr, "cloudprep readiness: %s\n", err.message);
            rc = s == CP_ERR_INVALID ? CP_EXIT_USAGE : CP_EXIT_STORE;
            goto done;
        }
    }
    if (json)
        print_json(&r);
    else
        print_text(&r);
done:
    cp_store_close(store);
    cp_cli_decks_free(&decks);
    return rc;
}
