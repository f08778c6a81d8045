/* The daily drill: today's queue one card at a time.
 *
 * A flashcard shows its front; Space/Enter flips it (animated unless motion
 * is reduced) and the learner rates it 1-4, each button showing the next
 * interval. A question shows its stem and shuffled options: A-E (or 1-5)
 * pick, Space toggles the highlighted option of a multi-response question,
 * Enter submits; the answer side marks right, wrong and missed options and
 * shows the explanation and the grade the core gave, and, when the miss is
 * one of the learner's confusions, says so ("Third time you chose ...").
 * U or Ctrl+Z undoes the last answer. Every answer is saved before the
 * answer side is shown. */
#include "question.h"
#include "shell.h"

#include "cloudprep/blueprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum phase { FRONT, BACK, SUMMARY } phase;

typedef struct drill_state {
    cp_today today;             /* rebuilt after every answer */
    long card;                  /* deck index of the card on screen, -1: none */
    phase phase;
    cp_question_view q;         /* a question card on screen */
    double shown_at;            /* app clock when the card appeared */
    double flip_at;             /* app clock when it flipped */
    int rating;                 /* what was recorded for the current card */
    bool correct;
    cp_memory after;            /* memory after the answer, for "next in" */
    int answered, right;
    double started_at;
    float progress;             /* forward-only */
    int undoable;               /* answers of this session that undo may take back */
    int8_t ratings[256];        /* their ratings, newest last */
    char mixup[240];            /* a miss of a pair the learner confuses, in words; "" */
} drill_state;

static const cp_card *current(cp_app *app, drill_state *s)
{
    return s->card >= 0 ? cp_deck_card(app->deck, (size_t)s->card) : NULL;
}

/* A fresh shuffle of the choices, seeded by the card and its review count
 * so it is stable while the card is on screen and after an undo. */
static void show_card(cp_app *app, drill_state *s)
{
    s->phase = s->card >= 0 ? FRONT : SUMMARY;
    s->shown_at = app->clock;
    const cp_card *c = current(app, s);
    s->q = (cp_question_view){.card = c};
    if (c)
        cp_question_shuffle(s->q.order, c->n_choices,
                            cp_fsrs_fuzz_seed(c->id, cp_learner_memory(app->learner, (size_t)s->card)->reps) ^
                                0x5eed);
}

/* Today's queue; a failure to read it is shown and leaves an empty queue. */
static void build_today(cp_app *app, drill_state *s, long last_card)
{
    cp_error err = {0};
    /* Past the start of a learning day: the game moves to it first (the
     * day's new cards are the plan's number for it). */
    cp_game_notes notes = {0};
    if (cp_app_check(app, cp_learner_catch_up(app->learner, app->now, &notes, &err), &err))
        cp_app_notes(app, &notes);
    cp_today_free(&s->today);
    cp_app_check(app, cp_learner_today(app->learner, app->now, last_card, &s->today, &err), &err);
}

/* "10m", "3d", "2.1mo" for the interval from now to due. */
static void interval_text(cp_time now, cp_time due, char *out, size_t size)
{
    double t = (double)(due - now);
    if (t < 60)
        snprintf(out, size, "<1m");
    else if (t < CP_HOUR_SECONDS)
        snprintf(out, size, "%.0fm", t / 60);
    else if (t < CP_DAY_SECONDS)
        snprintf(out, size, "%.0fh", t / CP_HOUR_SECONDS);
    else if (t < CP_DAY_SECONDS * 30.0)
        snprintf(out, size, "%.0fd", t / CP_DAY_SECONDS);
    else if (t < CP_DAY_SECONDS * 365.0)
        snprintf(out, size, "%.1fmo", t / (CP_DAY_SECONDS * 30.0));
    else
        snprintf(out, size, "%.1fy", t / (CP_DAY_SECONDS * 365.0));
}

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)arg;
    drill_state *s = calloc(1, sizeof *s);
    build_today(app, s, -1);
    s->card = s->today.n ? (long)s->today.cards[0] : -1;
    s->started_at = app->clock;
    show_card(app, s);
    *state = s;
}

