/* Lint: each rule warns on its bad-deck fixture (tests/fixtures/lint/) at
 * the exact line, and not on the good cards beside it; a clean deck gets no
 * warning; the near-duplicate join finds exactly the pairs a brute-force
 * comparison finds; the service finder agrees with cp_blueprint_mentions on
 * the bundled decks; --stale's list; running out of memory is reported. */
#include "cp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/blueprint.h"
#include "cloudprep/deck.h"
#include "cloudprep/lint.h"
#include "core/lint_impl.h"
#include "unit/alloc_fail.h"

/* Loads fixture files of tests/fixtures/lint (NULL-terminated names). */
static cp_deck *load(const char *first, ...)
{
    char paths[8][1024];
    const char *p[8];
    size_t n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name && n < 8; name = va_arg(ap, const char *)) {
        snprintf(paths[n], sizeof paths[n], "%s/lint/%s", cp_test_fixture_path(""), name);
        p[n] = paths[n];
        n++;
    }
    va_end(ap);
    cp_deck *deck = NULL;
    assert_int_equal(cp_deck_load(p, n, &deck, NULL), CP_OK);
    assert_int_equal(cp_deck_diag_count(deck), 0);     /* warnings only, no errors */
    return deck;
}

static cp_lint *lint_of(const cp_deck *deck, const cp_lint_desc *desc)
{
    cp_lint *lint = NULL;
    cp_error err = {0};
    assert_int_equal(cp_lint_run(deck, desc, &lint, &err), CP_OK);
    assert_non_null(lint);
    return lint;
}

static void dump(const cp_lint *lint)
{
    for (size_t i = 0; i < cp_lint_count(lint); i++) {
        const cp_lint_warning *w = cp_lint_get(lint, i);
        fprintf(stderr, "  have %s:%u: %s: %s\n", w->file ? w->file : "bank", w->line, w->rule,
                w->message);
    }
}

/* The warning of `rule` in a file ending with `file` at `line`, or NULL. */
static const cp_lint_warning *find(const cp_lint *lint, const char *rule, const char *file,
                                   uint32_t line)
{
    for (size_t i = 0; i < cp_lint_count(lint); i++) {
        const cp_lint_warning *w = cp_lint_get(lint, i);
        size_t fl = w->file ? strlen(w->file) : 0, nl = file ? strlen(file) : 0;
        bool same_file = file ? (w->file && fl >= nl && strcmp(w->file + fl - nl, file) == 0) : !w->file;
        if (strcmp(w->rule, rule) == 0 && same_file && w->line == line)
            return w;
    }
    return NULL;
}

static const cp_lint_warning *expect(const cp_lint *lint, const char *rule, const char *file,
                                     uint32_t line, const char *needle)
{
    const cp_lint_warning *w = find(lint, rule, file, line);
    if (!w || (needle && !strstr(w->message, needle))) {
        dump(lint);
        fail_msg("no %s warning at %s:%u containing '%s'", rule, file ? file : "bank", line,
                 needle ? needle : "");
    }
    return w;
}

static size_t hits(const cp_lint *lint, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < cp_lint_count(lint); i++)
        n += strcmp(cp_lint_get(lint, i)->rule, rule) == 0;
    for (size_t r = 0; r < cp_lint_rule_count(); r++)
        if (strcmp(cp_lint_rule(r)->name, rule) == 0)
            assert_int_equal(cp_lint_rule_hits(lint, r), n);
    return n;
}

/* No warning of any rule about the card with this id. */
static void expect_none_for(const cp_deck *deck, const cp_lint *lint, const char *id)
{
    long card = cp_deck_find(deck, id);
    assert_true(card >= 0);
    for (size_t i = 0; i < cp_lint_count(lint); i++)
        if (cp_lint_get(lint, i)->card == card) {
            dump(lint);
            fail_msg("a warning about '%s'", id);
        }
}

