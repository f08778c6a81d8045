/* Statistics: every figure comes from the core's stats module and the
 * learner's confusions (read once on entering); this file only draws the
 * charts. Top: the 26-week review heatmap with the streak, true retention
 * against the target, and cards by state. Middle: the 30-day forecast, mock
 * scores with the 700 and 750 lines, and per-domain mastery and accuracy.
 * Bottom: time studied per day, and what the learner mixes up (the pairs
 * they confuse, how often, when last, and the deck's one-line difference). */
#include "shell.h"

#include "cloudprep/blueprint.h"
#include "cloudprep/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MIXUPS_MAX = 6 };

/* One confused pair, in words. */
typedef struct mixup_row {
    char pair[200];             /* "Amazon GuardDuty where Amazon Inspector was right" */
    char count[80];             /* "3 of 5 · yesterday" */
    char difference[400];       /* the deck's one-line difference, or "" */
    bool fading;                /* confused before, not any more */
} mixup_row;

typedef struct stats_state {
    cp_stats stats;
    bool ok;
    char error[512];
    mixup_row mixups[MIXUPS_MAX];
    size_t n_mixups;            /* rows: the confused pairs (worst first), then fading ones */
    size_t n_confused;          /* confused pairs in all */
    size_t n_fading;            /* pairs confused before, not any more */
} stats_state;

/* Fading pairs: the most missed first (the list has them by score). */
static int by_misses(const void *x, const void *y)
{
    const cp_confusion_pair *a = x, *b = y;
    if (a->confused != b->confused)
        return a->confused ? -1 : 1;
    if (a->confused)
        return (a->score < b->score) - (a->score > b->score);
    return (a->misses < b->misses) - (a->misses > b->misses);
}

/* The learner's confused pairs, worst first, then the fading ones, as rows. */
static void load_mixups(cp_app *app, stats_state *s, cp_time now)
{
    const cp_confusion *tally;
    cp_confusion_pair *pairs = NULL;
    size_t n = 0;
    cp_error err = {0};
    if (cp_learner_confusion(app->learner, now, &tally, &err) != CP_OK ||
        cp_confusion_list(tally, now, &pairs, &n, &err) != CP_OK)
        return;
    if (n)
        qsort(pairs, n, sizeof *pairs, by_misses);
    const cp_confusion_map *map = cp_confusion_tally_map(tally);
    cp_day_clock clock = cp_learner_clock(app->learner);
    for (size_t i = 0; i < n; i++) {
        const cp_confusion_pair *p = &pairs[i];
        s->n_confused += p->confused;
        s->n_fading += !p->confused && p->was_confused;
        if (s->n_mixups == MIXUPS_MAX || (!p->confused && !p->was_confused))
            continue;
        mixup_row *row = &s->mixups[s->n_mixups++];
        row->fading = !p->confused;
        snprintf(row->pair, sizeof row->pair, "%s where %s was right", cp_confusion_subject(map, p->chosen)->name,
                 cp_confusion_subject(map, p->keyed)->name);
        int32_t days = cp_day_of(&clock, now) - cp_day_of(&clock, p->last_miss);
        char when[32];
        if (days <= 0)
            snprintf(when, sizeof when, "today");
        else if (days == 1)
            snprintf(when, sizeof when, "yesterday");
        else
            snprintf(when, sizeof when, "%d days ago", (int)days);
        snprintf(row->count, sizeof row->count, "%u of %u \xc2\xb7 %s", p->misses, p->offers, when);
        cp_confusion_difference(map, p->keyed, p->chosen, row->difference, sizeof row->difference);
    }
    free(pairs);
}

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)arg;
    stats_state *s = calloc(1, sizeof *s);
    cp_error err = {0};
    cp_game_desc desc = {.settings = cp_learner_settings(app->learner),
                         .clock = cp_learner_clock(app->learner),
                         .params = cp_learner_params(app->learner),
                         .first_at = cp_learner_first_seen(app->learner).at};
    cp_time now = cp_learner_now(app->learner, app->now);
    s->ok = cp_stats_load(app->store, app->deck, &desc, now, &s->stats, &err) == CP_OK;
    if (!s->ok)
        snprintf(s->error, sizeof s->error, "%s", err.message);
    else
        load_mixups(app, s, now);
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
    if (in->kind == CP_INPUT_KEY && (in->key == CP_KEY_ESCAPE || in->key == CP_KEY_ENTER))
        cp_app_pop(app);
}

