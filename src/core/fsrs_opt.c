/* The FSRS-6 optimizer: fsrs-rs 6.5's compute_parameters and evaluate,
 * written again in C.
 *
 * A log becomes "steps" (each card's reviews as gap and rating, card after
 * card) and "items" (a prefix of one card's steps ending in a review a day
 * or more after the previous one). Outlier filtering drops the cards whose
 * first interval is rare for their first rating; the four initial
 * stabilities are fitted to first-interval outcomes by ternary search
 * (pre-training); then Adam runs over mini-batches of items sorted by
 * length, each item replaying its history forward and its loss backward
 * through a hand-written gradient of fsrs-rs's model (analytic.rs, the same
 * branches and the same clamp rules). After each epoch the loss over all
 * items (computed once per card: items of a card share their prefixes)
 * picks the best parameters. The batches are shuffled exactly as fsrs-rs
 * shuffles them, so on the same log the fit takes the same path.
 *
 * Where it differs from fsrs-rs, on purpose: doubles instead of f32 (the
 * weights agree to about 1e-5); logs and exponentials are computed once in
 * the forward pass and reused by the backward pass; too little
 * first-review data gives the defaults instead of an error; and the
 * evaluation clamps a prediction into [1e-7, 1 - 1e-7] where fsrs-rs would
 * fail on a log of 0. */
#include "cloudprep/fsrs_opt.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { N_W = CP_FSRS_WEIGHTS };

static const double S_MIN = 0.001, S_MAX = 36500.0;
static const double D_MIN = 1.0, D_MAX = 10.0;
static const double INIT_S_MAX = 100.0;
static const double MIN_PROB = 1e-7, MAX_PROB = 1.0 - 1e-7;

/* fsrs-rs training.rs PARAMS_STDDEV: the L2 pull's scale per weight. */
static const double PARAMS_STDDEV[N_W] = {
    6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33,
    0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
};

static void default_weights(double w[N_W])
{
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    memcpy(w, p.w, sizeof p.w);
}

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Burn's clamp gradient: 1 inside the range, boundaries included. */
static bool inside(double x, double lo, double hi)
{
    return x >= lo && x <= hi;
}

/* ---- the log, as steps and items ---------------------------------------- */

typedef struct sort_key {
    uint64_t major;         /* card, or day (biased to unsigned) */
    uint32_t index;         /* the review's position in the log */
    uint32_t first, len;    /* an item's place among the steps */
} sort_key;

/* Stable LSD radix sort by `major` alone (11 bits a pass, only as many
 * passes as the keys' spread needs): keys built in log order come out
 * ordered by (major, log order). false when out of memory. */
static bool sort_keys(sort_key *a, size_t n)
{
    if (n < 2)
        return true;
    uint64_t lo = a[0].major, hi = a[0].major;
    for (size_t i = 1; i < n; i++) {
        lo = a[i].major < lo ? a[i].major : lo;
        hi = a[i].major > hi ? a[i].major : hi;
    }
    uint64_t span = hi - lo;
    if (span == 0)
        return true;
    sort_key *tmp = malloc(n * sizeof *tmp), *src = a, *dst = tmp;
    if (!tmp)
        return false;
    for (int shift = 0; shift < 64 && (span >> shift) != 0; shift += 11) {
        size_t count[2049] = {0};
        for (size_t i = 0; i < n; i++)
            count[(((src[i].major - lo) >> shift) & 2047) + 1]++;
        for (int d = 0; d < 2048; d++)
            count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++)
            dst[count[((src[i].major - lo) >> shift) & 2047]++] = src[i];
        sort_key *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
    return true;
}

void cp_fsrs_opt_items_free(cp_fsrs_opt_items *items)
{
    if (!items)
        return;
    free(items->steps);
    free(items->items);
    memset(items, 0, sizeof *items);
}

cp_status cp_fsrs_opt_items_build(const cp_fsrs_opt_review *reviews, size_t n,
                                  cp_fsrs_opt_items *out, cp_error *err)
{
    memset(out, 0, sizeof *out);
    if (n > UINT32_MAX - 1)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "more than 4 billion reviews");
    for (size_t i = 0; i < n; i++)
        if (reviews[i].rating < CP_AGAIN || reviews[i].rating > CP_EASY)
            return cp_error_set(err, CP_ERR_INVALID, NULL, (uint32_t)(i + 1),
                                "review %zu: rating %d is not 1, 2, 3 or 4", i + 1,
                                (int)reviews[i].rating);
    sort_key *by_card = malloc((n ? n : 1) * sizeof *by_card);
    sort_key *by_day = malloc((n ? n : 1) * sizeof *by_day);
    out->steps = malloc((n ? n : 1) * sizeof *out->steps);
    if (!by_card || !by_day || !out->steps) {
        free(by_card);
        free(by_day);
        cp_fsrs_opt_items_free(out);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        by_card[i] = (sort_key){reviews[i].card, (uint32_t)i, 0, 0};
    if (!sort_keys(by_card, n)) {
        free(by_card);
        free(by_day);
        cp_fsrs_opt_items_free(out);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }

    /* Each card's reviews in log order become its steps; the first review
     * whose day goes backwards (in log order) is the error. */
    size_t bad = SIZE_MAX, n_items = 0, card_first = 0;
    for (size_t k = 0; k < n; k++) {
        const cp_fsrs_opt_review *r = &reviews[by_card[k].index];
        bool first = k == 0 || by_card[k - 1].major != by_card[k].major;
        if (first)
            card_first = k;
        int64_t gap = first ? 0 : (int64_t)r->day - reviews[by_card[k - 1].index].day;
        if (gap < 0) {
            if (by_card[k].index < bad)
                bad = by_card[k].index;
            gap = 0;
        }
        out->steps[k] = (cp_fsrs_opt_step){(uint32_t)(gap > UINT32_MAX ? UINT32_MAX : gap),
                                           r->rating};
        if (!first && gap > 0) {
            /* Sort by day (biased so negative days order right), then log order. */
            by_day[n_items++] = (sort_key){(uint64_t)((int64_t)r->day - INT32_MIN),
                                           by_card[k].index, (uint32_t)card_first,
                                           (uint32_t)(k - card_first + 1)};
        }
    }
    if (bad != SIZE_MAX) {
        const cp_fsrs_opt_review *r = &reviews[bad];
        free(by_card);
        free(by_day);
        cp_fsrs_opt_items_free(out);
        return cp_error_set(err, CP_ERR_INVALID, NULL, (uint32_t)(bad + 1),
                            "review %zu: day %ld of card %lu is before the card's previous review",
                            bad + 1, (long)r->day, (unsigned long)r->card);
    }
    out->items = malloc((n_items ? n_items : 1) * sizeof *out->items);
    if (!out->items || !sort_keys(by_day, n_items)) {
        free(by_card);
        free(by_day);
        cp_fsrs_opt_items_free(out);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < n_items; i++)
        out->items[i] = (cp_fsrs_opt_item){by_day[i].first, by_day[i].len};
    out->n_steps = n;
    out->n_items = n_items;
    free(by_card);
    free(by_day);
    return CP_OK;
}

/* ---- what the procedure needs to know about each item ------------------- */

typedef struct item_info {
    uint32_t lt_count;      /* reviews with a positive gap, the last included */
    uint32_t lapses;        /* Again with a positive gap, before the last */
    uint32_t first_lt_gap;  /* the card's first positive gap */
    uint8_t first_rating;
} item_info;

static void describe(const cp_fsrs_opt_items *it, size_t i, item_info *info)
{
    const cp_fsrs_opt_step *s = it->steps + it->items[i].first;
    uint32_t len = it->items[i].len;
    *info = (item_info){0, 0, 0, s[0].rating};
    for (uint32_t k = 1; k < len; k++) {
        if (s[k].delta_t == 0)
            continue;
        if (!info->lt_count)
            info->first_lt_gap = s[k].delta_t;
        info->lt_count++;
        if (k + 1 < len && s[k].rating == CP_AGAIN)
            info->lapses++;
    }
}

