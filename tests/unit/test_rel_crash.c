/* Crash test: the real binary (CP_BINARY) drills the bundled decks under
 * Xvfb, driven by an input script, and is killed with SIGKILL:
 *
 *   - after N answers, while it sits idle (N = 1, 4, 9, 15): on reopening,
 *     exactly those N answers are in the review log;
 *   - while it answers as fast as it can, the moment K answers are seen on
 *     disk and at spread-out times after the first, so the kill lands inside
 *     an answer's transaction: every answer seen before the kill is kept;
 *   - during its very first start, before or while it creates the database:
 *     the next start must work.
 *
 * After every kill the real app is started again on the same data (it must
 * open it and exit 0), SQLite's integrity check must pass, and the card
 * states must match a replay of the log through FSRS: each row's `before`
 * is the card's state after its previous row, its `after` is what
 * cp_fsrs_next gives for the row's time and rating with the app's
 * parameters, and the stored memory is the last `after`.
 *
 * Skipped when Xvfb is not installed. */
#include "cp_test.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cloudprep/fsrs.h"
#include "cloudprep/settings.h"
#include "cloudprep/store.h"

typedef struct ctx {
    pid_t xvfb;
    char display[32];
    const char *binary, *decks;
    char tmp[128];
    int runs;
} ctx;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
    struct timespec ts = {(time_t)(ms / 1000.0), (long)((ms - (double)(time_t)(ms / 1000.0) * 1000.0) * 1e6)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- Xvfb and the app ------------------------------------------------------- */

static int group_setup(void **state)
{
    static ctx c;
    memset(&c, 0, sizeof c);
    c.binary = getenv("CP_BINARY");
    c.decks = getenv("CP_DECKS");
    if (!c.binary || !c.decks || !cp_test_mkdtemp(c.tmp, sizeof c.tmp, "crash-test"))
        return -1;
    *state = &c;
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    c.xvfb = fork();
    if (c.xvfb == 0) {
        dup2(fds[1], 3);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM);   /* never outlive the test */
        execlp("Xvfb", "Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp",
               (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    /* Xvfb writes the display number it picked, then a newline. */
    char buf[32] = "";
    size_t n = 0;
    struct pollfd p = {.fd = fds[0], .events = POLLIN};
    double until = now_ms() + 20000;
    while (n < sizeof buf - 1 && !strchr(buf, '\n') && now_ms() < until) {
        if (poll(&p, 1, 200) <= 0)
            continue;
        ssize_t got = read(fds[0], buf + n, sizeof buf - 1 - n);
        if (got <= 0)
            break;
        n += (size_t)got;
        buf[n] = '\0';
    }
    close(fds[0]);
    if (!strchr(buf, '\n')) {
        kill(c.xvfb, SIGKILL);
        waitpid(c.xvfb, NULL, 0);
        c.xvfb = 0;     /* no Xvfb: every test skips */
        return 0;
    }
    snprintf(c.display, sizeof c.display, ":%d", atoi(buf));
    return 0;
}

static int group_teardown(void **state)
{
    ctx *c = *state;
    if (c->xvfb > 0) {
        kill(c->xvfb, SIGTERM);
        waitpid(c->xvfb, NULL, 0);
    }
    return cp_test_rmtree(c->tmp) ? 0 : -1;
}

static void need_display(const ctx *c)
{
    if (!c->xvfb)
        skip();
}

/* Writes an input script and returns its path (static buffer). */
static const char *write_script(ctx *c, const char *name, int answers, int wait_between_ms, int wait_after_ms)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s.script", c->tmp, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "key d\n");
    for (int i = 0; i < answers; i++) {
        /* One answer of any card type: pick A and submit (a question), or
         * flip and rate Good (a flashcard); then on to the next card. */
        fprintf(f, "key a\nkey enter\nkey enter\n");
        if (wait_between_ms)
            fprintf(f, "wait %d\n", wait_between_ms);
    }
    if (wait_after_ms)
        fprintf(f, "wait %d\n", wait_after_ms);
    fprintf(f, "quit\n");
    fclose(f);
    return path;
}

static pid_t start_app(ctx *c, const char *data_dir, const char *script)
{
    char log[256];
    snprintf(log, sizeof log, "%s/app-%d.log", c->tmp, ++c->runs);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        setenv("DISPLAY", c->display, 1);
        setenv("SDL_VIDEODRIVER", "x11", 1);
        setenv("SDL_AUDIODRIVER", "dummy", 1);
        /* In a sanitizer build, leave leak checking to the dummy-driver
         * tests: Xlib and libdbus keep allocations to the end of the
         * process, which LeakSanitizer reports (memory and UB errors still
         * fail the run). */
        char asan[512];
        const char *old = getenv("ASAN_OPTIONS");
        snprintf(asan, sizeof asan, "%s%sdetect_leaks=0", old ? old : "", old && *old ? ":" : "");
        setenv("ASAN_OPTIONS", asan, 1);
        execl(c->binary, "cloudprep", "--data-dir", data_dir, "--decks", c->decks, "--script", script,
              (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void print_log(const ctx *c)
{
    char log[256], line[512];
    snprintf(log, sizeof log, "%s/app-%d.log", c->tmp, c->runs);
    FILE *f = fopen(log, "r");
    while (f && fgets(line, sizeof line, f))
        print_message("  app: %s", line);
    if (f)
        fclose(f);
}

/* Answers on disk now, read the way any other process would (-1: no
 * database or no log table yet). */
static int64_t reviews_on_disk(const char *data_dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/progress.db", data_dir);
    if (access(path, F_OK) != 0)
        return -1;
    sqlite3 *db = NULL;
    int64_t n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM review_log", -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW)
                n = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
    sqlite3_close(db);
    return n;
}

/* Polls until `want` answers are on disk; fails if the app exits first or
 * nothing happens for 60 s (a generous bound for a slow CI machine, not a
 * speed requirement). Returns the count seen. */
static int64_t wait_for_reviews(const ctx *c, pid_t pid, const char *data_dir, int64_t want)
{
    double until = now_ms() + 60000;
    for (;;) {
        int64_t n = reviews_on_disk(data_dir);
        if (n >= want)
            return n;
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            print_log(c);
            fail_msg("the app exited (status %d) with %lld answers on disk, before %lld", status,
                     (long long)n, (long long)want);
        }
        if (now_ms() > until) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            print_log(c);
            fail_msg("only %lld of %lld answers after 60 s", (long long)n, (long long)want);
        }
        sleep_ms(2);
    }
}

static void kill_app(pid_t pid)
{
    int status = 0;
    assert_int_equal(kill(pid, SIGKILL), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    /* It must have died of the kill, not exited on its own before. */
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

/* ---- what must hold after a kill ---------------------------------------------- */

enum { MAX_CARDS = 256 };

typedef struct replay {
    cp_fsrs_params params;
    size_t n_cards;
    char ids[MAX_CARDS][128];
    cp_memory memory[MAX_CARDS];
    int64_t rows;
    cp_time last_at;
    int64_t last_id;
    char problem[400];
} replay;

static cp_memory *memory_of(replay *r, const char *id)
{
    for (size_t i = 0; i < r->n_cards; i++)
        if (strcmp(r->ids[i], id) == 0)
            return &r->memory[i];
    if (r->n_cards == MAX_CARDS)
        return NULL;
    snprintf(r->ids[r->n_cards], sizeof r->ids[0], "%s", id);
    r->memory[r->n_cards] = (cp_memory){0};
    return &r->memory[r->n_cards++];
}

static void replay_row(void *ctx_, const cp_review *row)
{
    replay *r = ctx_;
    if (r->problem[0])
        return;
    cp_memory *m = memory_of(r, row->card_id);
    if (!m) {
        snprintf(r->problem, sizeof r->problem, "more than %d cards", MAX_CARDS);
        return;
    }
    if (row->id <= r->last_id || row->at < r->last_at || row->rating < CP_AGAIN || row->rating > CP_EASY ||
        strcmp(row->mode, "drill") != 0) {
        snprintf(r->problem, sizeof r->problem, "log row %lld (%s) out of order or malformed",
                 (long long)row->id, row->card_id);
        return;
    }
    if (!cp_test_same_memory(&row->before, m)) {
        snprintf(r->problem, sizeof r->problem,
                 "log row %lld (%s): `before` is not the state after the card's previous answer",
                 (long long)row->id, row->card_id);
        return;
    }
    cp_memory next = cp_fsrs_next(&r->params, m, row->at, (cp_rating)row->rating,
                                  cp_fsrs_fuzz_seed(row->card_id, m->reps));
    if (!cp_test_same_memory(&row->after, &next)) {
        snprintf(r->problem, sizeof r->problem,
                 "log row %lld (%s): `after` differs from FSRS on the row's time and rating",
                 (long long)row->id, row->card_id);
        return;
    }
    *m = next;
    r->rows++;
    r->last_at = row->at;
    r->last_id = row->id;
}

static void check_memory(void *ctx_, const char *id, const cp_memory *stored)
{
    replay *r = ctx_;
    if (r->problem[0])
        return;
    for (size_t i = 0; i < r->n_cards; i++)
        if (strcmp(r->ids[i], id) == 0) {
            if (!cp_test_same_memory(stored, &r->memory[i]))
                snprintf(r->problem, sizeof r->problem, "card %s: stored state differs from the replay", id);
            r->ids[i][0] = '\0';    /* seen */
            return;
        }
    snprintf(r->problem, sizeof r->problem, "card %s has a state but no answer in the log", id);
}

/* Reopens DATA_DIR with the real app, then checks the database; returns
 * the number of answers in the log. */
static int64_t check_after_kill(ctx *c, const char *data_dir)
{
    /* The real app opens it again (the kernel dropped the dead one's lock). */
    pid_t pid = start_app(c, data_dir, write_script(c, "reopen", 0, 0, 0));
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        print_log(c);
        fail_msg("reopening after the kill: status %d", status);
    }

    char path[300];
    snprintf(path, sizeof path, "%s/progress.db", data_dir);
    assert_string_equal(cp_test_sql_text(path, "PRAGMA integrity_check"), "ok");

    cp_store *store = cp_test_store_open(data_dir);
    cp_error err = {0};
    static replay r;
    memset(&r, 0, sizeof r);
    /* The app's parameters: FSRS defaults with the learner's settings. */
    cp_settings settings;
    cp_settings_default(&settings);
    assert_int_equal(cp_settings_load(store, &settings, &err), CP_OK);
    cp_fsrs_default_params(&r.params);
    r.params.desired_retention = settings.desired_retention;
    r.params.enable_short_term = settings.short_term;
    assert_int_equal(cp_store_each_review(store, 0, replay_row, &r, &err), CP_OK);
    if (!r.problem[0])
        assert_int_equal(cp_store_each_memory(store, check_memory, &r, &err), CP_OK);
    cp_store_close(store);
    if (r.problem[0])
        fail_msg("%s", r.problem);
    for (size_t i = 0; i < r.n_cards; i++)
        if (r.ids[i][0])
            fail_msg("card %s was answered but has no stored state", r.ids[i]);
    return r.rows;
}

/* ---- the tests ------------------------------------------------------------------ */

static void test_killed_after_n_answers(void **state)
{
    ctx *c = *state;
    need_display(c);
    static const int counts[] = {1, 4, 9, 15};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        int n = counts[k];
        char data[256];
        snprintf(data, sizeof data, "%s/after-%d", c->tmp, n);
        /* N answers, then the app sits in a long wait: idle when killed. */
        pid_t pid = start_app(c, data, write_script(c, "after", n, 20, 120000));
        wait_for_reviews(c, pid, data, n);
        sleep_ms(300);
        int64_t seen = reviews_on_disk(data);
        kill_app(pid);
        assert_int_equal(seen, n);
        assert_int_equal(check_after_kill(c, data), n);
        print_message("killed after %d answers: all %d in the log, states match the replay\n", n, n);
    }
}

static void test_killed_while_answering(void **state)
{
    ctx *c = *state;
    need_display(c);
    /* Kill the moment K answers are on disk (the app is already on the
     * next ones), and at spread-out delays after the first answer. */
    static const int at_count[] = {2, 6, 11};
    static const int after_ms[] = {0, 7, 19, 43, 91, 157};
    size_t runs = sizeof at_count / sizeof at_count[0] + sizeof after_ms / sizeof after_ms[0];
    for (size_t k = 0; k < runs; k++) {
        char data[256];
        snprintf(data, sizeof data, "%s/while-%zu", c->tmp, k);
        pid_t pid = start_app(c, data, write_script(c, "burst", 20, 0, 120000));
        int64_t seen;
        if (k < 3) {
            seen = wait_for_reviews(c, pid, data, at_count[k]);
        } else {
            wait_for_reviews(c, pid, data, 1);
            sleep_ms(after_ms[k - 3]);
            seen = reviews_on_disk(data);
        }
        kill_app(pid);
        int64_t kept = check_after_kill(c, data);
        if (kept < seen)
            fail_msg("%lld answers were on disk before the kill, %lld after", (long long)seen,
                     (long long)kept);
        print_message("killed while answering: %lld on disk before, %lld kept, states match\n",
                      (long long)seen, (long long)kept);
    }
}

static void test_killed_during_first_start(void **state)
{
    ctx *c = *state;
    need_display(c);
    static const int after_ms[] = {0, 2, 5, 9, 14, 20, 30, 45, 70, 110};
    for (size_t k = 0; k < sizeof after_ms / sizeof after_ms[0]; k++) {
        char data[256];
        snprintf(data, sizeof data, "%s/first-%zu", c->tmp, k);
        pid_t pid = start_app(c, data, write_script(c, "first", 0, 0, 120000));
        sleep_ms(after_ms[k]);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        /* Whatever the kill left, the next start works and is empty. */
        assert_int_equal(check_after_kill(c, data), 0);
    }
    print_message("killed during the first start at 10 points: the next start always works\n");
}

CP_TEST_MAIN(group_setup, group_teardown,
             {
                 cmocka_unit_test(test_killed_after_n_answers),
                 cmocka_unit_test(test_killed_while_answering),
                 cmocka_unit_test(test_killed_during_first_start),
             })
