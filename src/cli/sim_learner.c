/* The `--learner-cmd` answerer (sim_learner.h).
 *
 * CMD runs under `sh -c` with two pipes: requests go to its standard input,
 * replies come from its standard output, one JSON line each, strictly
 * request then reply. Its standard error is ours. Requests are built and
 * replies parsed with Jansson. Requests are numbered from 1 (the deck is
 * request 1), and every error names the request it happened on, shortened:
 * the deck request, hundreds of kilobytes, only by its op.
 *
 * When CMD goes away (a write fails or its output ends) it is reaped at
 * once, so that the message can say how it ended. Otherwise it is reaped
 * by cp_learner_cmd_finish: its input is closed, and it gets 10 s to exit
 * before it is killed; either way no zombie is left. SIGPIPE is ignored
 * while it runs (a write to a CMD that has exited must fail with EPIPE,
 * not kill the simulator); CMD itself starts with the disposition we had.
 * POSIX only: Windows builds sim_learner_unavailable.c instead. */
#include "cli/sim_learner.h"

#include "cloudprep/blueprint.h"

#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum {
    LABEL_MAX = 100,        /* a request in a message, at most */
    REPLY_MAX = 80,         /* a reply in a message, at most (before escaping) */
    GRACE_MS = 10000,       /* how long CMD may take to exit once its input is closed */
};

/* Jansson: compact, keys in the order they were added. */
static const size_t DUMP_FLAGS = JSON_COMPACT | JSON_PRESERVE_ORDER;

struct cp_learner_cmd {
    const cp_deck *deck;
    pid_t pid;
    int to_cmd;                 /* CMD's standard input; -1 once closed */
    FILE *from_cmd;             /* CMD's standard output; NULL once closed */
    struct sigaction old_sigpipe;
    unsigned long request;      /* number of the request last sent */
    char label[LABEL_MAX + 8];  /* that request, shortened */
    char *line;                 /* the last reply */
    size_t line_cap;
    bool reaped, killed;
    int wait_status;
    bool failed;                /* an error was reported: every later call repeats it */
    cp_error failure;
};

/* ---- the process ---------------------------------------------------------- */

/* fd moved to a number above the standard ones, close-on-exec: the child's
 * dup2 onto 0 and 1 then cannot collide with it, and no other copy of
 * either pipe leaks into CMD (it would never see its input end). */
static int high_cloexec(int fd)
{
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int saved = errno;
    close(fd);
    errno = saved;
    return moved;
}

static void close_pipes(cp_learner_cmd *c)
{
    if (c->to_cmd >= 0)
        close(c->to_cmd);
    c->to_cmd = -1;
    if (c->from_cmd)
        fclose(c->from_cmd);
    c->from_cmd = NULL;
}