static const cp_question_view *question(void *state)
{
    drill_state *s = state;
    return s->phase == FRONT && s->q.card ? &s->q : NULL;
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    drill_state *s = state;
    cp_today_free(&s->today);
    free(s);
}

/* rating 0: the core grades the question from `correct` and the time. */
static void record(cp_app *app, drill_state *s, int rating, bool correct, const char *chosen)
{
    cp_answer a = {.card = (size_t)s->card, .rating = rating, .correct = correct,
                   .duration_ms = (int32_t)((app->clock - s->shown_at) * 1000.0),
                   .chosen = chosen, .mode = CP_MODE_DRILL};
    cp_answer_result res;
    cp_error err = {0};
    if (!cp_app_check(app, cp_learner_answer(app->learner, &a, app->now, &res, &err), &err))
        return;                 /* the toast says why; stay on the card */
    cp_app_notes(app, &res.notes);
    s->rating = res.rating;
    s->after = res.after;
    s->answered++;
    s->right += res.rating > CP_AGAIN;
    s->ratings[s->undoable % 256] = (int8_t)res.rating;
    s->undoable++;
}

static void submit_question(cp_app *app, drill_state *s)
{
    if (!s->q.picked)
        return;
    bool right = cp_question_is_right(&s->q);
    char chosen[64];
    cp_question_chosen_text(&s->q, chosen, sizeof chosen);
    s->correct = right;
    record(app, s, 0, right, chosen);
    s->mixup[0] = '\0';
    if (s->rating && !right)
        cp_shell_mixup_line(app, (size_t)s->card, cp_question_deck_mask(&s->q), s->mixup, sizeof s->mixup);
    if (s->rating)
        cp_app_feedback(app, right ? CP_FEEDBACK_RIGHT : CP_FEEDBACK_WRONG);
    if (s->rating) {
        s->phase = BACK;
        s->q.reveal = true;
        s->flip_at = app->clock;
    }
}

/* The queue again, now that an answer changed it: a card answered Again
 * comes back later in the session, never twice in a row. */
static void next_card(cp_app *app, drill_state *s)
{
    build_today(app, s, s->card);
    s->card = s->today.n ? (long)s->today.cards[0] : -1;
    s->rating = 0;
    show_card(app, s);
    if (s->card < 0 && s->answered > 0) {
        cp_game_notes notes = {0};
        cp_error err = {0};
        cp_app_check(app, cp_learner_drill_finished(app->learner, app->now, &notes, &err), &err);
        cp_app_notes(app, &notes);
    }
}

static void undo(cp_app *app, drill_state *s)
{
    long card = -1;
    bool found = false;
    cp_game_notes notes = {0};
    cp_error err = {0};
    if (!s->undoable ||
        !cp_app_check(app, cp_learner_undo(app->learner, app->now, &card, &found, &notes, &err), &err) ||
        !found || card < 0)
        return;
    s->undoable--;
    s->answered--;
    s->right -= s->ratings[s->undoable % 256] > CP_AGAIN;
    build_today(app, s, -1);
    s->card = card;                 /* the undone card, asked again */
    s->rating = 0;
    show_card(app, s);
}

/* The progress bar only moves forward (an Again card adds to what is left). */
static void update(cp_app *app, void *state)
{
    (void)app;
    drill_state *s = state;
    int left = (int)s->today.n;
    float done = s->answered + left ? (float)s->answered / (float)(s->answered + left) : 1.0f;
    if (done > s->progress)
        s->progress = done;
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    drill_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    int key = in->key;
    if (key == CP_KEY_ESCAPE) {
        cp_app_pop(app);
        return;
    }
    if (key == 'u' || (in->ctrl && key == 'z')) {
        undo(app, s);
        return;
    }
    const cp_card *c = current(app, s);
    if (s->phase == SUMMARY || !c) {
        if (key == CP_KEY_ENTER || key == CP_KEY_SPACE)
            cp_app_pop(app);
        return;
    }
    if (c->type == CP_CARD_FLASHCARD) {
        if (s->phase == FRONT && (key == CP_KEY_SPACE || key == CP_KEY_ENTER)) {
            s->phase = BACK;
            s->flip_at = app->clock;
            if (!app->settings.reduced_motion)
                app->anim_until = app->clock + 0.3;
        } else if (s->phase == BACK && s->rating == 0) {
            int r = key == CP_KEY_SPACE || key == CP_KEY_ENTER ? CP_GOOD
                  : key >= '1' && key <= '4' ? key - '0' : 0;
            if (r) {
                record(app, s, r, true, "");
                if (s->rating)
                    next_card(app, s);
            }
        }
        return;
    }
    if (s->phase == FRONT) {
        int k = cp_question_key(&s->q, key);
        if (k >= 0)
            cp_question_pick(&s->q, k);
        else if (key == CP_KEY_ENTER)
            submit_question(app, s);
    } else if (key == CP_KEY_ENTER || key == CP_KEY_SPACE || key == CP_KEY_RIGHT) {
        next_card(app, s);
    }
}

