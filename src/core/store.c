/* The progress store, its queries. Opening, checking and migrating are in
 * store_open.c.
 *
 * Every query goes through two helpers: query() binds its values, steps
 * its rows into a row callback (which may stop early) and finalizes, and
 * write() runs one statement that returns no rows. A public write is one
 * transaction: it opens a group (BEGIN IMMEDIATE), or joins the caller's
 * group (cp_store_begin), and closes it; a group commits at its outermost
 * end, and any failure inside it rolls the whole group back. */
#include "store_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statements ------------------------------------------------------------ */

typedef struct bind {
    char type;              /* 'i' integer, 'd' real, 't' text, 'n' null */
    int64_t i;
    double d;
    const char *t;
} bind;

#define INT(v) ((bind){.type = 'i', .i = (int64_t)(v)})
#define REAL(v) ((bind){.type = 'd', .d = (v)})
#define TEXT(v) ((bind){.type = 't', .t = (v)})
#define NUL ((bind){.type = 'n'})
#define BINDS(...) ((const bind[]){__VA_ARGS__}), (sizeof((const bind[]){__VA_ARGS__}) / sizeof(bind))
#define NO_BINDS NULL, 0

/* A row: return false to stop. */
typedef bool (*row_fn)(void *ctx, sqlite3_stmt *st);

static void bind_all(sqlite3_stmt *st, const bind *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int at = (int)k + 1;
        switch (b[k].type) {
        case 'i': sqlite3_bind_int64(st, at, b[k].i); break;
        case 'd': sqlite3_bind_double(st, at, b[k].d); break;
        case 't': sqlite3_bind_text(st, at, b[k].t ? b[k].t : "", -1, SQLITE_TRANSIENT); break;
        default: sqlite3_bind_null(st, at); break;
        }
    }
}

void cp_store_cache_clear(cp_store *store)
{
    for (size_t i = 0; i < CP_STORE_CACHE; i++) {
        sqlite3_finalize(store->cache[i].st);
        free(store->cache[i].sql);
        store->cache[i] = (cp_store_stmt){0};
    }
}

/* A prepared statement for sql: a cached one when free, else a new one
 * (cached when a slot can take it). *slot gets the cache slot or NULL. */
