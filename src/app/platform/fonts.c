/* Fonts at run time: --font wins, else the system's own for each face
 * (sans-serif regular, bold and italic, monospace), found by
 * fonts_find.h: fontconfig on Linux, the system font folders on Windows
 * and macOS. No font is ever bundled. Each (style, size) is opened once
 * and kept in a small table; when a style's table is full (many window
 * sizes), its oldest entry goes.
 *
 * A face may lack a few of the symbols the app shows (check marks, arrows:
 * Segoe UI has no check mark). Text is then measured and drawn in pieces:
 * the style's face wherever it has the glyph, the system's symbol face
 * (fonts_find.h: Segoe UI Symbol on Windows) where only that one has it,
 * each piece on the first face's baseline. Text the face covers whole, as
 * all of it does with DejaVu on Linux, takes the one-piece path. */
#include "fonts.h"
#include "fonts_find.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SIZES = 48, FALLBACK = CP_FONT_STYLES, FACES = CP_FONT_STYLES + 1 };

struct cp_fonts {
    char path[FACES][1024]; /* [FALLBACK]: "" when there is none */
    struct {
        int size;
        TTF_Font *font;
    } open[FACES][MAX_SIZES];
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
    if (!cp_fonts_find_fallback(f->path[FALLBACK], sizeof f->path[FALLBACK]))
        f->path[FALLBACK][0] = '\0';
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
    for (int s = 0; s < FACES; s++)
        for (int i = 0; i < MAX_SIZES; i++)
            if (fonts->open[s][i].font)
                TTF_CloseFont(fonts->open[s][i].font);
    free(fonts);
    cp_fonts_find_done();
}

/* The face `face` (a style, or FALLBACK) at a pixel size, opened once. */
static TTF_Font *face_get(cp_fonts *fonts, int face, int size)
{
    if (size < 6)
        size = 6;
    int style = face;
    for (int i = 0; i < MAX_SIZES; i++) {
        if (fonts->open[style][i].size == size)
            return fonts->open[style][i].font;
        if (!fonts->open[style][i].font) {
            if (!fonts->path[style][0])
                return NULL;
            TTF_Font *f = TTF_OpenFont(fonts->path[style], size);
            if (!f && style != CP_FONT_REGULAR && style != FALLBACK)
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
    return face_get(fonts, style, size);
}

void *cp_fonts_get(cp_fonts *fonts, cp_font_style style, int size)
{
    return face_get(fonts, (int)style, size);
}

/* The next code point of s[*i..n) (U+FFFD for a bad byte), moving *i on. */
static uint32_t next_code_point(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = u[0];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || len > left) {
        *i += 1;
        return 0xFFFD;
    }
    if (len > 1)
        c &= 0x3Fu >> (len - 1);
    for (size_t k = 1; k < len; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        c = c << 6 | (u[k] & 0x3Fu);
    }
    *i += len;
    return c;
}

/* Splits s[0..n) into pieces of one face each: the style's where it has
 * the glyph (or neither face has it), the fallback's where only that one
 * has it. Returns the number of pieces (at most max; the last one takes
 * the rest when there are more). */
typedef struct piece {
    TTF_Font *font;
    size_t start, len;
} piece;

static size_t split(cp_fonts *fonts, cp_font_style style, int size, const char *s, size_t n,
                    piece *out, size_t max)
{
    TTF_Font *main = cp_fonts_get(fonts, style, size);
    if (!main || n == 0)
        return 0;
    TTF_Font *fallback = NULL;
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = next_code_point(s, n, &i);
        TTF_Font *use = main;
        if (c > 0x7F && !TTF_GlyphIsProvided32(main, c)) {
            if (!fallback)
                fallback = face_get(fonts, FALLBACK, size);
            if (fallback && TTF_GlyphIsProvided32(fallback, c))
                use = fallback;
        }
        if (count && (out[count - 1].font == use || count == max)) {
            out[count - 1].len = i - out[count - 1].start;
            continue;
        }
        out[count++] = (piece){.font = use, .start = at, .len = i - at};
    }
    return count;
}

/* TTF_SizeUTF8 of s[start, start + len). */
static int piece_width(const piece *p, const char *s)
{
    char tmp[512];
    char *t = p->len < sizeof tmp ? tmp : malloc(p->len + 1);
    if (!t)
        return 0;
    memcpy(t, s + p->start, p->len);
    t[p->len] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(p->font, t, &w, &h) != 0)
        w = 0;                  /* not renderable: it takes no room */
    if (t != tmp)
        free(t);
    return w;
}

enum { MAX_PIECES = 32 };

SDL_Surface *cp_fonts_render(cp_fonts *fonts, cp_font_style style, int size, const char *s,
                             SDL_Color color)
{
    piece pieces[MAX_PIECES];
    size_t n = split(fonts, style, size, s, strlen(s), pieces, MAX_PIECES);
    if (n == 0)
        return NULL;
    if (n == 1)
        return TTF_RenderUTF8_Blended(pieces[0].font, s, color);
    /* Each piece rendered alone, then set side by side on the main face's
     * baseline. */
    TTF_Font *main = cp_fonts_get(fonts, style, size);
    SDL_Surface *parts[MAX_PIECES] = {0};
    int width = 0, height = TTF_FontHeight(main);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        char tmp[512];
        const piece *p = &pieces[i];
        char *t = p->len < sizeof tmp ? tmp : malloc(p->len + 1);
        ok = t != NULL;
        if (!ok)
            break;
        memcpy(t, s + p->start, p->len);
        t[p->len] = '\0';
        parts[i] = TTF_RenderUTF8_Blended(p->font, t, color);
        if (t != tmp)
            free(t);
        ok = parts[i] != NULL;
        if (ok)
            width += parts[i]->w;
    }
    SDL_Surface *out = ok ? SDL_CreateRGBSurfaceWithFormat(0, width, height, 32,
                                                           SDL_PIXELFORMAT_ARGB8888)
                          : NULL;
    int x = 0;
    for (size_t i = 0; out && i < n; i++) {
        SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
        SDL_Rect to = {x, TTF_FontAscent(main) - TTF_FontAscent(pieces[i].font), parts[i]->w,
                       parts[i]->h};
        SDL_BlitSurface(parts[i], NULL, out, &to);
        x += parts[i]->w;
    }
    for (size_t i = 0; i < n; i++)
        SDL_FreeSurface(parts[i]);
    return out;
}

static int measure_width(void *ctx, cp_font_style style, int size, const char *s, size_t n)
{
    piece pieces[MAX_PIECES];
    size_t count = split(ctx, style, size, s, n, pieces, MAX_PIECES);
    int w = 0;
    for (size_t i = 0; i < count; i++)
        w += piece_width(&pieces[i], s);
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