/* fsrs-rs dataset.rs compute_outlier_analysis / filter_outlier. The items
 * with exactly one long-term review are grouped by (first rating, gap);
 * per rating, the smallest groups (then the shortest gaps) are dropped
 * until 5% of the items (at least 20) are gone, and groups of fewer than 6
 * or with a gap over 100 days (365 for Easy) go too. A card whose
 * (first rating, first gap) group was dropped leaves the training set.
 * *init gets the kept single-review items in fsrs-rs's order: rating, then
 * group size, then gap, then log order. */
typedef struct prepared {
    size_t *init;           /* kept items with one long-term review */
    size_t n_init;
    bool *survives;         /* per item */
    item_info *info;        /* per item */
} prepared;

static void prepared_free(prepared *p)
{
    free(p->init);
    free(p->survives);
    free(p->info);
}

typedef struct subgroup {
    uint32_t gap;
    size_t start, count;
} subgroup;

/* Smallest first, then the shortest gap: fsrs-rs sorts by size and gap
 * descending and walks the list backwards. */
static int cmp_subgroup(const void *a, const void *b)
{
    const subgroup *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    return (x->gap > y->gap) - (x->gap < y->gap);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t pair_key(uint32_t rating, uint32_t gap)
{
    return ((uint64_t)rating << 32) | gap;
}

static bool prepare(const cp_fsrs_opt_items *it, prepared *p)
{
    size_t n = it->n_items, alloc = n ? n : 1;
    memset(p, 0, sizeof *p);
    p->info = malloc(alloc * sizeof *p->info);
    p->survives = malloc(alloc * sizeof *p->survives);
    p->init = malloc(alloc * sizeof *p->init);
    sort_key *cand = malloc(alloc * sizeof *cand);
    subgroup *groups = malloc(alloc * sizeof *groups);
    uint64_t *removed = malloc(alloc * sizeof *removed);
    bool ok = p->info && p->survives && p->init && cand && groups && removed;
    if (!ok)
        goto done;

    size_t n_cand = 0, n_removed = 0;
    for (size_t i = 0; i < n; i++) {
        describe(it, i, &p->info[i]);
        if (p->info[i].lt_count == 1) {
            const cp_fsrs_opt_item *item = &it->items[i];
            uint32_t gap = it->steps[item->first + item->len - 1].delta_t;
            cand[n_cand++] = (sort_key){pair_key(p->info[i].first_rating, gap), (uint32_t)i, 0, 0};
        }
    }
    /* By (rating, gap), then log order: each group is a contiguous run. */
    if (!sort_keys(cand, n_cand)) {
        ok = false;
        goto done;
    }
    for (size_t a = 0; a < n_cand;) {
        uint32_t rating = (uint32_t)(cand[a].major >> 32);
        size_t b = a, n_groups = 0, total = 0;
        while (b < n_cand && (uint32_t)(cand[b].major >> 32) == rating) {
            size_t c = b;
            while (c < n_cand && cand[c].major == cand[b].major)
                c++;
            groups[n_groups++] = (subgroup){(uint32_t)cand[b].major, b, c - b};
            total += c - b;
            b = c;
        }
        qsort(groups, n_groups, sizeof *groups, cmp_subgroup);
        size_t threshold = total / 20 > 20 ? total / 20 : 20, gone = 0;
        for (size_t g = 0; g < n_groups; g++) {
            const subgroup *sg = &groups[g];
            if (gone + sg->count >= threshold) {
                if (sg->count >= 6 && sg->gap <= (rating != CP_EASY ? 100u : 365u)) {
                    for (size_t k = 0; k < sg->count; k++)
                        p->init[p->n_init++] = cand[sg->start + k].index;
                    continue;
                }
            } else {
                gone += sg->count;
            }
            removed[n_removed++] = pair_key(rating, sg->gap);
        }
        a = b;
    }
    qsort(removed, n_removed, sizeof *removed, cmp_u64);
    for (size_t i = 0; i < n; i++) {
        uint64_t key = pair_key(p->info[i].first_rating, p->info[i].first_lt_gap);
        p->survives[i] = !bsearch(&key, removed, n_removed, sizeof *removed, cmp_u64);
    }
done:
    free(cand);
    free(groups);
    free(removed);
    if (!ok)
        prepared_free(p);
    return ok;
}

/* ---- pre-training (parameter_initialization.rs), in f32 as fsrs-rs ---- */

typedef struct first_bin {
    uint32_t gap;
    double recall, count;
} first_bin;

static int cmp_first_bin(const void *a, const void *b)
{
    const first_bin *x = a, *y = b;
    return (x->gap > y->gap) - (x->gap < y->gap);
}

/* The log loss of S0 = s over one first rating's bins, plus an L1 pull to
 * the default, with the default decay. */
static double s0_loss(const first_bin *bins, size_t n, double s, double default_s0)
{
    const double decay = -(double)0.1542f;
    const double factor = pow(0.9, 1.0 / decay) - 1.0;
    double loss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double y = pow(bins[i].gap / s * factor + 1.0, decay);
        loss += -(bins[i].recall * log(y) + (1.0 - bins[i].recall) * log(1.0 - y)) *
                bins[i].count;
    }
    return loss + fabs(s - default_s0) / 16.0;
}

/* smooth_and_fill: makes S0 increase with the rating (the rating seen more
 * often wins a disagreement) and fills ratings without data from the
 * others with fsrs-rs's fixed geometric weights. */
static void smooth_and_fill(float s0[5], const bool have[5], const uint32_t count[5])
{
    static const int pairs[6][2] = {{1, 2}, {2, 3}, {3, 4}, {1, 3}, {2, 4}, {1, 4}};
    for (int k = 0; k < 6; k++) {
        int a = pairs[k][0], b = pairs[k][1];
        if (have[a] && have[b] && s0[a] > s0[b]) {
            if (count[a] > count[b])
                s0[b] = s0[a];
            else
                s0[a] = s0[b];
        }
    }
    const float w1 = 0.41f, w2 = 0.54f;
    int n_have = have[1] + have[2] + have[3] + have[4];
    float r[5] = {0, s0[1], s0[2], s0[3], s0[4]};
    double w[N_W];
    default_weights(w);
    if (n_have == 1) {
        int only = have[1] ? 1 : have[2] ? 2 : have[3] ? 3 : 4;
        float factor = s0[only] / (float)w[only - 1];
        for (int g = 1; g <= 4; g++)
            r[g] = (float)w[g - 1] * factor;
    } else if (n_have == 2) {
        if (!have[1] && !have[2]) {
            r[2] = powf(r[3], 1.0f / (1.0f - w2)) * powf(r[4], 1.0f - 1.0f / (1.0f - w2));
            r[1] = powf(r[2], 1.0f / w1) * powf(r[3], 1.0f - 1.0f / w1);
        } else if (!have[1] && !have[3]) {
            r[3] = powf(r[2], 1.0f - w2) * powf(r[4], w2);
            r[1] = powf(r[2], 1.0f / w1) * powf(r[3], 1.0f - 1.0f / w1);
        } else if (!have[1] && !have[4]) {
            r[4] = powf(r[2], 1.0f - 1.0f / w2) * powf(r[3], 1.0f / w2);
            r[1] = powf(r[2], 1.0f / w1) * powf(r[3], 1.0f - 1.0f / w1);
        } else if (!have[2] && !have[3]) {
            float den = fmaf(w1, -w2, w1 + w2);
            r[2] = powf(r[1], w1 / den) * powf(r[4], 1.0f - w1 / den);
            r[3] = powf(r[1], 1.0f - w2 / den) * powf(r[4], w2 / den);
        } else if (!have[2] && !have[4]) {
            r[2] = powf(r[1], w1) * powf(r[3], 1.0f - w1);
            r[4] = powf(r[2], 1.0f - 1.0f / w2) * powf(r[3], 1.0f / w2);
        } else {
            r[3] = powf(r[1], 1.0f - 1.0f / (1.0f - w1)) * powf(r[2], 1.0f / (1.0f - w1));
            r[4] = powf(r[2], 1.0f - 1.0f / w2) * powf(r[3], 1.0f / w2);
        }
    } else if (n_have == 3) {
        if (!have[1])
            r[1] = powf(r[2], 1.0f / w1) * powf(r[3], 1.0f - 1.0f / w1);
        else if (!have[2])
            r[2] = powf(r[1], w1) * powf(r[3], 1.0f - w1);
        else if (!have[3])
            r[3] = powf(r[2], 1.0f - w2) * powf(r[4], w2);
        else
            r[4] = powf(r[2], 1.0f - 1.0f / w2) * powf(r[3], 1.0f / w2);
    }
    for (int g = 1; g <= 4; g++)
        s0[g] = fminf(fmaxf(r[g], (float)S_MIN), (float)INIT_S_MAX);
}

