/* One exam-style question on screen, shared by the drill, quiz rounds, the
 * mock exam and the review: the stem, a hint line, the options in their
 * shuffled order with key badges, and (revealed) right/wrong/missed marks
 * and the explanation. Picks are bit masks in display order. */
#ifndef CLOUDPREP_QUESTION_H
#define CLOUDPREP_QUESTION_H

#include "ui.h"

#include "cloudprep/deck.h"
#include "cloudprep/exam.h"

typedef struct cp_question_view {
    const cp_card *card;
    uint8_t order[CP_MAX_CHOICES];  /* order[k]: deck index of the k-th option shown */
    uint32_t picked;                /* bit k: the k-th option shown is picked */
    bool reveal;                    /* mark right/wrong and show the explanation */
    int cursor;                     /* highlighted option for the keyboard, -1 none */
    const char *hint;               /* a line under the stem, or NULL */
} cp_question_view;

/* A deterministic shuffle of n options into order. */
void cp_question_shuffle(uint8_t order[CP_MAX_CHOICES], size_t n, uint64_t seed);
/* Display-order picks <-> deck-order masks. */
uint32_t cp_question_deck_mask(const cp_question_view *v);
void cp_question_set_deck_mask(cp_question_view *v, uint32_t mask);
/* "0,2": the picked choices in deck order (for the store; exam.h's form). */
void cp_question_chosen_text(const cp_question_view *v, char *out, size_t size);
/* The core's grade of the picks (cp_exam_grade). */
bool cp_question_is_right(const cp_question_view *v);
/* A key or click on option k: toggles it (multi) or makes it the only pick
 * (single). */
void cp_question_pick(cp_question_view *v, int k);

/* A key on a question waiting for an answer: A-E or 1-5 name an option
 * and Space the highlighted one (returned, for the caller to pick); Up,
 * Down and Tab move the highlight (v->cursor). -1 for any other key. */
int cp_question_key(cp_question_view *v, int key);

/* Lays the question out in r at font size fs, emitting it when draw is set;
 * returns the height it needs. *clicked (may be NULL) gets the option
 * clicked this frame, or -1. */
int cp_question_layout(cp_ui *ui, cp_rect r, const cp_question_view *v, int fs, bool draw, int *clicked);
/* Draws the question at the largest font size (from `want` down) that fits r. */
int cp_question_draw_fit(cp_ui *ui, cp_rect r, const cp_question_view *v, int want);

#endif
