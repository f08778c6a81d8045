/* cloudprep fsrs-optimize: fit the FSRS-6 weights to a review log and say
 * how well the default and the fitted weights predict it.
 *
 * The log comes on stdin as TSV (a header naming card_id, day and rating,
 * then one review per line, each card's reviews in order); with a terminal
 * on stdin, or an empty stdin, it is the learner's own review log from the
 * progress database (--data-dir), days counted as the app counts learning
 * days. Prints the 21
 * weights and, for the defaults and for them, log loss and RMSE(bins), as
 * text or with --json. --evaluate W0,...,W20 evaluates those weights instead
 * of fitting. Exit 0; 1 on bad input (`line N: message`); 2 on a usage or
 * I/O error; 3 when the progress database cannot be used. */
#include "cli/cli.h"
#include "cli/options.h"
#include "cloudprep/platform.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cloudprep/fsrs_opt.h"
#include "cloudprep/history.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

static const char USAGE[] =
    "usage: cloudprep fsrs-optimize [--short-term on|off] [--json] [--evaluate W0,...,W20]\n"
    "       < log.tsv (a header naming card_id, day, rating; one review per line)\n"
    "With no log on stdin, fits the learner's own review log (--data-dir).\n";

static int usage_error(const char *msg)
{
    fprintf(stderr, "cloudprep fsrs-optimize: %s\n%s", msg, USAGE);
    return CP_EXIT_USAGE;
}

/* 21 comma-separated numbers. */
static bool parse_weights(const char *text, double w[CP_FSRS_WEIGHTS])
{
    const char *p = text;
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++) {
        char *end = NULL;
        errno = 0;
        w[i] = strtod(p, &end);
        if (errno || end == p || !isfinite(w[i]))
            return false;
        if (i + 1 < CP_FSRS_WEIGHTS) {
            if (*end != ',')
                return false;
            p = end + 1;
        } else if (*end) {
            return false;
        }
    }
    return true;
}

