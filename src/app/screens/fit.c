/* Fit the scheduler to my memory (from Settings): what fitting does, what
 * the drill schedules with now, and the fit itself. Enter (or the button)
 * starts it when the core offers it (cp_fit_offer_of: enough spaced
 * reviews); it runs in the background (fit_task.c), so this screen only
 * draws its progress, and Esc leaves it running. When it ends, the result
 * is shown with the log loss before and after; R restores the defaults.
 * The offer is read again whenever the screen shows and when a fit ends. */
#include "shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fit_state {
    cp_fit_offer offer;
    bool have_offer;
    bool was_running;
    bool restored;              /* R was pressed: say so until the next fit */
} fit_state;

/* 12,345 */
static void count_text(int64_t n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)(n < 0 ? 0 : n));
    size_t at = 0;
    for (int i = 0; i < len && at + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[at++] = ',';
        out[at++] = digits[i];
    }
    out[at] = '\0';
}

static void load(cp_app *app, fit_state *s)
{
    cp_error err = {0};
    s->have_offer = cp_app_check(app, cp_fit_offer_of(app->learner, app->now, &s->offer, &err), &err);
}

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)arg;
    fit_state *s = calloc(1, sizeof *s);
    if (s) {
        load(app, s);
        s->was_running = app->fit.running;
    }
    *state = s;
}

static void resume(cp_app *app, void *state)
{
    load(app, state);
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    free(state);
}

static void start(cp_app *app, fit_state *s)
{
    if (app->fit.running || !s->have_offer || !s->offer.available)
        return;
    s->restored = false;
    if (cp_app_fit_start(app))
        s->was_running = true;
}

static void restore(cp_app *app, fit_state *s)
{
    if (app->fit.running || !s->have_offer || !s->offer.fitted)
        return;
    cp_error err = {0};
    if (cp_app_check(app, cp_learner_use_fit(app->learner, NULL, &err), &err)) {
        s->restored = true;
        app->fit.ended = false;     /* the last fit's result is no longer the news */
    }
    load(app, s);
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    fit_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    switch (in->key) {
    case CP_KEY_ESCAPE: cp_app_pop(app); break;
    case CP_KEY_ENTER: case 'f': start(app, s); break;
    case 'r': restore(app, s); break;
    case 'c': cp_app_fit_cancel(app); break;
    default: break;
    }
}

/* A fit that ended since the last frame changes what the learner uses. */
static void update(cp_app *app, void *state)
{
    fit_state *s = state;
    if (s->was_running && !app->fit.running)
        load(app, s);
    s->was_running = app->fit.running;
}

/* What the drill schedules with now. */
static void now_text(const cp_app *app, const fit_state *s, char *out, size_t size)
{
    if (!s->have_offer) {
        snprintf(out, size, "Your progress could not be read just now.");
        return;
    }
    const cp_fit_offer *o = &s->offer;
    if (!o->fitted) {
        char spaced[32], need[32];
        count_text(o->spaced, spaced, sizeof spaced);
        count_text(CP_FIT_MIN_SPACED, need, sizeof need);
        if (o->available)
            snprintf(out, size, "The FSRS-6 defaults. You have over %s spaced reviews: enough to fit "
                                "them to you.", need);
        else
            snprintf(out, size, "The FSRS-6 defaults. A fit is offered from %s spaced reviews "
                                "(answers a day or more after the card's previous one); you have %s. "
                                "With fewer, about one fit in five predicts a learner worse than "
                                "the defaults.",
                     need, spaced);
        return;
    }
    char day[16], answers[32];
    cp_day_clock clock = cp_learner_clock(app->learner);
    cp_day_format(cp_day_of(&clock, o->active.fitted_at), day, sizeof day);
    count_text(o->active.reviews, answers, sizeof answers);
    int n = snprintf(out, size,
                     "Your own parameters, fitted on %s to %s answers. On those answers the log "
                     "loss (lower is better) was %.4f with the defaults and %.4f with yours.",
                     day, answers, o->active.log_loss_default, o->active.log_loss_fitted);
    if (o->refit_due && n > 0 && (size_t)n < size) {
        char more[32];
        count_text(o->reviews - o->active.reviews, more, sizeof more);
        snprintf(out + n, size - (size_t)n,
                 " It has been over a month, with %s answers since: fit again to include them.",
                 more);
    }
}

