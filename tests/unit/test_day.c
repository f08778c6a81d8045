/* Learning days and dates (day.h): the day-start hour, offsets east and
 * west, dates before 1970 and leap days, and daylight saving time, where a
 * learning day is 23 or 25 hours long and may start inside the hour the
 * clocks skip. */
#include "cp_test.h"

#include <stdlib.h>
#include <string.h>

#include "cloudprep/day.h"
#include "cloudprep/platform.h"

static void learning_days(void **state)
{
    (void)state;
    /* 04:00 day start, UTC+2: 2023-11-15 01:30 local is still the 14th. */
    cp_day_clock clock = cp_day_fixed_clock(4, 7200);
    int32_t d14, d15;
    assert_true(cp_day_parse("2023-11-14", &d14));
    assert_true(cp_day_parse("2023-11-15", &d15));
    assert_int_equal(d15, d14 + 1);
    cp_time local_0130_15th = cp_day_begin(NULL, d15) + 5400 - 7200;
    assert_int_equal(cp_day_of(&clock, local_0130_15th), d14);
    cp_time local_0400_15th = cp_day_begin(NULL, d15) + 4 * 3600 - 7200;
    assert_int_equal(cp_day_of(&clock, local_0400_15th), d15);
    assert_int_equal(cp_day_of(&clock, local_0400_15th - 1), d14);
    assert_int_equal(cp_day_begin(&clock, d15), local_0400_15th);
    /* Start hour 0 is midnight (one meaning everywhere); out of range is
     * clamped. */
    cp_day_clock midnight = cp_day_fixed_clock(0, 0);
    assert_int_equal(cp_day_begin(&midnight, d15), (cp_time)d15 * CP_DAY_SECONDS);
    cp_day_clock silly = cp_day_fixed_clock(99, 0);
    assert_int_equal(cp_day_begin(&silly, d15), (cp_time)d15 * CP_DAY_SECONDS + 23 * 3600);
    /* West of UTC, before 1970, leap days. */
    cp_day_clock west = cp_day_fixed_clock(0, -5 * 3600);
    assert_int_equal(cp_day_of(&west, 3600), -1);
    char out[16];
    cp_day_format(-1, out, sizeof out);
    assert_string_equal(out, "1969-12-31");
    int32_t leap;
    assert_true(cp_day_parse("2024-02-29", &leap));
    cp_day_format(leap + 1, out, sizeof out);
    assert_string_equal(out, "2024-03-01");
    assert_false(cp_day_parse("2023-02-29", &leap));
    assert_false(cp_day_parse("2023-13-01", &leap));
    assert_false(cp_day_parse("2023-1-01", &leap));
    assert_false(cp_day_parse("2023-01-01x", &leap));
    assert_false(cp_day_parse("", &leap));
    assert_false(cp_day_parse(NULL, &leap));
    /* 2023-11-13 was a Monday. */
    int32_t mon;
    assert_true(cp_day_parse("2023-11-13", &mon));
    assert_int_equal(cp_day_weekday(mon), 0);
    assert_int_equal(cp_day_weekday(mon + 6), 6);
    assert_int_equal(cp_day_weekday(mon - 1), 6);
    for (int32_t d = -800; d < 30000; d += 37) {
        int32_t back;
        cp_day_format(d, out, sizeof out);
        assert_true(cp_day_parse(out, &back));
        assert_int_equal(back, d);
    }
    /* Floor division and whole UTC days, the way FSRS counts them. */
    assert_int_equal(cp_floor_div(-1, CP_DAY_SECONDS), -1);
    assert_int_equal(cp_floor_div(CP_DAY_SECONDS, CP_DAY_SECONDS), 1);
    assert_int_equal(cp_day_utc_diff(CP_DAY_SECONDS - 1, CP_DAY_SECONDS), 1);
    assert_int_equal(cp_day_utc_diff(10, CP_DAY_SECONDS - 10), 0);
}

/* Central European time: +1 h, +2 h in summer (from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October). 2026: 29
 * March and 25 October. */
static cp_time spring_2026, autumn_2026;

static int32_t cet(void *ctx, cp_time t)
{
    (void)ctx;
    return t >= spring_2026 && t < autumn_2026 ? 7200 : 3600;
}

static int setup_zone(void **state)
{
    (void)state;
    int32_t d;
    if (!cp_day_parse("2026-03-29", &d))
        return -1;
    spring_2026 = (cp_time)d * CP_DAY_SECONDS + 3600;
    if (!cp_day_parse("2026-10-25", &d))
        return -1;
    autumn_2026 = (cp_time)d * CP_DAY_SECONDS + 3600;
    return 0;
}

