/* The CLF-C02 exam facts: domains, weights, quotas and task statements, from
 * the live AWS exam guide (see include/cloudprep/blueprint.h). Everything
 * else in the core asks this table instead of repeating a number. */
#include "cloudprep/blueprint.h"

#include <string.h>

static const cp_domain_info domains[CP_DOMAINS] = {
    {1, "Cloud Concepts", "Concepts", 24, 12},
    {2, "Security and Compliance", "Security", 30, 15},
    {3, "Cloud Technology and Services", "Technology", 34, 17},
    {4, "Billing, Pricing, and Support", "Billing", 12, 6},
};

static const cp_task_info tasks[CP_TASKS] = {
    {"1.1", 1, "Define the benefits of the AWS Cloud"},
    {"1.2", 1, "Identify design principles of the AWS Cloud"},
    {"1.3", 1, "Understand the benefits of and strategies for migration to the AWS Cloud"},
    {"1.4", 1, "Understand concepts of cloud economics"},
    {"2.1", 2, "Understand the AWS shared responsibility model"},
    {"2.2", 2, "Understand AWS Cloud security, governance, and compliance concepts"},
    {"2.3", 2, "Identify AWS access management capabilities"},
    {"2.4", 2, "Identify components and resources for security"},
    {"3.1", 3, "Define methods of deploying and operating in the AWS Cloud"},
    {"3.2", 3, "Define the AWS global infrastructure"},
    {"3.3", 3, "Identify AWS compute services"},
    {"3.4", 3, "Identify AWS database services"},
    {"3.5", 3, "Identify AWS network services"},
    {"3.6", 3, "Identify AWS storage services"},
    {"3.7", 3, "Identify AWS AI/ML services and analytics services"},
    {"3.8", 3, "Identify services from other in-scope AWS service categories"},
    {"4.1", 4, "Compare AWS pricing models"},
    {"4.2", 4, "Understand resources for billing, budget, and cost management"},
    {"4.3", 4, "Identify AWS technical resources and AWS Support options"},
};

const cp_domain_info *cp_blueprint_domain(int domain)
{
    return domain >= 1 && domain <= CP_DOMAINS ? &domains[domain - 1] : NULL;
}

const cp_task_info *cp_blueprint_task(int index)
{
    return index >= 0 && index < CP_TASKS ? &tasks[index] : NULL;
}

int cp_blueprint_task_index(const char *id)
{
    for (int i = 0; id && i < CP_TASKS; i++)
        if (strcmp(tasks[i].id, id) == 0)
            return i;
    return -1;
}

void cp_blueprint_apportion(int total, int out[CP_DOMAINS])
{
    /* Work in hundredths so the remainders are exact integers. */
    int assigned = 0;
    int rem[CP_DOMAINS];
    for (int d = 0; d < CP_DOMAINS; d++) {
        int share = total * domains[d].weight_percent;
        out[d] = share / 100;
        rem[d] = share % 100;
        assigned += out[d];
    }
    while (assigned < total) {
        int best = 0;
        for (int d = 1; d < CP_DOMAINS; d++) {
            if (rem[d] > rem[best] ||
                (rem[d] == rem[best] &&
                 domains[d].weight_percent > domains[best].weight_percent))
                best = d;
        }
        out[best]++;
        rem[best] = -1;
        assigned++;
    }
}
