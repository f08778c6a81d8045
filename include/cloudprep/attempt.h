/* cloudprep core: a mock exam or diagnostic from start to finish, stored.
 *
 * An attempt joins the exam core (exam.h: the form, the timed session, the
 * scoring) to the learner's store, one transaction per change of state:
 *
 *   cp_attempt_start    build the form (recent forms avoided), store the
 *                       attempt and its items, start the clock
 *   cp_attempt_answer   one item's answer, cp_attempt_flag its flag
 *   cp_attempt_finish   submitted (or timed out, as the clock says): the
 *                       score, every item, every miss as an Again review in
 *                       the drill, the XP and achievements: all in one
 *                       transaction, so a kill leaves all of it or none
 *   cp_attempt_abandon  left before the end: answers kept, no score
 *
 * What a screen can see of an item (cp_attempt_view) says nothing about
 * whether it is scored; the report after the finish lists every miss,
 * scored or not, alike. cp_attempt_repair runs at start-up: an attempt a
 * crash left open is closed as abandoned, and one stored as finished
 * without its misses in the drill (from versions before the finish was one
 * transaction) gets them. */
#ifndef CLOUDPREP_ATTEMPT_H
#define CLOUDPREP_ATTEMPT_H

#include "cloudprep/exam.h"
#include "cloudprep/learner.h"
#include "cloudprep/plan.h"

typedef struct cp_attempt_run cp_attempt_run;

/* Builds and stores a new attempt at `now`. CP_ERR_INVALID (err says why)
 * when the decks cannot fill a form. Free with cp_attempt_free(). */
CP_NODISCARD cp_status cp_attempt_start(cp_learner *learner, cp_exam_kind kind, cp_time now,
                           cp_attempt_run **out, cp_error *err);
/* Frees the run; an attempt still open is abandoned first (its answers are
 * already stored). Accepts NULL. */
void cp_attempt_free(cp_attempt_run *run, cp_time now);

cp_exam_kind cp_attempt_kind(const cp_attempt_run *run);
int64_t cp_attempt_id(const cp_attempt_run *run);
size_t cp_attempt_count(const cp_attempt_run *run);
int32_t cp_attempt_time_limit(const cp_attempt_run *run);
/* Scored items the learner had never met before this attempt. */
int cp_attempt_fresh_scored(const cp_attempt_run *run);
/* The meter's predicted score when the attempt began (mocks; 0 unknown). */
int cp_attempt_predicted(const cp_attempt_run *run);
CP_NODISCARD cp_status cp_attempt_view(const cp_attempt_run *run, size_t index, cp_exam_view *out);
int32_t cp_attempt_remaining(const cp_attempt_run *run, cp_time now);
/* Applies the clock: CP_EXAM_TIMED_OUT once the time is up (the caller
 * then finishes the attempt). */
cp_exam_state cp_attempt_tick(cp_attempt_run *run, cp_time now);
bool cp_attempt_finished(const cp_attempt_run *run);

/* Sets an item's answer (mask in deck order; 0 clears it) or flag and
 * stores it. CP_ERR_INVALID when the session refuses (closed, bad index). */
CP_NODISCARD cp_status cp_attempt_answer(cp_attempt_run *run, size_t index, uint32_t chosen, cp_time now,
                            cp_error *err);
CP_NODISCARD cp_status cp_attempt_flag(cp_attempt_run *run, size_t index, bool flagged, cp_time now,
                          cp_error *err);

/* Submits (or closes as timed out when the time is up) and stores the
 * whole finish in one transaction; notes (may be NULL) say what the game
 * paid. Nothing changes in memory unless it was stored. */
CP_NODISCARD cp_status cp_attempt_finish(cp_attempt_run *run, cp_time now, cp_game_notes *notes,
                            cp_error *err);
/* Leaves an open attempt: stored as abandoned, unscored. */
CP_NODISCARD cp_status cp_attempt_abandon(cp_attempt_run *run, cp_time now, cp_error *err);

/* After the finish: the report (every miss with what was chosen), and for
 * a diagnostic its estimate and the study plan it suggests. */
const cp_score_report *cp_attempt_report(const cp_attempt_run *run);
const cp_diagnostic *cp_attempt_diagnostic(const cp_attempt_run *run);
const cp_study_plan *cp_attempt_plan(const cp_attempt_run *run);
/* An item's choices in display order (for the review of any item). */
const uint8_t *cp_attempt_choice_order(const cp_attempt_run *run, size_t index);

/* At start-up: closes attempts left open (abandoned) and logs the misses
 * of finished attempts that never reached the drill. *repaired (may be
 * NULL) gets how many attempts were mended. */
CP_NODISCARD cp_status cp_attempt_repair(cp_learner *learner, cp_time now, int *repaired, cp_error *err);

#endif