/* ---- drawing ------------------------------------------------------------- */

static const char *rating_names[] = {"", "Again", "Hard", "Good", "Easy"};

static void card_header(cp_app *app, const cp_card *c, cp_rect r)
{
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    const cp_task_info *task = cp_blueprint_task(c->task);
    char text[200];
    snprintf(text, sizeof text, "%s %s \xc2\xb7 %s \xc2\xb7 %s", cp_blueprint_domain(c->domain)->short_name,
             task->id, c->type == CP_CARD_FLASHCARD ? "Flashcard"
                       : c->type == CP_CARD_MULTI  ? "Multiple response" : "Multiple choice",
             cp_difficulty_name(c->difficulty));
    int dot = r.h / 2;
    cp_ui_rect(ui, (cp_rect){r.x, r.y + (r.h - dot) / 2, dot, dot}, t->domain[c->domain - 1], dot / 2);
    int fs = cp_ui_font(ui, CP_SIZE_NOTE), lh = cp_ui_line_height(ui, fs);
    cp_ui_text(ui, (cp_rect){r.x + dot + cp_ui_px(ui, CP_SPACE), r.y + (r.h - lh) / 2, r.w - dot - cp_ui_px(ui, CP_SPACE), lh},
               text, CP_FONT_REGULAR, fs, t->muted, CP_TEXT_ELLIPSIS);
}

static void draw_summary(cp_app *app, drill_state *s, cp_rect c)
{
    char body[400];
    int minutes = (int)((app->clock - s->started_at) / 60.0 + 0.5);
    if (s->answered)
        snprintf(body, sizeof body,
                 "%d cards answered, %d%% right, in about %d minute%s. Everything is saved; the cards you "
                 "missed come back soon, the ones you knew in a few days.",
                 s->answered, 100 * s->right / s->answered, minutes, minutes == 1 ? "" : "s");
    else
        snprintf(body, sizeof body,
                 "You have answered everything due today. New cards arrive tomorrow; a quiz round or a "
                 "mock exam is a good use of spare time.");
    if (cp_ui_notice(&app->ui, c, s->answered ? "Drill complete" : "Nothing due right now", body,
                     "Back home", "Enter"))
        cp_app_pop(app);
}

