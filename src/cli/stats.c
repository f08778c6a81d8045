/* `cloudprep stats [--json] [--now UNIX]`: the stats screen's figures in the
 * terminal: the review heatmap of the last 26 weeks with the streak, the
 * 30-day forecast, mock scores against the 700 and 750 lines, per-domain
 * mastery and accuracy, true retention against the desired retention, cards
 * by state, time studied per day, the study plan and the achievements.
 * Reads the learner's progress (--data-dir) and the decks (--decks); writes
 * nothing, and a missing progress database reads as a new learner. --now
 * fixes the clock (for scripts and tests). Exit 0, 2 on a usage or deck
 * error, 3 when the progress database cannot be used. */
#include "cli/cli.h"
#include "cli/options.h"
#include "cloudprep/platform.h"
#include "cli/json.h"
#include "cloudprep/stats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void date_of(const cp_day_clock *clock, cp_time t, char out[11])
{
    cp_day_format(cp_day_of(clock, t), out, 11);
}

static void print_json(const cp_stats *s, const cp_day_clock *clock)
{
    char date[11];
    cp_day_format(s->today, date, sizeof date);
    printf("{\n  \"today\": \"%s\",\n", date);
    printf("  \"goal_minutes\": %d,\n", s->goal_minutes);
    printf("  \"xp\": %lld,\n  \"level\": {\"level\": %d, \"into\": %lld, \"span\": %lld},\n",
           (long long)s->xp, (int)s->level.level, (long long)s->level.into,
           (long long)s->level.span);
    printf("  \"streak\": {\"current\": %d, \"best\": %d, \"freezes\": %d, \"today_kept\": %s},\n",
           (int)s->streak.current, (int)s->streak.best, (int)s->streak.freezes,
           s->streak.today_kept ? "true" : "false");
    cp_day_format(s->days[0].day, date, sizeof date);
    printf("  \"heatmap\": {\"first\": \"%s\", \"first_weekday\": %d, \"days\": [", date,
           s->first_weekday);
    for (int k = 0; k < CP_STATS_DAYS; k++) {
        const cp_stats_day *d = &s->days[k];
        cp_day_format(d->day, date, sizeof date);
        printf("%s\n    {\"date\": \"%s\", \"reviews\": %d, \"correct\": %d, \"seconds\": %d, "
               "\"kept\": %s}", k ? "," : "", date, (int)d->reviews, (int)d->correct,
               (int)d->seconds, d->kept ? "true" : "false");
    }
    printf("\n  ]},\n  \"forecast\": [");
    for (int k = 0; k < CP_STATS_FORECAST_DAYS; k++)
        printf("%s%d", k ? ", " : "", (int)s->forecast[k]);
    printf("],\n  \"mocks\": [");
    for (size_t i = 0; i < s->n_mocks; i++) {
        const cp_stats_mock *m = &s->mocks[i];
        date_of(clock, m->at, date);
        printf("%s\n    {\"date\": \"%s\", \"at\": %lld, \"scaled\": %d, \"passed\": %s, "
               "\"full\": %s}", i ? "," : "", date, (long long)m->at, (int)m->scaled,
               m->passed ? "true" : "false", m->full ? "true" : "false");
    }
    printf("%s],\n  \"lines\": {\"pass\": %d, \"target\": %d},\n", s->n_mocks ? "\n  " : "",
           s->pass_line, s->target_line);
    printf("  \"domains\": [");
    for (int d = 0; d < CP_DOMAINS; d++) {
        printf("%s\n    {\"domain\": %d, \"name\": ", d ? "," : "", d + 1);
        cp_json_string(stdout, cp_blueprint_domain(d + 1)->name);
        printf(", \"cards\": %d, \"seen\": %d, \"mastery\": %.4f, \"answered\": %d, "
               "\"correct\": %d, \"accuracy\": %.4f}", (int)s->domain_cards[d],
               (int)s->domain_seen[d], s->mastery[d], (int)s->answered[d], (int)s->correct[d],
               s->accuracy[d]);
    }
    printf("\n  ],\n  \"retention\": {\"true\": %.4f, \"desired\": %.4f, \"due_reviews\": %d, "
           "\"right\": %d, \"days\": %d},\n", s->true_retention, s->desired_retention,
           (int)s->due_reviews, (int)s->due_right, CP_STATS_RECENT_DAYS);
    printf("  \"states\": {\"new\": %d, \"learning\": %d, \"review\": %d, \"relearning\": %d},\n",
           (int)s->by_state[0], (int)s->by_state[1], (int)s->by_state[2], (int)s->by_state[3]);
    printf("  \"cards\": %d,\n  \"total_reviews\": %lld,\n  \"total_seconds\": %lld,\n",
           (int)s->cards, (long long)s->total_reviews, (long long)s->total_seconds);
    if (s->has_plan) {
        const cp_study_plan *p = &s->plan;
        const cp_plan_today *t = &s->plan_today;
        date_of(clock, p->exam_date, date);
        printf("  \"plan\": {\"exam_date\": \"%s\", \"days_to_exam\": %d, \"phase\": \"%s\", "
               "\"pace\": \"%s\", \"expected\": %d, \"introduced\": %d, \"new_per_day\": [%d, %d, "
               "%d, %d], \"new_today\": [%d, %d, %d, %d], \"sweep_per_day\": %d, "
               "\"mock_today\": %s, \"mock_dates\": [", date, t->days_to_exam,
               t->phase == CP_PLAN_SWEEP ? "sweep" : t->phase == CP_PLAN_EXAM_DAY ? "exam" : "new cards",
               cp_plan_pace_name(t->pace), t->expected, t->introduced, p->new_per_day[0],
               p->new_per_day[1], p->new_per_day[2], p->new_per_day[3], t->new_today[0],
               t->new_today[1], t->new_today[2], t->new_today[3], t->sweep_per_day,
               t->mock_today ? "true" : "false");
        for (size_t i = 0; i < p->n_mocks; i++) {
            date_of(clock, p->mock_dates[i], date);
            printf("%s\"%s\"", i ? ", " : "", date);
        }
        printf("]},\n");
    } else {
        printf("  \"plan\": null,\n");
    }
    printf("  \"achievements\": [");
    for (int i = 0; i < CP_ACH_COUNT; i++) {
        const cp_achievement *a = cp_game_achievement(i);
        printf("%s\n    {\"id\": \"%s\", \"title\": ", i ? "," : "", a->id);
        cp_json_string(stdout, a->title);
        if (s->earned_at[i]) {
            date_of(clock, s->earned_at[i], date);
            printf(", \"earned\": \"%s\"}", date);
        } else {
            printf(", \"earned\": null}");
        }
    }
    printf("\n  ]\n}\n");
}

