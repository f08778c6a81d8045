/* cloudprep: the command line. The first word picks a command from the table
 * below; with none (or only options) the GUI starts. Global options
 * (--data-dir, --decks, --font) are taken out of argv before dispatch. */
#include "cli/cli.h"
#include "cli/options.h"
#include "cloudprep/platform.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(const cp_cli_common *common, int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"check", cp_cli_check, "check [--json] [--lint [--strict]] [--stale MONTHS [--now YYYY-MM]] [PATH...]  validate decks (default: the bundled decks and yours); --lint: quality warnings; --stale: cards due for a facts review"},
    {"exam-form", cp_cli_exam_form, "exam-form [--seed N] [--json] [--diagnostic]  print a mock exam form"},
    {"sim", cp_cli_sim, "sim [--learners N] [--days D] [--seed S] [--holdout F] [--learner-cmd CMD] [--json]  check the readiness meter on simulated (or outside) learners"},
    {"fsrs-replay", cp_cli_fsrs_replay, "fsrs-replay [--retention R] [--max-interval N] [--short-term on|off]  replay reviews from stdin through FSRS"},
    {"fsrs-optimize", cp_cli_fsrs_optimize, "fsrs-optimize [--short-term on|off] [--json] [--evaluate W,...]  fit the FSRS-6 weights to a review log (stdin, or your own)"},
    {"stats", cp_cli_stats, "stats [--json] [--now UNIX]  progress figures: heatmap, streak, forecast, mocks, domains, retention, plan"},
    {"readiness", cp_cli_readiness, "readiness [--json] [--now UNIX]  the readiness meter: prediction, band, pass chance, verdict and its reasons"},
    {"plan", cp_cli_plan, "plan [--json] [--minutes N] [--exam-date YYYY-MM-DD] [--now UNIX]  the study plan within your daily minutes, and the pass chance it leads to"},
    {"gui", cp_cli_gui, "gui                        start the app (the default)"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: cloudprep [--data-dir DIR] [--decks DIR] [--font PATH] [COMMAND] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %s\n", commands[i].help);
    fprintf(out, "\nWith no command the app starts (see `cloudprep gui --help`).\n");
}

int main(int argc, char **argv)
{
    cp_platform_start(&argc, &argv); /* Windows: UTF-8 arguments and output */
    cp_cli_common common = {0};
    /* Pull the global options out, keep the rest in order. */
    const cp_option globals[] = {
        {"--data-dir", CP_OPT_PATH, &common.data_dir, 0, 0, NULL},
        {"--decks", CP_OPT_PATH, &common.deck_dir, 0, 0, NULL},
        {"--font", CP_OPT_PATH, &common.font_path, 0, 0, NULL},
    };
    int rc = cp_cli_take_global(globals, sizeof globals / sizeof globals[0], &argc, argv);
    if (rc)
        return rc;

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
                      strcmp(argv[1], "help") == 0)) {
        usage(stdout);
        return CP_EXIT_OK;
    }
    if (argc >= 2 && argv[1][0] != '-') {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(&common, argc - 1, argv + 1);
        fprintf(stderr, "cloudprep: unknown command '%s'\n\n", argv[1]);
        usage(stderr);
        return CP_EXIT_USAGE;
    }
    /* No command: the GUI, which takes its own options (--screenshot ...). */
    return cp_cli_gui(&common, argc, argv);
}
