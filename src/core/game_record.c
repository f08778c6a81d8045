/* The game's stored record: its events, typed (cp_game_fact), and the
 * settled days, read back into a cp_game_record.
 *
 * The store keeps events as (kind, amount, detail) rows; encode and decode
 * below are the one place that knows their text, so the rest of the game
 * works on typed facts. Rows of kinds this version does not use (the old
 * "seen-day" clock marks among them) decode as CP_EVENT_OTHER and are
 * ignored. */
#include "cloudprep/game.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    [CP_EVENT_XP] = "xp", [CP_EVENT_LEVEL] = "level", [CP_EVENT_DRILL_DONE] = "drill-done",
    [CP_EVENT_GOAL_MET] = "goal-met", [CP_EVENT_FREEZE_EARNED] = "freeze-earned",
    [CP_EVENT_FREEZE_USED] = "freeze-used", [CP_EVENT_ACHIEVEMENT] = "achievement",
    [CP_EVENT_ROUND] = "round", [CP_EVENT_OTHER] = "other",
};

void cp_game_fact_encode(const cp_game_fact *f, cp_game_event *out, char *detail, size_t size)
{
    detail[0] = '\0';
    *out = (cp_game_event){.at = f->at, .kind = kind_names[f->kind], .amount = f->amount,
                           .detail = detail, .review_id = f->review_id};
    switch (f->kind) {
    case CP_EVENT_XP:
        if (f->source == CP_XP_FROM_REVIEW)
            snprintf(detail, size, "review:%s", f->card_id);
        else if (f->source == CP_XP_FROM_DRILL)
            snprintf(detail, size, "drill:%" PRId32, f->day);
        else if (f->source == CP_XP_FROM_ATTEMPT)
            snprintf(detail, size, "attempt:%" PRId64, f->attempt_id);
        break;
    case CP_EVENT_DRILL_DONE:
    case CP_EVENT_GOAL_MET:
        out->amount = f->day;
        break;
    case CP_EVENT_FREEZE_USED: {
        out->amount = 1;
        cp_day_format(f->day, detail, size);
        break;
    }
    case CP_EVENT_ACHIEVEMENT: {
        const cp_achievement *a = cp_game_achievement(f->achievement);
        out->amount = 0;
        snprintf(detail, size, "%s", a ? a->id : "");
        break;
    }
    case CP_EVENT_ROUND:
        snprintf(detail, size, "%" PRId32 " %" PRId32 " %" PRId32 " %" PRId32, f->round_answered,
                 f->round_correct, f->round_best_combo, f->round_questions);
        break;
    default:
        break;
    }
}

static bool parse_i64(const char *text, int64_t *out)
{
    char *end;
    if (!text || !*text)
        return false;
    long long v = strtoll(text, &end, 10);
    if (*end)
        return false;
    *out = v;
    return true;
}

void cp_game_fact_decode(const cp_game_event *e, cp_game_fact *f)
{
    memset(f, 0, sizeof *f);
    f->kind = CP_EVENT_OTHER;
    f->at = e->at;
    f->amount = e->amount;
    f->review_id = e->review_id;
    const char *detail = e->detail ? e->detail : "";
    int k = -1;
    for (int i = 0; i < CP_EVENT_OTHER; i++)
        if (e->kind && strcmp(e->kind, kind_names[i]) == 0)
            k = i;
    int64_t v = 0;
    switch (k) {
    case CP_EVENT_XP:
        f->kind = CP_EVENT_XP;
        f->source = CP_XP_FROM_OTHER;
        if (strncmp(detail, "review:", 7) == 0) {
            f->source = CP_XP_FROM_REVIEW;
            snprintf(f->card_id, sizeof f->card_id, "%s", detail + 7);
        } else if (strncmp(detail, "drill:", 6) == 0 && parse_i64(detail + 6, &v)) {
            f->source = CP_XP_FROM_DRILL;
            f->day = (int32_t)v;
        } else if (strncmp(detail, "attempt:", 8) == 0 && parse_i64(detail + 8, &v)) {
            f->source = CP_XP_FROM_ATTEMPT;
            f->attempt_id = v;
        }
        break;
    case CP_EVENT_LEVEL:
    case CP_EVENT_FREEZE_EARNED:
        f->kind = (cp_event_kind)k;
        break;
    case CP_EVENT_DRILL_DONE:
    case CP_EVENT_GOAL_MET:
        f->kind = (cp_event_kind)k;
        f->day = (int32_t)e->amount;
        break;
    case CP_EVENT_FREEZE_USED: {
        int32_t day;
        /* Older versions stored a count and the latest day covered. */
        if (cp_day_parse(detail, &day)) {
            f->kind = CP_EVENT_FREEZE_USED;
            f->day = day;
        }
        break;
    }
    case CP_EVENT_ACHIEVEMENT:
        f->achievement = cp_game_achievement_find(detail);
        if (f->achievement >= 0)
            f->kind = CP_EVENT_ACHIEVEMENT;
        break;
    case CP_EVENT_ROUND: {
        int a = 0, c = 0, b = 0, q = 0;
        if (sscanf(detail, "%d %d %d %d", &a, &c, &b, &q) >= 3) {
            f->kind = CP_EVENT_ROUND;
            f->round_answered = a;
            f->round_correct = c;
            f->round_best_combo = b;
            f->round_questions = q;
        }
        break;
    }
    default:
        break;
    }
}

/* ---- the record ------------------------------------------------------------- */

typedef struct record_loader {
    cp_game_record *r;
    bool nomem;
} record_loader;

static int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }

