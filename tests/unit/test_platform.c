/* The platform module (platform.h) on the system it runs on: Linux here,
 * Windows under Wine (tools/windows/test). Temporary folders and removing a
 * tree (a read-only file and a nested folder in it), mkdir -p, "rename only
 * if the name is free", a file's version moving with a write and with a
 * replacement, listing a folder, and UTF-8 names that come back as they went
 * in (on Windows they cross the wide-character API both ways). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cloudprep/platform.h"

static char dir[1024];

static int setup(void **state)
{
    (void)state;
    return cp_platform_temp_dir("platform-test", dir, sizeof dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return cp_platform_remove_tree(dir) ? 0 : -1;
}

static const char *in_dir(const char *name)
{
    static char path[2][1200];
    static int which;
    which = !which;
    snprintf(path[which], sizeof path[which], "%s/%s", dir, name);
    return path[which];
}

static void write_text(const char *path, const char *text)
{
    FILE *f = cp_platform_fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void read_text(const char *path, char *out, size_t size)
{
    FILE *f = cp_platform_fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(out, 1, size - 1, f);
    out[n] = '\0';
    fclose(f);
}

static void temp_dirs_and_tree_removal(void **state)
{
    (void)state;
    char a[1024], b[1024];
    assert_true(cp_platform_temp_dir("platform-x", a, sizeof a));
    assert_true(cp_platform_temp_dir("platform-x", b, sizeof b));
    assert_string_not_equal(a, b);
    assert_non_null(strstr(a, "cp-platform-x-"));
    cp_file_info info;
    assert_int_equal(cp_platform_stat(a, &info), 0);
    assert_true(info.is_dir);
    /* A tree with a nested folder and a read-only file goes whole. */
    char sub[1100], file[1200];
    snprintf(sub, sizeof sub, "%s/one/two", a);
    assert_int_equal(cp_platform_mkdirs(sub), 0);
    snprintf(file, sizeof file, "%s/kept.txt", sub);
    write_text(file, "x");
    assert_int_equal(chmod(file, 0400), 0);
    assert_true(cp_platform_remove_tree(a));
    assert_false(cp_platform_exists(a));
    assert_true(cp_platform_remove_tree(b));
    /* Nothing there: nothing to do. */
    assert_true(cp_platform_remove_tree(a));
}

static void mkdirs_and_errors(void **state)
{
    (void)state;
    assert_int_equal(cp_platform_mkdirs(in_dir("a/b/c")), 0);
    assert_int_equal(cp_platform_mkdirs(in_dir("a/b/c")), 0); /* there already */
    cp_file_info info;
    assert_int_equal(cp_platform_stat(in_dir("a/b"), &info), 0);
    assert_true(info.is_dir);
    write_text(in_dir("file"), "x");
    assert_int_equal(cp_platform_mkdirs(in_dir("file")), -1); /* a file of that name */
    assert_int_equal(errno, EEXIST);
    assert_int_equal(cp_platform_mkdir(in_dir("a")), -1);
    assert_int_equal(errno, EEXIST);
    assert_int_equal(cp_platform_stat(in_dir("none"), &info), -1);
    assert_int_equal(errno, ENOENT);
    assert_null(cp_platform_fopen(in_dir("none/x"), "rb"));
    assert_int_equal(cp_platform_remove(in_dir("none")), -1);
    assert_true(cp_platform_is_absolute(dir));
    assert_false(cp_platform_is_absolute("decks"));
    assert_false(cp_platform_is_absolute("./decks"));
}

static void rename_only_if_free(void **state)
{
    (void)state;
    write_text(in_dir("new"), "mine");
    write_text(in_dir("taken"), "theirs");
    assert_int_equal(cp_platform_rename_new(in_dir("new"), in_dir("taken")), -1);
    assert_int_equal(errno, EEXIST);
    char text[32];
    read_text(in_dir("taken"), text, sizeof text);
    assert_string_equal(text, "theirs"); /* theirs is kept */
    assert_true(cp_platform_exists(in_dir("new")));
    assert_int_equal(cp_platform_rename_new(in_dir("new"), in_dir("free")), 0);
    assert_false(cp_platform_exists(in_dir("new")));
    read_text(in_dir("free"), text, sizeof text);
    assert_string_equal(text, "mine");
    /* A plain rename replaces. */
    assert_int_equal(cp_platform_rename(in_dir("free"), in_dir("taken")), 0);
    read_text(in_dir("taken"), text, sizeof text);
    assert_string_equal(text, "mine");
    assert_int_equal(cp_platform_sync(in_dir("taken")), 0);
    cp_platform_sync_dir(dir);
    uint64_t free_bytes = 0;
    assert_true(cp_platform_free_bytes(dir, &free_bytes));
    assert_true(free_bytes > 0);
}

