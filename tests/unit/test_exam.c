/* Exam forms and sessions: quotas, shuffling, duplicates, recent and
 * low-data preferences, what a session exposes, all-or-nothing multi
 * response, the clock, the report, the diagnostic's stratification. */
#include "cp_test.h"

#include <stdlib.h>
#include <string.h>

#include "cloudprep/exam.h"

static const int big[CP_DOMAINS] = {40, 50, 60, 20};

static void count_domains(const cp_exam_form *f, bool scored, int out[CP_DOMAINS])
{
    memset(out, 0, sizeof(int) * CP_DOMAINS);
    for (size_t i = 0; i < f->n_items; i++)
        if (f->items[i].scored == scored)
            out[f->items[i].card->domain - 1]++;
}

static void form_quotas(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    for (uint64_t seed = 1; seed <= 20; seed++) {
        cp_rng rng = cp_test_rng(seed);
        cp_exam_form f = cp_test_form(&b, NULL, &rng);
        assert_int_equal(f.n_items, 65);
        assert_int_equal(f.n_scored, 50);
        assert_int_equal(f.time_limit_s, 90 * 60);
        int sc[CP_DOMAINS], un[CP_DOMAINS];
        count_domains(&f, true, sc);
        count_domains(&f, false, un);
        assert_int_equal(sc[0], 12);
        assert_int_equal(sc[1], 15);
        assert_int_equal(sc[2], 17);
        assert_int_equal(sc[3], 6);
        assert_int_equal(un[0], 4);
        assert_int_equal(un[1], 4);
        assert_int_equal(un[2], 5);
        assert_int_equal(un[3], 2);
        assert_true(f.cut_raw > 20.0 && f.cut_raw < 45.0);
    }
    cp_test_bank_free(&b);
}

static void no_duplicates_no_flashcards(void **state)
{
    (void)state;
    static const int tight[CP_DOMAINS] = {16, 19, 22, 8};   /* exactly 65 */
    cp_test_bank b = cp_test_bank_make(tight);
    for (uint64_t seed = 1; seed <= 20; seed++) {
        cp_rng rng = cp_test_rng(seed);
        cp_exam_form f = cp_test_form(&b, NULL, &rng);
        assert_int_equal(f.n_items, 65);
        for (size_t i = 0; i < f.n_items; i++) {
            assert_true(f.items[i].card->type != CP_CARD_FLASHCARD);
            for (size_t j = i + 1; j < f.n_items; j++)
                assert_ptr_not_equal(f.items[i].card, f.items[j].card);
        }
    }
    cp_test_bank_free(&b);
}

static void shuffled_together(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_rng rng = cp_test_rng(7);
    /* Over many forms, every position holds an unscored item sometimes and
     * scored items are not blocked by domain. */
    int unscored_at[65] = {0};
    int changes = 0;
    for (int n = 0; n < 200; n++) {
        cp_exam_form f = cp_test_form(&b, NULL, &rng);
        for (size_t i = 0; i < 65; i++) {
            if (!f.items[i].scored)
                unscored_at[i]++;
            if (i > 0 && f.items[i].card->domain != f.items[i - 1].card->domain)
                changes++;
        }
    }
    for (int i = 0; i < 65; i++) {
        assert_true(unscored_at[i] > 10);  /* expected ~46 of 200 */
        assert_true(unscored_at[i] < 100);
    }
    assert_true(changes > 200 * 30);
    /* Choices are shown in a shuffled order that is a permutation. */
    cp_exam_form f = cp_test_form(&b, NULL, &rng);
    int moved = 0;
    for (size_t i = 0; i < f.n_items; i++) {
        unsigned seen = 0;
        for (size_t k = 0; k < f.items[i].card->n_choices; k++) {
            seen |= 1u << f.items[i].choice_order[k];
            moved += f.items[i].choice_order[k] != k;
        }
        assert_int_equal(seen, (1u << f.items[i].card->n_choices) - 1);
    }
    assert_true(moved > 0);
    /* Same seed, same form. */
    cp_rng r1 = cp_test_rng(99), r2 = cp_test_rng(99);
    cp_exam_form f1 = cp_test_form(&b, NULL, &r1), f2 = cp_test_form(&b, NULL, &r2);
    for (size_t i = 0; i < 65; i++)
        assert_ptr_equal(f1.items[i].card, f2.items[i].card);
    cp_test_bank_free(&b);
}