static void test_rule_table(void **state)
{
    (void)state;
    assert_int_equal(cp_lint_rule_count(), 8);
    for (size_t i = 0; i < cp_lint_rule_count(); i++) {
        const cp_lint_rule_info *r = cp_lint_rule(i);
        assert_true(r->name[0] && r->summary[0]);
        for (size_t k = 0; k < i; k++)
            assert_true(strcmp(cp_lint_rule(k)->name, r->name) != 0);
        assert_int_equal(r->bank, strcmp(r->name, "length-share") == 0 ||
                                      strcmp(r->name, "near-duplicate") == 0);
    }
    assert_null(cp_lint_rule(cp_lint_rule_count()));
}

static void test_clean_deck_has_no_warning(void **state)
{
    (void)state;
    /* clean.md retells the format's example deck: one at a time. */
    const char *decks[] = {"clean.md", "../decks/good/example.md"};
    for (size_t i = 0; i < 2; i++) {
        cp_deck *deck = load(decks[i], NULL);
        assert_int_equal(cp_deck_count(deck), 3);
        cp_lint *lint = lint_of(deck, NULL);
        if (cp_lint_count(lint)) {
            dump(lint);
            fail_msg("%s has %zu warnings", decks[i], cp_lint_count(lint));
        }
        cp_lint_free(lint);
        cp_deck_free(deck);
    }
}

static void test_length_cue(void **state)
{
    (void)state;
    cp_deck *deck = load("length-cue.md", NULL);
    cp_lint *lint = lint_of(deck, NULL);
    expect(lint, "length-cue", "length-cue.md", 9, "7.1 times as long as the longest distractor (71 vs 10");
    /* A multiple-response item: its shortest key is still 2.5 times longer. */
    expect(lint, "length-cue", "length-cue.md", 38, "every keyed option is at least 2.5 times");
    assert_int_equal(hits(lint, "length-cue"), 2);
    expect_none_for(deck, lint, "lc-fair-key");
    expect_none_for(deck, lint, "lc-multi-short");
    cp_lint_free(lint);
    /* A laxer ratio keeps the 7.1 times and lets the 2.5 times pass. */
    lint = lint_of(deck, &(cp_lint_desc){.length_ratio = 3.0});
    expect(lint, "length-cue", "length-cue.md", 9, "7.1 times");
    assert_int_equal(hits(lint, "length-cue"), 1);
    cp_lint_free(lint);
    cp_deck_free(deck);
}

static void test_length_share_fixture(void **state)
{
    (void)state;
    cp_deck *deck = load("length-share.md", NULL);
    cp_lint *lint = lint_of(deck, NULL);
    const cp_lint_warning *w = expect(lint, "length-share", NULL, 0,
                                      "strictly longest in 60.0% of 20 single-answer questions (12), "
                                      "against 25.0% by chance (at most 30.0% allowed)");
    assert_int_equal(w->card, -1);
    assert_non_null(strstr(w->message, "length-share.md 60% (12 of 20)"));
    assert_int_equal(hits(lint, "length-share"), 1);
    assert_int_equal(hits(lint, "length-cue"), 0);          /* never 1.6 times longer */
    /* The bank's warning comes after every card's. */
    assert_ptr_equal(cp_lint_get(lint, cp_lint_count(lint) - 1), w);
    cp_lint_free(lint);
    cp_deck_free(deck);
}

/* n single-answer questions, the key strictly longest in `longest` of them. */
static cp_deck *share_deck(int n, int longest)
{
    size_t cap = (size_t)n * 400 + 1, len = 0;
    char *text = malloc(cap);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "## s%d\ndomain: 1; task: 1.1; type: single; difficulty: easy\n\n"
                                "Question number %d about topic %d?\n\n- [x] %s\n- [ ] Other one\n"
                                "- [ ] Other two\n- [ ] Other six\n\n> Key; other one, two, six.\n\n",
                                i, i, i * 7, i < longest ? "Key option xx" : "Key");
    cp_deck *deck = cp_deck_new();
    assert_int_equal(cp_deck_add_text(deck, "share.md", text, len, NULL), CP_OK);
    assert_int_equal(cp_deck_count(deck), (size_t)n);
    free(text);
    return deck;
}

