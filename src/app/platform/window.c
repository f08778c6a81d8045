/* The window and its loop. The loop blocks in SDL_WaitEventTimeout when
 * nothing moves: forever when idle, until the next second while a clock is
 * on screen, one frame while animating. Every frame is a fresh draw list
 * from the shell (cp_app_frame), replayed by the renderer. SDL events become
 * the shell's cp_input (keys, clicks in pixels, the wheel, a game
 * controller's buttons). With an input script, its steps are played instead
 * of waiting for events, and the app's clock moves only by the script. */
#include "platform.h"
#include "render.h"
#include "script.h"

#include "cloudprep/platform.h"

/* Debian's libstb holds stb_image's code for Linux; a build whose stb is
 * headers only (the Windows cross build) compiles it here, PNG alone, with
 * UTF-8 paths opened through the wide-character API. */
#ifdef CP_STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_WINDOWS_UTF8
#endif
#include <stb_image.h>
#include <stdio.h>
#include <string.h>

static int map_key(const SDL_Keysym *k)
{
    switch (k->sym) {
    case SDLK_RETURN: case SDLK_KP_ENTER: return CP_KEY_ENTER;
    case SDLK_ESCAPE: return CP_KEY_ESCAPE;
    case SDLK_SPACE: return CP_KEY_SPACE;
    case SDLK_BACKSPACE: return CP_KEY_BACKSPACE;
    case SDLK_TAB: return CP_KEY_TAB;
    case SDLK_LEFT: return CP_KEY_LEFT;
    case SDLK_RIGHT: return CP_KEY_RIGHT;
    case SDLK_UP: return CP_KEY_UP;
    case SDLK_DOWN: return CP_KEY_DOWN;
    case SDLK_PAGEUP: return CP_KEY_PAGEUP;
    case SDLK_PAGEDOWN: return CP_KEY_PAGEDOWN;
    case SDLK_F11: return CP_KEY_F11;
    case SDLK_SLASH: return (k->mod & KMOD_SHIFT) ? '?' : '/';
    default:
        if (k->sym >= SDLK_KP_1 && k->sym <= SDLK_KP_9)
            return '1' + (k->sym - SDLK_KP_1);
        if (k->sym >= 32 && k->sym < 127)
            return (int)k->sym;
        return CP_KEY_NONE;
    }
}

/* Game controller: A = Enter, B = Esc, X = Space, Y = undo, the d-pad moves,
 * shoulders step options. */
static int map_button(int button)
{
    switch (button) {
    case SDL_CONTROLLER_BUTTON_A: return CP_KEY_ENTER;
    case SDL_CONTROLLER_BUTTON_B: return CP_KEY_ESCAPE;
    case SDL_CONTROLLER_BUTTON_X: return CP_KEY_SPACE;
    case SDL_CONTROLLER_BUTTON_Y: return 'u';
    case SDL_CONTROLLER_BUTTON_DPAD_UP: return CP_KEY_UP;
    case SDL_CONTROLLER_BUTTON_DPAD_DOWN: return CP_KEY_DOWN;
    case SDL_CONTROLLER_BUTTON_DPAD_LEFT: return CP_KEY_LEFT;
    case SDL_CONTROLLER_BUTTON_DPAD_RIGHT: return CP_KEY_RIGHT;
    case SDL_CONTROLLER_BUTTON_BACK: return '?';
    default: return CP_KEY_NONE;
    }
}

/* The window's icon, from the installed PNG (stb_image, in Debian's libstb).
 * Never fatal: a missing or broken file leaves SDL's default icon. */
static void set_icon(SDL_Window *win, const char *path)
{
    if (!path[0])
        return;
    int w, h, channels;
    unsigned char *px = stbi_load(path, &w, &h, &channels, 4);
    if (!px) {
        fprintf(stderr, "cloudprep: warning: %s: cannot load the window icon (%s)\n", path,
                stbi_failure_reason());
        return;
    }
    SDL_Surface *icon = SDL_CreateRGBSurfaceWithFormatFrom(px, w, h, 32, w * 4, SDL_PIXELFORMAT_RGBA32);
    if (icon) {
        SDL_SetWindowIcon(win, icon);
        SDL_FreeSurface(icon);
    }
    stbi_image_free(px);
}

bool cp_window_events(cp_window *win)
{
    memset(win, 0, sizeof *win);
    if (SDL_InitSubSystem(SDL_INIT_EVENTS) != 0) {
        snprintf(win->error, sizeof win->error, "cannot start the display: %s", SDL_GetError());
        return false;
    }
    return true;
}

