/* The mock exam (and the diagnostic, which is a short exam): one question
 * at a time with the countdown always visible (warning colour in the last
 * ten minutes), flags, previous/next, a navigator grid, and a submit
 * confirmation that lists unanswered and flagged items. Every change to an
 * answer or flag is saved at once; at time-out the core closes the session
 * and the results appear. Leaving asks first and records the attempt as
 * abandoned. Nothing here knows which items are scored. */
#include "question.h"
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The navigator's grid is 13 wide (65 = 5 rows); the clock turns to the
 * warning colour for the last ten minutes. */
enum { NAV_COLUMNS = 13, WARN_SECONDS = 600 };

typedef enum overlay { NONE, NAVIGATOR, CONFIRM_SUBMIT, CONFIRM_LEAVE } overlay;

typedef struct exam_state {
    size_t index;
    int cursor;
    overlay overlay;
    bool failed;            /* the form could not be built */
} exam_state;

static void enter(cp_app *app, void **state, const char *arg)
{
    exam_state *s = calloc(1, sizeof *s);
    *state = s;
    bool diag = arg && strcmp(arg, "diagnostic") == 0;
    if (!cp_app_start_attempt(app, diag ? CP_EXAM_DIAGNOSTIC : CP_EXAM_MOCK))
        s->failed = true;
}

static void leave(cp_app *app, void *state)
{
    /* Closing the window mid-exam lands here too: never lose it silently. */
    if (app->attempt && !cp_attempt_finished(app->attempt)) {
        cp_error err = {0};
        cp_app_check(app, cp_attempt_abandon(app->attempt, app->now, &err), &err);
    }
    free(state);
}

static void finish(cp_app *app)
{
    if (!cp_app_finish_attempt(app))
        return;                 /* the toast says why; the exam stays open */
    bool diag = cp_attempt_kind(app->attempt) == CP_EXAM_DIAGNOSTIC;
    cp_app_replace(app, diag ? &cp_screen_diagnostic : &cp_screen_results, NULL);
}

/* At time-out the core has closed the session: show what it earned. */
static void update(cp_app *app, void *state)
{
    exam_state *s = state;
    if (!s->failed && app->attempt && cp_attempt_tick(app->attempt, app->now) != CP_EXAM_OPEN)
        finish(app);
}

static cp_exam_view view(cp_app *app, size_t i)
{
    cp_exam_view v = {0};
    CP_IGNORE(cp_attempt_view(app->attempt, i, &v));     /* i is always in range here */
    return v;
}

/* The current item as the question widget sees it. */
static cp_question_view question(cp_app *app, exam_state *s, const cp_exam_view *v)
{
    (void)app;
    cp_question_view q = {.card = v->card, .cursor = s->overlay == NONE ? s->cursor : -1};
    memcpy(q.order, v->choice_order, sizeof q.order);
    cp_question_set_deck_mask(&q, v->chosen);
    return q;
}

/* Toggles (multi) or sets (single) the option shown at position k; saved
 * at once. */
static void pick(cp_app *app, exam_state *s, int k)
{
    cp_exam_view v = view(app, s->index);
    if (k < 0 || (size_t)k >= v.n_choices)
        return;
    s->cursor = k;
    cp_question_view q = question(app, s, &v);
    /* In the exam, picking the chosen answer of a single question again
     * clears it (the real exam lets you leave a question blank). */
    if (v.card->type == CP_CARD_SINGLE && q.picked == 1u << k)
        q.picked = 0;
    else
        cp_question_pick(&q, k);
    cp_error err = {0};
    if (cp_attempt_tick(app->attempt, app->now) == CP_EXAM_OPEN)
        cp_app_check(app, cp_attempt_answer(app->attempt, s->index, cp_question_deck_mask(&q),
                                            app->now, &err), &err);
}

static void go(cp_app *app, exam_state *s, long to)
{
    long n = (long)cp_attempt_count(app->attempt);
    if (to < 0 || to >= n)
        return;
    s->index = (size_t)to;
    s->cursor = 0;
}

