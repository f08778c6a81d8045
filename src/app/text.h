/* Text: fonts found through fontconfig (or --font), measured with SDL_ttf,
 * laid out into lines of styled runs (bold, emphasis and code from the deck's
 * markers), word-wrapped to a width, with an ellipsis where a line must not
 * wrap. Layout emits draw commands; rendering is the backend's job. */
#ifndef CLOUDPREP_TEXT_H
#define CLOUDPREP_TEXT_H

#include "draw.h"

typedef struct cp_fonts cp_fonts;

/* Opens the font faces (regular, bold, italic, mono). path, when not NULL,
 * replaces the regular face (and bold/italic when no better is found). */
cp_fonts *cp_fonts_open(const char *path, char *error, size_t error_size);
void cp_fonts_close(cp_fonts *fonts);

/* The SDL_ttf font for a style at a pixel size (cached). */
void *cp_fonts_get(cp_fonts *fonts, cp_font_style style, int size);

/* Width in pixels of n bytes of plain text. */
int cp_text_width(cp_fonts *fonts, cp_font_style style, int size, const char *s, size_t n);
int cp_text_line_height(cp_fonts *fonts, int size);

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
int cp_text_layout(cp_fonts *fonts, cp_draw_list *list, cp_rect box, const char *text,
                   cp_font_style base, int size, cp_color color, int flags);

#endif
