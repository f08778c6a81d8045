/* `cloudprep plan [--json] [--minutes N] [--exam-date YYYY-MM-DD] [--now
 * UNIX]`: the study plan the diagnostic shows, for the learner's data
 * directory: new cards a day within the daily study budget, the minutes
 * it takes, what it leaves out, the mock dates, and where it leads (the
 * readiness meter's projected pass chance and score on the exam date, the
 * same for other budgets, and the earliest date the budget reaches 90%),
 * all from cp_projection_make. --minutes and --exam-date override the
 * settings for this run only. Reads the progress database without writing
 * (a missing one reads as a new learner). Exit 0, 2 on a usage or deck
 * error, 3 when the progress database cannot be used. */
#include "cli/cli.h"
#include "cli/json.h"
#include "cli/options.h"
#include "cloudprep/platform.h"
#include "cloudprep/projection.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void iso_date(const cp_day_clock *clock, cp_time t, char out[11])
{
    cp_day_format(cp_day_of(clock, t), out, 11);
}

static void print_point_json(const cp_projection_point *p, const cp_day_clock *clock)
{
    char date[11];
    iso_date(clock, p->date, date);
    printf("{\"budget_minutes\": %d, \"date\": \"%s\", \"new_per_day\": %d, \"new_cards\": %d, "
           "\"pass_probability\": %.4f, \"predicted_scaled\": %d, \"band\": [%d, %d]}",
           p->budget_minutes, date, p->new_per_day, p->new_cards, p->pass_probability,
           p->predicted_scaled, p->band_low, p->band_high);
}

static void print_by_task_json(const int values[CP_TASKS])
{
    printf("{");
    for (int t = 0; t < CP_TASKS; t++)
        printf("%s\"%s\": %d", t ? ", " : "", cp_blueprint_task(t)->id, values[t]);
    printf("}");
}

static void print_json(const cp_projection *p, const cp_day_clock *clock)
{
    const cp_study_plan *plan = &p->plan;
    cp_plan_text pt;
    cp_projection_text xt;
    cp_plan_describe(plan, &pt);
    cp_projection_describe(p, clock, &xt);
    char date[11];
    iso_date(clock, plan->exam_date, date);
    printf("{\n  \"exam_date\": \"%s\",\n  \"days_left\": %d,\n  \"budget_minutes\": %d,\n"
           "  \"new_per_day\": %d,\n  \"first_new_day\": %d,\n  \"new_days\": %d,\n"
           "  \"last_day_new\": %d,\n  \"new_cards\": %d,\n  \"new_by_domain\": [%d, %d, %d, %d],\n"
           "  \"new_by_task\": ",
           date, plan->days_left, plan->budget_minutes, plan->new_per_day_total,
           plan->first_new_day, plan->new_days, plan->last_day_new, plan->planned_total,
           plan->planned[0], plan->planned[1], plan->planned[2], plan->planned[3]);
    print_by_task_json(plan->planned_task);
    printf(",\n  \"left_out\": %d,\n  \"left_out_flashcards\": %d,\n  \"left_out_by_task\": ",
           plan->left_out, plan->left_out_flash);
    print_by_task_json(plan->left_out_task);
    printf(",\n  \"minutes_typical\": %d,\n  \"minutes_peak\": %d,\n  \"review_days\": %d,\n"
           "  \"sweep_per_day\": %d,\n  \"mock_dates\": [",
           plan->drill_minutes, plan->peak_minutes, plan->review_days, plan->sweep_cap);
    for (size_t i = 0; i < plan->n_mocks; i++) {
        iso_date(clock, plan->mock_dates[i], date);
        printf("%s\"%s\"", i ? ", " : "", date);
    }
    printf("],\n  \"days\": [");
    for (size_t k = 0; k < p->n_days; k++) {
        iso_date(clock, plan->start + (cp_time)k * CP_DAY_SECONDS, date);
        printf("%s\n    {\"day\": %zu, \"date\": \"%s\", \"new\": %d, \"reviews\": %.2f, "
               "\"minutes\": %.2f}", k ? "," : "", k, date, p->days[k].new_cards,
               p->days[k].reviews, p->days[k].minutes);
    }
    printf("\n  ],\n  \"now\": {\"pass_probability\": %.4f, \"predicted_scaled\": %d, "
           "\"band\": [%d, %d], \"growth\": %.4f, \"growth_sd\": %.4f},\n"
           "  \"growth_known\": %s,\n  \"projection\": ",
           p->now.pass_probability, p->now.predicted_scaled, p->now.band_low, p->now.band_high,
           p->now.growth, p->now.growth_sd, p->growth_unknown ? "false" : "true");
    print_point_json(&p->at_exam, clock);
    printf(",\n  \"alternatives\": [");
    for (size_t i = 0; i < p->n_alternatives; i++) {
        printf("%s\n    ", i ? "," : "");
        print_point_json(&p->alternatives[i], clock);
    }
    printf("\n  ],\n  \"ready\": {\"already\": %s, \"found\": %s, \"point\": ",
           p->ready_already ? "true" : "false", p->ready_found ? "true" : "false");
    if (p->ready_found)
        print_point_json(&p->ready, clock);
    else
        printf("null");
    printf("},\n  \"text\": {\"new_cards\": ");
    cp_json_string(stdout, pt.new_cards);
    printf(", \"minutes\": ");
    cp_json_string(stdout, pt.minutes);
    printf(", \"left_out\": ");
    cp_json_string(stdout, pt.left_out);
    printf(", \"sweep\": ");
    cp_json_string(stdout, pt.sweep);
    printf(", \"outlook\": ");
    cp_json_string(stdout, xt.outlook);
    printf(", \"others\": ");
    cp_json_string(stdout, xt.others);
    printf(", \"ready\": ");
    cp_json_string(stdout, xt.ready);
    printf("}\n}\n");
}

