/* Exam forms, the mock reserve and the timed session.
 *
 * Assembly sorts each domain's question cards by (seen before?, on a recent
 * form?, when last seen, random key) and takes the scored quota from the
 * front: never-seen items first, then the least recently seen, and recent
 * forms' cards only when the bank runs out. Unscored slots then sort what
 * is left by (never seen?, recent?, fewest responses, random key): seen
 * items with little data get the pretest slots, keeping fresh items for
 * the scored ones. Both lists are shuffled together with Fisher-Yates. The
 * session keeps the form private and shows items through cp_exam_view. */
#include "cloudprep/exam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct candidate {
    size_t bank_index;
    const cp_card *card;
    bool recent;
    bool used;
    cp_time last_seen;      /* 0: never seen */
    uint32_t responses;
    uint64_t key;
} candidate;

static bool is_question(const cp_card *card)
{
    return card && (card->type == CP_CARD_SINGLE || card->type == CP_CARD_MULTI) &&
           card->n_choices > 0 && card->n_choices <= CP_MAX_CHOICES &&
           card->domain >= 1 && card->domain <= CP_DOMAINS;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `recent` is sorted (by_id). */
static bool in_recent(const char **recent, size_t n, const char *id)
{
    return n && bsearch(&id, recent, n, sizeof *recent, by_id) != NULL;
}

/* Scored slots: never seen first, then not on a recent form, then the
 * least recently seen, then the random key. */
static int by_fresh_recent_key(const void *a, const void *b)
{
    const candidate *x = *(const candidate *const *)a;
    const candidate *y = *(const candidate *const *)b;
    if ((x->last_seen == 0) != (y->last_seen == 0))
        return x->last_seen == 0 ? -1 : 1;
    if (x->recent != y->recent)
        return x->recent ? 1 : -1;
    if (x->last_seen != y->last_seen)
        return x->last_seen < y->last_seen ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Unscored slots: seen items first (fresh ones are kept for scored slots),
 * not on a recent form, the least response data, the random key. */
static int by_seen_recent_data_key(const void *a, const void *b)
{
    const candidate *x = *(const candidate *const *)a;
    const candidate *y = *(const candidate *const *)b;
    if ((x->last_seen == 0) != (y->last_seen == 0))
        return x->last_seen == 0 ? 1 : -1;
    if (x->recent != y->recent)
        return x->recent ? 1 : -1;
    if (x->responses != y->responses)
        return x->responses < y->responses ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

bool cp_exam_grade(const cp_card *card, uint32_t chosen)
{
    /* All or nothing: exactly the set of correct choices. */
    return card && chosen != 0 && chosen == cp_exam_correct_mask(card);
}

void cp_exam_chosen_text(uint32_t chosen, char *out, size_t size)
{
    if (!size)
        return;
    out[0] = '\0';
    size_t len = 0;
    for (int i = 0; i < CP_MAX_CHOICES && len < size; i++)
        if (chosen & (1u << i))
            len += (size_t)snprintf(out + len, size - len, "%s%d", len ? "," : "", i);
}

bool cp_exam_chosen_parse(const char *text, uint32_t *chosen)
{
    *chosen = 0;
    if (!text)
        return false;
    const char *p = text;
    while (*p) {
        if (*p < '0' || *p >= '0' + CP_MAX_CHOICES)
            return false;
        *chosen |= 1u << (*p - '0');
        p++;
        if (*p == ',')
            p++;
        else if (*p)
            return false;
    }
    return true;
}

bool cp_exam_full_timed(int32_t time_limit_s)
{
    return time_limit_s == CP_EXAM_MINUTES * 60;
}

cp_status cp_exam_bank_from_deck(const cp_deck *deck, cp_exam_bank *bank,
                                 cp_error *err)
{
    if (!bank)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "exam: missing bank");
    memset(bank, 0, sizeof *bank);
    size_t n = deck ? cp_deck_count(deck) : 0;
    const cp_card **cards = calloc(n ? n : 1, sizeof *cards);
    if (!cards)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "exam: out of memory");
    for (size_t i = 0; i < n; i++) {
        const cp_card *card = cp_deck_card(deck, i);
        if (is_question(card))
            cards[bank->n_cards++] = card;
    }
    bank->cards = cards;
    return CP_OK;
}

void cp_exam_bank_release(cp_exam_bank *bank)
{
    if (!bank)
        return;
    free((void *)bank->cards);
    memset(bank, 0, sizeof *bank);
}

uint32_t cp_exam_correct_mask(const cp_card *card)
{
    uint32_t mask = 0;
    for (size_t i = 0; card && i < card->n_choices && i < CP_MAX_CHOICES; i++)
        if (card->choices[i].correct)
            mask |= 1u << i;
    return mask;
}

/* Takes up to `want` unused candidates of `list` (already sorted). */
static size_t take(candidate **list, size_t n, size_t want, bool scored,
                   const cp_exam_bank *bank, cp_exam_form *form)
{
    size_t got = 0;
    for (size_t i = 0; i < n && got < want; i++) {
        if (list[i]->used)
            continue;
        list[i]->used = true;
        cp_exam_item *item = &form->items[form->n_items++];
        memset(item, 0, sizeof *item);
        item->card = list[i]->card;
        item->scored = scored;
        item->fresh = list[i]->last_seen == 0;
        const cp_item_data *data = bank->data ? &bank->data[list[i]->bank_index] : NULL;
        item->difficulty = cp_score_item_difficulty(item->card->difficulty, data);
        got++;
    }
    return got;
}

cp_status cp_exam_build(const cp_exam_bank *bank, const cp_exam_form_desc *desc,
                        cp_rng *rng, cp_exam_form *out, cp_error *err)
{
    static const cp_exam_form_desc no_desc = {0};
    if (!desc)
        desc = &no_desc;
    if (!bank || !rng || !out || (bank->n_cards && !bank->cards))
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "exam: missing argument");

    const bool mock = desc->kind != CP_EXAM_DIAGNOSTIC;
    const int n_scored = mock ? CP_EXAM_SCORED : CP_DIAGNOSTIC_ITEMS;
    const int n_unscored = mock ? CP_EXAM_UNSCORED : 0;
    int scored_quota[CP_DOMAINS], unscored_quota[CP_DOMAINS];
    cp_blueprint_apportion(n_scored, scored_quota);
    cp_blueprint_apportion(n_unscored, unscored_quota);

    cp_status status = CP_OK;
    candidate *pool = calloc(bank->n_cards ? bank->n_cards : 1, sizeof *pool);
    candidate **order = calloc(bank->n_cards ? bank->n_cards : 1, sizeof *order);
    const char **recent = calloc(desc->n_recent ? desc->n_recent : 1, sizeof *recent);
    if (!pool || !order || !recent) {
        status = cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "exam: out of memory");
        goto done;
    }

    /* The recent forms' ids, sorted once for lookups. */
    size_t n_recent = 0;
    for (size_t i = 0; desc->recent_ids && i < desc->n_recent; i++)
        if (desc->recent_ids[i])
            recent[n_recent++] = desc->recent_ids[i];
    qsort(recent, n_recent, sizeof *recent, by_id);

    size_t n_pool = 0;
    size_t per_domain[CP_DOMAINS] = {0};
    for (size_t i = 0; i < bank->n_cards; i++) {
        const cp_card *card = bank->cards[i];
        if (!is_question(card))
            continue;
        candidate *c = &pool[n_pool++];
        c->bank_index = i;
        c->card = card;
        c->recent = in_recent(recent, n_recent, card->id);
        c->responses = bank->data ? bank->data[i].responses : 0;
        c->last_seen = bank->last_seen ? bank->last_seen[i] : 0;
        c->key = cp_rng_next(rng);
        per_domain[card->domain - 1]++;
    }
    for (int d = 0; d < CP_DOMAINS; d++) {
        if (per_domain[d] < (size_t)scored_quota[d]) {
            status = cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                                  "exam: the bank has %zu question(s) in domain %d, "
                                  "a form needs %d",
                                  per_domain[d], d + 1, scored_quota[d]);
            goto done;
        }
    }
    if (n_pool < (size_t)(n_scored + n_unscored)) {
        status = cp_error_set(err, CP_ERR_INVALID, NULL, 0,
                              "exam: the bank has %zu question(s), a form needs %d",
                              n_pool, n_scored + n_unscored);
        goto done;
    }

    memset(out, 0, sizeof *out);
    out->kind = mock ? CP_EXAM_MOCK : CP_EXAM_DIAGNOSTIC;
    out->n_scored = n_scored;
    out->time_limit_s = 60 * (mock ? CP_EXAM_MINUTES : CP_DIAGNOSTIC_MINUTES);

    /* Scored quotas, domain by domain. */
    for (int d = 0; d < CP_DOMAINS; d++) {
        size_t n = 0;
        for (size_t i = 0; i < n_pool; i++)
            if (pool[i].card->domain == d + 1)
                order[n++] = &pool[i];
        qsort(order, n, sizeof *order, by_fresh_recent_key);
        take(order, n, (size_t)scored_quota[d], true, bank, out);
    }
    for (size_t i = 0; i < out->n_items; i++)
        out->n_fresh_scored += out->items[i].fresh;
    /* Unscored: by domain first, then any domain for what is missing. */
    size_t missing = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        size_t n = 0;
        for (size_t i = 0; i < n_pool; i++)
            if (pool[i].card->domain == d + 1 && !pool[i].used)
                order[n++] = &pool[i];
        qsort(order, n, sizeof *order, by_seen_recent_data_key);
        missing += (size_t)unscored_quota[d] -
                   take(order, n, (size_t)unscored_quota[d], false, bank, out);
    }
    if (missing) {
        size_t n = 0;
        for (size_t i = 0; i < n_pool; i++)
            if (!pool[i].used)
                order[n++] = &pool[i];
        qsort(order, n, sizeof *order, by_seen_recent_data_key);
        take(order, n, missing, false, bank, out);
    }

    /* Shuffle scored and unscored together, then each item's choices. */
    for (size_t i = out->n_items; i > 1; i--) {
        size_t j = (size_t)cp_rng_below(rng, i);
        cp_exam_item tmp = out->items[i - 1];
        out->items[i - 1] = out->items[j];
        out->items[j] = tmp;
    }
    double difficulties[CP_EXAM_QUESTIONS];
    size_t n_diff = 0;
    for (size_t i = 0; i < out->n_items; i++) {
        cp_exam_item *item = &out->items[i];
        size_t n = item->card->n_choices;
        for (size_t k = 0; k < n; k++)
            item->choice_order[k] = (uint8_t)k;
        for (size_t k = n; k > 1; k--) {
            size_t j = (size_t)cp_rng_below(rng, k);
            uint8_t tmp = item->choice_order[k - 1];
            item->choice_order[k - 1] = item->choice_order[j];
            item->choice_order[j] = tmp;
        }
        if (item->scored)
            difficulties[n_diff++] = item->difficulty;
    }
    out->cut_raw = cp_score_cut_raw(difficulties, n_diff);

