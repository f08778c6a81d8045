/* Widgets. Layout works in units of a 1280x800 design scaled to the window
 * (so 960x600 is 0.75 and 2560x1440 is 1.8); text sizes also follow the
 * learner's font scale. Everything is emitted into the frame's draw list. */
#include "ui.h"

#include <string.h>

static const cp_theme themes[] = {
    {"dark", {17, 19, 26, 255}, {29, 32, 43, 255}, {40, 44, 59, 255}, {58, 63, 82, 255},
     {234, 236, 242, 255}, {150, 156, 175, 255}, {255, 153, 0, 255}, {20, 20, 24, 255},
     {64, 196, 120, 255}, {236, 88, 88, 255}, {240, 190, 60, 255},
     {{94, 156, 255, 255}, {236, 104, 132, 255}, {84, 200, 170, 255}, {196, 150, 255, 255}}},
    {"light", {244, 245, 248, 255}, {255, 255, 255, 255}, {233, 236, 243, 255}, {205, 210, 222, 255},
     {24, 28, 38, 255}, {92, 99, 118, 255}, {214, 110, 0, 255}, {255, 255, 255, 255},
     {22, 140, 72, 255}, {200, 44, 44, 255}, {170, 110, 0, 255},
     {{38, 100, 220, 255}, {200, 50, 90, 255}, {10, 140, 120, 255}, {120, 70, 200, 255}}},
    {"contrast", {0, 0, 0, 255}, {12, 12, 12, 255}, {40, 40, 40, 255}, {255, 255, 255, 255},
     {255, 255, 255, 255}, {220, 220, 220, 255}, {255, 214, 0, 255}, {0, 0, 0, 255},
     {0, 255, 120, 255}, {255, 90, 90, 255}, {255, 214, 0, 255},
     {{120, 190, 255, 255}, {255, 140, 180, 255}, {100, 255, 220, 255}, {220, 180, 255, 255}}},
};

const cp_theme *cp_theme_get(const char *name)
{
    for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
        if (name && strcmp(themes[i].name, name) == 0)
            return &themes[i];
    return &themes[0];
}

