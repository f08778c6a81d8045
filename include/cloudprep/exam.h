/* cloudprep core: mock-exam and diagnostic forms, and the timed session.
 *
 * A mock form has 65 items: 50 scored by domain quota (12/15/17/6) and 15
 * unscored in proportion to the same weights (4/4/5/2), shuffled together.
 * Only question cards (single, multi) are used; no card twice. Scored slots
 * go to items the learner has never seen first (a fresh form measures what
 * the real exam will: understanding, not memory of drilled items), then to
 * the least recently seen; cards on the learner's recent forms are avoided
 * while the bank allows. Unscored slots, which count for nothing, go to
 * items already seen with the least response data, so fresh items are kept
 * for scored slots.
 * A diagnostic form has 10 scored items, 2/3/4/1 by domain.
 *
 * The form (cp_exam_form) knows which items are scored: it is what the
 * caller stores. The session (cp_exam_session) is what the screens use, and
 * nothing it exposes tells a scored item from an unscored one.
 *
 *   cp_exam_form form;
 *   cp_exam_build(&bank, &(cp_exam_form_desc){0}, &rng, &form, &err);
 *   cp_exam_session *s;
 *   cp_exam_begin(&form, &(cp_exam_desc){0}, now, &s, &err);
 *   cp_exam_answer(s, 3, 1u << 2, now);      ... cp_exam_tick(s, now) ...
 *   cp_exam_submit(s, now); cp_exam_report(s, &report);
 *   cp_exam_end(s);
 */
#ifndef CLOUDPREP_EXAM_H
#define CLOUDPREP_EXAM_H

#include "cloudprep/score.h"

enum {
    CP_DIAGNOSTIC_ITEMS = 10,
    CP_DIAGNOSTIC_MINUTES = 15,
};

typedef enum cp_exam_kind {
    CP_EXAM_MOCK = 0,
    CP_EXAM_DIAGNOSTIC = 1,
} cp_exam_kind;

/* The item bank: cards (flashcards are skipped) and, optionally, each card's
 * response data and when the learner first met it (parallel arrays; NULL
 * when there is none). Borrowed. */
typedef struct cp_exam_bank {
    const cp_card *const *cards;
    const cp_item_data *data;
    const cp_time *last_seen;   /* 0: never seen (a fresh item); NULL: all fresh */
    size_t n_cards;
} cp_exam_bank;

/* Fills bank with the question cards of deck (no item data). The card
 * array is allocated: release it with cp_exam_bank_release(), which accepts
 * a zeroed bank. The deck must outlive the bank. */
CP_NODISCARD cp_status cp_exam_bank_from_deck(const cp_deck *deck, cp_exam_bank *bank,
                                 cp_error *err);
void cp_exam_bank_release(cp_exam_bank *bank);

/* Zero means default. */
typedef struct cp_exam_form_desc {
    cp_exam_kind kind;
    /* Ids of the cards on the learner's recent forms (borrowed). */
    const char *const *recent_ids;
    size_t n_recent;
} cp_exam_form_desc;

typedef struct cp_exam_item {
    const cp_card *card;
    bool scored;
    bool fresh;             /* the learner had never seen it */
    double difficulty;      /* Rasch b used for the cut */
    /* Display order of the choices: choice_order[k] is the deck index of
     * the k-th choice shown. */
    uint8_t choice_order[CP_MAX_CHOICES];
} cp_exam_item;

typedef struct cp_exam_form {
    cp_exam_kind kind;
    size_t n_items;
    int n_scored;
    int n_fresh_scored;     /* scored items the learner had never seen */
    double cut_raw;         /* Angoff cut over the scored items */
    int32_t time_limit_s;
    cp_exam_item items[CP_EXAM_QUESTIONS];
} cp_exam_form;

/* Builds a form. CP_ERR_INVALID (err says which domain) when the bank has
 * too few question cards for the scored quotas, or too few in all for the
 * whole form. Unscored slots a domain cannot fill go to other domains. */
CP_NODISCARD cp_status cp_exam_build(const cp_exam_bank *bank, const cp_exam_form_desc *desc,
                        cp_rng *rng, cp_exam_form *out, cp_error *err);

/* The one definition of a full timed mock: a mock form (65 items) under the
 * exam's own time limit, 90 minutes. (Whether it was finished, not
 * abandoned, is the attempt's status.) */
bool cp_exam_full_timed(int32_t time_limit_s);

/* ---- the mock reserve --------------------------------------------------------
 * Question cards the drill and quiz rounds hold back while they are unused,
 * so that mocks can be fresh: enough for `mocks` whole forms (scored and
 * unscored quotas per domain), at most `max_share` of each domain's
 * questions so the drill never starves, spread over the domain's task
 * statements. A card leaves the reserve once the learner has seen it. */
