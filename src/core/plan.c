/* The diagnostic estimate (exact grid posterior of Rasch ability) and the
 * study plan: the expected review load from the scheduler (a tree of
 * remembered/forgotten answers per card), the budget fit (the most new
 * cards a day that keep every day's minutes within the budget, checked
 * day by day with the plan's own reviews from prefix sums of one card's
 * curve), the order (the next card from the task where it buys the
 * most), the mock dates, following the plan, and its sentences. See
 * plan.h for the model; the numbers here are its defaults. */
#include "cloudprep/plan.h"
#include "cloudprep/day.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRIOR_MEAN 0.0
#define PRIOR_SD 1.5
#define GRID_LO (-6.0)
#define GRID_HI 6.0
enum { GRID = 1201 };
#define REFERENCE_CUT 35.0          /* 50 medium items: 50 * s(mcc) */
#define SHRINK 2.0                  /* pseudo-answers toward the overall rate */

static double reference_scaled(double theta)
{
    double raw = CP_EXAM_SCORED * cp_score_p_correct(theta, 0.0);
    return cp_score_scale_exact(raw, REFERENCE_CUT, CP_EXAM_SCORED);
}

void cp_plan_estimate(const double *difficulty, const bool *correct,
                      const int *domain, size_t n, cp_diagnostic *out)
{
    memset(out, 0, sizeof *out);
    out->n_items = (int)n;
    for (size_t i = 0; i < n; i++) {
        out->correct += correct[i];
        if (domain[i] >= 1 && domain[i] <= CP_DOMAINS) {
            out->domain_items[domain[i] - 1]++;
            out->domain_correct[domain[i] - 1] += correct[i];
        }
    }

    /* Posterior on a grid, in logs to stay finite, then normalised. */
    double logpost[GRID], maxlog = -INFINITY;
    for (int g = 0; g < GRID; g++) {
        double theta = GRID_LO + (GRID_HI - GRID_LO) * g / (GRID - 1);
        double z = (theta - PRIOR_MEAN) / PRIOR_SD;
        double lp = -0.5 * z * z;
        for (size_t i = 0; i < n; i++) {
            double p = cp_score_p_correct(theta, difficulty[i]);
            lp += log(correct[i] ? p : 1.0 - p);
        }
        logpost[g] = lp;
        if (lp > maxlog)
            maxlog = lp;
    }
    double total = 0.0, mean = 0.0, sq = 0.0, scaled = 0.0;
    double weight[GRID];
    for (int g = 0; g < GRID; g++) {
        weight[g] = exp(logpost[g] - maxlog);
        total += weight[g];
    }
    double cum = 0.0;
    out->band_low = out->band_high = -1;
    for (int g = 0; g < GRID; g++) {
        double theta = GRID_LO + (GRID_HI - GRID_LO) * g / (GRID - 1);
        double w = weight[g] / total;
        mean += w * theta;
        sq += w * theta * theta;
        double s = reference_scaled(theta);
        scaled += w * s;
        cum += w;
        if (out->band_low < 0 && cum >= 0.1)
            out->band_low = (int)lround(s);
        if (out->band_high < 0 && cum >= 0.9)
            out->band_high = (int)lround(s);
    }
    if (out->band_high < 0)
        out->band_high = CP_SCALE_MAX;
    out->ability = mean;
    out->ability_sd = sqrt(fmax(0.0, sq - mean * mean));
    out->scaled = (int)lround(scaled);

    double overall = n ? (double)out->correct / (double)n : 0.5;
    int weakest = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        out->domain_rate[d] = (out->domain_correct[d] + SHRINK * overall) /
                              (out->domain_items[d] + SHRINK);
        const cp_domain_info *a = cp_blueprint_domain(d + 1);
        const cp_domain_info *b = cp_blueprint_domain(weakest + 1);
        if (out->domain_rate[d] < out->domain_rate[weakest] - 1e-12 ||
            (fabs(out->domain_rate[d] - out->domain_rate[weakest]) <= 1e-12 &&
             a->weight_percent > b->weight_percent))
            weakest = d;
    }
    out->weakest_domain = weakest + 1;
}

