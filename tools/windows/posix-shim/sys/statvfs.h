/* statvfs() for the Windows cross build (see cp_posix_shim.h): the free
 * space of the volume holding a path (GetDiskFreeSpaceExA), the only use
 * the core has for it. */
#ifndef CP_SHIM_SYS_STATVFS_H
#define CP_SHIM_SYS_STATVFS_H

typedef unsigned long long fsblkcnt_t;

struct statvfs {
    unsigned long f_bsize;
    unsigned long f_frsize;     /* 1: the counts below are bytes */
    fsblkcnt_t f_blocks;
    fsblkcnt_t f_bfree;
    fsblkcnt_t f_bavail;
};

int statvfs(const char *path, struct statvfs *fs);

#endif
