/* The diagnostic: an introduction, then (after the ten questions, which the
 * exam screen runs) the estimated score with its honest band, the weakest
 * domain, and the study plan to the exam date. */
#include "shell.h"

#include "cloudprep/blueprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)app;
    (void)arg;
    *state = NULL;
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    (void)state;
}

static bool have_result(const cp_app *app)
{
    return app->attempt && cp_attempt_finished(app->attempt) &&
           cp_attempt_kind(app->attempt) == CP_EXAM_DIAGNOSTIC;
}

static void start(cp_app *app)
{
    cp_app_replace(app, &cp_screen_exam, "diagnostic");
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    (void)state;
    if (in->kind != CP_INPUT_KEY)
        return;
    if (in->key == CP_KEY_ESCAPE) {
        cp_app_pop(app);
    } else if (in->key == CP_KEY_ENTER || in->key == CP_KEY_SPACE) {
        if (have_result(app)) {
            cp_app_replace(app, &cp_screen_drill, NULL);
        } else {
            start(app);
        }
    } else if (in->key == 'r' && have_result(app)) {
        cp_app_push(app, &cp_screen_review, "all");
    }
}

static void date_text(cp_time t, char *out, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%a %d %b", &tm);
}

/* Where a score falls on a bar spanning the score scale. */
static int scale_x(cp_rect bar, int score)
{
    return bar.x + bar.w * (score - CP_SCALE_MIN) / (CP_SCALE_MAX - CP_SCALE_MIN);
}

static void draw_intro(cp_app *app, cp_rect c)
{
    const char *body =
        "Ten exam-style questions from the four domains (2 Cloud Concepts, 3 Security and Compliance, "
        "4 Technology and Services, 1 Billing), in up to 15 minutes. You get an estimated score on the "
        "100\xe2\x80\x93" "1000 scale with an honest range (ten questions cannot say more), your weakest "
        "domain, and a study plan to your exam date. Missed questions go into your daily drill.";
    if (cp_ui_notice(&app->ui, c, "Where do you stand?", body, "Start the diagnostic", "Enter"))
        start(app);
}

