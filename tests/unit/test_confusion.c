/* The confusion map and the learner's pairs: what options name (tags,
 * services by text, the question's setting, names inside names), the
 * statistic (a single miss is not a confusion, repeated misses of one pair
 * are, right answers and time fade it), the separating cards and the
 * one-line difference, reading from a store, and a test learner who
 * confuses one pair while the drill (queue + statistic) pulls it apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudprep/blueprint.h"
#include "cloudprep/confusion.h"
#include "cloudprep/fsrs.h"
#include "cloudprep/platform.h"
#include "cloudprep/queue.h"

static const cp_time T0 = 1767614400; /* 2026-01-05 12:00 UTC */
static const cp_time DAY = 86400;

#define Q(id, task, dom) "## " id "\ndomain: " dom "; task: " task "; type: single; difficulty: medium\n\nWhich one?\n\n"
#define MQ(id) "## " id "\ndomain: 2; task: 2.3; type: multi; difficulty: medium\n\nWhich two? (Choose two.)\n\n"
#define FC(id, contrast) "## " id "\ndomain: 2; task: 2.3; type: flashcard; difficulty: medium" contrast "\n\n"

static const char *const DECK =
    /* 0..3: keyed Inspector, GuardDuty offered. */
    Q("gd-1", "2.3", "2") "- [x] Amazon Inspector\n- [ ] Amazon GuardDuty\n- [ ] Amazon Macie\n- [ ] AWS Shield\n\n"
    "> Amazon Inspector scans for vulnerabilities. Amazon GuardDuty detects threats in logs. "
    "Macie finds sensitive data. Shield absorbs DDoS attacks.\n\n"
    Q("gd-2", "2.3", "2") "- [x] Amazon Inspector\n- [ ] Amazon GuardDuty\n- [ ] Amazon Macie\n- [ ] AWS Shield\n\n> Inspector.\n\n"
    Q("gd-3", "2.3", "2") "- [x] Amazon Inspector\n- [ ] Amazon GuardDuty\n- [ ] Amazon Macie\n- [ ] AWS Shield\n\n> Inspector.\n\n"
    Q("gd-4", "2.3", "2") "- [x] Amazon Inspector\n- [ ] Amazon GuardDuty\n- [ ] Amazon Detective\n- [ ] AWS WAF\n\n> Inspector.\n\n"
    /* 4: the other way round. */
    Q("gd-rev", "2.3", "2") "- [x] Amazon GuardDuty\n- [ ] Amazon Inspector\n- [ ] Amazon Macie\n- [ ] Amazon Detective\n\n> GuardDuty.\n\n"
    /* 5: another pair. */
    Q("cfg", "3.1", "3") "- [x] AWS Config\n- [ ] AWS CloudTrail\n- [ ] Amazon CloudWatch\n- [ ] AWS Trusted Advisor\n\n"
    "> AWS Config records how resources are configured over time. CloudTrail records who made which API call, "
    "not the settings that resulted. CloudWatch watches metrics.\n\n"
    /* 6: tags; an untagged option naming nothing. */
    Q("tags", "4.1", "4") "- [x] A Compute Savings Plan {Savings Plans}\n"
    "- [ ] Standard Reserved Instances for the current types {Reserved Instances}\n"
    "- [ ] Spot capacity {Amazon EC2}\n- [ ] Pay as you go\n\n> Savings Plans follow the move.\n\n"
    /* 7: every option names S3 (the setting); IAM inside IAM Identity Center. */
    Q("ctx", "2.4", "2") "- [x] Store it in Amazon S3 with AWS KMS keys\n"
    "- [ ] Store it in Amazon S3 with AWS CloudHSM\n- [ ] Store it in Amazon S3 with AWS Secrets Manager\n"
    "- [ ] Store it in Amazon S3 behind IAM Identity Center\n\n> KMS.\n\n"
    /* 8: a name directly followed by another names the second. */
    Q("adj", "3.3", "3") "- [x] Amazon EC2 Auto Scaling\n- [ ] Amazon S3 Glacier Deep Archive\n"
    "- [ ] Amazon EC2 instances behind Amazon CloudFront\n- [ ] AWS Lambda\n\n> Auto Scaling.\n\n"
    /* 9: multiple response, Inspector and Macie keyed. */
    MQ("multi") "- [x] Amazon Inspector\n- [x] Amazon Macie\n- [ ] Amazon GuardDuty\n- [ ] AWS Shield\n- [ ] Amazon Detective\n\n"
    "> Inspector and Macie.\n\n"
    /* 10, 11: contrast cards (three members, then two). */
    FC("fc-three", "; contrast: Amazon GuardDuty, Amazon Inspector, Amazon Macie")
    "GuardDuty, Inspector or Macie?\n\n> GuardDuty: threats; Inspector: vulnerabilities; Macie: sensitive data.\n\n"
    FC("fc-two", "; contrast: GuardDuty, Inspector")
    "GuardDuty or Inspector?\n\n> GuardDuty detects threats in logs; Inspector scans for vulnerabilities.\n>\n"
    "> More detail here.\n\n"
    /* 12: a concept contrast, spelled differently from the tag. */
    FC("fc-plans", "; contrast: savings plans, reserved-instances")
    "Savings Plans or Reserved Instances?\n\n> Savings Plans commit to a spend; reserved instances to a configuration.\n\n"
    /* 13: a plain flashcard. */
    FC("fc-plain", "") "Inspector?\n\n> Vulnerabilities.\n\n";

