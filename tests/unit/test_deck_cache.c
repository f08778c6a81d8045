/* The parsed-deck cache (cp_deck_load_cached): a deck from the cache is the
 * deck the Markdown gives, card for card and diagnostic for diagnostic; a
 * cache made from other files (changed, added, removed, renamed, or given
 * by another path) is not used; a damaged one (bytes flipped, cut short,
 * grown, resealed with a right checksum over wrong records, thousands of
 * random mutations) is refused without a crash and written anew; and a
 * deck file changed too recently for its times to be trusted is not
 * cached. Each allocation failing in turn gives the Markdown's deck or
 * CP_ERR_NOMEM, never a crash. */
#include "cp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if CP_TEST_POSIX
#include <fcntl.h>    /* AT_FDCWD */
#include <sys/stat.h> /* utimensat */
#include <time.h>     /* struct timespec */
#endif

#include "cloudprep/blueprint.h"
#include "cloudprep/common.h"
#include "cloudprep/platform.h"
#include "core/deck_impl.h"
#include "unit/alloc_fail.h"

static char decks[300], cache[300]; /* in cp_test_dir */

#define META(d, t) "domain: " d "; task: " t "; type: single; difficulty: medium\n\n"
#define CARD(id, d, t) \
    "## " id "\n" META(d, t) "Which **one** is `right`?\n\n- [ ] Alpha\n- [x] Beta\n" \
                             "- [ ] Gamma\n- [ ] Delta\n\n> Beta, *because*.\n\n"
#define FLASH(id) \
    "## " id "\ndomain: 4; task: 4.1; type: flashcard; difficulty: easy\n\nFront.\n\n> Back.\n\n"

static void write_text(const char *path, const char *text)
{
    cp_test_write_file(path, text, strlen(text));
}

static void path_in(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", decks, name);
}

/* Waits until the file system's clock is past every deck file's times by
 * the cache's margin (2 s), so that the next load may write the cache. */
static void let_files_settle(void)
{
    char probe[400];
    snprintf(probe, sizeof probe, "%s", cp_test_path("probe"));
    cp_file_info st;
    int64_t target = 0;
    const char *names[] = {"a.md", "sub/b.md", "sub", "c.md"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[400];
        path_in(p, sizeof p, names[i]);
        if (cp_platform_stat(p, &st) == 0)
            target = st.changed_ns > target ? st.changed_ns : target;
    }
    for (;;) {
        write_text(probe, "x");
        assert_int_equal(cp_platform_stat(probe, &st), 0);
        if (st.changed_ns > target + 2100 * 1000 * 1000)
            break;
        cp_platform_sleep_ms(50);
    }
    cp_platform_remove(probe);
}

static int group_setup(void **state)
{
    if (cp_test_dir_setup(state) != 0)
        return -1;
    snprintf(decks, sizeof decks, "%s", cp_test_path("decks"));
    snprintf(cache, sizeof cache, "%s", cp_test_path("decks.cache"));
    char p[400];
    assert_int_equal(cp_platform_mkdir(decks), 0);
    path_in(p, sizeof p, "sub");
    assert_int_equal(cp_platform_mkdir(p), 0);
    path_in(p, sizeof p, "a.md");
    /* Three good cards, one with an error (a diagnostic, its id left out)
     * and a flashcard. */
    write_text(p,
               "# Deck A\n\n" CARD("a-one", "1", "1.1") CARD(
                   "a-two", "2",
                   "2.1") "## a-bad\ndomain: 9; task: 1.1; type: single; difficulty: easy\n\nQ?\n\n"
                          "- [x] A\n- [ ] B\n\n> A.\n\n" FLASH("a-flash")
                              CARD("a-three", "3", "3.2"));
    path_in(p, sizeof p, "sub/b.md");
    /* A duplicate id of a.md, and a good card. */
    write_text(p, CARD("b-one", "4", "4.2") CARD("a-one", "1", "1.1"));
    path_in(p, sizeof p, "notes.txt");
    write_text(p, "not a deck");
    let_files_settle();
    return 0;
}

/* Each test starts without a cache (the deck files are the group's, and
 * only the last test changes them). */
static int setup(void **state)
{
    (void)state;
    cp_platform_remove(cache);
    return 0;
}

/* ---- comparing decks -------------------------------------------------------- */

static void same_string(const char *a, const char *b)
{
    if (!a || !b)
        assert_true(a == b);
    else
        assert_string_equal(a, b);
}

typedef struct ids {
    char v[64][64];
    size_t n;
} ids;

