/* Replays draw commands with SDL_Renderer. Rounded rectangles and rings are
 * triangle fans through SDL_RenderGeometry; text is blended once per
 * distinct (string, style, size, colour) and kept in an LRU cache. */
#include "render.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    uint64_t hash;
    char *text;
    int style, size;
    cp_color color;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;
} entry;

struct cp_renderer {
    SDL_Renderer *sdl;
    cp_fonts *fonts;
    entry *cache;
    size_t cap;
    uint64_t tick;
};

cp_renderer *cp_renderer_new(SDL_Renderer *sdl, cp_fonts *fonts, size_t cache_entries)
{
    cp_renderer *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->sdl = sdl;
    r->fonts = fonts;
    r->cap = cache_entries ? cache_entries : 1024;
    r->cache = calloc(r->cap, sizeof *r->cache);
    if (!r->cache) {
        free(r);
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_BLEND);
    return r;
}

void cp_renderer_flush(cp_renderer *r)
{
    for (size_t i = 0; i < r->cap; i++) {
        if (r->cache[i].tex)
            SDL_DestroyTexture(r->cache[i].tex);
        free(r->cache[i].text);
        r->cache[i] = (entry){0};
    }
}

void cp_renderer_free(cp_renderer *r)
{
    if (!r)
        return;
    cp_renderer_flush(r);
    free(r->cache);
    free(r);
}

size_t cp_renderer_cache_size(const cp_renderer *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->cap; i++)
        n += r->cache[i].tex != NULL;
    return n;
}

static uint64_t key_hash(const char *s, int style, int size, cp_color c)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h = (h ^ (uint64_t)style) * 1099511628211ULL;
    h = (h ^ (uint64_t)size) * 1099511628211ULL;
    h = (h ^ ((uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a)) * 1099511628211ULL;
    return h;
}

/* The entry of a run of text, or the slot to make it in (*found false). */
static entry *text_slot(cp_renderer *r, uint64_t h, const char *s, int style, int size, cp_color c,
                        bool *found)
{
    size_t victim = 0;
    for (size_t i = 0; i < r->cap; i++) {
        entry *e = &r->cache[i];
        if (e->tex && e->hash == h && e->style == style && e->size == size &&
            memcmp(&e->color, &c, sizeof c) == 0 && strcmp(e->text, s) == 0) {
            e->used = ++r->tick;
            *found = true;
            return e;
        }
        if (!e->tex || (r->cache[victim].tex && e->used < r->cache[victim].used))
            victim = i;
    }
    *found = false;
    return &r->cache[victim];
}

/* Makes slot e the texture of surf (which it frees). */
static entry *text_fill(cp_renderer *r, entry *e, uint64_t h, const char *s, int style, int size,
                        cp_color c, SDL_Surface *surf)
{
    SDL_Texture *tex = SDL_CreateTextureFromSurface(r->sdl, surf);
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->text);
    *e = (entry){.hash = h, .text = strdup(s), .style = style, .size = size, .color = c,
                 .tex = tex, .w = surf->w, .h = surf->h, .used = ++r->tick};
    SDL_FreeSurface(surf);
    if (tex && !e->text) {
        SDL_DestroyTexture(tex);
        *e = (entry){0};
        return NULL;
    }
    return tex ? e : NULL;
}

static entry *text_texture(cp_renderer *r, const char *s, int style, int size, cp_color c)
{
    uint64_t h = key_hash(s, style, size, c);
    bool found;
    entry *e = text_slot(r, h, s, style, size, c, &found);
    if (found)
        return e;
    SDL_Surface *surf = cp_fonts_render(r->fonts, (cp_font_style)style, size, s,
                                        (SDL_Color){c.r, c.g, c.b, c.a});
    return surf ? text_fill(r, e, h, s, style, size, c, surf) : NULL;
}

struct cp_text_prep {
    size_t n;
    struct {
        const cp_draw *d;
        SDL_Surface *surf;
    } run[];
};

cp_text_prep *cp_text_prep_make(cp_fonts *fonts, const cp_draw_list *list)
{
    cp_text_prep *p = malloc(sizeof *p + (list->n ? list->n : 1) * sizeof p->run[0]);
    if (!p)
        return NULL;
    p->n = 0;
    for (size_t i = 0; i < list->n; i++) {
        const cp_draw *d = &list->items[i];
        if (d->kind != CP_DRAW_TEXT)
            continue;
        SDL_Surface *surf = cp_fonts_render(fonts, d->style, d->size, cp_draw_string(list, d),
                                            (SDL_Color){d->color.r, d->color.g, d->color.b,
                                                        d->color.a});
        if (surf) {
            p->run[p->n].d = d;
            p->run[p->n].surf = surf;
            p->n++;
        }
    }
    return p;
}

void cp_text_prep_free(cp_text_prep *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        SDL_FreeSurface(p->run[i].surf);
    free(p);
}

void cp_renderer_adopt(cp_renderer *r, const cp_draw_list *list, cp_text_prep *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        const cp_draw *d = p->run[i].d;
        const char *s = cp_draw_string(list, d);
        uint64_t h = key_hash(s, d->style, d->size, d->color);
        bool found;
        entry *e = text_slot(r, h, s, d->style, d->size, d->color, &found);
        if (found)
            SDL_FreeSurface(p->run[i].surf);
        else
            text_fill(r, e, h, s, d->style, d->size, d->color, p->run[i].surf);
    }
    free(p);
}

