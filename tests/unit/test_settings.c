/* Settings: the defaults, the clamps, a round trip through a store, the
 * stepping rules of the settings screen and the text it shows, and what is
 * read back from a damaged or hand-edited database. A value that is not
 * one of its kind (NaN, an infinity, junk after a number, a number past
 * int, a switch that is not 0 or 1, a date that does not exist, a 200-byte
 * date) is read as the default; a number out of range is clamped;
 * cp_settings_clamp never lets a NaN through; a saved set reads back as it
 * was. Whatever a key holds, what is loaded is a valid setting. */
#include "cp_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cloudprep/day.h"
#include "cloudprep/settings.h"

/* 2026-01-05 12:00 UTC, for stepping an unset exam date. */
static const cp_time TODAY = 1767614400;

/* Every field inside its documented range, as the app may use it. */
static void assert_valid(const cp_settings *s)
{
    assert_in_range(s->new_per_day, 0, 200);
    assert_in_range(s->reviews_per_day, 10, 2000);
    assert_true(isfinite(s->desired_retention));
    assert_true(s->desired_retention >= 0.70 && s->desired_retention <= 0.97);
    assert_in_range(s->day_start_hour, 0, 23);
    int32_t day;
    if (s->exam_date[0] && !cp_day_parse(s->exam_date, &day))
        fail_msg("exam date '%s' is not a date", s->exam_date);
    assert_true(strcmp(s->theme, "dark") == 0 || strcmp(s->theme, "light") == 0 ||
                strcmp(s->theme, "contrast") == 0);
    assert_true(isfinite(s->font_scale));
    assert_true(s->font_scale >= 0.8 && s->font_scale <= 1.6);
    assert_in_range(s->quiz_seconds, 30, 180);
    assert_in_range(s->goal_minutes, 5, 120);
}

static void assert_same_settings(const cp_settings *a, const cp_settings *b)
{
    assert_int_equal(a->new_per_day, b->new_per_day);
    assert_int_equal(a->reviews_per_day, b->reviews_per_day);
    assert_true(a->desired_retention == b->desired_retention);
    assert_int_equal(a->day_start_hour, b->day_start_hour);
    assert_string_equal(a->exam_date, b->exam_date);
    assert_string_equal(a->theme, b->theme);
    assert_true(a->font_scale == b->font_scale);
    assert_int_equal(a->sound, b->sound);
    assert_int_equal(a->reduced_motion, b->reduced_motion);
    assert_int_equal(a->quiz_seconds, b->quiz_seconds);
    assert_int_equal(a->short_term, b->short_term);
    assert_int_equal(a->goal_minutes, b->goal_minutes);
    assert_int_equal(a->mock_reserve, b->mock_reserve);
}

static void defaults(void **state)
{
    (void)state;
    cp_settings s;
    memset(&s, 0x5a, sizeof s);
    cp_settings_default(&s);
    assert_int_equal(s.new_per_day, 20);
    assert_int_equal(s.reviews_per_day, 200);
    assert_true(s.desired_retention == 0.90);
    assert_int_equal(s.day_start_hour, 4);
    assert_string_equal(s.exam_date, "");
    assert_string_equal(s.theme, "dark");
    assert_true(s.font_scale == 1.0);
    assert_true(s.sound);
    assert_false(s.reduced_motion);
    assert_int_equal(s.quiz_seconds, 83);
    assert_false(s.short_term);
    assert_int_equal(s.goal_minutes, 15);
    assert_true(s.mock_reserve);
    assert_valid(&s);
    /* The defaults are inside the clamps: clamping changes nothing. */
    cp_settings c = s;
    cp_settings_clamp(&c);
    assert_same_settings(&c, &s);
}

/* s clamped is want, field by field. */
static void clamps_to(cp_settings s, cp_settings want)
{
    cp_settings_clamp(&s);
    assert_same_settings(&s, &want);
}

