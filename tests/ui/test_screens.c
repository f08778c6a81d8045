/* Screens, headless: each screen is laid out at every supported window size
 * and the draw list is checked: every text run lies inside the box it was
 * laid out in and inside the window (nothing cut off, nothing off-screen).
 * Synthetic keys then drive a drill, the settings, the diagnostic's plan
 * step and the fit of the scheduler (on its thread while frames go on), and
 * the store is checked for what they saved. A learner who mixes up a pair
 * sees it on Statistics, laid out at every size. */
#include "cp_test.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* usleep */

#include "app.h"
#include "question.h"
#include "shell.h"
#include "cloudprep/confusion.h"
#include "cloudprep/platform.h"
#include "cloudprep/exam.h"
#include "cloudprep/learner.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

static const char *decks;

static const int sizes[][2] = {{960, 600}, {1280, 800}, {1366, 768}, {1920, 1080}, {2560, 1440}, {3840, 2160}};

static int setup(void **state)
{
    decks = getenv("CP_DECKS");
    return decks ? cp_test_dir_setup(state) : -1;
}

static cp_app *open_app(void)
{
    char err[1400];
    int rc;
    cp_app *app =
        cp_app_open(&(cp_app_options){.data_dir = cp_test_dir, .deck_dir = decks, .mute = true},
                    true, &rc, err, sizeof err);
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
                             "results", "review", "diagnostic", "quiz", "quiz-setup", "stats", "fit"};
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
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
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
    key(app, CP_KEY_DOWN);                  /* study time a day */
    key(app, CP_KEY_RIGHT);                 /* 30 -> 35 minutes */
    key(app, CP_KEY_DOWN);                  /* theme */
    key(app, CP_KEY_RIGHT);                 /* dark -> light */
    check_layout(cp_app_frame(app, 960, 600), 960, 600, "settings (light)");
    key(app, CP_KEY_ESCAPE);
    assert_string_equal(cp_app_screen(app), "home");
    cp_app_close(app);

    cp_store *store;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    cp_settings s;
    assert_int_equal(cp_settings_load(store, &s, NULL), CP_OK);
    assert_int_equal(s.new_per_day, 25);
    assert_int_equal(s.study_minutes, 35);
    assert_string_equal(s.theme, "light");
    cp_store_close(store);
}

static bool shows(const cp_draw_list *list, const char *text);

/* The diagnostic's plan step: the study time and the exam date change with
 * keys (and the plan with them), are saved, and every size still fits. */
static void test_diagnostic_plan_step_is_saved(void **state)
{
    (void)state;
    cp_app *app = open_app();
    assert_true(cp_app_show(app, "diagnostic"));
    const cp_draw_list *list = cp_app_frame(app, 1280, 800);
    assert_true(shows(list, "30 minutes a day"));
    assert_true(shows(list, "not set: "));
    assert_true(shows(list, "WHERE IT LEADS"));
    key(app, CP_KEY_RIGHT);
    key(app, CP_KEY_RIGHT);                 /* 30 -> 40 minutes */
    key(app, CP_KEY_LEFT);
    key(app, CP_KEY_RIGHT);
    key(app, CP_KEY_RIGHT);                 /* 45 */
    key(app, CP_KEY_UP);                    /* the date: six weeks out */
    key(app, CP_KEY_UP);                    /* a week later */
    key(app, CP_KEY_DOWN);
    key(app, CP_KEY_UP);                    /* seven weeks out */
    list = cp_app_frame(app, 1280, 800);
    assert_true(shows(list, "45 minutes a day"));
    assert_true(shows(list, "(49 days)"));
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        check_layout(cp_app_frame(app, sizes[z][0], sizes[z][1]), sizes[z][0], sizes[z][1],
                     "diagnostic plan step");
    assert_string_equal(cp_app_screen(app), "diagnostic");
    cp_app_close(app);

    cp_store *store;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    cp_settings s;
    assert_int_equal(cp_settings_load(store, &s, NULL), CP_OK);
    assert_int_equal(s.study_minutes, 45);
    assert_true(s.exam_date[0] != '\0');
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
    cp_app *b = cp_app_open(&(cp_app_options){.data_dir = cp_test_dir, .deck_dir = decks}, true,
                            &rc, err, sizeof err);
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
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    cp_attempt a = {.kind = "mock", .started_at = 1795000000 - 600, .status = CP_ATTEMPT_IN_PROGRESS,
                    .time_limit_s = 5400};
    cp_attempt_item item = {.position = 0, .card_id = "q11-x", .scored = true, .chosen = "1"};
    assert_int_equal(cp_store_attempt_begin(store, &a, &item, 1, NULL, NULL), CP_OK);
    cp_store_close(store);

    cp_app *app = open_app();
    cp_app_close(app);
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    last_status = -1;
    assert_int_equal(cp_store_each_attempt(store, "mock", attempt_status, NULL, NULL), CP_OK);
    cp_store_close(store);
    assert_int_equal(last_status, CP_ATTEMPT_ABANDONED);
}