/* Fits S0 per first rating on the kept single-review items; average_recall
 * smooths each bin's recall toward the whole set's. false: no data. */
static bool pretrain(const cp_fsrs_opt_items *it, const prepared *p, float average_recall,
                     float s0[5], bool have[5], uint32_t count[5])
{
    double w[N_W];
    default_weights(w);
    memset(have, 0, 5 * sizeof *have);
    memset(count, 0, 5 * sizeof *count);
    first_bin *bins = malloc((p->n_init ? p->n_init : 1) * sizeof *bins);
    if (!bins)
        return false;
    for (int rating = 1; rating <= 4; rating++) {
        size_t n_bins = 0;
        for (size_t k = 0; k < p->n_init; k++) {
            size_t i = p->init[k];
            if (p->info[i].first_rating != rating)
                continue;
            const cp_fsrs_opt_step *last = &it->steps[it->items[i].first + it->items[i].len - 1];
            bins[n_bins++] = (first_bin){last->delta_t, last->rating > CP_AGAIN, 1.0};
        }
        if (!n_bins)
            continue;
        qsort(bins, n_bins, sizeof *bins, cmp_first_bin);
        size_t m = 0;
        for (size_t k = 0; k < n_bins;) {
            size_t e = k;
            double pass = 0.0;
            while (e < n_bins && bins[e].gap == bins[k].gap)
                pass += bins[e++].recall;
            double cnt = (double)(e - k);
            /* Laplace smoothing toward the average recall */
            bins[m++] = (first_bin){bins[k].gap,
                                    (pass / cnt * cnt + (double)average_recall) / (cnt + 1.0), cnt};
            count[rating] += (uint32_t)cnt;
            k = e;
        }
        /* Ternary search on [S_MIN, 100], as fsrs-rs: at most 1000 rounds. */
        double default_s0 = (double)(float)w[rating - 1];
        double low = (double)(float)S_MIN, high = INIT_S_MAX, best = default_s0;
        for (int iter = 0; high - low > 2.220446049250313e-16 && iter < 1000; iter++) {
            double mid1 = low + (high - low) / 3.0, mid2 = high - (high - low) / 3.0;
            if (s0_loss(bins, m, mid1, default_s0) < s0_loss(bins, m, mid2, default_s0))
                high = mid2;
            else
                low = mid1;
            best = (high + low) / 2.0;
        }
        s0[rating] = (float)best;
        have[rating] = true;
    }
    free(bins);
    if (!(have[1] || have[2] || have[3] || have[4]))
        return false;
    smooth_and_fill(s0, have, count);
    return true;
}

static float average_recall_of(const cp_fsrs_opt_items *it, const prepared *p)
{
    uint32_t pass = 0, total = 0;
    for (size_t i = 0; i < it->n_items; i++) {
        if (!p->survives[i])
            continue;
        pass += it->steps[it->items[i].first + it->items[i].len - 1].rating > CP_AGAIN;
        total++;
    }
    return total ? (float)pass / (float)total : 0.0f;
}

bool cp_fsrs_opt_pretrain(const cp_fsrs_opt_items *items, double out[4])
{
    prepared p;
    if (!prepare(items, &p))
        return false;
    float s0[5] = {0};
    bool have[5];
    uint32_t count[5];
    bool ok = pretrain(items, &p, average_recall_of(items, &p), s0, have, count);
    prepared_free(&p);
    for (int g = 0; g < 4 && ok; g++)
        out[g] = s0[g + 1];
    return ok;
}

/* ---- clamps (parameter_clipper.rs) -------------------------------------- */

void cp_fsrs_opt_clip(double w[N_W], int relearning_steps, bool short_term)
{
    /* The ranges are the scheduler's (ts-fsrs and fsrs-rs agree on them);
     * only the cap on w17 and w18 for several relearning steps differs:
     * fsrs-rs takes it from the unclamped w11, w13, w14, floors it at
     * sqrt(0.01) and does not round it. */
    double ceiling = 2.0;
    if (relearning_steps > 1) {
        double v = -(log(w[11]) + log(pow(2.0, w[13]) - 1.0) + w[14] * 0.3) /
                   (double)relearning_steps;
        ceiling = fmin(sqrt(isnan(v) ? 0.01 : fmax(v, 0.01)), 2.0);
    }
    cp_fsrs_params p;
    cp_fsrs_default_params(&p);
    p.enable_short_term = short_term;
    p.n_relearning_steps = 1;
    /* As Rust's clamp: infinities go to the bound, NaN stays NaN (so that
     * a diverged fit is seen as such), where the scheduler reads them as 0. */
    for (int i = 0; i < N_W; i++)
        p.w[i] = isinf(w[i]) ? copysign(DBL_MAX, w[i]) : w[i];
    double clipped[N_W];
    cp_fsrs_clip_weights(&p, clipped);
    for (int i = 0; i < N_W; i++)
        w[i] = isnan(w[i]) ? w[i] : clipped[i];
    for (int i = 17; i <= 18; i++)
        if (w[i] > ceiling)
            w[i] = ceiling;
}

/* ---- the model and its gradient (model.rs, analytic.rs) ----------------- */

/* What one parameter vector makes constant. */
typedef struct model {
    double w[N_W];
    double decay, factor, dfactor_ddecay;
    double exp_w8, floor_divisor, easy_d, exp_3w5;
} model;

static double init_difficulty(const double *w, int g)
{
    return w[4] - exp(w[5] * (double)(g - 1)) + 1.0;
}

static void model_init(model *m, const double w[N_W])
{
    memcpy(m->w, w, sizeof m->w);
    m->decay = -w[20];
    const double c = log(0.9);
    m->factor = exp(c / m->decay) - 1.0;
    m->dfactor_ddecay = exp(c / m->decay) * (-c / (m->decay * m->decay));
    m->exp_w8 = exp(w[8]);
    m->floor_divisor = exp(w[17] * w[18]);
    m->easy_d = init_difficulty(w, CP_EASY);
    m->exp_3w5 = exp(3.0 * w[5]);
}

enum { K_INIT, K_SHORT, K_FAIL_RAW, K_FAIL_FLOOR, K_SUCCESS };

/* One review's forward pass, with what the backward pass needs. */
typedef struct step_cache {
    double last_s, last_d, t;
    double r, base, ln_base;    /* the forgetting curve (long-term steps) */
    double ln_s;
    double a, b, c, e;          /* branch values, see step_forward */
    uint8_t kind, rating;
    bool s_ok, d_ok;            /* new S, mean-reverted D inside their clamps */
    bool state_s_ok, state_d_ok;
    bool flag;                  /* short: raw multiplier active */
} step_cache;

typedef struct state {
    double s, d;
} state;

/* fsrs-rs step(): the memory after rating g given `gap` days after the
 * previous review; nth is the review's index in the card. */
