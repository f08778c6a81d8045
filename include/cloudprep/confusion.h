/* cloudprep core: what the learner mixes up, from their own wrong choices.
 *
 * Two parts. The map (per deck) says what every option *names*: its
 * subject, an in-scope service of the blueprint or a concept named by an
 * option tag (docs/deck-format.md, "Option tags"), and which services or
 * concepts each contrast flashcard tells apart. The tally (per learner)
 * counts, for every ordered pair (keyed X, chosen Y), how often the learner
 * met the pair (a question keyed on X offering Y) and how often they chose
 * Y there, both weighted by recency, and scores the pair:
 *
 *   score = (misses + a) / (offers + a + b)
 *
 * with a small prior (a, b) that keeps one unlucky miss from counting as a
 * confusion. A pair is *confused* when the score reaches the threshold
 * with at least min_misses misses; right answers on the cards that set the
 * two side by side lower the score until the pair fades. docs/confusion.md
 * has the formulas and the reasons for the numbers.
 *
 * Everything here is pure: time is passed in, nothing is read or written
 * (cp_confusion_read, the one function that reads the store, says so). */
#ifndef CLOUDPREP_CONFUSION_H
#define CLOUDPREP_CONFUSION_H

#include "cloudprep/common.h"
#include "cloudprep/deck.h"
#include "cloudprep/store.h"

/* ---- the map: what each option names ------------------------------------ */

typedef struct cp_confusion_map cp_confusion_map;

/* A subject: subjects 0 .. cp_blueprint_service_count()-1 are the
 * blueprint's services in its order; concepts follow, in the order the
 * deck first names them. */
typedef struct cp_subject {
    const char *name;       /* "Amazon GuardDuty", "Savings Plans" */
    long service;           /* blueprint index, or -1 for a concept */
    uint32_t options;       /* options of the deck that name it */
    uint32_t contrasts;     /* contrast cards that name it */
} cp_subject;

/* Builds the map of a deck (borrowed: it must outlive the map). Free with
 * cp_confusion_map_free. CP_ERR_NOMEM. */
CP_NODISCARD cp_status cp_confusion_map_build(const cp_deck *deck, cp_confusion_map **out,
                                              cp_error *err);
void cp_confusion_map_free(cp_confusion_map *map);     /* accepts NULL */

const cp_deck *cp_confusion_map_deck(const cp_confusion_map *map);
size_t cp_confusion_subject_count(const cp_confusion_map *map);
const cp_subject *cp_confusion_subject(const cp_confusion_map *map, int32_t subject);
/* The subject option `choice` of deck card `card` names, or -1 (none, or
 * not a question). */
int32_t cp_confusion_option(const cp_confusion_map *map, size_t card, size_t choice);
/* A contrast card's members (subjects, as written); 0 for other cards. */
size_t cp_confusion_members(const cp_confusion_map *map, size_t card, const int32_t **members);
/* Whether card sets subjects a and b side by side: a question with an
 * option of one keyed and an option of the other offered (either way), or
 * a contrast card naming both. */
bool cp_confusion_separates(const cp_confusion_map *map, size_t card, int32_t a, int32_t b);
/* The one-line difference between keyed and chosen, as the deck writes
 * it: the first paragraph of the back of a contrast card naming both (the
 * one with the fewest members), else the sentence of the explanation of a
 * question keyed on `keyed` and offering `chosen` that names `chosen`
 * (the question whose explanation names both, else the first). Plain
 * text into out (always terminated); returns the card it came from, or -1
 * (out is then ""). */
long cp_confusion_difference(const cp_confusion_map *map, int32_t keyed, int32_t chosen,
                             char *out, size_t size);

/* ---- the tally: the learner's pairs -------------------------------------- */

/* Zero means default. */
typedef struct cp_confusion_desc {
    double half_life_days;      /* an answer's weight halves every ...: 0 means 30 */
    double prior_misses;        /* a: 0 means 0.3 */
    double prior_rights;        /* b: 0 means 2.7 (the prior's rate a/(a+b) is 0.1) */
    double threshold;           /* confused at or above this score: 0 means 0.3 */
    int min_misses;             /* ... and at least this many misses: 0 means 2 */
    double flashcard_weight;    /* a contrast card recalled counts as this many
                                 * offers of each of its pairs: 0 means 0.5 */
    double repeat_hours;        /* an answer this soon after the card's last
                                 * counted one counts for nothing (learning
                                 * steps): 0 means 20, < 0 none */
} cp_confusion_desc;

