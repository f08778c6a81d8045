/* Text layout: rich text (bold, emphasis and code from the deck's markers)
 * laid out into lines of styled runs, word-wrapped to a width, with an
 * ellipsis where a line must not wrap. Layout emits draw commands; it
 * measures through a callback (as microui does), so it never sees a font
 * library: the platform (platform/fonts.c) supplies the measurer. */
#ifndef CLOUDPREP_TEXT_H
#define CLOUDPREP_TEXT_H

#include "draw.h"

/* How wide and how tall text is, in pixels, for a style at a pixel size.
 * width measures n bytes of plain UTF-8 (no deck markers). */
typedef struct cp_text_measure {
    int (*width)(void *ctx, cp_font_style style, int size, const char *s, size_t n);
    int (*line_height)(void *ctx, int size);
    void *ctx;
} cp_text_measure;

typedef enum cp_text_flags {
    CP_TEXT_WRAP = 0,           /* wrap at word boundaries */
    CP_TEXT_ELLIPSIS = 1,       /* one line, "…" when too long */
    CP_TEXT_CENTER = 2,
    CP_TEXT_RIGHT = 4,
    CP_TEXT_MEASURE = 8,        /* lay out but emit nothing */
} cp_text_flags;

/* Lays out rich text (deck markers allowed) in box, starting at its top, and
 * emits it into list (unless CP_TEXT_MEASURE). Returns the height used.
 * Lines that would fall below the box are not emitted: callers size the
 * box first with CP_TEXT_MEASURE and pick a font size that fits. */
int cp_text_layout(const cp_text_measure *m, cp_draw_list *list, cp_rect box, const char *text,
                   cp_font_style base, int size, cp_color color, int flags);

#endif