static void clamps(void **state)
{
    (void)state;
    /* One past each end, then each end itself. */
    clamps_to((cp_settings){.new_per_day = -1,
                            .reviews_per_day = 9,
                            .desired_retention = 0.5,
                            .day_start_hour = -3,
                            .font_scale = 0.1,
                            .quiz_seconds = 29,
                            .goal_minutes = 4,
                            .theme = "dark"},
              (cp_settings){.new_per_day = 0,
                            .reviews_per_day = 10,
                            .desired_retention = 0.70,
                            .day_start_hour = 0,
                            .font_scale = 0.8,
                            .quiz_seconds = 30,
                            .goal_minutes = 5,
                            .theme = "dark"});
    clamps_to((cp_settings){.new_per_day = 201,
                            .reviews_per_day = 2001,
                            .desired_retention = 0.98,
                            .day_start_hour = 24,
                            .font_scale = 1.7,
                            .quiz_seconds = 181,
                            .goal_minutes = 121,
                            .theme = "light"},
              (cp_settings){.new_per_day = 200,
                            .reviews_per_day = 2000,
                            .desired_retention = 0.97,
                            .day_start_hour = 23,
                            .font_scale = 1.6,
                            .quiz_seconds = 180,
                            .goal_minutes = 120,
                            .theme = "light"});
    cp_settings ends = {.new_per_day = 0,
                        .reviews_per_day = 2000,
                        .desired_retention = 0.70,
                        .day_start_hour = 23,
                        .font_scale = 1.6,
                        .quiz_seconds = 30,
                        .goal_minutes = 120,
                        .theme = "contrast"};
    clamps_to(ends, ends);
    /* (NaN and the infinities: test_clamp_never_passes_nan.) */
    cp_settings s;
    cp_settings_default(&s);
    /* Unknown themes are dark; dates that are not real dates are unset. */
    snprintf(s.theme, sizeof s.theme, "neon");
    snprintf(s.exam_date, sizeof s.exam_date, "2026-02-30");
    cp_settings_clamp(&s);
    assert_string_equal(s.theme, "dark");
    assert_string_equal(s.exam_date, "");
    snprintf(s.theme, sizeof s.theme, "contrast");
    snprintf(s.exam_date, sizeof s.exam_date, "2028-02-29"); /* a leap day */
    cp_settings_clamp(&s);
    assert_string_equal(s.theme, "contrast");
    assert_string_equal(s.exam_date, "2028-02-29");
    assert_valid(&s);
}

static void round_trip_through_a_store(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    cp_settings fresh, want, got;
    /* Nothing stored: the defaults. */
    cp_settings_default(&fresh);
    memset(&got, 0x5a, sizeof got);
    assert_int_equal(cp_settings_load(store, &got, NULL), CP_OK);
    assert_same_settings(&got, &fresh);
    /* Every field away from its default comes back as saved. */
    want = (cp_settings){.new_per_day = 35,
                         .reviews_per_day = 450,
                         .desired_retention = 0.85,
                         .day_start_hour = 23,
                         .font_scale = 1.3,
                         .sound = false,
                         .reduced_motion = true,
                         .quiz_seconds = 60,
                         .short_term = true,
                         .goal_minutes = 40,
                         .mock_reserve = false};
    snprintf(want.exam_date, sizeof want.exam_date, "2026-03-14");
    snprintf(want.theme, sizeof want.theme, "contrast");
    assert_int_equal(cp_settings_save(store, &want, NULL), CP_OK);
    assert_int_equal(cp_settings_load(store, &got, NULL), CP_OK);
    assert_same_settings(&got, &want);
    /* Stored as text under their keys, readable by any tool. */
    char v[64];
    bool found;
    assert_int_equal(cp_store_get_setting(store, "daily_goal_minutes", v, sizeof v, &found, NULL),
                     CP_OK);
    assert_true(found);
    assert_string_equal(v, "40");
    assert_int_equal(cp_store_get_setting(store, "desired_retention", v, sizeof v, &found, NULL),
                     CP_OK);
    assert_string_equal(v, "0.85");
    /* One key set by hand: only that one changes. */
    assert_int_equal(cp_store_set_setting(store, "theme", "light", NULL), CP_OK);
    assert_int_equal(cp_settings_load(store, &got, NULL), CP_OK);
    snprintf(want.theme, sizeof want.theme, "light");
    assert_same_settings(&got, &want);
    /* An unset exam date round-trips as unset. */
    want.exam_date[0] = '\0';
    assert_int_equal(cp_settings_save(store, &want, NULL), CP_OK);
    assert_int_equal(cp_settings_load(store, &got, NULL), CP_OK);
    assert_string_equal(got.exam_date, "");
    cp_store_close(store);
}

/* Steps taken one after another from the defaults: n steps of dir on a
 * row, then what the row shows. */
