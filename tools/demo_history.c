/* cloudprep-demo-history DATA_DIR DECK_DIR [DAYS] [SEED]
 *
 * Writes a realistic learner into DATA_DIR/progress.db through the same
 * core calls the app makes (cp_learner_answer, cp_attempt_*): every day the
 * learner works through the daily queue (recall drawn from the card's FSRS
 * retrievability, a little better for a learner who improves, answer times
 * of 6-60 s), sometimes skips a day, plays a quiz round every few days, and
 * sits a full mock exam every week (answers drawn from the same memory).
 * A wrong answer picks a distractor at random, except that the learner
 * mixes up a few pairs (Inspector for GuardDuty, Config for CloudTrail ...,
 * or the bank's most common pairs): where one is keyed and the other
 * offered they mostly choose the other, less so each time they meet such a
 * card, so the statistics show confusions surfacing and fading.
 * For screenshots, demos and manual testing of the statistics screen; never
 * used by tests as an oracle. */
#include "cloudprep/attempt.h"
#include "cloudprep/confusion.h"
#include "cloudprep/exam.h"
#include "cloudprep/learner.h"
#include "cloudprep/platform.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double p_recall(const cp_fsrs_params *params, const cp_memory *m, cp_time now, double skill)
{
    if (m->state == CP_STATE_NEW)
        return 0.35 + 0.3 * skill;      /* first sight: an educated guess */
    double r = cp_fsrs_retrievability(params, m, now);
    return r + (1 - r) * 0.25 * skill;
}

static void check(cp_status s, const cp_error *err)
{
    if (s != CP_OK) {
        fprintf(stderr, "cloudprep-demo-history: %s%s%s\n", err->file, err->file[0] ? ": " : "",
                err->message);
        exit(3);
    }
}

/* The pairs this learner mixes up: (keyed, chosen) subjects, and how
 * often they met a card that sets the two side by side. */
enum { MAX_MIXUPS = 8 };
typedef struct mixups {
    const cp_confusion_map *map;
    int32_t keyed[MAX_MIXUPS], chosen[MAX_MIXUPS];
    int met[MAX_MIXUPS];
    size_t n;
} mixups;

static mixups demo_mixups;

/* The confused pair a question sets up (keyed one offered with its
 * look-alike), or -1. */
static int mixup_of(const mixups *x, size_t card, uint32_t *wrong_option)
{
    const cp_card *c = cp_deck_card(cp_confusion_map_deck(x->map), card);
    for (size_t k = 0; k < x->n; k++) {
        bool keyed = false;
        uint32_t wrong = 0;
        for (size_t o = 0; o < c->n_choices; o++) {
            int32_t s = cp_confusion_option(x->map, card, o);
            keyed = keyed || (c->choices[o].correct && s == x->keyed[k]);
            if (!c->choices[o].correct && s == x->chosen[k])
                wrong = 1u << o;
        }
        if (keyed && wrong) {
            *wrong_option = wrong;
            return (int)k;
        }
    }
    return -1;
}

/* How many questions set the pair up (a keyed, b offered). */
static size_t setups(const cp_deck *deck, int32_t a, int32_t b)
{
    mixups one = {.map = demo_mixups.map, .keyed = {a}, .chosen = {b}, .n = 1};
    size_t n = 0;
    uint32_t wrong;
    for (size_t i = 0; i < cp_deck_count(deck); i++)
        n += cp_deck_card(deck, i)->type != CP_CARD_FLASHCARD && mixup_of(&one, i, &wrong) == 0;
    return n;
}

static bool is_mixup(int32_t a, int32_t b)
{
    for (size_t k = 0; k < demo_mixups.n; k++)
        if ((demo_mixups.keyed[k] == a && demo_mixups.chosen[k] == b) ||
            (demo_mixups.keyed[k] == b && demo_mixups.chosen[k] == a))
            return true;
    return false;
}

static void add_mixup(int32_t a, int32_t b)
{
    if (demo_mixups.n < MAX_MIXUPS && !is_mixup(a, b)) {
        demo_mixups.keyed[demo_mixups.n] = a;
        demo_mixups.chosen[demo_mixups.n++] = b;
    }
}

/* Adds the pair most questions set up that is not one yet; false when
 * none is left set up twice. */
