/* cloudprep core: the CLF-C02 exam facts, in one table.
 *
 * Source: AWS Certified Cloud Practitioner (CLF-C02) exam guide, the live
 * HTML version on docs.aws.amazon.com (see shared/exam-guide.md): 65
 * questions (50 scored, 15 unscored), 90 minutes, scaled 100-1000, pass at
 * 700, four domains weighted 24/30/34/12 %, nineteen task statements. */
#ifndef CLOUDPREP_BLUEPRINT_H
#define CLOUDPREP_BLUEPRINT_H

#include "cloudprep/common.h"

enum {
    CP_EXAM_QUESTIONS = 65,
    CP_EXAM_SCORED = 50,
    CP_EXAM_UNSCORED = 15,
    CP_EXAM_MINUTES = 90,
    CP_SCALE_MIN = 100,
    CP_SCALE_MAX = 1000,
    CP_SCALE_PASS = 700,
    CP_SCALE_TARGET = 750,  /* common advice: consistently 750+ before booking */
    CP_DOMAINS = 4,
    CP_TASKS = 19,
};

typedef struct cp_domain_info {
    int number;             /* 1..4 */
    const char *name;       /* "Cloud Concepts" */
    const char *short_name; /* "Concepts" */
    int weight_percent;     /* 24, 30, 34, 12 */
    int scored_quota;       /* of the 50 scored items: 12, 15, 17, 6 */
} cp_domain_info;

typedef struct cp_task_info {
    const char *id;         /* "2.3" */
    int domain;             /* 2 */
    const char *title;
} cp_task_info;

/* domain 1..4; NULL otherwise. */
const cp_domain_info *cp_blueprint_domain(int domain);
/* index 0..CP_TASKS-1, in guide order. */
const cp_task_info *cp_blueprint_task(int index);
/* "2.3" -> its index, or -1. */
int cp_blueprint_task_index(const char *id);

/* The in-scope services of the live exam guide (19 categories). `names`
 * lists the ways a card may name the service, separated by '|'; a mention
 * is a case-sensitive whole-word match of any of them. */
typedef struct cp_service_info {
    const char *name;       /* "Amazon EC2" */
    const char *category;   /* "Compute" */
    const char *names;      /* "EC2|Elastic Compute Cloud" */
} cp_service_info;

size_t cp_blueprint_service_count(void);
const cp_service_info *cp_blueprint_service(size_t index);
/* True when plain text (no style markers) mentions service `index`. */
bool cp_blueprint_mentions(const char *text, size_t index);
/* The service whose name, or one of whose `names`, is exactly `name`
 * (ignoring case, surrounding space and an "AWS " or "Amazon " before a
 * short name), or -1. "GuardDuty", "Amazon GuardDuty" and "amazon
 * guardduty" are the same service. */
long cp_blueprint_service_named(const char *name);

/* Splits total into the four domains by weight with the largest-remainder
 * method; a tie in remainders goes to the heavier domain. 50 -> 12/15/17/6,
 * 10 -> 2/3/4/1, 15 -> 4/4/5/2. */
void cp_blueprint_apportion(int total, int out[CP_DOMAINS]);

#endif