static void test_length_share_limits(void **state)
{
    (void)state;
    /* 6 of 20 is 30%: chance (25%) plus the 5 points allowed, not over. */
    cp_deck *deck = share_deck(20, 6);
    cp_lint *lint = lint_of(deck, NULL);
    assert_int_equal(hits(lint, "length-share"), 0);
    cp_lint_free(lint);
    cp_deck_free(deck);
    deck = share_deck(20, 7);
    lint = lint_of(deck, NULL);
    expect(lint, "length-share", NULL, 0, "35.0% of 20");
    cp_lint_free(lint);
    /* More slack allowed: no warning. */
    lint = lint_of(deck, &(cp_lint_desc){.length_share_slack = 0.15});
    assert_int_equal(hits(lint, "length-share"), 0);
    cp_lint_free(lint);
    cp_deck_free(deck);
    /* Too few questions to say: 19, every key the longest. */
    deck = share_deck(19, 19);
    lint = lint_of(deck, NULL);
    assert_int_equal(hits(lint, "length-share"), 0);
    cp_lint_free(lint);
    cp_deck_free(deck);
}

static void test_near_duplicate(void **state)
{
    (void)state;
    cp_deck *deck = load("near-duplicate.md", "near-duplicate-b.md", NULL);
    cp_lint *lint = lint_of(deck, NULL);
    expect(lint, "near-duplicate", "near-duplicate.md", 17,
           "question stem near-identical to 'nd-first' (");
    expect(lint, "near-duplicate", "near-duplicate.md", 17, "Jaccard 0.73");
    expect(lint, "near-duplicate", "near-duplicate.md", 31, "the same question stem as 'nd-first'");
    expect(lint, "near-duplicate", "near-duplicate.md", 66, "the same flashcard front as 'nd-fc-one'");
    /* Across files, naming its best match and how many more. */
    expect(lint, "near-duplicate", "near-duplicate-b.md", 3, "'nd-first'");
    expect(lint, "near-duplicate", "near-duplicate-b.md", 3, "and 1 more");
    assert_int_equal(hits(lint, "near-duplicate"), 4);
    /* A flashcard front is not compared with question stems. */
    expect_none_for(deck, lint, "nd-fc-stem");
    expect_none_for(deck, lint, "nd-different");
    expect_none_for(deck, lint, "nd-first");
    cp_lint_free(lint);
    /* A higher threshold leaves the exact rewording only. */
    lint = lint_of(deck, &(cp_lint_desc){.duplicate_jaccard = 0.9});
    assert_null(find(lint, "near-duplicate", "near-duplicate.md", 17));
    expect(lint, "near-duplicate", "near-duplicate.md", 31, "the same question stem");
    cp_lint_free(lint);
    cp_deck_free(deck);
}

/* ---- the join against a brute-force comparison ----------------------------- */

enum { BF_TEXTS = 400, BF_WORDS = 14 };

typedef struct bf_text {
    char words[BF_WORDS][8];
    int n;
} bf_text;

static double bf_jaccard(const bf_text *a, const bf_text *b)
{
    /* Shingles as strings: 3-grams, or the whole text under 3 words. */
    char sa[BF_WORDS][32], sb[BF_WORDS][32];
    int na = 0, nb = 0;
    const bf_text *t[2] = {a, b};
    char (*s[2])[32] = {sa, sb};
    int *n[2] = {&na, &nb};
    for (int k = 0; k < 2; k++) {
        if (t[k]->n < 3) {
            snprintf(s[k][0], 32, "%s %s", t[k]->words[0], t[k]->n > 1 ? t[k]->words[1] : "");
            *n[k] = 1;
            continue;
        }
        for (int i = 0; i + 2 < t[k]->n; i++) {
            char g[32];
            snprintf(g, sizeof g, "%s %s %s", t[k]->words[i], t[k]->words[i + 1], t[k]->words[i + 2]);
            bool dup = false;
            for (int q = 0; q < *n[k]; q++)
                dup |= strcmp(s[k][q], g) == 0;
            if (!dup)
                strcpy(s[k][(*n[k])++], g);
        }
    }
    int common = 0;
    for (int i = 0; i < na; i++)
        for (int q = 0; q < nb; q++)
            common += strcmp(sa[i], sb[q]) == 0;
    return (double)common / (double)(na + nb - common);
}

