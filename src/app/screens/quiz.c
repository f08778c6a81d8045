/* Quiz rounds: pick a length (5/10/20) and a domain (all or one), then
 * answer against a per-question countdown at the exam's pace (a setting).
 * The game module keeps the combo, the lives and the score; every answer is
 * graded by the core and stored like a drill answer, so it feeds the
 * scheduler. A summary lists the misses. */
#include "question.h"
#include "shell.h"

#include "cloudprep/blueprint.h"
#include "cloudprep/game.h"
#include "cloudprep/quiz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum phase { SETUP, QUESTION, FEEDBACK, SUMMARY } phase;

static const int lengths[] = {5, 10, 20};

typedef struct quiz_state {
    phase phase;
    int length_choice;          /* index into lengths */
    int domain;                 /* 0 all, 1..CP_DOMAINS */
    size_t cards[CP_QUIZ_MAX];
    size_t n, index;
    cp_question_view q;         /* the question on screen */
    double shown_at;
    bool last_right, timed_out;
    int last_points;
    cp_round round;
    size_t misses[CP_QUIZ_MAX];
    size_t n_misses;
    bool high_score;
} quiz_state;

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)app;
    (void)arg;
    quiz_state *s = calloc(1, sizeof *s);
    s->length_choice = 1;
    *state = s;
}

static const cp_question_view *question(void *state)
{
    quiz_state *s = state;
    return s->phase == QUESTION ? &s->q : NULL;
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    free(state);
}

static const cp_card *card(cp_app *app, quiz_state *s)
{
    return s->index < s->n ? cp_deck_card(app->deck, s->cards[s->index]) : NULL;
}

static void show(cp_app *app, quiz_state *s)
{
    s->shown_at = app->clock;
    const cp_card *c = card(app, s);
    s->q = (cp_question_view){.card = c};
    if (c)
        cp_question_shuffle(s->q.order, c->n_choices, cp_fsrs_fuzz_seed(c->id, (uint32_t)s->index) ^ (uint64_t)app->now);
}

static void start(cp_app *app, quiz_state *s)
{
    cp_rng rng;
    cp_rng_seed(&rng, (uint64_t)app->now ^ 0x9e3779b97f4a7c15ULL);
    cp_error err = {0};
    cp_quiz_desc desc = {.length = lengths[s->length_choice], .domain = s->domain};
    if (cp_learner_quiz(app->learner, &desc, app->now, &rng, s->cards, &s->n, &err) != CP_OK ||
        s->n == 0) {
        cp_app_toast(app, "No questions for this round in the loaded decks.");
        return;
    }
    cp_game_round_begin(&s->round, NULL);
    s->index = 0;
    s->n_misses = 0;
    s->high_score = false;
    s->phase = QUESTION;
    show(app, s);
}

static void finish_round(cp_app *app, quiz_state *s)
{
    cp_game_round_end(&s->round);
    s->phase = SUMMARY;
    cp_game_notes notes = {0};
    cp_error err = {0};
    cp_app_check(app, cp_learner_round_finished(app->learner, &s->round, (int)s->n, app->now, &notes,
                                                &err), &err);
    for (size_t i = 0; i < notes.n; i++)
        s->high_score |= notes.note[i].kind == CP_NOTE_HIGH_SCORE;
    cp_app_notes(app, &notes);
}

static void submit(cp_app *app, quiz_state *s, bool timed_out)
{
    if (!s->q.picked && !timed_out)
        return;
    bool right = !timed_out && cp_question_is_right(&s->q);
    char chosen[32];
    cp_question_chosen_text(&s->q, chosen, sizeof chosen);
    cp_answer a = {.card = s->cards[s->index], .correct = right,
                   .duration_ms = (int32_t)((app->clock - s->shown_at) * 1000.0),
                   .chosen = chosen, .mode = CP_MODE_QUIZ};
    cp_answer_result res;
    cp_error err = {0};
    if (cp_app_check(app, cp_learner_answer(app->learner, &a, app->now, &res, &err), &err))
        cp_app_notes(app, &res.notes);
    s->last_points = cp_game_round_answer(&s->round, right);
    s->last_right = right;
    s->timed_out = timed_out;
    if (!right && s->n_misses < CP_QUIZ_MAX)
        s->misses[s->n_misses++] = s->cards[s->index];
    s->phase = FEEDBACK;
    s->q.reveal = true;
    if (!app->settings.reduced_motion)
        app->anim_until = app->clock + 0.6;
    cp_app_feedback(app, right ? (s->round.combo >= 3 ? CP_FEEDBACK_COMBO : CP_FEEDBACK_RIGHT) : CP_FEEDBACK_WRONG);
}

static void next(cp_app *app, quiz_state *s)
{
    s->index++;
    if (s->round.over || s->index >= s->n) {
        finish_round(app, s);
        return;
    }
    s->phase = QUESTION;
    show(app, s);
}

