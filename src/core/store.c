/* The progress store: one SQLite database per learner.
 *
 * Opening is careful not to touch a file it will refuse. An existing file is
 * first checked with our own eyes (size, the SQLite header) and then through
 * a read-only connection (schema version, and quick_check unless the check
 * stamp shows it is the very file a clean close left); only a file that
 * passes is opened read-write, backed up if it needs a migration, and
 * switched to WAL. A new database is built under a temporary name and
 * linked into place complete. Every write is one transaction, committed
 * before the call returns. The directory lock (flock on .lock) keeps two
 * apps apart; a second writer that is not exclusive waits on SQLite's busy
 * timeout. */
#include "cloudprep/store.h"

#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct cp_store {
    sqlite3 *db;
    bool opened;            /* cp_store_open succeeded: the file is trusted */
    int lock_fd;
    char path[1024];
};

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
};

_Static_assert(sizeof migrations / sizeof migrations[0] == CP_STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* A full disk shows up as many different SQLite errors (SQLITE_FULL, or an
 * I/O error when the WAL index cannot grow): name the cause when the file
 * system of `path` (or of its directory) has next to no space left. */
static const char *full_disk_hint(const char *path)
{
    struct statvfs fs;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = '\0';
    if (statvfs(path, &fs) != 0 && statvfs(dir, &fs) != 0)
        return "";
    if ((unsigned long long)fs.f_bavail * fs.f_frsize >= 1024 * 1024)
        return "";
    return " The disk is full: free some space and start cloudprep again; nothing that was "
           "saved is lost.";
}

static cp_status db_error(cp_store *store, cp_error *err, const char *what)
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

bool cp_store_default_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg)
        return (size_t)snprintf(out, size, "%s/cloudprep", xdg) < size;
    const char *home = getenv("HOME");
    if (home && *home)
        return (size_t)snprintf(out, size, "%s/.local/share/cloudprep", home) < size;
    return false;
}

/* mkdir -p */
static bool make_dirs(const char *dir)
{
    char tmp[1024];
    if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp)
        return false;
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    return mkdir(tmp, 0700) == 0 || errno == EEXIST;
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
 * left behind (device, inode, size, change time) in PATH.checked, and the
 * next open skips quick_check when the file is still exactly that one: not
 * replaced, not written since (any write, even one that restores the
 * modification time, moves the change time), and no WAL left over. A crash,
 * another program's write, a copy or a restore all fall back to the full
 * check. Best effort: a stamp that cannot be written costs a check. */
static void stamp_path(const char *path, char *out, size_t size)
{
    snprintf(out, size, "%s.checked", path);
}

