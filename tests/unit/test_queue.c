/* The daily queue: its three parts and their order, the review limit (most
 * overdue first), new cards by domain weight and weakness over 1,000
 * simulated days, task coverage inside a domain, interleaving, the card
 * just answered, the study day's edges, the tally of the review log and
 * the grading of question answers. */
#include "cp_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/queue.h"

static const cp_time T0 = 1767614400; /* 2026-01-05 12:00 UTC */
static const cp_time DAY = 86400;

/* A deck of flashcards: per_task cards for each of the 19 task statements,
 * task by task in guide order. */
static cp_deck *make_deck(int per_task)
{
    cp_test_text text = {0};
    for (int t = 0; t < CP_TASKS; t++)
        for (int k = 0; k < per_task; k++)
            cp_test_card(&text, cp_blueprint_task(t)->id, "flashcard", "easy", "t%s-%d",
                         cp_blueprint_task(t)->id, k);
    return cp_test_deck_take(&text, (size_t)per_task * CP_TASKS);
}

static int domain_of(const cp_deck *deck, size_t i)
{
    return cp_deck_card(deck, i)->domain;
}

static int longest_run(const cp_deck *deck, const size_t *cards, size_t n)
{
    int best = 0, run = 0, prev = -1;
    for (size_t k = 0; k < n; k++) {
        int d = domain_of(deck, cards[k]);
        run = d == prev ? run + 1 : 1;
        prev = d;
        if (run > best)
            best = run;
    }
    return best;
}

static void zero_cards(void **state)
{
    (void)state;
    cp_deck *deck = cp_deck_new();
    cp_queue q;
    cp_queue_input in = {.deck = deck, .now = T0, .last_card = -1};
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n, 0);
    assert_int_equal(q.n_new + q.n_review + q.n_learning, 0);
    cp_queue_free(&q);
    cp_queue_free(NULL);
    /* No deck is a caller's error, reported. */
    cp_error err = {0};
    in.deck = NULL;
    assert_int_equal(cp_queue_build(&in, &q, &err), CP_ERR_INVALID);
    assert_true(err.message[0] != '\0');
    cp_deck_free(deck);
}

static void all_new(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(10);
    cp_queue q;
    cp_queue_input in = {.deck = deck, .now = T0, .last_card = -1, .seed = 7};
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n, 20);
    assert_int_equal(q.n_new, 20);
    assert_int_equal(q.n_review + q.n_learning, 0);
    /* 20 x 24/30/34/12 % = 4.8/6/6.8/2.4: each domain gets the floor or the
     * ceiling. */
    int lo[4] = {4, 6, 6, 2}, hi[4] = {5, 6, 7, 3}, sum = 0;
    for (int d = 0; d < 4; d++) {
        assert_in_range(q.new_by_domain[d], lo[d], hi[d]);
        assert_true(fabs(q.share[d] - cp_blueprint_domain(d + 1)->weight_percent / 100.0) < 1e-12);
        sum += q.new_by_domain[d];
    }
    assert_int_equal(sum, 20);
    /* Within a domain the least-covered task first: domain 3's cards are
     * all from different tasks (8 tasks, at most 7 cards), each the first
     * card of its task in deck order. */
    int seen_task[CP_TASKS] = {0};
    for (size_t k = 0; k < q.n; k++) {
        const cp_card *c = cp_deck_card(deck, q.cards[k]);
        if (c->domain == 3) {
            assert_int_equal(seen_task[c->task], 0);
            seen_task[c->task]++;
            char want[32];
            snprintf(want, sizeof want, "t%s-0", cp_blueprint_task(c->task)->id);
            assert_string_equal(c->id, want);
        }
    }
    assert_true(longest_run(deck, q.cards, q.n) <= 2);
    /* No card twice. */
    for (size_t a = 0; a < q.n; a++)
        for (size_t b = a + 1; b < q.n; b++)
            assert_true(q.cards[a] != q.cards[b]);
    cp_queue_free(&q);

    /* A new-card limit of "none", and a custom limit. */
    cp_queue_desc desc = {.new_limit = -1};
    in.desc = &desc;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n, 0);
    cp_queue_free(&q);
    desc.new_limit = 100;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n, 100);
    assert_true(longest_run(deck, q.cards, q.n) <= 2);
    cp_queue_free(&q);
    /* More than the deck holds: every card, domains capped at what they have. */
    desc.new_limit = 1000;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n, 190);
    assert_int_equal(q.new_by_domain[3], 30);
    cp_queue_free(&q);
    cp_deck_free(deck);
}

