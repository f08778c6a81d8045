/* Today's drill: which cards, in which order.
 *
 * Three parts. (Re)learning cards due within the learn-ahead window, by due
 * time. Review cards due before the study day ends; over the daily limit
 * the lowest retrievability (most overdue for its stability) goes first.
 * New cards: the day's total is shared between domains in proportion to
 * weight x weakness (water-filled around domains with too few new cards,
 * then rounded by seeded systematic sampling so each domain's expected
 * count is exact), minus what each domain already had today; inside a
 * domain the least-covered task statement goes first, then deck order.
 * Each part is interleaved across domains by largest deficit against its
 * own mix, never letting one domain run more than twice while another has
 * cards left. A boost list (cards that set apart a pair the learner
 * confuses) moves its cards to the front of their part: a boosted due
 * review is ranked before every other, a few boosted reviews not yet due
 * fill room the due ones leave, and a boosted new card takes its domain's
 * next new slot; limits, domain shares and the reserve stay as they are. */
#include "cloudprep/queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct queue_settings {
    int new_limit, review_limit;
    int learn_ahead_s;
    double weakness_gain;
    int accuracy_window;
    int fast_ms, slow_ms;
} queue_settings;

static queue_settings settings_of(const cp_queue_desc *d)
{
    cp_queue_desc zero = {0};
    if (!d)
        d = &zero;
    queue_settings s;
    s.new_limit = d->new_limit == 0 ? 20 : d->new_limit < 0 ? 0 : d->new_limit;
    s.review_limit = d->review_limit == 0 ? 200 : d->review_limit < 0 ? 0 : d->review_limit;
    s.learn_ahead_s = d->learn_ahead_s > 0 ? d->learn_ahead_s : 1200;
    s.weakness_gain = d->weakness_gain > 0.0 ? d->weakness_gain : 4.0;
    s.accuracy_window = d->accuracy_window > 0 ? d->accuracy_window : 100;
    s.fast_ms = d->fast_ms > 0 ? d->fast_ms : 20000;
    s.slow_ms = d->slow_ms > 0 ? d->slow_ms : 83000;
    return s;
}

void cp_queue_day(cp_time now, const cp_queue_desc *desc, cp_time *start, cp_time *end)
{
    const cp_day_clock *clock = desc ? &desc->clock : NULL;
    int32_t day = cp_day_of(clock, now);
    *start = cp_day_begin(clock, day);
    *end = cp_day_begin(clock, day + 1);
}

cp_queue_desc cp_queue_desc_of(const cp_settings *s, cp_day_clock clock)
{
    clock.start_hour = s->day_start_hour;
    return (cp_queue_desc){
        .clock = clock,
        .new_limit = s->new_per_day == 0 ? -1 : s->new_per_day,
        .review_limit = s->reviews_per_day,
    };
}

cp_rating cp_queue_grade(const cp_queue_desc *desc, bool correct, int32_t duration_ms)
{
    queue_settings s = settings_of(desc);
    if (!correct)
        return CP_AGAIN;
    if (duration_ms >= 0 && duration_ms < s.fast_ms)
        return CP_EASY;
    if (duration_ms > s.slow_ms)
        return CP_HARD;
    return CP_GOOD;
}

void cp_queue_tally_begin(cp_queue_tallier *t, const cp_deck *deck, cp_time now,
                          const cp_queue_desc *desc)
{
    memset(t, 0, sizeof *t);
    t->deck = deck;
    cp_queue_day(now, desc, &t->start, &t->end);
    t->window = (uint32_t)settings_of(desc).accuracy_window;
    if (t->window > CP_QUEUE_WINDOW_MAX)
        t->window = CP_QUEUE_WINDOW_MAX;
}

static bool is_study(const cp_review *r)
{
    return !r->mode || (strcmp(r->mode, "exam") != 0 && strcmp(r->mode, "diagnostic") != 0);
}

/* Today's counts for one answer (either reading order). */
static void count_today(cp_queue_tallier *t, int d, const cp_review *r)
{
    if (r->at < t->start || r->at >= t->end || !is_study(r))
        return;
    t->done_today++;
    t->correct_today += r->rating > CP_AGAIN;
    if (d < 0)
        return;
    if (r->before.state == CP_STATE_NEW)
        t->stats.new_today[d]++;
    else
        t->stats.reviews_today++;
}

