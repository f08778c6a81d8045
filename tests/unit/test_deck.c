/* Deck parser: good decks load with every field, and each error is reported
 * at its exact line while the valid cards around it still load. */
#include "cp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/blueprint.h"
#include "cloudprep/deck.h"
#include "unit/alloc_fail.h"

#define META1 "domain: 1; task: 1.1; type: single; difficulty: easy\n\n"

/* A valid single-answer card with id `id`, 12 lines long. */
#define GOOD_CARD(id)                                                         \
    "## " id "\n" META1 "Which one?\n\n- [ ] Alpha\n- [x] Beta\n- [ ] Gamma\n" \
    "- [ ] Delta\n\n> Beta is right; the others are wrong.\n\n"

static cp_deck *parse(const char *text)
{
    return cp_test_deck(text, CP_TEST_ANY);
}

/* Asserts that some diagnostic is at `line` and contains `needle`. */
static void expect_diag(const cp_deck *deck, uint32_t line, const char *needle)
{
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *d = cp_deck_diag(deck, i);
        if (d->line == line && strstr(d->message, needle))
            return;
    }
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++)
        fprintf(stderr, "  have %s:%u: %s\n", cp_deck_diag(deck, i)->file,
                cp_deck_diag(deck, i)->line, cp_deck_diag(deck, i)->message);
    fail_msg("no diagnostic at line %u containing '%s'", line, needle);
}

static void test_example_deck_loads_every_field(void **state)
{
    (void)state;
    const char *paths[] = {cp_test_fixture_path("decks/good/example.md")};
    cp_deck *deck = NULL;
    assert_int_equal(cp_deck_load(paths, 1, &deck, NULL), CP_OK);
    assert_int_equal(cp_deck_diag_count(deck), 0);
    assert_int_equal(cp_deck_count(deck), 3);

    const cp_card *c = cp_deck_card(deck, 0);
    assert_string_equal(c->id, "d1-elasticity-meaning");
    assert_int_equal(c->line, 5);
    assert_int_equal(c->domain, 1);
    assert_string_equal(cp_blueprint_task(c->task)->id, "1.1");
    assert_int_equal(c->type, CP_CARD_SINGLE);
    assert_int_equal(c->difficulty, CP_DIFF_EASY);
    assert_string_equal(c->tags, "elasticity");
    assert_true(strncmp(c->ref, "https://docs.aws.amazon.com/", 28) == 0);
    assert_int_equal(c->n_choices, 4);
    assert_string_equal(c->choices[1].text, "Elasticity");
    assert_true(c->choices[1].correct);
    assert_false(c->choices[0].correct);
    assert_int_equal(c->choices[0].line, 12);
    /* Soft line breaks become spaces; the stem is one paragraph. */
    assert_non_null(strstr(c->stem, "returns to normal. Which benefit"));
    /* Bold in the explanation is kept as style markers. */
    assert_non_null(strstr(c->answer, "\x02" "Elasticity" "\x03"));
    char plain[1024];
    cp_text_plain(c->answer, plain, sizeof plain);
    assert_true(strncmp(plain, "Elasticity is the ability", 25) == 0);

    const cp_card *m = cp_deck_card(deck, 1);
    assert_int_equal(m->type, CP_CARD_MULTI);
    assert_int_equal(m->n_choices, 5);
    assert_int_equal(cp_card_correct_count(m), 2);

    const cp_card *f = cp_deck_card(deck, 2);
    assert_int_equal(f->type, CP_CARD_FLASHCARD);
    assert_int_equal(f->n_choices, 0);
    assert_string_equal(f->stem, "\x02" "Elasticity" "\x03");
    assert_non_null(strstr(f->answer, "releasing them"));
    assert_int_equal(cp_deck_find(deck, "d1-fc-elasticity"), 2);
    assert_int_equal(cp_deck_find(deck, "nope"), -1);
    cp_deck_free(deck);
}

static void test_code_spans_and_entities(void **state)
{
    (void)state;
    cp_deck *deck = parse("## c1\n" META1 "Run `aws s3 ls` &amp; check &lt;it&gt;.\n\n"
                          "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n");
    assert_int_equal(cp_deck_count(deck), 1);
    assert_string_equal(cp_deck_card(deck, 0)->stem, "Run \x06" "aws s3 ls\x07 & check <it>.");
    cp_deck_free(deck);
}

