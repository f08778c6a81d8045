/* cloudprep core: what differs between operating systems, in one place.
 *
 * Every other module, the command line and the app are plain C11 over
 * these calls: the clock and the local time zone, where things are (the
 * learner's data, the executable, a temporary folder), files by UTF-8 name,
 * the lock that keeps two apps off one database, and the process's own
 * console and arguments. src/core/platform_posix.c is Linux and macOS,
 * src/core/platform_windows.c is Windows; src/core/platform.c is what they
 * share. Nothing else in the tree may use a system's own API for these
 * (tools/check-portable, ctest `portable`, enforces it).
 *
 * File calls follow POSIX's convention so callers keep their strerror()
 * messages: 0 on success, -1 with errno set (ENOENT, EEXIST, EACCES,
 * ENOSPC, ...). Every path is UTF-8, on Windows too (through the
 * wide-character API there); '/' separates components everywhere (Windows
 * also takes the '\\' its own paths come with). */
#ifndef CLOUDPREP_PLATFORM_H
#define CLOUDPREP_PLATFORM_H

#include "cloudprep/common.h"

#include <stdio.h>

/* ---- time --------------------------------------------------------------- */

/* The system clock, seconds since the epoch. CLOUDPREP_NOW (a testing
 * aid, docs/app.md) shifts it by "+N" or "-N" seconds, as a machine with a
 * wrong clock would be, or with "@T" stops it at T (seconds since 1970). */
cp_time cp_platform_now(void);

/* Seconds east of UTC at instant t in the system's time zone (daylight
 * saving time included). POSIX: TZ, else the system's zone; Windows: the
 * system's zone (Settings, or the host's under Wine). */
int32_t cp_platform_utc_offset(cp_time t);

/* Seconds on a clock that never goes back, from an arbitrary start: for
 * measuring how long something took, never for dates. */
double cp_platform_seconds(void);
/* Waits about ms milliseconds (tests that need the file system's clock
 * to move on; the app itself never sleeps outside its event loop). */
void cp_platform_sleep_ms(int ms);

/* ---- where things are --------------------------------------------------- */

/* The default data directory (no trailing '/'):
 *   Linux    $XDG_DATA_HOME/cloudprep, else $HOME/.local/share/cloudprep
 *   macOS    $HOME/Library/Application Support/cloudprep
 *   Windows  %APPDATA%\cloudprep (the roaming application data folder)
 * False when the variables it needs are unset (or it does not fit in
 * size); cp_platform_data_dir_missing() then says which. */
bool cp_platform_data_dir(char *out, size_t size);
/* "neither XDG_DATA_HOME nor HOME is set", "APPDATA is not set", ...: the
 * reason cp_platform_data_dir failed, for a message. */
const char *cp_platform_data_dir_missing(void);

/* The running executable's own path, and the folder holding it (no
 * trailing separator), from the system rather than argv[0] (Linux: the link
 * /proc/self/exe; Windows: GetModuleFileNameW; macOS:
 * _NSGetExecutablePath), so that an install moved under any prefix finds
 * its data beside it. False when the system cannot tell. */
bool cp_platform_exe_path(char *out, size_t size);
bool cp_platform_exe_dir(char *out, size_t size);

/* An environment variable as UTF-8 (Windows: its wide-character value
 * converted). False when unset, empty or longer than size. */
bool cp_platform_getenv(const char *name, char *out, size_t size);

/* Makes a new, empty folder only this user can use under the system's
 * temporary folder ($TMPDIR or /tmp; Windows: GetTempPath), named
 * cp-TAG-XXXXXX; its path goes to out. False when it cannot. */
bool cp_platform_temp_dir(const char *tag, char *out, size_t size);

/* ---- files by UTF-8 name -------------------------------------------------- */

/* fopen by UTF-8 name (mode as fopen's; Windows: _wfopen). */
FILE *cp_platform_fopen(const char *path, const char *mode);

/* What cp_platform_stat tells about a path (symbolic links followed). */
typedef struct cp_file_info {
    bool is_dir;
    int64_t size;
    /* Which file this is, whatever path led to it: POSIX device and inode;
     * Windows volume serial number and file index. */
    char id[48];
    /* Which file this is and which state of it: changes when the file is
     * replaced by another or written to, even when a program puts its
     * modification time back. POSIX: device, inode, size and status change
     * time (ns); Windows: volume serial number, file index, size, change
     * and last write times (100 ns). Text, to be compared whole. */
    char version[96];
    /* When the file last changed, its data or its status: the later of
     * the modification and status-change times (Windows: last write and
     * change times), in nanoseconds since 1970, as the file system's clock
     * keeps them (coarse on some). For telling whether a change is too
     * recent for the times to show the next one. */
    int64_t changed_ns;
} cp_file_info;
int cp_platform_stat(const char *path, cp_file_info *info);

/* A whole regular file's bytes, read-only, and its length in *size; NULL
 * (errno set) when it cannot be read or is not a regular file. POSIX maps
 * it (private: a file renamed over it later leaves these bytes as they
 * were); Windows reads it into memory. Release with cp_platform_unmap. */
void *cp_platform_map(const char *path, size_t *size);
void cp_platform_unmap(void *data, size_t size); /* accepts NULL */