void cp_queue_tally_push(cp_queue_tallier *t, long card, const cp_review *r)
{
    int d = card >= 0 ? cp_deck_card(t->deck, (size_t)card)->domain - 1 : -1;
    if (d < 0 || d >= CP_DOMAINS) {
        count_today(t, -1, r);
        return;
    }
    /* The newest answer enters the window at the front; the oldest leaves
     * when it is full. */
    uint8_t right = r->rating != CP_AGAIN;
    t->head[d] = (uint16_t)((t->head[d] + CP_QUEUE_WINDOW_MAX - 1) % CP_QUEUE_WINDOW_MAX);
    if (t->count[d] == t->window) {
        uint8_t gone = t->right[d][(t->head[d] + t->window) % CP_QUEUE_WINDOW_MAX];
        t->stats.correct[d] -= gone;
    } else {
        t->count[d]++;
        t->stats.answered[d]++;
    }
    t->right[d][t->head[d]] = right;
    t->stats.correct[d] += right;
    count_today(t, d, r);
}

bool cp_queue_tally_add(cp_queue_tallier *t, const cp_review *r)
{
    cp_queue_stats *out = &t->stats;
    bool full = true;
    for (int d = 0; d < CP_DOMAINS; d++)
        full = full && out->answered[d] >= t->window;
    if (full && r->at < t->start)
        return false;
    long idx = t->deck && r->card_id ? cp_deck_find(t->deck, r->card_id) : -1;
    int d = idx >= 0 ? cp_deck_card(t->deck, (size_t)idx)->domain - 1 : -1;
    if (d < 0 || d >= CP_DOMAINS) {
        count_today(t, -1, r);
        return true;
    }
    if (out->answered[d] < t->window) {
        /* Read newest first: this one is older than all it holds. */
        t->right[d][(t->head[d] + t->count[d]) % CP_QUEUE_WINDOW_MAX] = r->rating != CP_AGAIN;
        t->count[d]++;
        out->answered[d]++;
        if (r->rating != CP_AGAIN)
            out->correct[d]++;
    }
    count_today(t, d, r);
    return true;
}

void cp_queue_tally(const cp_deck *deck, const cp_review *reviews,
                    size_t n_reviews, cp_time now, const cp_queue_desc *desc,
                    cp_queue_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!deck || !reviews)
        return;
    cp_queue_tallier t;
    cp_queue_tally_begin(&t, deck, now, desc);
    /* Newest first: the window keeps the most recent answers. */
    for (size_t k = n_reviews; k-- > 0;)
        if (!cp_queue_tally_add(&t, &reviews[k]))
            break;
    *out = t.stats;
}

static double weight_of(int d)
{
    const cp_domain_info *info = cp_blueprint_domain(d + 1);
    return info ? info->weight_percent : 25.0;
}

void cp_queue_weakness(const cp_queue_stats *stats, const cp_queue_desc *desc,
                       double out[CP_DOMAINS])
{
    queue_settings s = settings_of(desc);
    for (int d = 0; d < CP_DOMAINS; d++)
        out[d] = 1.0;
    if (!stats)
        return;
    double n = 0, c = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        n += stats->answered[d];
        c += stats->correct[d];
    }
    if (n <= 0)
        return;
    /* Shrink each domain's rate toward the overall one by 10 pseudo-answers,
     * so three lucky answers do not make a domain look strong. */
    const double prior_n = 10.0;
    double overall = c / n, acc[CP_DOMAINS], mean = 0, wsum = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        acc[d] = (stats->correct[d] + prior_n * overall) / (stats->answered[d] + prior_n);
        mean += weight_of(d) * acc[d];
        wsum += weight_of(d);
    }
    mean /= wsum;
    for (int d = 0; d < CP_DOMAINS; d++)
        out[d] = fmin(fmax(exp(s.weakness_gain * (mean - acc[d])), 0.5), 2.0);
}

/* ---- ordering helpers ---------------------------------------------------- */

typedef struct ranked {
    double key;     /* sort key: due time, or retrievability */
    size_t card;
    int domain;     /* 0..3 */
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->card < y->card ? -1 : x->card > y->card;
}

/* Moves the k smallest items (by cmp_ranked) to the front, in any order:
 * quickselect with a median-of-three pivot; the comparator is a total
 * order, so the set chosen is the one a full sort would put first. */
