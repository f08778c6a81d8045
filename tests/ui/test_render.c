/* The drawing backend, by pixels: a draw list replayed with the software
 * renderer onto a surface. Rectangles fill what they should (rounded
 * corners stay clear), text lands only inside its run's bounds, the
 * text cache stays within its bound, and text rendered ahead on another
 * thread draws the same. */
#include "cp_test.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts.h"
#include "render.h"
#include "text.h"

typedef struct fixture {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    cp_fonts *fonts;
    cp_text_measure measure;
} fixture;

static int setup(void **state)
{
    static fixture f;
    if (TTF_Init() != 0)
        return -1;
    char err[256];
    f.fonts = cp_fonts_open(NULL, err, sizeof err);
    if (f.fonts)
        f.measure = cp_fonts_measure(f.fonts);
    f.surf = SDL_CreateRGBSurfaceWithFormat(0, 320, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    f.ren = f.surf ? SDL_CreateSoftwareRenderer(f.surf) : NULL;
    *state = &f;
    return f.fonts && f.ren ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    SDL_DestroyRenderer(f->ren);
    SDL_FreeSurface(f->surf);
    cp_fonts_close(f->fonts);
    TTF_Quit();
    return 0;
}

static uint32_t pixel(SDL_Surface *s, int x, int y)
{
    return ((uint32_t *)s->pixels)[y * (s->pitch / 4) + x] & 0xffffff;
}

static void test_rects_text_and_bounds(void **state)
{
    fixture *f = *state;
    cp_renderer *r = cp_renderer_new(f->ren, f->fonts, 8);
    cp_draw_list list = {0};
    cp_draw_rect(&list, (cp_rect){10, 10, 100, 50}, (cp_color){255, 0, 0, 255}, 12);
    cp_rect box = {20, 100, 280, 60};
    int h = cp_text_layout(&f->measure, &list, box, "Hello \x02" "cloud\x03", CP_FONT_REGULAR, 24,
                           (cp_color){255, 255, 255, 255}, CP_TEXT_WRAP);
    assert_true(h > 0 && h <= box.h);
    cp_renderer_draw(r, &list, (cp_color){0, 0, 0, 255});
    SDL_RenderPresent(f->ren);

    assert_int_equal(pixel(f->surf, 60, 35), 0xff0000);        /* inside the rect */
    assert_int_equal(pixel(f->surf, 10, 10), 0x000000);        /* rounded corner stays clear */
    assert_int_equal(pixel(f->surf, 5, 5), 0x000000);
    /* Text pixels: some inside the runs, none outside any run or the rect. */
    int inside = 0, stray = 0;
    for (int y = 0; y < 200; y++)
        for (int x = 0; x < 320; x++) {
            if (!pixel(f->surf, x, y))
                continue;
            bool in_rect = x >= 10 && x < 110 && y >= 10 && y < 60;
            bool in_run = false;
            for (size_t i = 0; i < list.n; i++) {
                cp_rect b = list.items[i].rect;
                if (list.items[i].kind == CP_DRAW_TEXT && x >= b.x && x < b.x + b.w + 2 && y >= b.y &&
                    y < b.y + b.h)
                    in_run = true;
            }
            inside += in_run;
            stray += !in_run && !in_rect;
        }
    assert_true(inside > 50);
    assert_int_equal(stray, 0);
    /* Two runs (regular and bold), each cached once; drawing again adds none. */
    assert_int_equal(cp_renderer_cache_size(r), 2);
    cp_renderer_draw(r, &list, (cp_color){0, 0, 0, 255});
    assert_int_equal(cp_renderer_cache_size(r), 2);
    cp_draw_release(&list);
    cp_renderer_free(r);
}

static void test_text_cache_is_bounded(void **state)
{
    fixture *f = *state;
    cp_renderer *r = cp_renderer_new(f->ren, f->fonts, 4);
    cp_draw_list list = {0};
    char word[16];
    for (int i = 0; i < 20; i++) {
        cp_draw_clear(&list);
        snprintf(word, sizeof word, "word%d", i);
        cp_text_layout(&f->measure, &list, (cp_rect){0, 0, 300, 40}, word, CP_FONT_REGULAR, 16,
                       (cp_color){200, 200, 200, 255}, CP_TEXT_ELLIPSIS);
        cp_renderer_draw(r, &list, (cp_color){0, 0, 0, 255});
        assert_true(cp_renderer_cache_size(r) <= 4);
    }
    assert_int_equal(cp_renderer_cache_size(r), 4);
    cp_draw_release(&list);
    cp_renderer_free(r);
}

static void test_ellipsis_keeps_one_line_in_its_box(void **state)
{
    fixture *f = *state;
    cp_draw_list list = {0};
    cp_rect box = {0, 0, 120, 30};
    cp_text_layout(&f->measure, &list, box, "A very long line of text that cannot fit in this small box",
                   CP_FONT_REGULAR, 16, (cp_color){255, 255, 255, 255}, CP_TEXT_ELLIPSIS);
    int right = 0;
    bool ellipsis = false;
    for (size_t i = 0; i < list.n; i++) {
        cp_rect b = list.items[i].rect;
        if (b.x + b.w > right)
            right = b.x + b.w;
        ellipsis |= strstr(cp_draw_string(&list, &list.items[i]), "\xe2\x80\xa6") != NULL;
        assert_int_equal(b.y, 0);                               /* one line */
    }
    assert_true(right <= box.w);
    assert_true(ellipsis);
    assert_int_equal(list.overflow, 0);
    /* Wrapping into a box too short reports the lines it left out. */
    cp_draw_clear(&list);
    cp_text_layout(&f->measure, &list, box, "A very long line of text that cannot fit in this small box",
                   CP_FONT_REGULAR, 16, (cp_color){255, 255, 255, 255}, CP_TEXT_WRAP);
    assert_true(list.overflow > 0);
    cp_draw_release(&list);
}

/* The first frame's text made ahead, on another thread (as the app does
 * while its window opens): the adopted frame draws the same pixels as one
 * that renders its text on the spot, and drawing it renders nothing new. */
typedef struct prep_job {
    cp_fonts *fonts;
    const cp_draw_list *list;
    cp_text_prep *prep;
} prep_job;

static int make_prep(void *arg)
{
    prep_job *job = arg;
    job->prep = cp_text_prep_make(job->fonts, job->list);
    return 0;
}

static void test_text_made_ahead_draws_the_same(void **state)
{
    fixture *f = *state;
    cp_draw_list list = {0};
    cp_draw_rect(&list, (cp_rect){0, 0, 320, 40}, (cp_color){30, 60, 90, 255}, 0);
    cp_text_layout(&f->measure, &list, (cp_rect){8, 4, 300, 30},
                   "Today \x02"
                   "12 due\x03",
                   CP_FONT_REGULAR, 20, (cp_color){240, 240, 240, 255}, CP_TEXT_ELLIPSIS);
    cp_text_layout(&f->measure, &list, (cp_rect){8, 60, 300, 120},
                   "Cloud Concepts, Security and Compliance: the same words again and again",
                   CP_FONT_REGULAR, 18, (cp_color){200, 220, 255, 255}, CP_TEXT_WRAP);
    /* A run twice (it is adopted once) and in a second colour. */
    cp_text_layout(&f->measure, &list, (cp_rect){8, 150, 140, 24}, "Ready", CP_FONT_BOLD, 18,
                   (cp_color){90, 200, 120, 255}, CP_TEXT_ELLIPSIS);
    cp_text_layout(&f->measure, &list, (cp_rect){160, 150, 140, 24}, "Ready", CP_FONT_BOLD, 18,
                   (cp_color){90, 200, 120, 255}, CP_TEXT_ELLIPSIS);
    cp_text_layout(&f->measure, &list, (cp_rect){8, 176, 140, 24}, "Ready", CP_FONT_BOLD, 18,
                   (cp_color){250, 120, 90, 255}, CP_TEXT_ELLIPSIS);
    size_t runs = 0;
    for (size_t i = 0; i < list.n; i++)
        runs += list.items[i].kind == CP_DRAW_TEXT;
    assert_true(runs >= 6);

    cp_renderer *on_the_spot = cp_renderer_new(f->ren, f->fonts, 64);
    cp_renderer_draw(on_the_spot, &list, (cp_color){0, 0, 0, 255});
    SDL_RenderPresent(f->ren);
    size_t distinct = cp_renderer_cache_size(on_the_spot);
    size_t bytes = (size_t)f->surf->pitch * (size_t)f->surf->h;
    uint8_t *want = malloc(bytes);
    assert_non_null(want);
    memcpy(want, f->surf->pixels, bytes);
    cp_renderer_free(on_the_spot);

    SDL_SetRenderDrawColor(f->ren, 255, 0, 255, 255);
    SDL_RenderClear(f->ren);
    prep_job job = {f->fonts, &list, NULL};
    SDL_Thread *t = SDL_CreateThread(make_prep, "prep", &job);
    assert_non_null(t);
    SDL_WaitThread(t, NULL);
    assert_non_null(job.prep);
    cp_renderer *ahead = cp_renderer_new(f->ren, f->fonts, 64);
    cp_renderer_adopt(ahead, &list, job.prep);
    assert_int_equal(cp_renderer_cache_size(ahead), distinct);
    assert_true(distinct < runs); /* the repeated run is one texture */
    cp_renderer_draw(ahead, &list, (cp_color){0, 0, 0, 255});
    SDL_RenderPresent(f->ren);
    assert_int_equal(cp_renderer_cache_size(ahead), distinct);
    assert_memory_equal(f->surf->pixels, want, bytes);
    cp_renderer_free(ahead);

    /* A cache smaller than the frame keeps what fits and still draws it all. */
    cp_renderer *small = cp_renderer_new(f->ren, f->fonts, 2);
    cp_renderer_adopt(small, &list, cp_text_prep_make(f->fonts, &list));
    assert_int_equal(cp_renderer_cache_size(small), 2);
    cp_renderer_draw(small, &list, (cp_color){0, 0, 0, 255});
    SDL_RenderPresent(f->ren);
    assert_memory_equal(f->surf->pixels, want, bytes);
    cp_renderer_free(small);
    cp_text_prep_free(cp_text_prep_make(f->fonts, &list)); /* made and not used */
    free(want);
    cp_draw_release(&list);
}

CP_TEST_MAIN(setup, teardown,
             {
                 cmocka_unit_test(test_rects_text_and_bounds),
                 cmocka_unit_test(test_text_cache_is_bounded),
                 cmocka_unit_test(test_ellipsis_keeps_one_line_in_its_box),
                 cmocka_unit_test(test_text_made_ahead_draws_the_same),
             })