static void draw(cp_app *app, void *state)
{
    (void)state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect c = cp_shell_top_bar(app, "Diagnostic", have_result(app) ? "Enter drill \xc2\xb7 R review \xc2\xb7 Esc home"
                                                                     : "Enter start \xc2\xb7 Esc home");
    if (cp_shell_back_clicked(app)) {
        cp_app_pop(app);
        return;
    }
    if (!have_result(app)) {
        draw_intro(app, c);
        return;
    }
    const cp_diagnostic *d = cp_attempt_diagnostic(app->attempt);
    const cp_study_plan *plan = cp_attempt_plan(app->attempt);
    int gap = cp_ui_px(ui, CP_GAP), pad = cp_ui_px(ui, CP_PAD);
    int lw = c.w * 45 / 100;
    cp_rect lp = {c.x, c.y, lw, c.h}, rp = {c.x + lw + gap, c.y, c.w - lw - gap, c.h};
    cp_ui_panel(ui, lp);
    cp_ui_panel(ui, rp);

    /* Left: the estimate and its band on the score scale. */
    cp_rect in = cp_rect_inset(lp, pad);
    int hf = cp_ui_font(ui, CP_SIZE_LABEL), hlh = cp_ui_line_height(ui, hf);
    cp_ui_text(ui, (cp_rect){in.x, in.y, in.w, hlh}, "ESTIMATED SCORE", CP_FONT_BOLD, hf, t->muted, CP_TEXT_ELLIPSIS);
    int y = in.y + hlh + cp_ui_px(ui, CP_SPACE_S);
    char big[32];
    snprintf(big, sizeof big, "%d", d->scaled);
    int bf = cp_ui_font(ui, CP_SIZE_DISPLAY_L), blh = cp_ui_line_height(ui, bf);
    cp_ui_text(ui, (cp_rect){in.x, y, in.w, blh}, big, CP_FONT_BOLD, bf, d->scaled >= CP_SCALE_PASS ? t->good : t->text,
               CP_TEXT_ELLIPSIS);
    y += blh;
    char band[160];
    snprintf(band, sizeof band, "likely between %d and %d \xc2\xb7 %d of %d right", d->band_low, d->band_high,
             d->correct, d->n_items);
    int mf = cp_ui_font(ui, CP_SIZE_DETAIL), mlh = cp_ui_line_height(ui, mf);
    cp_ui_text(ui, (cp_rect){in.x, y, in.w, mlh}, band, CP_FONT_REGULAR, mf, t->muted, CP_TEXT_ELLIPSIS);
    y += mlh + cp_ui_px(ui, CP_SPACE_2XL);
    /* The scale 100..1000 with the band, the estimate and the pass mark. */
    int sh = cp_ui_px(ui, CP_SCALE_H);
    cp_rect scale = {in.x, y, in.w, sh};
    cp_ui_rect(ui, scale, t->panel_hi, sh / 2);
    int x0 = scale_x(scale, d->band_low), x1 = scale_x(scale, d->band_high);
    cp_ui_rect(ui, (cp_rect){x0, y, x1 - x0 > sh ? x1 - x0 : sh, sh}, (cp_color){t->accent.r, t->accent.g, t->accent.b, 120}, sh / 2);
    int xe = scale_x(scale, d->scaled);
    cp_ui_rect(ui, (cp_rect){xe - cp_ui_px(ui, CP_SPACE_2XS), y - cp_ui_px(ui, CP_SPACE / 2), cp_ui_px(ui, CP_SPACE_XS), sh + cp_ui_px(ui, CP_SPACE)}, t->accent, 2);
    int xp = scale_x(scale, CP_SCALE_PASS);
    cp_ui_rect(ui, (cp_rect){xp - 1, y - cp_ui_px(ui, CP_SPACE_M), 2, sh + cp_ui_px(ui, 2 * CP_SPACE_M)}, t->text, 0);
    y += sh + cp_ui_px(ui, CP_SPACE);
    /* Labels under their values: 100 at the left, 700 under its line,
     * 1000 at the right. */
    int lf = cp_ui_font(ui, CP_SIZE_CAPTION), llh = cp_ui_line_height(ui, lf), tw = cp_ui_px(ui, CP_SCALE_LABEL_W);
    cp_ui_text(ui, (cp_rect){scale.x, y, tw, llh}, "100", CP_FONT_REGULAR, lf, t->muted, CP_TEXT_ELLIPSIS);
    cp_ui_text(ui, (cp_rect){xp - tw / 2, y, tw, llh}, "pass 700", CP_FONT_REGULAR, lf, t->muted,
               CP_TEXT_ELLIPSIS | CP_TEXT_CENTER);
    cp_ui_text(ui, (cp_rect){scale.x + scale.w - tw, y, tw, llh}, "1000", CP_FONT_REGULAR, lf, t->muted,
               CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    y += llh + cp_ui_px(ui, CP_SPACE_3XL);
    cp_ui_text(ui, (cp_rect){in.x, y, in.w, hlh}, "BY DOMAIN", CP_FONT_BOLD, hf, t->muted, CP_TEXT_ELLIPSIS);
    y += hlh + cp_ui_px(ui, CP_SPACE_S);
    int bh = cp_ui_px(ui, CP_BUTTON_H);
    int row = (in.y + in.h - bh - cp_ui_px(ui, CP_SPACE_XL) - y) / CP_DOMAINS;
    if (row > cp_ui_px(ui, CP_ROW_H_S))
        row = cp_ui_px(ui, CP_ROW_H_S);
    int rf = cp_ui_font(ui, CP_SIZE_DETAIL);
    if (cp_ui_line_height(ui, rf) > row)
        rf = row * 3 / 4;
    int rlh = cp_ui_line_height(ui, rf);
    for (int k = 0; k < CP_DOMAINS; k++) {
        char line[160];
        snprintf(line, sizeof line, "%s%s: %d of %d", cp_blueprint_domain(k + 1)->name,
                 k + 1 == d->weakest_domain ? "  (weakest)" : "", d->domain_correct[k], d->domain_items[k]);
        cp_ui_text(ui, (cp_rect){in.x, y + k * row, in.w, rlh}, line, k + 1 == d->weakest_domain ? CP_FONT_BOLD : CP_FONT_REGULAR,
                   rf, k + 1 == d->weakest_domain ? t->bad : t->text, CP_TEXT_ELLIPSIS);
    }
    if (cp_ui_button(ui, (cp_rect){in.x, in.y + in.h - bh, in.w, bh}, "Start today's drill", "Enter", CP_BUTTON_PRIMARY))
        cp_app_replace(app, &cp_screen_drill, NULL);

    /* Right: the study plan. */
    in = cp_rect_inset(rp, pad);
    cp_ui_text(ui, (cp_rect){in.x, in.y, in.w, hlh}, "YOUR STUDY PLAN", CP_FONT_BOLD, hf, t->muted, CP_TEXT_ELLIPSIS);
    char exam_day[32], text[1600];
    date_text(plan->exam_date, exam_day, sizeof exam_day);
    int n = snprintf(text, sizeof text,
                     "Exam on %s: %d days from now%s.\n\n"
                     "New cards each day for %d days: %d in all (%d Concepts, %d Security, %d Technology, %d Billing)%s.\n\n"
                     "About %d minutes of drill a day.\n\nMock exams on:",
                     exam_day, plan->days_left, app->settings.exam_date[0] ? "" : " (no date set: six weeks; set yours in Settings)",
                     plan->new_card_days, plan->new_per_day_total, plan->new_per_day[0], plan->new_per_day[1],
                     plan->new_per_day[2], plan->new_per_day[3],
                     plan->weakest_domain ? ", your weakest domain first" : "", plan->drill_minutes);
    for (size_t i = 0; i < plan->n_mocks && n < (int)sizeof text - 40; i++) {
        char day[32];
        date_text(plan->mock_dates[i], day, sizeof day);
        n += snprintf(text + n, sizeof text - (size_t)n, "%s %s", i ? "," : "", day);
    }
    snprintf(text + n, sizeof text - (size_t)n, ".\n\nBook the exam when the readiness meter on the home screen says Ready.");
    cp_rect tb = {in.x, in.y + hlh + cp_ui_px(ui, CP_SPACE), in.w, in.h - hlh - cp_ui_px(ui, CP_SPACE)};
    cp_ui_paragraph(ui, tb, text, CP_FONT_REGULAR, CP_SIZE_BODY, t->text);
}

const cp_screen cp_screen_diagnostic = {
    .name = "diagnostic", .enter = enter, .event = event, .draw = draw, .leave = leave,
};