static void stamp_text(const struct stat *st, char *out, size_t size)
{
    snprintf(out, size, "cloudprep-checked 1 %llu %llu %lld %lld.%09ld\n",
             (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
             (long long)st->st_size, (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec);
}

static bool stamp_matches(const char *path, const struct stat *st)
{
    char name[1100], want[160], have[160] = "";
    snprintf(name, sizeof name, "%s-wal", path);
    struct stat wal;
    if (stat(name, &wal) == 0 && wal.st_size > 0)
        return false;
    stamp_path(path, name, sizeof name);
    FILE *f = fopen(name, "r");
    if (!f)
        return false;
    bool got = fgets(have, sizeof have, f) != NULL;
    fclose(f);
    stamp_text(st, want, sizeof want);
    return got && strcmp(have, want) == 0;
}

static void stamp_write(const char *path)
{
    char name[1100], tmp[1200], text[160];
    struct stat st;
    snprintf(name, sizeof name, "%s-wal", path);
    if (access(name, F_OK) == 0 || stat(path, &st) != 0)
        return;     /* another connection still has it open */
    stamp_text(&st, text, sizeof text);
    stamp_path(path, name, sizeof name);
    snprintf(tmp, sizeof tmp, "%s.new", name);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    bool ok = fputs(text, f) >= 0;
    if (fclose(f) != 0 || !ok || rename(tmp, name) != 0)
        unlink(tmp);
}

/* Checks an existing database without writing to it. */
static cp_status inspect(const char *path, int *version, cp_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return cp_error_set(err, CP_ERR_IO, path, 0, "cannot read: %s", strerror(errno));
    if (st.st_size == 0)
        return cp_error_set(err, CP_ERR_CORRUPT, path, 0,
                            "the progress database is an empty file (0 bytes), not one cloudprep wrote. "
                            "Move it away and start cloudprep again; it was left untouched.");
    FILE *f = fopen(path, "rb");
    if (!f)
        return cp_error_set(err, errno == EACCES ? CP_ERR_READONLY : CP_ERR_IO, path, 0,
                            "cannot read the progress database: %s", strerror(errno));
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
    unlink(tmp);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
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
        int fd = open(tmp, O_RDONLY | O_CLOEXEC);
        ok = fd >= 0 && fsync(fd) == 0;
        if (fd >= 0)
            close(fd);
        ok = ok && rename(tmp, backup) == 0;
        snprintf(why, sizeof why, "%s", strerror(errno));
    }
    if (!ok) {
        unlink(tmp);
        return cp_error_set(err, CP_ERR_IO, backup, 0,
                            "could not back up the progress database before updating it (%s); "
                            "nothing was changed. Free some disk space and start cloudprep again.",
                            why);
    }
    return CP_OK;
}

static cp_status exec(cp_store *store, const char *sql, cp_error *err)
{
    if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_error(store, err, "database error");
    return CP_OK;
}

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
        unlink(name);
    }
}

/* Creates store->path with the current schema. It is built under a
 * temporary name and linked into place only when complete, so a crash or a
 * full disk during the first start never leaves an empty or half-made
 * progress.db behind (which every later start would have to refuse). link()
 * rather than rename(): if another cloudprep created the file meanwhile,
 * theirs is kept. */