static void test_near_duplicate_join_is_exact(void **state)
{
    (void)state;
    static const char *vocab[] = {"aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii", "jj", "kk", "ll"};
    bf_text *t = calloc(BF_TEXTS, sizeof *t);
    cp_rng rng = cp_test_rng(17);
    size_t cap = BF_TEXTS * 200, len = 0;
    char *md = malloc(cap);
    for (int i = 0; i < BF_TEXTS; i++) {
        if (i >= 20 && cp_rng_below(&rng, 3) == 0) {
            /* A variant of an earlier text: one word changed, added or dropped. */
            t[i] = t[cp_rng_below(&rng, (uint64_t)i)];
            int at = (int)cp_rng_below(&rng, (uint64_t)t[i].n);
            switch (cp_rng_below(&rng, 3)) {
            case 0: strcpy(t[i].words[at], vocab[cp_rng_below(&rng, 12)]); break;
            case 1: if (t[i].n < BF_WORDS) strcpy(t[i].words[t[i].n++], vocab[cp_rng_below(&rng, 12)]); break;
            default: if (t[i].n > 1) t[i].n--; break;
            }
        } else {
            t[i].n = 1 + (int)cp_rng_below(&rng, BF_WORDS);
            for (int w = 0; w < t[i].n; w++)
                strcpy(t[i].words[w], vocab[cp_rng_below(&rng, 12)]);
        }
        len += (size_t)snprintf(md + len, cap - len,
                                "## t%d\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy\n\n", i);
        for (int w = 0; w < t[i].n; w++)
            len += (size_t)snprintf(md + len, cap - len, "%s%s", w ? " " : "", t[i].words[w]);
        len += (size_t)snprintf(md + len, cap - len, "\n\n> back\n\n");
    }
    cp_deck *deck = cp_deck_new();
    assert_int_equal(cp_deck_add_text(deck, "bf.md", md, len, NULL), CP_OK);
    assert_int_equal(cp_deck_count(deck), BF_TEXTS);
    cp_lint *lint = lint_of(deck, NULL);
    size_t reported = 0, expected = 0;
    for (int i = 0; i < BF_TEXTS; i++) {
        /* A card is reported when an earlier one is a near-duplicate of it. */
        double best = 0;
        for (int k = 0; k < i; k++) {
            double j = bf_jaccard(&t[i], &t[k]);
            if (j > best)
                best = j;
        }
        bool want = best >= 0.5;
        const cp_lint_warning *w = find(lint, "near-duplicate", "bf.md", cp_deck_card(deck, (size_t)i)->line);
        if (want != (w != NULL))
            fail_msg("card t%d: brute force best %.3f, lint %s", i, best, w ? w->message : "nothing");
        expected += want;
        reported += w != NULL;
        if (w && strstr(w->message, "Jaccard")) {
            /* The named card really is that close, and the best one. */
            const char *name = strstr(w->message, "'t") + 2;
            int other = atoi(name);
            double j = bf_jaccard(&t[i], &t[other]);
            assert_true(other < i && j >= 0.5 && j >= best - 1e-9);
        }
    }
    assert_int_equal(reported, expected);
    assert_true(expected > 30);     /* the variants make plenty */
    cp_lint_free(lint);
    cp_deck_free(deck);
    free(md);
    free(t);
}

static void test_choose_n(void **state)
{
    (void)state;
    cp_deck *deck = load("choose-n.md", NULL);
    cp_lint *lint = lint_of(deck, NULL);
    expect(lint, "choose-n", "choose-n.md", 3, "a single-answer stem says how many to choose");
    expect(lint, "choose-n", "choose-n.md", 17, "ends with '(Choose two.)' (2 options are keyed)");
    assert_int_equal(hits(lint, "choose-n"), 2);
    assert_null(find(lint, "choose-n", "choose-n.md", 33));
    cp_lint_free(lint);
    cp_deck_free(deck);
}

