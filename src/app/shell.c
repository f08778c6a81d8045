/* The app without its platform: start-up of the model, the screen stack,
 * one frame, input dispatch, and the headless driving API.
 *
 * Start-up opens the learner's store (refusing a bad one before any window
 * opens, exit 3), loads the decks (bad cards are reported and skipped) and
 * the card memories. Every frame is a fresh draw list from the top screen,
 * with the celebrations, the key list and the toast over it; the platform
 * (platform/) replays it and runs the loop. */
#include "app.h"
#include "shell.h"

#include "cloudprep/platform.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the screen stack --------------------------------------------------- */

static void queue(cp_app *app, cp_stack_op op, const cp_screen *screen, const char *arg)
{
    if (app->n_pending == CP_STACK_PENDING_MAX)
        return;                 /* more than any screen asks for in one go */
    app->pending[app->n_pending].op = op;
    app->pending[app->n_pending].screen = screen;
    app->pending[app->n_pending].arg = arg;
    app->n_pending++;
}

void cp_app_push(cp_app *app, const cp_screen *screen, const char *arg)
{
    queue(app, CP_STACK_PUSH, screen, arg);
}

void cp_app_pop(cp_app *app)
{
    queue(app, CP_STACK_POP, NULL, NULL);
}

void cp_app_replace(cp_app *app, const cp_screen *screen, const char *arg)
{
    queue(app, CP_STACK_REPLACE, screen, arg);
}

static void leave_top(cp_app *app)
{
    app->depth--;
    app->stack[app->depth].screen->leave(app, app->stack[app->depth].state);
    app->stack[app->depth].state = NULL;
}

static void enter_top(cp_app *app, const cp_screen *screen, const char *arg)
{
    if (app->depth == CP_STACK_MAX)
        return;
    app->stack[app->depth].screen = screen;
    app->stack[app->depth].state = NULL;
    app->depth++;
    screen->enter(app, &app->stack[app->depth - 1].state, arg);
}

bool cp_app_settle(cp_app *app)
{
    bool changed = app->n_pending > 0;
    /* Entering or resuming a screen may ask for more: those run too. */
    for (int i = 0; i < app->n_pending; i++) {
        const cp_screen *screen = app->pending[i].screen;
        const char *arg = app->pending[i].arg;
        switch (app->pending[i].op) {
        case CP_STACK_PUSH:
            enter_top(app, screen, arg);
            break;
        case CP_STACK_REPLACE:
            if (app->depth > 0)
                leave_top(app);
            enter_top(app, screen, arg);
            break;
        case CP_STACK_POP:
            if (app->depth <= 1) {
                app->quit = true;
                break;
            }
            leave_top(app);
            if (app->stack[app->depth - 1].screen->resume)
                app->stack[app->depth - 1].screen->resume(app, app->stack[app->depth - 1].state);
            break;
        }
    }
    app->n_pending = 0;
    return changed;
}

