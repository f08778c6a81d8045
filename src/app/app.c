/* The app's entry: open the learner's store and the decks, then run the
 * window loop. A bad deck card is reported and skipped; a store that cannot
 * be used is explained and the app exits with status 3 before any window. */
#include "app.h"
#include "font.h"

#include "cloudprep/deck.h"
#include "cloudprep/store.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

int cp_app_main(const cp_app_options *options, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    char data_dir[1024];
    if (options->data_dir)
        snprintf(data_dir, sizeof data_dir, "%s", options->data_dir);
    else if (!cp_store_default_dir(data_dir, sizeof data_dir)) {
        fprintf(stderr, "cloudprep: neither XDG_DATA_HOME nor HOME is set; use --data-dir DIR\n");
        return 2;
    }
    cp_error err = {0};
    cp_store *store = NULL;
    if (cp_store_open(data_dir, &(cp_store_desc){.exclusive = true}, &store, &err) != CP_OK) {
        fprintf(stderr, "cloudprep: %s: %s\n", err.file, err.message);
        return 3;
    }
    cp_deck *deck = NULL;
    const char *paths[] = {options->deck_dir};
    cp_deck_load(paths, 1, &deck, &err);
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        fprintf(stderr, "warning: %s:%u: %s (card skipped)\n", g->file, g->line, g->message);
    }

    char font_path[1024];
    if (options->font_path)
        snprintf(font_path, sizeof font_path, "%s", options->font_path);
    else if (!cp_font_find("sans-serif", false, font_path, sizeof font_path)) {
        fprintf(stderr, "cloudprep: no font found through fontconfig; install fonts-dejavu-core or pass --font PATH\n");
        cp_deck_free(deck);
        cp_store_close(store);
        return 2;
    }
    int rc = 0;
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "cloudprep: cannot start SDL: %s\n", SDL_GetError());
        rc = 2;
        goto out;
    }
    SDL_Window *win = SDL_CreateWindow("cloudprep", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                       1280, 800, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, 0) : NULL;
    TTF_Font *font = TTF_OpenFont(font_path, 28);
    if (!win || !ren || !font) {
        fprintf(stderr, "cloudprep: cannot open the window or font: %s\n", SDL_GetError());
        rc = 2;
    } else {
        char line[256];
        snprintf(line, sizeof line, "cloudprep: %zu cards loaded", cp_deck_count(deck));
        SDL_Surface *s = TTF_RenderUTF8_Blended(font, line, (SDL_Color){230, 230, 240, 255});
        SDL_Texture *t = SDL_CreateTextureFromSurface(ren, s);
        bool running = true;
        while (running) {
            SDL_Event e;
            if (SDL_WaitEvent(&e)) {
                if (e.type == SDL_QUIT || (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_ESCAPE))
                    running = false;
            }
            SDL_SetRenderDrawColor(ren, 24, 26, 34, 255);
            SDL_RenderClear(ren);
            SDL_RenderCopy(ren, t, NULL, &(SDL_Rect){40, 40, s->w, s->h});
            SDL_RenderPresent(ren);
        }
        SDL_DestroyTexture(t);
        SDL_FreeSurface(s);
    }
    if (font)
        TTF_CloseFont(font);
    if (ren)
        SDL_DestroyRenderer(ren);
    if (win)
        SDL_DestroyWindow(win);
    TTF_Quit();
    SDL_Quit();
out:
    cp_deck_free(deck);
    cp_store_close(store);
    return rc;
}
