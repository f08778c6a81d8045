/* Screens, headless: each screen is laid out at every supported window size
 * and the draw list is checked: every text run lies inside the box it was
 * laid out in and inside the window (nothing cut off, nothing off-screen).
 * Synthetic keys then drive a drill and the settings, and the store is
 * checked for what they saved. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cloudprep/platform.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

static char dir[256];
static char decks[512];

static const int sizes[][2] = {{960, 600}, {1280, 800}, {1366, 768}, {1920, 1080}, {2560, 1440}, {3840, 2160}};

static int setup(void **state)
{
    (void)state;
    if (!cp_platform_temp_dir("ui-test", dir, sizeof dir))
        return -1;
    snprintf(decks, sizeof decks, "%s", getenv("CP_DECKS"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return cp_platform_remove_tree(dir) ? 0 : -1;
}

static cp_app *open_app(void)
{
    char err[1400];
    int rc;
    cp_app *app = cp_app_open(&(cp_app_options){.data_dir = dir, .deck_dir = decks, .mute = true}, true, &rc, err,
                              sizeof err);
    if (!app)
        fail_msg("cannot open the app: %s", err);
    cp_app_set_now(app, 1795000000);
    return app;
}

/* Every text run inside its box (1 px of rounding allowed) and the window. */
static void check_layout(const cp_draw_list *list, int w, int h, const char *what)
{
    size_t texts = 0;
    for (size_t i = 0; i < list->n; i++) {
        const cp_draw *d = &list->items[i];
        if (d->kind != CP_DRAW_TEXT)
            continue;
        texts++;
        const char *s = cp_draw_string(list, d);
        cp_rect r = d->rect, b = d->box;
        bool in_box = r.x >= b.x - 1 && r.x + r.w <= b.x + b.w + 1 && r.y >= b.y - 1 &&
                      r.y + r.h <= b.y + b.h + 1;
        bool on_screen = r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h;
        if (!in_box || !on_screen)
            fail_msg("%s at %dx%d: text '%s' at (%d,%d %dx%d) %s box (%d,%d %dx%d)", what, w, h, s, r.x, r.y,
                     r.w, r.h, in_box ? "off-screen, inside" : "outside", b.x, b.y, b.w, b.h);
        assert_true(d->size >= 9);
    }
    assert_true(texts > 3);
    if (list->overflow)
        fail_msg("%s at %dx%d: %zu line(s) of text did not fit their box", what, w, h, list->overflow);
}

static void test_every_screen_fits_every_size(void **state)
{
    (void)state;
    cp_app *app = open_app();
    const char *screens[] = {"home", "drill", "drill-answer", "settings", "exam", "exam-navigator",
                             "results", "review", "diagnostic", "quiz", "quiz-setup", "stats"};
    for (size_t s = 0; s < sizeof screens / sizeof screens[0]; s++)
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            assert_true(cp_app_show(app, screens[s]));
            check_layout(cp_app_frame(app, sizes[z][0], sizes[z][1]), sizes[z][0], sizes[z][1], screens[s]);
        }
    assert_false(cp_app_show(app, "nope"));
    cp_app_close(app);
}

/* Rows in the review log, read through a second (non-exclusive) store. */
static int64_t review_count(void)
{
    cp_store *store;
    int64_t n = -1;
    assert_int_equal(cp_store_open(dir, NULL, &store, NULL), CP_OK);
    assert_int_equal(cp_store_review_count(store, &n, NULL), CP_OK);
    cp_store_close(store);
    return n;
}

static void key(cp_app *app, int k)
{
    cp_app_input(app, &(cp_input){.kind = CP_INPUT_KEY, .key = k});
    cp_app_frame(app, 1280, 800);
}

static void test_drill_by_keyboard_saves_and_undoes(void **state)
{
    (void)state;
    cp_app *app = open_app();
    cp_app_show(app, "home");
    cp_app_frame(app, 1280, 800);
    key(app, CP_KEY_ENTER);                 /* Home: Enter starts the drill */
    assert_string_equal(cp_app_screen(app), "drill");
    /* Answer ten cards whatever they are: a flashcard flips with Space and
     * is rated Good with Space; a question gets A (and B for multi), Enter,
     * then Enter for the next card. Every layout is checked on the way. */
    for (int i = 0; i < 10; i++) {
        check_layout(cp_app_frame(app, 960, 600), 960, 600, "drill (keyboard)");
        key(app, 'a');
        key(app, 'b');
        key(app, CP_KEY_SPACE);
        key(app, CP_KEY_ENTER);
        check_layout(cp_app_frame(app, 960, 600), 960, 600, "drill answer (keyboard)");
        key(app, CP_KEY_ENTER);
    }
    /* Undo inside the session takes back exactly the last answer. */
    int64_t before = review_count(), after;
    assert_true(before >= 5);
    key(app, 'u');
    after = review_count();
    assert_int_equal(after, before - 1);
    key(app, CP_KEY_ENTER);             /* no crash answering again after undo */
    cp_app_close(app);

    /* A new session has nothing of its own to undo: U changes nothing. */
    app = open_app();
    cp_app_show(app, "drill");
    cp_app_frame(app, 1280, 800);
    int64_t reopened = review_count();
    key(app, 'u');
    assert_int_equal(review_count(), reopened);
    cp_app_close(app);
}

