/* The store's insides, shared by its two files: store_open.c (opening,
 * checking, migrating, backing up, closing) and store.c (the queries). Not
 * a public header: nothing outside the store sees SQLite. */
#ifndef CLOUDPREP_STORE_INTERNAL_H
#define CLOUDPREP_STORE_INTERNAL_H

#include "cloudprep/platform.h"
#include "cloudprep/store.h"

#include <sqlite3.h>

/* Prepared statements kept for reuse: an answer runs the same handful of
 * statements every time, and preparing them is a good part of its cost. */
enum { CP_STORE_CACHE = 24 };
typedef struct cp_store_stmt {
    char *sql;              /* owned copy; NULL: empty slot */
    sqlite3_stmt *st;
    bool busy;              /* stepping now (a nested use prepares its own) */
} cp_store_stmt;

struct cp_store {
    sqlite3 *db;
    bool opened;            /* cp_store_open succeeded: the file is trusted */
    cp_platform_lock *lock;
    int depth;              /* open write groups (cp_store_begin) */
    cp_store_stmt cache[CP_STORE_CACHE];
    size_t next_slot;       /* round-robin replacement */
    char path[1024];
};

/* Finalizes the cached statements (before the connection closes). */
void cp_store_cache_clear(cp_store *store);

/* An error from the last SQLite call on the store, classified (corrupt,
 * read-only, disk full, busy) with what the learner can do about it. */
cp_status cp_store_db_error(cp_store *store, cp_error *err, const char *what);
/* Runs SQL that returns no rows (several statements are fine). */
cp_status cp_store_exec(cp_store *store, const char *sql, cp_error *err);

#endif