static void daylight_saving_time(void **state)
{
    (void)state;
    int32_t spring, autumn;
    assert_true(cp_day_parse("2026-03-29", &spring));
    assert_true(cp_day_parse("2026-10-25", &autumn));
    cp_day_clock clock = {.start_hour = 4, .offset_at = cet};
    /* The learning day of 28 March runs from 04:00 CET (03:00 UTC) to
     * 04:00 CEST on the 29th (02:00 UTC): 23 hours. */
    cp_time b28 = cp_day_begin(&clock, spring - 1), b29 = cp_day_begin(&clock, spring);
    assert_int_equal(b28, (cp_time)(spring - 1) * CP_DAY_SECONDS + 3 * 3600);
    assert_int_equal(b29, (cp_time)spring * CP_DAY_SECONDS + 2 * 3600);
    assert_int_equal(b29 - b28, 23 * 3600);
    /* Autumn: the day before the change is 25 h long. */
    cp_time a24 = cp_day_begin(&clock, autumn - 1), a25 = cp_day_begin(&clock, autumn);
    assert_int_equal(a25 - a24, 25 * 3600);
    assert_int_equal(a25, (cp_time)autumn * CP_DAY_SECONDS + 3 * 3600);
    /* Every instant belongs to the day whose beginning precedes it, and
     * a day's first second is its beginning. */
    for (int32_t d = spring - 3; d <= spring + 3; d++) {
        cp_time b = cp_day_begin(&clock, d);
        assert_int_equal(cp_day_of(&clock, b), d);
        assert_int_equal(cp_day_of(&clock, b - 1), d - 1);
    }
    for (int32_t d = autumn - 3; d <= autumn + 3; d++) {
        cp_time b = cp_day_begin(&clock, d);
        assert_int_equal(cp_day_of(&clock, b), d);
        assert_int_equal(cp_day_of(&clock, b - 1), d - 1);
    }
    /* A day that starts inside the skipped hour (02:00 local does not
     * exist on the spring day): it begins at the jump, 01:00 UTC. */
    cp_day_clock two = {.start_hour = 2, .offset_at = cet};
    assert_int_equal(cp_day_begin(&two, spring), spring_2026);
    assert_int_equal(cp_day_of(&two, spring_2026 - 1), spring - 1);
    assert_int_equal(cp_day_of(&two, spring_2026), spring);
}

/* The system zone's cache gives what the zone gives, instant by instant.
 * The zone is the process's own: ctest runs this program twice, with
 * TZ=Europe/Berlin (east, with DST) and TZ=America/Phoenix (west, none),
 * which Linux reads from TZ and Wine gives Windows as the system's zone.
 * A zone cannot be changed from inside the process on Windows, so each
 * case checks the one it was started in and skips the other. */
static bool zone_is(const char *name)
{
    const char *tz = getenv("TZ");
    return tz && strcmp(tz, name) == 0;
}

static void system_clock_in_berlin(void **state)
{
    (void)state;
    if (!zone_is("Europe/Berlin"))
        skip();
    cp_day_zone zone;
    memset(&zone, 0, sizeof zone);
    cp_day_clock sys = cp_day_system_clock(4, &zone);
    cp_day_clock ref = {.start_hour = 4, .offset_at = cet};
    for (cp_time t = spring_2026 - 3 * CP_DAY_SECONDS; t < spring_2026 + 3 * CP_DAY_SECONDS;
         t += 1777) {
        assert_int_equal(cp_day_offset(&sys, t), cp_platform_utc_offset(t));
        assert_int_equal(cp_day_offset(&sys, t), cp_day_offset(&ref, t));
        assert_int_equal(cp_day_of(&sys, t), cp_day_of(&ref, t));
    }
    for (cp_time t = autumn_2026 - 3 * CP_DAY_SECONDS; t < autumn_2026 + 3 * CP_DAY_SECONDS;
         t += 1777) {
        assert_int_equal(cp_day_offset(&sys, t), cp_platform_utc_offset(t));
        assert_int_equal(cp_day_of(&sys, t), cp_day_of(&ref, t));
    }
}

static void system_clock_in_phoenix(void **state)
{
    (void)state;
    if (!zone_is("America/Phoenix"))
        skip();
    cp_day_zone zone;
    memset(&zone, 0, sizeof zone);
    cp_day_clock az = cp_day_system_clock(0, &zone);
    assert_int_equal(cp_day_offset(&az, spring_2026), -7 * 3600);
    assert_int_equal(cp_day_offset(&az, autumn_2026 - 100), -7 * 3600);
    /* 23:30 local on a day is still that day (UTC has moved on). */
    int32_t d;
    assert_true(cp_day_parse("2026-03-29", &d));
    assert_int_equal(cp_day_of(&az, (cp_time)d * CP_DAY_SECONDS + 23 * 3600 + 1800 + 7 * 3600), d);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(learning_days),
                 cmocka_unit_test_setup(daylight_saving_time, setup_zone),
                 cmocka_unit_test_setup(system_clock_in_berlin, setup_zone),
                 cmocka_unit_test_setup(system_clock_in_phoenix, setup_zone),
             })