static void print_text(const cp_projection *p, const cp_day_clock *clock)
{
    const cp_study_plan *plan = &p->plan;
    cp_plan_text pt;
    cp_projection_text xt;
    cp_plan_describe(plan, &pt);
    cp_projection_describe(p, clock, &xt);
    char date[32];
    cp_projection_date(clock, plan->exam_date, date, sizeof date);
    printf("Study plan to the exam on %s (%d day%s from now), %d minutes a day:\n", date,
           plan->days_left, plan->days_left == 1 ? "" : "s", plan->budget_minutes);
    const char *lines[] = {pt.new_cards, pt.minutes, pt.left_out, pt.sweep};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (lines[i][0])
            printf("  %s\n", lines[i]);
    if (plan->n_mocks) {
        printf("  Mock exams (90 minutes each, beside the drill) on ");
        for (size_t i = 0; i < plan->n_mocks; i++) {
            cp_projection_date(clock, plan->mock_dates[i], date, sizeof date);
            printf("%s%s", i == 0 ? "" : i + 1 == plan->n_mocks ? " and " : ", ", date);
        }
        printf(".\n");
    }
    if (!p->growth_unknown)
        printf("Today: a pass chance of about %.0f%%, a scaled score of about %d (likely %d to "
               "%d).\n", 100.0 * p->now.pass_probability, p->now.predicted_scaled,
               p->now.band_low, p->now.band_high);
    printf("%s\n", xt.outlook);
    if (xt.others[0])
        printf("%s\n", xt.others);
    if (xt.ready[0])
        printf("%s\n", xt.ready);
}

