/* cloudprep fsrs-replay: run review histories through the scheduler, for
 * comparing it with another FSRS implementation.
 *
 * Reads `seq<TAB>elapsed_days<TAB>rating` lines on stdin; each distinct seq
 * is one card starting New at 2026-01-05 00:00 UTC, and elapsed_days is the
 * time since its previous line (0 on its first). Prints
 * `seq<TAB>stability<TAB>difficulty<TAB>retrievability<TAB>scheduled_days`
 * per input line, retrievability being R just before the review (-1 when
 * the card was New), numbers with 15 significant digits. No learning
 * steps, no fuzz. */
#include "cli/cli.h"
#include "cli/options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/fsrs.h"

static const cp_time REPLAY_START = 1767571200; /* 2026-01-05 00:00 UTC */

/* One card per distinct seq, found through an open-addressing hash table
 * (a seq may come back after others). */
typedef struct card_slot {
    char *seq;          /* NULL: empty slot */
    cp_memory memory;
    cp_time now;
} card_slot;

typedef struct card_table {
    card_slot *slots;
    size_t cap, used;
} card_table;

static uint64_t hash_seq(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h;
}

/* The slot for seq, created New when absent; NULL when out of memory.
 * *created tells which. */
static card_slot *table_get(card_table *t, const char *seq, bool *created)
{
    if (2 * (t->used + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        card_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].seq)
                continue;
            size_t j = hash_seq(t->slots[i].seq) & (cap - 1);
            while (slots[j].seq)
                j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    size_t j = hash_seq(seq) & (t->cap - 1);
    while (t->slots[j].seq) {
        if (strcmp(t->slots[j].seq, seq) == 0) {
            *created = false;
            return &t->slots[j];
        }
        j = (j + 1) & (t->cap - 1);
    }
    size_t len = strlen(seq) + 1;
    char *copy = malloc(len);
    if (!copy)
        return NULL;
    memcpy(copy, seq, len);
    t->slots[j] = (card_slot){.seq = copy, .now = REPLAY_START};
    t->used++;
    *created = true;
    return &t->slots[j];
}

static void table_free(card_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].seq);
    free(t->slots);
}

/* Splits the line into up to 4 tab- or space-separated fields. */
static int split_fields(char *line, char *fields[4])
{
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(line, " \t\r\n", &save); tok;
         tok = strtok_r(NULL, " \t\r\n", &save)) {
        if (n == 4)
            return 5;
        fields[n++] = tok;
    }
    return n;
}

int cp_cli_fsrs_replay(const cp_cli_common *common, int argc, char **argv)
{
    (void)common;
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    params.enable_fuzz = false;
    params.enable_short_term = false;
    params.n_learning_steps = 0;
    params.n_relearning_steps = 0;

    double retention = params.desired_retention;
    long long max_interval = params.maximum_interval;
    int short_term = 1;
    static const char *const on_off[] = {"on", "off", NULL};
    const cp_option options[] = {
        {"--retention", CP_OPT_NUMBER, &retention, 0.01, 0.99, NULL},
        {"--max-interval", CP_OPT_INT, &max_interval, 1, 36500, NULL},
        {"--short-term", CP_OPT_CHOICE, &short_term, 0, 0, on_off},
    };
    cp_cli_args args = {.command = "fsrs-replay", .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    int prc = cp_cli_parse(&args, argc, argv, 1);
    if (prc)
        return prc;
    if (args.help) {
        printf("usage: cloudprep fsrs-replay [--retention R] [--max-interval N] "
               "[--short-term on|off]\n"
               "stdin: seq<TAB>elapsed_days<TAB>rating per review\n"
               "stdout: seq<TAB>stability<TAB>difficulty<TAB>retrievability<TAB>scheduled_days\n");
        return CP_EXIT_OK;
    }
    params.desired_retention = retention;
    params.maximum_interval = (int32_t)max_interval;
    params.enable_short_term = short_term == 0;

    char line[1024];
    card_table table = {0};
    int status = CP_EXIT_OK;
    unsigned long lineno = 0;
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(stdin)) {
            fprintf(stderr, "line %lu: line too long\n", lineno);
            status = CP_EXIT_USAGE;
            break;
        }
        const char *p = line + strspn(line, " \t\r\n");
        if (*p == '\0' || *p == '#')
            continue;
        char *fields[4];
        int n = split_fields(line, fields);
        if (n != 3) {
            fprintf(stderr, "line %lu: expected seq, elapsed_days and rating, got %s fields\n",
                    lineno, n > 3 ? "more" : n == 2 ? "2" : "1");
            status = CP_EXIT_USAGE;
            break;
        }
        char *end = NULL;
        errno = 0;
        double elapsed = strtod(fields[1], &end);
        if (errno || *end || !isfinite(elapsed) || elapsed < 0.0 || elapsed > 1e6) {
            fprintf(stderr, "line %lu: elapsed_days '%s' is not a number of days >= 0\n",
                    lineno, fields[1]);
            status = CP_EXIT_USAGE;
            break;
        }
        long rating = strtol(fields[2], &end, 10);
        if (*end || rating < CP_AGAIN || rating > CP_EASY) {
            fprintf(stderr, "line %lu: rating '%s' is not 1, 2, 3 or 4\n", lineno, fields[2]);
            status = CP_EXIT_USAGE;
            break;
        }
        bool created = false;
        card_slot *card = table_get(&table, fields[0], &created);
        if (!card) {
            fprintf(stderr, "cloudprep fsrs-replay: out of memory\n");
            status = CP_EXIT_USAGE;
            break;
        }
        if (created && elapsed != 0.0) {
            fprintf(stderr, "line %lu: the first line of seq '%s' must have elapsed 0\n",
                    lineno, fields[0]);
            status = CP_EXIT_USAGE;
            break;
        }
        card->now += (cp_time)llround(elapsed * 86400.0);
        double r = card->memory.state == CP_STATE_NEW
                       ? -1.0 : cp_fsrs_retrievability(&params, &card->memory, card->now);
        card->memory = cp_fsrs_next(&params, &card->memory, card->now, (cp_rating)rating, 0);
        printf("%s\t%.15g\t%.15g\t%.15g\t%d\n", card->seq, card->memory.stability,
               card->memory.difficulty, r, (int)card->memory.scheduled_days);
    }
    table_free(&table);
    if (status == CP_EXIT_OK && ferror(stdin)) {
        fprintf(stderr, "cloudprep fsrs-replay: cannot read stdin\n");
        status = CP_EXIT_USAGE;
    }
    if (fflush(stdout) != 0 && status == CP_EXIT_OK)
        status = CP_EXIT_USAGE;
    return status;
}
