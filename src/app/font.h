/* Locating installed fonts through fontconfig. */
#ifndef CLOUDPREP_FONT_H
#define CLOUDPREP_FONT_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the path of the best installed match for `family` ("sans-serif",
 * "monospace") into out. False when fontconfig finds nothing. */
bool cp_font_find(const char *family, bool bold, char *out, size_t size);

/* Frees fontconfig's caches (at shutdown; a later find loads them again). */
void cp_font_release(void);

#endif
