/* cloudprep core: decks of cards, parsed from Markdown with md4c.
 *
 * A deck is immutable once loaded. Every string it hands out lives as long as
 * the deck. Card text is UTF-8 with inline styles kept as control bytes (see
 * CP_MARK_*), which the renderer turns into bold, emphasis and code runs and
 * cp_text_plain() strips. The grammar is in docs/deck-format.md. */
#ifndef CLOUDPREP_DECK_H
#define CLOUDPREP_DECK_H

#include "cloudprep/common.h"

/* Inline style markers inside card text (never valid in deck text itself). */
#define CP_MARK_STRONG_ON  '\x02'
#define CP_MARK_STRONG_OFF '\x03'
#define CP_MARK_EM_ON      '\x04'
#define CP_MARK_EM_OFF     '\x05'
#define CP_MARK_CODE_ON    '\x06'
#define CP_MARK_CODE_OFF   '\x07'

typedef enum cp_card_type {
    CP_CARD_SINGLE = 0,
    CP_CARD_MULTI = 1,
    CP_CARD_FLASHCARD = 2,
} cp_card_type;

typedef enum cp_difficulty {
    CP_DIFF_EASY = 0,
    CP_DIFF_MEDIUM = 1,
    CP_DIFF_HARD = 2,
} cp_difficulty;

typedef struct cp_choice {
    const char *text;       /* without its tag */
    bool correct;
    uint32_t line;
    /* The option's tag: what it names when that is not (only) an in-scope
     * service, written `{Savings Plans}` at the end of the choice; ""
     * when none. Never shown to the learner (see confusion.h). */
    const char *tag;
} cp_choice;

enum { CP_MAX_CHOICES = 8 };

typedef struct cp_card {
    const char *id;
    const char *file;       /* path as given to the loader */
    uint32_t line;          /* line of the ## heading */
    int domain;             /* 1..4 */
    int task;               /* index into the blueprint, 0..CP_TASKS-1 */
    cp_card_type type;
    cp_difficulty difficulty;
    const char *tags;       /* "" when none */
    const char *ref;        /* "" when none */
    int32_t reviewed;       /* month its facts were last checked, YYYY*100+MM; 0 when not given */
    /* A flashcard that tells look-alikes apart: its `contrast` metadata,
     * the members as written ("Amazon GuardDuty, Amazon Inspector"); ""
     * when none. The first paragraph of its back is the one-line
     * difference (see docs/deck-format.md and confusion.h). */
    const char *contrast;
    const char *stem;       /* question stem, or a flashcard's front */
    const char *answer;     /* explanation, or a flashcard's back */
    size_t n_choices;       /* 0 for flashcards */
    cp_choice choices[CP_MAX_CHOICES];
} cp_card;

/* One problem found while loading: "file:line: message". */
typedef struct cp_diag {
    const char *file;
    uint32_t line;
    char message[240];
} cp_diag;

typedef struct cp_deck cp_deck;

/* Loads every path: a file, or a directory searched recursively for *.md
 * (in sorted order). Invalid cards are reported through the deck's
 * diagnostics and left out; valid ones are kept. Returns CP_ERR_IO (and
 * fills err) when a path cannot be read at all, CP_ERR_NOMEM when memory
 * ran out (some cards are missing; see cp_deck_add_text); the deck is still
 * created with what could be read, unless creating it ran out of memory
 * (then *out is NULL). *out must be freed with cp_deck_free(). */
CP_NODISCARD cp_status cp_deck_load(const char *const *paths, size_t n_paths,
                                    cp_deck **out, cp_error *err);

/* Loads one more path into deck, after the cards it has, exactly as
 * cp_deck_load loads each of its paths (same statuses; diagnostics and
 * counts add up). Cards keep their load order, so a caller can tell which
 * path a card came from by cp_deck_count before and after; an id already in
 * the deck makes the new card the duplicate. */
CP_NODISCARD cp_status cp_deck_add_path(cp_deck *deck, const char *path, cp_error *err);

/* Parses one in-memory document as if it were the file `name`. Adds its
 * valid cards to deck; every problem with a card (duplicate ids across
 * documents too) is a diagnostic of the deck, and the status stays CP_OK.
 * Returns CP_ERR_INVALID (err: `name` and a message) when the document is
 * too large or the Markdown parser gave up on it, CP_ERR_NOMEM when memory
 * ran out: then cards are missing from the deck (each counted in
 * cp_deck_invalid_count and, when memory allows, noted as a diagnostic),
 * and err says how many and the line of the first. */
CP_NODISCARD cp_status cp_deck_add_text(cp_deck *deck, const char *name, const char *text,
                                        size_t size, cp_error *err);
cp_deck *cp_deck_new(void);
void cp_deck_free(cp_deck *deck);   /* accepts NULL */

size_t cp_deck_count(const cp_deck *deck);
const cp_card *cp_deck_card(const cp_deck *deck, size_t index);
/* Index of the card with this id, or -1. */
long cp_deck_find(const cp_deck *deck, const char *id);

size_t cp_deck_diag_count(const cp_deck *deck);
const cp_diag *cp_deck_diag(const cp_deck *deck, size_t index);
/* Number of files read (including ones with no valid card). */
size_t cp_deck_file_count(const cp_deck *deck);
/* Number of cards left out because of an error. */
size_t cp_deck_invalid_count(const cp_deck *deck);

/* Copies text into out (size bytes, always terminated) without the style
 * markers. Returns the length it would need, like snprintf. */
size_t cp_text_plain(const char *text, char *out, size_t size);

/* Folds text for comparing names: style markers dropped, ASCII letters
 * lowercased, every run of spaces, '-', '_' and '/' made one space, none
 * at either end ("Savings-Plans " -> "savings plans"). Writes into out
 * (size bytes, always terminated); returns the folded length. */
size_t cp_text_fold(const char *text, char *out, size_t size);

/* Counts, for each in-scope service of the blueprint, the cards that
 * mention it anywhere (stem, choices, answer); counts has
 * cp_blueprint_service_count() entries. Returns how many are mentioned. */
size_t cp_deck_service_coverage(const cp_deck *deck, uint32_t *counts);

/* Number of correct choices of a question card. */
size_t cp_card_correct_count(const cp_card *card);

/* "single", "multi", "flashcard"; "easy", "medium", "hard". */
const char *cp_card_type_name(cp_card_type type);
const char *cp_difficulty_name(cp_difficulty difficulty);

#endif
