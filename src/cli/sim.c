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
#include "cloudprep/sim.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void print_text(const cp_sim_result *r, double seconds)
{
    size_t m = 0;
    for (size_t k = 0; k < r->n_learners; k++) {
        const cp_sim_learner *l = &r->learners[k];
        printf("learner %zu (aptitude %.2f %.2f %.2f %.2f, studies %.0f%% of days, %d new/day, %u answers)\n",
               k + 1, l->aptitude[0], l->aptitude[1], l->aptitude[2], l->aptitude[3],
               100.0 * l->diligence, l->new_per_day, l->reviews);
        for (; m < r->n_mocks && r->mocks[m].learner == k; m++) {
            const cp_sim_mock *x = &r->mocks[m];
            printf("  day %2d  predicted P(pass) %.2f  score %d [%d-%d]  %-13s -> scored %4d %s\n",
                   x->day + 1, x->predicted_pass, x->predicted_scaled, x->band_low, x->band_high,
                   cp_verdict_name(x->verdict), x->scaled, x->passed ? "PASS" : "fail");
        }
    }
    printf("\ncalibration (%zu mocks): predicted pass probability against the actual pass rate\n",
           r->n_mocks);
    printf("  bin        mocks  predicted  actual\n");
    for (int b = 0; b < CP_SIM_BINS; b++) {
        const cp_sim_bin *x = &r->bins[b];
        if (x->n)
            printf("  %.1f-%.1f  %6zu     %.3f    %.3f\n", b / 10.0, (b + 1) / 10.0, x->n,
                   x->mean_predicted, x->actual_rate);
        else
            printf("  %.1f-%.1f  %6zu         -        -\n", b / 10.0, (b + 1) / 10.0, x->n);
    }
    printf("Brier score %.4f; mean absolute error of the predicted scaled score %.1f\n",
           r->brier, r->mae_scaled);
    printf("mean predicted pass probability %.3f, actual pass rate %.3f; %.2f s\n",
           r->predicted_pass_mean, r->actual_pass_rate, seconds);
}

static void print_json(const cp_sim_result *r, const cp_sim_desc *d, double seconds)
{
    printf("{\"learners_count\":%zu,\"days\":%d,\"seed\":%llu,\"learners\":[", r->n_learners,
           d->days, (unsigned long long)d->seed);
    size_t m = 0;
    for (size_t k = 0; k < r->n_learners; k++) {
        const cp_sim_learner *l = &r->learners[k];
        printf("%s\n {\"learner\":%zu,\"aptitude\":[%.3f,%.3f,%.3f,%.3f],\"diligence\":%.3f,"
               "\"new_per_day\":%d,\"answers\":%u,\"mocks\":[",
               k ? "," : "", k + 1, l->aptitude[0], l->aptitude[1], l->aptitude[2],
               l->aptitude[3], l->diligence, l->new_per_day, l->reviews);
        for (bool first = true; m < r->n_mocks && r->mocks[m].learner == k; m++, first = false) {
            const cp_sim_mock *x = &r->mocks[m];
            printf("%s{\"day\":%d,\"predicted_pass\":%.4f,\"predicted_scaled\":%d,"
                   "\"band\":[%d,%d],\"verdict\":",
                   first ? "" : ",", x->day + 1, x->predicted_pass, x->predicted_scaled,
                   x->band_low, x->band_high);
            cp_json_string(stdout, cp_verdict_name(x->verdict));
            printf(",\"scaled\":%d,\"passed\":%s}", x->scaled, x->passed ? "true" : "false");
        }
        printf("]}");
    }
    printf("\n],\"calibration\":[");
    for (int b = 0; b < CP_SIM_BINS; b++) {
        const cp_sim_bin *x = &r->bins[b];
        printf("%s\n {\"from\":%.1f,\"to\":%.1f,\"mocks\":%zu,\"predicted\":%.4f,\"actual\":%.4f}",
               b ? "," : "", b / 10.0, (b + 1) / 10.0, x->n, x->mean_predicted, x->actual_rate);
    }
    printf("\n],\"mocks\":%zu,\"brier\":%.5f,\"mae_scaled\":%.2f,\"predicted_pass_mean\":%.4f,"
           "\"actual_pass_rate\":%.4f,\"seconds\":%.2f}\n",
           r->n_mocks, r->brier, r->mae_scaled, r->predicted_pass_mean, r->actual_pass_rate,
           seconds);
}

int cp_cli_sim(const cp_cli_common *common, int argc, char **argv)
{
    cp_sim_desc desc = {.learners = 200, .days = 60, .seed = 1};
    bool json = false;
    long long learners = 200, days = 60, seed = 1;
    const cp_option options[] = {
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
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (cp_sim_run(deck, &desc, &result, &err) != CP_OK) {
        fprintf(stderr, "cloudprep sim: %s (decks: %s)\n", err.message, path);
        rc = CP_EXIT_USAGE;
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (json)
        print_json(&result, &desc, seconds);
    else
        print_text(&result, seconds);
done:
    cp_sim_result_free(&result);
    cp_deck_free(deck);
    return rc;
}