enum { GD1, GD2, GD3, GD4, GDREV, CFG, TAGS, CTX, ADJ, MULTI, FC3, FC2, FCPLANS, FCPLAIN, N_CARDS };

static int32_t svc(const char *name)
{
    long s = cp_blueprint_service_named(name);
    assert_true(s >= 0);
    return (int32_t)s;
}

typedef struct fixture {
    cp_deck *deck;
    cp_confusion_map *map;
    cp_confusion *tally;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->deck = cp_deck_new();
    assert_int_equal(cp_deck_add_text(f->deck, "t.md", DECK, strlen(DECK), NULL), CP_OK);
    for (size_t i = 0; i < cp_deck_diag_count(f->deck); i++)
        fprintf(stderr, "%u: %s\n", cp_deck_diag(f->deck, i)->line, cp_deck_diag(f->deck, i)->message);
    assert_int_equal(cp_deck_diag_count(f->deck), 0);
    assert_int_equal(cp_deck_count(f->deck), N_CARDS);
    assert_int_equal(cp_confusion_map_build(f->deck, &f->map, NULL), CP_OK);
    assert_int_equal(cp_confusion_new(f->map, NULL, &f->tally, NULL), CP_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cp_confusion_free(f->tally);
    cp_confusion_map_free(f->map);
    cp_deck_free(f->deck);
    free(f);
    return 0;
}

/* Bit of the option of `card` whose text starts with `text`. */
static uint32_t pick(const fixture *f, size_t card, const char *text)
{
    const cp_card *c = cp_deck_card(f->deck, card);
    for (size_t k = 0; k < c->n_choices; k++)
        if (strncmp(c->choices[k].text, text, strlen(text)) == 0)
            return 1u << k;
    fail_msg("no option '%s' on card %zu", text, card);
    return 0;
}

static void add(fixture *f, size_t card, uint32_t chosen, cp_time at)
{
    assert_int_equal(cp_confusion_add(f->tally, card, chosen, CP_GOOD, at, NULL), CP_OK);
}

/* ---- the map ------------------------------------------------------------------ */

static void options_map_to_subjects(void **state)
{
    fixture *f = *state;
    const cp_confusion_map *m = f->map;
    assert_int_equal(cp_confusion_option(m, GD1, 0), svc("Amazon Inspector"));
    assert_int_equal(cp_confusion_option(m, GD1, 1), svc("Amazon GuardDuty"));
    assert_int_equal(cp_confusion_option(m, GD1, 3), svc("AWS Shield"));
    /* The question's setting (S3, in every option) is passed over; a name
     * inside a longer one does not count. */
    assert_int_equal(cp_confusion_option(m, CTX, 0), svc("AWS KMS"));
    assert_int_equal(cp_confusion_option(m, CTX, 1), svc("AWS CloudHSM"));
    assert_int_equal(cp_confusion_option(m, CTX, 3), svc("AWS IAM Identity Center"));
    /* "EC2 Auto Scaling", "S3 Glacier": the second name; the first of two
     * apart ("EC2 instances behind CloudFront"). */
    assert_int_equal(cp_confusion_option(m, ADJ, 0), svc("AWS Auto Scaling"));
    assert_int_equal(cp_confusion_option(m, ADJ, 1), svc("Amazon S3 Glacier"));
    assert_int_equal(cp_confusion_option(m, ADJ, 2), svc("Amazon EC2"));
    /* Tags: a concept, or a service by its name; no tag and no service: -1. */
    int32_t plans = cp_confusion_option(m, TAGS, 0), ri = cp_confusion_option(m, TAGS, 1);
    assert_true(plans >= (int32_t)cp_blueprint_service_count());
    assert_string_equal(cp_confusion_subject(m, plans)->name, "Savings Plans");
    assert_int_equal(cp_confusion_subject(m, plans)->service, -1);
    assert_string_equal(cp_confusion_subject(m, ri)->name, "Reserved Instances");
    assert_int_equal(cp_confusion_option(m, TAGS, 2), svc("Amazon EC2"));
    assert_int_equal(cp_confusion_option(m, TAGS, 3), -1);
    /* Flashcards have no options; out of range is -1. */
    assert_int_equal(cp_confusion_option(m, FC2, 0), -1);
    assert_int_equal(cp_confusion_option(m, N_CARDS, 0), -1);
    assert_int_equal(cp_confusion_option(m, GD1, CP_MAX_CHOICES), -1);

    /* Contrast members: services by any name; concepts by their words,
     * whatever the spelling (the first one met is shown). */
    const int32_t *members;
    assert_int_equal(cp_confusion_members(m, FC3, &members), 3);
    assert_int_equal(members[0], svc("GuardDuty"));
    assert_int_equal(members[2], svc("Macie"));
    assert_int_equal(cp_confusion_members(m, FCPLANS, &members), 2);
    assert_int_equal(members[0], plans);
    assert_int_equal(members[1], ri);
    assert_int_equal(cp_confusion_members(m, FCPLAIN, &members), 0);
    assert_int_equal(cp_confusion_members(m, GD1, NULL), 0);
    assert_int_equal(cp_confusion_subject(m, plans)->options, 1);
    assert_int_equal(cp_confusion_subject(m, plans)->contrasts, 1);
    assert_int_equal(cp_confusion_subject(m, svc("GuardDuty"))->contrasts, 2);
    assert_null(cp_confusion_subject(m, -1));
    assert_null(cp_confusion_subject(m, (int32_t)cp_confusion_subject_count(m)));
    assert_int_equal(cp_confusion_subject_count(m), cp_blueprint_service_count() + 2);
}

static void separating_cards_and_difference(void **state)
{
    fixture *f = *state;
    const cp_confusion_map *m = f->map;
    int32_t ins = svc("Inspector"), gd = svc("GuardDuty"), cfg = svc("AWS Config"),
            trail = svc("CloudTrail");
    /* Keyed one, offering the other, either way round; contrast cards
     * naming both. */
    size_t expect[] = {GD1, GD2, GD3, GD4, GDREV, MULTI, FC3, FC2};
    size_t n = 0;
    for (size_t c = 0; c < N_CARDS; c++) {
        bool sep = cp_confusion_separates(m, c, ins, gd);
        assert_int_equal(sep, cp_confusion_separates(m, c, gd, ins));
        if (sep)
            assert_int_equal(c, expect[n++]);
    }
    assert_int_equal(n, 8);
    assert_false(cp_confusion_separates(m, GD1, ins, ins));
    assert_false(cp_confusion_separates(m, GD1, -1, gd));

    /* The difference: the contrast card with the fewest members, its back's
     * first paragraph. */
    char line[256];
    assert_int_equal(cp_confusion_difference(m, ins, gd, line, sizeof line), FC2);
    assert_string_equal(line, "GuardDuty detects threats in logs; Inspector scans for vulnerabilities.");
    assert_int_equal(cp_confusion_difference(m, svc("Macie"), gd, line, sizeof line), FC3);
    /* No contrast card: the explanation's sentence naming the one chosen. */
    assert_int_equal(cp_confusion_difference(m, cfg, trail, line, sizeof line), CFG);
    assert_string_equal(line, "CloudTrail records who made which API call, not the settings that resulted.");
    assert_int_equal(cp_confusion_difference(m, ins, svc("AWS WAF"), line, sizeof line), GD4);
    assert_string_equal(line, "Inspector.");
    /* Nothing separates them: -1 and an empty line. */
    assert_int_equal(cp_confusion_difference(m, cfg, svc("Amazon Polly"), line, sizeof line), -1);
    assert_string_equal(line, "");
}

/* ---- the statistic -------------------------------------------------------------- */

static void single_miss_is_not_a_confusion(void **state)
{
    fixture *f = *state;
    int32_t ins = svc("Inspector"), gd = svc("GuardDuty"), macie = svc("Macie");
    uint32_t chose_gd = pick(f, GD1, "Amazon GuardDuty");
    add(f, GD1, chose_gd, T0);
    cp_confusion_pair p = cp_confusion_get(f->tally, ins, gd, T0);
    assert_int_equal(p.misses, 1);
    assert_int_equal(p.offers, 1);
    /* (1 + 0.3) / (1 + 3) = 0.325: over the threshold, but one miss. */
    assert_true(fabs(p.score - 0.325) < 1e-9);
    assert_false(p.confused);
    assert_int_equal(p.last_miss, T0);
    assert_false(cp_confusion_explain(f->tally, GD1, chose_gd, T0, &p));
    /* The pairs the answer met without a miss are counted too. */
    p = cp_confusion_get(f->tally, ins, macie, T0);
    assert_int_equal(p.misses, 0);
    assert_int_equal(p.offers, 1);
    /* The list holds only pairs with a miss. */
    cp_confusion_pair *list;
    size_t n;
    assert_int_equal(cp_confusion_list(f->tally, T0, &list, &n, NULL), CP_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].chosen, gd);
    free(list);
    /* No miss anywhere else: nothing to boost. */
    uint8_t boost[N_CARDS];
    assert_int_equal(cp_confusion_separating(f->tally, T0, boost), 0);

    /* Misses spread over different distractors are bad luck, not a pair. */
    add(f, GD2, pick(f, GD2, "Amazon Macie"), T0 + 60);
    add(f, GD3, pick(f, GD3, "AWS Shield"), T0 + 120);
    add(f, CFG, pick(f, CFG, "AWS CloudTrail"), T0 + 180);
    assert_int_equal(cp_confusion_list(f->tally, T0 + DAY, &list, &n, NULL), CP_OK);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++)
        assert_false(list[i].confused);
    free(list);
}

