/* A stopgap for the Windows cross build (issue 21, phase 1): the few POSIX
 * calls the core and its unit tests make, mapped onto the MinGW-w64 C
 * runtime so that both compile unchanged. CMake force-includes this header
 * (-include) in every C file of the Windows build, and puts this directory
 * on the include path for the POSIX headers MinGW lacks (sys/file.h,
 * sys/statvfs.h, sys/wait.h).
 *
 * It compiles; it does not make the code portable. Each entry says what it
 * loses, and the core's platform module (issue 21, a later phase) replaces
 * the whole directory. Nothing here includes <windows.h>: its macros (near,
 * far, small, min, max, ...) would leak into every file. */
#ifndef CP_POSIX_SHIM_H
#define CP_POSIX_SHIM_H
#ifdef _WIN32

#include <direct.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

/* mkdir(path, mode): Windows directories have no mode bits. */
#define mkdir(path, mode) ((void)(mode), _mkdir(path))

/* open() flags: O_CLOEXEC is "not inherited by child processes";
 * O_DIRECTORY has no equivalent (open() of a directory fails on Windows,
 * so the core's directory fsync after creating progress.db is skipped). */
#ifndef O_CLOEXEC
#define O_CLOEXEC _O_NOINHERIT
#endif
#ifndef O_DIRECTORY
#define O_DIRECTORY 0
#endif

/* fsync: _commit flushes the file's buffers to the disk (FlushFileBuffers). */
#define fsync(fd) _commit(fd)

/* timegm: the C runtime's _mkgmtime (same normalisation of tm_mday). */
#define timegm(tm) _mkgmtime(tm)

/* link: a hard link with CreateHardLinkA (NTFS only; errno EEXIST when the
 * name is taken, EXDEV/EPERM otherwise so the caller falls back to rename). */
int cp_shim_link(const char *from, const char *to);
#define link(from, to) cp_shim_link(from, to)

/* stat with POSIX's nanosecond times, 64-bit sizes and the struct's st_ctim.
 * Loses: st_ino is 0 and st_dev is the drive number (the C runtime has no
 * file identity), and st_ctim is the file's CREATION time (Windows'
 * st_ctime), not its last status change: the store's "checked" stamp
 * (device, inode, size, ctime) cannot tell a rewritten file of the same
 * size from the one it checked. */
struct cp_shim_stat {
    _dev_t st_dev;
    uint64_t st_ino;
    unsigned short st_mode;
    short st_nlink;
    short st_uid;
    short st_gid;
    _dev_t st_rdev;
    int64_t st_size;
    struct timespec st_atim, st_mtim, st_ctim;
};
int cp_shim_stat(const char *path, struct cp_shim_stat *st);
#define stat cp_shim_stat

/* Used by the unit tests only. */
char *cp_shim_mkdtemp(char *templ);             /* XXXXXX: ~ and 5 random */
#define mkdtemp(templ) cp_shim_mkdtemp(templ)
pid_t cp_shim_fork(void);                       /* always -1, errno ENOSYS */
#define fork() cp_shim_fork()
pid_t cp_shim_waitpid(pid_t pid, int *status, int options);    /* -1, ECHILD */
#define waitpid(pid, status, options) cp_shim_waitpid(pid, status, options)
#define geteuid() (-1)                           /* no user is root */
#define AT_FDCWD (-100)
int cp_shim_utimensat(int dirfd, const char *path, const struct timespec times[2], int flags);
#define utimensat(dirfd, path, times, flags) cp_shim_utimensat(dirfd, path, times, flags)

#endif /* _WIN32 */
#endif
