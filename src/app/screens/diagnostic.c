/* The diagnostic: an introduction, then (after the ten questions, which the
 * exam screen runs) the estimated score with its honest band, the weakest
 * domain, and the study plan to the exam date within the daily study time,
 * with where it leads (cp_projection_make: the readiness meter carried to
 * the coverage the plan reaches). The exam date and the study time can be
 * changed right here (Up/Down a week, Left/Right five minutes, or the
 * rows' - / + buttons): each change is saved to the settings and the plan
 * and its projection are made again (milliseconds, so no worker thread). */
#include "shell.h"

#include "cloudprep/blueprint.h"
#include "cloudprep/projection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct diag_state {
    bool made;                  /* the projection below is current */
    bool failed;
    char error[sizeof(((cp_error *)0)->message)];
    cp_projection projection;
} diag_state;

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)app;
    (void)arg;
    *state = calloc(1, sizeof(diag_state));
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    free(state);
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

/* The plan and where it leads, for the settings as they are now. */
static void make_projection(cp_app *app, diag_state *s)
{
    const cp_diagnostic *d = cp_attempt_diagnostic(app->attempt);
    cp_projection_input in = {
        .store = app->store, .deck = app->deck,
        .memories = cp_learner_memories(app->learner), .held = cp_learner_held(app->learner),
        .settings = &app->settings, .params = cp_learner_params(app->learner),
        .clock = cp_learner_clock(app->learner), .weakest_domain = d ? d->weakest_domain : 0,
    };
    cp_error err = {0};
    s->failed = cp_projection_make(&in, NULL, cp_learner_now(app->learner, app->now),
                                   &s->projection, &err) != CP_OK;
    snprintf(s->error, sizeof s->error, "%s", s->failed ? err.message : "");
    s->made = true;
}