/* Cards held back for fresh mocks are never introduced, but a held card
 * that is no longer New (a mock's miss) is drilled as any other. */
static void held_cards_not_introduced(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(10);
    size_t n = cp_deck_count(deck);
    uint8_t *held = calloc(n, 1);
    cp_memory *mem = calloc(n, sizeof *mem);
    for (size_t i = 0; i < n; i += 2)
        held[i] = 1;
    /* Card 0 was missed in a mock a few days ago and is due now. */
    mem[0] = (cp_memory){.state = CP_STATE_REVIEW, .last_review = T0 - 3 * 86400,
                         .due = T0 - 3600, .stability = 1.0, .difficulty = 7.0, .reps = 1,
                         .lapses = 1};
    cp_queue_desc desc = {.new_limit = 1000};
    cp_queue_input in = {.deck = deck, .memory = mem, .now = T0, .last_card = -1, .seed = 7,
                         .desc = &desc, .held = held};
    cp_queue q;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    /* Every unheld card, and card 0 back from the mock. */
    assert_int_equal(q.n, n / 2 + 1);
    bool card0 = false;
    for (size_t k = 0; k < q.n; k++) {
        card0 = card0 || q.cards[k] == 0;
        assert_true(q.cards[k] == 0 || !held[q.cards[k]]);
    }
    assert_true(card0);
    cp_queue_free(&q);
    free(held);
    free(mem);
    cp_deck_free(deck);
}

/* Puts card i in Review, last reviewed `ago` days before now with the
 * given stability, due `due_in` days from now (negative: overdue). */
static void set_review(cp_memory *m, cp_time now, double ago, double stability, double due_in)
{
    memset(m, 0, sizeof *m);
    m->state = CP_STATE_REVIEW;
    m->stability = stability;
    m->difficulty = 5;
    m->reps = 3;
    m->last_review = now - (cp_time)(ago * DAY);
    m->due = now + (cp_time)(due_in * DAY);
    m->scheduled_days = (int32_t)ago;
}

static void parts_in_order(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(6);
    size_t n = cp_deck_count(deck);
    cp_memory *mem = calloc(n, sizeof *mem);
    /* Cards 0..3 learning (two due now, one due in 5 min, one in 2 h);
     * cards 10..29 reviews (even ones due, odd ones tomorrow); rest new. */
    for (int i = 0; i < 4; i++) {
        mem[i].state = i == 3 ? CP_STATE_RELEARNING : CP_STATE_LEARNING;
        mem[i].stability = 1;
        mem[i].difficulty = 5;
        mem[i].last_review = T0 - 600;
        mem[i].reps = 1;
    }
    mem[0].due = T0 - 30;
    mem[1].due = T0 - 300;
    mem[2].due = T0 + 300;
    mem[3].due = T0 + 7200;
    for (size_t i = 10; i < 30; i++)
        set_review(&mem[i], T0, 5 + (double)i, 5, i % 2 ? 2.0 : -1.0 * (double)i);
    cp_queue q;
    cp_queue_input in = {.deck = deck, .memory = mem, .now = T0, .last_card = -1};
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_learning, 3);
    assert_int_equal(q.n_review, 10);
    assert_int_equal(q.n_new, 20);
    assert_int_equal(q.n, 33);
    assert_int_equal(q.next_learning, T0 + 7200);
    /* Learning by due time (1 before 0 before 2), then the reviews, then new. */
    assert_int_equal(q.cards[0], 1);
    assert_int_equal(q.cards[1], 0);
    assert_int_equal(q.cards[2], 2);
    for (size_t k = 3; k < 13; k++)
        assert_int_equal(mem[q.cards[k]].state, CP_STATE_REVIEW);
    for (size_t k = 13; k < q.n; k++)
        assert_int_equal(mem[q.cards[k]].state, CP_STATE_NEW);
    int due = 0;
    for (int d = 0; d < 4; d++)
        due += q.due_by_domain[d];
    assert_int_equal(due, 13);
    cp_queue_free(&q);

    /* The card just answered is not first again... */
    in.last_card = 1;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_true(q.cards[0] != 1);
    assert_int_equal(q.cards[1], 1);
    cp_queue_free(&q);
    /* ...unless it is the only card. */
    cp_memory *only = calloc(n, sizeof *only);
    for (size_t i = 0; i < n; i++)
        set_review(&only[i], T0, 1, 10, 5);
    only[5] = mem[1];
    cp_queue_desc none = {.new_limit = -1};
    cp_queue_input in2 = {.deck = deck, .memory = only, .now = T0, .last_card = 5, .desc = &none};
    assert_int_equal(cp_queue_build(&in2, &q, NULL), CP_OK);
    assert_int_equal(q.n, 1);
    assert_int_equal(q.cards[0], 5);
    cp_queue_free(&q);
    free(only);
    free(mem);
    cp_deck_free(deck);
}