static const struct step {
    int row, dir, n;
    const char *shown;
} steps[] = {
    /* Counts step by 5 or 50 and stop at their ends. */
    {CP_SETTING_NEW_PER_DAY, 1, 1, "25"},
    {CP_SETTING_NEW_PER_DAY, -1, 10, "0"},
    {CP_SETTING_NEW_PER_DAY, 1, 50, "200"},
    {CP_SETTING_REVIEWS_PER_DAY, 1, 1, "250"},
    {CP_SETTING_REVIEWS_PER_DAY, -1, 10, "10"},
    {CP_SETTING_REVIEWS_PER_DAY, 1, 100, "2000"},
    {CP_SETTING_QUIZ_PACE, 1, 1, "88 s per question"},
    {CP_SETTING_QUIZ_PACE, -1, 20, "30 s per question"},
    {CP_SETTING_QUIZ_PACE, 1, 40, "180 s per question"},
    {CP_SETTING_GOAL, 1, 1, "drill or 20 min"},
    {CP_SETTING_GOAL, -1, 10, "drill or 5 min"},
    {CP_SETTING_GOAL, 1, 30, "drill or 120 min"},
    /* Doubles stay on their grid: 0.90 + 0.01 is 91%, not 90.99...%. */
    {CP_SETTING_RETENTION, 1, 1, "91%"},
    {CP_SETTING_RETENTION, 1, 10, "97%"},
    {CP_SETTING_RETENTION, -1, 40, "70%"},
    {CP_SETTING_FONT_SCALE, 1, 3, "130%"},
    {CP_SETTING_FONT_SCALE, -1, 9, "80%"},
    {CP_SETTING_FONT_SCALE, 1, 20, "160%"},
    /* The day start wraps around midnight both ways. */
    {CP_SETTING_DAY_START, -1, 5, "23:00"},
    {CP_SETTING_DAY_START, 1, 1, "00:00"},
    /* Themes cycle both ways; switches toggle whatever the direction. */
    {CP_SETTING_THEME, 1, 1, "Light"},
    {CP_SETTING_THEME, 1, 1, "High contrast"},
    {CP_SETTING_THEME, 1, 1, "Dark"},
    {CP_SETTING_THEME, -1, 1, "High contrast"},
    {CP_SETTING_SOUND, 1, 1, "Off"},
    {CP_SETTING_SOUND, -1, 1, "On"},
    {CP_SETTING_REDUCED_MOTION, -1, 1, "On"},
    {CP_SETTING_REDUCED_MOTION, 1, 1, "Off"},
    {CP_SETTING_MOCK_RESERVE, 1, 1, "Off"},
    {CP_SETTING_MOCK_RESERVE, -1, 1, "On"},
    /* An unset exam date starts six weeks from today, then moves by weeks
     * across months and years. */
    {CP_SETTING_EXAM_DATE, 1, 0, "not set"},
    {CP_SETTING_EXAM_DATE, 1, 1, "2026-02-16"},
    {CP_SETTING_EXAM_DATE, -1, 1, "2026-02-09"},
    {CP_SETTING_EXAM_DATE, 1, 3, "2026-03-02"},
    {CP_SETTING_EXAM_DATE, 1, 44, "2027-01-04"},
};

static void stepping_rules(void **state)
{
    (void)state;
    cp_settings s;
    cp_settings_default(&s);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        const struct step *st = &steps[i];
        char shown[64];
        for (int k = 0; k < st->n; k++)
            cp_settings_step(&s, st->row, st->dir, TODAY);
        cp_settings_value(&s, st->row, shown, sizeof shown);
        if (strcmp(shown, st->shown) != 0)
            fail_msg("step %zu: row %d shows '%s', not '%s'", i, st->row, shown, st->shown);
    }
    /* The grid holds the exact decimal, not a sum of steps. */
    cp_settings g;
    cp_settings_default(&g);
    cp_settings_step(&g, CP_SETTING_RETENTION, 1, TODAY);
    assert_true(g.desired_retention == 0.91);
    for (int k = 0; k < 21; k++)
        cp_settings_step(&g, CP_SETTING_RETENTION, -1, TODAY);
    assert_true(g.desired_retention == 0.70);
    for (int k = 0; k < 3; k++)
        cp_settings_step(&g, CP_SETTING_FONT_SCALE, 1, TODAY);
    assert_true(g.font_scale == 1.3);
    assert_valid(&s);
    /* Rows outside the table: no label, no help, no change. */
    cp_settings before = s;
    char text[16];
    cp_settings_step(&s, CP_SETTING_COUNT, 1, TODAY);
    cp_settings_step(&s, -1, 1, TODAY);
    assert_same_settings(&s, &before);
    cp_settings_value(&s, CP_SETTING_COUNT, text, sizeof text);
    assert_string_equal(text, "?");
    assert_string_equal(cp_settings_label(CP_SETTING_COUNT), "");
    assert_string_equal(cp_settings_help(-1), "");
    for (int row = 0; row < CP_SETTING_COUNT; row++) {
        assert_true(cp_settings_label(row)[0] != '\0');
        assert_true(cp_settings_help(row)[0] != '\0');
    }
}

