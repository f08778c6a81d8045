/* The POSIX side of the platform module (platform.h): Linux and macOS.
 * Plain POSIX calls (stat, open, fsync, link, flock on DIR/.lock,
 * posix_spawn), localtime_r's tm_gmtoff for the zone, XDG directories on
 * Linux and Application Support on macOS, /proc/self/exe or dyld for the
 * executable. Paths are bytes here, so UTF-8 names need nothing. Compiled
 * everywhere but Windows (platform_windows.c). */
#ifndef _WIN32

#include "platform_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

extern char **environ;

int32_t cp_platform_utc_offset(cp_time t)
{
    time_t tt = (time_t)t;
    struct tm lt;
    if (!localtime_r(&tt, &lt))
        return 0;
    return (int32_t)lt.tm_gmtoff;
}

double cp_platform_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cp_platform_sleep_ms(int ms)
{
    struct timespec nap = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&nap, &nap) != 0 && errno == EINTR)
        continue;
}

/* ---- where things are ---- */

bool cp_platform_getenv(const char *name, char *out, size_t size)
{
    const char *v = getenv(name);
    return v && *v && (size_t)snprintf(out, size, "%s", v) < size;
}

bool cp_platform_data_dir(char *out, size_t size)
{
    char home[1024];
#ifdef __APPLE__
    return cp_platform_getenv("HOME", home, sizeof home) &&
           (size_t)snprintf(out, size, "%s/Library/Application Support/cloudprep", home) < size;
#else
    char xdg[1024];
    if (cp_platform_getenv("XDG_DATA_HOME", xdg, sizeof xdg))
        return (size_t)snprintf(out, size, "%s/cloudprep", xdg) < size;
    return cp_platform_getenv("HOME", home, sizeof home) &&
           (size_t)snprintf(out, size, "%s/.local/share/cloudprep", home) < size;
#endif
}

const char *cp_platform_data_dir_missing(void)
{
#ifdef __APPLE__
    return "HOME is not set";
#else
    return "neither XDG_DATA_HOME nor HOME is set";
#endif
}

bool cp_platform_exe_path(char *out, size_t size)
{
    char path[4096];
#ifdef __APPLE__
    uint32_t n = sizeof path;
    char raw[4096];
    if (_NSGetExecutablePath(raw, &n) != 0 || !realpath(raw, path))
        return false;
#else
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return false;
    path[n] = '\0';
#endif
    return (size_t)snprintf(out, size, "%s", path) < size;
}

bool cp_platform_temp_base(char *out, size_t size)
{
    char tmp[1024];
    if (!cp_platform_getenv("TMPDIR", tmp, sizeof tmp))
        snprintf(tmp, sizeof tmp, "/tmp");
    size_t n = strlen(tmp);
    while (n > 1 && tmp[n - 1] == '/')
        tmp[--n] = '\0';
    return (size_t)snprintf(out, size, "%s", tmp) < size;
}

/* ---- files ---- */

FILE *cp_platform_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

int cp_platform_stat(const char *path, cp_file_info *info)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
#ifdef __APPLE__
    struct timespec ctim = st.st_ctimespec, mtim = st.st_mtimespec;
#else
    struct timespec ctim = st.st_ctim, mtim = st.st_mtim;
#endif
    info->is_dir = S_ISDIR(st.st_mode);
    info->size = (int64_t)st.st_size;
    snprintf(info->id, sizeof info->id, "%llu %llu", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino);
    /* The same text as the store's stamps before the platform module. */
    snprintf(info->version, sizeof info->version, "%llu %llu %lld %lld.%09ld",
             (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, (long long)st.st_size,
             (long long)ctim.tv_sec, (long)ctim.tv_nsec);
    int64_t c = (int64_t)ctim.tv_sec * 1000000000 + ctim.tv_nsec;
    int64_t m = (int64_t)mtim.tv_sec * 1000000000 + mtim.tv_nsec;
    info->changed_ns = c > m ? c : m;
    return 0;
}

void *cp_platform_map(const char *path, size_t *size)
{
    *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uint64_t)st.st_size > SIZE_MAX / 2) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
    flags |= MAP_POPULATE; /* read it all now: callers read it all */
#endif
    void *data = mmap(NULL, (size_t)st.st_size, PROT_READ, flags, fd, 0);
    close(fd);
    if (data == MAP_FAILED)
        return NULL;
    *size = (size_t)st.st_size;
    return data;
}