static void select_first(ranked *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n;      /* the k-th smallest lies in [lo, hi) */
    while (k > lo && hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        ranked *p0 = &a[lo], *p1 = &a[mid], *p2 = &a[hi - 1];
        ranked *pivot = cmp_ranked(p0, p1) < 0
                            ? (cmp_ranked(p1, p2) < 0 ? p1 : cmp_ranked(p0, p2) < 0 ? p2 : p0)
                            : (cmp_ranked(p0, p2) < 0 ? p0 : cmp_ranked(p1, p2) < 0 ? p2 : p1);
        ranked pv = *pivot;
        /* Three-way partition: < pivot, == pivot, > pivot. */
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            int c = cmp_ranked(&a[i], &pv);
            if (c < 0) {
                ranked t = a[lt];
                a[lt++] = a[i];
                a[i++] = t;
            } else if (c > 0) {
                ranked t = a[--gt];
                a[gt] = a[i];
                a[i] = t;
            } else {
                i++;
            }
        }
        if (k <= lt)
            hi = lt;
        else if (k <= gt)
            return;
        else
            lo = gt;
    }
}

/* Interleaves items (in priority order) across domains into out: each step
 * takes the domain furthest behind its share of the part, the earliest item
 * on a tie, and never a third in a row from one domain while another
 * domain still has items. *last_domain and *run carry the run across
 * parts. */
static void interleave(const ranked *items, size_t n, size_t *out,
                       int *last_domain, int *run, size_t *scratch)
{
    size_t count[CP_DOMAINS] = {0}, taken[CP_DOMAINS] = {0};
    size_t start[CP_DOMAINS];
    for (size_t i = 0; i < n; i++)
        count[items[i].domain]++;
    /* scratch: item positions grouped by domain, each in priority order. */
    size_t fill[CP_DOMAINS];
    size_t acc = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        start[d] = fill[d] = acc;
        acc += count[d];
    }
    for (size_t i = 0; i < n; i++)
        scratch[fill[items[i].domain]++] = i;

    for (size_t k = 0; k < n; k++) {
        int best = -1, alt = -1;
        double best_deficit = 0, alt_deficit = 0;
        for (int d = 0; d < CP_DOMAINS; d++) {
            if (taken[d] == count[d])
                continue;
            double deficit = (double)(k + 1) * (double)count[d] / (double)n - (double)taken[d];
            size_t head = scratch[start[d] + taken[d]];
            bool better = best < 0 || deficit > best_deficit + 1e-12 ||
                          (fabs(deficit - best_deficit) <= 1e-12 &&
                           head < scratch[start[best] + taken[best]]);
            if (better) {
                best = d;
                best_deficit = deficit;
            }
            if (d != *last_domain) {
                bool alt_better = alt < 0 || deficit > alt_deficit + 1e-12 ||
                                  (fabs(deficit - alt_deficit) <= 1e-12 &&
                                   head < scratch[start[alt] + taken[alt]]);
                if (alt_better) {
                    alt = d;
                    alt_deficit = deficit;
                }
            }
        }
        int d = best;
        if (d == *last_domain && *run >= 2 && alt >= 0)
            d = alt;
        out[k] = items[scratch[start[d] + taken[d]]].card;
        taken[d]++;
        if (d == *last_domain) {
            (*run)++;
        } else {
            *last_domain = d;
            *run = 1;
        }
    }
}

/* ---- new cards ------------------------------------------------------------ */

/* Shares `total` between domains in proportion to weight, none above its
 * capacity (water-filling), as real numbers. */
static void water_fill(double total, const double weight[CP_DOMAINS],
                       const double cap[CP_DOMAINS], double q[CP_DOMAINS])
{
    bool fixed[CP_DOMAINS] = {false};
    for (int d = 0; d < CP_DOMAINS; d++)
        q[d] = 0;
    for (int round = 0; round < CP_DOMAINS; round++) {
        double left = total, wsum = 0;
        for (int d = 0; d < CP_DOMAINS; d++) {
            if (fixed[d])
                left -= q[d];
            else
                wsum += weight[d];
        }
        if (wsum <= 0 || left <= 0)
            break;
        bool capped = false;
        for (int d = 0; d < CP_DOMAINS; d++) {
            if (fixed[d])
                continue;
            q[d] = left * weight[d] / wsum;
            if (q[d] >= cap[d]) {
                q[d] = cap[d];
                fixed[d] = true;
                capped = true;
            }
        }
        if (!capped)
            break;
    }
}

