/* The Windows side of the platform module (platform.h), for the MinGW-w64
 * build. Every path the rest of the program holds is UTF-8; each call here
 * converts it to UTF-16 and uses the wide-character API (CreateFileW,
 * _wfopen, FindFirstFileW, ...), so a folder or deck named in any script
 * works, whatever the ANSI code page. Errors become errno values, so
 * callers keep their strerror() messages. The time zone is the system's
 * (with its daylight saving rules for each year); the lock is LockFileEx
 * on DIR/.lock, released by Windows when the process ends however it
 * ends. Compiled only for Windows (platform_posix.c is the rest). */
#ifdef _WIN32

#define WIN32_LEAN_AND_MEAN
#include "platform_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <windows.h>
#include <shellapi.h>
#include <shlobj.h>

/* ---- UTF-8 and UTF-16 ---- */

/* s as a new UTF-16 string (free it), or NULL with errno (EINVAL for text
 * that is not UTF-8). '/' is kept: Windows takes it as a separator. */
static wchar_t *wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    return w;
}

/* w as UTF-8 into out; false when it does not fit. */
static bool narrow(const wchar_t *w, char *out, size_t size)
{
    if (size == 0 || size > INT_MAX)
        return false;
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, out, (int)size, NULL, NULL);
    return n > 0;
}

/* errno for the last Windows error. */
static int errno_of(DWORD e)
{
    switch (e) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME: return ENOENT;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_PRIVILEGE_NOT_HELD: return EACCES;
    case ERROR_WRITE_PROTECT: return EROFS;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS: return EEXIST;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL: return ENOSPC;
    case ERROR_DIR_NOT_EMPTY: return ENOTEMPTY;
    case ERROR_DIRECTORY: return ENOTDIR;
    case ERROR_NOT_SAME_DEVICE: return EXDEV;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return ENOMEM;
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:
    case ERROR_FILENAME_EXCED_RANGE: return EINVAL;
    default: return EIO;
    }
}

static int fail_last(void)
{
    errno = errno_of(GetLastError());
    return -1;
}

/* ---- time ---- */

/* 100 ns ticks between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
#define EPOCH_TICKS 116444736000000000LL

static int64_t ticks_of(FILETIME ft)
{
    return (int64_t)(((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
}

int32_t cp_platform_utc_offset(cp_time t)
{
    if (t < -11644473600LL || t > 253402300799LL) /* outside SYSTEMTIME's years */
        return 0;
    int64_t ticks = t * 10000000LL + EPOCH_TICKS;
    FILETIME ft = {.dwLowDateTime = (DWORD)ticks, .dwHighDateTime = (DWORD)(ticks >> 32)};
    SYSTEMTIME utc, local;
    FILETIME back;
    if (!FileTimeToSystemTime(&ft, &utc))
        return 0;
    /* The system's zone with its rules for that year (zones change their
     * daylight saving dates now and then), as the taskbar's clock shows
     * it; the current rules if Windows has none for the year. */
    TIME_ZONE_INFORMATION zone;
    bool for_year = GetTimeZoneInformationForYear(utc.wYear, NULL, &zone);
    if (!SystemTimeToTzSpecificLocalTime(for_year ? &zone : NULL, &utc, &local) ||
        !SystemTimeToFileTime(&local, &back))
        return 0;
    return (int32_t)((ticks_of(back) - ticks) / 10000000LL);
}

double cp_platform_seconds(void)
{
    LARGE_INTEGER now, freq;
    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&freq);
    return (double)now.QuadPart / (double)freq.QuadPart;
}

void cp_platform_sleep_ms(int ms)
{
    Sleep(ms > 0 ? (DWORD)ms : 0);
}

/* ---- where things are ---- */

bool cp_platform_getenv(const char *name, char *out, size_t size)
{
    wchar_t *wname = wide(name);
    if (!wname)
        return false;
    wchar_t value[2048];
    DWORD n = GetEnvironmentVariableW(wname, value, sizeof value / sizeof value[0]);
    free(wname);
    return n > 0 && n < sizeof value / sizeof value[0] && narrow(value, out, size);
}

