/* flock() for the Windows cross build (see cp_posix_shim.h): LockFileEx on
 * the whole file. Like flock, the lock belongs to the open file and goes
 * with its last handle; unlike flock it is mandatory (other handles cannot
 * read or write a locked range), which the store's .lock file never needs. */
#ifndef CP_SHIM_SYS_FILE_H
#define CP_SHIM_SYS_FILE_H

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

int flock(int fd, int operation);

#endif
