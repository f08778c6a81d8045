/* A plain placeholder for screens that are not built yet (quiz rounds, mock
 * exams, the diagnostic, statistics): it says what the screen will do and
 * that it is not here yet, instead of a dead button. */
#include "shell.h"

#include <stdlib.h>
#include <string.h>

typedef struct soon_state { const char *what; } soon_state;

static const struct { const char *key, *title, *body; } pages[] = {
    {"quiz", "Quiz rounds",
     "Timed rounds of 5, 10 or 20 exam-style questions with a combo counter and a score. "
     "This screen is not built yet: it arrives with the exam screens. Your daily drill already "
     "covers every question in the bank."},
    {"mock", "Mock exam",
     "A full 65-question, 90-minute mock exam scored from 100 to 1000 like the real one, with a "
     "domain report and a review of every miss. This screen is not built yet: it arrives with the "
     "exam screens."},
    {"diagnostic", "Diagnostic",
     "Ten questions across the four domains that estimate your score, find your weakest domain and "
     "make a study plan. This screen is not built yet: it arrives with the exam screens. Until "
     "then, start with today's drill."},
    {"stats", "Statistics",
     "A review heatmap, the forecast of cards due, mock scores over time and your mastery of each "
     "domain. This screen is not built yet."},
};

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)app;
    soon_state *s = calloc(1, sizeof *s);
    s->what = arg ? arg : "stats";
    *state = s;
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    free(state);
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    (void)state;
    if (in->kind == CP_INPUT_KEY && (in->key == CP_KEY_ESCAPE || in->key == CP_KEY_ENTER ||
                                     in->key == CP_KEY_SPACE))
        cp_app_pop(app);
}

static void draw(cp_app *app, void *state)
{
    soon_state *s = state;
    cp_ui *ui = &app->ui;
    size_t i = 0;
    while (i + 1 < sizeof pages / sizeof pages[0] && strcmp(pages[i].key, s->what) != 0)
        i++;
    cp_rect c = cp_shell_top_bar(app, pages[i].title, "Esc back");
    int w = c.w < cp_ui_px(ui, 760) ? c.w : cp_ui_px(ui, 760);
    cp_rect panel = {c.x + (c.w - w) / 2, c.y + cp_ui_px(ui, 40), w, cp_ui_px(ui, 330)};
    if (panel.h > c.h - cp_ui_px(ui, 40))
        panel.h = c.h - cp_ui_px(ui, 40);
    cp_ui_panel(ui, panel);
    int pad = cp_ui_px(ui, 30);
    int ts = cp_ui_font(ui, 26), tlh = cp_text_line_height(ui->fonts, ts);
    cp_ui_text(ui, (cp_rect){panel.x + pad, panel.y + pad, panel.w - 2 * pad, tlh}, pages[i].title,
               CP_FONT_BOLD, ts, ui->theme->text, CP_TEXT_ELLIPSIS);
    int bh = cp_ui_px(ui, 52);
    cp_rect body = {panel.x + pad, panel.y + pad + tlh + cp_ui_px(ui, 14), panel.w - 2 * pad,
                    panel.h - 3 * pad - tlh - bh - cp_ui_px(ui, 14)};
    int fs = cp_ui_fit(ui, body, pages[i].body, CP_FONT_REGULAR, cp_ui_font(ui, 18), 9);
    cp_ui_text(ui, body, pages[i].body, CP_FONT_REGULAR, fs, ui->theme->muted, CP_TEXT_WRAP);
    if (cp_ui_button(ui, (cp_rect){panel.x + pad, panel.y + panel.h - pad - bh, cp_ui_px(ui, 220), bh},
                     "Back", "Esc", CP_BUTTON_NORMAL))
        cp_app_pop(app);
}

const cp_screen cp_screen_soon = {"soon", enter, event, draw, leave};