static state step_forward(const model *m, state in, double gap, int g, size_t nth,
                          step_cache *c)
{
    const double *w = m->w;
    double last_s = clampd(in.s, S_MIN, S_MAX), last_d = clampd(in.d, D_MIN, D_MAX);
    if (c) {
        c->last_s = last_s;
        c->last_d = last_d;
        c->t = gap;
        c->rating = (uint8_t)g;
        c->state_s_ok = inside(in.s, S_MIN, S_MAX);
        c->state_d_ok = inside(in.d, D_MIN, D_MAX);
    }
    if (nth == 0 && in.s == 0.0) {
        double new_s = w[g - 1], raw_d = init_difficulty(w, g);
        if (c) {
            c->kind = K_INIT;
            c->s_ok = inside(new_s, S_MIN, S_MAX);
            c->d_ok = inside(raw_d, D_MIN, D_MAX);
        }
        return (state){clampd(new_s, S_MIN, S_MAX), clampd(raw_d, D_MIN, D_MAX)};
    }
    double new_s, ln_s = log(last_s);
    if (gap == 0.0) {
        /* same day: S * max(e^(w17 (g - 3 + w18)) S^-w19, 1 when g >= 2) */
        double raw = exp(w[17] * (g - 3 + w[18]) - w[19] * ln_s);
        double value = g >= CP_HARD ? fmax(raw, 1.0) : raw;
        new_s = last_s * value;
        if (c) {
            c->kind = K_SHORT;
            c->a = raw;
            c->b = value;
            c->flag = !(g >= CP_HARD && raw < 1.0);
        }
    } else {
        double base = gap / last_s * m->factor + 1.0, ln_base = log(base);
        double r = exp(m->decay * ln_base);
        if (c) {
            c->r = r;
            c->base = base;
            c->ln_base = ln_base;
        }
        if (g == CP_AGAIN) {
            double ln_s1 = log(last_s + 1.0), ln_d = log(last_d);
            double p13 = exp(w[13] * ln_s1);
            double raw = w[11] * exp(-w[12] * ln_d) * (p13 - 1.0) * exp((1.0 - r) * w[14]);
            double floor_s = last_s / m->floor_divisor;
            bool use_floor = floor_s < raw;
            new_s = use_floor ? floor_s : raw;
            if (c) {
                c->kind = use_floor ? K_FAIL_FLOOR : K_FAIL_RAW;
                c->a = use_floor ? floor_s : raw;
                c->b = p13;
                c->c = ln_s1;
                c->e = ln_d;
            }
        } else {
            double hp = g == CP_HARD ? w[15] : 1.0, eb = g == CP_EASY ? w[16] : 1.0;
            double c_s = exp(-w[9] * ln_s), exp_e = exp((1.0 - r) * w[10]);
            double inc = m->exp_w8 * (11.0 - last_d) * c_s * (exp_e - 1.0) * hp * eb;
            new_s = last_s * (inc + 1.0);
            if (c) {
                c->kind = K_SUCCESS;
                c->a = c_s;
                c->b = exp_e;
                c->c = inc;
            }
        }
    }
    double delta_d = -w[6] * (g - 3);
    double next_d = last_d + (10.0 - last_d) * delta_d / 9.0;
    double mean_d = w[7] * (m->easy_d - next_d) + next_d;
    if (c) {
        c->ln_s = ln_s;
        c->s_ok = inside(new_s, S_MIN, S_MAX);
        c->d_ok = inside(mean_d, D_MIN, D_MAX);
    }
    return (state){clampd(new_s, S_MIN, S_MAX), clampd(mean_d, D_MIN, D_MAX)};
}

/* dL/dS through R = (1 + t/S factor)^decay, adding dL/dw20 into gw. */
static double curve_backward(const model *m, double t, double s, double r, double base,
                             double ln_base, double g_r, double *gw)
{
    double db_ds = -t * m->factor / (s * s);
    double g_s = g_r * r * m->decay / base * db_ds;
    double db_ddecay = t / s * m->dfactor_ddecay;
    gw[20] -= g_r * r * (ln_base + m->decay / base * db_ddecay);
    return g_s;
}

/* Back through one review: from dL/d(new S, new D) to dL/d(previous S, D),
 * adding the weights' share into gw. */
static void step_backward(const model *m, const step_cache *c, double g_out_s,
                          double g_out_d, double *gw, double *g_in_s, double *g_in_d)
{
    const double *w = m->w;
    double g = c->s_ok ? g_out_s : 0.0;
    double s = c->last_s, d = c->last_d;
    int rating = c->rating;
    double gs = 0.0, gd = 0.0, gr = 0.0;
    if (c->kind == K_INIT) {
        gw[rating - 1] += g;
        if (c->d_ok && g_out_d != 0.0) {
            double off = rating - 1;
            gw[4] += g_out_d;
            gw[5] += g_out_d * -off * exp(off * w[5]);
        }
        *g_in_s = 0.0;
        *g_in_d = 0.0;
        return;
    }
    if (g != 0.0) {
        switch (c->kind) {
        case K_SHORT: {
            gs = g * c->b;
            if (c->flag) {
                double g_raw = g * s * c->a;
                gw[17] += g_raw * (rating - 3 + w[18]);
                gw[18] += g_raw * w[17];
                gw[19] -= g_raw * c->ln_s;
                gs -= g_raw * w[19] / s;
            }
            break;
        }
        case K_FAIL_FLOOR:
            gw[17] -= g * c->a * w[18];
            gw[18] -= g * c->a * w[17];
            gs = g * c->a / s;
            break;
        case K_FAIL_RAW: {
            double raw = c->a, p13 = c->b, base = s + 1.0;
            double d_pow = exp(-w[12] * c->e);
            double er = exp((1.0 - c->r) * w[14]);
            gw[11] += g * raw / w[11];
            gw[12] -= g * raw * c->e;
            gw[13] += g * w[11] * d_pow * er * p13 * c->c;
            gw[14] += g * raw * (1.0 - c->r);
            gs = g * w[11] * d_pow * er * w[13] * p13 / base;
            gd = -g * raw * w[12] / d;
            gr = -g * raw * w[14];
            break;
        }
        case K_SUCCESS: {
            double c_s = c->a, exp_e = c->b, inc = c->c;
            double hp = rating == CP_HARD ? w[15] : 1.0, eb = rating == CP_EASY ? w[16] : 1.0;
            double g_inc = g * s, a = m->exp_w8, b = 11.0 - d, e = exp_e - 1.0;
            gs = g * (inc + 1.0) - g_inc * inc * w[9] / s;
            gd = -g_inc * a * c_s * e * hp * eb;
            gr = -g_inc * a * b * c_s * hp * eb * w[10] * exp_e;
            gw[8] += g_inc * inc;
            gw[9] -= g_inc * inc * c->ln_s;
            gw[10] += g_inc * a * b * c_s * hp * eb * (1.0 - c->r) * exp_e;
            if (rating == CP_HARD)
                gw[15] += g_inc * a * b * c_s * e * eb;
            if (rating == CP_EASY)
                gw[16] += g_inc * a * b * c_s * e * hp;
            break;
        }
        }
    }
    /* difficulty: D' = w7 D0(4) + (1 - w7)(D + (10 - D)(-w6 (g - 3))/9), clamped */
    if (g_out_d != 0.0 && c->d_ok) {
        double r3 = rating - 3;
        double delta_d = -w[6] * r3;
        double next_d = d + (10.0 - d) * delta_d / 9.0;
        gw[7] += g_out_d * (m->easy_d - next_d);
        gw[4] += g_out_d * w[7];
        gw[5] += g_out_d * w[7] * -3.0 * m->exp_3w5;
        double g_next = g_out_d * (1.0 - w[7]);
        gw[6] += g_next * (10.0 - d) * -r3 / 9.0;
        gd += g_next * (1.0 - delta_d / 9.0);
    }
    if (gr != 0.0)
        gs += curve_backward(m, c->t, s, c->r, c->base, c->ln_base, gr, gw);
    *g_in_s = c->state_s_ok ? gs : 0.0;
    *g_in_d = c->state_d_ok ? gd : 0.0;
}

/* Binary cross-entropy of a prediction, r clamped into [1e-7, 1 - 1e-7];
 * *g_r = dL/dr (0 where the clamp holds). */
static double bce(double r_raw, double label, double weight, double *g_r)
{
    double r = clampd(r_raw, MIN_PROB, MAX_PROB);
    if (g_r)
        *g_r = r_raw > MIN_PROB && r_raw < MAX_PROB
                   ? -weight * (label / r - (1.0 - label) / (1.0 - r)) : 0.0;
    return -(label * log(r) + (1.0 - label) * log(1.0 - r)) * weight;
}

static double curve(const model *m, double t, double s)
{
    return exp(m->decay * log(t / s * m->factor + 1.0));
}

double cp_fsrs_opt_predict(const double w[N_W], const cp_fsrs_opt_step *steps, size_t len)
{
    if (len < 2)
        return NAN;
    model m;
    model_init(&m, w);
    state st = {0.0, 0.0};
    for (size_t k = 0; k + 1 < len; k++)
        st = step_forward(&m, st, steps[k].delta_t, steps[k].rating, k, NULL);
    return curve(&m, steps[len - 1].delta_t, st.s);
}