static void test_missing_and_invalid_id(void **state)
{
    (void)state;
    cp_deck *deck = parse("# Title\n\n##\n" META1 "Q?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"
                          "## Bad_ID title\n" META1 "Q?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"
                          GOOD_CARD("ok"));
    expect_diag(deck, 3, "missing card id");
    expect_diag(deck, 15, "invalid card id 'Bad_ID'");
    assert_int_equal(cp_deck_count(deck), 1);
    assert_string_equal(cp_deck_card(deck, 0)->id, "ok");
    assert_int_equal(cp_deck_invalid_count(deck), 2);
    cp_deck_free(deck);
}

static void test_duplicate_id_across_files(void **state)
{
    (void)state;
    cp_deck *deck = cp_deck_new();
    const char *a = GOOD_CARD("same");
    const char *b = "\n\n" GOOD_CARD("same");
    assert_int_equal(cp_deck_add_text(deck, "a.md", a, strlen(a), NULL), CP_OK);
    assert_int_equal(cp_deck_add_text(deck, "b.md", b, strlen(b), NULL), CP_OK);
    assert_int_equal(cp_deck_count(deck), 1);
    assert_int_equal(cp_deck_diag_count(deck), 1);
    const cp_diag *d = cp_deck_diag(deck, 0);
    assert_string_equal(d->file, "b.md");
    assert_int_equal(d->line, 3);
    assert_non_null(strstr(d->message, "duplicate id 'same' (first at a.md:1)"));
    cp_deck_free(deck);
}

static void test_metadata_errors(void **state)
{
    (void)state;
    cp_deck *deck = parse(
        "## m1\ndomain: 5; task: 1.1; type: single; difficulty: easy\n\nQ?\n\n"        /* 1-5 */
        "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"                              /* 6-12 */
        "## m2\ndomain: 2; task: 1.1; type: single; difficulty: easy\n\nQ?\n\n"       /* 13-17 */
        "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"                              /* 18-24 */
        "## m3\ndomain: 1; task: 9.9; type: quiz; difficulty: trivial; colour: red\n\nQ?\n\n" /* 25-29 */
        "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"                              /* 30-36 */
        "## m4\nQ without metadata?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n" /* 37-46 */
        "## m5\ndomain: 1; type: single\n\nQ?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n");
    expect_diag(deck, 2, "unknown domain '5'");
    expect_diag(deck, 14, "task 1.1 is not in domain 2");
    expect_diag(deck, 26, "unknown task '9.9'");
    expect_diag(deck, 26, "unknown type 'quiz'");
    expect_diag(deck, 26, "unknown difficulty 'trivial'");
    expect_diag(deck, 26, "unknown metadata key 'colour'");
    expect_diag(deck, 38, "missing metadata line");
    expect_diag(deck, 48, "missing metadata key 'task'");
    expect_diag(deck, 48, "missing metadata key 'difficulty'");
    assert_int_equal(cp_deck_count(deck), 0);
    assert_int_equal(cp_deck_invalid_count(deck), 5);
    cp_deck_free(deck);
}

/* `reviewed: YYYY-MM` is optional; a malformed month is an error at the
 * metadata line and the card is skipped. */
static void test_reviewed_month(void **state)
{
    (void)state;
    cp_deck *deck = parse(
        "## r1\ndomain: 1; task: 1.1; type: single; difficulty: easy; reviewed: 2026-12\n\nQ?\n\n" /* 1-5 */
        "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"                                        /* 6-12 */
        "## r2\ndomain: 1; task: 1.1; type: single; difficulty: easy; reviewed: 2026-13\n\nQ?\n\n" /* 13-17 */
        "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"                                        /* 18-24 */
        "## r3\ndomain: 1; task: 1.1; type: single; difficulty: easy; reviewed: Dec 2026\n\nQ?\n\n" /* 25-29 */
        "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"
        GOOD_CARD("r4"));
    expect_diag(deck, 14, "reviewed '2026-13' is not a month");
    expect_diag(deck, 26, "reviewed 'Dec 2026' is not a month");
    assert_int_equal(cp_deck_count(deck), 2);
    assert_int_equal(cp_deck_card(deck, 0)->reviewed, 202612);
    assert_int_equal(cp_deck_card(deck, 1)->reviewed, 0);
    cp_deck_free(deck);
}