/* Whether some text run of the frame contains needle. */
static bool frame_says(const cp_draw_list *list, const char *needle)
{
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].kind == CP_DRAW_TEXT && strstr(cp_draw_string(list, &list->items[i]), needle))
            return true;
    return false;
}

/* ---- the fit of the scheduler ---------------------------------------------- */

/* The simulated learner of tests/fixtures/fsrs-optimize/medium.tsv (5,785
 * answers) written into the store as the app logs answers. */
static int64_t store_history(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fsrs-optimize/medium.tsv", getenv("CP_FIXTURES"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    cp_store *store;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    assert_int_equal(cp_store_begin(store, NULL), CP_OK);
    static cp_time last[4096];
    memset(last, 0, sizeof last);
    char line[128];
    int64_t n = 0;
    assert_non_null(fgets(line, sizeof line, f));      /* the header */
    int card, day, rating;
    while (fscanf(f, "%d %d %d", &card, &day, &rating) == 3) {
        assert_true(card >= 0 && card < 4096);
        cp_time at = 1760000000 + (cp_time)day * 86400 + n % 20000;
        char id[32];
        snprintf(id, sizeof id, "sim-%d", card);
        cp_review r = {.card_id = id, .at = at, .rating = rating,
                       .elapsed_days = last[card] ? (double)(at - last[card]) / 86400 : 0,
                       .chosen = "", .mode = "drill",
                       .after = {.state = CP_STATE_REVIEW, .last_review = at, .stability = 1,
                                 .difficulty = 5, .reps = 1}};
        assert_int_equal(cp_store_record_review(store, &r, NULL, NULL), CP_OK);
        last[card] = at;
        n++;
    }
    fclose(f);
    assert_int_equal(cp_store_commit(store, NULL), CP_OK);
    cp_store_close(store);
    return n;
}

/* Whether the frame shows `text`: its runs (a paragraph is drawn word by
 * word) joined by spaces, in drawing order. */
static bool shows(const cp_draw_list *list, const char *text)
{
    size_t cap = 1, at = 0;
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].kind == CP_DRAW_TEXT)
            cap += strlen(cp_draw_string(list, &list->items[i])) + 1;
    char *all = malloc(cap);
    assert_non_null(all);
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].kind == CP_DRAW_TEXT)
            at += (size_t)sprintf(all + at, "%s ", cp_draw_string(list, &list->items[i]));
    all[at] = '\0';
    bool found = strstr(all, text) != NULL;
    if (!found)
        print_message("looking for '%s' in: %s\n", text, all);
    free(all);
    return found;
}

static bool stored_fit(cp_store_fit *out)
{
    cp_store *store;
    bool found = false;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    assert_int_equal(cp_store_active_fit(store, out, &found, NULL), CP_OK);
    cp_store_close(store);
    return found;
}