static void draw(cp_app *app, void *state)
{
    drill_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    size_t left = s->today.n;
    char right[96];
    snprintf(right, sizeof right, "%zu left \xc2\xb7 U undo \xc2\xb7 ? keys \xc2\xb7 Esc home", left);
    cp_rect c = cp_shell_top_bar(app, "Daily drill", right);
    cp_ui_progress(ui, (cp_rect){0, cp_ui_px(ui, CP_BAR_H) - cp_ui_px(ui, CP_PROGRESS_H_2XS - CP_SPACE_2XS), ui->width, cp_ui_px(ui, CP_PROGRESS_H_2XS)},
                   s->progress, t->accent);
    if (cp_shell_back_clicked(app)) {
        cp_app_pop(app);
        return;
    }
    const cp_card *card = current(app, s);
    if (s->phase == SUMMARY || !card) {
        draw_summary(app, s, c);
        return;
    }
    c = cp_ui_column(ui, c, CP_WIDTH_PAGE);
    int pad = cp_ui_px(ui, CP_MARGIN);
    int foot = cp_ui_px(ui, CP_FOOTER_H_CARD);
    cp_rect panel = {c.x, c.y, c.w, c.h - foot - cp_ui_px(ui, CP_SPACE_XL)};

    /* The flip: the panel narrows to nothing and opens on the back. */
    double since = app->clock - s->flip_at;
    float squeeze = 1.0f;
    if (s->phase == BACK && card->type == CP_CARD_FLASHCARD && !app->settings.reduced_motion && since < 0.3) {
        squeeze = (float)(since < 0.15 ? 1.0 - since / 0.15 : (since - 0.15) / 0.15);
        app->animating = true;
    }
    cp_rect vis = panel;
    vis.w = (int)((float)panel.w * squeeze);
    vis.x = panel.x + (panel.w - vis.w) / 2;
    cp_ui_panel(ui, vis);
    bool front_face = s->phase == FRONT || (squeeze < 1.0f && since < 0.15);
    if (vis.w < panel.w / 2 && squeeze < 1.0f)
        goto footer;

    {
        cp_rect in = cp_rect_inset(panel, pad);
        int hh = cp_ui_px(ui, CP_CARD_HEADER_H);
        card_header(app, card, (cp_rect){in.x, in.y, in.w, hh});
        cp_rect body = {in.x, in.y + hh + cp_ui_px(ui, CP_SPACE_XL), in.w, in.h - hh - cp_ui_px(ui, CP_SPACE_XL)};
        if (card->type == CP_CARD_FLASHCARD) {
            int fs = cp_ui_fit(ui, (cp_rect){body.x, body.y, body.w, body.h / (front_face ? 1 : 3)},
                               card->stem, CP_FONT_REGULAR, cp_ui_font(ui, CP_SIZE_HEADLINE), CP_SIZE_MIN_PX + 1);
            int h = cp_ui_text_height(ui, body.w, card->stem, CP_FONT_REGULAR, fs);
            if (front_face) {
                cp_ui_text(ui, (cp_rect){body.x, body.y + (body.h - h) / 2, body.w, h}, card->stem,
                           CP_FONT_REGULAR, fs, t->text, CP_TEXT_WRAP | CP_TEXT_CENTER);
            } else {
                cp_ui_text(ui, (cp_rect){body.x, body.y, body.w, h}, card->stem, CP_FONT_REGULAR, fs,
                           t->muted, CP_TEXT_WRAP | CP_TEXT_CENTER);
                cp_rect back = {body.x, body.y + h + cp_ui_px(ui, 2 * CP_SPACE_L), body.w, body.h - h - cp_ui_px(ui, 2 * CP_SPACE_L)};
                cp_ui_rect(ui, (cp_rect){back.x + back.w / 4, back.y - cp_ui_px(ui, CP_SPACE_L), back.w / 2, 1}, t->border, 0);
                int bs = cp_ui_fit(ui, back, card->answer, CP_FONT_REGULAR, cp_ui_font(ui, CP_SIZE_TITLE_L),
                                   CP_SIZE_MIN_PX);
                int bh2 = cp_ui_text_height(ui, back.w, card->answer, CP_FONT_REGULAR, bs);
                cp_ui_text(ui, (cp_rect){back.x, back.y + (back.h - bh2) / 2, back.w, bh2}, card->answer,
                           CP_FONT_REGULAR, bs, t->text, CP_TEXT_WRAP | CP_TEXT_CENTER);
            }
        } else {
            /* The largest font at which the whole question fits. */
            char hint[96];
            snprintf(hint, sizeof hint, "Choose %zu. A\xe2\x80\x93%c toggles, Enter submits.", cp_card_correct_count(card),
                     'A' + (int)card->n_choices - 1);
            s->q.hint = card->type == CP_CARD_MULTI ? hint : NULL;
            int clicked = cp_question_draw_fit(ui, body, &s->q, cp_ui_font(ui, CP_SIZE_QUESTION));
            s->q.hint = NULL;
            if (clicked >= 0 && s->phase == FRONT) {
                cp_question_pick(&s->q, clicked);
                if (card->type == CP_CARD_SINGLE)
                    submit_question(app, s);
            }
        }
    }

footer:;
    cp_rect f = {c.x, c.y + c.h - foot, c.w, foot};
    if (card->type == CP_CARD_FLASHCARD && s->phase == BACK && squeeze >= 1.0f) {
        cp_memory out[4];
        cp_learner_preview(app->learner, (size_t)s->card, app->now, out);
        int gap = cp_ui_px(ui, CP_SPACE_L), bw = (f.w - 3 * gap) / 4;
        static const cp_button_kind kinds[4] = {CP_BUTTON_BAD, CP_BUTTON_NORMAL, CP_BUTTON_GOOD, CP_BUTTON_NORMAL};
        for (int r = 0; r < 4; r++) {
            char hint[48], iv[24];
            interval_text(app->now, out[r].due, iv, sizeof iv);
            snprintf(hint, sizeof hint, "%d \xc2\xb7 %s", r + 1, iv);
            if (cp_ui_button(ui, (cp_rect){f.x + r * (bw + gap), f.y, bw, f.h}, rating_names[r + 1], hint, kinds[r])) {
                record(app, s, r + 1, true, "");
                if (s->rating)
                    next_card(app, s);
                return;
            }
        }
    } else if (card->type == CP_CARD_FLASHCARD) {
        if (cp_ui_button(ui, (cp_rect){f.x + (f.w - cp_ui_px(ui, CP_BUTTON_W_XL)) / 2, f.y, cp_ui_px(ui, CP_BUTTON_W_XL), f.h},
                         "Show answer", "Space", CP_BUTTON_PRIMARY)) {
            s->phase = BACK;
            s->flip_at = app->clock;
            if (!app->settings.reduced_motion)
                app->anim_until = app->clock + 0.3;
        }
    } else if (s->phase == FRONT) {
        bool any = s->q.picked != 0;
        if (cp_ui_button(ui, (cp_rect){f.x + f.w - cp_ui_px(ui, CP_BUTTON_W_M), f.y, cp_ui_px(ui, CP_BUTTON_W_M), f.h}, "Submit",
                         "Enter", any ? CP_BUTTON_PRIMARY : CP_BUTTON_NORMAL))
            submit_question(app, s);
    } else {
        char verdict[160], iv[24];
        interval_text(app->now, s->after.due, iv, sizeof iv);
        snprintf(verdict, sizeof verdict, "%s \xc2\xb7 graded %s \xc2\xb7 next in %s",
                 s->correct ? "Right" : "Not quite", rating_names[s->rating > 0 && s->rating <= 4 ? s->rating : 3], iv);
        int fs = cp_ui_font(ui, CP_SIZE_LEAD), lh = cp_ui_line_height(ui, fs);
        int bw = cp_ui_px(ui, CP_BUTTON_W_M), vw = f.w - bw - cp_ui_px(ui, CP_GAP);
        if (s->mixup[0] && !s->correct) {
            /* A miss of one of the learner's confusions: say so under the verdict. */
            fs = cp_ui_font_in_row(ui, CP_SIZE_DETAIL, f.h / 2, 0);
            lh = cp_ui_line_height(ui, fs);
            int y = f.y + (f.h - 2 * lh) / 2;
            cp_ui_text(ui, (cp_rect){f.x, y, vw, lh}, verdict, CP_FONT_BOLD, fs, t->bad, CP_TEXT_ELLIPSIS);
            cp_ui_text(ui, (cp_rect){f.x, y + lh, vw, lh}, s->mixup, CP_FONT_REGULAR, fs, t->warn, CP_TEXT_ELLIPSIS);
        } else {
            cp_ui_text(ui, (cp_rect){f.x, f.y + (f.h - lh) / 2, vw, lh}, verdict, CP_FONT_BOLD, fs,
                       s->correct ? t->good : t->bad, CP_TEXT_ELLIPSIS);
        }
        if (cp_ui_button(ui, (cp_rect){f.x + f.w - bw, f.y, bw, f.h}, "Next", "Enter", CP_BUTTON_PRIMARY))
            next_card(app, s);
    }
}

const cp_screen cp_screen_drill = {
    .name = "drill", .enter = enter, .event = event, .update = update, .draw = draw, .leave = leave,
    .question = question,
};
