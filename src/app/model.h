/* The shell's data glue for the exam core: it reads what the core needs from
 * the store and the deck (attempts, recent answers, memories) and hands it
 * over; the rules stay in the core. */
#ifndef CLOUDPREP_MODEL_H
#define CLOUDPREP_MODEL_H

#include "shell.h"

/* The readiness meter now. False (and *out zeroed) without question cards. */
bool cp_model_readiness(cp_app *app, cp_readiness *out);

/* Starts a mock exam or diagnostic: builds the form (avoiding the learner's
 * recent forms), stores the attempt, starts the clock. False with a toast
 * when the bank cannot fill a form. */
bool cp_model_exam_start(cp_app *app, cp_exam_kind kind);
/* Saves one item's answer and flag (durable on return). */
void cp_model_exam_save_item(cp_app *app, size_t index);
/* Closes the attempt: submitted or timed out (from the session), or
 * abandoned; stores the scores, schedules every miss for the drill, and
 * fills the report (and the diagnostic's estimate and plan). */
void cp_model_exam_finish(cp_app *app, bool abandoned);
void cp_model_exam_free(cp_app *app);
/* Closes attempts left "in progress" by a crash or a kill: recorded as
 * abandoned (answers kept, no score), never left open. */
void cp_model_close_stale_attempts(cp_app *app);

/* Card index in the deck of a card pointer from the bank. */
size_t cp_model_card_index(const cp_app *app, const cp_card *card);

#endif
