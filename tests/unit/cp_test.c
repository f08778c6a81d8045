/* The shared test helpers (see cp_test.h). Everything that can go wrong
 * fails the calling test through cmocka, with the reason, so a test reads
 * as the steps it takes. Temporary folders and their removal are the
 * platform module's (cp_platform_temp_dir, cp_platform_remove_tree: it
 * gives the owner back what a test took away and never follows a symbolic
 * link), so the tests run on Windows too. Running the real binary through
 * sh needs a POSIX shell (CP_TEST_POSIX, from CMake). */
#include "cp_test.h"

#include "cloudprep/platform.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if CP_TEST_POSIX
#include <sys/wait.h>
#endif

/* ---- the temporary data directory --------------------------------------- */

char cp_test_dir[256];

bool cp_test_mkdtemp(char *out, size_t size, const char *tag)
{
    return cp_platform_temp_dir(tag, out, size);
}

bool cp_test_rmtree(const char *path)
{
    return cp_platform_remove_tree(path);
}

int cp_test_dir_setup(void **state)
{
    (void)state;
    return cp_test_mkdtemp(cp_test_dir, sizeof cp_test_dir, "test") ? 0 : -1;
}

int cp_test_dir_teardown(void **state)
{
    (void)state;
    return cp_test_rmtree(cp_test_dir) ? 0 : -1;
}

const char *cp_test_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", cp_test_dir, name);
    return path;
}

/* ---- files and the environment ------------------------------------------ */

unsigned char *cp_test_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long end = ftell(f);
    assert_true(end >= 0);
    rewind(f);
    size_t n = (size_t)end;
    unsigned char *data = malloc(n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, n, f), n);
    fclose(f);
    data[n] = '\0';
    *size = n;
    return data;
}

void cp_test_write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s", path);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

const char *cp_test_fixture_path(const char *rel)
{
    static char path[1024];
    const char *root = getenv("CP_FIXTURES");
    snprintf(path, sizeof path, "%s/%s", root && *root ? root : "tests/fixtures", rel);
    return path;
}

/* ---- card memories ------------------------------------------------------- */

bool cp_test_same_memory(const cp_memory *a, const cp_memory *b)
{
    return a->due == b->due && a->last_review == b->last_review && a->stability == b->stability &&
           a->difficulty == b->difficulty && a->scheduled_days == b->scheduled_days &&
           a->reps == b->reps && a->lapses == b->lapses && a->state == b->state &&
           a->step == b->step;
}

void cp_test_assert_same_memory(const cp_memory *a, const cp_memory *b, const char *file, int line)
{
    _assert_int_equal(cast_to_largest_integral_type(a->due), cast_to_largest_integral_type(b->due),
                      file, line);
    _assert_int_equal(cast_to_largest_integral_type(a->last_review),
                      cast_to_largest_integral_type(b->last_review), file, line);
    _assert_true(a->stability == b->stability, "same stability", file, line);
    _assert_true(a->difficulty == b->difficulty, "same difficulty", file, line);
    _assert_int_equal(cast_to_largest_integral_type(a->scheduled_days),
                      cast_to_largest_integral_type(b->scheduled_days), file, line);
    _assert_int_equal(a->reps, b->reps, file, line);
    _assert_int_equal(a->lapses, b->lapses, file, line);
    _assert_int_equal(a->state, b->state, file, line);
    _assert_int_equal(a->step, b->step, file, line);
}

cp_memory cp_test_memory(int k)
{
    return (cp_memory){.due = 1700000000 + (cp_time)k * 86400,
                       .last_review = 1700000000 + k,
                       .stability = 3.17 + k,
                       .difficulty = 1.5 + (k % 850) * 0.01,
                       .scheduled_days = 3 + k,
                       .reps = (uint32_t)k + 1,
                       .lapses = (uint32_t)(k % 4),
                       .state = CP_STATE_REVIEW,
                       .step = 0};
}

/* ---- decks from text ----------------------------------------------------- */

static void append_v(cp_test_text *t, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    assert_true(n >= 0);
    if (t->n + (size_t)n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->n + (size_t)n + 1)
            cap *= 2;
        char *grown = realloc(t->s, cap);
        assert_non_null(grown);
        t->s = grown;
        t->cap = cap;
    }
    vsnprintf(t->s + t->n, t->cap - t->n, fmt, again);
    va_end(again);
    t->n += (size_t)n;
}

void cp_test_append(cp_test_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append_v(t, fmt, ap);
    va_end(ap);
}