done:
    free(pool);
    free(order);
    free(recent);
    return status;
}

/* ---- the mock reserve ---------------------------------------------------- */

static void reserve_defaults(const cp_reserve_desc *desc, int *mocks, double *share)
{
    *mocks = desc && desc->mocks > 0 ? desc->mocks : 5;
    *share = desc && desc->max_share > 0 && desc->max_share <= 1 ? desc->max_share : 0.3;
}

void cp_exam_reserve_target(const cp_exam_bank *bank, const cp_reserve_desc *desc,
                            int target[CP_DOMAINS])
{
    int mocks;
    double share;
    reserve_defaults(desc, &mocks, &share);
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    size_t per_domain[CP_DOMAINS] = {0};
    for (size_t i = 0; bank && i < bank->n_cards; i++)
        if (is_question(bank->cards[i]))
            per_domain[bank->cards[i]->domain - 1]++;
    for (int d = 0; d < CP_DOMAINS; d++) {
        long cap = (long)(share * (double)per_domain[d]);
        long want = (long)mocks * quota[d];
        target[d] = (int)(want < cap ? want : cap);
    }
}

size_t cp_exam_reserve_fill(const cp_exam_bank *bank, const cp_reserve_desc *desc, uint64_t seed,
                            uint8_t *held)
{
    if (!bank || !held || !bank->n_cards)
        return 0;
    int target[CP_DOMAINS];
    cp_exam_reserve_target(bank, desc, target);
    /* Release what the learner has seen; count what stays, by task. */
    int have_domain[CP_DOMAINS] = {0}, have_task[CP_TASKS] = {0};
    for (size_t i = 0; i < bank->n_cards; i++) {
        const cp_card *card = bank->cards[i];
        if (held[i] && (!is_question(card) || (bank->last_seen && bank->last_seen[i])))
            held[i] = 0;
        if (held[i]) {
            have_domain[card->domain - 1]++;
            have_task[card->task]++;
        }
    }
    /* Never-seen, unheld candidates in a seeded random order. */
    size_t *order = malloc(bank->n_cards * sizeof *order);
    if (!order)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < bank->n_cards; i++)
        if (!held[i] && is_question(bank->cards[i]) && !(bank->last_seen && bank->last_seen[i]))
            order[n++] = i;
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)cp_rng_below(&rng, i);
        size_t tmp = order[i - 1];
        order[i - 1] = order[j];
        order[j] = tmp;
    }
    /* Each domain grows one card at a time on its task with the fewest
     * held cards that still has a candidate, so the reserve spreads over
     * the task statements. */
    size_t added = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        while (have_domain[d] < target[d]) {
            size_t best = n;
            for (size_t k = 0; k < n; k++) {
                if (order[k] == SIZE_MAX)
                    continue;
                const cp_card *card = bank->cards[order[k]];
                if (card->domain != d + 1)
                    continue;
                if (best == n || have_task[card->task] < have_task[bank->cards[order[best]]->task])
                    best = k;
            }
            if (best == n)
                break;
            held[order[best]] = 1;
            have_domain[d]++;
            have_task[bank->cards[order[best]]->task]++;
            order[best] = SIZE_MAX;
            added++;
        }
    }
    free(order);
    return added;
}

