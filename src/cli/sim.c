/* `cloudprep sim [--learners N] [--days D] [--seed S] [--holdout F]
 * [--memorisation M] [--reserve on|off] [--plan-day D] [--learner-cmd CMD]
 * [--json]`:
 * runs the learner simulator (include/cloudprep/sim.h) on the decks and
 * prints, per learner, each mock's prediction (pass probability, predicted
 * scaled score and band, verdict) against its outcome, the real-exam
 * proxy's and the old meter's beside it, then how well each meter did
 * against each outcome: the calibration table (predicted pass probability
 * in ten bins against the actual pass rate), Brier score, score error and
 * bias, and how often Ready was right. With a holdout, the study plan's
 * projection is checked too: made on --plan-day, against a proxy on the
 * last day (sim.h, cp_sim_projection).
 *
 * The learners are the built-in ones, or with --learner-cmd another
 * program's (sim_learner.h). Exit 0; 2 on a usage error, a bank too small,
 * or a learner command that failed. */
#include "cli/cli.h"
#include "cli/options.h"
#include "cli/json.h"
#include "cloudprep/platform.h"
#include "cli/sim_learner.h"
#include "cloudprep/sim.h"

#include <stdlib.h>
#include <string.h>

/* ---- text ------------------------------------------------------------------ */

static void print_calibration_text(const char *title, const cp_sim_calibration *c)
{
    printf("\n%s (%zu occasions)\n", title, c->n);
    if (!c->n) {
        printf("  no mocks\n");
        return;
    }
    bool projection = strstr(title, "projection") || strstr(title, "as it stood");
    printf("  bin        count  predicted  actual\n");
    for (int b = 0; b < CP_SIM_BINS; b++) {
        const cp_sim_bin *x = &c->bins[b];
        if (x->n)
            printf("  %.1f-%.1f  %6zu     %.3f    %.3f\n", b / 10.0, (b + 1) / 10.0, x->n,
                   x->mean_predicted, x->actual_rate);
        else
            printf("  %.1f-%.1f  %6zu         -        -\n", b / 10.0, (b + 1) / 10.0, x->n);
    }
    printf("  Brier score %.4f (%.4f for the base rate); predicted scaled score off by %.1f "
           "on average, bias %+.1f\n",
           c->brier, c->brier_base, c->mae_scaled, c->bias_scaled);
    printf("  mean predicted pass probability %.3f, actual pass rate %.3f\n",
           c->predicted_pass_mean, c->actual_pass_rate);
    if (!projection)
        printf("  Ready %zu times, %zu of them passed; %zu learners first Ready, %zu of them "
               "passed\n",
               c->ready, c->ready_passed, c->first_ready, c->first_ready_passed);
}

static void print_text(const cp_sim_result *r, bool holdout, double seconds)
{
    size_t m = 0;
    for (size_t k = 0; k < r->n_learners; k++) {
        const cp_sim_learner *l = &r->learners[k];
        printf("learner %zu: %u answers on %d study days, %d mocks\n", k + 1, l->answers,
               l->study_days, l->mocks);
        for (; m < r->n_mocks && r->mocks[m].learner == k; m++) {
            const cp_sim_mock *x = &r->mocks[m];
            printf("  day %2d  P(pass) %.2f  score %d [%d-%d]  %-13s -> mock %4d %s  fresh %d/50",
                   x->day, x->predicted_pass, x->predicted_scaled, x->band_low, x->band_high,
                   cp_verdict_name(x->verdict), x->scaled, x->passed ? "PASS" : "fail",
                   x->fresh_scored);
            if (x->has_exam)
                printf("  exam %4d %s", x->exam_scaled, x->exam_passed ? "PASS" : "fail");
            printf("  old meter %.2f %d\n", x->legacy_pass, x->legacy_scaled);
        }
    }
    print_calibration_text("the meter against the mock", &r->mock);
    if (holdout)
        print_calibration_text("the meter against the real-exam proxy", &r->exam);
    print_calibration_text("the old meter against the mock", &r->legacy_mock);
    if (holdout)
        print_calibration_text("the old meter against the real-exam proxy", &r->legacy_exam);
    if (r->n_projections) {
        const cp_sim_projection *x = &r->projections[0];
        char title[160];
        snprintf(title, sizeof title,
                 "the plan projection (day %d, to day %d at each learner's pace) against the "
                 "real-exam proxy on day %d", x->day, x->target_day, x->target_day);
        print_calibration_text(title, &r->projection);
        print_calibration_text("the meter carried to that coverage, before the calibration",
                               &r->projection_carried);
        snprintf(title, sizeof title,
                 "the meter as it stood on day %d against the same proxy", x->day);
        print_calibration_text(title, &r->projection_now);
    }
    printf("\nfresh share: %.3f of the scored mock items were new to the learner; %.2f s\n",
           r->fresh_share, seconds);
}