void cp_app_clear(cp_app *app)
{
    app->n_pending = 0;
    while (app->depth > 0)
        leave_top(app);
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
    int h = cp_ui_px(ui, CP_BAR_H), pad = cp_ui_px(ui, CP_MARGIN);
    cp_ui_rect(ui, (cp_rect){0, 0, ui->width, h}, t->panel, 0);
    cp_ui_rect(ui, (cp_rect){0, h - 1, ui->width, 1}, t->border, 0);
    int fs = cp_ui_font(ui, CP_SIZE_TITLE), lh = cp_ui_line_height(ui, fs);
    int right_w = right ? ui->width / 3 : 0;
    /* The brand mark: a small orange tile. */
    int mark = cp_ui_px(ui, CP_BRAND);
    cp_ui_rect(ui, (cp_rect){pad, (h - mark) / 2, mark, mark}, t->accent, cp_ui_px(ui, CP_RADIUS_XS));
    int tx = pad + mark + cp_ui_px(ui, CP_SPACE_L);
    cp_ui_text(ui, (cp_rect){tx, (h - lh) / 2, ui->width - tx - right_w - pad, lh}, title,
               CP_FONT_BOLD, fs, t->text, CP_TEXT_ELLIPSIS);
    if (right) {
        int rs = cp_ui_font(ui, CP_SIZE_LABEL), rlh = cp_ui_line_height(ui, rs);
        cp_ui_text(ui, (cp_rect){ui->width - pad - right_w, (h - rlh) / 2, right_w, rlh}, right,
                   CP_FONT_REGULAR, rs, t->muted, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    }
    return (cp_rect){pad, h + cp_ui_px(ui, CP_GAP), ui->width - 2 * pad, ui->height - h - cp_ui_px(ui, 2 * CP_GAP)};
}

bool cp_shell_back_clicked(cp_app *app)
{
    cp_ui *ui = &app->ui;
    if (!ui->clicked || ui->click_y >= cp_ui_px(ui, CP_BAR_H))
        return false;
    ui->clicked = false;
    return true;
}

bool cp_shell_mixup_line(cp_app *app, size_t card, uint32_t chosen, char *out, size_t size)
{
    if (size)
        out[0] = '\0';
    const cp_confusion *tally = NULL;
    cp_error err = {0};
    cp_confusion_pair p;
    cp_time now = cp_learner_now(app->learner, app->now);
    if (cp_learner_confusion(app->learner, now, &tally, &err) != CP_OK ||
        !cp_confusion_explain(tally, card, chosen, now, &p))
        return false;
    const cp_confusion_map *map = cp_confusion_tally_map(tally);
    const char *picked = cp_confusion_subject(map, p.chosen)->name;
    const char *keyed = cp_confusion_subject(map, p.keyed)->name;
    if (p.misses > 10) {        /* "the 132nd time" reads as a count, not a warning */
        snprintf(out, size, "You have chosen %s where %s was right %u times.", picked, keyed, p.misses);
        return true;
    }
    char nth[16];
    cp_confusion_ordinal(p.misses, nth, sizeof nth);
    nth[0] = (char)(nth[0] - 'a' + 'A');
    snprintf(out, size, "%s time you chose %s where %s was right.", nth, picked, keyed);
    return true;
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
    int fs = cp_ui_font(ui, CP_SIZE_BODY), lh = cp_ui_line_height(ui, fs) + cp_ui_px(ui, CP_SPACE_S);
    int pad = cp_ui_px(ui, CP_MARGIN);
    cp_rect r = cp_ui_modal(ui, cp_ui_px(ui, CP_WIDTH_FORM), lh * (n + 2) + 2 * pad);
    int tf = cp_ui_font(ui, CP_SIZE_TITLE), tlh = cp_ui_line_height(ui, tf);
    cp_ui_text(ui, (cp_rect){r.x + pad, r.y + pad, r.w - 2 * pad, tlh}, "Keyboard", CP_FONT_BOLD, tf,
               t->text, CP_TEXT_ELLIPSIS);
    int y = r.y + pad + tlh + cp_ui_px(ui, CP_SPACE_L);
    int col = (r.w - 2 * pad) * 2 / 5;
    for (int i = 0; i < n && y + lh <= r.y + r.h - pad / 2; i++) {
        const char *tab = strchr(help_lines[i], '\t');
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(tab - help_lines[i]), help_lines[i]);
        cp_ui_text(ui, (cp_rect){r.x + pad, y, col - cp_ui_px(ui, CP_SPACE), lh}, key, CP_FONT_BOLD, fs,
                   t->accent, CP_TEXT_ELLIPSIS);
        cp_ui_text(ui, (cp_rect){r.x + pad + col, y, r.w - 2 * pad - col, lh}, tab + 1, CP_FONT_REGULAR,
                   fs, t->text, CP_TEXT_ELLIPSIS);
        y += lh;
    }
}

const cp_draw_list *cp_app_frame(cp_app *app, int w, int h)
{
    cp_ui_begin(&app->ui, w, h);
    app->animating = false;
    app->ticking = false;
    app->wake_at = 0;
    cp_app_fit_poll(app);
    /* Time moves first: a screen's update may change the stack (an exam's
     * time-out shows its results), and the screen it brings on top gets
     * its update in turn, so a frame never draws a screen that is over. */
    for (int i = 0; i < CP_STACK_MAX && app->depth > 0; i++) {
        const cp_screen *top = app->stack[app->depth - 1].screen;
        if (top->update)
            top->update(app, app->stack[app->depth - 1].state);
        if (!cp_app_settle(app))
            break;
    }
    if (app->depth > 0)
        app->stack[app->depth - 1].screen->draw(app, app->stack[app->depth - 1].state);
    cp_fx_draw(app);
    if (app->help_overlay)
        draw_help(app);
    if (app->toast[0] && app->clock < app->toast_until) {
        cp_ui *ui = &app->ui;
        int fs = cp_ui_font(ui, CP_SIZE_DETAIL), lh = cp_ui_line_height(ui, fs);
        int bw = w - 2 * cp_ui_px(ui, 2 * CP_GAP), bh = lh + cp_ui_px(ui, CP_GAP);
        cp_rect r = {(w - bw) / 2, h - bh - cp_ui_px(ui, CP_GAP), bw, bh};
        cp_ui_rect(ui, r, ui->theme->bad, cp_ui_px(ui, CP_RADIUS));
        cp_ui_text(ui, (cp_rect){r.x + cp_ui_px(ui, CP_SPACE_XL), r.y + (bh - lh) / 2, bw - cp_ui_px(ui, 2 * CP_SPACE_XL), lh},
                   app->toast, CP_FONT_BOLD, fs, ui->theme->accent_text, CP_TEXT_ELLIPSIS);
    }
    app->ui.clicked = false;
    /* A click that changed the stack: the new screen shows at once. */
    if (cp_app_settle(app))
        app->animating = true;
    return &app->ui.list;
}