static void collect(void *ctx, const char *id, const char *file, uint32_t line)
{
    ids *l = ctx;
    assert_true(l->n < 64);
    snprintf(l->v[l->n++], 64, "%s %s %u", id, file, line);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void assert_same_deck(const cp_deck *a, const cp_deck *b)
{
    assert_int_equal(cp_deck_count(a), cp_deck_count(b));
    assert_int_equal(cp_deck_file_count(a), cp_deck_file_count(b));
    assert_int_equal(cp_deck_invalid_count(a), cp_deck_invalid_count(b));
    for (size_t i = 0; i < cp_deck_count(a); i++) {
        const cp_card *x = cp_deck_card(a, i), *y = cp_deck_card(b, i);
        same_string(x->id, y->id);
        same_string(x->file, y->file);
        same_string(x->tags, y->tags);
        same_string(x->ref, y->ref);
        same_string(x->stem, y->stem);
        same_string(x->answer, y->answer);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->domain, y->domain);
        assert_int_equal(x->task, y->task);
        assert_int_equal(x->type, y->type);
        assert_int_equal(x->difficulty, y->difficulty);
        assert_int_equal(x->reviewed, y->reviewed);
        assert_int_equal(x->n_choices, y->n_choices);
        for (size_t k = 0; k < x->n_choices; k++) {
            same_string(x->choices[k].text, y->choices[k].text);
            assert_int_equal(x->choices[k].correct, y->choices[k].correct);
            assert_int_equal(x->choices[k].line, y->choices[k].line);
        }
        assert_int_equal(cp_deck_find(b, x->id), (long)i);
    }
    assert_int_equal(cp_deck_diag_count(a), cp_deck_diag_count(b));
    for (size_t i = 0; i < cp_deck_diag_count(a); i++) {
        const cp_diag *x = cp_deck_diag(a, i), *y = cp_deck_diag(b, i);
        assert_string_equal(x->file, y->file);
        assert_int_equal(x->line, y->line);
        assert_string_equal(x->message, y->message);
    }
    ids ua = {0}, ub = {0};
    cp_deck_each_unkept(a, collect, &ua);
    cp_deck_each_unkept(b, collect, &ub);
    assert_int_equal(ua.n, ub.n);
    qsort(ua.v, ua.n, sizeof ua.v[0], cmp_id);
    qsort(ub.v, ub.n, sizeof ub.v[0], cmp_id);
    for (size_t i = 0; i < ua.n; i++)
        assert_string_equal(ua.v[i], ub.v[i]);
}

/* Loads through the cache and checks it against a plain parse; returns
 * whether the deck came from the cache. */
static bool load_and_compare(const char *const *paths, size_t n)
{
    cp_deck *plain = NULL, *cached = NULL;
    cp_error e1 = {0}, e2 = {0};
    cp_status s1 = cp_deck_load(paths, n, &plain, &e1);
    bool from = true;
    cp_status s2 = cp_deck_load_cached(paths, n, cache, &cached, &from, &e2);
    assert_int_equal(s1, s2);
    assert_same_deck(plain, cached);
    cp_deck_free(plain);
    cp_deck_free(cached);
    return from;
}

static bool cache_exists(void)
{
    return cp_platform_exists(cache);
}

/* ---- the tests ------------------------------------------------------------------ */

static void cache_gives_the_parsed_deck(void **state)
{
    (void)state;
    const char *paths[] = {decks};
    assert_false(load_and_compare(paths, 1)); /* parsed, then written */
    assert_true(cache_exists());
    assert_true(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));
    cp_deck *d = NULL;
    bool from = false;
    assert_int_equal(cp_deck_load_cached(paths, 1, cache, &d, &from, NULL), CP_OK);
    assert_true(from);
    assert_int_equal(cp_deck_count(d), 5);
    assert_int_equal(cp_deck_invalid_count(d), 2);
    assert_true(cp_deck_diag_count(d) >= 2);
    assert_true(cp_deck_id_seen(d, "a-bad", NULL, NULL));
    assert_int_equal(cp_deck_find(d, "a-bad"), -1);
    assert_int_equal(cp_deck_find(d, "nope"), -1);
    cp_deck_free(d);
    /* No cache named: a plain load that writes nothing. */
    assert_int_equal(cp_platform_remove(cache), 0);
    assert_int_equal(cp_deck_load_cached(paths, 1, NULL, &d, &from, NULL), CP_OK);
    assert_false(from);
    assert_int_equal(cp_deck_count(d), 5);
    cp_deck_free(d);
    assert_int_equal(cp_deck_load_cached(paths, 1, "", &d, &from, NULL), CP_OK);
    cp_deck_free(d);
    assert_false(cache_exists());
    /* The bundled decks: real cards, styles and all. */
    const char *bundled[] = {cp_test_decks_path()};
    assert_non_null(bundled[0]);
    assert_false(load_and_compare(bundled, 1));
    assert_true(load_and_compare(bundled, 1));
    /* Two paths, a file given directly. */
    char a[400];
    path_in(a, sizeof a, "a.md");
    const char *two[] = {a, bundled[0]};
    assert_false(load_and_compare(two, 2));
    assert_true(load_and_compare(two, 2));
    /* A path that cannot be read: the loader's error, nothing cached. */
    assert_int_equal(cp_platform_remove(cache), 0);
    const char *missing[] = {"/nonexistent/decks"};
    cp_error err = {0};
    assert_int_equal(cp_deck_load_cached(missing, 1, cache, &d, &from, &err), CP_ERR_IO);
    assert_false(from);
    assert_true(err.message[0] != '\0');
    assert_true(cp_deck_diag_count(d) > 0);
    cp_deck_free(d);
    assert_false(cache_exists());
}

