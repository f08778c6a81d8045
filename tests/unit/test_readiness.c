/* The readiness meter: the Poisson-binomial against brute force, the
 * prediction's monotonicity, the verdict rules at their edges, when the
 * next mock is due, and a whole assessment from card memories. */
#include "cp_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/readiness.h"

static void poisson_binomial_brute_force(void **state)
{
    (void)state;
    cp_rng rng = cp_test_rng(42);
    for (size_t n = 0; n <= 12; n++) {
        for (int trial = 0; trial < 5; trial++) {
            double p[12], fast[13], brute[13] = {0};
            for (size_t i = 0; i < n; i++)
                p[i] = trial == 0 ? (i % 2 ? 0.0 : 1.0) : cp_rng_unit(&rng);
            cp_poisson_binomial(p, n, fast);
            for (uint32_t mask = 0; mask < (1u << n); mask++) {
                double prob = 1.0;
                int k = 0;
                for (size_t i = 0; i < n; i++) {
                    bool hit = mask >> i & 1u;
                    prob *= hit ? p[i] : 1.0 - p[i];
                    k += hit;
                }
                brute[k] += prob;
            }
            double total = 0.0;
            for (size_t k = 0; k <= n; k++) {
                assert_true(fabs(fast[k] - brute[k]) < 1e-12);
                total += fast[k];
            }
            assert_true(fabs(total - 1.0) < 1e-12);
        }
    }
    /* Equal probabilities give the binomial: P(3 of 5 at 0.5) = 10/32. */
    double half[5] = {0.5, 0.5, 0.5, 0.5, 0.5}, out[6];
    cp_poisson_binomial(half, 5, out);
    assert_true(fabs(out[3] - 10.0 / 32.0) < 1e-15);
}

/* P(X >= r) with X = sum of Binomial(quota_d, p_d), by convolution. */
static double binomial_tail(const double p[CP_DOMAINS], int r)
{
    static const int quota[CP_DOMAINS] = {12, 15, 17, 6};
    double dist[51] = {1.0};
    int n = 0;
    for (int d = 0; d < CP_DOMAINS; d++) {
        for (int i = 0; i < quota[d]; i++) {
            for (int k = n + 1; k > 0; k--)
                dist[k] = dist[k] * (1 - p[d]) + dist[k - 1] * p[d];
            dist[0] *= 1 - p[d];
            n++;
        }
    }
    double tail = 0.0;
    for (int k = r; k <= 50; k++)
        tail += dist[k];
    return tail;
}

static void prediction_exact_over_quotas(void **state)
{
    (void)state;
    cp_readiness r = {.domain_p = {0.8, 0.7, 0.75, 0.6}};
    cp_readiness_predict(&(cp_readiness_desc){.ability_sd = -1}, 35.0, &r);
    assert_int_equal(r.pass_raw, 35);
    assert_true(fabs(r.pass_probability - binomial_tail(r.domain_p, 35)) < 1e-12);
    assert_true(fabs(r.expected_raw - (12 * 0.8 + 15 * 0.7 + 17 * 0.75 + 6 * 0.6)) < 1e-9);
    assert_true(r.band_low <= r.predicted_scaled && r.predicted_scaled <= r.band_high);
    /* With ability uncertainty the band widens, the mean stays near. */
    cp_readiness u = {.domain_p = {0.8, 0.7, 0.75, 0.6}};
    cp_readiness_predict(NULL, 35.0, &u);
    assert_true(u.band_high - u.band_low > r.band_high - r.band_low);
    assert_true(abs(u.predicted_scaled - r.predicted_scaled) < 15);
    /* Better domains, higher pass probability; easier form, lower one. */
    double prev = -1.0;
    for (double p = 0.3; p < 0.99; p += 0.05) {
        cp_readiness q = {.domain_p = {p, p, p, p}};
        cp_readiness_predict(NULL, 35.0, &q);
        assert_true(q.pass_probability > prev);
        prev = q.pass_probability;
        cp_readiness e = q;
        cp_readiness_predict(NULL, 40.0, &e);
        assert_true(e.pass_probability <= q.pass_probability);
    }
}

static const cp_readiness_desc memory_model = {.model = CP_READINESS_MEMORY};

static cp_readiness judged(double prob, const double p[CP_DOMAINS],
                           const cp_mock_result *mocks, size_t n)
{
    cp_readiness r = {.pass_probability = prob};
    memcpy(r.domain_p, p, sizeof r.domain_p);
    cp_readiness_judge(&memory_model, mocks, n, &r);
    return r;
}