/* An item ready for the loss: its steps, label and recency weight. */
typedef struct train_item {
    uint32_t first, len;
    double label, weight;
    size_t slot;            /* where its prediction goes */
} train_item;

/* Loss of one item, and its gradient added into gw; cache holds len - 1. */
static double item_loss_grad(const model *m, const cp_fsrs_opt_step *steps,
                             const train_item *ti, step_cache *cache, double *gw)
{
    const cp_fsrs_opt_step *s = steps + ti->first;
    size_t hist = ti->len - 1;
    state st = {0.0, 0.0};
    for (size_t k = 0; k < hist; k++)
        st = step_forward(m, st, s[k].delta_t, s[k].rating, k, &cache[k]);
    double t = s[hist].delta_t;
    double base = t / st.s * m->factor + 1.0, ln_base = log(base);
    double r = exp(m->decay * ln_base), g_r;
    double loss = bce(r, ti->label, ti->weight, &g_r);
    if (g_r == 0.0)
        return loss;
    double g_s = curve_backward(m, t, st.s, r, base, ln_base, g_r, gw), g_d = 0.0;
    for (size_t k = hist; k-- > 0;) {
        if (g_s == 0.0 && g_d == 0.0)
            break;
        step_backward(m, &cache[k], g_s, g_d, gw, &g_s, &g_d);
    }
    return loss;
}

double cp_fsrs_opt_loss(const cp_fsrs_opt_items *items, const double w[N_W], double grad[N_W])
{
    model m;
    model_init(&m, w);
    size_t max_len = 0;
    for (size_t i = 0; i < items->n_items; i++)
        if (items->items[i].len > max_len)
            max_len = items->items[i].len;
    step_cache *cache = malloc((max_len ? max_len : 1) * sizeof *cache);
    if (!cache)
        return NAN;
    double gw[N_W] = {0}, loss = 0.0;
    for (size_t i = 0; i < items->n_items; i++) {
        const cp_fsrs_opt_item *it = &items->items[i];
        train_item ti = {it->first, it->len,
                         items->steps[it->first + it->len - 1].rating > CP_AGAIN, 1.0, 0};
        loss += item_loss_grad(&m, items->steps, &ti, cache, gw);
    }
    free(cache);
    if (grad)
        memcpy(grad, gw, sizeof gw);
    return loss;
}

/* Predictions for items sorted by (first, len): each card's steps are
 * replayed once and every item of the card read off on the way. */
static void predict_sorted(const model *m, const cp_fsrs_opt_step *steps,
                           const train_item *items, size_t n, double *pred)
{
    for (size_t a = 0; a < n;) {
        uint32_t first = items[a].first;
        const cp_fsrs_opt_step *s = steps + first;
        state st = {0.0, 0.0};
        size_t done = 0;    /* steps applied */
        for (; a < n && items[a].first == first; a++) {
            size_t hist = items[a].len - 1;
            for (; done < hist; done++)
                st = step_forward(m, st, s[done].delta_t, s[done].rating, done, NULL);
            pred[items[a].slot] = curve(m, s[hist].delta_t, st.s);
        }
    }
}

/* Recency weights (dataset.rs): 0.25 for the oldest item to 1 for the newest. */
static double recency_weight(size_t idx, size_t n)
{
    double length = n > 1 ? (double)(n - 1) : 1.0;
    double x = (double)idx / length;
    return 0.25 + 0.75 * x * x * x;
}

/* ---- evaluation (inference.rs evaluate, the binding's prepare_items) ----- */

/* fsrs-rs FSRSItem::r_matrix_index: log-spaced bins of the interval, the
 * number of reviews and the lapses. Rust's x.log(b) is ln x / ln b. */
static uint64_t r_matrix_key(uint32_t gap, uint32_t lt_count, uint32_t lapses)
{
    double t = gap;
    uint64_t t_bin = (uint64_t)round(2.48 * pow(3.62, floor(log(t) / log(3.62))) * 100.0);
    double length = (double)lt_count + 1.0;
    uint64_t l_bin = (uint64_t)round(1.99 * pow(1.89, floor(log(length) / log(1.89))));
    uint64_t lapse_bin = 0;
    if (lapses)
        lapse_bin = (uint64_t)round(1.65 * pow(1.73, floor(log((double)lapses) / log(1.73))));
    return (t_bin << 40) | (l_bin << 20) | lapse_bin;
}

/* What evaluating any weights on one log needs, prepared once: the items
 * in the binding's order (kept single-review items, then the surviving
 * items with more long-term reviews, in log order) with their recency
 * weights, the same items by card for predicting, and their bins. */
typedef struct eval_set {
    size_t n;
    train_item *items;      /* evaluation order; slot = position */
    train_item *by_card;    /* by (first, len) */
    sort_key *bins;         /* major: bin key, index: slot; sorted */
    double *pred;
} eval_set;

static void eval_set_free(eval_set *e)
{
    free(e->items);
    free(e->by_card);
    free(e->bins);
    free(e->pred);
}

static bool eval_set_init(eval_set *e, const cp_fsrs_opt_items *it, const prepared *p)
{
    memset(e, 0, sizeof *e);
    size_t n = p->n_init;
    for (size_t i = 0; i < it->n_items; i++)
        n += p->survives[i] && p->info[i].lt_count >= 2;
    e->n = n;
    size_t alloc = n ? n : 1;
    e->items = malloc(alloc * sizeof *e->items);
    e->by_card = malloc(alloc * sizeof *e->by_card);
    e->bins = malloc(alloc * sizeof *e->bins);
    e->pred = malloc(alloc * sizeof *e->pred);
    sort_key *keys = malloc(alloc * sizeof *keys);
    bool ok = e->items && e->by_card && e->bins && e->pred && keys;
    for (size_t j = 0, k = 0; ok && k < it->n_items + p->n_init; k++) {
        size_t i = k < p->n_init ? p->init[k] : k - p->n_init;
        if (k >= p->n_init && !(p->survives[i] && p->info[i].lt_count >= 2))
            continue;
        const cp_fsrs_opt_item *item = &it->items[i];
        const cp_fsrs_opt_step *last = &it->steps[item->first + item->len - 1];
        e->items[j] = (train_item){item->first, item->len, last->rating > CP_AGAIN,
                                   recency_weight(j, n), j};
        e->bins[j] = (sort_key){r_matrix_key(last->delta_t, p->info[i].lt_count,
                                             p->info[i].lapses), (uint32_t)j, 0, 0};
        keys[j] = (sort_key){((uint64_t)item->first << 32) | item->len, (uint32_t)j, 0, 0};
        j++;
    }
    ok = ok && sort_keys(e->bins, n) && sort_keys(keys, n);
    for (size_t j = 0; ok && j < n; j++)
        e->by_card[j] = e->items[keys[j].index];
    free(keys);
    if (!ok)
        eval_set_free(e);
    return ok;
}

static cp_status eval_set_run(const eval_set *e, const cp_fsrs_opt_items *it,
                              const double w_in[N_W], cp_fsrs_opt_eval *out, cp_error *err)
{
    out->items = 0;
    out->log_loss = out->rmse_bins = NAN;
    for (int i = 0; i < N_W; i++)
        if (!isfinite(w_in[i]))
            return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "weight w%d is not a number", i);
    if (e->n == 0)
        return CP_OK;
    double w[N_W];
    memcpy(w, w_in, sizeof w);
    cp_fsrs_opt_clip(w, 1, false);      /* FSRS::new clamps so */
    model m;
    model_init(&m, w);
    predict_sorted(&m, it->steps, e->by_card, e->n, e->pred);
    double loss = 0.0, weight_sum = 0.0;
    for (size_t j = 0; j < e->n; j++) {
        loss += bce(e->pred[j], e->items[j].label, e->items[j].weight, NULL);
        weight_sum += e->items[j].weight;
    }
    double se = 0.0, bin_weight = 0.0;
    for (size_t a = 0; a < e->n;) {
        double sp = 0.0, sy = 0.0, sw = 0.0, cnt = 0.0;
        size_t b = a;
        for (; b < e->n && e->bins[b].major == e->bins[a].major; b++) {
            const train_item *ti = &e->items[e->bins[b].index];
            sp += e->pred[ti->slot];
            sy += ti->label;
            sw += ti->weight;
            cnt += 1.0;
        }
        double diff = sp / cnt - sy / cnt;
        se += diff * diff * sw;
        bin_weight += sw;
        a = b;
    }
    out->items = e->n;
    out->log_loss = loss / weight_sum;
    out->rmse_bins = sqrt(se / bin_weight);
    return CP_OK;
}