static void stale_cache_is_not_used(void **state)
{
    (void)state;
    const char *paths[] = {decks};
    char a[400], b[400], c[400];
    path_in(a, sizeof a, "a.md");
    path_in(b, sizeof b, "sub/b.md");
    path_in(c, sizeof c, "c.md");
    assert_false(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));

    /* A card added (another size). */
    write_text(b, CARD("b-one", "4", "4.2") CARD("b-two", "1", "1.2"));
    let_files_settle();
    assert_false(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));

    /* The same size, another text, its old modification time put back
     * (where a test can: POSIX): the status-change time still tells. */
#if CP_TEST_POSIX
    struct stat before;
    assert_int_equal(stat(b, &before), 0);
#endif
    write_text(b, CARD("b-one", "4", "4.2") CARD("b-six", "1", "1.2"));
#if CP_TEST_POSIX
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, b, times, 0), 0);
#endif
    let_files_settle();
    assert_false(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));
    cp_deck *d = NULL;
    assert_int_equal(cp_deck_load_cached(paths, 1, cache, &d, NULL, NULL), CP_OK);
    assert_true(cp_deck_find(d, "b-six") >= 0);
    assert_int_equal(cp_deck_find(d, "b-two"), -1);
    cp_deck_free(d);

    /* A file added, then removed. */
    write_text(c, FLASH("c-one"));
    let_files_settle();
    assert_false(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));
    assert_int_equal(cp_platform_remove(c), 0);
    let_files_settle();
    assert_false(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));

    /* The same decks by another path. */
    char other[400];
    snprintf(other, sizeof other, "%s/../decks", decks);
    const char *others[] = {other};
    assert_false(load_and_compare(others, 1));
    assert_true(load_and_compare(others, 1));
    assert_false(load_and_compare(paths, 1));

    /* A file changed just now is parsed but not cached: its times could
     * still hide a change within the same clock tick. */
    write_text(a, CARD("a-one", "1", "1.1"));
    assert_false(load_and_compare(paths, 1));
    assert_false(load_and_compare(paths, 1));
    let_files_settle();
    assert_false(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));
}

typedef struct blob {
    unsigned char *data;
    size_t size;
} blob;