cp_status cp_plan_diagnose(const cp_exam_form *form, const cp_exam_session *session,
                           cp_diagnostic *out, cp_error *err)
{
    if (!form || !session || !out || cp_exam_state_of(session) == CP_EXAM_OPEN ||
        cp_exam_count(session) != form->n_items)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "diagnostic: needs a finished session of this form");
    double b[CP_EXAM_QUESTIONS];
    bool right[CP_EXAM_QUESTIONS];
    int domain[CP_EXAM_QUESTIONS];
    size_t n = 0;
    for (size_t i = 0; i < form->n_items; i++) {
        if (!form->items[i].scored)
            continue;
        b[n] = form->items[i].difficulty;
        right[n] = cp_exam_item_correct(session, i);
        domain[n] = form->items[i].card->domain;
        n++;
    }
    cp_plan_estimate(b, right, domain, n, out);
    return CP_OK;
}

int cp_plan_drill_minutes(int due, int fresh)
{
    int64_t seconds = (int64_t)(due > 0 ? due : 0) * CP_PLAN_SECONDS_PER_REVIEW +
                      (int64_t)(fresh > 0 ? fresh : 0) * CP_PLAN_SECONDS_PER_NEW_CARD;
    return (int)((seconds + 59) / 60);
}

int cp_plan_quiz_minutes(int questions, int seconds_per_question)
{
    int64_t seconds = (int64_t)(questions > 0 ? questions : 0) *
                      (seconds_per_question > 0 ? seconds_per_question : 0);
    return (int)((seconds + 59) / 60);
}

/* ---- the review load ------------------------------------------------------------------
 * A card's future: at each review it is remembered (Good) with the
 * retrievability then, or forgotten (Again, then its relearning steps).
 * The expected reviews per day are the probability mass reviewed on each
 * day, found day by day over a lattice: each day holds the memories due
 * then with their mass, and memories alike (stability within 35 %,
 * difficulty within 1, retrievability at the review within 0.1) are
 * merged, so the lattice stays small where a tree of every answer would
 * double at each review. (Finer steps change a card's expected reviews
 * over 90 days by under 0.1 %; test_plan checks it against a Monte Carlo
 * of the scheduler.) Cards already studied enter it at their next
 * review; they merge with one another the same way. */

typedef struct node {
    cp_memory memory;
    cp_time at;             /* its review */
    double mass;
    uint64_t key;
    int32_t next;           /* the next node of the same day, -1 */
} node;

typedef struct lattice {
    const cp_fsrs_params *params;   /* fuzz off */
    cp_time origin;                 /* day 0 begins here */
    double *out;
    size_t n_days;
    int32_t *head;                  /* per day: its first node, -1 */
    node *nodes;
    size_t n, cap;
    bool nomem;
} lattice;

static long day_at(const lattice *l, cp_time t)
{
    return t <= l->origin ? 0 : (long)((t - l->origin) / CP_DAY_SECONDS);
}

static void count(lattice *l, cp_time t, double mass)
{
    long d = day_at(l, t);
    if (d < (long)l->n_days)
        l->out[d] += mass;
}

/* (Re)learning steps, each answered Good when due, each a review. */
static cp_memory steps(lattice *l, cp_memory m, double mass)
{
    for (int k = 0; k < CP_FSRS_MAX_STEPS + 2 &&
                    (m.state == CP_STATE_LEARNING || m.state == CP_STATE_RELEARNING); k++) {
        count(l, m.due, mass);
        m = cp_fsrs_next(l->params, &m, m.due, CP_GOOD, 0);
    }
    return m;
}

/* A memory due for review at `at` with this mass, merged with one alike. */
static void add(lattice *l, cp_memory m, cp_time at, double mass)
{
    long d = day_at(l, at);
    if (d >= (long)l->n_days || !(mass > 0.0))
        return;
    double r = cp_fsrs_retrievability(l->params, &m, at);
    uint64_t qs = (uint64_t)(lround(log(m.stability > 1e-6 ? m.stability : 1e-6) / log(1.35)) + 100000);
    uint64_t qd = (uint64_t)lround(fmax(0.0, m.difficulty));
    uint64_t key = (qs << 24) | (qd << 8) | (uint64_t)lround(r * 10.0);
    for (int32_t i = l->head[d]; i >= 0; i = l->nodes[i].next)
        if (l->nodes[i].key == key) {
            l->nodes[i].mass += mass;
            return;
        }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        node *grown = realloc(l->nodes, cap * sizeof *grown);
        if (!grown) {
            l->nomem = true;
            return;
        }
        l->nodes = grown;
        l->cap = cap;
    }
    l->nodes[l->n] = (node){.memory = m, .at = at, .mass = mass, .key = key, .next = l->head[d]};
    l->head[d] = (int32_t)l->n++;
}

