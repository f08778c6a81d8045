/* The SDL application: the only part of cloudprep that sees SDL. */
#ifndef CLOUDPREP_APP_H
#define CLOUDPREP_APP_H

#include <stdbool.h>

typedef struct cp_app_options {
    const char *data_dir;   /* NULL: the XDG default */
    const char *deck_dir;   /* the deck directory to load */
    const char *font_path;  /* NULL: ask fontconfig */
    bool mute;              /* no sound whatever the setting (screenshots, tests) */
} cp_app_options;

/* Runs the app; argv holds the GUI's own options. Returns an exit status. */
int cp_app_main(const cp_app_options *options, int argc, char **argv);

/* ---- headless driving, for tests and screenshots ------------------------ */

#include "draw.h"
#include "ui.h"

typedef struct cp_app cp_app;

/* Opens the store, decks and fonts (no window). NULL on failure with the
 * message in error and the exit status in *exit_code. */
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
