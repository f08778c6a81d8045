/* The app's shared state and the screen stack. Screens are one file each
 * under screens/, with {enter, event, draw, leave}; their state is one
 * struct they allocate in enter and free in leave. Screens ask the core for
 * every rule; they only lay out and draw. Nothing here sees SDL: the
 * platform (platform/) measures text and plays sound through the callbacks
 * below, and runs the loop. */
#ifndef CLOUDPREP_SHELL_H
#define CLOUDPREP_SHELL_H

#include "app.h"
#include "ui.h"

#include "cloudprep/attempt.h"
#include "cloudprep/deck.h"
#include "cloudprep/fit.h"
#include "cloudprep/learner.h"
#include "cloudprep/sources.h"

/* A screen: enter makes its state (arg, when not NULL, is a literal that
 * says what to show), event takes keys, update moves time on (countdowns,
 * time-outs) before each frame, draw lays out the frame (clicks arrive
 * there, as in any immediate-mode UI), resume refreshes what it shows when
 * the screen above it is popped, and leave frees the state. update and
 * resume may be NULL. Screens change the stack only through cp_app_push,
 * cp_app_pop and cp_app_replace, which take effect after the event, update
 * or draw that asked for them: a screen's state never goes away under it. */
typedef struct cp_screen {
    const char *name;
    void (*enter)(cp_app *app, void **state, const char *arg);
    void (*event)(cp_app *app, void *state, const cp_input *in);
    void (*update)(cp_app *app, void *state);
    void (*draw)(cp_app *app, void *state);
    void (*resume)(cp_app *app, void *state);
    void (*leave)(cp_app *app, void *state);
    /* The question waiting for an answer on screen, or NULL (may itself be
     * NULL): for drivers that answer with keys, as demo.c does. */
    const struct cp_question_view *(*question)(void *state);
} cp_screen;

extern const cp_screen cp_screen_home, cp_screen_drill, cp_screen_settings, cp_screen_quiz, cp_screen_exam, cp_screen_results, cp_screen_review, cp_screen_diagnostic,
    cp_screen_stats, cp_screen_fit;

enum { CP_STACK_MAX = 8, CP_STACK_PENDING_MAX = 4 };

typedef enum cp_stack_op { CP_STACK_PUSH, CP_STACK_POP, CP_STACK_REPLACE } cp_stack_op;

/* A sound output (the platform's): plays mono float samples at
 * CP_SOUND_RATE, replacing what is still playing. */
enum { CP_SOUND_RATE = 44100 };
typedef struct cp_sound {
    void (*play)(void *ctx, const float *samples, size_t n);    /* NULL: silent */
    void *ctx;
} cp_sound;


/* The fit of the scheduler to the learner's memory (fit_task.c), as the
 * screens see it. */
typedef struct cp_fit_state {
    bool running;
    cp_fit_phase phase;         /* while running */
    float fraction;             /* of the phase, 0..1 */
    float overall;              /* of the whole fit (reading counts for a tenth) */
    bool ended;                 /* a fit ended since the app started: */
    cp_status status;           /* CP_OK, CP_ERR_CANCELLED or what went wrong */
    char message[512];          /* the error's */
    cp_fit_verdict verdict;     /* when CP_OK */
    double log_loss_default, log_loss_fitted;
    size_t items;
    int64_t reviews;
    cp_time ended_at;
} cp_fit_state;

struct cp_app {
    cp_deck *deck;
    cp_source sources[2];       /* where the deck's cards came from: the bank,
                                 * then the learner's own decks (sources.h) */
    size_t n_sources;
    cp_store *store;
    cp_learner *learner;        /* progress, and every change to it (the core's) */
    cp_settings settings;       /* the learner's, as last applied */
    cp_time now;                /* set by the loop each frame (or by a script) */
    bool mute;                  /* no sound whatever the setting (screenshots) */
    bool clock_told;            /* the learner was told the clock is behind */

    struct cp_fx *fx;           /* sounds and celebrations (fx.c) */
    cp_sound sound;             /* the platform's sound output */
    void *platform;             /* what the platform opened for this app (its
                                 * own; the shell never touches it) */
    cp_attempt_run *attempt;    /* the mock exam or diagnostic in progress or
                                 * just finished; NULL when none */
    bool ticking;               /* a clock is on screen: redraw each second */
    /* The platform's threads (may be {0}: the work runs in the frame and
     * the window waits), for work that must not hold up the frames (the
     * fit of the scheduler) and for the start's reads (cp_learner_open). */
    cp_threads threads;
    struct cp_fit_task *fit_task;   /* the fit running in the background; NULL none */
    cp_fit_state fit;
    bool busy;                  /* background work runs: redraw a few times a second */
    int64_t wake_at;            /* idle, draw a frame at this time (app->now's
                                 * seconds; 0: none): set by the screen on top
                                 * each frame (Home: the next learning day) */