bool cp_platform_data_dir(char *out, size_t size)
{
    /* %APPDATA% (so it can be pointed elsewhere, as XDG_DATA_HOME can),
     * else the known folder it normally names. */
    char base[1024];
    if (!cp_platform_getenv("APPDATA", base, sizeof base)) {
        wchar_t *path = NULL;
        bool ok = SHGetKnownFolderPath(&FOLDERID_RoamingAppData, 0, NULL, &path) == S_OK &&
                  narrow(path, base, sizeof base);
        CoTaskMemFree(path);
        if (!ok)
            return false;
    }
    return (size_t)snprintf(out, size, "%s\\cloudprep", base) < size;
}

const char *cp_platform_data_dir_missing(void)
{
    return "APPDATA is not set and Windows does not say where application data goes";
}

bool cp_platform_exe_path(char *out, size_t size)
{
    wchar_t path[32768];
    DWORD n = GetModuleFileNameW(NULL, path, sizeof path / sizeof path[0]);
    return n > 0 && n < sizeof path / sizeof path[0] && narrow(path, out, size);
}

bool cp_platform_temp_base(char *out, size_t size)
{
    wchar_t path[MAX_PATH + 2];
    DWORD n = GetTempPathW(sizeof path / sizeof path[0], path);
    if (n == 0 || n >= sizeof path / sizeof path[0])
        return false;
    while (n > 3 && (path[n - 1] == L'\\' || path[n - 1] == L'/'))
        path[--n] = L'\0';
    return narrow(path, out, size);
}

/* ---- files ---- */

FILE *cp_platform_fopen(const char *path, const char *mode)
{
    wchar_t *wpath = wide(path), *wmode = wide(mode);
    FILE *f = wpath && wmode ? _wfopen(wpath, wmode) : NULL;
    free(wpath);
    free(wmode);
    return f;
}