static void test_options(void **state)
{
    (void)state;
    cp_deck *deck = load("options.md", NULL);
    cp_lint *lint = lint_of(deck, NULL);
    expect(lint, "option-duplicate", "options.md", 11, "same as the one on line 9");
    assert_int_equal(hits(lint, "option-duplicate"), 1);
    expect(lint, "option-above", "options.md", 25, "'all of the above'");
    expect(lint, "option-above", "options.md", 26, "'none of the above'");
    assert_int_equal(hits(lint, "option-above"), 2);
    expect_none_for(deck, lint, "op-fine");
    cp_lint_free(lint);
    cp_deck_free(deck);
}

static void test_distractor_unexplained(void **state)
{
    (void)state;
    cp_deck *deck = load("distractor.md", NULL);
    cp_lint *lint = lint_of(deck, NULL);
    /* A real miss: the explanation talks about the key and two others. */
    expect(lint, "distractor-unexplained", "distractor.md", 12, "'postgresql'");
    expect(lint, "distractor-unexplained", "distractor.md", 12, "nor the service it names");
    /* A service the explanation never names. */
    expect(lint, "distractor-unexplained", "distractor.md", 27, "'rekognition'");
    /* Words the key uses do not count as addressing a distractor. */
    expect(lint, "distractor-unexplained", "distractor.md", 54, "'larger', 'one'");
    assert_int_equal(hits(lint, "distractor-unexplained"), 3);
    /* Stems (Repurchase, Repurchasing), prefixes (unencrypted, encrypted)
     * and acronyms (Availability Zone, AZ) address theirs. */
    expect_none_for(deck, lint, "du-addressed");
    cp_lint_free(lint);
    cp_deck_free(deck);
}

static void test_difficulty(void **state)
{
    (void)state;
    cp_deck *deck = load("difficulty.md", NULL);
    cp_lint *lint = lint_of(deck, NULL);
    expect(lint, "difficulty", "difficulty.md", 12,
           "labelled hard, but 1 distractor is from a category unrelated to the key's (Database): "
           "'Amazon Polly' is Machine Learning");
    expect(lint, "difficulty", "difficulty.md", 49, "labelled easy, but choosing 2 options");
    assert_int_equal(hits(lint, "difficulty"), 2);
    /* Look-alikes: Database and Storage; Serverless and Compute. */
    expect_none_for(deck, lint, "df-hard-lookalikes");
    expect_none_for(deck, lint, "df-hard-family");
    expect_none_for(deck, lint, "df-medium-multi");
    cp_lint_free(lint);
    cp_deck_free(deck);
}

/* The one-pass finder names the same services as cp_blueprint_mentions,
 * on every text of the bundled decks. */
static void test_services_match_blueprint(void **state)
{
    (void)state;
    cp_deck *deck = cp_test_load_deck(cp_test_decks_path());
    assert_true(cp_deck_count(deck) > 100);
    cp_service_finder *finder = cp_service_finder_new();
    assert_non_null(finder);
    size_t n_services = cp_blueprint_service_count(), checked = 0, found = 0;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        const char *texts[CP_MAX_CHOICES + 2] = {c->stem, c->answer};
        size_t n = 2;
        for (size_t k = 0; k < c->n_choices; k++)
            texts[n++] = c->choices[k].text;
        for (size_t k = 0; k < n; k++) {
            char *plain = cp_lint_plain(texts[k]);
            cp_services s;
            cp_services_in(finder, plain, &s);
            for (size_t v = 0; v < n_services; v++) {
                bool want = cp_blueprint_mentions(plain, v);
                if (want != cp_services_has(&s, v))
                    fail_msg("%s: service %s in '%s'", c->id, cp_blueprint_service(v)->name, plain);
                found += want;
            }
            checked++;
            free(plain);
        }
    }
    assert_true(checked > 1000 && found > 500);
    cp_service_finder_free(finder);
    cp_deck_free(deck);
}

