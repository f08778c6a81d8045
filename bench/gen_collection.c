/* gen_collection: a large synthetic collection for the benchmarks.
 *
 *   gen_collection OUT_DIR [--cards N] [--reviews M] [--seed S] [--now UNIX]
 *                  [--keep-last K]
 *
 * writes OUT_DIR/decks/gen-T.md (one file per task statement; N cards,
 * default 100,000, shared between the four domains by exam weight, 60 %
 * single-answer, 15 % multiple-response, 25 % flashcards, texts of the
 * bundled decks' lengths) and OUT_DIR/data/progress.db (M review-log rows,
 * default 1,000,000). Nine cards in ten have a history: each is reviewed
 * M / (0.9 N) times, rating by rating through FSRS with the default
 * parameters but a 90-day maximum interval (so the whole history spans
 * about two years), every review when the previous one made it due (plus a
 * little lateness), and the history is placed so that the day before
 * `now` (default: the current time) falls in or a little past the card's
 * last interval: nothing is answered yet today and a fifth of the cards are
 * due, far over the daily review limit (the queue's slow path). Rows are written in time order with the
 * same before/after memory the app would log, and each card's memory is its
 * last `after`. Deterministic for a seed and `now`.
 *
 * The game's events are the app's: XP for every answer (tied to it) and a
 * finished drill (with its bonus) for every day studied. Everything is
 * written through the store (cp_store_record_review, cp_store_add_event)
 * in write groups of 20,000 answers; then the store is opened once through
 * the learner, which settles the finished days as the app would have day
 * by day.
 *
 * --keep-last K: the same learner with only the newest K review-log rows
 * kept (older rows and the events written with them deleted before the
 * learner opens): every card's memory, first exposure and last days as
 * with the whole history, only the log shorter. bench/run's growth table
 * compares such logs, so that the length of the history is the only thing
 * that differs. */
#include "cloudprep/blueprint.h"
#include "cloudprep/deck.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/game.h"
#include "cloudprep/learner.h"
#include "cloudprep/platform.h"
#include "cloudprep/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const words[] = {
    "instance", "region", "availability", "zone", "bucket", "object", "policy", "role",
    "account", "billing", "budget", "alarm", "metric", "log", "trail", "network",
    "subnet", "gateway", "route", "table", "database", "replica", "snapshot", "backup",
    "function", "container", "cluster", "queue", "topic", "stream", "cache", "edge",
    "location", "distribution", "certificate", "key", "secret", "encryption", "audit",
    "compliance", "report", "support", "plan", "pricing", "reserved", "savings", "spot",
    "on-demand", "capacity", "scaling", "elastic", "durable", "available", "managed",
    "serverless", "customer", "responsibility", "shared", "model", "security", "identity",
    "access", "permission", "group", "user", "service", "control", "firewall", "shield",
    "storage", "archive", "tier", "lifecycle", "transfer", "migration", "hybrid", "cloud",
    "workload", "application", "architecture", "pillar", "reliability", "performance",
    "cost", "optimization", "operational", "excellence", "sustainability", "global",
    "infrastructure", "latency", "throughput", "request", "response", "endpoint", "api",
    "console", "command", "line", "template", "stack", "deployment", "pipeline", "build",
    "monitor", "dashboard", "event", "rule", "schedule", "notification", "email", "team",
};
enum { N_WORDS = sizeof words / sizeof words[0] };

static void sentence(FILE *f, cp_rng *rng, int n_words, const char *end)
{
    for (int i = 0; i < n_words; i++) {
        const char *w = words[cp_rng_below(rng, N_WORDS)];
        if (i == 0)
            fprintf(f, "%c%s", w[0] - ('a' <= w[0] && w[0] <= 'z' ? 32 : 0), w + 1);
        else
            fprintf(f, " %s", w);
    }
    fputs(end, f);
}

typedef struct event {
    cp_time at;
    uint32_t card;
    uint8_t rating;
    uint8_t quiz;
    uint16_t duration_s;
} event;

/* Deletes every review-log row but the newest `keep` and the game events
 * written with them (an answer's XP, a day's finished drill before the
 * first kept row). Non-zero on failure. */