static void flag(cp_app *app, exam_state *s)
{
    cp_exam_view v = view(app, s->index);
    cp_error err = {0};
    if (cp_attempt_tick(app->attempt, app->now) == CP_EXAM_OPEN)
        cp_app_check(app, cp_attempt_flag(app->attempt, s->index, !v.flagged, app->now, &err), &err);
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    exam_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    if (s->failed || !app->attempt) {
        if (in->key == CP_KEY_ESCAPE || in->key == CP_KEY_ENTER)
            cp_app_pop(app);
        return;
    }
    if (cp_attempt_tick(app->attempt, app->now) != CP_EXAM_OPEN) {
        finish(app);
        return;
    }
    int key = in->key;
    switch (s->overlay) {
    case CONFIRM_SUBMIT:
        if (key == CP_KEY_ENTER || key == 'y')
            finish(app);
        else if (key == CP_KEY_ESCAPE || key == 'n')
            s->overlay = NONE;
        return;
    case CONFIRM_LEAVE:
        if (key == CP_KEY_ENTER || key == 'y') {
            cp_error err = {0};
            cp_app_check(app, cp_attempt_abandon(app->attempt, app->now, &err), &err);
            cp_app_pop(app);
        } else if (key == CP_KEY_ESCAPE || key == 'n') {
            s->overlay = NONE;
        }
        return;
    case NAVIGATOR:
        if (key == CP_KEY_ESCAPE || key == 'n' || key == CP_KEY_ENTER)
            s->overlay = NONE;
        else if (key == CP_KEY_LEFT) go(app, s, (long)s->index - 1);
        else if (key == CP_KEY_RIGHT) go(app, s, (long)s->index + 1);
        else if (key == CP_KEY_UP) go(app, s, (long)s->index - NAV_COLUMNS);
        else if (key == CP_KEY_DOWN) go(app, s, (long)s->index + NAV_COLUMNS);
        return;
    case NONE:
        break;
    }
    cp_exam_view v = view(app, s->index);
    cp_question_view q = question(app, s, &v);
    int k = cp_question_key(&q, key);
    s->cursor = q.cursor;       /* Up, Down and Tab move it */
    if (k >= 0)
        pick(app, s, k);
    else if (key == CP_KEY_RIGHT || key == CP_KEY_ENTER) {
        if (s->index + 1 < cp_attempt_count(app->attempt))
            go(app, s, (long)s->index + 1);
        else if (key == CP_KEY_ENTER)
            s->overlay = CONFIRM_SUBMIT;
    } else if (key == CP_KEY_LEFT)
        go(app, s, (long)s->index - 1);
    else if (key == 'f')
        flag(app, s);
    else if (key == 'n')
        s->overlay = NAVIGATOR;
    else if (key == 's')
        s->overlay = CONFIRM_SUBMIT;
    else if (key == CP_KEY_ESCAPE)
        s->overlay = CONFIRM_LEAVE;
}

/* ---- drawing ----------------------------------------------------------- */

