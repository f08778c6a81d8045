/* cloudprep core: the learner's settings, their defaults and their ranges.
 * Stored as text in the store's setting table; a value read back that is not
 * wholly a finite number (or "0"/"1" for a switch, a date that exists, a
 * theme's name) keeps its default, and every other is clamped into its
 * range, so a hand-edited or damaged database cannot break the app. */
#ifndef CLOUDPREP_SETTINGS_H
#define CLOUDPREP_SETTINGS_H

#include "cloudprep/common.h"
#include "cloudprep/store.h"

typedef struct cp_settings {
    int new_per_day;            /* 0..200, default 20 */
    int reviews_per_day;        /* 10..2000, default 200 */
    double desired_retention;   /* 0.70..0.97, default 0.90 */
    int day_start_hour;         /* 0..23, default 4 (a learning day starts at 04:00) */
    char exam_date[11];         /* "YYYY-MM-DD" or "" */
    char theme[12];             /* "dark", "light", "contrast" */
    double font_scale;          /* 0.8..1.6, default 1.0 */
    bool sound;                 /* default on */
    bool reduced_motion;        /* default off */
    int quiz_seconds;           /* per-question pace for quiz rounds, 30..180, default 83 */
    bool short_term;            /* FSRS same-day steps, default off */
    int goal_minutes;           /* daily goal: finish the drill or this many minutes, 5..120, default 15 */
    bool mock_reserve;          /* hold questions back for fresh mocks, default on */
    int study_minutes;          /* the study plan's daily budget, 10..120, default 30 */
} cp_settings;

void cp_settings_default(cp_settings *s);
/* Loads from the store; unset keys keep their defaults. */
CP_NODISCARD cp_status cp_settings_load(cp_store *store, cp_settings *s, cp_error *err);
/* Saves every key in one call per key (each one durable). */
CP_NODISCARD cp_status cp_settings_save(cp_store *store, const cp_settings *s, cp_error *err);
/* Clamps every field into its range; NaN, unknown themes and dates that
 * do not exist (or fall outside 2000..2100) take their defaults. */
void cp_settings_clamp(cp_settings *s);

/* The settings screen's rows: one entry per adjustable field, stepped by
 * cp_settings_step (dir -1 or +1) and described by cp_settings_value. */
enum {
    CP_SETTING_NEW_PER_DAY, CP_SETTING_REVIEWS_PER_DAY, CP_SETTING_RETENTION,
    CP_SETTING_EXAM_DATE, CP_SETTING_STUDY_MINUTES, CP_SETTING_THEME, CP_SETTING_FONT_SCALE,
    CP_SETTING_SOUND,
    CP_SETTING_REDUCED_MOTION, CP_SETTING_QUIZ_PACE, CP_SETTING_DAY_START, CP_SETTING_GOAL,
    CP_SETTING_MOCK_RESERVE,
    CP_SETTING_COUNT
};
const char *cp_settings_label(int row);
const char *cp_settings_help(int row);
/* today: the current date, for stepping an unset exam date. */
void cp_settings_step(cp_settings *s, int row, int dir, cp_time today);
void cp_settings_value(const cp_settings *s, int row, char *out, size_t size);

#endif
