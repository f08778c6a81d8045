/* Progress store under a failing disk: a wrapper SQLite VFS, registered as
 * the default, passes every call to the real one but can refuse writes
 * (SQLITE_FULL, as a full disk does) from the Nth write on. Each test then
 * takes the fault away, reopens and checks that nothing that was reported
 * saved is lost, nothing reported failed is half there, the database is
 * intact, and the store said what went wrong.
 *
 * The sweep tests fail the 1st, 2nd, ... write of an operation, so every
 * point inside a transaction (log row, memory row, WAL frame, commit frame,
 * checkpoint) gets its turn.
 *
 * A writer killed before it closed is this program run again in a child
 * mode (--killed-writer, --killed-sqlite) that ends without closing. */
#include "cp_test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utime.h>

#include "cloudprep/platform.h"
#include "cloudprep/store.h"

/* ---- the faulty VFS -------------------------------------------------------- */

typedef struct fault_state {
    sqlite3_vfs *real;
    long writes_left;       /* < 0: no fault; 0: every write fails */
    long writes_seen;
    long reads_seen;
    long refused;
} fault_state;

typedef struct fault_file {
    sqlite3_file base;
    fault_state *state;
    sqlite3_file *real;     /* follows this struct in the same block */
} fault_file;

static sqlite3_file *real_of(sqlite3_file *f) { return ((fault_file *)f)->real; }

static int f_close(sqlite3_file *f) { return real_of(f)->pMethods->xClose(real_of(f)); }
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    ((fault_file *)f)->state->reads_seen++;
    return real_of(f)->pMethods->xRead(real_of(f), b, n, o);
}
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    fault_state *st = ((fault_file *)f)->state;
    st->writes_seen++;
    if (st->writes_left == 0) {
        st->refused++;
        return SQLITE_FULL;
    }
    if (st->writes_left > 0)
        st->writes_left--;
    return real_of(f)->pMethods->xWrite(real_of(f), b, n, o);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
static int f_sync(sqlite3_file *f, int flags) { return real_of(f)->pMethods->xSync(real_of(f), flags); }
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
static int f_lock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xLock(real_of(f), l); }
static int f_unlock(sqlite3_file *f, int l) { return real_of(f)->pMethods->xUnlock(real_of(f), l); }
static int f_check(sqlite3_file *f, int *out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
static int f_sector(sqlite3_file *f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
static int f_chars(sqlite3_file *f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
static int f_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **p)
{
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, extend, p);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
static int f_shm_unmap(sqlite3_file *f, int del)
{
    return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

static const sqlite3_io_methods fault_methods = {
    .iVersion = 2,
    .xClose = f_close, .xRead = f_read, .xWrite = f_write, .xTruncate = f_truncate,
    .xSync = f_sync, .xFileSize = f_size, .xLock = f_lock, .xUnlock = f_unlock,
    .xCheckReservedLock = f_check, .xFileControl = f_control, .xSectorSize = f_sector,
    .xDeviceCharacteristics = f_chars, .xShmMap = f_shm_map, .xShmLock = f_shm_lock,
    .xShmBarrier = f_shm_barrier, .xShmUnmap = f_shm_unmap,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
    fault_state *st = vfs->pAppData;
    fault_file *ff = (fault_file *)file;
    ff->state = st;
    ff->real = (sqlite3_file *)(ff + 1);
    int rc = st->real->xOpen(st->real, name, ff->real, flags, out_flags);
    /* Only a file that opened gets methods: SQLite then closes it. */
    file->pMethods = rc == SQLITE_OK && ff->real->pMethods ? &fault_methods : NULL;
    return rc;
}
static int v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xDelete(r, name, sync);
}
static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xAccess(r, name, flags, out);
}
static int v_full(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xFullPathname(r, name, n, out);
}
static void *v_dlopen(sqlite3_vfs *vfs, const char *name)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xDlOpen(r, name);
}
static void v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    r->xDlError(r, n, msg);
}
static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xDlSym(r, h, sym);
}
static void v_dlclose(sqlite3_vfs *vfs, void *h)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    r->xDlClose(r, h);
}
static int v_random(sqlite3_vfs *vfs, int n, char *out)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xRandomness(r, n, out);
}
static int v_sleep(sqlite3_vfs *vfs, int us)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xSleep(r, us);
}
static int v_time(sqlite3_vfs *vfs, double *out)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xCurrentTime(r, out);
}
static int v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xGetLastError ? r->xGetLastError(r, n, out) : 0;
}
static int v_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    sqlite3_vfs *r = ((fault_state *)vfs->pAppData)->real;
    return r->xCurrentTimeInt64(r, out);
}