static void over_limit_reviews(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(20);
    size_t n = cp_deck_count(deck);     /* 380 */
    cp_memory *mem = calloc(n, sizeof *mem);
    /* 300 due reviews with varied stability and time since review. */
    for (size_t i = 0; i < 300; i++)
        set_review(&mem[i], T0, 1 + (double)((i * 37) % 50), 0.5 + (double)((i * 53) % 90), -0.5);
    for (size_t i = 300; i < n; i++)
        set_review(&mem[i], T0, 1, 30, 20);     /* not due */
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    cp_queue q;
    cp_queue_input in = {.deck = deck, .memory = mem, .now = T0, .last_card = -1,
                         .params = &params};
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.reviews_due, 300);
    assert_int_equal(q.n_review, 200);
    assert_int_equal(q.n_new, 0);
    /* Everything kept is at most as retrievable as anything left out. */
    bool *kept = calloc(n, sizeof *kept);
    double worst_kept = 0;
    for (size_t k = 0; k < q.n; k++) {
        kept[q.cards[k]] = true;
        double r = cp_fsrs_forgetting_curve(&params, (double)(T0 - mem[q.cards[k]].last_review) / DAY,
                                            mem[q.cards[k]].stability);
        worst_kept = fmax(worst_kept, r);
    }
    for (size_t i = 0; i < 300; i++) {
        if (kept[i])
            continue;
        double r = cp_fsrs_forgetting_curve(&params, (double)(T0 - mem[i].last_review) / DAY,
                                            mem[i].stability);
        assert_true(r >= worst_kept - 1e-6);
    }
    /* Interleaved by domain all the same. */
    assert_true(longest_run(deck, q.cards, q.n) <= 2);
    cp_queue_free(&q);

    /* Reviews already done today use up the limit. */
    cp_queue_stats stats = {.reviews_today = 150};
    in.stats = &stats;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 50);
    cp_queue_free(&q);
    stats.reviews_today = 250;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 0);
    cp_queue_free(&q);
    cp_queue_desc desc = {.review_limit = 1000};
    in.desc = &desc;
    stats.reviews_today = 0;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 300);
    cp_queue_free(&q);
    free(kept);
    free(mem);
    cp_deck_free(deck);
}

/* ---- 1,000 simulated days ------------------------------------------------ */

typedef struct sim {
    cp_deck *deck;
    cp_memory *mem;
    cp_review *log;
    size_t n_log, cap_log;
    long new_by_domain[4];
    long total_new;
} sim;

/* Each day: tally the log, build the queue, answer its new cards (right
 * with probability p[domain]); introduced cards go far into the future so
 * only new cards are studied. */
static void simulate(sim *s, int days, const double p[4], uint64_t seed)
{
    cp_rng rng = cp_test_rng(seed);
    cp_queue_desc desc = {.new_limit = 10};
    for (int day = 0; day < days; day++) {
        cp_time now = T0 + day * DAY;
        cp_queue_stats stats;
        cp_queue_tally(s->deck, s->log, s->n_log, now, &desc, &stats);
        cp_queue q;
        cp_queue_input in = {.deck = s->deck, .memory = s->mem, .now = now, .desc = &desc,
                             .stats = &stats, .last_card = -1, .seed = seed * 100003u + (uint64_t)day};
        assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
        assert_int_equal(q.n_new, 10);
        assert_true(longest_run(s->deck, q.cards, q.n) <= 2);
        for (size_t k = 0; k < q.n; k++) {
            size_t i = q.cards[k];
            int d = domain_of(s->deck, i) - 1;
            bool right = cp_rng_unit(&rng) < p[d];
            if (s->n_log == s->cap_log) {
                s->cap_log = s->cap_log ? 2 * s->cap_log : 1024;
                s->log = realloc(s->log, s->cap_log * sizeof *s->log);
                assert_non_null(s->log);
            }
            s->log[s->n_log++] = (cp_review){.card_id = cp_deck_card(s->deck, i)->id,
                                             .at = now + (cp_time)k, .rating = right ? CP_GOOD : CP_AGAIN,
                                             .before = s->mem[i]};
            set_review(&s->mem[i], now, 0, 100, 10000);
            s->new_by_domain[d]++;
            s->total_new++;
        }
        cp_queue_free(&q);
    }
}

