/* Fitting the scheduler to the learner (fit.h) over a real store: the
 * offer's threshold and the monthly re-fit; a fit of a simulated learner's
 * log read from the store gives exactly what fsrs_opt fits on the same log
 * as text; the learner schedules with it (intervals change), across a
 * reopen, until the defaults are restored; progress in both phases,
 * cancelling in each; the log as it was at begin; too little data and a
 * fit no better than the defaults change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/fit.h"
#include "cloudprep/platform.h"

static const cp_time T0 = 1767614400; /* 2026-01-05 12:00 UTC */
static const cp_learner_desc utc = {.fixed_offset = true};

static char dir[256];
static cp_deck *deck;

static int setup(void **state)
{
    (void)state;
    if (!cp_platform_temp_dir("fit-test", dir, sizeof dir))
        return -1;
    const char *fixtures = getenv("CP_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/../../decks", fixtures ? fixtures : "tests/fixtures");
    const char *paths[] = {path};
    return cp_deck_load(paths, 1, &deck, NULL) == CP_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cp_deck_free(deck);
    return cp_platform_remove_tree(dir) ? 0 : -1;
}

static cp_store *open_store(void)
{
    cp_store *s = NULL;
    cp_error err = {0};
    if (cp_store_open(dir, NULL, &s, &err) != CP_OK)
        fail_msg("cp_store_open: %s", err.message);
    return s;
}

static cp_learner *open_learner(cp_store *store, const cp_learner_desc *desc)
{
    cp_learner *l = NULL;
    cp_error err = {0};
    if (cp_learner_open(store, deck, desc, T0, &l, NULL, &err) != CP_OK)
        fail_msg("cp_learner_open: %s", err.message);
    return l;
}

/* One answer straight into the store: card `card` on day `day` (at noon,
 * plus `seq` seconds to keep a day's answers in order). */
static void record(cp_store *s, const char *card, int32_t day, int rating, int seq,
                   cp_time *last_at)
{
    cp_time at = T0 + (cp_time)day * CP_DAY_SECONDS + seq;
    cp_memory before = {.last_review = *last_at}, after = {.state = CP_STATE_REVIEW,
                                                            .due = at + CP_DAY_SECONDS,
                                                            .last_review = at, .stability = 1,
                                                            .difficulty = 5, .reps = 1};
    cp_review r = {.card_id = card, .at = at, .rating = rating,
                   .elapsed_days = *last_at ? (double)(at - *last_at) / CP_DAY_SECONDS : 0,
                   .chosen = "", .mode = "drill", .before = before, .after = after};
    cp_error err = {0};
    if (cp_store_record_review(s, &r, NULL, &err) != CP_OK)
        fail_msg("record: %s", err.message);
    *last_at = at;
}