static bool add_most_common(const cp_deck *deck)
{
    const cp_confusion_map *map = demo_mixups.map;
    int32_t best_a = -1, best_b = -1;
    size_t best = 1;
    for (size_t i = 0; i < cp_deck_count(deck); i++) {
        const cp_card *c = cp_deck_card(deck, i);
        for (size_t k = 0; k < c->n_choices; k++)
            for (size_t o = 0; c->choices[k].correct && o < c->n_choices; o++) {
                int32_t a = cp_confusion_option(map, i, k), b = cp_confusion_option(map, i, o);
                if (c->choices[o].correct || a < 0 || b < 0 || a == b || is_mixup(a, b))
                    continue;
                size_t n = setups(deck, a, b);
                if (n > best) {
                    best = n;
                    best_a = a;
                    best_b = b;
                }
            }
    }
    if (best_a < 0)
        return false;
    add_mixup(best_a, best_b);
    return true;
}

/* The options picked: the keys when right; when wrong, the look-alike of a
 * mixed-up pair or a distractor at random. A mixed-up pair wins over a
 * right recall at first and less each time it is met. */
static uint32_t choose(const cp_card *c, size_t card, bool *right, cp_rng *rng)
{
    uint32_t keys = cp_exam_correct_mask(c), wrong = 0;
    int k = demo_mixups.map ? mixup_of(&demo_mixups, card, &wrong) : -1;
    if (k >= 0) {
        /* Some pairs are told apart sooner than others. */
        static const double learns[MAX_MIXUPS] = {0.8, 0.97, 0.95, 0.98, 0.9, 0.97, 0.85, 0.99};
        double p = 0.85 * pow(learns[k], demo_mixups.met[k]);
        demo_mixups.met[k]++;
        if (cp_rng_unit(rng) < p) {
            *right = false;
            return wrong;
        }
    }
    if (*right)
        return keys;
    uint32_t options[CP_MAX_CHOICES];
    size_t n = 0;
    for (size_t o = 0; o < c->n_choices; o++)
        if (!c->choices[o].correct)
            options[n++] = 1u << o;
    /* A multiple-response miss keeps one key and swaps the other. */
    uint32_t pick = n ? options[cp_rng_below(rng, n)] : 1u;
    return c->type == CP_CARD_MULTI ? (keys & (keys - 1u)) | pick : pick;
}