static void new_cards_follow_weights(void **state)
{
    (void)state;
    sim s = {.deck = make_deck(800)};  /* 15,200 cards: 3,200 in domain 2, which needs 3,000 */
    s.mem = calloc(cp_deck_count(s.deck), sizeof *s.mem);
    const double equal[4] = {0.8, 0.8, 0.8, 0.8};
    simulate(&s, 1000, equal, 1);
    assert_int_equal(s.total_new, 10000);
    for (int d = 0; d < 4; d++) {
        double share = 100.0 * (double)s.new_by_domain[d] / (double)s.total_new;
        double weight = cp_blueprint_domain(d + 1)->weight_percent;
        if (getenv("CP_VERBOSE") || fabs(share - weight) >= 2.0)
            print_error("domain %d: %.2f %% of new cards, weight %.0f %%\n", d + 1, share, weight);
    }
    for (int d = 0; d < 4; d++) {
        double share = 100.0 * (double)s.new_by_domain[d] / (double)s.total_new;
        assert_true(fabs(share - cp_blueprint_domain(d + 1)->weight_percent) < 2.0);
    }
    free(s.mem);
    free(s.log);
    cp_deck_free(s.deck);

    /* A learner weak in domain 4 gets visibly more of it. */
    sim w = {.deck = make_deck(700)};
    w.mem = calloc(cp_deck_count(w.deck), sizeof *w.mem);
    const double weak4[4] = {0.85, 0.85, 0.85, 0.55};
    simulate(&w, 300, weak4, 2);
    double share4 = 100.0 * (double)w.new_by_domain[3] / (double)w.total_new;
    if (share4 < 18.0)
        print_error("weak domain 4 got %.2f %% of new cards\n", share4);
    assert_true(share4 >= 18.0);
    free(w.mem);
    free(w.log);
    cp_deck_free(w.deck);
}

/* Rebuilding after every answer (as the app does) must give the day the
 * same mix as one build: today's new cards per domain count against it. */
static void rebuild_through_the_day(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(40);
    size_t n = cp_deck_count(deck);
    cp_memory *mem = calloc(n, sizeof *mem);
    cp_queue_stats stats = {0};
    long last = -1;
    int per_domain[4] = {0};
    for (int k = 0; k < 20; k++) {
        cp_queue q;
        cp_queue_input in = {.deck = deck, .memory = mem, .now = T0 + k * 30, .stats = &stats,
                             .last_card = last, .seed = 99};
        assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
        assert_int_equal((int)q.n_new, 20 - k);
        size_t i = q.cards[0];
        int d = domain_of(deck, i) - 1;
        per_domain[d]++;
        stats.new_today[d]++;
        set_review(&mem[i], T0 + k * 30, 0, 100, 10000);
        last = (long)i;
        cp_queue_free(&q);
    }
    int lo[4] = {4, 6, 6, 2}, hi[4] = {5, 6, 7, 3};
    for (int d = 0; d < 4; d++)
        assert_in_range(per_domain[d], lo[d], hi[d]);
    /* The limit is reached: nothing new left today. */
    cp_queue q;
    cp_queue_input in = {.deck = deck, .memory = mem, .now = T0 + 3600, .stats = &stats,
                         .last_card = -1, .seed = 99};
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n, 0);
    cp_queue_free(&q);
    free(mem);
    cp_deck_free(deck);
}