bool cp_window_video(cp_window *win)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_GAMECONTROLLER) != 0) {
        snprintf(win->error, sizeof win->error, "cannot start the display: %s", SDL_GetError());
        return false;
    }
    /* With no display to be had, SDL falls back to a driver that draws
     * nowhere: a window nobody sees, waiting for keys nobody can press.
     * Such a driver only when asked for by name (SDL_VIDEODRIVER). */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) &&
        !(asked && *asked)) {
        /* The fallback is X11's and Wayland's: the other systems always
         * have their desktop's driver. */
        snprintf(win->error, sizeof win->error,
                 "cannot start the display: there is no desktop to show a window on: DISPLAY"
                 " and WAYLAND_DISPLAY are not set (--screenshot works without one)");
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_GAMECONTROLLER);
        return false;
    }
    return true;
}

bool cp_window_open(cp_window *win, const cp_app_run *o, const char *icon)
{
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "1");
    /* With the software renderer, present through the X11 framebuffer
     * rather than an OpenGL texture (which is llvmpipe without a GPU). */
    const char *driver = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (driver && strcmp(driver, "software") == 0)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    win->win = SDL_CreateWindow("cloudprep \xe2\x80\x94 AWS Cloud Practitioner trainer",
                                SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o->width, o->height,
                                SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!win->win) {
        snprintf(win->error, sizeof win->error, "cannot open a window: %s", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(win->win, CP_WINDOW_MIN_W, CP_WINDOW_MIN_H);
    set_icon(win->win, icon);
    /* Hardware with vsync when there is one; SDL_RENDER_DRIVER is honoured
     * by SDL itself; the software renderer is the fallback. */
    win->ren = SDL_CreateRenderer(win->win, -1,
                                  SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!win->ren) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        win->ren = SDL_CreateRenderer(win->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!win->ren) {
        snprintf(win->error, sizeof win->error, "cannot create a renderer: %s", SDL_GetError());
        cp_window_close(win);
        return false;
    }
    return true;
}

bool cp_window_attach(cp_window *win, cp_fonts *fonts)
{
    win->r = cp_renderer_new(win->ren, fonts, 1024);
    if (!win->r)
        snprintf(win->error, sizeof win->error, "cannot create a renderer: %s", SDL_GetError());
    return win->r != NULL;
}

void cp_window_close(cp_window *win)
{
    cp_renderer_free(win->r);
    if (win->ren)
        SDL_DestroyRenderer(win->ren);
    if (win->win)
        SDL_DestroyWindow(win->win);
    win->r = NULL;
    win->ren = NULL;
    win->win = NULL;
}

int cp_window_run(cp_app *app, cp_window *window, const cp_app_run *o)
{
    SDL_Window *win = window->win;
    SDL_Renderer *ren = window->ren;
    cp_renderer *r = window->r;
    cp_script *script = NULL;
    if (o->script) {
        char err[256];
        script = cp_script_load(o->script, err, sizeof err);
        if (!script) {
            fprintf(stderr, "cloudprep: %s\n", err);
            return 2;
        }
    }
    SDL_GameController *pad = NULL;
    int64_t script_ms = 0;
    uint64_t start = SDL_GetTicks64();
    bool dirty = true;
    int rc = 0;
    while (!app->quit) {
        int w, h;
        /* Pixels (more than the window's points on a high-DPI display);
         * the window's size when the renderer cannot say. */
        if (SDL_GetRendererOutputSize(ren, &w, &h) != 0)
            SDL_GetWindowSize(win, &w, &h);
        app->clock = (double)(SDL_GetTicks64() - start) / 1000.0;
        if (!script)
            app->now = cp_platform_now();
        if (dirty || app->animating || app->clock < app->anim_until) {
            /* The first frame may be laid out already (open_app). */
            if (w != window->laid_w || h != window->laid_h)
                cp_app_frame(app, w, h);
            window->laid_w = window->laid_h = 0;
            cp_renderer_draw(r, &app->ui.list, app->ui.theme->bg);
            SDL_RenderPresent(ren);
            dirty = false;
        }
        if (script) {
            cp_script_step step;
            int s = cp_script_next(script, &step);
            if (s < 0) {
                fprintf(stderr, "cloudprep: %s\n", cp_script_error(script));
                rc = 2;
                break;
            }
            if (s == 0)
                break;
            switch (step.kind) {
            case CP_STEP_INPUT: {
                cp_input in = step.input;
                if (in.kind == CP_INPUT_CLICK) {
                    /* Script coordinates are window points; scale to pixels. */
                    int ww, wh;
                    SDL_GetWindowSize(win, &ww, &wh);
                    in.x = in.x * w / (ww ? ww : w);
                    in.y = in.y * h / (wh ? wh : h);
                }
                cp_app_input(app, &in);
                break;
            }
            case CP_STEP_WAIT:
            case CP_STEP_ADVANCE:
                /* The app's clock is in seconds: carry the milliseconds. */
                if (step.kind == CP_STEP_WAIT)
                    SDL_Delay((uint32_t)step.ms);
                script_ms += step.ms;
                app->now += script_ms / 1000;
                script_ms %= 1000;
                break;
            case CP_STEP_IDLE: {
                /* Frames go on meanwhile, so the work's end is seen (and
                 * drawn) as it would be with the learner watching. */
                uint64_t until = SDL_GetTicks64() + (uint64_t)step.ms;
                while (app->busy && SDL_GetTicks64() < until) {
                    SDL_Delay(20);
                    app->clock = (double)(SDL_GetTicks64() - start) / 1000.0;
                    cp_app_frame(app, w, h);
                    cp_renderer_draw(r, &app->ui.list, app->ui.theme->bg);
                    SDL_RenderPresent(ren);
                }
                break;
            }
            case CP_STEP_SHOT:
                cp_app_frame(app, w, h);
                cp_renderer_draw(r, &app->ui.list, app->ui.theme->bg);
                if (!cp_png_write(ren, w, h, step.path)) {
                    fprintf(stderr, "cloudprep: cannot write %s\n", step.path);
                    rc = 2;
                }
                SDL_RenderPresent(ren);
                break;
            case CP_STEP_QUIT: app->quit = true; break;
            }
            dirty = true;
            SDL_Event e;
            while (SDL_PollEvent(&e))
                if (e.type == SDL_QUIT)
                    app->quit = true;
            continue;
        }
        /* Block when idle; wake for the next frame only while animating. */
        /* Background work (a fit) is polled, and its progress drawn, a
         * few times a second. */
        int timeout = app->animating || app->clock < app->anim_until ? 16
                    : app->busy ? 100
                    : app->ticking ? 1000 - (int)(SDL_GetTicks64() % 1000) : -1;
        /* Idle on a screen that changes at a set time (Home at the start
         * of the next learning day): wake then. */
        if (timeout < 0 && app->wake_at > 0) {
            int64_t ms = (app->wake_at - cp_platform_now()) * 1000;
            timeout = ms <= 0 ? 0 : ms > 3600000 ? 3600000 : (int)ms;
        }
        SDL_Event e;
        if (!SDL_WaitEventTimeout(&e, timeout)) {
            dirty |= app->ticking || app->busy || app->wake_at > 0;
            continue;
        }
        do {
            cp_input in = {0};
            bool have = false;
            switch (e.type) {
            case SDL_QUIT: app->quit = true; break;
            case SDL_WINDOWEVENT: dirty = true; break;
            case SDL_RENDER_TARGETS_RESET:
            case SDL_RENDER_DEVICE_RESET: cp_renderer_flush(r); dirty = true; break;
            case SDL_KEYDOWN:
                if (e.key.keysym.sym == SDLK_F11) {
                    bool full = SDL_GetWindowFlags(win) & SDL_WINDOW_FULLSCREEN_DESKTOP;
                    SDL_SetWindowFullscreen(win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
                    break;
                }
                in = (cp_input){.kind = CP_INPUT_KEY, .key = map_key(&e.key.keysym),
                                .ctrl = (e.key.keysym.mod & KMOD_CTRL) != 0,
                                .shift = (e.key.keysym.mod & KMOD_SHIFT) != 0};
                have = in.key != CP_KEY_NONE;
                if (in.ctrl && in.key == 'q')
                    app->quit = true, have = false;
                break;
            case SDL_MOUSEMOTION: {
                int ww, wh;
                SDL_GetWindowSize(win, &ww, &wh);
                app->ui.mouse_x = e.motion.x * w / (ww ? ww : w);
                app->ui.mouse_y = e.motion.y * h / (wh ? wh : h);
                dirty = true;
                break;
            }
            case SDL_MOUSEBUTTONDOWN:
                if (e.button.button == SDL_BUTTON_LEFT) {
                    int ww, wh;
                    SDL_GetWindowSize(win, &ww, &wh);
                    in = (cp_input){.kind = CP_INPUT_CLICK, .x = e.button.x * w / (ww ? ww : w),
                                    .y = e.button.y * h / (wh ? wh : h)};
                    have = true;
                }
                break;
            case SDL_MOUSEWHEEL:
                in = (cp_input){.kind = CP_INPUT_WHEEL, .wheel = e.wheel.y};
                have = true;
                break;
            case SDL_CONTROLLERDEVICEADDED:
                if (!pad)
                    pad = SDL_GameControllerOpen(e.cdevice.which);
                break;
            case SDL_CONTROLLERBUTTONDOWN:
                in = (cp_input){.kind = CP_INPUT_KEY, .key = map_button(e.cbutton.button)};
                have = in.key != CP_KEY_NONE;
                break;
            default: break;
            }
            if (have) {
                cp_app_input(app, &in);
                dirty = true;
            }
        } while (SDL_PollEvent(&e));
    }
    cp_script_free(script);
    if (pad)
        SDL_GameControllerClose(pad);
    return rc;
}