static int trim_log(const char *db_path, long keep)
{
    sqlite3 *db = NULL;
    char sql[512];
    snprintf(sql, sizeof sql,
             "BEGIN;"
             "CREATE TEMP TABLE cut AS SELECT id, at FROM review_log ORDER BY id DESC LIMIT 1 "
             "OFFSET %ld;"
             "DELETE FROM game_event WHERE review_id <= (SELECT id FROM cut)"
             "  OR (review_id IS NULL AND at < (SELECT at FROM cut));"
             "DELETE FROM review_log WHERE id <= (SELECT id FROM cut);"
             "COMMIT; VACUUM;",
             keep);
    if (keep == 0)
        snprintf(sql, sizeof sql, "DELETE FROM game_event; DELETE FROM review_log; VACUUM;");
    char *msg = NULL;
    int rc = sqlite3_open(db_path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "gen_collection: %s: %s\n", db_path, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_close(db);
    return rc != SQLITE_OK;
}

/* Non-zero on failure. */
static int by_time(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->card < y->card ? -1 : x->card > y->card;
}

static void card_id(char *out, size_t size, uint32_t card, int domain)
{
    snprintf(out, size, "gen-d%d-%06u", domain, card);
}

static int fail(const char *what)
{
    fprintf(stderr, "gen_collection: %s: %s\n", what, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: gen_collection OUT_DIR [--cards N] [--reviews M] [--seed S]"
                        " [--now UNIX] [--keep-last K]\n");
        return 2;
    }
    const char *out = argv[1];
    long n_cards = 100000, n_reviews = 1000000, keep_last = -1;
    uint64_t seed = 1;
    cp_time now = (cp_time)time(NULL);
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--cards") == 0) n_cards = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--reviews") == 0) n_reviews = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--seed") == 0) seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--now") == 0) now = atoll(argv[i + 1]);
        else if (strcmp(argv[i], "--keep-last") == 0)
            keep_last = atol(argv[i + 1]);
        else {
            fprintf(stderr, "gen_collection: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (n_cards < 100 || n_reviews < 0) {
        fprintf(stderr, "gen_collection: need at least 100 cards\n");
        return 2;
    }

    /* ---- the decks: each card's domain and task, in deck order ---------- */
    char path[2048];
    snprintf(path, sizeof path, "%s/decks", out);
    if (cp_platform_mkdirs(path) != 0)
        return fail(path);
    int *domain_of = malloc((size_t)n_cards * sizeof *domain_of);
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    long next = 0;
    for (int t = 0; t < CP_TASKS; t++) {
        const cp_task_info *task = cp_blueprint_task(t);
        const cp_domain_info *dom = cp_blueprint_domain(task->domain);
        /* This task's share: the domain's weight, split evenly among its tasks. */
        int tasks_in_domain = 0;
        for (int k = 0; k < CP_TASKS; k++)
            tasks_in_domain += cp_blueprint_task(k)->domain == task->domain;
        long want = (long)((double)n_cards * dom->weight_percent / 100.0 / tasks_in_domain + 0.5);
        if (t == CP_TASKS - 1 || next + want > n_cards)
            want = n_cards - next;
        snprintf(path, sizeof path, "%s/decks/gen-%s.md", out, task->id);
        FILE *f = fopen(path, "w");
        if (!f)
            return fail(path);
        fprintf(f, "# Generated cards for task %s\n\nSynthetic text for the benchmarks.\n\n", task->id);
        for (long k = 0; k < want; k++, next++) {
            uint32_t card = (uint32_t)next;
            domain_of[card] = task->domain;
            char id[64];
            card_id(id, sizeof id, card, task->domain);
            int kind = (int)(card % 20);
            const char *type = kind < 12 ? "single" : kind < 15 ? "multi" : "flashcard";
            static const char *const diff[] = {"easy", "medium", "hard"};
            fprintf(f, "## %s\ndomain: %d; task: %s; type: %s; difficulty: %s; tags: generated\n\n",
                    id, task->domain, task->id, type, diff[card % 3]);
            if (kind >= 15) {
                sentence(f, &rng, 4 + (int)cp_rng_below(&rng, 6), "\n\n> ");
                sentence(f, &rng, 20 + (int)cp_rng_below(&rng, 30), ".\n\n");
                continue;
            }
            sentence(f, &rng, 25 + (int)cp_rng_below(&rng, 20), "?");
            fputs(kind >= 12 ? " (Choose two.)\n\n" : "\n\n", f);
            int n_choices = kind >= 12 ? 5 : 4;
            int right = (int)cp_rng_below(&rng, (uint64_t)n_choices);
            for (int c = 0; c < n_choices; c++) {
                bool correct = c == right || (kind >= 12 && c == (right + 2) % n_choices);
                fprintf(f, "- [%c] Option %d: ", correct ? 'x' : ' ', c + 1);
                sentence(f, &rng, 4 + (int)cp_rng_below(&rng, 6), "\n");
            }
            fputs("\n> ", f);
            sentence(f, &rng, 40 + (int)cp_rng_below(&rng, 30), ".\n\n");
        }
        if (fclose(f) != 0)
            return fail(path);
    }

    /* ---- the histories: per card, then all of them in time order -------- */
    /* FSRS defaults but intervals of at most 90 days: with the default cap
     * (100 years) a dozen good answers push a card's first review centuries
     * back, and a learner's history should span a couple of years. */
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    params.maximum_interval = 90;
    long reviewed = n_cards - n_cards / 10;
    event *events = malloc((size_t)(n_reviews ? n_reviews : 1) * sizeof *events);
    if (!events)
        return fail("out of memory");
    long n_events = 0;
    for (long c = 0, slot = 0; c < n_cards && n_events < n_reviews; c++) {
        if (c % 10 == 9)
            continue;   /* one card in ten stays New */
        long reps = n_reviews / reviewed + (slot < n_reviews % reviewed ? 1 : 0);
        slot++;
        char id[64];
        card_id(id, sizeof id, (uint32_t)c, domain_of[c]);
        cp_memory m = {0};
        cp_time t = 0;
        long first = n_events;
        for (long r = 0; r < reps && n_events < n_reviews; r++) {
            uint64_t u = cp_rng_below(&rng, 100);
            cp_rating rating = u < 12 ? CP_AGAIN : u < 20 ? CP_HARD : u < 90 ? CP_GOOD : CP_EASY;
            events[n_events++] = (event){.at = t, .card = (uint32_t)c, .rating = (uint8_t)rating,
                                         .quiz = cp_rng_below(&rng, 10) == 0,
                                         .duration_s = (uint16_t)(3 + cp_rng_below(&rng, 40))};
            m = cp_fsrs_next(&params, &m, t, rating, cp_fsrs_fuzz_seed(id, m.reps));
            cp_time interval = m.due - t;
            t = m.due + (cp_time)cp_rng_below(&rng, (uint64_t)(interval / 5 + 60));
        }
        /* Place the history: the learner last studied yesterday, which
         * falls in the card's last interval or up to 30 % past it
         * (overdue). */
        cp_time last = events[n_events - 1].at;
        cp_time interval = m.due - last;
        cp_time now_rel = last + (cp_time)(cp_rng_unit(&rng) * 1.3 * (double)interval);
        for (long e = first; e < n_events; e++)
            events[e].at += (now - 86400) - now_rel;
    }
    qsort(events, (size_t)n_events, sizeof *events, by_time);

    /* ---- the database ----------------------------------------------------- */
    snprintf(path, sizeof path, "%s/data", out);
    char db_path[2100];
    snprintf(db_path, sizeof db_path, "%s/progress.db", path);
    remove(db_path);
    cp_store *store = NULL;
    cp_error err = {0};
    if (cp_store_open(path, NULL, &store, &err) != CP_OK) {
        fprintf(stderr, "gen_collection: %s\n", err.message);
        return 1;
    }
    /* Everything goes in through the store, in the rows and transactions
     * the app writes (a group per 20,000 answers: this is a generator). */
    cp_memory *memory = calloc((size_t)n_cards, sizeof *memory);
    cp_day_clock clock = cp_day_fixed_clock(4, 0);
    int32_t last_day = INT32_MIN;
    long n_days = 0;
    cp_status s = cp_store_begin(store, &err);
    for (long e = 0; s == CP_OK && e < n_events; e++) {
        const event *ev = &events[e];
        char id[64];
        card_id(id, sizeof id, ev->card, domain_of[ev->card]);
        cp_memory before = memory[ev->card];
        cp_memory after = cp_fsrs_next(&params, &before, ev->at, (cp_rating)ev->rating,
                                       cp_fsrs_fuzz_seed(id, before.reps));
        memory[ev->card] = after;
        int kind = (int)(ev->card % 20);
        cp_review r = {.card_id = id, .at = ev->at, .rating = ev->rating,
                       .elapsed_days = before.last_review
                                           ? (double)(ev->at - before.last_review) / CP_DAY_SECONDS
                                           : 0.0,
                       .duration_ms = ev->duration_s * 1000,
                       .chosen = kind >= 15 ? "" : kind >= 12 ? "0,2" : "1",
                       .mode = ev->quiz ? "quiz" : "drill", .before = before, .after = after};
        /* The day's drill done (and its bonus) when a new day starts. */
        int32_t day = cp_day_of(&clock, ev->at);
        char detail[96];
        if (day != last_day) {
            if (last_day != INT32_MIN) {
                cp_game_fact done = {.kind = CP_EVENT_DRILL_DONE, .at = ev->at - 1, .day = last_day};
                cp_game_fact bonus = {.kind = CP_EVENT_XP, .at = ev->at - 1,
                                      .amount = CP_XP_DRILL_BONUS, .source = CP_XP_FROM_DRILL,
                                      .day = last_day};
                cp_game_event row;
                cp_game_fact_encode(&done, &row, detail, sizeof detail);
                if ((s = cp_store_add_event(store, &row, &err)) != CP_OK)
                    break;
                cp_game_fact_encode(&bonus, &row, detail, sizeof detail);
                if ((s = cp_store_add_event(store, &row, &err)) != CP_OK)
                    break;
            }
            last_day = day;
            n_days++;
        }
        int64_t review_id = 0;
        if ((s = cp_store_record_review(store, &r, &review_id, &err)) != CP_OK)
            break;
        cp_xp_answer xa = {.rating = ev->rating, .before = before,
                           .card_difficulty = CP_DIFF_MEDIUM, .at = ev->at};
        cp_game_fact xp = {.kind = CP_EVENT_XP, .at = ev->at, .amount = cp_game_answer_xp(&xa),
                           .review_id = review_id, .source = CP_XP_FROM_REVIEW};
        snprintf(xp.card_id, sizeof xp.card_id, "%s", id);
        cp_game_event row;
        cp_game_fact_encode(&xp, &row, detail, sizeof detail);
        if ((s = cp_store_add_event(store, &row, &err)) != CP_OK)
            break;
        if (e % 20000 == 19999 && ((s = cp_store_commit(store, &err)) != CP_OK ||
                                   (s = cp_store_begin(store, &err)) != CP_OK))
            break;
    }
    if (s == CP_OK)
        s = cp_store_commit(store, &err);
    if (s != CP_OK) {
        cp_store_rollback(store);
        fprintf(stderr, "gen_collection: %s\n", err.message);
        return 1;
    }
    long with_memory = 0;
    for (long c = 0; c < n_cards; c++)
        with_memory += memory[c].reps != 0;
    cp_store_close(store);
    if (keep_last >= 0 && keep_last < n_events && trim_log(db_path, keep_last) != 0)
        return 1;

    /* Open it once as the app would have every day: the game settles the
     * finished days (store.h), as it is on a long-time learner's disk. */
    const char *deck_dir[] = {NULL};
    char decks[2100];
    snprintf(decks, sizeof decks, "%s/decks", out);
    deck_dir[0] = decks;
    cp_deck *deck = NULL;
    cp_learner *learner = NULL;
    if (cp_deck_load(deck_dir, 1, &deck, &err) != CP_OK ||
        cp_store_open(path, NULL, &store, &err) != CP_OK ||
        cp_learner_open(store, deck, &(cp_learner_desc){.fixed_offset = true}, now, &learner, NULL,
                        &err) != CP_OK) {
        fprintf(stderr, "gen_collection: %s\n", err.message);
        return 1;
    }
    cp_learner_free(learner);
    cp_store_close(store);
    cp_deck_free(deck);
    long due = 0;
    for (long c = 0; c < n_cards; c++)
        due += memory[c].reps && memory[c].due <= now;
    printf("%ld cards in %d files, %ld review-log rows over %ld days, %ld cards with a history,"
           " %ld due at %lld\n", n_cards, CP_TASKS, n_events, n_days, with_memory, due,
           (long long)now);
    if (keep_last >= 0 && keep_last < n_events)
        printf("the newest %ld review-log rows kept\n", keep_last);
    free(memory);
    free(events);
    free(domain_of);
    return 0;
}