static cp_status create_fresh(cp_store *store, const char *dir, cp_error *err)
{
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.new-%ld", store->path, (long)getpid());
    remove_db_files(tmp);
    cp_status s = CP_OK;
    if (sqlite3_open_v2(tmp, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        s = db_error(store, err, "cannot create the progress database");
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
    if (s == CP_OK && access(wal, F_OK) == 0)
        s = cp_error_set(err, CP_ERR_IO, store->path, 0,
                         "could not finish creating the progress database (is the disk full?)");
    if (s == CP_OK && link(tmp, store->path) != 0 && errno != EEXIST &&
        rename(tmp, store->path) != 0)      /* a file system without hard links */
        s = cp_error_set(err, CP_ERR_IO, store->path, 0, "cannot create the progress database: %s",
                         strerror(errno));
    remove_db_files(tmp);
    int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        fsync(dir_fd);      /* make the new name durable */
        close(dir_fd);
    }
    return s;
}

cp_status cp_store_open(const char *dir, const cp_store_desc *desc, cp_store **out,
                        cp_error *err)
{
    cp_store_desc d = desc ? *desc : (cp_store_desc){0};
    *out = NULL;
    cp_store *store = calloc(1, sizeof *store);
    if (!store)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    store->lock_fd = -1;
    cp_status status = CP_OK;
    int version = 0;

    if (snprintf(store->path, sizeof store->path, "%s/progress.db", dir) >= (int)sizeof store->path) {
        status = cp_error_set(err, CP_ERR_INVALID, dir, 0, "data directory path too long");
        goto fail;
    }
    if (!make_dirs(dir)) {
        status = cp_error_set(err, CP_ERR_READONLY, dir, 0,
                              "cannot create the data directory: %s. Choose another with --data-dir.",
                              strerror(errno));
        goto fail;
    }
    if (d.exclusive) {
        char lock[1100];
        snprintf(lock, sizeof lock, "%s/.lock", dir);
        store->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (store->lock_fd < 0 && (errno == EACCES || errno == EROFS)) {
            status = cp_error_set(err, CP_ERR_READONLY, dir, 0,
                                  "the data directory is not writable (%s). Fix its permissions or "
                                  "choose another with --data-dir.", strerror(errno));
            goto fail;
        }
        if (store->lock_fd >= 0 && flock(store->lock_fd, LOCK_EX | LOCK_NB) != 0) {
            status = cp_error_set(err, CP_ERR_LOCKED, store->path, 0,
                                  "another cloudprep is already using this progress database. "
                                  "Close it first (or use --data-dir for a separate learner).");
            goto fail;
        }
    }

    if (access(store->path, F_OK) != 0) {
        if (access(dir, W_OK) != 0) {
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
    if (access(store->path, W_OK) != 0 || access(dir, W_OK) != 0) {
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
        status = db_error(store, err, "cannot open the progress database");
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
    if (store->db && sqlite3_close(store->db) == SQLITE_OK && store->opened)
        stamp_write(store->path);
    if (store->lock_fd >= 0)
        close(store->lock_fd);  /* releases the flock */
    free(store);
}

const char *cp_store_path(const cp_store *store) { return store ? store->path : ""; }

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

/* ---- statements ---------------------------------------------------------- */

static cp_status prepare(cp_store *store, const char *sql, sqlite3_stmt **st, cp_error *err)
{
    if (sqlite3_prepare_v2(store->db, sql, -1, st, NULL) != SQLITE_OK)
        return db_error(store, err, "database error");
    return CP_OK;
}

/* Steps a statement that returns no rows, then finalizes it. */
static cp_status run(cp_store *store, sqlite3_stmt *st, cp_error *err)
{
    int rc = sqlite3_step(st);
    cp_status s = rc == SQLITE_DONE ? CP_OK : db_error(store, err, "could not save");
    sqlite3_finalize(st);
    return s;
}

static void bind_memory(sqlite3_stmt *st, int first, const cp_memory *m)
{
    sqlite3_bind_int(st, first + 0, m->state);
    sqlite3_bind_int(st, first + 1, m->step);
    sqlite3_bind_int64(st, first + 2, m->due);
    sqlite3_bind_int64(st, first + 3, m->last_review);
    sqlite3_bind_double(st, first + 4, m->stability);
    sqlite3_bind_double(st, first + 5, m->difficulty);
    sqlite3_bind_int(st, first + 6, m->scheduled_days);
    sqlite3_bind_int64(st, first + 7, m->reps);
    sqlite3_bind_int64(st, first + 8, m->lapses);
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

#define MEMORY_COLUMNS "state, step, due, last_review, stability, difficulty, scheduled_days, reps, lapses"

static cp_status put_memory(cp_store *store, const char *card_id, const cp_memory *m,
                            cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s;
    bool fresh = m->state == 0 && m->reps == 0 && m->last_review == 0;
    if (fresh) {
        if ((s = prepare(store, "DELETE FROM card_memory WHERE card_id = ?", &st, err)) != CP_OK)
            return s;
        sqlite3_bind_text(st, 1, card_id, -1, SQLITE_TRANSIENT);
        return run(store, st, err);
    }
    if ((s = prepare(store, "INSERT OR REPLACE INTO card_memory (card_id, " MEMORY_COLUMNS
                            ") VALUES (?,?,?,?,?,?,?,?,?,?)", &st, err)) != CP_OK)
        return s;
    sqlite3_bind_text(st, 1, card_id, -1, SQLITE_TRANSIENT);
    bind_memory(st, 2, m);
    return run(store, st, err);
}

static cp_status begin(cp_store *store, cp_error *err) { return exec(store, "BEGIN IMMEDIATE", err); }

static cp_status finish(cp_store *store, cp_status s, cp_error *err)
{
    if (s == CP_OK)
        return exec(store, "COMMIT", err);
    sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    return s;
}

cp_status cp_store_record_review(cp_store *store, const cp_review *r, int64_t *out_id,
                                 cp_error *err)
{
    cp_status s = begin(store, err);
    if (s != CP_OK)
        return s;
    sqlite3_stmt *st;
    s = prepare(store,
                "INSERT INTO review_log (card_id, at, rating, elapsed_days, duration_ms, chosen, mode,"
                " b_state, b_step, b_due, b_last_review, b_stability, b_difficulty, b_scheduled_days, b_reps, b_lapses,"
                " a_state, a_step, a_due, a_last_review, a_stability, a_difficulty, a_scheduled_days, a_reps, a_lapses)"
                " VALUES (?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?)",
                &st, err);
    if (s == CP_OK) {
        sqlite3_bind_text(st, 1, r->card_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, r->at);
        sqlite3_bind_int(st, 3, r->rating);
        sqlite3_bind_double(st, 4, r->elapsed_days);
        sqlite3_bind_int(st, 5, r->duration_ms);
        sqlite3_bind_text(st, 6, r->chosen ? r->chosen : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 7, r->mode ? r->mode : "drill", -1, SQLITE_TRANSIENT);
        bind_memory(st, 8, &r->before);
        bind_memory(st, 17, &r->after);
        s = run(store, st, err);
    }
    if (s == CP_OK && out_id)
        *out_id = sqlite3_last_insert_rowid(store->db);
    if (s == CP_OK)
        s = put_memory(store, r->card_id, &r->after, err);
    return finish(store, s, err);
}

cp_status cp_store_undo_last(cp_store *store, bool *found, char *card_id_out,
                             size_t card_id_size, cp_error *err)
{
    *found = false;
    cp_status s = begin(store, err);
    if (s != CP_OK)
        return s;
    sqlite3_stmt *st;
    s = prepare(store,
                "SELECT id, card_id, b_state, b_step, b_due, b_last_review, b_stability, b_difficulty,"
                " b_scheduled_days, b_reps, b_lapses FROM review_log ORDER BY id DESC LIMIT 1",
                &st, err);
    if (s != CP_OK)
        return finish(store, s, err);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return finish(store, CP_OK, err);
    }
    if (rc != SQLITE_ROW) {
        s = db_error(store, err, "could not read the review log");
        sqlite3_finalize(st);
        return finish(store, s, err);
    }
    int64_t id = sqlite3_column_int64(st, 0);
    char card_id[256];
    snprintf(card_id, sizeof card_id, "%s", (const char *)sqlite3_column_text(st, 1));
    cp_memory before = column_memory(st, 2);
    sqlite3_finalize(st);

    s = prepare(store, "DELETE FROM review_log WHERE id = ?", &st, err);
    if (s == CP_OK) {
        sqlite3_bind_int64(st, 1, id);
        s = run(store, st, err);
    }
    if (s == CP_OK)
        s = put_memory(store, card_id, &before, err);
    /* A settled day that counted the row is no longer settled. */
    if (s == CP_OK && (s = prepare(store, "DELETE FROM game_day WHERE through_id >= ?", &st, err)) == CP_OK) {
        sqlite3_bind_int64(st, 1, id);
        s = run(store, st, err);
    }
    s = finish(store, s, err);
    if (s == CP_OK) {
        *found = true;
        if (card_id_out && card_id_size)
            snprintf(card_id_out, card_id_size, "%s", card_id);
    }
    return s;
}

cp_status cp_store_get_memory(cp_store *store, const char *card_id, cp_memory *out,
                              bool *found, cp_error *err)
{
    memset(out, 0, sizeof *out);
    *found = false;
    sqlite3_stmt *st;
    cp_status s = prepare(store, "SELECT " MEMORY_COLUMNS " FROM card_memory WHERE card_id = ?",
                          &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_text(st, 1, card_id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = column_memory(st, 0);
        *found = true;
    } else if (rc != SQLITE_DONE) {
        s = db_error(store, err, "could not read card memory");
    }
    sqlite3_finalize(st);
    return s;
}

cp_status cp_store_each_memory(cp_store *store, cp_memory_fn fn, void *ctx, cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store, "SELECT card_id, " MEMORY_COLUMNS " FROM card_memory", &st, err);
    if (s != CP_OK)
        return s;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cp_memory m = column_memory(st, 1);
        fn(ctx, (const char *)sqlite3_column_text(st, 0), &m);
    }
    if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read card memory");
    sqlite3_finalize(st);
    return s;
}

static cp_review column_review(sqlite3_stmt *st)
{
    return (cp_review){
        .id = sqlite3_column_int64(st, 0),
        .card_id = (const char *)sqlite3_column_text(st, 1),
        .at = sqlite3_column_int64(st, 2),
        .rating = sqlite3_column_int(st, 3),
        .elapsed_days = sqlite3_column_double(st, 4),
        .duration_ms = sqlite3_column_int(st, 5),
        .chosen = (const char *)sqlite3_column_text(st, 6),
        .mode = (const char *)sqlite3_column_text(st, 7),
        .before = column_memory(st, 8),
        .after = column_memory(st, 17),
    };
}

#define REVIEW_SELECT                                                                              \
    "SELECT id, card_id, at, rating, elapsed_days, duration_ms, chosen, mode,"                     \
    " b_state, b_step, b_due, b_last_review, b_stability, b_difficulty, b_scheduled_days, b_reps," \
    " b_lapses, a_state, a_step, a_due, a_last_review, a_stability, a_difficulty,"                 \
    " a_scheduled_days, a_reps, a_lapses FROM review_log"

/* Runs REVIEW_SELECT + `where` with one integer bound, handing each row to
 * `all` (every row) or to `until` (for as long as it returns true). */
static cp_status each_review(cp_store *store, const char *where, int64_t bound, cp_review_fn all,
                             cp_review_until_fn until, void *ctx, cp_error *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "%s %s", REVIEW_SELECT, where);
    sqlite3_stmt *st;
    cp_status s = prepare(store, sql, &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_int64(st, 1, bound);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cp_review r = column_review(st);
        if (all) {
            all(ctx, &r);
        } else if (!until(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read the review log");
    sqlite3_finalize(st);
    return s;
}

cp_status cp_store_each_review(cp_store *store, cp_time since, cp_review_fn fn, void *ctx,
                               cp_error *err)
{
    return each_review(store, "WHERE at >= ? ORDER BY id", since, fn, NULL, ctx, err);
}

cp_status cp_store_each_review_after(cp_store *store, int64_t after_id, cp_review_fn fn,
                                     void *ctx, cp_error *err)
{
    return each_review(store, "WHERE id > ? ORDER BY id", after_id, fn, NULL, ctx, err);
}

cp_status cp_store_each_review_newest(cp_store *store, cp_time since, cp_review_until_fn fn,
                                      void *ctx, cp_error *err)
{
    /* `+at`: walk the log backwards by row id and stop early, rather than
     * sort everything since `since` first. */
    return each_review(store, "WHERE +at >= ? ORDER BY id DESC", since, NULL, fn, ctx, err);
}

cp_status cp_store_review_count(cp_store *store, int64_t *out, cp_error *err)
{
    sqlite3_stmt *st;
    *out = 0;
    cp_status s = prepare(store, "SELECT count(*) FROM review_log", &st, err);
    if (s != CP_OK)
        return s;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else
        s = db_error(store, err, "could not count reviews");
    sqlite3_finalize(st);
    return s;
}

cp_status cp_store_first_review_since(cp_store *store, cp_time since, int64_t *id, cp_error *err)
{
    sqlite3_stmt *st;
    *id = 0;
    cp_status s = prepare(store, "SELECT min(id) FROM review_log WHERE at >= ?", &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_int64(st, 1, since);
    if (sqlite3_step(st) == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);      /* NULL (no row) reads as 0 */
    else
        s = db_error(store, err, "could not read the review log");
    sqlite3_finalize(st);
    return s;
}

cp_status cp_store_first_review_at(cp_store *store, cp_time *out, cp_error *err)
{
    sqlite3_stmt *st;
    *out = 0;
    cp_status s = prepare(store, "SELECT at FROM review_log ORDER BY id LIMIT 1", &st, err);
    if (s != CP_OK)
        return s;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read the review log");
    sqlite3_finalize(st);
    return s;
}

/* ---- settings --------------------------------------------------------------- */

cp_status cp_store_get_setting(cp_store *store, const char *key, char *out, size_t size,
                               bool *found, cp_error *err)
{
    *found = false;
    if (size)
        out[0] = '\0';
    sqlite3_stmt *st;
    cp_status s = prepare(store, "SELECT value FROM setting WHERE key = ?", &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
        *found = true;
    } else if (rc != SQLITE_DONE) {
        s = db_error(store, err, "could not read a setting");
    }
    sqlite3_finalize(st);
    return s;
}

cp_status cp_store_set_setting(cp_store *store, const char *key, const char *value,
                               cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store, "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
    return run(store, st, err);
}

/* ---- exam attempts ------------------------------------------------------------ */

cp_status cp_store_attempt_begin(cp_store *store, const cp_attempt *a,
                                 const cp_attempt_item *items, size_t n_items,
                                 int64_t *out_id, cp_error *err)
{
    cp_status s = begin(store, err);
    if (s != CP_OK)
        return s;
    sqlite3_stmt *st;
    s = prepare(store,
                "INSERT INTO exam_attempt (kind, started_at, status, seed, time_limit_s)"
                " VALUES (?, ?, ?, ?, ?)", &st, err);
    if (s == CP_OK) {
        sqlite3_bind_text(st, 1, a->kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, a->started_at);
        sqlite3_bind_int(st, 3, a->status);
        sqlite3_bind_int64(st, 4, (int64_t)a->seed);
        sqlite3_bind_int(st, 5, a->time_limit_s);
        s = run(store, st, err);
    }
    int64_t id = sqlite3_last_insert_rowid(store->db);
    for (size_t i = 0; s == CP_OK && i < n_items; i++) {
        s = prepare(store,
                    "INSERT INTO exam_item (attempt_id, position, card_id, scored, chosen, correct, flagged)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", &st, err);
        if (s != CP_OK)
            break;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, items[i].position);
        sqlite3_bind_text(st, 3, items[i].card_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 4, items[i].scored);
        sqlite3_bind_text(st, 5, items[i].chosen ? items[i].chosen : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 6, items[i].correct);
        sqlite3_bind_int(st, 7, items[i].flagged);
        s = run(store, st, err);
    }
    s = finish(store, s, err);
    if (s == CP_OK && out_id)
        *out_id = id;
    return s;
}

cp_status cp_store_attempt_answer(cp_store *store, int64_t attempt_id,
                                  const cp_attempt_item *item, cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store,
                          "UPDATE exam_item SET chosen = ?, correct = ?, flagged = ?"
                          " WHERE attempt_id = ? AND position = ?", &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_text(st, 1, item->chosen ? item->chosen : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, item->correct);
    sqlite3_bind_int(st, 3, item->flagged);
    sqlite3_bind_int64(st, 4, attempt_id);
    sqlite3_bind_int(st, 5, item->position);
    s = run(store, st, err);
    if (s == CP_OK && sqlite3_changes(store->db) != 1)
        s = cp_error_set(err, CP_ERR_NOT_FOUND, store->path, 0,
                         "no item %d in exam attempt %lld", item->position, (long long)attempt_id);
    return s;
}

cp_status cp_store_attempt_finish(cp_store *store, int64_t attempt_id, const cp_attempt *a,
                                  cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store,
                          "UPDATE exam_attempt SET status = ?, finished_at = ?, time_used_s = ?,"
                          " raw_score = ?, cut_raw = ?, scaled_score = ? WHERE id = ?", &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_int(st, 1, a->status);
    sqlite3_bind_int64(st, 2, a->finished_at);
    sqlite3_bind_int(st, 3, a->time_used_s);
    sqlite3_bind_int(st, 4, a->raw_score);
    sqlite3_bind_double(st, 5, a->cut_raw);
    sqlite3_bind_int(st, 6, a->scaled_score);
    sqlite3_bind_int64(st, 7, attempt_id);
    s = run(store, st, err);
    if (s == CP_OK && sqlite3_changes(store->db) != 1)
        s = cp_error_set(err, CP_ERR_NOT_FOUND, store->path, 0, "no exam attempt %lld",
                         (long long)attempt_id);
    return s;
}

cp_status cp_store_each_attempt(cp_store *store, const char *kind, cp_attempt_fn fn,
                                void *ctx, cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store,
                          "SELECT id, kind, started_at, finished_at, status, seed, time_limit_s,"
                          " time_used_s, raw_score, cut_raw, scaled_score FROM exam_attempt"
                          " WHERE ?1 IS NULL OR kind = ?1 ORDER BY id", &st, err);
    if (s != CP_OK)
        return s;
    if (kind)
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cp_attempt a = {
            .id = sqlite3_column_int64(st, 0),
            .kind = (const char *)sqlite3_column_text(st, 1),
            .started_at = sqlite3_column_int64(st, 2),
            .finished_at = sqlite3_column_int64(st, 3),
            .status = sqlite3_column_int(st, 4),
            .seed = (uint64_t)sqlite3_column_int64(st, 5),
            .time_limit_s = sqlite3_column_int(st, 6),
            .time_used_s = sqlite3_column_int(st, 7),
            .raw_score = sqlite3_column_int(st, 8),
            .cut_raw = sqlite3_column_double(st, 9),
            .scaled_score = sqlite3_column_int(st, 10),
        };
        fn(ctx, &a);
    }
    if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read exam attempts");
    sqlite3_finalize(st);
    return s;
}

cp_status cp_store_each_attempt_item(cp_store *store, int64_t attempt_id,
                                     cp_attempt_item_fn fn, void *ctx, cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store,
                          "SELECT position, card_id, scored, chosen, correct, flagged FROM exam_item"
                          " WHERE attempt_id = ? ORDER BY position", &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_int64(st, 1, attempt_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cp_attempt_item it = {
            .position = sqlite3_column_int(st, 0),
            .card_id = (const char *)sqlite3_column_text(st, 1),
            .scored = sqlite3_column_int(st, 2),
            .chosen = (const char *)sqlite3_column_text(st, 3),
            .correct = sqlite3_column_int(st, 4),
            .flagged = sqlite3_column_int(st, 5),
        };
        fn(ctx, &it);
    }
    if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read exam items");
    sqlite3_finalize(st);
    return s;
}

/* ---- game events ---------------------------------------------------------------- */

cp_status cp_store_add_event(cp_store *store, const cp_game_event *e, cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store, "INSERT INTO game_event (at, kind, amount, detail) VALUES (?,?,?,?)",
                          &st, err);
    if (s != CP_OK)
        return s;
    sqlite3_bind_int64(st, 1, e->at);
    sqlite3_bind_text(st, 2, e->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, e->amount);
    sqlite3_bind_text(st, 4, e->detail ? e->detail : "", -1, SQLITE_TRANSIENT);
    return run(store, st, err);
}

cp_status cp_store_each_event(cp_store *store, const char *kind, cp_event_fn fn, void *ctx,
                              cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store,
                          "SELECT id, at, kind, amount, detail FROM game_event"
                          " WHERE ?1 IS NULL OR kind = ?1 ORDER BY id", &st, err);
    if (s != CP_OK)
        return s;
    if (kind)
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cp_game_event e = {
            .id = sqlite3_column_int64(st, 0),
            .at = sqlite3_column_int64(st, 1),
            .kind = (const char *)sqlite3_column_text(st, 2),
            .amount = sqlite3_column_int64(st, 3),
            .detail = (const char *)sqlite3_column_text(st, 4),
        };
        fn(ctx, &e);
    }
    if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read game events");
    sqlite3_finalize(st);
    return s;
}