static void test_fit_runs_while_frames_go_on_then_restores(void **state)
{
    (void)state;
    int64_t answers = store_history();
    cp_app *app = open_app();
    cp_app_show(app, "settings");
    const cp_draw_list *list = cp_app_frame(app, 1280, 800);
    assert_true(shows(list, "ready to fit"));
    key(app, 'f');
    assert_string_equal(cp_app_screen(app), "fit");
    assert_true(shows(cp_app_frame(app, 1280, 800), "Fit to my answers"));
    key(app, CP_KEY_ENTER);
    assert_true(app->fit.running || app->fit.ended);

    /* Frames and keys go on while it runs: away to Settings and Home and
     * back, every layout checked; the fit is polled by the frames. */
    int frames = 0;
    const int keys[] = {CP_KEY_ESCAPE, CP_KEY_ESCAPE, 'o', 'f'};
    for (time_t until = time(NULL) + 120; (app->fit.running || frames < 4) && time(NULL) < until;
         frames++) {
        if (frames < 4)
            key(app, keys[frames]);
        check_layout(cp_app_frame(app, 960, 600), 960, 600, cp_app_screen(app));
        usleep(2000);
    }
    assert_false(app->fit.running);
    assert_true(app->fit.ended);
    assert_int_equal(app->fit.status, CP_OK);
    assert_int_equal(app->fit.verdict, CP_FIT_USED);
    assert_int_equal(app->fit.reviews, answers);
    assert_true(app->fit.log_loss_fitted < app->fit.log_loss_default);
    assert_string_equal(cp_app_screen(app), "fit");
    list = cp_app_frame(app, 960, 600);
    check_layout(list, 960, 600, "fit (done)");
    assert_true(shows(list, "Done: fitted to your 5,785 answers"));
    assert_true(shows(list, "Restore the defaults"));

    /* Stored, dated, and what the learner schedules with. */
    cp_store_fit fit;
    assert_true(stored_fit(&fit));
    assert_int_equal(fit.reviews, answers);
    assert_int_equal(fit.fitted_at, app->fit.ended_at);
    assert_true(fit.log_loss_fitted == app->fit.log_loss_fitted);
    const cp_fsrs_params *p = cp_learner_params(app->learner);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        assert_true(p->w[i] == fit.w[i]);
    key(app, CP_KEY_ESCAPE);
    assert_true(shows(cp_app_frame(app, 1280, 800), "fitted "));

    /* R on the fit screen: back to the defaults. */
    key(app, 'f');
    key(app, 'r');
    assert_false(stored_fit(&fit));
    cp_fsrs_params def;
    cp_fsrs_default_params(&def);
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        assert_true(cp_learner_params(app->learner)->w[i] == def.w[i]);
    assert_true(shows(cp_app_frame(app, 960, 600), "Back to the defaults"));
    cp_app_close(app);
}

/* The app's worker held at its start until the app joins it (the join
 * lets it go first): what the app does before the join then happens before
 * any of the work, however the threads are scheduled. Without it, a cancel
 * "at once" lost the race now and then under valgrind. */
static cp_threads held_real;
static int (*held_fn)(void *);
static void *held_arg;
static atomic_bool held_go;

static int held_work(void *unused)
{
    (void)unused;
    while (!atomic_load(&held_go))
        usleep(1000);
    return held_fn(held_arg);
}

static void *held_start(int (*fn)(void *arg), void *arg)
{
    held_fn = fn;
    held_arg = arg;
    atomic_store(&held_go, false);
    return held_real.start(held_work, NULL);
}

static void held_join(void *thread)
{
    atomic_store(&held_go, true);
    held_real.join(thread);
}

static void test_fit_cancelled_or_closed_changes_nothing(void **state)
{
    (void)state;
    store_history();
    cp_app *app = open_app();
    assert_non_null(app->threads.start);
    held_real = app->threads;
    app->threads = (cp_threads){held_start, held_join};
    cp_app_show(app, "fit");
    cp_app_frame(app, 1280, 800);
    key(app, CP_KEY_ENTER);
    key(app, 'c'); /* before any of the work */
    assert_false(app->fit.running);
    assert_int_equal(app->fit.status, CP_ERR_CANCELLED);
    assert_true(shows(cp_app_frame(app, 960, 600), "Cancelled: nothing changed."));
    cp_store_fit fit;
    assert_false(stored_fit(&fit));
    /* Closing the app while a fit runs stops it and closes the store
     * cleanly (the clean-close stamp is written). */
    key(app, CP_KEY_ENTER);
    assert_true(app->fit.running);
    cp_app_close(app);
    char stamp[400];
    snprintf(stamp, sizeof stamp, "%s/progress.db.checked", cp_test_dir);
    assert_true(cp_platform_exists(stamp));
    assert_false(stored_fit(&fit));
}

