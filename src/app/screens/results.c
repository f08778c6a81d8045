/* Results of a mock exam: the scaled score on a gauge with the 700 pass mark
 * and the 750 target, pass or fail, each domain's percentage against the
 * learner's average (the readiness meter's estimate for that domain), the
 * time used, the misses that were the learner's known confusions ("Third
 * time you chose ..."), the readiness update, and the way into the review
 * of misses. */
#include "shell.h"

#include "cloudprep/blueprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MIXUP_LINES = 3 };

typedef struct results_state {
    cp_readiness meter;
    bool have_meter;
    char mixups[MIXUP_LINES][240];  /* misses of known confusions, one line a pair */
    size_t n_mixups;
} results_state;

/* The exam's misses that are pairs the learner confuses, once a pair. */
static void find_mixups(cp_app *app, results_state *s)
{
    const cp_score_report *r = app->attempt ? cp_attempt_report(app->attempt) : NULL;
    for (size_t i = 0; r && i < r->n_misses && s->n_mixups < MIXUP_LINES; i++) {
        const cp_score_miss *m = &r->misses[i];
        long card = cp_deck_find(app->deck, m->card->id);
        char line[240];
        if (card < 0 || !cp_shell_mixup_line(app, (size_t)card, m->chosen, line, sizeof line))
            continue;
        bool seen = false;
        for (size_t k = 0; k < s->n_mixups && !seen; k++)
            seen = strcmp(s->mixups[k], line) == 0;
        if (!seen)
            snprintf(s->mixups[s->n_mixups++], sizeof s->mixups[0], "%s", line);
    }
}

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)arg;
    results_state *s = calloc(1, sizeof *s);
    cp_error err = {0};
    s->have_meter = cp_learner_readiness(app->learner, app->now, &s->meter, &err) == CP_OK;
    find_mixups(app, s);
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
    if (in->kind != CP_INPUT_KEY)
        return;
    const cp_score_report *r = app->attempt ? cp_attempt_report(app->attempt) : NULL;
    if (in->key == 'r' && r && r->n_misses)
        cp_app_push(app, &cp_screen_review, NULL);
    else if (in->key == 'a' && r)
        cp_app_push(app, &cp_screen_review, "all");
    else if (in->key == CP_KEY_ESCAPE || in->key == CP_KEY_ENTER)
        cp_app_pop(app);
}

/* A mark across the ring at `fraction` of the way round. */
static void ring_mark(cp_ui *ui, cp_rect box, float fraction, cp_color c, int thick)
{
    cp_draw_ring(&ui->list, cp_rect_inset(box, -cp_ui_px(ui, CP_SPACE_S)), c, thick + cp_ui_px(ui, 2 * CP_SPACE_S),
                 fraction - 0.004f, fraction + 0.004f);
}