static void test_choice_rules(void **state)
{
    (void)state;
    cp_deck *deck = parse(
        "## s3\n" META1 "Q?\n\n- [ ] A\n- [x] B\n- [ ] C\n\n> B.\n\n"                 /* lines 1-11: 3 choices */
        "## s2\n" META1 "Q?\n\n- [x] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"        /* 11-21: 2 correct */
        "## m4\ndomain: 1; task: 1.1; type: multi; difficulty: easy\n\nQ? (Choose two.)\n\n"
        "- [x] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"                              /* 22-32: 4 choices */
        "## m1\ndomain: 1; task: 1.1; type: multi; difficulty: easy\n\nQ? (Choose two.)\n\n"
        "- [x] A\n- [ ] B\n- [ ] C\n- [ ] D\n- [ ] E\n\n> B.\n\n"                     /* 33-44: 1 correct */
        "## mc\ndomain: 1; task: 1.1; type: multi; difficulty: easy\n\nQ? (Choose two.)\n\n"
        "- [x] A\n- [x] B\n- [x] C\n- [ ] D\n- [ ] E\n\n> B.\n\n"                     /* 45-56: says 2, 3 marked */
        "## dup\n" META1 "Q?\n\n- [ ] Same\n- [x] B\n- [ ] same\n- [ ] D\n\n> B.\n\n"  /* 57-67 */
        "## fc\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy\n\nFront\n\n- [ ] A\n\n> Back\n\n"
        GOOD_CARD("fine"));
    expect_diag(deck, 6, "exactly 4 choices, found 3");
    expect_diag(deck, 17, "exactly 1 correct choice ([x]), found 2");
    expect_diag(deck, 29, "at least 5 choices, found 4");
    expect_diag(deck, 41, "at least 2 correct choices ([x]), found 1");
    expect_diag(deck, 52, "says choose 2 but 3 choices are marked correct");
    expect_diag(deck, 69, "duplicate choice text (same as line 67)");
    expect_diag(deck, 79, "a flashcard has no choices");
    assert_int_equal(cp_deck_count(deck), 1);
    assert_string_equal(cp_deck_card(deck, 0)->id, "fine");
    cp_deck_free(deck);
}

static void test_empty_parts_and_structure(void **state)
{
    (void)state;
    cp_deck *deck = parse(
        "## nostem\n" META1 "- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"          /* 1-9 */
        "## noexp\n" META1 "Q?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n"             /* 10-19 */
        "## stray\n" META1 "Q?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\nLoose text.\n\n> B.\n\n" /* 20-32 */
        "## deep\n" META1 "Q?\n\n### Sub heading\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n" /* 33-45 */
        "## plain\n" META1 "Q?\n\n- A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n");       /* 46-56 */
    expect_diag(deck, 1, "question stem is empty");
    expect_diag(deck, 11, "explanation is missing");
    expect_diag(deck, 31, "text after the choices must be in the answer block");
    expect_diag(deck, 40, "heading deeper than '##'");
    expect_diag(deck, 54, "not a task list item");
    assert_int_equal(cp_deck_count(deck), 0);
    cp_deck_free(deck);
}

static void test_invalid_utf8_is_reported_and_card_skipped(void **state)
{
    (void)state;
    cp_deck *deck = parse(GOOD_CARD("before")
                          "## bad\n" META1 "Caf\xe9 menu?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n"
                          GOOD_CARD("after"));
    expect_diag(deck, 16, "invalid UTF-8");
    assert_int_equal(cp_deck_count(deck), 2);
    assert_string_equal(cp_deck_card(deck, 0)->id, "before");
    assert_string_equal(cp_deck_card(deck, 1)->id, "after");
    cp_deck_free(deck);
}