/* The learner's own decks (DATA_DIR/decks) with a broken card: Home counts
 * their cards beside the bank's and shows a one-line notice, at every size;
 * the bank is all there. Without errors, no notice. */
static void test_learner_decks_on_home(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/decks", cp_test_dir);
    assert_int_equal(cp_platform_mkdir(path), 0);
    snprintf(path, sizeof path, "%s/decks/mine.md", cp_test_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("## mine-one\ndomain: 1; task: 1.2; type: flashcard; difficulty: easy\n\nFront\n\n> Back\n\n"
          "## mine-two\ndomain: 4; task: 4.2; type: flashcard; difficulty: easy\n\nFront\n\n> Back\n\n"
          "## mine-bad\ndomain: 4; task: 1.1; type: flashcard; difficulty: easy\n\nFront\n\n> Back\n", f);
    fclose(f);

    cp_app *reference = cp_app_open(&(cp_app_options){.data_dir = cp_test_dir, .deck_dir = decks, .learner_decks = "/nonexistent",
                                                      .mute = true}, false, &(int){0}, (char[256]){0}, 256);
    assert_non_null(reference);
    size_t bank = cp_deck_count(reference->deck);
    cp_app_close(reference);

    cp_app *app = open_app();
    assert_int_equal(app->n_sources, 2);
    assert_int_equal(app->sources[0].cards, bank);
    assert_int_equal(app->sources[1].cards, 2);
    assert_int_equal(app->sources[1].skipped, 1);
    assert_int_equal(cp_deck_count(app->deck), bank + 2);
    char count[64];
    snprintf(count, sizeof count, "%zu cards + 2 yours", bank);
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        assert_true(cp_app_show(app, "home"));
        const cp_draw_list *list = cp_app_frame(app, sizes[z][0], sizes[z][1]);
        check_layout(list, sizes[z][0], sizes[z][1], "home with the learner's decks");
        assert_true(frame_says(list, count));
        assert_true(frame_says(list, "Your decks: 1 card skipped for errors"));
    }
    cp_app_close(app);

    f = fopen(path, "w");
    assert_non_null(f);
    fputs("## mine-one\ndomain: 1; task: 1.2; type: flashcard; difficulty: easy\n\nFront\n\n> Back\n", f);
    fclose(f);
    app = open_app();
    assert_true(cp_app_show(app, "home"));
    const cp_draw_list *list = cp_app_frame(app, 1280, 800);
    snprintf(count, sizeof count, "%zu cards + 1 yours", bank);
    assert_true(frame_says(list, count));
    assert_false(frame_says(list, "Your decks:"));
    cp_app_close(app);
}

/* In a window, Home's first frame comes before the readiness meter (it
 * reads every first exposure): that frame says so ("Working it out...",
 * drawn word by word) and asks for another,
 * which brings the meter; both fit every size. Back on Home the old meter
 * shows meanwhile. A screenshot (no window) has the meter in its only
 * frame. */
static void test_home_first_frame_before_the_meter(void **state)
{
    (void)state;
    cp_app *app = open_app();
    assert_true(cp_app_show(app, "home"));
    const cp_draw_list *list = cp_app_frame(app, 1280, 800);
    assert_true(frame_says(list, "Pass chance"));
    assert_false(frame_says(list, "Working"));
    app->progressive = true;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        assert_true(cp_app_show(app, "home"));
        list = cp_app_frame(app, sizes[z][0], sizes[z][1]);
        check_layout(list, sizes[z][0], sizes[z][1], "home before its meter");
        assert_true(frame_says(list, "Working"));
        assert_false(frame_says(list, "Pass chance"));
        assert_true(app->animating);
        list = cp_app_frame(app, sizes[z][0], sizes[z][1]);
        check_layout(list, sizes[z][0], sizes[z][1], "home with its meter");
        assert_false(frame_says(list, "Working"));
        assert_true(frame_says(list, "Pass chance"));
    }
    /* Back on Home from another screen: the meter it showed stays up for
     * the frame before the new one (no "Working it out" flash). */
    key(app, 's');
    assert_string_equal(cp_app_screen(app), "stats");
    key(app, CP_KEY_ESCAPE);
    assert_string_equal(cp_app_screen(app), "home");
    assert_true(frame_says(&app->ui.list, "Pass chance"));
    assert_false(frame_says(&app->ui.list, "Working"));
    assert_true(app->animating);
    list = cp_app_frame(app, 1280, 800);
    assert_true(frame_says(list, "Pass chance"));
    assert_false(app->animating);
    cp_app_close(app);
}

