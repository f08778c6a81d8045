/* Home: today's drill at a glance (due and new cards by domain), how much is
 * done today, and the way to every activity. The first run offers the
 * diagnostic. Up/Down (or the d-pad) move the focus, Enter opens it; each
 * button also has its own key. */
#include "shell.h"

#include "cloudprep/blueprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct home_state {
    cp_today today;
    int focus;
    cp_readiness meter;
    bool have_meter;
    /* In a window the meter comes a frame after the rest (it reads every
     * first exposure: tens of milliseconds on a long history), so Home
     * shows at once: pending until then, shown once a frame was drawn. */
    bool meter_pending, shown;
    cp_time day_end; /* the learning day's end: read again then */
} home_state;

typedef struct nav { const char *label, *hint; int key; const cp_screen *screen; const char *arg; } nav;

static const nav navs[] = {
    {"Daily drill", "Enter / D", 'd', &cp_screen_drill, NULL},
    {"Quiz round", "Q", 'q', &cp_screen_quiz, NULL},
    {"Mock exam", "M", 'm', &cp_screen_exam, NULL},
    {"Diagnostic", "G", 'g', &cp_screen_diagnostic, NULL},
    {"Statistics", "S", 's', &cp_screen_stats, NULL},
    {"Settings", "O", 'o', &cp_screen_settings, NULL},
};
enum { N_NAV = sizeof navs / sizeof navs[0] };

/* Today's queue and the readiness meter, read again whenever Home shows. */
static void load(cp_app *app, home_state *s)
{
    cp_error err = {0};
    /* Left open over the start of a learning day: the game moves to it. */
    cp_game_notes notes = {0};
    if (cp_app_check(app, cp_learner_catch_up(app->learner, app->now, &notes, &err), &err))
        cp_app_notes(app, &notes);
    cp_today_free(&s->today);
    cp_app_check(app, cp_learner_today(app->learner, app->now, -1, &s->today, &err), &err);
    /* Back on Home, the meter it showed stays up until the new one is
     * there (a frame later). */
    s->meter_pending = app->progressive;
    s->shown = false;
    if (!s->meter_pending)
        s->have_meter = cp_learner_readiness(app->learner, app->now, &s->meter, &err) == CP_OK;
    s->focus = 0;
    s->day_end = cp_learner_day_end(app->learner, app->now);
}

static void update(cp_app *app, void *state)
{
    home_state *s = state;
    if (!s)
        return;
    /* Left open over the start of a learning day: the new day's figures. */
    if (app->now >= s->day_end) {
        int focus = s->focus;
        load(app, s);
        s->focus = focus;
    }
    app->wake_at = s->day_end;
    if (!s->meter_pending || !s->shown)
        return;
    cp_error err = {0};
    s->have_meter = cp_learner_readiness(app->learner, app->now, &s->meter, &err) == CP_OK;
    s->meter_pending = false;
}

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)arg;
    home_state *s = calloc(1, sizeof *s);
    if (s)
        load(app, s);
    *state = s;
}

static void resume(cp_app *app, void *state)
{
    load(app, state);
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    home_state *s = state;
    cp_today_free(&s->today);
    free(s);
}

static void open_nav(cp_app *app, int i)
{
    cp_app_push(app, navs[i].screen, navs[i].arg);
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    home_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    switch (in->key) {
    case CP_KEY_UP: s->focus = (s->focus + N_NAV - 1) % N_NAV; return;
    case CP_KEY_DOWN: case CP_KEY_TAB: s->focus = (s->focus + 1) % N_NAV; return;
    case CP_KEY_ENTER: case CP_KEY_SPACE: open_nav(app, s->focus); return;
    case ',': open_nav(app, N_NAV - 1); return;
    default: break;
    }
    for (int i = 0; i < N_NAV; i++)
        if (in->key == navs[i].key) {
            open_nav(app, i);
            return;
        }
}