static fault_state fault;   /* the VFS's app data; reset by setup() */
static sqlite3_vfs fault_vfs;

static void fault_register(void)
{
    fault.real = sqlite3_vfs_find(NULL); /* the system's own: "unix" or "win32" */
    assert_non_null(fault.real);
    fault_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(fault_file) + fault.real->szOsFile,
        .mxPathname = fault.real->mxPathname,
        .zName = "cp-fault",
        .pAppData = &fault,
        .xOpen = v_open, .xDelete = v_delete, .xAccess = v_access, .xFullPathname = v_full,
        .xDlOpen = v_dlopen, .xDlError = v_dlerror, .xDlSym = v_dlsym, .xDlClose = v_dlclose,
        .xRandomness = v_random, .xSleep = v_sleep, .xCurrentTime = v_time,
        .xGetLastError = v_last_error, .xCurrentTimeInt64 = v_time64,
    };
    assert_int_equal(sqlite3_vfs_register(&fault_vfs, 1), SQLITE_OK);
}

/* The disk fills up after `n` more writes (0: now). */
static void disk_full_after(long n)
{
    fault.writes_left = n;
    fault.refused = 0;
}
static void disk_ok(void) { fault.writes_left = -1; }

/* ---- fixtures -------------------------------------------------------------- */

static int setup(void **state)
{
    disk_ok();
    fault.writes_seen = fault.refused = 0;
    return cp_test_dir_setup(state);
}

static int teardown(void **state)
{
    disk_ok();
    return cp_test_dir_teardown(state);
}

/* Review number k of card "card-<k % 3>": before = its previous after. */
static cp_review review_n(int k, char *id, size_t id_size)
{
    snprintf(id, id_size, "card-%d", k % 3);
    return (cp_review){.card_id = id,
                       .at = 1700000000 + k * 60,
                       .rating = CP_GOOD,
                       .duration_ms = 1000 + k,
                       .chosen = "1",
                       .mode = "drill",
                       .before = k >= 3 ? cp_test_memory(k - 3) : (cp_memory){0},
                       .after = cp_test_memory(k)};
}

static void record(cp_store *s, int k)
{
    char id[16];
    cp_review r = review_n(k, id, sizeof id);
    cp_test_record(s, &r);
}

static void make_db(int reviews)
{
    cp_store *s = cp_test_store_open(cp_test_dir);
    for (int k = 0; k < reviews; k++)
        record(s, k);
    cp_store_close(s);
}

typedef struct log_check { int n; bool chain_ok; char last[3][16]; cp_memory after[3]; } log_check;

static void check_row(void *ctx, const cp_review *r)
{
    log_check *c = ctx;
    char id[16];
    cp_review want = review_n(c->n, id, sizeof id);
    if (strcmp(r->card_id, id) != 0 || r->at != want.at || r->rating != want.rating ||
        r->after.reps != want.after.reps || r->before.reps != want.before.reps ||
        r->after.stability != want.after.stability)
        c->chain_ok = false;
    c->n++;
}

static void check_memory(void *ctx, const char *id, const cp_memory *m)
{
    log_check *c = ctx;
    int card = id[5] - '0';
    if (card < 0 || card > 2)
        return;
    snprintf(c->last[card], sizeof c->last[card], "%s", id);
    c->after[card] = *m;
}

/* With the disk healthy again: the database passes SQLite's integrity check,
 * the log holds reviews 0..n-1 exactly, in order, and each card's memory is
 * the `after` of its newest review. */