static void study_day(void **state)
{
    (void)state;
    cp_time start, end;
    /* 04:00 local (the setting's default): at UTC+2, 03:59 local is still
     * yesterday. */
    cp_queue_desc four_east = {.clock = cp_day_fixed_clock(4, 7200)};
    cp_time t = 1767578340;    /* 2026-01-05 01:59 UTC = 03:59 at UTC+2 */
    cp_queue_day(t, &four_east, &start, &end);
    assert_int_equal(end, 1767578400);           /* 04:00 local */
    assert_int_equal(end - start, DAY);
    cp_queue_day(t + 60, &four_east, &start, &end);
    assert_int_equal(start, 1767578400);
    /* Midnight (start hour 0, as the setting spells it; also a zero
     * desc), and a western offset. */
    cp_queue_desc midnight = {.clock = cp_day_fixed_clock(0, 0)};
    cp_queue_day(1767571200, &midnight, &start, &end);
    assert_int_equal(start, 1767571200);
    cp_queue_day(1767571200, NULL, &start, &end);
    assert_int_equal(start, 1767571200);
    cp_queue_desc four_west = {.clock = cp_day_fixed_clock(4, -5 * 3600)};
    cp_queue_day(1767571200 + 3600, &four_west, &start, &end);
    assert_int_equal(start, 1767571200 - DAY + 9 * 3600);

    /* Reviews due before the day ends are due today; after, not. */
    cp_deck *deck = make_deck(1);
    size_t n = cp_deck_count(deck);
    cp_memory *mem = calloc(n, sizeof *mem);
    cp_queue_day(T0, NULL, &start, &end);
    for (size_t i = 0; i < n; i++)
        set_review(&mem[i], T0, 3, 3, 0);
    mem[0].due = end - 1;
    mem[1].due = end;
    cp_queue q;
    cp_queue_input in = {.deck = deck, .memory = mem, .now = T0, .last_card = -1};
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    bool has0 = false, has1 = false;
    for (size_t k = 0; k < q.n; k++) {
        has0 = has0 || q.cards[k] == 0;
        has1 = has1 || q.cards[k] == 1;
    }
    assert_true(has0);
    assert_false(has1);
    assert_int_equal(q.n, n - 1);
    cp_queue_free(&q);
    free(mem);
    cp_deck_free(deck);
}

static void tally_and_weakness(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(5);
    /* Domain 1 cards are t1.1-*; domain 4 cards t4.1-*. */
    cp_review log[300];
    size_t n = 0;
    cp_memory fresh = {0}, seen = {.state = CP_STATE_REVIEW};
    for (int k = 0; k < 150; k++)   /* old domain-1 answers, all wrong */
        log[n++] = (cp_review){.card_id = "t1.1-0", .at = T0 - 5 * DAY + k, .rating = CP_AGAIN, .before = seen};
    for (int k = 0; k < 100; k++)   /* recent domain-1 answers, all right */
        log[n++] = (cp_review){.card_id = "t1.2-1", .at = T0 - 2 * DAY + k, .rating = CP_GOOD, .before = seen};
    for (int k = 0; k < 20; k++)    /* today: domain 4, 8 of them new, 6 wrong */
        log[n++] = (cp_review){.card_id = "t4.1-2", .at = T0 - 3600 + k,
                               .rating = k < 6 ? CP_AGAIN : CP_EASY, .before = k < 8 ? fresh : seen};
    log[n++] = (cp_review){.card_id = "not-in-deck", .at = T0 - 10, .rating = CP_GOOD, .before = fresh};
    cp_queue_stats st;
    cp_queue_tally(deck, log, n, T0, NULL, &st);
    assert_int_equal(st.answered[0], 100);   /* the window: the last 100 */
    assert_int_equal(st.correct[0], 100);
    assert_int_equal(st.answered[3], 20);
    assert_int_equal(st.correct[3], 14);
    assert_int_equal(st.new_today[3], 8);
    assert_int_equal(st.new_today[0], 0);
    assert_int_equal(st.reviews_today, 12);
    cp_queue_desc small = {.accuracy_window = 10};
    cp_queue_tally(deck, log, n, T0, &small, &st);
    assert_int_equal(st.answered[3], 10);
    assert_int_equal(st.correct[3], 10);
    cp_queue_tally(deck, NULL, 0, T0, NULL, &st);
    assert_int_equal(st.answered[0], 0);

    /* Weakness: equal accuracy gives 1; a weak domain more, a strong one
     * less, within [0.5, 2]. */
    double f[4];
    cp_queue_weakness(NULL, NULL, f);
    for (int d = 0; d < 4; d++)
        assert_true(f[d] == 1.0);
    cp_queue_stats eq = {.answered = {50, 50, 50, 50}, .correct = {40, 40, 40, 40}};
    cp_queue_weakness(&eq, NULL, f);
    for (int d = 0; d < 4; d++)
        assert_true(fabs(f[d] - 1.0) < 1e-12);
    cp_queue_stats weak = {.answered = {50, 50, 50, 50}, .correct = {45, 45, 45, 30}};
    cp_queue_weakness(&weak, NULL, f);
    assert_true(f[3] > 1.5);
    assert_true(f[0] < 1.0 && f[0] == f[1] && f[1] == f[2]);
    cp_queue_stats awful = {.answered = {100, 100, 100, 100}, .correct = {100, 100, 100, 0}};
    cp_queue_weakness(&awful, NULL, f);
    assert_true(f[3] == 2.0);
    assert_true(f[0] >= 0.5);
    cp_deck_free(deck);
}

