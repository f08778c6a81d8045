/* Feedback: synthesized sounds (no sound files) and celebrations drawn over
 * the screen: a coloured edge flash for right and wrong, banners for
 * level-ups, achievements and goals, and confetti for a passed mock. All
 * motion stops under reduced motion (banners then appear still); sound
 * follows the sound setting; the notes are synthesized here and played by
 * the platform's sound output (app->sound). The confetti has its own random
 * generator, apart from anything the core uses. */
#include "shell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_BANNERS = 4, CONFETTI = 140, RATE = CP_SOUND_RATE };

typedef struct banner { char text[120]; cp_color color; double at; } banner;

typedef struct cp_fx {
    double flash_at;
    bool flash_good;
    banner banners[MAX_BANNERS];
    size_t n_banners;
    double confetti_at;
    cp_rng rng;                 /* cosmetic only */
    struct { float x, y, vx, vy, spin; uint8_t hue; } bits[CONFETTI];
} cp_fx;

static cp_fx *fx_of(cp_app *app)
{
    if (!app->fx) {
        app->fx = calloc(1, sizeof(cp_fx));
        if (app->fx) {
            /* Cosmetic: any seed that differs between runs will do. */
            cp_rng_seed(&app->fx->rng, (uint64_t)app->now ^ (uint64_t)(app->clock * 1e9) ^
                                           (uint64_t)(uintptr_t)app->fx);
            app->fx->flash_at = -1e9;       /* nothing flashes at start */
        }
    }
    return app->fx;
}

void cp_fx_release(cp_app *app)
{
    free(app->fx);
    app->fx = NULL;
}

/* ---- sound ---------------------------------------------------------------- */

typedef struct note { float hz; int ms; } note;

static void play(cp_app *app, const note *notes, size_t n, float decay)
{
    if (!app->sound.play || !app->settings.sound || app->mute)
        return;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += (size_t)notes[i].ms * RATE / 1000;
    float *buf = calloc(total, sizeof *buf);
    if (!buf)
        return;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = (size_t)notes[i].ms * RATE / 1000;
        for (size_t k = 0; k < len; k++) {
            float t = (float)k / RATE;
            float attack = t < 0.006f ? t / 0.006f : 1.0f;
            float env = attack * expf(-t * decay);
            float w = 2.0f * (float)M_PI * notes[i].hz * t;
            buf[at + k] = 0.22f * env * (sinf(w) + 0.25f * sinf(2 * w) + 0.1f * sinf(3 * w));
        }
        at += len;
    }
    app->sound.play(app->sound.ctx, buf, total);
    free(buf);
}

void cp_app_feedback(cp_app *app, cp_feedback kind)
{
    static const note right[] = {{659.3f, 70}, {880.0f, 140}};
    static const note wrong[] = {{220.0f, 90}, {207.7f, 160}};
    static const note combo[] = {{1046.5f, 55}, {1318.5f, 55}, {1568.0f, 120}};
    static const note level[] = {{523.3f, 90}, {659.3f, 90}, {784.0f, 90}, {1046.5f, 260}};
    static const note chime[] = {{784.0f, 160}, {1174.7f, 380}};
    static const note pass[] = {{523.3f, 110}, {659.3f, 110}, {784.0f, 110}, {1046.5f, 160}, {1318.5f, 420}};
    cp_fx *fx = fx_of(app);
    switch (kind) {
    case CP_FEEDBACK_RIGHT: play(app, right, 2, 9.0f); break;
    case CP_FEEDBACK_WRONG: play(app, wrong, 2, 12.0f); break;
    case CP_FEEDBACK_COMBO: play(app, combo, 3, 8.0f); break;
    case CP_FEEDBACK_LEVEL_UP: play(app, level, 4, 5.0f); break;
    case CP_FEEDBACK_ACHIEVEMENT: play(app, chime, 2, 3.0f); break;
    case CP_FEEDBACK_PASS: play(app, pass, 5, 3.0f); break;
    }
    if (!fx || app->settings.reduced_motion)
        return;
    if (kind == CP_FEEDBACK_RIGHT || kind == CP_FEEDBACK_WRONG || kind == CP_FEEDBACK_COMBO) {
        fx->flash_at = app->clock;
        fx->flash_good = kind != CP_FEEDBACK_WRONG;
        if (app->anim_until < app->clock + 0.4)
            app->anim_until = app->clock + 0.4;
    }
    if (kind == CP_FEEDBACK_PASS) {
        fx->confetti_at = app->clock;
        for (int i = 0; i < CONFETTI; i++) {
            fx->bits[i].x = (float)cp_rng_unit(&fx->rng);
            fx->bits[i].y = -(float)cp_rng_unit(&fx->rng) * 0.4f;
            fx->bits[i].vx = ((float)cp_rng_unit(&fx->rng) - 0.5f) * 0.25f;
            fx->bits[i].vy = 0.15f + (float)cp_rng_unit(&fx->rng) * 0.35f;
            fx->bits[i].spin = (float)cp_rng_unit(&fx->rng) * 6.28f;
            fx->bits[i].hue = (uint8_t)cp_rng_below(&fx->rng, 6);
        }
        app->anim_until = app->clock + 3.0;
    }
}