/* A panel with a title; returns the area under the title. */
static cp_rect card(cp_app *app, cp_rect r, const char *title, const char *note)
{
    cp_ui *ui = &app->ui;
    int hlh;
    cp_rect in = cp_ui_section(ui, r, CP_PAD_S, CP_SIZE_NOTE, title, note, &hlh);
    int gap = cp_ui_px(ui, CP_SPACE_M);
    return (cp_rect){in.x, in.y + hlh + gap, in.w, in.h - hlh - gap};
}

static cp_color mix(cp_color a, cp_color b, float f)
{
    return (cp_color){(uint8_t)(a.r + (b.r - a.r) * f), (uint8_t)(a.g + (b.g - a.g) * f),
                      (uint8_t)(a.b + (b.b - a.b) * f), 255};
}

static void heatmap(cp_app *app, const cp_stats *st, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    char note[80];
    snprintf(note, sizeof note, "streak %d \xc2\xb7 best %d \xc2\xb7 %d freeze%s", st->streak.current, st->streak.best,
             st->streak.freezes, st->streak.freezes == 1 ? "" : "s");
    cp_rect in = card(app, r, "REVIEWS, LAST 26 WEEKS", note);
    int most = 1;
    for (int i = 0; i < CP_STATS_DAYS; i++)
        if (st->days[i].reviews > most)
            most = st->days[i].reviews;
    int gap = cp_ui_px(ui, CP_SPACE_2XS) > 1 ? cp_ui_px(ui, CP_SPACE_2XS) : 1;
    int cell_w = (in.w - (CP_STATS_WEEKS - 1) * gap) / CP_STATS_WEEKS;
    int cell_h = (in.h - 6 * gap) / 7;
    int cell = cell_w < cell_h ? cell_w : cell_h;
    if (cell < 2)
        return;
    int x0 = in.x + (in.w - CP_STATS_WEEKS * (cell + gap)) / 2;
    for (int i = 0; i < CP_STATS_DAYS; i++) {
        int slot = i + st->first_weekday;          /* column by week, row by weekday */
        int col = slot / 7, row = slot % 7;
        if (col >= CP_STATS_WEEKS)
            break;
        const cp_stats_day *d = &st->days[i];
        cp_color c = d->reviews ? mix(t->panel_hi, t->good, 0.25f + 0.75f * (float)d->reviews / (float)most) : t->panel_hi;
        cp_rect cr = {x0 + col * (cell + gap), in.y + row * (cell + gap), cell, cell};
        if (d->kept && d->reviews == 0)
            c = mix(t->panel_hi, t->good, 0.15f);
        cp_ui_rect(ui, cr, c, cell / 4);
    }
}

