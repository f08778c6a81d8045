/* Settings: one row per setting (the rows, ranges and steps come from the
 * core's settings module). Up/Down or the mouse picks a row, Left/Right or
 * the row's - / + buttons change it, and every change is saved at once.
 * A last row leads to the fit of the scheduler (screens/fit.c, F): what
 * the drill schedules with, and the fit once the core offers it. */
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FIT_ROW = CP_SETTING_COUNT, ROWS = CP_SETTING_COUNT + 1 };

typedef struct settings_state {
    int row;
    cp_fit_offer offer;         /* for the fit's row */
    bool have_offer;
    bool fitting;               /* a fit ran at the last frame */
} settings_state;

static void load_offer(cp_app *app, settings_state *s)
{
    s->have_offer = cp_fit_offer_of(app->learner, app->now, &s->offer, NULL) == CP_OK;
}

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)arg;
    settings_state *s = calloc(1, sizeof *s);
    if (s)
        load_offer(app, s);
    *state = s;
}

static void resume(cp_app *app, void *state)
{
    load_offer(app, state);
}

/* A fit that ends while Settings shows changes the fit's row. */
static void update(cp_app *app, void *state)
{
    settings_state *s = state;
    if (s->fitting && !app->fit.running)
        load_offer(app, s);
    s->fitting = app->fit.running;
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    free(state);
}

static void change(cp_app *app, int row, int dir)
{
    cp_settings changed = app->settings;
    cp_settings_step(&changed, row, dir, app->now);
    cp_app_save_settings(app, &changed);
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    settings_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    if (in->key == 'f' || (s->row == FIT_ROW && (in->key == CP_KEY_ENTER || in->key == CP_KEY_RIGHT ||
                                                 in->key == CP_KEY_SPACE))) {
        cp_app_push(app, &cp_screen_fit, NULL);
        return;
    }
    switch (in->key) {
    case CP_KEY_ESCAPE: cp_app_pop(app); break;
    case CP_KEY_UP: case 'k': s->row = (s->row + ROWS - 1) % ROWS; break;
    case CP_KEY_DOWN: case 'j': case CP_KEY_TAB: s->row = (s->row + 1) % ROWS; break;
    case CP_KEY_LEFT: case '-': change(app, s->row, -1); break;
    case CP_KEY_RIGHT: case '+': case '=': case CP_KEY_ENTER: case CP_KEY_SPACE: change(app, s->row, +1); break;
    default: break;
    }
}

static const char FIT_HELP[] =
    "Fits the scheduler's FSRS parameters to your own answers, so intervals follow how you "
    "remember; offered from 1,000 spaced reviews. F opens it.";

/* The fit's row: what the drill schedules with, and the way to the fit
 * (a primary button once a first fit is offered or a new one is due). */
static void draw_fit_row(cp_app *app, settings_state *s, cp_rect r, int fs, int bw, int pad)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    int lh = cp_ui_line_height(ui, fs);
    bool on = s->row == FIT_ROW;
    cp_ui_rect(ui, r, on ? t->accent : t->border, cp_ui_px(ui, CP_RADIUS));
    cp_ui_rect(ui, cp_rect_inset(r, on ? 2 : 1), on ? t->panel_hi : t->panel, cp_ui_px(ui, CP_RADIUS));
    if (ui->clicked && cp_rect_contains(r, ui->click_x, ui->click_y))
        s->row = FIT_ROW;
    int label_w = (r.w - 2 * pad) / 2;
    cp_ui_text(ui, (cp_rect){r.x + pad, r.y + (r.h - lh) / 2, label_w, lh}, "Fit to my memory",
               CP_FONT_BOLD, fs, t->text, CP_TEXT_ELLIPSIS);
    char value[96];
    const cp_fit_offer *o = &s->offer;
    bool offer = s->have_offer && o->available && (!o->fitted || o->refit_due);
    if (app->fit.running)
        snprintf(value, sizeof value, "fitting\xe2\x80\xa6 %d%%", (int)(app->fit.overall * 100.0f));
    else if (!s->have_offer)
        snprintf(value, sizeof value, "\xe2\x80\x94");
    else if (o->fitted) {
        char day[16];
        cp_day_clock clock = cp_learner_clock(app->learner);
        cp_day_format(cp_day_of(&clock, o->active.fitted_at), day, sizeof day);
        snprintf(value, sizeof value, "fitted %s%s", day, o->refit_due ? " \xc2\xb7 fit again" : "");
    } else if (o->available)
        snprintf(value, sizeof value, "defaults \xc2\xb7 ready to fit");
    else
        snprintf(value, sizeof value, "defaults \xc2\xb7 %lld of %d,%03d spaced reviews",
                 (long long)o->spaced, CP_FIT_MIN_SPACED / 1000, CP_FIT_MIN_SPACED % 1000);
    cp_rect open = {r.x + r.w - pad - 2 * bw - cp_ui_px(ui, CP_SPACE_M), r.y + 4,
                    2 * bw + cp_ui_px(ui, CP_SPACE_M), r.h - 8};
    int vx = r.x + pad + label_w;
    cp_ui_text(ui, (cp_rect){vx, r.y + (r.h - lh) / 2, open.x - vx - pad, lh}, value, CP_FONT_REGULAR,
               fs, offer ? t->accent : on ? t->accent : t->text, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    if (cp_ui_button(ui, open, "Open", NULL, offer ? CP_BUTTON_PRIMARY : CP_BUTTON_NORMAL))
        cp_app_push(app, &cp_screen_fit, NULL);
}