/* Day by day: each node's review, and its two futures on later days. */
static void run(lattice *l)
{
    for (size_t d = 0; d < l->n_days; d++) {
        for (int32_t i = l->head[d]; i >= 0; i = l->nodes[i].next) {
            node x = l->nodes[i];           /* add() may move the pool */
            l->out[d] += x.mass;
            double r = cp_fsrs_retrievability(l->params, &x.memory, x.at);
            /* Never the same day again: the next review is a day on at least. */
            cp_time later = l->origin + (cp_time)(d + 1) * CP_DAY_SECONDS;
            cp_memory next[4];      /* one call for both answers */
            cp_fsrs_preview(l->params, &x.memory, x.at, 0, next);
            cp_memory good = steps(l, next[CP_GOOD - 1], x.mass * r);
            add(l, good, good.due > later ? good.due : later, x.mass * r);
            cp_memory again = steps(l, next[CP_AGAIN - 1], x.mass * (1.0 - r));
            add(l, again, again.due > later ? again.due : later, x.mass * (1.0 - r));
        }
    }
}

static bool lattice_init(lattice *l, const cp_fsrs_params *params, cp_time origin, double *out,
                         size_t n_days)
{
    *l = (lattice){.params = params, .origin = origin, .out = out, .n_days = n_days};
    l->head = malloc(n_days * sizeof *l->head);
    if (!l->head)
        return false;
    for (size_t d = 0; d < n_days; d++)
        l->head[d] = -1;
    return true;
}

static void lattice_free(lattice *l)
{
    free(l->head);
    free(l->nodes);
}

static void unfuzzed(const cp_fsrs_params *params, cp_fsrs_params *out)
{
    if (params)
        *out = *params;
    else
        cp_fsrs_default_params(out);
    out->enable_fuzz = false;
}

void cp_plan_review_curve(const cp_fsrs_params *params, double *out, size_t n_days)
{
    if (!out || !n_days)
        return;
    memset(out, 0, n_days * sizeof *out);
    cp_fsrs_params p;
    unfuzzed(params, &p);
    /* First studied in the middle of day 0, answered Good. */
    const cp_time first = 1000000000;
    lattice l;
    if (!lattice_init(&l, &p, first - 12 * CP_HOUR_SECONDS, out, n_days))
        return;     /* out of memory: no reviews known (the fit errs generous) */
    cp_memory fresh = {0};
    cp_memory m = steps(&l, cp_fsrs_next(&p, &fresh, first, CP_GOOD, 0), 1.0);
    add(&l, m, m.due > first + 1 ? m.due : first + 1, 1.0);
    run(&l);
    lattice_free(&l);
    out[0] = 0.0;
}

cp_status cp_plan_review_load(const cp_fsrs_params *params, const cp_memory *memories, size_t n,
                              cp_time now, double *out, size_t n_days, cp_error *err)
{
    if (!out || !n_days)
        return CP_OK;
    memset(out, 0, n_days * sizeof *out);
    if (!memories || !n)
        return CP_OK;
    cp_fsrs_params p;
    unfuzzed(params, &p);
    lattice l;
    if (!lattice_init(&l, &p, now, out, n_days))
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "plan: out of memory");
    for (size_t i = 0; i < n && !l.nomem; i++) {
        cp_memory m = memories[i];
        if (m.state == CP_STATE_NEW || m.last_review <= 0 || !(m.stability > 0.0))
            continue;
        cp_time t = m.due > now ? m.due : now;
        if (m.state == CP_STATE_LEARNING || m.state == CP_STATE_RELEARNING) {
            /* Its step now, then as any card. */
            count(&l, t, 1.0);
            m = steps(&l, cp_fsrs_next(&p, &m, t, CP_GOOD, 0), 1.0);
            t = m.due > t + 1 ? m.due : t + 1;
        }
        add(&l, m, t, 1.0);
    }
    if (!l.nomem)
        run(&l);
    bool nomem = l.nomem;
    lattice_free(&l);
    return nomem ? cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "plan: out of memory") : CP_OK;
}

/* ---- the budget fit ---------------------------------------------------------------- */

typedef struct fit {
    int days, window;           /* days_left, new_card_days */
    double budget_s, sec_new, sec_rev;
    double *prefix;             /* prefix[i]: the review curve's days 0..i-1 summed */
    double *curve;
    double *backlog;            /* reviews of cards studied before, at the budget's pace */
    int first;                  /* the first day with room for new cards */
} fit;