static void retention_states(cp_app *app, const cp_stats *st, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect in = card(app, r, "TRUE RETENTION \xc2\xb7 CARDS", NULL);
    int fs = cp_ui_font(ui, CP_SIZE_LABEL), lh = cp_ui_line_height(ui, fs);
    char line[160];
    if (st->due_reviews)
        snprintf(line, sizeof line, "%.0f%% of %d due reviews right (target %.0f%%)", st->true_retention * 100,
                 st->due_reviews, st->desired_retention * 100);
    else
        snprintf(line, sizeof line, "No due reviews yet (target %.0f%%)", st->desired_retention * 100);
    cp_ui_text(ui, (cp_rect){in.x, in.y, in.w, lh}, line, CP_FONT_REGULAR, fs, t->text, CP_TEXT_ELLIPSIS);
    int bh = cp_ui_px(ui, CP_PROGRESS_H), y = in.y + lh + cp_ui_px(ui, CP_SPACE_S);
    cp_rect bar = {in.x, y, in.w, bh};
    cp_ui_progress(ui, bar, (float)st->true_retention, st->true_retention >= st->desired_retention ? t->good : t->warn);
    int tx = bar.x + (int)((float)bar.w * (float)st->desired_retention);
    cp_ui_rect(ui, (cp_rect){tx - 1, y - cp_ui_px(ui, CP_SPACE_XS), cp_ui_px(ui, CP_STROKE), bh + cp_ui_px(ui, CP_SPACE_M)}, t->text, 1);
    y += bh + cp_ui_px(ui, CP_SPACE_2XL);
    /* Cards by state: one stacked bar and its legend. */
    static const char *names[4] = {"new", "learning", "review", "relearning"};
    cp_color colors[4] = {t->border, t->warn, t->good, t->bad};
    int total = st->cards > 0 ? st->cards : 1, x = in.x;
    for (int k = 0; k < 4; k++) {
        int w = in.w * st->by_state[k] / total;
        if (w > 0)
            cp_ui_rect(ui, (cp_rect){x, y, w, bh * 2}, colors[k], 2);
        x += w;
    }
    y += bh * 2 + cp_ui_px(ui, CP_SPACE_M);
    int lf = cp_ui_font(ui, CP_SIZE_CAPTION), llh = cp_ui_line_height(ui, lf);
    for (int k = 0; k < 4 && y + llh <= in.y + in.h; k += 2) {
        for (int j = 0; j < 2; j++) {
            char leg[64];
            snprintf(leg, sizeof leg, "%s %d", names[k + j], st->by_state[k + j]);
            int cx = in.x + j * in.w / 2, sw = llh / 2;
            cp_ui_rect(ui, (cp_rect){cx, y + (llh - sw) / 2, sw, sw}, colors[k + j], 2);
            cp_ui_text(ui, (cp_rect){cx + sw + cp_ui_px(ui, CP_SPACE_S), y, in.w / 2 - sw - cp_ui_px(ui, CP_SPACE), llh}, leg,
                       CP_FONT_REGULAR, lf, t->muted, CP_TEXT_ELLIPSIS);
        }
        y += llh;
    }
}