/* ---- JSON ------------------------------------------------------------------ */

static void print_bins_json(const cp_sim_calibration *c)
{
    printf("[");
    for (int b = 0; b < CP_SIM_BINS; b++) {
        const cp_sim_bin *x = &c->bins[b];
        printf("%s\n {\"from\":%.1f,\"to\":%.1f,\"mocks\":%zu,\"predicted\":%.4f,\"actual\":%.4f}",
               b ? "," : "", b / 10.0, (b + 1) / 10.0, x->n, x->mean_predicted, x->actual_rate);
    }
    printf("\n]");
}

static void print_summary_json(const cp_sim_calibration *c)
{
    printf("{\"n\":%zu,\"brier\":%.5f,\"brier_base\":%.5f,\"mae_scaled\":%.2f,"
           "\"bias_scaled\":%.2f,\"predicted_pass_mean\":%.4f,\"actual_pass_rate\":%.4f,"
           "\"ready\":%zu,\"ready_passed\":%zu,\"first_ready\":%zu,\"first_ready_passed\":%zu,"
           "\"calibration\":",
           c->n, c->brier, c->brier_base, c->mae_scaled, c->bias_scaled, c->predicted_pass_mean,
           c->actual_pass_rate, c->ready, c->ready_passed, c->first_ready, c->first_ready_passed);
    print_bins_json(c);
    printf("}");
}

static void print_mock_json(const cp_sim_mock *x)
{
    printf("{\"day\":%d,\"predicted_pass\":%.4f,\"predicted_scaled\":%d,\"band\":[%d,%d],"
           "\"verdict\":",
           x->day, x->predicted_pass, x->predicted_scaled, x->band_low, x->band_high);
    cp_json_string(stdout, cp_verdict_name(x->verdict));
    printf(",\"scaled\":%d,\"passed\":%s,\"fresh_scored\":%d", x->scaled,
           x->passed ? "true" : "false", x->fresh_scored);
    if (x->has_exam)
        printf(",\"exam_scaled\":%d,\"exam_passed\":%s", x->exam_scaled,
               x->exam_passed ? "true" : "false");
    printf(",\"legacy_pass\":%.4f,\"legacy_scaled\":%d,\"legacy_verdict\":", x->legacy_pass,
           x->legacy_scaled);
    cp_json_string(stdout, cp_verdict_name(x->legacy_verdict));
    printf("}");
}

