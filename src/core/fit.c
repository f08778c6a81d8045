/* Fitting the scheduler to the learner: the offer Settings shows, and a fit
 * cut in three so the slow middle can run on another thread.
 *
 * cp_fit_begin copies what the fit needs out of the learner (the day
 * clock, with a time-zone cache of its own; the short-term setting and the
 * relearning steps; the log's newest row id) and opens a store reader, a
 * second read-only connection. cp_fit_run then touches only the cp_fit:
 * it reads the rows up to that id, places each on its learning day as the
 * command line does (an answer dated before the card's previous one, after
 * a clock change, counts on that earlier day), and hands the log to
 * cp_fsrs_opt_fit. cp_fit_keep, back on the learner's thread, stores the
 * result through the learner when it beats the defaults. */
#include "cloudprep/fit.h"

#include <stdlib.h>
#include <string.h>

enum { READ_PROGRESS_EVERY = 8192 };

struct cp_fit {
    cp_store_reader *reader;
    int64_t through_id;         /* the newest row at begin */
    int64_t rows;               /* rows up to it */
    cp_day_zone zone;           /* the clock's cache, this fit's own */
    cp_day_clock clock;
    bool short_term;
    int relearning_steps;
    /* the run */
    cp_fit_progress_fn progress;
    void *progress_ctx;
    bool ran;
    int64_t reviews;            /* rows read */
    cp_fsrs_opt_result result;
};

cp_status cp_fit_offer_of(const cp_learner *l, cp_time now, cp_fit_offer *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    cp_store *store = cp_learner_store(l);
    /* elapsed_days >= 1 is a lower bound of "on a later learning day"
     * (an answer at 23:00 and the next at 09:00 are a day apart too), so
     * the offer never comes before the fit has its items. */
    cp_status s = cp_store_count_spaced(store, 1.0, CP_FIT_MIN_SPACED, &out->spaced, err);
    if (s == CP_OK)
        s = cp_store_review_count(store, &out->reviews, err);
    if (s != CP_OK)
        return s;
    out->available = out->spaced >= CP_FIT_MIN_SPACED;
    const cp_store_fit *fit = cp_learner_fit(l);
    if (fit) {
        out->fitted = true;
        out->active = *fit;
        out->refit_due = now - fit->fitted_at >= (cp_time)CP_FIT_REFIT_DAYS * CP_DAY_SECONDS &&
                         out->reviews > fit->reviews;
    }
    return CP_OK;
}

cp_status cp_fit_begin(cp_learner *l, cp_fit **out, cp_error *err)
{
    *out = NULL;
    cp_fit *fit = calloc(1, sizeof *fit);
    if (!fit)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    cp_store *store = cp_learner_store(l);
    cp_status s = cp_store_newest_review(store, &fit->through_id, NULL, err);
    if (s == CP_OK)
        s = cp_store_review_count(store, &fit->rows, err);
    if (s == CP_OK)
        s = cp_store_reader_open(store, &fit->reader, err);
    if (s != CP_OK) {
        cp_fit_free(fit);
        return s;
    }
    /* The learner's clock either has a fixed offset or asks the system's
     * time zone through a cache the learner owns; the fit gets a cache of
     * its own, since it may run on another thread. */
    fit->clock = cp_learner_clock(l);
    if (fit->clock.offset_at)
        fit->clock = cp_day_system_clock(fit->clock.start_hour, &fit->zone);
    fit->short_term = cp_learner_settings(l)->short_term;
    fit->relearning_steps = (int)cp_learner_params(l)->n_relearning_steps;
    *out = fit;
    return CP_OK;
}

typedef struct reading {
    cp_fit *fit;
    cp_fsrs_opt_log *log;
    cp_status status;
    cp_error err;
    bool stopped;
} reading;

static bool on_row(void *ctx, const cp_rating_row *row)
{
    reading *r = ctx;
    cp_fit *fit = r->fit;
    r->status = cp_fsrs_opt_log_add_clamped(r->log, row->card_id, cp_day_of(&fit->clock, row->at),
                                            row->rating, &r->err);
    if (r->status != CP_OK)
        return false;
    fit->reviews++;
    if (fit->progress && fit->reviews % READ_PROGRESS_EVERY == 0 &&
        !fit->progress(fit->progress_ctx, CP_FIT_READING, (size_t)fit->reviews, (size_t)fit->rows)) {
        r->stopped = true;
        return false;
    }
    return true;
}

