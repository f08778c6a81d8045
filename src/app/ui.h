/* The immediate-mode widget layer: screens call these each frame; they lay
 * out in pixels derived from a scale factor, emit draw commands, and report
 * clicks. Input arrives as cp_input (no SDL here). */
#ifndef CLOUDPREP_UI_H
#define CLOUDPREP_UI_H

#include "draw.h"
#include "layout.h"
#include "text.h"

#include "cloudprep/blueprint.h"

typedef enum cp_key {
    CP_KEY_NONE = 0,
    CP_KEY_ENTER = 256, CP_KEY_ESCAPE, CP_KEY_SPACE, CP_KEY_BACKSPACE, CP_KEY_TAB,
    CP_KEY_LEFT, CP_KEY_RIGHT, CP_KEY_UP, CP_KEY_DOWN, CP_KEY_F11, CP_KEY_PAGEUP, CP_KEY_PAGEDOWN,
    /* Letters and digits are their lowercase ASCII codes: 'a', '1', '?'. */
} cp_key;

typedef enum cp_input_kind { CP_INPUT_KEY, CP_INPUT_CLICK, CP_INPUT_WHEEL } cp_input_kind;

typedef struct cp_input {
    cp_input_kind kind;
    int key;                /* cp_key or ASCII */
    bool ctrl, shift;
    int x, y;               /* CLICK: pixels */
    int wheel;              /* WHEEL: +up / -down */
} cp_input;

typedef struct cp_theme {
    const char *name;
    cp_color bg, panel, panel_hi, border, text, muted, accent, accent_text, good, bad, warn;
    cp_color domain[CP_DOMAINS];
} cp_theme;

const cp_theme *cp_theme_get(const char *name);   /* "dark", "light", "contrast" */

typedef struct cp_ui {
    cp_draw_list list;
    cp_text_measure text;   /* the platform's measurer (fonts) */
    const cp_theme *theme;
    int width, height;      /* pixels */
    float scale;            /* pixels per layout unit */
    float font_scale;       /* the learner's setting, 0.8 .. 1.6 */
    /* This frame's click, consumed by the first widget that contains it. */
    bool clicked;
    int click_x, click_y;
    int mouse_x, mouse_y;
} cp_ui;

/* Starts a frame: clears the list, sets the scale for width x height. */
void cp_ui_begin(cp_ui *ui, int width, int height);
int cp_ui_px(const cp_ui *ui, float units);
/* Font pixel size for a size in layout units (applies the font scale). */
int cp_ui_font(const cp_ui *ui, float units);

void cp_ui_rect(cp_ui *ui, cp_rect r, cp_color c, int radius);
void cp_ui_panel(cp_ui *ui, cp_rect r);
/* The pixel size for text of size `size` (layout units) in a row `row_h`
 * pixels high: the role's size when its line leaves `slack` pixels, else
 * two thirds of the row (small windows). */
int cp_ui_font_in_row(const cp_ui *ui, float size, int row_h, int slack);
/* The height of one line of text at a pixel size. */
int cp_ui_line_height(const cp_ui *ui, int font_px);
/* Text in a box (wraps); returns the height used. */
int cp_ui_text(cp_ui *ui, cp_rect box, const char *text, cp_font_style style, int font_px,
               cp_color color, int flags);
/* Height the text would take at this width. */
int cp_ui_text_height(cp_ui *ui, int width, const char *text, cp_font_style style, int font_px);
/* Largest font size (from `want` down to `min`) at which text fits in box. */
int cp_ui_fit(cp_ui *ui, cp_rect box, const char *text, cp_font_style style, int want, int min);
/* Wrapped text filling box: at the font size `size` (layout units, a
 * CP_SIZE_ role), or the largest smaller one at which it fits. Returns the
 * pixel size used. */
int cp_ui_paragraph(cp_ui *ui, cp_rect box, const char *text, cp_font_style style, float size,
                    cp_color color);
/* r narrowed to at most `width` layout units, centred (a readable column). */
cp_rect cp_ui_column(const cp_ui *ui, cp_rect r, float width);

typedef enum cp_button_kind { CP_BUTTON_NORMAL, CP_BUTTON_PRIMARY, CP_BUTTON_GOOD, CP_BUTTON_BAD, CP_BUTTON_QUIET } cp_button_kind;
/* A button with its keyboard shortcut shown (hint may be NULL). True when clicked. */
bool cp_ui_button(cp_ui *ui, cp_rect r, const char *label, const char *hint, cp_button_kind kind);

typedef enum cp_option_state { CP_OPTION_IDLE, CP_OPTION_SELECTED, CP_OPTION_RIGHT, CP_OPTION_WRONG, CP_OPTION_MISSED } cp_option_state;
/* One answer option: a key badge ("A") and its text. True when clicked. */
bool cp_ui_option(cp_ui *ui, cp_rect r, const char *badge, const char *text, int font_px, cp_option_state state);
int cp_ui_option_height(cp_ui *ui, int width, const char *text, int font_px);

void cp_ui_progress(cp_ui *ui, cp_rect r, float fraction, cp_color color);
/* A semicircle-free ring gauge: fraction of a full turn from the top. */
void cp_ui_gauge(cp_ui *ui, cp_rect box, float fraction, cp_color color, int thickness);
/* A panel with a heading at the top of its inside (bold, muted; with a
 * note at the right, or NULL) in font size `size` (layout units), `pad`
 * units in from its edge. Returns the inside; *heading_h gets the
 * heading's height. */
cp_rect cp_ui_section(cp_ui *ui, cp_rect r, float pad, float size, const char *heading,
                      const char *note, int *heading_h);
/* A notice at the top of area: a panel with a headline, a paragraph (muted,
 * fitted) and a primary button (label and key hint) at its foot. True when
 * the button is clicked. */
bool cp_ui_notice(cp_ui *ui, cp_rect area, const char *title, const char *body, const char *button,
                  const char *hint);
/* Dims the screen and returns the centred dialog rectangle. */
cp_rect cp_ui_modal(cp_ui *ui, int w, int h);

bool cp_rect_contains(cp_rect r, int x, int y);
cp_rect cp_rect_inset(cp_rect r, int d);

#endif