static void test_hostile_inputs_do_not_crash(void **state)
{
    (void)state;
    /* Binary garbage, a lone heading, deep nesting, an empty document. */
    char garbage[4096];
    uint64_t x = 88172645463325252ULL;
    for (size_t i = 0; i < sizeof garbage; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        garbage[i] = (char)(x & 0xff);
    }
    cp_deck *deck = cp_deck_new();
    assert_int_equal(cp_deck_add_text(deck, "g.md", garbage, sizeof garbage, NULL), CP_OK);
    assert_int_equal(cp_deck_add_text(deck, "e.md", "", 0, NULL), CP_OK);
    assert_int_equal(cp_deck_add_text(deck, "h.md", "##", 2, NULL), CP_OK);
    char nest[3000];
    size_t n = 0;
    for (int i = 0; i < 900; i++) { nest[n++] = '>'; nest[n++] = ' '; }
    memcpy(nest + n, "## x\n", 5);
    n += 5;
    assert_int_equal(cp_deck_add_text(deck, "n.md", nest, n, NULL), CP_OK);
    char lists[4000];
    n = 0;
    for (int i = 0; i < 300 && n + 40 < sizeof lists; i++) {
        memset(lists + n, ' ', (size_t)(i % 40) * 2);
        n += (size_t)(i % 40) * 2;
        memcpy(lists + n, "- [x] item\n", 11);
        n += 11;
    }
    assert_int_equal(cp_deck_add_text(deck, "l.md", lists, n, NULL), CP_OK);
    assert_int_equal(cp_deck_count(deck), 0);
    assert_true(cp_deck_diag_count(deck) > 0);
    assert_int_equal(cp_deck_file_count(deck), 5);
    cp_deck_free(deck);
}

static void test_directory_load_and_missing_path(void **state)
{
    (void)state;
    const char *paths[] = {cp_test_fixture_path("decks"), "/nonexistent/deck.md"};
    cp_deck *deck = NULL;
    cp_error err = {0};
    assert_int_equal(cp_deck_load(paths, 2, &deck, &err), CP_ERR_IO);
    assert_string_equal(err.file, "/nonexistent/deck.md");
    assert_true(cp_deck_count(deck) >= 3);
    assert_non_null(strstr(cp_deck_diag(deck, cp_deck_diag_count(deck) - 1)->message, "cannot read"));
    cp_deck_free(deck);
    cp_deck_free(NULL);
}

static void test_service_mentions_and_coverage(void **state)
{
    (void)state;
    size_t ec2 = 0, q = 0, ram = 0;
    for (size_t i = 0; i < cp_blueprint_service_count(); i++) {
        const char *name = cp_blueprint_service(i)->name;
        if (strcmp(name, "Amazon EC2") == 0) ec2 = i;
        if (strcmp(name, "Amazon Q") == 0) q = i;
        if (strcmp(name, "AWS RAM") == 0) ram = i;
    }
    assert_true(cp_blueprint_service_count() >= 100);
    assert_true(cp_blueprint_mentions("Launch an EC2 instance.", ec2));
    assert_true(cp_blueprint_mentions("Amazon Elastic Compute Cloud", ec2));
    assert_false(cp_blueprint_mentions("EC2X is not a service", ec2));
    /* Whole words only: QuickSight is not Amazon Q, and a program's
     * memory is not AWS RAM. */
    assert_false(cp_blueprint_mentions("Amazon QuickSight dashboards", q));
    assert_true(cp_blueprint_mentions("Ask Amazon Q.", q));
    assert_false(cp_blueprint_mentions("more RAM for the instance", ram));
    assert_true(cp_blueprint_mentions("share subnets with AWS RAM", ram));

    cp_deck *deck = parse("## c1\n" META1 "Which runs virtual servers: EC2 or Lambda?\n\n"
                          "- [x] **EC2**\n- [ ] Lambda\n- [ ] S3\n- [ ] IAM\n\n> Amazon Q is not it.\n");
    uint32_t *counts = calloc(cp_blueprint_service_count(), sizeof *counts);
    size_t covered = cp_deck_service_coverage(deck, counts);
    assert_int_equal(counts[ec2], 1);       /* once per card, bold or not */
    assert_int_equal(counts[q], 1);
    assert_int_equal(covered, 5);           /* EC2, Lambda, S3, IAM, Amazon Q */
    free(counts);
    cp_deck_free(deck);
}

static void test_blueprint_apportion(void **state)
{
    (void)state;
    int q[CP_DOMAINS];
    cp_blueprint_apportion(50, q);
    assert_int_equal(q[0], 12); assert_int_equal(q[1], 15);
    assert_int_equal(q[2], 17); assert_int_equal(q[3], 6);
    cp_blueprint_apportion(10, q);
    assert_int_equal(q[0], 2); assert_int_equal(q[1], 3);
    assert_int_equal(q[2], 4); assert_int_equal(q[3], 1);
    cp_blueprint_apportion(15, q);
    assert_int_equal(q[0] + q[1] + q[2] + q[3], 15);
    assert_int_equal(q[0], 4); assert_int_equal(q[3], 2);
    assert_int_equal(cp_blueprint_task_index("3.8"), 15);
    assert_int_equal(cp_blueprint_task_index("3.9"), -1);
}