static void repeated_misses_are_a_confusion_and_right_answers_fade_it(void **state)
{
    fixture *f = *state;
    int32_t ins = svc("Inspector"), gd = svc("GuardDuty");
    add(f, GD1, pick(f, GD1, "Amazon GuardDuty"), T0);
    add(f, GD2, pick(f, GD2, "Amazon GuardDuty"), T0 + 600);
    cp_confusion_pair p = cp_confusion_get(f->tally, ins, gd, T0 + 600);
    assert_int_equal(p.misses, 2);
    /* (2 + 0.3) / (2 + 3) = 0.46. */
    assert_true(fabs(p.score - 0.46) < 1e-4);
    assert_true(p.confused);
    /* The reverse pair is another one. */
    assert_false(cp_confusion_get(f->tally, gd, ins, T0 + 600).confused);
    /* A miss of it is named; a miss of another pair is not. */
    cp_confusion_pair why;
    assert_true(cp_confusion_explain(f->tally, GD3, pick(f, GD3, "Amazon GuardDuty"), T0 + 600, &why));
    assert_int_equal(why.keyed, ins);
    assert_int_equal(why.chosen, gd);
    assert_false(cp_confusion_explain(f->tally, GD3, pick(f, GD3, "Amazon Macie"), T0 + 600, &why));
    assert_false(cp_confusion_explain(f->tally, GD3, pick(f, GD3, "Amazon Inspector"), T0 + 600, &why));
    cp_confusion_pair *list;
    size_t n;
    assert_int_equal(cp_confusion_list(f->tally, T0 + 600, &list, &n, NULL), CP_OK);
    assert_int_equal(n, 1);
    assert_true(list[0].confused);
    free(list);
    uint8_t boost[N_CARDS];
    assert_int_equal(cp_confusion_separating(f->tally, T0 + 600, boost), 8);
    assert_true(boost[GDREV] && boost[FC2] && boost[MULTI]);
    assert_false(boost[CFG] || boost[TAGS] || boost[FCPLAIN]);

    /* Right answers on separating cards, the same day: the pair fades once
     * (2.3) / (n + 3) < 0.3, at the third right answer (n = 5). The same
     * card again within the day (a learning step) counts for nothing. */
    add(f, GD3, pick(f, GD3, "Amazon Inspector"), T0 + 700);
    add(f, GD4, pick(f, GD4, "Amazon Inspector"), T0 + 800);
    add(f, GD4, pick(f, GD4, "Amazon Inspector"), T0 + 850);
    assert_int_equal(cp_confusion_get(f->tally, ins, gd, T0 + 850).offers, 4);
    assert_true(cp_confusion_get(f->tally, ins, gd, T0 + 850).confused);
    add(f, MULTI, pick(f, MULTI, "Amazon Inspector") | pick(f, MULTI, "Amazon Macie"), T0 + 900);
    p = cp_confusion_get(f->tally, ins, gd, T0 + 900);
    assert_false(p.confused);
    assert_int_equal(p.misses, 2);
    assert_int_equal(p.offers, 5);
    assert_int_equal(cp_confusion_separating(f->tally, T0 + 900, boost), 0);
    /* A miss again the next day brings it back: about (3 + 0.3) / (6 + 3). */
    add(f, GD1, pick(f, GD1, "Amazon GuardDuty"), T0 + DAY);
    p = cp_confusion_get(f->tally, ins, gd, T0 + DAY);
    assert_int_equal(p.misses, 3);
    assert_true(p.confused);
}