/* Appends to a growing array (doubling at powers of two). */
static bool push(void **items, size_t *n, size_t size, const void *value)
{
    if ((*n & (*n - 1)) == 0) {
        void *grown = realloc(*items, (*n ? *n * 2 : 8) * size);
        if (!grown)
            return false;
        *items = grown;
    }
    memcpy((char *)*items + *n * size, value, size);
    (*n)++;
    return true;
}

static void on_event(void *ctx, const cp_game_event *e)
{
    record_loader *l = ctx;
    cp_game_record *r = l->r;
    if (e->id > r->last_event_id)
        r->last_event_id = e->id;
    cp_game_fact f;
    cp_game_fact_decode(e, &f);
    bool ok = true;
    switch (f.kind) {
    case CP_EVENT_XP:
        if (e->id > r->xp_through_event)    /* the rest is in the settled total */
            r->xp += f.amount;
        if (f.source == CP_XP_FROM_ATTEMPT)
            ok = push((void **)&r->attempts_paid, &r->n_attempts_paid, sizeof f.attempt_id,
                      &f.attempt_id);
        break;
    case CP_EVENT_LEVEL:
        r->level_announced = max32(r->level_announced, (int32_t)f.amount);
        break;
    case CP_EVENT_DRILL_DONE:
        ok = push((void **)&r->drill_days, &r->n_drill_days, sizeof f.day, &f.day);
        break;
    case CP_EVENT_GOAL_MET:
        ok = push((void **)&r->goal_days, &r->n_goal_days, sizeof f.day, &f.day);
        break;
    case CP_EVENT_FREEZE_EARNED:
        r->freezes_earned_announced += (int32_t)f.amount;
        break;
    case CP_EVENT_FREEZE_USED:
        ok = push((void **)&r->frozen_days, &r->n_frozen_days, sizeof f.day, &f.day);
        break;
    case CP_EVENT_ACHIEVEMENT:
        if (!r->earned_at[f.achievement])
            r->earned_at[f.achievement] = f.at ? f.at : 1;
        break;
    case CP_EVENT_ROUND:
        r->rounds++;
        if (f.amount > r->round_high_score)
            r->round_high_score = f.amount;
        r->best_combo = max32(r->best_combo, f.round_best_combo);
        if (f.round_questions >= CP_ROUND_PERFECT_MIN && f.round_answered == f.round_questions &&
            f.round_correct == f.round_questions)
            r->perfect_rounds++;
        break;
    case CP_EVENT_OTHER:
        break;
    }
    if (!ok)
        l->nomem = true;
}

void cp_game_day_from_settled(const cp_settled_day *d, cp_day_record *out)
{
    *out = (cp_day_record){.day = d->day, .reviews = d->reviews, .correct = d->correct,
                           .seconds = d->seconds, .due = d->due, .due_done = d->due_done,
                           .fresh = d->fresh, .introduced = d->introduced,
                           .work_done = d->work_done, .work_known = true,
                           .through_id = d->through_id};
    for (int k = 0; k < CP_DOMAINS; k++)
        out->introduced_by_domain[k] = d->introduced_by_domain[k];
}

void cp_game_day_to_settled(const cp_day_record *d, int64_t xp_through_event, int64_t xp_total,
                            cp_settled_day *out)
{
    *out = (cp_settled_day){.day = d->day, .through_id = d->through_id, .reviews = d->reviews,
                            .correct = d->correct, .seconds = d->seconds, .due = d->due,
                            .due_done = d->due_done, .fresh = d->fresh,
                            .introduced = d->introduced, .work_done = d->work_done,
                            .xp_through_event = xp_through_event, .xp_total = xp_total};
    for (int k = 0; k < CP_DOMAINS; k++)
        out->introduced_by_domain[k] = d->introduced_by_domain[k];
}

static void on_settled(void *ctx, const cp_settled_day *d)
{
    record_loader *l = ctx;
    cp_game_record *r = l->r;
    if (l->nomem)
        return;
    cp_day_record day;
    cp_game_day_from_settled(d, &day);
    if (!push((void **)&r->settled, &r->n_settled, sizeof day, &day)) {
        l->nomem = true;
        return;
    }
    r->settled_through = d->through_id;
    r->xp_through_event = d->xp_through_event;
    r->xp = d->xp_total;
}

cp_status cp_game_record_load(cp_store *store, cp_game_record *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    record_loader l = {.r = out};
    cp_status s = cp_store_each_settled_day(store, on_settled, &l, err);
    /* Settled days are consecutive with growing row ids; anything else
     * (an edited file) is ignored and the log replayed in full. */
    bool usable = s == CP_OK && !l.nomem;
    for (size_t k = 1; usable && k < out->n_settled; k++)
        usable = out->settled[k].day == out->settled[k - 1].day + 1 &&
                 out->settled[k].through_id >= out->settled[k - 1].through_id;
    if (!usable) {
        free(out->settled);
        out->settled = NULL;
        out->n_settled = 0;
        out->settled_through = out->xp_through_event = out->xp = 0;
    }
    out->last_event_id = out->xp_through_event;
    if (s == CP_OK && !l.nomem)
        s = cp_store_each_event_except(store, "xp", out->xp_through_event, "attempt:", on_event,
                                       &l, err);
    if (s == CP_OK && l.nomem)
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory reading game events");
    if (s != CP_OK) {
        cp_game_record_release(out);
        return s;
    }
    return CP_OK;
}

void cp_game_record_release(cp_game_record *record)
{
    if (!record)
        return;
    free(record->drill_days);
    free(record->goal_days);
    free(record->frozen_days);
    free(record->attempts_paid);
    free(record->settled);
    memset(record, 0, sizeof *record);
}

bool cp_game_record_push_day(int32_t **days, size_t *n, int32_t day)
{
    return push((void **)days, n, sizeof day, &day);
}