/* ---- allocation failures (see alloc_fail.h) --------------------------------- */

/* Three valid cards, one invalid, a long stem (buffers grow) and a bad line. */
#define NOMEM_DECK                                                                         \
    GOOD_CARD("a1") GOOD_CARD("a2")                                                        \
    "## a3\n" META1 "A stem long enough to make its buffer grow more than once, "           \
    "because the walk starts every buffer small and doubles it, and each doubling "        \
    "is one more allocation that can fail when memory runs out on a busy machine.\n\n"     \
    "- [ ] Alpha\n- [x] Beta\n- [ ] Gamma\n- [ ] Delta\n\n> **Beta**; not the others.\n\n" \
    "## bad\n" META1 "Q \xff?\n\n- [ ] A\n- [x] B\n\n> B.\n"

/* The cards a deck holds are whole and findable. */
static void expect_sound(const cp_deck *deck)
{
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        assert_non_null(c->stem);
        assert_non_null(c->answer);
        assert_true(c->type == CP_CARD_FLASHCARD ? c->n_choices == 0 : c->n_choices >= 4);
        for (size_t k = 0; k < c->n_choices; k++)
            assert_non_null(c->choices[k].text);
        assert_int_equal(cp_deck_find(deck, c->id), (long)i);
    }
}

static bool some_diag_says(const cp_deck *deck, const char *needle)
{
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++)
        if (strstr(cp_deck_diag(deck, i)->message, needle))
            return true;
    return false;
}

/* Whichever allocation fails, cp_deck_add_text says so (CP_ERR_NOMEM, with
 * a message) and the deck keeps only whole cards; when none fails,
 * everything is there. */
static void test_out_of_memory_is_reported(void **state)
{
    (void)state;
    const char *text = NOMEM_DECK;
    cp_deck *deck = cp_deck_new();
    cp_error err = {0};
    alloc_arm(0, false);
    assert_int_equal(cp_deck_add_text(deck, "t.md", text, strlen(text), &err), CP_OK);
    long total = alloc_count;
    assert_int_equal(cp_deck_count(deck), 3);
    assert_int_equal(cp_deck_invalid_count(deck), 1);
    assert_true(total > 10);
    cp_deck_free(deck);

    for (int after = 0; after <= 1; after++) {
        for (long k = 1; k <= total + 1; k++) {
            deck = cp_deck_new();
            assert_non_null(deck);
            err = (cp_error){0};
            alloc_arm(k, after);
            cp_status s = cp_deck_add_text(deck, "t.md", text, strlen(text), &err);
            alloc_arm(0, false);
            if (k > total) {
                /* Nothing failed: the whole deck is there. */
                assert_int_equal(s, CP_OK);
                assert_int_equal(cp_deck_count(deck), 3);
            } else {
                if (s != CP_ERR_NOMEM)
                    fail_msg("allocation %ld of %ld failed (%s), status %d", k, total,
                             after ? "and every later one" : "alone", s);
                assert_string_equal(err.file, "t.md");
                assert_non_null(strstr(err.message, "out of memory"));
                assert_true(cp_deck_count(deck) <= 3);
                /* With memory back, the loss is also in the diagnostics,
                 * unless it was a diagnostic that was lost. */
                if (!after && !strstr(err.message, "could not be recorded") &&
                    !some_diag_says(deck, "out of memory"))
                    fail_msg("allocation %ld of %ld: no diagnostic; error '%s'", k, total, err.message);
            }
            expect_sound(deck);
            cp_deck_free(deck);
        }
    }
}

/* cp_deck_load passes the loss on, and the command line has a message. */
static void test_out_of_memory_while_loading(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s", cp_test_fixture_path("decks/good/example.md"));
    const char *paths[] = {path};
    cp_deck *deck = NULL;
    alloc_arm(0, false);
    assert_int_equal(cp_deck_load(paths, 1, &deck, NULL), CP_OK);
    long total = alloc_count;
    cp_deck_free(deck);
    for (long k = 1; k <= total; k++) {
        cp_error err = {0};
        alloc_arm(k, false);
        cp_status s = cp_deck_load(paths, 1, &deck, &err);
        alloc_arm(0, false);
        assert_int_equal(s, CP_ERR_NOMEM);
        assert_non_null(strstr(err.message, "out of memory"));
        expect_sound(deck);
        cp_deck_free(deck);
    }
}

