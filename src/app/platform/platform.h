/* The SDL platform's parts shared between its files (main.c, window.c,
 * png.c). Only files under platform/ include SDL. */
#ifndef CLOUDPREP_PLATFORM_APP_H
#define CLOUDPREP_PLATFORM_APP_H

#include "audio.h"
#include "fonts.h"
#include "shell.h"

#include <SDL.h>

/* What the platform opens for an app (app->platform). */
typedef struct cp_platform {
    cp_fonts *fonts;
    cp_audio *audio;
    bool ttf;                   /* TTF_Init succeeded */
    char icon[1024];            /* the window icon's PNG; "" for none */
} cp_platform;

static inline cp_fonts *cp_platform_fonts(const cp_app *app)
{
    return ((const cp_platform *)app->platform)->fonts;
}

/* The window's smallest size, in points. */
enum { CP_WINDOW_MIN_W = 960, CP_WINDOW_MIN_H = 600 };

/* The window, its renderer and the draw lists' replayer. */
typedef struct cp_window {
    SDL_Window *win;
    SDL_Renderer *ren;
    struct cp_renderer *r;
    /* Nonzero: the app's draw list is a frame already laid out for this
     * output size (its text adopted by r), which the loop draws first. */
    int laid_w, laid_h;
    char error[400]; /* why cp_window_open failed */
} cp_window;

/* Starts SDL's events; false with the reason in win->error. Before any
 * other thread starts: SDL's first subsystem connects to D-Bus, which may
 * fork (libdbus starts a session bus where there is none), and a child
 * forked while another thread holds the allocator's lock can wait for it
 * forever (seen under AddressSanitizer). Later subsystems do not fork for
 * it: SDL connects once, or gives up once. */
bool cp_window_events(cp_window *win);
/* Then SDL's video (and game controllers), which may run beside other
 * threads; false with the reason in win->error. */
bool cp_window_video(cp_window *win);
/* Then opens the window of run's size with its icon (a PNG path, "" for
 * none) and its SDL renderer; false with the reason in win->error. It
 * needs nothing of the shell's app nor the fonts, so it opens while they
 * do. */
bool cp_window_open(cp_window *win, const cp_app_run *run, const char *icon);
/* Then the replayer, which draws text with the fonts; false with the
 * reason in win->error (the window is left for cp_window_close). */
bool cp_window_attach(cp_window *win, cp_fonts *fonts);
void cp_window_close(cp_window *win); /* after a failed open too */
/* Runs the loop (and the input script, when run names one) until the app
 * quits. Returns an exit status. */
int cp_window_run(cp_app *app, cp_window *win, const cp_app_run *run);

/* An error for the learner: on stderr as "cloudprep: MESSAGE", and in a
 * dialog too when stderr cannot be seen (the app started from Explorer). */
void cp_app_report(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Writes what the renderer shows (w x h pixels) to a PNG file. */
bool cp_png_write(SDL_Renderer *renderer, int w, int h, const char *path);

#endif