/* New cards on day k when n a day start on fit->first until total are in. */
static int new_on(const fit *f, int n, int total, int k)
{
    if (n <= 0 || k < f->first)
        return 0;
    long long before = (long long)n * (k - f->first);
    if (before >= total)
        return 0;
    return total - before < n ? (int)(total - before) : n;
}

/* Reviews of the plan's own cards on day k. */
static double own_reviews(const fit *f, int n, int total, int k)
{
    if (n <= 0 || total <= 0 || k <= f->first)
        return 0.0;
    int full_days = (total - 1) / n;        /* days with n; then one with the rest */
    int last_day = f->first + full_days;
    int rest = total - n * full_days;
    double sum = 0.0;
    int hi = k - 1 < last_day - 1 ? k - 1 : last_day - 1;
    if (hi >= f->first)     /* days first..hi, n each: curve[k - hi .. k - first] */
        sum += n * (f->prefix[k - f->first + 1] - f->prefix[k - hi]);
    if (last_day < k)
        sum += rest * f->curve[k - last_day];
    return sum;
}

static double load_s(const fit *f, int n, int total, int k)
{
    return new_on(f, n, total, k) * f->sec_new +
           (f->backlog[k] + own_reviews(f, n, total, k)) * f->sec_rev;
}

static int total_for(const fit *f, int n, int unseen)
{
    long long room = (long long)n * (f->window - f->first);
    return room < unseen ? (int)room : unseen;
}

static bool fits(const fit *f, int n, int unseen)
{
    int total = total_for(f, n, unseen);
    for (int k = 0; k < f->days; k++)
        if (load_s(f, n, total, k) > f->budget_s + 1e-6)
            return false;
    return true;
}

typedef struct bucket {
    int domain;             /* 0..3 */
    int unseen, unseen_flash, total;
    double share, level;
    int taken;
} bucket;

static double yield(const bucket *b, double growth)
{
    if (b->taken >= b->unseen || b->total <= 0)
        return -1.0;
    double level = b->level + growth * (double)b->taken / (double)b->total;
    return b->share / (double)b->total * (1.0 - 1.0 / (1.0 + exp(-level)));
}

/* n split by domain in proportion to planned (largest remainder). */
static void split_daily(int n, const int planned[CP_DOMAINS], int total, int out[CP_DOMAINS])
{
    double rem[CP_DOMAINS];
    int given = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        double x = total > 0 ? (double)n * planned[d] / (double)total : 0.0;
        out[d] = (int)x;
        rem[d] = x - out[d];
        given += out[d];
    }
    while (total > 0 && given < n) {
        int best = 0;
        for (int d = 1; d < CP_DOMAINS; d++)
            if (rem[d] > rem[best])
                best = d;
        out[best]++;
        rem[best] = -1.0;
        given++;
    }
}

/* The days, the budget and the loads: what cp_plan_make and cp_plan_days share. */
static cp_status fit_setup(const cp_plan_desc *desc, const cp_study_plan *plan, fit *f,
                           cp_error *err)
{
    memset(f, 0, sizeof *f);
    f->days = plan->days_left;
    f->window = plan->new_card_days;
    f->budget_s = 60.0 * plan->budget_minutes;
    f->sec_new = desc->seconds_per_new_card > 0 ? desc->seconds_per_new_card
                                                : CP_PLAN_SECONDS_PER_NEW_CARD;
    f->sec_rev = desc->seconds_per_review > 0 ? desc->seconds_per_review
                                              : CP_PLAN_SECONDS_PER_REVIEW;
    size_t n = (size_t)f->days;
    f->curve = malloc(n * sizeof *f->curve);
    f->prefix = malloc((n + 1) * sizeof *f->prefix);
    f->backlog = calloc(n, sizeof *f->backlog);
    if (!f->curve || !f->prefix || !f->backlog) {
        free(f->curve);
        free(f->prefix);
        free(f->backlog);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "plan: out of memory");
    }
    if (desc->review_curve && desc->n_review_curve >= n)
        memcpy(f->curve, desc->review_curve, n * sizeof *f->curve);
    else
        cp_plan_review_curve(desc->params, f->curve, n);
    f->prefix[0] = 0.0;
    for (size_t k = 0; k < n; k++)
        f->prefix[k + 1] = f->prefix[k] + f->curve[k];
    /* Reviews already owed are done at the budget's pace; what does not
     * fit a day waits for the next. New cards start once the backlog is
     * done and a new card fits beside the day's reviews. */
    double cap = f->budget_s / f->sec_rev, carry = 0.0;
    f->first = f->window;
    for (int k = 0; k < f->days; k++) {
        double owed = (desc->review_load && (size_t)k < desc->n_review_load
                           ? desc->review_load[k] : 0.0);
        bool clear = carry < 1e-9;
        owed += carry;
        f->backlog[k] = owed < cap ? owed : cap;
        carry = owed - f->backlog[k];
        if (clear && f->first == f->window && k < f->window &&
            f->backlog[k] * f->sec_rev + f->sec_new <= f->budget_s + 1e-6)
            f->first = k;
    }
    return CP_OK;
}