int cp_cli_plan(const cp_cli_common *common, int argc, char **argv)
{
    bool json = false;
    long long minutes = 0;
    const char *exam_text = NULL;
    int64_t now = cp_platform_now();
    const cp_option options[] = {
        {"--json", CP_OPT_FLAG, &json, 0, 0, NULL},
        {"--minutes", CP_OPT_INT, &minutes, CP_PLAN_BUDGET_MIN, CP_PLAN_BUDGET_MAX, NULL},
        {"--exam-date", CP_OPT_TEXT, &exam_text, 0, 0, NULL},
        {"--now", CP_OPT_TIME, &now, 0, 0, NULL},
    };
    cp_cli_args args = {.command = "plan", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        printf("usage: cloudprep [--data-dir DIR] [--decks DIR] plan [--json] [--minutes N]\n"
               "                 [--exam-date YYYY-MM-DD] [--now UNIX]\n"
               "Prints the study plan to the exam date within the daily study budget (new\n"
               "cards a day, minutes, what it leaves out, mock dates) and where it leads:\n"
               "the projected pass chance and score on the exam date, the same for other\n"
               "budgets, and the earliest date the budget reaches a 90%% pass chance.\n"
               "  --minutes N               the daily budget for this run (%d to %d; default:\n"
               "                            the setting Study time a day)\n"
               "  --exam-date YYYY-MM-DD    the exam date for this run (default: the setting,\n"
               "                            or six weeks from now)\n",
               CP_PLAN_BUDGET_MIN, CP_PLAN_BUDGET_MAX);
        return CP_EXIT_OK;
    }
    int32_t exam_day = 0;
    if (exam_text && !cp_day_parse(exam_text, &exam_day)) {
        fprintf(stderr, "cloudprep plan: --exam-date: '%s' is not a date like 2027-01-15\n",
                exam_text);
        return CP_EXIT_USAGE;
    }
    char dir[1024];
    if (common->data_dir)
        snprintf(dir, sizeof dir, "%s", common->data_dir);
    else if (!cp_platform_data_dir(dir, sizeof dir)) {
        fprintf(stderr, "cloudprep plan: %s; use --data-dir DIR\n", cp_platform_data_dir_missing());
        return CP_EXIT_USAGE;
    }
    cp_store *store = NULL;
    cp_projection *p = calloc(1, sizeof *p);
    cp_error err = {0};
    int rc = CP_EXIT_OK;
    if (!p) {
        fprintf(stderr, "cloudprep plan: out of memory\n");
        return CP_EXIT_USAGE;
    }
    /* The decks the app plans over: the bank and the learner's own. */
    cp_cli_decks decks;
    if ((rc = cp_cli_load_decks(common, "plan", true, &decks)) != 0) {
        free(p);
        return rc;
    }
    const cp_deck *deck = decks.deck;
    /* A learner with no database yet: a new learner's plan, without
     * creating one. */
    char db[1100];
    cp_file_info st;
    snprintf(db, sizeof db, "%s/progress.db", dir);
    if (cp_platform_stat(db, &st) != 0 && errno != ENOENT) {
        fprintf(stderr, "cloudprep plan: %s: cannot read the progress database (%s); "
                        "check the folder's permissions.\n", db, strerror(errno));
        rc = CP_EXIT_STORE;
        goto done;
    }
    cp_settings settings;
    cp_settings_default(&settings);
    if (cp_platform_stat(db, &st) == 0 && (cp_store_open(dir, NULL, &store, &err) != CP_OK ||
                                           cp_settings_load(store, &settings, &err) != CP_OK)) {
        fprintf(stderr, "cloudprep plan: %s%s%s\n", err.file, *err.file ? ": " : "", err.message);
        rc = CP_EXIT_STORE;
        goto done;
    }
    cp_day_zone zone = {{0}, {0}};
    cp_day_clock clock = cp_day_system_clock(settings.day_start_hour, &zone);
    cp_projection_desc desc = {.budget_minutes = (int)minutes};
    if (exam_text) {
        desc.exam_date = cp_day_begin(&clock, exam_day);
        if (desc.exam_date <= now) {
            fprintf(stderr, "cloudprep plan: --exam-date: %s is not after today\n", exam_text);
            rc = CP_EXIT_USAGE;
            goto done;
        }
    }
    cp_projection_input in = {.store = store, .deck = deck, .settings = &settings, .clock = clock};
    cp_status s = cp_projection_make(&in, &desc, now, p, &err);
    if (s != CP_OK) {
        fprintf(stderr, "cloudprep plan: %s\n", err.message);
        rc = s == CP_ERR_INVALID ? CP_EXIT_USAGE : CP_EXIT_STORE;
        goto done;
    }
    if (json)
        print_json(p, &clock);
    else
        print_text(p, &clock);
done:
    cp_store_close(store);
    cp_cli_decks_free(&decks);
    free(p);
    return rc;
}