static void old_misses_fade_with_time(void **state)
{
    fixture *f = *state;
    int32_t ins = svc("Inspector"), gd = svc("GuardDuty");
    add(f, GD1, pick(f, GD1, "Amazon GuardDuty"), T0);
    add(f, GD2, pick(f, GD2, "Amazon GuardDuty"), T0);
    assert_true(cp_confusion_get(f->tally, ins, gd, T0 + DAY).confused);
    /* A half-life (30 days) later the weights are halved: (1 + 0.3) /
     * (1 + 3) = 0.325, still confused; two half-lives: (0.5 + 0.3) /
     * (0.5 + 3) = 0.229, faded. */
    cp_confusion_pair p = cp_confusion_get(f->tally, ins, gd, T0 + 30 * DAY);
    assert_true(fabs(p.weighted_misses - 1.0) < 1e-9);
    assert_true(p.confused);
    p = cp_confusion_get(f->tally, ins, gd, T0 + 60 * DAY);
    assert_true(fabs(p.score - 0.8 / 3.5) < 1e-9);
    assert_false(p.confused);
    assert_int_equal(p.misses, 2);

    /* Order does not matter: the same answers added newest first give the
     * same sums. */
    cp_confusion *other;
    assert_int_equal(cp_confusion_new(f->map, NULL, &other, NULL), CP_OK);
    uint32_t gd_pick = pick(f, GD1, "Amazon GuardDuty");
    assert_int_equal(cp_confusion_add(other, GD2, gd_pick, 0, T0 + 5 * DAY, NULL), CP_OK);
    assert_int_equal(cp_confusion_add(other, GD1, gd_pick, 0, T0, NULL), CP_OK);
    assert_int_equal(cp_confusion_add(other, GD2, gd_pick, 0, T0, NULL), CP_OK);
    add(f, GD2, gd_pick, T0 + 5 * DAY);
    cp_confusion_pair q = cp_confusion_get(other, ins, gd, T0 + 45 * DAY);
    p = cp_confusion_get(f->tally, ins, gd, T0 + 45 * DAY);
    assert_true(fabs(q.weighted_misses - p.weighted_misses) < 1e-9);
    assert_true(fabs(q.weighted_offers - p.weighted_offers) < 1e-9);
    /* Cleared, it knows nothing. */
    cp_confusion_clear(other);
    assert_int_equal(cp_confusion_get(other, ins, gd, T0).offers, 0);
    cp_confusion_free(other);
    cp_confusion_free(NULL);

    /* A stricter setting: a higher threshold keeps two misses out. */
    cp_confusion *strict;
    assert_int_equal(cp_confusion_new(f->map, &(cp_confusion_desc){.threshold = 0.5}, &strict, NULL), CP_OK);
    assert_int_equal(cp_confusion_add(strict, GD1, gd_pick, 0, T0, NULL), CP_OK);
    assert_int_equal(cp_confusion_add(strict, GD2, gd_pick, 0, T0, NULL), CP_OK);
    assert_false(cp_confusion_get(strict, ins, gd, T0).confused);
    cp_confusion_free(strict);
}

