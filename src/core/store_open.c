/* The progress store, opening and closing: one SQLite database per learner.
 *
 * Opening is careful not to touch a file it will refuse. An existing file is
 * first checked with our own eyes (size, the SQLite header) and then through
 * a read-only connection (schema version, and quick_check unless the check
 * stamp shows it is the very file a clean close left); only a file that
 * passes is opened read-write, backed up if it needs a migration, and
 * switched to WAL. A new database is built under a temporary name and
 * linked into place complete. Every write is one transaction, committed
 * before the call returns. The directory lock (platform.h) keeps two apps
 * apart; a second writer that is not exclusive waits on SQLite's busy
 * timeout. The queries are in store.c. */
#include "store_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Schema migrations: migrations[i] takes version i to i + 1. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE card_memory ("
    "  card_id TEXT PRIMARY KEY,"
    "  state INTEGER NOT NULL, step INTEGER NOT NULL,"
    "  due INTEGER NOT NULL, last_review INTEGER NOT NULL,"
    "  stability REAL NOT NULL, difficulty REAL NOT NULL,"
    "  scheduled_days INTEGER NOT NULL, reps INTEGER NOT NULL,"
    "  lapses INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE review_log ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  card_id TEXT NOT NULL, at INTEGER NOT NULL, rating INTEGER NOT NULL,"
    "  elapsed_days REAL NOT NULL, duration_ms INTEGER NOT NULL,"
    "  chosen TEXT NOT NULL, mode TEXT NOT NULL,"
    "  b_state INTEGER, b_step INTEGER, b_due INTEGER, b_last_review INTEGER,"
    "  b_stability REAL, b_difficulty REAL, b_scheduled_days INTEGER,"
    "  b_reps INTEGER, b_lapses INTEGER,"
    "  a_state INTEGER, a_step INTEGER, a_due INTEGER, a_last_review INTEGER,"
    "  a_stability REAL, a_difficulty REAL, a_scheduled_days INTEGER,"
    "  a_reps INTEGER, a_lapses INTEGER);"
    "CREATE INDEX review_log_at ON review_log(at);"
    "CREATE INDEX review_log_card ON review_log(card_id);"
    "CREATE TABLE exam_attempt ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL DEFAULT 0,"
    "  status INTEGER NOT NULL, seed INTEGER NOT NULL,"
    "  time_limit_s INTEGER NOT NULL, time_used_s INTEGER NOT NULL DEFAULT 0,"
    "  raw_score INTEGER NOT NULL DEFAULT 0, cut_raw REAL NOT NULL DEFAULT 0,"
    "  scaled_score INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE exam_item ("
    "  attempt_id INTEGER NOT NULL REFERENCES exam_attempt(id) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL, card_id TEXT NOT NULL,"
    "  scored INTEGER NOT NULL, chosen TEXT NOT NULL DEFAULT '',"
    "  correct INTEGER NOT NULL DEFAULT 0, flagged INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY (attempt_id, position)) WITHOUT ROWID;"
    "CREATE TABLE game_event ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
    "  kind TEXT NOT NULL, amount INTEGER NOT NULL, detail TEXT NOT NULL);"
    "CREATE INDEX game_event_kind ON game_event(kind, at);"
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
    /* 1 -> 2: the game's settled days (one row per finished learning day,
     * so a start does not replay the whole log), and an index that finds
     * the few XP events paid for attempts among one per answer. */
    "CREATE TABLE game_day ("
    "  day INTEGER PRIMARY KEY, through_id INTEGER NOT NULL,"
    "  reviews INTEGER NOT NULL, correct INTEGER NOT NULL, seconds INTEGER NOT NULL,"
    "  due INTEGER NOT NULL, due_done INTEGER NOT NULL, fresh INTEGER NOT NULL,"
    "  introduced INTEGER NOT NULL, intro_d1 INTEGER NOT NULL, intro_d2 INTEGER NOT NULL,"
    "  intro_d3 INTEGER NOT NULL, intro_d4 INTEGER NOT NULL, work_done INTEGER NOT NULL,"
    "  xp_through_event INTEGER NOT NULL, xp_total INTEGER NOT NULL);"
    "CREATE INDEX game_event_kind_detail ON game_event(kind, detail);",
    /* 2 -> 3: events tied to the answer that caused them (undo removes
     * them with it); each card's first exposure (the readiness meter's
     * evidence, filled from the log and the finished exams); per attempt,
     * the scored items new to the learner, the meter's prediction at its
     * start and whether its misses reached the drill (a finish killed
     * before they did is repaired at the next start); fitted FSRS
     * parameters. */
    "ALTER TABLE game_event ADD COLUMN review_id INTEGER;"
    "CREATE INDEX game_event_review ON game_event(review_id) WHERE review_id IS NOT NULL;"
    "CREATE TABLE exposure ("
    "  card_id TEXT PRIMARY KEY, first_at INTEGER NOT NULL, mode TEXT NOT NULL,"
    "  correct INTEGER NOT NULL, review_id INTEGER) WITHOUT ROWID;"
    "INSERT INTO exposure (card_id, first_at, mode, correct, review_id)"
    "  SELECT card_id, min(at), mode, correct, rid FROM ("
    "    SELECT card_id, at, mode, rating > 1 AS correct, id AS rid FROM review_log"
    "    UNION ALL"
    "    SELECT i.card_id, a.started_at, a.kind, i.correct, NULL FROM exam_item i"
    "      JOIN exam_attempt a ON a.id = i.attempt_id"
    "      WHERE a.status IN (1, 2) AND i.chosen != '')"
    "  GROUP BY card_id;"
    "ALTER TABLE exam_attempt ADD COLUMN fresh_scored INTEGER NOT NULL DEFAULT -1;"
    "ALTER TABLE exam_attempt ADD COLUMN predicted INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE exam_attempt ADD COLUMN misses_logged INTEGER NOT NULL DEFAULT 1;"
    "UPDATE exam_attempt SET misses_logged = 0 WHERE status IN (1, 2) AND kind != 'quiz';"
    "CREATE TABLE fsrs_params ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT, fitted_at INTEGER NOT NULL,"
    "  params TEXT NOT NULL, reviews INTEGER NOT NULL,"
    "  log_loss_default REAL NOT NULL, log_loss_fitted REAL NOT NULL,"
    "  active INTEGER NOT NULL);",
    /* 3 -> 4: the mock reserve: question cards the drill and quiz rounds
     * hold back while the learner has never seen them, so mocks can be
     * fresh (state, not history: rebuilt from the exposures if lost). */
    "CREATE TABLE mock_reserve (card_id TEXT PRIMARY KEY, added_at INTEGER NOT NULL) WITHOUT ROWID;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == CP_STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* A full disk shows up as many different SQLite errors (SQLITE_FULL, or an
 * I/O error when the WAL index cannot grow): name the cause when the file
 * system of `path` (or of its directory) has next to no space left. */