static char *read_all(FILE *in, size_t *size)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, in);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            return NULL;
        }
        buf = bigger;
        cap *= 2;
    }
    if (buf && ferror(in)) {
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

typedef struct db_reader {
    cp_fsrs_opt_log *log;
    cp_day_clock clock;
    cp_status status;
    cp_error err;
} db_reader;

static void on_review(void *ctx, const cp_review *r)
{
    db_reader *d = ctx;
    if (d->status != CP_OK)
        return;
    /* Rows come in answer order; a clock moved back between two answers
     * counts the later one on the earlier day. */
    d->status = cp_fsrs_opt_log_add_clamped(d->log, r->card_id, cp_day_of(&d->clock, r->at),
                                            r->rating, &d->err);
}

/* The learner's review log. *short_term gets their setting. */
static int read_database(const cp_cli_common *common, cp_fsrs_opt_log *log, bool *short_term)
{
    char dir[1024];
    if (common->data_dir)
        snprintf(dir, sizeof dir, "%s", common->data_dir);
    else if (!cp_platform_data_dir(dir, sizeof dir)) {
        fprintf(stderr,
                "cloudprep fsrs-optimize: %s; use --data-dir DIR or give a log on "
                "stdin\n",
                cp_platform_data_dir_missing());
        return CP_EXIT_USAGE;
    }
    char db[1100];
    cp_file_info st;
    snprintf(db, sizeof db, "%s/progress.db", dir);
    if (cp_platform_stat(db, &st) != 0 && errno != ENOENT) {
        fprintf(stderr, "cloudprep fsrs-optimize: %s: cannot read the progress database (%s); "
                        "check the folder's permissions.\n", db, strerror(errno));
        return CP_EXIT_STORE;
    }
    if (cp_platform_stat(db, &st) != 0) {
        /* no progress yet: an empty log, and nothing is created */
        fprintf(stderr, "cloudprep fsrs-optimize: no log on stdin and no progress in %s yet\n",
                dir);
        return CP_EXIT_OK;
    }
    cp_store *store = NULL;
    cp_settings settings;
    cp_settings_default(&settings);
    cp_error err = {0};
    if (cp_store_open(dir, NULL, &store, &err) != CP_OK ||
        cp_settings_load(store, &settings, &err) != CP_OK) {
        fprintf(stderr, "cloudprep fsrs-optimize: %s%s%s\n", err.file, *err.file ? ": " : "",
                err.message);
        cp_store_close(store);
        return CP_EXIT_STORE;
    }
    *short_term = settings.short_term;
    fprintf(stderr, "cloudprep fsrs-optimize: no log on stdin: fitting your review log in %s\n",
            cp_store_path(store));
    cp_day_zone zone = {{0}, {0}};
    db_reader reader = {log, cp_day_system_clock(settings.day_start_hour, &zone), CP_OK,
                        {{0}, 0, {0}}};
    cp_status s = cp_store_each_review(store, 0, on_review, &reader, &err);
    int rc = CP_EXIT_OK;
    if (s != CP_OK) {
        fprintf(stderr, "cloudprep fsrs-optimize: %s%s%s\n", err.file, *err.file ? ": " : "",
                err.message);
        rc = CP_EXIT_STORE;
    } else if (reader.status != CP_OK) {
        fprintf(stderr, "cloudprep fsrs-optimize: %s: %s\n", cp_store_path(store),
                reader.err.message);
        rc = CP_EXIT_STORE;
    }
    cp_store_close(store);
    return rc;
}

static const char *outcome_name(cp_fsrs_opt_outcome o)
{
    return o == CP_FSRS_OPT_FITTED ? "fitted" : o == CP_FSRS_OPT_PRETRAINED ? "pretrained"
                                                                             : "defaults";
}

static void json_eval(const char *key, const cp_fsrs_opt_eval *e)
{
    if (e->items)
        printf("\"%s\":{\"log_loss\":%.9g,\"rmse_bins\":%.9g}", key, e->log_loss, e->rmse_bins);
    else
        printf("\"%s\":null", key);
}

static void text_eval(const char *name, const cp_fsrs_opt_eval *e)
{
    if (e->items)
        printf("  %-9s %8.5f  %10.5f\n", name, e->log_loss, e->rmse_bins);
    else
        printf("  %-9s %8s  %10s\n", name, "-", "-");
}

int cp_cli_fsrs_optimize(const cp_cli_common *common, int argc, char **argv)
{
    bool json = false, evaluate = false, short_term = false, short_term_given = false;
    double given[CP_FSRS_WEIGHTS];
    static const char *const on_off[] = {"on", "off", NULL};
    int short_term_choice = -1;
    const char *weights = NULL;
    const cp_option options[] = {
        {"--json", CP_OPT_FLAG, &json, 0, 0, NULL},
        {"--short-term", CP_OPT_CHOICE, &short_term_choice, 0, 0, on_off},
        {"--evaluate", CP_OPT_TEXT, &weights, 0, 0, NULL},
    };
    cp_cli_args args = {.command = "fsrs-optimize", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        fputs(USAGE, stdout);
        return CP_EXIT_OK;
    }
    if (short_term_choice >= 0) {
        short_term = short_term_choice == 0;
        short_term_given = true;
    }
    if (weights) {
        if (!parse_weights(weights, given))
            return usage_error("--evaluate needs 21 comma-separated numbers");
        evaluate = true;
    }

    cp_fsrs_opt_log *log = cp_fsrs_opt_log_new();
    if (!log) {
        fprintf(stderr, "cloudprep fsrs-optimize: out of memory\n");
        return CP_EXIT_USAGE;
    }
    int rc = CP_EXIT_OK;
    cp_error err = {0};
    /* A log on stdin; with a terminal there, or nothing at all, the
     * learner's own. */
    size_t size = 0;
    bool tty = cp_platform_stdin_is_terminal();
    char *text = tty ? NULL : read_all(stdin, &size);
    if (!tty && !text) {
        fprintf(stderr, "cloudprep fsrs-optimize: cannot read stdin\n");
        rc = CP_EXIT_USAGE;
    } else if (size == 0) {
        bool learner_short_term = false;
        rc = read_database(common, log, &learner_short_term);
        if (!short_term_given)
            short_term = learner_short_term;
    } else if (cp_fsrs_opt_log_parse(log, text, size, &err) != CP_OK) {
        fprintf(stderr, "line %u: %s\n", (unsigned)err.line, err.message);
        rc = CP_EXIT_FINDINGS;
    }
    free(text);
    if (rc != CP_EXIT_OK) {
        cp_fsrs_opt_log_free(log);
        return rc;
    }

    size_t n = 0;
    const cp_fsrs_opt_review *reviews = cp_fsrs_opt_log_reviews(log, &n);
    cp_fsrs_opt_result res;
    cp_status s;
    if (evaluate) {
        memset(&res, 0, sizeof res);
        memcpy(res.w, given, sizeof given);
        cp_fsrs_params def;
        cp_fsrs_default_params(&def);
        s = cp_fsrs_opt_evaluate(reviews, n, def.w, &res.default_eval, &err);
        if (s == CP_OK)
            s = cp_fsrs_opt_evaluate(reviews, n, given, &res.fitted_eval, &err);
        cp_fsrs_opt_items items;
        if (s == CP_OK && (s = cp_fsrs_opt_items_build(reviews, n, &items, &err)) == CP_OK) {
            res.items = items.n_items;
            cp_fsrs_opt_items_free(&items);
        }
    } else {
        cp_fsrs_opt_desc desc = {.short_term = short_term};
        s = cp_fsrs_opt_fit(reviews, n, &desc, &res, &err);
    }
    if (s != CP_OK) {
        fprintf(stderr, "cloudprep fsrs-optimize: %s\n", err.message);
        cp_fsrs_opt_log_free(log);
        return s == CP_ERR_INVALID ? CP_EXIT_FINDINGS : CP_EXIT_USAGE;
    }

    if (json) {
        printf("{\"params\":[");
        for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
            printf("%s%.9g", i ? "," : "", res.w[i]);
        printf("],");
        json_eval("default", &res.default_eval);
        putchar(',');
        json_eval(evaluate ? "evaluated" : "fitted", &res.fitted_eval);
        printf(",\"items\":%zu", res.items);
        if (!evaluate)
            printf(",\"outcome\":\"%s\",\"short_term\":%s", outcome_name(res.outcome),
                   short_term ? "true" : "false");
        printf("}\n");
    } else {
        if (evaluate)
            printf("FSRS-6 weights evaluated on %zu items (%zu reviews of %zu cards):\n",
                   res.items, n, cp_fsrs_opt_log_cards(log));
        else if (res.outcome == CP_FSRS_OPT_FITTED)
            printf("FSRS-6 weights fitted to %zu items (%zu reviews of %zu cards), "
                   "short-term %s:\n", res.items, n, cp_fsrs_opt_log_cards(log),
                   short_term ? "on" : "off");
        else if (res.outcome == CP_FSRS_OPT_PRETRAINED)
            printf("Only the first stabilities w0-w3 could be fitted (%zu items from %zu "
                   "reviews: too few, or no card reviewed twice after its first day); the "
                   "rest are the defaults:\n", res.items, n);
        else
            printf("Too few reviews to fit (%zu item%s from %zu review%s); the default "
                   "weights:\n", res.items, res.items == 1 ? "" : "s", n, n == 1 ? "" : "s");
        for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
            printf("%s%.4f", i == 0 ? "  " : i % 7 == 0 ? "\n  " : ", ", res.w[i]);
        printf("\n\n  %-9s %8s  %10s\n", "", "log loss", "RMSE(bins)");
        text_eval("default", &res.default_eval);
        text_eval(evaluate ? "evaluated" : "fitted", &res.fitted_eval);
        if (res.default_eval.items)
            printf("(over %zu items: outlier-filtered and weighted for recency, as fsrs-rs "
                   "evaluates)\n", res.default_eval.items);
        else
            printf("(no item is left to evaluate after outlier filtering)\n");
    }
    cp_fsrs_opt_log_free(log);
    if (fflush(stdout) != 0)
        return CP_EXIT_USAGE;
    return CP_EXIT_OK;
}
