/* The app: options, start-up, the event loop, headless screenshots and
 * input scripts.
 *
 * Start-up opens the learner's store (refusing a bad one before any window
 * opens, exit 3), loads the decks (bad cards are reported and skipped) and
 * the card memories, then runs the loop. The loop blocks in
 * SDL_WaitEventTimeout when nothing moves: forever when idle, until the next
 * second while a clock is on screen, one frame while animating. Every frame
 * is a fresh draw list from the top screen, replayed by the backend. */
#include "app.h"
#include "render.h"
#include "script.h"
#include "shell.h"
#include "text.h"

#include "cloudprep/platform.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

/* ---- the screen stack --------------------------------------------------- */

void cp_app_push(cp_app *app, const cp_screen *screen, const char *arg)
{
    if (app->depth == CP_STACK_MAX)
        return;
    app->stack[app->depth].screen = screen;
    app->stack[app->depth].state = NULL;
    app->depth++;
    screen->enter(app, &app->stack[app->depth - 1].state, arg);
}

void cp_app_pop(cp_app *app)
{
    if (app->depth <= 1) {
        app->quit = true;
        return;
    }
    app->depth--;
    app->stack[app->depth].screen->leave(app, app->stack[app->depth].state);
    /* Let the screen below refresh what it shows. */
    const cp_screen *below = app->stack[app->depth - 1].screen;
    if (below->enter && below == &cp_screen_home) {
        below->leave(app, app->stack[app->depth - 1].state);
        below->enter(app, &app->stack[app->depth - 1].state, NULL);
    }
}

void cp_app_toast(cp_app *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->toast, sizeof app->toast, fmt, ap);
    va_end(ap);
    app->toast_until = app->clock + 6.0;
}

bool cp_app_check(cp_app *app, cp_status status, const cp_error *err)
{
    if (status == CP_OK)
        return true;
    cp_app_toast(app, "Could not save: %s", err ? err->message : cp_status_name(status));
    return false;
}

void cp_app_apply_settings(cp_app *app)
{
    app->settings = *cp_learner_settings(app->learner);
    app->ui.theme = cp_theme_get(app->settings.theme);
    app->ui.font_scale = (float)app->settings.font_scale;
}

bool cp_app_save_settings(cp_app *app, const cp_settings *settings)
{
    cp_game_notes notes = {0};
    cp_error err = {0};
    bool ok = cp_app_check(app, cp_learner_set_settings(app->learner, settings, app->now, &notes,
                                                        &err), &err);
    cp_app_apply_settings(app);
    cp_app_notes(app, &notes);
    return ok;
}

bool cp_app_start_attempt(cp_app *app, cp_exam_kind kind)
{
    cp_app_end_attempt(app);
    cp_error err = {0};
    if (cp_attempt_start(app->learner, kind, app->now, &app->attempt, &err) != CP_OK) {
        cp_app_toast(app, "Cannot start the exam: %s", err.message);
        app->attempt = NULL;
        return false;
    }
    return true;
}

bool cp_app_finish_attempt(cp_app *app)
{
    if (!app->attempt)
        return false;
    cp_game_notes notes = {0};
    cp_error err = {0};
    if (!cp_app_check(app, cp_attempt_finish(app->attempt, app->now, &notes, &err), &err))
        return false;
    cp_app_notes(app, &notes);
    const cp_score_report *r = cp_attempt_report(app->attempt);
    if (cp_attempt_kind(app->attempt) == CP_EXAM_MOCK && r && r->passed)
        cp_app_feedback(app, CP_FEEDBACK_PASS);
    return true;
}

void cp_app_end_attempt(cp_app *app)
{
    cp_attempt_free(app->attempt, app->now);    /* an open one is stored as abandoned */
    app->attempt = NULL;
}

