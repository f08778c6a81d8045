/* The POSIX side of the platform module (platform.h): time() and
 * localtime_r, XDG directories, the executable's directory from
 * /proc/self/exe (Linux), flock on DIR/.lock. */
#include "cloudprep/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

cp_time cp_platform_now(void)
{
    cp_time real = (cp_time)time(NULL);
    const char *fake = getenv("CLOUDPREP_NOW");
    if (!fake || (fake[0] != '+' && fake[0] != '-' && fake[0] != '@'))
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

int32_t cp_platform_utc_offset(cp_time t)
{
    time_t tt = (time_t)t;
    struct tm lt;
    if (!localtime_r(&tt, &lt))
        return 0;
    return (int32_t)lt.tm_gmtoff;
}

bool cp_platform_data_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg)
        return (size_t)snprintf(out, size, "%s/cloudprep", xdg) < size;
    const char *home = getenv("HOME");
    if (home && *home)
        return (size_t)snprintf(out, size, "%s/.local/share/cloudprep", home) < size;
    return false;
}

bool cp_platform_exe_dir(char *out, size_t size)
{
#if defined(__linux__)
    if (size < 2)
        return false;
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)    /* a full buffer may be cut short */
        return false;
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash)
        return false;
    if (slash == out)
        slash[1] = '\0';                    /* a binary in / */
    else
        *slash = '\0';
    return true;
#else
    /* Windows: GetModuleFileNameW, once it can be tested (issue 21);
     * macOS: _NSGetExecutablePath. Until then the data is found through
     * --decks and CLOUDPREP_DECKS only. */
    (void)out;
    (void)size;
    return false;
#endif
}

struct cp_platform_lock {
    int fd;
};

cp_status cp_platform_lock_dir(const char *dir, cp_platform_lock **out, cp_error *err)
{
    *out = NULL;
    char path[1100];
    if ((size_t)snprintf(path, sizeof path, "%s/.lock", dir) >= sizeof path)
        return cp_error_set(err, CP_ERR_INVALID, dir, 0, "data directory path too long");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        if (e == EACCES || e == EROFS || e == EPERM)
            return cp_error_set(err, CP_ERR_READONLY, dir, 0,
                                "the data directory is not writable (%s). Fix its permissions or "
                                "choose another with --data-dir.", strerror(e));
        return cp_error_set(err, CP_ERR_IO, path, 0,
                            "cannot open the lock file that keeps two cloudprep apps apart (%s); "
                            "nothing was opened. Remove it if it is not a file, or choose another "
                            "folder with --data-dir.", strerror(e));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK)
            return cp_error_set(err, CP_ERR_LOCKED, dir, 0,
                                "another cloudprep is already using this progress database. "
                                "Close it first (or use --data-dir for a separate learner).");
        return cp_error_set(err, CP_ERR_IO, path, 0, "cannot lock the data directory (%s)",
                            strerror(e));
    }
    cp_platform_lock *lock = malloc(sizeof *lock);
    if (!lock) {
        close(fd);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    lock->fd = fd;
    *out = lock;
    return CP_OK;
}

void cp_platform_unlock(cp_platform_lock *lock)
{
    if (!lock)
        return;
    close(lock->fd);    /* releases the flock */
    free(lock);
}