static void draw(cp_app *app, void *state)
{
    results_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect c = cp_shell_top_bar(app, "Mock exam results", "R review misses \xc2\xb7 A review all \xc2\xb7 Enter home");
    const cp_score_report *r = app->attempt ? cp_attempt_report(app->attempt) : NULL;
    if (!r) {
        const char *msg = "No finished mock exam yet. Take one from the home screen (M).";
        cp_ui_paragraph(ui, c, msg, CP_FONT_REGULAR, CP_SIZE_STATUS, t->text);
        return;
    }
    int gap = cp_ui_px(ui, CP_GAP);
    int left_w = c.w * 38 / 100;
    cp_rect lp = {c.x, c.y, left_w, c.h};
    cp_rect rp = {c.x + left_w + gap, c.y, c.w - left_w - gap, c.h};
    cp_ui_panel(ui, lp);
    cp_ui_panel(ui, rp);

    /* The gauge: 100..1000 once round from the top, marks at 700 and 750. */
    int pad = cp_ui_px(ui, CP_PAD);
    int bh = cp_ui_px(ui, CP_BUTTON_H);
    int side = lp.w - 2 * pad;
    int room = lp.h - 2 * pad - bh - cp_ui_px(ui, CP_GAUGE_TEXT_H);
    if (side > room)
        side = room;
    cp_rect g = {lp.x + (lp.w - side) / 2, lp.y + pad + cp_ui_px(ui, CP_SPACE_S), side, side};
    int thick = side / 11;
    float frac = (float)(r->scaled - CP_SCALE_MIN) / (float)(CP_SCALE_MAX - CP_SCALE_MIN);
    cp_ui_gauge(ui, g, frac, r->passed ? t->good : t->bad, thick);
    ring_mark(ui, g, (float)(CP_SCALE_PASS - CP_SCALE_MIN) / (float)(CP_SCALE_MAX - CP_SCALE_MIN), t->text, thick);
    ring_mark(ui, g, (float)(CP_SCALE_TARGET - CP_SCALE_MIN) / (float)(CP_SCALE_MAX - CP_SCALE_MIN), t->accent,
              thick);
    char score[16];
    snprintf(score, sizeof score, "%d", r->scaled);
    int sf = side / 5 > 9 ? side / 5 : 9;
    int slh = cp_ui_line_height(ui, sf);
    int lf = cp_ui_font(ui, CP_SIZE_DETAIL), llh = cp_ui_line_height(ui, lf);
    int cy = g.y + (g.h - slh - llh) / 2;
    cp_rect inner = {g.x + thick + 4, cy, g.w - 2 * thick - 8, slh};
    cp_ui_text(ui, inner, score, CP_FONT_BOLD, sf, t->text, CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
    cp_ui_text(ui, (cp_rect){inner.x, cy + slh, inner.w, llh}, r->passed ? "PASS" : "NOT YET", CP_FONT_BOLD, lf,
               r->passed ? t->good : t->bad, CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
    int y = g.y + g.h + cp_ui_px(ui, CP_SPACE_XL);
    char line[200];
    snprintf(line, sizeof line, "Pass mark 700 (white) \xc2\xb7 target 750 (orange)");
    int mf = cp_ui_font(ui, CP_SIZE_NOTE), mlh = cp_ui_line_height(ui, mf);
    cp_ui_text(ui, (cp_rect){lp.x + pad, y, lp.w - 2 * pad, mlh}, line, CP_FONT_REGULAR, mf, t->muted,
               CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
    y += mlh + cp_ui_px(ui, CP_SPACE_XS);
    snprintf(line, sizeof line, "%d of %d scored right \xc2\xb7 %d:%02d used%s", r->raw, r->n_scored,
             r->time_used_s / 60, r->time_used_s % 60, r->timed_out ? " (time ran out)" : "");
    cp_ui_text(ui, (cp_rect){lp.x + pad, y, lp.w - 2 * pad, mlh}, line, CP_FONT_REGULAR, mf, t->muted,
               CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
    char review[64];
    snprintf(review, sizeof review, "Review %zu misses", r->n_misses);
    if (cp_ui_button(ui, (cp_rect){lp.x + pad, lp.y + lp.h - pad - bh, lp.w - 2 * pad, bh},
                     r->n_misses ? review : "Review answers", r->n_misses ? "R" : "A", CP_BUTTON_PRIMARY)) {
        cp_app_push(app, &cp_screen_review, r->n_misses ? NULL : "all");
        return;
    }

    /* Domains against the learner's average, then readiness. */
    cp_rect in = cp_rect_inset(rp, pad);
    int hf = cp_ui_font(ui, CP_SIZE_LABEL), hlh = cp_ui_line_height(ui, hf);
    cp_ui_text(ui, (cp_rect){in.x, in.y, in.w, hlh}, "BY DOMAIN  (bar: this exam \xc2\xb7 tick: your average)",
               CP_FONT_BOLD, hf, t->muted, CP_TEXT_ELLIPSIS);
    y = in.y + hlh + cp_ui_px(ui, CP_SPACE);
    int row_h = (in.h * 45 / 100 - hlh) / CP_DOMAINS;
    int rf = cp_ui_font(ui, CP_SIZE_DETAIL), rlh = cp_ui_line_height(ui, rf);
    if (rlh * 2 > row_h) {
        rf = row_h * 2 / 5;
        rlh = cp_ui_line_height(ui, rf);
    }
    for (int d = 0; d < CP_DOMAINS; d++) {
        const cp_score_domain *sd = &r->domains[d];
        char label[128], pct[48];
        snprintf(label, sizeof label, "%s", cp_blueprint_domain(d + 1)->name);
        snprintf(pct, sizeof pct, "%d/%d  %.0f%%", sd->correct, sd->items, sd->percent);
        int ry = y + d * row_h;
        int pw = cp_ui_px(ui, CP_PERCENT_W);
        cp_ui_text(ui, (cp_rect){in.x, ry, in.w - pw, rlh}, label, CP_FONT_REGULAR, rf, t->text, CP_TEXT_ELLIPSIS);
        cp_ui_text(ui, (cp_rect){in.x + in.w - pw, ry, pw, rlh}, pct, CP_FONT_BOLD, rf, t->text,
                   CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
        int bar_h = cp_ui_px(ui, CP_PROGRESS_H);
        cp_rect bar = {in.x, ry + rlh + cp_ui_px(ui, CP_SPACE_XS), in.w, bar_h};
        cp_ui_progress(ui, bar, (float)sd->percent / 100.0f, t->domain[d]);
        if (s->have_meter) {
            int x = bar.x + (int)((float)bar.w * (float)s->meter.domain_p[d]);
            cp_ui_rect(ui, (cp_rect){x - 1, bar.y - cp_ui_px(ui, CP_SPACE_XS), cp_ui_px(ui, CP_STROKE), bar_h + cp_ui_px(ui, CP_SPACE_M)},
                       t->text, 1);
        }
    }
    y += CP_DOMAINS * row_h + cp_ui_px(ui, CP_SPACE);
    cp_ui_rect(ui, (cp_rect){in.x, y, in.w, 1}, t->border, 0);
    y += cp_ui_px(ui, CP_SPACE_XL);
    if (s->n_mixups) {
        /* Misses that were the learner's own confusions, a line a pair. */
        cp_ui_text(ui, (cp_rect){in.x, y, in.w, hlh}, "YOU MIXED UP AGAIN", CP_FONT_BOLD, hf, t->muted,
                   CP_TEXT_ELLIPSIS);
        y += hlh + cp_ui_px(ui, CP_SPACE_XS);
        int xf = cp_ui_font(ui, CP_SIZE_DETAIL), xlh = cp_ui_line_height(ui, xf);
        int mark = cp_ui_px(ui, CP_SPACE_XS);
        for (size_t k = 0; k < s->n_mixups; k++) {
            cp_ui_rect(ui, (cp_rect){in.x, y + 2, mark, xlh - 4}, t->warn, mark / 2);
            cp_ui_text(ui, (cp_rect){in.x + 2 * mark, y, in.w - 2 * mark, xlh}, s->mixups[k], CP_FONT_REGULAR, xf,
                       t->text, CP_TEXT_ELLIPSIS);
            y += xlh + cp_ui_px(ui, CP_SPACE_2XS);
        }
        y += cp_ui_px(ui, CP_SPACE_M);
    }
    cp_ui_text(ui, (cp_rect){in.x, y, in.w, hlh}, "READINESS", CP_FONT_BOLD, hf, t->muted, CP_TEXT_ELLIPSIS);
    y += hlh + cp_ui_px(ui, CP_SPACE_S);
    char text[1400], fresh[160];
    cp_readiness_fresh_note(cp_attempt_fresh_scored(app->attempt), r->n_scored, fresh, sizeof fresh);
    if (s->have_meter) {
        const cp_readiness *m = &s->meter;
        int n =
            snprintf(text, sizeof text,
                     "%s%s%s. Predicted score %d (likely %d\xe2\x80\x93%d), pass probability %d%%.",
                     fresh, fresh[0] ? "\n" : "", cp_verdict_name(m->verdict), m->predicted_scaled,
                     m->band_low, m->band_high, cp_readiness_percent(m->pass_probability));
        for (size_t i = 0; i < m->n_reasons && n < (int)sizeof text - 10; i++)
            n += snprintf(text + n, sizeof text - (size_t)n, "\n%s %s", m->reasons[i].met ? "\xe2\x9c\x93" : "\xe2\x9c\x97",
                          m->reasons[i].text);
    } else {
        snprintf(text, sizeof text, "%s%sNot available for this deck.", fresh, fresh[0] ? "\n" : "");
    }
    cp_rect tb = {in.x, y, in.w, in.y + in.h - y};
    cp_ui_paragraph(ui, tb, text, CP_FONT_REGULAR, CP_SIZE_DETAIL, t->text);
    if (cp_shell_back_clicked(app))
        cp_app_pop(app);
}

const cp_screen cp_screen_results = {
    .name = "results", .enter = enter, .event = event, .draw = draw, .leave = leave,
};