static sqlite3_stmt *statement(cp_store *store, const char *sql, cp_store_stmt **slot)
{
    *slot = NULL;
    for (size_t i = 0; i < CP_STORE_CACHE; i++) {
        cp_store_stmt *c = &store->cache[i];
        if (c->sql && !c->busy && strcmp(c->sql, sql) == 0) {
            c->busy = true;
            *slot = c;
            return c->st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    for (size_t k = 0; k < CP_STORE_CACHE; k++) {
        cp_store_stmt *c = &store->cache[(store->next_slot + k) % CP_STORE_CACHE];
        if (c->busy)
            continue;
        char *copy = malloc(strlen(sql) + 1);
        if (!copy)
            break;
        strcpy(copy, sql);
        sqlite3_finalize(c->st);
        free(c->sql);
        *c = (cp_store_stmt){.sql = copy, .st = st, .busy = true};
        store->next_slot = (size_t)(c - store->cache + 1) % CP_STORE_CACHE;
        *slot = c;
        break;
    }
    return st;
}

static void done_with(sqlite3_stmt *st, cp_store_stmt *slot)
{
    if (!slot) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    slot->busy = false;
}

/* Runs sql, handing each row to fn (NULL: no rows expected). `what` names
 * the work for an error message ("could not read the review log"). */
static cp_status query(cp_store *store, const char *sql, const bind *b, size_t n, row_fn fn,
                       void *ctx, const char *what, cp_error *err)
{
    cp_store_stmt *slot;
    sqlite3_stmt *st = statement(store, sql, &slot);
    if (!st)
        return cp_store_db_error(store, err, what);
    bind_all(st, b, n);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (!fn || !fn(ctx, st)) {
            rc = SQLITE_DONE;
            break;
        }
    cp_status s = rc == SQLITE_DONE ? CP_OK : cp_store_db_error(store, err, what);
    done_with(st, slot);
    return s;
}

static cp_status exec_write(cp_store *store, const char *sql, const bind *b, size_t n, cp_error *err)
{
    return query(store, sql, b, n, NULL, NULL, "could not save", err);
}

static bool get_int64(void *ctx, sqlite3_stmt *st)
{
    *(int64_t *)ctx = sqlite3_column_int64(st, 0);
    return false;
}

/* ---- write groups -------------------------------------------------------------- */

cp_status cp_store_begin(cp_store *store, cp_error *err)
{
    if (store->depth++ > 0)
        return CP_OK;
    cp_status s = cp_store_exec(store, "BEGIN IMMEDIATE", err);
    if (s != CP_OK)
        store->depth = 0;
    return s;
}

/* Closes a group: the outermost end commits when s is CP_OK and rolls
 * back otherwise; an inner end passes s on (the caller fails the group). */
static cp_status end_group(cp_store *store, cp_status s, cp_error *err)
{
    if (store->depth <= 0)
        return s;
    if (--store->depth > 0)
        return s;
    if (s == CP_OK && (s = cp_store_exec(store, "COMMIT", err)) == CP_OK)
        return CP_OK;
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    return s;
}

cp_status cp_store_commit(cp_store *store, cp_error *err) { return end_group(store, CP_OK, err); }

void cp_store_rollback(cp_store *store)
{
    if (store->depth <= 0)
        return;
    store->depth = 0;
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- card memory and the review log ------------------------------------------ */

#define MEMORY_COLUMNS "state, step, due, last_review, stability, difficulty, scheduled_days, reps, lapses"

static void memory_binds(bind *b, const cp_memory *m)
{
    b[0] = INT(m->state);
    b[1] = INT(m->step);
    b[2] = INT(m->due);
    b[3] = INT(m->last_review);
    b[4] = REAL(m->stability);
    b[5] = REAL(m->difficulty);
    b[6] = INT(m->scheduled_days);
    b[7] = INT(m->reps);
    b[8] = INT(m->lapses);
}

static cp_memory column_memory(sqlite3_stmt *st, int first)
{
    cp_memory m;
    m.state = (uint8_t)sqlite3_column_int(st, first + 0);
    m.step = (uint8_t)sqlite3_column_int(st, first + 1);
    m.due = sqlite3_column_int64(st, first + 2);
    m.last_review = sqlite3_column_int64(st, first + 3);
    m.stability = sqlite3_column_double(st, first + 4);
    m.difficulty = sqlite3_column_double(st, first + 5);
    m.scheduled_days = sqlite3_column_int(st, first + 6);
    m.reps = (uint32_t)sqlite3_column_int64(st, first + 7);
    m.lapses = (uint32_t)sqlite3_column_int64(st, first + 8);
    return m;
}

static const char *text_or_empty(sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return t ? t : "";
}

static cp_status put_memory(cp_store *store, const char *card_id, const cp_memory *m,
                            cp_error *err)
{
    if (m->state == 0 && m->reps == 0 && m->last_review == 0)
        return exec_write(store, "DELETE FROM card_memory WHERE card_id = ?", BINDS(TEXT(card_id)), err);
    bind b[10] = {TEXT(card_id)};
    memory_binds(b + 1, m);
    return exec_write(store,
                 "INSERT OR REPLACE INTO card_memory (card_id, " MEMORY_COLUMNS
                 ") VALUES (?,?,?,?,?,?,?,?,?,?)", b, 10, err);
}

cp_status cp_store_record_review(cp_store *store, const cp_review *r, int64_t *out_id,
                                 cp_error *err)
{
    cp_status s = cp_store_begin(store, err);
    if (s != CP_OK)
        return s;
    bind b[25] = {TEXT(r->card_id), INT(r->at), INT(r->rating), REAL(r->elapsed_days),
                  INT(r->duration_ms), TEXT(r->chosen ? r->chosen : ""),
                  TEXT(r->mode ? r->mode : "drill")};
    memory_binds(b + 7, &r->before);
    memory_binds(b + 16, &r->after);
    s = exec_write(store,
              "INSERT INTO review_log (card_id, at, rating, elapsed_days, duration_ms, chosen, mode,"
              " b_state, b_step, b_due, b_last_review, b_stability, b_difficulty, b_scheduled_days,"
              " b_reps, b_lapses, a_state, a_step, a_due, a_last_review, a_stability, a_difficulty,"
              " a_scheduled_days, a_reps, a_lapses)"
              " VALUES (?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?)", b, 25, err);
    int64_t id = s == CP_OK ? sqlite3_last_insert_rowid(store->db) : 0;
    if (s == CP_OK)
        s = put_memory(store, r->card_id, &r->after, err);
    /* The card's first exposure, when this is it. */
    if (s == CP_OK)
        s = exec_write(store,
                  "INSERT OR IGNORE INTO exposure (card_id, first_at, mode, correct, review_id)"
                  " VALUES (?, ?, ?, ?, ?)",
                  BINDS(TEXT(r->card_id), INT(r->at), TEXT(r->mode ? r->mode : "drill"),
                        INT(r->rating > CP_AGAIN), INT(id)), err);
    s = end_group(store, s, err);
    if (s == CP_OK && out_id)
        *out_id = id;
    return s;
}

typedef struct newest_row {
    int64_t id;
    char card_id[256];
    cp_memory before;
    bool found;
} newest_row;

static bool take_newest(void *ctx, sqlite3_stmt *st)
{
    newest_row *n = ctx;
    n->id = sqlite3_column_int64(st, 0);
    snprintf(n->card_id, sizeof n->card_id, "%s", text_or_empty(st, 1));
    n->before = column_memory(st, 2);
    n->found = true;
    return false;
}

cp_status cp_store_undo_last(cp_store *store, bool *found, char *card_id_out,
                             size_t card_id_size, cp_error *err)
{
    *found = false;
    cp_status s = cp_store_begin(store, err);
    if (s != CP_OK)
        return s;
    newest_row n = {0};
    s = query(store,
              "SELECT id, card_id, b_state, b_step, b_due, b_last_review, b_stability, b_difficulty,"
              " b_scheduled_days, b_reps, b_lapses FROM review_log ORDER BY id DESC LIMIT 1",
              NO_BINDS, take_newest, &n, "could not read the review log", err);
    if (s != CP_OK || !n.found)
        return end_group(store, s, err);
    /* Everything the answer wrote goes with it: the row, the card's memory
     * (back to the row's `before`), its exposure, the game events it
     * caused; and the settled days that counted the row or those events. */
    int64_t first_event = INT64_MAX;
    if (s == CP_OK)
        s = query(store, "SELECT min(id) FROM game_event WHERE review_id = ?", BINDS(INT(n.id)),
                  get_int64, &first_event, "could not read game events", err);
    if (first_event == 0)
        first_event = INT64_MAX;
    if (s == CP_OK)
        s = exec_write(store, "DELETE FROM review_log WHERE id = ?", BINDS(INT(n.id)), err);
    if (s == CP_OK)
        s = put_memory(store, n.card_id, &n.before, err);
    if (s == CP_OK)
        s = exec_write(store, "DELETE FROM exposure WHERE review_id = ?", BINDS(INT(n.id)), err);
    if (s == CP_OK)
        s = exec_write(store, "DELETE FROM game_event WHERE review_id = ?", BINDS(INT(n.id)), err);
    if (s == CP_OK)
        s = exec_write(store, "DELETE FROM game_day WHERE through_id >= ? OR xp_through_event >= ?",
                  BINDS(INT(n.id), INT(first_event)), err);
    s = end_group(store, s, err);
    if (s == CP_OK) {
        *found = true;
        if (card_id_out && card_id_size)
            snprintf(card_id_out, card_id_size, "%s", n.card_id);
    }
    return s;
}

typedef struct one_memory {
    cp_memory *out;
    bool *found;
} one_memory;

static bool take_memory(void *ctx, sqlite3_stmt *st)
{
    one_memory *m = ctx;
    *m->out = column_memory(st, 0);
    *m->found = true;
    return false;
}

cp_status cp_store_get_memory(cp_store *store, const char *card_id, cp_memory *out,
                              bool *found, cp_error *err)
{
    memset(out, 0, sizeof *out);
    *found = false;
    one_memory m = {out, found};
    return query(store, "SELECT " MEMORY_COLUMNS " FROM card_memory WHERE card_id = ?",
                 BINDS(TEXT(card_id)), take_memory, &m, "could not read card memory", err);
}

typedef struct memory_walk {
    cp_memory_fn fn;
    void *ctx;
} memory_walk;

static bool each_memory_row(void *ctx, sqlite3_stmt *st)
{
    memory_walk *w = ctx;
    cp_memory m = column_memory(st, 1);
    w->fn(w->ctx, text_or_empty(st, 0), &m);
    return true;
}

cp_status cp_store_each_memory(cp_store *store, cp_memory_fn fn, void *ctx, cp_error *err)
{
    memory_walk w = {fn, ctx};
    return query(store, "SELECT card_id, " MEMORY_COLUMNS " FROM card_memory", NO_BINDS,
                 each_memory_row, &w, "could not read card memory", err);
}

cp_status cp_store_memory_count(cp_store *store, int64_t *out, cp_error *err)
{
    *out = 0;
    return query(store, "SELECT count(*) FROM card_memory", NO_BINDS, get_int64, out,
                 "could not read card memory", err);
}

#define REVIEW_SELECT                                                                              \
    "SELECT id, card_id, at, rating, elapsed_days, duration_ms, chosen, mode,"                     \
    " b_state, b_step, b_due, b_last_review, b_stability, b_difficulty, b_scheduled_days, b_reps," \
    " b_lapses, a_state, a_step, a_due, a_last_review, a_stability, a_difficulty,"                 \
    " a_scheduled_days, a_reps, a_lapses FROM review_log"

typedef struct review_walk {
    cp_review_fn all;
    cp_review_until_fn until;
    cp_time stop_before; /* until: rows before this end the walk */
    void *ctx;
} review_walk;

static bool each_review_row(void *ctx, sqlite3_stmt *st)
{
    review_walk *w = ctx;
    cp_review r = {
        .id = sqlite3_column_int64(st, 0),
        .card_id = text_or_empty(st, 1),
        .at = sqlite3_column_int64(st, 2),
        .rating = sqlite3_column_int(st, 3),
        .elapsed_days = sqlite3_column_double(st, 4),
        .duration_ms = sqlite3_column_int(st, 5),
        .chosen = text_or_empty(st, 6),
        .mode = text_or_empty(st, 7),
        .before = column_memory(st, 8),
        .after = column_memory(st, 17),
    };
    if (w->all) {
        w->all(w->ctx, &r);
        return true;
    }
    return r.at >= w->stop_before && w->until(w->ctx, &r);
}

static cp_status each_review(cp_store *store, const char *where, int64_t bound, review_walk w,
                             cp_error *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "%s %s", REVIEW_SELECT, where);
    return query(store, sql, BINDS(INT(bound)), each_review_row, &w,
                 "could not read the review log", err);
}

cp_status cp_store_each_review(cp_store *store, cp_time since, cp_review_fn fn, void *ctx,
                               cp_error *err)
{
    /* Ordered by id, SQLite would scan the whole table (its min() of the
     * ids since `since` too, walking up from the oldest row); the index on
     * `at` finds the first row, the rows from it on are read in id order,
     * and `at >= ?1` still drops an older answer logged later (a clock that
     * went back). */
    return each_review(store,
                       "WHERE id >= (SELECT min(id) FROM review_log INDEXED BY review_log_at"
                       " WHERE at >= ?1) AND at >= ?1 ORDER BY id",
                       since, (review_walk){fn, NULL, 0, ctx}, err);
}

cp_status cp_store_each_review_after(cp_store *store, int64_t after_id, cp_review_fn fn,
                                     void *ctx, cp_error *err)
{
    return each_review(store, "WHERE id > ? ORDER BY id", after_id, (review_walk){fn, NULL, 0, ctx},
                       err);
}

cp_status cp_store_each_review_newest(cp_store *store, cp_time since, cp_review_until_fn fn,
                                      void *ctx, cp_error *err)
{
    /* Backwards by row id, stopping at the first row before `since`
     * (each_review_row): a filter on `at` would go on reading every older
     * row to find none. */
    review_walk w = {NULL, fn, since, ctx};
    return query(store, REVIEW_SELECT " ORDER BY id DESC", NO_BINDS, each_review_row, &w,
                 "could not read the review log", err);
}

cp_status cp_store_review_count(cp_store *store, int64_t *out, cp_error *err)
{
    *out = 0;
    return query(store, "SELECT count(*) FROM review_log", NO_BINDS, get_int64, out,
                 "could not count reviews", err);
}

cp_status cp_store_first_review_since(cp_store *store, cp_time since, int64_t *id, cp_error *err)
{
    *id = 0;    /* min() of no rows is NULL, which reads as 0 */
    /* The index: min(id) alone walks the table up from the oldest row. */
    return query(store, "SELECT min(id) FROM review_log INDEXED BY review_log_at WHERE at >= ?",
                 BINDS(INT(since)), get_int64, id, "could not read the review log", err);
}

cp_status cp_store_first_review_at(cp_store *store, cp_time *out, cp_error *err)
{
    int64_t at = 0;
    cp_status s = query(store, "SELECT at FROM review_log ORDER BY id LIMIT 1", NO_BINDS, get_int64,
                        &at, "could not read the review log", err);
    *out = at;
    return s;
}

typedef struct newest_at {
    cp_time at;
    int64_t id;
} newest_at;

static bool take_newest_at(void *ctx, sqlite3_stmt *st)
{
    newest_at *n = ctx;
    n->id = sqlite3_column_int64(st, 0);
    n->at = sqlite3_column_int64(st, 1);
    return false;
}

cp_status cp_store_newest_review(cp_store *store, int64_t *id, cp_time *at, cp_error *err)
{
    newest_at n = {0, 0};
    cp_status s = query(store, "SELECT id, at FROM review_log ORDER BY id DESC LIMIT 1", NO_BINDS,
                        take_newest_at, &n, "could not read the review log", err);
    if (id)
        *id = n.id;
    if (at)
        *at = n.at;
    return s;
}

/* ---- exposure ---------------------------------------------------------------------- */

typedef struct exposure_walk {
    cp_exposure_fn fn;
    void *ctx;
} exposure_walk;

static bool each_exposure_row(void *ctx, sqlite3_stmt *st)
{
    exposure_walk *w = ctx;
    cp_exposure e = {.card_id = text_or_empty(st, 0), .first_at = sqlite3_column_int64(st, 1),
                     .mode = text_or_empty(st, 2), .correct = sqlite3_column_int(st, 3) != 0};
    w->fn(w->ctx, &e);
    return true;
}

cp_status cp_store_each_exposure(cp_store *store, cp_exposure_fn fn, void *ctx, cp_error *err)
{
    exposure_walk w = {fn, ctx};
    return query(store, "SELECT card_id, first_at, mode, correct FROM exposure ORDER BY first_at, card_id", NO_BINDS,
                 each_exposure_row, &w, "could not read first exposures", err);
}

cp_status cp_store_each_exposure_by_card(cp_store *store, cp_exposure_fn fn, void *ctx,
                                         cp_error *err)
{
    exposure_walk w = {fn, ctx};
    return query(store, "SELECT card_id, first_at, mode, correct FROM exposure ORDER BY card_id",
                 NO_BINDS, each_exposure_row, &w, "could not read first exposures", err);
}

typedef struct one_exposure {
    cp_time *first_at;
    bool *correct, *found;
} one_exposure;

static bool take_exposure(void *ctx, sqlite3_stmt *st)
{
    one_exposure *o = ctx;
    *o->first_at = sqlite3_column_int64(st, 0);
    *o->correct = sqlite3_column_int(st, 1) != 0;
    *o->found = true;
    return false;
}

cp_status cp_store_get_exposure(cp_store *store, const char *card_id, cp_time *first_at,
                                bool *correct, bool *found, cp_error *err)
{
    *found = false;
    *first_at = 0;
    *correct = false;
    one_exposure o = {first_at, correct, found};
    return query(store, "SELECT first_at, correct FROM exposure WHERE card_id = ?",
                 BINDS(TEXT(card_id)), take_exposure, &o, "could not read a first exposure", err);
}

cp_status cp_store_note_exposure(cp_store *store, const cp_exposure *e, cp_error *err)
{
    return exec_write(store,
                 "INSERT OR IGNORE INTO exposure (card_id, first_at, mode, correct) VALUES (?,?,?,?)",
                 BINDS(TEXT(e->card_id), INT(e->first_at), TEXT(e->mode), INT(e->correct)), err);
}

/* ---- the mock reserve ---------------------------------------------------------------- */

typedef struct reserve_walk {
    cp_reserve_fn fn;
    void *ctx;
} reserve_walk;

static bool each_reserve_row(void *ctx, sqlite3_stmt *st)
{
    reserve_walk *w = ctx;
    w->fn(w->ctx, text_or_empty(st, 0));
    return true;
}

cp_status cp_store_each_reserved(cp_store *store, cp_reserve_fn fn, void *ctx, cp_error *err)
{
    reserve_walk w = {fn, ctx};
    return query(store, "SELECT card_id FROM mock_reserve", NO_BINDS, each_reserve_row, &w,
                 "could not read the mock reserve", err);
}

cp_status cp_store_set_reserved(cp_store *store, const char *card_id, bool held, cp_time at,
                                cp_error *err)
{
    if (held)
        return exec_write(store,
                          "INSERT OR IGNORE INTO mock_reserve (card_id, added_at) VALUES (?, ?)",
                          BINDS(TEXT(card_id), INT(at)), err);
    return exec_write(store, "DELETE FROM mock_reserve WHERE card_id = ?", BINDS(TEXT(card_id)),
                      err);
}

/* ---- settings ---------------------------------------------------------------------- */

typedef struct setting_out {
    char *out;
    size_t size;
    bool *found;
} setting_out;

static bool take_setting(void *ctx, sqlite3_stmt *st)
{
    setting_out *o = ctx;
    snprintf(o->out, o->size, "%s", text_or_empty(st, 0));
    *o->found = true;
    return false;
}

cp_status cp_store_get_setting(cp_store *store, const char *key, char *out, size_t size,
                               bool *found, cp_error *err)
{
    *found = false;
    if (size)
        out[0] = '\0';
    setting_out o = {out, size, found};
    return query(store, "SELECT value FROM setting WHERE key = ?", BINDS(TEXT(key)), take_setting,
                 &o, "could not read a setting", err);
}

cp_status cp_store_set_setting(cp_store *store, const char *key, const char *value,
                               cp_error *err)
{
    return exec_write(store, "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                 BINDS(TEXT(key), TEXT(value)), err);
}

/* ---- fitted FSRS weights ---------------------------------------------------------- */

/* The weights are kept as text, 21 numbers with every digit a double has. */
static void weights_text(const double w[CP_FSRS_WEIGHTS], char *out, size_t size)
{
    size_t at = 0;
    for (int i = 0; i < CP_FSRS_WEIGHTS && at < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s%.17g", i ? "," : "", w[i]);
}

/* false unless the text is exactly 21 finite numbers (a hand-edited row is
 * then ignored, never scheduled with). */
static bool weights_parse(const char *text, double w[CP_FSRS_WEIGHTS])
{
    const char *p = text;
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++) {
        char *end = NULL;
        w[i] = strtod(p, &end);
        if (end == p || !isfinite(w[i]))
            return false;
        if (*end != (i + 1 < CP_FSRS_WEIGHTS ? ',' : '\0'))
            return false;
        p = end + 1;
    }
    return true;
}

cp_status cp_store_save_fit(cp_store *store, const cp_store_fit *fit, int64_t *out_id,
                            cp_error *err)
{
    char text[CP_FSRS_WEIGHTS * 26];
    weights_text(fit->w, text, sizeof text);
    cp_status s = cp_store_begin(store, err);
    if (s != CP_OK)
        return s;
    s = exec_write(store, "UPDATE fsrs_params SET active = 0 WHERE active != 0", NO_BINDS, err);
    if (s == CP_OK)
        s = exec_write(store,
                       "INSERT INTO fsrs_params (fitted_at, params, reviews, log_loss_default,"
                       " log_loss_fitted, active) VALUES (?, ?, ?, ?, ?, 1)",
                       BINDS(INT(fit->fitted_at), TEXT(text), INT(fit->reviews),
                             REAL(fit->log_loss_default), REAL(fit->log_loss_fitted)), err);
    int64_t id = s == CP_OK ? sqlite3_last_insert_rowid(store->db) : 0;
    s = end_group(store, s, err);
    if (s == CP_OK && out_id)
        *out_id = id;
    return s;
}

typedef struct fit_out {
    cp_store_fit *fit;
    bool *found;
} fit_out;

static bool take_fit(void *ctx, sqlite3_stmt *st)
{
    fit_out *o = ctx;
    cp_store_fit f = {.id = sqlite3_column_int64(st, 0), .fitted_at = sqlite3_column_int64(st, 1),
                      .reviews = sqlite3_column_int64(st, 3),
                      .log_loss_default = sqlite3_column_double(st, 4),
                      .log_loss_fitted = sqlite3_column_double(st, 5), .active = true};
    if (!weights_parse(text_or_empty(st, 2), f.w))
        return true;        /* unreadable: try an older active row */
    *o->fit = f;
    *o->found = true;
    return false;
}

cp_status cp_store_active_fit(cp_store *store, cp_store_fit *out, bool *found, cp_error *err)
{
    memset(out, 0, sizeof *out);
    *found = false;
    fit_out o = {out, found};
    return query(store,
                 "SELECT id, fitted_at, params, reviews, log_loss_default, log_loss_fitted"
                 " FROM fsrs_params WHERE active != 0 ORDER BY id DESC",
                 NO_BINDS, take_fit, &o, "could not read the fitted scheduler weights", err);
}

cp_status cp_store_deactivate_fits(cp_store *store, cp_error *err)
{
    return exec_write(store, "UPDATE fsrs_params SET active = 0 WHERE active != 0", NO_BINDS, err);
}

cp_status cp_store_count_spaced(cp_store *store, double min_days, int64_t limit, int64_t *out,
                                cp_error *err)
{
    *out = 0;
    /* The LIMIT stops the scan as soon as there are enough: a long log
     * costs no more than a short one past the threshold. */
    return query(store,
                 "SELECT count(*) FROM (SELECT 1 FROM review_log WHERE elapsed_days >= ? LIMIT ?)",
                 BINDS(REAL(min_days), INT(limit)), get_int64, out,
                 "could not count reviews", err);
}

/* ---- a reader of its own ---------------------------------------------------------- */

/* A reader is the store's twin (cp_store_open_twin), kept to the one read
 * a fit needs. */
struct cp_store_reader {
    cp_store *twin;
};

cp_status cp_store_reader_open(cp_store *store, cp_store_reader **out, cp_error *err)
{
    *out = NULL;
    cp_store_reader *r = calloc(1, sizeof *r);
    if (!r)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_status s = cp_store_open_twin(store, &r->twin, err);
    if (s != CP_OK) {
        free(r);
        return s;
    }
    *out = r;
    return CP_OK;
}

void cp_store_reader_close(cp_store_reader *r)
{
    if (!r)
        return;
    cp_store_close(r->twin);
    free(r);
}

cp_status cp_store_reader_each_rating(cp_store_reader *r, int64_t through_id, cp_rating_fn fn,
                                      void *ctx, cp_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(r->twin->db,
                                "SELECT id, card_id, at, rating FROM review_log WHERE id <= ?"
                                " ORDER BY id",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, through_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            cp_rating_row row = {.id = sqlite3_column_int64(st, 0),
                                 .card_id = text_or_empty(st, 1),
                                 .at = sqlite3_column_int64(st, 2),
                                 .rating = sqlite3_column_int(st, 3)};
            if (!fn(ctx, &row)) {
                rc = SQLITE_DONE;
                break;
            }
        }
    }
    cp_status s = CP_OK;
    if (rc != SQLITE_DONE) {
        int code = sqlite3_extended_errcode(r->twin->db) & 0xff;
        s = cp_error_set(err,
                         code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? CP_ERR_CORRUPT
                         : code == SQLITE_BUSY || code == SQLITE_LOCKED  ? CP_ERR_LOCKED
                                                                         : CP_ERR_IO,
                         r->twin->path, 0, "could not read the review log: %s",
                         sqlite3_errmsg(r->twin->db));
    }
    sqlite3_finalize(st);
    return s;
}

/* ---- exam attempts ------------------------------------------------------------------ */

static cp_status insert_items(cp_store *store, int64_t attempt_id, const cp_attempt_item *items,
                              size_t n, cp_error *err)
{
    cp_status s = CP_OK;
    for (size_t i = 0; s == CP_OK && i < n; i++)
        s = exec_write(store,
                  "INSERT INTO exam_item (attempt_id, position, card_id, scored, chosen, correct,"
                  " flagged) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  BINDS(INT(attempt_id), INT(items[i].position), TEXT(items[i].card_id),
                        INT(items[i].scored), TEXT(items[i].chosen ? items[i].chosen : ""),
                        INT(items[i].correct), INT(items[i].flagged)), err);
    return s;
}

cp_status cp_store_attempt_begin(cp_store *store, const cp_attempt *a,
                                 const cp_attempt_item *items, size_t n_items,
                                 int64_t *out_id, cp_error *err)
{
    cp_status s = cp_store_begin(store, err);
    if (s != CP_OK)
        return s;
    s = exec_write(store,
              "INSERT INTO exam_attempt (kind, started_at, status, seed, time_limit_s,"
              " fresh_scored, predicted, misses_logged) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
              BINDS(TEXT(a->kind), INT(a->started_at), INT(a->status), INT((int64_t)a->seed),
                    INT(a->time_limit_s), INT(a->fresh_scored), INT(a->predicted)), err);
    int64_t id = sqlite3_last_insert_rowid(store->db);
    if (s == CP_OK)
        s = insert_items(store, id, items, n_items, err);
    s = end_group(store, s, err);
    if (s == CP_OK && out_id)
        *out_id = id;
    return s;
}

cp_status cp_store_attempt_answer(cp_store *store, int64_t attempt_id,
                                  const cp_attempt_item *item, cp_error *err)
{
    cp_status s = exec_write(store,
                        "UPDATE exam_item SET chosen = ?, correct = ?, flagged = ?"
                        " WHERE attempt_id = ? AND position = ?",
                        BINDS(TEXT(item->chosen ? item->chosen : ""), INT(item->correct),
                              INT(item->flagged), INT(attempt_id), INT(item->position)), err);
    if (s == CP_OK && sqlite3_changes(store->db) != 1)
        s = cp_error_set(err, CP_ERR_NOT_FOUND, store->path, 0,
                         "no item %d in exam attempt %lld", item->position, (long long)attempt_id);
    return s;
}

cp_status cp_store_attempt_finish(cp_store *store, int64_t attempt_id, const cp_attempt *a,
                                  cp_error *err)
{
    cp_status s = exec_write(store,
                        "UPDATE exam_attempt SET status = ?, finished_at = ?, time_used_s = ?,"
                        " raw_score = ?, cut_raw = ?, scaled_score = ?, misses_logged = ?"
                        " WHERE id = ?",
                        BINDS(INT(a->status), INT(a->finished_at), INT(a->time_used_s),
                              INT(a->raw_score), REAL(a->cut_raw), INT(a->scaled_score),
                              INT(a->misses_logged), INT(attempt_id)), err);
    if (s == CP_OK && sqlite3_changes(store->db) != 1)
        s = cp_error_set(err, CP_ERR_NOT_FOUND, store->path, 0, "no exam attempt %lld",
                         (long long)attempt_id);
    return s;
}

typedef struct attempt_walk {
    cp_attempt_fn fn;
    void *ctx;
} attempt_walk;

static bool each_attempt_row(void *ctx, sqlite3_stmt *st)
{
    attempt_walk *w = ctx;
    cp_attempt a = {
        .id = sqlite3_column_int64(st, 0),
        .kind = text_or_empty(st, 1),
        .started_at = sqlite3_column_int64(st, 2),
        .finished_at = sqlite3_column_int64(st, 3),
        .status = sqlite3_column_int(st, 4),
        .seed = (uint64_t)sqlite3_column_int64(st, 5),
        .time_limit_s = sqlite3_column_int(st, 6),
        .time_used_s = sqlite3_column_int(st, 7),
        .raw_score = sqlite3_column_int(st, 8),
        .cut_raw = sqlite3_column_double(st, 9),
        .scaled_score = sqlite3_column_int(st, 10),
        .fresh_scored = sqlite3_column_int(st, 11),
        .predicted = sqlite3_column_int(st, 12),
        .misses_logged = sqlite3_column_int(st, 13) != 0,
    };
    w->fn(w->ctx, &a);
    return true;
}

cp_status cp_store_each_attempt(cp_store *store, const char *kind, cp_attempt_fn fn,
                                void *ctx, cp_error *err)
{
    attempt_walk w = {fn, ctx};
    return query(store,
                 "SELECT id, kind, started_at, finished_at, status, seed, time_limit_s,"
                 " time_used_s, raw_score, cut_raw, scaled_score, fresh_scored, predicted,"
                 " misses_logged FROM exam_attempt WHERE ?1 IS NULL OR kind = ?1 ORDER BY id",
                 BINDS(kind ? TEXT(kind) : NUL), each_attempt_row, &w,
                 "could not read exam attempts", err);
}

typedef struct item_walk {
    cp_attempt_item_fn fn;
    void *ctx;
} item_walk;

static bool each_item_row(void *ctx, sqlite3_stmt *st)
{
    item_walk *w = ctx;
    cp_attempt_item it = {
        .position = sqlite3_column_int(st, 0),
        .card_id = text_or_empty(st, 1),
        .scored = sqlite3_column_int(st, 2),
        .chosen = text_or_empty(st, 3),
        .correct = sqlite3_column_int(st, 4),
        .flagged = sqlite3_column_int(st, 5),
    };
    w->fn(w->ctx, &it);
    return true;
}

cp_status cp_store_each_attempt_item(cp_store *store, int64_t attempt_id,
                                     cp_attempt_item_fn fn, void *ctx, cp_error *err)
{
    item_walk w = {fn, ctx};
    return query(store,
                 "SELECT position, card_id, scored, chosen, correct, flagged FROM exam_item"
                 " WHERE attempt_id = ? ORDER BY position",
                 BINDS(INT(attempt_id)), each_item_row, &w, "could not read exam items", err);
}

static bool take_exists(void *ctx, sqlite3_stmt *st)
{
    (void)st;
    *(bool *)ctx = true;
    return false;
}

cp_status cp_store_exam_review_exists(cp_store *store, const char *card_id, cp_time since,
                                      bool *found, cp_error *err)
{
    *found = false;
    return query(store,
                 "SELECT 1 FROM review_log WHERE card_id = ? AND at >= ? AND mode IN ('exam',"
                 " 'diagnostic') LIMIT 1",
                 BINDS(TEXT(card_id), INT(since)), take_exists, found,
                 "could not read the review log", err);
}

/* ---- game events ---------------------------------------------------------------------- */

cp_status cp_store_add_event(cp_store *store, const cp_game_event *e, cp_error *err)
{
    return exec_write(store,
                 "INSERT INTO game_event (at, kind, amount, detail, review_id) VALUES (?,?,?,?,?)",
                 BINDS(INT(e->at), TEXT(e->kind), INT(e->amount), TEXT(e->detail ? e->detail : ""),
                       e->review_id ? INT(e->review_id) : NUL), err);
}

typedef struct event_walk {
    cp_event_fn fn;
    void *ctx;
} event_walk;

static bool each_event_row(void *ctx, sqlite3_stmt *st)
{
    event_walk *w = ctx;
    cp_game_event e = {
        .id = sqlite3_column_int64(st, 0),
        .at = sqlite3_column_int64(st, 1),
        .kind = text_or_empty(st, 2),
        .amount = sqlite3_column_int64(st, 3),
        .detail = text_or_empty(st, 4),
        .review_id = sqlite3_column_int64(st, 5),
    };
    w->fn(w->ctx, &e);
    return true;
}

cp_status cp_store_each_event(cp_store *store, const char *kind, cp_event_fn fn, void *ctx,
                              cp_error *err)
{
    event_walk w = {fn, ctx};
    return query(store,
                 "SELECT id, at, kind, amount, detail, review_id FROM game_event"
                 " WHERE ?1 IS NULL OR kind = ?1 ORDER BY id",
                 BINDS(kind ? TEXT(kind) : NUL), each_event_row, &w, "could not read game events",
                 err);
}

cp_status cp_store_each_event_except(cp_store *store, const char *kind, int64_t through_id,
                                     const char *keep_prefix, cp_event_fn fn, void *ctx,
                                     cp_error *err)
{
    /* Four index or row id ranges, no scan of the skipped events: kinds
     * below and above `kind`, `kind` after through_id (`+kind`: by row id),
     * and `kind` with details in [keep_prefix, keep_prefix + 1). Without
     * INDEXED BY, SQLite scans the whole table for the first two, to
     * merge them in id order. */
    char upper[64];
    snprintf(upper, sizeof upper, "%s", keep_prefix ? keep_prefix : "");
    size_t n = strlen(upper);
    if (n)
        upper[n - 1]++;     /* "attempt:" -> "attempt;" */
    event_walk w = {fn, ctx};
    return query(store,
                 "SELECT id, at, kind, amount, detail, review_id FROM game_event"
                 "  INDEXED BY game_event_kind WHERE kind < ?1"
                 " UNION ALL SELECT id, at, kind, amount, detail, review_id FROM game_event"
                 "  INDEXED BY game_event_kind WHERE kind > ?1"
                 " UNION ALL SELECT id, at, kind, amount, detail, review_id FROM game_event"
                 "  WHERE id > ?2 AND +kind = ?1"
                 " UNION ALL SELECT id, at, kind, amount, detail, review_id FROM game_event"
                 "  WHERE kind = ?1 AND detail >= ?3 AND detail < ?4 AND id <= ?2"
                 " ORDER BY 1",
                 BINDS(TEXT(kind), INT(through_id), TEXT(keep_prefix ? keep_prefix : ""),
                       TEXT(upper)), each_event_row, &w, "could not read game events", err);
}

/* ---- the game's settled days ------------------------------------------------------------ */

#define DAY_COLUMNS                                                                        \
    "day, through_id, reviews, correct, seconds, due, due_done, fresh, introduced,"        \
    " intro_d1, intro_d2, intro_d3, intro_d4, work_done, xp_through_event, xp_total"

cp_status cp_store_settle_days(cp_store *store, const cp_settled_day *days, size_t n,
                               cp_error *err)
{
    if (!n)
        return CP_OK;
    cp_status s = cp_store_begin(store, err);
    for (size_t i = 0; s == CP_OK && i < n; i++) {
        const cp_settled_day *d = &days[i];
        s = exec_write(store,
                  "INSERT OR REPLACE INTO game_day (" DAY_COLUMNS ")"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  BINDS(INT(d->day), INT(d->through_id), INT(d->reviews), INT(d->correct),
                        INT(d->seconds), INT(d->due), INT(d->due_done), INT(d->fresh),
                        INT(d->introduced), INT(d->introduced_by_domain[0]),
                        INT(d->introduced_by_domain[1]), INT(d->introduced_by_domain[2]),
                        INT(d->introduced_by_domain[3]), INT(d->work_done),
                        INT(d->xp_through_event), INT(d->xp_total)), err);
    }
    return end_group(store, s, err);
}

typedef struct settled_walk {
    cp_settled_fn fn;
    void *ctx;
} settled_walk;

static bool each_settled_row(void *ctx, sqlite3_stmt *st)
{
    settled_walk *w = ctx;
    cp_settled_day d = {.day = (int32_t)sqlite3_column_int64(st, 0),
                        .through_id = sqlite3_column_int64(st, 1)};
    int32_t *v[] = {&d.reviews, &d.correct, &d.seconds, &d.due, &d.due_done, &d.fresh,
                    &d.introduced, &d.introduced_by_domain[0], &d.introduced_by_domain[1],
                    &d.introduced_by_domain[2], &d.introduced_by_domain[3]};
    for (int k = 0; k < (int)(sizeof v / sizeof v[0]); k++)
        *v[k] = (int32_t)sqlite3_column_int64(st, 2 + k);
    d.work_done = sqlite3_column_int(st, 13) != 0;
    d.xp_through_event = sqlite3_column_int64(st, 14);
    d.xp_total = sqlite3_column_int64(st, 15);
    w->fn(w->ctx, &d);
    return true;
}

cp_status cp_store_each_settled_day(cp_store *store, cp_settled_fn fn, void *ctx, cp_error *err)
{
    settled_walk w = {fn, ctx};
    return query(store, "SELECT " DAY_COLUMNS " FROM game_day ORDER BY day", NO_BINDS,
                 each_settled_row, &w, "could not read the settled days", err);
}