static void print_json(const cp_sim_result *r, const cp_sim_desc *d, bool builtin,
                       double seconds)
{
    bool holdout = d->holdout > 0;
    printf("{\"learners_count\":%zu,\"days\":%d,\"seed\":%llu,\"holdout\":%g,\"memorisation\":",
           r->n_learners, d->days, (unsigned long long)d->seed, d->holdout);
    if (builtin)
        printf("%g", d->memorisation);
    else
        printf("null");
    printf(",\"reserve\":%s,\"learners\":[", d->no_reserve ? "false" : "true");
    size_t m = 0;
    for (size_t k = 0; k < r->n_learners; k++) {
        const cp_sim_learner *l = &r->learners[k];
        printf("%s\n {\"learner\":%zu,\"answers\":%u,\"study_days\":%d,\"mocks\":[", k ? "," : "",
               k + 1, l->answers, l->study_days);
        for (bool first = true; m < r->n_mocks && r->mocks[m].learner == k; m++, first = false) {
            printf("%s", first ? "" : ",");
            print_mock_json(&r->mocks[m]);
        }
        printf("]}");
    }
    /* The meter against the mock, under the names these always had. */
    printf("\n],\"calibration\":");
    print_bins_json(&r->mock);
    printf(",\"mocks\":%zu,\"brier\":%.5f,\"mae_scaled\":%.2f,\"predicted_pass_mean\":%.4f,"
           "\"actual_pass_rate\":%.4f",
           r->n_mocks, r->mock.brier, r->mock.mae_scaled, r->mock.predicted_pass_mean,
           r->mock.actual_pass_rate);
    if (holdout) {
        printf(",\"calibration_exam\":");
        print_bins_json(&r->exam);
        printf(",\"brier_exam\":%.5f", r->exam.brier);
    }
    printf(",\"fresh_share\":%.4f,\n\"meter\":{\"mock\":", r->fresh_share);
    print_summary_json(&r->mock);
    if (holdout) {
        printf(",\"exam\":");
        print_summary_json(&r->exam);
    }
    printf("},\n\"legacy\":{\"mock\":");
    print_summary_json(&r->legacy_mock);
    if (holdout) {
        printf(",\"exam\":");
        print_summary_json(&r->legacy_exam);
    }
    printf("}");
    if (r->n_projections) {
        const cp_sim_projection *p0 = &r->projections[0];
        printf(",\n\"projection\":{\"day\":%d,\"target_day\":%d,\"meter\":", p0->day,
               p0->target_day);
        print_summary_json(&r->projection);
        printf(",\"carried\":");
        print_summary_json(&r->projection_carried);
        printf(",\"as_it_stood\":");
        print_summary_json(&r->projection_now);
        printf(",\"learners\":[");
        for (size_t i = 0; i < r->n_projections; i++) {
            const cp_sim_projection *x = &r->projections[i];
            printf("%s\n {\"learner\":%zu,\"day\":%d,\"target_day\":%d,\"shown\":%s,"
                   "\"predicted_pass\":%.4f,\"predicted_scaled\":%d,\"band\":[%d,%d],"
                   "\"carried_pass\":%.4f,\"carried_scaled\":%d,\"cov_now\":%.4f,"
                   "\"cov_then\":%.4f,\"growth_sd\":%.3f,\"now_pass\":%.4f,\"now_scaled\":%d,"
                   "\"end_pass\":%.4f,\"exam_scaled\":%d,\"exam_passed\":%s}",
                   i ? "," : "", x->learner + 1, x->day, x->target_day, x->shown ? "true" : "false",
                   x->predicted_pass, x->predicted_scaled, x->band_low, x->band_high,
                   x->carried_pass, x->carried_scaled, x->cov_now, x->cov_then, x->growth_sd,
                   x->now_pass, x->now_scaled, x->end_pass, x->exam_scaled,
                   x->exam_passed ? "true" : "false");
        }
        printf("\n]}");
    }
    printf(",\n\"seconds\":%.2f}\n", seconds);
}

/* ---- the command ----------------------------------------------------------- */

static const char USAGE[] =
    "usage: cloudprep [--decks DIR] sim [--learners N] [--days D] [--seed S] [--holdout F]\n"
    "                 [--memorisation M] [--reserve on|off] [--plan-day D]\n"
    "                 [--learner-cmd CMD] [--json]\n"
    "Simulates learners (default 200 for 60 days) studying the decks and taking\n"
    "mock exams, and reports how well the readiness meter predicted them.\n"
    "  --holdout F        withhold a share F (0 <= F < 1, default 0) of each domain's\n"
    "                     questions from each learner; after every mock they sit a\n"
    "                     real-exam proxy made of them\n"
    "  --memorisation M   how much the built-in learners answer a drilled item from\n"
    "                     memory of that item (0 to 1, default 0.5)\n"
    "  --reserve on|off   whether the learners keep the mock reserve (default on)\n"
    "  --plan-day D       with --holdout: on day D (default 14; 0: none) record each\n"
    "                     learner's projection to the last day at their pace, and\n"
    "                     check it against a real-exam proxy on the last day\n"
    "  --learner-cmd CMD  the learners come from CMD, run once with sh -c: one JSON\n"
    "                     line per request on its input, one per reply on its output\n"
    "                     (the protocol: docs/scoring.md); --memorisation is ignored\n"
    "  --json             print the results as JSON\n";