/* The system's threads (POSIX threads; Windows' own), as the core's
 * callers hand them in (common.h's cp_threads), for programs without
 * SDL's: the command line and the tests. */
cp_threads cp_platform_threads(void);

/* True when path exists (a file, a folder or anything else). */
bool cp_platform_exists(const char *path);
/* True when this process may write to path: for a file, open it for
 * writing; for a folder, create files in it. POSIX asks access(W_OK);
 * Windows tries (a write open of the file, a file created and deleted in
 * the folder), since neither the read-only attribute nor access() tells
 * what the folder's access rules allow. */
bool cp_platform_writable(const char *path);

/* One folder (its parent must exist; POSIX mode 0700). -1 with EEXIST
 * when the name is taken. */
int cp_platform_mkdir(const char *path);
/* A folder and any missing parents (mkdir -p); 0 when it exists at the
 * end. */
int cp_platform_mkdirs(const char *path);
/* True for a path that does not depend on the current folder: "/x" (and
 * on Windows "C:\x", "C:/x", "\\server\share\x"). */
bool cp_platform_is_absolute(const char *path);
/* "/usr/bin/../share/x" -> "/usr/share/x" (Windows: "C:\app\bin\..\data"
 * -> "C:\app\data"), in place, for messages a learner reads: "." and ".."
 * folded, runs of separators made one, each kept component keeping the
 * separator before it. Lexical, so only for an absolute path without
 * symbolic links in it (the system's name of the running executable is
 * one); a relative path is left as it is. */
void cp_platform_tidy_path(char *path);
/* Removes a file, or an empty folder. */
int cp_platform_remove(const char *path);
/* Renames from to to, replacing to if it exists (atomically where the
 * system can: rename(2); Windows: MoveFileEx, written through). */
int cp_platform_rename(const char *from, const char *to);
/* Gives the complete file `from` the name `to` only if no file has that
 * name (then -1 with EEXIST and both are left as they were). `from` is
 * gone afterwards. POSIX: link(2) then unlink, or rename(2) on a file
 * system without hard links; Windows: MoveFileEx without replacing. */
int cp_platform_rename_new(const char *from, const char *to);
/* Writes a file's data and metadata to the disk (fsync; Windows:
 * FlushFileBuffers, which needs a write handle). */
int cp_platform_sync(const char *path);
/* Makes the names in a folder durable after a create or rename: fsync of
 * the folder on POSIX; nothing on Windows, where the rename was written
 * through and a folder cannot be synced. */
void cp_platform_sync_dir(const char *dir);
/* Bytes the current user may still write on the volume holding path. */
bool cp_platform_free_bytes(const char *path, uint64_t *bytes);
/* True when path is a symbolic link whose target does not exist; the
 * target goes to target (Windows: false, such links are rare there). */
bool cp_platform_dangling_link(const char *path, char *target, size_t size);
/* Removes path and everything under it; true when nothing is left. Gives
 * the owner back write permission where a test took it away. */
bool cp_platform_remove_tree(const char *path);

/* A folder's entries, sorted by the caller if it needs an order. */
typedef struct cp_platform_dir cp_platform_dir;
cp_platform_dir *cp_platform_dir_open(const char *path); /* NULL with errno */
/* The next entry's name (UTF-8, never "." or ".."), valid until the next
 * call; NULL at the end. */
const char *cp_platform_dir_next(cp_platform_dir *dir);
void cp_platform_dir_close(cp_platform_dir *dir); /* accepts NULL */

/* ---- the lock ----------------------------------------------------------- */

/* An exclusive lock on a directory for the life of the handle: a second
 * holder gets CP_ERR_LOCKED. CP_ERR_READONLY when the lock file cannot be
 * created there; any other failure is an error too (never a silent "no
 * lock"). POSIX: flock on DIR/.lock; Windows: LockFileEx on DIR/.lock. */
typedef struct cp_platform_lock cp_platform_lock;
CP_NODISCARD cp_status cp_platform_lock_dir(const char *dir, cp_platform_lock **out, cp_error *err);
void cp_platform_unlock(cp_platform_lock *lock);    /* accepts NULL */

/* ---- the process -------------------------------------------------------- */

/* The process id (for unique temporary names). */
unsigned long cp_platform_pid(void);

/* Called first in main: on Windows, replaces argv with the command line
 * read through the wide-character API as UTF-8 (main's own argv is in the
 * ANSI code page), and makes stdout and stderr write UTF-8 with bare '\n'
 * line ends, as on Linux. Nothing elsewhere. The new argv lives as long as
 * the process. */
void cp_platform_start(int *argc, char ***argv);

/* The app is about to open its window and needs no terminal: on Windows,
 * a console made just for this process (started from Explorer on a
 * Windows older than 11 24H2, which still gives every console program
 * one) is let go, so it closes. Started from a terminal, nothing changes
 * on any system. False when nothing the process prints on stderr can be
 * seen any more (started from Explorer): errors then need a dialog. */
bool cp_platform_gui_start(void);

/* True when standard input is a terminal (isatty; Windows: a console). */
bool cp_platform_stdin_is_terminal(void);

/* Runs the program argv[0] with these arguments (NULL-terminated) and
 * waits: its exit code, or -1 when it could not be started. No shell is
 * involved. */
int cp_platform_run(const char *const *argv);

#endif