static void test_add_text_error_record(void **state)
{
    (void)state;
    cp_deck *deck = cp_deck_new();
    cp_error err = {0};
    assert_int_equal(cp_deck_add_text(deck, "t.md", GOOD_CARD("x"), strlen(GOOD_CARD("x")), &err), CP_OK);
    assert_int_equal(cp_deck_add_text(deck, "n.md", NULL, 5, &err), CP_ERR_INVALID);
    assert_string_equal(err.file, "n.md");
    assert_true(err.message[0] != '\0');
    assert_int_equal(cp_deck_add_text(NULL, "n.md", "", 0, NULL), CP_ERR_INVALID);
    /* Invalid cards are diagnostics, not a failed call. */
    const char *bad = "## Bad\n" META1 "Q?\n\n> B.\n";
    assert_int_equal(cp_deck_add_text(deck, "b.md", bad, strlen(bad), &err), CP_OK);
    assert_int_equal(cp_deck_count(deck), 1);
    assert_true(cp_deck_diag_count(deck) > 0);
    cp_deck_free(deck);
}

/* Option tags come off the choice's text; without one the text is as it was. */
static void test_option_tags(void **state)
{
    (void)state;
    cp_deck *deck = parse("## t1\n" META1 "Which one?\n\n"
                          "- [x] A Compute Savings Plan {Savings Plans}\n"
                          "- [ ] **Reserved** Instances   {  Reserved Instances }\n"
                          "- [ ] Plain f{x}\n"
                          "- [ ] Amazon GuardDuty {GuardDuty}\n\n"
                          "> Savings Plans; the others are wrong.\n");
    assert_int_equal(cp_deck_diag_count(deck), 0);
    const cp_card *c = cp_deck_card(deck, 0);
    assert_string_equal(c->choices[0].text, "A Compute Savings Plan");
    assert_string_equal(c->choices[0].tag, "Savings Plans");
    assert_string_equal(c->choices[1].text, "\x02" "Reserved" "\x03" " Instances");
    assert_string_equal(c->choices[1].tag, "Reserved Instances");
    assert_string_equal(c->choices[2].text, "Plain f{x}");
    assert_string_equal(c->choices[2].tag, "");
    assert_string_equal(c->choices[3].tag, "GuardDuty");
    assert_string_equal(c->contrast, "");
    cp_deck_free(deck);

    /* Each bad tag at its choice's line; the card is left out. */
    deck = parse("## t2\n" META1 "Which one?\n\n"
                 "- [x] Alpha {}\n"
                 "- [ ] Beta {**bold**}\n"
                 "- [ ] Gamma {aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n"
                 "- [ ] {Delta}\n\n"
                 "> Alpha.\n");
    assert_int_equal(cp_deck_count(deck), 0);
    expect_diag(deck, 6, "empty option tag");
    expect_diag(deck, 7, "plain text");
    expect_diag(deck, 8, "longer than 48");
    expect_diag(deck, 9, "empty choice");
    cp_deck_free(deck);
}

#define FLASH2 "domain: 2; task: 2.3; type: flashcard; difficulty: medium"

