/* cloudprep core: the one error convention every module shares.
 *
 * Functions that can fail return a cp_status and, when given one, fill a
 * cp_error with where (file, line) and what. The core never prints: the
 * caller decides what to show. */
#ifndef CLOUDPREP_COMMON_H
#define CLOUDPREP_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef enum cp_status {
    CP_OK = 0,
    CP_ERR_INVALID,     /* bad input: a malformed deck, bad argument */
    CP_ERR_IO,          /* a file could not be read or written */
    CP_ERR_NOMEM,
    CP_ERR_CORRUPT,     /* the progress database is damaged */
    CP_ERR_NEWER,       /* the database was written by a newer cloudprep */
    CP_ERR_READONLY,    /* the database or its directory cannot be written */
    CP_ERR_LOCKED,      /* another cloudprep holds the database */
    CP_ERR_NOT_FOUND,
    CP_ERR_CANCELLED,   /* the caller asked a long computation to stop */
} cp_status;

typedef struct cp_error {
    char file[512];     /* may be empty */
    uint32_t line;      /* 0 when not about a line */
    char message[512];
} cp_error;

/* Functions returning cp_status are marked so that a result cannot be
 * dropped by accident; where dropping it is deliberate, say so with
 * CP_IGNORE(call) (GCC does not accept a (void) cast for this). */
#if defined(__GNUC__) || defined(__clang__)
#define CP_NODISCARD __attribute__((warn_unused_result))
#else
#define CP_NODISCARD
#endif
#define CP_IGNORE(call)                                                                    \
    do {                                                                                   \
        cp_status cp_ignored_ = (call);                                                    \
        (void)cp_ignored_;                                                                 \
    } while (0)

/* Fills err (when not NULL) with printf-style text; returns status. */
cp_status cp_error_set(cp_error *err, cp_status status, const char *file,
                       uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

const char *cp_status_name(cp_status status);

/* Time in the core is always passed in: seconds since the Unix epoch, UTC. */
typedef int64_t cp_time;

/* A small deterministic RNG (splitmix64 seeding a xoshiro256**). The core
 * never calls rand(): callers own and seed one of these. */
typedef struct cp_rng { uint64_t s[4]; } cp_rng;
void cp_rng_seed(cp_rng *rng, uint64_t seed);
uint64_t cp_rng_next(cp_rng *rng);
/* Uniform in [0, n); n > 0. */
uint64_t cp_rng_below(cp_rng *rng, uint64_t n);
/* Uniform in [0, 1). */
double cp_rng_unit(cp_rng *rng);

/* Room for one more element in a growable array of `size`-byte elements:
 * when n reaches *cap, the array grows to twice (or `first`) and the new
 * pointer is returned, else `items` itself; NULL when out of memory, and
 * then `items` and *cap are as they were. */
void *cp_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

/* Threads, as the caller has them (the core starts none of its own): start
 * runs fn(arg) on a thread of its own and returns it (NULL: it could not);
 * join waits for it to end. start NULL: no threads, work runs in turn. */
typedef struct cp_threads {
    void *(*start)(int (*fn)(void *arg), void *arg);
    void (*join)(void *thread);
} cp_threads;

#endif