static void what_counts(void **state)
{
    fixture *f = *state;
    int32_t ins = svc("Inspector"), gd = svc("GuardDuty"), macie = svc("Macie"),
            shield = svc("AWS Shield");
    /* Unanswered: nothing. */
    add(f, GD1, 0, T0);
    assert_int_equal(cp_confusion_get(f->tally, ins, gd, T0).offers, 0);
    /* Multiple response: Inspector and GuardDuty picked, Macie missed:
     * the miss is (Macie, GuardDuty); (Inspector, GuardDuty) was met. */
    add(f, MULTI, pick(f, MULTI, "Amazon Inspector") | pick(f, MULTI, "Amazon GuardDuty"), T0);
    assert_int_equal(cp_confusion_get(f->tally, macie, gd, T0).misses, 1);
    assert_int_equal(cp_confusion_get(f->tally, ins, gd, T0).misses, 0);
    assert_int_equal(cp_confusion_get(f->tally, ins, gd, T0).offers, 1);
    assert_int_equal(cp_confusion_get(f->tally, ins, shield, T0).offers, 1);
    assert_int_equal(cp_confusion_get(f->tally, macie, ins, T0).offers, 0);   /* both keyed */
    /* A contrast card recalled: half an offer of each of its pairs, no
     * question counted; forgotten (Again): nothing. A plain flashcard:
     * nothing. */
    assert_int_equal(cp_confusion_add(f->tally, FC2, 0, CP_GOOD, T0, NULL), CP_OK);
    cp_confusion_pair p = cp_confusion_get(f->tally, gd, ins, T0);
    assert_true(fabs(p.weighted_offers - 0.5) < 1e-9);
    assert_int_equal(p.offers, 0);
    assert_int_equal(cp_confusion_add(f->tally, FC2, 0, CP_AGAIN, T0, NULL), CP_OK);
    assert_true(fabs(cp_confusion_get(f->tally, gd, ins, T0).weighted_offers - 0.5) < 1e-9);
    assert_int_equal(cp_confusion_add(f->tally, FCPLAIN, 0, CP_GOOD, T0, NULL), CP_OK);
    assert_int_equal(cp_confusion_add(f->tally, N_CARDS + 5, 1, CP_GOOD, T0, NULL), CP_OK);
    /* An option naming what the key names sets nothing apart; one naming
     * nothing is not counted. */
    int32_t plans = cp_confusion_option(f->map, TAGS, 0);
    add(f, TAGS, pick(f, TAGS, "Pay as you go"), T0);
    assert_int_equal(cp_confusion_get(f->tally, plans, cp_confusion_option(f->map, TAGS, 1), T0).offers, 1);
    cp_confusion_pair *list;
    size_t n;
    assert_int_equal(cp_confusion_list(f->tally, T0, &list, &n, NULL), CP_OK);
    assert_int_equal(n, 1);   /* only (Macie, GuardDuty) has a miss */
    free(list);

    char word[16];
    cp_confusion_ordinal(3, word, sizeof word);
    assert_string_equal(word, "third");
    cp_confusion_ordinal(11, word, sizeof word);
    assert_string_equal(word, "11th");
    cp_confusion_ordinal(22, word, sizeof word);
    assert_string_equal(word, "22nd");
    cp_confusion_ordinal(113, word, sizeof word);
    assert_string_equal(word, "113th");
}