static void recent_items_avoided(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_rng rng = cp_test_rng(3);
    cp_exam_form first = cp_test_form(&b, NULL, &rng);
    const char *recent[65];
    for (size_t i = 0; i < 65; i++)
        recent[i] = first.items[i].card->id;
    cp_exam_form_desc desc = {.recent_ids = recent, .n_recent = 65};
    cp_exam_form second = cp_test_form(&b, &desc, &rng);
    /* 170 questions, 65 recent: 105 fresh ones, enough for the whole form
     * except where a domain runs short (domain 4: 20 cards, 8 used). */
    int reused = 0;
    for (size_t i = 0; i < 65; i++)
        for (size_t j = 0; j < 65; j++)
            reused += second.items[i].card == first.items[j].card;
    assert_int_equal(reused, 0);

    /* A small bank must reuse, and still builds. */
    static const int tight[CP_DOMAINS] = {16, 19, 22, 8};
    cp_test_bank t = cp_test_bank_make(tight);
    const char *all[65];
    cp_exam_form f = cp_test_form(&t, NULL, &rng);
    for (size_t i = 0; i < 65; i++)
        all[i] = f.items[i].card->id;
    desc.recent_ids = all;
    f = cp_test_form(&t, &desc, &rng);
    assert_int_equal(f.n_items, 65);
    cp_test_bank_free(&t);
    cp_test_bank_free(&b);
}

static void unscored_prefer_little_data(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_item_data *data = calloc(b.n, sizeof *data);
    /* Every card has lots of data except one in each domain. */
    const char *fresh[CP_DOMAINS] = {"syn-d1-q005", "syn-d2-q011", "syn-d3-q023", "syn-d4-q002"};
    for (size_t i = 0; i < b.n; i++) {
        data[i].responses = 500;
        data[i].correct = 300;
        for (int d = 0; d < CP_DOMAINS; d++)
            if (strcmp(b.cards[i].id, fresh[d]) == 0)
                data[i].responses = data[i].correct = 0;
    }
    b.bank.data = data;
    cp_rng rng = cp_test_rng(11);
    int fresh_unscored = 0, fresh_scored = 0;
    for (int n = 0; n < 50; n++) {
        cp_exam_form f = cp_test_form(&b, NULL, &rng);
        for (size_t i = 0; i < f.n_items; i++)
            for (int d = 0; d < CP_DOMAINS; d++)
                if (strcmp(f.items[i].card->id, fresh[d]) == 0) {
                    fresh_unscored += !f.items[i].scored;
                    fresh_scored += f.items[i].scored;
                }
    }
    /* Whenever a fresh card is not taken for a scored slot it gets an
     * unscored one: it is on every form. */
    assert_int_equal(fresh_unscored + fresh_scored, 50 * CP_DOMAINS);
    assert_true(fresh_unscored > fresh_scored);
    free(data);
    cp_test_bank_free(&b);
}

static void bank_too_small(void **state)
{
    (void)state;
    static const int few_billing[CP_DOMAINS] = {40, 50, 60, 5};
    cp_test_bank b = cp_test_bank_make(few_billing);
    cp_rng rng = cp_test_rng(1);
    cp_exam_form f;
    cp_error err = {0};
    assert_int_equal(cp_exam_build(&b.bank, NULL, &rng, &f, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "domain 4"));
    cp_test_bank_free(&b);

    /* Unscored slots a domain cannot fill go to other domains. */
    static const int short_billing[CP_DOMAINS] = {40, 50, 60, 6};
    b = cp_test_bank_make(short_billing);
    f = cp_test_form(&b, NULL, &rng);
    assert_int_equal(f.n_items, 65);
    int un[CP_DOMAINS];
    count_domains(&f, false, un);
    assert_int_equal(un[3], 0);
    assert_int_equal(un[0] + un[1] + un[2], 15);
    cp_test_bank_free(&b);

    static const int tiny[CP_DOMAINS] = {12, 15, 17, 6};
    b = cp_test_bank_make(tiny);
    assert_int_equal(cp_exam_build(&b.bank, NULL, &rng, &f, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "a form needs 65"));
    cp_test_bank_free(&b);
}

static cp_exam_session *begin(const cp_exam_form *f, cp_time now)
{
    cp_exam_session *s = NULL;
    assert_int_equal(cp_exam_begin(f, &(cp_exam_desc){0}, now, &s, NULL), CP_OK);
    return s;
}