static bool reason_met(const cp_readiness *r, cp_reason_code code)
{
    bool met = true;
    for (size_t i = 0; i < r->n_reasons; i++)
        if (r->reasons[i].code == code)
            met = met && r->reasons[i].met;
    return met;
}

static void verdict_edges(void **state)
{
    (void)state;
    const double even[CP_DOMAINS] = {0.85, 0.85, 0.85, 0.85};
    cp_mock_result five[5];
    for (int i = 0; i < 5; i++)
        five[i] = (cp_mock_result){.at = 1000 + i, .scaled = 750, .full_timed = true};

    cp_readiness r = judged(0.9, even, five, 5);
    assert_int_equal(r.verdict, CP_READY);
    assert_true(r.n_reasons >= 4);
    for (size_t i = 0; i < r.n_reasons; i++) {
        assert_true(r.reasons[i].met);
        assert_true(strlen(r.reasons[i].text) > 0);
    }
    /* Pass probability just under 0.9. */
    r = judged(0.8999, even, five, 5);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
    assert_false(reason_met(&r, CP_REASON_PASS_PROBABILITY));
    /* One of the last five at 749. */
    five[2].scaled = 749;
    r = judged(0.95, even, five, 5);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
    assert_false(reason_met(&r, CP_REASON_MOCK_SCORES));
    assert_true(reason_met(&r, CP_REASON_MOCK_COUNT));
    five[2].scaled = 750;
    /* Only four full timed mocks (a fifth was not timed). */
    five[0].full_timed = false;
    r = judged(0.95, even, five, 5);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
    assert_false(reason_met(&r, CP_REASON_MOCK_COUNT));
    five[0].full_timed = true;
    /* An old low mock does not count once five newer ones are >= 750. */
    cp_mock_result six[6] = {{.at = 1, .scaled = 500, .full_timed = true}};
    memcpy(six + 1, five, sizeof five);
    r = judged(0.95, even, six, 6);
    assert_int_equal(r.verdict, CP_READY);
    /* A non-full mock between them is skipped, not counted. */
    six[0] = five[0];
    six[1] = (cp_mock_result){.at = 1001, .scaled = 300, .full_timed = false};
    r = judged(0.95, even, six, 6);
    assert_int_equal(r.verdict, CP_READY);
    /* Domain exactly 10 points below the quota-weighted average is fine. */
    /* avg = (12*a + 15*a + 17*a + 6*b)/50 with the fourth lower: gap =
     * 44/50 * (a - b) = 0.10 when a - b = 0.1136...; use values that make
     * the gap exact in binary-friendly terms instead: */
    double gap_ok[CP_DOMAINS] = {0.9, 0.9, 0.9, 0.9 - 0.10 * 50.0 / 44.0};
    r = judged(0.95, gap_ok, five, 5);
    assert_int_equal(r.verdict, CP_READY);
    double gap_bad[CP_DOMAINS] = {0.9, 0.9, 0.9, 0.9 - 0.1001 * 50.0 / 44.0};
    r = judged(0.95, gap_bad, five, 5);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
    assert_false(reason_met(&r, CP_REASON_DOMAIN_GAP));
    bool named = false;
    for (size_t i = 0; i < r.n_reasons; i++)
        if (r.reasons[i].code == CP_REASON_DOMAIN_GAP && !r.reasons[i].met) {
            assert_int_equal(r.reasons[i].domain, 4);
            named = strstr(r.reasons[i].text, "Billing") != NULL;
        }
    assert_true(named);
    /* Getting close starts at 0.5; below it, Not ready. */
    r = judged(0.5, even, NULL, 0);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
    r = judged(0.4999, even, NULL, 0);
    assert_int_equal(r.verdict, CP_NOT_READY);
    assert_string_equal(cp_verdict_name(CP_READY), "Ready");
}