static char *slurp(const char *name, size_t *size)
{
    const char *fixtures = getenv("CP_FIXTURES");
    char path[1024];
    snprintf(path, sizeof path, "%s/fsrs-optimize/%s", fixtures ? fixtures : "tests/fixtures",
             name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    b[n] = '\0';
    *size = (size_t)n;
    return b;
}

/* The simulated learner of tests/fixtures/fsrs-optimize/medium.tsv (card_id,
 * day, rating; each card's reviews in order) written into the store as
 * the app would have logged it; returns the rows written. */
static size_t store_fixture(cp_store *s, const char *text)
{
    enum { MAX_CARDS = 4096 };
    static cp_time last_at[MAX_CARDS];
    memset(last_at, 0, sizeof last_at);
    const char *p = strchr(text, '\n') + 1;     /* the header: card_id day rating */
    size_t n = 0;
    assert_int_equal(cp_store_begin(s, NULL), CP_OK);
    while (*p) {
        int card, day, rating;
        assert_int_equal(sscanf(p, "%d\t%d\t%d", &card, &day, &rating), 3);
        assert_true(card >= 0 && card < MAX_CARDS);
        char id[32];
        snprintf(id, sizeof id, "sim-%d", card);
        record(s, id, day, rating, (int)(n % 40000), &last_at[card]);
        n++;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    assert_int_equal(cp_store_commit(s, NULL), CP_OK);
    return n;
}

typedef struct progress_log {
    size_t calls[2];
    size_t last_done[2], total[2];
    bool backwards, fitting_before_reading_over;
    int stop_phase;         /* -1: never stop */
    size_t stop_after;      /* calls in that phase */
} progress_log;

static bool on_progress(void *ctx, cp_fit_phase phase, size_t done, size_t total)
{
    progress_log *p = ctx;
    if (done < p->last_done[phase] || done > total)
        p->backwards = true;
    if (phase == CP_FIT_FITTING && p->last_done[CP_FIT_READING] != p->total[CP_FIT_READING])
        p->fitting_before_reading_over = true;
    p->calls[phase]++;
    p->last_done[phase] = done;
    p->total[phase] = total;
    return !((int)phase == p->stop_phase && p->calls[phase] >= p->stop_after);
}

static void assert_weights(const double *got, const double *want)
{
    for (int i = 0; i < CP_FSRS_WEIGHTS; i++)
        if (got[i] != want[i])
            fail_msg("w%d: %.17g, want %.17g", i, got[i], want[i]);
}

static void test_offer_needs_spaced_reviews_and_refits_monthly(void **state)
{
    (void)state;
    cp_store *s = open_store();
    cp_learner *l = open_learner(s, &utc);
    cp_fit_offer o;
    assert_int_equal(cp_fit_offer_of(l, T0, &o, NULL), CP_OK);
    assert_false(o.available);
    assert_false(o.fitted);
    assert_int_equal(o.spaced, 0);

    /* 500 cards, each met once and then twice more on later days: 1,000
     * spaced reviews, the last one making the threshold; same-day answers
     * do not count. */
    assert_int_equal(cp_store_begin(s, NULL), CP_OK);
    for (int c = 0; c < 500; c++) {
        char id[16];
        snprintf(id, sizeof id, "c%d", c);
        cp_time last = 0;
        record(s, id, 0, CP_GOOD, c, &last);
        record(s, id, 0, CP_GOOD, 600 + c, &last);
        record(s, id, 2, CP_GOOD, c, &last);
        if (c < 499)
            record(s, id, 9, CP_GOOD, c, &last);
    }
    assert_int_equal(cp_store_commit(s, NULL), CP_OK);
    assert_int_equal(cp_fit_offer_of(l, T0, &o, NULL), CP_OK);
    assert_int_equal(o.spaced, CP_FIT_MIN_SPACED - 1);
    assert_false(o.available);
    cp_time last = T0 + 2 * CP_DAY_SECONDS + 499;
    record(s, "c499", 9, CP_AGAIN, 499, &last);
    assert_int_equal(cp_fit_offer_of(l, T0, &o, NULL), CP_OK);
    assert_int_equal(o.spaced, CP_FIT_MIN_SPACED);
    assert_int_equal(o.reviews, 2000);
    assert_true(o.available);
    assert_false(o.fitted);

    /* Fitted now: a re-fit is due after 30 days, and only with answers since. */
    cp_store_fit f = {.fitted_at = T0, .reviews = 2000, .log_loss_default = 0.3,
                      .log_loss_fitted = 0.25};
    cp_fsrs_params def;
    cp_fsrs_default_params(&def);
    memcpy(f.w, def.w, sizeof f.w);
    assert_int_equal(cp_learner_use_fit(l, &f, NULL), CP_OK);
    const cp_time month = (cp_time)CP_FIT_REFIT_DAYS * CP_DAY_SECONDS;
    assert_int_equal(cp_fit_offer_of(l, T0 + month, &o, NULL), CP_OK);
    assert_true(o.fitted);
    assert_int_equal(o.active.id, f.id);
    assert_false(o.refit_due);              /* nothing new to learn from */
    last = T0 + 20 * CP_DAY_SECONDS;
    record(s, "c1", 20, CP_GOOD, 0, &last);
    assert_int_equal(cp_fit_offer_of(l, T0 + month - 1, &o, NULL), CP_OK);
    assert_false(o.refit_due);
    assert_int_equal(cp_fit_offer_of(l, T0 + month, &o, NULL), CP_OK);
    assert_true(o.refit_due);
    cp_learner_free(l);
    cp_store_close(s);
}

static void test_fit_of_the_store_is_the_optimizer_on_the_log(void **state)
{
    (void)state;
    size_t size;
    char *text = slurp("medium.tsv", &size);
    cp_store *s = open_store();
    size_t rows = store_fixture(s, text);

    /* What the optimizer fits on the same log as text, short-term off (the
     * learner's default) and one relearning step (the scheduler's). */
    cp_fsrs_opt_log *log = cp_fsrs_opt_log_new();
    assert_int_equal(cp_fsrs_opt_log_parse(log, text, size, NULL), CP_OK);
    size_t n = 0;
    const cp_fsrs_opt_review *reviews = cp_fsrs_opt_log_reviews(log, &n);
    assert_int_equal(n, rows);
    cp_fsrs_opt_result want;
    assert_int_equal(cp_fsrs_opt_fit(reviews, n, &(cp_fsrs_opt_desc){.relearning_steps = 1}, &want,
                                     NULL),
                     CP_OK);
    assert_int_equal(want.outcome, CP_FSRS_OPT_FITTED);
    cp_fsrs_opt_log_free(log);
    free(text);

    /* The learner on the system's clock (its own time-zone cache in the fit). */
    cp_learner *l = open_learner(s, NULL);
    cp_fit_offer o;
    assert_int_equal(cp_fit_offer_of(l, T0, &o, NULL), CP_OK);
    assert_true(o.available);
    size_t card = 0;
    cp_memory before[4], after[4];
    cp_learner_preview(l, card, T0, before);

    cp_fit *fit = NULL;
    cp_error err = {0};
    assert_int_equal(cp_fit_begin(l, &fit, &err), CP_OK);
    progress_log p = {.stop_phase = -1};
    if (cp_fit_run(fit, on_progress, &p, &err) != CP_OK)
        fail_msg("cp_fit_run: %s", err.message);
    assert_int_equal(cp_fit_reviews(fit), (int64_t)rows);
    const cp_fsrs_opt_result *got = cp_fit_result(fit);
    assert_non_null(got);
    assert_int_equal(got->items, want.items);
    assert_weights(got->w, want.w);
    assert_true(got->fitted_eval.log_loss == want.fitted_eval.log_loss);
    assert_true(got->fitted_eval.log_loss < got->default_eval.log_loss);
    /* Progress: every row read, then the training, never backwards. */
    assert_true(p.calls[CP_FIT_READING] >= 1 && p.calls[CP_FIT_FITTING] >= 5);
    assert_int_equal(p.last_done[CP_FIT_READING], rows);
    assert_int_equal(p.last_done[CP_FIT_FITTING], p.total[CP_FIT_FITTING]);
    assert_false(p.backwards);
    assert_false(p.fitting_before_reading_over);

    cp_fit_verdict verdict = CP_FIT_NO_BETTER;
    assert_int_equal(cp_fit_keep(fit, l, T0 + 60, &verdict, &err), CP_OK);
    assert_int_equal(verdict, CP_FIT_USED);
    cp_fit_free(fit);

    /* The learner schedules with the fit: its weights, other intervals. */
    const cp_store_fit *used = cp_learner_fit(l);
    assert_non_null(used);
    assert_int_equal(used->fitted_at, T0 + 60);
    assert_int_equal(used->reviews, (int64_t)rows);
    assert_true(used->log_loss_fitted == want.fitted_eval.log_loss);
    assert_true(used->log_loss_default == want.default_eval.log_loss);
    assert_weights(cp_learner_params(l)->w, want.w);
    cp_learner_preview(l, card, T0, after);
    bool differs = false;
    for (int r = 0; r < 4; r++)
        differs |= after[r].stability != before[r].stability;
    assert_true(differs);
    cp_learner_free(l);

    /* Kept across a reopen; restoring the defaults is kept too. */
    l = open_learner(s, &utc);
    assert_non_null(cp_learner_fit(l));
    assert_weights(cp_learner_params(l)->w, want.w);
    assert_int_equal(cp_learner_use_fit(l, NULL, NULL), CP_OK);
    assert_null(cp_learner_fit(l));
    cp_fsrs_params def;
    cp_fsrs_default_params(&def);
    assert_weights(cp_learner_params(l)->w, def.w);
    cp_learner_free(l);
    l = open_learner(s, &utc);
    assert_null(cp_learner_fit(l));
    assert_weights(cp_learner_params(l)->w, def.w);
    assert_true(cp_learner_params(l)->desired_retention == 0.9);    /* the settings still apply */
    cp_learner_free(l);
    cp_store_close(s);
}

static void test_cancel_in_either_phase_changes_nothing(void **state)
{
    (void)state;
    size_t size;
    char *text = slurp("medium.tsv", &size);
    cp_store *s = open_store();
    store_fixture(s, text);
    free(text);
    cp_learner *l = open_learner(s, &utc);
    for (int phase = CP_FIT_READING; phase <= CP_FIT_FITTING; phase++) {
        cp_fit *fit = NULL;
        cp_error err = {0};
        assert_int_equal(cp_fit_begin(l, &fit, &err), CP_OK);
        progress_log p = {.stop_phase = phase, .stop_after = 1};
        assert_int_equal(cp_fit_run(fit, on_progress, &p, &err), CP_ERR_CANCELLED);
        assert_int_equal(p.calls[CP_FIT_FITTING], phase == CP_FIT_FITTING ? 1 : 0);
        assert_null(cp_fit_result(fit));
        cp_fit_verdict v;
        assert_int_equal(cp_fit_keep(fit, l, T0, &v, &err), CP_ERR_INVALID);
        cp_fit_free(fit);
        assert_null(cp_learner_fit(l));
    }
    cp_learner_free(l);
    cp_store_close(s);
}

static void test_fit_sees_the_log_as_it_was_at_begin(void **state)
{
    (void)state;
    size_t size;
    char *text = slurp("short.tsv", &size);
    cp_store *s = open_store();
    size_t rows = store_fixture(s, text);
    free(text);
    cp_learner *l = open_learner(s, &utc);
    cp_fit *fit = NULL;
    assert_int_equal(cp_fit_begin(l, &fit, NULL), CP_OK);
    cp_time last = 0;
    record(s, "later", 400, CP_GOOD, 0, &last);      /* answered while it runs */
    assert_int_equal(cp_fit_run(fit, NULL, NULL, NULL), CP_OK);
    assert_int_equal(cp_fit_reviews(fit), (int64_t)rows);
    cp_fit_free(fit);
    cp_learner_free(l);
    cp_store_close(s);
}

static void test_too_little_or_no_better_changes_nothing(void **state)
{
    (void)state;
    cp_store *s = open_store();
    cp_time last = 0;
    record(s, "a", 0, CP_GOOD, 0, &last);
    record(s, "a", 3, CP_GOOD, 0, &last);
    cp_learner *l = open_learner(s, &utc);
    cp_fit *fit = NULL;
    assert_int_equal(cp_fit_begin(l, &fit, NULL), CP_OK);
    assert_int_equal(cp_fit_run(fit, NULL, NULL, NULL), CP_OK);
    assert_int_equal(cp_fit_result(fit)->outcome, CP_FSRS_OPT_DEFAULTS);
    cp_fit_verdict v = CP_FIT_USED;
    assert_int_equal(cp_fit_keep(fit, l, T0, &v, NULL), CP_OK);
    assert_int_equal(v, CP_FIT_TOO_LITTLE);
    assert_null(cp_learner_fit(l));
    cp_fit_free(fit);

    /* A fit that does not beat the defaults on the log is not used: here
     * an earlier fit stays active. */
    size_t size;
    char *text = slurp("short.tsv", &size);
    store_fixture(s, text);
    free(text);
    cp_store_fit earlier = {.fitted_at = T0 - 100, .reviews = 2, .log_loss_default = 0.3,
                            .log_loss_fitted = 0.2};
    cp_fsrs_params def;
    cp_fsrs_default_params(&def);
    memcpy(earlier.w, def.w, sizeof earlier.w);
    earlier.w[0] = 0.5;
    assert_int_equal(cp_learner_use_fit(l, &earlier, NULL), CP_OK);
    assert_int_equal(cp_fit_begin(l, &fit, NULL), CP_OK);
    assert_int_equal(cp_fit_run(fit, NULL, NULL, NULL), CP_OK);
    /* (the short log is fitted for real; make its result lose, as a log the
     * defaults already describe would) */
    cp_fsrs_opt_result *res = (cp_fsrs_opt_result *)cp_fit_result(fit);
    assert_int_equal(res->outcome, CP_FSRS_OPT_FITTED);
    res->fitted_eval.log_loss = res->default_eval.log_loss;
    assert_int_equal(cp_fit_keep(fit, l, T0, &v, NULL), CP_OK);
    assert_int_equal(v, CP_FIT_NO_BETTER);
    assert_non_null(cp_learner_fit(l));
    assert_int_equal(cp_learner_fit(l)->id, earlier.id);
    assert_true(cp_learner_params(l)->w[0] == 0.5);
    cp_fit_free(fit);
    cp_fit_free(NULL);
    cp_learner_free(l);
    cp_store_close(s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_offer_needs_spaced_reviews_and_refits_monthly),
        T(test_fit_of_the_store_is_the_optimizer_on_the_log),
        T(test_cancel_in_either_phase_changes_nothing),
        T(test_fit_sees_the_log_as_it_was_at_begin),
        T(test_too_little_or_no_better_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