int cp_cli_sim(const cp_cli_common *common, int argc, char **argv)
{
    bool json = false;
    long long learners = 200, days = 60, seed = 1, plan_day = 14;
    double holdout = 0, memorisation = 0.5;
    int reserve = 0;            /* index into on_off */
    const char *learner_cmd = NULL;
    static const char *const on_off[] = {"on", "off", NULL};
    const cp_option options[] = {
        {"--json", CP_OPT_FLAG, &json, 0, 0, NULL},
        {"--learners", CP_OPT_INT, &learners, 1, 100000, NULL},
        {"--days", CP_OPT_INT, &days, 1, 3650, NULL},
        {"--seed", CP_OPT_INT, &seed, 0, 9007199254740992.0, NULL},
        {"--holdout", CP_OPT_NUMBER, &holdout, 0, 1, NULL},
        {"--memorisation", CP_OPT_NUMBER, &memorisation, 0, 1, NULL},
        {"--reserve", CP_OPT_CHOICE, &reserve, 0, 0, on_off},
        {"--plan-day", CP_OPT_INT, &plan_day, 0, 3649, NULL},
        {"--learner-cmd", CP_OPT_TEXT, &learner_cmd, 0, 0, NULL},
    };
    cp_cli_args args = {.command = "sim", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        fputs(USAGE, stdout);
        return CP_EXIT_OK;
    }
    /* The option table's ranges are closed; a holdout of 1 would leave
     * nothing to study. */
    if (holdout >= 1) {
        fprintf(stderr, "cloudprep sim: --holdout: %g is out of range (0 to less than 1)\n",
                holdout);
        return CP_EXIT_USAGE;
    }
    cp_sim_desc desc = {
        .learners = (size_t)learners,
        .days = (int)days,
        .seed = (uint64_t)seed,
        .holdout = holdout,
        .no_reserve = reserve == 1,
        .memorisation = memorisation,
        .projection_day = (int)plan_day,
    };
    const char *path = common->deck_dir ? common->deck_dir : cp_cli_default_decks();
    cp_deck *deck = NULL;
    cp_learner_cmd *cmd = NULL;
    cp_sim_answerer answerer = {0};
    cp_error err = {0};
    cp_sim_result result = {0};
    int rc = CP_EXIT_OK;
    if (cp_deck_load(&path, 1, &deck, &err) != CP_OK) {
        fprintf(stderr, "cloudprep sim: %s\n", err.message);
        rc = CP_EXIT_USAGE;
        goto done;
    }
    if (learner_cmd) {
        if (cp_learner_cmd_start(learner_cmd, deck, &cmd, &answerer, &err) != CP_OK) {
            fprintf(stderr, "cloudprep sim: %s\n", err.message);
            rc = CP_EXIT_USAGE;
            goto done;
        }
        desc.answerer = &answerer;
    }
    /* Wall time is the command's business, not the core's. */
    double t0 = cp_platform_seconds();
    cp_status st = cp_sim_run(deck, &desc, &result, &err);
    double seconds = cp_platform_seconds() - t0;
    if (st != CP_OK) {
        if (cmd)
            fprintf(stderr, "cloudprep sim: %s\n", err.message);
        else
            fprintf(stderr, "cloudprep sim: %s (decks: %s)\n", err.message, path);
        rc = CP_EXIT_USAGE;
        goto done;
    }
    /* The results stand; a command that then exits badly is worth a word. */
    cp_learner_cmd *ended = cmd;
    cmd = NULL;
    if (cp_learner_cmd_finish(ended, &err) != CP_OK)
        fprintf(stderr, "cloudprep sim: warning: %s\n", err.message);
    if (json)
        print_json(&result, &desc, !learner_cmd, seconds);
    else
        print_text(&result, holdout > 0, seconds);
done:
    if (cmd)
        CP_IGNORE(cp_learner_cmd_finish(cmd, NULL));
    cp_sim_result_free(&result);
    cp_deck_free(deck);
    return rc;
}
