/* The draw list: what the UI emits and the backend replays (microui's
 * command list). Screens and widgets never touch SDL; tests inspect the list
 * to check that every text run sits inside its box and on screen. */
#ifndef CLOUDPREP_DRAW_H
#define CLOUDPREP_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cp_color { uint8_t r, g, b, a; } cp_color;
typedef struct cp_rect { int x, y, w, h; } cp_rect;

typedef enum cp_font_style {
    CP_FONT_REGULAR = 0,
    CP_FONT_BOLD = 1,
    CP_FONT_ITALIC = 2,
    CP_FONT_MONO = 3,
    CP_FONT_STYLES = 4,
} cp_font_style;

typedef enum cp_draw_kind { CP_DRAW_RECT, CP_DRAW_TEXT, CP_DRAW_RING } cp_draw_kind;

typedef struct cp_draw {
    cp_draw_kind kind;
    cp_rect rect;           /* RECT: the area; TEXT: the run's bounds; RING: the box */
    cp_rect box;            /* TEXT: the box it was laid out in (for checks) */
    cp_color color;
    int radius;             /* RECT: corner radius; RING: thickness */
    float from, to;         /* RING: arc in turns (0 = top, clockwise) */
    cp_font_style style;    /* TEXT */
    int size;               /* TEXT: pixel size */
    size_t text;            /* TEXT: offset of the string in the list's text */
} cp_draw;

typedef struct cp_draw_list {
    cp_draw *items;
    size_t n, cap;
    char *text;
    size_t text_len, text_cap;
    /* Lines of text that did not fit their box and were left out: a layout
     * bug whenever it is not zero (the UI tests assert it). */
    size_t overflow;
} cp_draw_list;

void cp_draw_clear(cp_draw_list *list);
/* Frees the list's arrays (the struct is the caller's) and empties it. */
void cp_draw_release(cp_draw_list *list);
void cp_draw_rect(cp_draw_list *list, cp_rect r, cp_color c, int radius);
void cp_draw_ring(cp_draw_list *list, cp_rect box, cp_color c, int thickness, float from, float to);
void cp_draw_text(cp_draw_list *list, cp_rect bounds, cp_rect box, const char *s, size_t n,
                  cp_font_style style, int size, cp_color c);
const char *cp_draw_string(const cp_draw_list *list, const cp_draw *d);

#endif