/* Closes CMD's pipes and waits for it: GRACE_MS, then SIGKILL. */
static void reap(cp_learner_cmd *c)
{
    if (c->reaped)
        return;
    close_pipes(c);
    long waited_ms = 0, step_ms = 1;
    for (;;) {
        pid_t r = waitpid(c->pid, &c->wait_status, WNOHANG);
        if (r == c->pid)
            break;
        if (r < 0 && errno != EINTR) {
            c->wait_status = -1;        /* not our child any more: nothing to reap */
            break;
        }
        if (waited_ms >= GRACE_MS) {
            kill(-c->pid, SIGKILL);
            c->killed = true;
            while (waitpid(c->pid, &c->wait_status, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        struct timespec pause = {0, step_ms * 1000000L};
        nanosleep(&pause, NULL);
        waited_ms += step_ms;
        if (step_ms < 50)
            step_ms *= 2;
    }
    c->reaped = true;
}

/* "exited (status 1)", for messages. */
static void describe_end(const cp_learner_cmd *c, char *out, size_t size)
{
    int st = c->wait_status;
    if (c->killed)
        snprintf(out, size, "did not exit within %d s of its input closing and was killed",
                 GRACE_MS / 1000);
    else if (st != -1 && WIFEXITED(st))
        snprintf(out, size, "exited (status %d)", WEXITSTATUS(st));
    else if (st != -1 && WIFSIGNALED(st))
        snprintf(out, size, "was killed by signal %d (%s)", WTERMSIG(st),
                 strsignal(WTERMSIG(st)));
    else
        snprintf(out, size, "ended");
}

/* ---- messages ------------------------------------------------------------- */

/* The request as messages show it: whole when short, else cut at a comma. */
static void set_label(cp_learner_cmd *c, const char *op, const char *text)
{
    size_t len = strlen(text);
    if (strcmp(op, "deck") == 0) {
        snprintf(c->label, sizeof c->label, "{\"op\":\"deck\",...}");
    } else if (len <= LABEL_MAX) {
        snprintf(c->label, sizeof c->label, "%s", text);
    } else {
        size_t cut = LABEL_MAX - 5;
        while (cut > 0 && text[cut] != ',')
            cut--;
        snprintf(c->label, sizeof c->label, "%.*s,...}", (int)cut, text);
    }
}

/* A reply quoted for a message: a JSON-style string literal of at most
 * REPLY_MAX of its bytes (not cutting a UTF-8 sequence), "..." after. */
static void quote_reply(const char *reply, char *out, size_t size)
{
    size_t len = strlen(reply), take = len;
    if (take > REPLY_MAX) {
        take = REPLY_MAX;
        while (take > 0 && ((unsigned char)reply[take] & 0xC0) == 0x80)
            take--;
    }
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < take && n + 8 < size; i++) {
        unsigned char ch = (unsigned char)reply[i];
        if (ch == '"' || ch == '\\') {
            out[n++] = '\\';
            out[n++] = (char)ch;
        } else if (ch < 0x20 || ch == 0x7F) {
            n += (size_t)snprintf(out + n, size - n, "\\u%04x", ch);
        } else {
            out[n++] = (char)ch;
        }
    }
    out[n++] = '"';
    out[n] = '\0';
    if (take < len && n + 4 < size)
        strcat(out, "...");
}

/* The last reply, which parsed as JSON (so it has no control bytes), as
 * messages show it: as it came, cut after REPLY_MAX bytes. */
static const char *shown_reply(cp_learner_cmd *c)
{
    size_t len = strlen(c->line);
    if (len > REPLY_MAX + 3) {
        size_t cut = REPLY_MAX;
        while (cut > 0 && ((unsigned char)c->line[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(c->line + cut, "...", 4);    /* the reply is not needed any more */
    }
    return c->line;
}

/* Records the first failure; later calls repeat it. */
static cp_status fail(cp_learner_cmd *c, cp_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static cp_status fail(cp_learner_cmd *c, cp_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->failure = (cp_error){0};
    vsnprintf(c->failure.message, sizeof c->failure.message, fmt, ap);
    va_end(ap);
    c->failed = true;
    if (err)
        *err = c->failure;
    return CP_ERR_INVALID;
}

/* CMD went away before answering the current request. */
static cp_status gone(cp_learner_cmd *c, cp_error *err)
{
    reap(c);
    char how[96];
    describe_end(c, how, sizeof how);
    return fail(c, err, "the learner command %s before answering request %lu (%s)", how,
                c->request, c->label);
}

/* ---- one request, one reply ----------------------------------------------- */

static bool write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Sends request (taking it over) and reads the reply line, which must be
 * a JSON object: *reply, to json_decref. */
static cp_status ask(cp_learner_cmd *c, const char *op, json_t *request, json_t **reply,
                     cp_error *err)
{
    *reply = NULL;
    if (c->failed) {
        json_decref(request);
        if (err)
            *err = c->failure;
        return CP_ERR_INVALID;
    }
    char *text = request ? json_dumps(request, DUMP_FLAGS) : NULL;
    json_decref(request);
    c->request++;
    if (!text)
        return fail(c, err, "request %lu (%s) could not be written as JSON (out of memory, "
                    "or a card's text is not UTF-8)", c->request, op);
    set_label(c, op, text);
    bool sent = c->to_cmd >= 0 && write_all(c->to_cmd, text, strlen(text)) &&
                write_all(c->to_cmd, "\n", 1);
    free(text);
    if (!sent)
        return gone(c, err);

    errno = 0;
    ssize_t len = c->from_cmd ? getline(&c->line, &c->line_cap, c->from_cmd) : -1;
    if (len < 0) {
        if (errno && errno != EPIPE)
            return fail(c, err, "cannot read the learner command's reply to request %lu (%s): %s",
                        c->request, c->label, strerror(errno));
        return gone(c, err);
    }
    while (len > 0 && (c->line[len - 1] == '\n' || c->line[len - 1] == '\r'))
        c->line[--len] = '\0';
    json_error_t jerr;
    json_t *doc = json_loadb(c->line, (size_t)len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!doc || !json_is_object(doc)) {
        char quoted[REPLY_MAX * 6 + 8];
        quote_reply(c->line, quoted, sizeof quoted);
        json_decref(doc);
        return fail(c, err, "the learner command's reply to request %lu (%s) is not %s: %s",
                    c->request, c->label, doc ? "a JSON object" : "JSON", quoted);
    }
    *reply = doc;
    return CP_OK;
}

/* The reply's boolean `key`, which must be there. */
static cp_status reply_bool(cp_learner_cmd *c, const json_t *reply, const char *key, bool *out,
                            cp_error *err)
{
    const json_t *v = json_object_get(reply, key);
    if (!v || !json_is_boolean(v))
        return fail(c, err, "the learner command's reply to request %lu (%s) %s \"%s\" "
                    "(true or false): %s", c->request, c->label,
                    v ? "has a wrong type for" : "lacks", key, shown_reply(c));
    *out = json_is_true(v);
    return CP_OK;
}

/* deck and learner requests: {"ok":true}. */
static cp_status ask_ok(cp_learner_cmd *c, const char *op, json_t *request, cp_error *err)
{
    json_t *reply;
    bool ok = false;
    cp_status st = ask(c, op, request, &reply, err);
    if (st == CP_OK)
        st = reply_bool(c, reply, "ok", &ok, err);
    if (st == CP_OK && !ok)
        st = fail(c, err, "the learner command refused request %lu (%s): %s", c->request,
                  c->label, shown_reply(c));
    json_decref(reply);
    return st;
}

/* ---- the answerer --------------------------------------------------------- */

/* The card's tags ("vpc, nat-gateway"), one string each. */
static json_t *tag_array(const char *tags)
{
    json_t *array = json_array();
    for (const char *p = tags; array && *p;) {
        size_t skip = strspn(p, ", \t");
        p += skip;
        size_t len = strcspn(p, ", \t");
        if (len && json_array_append_new(array, json_stringn(p, len)) != 0) {
            json_decref(array);
            return NULL;
        }
        p += len;
    }
    return array;
}

static json_t *card_json(const cp_card *card)
{
    const cp_task_info *task = cp_blueprint_task(card->task);
    bool question = card->type != CP_CARD_FLASHCARD;
    /* "o" hands the tags over, even when packing fails. */
    return json_pack("{s:s, s:i, s:s, s:s, s:s, s:o, s:i, s:i}", "id", card->id, "domain",
                     card->domain, "task", task ? task->id : "", "type",
                     cp_card_type_name(card->type), "difficulty",
                     cp_difficulty_name(card->difficulty), "tags", tag_array(card->tags),
                     "options", question ? (int)card->n_choices : 0, "correct",
                     question ? (int)cp_card_correct_count(card) : 0);
}

static cp_status on_deck(void *ctx, const cp_deck *deck, cp_error *err)
{
    cp_learner_cmd *c = ctx;
    json_t *cards = json_array();
    for (size_t i = 0; cards && i < cp_deck_count(deck); i++) {
        json_t *card = card_json(cp_deck_card(deck, i));
        if (!card || json_array_append_new(cards, card) != 0) {
            json_decref(cards);
            cards = NULL;
        }
    }
    json_t *request = cards ? json_pack("{s:s, s:o}", "op", "deck", "cards", cards) : NULL;
    return ask_ok(c, "deck", request, err);
}

/* JSON integers are exact in every reader only below 2^53. */
static json_int_t seed_53(uint64_t seed)
{
    return (json_int_t)(seed & ((UINT64_C(1) << 53) - 1));
}

static cp_status on_learner(void *ctx, size_t learner, uint64_t seed, cp_error *err)
{
    json_t *request = json_pack("{s:s, s:I, s:I}", "op", "learner", "learner",
                                (json_int_t)learner, "seed", seed_53(seed));
    return ask_ok(ctx, "learner", request, err);
}

static cp_status on_day(void *ctx, size_t learner, int day, bool *study, cp_error *err)
{
    cp_learner_cmd *c = ctx;
    json_t *request = json_pack("{s:s, s:I, s:i}", "op", "day", "learner", (json_int_t)learner,
                                "day", day);
    json_t *reply;
    cp_status st = ask(c, "day", request, &reply, err);
    if (st == CP_OK)
        st = reply_bool(c, reply, "study", study, err);
    json_decref(reply);
    return st;
}

static cp_status on_answer(void *ctx, const cp_sim_ask *q, bool *right, double *seconds,
                           cp_error *err)
{
    cp_learner_cmd *c = ctx;
    json_t *request = json_pack("{s:s, s:I, s:i, s:I, s:s, s:s}", "op", "answer", "learner",
                                (json_int_t)q->learner, "day", q->day, "t", (json_int_t)q->t,
                                "card", cp_deck_card(c->deck, q->card)->id, "mode",
                                cp_sim_mode_name(q->mode));
    json_t *reply;
    cp_status st = ask(c, "answer", request, &reply, err);
    if (st == CP_OK)
        st = reply_bool(c, reply, "right", right, err);
    if (st == CP_OK) {
        const json_t *v = json_object_get(reply, "seconds");
        if (!v || json_is_null(v)) {
            *seconds = -1;
        } else if (json_is_number(v) && isfinite(json_number_value(v)) &&
                   json_number_value(v) >= 0) {
            *seconds = json_number_value(v);
        } else {
            st = fail(c, err, "the learner command's reply to request %lu (%s) has \"seconds\" "
                      "that is not a number of seconds >= 0: %s", c->request, c->label,
                      shown_reply(c));
        }
    }
    json_decref(reply);
    return st;
}

cp_status cp_learner_cmd_start(const char *command, const cp_deck *deck, cp_learner_cmd **out,
                               cp_sim_answerer *answerer, cp_error *err)
{
    *out = NULL;
    cp_learner_cmd *c = calloc(1, sizeof *c);
    if (!c)
        return cp_error_set(err, CP_ERR_NOMEM, "", 0, "out of memory");
    c->deck = deck;
    c->to_cmd = -1;
    int in[2] = {-1, -1}, from[2] = {-1, -1};   /* CMD's input, CMD's output */
    const char *failed_call = NULL;
    if (pipe(in) != 0 || pipe(from) != 0)
        failed_call = "pipe";
    for (int i = 0; i < 2 && !failed_call; i++) {
        if ((in[i] = high_cloexec(in[i])) < 0 || (from[i] = high_cloexec(from[i])) < 0)
            failed_call = "fcntl";
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = 0;
    if (!failed_call) {
        char *argv[] = {"sh", "-c", (char *)command, NULL};
        if ((rc = posix_spawn_file_actions_init(&actions)) == 0) {
            if ((rc = posix_spawnattr_init(&attr)) == 0) {
                /* Its own process group, so that stopping it stops what it started. */
                if ((rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP)) == 0 &&
                    (rc = posix_spawnattr_setpgroup(&attr, 0)) == 0 &&
                    (rc = posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO)) == 0 &&
                    (rc = posix_spawn_file_actions_adddup2(&actions, from[1], STDOUT_FILENO)) == 0)
                    rc = posix_spawn(&c->pid, "/bin/sh", &actions, &attr, argv, environ);
                posix_spawnattr_destroy(&attr);
            }
            posix_spawn_file_actions_destroy(&actions);
        }
        if (rc) {
            errno = rc;
            failed_call = "posix_spawn";
        }
    }
    /* CMD's ends are its own now. */
    int saved = errno;
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0 && (i == 0 || failed_call))
            close(in[i]);
        if (from[i] >= 0 && (i == 1 || failed_call))
            close(from[i]);
    }
    if (failed_call) {
        free(c);
        return cp_error_set(err, CP_ERR_IO, "", 0, "cannot run the learner command (%s: %s)",
                            failed_call, strerror(saved));
    }
    c->to_cmd = in[1];
    c->from_cmd = fdopen(from[0], "r");
    if (!c->from_cmd)
        close(from[0]);     /* the first request will find it gone */
    struct sigaction ignore = {.sa_handler = SIG_IGN};
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &c->old_sigpipe);
    *answerer = (cp_sim_answerer){
        .ctx = c, .deck = on_deck, .learner = on_learner, .day = on_day, .answer = on_answer};
    *out = c;
    return CP_OK;
}

cp_status cp_learner_cmd_finish(cp_learner_cmd *c, cp_error *err)
{
    if (!c)
        return CP_OK;
    reap(c);
    sigaction(SIGPIPE, &c->old_sigpipe, NULL);
    cp_status st = CP_OK;
    if (!c->failed && (c->killed || c->wait_status == -1 || !WIFEXITED(c->wait_status) ||
                       WEXITSTATUS(c->wait_status) != 0)) {
        char how[96];
        describe_end(c, how, sizeof how);
        st = cp_error_set(err, CP_ERR_INVALID, "", 0,
                          "after answering all %lu requests, the learner command %s",
                          c->request, how);
    }
    free(c->line);
    free(c);
    return st;
}
