/* The screens by name (--screen, the UI tests), with demo data. Each is
 * reached the way a learner reaches it: from Home, with keys on the real
 * screens. The drill shows its first card answered right; a quiz round is
 * two answers in; a mock exam is five answers in (and shows its navigator);
 * results, review and the diagnostic's result follow an exam answered like
 * a fair candidate (about seven in ten right, and falling for the pairs
 * the learner confuses wherever a question sets one up); the review opens
 * on the first such miss, if any. Production screens know
 * nothing of this. Everything answered is saved, which is why a screenshot
 * works on a copy of the learner's data. */
#include "question.h"
#include "shell.h"

#include <string.h>

typedef enum demo {
    DEMO_NONE, DEMO_ANSWER, DEMO_ROUND, DEMO_EXAM, DEMO_NAVIGATOR, DEMO_RESULTS, DEMO_REVIEW,
    DEMO_DIAGNOSTIC,
} demo;

/* The names (app.h's list, for --help and the option parser) and, at the
 * same index, what each shows. */
const char *const cp_app_screen_names[] = {
    "home", "drill", "drill-answer", "settings", "quiz", "quiz-setup", "exam", "exam-navigator",
    "results", "review", "diagnostic", "stats", "fit", NULL,
};

static const struct named_screen {
    const cp_screen *screen;
    demo demo;
} named_screens[] = {
    {&cp_screen_home, DEMO_NONE},       {&cp_screen_drill, DEMO_NONE},
    {&cp_screen_drill, DEMO_ANSWER},    {&cp_screen_settings, DEMO_NONE},
    {&cp_screen_quiz, DEMO_ROUND},      {&cp_screen_quiz, DEMO_NONE},
    {&cp_screen_exam, DEMO_EXAM},       {&cp_screen_exam, DEMO_NAVIGATOR},
    {&cp_screen_results, DEMO_RESULTS}, {&cp_screen_review, DEMO_REVIEW},
    {&cp_screen_diagnostic, DEMO_DIAGNOSTIC}, {&cp_screen_stats, DEMO_NONE},
    {&cp_screen_fit, DEMO_NONE},
};
_Static_assert(sizeof named_screens / sizeof named_screens[0] ==
                   sizeof cp_app_screen_names / sizeof cp_app_screen_names[0] - 1,
               "one entry a name");

static void key(cp_app *app, int k)
{
    cp_app_input(app, &(cp_input){.kind = CP_INPUT_KEY, .key = k});
}

/* The card waiting for an answer on the top screen, or NULL. */
static const cp_question_view *waiting(const cp_app *app)
{
    const cp_screen *top = app->depth ? app->stack[app->depth - 1].screen : NULL;
    const cp_question_view *q = top && top->question ? top->question(app->stack[app->depth - 1].state) : NULL;
    return q && q->card ? q : NULL;
}

/* Picks the right options of the question on the top screen with their
 * keys (A, B, ... in display order) and submits with Enter. False when no
 * question waits there. */
static bool answer_right(cp_app *app)
{
    const cp_question_view *q = waiting(app);
    if (!q || q->card->type == CP_CARD_FLASHCARD)
        return false;
    const cp_card *c = q->card;
    uint8_t order[CP_MAX_CHOICES];
    memcpy(order, q->order, sizeof order);      /* q changes as keys arrive */
    for (size_t k = 0; k < c->n_choices; k++)
        if (c->choices[order[k]].correct)
            key(app, 'a' + (int)k);
    key(app, CP_KEY_ENTER);
    return true;
}

/* The option of this question a learner who confuses one of its pairs
 * picks (the look-alike of a keyed option), or 0. */
static uint32_t confused_pick(cp_app *app, const cp_card *card)
{
    const cp_confusion *tally;
    cp_error err = {0};
    long index = cp_deck_find(app->deck, card->id);
    cp_time now = cp_learner_now(app->learner, app->now);
    if (index < 0 || cp_learner_confusion(app->learner, now, &tally, &err) != CP_OK)
        return 0;
    const cp_confusion_map *map = cp_confusion_tally_map(tally);
    for (size_t k = 0; k < card->n_choices; k++) {
        int32_t key = cp_confusion_option(map, (size_t)index, k);
        for (size_t o = 0; key >= 0 && card->choices[k].correct && o < card->n_choices; o++) {
            int32_t other = cp_confusion_option(map, (size_t)index, o);
            if (!card->choices[o].correct && other >= 0 && cp_confusion_get(tally, key, other, now).confused)
                return 1u << o;
        }
    }
    return 0;
}