void cp_test_card(cp_test_text *t, const char *task, const char *type, const char *difficulty,
                  const char *id_fmt, ...)
{
    char id[64];
    va_list ap;
    va_start(ap, id_fmt);
    vsnprintf(id, sizeof id, id_fmt, ap);
    va_end(ap);
    cp_test_append(t, "## %s\ndomain: %c; task: %s; type: %s; difficulty: %s\n\n", id, task[0],
                   task, type, difficulty);
    static const char *const multi =
        "Q %s? (Choose two.)\n\n- [x] A\n- [x] B\n- [ ] C\n- [ ] D\n- [ ] E\n\n> A and B.\n\n";
    if (strcmp(type, "flashcard") == 0)
        cp_test_append(t, "**Front %s**\n\n> Back %s.\n\n", id, id);
    else if (strcmp(type, "single") == 0)
        cp_test_append(t, "Q %s?\n\n- [ ] A\n- [x] B\n- [ ] C\n- [ ] D\n\n> B.\n\n", id);
    else
        cp_test_append(t, multi, id);
}

void cp_test_text_free(cp_test_text *t)
{
    free(t->s);
    *t = (cp_test_text){0};
}

void cp_test_cards(cp_test_text *t, const cp_test_card_spec *cards, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cp_test_card(t, cards[i].task, cards[i].type, cards[i].difficulty, "%s", cards[i].id);
}

cp_deck *cp_test_deck(const char *text, size_t cards)
{
    cp_deck *deck = cp_deck_new();
    assert_non_null(deck);
    cp_error err = {0};
    if (cp_deck_add_text(deck, "test.md", text, strlen(text), &err) != CP_OK)
        fail_msg("cannot parse the deck: %s", err.message);
    if (cards != CP_TEST_ANY && cp_deck_count(deck) != cards) {
        for (size_t i = 0; i < cp_deck_diag_count(deck); i++)
            print_error("%s:%u: %s\n", cp_deck_diag(deck, i)->file, cp_deck_diag(deck, i)->line,
                        cp_deck_diag(deck, i)->message);
        fail_msg("the deck has %zu cards, not %zu", cp_deck_count(deck), cards);
    }
    return deck;
}

cp_deck *cp_test_deck_take(cp_test_text *t, size_t cards)
{
    cp_deck *deck = cp_test_deck(t->s ? t->s : "", cards);
    cp_test_text_free(t);
    return deck;
}

cp_deck *cp_test_deck_of(const cp_test_card_spec *cards, size_t n)
{
    cp_test_text t = {0};
    cp_test_cards(&t, cards, n);
    return cp_test_deck_take(&t, n);
}

cp_deck *cp_test_load_deck(const char *path)
{
    cp_deck *deck = NULL;
    cp_error err = {0};
    if (cp_deck_load(&path, 1, &deck, &err) != CP_OK)
        fail_msg("cannot load the deck %s: %s", path, err.message);
    return deck;
}

const char *cp_test_decks_path(void)
{
    const char *decks = getenv("CP_DECKS");
    return decks && *decks ? decks : "decks";
}

cp_test_bank cp_test_bank_make(const int per_domain[CP_DOMAINS])
{
    static const int first_task[CP_DOMAINS] = {0, 4, 8, 16};
    size_t total = CP_DOMAINS;
    for (int d = 0; d < CP_DOMAINS; d++)
        total += (size_t)per_domain[d];
    cp_test_bank b = {.cards = calloc(total, sizeof *b.cards),
                      .ptrs = calloc(total, sizeof *b.ptrs),
                      .ids = calloc(total, sizeof *b.ids)};
    assert_true(b.cards && b.ptrs && b.ids);
    for (int d = 0; d < CP_DOMAINS; d++) {
        for (int i = 0; i <= per_domain[d]; i++) {
            cp_card *c = &b.cards[b.n];
            bool flash = i == per_domain[d];
            snprintf(b.ids[b.n], sizeof b.ids[b.n], "syn-d%d-%s%03d", d + 1, flash ? "fc" : "q", i);
            c->id = b.ids[b.n];
            c->file = "synthetic.md";
            c->line = (uint32_t)(b.n + 1);
            c->domain = d + 1;
            c->task = first_task[d];
            c->difficulty = (cp_difficulty)(i % 3);
            c->tags = "";
            c->ref = "";
            c->stem = "stem";
            c->answer = "because";
            if (flash) {
                c->type = CP_CARD_FLASHCARD;
            } else {
                bool multi = i % 5 == 4;
                c->type = multi ? CP_CARD_MULTI : CP_CARD_SINGLE;
                c->n_choices = multi ? 5 : 4;
                for (size_t k = 0; k < c->n_choices; k++) {
                    c->choices[k].text = "choice";
                    c->choices[k].correct = multi ? k == 1 || k == 3 : k == 2;
                }
            }
            b.ptrs[b.n++] = c;
        }
    }
    b.bank = (cp_exam_bank){.cards = b.ptrs, .n_cards = b.n};
    return b;
}