/* A hand-edited key: (key, text stored, what the field must then be, in
 * cp_settings_value's words for its row). */
typedef struct garbage {
    const char *key, *text;
    int row;
    const char *shown;
} garbage;

static const garbage hand_edits[] = {
    /* Not numbers at all: the default. */
    {"desired_retention", "nan", CP_SETTING_RETENTION, "90%"},
    {"desired_retention", "NaN", CP_SETTING_RETENTION, "90%"},
    {"desired_retention", "-nan", CP_SETTING_RETENTION, "90%"},
    {"font_scale", "nan", CP_SETTING_FONT_SCALE, "100%"},
    {"font_scale", "inf", CP_SETTING_FONT_SCALE, "100%"},
    {"font_scale", "-Infinity", CP_SETTING_FONT_SCALE, "100%"},
    {"font_scale", "1e999", CP_SETTING_FONT_SCALE, "100%"},
    {"desired_retention", "abc", CP_SETTING_RETENTION, "90%"},
    {"desired_retention", "", CP_SETTING_RETENTION, "90%"},
    {"desired_retention", "0.85%", CP_SETTING_RETENTION, "90%"},
    {"new_per_day", "abc", CP_SETTING_NEW_PER_DAY, "20"},
    {"new_per_day", "", CP_SETTING_NEW_PER_DAY, "20"},
    {"new_per_day", "12abc", CP_SETTING_NEW_PER_DAY, "20"},
    {"new_per_day", "1e999", CP_SETTING_NEW_PER_DAY, "20"},
    {"new_per_day", "nan", CP_SETTING_NEW_PER_DAY, "20"},
    {"reviews_per_day", "many", CP_SETTING_REVIEWS_PER_DAY, "200"},
    {"day_start_hour", "four", CP_SETTING_DAY_START, "04:00"},
    {"quiz_seconds", "0x50", CP_SETTING_QUIZ_PACE, "83 s per question"},
    {"daily_goal_minutes", "fifteen", CP_SETTING_GOAL, "drill or 15 min"},
    {"sound", "yes", CP_SETTING_SOUND, "On"},
    {"sound", "", CP_SETTING_SOUND, "On"},
    {"reduced_motion", "2", CP_SETTING_REDUCED_MOTION, "Off"},
    {"mock_reserve", "no", CP_SETTING_MOCK_RESERVE, "On"},
    /* Past int is damage too, not a big number. */
    {"new_per_day", "99999999999999999999999", CP_SETTING_NEW_PER_DAY, "20"},
    {"new_per_day", "-99999999999999999999999", CP_SETTING_NEW_PER_DAY, "20"},
    {"reviews_per_day", "3000000000", CP_SETTING_REVIEWS_PER_DAY, "200"},
    {"new_per_day", " 30 ", CP_SETTING_NEW_PER_DAY, "20"},
    {"theme", "purple", CP_SETTING_THEME, "Dark"},
    {"theme", "", CP_SETTING_THEME, "Dark"},
    {"theme", "light and more", CP_SETTING_THEME, "Dark"},
    /* Numbers out of range: clamped. */
    {"new_per_day", "-5", CP_SETTING_NEW_PER_DAY, "0"},
    {"reviews_per_day", "2147483647", CP_SETTING_REVIEWS_PER_DAY, "2000"},
    {"desired_retention", "1e300", CP_SETTING_RETENTION, "97%"},
    {"desired_retention", "-0.5", CP_SETTING_RETENTION, "70%"},
    {"font_scale", "9", CP_SETTING_FONT_SCALE, "160%"},
    {"day_start_hour", "24", CP_SETTING_DAY_START, "23:00"},
    {"day_start_hour", "-1", CP_SETTING_DAY_START, "00:00"},
    {"quiz_seconds", "100000", CP_SETTING_QUIZ_PACE, "180 s per question"},
    {"daily_goal_minutes", "0", CP_SETTING_GOAL, "drill or 5 min"},
    /* Numbers as a person might type them. */
    {"new_per_day", "30", CP_SETTING_NEW_PER_DAY, "30"},
    {"desired_retention", "0.8", CP_SETTING_RETENTION, "80%"},
    {"font_scale", "1.2e0", CP_SETTING_FONT_SCALE, "120%"},
    {"sound", "0", CP_SETTING_SOUND, "Off"},
    /* Dates: only a real day, written YYYY-MM-DD. */
    {"exam_date", "2026-05-01", CP_SETTING_EXAM_DATE, "2026-05-01"},
    {"exam_date", "2026-05-01 09:00", CP_SETTING_EXAM_DATE, "not set"},
    {"exam_date", "2026-02-29", CP_SETTING_EXAM_DATE, "not set"},
    {"exam_date", "2026-04-31", CP_SETTING_EXAM_DATE, "not set"},
    {"exam_date", "2026-13-01", CP_SETTING_EXAM_DATE, "not set"},
    {"exam_date", "2026-+1-01", CP_SETTING_EXAM_DATE, "not set"},
    {"exam_date", "2026-1-011", CP_SETTING_EXAM_DATE, "not set"},
    {"exam_date", "1999-12-31", CP_SETTING_EXAM_DATE, "not set"},
    {"exam_date", "tomorrow", CP_SETTING_EXAM_DATE, "not set"},
};