cp_rect cp_shell_top_bar(cp_app *app, const char *title, const char *right)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    int h = cp_ui_px(ui, 64), pad = cp_ui_px(ui, 28);
    cp_ui_rect(ui, (cp_rect){0, 0, ui->width, h}, t->panel, 0);
    cp_ui_rect(ui, (cp_rect){0, h - 1, ui->width, 1}, t->border, 0);
    int fs = cp_ui_font(ui, 22), lh = cp_text_line_height(ui->fonts, fs);
    int right_w = right ? ui->width / 3 : 0;
    /* The brand mark: a small orange tile. */
    int mark = cp_ui_px(ui, 26);
    cp_ui_rect(ui, (cp_rect){pad, (h - mark) / 2, mark, mark}, t->accent, cp_ui_px(ui, 6));
    int tx = pad + mark + cp_ui_px(ui, 12);
    cp_ui_text(ui, (cp_rect){tx, (h - lh) / 2, ui->width - tx - right_w - pad, lh}, title,
               CP_FONT_BOLD, fs, t->text, CP_TEXT_ELLIPSIS);
    if (right) {
        int rs = cp_ui_font(ui, 15), rlh = cp_text_line_height(ui->fonts, rs);
        cp_ui_text(ui, (cp_rect){ui->width - pad - right_w, (h - rlh) / 2, right_w, rlh}, right,
                   CP_FONT_REGULAR, rs, t->muted, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    }
    return (cp_rect){pad, h + cp_ui_px(ui, 20), ui->width - 2 * pad, ui->height - h - cp_ui_px(ui, 40)};
}

/* ---- one frame ------------------------------------------------------------ */

static const char *help_lines[] = {
    "Space / Enter\tShow the answer; on the answer side, rate Good",
    "1  2  3  4\tRate Again, Hard, Good, Easy",
    "A \xe2\x80\x93 E  (or 1 \xe2\x80\x93 5)\tPick an option",
    "Space\tToggle an option in a multiple-response question",
    "Enter\tSubmit the answer",
    "U  or  Ctrl+Z\tUndo the last answer",
    "Esc\tBack (progress is already saved)",
    "F11\tFullscreen",
    "?\tShow or hide this list",
};

static void draw_help(cp_app *app)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    int n = (int)(sizeof help_lines / sizeof help_lines[0]);
    int fs = cp_ui_font(ui, 17), lh = cp_text_line_height(ui->fonts, fs) + cp_ui_px(ui, 6);
    int pad = cp_ui_px(ui, 28);
    cp_rect r = cp_ui_modal(ui, cp_ui_px(ui, 760), lh * (n + 2) + 2 * pad);
    int tf = cp_ui_font(ui, 22), tlh = cp_text_line_height(ui->fonts, tf);
    cp_ui_text(ui, (cp_rect){r.x + pad, r.y + pad, r.w - 2 * pad, tlh}, "Keyboard", CP_FONT_BOLD, tf,
               t->text, CP_TEXT_ELLIPSIS);
    int y = r.y + pad + tlh + cp_ui_px(ui, 12);
    int col = (r.w - 2 * pad) * 2 / 5;
    for (int i = 0; i < n && y + lh <= r.y + r.h - pad / 2; i++) {
        const char *tab = strchr(help_lines[i], '\t');
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(tab - help_lines[i]), help_lines[i]);
        cp_ui_text(ui, (cp_rect){r.x + pad, y, col - cp_ui_px(ui, 10), lh}, key, CP_FONT_BOLD, fs,
                   t->accent, CP_TEXT_ELLIPSIS);
        cp_ui_text(ui, (cp_rect){r.x + pad + col, y, r.w - 2 * pad - col, lh}, tab + 1, CP_FONT_REGULAR,
                   fs, t->text, CP_TEXT_ELLIPSIS);
        y += lh;
    }
}

