/* Review after an exam: every miss (or, with "all", every question) with
 * the learner's choice, the right answer and the explanation. The misses
 * were already put back into the drill when the exam closed. A miss that
 * is one of the learner's known confusions says so over the question
 * ("Third time you chose ..."). Left/Right step through; Esc goes back to
 * the results. */
#include "question.h"
#include "shell.h"

#include "cloudprep/blueprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct review_state {
    bool all;
    size_t index;
} review_state;

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)app;
    review_state *s = calloc(1, sizeof *s);
    s->all = arg && strcmp(arg, "all") == 0;
    *state = s;
}

static void leave(cp_app *app, void *state)
{
    (void)app;
    free(state);
}

static size_t count(cp_app *app, review_state *s)
{
    const cp_score_report *r = app->attempt ? cp_attempt_report(app->attempt) : NULL;
    if (!r)
        return 0;
    return s->all ? r->n_items : r->n_misses;
}

/* The item shown at step i: its card, what was chosen, what is right, and
 * its number on the form. */
static void item(cp_app *app, review_state *s, size_t i, const cp_card **card, uint32_t *chosen,
                 size_t *position, const uint8_t **order)
{
    if (s->all) {
        cp_exam_view v = {0};
        CP_IGNORE(cp_attempt_view(app->attempt, i, &v));     /* i < count() */
        *card = v.card;
        *chosen = v.chosen;
        *position = i;
    } else {
        const cp_score_miss *m = &cp_attempt_report(app->attempt)->misses[i];
        *card = m->card;
        *chosen = m->chosen;
        *position = m->position;
    }
    *order = cp_attempt_choice_order(app->attempt, *position);
}

static void event(cp_app *app, void *state, const cp_input *in)
{
    review_state *s = state;
    if (in->kind != CP_INPUT_KEY)
        return;
    size_t n = count(app, s);
    if (in->key == CP_KEY_ESCAPE)
        cp_app_pop(app);
    else if ((in->key == CP_KEY_RIGHT || in->key == CP_KEY_ENTER || in->key == CP_KEY_SPACE) && s->index + 1 < n)
        s->index++;
    else if (in->key == CP_KEY_LEFT && s->index > 0)
        s->index--;
    else if (in->key == 'a') {
        s->all = !s->all;
        s->index = 0;
    }
}

static void draw(cp_app *app, void *state)
{
    review_state *s = state;
    cp_ui *ui = &app->ui;
    const cp_theme *t = ui->theme;
    size_t n = count(app, s);
    cp_rect c = cp_shell_top_bar(app, s->all ? "Review: every question" : "Review: misses",
                                 "\xe2\x86\x90 \xe2\x86\x92 step \xc2\xb7 A all/misses \xc2\xb7 Esc back");
    if (cp_shell_back_clicked(app)) {
        cp_app_pop(app);
        return;
    }
    if (n == 0) {
        const char *msg = app->attempt && cp_attempt_finished(app->attempt)
                              ? "No misses: every question was answered right. Press A to see them all."
                              : "No finished exam to review.";
        cp_ui_paragraph(ui, c, msg, CP_FONT_REGULAR, CP_SIZE_STATUS, t->text);
        return;
    }
    if (s->index >= n)
        s->index = n - 1;
    c = cp_ui_column(ui, c, CP_WIDTH_PAGE_L);
    const cp_card *card;
    uint32_t chosen;
    size_t position;
    const uint8_t *order;
    item(app, s, s->index, &card, &chosen, &position, &order);

    char head[200];
    snprintf(head, sizeof head, "%s %zu of %zu \xc2\xb7 question %zu \xc2\xb7 %s %s%s", s->all ? "Question" : "Miss",
             s->index + 1, n, position + 1, cp_blueprint_domain(card->domain)->short_name,
             cp_blueprint_task(card->task)->id, chosen ? "" : " \xc2\xb7 unanswered");
    int hf = cp_ui_font(ui, CP_SIZE_BODY), hlh = cp_ui_line_height(ui, hf);
    cp_ui_text(ui, (cp_rect){c.x, c.y, c.w, hlh}, head, CP_FONT_BOLD, hf, t->muted, CP_TEXT_ELLIPSIS);
    int top = hlh;
    char mixup[240];
    long index = cp_deck_find(app->deck, card->id);
    bool wrong = chosen && chosen != cp_exam_correct_mask(card);
    if (wrong && index >= 0 && cp_shell_mixup_line(app, (size_t)index, chosen, mixup, sizeof mixup)) {
        /* One of the learner's own confusions: say so over the question. */
        int mf = cp_ui_font(ui, CP_SIZE_DETAIL), mlh = cp_ui_line_height(ui, mf);
        int mark = cp_ui_px(ui, CP_SPACE_XS), y = c.y + top + cp_ui_px(ui, CP_SPACE_XS);
        cp_ui_rect(ui, (cp_rect){c.x, y + 2, mark, mlh - 4}, t->warn, mark / 2);
        cp_ui_text(ui, (cp_rect){c.x + 2 * mark, y, c.w - 2 * mark, mlh}, mixup, CP_FONT_BOLD, mf, t->warn,
                   CP_TEXT_ELLIPSIS);
        top += mlh + cp_ui_px(ui, CP_SPACE_XS);
    }
    int foot = cp_ui_px(ui, CP_BUTTON_H);
    cp_rect panel = {c.x, c.y + top + cp_ui_px(ui, CP_SPACE), c.w, c.h - top - foot - cp_ui_px(ui, CP_SPACE + CP_SPACE_XL)};
    cp_ui_panel(ui, panel);
    cp_rect in = cp_rect_inset(panel, cp_ui_px(ui, CP_PAD_M));
    cp_question_view q = {.card = card, .reveal = true, .cursor = -1};
    memcpy(q.order, order, sizeof q.order);
    cp_question_set_deck_mask(&q, chosen);
    cp_question_draw_fit(ui, in, &q, cp_ui_font(ui, CP_SIZE_LEAD));

    cp_rect f = {c.x, c.y + c.h - foot, c.w, foot};
    int bw = cp_ui_px(ui, CP_BUTTON_W);
    if (s->index > 0 && cp_ui_button(ui, (cp_rect){f.x, f.y, bw, f.h}, "Previous", "\xe2\x86\x90", CP_BUTTON_NORMAL))
        s->index--;
    if (s->index + 1 < n &&
        cp_ui_button(ui, (cp_rect){f.x + f.w - bw, f.y, bw, f.h}, "Next", "\xe2\x86\x92", CP_BUTTON_PRIMARY))
        s->index++;
    const char *note = s->all ? "Green: right \xc2\xb7 red: your wrong pick \xc2\xb7 yellow: a right answer you missed"
                              : "Each miss is back in your daily drill.";
    int nf = cp_ui_font(ui, CP_SIZE_NOTE), nlh = cp_ui_line_height(ui, nf);
    cp_ui_text(ui, (cp_rect){f.x + bw + cp_ui_px(ui, CP_SPACE_2XL), f.y + (f.h - nlh) / 2, f.w - 2 * bw - cp_ui_px(ui, 2 * CP_SPACE_2XL), nlh},
               note, CP_FONT_REGULAR, nf, t->muted, CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
}

const cp_screen cp_screen_review = {
    .name = "review", .enter = enter, .event = event, .draw = draw, .leave = leave,
};