static const char *full_disk_hint(const char *path)
{
    uint64_t free_bytes;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = '\0';
    if (!cp_platform_free_bytes(path, &free_bytes) && !cp_platform_free_bytes(dir, &free_bytes))
        return "";
    if (free_bytes >= 1024 * 1024)
        return "";
    return " The disk is full: free some space and start cloudprep again; nothing that was "
           "saved is lost.";
}

cp_status cp_store_db_error(cp_store *store, cp_error *err, const char *what)
{
    int code = sqlite3_extended_errcode(store->db);
    cp_status status = CP_ERR_IO;
    const char *hint = "";
    switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        status = CP_ERR_CORRUPT;
        hint = " The database is damaged: quit cloudprep, move the file away (keep it: it holds your history) and start again.";
        break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        status = CP_ERR_READONLY;
        hint = " Check that the file and its directory are writable.";
        break;
    case SQLITE_FULL:
        hint = " The disk is full: free some space; nothing after the last saved answer was lost.";
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        status = CP_ERR_LOCKED;
        hint = " Another program holds the database; close it and try again.";
        break;
    case SQLITE_IOERR:
        hint = full_disk_hint(store->path);
        break;
    }
    return cp_error_set(err, status, store->path, 0, "%s: %s.%s", what,
                        sqlite3_errmsg(store->db), hint);
}

static int read_user_version(sqlite3 *db, int *version)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

/* The check stamp: quick_check reads every page (370 ms for a 165 MB
 * database of a million answers), so a clean close records which file it
 * left behind (its version, platform.h: device, inode, size and change
 * time on POSIX; volume, file index, size, change and write times on
 * Windows) in PATH.checked, and the next open skips quick_check when the
 * file is still exactly that one: not replaced, not written since (any
 * write, even one that restores the modification time, moves the change
 * time), and no WAL left over. A crash,
 * another program's write, a copy or a restore all fall back to the full
 * check. Best effort: a stamp that cannot be written costs a check. */