static void frame(cp_app *app, int w, int h)
{
    cp_ui_begin(&app->ui, w, h);
    app->animating = false;
    app->ticking = false;
    if (app->depth > 0)
        app->stack[app->depth - 1].screen->draw(app, app->stack[app->depth - 1].state);
    cp_fx_draw(app);
    if (app->help_overlay)
        draw_help(app);
    if (app->toast[0] && app->clock < app->toast_until) {
        cp_ui *ui = &app->ui;
        int fs = cp_ui_font(ui, 16), lh = cp_text_line_height(ui->fonts, fs);
        int bw = w - 2 * cp_ui_px(ui, 40), bh = lh + cp_ui_px(ui, 20);
        cp_rect r = {(w - bw) / 2, h - bh - cp_ui_px(ui, 20), bw, bh};
        cp_ui_rect(ui, r, ui->theme->bad, cp_ui_px(ui, 10));
        cp_ui_text(ui, (cp_rect){r.x + cp_ui_px(ui, 14), r.y + (bh - lh) / 2, bw - cp_ui_px(ui, 28), lh},
                   app->toast, CP_FONT_BOLD, fs, ui->theme->accent_text, CP_TEXT_ELLIPSIS);
    }
    app->ui.clicked = false;
}

static void dispatch(cp_app *app, const cp_input *in)
{
    if (in->kind == CP_INPUT_KEY && in->key == '?') {
        app->help_overlay = !app->help_overlay;
        return;
    }
    if (app->help_overlay) {
        if (in->kind == CP_INPUT_KEY || in->kind == CP_INPUT_CLICK)
            app->help_overlay = false;
        return;
    }
    if (in->kind == CP_INPUT_CLICK) {
        app->ui.clicked = true;
        app->ui.click_x = in->x;
        app->ui.click_y = in->y;
        app->ui.mouse_x = in->x;
        app->ui.mouse_y = in->y;
        return;     /* clicks are taken by widgets during the next frame */
    }
    if (app->depth > 0)
        app->stack[app->depth - 1].screen->event(app, app->stack[app->depth - 1].state, in);
}

/* ---- start-up and shut-down ------------------------------------------------ */

static const struct named_screen {
    const char *name;
    const cp_screen *screen;
    const char *arg;
} named_screens[] = {
    {"home", &cp_screen_home, NULL},
    {"drill", &cp_screen_drill, NULL},
    {"drill-answer", &cp_screen_drill, "answer"},
    {"settings", &cp_screen_settings, NULL},
    {"quiz", &cp_screen_quiz, "demo"},
    {"quiz-setup", &cp_screen_quiz, NULL},
    {"exam", &cp_screen_exam, NULL},
    {"exam-navigator", &cp_screen_exam, "navigator"},
    {"results", &cp_screen_results, NULL},
    {"review", &cp_screen_review, NULL},
    {"diagnostic", &cp_screen_diagnostic, NULL},
    {"stats", &cp_screen_stats, NULL},
};

const char *const cp_app_screen_names[] = {
    "home", "drill", "drill-answer", "settings", "quiz", "quiz-setup", "exam", "exam-navigator",
    "results", "review", "diagnostic", "stats", NULL,
};

static const cp_screen *screen_named(const char *name, const char **arg)
{
    *arg = NULL;
    for (size_t i = 0; i < sizeof named_screens / sizeof named_screens[0]; i++)
        if (strcmp(name ? name : "home", named_screens[i].name) == 0) {
            *arg = named_screens[i].arg;
            return named_screens[i].screen;
        }
    return NULL;
}

/* Answers a started exam the way a fair candidate might (about seven in ten
 * right, a few flagged, the last ones left open) so that the exam, results
 * and review screens can be shown with realistic data. */
static void demo_answers(cp_app *app, size_t upto)
{
    cp_attempt_run *run = app->attempt;
    size_t n = cp_attempt_count(run);
    cp_error err = {0};
    for (size_t i = 0; i < n && i < upto; i++) {
        cp_exam_view v;
        if (cp_attempt_view(run, i, &v) != CP_OK)
            break;
        uint32_t right = cp_exam_correct_mask(v.card);
        uint32_t wrong = right ^ (right & (0u - right)) ^ (1u << v.choice_order[0]);
        if (!cp_app_check(app, cp_attempt_answer(run, i, (i * 7) % 10 < 7 ? right : (wrong ? wrong : 1u),
                                                 app->now, &err), &err))
            break;
        if (i % 9 == 4)
            cp_app_check(app, cp_attempt_flag(run, i, true, app->now, &err), &err);
    }
}

