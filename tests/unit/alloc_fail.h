/* Allocation failures for the unit tests whose CMake target links with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc (CMakeLists.txt): the
 * core is a static library, so its calls to them come here. After
 * alloc_arm(n, after) the n-th allocation fails, alone or with every one
 * after it; alloc_arm(0, false) turns failures off. alloc_count counts the
 * allocations since arming. Include it in one test file per executable. */
#ifndef CLOUDPREP_TEST_ALLOC_FAIL_H
#define CLOUDPREP_TEST_ALLOC_FAIL_H

#include <stdbool.h>
#include <stddef.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

static long alloc_count, alloc_fail_at;     /* 0: never fail */
static bool alloc_fail_after;               /* and every later one */

static bool alloc_fails(void)
{
    alloc_count++;
    return alloc_fail_at && (alloc_count == alloc_fail_at ||
                             (alloc_fail_after && alloc_count > alloc_fail_at));
}
void *__wrap_malloc(size_t size) { return alloc_fails() ? NULL : __real_malloc(size); }
void *__wrap_calloc(size_t n, size_t size) { return alloc_fails() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t size) { return alloc_fails() ? NULL : __real_realloc(p, size); }

static void alloc_arm(long fail_at, bool after)
{
    alloc_count = 0;
    alloc_fail_at = fail_at;
    alloc_fail_after = after;
}

#endif
