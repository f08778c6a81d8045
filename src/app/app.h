/* The app's public entry points (the command line's and the UI tests').
 * The shell (src/app: screens, widgets, layout) implements the headless
 * driving below and sees no SDL; the platform (src/app/platform: window,
 * loop, renderer, fonts, sound) implements cp_app_main, cp_app_open and
 * cp_app_close. */
#ifndef CLOUDPREP_APP_H
#define CLOUDPREP_APP_H

#include <stdbool.h>

typedef struct cp_app_options {
    const char *data_dir;   /* NULL: the platform's default */
    const char *deck_dir;   /* the deck directory to load */
    const char *font_path;  /* NULL: the system's fonts */
    bool mute;              /* no sound whatever the setting (screenshots, tests) */
    int deck_kind;          /* where deck_dir was found (cp_source_kind; 0: given) */
    const char *learner_decks;  /* the learner's own decks, loaded after the
                                 * bank; NULL: DATA_DIR/decks */
    const char *icon_path;  /* the window's icon (a PNG); NULL: none */
} cp_app_options;

/* What to run: the window (with an input script, or none), or a headless
 * screenshot of one screen. */
typedef struct cp_app_run {
    const char *screenshot;     /* write this PNG instead of opening a window */
    const char *screen;         /* with screenshot: the screen's name */
    const char *script;         /* play this input script in the window */
    int width, height;          /* 0: 1280 x 800 */
} cp_app_run;

/* The screens --screen can name, for the help text and the option parser. */
extern const char *const cp_app_screen_names[];

/* Runs the app. Returns an exit status. */
int cp_app_main(const cp_app_options *options, const cp_app_run *run);

/* ---- headless driving, for tests and screenshots ------------------------ */

#include "draw.h"
#include "ui.h"

typedef struct cp_app cp_app;

/* Opens the store, decks and fonts (no window). NULL on failure with the
 * message in error and the exit status in *exit_code. Close with
 * cp_app_close. */
cp_app *cp_app_open(const cp_app_options *options, bool exclusive, int *exit_code,
                    char *error, size_t error_size);
void cp_app_close(cp_app *app);
/* Resets the screen stack to Home plus the named screen ("home", "drill",
 * "drill-answer", "settings"); false for an unknown name. */
bool cp_app_show(cp_app *app, const char *screen);
/* Lays out one frame at width x height and returns its draw list. */
const cp_draw_list *cp_app_frame(cp_app *app, int width, int height);
/* Feeds one input (keys act now; clicks during the next frame). */
void cp_app_input(cp_app *app, const cp_input *input);
/* The name of the screen on top, and whether the app asked to quit. */
const char *cp_app_screen(const cp_app *app);
bool cp_app_quitting(const cp_app *app);
/* The app's clock, for tests: `now` (seconds since the epoch). */
void cp_app_set_now(cp_app *app, int64_t now);

#endif
