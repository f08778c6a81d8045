/* cloudprep core: fitting the scheduler to the learner's own memory.
 *
 * The app's "Fit the scheduler to my memory": the learner's review log is
 * fitted by fsrs_opt (FSRS-6's 21 weights, as fsrs-rs fits them) and, when
 * the fitted weights predict that log better than the defaults, they are
 * stored and the learner schedules with them (cp_learner_use_fit). The
 * threshold and the reasons are in docs/scheduling.md, "Fitting in the
 * app".
 *
 * A fit of a long history takes seconds, so it is cut to run away from the
 * thread that draws, without this module starting a thread itself:
 *
 *   cp_fit_begin   on the learner's thread: takes what the fit needs (a
 *                  reader of its own on the store, the day clock, the
 *                  settings, the log's newest row)
 *   cp_fit_run     on any one thread: reads the log up to that row and
 *                  fits, reporting progress; the progress callback stops it
 *   cp_fit_keep    on the learner's thread again: stores and applies the
 *                  result when it is better than the defaults
 *
 * Between begin and keep the learner may go on answering: the fit sees the
 * log as it was at begin. */
#ifndef CLOUDPREP_FIT_H
#define CLOUDPREP_FIT_H

#include "cloudprep/fsrs_opt.h"
#include "cloudprep/learner.h"

enum {
    /* Spaced reviews (a day or more after the card's previous one: fsrs-rs's
     * training items) before a fit is offered. */
    CP_FIT_MIN_SPACED = 1000,
    /* A fit this old, with answers since, is worth doing again. */
    CP_FIT_REFIT_DAYS = 30,
};

/* What Settings says about fitting. */
typedef struct cp_fit_offer {
    bool available;             /* enough spaced reviews to fit */
    int64_t spaced;             /* spaced reviews, counted up to CP_FIT_MIN_SPACED */
    int64_t reviews;            /* answers in the log */
    bool fitted;                /* the learner schedules with `active` */
    cp_store_fit active;
    bool refit_due;             /* fitted CP_FIT_REFIT_DAYS ago or more, with answers since */
} cp_fit_offer;

CP_NODISCARD cp_status cp_fit_offer_of(const cp_learner *learner, cp_time now, cp_fit_offer *out,
                                       cp_error *err);

typedef struct cp_fit cp_fit;

typedef enum cp_fit_phase {
    CP_FIT_READING = 0,         /* done, total: rows of the log */
    CP_FIT_FITTING = 1,         /* done, total: items trained on, over all epochs */
} cp_fit_phase;

/* Called on the thread running the fit, every few thousand rows read and
 * after every mini-batch. Return false to stop (CP_ERR_CANCELLED). */
typedef bool (*cp_fit_progress_fn)(void *ctx, cp_fit_phase phase, size_t done, size_t total);

/* Prepares a fit of the learner's log as it is now, with the learner's
 * short-term setting and relearning steps. Free with cp_fit_free. */
CP_NODISCARD cp_status cp_fit_begin(cp_learner *learner, cp_fit **out, cp_error *err);
/* Reads and fits (progress may be NULL). Touches neither the learner nor
 * any global: it may run on another thread than the learner's, one thread
 * at a time. CP_ERR_CANCELLED when progress said stop; a log that cannot
 * be read is CP_ERR_IO, CP_ERR_CORRUPT or CP_ERR_LOCKED. */
CP_NODISCARD cp_status cp_fit_run(cp_fit *fit, cp_fit_progress_fn progress, void *ctx,
                                  cp_error *err);
/* After cp_fit_run returned CP_OK: the result, and the answers fitted. */
const cp_fsrs_opt_result *cp_fit_result(const cp_fit *fit);
int64_t cp_fit_reviews(const cp_fit *fit);

typedef enum cp_fit_verdict {
    CP_FIT_USED = 0,            /* stored and in use from now on */
    CP_FIT_TOO_LITTLE = 1,      /* too few items survived for a fit: nothing changed */
    CP_FIT_NO_BETTER = 2,       /* no better than the defaults on the log: nothing changed */
} cp_fit_verdict;

/* After cp_fit_run returned CP_OK, on the learner's thread: stores the
 * fitted weights (dated `now`) and schedules with them when they predict
 * the log better than the defaults; *verdict says what happened. */
CP_NODISCARD cp_status cp_fit_keep(cp_fit *fit, cp_learner *learner, cp_time now,
                                   cp_fit_verdict *verdict, cp_error *err);
void cp_fit_free(cp_fit *fit);      /* accepts NULL; not while cp_fit_run runs */

#endif