/* The last fit's end, or the defaults just restored; "" when neither. */
static void result_text(const cp_app *app, const fit_state *s, char *out, size_t size,
                        bool *good)
{
    const cp_fit_state *f = &app->fit;
    *good = false;
    out[0] = '\0';
    if (s->restored) {
        snprintf(out, size, "Back to the defaults: the drill schedules with them from now on. "
                            "Your fits are kept in your progress.");
        return;
    }
    if (!f->ended)
        return;
    char answers[32];
    count_text(f->reviews, answers, sizeof answers);
    if (f->status == CP_ERR_CANCELLED)
        snprintf(out, size, "Cancelled: nothing changed.");
    else if (f->status != CP_OK)
        snprintf(out, size, "The fit failed: %s", f->message);
    else if (f->verdict == CP_FIT_USED) {
        *good = true;
        snprintf(out, size, "Done: fitted to your %s answers. Log loss on them: %.4f with the "
                            "defaults, %.4f with your parameters. The drill and the intervals on "
                            "the rating buttons use yours from now on.",
                 answers, f->log_loss_default, f->log_loss_fitted);
    } else if (f->verdict == CP_FIT_TOO_LITTLE)
        snprintf(out, size, "Done, but too little of your history was left after the fit's "
                            "filters to fit: the drill keeps what it had.");
    else
        snprintf(out, size, "Done: the fitted parameters predicted your %s answers no better than "
                            "the defaults (log loss %.4f against %.4f): the drill keeps what it had.",
                 answers, f->log_loss_fitted, f->log_loss_default);
}

/* The progress of a running fit: a status line, the bar, a note. */
static int progress_height(cp_ui *ui, int w, const char *note)
{
    int sf = cp_ui_font(ui, CP_SIZE_STATUS);
    return cp_ui_line_height(ui, sf) + cp_ui_px(ui, 2 * CP_SPACE_S + CP_PROGRESS_H) +
           cp_ui_text_height(ui, w, note, CP_FONT_REGULAR, cp_ui_font(ui, CP_SIZE_DETAIL));
}

static void draw_progress(cp_app *app, cp_rect r, const char *note)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    const cp_fit_state *f = &app->fit;
    char line[80];
    snprintf(line, sizeof line, "%s\xe2\x80\xa6 %d%%",
             f->phase == CP_FIT_READING ? "Reading your answers" : "Fitting",
             (int)(f->fraction * 100.0f + 0.5f));
    int sf = cp_ui_font(ui, CP_SIZE_STATUS), slh = cp_ui_line_height(ui, sf);
    cp_ui_text(ui, (cp_rect){r.x, r.y, r.w, slh}, line, CP_FONT_BOLD, sf, t->text, CP_TEXT_ELLIPSIS);
    int by = r.y + slh + cp_ui_px(ui, CP_SPACE_S);
    cp_ui_progress(ui, (cp_rect){r.x, by, r.w, cp_ui_px(ui, CP_PROGRESS_H)}, f->overall, t->accent);
    int ny = by + cp_ui_px(ui, CP_PROGRESS_H + CP_SPACE_S);
    if (r.y + r.h > ny)
        cp_ui_paragraph(ui, (cp_rect){r.x, ny, r.w, r.y + r.h - ny}, note, CP_FONT_REGULAR,
                        CP_SIZE_DETAIL, t->muted);
}

static const char INTRO[] =
    "The drill schedules every card with FSRS-6. Its 21 default parameters describe an average "
    "learner; fitted to your own answers they describe how you remember, and your intervals "
    "follow. The fit reads your whole review log and can take a few seconds on a long history: "
    "you can keep studying while it runs.";
static const char RUNNING_NOTE[] =
    "You can leave this screen: the fit goes on, and says when it is done.";