static void next_mock(void **state)
{
    (void)state;
    const cp_time day = 86400, start = 1700000000;
    /* No mock yet: a week after starting (interval 0: the default 7). */
    assert_true(cp_readiness_next_mock(NULL, 0, start, 0) == start + 7 * day);
    assert_true(cp_readiness_next_mock(NULL, 0, start, 3) == start + 3 * day);
    cp_mock_result m[2] = {
        {.at = start + 7 * day, .scaled = 640, .full_timed = true, .predicted = 660},
        {.at = start + 9 * day, .scaled = 200, .full_timed = false},
    };
    /* Weekly after the last full timed mock (the short one does not count). */
    assert_true(cp_readiness_next_mock(m, 2, start, 7) == start + 14 * day);
    assert_true(cp_readiness_next_mock(m, 2, start, 3) == start + 10 * day);
    /* A full timed one moves it. */
    m[1].full_timed = true;
    assert_true(cp_readiness_next_mock(m, 2, start, 7) == start + 16 * day);
}

static void assess_from_memories(void **state)
{
    (void)state;
    static const int per[CP_DOMAINS] = {40, 50, 60, 20};
    cp_test_bank b = cp_test_bank_make(per);
    cp_memory *mem = calloc(b.n, sizeof *mem);
    const cp_time now = 1700000000;
    cp_readiness_input in = {.bank = &b.bank, .memories = mem, .started_at = now - 86400};
    cp_readiness fresh;
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now, &fresh, NULL), CP_OK);
    /* Nothing studied: each card at the unseen prior, by difficulty. */
    for (int d = 0; d < CP_DOMAINS; d++) {
        double sum = 0.0;
        int n = 0;
        for (size_t i = 0; i < b.n; i++)
            if (b.cards[i].domain == d + 1 && b.cards[i].type != CP_CARD_FLASHCARD) {
                sum += cp_readiness_card_p(&b.cards[i], &mem[i], NULL, NULL, now);
                n++;
            }
        assert_true(fabs(fresh.domain_p[d] - sum / n) < 1e-9);
        assert_true(fresh.domain_p[d] > 0.3 && fresh.domain_p[d] < 0.6);
    }
    /* Harder cards, lower chances; a multi is harder to guess. */
    cp_card easy = b.cards[0], hard = b.cards[0], multi = b.cards[4];
    easy.difficulty = CP_DIFF_EASY;
    hard.difficulty = CP_DIFF_HARD;
    assert_true(cp_readiness_card_p(&easy, NULL, NULL, NULL, now) >
                cp_readiness_card_p(&hard, NULL, NULL, NULL, now));
    multi.difficulty = easy.difficulty;
    assert_true(cp_readiness_card_p(&multi, NULL, NULL, NULL, now) <
                cp_readiness_card_p(&easy, NULL, NULL, NULL, now));
    assert_int_equal(fresh.verdict, CP_NOT_READY);
    assert_true(fresh.pass_probability < 0.05);
    assert_true(fresh.cut_raw > 30.0 && fresh.cut_raw < 40.0);

    /* Every question card reviewed a day ago with a stability of 100 days:
     * R is about 0.99 and the learner looks ready on knowledge. */
    for (size_t i = 0; i < b.n; i++) {
        mem[i].state = CP_STATE_REVIEW;
        mem[i].last_review = now - 86400;
        mem[i].due = now + 99 * 86400;
        mem[i].stability = 100.0;
        mem[i].difficulty = 5.0;
        mem[i].reps = 5;
    }
    cp_readiness strong;
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now, &strong, NULL), CP_OK);
    for (int d = 0; d < CP_DOMAINS; d++)
        assert_true(strong.domain_p[d] > 0.95);
    assert_true(strong.pass_probability > 0.99);
    assert_true(strong.predicted_scaled > 900);
    assert_int_equal(strong.verdict, CP_GETTING_CLOSE);   /* no mocks yet */
    /* The prediction is far above 700, yet no mock is asked for before
     * the week is out: suggestions keep their cadence (docs/scoring.md). */
    assert_false(strong.mock_due);
    assert_int_equal(strong.next_mock_days, 6);
    cp_readiness later;
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now + 6 * 86400, &later, NULL), CP_OK);
    assert_true(later.mock_due);
    assert_int_equal(later.next_mock_days, 0);

    /* Recent answers that fall short of what the model expected pull a
     * domain down; the others, on expectation, stay high. */
    const double card_p = cp_readiness_card_p(b.ptrs[0], &mem[0], NULL, NULL, now);
    assert_true(card_p > 0.95);
    for (int d = 0; d < 3; d++)
        in.recent[d] = (cp_accuracy){.answered = 60, .correct = 60, .expected = 60 * card_p};
    in.recent[3] = (cp_accuracy){.answered = 60, .correct = 24, .expected = 60 * card_p};
    cp_readiness weak;
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now, &weak, NULL), CP_OK);
    assert_true(weak.domain_p[3] < 0.7);
    /* The learner-wide offset (shrunk toward) takes a little off the others. */
    assert_true(weak.domain_p[0] > 0.85);
    assert_true(weak.domain_p[0] - weak.domain_p[3] > 0.3);
    assert_false(reason_met(&weak, CP_REASON_DOMAIN_GAP));

    /* A learner who beats the model everywhere is lifted above it. */
    for (size_t i = 0; i < b.n; i++)
        mem[i].last_review = now - 200 * 86400;    /* R about 0.85 */
    cp_readiness model_only, better;
    memset(in.recent, 0, sizeof in.recent);
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now, &model_only, NULL), CP_OK);
    const double faded = cp_readiness_card_p(b.ptrs[0], &mem[0], NULL, NULL, now);
    for (int d = 0; d < CP_DOMAINS; d++)
        in.recent[d] = (cp_accuracy){.answered = 200, .correct = 196, .expected = 200 * faded};
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now, &better, NULL), CP_OK);
    for (int d = 0; d < CP_DOMAINS; d++) {
        assert_true(better.domain_p[d] > model_only.domain_p[d] + 0.03);
        assert_true(better.domain_p[d] < 0.98);   /* shrunk toward the model */
    }
    assert_true(better.pass_probability > model_only.pass_probability);

    /* A bank missing a domain cannot be assessed. */
    b.bank.n_cards = 40;
    cp_error err = {0};
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now, &weak, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "domain 2"));
    free(mem);
    cp_test_bank_free(&b);
}