/* Bars over n values; labels under the first and last. */
static void bars(cp_app *app, cp_rect in, const int32_t *v, size_t n, cp_color c, const char *first, const char *last)
{
    cp_ui *ui = &app->ui;
    int lf = cp_ui_font(ui, CP_SIZE_AXIS), llh = cp_ui_line_height(ui, lf);
    cp_rect plot = {in.x, in.y, in.w, in.h - llh - cp_ui_px(ui, CP_SPACE_XS)};
    int most = 1;
    for (size_t i = 0; i < n; i++)
        if (v[i] > most)
            most = v[i];
    int slot = plot.w / (int)(n ? n : 1), bw = slot > 3 ? slot - slot / 4 : slot;
    for (size_t i = 0; i < n; i++) {
        int h = plot.h * v[i] / most;
        if (v[i] > 0 && h < 2)
            h = 2;
        cp_ui_rect(ui, (cp_rect){plot.x + (int)i * slot, plot.y + plot.h - h, bw, h}, c, 1);
    }
    cp_ui_rect(ui, (cp_rect){plot.x, plot.y + plot.h, plot.w, 1}, ui->theme->border, 0);
    cp_ui_text(ui, (cp_rect){in.x, in.y + in.h - llh, in.w / 2, llh}, first, CP_FONT_REGULAR, lf, ui->theme->muted,
               CP_TEXT_ELLIPSIS);
    cp_ui_text(ui, (cp_rect){in.x + in.w / 2, in.y + in.h - llh, in.w / 2, llh}, last, CP_FONT_REGULAR, lf,
               ui->theme->muted, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
}

/* Where a score falls on a plot spanning the score scale upwards. */
static int score_y(cp_rect plot, int score)
{
    return plot.y + plot.h - plot.h * (score - CP_SCALE_MIN) / (CP_SCALE_MAX - CP_SCALE_MIN);
}

static void mocks(cp_app *app, const cp_stats *st, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    char note[64];
    if (st->n_mocks)
        snprintf(note, sizeof note, "last %d", st->mocks[st->n_mocks - 1].scaled);
    cp_rect in = card(app, r, "MOCK EXAM SCORES", st->n_mocks ? note : NULL);
    int lf = cp_ui_font(ui, CP_SIZE_AXIS), llh = cp_ui_line_height(ui, lf);
    int lw = cp_ui_px(ui, CP_AXIS_W);
    cp_rect plot = {in.x + lw, in.y + llh / 2, in.w - lw, in.h - llh};
    /* Scale 100..1000; the 700 and 750 lines labelled on the left. */
    int lines[2] = {st->pass_line ? st->pass_line : CP_SCALE_PASS, st->target_line ? st->target_line : CP_SCALE_TARGET};
    cp_color lc[2] = {t->text, t->accent};
    for (int k = 0; k < 2; k++) {
        int y = score_y(plot, lines[k]);
        cp_ui_rect(ui, (cp_rect){plot.x, y, plot.w, 1}, lc[k], 0);
        char lab[8];
        snprintf(lab, sizeof lab, "%d", lines[k]);
        int ly = y - llh / 2 + (k == 0 ? llh / 2 : -llh / 2);
        if (ly < in.y)
            ly = in.y;
        cp_ui_text(ui, (cp_rect){in.x, ly, lw - cp_ui_px(ui, CP_SPACE_XS), llh}, lab, CP_FONT_REGULAR, lf, lc[k], CP_TEXT_ELLIPSIS);
    }
    if (!st->n_mocks) {
        int fs = cp_ui_font(ui, CP_SIZE_NOTE), lh = cp_ui_line_height(ui, fs);
        cp_ui_text(ui, (cp_rect){plot.x, plot.y + plot.h - lh, plot.w, lh}, "No mock exam yet", CP_FONT_REGULAR, fs,
                   t->muted, CP_TEXT_ELLIPSIS | CP_TEXT_CENTER);
        return;
    }
    int dot = cp_ui_px(ui, CP_DOT) > 3 ? cp_ui_px(ui, CP_DOT) : 3;
    size_t n = st->n_mocks;
    for (size_t i = 0; i < n; i++) {
        int x = plot.x + (n == 1 ? plot.w / 2 : (int)((long)(plot.w - dot) * (long)i / (long)(n - 1)));
        int y = score_y(plot, st->mocks[i].scaled);
        cp_ui_rect(ui, (cp_rect){x - dot / 2 + (n == 1 ? 0 : dot / 2), y - dot / 2, dot, dot},
                   st->mocks[i].passed ? t->good : t->bad, dot / 2);
    }
}

static void domains(cp_app *app, const cp_stats *st, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect in = card(app, r, "MASTERY \xc2\xb7 ACCURACY (30 DAYS)", NULL);
    int row = in.h / CP_DOMAINS;
    int lf = cp_ui_font(ui, CP_SIZE_CAPTION), llh = cp_ui_line_height(ui, lf);
    int bh = (row - llh - cp_ui_px(ui, CP_SPACE_S)) / 2;
    if (bh > cp_ui_px(ui, CP_PROGRESS_H_S))
        bh = cp_ui_px(ui, CP_PROGRESS_H_S);
    if (bh < 2)
        bh = 2;
    for (int d = 0; d < CP_DOMAINS; d++) {
        int y = in.y + d * row;
        char label[96];
        snprintf(label, sizeof label, "%s  %.0f%% \xc2\xb7 %.0f%%", cp_blueprint_domain(d + 1)->short_name,
                 st->mastery[d] * 100, st->accuracy[d] * 100);
        cp_ui_text(ui, (cp_rect){in.x, y, in.w, llh}, label, CP_FONT_REGULAR, lf, t->text, CP_TEXT_ELLIPSIS);
        cp_ui_progress(ui, (cp_rect){in.x, y + llh + 2, in.w, bh}, (float)st->mastery[d], t->domain[d]);
        cp_ui_progress(ui, (cp_rect){in.x, y + llh + 4 + bh, in.w, bh}, (float)st->accuracy[d],
                       mix(t->panel_hi, t->domain[d], 0.5f));
    }
}

/* What the learner mixes up: a row per confused pair, the pair and its
 * counts on the first line, the deck's one-line difference under it. */
static void mixups(cp_app *app, const stats_state *s, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    char note[48];
    snprintf(note, sizeof note, "%zu confused \xc2\xb7 %zu fading", s->n_confused, s->n_fading);
    cp_rect in = card(app, r, "WHAT YOU MIX UP", s->n_mixups ? note : NULL);
    if (!s->n_mixups) {
        const char *msg = "Nothing yet. When you pick the same wrong answer twice where one answer was "
                          "right, the pair shows here, and the drill brings the cards that tell them apart.";
        cp_ui_paragraph(ui, in, msg, CP_FONT_REGULAR, CP_SIZE_NOTE, t->muted);
        return;
    }
    int lf = cp_ui_font(ui, CP_SIZE_LABEL), llh = cp_ui_line_height(ui, lf);
    int nf = cp_ui_font(ui, CP_SIZE_CAPTION), nlh = cp_ui_line_height(ui, nf);
    int gap = cp_ui_px(ui, CP_SPACE_S), row_h = llh + nlh + gap;
    int cw = cp_ui_px(ui, CP_MIXUP_COUNT_W), mark = cp_ui_px(ui, CP_SPACE_XS);
    size_t fit = (size_t)((in.h + gap) / row_h);
    for (size_t i = 0; i < s->n_mixups && i < (fit ? fit : 1); i++) {
        const mixup_row *m = &s->mixups[i];
        int y = in.y + (int)i * row_h, x = in.x + 2 * mark;
        cp_ui_rect(ui, (cp_rect){in.x, y + 2, mark, llh + nlh - 4}, m->fading ? t->good : t->warn, mark / 2);
        cp_ui_text(ui, (cp_rect){x, y, in.w - (x - in.x) - cw, llh}, m->pair,
                   m->fading ? CP_FONT_REGULAR : CP_FONT_BOLD, lf, m->fading ? t->muted : t->text,
                   CP_TEXT_ELLIPSIS);
        cp_ui_text(ui, (cp_rect){in.x + in.w - cw, y, cw, llh}, m->count, CP_FONT_REGULAR, lf, t->muted,
                   CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
        if (m->difference[0])
            cp_ui_text(ui, (cp_rect){x, y + llh, in.w - (x - in.x), nlh}, m->difference, CP_FONT_REGULAR, nf,
                       t->muted, CP_TEXT_ELLIPSIS);
    }
}

static void draw(cp_app *app, void *state)
{
    stats_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect c = cp_shell_top_bar(app, "Statistics", "Esc home");
    if (cp_shell_back_clicked(app)) {
        cp_app_pop(app);
        return;
    }
    if (!s->ok) {
        char msg[600];
        snprintf(msg, sizeof msg, "Statistics could not be read: %s", s->error);
        cp_ui_paragraph(ui, c, msg, CP_FONT_REGULAR, CP_SIZE_LEAD, t->text);
        return;
    }
    const cp_stats *st = &s->stats;
    int gap = cp_ui_px(ui, CP_SPACE_XL);
    int h1 = c.h * 30 / 100, h2 = c.h * 34 / 100, h3 = c.h - h1 - h2 - 2 * gap;
    int w1 = (c.w - gap) * 62 / 100;
    heatmap(app, st, (cp_rect){c.x, c.y, w1, h1});
    retention_states(app, st, (cp_rect){c.x + w1 + gap, c.y, c.w - w1 - gap, h1});
    int y2 = c.y + h1 + gap, w = (c.w - 2 * gap) / 3;
    char note[48];
    int due_week = 0;
    for (int i = 0; i < 7; i++)
        due_week += st->forecast[i];
    snprintf(note, sizeof note, "%d this week", due_week);
    cp_rect fr = card(app, (cp_rect){c.x, y2, w, h2}, "DUE, NEXT 30 DAYS", note);
    bars(app, fr, st->forecast, CP_STATS_FORECAST_DAYS, t->domain[0], "today", "in 30 days");
    mocks(app, st, (cp_rect){c.x + w + gap, y2, w, h2});
    domains(app, st, (cp_rect){c.x + 2 * (w + gap), y2, c.w - 2 * (w + gap), h2});
    int y3 = y2 + h2 + gap;
    int32_t minutes[60];
    int64_t total = 0;
    for (int i = 0; i < 60; i++) {
        minutes[i] = (st->days[CP_STATS_DAYS - 60 + i].seconds + 30) / 60;
        total += st->days[CP_STATS_DAYS - 60 + i].seconds;
    }
    snprintf(note, sizeof note, "%lld min \xc2\xb7 level %d", (long long)(total / 60), st->level.level);
    int wt = (c.w - gap) * 38 / 100;
    cp_rect tr = card(app, (cp_rect){c.x, y3, wt, h3}, "MINUTES PER DAY", note);
    bars(app, tr, minutes, 60, t->accent, "60 days ago", "today");
    mixups(app, s, (cp_rect){c.x + wt + gap, y3, c.w - wt - gap, h3});
}

const cp_screen cp_screen_stats = {
    .name = "stats", .enter = enter, .event = event, .draw = draw, .leave = leave,
};
