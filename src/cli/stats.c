/* `cloudprep stats [--json] [--now UNIX]`: the stats screen's figures in the
 * terminal: the review heatmap of the last 26 weeks with the streak, the
 * 30-day forecast, mock scores against the 700 and 750 lines, per-domain
 * mastery and accuracy, true retention against the desired retention, cards
 * by state, time studied per day, the study plan, the achievements, and
 * what the learner mixes up (the confusion pairs, docs/confusion.md).
 * Reads the learner's progress (--data-dir) and the decks (--decks); writes
 * nothing, and a missing progress database reads as a new learner. --now
 * fixes the clock (for scripts and tests). Exit 0, 2 on a usage or deck
 * error, 3 when the progress database cannot be used. */
#include "cli/cli.h"
#include "cli/options.h"
#include "cloudprep/platform.h"
#include "cli/json.h"
#include "cloudprep/confusion.h"
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

/* The learner's confusion pairs (every pair with a miss, confused first). */
typedef struct confusions {
    cp_confusion_map *map;
    cp_confusion *tally;
    cp_confusion_pair *pairs;
    size_t n;
} confusions;

enum { CONFUSION_DAYS = 180 };  /* as the learner reads them (learner.c) */

/* store NULL: a learner with no history, no pairs. */
static cp_status load_confusions(cp_store *store, const cp_deck *deck, cp_time now, confusions *c,
                                 cp_error *err)
{
    cp_status s = cp_confusion_map_build(deck, &c->map, err);
    if (s == CP_OK)
        s = cp_confusion_new(c->map, NULL, &c->tally, err);
    if (s == CP_OK && store)
        s = cp_confusion_read(c->tally, store, now - CONFUSION_DAYS * (cp_time)CP_DAY_SECONDS, err);
    if (s == CP_OK)
        s = cp_confusion_list(c->tally, now, &c->pairs, &c->n, err);
    return s;
}

static void free_confusions(confusions *c)
{
    free(c->pairs);
    cp_confusion_free(c->tally);
    cp_confusion_map_free(c->map);
}

static void print_confusions_json(const confusions *c, const cp_day_clock *clock, cp_time now)
{
    cp_confusion_desc d = cp_confusion_settings(c->tally);
    size_t confused = 0;
    for (size_t i = 0; i < c->n; i++)
        confused += c->pairs[i].confused;
    printf("  \"confusions\": {\"half_life_days\": %g, \"prior_misses\": %g, \"prior_rights\": %g, "
           "\"threshold\": %g, \"min_misses\": %d, \"flashcard_weight\": %g, "
           "\"repeat_hours\": %g,\n    \"confused\": %zu, \"pairs\": [",
           d.half_life_days, d.prior_misses, d.prior_rights, d.threshold, d.min_misses,
           d.flashcard_weight, d.repeat_hours, confused);
    size_t n_deck = cp_deck_count(cp_confusion_map_deck(c->map));
    for (size_t i = 0; i < c->n; i++) {
        const cp_confusion_pair *p = &c->pairs[i];
        const cp_subject *k = cp_confusion_subject(c->map, p->keyed);
        const cp_subject *w = cp_confusion_subject(c->map, p->chosen);
        char date[11], line[512];
        printf("%s\n      {\"keyed\": ", i ? "," : "");
        cp_json_string(stdout, k->name);
        printf(", \"chosen\": ");
        cp_json_string(stdout, w->name);
        printf(", \"keyed_is_service\": %s, \"chosen_is_service\": %s, \"misses\": %u, "
               "\"offers\": %u, \"weighted_misses\": %.4f, \"weighted_offers\": %.4f, "
               "\"score\": %.4f, \"confused\": %s, \"was_confused\": %s, ",
               k->service >= 0 ? "true" : "false", w->service >= 0 ? "true" : "false", p->misses,
               p->offers, p->weighted_misses, p->weighted_offers, p->score,
               p->confused ? "true" : "false", p->was_confused ? "true" : "false");
        date_of(clock, p->last_miss, date);
        printf("\"last_miss\": \"%s\", \"days_since_miss\": %lld, ", date,
               (long long)((now - p->last_miss) / CP_DAY_SECONDS));
        size_t separating = 0;
        for (size_t card = 0; card < n_deck; card++)
            separating += cp_confusion_separates(c->map, card, p->keyed, p->chosen);
        long from = cp_confusion_difference(c->map, p->keyed, p->chosen, line, sizeof line);
        printf("\"separating_cards\": %zu, \"difference\": ", separating);
        if (from >= 0) {
            cp_json_string(stdout, line);
            printf(", \"difference_card\": ");
            cp_json_string(stdout, cp_deck_card(cp_confusion_map_deck(c->map), (size_t)from)->id);
        } else {
            printf("null, \"difference_card\": null");
        }
        printf("}");
    }
    printf("%s]\n  }\n", c->n ? "\n    " : "");
}