int cp_exam_fresh_forms(const cp_exam_bank *bank)
{
    if (!bank)
        return 0;
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    size_t fresh[CP_DOMAINS] = {0};
    for (size_t i = 0; i < bank->n_cards; i++)
        if (is_question(bank->cards[i]) && !(bank->last_seen && bank->last_seen[i]))
            fresh[bank->cards[i]->domain - 1]++;
    int forms = -1;
    for (int d = 0; d < CP_DOMAINS; d++) {
        int f = quota[d] ? (int)(fresh[d] / (size_t)quota[d]) : 0;
        if (forms < 0 || f < forms)
            forms = f;
    }
    return forms < 0 ? 0 : forms;
}

int cp_exam_form_scale(const cp_exam_form *form, int raw)
{
    return cp_score_scale(raw, form->cut_raw, form->n_scored);
}

/* ---- the session -------------------------------------------------------- */

struct cp_exam_session {
    cp_exam_form form;
    cp_time started_at;
    cp_time deadline;
    cp_time finished_at;
    int32_t limit_s;
    cp_exam_state state;
    uint32_t chosen[CP_EXAM_QUESTIONS];
    bool flagged[CP_EXAM_QUESTIONS];
};

cp_status cp_exam_begin(const cp_exam_form *form, const cp_exam_desc *desc,
                        cp_time now, cp_exam_session **out, cp_error *err)
{
    if (!form || !out || form->n_items == 0 || form->n_items > CP_EXAM_QUESTIONS)
        return cp_error_set(err, CP_ERR_INVALID, NULL, 0, "exam: no form to begin");
    cp_exam_session *s = calloc(1, sizeof *s);
    if (!s)
        return cp_error_set(err, CP_ERR_NOMEM, NULL, 0, "exam: out of memory");
    s->form = *form;
    s->limit_s = desc && desc->minutes > 0 ? desc->minutes * 60 : form->time_limit_s;
    if (s->limit_s <= 0)
        s->limit_s = CP_EXAM_MINUTES * 60;
    s->started_at = now;
    s->deadline = now + s->limit_s;
    s->state = CP_EXAM_OPEN;
    *out = s;
    return CP_OK;
}