typedef struct cp_reserve_desc {
    int mocks;              /* 0: 5 */
    double max_share;       /* 0: 0.3 */
} cp_reserve_desc;

/* How many cards of each domain the reserve holds at full size. */
void cp_exam_reserve_target(const cp_exam_bank *bank, const cp_reserve_desc *desc,
                            int target[CP_DOMAINS]);
/* Tops the reserve up: held[i] (parallel to bank->cards) marks reserve
 * cards; cards seen (bank->last_seen) are released, and never-seen cards
 * are added, task by task in a seeded order, until each domain reaches its
 * target. Returns how many cards it added. */
size_t cp_exam_reserve_fill(const cp_exam_bank *bank, const cp_reserve_desc *desc, uint64_t seed,
                            uint8_t *held);
/* How many whole fresh forms the never-seen cards still allow (the scored
 * quotas of every domain filled with never-seen items). */
int cp_exam_fresh_forms(const cp_exam_bank *bank);

/* Scaled score of `raw` scored items right on this form. */
int cp_exam_form_scale(const cp_exam_form *form, int raw);

/* Bit mask of a card's correct choices (bit i = choices[i]). */
uint32_t cp_exam_correct_mask(const cp_card *card);
/* The one grader: right when exactly the correct set was chosen (multiple
 * response is all or nothing); nothing chosen is wrong. */
bool cp_exam_grade(const cp_card *card, uint32_t chosen);
/* A choice mask as the store keeps it: "0,2" (deck order); "" for none. */
void cp_exam_chosen_text(uint32_t chosen, char *out, size_t size);
/* The reverse; false for text that is not such a list. */
bool cp_exam_chosen_parse(const char *text, uint32_t *chosen);

/* ---- the session -------------------------------------------------------- */

typedef struct cp_exam_session cp_exam_session;

typedef enum cp_exam_state {
    CP_EXAM_OPEN = 0,
    CP_EXAM_SUBMITTED = 1,
    CP_EXAM_TIMED_OUT = 2,
} cp_exam_state;

/* Zero means default. */
typedef struct cp_exam_desc {
    int minutes;            /* 0: the form's limit (90 for a mock) */
} cp_exam_desc;

/* What a screen may know about one item. It carries nothing about scoring. */
typedef struct cp_exam_view {
    const cp_card *card;
    size_t n_choices;
    uint8_t choice_order[CP_MAX_CHOICES];
    uint32_t chosen;        /* mask in deck order; 0 = unanswered */
    bool flagged;
} cp_exam_view;

/* Starts the clock at `now`. The session copies the form. Free with
 * cp_exam_end(). */
CP_NODISCARD cp_status cp_exam_begin(const cp_exam_form *form, const cp_exam_desc *desc,
                        cp_time now, cp_exam_session **out, cp_error *err);
void cp_exam_end(cp_exam_session *session);     /* accepts NULL */

size_t cp_exam_count(const cp_exam_session *session);
/* CP_ERR_INVALID when index is out of range. */
CP_NODISCARD cp_status cp_exam_view_item(const cp_exam_session *session, size_t index,
                            cp_exam_view *out);

/* Every call that takes `now` first applies the clock: at or past the
 * deadline the session is submitted as timed out (finished at the deadline)
 * and the call is refused with CP_ERR_INVALID. */

/* Sets the answer (mask in deck order; 0 clears it). CP_ERR_INVALID for a
 * bad index, a bit beyond the card's choices, or a closed session. */
CP_NODISCARD cp_status cp_exam_answer(cp_exam_session *session, size_t index,
                         uint32_t chosen, cp_time now);
CP_NODISCARD cp_status cp_exam_flag(cp_exam_session *session, size_t index, bool flagged,
                       cp_time now);
/* Seconds left (0 once closed or out of time). */
int32_t cp_exam_remaining(const cp_exam_session *session, cp_time now);
/* Applies the clock; returns the state after it. */
cp_exam_state cp_exam_tick(cp_exam_session *session, cp_time now);
cp_exam_state cp_exam_state_of(const cp_exam_session *session);
/* Submits now (or as timed out when now is past the deadline). CP_ERR_INVALID
 * when already closed. */
CP_NODISCARD cp_status cp_exam_submit(cp_exam_session *session, cp_time now);

/* After the session is closed: the scored report. CP_ERR_INVALID while open. */
CP_NODISCARD cp_status cp_exam_report(const cp_exam_session *session, cp_score_report *out);
/* After the session is closed: whether item `index` was answered right. */
bool cp_exam_item_correct(const cp_exam_session *session, size_t index);

#endif