static void print_confusions_text(const confusions *c, const cp_day_clock *clock)
{
    printf("\nwhat you mix up (the right answer <- what you chose instead):\n");
    size_t shown = 0, confused = 0;
    for (size_t i = 0; i < c->n; i++)
        confused += c->pairs[i].confused;
    for (size_t i = 0; i < c->n && shown < 10; i++) {
        const cp_confusion_pair *p = &c->pairs[i];
        if (!p->confused)
            continue;
        char date[11], line[512];
        date_of(clock, p->last_miss, date);
        printf("  %s <- %s: chosen %u of %u times, last on %s (score %.2f)\n",
               cp_confusion_subject(c->map, p->keyed)->name, cp_confusion_subject(c->map, p->chosen)->name,
               p->misses, p->offers, date, p->score);
        if (cp_confusion_difference(c->map, p->keyed, p->chosen, line, sizeof line) >= 0)
            printf("      %s\n", line);
        shown++;
    }
    if (!confused)
        printf("  nothing yet: no pair missed twice and often enough\n");
    if (c->n > confused)
        printf("  (%zu more pair%s missed, not confused: see --json)\n", c->n - confused,
               c->n - confused == 1 ? "" : "s");
}

static void print_json(const cp_stats *s, const cp_day_clock *clock, const confusions *c, cp_time now)
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
        printf("  \"plan\": {\"exam_date\": \"%s\", \"budget_minutes\": %d, \"days_to_exam\": %d, "
               "\"phase\": \"%s\", "
               "\"pace\": \"%s\", \"expected\": %d, \"introduced\": %d, \"new_per_day\": [%d, %d, "
               "%d, %d], \"new_today\": [%d, %d, %d, %d], \"drill_new_today\": %d, "
               "\"sweep_per_day\": %d, "
               "\"mock_today\": %s, \"mock_dates\": [",
               date, p->budget_minutes, t->days_to_exam,
               t->phase == CP_PLAN_SWEEP      ? "sweep"
               : t->phase == CP_PLAN_EXAM_DAY ? "exam"
                                              : "new cards",
               cp_plan_pace_name(t->pace), t->expected, t->introduced, p->new_per_day[0],
               p->new_per_day[1], p->new_per_day[2], p->new_per_day[3], t->new_today[0],
               t->new_today[1], t->new_today[2], t->new_today[3], s->plan_new_left,
               t->sweep_per_day, t->mock_today ? "true" : "false");
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
    printf("\n  ],\n");
    print_confusions_json(c, clock, now);
    printf("}\n");
}

static void bar(int width, double share)
{
    int n = (int)(share * width + 0.5);
    for (int i = 0; i < width; i++)
        putchar(i < n ? '#' : '.');
}