bool cp_rect_contains(cp_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

cp_rect cp_rect_inset(cp_rect r, int d)
{
    return (cp_rect){r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
}

void cp_ui_begin(cp_ui *ui, int width, int height)
{
    cp_draw_clear(&ui->list);
    ui->width = width;
    ui->height = height;
    float sx = (float)width / 1280.0f, sy = (float)height / 800.0f;
    ui->scale = sx < sy ? sx : sy;
    if (ui->font_scale < 0.5f)
        ui->font_scale = 1.0f;
    if (!ui->theme)
        ui->theme = cp_theme_get("dark");
}

int cp_ui_px(const cp_ui *ui, float units)
{
    return (int)(units * ui->scale + 0.5f);
}

int cp_ui_font(const cp_ui *ui, float units)
{
    int px = (int)(units * ui->scale * ui->font_scale + 0.5f);
    return px < CP_SIZE_MIN_PX ? CP_SIZE_MIN_PX : px;
}

void cp_ui_rect(cp_ui *ui, cp_rect r, cp_color c, int radius)
{
    cp_draw_rect(&ui->list, r, c, radius);
}

void cp_ui_panel(cp_ui *ui, cp_rect r)
{
    cp_draw_rect(&ui->list, r, ui->theme->border, cp_ui_px(ui, CP_RADIUS_PANEL));
    cp_draw_rect(&ui->list, cp_rect_inset(r, 1), ui->theme->panel, cp_ui_px(ui, CP_RADIUS_PANEL));
}

int cp_ui_font_in_row(const cp_ui *ui, float size, int row_h, int slack)
{
    int px = cp_ui_font(ui, size);
    return cp_ui_line_height(ui, px) > row_h - slack ? row_h * 2 / 3 : px;
}

int cp_ui_line_height(const cp_ui *ui, int font_px)
{
    return ui->text.line_height(ui->text.ctx, font_px);
}

int cp_ui_text(cp_ui *ui, cp_rect box, const char *text, cp_font_style style, int font_px,
               cp_color color, int flags)
{
    return cp_text_layout(&ui->text, &ui->list, box, text, style, font_px, color, flags);
}

int cp_ui_text_height(cp_ui *ui, int width, const char *text, cp_font_style style, int font_px)
{
    return cp_text_layout(&ui->text, &ui->list, (cp_rect){0, 0, width, 1 << 28}, text, style,
                          font_px, ui->theme->text, CP_TEXT_MEASURE);
}

int cp_ui_fit(cp_ui *ui, cp_rect box, const char *text, cp_font_style style, int want, int min)
{
    int size = want;
    while (size > min && cp_ui_text_height(ui, box.w, text, style, size) > box.h)
        size--;
    return size;
}

int cp_ui_paragraph(cp_ui *ui, cp_rect box, const char *text, cp_font_style style, float size,
                    cp_color color)
{
    int px = cp_ui_fit(ui, box, text, style, cp_ui_font(ui, size), CP_SIZE_MIN_PX);
    cp_ui_text(ui, box, text, style, px, color, CP_TEXT_WRAP);
    return px;
}

cp_rect cp_ui_column(const cp_ui *ui, cp_rect r, float width)
{
    int w = cp_ui_px(ui, width);
    if (r.w > w) {
        r.x += (r.w - w) / 2;
        r.w = w;
    }
    return r;
}

static bool take_click(cp_ui *ui, cp_rect r)
{
    if (ui->clicked && cp_rect_contains(r, ui->click_x, ui->click_y)) {
        ui->clicked = false;
        return true;
    }
    return false;
}

bool cp_ui_button(cp_ui *ui, cp_rect r, const char *label, const char *hint, cp_button_kind kind)
{
    const cp_theme *t = ui->theme;
    bool hover = cp_rect_contains(r, ui->mouse_x, ui->mouse_y);
    cp_color bg = hover ? t->panel_hi : t->panel, fg = t->text;
    switch (kind) {
    case CP_BUTTON_PRIMARY: bg = t->accent; fg = t->accent_text; break;
    case CP_BUTTON_GOOD: bg = t->good; fg = t->accent_text; break;
    case CP_BUTTON_BAD: bg = t->bad; fg = t->accent_text; break;
    case CP_BUTTON_QUIET: bg = hover ? t->panel_hi : t->bg; break;
    default: break;
    }
    int rad = cp_ui_px(ui, CP_RADIUS);
    if (kind == CP_BUTTON_NORMAL || kind == CP_BUTTON_QUIET)
        cp_draw_rect(&ui->list, r, t->border, rad);
    cp_draw_rect(&ui->list, kind == CP_BUTTON_NORMAL || kind == CP_BUTTON_QUIET ? cp_rect_inset(r, 1) : r,
                 hover && kind != CP_BUTTON_NORMAL && kind != CP_BUTTON_QUIET
                     ? (cp_color){(uint8_t)(bg.r * 9 / 10), (uint8_t)(bg.g * 9 / 10), (uint8_t)(bg.b * 9 / 10), 255}
                     : bg, rad);
    int pad = cp_ui_px(ui, CP_SPACE_L);
    if (pad > r.w / 8) /* a narrow button (Settings' - and +) keeps room for its label */
        pad = r.w / 8;
    int fs = cp_ui_font(ui, CP_SIZE_BODY);
    int hint_fs = cp_ui_font(ui, CP_SIZE_CAPTION);
    cp_rect inner = {r.x + pad, r.y, r.w - 2 * pad, r.h};
    int lh = cp_ui_line_height(ui, fs);
    if (hint && *hint) {
        /* Label on the first line, the key (and e.g. the interval) under it
         * when there is room; otherwise the label alone. */
        int hh = cp_ui_line_height(ui, hint_fs);
        if (lh + hh <= r.h - cp_ui_px(ui, CP_SPACE_S)) {
            int top = r.y + (r.h - lh - hh) / 2;
            cp_ui_text(ui, (cp_rect){inner.x, top, inner.w, lh}, label, CP_FONT_BOLD, fs, fg,
                       CP_TEXT_ELLIPSIS | CP_TEXT_CENTER);
            cp_color mc = kind == CP_BUTTON_NORMAL || kind == CP_BUTTON_QUIET ? t->muted : fg;
            cp_ui_text(ui, (cp_rect){inner.x, top + lh, inner.w, hh}, hint, CP_FONT_REGULAR, hint_fs, mc,
                       CP_TEXT_ELLIPSIS | CP_TEXT_CENTER);
            return take_click(ui, r);
        }
    }
    if (lh > r.h)
        lh = r.h;
    cp_ui_text(ui, (cp_rect){inner.x, r.y + (r.h - lh) / 2, inner.w, lh}, label, CP_FONT_BOLD, fs, fg,
               CP_TEXT_ELLIPSIS | CP_TEXT_CENTER);
    return take_click(ui, r);
}

int cp_ui_option_height(cp_ui *ui, int width, const char *text, int font_px)
{
    int badge = cp_ui_px(ui, CP_BADGE), pad = cp_ui_px(ui, CP_SPACE_L);
    int h = cp_ui_text_height(ui, width - badge - 3 * pad, text, CP_FONT_REGULAR, font_px);
    int min = badge + pad;
    return h + 2 * pad > min ? h + 2 * pad : min;
}

bool cp_ui_option(cp_ui *ui, cp_rect r, const char *badge, const char *text, int font_px,
                  cp_option_state state)
{
    const cp_theme *t = ui->theme;
    bool hover = cp_rect_contains(r, ui->mouse_x, ui->mouse_y);
    cp_color edge = t->border, fill = hover && state == CP_OPTION_IDLE ? t->panel_hi : t->panel;
    switch (state) {
    case CP_OPTION_SELECTED: edge = t->accent; fill = t->panel_hi; break;
    case CP_OPTION_RIGHT: edge = t->good; break;
    case CP_OPTION_WRONG: edge = t->bad; break;
    case CP_OPTION_MISSED: edge = t->warn; break;
    default: break;
    }
    int rad = cp_ui_px(ui, CP_RADIUS), bw = state == CP_OPTION_IDLE ? 1 : cp_ui_px(ui, CP_STROKE);
    cp_draw_rect(&ui->list, r, edge, rad);
    cp_draw_rect(&ui->list, cp_rect_inset(r, bw < 1 ? 1 : bw), fill, rad);
    int pad = cp_ui_px(ui, CP_SPACE_L), bs = cp_ui_px(ui, CP_BADGE);
    cp_rect b = {r.x + pad, r.y + (r.h - bs) / 2, bs, bs};
    if (r.h > bs + 2 * pad)
        b.y = r.y + pad;
    cp_color bfill = state == CP_OPTION_IDLE ? t->panel_hi : edge;
    cp_draw_rect(&ui->list, b, bfill, cp_ui_px(ui, CP_RADIUS_S));
    int bf = cp_ui_font(ui, CP_SIZE_DETAIL);
    int blh = cp_ui_line_height(ui, bf);
    cp_ui_text(ui, (cp_rect){b.x, b.y + (bs - blh) / 2, bs, blh}, badge, CP_FONT_BOLD, bf,
               state == CP_OPTION_IDLE ? t->text : t->accent_text, CP_TEXT_CENTER | CP_TEXT_ELLIPSIS);
    cp_rect tb = {b.x + bs + pad, r.y + pad, r.w - bs - 3 * pad, r.h - 2 * pad};
    int th = cp_ui_text_height(ui, tb.w, text, CP_FONT_REGULAR, font_px);
    if (th < tb.h)
        tb.y += (tb.h - th) / 2, tb.h = th;
    cp_ui_text(ui, tb, text, CP_FONT_REGULAR, font_px, t->text, CP_TEXT_WRAP);
    return take_click(ui, r);
}

void cp_ui_progress(cp_ui *ui, cp_rect r, float fraction, cp_color color)
{
    if (fraction < 0) fraction = 0;
    if (fraction > 1) fraction = 1;
    cp_draw_rect(&ui->list, r, ui->theme->panel_hi, r.h / 2);
    int w = (int)((float)r.w * fraction + 0.5f);
    if (w > 0)
        cp_draw_rect(&ui->list, (cp_rect){r.x, r.y, w < r.h ? r.h : w, r.h}, color, r.h / 2);
}

void cp_ui_gauge(cp_ui *ui, cp_rect box, float fraction, cp_color color, int thickness)
{
    if (fraction < 0) fraction = 0;
    if (fraction > 1) fraction = 1;
    cp_draw_ring(&ui->list, box, ui->theme->panel_hi, thickness, 0.0f, 1.0f);
    if (fraction > 0)
        cp_draw_ring(&ui->list, box, color, thickness, 0.0f, fraction);
}

cp_rect cp_ui_section(cp_ui *ui, cp_rect r, float pad, float size, const char *heading,
                      const char *note, int *heading_h)
{
    const cp_theme *t = ui->theme;
    cp_ui_panel(ui, r);
    cp_rect in = cp_rect_inset(r, cp_ui_px(ui, pad));
    int fs = cp_ui_font(ui, size), lh = cp_ui_line_height(ui, fs);
    int hw = note ? in.w / 2 : in.w;
    cp_ui_text(ui, (cp_rect){in.x, in.y, hw, lh}, heading, CP_FONT_BOLD, fs, t->muted, CP_TEXT_ELLIPSIS);
    if (note)
        cp_ui_text(ui, (cp_rect){in.x + hw, in.y, in.w - hw, lh}, note, CP_FONT_REGULAR, fs, t->text,
                   CP_TEXT_ELLIPSIS | CP_TEXT_RIGHT);
    *heading_h = lh;
    return in;
}

bool cp_ui_notice(cp_ui *ui, cp_rect area, const char *title, const char *body, const char *button,
                  const char *hint)
{
    const cp_theme *t = ui->theme;
    cp_rect panel = cp_ui_column(ui, area, CP_WIDTH_NOTICE);
    panel.y += cp_ui_px(ui, CP_GAP);
    panel.h -= cp_ui_px(ui, 2 * CP_GAP);
    if (panel.h > cp_ui_px(ui, CP_HEIGHT_NOTICE))
        panel.h = cp_ui_px(ui, CP_HEIGHT_NOTICE);
    cp_ui_panel(ui, panel);
    int pad = cp_ui_px(ui, CP_PAD_XL), gap = cp_ui_px(ui, CP_SPACE_2XL);
    int ts = cp_ui_font(ui, CP_SIZE_HEADLINE), tlh = cp_ui_line_height(ui, ts);
    cp_ui_text(ui, (cp_rect){panel.x + pad, panel.y + pad, panel.w - 2 * pad, tlh}, title, CP_FONT_BOLD,
               ts, t->text, CP_TEXT_ELLIPSIS);
    int bh = cp_ui_px(ui, CP_BUTTON_H);
    cp_rect text = {panel.x + pad, panel.y + pad + tlh + gap, panel.w - 2 * pad,
                    panel.h - 3 * pad - tlh - bh - gap};
    cp_ui_paragraph(ui, text, body, CP_FONT_REGULAR, CP_SIZE_LEAD, t->muted);
    return cp_ui_button(ui, (cp_rect){panel.x + pad, panel.y + panel.h - pad - bh, cp_ui_px(ui, CP_BUTTON_W_L), bh},
                        button, hint, CP_BUTTON_PRIMARY);
}

cp_rect cp_ui_modal(cp_ui *ui, int w, int h)
{
    cp_draw_rect(&ui->list, (cp_rect){0, 0, ui->width, ui->height}, (cp_color){0, 0, 0, 170}, 0);
    if (w > ui->width - 2 * cp_ui_px(ui, CP_GAP))
        w = ui->width - 2 * cp_ui_px(ui, CP_GAP);
    if (h > ui->height - 2 * cp_ui_px(ui, CP_GAP))
        h = ui->height - 2 * cp_ui_px(ui, CP_GAP);
    cp_rect r = {(ui->width - w) / 2, (ui->height - h) / 2, w, h};
    cp_ui_panel(ui, r);
    return r;
}
