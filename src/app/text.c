/* Text layout over a measuring callback. A paragraph is cut into words;
 * each word is a list of runs (style changes inside a word are allowed, e.g.
 * "**S3**'s"); words are placed left to right and wrapped when the next
 * would pass the box's right edge. A word wider than the box is broken by
 * characters. */
#include "text.h"

#include "cloudprep/deck.h"

#include <string.h>

static int text_width(const cp_text_measure *m, cp_font_style style, int size, const char *s,
                      size_t n)
{
    return n ? m->width(m->ctx, style, size, s, n) : 0;
}

typedef struct run { const char *s; size_t n; cp_font_style style; int w; } run;

enum { MAX_RUNS = 512 };

typedef struct line_builder {
    const cp_text_measure *m;
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
        r->w = text_width(b->m, style, b->size, r->s, r->n);
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

/* A deck style marker (deck.h) moves the bold, emphasis and code depths;
 * false for any other character. */
static bool take_mark(char c, int *strong, int *em, int *code)
{
    if (c < CP_MARK_STRONG_ON || c > CP_MARK_CODE_OFF)
        return false;
    *strong += c == CP_MARK_STRONG_ON ? 1 : c == CP_MARK_STRONG_OFF ? -1 : 0;
    *em += c == CP_MARK_EM_ON ? 1 : c == CP_MARK_EM_OFF ? -1 : 0;
    *code += c == CP_MARK_CODE_ON ? 1 : c == CP_MARK_CODE_OFF ? -1 : 0;
    return true;
}

static size_t utf8_next(const char *s, size_t i, size_t n)
{
    i++;
    while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
        i++;
    return i;
}

int cp_text_layout(const cp_text_measure *m, cp_draw_list *list, cp_rect box, const char *text,
                   cp_font_style base, int size, cp_color color, int flags)
{
    line_builder b = {.m = m, .list = list, .box = box, .size = size, .flags = flags,
                      .y = box.y, .color = color};
    b.code_color = (cp_color){(uint8_t)(color.r * 3 / 4 + 60), (uint8_t)(color.g * 3 / 4 + 50),
                              (uint8_t)(color.b / 2 + 20), color.a};
    b.line_h = m->line_height(m->ctx, size);
    int strong = 0, em = 0, code = 0;
    const char *s = text ? text : "";
    size_t n = strlen(s);
    int space_w = text_width(m, base, size, " ", 1);

    if (flags & CP_TEXT_ELLIPSIS) {
        /* One line: plain runs until the width runs out, then "…". */
        int ell_w = text_width(m, base, size, "\xe2\x80\xa6", 3);
        size_t i = 0;
        while (i < n) {
            if (take_mark(s[i], &strong, &em, &code)) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < n && !(s[j] >= CP_MARK_STRONG_ON && s[j] <= CP_MARK_CODE_OFF) && s[j] != '\n')
                j++;
            cp_font_style st = style_of(strong, em, code, base);
            int w = text_width(m, st, size, s + i, j - i);
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
                if (b.x + text_width(m, st, size, s + i, next - i) + ell_w > box.w)
                    break;
                k = next;
            }
            while (b.x + text_width(m, st, size, s + i, k - i) + ell_w > box.w && b.n_runs) {
                b.n_runs--;         /* even the ellipsis does not fit: drop runs */
                b.x -= b.runs[b.n_runs].w;
            }
            if (k > i)
                add_run(&b, s + i, k - i, st, text_width(m, st, size, s + i, k - i));
            if (b.x + ell_w <= box.w)
                add_run(&b, "\xe2\x80\xa6", 3, base, ell_w);
            /* Not even the ellipsis fits: the text is lost, which is an
             * overflow like a line below its box. */
            if (b.n_runs == 0 && !(flags & CP_TEXT_MEASURE))
                b.list->overflow++;
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
            if (take_mark(s[j], &strong, &em, &code)) {
                j++;
                continue;
            }
            size_t k = j;
            while (k < n && s[k] != ' ' && s[k] != '\n' &&
                   !(s[k] >= CP_MARK_STRONG_ON && s[k] <= CP_MARK_CODE_OFF))
                k++;
            cp_font_style st = style_of(strong, em, code, base);
            int w = text_width(m, st, size, s + j, k - j);
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
                        if (b.x + text_width(m, word[r].style, size, word[r].s + a, next - a) > box.w && e > a)
                            break;
                        e = next;
                    }
                    add_run(&b, word[r].s + a, e - a, word[r].style,
                            text_width(m, word[r].style, size, word[r].s + a, e - a));
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