static void print_text(const cp_stats *s, const cp_day_clock *clock, const confusions *conf)
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
        printf("\nplan to the exam on %s (%d day%s left, %d minutes a day): %s, %d of %d planned "
               "new cards introduced\n", date, t->days_to_exam, t->days_to_exam == 1 ? "" : "s",
               p->budget_minutes, cp_plan_pace_name(t->pace), t->introduced, t->expected);
        if (t->phase == CP_PLAN_NEW_CARDS)
            printf("  today: %d new cards in the drill%s\n", s->plan_new_left,
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
    print_confusions_text(conf, clock);
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
               "domains, true retention, card states, time studied, plan, achievements,\n"
               "and what you mix up (the pairs of answers you confuse).\n");
        return CP_EXIT_OK;
    }

    char dir[1024];
    if (common->data_dir)
        snprintf(dir, sizeof dir, "%s", common->data_dir);
    else if (!cp_platform_data_dir(dir, sizeof dir)) {
        fprintf(stderr, "cloudprep stats: %s; use --data-dir DIR\n",
                cp_platform_data_dir_missing());
        return CP_EXIT_USAGE;
    }
    cp_cli_decks decks;
    cp_store *store = NULL;
    cp_stats *stats = calloc(1, sizeof *stats);
    confusions conf = {0};
    cp_error err = {0};
    if (!stats) {
        fprintf(stderr, "cloudprep stats: out of memory\n");
        return CP_EXIT_USAGE;
    }
    int rc = cp_cli_load_decks(common, "stats", true, &decks);
    if (rc) {
        free(stats);
        return rc;
    }
    const cp_deck *deck = decks.deck;

    cp_day_zone zone = {{0}, {0}};
    cp_settings settings;
    cp_settings_default(&settings);
    cp_game_desc desc = {.settings = &settings, .clock = cp_day_system_clock(0, &zone)};

    /* A learner with no database yet: the figures of an empty history,
     * without creating one. */
    char db[1100];
    cp_file_info st;
    snprintf(db, sizeof db, "%s/progress.db", dir);
    if (cp_store_check_dir(dir, &err) != CP_OK) {
        fprintf(stderr, "cloudprep stats: %s: %s\n", err.file, err.message);
        rc = CP_EXIT_STORE;
        goto done;
    }
    if (cp_platform_stat(db, &st) != 0 && errno != ENOENT) {
        fprintf(stderr, "cloudprep stats: %s: cannot read the progress database (%s); "
                        "check the folder's permissions.\n", db, strerror(errno));
        rc = CP_EXIT_STORE;
        goto done;
    }
    if (cp_platform_stat(db, &st) != 0) {
        cp_history h = {.deck = deck, .n_cards = cp_deck_count(deck)};
        cp_game_record rec = {0};
        h.memory = h.own_memory = calloc(h.n_cards ? h.n_cards : 1, sizeof *h.own_memory);
        if (!h.memory || cp_stats_compute(&h, &rec, &desc, 0, now, stats, &err) != CP_OK) {
            fprintf(stderr, "cloudprep stats: out of memory\n");
            cp_history_release(&h);
            rc = CP_EXIT_USAGE;
            goto done;
        }
        cp_history_release(&h);
        if (load_confusions(NULL, deck, now, &conf, &err) != CP_OK) {
            fprintf(stderr, "cloudprep stats: %s\n", err.message);
            rc = CP_EXIT_USAGE;
            goto done;
        }
    } else if (cp_store_open(dir, NULL, &store, &err) != CP_OK ||
               cp_settings_load(store, &settings, &err) != CP_OK ||
               cp_stats_load(store, deck, &desc, now, stats, &err) != CP_OK ||
               load_confusions(store, deck, now, &conf, &err) != CP_OK) {
        fprintf(stderr, "cloudprep stats: %s%s%s\n", err.file, *err.file ? ": " : "", err.message);
        rc = CP_EXIT_STORE;
        goto done;
    }
    cp_day_clock clock = desc.clock;
    clock.start_hour = settings.day_start_hour;
    if (json)
        print_json(stats, &clock, &conf, now);
    else
        print_text(stats, &clock, &conf);
done:
    free_confusions(&conf);
    cp_store_close(store);
    cp_cli_decks_free(&decks);
    free(stats);
    return rc;
}
