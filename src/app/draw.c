/* The draw list: a growable array of commands plus one string arena. */
#include "draw.h"

#include "cloudprep/common.h"

#include <stdlib.h>
#include <string.h>

void cp_draw_clear(cp_draw_list *list)
{
    list->n = 0;
    list->text_len = 0;
    list->overflow = 0;
}

void cp_draw_release(cp_draw_list *list)
{
    free(list->items);
    free(list->text);
    *list = (cp_draw_list){0};
}

static cp_draw *push(cp_draw_list *list)
{
    cp_draw *p = cp_grow(list->items, &list->cap, list->n, sizeof *p, 256);
    if (!p)
        return NULL;
    list->items = p;
    cp_draw *d = &list->items[list->n++];
    memset(d, 0, sizeof *d);
    return d;
}

void cp_draw_rect(cp_draw_list *list, cp_rect r, cp_color c, int radius)
{
    cp_draw *d = push(list);
    if (d)
        *d = (cp_draw){.kind = CP_DRAW_RECT, .rect = r, .color = c, .radius = radius};
}

void cp_draw_ring(cp_draw_list *list, cp_rect box, cp_color c, int thickness, float from, float to)
{
    cp_draw *d = push(list);
    if (d)
        *d = (cp_draw){.kind = CP_DRAW_RING, .rect = box, .color = c, .radius = thickness,
                       .from = from, .to = to};
}

void cp_draw_text(cp_draw_list *list, cp_rect bounds, cp_rect box, const char *s, size_t n,
                  cp_font_style style, int size, cp_color c)
{
    if (list->text_len + n + 1 > list->text_cap) {
        size_t cap = list->text_cap ? list->text_cap * 2 : 4096;
        while (cap < list->text_len + n + 1)
            cap *= 2;
        char *p = realloc(list->text, cap);
        if (!p)
            return;
        list->text = p;
        list->text_cap = cap;
    }
    cp_draw *d = push(list);
    if (!d)
        return;
    memcpy(list->text + list->text_len, s, n);
    list->text[list->text_len + n] = '\0';
    *d = (cp_draw){.kind = CP_DRAW_TEXT, .rect = bounds, .box = box, .color = c,
                   .style = style, .size = size, .text = list->text_len};
    list->text_len += n + 1;
}

const char *cp_draw_string(const cp_draw_list *list, const cp_draw *d)
{
    return list->text + d->text;
}