static bool write_png(SDL_Renderer *ren, int w, int h, const char *path)
{
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    if (!px)
        return false;
    bool ok = SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ABGR8888, px, w * 4) == 0 &&
              stbi_write_png(path, w, h, 4, px, w * 4) != 0;
    free(px);
    return ok;
}

/* Renders one frame of a screen with the software renderer, no window. */
static int screenshot(cp_app *app, const cp_app_run *o)
{
    const char *arg;
    if (!screen_named(o->screen, &arg)) {
        fprintf(stderr, "cloudprep: unknown screen '%s' (see --help)\n", o->screen);
        return 2;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, o->width, o->height, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    cp_renderer *r = ren ? cp_renderer_new(ren, app->ui.fonts, 2048) : NULL;
    int rc = 0;
    if (!r) {
        fprintf(stderr, "cloudprep: cannot create a software renderer: %s\n", SDL_GetError());
        rc = 2;
    } else {
        cp_app_show(app, o->screen);
        /* The steady screen: no banners from opening, no flash. */
        cp_fx_free(app);
        app->ui.mouse_x = app->ui.mouse_y = -1;
        frame(app, o->width, o->height);
        cp_renderer_draw(r, &app->ui.list, app->ui.theme->bg);
        if (!write_png(ren, o->width, o->height, o->screenshot)) {
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

static int run_window(cp_app *app, const cp_app_run *o)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_GAMECONTROLLER) != 0) {
        fprintf(stderr, "cloudprep: cannot start the display: %s\n", SDL_GetError());
        return 2;
    }
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "1");
    /* With the software renderer, present through the X11 framebuffer
     * rather than an OpenGL texture (which is llvmpipe without a GPU). */
    const char *driver = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (driver && strcmp(driver, "software") == 0)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_Window *win = SDL_CreateWindow("cloudprep \xe2\x80\x94 AWS Cloud Practitioner trainer",
                                       SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o->width, o->height,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!win) {
        fprintf(stderr, "cloudprep: cannot open a window: %s\n", SDL_GetError());
        return 2;
    }
    SDL_SetWindowMinimumSize(win, 960, 600);
    /* Hardware with vsync when there is one; SDL_RENDER_DRIVER is honoured
     * by SDL itself; the software renderer is the fallback. */
    SDL_Renderer *ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!ren) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    }
    cp_renderer *r = ren ? cp_renderer_new(ren, app->ui.fonts, 1024) : NULL;
    if (!r) {
        fprintf(stderr, "cloudprep: cannot create a renderer: %s\n", SDL_GetError());
        SDL_DestroyWindow(win);
        return 2;
    }
    cp_script *script = NULL;
    if (o->script) {
        char err[256];
        script = cp_script_load(o->script, err, sizeof err);
        if (!script) {
            fprintf(stderr, "cloudprep: %s\n", err);
            cp_renderer_free(r);
            SDL_DestroyRenderer(ren);
            SDL_DestroyWindow(win);
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
        SDL_GetRendererOutputSize(ren, &w, &h);
        app->clock = (double)(SDL_GetTicks64() - start) / 1000.0;
        if (!script)
            app->now = cp_platform_now();
        if (dirty || app->animating || app->clock < app->anim_until) {
            frame(app, w, h);
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
                dispatch(app, &in);
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
            case CP_STEP_SHOT:
                frame(app, w, h);
                cp_renderer_draw(r, &app->ui.list, app->ui.theme->bg);
                if (!write_png(ren, w, h, step.path)) {
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
        int timeout = app->animating || app->clock < app->anim_until ? 16
                    : app->ticking ? 1000 - (int)(SDL_GetTicks64() % 1000) : -1;
        SDL_Event e;
        if (!SDL_WaitEventTimeout(&e, timeout)) {
            dirty |= app->ticking;
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
                dispatch(app, &in);
                dirty = true;
            }
        } while (SDL_PollEvent(&e));
    }
    cp_script_free(script);
    if (pad)
        SDL_GameControllerClose(pad);
    cp_renderer_free(r);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    return rc;
}

cp_app *cp_app_open(const cp_app_options *options, bool exclusive, int *exit_code,
                    char *error, size_t error_size)
{
    *exit_code = 0;
    char data_dir[1024];
    if (options->data_dir)
        snprintf(data_dir, sizeof data_dir, "%s", options->data_dir);
    else if (!cp_platform_data_dir(data_dir, sizeof data_dir)) {
        snprintf(error, error_size, "neither XDG_DATA_HOME nor HOME is set; use --data-dir DIR");
        *exit_code = 2;
        return NULL;
    }
    cp_app *app = calloc(1, sizeof *app);
    if (!app) {
        *exit_code = 2;
        return NULL;
    }
    app->mute = options->mute;
    app->now = cp_platform_now();
    cp_error err = {0};
    if (cp_store_open(data_dir, &(cp_store_desc){.exclusive = exclusive}, &app->store, &err) != CP_OK) {
        snprintf(error, error_size, "%s: %s", err.file, err.message);
        free(app);
        *exit_code = 3;
        return NULL;
    }
    const char *paths[] = {options->deck_dir};
    /* Unreadable paths are reported below with the deck's diagnostics. */
    CP_IGNORE(cp_deck_load(paths, 1, &app->deck, &err));
    for (size_t i = 0; i < cp_deck_diag_count(app->deck); i++) {
        const cp_diag *g = cp_deck_diag(app->deck, i);
        if (g->line)
            fprintf(stderr, "cloudprep: warning: %s:%u: %s (card skipped)\n", g->file, g->line, g->message);
        else
            fprintf(stderr, "cloudprep: warning: %s: %s\n", g->file, g->message);
    }
    size_t n = cp_deck_count(app->deck);
    if (n == 0)
        fprintf(stderr, "cloudprep: warning: %s: no usable card (the app starts without a deck;"
                        " `cloudprep check %s` lists what is wrong)\n",
                options->deck_dir, options->deck_dir);
    cp_game_notes notes = {0};
    if (cp_learner_open(app->store, app->deck, NULL, app->now, &app->learner, &notes, &err) != CP_OK) {
        snprintf(error, error_size, "%s%s%s", err.file, err.file[0] ? ": " : "", err.message);
        *exit_code = 3;
        cp_app_close(app);
        return NULL;
    }
    /* An exam a crash left open is closed as abandoned; one finished
     * without its misses in the drill gets them. */
    if (exclusive && cp_attempt_repair(app->learner, app->now, NULL, &err) != CP_OK)
        fprintf(stderr, "cloudprep: warning: could not close an earlier exam: %s\n", err.message);
    if (TTF_Init() != 0) {
        snprintf(error, error_size, "cannot start SDL_ttf: %s", TTF_GetError());
        *exit_code = 2;
        cp_app_close(app);
        return NULL;
    }
    app->ttf = true;
    cp_app_apply_settings(app);
    app->ui.fonts = cp_fonts_open(options->font_path, error, error_size);
    if (!app->ui.fonts) {
        *exit_code = 2;
        cp_app_close(app);
        return NULL;
    }
    cp_app_notes(app, &notes);
    return app;
}

void cp_app_close(cp_app *app)
{
    if (!app)
        return;
    while (app->depth > 0) {
        app->depth--;
        app->stack[app->depth].screen->leave(app, app->stack[app->depth].state);
    }
    cp_app_end_attempt(app);
    cp_learner_free(app->learner);
    cp_fx_free(app);
    cp_fonts_close(app->ui.fonts);
    if (app->ttf)
        TTF_Quit();
    cp_draw_free(&app->ui.list);
    cp_deck_free(app->deck);
    cp_store_close(app->store);
    free(app);
}

bool cp_app_show(cp_app *app, const char *name)
{
    const char *arg;
    const cp_screen *screen = screen_named(name, &arg);
    if (!screen)
        return false;
    while (app->depth > 0) {
        app->depth--;
        app->stack[app->depth].screen->leave(app, app->stack[app->depth].state);
    }
    app->quit = false;
    cp_app_push(app, &cp_screen_home, NULL);
    if (screen == &cp_screen_home)
        return true;
    bool finished = screen == &cp_screen_results || screen == &cp_screen_review ||
                    (screen == &cp_screen_diagnostic && strcmp(name, "diagnostic") == 0);
    if (screen == &cp_screen_exam || finished) {
        /* An exam with answers (finished for results and review). */
        cp_app_push(app, &cp_screen_exam, screen == &cp_screen_diagnostic ? "diagnostic" : arg);
        if (!app->attempt)
            return true;
        demo_answers(app, finished ? 62 : 5);
        if (!finished)
            return true;
        cp_app_finish_attempt(app);
        cp_app_pop(app);
        if (screen == &cp_screen_review)
            cp_app_push(app, &cp_screen_results, NULL);
    }
    cp_app_push(app, screen, arg);
    return true;
}

const cp_draw_list *cp_app_frame(cp_app *app, int width, int height)
{
    frame(app, width, height);
    return &app->ui.list;
}

void cp_app_input(cp_app *app, const cp_input *input) { dispatch(app, input); }
const char *cp_app_screen(const cp_app *app)
{
    return app->depth ? app->stack[app->depth - 1].screen->name : "";
}
bool cp_app_quitting(const cp_app *app) { return app->quit; }
void cp_app_set_now(cp_app *app, int64_t now) { app->now = now; }

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
    char tmp[512] = "";
    cp_app_options opts = *options;
    if (o.screenshot) {
        const char *tmpdir = getenv("TMPDIR");
        if (!tmpdir || !*tmpdir || strlen(tmpdir) > sizeof tmp - 32)
            tmpdir = "/tmp";
        snprintf(tmp, sizeof tmp, "%s/cloudprep-shot-XXXXXX", tmpdir);
        if (!mkdtemp(tmp)) {
            fprintf(stderr, "cloudprep: cannot create a temporary directory in %s: %s\n", tmpdir,
                    strerror(errno));
            return 2;
        }
        char src[1024], copy[600];
        cp_error err = {0};
        bool existed = false;
        snprintf(copy, sizeof copy, "%s/progress.db", tmp);
        if (!(options->data_dir ? snprintf(src, sizeof src, "%s", options->data_dir) > 0
                                : cp_platform_data_dir(src, sizeof src))) {
            fprintf(stderr, "cloudprep: neither XDG_DATA_HOME nor HOME is set; use --data-dir DIR\n");
            rmdir(tmp);
            return 2;
        }
        if (cp_store_copy(src, copy, &existed, &err) != CP_OK) {
            fprintf(stderr, "cloudprep: %s: %s\n", err.file, err.message);
            unlink(copy);
            rmdir(tmp);
            return 3;
        }
        opts.data_dir = tmp;
        opts.mute = true;
    }
    cp_app *app = cp_app_open(&opts, !o.screenshot, &rc, error, sizeof error);
    if (!app) {
        fprintf(stderr, "cloudprep: %s\n", error);
        return rc;
    }
    if (o.screenshot) {
        rc = screenshot(app, &o);
    } else {
        cp_app_push(app, &cp_screen_home, NULL);
        rc = run_window(app, &o);
    }
    cp_app_close(app);
    SDL_Quit();
    if (tmp[0]) {
        /* Everything the copy left: the database, its WAL and stamp, the
         * lock, a backup before a migration. */
        DIR *d = opendir(tmp);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            char path[800];
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
                (size_t)snprintf(path, sizeof path, "%s/%s", tmp, e->d_name) < sizeof path)
                unlink(path);
        }
        if (d)
            closedir(d);
        rmdir(tmp);
    }
    return rc;
}