cp_status cp_fsrs_opt_evaluate(const cp_fsrs_opt_review *reviews, size_t n,
                               const double w[N_W], cp_fsrs_opt_eval *out, cp_error *err)
{
    cp_fsrs_opt_items it;
    out->items = 0;
    out->log_loss = out->rmse_bins = NAN;
    cp_status s = cp_fsrs_opt_items_build(reviews, n, &it, err);
    if (s != CP_OK)
        return s;
    prepared p;
    eval_set e;
    if (!prepare(&it, &p)) {
        cp_fsrs_opt_items_free(&it);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    if (eval_set_init(&e, &it, &p)) {
        s = eval_set_run(&e, &it, w, out, err);
        eval_set_free(&e);
    } else {
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    prepared_free(&p);
    cp_fsrs_opt_items_free(&it);
    return s;
}

/* ---- training (training.rs train) ---------------------------------------- */

/* The batch order. fsrs-rs shuffles its batches each epoch with rand 0.10's
 * StdRng (ChaCha12, seeded from a u64 through PCG32) and slice shuffle;
 * doing the same visits the same batches in the same order, so the fit
 * follows fsrs-rs's path instead of a neighbouring one. */
typedef struct chacha12 {
    uint32_t state[16];
    uint32_t block[16];
    unsigned used;          /* words of block handed out */
} chacha12;

static uint32_t rotl32(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

#define QUARTER(a, b, c, d)                         \
    do {                                            \
        x[a] += x[b]; x[d] = rotl32(x[d] ^ x[a], 16); \
        x[c] += x[d]; x[b] = rotl32(x[b] ^ x[c], 12); \
        x[a] += x[b]; x[d] = rotl32(x[d] ^ x[a], 8);  \
        x[c] += x[d]; x[b] = rotl32(x[b] ^ x[c], 7);  \
    } while (0)

static void chacha12_seed(chacha12 *r, uint64_t seed)
{
    static const uint32_t sigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    memset(r, 0, sizeof *r);
    memcpy(r->state, sigma, sizeof sigma);
    for (int i = 0; i < 8; i++) {
        /* rand_core's seed_from_u64: PCG32 outputs as the key words */
        seed = seed * 6364136223846793005u + 11634580027462260723u;
        uint32_t xorshifted = (uint32_t)(((seed >> 18) ^ seed) >> 27);
        unsigned rot = (unsigned)(seed >> 59);
        r->state[4 + i] = (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
    }
    r->used = 16;
}

static uint32_t chacha12_next(chacha12 *r)
{
    if (r->used == 16) {
        uint32_t x[16];
        memcpy(x, r->state, sizeof x);
        for (int i = 0; i < 6; i++) {
            QUARTER(0, 4, 8, 12);
            QUARTER(1, 5, 9, 13);
            QUARTER(2, 6, 10, 14);
            QUARTER(3, 7, 11, 15);
            QUARTER(0, 5, 10, 15);
            QUARTER(1, 6, 11, 12);
            QUARTER(2, 7, 8, 13);
            QUARTER(3, 4, 9, 14);
        }
        for (int i = 0; i < 16; i++)
            r->block[i] = x[i] + r->state[i];
        if (++r->state[12] == 0)
            r->state[13]++;
        r->used = 0;
    }
    return r->block[r->used++];
}

/* rand's random_range(..bound) for u32 (the default, "biased" sampler:
 * one extra draw when the first lands in the biased zone). */
static uint32_t below_u32(chacha12 *r, uint32_t bound)
{
    uint64_t m = (uint64_t)chacha12_next(r) * bound;
    uint32_t result = (uint32_t)(m >> 32), lo = (uint32_t)m;
    if (lo > (uint32_t)(0u - bound)) {
        uint32_t new_hi = (uint32_t)(((uint64_t)chacha12_next(r) * bound) >> 32);
        result += (uint32_t)(lo + new_hi < lo);
    }
    return result;
}

/* rand's SliceRandom::shuffle: Fisher-Yates upward, drawing several
 * indices from one number (IncreasingUniform). */
static void shuffle_like_rand(size_t *v, size_t n, chacha12 *r)
{
    if (n <= 1)
        return;
    uint32_t next_n = 0, chunk = 0;
    unsigned remaining = 1;     /* the first index is always 0 */
    for (size_t i = 0; i < n; i++) {
        next_n++;
        size_t index;
        if (remaining == 0) {
            /* bound = next_n (next_n + 1) ... while it fits in 32 bits */
            uint64_t product = next_n;
            uint32_t current = next_n + 1;
            while (product * current <= UINT32_MAX) {
                product *= current;
                current++;
            }
            chunk = below_u32(r, (uint32_t)product);
            remaining = current - next_n;
        }
        remaining--;
        if (remaining == 0) {
            index = chunk;
        } else {
            index = chunk % next_n;
            chunk /= next_n;
        }
        size_t t = v[i];
        v[i] = v[index];
        v[index] = t;
    }
}

/* PyTorch's CosineAnnealingLR in its recursive form, as fsrs-rs has it. */
typedef struct cosine_lr {
    double t_max, init_lr, step_count, lr;
} cosine_lr;

static double cosine_step(cosine_lr *s)
{
    const double pi = 3.14159265358979323846;
    s->step_count += 1.0;
    double k = s->step_count;
    if (k == 0.0)
        s->lr = s->init_lr;
    else if (fmod(k - 1.0 - s->t_max, 2.0 * s->t_max) == 0.0)
        s->lr = s->init_lr * (1.0 - cos(pi / s->t_max)) / 2.0;
    else
        s->lr = fma((1.0 + cos(pi * k / s->t_max)) / (1.0 + cos(pi * (k - 1.0) / s->t_max)),
                    s->lr, 0.0);
    return s->lr;
}

typedef struct adam {
    double m[N_W], v[N_W];
    int t;
} adam;

static void adam_step(adam *a, double *w, const double *grad, double lr)
{
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    a->t++;
    double bias1 = 1.0 - pow(beta1, a->t), bias2 = 1.0 - pow(beta2, a->t);
    for (int i = 0; i < N_W; i++) {
        a->m[i] = beta1 * a->m[i] + (1.0 - beta1) * grad[i];
        a->v[i] = beta2 * a->v[i] + (1.0 - beta2) * grad[i] * grad[i];
        double m_hat = a->m[i] / bias1, v_hat = a->v[i] / bias2;
        w[i] -= lr * m_hat / (sqrt(v_hat) + eps);
    }
}

typedef struct train_ctx {
    const cp_fsrs_opt_items *it;
    const cp_fsrs_opt_desc *desc;
    int epochs, batch_size, relearning_steps;
    double lr, gamma;
    uint64_t seed;
} train_ctx;

/* Adam over the items from w (the starting point, also the L2 anchor);
 * the best epoch's weights into w. */
static cp_status train(const train_ctx *tc, train_item *items, size_t n, double w[N_W],
                       cp_error *err)
{
    const cp_fsrs_opt_desc *desc = tc->desc;
    const bool short_term = desc->short_term;
    size_t bs = (size_t)tc->batch_size;
    size_t n_batches = (n + bs - 1) / bs;
    size_t max_len = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i].len > max_len)
            max_len = items[i].len;
    /* items[] sorted by length (the batches); by_card for the epoch loss */
    train_item *by_card = malloc(n * sizeof *by_card);
    double *pred = malloc(n * sizeof *pred);
    size_t *order = malloc(n_batches * sizeof *order);
    step_cache *cache = malloc(max_len * sizeof *cache);
    if (!by_card || !pred || !order || !cache) {
        free(by_card);
        free(pred);
        free(order);
        free(cache);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    /* batches: by length, ties in log order (a stable sort, as fsrs-rs) */
    sort_key *keys = malloc(n * sizeof *keys);
    bool sorted = keys != NULL;
    for (size_t i = 0; sorted && i < n; i++)
        keys[i] = (sort_key){items[i].len, (uint32_t)i, 0, 0};
    sorted = sorted && sort_keys(keys, n);
    for (size_t i = 0; sorted && i < n; i++) {
        by_card[i] = items[keys[i].index];
        by_card[i].slot = i;    /* where the item's prediction goes */
    }
    if (sorted)
        memcpy(items, by_card, n * sizeof *items);
    for (size_t i = 0; sorted && i < n; i++)
        keys[i] = (sort_key){((uint64_t)items[i].first << 32) | items[i].len, (uint32_t)i, 0, 0};
    sorted = sorted && sort_keys(keys, n);
    for (size_t i = 0; sorted && i < n; i++)
        by_card[i] = items[keys[i].index];
    free(keys);
    if (!sorted) {
        free(by_card);
        free(pred);
        free(order);
        free(cache);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }

    double init[N_W], best[N_W], best_loss = INFINITY;
    memcpy(init, w, sizeof init);
    memcpy(best, w, sizeof best);
    cosine_lr sched = {(double)((n / bs + 1) * (size_t)tc->epochs), tc->lr, -1.0, tc->lr};
    adam opt = {{0}, {0}, 0};
    chacha12 rng;
    chacha12_seed(&rng, tc->seed);
    size_t total = n * (size_t)tc->epochs;
    cp_status status = CP_OK;

    for (int epoch = 1; epoch <= tc->epochs && status == CP_OK; epoch++) {
        for (size_t b = 0; b < n_batches; b++)
            order[b] = b;
        shuffle_like_rand(order, n_batches, &rng);
        size_t processed = 0;
        for (size_t ob = 0; ob < n_batches; ob++) {
            size_t start = order[ob] * bs, end = start + bs < n ? start + bs : n;
            double lr = cosine_step(&sched);
            double grad[N_W] = {0};
            model m;
            model_init(&m, w);
            for (size_t i = start; i < end; i++)
                item_loss_grad(&m, tc->it->steps, &items[i], cache, grad);
            double scale = tc->gamma * (double)(end - start) / (double)n;
            for (int i = 0; i < N_W; i++)
                grad[i] += 2.0 * (w[i] - init[i]) / (PARAMS_STDDEV[i] * PARAMS_STDDEV[i]) * scale;
            if (!short_term) {
                /* short-term off: S0 stays pre-trained, w17-w19 stay 0 */
                for (int i = 0; i < 4; i++)
                    grad[i] = 0.0;
                for (int i = 17; i < 20; i++)
                    grad[i] = 0.0;
            }
            adam_step(&opt, w, grad, lr);
            cp_fsrs_opt_clip(w, tc->relearning_steps, short_term);
            processed += end - start;
            if (desc->progress &&
                !desc->progress(desc->progress_ctx, (size_t)(epoch - 1) * n + processed, total)) {
                status = cp_error_set(err, CP_ERR_CANCELLED, NULL, 0, "fitting cancelled");
                break;
            }
        }
        if (status != CP_OK)
            break;
        /* the loss over every item with this epoch's weights */
        model m;
        model_init(&m, w);
        predict_sorted(&m, tc->it->steps, by_card, n, pred);
        double loss = 0.0, l2 = 0.0;
        for (size_t i = 0; i < n; i++)
            loss += bce(pred[i], items[i].label, items[i].weight, NULL);
        for (int i = 0; i < N_W; i++)
            l2 += (w[i] - init[i]) * (w[i] - init[i]) / (PARAMS_STDDEV[i] * PARAMS_STDDEV[i]);
        loss = (loss + l2 * tc->gamma) / (double)n;
        if (loss < best_loss) {
            best_loss = loss;
            memcpy(best, w, sizeof best);
        }
    }
    if (status == CP_OK)
        memcpy(w, best, sizeof best);
    free(by_card);
    free(pred);
    free(order);
    free(cache);
    return status;
}

cp_status cp_fsrs_opt_fit(const cp_fsrs_opt_review *reviews, size_t n,
                          const cp_fsrs_opt_desc *desc_in, cp_fsrs_opt_result *out,
                          cp_error *err)
{
    static const cp_fsrs_opt_desc zero;
    const cp_fsrs_opt_desc *desc = desc_in ? desc_in : &zero;
    train_ctx tc = {
        .desc = desc,
        .epochs = desc->epochs > 0 ? desc->epochs : 5,
        .batch_size = desc->batch_size > 0 ? desc->batch_size : 512,
        .relearning_steps = desc->relearning_steps > 0 ? desc->relearning_steps : 1,
        .lr = desc->learning_rate > 0.0 ? desc->learning_rate : 0.04,
        .gamma = desc->gamma > 0.0 ? desc->gamma : desc->gamma < 0.0 ? 0.0 : 1.0,
        .seed = desc->seed ? desc->seed : 2023,
    };
    size_t max_seq_len = desc->max_seq_len > 0 ? (size_t)desc->max_seq_len : 256;
    memset(out, 0, sizeof *out);
    default_weights(out->w);
    out->outcome = CP_FSRS_OPT_DEFAULTS;
    out->default_eval.log_loss = out->default_eval.rmse_bins = NAN;
    out->fitted_eval = out->default_eval;

    cp_fsrs_opt_items it;
    cp_status s = cp_fsrs_opt_items_build(reviews, n, &it, err);
    if (s != CP_OK)
        return s;
    tc.it = &it;
    out->items = it.n_items;
    prepared p;
    if (!prepare(&it, &p)) {
        cp_fsrs_opt_items_free(&it);
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    }
    train_item *train_set = NULL;
    size_t n_train = 0;
    for (size_t i = 0; i < it.n_items; i++)
        n_train += p.survives[i];
    float s0[5] = {0};
    bool have[5];
    uint32_t count[5];
    /* fsrs-rs: under 8 items the defaults; no first-interval data an error
     * (here: the defaults); then, when no item has two long-term reviews
     * or there are under 64, the pre-trained S0 with default w4-w20. */
    if (n_train < 8 || !pretrain(&it, &p, average_recall_of(&it, &p), s0, have, count))
        goto evaluate;
    for (int g = 0; g < 4; g++)
        out->w[g] = s0[g + 1];
    out->outcome = CP_FSRS_OPT_PRETRAINED;
    if (n_train == p.n_init || n_train < 64)
        goto evaluate;

    train_set = malloc(n_train * sizeof *train_set);
    if (!train_set) {
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    size_t k = 0, kept = 0;
    for (size_t i = 0; i < it.n_items; i++) {
        if (!p.survives[i])
            continue;
        const cp_fsrs_opt_item *item = &it.items[i];
        double weight = recency_weight(k++, n_train);
        if (item->len > max_seq_len)
            continue;
        train_set[kept++] = (train_item){item->first, item->len,
                                         it.steps[item->first + item->len - 1].rating > CP_AGAIN,
                                         weight, 0};
    }
    double w[N_W];
    memcpy(w, out->w, sizeof w);
    if (!desc->short_term)
        w[17] = w[18] = w[19] = 0.0;
    if (kept) {
        s = train(&tc, train_set, kept, w, err);
        if (s != CP_OK)
            goto done;
    }
    for (int i = 0; i < N_W; i++)
        if (!isfinite(w[i])) {
            s = cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                             "the fit diverged (weight w%d is not a number)", i);
            goto done;
        }
    /* S0 smoothed and filled again, with the pre-training's counts */
    for (int g = 1; g <= 4; g++)
        s0[g] = (float)w[g - 1];
    smooth_and_fill(s0, have, count);
    for (int g = 0; g < 4; g++)
        w[g] = s0[g + 1];
    memcpy(out->w, w, sizeof w);
    out->outcome = CP_FSRS_OPT_FITTED;

evaluate:;
    double def[N_W];
    default_weights(def);
    eval_set e;
    if (!eval_set_init(&e, &it, &p)) {
        s = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
        goto done;
    }
    s = eval_set_run(&e, &it, def, &out->default_eval, err);
    if (s == CP_OK)
        s = eval_set_run(&e, &it, out->w, &out->fitted_eval, err);
    eval_set_free(&e);
done:
    free(train_set);
    prepared_free(&p);
    cp_fsrs_opt_items_free(&it);
    return s;
}

/* ---- building a log ------------------------------------------------------ */

typedef struct log_card {
    char *name;             /* NULL: empty slot */
    uint32_t number;
    int32_t last_day;
} log_card;

struct cp_fsrs_opt_log {
    cp_fsrs_opt_review *reviews;
    size_t n, cap;
    log_card *slots;        /* open addressing, power-of-two size */
    size_t n_slots, n_cards;
};

cp_fsrs_opt_log *cp_fsrs_opt_log_new(void)
{
    return calloc(1, sizeof(cp_fsrs_opt_log));
}

void cp_fsrs_opt_log_free(cp_fsrs_opt_log *log)
{
    if (!log)
        return;
    for (size_t i = 0; i < log->n_slots; i++)
        free(log->slots[i].name);
    free(log->slots);
    free(log->reviews);
    free(log);
}

static uint64_t hash_name(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h;
}

/* The card named `name`, added when new; NULL when out of memory. */
static log_card *log_card_get(cp_fsrs_opt_log *log, const char *name, bool *created)
{
    if (2 * (log->n_cards + 1) > log->n_slots) {
        size_t n_slots = log->n_slots ? 2 * log->n_slots : 64;
        log_card *slots = calloc(n_slots, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < log->n_slots; i++) {
            if (!log->slots[i].name)
                continue;
            size_t j = hash_name(log->slots[i].name) & (n_slots - 1);
            while (slots[j].name)
                j = (j + 1) & (n_slots - 1);
            slots[j] = log->slots[i];
        }
        free(log->slots);
        log->slots = slots;
        log->n_slots = n_slots;
    }
    size_t j = hash_name(name) & (log->n_slots - 1);
    while (log->slots[j].name) {
        if (strcmp(log->slots[j].name, name) == 0) {
            *created = false;
            return &log->slots[j];
        }
        j = (j + 1) & (log->n_slots - 1);
    }
    size_t len = strlen(name) + 1;
    char *copy = malloc(len);
    if (!copy)
        return NULL;
    memcpy(copy, name, len);
    log->slots[j] = (log_card){copy, (uint32_t)log->n_cards++, INT32_MIN};
    *created = true;
    return &log->slots[j];
}

static cp_status log_add(cp_fsrs_opt_log *log, const char *card, int32_t day, int rating,
                         bool clamp_day, cp_error *err)
{
    if (rating < CP_AGAIN || rating > CP_EASY)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "rating %d is not 1, 2, 3 or 4",
                            rating);
    if (!card || !*card)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "empty card_id");
    cp_fsrs_opt_review *grown = cp_grow(log->reviews, &log->cap, log->n, sizeof *grown, 1024);
    if (!grown)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    log->reviews = grown;
    bool created;
    log_card *c = log_card_get(log, card, &created);
    if (!c)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "out of memory");
    if (day < c->last_day) {
        if (!clamp_day)
            return cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                                "day %ld of card '%s' is before its previous review on day %ld",
                                (long)day, card, (long)c->last_day);
        day = c->last_day;
    }
    c->last_day = day;
    log->reviews[log->n++] = (cp_fsrs_opt_review){c->number, day, (uint8_t)rating};
    return CP_OK;
}

