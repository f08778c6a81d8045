/* Fonts through fontconfig (Linux and the other Unix systems): its best
 * installed TrueType match for sans-serif (regular, bold, italic) and
 * monospace, as the desktop would choose. */
#if !defined(_WIN32) && !defined(__APPLE__)

#include "fonts_find.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>

bool cp_fonts_find(cp_font_style style, char *out, size_t size)
{
    static const char *families[CP_FONT_STYLES] = {"sans-serif", "sans-serif", "sans-serif:italic",
                                                   "monospace"};
    if (!FcInit())
        return false;
    FcPattern *pat = FcNameParse((const FcChar8 *)families[style]);
    bool ok = false;
    if (pat) {
        FcPatternAddInteger(pat, FC_WEIGHT,
                            style == CP_FONT_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
        FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
        FcConfigSubstitute(NULL, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult result;
        FcPattern *match = FcFontMatch(NULL, pat, &result);
        FcChar8 *file = NULL;
        if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
            ok = (size_t)snprintf(out, size, "%s", (const char *)file) < size;
        if (match)
            FcPatternDestroy(match);
        FcPatternDestroy(pat);
    }
    return ok;
}

bool cp_fonts_find_fallback(char *out, size_t size)
{
    /* fontconfig's sans-serif (DejaVu Sans on Debian) has the symbols. */
    (void)out;
    (void)size;
    return false;
}

void cp_fonts_find_done(void)
{
    FcFini(); /* fontconfig's caches (a later find loads them again) */
}

const char *cp_fonts_find_hint(void)
{
    return "no font found through fontconfig: install fonts-dejavu-core or pass --font PATH";
}

#endif