static void fit_free(fit *f)
{
    free(f->curve);
    free(f->prefix);
    free(f->backlog);
}

cp_status cp_plan_make(const cp_plan_desc *desc, const int unseen[CP_DOMAINS],
                       int weakest_domain, cp_time now, cp_study_plan *out,
                       cp_error *err)
{
    static const cp_plan_desc none = {0};
    if (!desc)
        desc = &none;
    if (!out || (!unseen && !desc->tasks))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "plan: missing argument");
    const cp_time day = CP_DAY_SECONDS;
    cp_time exam = desc->exam_date ? desc->exam_date
                                   : now + (cp_time)CP_PLAN_DEFAULT_WEEKS * 7 * day;
    if (exam <= now)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                            "plan: the exam date must be after today");
    int review_days = desc->review_days > 0 ? desc->review_days : 7;
    int interval = desc->mock_interval_days > 0 ? desc->mock_interval_days : 7;
    int budget = desc->budget_minutes > 0 ? desc->budget_minutes : CP_PLAN_BUDGET_DEFAULT;
    budget = budget < CP_PLAN_BUDGET_MIN ? CP_PLAN_BUDGET_MIN
             : budget > CP_PLAN_BUDGET_MAX ? CP_PLAN_BUDGET_MAX : budget;
    /* The order needs a task's yield to fall as it is covered, or it would
     * take one task after another: a growth not yet seen counts as 2. */
    double growth = desc->growth > 0.0 ? (desc->growth < 1.0 ? 1.0 : desc->growth) : 2.0;

    memset(out, 0, sizeof *out);
    out->exam_date = exam;
    out->start = now;
    out->budget_minutes = budget;
    out->days_left = (int)((exam - now + day - 1) / day);
    out->weakest_domain = weakest_domain >= 1 && weakest_domain <= CP_DOMAINS ? weakest_domain : 0;
    /* A short runway keeps at least three quarters of it for new cards. */
    if (review_days > out->days_left / 4)
        review_days = out->days_left / 4;
    out->new_card_days = out->days_left - review_days;
    if (out->new_card_days < 1)
        out->new_card_days = 1;
    out->review_days = out->days_left - out->new_card_days;

    /* What there is to introduce, by task statement or by domain. */
    bucket buckets[CP_TASKS];
    int n_buckets = 0, all_unseen = 0;
    out->by_task = desc->tasks != NULL;
    if (desc->tasks) {
        for (int t = 0; t < CP_TASKS; t++) {
            const cp_plan_task *x = &desc->tasks[t];
            int u = x->unseen > 0 ? x->unseen : 0;
            int flash = x->unseen_flash < 0 ? 0 : x->unseen_flash > u ? u : x->unseen_flash;
            buckets[n_buckets++] = (bucket){
                .domain = cp_blueprint_task(t)->domain - 1, .unseen = u, .unseen_flash = flash,
                .total = x->total > u ? x->total : u, .share = x->share > 0.0 ? x->share : 0.0,
                .level = isfinite(x->level) ? x->level : 0.0};
            out->unseen[cp_blueprint_task(t)->domain - 1] += u;
        }
    } else {
        for (int d = 0; d < CP_DOMAINS; d++) {
            int u = unseen[d] > 0 ? unseen[d] : 0;
            buckets[n_buckets++] = (bucket){
                .domain = d, .unseen = u, .total = u,
                .share = cp_blueprint_domain(d + 1)->weight_percent / 100.0};
            out->unseen[d] = u;
        }
    }
    for (int b = 0; b < n_buckets; b++)
        all_unseen += buckets[b].unseen;

    /* The most new cards a day that keep every day within the budget (no
     * more than it takes to spread the bank evenly over the window). */
    fit f;
    cp_status s = fit_setup(desc, out, &f, err);
    if (s != CP_OK)
        return s;
    /* Starting the day the backlog is done may leave that day little room,
     * and the same number every day would then be small: a later start is
     * tried too, up to two weeks, and the one that covers most is kept. */
    int n = 0, total = 0, start = f.first;
    for (int first = f.first; first < f.window && first <= start + 14 && all_unseen > 0; first++) {
        f.first = first;
        int days_for_new = f.window - first, best = 0;
        int even = (all_unseen + days_for_new - 1) / days_for_new;
        for (int k = 1; k <= even && fits(&f, k, all_unseen); k++)
            best = k;
        int covered = best ? total_for(&f, best, all_unseen) : 0;
        if (covered > total) {
            n = best;
            total = covered;
            start = first;
        }
        if (total == all_unseen)
            break;
    }
    f.first = start;
    out->new_per_day_total = n;
    out->first_new_day = n ? start : 0;
    out->planned_total = total;
    out->new_days = n ? (total + n - 1) / n : 0;
    out->last_day_new = n ? total - n * (out->new_days - 1) : 0;
    out->whole_bank = total == all_unseen;

    /* Which cards: one at a time from the bucket where one more buys the most. */
    for (int k = 0; k < total; k++) {
        int best = -1;
        double best_yield = -1.0;
        for (int b = 0; b < n_buckets; b++) {
            double y = yield(&buckets[b], growth);
            if (y > best_yield + 1e-15) {
                best_yield = y;
                best = b;
            }
        }
        if (best < 0)
            break;
        buckets[best].taken++;
    }
    for (int b = 0; b < n_buckets; b++) {
        const bucket *x = &buckets[b];
        int left = x->unseen - x->taken;
        out->planned[x->domain] += x->taken;
        out->left_out_domain[x->domain] += left;
        out->left_out += left;
        if (x->unseen > 0)
            out->left_out_flash += (int)lround((double)x->unseen_flash * left / x->unseen);
        if (out->by_task) {
            out->planned_task[b] = x->taken;
            out->left_out_task[b] = left;
        }
    }
    split_daily(n, out->planned, total, out->new_per_day);

    /* The minutes: a typical day with new cards, the busiest day, and what
     * the sweep may use of the days after. */
    double sum = 0.0, peak = 0.0;
    int counted = 0, sweep_cap = -1;
    for (int k = 0; k < f.days; k++) {
        double load = load_s(&f, n, total, k);
        if (load > peak)
            peak = load;
        if (n ? (k >= out->first_new_day && k < out->first_new_day + out->new_days) : true) {
            sum += load;
            counted++;
        }
        if (k >= f.window) {
            int room = (int)floor((f.budget_s - load) / f.sec_rev + 1e-9);
            room = room < 0 ? 0 : room;
            if (sweep_cap < 0 || room < sweep_cap)
                sweep_cap = room;
        }
    }
    out->drill_minutes = counted ? (int)lround(sum / counted / 60.0) : 0;
    out->peak_minutes = (int)ceil(peak / 60.0 - 1e-9);
    out->sweep_cap = sweep_cap > 0 ? sweep_cap : 0;
    fit_free(&f);

    for (int t = interval; t <= out->new_card_days && t <= out->days_left - 2 &&
                           out->n_mocks < CP_PLAN_MAX_MOCKS; t += interval)
        out->mock_dates[out->n_mocks++] = now + (cp_time)t * day;
    int last = out->n_mocks ? (int)((out->mock_dates[out->n_mocks - 1] - now) / day) : 0;
    for (int t = last + 2 > out->new_card_days + 1 ? last + 2 : out->new_card_days + 1;
         t <= out->days_left - 2 && out->n_mocks < CP_PLAN_MAX_MOCKS; t += 2)
        out->mock_dates[out->n_mocks++] = now + (cp_time)t * day;
    return CP_OK;
}

