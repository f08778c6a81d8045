/* Settings: what is read back from the store. A damaged or hand-edited
 * value (NaN, an infinity, junk after a number, a number past int, a
 * switch that is not 0 or 1) is read as the default; a number out of range
 * is clamped; cp_settings_clamp never lets a NaN through; a saved set
 * reads back as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/settings.h"
#include "cloudprep/store.h"

typedef struct fixture {
    char dir[64];
    cp_store *store;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cp-settings-test-XXXXXX");
    if (!f || !mkdtemp(f->dir) || cp_store_open(f->dir, NULL, &f->store, NULL) != CP_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cp_store_close(f->store);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void put(fixture *f, const char *key, const char *value)
{
    assert_int_equal(cp_store_set_setting(f->store, key, value, NULL), CP_OK);
}

static cp_settings load(fixture *f)
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
    assert_int_equal(s->new_per_day, d.new_per_day);
    assert_int_equal(s->reviews_per_day, d.reviews_per_day);
    assert_true(s->desired_retention == d.desired_retention);
    assert_int_equal(s->day_start_hour, d.day_start_hour);
    assert_true(s->font_scale == d.font_scale);
    assert_int_equal(s->quiz_seconds, d.quiz_seconds);
    assert_int_equal(s->goal_minutes, d.goal_minutes);
    assert_int_equal(s->sound, d.sound);
    assert_int_equal(s->reduced_motion, d.reduced_motion);
    assert_int_equal(s->short_term, d.short_term);
    assert_string_equal(s->theme, d.theme);
    assert_string_equal(s->exam_date, d.exam_date);
}

static void test_damaged_values_read_as_defaults(void **state)
{
    fixture *f = *state;
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
    fixture *f = *state;
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
    fixture *f = *state;
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_damaged_values_read_as_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_values_are_clamped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_saved_settings_read_back, setup, teardown),
        cmocka_unit_test(test_clamp_never_passes_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