    cp_ui ui;
    struct { const cp_screen *screen; void *state; } stack[CP_STACK_MAX];
    int depth;
    struct { cp_stack_op op; const cp_screen *screen; const char *arg; } pending[CP_STACK_PENDING_MAX];
    int n_pending;              /* stack changes asked for, not yet applied */
    bool quit;
    bool help_overlay;
    bool progressive;           /* frames follow one another (a window, not a
                                 * single screenshot): a screen may show a
                                 * first frame before its slower figures */
    bool animating;             /* a screen wants the next frame soon */
    double anim_until;          /* seconds (app clock) until which to animate */
    double clock;               /* seconds since start, for animations */
    char toast[200];            /* a one-line message (e.g. a save error) */
    double toast_until;
};

/* The app without its platform: the store, the decks and the learner (no
 * fonts, no window), with the platform's sound output (may be {0}: silent).
 * NULL on failure with the message in error and the exit status in
 * *exit_code. The platform's cp_app_open sets the text measurer
 * (app->ui.text) before the first frame. */
cp_app *cp_shell_open(const cp_app_options *options, bool exclusive, cp_sound sound,
                      cp_threads threads, int *exit_code, char *error, size_t error_size);
/* Leaves every screen, ends the attempt and closes the store; NULL is fine. */
void cp_shell_close(cp_app *app);

/* Stack changes, applied in order once the current event, update or draw
 * is over (cp_app_settle): push a screen on top; pop the top one (the one
 * below resumes; popping the last one quits); replace the top one (the one
 * below stays as it is). */
void cp_app_push(cp_app *app, const cp_screen *screen, const char *arg);
void cp_app_pop(cp_app *app);
void cp_app_replace(cp_app *app, const cp_screen *screen, const char *arg);
/* Applies the stack changes asked for; true when there were any. */
bool cp_app_settle(cp_app *app);
/* Leaves every screen at once (start-up of a named screen, shut-down). */
void cp_app_clear(cp_app *app);
/* Re-applies settings that affect the shell (theme, font scale). */
void cp_app_apply_settings(cp_app *app);
/* Saves changed settings through the learner and applies them. */
bool cp_app_save_settings(cp_app *app, const cp_settings *settings);
/* Starts a mock exam or diagnostic (ending any other first); false with a
 * toast when the decks cannot fill a form. */
bool cp_app_start_attempt(cp_app *app, cp_exam_kind kind);
/* Submits (or times out) the attempt in progress and shows what it earned. */
bool cp_app_finish_attempt(cp_app *app);
void cp_app_end_attempt(cp_app *app);
void cp_app_toast(cp_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a store error to the learner; returns false when there was one. */
bool cp_app_check(cp_app *app, cp_status status, const cp_error *err);

/* The fit of the scheduler (fit_task.c): start it (false with a toast when
 * it cannot start), cancel it (nothing changes), and poll it, once a frame:
 * it updates app->fit and app->busy, and when the fit is over keeps its
 * result (cp_fit_keep) and, unless its own screen is on top, says so with
 * a banner. */
bool cp_app_fit_start(cp_app *app);
void cp_app_fit_cancel(cp_app *app);
void cp_app_fit_poll(cp_app *app);
/* A one-line banner over the screen (good news in the theme's colour for
 * it, otherwise the accent). */
void cp_app_banner(cp_app *app, const char *text, bool good);

/* Feedback for what just happened: a short synthesized sound (when sound is
 * on) and an animation (unless motion is reduced). */
typedef enum cp_feedback {
    CP_FEEDBACK_RIGHT, CP_FEEDBACK_WRONG, CP_FEEDBACK_COMBO, CP_FEEDBACK_LEVEL_UP,
    CP_FEEDBACK_ACHIEVEMENT, CP_FEEDBACK_PASS,
} cp_feedback;
void cp_app_feedback(cp_app *app, cp_feedback kind);
/* Shows the game's notes: level-ups, achievements, goal met, freezes, high
 * scores, as banners with their feedback. */
void cp_app_notes(cp_app *app, const cp_game_notes *notes);
/* Draws the running celebrations over the screen (called by the loop). */
void cp_fx_draw(cp_app *app);
/* Drops the celebrations and banners (the screenshot's steady screen). */
void cp_fx_release(cp_app *app);

/* Common chrome: the top bar with a title and a back hint; returns the
 * content rectangle below it. */
cp_rect cp_shell_top_bar(cp_app *app, const char *title, const char *right);
/* True (and the click is taken) when this frame's click landed on the top
 * bar, which means "back" on every screen. */
bool cp_shell_back_clicked(cp_app *app);

/* What the learner mixes up, in words (docs/confusion.md): for a miss of
 * `card` choosing `chosen` (deck order), when it is a miss of a pair the
 * learner confuses, "Third time you chose Amazon GuardDuty where Amazon
 * Inspector was right." (past ten: "You have chosen ... 14 times.") into
 * out and true; else false and "". */
bool cp_shell_mixup_line(cp_app *app, size_t card, uint32_t chosen, char *out, size_t size);

#endif