static void hand_edited_values_are_valid(void **state)
{
    (void)state;
    cp_store *store = cp_test_store_open(cp_test_dir);
    char shown[64];
    for (size_t i = 0; i < sizeof hand_edits / sizeof hand_edits[0]; i++) {
        const garbage *g = &hand_edits[i];
        assert_int_equal(cp_store_set_setting(store, g->key, g->text, NULL), CP_OK);
        cp_settings s;
        assert_int_equal(cp_settings_load(store, &s, NULL), CP_OK);
        assert_valid(&s);
        cp_settings_value(&s, g->row, shown, sizeof shown);
        if (strcmp(shown, g->shown) != 0)
            fail_msg("%s = '%s' shows '%s', not '%s'", g->key, g->text, shown, g->shown);
        /* Back to the default text, so each case stands alone. */
        cp_settings d;
        cp_settings_default(&d);
        assert_int_equal(cp_settings_save(store, &d, NULL), CP_OK);
    }
    /* A 200-byte date that starts like a real one, and a 200-byte theme. */
    char long_text[201];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    memcpy(long_text, "2026-05-01", 10);
    assert_int_equal(cp_store_set_setting(store, "exam_date", long_text, NULL), CP_OK);
    memcpy(long_text, "light", 5);
    assert_int_equal(cp_store_set_setting(store, "theme", long_text, NULL), CP_OK);
    cp_settings s;
    assert_int_equal(cp_settings_load(store, &s, NULL), CP_OK);
    assert_valid(&s);
    assert_string_equal(s.exam_date, "");
    assert_string_equal(s.theme, "dark");
    /* Every key garbage at once: all defaults. */
    const char *keys[] = {"new_per_day",    "reviews_per_day", "desired_retention",
                          "day_start_hour", "exam_date",       "theme",
                          "font_scale",     "sound",           "reduced_motion",
                          "quiz_seconds",   "short_term",      "daily_goal_minutes"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        assert_int_equal(cp_store_set_setting(store, keys[k], "nan", NULL), CP_OK);
    cp_settings d;
    cp_settings_default(&d);
    assert_int_equal(cp_settings_load(store, &s, NULL), CP_OK);
    assert_same_settings(&s, &d);
    /* Stepping from what was loaded stays valid too. */
    for (int row = 0; row < CP_SETTING_COUNT; row++) {
        cp_settings_step(&s, row, 1, TODAY);
        assert_valid(&s);
    }
    cp_store_close(store);
}

/* ---- damaged values, a whole set at a time -------------------------------- */

/* A store of its own and no cards. */
static cp_test_fixture store_only = {NULL, 0, NULL, NULL};

static void put(cp_test_fixture *f, const char *key, const char *value)
{
    assert_int_equal(cp_store_set_setting(f->store, key, value, NULL), CP_OK);
}

static cp_settings load(cp_test_fixture *f)
{
    cp_settings s;
    cp_error err = {0};
    assert_int_equal(cp_settings_load(f->store, &s, &err), CP_OK);
    return s;
}

static void assert_defaults(const cp_settings *s)
{
    cp_settings d;
    cp_settings_default(&d);
    assert_same_settings(s, &d);
}

static void test_damaged_values_read_as_defaults(void **state)
{
    cp_test_fixture *f = *state;
    /* Not a number for either kind; the last two only for a whole number
     * (past int), as a real number they are merely out of range. */
    static const char *const numbers[] = {"nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e999",
                                          "-1e999", "12abc", " ", "", "0x", "1.5.2", "--3",
                                          "99999999999", "-99999999999"};
    static const char *const ints[] = {"new_per_day", "reviews_per_day", "day_start_hour",
                                       "quiz_seconds", "daily_goal_minutes"};
    static const char *const reals[] = {"desired_retention", "font_scale"};
    size_t n = sizeof numbers / sizeof numbers[0];
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++)
            put(f, ints[k], numbers[i]);
        for (size_t k = 0; k < sizeof reals / sizeof reals[0]; k++)
            put(f, reals[k], i < n - 2 ? numbers[i] : "junk");
        put(f, "sound", i % 2 ? "yes" : "2");
        put(f, "reduced_motion", i % 2 ? "true" : "");
        put(f, "short_term", numbers[i]);
        put(f, "theme", "purple");
        put(f, "exam_date", "2027-13-45");
        cp_settings s = load(f);
        assert_true(isfinite(s.desired_retention) && isfinite(s.font_scale));
        assert_defaults(&s);
    }
}