static void draw(cp_app *app, void *state)
{
    fit_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    const cp_fit_state *f = &app->fit;
    bool can_fit = s->have_offer && s->offer.available && !f->running;
    bool can_restore = s->have_offer && s->offer.fitted && !f->running;
    char hints[80];
    snprintf(hints, sizeof hints, "%s%s%s", f->running ? "C cancel   " : "",
             can_fit ? "Enter fit   " : "", can_restore ? "R defaults   " : "");
    snprintf(hints + strlen(hints), sizeof hints - strlen(hints), "Esc back");
    cp_rect c = cp_shell_top_bar(app, "Fit the scheduler to my memory", hints);
    c = cp_ui_column(ui, c, CP_WIDTH_SETTINGS);
    int gap = cp_ui_px(ui, CP_GAP), space = cp_ui_px(ui, CP_SPACE_2XL), pad = cp_ui_px(ui, CP_PAD);
    int bh = cp_ui_px(ui, CP_BUTTON_H);
    bool buttons = f->running || can_fit || can_restore;

    /* The blocks at their own sizes: the intro, what is used now, and the
     * fit's progress or its end. */
    char now[900], result[900];
    bool good = false;
    now_text(app, s, now, sizeof now);
    result_text(app, s, result, sizeof result, &good);
    int w = c.w - 2 * pad;
    int hf = cp_ui_font(ui, CP_SIZE_LABEL), hlh = cp_ui_line_height(ui, hf);
    int h_intro = cp_ui_text_height(ui, w, INTRO, CP_FONT_REGULAR, cp_ui_font(ui, CP_SIZE_DETAIL));
    int h_now = cp_ui_text_height(ui, w, now, CP_FONT_REGULAR, cp_ui_font(ui, CP_SIZE_BODY));
    int h_last = f->running ? progress_height(ui, w, RUNNING_NOTE)
               : result[0] ? cp_ui_text_height(ui, w, result, CP_FONT_BOLD, cp_ui_font(ui, CP_SIZE_BODY))
                           : 0;
    int fixed = 2 * hlh + 2 * cp_ui_px(ui, CP_SPACE_S) + space + (h_last ? space : 0);
    int room = c.h - 2 * pad - (buttons ? bh + gap : 0) - fixed;
    /* Short of room (a small window, large text): each block gets its
     * share and its text is fitted into it. */
    int want = h_intro + h_now + h_last;
    if (want > room && want > 0) {
        h_intro = (int)((long long)room * h_intro / want);
        h_now = (int)((long long)room * h_now / want);
        h_last = room - h_intro - h_now;
    }
    cp_rect panel = {c.x, c.y, c.w, fixed + h_intro + h_now + h_last + 2 * pad};
    cp_ui_panel(ui, panel);
    int x = panel.x + pad, y = panel.y + pad;
    cp_ui_text(ui, (cp_rect){x, y, w, hlh}, "HOW YOU REMEMBER", CP_FONT_BOLD, hf, t->muted, CP_TEXT_ELLIPSIS);
    y += hlh + cp_ui_px(ui, CP_SPACE_S);
    cp_ui_paragraph(ui, (cp_rect){x, y, w, h_intro}, INTRO, CP_FONT_REGULAR, CP_SIZE_DETAIL, t->muted);
    y += h_intro + space;
    cp_ui_text(ui, (cp_rect){x, y, w, hlh}, "NOW SCHEDULING WITH", CP_FONT_BOLD, hf, t->muted,
               CP_TEXT_ELLIPSIS);
    y += hlh + cp_ui_px(ui, CP_SPACE_S);
    cp_ui_paragraph(ui, (cp_rect){x, y, w, h_now}, now, CP_FONT_REGULAR, CP_SIZE_BODY, t->text);
    y += h_now + space;
    if (f->running)
        draw_progress(app, (cp_rect){x, y, w, h_last}, RUNNING_NOTE);
    else if (result[0])
        cp_ui_paragraph(ui, (cp_rect){x, y, w, h_last}, result, CP_FONT_BOLD, CP_SIZE_BODY,
                        good ? t->good : t->text);

    /* The buttons under the panel. */
    cp_rect foot = {c.x, panel.y + panel.h + gap, c.w, bh};
    int bw = (foot.w - gap) / 2;
    if (f->running) {
        if (cp_ui_button(ui, (cp_rect){foot.x, foot.y, bw, bh}, "Cancel the fit", "C", CP_BUTTON_NORMAL))
            cp_app_fit_cancel(app);
    } else {
        if (can_fit && cp_ui_button(ui, (cp_rect){foot.x, foot.y, bw, bh},
                                    s->offer.fitted ? "Fit again" : "Fit to my answers", "Enter",
                                    CP_BUTTON_PRIMARY))
            start(app, s);
        if (can_restore && cp_ui_button(ui, (cp_rect){foot.x + bw + gap, foot.y, foot.w - bw - gap, bh},
                                        "Restore the defaults", "R", CP_BUTTON_NORMAL))
            restore(app, s);
    }
    if (cp_shell_back_clicked(app))
        cp_app_pop(app);
}

const cp_screen cp_screen_fit = {
    .name = "fit", .enter = enter, .event = event, .update = update, .draw = draw,
    .resume = resume, .leave = leave,
};