/* The transfer model's verdict counts only fresh full timed mocks. */
static void verdict_counts_fresh_mocks(void **state)
{
    (void)state;
    const double even[CP_DOMAINS] = {0.85, 0.85, 0.85, 0.85};
    cp_mock_result m[5];
    for (int i = 0; i < 5; i++)
        m[i] = (cp_mock_result){.at = 1000 + i, .scaled = 760, .full_timed = true,
                                .fresh_scored = 45, .n_scored = 50};
    cp_readiness r = {.pass_probability = 0.95};
    memcpy(r.domain_p, even, sizeof r.domain_p);
    cp_readiness_judge(NULL, m, 3, &r);
    assert_int_equal(r.verdict, CP_READY);
    assert_true(reason_met(&r, CP_REASON_FRESH_MOCKS));
    /* 40 of 50 new is fresh (80%); 39 is not, and the rule says so. */
    m[2].fresh_scored = 40;
    cp_readiness_judge(NULL, m, 3, &r);
    assert_int_equal(r.verdict, CP_READY);
    m[2].fresh_scored = 39;
    cp_readiness_judge(NULL, m, 3, &r);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
    assert_false(reason_met(&r, CP_REASON_MOCK_COUNT));
    assert_false(reason_met(&r, CP_REASON_FRESH_MOCKS));
    bool said = false;
    for (size_t i = 0; i < r.n_reasons; i++)
        if (r.reasons[i].code == CP_REASON_FRESH_MOCKS) {
            assert_true(r.reasons[i].value == 1.0);
            said = strstr(r.reasons[i].text, "repeated") != NULL;
        }
    assert_true(said);
    /* An older fresh mock fills in behind the repeat. */
    m[3] = m[2];
    m[2] = m[1];
    m[1] = m[0];
    m[4] = m[1];
    m[4].at = 2000;
    cp_readiness_judge(NULL, m, 5, &r);     /* fresh, fresh, fresh, repeat, fresh */
    assert_int_equal(r.verdict, CP_READY);
    /* An attempt from before fresh counts were kept is not fresh. */
    m[4].fresh_scored = -1;
    m[2].fresh_scored = -1;
    cp_readiness_judge(NULL, m, 5, &r);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
    /* The memory model keeps the old rule: five, fresh or not. */
    cp_readiness_judge(&memory_model, m, 5, &r);
    assert_int_equal(r.verdict, CP_READY);
    m[0].scaled = 740;
    cp_readiness_judge(&memory_model, m, 5, &r);
    assert_int_equal(r.verdict, CP_GETTING_CLOSE);
}

/* n first answers spread over every card, `rate` of them right, `age_days`
 * before now. */
