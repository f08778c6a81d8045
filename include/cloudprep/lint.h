/* cloudprep core: quality warnings about a deck's cards (`cloudprep check
 * --lint`) and the cards due for a facts review (`--stale`).
 *
 * A warning is not an error: the card is valid and used; the warning says
 * it could be a better exam item (a length cue, a near-duplicate, a
 * distractor the explanation never addresses...). The rules are one table;
 * cp_lint_rule() lists them. Per-card rules report at the card's heading
 * line or an option's line; bank-level rules (the keyed-option length share
 * over all single-answer questions) have no file or line. The core never
 * prints: the command line does (docs/deck-format.md, "Lint"). */
#ifndef CLOUDPREP_LINT_H
#define CLOUDPREP_LINT_H

#include "cloudprep/common.h"
#include "cloudprep/deck.h"

typedef struct cp_lint_rule_info {
    const char *name;       /* "length-cue": how warnings and --json name it */
    const char *summary;    /* one line: what it checks */
    bool bank;              /* compares cards across the whole bank */
} cp_lint_rule_info;

size_t cp_lint_rule_count(void);
/* index 0..cp_lint_rule_count()-1, in the order the rules run; NULL beyond. */
const cp_lint_rule_info *cp_lint_rule(size_t index);

typedef struct cp_lint_warning {
    const char *rule;       /* a cp_lint_rule()'s name */
    size_t rule_index;
    const char *file;       /* the card's file (owned by the deck); NULL for the bank */
    uint32_t line;          /* the card's heading or the option's line; 0 for the bank */
    long card;              /* index in the deck; -1 for the bank */
    char message[480];
} cp_lint_warning;

/* Thresholds; zero means the default. */
typedef struct cp_lint_desc {
    double length_ratio;        /* 1.6: a keyed option this many times the longest distractor */
    double length_share_slack;  /* 0.05: the keyed option may be the strictly longest this much
                                 * more often than chance (1 / number of options) */
    size_t length_share_min;    /* 20: fewer single-answer questions give no share warning */
    double duplicate_jaccard;   /* 0.5: word 3-gram Jaccard from which stems are near-duplicates */
} cp_lint_desc;

typedef struct cp_lint cp_lint;

/* Runs every rule over the deck's valid cards. desc may be NULL. The
 * warnings are in deck order (file, then line), bank-level ones last.
 * Returns CP_ERR_NOMEM (err filled, *out NULL) when memory ran out.
 * *out refers to the deck's strings: free it, with cp_lint_free(), before
 * the deck. */
cp_status cp_lint_run(const cp_deck *deck, const cp_lint_desc *desc, cp_lint **out,
                      cp_error *err);
size_t cp_lint_count(const cp_lint *lint);
const cp_lint_warning *cp_lint_get(const cp_lint *lint, size_t index);
/* Number of warnings from rule `rule_index`. */
size_t cp_lint_rule_hits(const cp_lint *lint, size_t rule_index);
void cp_lint_free(cp_lint *lint);   /* accepts NULL */

/* A month as YYYY*100+MM (cp_card.reviewed's unit); months between two. */
int32_t cp_lint_months_between(int32_t from, int32_t to);

typedef struct cp_stale {
    size_t card;            /* index in the deck */
    int32_t reviewed;       /* YYYY*100+MM; 0 when never reviewed */
    int32_t months;         /* months since the review; -1 when never reviewed */
} cp_stale;

/* The cards not reviewed within `months` of `now` (YYYY*100+MM): reviewed
 * more than `months` months before now, or never. Oldest first: cards
 * without `reviewed` (in deck order), then by month, ties in deck order.
 * *out (free() it) is NULL when there are none. CP_ERR_INVALID for a bad
 * now or a negative months, CP_ERR_NOMEM when memory ran out. */
cp_status cp_lint_stale(const cp_deck *deck, int32_t now, int months, cp_stale **out,
                        size_t *n_out, cp_error *err);

#endif
