/* cloudprep core: time in one place. Learning days, calendar dates and
 * local time.
 *
 * cp_time is seconds since the Unix epoch (UTC). A learning day starts at
 * `start_hour` local time (the day_start_hour setting: 0..23, default 4,
 * so an answer at 01:00 belongs to the evening before; 0 is midnight).
 * Day numbers count local calendar days since 1970-01-01: learning day N
 * begins on local date N at start_hour, and cp_day_format(N) is that date.
 *
 * Local time is the clock's offset from UTC at a given instant. Daylight
 * saving time moves it, so a clock can carry a function that answers for
 * any instant (cp_day_system_clock uses the system's time zone); without
 * one, a fixed offset (tests, tools, the simulator). A learning day is then
 * 23 or 25 hours long on the nights the clocks change, as it is for the
 * learner. */
#ifndef CLOUDPREP_DAY_H
#define CLOUDPREP_DAY_H

#include "cloudprep/common.h"

enum {
    CP_DAY_SECONDS = 86400,
    CP_HOUR_SECONDS = 3600,
    CP_DAY_START_HOUR_DEFAULT = 4,
};

/* Seconds east of UTC at instant t. */
typedef int32_t (*cp_utc_offset_fn)(void *ctx, cp_time t);

typedef struct cp_day_clock {
    int start_hour;             /* 0..23 (values outside are clamped) */
    int32_t utc_offset_s;       /* used when offset_at is NULL */
    cp_utc_offset_fn offset_at; /* may be NULL */
    void *ctx;                  /* for offset_at */
} cp_day_clock;

/* The system's local time zone (DST included), with a small cache of its
 * offsets by UTC day so that placing many instants costs little. Owned by
 * the caller; it must outlive the clocks made from it. */
enum { CP_DAY_ZONE_CACHE = 256 };
typedef struct cp_day_zone {
    int64_t utc_day[CP_DAY_ZONE_CACHE];     /* cached UTC day + 1 (0: empty) */
    int32_t offset[CP_DAY_ZONE_CACHE];      /* its offset, when the same all day */
} cp_day_zone;

/* A clock on the system's local time zone, days starting at start_hour. */
cp_day_clock cp_day_system_clock(int start_hour, cp_day_zone *zone);
/* A clock at a fixed offset from UTC. */
cp_day_clock cp_day_fixed_clock(int start_hour, int32_t utc_offset_s);

/* The clock's offset from UTC at t. */
int32_t cp_day_offset(const cp_day_clock *clock, cp_time t);
/* The learning day holding t (clock NULL: days start at 00:00 UTC). */
int32_t cp_day_of(const cp_day_clock *clock, cp_time t);
/* The instant learning day `day` begins (its end is the next day's begin). */
cp_time cp_day_begin(const cp_day_clock *clock, int32_t day);

/* Floor division (rounds toward minus infinity); b > 0. */
int64_t cp_floor_div(int64_t a, int64_t b);
/* 0 = Monday .. 6 = Sunday. */
int cp_day_weekday(int32_t day);
/* "YYYY-MM-DD" (out holds at least 11 bytes). */
void cp_day_format(int32_t day, char *out, size_t size);
/* Parses "YYYY-MM-DD" (a real calendar date, nothing after it) into *day;
 * false otherwise. */
bool cp_day_parse(const char *text, int32_t *day);
/* Days from one instant to another in whole UTC days, as FSRS counts them
 * (the difference of the day numbers). */
int64_t cp_day_utc_diff(cp_time from, cp_time to);

#endif