static void session_hides_scored(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_rng rng = cp_test_rng(5);
    cp_exam_form f = cp_test_form(&b, NULL, &rng);
    /* The same form with every scored flag flipped. */
    cp_exam_form g = f;
    for (size_t i = 0; i < g.n_items; i++)
        g.items[i].scored = !g.items[i].scored;
    cp_exam_session *s = begin(&f, 1000), *t = begin(&g, 1000);
    assert_int_equal(cp_exam_count(s), cp_exam_count(t));
    for (size_t i = 0; i < cp_exam_count(s); i++) {
        if (i % 3 == 0) {
            assert_int_equal(cp_exam_answer(s, i, 1u, 1010), CP_OK);
            assert_int_equal(cp_exam_answer(t, i, 1u, 1010), CP_OK);
        }
        if (i % 4 == 0) {
            assert_int_equal(cp_exam_flag(s, i, true, 1020), CP_OK);
            assert_int_equal(cp_exam_flag(t, i, true, 1020), CP_OK);
        }
    }
    for (size_t i = 0; i < cp_exam_count(s); i++) {
        cp_exam_view vs, vt;
        memset(&vs, 0xAA, sizeof vs);
        memset(&vt, 0x55, sizeof vt);
        assert_int_equal(cp_exam_view_item(s, i, &vs), CP_OK);
        assert_int_equal(cp_exam_view_item(t, i, &vt), CP_OK);
        assert_memory_equal(&vs, &vt, sizeof vs);
    }
    assert_int_equal(cp_exam_remaining(s, 1500), cp_exam_remaining(t, 1500));
    cp_exam_view v;
    assert_int_equal(cp_exam_view_item(s, 65, &v), CP_ERR_INVALID);
    cp_exam_end(s);
    cp_exam_end(t);
    cp_test_bank_free(&b);
}

static size_t find_type(const cp_exam_form *f, cp_card_type type, bool scored)
{
    for (size_t i = 0; i < f->n_items; i++)
        if (f->items[i].card->type == type && f->items[i].scored == scored)
            return i;
    fail_msg("no such item");
    return 0;
}

static void multi_all_or_nothing(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_rng rng = cp_test_rng(21);
    cp_exam_form f = cp_test_form(&b, NULL, &rng);
    size_t m = find_type(&f, CP_CARD_MULTI, true);
    size_t single = find_type(&f, CP_CARD_SINGLE, true);
    uint32_t right = cp_exam_correct_mask(f.items[m].card);
    assert_int_equal(right, (1u << 1) | (1u << 3));
    const uint32_t tries[] = {1u << 1, 1u << 3, right | 1u, right | 1u << 4, 0, right};
    const bool expect[] = {false, false, false, false, false, true};
    for (size_t k = 0; k < sizeof tries / sizeof tries[0]; k++) {
        cp_exam_session *s = begin(&f, 0);
        assert_int_equal(cp_exam_answer(s, m, tries[k], 10), CP_OK);
        assert_int_equal(cp_exam_answer(s, single, 1u << 2, 10), CP_OK);
        assert_int_equal(cp_exam_submit(s, 20), CP_OK);
        assert_int_equal(cp_exam_item_correct(s, m), expect[k]);
        assert_true(cp_exam_item_correct(s, single));
        cp_score_report r;
        assert_int_equal(cp_exam_report(s, &r), CP_OK);
        assert_int_equal(r.raw, expect[k] ? 2 : 1);
        cp_exam_end(s);
    }
    /* A bit beyond the card's choices is refused. */
    cp_exam_session *s = begin(&f, 0);
    assert_int_equal(cp_exam_answer(s, single, 1u << 4, 1), CP_ERR_INVALID);
    assert_int_equal(cp_exam_answer(s, m, 1u << 5, 1), CP_ERR_INVALID);
    cp_exam_end(s);
    cp_test_bank_free(&b);
}