static void test_stale(void **state)
{
    (void)state;
    static const char *months[] = {"", "2026-01", "2025-06", "2024-12", "2026-12", "", "2025-12"};
    char text[4096];
    size_t len = 0;
    for (size_t i = 0; i < 7; i++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "## r%zu\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy%s%s\n\n"
                                "Front %zu\n\n> Back\n\n",
                                i, months[i][0] ? "; reviewed: " : "", months[i], i);
    cp_deck *deck = cp_deck_new();
    assert_int_equal(cp_deck_add_text(deck, "r.md", text, len, NULL), CP_OK);
    assert_int_equal(cp_deck_count(deck), 7);
    assert_int_equal(cp_lint_months_between(202512, 202612), 12);
    assert_int_equal(cp_lint_months_between(202611, 202701), 2);

    cp_stale *stale = NULL;
    size_t n = 0;
    assert_int_equal(cp_lint_stale(deck, 202612, 12, &stale, &n, NULL), CP_OK);
    /* Never reviewed first (deck order), then oldest; 2025-12 is exactly
     * 12 months back, so within 12 months. */
    assert_int_equal(n, 4);
    assert_int_equal(stale[0].card, 0);
    assert_int_equal(stale[0].reviewed, 0);
    assert_int_equal(stale[0].months, -1);
    assert_int_equal(stale[1].card, 5);
    assert_int_equal(stale[2].card, 3);
    assert_int_equal(stale[2].months, 24);
    assert_int_equal(stale[3].card, 2);
    assert_int_equal(stale[3].months, 18);
    free(stale);
    assert_int_equal(cp_lint_stale(deck, 202612, 11, &stale, &n, NULL), CP_OK);
    assert_int_equal(n, 5);
    assert_int_equal(stale[4].card, 6);
    free(stale);
    /* Nothing stale: a NULL list. */
    cp_deck *none = cp_deck_new();
    assert_int_equal(cp_lint_stale(none, 202612, 0, &stale, &n, NULL), CP_OK);
    assert_null(stale);
    assert_int_equal(n, 0);
    cp_deck_free(none);
    cp_error err = {0};
    assert_int_equal(cp_lint_stale(deck, 202613, 12, &stale, &n, &err), CP_ERR_INVALID);
    assert_non_null(strstr(err.message, "not a month"));
    assert_int_equal(cp_lint_stale(deck, 202612, -1, &stale, &n, &err), CP_ERR_INVALID);
    cp_deck_free(deck);
}

/* Whichever allocation fails, cp_lint_run says so and leaks nothing. */
static void test_out_of_memory_is_reported(void **state)
{
    (void)state;
    cp_deck *deck = load("distractor.md", "near-duplicate.md", "difficulty.md", "length-cue.md", NULL);
    cp_lint *lint = NULL;
    alloc_arm(0, false);
    assert_int_equal(cp_lint_run(deck, NULL, &lint, NULL), CP_OK);
    long total = alloc_count;
    size_t warnings = cp_lint_count(lint);
    cp_lint_free(lint);
    assert_true(total > 20);
    for (int after = 0; after <= 1; after++)
        for (long k = 1; k <= total; k++) {
            cp_error err = {0};
            alloc_arm(k, after);
            cp_status s = cp_lint_run(deck, NULL, &lint, &err);
            alloc_arm(0, false);
            if (s != CP_ERR_NOMEM)
                fail_msg("allocation %ld of %ld failed, status %d", k, total, s);
            assert_null(lint);
            assert_non_null(strstr(err.message, "out of memory"));
        }
    lint = lint_of(deck, NULL);
    assert_int_equal(cp_lint_count(lint), warnings);
    cp_lint_free(lint);
    cp_deck_free(deck);
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(test_rule_table),
                 cmocka_unit_test(test_clean_deck_has_no_warning),
                 cmocka_unit_test(test_length_cue),
                 cmocka_unit_test(test_length_share_fixture),
                 cmocka_unit_test(test_length_share_limits),
                 cmocka_unit_test(test_near_duplicate),
                 cmocka_unit_test(test_near_duplicate_join_is_exact),
                 cmocka_unit_test(test_choose_n),
                 cmocka_unit_test(test_options),
                 cmocka_unit_test(test_distractor_unexplained),
                 cmocka_unit_test(test_difficulty),
                 cmocka_unit_test(test_services_match_blueprint),
                 cmocka_unit_test(test_stale),
                 cmocka_unit_test(test_out_of_memory_is_reported),
             })