static void grading(void **state)
{
    (void)state;
    assert_int_equal(cp_queue_grade(NULL, false, 5000), CP_AGAIN);
    assert_int_equal(cp_queue_grade(NULL, false, 200000), CP_AGAIN);
    assert_int_equal(cp_queue_grade(NULL, true, 19999), CP_EASY);
    assert_int_equal(cp_queue_grade(NULL, true, 20000), CP_GOOD);
    assert_int_equal(cp_queue_grade(NULL, true, 83000), CP_GOOD);
    assert_int_equal(cp_queue_grade(NULL, true, 83001), CP_HARD);
    cp_queue_desc d = {.fast_ms = 5000, .slow_ms = 30000};
    assert_int_equal(cp_queue_grade(&d, true, 6000), CP_GOOD);
    assert_int_equal(cp_queue_grade(&d, true, 4000), CP_EASY);
    assert_int_equal(cp_queue_grade(&d, true, 31000), CP_HARD);
}

/* The tally kept answer by answer (cp_queue_tally_push) is the tally a
 * fresh read of the log would give: for random logs over several days,
 * every split into "read from the log" and "pushed since" agrees, for a
 * small window (it slides) and the default one. */
static void tally_push_matches_a_read(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(3);
    size_t n_cards = cp_deck_count(deck);
    enum { N = 400 };
    cp_review *log = calloc(N, sizeof *log);
    cp_rng rng = cp_test_rng(5);
    static const char *const modes[] = {"drill", "quiz", "exam", "diagnostic"};
    cp_memory fresh = {0}, seen = {.state = CP_STATE_REVIEW};
    for (size_t k = 0; k < N; k++) {
        size_t c = (size_t)cp_rng_below(&rng, n_cards + 3);  /* a few not in the deck */
        log[k] = (cp_review){.card_id = c < n_cards ? cp_deck_card(deck, c)->id : "gone",
                             .at = T0 - 2 * DAY + (cp_time)k * 600,
                             .rating = 1 + (int)cp_rng_below(&rng, 4),
                             .mode = modes[cp_rng_below(&rng, 4)],
                             .before = cp_rng_below(&rng, 3) ? seen : fresh};
    }
    cp_queue_desc small = {.accuracy_window = 7}, normal = {0};
    const cp_queue_desc *descs[] = {&small, &normal};
    for (int di = 0; di < 2; di++) {
        for (size_t split = 0; split <= N; split += 37) {
            cp_queue_tallier read, moved;
            cp_queue_tally_begin(&read, deck, log[N - 1].at + 60, descs[di]);
            for (size_t k = N; k-- > 0;)
                if (!cp_queue_tally_add(&read, &log[k]))
                    break;
            cp_queue_tally_begin(&moved, deck, log[N - 1].at + 60, descs[di]);
            for (size_t k = split; k-- > 0;)
                if (!cp_queue_tally_add(&moved, &log[k]))
                    break;
            for (size_t k = split; k < N; k++)
                cp_queue_tally_push(&moved, cp_deck_find(deck, log[k].card_id), &log[k]);
            assert_memory_equal(&read.stats, &moved.stats, sizeof read.stats);
            assert_int_equal(read.done_today, moved.done_today);
            assert_int_equal(read.correct_today, moved.correct_today);
            assert_true(read.done_today > 0);
        }
    }
    free(log);
    cp_deck_free(deck);
}