static void draw_navigator(cp_app *app, exam_state *s)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    size_t n = cp_attempt_count(app->attempt);
    int cols = NAV_COLUMNS, rows = (int)((n + NAV_COLUMNS - 1) / NAV_COLUMNS);
    int cell = cp_ui_px(ui, CP_CELL), gap = cp_ui_px(ui, CP_SPACE_M), pad = cp_ui_px(ui, CP_PAD_L);
    int tf = cp_ui_font(ui, CP_SIZE_TITLE), tlh = cp_ui_line_height(ui, tf);
    int lf = cp_ui_font(ui, CP_SIZE_NOTE), llh = cp_ui_line_height(ui, lf);
    int w = cols * cell + (cols - 1) * gap + 2 * pad;
    int h = rows * cell + (rows - 1) * gap + 2 * pad + tlh + llh + cp_ui_px(ui, CP_SPACE_XL + CP_SPACE_2XL);
    cp_rect r = cp_ui_modal(ui, w, h);
    /* A small window: shrink the cells to fit the dialog. */
    int avail_w = r.w - 2 * pad - (cols - 1) * gap, avail_h = r.h - 2 * pad - tlh - llh - cp_ui_px(ui, CP_SPACE_XL + CP_SPACE_2XL) - (rows - 1) * gap;
    if (cell * cols > avail_w) cell = avail_w / cols;
    if (cell * rows > avail_h) cell = avail_h / rows;
    cp_ui_text(ui, (cp_rect){r.x + pad, r.y + pad, r.w - 2 * pad, tlh}, "Navigator", CP_FONT_BOLD, tf, t->text,
               CP_TEXT_ELLIPSIS);
    int answered = 0, flagged = 0;
    int nf = cp_ui_font(ui, CP_SIZE_LABEL);
    if (cp_ui_line_height(ui, nf) > cell - 2)
        nf = cell * 3 / 5;
    int nlh = cp_ui_line_height(ui, nf);
    int gy = r.y + pad + tlh + cp_ui_px(ui, CP_SPACE_XL);
    for (size_t i = 0; i < n; i++) {
        cp_exam_view v = view(app, i);
        answered += v.chosen != 0;
        flagged += v.flagged;
        cp_rect c = {r.x + pad + (int)(i % NAV_COLUMNS) * (cell + gap), gy + (int)(i / NAV_COLUMNS) * (cell + gap), cell, cell};
        if (i == s->index)
            cp_ui_rect(ui, cp_rect_inset(c, -cp_ui_px(ui, CP_FOCUS_RING)), t->text, cp_ui_px(ui, CP_RADIUS_S + 1));
        cp_ui_rect(ui, c, v.chosen ? t->accent : t->border, cp_ui_px(ui, CP_RADIUS_S));
        if (!v.chosen)
            cp_ui_rect(ui, cp_rect_inset(c, 2), t->panel, cp_ui_px(ui, CP_RADIUS_S - 1));
        if (v.flagged)
            cp_ui_rect(ui, (cp_rect){c.x + c.w - cell / 3, c.y, cell / 3, cell / 3}, t->bad, cp_ui_px(ui, CP_RADIUS_2XS));
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        cp_ui_text(ui, (cp_rect){c.x, c.y + (c.h - nlh) / 2, c.w, nlh}, num, CP_FONT_BOLD, nf,
                   v.chosen ? t->accent_text : t->text, CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
        if (ui->clicked && cp_rect_contains(c, ui->click_x, ui->click_y)) {
            ui->clicked = false;
            s->index = i;
            s->cursor = 0;
            s->overlay = NONE;
        }
    }
    char legend[160];
    snprintf(legend, sizeof legend, "%d answered \xc2\xb7 %zu unanswered \xc2\xb7 %d flagged (red corner) \xc2\xb7 "
             "click a number or use the arrows, N or Esc to close", answered, n - (size_t)answered, flagged);
    cp_ui_text(ui, (cp_rect){r.x + pad, r.y + r.h - pad - llh, r.w - 2 * pad, llh}, legend, CP_FONT_REGULAR, lf,
               t->muted, CP_TEXT_ELLIPSIS);
}

/* "12, 40, 41" of the items matching, or "none". */
static void list_items(cp_app *app, bool flagged, char *out, size_t size, int *count)
{
    out[0] = '\0';
    *count = 0;
    for (size_t i = 0; i < cp_attempt_count(app->attempt); i++) {
        cp_exam_view v = view(app, i);
        if (flagged ? v.flagged : !v.chosen) {
            size_t len = strlen(out);
            if (len + 8 < size)
                snprintf(out + len, size - len, "%s%zu", *count ? ", " : "", i + 1);
            (*count)++;
        }
    }
    if (!*count)
        snprintf(out, size, "none");
}

