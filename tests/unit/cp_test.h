/* Helpers shared by every cmocka test (tests/unit, tests/ui): a temporary
 * data directory, the field-by-field memory comparison, small decks from
 * text, store and SQLite shortcuts, files, and running the real binary.
 * Compiled once (cp_test.c) into a library that cp_add_test links into
 * every test. Including this header includes cmocka (with the headers it
 * needs first); helpers that check something fail the test with a message
 * that names what went wrong. */
#ifndef CP_TEST_H
#define CP_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "cloudprep/deck.h"
#include "cloudprep/exam.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/store.h"

/* main() for a test file: the tests listed in braces (cmocka_unit_test(f),
 * cp_test_in_dir(f), ...) run as one group, with the group's setup and
 * teardown (NULL: none). */
#define CP_TEST_MAIN(group_setup, group_teardown, ...) \
    int main(void) \
    { \
        const struct CMUnitTest tests[] = __VA_ARGS__; \
        return cmocka_run_group_tests(tests, group_setup, group_teardown); \
    }

/* ---- the temporary data directory --------------------------------------- */

/* The test's data directory: made empty by cp_test_dir_setup under $TMPDIR
 * (default /tmp), removed with everything in it (read-only parts too) by
 * cp_test_dir_teardown. Both are cmocka setup/teardown functions. */
extern char cp_test_dir[256];
int cp_test_dir_setup(void **state);
int cp_test_dir_teardown(void **state);
#define cp_test_in_dir(f) \
    cmocka_unit_test_setup_teardown(f, cp_test_dir_setup, cp_test_dir_teardown)
/* cp_test_dir/name (a static buffer: the next call overwrites it). */
const char *cp_test_path(const char *name);

/* The same by hand: a new directory $TMPDIR/cp-TAG-XXXXXX into out (false
 * when it cannot be made), and the removal of a whole tree. */
bool cp_test_mkdtemp(char *out, size_t size, const char *tag);
bool cp_test_rmtree(const char *path);

/* ---- files and the environment ------------------------------------------ */

/* A whole file (a NUL follows its bytes); *size gets its length. Free it. */
unsigned char *cp_test_read_file(const char *path, size_t *size);
void cp_test_write_file(const char *path, const void *data, size_t size);
/* $CP_FIXTURES/rel (tests/fixtures/rel without it); a static buffer. */
const char *cp_test_fixture_path(const char *rel);

/* ---- card memories ------------------------------------------------------- */

/* Every field of two memories equal (field by field: padding bytes in a
 * returned struct are not data); the assertion names the caller's line. */
bool cp_test_same_memory(const cp_memory *a, const cp_memory *b);
void cp_test_assert_same_memory(const cp_memory *a, const cp_memory *b, const char *file, int line);
#define assert_same_memory(a, b) cp_test_assert_same_memory((a), (b), __FILE__, __LINE__)
/* A card in Review, different in every field for each k (stability and
 * difficulty not whole numbers), as a store round trip would see it. */
cp_memory cp_test_memory(int k);

/* ---- decks from text ----------------------------------------------------- */