/* How many new cards each domain gets now (want), from the day's real
 * quotas q, rounded by systematic sampling and less what was done today. */
static void new_counts(const double q[CP_DOMAINS], int day_total,
                       const int done[CP_DOMAINS], const size_t avail[CP_DOMAINS],
                       int remaining, uint64_t seed, int want[CP_DOMAINS])
{
    int quota[CP_DOMAINS];
    int sum = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        quota[d] = (int)floor(q[d] + 1e-9);
        sum += quota[d];
    }
    cp_rng rng;
    cp_rng_seed(&rng, seed ^ 0x51a7e5u);
    double u = cp_rng_unit(&rng), cum = 0;
    for (int d = 0; d < CP_DOMAINS && sum < day_total; d++) {
        double frac = fmax(q[d] - quota[d], 0.0);
        int extra = (int)(floor(u + cum + frac) - floor(u + cum));
        cum += frac;
        if (extra > 0 && (double)quota[d] < q[d]) {
            quota[d]++;
            sum++;
        }
    }
    int total = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        want[d] = quota[d] - done[d];
        if (want[d] < 0)
            want[d] = 0;
        if (want[d] > (int)avail[d])
            want[d] = (int)avail[d];
        total += want[d];
    }
    /* A domain that ran over its quota earlier today (the accuracy moved)
     * or rounding at a capacity edge: settle the difference where the
     * day's real quota is furthest from what it got. */
    while (total != remaining) {
        int pick = -1;
        double best = 0;
        for (int d = 0; d < CP_DOMAINS; d++) {
            double gap = q[d] - (double)(done[d] + want[d]);
            if (total < remaining && want[d] < (int)avail[d] && (pick < 0 || gap > best)) {
                pick = d;
                best = gap;
            }
            if (total > remaining && want[d] > 0 && (pick < 0 || gap < best)) {
                pick = d;
                best = gap;
            }
        }
        if (pick < 0)
            break;
        want[pick] += total < remaining ? 1 : -1;
        total += total < remaining ? 1 : -1;
    }
}

/* ---- the queue ----------------------------------------------------------- */

void cp_queue_free(cp_queue *queue)
{
    if (!queue)
        return;
    free(queue->cards);
    memset(queue, 0, sizeof *queue);
}

