/* Quiz rounds: placeholder until the round screen lands (same page as
 * the other unbuilt screens). */
#include "shell.h"

static void enter(cp_app *app, void **state, const char *arg)
{
    (void)arg;
    cp_screen_soon.enter(app, state, "quiz");
}
static void event(cp_app *app, void *state, const cp_input *in) { cp_screen_soon.event(app, state, in); }
static void draw(cp_app *app, void *state) { cp_screen_soon.draw(app, state); }
static void leave(cp_app *app, void *state) { cp_screen_soon.leave(app, state); }

const cp_screen cp_screen_quiz = {"quiz", enter, event, draw, leave};