static void assert_intact_with(int n)
{
    disk_ok();
    assert_string_equal(cp_test_sql_text(cp_test_path("progress.db"), "PRAGMA integrity_check"),
                        "ok");

    cp_store *s = NULL;
    cp_error err = {0};
    if (cp_store_open(cp_test_dir, NULL, &s, &err) != CP_OK)
        fail_msg("reopen after the fault: %s", err.message);
    log_check c = {.chain_ok = true};
    assert_int_equal(cp_store_each_review(s, 0, check_row, &c, &err), CP_OK);
    assert_int_equal(c.n, n);
    assert_true(c.chain_ok);
    assert_int_equal(cp_store_each_memory(s, check_memory, &c, &err), CP_OK);
    for (int card = 0; card < 3 && card < n; card++) {
        int newest = card + ((n - 1 - card) / 3) * 3;
        assert_int_equal(c.after[card].reps, cp_test_memory(newest).reps);
        assert_true(c.after[card].stability == cp_test_memory(newest).stability);
    }
    cp_store_close(s);
}

/* Runs one(n) with the disk full after n writes, for n = 0, 1, ... in a
 * fresh directory each time, until a run had no write refused (one returns
 * true); 200 points at the most. */
static void sweep(void **state, bool (*one)(long n))
{
    bool completed = false;
    long n = 0;
    for (; n < 200 && !completed; n++) {
        teardown(state);
        setup(state);
        completed = one(n);
    }
    assert_true(completed);
    print_message("covered %ld failing write points\n", n);
}

/* ---- tests ------------------------------------------------------------------ */

static void test_disk_full_while_answering(void **state)
{
    (void)state;
    make_db(5);
    cp_store *s = NULL;
    cp_error err = {0};
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_OK);
    disk_full_after(0);
    char id[16];
    cp_review r = review_n(5, id, sizeof id);
    assert_int_equal(cp_store_record_review(s, &r, NULL, &err), CP_ERR_IO);
    assert_true(fault.refused > 0);
    if (!strstr(err.message, "disk is full"))
        fail_msg("message '%s' does not say the disk is full", err.message);
    assert_non_null(strstr(err.file, "progress.db"));
    /* Still full: settings and exam answers fail cleanly too. */
    assert_int_equal(cp_store_set_setting(s, "theme", "light", &err), CP_ERR_IO);
    assert_non_null(strstr(err.message, "full"));
    /* Space comes back: the same store saves the answer it could not. */
    disk_ok();
    assert_int_equal(cp_store_record_review(s, &r, NULL, &err), CP_OK);
    cp_store_close(s);
    assert_intact_with(6);
}

/* Fail from the 1st, 2nd, ... write of one answer: the answer is either
 * all there (the call said CP_OK) or not at all, and nothing before it is
 * touched. The sweep ends when an answer needs no more writes than allowed. */
static bool answer_on_a_full_disk(long n)
{
    bool completed = false;
    make_db(4);
    cp_store *s = NULL;
    cp_error err = {0};
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_OK);
    disk_full_after(n);
    char id[16];
    cp_review r = review_n(4, id, sizeof id);
    cp_status st = cp_store_record_review(s, &r, NULL, &err);
    if (st == CP_OK) {
        completed = fault.refused == 0;
    } else {
        assert_int_equal(st, CP_ERR_IO);
        assert_non_null(strstr(err.message, "full"));
    }
    /* Closing checkpoints the WAL: that may fail too, and must not
     * damage anything. */
    cp_store_close(s);
    assert_intact_with(st == CP_OK ? 5 : 4);
    return completed;
}

static void test_disk_full_at_every_write_of_an_answer(void **state)
{
    sweep(state, answer_on_a_full_disk);
}

/* A database whose writer was killed: its answers are in the WAL only, so
 * the next start must recover them and its first checkpoint copies them
 * into the main file. Fail each write of that start (open, one answer,
 * close): the three old answers survive every time, the new one is there
 * exactly when it was reported saved. */
static char self[1024]; /* this program, for the killed writers */

/* Child mode: records `reviews` answers in dir and ends without closing. */
static int killed_writer(const char *dir, int reviews)
{
    cp_store *s = NULL;
    if (cp_store_open(dir, NULL, &s, NULL) != CP_OK)
        return 1;
    for (int k = 0; k < reviews; k++) {
        char id[16];
        cp_review r = review_n(k, id, sizeof id);
        if (cp_store_record_review(s, &r, NULL, NULL) != CP_OK)
            return 1;
    }
    _Exit(0); /* no close: no checkpoint, the WAL keeps the answers */
}

