/* The backend: replays a draw list on an SDL renderer. Text runs become
 * textures through a bounded cache keyed by text, style, size and colour,
 * evicting the least recently used; an unchanged frame re-renders nothing. */
#ifndef CLOUDPREP_RENDER_H
#define CLOUDPREP_RENDER_H

#include "draw.h"
#include "fonts.h"

#include <SDL.h>

typedef struct cp_renderer cp_renderer;

cp_renderer *cp_renderer_new(SDL_Renderer *sdl, cp_fonts *fonts, size_t cache_entries);
void cp_renderer_free(cp_renderer *r);
void cp_renderer_draw(cp_renderer *r, const cp_draw_list *list, cp_color clear);
/* Drops every cached texture (e.g. after the renderer was re-created). */
void cp_renderer_flush(cp_renderer *r);
size_t cp_renderer_cache_size(const cp_renderer *r);

#endif
