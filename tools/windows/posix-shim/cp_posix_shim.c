/* The functions behind cp_posix_shim.h and its sys/ headers, for the
 * Windows cross build only (issue 21, phase 1; the core's platform module
 * replaces them). The only file of the build that sees <windows.h>. */
#include <sys/file.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utime.h>

#include <windows.h>

#undef stat     /* the C runtime's own, under the shim's struct */

int cp_shim_link(const char *from, const char *to)
{
    if (CreateHardLinkA(to, from, NULL))
        return 0;
    DWORD e = GetLastError();
    errno = e == ERROR_ALREADY_EXISTS || e == ERROR_FILE_EXISTS ? EEXIST
          : e == ERROR_NOT_SAME_DEVICE ? EXDEV
          : e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? ENOENT
          : EPERM;
    return -1;
}

static struct timespec to_timespec(__time64_t t)
{
    return (struct timespec){.tv_sec = (time_t)t, .tv_nsec = 0};
}

int cp_shim_stat(const char *path, struct cp_shim_stat *st)
{
    struct _stat64 s;
    if (_stat64(path, &s) != 0)
        return -1;
    *st = (struct cp_shim_stat){
        .st_dev = s.st_dev, .st_ino = s.st_ino, .st_mode = s.st_mode,
        .st_nlink = s.st_nlink, .st_uid = s.st_uid, .st_gid = s.st_gid,
        .st_rdev = s.st_rdev, .st_size = s.st_size,
        .st_atim = to_timespec(s.st_atime), .st_mtim = to_timespec(s.st_mtime),
        .st_ctim = to_timespec(s.st_ctime),
    };
    return 0;
}

int flock(int fd, int operation)
{
    HANDLE h = (HANDLE)_get_osfhandle(fd);
    if (h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    OVERLAPPED whole = {0};
    if (operation & LOCK_UN)
        return UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &whole) ? 0 : (errno = EINVAL, -1);
    DWORD flags = (operation & LOCK_EX ? LOCKFILE_EXCLUSIVE_LOCK : 0) |
                  (operation & LOCK_NB ? LOCKFILE_FAIL_IMMEDIATELY : 0);
    if (LockFileEx(h, flags, 0, MAXDWORD, MAXDWORD, &whole))
        return 0;
    errno = GetLastError() == ERROR_LOCK_VIOLATION ? EWOULDBLOCK : EINVAL;
    return -1;
}

int statvfs(const char *path, struct statvfs *fs)
{
    ULARGE_INTEGER avail, total, free_bytes;
    if (!GetDiskFreeSpaceExA(path, &avail, &total, &free_bytes)) {
        errno = ENOENT;
        return -1;
    }
    *fs = (struct statvfs){
        .f_bsize = 1, .f_frsize = 1, .f_blocks = total.QuadPart,
        .f_bfree = free_bytes.QuadPart, .f_bavail = avail.QuadPart,
    };
    return 0;
}

/* The X's become '~' and five letters or digits: glibc's mkdtemp never
 * writes a '~', so tools/windows/test can remove what the tests' teardown
 * (rm -rf through system(), which has no POSIX shell here) leaves behind. */
char *cp_shim_mkdtemp(char *templ)
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = strlen(templ);
    if (n < 6 || strcmp(templ + n - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return NULL;
    }
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    uint64_t x = (uint64_t)now.QuadPart ^ ((uint64_t)GetCurrentProcessId() << 32);
    for (int attempt = 0; attempt < 1000; attempt++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        templ[n - 6] = '~';
        for (int i = 0; i < 5; i++)
            templ[n - 5 + i] = digits[(x >> (33 + 6 * i)) % 36];
        if (_mkdir(templ) == 0)
            return templ;
        if (errno != EEXIST)
            return NULL;
    }
    return NULL;
}

pid_t cp_shim_fork(void)
{
    errno = ENOSYS;
    return -1;
}

pid_t cp_shim_waitpid(pid_t pid, int *status, int options)
{
    (void)pid, (void)status, (void)options;
    errno = ECHILD;
    return -1;
}

int cp_shim_utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    (void)dirfd, (void)flags;      /* AT_FDCWD and 0 are all the tests pass */
    struct __utimbuf64 t = {.actime = times[0].tv_sec, .modtime = times[1].tv_sec};
    return _utime64(path, &t);
}