/* Child mode: an old-schema database (three rows in the WAL only). */
static int killed_sqlite(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; CREATE TABLE keep(x);"
                     "INSERT INTO keep VALUES (1), (2), (3);",
                     NULL, NULL, NULL) != SQLITE_OK)
        return 1;
    _Exit(0); /* killed: the rows live in the WAL only */
}

static void make_db_killed(int reviews)
{
    char n[16];
    snprintf(n, sizeof n, "%d", reviews);
    const char *argv[] = {self, "--killed-writer", cp_test_dir, n, NULL};
    assert_int_equal(cp_platform_run(argv), 0);
    char wal[300];
    cp_file_info st;
    snprintf(wal, sizeof wal, "%s/progress.db-wal", cp_test_dir);
    assert_int_equal(cp_platform_stat(wal, &st), 0);
    assert_true(st.size > 0);
}

static bool restart_on_a_full_disk(long n)
{
    bool completed = false;
    make_db_killed(3);
    cp_store *s = NULL;
    cp_error err = {0};
    disk_full_after(n);
    cp_status st = cp_store_open(cp_test_dir, NULL, &s, &err);
    cp_status answered = CP_ERR_IO;
    if (st == CP_OK) {
        char id[16];
        cp_review r = review_n(3, id, sizeof id);
        answered = cp_store_record_review(s, &r, NULL, &err);
        cp_store_close(s);
        completed = fault.refused == 0;
    }
    if (answered != CP_OK && !strstr(err.message, "full") && !strstr(err.message, "disk"))
        fail_msg("write %ld refused: '%s' does not say the disk is full", n, err.message);
    assert_intact_with(answered == CP_OK ? 4 : 3);
    return completed;
}

static void test_disk_full_at_every_write_of_a_restart(void **state)
{
    sweep(state, restart_on_a_full_disk);
}

static bool first_start_on_a_full_disk(long n)
{
    bool completed = false;
    cp_store *s = NULL;
    cp_error err = {0};
    disk_full_after(n);
    cp_status st = cp_store_open(cp_test_dir, NULL, &s, &err);
    if (st == CP_OK) {
        completed = fault.refused == 0;
        cp_store_close(s);
    } else if (!strstr(err.message, "full")) {
        fail_msg("first start, write %ld refused: '%s' does not say the disk is full", n,
                 err.message);
    }
    /* Once there is space again, the learner can start: a failed first
     * start must not leave a file that is then refused forever. */
    disk_ok();
    st = cp_store_open(cp_test_dir, NULL, &s, &err);
    if (st != CP_OK)
        fail_msg("after a first start that failed at write %ld: %s", n, err.message);
    record(s, 0);
    cp_store_close(s);
    assert_intact_with(1);
    return completed;
}

static void test_disk_full_on_first_start_does_not_brick_the_store(void **state)
{
    sweep(state, first_start_on_a_full_disk);
}

/* A database from an older schema whose writer was killed, with its newest
 * rows only in the WAL: the backup made before the migration must hold
 * them, and be made again (not refused) if a migration had to be retried. */
static void test_backup_before_migration_includes_the_wal(void **state)
{
    (void)state;
    char path[300], backup[320];
    snprintf(path, sizeof path, "%s/progress.db", cp_test_dir);
    snprintf(backup, sizeof backup, "%s/progress.db.bak-v0", cp_test_dir);
    for (int attempt = 0; attempt < 2; attempt++) {
        cp_platform_remove(path);
        const char *argv[] = {self, "--killed-sqlite", path, NULL};
        assert_int_equal(cp_platform_run(argv), 0);

        cp_store *s = NULL;
        cp_error err = {0};
        if (cp_store_open(cp_test_dir, NULL, &s, &err) != CP_OK)
            fail_msg("attempt %d: %s", attempt, err.message);
        cp_store_close(s);

        assert_int_equal(cp_test_sql_int(backup, "SELECT count(*) FROM keep"), 3);
        /* Taken before the migration: no review log yet. */
        assert_int_equal(cp_test_sql_int(backup, "SELECT count(*) FROM sqlite_master"
                                                 " WHERE name = 'review_log'"),
                         0);
        /* The leftovers of the backup itself are gone. */
        char leftover[340];
        snprintf(leftover, sizeof leftover, "%s.new", backup);
        assert_false(cp_platform_exists(leftover));
        /* Next round: the old backup is still there when the next
         * migration of the same version needs one. */
        snprintf(leftover, sizeof leftover, "%s-wal", path);
        cp_platform_remove(leftover);
        snprintf(leftover, sizeof leftover, "%s-shm", path);
        cp_platform_remove(leftover);
    }
}