/* Answers the attempt in progress as a fair candidate might: about seven in
 * ten right, the learner's confusions wrong, a few flagged, the items from
 * `upto` on left open. */
static void answer_exam(cp_app *app, size_t upto)
{
    cp_attempt_run *run = app->attempt;
    size_t n = run ? cp_attempt_count(run) : 0;
    cp_error err = {0};
    for (size_t i = 0; i < n && i < upto; i++) {
        cp_exam_view v;
        if (cp_attempt_view(run, i, &v) != CP_OK)
            break;
        uint32_t right = cp_exam_correct_mask(v.card);
        uint32_t wrong = right ^ (right & (0u - right)) ^ (1u << v.choice_order[0]);
        uint32_t pick = (i * 7) % 10 < 7 ? right : (wrong ? wrong : 1u);
        uint32_t confused = v.card->type == CP_CARD_SINGLE ? confused_pick(app, v.card) : 0;
        if (confused)
            pick = confused;
        if (!cp_app_check(app, cp_attempt_answer(run, i, pick, app->now, &err), &err))
            break;
        if (i % 9 == 4 && !cp_app_check(app, cp_attempt_flag(run, i, true, app->now, &err), &err))
            break;
    }
}

bool cp_app_show(cp_app *app, const char *name)
{
    const struct named_screen *named = NULL;
    for (size_t i = 0; i < sizeof named_screens / sizeof named_screens[0]; i++)
        if (strcmp(name ? name : "home", cp_app_screen_names[i]) == 0)
            named = &named_screens[i];
    if (!named)
        return false;
    cp_app_clear(app);
    app->quit = false;
    cp_app_push(app, &cp_screen_home, NULL);
    cp_app_settle(app);
    switch (named->demo) {
    case DEMO_NONE:
        if (named->screen != &cp_screen_home)
            cp_app_push(app, named->screen, NULL);
        break;
    case DEMO_ANSWER:
        key(app, 'd');
        /* As if the learner took 20 s over it (the grade depends on it). */
        app->clock += 20.0;
        if (waiting(app) && !answer_right(app)) {
            key(app, CP_KEY_SPACE);         /* a flashcard: its back */
            app->clock += 1.0;              /* past the flip */
        }
        break;
    case DEMO_ROUND:
        key(app, 'q');
        key(app, CP_KEY_ENTER);             /* 10 questions, all domains */
        for (int i = 0; i < 2 && answer_right(app); i++)
            key(app, CP_KEY_ENTER);         /* the next question */
        break;
    case DEMO_EXAM:
    case DEMO_NAVIGATOR:
        key(app, 'm');
        answer_exam(app, 5);
        if (named->demo == DEMO_NAVIGATOR)
            key(app, 'n');
        break;
    case DEMO_RESULTS:
    case DEMO_REVIEW:
    case DEMO_DIAGNOSTIC:
        if (named->demo == DEMO_DIAGNOSTIC) {
            key(app, 'g');
            key(app, CP_KEY_ENTER);         /* its ten questions */
        } else {
            key(app, 'm');
        }
        answer_exam(app, 62);
        key(app, 's');
        key(app, CP_KEY_ENTER);             /* submitted: results, or the diagnostic's */
        if (named->demo == DEMO_REVIEW) {
            cp_app_push(app, &cp_screen_review, NULL);
            cp_app_settle(app);
            /* On the first miss that was one of the learner's confusions. */
            const cp_score_report *r = app->attempt ? cp_attempt_report(app->attempt) : NULL;
            char line[240];
            for (size_t i = 0; r && i < r->n_misses; i++) {
                long card = cp_deck_find(app->deck, r->misses[i].card->id);
                if (card >= 0 && cp_shell_mixup_line(app, (size_t)card, r->misses[i].chosen, line, sizeof line)) {
                    for (size_t k = 0; k < i; k++)
                        key(app, CP_KEY_RIGHT);
                    break;
                }
            }
        }
        break;
    }
    cp_app_settle(app);
    return true;
}
