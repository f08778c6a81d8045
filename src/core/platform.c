/* The platform module's calls that are the same on every system, built on
 * the system files' primitives: the clock with its CLOUDPREP_NOW shift, a
 * fresh temporary folder (random names tried with mkdir until one is
 * free) and removing a tree (depth first, links never followed). */
#include "platform_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

cp_time cp_platform_now(void)
{
    cp_time real = (cp_time)time(NULL);
    char fake[32];
    if (!cp_platform_getenv("CLOUDPREP_NOW", fake, sizeof fake) ||
        (fake[0] != '+' && fake[0] != '-' && fake[0] != '@'))
        return real;
    /* "@T": a clock standing at T, so that runs of a test started seconds
     * apart see the very same instants; "+N", "-N": a clock N seconds off. */
    bool still = fake[0] == '@';
    const char *digits = still ? fake + 1 : fake;
    char *end;
    errno = 0;
    long long v = strtoll(digits, &end, 10);
    if (errno || *end || end == digits)
        return real;
    return still ? (cp_time)v : real + (cp_time)v;
}

bool cp_platform_exe_dir(char *out, size_t size)
{
    if (!cp_platform_exe_path(out, size))
        return false;
    size_t root = cp_platform_root_length(out);
    size_t n = strlen(out);
    while (n > root && !cp_platform_is_separator(out[n - 1]))
        n--;
    if (n == 0)
        return false;
    /* Keep a root's own separator ("/cloudprep" is in "/"). */
    out[n > root ? n - 1 : n] = '\0';
    return true;
}

bool cp_platform_is_absolute(const char *path)
{
    return cp_platform_root_length(path) > 0;
}

void cp_platform_tidy_path(char *path)
{
    size_t root = cp_platform_root_length(path);
    if (root == 0)
        return;
    /* The output is never longer than what was read: in place. */
    size_t n = root;
    const char *p = path + root;
    while (*p) {
        char sep = '/';
        while (cp_platform_is_separator(*p))
            sep = *p++;
        const char *end = p;
        while (*end && !cp_platform_is_separator(*end))
            end++;
        size_t seg = (size_t)(end - p);
        if (seg == 2 && p[0] == '.' && p[1] == '.') {
            while (n > root && !cp_platform_is_separator(path[n - 1]))
                n--; /* the last component, then its separator */
            if (n > root)
                n--;
        } else if (seg && !(seg == 1 && p[0] == '.')) {
            if (n > root)
                path[n++] = sep;
            memmove(path + n, p, seg);
            n += seg;
        }
        p = end;
    }
    path[n] = '\0';
}

int cp_platform_mkdirs(const char *path)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 1);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(tmp, path, n + 1);
    /* Each parent in turn, from the first component after the root. */
    for (size_t i = cp_platform_root_length(tmp) + 1; i < n; i++) {
        if (!cp_platform_is_separator(tmp[i]) || cp_platform_is_separator(tmp[i - 1]))
            continue;
        char c = tmp[i];
        tmp[i] = '\0';
        int rc = cp_platform_mkdir(tmp);
        tmp[i] = c;
        if (rc != 0 && errno != EEXIST) {
            free(tmp);
            return -1;
        }
    }
    free(tmp);
    if (cp_platform_mkdir(path) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    cp_file_info info;
    if (cp_platform_stat(path, &info) == 0 && info.is_dir)
        return 0;
    errno = EEXIST; /* a file of that name */
    return -1;
}

bool cp_platform_temp_dir(const char *tag, char *out, size_t size)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char base[1024];
    if (!cp_platform_temp_base(base, sizeof base))
        return false;
    /* Names differ between processes (the pid) and between calls (the
     * clocks): mkdir refuses a taken one, and the next name is tried. */
    uint64_t x = (uint64_t)cp_platform_pid() << 32 ^ (uint64_t)time(NULL) ^
                 (uint64_t)(cp_platform_seconds() * 1e9);
    for (int attempt = 0; attempt < 1000; attempt++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        char name[7];
        for (int i = 0; i < 6; i++)
            name[i] = letters[(x >> (16 + 6 * i)) % 36];
        name[6] = '\0';
        if ((size_t)snprintf(out, size, "%s/cp-%s-%s", base, tag, name) >= size)
            return false;
        if (cp_platform_mkdir(out) == 0)
            return true;
        if (errno != EEXIST)
            return false;
    }
    return false;
}

bool cp_platform_remove_tree(const char *path)
{
    if (!cp_platform_is_real_dir(path)) {
        if (cp_platform_remove(path) == 0 || errno == ENOENT)
            return true;
        cp_platform_unprotect(path, false);
        return cp_platform_remove(path) == 0;
    }
    cp_platform_unprotect(path, true);
    /* The names first, then the removals: a folder is not changed while
     * it is being listed. */
    cp_platform_dir *dir = cp_platform_dir_open(path);
    if (!dir)
        return false;
    char **children = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    const char *name;
    while (ok && (name = cp_platform_dir_next(dir))) {
        size_t len = strlen(path) + strlen(name) + 2;
        char *child = malloc(len);
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(children, cap * sizeof *grown);
            if (grown)
                children = grown;
            else
                cap = n;
        }
        if (!child || n == cap) {
            free(child);
            ok = false;
            break;
        }
        snprintf(child, len, "%s/%s", path, name);
        children[n++] = child;
    }
    cp_platform_dir_close(dir);
    for (size_t i = 0; i < n; i++) {
        ok = cp_platform_remove_tree(children[i]) && ok;
        free(children[i]);
    }
    free(children);
    return ok && cp_platform_remove(path) == 0;
}
