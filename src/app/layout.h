/* The layout: every size, space and font size the screens use, in layout
 * units of the 1280x800 design (cp_ui_px and cp_ui_font scale them to the
 * window, cp_ui_font also to the learner's text size). Screens name a role
 * from here, never a number, so the rhythm of the whole app is changed in
 * this one place. Colours are the theme's (ui.h). */
#ifndef CLOUDPREP_LAYOUT_H
#define CLOUDPREP_LAYOUT_H

/* Font sizes by role. */
enum cp_layout_font {
    CP_SIZE_AXIS = 12,          /* chart axis labels */
    CP_SIZE_CAPTION = 13,       /* a button's key hint, legends, scale labels */
    CP_SIZE_NOTE = 14,          /* notes, a card's meta line, chart titles, the reasons */
    CP_SIZE_LABEL = 15,         /* headings in capitals, the top bar's hints, list rows */
    CP_SIZE_DETAIL = 16,        /* secondary lines, the status strip, badges, the toast */
    CP_SIZE_BODY = 17,          /* button labels, dialog and help text, banners */
    CP_SIZE_LEAD = 18,          /* a notice's text, a verdict under a card */
    CP_SIZE_QUESTION = 19,      /* a question and its options */
    CP_SIZE_STATUS = 20,        /* the line over a question, a round's verdict, messages */
    CP_SIZE_TITLE = 22,         /* the top bar's title, a dialog's title, a verdict */
    CP_SIZE_TITLE_L = 24,       /* a confirmation's title, a flashcard's back */
    CP_SIZE_HEADLINE = 30,      /* a notice's or summary's headline, a flashcard's front */
    CP_SIZE_DISPLAY = 40,       /* the big figure on Home */
    CP_SIZE_DISPLAY_L = 64,     /* the diagnostic's estimated score */
    CP_SIZE_MIN_PX = 9,         /* pixels: the smallest text ever drawn */
};

/* Spacing: a scale for the space between things inside a block, and the
 * gap between blocks. */
enum cp_layout_space {
    CP_SPACE_2XS = 2,
    CP_SPACE_XS = 4,
    CP_SPACE_S = 6,
    CP_SPACE_M = 8,
    CP_SPACE = 10,
    CP_SPACE_L = 12,
    CP_SPACE_XL = 14,
    CP_SPACE_2XL = 16,
    CP_SPACE_3XL = 18,
    CP_GAP = 20,                /* between blocks; the window's edge to a dialog or toast */
    CP_SPACE_4XL = 22,
    CP_SPACE_5XL = 24,
};

/* Frames: the page, panels and dialogs. */
enum cp_layout_frame {
    CP_BAR_H = 64,              /* the top bar; Home's banners and status strip */
    CP_MARGIN = 28,             /* the page's sides; inside dialogs and the card panel */
    CP_BRAND = 26,              /* the brand mark in the top bar */
    CP_PAD_S = 14,              /* inside a chart's panel */
    CP_PAD_STRIP = 18,          /* inside Home's status strip */
    CP_PAD_M = 22,              /* inside the readiness and review panels */
    CP_PAD = 24,                /* inside panels: the question, results, diagnostic */
    CP_PAD_L = 26,              /* inside Home's drill panel, summaries, the navigator */
    CP_PAD_XL = 30,             /* inside a notice (cp_ui_notice) */
    CP_RADIUS_PANEL = 14,
    CP_RADIUS_BANNER = 12,      /* banners, and the focus ring around a button */
    CP_RADIUS = 10,             /* buttons, options, rows, the toast */
    CP_RADIUS_S = 8,            /* badges, navigator cells */
    CP_RADIUS_XS = 6,           /* the brand mark */
    CP_RADIUS_2XS = 4,          /* the flag corner */
    CP_FOCUS_RING = 3,          /* how far a focus ring stands out */
    CP_FOCUS_RING_S = 2,        /* ... around an option */
    CP_STROKE = 3,              /* a picked option's edge; average ticks */
    CP_FLASH = 6,               /* the edge flash for right and wrong */
    CP_CONFETTI = 9,            /* a confetti bit */
};

/* Controls. */
enum cp_layout_control {
    CP_BUTTON_H = 52,
    CP_BUTTON_H_L = 56,         /* the footer of a question; Home's start button */
    CP_FOOTER_H_CARD = 58,      /* the drill's footer (rating buttons with intervals) */
    CP_BUTTON_W_S = 200,        /* a banner's button */
    CP_BUTTON_W = 220,          /* previous and next in the review */
    CP_BUTTON_W_M = 260,        /* submit and next under a question */
    CP_BUTTON_W_L = 280,        /* a notice's button */
    CP_BUTTON_W_XL = 320,       /* start, show answer */
    CP_BADGE = 34,              /* an option's letter badge */
    CP_CARD_HEADER_H = 24,      /* a card's meta line in the drill */
    CP_NAV_H = 64,              /* Home's activity buttons, at most */
    CP_CELL = 52,               /* a navigator cell, at most */
    CP_PROGRESS_H = 10,         /* a progress bar */
    CP_PROGRESS_H_S = 8,        /* the status strip's bars, the mastery bars */
    CP_PROGRESS_H_XS = 6,       /* the quiz's countdown */
    CP_PROGRESS_H_2XS = 5,      /* the exam's clock, the drill's progress */
    CP_DOT = 8,                 /* a point on a chart */
    CP_SCALE_H = 14,            /* the diagnostic's score scale */
    CP_ROW_H = 44,              /* a domain row on Home, at most */
    CP_ROW_H_S = 34,            /* a domain row in the diagnostic, at most */
    CP_CHOICE_H = 48,           /* a domain choice in the quiz setup, at most */
    CP_SETTING_H = 54,          /* a settings row, at most */
    CP_HELP_H = 70,             /* kept under the settings rows for their help */
    CP_COUNT_W = 80,            /* "12 + 3" on Home */
    CP_SCALE_LABEL_W = 90,      /* "pass 700" under the scale */
    CP_PERCENT_W = 120,         /* "40/50  80%" on the results */
    CP_CLOCK_W = 220,           /* "89:59 left" */
    CP_COLUMN_GAP = 24,         /* between the status strip's columns */
    CP_AXIS_W = 34,             /* the score labels of the mock chart */
    CP_MIXUP_COUNT_W = 200,     /* "14 of 55 · 13 days ago" beside a confused pair */
};

/* Widths of columns and dialogs, and heights that cap a panel. */
enum cp_layout_width {
    CP_WIDTH_PAGE = 1000,       /* the drill and quiz column */
    CP_WIDTH_PAGE_L = 1100,     /* the exam and review column */
    CP_WIDTH_SETTINGS = 900,
    CP_WIDTH_SUMMARY = 820,     /* the quiz's summary */
    CP_WIDTH_NOTICE = 780,      /* a notice (cp_ui_notice) */
    CP_WIDTH_FORM = 760,        /* the quiz setup, the key list */
    CP_WIDTH_DIALOG = 720,      /* a confirmation */
    CP_HEIGHT_NOTICE = 420,
    CP_HEIGHT_DIALOG = 340,
    CP_GAUGE_TEXT_H = 110,      /* the results' lines under the gauge */
};

#endif
