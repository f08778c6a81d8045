/* The game's day records: which day each log row counts on, and each
 * day's figures (answers, minutes, cards due at its start and done, new
 * cards available and introduced) by replaying the log from a known start.
 *
 * Cards due by the end of each day are counted with a Fenwick tree over
 * the days of the walk (a card sits in the bucket of its due day), so a
 * day costs O(log days) instead of a pass over every card. */
#include "cloudprep/game.h"

#include <stdlib.h>
#include <string.h>

static int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }

void cp_game_log_days(const cp_log_entry *log, size_t n_log, const cp_days_desc *desc,
                      int32_t *out)
{
    int32_t floor_day = desc->floor_day ? desc->floor_day : INT32_MIN;
    for (size_t i = 0; i < n_log; i++) {
        int32_t day = max32(cp_day_of(&desc->clock, log[i].at), floor_day);
        out[i] = day;
        floor_day = day;    /* later rows never count on an earlier day */
    }
}

bool cp_game_has_day(const int32_t *days, size_t n, int32_t day)
{
    for (size_t i = 0; i < n; i++)
        if (days[i] == day)
            return true;
    return false;
}

static void bit_add(int32_t *tree, size_t n, size_t i, int32_t v)
{
    for (i++; i <= n; i += i & (~i + 1))
        tree[i - 1] += v;
}

static int32_t bit_prefix(const int32_t *tree, size_t i)   /* buckets 0..i */
{
    int32_t sum = 0;
    for (i++; i > 0; i -= i & (~i + 1))
        sum += tree[i - 1];
    return sum;
}

/* The cards as the walk goes: which were seen, and the day bucket each
 * seen card is due in: -1 before the first day, n_days or more after the
 * last (never counted), else the day's index. */
typedef struct replay {
    const cp_days_desc *desc;
    int32_t first_day;
    size_t n_days, n_cards, n_seen;
    int32_t *bucket, *tree, due_early;
    bool *seen;
} replay;

static int32_t bucket_of(const replay *r, cp_time due)
{
    int32_t k = cp_day_of(&r->desc->clock, due) - r->first_day;
    return k < 0 ? -1 : k >= (int32_t)r->n_days ? (int32_t)r->n_days : k;
}

static void place(replay *r, int32_t k, int32_t v)
{
    if (k < 0)
        r->due_early += v;
    else if (k < (int32_t)r->n_days)
        bit_add(r->tree, r->n_days, (size_t)k, v);
}

/* A card's memory is now m (a row replayed, or the start state). */
static void settle_card(replay *r, int32_t c, const cp_memory *m)
{
    if (!r->seen[c]) {
        r->seen[c] = true;
        r->n_seen++;
    } else {
        place(r, r->bucket[c], -1);
    }
    r->bucket[c] = bucket_of(r, m->due);
    place(r, r->bucket[c], +1);
}

static void apply(replay *r, const cp_log_entry *e)
{
    if (e->card >= 0 && (size_t)e->card < r->n_cards)
        settle_card(r, e->card, &e->after);
}

cp_status cp_game_days(const cp_log_entry *log, size_t n_log, size_t n_cards,
                       const cp_days_desc *desc, int32_t first_day, cp_day_record *days,
                       size_t n_days)
{
    return cp_game_days_from(log, n_log, n_cards, NULL, 0, desc, first_day, days, n_days);
}

cp_status cp_game_days_from(const cp_log_entry *log, size_t n_log, size_t n_cards,
                            const cp_memory *start, int64_t start_id,
                            const cp_days_desc *desc, int32_t first_day,
                            cp_day_record *days, size_t n_days)
{
    cp_status status = CP_OK;
    size_t nc = n_cards ? n_cards : 1;
    replay rp = {.desc = desc, .first_day = first_day, .n_days = n_days, .n_cards = n_cards,
                 .bucket = malloc(nc * sizeof *rp.bucket), .seen = calloc(nc, sizeof *rp.seen),
                 .tree = calloc(n_days ? n_days : 1, sizeof *rp.tree)};
    int32_t *when = malloc((n_log ? n_log : 1) * sizeof *when);
    int32_t *done_on = malloc(nc * sizeof *done_on);
    if (!when || !rp.bucket || !rp.seen || !done_on || !rp.tree) {
        status = CP_ERR_NOMEM;
        goto done;
    }
    for (size_t c = 0; c < n_cards; c++)
        done_on[c] = INT32_MIN;
    cp_game_log_days(log, n_log, desc, when);
    for (size_t c = 0; start && c < n_cards; c++)
        if (start[c].state != CP_STATE_NEW)
            settle_card(&rp, (int32_t)c, &start[c]);

    size_t i = 0;
    int64_t through = start_id;
    for (; i < n_log && when[i] < first_day; i++) {
        apply(&rp, &log[i]);
        through = log[i].id;
    }
    for (size_t k = 0; k < n_days; k++) {
        int32_t d = first_day + (int32_t)k;
        cp_day_record *r = &days[k];
        memset(r, 0, sizeof *r);
        r->day = d;
        /* Seen cards due before the day ends, as of its start. */
        r->due = rp.due_early + bit_prefix(rp.tree, k);
        int32_t unseen = (int32_t)(n_cards - rp.n_seen);
        int32_t limit = desc->new_per_day > 0 ? desc->new_per_day : 0;
        r->fresh = unseen < limit ? unseen : limit;
        r->unseen = unseen;
        int64_t ms = 0;
        for (; i < n_log && when[i] == d; i++) {
            const cp_log_entry *e = &log[i];
            through = e->id;
            /* A mock exam's or diagnostic's misses are logged as Again
             * reviews so they come back in the drill; they move the
             * card's memory but are not the day's study (no drill done,
             * no goal, no new cards introduced by studying). */
            if (e->mode == CP_MODE_EXAM || e->mode == CP_MODE_DIAGNOSTIC) {
                apply(&rp, e);
                continue;
            }
            r->reviews++;
            r->correct += e->rating != CP_AGAIN;
            ms += e->duration_ms;
            if (e->card >= 0 && (size_t)e->card < n_cards) {
                int32_t c = e->card;
                if (!rp.seen[c]) {
                    r->introduced++;
                    int dom = desc->card_domain ? desc->card_domain[c] - 1 : -1;
                    if (dom >= 0 && dom < CP_DOMAINS)
                        r->introduced_by_domain[dom]++;
                }
                /* Its first answer today finds its due date as it was when
                 * the day began: due by the day's end means due today. */
                else if (done_on[c] != d && rp.bucket[c] <= (int32_t)k)
                    r->due_done++;
                done_on[c] = d;
            }
            apply(&rp, e);
        }
        r->seconds = (int32_t)(ms / 1000);
        cp_game_day_work(r, desc->reviews_per_day);
        r->work_known = !desc->work_unknown;
        r->drill_done = r->work_done || cp_game_has_day(desc->drill_days, desc->n_drill_days, d);
        r->goal_reported = cp_game_has_day(desc->goal_days, desc->n_goal_days, d);
        r->through_id = through;
    }
done:
    free(when);
    free(rp.bucket);
    free(rp.seen);
    free(rp.tree);
    free(done_on);
    return status;
}