cp_status cp_store_each_event_except(cp_store *store, const char *kind, int64_t through_id,
                                     const char *keep_prefix, cp_event_fn fn, void *ctx,
                                     cp_error *err)
{
    sqlite3_stmt *st;
    /* Four index or row id ranges, no scan of the skipped events: kinds
     * below and above `kind`, `kind` after through_id (`+kind`: by row id),
     * and `kind` with details in [keep_prefix, keep_prefix + 1). Without
     * INDEXED BY, SQLite scans the whole table for the first two, to
     * merge them in id order. */
    cp_status s = prepare(store,
                          "SELECT id, at, kind, amount, detail FROM game_event"
                          "  INDEXED BY game_event_kind WHERE kind < ?1"
                          " UNION ALL SELECT id, at, kind, amount, detail FROM game_event"
                          "  INDEXED BY game_event_kind WHERE kind > ?1"
                          " UNION ALL SELECT id, at, kind, amount, detail FROM game_event"
                          "  WHERE id > ?2 AND +kind = ?1"
                          " UNION ALL SELECT id, at, kind, amount, detail FROM game_event"
                          "  WHERE kind = ?1 AND detail >= ?3 AND detail < ?4 AND id <= ?2"
                          " ORDER BY 1", &st, err);
    if (s != CP_OK)
        return s;
    char upper[64];
    snprintf(upper, sizeof upper, "%s", keep_prefix ? keep_prefix : "");
    size_t n = strlen(upper);
    if (n)
        upper[n - 1]++;     /* "attempt:" -> "attempt;" */
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, through_id);
    sqlite3_bind_text(st, 3, keep_prefix ? keep_prefix : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, upper, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cp_game_event e = {
            .id = sqlite3_column_int64(st, 0),
            .at = sqlite3_column_int64(st, 1),
            .kind = (const char *)sqlite3_column_text(st, 2),
            .amount = sqlite3_column_int64(st, 3),
            .detail = (const char *)sqlite3_column_text(st, 4),
        };
        fn(ctx, &e);
    }
    if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read game events");
    sqlite3_finalize(st);
    return s;
}

