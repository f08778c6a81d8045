/* libFuzzer target for the deck parser: any bytes, parsed as one Markdown
 * document, must give a deck whose every card and diagnostic is sound, and
 * nothing leaks. The same bytes are then added a second time so the
 * duplicate-id path runs too, and the lint runs over whatever cards came
 * out (its warnings must point at real cards and lines), and so does the
 * confusion map (option tags, contrast cards: every subject real, every
 * one-line difference terminated). Built with -DCP_FUZZ=ON (clang); without it,
 * fuzz_replay.c turns this file into a corpus replayer that ctest runs. */
#include "cloudprep/blueprint.h"
#include "cloudprep/confusion.h"
#include "cloudprep/deck.h"
#include "cloudprep/lint.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
    if (!s)
        abort();
    size_t n = strlen(s);
    char plain[64];
    if (cp_text_plain(s, plain, sizeof plain) > n)
        abort();    /* stripping markers never lengthens text */
}

static void check_deck(const cp_deck *deck, size_t n_lines)
{
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        if (!c || !c->id || !c->id[0] || strlen(c->id) > 64)
            abort();
        if (c->domain < 1 || c->domain > CP_DOMAINS || c->task < 0 || c->task >= CP_TASKS)
            abort();
        if (cp_blueprint_task(c->task)->domain != c->domain)
            abort();
        if (c->line < 1 || c->line > n_lines || c->n_choices > CP_MAX_CHOICES)
            abort();
        if (cp_deck_find(deck, c->id) != (long)i)
            abort();
        check_text(c->stem);
        check_text(c->answer);
        check_text(c->tags);
        check_text(c->ref);
        size_t correct = cp_card_correct_count(c);
        if (c->type == CP_CARD_FLASHCARD && c->n_choices != 0)
            abort();
        if (c->type == CP_CARD_SINGLE && (c->n_choices != 4 || correct != 1))
            abort();
        if (c->type == CP_CARD_MULTI && (c->n_choices < 5 || correct < 2))
            abort();
        for (size_t k = 0; k < c->n_choices; k++) {
            check_text(c->choices[k].text);
            check_text(c->choices[k].tag);
        }
        check_text(c->contrast);
    }
    for (size_t i = 0; i < cp_deck_diag_count(deck); i++) {
        const cp_diag *g = cp_deck_diag(deck, i);
        if (!g->file || memchr(g->message, '\0', sizeof g->message) == NULL || !g->message[0])
            abort();
        if (g->line > n_lines)
            abort();
    }
}

static void check_lint(const cp_deck *deck, size_t n_lines)
{
    cp_lint *lint = NULL;
    if (cp_lint_run(deck, NULL, &lint, NULL) != CP_OK)
        return;
    for (size_t i = 0; i < cp_lint_count(lint); i++) {
        const cp_lint_warning *w = cp_lint_get(lint, i);
        if (!w->rule || !w->message[0] || w->rule_index >= cp_lint_rule_count())
            abort();
        if (w->card < 0 ? (w->file || w->line) : ((size_t)w->card >= cp_deck_count(deck) ||
                                                 !w->file || w->line < 1 || w->line > n_lines))
            abort();
    }
    cp_lint_free(lint);
    cp_stale *stale = NULL;
    size_t n = 0;
    if (cp_lint_stale(deck, 202612, 12, &stale, &n, NULL) != CP_OK || n > cp_deck_count(deck))
        abort();
    free(stale);
}

static void check_confusion(const cp_deck *deck)
{
    cp_confusion_map *map = NULL;
    if (cp_confusion_map_build(deck, &map, NULL) != CP_OK)
        return;
    size_t n_subjects = cp_confusion_subject_count(map);
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        for (size_t k = 0; k < c->n_choices; k++) {
            int32_t s = cp_confusion_option(map, i, k);
            if (s < -1 || s >= (int32_t)n_subjects)
                abort();
        }
        const int32_t *members;
        size_t n = cp_confusion_members(map, i, &members);
        for (size_t k = 0; k < n; k++)
            if (members[k] < 0 || members[k] >= (int32_t)n_subjects || !cp_confusion_subject(map, members[k]))
                abort();
        if (n >= 2) {
            char line[64];
            long from = cp_confusion_difference(map, members[0], members[1], line, sizeof line);
            if (from < 0 || memchr(line, '\0', sizeof line) == NULL)
                abort();
        }
    }
    cp_confusion_map_free(map);
}

/* A document is added (CP_OK), refused as a whole with a reason
 * (CP_ERR_INVALID), or cut short by memory with a message; nothing else. */
static void check_status(cp_status status, const cp_error *err, const char *name)
{
    if (status == CP_OK)
        return;
    if (status != CP_ERR_INVALID && status != CP_ERR_NOMEM)
        abort();
    if (!err->message[0] || strcmp(err->file, name) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n_lines = 1;
    for (size_t i = 0; i < size; i++)
        n_lines += data[i] == '\n';
    cp_deck *deck = cp_deck_new();
    if (!deck)
        return 0;
    cp_error err = {0};
    cp_status status = cp_deck_add_text(deck, "fuzz.md", (const char *)data, size, &err);
    check_status(status, &err, "fuzz.md");
    size_t cards = cp_deck_count(deck);
    check_deck(deck, n_lines);
    /* The same document again: every card it kept is now a duplicate. */
    status = cp_deck_add_text(deck, "again.md", (const char *)data, size, &err);
    check_status(status, &err, "again.md");
    if (cp_deck_count(deck) != cards)
        abort();
    check_deck(deck, n_lines);
    check_lint(deck, n_lines);
    check_confusion(deck);
    cp_deck_free(deck);
    return 0;
}