static void bar(int width, double share)
{
    int n = (int)(share * width + 0.5);
    for (int i = 0; i < width; i++)
        putchar(i < n ? '#' : '.');
}

static void print_text(const cp_stats *s, const cp_day_clock *clock)
{
    char date[11];
    cp_day_format(s->today, date, sizeof date);
    printf("cloudprep stats for %s: level %d (%lld/%lld XP to the next), %lld XP in all\n", date,
           (int)s->level.level, (long long)s->level.into, (long long)s->level.span,
           (long long)s->xp);
    printf("streak %d day%s (best %d), %d freeze%s held; today %s (goal: the day's drill or %d "
           "minutes)\n\n", (int)s->streak.current, s->streak.current == 1 ? "" : "s",
           (int)s->streak.best, (int)s->streak.freezes, s->streak.freezes == 1 ? "" : "s",
           s->streak.today_kept ? "kept" : "not kept yet", s->goal_minutes);

    /* Heatmap: weeks as columns, Monday to Sunday as rows. */
    printf("answers per day, last %d weeks (kept days: - 1-9, + 10-29, * 30-59, # 60+, o nothing\n"
           "was due; x answered but the goal not met; . nothing)\n", CP_STATS_WEEKS);
    static const char *const weekday[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    int columns = (s->first_weekday + CP_STATS_DAYS + 6) / 7;
    for (int row = 0; row < 7; row++) {
        printf("  %s ", weekday[row]);
        for (int col = 0; col < columns; col++) {
            int k = col * 7 + row - s->first_weekday;
            if (k < 0 || k >= CP_STATS_DAYS) {
                putchar(' ');
                continue;
            }
            const cp_stats_day *d = &s->days[k];
            char c = d->reviews < 10 ? '-' : d->reviews < 30 ? '+' : d->reviews < 60 ? '*' : '#';
            if (!d->kept)
                c = d->reviews ? 'x' : '.';
            else if (!d->reviews)
                c = 'o';
            putchar(c);
        }
        putchar('\n');
    }

    printf("\ndue in the next %d days (today includes overdue):\n  ", CP_STATS_FORECAST_DAYS);
    for (int k = 0; k < CP_STATS_FORECAST_DAYS; k++)
        printf("%d%s", (int)s->forecast[k], k + 1 < CP_STATS_FORECAST_DAYS ? " " : "\n");

    printf("\nmock exams (pass %d, target %d):\n", s->pass_line, s->target_line);
    if (!s->n_mocks)
        printf("  none yet\n");
    for (size_t i = 0; i < s->n_mocks; i++) {
        const cp_stats_mock *m = &s->mocks[i];
        date_of(clock, m->at, date);
        printf("  %s  %4d  ", date, (int)m->scaled);
        bar(30, (m->scaled - 100) / 900.0);
        printf("  %s%s\n", m->scaled >= s->target_line ? "750+" : m->passed ? "pass" : "fail",
               m->full ? "" : " (short)");
    }

    printf("\ndomains: mastery (mean recall probability) and accuracy (last %d days)\n",
           CP_STATS_RECENT_DAYS);
    for (int d = 0; d < CP_DOMAINS; d++) {
        printf("  %d %-12s mastery ", d + 1, cp_blueprint_domain(d + 1)->short_name);
        bar(20, s->mastery[d]);
        printf(" %3.0f%%  accuracy ", 100.0 * s->mastery[d]);
        bar(20, s->accuracy[d]);
        printf(" %3.0f%% of %d  (%d/%d cards seen)\n", 100.0 * s->accuracy[d], (int)s->answered[d],
               (int)s->domain_seen[d], (int)s->domain_cards[d]);
    }
    printf("\ntrue retention (due reviews answered right, last %d days): ", CP_STATS_RECENT_DAYS);
    if (s->due_reviews)
        printf("%.1f%% of %d, desired %.0f%%\n", 100.0 * s->true_retention, (int)s->due_reviews,
               100.0 * s->desired_retention);
    else
        printf("no due reviews yet, desired %.0f%%\n", 100.0 * s->desired_retention);
    printf("cards: %d new, %d learning, %d review, %d relearning (%d in the bank)\n",
           (int)s->by_state[0], (int)s->by_state[1], (int)s->by_state[2], (int)s->by_state[3],
           (int)s->cards);

    printf("\nminutes studied, last %d days (oldest first):\n  ", CP_STATS_RECENT_DAYS);
    for (int k = CP_STATS_DAYS - CP_STATS_RECENT_DAYS; k < CP_STATS_DAYS; k++)
        printf("%d%s", (int)((s->days[k].seconds + 30) / 60), k + 1 < CP_STATS_DAYS ? " " : "\n");
    printf("  %lld answers, %lld minutes in all\n", (long long)s->total_reviews,
           (long long)(s->total_seconds / 60));

    if (s->has_plan) {
        const cp_study_plan *p = &s->plan;
        const cp_plan_today *t = &s->plan_today;
        date_of(clock, p->exam_date, date);
        printf("\nplan to the exam on %s (%d day%s left): %s, %d of %d planned new cards "
               "introduced\n", date, t->days_to_exam, t->days_to_exam == 1 ? "" : "s",
               cp_plan_pace_name(t->pace), t->introduced, t->expected);
        if (t->phase == CP_PLAN_NEW_CARDS)
            printf("  today: %d new cards (%d/%d/%d/%d by domain)%s\n", t->new_today_total,
                   t->new_today[0], t->new_today[1], t->new_today[2], t->new_today[3],
                   t->mock_today ? ", and a mock exam" : "");
        else if (t->phase == CP_PLAN_SWEEP)
            printf("  final sweep: review %d studied cards today%s\n", t->sweep_per_day,
                   t->mock_today ? ", and a mock exam" : "");
        printf("  mock exams on:");
        for (size_t i = 0; i < p->n_mocks; i++) {
            date_of(clock, p->mock_dates[i], date);
            printf(" %s", date);
        }
        printf("\n");
    }

    printf("\nachievements:\n");
    for (int i = 0; i < CP_ACH_COUNT; i++) {
        const cp_achievement *a = cp_game_achievement(i);
        if (s->earned_at[i]) {
            date_of(clock, s->earned_at[i], date);
            printf("  [x] %-40s %s\n", a->title, date);
        } else {
            printf("  [ ] %-40s %s\n", a->title, a->description);
        }
    }
}

int cp_cli_stats(const cp_cli_common *common, int argc, char **argv)
{
    bool json = false;
    int64_t now = cp_platform_now();
    const cp_option options[] = {
        {"--json", CP_OPT_FLAG, &json, 0, 0, NULL},
        {"--now", CP_OPT_TIME, &now, 0, 0, NULL},
    };
    cp_cli_args args = {.command = "stats", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        printf("usage: cloudprep [--data-dir DIR] [--decks DIR] stats [--json] [--now UNIX]\n"
               "Prints the progress figures: heatmap and streak, forecast, mock scores,\n"
               "domains, true retention, card states, time studied, plan, achievements.\n");
        return CP_EXIT_OK;
    }

    char dir[1024];
    if (common->data_dir)
        snprintf(dir, sizeof dir, "%s", common->data_dir);
    else if (!cp_platform_data_dir(dir, sizeof dir)) {
        fprintf(stderr, "cloudprep stats: %s; use --data-dir DIR\n", cp_platform_data_dir_missing());
        return CP_EXIT_USAGE;
    }
    const char *deck_path = common->deck_dir ? common->deck_dir : cp_cli_default_decks();
    cp_deck *deck = NULL;
    cp_store *store = NULL;
    cp_stats *stats = calloc(1, sizeof *stats);
    cp_error err = {0};
    int rc = CP_EXIT_OK;
    if (!stats) {
        fprintf(stderr, "cloudprep stats: out of memory\n");
        return CP_EXIT_USAGE;
    }
    if (cp_deck_load(&deck_path, 1, &deck, &err) != CP_OK) {
        fprintf(stderr, "cloudprep stats: %s%s%s\n", err.file, *err.file ? ": " : "", err.message);
        rc = CP_EXIT_USAGE;
        goto done;
    }

    cp_day_zone zone = {{0}, {0}};
    cp_settings settings;
    cp_settings_default(&settings);
    cp_game_desc desc = {.settings = &settings, .clock = cp_day_system_clock(0, &zone)};

    /* A learner with no database yet: the figures of an empty history,
     * without creating one. */
    char db[1100];
    cp_file_info st;
    snprintf(db, sizeof db, "%s/progress.db", dir);
    if (cp_platform_stat(db, &st) != 0 && errno != ENOENT) {
        fprintf(stderr, "cloudprep stats: %s: cannot read the progress database (%s); "
                        "check the folder's permissions.\n", db, strerror(errno));
        rc = CP_EXIT_STORE;
        goto done;
    }
    if (cp_platform_stat(db, &st) != 0) {
        cp_history h = {.deck = deck, .n_cards = cp_deck_count(deck)};
        cp_game_record rec = {0};
        h.memory = calloc(h.n_cards ? h.n_cards : 1, sizeof *h.memory);
        if (!h.memory || cp_stats_compute(&h, &rec, &desc, 0, now, stats, &err) != CP_OK) {
            fprintf(stderr, "cloudprep stats: out of memory\n");
            free(h.memory);
            rc = CP_EXIT_USAGE;
            goto done;
        }
        free(h.memory);
    } else if (cp_store_open(dir, NULL, &store, &err) != CP_OK ||
               cp_settings_load(store, &settings, &err) != CP_OK ||
               cp_stats_load(store, deck, &desc, now, stats, &err) != CP_OK) {
        fprintf(stderr, "cloudprep stats: %s%s%s\n", err.file, *err.file ? ": " : "", err.message);
        rc = CP_EXIT_STORE;
        goto done;
    }
    cp_day_clock clock = desc.clock;
    clock.start_hour = settings.day_start_hour;
    if (json)
        print_json(stats, &clock);
    else
        print_text(stats, &clock);
done:
    cp_store_close(store);
    cp_deck_free(deck);
    free(stats);
    return rc;
}
