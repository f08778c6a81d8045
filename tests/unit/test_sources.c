/* Sources: the bank is found in the order (--decks, the variable,
 * the install beside the binary under any prefix, the source tree of a
 * build-tree binary, never the current directory), and the learner's own
 * decks load after it without hiding any of it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* chdir, getcwd */

#include "cloudprep/platform.h"
#include "cloudprep/sources.h"

static char root[512];

static void mkdirs(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(cp_platform_mkdirs(path), 0);
}

static void write_file(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *at(const char *rel)
{
    static char buf[64][1024];     /* a ring: enough for one test's paths */
    static int next;
    char *b = buf[next++ % 64];
    snprintf(b, sizeof buf[0], "%s/%s", root, rel);
    return b;
}

#define CARD(id, dom, task)                                                           \
    "## " id "\ndomain: " dom "; task: " task "; type: flashcard; difficulty: easy\n\n" \
    "Front of " id "\n\n> Back of " id "\n\n"

static int setup(void **state)
{
    (void)state;
    if (!cp_platform_temp_dir("sources", root, sizeof root))
        return -1;
    /* An install under /usr-like prefix, a build tree with its source, a
     * learner's data directory. */
    mkdirs("prefix/bin");
    mkdirs("prefix/share/cloudprep/decks/clf-c02");
    mkdirs("prefix/share/icons/hicolor/64x64/apps");
    write_file("prefix/share/cloudprep/decks/clf-c02/a.md", CARD("bank-a", "1", "1.1") CARD("bank-b", "2", "2.1"));
    write_file("prefix/share/icons/hicolor/64x64/apps/cloudprep.png", "png");
    mkdirs("src/decks");
    mkdirs("src/assets/icons/hicolor/64x64/apps");
    write_file("src/decks/s.md", CARD("src-a", "3", "3.1"));
    write_file("src/assets/icons/hicolor/64x64/apps/cloudprep.png", "png");
    mkdirs("src/build");
    mkdirs("elsewhere");
    mkdirs("cwd/decks");
    write_file("cwd/decks/c.md", CARD("cwd-a", "4", "4.1"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return cp_platform_remove_tree(root) ? 0 : -1;
}

static void test_option_then_env(void **state)
{
    (void)state;
    cp_install in = {.exe_dir = at("prefix/bin"), .data_rel = "../share"};
    cp_source s;
    cp_error err = {0};
    assert_int_equal(cp_sources_bank(&in, "/x/opt", "/x/env", &s, &err), CP_OK);
    assert_int_equal(s.kind, CP_SOURCE_OPTION);
    assert_string_equal(s.path, "/x/opt");
    /* Taken as given even where nothing exists: loading says what is wrong. */
    assert_int_equal(cp_sources_bank(&in, NULL, "/x/env", &s, &err), CP_OK);
    assert_int_equal(s.kind, CP_SOURCE_ENV);
    assert_string_equal(s.path, "/x/env");
    assert_int_equal(cp_sources_bank(&in, "", "", &s, &err), CP_OK);
    assert_int_equal(s.kind, CP_SOURCE_INSTALLED);
}

/* The install is found from the binary's directory, under any prefix. */
static void test_installed_beside_binary_any_prefix(void **state)
{
    (void)state;
    cp_source s;
    cp_error err = {0};
    cp_install in = {.exe_dir = at("prefix/bin"), .data_rel = "../share",
                     .build_dir = at("src/build"), .source_dir = at("src")};
    assert_int_equal(cp_sources_bank(&in, NULL, NULL, &s, &err), CP_OK);
    assert_int_equal(s.kind, CP_SOURCE_INSTALLED);
    assert_string_equal(s.path, at("prefix/share/cloudprep/decks"));

    /* Moved: the same tree elsewhere works the same (and is put back for
     * the tests after this one). */
    assert_int_equal(cp_platform_rename(at("prefix"), at("moved")), 0);
    in.exe_dir = at("moved/bin");
    assert_int_equal(cp_sources_bank(&in, NULL, NULL, &s, &err), CP_OK);
    assert_int_equal(s.kind, CP_SOURCE_INSTALLED);
    assert_string_equal(s.path, at("moved/share/cloudprep/decks"));
    assert_int_equal(cp_platform_rename(at("moved"), at("prefix")), 0);
}

/* The source tree only for the binary in its own build directory (also
 * through another path to it); a copy elsewhere is told what to do. */
static void test_source_tree_only_for_build_tree_binary(void **state)
{
    (void)state;
#if !CP_TEST_POSIX
    skip(); /* symlink() and the lexical tidying of '/' paths are POSIX's */
#else
    cp_source s;
    cp_error err = {0};
    cp_install in = {.exe_dir = at("src/build"), .data_rel = "../share",
                     .build_dir = at("src/build"), .source_dir = at("src")};
    assert_int_equal(cp_sources_bank(&in, NULL, NULL, &s, &err), CP_OK);
    assert_int_equal(s.kind, CP_SOURCE_BUILD);
    assert_string_equal(s.path, at("src/decks"));

    assert_int_equal(symlink(at("src/build"), at("link")), 0);
    in.exe_dir = at("link");
    assert_int_equal(cp_sources_bank(&in, NULL, NULL, &s, &err), CP_OK);
    assert_int_equal(s.kind, CP_SOURCE_BUILD);

    in.exe_dir = at("elsewhere");
    assert_int_equal(cp_sources_bank(&in, NULL, NULL, &s, &err), CP_ERR_NOT_FOUND);
    assert_string_equal(err.file, at("share/cloudprep/decks"));    /* elsewhere/../share */
    assert_non_null(strstr(err.message, "--decks DIR"));
    assert_non_null(strstr(err.message, "CLOUDPREP_DECKS"));
#endif
}

/* Never the current directory, whatever it holds. */
static void test_never_the_current_directory(void **state)
{
    (void)state;
    char old[1024];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(at("cwd")), 0);
    cp_source s;
    cp_error err = {0};
    cp_install none = {0};
    assert_int_equal(cp_sources_bank(&none, NULL, NULL, &s, &err), CP_ERR_NOT_FOUND);
    assert_non_null(strstr(err.message, "--decks DIR"));
    assert_int_equal(cp_sources_bank(NULL, NULL, NULL, &s, &err), CP_ERR_NOT_FOUND);
    cp_install in = {.exe_dir = at("elsewhere"), .data_rel = "../share"};
    assert_int_equal(cp_sources_bank(&in, NULL, NULL, &s, &err), CP_ERR_NOT_FOUND);
    assert_int_equal(chdir(old), 0);
}

static void test_assets(void **state)
{
    (void)state;
    const char *icon = "icons/hicolor/64x64/apps/cloudprep.png";
    char path[1024];
    cp_install in = {.exe_dir = at("prefix/bin"), .data_rel = "../share"};
    assert_true(cp_sources_asset(&in, icon, path, sizeof path));
    assert_string_equal(path, at("prefix/share/icons/hicolor/64x64/apps/cloudprep.png"));
    /* A data directory further up, through "." and "..": the same file. */
    cp_install up = {.exe_dir = at("prefix/bin/x/./y"), .data_rel = "../../../share"};
    mkdirs("prefix/bin/x/y");
    assert_true(cp_sources_asset(&up, icon, path, sizeof path));
    assert_string_equal(path, at("prefix/share/icons/hicolor/64x64/apps/cloudprep.png"));
    cp_install b = {.exe_dir = at("src/build"), .data_rel = "../share", .build_dir = at("src/build"),
                    .source_dir = at("src")};
    assert_true(cp_sources_asset(&b, icon, path, sizeof path));
    assert_string_equal(path, at("src/assets/icons/hicolor/64x64/apps/cloudprep.png"));
    b.exe_dir = at("elsewhere");
    assert_false(cp_sources_asset(&b, icon, path, sizeof path));
    assert_string_equal(path, "");
    assert_false(cp_sources_asset(&in, "icons/none.png", path, sizeof path));
}

/* The learner's decks load after the bank: their good cards join it, a
 * duplicate of a bank id and a broken card are the learner's problems with
 * file:line, and the bank keeps every card. */
static void test_learner_decks_beside_the_bank(void **state)
{
    (void)state;
    mkdirs("data/decks/mine");
    write_file("data/decks/mine/m.md",
               CARD("mine-good", "3", "3.2")
               CARD("bank-a", "1", "1.1")                      /* line 8: duplicate of the bank */
               "## mine-broken\ndomain: 2; type: flashcard; difficulty: easy\n\nFront\n\n> Back\n\n"   /* line 16: no task */
               CARD("mine-wrong-task", "1", "2.1"));           /* line 23: task not in domain */
    write_file("data/decks/notes.txt", "not a deck");
    cp_source src[2];
    cp_error err = {0};
    cp_install in = {.exe_dir = at("prefix/bin"), .data_rel = "../share"};
    assert_int_equal(cp_sources_bank(&in, NULL, NULL, &src[0], &err), CP_OK);
    assert_true(cp_sources_learner(at("data"), &src[1]));
    assert_string_equal(src[1].path, at("data/decks"));
    assert_int_equal(src[1].kind, CP_SOURCE_LEARNER);

    cp_deck *deck = NULL;
    assert_int_equal(cp_sources_load(src, 2, &deck, &err), CP_OK);
    assert_int_equal(cp_deck_count(deck), 3);
    assert_int_equal(src[0].cards, 2);
    assert_int_equal(src[0].files, 1);
    assert_int_equal(src[0].n_diags, 0);
    assert_int_equal(src[1].cards, 1);
    assert_int_equal(src[1].files, 1);
    assert_int_equal(src[1].skipped, 3);
    assert_int_equal(src[1].first_diag, 0);
    assert_true(src[1].n_diags >= 3);
    assert_false(src[1].absent);
    /* The bank's card is the bank's, the learner's comes after it. */
    long a = cp_deck_find(deck, "bank-a");
    assert_true(a >= 0 && a < 2);
    assert_non_null(strstr(cp_deck_card(deck, (size_t)a)->file, "prefix/"));
    assert_int_equal(cp_deck_find(deck, "mine-good"), 2);
    assert_int_equal(cp_deck_card(deck, 2)->domain, 3);
    assert_int_equal(cp_deck_find(deck, "mine-broken"), -1);
    bool dup = false, task = false, wrong = false;
    for (size_t i = src[1].first_diag; i < src[1].first_diag + src[1].n_diags; i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        assert_string_equal(g->file, at("data/decks/mine/m.md"));
        dup |= g->line == 8 && strstr(g->message, "duplicate id 'bank-a'") != NULL;
        task |= g->line == 16 && strstr(g->message, "missing metadata key 'task'") != NULL;
        wrong |= g->line == 23 && strstr(g->message, "not in domain") != NULL;
    }
    assert_true(dup);
    assert_true(task);
    assert_true(wrong);
    cp_deck_free(deck);
}

static void test_learner_without_decks_and_a_missing_bank(void **state)
{
    (void)state;
    cp_source src[2];
    cp_error err = {0};
    assert_int_equal(cp_sources_bank(NULL, at("no-such-bank"), NULL, &src[0], &err), CP_OK);
    assert_true(cp_sources_learner(at("fresh-learner"), &src[1]));
    cp_deck *deck = NULL;
    /* The bank's failure is the caller's; a learner with no decks is none. */
    assert_int_equal(cp_sources_load(src, 2, &deck, &err), CP_ERR_IO);
    assert_string_equal(err.file, at("no-such-bank"));
    assert_true(src[1].absent);
    assert_int_equal(src[1].cards + src[1].files + src[1].n_diags, 0);
    cp_deck_free(deck);

#if CP_TEST_POSIX
    /* A learner's file that cannot be read is a diagnostic, not a failure. */
    mkdirs("data2/decks");
    assert_int_equal(symlink(at("nowhere.md"), at("data2/decks/gone.md")), 0);
    assert_int_equal(cp_sources_bank(NULL, at("prefix/share/cloudprep/decks"), NULL, &src[0], &err), CP_OK);
    assert_true(cp_sources_learner(at("data2"), &src[1]));
    memset(&err, 0, sizeof err);
    assert_int_equal(cp_sources_load(src, 2, &deck, &err), CP_OK);
    assert_string_equal(err.message, "");
    assert_int_equal(src[0].cards, 2);
    assert_int_equal(src[1].cards, 0);
    assert_int_equal(src[1].n_diags, 1);
    assert_string_equal(cp_deck_diag(deck, src[1].first_diag)->file, at("data2/decks/gone.md"));
    cp_deck_free(deck);
#endif
    assert_false(cp_sources_learner(NULL, &src[1]));
}

/* The bank through the parsed-deck cache gives what cp_sources_load
 * gives: the same cards in the same order, the same counts per source and
 * the same diagnostics, the learner's decks parsed beside it (a duplicate
 * of a bank id found against the bank's cards from the cache too); first
 * parsed, then, once the files are old enough to be cached, from the
 * cache. */
static void test_cached_bank_loads_as_parsed(void **state)
{
    (void)state;
    mkdirs("data3/decks");
    write_file("data3/decks/m.md", CARD("mine-good", "3", "3.2") CARD("bank-a", "1", "1.1"));
    cp_source plain[2], cached[2];
    cp_error err = {0};
    assert_int_equal(cp_sources_bank(NULL, at("prefix/share/cloudprep/decks"), NULL, &plain[0],
                                     &err),
                     CP_OK);
    assert_true(cp_sources_learner(at("data3"), &plain[1]));
    memcpy(cached, plain, sizeof plain);
    cp_deck *want = NULL;
    assert_int_equal(cp_sources_load(plain, 2, &want, &err), CP_OK);
    assert_int_equal(cp_deck_count(want), 3);
    assert_int_equal(plain[1].skipped, 1);
    char cache[1024];
    snprintf(cache, sizeof cache, "%s", at("data3/decks.cache"));
    bool from = false;
    int loads = 0;
    while (!from) {
        /* The cache is written only for files older than its 2 s margin. */
        assert_true(++loads < 400);
        cp_deck *got = NULL;
        assert_int_equal(cp_sources_load_cached(cached, 2, cache, &got, &from, &err), CP_OK);
        for (int i = 0; i < 2; i++) {
            assert_int_equal(cached[i].cards, plain[i].cards);
            assert_int_equal(cached[i].files, plain[i].files);
            assert_int_equal(cached[i].skipped, plain[i].skipped);
            assert_int_equal(cached[i].first_diag, plain[i].first_diag);
            assert_int_equal(cached[i].n_diags, plain[i].n_diags);
            assert_int_equal(cached[i].absent, plain[i].absent);
        }
        assert_int_equal(cp_deck_count(got), cp_deck_count(want));
        for (size_t i = 0; i < cp_deck_count(want); i++) {
            assert_string_equal(cp_deck_card(got, i)->id, cp_deck_card(want, i)->id);
            assert_string_equal(cp_deck_card(got, i)->file, cp_deck_card(want, i)->file);
        }
        assert_int_equal(cp_deck_diag_count(got), cp_deck_diag_count(want));
        for (size_t i = 0; i < cp_deck_diag_count(want); i++) {
            assert_string_equal(cp_deck_diag(got, i)->file, cp_deck_diag(want, i)->file);
            assert_int_equal(cp_deck_diag(got, i)->line, cp_deck_diag(want, i)->line);
            assert_string_equal(cp_deck_diag(got, i)->message, cp_deck_diag(want, i)->message);
        }
        cp_deck_free(got);
        if (!from)
            cp_platform_sleep_ms(50);
    }
    assert_true(cp_platform_exists(cache));
    cp_deck_free(want);
}

/* The platform tells where this very test binary is. */
static void test_exe_dir(void **state)
{
    (void)state;
    char dir[1024], self[1100];
    assert_true(cp_platform_exe_dir(dir, sizeof dir));
    assert_true(cp_platform_is_absolute(dir));
    assert_true(cp_platform_exe_path(self, sizeof self));
    assert_true(cp_platform_exists(self));
    assert_memory_equal(self, dir, strlen(dir));
    assert_non_null(strstr(self + strlen(dir), "test_sources"));
    assert_false(cp_platform_exe_dir(dir, 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_option_then_env),
        cmocka_unit_test(test_installed_beside_binary_any_prefix),
        cmocka_unit_test(test_source_tree_only_for_build_tree_binary),
        cmocka_unit_test(test_never_the_current_directory),
        cmocka_unit_test(test_assets),
        cmocka_unit_test(test_learner_decks_beside_the_bank),
        cmocka_unit_test(test_learner_without_decks_and_a_missing_bank),
        cmocka_unit_test(test_cached_bank_loads_as_parsed),
        cmocka_unit_test(test_exe_dir),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
