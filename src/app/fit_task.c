/* The fit of the scheduler in the background. cp_app_fit_start prepares
 * the fit on the app's thread (cp_fit_begin) and runs cp_fit_run on one of
 * the platform's threads; the worker and the app share only the atomics
 * below (progress, the cancel flag, the end) and the task's status, which
 * the worker writes before it says it has finished. Each frame
 * cp_app_fit_poll copies the progress into app->fit; once the worker is
 * done it joins it and, back on the app's thread, keeps the result
 * (cp_fit_keep writes the store and moves the learner). Quitting cancels:
 * the fit stops within a mini-batch or a few thousand rows. */
#include "shell.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct cp_fit_task {
    cp_fit *fit;
    void *thread;               /* NULL: ran in the frame (no threads) */
    atomic_int phase;
    atomic_size_t done, total;
    atomic_bool cancel, finished;
    cp_status status;           /* the run's; read after `finished` */
    cp_error err;
};

static bool on_progress(void *ctx, cp_fit_phase phase, size_t done, size_t total)
{
    struct cp_fit_task *t = ctx;
    atomic_store(&t->phase, (int)phase);
    atomic_store(&t->total, total);
    atomic_store(&t->done, done);
    return !atomic_load(&t->cancel);
}

static int work(void *arg)
{
    struct cp_fit_task *t = arg;
    t->status = cp_fit_run(t->fit, on_progress, t, &t->err);
    atomic_store(&t->finished, true);
    return 0;
}

bool cp_app_fit_start(cp_app *app)
{
    if (app->fit_task)
        return true;
    struct cp_fit_task *t = calloc(1, sizeof *t);
    cp_error err = {0};
    if (!t || cp_fit_begin(app->learner, &t->fit, &err) != CP_OK) {
        cp_app_toast(app, "Cannot start the fit: %s", t ? err.message : "out of memory");
        free(t);
        return false;
    }
    atomic_init(&t->phase, CP_FIT_READING);
    atomic_init(&t->done, 0);
    atomic_init(&t->total, 0);
    atomic_init(&t->cancel, false);
    atomic_init(&t->finished, false);
    app->fit_task = t;
    app->fit = (cp_fit_state){.running = true, .phase = CP_FIT_READING};
    app->busy = true;
    if (app->threads.start)
        t->thread = app->threads.start(work, t);
    if (!t->thread)
        work(t);        /* no thread: the frame waits for it */
    return true;
}

/* The worker is over: join it, keep the result, say what happened. */
static void end(cp_app *app)
{
    struct cp_fit_task *t = app->fit_task;
    if (t->thread)
        app->threads.join(t->thread);
    cp_fit_state *f = &app->fit;
    *f = (cp_fit_state){.ended = true, .status = t->status, .ended_at = app->now};
    const cp_fsrs_opt_result *res = cp_fit_result(t->fit);
    cp_error err = {0};
    if (f->status == CP_OK && res) {
        f->log_loss_default = res->default_eval.log_loss;
        f->log_loss_fitted = res->fitted_eval.log_loss;
        f->items = res->items;
        f->reviews = cp_fit_reviews(t->fit);
        f->status = cp_fit_keep(t->fit, app->learner, app->now, &f->verdict, &err);
        if (f->status != CP_OK)
            snprintf(f->message, sizeof f->message, "%s", err.message);
    } else if (f->status != CP_OK) {
        snprintf(f->message, sizeof f->message, "%s", t->err.message);
    }
    cp_fit_free(t->fit);
    free(t);
    app->fit_task = NULL;
    bool on_screen = app->depth > 0 && app->stack[app->depth - 1].screen == &cp_screen_fit;
    if (on_screen || f->status == CP_ERR_CANCELLED)
        return;
    if (f->status != CP_OK)
        cp_app_toast(app, "The fit of the scheduler failed: %s", f->message);
    else if (f->verdict == CP_FIT_USED)
        cp_app_banner(app, "The scheduler now fits your memory", true);
    else
        cp_app_banner(app, "Fit done: the defaults stay (Settings says why)", false);
}

void cp_app_fit_poll(cp_app *app)
{
    struct cp_fit_task *t = app->fit_task;
    if (!t) {
        app->busy = false;
        return;
    }
    if (atomic_load(&t->finished)) {
        end(app);
        app->busy = false;
        return;
    }
    size_t done = atomic_load(&t->done), total = atomic_load(&t->total);
    app->fit.phase = (cp_fit_phase)atomic_load(&t->phase);
    app->fit.fraction = total ? (float)((double)done / (double)total) : 0.0f;
    if (app->fit.fraction > 1.0f)
        app->fit.fraction = 1.0f;
    /* Reading is quick next to fitting: it fills the first tenth. */
    app->fit.overall = app->fit.phase == CP_FIT_READING ? 0.1f * app->fit.fraction
                                                        : 0.1f + 0.9f * app->fit.fraction;
    app->busy = true;
}

void cp_app_fit_cancel(cp_app *app)
{
    struct cp_fit_task *t = app->fit_task;
    if (!t)
        return;
    atomic_store(&t->cancel, true);
    if (t->thread)
        app->threads.join(t->thread);
    t->thread = NULL;
    end(app);
    app->busy = false;
}
