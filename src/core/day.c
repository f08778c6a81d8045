/* Learning days and calendar dates.
 *
 * A day number is the local calendar day, shifted back by the day-start
 * hour: floor((t + offset(t) - start_hour * 3600) / 86400). Floor division
 * keeps times before 1970 and negative offsets on the right day. The day's
 * beginning inverts that: a first guess from the offset at the local
 * instant, then a binary search for the first second of the day, which is
 * exact even when the day starts inside a daylight-saving gap (day_of is
 * monotonic in t). Dates use Howard Hinnant's days_from_civil and
 * civil_from_days, exact over the proleptic Gregorian calendar. */
#include "cloudprep/day.h"
#include "cloudprep/platform.h"

#include <stdio.h>
#include <string.h>

int64_t cp_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int32_t system_offset(void *ctx, cp_time t)
{
    cp_day_zone *z = ctx;
    int64_t day = cp_floor_div(t, CP_DAY_SECONDS);
    size_t slot = (size_t)(day & (CP_DAY_ZONE_CACHE - 1));
    if (z && z->utc_day[slot] == day + 1)
        return z->offset[slot];
    /* The whole UTC day has one offset when both ends agree (zones change
     * at most once a day); otherwise ask for this instant. */
    int32_t a = cp_platform_utc_offset(day * CP_DAY_SECONDS);
    int32_t b = cp_platform_utc_offset((day + 1) * CP_DAY_SECONDS - 1);
    if (a != b)
        return cp_platform_utc_offset(t);
    if (z) {
        z->utc_day[slot] = day + 1;
        z->offset[slot] = a;
    }
    return a;
}

static int clamp_hour(int h) { return h < 0 ? 0 : h > 23 ? 23 : h; }

cp_day_clock cp_day_system_clock(int start_hour, cp_day_zone *zone)
{
    return (cp_day_clock){.start_hour = clamp_hour(start_hour), .offset_at = system_offset,
                          .ctx = zone};
}

cp_day_clock cp_day_fixed_clock(int start_hour, int32_t utc_offset_s)
{
    return (cp_day_clock){.start_hour = clamp_hour(start_hour), .utc_offset_s = utc_offset_s};
}

int32_t cp_day_offset(const cp_day_clock *clock, cp_time t)
{
    if (!clock)
        return 0;
    return clock->offset_at ? clock->offset_at(clock->ctx, t) : clock->utc_offset_s;
}

static int64_t shift_of(const cp_day_clock *clock)
{
    return clock ? (int64_t)clamp_hour(clock->start_hour) * CP_HOUR_SECONDS : 0;
}

int32_t cp_day_of(const cp_day_clock *clock, cp_time t)
{
    return (int32_t)cp_floor_div(t + cp_day_offset(clock, t) - shift_of(clock), CP_DAY_SECONDS);
}

cp_time cp_day_begin(const cp_day_clock *clock, int32_t day)
{
    cp_time local = (cp_time)day * CP_DAY_SECONDS + shift_of(clock);
    if (!clock || !clock->offset_at)
        return local - cp_day_offset(clock, 0);
    cp_time guess = local - cp_day_offset(clock, local);
    guess = local - cp_day_offset(clock, guess);
    /* The first instant whose day is `day`, within a few hours of the guess. */
    cp_time lo = guess - 4 * CP_HOUR_SECONDS, hi = guess + 4 * CP_HOUR_SECONDS;
    if (cp_day_of(clock, lo) >= day || cp_day_of(clock, hi) < day)
        return guess;
    while (hi - lo > 1) {
        cp_time mid = lo + (hi - lo) / 2;
        if (cp_day_of(clock, mid) >= day)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

int64_t cp_day_utc_diff(cp_time from, cp_time to)
{
    return cp_floor_div(to, CP_DAY_SECONDS) - cp_floor_div(from, CP_DAY_SECONDS);
}

int cp_day_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int64_t r = ((int64_t)day + 3) % 7;
    return (int)(r < 0 ? r + 7 : r);
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = cp_floor_div(y, 400);
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void cp_day_format(int32_t day, char *out, size_t size)
{
    int64_t z = (int64_t)day + 719468;
    int64_t era = cp_floor_div(z, 146097);
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(out, size, "%04lld-%02u-%02u", (long long)y, m, d);
}

bool cp_day_parse(const char *text, int32_t *day)
{
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return false;
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    unsigned m = (unsigned)((text[5] - '0') * 10 + (text[6] - '0'));
    unsigned d = (unsigned)((text[8] - '0') * 10 + (text[9] - '0'));
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    int32_t n = (int32_t)days_from_civil(y, m, d);
    char back[16];
    cp_day_format(n, back, sizeof back);   /* rejects 2025-02-30 and friends */
    if (strcmp(back, text) != 0)
        return false;
    *day = n;
    return true;
}
