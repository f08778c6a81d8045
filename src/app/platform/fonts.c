/* Fonts at run time: --font wins, else the system's own for each face
 * (sans-serif regular, bold and italic, monospace), found by
 * fonts_find.h: fontconfig on Linux, the system font folders on Windows
 * and macOS. No font is ever bundled. Each (style, size) is opened once
 * and kept in a small table; when a style's table is full (many window
 * sizes), its oldest entry goes. */
#include "fonts.h"
#include "fonts_find.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SIZES = 48 };

struct cp_fonts {
    char path[CP_FONT_STYLES][1024];
    struct { int size; TTF_Font *font; } open[CP_FONT_STYLES][MAX_SIZES];
};

cp_fonts *cp_fonts_open(const char *path, char *error, size_t error_size)
{
    cp_fonts *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    for (int s = 0; s < CP_FONT_STYLES; s++) {
        if (!cp_fonts_find((cp_font_style)s, f->path[s], sizeof f->path[s]))
            snprintf(f->path[s], sizeof f->path[s], "%s", path ? path : "");
    }
    if (path)
        snprintf(f->path[CP_FONT_REGULAR], sizeof f->path[0], "%s", path);
    if (!f->path[CP_FONT_REGULAR][0]) {
        snprintf(error, error_size, "%s", cp_fonts_find_hint());
        free(f);
        cp_fonts_find_done();
        return NULL;
    }
    for (int s = 1; s < CP_FONT_STYLES; s++)
        if (!f->path[s][0])
            snprintf(f->path[s], sizeof f->path[s], "%s", f->path[CP_FONT_REGULAR]);
    /* Fail early, with the path, when the regular face cannot be opened. */
    if (!cp_fonts_get(f, CP_FONT_REGULAR, 16)) {
        snprintf(error, error_size, "cannot open font %s: %s", f->path[0], TTF_GetError());
        cp_fonts_close(f);
        return NULL;
    }
    return f;
}

void cp_fonts_close(cp_fonts *fonts)
{
    if (!fonts)
        return;
    for (int s = 0; s < CP_FONT_STYLES; s++)
        for (int i = 0; i < MAX_SIZES; i++)
            if (fonts->open[s][i].font)
                TTF_CloseFont(fonts->open[s][i].font);
    free(fonts);
    cp_fonts_find_done();
}

void *cp_fonts_get(cp_fonts *fonts, cp_font_style style, int size)
{
    if (size < 6)
        size = 6;
    for (int i = 0; i < MAX_SIZES; i++) {
        if (fonts->open[style][i].size == size)
            return fonts->open[style][i].font;
        if (!fonts->open[style][i].font) {
            TTF_Font *f = TTF_OpenFont(fonts->path[style], size);
            if (!f && style != CP_FONT_REGULAR)
                f = TTF_OpenFont(fonts->path[CP_FONT_REGULAR], size);
            if (!f)
                return NULL;
            fonts->open[style][i].size = size;
            fonts->open[style][i].font = f;
            return f;
        }
    }
    /* Table full (many window sizes): recycle the first slot of this style. */
    TTF_CloseFont(fonts->open[style][0].font);
    memmove(&fonts->open[style][0], &fonts->open[style][1], sizeof fonts->open[style][0] * (MAX_SIZES - 1));
    fonts->open[style][MAX_SIZES - 1].font = NULL;
    fonts->open[style][MAX_SIZES - 1].size = 0;
    return cp_fonts_get(fonts, style, size);
}

static int measure_width(void *ctx, cp_font_style style, int size, const char *s, size_t n)
{
    TTF_Font *f = cp_fonts_get(ctx, style, size);
    if (!f || n == 0)
        return 0;
    char tmp[512];
    char *p = n < sizeof tmp ? tmp : malloc(n + 1);
    if (!p)
        return 0;
    memcpy(p, s, n);
    p[n] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(f, p, &w, &h) != 0)
        w = 0;                  /* not renderable: it takes no room */
    if (p != tmp)
        free(p);
    return w;
}

static int measure_line_height(void *ctx, int size)
{
    TTF_Font *f = cp_fonts_get(ctx, CP_FONT_REGULAR, size);
    return f ? TTF_FontLineSkip(f) : size;
}

cp_text_measure cp_fonts_measure(cp_fonts *fonts)
{
    return (cp_text_measure){.width = measure_width, .line_height = measure_line_height, .ctx = fonts};
}