static void timer_and_time_out(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_rng rng = cp_test_rng(2);
    cp_exam_form f = cp_test_form(&b, NULL, &rng);
    const cp_time t0 = 1700000000;
    cp_exam_session *s = begin(&f, t0);
    assert_int_equal(cp_exam_remaining(s, t0), 5400);
    assert_int_equal(cp_exam_remaining(s, t0 + 600), 4800);
    /* The last second still counts. */
    assert_int_equal(cp_exam_answer(s, 0, 1u, t0 + 5399), CP_OK);
    assert_int_equal(cp_exam_remaining(s, t0 + 5399), 1);
    assert_int_equal(cp_exam_tick(s, t0 + 5399), CP_EXAM_OPEN);
    /* At the deadline the session submits itself. */
    assert_int_equal(cp_exam_remaining(s, t0 + 5400), 0);
    assert_int_equal(cp_exam_answer(s, 1, 1u, t0 + 5400), CP_ERR_INVALID);
    assert_int_equal(cp_exam_state_of(s), CP_EXAM_TIMED_OUT);
    assert_int_equal(cp_exam_flag(s, 1, true, t0 + 5400), CP_ERR_INVALID);
    assert_int_equal(cp_exam_submit(s, t0 + 6000), CP_ERR_INVALID);
    cp_score_report r;
    assert_int_equal(cp_exam_report(s, &r), CP_OK);
    assert_true(r.timed_out);
    assert_int_equal(r.time_used_s, 5400);
    assert_int_equal(r.n_answered, 1);
    cp_exam_end(s);

    /* Ticking past the deadline with no other call also submits. */
    s = begin(&f, t0);
    assert_int_equal(cp_exam_report(s, &r), CP_ERR_INVALID);   /* still open */
    assert_int_equal(cp_exam_tick(s, t0 + 9999), CP_EXAM_TIMED_OUT);
    assert_int_equal(cp_exam_report(s, &r), CP_OK);
    assert_int_equal(r.time_used_s, 5400);
    cp_exam_end(s);

    /* A submit after the deadline is a time-out, not a late submission. */
    s = begin(&f, t0);
    assert_int_equal(cp_exam_submit(s, t0 + 5401), CP_OK);
    assert_int_equal(cp_exam_state_of(s), CP_EXAM_TIMED_OUT);
    cp_exam_end(s);

    /* Custom limit and an early submit. */
    cp_exam_session *q = NULL;
    assert_int_equal(cp_exam_begin(&f, &(cp_exam_desc){.minutes = 1}, t0, &q, NULL), CP_OK);
    assert_int_equal(cp_exam_remaining(q, t0), 60);
    assert_int_equal(cp_exam_submit(q, t0 + 42), CP_OK);
    assert_int_equal(cp_exam_state_of(q), CP_EXAM_SUBMITTED);
    assert_int_equal(cp_exam_remaining(q, t0 + 43), 0);
    assert_int_equal(cp_exam_report(q, &r), CP_OK);
    assert_false(r.timed_out);
    assert_int_equal(r.time_used_s, 42);
    cp_exam_end(q);
    cp_exam_end(NULL);
    cp_test_bank_free(&b);
}

static void report_domains_and_misses(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_rng rng = cp_test_rng(8);
    cp_exam_form f = cp_test_form(&b, NULL, &rng);
    cp_exam_session *s = begin(&f, 0);
    /* Right on every domain-3 item, a wrong pick elsewhere, one item
     * left unanswered (the first item outside domain 3). */
    int expect_raw = 0;
    size_t skip = 0;
    while (f.items[skip].card->domain == 3)
        skip++;
    for (size_t i = 0; i < f.n_items; i++) {
        const cp_card *c = f.items[i].card;
        uint32_t right = cp_exam_correct_mask(c);
        if (c->domain == 3) {
            assert_int_equal(cp_exam_answer(s, i, right, 5), CP_OK);
            expect_raw += f.items[i].scored;
        } else if (i != skip) {
            assert_int_equal(cp_exam_answer(s, i, 1u, 5), CP_OK);
        }
    }
    assert_int_equal(cp_exam_submit(s, 3000), CP_OK);
    cp_score_report r;
    assert_int_equal(cp_exam_report(s, &r), CP_OK);
    assert_int_equal(r.raw, expect_raw);
    assert_int_equal(r.raw, 17);
    assert_int_equal(r.domains[2].items, 17);
    assert_true(r.domains[2].percent == 100.0);
    assert_true(r.domains[0].percent == 0.0);
    assert_int_equal(r.domains[0].items, 12);
    assert_int_equal(r.time_used_s, 3000);
    assert_int_equal(r.scaled, cp_exam_form_scale(&f, 17));
    assert_false(r.passed);
    assert_int_equal(r.n_items, 65);
    assert_int_equal(r.n_misses, 65 - 22);
    for (size_t k = 0; k < r.n_misses; k++) {
        const cp_score_miss *m = &r.misses[k];
        assert_ptr_equal(m->card, f.items[m->position].card);
        assert_int_not_equal(m->card->domain, 3);
        assert_int_equal(m->correct, cp_exam_correct_mask(m->card));
        assert_int_equal(m->chosen, m->position == skip ? 0u : 1u);
        assert_non_null(m->card->answer);
    }
    assert_int_equal(r.misses[0].position, skip);
    cp_exam_end(s);
    cp_test_bank_free(&b);
}