static void stamp_path(const char *path, char *out, size_t size)
{
    snprintf(out, size, "%s.checked", path);
}

static void stamp_text(const cp_file_info *info, char *out, size_t size)
{
    snprintf(out, size, "cloudprep-checked 1 %s\n", info->version);
}

static bool stamp_matches(const char *path, const cp_file_info *info)
{
    char name[1100], want[160], have[160] = "";
    snprintf(name, sizeof name, "%s-wal", path);
    cp_file_info wal;
    if (cp_platform_stat(name, &wal) == 0 && wal.size > 0)
        return false;
    stamp_path(path, name, sizeof name);
    FILE *f = cp_platform_fopen(name, "r");
    if (!f)
        return false;
    bool got = fgets(have, sizeof have, f) != NULL;
    fclose(f);
    stamp_text(info, want, sizeof want);
    return got && strcmp(have, want) == 0;
}

static void stamp_write(const char *path)
{
    char name[1100], tmp[1200], text[160];
    cp_file_info info;
    snprintf(name, sizeof name, "%s-wal", path);
    if (cp_platform_exists(name) || cp_platform_stat(path, &info) != 0)
        return;     /* another connection still has it open */
    stamp_text(&info, text, sizeof text);
    stamp_path(path, name, sizeof name);
    snprintf(tmp, sizeof tmp, "%s.new", name);
    FILE *f = cp_platform_fopen(tmp, "w");
    if (!f)
        return;
    bool ok = fputs(text, f) >= 0;
    if (fclose(f) != 0 || !ok || cp_platform_rename(tmp, name) != 0)
        cp_platform_remove(tmp);
}