static void draw_today(cp_app *app, home_state *s, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    int hlh;
    cp_rect in = cp_ui_section(ui, r, CP_PAD_L, CP_SIZE_LABEL, "TODAY'S DRILL", NULL, &hlh);
    int y = in.y + hlh + cp_ui_px(ui, CP_SPACE_S);

    if (cp_deck_count(app->deck) == 0) {
        char msg[400];
        snprintf(msg, sizeof msg,
                 "No usable cards were found. Check the deck directory with `cloudprep check`; "
                 "every problem is listed as file:line: message.");
        cp_ui_paragraph(ui, (cp_rect){in.x, y, in.w, in.y + in.h - y}, msg, CP_FONT_REGULAR, CP_SIZE_STATUS,
                        t->text);
        return;
    }
    const cp_today *td = &s->today;
    char big[96];
    if (td->n)
        snprintf(big, sizeof big, "%d due \xc2\xb7 %d new", td->due, td->fresh);
    else
        snprintf(big, sizeof big, "All done for today");
    int bs = cp_ui_font(ui, CP_SIZE_DISPLAY), blh = cp_ui_line_height(ui, bs);
    cp_ui_text(ui, (cp_rect){in.x, y, in.w, blh}, big, CP_FONT_BOLD, bs, t->text, CP_TEXT_ELLIPSIS);
    y += blh + cp_ui_px(ui, CP_SPACE_XS);
    char sub[160];
    int goal = td->done_today + (int)td->n;
    if (td->done_today)
        snprintf(sub, sizeof sub, "%d answered today, %d%% right", td->done_today,
                 td->done_today ? 100 * td->correct_today / td->done_today : 0);
    else if (td->n)
        snprintf(sub, sizeof sub, "About %d minutes: due cards, then new ones.", td->minutes);
    else
        snprintf(sub, sizeof sub, "Nothing is due. Come back tomorrow, or play a quiz round.");
    int ss = cp_ui_font(ui, CP_SIZE_DETAIL), slh = cp_ui_line_height(ui, ss);
    cp_ui_text(ui, (cp_rect){in.x, y, in.w, slh}, sub, CP_FONT_REGULAR, ss, t->muted, CP_TEXT_ELLIPSIS);
    y += slh + cp_ui_px(ui, CP_SPACE_L);
    cp_ui_progress(ui, (cp_rect){in.x, y, in.w, cp_ui_px(ui, CP_PROGRESS_H)},
                   goal ? (float)td->done_today / (float)goal : 1.0f, t->good);
    y += cp_ui_px(ui, CP_PROGRESS_H + CP_SPACE_2XL);

    /* Due and new by domain, bars scaled to the largest. */
    int most = 1;
    for (int d = 0; d < CP_DOMAINS; d++)
        if (td->due_by_domain[d] + td->new_by_domain[d] > most)
            most = td->due_by_domain[d] + td->new_by_domain[d];
    int btn_h = cp_ui_px(ui, CP_BUTTON_H_L);
    int rows_h = in.y + in.h - btn_h - cp_ui_px(ui, CP_SPACE_2XL) - y;
    int row_h = rows_h / CP_DOMAINS;
    if (row_h > cp_ui_px(ui, CP_ROW_H))
        row_h = cp_ui_px(ui, CP_ROW_H);
    int ls = cp_ui_font_in_row(ui, CP_SIZE_LABEL, row_h, 2), llh = cp_ui_line_height(ui, ls);
    int label_w = in.w * 2 / 5;
    for (int d = 0; d < CP_DOMAINS; d++) {
        const cp_domain_info *di = cp_blueprint_domain(d + 1);
        char label[96], count[48];
        snprintf(label, sizeof label, "%d  %s", d + 1, di->short_name);
        snprintf(count, sizeof count, "%d + %d", td->due_by_domain[d], td->new_by_domain[d]);
        int ry = y + d * row_h;
        cp_ui_text(ui, (cp_rect){in.x, ry + (row_h - llh) / 2, label_w - cp_ui_px(ui, CP_SPACE), llh}, label,
                   CP_FONT_REGULAR, ls, t->text, CP_TEXT_ELLIPSIS);
        int count_w = cp_ui_px(ui, CP_COUNT_W);
        int bar_x = in.x + label_w, bar_w = in.w - label_w - count_w - cp_ui_px(ui, CP_SPACE);
        int bh = cp_ui_px(ui, CP_PROGRESS_H);
        cp_rect bar = {bar_x, ry + (row_h - bh) / 2, bar_w, bh};
        cp_ui_rect(ui, bar, t->panel_hi, bh / 2);
        int wd = bar_w * td->due_by_domain[d] / most, wn = bar_w * td->new_by_domain[d] / most;
        if (wd)
            cp_ui_rect(ui, (cp_rect){bar.x, bar.y, wd, bh}, t->domain[d], bh / 2);
        if (wn)
            cp_ui_rect(ui, (cp_rect){bar.x + wd, bar.y, wn, bh},
                       (cp_color){t->domain[d].r, t->domain[d].g, t->domain[d].b, 110}, bh / 2);
        cp_ui_text(ui, (cp_rect){in.x + in.w - count_w, ry + (row_h - llh) / 2, count_w, llh}, count,
                   CP_FONT_REGULAR, ls, t->muted, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    }
    cp_rect start = {in.x, in.y + in.h - btn_h, in.w < cp_ui_px(ui, CP_BUTTON_W_XL) ? in.w : cp_ui_px(ui, CP_BUTTON_W_XL), btn_h};
    /* With nothing left, the big button offers practice instead of an empty drill. */
    if (cp_ui_button(ui, start, td->n ? "Start today's drill" : "Play a quiz round", td->n ? "Enter" : "Q",
                     s->focus == 0 ? CP_BUTTON_PRIMARY : CP_BUTTON_NORMAL))
        open_nav(app, td->n ? 0 : 1);
}

/* Level and XP, streak and freezes, today's goal and the plan's pace. */
static void draw_status(cp_app *app, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    const cp_game_state *g = cp_learner_game(app->learner);
    cp_ui_panel(ui, r);
    int pad = cp_ui_px(ui, CP_PAD_STRIP), gap = cp_ui_px(ui, CP_COLUMN_GAP);
    int fs = cp_ui_font(ui, CP_SIZE_DETAIL), lh = cp_ui_line_height(ui, fs);
    char a[120], b[120], c[120], d[120];
    if (!g) {
        cp_ui_text(ui, (cp_rect){r.x + pad, r.y + (r.h - lh) / 2, r.w - 2 * pad, lh},
                   "XP and streaks are unavailable this session.", CP_FONT_REGULAR, fs, t->muted, CP_TEXT_ELLIPSIS);
        return;
    }
    snprintf(a, sizeof a, "Level %d \xc2\xb7 %lld XP", g->level.level, (long long)g->xp);
    snprintf(b, sizeof b, "Streak %d day%s \xc2\xb7 %d freeze%s", g->streak.current, g->streak.current == 1 ? "" : "s",
             g->streak.freezes, g->streak.freezes == 1 ? "" : "s");
    int minutes = g->today_record.seconds / 60;
    if (g->goal_met)
        snprintf(c, sizeof c, "Daily goal met");
    else
        snprintf(c, sizeof c, "Goal: %d of %d min", minutes, g->goal_minutes);
    /* The study plan, when an exam date is set: on track or not, and
     * today's part of it. */
    int n = g->has_plan ? 4 : 3;
    if (g->has_plan) {
        if (g->plan_reviews_first && cp_game_plan_new_left(g) == 0)
            snprintf(d, sizeof d, "Plan: reviews first today%s",
                     g->plan_today.mock_today ? " + mock" : "");
        else
            snprintf(d, sizeof d, "Plan: %s \xc2\xb7 %d new%s%s",
                     g->plan_reviews_first ? "reviews first"
                                           : cp_plan_pace_name(g->plan_today.pace),
                     cp_game_plan_new_left(g), g->plan_reviews_first ? "" : " today",
                     g->plan_today.mock_today ? " + mock" : "");
    }
    int cw = (r.w - 2 * pad - (n - 1) * gap) / n;
    int ty = r.y + (r.h - lh - cp_ui_px(ui, CP_SPACE_S + CP_PROGRESS_H_S)) / 2;
    const char *texts[4] = {a, b, c, d};
    int planned = g->plan_today.expected > 0 ? g->plan_today.expected : 1;
    float fill[4] = {g->level.span ? (float)g->level.into / (float)g->level.span : 0,
                     g->streak.today_kept ? 1.0f : 0.0f,
                     g->goal_met ? 1.0f : (float)minutes / (float)(g->goal_minutes ? g->goal_minutes : 15),
                     (float)g->plan_today.introduced / (float)planned};
    cp_color colors[4] = {t->accent, t->domain[1], t->good, t->domain[0]};
    for (int i = 0; i < n; i++) {
        int x = r.x + pad + i * (cw + gap);
        cp_ui_text(ui, (cp_rect){x, ty, cw, lh}, texts[i], CP_FONT_BOLD, fs, t->text, CP_TEXT_ELLIPSIS);
        cp_ui_progress(ui, (cp_rect){x, ty + lh + cp_ui_px(ui, CP_SPACE_S), cw, cp_ui_px(ui, CP_PROGRESS_H_S)}, fill[i], colors[i]);
    }
}

/* The readiness gauge: predicted score and band, pass probability, the
 * verdict with its reasons, and when the next mock exam is due. */
static void draw_readiness(cp_app *app, home_state *s, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    int hlh;
    cp_rect in = cp_ui_section(ui, r, CP_PAD_M, CP_SIZE_LABEL, "READINESS", NULL, &hlh);
    if (s->meter_pending)
        app->animating = true; /* the next frame brings it */
    if (!s->have_meter) {
        const char *msg = s->meter_pending ? "Working it out\xe2\x80\xa6"
                                           : "Needs question cards in the deck.";
        int gap = cp_ui_px(ui, CP_SPACE_M);
        cp_ui_text(ui, (cp_rect){in.x, in.y + hlh + gap, in.w, in.h - hlh - gap}, msg, CP_FONT_REGULAR,
                   cp_ui_font(ui, CP_SIZE_DETAIL), t->muted, CP_TEXT_WRAP);
        return;
    }
    const cp_readiness *m = &s->meter;
    int y = in.y + hlh + cp_ui_px(ui, CP_SPACE);
    int side = in.w * 2 / 5;
    if (side > in.h / 3)
        side = in.h / 3;
    cp_rect g = {in.x, y, side, side};
    int thick = side / 9 > 2 ? side / 9 : 2;
    cp_color vc = m->verdict == CP_READY ? t->good : m->verdict == CP_GETTING_CLOSE ? t->warn : t->bad;
    cp_ui_gauge(ui, g, (float)(m->predicted_scaled - CP_SCALE_MIN) / (float)(CP_SCALE_MAX - CP_SCALE_MIN), vc, thick);
    /* The pass mark at 700. */
    float pass = (float)(CP_SCALE_PASS - CP_SCALE_MIN) / (float)(CP_SCALE_MAX - CP_SCALE_MIN);
    cp_draw_ring(&ui->list, cp_rect_inset(g, -cp_ui_px(ui, CP_FOCUS_RING)), t->text, thick + cp_ui_px(ui, 2 * CP_FOCUS_RING), pass - 0.004f,
                 pass + 0.004f);
    char num[16];
    snprintf(num, sizeof num, "%d", m->predicted_scaled);
    int nf = side / 4 > CP_SIZE_MIN_PX ? side / 4 : CP_SIZE_MIN_PX, nlh = cp_ui_line_height(ui, nf);
    cp_ui_text(ui, (cp_rect){g.x + thick, g.y + (side - nlh) / 2, side - 2 * thick, nlh}, num, CP_FONT_BOLD, nf, t->text,
               CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
    int tx = g.x + side + cp_ui_px(ui, CP_SPACE_2XL), tw = in.x + in.w - tx;
    int vf = cp_ui_font(ui, CP_SIZE_TITLE), vlh = cp_ui_line_height(ui, vf);
    cp_ui_text(ui, (cp_rect){tx, y, tw, vlh}, cp_verdict_name(m->verdict), CP_FONT_BOLD, vf, vc, CP_TEXT_ELLIPSIS);
    int mf = cp_ui_font(ui, CP_SIZE_LABEL), mlh = cp_ui_line_height(ui, mf);
    char line[3][120];
    snprintf(line[0], sizeof line[0], "Predicted %d", m->predicted_scaled);
    snprintf(line[1], sizeof line[1], "likely %d\xe2\x80\x93%d", m->band_low, m->band_high);
    snprintf(line[2], sizeof line[2], "Pass chance %d%%",
             cp_readiness_percent(m->pass_probability));
    for (int i = 0; i < 3; i++)
        cp_ui_text(ui, (cp_rect){tx, y + vlh + cp_ui_px(ui, CP_SPACE_XS) + i * mlh, tw, mlh}, line[i], CP_FONT_REGULAR, mf,
                   i == 1 ? t->muted : t->text, CP_TEXT_ELLIPSIS);
    y += side + cp_ui_px(ui, CP_SPACE_XL);
    /* Why, and the next mock. */
    char why[1400];
    int n = 0;
    for (size_t i = 0; i < m->n_reasons && n < (int)sizeof why - 200; i++)
        n += snprintf(why + n, sizeof why - (size_t)n, "%s%s %s", i ? "\n" : "", m->reasons[i].met ? "\xe2\x9c\x93" : "\xe2\x9c\x97",
                      m->reasons[i].text);
    n += snprintf(why + n, sizeof why - (size_t)n, "\n%d fresh mock%s left (questions you have not seen).",
                  m->fresh_mocks_left, m->fresh_mocks_left == 1 ? "" : "s");
    if (m->mock_due)
        snprintf(why + n, sizeof why - (size_t)n, "\nA mock exam is due now (M).");
    else
        snprintf(why + n, sizeof why - (size_t)n, "\nNext mock exam in %d day%s.", m->next_mock_days,
                 m->next_mock_days == 1 ? "" : "s");
    cp_rect wb = {in.x, y, in.w, in.y + in.h - y};
    cp_ui_paragraph(ui, wb, why, CP_FONT_REGULAR, CP_SIZE_NOTE, t->muted);
}

static void draw(cp_app *app, void *state)
{
    home_state *s = state;
    s->shown = true;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    /* How many cards came from where: the bank, and the learner's own. */
    char right[128];
    const cp_source *mine = app->n_sources > 1 ? &app->sources[1] : NULL;
    if (mine && mine->cards)
        snprintf(right, sizeof right, "CLF-C02 \xc2\xb7 %zu cards + %zu yours \xc2\xb7 ? keys",
                 app->sources[0].cards, mine->cards);
    else
        snprintf(right, sizeof right, "CLF-C02 \xc2\xb7 %zu cards \xc2\xb7 ? keys", cp_deck_count(app->deck));
    cp_rect c = cp_shell_top_bar(app, "cloudprep", right);
    int gap = cp_ui_px(ui, CP_GAP);

    /* A learner's deck with errors: one line while it lasts; the bank and
     * their other cards are all there, the details are on stderr and in
     * `cloudprep check`. */
    if (mine && (mine->skipped || mine->n_diags)) {
        char msg[200];
        if (mine->skipped)
            snprintf(msg, sizeof msg, "Your decks: %zu card%s skipped for errors. Run cloudprep check to see where.",
                     mine->skipped, mine->skipped == 1 ? "" : "s");
        else
            snprintf(msg, sizeof msg, "Your decks: %zu file%s could not be read. Run cloudprep check to see which.",
                     mine->n_diags, mine->n_diags == 1 ? "" : "s");
        int fs = cp_ui_font(ui, CP_SIZE_DETAIL), lh = cp_ui_line_height(ui, fs);
        int bh = lh + cp_ui_px(ui, 2 * CP_SPACE);
        cp_ui_rect(ui, (cp_rect){c.x, c.y, c.w, bh}, t->warn, cp_ui_px(ui, CP_RADIUS_BANNER));
        cp_ui_text(ui, (cp_rect){c.x + cp_ui_px(ui, CP_SPACE_L), c.y + (bh - lh) / 2, c.w - cp_ui_px(ui, 2 * CP_SPACE_L), lh},
                   msg, CP_FONT_BOLD, fs, t->accent_text, CP_TEXT_ELLIPSIS);
        c.y += bh + gap;
        c.h -= bh + gap;
    }

    /* A clock behind the newest answer: said plainly, on Home, while it
     * lasts; the learner's time stays at that answer meanwhile. */
    if (cp_learner_clock_behind(app->learner, app->now)) {
        char msg[400], clock_day[16], last_day[16];
        cp_day_clock local = cp_learner_clock(app->learner);
        local.start_hour = 0;       /* calendar dates, not learning days */
        cp_day_format(cp_day_of(&local, app->now), clock_day, sizeof clock_day);
        cp_day_format(cp_day_of(&local, cp_learner_newest_answer(app->learner)), last_day,
                      sizeof last_day);
        snprintf(msg, sizeof msg,
                 "Your computer's clock reads %s, earlier than your last answer (%s). Until it is "
                 "right, cloudprep counts time from that answer; nothing is lost.",
                 clock_day, last_day);
        int bh = cp_ui_px(ui, CP_BAR_H);
        cp_rect banner = {c.x, c.y, c.w, bh};
        cp_ui_rect(ui, banner, t->warn, cp_ui_px(ui, CP_RADIUS_BANNER));
        cp_rect in = cp_rect_inset(banner, cp_ui_px(ui, CP_SPACE_L));
        cp_ui_paragraph(ui, in, msg, CP_FONT_BOLD, CP_SIZE_DETAIL, t->accent_text);
        c.y += bh + gap;
        c.h -= bh + gap;
    }
    if (cp_learner_is_new(app->learner)) {
        int bh = cp_ui_px(ui, CP_BAR_H);
        cp_rect banner = {c.x, c.y, c.w, bh};
        cp_ui_rect(ui, banner, t->accent, cp_ui_px(ui, CP_RADIUS_BANNER));
        int fs = cp_ui_font(ui, CP_SIZE_BODY), lh = cp_ui_line_height(ui, fs);
        int bw = cp_ui_px(ui, CP_BUTTON_W_S);
        cp_ui_text(ui, (cp_rect){c.x + cp_ui_px(ui, CP_GAP), c.y + (bh - lh) / 2, c.w - bw - cp_ui_px(ui, CP_GAP + CP_SPACE_L + CP_SPACE_3XL), lh},
                   "New here? A 10-question diagnostic estimates your score and finds your weakest domain.",
                   CP_FONT_BOLD, fs, t->accent_text, CP_TEXT_ELLIPSIS);
        if (cp_ui_button(ui, (cp_rect){c.x + c.w - bw - cp_ui_px(ui, CP_SPACE_L), c.y + cp_ui_px(ui, CP_SPACE), bw,
                                        bh - cp_ui_px(ui, 2 * CP_SPACE)}, "Take it", "G", CP_BUTTON_NORMAL))
            open_nav(app, 3);
        c.y += bh + gap;
        c.h -= bh + gap;
    }
    int strip = cp_ui_px(ui, CP_BAR_H);
    draw_status(app, (cp_rect){c.x, c.y, c.w, strip});
    c.y += strip + gap;
    c.h -= strip + gap;
    int side_w = c.w * 24 / 100, ready_w = c.w * 33 / 100;
    draw_today(app, s, (cp_rect){c.x, c.y, c.w - side_w - ready_w - 2 * gap, c.h});
    draw_readiness(app, s, (cp_rect){c.x + c.w - side_w - ready_w - gap, c.y, ready_w, c.h});

    /* Activities. */
    cp_rect side = {c.x + c.w - side_w, c.y, side_w, c.h};
    int bh = (side.h - (N_NAV - 1) * cp_ui_px(ui, CP_SPACE)) / N_NAV;
    if (bh > cp_ui_px(ui, CP_NAV_H))
        bh = cp_ui_px(ui, CP_NAV_H);
    for (int i = 0; i < N_NAV; i++) {
        cp_rect b = {side.x, side.y + i * (bh + cp_ui_px(ui, CP_SPACE)), side.w, bh};
        if (s->focus == i)
            cp_ui_rect(ui, cp_rect_inset(b, -cp_ui_px(ui, CP_FOCUS_RING)), t->accent, cp_ui_px(ui, CP_RADIUS_BANNER));
        if (cp_ui_button(ui, b, navs[i].label, navs[i].hint, CP_BUTTON_NORMAL)) {
            s->focus = i;
            open_nav(app, i);
            return;
        }
    }
}

const cp_screen cp_screen_home = {
    .name = "home",
    .enter = enter,
    .event = event,
    .update = update,
    .resume = resume,
    .draw = draw,
    .leave = leave,
};