static void diagnostic_stratified(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_rng rng = cp_test_rng(4);
    for (int n = 0; n < 20; n++) {
        cp_exam_form f = cp_test_form(&b, &(cp_exam_form_desc){.kind = CP_EXAM_DIAGNOSTIC}, &rng);
        assert_int_equal(f.kind, CP_EXAM_DIAGNOSTIC);
        assert_int_equal(f.n_items, 10);
        assert_int_equal(f.n_scored, 10);
        int sc[CP_DOMAINS];
        count_domains(&f, true, sc);
        assert_int_equal(sc[0], 2);
        assert_int_equal(sc[1], 3);
        assert_int_equal(sc[2], 4);
        assert_int_equal(sc[3], 1);
        for (size_t i = 0; i < 10; i++)
            for (size_t j = i + 1; j < 10; j++)
                assert_ptr_not_equal(f.items[i].card, f.items[j].card);
    }
    cp_test_bank_free(&b);
}

/* Scored slots go to never-seen items first, then the least recently seen;
 * unscored slots to seen items, keeping fresh ones for scoring. */
static void fresh_items_first(void **state)
{
    (void)state;
    cp_test_bank b = cp_test_bank_make(big);
    cp_time *seen = calloc(b.n, sizeof *seen);
    /* Two thirds of each domain seen: 26/33/40/13 never seen. */
    for (size_t i = 0; i < b.n; i++)
        seen[i] = i % 3 ? 1000 + (cp_time)i : 0;
    b.bank.last_seen = seen;
    cp_rng rng = cp_test_rng(5);
    cp_exam_form f = cp_test_form(&b, NULL, &rng);
    assert_int_equal(f.n_fresh_scored, 50);
    int unscored_fresh = 0;
    for (size_t k = 0; k < f.n_items; k++) {
        size_t i = (size_t)(f.items[k].card - b.cards);
        assert_int_equal(f.items[k].fresh, seen[i] == 0);
        if (f.items[k].scored)
            assert_true(seen[i] == 0);
        else
            unscored_fresh += seen[i] == 0;
    }
    assert_int_equal(unscored_fresh, 0);
    /* Everything seen: the least recently seen are scored first. */
    for (size_t i = 0; i < b.n; i++)
        seen[i] = 1000 + (cp_time)i;
    f = cp_test_form(&b, NULL, &rng);
    assert_int_equal(f.n_fresh_scored, 0);
    int quota[CP_DOMAINS];
    cp_blueprint_apportion(CP_EXAM_SCORED, quota);
    for (size_t k = 0; k < f.n_items; k++) {
        if (!f.items[k].scored)
            continue;
        const cp_card *c = f.items[k].card;
        /* Within its domain, among the first quota cards (deck order is
         * seen order here). */
        int rank = 0;
        for (size_t i = 0; i < b.n; i++)
            if (b.cards[i].domain == c->domain && b.cards[i].type != CP_CARD_FLASHCARD &&
                &b.cards[i] < c)
                rank++;
        assert_true(rank < quota[c->domain - 1]);
    }
    free(seen);
    cp_test_bank_free(&b);
}

static int count_held(const cp_test_bank *b, const uint8_t *held, int domain, int task)
{
    int n = 0;
    for (size_t i = 0; i < b->n; i++)
        n += held[i] && (domain == 0 || b->cards[i].domain == domain) &&
             (task < 0 || b->cards[i].task == task);
    return n;
}

/* The reserve: sized by mocks and capped by share, spread over tasks,
 * never a seen card, released once seen, seeded. */
