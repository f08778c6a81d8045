/* The store's insides, shared by its two files: store_open.c (opening,
 * checking, migrating, backing up, closing) and store.c (the queries). Not
 * a public header: nothing outside the store sees SQLite. */
#ifndef CLOUDPREP_STORE_INTERNAL_H
#define CLOUDPREP_STORE_INTERNAL_H

#include "cloudprep/platform.h"
#include "cloudprep/store.h"

#include <sqlite3.h>

struct cp_store {
    sqlite3 *db;
    bool opened;            /* cp_store_open succeeded: the file is trusted */
    cp_platform_lock *lock;
    int depth;              /* open write groups (cp_store_begin) */
    char path[1024];
};

/* An error from the last SQLite call on the store, classified (corrupt,
 * read-only, disk full, busy) with what the learner can do about it. */
cp_status cp_store_db_error(cp_store *store, cp_error *err, const char *what);
/* Runs SQL that returns no rows (several statements are fine). */
cp_status cp_store_exec(cp_store *store, const char *sql, cp_error *err);

#endif
