/* PNG files of what is on screen (screenshots, the script's `shot`), through
 * stb_image_write (Debian's libstb has no image writer: its implementation
 * is compiled here, once; on Windows it opens UTF-8 names with _wfopen). */
#include "platform.h"

#include <stdlib.h>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBIW_WINDOWS_UTF8 /* Windows: the file name is UTF-8, opened with _wfopen */
#include <stb_image_write.h>

bool cp_png_write(SDL_Renderer *renderer, int w, int h, const char *path)
{
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    if (!px)
        return false;
    bool ok = SDL_RenderReadPixels(renderer, NULL, SDL_PIXELFORMAT_ABGR8888, px, w * 4) == 0 &&
              stbi_write_png(path, w, h, 4, px, w * 4) != 0;
    free(px);
    return ok;
}