static void answer(cp_learner *l, size_t i, cp_time now, double skill, cp_rng *rng, cp_log_mode mode)
{
    const cp_card *c = cp_deck_card(cp_learner_deck(l), i);
    const cp_memory *m = cp_learner_memory(l, i);
    bool right = cp_rng_unit(rng) < p_recall(cp_learner_params(l), m, now, skill);
    char chosen[32] = "";
    if (c->type != CP_CARD_FLASHCARD)
        cp_exam_chosen_text(choose(c, i, &right, rng), chosen, sizeof chosen);
    int ms = 6000 + (int)(cp_rng_unit(rng) * 40000) + (right ? 0 : 8000);
    int rating = 0;     /* questions: the core grades right/wrong and the time */
    if (c->type == CP_CARD_FLASHCARD)
        rating = !right ? CP_AGAIN : cp_rng_unit(rng) < 0.2 ? CP_HARD : CP_GOOD;
    cp_answer a = {.card = i, .rating = rating, .correct = right, .duration_ms = ms,
                   .chosen = chosen, .mode = mode};
    cp_answer_result res;
    cp_error err = {0};
    check(cp_learner_answer(l, &a, now, &res, &err), &err);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DATA_DIR DECK_DIR [DAYS] [SEED]\n", argv[0]);
        return 2;
    }
    int days = argc > 3 ? atoi(argv[3]) : 45;
    uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 7;
    cp_error err = {0};
    cp_store *store;
    if (cp_store_open(argv[1], NULL, &store, &err) != CP_OK) {
        fprintf(stderr, "%s: %s\n", err.file, err.message);
        return 3;
    }
    const char *paths[] = {argv[2]};
    cp_deck *deck;
    CP_IGNORE(cp_deck_load(paths, 1, &deck, &err));   /* unreadable paths: no cards */
    size_t n = cp_deck_count(deck);
    cp_rng rng;
    cp_rng_seed(&rng, seed);
    /* The pairs this learner mixes up: the classic ones, then the ones the
     * bank sets side by side most often, each in two questions or more. */
    cp_confusion_map *map = NULL;
    check(cp_confusion_map_build(deck, &map, &err), &err);
    demo_mixups.map = map;
    static const char *const classic[][2] = {
        {"Amazon Inspector", "Amazon GuardDuty"}, {"AWS Config", "AWS CloudTrail"},
        {"Savings Plans", "Reserved Instances"}, {"AWS Shield", "AWS WAF"},
        {"Amazon Macie", "Amazon GuardDuty"}, {"AWS Trusted Advisor", "AWS Config"},
    };
    for (size_t k = 0; k < sizeof classic / sizeof classic[0]; k++) {
        int32_t a = -1, b = -1;
        for (size_t s = 0; s < cp_confusion_subject_count(map); s++) {
            const char *name = cp_confusion_subject(map, (int32_t)s)->name;
            a = strcmp(name, classic[k][0]) == 0 ? (int32_t)s : a;
            b = strcmp(name, classic[k][1]) == 0 ? (int32_t)s : b;
        }
        if (a >= 0 && b >= 0 && setups(deck, a, b) >= 2)
            add_mixup(a, b);
    }
    while (demo_mixups.n < MAX_MIXUPS && add_most_common(deck))
        ;
    /* Start `days` days ago, at 19:00 UTC, and study until today. */
    cp_time today = cp_platform_now();
    cp_time start = today - (cp_time)days * CP_DAY_SECONDS;
    start -= start % CP_DAY_SECONDS;
    cp_learner *l = NULL;
    for (int d = 0; d < days; d++) {
        cp_time now = start + (cp_time)d * CP_DAY_SECONDS + 19 * CP_HOUR_SECONDS;
        double skill = (double)d / days;        /* understanding grows */
        if (d % 9 == 4)
            continue;                           /* a missed day now and then */
        cp_learner_free(l);                     /* the app opened each evening */
        check(cp_learner_open(store, deck, NULL, now, &l, NULL, &err), &err);
        for (int pass = 0; pass < 3; pass++) {  /* the drill, and relearning later the same evening */
            cp_today q;
            if (cp_learner_today(l, now, -1, &q, &err) != CP_OK)
                break;
            size_t todo = q.n < 45 ? q.n : 45;
            for (size_t k = 0; k < todo; k++) {
                answer(l, q.cards[k], now, skill, &rng, CP_MODE_DRILL);
                now += 25;
            }
            if (todo && todo == q.n)
                check(cp_learner_drill_finished(l, now, NULL, &err), &err);
            cp_today_free(&q);
            now += 900;
        }
        if (d % 3 == 1 && n) {                  /* a quiz round */
            cp_round round;
            cp_game_round_begin(&round, NULL);
            for (int k = 0; k < 10; k++) {
                size_t i = cp_rng_below(&rng, n);
                if (cp_deck_card(deck, i)->type != CP_CARD_FLASHCARD) {
                    answer(l, i, now, skill, &rng, CP_MODE_QUIZ);
                    cp_game_round_answer(&round, cp_learner_memory(l, i)->lapses == 0);
                }
                now += 40;
            }
            cp_game_round_end(&round);
            check(cp_learner_round_finished(l, &round, 10, now, NULL, &err), &err);
        }
        if (d % 7 == 6) {                       /* a weekly mock exam */
            cp_attempt_run *run = NULL;
            if (cp_attempt_start(l, CP_EXAM_MOCK, now, &run, &err) != CP_OK)
                continue;
            for (size_t k = 0; k < cp_attempt_count(run); k++) {
                cp_exam_view v;
                check(cp_attempt_view(run, k, &v), &err);
                size_t i = (size_t)(v.card - cp_deck_card(deck, 0));
                double p = 0.45 + 0.45 * skill *
                                      (0.6 + 0.4 * p_recall(cp_learner_params(l),
                                                            cp_learner_memory(l, i), now, skill));
                bool right = cp_rng_unit(&rng) < p;
                uint32_t chosen = choose(v.card, i, &right, &rng);
                check(cp_attempt_answer(run, k, chosen, now + (cp_time)k * 70, &err), &err);
            }
            check(cp_attempt_finish(run, now + 4700, NULL, &err), &err);
            cp_attempt_free(run, now + 4700);
        }
    }
    int64_t reviews = 0;
    check(cp_store_review_count(store, &reviews, &err), &err);
    printf("%lld reviews over %d days written to %s\n", (long long)reviews, days, cp_store_path(store));
    for (size_t k = 0; k < demo_mixups.n; k++)
        printf("mixes up %s (keyed) with %s: met %d times\n",
               cp_confusion_subject(map, demo_mixups.keyed[k])->name,
               cp_confusion_subject(map, demo_mixups.chosen[k])->name, demo_mixups.met[k]);
    cp_learner_free(l);
    cp_confusion_map_free(map);
    cp_deck_free(deck);
    cp_store_close(store);
    return 0;
}