static SDL_Vertex vert(float x, float y, cp_color c)
{
    return (SDL_Vertex){{x, y}, {c.r, c.g, c.b, c.a}, {0, 0}};
}

static void fill_rounded(SDL_Renderer *sdl, cp_rect rc, cp_color c, int radius)
{
    /* Opaque fills skip the per-pixel blend (most of a frame's fill time
     * with the software renderer); only translucent ones blend. */
    SDL_SetRenderDrawBlendMode(sdl, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, c.a);
    int rad = radius;
    if (rad * 2 > rc.w)
        rad = rc.w / 2;
    if (rad * 2 > rc.h)
        rad = rc.h / 2;
    if (rad <= 1) {
        SDL_RenderFillRect(sdl, &(SDL_Rect){rc.x, rc.y, rc.w, rc.h});
        return;
    }
    /* One pixel of overlap with the corner fans: their edge pixels fall
     * either side of the rasterizer's rule, which left a seam. */
    SDL_RenderFillRect(sdl, &(SDL_Rect){rc.x + rad - 1, rc.y, rc.w - 2 * rad + 2, rc.h});
    SDL_RenderFillRect(sdl, &(SDL_Rect){rc.x, rc.y + rad, rad, rc.h - 2 * rad});
    SDL_RenderFillRect(sdl, &(SDL_Rect){rc.x + rc.w - rad, rc.y + rad, rad, rc.h - 2 * rad});
    enum { SEG = 8 };
    SDL_Vertex v[4 * (SEG + 2)];
    int idx[4 * SEG * 3];
    int nv = 0, ni = 0;
    const float cx[4] = {(float)(rc.x + rad), (float)(rc.x + rc.w - rad), (float)(rc.x + rc.w - rad), (float)(rc.x + rad)};
    const float cy[4] = {(float)(rc.y + rad), (float)(rc.y + rad), (float)(rc.y + rc.h - rad), (float)(rc.y + rc.h - rad)};
    for (int k = 0; k < 4; k++) {
        int centre = nv;
        v[nv++] = vert(cx[k], cy[k], c);
        float a0 = (float)M_PI * (1.0f + 0.5f * (float)k);
        for (int s = 0; s <= SEG; s++) {
            float a = a0 + (float)M_PI * 0.5f * (float)s / SEG;
            v[nv++] = vert(cx[k] + cosf(a) * (float)rad, cy[k] + sinf(a) * (float)rad, c);
        }
        for (int s = 0; s < SEG; s++) {
            idx[ni++] = centre;
            idx[ni++] = centre + 1 + s;
            idx[ni++] = centre + 2 + s;
        }
    }
    SDL_RenderGeometry(sdl, NULL, v, nv, idx, ni);
}

static void ring(SDL_Renderer *sdl, cp_rect box, cp_color c, int thick, float from, float to)
{
    enum { SEG = 96 };
    SDL_Vertex v[2 * (SEG + 1)];
    int idx[SEG * 6];
    float cx = (float)box.x + (float)box.w / 2, cy = (float)box.y + (float)box.h / 2;
    float ro = (float)(box.w < box.h ? box.w : box.h) / 2, ri = ro - (float)thick;
    int nv = 0, ni = 0;
    for (int s = 0; s <= SEG; s++) {
        float t = from + (to - from) * (float)s / SEG;
        float a = (t - 0.25f) * 2.0f * (float)M_PI;
        v[nv++] = vert(cx + cosf(a) * ro, cy + sinf(a) * ro, c);
        v[nv++] = vert(cx + cosf(a) * ri, cy + sinf(a) * ri, c);
    }
    for (int s = 0; s < SEG; s++) {
        int b = s * 2;
        idx[ni++] = b; idx[ni++] = b + 1; idx[ni++] = b + 2;
        idx[ni++] = b + 1; idx[ni++] = b + 3; idx[ni++] = b + 2;
    }
    SDL_RenderGeometry(sdl, NULL, v, nv, idx, ni);
}

void cp_renderer_draw(cp_renderer *r, const cp_draw_list *list, cp_color clear)
{
    SDL_SetRenderDrawColor(r->sdl, clear.r, clear.g, clear.b, 255);
    SDL_RenderClear(r->sdl);
    for (size_t i = 0; i < list->n; i++) {
        const cp_draw *d = &list->items[i];
        switch (d->kind) {
        case CP_DRAW_RECT:
            fill_rounded(r->sdl, d->rect, d->color, d->radius);
            break;
        case CP_DRAW_RING:
            ring(r->sdl, d->rect, d->color, d->radius, d->from, d->to);
            break;
        case CP_DRAW_TEXT: {
            entry *e = text_texture(r, cp_draw_string(list, d), d->style, d->size, d->color);
            if (e) {
                /* Vertically centre the glyph box in the run's line box. */
                int y = d->rect.y + (d->rect.h - e->h) / 2;
                SDL_RenderCopy(r->sdl, e->tex, NULL, &(SDL_Rect){d->rect.x, y, e->w, e->h});
            }
            break;
        }
        }
    }
}
