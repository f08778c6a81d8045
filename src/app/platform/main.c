/* The SDL platform's entry points: cp_app_main (the window, or a headless
 * screenshot), and cp_app_open / cp_app_close, which add what only the
 * platform has to the shell's app: SDL_ttf fonts to measure and draw text,
 * and an audio device for the sounds. */
#include "platform.h"
#include "render.h"

#include "cloudprep/platform.h"

#include <SDL_ttf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* False once the window path knows stderr is seen by nobody. */
static bool stderr_seen = true;

void cp_app_report(const char *fmt, ...)
{
    char msg[1600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "cloudprep: %s\n", msg);
    if (!stderr_seen)
        SDL_ShowSimpleMessageBox(SDL_MESSAGEBOX_ERROR, "cloudprep", msg, NULL);
}

/* The shell's threads (cp_threads) are SDL's. */
static void *thread_start(int (*fn)(void *arg), void *arg)
{
    return SDL_CreateThread(fn, "cloudprep-work", arg);
}

static void thread_join(void *thread)
{
    SDL_WaitThread(thread, NULL);
}

static void platform_close(cp_platform *p)
{
    cp_audio_close(p->audio);
    cp_fonts_close(p->fonts);
    if (p->ttf)
        TTF_Quit();
    free(p);
}

/* A sound the shell asks for while it opens on its thread (a level reached
 * over the night, say) waits for the join: SDL's audio then starts on the
 * app's thread, not beside its video. Each sound replaces what is still
 * playing, so the last one asked for is the one kept. */
typedef struct held_sound {
    float *samples;
    size_t n;
} held_sound;

static void hold_sound(void *ctx, const float *samples, size_t n)
{
    held_sound *held = ctx;
    float *copy = n ? malloc(n * sizeof *copy) : NULL;
    if (!copy)
        return;
    memcpy(copy, samples, n * sizeof *copy);
    free(held->samples);
    held->samples = copy;
    held->n = n;
}

/* SDL_ttf and the fonts (fontconfig's search, the files opened), on a
 * thread of their own: they need neither the shell nor the window. */
typedef struct fonts_job {
    const char *font_path;
    bool ttf;
    cp_fonts *fonts;
    char error[1400];
} fonts_job;

static int open_fonts(void *arg)
{
    fonts_job *job = arg;
    job->ttf = TTF_Init() == 0;
    if (!job->ttf)
        snprintf(job->error, sizeof job->error, "cannot start SDL_ttf: %s", TTF_GetError());
    else
        job->fonts = cp_fonts_open(job->font_path, job->error, sizeof job->error);
    return 0;
}

/* The shell's opening (the store, the decks, the learner: the start's long
 * part) on a thread of its own, while the platform opens the window. For a
 * window, the first frame is made there too, since the window takes longer
 * than the shell on most collections: Home entered (today's queue), and,
 * once the fonts are in, laid out at the window's size with its text
 * rendered (cp_text_prep), so that the window's first frame only draws. */
typedef struct shell_job {
    const cp_app_options *options;
    bool exclusive;
    fonts_job *fonts;
    SDL_Thread *fonts_thread; /* joined here; NULL: the fonts are in */
    int w, h;                 /* the first frame's size; 0: no window */
    held_sound held;
    cp_app *app;
    cp_text_prep *prep; /* the first frame's text, when laid out */
    int exit_code;
    char error[1400];
} shell_job;

static int open_shell(void *arg)
{
    shell_job *job = arg;
    job->app = cp_shell_open(job->options, job->exclusive, (cp_sound){hold_sound, &job->held},
                             (cp_threads){thread_start, thread_join}, &job->exit_code, job->error,
                             sizeof job->error);
    if (job->app && job->w) {
        /* Frames follow one another: Home may show its first frame
         * before the readiness meter. */
        job->app->progressive = true;
        cp_app_push(job->app, &cp_screen_home, NULL);
        cp_app_settle(job->app);
    }
    if (job->fonts_thread)
        SDL_WaitThread(job->fonts_thread, NULL);
    cp_fonts *fonts = job->fonts->fonts;
    if (job->app && fonts) {
        job->app->ui.text = cp_fonts_measure(fonts);
        if (job->w) {
            cp_app_frame(job->app, job->w, job->h);
            job->prep = cp_text_prep_make(fonts, &job->app->ui.list);
        }
    }
    return 0;
}

