/* The shared error record, status names, and the seeded RNG the core uses
 * instead of rand(): xoshiro256** seeded through splitmix64. */
#include "cloudprep/common.h"

#include <stdint.h>
#include <stdlib.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

cp_status cp_error_set(cp_error *err, cp_status status, const char *file,
                       uint32_t line, const char *fmt, ...)
{
    if (!err)
        return status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

const char *cp_status_name(cp_status status)
{
    switch (status) {
    case CP_OK: return "ok";
    case CP_ERR_INVALID: return "invalid";
    case CP_ERR_IO: return "i/o error";
    case CP_ERR_NOMEM: return "out of memory";
    case CP_ERR_CORRUPT: return "corrupt";
    case CP_ERR_NEWER: return "newer schema";
    case CP_ERR_READONLY: return "read-only";
    case CP_ERR_LOCKED: return "locked";
    case CP_ERR_NOT_FOUND: return "not found";
    case CP_ERR_CANCELLED: return "cancelled";
    }
    return "unknown";
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void cp_rng_seed(cp_rng *rng, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t cp_rng_next(cp_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t cp_rng_below(cp_rng *rng, uint64_t n)
{
    /* Rejection sampling keeps it unbiased. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = cp_rng_next(rng);
    } while (x >= limit);
    return x % n;
}

double cp_rng_unit(cp_rng *rng)
{
    return (double)(cp_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

void *cp_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap)
        return items;
    size_t want = *cap ? *cap * 2 : first;
    if (want <= n || want > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, want * size);
    if (grown)
        *cap = want;
    return grown;
}