/* The countdown: at zero the question counts as missed. */
static void update(cp_app *app, void *state)
{
    quiz_state *s = state;
    if (s->phase != QUESTION)
        return;
    if (app->clock - s->shown_at >= app->settings.quiz_seconds)
        submit(app, s, true);
    else
        app->animating = true;      /* the countdown bar moves smoothly */
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    quiz_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    int key = in->key;
    if (key == CP_KEY_ESCAPE) {
        if (s->phase == QUESTION || s->phase == FEEDBACK)
            finish_round(app, s);
        else
            cp_app_pop(app);
        return;
    }
    switch (s->phase) {
    case SETUP:
        if (key == CP_KEY_LEFT) s->length_choice = (s->length_choice + 2) % 3;
        else if (key == CP_KEY_RIGHT) s->length_choice = (s->length_choice + 1) % 3;
        else if (key == CP_KEY_UP) s->domain = (s->domain + CP_DOMAINS) % (CP_DOMAINS + 1);
        else if (key == CP_KEY_DOWN || key == CP_KEY_TAB) s->domain = (s->domain + 1) % (CP_DOMAINS + 1);
        else if (key >= '0' && key <= '0' + CP_DOMAINS) s->domain = key - '0';
        else if (key == CP_KEY_ENTER || key == CP_KEY_SPACE) start(app, s);
        break;
    case QUESTION: {
        int k = cp_question_key(&s->q, key);
        if (k >= 0)
            cp_question_pick(&s->q, k);
        else if (key == CP_KEY_ENTER)
            submit(app, s, false);
        break;
    }
    case FEEDBACK:
        if (key == CP_KEY_ENTER || key == CP_KEY_SPACE || key == CP_KEY_RIGHT)
            next(app, s);
        break;
    case SUMMARY:
        if (key == CP_KEY_ENTER || key == CP_KEY_SPACE)
            s->phase = SETUP;
        break;
    }
}

/* ---- drawing ------------------------------------------------------------- */

static void draw_setup(cp_app *app, quiz_state *s, cp_rect c)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect p = cp_ui_column(ui, c, CP_WIDTH_FORM);
    int hf = cp_ui_font(ui, CP_SIZE_LABEL), hlh = cp_ui_line_height(ui, hf);
    int bh = cp_ui_px(ui, CP_BUTTON_H), gap = cp_ui_px(ui, CP_SPACE_L);
    int y = p.y;
    cp_ui_text(ui, (cp_rect){p.x, y, p.w, hlh}, "QUESTIONS  (\xe2\x86\x90 \xe2\x86\x92)", CP_FONT_BOLD, hf, t->muted,
               CP_TEXT_ELLIPSIS);
    y += hlh + cp_ui_px(ui, CP_SPACE_M);
    int bw = (p.w - 2 * gap) / 3;
    for (int i = 0; i < 3; i++) {
        char label[16], hint[32];
        snprintf(label, sizeof label, "%d", lengths[i]);
        snprintf(hint, sizeof hint, "at most %d min",
                 cp_plan_quiz_minutes(lengths[i], app->settings.quiz_seconds));
        if (cp_ui_button(ui, (cp_rect){p.x + i * (bw + gap), y, bw, bh}, label, hint,
                         i == s->length_choice ? CP_BUTTON_PRIMARY : CP_BUTTON_NORMAL))
            s->length_choice = i;
    }
    y += bh + cp_ui_px(ui, CP_SPACE_4XL);
    cp_ui_text(ui, (cp_rect){p.x, y, p.w, hlh}, "DOMAIN  (\xe2\x86\x91 \xe2\x86\x93 or 0\xe2\x80\x93" "4)", CP_FONT_BOLD, hf,
               t->muted, CP_TEXT_ELLIPSIS);
    y += hlh + cp_ui_px(ui, CP_SPACE_M);
    int rest = p.y + p.h - y - bh - cp_ui_px(ui, CP_SPACE_5XL);
    int rh = (rest - CP_DOMAINS * cp_ui_px(ui, CP_SPACE_M)) / (CP_DOMAINS + 1);
    if (rh > cp_ui_px(ui, CP_CHOICE_H))
        rh = cp_ui_px(ui, CP_CHOICE_H);
    for (int d = 0; d <= CP_DOMAINS; d++) {
        char label[96];
        if (d == 0)
            snprintf(label, sizeof label, "All domains, by exam weight");
        else
            snprintf(label, sizeof label, "%d  %s", d, cp_blueprint_domain(d)->name);
        if (cp_ui_button(ui, (cp_rect){p.x, y + d * (rh + cp_ui_px(ui, CP_SPACE_M)), p.w, rh}, label, NULL,
                         d == s->domain ? CP_BUTTON_PRIMARY : CP_BUTTON_NORMAL))
            s->domain = d;
    }
    char pace[80];
    snprintf(pace, sizeof pace, "%d s per question \xc2\xb7 3 lives", app->settings.quiz_seconds);
    if (cp_ui_button(ui, (cp_rect){p.x, p.y + p.h - bh, p.w, bh}, "Start the round", pace, CP_BUTTON_GOOD))
        start(app, s);
}