static bool on_batch(void *ctx, size_t done, size_t total)
{
    cp_fit *fit = ctx;
    return !fit->progress || fit->progress(fit->progress_ctx, CP_FIT_FITTING, done, total);
}

cp_status cp_fit_run(cp_fit *fit, cp_fit_progress_fn progress, void *ctx, cp_error *err)
{
    fit->progress = progress;
    fit->progress_ctx = ctx;
    fit->ran = false;
    fit->reviews = 0;
    cp_fsrs_opt_log *log = cp_fsrs_opt_log_new();
    if (!log)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    reading r = {.fit = fit, .log = log, .status = CP_OK};
    cp_status s = fit->reader ? cp_store_reader_each_rating(fit->reader, fit->through_id, on_row,
                                                            &r, err)
                              : cp_error_set(err, CP_ERR_INVALID, NULL, 0, "fit: already run");
    /* The read is over: release the connection (and its snapshot) now. */
    cp_store_reader_close(fit->reader);
    fit->reader = NULL;
    if (s == CP_OK && r.status != CP_OK) {
        /* A rating the store should never hold (a hand-edited row). */
        s = cp_error_set(err, CP_ERR_CORRUPT, NULL, 0, "the review log holds a bad answer: %s",
                         r.err.message);
    } else if (s == CP_OK && r.stopped) {
        s = cp_error_set(err, CP_ERR_CANCELLED, NULL, 0, "the fit was cancelled");
    }
    if (s == CP_OK && progress &&
        !progress(ctx, CP_FIT_READING, (size_t)fit->reviews, (size_t)fit->reviews))
        s = cp_error_set(err, CP_ERR_CANCELLED, NULL, 0, "the fit was cancelled");
    if (s == CP_OK) {
        size_t n = 0;
        const cp_fsrs_opt_review *reviews = cp_fsrs_opt_log_reviews(log, &n);
        cp_fsrs_opt_desc desc = {.short_term = fit->short_term,
                                 .relearning_steps = fit->relearning_steps,
                                 .progress = on_batch, .progress_ctx = fit};
        s = cp_fsrs_opt_fit(reviews, n, &desc, &fit->result, err);
    }
    cp_fsrs_opt_log_free(log);
    fit->ran = s == CP_OK;
    return s;
}

const cp_fsrs_opt_result *cp_fit_result(const cp_fit *fit) { return fit->ran ? &fit->result : NULL; }
int64_t cp_fit_reviews(const cp_fit *fit) { return fit->reviews; }

cp_status cp_fit_keep(cp_fit *fit, cp_learner *l, cp_time now, cp_fit_verdict *verdict,
                      cp_error *err)
{
    if (!fit->ran)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "fit: nothing fitted yet");
    const cp_fsrs_opt_result *res = &fit->result;
    if (res->outcome == CP_FSRS_OPT_DEFAULTS || !res->fitted_eval.items) {
        *verdict = CP_FIT_TOO_LITTLE;
        return CP_OK;
    }
    /* Judged on the log it was fitted to, as Anki's Evaluate shows it
     * after a fit. The training starts from the defaults (w0-w3
     * pre-trained) and keeps its best epoch, so losing here means it had
     * too little to go on: keep what the learner has. */
    if (!(res->fitted_eval.log_loss < res->default_eval.log_loss)) {
        *verdict = CP_FIT_NO_BETTER;
        return CP_OK;
    }
    cp_store_fit kept = {.fitted_at = now, .reviews = fit->reviews,
                         .log_loss_default = res->default_eval.log_loss,
                         .log_loss_fitted = res->fitted_eval.log_loss};
    memcpy(kept.w, res->w, sizeof kept.w);
    cp_status s = cp_learner_use_fit(l, &kept, err);
    if (s == CP_OK)
        *verdict = CP_FIT_USED;
    return s;
}

void cp_fit_free(cp_fit *fit)
{
    if (!fit)
        return;
    cp_store_reader_close(fit->reader);
    free(fit);
}