static void test_contrast_cards(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/confusion/contrasts.md", getenv("CP_FIXTURES"));
    const char *paths[] = {path};
    cp_deck *deck = NULL;
    assert_int_equal(cp_deck_load(paths, 1, &deck, NULL), CP_OK);
    assert_int_equal(cp_deck_diag_count(deck), 0);
    assert_int_equal(cp_deck_count(deck), 3);
    assert_string_equal(cp_deck_card(deck, 0)->choices[1].tag, "Reserved Instances");
    assert_string_equal(cp_deck_card(deck, 1)->contrast, "Amazon GuardDuty, Amazon Inspector");
    assert_string_equal(cp_deck_card(deck, 2)->contrast, "Savings Plans, Reserved Instances");
    cp_deck_free(deck);

    deck = parse("## c1\n" FLASH2 "; contrast: GuardDuty, Amazon GuardDuty, Macie, , Widgets\n\n"
                 "GuardDuty or Inspector?\n\n> GuardDuty finds threats.\n\n"
                 "## c2\n" FLASH2 "; contrast: GuardDuty\n\nGuardDuty?\n\n> Threats.\n\n"
                 "## c3\ndomain: 2; task: 2.3; type: single; difficulty: easy; contrast: GuardDuty, Inspector\n\n"
                 "Which one?\n\n- [ ] Alpha\n- [x] Beta\n- [ ] Gamma\n- [ ] Delta\n\n> Beta.\n\n"
                 "## c4\n" FLASH2 "; contrast: savings plans, Reserved-Instances\n\n"
                 "Savings Plans or Reserved Instances?\n\n"
                 "> Savings Plans commit to a spend; Reserved Instances to a configuration.\n");
    /* Only the concept card is valid: names match whatever their case and hyphens. */
    assert_int_equal(cp_deck_count(deck), 1);
    assert_string_equal(cp_deck_card(deck, 0)->id, "c4");
    expect_diag(deck, 2, "'Amazon GuardDuty' is given twice");
    expect_diag(deck, 2, "'Macie' is not named");
    expect_diag(deck, 2, "empty contrast member");
    expect_diag(deck, 2, "'Widgets' is not named");
    expect_diag(deck, 9, "at least two");
    expect_diag(deck, 16, "contrast is for flashcards");
    cp_deck_free(deck);

    /* The one-line difference is short. */
    char text[1024];
    char line[256];
    memset(line, 'x', 201);
    line[201] = '\0';
    snprintf(text, sizeof text, "## c5\n" FLASH2 "; contrast: GuardDuty, Inspector\n\n"
             "GuardDuty or Inspector?\n\n> %s\n>\n> GuardDuty finds threats.\n", line);
    deck = parse(text);
    assert_int_equal(cp_deck_count(deck), 0);
    expect_diag(deck, 1, "at most 200 characters, found 201");
    cp_deck_free(deck);
    line[200] = '\0';
    snprintf(text, sizeof text, "## c5\n" FLASH2 "; contrast: GuardDuty, Inspector\n\n"
             "GuardDuty or Inspector?\n\n> %s\n>\n> GuardDuty finds threats.\n", line);
    deck = parse(text);
    assert_int_equal(cp_deck_count(deck), 1);
    cp_deck_free(deck);
}

static void test_service_named_and_fold(void **state)
{
    (void)state;
    long gd = cp_blueprint_service_named("Amazon GuardDuty");
    assert_true(gd >= 0);
    assert_string_equal(cp_blueprint_service(gd)->name, "Amazon GuardDuty");
    assert_int_equal(cp_blueprint_service_named("GuardDuty"), gd);
    assert_int_equal(cp_blueprint_service_named("  amazon   guardduty "), gd);
    assert_int_equal(cp_blueprint_service_named("AWS GuardDuty"), gd);
    assert_true(cp_blueprint_service_named("IAM Identity Center") != cp_blueprint_service_named("IAM"));
    assert_int_equal(cp_blueprint_service_named("Savings Plans"), -1);
    assert_int_equal(cp_blueprint_service_named(""), -1);
    assert_int_equal(cp_blueprint_service_named(NULL), -1);
    char out[64];
    assert_int_equal(cp_text_fold("  Savings-Plans\x02 x\x03 ", out, sizeof out), 15);
    assert_string_equal(out, "savings plans x");
    cp_text_fold("abcdef", out, 4);
    assert_string_equal(out, "abc");
}

CP_TEST_MAIN(NULL, NULL,
             {
                 cmocka_unit_test(test_example_deck_loads_every_field),
                 cmocka_unit_test(test_code_spans_and_entities),
                 cmocka_unit_test(test_missing_and_invalid_id),
                 cmocka_unit_test(test_duplicate_id_across_files),
                 cmocka_unit_test(test_metadata_errors),
                 cmocka_unit_test(test_reviewed_month),
                 cmocka_unit_test(test_choice_rules),
                 cmocka_unit_test(test_empty_parts_and_structure),
                 cmocka_unit_test(test_invalid_utf8_is_reported_and_card_skipped),
                 cmocka_unit_test(test_hostile_inputs_do_not_crash),
                 cmocka_unit_test(test_directory_load_and_missing_path),
                 cmocka_unit_test(test_service_mentions_and_coverage),
                 cmocka_unit_test(test_blueprint_apportion),
                 cmocka_unit_test(test_add_text_error_record),
                 cmocka_unit_test(test_out_of_memory_is_reported),
                 cmocka_unit_test(test_out_of_memory_while_loading),
                 cmocka_unit_test(test_option_tags),
                 cmocka_unit_test(test_contrast_cards),
                 cmocka_unit_test(test_service_named_and_fold),
             })