static void draw_summary(cp_app *app, quiz_state *s, cp_rect c)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    cp_rect p = cp_ui_column(ui, c, CP_WIDTH_SUMMARY);
    cp_ui_panel(ui, p);
    int pad = cp_ui_px(ui, CP_PAD_L);
    cp_rect in = cp_rect_inset(p, pad);
    char head[160];
    snprintf(head, sizeof head, "%lld points%s", (long long)s->round.score, s->high_score ? " \xc2\xb7 new high score!" : "");
    int tf = cp_ui_font(ui, CP_SIZE_HEADLINE), tlh = cp_ui_line_height(ui, tf);
    cp_ui_text(ui, (cp_rect){in.x, in.y, in.w, tlh}, head, CP_FONT_BOLD, tf, s->high_score ? t->accent : t->text,
               CP_TEXT_ELLIPSIS);
    int y = in.y + tlh + cp_ui_px(ui, CP_SPACE_S);
    char sub[200];
    snprintf(sub, sizeof sub, "%d of %d right \xc2\xb7 best combo %d \xc2\xb7 %s", s->round.correct, s->round.answered,
             s->round.best_combo, s->round.lives > 0 ? "lives left: " : "out of lives");
    if (s->round.lives > 0) {
        size_t len = strlen(sub);
        snprintf(sub + len, sizeof sub - len, "%d", s->round.lives);
    }
    int mf = cp_ui_font(ui, CP_SIZE_BODY), mlh = cp_ui_line_height(ui, mf);
    cp_ui_text(ui, (cp_rect){in.x, y, in.w, mlh}, sub, CP_FONT_REGULAR, mf, t->muted, CP_TEXT_ELLIPSIS);
    y += mlh + cp_ui_px(ui, CP_SPACE_2XL);
    int bh = cp_ui_px(ui, CP_BUTTON_H);
    char list[4000];
    int n = snprintf(list, sizeof list, "%s", s->n_misses ? "Misses (each one is back in your drill):" : "No misses. Well done.");
    for (size_t i = 0; i < s->n_misses && n < (int)sizeof list - 300; i++) {
        const cp_card *m = cp_deck_card(app->deck, s->misses[i]);
        char right[400] = "";
        for (size_t k = 0; k < m->n_choices; k++)
            if (m->choices[k].correct) {
                size_t len = strlen(right);
                snprintf(right + len, sizeof right - len, "%s%s", len ? " + " : "", m->choices[k].text);
            }
        char stem[200];
        cp_text_plain(m->stem, stem, sizeof stem);
        if (strlen(stem) > 110)
            memcpy(stem + 106, "\xe2\x80\xa6", 4);
        n += snprintf(list + n, sizeof list - (size_t)n, "\n\n\xe2\x80\xa2 %s\n   Answer: %s", stem, right);
    }
    cp_rect lb = {in.x, y, in.w, in.y + in.h - bh - cp_ui_px(ui, CP_SPACE_XL) - y};
    cp_ui_paragraph(ui, lb, list, CP_FONT_REGULAR, CP_SIZE_DETAIL, t->text);
    int bw = (in.w - cp_ui_px(ui, CP_SPACE_L)) / 2;
    if (cp_ui_button(ui, (cp_rect){in.x, in.y + in.h - bh, bw, bh}, "Another round", "Enter", CP_BUTTON_PRIMARY))
        s->phase = SETUP;
    if (cp_ui_button(ui, (cp_rect){in.x + bw + cp_ui_px(ui, CP_SPACE_L), in.y + in.h - bh, bw, bh}, "Home", "Esc",
                     CP_BUTTON_NORMAL))
        cp_app_pop(app);
}