/* quick_check reads every page; the check stamp lets an open skip it only
 * when the file is exactly the one a clean close left. Counted in reads
 * through the VFS. */
static void test_quick_check_skipped_only_for_the_file_last_closed(void **state)
{
    (void)state;
    make_db(3000);
    char path[300];
    snprintf(path, sizeof path, "%s/progress.db", cp_test_dir);
    cp_file_info st;
    assert_int_equal(cp_platform_stat(path, &st), 0);
    long pages = (long)(st.size / 4096);
    assert_true(pages > 40);
    cp_store *s = NULL;
    cp_error err = {0};
    /* Its times on a whole second, so that utime() below can put them back
     * exactly (a tool that restores times would), then a clean close again. */
    struct utimbuf times = {.actime = 1700000000, .modtime = 1700000000};
    assert_int_equal(utime(path, &times), 0);
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_OK);
    cp_store_close(s);

    /* 1. Untouched since the clean close: a few reads, not every page. */
    fault.reads_seen = 0;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_OK);
    cp_store_close(s);
    print_message("%ld pages; open of the file last closed: %ld reads\n", pages, fault.reads_seen);
    assert_true(fault.reads_seen < pages / 4);

    /* 2. Damaged in place, modification time put back: checked, refused. */
    FILE *f = cp_platform_fopen(path, "r+b");
    assert_non_null(f);
    long off = 4096L * (pages / 2);
    unsigned char orig;
    fseek(f, off, SEEK_SET);
    assert_int_equal(fread(&orig, 1, 1, f), 1);
    unsigned char bad = orig ^ 0x80;
    fseek(f, off, SEEK_SET);
    assert_int_equal(fwrite(&bad, 1, 1, f), 1);
    fclose(f);
    assert_int_equal(utime(path, &times), 0);
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "damaged"));

    /* 3. Repaired the same way: checked in full (every page), then fine. */
    f = cp_platform_fopen(path, "r+b");
    fseek(f, off, SEEK_SET);
    assert_int_equal(fwrite(&orig, 1, 1, f), 1);
    fclose(f);
    assert_int_equal(utime(path, &times), 0);
    fault.reads_seen = 0;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_OK);
    assert_true(fault.reads_seen >= pages);
    cp_store_close(s);

    /* 4. A writer killed before closing: checked in full. */
    teardown(state);
    setup(state);
    make_db_killed(3000);
    fault.reads_seen = 0;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_OK);
    assert_true(fault.reads_seen >= pages / 2);
    cp_store_close(s);
    fault.reads_seen = 0;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &s, &err), CP_OK);
    assert_true(fault.reads_seen < pages / 4);
    cp_store_close(s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--killed-writer") == 0)
        return killed_writer(argv[2], atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "--killed-sqlite") == 0)
        return killed_sqlite(argv[2]);
    if (!cp_platform_exe_path(self, sizeof self))
        return 1;
    fault.writes_left = -1;
    fault_register();
    const struct CMUnitTest tests[] = {
        T(test_disk_full_while_answering),
        T(test_disk_full_at_every_write_of_an_answer),
        T(test_disk_full_at_every_write_of_a_restart),
        T(test_disk_full_on_first_start_does_not_brick_the_store),
        T(test_backup_before_migration_includes_the_wal),
        T(test_quick_check_skipped_only_for_the_file_last_closed),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    sqlite3_vfs_unregister(&fault_vfs);
    return rc;
}
