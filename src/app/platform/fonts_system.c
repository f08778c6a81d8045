/* Fonts where Windows and macOS keep them, with no font library between.
 *
 * Each style has a list of faces, best first: Segoe UI (every Windows
 * since Vista), then Arial and Tahoma; Consolas, then Courier New and
 * Lucida Console for code. On Windows a face is looked up by its name in
 * the registry's font list (HKLM, then the user's own fonts in HKCU),
 * whose value is a file in the Fonts folder or a full path; then by its
 * usual file name in the Fonts folder. On macOS the files are tried where
 * the system keeps them. A style with none of its faces falls back to the
 * regular one (fonts.c). */
#if defined(_WIN32) || defined(__APPLE__)

#include "fonts_find.h"

#include "cloudprep/platform.h"

#include <stdio.h>
#include <string.h>

/* A font file is taken only if it opens: a name can exist and not be
 * readable (Wine lists fonts of its own that are not installed). */
static bool readable(const char *path)
{
    FILE *f = cp_platform_fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <shlobj.h>

typedef struct face {
    const char *name; /* the registry's value name, less " (TrueType)" */
    const char *file; /* its usual file in the Fonts folder */
} face;

static const face regular[] = {{"Segoe UI", "segoeui.ttf"},
                               {"Arial", "arial.ttf"},
                               {"Tahoma", "tahoma.ttf"},
                               {NULL, NULL}};
static const face bold[] = {{"Segoe UI Bold", "segoeuib.ttf"},
                            {"Arial Bold", "arialbd.ttf"},
                            {"Tahoma Bold", "tahomabd.ttf"},
                            {NULL, NULL}};
static const face italic[] = {{"Segoe UI Italic", "segoeuii.ttf"},
                              {"Arial Italic", "ariali.ttf"},
                              {NULL, NULL}};
static const face mono[] = {{"Consolas", "consola.ttf"},
                            {"Courier New", "cour.ttf"},
                            {"Lucida Console", "lucon.ttf"},
                            {NULL, NULL}};
/* For the symbols Segoe UI lacks (a check mark): Segoe UI Symbol (every
 * Windows since 7), else a font with wide coverage someone installed. */
static const face symbols[] = {{"Segoe UI Symbol", "seguisym.ttf"},
                               {"Arial Unicode MS", "ARIALUNI.TTF"},
                               {"DejaVu Sans", "DejaVuSans.ttf"},
                               {NULL, NULL}};

/* The Fonts folder, as UTF-8. */
static bool fonts_folder(char *out, size_t size)
{
    wchar_t *path = NULL;
    bool ok = SHGetKnownFolderPath(&FOLDERID_Fonts, 0, NULL, &path) == S_OK &&
              WideCharToMultiByte(CP_UTF8, 0, path, -1, out, (int)size, NULL, NULL) > 0;
    CoTaskMemFree(path);
    return ok;
}

/* The registry's file for a face: "NAME (TrueType)" under the fonts key. */
static bool registry_file(HKEY root, const char *name, char *out, size_t size)
{
    wchar_t value[128], data[MAX_PATH];
    char label[128];
    snprintf(label, sizeof label, "%s (TrueType)", name);
    if (MultiByteToWideChar(CP_UTF8, 0, label, -1, value, 128) <= 0)
        return false;
    DWORD bytes = sizeof data - sizeof data[0];
    if (RegGetValueW(root, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Fonts", value,
                     RRF_RT_REG_SZ, NULL, data, &bytes) != ERROR_SUCCESS)
        return false;
    data[bytes / sizeof data[0]] = L'\0';
    return WideCharToMultiByte(CP_UTF8, 0, data, -1, out, (int)size, NULL, NULL) > 0;
}

static bool find_face(const face *f, const char *folder, char *out, size_t size)
{
    char file[MAX_PATH * 3];
    static const HKEY roots[] = {HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER};
    for (size_t r = 0; r < 2; r++) {
        if (!registry_file(roots[r], f->name, file, sizeof file))
            continue;
        /* A bare file name is in the Fonts folder. */
        bool bare = !strchr(file, '\\') && !strchr(file, '/');
        if ((size_t)snprintf(out, size, "%s%s%s", bare ? folder : "", bare ? "\\" : "", file) <
                size &&
            readable(out))
            return true;
    }
    return (size_t)snprintf(out, size, "%s\\%s", folder, f->file) < size && readable(out);
}

static bool find_first(const face *list, char *out, size_t size)
{
    char folder[MAX_PATH * 3];
    if (!fonts_folder(folder, sizeof folder))
        folder[0] = '\0';
    for (const face *f = list; f->name; f++)
        if (find_face(f, folder, out, size))
            return true;
    return false;
}

bool cp_fonts_find(cp_font_style style, char *out, size_t size)
{
    static const face *const lists[CP_FONT_STYLES] = {regular, bold, italic, mono};
    return find_first(lists[style], out, size);
}

bool cp_fonts_find_fallback(char *out, size_t size)
{
    return find_first(symbols, out, size);
}

const char *cp_fonts_find_hint(void)
{
    return "no font found (Segoe UI, Arial or Tahoma in the Windows Fonts folder): pass --font "
           "PATH";
}

#else /* macOS */

static const char *const regular[] = {"/System/Library/Fonts/Supplemental/Arial.ttf",
                                      "/Library/Fonts/Arial.ttf", "/System/Library/Fonts/SFNS.ttf",
                                      "/System/Library/Fonts/Helvetica.ttc", NULL};
static const char *const bold[] = {"/System/Library/Fonts/Supplemental/Arial Bold.ttf",
                                   "/Library/Fonts/Arial Bold.ttf", NULL};
static const char *const italic[] = {"/System/Library/Fonts/Supplemental/Arial Italic.ttf",
                                     "/Library/Fonts/Arial Italic.ttf", NULL};
static const char *const mono[] = {"/System/Library/Fonts/Menlo.ttc",
                                   "/System/Library/Fonts/Supplemental/Courier New.ttf",
                                   "/Library/Fonts/Courier New.ttf", NULL};

static const char *const symbols[] = {"/System/Library/Fonts/Apple Symbols.ttf", NULL};

static bool find_first(const char *const *list, char *out, size_t size)
{
    for (const char *const *p = list; *p; p++)
        if (readable(*p))
            return (size_t)snprintf(out, size, "%s", *p) < size;
    return false;
}

bool cp_fonts_find(cp_font_style style, char *out, size_t size)
{
    static const char *const *const lists[CP_FONT_STYLES] = {regular, bold, italic, mono};
    return find_first(lists[style], out, size);
}

bool cp_fonts_find_fallback(char *out, size_t size)
{
    return find_first(symbols, out, size);
}

const char *cp_fonts_find_hint(void)
{
    return "no font found in /System/Library/Fonts or /Library/Fonts: pass --font PATH";
}

#endif

void cp_fonts_find_done(void)
{
}

#endif
