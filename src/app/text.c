/* Text layout over SDL_ttf. A paragraph is cut into words; each word is a
 * list of runs (style changes inside a word are allowed, e.g. "**S3**'s");
 * words are placed left to right and wrapped when the next would pass the
 * box's right edge. A word wider than the box is broken by characters.
 * Fonts are opened once per (style, size) and kept in a small table. */
#include "text.h"
#include "font.h"

#include "cloudprep/deck.h"

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
    static const char *families[CP_FONT_STYLES] = {"sans-serif", "sans-serif", "sans-serif:italic", "monospace"};
    for (int s = 0; s < CP_FONT_STYLES; s++) {
        if (!cp_font_find(families[s], s == CP_FONT_BOLD, f->path[s], sizeof f->path[s])) {
            if (path)
                snprintf(f->path[s], sizeof f->path[s], "%s", path);
        }
    }
    if (path)
        snprintf(f->path[CP_FONT_REGULAR], sizeof f->path[0], "%s", path);
    if (!f->path[CP_FONT_REGULAR][0]) {
        snprintf(error, error_size,
                 "no font found through fontconfig: install fonts-dejavu-core or pass --font PATH");
        free(f);
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
    cp_font_release();
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

int cp_text_width(cp_fonts *fonts, cp_font_style style, int size, const char *s, size_t n)
{
    TTF_Font *f = cp_fonts_get(fonts, style, size);
    if (!f || n == 0)
        return 0;
    char tmp[512];
    char *p = n < sizeof tmp ? tmp : malloc(n + 1);
    if (!p)
        return 0;
    memcpy(p, s, n);
    p[n] = '\0';
    int w = 0, h = 0;
    TTF_SizeUTF8(f, p, &w, &h);
    if (p != tmp)
        free(p);
    return w;
}

int cp_text_line_height(cp_fonts *fonts, int size)
{
    TTF_Font *f = cp_fonts_get(fonts, CP_FONT_REGULAR, size);
    return f ? TTF_FontLineSkip(f) : size;
}

/* ---- layout ------------------------------------------------------------- */

typedef struct run { const char *s; size_t n; cp_font_style style; int w; } run;

enum { MAX_RUNS = 512 };

typedef struct line_builder {
    cp_fonts *fonts;
    cp_draw_list *list;
    cp_rect box;
    int size, flags, y, line_h, used;
    cp_color color, code_color;
    run runs[MAX_RUNS];
    size_t n_runs;
    int x;                      /* width of the runs on the line so far */
} line_builder;

static void flush_line(line_builder *b)
{
    if (b->n_runs == 0 && b->x == 0) {
        b->y += b->line_h;
        return;
    }
    bool visible = b->y + b->line_h <= b->box.y + b->box.h + 1;
    if (!visible && !(b->flags & CP_TEXT_MEASURE))
        b->list->overflow++;
    if (visible && !(b->flags & CP_TEXT_MEASURE)) {
        int x = b->box.x;
        if (b->flags & CP_TEXT_CENTER)
            x += (b->box.w - b->x) / 2;
        else if (b->flags & CP_TEXT_RIGHT)
            x += b->box.w - b->x;
        for (size_t i = 0; i < b->n_runs; i++) {
            run *r = &b->runs[i];
            if (r->n) {
                cp_color c = r->style == CP_FONT_MONO ? b->code_color : b->color;
                cp_draw_text(b->list, (cp_rect){x, b->y, r->w, b->line_h}, b->box, r->s, r->n,
                             r->style, b->size, c);
            }
            x += r->w;
        }
    }
    b->y += b->line_h;
    b->used = b->y - b->box.y;
    b->n_runs = 0;
    b->x = 0;
}

static void add_run(line_builder *b, const char *s, size_t n, cp_font_style style, int w)
{
    if (b->n_runs && b->runs[b->n_runs - 1].style == style &&
        b->runs[b->n_runs - 1].s + b->runs[b->n_runs - 1].n == s) {
        /* Contiguous in the source with the same style: merge, re-measure. */
        run *r = &b->runs[b->n_runs - 1];
        r->n += n;
        r->w = cp_text_width(b->fonts, style, b->size, r->s, r->n);
    } else if (b->n_runs < MAX_RUNS) {
        b->runs[b->n_runs++] = (run){s, n, style, w};
    }
    b->x = 0;
    for (size_t i = 0; i < b->n_runs; i++)
        b->x += b->runs[i].w;
}

static cp_font_style style_of(int strong, int em, int code, cp_font_style base)
{
    if (code)
        return CP_FONT_MONO;
    if (strong)
        return CP_FONT_BOLD;
    if (em)
        return CP_FONT_ITALIC;
    return base;
}

static size_t utf8_next(const char *s, size_t i, size_t n)
{
    i++;
    while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
        i++;
    return i;
}

int cp_text_layout(cp_fonts *fonts, cp_draw_list *list, cp_rect box, const char *text,
                   cp_font_style base, int size, cp_color color, int flags)
{
    line_builder b = {.fonts = fonts, .list = list, .box = box, .size = size, .flags = flags,
                      .y = box.y, .color = color};
    b.code_color = (cp_color){(uint8_t)(color.r * 3 / 4 + 60), (uint8_t)(color.g * 3 / 4 + 50),
                              (uint8_t)(color.b / 2 + 20), color.a};
    b.line_h = cp_text_line_height(fonts, size);
    int strong = 0, em = 0, code = 0;
    const char *s = text ? text : "";
    size_t n = strlen(s);
    int space_w = cp_text_width(fonts, base, size, " ", 1);

    if (flags & CP_TEXT_ELLIPSIS) {
        /* One line: plain runs until the width runs out, then "…". */
        int ell_w = cp_text_width(fonts, base, size, "\xe2\x80\xa6", 3);
        size_t i = 0;
        while (i < n) {
            char c = s[i];
            if (c >= CP_MARK_STRONG_ON && c <= CP_MARK_CODE_OFF) {
                strong += c == CP_MARK_STRONG_ON ? 1 : c == CP_MARK_STRONG_OFF ? -1 : 0;
                em += c == CP_MARK_EM_ON ? 1 : c == CP_MARK_EM_OFF ? -1 : 0;
                code += c == CP_MARK_CODE_ON ? 1 : c == CP_MARK_CODE_OFF ? -1 : 0;
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && !(s[j] >= CP_MARK_STRONG_ON && s[j] <= CP_MARK_CODE_OFF) && s[j] != '\n')
                j++;
            cp_font_style st = style_of(strong, em, code, base);
            int w = cp_text_width(fonts, st, size, s + i, j - i);
            if (b.x + w <= box.w) {
                add_run(&b, s + i, j - i, st, w);
                i = j;
                if (i < n && s[i] == '\n')
                    break;
                continue;
            }
            /* Cut this run so that it and the ellipsis fit. */
            size_t k = i;
            while (k < j) {
                size_t next = utf8_next(s, k, j);
                if (b.x + cp_text_width(fonts, st, size, s + i, next - i) + ell_w > box.w)
                    break;
                k = next;
            }
            while (b.x + cp_text_width(fonts, st, size, s + i, k - i) + ell_w > box.w && b.n_runs) {
                b.n_runs--;         /* even the ellipsis does not fit: drop runs */
                b.x -= b.runs[b.n_runs].w;
            }
            if (k > i)
                add_run(&b, s + i, k - i, st, cp_text_width(fonts, st, size, s + i, k - i));
            if (b.x + ell_w <= box.w)
                add_run(&b, "\xe2\x80\xa6", 3, base, ell_w);
            break;
        }
        flush_line(&b);
        return b.line_h;
    }

    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\n') {
            flush_line(&b);
            /* A blank line between paragraphs: half a line of space. */
            if (i + 1 < n && s[i + 1] == '\n') {
                b.y += b.line_h / 2;
                i++;
            }
            i++;
            continue;
        }
        if (c == ' ') {
            i++;
            continue;
        }
        /* One word: up to the next space or newline, possibly several runs. */
        run word[32];
        size_t n_word = 0;
        int word_w = 0;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n') {
            char m = s[j];
            if (m >= CP_MARK_STRONG_ON && m <= CP_MARK_CODE_OFF) {
                strong += m == CP_MARK_STRONG_ON ? 1 : m == CP_MARK_STRONG_OFF ? -1 : 0;
                em += m == CP_MARK_EM_ON ? 1 : m == CP_MARK_EM_OFF ? -1 : 0;
                code += m == CP_MARK_CODE_ON ? 1 : m == CP_MARK_CODE_OFF ? -1 : 0;
                j++;
                continue;
            }
            size_t k = j;
            while (k < n && s[k] != ' ' && s[k] != '\n' &&
                   !(s[k] >= CP_MARK_STRONG_ON && s[k] <= CP_MARK_CODE_OFF))
                k++;
            cp_font_style st = style_of(strong, em, code, base);
            int w = cp_text_width(fonts, st, size, s + j, k - j);
            if (n_word < 32)
                word[n_word++] = (run){s + j, k - j, st, w};
            word_w += w;
            j = k;
        }
        int lead = b.n_runs ? space_w : 0;
        if (b.n_runs && b.x + lead + word_w > box.w) {
            flush_line(&b);
            lead = 0;
        }
        if (word_w > box.w) {
            /* Longer than a whole line: break it by characters. */
            for (size_t r = 0; r < n_word; r++) {
                size_t a = 0;
                while (a < word[r].n) {
                    size_t e = a;
                    while (e < word[r].n) {
                        size_t next = utf8_next(word[r].s, e, word[r].n);
                        if (b.x + cp_text_width(fonts, word[r].style, size, word[r].s + a, next - a) > box.w && e > a)
                            break;
                        e = next;
                    }
                    add_run(&b, word[r].s + a, e - a, word[r].style,
                            cp_text_width(fonts, word[r].style, size, word[r].s + a, e - a));
                    a = e;
                    if (a < word[r].n)
                        flush_line(&b);
                }
            }
        } else {
            if (lead && b.n_runs < MAX_RUNS) {
                /* A spacer: it moves the pen but draws (and caches) nothing. */
                b.runs[b.n_runs++] = (run){"", 0, b.runs[b.n_runs - 1].style, space_w};
                b.x += space_w;
            }
            for (size_t r = 0; r < n_word; r++)
                add_run(&b, word[r].s, word[r].n, word[r].style, word[r].w);
        }
        i = j;
    }
    if (b.n_runs)
        flush_line(&b);
    return b.y - box.y;
}