void cp_app_input(cp_app *app, const cp_input *in)
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
    cp_app_settle(app);
}

/* ---- start-up and shut-down ------------------------------------------------ */

cp_app *cp_shell_open(const cp_app_options *options, bool exclusive, cp_sound sound,
                      cp_threads threads, int *exit_code, char *error, size_t error_size)
{
    *exit_code = 0;
    char data_dir[1024];
    if (options->data_dir)
        snprintf(data_dir, sizeof data_dir, "%s", options->data_dir);
    else if (!cp_platform_data_dir(data_dir, sizeof data_dir)) {
        snprintf(error, error_size, "%s; use --data-dir DIR", cp_platform_data_dir_missing());
        *exit_code = 2;
        return NULL;
    }
    cp_app *app = calloc(1, sizeof *app);
    if (!app) {
        *exit_code = 2;
        return NULL;
    }
    app->mute = options->mute;
    app->sound = sound;
    app->threads = threads;
    app->now = cp_platform_now();
    cp_error err = {0};
    if (cp_store_open(data_dir, &(cp_store_desc){.exclusive = exclusive}, &app->store, &err) != CP_OK) {
        snprintf(error, error_size, "%s: %s", err.file, err.message);
        free(app);
        *exit_code = 3;
        return NULL;
    }
    /* The bank, then the learner's own decks: a broken file of theirs
     * loses only its own cards (sources.h). Unreadable paths are reported
     * below with the deck's diagnostics. */
    app->sources[0].kind = (cp_source_kind)options->deck_kind;
    snprintf(app->sources[0].path, sizeof app->sources[0].path, "%s",
             options->deck_dir ? options->deck_dir : "");
    app->n_sources = 1;
    if (options->learner_decks) {
        cp_source *mine = &app->sources[app->n_sources++];
        mine->kind = CP_SOURCE_LEARNER;
        snprintf(mine->path, sizeof mine->path, "%s", options->learner_decks);
    } else if (cp_sources_learner(data_dir, &app->sources[1])) {
        app->n_sources++;
    }
    /* The bank's parsed decks are kept in the data directory for the next
     * start (deck.h, cp_deck_load_cached). */
    char cache[1100];
    snprintf(cache, sizeof cache, "%s/decks.cache", data_dir);
    CP_IGNORE(cp_sources_load_cached(app->sources, app->n_sources, cache, &app->deck, NULL, &err));
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
    cp_learner_desc ld = {.threads = threads};
    if (cp_learner_open(app->store, app->deck, &ld, app->now, &app->learner, &notes, &err) !=
        CP_OK) {
        snprintf(error, error_size, "%s%s%s", err.file, err.file[0] ? ": " : "", err.message);
        *exit_code = 3;
        cp_shell_close(app);
        return NULL;
    }
    /* An exam a crash left open is closed as abandoned; one finished
     * without its misses in the drill gets them. */
    if (exclusive && cp_attempt_repair(app->learner, app->now, NULL, &err) != CP_OK)
        fprintf(stderr, "cloudprep: warning: could not close an earlier exam: %s\n", err.message);
    cp_app_apply_settings(app);
    cp_app_notes(app, &notes);
    return app;
}

void cp_shell_close(cp_app *app)
{
    if (!app)
        return;
    cp_app_fit_cancel(app);     /* its thread reads the store: stop it first */
    cp_app_clear(app);
    cp_app_end_attempt(app);
    cp_learner_free(app->learner);
    cp_fx_release(app);
    cp_draw_release(&app->ui.list);
    cp_deck_free(app->deck);
    cp_store_close(app->store);
    free(app);
}

const char *cp_app_screen(const cp_app *app)
{
    return app->depth ? app->stack[app->depth - 1].screen->name : "";
}
bool cp_app_quitting(const cp_app *app) { return app->quit; }
void cp_app_set_now(cp_app *app, int64_t now) { app->now = now; }