static size_t first_answers(const cp_test_bank *b, cp_first_answer *out, size_t n, double rate,
                            cp_time now, int age_days)
{
    size_t q = 0, made = 0;
    for (size_t k = 0; made < n; k++) {
        size_t i = k % b->n;
        if (b->cards[i].type == CP_CARD_FLASHCARD)
            continue;
        out[made] = (cp_first_answer){.card = i, .correct = (double)(q % 100) < rate * 100.0,
                                      .at = now - (cp_time)age_days * 86400};
        q += 37;    /* walks the hundreds evenly */
        made++;
    }
    return made;
}

static void transfer_estimate(void **state)
{
    (void)state;
    static const int per[CP_DOMAINS] = {40, 50, 60, 20};
    cp_test_bank b = cp_test_bank_make(per);
    const cp_time now = 1700000000;
    cp_first_answer *first = calloc(2000, sizeof *first);
    cp_readiness_input in = {.bank = &b.bank, .started_at = now - 86400, .first = first};

    /* No evidence: the prior, wide. */
    cp_readiness none;
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &none, NULL), CP_OK);
    assert_true(none.ability_sd > 1.0);
    assert_true(none.evidence == 0.0);
    assert_int_equal(none.verdict, CP_NOT_READY);

    /* More first-exposure evidence narrows the band and moves the estimate
     * toward what it shows. */
    cp_readiness few, many;
    in.n_first = first_answers(&b, first, 40, 0.9, now, 0);
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &few, NULL), CP_OK);
    in.n_first = first_answers(&b, first, 1000, 0.9, now, 0);
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &many, NULL), CP_OK);
    assert_true(few.ability_sd < none.ability_sd);
    assert_true(many.ability_sd < few.ability_sd);
    assert_true(many.band_high - many.band_low < few.band_high - few.band_low);
    assert_true(fabs(many.evidence - 1000.0) < 1e-9);
    for (int d = 0; d < CP_DOMAINS; d++) {
        assert_true(many.domain_p[d] > few.domain_p[d]);
        assert_true(fabs(many.domain_p[d] - 0.9) < 0.04);
    }
    assert_true(many.pass_probability > 0.9);

    /* A weak showing says so. */
    cp_readiness poor;
    in.n_first = first_answers(&b, first, 1000, 0.45, now, 0);
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &poor, NULL), CP_OK);
    assert_true(poor.pass_probability < 0.05);
    for (int d = 0; d < CP_DOMAINS; d++)
        assert_true(fabs(poor.domain_p[d] - 0.45) < 0.05);

    /* Old evidence weighs less (half every 30 days): 60 days old, a quarter. */
    cp_readiness old;
    in.n_first = first_answers(&b, first, 1000, 0.9, now, 60);
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &old, NULL), CP_OK);
    assert_true(fabs(old.evidence - 250.0) < 1e-6);
    assert_true(old.ability_sd > many.ability_sd);

    /* Memorised repeats do not move it: strong memories of every card and
     * a perfect recent record change nothing without first exposures. */
    cp_memory *mem = calloc(b.n, sizeof *mem);
    for (size_t i = 0; i < b.n; i++)
        mem[i] = (cp_memory){.state = CP_STATE_REVIEW, .last_review = now - 86400,
                             .due = now + 99 * 86400, .stability = 100.0, .difficulty = 5.0,
                             .reps = 8};
    in.memories = mem;
    for (int d = 0; d < CP_DOMAINS; d++)
        in.recent[d] = (cp_accuracy){.answered = 300, .correct = 300, .expected = 290};
    cp_readiness drilled;
    in.n_first = first_answers(&b, first, 40, 0.9, now, 0);
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &drilled, NULL), CP_OK);
    for (int d = 0; d < CP_DOMAINS; d++)
        assert_true(drilled.domain_p[d] == few.domain_p[d]);
    assert_true(drilled.pass_probability == few.pass_probability);
    /* ... while the old memory model takes them at face value. */
    cp_readiness old_meter;
    assert_int_equal(cp_readiness_assess(&in, &memory_model, now, &old_meter, NULL), CP_OK);
    assert_true(old_meter.pass_probability > 0.99);
    assert_true(few.pass_probability < old_meter.pass_probability);

    /* Evidence in one domain lifts the others less (shrinkage toward the
     * learner's level), and a domain shown weak is flagged. */
    in.memories = NULL;
    size_t n = 0;
    for (size_t i = 0; i < b.n && n < 2000; i++) {
        if (b.cards[i].type == CP_CARD_FLASHCARD)
            continue;
        for (int rep = 0; rep < 8; rep++) {
            bool right = b.cards[i].domain == 4 ? rep < 3 : rep < 7;
            first[n++] = (cp_first_answer){.card = i, .correct = right, .at = now};
        }
    }
    in.n_first = n;
    cp_readiness uneven;
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &uneven, NULL), CP_OK);
    assert_true(uneven.domain_p[3] < uneven.domain_p[0] - 0.2);
    assert_false(reason_met(&uneven, CP_REASON_DOMAIN_GAP));

    /* Evidence on cards outside the bank is ignored, not a crash. */
    first[0].card = b.n + 5;
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &uneven, NULL), CP_OK);
    free(mem);
    free(first);
    cp_test_bank_free(&b);
}

