/* frame_probe: an LD_PRELOAD library that times a running SDL program from
 * the outside, so the app needs no benchmark hooks. It wraps two SDL calls:
 * SDL_GetRendererOutputSize, which the app's loop calls first thing in each
 * iteration (a frame starts), and SDL_RenderPresent (the frame is shown).
 * For every present it appends one line to $CP_PROBE_OUT:
 *   P <CLOCK_MONOTONIC seconds when present returned> <frame ms or -1>
 * where frame ms runs from the last SDL_GetRendererOutputSize (-1 when the
 * program never calls it, like the baseline). bench/run reads the file:
 * the first line against the launch time is the time to the first frame. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct SDL_Renderer SDL_Renderer;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static FILE *out;
static double frame_start = -1;

static FILE *probe_file(void)
{
    if (!out) {
        const char *path = getenv("CP_PROBE_OUT");
        out = fopen(path ? path : "/dev/null", "a");
    }
    return out;
}

int SDL_GetRendererOutputSize(SDL_Renderer *renderer, int *w, int *h)
{
    static int (*real)(SDL_Renderer *, int *, int *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "SDL_GetRendererOutputSize");
    frame_start = now_s();
    return real(renderer, w, h);
}

void SDL_RenderPresent(SDL_Renderer *renderer)
{
    static void (*real)(SDL_Renderer *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "SDL_RenderPresent");
    real(renderer);
    double t = now_s();
    FILE *f = probe_file();
    if (f) {
        fprintf(f, "P %.6f %.3f\n", t, frame_start >= 0 ? (t - frame_start) * 1000.0 : -1.0);
        fflush(f);
    }
    frame_start = -1;
}