/* Checks an existing database without writing to it. */
static cp_status inspect(const char *path, int *version, cp_error *err)
{
    cp_file_info st;
    if (cp_platform_stat(path, &st) != 0)
        return cp_error_set(err, CP_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    if (st.size == 0)
        return cp_error_set(err, CP_ERR_CORRUPT, path, 0,
                            "the progress database is an empty file (0 bytes), not one cloudprep wrote. "
                            "Move it away and start cloudprep again; it was left untouched.");
    FILE *f = cp_platform_fopen(path, "rb");
    if (!f)
        return cp_error_set(err, errno == EACCES ? CP_ERR_READONLY : CP_ERR_IO, path, 0,
                            "cannot read the progress database: %s. Check the permissions of the "
                            "file and its folder.", strerror(errno));
    char head[16] = {0};
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    if (got < sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
        return cp_error_set(err, CP_ERR_CORRUPT, path, 0,
                            "this is not a cloudprep progress database (no SQLite header). "
                            "It was left untouched: move it away and start cloudprep again.");

    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    cp_status status = CP_OK;
    /* Another program reading the file (a backup tool, sqlite3, a test
     * watching the log) briefly locks it while it rebuilds the WAL index:
     * wait for it as the read-write connection does, rather than call the
     * database busy. */
    if (rc == SQLITE_OK)
        sqlite3_busy_timeout(db, 5000);
    if (rc == SQLITE_OK)
        rc = read_user_version(db, version);
    if (rc == SQLITE_OK && *version > CP_STORE_SCHEMA_VERSION) {
        status = cp_error_set(err, CP_ERR_NEWER, path, 0,
                              "the progress database has schema version %d, newer than this cloudprep "
                              "understands (%d). Update cloudprep; the file was left untouched.",
                              *version, CP_STORE_SCHEMA_VERSION);
    } else if (rc == SQLITE_OK && !stamp_matches(path, &st)) {
        sqlite3_stmt *q;
        rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &q, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(q);
            if (rc == SQLITE_ROW) {
                const char *res = (const char *)sqlite3_column_text(q, 0);
                if (!res || strcmp(res, "ok") != 0) {
                    /* One line: SQLite's report without its banner. */
                    char what[200];
                    const char *banner = "*** in database main ***\n";
                    if (res && strncmp(res, banner, strlen(banner)) == 0)
                        res += strlen(banner);
                    snprintf(what, sizeof what, "%s", res ? res : "?");
                    for (char *c = what; *c; c++)
                        if (*c == '\n' || *c == '\r')
                            *c = ' ';
                    status = cp_error_set(err, CP_ERR_CORRUPT, path, 0,
                                          "the progress database is damaged (%s). It was left untouched: "
                                          "keep a copy, move it away and start cloudprep again.",
                                          what);
                }
                rc = SQLITE_OK;
            }
            sqlite3_finalize(q);
        }
    }
    if (status == CP_OK && rc != SQLITE_OK) {
        int code = rc & 0xff;
        if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
            status = cp_error_set(err, CP_ERR_CORRUPT, path, 0,
                                  "the progress database is damaged (%s). It was left untouched: "
                                  "keep a copy, move it away and start cloudprep again.",
                                  sqlite3_errstr(rc));
        else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
            status = cp_error_set(err, CP_ERR_LOCKED, path, 0,
                                  "the progress database is busy in another program: %s", sqlite3_errstr(rc));
        else if (code == SQLITE_CANTOPEN || code == SQLITE_PERM || code == SQLITE_READONLY)
            status = cp_error_set(err, CP_ERR_READONLY, path, 0,
                                  "cannot open the progress database: %s. Check the permissions of the "
                                  "file and its directory.", sqlite3_errstr(rc));
        else
            status = cp_error_set(err, CP_ERR_IO, path, 0, "cannot read the progress database: %s.%s",
                                  sqlite3_errstr(rc), full_disk_hint(path));
    }
    sqlite3_close(db);
    return status;
}

/* Copies the database to PATH.bak-vN before it is migrated from version N.
 * VACUUM INTO through a read-only connection copies what SQLite sees: the
 * main file and the answers a killed app left only in the WAL, which a byte
 * copy of the main file would miss. Written under a temporary name, synced,
 * then renamed, so a backup on disk is always complete. */
static cp_status backup_before_migration(const char *path, int version, cp_error *err)
{
    char backup[1100], tmp[1200];
    snprintf(backup, sizeof backup, "%s.bak-v%d", path, version);
    snprintf(tmp, sizeof tmp, "%s.new", backup);
    cp_platform_remove(tmp);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        sqlite3_busy_timeout(db, 5000);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "VACUUM INTO ?", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, tmp, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    }
    char why[256];
    snprintf(why, sizeof why, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_finalize(st);
    sqlite3_close(db);
    bool ok = rc == SQLITE_OK;
    if (ok) {
        ok = cp_platform_sync(tmp) == 0 && cp_platform_rename(tmp, backup) == 0;
        snprintf(why, sizeof why, "%s", strerror(errno));
    }
    if (!ok) {
        cp_platform_remove(tmp);
        return cp_error_set(err, CP_ERR_IO, backup, 0,
                            "could not back up the progress database before updating it (%s); "
                            "nothing was changed. Free some disk space and start cloudprep again.",
                            why);
    }
    return CP_OK;
}

cp_status cp_store_exec(cp_store *store, const char *sql, cp_error *err)
{
    if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return cp_store_db_error(store, err, "database error");
    return CP_OK;
}

#define exec cp_store_exec

static cp_status migrate(cp_store *store, int from, cp_error *err)
{
    for (int v = from; v < CP_STORE_SCHEMA_VERSION; v++) {
        cp_status s = exec(store, "BEGIN IMMEDIATE", err);
        if (s != CP_OK)
            return s;
        s = exec(store, migrations[v], err);
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        if (s == CP_OK)
            s = exec(store, pragma, err);
        if (s == CP_OK)
            s = exec(store, "COMMIT", err);
        if (s != CP_OK) {
            sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
            return s;
        }
    }
    return CP_OK;
}

static void remove_db_files(const char *path)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    char name[1200];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        cp_platform_remove(name);
    }
}

/* Creates store->path with the current schema. It is built under a
 * temporary name and linked into place only when complete, so a crash or a
 * full disk during the first start never leaves an empty or half-made
 * progress.db behind (which every later start would have to refuse). Only
 * if the name is still free (cp_platform_rename_new): if another cloudprep
 * created the file meanwhile, theirs is kept. */
