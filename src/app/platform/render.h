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

/* The text of a draw list rendered ahead, on any thread, with no renderer
 * (the first frame's, while the window opens): SDL surfaces, which
 * cp_renderer_adopt turns into cached textures on the renderer's thread,
 * so that drawing that list renders no text. */
typedef struct cp_text_prep cp_text_prep;
cp_text_prep *cp_text_prep_make(cp_fonts *fonts, const cp_draw_list *list);
void cp_text_prep_free(cp_text_prep *prep);
/* Takes prep (made from list, unchanged since) into the cache, and frees it. */
void cp_renderer_adopt(cp_renderer *r, const cp_draw_list *list, cp_text_prep *prep);

#endif