static void version_moves_with_every_change(void **state)
{
    (void)state;
    write_text(in_dir("db"), "aaaa");
    cp_file_info a, b, c, d;
    assert_int_equal(cp_platform_stat(in_dir("db"), &a), 0);
    assert_int_equal(a.size, 4);
    assert_false(a.is_dir);
    assert_int_equal(cp_platform_stat(in_dir("db"), &b), 0);
    assert_string_equal(a.version, b.version); /* untouched: the same */
    /* Rewritten in place, same size. Change times have coarse clocks on
     * some file systems: write until the version moves, a few tries. */
    bool moved = false;
    for (int i = 0; i < 200 && !moved; i++) {
        FILE *f = cp_platform_fopen(in_dir("db"), "r+b");
        assert_non_null(f);
        fputs(i % 2 ? "bbbb" : "cccc", f);
        fclose(f);
        assert_int_equal(cp_platform_stat(in_dir("db"), &c), 0);
        moved = strcmp(a.version, c.version) != 0;
    }
    assert_true(moved);
    assert_int_equal(c.size, 4);
    /* Replaced by another file of the same size. */
    write_text(in_dir("other"), "dddd");
    assert_int_equal(cp_platform_rename(in_dir("other"), in_dir("db")), 0);
    assert_int_equal(cp_platform_stat(in_dir("db"), &d), 0);
    assert_string_not_equal(c.version, d.version);
}

/* Names in several scripts, with spaces: written, listed and read back. */
static void utf8_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {"données 学习", "Übungen 日本.md", "Ωμέγα-ok.md"};
    const size_t n = sizeof names / sizeof names[0];
    assert_int_equal(cp_platform_mkdir(in_dir(names[0])), 0);
    for (size_t i = 1; i < n; i++)
        write_text(in_dir(names[i]), names[i]);
    char inner[1300];
    snprintf(inner, sizeof inner, "%s/%s/progress.db", dir, names[0]);
    write_text(inner, "inside");
    cp_file_info info;
    assert_int_equal(cp_platform_stat(inner, &info), 0);
    assert_int_equal(info.size, 6);

    bool seen[3] = {false};
    size_t entries = 0;
    cp_platform_dir *d = cp_platform_dir_open(dir);
    assert_non_null(d);
    const char *name;
    while ((name = cp_platform_dir_next(d))) {
        entries++;
        for (size_t i = 0; i < n; i++)
            seen[i] |= strcmp(name, names[i]) == 0;
    }
    cp_platform_dir_close(d);
    assert_int_equal(entries, n);
    for (size_t i = 0; i < n; i++)
        if (!seen[i])
            fail_msg("'%s' was not listed back byte for byte", names[i]);
    char text[64];
    read_text(in_dir(names[1]), text, sizeof text);
    assert_string_equal(text, names[1]);
    assert_null(cp_platform_dir_open(in_dir("none")));
}

static void process_facts(void **state)
{
    (void)state;
    char exe[1024], exe_dir[1024];
    assert_true(cp_platform_exe_path(exe, sizeof exe));
    assert_true(cp_platform_exists(exe));
    assert_non_null(strstr(exe, "test_platform"));
    assert_true(cp_platform_exe_dir(exe_dir, sizeof exe_dir));
    assert_true(strlen(exe_dir) < strlen(exe));
    assert_memory_equal(exe, exe_dir, strlen(exe_dir));
    cp_file_info info;
    assert_int_equal(cp_platform_stat(exe_dir, &info), 0);
    assert_true(info.is_dir);
    char value[1024];
    assert_true(cp_platform_getenv("CP_FIXTURES", value, sizeof value)); /* ctest sets it */
    assert_false(cp_platform_getenv("CP_SURELY_NOT_SET_ANYWHERE", value, sizeof value));
    assert_true(cp_platform_pid() > 0);
    char data[1024];
    if (cp_platform_data_dir(data, sizeof data))
        assert_non_null(strstr(data, "cloudprep"));
    double t0 = cp_platform_seconds();
    assert_true(cp_platform_seconds() >= t0);
}

static void tidy_paths(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"/usr/bin/../share/x", "/usr/share/x"},
        {"/a/./b//c/", "/a/b/c"},
        {"/a/b/../../..", "/"},
        {"/", "/"},
        {"relative/../x", "relative/../x"}, /* left alone */
#if !CP_TEST_POSIX
        {"C:\\app\\bin\\..\\data", "C:\\app\\data"},
        {"C:\\Temp/cp-x/prefix/bin/../share/decks", "C:\\Temp/cp-x/prefix/share/decks"},
        {"\\\\server\\share\\a\\..\\b", "\\\\server\\share\\b"},
        {"C:\\..", "C:\\"},
#endif
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "%s", cases[i][0]);
        cp_platform_tidy_path(path);
        assert_string_equal(path, cases[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(temp_dirs_and_tree_removal),
        cmocka_unit_test_setup_teardown(mkdirs_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(rename_only_if_free, setup, teardown),
        cmocka_unit_test_setup_teardown(version_moves_with_every_change, setup, teardown),
        cmocka_unit_test_setup_teardown(utf8_names_round_trip, setup, teardown),
        cmocka_unit_test(process_facts),
        cmocka_unit_test(tidy_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