void cp_exam_end(cp_exam_session *session)
{
    free(session);
}

size_t cp_exam_count(const cp_exam_session *session)
{
    return session ? session->form.n_items : 0;
}

cp_status cp_exam_view_item(const cp_exam_session *s, size_t index, cp_exam_view *out)
{
    if (!s || !out || index >= s->form.n_items)
        return CP_ERR_INVALID;
    const cp_exam_item *item = &s->form.items[index];
    memset(out, 0, sizeof *out);
    out->card = item->card;
    out->n_choices = item->card->n_choices;
    memcpy(out->choice_order, item->choice_order, sizeof out->choice_order);
    out->chosen = s->chosen[index];
    out->flagged = s->flagged[index];
    return CP_OK;
}

cp_exam_state cp_exam_tick(cp_exam_session *s, cp_time now)
{
    if (!s)
        return CP_EXAM_SUBMITTED;
    if (s->state == CP_EXAM_OPEN && now >= s->deadline) {
        s->state = CP_EXAM_TIMED_OUT;
        s->finished_at = s->deadline;
    }
    return s->state;
}

cp_exam_state cp_exam_state_of(const cp_exam_session *s)
{
    return s ? s->state : CP_EXAM_SUBMITTED;
}

cp_status cp_exam_answer(cp_exam_session *s, size_t index, uint32_t chosen, cp_time now)
{
    if (!s || index >= s->form.n_items || cp_exam_tick(s, now) != CP_EXAM_OPEN)
        return CP_ERR_INVALID;
    size_t n = s->form.items[index].card->n_choices;
    if (n < 32 && (chosen >> n) != 0)
        return CP_ERR_INVALID;
    s->chosen[index] = chosen;
    return CP_OK;
}