/* Opens the shell's app and the fonts on threads of their own while this
 * one (with win) opens the window, so that a start costs the longest of
 * the three rather than their sum (on a large collection the shell's part
 * is most of it; on the bundled deck the window is: README, "Speed and
 * footprint"). Errors are told in the order the parts come in: the
 * shell's first. */
static cp_app *open_app(const cp_app_options *options, bool exclusive, const cp_app_run *run,
                        cp_window *win, int *exit_code, char *error, size_t error_size)
{
    cp_platform *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(error, error_size, "out of memory");
        *exit_code = 2;
        return NULL;
    }
    p->audio = cp_audio_open();
    if (options->icon_path)
        snprintf(p->icon, sizeof p->icon, "%s", options->icon_path);
    /* SDL's events first, while this is the only thread (cp_window_events);
     * its video opens beside the other two. */
    bool video = win && cp_window_events(win);
    fonts_job fj = {.font_path = options->font_path};
    SDL_Thread *fonts_thread = SDL_CreateThread(open_fonts, "cloudprep-fonts", &fj);
    if (!fonts_thread)
        open_fonts(&fj); /* no thread to be had: one after the other */
    /* The size the window will have: the run's, at least its minimum. */
    shell_job job = {.options = options,
                     .exclusive = exclusive,
                     .fonts = &fj,
                     .fonts_thread = fonts_thread,
                     .w = win ? SDL_max(run->width, CP_WINDOW_MIN_W) : 0,
                     .h = win ? SDL_max(run->height, CP_WINDOW_MIN_H) : 0};
    SDL_Thread *thread = SDL_CreateThread(open_shell, "cloudprep-open", &job);
    if (!thread)
        open_shell(&job);

    bool windowed = video && cp_window_video(win) && cp_window_open(win, run, p->icon);
    if (thread)
        SDL_WaitThread(thread, NULL); /* and so the fonts' */
    p->ttf = fj.ttf;
    p->fonts = fj.fonts;
    if (windowed && p->fonts && !cp_window_attach(win, p->fonts)) {
        cp_window_close(win);
        windowed = false;
    }
    cp_app *app = job.app;
    if (windowed && app && job.prep) {
        cp_renderer_adopt(win->r, &app->ui.list, job.prep);
        job.prep = NULL;
        win->laid_w = job.w;
        win->laid_h = job.h;
    }
    cp_text_prep_free(job.prep);
    if (!app) {
        snprintf(error, error_size, "%s", job.error);
        *exit_code = job.exit_code;
    } else if (!p->fonts) {
        snprintf(error, error_size, "%s", fj.error);
        *exit_code = 2;
    } else if (win && !windowed) {
        snprintf(error, error_size, "%s", win->error);
        *exit_code = 2;
    } else {
        app->platform = p;
        app->sound = cp_audio_sound(p->audio);
        if (job.held.samples && app->sound.play)
            app->sound.play(app->sound.ctx, job.held.samples, job.held.n);
        free(job.held.samples);
        return app;
    }
    free(job.held.samples);
    if (windowed)
        cp_window_close(win);
    cp_shell_close(app);
    platform_close(p);
    return NULL;
}

cp_app *cp_app_open(const cp_app_options *options, bool exclusive, int *exit_code, char *error,
                    size_t error_size)
{
    return open_app(options, exclusive, NULL, NULL, exit_code, error, error_size);
}

void cp_app_close(cp_app *app)
{
    if (!app)
        return;
    cp_platform *p = app->platform;
    cp_shell_close(app);
    platform_close(p);
}