/* ---- reading the store ------------------------------------------------------------ */

static void read_from_a_store(void **state)
{
    fixture *f = *state;
    char dir[1024];
    assert_true(cp_platform_temp_dir("confusion-test", dir, sizeof dir));
    cp_store *store;
    assert_int_equal(cp_store_open(dir, NULL, &store, NULL), CP_OK);
    int32_t ins = svc("Inspector"), gd = svc("GuardDuty");
    /* Two drill misses (options in deck order: GuardDuty is option 1), one
     * long before `since`, a right quiz answer, and a finished mock with
     * one right item (the log has only its misses). */
    const struct { const char *card; cp_time at; int rating; const char *chosen; const char *mode; } rows[] = {
        {"gd-1", T0 - 400 * DAY, CP_AGAIN, "1", "drill"},
        {"gd-1", T0, CP_AGAIN, "1", "drill"},
        {"gd-2", T0 + 60, CP_AGAIN, "1", "drill"},
        {"gd-3", T0 + 120, CP_GOOD, "0", "quiz"},
        {"fc-two", T0 + 130, CP_GOOD, "", "drill"},
        {"gone", T0 + 140, CP_AGAIN, "1", "drill"},
        {"gd-4", T0 + 150, CP_AGAIN, "9x", "drill"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cp_review r = {.card_id = rows[i].card, .at = rows[i].at, .rating = rows[i].rating,
                       .chosen = rows[i].chosen, .mode = rows[i].mode,
                       .after = {.state = CP_STATE_REVIEW, .due = rows[i].at + DAY}};
        assert_int_equal(cp_store_record_review(store, &r, NULL, NULL), CP_OK);
    }
    cp_attempt a = {.kind = "mock", .started_at = T0 + 200, .time_limit_s = 5400};
    cp_attempt_item items[2] = {{.position = 0, .card_id = "gd-4", .scored = true},
                                {.position = 1, .card_id = "gd-rev", .scored = true}};
    int64_t id;
    assert_int_equal(cp_store_attempt_begin(store, &a, items, 2, &id, NULL), CP_OK);
    cp_attempt_item right = {.position = 0, .card_id = "gd-4", .chosen = "0", .correct = true};
    assert_int_equal(cp_store_attempt_answer(store, id, &right, NULL), CP_OK);
    a.status = CP_ATTEMPT_SUBMITTED;
    a.finished_at = T0 + 300;
    assert_int_equal(cp_store_attempt_finish(store, id, &a, NULL), CP_OK);
    /* An abandoned mock counts for nothing. */
    cp_attempt gone = {.kind = "mock", .started_at = T0 + 400, .time_limit_s = 5400};
    assert_int_equal(cp_store_attempt_begin(store, &gone, items, 2, &id, NULL), CP_OK);
    assert_int_equal(cp_store_attempt_answer(store, id, &right, NULL), CP_OK);
    gone.status = CP_ATTEMPT_ABANDONED;
    gone.finished_at = T0 + 500;
    assert_int_equal(cp_store_attempt_finish(store, id, &gone, NULL), CP_OK);

    assert_int_equal(cp_confusion_read(f->tally, store, T0 - 180 * DAY, NULL), CP_OK);
    cp_confusion_pair p = cp_confusion_get(f->tally, ins, gd, T0 + 300);
    assert_int_equal(p.misses, 2);
    assert_int_equal(p.offers, 4);      /* two misses, the quiz, the mock */
    assert_int_equal(p.last_miss, T0 + 60);
    assert_true(fabs(cp_confusion_get(f->tally, gd, ins, T0 + 300).weighted_offers - 0.5) < 1e-3);
    cp_store_close(store);
    assert_true(cp_platform_remove_tree(dir));
}

/* ---- a test learner through the drill ------------------------------------------- */

/* A bank where one pair can be confused: `sep` questions keyed Inspector
 * offering GuardDuty (task 2.3, spread through the deck) and a contrast
 * card (last), among `other` questions over other services spread across
 * the domains and tasks. */
static cp_deck *drill_bank(int sep, int other)
{
    static const char *const keys[][4] = {
        {"AWS Config", "AWS CloudTrail", "Amazon CloudWatch", "AWS Trusted Advisor"},
        {"Amazon S3", "Amazon EBS", "Amazon EFS", "Amazon FSx"},
        {"AWS Lambda", "Amazon EC2", "AWS Fargate", "Amazon ECS"},
        {"Amazon RDS", "Amazon DynamoDB", "Amazon Redshift", "Amazon Neptune"},
        {"AWS Budgets", "AWS Cost Explorer", "AWS Pricing Calculator", "AWS Marketplace"},
        {"AWS Shield", "AWS WAF", "AWS Firewall Manager", "Amazon Detective"},
        {"AWS Artifact", "AWS Audit Manager", "AWS Security Hub", "AWS Config"},
        {"AWS IAM", "Amazon Cognito", "AWS Directory Service", "AWS RAM"},
        {"AWS KMS", "AWS CloudHSM", "AWS Secrets Manager", "AWS Certificate Manager"},
        {"Amazon CloudFront", "AWS Global Accelerator", "Amazon Route 53", "AWS Direct Connect"},
    };
    static const char *const tasks[] = {"3.1", "3.5", "3.3", "3.4", "4.2", "2.3", "2.2", "2.1",
                                        "2.4", "1.1"};
    size_t cap = (size_t)(sep + other) * 400 + 1024, len = 0;
    char *text = malloc(cap);
    int every = sep ? other / sep : other + 1, s = 0;
    for (int i = 0; i < other; i++) {
        if (i % every == every - 1 && s < sep)
            len += (size_t)snprintf(text + len, cap - len,
                                    "## sep-%d\ndomain: 2; task: 2.3; type: single; difficulty: medium\n\n"
                                    "Which service finds software vulnerabilities, case %d?\n\n"
                                    "- [x] Amazon Inspector\n- [ ] Amazon GuardDuty\n- [ ] Amazon Macie\n"
                                    "- [ ] AWS Artifact\n\n> Inspector.\n\n", s, s), s++;
        int k = i % 10;
        const char *task = tasks[k];
        len += (size_t)snprintf(text + len, cap - len,
                                "## other-%d\ndomain: %c; task: %s; type: single; difficulty: medium\n\n"
                                "Question %d?\n\n- [x] %s\n- [ ] %s\n- [ ] %s\n- [ ] %s\n\n> %s.\n\n",
                                i, task[0], task, i, keys[k][0], keys[k][1], keys[k][2], keys[k][3],
                                keys[k][0]);
    }
    len += (size_t)snprintf(text + len, cap - len,
                            "## fc-gd-ins\ndomain: 2; task: 2.3; type: flashcard; difficulty: medium; "
                            "contrast: GuardDuty, Inspector\n\nGuardDuty or Inspector?\n\n"
                            "> GuardDuty detects threats; Inspector finds vulnerabilities.\n\n");
    cp_deck *deck = cp_deck_new();
    assert_int_equal(cp_deck_add_text(deck, "bank.md", text, len, NULL), CP_OK);
    assert_int_equal(cp_deck_diag_count(deck), 0);
    free(text);
    return deck;
}

typedef struct drill_run {
    int surfaced_day;           /* the first day the pair is confused; -1 never */
    int learned_day;            /* the day the learner told them apart; -1 never */
    int last_confused_day;      /* the last day the pair is confused */
    uint32_t misses;            /* of the pair, all told */
    bool confused_at_end;
} drill_run;

/* Days of drill for a learner who picks GuardDuty whenever Inspector is
 * keyed and GuardDuty offered, until they have met `learn_after` different
 * separating cards (questions or the contrast card); a question they got
 * wrong once they remember (its explanation was shown); every other
 * question is right. With boost, the queue gets the tally's separating
 * cards. */
static drill_run drill(const cp_deck *deck, bool boost, int days, int learn_after)
{
    size_t n = cp_deck_count(deck);
    cp_confusion_map *map;
    cp_confusion *tally;
    assert_int_equal(cp_confusion_map_build(deck, &map, NULL), CP_OK);
    assert_int_equal(cp_confusion_new(map, NULL, &tally, NULL), CP_OK);
    int32_t ins = svc("Inspector"), gd = svc("GuardDuty");
    cp_memory *mem = calloc(n, sizeof *mem);
    uint8_t *flags = calloc(n, 1), *seen = calloc(n, 1);
    cp_fsrs_params params;
    cp_fsrs_default_params(&params);
    cp_queue_desc desc = {.new_limit = 6};
    drill_run run = {.surfaced_day = -1, .learned_day = -1, .last_confused_day = -1};
    int met = 0;    /* different separating cards met */
    for (int day = 0; day < days; day++) {
        cp_time now = T0 + day * DAY;
        if (boost)
            cp_confusion_separating(tally, now, flags);
        cp_queue_input in = {.deck = deck, .memory = mem, .params = &params, .now = now,
                             .desc = &desc, .last_card = -1, .seed = (uint64_t)day,
                             .boost = boost ? flags : NULL};
        cp_queue q;
        assert_int_equal(cp_queue_build(&in, &q, NULL), CP_OK);
        for (size_t k = 0; k < q.n; k++) {
            size_t c = q.cards[k];
            const cp_card *card = cp_deck_card(deck, c);
            cp_time at = now + (cp_time)k * 60;
            bool separating = cp_confusion_separates(map, c, ins, gd);
            uint32_t chosen = 0;
            int rating = CP_GOOD;
            if (card->type != CP_CARD_FLASHCARD) {
                bool confused = separating && met < learn_after && !seen[c];
                for (size_t o = 0; o < card->n_choices; o++) {
                    bool is_gd = cp_confusion_option(map, c, o) == gd;
                    if (confused ? is_gd : card->choices[o].correct)
                        chosen |= 1u << o;
                }
                rating = confused ? CP_AGAIN : CP_GOOD;
            }
            met += separating && !seen[c];
            seen[c] = 1;
            assert_int_equal(cp_confusion_add(tally, c, chosen, rating, at, NULL), CP_OK);
            mem[c] = cp_fsrs_next(&params, &mem[c], at, (cp_rating)rating,
                                  cp_fsrs_fuzz_seed(card->id, mem[c].reps));
        }
        cp_queue_free(&q);
        bool confused = cp_confusion_get(tally, ins, gd, now + DAY - 1).confused;
        if (getenv("CP_TRACE")) {
            cp_confusion_pair p = cp_confusion_get(tally, ins, gd, now + DAY - 1);
            fprintf(stderr, "%s day %d: met %d, misses %u offers %u score %.3f%s\n",
                    boost ? "boost" : "plain", day, met, p.misses, p.offers, p.score,
                    p.confused ? " confused" : "");
        }
        if (confused && run.surfaced_day < 0)
            run.surfaced_day = day;
        if (confused)
            run.last_confused_day = day;
        if (met >= learn_after && run.learned_day < 0)
            run.learned_day = day;
        run.confused_at_end = confused;
    }
    run.misses = cp_confusion_get(tally, ins, gd, T0 + days * DAY).misses;
    free(mem);
    free(flags);
    free(seen);
    cp_confusion_free(tally);
    cp_confusion_map_free(map);
    return run;
}

static void a_confused_pair_surfaces_and_the_drill_pulls_it_apart(void **state)
{
    (void)state;
    cp_deck *deck = drill_bank(12, 300);
    drill_run with = drill(deck, true, 60, 4);
    drill_run without = drill(deck, false, 60, 4);
    fprintf(stderr, "  with the boost: confused from day %d, told apart on day %d, last confused on "
                    "day %d, %u misses\n",
            with.surfaced_day, with.learned_day, with.last_confused_day, with.misses);
    fprintf(stderr, "  without it:     confused from day %d, told apart on day %d, last confused on "
                    "day %d, %u misses\n",
            without.surfaced_day, without.learned_day, without.last_confused_day, without.misses);
    /* The pair surfaces the same way in both (the boost starts once it is
     * confused) after the second miss of it. */
    assert_true(with.surfaced_day > 0);
    assert_int_equal(with.surfaced_day, without.surfaced_day);
    /* With the boost the drill brings the separating cards: the learner
     * meets enough of them sooner, with no more misses, and the pair fades
     * within a few days of being told apart, for good. */
    assert_true(with.learned_day >= with.surfaced_day);
    assert_true(with.learned_day < without.learned_day);
    assert_true(with.misses <= without.misses);
    assert_true(with.last_confused_day <= with.learned_day + 3);
    assert_false(with.confused_at_end);
    assert_false(without.confused_at_end);
    cp_deck_free(deck);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(options_map_to_subjects, setup, teardown),
        cmocka_unit_test_setup_teardown(separating_cards_and_difference, setup, teardown),
        cmocka_unit_test_setup_teardown(single_miss_is_not_a_confusion, setup, teardown),
        cmocka_unit_test_setup_teardown(repeated_misses_are_a_confusion_and_right_answers_fade_it, setup, teardown),
        cmocka_unit_test_setup_teardown(old_misses_fade_with_time, setup, teardown),
        cmocka_unit_test_setup_teardown(what_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(read_from_a_store, setup, teardown),
        cmocka_unit_test(a_confused_pair_surfaces_and_the_drill_pulls_it_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