static void draw(cp_app *app, void *state)
{
    quiz_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    char right[96];
    if (s->phase == QUESTION || s->phase == FEEDBACK)
        snprintf(right, sizeof right, "Question %zu of %zu \xc2\xb7 Esc ends the round", s->index + 1, s->n);
    else
        snprintf(right, sizeof right, "Esc home");
    cp_rect c = cp_shell_top_bar(app, "Quiz round", right);
    if (cp_shell_back_clicked(app)) {
        /* Like Esc: a round in play ends (and is recorded) first. */
        if (s->phase == QUESTION || s->phase == FEEDBACK)
            finish_round(app, s);
        else
            cp_app_pop(app);
        return;
    }
    if (s->phase == SETUP) {
        draw_setup(app, s, c);
        return;
    }
    if (s->phase == SUMMARY) {
        draw_summary(app, s, c);
        return;
    }
    const cp_card *q = card(app, s);
    c = cp_ui_column(ui, c, CP_WIDTH_PAGE);
    /* Score line: score, combo, lives; then the question's countdown. */
    double limit = app->settings.quiz_seconds, used = app->clock - s->shown_at;
    if (used > limit)
        used = limit;
    char line[160];
    snprintf(line, sizeof line, "%lld points \xc2\xb7 combo %d (x%d) \xc2\xb7 lives %d", (long long)s->round.score,
             s->round.combo, s->round.multiplier, s->round.lives);
    int hf = cp_ui_font(ui, CP_SIZE_QUESTION), hlh = cp_ui_line_height(ui, hf);
    cp_ui_text(ui, (cp_rect){c.x, c.y, c.w * 2 / 3, hlh}, line, CP_FONT_BOLD, hf, t->text, CP_TEXT_ELLIPSIS);
    char secs[32];
    snprintf(secs, sizeof secs, "%.0f s", limit - used > 0 ? limit - used : 0);
    cp_ui_text(ui, (cp_rect){c.x + c.w * 2 / 3, c.y, c.w / 3, hlh}, secs, CP_FONT_BOLD, hf,
               limit - used < 10 ? t->warn : t->muted, CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    int by = c.y + hlh + cp_ui_px(ui, CP_SPACE_M);
    cp_ui_progress(ui, (cp_rect){c.x, by, c.w, cp_ui_px(ui, CP_PROGRESS_H_XS)}, (float)((limit - used) / limit),
                   limit - used < 10 ? t->warn : t->accent);
    int foot = cp_ui_px(ui, CP_BUTTON_H_L);
    cp_rect panel = {c.x, by + cp_ui_px(ui, CP_SPACE_3XL), c.w, c.y + c.h - foot - cp_ui_px(ui, CP_SPACE_XL) - by - cp_ui_px(ui, CP_SPACE_3XL)};
    cp_ui_panel(ui, panel);
    cp_rect in = cp_rect_inset(panel, cp_ui_px(ui, CP_PAD));
    char hint[48];
    snprintf(hint, sizeof hint, "Choose %zu, then Enter.", cp_card_correct_count(q));
    s->q.hint = q->type == CP_CARD_MULTI ? hint : NULL;
    int clicked = cp_question_draw_fit(ui, in, &s->q, cp_ui_font(ui, CP_SIZE_QUESTION));
    s->q.hint = NULL;
    if (clicked >= 0 && s->phase == QUESTION) {
        cp_question_pick(&s->q, clicked);
        if (q->type == CP_CARD_SINGLE)
            submit(app, s, false);
    }
    cp_rect f = {c.x, c.y + c.h - foot, c.w, foot};
    int bw = cp_ui_px(ui, CP_BUTTON_W_M);
    if (s->phase == QUESTION) {
        if (cp_ui_button(ui, (cp_rect){f.x + f.w - bw, f.y, bw, f.h}, "Submit", "Enter", CP_BUTTON_PRIMARY))
            submit(app, s, false);
    } else {
        char verdict[120];
        if (s->last_right)
            snprintf(verdict, sizeof verdict, "Right! +%d%s", s->last_points,
                     s->round.multiplier > 1 ? "  \xc2\xb7 combo!" : "");
        else
            snprintf(verdict, sizeof verdict, "%s \xc2\xb7 a life lost", s->timed_out ? "Time's up" : "Not quite");
        int vf = cp_ui_font(ui, CP_SIZE_STATUS), vlh = cp_ui_line_height(ui, vf);
        /* A short pop of the verdict: it grows in over 0.3 s. */
        double age = app->clock - (app->anim_until - 0.6);
        if (!app->settings.reduced_motion && age < 0.3 && age >= 0)
            vf = (int)(vf * (0.7 + age));
        cp_ui_text(ui, (cp_rect){f.x, f.y + (f.h - vlh) / 2, f.w - bw - cp_ui_px(ui, CP_SPACE_2XL), vlh}, verdict, CP_FONT_BOLD, vf,
                   s->last_right ? t->good : t->bad, CP_TEXT_ELLIPSIS);
        if (cp_ui_button(ui, (cp_rect){f.x + f.w - bw, f.y, bw, f.h},
                         s->round.over || s->index + 1 >= s->n ? "Finish" : "Next", "Enter", CP_BUTTON_PRIMARY))
            next(app, s);
    }
}

const cp_screen cp_screen_quiz = {
    .name = "quiz", .enter = enter, .event = event, .update = update, .draw = draw, .leave = leave,
    .question = question,
};