/* Renders one frame of a screen with the software renderer, no window. */
static int screenshot(cp_app *app, const cp_app_run *o)
{
    size_t known = 0;
    while (cp_app_screen_names[known] && strcmp(cp_app_screen_names[known], o->screen) != 0)
        known++;
    if (!cp_app_screen_names[known]) {
        fprintf(stderr, "cloudprep: unknown screen '%s' (see --help)\n", o->screen);
        return 2;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, o->width, o->height, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    cp_renderer *r = ren ? cp_renderer_new(ren, cp_platform_fonts(app), 2048) : NULL;
    int rc = 0;
    if (!r) {
        fprintf(stderr, "cloudprep: cannot create a software renderer: %s\n", SDL_GetError());
        rc = 2;
    } else {
        cp_app_show(app, o->screen);
        /* The steady screen: no banners from opening, no flash. */
        cp_fx_release(app);
        app->ui.mouse_x = app->ui.mouse_y = -1;
        cp_app_frame(app, o->width, o->height);
        cp_renderer_draw(r, &app->ui.list, app->ui.theme->bg);
        if (!cp_png_write(ren, o->width, o->height, o->screenshot)) {
            fprintf(stderr, "cloudprep: cannot write %s\n", o->screenshot);
            rc = 2;
        }
    }
    cp_renderer_free(r);
    if (ren)
        SDL_DestroyRenderer(ren);
    if (surf)
        SDL_FreeSurface(surf);
    return rc;
}


int cp_app_main(const cp_app_options *options, const cp_app_run *run)
{
    cp_app_run o = *run;
    if (!o.width || !o.height) {
        o.width = 1280;
        o.height = 800;
    }
    if ((o.screenshot == NULL) != (o.screen == NULL)) {
        fprintf(stderr, "cloudprep: --screenshot FILE.png and --screen NAME go together\n");
        return 2;
    }
    char error[1400];
    int rc = 0;
    /* A screenshot works on a copy of the learner's data: showing the
     * results screen must not add a mock exam to their history. */
    char tmp[1024] = "";
    cp_app_options opts = *options;
    if (o.screenshot) {
        if (!cp_platform_temp_dir("shot", tmp, sizeof tmp)) {
            fprintf(stderr, "cloudprep: cannot create a temporary directory\n");
            return 2;
        }
        char src[1024], copy[1100];
        cp_error err = {0};
        bool existed = false;
        snprintf(copy, sizeof copy, "%s/progress.db", tmp);
        if (!(options->data_dir ? snprintf(src, sizeof src, "%s", options->data_dir) > 0
                                : cp_platform_data_dir(src, sizeof src))) {
            fprintf(stderr, "cloudprep: %s; use --data-dir DIR\n", cp_platform_data_dir_missing());
            cp_platform_remove_tree(tmp);
            return 2;
        }
        if (cp_store_copy(src, copy, &existed, &err) != CP_OK) {
            fprintf(stderr, "cloudprep: %s: %s\n", err.file, err.message);
            cp_platform_remove_tree(tmp);
            return 3;
        }
        opts.data_dir = tmp;
        opts.mute = true;
    }
    /* A window needs no terminal (Windows lets go of one made for it). */
    if (!o.screenshot && !o.script)
        stderr_seen = cp_platform_gui_start();
    cp_window win = {0};
    cp_app *app = open_app(&opts, !o.screenshot, &o, o.screenshot ? NULL : &win, &rc, error,
                           sizeof error);
    if (!app) {
        cp_app_report("%s", error);
        if (tmp[0])
            cp_platform_remove_tree(tmp);
        return rc;
    }
    if (o.screenshot) {
        rc = screenshot(app, &o);
    } else {
        /* Home is entered already (open_shell). */
        rc = cp_window_run(app, &win, &o);
        cp_window_close(&win);
    }
    cp_app_close(app);
    SDL_Quit();
    if (tmp[0])
        cp_platform_remove_tree(tmp);
    return rc;
}