/* A handle to path for reading its attributes (folders too). */
static HANDLE open_for_info(const wchar_t *path)
{
    return CreateFileW(path, FILE_READ_ATTRIBUTES,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                       FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

int cp_platform_stat(const char *path, cp_file_info *info)
{
    wchar_t *w = wide(path);
    if (!w)
        return -1;
    HANDLE h = open_for_info(w);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return fail_last();
    BY_HANDLE_FILE_INFORMATION fi;
    FILE_BASIC_INFO basic;
    bool ok = GetFileInformationByHandle(h, &fi) &&
              GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic);
    DWORD e = GetLastError();
    CloseHandle(h);
    if (!ok) {
        errno = errno_of(e);
        return -1;
    }
    int64_t size = (int64_t)(((uint64_t)fi.nFileSizeHigh << 32) | fi.nFileSizeLow);
    info->is_dir = (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    info->size = size;
    snprintf(info->id, sizeof info->id, "%lu %lu:%lu", (unsigned long)fi.dwVolumeSerialNumber,
             (unsigned long)fi.nFileIndexHigh, (unsigned long)fi.nFileIndexLow);
    /* The change time moves with every write and every metadata change,
     * and SetFileTime (which tools and _utime use) does not set it. */
    snprintf(info->version, sizeof info->version, "%lu %lu:%lu %lld %lld %lld",
             (unsigned long)fi.dwVolumeSerialNumber, (unsigned long)fi.nFileIndexHigh,
             (unsigned long)fi.nFileIndexLow, (long long)size, (long long)basic.ChangeTime.QuadPart,
             (long long)ticks_of(fi.ftLastWriteTime));
    /* FILETIME ticks are 100 ns since 1601. */
    int64_t changed = basic.ChangeTime.QuadPart > ticks_of(fi.ftLastWriteTime)
                          ? basic.ChangeTime.QuadPart
                          : ticks_of(fi.ftLastWriteTime);
    info->changed_ns = (changed - 116444736000000000LL) * 100;
    return 0;
}

void *cp_platform_map(const char *path, size_t *size)
{
    *size = 0;
    FILE *f = cp_platform_fopen(path, "rb");
    if (!f)
        return NULL;
    struct _stati64 st;
    unsigned char *data = NULL;
    bool ok = _fstati64(_fileno(f), &st) == 0 && (st.st_mode & _S_IFREG) && st.st_size > 0 &&
              (uint64_t)st.st_size <= SIZE_MAX / 2;
    size_t n = ok ? (size_t)st.st_size : 0;
    ok = ok && (data = malloc(n)) != NULL && fread(data, 1, n, f) == n && fgetc(f) == EOF;
    fclose(f);
    if (!ok) {
        free(data);
        errno = EINVAL;
        return NULL;
    }
    *size = n;
    return data;
}

void cp_platform_unmap(void *data, size_t size)
{
    (void)size;
    free(data);
}

static DWORD attributes(const char *path)
{
    wchar_t *w = wide(path);
    if (!w)
        return INVALID_FILE_ATTRIBUTES;
    DWORD a = GetFileAttributesW(w);
    free(w);
    return a;
}

bool cp_platform_exists(const char *path)
{
    return attributes(path) != INVALID_FILE_ATTRIBUTES;
}

bool cp_platform_writable(const char *path)
{
    DWORD a = attributes(path);
    if (a == INVALID_FILE_ATTRIBUTES)
        return false;
    if (a & FILE_ATTRIBUTE_DIRECTORY) {
        /* Only trying tells: the folder's read-only attribute means nothing
         * for what may be created in it, its access list decides. */
        static LONG counter;
        char probe[1200];
        snprintf(probe, sizeof probe, "%s/.cloudprep-write-test-%lu-%ld", path,
                 (unsigned long)GetCurrentProcessId(), (long)InterlockedIncrement(&counter));
        wchar_t *w = wide(probe);
        if (!w)
            return false;
        HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                               FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
        free(w);
        if (h == INVALID_HANDLE_VALUE)
            return false;
        CloseHandle(h);
        return true;
    }
    if (a & FILE_ATTRIBUTE_READONLY)
        return false;
    wchar_t *w = wide(path);
    if (!w)
        return false;
    /* Opening for writing changes nothing in the file (no write follows). */
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return false;
    CloseHandle(h);
    return true;
}

bool cp_platform_is_separator(char c)
{
    return c == '/' || c == '\\';
}

size_t cp_platform_root_length(const char *path)
{
    const char *p = path;
    if (cp_platform_is_separator(p[0]) && cp_platform_is_separator(p[1])) {
        /* \\server\share\ */
        p += 2;
        for (int part = 0; part < 2 && *p; part++) {
            while (*p && !cp_platform_is_separator(*p))
                p++;
            if (*p)
                p++;
        }
        return (size_t)(p - path);
    }
    if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
        return cp_platform_is_separator(p[2]) ? 3 : 2;
    return cp_platform_is_separator(p[0]) ? 1 : 0;
}

bool cp_platform_is_real_dir(const char *path)
{
    DWORD a = attributes(path);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY) &&
           !(a & FILE_ATTRIBUTE_REPARSE_POINT);
}

void cp_platform_unprotect(const char *path, bool is_dir)
{
    (void)is_dir;
    DWORD a = attributes(path);
    if (a == INVALID_FILE_ATTRIBUTES || !(a & FILE_ATTRIBUTE_READONLY))
        return;
    wchar_t *w = wide(path);
    if (w)
        SetFileAttributesW(w, a & ~(DWORD)FILE_ATTRIBUTE_READONLY);
    free(w);
}

int cp_platform_mkdir(const char *path)
{
    wchar_t *w = wide(path);
    if (!w)
        return -1;
    BOOL ok = CreateDirectoryW(w, NULL);
    free(w);
    return ok ? 0 : fail_last();
}

int cp_platform_remove(const char *path)
{
    DWORD a = attributes(path);
    if (a == INVALID_FILE_ATTRIBUTES)
        return fail_last();
    wchar_t *w = wide(path);
    if (!w)
        return -1;
    BOOL ok = (a & FILE_ATTRIBUTE_DIRECTORY) ? RemoveDirectoryW(w) : DeleteFileW(w);
    free(w);
    return ok ? 0 : fail_last();
}

static int move(const char *from, const char *to, DWORD flags)
{
    wchar_t *wf = wide(from), *wt = wide(to);
    int rc = -1;
    if (wf && wt)
        rc = MoveFileExW(wf, wt, flags | MOVEFILE_WRITE_THROUGH) ? 0 : fail_last();
    free(wf);
    free(wt);
    return rc;
}

int cp_platform_rename(const char *from, const char *to)
{
    return move(from, to, MOVEFILE_REPLACE_EXISTING);
}

int cp_platform_rename_new(const char *from, const char *to)
{
    return move(from, to, 0); /* fails with ERROR_ALREADY_EXISTS when to exists */
}

int cp_platform_sync(const char *path)
{
    wchar_t *w = wide(path);
    if (!w)
        return -1;
    /* FlushFileBuffers needs a handle with write access. */
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return fail_last();
    BOOL ok = FlushFileBuffers(h);
    DWORD e = GetLastError();
    CloseHandle(h);
    if (!ok) {
        errno = errno_of(e);
        return -1;
    }
    return 0;
}

void cp_platform_sync_dir(const char *dir)
{
    (void)dir; /* the rename that made the name was written through */
}

bool cp_platform_free_bytes(const char *path, uint64_t *bytes)
{
    wchar_t *w = wide(path);
    ULARGE_INTEGER avail;
    bool ok = w && GetDiskFreeSpaceExW(w, &avail, NULL, NULL);
    free(w);
    if (ok)
        *bytes = avail.QuadPart;
    return ok;
}

bool cp_platform_dangling_link(const char *path, char *target, size_t size)
{
    (void)path;
    if (size)
        target[0] = '\0';
    return false;
}

struct cp_platform_dir {
    HANDLE find;
    WIN32_FIND_DATAW data;
    bool pending; /* data holds an entry not yet returned */
    char name[MAX_PATH * 3 + 1];
};

cp_platform_dir *cp_platform_dir_open(const char *path)
{
    size_t n = strlen(path);
    char *pattern = malloc(n + 3);
    if (!pattern) {
        errno = ENOMEM;
        return NULL;
    }
    snprintf(pattern, n + 3, "%s/*", path);
    wchar_t *w = wide(pattern);
    free(pattern);
    cp_platform_dir *dir = w ? calloc(1, sizeof *dir) : NULL;
    if (!dir) {
        free(w);
        errno = ENOMEM;
        return NULL;
    }
    dir->find = FindFirstFileW(w, &dir->data);
    free(w);
    if (dir->find == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        free(dir);
        errno = errno_of(e);
        return NULL;
    }
    dir->pending = true;
    return dir;
}

const char *cp_platform_dir_next(cp_platform_dir *dir)
{
    for (;;) {
        if (!dir->pending && !FindNextFileW(dir->find, &dir->data))
            return NULL;
        dir->pending = false;
        const wchar_t *n = dir->data.cFileName;
        if (wcscmp(n, L".") == 0 || wcscmp(n, L"..") == 0)
            continue;
        if (narrow(n, dir->name, sizeof dir->name))
            return dir->name;
    }
}

void cp_platform_dir_close(cp_platform_dir *dir)
{
    if (!dir)
        return;
    FindClose(dir->find);
    free(dir);
}

/* ---- the lock ---- */

struct cp_platform_lock {
    HANDLE file;
};

cp_status cp_platform_lock_dir(const char *dir, cp_platform_lock **out, cp_error *err)
{
    *out = NULL;
    char path[1100];
    if ((size_t)snprintf(path, sizeof path, "%s/.lock", dir) >= sizeof path)
        return cp_error_set(err, CP_ERR_INVALID, dir, 0, "data directory path too long");
    wchar_t *w = wide(path);
    if (!w)
        return cp_error_set(err, CP_ERR_INVALID, dir, 0, "the data directory's name is not UTF-8");
    HANDLE h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        int e = errno_of(GetLastError());
        if (e == EACCES || e == EROFS)
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
    OVERLAPPED whole = {0};
    if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD, MAXDWORD,
                    &whole)) {
        DWORD e = GetLastError();
        CloseHandle(h);
        if (e == ERROR_LOCK_VIOLATION || e == ERROR_IO_PENDING)
            return cp_error_set(err, CP_ERR_LOCKED, dir, 0,
                                "another cloudprep is already using this progress database. "
                                "Close it first (or use --data-dir for a separate learner).");
        return cp_error_set(err, CP_ERR_IO, path, 0, "cannot lock the data directory (%s)",
                            strerror(errno_of(e)));
    }
    cp_platform_lock *lock = malloc(sizeof *lock);
    if (!lock) {
        CloseHandle(h);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    lock->file = h;
    *out = lock;
    return CP_OK;
}