#define DAY_COLUMNS                                                                        \
    "day, through_id, reviews, correct, seconds, due, due_done, fresh, introduced,"        \
    " intro_d1, intro_d2, intro_d3, intro_d4, work_done, xp_through_event, xp_total"

cp_status cp_store_settle_days(cp_store *store, const cp_settled_day *days, size_t n,
                               cp_error *err)
{
    if (!n)
        return CP_OK;
    cp_status s = begin(store, err);
    for (size_t i = 0; s == CP_OK && i < n; i++) {
        const cp_settled_day *d = &days[i];
        sqlite3_stmt *st;
        if ((s = prepare(store, "INSERT OR REPLACE INTO game_day (" DAY_COLUMNS ")"
                                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st, err)) != CP_OK)
            break;
        sqlite3_bind_int64(st, 1, d->day);
        sqlite3_bind_int64(st, 2, d->through_id);
        const int32_t v[] = {d->reviews, d->correct, d->seconds, d->due, d->due_done, d->fresh,
                             d->introduced, d->introduced_by_domain[0], d->introduced_by_domain[1],
                             d->introduced_by_domain[2], d->introduced_by_domain[3], d->work_done};
        for (int k = 0; k < (int)(sizeof v / sizeof v[0]); k++)
            sqlite3_bind_int64(st, 3 + k, v[k]);
        sqlite3_bind_int64(st, 15, d->xp_through_event);
        sqlite3_bind_int64(st, 16, d->xp_total);
        s = run(store, st, err);
    }
    return finish(store, s, err);
}

cp_status cp_store_each_settled_day(cp_store *store, cp_settled_fn fn, void *ctx, cp_error *err)
{
    sqlite3_stmt *st;
    cp_status s = prepare(store, "SELECT " DAY_COLUMNS " FROM game_day ORDER BY day", &st, err);
    if (s != CP_OK)
        return s;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
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
        fn(ctx, &d);
    }
    if (rc != SQLITE_DONE)
        s = db_error(store, err, "could not read the settled days");
    sqlite3_finalize(st);
    return s;
}