static void add_banner(cp_app *app, const char *text, cp_color color)
{
    cp_fx *fx = fx_of(app);
    if (!fx)
        return;
    if (fx->n_banners == MAX_BANNERS) {
        memmove(fx->banners, fx->banners + 1, sizeof fx->banners[0] * (MAX_BANNERS - 1));
        fx->n_banners--;
    }
    banner *b = &fx->banners[fx->n_banners++];
    snprintf(b->text, sizeof b->text, "%s", text);
    b->color = color;
    b->at = app->clock;             /* the first one's clock; later ones restart it */
    if (app->anim_until < app->clock + 2.1)
        app->anim_until = app->clock + 2.1;
}

void cp_app_banner(cp_app *app, const char *text, bool good)
{
    const cp_theme *t = app->ui.theme ? app->ui.theme : cp_theme_get("dark");
    add_banner(app, text, good ? t->good : t->accent);
}

void cp_app_notes(cp_app *app, const cp_game_notes *notes)
{
    if (!notes)
        return;
    const cp_theme *t = app->ui.theme ? app->ui.theme : cp_theme_get("dark");
    char text[160];
    for (size_t i = 0; i < notes->n; i++) {
        const cp_game_note *n = &notes->note[i];
        switch (n->kind) {
        case CP_NOTE_LEVEL_UP:
            snprintf(text, sizeof text, "Level %lld!", (long long)n->amount);
            add_banner(app, text, t->accent);
            cp_app_feedback(app, CP_FEEDBACK_LEVEL_UP);
            break;
        case CP_NOTE_ACHIEVEMENT: {
            const cp_achievement *a = cp_game_achievement((int)n->amount);
            snprintf(text, sizeof text, "Achievement: %s", a ? a->title : n->detail);
            add_banner(app, text, t->domain[3]);
            cp_app_feedback(app, CP_FEEDBACK_ACHIEVEMENT);
            break;
        }
        case CP_NOTE_GOAL_MET:
            snprintf(text, sizeof text, "Daily goal met \xc2\xb7 streak %lld day%s", (long long)n->amount,
                     n->amount == 1 ? "" : "s");
            add_banner(app, text, t->good);
            break;
        case CP_NOTE_DRILL_DONE:
            snprintf(text, sizeof text, "Drill finished \xc2\xb7 +%lld XP bonus", (long long)n->amount);
            add_banner(app, text, t->good);
            break;
        case CP_NOTE_FREEZE_EARNED:
            snprintf(text, sizeof text, "Streak freeze earned (%lld held)", (long long)n->amount);
            add_banner(app, text, t->domain[0]);
            break;
        case CP_NOTE_FREEZE_USED:
            snprintf(text, sizeof text, "A streak freeze covered %s", n->detail);
            add_banner(app, text, t->domain[0]);
            break;
        case CP_NOTE_HIGH_SCORE:
            snprintf(text, sizeof text, "New high score: %lld", (long long)n->amount);
            add_banner(app, text, t->accent);
            break;
        case CP_NOTE_XP:
            break;          /* the XP bar on the home screen shows it */
        }
    }
}