static blob read_blob(const char *path)
{
    blob b = {0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    b.size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    b.data = malloc(b.size ? b.size : 1);
    assert_int_equal(fread(b.data, 1, b.size, f), b.size);
    fclose(f);
    return b;
}

static void write_blob(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* The cache at `cache` is refused: the deck is parsed (and equal to the
 * Markdown's), and the cache is whole again afterwards. */
static void assert_refused(const char *const *paths)
{
    assert_false(load_and_compare(paths, 1));
    assert_true(load_and_compare(paths, 1));
}

static void damaged_cache_is_rebuilt(void **state)
{
    (void)state;
    const char *paths[] = {decks};
    assert_false(load_and_compare(paths, 1));
    blob good = read_blob(cache);
    assert_true(good.size > sizeof(cp_deck_cache_header));
    unsigned char *bad = malloc(good.size + 64);
    /* A byte flipped anywhere: the checksum (or the header) refuses it. */
    for (size_t at = 0; at < good.size; at += at < 256 ? 1 : 61) {
        memcpy(bad, good.data, good.size);
        bad[at] ^= (unsigned char)(1u << (at % 8));
        write_blob(cache, bad, good.size);
        assert_refused(paths);
    }
    /* Cut short, empty, grown. */
    size_t cuts[] = {0,
                     1,
                     7,
                     sizeof(cp_deck_cache_header) - 1,
                     sizeof(cp_deck_cache_header),
                     good.size / 2,
                     good.size - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_blob(cache, good.data, cuts[i]);
        assert_refused(paths);
    }
    memcpy(bad, good.data, good.size);
    memset(bad + good.size, 0, 64);
    write_blob(cache, bad, good.size + 64);
    assert_refused(paths);
    /* Garbage of the right size. */
    for (size_t i = 0; i < good.size; i++)
        bad[i] = (unsigned char)(i * 131 + 7);
    write_blob(cache, bad, good.size);
    assert_refused(paths);
    /* A directory where the cache goes: no cache, no crash, the deck. */
    assert_int_equal(cp_platform_remove(cache), 0);
    assert_int_equal(cp_platform_mkdir(cache), 0);
    assert_false(load_and_compare(paths, 1));
    assert_false(load_and_compare(paths, 1));
    assert_int_equal(cp_platform_remove(cache), 0);
    free(bad);
    free(good.data);
}

/* Writes `b` as the cache with its checksum made right again. */
static void write_sealed(blob b)
{
    cp_deck_cache_header h;
    if (b.size >= sizeof h) {
        memcpy(&h, b.data, sizeof h);
        h.checksum = 0;
        memcpy(b.data, &h, sizeof h);
        h.checksum = cp_deck_cache_checksum(b.data, b.size);
        memcpy(b.data, &h, sizeof h);
    }
    write_blob(cache, b.data, b.size);
}

/* A resealed cache whose records are wrong: each is refused. */
static void sealed_but_wrong_is_refused(void **state)
{
    (void)state;
    const char *paths[] = {decks};
    assert_false(load_and_compare(paths, 1));
    blob good = read_blob(cache);
    blob b = {malloc(good.size), good.size};
    cp_deck_cache_header h;
    memcpy(&h, good.data, sizeof h);
    /* Resealing the good one changes nothing: it is used. */
    memcpy(b.data, good.data, b.size);
    write_sealed(b);
    assert_true(load_and_compare(paths, 1));

    enum {
        FIELD_ID,
        FIELD_DOMAIN,
        FIELD_TASK,
        FIELD_TYPE,
        FIELD_CHOICES,
        FIELD_CORRECT,
        FIELD_STEM,
        FIELD_DUPLICATE,
        FIELD_STRINGS_END,
        FIELD_N_CARDS,
        FIELD_OFF_CARDS,
        FIELD_N_STRINGS,
        FIELD_FILE_SIZE,
        FIELD_VERSION,
        FIELD_CODE,
        FIELD_SOURCE_SIZE,
        FIELD_PATH,
        FIELD_DIAG_TEXT,
        FIELD_N_FILES,
        FIELDS
    };
    for (int field = 0; field < FIELDS; field++) {
        memcpy(b.data, good.data, b.size);
        cp_deck_cache_header *hh = (cp_deck_cache_header *)b.data;
        cp_deck_cache_card *cards = (cp_deck_cache_card *)(b.data + h.off_cards);
        cp_deck_cache_source *src = (cp_deck_cache_source *)(b.data + h.off_sources);
        cp_deck_cache_note *diags = (cp_deck_cache_note *)(b.data + h.off_diags);
        uint32_t *rpaths = (uint32_t *)(b.data + h.off_paths);
        switch (field) {
        case FIELD_ID: cards[1].id = (uint32_t)h.n_strings; break;
        case FIELD_DOMAIN: cards[0].domain = 5; break;
        case FIELD_TASK: /* a task of another domain */
            for (int t = 0; t < CP_TASKS; t++)
                if (cp_blueprint_task(t)->domain != cards[0].domain)
                    cards[0].task = t;
            break;
        case FIELD_TYPE: cards[0].type = 3; break;
        case FIELD_CHOICES: cards[0].n_choices = CP_MAX_CHOICES + 1; break;
        case FIELD_CORRECT: cards[0].correct = 0x3; break; /* single with two right */
        case FIELD_STEM: cards[2].stem = CP_DECK_CACHE_NO_STRING; break;
        case FIELD_DUPLICATE: cards[1].id = cards[0].id; break;
        case FIELD_STRINGS_END: b.data[h.off_strings + h.n_strings - 1] = 'x'; break;
        case FIELD_N_CARDS: hh->n_cards = UINT64_MAX / 4; break;
        case FIELD_OFF_CARDS: hh->off_cards += 4; break;
        case FIELD_N_STRINGS: hh->n_strings = b.size; break;
        case FIELD_FILE_SIZE: hh->file_size += 8; break;
        case FIELD_VERSION: hh->version++; break;
        case FIELD_CODE: hh->code[0] ^= 1; break;
        case FIELD_SOURCE_SIZE: src[0].size++; break;
        case FIELD_PATH: rpaths[0] = cards[0].id; break;
        case FIELD_DIAG_TEXT: diags[0].file = CP_DECK_CACHE_NO_STRING; break;
        case FIELD_N_FILES: hh->n_files = 0; break;
        }
        write_sealed(b);
        assert_refused(paths);
    }

    /* Random mutations of the records and header, resealed: whatever is
     * accepted must be a deck that can be used (valgrind and the sanitizer
     * builds watch every read). */
    enum { ROUNDS = 1500 };
    uint64_t rng = 12345;
    size_t accepted = 0;
    for (int round = 0; round < ROUNDS; round++) {
        memcpy(b.data, good.data, b.size);
        int flips = 1 + (int)(round % 4);
        for (int k = 0; k < flips; k++) {
            rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
            size_t span = b.size - h.off_sources; /* the records, mostly */
            size_t at = (rng >> 33) % 5 == 0 ? (size_t)((rng >> 20) % sizeof h)
                                             : h.off_sources + (size_t)((rng >> 20) % span);
            b.data[at] ^= (unsigned char)(rng >> 56 | 1);
        }
        write_sealed(b);
        cp_deck *d = NULL;
        bool from = false;
        assert_int_equal(cp_deck_load_cached(paths, 1, cache, &d, &from, NULL), CP_OK);
        accepted += from;
        for (size_t i = 0; i < cp_deck_count(d); i++) {
            const cp_card *c = cp_deck_card(d, i);
            assert_true(c->domain >= 1 && c->domain <= CP_DOMAINS);
            assert_int_equal(cp_blueprint_task(c->task)->domain, c->domain);
            assert_true(c->n_choices <= CP_MAX_CHOICES);
            assert_true(strlen(c->id) + strlen(c->file) + strlen(c->stem) + strlen(c->answer) +
                            strlen(c->tags) + strlen(c->ref) >
                        0);
            for (size_t k = 0; k < c->n_choices; k++)
                assert_true(strlen(c->choices[k].text) < b.size);
            assert_int_equal(cp_deck_find(d, c->id), (long)i);
        }
        for (size_t i = 0; i < cp_deck_diag_count(d); i++)
            assert_true(strlen(cp_deck_diag(d, i)->message) < sizeof cp_deck_diag(d, i)->message);
        cp_deck_free(d);
    }
    /* Most mutations break something the checks see; a few only change a
     * line number or a padding byte. */
    assert_true(accepted < ROUNDS / 2);
    free(b.data);
    free(good.data);
}

/* Each allocation failing in turn: the deck (from the cache or parsed) or
 * CP_ERR_NOMEM with a message; never a crash or a leak. */
static void allocation_failures(void **state)
{
    (void)state;
    const char *paths[] = {decks};
    for (int warm = 0; warm < 2; warm++) {
        for (long n = 1;; n++) {
            /* Cold: no cache; warm: a whole one (a failure may have left
             * it unwritten). */
            if (!warm && cache_exists())
                assert_int_equal(cp_platform_remove(cache), 0);
            if (warm && !cache_exists())
                assert_false(load_and_compare(paths, 1));
            cp_deck *d = NULL;
            cp_error err = {0};
            alloc_arm(n, false);
            cp_status s = cp_deck_load_cached(paths, 1, cache, &d, NULL, &err);
            long used = alloc_count;
            alloc_arm(0, false);
            if (s == CP_ERR_NOMEM)
                assert_true(err.message[0] != '\0');
            else
                assert_int_equal(s, CP_OK);
            cp_deck_free(d);
            if (n > used)
                break; /* no allocation was left to fail */
        }
    }
}

/* The deck files are made once, in cp_test_dir, for the whole group. */
CP_TEST_MAIN(group_setup, cp_test_dir_teardown,
             {
                 cmocka_unit_test_setup(cache_gives_the_parsed_deck, setup),
                 cmocka_unit_test_setup(damaged_cache_is_rebuilt, setup),
                 cmocka_unit_test_setup(sealed_but_wrong_is_refused, setup),
                 cmocka_unit_test_setup(allocation_failures, setup),
                 cmocka_unit_test_setup(stale_cache_is_not_used, setup), /* changes the files */
             })