static void mock_reserve(void **state)
{
    (void)state;
    static const int per[CP_DOMAINS] = {100, 100, 400, 40};
    cp_test_bank b = cp_test_bank_make(per);
    /* Domain 1's questions over four tasks, unevenly (task 3 has only 4). */
    for (size_t i = 0, k = 0; i < b.n; i++)
        if (b.cards[i].domain == 1 && b.cards[i].type != CP_CARD_FLASHCARD)
            b.cards[i].task = k < 4 ? 3 : (int)(k % 3), k++;
    int target[CP_DOMAINS];
    cp_exam_reserve_target(&b.bank, NULL, target);
    /* 5 mocks x 12/15/17/6, at most 30% of each domain's questions. */
    assert_int_equal(target[0], 30);
    assert_int_equal(target[1], 30);
    assert_int_equal(target[2], 85);
    assert_int_equal(target[3], 12);
    cp_exam_reserve_target(&b.bank, &(cp_reserve_desc){.mocks = 2, .max_share = 0.5}, target);
    assert_int_equal(target[0], 24);
    assert_int_equal(target[3], 12);

    uint8_t *held = calloc(b.n, 1), *again = calloc(b.n, 1);
    cp_time *seen = calloc(b.n, sizeof *seen);
    assert_int_equal(cp_exam_reserve_fill(&b.bank, NULL, 7, held), 30 + 30 + 85 + 12);
    for (int d = 1; d <= CP_DOMAINS; d++)
        assert_int_equal(count_held(&b, held, d, -1), d == 3 ? 85 : d == 4 ? 12 : 30);
    for (size_t i = 0; i < b.n; i++)
        assert_false(held[i] && b.cards[i].type == CP_CARD_FLASHCARD);
    /* Spread: the small task gives all 4, the others share the rest. */
    assert_int_equal(count_held(&b, held, 1, 3), 4);
    for (int t = 0; t < 3; t++)
        assert_in_range(count_held(&b, held, 1, t), 8, 9);
    /* Full already: nothing more. */
    assert_int_equal(cp_exam_reserve_fill(&b.bank, NULL, 7, held), 0);
    /* Seeded: the same seed, the same cards; another seed, others. */
    assert_int_equal(cp_exam_reserve_fill(&b.bank, NULL, 7, again), 157);
    assert_memory_equal(held, again, b.n);
    memset(again, 0, b.n);
    assert_int_equal(cp_exam_reserve_fill(&b.bank, NULL, 8, again), 157);
    assert_memory_not_equal(held, again, b.n);

    /* A mock used ten held cards of domain 2 and the learner drilled some
     * others: the seen are released, fresh ones take their place, and no
     * seen card is ever held. */
    b.bank.last_seen = seen;
    int used = 0;
    for (size_t i = 0; i < b.n && used < 10; i++)
        if (held[i] && b.cards[i].domain == 2) {
            seen[i] = 5000;
            used++;
        }
    for (size_t i = 0; i < b.n; i++)
        if (!held[i] && b.cards[i].domain == 2 && i % 2)
            seen[i] = 4000;
    assert_int_equal(cp_exam_reserve_fill(&b.bank, NULL, 7, held), 10);
    assert_int_equal(count_held(&b, held, 2, -1), 30);
    for (size_t i = 0; i < b.n; i++)
        assert_false(held[i] && seen[i]);
    /* When too few never-seen cards are left, the reserve shrinks. */
    size_t fresh2 = 0;
    for (size_t i = 0; i < b.n; i++)
        if (b.cards[i].domain == 2 && b.cards[i].type != CP_CARD_FLASHCARD) {
            if (fresh2 >= 5)
                seen[i] = seen[i] ? seen[i] : 6000;
            else if (!seen[i])
                fresh2++;
        }
    assert_true(cp_exam_reserve_fill(&b.bank, NULL, 7, held) <= 5);
    assert_int_equal(count_held(&b, held, 2, -1), 5);
    for (size_t i = 0; i < b.n; i++)
        assert_false(held[i] && seen[i]);
    free(held);
    free(again);
    free(seen);
    cp_test_bank_free(&b);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(form_quotas),
                 cmocka_unit_test(no_duplicates_no_flashcards),
                 cmocka_unit_test(shuffled_together),
                 cmocka_unit_test(recent_items_avoided),
                 cmocka_unit_test(unscored_prefer_little_data),
                 cmocka_unit_test(bank_too_small),
                 cmocka_unit_test(session_hides_scored),
                 cmocka_unit_test(multi_all_or_nothing),
                 cmocka_unit_test(timer_and_time_out),
                 cmocka_unit_test(report_domains_and_misses),
                 cmocka_unit_test(diagnostic_stratified),
                 cmocka_unit_test(fresh_items_first),
                 cmocka_unit_test(mock_reserve),
             })