static void draw(cp_app *app, void *state)
{
    settings_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect c = cp_shell_top_bar(app, "Settings", "\xe2\x86\x91\xe2\x86\x93 choose   \xe2\x86\x90\xe2\x86\x92 change   Esc back");
    c = cp_ui_column(ui, c, CP_WIDTH_SETTINGS);
    int gap = cp_ui_px(ui, CP_SPACE_S);
    int row_h = (c.h - cp_ui_px(ui, CP_HELP_H)) / ROWS - gap;
    if (row_h > cp_ui_px(ui, CP_SETTING_H))
        row_h = cp_ui_px(ui, CP_SETTING_H);
    int fs = cp_ui_font_in_row(ui, CP_SIZE_BODY, row_h, 4), lh = cp_ui_line_height(ui, fs);
    int y = c.y;
    int bw = row_h, pad = cp_ui_px(ui, CP_SPACE_2XL);
    for (int row = 0; row < CP_SETTING_COUNT; row++) {
        cp_rect r = {c.x, y, c.w, row_h};
        bool on = row == s->row;
        cp_ui_rect(ui, r, on ? t->accent : t->border, cp_ui_px(ui, CP_RADIUS));
        cp_ui_rect(ui, cp_rect_inset(r, on ? 2 : 1), on ? t->panel_hi : t->panel, cp_ui_px(ui, CP_RADIUS));
        if (ui->clicked && cp_rect_contains(r, ui->click_x, ui->click_y))
            s->row = row;
        int label_w = (c.w - 2 * pad) / 2;
        cp_ui_text(ui, (cp_rect){r.x + pad, r.y + (row_h - lh) / 2, label_w, lh}, cp_settings_label(row),
                   CP_FONT_BOLD, fs, t->text, CP_TEXT_ELLIPSIS);
        char value[64];
        cp_settings_value(&app->settings, row, value, sizeof value);
        /* With an exam date the plan sets the drill's new cards (help). */
        const cp_game_state *g = app->learner ? cp_learner_game(app->learner) : NULL;
        if (row == CP_SETTING_NEW_PER_DAY && g && g->has_plan && g->plan_new_today >= 0) {
            size_t len = strlen(value);
            snprintf(value + len, sizeof value - len, " \xc2\xb7 plan: %d today",
                     g->plan_new_today);
        }
        cp_rect minus = {r.x + r.w - pad - 2 * bw - cp_ui_px(ui, CP_SPACE_M), r.y + 4, bw, row_h - 8};
        cp_rect plus = {r.x + r.w - pad - bw, r.y + 4, bw, row_h - 8};
        int vx = r.x + pad + label_w;
        cp_ui_text(ui, (cp_rect){vx, r.y + (row_h - lh) / 2, minus.x - vx - pad, lh}, value,
                   CP_FONT_REGULAR, fs, on ? t->accent : t->text, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
        if (cp_ui_button(ui, minus, "\xe2\x88\x92", NULL, CP_BUTTON_NORMAL)) {
            s->row = row;
            change(app, row, -1);
        }
        if (cp_ui_button(ui, plus, "+", NULL, CP_BUTTON_NORMAL)) {
            s->row = row;
            change(app, row, +1);
        }
        y += row_h + gap;
    }
    draw_fit_row(app, s, (cp_rect){c.x, y, c.w, row_h}, fs, bw, pad);
    y += row_h + gap;
    cp_rect help = {c.x, y + cp_ui_px(ui, CP_SPACE_M), c.w, c.y + c.h - y - cp_ui_px(ui, CP_SPACE_M)};
    cp_ui_paragraph(ui, help, s->row == FIT_ROW ? FIT_HELP : cp_settings_help(s->row), CP_FONT_REGULAR,
                    CP_SIZE_LABEL, t->muted);
    if (cp_shell_back_clicked(app))
        cp_app_pop(app);
}

const cp_screen cp_screen_settings = {
    .name = "settings", .enter = enter, .event = event, .update = update, .draw = draw, .resume = resume,
    .leave = leave,
};
