/* Today's drill as the shell sees it: the core's queue and grading, fed
 * from the app's deck, memories, settings and review log. Nothing here
 * decides a rule; it only gathers the inputs the core asks for. */
#ifndef CLOUDPREP_TODAY_H
#define CLOUDPREP_TODAY_H

#include "shell.h"

typedef struct cp_today {
    size_t *cards;          /* deck indexes, in the order to show them */
    size_t n;
    int due_by_domain[4];   /* learning + review cards due today */
    int new_by_domain[4];
    int due, fresh;         /* totals */
    int done_today;         /* reviews answered since the day started */
    int correct_today;
} cp_today;

/* Builds today's queue for the app's current state; last_card (or -1) is
 * the card just answered, which the core never puts first again. */
void cp_today_build(cp_app *app, cp_today *today, long last_card);
void cp_today_free(cp_today *today);

/* Records an answer to card `index` with `rating` (1..4) at app->now:
 * computes the new memory with FSRS, stores the review (one transaction)
 * and updates app->memory. chosen: the picked choices ("0,2"), "" for a
 * flashcard; mode: "drill", "quiz", "exam". Returns false (and shows why) when it could not be saved. */
bool cp_today_answer(cp_app *app, size_t index, int rating, int duration_ms, const char *chosen,
                     const char *mode);
/* Tells the game the day's drill queue is empty after answers today (pays
 * the bonus once per day and shows what that earned). */
void cp_today_finished(cp_app *app);
/* Undoes the last answer; *index gets the card it was for. */
bool cp_today_undo(cp_app *app, size_t *index);
/* The rating the core gives a question answer. */
int cp_today_grade(const cp_app *app, bool correct, int duration_ms);
/* The four outcomes (Again..Easy) of rating card `index` now. */
void cp_today_preview(const cp_app *app, size_t index, cp_memory out[4]);
/* "10m", "3d", "2.1mo" for the interval from now to due. */
void cp_today_interval_text(cp_time now, cp_time due, char *out, size_t size);

#endif
