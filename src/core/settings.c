/* Settings: defaults, ranges, text round trip through the store, and the
 * stepping rules the settings screen uses (so no screen owns a range). */
#include "cloudprep/settings.h"
#include "cloudprep/day.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cp_settings_default(cp_settings *s)
{
    *s = (cp_settings){.new_per_day = 20, .reviews_per_day = 200, .desired_retention = 0.90,
                       .day_start_hour = 4, .font_scale = 1.0, .sound = true,
                       .quiz_seconds = 83, .goal_minutes = 15, .mock_reserve = true,
                       .study_minutes = 30};
    snprintf(s->theme, sizeof s->theme, "dark");
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
/* NaN compares false both ways: it takes the default, never passes through. */
static double clampd(double v, double lo, double hi, double fallback)
{
    return isnan(v) ? fallback : v < lo ? lo : v > hi ? hi : v;
}

/* A day that exists, "YYYY-MM-DD", from 2000 to 2100 ("2026-02-30" and
 * "2026-+1-01" are not dates). */
static bool valid_date(const char *d)
{
    int32_t day;
    return cp_day_parse(d, &day) && strncmp(d, "2000", 4) >= 0 && strncmp(d, "2100", 4) <= 0;
}

void cp_settings_clamp(cp_settings *s)
{
    cp_settings def;
    cp_settings_default(&def);
    s->new_per_day = clampi(s->new_per_day, 0, 200);
    s->reviews_per_day = clampi(s->reviews_per_day, 10, 2000);
    s->desired_retention = clampd(s->desired_retention, 0.70, 0.97, def.desired_retention);
    s->day_start_hour = clampi(s->day_start_hour, 0, 23);
    s->font_scale = clampd(s->font_scale, 0.8, 1.6, def.font_scale);
    s->quiz_seconds = clampi(s->quiz_seconds, 30, 180);
    s->goal_minutes = clampi(s->goal_minutes, 5, 120);
    s->study_minutes = clampi(s->study_minutes, 10, 120);
    if (strcmp(s->theme, "dark") && strcmp(s->theme, "light") && strcmp(s->theme, "contrast"))
        snprintf(s->theme, sizeof s->theme, "dark");
    if (s->exam_date[0] && !valid_date(s->exam_date))
        s->exam_date[0] = '\0';
}

#define KEYS(X) \
    X("new_per_day", INT, new_per_day) X("reviews_per_day", INT, reviews_per_day) \
    X("desired_retention", DBL, desired_retention) X("day_start_hour", INT, day_start_hour) \
    X("exam_date", STR, exam_date) X("theme", STR, theme) X("font_scale", DBL, font_scale) \
    X("sound", BOOL, sound) X("reduced_motion", BOOL, reduced_motion) \
    X("quiz_seconds", INT, quiz_seconds) X("short_term", BOOL, short_term) \
    X("daily_goal_minutes", INT, goal_minutes) X("mock_reserve", BOOL, mock_reserve) \
    X("study_minutes", INT, study_minutes)

/* A stored number is taken only when all of it is one (and finite), a
 * switch only when it is "0" or "1": a damaged or hand-edited value ("nan",
 * "1e999", "12abc", a number past int, "yes") keeps the default, and
 * cp_settings_clamp bounds the rest. */
static void read_int(const char *v, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (!errno && end != v && !*end && x >= INT_MIN && x <= INT_MAX)
        *out = (int)x;
}

static void read_double(const char *v, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (!errno && end != v && !*end && isfinite(x))
        *out = x;
}

/* Text whole or not at all: cut to its field, a 200-byte value could pass
 * for a date ("2026-05-01xxx..." as "2026-05-01"). */
static void read_text(const char *v, char *out, size_t size)
{
    size_t len = strlen(v);
    if (len < size)
        memcpy(out, v, len + 1);
}

cp_status cp_settings_load(cp_store *store, cp_settings *s, cp_error *err)
{
    cp_settings_default(s);
    char v[64];
    bool found;
    cp_status st;
#define INT(f) read_int(v, &s->f)
#define DBL(f) read_double(v, &s->f)
#define BOOL(f) if (strcmp(v, "1") == 0 || strcmp(v, "0") == 0) s->f = v[0] == '1'
#define STR(f) read_text(v, s->f, sizeof s->f)
#define LOAD(key, kind, f) \
    if ((st = cp_store_get_setting(store, key, v, sizeof v, &found, err)) != CP_OK) return st; \
    if (found) { kind(f); }
    KEYS(LOAD)
#undef LOAD
#undef INT
#undef DBL
#undef BOOL
#undef STR
    cp_settings_clamp(s);
    return CP_OK;
}

cp_status cp_settings_save(cp_store *store, const cp_settings *s, cp_error *err)
{
    char v[64];
    cp_status st;
#define INT(f) snprintf(v, sizeof v, "%d", s->f)
#define DBL(f) snprintf(v, sizeof v, "%.4g", s->f)
#define BOOL(f) snprintf(v, sizeof v, "%d", s->f ? 1 : 0)
#define STR(f) snprintf(v, sizeof v, "%s", s->f)
#define SAVE(key, kind, f) \
    kind(f); \
    if ((st = cp_store_set_setting(store, key, v, err)) != CP_OK) return st;
    KEYS(SAVE)
#undef SAVE
#undef INT
#undef DBL
#undef BOOL
#undef STR
    return CP_OK;
}

static const char *labels[CP_SETTING_COUNT] = {
    "New cards per day", "Reviews per day", "Desired retention", "Exam date", "Study time a day",
    "Theme",
    "Text size", "Sound", "Reduced motion", "Quiz pace", "Day starts at", "Daily goal",
    "Fresh mock reserve",
};
static const char *helps[CP_SETTING_COUNT] = {
    ("New cards a day, spread over the domains by exam weight. With an exam date the study "
     "plan sets the number from Study time a day; 0 turns new cards off either way."),
    "Most reviews shown in one day; the most overdue come first.",
    "How likely you should still remember a card when it comes due. Higher means more reviews.",
    "Your booked exam date; the study plan and mock-exam reminders count down to it.",
    ("The minutes you can give the drill each day: the study plan fits its new cards and "
     "reviews into them and shows where that leads by your exam date (Daily goal is only "
     "the streak's bar)."),
    "Dark, light or high contrast.",
    "Scales every text on screen.",
    "Short synthesized sounds for right, wrong and achievements.",
    "Turns off animations (card flips, confetti).",
    "Seconds per question in timed quiz rounds (the real exam allows about 83).",
    "When a new learning day begins, local time.",
    ("A day counts for your streak when you finish its drill or study this many minutes "
     "(the streak's bar; the study plan uses Study time a day)."),
    "Keeps some questions out of the drill so mock exams ask ones you have never seen.",
};

const char *cp_settings_label(int row) { return row >= 0 && row < CP_SETTING_COUNT ? labels[row] : ""; }
const char *cp_settings_help(int row) { return row >= 0 && row < CP_SETTING_COUNT ? helps[row] : ""; }

static void date_add_days(const char *from, cp_time today, int days, char out[11])
{
    int32_t day;
    if (from[0] && cp_day_parse(from, &day))
        day += days;
    else
        day = cp_day_of(NULL, today) + 42; /* no date yet: start six weeks out */
    cp_day_format(day, out, 11);
}

void cp_settings_step(cp_settings *s, int row, int dir, cp_time today)
{
    static const char *theme_names[] = {"dark", "light", "contrast"};
    cp_settings_clamp(s); /* a valid start: the grid below needs numbers */
    switch (row) {
    case CP_SETTING_NEW_PER_DAY: s->new_per_day += 5 * dir; break;
    case CP_SETTING_REVIEWS_PER_DAY: s->reviews_per_day += 50 * dir; break;
    case CP_SETTING_RETENTION: s->desired_retention += 0.01 * dir; break;
    case CP_SETTING_EXAM_DATE: {
        char next[11];
        date_add_days(s->exam_date, today, dir * 7, next);
        memcpy(s->exam_date, next, sizeof next);
        break;
    }
    case CP_SETTING_THEME: {
        int i = 0;
        while (i < 3 && strcmp(theme_names[i], s->theme))
            i++;
        i = ((i % 3) + dir + 3) % 3;
        snprintf(s->theme, sizeof s->theme, "%s", theme_names[i]);
        break;
    }
    case CP_SETTING_FONT_SCALE: s->font_scale += 0.1 * dir; break;
    case CP_SETTING_SOUND: s->sound = !s->sound; break;
    case CP_SETTING_REDUCED_MOTION: s->reduced_motion = !s->reduced_motion; break;
    case CP_SETTING_QUIZ_PACE: s->quiz_seconds += 5 * dir; break;
    case CP_SETTING_DAY_START: s->day_start_hour = (s->day_start_hour + dir + 24) % 24; break;
    case CP_SETTING_GOAL: s->goal_minutes += 5 * dir; break;
    case CP_SETTING_STUDY_MINUTES: s->study_minutes += 5 * dir; break;
    case CP_SETTING_MOCK_RESERVE: s->mock_reserve = !s->mock_reserve; break;
    default: break;
    }
    /* Keep stepped doubles on their grid (0.9 + 0.01 must print 0.91). */
    s->desired_retention = (double)(long)(s->desired_retention * 100.0 + 0.5) / 100.0;
    s->font_scale = (double)(long)(s->font_scale * 10.0 + 0.5) / 10.0;
    cp_settings_clamp(s);
}

void cp_settings_value(const cp_settings *s, int row, char *out, size_t size)
{
    switch (row) {
    case CP_SETTING_NEW_PER_DAY: snprintf(out, size, "%d", s->new_per_day); break;
    case CP_SETTING_REVIEWS_PER_DAY: snprintf(out, size, "%d", s->reviews_per_day); break;
    case CP_SETTING_RETENTION: snprintf(out, size, "%.0f%%", s->desired_retention * 100); break;
    case CP_SETTING_EXAM_DATE: snprintf(out, size, "%s", s->exam_date[0] ? s->exam_date : "not set"); break;
    case CP_SETTING_THEME:
        snprintf(out, size, "%s", strcmp(s->theme, "contrast") == 0 ? "High contrast"
                                 : strcmp(s->theme, "light") == 0  ? "Light" : "Dark");
        break;
    case CP_SETTING_FONT_SCALE: snprintf(out, size, "%.0f%%", s->font_scale * 100); break;
    case CP_SETTING_SOUND: snprintf(out, size, "%s", s->sound ? "On" : "Off"); break;
    case CP_SETTING_REDUCED_MOTION: snprintf(out, size, "%s", s->reduced_motion ? "On" : "Off"); break;
    case CP_SETTING_QUIZ_PACE: snprintf(out, size, "%d s per question", s->quiz_seconds); break;
    case CP_SETTING_DAY_START: snprintf(out, size, "%02d:00", s->day_start_hour); break;
    case CP_SETTING_GOAL: snprintf(out, size, "drill or %d min", s->goal_minutes); break;
    case CP_SETTING_STUDY_MINUTES: snprintf(out, size, "%d min a day", s->study_minutes); break;
    case CP_SETTING_MOCK_RESERVE: snprintf(out, size, "%s", s->mock_reserve ? "On" : "Off"); break;
    default: snprintf(out, size, "?"); break;
    }
}
