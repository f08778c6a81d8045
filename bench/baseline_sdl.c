/* baseline_sdl: the smallest program that does what the app's start-up must
 * do to show anything: SDL2 and SDL2_ttf, the same window (1280x800,
 * resizable, high-DPI aware), the same renderer choice (accelerated with
 * vsync, else software; SDL_RENDER_DRIVER is honoured; the software
 * renderer presents without an OpenGL texture), one line of text in
 * the same font, then it waits for events until it is closed. bench/run
 * measures it next to the app: the app's start-up and memory budgets are
 * relative to this. Usage: baseline_sdl FONT.ttf */
#include <SDL.h>
#include <SDL_ttf.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: baseline_sdl FONT.ttf\n");
        return 2;
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "baseline_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "1");
    /* As the app does: the software renderer presents through the X11
     * framebuffer, not through an OpenGL texture. */
    const char *driver = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (driver && strcmp(driver, "software") == 0)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_Window *win = SDL_CreateWindow("cloudprep \xe2\x80\x94 AWS Cloud Practitioner trainer",
                                       SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC) : NULL;
    if (win && !ren) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    }
    TTF_Font *font = TTF_OpenFont(argv[1], 22);
    if (!ren || !font) {
        fprintf(stderr, "baseline_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Surface *text = TTF_RenderUTF8_Blended(font, "AWS Cloud Practitioner trainer",
                                               (SDL_Color){235, 235, 240, 255});
    SDL_Texture *tex = SDL_CreateTextureFromSurface(ren, text);
    SDL_Rect dst = {40, 40, text->w, text->h};
    SDL_FreeSurface(text);
    bool dirty = true, quit = false;
    while (!quit) {
        if (dirty) {
            SDL_SetRenderDrawColor(ren, 24, 26, 31, 255);
            SDL_RenderClear(ren);
            SDL_RenderCopy(ren, tex, NULL, &dst);
            SDL_RenderPresent(ren);
            dirty = false;
        }
        SDL_Event e;
        if (!SDL_WaitEvent(&e))
            break;
        if (e.type == SDL_QUIT)
            quit = true;
        else if (e.type == SDL_WINDOWEVENT)
            dirty = true;
    }
    SDL_DestroyTexture(tex);
    TTF_CloseFont(font);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    TTF_Quit();
    SDL_Quit();
    return 0;
}
