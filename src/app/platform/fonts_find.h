/* Where the system keeps its fonts: one finder per system, behind one
 * call. fonts_fontconfig.c asks fontconfig (Linux and other Unix);
 * fonts_system.c looks in the system's own font folders (Windows: the
 * registry's font list and the Fonts folder, Segoe UI first; macOS: the
 * system font locations). fonts.c opens what they find. */
#ifndef CLOUDPREP_FONTS_FIND_H
#define CLOUDPREP_FONTS_FIND_H

#include "draw.h"

#include <stdbool.h>
#include <stddef.h>

/* Writes the path of the installed font file for a style (regular, bold,
 * italic, monospace) into out. False when none is found. */
bool cp_fonts_find(cp_font_style style, char *out, size_t size);

/* A face with the symbols a text face may lack (check marks, arrows), for
 * those glyphs only. False when the system has none to add. */
bool cp_fonts_find_fallback(char *out, size_t size);

/* Frees what the finder keeps between calls (fontconfig's caches). */
void cp_fonts_find_done(void);

/* What to tell the learner when no font is found at all. */
const char *cp_fonts_find_hint(void);

#endif