/* A step of the exam date (a week) or the study time (five minutes), saved. */
static void change(cp_app *app, diag_state *s, int row, int dir)
{
    cp_settings changed = app->settings;
    cp_settings_step(&changed, row, dir, app->now);
    if (row == CP_SETTING_EXAM_DATE && changed.exam_date[0]) {
        /* Never a date already gone. */
        int32_t day;
        cp_day_clock clock = cp_learner_clock(app->learner);
        if (cp_day_parse(changed.exam_date, &day) && cp_day_begin(&clock, day) <= app->now)
            return;
    }
    if (cp_app_save_settings(app, &changed))
        s->made = false;
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    diag_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    if (have_result(app)) {
        switch (in->key) {
        case CP_KEY_LEFT: case '-': change(app, s, CP_SETTING_STUDY_MINUTES, -1); return;
        case CP_KEY_RIGHT: case '+': case '=': change(app, s, CP_SETTING_STUDY_MINUTES, +1); return;
        case CP_KEY_UP: change(app, s, CP_SETTING_EXAM_DATE, +1); return;
        case CP_KEY_DOWN: change(app, s, CP_SETTING_EXAM_DATE, -1); return;
        default: break;
        }
    }
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

/* One adjustable row: a label, its value, and - / + buttons. */
static void control_row(cp_app *app, diag_state *s, cp_rect r, const char *label,
                        const char *value, int row)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    /* The buttons wide enough for their sign beside the button's padding. */
    int pad = cp_ui_px(ui, CP_SPACE_M), bw = r.h * 3 / 2;
    cp_ui_rect(ui, r, t->border, cp_ui_px(ui, CP_RADIUS));
    cp_ui_rect(ui, cp_rect_inset(r, 1), t->panel_hi, cp_ui_px(ui, CP_RADIUS));
    int fs = cp_ui_font_in_row(ui, CP_SIZE_DETAIL, r.h, 4), lh = cp_ui_line_height(ui, fs);
    cp_rect minus = {r.x + r.w - 2 * bw - cp_ui_px(ui, CP_SPACE_XS), r.y + 2, bw, r.h - 4};
    cp_rect plus = {r.x + r.w - bw, r.y + 2, bw, r.h - 4};
    int label_w = (minus.x - r.x - 2 * pad) * 2 / 5;
    cp_ui_text(ui, (cp_rect){r.x + pad, r.y + (r.h - lh) / 2, label_w, lh}, label, CP_FONT_BOLD,
               fs, t->text, CP_TEXT_ELLIPSIS);
    int vx = r.x + pad + label_w + pad;
    cp_ui_text(ui, (cp_rect){vx, r.y + (r.h - lh) / 2, minus.x - vx - pad, lh}, value,
               CP_FONT_REGULAR, fs, t->accent, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    if (cp_ui_button(ui, minus, "\xe2\x88\x92", NULL, CP_BUTTON_NORMAL))
        change(app, s, row, -1);
    if (cp_ui_button(ui, plus, "+", NULL, CP_BUTTON_NORMAL))
        change(app, s, row, +1);
}

static void draw_plan(cp_app *app, diag_state *s, cp_rect panel)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    if (!s->made)
        make_projection(app, s);
    int pad = cp_ui_px(ui, CP_PAD), gap = cp_ui_px(ui, CP_SPACE_M);
    cp_rect in = cp_rect_inset(panel, pad);
    int hf = cp_ui_font(ui, CP_SIZE_LABEL), hlh = cp_ui_line_height(ui, hf);
    cp_ui_text(ui, (cp_rect){in.x, in.y, in.w, hlh}, "YOUR STUDY PLAN", CP_FONT_BOLD, hf, t->muted,
               CP_TEXT_ELLIPSIS);
    int y = in.y + hlh + cp_ui_px(ui, CP_SPACE_S);
    if (s->failed) {
        char text[sizeof s->error + 40];
        snprintf(text, sizeof text, "No plan could be made: %s", s->error);
        cp_ui_paragraph(ui, (cp_rect){in.x, y, in.w, in.y + in.h - y}, text, CP_FONT_REGULAR,
                        CP_SIZE_BODY, t->bad);
        return;
    }
    const cp_projection *p = &s->projection;
    cp_day_clock clock = cp_learner_clock(app->learner);

    /* The two choices the plan is made from. */
    int row_h = cp_ui_px(ui, CP_ROW_H_S);
    char date[40], value[80];
    cp_projection_date(&clock, p->plan.exam_date, date, sizeof date);
    if (app->settings.exam_date[0])
        snprintf(value, sizeof value, "%s (%d days)", date, p->plan.days_left);
    else
        snprintf(value, sizeof value, "not set: %s (six weeks)", date);
    control_row(app, s, (cp_rect){in.x, y, in.w, row_h}, "Exam date", value, CP_SETTING_EXAM_DATE);
    y += row_h + gap;
    snprintf(value, sizeof value, "%d minutes a day", p->plan.budget_minutes);
    control_row(app, s, (cp_rect){in.x, y, in.w, row_h}, "Study time", value,
                CP_SETTING_STUDY_MINUTES);
    y += row_h + cp_ui_px(ui, CP_SPACE_L);

    /* The plan, then where it leads: one font size for all of it, the
     * largest that fits, each sentence its own paragraph. */
    cp_plan_text pt;
    cp_projection_text xt;
    cp_plan_describe(&p->plan, &pt);
    cp_projection_describe(p, &clock, &xt);
    char mocks[400];
    int n = snprintf(mocks, sizeof mocks, "Mock exams (90 minutes each, beside the drill):");
    for (size_t i = 0; i < p->plan.n_mocks && n < (int)sizeof mocks - 40; i++) {
        cp_projection_date(&clock, p->plan.mock_dates[i], date, sizeof date);
        n += snprintf(mocks + n, sizeof mocks - (size_t)n, "%s %s", i ? "," : "", date);
    }
    if (n < (int)sizeof mocks - 2)
        snprintf(mocks + n, sizeof mocks - (size_t)n, ".");
    const char *plan_items[] = {pt.new_cards, pt.minutes, pt.left_out, mocks};
    const char *lead_items[] = {xt.outlook, xt.others, xt.ready};
    enum { N_PLAN = 4, N_LEAD = 3 };
    int para = cp_ui_px(ui, CP_SPACE_S), between = cp_ui_px(ui, CP_SPACE_XL);
    int head2 = hlh + cp_ui_px(ui, CP_SPACE_S);
    int room = in.y + in.h - y - head2 - between;
    int fs = cp_ui_font(ui, CP_SIZE_DETAIL), heights[N_PLAN + N_LEAD];
    for (;; fs--) {
        int total = 0;
        for (int i = 0; i < N_PLAN + N_LEAD; i++) {
            const char *text = i < N_PLAN ? plan_items[i] : lead_items[i - N_PLAN];
            cp_font_style style = i == N_PLAN ? CP_FONT_BOLD : CP_FONT_REGULAR;
            heights[i] = text[0] ? cp_ui_text_height(ui, in.w, text, style, fs) : 0;
            total += heights[i] ? heights[i] + para : 0;
        }
        if (total <= room || fs <= CP_SIZE_MIN_PX)
            break;
    }
    bool good = !p->growth_unknown && p->at_exam.pass_probability >= CP_READY_PASS_PROBABILITY;
    for (int i = 0; i < N_PLAN + N_LEAD; i++) {
        if (i == N_PLAN) {
            y += between - para;
            cp_ui_text(ui, (cp_rect){in.x, y, in.w, hlh}, "WHERE IT LEADS", CP_FONT_BOLD, hf,
                       t->muted, CP_TEXT_ELLIPSIS);
            y += head2;
        }
        if (!heights[i])
            continue;
        int h = heights[i] < in.y + in.h - y ? heights[i] : in.y + in.h - y;
        const char *text = i < N_PLAN ? plan_items[i] : lead_items[i - N_PLAN];
        cp_color color = i == N_PLAN && good ? t->good : i == N_PLAN + 2 ? t->muted : t->text;
        cp_ui_text(ui, (cp_rect){in.x, y, in.w, h}, text, i == N_PLAN ? CP_FONT_BOLD : CP_FONT_REGULAR,
                   fs, color, CP_TEXT_WRAP);
        y += h + para;
    }
}

static void draw(cp_app *app, void *state)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect c = cp_shell_top_bar(app, "Diagnostic",
                                 have_result(app) ? "\xe2\x86\x90\xe2\x86\x92\xe2\x86\x91\xe2\x86\x93 plan \xc2\xb7 Enter drill "
                                                    "\xc2\xb7 R review \xc2\xb7 Esc home"
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

    /* Right: the study plan within the day's minutes, and where it leads. */
    draw_plan(app, (diag_state *)state, rp);
}

const cp_screen cp_screen_diagnostic = {
    .name = "diagnostic", .enter = enter, .event = event, .draw = draw, .leave = leave,
};