/* Markdown grown piece by piece for a generated deck. */
typedef struct cp_test_text {
    char *s;
    size_t n, cap;
} cp_test_text;
void cp_test_append(cp_test_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends one valid card: task "1.1" (its domain is the first digit),
 * type "flashcard", "single" (4 choices, B right) or "multi" (5 choices, A
 * and B right), difficulty "easy", "medium" or "hard", the id (and the
 * heading) from a printf format. */
void cp_test_card(cp_test_text *t, const char *task, const char *type, const char *difficulty,
                  const char *id_fmt, ...) __attribute__((format(printf, 5, 6)));
void cp_test_text_free(cp_test_text *t);
/* Cards given as a table: each appended with cp_test_card. */
typedef struct cp_test_card_spec {
    const char *id, *task, *type, *difficulty;
} cp_test_card_spec;
void cp_test_cards(cp_test_text *t, const cp_test_card_spec *cards, size_t n);

/* Parses text as the file "test.md" into a new deck that must hold exactly
 * `cards` cards (CP_TEST_ANY: any number); the parser's diagnostics are
 * printed when it does not. Free it with cp_deck_free. */
#define CP_TEST_ANY SIZE_MAX
cp_deck *cp_test_deck(const char *text, size_t cards);
/* The same from generated text, which it frees. */
cp_deck *cp_test_deck_take(cp_test_text *t, size_t cards);
/* A deck of exactly the n cards of a table. */
cp_deck *cp_test_deck_of(const cp_test_card_spec *cards, size_t n);

/* The deck at path (a file or a folder) from cp_deck_load; fails the test
 * with the loader's message when it cannot be read. */
cp_deck *cp_test_load_deck(const char *path);
/* The bundled decks' folder: $CP_DECKS, else decks. */
const char *cp_test_decks_path(void);

/* A synthetic item bank for the exam, score, readiness and plan tests,
 * built without the deck parser: per_domain[d] question cards in domain
 * d+1 (every fifth a multi with 5 choices, 2 correct; the others single
 * with 4 choices, 1 correct; difficulty cycling easy, medium, hard) plus
 * one flashcard per domain, which a form must never use. Free it with
 * cp_test_bank_free. */
typedef struct cp_test_bank {
    cp_card *cards;
    const cp_card **ptrs;
    char (*ids)[32];
    size_t n;
    cp_exam_bank bank;
} cp_test_bank;
cp_test_bank cp_test_bank_make(const int per_domain[CP_DOMAINS]);
void cp_test_bank_free(cp_test_bank *b);

/* A form built from the bank (cp_exam_build); fails the test with the
 * error when it cannot be. */
cp_exam_form cp_test_form(const cp_test_bank *b, const cp_exam_form_desc *desc, cp_rng *rng);
/* A generator seeded with seed. */
cp_rng cp_test_rng(uint64_t seed);

/* ---- the progress store -------------------------------------------------- */

/* A test's own store and deck: the fixture, with its cards filled in, is
 * the test's initial state (cp_test_with_store(test, &fixture)); the setup
 * makes cp_test_dir, opens the store there and parses the cards into the
 * deck, and the test gets the fixture as its state. */
typedef struct cp_test_fixture {
    const cp_test_card_spec *cards;
    size_t n_cards;
    cp_store *store;
    cp_deck *deck;
} cp_test_fixture;
int cp_test_fixture_setup(void **state);
int cp_test_fixture_teardown(void **state);
#define cp_test_with_store(f, fixture) \
    cmocka_unit_test_prestate_setup_teardown(f, cp_test_fixture_setup, cp_test_fixture_teardown, \
                                             fixture)

/* Opens the store in dir (not exclusive); fails the test with the store's
 * message when it cannot. */
cp_store *cp_test_store_open(const char *dir);
/* A drill answer of card at `at`: the card was New, afterwards in Review
 * due a day later (stability 1, difficulty 5). */
cp_review cp_test_review(const char *card, cp_time at, int rating);
/* Records r; fails the test with the store's message when it cannot.
 * Returns the log row's id. */
int64_t cp_test_record(cp_store *store, const cp_review *r);
/* Records cp_test_review(card, at, rating). */
int64_t cp_test_add_review(cp_store *store, const char *card, cp_time at, int rating);
/* The one value of a query (its first column, first row) on the SQLite
 * database at path, opened read-only; the text is a static buffer. */
int64_t cp_test_sql_int(const char *path, const char *sql);
const char *cp_test_sql_text(const char *path, const char *sql);

/* ---- the real binary ----------------------------------------------------- */

/* The cloudprep binary under test (CP_BINARY); skips the test without one. */
const char *cp_test_binary(void);
/* Runs a shell command line; out gets what it printed on standard output
 * (NUL-terminated, cut to size). Returns its exit status, -1 when it did
 * not exit (a signal). */
int cp_test_run(const char *cmd, char *out, size_t size);

#endif