static void draw_confirm(cp_app *app, exam_state *s)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect r = cp_ui_modal(ui, cp_ui_px(ui, CP_WIDTH_DIALOG), cp_ui_px(ui, CP_HEIGHT_DIALOG));
    int pad = cp_ui_px(ui, CP_MARGIN);
    int tf = cp_ui_font(ui, CP_SIZE_TITLE_L), tlh = cp_ui_line_height(ui, tf);
    bool submit = s->overlay == CONFIRM_SUBMIT;
    cp_ui_text(ui, (cp_rect){r.x + pad, r.y + pad, r.w - 2 * pad, tlh},
               submit ? "Submit the exam?" : "Leave the exam?", CP_FONT_BOLD, tf, t->text, CP_TEXT_ELLIPSIS);
    char body[900];
    if (submit) {
        char un[400], fl[400];
        int nu, nf;
        list_items(app, false, un, sizeof un, &nu);
        list_items(app, true, fl, sizeof fl, &nf);
        snprintf(body, sizeof body, "Unanswered (%d): %s.\nFlagged for review (%d): %s.\n\n"
                 "Unanswered questions count as wrong.", nu, un, nf, fl);
    } else {
        snprintf(body, sizeof body, "Your answers so far are saved, but the attempt will be recorded as "
                 "abandoned and not scored.");
    }
    int bh = cp_ui_px(ui, CP_BUTTON_H);
    cp_rect b = {r.x + pad, r.y + pad + tlh + cp_ui_px(ui, CP_SPACE_L), r.w - 2 * pad, r.h - 3 * pad - tlh - bh - cp_ui_px(ui, CP_SPACE_L)};
    cp_ui_paragraph(ui, b, body, CP_FONT_REGULAR, CP_SIZE_BODY, t->text);
    int bw = (r.w - 2 * pad - cp_ui_px(ui, CP_SPACE_XL)) / 2;
    if (cp_ui_button(ui, (cp_rect){r.x + pad, r.y + r.h - pad - bh, bw, bh}, submit ? "Submit" : "Leave", "Enter",
                     submit ? CP_BUTTON_PRIMARY : CP_BUTTON_BAD)) {
        if (submit) {
            finish(app);
        } else {
            cp_error err = {0};
            cp_app_check(app, cp_attempt_abandon(app->attempt, app->now, &err), &err);
            cp_app_pop(app);
        }
        return;
    }
    if (cp_ui_button(ui, (cp_rect){r.x + pad + bw + cp_ui_px(ui, CP_SPACE_XL), r.y + r.h - pad - bh, bw, bh},
                     submit ? "Keep working" : "Stay", "Esc", CP_BUTTON_NORMAL))
        s->overlay = NONE;
}