void cp_platform_unlock(cp_platform_lock *lock)
{
    if (!lock)
        return;
    CloseHandle(lock->file); /* releases the lock */
    free(lock);
}

/* ---- the process ---- */

unsigned long cp_platform_pid(void)
{
    return (unsigned long)GetCurrentProcessId();
}

/* The console's output code page before ours: set back at exit, since the
 * console outlives the process (it belongs to the terminal). */
static UINT console_cp;

static void restore_console_cp(void)
{
    SetConsoleOutputCP(console_cp);
}

void cp_platform_start(int *argc, char ***argv)
{
    int n = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    char **args = wargv ? calloc((size_t)n + 1, sizeof *args) : NULL;
    bool ok = args != NULL;
    for (int i = 0; ok && i < n; i++) {
        int len = WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, NULL, 0, NULL, NULL);
        args[i] = len > 0 ? malloc((size_t)len) : NULL;
        ok = args[i] && WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, args[i], len, NULL, NULL) > 0;
    }
    LocalFree(wargv);
    if (ok) { /* kept for the life of the process, as argv is */
        *argc = n;
        *argv = args;
    }
    /* Output as on Linux: UTF-8 text (the console told so) and '\n' line
     * ends, so `--json` and every report are the same bytes. stdin keeps
     * text mode: a log saved with CRLF line ends reads as on Linux. */
    console_cp = GetConsoleOutputCP();
    if (console_cp && console_cp != CP_UTF8 && SetConsoleOutputCP(CP_UTF8))
        atexit(restore_console_cp);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
}

