/* The shared question widget (see question.h). */
#include "question.h"

#include <stdio.h>
#include <string.h>

void cp_question_shuffle(uint8_t order[CP_MAX_CHOICES], size_t n, uint64_t seed)
{
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    if (n > CP_MAX_CHOICES)
        n = CP_MAX_CHOICES; /* the parser allows no more; order holds no more */
    for (size_t i = 0; i < n; i++)
        order[i] = (uint8_t)i;
    for (size_t i = n; i > 1; i--) {
        size_t j = cp_rng_below(&rng, i);
        uint8_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

uint32_t cp_question_deck_mask(const cp_question_view *v)
{
    uint32_t mask = 0;
    for (size_t k = 0; k < v->card->n_choices; k++)
        if (v->picked & (1u << k))
            mask |= 1u << v->order[k];
    return mask;
}

void cp_question_set_deck_mask(cp_question_view *v, uint32_t mask)
{
    v->picked = 0;
    for (size_t k = 0; k < v->card->n_choices; k++)
        if (mask & (1u << v->order[k]))
            v->picked |= 1u << k;
}

void cp_question_chosen_text(const cp_question_view *v, char *out, size_t size)
{
    cp_exam_chosen_text(cp_question_deck_mask(v), out, size);
}

bool cp_question_is_right(const cp_question_view *v)
{
    return cp_exam_grade(v->card, cp_question_deck_mask(v));
}

void cp_question_pick(cp_question_view *v, int k)
{
    if (k < 0 || (size_t)k >= v->card->n_choices)
        return;
    v->cursor = k;
    uint32_t bit = 1u << k;
    v->picked = v->card->type == CP_CARD_MULTI ? v->picked ^ bit : bit;
}

int cp_question_key(cp_question_view *v, int key)
{
    int n = (int)v->card->n_choices;
    if (key >= 'a' && key < 'a' + n)
        return key - 'a';
    if (key >= '1' && key < '1' + n)
        return key - '1';
    if (key == CP_KEY_SPACE)
        return v->cursor;
    if (key == CP_KEY_UP)
        v->cursor = (v->cursor + n - 1) % n;
    else if (key == CP_KEY_DOWN || key == CP_KEY_TAB)
        v->cursor = (v->cursor + 1) % n;
    return -1;
}

int cp_question_layout(cp_ui *ui, cp_rect r, const cp_question_view *v, int fs, bool draw, int *clicked)
{
    const cp_theme *t = ui->theme;
    const cp_card *c = v->card;
    int y = r.y, gap = cp_ui_px(ui, CP_SPACE);
    if (clicked)
        *clicked = -1;
    int sh = cp_ui_text_height(ui, r.w, c->stem, CP_FONT_REGULAR, fs);
    if (draw)
        cp_ui_text(ui, (cp_rect){r.x, y, r.w, sh}, c->stem, CP_FONT_REGULAR, fs, t->text, CP_TEXT_WRAP);
    y += sh + cp_ui_px(ui, CP_SPACE_L);
    if (v->hint && !v->reveal) {
        int hs = fs * 4 / 5, hh = cp_ui_line_height(ui, hs);
        if (draw)
            cp_ui_text(ui, (cp_rect){r.x, y, r.w, hh}, v->hint, CP_FONT_ITALIC, hs, t->accent, CP_TEXT_ELLIPSIS);
        y += hh + gap;
    }
    for (size_t k = 0; k < c->n_choices; k++) {
        const cp_choice *ch = &c->choices[v->order[k]];
        int oh = cp_ui_option_height(ui, r.w, ch->text, fs);
        if (draw) {
            bool on = v->picked & (1u << k);
            cp_option_state st = on ? CP_OPTION_SELECTED : CP_OPTION_IDLE;
            if (v->reveal)
                st = ch->correct ? (on ? CP_OPTION_RIGHT : CP_OPTION_MISSED) : (on ? CP_OPTION_WRONG : CP_OPTION_IDLE);
            cp_rect orr = {r.x, y, r.w, oh};
            if (!v->reveal && (int)k == v->cursor && !on)
                cp_ui_rect(ui, cp_rect_inset(orr, -cp_ui_px(ui, CP_FOCUS_RING_S)), t->muted, cp_ui_px(ui, CP_RADIUS + 1));
            char badge[2] = {(char)('A' + k), 0};
            if (cp_ui_option(ui, orr, badge, ch->text, fs, st) && clicked && !v->reveal)
                *clicked = (int)k;
        }
        y += oh + gap;
    }
    if (v->reveal) {
        y += cp_ui_px(ui, CP_SPACE_XS);
        int eh = cp_ui_text_height(ui, r.w, c->answer, CP_FONT_REGULAR, fs);
        if (draw)
            cp_ui_text(ui, (cp_rect){r.x, y, r.w, eh}, c->answer, CP_FONT_REGULAR, fs, t->text, CP_TEXT_WRAP);
        y += eh;
    }
    return y - r.y;
}

int cp_question_draw_fit(cp_ui *ui, cp_rect r, const cp_question_view *v, int want)
{
    int fs = want, clicked = -1;
    while (fs > CP_SIZE_MIN_PX && cp_question_layout(ui, r, v, fs, false, NULL) > r.h)
        fs--;
    cp_question_layout(ui, r, v, fs, true, &clicked);
    return clicked;
}
