/* `cloudprep sim --learners N --days D --seed S [--json]`: runs the learner
 * simulator (see include/cloudprep/sim.h) on the decks' question cards and
 * prints, per learner, each mock's prediction (pass probability, predicted
 * scaled score and band, verdict) against its outcome, then the calibration
 * table (predicted pass probability in ten bins against the actual pass
 * rate), the Brier score and the mean absolute error of the predicted
 * scaled score. Exit 0, or 2 on a usage error or a bank too small. */
#include "cli/cli.h"
#include "cli/options.h"
#include "cli/json.h"
#include "cloudprep/platform.h"
#include "cloudprep/sim.h"

#include <stdlib.h>
#include <string.h>

static void print_calibration(const char *title, const cp_sim_calibration *c)
{
    printf("\n%s (%zu occasions)\n  bin        n      predicted  actual\n", title, c->n);
    for (int b = 0; b < CP_SIM_BINS; b++) {
        const cp_sim_bin *x = &c->bins[b];
        if (x->n)
            printf("  %.1f-%.1f  %6zu     %.3f    %.3f\n", b / 10.0, (b + 1) / 10.0, x->n,
                   x->mean_predicted, x->actual_rate);
    }
    printf("  Brier %.4f (base rate %.4f, ratio %.2f); score MAE %.1f, bias %+.1f\n", c->brier,
           c->brier_base, c->brier_base > 0 ? c->brier / c->brier_base : 0.0, c->mae_scaled,
           c->bias_scaled);
    printf("  predicted %.3f, actual %.3f; Ready %zu, of them passed %zu (%.1f%%); first Ready %zu, passed %zu\n",
           c->predicted_pass_mean, c->actual_pass_rate, c->ready, c->ready_passed,
           c->ready ? 100.0 * (double)c->ready_passed / (double)c->ready : 0.0, c->first_ready,
           c->first_ready_passed);
}

static void print_text(const cp_sim_result *r, double seconds)
{
    print_calibration("meter vs mock", &r->mock);
    if (r->exam.n)
        print_calibration("meter vs real-exam proxy", &r->exam);
    print_calibration("old meter vs mock", &r->legacy_mock);
    if (r->legacy_exam.n)
        print_calibration("old meter vs real-exam proxy", &r->legacy_exam);
    printf("\nfresh share of scored mock items %.3f; %zu mocks; %.2f s\n", r->fresh_share,
           r->n_mocks, seconds);
}

static void print_json(const cp_sim_result *r, const cp_sim_desc *d, double seconds)
{
    printf("{\"learners_count\":%zu,\"days\":%d,\"seed\":%llu,\"learners\":[", r->n_learners,
           d->days, (unsigned long long)d->seed);
    size_t m = 0;
    for (size_t k = 0; k < r->n_learners; k++) {
        const cp_sim_learner *l = &r->learners[k];
        printf("%s\n {\"learner\":%zu,\"answers\":%u,\"study_days\":%d,\"mocks\":[",
               k ? "," : "", k + 1, l->answers, l->study_days);
        for (bool first = true; m < r->n_mocks && r->mocks[m].learner == k; m++, first = false) {
            const cp_sim_mock *x = &r->mocks[m];
            printf("%s{\"day\":%d,\"predicted_pass\":%.4f,\"predicted_scaled\":%d,"
                   "\"band\":[%d,%d],\"verdict\":",
                   first ? "" : ",", x->day + 1, x->predicted_pass, x->predicted_scaled,
                   x->band_low, x->band_high);
            cp_json_string(stdout, cp_verdict_name(x->verdict));
            printf(",\"scaled\":%d,\"passed\":%s,\"fresh_scored\":%d", x->scaled,
                   x->passed ? "true" : "false", x->fresh_scored);
            if (x->has_exam)
                printf(",\"exam_scaled\":%d,\"exam_passed\":%s", x->exam_scaled,
                       x->exam_passed ? "true" : "false");
            printf("}");
        }
        printf("]}");
    }
    printf("\n],\"calibration\":[");
    for (int b = 0; b < CP_SIM_BINS; b++) {
        const cp_sim_bin *x = &r->mock.bins[b];
        printf("%s\n {\"from\":%.1f,\"to\":%.1f,\"mocks\":%zu,\"predicted\":%.4f,\"actual\":%.4f}",
               b ? "," : "", b / 10.0, (b + 1) / 10.0, x->n, x->mean_predicted, x->actual_rate);
    }
    printf("\n],\"mocks\":%zu,\"brier\":%.5f,\"mae_scaled\":%.2f,\"predicted_pass_mean\":%.4f,"
           "\"actual_pass_rate\":%.4f,\"seconds\":%.2f}\n",
           r->n_mocks, r->mock.brier, r->mock.mae_scaled, r->mock.predicted_pass_mean,
           r->mock.actual_pass_rate, seconds);
}

int cp_cli_sim(const cp_cli_common *common, int argc, char **argv)
{
    cp_sim_desc desc = {.learners = 200, .days = 60, .seed = 1};
    bool json = false;
    long long learners = 200, days = 60, seed = 1;
    double holdout = 0.0, memorisation = 0.5;
    bool no_reserve = false;
    const cp_option options[] = {
        {"--holdout", CP_OPT_NUMBER, &holdout, 0, 0.999999, NULL},
        {"--memorisation", CP_OPT_NUMBER, &memorisation, 0, 1, NULL},
        {"--no-reserve", CP_OPT_FLAG, &no_reserve, 0, 0, NULL},
        {"--json", CP_OPT_FLAG, &json, 0, 0, NULL},
        {"--learners", CP_OPT_INT, &learners, 1, 100000, NULL},
        {"--days", CP_OPT_INT, &days, 1, 3650, NULL},
        {"--seed", CP_OPT_INT, &seed, 0, 9007199254740992.0, NULL},
    };
    cp_cli_args args = {.command = "sim", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        printf("usage: cloudprep [--decks DIR] sim [--learners N] [--days D] [--seed S] [--json]\n"
               "Simulates learners (default 200 for 60 days) studying the decks and taking\n"
               "mock exams, and reports how well the readiness meter predicted them.\n");
        return CP_EXIT_OK;
    }
    desc.learners = (size_t)learners;
    desc.days = (int)days;
    desc.seed = (uint64_t)seed;
    desc.holdout = holdout;
    desc.memorisation = memorisation;
    desc.no_reserve = no_reserve;
    const char *path = common->deck_dir ? common->deck_dir : cp_cli_default_decks();
    cp_deck *deck = NULL;
    cp_error err = {0};
    cp_sim_result result = {0};
    int rc = CP_EXIT_OK;
    if (cp_deck_load(&path, 1, &deck, &err) != CP_OK) {
        fprintf(stderr, "cloudprep sim: %s\n", err.message);
        rc = CP_EXIT_USAGE;
        goto done;
    }
    /* Wall time is the command's business, not the core's. */
    double t0 = cp_platform_seconds();
    if (cp_sim_run(deck, &desc, &result, &err) != CP_OK) {
        fprintf(stderr, "cloudprep sim: %s (decks: %s)\n", err.message, path);
        rc = CP_EXIT_USAGE;
        goto done;
    }
    double seconds = cp_platform_seconds() - t0;
    if (json)
        print_json(&result, &desc, seconds);
    else
        print_text(&result, seconds);
done:
    cp_sim_result_free(&result);
    cp_deck_free(deck);
    return rc;
}
