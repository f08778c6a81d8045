/* cloudprep core: a learner's study plan, and where it leads.
 *
 * cp_projection_make joins the plan (plan.h) to the learner's own state:
 * what each task statement still holds for the drill (cards still New and
 * not held in the mock reserve), the reviews the cards already studied
 * will ask for (cp_plan_review_load, from their memories), and the
 * readiness meter's understanding of each task (readiness.h), which
 * orders the plan. Then it asks the meter what it would read once the
 * plan's new cards are met (cp_readiness_project_many: the same evidence
 * and model, understanding carried to the coverage the plan reaches by
 * the exam date), for the chosen budget and a few others, and, for the
 * chosen budget, at dates ahead: the earliest at which the pass
 * probability reaches CP_READY_PASS_PROBABILITY.
 *
 * The meter carried is then calibrated for the days between
 * (cp_projection_calibrate): a small model of the meter today, the
 * coverage the plan adds and the days, fit to the simulated learners'
 * real-exam proxies, because the meter carried alone erred by up to a
 * quarter on them. The projection is deterministic (the same store, deck,
 * settings and `now` give the same figures) and takes milliseconds.
 * `cloudprep sim --plan-day` checks it against simulated learners'
 * real-exam proxies (docs/scoring.md, "The study plan's projection"). */
#ifndef CLOUDPREP_PROJECTION_H
#define CLOUDPREP_PROJECTION_H

#include "cloudprep/day.h"
#include "cloudprep/plan.h"
#include "cloudprep/readiness.h"
#include "cloudprep/settings.h"

/* The meter's growth with coverage is still its prior's (posterior sd
 * above this, of the prior's 5 logits) until first answers over a few days
 * of new cards show how the learner improves; until then a projection
 * would only say "as today, less sure", so none is made. */
#define CP_PROJECTION_GROWTH_SD_UNKNOWN 4.5

enum {
    CP_PROJECTION_MAX_ALTERNATIVES = 3,
    CP_PROJECTION_HORIZON_DAYS = 182, /* how far ahead the earliest-ready date is sought */
    /* The calibration has learners up to this many days ahead: further,
     * it reads as at this many days, plus the coverage the plan adds. */
    CP_PROJECTION_CALIBRATED_DAYS = 75,
};

/* The projection's figures for a date `days` ahead, calibrated on the
 * simulated learners (docs/scoring.md, "The study plan's projection"):
 * from the meter today (`now`: its pass probability and score, the mean
 * coverage of the task statements), the mean coverage the plan reaches by
 * then (`then`, the meter carried to it: cp_readiness_project_many) and
 * the days between. The pass probability is a logistic model of those, the
 * score and its band (10th to 90th percentile) a normal one; both were fit
 * to the simulator's learners' real-exam proxies on seeds 1-6 and are
 * checked on seeds 7-12 (tools/fit-projection). `out` is `then` with its
 * pass_probability, predicted_scaled, band_low and band_high replaced;
 * out may be then. */
void cp_projection_calibrate(const cp_readiness *now, const cp_readiness *then, double days,
                             cp_readiness *out);
/* The mean over the task statements of the coverage the meter read. */
double cp_projection_coverage(const cp_readiness *r);

/* Where the learner's state comes from. Any field left NULL is read from
 * the store (which is only read, never written); with no store as well, a
 * new learner: nothing studied, no evidence, default settings. */
typedef struct cp_projection_input {
    cp_store *store;                /* the meter's evidence; NULL: none yet */
    const cp_deck *deck;            /* required */
    const cp_memory *memories;      /* deck order */
    const uint8_t *held;            /* deck order: nonzero when held for mocks */
    const cp_settings *settings;    /* the budget, the exam date, retention */
    const cp_fsrs_params *params;   /* NULL: FSRS defaults with the settings' retention */
    cp_day_clock clock;             /* learning days (the exam date is a day) */
    int weakest_domain;             /* 1..4 or 0, for the plan's wording */
} cp_projection_input;

/* Zero means default. */
typedef struct cp_projection_desc {
    int budget_minutes;             /* 0: the settings' */
    cp_time exam_date;              /* 0: the settings' date (its learning day's
                                     * start), or six weeks from now */
    /* Other budgets to project at the exam date; all 0: 15 and 30 minutes
     * more (less, at the top of the range). */
    int alternatives[CP_PROJECTION_MAX_ALTERNATIVES];
    bool no_ready_search;           /* skip the earliest-date search */
} cp_projection_desc;

/* One budget at one date. */
typedef struct cp_projection_point {
    int budget_minutes;
    cp_time date;
    int new_per_day;
    int new_cards;                  /* the plan's new cards by then */
    double pass_probability;
    int predicted_scaled, band_low, band_high;
} cp_projection_point;

typedef struct cp_projection {
    cp_study_plan plan;             /* the chosen budget to the exam date */
    cp_readiness now;               /* the meter today */
    /* The meter has not yet seen the learner's growth (now.growth_sd above
     * CP_PROJECTION_GROWTH_SD_UNKNOWN): the points below are the meter's
     * figures, but the sentences say it cannot project yet. */
    bool growth_unknown;
    cp_projection_point at_exam;    /* where the plan leads */
    size_t n_alternatives;
    cp_projection_point alternatives[CP_PROJECTION_MAX_ALTERNATIVES];
    /* The chosen budget's earliest date with a pass probability of at
     * least 0.9: already (today's meter), a date within the horizon, or
     * not within it. */
    bool ready_searched, ready_already, ready_found;
    cp_projection_point ready;
    /* The chosen plan day by day (cp_plan_days), up to the exam or the
     * horizon. */
    size_t n_days;
    cp_plan_day days[CP_PROJECTION_HORIZON_DAYS + 1];
} cp_projection;

/* CP_ERR_INVALID without question cards in every domain, or an exam date
 * not after now; the store's errors as they come. */
CP_NODISCARD cp_status cp_projection_make(const cp_projection_input *in,
                                          const cp_projection_desc *desc, cp_time now,
                                          cp_projection *out, cp_error *err);

/* The projection in sentences, every figure with its unit (dates as
 * "Fri 15 Jan" on the clock's learning days); with the growth unknown,
 * outlook says so and gives today's figures, the others are "":
 *   outlook  "If you follow it, on Fri 15 Jan: a pass chance of about 78%,
 *            a scaled score of about 720 (likely 640 to 800)."
 *   others   "With 45 minutes a day: about 91%; with 60 minutes a day:
 *            about 95%."
 *   ready    "At 30 minutes a day the pass chance reaches 90% by Mon
 *            25 Jan." / "... does not reach 90% within six months." / "Your
 *            pass chance is already 90% or more." ("" when not searched) */
typedef struct cp_projection_text {
    char outlook[280];
    char others[200];
    char ready[160];
} cp_projection_text;
void cp_projection_describe(const cp_projection *projection, const cp_day_clock *clock,
                            cp_projection_text *out);

/* "Fri 15 Jan": the learning day holding t. */
void cp_projection_date(const cp_day_clock *clock, cp_time t, char *out, size_t size);

#endif
