/* cloudprep core: what differs between operating systems, in one place.
 *
 * Every other module of the core is plain C11 over these few calls: the
 * clock and the local time zone, where a learner's data lives, where the
 * running binary is, and the lock that keeps two apps off one database. src/core/platform.c is the
 * POSIX side (Linux, and macOS but for the data directory). */
#ifndef CLOUDPREP_PLATFORM_H
#define CLOUDPREP_PLATFORM_H

#include "cloudprep/common.h"

/* The system clock, seconds since the epoch. CLOUDPREP_NOW (a testing
 * aid, docs/app.md) shifts it by "+N" or "-N" seconds, as a machine with a
 * wrong clock would be, or with "@T" stops it at T (seconds since 1970). */
cp_time cp_platform_now(void);

/* Seconds east of UTC at instant t in the system's time zone. */
int32_t cp_platform_utc_offset(cp_time t);

/* The default data directory: $XDG_DATA_HOME/cloudprep, else
 * $HOME/.local/share/cloudprep. False when neither is set (or it does not
 * fit in size). */
bool cp_platform_data_dir(char *out, size_t size);

/* The directory of the running executable, from the system rather than
 * argv[0] (Linux: the link /proc/self/exe), so that an install moved under
 * any prefix finds its data beside it. False when the system cannot tell
 * (or it does not fit in size): on Windows for now, where
 * GetModuleFileNameW is the way but is not written yet, and on systems
 * other than Linux. */
bool cp_platform_exe_dir(char *out, size_t size);

/* An exclusive lock on a directory for the life of the handle: a second
 * holder gets CP_ERR_LOCKED. CP_ERR_READONLY when the lock file cannot be
 * created there; any other failure is an error too (never a silent "no
 * lock"). */
typedef struct cp_platform_lock cp_platform_lock;
CP_NODISCARD cp_status cp_platform_lock_dir(const char *dir, cp_platform_lock **out, cp_error *err);
void cp_platform_unlock(cp_platform_lock *lock);    /* accepts NULL */

#endif