cp_status cp_plan_days(const cp_plan_desc *desc, const cp_study_plan *plan, cp_plan_day *out,
                       size_t n_days, cp_error *err)
{
    static const cp_plan_desc none = {0};
    if (!desc)
        desc = &none;
    if (!out || !plan)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "plan: missing argument");
    memset(out, 0, n_days * sizeof *out);
    if (plan->days_left <= 0)
        return CP_OK;
    fit f;
    cp_status s = fit_setup(desc, plan, &f, err);
    if (s != CP_OK)
        return s;
    f.first = plan->first_new_day;
    int n = plan->new_per_day_total, total = plan->planned_total;
    for (size_t k = 0; k < n_days && (int)k < f.days; k++) {
        out[k].new_cards = new_on(&f, n, total, (int)k);
        out[k].reviews = f.backlog[k] + own_reviews(&f, n, total, (int)k);
        out[k].minutes = load_s(&f, n, total, (int)k) / 60.0;
    }
    fit_free(&f);
    return CP_OK;
}

/* ---- the plan in words --------------------------------------------------------- */

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ", " between items and " and " before the last. */
static const char *joiner(int i, int n)
{
    return i == 0 ? "" : i == n - 1 ? " and " : ", ";
}

void cp_plan_describe(const cp_study_plan *p, cp_plan_text *out)
{
    memset(out, 0, sizeof *out);
    int unseen = 0;
    for (int d = 0; d < CP_DOMAINS; d++)
        unseen += p->unseen[d];
    int n = p->new_per_day_total;
    char *s = out->new_cards;
    size_t size = sizeof out->new_cards;
    int len = 0;
    if (unseen == 0) {
        snprintf(s, size, "Every card has been introduced: the plan is reviews only.");
    } else if (n == 0) {
        snprintf(s, size,
                 "No new cards fit in %d minutes a day: the reviews of the cards you have "
                 "studied fill it.", p->budget_minutes);
    } else {
        if (p->first_new_day > 0)
            len += snprintf(s + len, size - (size_t)len,
                            "After %d %s of catching up on reviews, ", p->first_new_day,
                            plural(p->first_new_day, "day", "days"));
        int full = p->last_day_new == n ? p->new_days : p->new_days - 1;
        if (p->new_days == 1)
            len += snprintf(s + len, size - (size_t)len, "%d new %s in one day",
                            p->planned_total, plural(p->planned_total, "card", "cards"));
        else if (full == p->new_days)
            len += snprintf(s + len, size - (size_t)len, "%d new %s a day for %d days", n,
                            plural(n, "card", "cards"), full);
        else
            len += snprintf(s + len, size - (size_t)len,
                            "%d new %s a day for %d %s, then %d on day %d", n,
                            plural(n, "card", "cards"), full, plural(full, "day", "days"),
                            p->last_day_new, p->new_days);
        len += snprintf(s + len, size - (size_t)len, ": %d in all (", p->planned_total);
        int shown = 0;
        for (int d = 0; d < CP_DOMAINS; d++) {
            if (!p->planned[d])
                continue;
            len += snprintf(s + len, size - (size_t)len, "%s%d %s", shown ? ", " : "",
                            p->planned[d], cp_blueprint_domain(d + 1)->short_name);
            shown++;
        }
        snprintf(s + len, size - (size_t)len, ")%s.",
                 p->by_task ? ", weak and heavily weighted tasks first" : "");
    }

    if (p->peak_minutes > 0)
        snprintf(out->minutes, sizeof out->minutes,
                 "About %d %s of drill a day with reviews, never more than %d %s.",
                 p->drill_minutes, plural(p->drill_minutes, "minute", "minutes"),
                 p->peak_minutes, plural(p->peak_minutes, "minute", "minutes"));

    if (p->left_out > 0 && n > 0) {
        s = out->left_out;
        size = sizeof out->left_out;
        len = snprintf(s, size, "It leaves out %d new %s", p->left_out,
                       plural(p->left_out, "card", "cards"));
        if (p->left_out_flash > 0)
            len += snprintf(s + len, size - (size_t)len, " (about %d of them %s)", p->left_out_flash,
                            plural(p->left_out_flash, "a flashcard", "flashcards"));
        if (!p->by_task) {
            /* By domain the order is nearly proportional: say how many of each. */
            len += snprintf(s + len, size - (size_t)len, ": ");
            int shown = 0;
            for (int d = 0; d < CP_DOMAINS; d++)
                if (p->left_out_domain[d] > 0)
                    len += snprintf(s + len, size - (size_t)len, "%s%d %s", shown++ ? ", " : "",
                                    p->left_out_domain[d], cp_blueprint_domain(d + 1)->short_name);
        } else {
            /* Where most of them are: the three tasks with the most left out. */
            int order[CP_TASKS], k = 0;
            for (int i = 0; i < CP_TASKS; i++)
                if (p->left_out_task[i] > 0)
                    order[k++] = i;
            for (int i = 1; i < k; i++)
                for (int j = i; j > 0 && p->left_out_task[order[j]] > p->left_out_task[order[j - 1]];
                     j--) {
                    int t = order[j];
                    order[j] = order[j - 1];
                    order[j - 1] = t;
                }
            int show = k < 3 ? k : 3;
            len += snprintf(s + len, size - (size_t)len, ", most on lower-yield tasks: ");
            for (int i = 0; i < show; i++)
                len += snprintf(s + len, size - (size_t)len, "%s%s", joiner(i, show),
                                cp_blueprint_task(order[i])->id);
        }
        snprintf(s + len, size - (size_t)len, ".");
    }

    if (p->review_days > 0)
        snprintf(out->sweep, sizeof out->sweep,
                 "The last %d %s: no new cards; up to %d studied %s a day once more.",
                 p->review_days, plural(p->review_days, "day", "days"), p->sweep_cap,
                 plural(p->sweep_cap, "card", "cards"));
}