bool cp_platform_gui_start(void)
{
    /* Started from Explorer, a console program gets a console of its own
     * (before Windows 11 24H2, whose "detached" policy in our manifest
     * spares it): when this process is the only one on it, let it go and
     * the window closes. From a terminal the shell is on it too. */
    DWORD ids[2];
    if (GetConsoleWindow() && GetConsoleProcessList(ids, 2) == 1) {
        FreeConsole();
        return false;
    }
    /* No console and stderr not redirected anywhere (the detached policy,
     * or a shortcut): nobody reads it either. */
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    return err && err != INVALID_HANDLE_VALUE && GetFileType(err) != FILE_TYPE_UNKNOWN;
}

bool cp_platform_stdin_is_terminal(void)
{
    DWORD mode;
    return GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
}

/* Appends arg to the command line quoted the way CommandLineToArgvW and
 * the C runtime read it back (backslashes are literal except before a
 * quote). */
static bool append_arg(wchar_t **line, size_t *len, size_t *cap, const wchar_t *arg)
{
    size_t need = *len + 2 * wcslen(arg) + 4;
    if (need > *cap) {
        size_t c = need * 2;
        wchar_t *p = realloc(*line, c * sizeof *p);
        if (!p)
            return false;
        *line = p;
        *cap = c;
    }
    wchar_t *o = *line + *len;
    if (*len)
        *o++ = L' ';
    *o++ = L'"';
    size_t slashes = 0;
    for (const wchar_t *c = arg; *c; c++) {
        if (*c == L'\\') {
            slashes++;
        } else {
            if (*c == L'"')
                for (size_t i = 0; i < slashes + 1; i++)
                    *o++ = L'\\';
            slashes = 0;
        }
        *o++ = *c;
    }
    for (size_t i = 0; i < slashes; i++)
        *o++ = L'\\';
    *o++ = L'"';
    *o = L'\0';
    *len = (size_t)(o - *line);
    return true;
}

int cp_platform_run(const char *const *argv)
{
    wchar_t *line = NULL;
    size_t len = 0, cap = 0;
    bool ok = true;
    for (size_t i = 0; ok && argv[i]; i++) {
        wchar_t *w = wide(argv[i]);
        ok = w && append_arg(&line, &len, &cap, w);
        free(w);
    }
    wchar_t *program = ok ? wide(argv[0]) : NULL;
    STARTUPINFOW si = {.cb = sizeof si};
    PROCESS_INFORMATION pi;
    ok = program && CreateProcessW(program, line, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    free(program);
    free(line);
    if (!ok)
        return -1;
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 0;
    ok = GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return ok ? (int)code : -1;
}

/* ---- threads -------------------------------------------------------------- */

typedef struct win_thread {
    HANDLE handle;
    int (*fn)(void *arg);
    void *arg;
} win_thread;

static DWORD WINAPI thread_main(LPVOID p)
{
    win_thread *t = p;
    return (DWORD)t->fn(t->arg);
}

static void *thread_start(int (*fn)(void *arg), void *arg)
{
    win_thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fn = fn;
    t->arg = arg;
    t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL);
    if (!t->handle) {
        free(t);
        return NULL;
    }
    return t;
}

static void thread_join(void *thread)
{
    win_thread *t = thread;
    WaitForSingleObject(t->handle, INFINITE);
    CloseHandle(t->handle);
    free(t);
}

cp_threads cp_platform_threads(void)
{
    return (cp_threads){thread_start, thread_join};
}

#endif /* _WIN32 */