static bool in_queue(const cp_queue *q, size_t card, size_t from, size_t to)
{
    for (size_t k = from; k < to && k < q->n; k++)
        if (q->cards[k] == card)
            return true;
    return false;
}

/* Cards that set apart a confused pair (a boost list) come first in their
 * part, within the day's limits, the domain shares and the reserve. */
static void boosted_cards(void **state)
{
    (void)state;
    cp_deck *deck = make_deck(10);
    size_t n = cp_deck_count(deck);
    cp_memory *mem = calloc(n, sizeof *mem);
    uint8_t *boost = calloc(n, 1), *held = calloc(n, 1);
    /* Cards 0..49: reviewed two days ago, due in five; 50..59 due now,
     * all alike; card 8 reviewed this morning, due in five. */
    for (size_t i = 0; i < 50; i++)
        set_review(&mem[i], T0, 2, 10, 5);
    for (size_t i = 50; i < 60; i++)
        set_review(&mem[i], T0, 10, 10, -1);
    set_review(&mem[8], T0 - 3600, 0, 10, 5);
    boost[3] = boost[7] = boost[8] = 1;         /* not due */
    boost[55] = 1;                               /* due */
    boost[125] = boost[126] = 1;                 /* new, task 12 (3.5): domain 3 */
    boost[130] = held[130] = 1;                  /* new but held for mocks */
    cp_queue_desc desc = {.review_limit = 5, .new_limit = 20};
    cp_queue_input in = {.deck = deck, .memory = mem, .now = T0, .last_card = -1, .seed = 3,
                         .desc = &desc, .held = held};
    cp_queue plain, q;

    /* Over the review limit the due ones tie, and the lowest index wins;
     * the boosted one is ranked first. */
    assert_int_equal(cp_queue_build(&in, &plain, NULL), CP_OK);
    assert_false(in_queue(&plain, 55, 0, plain.n));
    in.boost = boost;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 5);
    assert_true(in_queue(&q, 55, 0, q.n_review));
    assert_false(in_queue(&q, 3, 0, q.n));      /* no room for early ones */
    /* New cards: the boosted ones come in, the shares do not move. */
    assert_int_equal(q.n_new, plain.n_new);
    for (int d = 0; d < CP_DOMAINS; d++)
        assert_int_equal(q.new_by_domain[d], plain.new_by_domain[d]);
    assert_false(in_queue(&plain, 125, plain.n_review, plain.n));
    assert_true(in_queue(&q, 125, q.n_review, q.n));
    assert_true(in_queue(&q, 126, q.n_review, q.n));
    assert_false(in_queue(&q, 130, 0, q.n));
    cp_queue_free(&q);
    cp_queue_free(&plain);

    /* Room for one more: the boosted review not due yet with the lowest
     * recall (a tie: the lower index), never the one reviewed today. */
    desc.review_limit = 11;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 11);
    assert_int_equal(q.reviews_due, 10);
    assert_true(in_queue(&q, 3, 0, q.n_review));
    assert_false(in_queue(&q, 7, 0, q.n_review));
    cp_queue_free(&q);
    desc.review_limit = 200;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 12);
    assert_true(in_queue(&q, 3, 0, q.n_review) && in_queue(&q, 7, 0, q.n_review));
    assert_false(in_queue(&q, 8, 0, q.n));
    cp_queue_free(&q);
    /* At most boost_early of them; none when it is negative. */
    in.boost_early = 1;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 11);
    cp_queue_free(&q);
    in.boost_early = -1;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_review, 10);
    cp_queue_free(&q);
    /* No new cards today: no boosted new card either. */
    desc.new_limit = -1;
    assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
    assert_int_equal(q.n_new, 0);
    cp_queue_free(&q);

    free(mem);
    free(boost);
    free(held);
    cp_deck_free(deck);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(zero_cards),
                 cmocka_unit_test(all_new),
                 cmocka_unit_test(held_cards_not_introduced),
                 cmocka_unit_test(parts_in_order),
                 cmocka_unit_test(over_limit_reviews),
                 cmocka_unit_test(new_cards_follow_weights),
                 cmocka_unit_test(rebuild_through_the_day),
                 cmocka_unit_test(study_day),
                 cmocka_unit_test(tally_and_weakness),
                 cmocka_unit_test(tally_push_matches_a_read),
                 cmocka_unit_test(grading),
                 cmocka_unit_test(boosted_cards),
             })