static void draw(cp_app *app, void *state)
{
    exam_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    if (s->failed || !app->attempt) {
        cp_rect c = cp_shell_top_bar(app, "Mock exam", "Esc back");
        const char *msg = "This deck does not have enough questions for an exam form. "
                          "Add cards (see docs/deck-format.md) or load the bundled deck.";
        cp_ui_paragraph(ui, c, msg, CP_FONT_REGULAR, CP_SIZE_STATUS, t->text);
        return;
    }
    bool diag = cp_attempt_kind(app->attempt) == CP_EXAM_DIAGNOSTIC;
    size_t n = cp_attempt_count(app->attempt);
    cp_rect c = cp_shell_top_bar(app, diag ? "Diagnostic" : "Mock exam",
                                 "F flag \xc2\xb7 N navigator \xc2\xb7 S submit \xc2\xb7 Esc leave");
    app->ticking = true;
    c = cp_ui_column(ui, c, CP_WIDTH_PAGE_L);

    /* The line above the question: position, flag, and the clock. */
    int32_t left = cp_attempt_remaining(app->attempt, app->now);
    char clock[32], pos[64];
    snprintf(clock, sizeof clock, "%d:%02d left", left / 60, left % 60);
    cp_exam_view v = view(app, s->index);
    snprintf(pos, sizeof pos, "Question %zu of %zu%s", s->index + 1, n, v.flagged ? "  \xc2\xb7  flagged" : "");
    int hf = cp_ui_font(ui, CP_SIZE_STATUS), hlh = cp_ui_line_height(ui, hf);
    int cw = cp_ui_px(ui, CP_CLOCK_W);
    cp_ui_text(ui, (cp_rect){c.x, c.y, c.w - cw, hlh}, pos, CP_FONT_BOLD, hf, v.flagged ? t->bad : t->text,
               CP_TEXT_ELLIPSIS);
    cp_ui_text(ui, (cp_rect){c.x + c.w - cw, c.y, cw, hlh}, clock, CP_FONT_BOLD, hf,
               left <= WARN_SECONDS ? t->warn : t->muted, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    int bar_y = c.y + hlh + cp_ui_px(ui, CP_SPACE_M);
    cp_ui_progress(ui, (cp_rect){c.x, bar_y, c.w, cp_ui_px(ui, CP_PROGRESS_H_2XS)},
                   (float)left / (float)cp_attempt_time_limit(app->attempt), left <= WARN_SECONDS ? t->warn : t->accent);

    int foot = cp_ui_px(ui, CP_BUTTON_H_L);
    cp_rect panel = {c.x, bar_y + cp_ui_px(ui, CP_SPACE_3XL), c.w, c.y + c.h - foot - cp_ui_px(ui, CP_SPACE_XL) - bar_y - cp_ui_px(ui, CP_SPACE_3XL)};
    cp_ui_panel(ui, panel);
    cp_rect in = cp_rect_inset(panel, cp_ui_px(ui, CP_PAD));
    /* With a dialog open, clicks belong to the dialog only. */
    bool click = ui->clicked;
    if (s->overlay != NONE)
        ui->clicked = false;
    cp_question_view q = question(app, s, &v);
    char hint[64];
    /* The real exam says how many to choose; so do we. */
    snprintf(hint, sizeof hint, "Multiple response: choose %zu.", cp_card_correct_count(v.card));
    q.hint = v.card->type == CP_CARD_MULTI ? hint : NULL;
    int clicked = cp_question_draw_fit(ui, in, &q, cp_ui_font(ui, CP_SIZE_QUESTION));
    if (clicked >= 0 && s->overlay == NONE)
        pick(app, s, clicked);

    /* Buttons: previous, flag, navigator, next, submit. */
    cp_rect f = {c.x, c.y + c.h - foot, c.w, foot};
    int gap = cp_ui_px(ui, CP_SPACE), bw = (f.w - 4 * gap) / 5;
    struct { const char *label, *hint; cp_button_kind kind; } b[5] = {
        {"Previous", "\xe2\x86\x90", CP_BUTTON_NORMAL},
        {v.flagged ? "Unflag" : "Flag", "F", CP_BUTTON_NORMAL},
        {"Navigator", "N", CP_BUTTON_NORMAL},
        {"Next", "\xe2\x86\x92 / Enter", CP_BUTTON_NORMAL},
        {"Submit", "S", CP_BUTTON_PRIMARY},
    };
    for (int i = 0; i < 5; i++) {
        if (!cp_ui_button(ui, (cp_rect){f.x + i * (bw + gap), f.y, bw, f.h}, b[i].label, b[i].hint, b[i].kind) ||
            s->overlay != NONE)
            continue;
        switch (i) {
        case 0: go(app, s, (long)s->index - 1); break;
        case 1: flag(app, s); break;
        case 2: s->overlay = NAVIGATOR; break;
        case 3: go(app, s, (long)s->index + 1); break;
        case 4: s->overlay = CONFIRM_SUBMIT; break;
        }
    }
    if (s->overlay != NONE)
        ui->clicked = click;
    if (s->overlay == NAVIGATOR)
        draw_navigator(app, s);
    else if (s->overlay != NONE)
        draw_confirm(app, s);
}

const cp_screen cp_screen_exam = {
    .name = "exam", .enter = enter, .event = event, .update = update, .draw = draw, .leave = leave,
};