cp_status cp_fsrs_opt_log_add(cp_fsrs_opt_log *log, const char *card, int32_t day,
                              int rating, cp_error *err)
{
    return log_add(log, card, day, rating, false, err);
}

cp_status cp_fsrs_opt_log_add_clamped(cp_fsrs_opt_log *log, const char *card, int32_t day,
                                      int rating, cp_error *err)
{
    return log_add(log, card, day, rating, true, err);
}

const cp_fsrs_opt_review *cp_fsrs_opt_log_reviews(const cp_fsrs_opt_log *log, size_t *n)
{
    *n = log->n;
    return log->reviews;
}

size_t cp_fsrs_opt_log_cards(const cp_fsrs_opt_log *log)
{
    return log->n_cards;
}

/* A whole decimal integer in [lo, hi]. */
static bool parse_int(const char *s, size_t len, long lo, long hi, long *out)
{
    char buf[32];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (errno || *end || end == buf || buf[0] == ' ' || buf[0] == '+' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

enum { MAX_COLUMNS = 64 };

/* Splits [s, e) at tabs into at most MAX_COLUMNS fields; -1 when more. */
static int split_tabs(const char *s, const char *e, const char *start[], size_t len[])
{
    int n = 0;
    for (;;) {
        const char *tab = memchr(s, '\t', (size_t)(e - s));
        const char *end = tab ? tab : e;
        if (n == MAX_COLUMNS)
            return -1;
        start[n] = s;
        len[n++] = (size_t)(end - s);
        if (!tab)
            return n;
        s = tab + 1;
    }
}

cp_status cp_fsrs_opt_log_parse(cp_fsrs_opt_log *log, const char *text, size_t size,
                                cp_error *err)
{
    const char *p = text, *end = text + size;
    if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;     /* a UTF-8 byte order mark, as spreadsheets write */
    uint32_t line = 0;
    int col_card = -1, col_day = -1, col_rating = -1, n_cols = 0;
    char card[512];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        line++;
        if (e > p && e[-1] == '\r')
            e--;
        if (memchr(p, '\0', (size_t)(e - p)))
            return cp_error_set(err, CP_ERR_INVALID, NULL, line, "a NUL byte in the line");
        const char *f[MAX_COLUMNS];
        size_t fl[MAX_COLUMNS];
        if (line == 1) {
            n_cols = split_tabs(p, e, f, fl);
            if (n_cols < 0)
                return cp_error_set(err, CP_ERR_INVALID, NULL, line,
                                    "more than %d columns in the header", MAX_COLUMNS);
            for (int i = 0; i < n_cols; i++) {
                int *col = fl[i] == 7 && memcmp(f[i], "card_id", 7) == 0 ? &col_card
                         : fl[i] == 3 && memcmp(f[i], "day", 3) == 0 ? &col_day
                         : fl[i] == 6 && memcmp(f[i], "rating", 6) == 0 ? &col_rating : NULL;
                if (col && *col >= 0)
                    return cp_error_set(err, CP_ERR_INVALID, NULL, line,
                                        "the header names column '%.*s' twice", (int)fl[i], f[i]);
                if (col)
                    *col = i;
            }
            if (col_card < 0 || col_day < 0 || col_rating < 0)
                return cp_error_set(err, CP_ERR_INVALID, NULL, line,
                                    "the header must name the columns card_id, day and rating "
                                    "(tab-separated)");
            p = next;
            continue;
        }
        if (e == p) {       /* blank line */
            p = next;
            continue;
        }
        int n = split_tabs(p, e, f, fl);
        if (n != n_cols)
            return cp_error_set(err, CP_ERR_INVALID, NULL, line,
                                "%d tab-separated fields, the header has %d", n < 0 ? MAX_COLUMNS + 1 : n,
                                n_cols);
        long day, rating;
        if (!parse_int(f[col_day], fl[col_day], INT32_MIN, INT32_MAX, &day))
            return cp_error_set(err, CP_ERR_INVALID, NULL, line, "day '%.*s' is not a whole number",
                                (int)(fl[col_day] > 40 ? 40 : fl[col_day]), f[col_day]);
        if (!parse_int(f[col_rating], fl[col_rating], 1, 4, &rating))
            return cp_error_set(err, CP_ERR_INVALID, NULL, line,
                                "rating '%.*s' is not 1, 2, 3 or 4",
                                (int)(fl[col_rating] > 40 ? 40 : fl[col_rating]), f[col_rating]);
        if (fl[col_card] == 0)
            return cp_error_set(err, CP_ERR_INVALID, NULL, line, "empty card_id");
        if (fl[col_card] >= sizeof card)
            return cp_error_set(err, CP_ERR_INVALID, NULL, line, "card_id longer than %zu bytes",
                                sizeof card - 1);
        memcpy(card, f[col_card], fl[col_card]);
        card[fl[col_card]] = '\0';
        cp_status s = cp_fsrs_opt_log_add(log, card, (int32_t)day, (int)rating, err);
        if (s != CP_OK) {
            if (err)
                err->line = line;
            return s;
        }
        p = next;
    }
    if (line == 0)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 1,
                            "empty input: expected a header line naming card_id, day and rating");
    return CP_OK;
}