/* ---- following the plan ------------------------------------------------ */

static int expected_by(const cp_study_plan *plan, int d, int days)
{
    days -= plan->first_new_day;
    long long n = (long long)plan->new_per_day[d] * (days > 0 ? days : 0);
    return n < plan->planned[d] ? (int)n : plan->planned[d];
}

int cp_plan_day_quota(const cp_study_plan *plan, int day, const int before[CP_DOMAINS], cp_time now)
{
    if (plan->exam_date <= now)
        return -1;
    if (day < 0)
        day = 0;
    if (day >= plan->new_card_days)
        return 0;
    int total = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        int got = before[d] > 0 ? before[d] : 0;
        int part = expected_by(plan, d, day + 1) - got, cap = 2 * plan->new_per_day[d];
        total += part < 0 ? 0 : part > cap ? cap : part;
    }
    return total;
}

void cp_plan_follow(const cp_study_plan *plan, const int introduced[CP_DOMAINS], int studied,
                    cp_time now, cp_plan_today *out)
{
    const cp_time day = CP_DAY_SECONDS;
    memset(out, 0, sizeof *out);
    cp_time since = now - plan->start;
    out->day = since >= 0 ? (int)(since / day) : 0;
    cp_time left = plan->exam_date - now;
    out->days_to_exam = left > 0 ? (int)((left + day - 1) / day) : 0;
    if (left <= 0 || out->days_to_exam <= 0)
        out->phase = CP_PLAN_EXAM_DAY;
    else if (out->day >= plan->new_card_days)
        out->phase = CP_PLAN_SWEEP;
    else
        out->phase = CP_PLAN_NEW_CARDS;

    int before = 0, planned = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        int got = introduced[d] > 0 ? introduced[d] : 0;
        int want = expected_by(plan, d, out->day + 1);
        before += expected_by(plan, d, out->day);
        out->expected += want;
        out->introduced += got;
        planned += plan->planned[d];
        int part = want - got;
        int cap = 2 * plan->new_per_day[d];
        part = part < 0 ? 0 : part > cap ? cap : part;
        if (out->phase != CP_PLAN_NEW_CARDS)
            part = 0;
        out->new_today[d] = part;
        out->new_today_total += part;
    }
    out->cards_ahead = out->introduced - out->expected;
    if (out->introduced < before)
        out->pace = CP_PLAN_BEHIND;
    else if ((planned > 0 && out->introduced >= planned && out->expected < planned) ||
             (plan->new_per_day_total > 0 &&
              out->introduced >= out->expected + plan->new_per_day_total &&
              out->expected < planned))
        out->pace = CP_PLAN_AHEAD;
    else
        out->pace = CP_PLAN_ON_TRACK;

    if (out->phase == CP_PLAN_SWEEP && studied > 0) {
        int days = plan->review_days > 0 ? plan->review_days : 1;
        out->sweep_per_day = (studied + days - 1) / days;
        if (out->sweep_per_day > plan->sweep_cap)
            out->sweep_per_day = plan->sweep_cap;
    }
    for (size_t i = 0; i < plan->n_mocks; i++) {
        cp_time t = plan->mock_dates[i] - plan->start;
        if (t >= 0 && (int)(t / day) == out->day)
            out->mock_today = true;
    }
}

const char *cp_plan_pace_name(cp_plan_pace pace)
{
    switch (pace) {
    case CP_PLAN_AHEAD: return "ahead";
    case CP_PLAN_BEHIND: return "behind";
    case CP_PLAN_ON_TRACK: break;
    }
    return "on track";
}