typedef struct cp_confusion cp_confusion;

/* One ordered pair as it stands at a given time. */
typedef struct cp_confusion_pair {
    int32_t keyed, chosen;      /* subjects: the right answer, and what was chosen */
    uint32_t misses;            /* times chosen instead, all told */
    uint32_t offers;            /* times met (questions; contrast cards not counted) */
    double weighted_misses;     /* recency-weighted, at the time asked */
    double weighted_offers;
    double score;               /* (weighted_misses + a) / (weighted_offers + a + b) */
    bool confused;              /* score >= threshold and misses >= min_misses */
    bool was_confused;          /* confused right after one of its answers, now
                                 * or before (with answers added oldest
                                 * first): not confused now, it is fading */
    cp_time last_miss;          /* 0: never */
    cp_time last_offer;
} cp_confusion_pair;

/* A tally over the map (borrowed). Free with cp_confusion_free. */
CP_NODISCARD cp_status cp_confusion_new(const cp_confusion_map *map, const cp_confusion_desc *desc,
                                        cp_confusion **out, cp_error *err);
void cp_confusion_free(cp_confusion *tally);           /* accepts NULL */
/* Forgets every answer. */
void cp_confusion_clear(cp_confusion *tally);
const cp_confusion_map *cp_confusion_tally_map(const cp_confusion *tally);
/* The settings in force, defaults filled in. */
cp_confusion_desc cp_confusion_settings(const cp_confusion *tally);

/* One answer to deck card `card` at `at`. For a question, `chosen` is the
 * set of options picked (bit i: option i in deck order, as
 * cp_exam_chosen_parse reads the review log's "0,2"); 0, an unanswered
 * question, counts for nothing. For a contrast flashcard, `rating`
 * (cp_rating) above Again counts as meeting each of its pairs; other
 * flashcards count for nothing. An answer within repeat_hours of the
 * card's last counted answer counts for nothing either. Answers may come
 * in any order of time (the weights come out the same), but the repeat
 * rule keeps the first one added: add them oldest first. CP_ERR_NOMEM
 * (the answer is then not counted). */
CP_NODISCARD cp_status cp_confusion_add(cp_confusion *tally, size_t card, uint32_t chosen, int rating,
                                        cp_time at, cp_error *err);

/* Every pair with at least one miss, at time `now`: confused pairs first,
 * then by score, the higher first. *out is malloc'd (free it), NULL when
 * there are none. CP_ERR_NOMEM. */
CP_NODISCARD cp_status cp_confusion_list(const cp_confusion *tally, cp_time now,
                                         cp_confusion_pair **out, size_t *n, cp_error *err);
/* One pair at `now` (zeros, not confused, when never met). */
cp_confusion_pair cp_confusion_get(const cp_confusion *tally, int32_t keyed, int32_t chosen, cp_time now);
/* Whether this answer to `card` (as for cp_confusion_add) is a miss of a
 * pair the learner confuses at `now`: the most confused such pair into
 * *pair. Counts the tally as it stands (add the answer first to have it
 * counted). */
bool cp_confusion_explain(const cp_confusion *tally, size_t card, uint32_t chosen, cp_time now,
                          cp_confusion_pair *pair);
/* Marks, per deck card, the cards that set a confused pair side by side
 * (cp_confusion_separates): boost[i] = 1, others 0. Returns how many. */
size_t cp_confusion_separating(const cp_confusion *tally, cp_time now, uint8_t *boost);

/* The one function here that reads: adds the answers of the review log at
 * or after `since` (the newest CP_CONFUSION_READ_MAX of them at most) and
 * the right answers of finished mock exams and diagnostics (whose misses
 * the log has) in that span, from the store. */
enum { CP_CONFUSION_READ_MAX = 10000 };
CP_NODISCARD cp_status cp_confusion_read(cp_confusion *tally, cp_store *store, cp_time since,
                                         cp_error *err);

/* "first", "second" ... "tenth", then "11th", "12th", "21st" ... into out. */
void cp_confusion_ordinal(uint32_t n, char *out, size_t size);

#endif