void cp_platform_unmap(void *data, size_t size)
{
    if (data)
        munmap(data, size);
}

bool cp_platform_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

bool cp_platform_writable(const char *path)
{
    return access(path, W_OK) == 0;
}

size_t cp_platform_root_length(const char *path)
{
    return path[0] == '/';
}

bool cp_platform_is_separator(char c)
{
    return c == '/';
}

bool cp_platform_is_real_dir(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void cp_platform_unprotect(const char *path, bool is_dir)
{
    struct stat st;
    if (is_dir && lstat(path, &st) == 0 && (st.st_mode & S_IRWXU) != S_IRWXU)
        chmod(path, (st.st_mode & 07777) | S_IRWXU);
}

int cp_platform_mkdir(const char *path)
{
    return mkdir(path, 0700);
}

int cp_platform_remove(const char *path)
{
    return remove(path);
}

int cp_platform_rename(const char *from, const char *to)
{
    return rename(from, to);
}

int cp_platform_rename_new(const char *from, const char *to)
{
    if (link(from, to) == 0)
        return unlink(from) == 0 || errno == ENOENT ? 0 : -1;
    if (errno == EEXIST)
        return -1;
    /* A file system without hard links (FAT, some network ones): a plain
     * rename, which would replace a file created since the check. */
    if (access(to, F_OK) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(from, to);
}

int cp_platform_sync(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

void cp_platform_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

bool cp_platform_free_bytes(const char *path, uint64_t *bytes)
{
    struct statvfs fs;
    if (statvfs(path, &fs) != 0)
        return false;
    *bytes = (uint64_t)fs.f_bavail * (uint64_t)fs.f_frsize;
    return true;
}

bool cp_platform_dangling_link(const char *path, char *target, size_t size)
{
    struct stat link_st, st;
    if (lstat(path, &link_st) != 0 || !S_ISLNK(link_st.st_mode) || stat(path, &st) == 0)
        return false;
    ssize_t n = size ? readlink(path, target, size - 1) : -1;
    if (size)
        target[n > 0 ? n : 0] = '\0';
    return true;
}

struct cp_platform_dir {
    DIR *dir;
};

cp_platform_dir *cp_platform_dir_open(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    cp_platform_dir *dir = malloc(sizeof *dir);
    if (!dir) {
        closedir(d);
        errno = ENOMEM;
        return NULL;
    }
    dir->dir = d;
    return dir;
}

const char *cp_platform_dir_next(cp_platform_dir *dir)
{
    struct dirent *e;
    while ((e = readdir(dir->dir)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            return e->d_name;
    return NULL;
}

void cp_platform_dir_close(cp_platform_dir *dir)
{
    if (!dir)
        return;
    closedir(dir->dir);
    free(dir);
}

/* ---- the lock ---- */

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
                                "choose another with --data-dir.",
                                strerror(e));
        return cp_error_set(err, CP_ERR_IO, path, 0,
                            "cannot open the lock file that keeps two cloudprep apps apart (%s); "
                            "nothing was opened. Remove it if it is not a file, or choose another "
                            "folder with --data-dir.",
                            strerror(e));
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
    close(lock->fd); /* releases the flock */
    free(lock);
}

/* ---- the process ---- */

unsigned long cp_platform_pid(void)
{
    return (unsigned long)getpid();
}

void cp_platform_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

bool cp_platform_gui_start(void)
{
    return true;
}

bool cp_platform_stdin_is_terminal(void)
{
    return isatty(STDIN_FILENO) != 0;
}

int cp_platform_run(const char *const *argv)
{
    pid_t pid;
    if (posix_spawn(&pid, argv[0], NULL, NULL, (char *const *)argv, environ) != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ---- threads -------------------------------------------------------------- */

typedef struct posix_thread {
    pthread_t handle;
    int (*fn)(void *arg);
    void *arg;
} posix_thread;

static void *thread_main(void *p)
{
    posix_thread *t = p;
    t->fn(t->arg);
    return NULL;
}

static void *thread_start(int (*fn)(void *arg), void *arg)
{
    posix_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    if (pthread_create(&t->handle, NULL, thread_main, t) != 0) {
        free(t);
        return NULL;
    }
    return t;
}

static void thread_join(void *thread)
{
    posix_thread *t = thread;
    pthread_join(t->handle, NULL);
    free(t);
}

cp_threads cp_platform_threads(void)
{
    return (cp_threads){thread_start, thread_join};
}

#endif /* !_WIN32 */