cp_status cp_queue_build(const cp_queue_input *in, cp_queue *out, cp_error *err)
{
    if (!out)
        return cp_error_set(err, CP_ERR_INVALID, "", 0, "cp_queue_build: no output");
    memset(out, 0, sizeof *out);
    if (!in || !in->deck)
        return cp_error_set(err, CP_ERR_INVALID, "", 0, "cp_queue_build: no deck");

    cp_status status = CP_OK;
    queue_settings s = settings_of(in->desc);
    const cp_deck *deck = in->deck;
    size_t n = cp_deck_count(deck);
    cp_fsrs_params defaults;
    const cp_fsrs_params *params = in->params;
    if (!params) {
        cp_fsrs_default_params(&defaults);
        params = &defaults;
    }
    cp_queue_day(in->now, in->desc, &out->day_start, &out->day_end);
    cp_queue_weakness(in->stats, in->desc, out->weakness);
    cp_fsrs_curve curve = cp_fsrs_curve_of(params);

    ranked *items = malloc((n ? n : 1) * sizeof *items);
    size_t *scratch = malloc((n ? n : 1) * sizeof *scratch);
    size_t *by_task = malloc((n ? n : 1) * sizeof *by_task);
    out->cards = malloc((n ? n : 1) * sizeof *out->cards);
    /* Boosted reviews not due yet wait here; new cards already taken for a
     * boost are marked in taken. */
    ranked *early = in->boost ? malloc((n ? n : 1) * sizeof *early) : NULL;
    uint8_t *taken = in->boost ? calloc(n ? n : 1, 1) : NULL;
    if (!items || !scratch || !by_task || !out->cards || (in->boost && (!early || !taken))) {
        status = cp_error_set(err, CP_ERR_NOMEM, "", 0, "out of memory building the queue");
        goto done;
    }

    /* One pass: learning and review cards into items (learning at the
     * front), new cards counted by task; task coverage so far. */
    size_t n_learning = 0, n_review = 0, n_early = 0;
    size_t task_total[CP_TASKS] = {0}, task_seen[CP_TASKS] = {0}, task_new[CP_TASKS] = {0};
    size_t avail[CP_DOMAINS] = {0};
    cp_time learn_until = in->now + s.learn_ahead_s;
    for (size_t i = 0; i < n; i++) {
        const cp_card *card = cp_deck_card(deck, i);
        int d = card->domain - 1;
        if (d < 0 || d >= CP_DOMAINS || card->task < 0 || card->task >= CP_TASKS)
            continue;
        static const cp_memory fresh = {0};
        const cp_memory *m = in->memory ? &in->memory[i] : &fresh;
        if (m->state == CP_STATE_NEW && in->held && in->held[i])
            continue;   /* held back for fresh mocks: not part of the drill */
        task_total[card->task]++;
        switch (m->state) {
        case CP_STATE_LEARNING:
        case CP_STATE_RELEARNING:
            task_seen[card->task]++;
            if (m->due <= learn_until) {
                /* Shift reviews up to keep learning cards first. */
                if (n_review > 0)
                    items[n_learning + n_review] = items[n_learning];
                items[n_learning++] = (ranked){(double)m->due, i, d};
            } else if (m->due < out->day_end &&
                       (out->next_learning == 0 || m->due < out->next_learning)) {
                out->next_learning = m->due;
            }
            break;
        case CP_STATE_REVIEW: {
            task_seen[card->task]++;
            bool boosted = in->boost && in->boost[i];
            if (m->due >= out->day_end && !(boosted && m->last_review < out->day_start))
                break;
            double t = (double)(in->now - m->last_review) / CP_DAY_SECONDS;
            double r = cp_fsrs_curve_at(&curve, t, m->stability);
            if (m->due >= out->day_end)
                early[n_early++] = (ranked){r, i, d};
            else    /* retrievability is in [0, 1]: a boosted one ranks first */
                items[n_learning + n_review++] = (ranked){boosted ? r - 1.0 : r, i, d};
            break;
        }
        default:
            task_new[card->task]++;
            avail[d]++;
            break;
        }
    }
    qsort(items, n_learning, sizeof *items, cmp_ranked);
    out->reviews_due = n_review;
    size_t review_room = (size_t)s.review_limit;
    int reviews_today = in->stats ? in->stats->reviews_today : 0;
    review_room = reviews_today >= s.review_limit ? 0 : review_room - (size_t)reviews_today;
    /* Only the reviews that fit today need their order: select them
     * first (a long backlog is tens of thousands of cards), then sort. */
    if (n_review > review_room) {
        select_first(items + n_learning, n_review, review_room);
        n_review = review_room;
    }
    /* Room left: the boosted reviews not yet due, the least recalled first. */
    size_t early_room = review_room - n_review;
    size_t early_cap = in->boost_early < 0 ? 0 : in->boost_early == 0 ? 10 : (size_t)in->boost_early;
    if (early_room > early_cap)
        early_room = early_cap;
    if (n_early > early_room) {
        select_first(early, n_early, early_room);
        n_early = early_room;
    }
    for (size_t k = 0; k < n_early; k++)
        items[n_learning + n_review++] = (ranked){early[k].key - 1.0, early[k].card, early[k].domain};
    qsort(items + n_learning, n_review, sizeof *items, cmp_ranked);

    int last_domain = -1, run = 0;
    interleave(items, n_learning, out->cards, &last_domain, &run, scratch);
    interleave(items + n_learning, n_review, out->cards + n_learning, &last_domain, &run,
               scratch);
    for (size_t k = 0; k < n_learning + n_review; k++)
        out->due_by_domain[cp_deck_card(deck, out->cards[k])->domain - 1]++;
    out->n_learning = n_learning;
    out->n_review = n_review;
    out->n = n_learning + n_review;

    /* New cards: today's quota per domain. */
    double weight[CP_DOMAINS], wsum = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        weight[d] = weight_of(d) * out->weakness[d];
        wsum += weight[d];
    }
    for (int d = 0; d < CP_DOMAINS; d++)
        out->share[d] = weight[d] / wsum;
    int done_new[CP_DOMAINS] = {0}, done_total = 0;
    size_t avail_total = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        done_new[d] = in->stats && in->stats->new_today[d] > 0 ? in->stats->new_today[d] : 0;
        done_total += done_new[d];
        avail_total += avail[d];
    }
    int remaining = s.new_limit > done_total ? s.new_limit - done_total : 0;
    if ((size_t)remaining > avail_total)
        remaining = (int)avail_total;
    if (remaining > 0) {
        double cap[CP_DOMAINS], q[CP_DOMAINS];
        for (int d = 0; d < CP_DOMAINS; d++)
            cap[d] = (double)(done_new[d] + (int)avail[d]);
        int day_total = done_total + remaining;
        water_fill(day_total, weight, cap, q);
        int want[CP_DOMAINS];
        new_counts(q, day_total, done_new, avail, remaining, in->seed, want);

        /* New cards bucketed by task, deck order kept (a counting sort). */
        size_t task_start[CP_TASKS + 1] = {0}, task_next[CP_TASKS];
        for (int t = 0; t < CP_TASKS; t++)
            task_start[t + 1] = task_start[t] + task_new[t];
        for (int t = 0; t < CP_TASKS; t++)
            task_next[t] = task_start[t];
        for (size_t i = 0; i < n; i++) {
            const cp_card *card = cp_deck_card(deck, i);
            if (card->domain < 1 || card->domain > CP_DOMAINS || card->task < 0 ||
                card->task >= CP_TASKS)
                continue;
            if (in->memory && in->memory[i].state != CP_STATE_NEW)
                continue;
            if (in->held && in->held[i])
                continue;
            by_task[task_next[card->task]++] = i;
        }
        for (int t = 0; t < CP_TASKS; t++)
            task_next[t] = task_start[t];

        /* Within a domain: boosted cards first, in deck order; then the
         * task with the smallest share of its cards seen so far, then fewer
         * seen, then guide order; deck order inside. */
        size_t n_new = 0;
        for (int d = 0; d < CP_DOMAINS; d++) {
            size_t next_boosted = 0;
            for (int k = 0; k < want[d]; k++) {
                while (in->boost && next_boosted < n) {
                    const cp_card *c = cp_deck_card(deck, next_boosted);
                    if (in->boost[next_boosted] && c->domain == d + 1 && c->task >= 0 &&
                        c->task < CP_TASKS && !(in->held && in->held[next_boosted]) &&
                        (!in->memory || in->memory[next_boosted].state == CP_STATE_NEW))
                        break;
                    next_boosted++;
                }
                if (in->boost && next_boosted < n) {
                    size_t i = next_boosted++;
                    taken[i] = 1;
                    task_seen[cp_deck_card(deck, i)->task]++;
                    items[n_new] = (ranked){(double)n_new, i, d};
                    n_new++;
                    continue;
                }
                int pick = -1;
                for (int t = 0; t < CP_TASKS; t++) {
                    const cp_task_info *info = cp_blueprint_task(t);
                    /* Skip the cards a boost took already. */
                    while (taken && task_next[t] < task_start[t + 1] && taken[by_task[task_next[t]]])
                        task_next[t]++;
                    if (!info || info->domain != d + 1 || task_next[t] == task_start[t + 1])
                        continue;
                    if (pick < 0) {
                        pick = t;
                        continue;
                    }
                    /* seen_t / total_t < seen_p / total_p, cross-multiplied. */
                    double lhs = (double)task_seen[t] * (double)task_total[pick];
                    double rhs = (double)task_seen[pick] * (double)task_total[t];
                    if (lhs < rhs || (lhs == rhs && task_seen[t] < task_seen[pick]))
                        pick = t;
                }
                if (pick < 0)
                    break;
                /* The rank is the position before the increment (kept out of
                 * the same expression: that would be unsequenced). */
                items[n_new] = (ranked){(double)n_new, by_task[task_next[pick]++], d};
                n_new++;
                task_seen[pick]++;
            }
        }
        interleave(items, n_new, out->cards + out->n, &last_domain, &run, scratch);
        for (size_t k = 0; k < n_new; k++)
            out->new_by_domain[items[k].domain]++;
        out->n_new = n_new;
        out->n += n_new;
    }

    /* The card just answered never comes straight back when another can. */
    if (in->last_card >= 0 && out->n > 1 && out->cards[0] == (size_t)in->last_card) {
        out->cards[0] = out->cards[1];
        out->cards[1] = (size_t)in->last_card;
    }

done:
    free(items);
    free(scratch);
    free(by_task);
    free(early);
    free(taken);
    if (status != CP_OK)
        cp_queue_free(out);
    return status;
}