static void test_out_of_range_values_are_clamped(void **state)
{
    cp_test_fixture *f = *state;
    put(f, "new_per_day", "-5");
    put(f, "reviews_per_day", "2147483647");
    put(f, "desired_retention", "0.5");
    put(f, "day_start_hour", "30");
    put(f, "font_scale", "1e300");
    put(f, "quiz_seconds", "-2147483648");
    put(f, "daily_goal_minutes", "121");
    cp_settings s = load(f);
    assert_int_equal(s.new_per_day, 0);
    assert_int_equal(s.reviews_per_day, 2000);
    assert_true(s.desired_retention == 0.70);
    assert_int_equal(s.day_start_hour, 23);
    assert_true(s.font_scale == 1.6);
    assert_int_equal(s.quiz_seconds, 30);
    assert_int_equal(s.goal_minutes, 120);
}

static void test_saved_settings_read_back(void **state)
{
    cp_test_fixture *f = *state;
    cp_settings s;
    cp_settings_default(&s);
    s.new_per_day = 7;
    s.reviews_per_day = 150;
    s.desired_retention = 0.85;
    s.day_start_hour = 0;
    s.font_scale = 1.3;
    s.sound = false;
    s.reduced_motion = true;
    s.short_term = true;
    s.quiz_seconds = 60;
    s.goal_minutes = 30;
    snprintf(s.theme, sizeof s.theme, "contrast");
    snprintf(s.exam_date, sizeof s.exam_date, "2027-05-04");
    assert_int_equal(cp_settings_save(f->store, &s, NULL), CP_OK);
    cp_settings r = load(f);
    assert_int_equal(r.new_per_day, 7);
    assert_int_equal(r.reviews_per_day, 150);
    assert_true(fabs(r.desired_retention - 0.85) < 1e-9);
    assert_int_equal(r.day_start_hour, 0);
    assert_true(fabs(r.font_scale - 1.3) < 1e-9);
    assert_false(r.sound);
    assert_true(r.reduced_motion);
    assert_true(r.short_term);
    assert_int_equal(r.quiz_seconds, 60);
    assert_int_equal(r.goal_minutes, 30);
    assert_string_equal(r.theme, "contrast");
    assert_string_equal(r.exam_date, "2027-05-04");
}

static void test_clamp_never_passes_nan(void **state)
{
    (void)state;
    cp_settings s;
    cp_settings_default(&s);
    s.desired_retention = NAN;
    s.font_scale = -NAN;
    cp_settings_clamp(&s);
    assert_true(s.desired_retention == 0.90);
    assert_true(s.font_scale == 1.0);
    s.desired_retention = INFINITY;
    s.font_scale = -INFINITY;
    cp_settings_clamp(&s);
    assert_true(s.desired_retention == 0.97);
    assert_true(s.font_scale == 0.8);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(defaults),
                 cmocka_unit_test(clamps),
                 cp_test_in_dir(round_trip_through_a_store),
                 cmocka_unit_test(stepping_rules),
                 cp_test_in_dir(hand_edited_values_are_valid),
                 cp_test_with_store(test_damaged_values_read_as_defaults, &store_only),
                 cp_test_with_store(test_out_of_range_values_are_clamped, &store_only),
                 cp_test_with_store(test_saved_settings_read_back, &store_only),
                 cmocka_unit_test(test_clamp_never_passes_nan),
             })