static cp_status create_fresh(cp_store *store, const char *dir, cp_error *err)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.new-%lu", store->path, cp_platform_pid());
    remove_db_files(tmp);
    cp_status s = CP_OK;
    if (sqlite3_open_v2(tmp, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        s = cp_store_db_error(store, err, "cannot create the progress database");
    if (s == CP_OK) {
        sqlite3_extended_result_codes(store->db, 1);
        s = migrate(store, 0, err);
    }
    if (s == CP_OK)
        s = exec(store, "PRAGMA journal_mode=WAL", err);
    sqlite3_close(store->db);
    store->db = NULL;
    /* Closing checkpoints and removes the WAL; one left over holds data the
     * main file lacks. */
    char wal[1200];
    snprintf(wal, sizeof wal, "%s-wal", tmp);
    if (s == CP_OK && cp_platform_exists(wal))
        s = cp_error_set(err, CP_ERR_IO, store->path, 0,
                         "could not finish creating the progress database (is the disk full?)");
    if (s == CP_OK && cp_platform_rename_new(tmp, store->path) != 0 && errno != EEXIST)
        s = cp_error_set(err, CP_ERR_IO, store->path, 0, "cannot create the progress database: %s",
                         strerror(errno));
    remove_db_files(tmp);
    cp_platform_sync_dir(dir); /* make the new name durable */
    return s;
}

cp_status cp_store_check_dir(const char *dir, cp_error *err)
{
    char target[512];
    if (cp_platform_dangling_link(dir, target, sizeof target))
        return cp_error_set(err, CP_ERR_IO, dir, 0,
                            "the data directory is a symbolic link to '%s', which does not exist. "
                            "Create its target or choose another folder with --data-dir.", target);
    cp_file_info dir_st;
    if (cp_platform_stat(dir, &dir_st) == 0 && !dir_st.is_dir)
        return cp_error_set(err, CP_ERR_IO, dir, 0,
                            "the data directory is a file, not a folder. Choose another with "
                            "--data-dir.");
    return CP_OK;
}

cp_status cp_store_open(const char *dir, const cp_store_desc *desc, cp_store **out,
                        cp_error *err)
{
    cp_store_desc d = desc ? *desc : (cp_store_desc){0};
    *out = NULL;
    cp_store *store = calloc(1, sizeof *store);
    if (!store)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_status status = CP_OK;
    int version = 0;

    /* A relative name gets "./" so that SQLite never reads it as a URI
     * ("file:..."): the database is opened by plain path only. */
    char base[1024];
    if (!dir || !*dir) {
        status = cp_error_set(err, CP_ERR_INVALID, "", 0, "no data directory given");
        goto fail;
    }
    if ((size_t)snprintf(base, sizeof base, "%s%s", cp_platform_is_absolute(dir) ? "" : "./",
                         dir) >= sizeof base ||
        snprintf(store->path, sizeof store->path, "%s/progress.db", base) >=
            (int)sizeof store->path) {
        status = cp_error_set(err, CP_ERR_INVALID, dir, 0,
                              "the data directory's path is too long (at most %zu bytes)",
                              sizeof store->path - 16);
        goto fail;
    }
    dir = base;
    if ((status = cp_store_check_dir(dir, err)) != CP_OK)
        goto fail;
    if (cp_platform_mkdirs(dir) != 0) {
        status = cp_error_set(err, CP_ERR_READONLY, dir, 0,
                              "cannot create the data directory: %s. Choose another with --data-dir.",
                              strerror(errno));
        goto fail;
    }
    if (d.exclusive && (status = cp_platform_lock_dir(dir, &store->lock, err)) != CP_OK) {
        if (status == CP_ERR_LOCKED && err)     /* name the database, as every refusal does */
            snprintf(err->file, sizeof err->file, "%.*s", (int)sizeof err->file - 1, store->path);
        goto fail;
    }

    if (!cp_platform_exists(store->path)) {
        if (!cp_platform_writable(dir)) {
            status = cp_error_set(err, CP_ERR_READONLY, dir, 0,
                                  "the data directory is not writable, so progress could not be saved. "
                                  "Fix its permissions or choose another with --data-dir.");
            goto fail;
        }
        if ((status = create_fresh(store, dir, err)) != CP_OK)
            goto fail;
    }
    status = inspect(store->path, &version, err);
    if (status != CP_OK)
        goto fail;
    if (!cp_platform_writable(store->path) || !cp_platform_writable(dir)) {
        status = cp_error_set(err, CP_ERR_READONLY, store->path, 0,
                              "the progress database or its directory is read-only, so answers could "
                              "not be saved. Fix the permissions (or use --data-dir); the file was "
                              "left untouched.");
        goto fail;
    }
    if (version < CP_STORE_SCHEMA_VERSION &&
        (status = backup_before_migration(store->path, version, err)) != CP_OK)
        goto fail;

    if (sqlite3_open_v2(store->path, &store->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        status = cp_store_db_error(store, err, "cannot open the progress database");
        goto fail;
    }
    sqlite3_extended_result_codes(store->db, 1);
    sqlite3_busy_timeout(store->db, d.busy_timeout_ms > 0 ? d.busy_timeout_ms : 5000);
    if ((status = exec(store, "PRAGMA journal_mode=WAL", err)) != CP_OK ||
        (status = exec(store, "PRAGMA synchronous=FULL", err)) != CP_OK ||
        (status = exec(store, "PRAGMA foreign_keys=ON", err)) != CP_OK)
        goto fail;
    if (version < CP_STORE_SCHEMA_VERSION && (status = migrate(store, version, err)) != CP_OK)
        goto fail;
    store->opened = true;
    *out = store;
    return CP_OK;

fail:
    cp_store_close(store);
    return status;
}

void cp_store_close(cp_store *store)
{
    if (!store)
        return;
    /* The last connection to close checkpoints and removes the WAL: the
     * file is then one this store checked or wrote itself. */
    cp_store_cache_clear(store);
    if (store->db && sqlite3_close(store->db) == SQLITE_OK && store->opened)
        stamp_write(store->path);
    cp_platform_unlock(store->lock);
    free(store);
}

const char *cp_store_path(const cp_store *store) { return store ? store->path : ""; }

cp_status cp_store_open_twin(cp_store *store, cp_store **out, cp_error *err)
{
    *out = NULL;
    if (!store || !store->opened)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "store: no open store to read beside");
    cp_store *twin = calloc(1, sizeof *twin);
    if (!twin)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    snprintf(twin->path, sizeof twin->path, "%s", store->path);
    /* Read-only, and not opened: never the connection that checkpoints
     * or removes the WAL, its close neither stamps the file as checked
     * nor holds the data directory's lock (the store does all three). */
    if (sqlite3_open_v2(twin->path, &twin->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        cp_status s = cp_error_set(err, CP_ERR_IO, twin->path, 0,
                                   "cannot open the progress database to read it: %s",
                                   twin->db ? sqlite3_errmsg(twin->db) : "out of memory");
        cp_store_close(twin);
        return s;
    }
    sqlite3_extended_result_codes(twin->db, 1);
    sqlite3_busy_timeout(twin->db, 5000);
    *out = twin;
    return CP_OK;
}

cp_status cp_store_copy(const char *dir, const char *path, bool *existed, cp_error *err)
{
    *existed = false;
    char base[1024], src[1100];
    if (!dir || !*dir ||
        (size_t)snprintf(base, sizeof base, "%s%s", cp_platform_is_absolute(dir) ? "" : "./",
                         dir) >= sizeof base)
        return cp_error_set(err, CP_ERR_INVALID, dir ? dir : "", 0, "the data directory's path is too long");
    snprintf(src, sizeof src, "%s/progress.db", base);
    cp_status checked = cp_store_check_dir(base, err);
    if (checked != CP_OK)
        return checked;
    cp_file_info st;
    if (cp_platform_stat(src, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return CP_OK;       /* a new learner: nothing to copy */
        return cp_error_set(err, errno == EACCES ? CP_ERR_READONLY : CP_ERR_IO, src, 0,
                            "cannot read the progress database: %s. Check the permissions of "
                            "the data folder.", strerror(errno));
    }
    int version = 0;
    cp_status s = inspect(src, &version, err);
    if (s != CP_OK)
        return s;
    sqlite3 *from = NULL, *to = NULL;
    if (sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        s = cp_error_set(err, CP_ERR_IO, src, 0, "cannot open the progress database: %s",
                         sqlite3_errmsg(from));
    else if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        s = cp_error_set(err, CP_ERR_IO, path, 0, "cannot create the copy: %s", sqlite3_errmsg(to));
    if (s == CP_OK) {
        sqlite3_busy_timeout(from, 5000); /* another reader's brief lock */
        sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
        int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
        if (b)
            sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
            s = cp_error_set(err, CP_ERR_IO, path, 0, "cannot copy the database: %s",
                             sqlite3_errmsg(to));
    }
    sqlite3_close(to);
    sqlite3_close(from);
    if (s == CP_OK)
        *existed = true;
    return s;
}

cp_status cp_store_backup(cp_store *store, const char *path, cp_error *err)
{
    sqlite3 *dst = NULL;
    cp_status s = CP_OK;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        s = cp_error_set(err, CP_ERR_IO, path, 0, "cannot create the copy: %s", sqlite3_errmsg(dst));
    } else {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", store->db, "main");
        int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
        if (b)
            sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
            s = cp_error_set(err, CP_ERR_IO, path, 0, "cannot copy the database: %s", sqlite3_errmsg(dst));
    }
    sqlite3_close(dst);
    return s;
}