cp_status cp_exam_flag(cp_exam_session *s, size_t index, bool flagged, cp_time now)
{
    if (!s || index >= s->form.n_items || cp_exam_tick(s, now) != CP_EXAM_OPEN)
        return CP_ERR_INVALID;
    s->flagged[index] = flagged;
    return CP_OK;
}

int32_t cp_exam_remaining(const cp_exam_session *s, cp_time now)
{
    if (!s || s->state != CP_EXAM_OPEN || now >= s->deadline)
        return 0;
    if (now < s->started_at)
        return s->limit_s;
    return (int32_t)(s->deadline - now);
}

cp_status cp_exam_submit(cp_exam_session *s, cp_time now)
{
    if (!s || s->state != CP_EXAM_OPEN)
        return CP_ERR_INVALID;
    if (cp_exam_tick(s, now) == CP_EXAM_OPEN) {
        s->state = CP_EXAM_SUBMITTED;
        s->finished_at = now < s->started_at ? s->started_at : now;
    }
    return CP_OK;
}

bool cp_exam_item_correct(const cp_exam_session *s, size_t index)
{
    if (!s || s->state == CP_EXAM_OPEN || index >= s->form.n_items)
        return false;
    return cp_exam_grade(s->form.items[index].card, s->chosen[index]);
}

cp_status cp_exam_report(const cp_exam_session *s, cp_score_report *out)
{
    if (!s || !out || s->state == CP_EXAM_OPEN)
        return CP_ERR_INVALID;
    memset(out, 0, sizeof *out);
    const cp_exam_form *form = &s->form;
    out->n_items = form->n_items;
    out->n_scored = form->n_scored;
    out->cut_raw = form->cut_raw;
    for (size_t i = 0; i < form->n_items; i++) {
        const cp_exam_item *item = &form->items[i];
        bool right = cp_exam_item_correct(s, i);
        if (s->chosen[i])
            out->n_answered++;
        if (item->scored) {
            cp_score_domain *d = &out->domains[item->card->domain - 1];
            d->items++;
            if (right) {
                d->correct++;
                out->raw++;
            }
        }
        if (!right) {
            cp_score_miss *m = &out->misses[out->n_misses++];
            m->position = i;
            m->card = item->card;
            m->chosen = s->chosen[i];
            m->correct = cp_exam_correct_mask(item->card);
        }
    }
    for (int d = 0; d < CP_DOMAINS; d++)
        if (out->domains[d].items)
            out->domains[d].percent = 100.0 * out->domains[d].correct / out->domains[d].items;
    out->scaled = cp_score_scale(out->raw, form->cut_raw, form->n_scored);
    out->passed = out->scaled >= CP_SCALE_PASS;
    out->time_limit_s = s->limit_s;
    out->time_used_s = (int32_t)(s->finished_at - s->started_at);
    if (out->time_used_s > s->limit_s)
        out->time_used_s = s->limit_s;
    out->timed_out = s->state == CP_EXAM_TIMED_OUT;
    return CP_OK;
}
