/* Finding a font at run time: --font wins, else fontconfig's best match for
 * a sans-serif face. No font is ever bundled. */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

void cp_font_release(void)
{
    FcFini();
}

bool cp_font_find(const char *family, bool bold, char *out, size_t size)
{
    if (!FcInit())
        return false;
    FcPattern *pat = FcNameParse((const FcChar8 *)family);
    bool ok = false;
    if (pat) {
        FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
        FcPatternAddString(pat, FC_FONTFORMAT, (const FcChar8 *)"TrueType");
        FcConfigSubstitute(NULL, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult result;
        FcPattern *match = FcFontMatch(NULL, pat, &result);
        FcChar8 *file = NULL;
        if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
            ok = (size_t)snprintf(out, size, "%s", (const char *)file) < size;
        }
        if (match)
            FcPatternDestroy(match);
        FcPatternDestroy(pat);
    }
    return ok;
}