void cp_fx_draw(cp_app *app)
{
    cp_fx *fx = app->fx;
    if (!fx)
        return;
    cp_ui *ui = &app->ui;
    double now = app->clock;
    bool still = app->settings.reduced_motion;
    /* Edge flash. */
    double f = now - fx->flash_at;
    if (!still && f >= 0 && f < 0.35) {
        cp_color c = fx->flash_good ? ui->theme->good : ui->theme->bad;
        c.a = (uint8_t)(160 * (1.0 - f / 0.35));
        int e = cp_ui_px(ui, CP_FLASH);
        cp_ui_rect(ui, (cp_rect){0, 0, ui->width, e}, c, 0);
        cp_ui_rect(ui, (cp_rect){0, ui->height - e, ui->width, e}, c, 0);
        cp_ui_rect(ui, (cp_rect){0, 0, e, ui->height}, c, 0);
        cp_ui_rect(ui, (cp_rect){ui->width - e, 0, e, ui->height}, c, 0);
        app->animating = true;
    }
    /* Confetti. */
    double cf = now - fx->confetti_at;
    if (!still && fx->confetti_at > 0 && cf < 3.0) {
        const cp_color *pal = ui->theme->domain;
        cp_color colors[6] = {pal[0], pal[1], pal[2], pal[3], ui->theme->accent, ui->theme->good};
        int sz = cp_ui_px(ui, CP_CONFETTI);
        for (int i = 0; i < CONFETTI; i++) {
            float t = (float)cf;
            float x = fx->bits[i].x + fx->bits[i].vx * t;
            float y = fx->bits[i].y + fx->bits[i].vy * t + 0.25f * t * t;
            if (y < -0.05f || y > 1.05f)
                continue;
            int w = (int)(sz * (0.5f + 0.5f * fabsf(sinf(fx->bits[i].spin + t * 7))));
            cp_color c = colors[fx->bits[i].hue % 6];
            c.a = (uint8_t)(cf > 2.4 ? 255 * (3.0 - cf) / 0.6 : 255);
            cp_ui_rect(ui, (cp_rect){(int)(x * (float)ui->width), (int)(y * (float)ui->height), w > 1 ? w : 1, sz}, c, 1);
        }
        app->animating = true;
    }
    /* Banners: one at a time, in the right half of the top bar, where they
     * cover only the key hints, never the content; each shows for 2 s,
     * the next one after it. */
    while (fx->n_banners && now - fx->banners[0].at > 2.0) {
        memmove(fx->banners, fx->banners + 1, sizeof fx->banners[0] * (fx->n_banners - 1));
        fx->n_banners--;
        if (fx->n_banners)
            fx->banners[0].at = now;
    }
    if (fx->n_banners) {
        banner *b = &fx->banners[0];
        double age = now - b->at;
        int bar = cp_ui_px(ui, CP_BAR_H), pad = cp_ui_px(ui, CP_SPACE);
        int bw = ui->width / 2 - cp_ui_px(ui, CP_MARGIN), bh = bar - 2 * pad;
        int fs = cp_ui_font_in_row(ui, CP_SIZE_BODY, bh, 4), lh = cp_ui_line_height(ui, fs);
        /* It grows in from 60 % of its width, staying on screen. */
        float grow = still || age > 0.2 ? 1.0f : 0.6f + 0.4f * (float)(age / 0.2);
        int w = (int)((float)bw * grow);
        cp_rect r = {ui->width - cp_ui_px(ui, CP_SPACE_XL) - bw + (bw - w) / 2, pad, w, bh};
        cp_ui_rect(ui, r, b->color, cp_ui_px(ui, CP_RADIUS));
        cp_ui_text(ui, (cp_rect){r.x + cp_ui_px(ui, CP_SPACE_XL), r.y + (bh - lh) / 2, r.w - cp_ui_px(ui, 2 * CP_SPACE_XL), lh}, b->text,
                   CP_FONT_BOLD, fs, ui->theme->accent_text, CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
        app->animating = true;
    }
}
