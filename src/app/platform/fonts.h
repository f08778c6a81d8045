/* Fonts: the faces the system has (fonts_find.h) or --font, opened with
 * SDL_ttf once per (style, pixel size) and kept in a small table. They measure text
 * for the layout (cp_fonts_measure) and give the renderer its TTF_Font. */
#ifndef CLOUDPREP_FONTS_H
#define CLOUDPREP_FONTS_H

#include "text.h"

#include <SDL.h>

typedef struct cp_fonts cp_fonts;

/* Opens the font faces (regular, bold, italic, mono); TTF_Init must have
 * succeeded. path, when not NULL, replaces the regular face (and bold and
 * italic when no better is found). NULL with a message on failure. Close
 * with cp_fonts_close. */
cp_fonts *cp_fonts_open(const char *path, char *error, size_t error_size);
void cp_fonts_close(cp_fonts *fonts);

/* The SDL_ttf font (TTF_Font *) for a style at a pixel size (cached), or NULL. */
void *cp_fonts_get(cp_fonts *fonts, cp_font_style style, int size);

/* s drawn in a style at a pixel size (an SDL_Surface *, ARGB, the caller
 * frees it), symbols the face lacks taken from the system's symbol face;
 * NULL when it cannot be drawn. The width is what cp_fonts_measure says. */
SDL_Surface *cp_fonts_render(cp_fonts *fonts, cp_font_style style, int size, const char *s,
                             SDL_Color color);

/* The measurer the layout uses (text.h), over these fonts. */
cp_text_measure cp_fonts_measure(cp_fonts *fonts);

#endif