static void test_settings_change_is_saved(void **state)
{
    (void)state;
    cp_app *app = open_app();
    cp_app_show(app, "settings");
    cp_app_frame(app, 1280, 800);
    key(app, CP_KEY_RIGHT);                 /* new cards per day: 20 -> 25 */
    key(app, CP_KEY_DOWN);
    key(app, CP_KEY_DOWN);
    key(app, CP_KEY_DOWN);
    key(app, CP_KEY_DOWN);                  /* theme */
    key(app, CP_KEY_RIGHT);                 /* dark -> light */
    check_layout(cp_app_frame(app, 960, 600), 960, 600, "settings (light)");
    key(app, CP_KEY_ESCAPE);
    assert_string_equal(cp_app_screen(app), "home");
    cp_app_close(app);

    cp_store *store;
    assert_int_equal(cp_store_open(dir, NULL, &store, NULL), CP_OK);
    cp_settings s;
    assert_int_equal(cp_settings_load(store, &s, NULL), CP_OK);
    assert_int_equal(s.new_per_day, 25);
    assert_string_equal(s.theme, "light");
    cp_store_close(store);
}

static void test_mouse_only_opens_settings_and_goes_back(void **state)
{
    (void)state;
    cp_app *app = open_app();
    cp_app_show(app, "home");
    const cp_draw_list *list = cp_app_frame(app, 1280, 800);
    /* Find the "Settings" button label and click it. */
    int x = -1, y = -1;
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].kind == CP_DRAW_TEXT && strcmp(cp_draw_string(list, &list->items[i]), "Settings") == 0) {
            x = list->items[i].rect.x + 2;
            y = list->items[i].rect.y + 2;
        }
    assert_true(x >= 0);
    cp_app_input(app, &(cp_input){.kind = CP_INPUT_CLICK, .x = x, .y = y});
    cp_app_frame(app, 1280, 800);
    assert_string_equal(cp_app_screen(app), "settings");
    /* A click on the top bar goes back. */
    cp_app_input(app, &(cp_input){.kind = CP_INPUT_CLICK, .x = 600, .y = 10});
    cp_app_frame(app, 1280, 800);
    assert_string_equal(cp_app_screen(app), "home");
    cp_app_close(app);
}

static void test_second_app_on_same_data_is_refused(void **state)
{
    (void)state;
    cp_app *a = open_app();
    char err[1400];
    int rc = 0;
    cp_app *b = cp_app_open(&(cp_app_options){.data_dir = dir, .deck_dir = decks}, true, &rc, err, sizeof err);
    assert_null(b);
    assert_int_equal(rc, 3);
    assert_non_null(strstr(err, "another cloudprep"));
    cp_app_close(a);
}

static int last_status = -1;
static void attempt_status(void *ctx, const cp_attempt *a)
{
    (void)ctx;
    last_status = a->status;
}

/* An exam left "in progress" by a kill is closed as abandoned at the next
 * start, never left open. */
static void test_killed_exam_is_recorded_as_abandoned(void **state)
{
    (void)state;
    cp_store *store;
    assert_int_equal(cp_store_open(dir, NULL, &store, NULL), CP_OK);
    cp_attempt a = {.kind = "mock", .started_at = 1795000000 - 600, .status = CP_ATTEMPT_IN_PROGRESS,
                    .time_limit_s = 5400};
    cp_attempt_item item = {.position = 0, .card_id = "q11-x", .scored = true, .chosen = "1"};
    assert_int_equal(cp_store_attempt_begin(store, &a, &item, 1, NULL, NULL), CP_OK);
    cp_store_close(store);

    cp_app *app = open_app();
    cp_app_close(app);
    assert_int_equal(cp_store_open(dir, NULL, &store, NULL), CP_OK);
    last_status = -1;
    assert_int_equal(cp_store_each_attempt(store, "mock", attempt_status, NULL, NULL), CP_OK);
    cp_store_close(store);
    assert_int_equal(last_status, CP_ATTEMPT_ABANDONED);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_every_screen_fits_every_size),
        T(test_drill_by_keyboard_saves_and_undoes),
        T(test_settings_change_is_saved),
        T(test_mouse_only_opens_settings_and_goes_back),
        T(test_second_app_on_same_data_is_refused),
        T(test_killed_exam_is_recorded_as_abandoned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