/* Fresh mocks left: whole forms of never-seen questions by domain quota. */
static void fresh_mocks_left(void **state)
{
    (void)state;
    static const int per[CP_DOMAINS] = {40, 50, 60, 20};
    cp_test_bank b = cp_test_bank_make(per);
    cp_time *seen = calloc(b.n, sizeof *seen);
    b.bank.last_seen = seen;
    const cp_time now = 1700000000;
    cp_readiness_input in = {.bank = &b.bank, .started_at = now};
    cp_readiness r;
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &r, NULL), CP_OK);
    /* 40/12, 50/15, 60/17, 20/6: three whole forms. */
    assert_int_equal(r.fresh_mocks_left, 3);
    /* Seeing three Billing questions leaves 17: two forms. */
    int marked = 0;
    for (size_t i = 0; i < b.n && marked < 3; i++)
        if (b.cards[i].domain == 4 && b.cards[i].type != CP_CARD_FLASHCARD) {
            seen[i] = now - 10;
            marked++;
        }
    assert_int_equal(cp_readiness_assess(&in, NULL, now, &r, NULL), CP_OK);
    assert_int_equal(r.fresh_mocks_left, 2);
    assert_int_equal(cp_exam_fresh_forms(&b.bank), 2);
    free(seen);
    cp_test_bank_free(&b);
}

/* A chance just short of the bar never reads as meeting it: the percent
 * every screen shows is rounded down, and the rule's line says so. */
static void percent_never_rounds_up_to_the_bar(void **state)
{
    (void)state;
    assert_int_equal(cp_readiness_percent(0.897), 89);
    assert_int_equal(cp_readiness_percent(0.9), 90);
    assert_int_equal(cp_readiness_percent(0.29), 29); /* 0.29 * 100 is 28.999... */
    assert_int_equal(cp_readiness_percent(0.999), 99);
    assert_int_equal(cp_readiness_percent(1.0), 100);
    assert_int_equal(cp_readiness_percent(0.0), 0);
    assert_int_equal(cp_readiness_percent(-0.2), 0);
    assert_int_equal(cp_readiness_percent(NAN), 0);
    const double even[CP_DOMAINS] = {0.85, 0.85, 0.85, 0.85};
    cp_mock_result m[3];
    for (int i = 0; i < 3; i++)
        m[i] = (cp_mock_result){.at = 1000 + i,
                                .scaled = 800,
                                .full_timed = true,
                                .fresh_scored = 45,
                                .n_scored = 50};
    cp_readiness r = {.pass_probability = 0.8974};
    memcpy(r.domain_p, even, sizeof r.domain_p);
    cp_readiness_judge(NULL, m, 3, &r);
    assert_int_not_equal(r.verdict, CP_READY);
    assert_false(reason_met(&r, CP_REASON_PASS_PROBABILITY));
    const char *line = NULL;
    for (size_t i = 0; i < r.n_reasons; i++)
        if (r.reasons[i].code == CP_REASON_PASS_PROBABILITY)
            line = r.reasons[i].text;
    assert_non_null(line);
    assert_string_equal(line, "Pass probability 89% (Ready needs 90%)");
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(poisson_binomial_brute_force),
                 cmocka_unit_test(prediction_exact_over_quotas),
                 cmocka_unit_test(verdict_edges),
                 cmocka_unit_test(next_mock),
                 cmocka_unit_test(assess_from_memories),
                 cmocka_unit_test(verdict_counts_fresh_mocks),
                 cmocka_unit_test(transfer_estimate),
                 cmocka_unit_test(fresh_mocks_left),
                 cmocka_unit_test(percent_never_rounds_up_to_the_bar),
             })