/* Home left open over the start of a learning day: it asks to be woken
 * then, and the frame after shows the new day (the game moved to it, the
 * answer of the day before no longer counted as today's). */
static void test_home_moves_to_the_next_day(void **state)
{
    (void)state;
    cp_app *app = open_app();
    assert_true(cp_app_show(app, "home"));
    const cp_draw_list *list = cp_app_frame(app, 1280, 800);
    key(app, CP_KEY_ENTER); /* the drill: one answer */
    assert_string_equal(cp_app_screen(app), "drill");
    key(app, 'a');
    key(app, 'b');
    key(app, CP_KEY_SPACE);
    key(app, CP_KEY_ENTER);
    assert_int_equal(review_count(), 1);
    key(app, CP_KEY_ESCAPE);
    assert_string_equal(cp_app_screen(app), "home");
    list = cp_app_frame(app, 1280, 800);
    const cp_game_state *g = cp_learner_game(app->learner);
    int32_t day = g->today;
    assert_int_equal(g->today_record.reviews, 1);
    assert_true(frame_says(list, "1 answered today"));
    cp_time end = cp_learner_day_end(app->learner, app->now);
    assert_int_equal(app->wake_at, end);
    cp_app_set_now(app, end - 1);
    list = cp_app_frame(app, 1280, 800);
    assert_int_equal(cp_learner_game(app->learner)->today, day);
    assert_true(frame_says(list, "1 answered today"));
    cp_app_set_now(app, end + 1);
    list = cp_app_frame(app, 1280, 800);
    g = cp_learner_game(app->learner);
    assert_int_equal(g->today, day + 1);
    assert_int_equal(g->today_record.reviews, 0);
    assert_false(frame_says(list, "answered today"));
    assert_int_equal(app->wake_at, cp_learner_day_end(app->learner, app->now));
    assert_true(app->wake_at > end);
    cp_app_close(app);
}

/* Two drill misses of one pair, written through the core before the app
 * opens: Statistics shows the pair at every size; the drill brings a card
 * that separates the two first, and a third miss of it is named. */