void cp_test_bank_free(cp_test_bank *b)
{
    free(b->cards);
    free(b->ptrs);
    free(b->ids);
    *b = (cp_test_bank){0};
}

cp_exam_form cp_test_form(const cp_test_bank *b, const cp_exam_form_desc *desc, cp_rng *rng)
{
    cp_exam_form f;
    cp_error err = {0};
    if (cp_exam_build(&b->bank, desc, rng, &f, &err) != CP_OK)
        fail_msg("cannot build a form: %s", err.message);
    return f;
}

cp_rng cp_test_rng(uint64_t seed)
{
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    return rng;
}

/* ---- the progress store -------------------------------------------------- */

cp_store *cp_test_store_open(const char *dir)
{
    cp_store *store = NULL;
    cp_error err = {0};
    if (cp_store_open(dir, NULL, &store, &err) != CP_OK)
        fail_msg("cannot open the store in %s: %s", dir, err.message);
    return store;
}

int cp_test_fixture_setup(void **state)
{
    cp_test_fixture *f = *state;
    if (cp_test_dir_setup(state) != 0)
        return -1;
    *state = f;
    f->store = cp_test_store_open(cp_test_dir);
    f->deck = cp_test_deck_of(f->cards, f->n_cards);
    return 0;
}

int cp_test_fixture_teardown(void **state)
{
    cp_test_fixture *f = *state;
    cp_store_close(f->store);
    cp_deck_free(f->deck);
    f->store = NULL;
    f->deck = NULL;
    return cp_test_dir_teardown(state);
}

cp_review cp_test_review(const char *card, cp_time at, int rating)
{
    cp_memory after = {.state = CP_STATE_REVIEW,
                       .due = at + 86400,
                       .last_review = at,
                       .stability = 1,
                       .difficulty = 5,
                       .reps = 1};
    return (cp_review){.card_id = card,
                       .at = at,
                       .rating = rating,
                       .chosen = "",
                       .mode = "drill",
                       .after = after};
}

int64_t cp_test_record(cp_store *store, const cp_review *r)
{
    int64_t id = 0;
    cp_error err = {0};
    if (cp_store_record_review(store, r, &id, &err) != CP_OK)
        fail_msg("recording an answer of %s at %lld: %s", r->card_id, (long long)r->at,
                 err.message);
    return id;
}

int64_t cp_test_add_review(cp_store *store, const char *card, cp_time at, int rating)
{
    cp_review r = cp_test_review(card, at, rating);
    return cp_test_record(store, &r);
}

/* Runs sql on the database at path and leaves its first row in *st. */
static sqlite3 *sql_row(const char *path, const char *sql, sqlite3_stmt **st)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fail_msg("cannot open %s: %s", path, sqlite3_errmsg(db));
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(*st) != SQLITE_ROW)
        fail_msg("%s: no row (%s)", sql, sqlite3_errmsg(db));
    return db;
}

int64_t cp_test_sql_int(const char *path, const char *sql)
{
    sqlite3_stmt *st;
    sqlite3 *db = sql_row(path, sql, &st);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

const char *cp_test_sql_text(const char *path, const char *sql)
{
    static char text[256];
    sqlite3_stmt *st;
    sqlite3 *db = sql_row(path, sql, &st);
    const unsigned char *v = sqlite3_column_text(st, 0);
    snprintf(text, sizeof text, "%s", v ? (const char *)v : "");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return text;
}

/* ---- the real binary ----------------------------------------------------- */

const char *cp_test_binary(void)
{
    const char *bin = getenv("CP_BINARY");
    if (!bin || !cp_platform_exists(bin))
        skip();
    return bin;
}

int cp_test_run(const char *cmd, char *out, size_t size)
{
#if !CP_TEST_POSIX
    (void)out;
    (void)size;
    fail_msg("no POSIX shell to run %s (CP_BINARY is set only where there is one)", cmd);
    return -1;
#else
    FILE *p = popen(cmd, "r");
    if (!p)
        fail_msg("cannot run %s", cmd);
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    char rest[4096];
    while (fread(rest, 1, sizeof rest, p) > 0)
        ; /* read to the end, so the command never blocks on a full pipe */
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
}