static void test_mixups_on_statistics(void **state)
{
    (void)state;
    const int64_t now = 1795000000;
    cp_deck *deck;
    const char *paths[] = {decks};
    assert_int_equal(cp_deck_load(paths, 1, &deck, NULL), CP_OK);
    cp_store *store;
    assert_int_equal(cp_store_open(cp_test_dir, NULL, &store, NULL), CP_OK);
    cp_learner *l;
    assert_int_equal(cp_learner_open(store, deck, NULL, now - 3 * 86400, &l, NULL, NULL), CP_OK);
    const cp_confusion *tally;
    assert_int_equal(cp_learner_confusion(l, now - 3 * 86400, &tally, NULL), CP_OK);
    const cp_confusion_map *map = cp_confusion_tally_map(tally);
    /* The first single-answer question with a mapped key and a mapped
     * distractor, and another one setting up the same pair. */
    int32_t keyed = -1, offered = -1;
    size_t found[2], n_found = 0;
    uint32_t wrong[2];
    for (size_t i = 0; i < cp_deck_count(deck) && n_found < 2; i++) {
        const cp_card *c = cp_deck_card(deck, i);
        if (c->type != CP_CARD_SINGLE)
            continue;
        for (size_t k = 0; k < c->n_choices && n_found < 2; k++)
            for (size_t o = 0; o < c->n_choices && n_found < 2; o++) {
                int32_t a = cp_confusion_option(map, i, k), b = cp_confusion_option(map, i, o);
                if (!c->choices[k].correct || c->choices[o].correct || a < 0 || b < 0 || a == b)
                    continue;
                if (n_found == 0) {
                    keyed = a;
                    offered = b;
                }
                if (a == keyed && b == offered && (n_found == 0 || found[0] != i)) {
                    found[n_found] = i;
                    wrong[n_found++] = 1u << o;
                }
            }
        if (n_found == 1 && i > found[0] + 300) {   /* a pair set up once: try the next */
            n_found = 0;
            i = found[0];
        }
    }
    assert_int_equal(n_found, 2);
    for (size_t k = 0; k < 2; k++) {
        char chosen[8];
        cp_exam_chosen_text(wrong[k], chosen, sizeof chosen);
        cp_answer a = {.card = found[k], .chosen = chosen, .duration_ms = 9000, .mode = CP_MODE_DRILL};
        cp_answer_result r;
        assert_int_equal(cp_learner_answer(l, &a, now - (cp_time)(2 - k) * 86400, &r, NULL), CP_OK);
    }
    /* The row starts with the one chosen (the rest may be cut short). */
    char expect[200];
    snprintf(expect, sizeof expect, "%s where", cp_confusion_subject(map, offered)->name);
    cp_learner_free(l);
    cp_store_close(store);
    cp_deck_free(deck);

    cp_app *app = open_app();
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        assert_true(cp_app_show(app, "stats"));
        const cp_draw_list *list = cp_app_frame(app, sizes[z][0], sizes[z][1]);
        check_layout(list, sizes[z][0], sizes[z][1], "stats with a mix-up");
        if (!frame_says(list, "WHAT YOU MIX UP") || !frame_says(list, "2 of 2"))
            fail_msg("no mix-up row at %dx%d (expected '%s')", sizes[z][0], sizes[z][1], expect);
        if (sizes[z][0] >= 1280 && !frame_says(list, expect))
            fail_msg("'%s' not on Statistics at %dx%d", expect, sizes[z][0], sizes[z][1]);
    }

    /* The drill: the first card sets the pair up (the two misses, back in
     * learning); choosing the look-alike again is the third time. */
    assert_true(cp_app_show(app, "drill"));
    cp_app_frame(app, 1280, 800);
    const cp_screen *top = app->stack[app->depth - 1].screen;
    const cp_question_view *q = top->question(app->stack[app->depth - 1].state);
    assert_non_null(q);
    assert_non_null(q->card);
    size_t first = (size_t)(q->card - cp_deck_card(app->deck, 0));
    assert_true(first == found[0] || first == found[1]);
    uint32_t look_alike = wrong[first == found[0] ? 0 : 1];
    uint8_t order[CP_MAX_CHOICES];
    memcpy(order, q->order, sizeof order);
    for (size_t k = 0; k < q->card->n_choices; k++)
        if (look_alike & (1u << order[k]))
            key(app, 'a' + (int)k);
    key(app, CP_KEY_ENTER);
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        const cp_draw_list *list = cp_app_frame(app, sizes[z][0], sizes[z][1]);
        check_layout(list, sizes[z][0], sizes[z][1], "drill answer with a mix-up");
        if (!frame_says(list, "Third time you chose"))
            fail_msg("the drill does not name the mix-up at %dx%d", sizes[z][0], sizes[z][1]);
    }
    cp_app_close(app);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, cp_test_dir_teardown)

CP_TEST_MAIN(NULL, NULL,
             {
                 T(test_every_screen_fits_every_size),
                 T(test_drill_by_keyboard_saves_and_undoes),
                 T(test_settings_change_is_saved),
                 T(test_diagnostic_plan_step_is_saved),
                 T(test_mouse_only_opens_settings_and_goes_back),
                 T(test_second_app_on_same_data_is_refused),
                 T(test_killed_exam_is_recorded_as_abandoned),
                 T(test_mixups_on_statistics),
                 T(test_learner_decks_on_home),
                 T(test_home_first_frame_before_the_meter),
                 T(test_home_moves_to_the_next_day),
                 T(test_fit_runs_while_frames_go_on_then_restores),
                 T(test_fit_cancelled_or_closed_changes_nothing),
             })
